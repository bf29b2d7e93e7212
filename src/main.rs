//! The `hvadvisor` command: parses arguments and hands over to the library.

fn main() -> std::process::ExitCode {
    hvadvisor::cli::main()
}

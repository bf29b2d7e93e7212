//! `hvadvisor serve`: the questionnaire as a local web application (see [`crate::web`]).

use super::{CliError, KnowledgeArg, knowledge_or_fail};
use crate::diag::{Code, Diagnostic};
use crate::lang::Lang;
use crate::report::Templates;
use crate::report::i18n::Arg;
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on; the loopback address keeps the pages on this machine.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub knowledge: KnowledgeArg,
}

pub fn run(
    args: &ServeArgs,
    templates: &Templates,
    lang: Lang,
) -> Result<Vec<Diagnostic>, CliError> {
    let kb = knowledge_or_fail(&args.knowledge)?;
    let app = crate::web::App::new(kb, templates.clone()).map_err(CliError::Invalid)?;
    let listener = std::net::TcpListener::bind(args.addr)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| CliError::Invalid(vec![bind_error(args.addr, &e)]))?;
    let addr = listener.local_addr().unwrap_or(args.addr);
    let cats = templates.catalogues()?;
    let say = |key: &str| {
        cats.message(lang, key, &[("addr", Arg::Str(addr.to_string()))])
            .unwrap_or_else(|_| key.to_owned())
    };
    if !addr.ip().is_loopback() {
        eprintln!("{}", say("serve-public"));
    }
    eprintln!("{}", say("serve-listening"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Invalid(vec![bind_error(addr, &e)]))?;
    runtime
        .block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let stop = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            crate::web::server::serve(app, listener, stop).await
        })
        .map_err(|e| CliError::Invalid(vec![bind_error(addr, &e)]))?;
    Ok(Vec::new())
}

fn bind_error(addr: SocketAddr, e: &std::io::Error) -> Diagnostic {
    use std::io::ErrorKind as K;
    let kind = match e.kind() {
        K::AddrInUse => "in-use",
        K::PermissionDenied => "permission-denied",
        K::AddrNotAvailable => "not-available",
        _ => "other",
    };
    Diagnostic::new(Code::Serve, &addr.to_string(), 0, 0)
        .arg("kind", kind)
        .arg("detail", e.to_string())
}

//! Diagnostics: every problem found in the input, with where it is and what would fix it.
//!
//! Validation collects diagnostics instead of stopping at the first problem. Each kind has a
//! stable code (`E0xx` errors, `W0xx` warnings) documented in `templates/i18n/*.ftl`, where its
//! sentence lives in every language: Rust code only names the code and fills the arguments.

use serde::Serialize;

/// How bad a diagnostic is. Errors make a command fail (exit code 1); warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident => $id:literal, $key:literal, $sev:ident;)*) => {
        /// The kind of a diagnostic. Its id is stable across releases.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum Code { $($variant),* }
        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];
            /// Stable identifier, e.g. `E005`.
            pub fn id(self) -> &'static str { match self { $(Code::$variant => $id),* } }
            /// Message-catalogue key of its sentence.
            pub fn message_key(self) -> &'static str { match self { $(Code::$variant => $key),* } }
            pub fn severity(self) -> Severity { match self { $(Code::$variant => Severity::$sev),* } }
        }
    };
}

codes! {
    Io => "E001", "diag-io", Error;
    YamlSyntax => "E002", "diag-yaml-syntax", Error;
    DuplicateKey => "E003", "diag-duplicate-key", Error;
    ExpectedType => "E004", "diag-expected-type", Error;
    MissingKey => "E005", "diag-missing-key", Error;
    UnknownKey => "E006", "diag-unknown-key", Error;
    UnknownValue => "E007", "diag-unknown-value", Error;
    MissingLanguage => "E008", "diag-missing-language", Error;
    MissingSource => "E009", "diag-missing-source", Error;
    UnknownSource => "E010", "diag-unknown-source", Error;
    UnknownFeature => "E011", "diag-unknown-feature", Error;
    MissingFeature => "E012", "diag-missing-feature", Error;
    IdMismatch => "E013", "diag-id-mismatch", Error;
    DuplicateId => "E014", "diag-duplicate-id", Error;
    InvalidDate => "E015", "diag-invalid-date", Error;
    InvalidNumber => "E016", "diag-invalid-number", Error;
    AllZeroWeights => "E017", "diag-all-zero-weights", Error;
    UnknownProfile => "E018", "diag-unknown-profile", Error;
    UnknownCriterion => "E019", "diag-unknown-criterion", Error;
    ExtendsCycle => "E020", "diag-extends-cycle", Error;
    UnexpectedValue => "E021", "diag-unexpected-value", Error;
    MissingValue => "E022", "diag-missing-value", Error;
    NoHypervisors => "E023", "diag-no-hypervisors", Error;
    UnquotedComma => "E024", "diag-unquoted-comma", Error;
    UnknownHypervisor => "E025", "diag-unknown-hypervisor", Error;
    UnknownQuestion => "E026", "diag-unknown-question", Error;
    InvalidAnswer => "E027", "diag-invalid-answer", Error;
    AnswerOutOfRange => "E028", "diag-answer-out-of-range", Error;
    UnclosedMarker => "E029", "diag-unclosed-marker", Error;
    UnexpectedClose => "E030", "diag-unexpected-close", Error;
    UnknownSnippet => "E031", "diag-unknown-snippet", Error;
    UnknownOption => "E032", "diag-unknown-option", Error;
    MissingOption => "E033", "diag-missing-option", Error;
    BadOption => "E034", "diag-bad-option", Error;
    BadOptionValue => "E035", "diag-bad-option-value", Error;
    MalformedMarker => "E036", "diag-malformed-marker", Error;
    MissingJudgement => "E037", "diag-missing-judgement", Error;
    InvalidJudgement => "E038", "diag-invalid-judgement", Error;
    MdbookInput => "E039", "diag-mdbook-input", Error;
    PaidIsNotALevel => "E040", "diag-paid-not-a-level", Error;
    UnknownEdition => "E041", "diag-unknown-edition", Error;
    MissingRate => "E042", "diag-missing-rate", Error;
    BadPrice => "E043", "diag-bad-price", Error;
    MissingFleet => "E044", "diag-missing-fleet", Error;
    ContradictoryAnswers => "E045", "diag-contradictory-answers", Error;
    WriteFailed => "E046", "diag-write", Error;
    BinaryToTerminal => "E047", "diag-binary-to-terminal", Error;
    BenchUnknownFormat => "E048", "diag-bench-unknown-format", Error;
    BenchMalformed => "E049", "diag-bench-malformed", Error;
    BenchToolError => "E050", "diag-bench-tool-error", Error;
    BenchMeasurementsFile => "E051", "diag-bench-measurements", Error;
    UnclosedDirective => "E052", "diag-unclosed-directive", Error;
    DuplicateHypervisor => "E053", "diag-duplicate-hypervisor", Error;
    EmptyList => "E054", "diag-empty-list", Error;
    OutOfRange => "E055", "diag-out-of-range", Error;
    TemplateError => "E056", "diag-template", Error;
    BlockInput => "E057", "diag-block-input", Error;
    Serve => "E058", "diag-serve", Error;
    UnusedSource => "W001", "diag-unused-source", Warning;
    StaleFact => "W002", "diag-stale-fact", Warning;
    AnswerNotAsked => "W003", "diag-answer-not-asked", Warning;
    InconsistentJudgements => "W004", "diag-inconsistent-judgements", Warning;
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
    /// Arguments of the message, by name, in a fixed order.
    pub args: Vec<(&'static str, String)>,
    /// The closest valid spelling, when the input looks like a typo.
    pub suggestion: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, file: &str, line: u64, column: u64) -> Diagnostic {
        Diagnostic {
            code,
            file: file.to_owned(),
            line,
            column,
            args: Vec::new(),
            suggestion: None,
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Diagnostic {
        self.args.push((name, value.into()));
        self
    }

    /// A file that could not be read or written: the system's reason as a catalogue word
    /// (`kind`), so it can be translated, and its own text (`detail`) for anything else.
    pub fn io(code: Code, file: &str, error: &std::io::Error) -> Diagnostic {
        use std::io::ErrorKind as K;
        let kind = match error.kind() {
            K::NotFound => "not-found",
            K::PermissionDenied => "permission-denied",
            K::AlreadyExists => "already-exists",
            K::IsADirectory => "is-a-directory",
            K::NotADirectory => "not-a-directory",
            K::InvalidData => "invalid-data",
            K::StorageFull => "storage-full",
            K::ReadOnlyFilesystem => "read-only",
            K::DirectoryNotEmpty => "directory-not-empty",
            K::InvalidInput => "not-regular",
            K::FileTooLarge => "too-large",
            _ => match error.get_ref().and_then(|e| e.downcast_ref::<Refused>()) {
                Some(why) => why.kind(),
                None => "other",
            },
        };
        Diagnostic::new(code, file, 0, 0)
            .arg("kind", kind)
            .arg("detail", error.to_string())
    }

    pub fn suggest(mut self, suggestion: Option<String>) -> Diagnostic {
        self.suggestion = suggestion;
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// Sorts diagnostics by file, position and code, so their order never depends on the traversal.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
}

/// The closest candidate to `input`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    // A short name that is a whole part of a longer id ("esxi" for "vmware-esxi").
    let mut part: Option<&str> = None;
    let lower = input.to_lowercase();
    for candidate in candidates {
        let score = strsim::jaro_winkler(input, candidate);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
        if part.is_none()
            && lower.len() >= 3
            && candidate
                .split(['-', '.', '_'])
                .any(|p| p.eq_ignore_ascii_case(&lower))
        {
            part = Some(candidate);
        }
    }
    best.map(|(_, c)| c).or(part).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_spellings_only() {
        let ids = ["cluster.ha", "cluster.live-migration", "storage.zfs"];
        assert_eq!(
            did_you_mean("cluster.hha", ids).as_deref(),
            Some("cluster.ha")
        );
        assert_eq!(
            did_you_mean("storage.zsf", ids).as_deref(),
            Some("storage.zfs")
        );
        assert_eq!(did_you_mean("backup.tape", ids), None);
        let hvs = ["proxmox-ve", "vmware-esxi", "hyper-v"];
        assert_eq!(did_you_mean("esxi", hvs).as_deref(), Some("vmware-esxi"));
        assert_eq!(did_you_mean("vmware", hvs).as_deref(), Some("vmware-esxi"));
    }

    #[test]
    fn codes_are_unique() {
        let mut ids: Vec<_> = Code::ALL.iter().map(|c| c.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Code::ALL.len());
    }
}

/// Why a file is not rewritten although the file system would allow it.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The file has other names (hard links): a rename would leave them on the old content.
    #[error("the file has other hard links")]
    HardLinked,
    /// The owner made the file read-only.
    #[error("the file is read-only")]
    ReadOnly,
}

impl Refused {
    /// The message-catalogue key of this reason.
    pub fn kind(&self) -> &'static str {
        match self {
            Refused::HardLinked => "hard-linked",
            Refused::ReadOnly => "read-only-file",
        }
    }
}

//! `roam classify`: classify a ClassBench trace against a ClassBench rule
//! set (`../shared/bench/acl*.rules` / `.trace`) and print one JSON line,
//! [`roam::policy::classbench::Report::to_json`]:
//! `{"engine":…,"rules":…,"packets":…,"mismatches":…,"build_ms":…,"ns_per_packet":…,"memory_bytes":…}`.
//!
//! `mismatches` counts trace packets whose first matching rule differs from
//! the trace's expected column. Exit status: 0 no mismatch, 1 some
//! mismatch, 2 usage error or an unreadable or malformed file.

use std::path::PathBuf;

use roam::policy::classbench::{self, Engine};

use crate::decode::{EXIT_MALFORMED, EXIT_OK, EXIT_USAGE};

/// Arguments of `roam classify`.
#[derive(Debug, clap::Args)]
pub(crate) struct ClassifyArgs {
    /// ClassBench filter file: one rule per line, first match wins.
    #[arg(long, value_name = "FILE")]
    rules: PathBuf,
    /// ClassBench trace: `sa da sp dp proto expected` per line.
    #[arg(long, value_name = "FILE")]
    trace: PathBuf,
    /// The matcher: the compiled classifier, or the linear reference.
    #[arg(long, value_enum, default_value_t = EngineChoice::Compiled)]
    engine: EngineChoice,
}

/// The `--engine` choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EngineChoice {
    /// The compiled multi-field matcher.
    Compiled,
    /// The naive linear matcher (the reference).
    Linear,
}

impl From<EngineChoice> for Engine {
    fn from(e: EngineChoice) -> Engine {
        match e {
            EngineChoice::Compiled => Engine::Compiled,
            EngineChoice::Linear => Engine::Linear,
        }
    }
}

/// Runs the verb and returns the exit status.
pub(crate) fn run(args: &ClassifyArgs) -> u8 {
    let read =
        |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let texts = read(&args.rules).and_then(|r| read(&args.trace).map(|t| (r, t)));
    let (rules, trace) = match texts {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("roam: {msg}");
            return EXIT_USAGE;
        }
    };
    match classbench::run(&rules, &trace, args.engine.into()) {
        Ok(report) => {
            println!("{}", report.to_json());
            if report.mismatches > 0 {
                EXIT_MALFORMED
            } else {
                EXIT_OK
            }
        }
        Err(e) => {
            eprintln!("roam: {e}");
            EXIT_USAGE
        }
    }
}

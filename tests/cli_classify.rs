//! `roam classify` end to end on the shared ClassBench data
//! (`../shared/bench/acl100.rules` + `.trace`): one JSON line in the issue's
//! format, zero mismatches with both engines, exit status 1 when the trace
//! disagrees, 2 for unreadable or malformed files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BENCH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/");

/// `acl100.rules` and `acl100.trace`, or `None` (with the reason printed).
fn acl100() -> Option<(PathBuf, PathBuf)> {
    let rules = Path::new(BENCH).join("acl100.rules");
    let trace = Path::new(BENCH).join("acl100.trace");
    if rules.is_file() && trace.is_file() {
        Some((rules, trace))
    } else {
        println!(
            "SKIPPED: {} missing (the shared ClassBench data is not checked out)",
            rules.display()
        );
        None
    }
}

fn classify(rules: &Path, trace: &Path, extra: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_roam"))
        .arg("classify")
        .arg("--rules")
        .arg(rules)
        .arg("--trace")
        .arg(trace)
        .args(extra)
        .output()
        .expect("run roam");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

fn report(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON line: {text}");
    serde_json::from_str(lines[0]).expect("JSON")
}

#[test]
fn acl100_has_no_mismatch_with_either_engine() {
    let Some((rules, trace)) = acl100() else {
        return;
    };
    for (engine, args) in [
        ("compiled", &[][..]),
        ("compiled", &["--engine", "compiled"][..]),
        ("linear", &["--engine", "linear"][..]),
    ] {
        let out = classify(&rules, &trace, args);
        assert_eq!(out.status.code(), Some(0), "{engine}");
        let r = report(&out);
        let keys: Vec<&str> = r
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        for k in [
            "engine",
            "rules",
            "packets",
            "mismatches",
            "build_ms",
            "ns_per_packet",
        ] {
            assert!(keys.contains(&k), "{engine}: no {k} in {r}");
        }
        assert_eq!(r["engine"], engine);
        assert_eq!(r["rules"], 100);
        assert_eq!(r["packets"], 100_000);
        assert_eq!(r["mismatches"], 0);
        assert!(r["build_ms"].as_f64().is_some_and(|x| x >= 0.0));
        assert!(r["ns_per_packet"].as_f64().is_some_and(|x| x > 0.0));
    }
}

#[test]
fn a_disagreeing_trace_exits_1_with_the_count() {
    let Some((rules, trace)) = acl100() else {
        return;
    };
    let text = std::fs::read_to_string(&trace).expect("trace");
    // Change the expected rule of the first three packets.
    let mut changed = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if changed == 3 {
                return l.to_owned();
            }
            let (head, expected) = l.rsplit_once('\t').expect("tab-separated");
            let n: u32 = expected.trim().parse().expect("expected column");
            changed += 1;
            format!("{head}\t{}", if n == 1 { 2 } else { 1 })
        })
        .collect();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_classify");
    std::fs::create_dir_all(&dir).expect("dir");
    let bad = dir.join("acl100_wrong.trace");
    std::fs::write(&bad, lines.join("\n") + "\n").expect("write");
    for engine in ["compiled", "linear"] {
        let out = classify(&rules, &bad, &["--engine", engine]);
        assert_eq!(out.status.code(), Some(1), "{engine}");
        assert_eq!(report(&out)["mismatches"], 3, "{engine}");
    }
}

#[test]
fn unreadable_or_malformed_files_exit_2() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_classify");
    std::fs::create_dir_all(&dir).expect("dir");
    let rules = dir.join("bad.rules");
    std::fs::write(&rules, "@not a rule\n").expect("write");
    let trace = dir.join("empty.trace");
    std::fs::write(&trace, "").expect("write");
    let out = classify(&rules, &trace, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(!out.stderr.is_empty());
    let out = classify(&dir.join("missing.rules"), &trace, &[]);
    assert_eq!(out.status.code(), Some(2));
    let out = classify(&rules, &trace, &["--engine", "quantum"]);
    assert_eq!(out.status.code(), Some(2));
}

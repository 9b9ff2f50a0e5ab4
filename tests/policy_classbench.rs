//! The compiled matcher against the shared ClassBench traces (the `expected`
//! column is ground truth) and against the linear reference.

use roam::policy::classbench::{self, Engine};
use roam::policy::compiled::CompiledMatcher;
use roam::policy::linear::LinearMatcher;

const BENCH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/");

fn read(name: &str) -> Option<String> {
    match std::fs::read_to_string(format!("{BENCH}{name}")) {
        Ok(s) => Some(s),
        Err(e) => {
            println!("skipping: cannot read {BENCH}{name}: {e}");
            None
        }
    }
}

fn check_shared(size: usize) {
    let (Some(rules), Some(trace)) = (
        read(&format!("acl{size}.rules")),
        read(&format!("acl{size}.trace")),
    ) else {
        return;
    };
    let report = classbench::run(&rules, &trace, Engine::Compiled).unwrap();
    println!("{}", report.to_json());
    assert_eq!(report.rules, size);
    assert_eq!(report.packets, 100_000);
    assert_eq!(report.mismatches, 0, "compiled acl{size}");
}

#[test]
fn shared_acl100_zero_mismatches() {
    check_shared(100);
}

#[test]
fn shared_acl1000_zero_mismatches() {
    check_shared(1000);
}

#[test]
fn shared_acl10000_zero_mismatches() {
    check_shared(10000);
}

#[test]
fn shared_acl1000_linear_agrees() {
    let (Some(rules), Some(trace)) = (read("acl1000.rules"), read("acl1000.trace")) else {
        return;
    };
    // The reference must itself reproduce the ground truth (on a sample, for time).
    let rules = classbench::parse_rules(&rules).unwrap();
    let trace = classbench::parse_trace(&trace).unwrap();
    let lin = LinearMatcher::new(&rules).unwrap();
    let sample: Vec<_> = trace.iter().step_by(10).copied().collect();
    assert_eq!(classbench::mismatches(&sample, |k| lin.classify(k)), 0);
    let comp = CompiledMatcher::new(&rules).unwrap();
    let s = comp.stats();
    println!("acl1000 stats: {s:?}");
    assert_eq!(s.rules, 1000);
}

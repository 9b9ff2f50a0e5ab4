//! Builder parameter sweep for the compiled matcher (not a test: run with
//! `cargo test --release --test policy_tuning -- --ignored --nocapture`).
//! Times are on-CPU nanoseconds of this thread (`/proc/thread-self/schedstat`),
//! which a busy shared machine disturbs less than wall time.

use roam::policy::classbench;
use roam::policy::compiled::{BuildConfig, CompiledMatcher};

fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

#[test]
#[ignore = "parameter sweep; run by hand in release mode"]
fn sweep() {
    let Some(_) = cpu_ns() else {
        println!("skipping: no /proc/thread-self/schedstat");
        return;
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/");
    for size in [100, 1000, 10000] {
        let (Ok(r), Ok(t)) = (
            std::fs::read_to_string(format!("{dir}acl{size}.rules")),
            std::fs::read_to_string(format!("{dir}acl{size}.trace")),
        ) else {
            println!("skipping acl{size}: files missing");
            continue;
        };
        let rules = classbench::parse_rules(&r).unwrap();
        let trace = classbench::parse_trace(&t).unwrap();
        let keys: Vec<_> = trace.iter().map(|p| p.key).collect();
        for leaf_size in [8usize, 16] {
            for spfac in [2usize] {
                for (separate, single) in [(true, 0usize), (true, 4), (false, 0)] {
                    let cfg = BuildConfig {
                        leaf_size,
                        spfac,
                        separate,
                        single_tree_budget: single,
                        ..BuildConfig::default()
                    };
                    let t0 = cpu_ns().unwrap();
                    let m = CompiledMatcher::with_config(&rules, cfg).unwrap();
                    let build = cpu_ns().unwrap() - t0;
                    let reps = 5;
                    let t1 = cpu_ns().unwrap();
                    let mut acc = 0u64;
                    for _ in 0..reps {
                        for k in &keys {
                            acc +=
                                u64::from(m.classify(std::hint::black_box(k)).map_or(0, |r| r.0));
                        }
                    }
                    let ns = (cpu_ns().unwrap() - t1) as f64 / (reps * keys.len()) as f64;
                    std::hint::black_box(acc);
                    let s = m.stats();
                    println!(
                        "acl{size} leaf={leaf_size:2} spfac={spfac} sep={separate:5} single={single}: {ns:6.1} ns/pkt build {:7.1} ms mem {:8} B entries {}",
                        build as f64 / 1e6,
                        s.memory_bytes,
                        s.entries
                    );
                }
            }
        }
    }
}

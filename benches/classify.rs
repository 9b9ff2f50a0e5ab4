//! Classification benchmarks (ids `classify/<case>`): the ClassBench rule
//! sets of `../shared/bench/` (the same bytes DPDK's `rte_acl` was measured
//! on), per-MN exact profiles, the seed 000 §3.5 search paths and updates.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use roam::policy::classbench::{self, TracePacket};
use roam::policy::compiled::CompiledMatcher;
use roam::policy::linear::LinearMatcher;
use roam::policy::{Rule, RuleId};

const BENCH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/");

fn load(size: usize) -> Option<(Vec<Rule>, Vec<TracePacket>)> {
    let rules = std::fs::read_to_string(format!("{BENCH}acl{size}.rules")).ok()?;
    let trace = std::fs::read_to_string(format!("{BENCH}acl{size}.trace")).ok()?;
    Some((
        classbench::parse_rules(&rules).ok()?,
        classbench::parse_trace(&trace).ok()?,
    ))
}

fn acl(c: &mut Criterion) {
    let mut g = c.benchmark_group("classify");
    for size in [100usize, 1000, 10000] {
        let Some((rules, trace)) = load(size) else {
            eprintln!("skipping classify/acl{size}: shared bench files missing");
            continue;
        };
        let m = CompiledMatcher::new(&rules).expect("rules");
        eprintln!("acl{size}: {:?}", m.stats());
        g.throughput(Throughput::Elements(trace.len() as u64));
        g.bench_function(format!("acl{size}"), |b| {
            b.iter(|| {
                let mut acc = 0u32;
                for p in &trace {
                    acc = acc.wrapping_add(m.classify(black_box(&p.key)).map_or(0, |r| r.0));
                }
                acc
            })
        });
    }
    g.finish();
}

fn linear(c: &mut Criterion) {
    let mut g = c.benchmark_group("classify_linear");
    let Some((rules, trace)) = load(1000) else {
        return;
    };
    let m = LinearMatcher::new(&rules).expect("rules");
    g.throughput(Throughput::Elements(trace.len() as u64));
    g.sample_size(10);
    g.bench_function("acl1000", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for p in &trace {
                acc = acc.wrapping_add(m.classify(black_box(&p.key)).map_or(0, |r| r.0));
            }
            acc
        })
    });
    g.finish();
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("classify/build");
    g.sample_size(10);
    for size in [1000usize, 10000] {
        let Some((rules, _)) = load(size) else {
            continue;
        };
        g.throughput(Throughput::Elements(rules.len() as u64));
        g.bench_function(format!("acl{size}"), |b| {
            b.iter(|| CompiledMatcher::new(black_box(&rules)).expect("rules"))
        });
    }
    g.finish();
}

fn update(c: &mut Criterion) {
    let mut g = c.benchmark_group("classify/update");
    let Some((rules, _)) = load(10000) else {
        return;
    };
    // One update = remove a rule and re-insert it (a profile replace),
    // amortising the overlay's periodic rebuilds.
    let m = CompiledMatcher::new(&rules).expect("rules");
    g.throughput(Throughput::Elements(1));
    g.bench_function("acl10000", |b| {
        let mut m = m.clone();
        let mut i = 0usize;
        b.iter(|| {
            let r = rules[i % rules.len()];
            i = i.wrapping_add(7919);
            m.remove(r.id);
            m.insert(r).expect("insert");
        })
    });
    let _ = (BatchSize::SmallInput, RuleId(0));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = acl, linear, build, update
}
criterion_main!(benches);

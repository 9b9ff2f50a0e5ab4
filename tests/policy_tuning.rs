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

#[test]
#[ignore = "measurement; run by hand in release mode"]
fn profiles_and_updates() {
    use roam::policy::profile::{Profile, ProfileId};
    use roam::policy::search::{
        CacheId, ControlTables, Packet, PacketKey, ProfileSearch, SearchPolicy, TableHit,
    };
    use std::net::Ipv4Addr;
    struct T;
    impl ControlTables for T {
        fn lookup(
            &self,
            _: roam::policy::profile::ControlTable,
            _: Option<u32>,
            _: &PacketKey,
        ) -> Option<TableHit> {
            Some(TableHit::CareOf(Ipv4Addr::new(192, 168, 1, 1)))
        }
    }
    let Some(_) = cpu_ns() else {
        println!("skipping: no /proc/thread-self/schedstat");
        return;
    };
    let mn = |i: u32| Ipv4Addr::from_bits(0x0A00_0000 | (i.wrapping_mul(2_654_435_761) >> 8));
    const N: u32 = 1_000_000;
    let t0 = cpu_ns().unwrap();
    let mut s = ProfileSearch::new(SearchPolicy::default());
    s.reserve_exact(CacheId::AspcDst, N as usize);
    for i in 0..N {
        let mut p: Profile = "class=dst tos=0xb8 ctl=mobility_binding".parse().unwrap();
        p.id = ProfileId {
            session_id: String::new(),
            number: i,
        };
        p.target.dst = Some(roam::policy::AddrMatch::exact(mn(i)));
        s.install(CacheId::AspcDst, p).unwrap();
    }
    println!(
        "install 1e6 profiles: {:.0} ms",
        (cpu_ns().unwrap() - t0) as f64 / 1e6
    );
    let pkts: Vec<Packet> = (0..65536u32)
        .map(|i| {
            Packet::new(
                Ipv4Addr::new(203, 0, 113, 9),
                mn(i.wrapping_mul(7919) % N),
                6,
            )
        })
        .collect();
    let keys: Vec<PacketKey> = pkts.iter().map(|p| p.key).collect();
    let reps = 20;
    let t1 = cpu_ns().unwrap();
    let mut acc = 0usize;
    for _ in 0..reps {
        for k in &keys {
            acc += s
                .first_match(CacheId::AspcDst, std::hint::black_box(k))
                .is_some() as usize;
        }
    }
    let per = (cpu_ns().unwrap() - t1) as f64 / (reps * keys.len()) as f64;
    println!("exact lookup 1e6: {per:.1} ns (hits {acc})");
    let mut out = vec![None; keys.len()];
    let t1 = cpu_ns().unwrap();
    for _ in 0..reps {
        s.first_match_batch(CacheId::AspcDst, std::hint::black_box(&keys), &mut out);
    }
    let per = (cpu_ns().unwrap() - t1) as f64 / (reps * keys.len()) as f64;
    println!("exact lookup 1e6 batched: {per:.1} ns");
    let t1 = cpu_ns().unwrap();
    let mut acc = 0u32;
    for _ in 0..reps {
        for p in &pkts {
            acc = acc.wrapping_add(
                s.classify(std::hint::black_box(p), &T)
                    .profile
                    .map_or(0, |h| h.0),
            );
        }
    }
    let per = (cpu_ns().unwrap() - t1) as f64 / (reps * pkts.len()) as f64;
    println!("full search 1e6: {per:.1} ns ({acc})");
    drop(s);

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/");
    let Ok(r) = std::fs::read_to_string(format!("{dir}acl10000.rules")) else {
        return;
    };
    let rules = classbench::parse_rules(&r).unwrap();
    let mut m = CompiledMatcher::new(&rules).unwrap();
    let n = 20_000;
    let t1 = cpu_ns().unwrap();
    for j in 0..n {
        let r = rules[(j * 7919) % rules.len()];
        m.remove(r.id);
        m.insert(r).unwrap();
    }
    let per = (cpu_ns().unwrap() - t1) as f64 / n as f64;
    println!(
        "update acl10000 (remove+insert): {:.1} us, stats {:?}",
        per / 1e3,
        m.stats()
    );
}

#[test]
#[ignore = "profiling loop; run by hand in release mode under perf"]
fn search_only() {
    use roam::policy::profile::{ControlTable, Profile, ProfileId};
    use roam::policy::search::{
        CacheId, ControlTables, Packet, PacketKey, ProfileSearch, SearchPolicy, TableHit,
    };
    use std::net::Ipv4Addr;
    struct T;
    impl ControlTables for T {
        fn lookup(&self, _: ControlTable, _: Option<u32>, _: &PacketKey) -> Option<TableHit> {
            Some(TableHit::CareOf(Ipv4Addr::new(192, 168, 1, 1)))
        }
    }
    let mn = |i: u32| Ipv4Addr::from_bits(0x0A00_0000 | (i.wrapping_mul(2_654_435_761) >> 8));
    const N: u32 = 1_000_000;
    let mut s = ProfileSearch::new(SearchPolicy::default());
    s.reserve_exact(CacheId::AspcDst, N as usize);
    let base: Profile = "class=dst tos=0xb8 ctl=mobility_binding".parse().unwrap();
    for i in 0..N {
        let mut p = base.clone();
        p.id = ProfileId {
            session_id: String::new(),
            number: i,
        };
        p.target.dst = Some(roam::policy::AddrMatch::exact(mn(i)));
        s.install(CacheId::AspcDst, p).unwrap();
    }
    let pkts: Vec<Packet> = (0..65536u32)
        .map(|i| {
            Packet::new(
                Ipv4Addr::new(203, 0, 113, 9),
                mn(i.wrapping_mul(7919) % N),
                6,
            )
        })
        .collect();
    let reps = 100;
    let t1 = cpu_ns().unwrap_or(0);
    let mut acc = 0u32;
    for _ in 0..reps {
        for p in &pkts {
            acc = acc.wrapping_add(
                s.classify(std::hint::black_box(p), &T)
                    .profile
                    .map_or(0, |h| h.0),
            );
        }
    }
    let per = (cpu_ns().unwrap_or(0) - t1) as f64 / (reps * pkts.len()) as f64;
    println!("full search 1e6: {per:.1} ns ({acc})");
}

//! Classification benchmarks (ids `classify/<case>`): the ClassBench rule
//! sets of `../shared/bench/` (the same bytes DPDK's `rte_acl` was measured
//! on), per-MN exact profiles, the seed 000 §3.5 search paths and updates.

use std::hint::black_box;
use std::time::Duration;

use std::net::Ipv4Addr;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use roam::policy::classbench::{self, TracePacket};
use roam::policy::compiled::CompiledMatcher;
use roam::policy::linear::LinearMatcher;
use roam::policy::profile::{ControlTable, Profile, ProfileId};
use roam::policy::search::{
    CacheId, ControlTables, Packet, PacketKey, ProfileSearch, SearchPolicy, TableHit,
};
use roam::policy::Rule;

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
    g.finish();
}

/// Every table answers (the search cost is what is measured).
struct Tables;

impl ControlTables for Tables {
    fn lookup(&self, table: ControlTable, _: Option<u32>, p: &PacketKey) -> Option<TableHit> {
        match table {
            ControlTable::ROUTING_TABLE => Some(TableHit::NextHop(Ipv4Addr::new(192, 0, 2, 1))),
            ControlTable::VISITOR_LIST | ControlTable::ANYCAST_TABLE => {
                Some(TableHit::Link(u64::from(p.dst)))
            }
            _ => Some(TableHit::CareOf(Ipv4Addr::new(192, 168, 1, 1))),
        }
    }
}

fn mn(i: u32) -> Ipv4Addr {
    Ipv4Addr::from_bits(0x0A00_0000 | (i.wrapping_mul(2_654_435_761) >> 8))
}

fn profiles(c: &mut Criterion) {
    let mut g = c.benchmark_group("classify/profiles");
    // 10^6 per-MN destination profiles (HA: MN-HAdest → mobility binding).
    const N: u32 = 1_000_000;
    let mut s = ProfileSearch::new(SearchPolicy::default());
    s.reserve_exact(CacheId::AspcDst, N as usize);
    // (installs below: `ProfileId` keys live in a BTreeMap)
    for i in 0..N {
        let mut p: Profile = "class=dst tos=0xb8 ctl=mobility_binding"
            .parse()
            .expect("text");
        p.id = ProfileId {
            session_id: String::new(),
            number: i,
        };
        p.target.dst = Some(roam::policy::AddrMatch::exact(mn(i)));
        s.install(CacheId::AspcDst, p).expect("install");
    }
    s.install(CacheId::Ndsp, "ctl=routing_table".parse().expect("text"))
        .expect("install");
    let cn = Ipv4Addr::new(203, 0, 113, 9);
    let pkts: Vec<Packet> = (0..4096u32)
        .map(|i| Packet::new(cn, mn(i.wrapping_mul(7919) % N), 6).with_ports(80, 40000))
        .collect();
    g.throughput(Throughput::Elements(pkts.len() as u64));
    let keys: Vec<PacketKey> = pkts.iter().map(|p| p.key).collect();
    g.bench_function("exact_1m", |b| {
        let mut out = vec![None; keys.len()];
        b.iter(|| {
            s.first_match_batch(CacheId::AspcDst, black_box(&keys), &mut out);
            out.iter().flatten().count()
        })
    });
    g.bench_function("exact_1m_search", |b| {
        let refs: Vec<&Packet> = pkts.iter().collect();
        let mut out = vec![s.classify(&pkts[0], &Tables); refs.len()];
        b.iter(|| {
            s.classify_batch(black_box(&refs), &Tables, &mut out);
            out.iter().filter(|v| v.profile.is_some()).count()
        })
    });
    g.bench_function("exact_1m_search_unbatched", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for p in &pkts {
                let v = s.classify(black_box(p), &Tables);
                acc = acc.wrapping_add(v.profile.map_or(0, |h| h.0));
            }
            acc
        })
    });
    g.bench_function("exact_1m_unbatched", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for k in &keys {
                acc = acc.wrapping_add(
                    s.first_match(CacheId::AspcDst, black_box(k))
                        .map_or(0, |h| h.0),
                );
            }
            acc
        })
    });
    // Seed 004 replace: re-install a profile with a higher version.
    g.throughput(Throughput::Elements(1));
    let mut replace: Profile = "class=dst tos=0x28 ctl=mobility_binding"
        .parse()
        .expect("text");
    let mut i = 0u32;
    g.bench_function("replace_1m", |b| {
        b.iter(|| {
            i = i.wrapping_add(7919) % N;
            replace.id.number = i;
            replace.version = replace.version.wrapping_add(1);
            replace.target.dst = Some(roam::policy::AddrMatch::exact(mn(i)));
            s.install(CacheId::AspcDst, replace.clone())
                .expect("install")
        })
    });
    drop(s);

    // The §3.5 paths at an FA (traces 1, 3, 4-style fall-through, 7, 9).
    let (fa, ha_addr, mn_addr) = (
        Ipv4Addr::new(192, 168, 1, 1),
        Ipv4Addr::new(10, 0, 0, 1),
        Ipv4Addr::new(10, 0, 0, 5),
    );
    let h2 = Ipv4Addr::new(10, 0, 1, 2);
    let a1 = Ipv4Addr::new(10, 9, 9, 1);
    let mut s = ProfileSearch::new(SearchPolicy::default());
    for (cache, text) in [
        (CacheId::Ndsp, "ctl=routing_table".to_string()),
        (
            CacheId::NspcDst,
            format!("class=dst dst={fa} decap ctl=service_profile_cache"),
        ),
        (
            CacheId::AspcDst,
            format!("class=dst dst={mn_addr} tos=0xb8 ctl=visitor_list"),
        ),
        (
            CacheId::AspcSrc,
            format!("src={mn_addr} tos=0xb8 ctl=routing_table"),
        ),
        (
            CacheId::AspcDst,
            format!("class=dst dst={h2} decap ctl=anycast_table"),
        ),
        (
            CacheId::NspcSrc,
            "src=172.27.180.* tos=0x28 ctl=routing_table".to_string(),
        ),
    ] {
        let mut p: Profile = text.parse().expect("text");
        p.id.session_id = text.clone();
        s.install(cache, p).expect("install");
    }
    let pkts = [
        Packet::new(mn_addr, cn, 6).with_ports(40000, 80),
        Packet::encapsulated(
            Packet::new(cn, mn_addr, 6).with_ports(80, 40000),
            ha_addr,
            fa,
        ),
        Packet::new(cn, Ipv4Addr::new(198, 51, 100, 1), 17).with_ports(1, 53),
        Packet::new(Ipv4Addr::new(172, 27, 180, 17), cn, 6).with_ports(1, 2),
        Packet::encapsulated(
            Packet::encapsulated(
                Packet::new(cn, a1, 6).with_ports(80, 1),
                Ipv4Addr::new(10, 0, 0, 100),
                h2,
            ),
            ha_addr,
            fa,
        ),
    ];
    g.throughput(Throughput::Elements(pkts.len() as u64));
    g.bench_function("traces", |b| {
        b.iter(|| {
            let mut acc = 0u32;
            for p in &pkts {
                let v = s.classify(black_box(p), &Tables);
                acc = acc.wrapping_add(v.trace.len() as u32);
            }
            acc
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    targets = acl, linear, build, update, profiles
}
criterion_main!(benches);

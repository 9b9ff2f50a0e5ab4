//! The compiled matcher gives the linear reference's verdict on random rule
//! sets, random packets and random insert/remove sequences, and on rule sets
//! generated with other seeds.

use proptest::prelude::*;
use roam::policy::classbench;
use roam::policy::compiled::{BuildConfig, CompiledMatcher};
use roam::policy::linear::LinearMatcher;
use roam::policy::{AddrMatch, Filter, FiveTuple, PortRange, ProtoMatch, Rule, RuleId};

/// Few base addresses so that prefixes nest and overlap.
const POOL: [u32; 6] = [
    0x0A00_0000,
    0x0A01_0203,
    0xAC1B_B411,
    0xAC1B_B900,
    0xC000_0207,
    0xFFFF_FFFF,
];

fn addr() -> impl Strategy<Value = AddrMatch> {
    prop_oneof![
        4 => (0usize..POOL.len(), 0u8..=32).prop_map(|(i, l)| AddrMatch::prefix(POOL[i].into(), l)),
        1 => (any::<u32>(), any::<u32>()).prop_map(|(a, m)| AddrMatch::new(a, m)),
        1 => Just(AddrMatch::ANY),
    ]
}

fn ports() -> impl Strategy<Value = PortRange> {
    prop_oneof![
        3 => Just(PortRange::ANY),
        2 => prop::sample::select(vec![0u16, 53, 80, 443, 1023, 1024, 65535]).prop_map(PortRange::exact),
        2 => (any::<u16>(), any::<u16>()).prop_map(|(a, b)| PortRange::new(a.min(b), a.max(b)).unwrap()),
        1 => Just(PortRange::new(1024, 65535).unwrap()),
    ]
}

fn proto() -> impl Strategy<Value = ProtoMatch> {
    prop_oneof![
        2 => Just(ProtoMatch::ANY),
        2 => Just(ProtoMatch::TCP),
        1 => Just(ProtoMatch::UDP),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(v, m)| ProtoMatch::new(v, m)),
    ]
}

fn filter() -> impl Strategy<Value = Filter> {
    (addr(), addr(), ports(), ports(), proto()).prop_map(|(src, dst, sport, dport, proto)| Filter {
        src,
        dst,
        sport,
        dport,
        proto,
    })
}

fn rules(max: usize) -> impl Strategy<Value = Vec<Rule>> {
    prop::collection::vec(filter(), 0..max).prop_map(|fs| {
        fs.into_iter()
            .enumerate()
            .map(|(i, filter)| Rule {
                id: RuleId(i as u32 * 3 + 1),
                filter,
            })
            .collect()
    })
}

/// A packet inside a filter (its hull, then the masks' free bits random).
fn inside(f: &Filter, r: u64) -> FiveTuple {
    let pick = |lo: u16, hi: u16, x: u64| lo + (x % (u64::from(hi - lo) + 1)) as u16;
    FiveTuple {
        src: f.src.addr() | (r as u32 & !f.src.mask()),
        dst: f.dst.addr() | ((r >> 16) as u32 & !f.dst.mask()),
        sport: pick(f.sport.lo(), f.sport.hi(), r >> 7),
        dport: pick(f.dport.lo(), f.dport.hi(), r >> 23),
        proto: f.proto.value() | ((r >> 40) as u8 & !f.proto.mask()),
    }
}

fn packets(rules: &[Rule], seeds: &[(u64, u64)]) -> Vec<FiveTuple> {
    seeds
        .iter()
        .map(|&(a, b)| {
            if !rules.is_empty() && a % 3 != 0 {
                inside(&rules[(a as usize / 3) % rules.len()].filter, b)
            } else {
                FiveTuple {
                    src: POOL[(a % 6) as usize] ^ (b as u32 & 0xFF),
                    dst: POOL[((a >> 8) % 6) as usize] ^ ((b >> 32) as u32 & 0xFFF),
                    sport: (b >> 8) as u16,
                    dport: [53, 80, 443, 1024, (b >> 24) as u16][(a >> 16) as usize % 5],
                    proto: [6, 17, 1, (b >> 48) as u8][(a >> 20) as usize % 4],
                }
            }
        })
        .collect()
}

/// Small leaves and cuts, so that even small sets build deep trees.
fn tight() -> BuildConfig {
    BuildConfig {
        leaf_size: 2,
        spfac: 2,
        max_cut_bits: 3,
        overlay_max: 4,
        ..BuildConfig::default()
    }
}

#[derive(Debug, Clone)]
enum Op {
    Insert(Filter, u32),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (filter(), 0u32..2000).prop_map(|(f, id)| Op::Insert(f, id)),
        any::<usize>().prop_map(Op::Remove),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compiled_equals_linear(rules in rules(120), seeds in prop::collection::vec(any::<(u64, u64)>(), 1..200)) {
        let lin = LinearMatcher::new(&rules).unwrap();
        let pk = packets(&rules, &seeds);
        for cfg in [
            BuildConfig::default(),
            tight(),
            BuildConfig { single_tree_budget: 0, ..tight() },
            BuildConfig { separate: false, single_tree_budget: 0, ..tight() },
        ] {
            let comp = CompiledMatcher::with_config(&rules, cfg).unwrap();
            for k in &pk {
                prop_assert_eq!(comp.classify(k), lin.classify(k), "{:?} {:?}", k, cfg);
            }
        }
    }

    #[test]
    fn updates_keep_equivalence(rules in rules(60), ops in prop::collection::vec(op(), 0..80), seeds in prop::collection::vec(any::<(u64, u64)>(), 1..60)) {
        let mut lin = LinearMatcher::new(&rules).unwrap();
        let mut comp = CompiledMatcher::with_config(&rules, tight()).unwrap();
        for op in ops {
            match op {
                Op::Insert(filter, id) => {
                    let r = Rule { id: RuleId(id), filter };
                    prop_assert_eq!(comp.insert(r).is_ok(), lin.insert(r).is_ok());
                }
                Op::Remove(i) => {
                    let id = lin.rules().get(i % (lin.rules().len() + 1)).map_or(RuleId(5000), |r| r.id);
                    prop_assert_eq!(comp.remove(id), lin.remove(id));
                }
            }
            prop_assert_eq!(comp.len(), lin.rules().len());
            for k in &packets(lin.rules(), &seeds) {
                prop_assert_eq!(comp.classify(k), lin.classify(k));
            }
        }
    }
}

#[test]
fn duplicate_ids_are_refused() {
    let r = Rule {
        id: RuleId(7),
        filter: Filter::ANY,
    };
    assert!(CompiledMatcher::new(&[r, r]).is_err());
    assert!(LinearMatcher::new(&[r, r]).is_err());
    let mut m = CompiledMatcher::new(&[r]).unwrap();
    assert!(m.insert(r).is_err());
    assert!(m.remove(RuleId(7)));
    assert!(!m.remove(RuleId(7)));
    assert_eq!(m.classify(&FiveTuple::default()), None);
    m.insert(r).unwrap();
    assert_eq!(m.classify(&FiveTuple::default()), Some(RuleId(7)));
}

#[test]
fn extreme_rule_id_is_reported() {
    let r = Rule {
        id: RuleId(u32::MAX),
        filter: Filter::ANY,
    };
    let m = CompiledMatcher::new(&[r]).unwrap();
    assert_eq!(m.classify(&FiveTuple::default()), Some(RuleId(u32::MAX)));
}

/// A deterministic ClassBench-like generator (xorshift), independent of the
/// Python one: nested prefixes from a few sites, ACL-style port mixtures.
fn generated(seed: u64, n: usize) -> Vec<Rule> {
    let mut s = seed.max(1);
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let sites: Vec<u32> = (0..(4.0 * (n as f64).sqrt()) as usize + 8)
        .map(|_| (next() as u32) & 0xFFFF_0000)
        .collect();
    let lens = [0u8, 8, 16, 20, 24, 24, 28, 32, 32, 32];
    (0..n)
        .map(|i| {
            let mut a = || {
                let site = sites[next() as usize % sites.len()];
                let len = lens[next() as usize % lens.len()];
                AddrMatch::prefix((site | (next() as u32 & 0xFFFF)).into(), len)
            };
            let (src, dst) = (a(), a());
            let dport = match next() % 5 {
                0 => PortRange::ANY,
                1 => PortRange::new(1024, 65535).unwrap(),
                2 => PortRange::new(0, 1023).unwrap(),
                3 => PortRange::exact([80, 443, 53, 22][next() as usize % 4]),
                _ => {
                    let lo = next() as u16;
                    PortRange::new(lo, lo.saturating_add(next() as u16 % 500)).unwrap()
                }
            };
            let sport = if next() % 4 == 0 {
                PortRange::new(1024, 65535).unwrap()
            } else {
                PortRange::ANY
            };
            let proto = [
                ProtoMatch::TCP,
                ProtoMatch::TCP,
                ProtoMatch::UDP,
                ProtoMatch::ANY,
            ][next() as usize % 4];
            Rule {
                id: RuleId(i as u32 + 1),
                filter: Filter {
                    src,
                    dst,
                    sport,
                    dport,
                    proto,
                },
            }
        })
        .collect()
}

#[test]
fn generated_sets_other_seeds() {
    for (seed, n) in [(2u64, 300usize), (3, 2000), (4, 5000)] {
        let rules = generated(seed, n);
        let lin = LinearMatcher::new(&rules).unwrap();
        let comp = CompiledMatcher::new(&rules).unwrap();
        let seeds: Vec<(u64, u64)> = (0..3000u64)
            .map(|i| {
                (
                    i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ seed,
                    i.wrapping_mul(0xD1B5_4A32_D192_ED03),
                )
            })
            .collect();
        let mut mism = 0;
        for k in packets(&rules, &seeds) {
            mism += usize::from(comp.classify(&k) != lin.classify(&k));
        }
        assert_eq!(mism, 0, "seed {seed}, {n} rules");
    }
}

/// Runs the shared Python generator with other seeds when python3 is there.
#[test]
fn python_generator_other_seeds() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/gen_rules.py");
    if !std::path::Path::new(script).exists() {
        println!("skipping: {script} not found");
        return;
    }
    let dir = std::env::temp_dir().join(format!("roam-policy-gen-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let out = std::process::Command::new("python3")
        .arg(script)
        .args([
            "--seed",
            "7",
            "--sizes",
            "500",
            "3000",
            "--packets",
            "5000",
            "--verify",
            "none",
            "--out-dir",
        ])
        .arg(&dir)
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            println!(
                "skipping: gen_rules.py failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            return;
        }
        Err(e) => {
            println!("skipping: cannot run python3: {e}");
            return;
        }
    }
    for size in [500, 3000] {
        let rules = std::fs::read_to_string(dir.join(format!("acl{size}.rules"))).unwrap();
        let trace = std::fs::read_to_string(dir.join(format!("acl{size}.trace"))).unwrap();
        let report = classbench::run(&rules, &trace, classbench::Engine::Compiled).unwrap();
        println!("seed 7: {}", report.to_json());
        assert_eq!(report.packets, 5000);
        assert_eq!(report.mismatches, 0, "seed 7 acl{size}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

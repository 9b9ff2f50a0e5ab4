//! The profile search: the ten worked traces of seed 000 §3.5, with the
//! spec's profile names, and the table-miss, depth and replace rules.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use proptest::prelude::*;
use roam::policy::profile::{ControlTable, Direction, Profile, ProfileId};
use roam::policy::search::{
    Action, CacheId, ControlTables, DropReason, HopOutcome, InstallError, MissPolicy, Packet,
    PacketKey, ProfileSearch, SearchPolicy, TableHit, Verdict, MAX_SEARCH_DEPTH, MAX_TRACE_HOPS,
};
use roam::policy::AddrMatch;

const MN: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 5); // MN home address
const HA: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
const FA: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 1); // FA address = CoA
const CN: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 9);
const AP: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 100);
const ROUTER: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 254);
const A1: Ipv4Addr = Ipv4Addr::new(10, 9, 9, 1); // IP#A1, the ANYCAST address
const H: [Ipv4Addr; 4] = [
    Ipv4Addr::new(10, 0, 1, 1), // IP#H1
    Ipv4Addr::new(10, 0, 1, 2), // IP#H2
    Ipv4Addr::new(10, 0, 1, 3), // IP#H3
    Ipv4Addr::new(10, 0, 1, 4), // IP#H4
];
const MN_MAC: u64 = 0x0200_0000_0005;
const SERVER2_MAC: u64 = 0x0200_0000_0102;
const TOS: u8 = 0xb8; // the subscribed Diff-Serv TOS (EF)

/// A node's service-independent tables, keyed by destination address.
#[derive(Default)]
struct Tables {
    routing: bool,
    mobility_binding: HashMap<u32, Ipv4Addr>,
    visitor_list: HashMap<u32, u64>,
    binding_cache: HashMap<u32, Ipv4Addr>,
    anycast: HashMap<u32, u64>,
}

impl ControlTables for Tables {
    fn lookup(&self, table: ControlTable, _link: Option<u32>, p: &PacketKey) -> Option<TableHit> {
        match table {
            ControlTable::ROUTING_TABLE => self.routing.then_some(TableHit::NextHop(ROUTER)),
            ControlTable::MOBILITY_BINDING => self
                .mobility_binding
                .get(&p.dst)
                .copied()
                .map(TableHit::CareOf),
            ControlTable::VISITOR_LIST => {
                self.visitor_list.get(&p.dst).copied().map(TableHit::Link)
            }
            ControlTable::BINDING_CACHE => self
                .binding_cache
                .get(&p.dst)
                .copied()
                .map(TableHit::CareOf),
            ControlTable::ANYCAST_TABLE => self.anycast.get(&p.dst).copied().map(TableHit::Link),
            _ => None,
        }
    }
}

/// A profile from its text form, named `name` (the session id stands for
/// the spec's name).
fn prof(name: &str, text: &str) -> Profile {
    let mut p: Profile = text.parse().unwrap();
    p.id = ProfileId {
        session_id: name.into(),
        number: 1,
    };
    p
}

fn install(s: &mut ProfileSearch, cache: CacheId, name: &str, text: &str) {
    s.install(cache, prof(name, text)).unwrap();
}

/// The trace as (depth, cache name, profile name, outcome, decapsulated).
fn hops(s: &ProfileSearch, v: &Verdict) -> Vec<(u8, &'static str, String, HopOutcome, bool)> {
    v.trace
        .hops()
        .map(|h| {
            (
                h.depth,
                h.cache.name(),
                s.profile(h.profile).unwrap().id.session_id.clone(),
                h.outcome,
                h.decapsulated,
            )
        })
        .collect()
}

fn hop(
    d: u8,
    c: &'static str,
    n: &str,
    o: HopOutcome,
    decap: bool,
) -> (u8, &'static str, String, HopOutcome, bool) {
    (d, c, n.to_string(), o, decap)
}

/// The FA of Fig. 27 after the registration of Fig. 26: Figs. 28A/28B plus
/// MN-FAdest / MN-FAsrc (Figs. 32A/32B).
fn fa() -> (ProfileSearch, Tables) {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(&mut s, CacheId::Ndsp, "Fig28A", "ctl=routing_table");
    install(
        &mut s,
        CacheId::NspcDst,
        "Fig28B",
        &format!("class=dst dst={FA} decap ctl=service_profile_cache"),
    );
    install(
        &mut s,
        CacheId::AspcDst,
        "MN-FAdest",
        &format!("class=dst dst={MN} tos={TOS} ctl=visitor_list"),
    );
    install(
        &mut s,
        CacheId::AspcSrc,
        "MN-FAsrc",
        &format!("src={MN} tos={TOS} ctl=routing_table"),
    );
    let mut t = Tables {
        routing: true,
        ..Tables::default()
    };
    t.visitor_list.insert(MN.to_bits(), MN_MAC);
    (s, t)
}

/// The HA after Fig. 33: Fig. 29 plus MN-HAdest / MN-HAsrc (Figs. 31A/31B).
fn ha() -> (ProfileSearch, Tables) {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(&mut s, CacheId::Ndsp, "Fig29", "ctl=routing_table");
    install(
        &mut s,
        CacheId::AspcSrc,
        "ASPCsrc-empty",
        "ctl=routing_table",
    );
    install(
        &mut s,
        CacheId::AspcSrc,
        "MN-HAsrc",
        &format!("src={MN} tos={TOS} ctl=routing_table"),
    );
    install(
        &mut s,
        CacheId::NspcSrc,
        "NSPCsrc-ha",
        &format!("src={HA} ctl=routing_table"),
    );
    install(
        &mut s,
        CacheId::AspcDst,
        "MN-HAdest",
        &format!("class=dst dst={MN} tos={TOS} ctl=mobility_binding"),
    );
    let mut t = Tables {
        routing: true,
        ..Tables::default()
    };
    t.mobility_binding.insert(MN.to_bits(), FA);
    (s, t)
}

#[test]
fn trace1_mn_to_cn_at_fa_diffserv() {
    let (s, t) = fa();
    let pkt = Packet::new(MN, CN, 6).with_ports(40000, 80);
    let v = s.classify(&pkt, &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::ROUTING_TABLE,
            hit: TableHit::NextHop(ROUTER)
        }
    );
    assert_eq!(v.tos_inner, Some(TOS));
    assert_eq!(
        hops(&s, &v),
        [hop(0, "ASPCsrc", "MN-FAsrc", HopOutcome::Forward, false)]
    );
}

#[test]
fn trace2_cn_to_mn_at_ha_diffserv() {
    let (s, t) = ha();
    let v = s.classify(&Packet::new(CN, MN, 6).with_ports(80, 40000), &t);
    // ASPCsrc: the empty target and MN-HAsrc do not hit; NSPCsrc does not hit.
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::MOBILITY_BINDING,
            hit: TableHit::CareOf(FA)
        }
    );
    assert_eq!(v.tos_outer, Some(TOS));
    assert_eq!(
        hops(&s, &v),
        [hop(0, "ASPCdst", "MN-HAdest", HopOutcome::Forward, false)]
    );
}

#[test]
fn trace3_tunnel_at_fa() {
    let (s, t) = fa();
    let inner = Packet::new(CN, MN, 6).with_ports(80, 40000);
    let v = s.classify(&Packet::encapsulated(inner, HA, FA), &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::VISITOR_LIST,
            hit: TableHit::Link(MN_MAC)
        }
    );
    assert_eq!(v.decapsulations, 1);
    assert_eq!(v.tos_inner, Some(TOS));
    assert_eq!(
        hops(&s, &v),
        [
            hop(0, "NSPCdst", "Fig28B", HopOutcome::Research, true),
            hop(1, "ASPCdst", "MN-FAdest", HopOutcome::Forward, false),
        ]
    );
}

/// The FA of Fig. 47 (no value-added service).
fn fa_no_vas() -> (ProfileSearch, Tables) {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(
        &mut s,
        CacheId::NspcDst,
        "Fig47-NSPCdst",
        &format!("class=dst dst={FA} decap ctl=service_profile_cache"),
    );
    install(
        &mut s,
        CacheId::NdspDst,
        "Fig47-NDSPdst",
        "class=dst dst=* ctl=visitor_list",
    );
    install(&mut s, CacheId::Ndsp, "Fig47-NDSP", "ctl=routing_table");
    let mut t = Tables {
        routing: true,
        ..Tables::default()
    };
    t.visitor_list.insert(MN.to_bits(), MN_MAC);
    (s, t)
}

#[test]
fn trace4_no_vas_mn_to_cn_at_fa() {
    let (s, t) = fa_no_vas();
    let v = s.classify(&Packet::new(MN, CN, 17).with_ports(5000, 53), &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::ROUTING_TABLE,
            hit: TableHit::NextHop(ROUTER)
        }
    );
    // CN is not in the visitor list: the node profile falls through to NDSP.
    assert_eq!(
        hops(&s, &v),
        [
            hop(0, "NDSPdst", "Fig47-NDSPdst", HopOutcome::TableMiss, false),
            hop(0, "NDSP", "Fig47-NDSP", HopOutcome::Forward, false),
        ]
    );
}

#[test]
fn trace5_no_vas_cn_to_mn_at_ha() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(
        &mut s,
        CacheId::NspcDst,
        "Fig46-NSPCdst",
        "class=dst dst=10.0.0.0/24 ctl=mobility_binding",
    );
    install(&mut s, CacheId::Ndsp, "Fig46-NDSP", "ctl=routing_table");
    let mut t = Tables {
        routing: true,
        ..Tables::default()
    };
    t.mobility_binding.insert(MN.to_bits(), FA);
    let v = s.classify(&Packet::new(CN, MN, 6).with_ports(80, 40000), &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::MOBILITY_BINDING,
            hit: TableHit::CareOf(FA)
        }
    );
    assert_eq!(
        hops(&s, &v),
        [hop(
            0,
            "NSPCdst",
            "Fig46-NSPCdst",
            HopOutcome::Forward,
            false
        )]
    );
}

#[test]
fn trace6_no_vas_tunnel_at_fa() {
    let (s, t) = fa_no_vas();
    // The text says the inner source is "HA" (§8 item 6); it does not matter.
    let inner = Packet::new(HA, MN, 6).with_ports(80, 40000);
    let v = s.classify(&Packet::encapsulated(inner, HA, FA), &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::VISITOR_LIST,
            hit: TableHit::Link(MN_MAC)
        }
    );
    assert_eq!(v.decapsulations, 1);
    assert_eq!(
        hops(&s, &v),
        [
            hop(0, "NSPCdst", "Fig47-NSPCdst", HopOutcome::Research, true),
            hop(1, "NDSPdst", "Fig47-NDSPdst", HopOutcome::Forward, false),
        ]
    );
}

#[test]
fn trace7_service_class_ranges() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(
        &mut s,
        CacheId::NspcSrc,
        "Fig48-A",
        "src=172.27.180.* tos=0x28 ctl=routing_table",
    );
    install(
        &mut s,
        CacheId::NspcSrc,
        "Fig48-B",
        "src=172.27.185.* tos=0x48 ctl=routing_table",
    );
    install(
        &mut s,
        CacheId::NspcSrc,
        "Fig48-C",
        "src=172.27.190.* tos=0x68 ctl=routing_table",
    );
    install(&mut s, CacheId::Ndsp, "NDSP", "ctl=routing_table");
    let t = Tables {
        routing: true,
        ..Tables::default()
    };
    for (src, name, tos) in [
        (Ipv4Addr::new(172, 27, 180, 17), "Fig48-A", Some(0x28)),
        (Ipv4Addr::new(172, 27, 185, 3), "Fig48-B", Some(0x48)),
        (Ipv4Addr::new(172, 27, 190, 250), "Fig48-C", Some(0x68)),
        (Ipv4Addr::new(172, 27, 181, 1), "NDSP", None),
    ] {
        let v = s.classify(&Packet::new(src, CN, 6).with_ports(1, 2), &t);
        let cache = if name == "NDSP" { "NDSP" } else { "NSPCsrc" };
        assert_eq!(
            hops(&s, &v),
            [hop(0, cache, name, HopOutcome::Forward, false)],
            "{src}"
        );
        assert_eq!(v.tos_inner, tos);
    }
}

#[test]
fn trace8_route_optimized_cn() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(&mut s, CacheId::Ndsp, "NDSP", "ctl=routing_table");
    install(
        &mut s,
        CacheId::AspcDst,
        "RO-MN-dest",
        &format!("class=dst dst={MN} tos={TOS} ctl=binding_cache"),
    );
    let mut t = Tables {
        routing: true,
        ..Tables::default()
    };
    t.binding_cache.insert(MN.to_bits(), FA);
    let v = s.classify(&Packet::new(CN, MN, 6).with_ports(80, 40000), &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::BINDING_CACHE,
            hit: TableHit::CareOf(FA)
        }
    );
    assert_eq!((v.tos_inner, v.tos_outer), (Some(TOS), Some(TOS)));
    assert_eq!(
        hops(&s, &v),
        [hop(0, "ASPCdst", "RO-MN-dest", HopOutcome::Forward, false)]
    );
}

#[test]
fn trace9_anycast_at_fa1() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(
        &mut s,
        CacheId::NspcDst,
        "Fig54",
        &format!("class=dst dst={FA} decap ctl=service_profile_cache"),
    );
    install(
        &mut s,
        CacheId::AspcDst,
        "Fig53",
        &format!("class=dst dst={} decap ctl=anycast_table", H[1]),
    );
    install(&mut s, CacheId::Ndsp, "NDSP", "ctl=routing_table");
    let mut t = Tables {
        routing: true,
        ..Tables::default()
    };
    t.anycast.insert(A1.to_bits(), SERVER2_MAC);
    let inner = Packet::new(CN, A1, 6).with_ports(80, 40000);
    let middle = Packet::encapsulated(inner, AP, H[1]);
    let outer = Packet::encapsulated(middle, HA, FA);
    let v = s.classify(&outer, &t);
    assert_eq!(
        v.action,
        Action::Forward {
            table: ControlTable::ANYCAST_TABLE,
            hit: TableHit::Link(SERVER2_MAC)
        }
    );
    assert_eq!(v.decapsulations, 2);
    assert_eq!(
        hops(&s, &v),
        [
            hop(0, "NSPCdst", "Fig54", HopOutcome::Research, true),
            hop(1, "ASPCdst", "Fig53", HopOutcome::Forward, true),
        ]
    );
}

#[test]
fn trace10_anycast_at_ap_sequential() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    let xfer = H.map(|h| h.to_string()).join(",");
    install(
        &mut s,
        CacheId::AspcDst,
        "Fig51",
        &format!("class=dst dst={A1} encap=ipip xfer={xfer} ctl=routing_table"),
    );
    let t = Tables {
        routing: true,
        ..Tables::default()
    };
    let pkt = Packet::new(CN, A1, 6).with_ports(80, 40000);
    let picked: Vec<_> = (0..5)
        .map(|_| {
            let v = s.classify(&pkt, &t);
            assert_eq!(
                hops(&s, &v),
                [hop(0, "ASPCdst", "Fig51", HopOutcome::Transfer, false)]
            );
            assert_eq!(v.encap, Some(roam::policy::profile::EncapMethod::IP_IN_IP));
            match v.action {
                Action::Transfer { destination } => destination,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(picked, [H[0], H[1], H[2], H[3], H[0]]);
}

#[test]
fn aaa_profile_table_miss_is_a_fault() {
    let (s, mut t) = ha();
    t.mobility_binding.clear();
    let v = s.classify(&Packet::new(CN, MN, 6).with_ports(80, 40000), &t);
    let h = s
        .handle(&ProfileId {
            session_id: "MN-HAdest".into(),
            number: 1,
        })
        .unwrap();
    assert_eq!(
        v.action,
        Action::Drop(DropReason::Fault {
            cache: CacheId::AspcDst,
            profile: h
        })
    );
    assert_eq!(
        hops(&s, &v),
        [hop(0, "ASPCdst", "MN-HAdest", HopOutcome::Fault, false)]
    );
}

#[test]
fn no_profile_and_empty_targets() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    let t = Tables {
        routing: true,
        ..Tables::default()
    };
    assert_eq!(
        s.classify(&Packet::new(CN, MN, 1), &t).action,
        Action::Drop(DropReason::NoProfile)
    );
    // An empty target never hits in ASPC/NSPC caches.
    install(
        &mut s,
        CacheId::NspcDst,
        "empty",
        "class=dst ctl=routing_table",
    );
    assert_eq!(
        s.classify(&Packet::new(CN, MN, 1), &t).action,
        Action::Drop(DropReason::NoProfile)
    );
    // A port condition never matches a packet without ports.
    install(
        &mut s,
        CacheId::NspcDst,
        "port",
        "class=dst dport=80 ctl=routing_table",
    );
    assert_eq!(
        s.classify(&Packet::new(CN, MN, 1), &t).action,
        Action::Drop(DropReason::NoProfile)
    );
    assert!(matches!(
        s.classify(&Packet::new(CN, MN, 6).with_ports(1, 80), &t)
            .action,
        Action::Forward { .. }
    ));
}

#[test]
fn research_depth_is_bounded() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    install(
        &mut s,
        CacheId::NspcDst,
        "loop",
        &format!("class=dst dst={FA} decap ctl=service_profile_cache"),
    );
    let t = Tables::default();
    let mut p = Packet::new(CN, FA, 6);
    for _ in 0..10 {
        p = Packet::encapsulated(p, HA, FA);
    }
    let v = s.classify(&p, &t);
    assert_eq!(v.action, Action::Drop(DropReason::TooDeep));
    assert_eq!(v.trace.len(), usize::from(MAX_SEARCH_DEPTH) + 1);
    assert_eq!(v.trace.hops().last().unwrap().outcome, HopOutcome::TooDeep);
}

#[test]
fn versions_replace_and_sessions() {
    let mut s = ProfileSearch::new(SearchPolicy::default());
    let t = Tables {
        routing: true,
        ..Tables::default()
    };
    let mut p = prof(
        "sess",
        &format!("class=dst dst={MN} tos=0x10 ver=2 ctl=routing_table"),
    );
    s.install(CacheId::AspcDst, p.clone()).unwrap();
    p.version = 1;
    assert_eq!(
        s.install(CacheId::AspcDst, p.clone()),
        Err(InstallError::Stale {
            offered: 1,
            installed: 2
        })
    );
    p.version = 3;
    p.edit.tos_inner = Some(0x20);
    s.install(CacheId::AspcDst, p.clone()).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(
        s.classify(&Packet::new(CN, MN, 1), &t).tos_inner,
        Some(0x20)
    );
    let mut q = p.clone();
    q.id.number = 2;
    s.install(CacheId::AspcSrc, q).unwrap();
    assert_eq!(s.remove_session("sess"), 2);
    assert!(s.is_empty());
    assert_eq!(
        s.classify(&Packet::new(CN, MN, 1), &t).action,
        Action::Drop(DropReason::NoProfile)
    );
}

#[test]
fn ndsp_src_fallback_mode() {
    let mut t = Tables::default();
    t.visitor_list.insert(MN.to_bits(), MN_MAC);
    for (policy, expect_ndsp_src) in [
        (SearchPolicy::default(), true),
        (SearchPolicy::ndsp_src_as_fallback(), false),
    ] {
        let mut s = ProfileSearch::new(policy);
        install(
            &mut s,
            CacheId::NdspSrc,
            "NDSPsrc",
            &format!("src={CN} ctl=visitor_list"),
        );
        let v = s.classify(&Packet::new(CN, MN, 1), &t);
        assert_eq!(matches!(v.action, Action::Forward { .. }), expect_ndsp_src);
        // After an NSPCsrc table miss the fallback row is consulted.
        install(
            &mut s,
            CacheId::NspcSrc,
            "NSPCsrc",
            &format!("src={CN} ctl=routing_table"),
        );
        let v = s.classify(&Packet::new(CN, MN, 1), &t);
        assert_eq!(
            hops(&s, &v).iter().map(|h| h.1).collect::<Vec<_>>(),
            ["NSPCsrc", "NDSPsrc"]
        );
    }
}

#[test]
fn next_profile_policy() {
    let mut policy = SearchPolicy::default();
    for st in &mut policy.steps {
        if st.cache == CacheId::NspcDst {
            st.on_table_miss = MissPolicy::NextProfile;
        }
    }
    let mut s = ProfileSearch::new(policy);
    install(
        &mut s,
        CacheId::NspcDst,
        "first",
        "class=dst dst=10.0.0.0/8 ctl=mobility_binding",
    );
    install(
        &mut s,
        CacheId::NspcDst,
        "second",
        "class=dst dst=10.0.0.0/8 ctl=routing_table",
    );
    let t = Tables {
        routing: true,
        ..Tables::default()
    };
    let v = s.classify(&Packet::new(CN, MN, 1), &t);
    assert_eq!(
        hops(&s, &v)
            .iter()
            .map(|h| h.2.as_str())
            .collect::<Vec<_>>(),
        ["first", "second"]
    );
}

fn arb_profile(i: usize) -> impl Strategy<Value = (CacheId, Profile)> {
    (
        0usize..7,
        prop_oneof![
            (0u32..8).prop_map(|a| Some(AddrMatch::exact(Ipv4Addr::from_bits(0x0A00_0000 + a)))),
            (0u8..=32).prop_map(|l| Some(AddrMatch::prefix(Ipv4Addr::new(10, 0, 0, 0), l))),
            Just(None),
        ],
        proptest::option::of(0u16..4),
        any::<bool>(),
    )
        .prop_map(move |(c, addr, port, dir)| {
            let cache = CacheId::ALL[c];
            let mut p = Profile {
                id: ProfileId {
                    session_id: "p".into(),
                    number: i as u32,
                },
                direction: if dir {
                    Direction::Source
                } else {
                    Direction::Destination
                },
                ..Profile::default()
            };
            if cache.is_source_side() {
                p.target.src = addr;
                p.target.sport = port.map(roam::policy::PortRange::exact);
            } else {
                p.target.dst = addr;
                p.target.dport = port.map(roam::policy::PortRange::exact);
            }
            (cache, p)
        })
}

proptest! {
    /// The indexed per-cache lookup gives the first matching profile in
    /// installation order, as a naive scan does, through removals too.
    #[test]
    fn indexed_lookup_equals_naive_scan(
        profiles in (1usize..40).prop_flat_map(|n| (0..n).map(arb_profile).collect::<Vec<_>>()),
        removals in proptest::collection::vec(0usize..40, 0..10),
        keys in proptest::collection::vec((0u32..10, 0u32..10, proptest::option::of((0u16..4, 0u16..4))), 1..30),
    ) {
        let mut s = ProfileSearch::new(SearchPolicy::default());
        let mut order: Vec<(CacheId, Profile)> = Vec::new();
        for (c, p) in profiles {
            s.install(c, p.clone()).unwrap();
            order.push((c, p));
        }
        for r in removals {
            if r < order.len() {
                let (_, p) = order.remove(r);
                prop_assert!(s.remove(&p.id));
            }
        }
        for (a, b, ports) in keys {
            let k = PacketKey { src: 0x0A00_0000 + a, dst: 0x0A00_0000 + b, proto: 6, tos: 0, ports };
            for cache in CacheId::ALL {
                let naive = order.iter().filter(|(c, _)| *c == cache).find(|(_, p)| {
                    let t = &p.target;
                    if t.is_empty() { return cache.is_default(); }
                    t.src.is_none_or(|m| m.matches(k.src))
                        && t.dst.is_none_or(|m| m.matches(k.dst))
                        && t.sport.is_none_or(|r| k.ports.is_some_and(|(sp, _)| r.matches(sp)))
                        && t.dport.is_none_or(|r| k.ports.is_some_and(|(_, dp)| r.matches(dp)))
                }).map(|(_, p)| p.id.clone());
                let got = s.first_match(cache, &k).map(|h| s.profile(h).unwrap().id.clone());
                prop_assert_eq!(got, naive, "{:?} {:?}", cache, k);
            }
        }
    }
}

/// Trace 3 on real bytes (scapy 2.8): `IP(src=HA, dst=FA)/IP(src=CN,
/// dst=MN)/TCP(sport=80, dport=40000)`, and the same inner packet in GRE with
/// a key (`GRE(key_present=1, key=7)`).
#[test]
fn trace3_on_raw_ipip_and_gre_bytes() {
    use roam::policy::search::RawIpv4;
    let hex = |s: &str| -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    };
    let ipip = hex(concat!(
        "4500003c000100004004af130a000001c0a80101", // outer: proto 4, 10.0.0.1 -> 192.168.1.1
        "4500002800020000400634c0cb0071090a000005", // inner: TCP, 203.0.113.9 -> 10.0.0.5
        "00509c40000000000000000050100000cd350000", // TCP 80 -> 40000
    ));
    let gre = hex(concat!(
        "4500004400010000402faee00a000001c0a80101", // outer: proto 47
        "2000080000000007",                         // GRE: K bit, type 0x0800, key 7
        "4500002800020000400634c0cb0071090a000005",
        "00509c40000000000000000050100000cd350000",
    ));
    let (s, t) = fa();
    for bytes in [&ipip, &gre] {
        let pkt = RawIpv4::new(bytes).unwrap();
        let v = s.classify(pkt, &t);
        assert_eq!(
            v.action,
            Action::Forward {
                table: ControlTable::VISITOR_LIST,
                hit: TableHit::Link(MN_MAC)
            }
        );
        assert_eq!(
            hops(&s, &v),
            [
                hop(0, "NSPCdst", "Fig28B", HopOutcome::Research, true),
                hop(1, "ASPCdst", "MN-FAdest", HopOutcome::Forward, false),
            ]
        );
    }
    // Truncated or non-IPv4 bytes are refused.
    assert!(RawIpv4::new(&ipip[..30]).is_none());
    assert!(RawIpv4::new(&[0x65; 20]).is_none());
}

/// Table stub for the model test: a hit unless `(dst + table) % 3 == 0`.
struct ModTables;

impl ControlTables for ModTables {
    fn lookup(&self, table: ControlTable, _: Option<u32>, p: &PacketKey) -> Option<TableHit> {
        ((p.dst.wrapping_add(u32::from(table.0))) % 3 != 0)
            .then_some(TableHit::Link(u64::from(p.dst)))
    }
}

type ModelHop = (u8, CacheId, u32, HopOutcome, bool);

/// The reference algorithm of seed 000 §3.4, written naively over the
/// installation-ordered profile list.
fn model(
    policy: &SearchPolicy,
    profiles: &[(CacheId, Profile, u32)],
    pkt: &Packet,
    depth: u8,
    hops: &mut Vec<ModelHop>,
) -> (Action, u8) {
    let k = pkt.key;
    let hit = |cache: CacheId, p: &Profile| {
        let t = &p.target;
        if t.is_empty() {
            return cache.is_default();
        }
        t.src.is_none_or(|m| m.matches(k.src))
            && t.dst.is_none_or(|m| m.matches(k.dst))
            && t.proto.is_none_or(|x| x == k.proto)
            && t.sport
                .is_none_or(|r| k.ports.is_some_and(|(sp, _)| r.matches(sp)))
            && t.dport
                .is_none_or(|r| k.ports.is_some_and(|(_, dp)| r.matches(dp)))
    };
    let mut prev_missed = false;
    for step in &policy.steps {
        if step.only_after_miss && !prev_missed {
            continue;
        }
        prev_missed = false;
        for (cache, p, h) in profiles.iter().filter(|(c, _, _)| *c == step.cache) {
            if !hit(*cache, p) {
                continue;
            }
            let (work, decap) = match (&pkt.inner, p.edit.decap) {
                (Some(inner), true) => (inner.as_ref(), true),
                _ => (pkt, false),
            };
            if p.control.table == ControlTable::SERVICE_PROFILE_CACHE {
                if depth >= MAX_SEARCH_DEPTH {
                    hops.push((depth, *cache, *h, HopOutcome::TooDeep, decap));
                    return (Action::Drop(DropReason::TooDeep), 0);
                }
                hops.push((depth, *cache, *h, HopOutcome::Research, decap));
                let (a, d) = model(policy, profiles, work, depth + 1, hops);
                return (a, d + u8::from(decap));
            }
            match ModTables.lookup(p.control.table, p.control.link, &work.key) {
                Some(hit) => {
                    hops.push((depth, *cache, *h, HopOutcome::Forward, decap));
                    return (
                        Action::Forward {
                            table: p.control.table,
                            hit,
                        },
                        u8::from(decap),
                    );
                }
                None => match step.on_table_miss {
                    MissPolicy::Fault => {
                        hops.push((depth, *cache, *h, HopOutcome::Fault, decap));
                        let profile = roam::policy::search::ProfileHandle(*h);
                        return (
                            Action::Drop(DropReason::Fault {
                                cache: *cache,
                                profile,
                            }),
                            0,
                        );
                    }
                    MissPolicy::NextCache => {
                        hops.push((depth, *cache, *h, HopOutcome::TableMiss, decap));
                        prev_missed = true;
                        break;
                    }
                    MissPolicy::NextProfile => {
                        hops.push((depth, *cache, *h, HopOutcome::TableMiss, decap));
                        prev_missed = true;
                    }
                },
            }
        }
    }
    (Action::Drop(DropReason::NoProfile), 0)
}

const POOL: [u32; 4] = [0x0A00_0005, 0x0A00_0006, 0xC0A8_0101, 0xCB00_7109];

fn model_profile() -> impl Strategy<Value = (usize, Profile)> {
    (
        0usize..7,
        proptest::option::of((0usize..4, prop_oneof![Just(32u8), Just(24u8), Just(0u8)])),
        proptest::option::of((0usize..4, prop_oneof![Just(32u8), Just(24u8), Just(0u8)])),
        proptest::option::of(0u16..3),
        any::<bool>(),
        1u8..=6,
    )
        .prop_map(|(c, src, dst, dport, decap, table)| {
            let a = |(i, l): (usize, u8)| AddrMatch::prefix(Ipv4Addr::from_bits(POOL[i]), l);
            let mut p = Profile::default();
            p.target.src = src.map(a);
            p.target.dst = dst.map(a);
            p.target.dport = dport.map(roam::policy::PortRange::exact);
            p.edit.decap = decap;
            p.control.table = ControlTable(table);
            (c, p)
        })
}

fn model_packet() -> impl Strategy<Value = Packet> {
    let leaf = (0usize..4, 0usize..4, proptest::option::of(0u16..3)).prop_map(|(s, d, port)| {
        let p = Packet::new(
            Ipv4Addr::from_bits(POOL[s]),
            Ipv4Addr::from_bits(POOL[d]),
            6,
        );
        match port {
            Some(dp) => p.with_ports(1, dp),
            None => p,
        }
    });
    leaf.prop_recursive(3, 4, 1, |inner| {
        (inner, 0usize..4, 0usize..4).prop_map(|(i, s, d)| {
            Packet::encapsulated(
                i,
                Ipv4Addr::from_bits(POOL[s]),
                Ipv4Addr::from_bits(POOL[d]),
            )
        })
    })
}

proptest! {
    /// The indexed search gives the naive §3.4 algorithm's action,
    /// decapsulation count and trace, for every miss policy.
    #[test]
    fn search_equals_reference_model(
        profiles in proptest::collection::vec(model_profile(), 0..24),
        packets in proptest::collection::vec(model_packet(), 1..16),
        miss in 0usize..3,
        fallback in any::<bool>(),
    ) {
        let mut policy = if fallback { SearchPolicy::ndsp_src_as_fallback() } else { SearchPolicy::default() };
        if miss > 0 {
            for st in &mut policy.steps {
                if !st.cache.is_aaa_notified() {
                    st.on_table_miss = if miss == 1 { MissPolicy::NextProfile } else { MissPolicy::NextCache };
                }
            }
        }
        let mut s = ProfileSearch::new(policy.clone());
        let mut installed = Vec::new();
        for (i, (c, mut p)) in profiles.into_iter().enumerate() {
            p.id = ProfileId { session_id: "m".into(), number: i as u32 };
            let h = s.install(CacheId::ALL[c], p.clone()).unwrap();
            installed.push((CacheId::ALL[c], p, h.0));
        }
        for pkt in &packets {
            let v = s.classify(pkt, &ModTables);
            let mut hops = Vec::new();
            let (action, decaps) = model(&policy, &installed, pkt, 0, &mut hops);
            prop_assert_eq!(v.action, action);
            let got: Vec<ModelHop> = v.trace.hops().map(|h| (h.depth, h.cache, h.profile.0, h.outcome, h.decapsulated)).collect();
            // A trace stores the first MAX_TRACE_HOPS hops and counts the rest.
            prop_assert_eq!(v.trace.len(), hops.len());
            prop_assert_eq!(&got[..], &hops[..hops.len().min(MAX_TRACE_HOPS)]);
            if matches!(action, Action::Forward { .. }) {
                prop_assert_eq!(v.decapsulations, decaps);
            }
        }
    }
}

//! Mobile IPv6 wire benches: `mip6/decode/bu_home`, `mip6/encode/bu_home`,
//! `mip6/rr/binding_authorization_data`, plus the packet walk with checksum
//! verification (`mip6/decode/bu_home_packet`) and the zero-copy typed
//! view alone (`mip6/decode/bu_home_view`).
//!
//! Inputs come from `testvectors/mip6/` (scapy-built), so other
//! implementations can be measured on the same bytes.

use std::hint::black_box;
use std::net::Ipv6Addr;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use roam::mip6::rr;
use roam::mip6::wire::{BindingUpdate, Ipv6Packet, MobilityHeader, MobilityHeaderRepr};

const BU_HOME: &[u8] = include_bytes!("../testvectors/mip6/sc_bu_home.bin");
const BU_RR: &[u8] = include_bytes!("../testvectors/mip6/sc_bu_rr.bin");

fn benches(c: &mut Criterion) {
    let pkt = Ipv6Packet::parse(BU_HOME).expect("vector");
    let mh_bytes = pkt.upper;
    let (src, dst) = (pkt.checksum_source(), pkt.checksum_destination());

    let mut g = c.benchmark_group("mip6/decode");
    g.throughput(Throughput::Bytes(mh_bytes.len() as u64));
    g.bench_function("bu_home", |b| {
        b.iter(|| {
            let mh = MobilityHeader::new_checked(black_box(mh_bytes)).expect("valid");
            MobilityHeaderRepr::parse(&mh).expect("valid")
        })
    });
    g.bench_function("bu_home_view", |b| {
        b.iter(|| {
            let bu = BindingUpdate::new_checked(black_box(mh_bytes)).expect("valid");
            (bu.sequence(), bu.flags(), bu.lifetime())
        })
    });
    g.throughput(Throughput::Bytes(BU_HOME.len() as u64));
    g.bench_function("bu_home_packet", |b| {
        b.iter(|| {
            let p = Ipv6Packet::parse(black_box(BU_HOME)).expect("valid");
            let ok = p.verify_checksum();
            let mh = p.mobility_header().expect("valid");
            (ok, MobilityHeaderRepr::parse(&mh).expect("valid"))
        })
    });
    g.finish();

    let repr = MobilityHeaderRepr::parse(&MobilityHeader::new_checked(mh_bytes).expect("valid"))
        .expect("valid");
    let mut g = c.benchmark_group("mip6/encode");
    g.throughput(Throughput::Bytes(mh_bytes.len() as u64));
    let mut buf = [0u8; 64];
    g.bench_function("bu_home", |b| {
        b.iter(|| {
            black_box(&repr)
                .emit(&mut buf, black_box(&src), black_box(&dst))
                .expect("fits")
        })
    });
    g.finish();

    let p = Ipv6Packet::parse(BU_RR).expect("vector");
    let mh = p.upper.to_vec();
    let kbm = [0x5au8; 20];
    let coa: [u8; 16] = p.src.octets();
    let cn: [u8; 16] = p.dst.octets();
    let _: Ipv6Addr = p.dst;
    let mut g = c.benchmark_group("mip6/rr");
    g.throughput(Throughput::Bytes(mh.len() as u64));
    g.bench_function("binding_authorization_data", |b| {
        b.iter(|| rr::binding_authorization_data(black_box(&kbm), &coa, &cn, black_box(&mh)))
    });
    g.finish();
}

criterion_group!(mip6, benches);
criterion_main!(mip6);

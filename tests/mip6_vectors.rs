//! Mobile IPv6 vectors from independent tools (testvectors/mip6: scapy's
//! own test-suite packets, scapy-built packets, hand-laid PMIPv6 options,
//! return-routability values from Python's hmac/hashlib), and a tshark
//! check of what roam emits.

use std::collections::HashMap;
use std::fs;
use std::net::Ipv6Addr;
use std::path::{Path, PathBuf};
use std::process::Command;

use roam::mip6::rr;
use roam::mip6::wire::{
    AccessTechnologyType, Anomalies, BaFlags, BaStatus, BeStatus, BindingUpdate, BuFlags,
    HandoffIndicator, Ipv6Packet, Lifetime, MessageRepr, MhType, MobilityHeader,
    MobilityHeaderRepr, MobilityOption, MobilityPacketRepr, Options,
};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testvectors/mip6")
}

/// (name, checksum valid per the generator)
fn manifest() -> Vec<(String, bool)> {
    let text = fs::read_to_string(dir().join("manifest.txt")).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split(" | ");
            let name = parts.next().expect("name").to_string();
            let ck = parts.next().expect("checksum");
            (name, ck == "valid")
        })
        .collect()
}

fn vector(name: &str) -> Vec<u8> {
    fs::read(dir().join(format!("{name}.bin"))).expect("vector file")
}

fn a(s: &str) -> Ipv6Addr {
    s.parse().expect("address")
}

#[test]
fn every_vector_decodes_and_checksums_agree_with_the_generator() {
    let m = manifest();
    assert!(m.len() >= 30, "manifest has {} vectors", m.len());
    let mut invalid = 0;
    for (name, valid) in &m {
        let bytes = vector(name);
        let p = Ipv6Packet::parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            p.verify_checksum(),
            Some(*valid),
            "{name}: checksum verdict"
        );
        if !valid {
            invalid += 1;
        }
        if p.next_header == 135 {
            let mh = p
                .mobility_header()
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            // A wrong checksum is reported, decoding still succeeds.
            let repr = MobilityHeaderRepr::parse(&mh).unwrap_or_else(|e| panic!("{name}: {e}"));
            // emit(parse(b)) == b, checksum included when it was right.
            let mut out = vec![0u8; repr.encoded_len()];
            let n = repr
                .emit(&mut out, &p.checksum_source(), &p.checksum_destination())
                .unwrap();
            let mut expect = mh.as_bytes().to_vec();
            if !valid {
                expect[4..6].copy_from_slice(&out[4..6]);
            }
            assert_eq!(&out[..n], &expect[..], "{name}: re-emit");
        }
    }
    assert_eq!(invalid, 4, "the four scapy vectors with checksum 0x8899");
}

#[test]
fn scapy_bad_checksums_are_reported_not_fatal() {
    let bytes = vector("scapy_hot_badcksum");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let mh = p.mobility_header().unwrap();
    assert_eq!(mh.checksum(), 0x8899);
    assert!(!mh.verify_checksum(&p.src, &p.dst));
    let good = mh.compute_checksum(&p.src, &p.dst);
    assert_ne!(good, 0x8899);
    let repr = MobilityHeaderRepr::parse(&mh).unwrap();
    assert_eq!(repr.reserved, 0x77);
    match repr.message {
        MessageRepr::HomeTest {
            nonce_index,
            cookie,
            keygen_token,
            options,
        } => {
            assert_eq!(nonce_index, 0xaabb);
            assert_eq!(cookie, [0xaa; 8]);
            assert_eq!(keygen_token, [0xcc; 8]);
            assert_eq!(options, Options::EMPTY);
        }
        m => panic!("{m:?}"),
    }
    // Fixing it in place makes it verify.
    let mut fixed = mh.as_bytes().to_vec();
    let mut v = MobilityHeader::new_checked(&mut fixed[..]).unwrap();
    v.fill_checksum(&p.src, &p.dst);
    assert!(v.verify_checksum(&p.src, &p.dst));
}

#[test]
fn scapy_brr_specific_keeps_unknown_option_and_reports_anomalies() {
    let bytes = vector("scapy_brr_specific");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let mh = p.mobility_header().unwrap();
    assert_eq!(mh.payload_proto(), 0xff);
    assert_eq!(mh.header_len(), 4);
    let an = mh.anomalies();
    assert!(an.contains(Anomalies::PAYLOAD_PROTO_NOT_NONE | Anomalies::RESERVED_NONZERO));
    assert!(!an.contains(Anomalies::OPTION_MISALIGNED));
    let repr = MobilityHeaderRepr::parse(&mh).unwrap();
    let opts: Vec<_> = repr.message.options().iter().map(Result::unwrap).collect();
    assert_eq!(
        opts,
        vec![
            MobilityOption::Unknown {
                ty: 7.into(),
                data: &[2, 0, 0, 0, 0, 0, 0]
            },
            MobilityOption::AlternateCareOf(Ipv6Addr::UNSPECIFIED),
        ]
    );
}

#[test]
fn home_address_option_sets_the_checksum_source() {
    let bytes = vector("scapy_bu_hao_altcoa_mnp");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    assert_eq!(p.home_address, Some(a("2001:db8::cafe")));
    let mh = p.mobility_header().unwrap();
    assert!(mh.verify_checksum(&a("2001:db8::cafe"), &p.dst));
    assert!(
        !mh.verify_checksum(&p.src, &p.dst),
        "IPv6 source is not the HoA"
    );
    let bu = BindingUpdate::new_checked(mh.as_bytes()).unwrap();
    assert_eq!(bu.lifetime(), Lifetime(42));
    assert_eq!(bu.lifetime().as_secs(), 168);
}

#[test]
fn type2_routing_header_sets_the_checksum_destination() {
    let bytes = vector("sc_ba_home");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    assert_eq!(p.routing_address, Some(a("2001:db8:1::100")));
    assert_eq!(p.segments_left, 1);
    assert_eq!(p.checksum_destination(), a("2001:db8:1::100"));
    let mh = p.mobility_header().unwrap();
    assert!(!mh.verify_checksum(&p.src, &p.dst));
    let repr = MobilityHeaderRepr::parse(&mh).unwrap();
    let MessageRepr::BindingAck(ba) = repr.message else {
        panic!("not a BA")
    };
    assert_eq!(ba.status, BaStatus::ACCEPTED);
    assert_eq!(ba.flags, BaFlags::KEY_MANAGEMENT);
    assert_eq!(ba.sequence, 4242);
    assert_eq!(ba.lifetime.as_secs(), 600);
    let opts: Vec<_> = ba.options.iter().map(Result::unwrap).collect();
    assert_eq!(
        opts,
        vec![MobilityOption::BindingRefreshAdvice { interval: 30 }]
    );
}

#[test]
fn bu_home_fields() {
    let bytes = vector("sc_bu_home");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    assert_eq!(p.src, a("2001:db8:77::100"));
    assert_eq!(p.home_address, Some(a("2001:db8:1::100")));
    let bu = BindingUpdate::new_checked(p.upper).unwrap();
    assert_eq!(bu.sequence(), 4242);
    assert_eq!(
        bu.flags(),
        BuFlags::ACK | BuFlags::HOME | BuFlags::KEY_MANAGEMENT
    );
    assert_eq!(bu.lifetime(), Lifetime::from_secs_floor(600));
    assert_eq!(bu.header().mh_type(), MhType::BINDING_UPDATE);
}

#[test]
fn hmipv6_map_registration_flag() {
    let bytes = vector("sc_bu_map");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let bu = BindingUpdate::new_checked(p.upper).unwrap();
    assert_eq!(bu.flags(), BuFlags::ACK | BuFlags::MAP);
    assert_eq!(p.checksum_source(), a("2001:db8:aa::100"));
}

#[test]
fn binding_error_and_reject() {
    let p = vector("scapy_be");
    let p = Ipv6Packet::parse(&p).unwrap();
    let repr = MobilityHeaderRepr::parse(&p.mobility_header().unwrap()).unwrap();
    match repr.message {
        MessageRepr::BindingError {
            status,
            home_address,
            ..
        } => {
            assert_eq!(status, BeStatus::UNRECOGNIZED_MH_TYPE);
            assert_eq!(home_address, a("1::2"));
        }
        m => panic!("{m:?}"),
    }
    let p = vector("sc_ba_reject");
    let p = Ipv6Packet::parse(&p).unwrap();
    let repr = MobilityHeaderRepr::parse(&p.mobility_header().unwrap()).unwrap();
    let MessageRepr::BindingAck(ba) = repr.message else {
        panic!()
    };
    assert_eq!(ba.status, BaStatus::SEQUENCE_OUT_OF_WINDOW);
    assert!(!ba.status.is_accepted());
}

#[test]
fn pmipv6_proxy_binding_update_options() {
    let bytes = vector("pmip_pbu");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let mh = p.mobility_header().unwrap();
    assert_eq!(
        mh.anomalies(),
        Anomalies::empty(),
        "aligned by hand per RFC 5213"
    );
    let repr = MobilityHeaderRepr::parse(&mh).unwrap();
    let MessageRepr::BindingUpdate(bu) = repr.message else {
        panic!()
    };
    assert_eq!(bu.flags, BuFlags::ACK | BuFlags::HOME | BuFlags::PROXY);
    assert_eq!(bu.lifetime.as_secs(), 3600);
    let opts: Vec<_> = bu.options.iter().map(Result::unwrap).collect();
    assert_eq!(
        opts,
        vec![
            MobilityOption::MobileNodeIdentifier {
                subtype: 1,
                id: b"mn1@example.org"
            },
            MobilityOption::HomeNetworkPrefix {
                prefix_len: 64,
                prefix: a("2001:db8:5::")
            },
            MobilityOption::HandoffIndicator(HandoffIndicator::NEW_INTERFACE),
            MobilityOption::AccessTechnologyType(AccessTechnologyType::IEEE_802_11),
            MobilityOption::MobileNodeLinkLayerId(&[2, 0, 0, 0xaa, 0xbb, 0xcc]),
            MobilityOption::LinkLocalAddress(a("fe80::a")),
            MobilityOption::Timestamp((1_700_000_000u64 << 16) | 0x8000),
        ]
    );
    // roam's emitter lays the same options out exactly as the generator did.
    let again = MobilityHeaderRepr::new(MessageRepr::BindingUpdate(
        roam::mip6::wire::BindingUpdateRepr {
            options: Options::List(&opts),
            ..bu
        },
    ));
    let mut out = vec![0u8; again.encoded_len()];
    let n = again.emit(&mut out, &p.src, &p.dst).unwrap();
    assert_eq!(&out[..n], mh.as_bytes());
}

#[test]
fn pmipv6_reject_status() {
    let bytes = vector("pmip_pba_reject");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let repr = MobilityHeaderRepr::parse(&p.mobility_header().unwrap()).unwrap();
    let MessageRepr::BindingAck(ba) = repr.message else {
        panic!()
    };
    assert_eq!(ba.status, BaStatus::MAG_NOT_AUTHORIZED_FOR_PROXY_REG);
    assert_eq!(ba.flags, BaFlags::PROXY);
}

fn rr_values() -> HashMap<String, Vec<u8>> {
    let text = fs::read_to_string(dir().join("rr.txt")).expect("rr.txt");
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| {
            let bytes = (0..v.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&v[i..i + 2], 16).expect("hex"))
                .collect();
            (k.to_string(), bytes)
        })
        .collect()
}

fn arr<const N: usize>(v: &[u8]) -> [u8; N] {
    v.try_into().expect("length")
}

#[test]
fn return_routability_matches_python_hmac_hashlib() {
    let v = rr_values();
    let kcn: [u8; 20] = arr(&v["kcn"]);
    let hoa: [u8; 16] = arr(&v["home_address"]);
    let coa: [u8; 16] = arr(&v["care_of_address"]);
    let cn: [u8; 16] = arr(&v["correspondent"]);
    let ht = rr::home_keygen_token(&kcn, &hoa, &v["home_nonce"]);
    let ct = rr::care_of_keygen_token(&kcn, &coa, &v["care_of_nonce"]);
    assert_eq!(&ht[..], &v["home_keygen_token"][..]);
    assert_eq!(&ct[..], &v["care_of_keygen_token"][..]);
    let kbm = rr::kbm(&ht, &ct);
    assert_eq!(&kbm[..], &v["kbm"][..]);
    assert_eq!(
        &rr::kbm_deregistration(&ht)[..],
        &v["kbm_deregistration"][..]
    );
    let auth = rr::binding_authorization_data(&kbm, &coa, &cn, &v["mh_data"]);
    assert_eq!(&auth[..], &v["authenticator"][..]);
    assert!(rr::verify_binding_authorization_data(
        &kbm,
        &coa,
        &cn,
        &v["mh_data"],
        &auth
    ));
    let mut bad = auth;
    bad[11] ^= 1;
    assert!(!rr::verify_binding_authorization_data(
        &kbm,
        &coa,
        &cn,
        &v["mh_data"],
        &bad
    ));

    // The HoT and CoT vectors carry these tokens.
    let hot = vector("sc_hot_rr");
    let p = Ipv6Packet::parse(&hot).unwrap();
    let MessageRepr::HomeTest { keygen_token, .. } =
        MobilityHeaderRepr::parse(&p.mobility_header().unwrap())
            .unwrap()
            .message
    else {
        panic!()
    };
    assert_eq!(keygen_token, ht);

    // The BU vector's Binding Authorization Data verifies from the packet.
    let bu = vector("sc_bu_rr");
    let p = Ipv6Packet::parse(&bu).unwrap();
    let mh = p.mobility_header().unwrap();
    assert!(rr::verify_mh_authenticator(&kbm, &coa, &cn, mh.as_bytes()));
    assert_eq!(
        rr::mh_authenticator(&kbm, &coa, &cn, mh.as_bytes()),
        Some(auth)
    );
    let repr = MobilityHeaderRepr::parse(&mh).unwrap();
    assert_eq!(
        repr.message.options().binding_authorization_data(),
        Some(&auth[..])
    );
    let mut tampered = mh.as_bytes().to_vec();
    tampered[7] ^= 1; // sequence number
    assert!(!rr::verify_mh_authenticator(&kbm, &coa, &cn, &tampered));
    // Filling in place reproduces the vector.
    let mut zeroed = mh.as_bytes().to_vec();
    let at = zeroed.len() - 12;
    zeroed[at..].fill(0);
    assert!(rr::fill_mh_authenticator(&kbm, &coa, &cn, &mut zeroed));
    assert_eq!(&zeroed[at..], &auth[..]);
}

// ---------------------------------------------------------------- tshark

fn pcap(packets: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&101u32.to_le_bytes()); // LINKTYPE_RAW
    for (i, p) in packets.iter().enumerate() {
        out.extend_from_slice(&(i as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(p);
    }
    out
}

/// Packets roam emits itself, for tshark to judge.
fn roam_emitted() -> Vec<Vec<u8>> {
    let hoa = a("2001:db8:1::100");
    let coa = a("2001:db8:77::100");
    let ha = a("2001:db8:1::1");
    let nai = b"mn1@example.org";
    let pbu_opts = [
        MobilityOption::MobileNodeIdentifier {
            subtype: 1,
            id: nai,
        },
        MobilityOption::HomeNetworkPrefix {
            prefix_len: 64,
            prefix: a("2001:db8:5::"),
        },
        MobilityOption::HandoffIndicator(HandoffIndicator::BETWEEN_MAGS),
        MobilityOption::AccessTechnologyType(AccessTechnologyType::IEEE_802_3),
        MobilityOption::MobileNodeLinkLayerId(&[0, 0x11, 0x22, 0x33, 0x44, 0x55]),
        MobilityOption::LinkLocalAddress(a("fe80::1")),
        MobilityOption::Timestamp(0x0000_6553_f100_8000),
    ];
    let bu_opts = [
        MobilityOption::NonceIndices {
            home: 1,
            care_of: 2,
        },
        MobilityOption::AlternateCareOf(coa),
        MobilityOption::BindingAuthorizationData(&[0x5a; 12]),
        MobilityOption::Unknown {
            ty: 200.into(),
            data: &[1, 2, 3],
        },
    ];
    let ba_opts = [MobilityOption::BindingRefreshAdvice { interval: 75 }];
    let msgs = [
        (
            Some(hoa),
            None,
            MessageRepr::BindingUpdate(roam::mip6::wire::BindingUpdateRepr {
                sequence: 1,
                flags: BuFlags::ACK | BuFlags::HOME,
                lifetime: Lifetime::from_secs_floor(3600),
                options: Options::List(&bu_opts),
            }),
        ),
        (
            None,
            Some(hoa),
            MessageRepr::BindingAck(roam::mip6::wire::BindingAckRepr {
                status: BaStatus::ACCEPTED,
                flags: BaFlags::empty(),
                sequence: 1,
                lifetime: Lifetime::from_secs_floor(3600),
                options: Options::List(&ba_opts),
            }),
        ),
        (
            None,
            None,
            MessageRepr::BindingUpdate(roam::mip6::wire::BindingUpdateRepr {
                sequence: 2,
                flags: BuFlags::ACK | BuFlags::HOME | BuFlags::PROXY,
                lifetime: Lifetime::from_secs_floor(600),
                options: Options::List(&pbu_opts),
            }),
        ),
        (
            None,
            Some(hoa),
            MessageRepr::BindingRefreshRequest {
                reserved: 0,
                options: Options::EMPTY,
            },
        ),
        (
            None,
            None,
            MessageRepr::HomeTestInit {
                reserved: 0,
                cookie: [7; 8],
                options: Options::EMPTY,
            },
        ),
        (
            None,
            None,
            MessageRepr::CareOfTest {
                nonce_index: 9,
                cookie: [7; 8],
                keygen_token: [8; 8],
                options: Options::EMPTY,
            },
        ),
        (
            None,
            None,
            MessageRepr::BindingError {
                status: BeStatus::UNKNOWN_BINDING_FOR_HAO,
                reserved: 0,
                home_address: hoa,
                options: Options::EMPTY,
            },
        ),
    ];
    msgs.iter()
        .map(|(home_address, routing_address, m)| {
            let (src, dst) = if routing_address.is_some() {
                (ha, coa)
            } else {
                (coa, ha)
            };
            MobilityPacketRepr {
                src,
                dst,
                hop_limit: 64,
                home_address: *home_address,
                routing_address: *routing_address,
                mobility: MobilityHeaderRepr::new(*m),
            }
            .to_vec()
            .unwrap()
        })
        .collect()
}

#[test]
fn roam_emitted_packets_walk_and_verify() {
    for p in roam_emitted() {
        let pkt = Ipv6Packet::parse(&p).unwrap();
        assert_eq!(pkt.verify_checksum(), Some(true));
        let mh = pkt.mobility_header().unwrap();
        assert_eq!(mh.anomalies(), Anomalies::empty());
        MobilityHeaderRepr::parse(&mh).unwrap();
    }
}

#[test]
fn tshark_finds_nothing_malformed_in_what_roam_emits() {
    if Command::new("tshark").arg("--version").output().is_err() {
        println!("skipped: tshark is not installed");
        return;
    }
    let path = std::env::temp_dir().join(format!("roam-mip6-{}.pcap", std::process::id()));
    fs::write(&path, pcap(&roam_emitted())).unwrap();
    let out = Command::new("tshark")
        .args(["-r"])
        .arg(&path)
        .args(["-V", "-o", "ip.check_checksum:TRUE"])
        .output()
        .expect("tshark runs");
    let _ = fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The unknown option 200 draws one "Note/Undecoded" expert item, which
    // is tshark saying it has no dissector for it; warnings and errors are
    // what must not appear.
    for bad in [
        "Malformed",
        "Severity level: Warning",
        "Severity level: Error",
        "[Checksum Status: Bad]",
    ] {
        assert!(!text.contains(bad), "tshark says {bad}:\n{text}");
    }
    // tshark decoded every message type and the PMIPv6 options.
    for want in [
        "Binding Update",
        "Binding Acknowledgement",
        "Binding Refresh Request",
        "Home Test Init",
        "Care-of Test",
        "Binding Error",
        "Home Network Prefix: 2001:db8:5::/64",
        "Mobile Node Identifier: mn1@example.org",
        "Handoff between mobile access gateways for the same interface",
        "Link-local Address: fe80::1",
        "Binding Refresh Advice",
        "Alternate Care-of Address",
        "Nonce Indices",
        "Home Address: 2001:db8:1::100",
    ] {
        assert!(text.contains(want), "tshark output lacks {want:?}:\n{text}");
    }
}

// ---------------------------------------------------------------- ND / ICMPv6

use roam::mip6::wire::{
    Icmpv6Message, Icmpv6Repr, Icmpv6Type, MapFlags, NdOption, NdOptionsRepr, PrefixFlags, RaFlags,
};

#[test]
fn every_icmpv6_vector_round_trips() {
    let mut seen = 0;
    for (name, _) in manifest() {
        let bytes = vector(&name);
        let p = Ipv6Packet::parse(&bytes).unwrap();
        if p.next_header != 58 {
            continue;
        }
        seen += 1;
        let msg = Icmpv6Message::new_checked(p.upper).unwrap();
        let repr = Icmpv6Repr::parse(&msg)
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .unwrap_or_else(|| panic!("{name}: not a mobility ICMPv6 type"));
        assert_eq!(repr.encoded_len(), p.upper.len(), "{name}");
        let mut out = vec![0u8; repr.encoded_len()];
        let n = repr
            .emit(&mut out, &p.checksum_source(), &p.checksum_destination())
            .unwrap();
        assert_eq!(&out[..n], p.upper, "{name}: re-emit");
    }
    assert_eq!(seen, 7);
}

#[test]
fn router_advertisement_mobility_options() {
    let bytes = vector("sc_ra_mobility");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let msg = Icmpv6Message::new_checked(p.upper).unwrap();
    assert_eq!(msg.msg_type(), Icmpv6Type::ROUTER_ADVERTISEMENT);
    assert!(msg.verify_checksum(&p.src, &p.dst));
    let Some(Icmpv6Repr::RouterAdvertisement { flags, options, .. }) =
        Icmpv6Repr::parse(&msg).unwrap()
    else {
        panic!()
    };
    assert!(flags.contains(RaFlags::HOME_AGENT));
    let opts: Vec<_> = options.iter().map(Result::unwrap).collect();
    assert_eq!(
        opts,
        vec![
            NdOption::PrefixInformation {
                prefix_len: 64,
                flags: PrefixFlags::ON_LINK | PrefixFlags::AUTONOMOUS | PrefixFlags::ROUTER_ADDRESS,
                valid_lifetime: u32::MAX,
                preferred_lifetime: u32::MAX,
                reserved2: 0,
                prefix: a("2001:db8:1::1"),
            },
            NdOption::AdvertisementInterval {
                reserved: 0,
                interval_ms: 1500
            },
            NdOption::HomeAgentInformation {
                reserved: 0,
                preference: 10,
                lifetime: 1800
            },
            NdOption::Map {
                distance: 1,
                preference: 15,
                flags: MapFlags::RCOA,
                valid_lifetime: 3600,
                address: a("2001:db8:aa::1"),
            },
        ]
    );
    // Emitting the list form gives the same bytes.
    let again = Icmpv6Repr::RouterAdvertisement {
        cur_hop_limit: 0,
        flags,
        router_lifetime: 1800,
        reachable_time: 0,
        retrans_timer: 0,
        options: NdOptionsRepr::List(&opts),
    };
    let mut out = vec![0u8; again.encoded_len()];
    let n = again.emit(&mut out, &p.src, &p.dst).unwrap();
    assert_eq!(&out[..n], p.upper);
}

#[test]
fn haad_reply_lists_home_agents() {
    let bytes = vector("sc_haad_reply");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    let msg = Icmpv6Message::new_checked(p.upper).unwrap();
    let repr = Icmpv6Repr::parse(&msg).unwrap().unwrap();
    let has: Vec<_> = repr.home_agents().collect();
    assert_eq!(has, vec![a("2001:db8:1::1"), a("2001:db8:1::2")]);
    // The MPS vector is checksummed with the HoA of its Home Address option.
    let bytes = vector("sc_mps");
    let p = Ipv6Packet::parse(&bytes).unwrap();
    assert_eq!(p.verify_checksum(), Some(true));
    let msg = Icmpv6Message::new_checked(p.upper).unwrap();
    assert!(!msg.verify_checksum(&p.src, &p.dst));
}

#[test]
fn nd_option_length_zero_is_an_error() {
    // RA header (16 bytes) then an option with length 0 (RFC 4861 §4.6).
    let mut ra = [0u8; 24];
    ra[0] = 134;
    ra[16] = 7;
    let msg = Icmpv6Message::new_checked(&ra[..]).unwrap();
    assert!(Icmpv6Repr::parse(&msg).is_err());
}

/// tshark's own decoding of every vector (`tshark-fields.tsv`, produced by
/// the command on its first line) agrees with roam's, field by field.
#[test]
fn tshark_field_decoding_agrees_with_roam() {
    let text = fs::read_to_string(dir().join("tshark-fields.tsv")).expect("tshark-fields.tsv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let names = manifest();
    let mut compared = 0;
    for line in lines {
        let row: HashMap<&str, &str> = header
            .iter()
            .copied()
            .zip(line.split('\t'))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let frame: usize = row["frame.number"].parse().unwrap();
        let (name, _) = &names[frame - 1];
        let bytes = vector(name);
        let p = Ipv6Packet::parse(&bytes).unwrap();
        let num = |k: &str| -> Option<u64> {
            row.get(k).map(|v| {
                v.strip_prefix("0x")
                    .map(|h| u64::from_str_radix(h, 16).unwrap())
                    .unwrap_or_else(|| v.parse().unwrap())
            })
        };
        if let Some(hoa) = row.get("ipv6.opt.mipv6.home_address") {
            assert_eq!(p.home_address, Some(a(hoa)), "{name}");
        }
        let Ok(mh) = p.mobility_header() else {
            assert!(!row.contains_key("mip6.mhtype"), "{name}");
            continue;
        };
        let repr = MobilityHeaderRepr::parse(&mh).unwrap();
        let m = &repr.message;
        let flag = |f: BuFlags| -> u64 {
            match m {
                MessageRepr::BindingUpdate(bu) => u64::from(bu.flags.contains(f)),
                _ => 2,
            }
        };
        let baflag = |f: BaFlags| -> u64 {
            match m {
                MessageRepr::BindingAck(ba) => u64::from(ba.flags.contains(f)),
                _ => 2,
            }
        };
        let checks: [(&str, Option<u64>); 19] = [
            ("mip6.proto", Some(u64::from(mh.payload_proto()))),
            ("mip6.hlen", Some(u64::from(mh.header_len()))),
            ("mip6.mhtype", Some(u64::from(mh.mh_type().0))),
            ("mip6.csum", Some(u64::from(mh.checksum()))),
            ("mip6.bu.seqnr", m.sequence().map(u64::from)),
            ("mip6.bu.lifetime", m.lifetime().map(|l| l.units().into())),
            ("mip6.bu.a_flag", Some(flag(BuFlags::ACK))),
            ("mip6.bu.h_flag", Some(flag(BuFlags::HOME))),
            ("mip6.bu.k_flag", Some(flag(BuFlags::KEY_MANAGEMENT))),
            ("mip6.bu.m_flag", Some(flag(BuFlags::MAP))),
            ("mip6.bu.p_flag", Some(flag(BuFlags::PROXY))),
            ("mip6.ba.status", m.status().map(u64::from)),
            ("mip6.ba.k_flag", Some(baflag(BaFlags::KEY_MANAGEMENT))),
            ("mip6.ba.p_flag", Some(baflag(BaFlags::PROXY))),
            ("mip6.ba.seqnr", m.sequence().map(u64::from)),
            ("mip6.ba.lifetime", m.lifetime().map(|l| l.units().into())),
            ("mip6.be.status", m.status().map(u64::from)),
            (
                "mip6.hot.nindex",
                match m {
                    MessageRepr::HomeTest { nonce_index, .. } => Some((*nonce_index).into()),
                    _ => None,
                },
            ),
            (
                "mip6.cot.nindex",
                match m {
                    MessageRepr::CareOfTest { nonce_index, .. } => Some((*nonce_index).into()),
                    _ => None,
                },
            ),
        ];
        for (field, ours) in checks {
            if let Some(theirs) = num(field) {
                assert_eq!(ours, Some(theirs), "{name}: {field}");
                compared += 1;
            }
        }
    }
    assert!(compared > 150, "compared {compared} fields");
}

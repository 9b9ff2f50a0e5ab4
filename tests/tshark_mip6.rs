//! `roam decode --format json` against `tshark -T json` on the Mobile IPv6
//! capture (`testvectors/mip6/mip6.pcap`, one frame per vector of
//! `manifest.txt`): every `mip6.*` field of the Mobility Header, every
//! mobility option, the Home Address option, and every `icmpv6.*` field of
//! the Router Advertisement, DHAAD and Mobile Prefix messages is compared
//! with roam's value (reserved fields and flag trees aside; a field this
//! test does not know fails it). tshark must report no malformed packet and
//! no expert warning on any frame.
//!
//! Checksums: tshark 4.0 does not verify Mobility Header checksums (it only
//! prints `mip6.csum`), so for Mobility Headers the verdict reference is the
//! manifest (scapy's four deliberately wrong checksums are "invalid"), and
//! roam must show the same checksum value tshark does. For ICMPv6, tshark's
//! `icmpv6.checksum.status` is compared directly.
//!
//! The test skips, saying why, when tshark is not installed.

mod cli_mip_support;

use std::collections::BTreeMap;

use cli_mip_support::{
    colon_hex, decode_json, hex_bytes, list, num, tshark_available, tshark_complaints,
    tshark_layers, tshark_time, vector,
};
use serde_json::Value;

#[derive(Default)]
struct Stats {
    fields: usize,
    options: usize,
}

fn same_num(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    assert_eq!(Some(num(t)), r.as_u64(), "{ctx}: tshark {t}, roam {r}");
    s.fields += 1;
}

fn same_str(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    assert_eq!(t.as_str(), r.as_str(), "{ctx}");
    s.fields += 1;
}

fn same_hex(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    assert_eq!(Some(colon_hex(t).as_str()), r.as_str(), "{ctx}");
    s.fields += 1;
}

/// A tshark boolean flag against bit `mask` of roam's `flags`.
fn same_flag(t: &Value, flags: &Value, mask: u64, ctx: &str, s: &mut Stats) {
    let f = flags.as_u64().expect("flags");
    assert_eq!(num(t) == 1, f & mask != 0, "{ctx}: flag {mask:#x}");
    s.fields += 1;
}

/// `(checksum valid)` per frame, from the manifest.
fn manifest() -> Vec<(String, bool)> {
    std::fs::read_to_string(vector("mip6", "manifest.txt"))
        .expect("manifest")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('|').map(str::trim).collect();
            (cols[0].to_owned(), cols[1] == "valid")
        })
        .collect()
}

fn compare_message(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    let flags = &r["flags"];
    for (k, tv) in t.as_object().expect("message") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "mip6.bu.seqnr" | "mip6.ba.seqnr" => same_num(tv, &r["sequence"], &ctx, s),
            "mip6.bu.lifetime" | "mip6.ba.lifetime" => same_num(tv, &r["lifetime_units"], &ctx, s),
            "mip6.ba.status" | "mip6.be.status" => same_num(tv, &r["status"], &ctx, s),
            "mip6.be.haddr" => same_str(tv, &r["be_home_address"], &ctx, s),
            "mip6.bu.a_flag" => same_flag(tv, flags, 0x8000, &ctx, s),
            "mip6.bu.h_flag" => same_flag(tv, flags, 0x4000, &ctx, s),
            "mip6.bu.l_flag" => same_flag(tv, flags, 0x2000, &ctx, s),
            "mip6.bu.k_flag" => same_flag(tv, flags, 0x1000, &ctx, s),
            "mip6.bu.m_flag" => same_flag(tv, flags, 0x0800, &ctx, s),
            "mip6.nemo.bu.r_flag" => same_flag(tv, flags, 0x0400, &ctx, s),
            "mip6.bu.p_flag" => same_flag(tv, flags, 0x0200, &ctx, s),
            "mip6.bu.f_flag" => same_flag(tv, flags, 0x0100, &ctx, s),
            "mip6.bu.t_flag" => same_flag(tv, flags, 0x0080, &ctx, s),
            "mip6.bu.b_flag" => same_flag(tv, flags, 0x0040, &ctx, s),
            "mip6.ba.k_flag" => same_flag(tv, flags, 0x80, &ctx, s),
            "mip6.nemo.ba.r_flag" => same_flag(tv, flags, 0x40, &ctx, s),
            "mip6.ba.p_flag" => same_flag(tv, flags, 0x20, &ctx, s),
            "mip6.ba.t_flag" => same_flag(tv, flags, 0x10, &ctx, s),
            "mip6.ba.b_flag" => same_flag(tv, flags, 0x08, &ctx, s),
            "mip6.hoti.cookie" | "mip6.coti.cookie" | "mip6.hot.cookie" | "mip6.cot.cookie" => {
                same_hex(tv, &r["cookie"], &ctx, s)
            }
            "mip6.hot.nindex" | "mip6.cot.nindex" => same_num(tv, &r["nonce_index"], &ctx, s),
            "mip6.hot.token" | "mip6.cot.token" => same_hex(tv, &r["keygen_token"], &ctx, s),
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
}

/// One option as tshark shows it: its field tree and its Option Length.
type TsharkOption<'a> = (Option<&'a Value>, Option<u64>);

/// The option type and Option Length of tshark's raw option bytes.
fn raw_type_len(raw: &Value) -> (u64, Option<u64>) {
    let b = hex_bytes(&colon_hex(raw));
    (u64::from(b[0]), b.get(1).map(|l| u64::from(*l)))
}

fn compare_options(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    let roam = r["options"].as_array().expect("options");
    // tshark: "mip6.options.<abbrev>" = raw bytes (one or an array), and
    // "<...>_tree" = the fields, in the same order.
    let mut by_type: BTreeMap<u64, Vec<TsharkOption<'_>>> = BTreeMap::new();
    let obj = t.as_object().expect("Mobility Options");
    for (k, v) in obj {
        if k.ends_with("_tree") {
            continue;
        }
        let trees = list(obj.get(&format!("{k}_tree")));
        for (i, raw) in list(Some(v)).into_iter().enumerate() {
            let (ty, len) = raw_type_len(raw);
            by_type
                .entry(ty)
                .or_default()
                .push((trees.get(i).copied(), len));
        }
    }
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    let total: usize = by_type.values().map(Vec::len).sum();
    assert_eq!(total, roam.len(), "{ctx}: option count");
    for o in roam {
        let ty = o["type"].as_u64().expect("type");
        let i = seen.entry(ty).or_default();
        let (tree, len) = by_type
            .get(&ty)
            .and_then(|v| v.get(*i))
            .copied()
            .unwrap_or_else(|| panic!("{ctx}: tshark lacks option {ty} #{i}"));
        *i += 1;
        s.options += 1;
        let ctx = format!("{ctx} option {ty}");
        assert_eq!(len, o["length"].as_u64(), "{ctx}: length");
        let Some(tree) = tree else { continue };
        for (k, tv) in tree.as_object().expect("option tree") {
            let ctx = format!("{ctx} {k}");
            match k.as_str() {
                "mip6.mobility_opt.len" => same_num(tv, &o["length"], &ctx, s),
                "mip6.bra.interval" => same_num(tv, &o["refresh_interval_units"], &ctx, s),
                "mip6.acoa.acoa" => same_str(tv, &o["alternate_care_of_address"], &ctx, s),
                "mip6.ni.hni" => same_num(tv, &o["home_nonce_index"], &ctx, s),
                "mip6.ni.cni" => same_num(tv, &o["care_of_nonce_index"], &ctx, s),
                "mip6.bad.auth" => same_hex(tv, &o["authenticator"], &ctx, s),
                "mip6.mnid.subtype" => same_num(tv, &o["subtype"], &ctx, s),
                "mip6.mnid.identifier" => same_str(tv, &o["identifier"], &ctx, s),
                "mip6.hi" => same_num(tv, &o["handoff_indicator"], &ctx, s),
                "mip6.att" => same_num(tv, &o["access_technology_type"], &ctx, s),
                "mip6.mnlli.lli" => same_hex(tv, &o["link_layer_identifier"], &ctx, s),
                "mip6.lila_lla" => same_str(tv, &o["link_local_address"], &ctx, s),
                // tshark shows the Home Network Prefix with NEMO's fields.
                "mip6.nemo.mnp.pfl" if ty == 22 => same_num(tv, &o["prefix_length"], &ctx, s),
                "mip6.nemo.mnp.mnp" if ty == 22 => same_str(tv, &o["prefix"], &ctx, s),
                // 48-bit seconds since 1970 and a 16-bit fraction.
                "mip6.timestamp_tmp" => {
                    let ts = o["timestamp"].as_u64().expect("timestamp");
                    let (secs, ns) = tshark_time(tv.as_str().expect("time"));
                    assert_eq!(secs, ts >> 16, "{ctx}");
                    assert_eq!(ns, ((ts & 0xffff) * 1_000_000_000) >> 16, "{ctx}");
                    s.fields += 1;
                }
                "mip6.padn" => assert!(o["type"] == 1, "{ctx}"),
                // Options roam keeps as unknown (NEMO prefix 6, FMIPv6
                // link-layer address 7): their data, from the raw bytes.
                _ if o.get("data").is_some() => {}
                k if k.contains("reserved") => {}
                other => panic!("{ctx}: tshark field {other} not compared"),
            }
        }
    }
}

fn compare_mobility(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    for (k, tv) in t.as_object().expect("mipv6") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "mip6.proto" => same_num(tv, &r["payload_proto"], &ctx, s),
            "mip6.hlen" => same_num(tv, &r["header_len"], &ctx, s),
            "mip6.mhtype" => same_num(tv, &r["mh_type"], &ctx, s),
            "mip6.csum" => same_num(tv, &r["checksum"], &ctx, s),
            "mip6.reserved" => {}
            // The BRR's 16 reserved bits.
            "mip6.binding_refresh_request" => {
                let v = u64::from_str_radix(&colon_hex(tv), 16).expect("hex");
                assert_eq!(Some(v), r["reserved"].as_u64(), "{ctx}");
                s.fields += 1;
            }
            "Mobility Options" => compare_options(tv, r, &ctx, s),
            _ if tv.is_object() => {
                assert_eq!(Some(k.as_str()), r["mh_type_name"].as_str(), "{ctx}");
                compare_message(tv, r, &ctx, s);
            }
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
}

fn compare_nd_option(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    for (k, tv) in t.as_object().expect("option") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "icmpv6.opt.type" => same_num(tv, &r["type"], &ctx, s),
            "icmpv6.opt.length" => same_num(tv, &r["length"], &ctx, s),
            "icmpv6.opt.prefix.length" => same_num(tv, &r["prefix_length"], &ctx, s),
            "icmpv6.opt.prefix.flag" | "icmpv6.opt.map.flag" => same_num(tv, &r["flags"], &ctx, s),
            "icmpv6.opt.prefix.valid_lifetime" | "icmpv6.opt.map.valid_lifetime" => {
                same_num(tv, &r["valid_lifetime"], &ctx, s)
            }
            "icmpv6.opt.prefix.preferred_lifetime" => {
                same_num(tv, &r["preferred_lifetime"], &ctx, s)
            }
            "icmpv6.opt.prefix" => same_str(tv, &r["prefix"], &ctx, s),
            "icmpv6.opt.advertisement_interval" => same_num(tv, &r["interval_ms"], &ctx, s),
            "icmpv6.opt.home_agent_preference" => {
                let p: i64 = tv
                    .as_str()
                    .and_then(|x| x.parse().ok())
                    .expect("preference");
                assert_eq!(Some(p), r["preference"].as_i64(), "{ctx}");
                s.fields += 1;
            }
            "icmpv6.opt.home_agent_lifetime" => same_num(tv, &r["lifetime"], &ctx, s),
            "icmpv6.opt.map.distance" => same_num(tv, &r["distance"], &ctx, s),
            "icmpv6.opt.map.preference" => same_num(tv, &r["preference"], &ctx, s),
            "icmpv6.opt.map.global_address" => same_str(tv, &r["address"], &ctx, s),
            k if k.ends_with("_tree") || k.contains("reserved") => {}
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
}

fn compare_icmpv6(t: &Value, r: &Value, ctx: &str, s: &mut Stats) {
    for (k, tv) in t.as_object().expect("icmpv6") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "icmpv6.type" => same_num(tv, &r["icmp_type"], &ctx, s),
            "icmpv6.code" => same_num(tv, &r["code"], &ctx, s),
            "icmpv6.checksum" => same_num(tv, &r["checksum"], &ctx, s),
            "icmpv6.checksum.status" => {
                assert_eq!(r["checksum_valid"], num(tv) == 1, "{ctx}");
                s.fields += 1;
            }
            "icmpv6.nd.ra.cur_hop_limit" => same_num(tv, &r["cur_hop_limit"], &ctx, s),
            // RA: 8 bits; Mobile Prefix Advertisement: the 16 after the
            // identifier (M, O, reserved).
            "icmpv6.nd.ra.flag" | "icmpv6.mip6.flag" => same_num(tv, &r["flags"], &ctx, s),
            "icmpv6.nd.ra.router_lifetime" => same_num(tv, &r["router_lifetime"], &ctx, s),
            "icmpv6.nd.ra.reachable_time" => same_num(tv, &r["reachable_time"], &ctx, s),
            "icmpv6.nd.ra.retrans_timer" => same_num(tv, &r["retrans_timer"], &ctx, s),
            "icmpv6.mip6.identifier" => same_num(tv, &r["identifier"], &ctx, s),
            "icmpv6.mip6.home_agent_address" => {
                let t = list(Some(tv));
                let ha = r["home_agents"].as_array().expect("home agents");
                assert_eq!(t.len(), ha.len(), "{ctx}");
                for (a, b) in t.iter().zip(ha) {
                    same_str(a, b, &ctx, s);
                }
            }
            "icmpv6.opt" => {
                let t = list(Some(tv));
                let opts = r["options"].as_array().expect("options");
                assert_eq!(t.len(), opts.len(), "{ctx}: option count");
                for (a, b) in t.iter().zip(opts) {
                    s.options += 1;
                    compare_nd_option(a, b, &ctx, s);
                }
            }
            k if k.ends_with("_tree") || k.contains("reserved") => {}
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
}

/// The Home Address option tshark found, if any.
fn tshark_hao(ipv6: &Value) -> Option<String> {
    list(ipv6.get("ipv6.dstopts"))
        .into_iter()
        .flat_map(|d| list(d.get("ipv6.opt")))
        .find_map(|o| o.get("ipv6.opt.mipv6.home_address"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[test]
fn mip6_capture_matches_tshark() {
    if !tshark_available() {
        return;
    }
    let pcap = vector("mip6", "mip6.pcap");
    assert_eq!(
        tshark_complaints(&pcap),
        Vec::<u64>::new(),
        "tshark complains"
    );
    let manifest = manifest();
    let t = tshark_layers(&pcap);
    let r = decode_json(&[], &pcap);
    assert_eq!(t.len(), manifest.len());
    assert_eq!(r.len(), manifest.len());
    let mut s = Stats::default();
    for (i, ((name, valid), (t, r))) in manifest.iter().zip(t.iter().zip(&r)).enumerate() {
        let ctx = format!("frame {} ({name})", i + 1);
        assert_eq!(r["frame"], i as u64 + 1, "{ctx}");
        assert_eq!(r["checksum_valid"], *valid, "{ctx}: checksum verdict");
        let hao = tshark_hao(&t["ipv6"]);
        assert_eq!(r["home_address"].as_str(), hao.as_deref(), "{ctx}: HAO");
        if let Some(m) = t["ipv6"].get("mipv6") {
            assert_eq!(r["protocol"], "mip6", "{ctx}");
            compare_mobility(m, r, &ctx, &mut s);
        } else {
            let icmp = t
                .get("icmpv6")
                .unwrap_or_else(|| panic!("{ctx}: no icmpv6"));
            compare_icmpv6(icmp, r, &ctx, &mut s);
        }
    }
    println!(
        "compared {} frames: {} options, {} fields",
        r.len(),
        s.options,
        s.fields
    );
    assert!(s.options >= 40 && s.fields >= 350);
}

#[test]
fn comparison_catches_a_wrong_value() {
    if !tshark_available() {
        return;
    }
    let pcap = vector("mip6", "mip6.pcap");
    let t = tshark_layers(&pcap);
    let mut r = decode_json(&[], &pcap);
    // Frame 33 is the PMIPv6 PBU: change one option field.
    r[32]["options"][2]["prefix_length"] = Value::from(48);
    let caught = std::panic::catch_unwind(|| {
        let mut s = Stats::default();
        compare_mobility(&t[32]["ipv6"]["mipv6"], &r[32], "doctored", &mut s);
    });
    assert!(caught.is_err());
}

//! `roam decode --format json` against `tshark -T json` on every Mobile IPv4
//! vector capture (`testvectors/mip4/*.pcap`): every `mip.*` field of
//! registration and revocation messages and every `icmp.*`/`icmp.mip.*`
//! field of agent advertisements and solicitations that tshark shows is
//! compared with roam's value (reserved fields and flag trees aside; a field
//! this test does not know fails it, so nothing is skipped silently). tshark
//! must also report no malformed packet and no expert warning on them.
//!
//! tshark shows the Identification as an NTP timestamp (`Aug 18, 2023
//! 17:39:15.000000015 UTC`): the test converts roam's 16 hex digits the same
//! way (high 32 bits seconds since 1900, low 32 bits the fraction, which
//! tshark truncates to nanoseconds).
//!
//! The test skips, saying why, when tshark is not installed.

mod cli_mip_support;

use std::collections::BTreeMap;
use std::path::Path;

use cli_mip_support::{
    colon_hex, decode_json, list, num, to_hex, tshark_available, tshark_complaints, tshark_layers,
    tshark_time, vectors, NTP_UNIX_OFFSET,
};
use serde_json::Value;

/// Counts of compared fields, to prove the comparison ran.
#[derive(Default)]
struct Stats {
    fields: usize,
    extensions: usize,
}

fn same_num(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    assert_eq!(Some(num(t)), r.as_u64(), "{ctx}: tshark {t}, roam {r}");
    stats.fields += 1;
}

fn same_str(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    assert_eq!(t.as_str(), r.as_str(), "{ctx}");
    stats.fields += 1;
}

fn same_hex(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    assert_eq!(Some(colon_hex(t).as_str()), r.as_str(), "{ctx}");
    stats.fields += 1;
}

/// tshark's timestamp rendering of roam's 16-hex-digit Identification.
fn same_ident(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    let id = u64::from_str_radix(r.as_str().expect("identification"), 16).expect("hex");
    let (secs, ns) = tshark_time(t.as_str().expect("time"));
    assert_eq!(secs + NTP_UNIX_OFFSET, id >> 32, "{ctx}: seconds");
    let frac_ns = ((id & 0xffff_ffff) * 1_000_000_000) >> 32;
    assert!(
        frac_ns.abs_diff(ns) <= 1,
        "{ctx}: fraction {ns} vs {frac_ns}"
    );
    stats.fields += 1;
}

/// The objects under keys starting with `prefix` (tshark's subtrees named
/// after the extension), arrays flattened.
fn subtrees<'a>(layer: &'a Value, prefix: &str) -> Vec<&'a Value> {
    layer
        .as_object()
        .expect("object")
        .iter()
        .filter(|(k, _)| k.starts_with(prefix))
        .flat_map(|(_, v)| list(Some(v)))
        .collect()
}

/// Pairs tshark's and roam's extensions by type, in order within a type
/// (tshark's JSON object loses the order across types).
fn pair_by_type<'a>(
    tshark: Vec<&'a Value>,
    type_key: &str,
    roam: &'a [Value],
    ctx: &str,
) -> Vec<(&'a Value, &'a Value)> {
    let mut by_type: BTreeMap<u64, Vec<&Value>> = BTreeMap::new();
    for e in roam {
        by_type
            .entry(e["type"].as_u64().expect("type"))
            .or_default()
            .push(e);
    }
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    let mut pairs = Vec::new();
    for t in tshark {
        let ty = num(&t[type_key]);
        let i = seen.entry(ty).or_default();
        let r = by_type
            .get(&ty)
            .and_then(|v| v.get(*i))
            .unwrap_or_else(|| panic!("{ctx}: roam lacks extension {ty} #{i}"));
        *i += 1;
        pairs.push((t, *r));
    }
    assert_eq!(pairs.len(), roam.len(), "{ctx}: extension count");
    pairs
}

fn compare_registration(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    for (k, tv) in t.as_object().expect("mip layer") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "mip.type" => same_num(tv, &r["type"], &ctx, stats),
            "mip.flags" | "mip.flags2" => same_num(tv, &r["flags"], &ctx, stats),
            "mip.code" => same_num(tv, &r["code"], &ctx, stats),
            "mip.life" => same_num(tv, &r["lifetime"], &ctx, stats),
            "mip.homeaddr" => same_str(tv, &r["home_address"], &ctx, stats),
            "mip.haaddr" => same_str(tv, &r["home_agent"], &ctx, stats),
            "mip.coa" => same_str(tv, &r["care_of_address"], &ctx, stats),
            "mip.ident" => same_ident(tv, &r["identification"], &ctx, stats),
            "mip.rev.hda" => same_str(tv, &r["home_domain_address"], &ctx, stats),
            "mip.rev.fda" => same_str(tv, &r["foreign_domain_address"], &ctx, stats),
            "mip.revid" => same_num(tv, &r["revocation_id"], &ctx, stats),
            "mip.flags_tree" | "mip.flags2_tree" | "mip.rev.reserved" | "mip.ack.reserved" => {}
            "Extensions" => {
                let roam = r["extensions"].as_array().expect("extensions");
                let ts = subtrees(tv, "Extension: ");
                for (te, re) in pair_by_type(ts, "mip.ext.type", roam, &ctx) {
                    compare_extension(te, re, &ctx, stats);
                }
            }
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
}

fn compare_extension(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    let ty = num(&t["mip.ext.type"]);
    let ctx = format!("{ctx} ext {ty}");
    stats.extensions += 1;
    for (k, tv) in t.as_object().expect("extension") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "mip.ext.type" => same_num(tv, &r["type"], &ctx, stats),
            "mip.ext.len" => same_num(tv, &r["length"], &ctx, stats),
            "mip.auth.spi" => same_num(tv, &r["spi"], &ctx, stats),
            "mip.auth.auth" => same_hex(tv, &r["authenticator"], &ctx, stats),
            "mip.nai" => same_str(tv, &r["nai"], &ctx, stats),
            "mip.ext.auth.subtype" | "mip.ext.utrq.subtype" => {
                same_num(tv, &r["subtype"], &ctx, stats)
            }
            // tshark's raw view of extensions it shows as bytes.
            "mip.extension" => {
                let roam = match ty {
                    132 => &r["challenge"],
                    130 => &Value::String(String::new()),
                    _ => &r["data"],
                };
                same_hex(tv, roam, &ctx, stats);
            }
            "mip.ext.utrq.flags" | "mip.ext.rev.flags" => same_num(tv, &r["flags"], &ctx, stats),
            "mip.ext.utrq.encaptype" => same_num(tv, &r["encapsulation"], &ctx, stats),
            "mip.ext.rev.tstamp" => same_num(tv, &r["timestamp"], &ctx, stats),
            "mip.ext.nvse.vendor_id" | "mip.ext.cvse.vendor_id" => {
                same_num(tv, &r["vendor_id"], &ctx, stats)
            }
            "mip.ext.nvse.3gpp2.type" | "mip.ext.cvse.vendor_type" => {
                same_num(tv, &r["vendor_type"], &ctx, stats)
            }
            // 3GPP2 NVSE type 16: a 16-bit value tshark prints in decimal.
            "mip.ext.nvse.3gpp2.type16.value" => {
                let v = u64::from_str_radix(r["value"].as_str().expect("hex"), 16).expect("hex");
                assert_eq!(num(tv), v, "{ctx}");
                stats.fields += 1;
            }
            "mip.ext.cvse.vendor_value" => same_hex(tv, &r["value"], &ctx, stats),
            k if k.ends_with("_tree") || k.contains("reserved") => {}
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
}

fn compare_icmp(t: &Value, r: &Value, ctx: &str, stats: &mut Stats) {
    let routers = r["routers"].as_array().cloned().unwrap_or_default();
    for (k, tv) in t.as_object().expect("icmp layer") {
        let ctx = format!("{ctx} {k}");
        match k.as_str() {
            "icmp.type" => same_num(tv, &r["icmp_type"], &ctx, stats),
            "icmp.code" => same_num(tv, &r["code"], &ctx, stats),
            "icmp.checksum" => same_num(tv, &r["checksum"], &ctx, stats),
            // 1: good, 2: bad (tshark's PROTO_CHECKSUM_E_*).
            "icmp.checksum.status" => {
                assert_eq!(r["checksum_valid"], num(tv) == 1, "{ctx}");
                stats.fields += 1;
            }
            "icmp.num_addrs" => same_num(tv, &r["num_addrs"], &ctx, stats),
            "icmp.lifetime" => same_num(tv, &r["lifetime"], &ctx, stats),
            "icmp.addr_entry_size" => assert_eq!(num(tv), 2, "{ctx}"),
            "icmp.router_address" => {
                let t: Vec<&Value> = list(Some(tv));
                assert_eq!(t.len(), routers.len(), "{ctx}");
                for (a, b) in t.iter().zip(&routers) {
                    same_str(a, &b["address"], &ctx, stats);
                }
            }
            "icmp.pref_level" => {
                let t: Vec<&Value> = list(Some(tv));
                for (a, b) in t.iter().zip(&routers) {
                    let p: i64 = a.as_str().and_then(|s| s.parse().ok()).expect("level");
                    assert_eq!(Some(p), b["preference"].as_i64(), "{ctx}");
                    stats.fields += 1;
                }
            }
            k if k.starts_with("Ext: ") => {}
            other => panic!("{ctx}: tshark field {other} not compared"),
        }
    }
    let roam = r["extensions"].as_array().cloned().unwrap_or_default();
    let ts = subtrees(t, "Ext: ");
    for (te, re) in pair_by_type(ts, "icmp.mip.type", &roam, ctx) {
        stats.extensions += 1;
        for (k, tv) in te.as_object().expect("extension") {
            let ctx = format!("{ctx} {k}");
            match k.as_str() {
                "icmp.mip.type" => same_num(tv, &re["type"], &ctx, stats),
                "icmp.mip.length" => same_num(tv, &re["length"], &ctx, stats),
                "icmp.mip.seq" => same_num(tv, &re["sequence"], &ctx, stats),
                "icmp.mip.life" => same_num(tv, &re["registration_lifetime"], &ctx, stats),
                "icmp.mip.flags" => same_num(tv, &re["flags"], &ctx, stats),
                "icmp.mip.coa" => {
                    let t: Vec<&Value> = list(Some(tv));
                    let r = re["care_of_addresses"].as_array().expect("CoAs");
                    assert_eq!(t.len(), r.len(), "{ctx}");
                    for (a, b) in t.iter().zip(r) {
                        same_str(a, b, &ctx, stats);
                    }
                }
                "icmp.mip.prefixlength" => {
                    let t: Vec<u8> = list(Some(tv)).iter().map(|v| num(v) as u8).collect();
                    assert_eq!(
                        Some(to_hex(&t).as_str()),
                        re["prefix_lengths"].as_str(),
                        "{ctx}"
                    );
                    stats.fields += 1;
                }
                "icmp.mip.challenge" => same_hex(tv, &re["challenge"], &ctx, stats),
                k if k.ends_with("_tree") || k.contains("reserved") => {}
                other => panic!("{ctx}: tshark field {other} not compared"),
            }
        }
    }
}

fn compare(pcap: &Path, stats: &mut Stats) {
    let name = pcap.file_name().and_then(|n| n.to_str()).expect("name");
    assert_eq!(
        tshark_complaints(pcap),
        Vec::<u64>::new(),
        "{name}: tshark complains"
    );
    let t = tshark_layers(pcap);
    let r = decode_json(&[], pcap);
    assert_eq!(t.len(), 1, "{name}");
    assert_eq!(r.len(), 1, "{name}");
    let (t, r) = (&t[0], &r[0]);
    match r["protocol"].as_str() {
        Some("mip4") => compare_registration(&t["mip"], r, name, stats),
        Some("mip4-agent-adv" | "mip4-agent-sol") => compare_icmp(&t["icmp"], r, name, stats),
        other => panic!("{name}: protocol {other:?}"),
    }
}

#[test]
fn every_mip4_vector_matches_tshark() {
    if !tshark_available() {
        return;
    }
    let mut stats = Stats::default();
    let pcaps = vectors("mip4", "pcap");
    assert!(pcaps.len() >= 11);
    for pcap in &pcaps {
        compare(pcap, &mut stats);
    }
    println!(
        "compared {} vectors: {} extensions, {} fields",
        pcaps.len(),
        stats.extensions,
        stats.fields
    );
    assert!(stats.extensions >= 25 && stats.fields >= 150);
}

#[test]
fn comparison_catches_a_wrong_value() {
    if !tshark_available() {
        return;
    }
    let pcap = &vectors("mip4", "pcap")[0];
    let t = tshark_layers(pcap);
    let mut r = decode_json(&[], pcap);
    // Break one value roam reported: the comparison must notice.
    r[0]["lifetime"] = Value::from(1);
    let caught = std::panic::catch_unwind(|| {
        let mut stats = Stats::default();
        compare_icmp(&t[0]["icmp"], &r[0], "doctored", &mut stats);
    });
    assert!(caught.is_err());
}

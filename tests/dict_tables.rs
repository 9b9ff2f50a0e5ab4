//! Checks of the built-in dictionary tables (`roam::diameter::dict::builtin`):
//!
//! * internal consistency (sorted, unique, every grammar line resolvable,
//!   every Grouped AVP has a grammar, enums sorted);
//! * an independent cross-check against Wireshark's dictionary XML files
//!   (Debian `wireshark-common`, `/usr/share/wireshark/diameter`), read with a
//!   small ad-hoc scanner. Skipped with a printed reason when the directory is
//!   missing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use roam::diameter::dict::builtin::{self, ALL};
use roam::diameter::dict::table::{
    Application, AvpEntry, FlagRule, GroupedEntry, Position, RuleEntry, UNBOUNDED,
};
use roam::diameter::wire::AvpType;

fn all_avps() -> impl Iterator<Item = (&'static Application, &'static AvpEntry)> {
    ALL.iter()
        .flat_map(|app| app.avps.iter().map(move |a| (*app, a)))
}

fn find_avp(vendor: u32, code: u32) -> Option<&'static AvpEntry> {
    all_avps()
        .map(|(_, a)| a)
        .find(|a| a.vendor == vendor && a.code == code)
}

fn find_grouped(vendor: u32, code: u32) -> Vec<&'static GroupedEntry> {
    ALL.iter()
        .flat_map(|app| app.grouped.iter())
        .filter(|g| g.vendor == vendor && g.code == code)
        .collect()
}

#[test]
fn all_lists_every_module_once() {
    let ids: Vec<u32> = ALL.iter().map(|a| a.id).collect();
    assert_eq!(ids, [0, 2, 1, 4, 8]);
    assert!(std::ptr::eq(ALL[0], &builtin::base::APPLICATION));
    assert!(std::ptr::eq(ALL[1], &builtin::mip4::APPLICATION));
    assert!(std::ptr::eq(ALL[2], &builtin::nasreq::APPLICATION));
    assert!(std::ptr::eq(ALL[3], &builtin::credit_control::APPLICATION));
    assert!(std::ptr::eq(ALL[4], &builtin::mip6::APPLICATION));
    for app in ALL {
        assert!(
            app.source.starts_with("RFC "),
            "{}: source {:?}",
            app.name,
            app.source
        );
    }
}

#[test]
fn tables_are_sorted_and_unique() {
    for app in ALL {
        for w in app.avps.windows(2) {
            assert!(
                (w[0].vendor, w[0].code) < (w[1].vendor, w[1].code),
                "{}: AVPs {} and {} out of order or duplicate",
                app.name,
                w[0].name,
                w[1].name
            );
        }
        for w in app.commands.windows(2) {
            assert!(w[0].code < w[1].code, "{}: commands out of order", app.name);
        }
        for w in app.grouped.windows(2) {
            assert!(
                (w[0].vendor, w[0].code) < (w[1].vendor, w[1].code),
                "{}: grouped {} / {} out of order or duplicate",
                app.name,
                w[0].code,
                w[1].code
            );
        }
    }
    // Across tables: one definition per (vendor, code) and per name.
    let mut seen: HashMap<(u32, u32), &str> = HashMap::new();
    let mut names: HashMap<String, u32> = HashMap::new();
    for (app, a) in all_avps() {
        if let Some(other) = seen.insert((a.vendor, a.code), app.name) {
            panic!(
                "AVP {} ({}) defined in both {} and {}",
                a.name, a.code, other, app.name
            );
        }
        if let Some(other) = names.insert(a.name.to_ascii_lowercase(), a.code) {
            panic!(
                "AVP name {} used for codes {} and {}",
                a.name, other, a.code
            );
        }
    }
}

#[test]
fn enums_are_sorted_and_only_on_enumerated() {
    for (app, a) in all_avps() {
        // RFC 7155 §1.1 leaves the RADIUS-derived values to IANA.
        let in_registry = a.vendor == 0
            && app.id == builtin::nasreq::APPLICATION_ID
            && builtin::nasreq::VALUES_IN_RADIUS_REGISTRY.contains(&a.code);
        if in_registry {
            assert_eq!(a.ty, AvpType::Enumerated, "{}", a.name);
            assert!(
                a.enums.is_empty(),
                "{}: values are in the IANA registry",
                a.name
            );
        } else if a.ty == AvpType::Enumerated {
            assert!(
                !a.enums.is_empty(),
                "{}: {} has no values",
                app.name,
                a.name
            );
        } else {
            assert!(
                a.enums.is_empty(),
                "{}: {} is not Enumerated",
                app.name,
                a.name
            );
        }
        for w in a.enums.windows(2) {
            assert!(
                w[0].0 < w[1].0,
                "{}: {} enum values out of order",
                app.name,
                a.name
            );
        }
        let mut names = BTreeSet::new();
        for (_, n) in a.enums {
            assert!(!n.is_empty());
            assert!(
                names.insert(*n),
                "{}: {} repeats the name {}",
                app.name,
                a.name,
                n
            );
        }
        assert!(!a.name.is_empty() && a.name.is_ascii());
    }
}

fn check_grammar(what: &str, rules: &[RuleEntry]) {
    let mut fixed_done = false;
    let mut seen = BTreeSet::new();
    for r in rules {
        let a = find_avp(r.vendor, r.code)
            .unwrap_or_else(|| panic!("{what}: AVP {}/{} is not in any table", r.vendor, r.code));
        assert!(
            seen.insert((r.vendor, r.code)),
            "{what}: {} listed twice",
            a.name
        );
        assert!(r.min <= r.max, "{what}: {} min > max", a.name);
        assert!(r.max > 0, "{what}: {} max 0", a.name);
        match r.position {
            Position::Fixed => {
                assert!(
                    !fixed_done,
                    "{what}: fixed {} after a non-fixed rule",
                    a.name
                );
                assert!(r.min >= 1, "{what}: fixed {} min 0", a.name);
            }
            Position::Required => {
                fixed_done = true;
                assert!(r.min >= 1, "{what}: required {} min 0", a.name);
            }
            Position::Optional => {
                fixed_done = true;
                assert_eq!(r.min, 0, "{what}: optional {} min not 0", a.name);
            }
        }
    }
}

#[test]
fn grammars_refer_to_defined_avps() {
    for app in ALL {
        for c in app.commands {
            assert!(c.request_abbrev.ends_with('R') && c.answer_abbrev.ends_with('A'));
            check_grammar(&format!("{} {}", app.name, c.request_abbrev), c.request);
            check_grammar(&format!("{} {}", app.name, c.answer_abbrev), c.answer);
        }
        for g in app.grouped {
            let a = find_avp(g.vendor, g.code).unwrap_or_else(|| {
                panic!("{}: grouped grammar for undefined AVP {}", app.name, g.code)
            });
            assert_eq!(
                a.ty,
                AvpType::Grouped,
                "{}: {} has a grammar",
                app.name,
                a.name
            );
            check_grammar(&format!("{} {}", app.name, a.name), g.rules);
        }
    }
}

#[test]
fn every_grouped_avp_has_one_grammar() {
    for (app, a) in all_avps() {
        if a.ty == AvpType::Grouped {
            let g = find_grouped(a.vendor, a.code);
            assert_eq!(
                g.len(),
                1,
                "{}: {} has {} grammars",
                app.name,
                a.name,
                g.len()
            );
        }
    }
}

/// Spot checks that pin a few grammar lines exactly as the RFCs write them.
#[test]
fn base_grammar_spot_checks() {
    let base = &builtin::base::APPLICATION;
    let cer = base.commands.iter().find(|c| c.code == 257).unwrap();
    // RFC 6733 §5.3.1: 1* { Host-IP-Address }
    let hip = cer.request.iter().find(|r| r.code == 257).unwrap();
    assert_eq!(
        (hip.position, hip.min, hip.max),
        (Position::Required, 1, UNBOUNDED)
    );
    assert!(!cer.proxiable && cer.request_extensible);
    // RFC 6733 §8.4.1: < Session-Id > first in the STR.
    let str_ = base.commands.iter().find(|c| c.code == 275).unwrap();
    assert_eq!(str_.request[0].code, 263);
    assert_eq!(str_.request[0].position, Position::Fixed);
    assert!(str_.proxiable);
    // RFC 6733 §4.5: Error-Message M bit MUST NOT.
    let em = find_avp(0, 281).unwrap();
    assert_eq!((em.m, em.v), (FlagRule::MustNot, FlagRule::MustNot));
    // RFC 6733 §7.6: Experimental-Result has no `* [ AVP ]`.
    let er = find_grouped(0, 297);
    assert!(!er[0].extensible);
}

// ---------------------------------------------------------------------------
// Wireshark cross-check
// ---------------------------------------------------------------------------

const WIRESHARK_DIR: &str = "/usr/share/wireshark/diameter";

/// One `<avp>` of a Wireshark dictionary file.
#[derive(Debug, Clone)]
struct WsAvp {
    file: String,
    name: String,
    /// `type-name` of `<type>`, or "Grouped".
    ty: String,
    mandatory: Option<String>,
    vendor_bit: Option<String>,
    enums: BTreeMap<i64, String>,
}

/// Removes `<!-- ... -->` comments.
fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The value of `name="..."` inside one tag's text.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let at = from + i;
        let before_ok = at == 0 || tag.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &tag[at + name.len()..];
        let after = after.trim_start();
        if before_ok && after.starts_with('=') {
            let v = after[1..].trim_start();
            let q = v.chars().next()?;
            if q == '"' || q == '\'' {
                let v = &v[1..];
                return v.find(q).map(|e| &v[..e]);
            }
        }
        from = at + name.len();
    }
    None
}

/// Scans every XML file: vendor name → id, and (vendor id, code) → AVPs.
fn load_wireshark(dir: &Path) -> HashMap<(u32, u32), Vec<WsAvp>> {
    let mut texts = Vec::new();
    for entry in fs::read_dir(dir).expect("readable wireshark directory") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("readable XML");
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        texts.push((file, strip_comments(&text)));
    }
    // Vendors: <vendor vendor-id="TGPP" code="10415" name="..."/>
    let mut vendors: HashMap<String, u32> = HashMap::new();
    vendors.insert("None".into(), 0);
    for (_, text) in &texts {
        for (i, _) in text.match_indices("<vendor ") {
            let tag = &text[i..i + text[i..].find('>').unwrap()];
            if let (Some(id), Some(code)) = (attr(tag, "vendor-id"), attr(tag, "code")) {
                if let Ok(code) = code.parse() {
                    vendors.insert(id.to_string(), code);
                }
            }
        }
    }
    let mut avps: HashMap<(u32, u32), Vec<WsAvp>> = HashMap::new();
    for (file, text) in &texts {
        for (i, _) in text.match_indices("<avp ") {
            let tag_end = i + text[i..].find('>').unwrap();
            let tag = &text[i..tag_end];
            let body = if tag.ends_with('/') {
                ""
            } else {
                let end = text[tag_end..]
                    .find("</avp>")
                    .map_or(text.len(), |e| tag_end + e);
                &text[tag_end..end]
            };
            let (Some(name), Some(code)) = (attr(tag, "name"), attr(tag, "code")) else {
                continue;
            };
            let Ok(code) = code.parse::<u32>() else {
                continue;
            };
            let vendor = match attr(tag, "vendor-id") {
                None => 0,
                Some(v) => match vendors.get(v) {
                    Some(id) => *id,
                    None => continue, // unknown vendor name: cannot place it
                },
            };
            let ty = if body.contains("<grouped") {
                "Grouped".to_string()
            } else if let Some(t) = body.find("<type ") {
                let t_end = t + body[t..].find('>').unwrap();
                attr(&body[t..t_end], "type-name")
                    .unwrap_or("?")
                    .to_string()
            } else {
                "?".to_string()
            };
            let mut enums = BTreeMap::new();
            for (j, _) in body.match_indices("<enum ") {
                let e_end = j + body[j..].find('>').unwrap();
                let etag = &body[j..e_end];
                if let (Some(n), Some(c)) = (attr(etag, "name"), attr(etag, "code")) {
                    if let Ok(c) = c.parse::<i64>() {
                        enums.insert(c, n.to_string());
                    }
                }
            }
            avps.entry((vendor, code)).or_default().push(WsAvp {
                file: file.clone(),
                name: name.to_string(),
                ty,
                mandatory: attr(tag, "mandatory").map(str::to_string),
                vendor_bit: attr(tag, "vendor-bit").map(str::to_string),
                enums,
            });
        }
    }
    avps
}

/// Whether Wireshark's `type-name` is the same data format as ours.
fn type_compatible(ours: AvpType, ws: &str) -> bool {
    if ours.name() == ws {
        return true;
    }
    matches!(
        (ours, ws),
        (AvpType::Address, "IPAddress")
            | (AvpType::Unsigned32, "AppId" | "VendorId")
            | (
                AvpType::OctetString,
                "OctetStringOrUTF8" | "MIPRegistrationRequest"
            )
            | (AvpType::UTF8String, "OctetStringOrUTF8")
    )
}

fn flag_word(r: FlagRule) -> &'static str {
    match r {
        FlagRule::Must => "must",
        FlagRule::May => "may",
        FlagRule::MustNot => "mustnot",
    }
}

/// Disagreements with Wireshark that the RFC text settles in our favour.
/// Each entry: (vendor, code, what differs, why).
#[rustfmt::skip]
const ALLOWED: &[(u32, u32, &str, &str)] = &[
    (0, 50, "name", "RFC 6733 §4.5 and §9.8.5 name AVP 50 Acct-Multi-Session-Id"),
    (0, 268, "type", "RFC 6733 §4.5/§7.1: Result-Code is Unsigned32 (Wireshark lists values as an enum)"),
    (0, 270, "type", "RFC 6733 §4.5/§8.17: Session-Binding is Unsigned32 (a bit field)"),
    (0, 291, "type", "RFC 6733 §4.5/§8.9: Authorization-Lifetime is Unsigned32"),
    (0, 298, "type", "RFC 6733 §4.5/§7.7: Experimental-Result-Code is Unsigned32"),
    (0, 299, "type", "RFC 6733 §4.5/§6.10: Inband-Security-Id is Unsigned32"),
    (0, 337, "type", "RFC 4004 §7/§7.5: MIP-Feature-Vector is an Unsigned32 bit field"),
    (0, 8, "type", "RFC 7155 §4.4.10.5.1: Framed-IP-Address is OctetString"),
    (0, 9, "type", "RFC 7155 §4.4.10.5.2: Framed-IP-Netmask is OctetString"),
    (0, 14, "type", "RFC 7155 §4.4.11.1: Login-IP-Host is OctetString"),
    (0, 23, "type", "RFC 7155 §4.4.10.6.1: Framed-IPX-Network is Unsigned32"),
    (0, 68, "name", "RFC 7155 §4.6.10 names AVP 68 Acct-Tunnel-Connection"),
];

#[test]
fn builtin_avps_agree_with_wireshark() {
    let dir = Path::new(WIRESHARK_DIR);
    if !dir.is_dir() {
        eprintln!("skipped: {WIRESHARK_DIR} not found (install Debian's wireshark-common)");
        return;
    }
    let ws = load_wireshark(dir);
    assert!(ws.len() > 1000, "the scanner found only {} AVPs", ws.len());
    let allowed = |v: u32, c: u32, what: &str| {
        ALLOWED
            .iter()
            .any(|&(av, ac, aw, _)| av == v && ac == c && aw == what)
    };
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for (app, a) in all_avps() {
        let id = format!("{} {} ({}/{})", app.source, a.name, a.vendor, a.code);
        let Some(cands) = ws.get(&(a.vendor, a.code)) else {
            if !allowed(a.vendor, a.code, "missing") {
                failures.push(format!("{id}: not in Wireshark's dictionaries"));
            }
            continue;
        };
        let named: Vec<&WsAvp> = cands
            .iter()
            .filter(|w| w.name.eq_ignore_ascii_case(a.name))
            .collect();
        if named.is_empty() {
            let theirs: Vec<String> = cands
                .iter()
                .map(|w| format!("{} in {}", w.name, w.file))
                .collect();
            if allowed(a.vendor, a.code, "name") {
                notes.push(format!("{id}: Wireshark names it {theirs:?} (allowed)"));
            } else {
                failures.push(format!("{id}: Wireshark names it {theirs:?}"));
            }
        }
        let pool = if named.is_empty() {
            cands.iter().collect()
        } else {
            named
        };
        if !pool.iter().any(|w| type_compatible(a.ty, &w.ty)) {
            let theirs: Vec<&str> = pool.iter().map(|w| w.ty.as_str()).collect();
            let msg = format!("{id}: type {} vs Wireshark {theirs:?}", a.ty.name());
            if allowed(a.vendor, a.code, "type") {
                notes.push(msg + " (allowed)");
            } else {
                failures.push(msg);
            }
        }
        // Flags: Wireshark often omits them; compare when given.
        for w in &pool {
            if let Some(m) = &w.mandatory {
                if m != flag_word(a.m) {
                    notes.push(format!(
                        "{id}: M {} vs Wireshark {m} ({})",
                        flag_word(a.m),
                        w.file
                    ));
                }
            }
            if let Some(v) = &w.vendor_bit {
                if v != flag_word(a.v) {
                    notes.push(format!(
                        "{id}: V {} vs Wireshark {v} ({})",
                        flag_word(a.v),
                        w.file
                    ));
                }
            }
        }
        // Enumerated values: each of ours must exist in Wireshark's list
        // (their names differ in style, e.g. "REBOOTING" vs "Rebooting").
        if a.ty == AvpType::Enumerated {
            for (value, name) in a.enums {
                let known = pool
                    .iter()
                    .any(|w| w.enums.contains_key(&i64::from(*value)));
                if !known {
                    let msg = format!("{id}: value {value} {name} not in Wireshark");
                    if allowed(a.vendor, a.code, "enum") {
                        notes.push(msg + " (allowed)");
                    } else {
                        failures.push(msg);
                    }
                } else if !pool.iter().any(|w| {
                    w.enums
                        .get(&i64::from(*value))
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                }) {
                    let theirs: Vec<&str> = pool
                        .iter()
                        .filter_map(|w| w.enums.get(&i64::from(*value)).map(String::as_str))
                        .collect();
                    notes.push(format!(
                        "{id}: value {value} {name} named {theirs:?} by Wireshark"
                    ));
                }
            }
        }
    }
    for n in &notes {
        println!("note: {n}");
    }
    for f in &failures {
        println!("DISAGREEMENT: {f}");
    }
    assert!(
        failures.is_empty(),
        "{} disagreements with Wireshark (see output)",
        failures.len()
    );
}

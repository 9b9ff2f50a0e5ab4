//! Built-in dictionary tables, written from the RFC texts.
//!
//! | module | specification | Application-Id |
//! |---|---|---|
//! | [`base`] | RFC 6733 (Diameter base protocol) | 0 |
//! | [`mip4`] | RFC 4004 (Diameter Mobile IPv4 application) | 2 |
//! | [`nasreq`] | RFC 7155 (Diameter NASREQ application) | 1 |
//! | [`credit_control`] | RFC 4006 (Diameter Credit-Control application) | 4 |
//! | [`mip6`] | RFC 5778 (Diameter Mobile IPv6: MIP6I 7, MIP6A 8) | 8 |
//!
//! Every AVP (vendor, code) is defined in exactly one table. An AVP that
//! several RFCs describe (the accounting counters 363–366 appear in both
//! RFC 4004 §10 and RFC 7155 §10, for instance) lives in the table whose RFC
//! gives its complete flag rules, and the others refer to it; the doc comment
//! of each module says which.
//!
//! Command and grouped grammars name their AVPs in the source; the names are
//! resolved to codes at compile time, so a misspelled or missing
//! AVP is a build error rather than a wrong table.
//!
//! Flag-rule columns: the RFC tables have MUST, MAY, SHLD NOT and MUST NOT
//! columns. [`FlagRule`] has no "should not", so a bit listed under SHLD NOT
//! is recorded as [`FlagRule::May`] (the receiver must accept it).

use super::table::{Application, AvpEntry, FlagRule, Position, RuleEntry};
use crate::diameter::wire::AvpType;

pub mod base;
pub mod credit_control;
pub mod mip4;
pub mod mip6;
pub mod nasreq;

/// Every built-in application, base protocol first.
pub static ALL: &[&Application] = &[
    &base::APPLICATION,
    &mip4::APPLICATION,
    &nasreq::APPLICATION,
    &credit_control::APPLICATION,
    &mip6::APPLICATION,
];

/// An IETF AVP (Vendor-Id 0) that is not Enumerated.
const fn avp(name: &'static str, code: u32, ty: AvpType, m: FlagRule, v: FlagRule) -> AvpEntry {
    AvpEntry {
        name,
        code,
        vendor: 0,
        ty,
        m,
        v,
        enums: &[],
    }
}

/// An IETF Enumerated AVP with its named values (sorted by value).
const fn enumerated(
    name: &'static str,
    code: u32,
    m: FlagRule,
    v: FlagRule,
    enums: &'static [(i32, &'static str)],
) -> AvpEntry {
    AvpEntry {
        name,
        code,
        vendor: 0,
        ty: AvpType::Enumerated,
        m,
        v,
        enums,
    }
}

/// Byte-wise string equality usable in `const` context.
const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Resolves an AVP name to `(vendor, code)` in the given tables.
///
/// Only ever evaluated in `const` context: an unknown name stops the build.
const fn resolve(tables: &[&[AvpEntry]], name: &str) -> (u32, u32) {
    let mut t = 0;
    while t < tables.len() {
        let table = tables[t];
        let mut i = 0;
        while i < table.len() {
            if str_eq(table[i].name, name) {
                return (table[i].vendor, table[i].code);
            }
            i += 1;
        }
        t += 1;
    }
    panic!("grammar names an AVP that no table defines")
}

/// One grammar line `min*max<name>`, resolved against `tables` at compile time.
const fn rule(
    tables: &[&[AvpEntry]],
    position: Position,
    name: &str,
    min: u16,
    max: u16,
) -> RuleEntry {
    let (vendor, code) = resolve(tables, name);
    RuleEntry {
        code,
        vendor,
        position,
        min,
        max,
    }
}

/// Defines the grammar shorthands of one module, resolving names against the
/// given list of AVP tables:
///
/// * `fixed(n)`: `< n >`;
/// * `req(n)`: `{ n }`;
/// * `req_n(n, min)`: `min* { n }`;
/// * `opt(n)`: `[ n ]`;
/// * `opt_n(n)`: `* [ n ]`;
/// * `opt_max(n, max)`: `*max [ n ]`.
macro_rules! grammar_shorthands {
    ($tables:expr) => {
        #[allow(dead_code)]
        const fn fixed(name: &str) -> $crate::diameter::dict::table::RuleEntry {
            super::rule(
                $tables,
                $crate::diameter::dict::table::Position::Fixed,
                name,
                1,
                1,
            )
        }
        #[allow(dead_code)]
        const fn req(name: &str) -> $crate::diameter::dict::table::RuleEntry {
            super::rule(
                $tables,
                $crate::diameter::dict::table::Position::Required,
                name,
                1,
                1,
            )
        }
        #[allow(dead_code)]
        const fn req_n(name: &str, min: u16) -> $crate::diameter::dict::table::RuleEntry {
            super::rule(
                $tables,
                $crate::diameter::dict::table::Position::Required,
                name,
                min,
                $crate::diameter::dict::table::UNBOUNDED,
            )
        }
        #[allow(dead_code)]
        const fn opt(name: &str) -> $crate::diameter::dict::table::RuleEntry {
            super::rule(
                $tables,
                $crate::diameter::dict::table::Position::Optional,
                name,
                0,
                1,
            )
        }
        #[allow(dead_code)]
        const fn opt_n(name: &str) -> $crate::diameter::dict::table::RuleEntry {
            super::rule(
                $tables,
                $crate::diameter::dict::table::Position::Optional,
                name,
                0,
                $crate::diameter::dict::table::UNBOUNDED,
            )
        }
        #[allow(dead_code)]
        const fn opt_max(name: &str, max: u16) -> $crate::diameter::dict::table::RuleEntry {
            super::rule(
                $tables,
                $crate::diameter::dict::table::Position::Optional,
                name,
                0,
                max,
            )
        }
    };
}
use grammar_shorthands;

// Short names for the flag rules inside the tables.
const MUST: FlagRule = FlagRule::Must;
#[allow(dead_code)]
const MAY: FlagRule = FlagRule::May;
const MUSTNOT: FlagRule = FlagRule::MustNot;

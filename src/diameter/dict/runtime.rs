//! Definitions added at runtime (feature `alloc`): owned counterparts of the
//! static [`table`](super::table) entries, kept in sorted `Vec`s so that
//! lookups are binary searches and never allocate.
//!
//! Add them through [`Dictionary::add_avp`](super::Dictionary::add_avp) and
//! friends, or load them with the Wireshark XML loader ([`super::xml`]).

use alloc::string::String;
use alloc::vec::Vec;

use super::table::{FlagRule, RuleEntry};
use crate::diameter::wire::AvpType;

/// An AVP definition owned by the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeAvp {
    /// Name, e.g. `"RAT-Type"`.
    pub name: String,
    /// AVP Code.
    pub code: u32,
    /// Vendor-Id (0 for IETF).
    pub vendor: u32,
    /// Data format.
    pub ty: AvpType,
    /// M-bit rule.
    pub m: FlagRule,
    /// V-bit rule.
    pub v: FlagRule,
    /// Named values (value, name), sorted by value (the dictionary sorts
    /// them when the definition is added).
    pub enums: Vec<(i32, String)>,
}

/// A command definition owned by the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeCommand {
    /// Name without suffix, e.g. `"Capabilities-Exchange"`.
    pub name: String,
    /// Request abbreviation (may be empty).
    pub request_abbrev: String,
    /// Answer abbreviation (may be empty).
    pub answer_abbrev: String,
    /// Command Code.
    pub code: u32,
    /// Application-Id carried in the header.
    pub application: u32,
    /// Whether the CCF has `PXY`.
    pub proxiable: bool,
    /// Request grammar.
    pub request: Vec<RuleEntry>,
    /// Request grammar ends with `* [ AVP ]`.
    pub request_extensible: bool,
    /// Answer grammar.
    pub answer: Vec<RuleEntry>,
    /// Answer grammar ends with `* [ AVP ]`.
    pub answer_extensible: bool,
}

/// A grouped AVP grammar owned by the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeGrouped {
    /// AVP Code of the grouped AVP.
    pub code: u32,
    /// Its Vendor-Id.
    pub vendor: u32,
    /// Its rules.
    pub rules: Vec<RuleEntry>,
    /// Ends with `* [ AVP ]`.
    pub extensible: bool,
}

/// An application owned by the dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeApplication {
    /// Application-Id.
    pub id: u32,
    /// Name.
    pub name: String,
}

/// The runtime tables, each sorted by its key.
#[derive(Debug, Clone, Default)]
pub(crate) struct Runtime {
    pub(crate) avps: Vec<RuntimeAvp>,
    pub(crate) commands: Vec<RuntimeCommand>,
    pub(crate) grouped: Vec<RuntimeGrouped>,
    pub(crate) applications: Vec<RuntimeApplication>,
    pub(crate) vendors: Vec<(u32, String)>,
}

impl Runtime {
    pub(crate) const fn new() -> Runtime {
        Runtime {
            avps: Vec::new(),
            commands: Vec::new(),
            grouped: Vec::new(),
            applications: Vec::new(),
            vendors: Vec::new(),
        }
    }

    pub(crate) fn avp(&self, code: u32, vendor: u32) -> Option<&RuntimeAvp> {
        let key = (vendor, code);
        self.avps
            .binary_search_by(|e| (e.vendor, e.code).cmp(&key))
            .ok()
            .and_then(|i| self.avps.get(i))
    }

    pub(crate) fn grouped(&self, code: u32, vendor: u32) -> Option<&RuntimeGrouped> {
        let key = (vendor, code);
        self.grouped
            .binary_search_by(|e| (e.vendor, e.code).cmp(&key))
            .ok()
            .and_then(|i| self.grouped.get(i))
    }

    pub(crate) fn command(&self, code: u32, application: u32) -> Option<&RuntimeCommand> {
        let key = (code, application);
        self.commands
            .binary_search_by(|e| (e.code, e.application).cmp(&key))
            .ok()
            .and_then(|i| self.commands.get(i))
    }

    pub(crate) fn application(&self, id: u32) -> Option<&RuntimeApplication> {
        self.applications
            .binary_search_by(|a| a.id.cmp(&id))
            .ok()
            .and_then(|i| self.applications.get(i))
    }

    pub(crate) fn vendor(&self, id: u32) -> Option<&str> {
        self.vendors
            .binary_search_by(|v| v.0.cmp(&id))
            .ok()
            .and_then(|i| self.vendors.get(i))
            .map(|v| v.1.as_str())
    }

    pub(crate) fn add_avps<I: IntoIterator<Item = RuntimeAvp>>(&mut self, avps: I) {
        let before = self.avps.len();
        for mut a in avps {
            a.enums.sort_by_key(|e| e.0);
            a.enums.dedup_by_key(|e| e.0);
            self.avps.push(a);
        }
        if self.avps.len() != before {
            merge_sorted(&mut self.avps, |e| (e.vendor, e.code));
        }
    }

    pub(crate) fn add_command(&mut self, c: RuntimeCommand) {
        upsert(&mut self.commands, c, |e| (e.code, e.application));
    }

    pub(crate) fn add_grouped(&mut self, g: RuntimeGrouped) {
        upsert(&mut self.grouped, g, |e| (e.vendor, e.code));
    }

    pub(crate) fn add_application(&mut self, a: RuntimeApplication) {
        upsert(&mut self.applications, a, |e| e.id);
    }

    pub(crate) fn add_vendor(&mut self, id: u32, name: String) {
        upsert(&mut self.vendors, (id, name), |e| e.0);
    }
}

/// Inserts or replaces `item` in a vector sorted by `key`.
fn upsert<T, K: Ord, F: Fn(&T) -> K>(v: &mut Vec<T>, item: T, key: F) {
    let k = key(&item);
    match v.binary_search_by(|e| key(e).cmp(&k)) {
        Ok(i) => {
            if let Some(slot) = v.get_mut(i) {
                *slot = item;
            }
        }
        Err(i) => v.insert(i, item),
    }
}

/// Sorts by key (stable) and keeps, for each key, the element pushed last.
fn merge_sorted<T, K: Ord, F: Fn(&T) -> K>(v: &mut Vec<T>, key: F) {
    v.sort_by_key(|e| key(e));
    // After a stable sort, equal keys keep insertion order: keep the last.
    let mut out: Vec<T> = Vec::with_capacity(v.len());
    for item in v.drain(..) {
        match out.last_mut() {
            Some(last) if key(last) == key(&item) => *last = item,
            _ => out.push(item),
        }
    }
    *v = out;
}

/// Maps a Wireshark/Diameter type name to an [`AvpType`] for the basic and
/// RFC 6733 derived types; `None` for other names (resolve them through
/// their parent type).
#[must_use]
pub fn avp_type_from_name(name: &str) -> Option<AvpType> {
    Some(match name {
        "OctetString" => AvpType::OctetString,
        "Integer32" => AvpType::Integer32,
        "Integer64" => AvpType::Integer64,
        "Unsigned32" => AvpType::Unsigned32,
        "Unsigned64" => AvpType::Unsigned64,
        "Float32" => AvpType::Float32,
        "Float64" => AvpType::Float64,
        "Grouped" => AvpType::Grouped,
        "Address" => AvpType::Address,
        "Time" => AvpType::Time,
        "UTF8String" => AvpType::UTF8String,
        "DiameterIdentity" => AvpType::DiameterIdentity,
        "DiameterURI" => AvpType::DiameterURI,
        "Enumerated" => AvpType::Enumerated,
        "IPFilterRule" => AvpType::IPFilterRule,
        "QoSFilterRule" => AvpType::QoSFilterRule,
        _ => return None,
    })
}

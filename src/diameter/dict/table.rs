//! The static shape of built-in dictionary tables.
//!
//! One [`Application`] value per specification (base protocol, Mobile IPv4,
//! NASREQ, Credit-Control, Mobile IPv6). Everything is `'static` and `Copy`,
//! so tables live in read-only memory and lookups never allocate.

use crate::diameter::wire::AvpType;

/// What a flag rule says about one AVP flag bit (RFC 6733 §4.5 flag columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlagRule {
    /// The bit MUST be set.
    Must,
    /// The bit MAY be set.
    May,
    /// The bit MUST NOT be set.
    MustNot,
}

/// One AVP definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AvpEntry {
    /// The RFC name, e.g. `"Origin-Host"`.
    pub name: &'static str,
    /// The AVP Code.
    pub code: u32,
    /// The Vendor-Id (0 for IETF AVPs).
    pub vendor: u32,
    /// The data format.
    pub ty: AvpType,
    /// The M-bit rule.
    pub m: FlagRule,
    /// The V-bit rule.
    pub v: FlagRule,
    /// Named values of an Enumerated AVP (value, name), sorted by value;
    /// empty for other types.
    pub enums: &'static [(i32, &'static str)],
}

/// Where an AVP may appear in a command or grouped AVP (RFC 6733 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    /// `< AVP >`: fixed position, in the order listed, before all others.
    Fixed,
    /// `{ AVP }`: required, anywhere.
    Required,
    /// `[ AVP ]`: optional, anywhere.
    Optional,
}

/// One line of a command or grouped-AVP grammar: `min*max<AVP>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleEntry {
    /// AVP Code.
    pub code: u32,
    /// Vendor-Id (0 for IETF).
    pub vendor: u32,
    /// Fixed, required or optional.
    pub position: Position,
    /// Minimum occurrences (0 for optional, ≥ 1 for fixed and required).
    pub min: u16,
    /// Maximum occurrences; [`UNBOUNDED`] for `*`.
    pub max: u16,
}

/// The `max` of a rule with no upper bound.
pub const UNBOUNDED: u16 = u16::MAX;

/// The grammar of a Grouped AVP (RFC 6733 §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupedEntry {
    /// AVP Code of the grouped AVP.
    pub code: u32,
    /// Its Vendor-Id.
    pub vendor: u32,
    /// Its contents. Whether `* [ AVP ]` (any AVP) is allowed is `extensible`.
    pub rules: &'static [RuleEntry],
    /// The grammar ends with `* [ AVP ]`: other AVPs may follow.
    pub extensible: bool,
}

/// A command: its request and answer grammars (RFC 6733 §3.2 CCF).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandEntry {
    /// The command name without suffix, e.g. `"Capabilities-Exchange"`.
    pub name: &'static str,
    /// Request abbreviation, e.g. `"CER"`.
    pub request_abbrev: &'static str,
    /// Answer abbreviation, e.g. `"CEA"`.
    pub answer_abbrev: &'static str,
    /// The Command Code.
    pub code: u32,
    /// The Application-Id its header carries.
    pub application: u32,
    /// Whether the P bit is set in the CCF (`PXY`).
    pub proxiable: bool,
    /// The request grammar.
    pub request: &'static [RuleEntry],
    /// Whether the request grammar ends with `* [ AVP ]`.
    pub request_extensible: bool,
    /// The answer grammar.
    pub answer: &'static [RuleEntry],
    /// Whether the answer grammar ends with `* [ AVP ]`.
    pub answer_extensible: bool,
}

/// The tables of one specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Application {
    /// Application-Id (0 for the base protocol).
    pub id: u32,
    /// Name, e.g. `"Mobile IPv4"`.
    pub name: &'static str,
    /// Where the tables come from, e.g. `"RFC 4004"`.
    pub source: &'static str,
    /// AVP definitions, sorted by (vendor, code).
    pub avps: &'static [AvpEntry],
    /// Commands, sorted by code.
    pub commands: &'static [CommandEntry],
    /// Grammars of the grouped AVPs defined here, sorted by (vendor, code).
    pub grouped: &'static [GroupedEntry],
}

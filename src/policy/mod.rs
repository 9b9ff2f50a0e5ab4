//! Service profiles and packet classification (seed 000 §2–§3, seed 004).
//!
//! Two layers:
//!
//! * the **compiled multi-field matcher** ([`compiled::CompiledMatcher`]), a
//!   first-match classifier over 5-tuple [`filter::Filter`]s that also loads
//!   ClassBench rule sets ([`classbench`]), with the naive
//!   [`linear::LinearMatcher`] kept as the reference it is tested against.
//!
//! * the **service profile** ([`profile::Profile`], seed 000 §2) with its
//!   wire forms: a TLV body in a Diameter vendor-specific AVP or a MIPv4 NVSE
//!   ([`wire`], with the table of codes), Diameter IPFilterRule text
//!   ([`ipfilter`]) and a readable text form ([`text`]).
//!
//! * the **profile search** ([`search::ProfileSearch`], seed 000 §3): the
//!   seven caches, the data-driven search policy table, decapsulation and
//!   re-search, table-miss semantics and a trace of every hop; the verdict's
//!   TOS edits are applied to IPv4 headers with [`edit::set_tos`].
//!
//! Everything here needs `alloc` except the [`filter`] types.

#[cfg(feature = "alloc")]
pub mod classbench;
#[cfg(feature = "alloc")]
pub mod compiled;
pub mod edit;
#[cfg(feature = "alloc")]
pub mod exact;
pub mod filter;
#[cfg(feature = "alloc")]
pub mod ipfilter;
#[cfg(feature = "alloc")]
pub mod linear;
#[cfg(feature = "alloc")]
pub mod profile;
#[cfg(feature = "alloc")]
pub mod search;
#[cfg(feature = "alloc")]
pub mod text;
#[cfg(feature = "alloc")]
pub mod wire;

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

pub use filter::{AddrMatch, Filter, FiveTuple, PortRange, ProtoMatch, Rule, RuleId};

/// Most rules one matcher holds.
pub const MAX_RULES: usize = 1 << 20;

/// A rule set was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleSetError {
    /// Two rules share an id (ids are priorities and must be unique).
    #[error("duplicate rule id {id}")]
    DuplicateId {
        /// The repeated id.
        id: u32,
    },
    /// More than the matcher's capacity.
    #[error("more than {max} rules")]
    TooManyRules {
        /// The limit ([`MAX_RULES`]).
        max: usize,
    },
}

#[cfg(feature = "alloc")]
fn sorted_unique(rules: &[Rule]) -> Result<Vec<Rule>, RuleSetError> {
    if rules.len() > MAX_RULES {
        return Err(RuleSetError::TooManyRules { max: MAX_RULES });
    }
    let mut v = rules.to_vec();
    v.sort_by_key(|r| r.id);
    if let Some(w) = v.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(RuleSetError::DuplicateId { id: w[0].id.0 });
    }
    Ok(v)
}

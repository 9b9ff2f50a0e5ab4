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
//! Everything here needs `alloc` except the [`filter`] types and [`edit`].
//!
//! # Measurements
//!
//! `cargo bench --bench classify` on the 2-core development machine, shared
//! with other builds (load average about 4), medians per packet:
//!
//! | bench | roam | DPDK `rte_acl` default / best (AVX-512) / C linear |
//! |---|---:|---:|
//! | `classify/acl100` | 26 ns | 65 / 27 / 61 ns |
//! | `classify/acl1000` | 58 ns | 103 / 63 / 594 ns |
//! | `classify/acl10000` | 102 ns | 305 / 191 / 5837 ns |
//! | `classify_linear/acl1000` (the reference) | 311 ns | |
//! | `classify/build/acl10000` | 11 ms | |
//! | `classify/update/acl10000` (remove + insert, amortised) | 23 µs | |
//! | `classify/profiles/exact_1m` (10^6 per-MN profiles, batched) | 22 ns | |
//! | `classify/profiles/exact_1m_search` (whole search, batched) | 50 ns | |
//! | `classify/profiles/traces` (seed 000 §3.5 paths) | 29 ns | |
//!
//! The compiled acl10000 matcher holds 1.1 MB (15 401 rule copies in four
//! trees); all three shared traces classify with 0 mismatches.

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

//! Fuzz target bodies, compiled in every build so that `cargo test` can replay
//! the committed corpora (`tests/fuzz_corpus.rs`) on the stable toolchain.
//!
//! Each `fuzz/fuzz_targets/<name>.rs` is a one-liner calling the function of
//! the same name here, and [`TARGETS`] lists them all for the replay test.
//! Not a public API: it may change in any release.

mod diameter;
mod diameter_dict;
mod diameter_peer;
mod diameter_router;
mod diameter_session;
mod mip4;
mod mip6;
mod policy;

pub use diameter::{diameter_framer, diameter_message};
pub use diameter_dict::{diameter_dict_xml, diameter_validate};
pub use diameter_peer::diameter_peer;
pub use diameter_router::diameter_router;
pub use diameter_session::diameter_session;
pub use mip4::{mip4_advertisement, mip4_registration};
pub use mip6::{mip6_mobility_header, mip6_packet};
pub use policy::{classifier_equivalence, policy_profile};

/// A fuzz body: takes the fuzzer's bytes, panics only on a real bug.
pub type Body = fn(&[u8]);

/// Every fuzz target: its name (the directory under `fuzz/corpus/` and
/// `fuzz/regressions/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("diameter_message", diameter_message),
    ("diameter_framer", diameter_framer),
    ("diameter_validate", diameter_validate),
    ("diameter_dict_xml", diameter_dict_xml),
    ("diameter_peer", diameter_peer),
    ("diameter_router", diameter_router),
    ("diameter_session", diameter_session),
    ("mip4_registration", mip4_registration),
    ("mip4_advertisement", mip4_advertisement),
    ("mip6_mobility_header", mip6_mobility_header),
    ("mip6_packet", mip6_packet),
    ("policy_profile", policy_profile),
    ("classifier_equivalence", classifier_equivalence),
];

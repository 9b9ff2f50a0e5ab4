//! Fuzz target bodies, compiled in every build so that `cargo test` can replay
//! the committed corpora (`tests/fuzz_corpus.rs`) on the stable toolchain.
//!
//! Each `fuzz/fuzz_targets/<name>.rs` is a one-liner calling the function of
//! the same name here, and [`TARGETS`] lists them all for the replay test.
//! Not a public API: it may change in any release.

mod diameter;
mod diameter_peer;
mod diameter_router;
mod mip4;
mod mip6;

pub use diameter::{diameter_framer, diameter_message};
pub use diameter_peer::diameter_peer;
pub use diameter_router::diameter_router;
pub use mip4::{mip4_advertisement, mip4_registration};
pub use mip6::{mip6_mobility_header, mip6_packet};

/// A fuzz body: takes the fuzzer's bytes, panics only on a real bug.
pub type Body = fn(&[u8]);

/// Every fuzz target: its name (the directory under `fuzz/corpus/` and
/// `fuzz/regressions/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("diameter_message", diameter_message),
    ("diameter_framer", diameter_framer),
    ("diameter_peer", diameter_peer),
    ("diameter_router", diameter_router),
    ("mip4_registration", mip4_registration),
    ("mip4_advertisement", mip4_advertisement),
    ("mip6_mobility_header", mip6_mobility_header),
    ("mip6_packet", mip6_packet),
];

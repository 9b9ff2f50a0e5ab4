//! Fuzz target bodies, compiled in every build so that `cargo test` can replay
//! the committed corpora (`tests/fuzz_corpus.rs`) on the stable toolchain.
//!
//! Each `fuzz/fuzz_targets/<name>.rs` is a one-liner calling the function of
//! the same name here, and [`TARGETS`] lists them all for the replay test.
//! Not a public API: it may change in any release.

mod diameter;
#[cfg(feature = "alloc")]
mod policy;

pub use diameter::diameter_message;
#[cfg(feature = "alloc")]
pub use policy::{classifier_equivalence, policy_profile};

/// A fuzz body: takes the fuzzer's bytes, panics only on a real bug.
pub type Body = fn(&[u8]);

/// Every fuzz target: its name (the directory under `fuzz/corpus/` and
/// `fuzz/regressions/`) and its body.
pub const TARGETS: &[(&str, Body)] = &[
    ("diameter_message", diameter_message),
    #[cfg(feature = "alloc")]
    ("policy_profile", policy_profile),
    #[cfg(feature = "alloc")]
    ("classifier_equivalence", classifier_equivalence),
];

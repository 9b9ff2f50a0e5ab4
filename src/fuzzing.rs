//! Fuzz target bodies, compiled in every build so that `cargo test` can replay
//! the committed corpora (`tests/fuzz_corpus.rs`) on the stable toolchain.
//! Each `fuzz/fuzz_targets/<name>.rs` is a one-liner calling the function of
//! the same name here. Not a public API.

use crate::diameter::wire::Message;

/// Parses a Diameter message and walks its AVPs; must never panic.
pub fn diameter_message(data: &[u8]) {
    if let Ok(msg) = Message::new_checked(data) {
        let _ = msg.check_avps(|_, _| false);
        for avp in msg.avps().flatten() {
            if let Ok(inner) = avp.grouped() {
                for _ in inner {}
            }
        }
    }
}

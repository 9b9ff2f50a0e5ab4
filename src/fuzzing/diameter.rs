//! Diameter fuzz bodies.

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

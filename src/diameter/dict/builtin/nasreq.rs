//! Placeholder, filled in by a later commit.

use super::super::table::Application;

/// Placeholder.
pub static APPLICATION: Application = Application {
    id: 1,
    name: "nasreq",
    source: "RFC 7155",
    avps: &[],
    commands: &[],
    grouped: &[],
};

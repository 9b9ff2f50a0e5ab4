//! Placeholder, filled in by a later commit.

use super::super::table::Application;

/// Placeholder.
pub static APPLICATION: Application = Application {
    id: 2,
    name: "mip4",
    source: "RFC 4004",
    avps: &[],
    commands: &[],
    grouped: &[],
};

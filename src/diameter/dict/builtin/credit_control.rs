//! Placeholder, filled in by a later commit.

use super::super::table::Application;

/// Placeholder.
pub static APPLICATION: Application = Application {
    id: 4,
    name: "credit_control",
    source: "RFC 4006",
    avps: &[],
    commands: &[],
    grouped: &[],
};

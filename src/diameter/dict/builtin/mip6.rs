//! Placeholder, filled in by a later commit.

use super::super::table::Application;

/// Placeholder.
pub static APPLICATION: Application = Application {
    id: 8,
    name: "mip6",
    source: "RFC 5778",
    avps: &[],
    commands: &[],
    grouped: &[],
};

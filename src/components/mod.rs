//! Reusable pieces of the interface, one concern each.

pub mod summary;
pub mod terminal;
pub mod time_controls;

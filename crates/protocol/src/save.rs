//! Saving through the page: a worker has no localStorage, so the engine
//! writes the account as a document and the page, the one owner of storage,
//! keeps it (and reads it back at the start).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The account as saved: what a sandbox, a lesson's account or a snapshot holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveDocument {
    /// The world as JSON text (the page keeps it as it is, trimming metrics to fit).
    pub world: String,
    pub files: BTreeMap<String, String>,
    pub vars: BTreeMap<String, String>,
    /// The journal as JSON text; `None` when the history is unknown.
    pub journal: Option<String>,
    /// The clock as shown (`1d 02:03:04`), for a snapshot's label.
    pub clock: String,
}

/// Why the engine asked the page to keep the current account first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Replacing {
    /// A shared link's world.
    SharedLink,
    /// A facilitator's link: the lesson's world at `step` (0-based).
    Facilitator { step: usize },
}

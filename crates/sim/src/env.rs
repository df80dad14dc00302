//! What a service is handed instead of the whole world: where the account
//! is (region, account, zones), what time it is, the luck (the seeded
//! source of ids and chance) and the history it may add a line to. A service's methods take `&mut self` and
//! `&mut Env`, so they can change only their own state and draw ids; what
//! they need of another service comes as an argument, and what another
//! service should do about it goes back as a value.

use crate::clock::SimTime;
use crate::ids::Rng;
use serde::{Deserialize, Serialize};

/// One line of the world's history, as the learner sees it in the timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub at: SimTime,
    pub source: String,
    pub message: String,
}

pub struct Env<'a> {
    pub region: &'a str,
    pub account_id: &'a str,
    pub availability_zones: &'a [String],
    pub now: SimTime,
    pub rng: &'a mut Rng,
    /// The world's history (the timeline).
    pub events: &'a mut Vec<Event>,
}

impl Env<'_> {
    /// Adds a line to the world's history, at the current time.
    pub fn log(&mut self, source: &str, message: String) {
        self.events.push(Event {
            at: self.now,
            source: source.to_string(),
            message,
        });
    }

    /// The account's ECR registry host.
    pub fn registry(&self) -> String {
        format!("{}.dkr.ecr.{}.amazonaws.com", self.account_id, self.region)
    }
}

//! Scheduled actions: schedules (`crate::schedule_expression`) that replace
//! a scalable target's min and max capacity when they fire, regardless of
//! cooldowns.

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledAction {
    pub name: String,
    pub arn: String,
    pub resource_id: String,
    /// As given: `cron(0 9 * * ? *)`, `rate(5 minutes)`, `at(2026-01-01T09:00:00)`.
    pub schedule: String,
    pub timezone: String,
    pub start: Option<SimTime>,
    pub end: Option<SimTime>,
    pub min_capacity: Option<u32>,
    pub max_capacity: Option<u32>,
    pub created_at: SimTime,
}

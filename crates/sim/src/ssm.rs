//! Systems Manager Session Manager, as far as ECS Exec goes: every
//! `ecs execute-command` opens a Session Manager session, and
//! `ssm describe-sessions --state History` lists them afterwards (who went
//! into which container, when). That history is what an operator audits,
//! and what a lesson checks to see that a learner really got in. The
//! playground's sessions run one command and end, so they are history at once.

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use thiserror::Error;

/// Sessions kept; the oldest go first (a week of practice fits easily).
pub const MAX_SESSIONS: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ssm {
    /// Oldest first.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Parameter Store, by name (see [`crate::parameter_store`]).
    #[serde(default)]
    pub parameters: std::collections::BTreeMap<String, crate::parameter_store::Parameter>,
}

/// One Session Manager session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// `ecs-execute-command-<17 hex digits>`.
    pub session_id: String,
    /// `ecs:<cluster>_<task id>_<container runtime id>` for ECS Exec.
    pub target: String,
    pub owner: String,
    pub start_date: SimTime,
    pub end_date: SimTime,
}

impl Session {
    fn shape(&self) -> Value {
        json!({
            "SessionId": self.session_id,
            "Target": self.target,
            "Status": "Terminated",
            "StartDate": self.start_date.to_iso8601(),
            "EndDate": self.end_date.to_iso8601(),
            "Owner": self.owner,
            // What ECS Exec opens; the command itself is only in session logs.
            "DocumentName": "AmazonECS-ExecuteInteractiveCommand",
            "OutputUrl": {},
        })
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSessionsInput {
    pub state: String,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    #[serde(default)]
    pub filters: Vec<SessionFilter>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct SessionFilter {
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SsmError {
    #[error("1 validation error detected: Value '{0}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [Active, History]")]
    InvalidState(String),
    #[error("1 validation error detected: Value '{0}' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Status, Owner, Target, InvokedBefore, SessionId, InvokedAfter, AccessType]")]
    InvalidFilterKey(String),
    #[error("1 validation error detected: Value '{0}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 200")]
    InvalidMaxResults(i64),
}

impl AwsErrorCode for SsmError {
    fn code(&self) -> &'static str {
        "ValidationException"
    }
}

impl Ssm {
    /// Records a finished session, dropping the oldest past [`MAX_SESSIONS`].
    pub fn record(&mut self, session: Session) {
        self.sessions.push(session);
        if self.sessions.len() > MAX_SESSIONS {
            let excess = self.sessions.len() - MAX_SESSIONS;
            self.sessions.drain(..excess);
        }
    }

    /// `DescribeSessions`: Active sessions (none: each ends with its command)
    /// or the History, newest first, filtered by Target, Owner, Status or SessionId.
    pub fn describe_sessions(&self, input: DescribeSessionsInput) -> Result<Value, SsmError> {
        if !matches!(input.state.as_str(), "Active" | "History") {
            return Err(SsmError::InvalidState(input.state));
        }
        if let Some(n) = input.max_results.filter(|n| !(1..=200).contains(n)) {
            return Err(SsmError::InvalidMaxResults(n));
        }
        for filter in &input.filters {
            let known = [
                "Status",
                "Owner",
                "Target",
                "InvokedBefore",
                "SessionId",
                "InvokedAfter",
                "AccessType",
            ];
            if !known.contains(&filter.key.as_str()) {
                return Err(SsmError::InvalidFilterKey(filter.key.clone()));
            }
        }
        if input.state == "Active" {
            return Ok(json!({ "Sessions": [] }));
        }
        let matches = |s: &Session| {
            input.filters.iter().all(|f| match f.key.as_str() {
                "Target" => s.target == f.value,
                "Owner" => s.owner == f.value,
                "SessionId" => s.session_id == f.value,
                "Status" => f.value == "Terminated",
                // Dates and access type: every playground session passes.
                _ => true,
            })
        };
        let limit = usize::try_from(input.max_results.unwrap_or(200)).unwrap_or(200);
        let sessions: Vec<Value> = self
            .sessions
            .iter()
            .rev()
            .filter(|s| matches(s))
            .take(limit)
            .map(Session::shape)
            .collect();
        Ok(json!({ "Sessions": sessions }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(n: u64, target: &str) -> Session {
        Session {
            session_id: format!("ecs-execute-command-{n:017x}"),
            target: target.into(),
            owner: "arn:aws:iam::123456789012:root".into(),
            start_date: SimTime(n),
            end_date: SimTime(n),
        }
    }

    fn history(filters: Vec<SessionFilter>) -> DescribeSessionsInput {
        DescribeSessionsInput {
            state: "History".into(),
            filters,
            ..Default::default()
        }
    }

    #[test]
    fn history_lists_newest_first_and_filters_by_target() {
        let mut ssm = Ssm::default();
        ssm.record(session(1, "ecs:learn_a_a-1"));
        ssm.record(session(2, "ecs:learn_b_b-1"));
        let all = ssm.describe_sessions(history(vec![])).unwrap();
        assert_eq!(all["Sessions"][0]["Target"], "ecs:learn_b_b-1");
        assert_eq!(all["Sessions"][1]["Status"], "Terminated");
        let one = ssm
            .describe_sessions(history(vec![SessionFilter {
                key: "Target".into(),
                value: "ecs:learn_a_a-1".into(),
            }]))
            .unwrap();
        assert_eq!(one["Sessions"].as_array().map(Vec::len), Some(1));
        let active = DescribeSessionsInput {
            state: "Active".into(),
            ..Default::default()
        };
        assert_eq!(
            ssm.describe_sessions(active).unwrap()["Sessions"],
            json!([])
        );
    }

    #[test]
    fn bad_state_and_filter_keys_are_validation_errors() {
        let ssm = Ssm::default();
        let bad = DescribeSessionsInput {
            state: "history".into(),
            ..Default::default()
        };
        assert_eq!(
            ssm.describe_sessions(bad).unwrap_err().code(),
            "ValidationException"
        );
        let filter = history(vec![SessionFilter {
            key: "Cluster".into(),
            value: "x".into(),
        }]);
        assert!(ssm.describe_sessions(filter).is_err());
    }

    #[test]
    fn history_is_bounded() {
        let mut ssm = Ssm::default();
        for n in 0..(MAX_SESSIONS as u64 + 5) {
            ssm.record(session(n, "t"));
        }
        assert_eq!(ssm.sessions.len(), MAX_SESSIONS);
        assert_eq!(ssm.sessions[0].start_date, SimTime(5));
    }
}

//! Amazon EventBridge Scheduler, for the target the notes name: running ECS
//! tasks on a schedule ("rate-based, cron-based or one-time", seed 004) —
//! a batch job that starts, does its work and stops, instead of a service
//! that runs all the time. Schedules use the same `at()`, `rate()` and
//! `cron()` expressions and time zones as Application Auto Scaling's
//! scheduled actions. At each firing the scheduler assumes the schedule's
//! role and calls `ecs:RunTask` with the target's parameters: a role it
//! cannot assume, or one without `ecs:RunTask` (and `iam:PassRole` for the
//! task definition's roles), makes the invocation fail — the schedule itself
//! is accepted, as in AWS. Failures count in the `AWS/Scheduler` metrics
//! and are told in the events list.

use crate::clock::SimTime;
use crate::env::Env;
use crate::error::AwsErrorCode;
use crate::schedule_expression::{parse_schedule, timezone_offset};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Schedules an account may hold here (AWS's quota is a million; this bounds saves).
pub const MAX_SCHEDULES: usize = 100;
/// Invocations waiting for their moment inside a flexible time window.
pub(crate) const MAX_PENDING: usize = 1000;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scheduler {
    /// By `group/name`.
    #[serde(default)]
    pub schedules: BTreeMap<String, Schedule>,
    /// Invocations due later in their flexible window: when, and which schedule.
    #[serde(default)]
    pub pending: Vec<(SimTime, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    pub name: String,
    pub group_name: String,
    pub arn: String,
    pub schedule_expression: String,
    pub timezone: String,
    pub state: String,
    pub description: Option<String>,
    /// `OFF`, or `FLEXIBLE` with the window's length in minutes.
    pub flexible_minutes: Option<u32>,
    /// The target as given (AWS echoes it back in GetSchedule).
    pub target: Value,
    pub start_date: Option<SimTime>,
    pub end_date: Option<SimTime>,
    pub action_after_completion: String,
    pub created_at: SimTime,
    pub modified_at: SimTime,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduleInput {
    pub name: String,
    pub group_name: Option<String>,
    pub schedule_expression: Option<String>,
    pub schedule_expression_timezone: Option<String>,
    pub state: Option<String>,
    pub description: Option<String>,
    pub flexible_time_window: Option<FlexibleTimeWindow>,
    pub target: Option<Value>,
    pub start_date: Option<Value>,
    pub end_date: Option<Value>,
    pub action_after_completion: Option<String>,
    pub client_token: Option<String>,
    pub kms_key_arn: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FlexibleTimeWindow {
    pub mode: String,
    pub maximum_window_in_minutes: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListSchedulesInput {
    pub group_name: Option<String>,
    pub name_prefix: Option<String>,
    pub state: Option<String>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
}

/// The target's shape, read at creation (to refuse what AWS refuses) and at each firing.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Target {
    pub(crate) arn: String,
    pub(crate) role_arn: String,
    pub(crate) ecs_parameters: Option<EcsParameters>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct EcsParameters {
    pub(crate) task_definition_arn: String,
    pub(crate) task_count: Option<i64>,
    pub(crate) launch_type: Option<String>,
    pub(crate) network_configuration: Option<SchedulerNetworkConfiguration>,
    pub(crate) group: Option<String>,
    #[serde(default)]
    pub(crate) enable_execute_command: bool,
}

/// EventBridge Scheduler spells the awsvpc configuration's members in PascalCase.
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct SchedulerNetworkConfiguration {
    #[serde(rename = "awsvpcConfiguration")]
    pub(crate) awsvpc_configuration: Option<SchedulerAwsVpc>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct SchedulerAwsVpc {
    pub(crate) subnets: Vec<String>,
    #[serde(default)]
    pub(crate) security_groups: Vec<String>,
    pub(crate) assign_public_ip: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SchedulerError {
    #[error("Schedule {0} already exists.")]
    AlreadyExists(String),
    #[error("Schedule {0} does not exist.")]
    NotFound(String),
    /// The playground has the `default` schedule group only.
    #[error("Schedule group {0} does not exist.")]
    GroupNotFound(String),
    #[error("{0}")]
    Validation(String),
    #[error("The number of schedules in the playground is limited to {MAX_SCHEDULES}.")]
    QuotaExceeded,
}

impl AwsErrorCode for SchedulerError {
    fn code(&self) -> &'static str {
        match self {
            SchedulerError::AlreadyExists(_) => "ConflictException",
            SchedulerError::NotFound(_) | SchedulerError::GroupNotFound(_) => {
                "ResourceNotFoundException"
            }
            SchedulerError::Validation(_) => "ValidationException",
            SchedulerError::QuotaExceeded => "ServiceQuotaExceededException",
        }
    }
}

fn validation(message: impl Into<String>) -> SchedulerError {
    SchedulerError::Validation(message.into())
}

fn date(value: &Option<Value>, member: &str) -> Result<Option<SimTime>, SchedulerError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        // The API takes seconds since 1970; the CLI also takes ISO 8601.
        Some(Value::Number(n)) => {
            let unix = n.as_f64().unwrap_or(0.0).max(0.0) as u64;
            Ok(Some(SimTime(
                unix.saturating_sub(crate::clock::EPOCH_UNIX_SECONDS),
            )))
        }
        Some(Value::String(text)) => crate::metrics::parse_timestamp(text)
            .map(Some)
            .ok_or_else(|| validation(format!("Invalid {member}: {text}"))),
        Some(other) => Err(validation(format!("Invalid {member}: {other}"))),
    }
}

impl Schedule {
    fn shape(&self) -> Value {
        let mut shape = json!({
            "Arn": self.arn,
            "Name": self.name,
            "GroupName": self.group_name,
            "ScheduleExpression": self.schedule_expression,
            "ScheduleExpressionTimezone": self.timezone,
            "State": self.state,
            "FlexibleTimeWindow": match self.flexible_minutes {
                Some(m) => json!({ "Mode": "FLEXIBLE", "MaximumWindowInMinutes": m }),
                None => json!({ "Mode": "OFF" }),
            },
            "Target": self.target,
            "ActionAfterCompletion": self.action_after_completion,
            "CreationDate": self.created_at.to_iso8601(),
            "LastModificationDate": self.modified_at.to_iso8601(),
        });
        if let Value::Object(map) = &mut shape {
            if let Some(d) = &self.description {
                map.insert("Description".into(), json!(d));
            }
            if let Some(at) = self.start_date {
                map.insert("StartDate".into(), json!(at.to_iso8601()));
            }
            if let Some(at) = self.end_date {
                map.insert("EndDate".into(), json!(at.to_iso8601()));
            }
        }
        shape
    }

    fn summary(&self) -> Value {
        json!({
            "Arn": self.arn,
            "Name": self.name,
            "GroupName": self.group_name,
            "State": self.state,
            "CreationDate": self.created_at.to_iso8601(),
            "LastModificationDate": self.modified_at.to_iso8601(),
            "Target": { "Arn": self.target.get("Arn").cloned().unwrap_or(Value::Null) },
        })
    }

    /// Whether the schedule fires in the minute starting at `minute` (UTC minutes).
    pub(crate) fn fires_at(&self, minute: u64) -> bool {
        let now = SimTime(minute.saturating_mul(60));
        if self.state != "ENABLED"
            || self.start_date.is_some_and(|s| now < s)
            || self.end_date.is_some_and(|e| now >= e)
        {
            return false;
        }
        let anchor = self.start_date.unwrap_or(self.created_at).0.div_ceil(60);
        parse_schedule(&self.schedule_expression)
            .is_ok_and(|s| s.fires_at(&self.timezone, anchor, minute))
    }
}

impl Scheduler {
    /// CreateSchedule and UpdateSchedule (which replaces every field, as AWS's does).
    pub(crate) fn put_schedule(
        &mut self,
        env: &Env,
        input: ScheduleInput,
        update: bool,
    ) -> Result<Value, SchedulerError> {
        let group = input.group_name.clone().unwrap_or_else(|| "default".into());
        if group != "default" {
            return Err(SchedulerError::GroupNotFound(group));
        }
        let name = input.name.clone();
        let name_ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !name_ok {
            return Err(validation(format!("1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-zA-Z-_.]+")));
        }
        let key = format!("{group}/{name}");
        let existing = self.schedules.get(&key).cloned();
        match (&existing, update) {
            (Some(_), false) => return Err(SchedulerError::AlreadyExists(name)),
            (None, true) => return Err(SchedulerError::NotFound(name)),
            (None, false) if self.schedules.len() >= MAX_SCHEDULES => {
                return Err(SchedulerError::QuotaExceeded)
            }
            _ => {}
        }
        let expression = input
            .schedule_expression
            .clone()
            .ok_or_else(|| validation("ScheduleExpression is required."))?;
        parse_schedule(&expression)
            .map_err(|e| validation(format!("Invalid Schedule Expression {expression}. {e}")))?;
        let timezone = input
            .schedule_expression_timezone
            .clone()
            .unwrap_or_else(|| "UTC".into());
        timezone_offset(&timezone)
            .map_err(|_| validation(format!("Invalid ScheduleExpressionTimezone {timezone}.")))?;
        let window = input
            .flexible_time_window
            .as_ref()
            .ok_or_else(|| validation("FlexibleTimeWindow is required."))?;
        let flexible_minutes = match (window.mode.as_str(), window.maximum_window_in_minutes) {
            ("OFF", None) => None,
            ("OFF", Some(_)) => {
                return Err(validation(
                    "MaximumWindowInMinutes must not be set when FlexibleTimeWindow Mode is OFF.",
                ))
            }
            ("FLEXIBLE", Some(m)) if (1..=1440).contains(&m) => Some(m as u32),
            ("FLEXIBLE", _) => {
                return Err(validation(
                    "MaximumWindowInMinutes must be between 1 and 1440 when FlexibleTimeWindow Mode is FLEXIBLE.",
                ))
            }
            (mode, _) => {
                return Err(validation(format!("1 validation error detected: Value '{mode}' at 'flexibleTimeWindow.mode' failed to satisfy constraint: Member must satisfy enum value set: [OFF, FLEXIBLE]")))
            }
        };
        let raw_target = input
            .target
            .clone()
            .ok_or_else(|| validation("Target is required."))?;
        let target: Target = serde_json::from_value(raw_target.clone())
            .map_err(|e| validation(format!("Invalid Target: {e}")))?;
        if !target.role_arn.starts_with("arn:aws:iam::") {
            return Err(validation(format!(
                "Invalid RoleArn {}: it must be an IAM role ARN.",
                target.role_arn
            )));
        }
        if target.arn.starts_with("arn:aws:ecs:") {
            let Some(ecs) = &target.ecs_parameters else {
                return Err(validation(
                    "EcsParameters are required when the target is an ECS cluster.",
                ));
            };
            if ecs.task_count.is_some_and(|n| !(1..=10).contains(&n)) {
                return Err(validation("TaskCount must be between 1 and 10."));
            }
        } else if !target.arn.starts_with("arn:aws:") {
            return Err(validation(format!("Invalid Target Arn {}.", target.arn)));
        }
        let state = input.state.clone().unwrap_or_else(|| "ENABLED".into());
        if !matches!(state.as_str(), "ENABLED" | "DISABLED") {
            return Err(validation(format!("1 validation error detected: Value '{state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]")));
        }
        let after = input
            .action_after_completion
            .clone()
            .unwrap_or_else(|| "NONE".into());
        if !matches!(after.as_str(), "NONE" | "DELETE") {
            return Err(validation(format!("1 validation error detected: Value '{after}' at 'actionAfterCompletion' failed to satisfy constraint: Member must satisfy enum value set: [NONE, DELETE]")));
        }
        let start_date = date(&input.start_date, "StartDate")?;
        let end_date = date(&input.end_date, "EndDate")?;
        if let (Some(s), Some(e)) = (start_date, end_date) {
            if e <= s {
                return Err(validation("The EndDate must be after the StartDate."));
            }
        }
        let arn = format!(
            "arn:aws:scheduler:{}:{}:schedule/{group}/{name}",
            env.region, env.account_id
        );
        let schedule = Schedule {
            name,
            group_name: group,
            arn: arn.clone(),
            schedule_expression: expression,
            timezone,
            state,
            description: input.description.clone(),
            flexible_minutes,
            target: raw_target,
            start_date,
            end_date,
            action_after_completion: after,
            created_at: existing.map_or(env.now, |s| s.created_at),
            modified_at: env.now,
        };
        self.schedules.insert(key, schedule);
        Ok(json!({ "ScheduleArn": arn }))
    }

    pub(crate) fn get_schedule(&self, input: ScheduleInput) -> Result<Value, SchedulerError> {
        let group = input.group_name.unwrap_or_else(|| "default".into());
        self.schedules
            .get(&format!("{group}/{}", input.name))
            .map(Schedule::shape)
            .ok_or(SchedulerError::NotFound(input.name))
    }

    pub(crate) fn delete_schedule(
        &mut self,
        input: ScheduleInput,
    ) -> Result<Value, SchedulerError> {
        let group = input.group_name.unwrap_or_else(|| "default".into());
        let key = format!("{group}/{}", input.name);
        self.schedules
            .remove(&key)
            .ok_or(SchedulerError::NotFound(input.name))?;
        self.pending.retain(|(_, k)| *k != key);
        Ok(json!({}))
    }

    pub(crate) fn list_schedules(
        &self,
        input: ListSchedulesInput,
    ) -> Result<Value, SchedulerError> {
        if let Some(n) = input.max_results.filter(|n| !(1..=100).contains(n)) {
            return Err(validation(format!("1 validation error detected: Value '{n}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100")));
        }
        let schedules: Vec<Value> = self
            .schedules
            .values()
            .filter(|s| input.group_name.as_ref().is_none_or(|g| &s.group_name == g))
            .filter(|s| {
                input
                    .name_prefix
                    .as_ref()
                    .is_none_or(|p| s.name.starts_with(p.as_str()))
            })
            .filter(|s| input.state.as_ref().is_none_or(|st| &s.state == st))
            .take(usize::try_from(input.max_results.unwrap_or(100)).unwrap_or(100))
            .map(Schedule::summary)
            .collect();
        Ok(json!({ "Schedules": schedules }))
    }

    /// The next minute boundary, when a schedule could fire or a flexible invocation is due.
    pub(crate) fn next_event(&self, now: SimTime) -> Option<SimTime> {
        let pending = self.pending.iter().map(|(at, _)| *at).min();
        let minute =
            (!self.schedules.is_empty()).then(|| SimTime((now.0 / 60 + 1).saturating_mul(60)));
        [pending, minute].into_iter().flatten().min()
    }
}

//! CloudWatch Logs, as far as container logs go: log groups, the streams the
//! `awslogs` driver writes (`<prefix>/<container>/<task-id>`), and the lines
//! containers print as they start, serve and stop. Bounded so that a
//! simulated week does not grow memory without end.

use crate::clock::{Duration, SimTime};
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Events kept per stream; older ones are dropped (retention, in effect).
pub const MAX_EVENTS_PER_STREAM: usize = 500;
/// Streams kept per group; the oldest go first.
pub const MAX_STREAMS_PER_GROUP: usize = 200;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Logs {
    pub groups: BTreeMap<String, LogGroup>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogGroup {
    pub created_at: SimTime,
    pub retention_days: Option<u32>,
    pub streams: BTreeMap<String, LogStream>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogStream {
    pub created_at: SimTime,
    pub events: Vec<(SimTime, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LogsError {
    #[error("The specified log group already exists")]
    GroupExists,
    #[error("The specified log group does not exist.")]
    GroupNotFound,
    #[error("The specified log stream does not exist.")]
    StreamNotFound,
    #[error("1 validation error detected: Value '{0}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+")]
    InvalidName(String),
    #[error("Invalid value for retentionInDays: {0}")]
    InvalidRetention(i64),
}

impl AwsErrorCode for LogsError {
    fn code(&self) -> &'static str {
        match self {
            LogsError::GroupExists => "ResourceAlreadyExistsException",
            LogsError::GroupNotFound | LogsError::StreamNotFound => "ResourceNotFoundException",
            LogsError::InvalidName(_) | LogsError::InvalidRetention(_) => {
                "InvalidParameterException"
            }
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogsInput {
    pub log_group_name: Option<String>,
    pub log_group_name_prefix: Option<String>,
    pub log_stream_name: Option<String>,
    pub log_stream_name_prefix: Option<String>,
    pub retention_in_days: Option<i64>,
}

/// The retention values CloudWatch Logs accepts.
const RETENTION_DAYS: &[i64] = &[
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

fn millis(at: SimTime) -> u64 {
    (crate::clock::EPOCH_UNIX_SECONDS + at.0) * 1000
}

impl Logs {
    fn group(&self, name: &str) -> Result<&LogGroup, LogsError> {
        self.groups.get(name).ok_or(LogsError::GroupNotFound)
    }

    pub fn create_log_group(&mut self, now: SimTime, input: LogsInput) -> Result<Value, LogsError> {
        let name = input.log_group_name.unwrap_or_default();
        let valid = !name.is_empty()
            && name.len() <= 512
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-/#".contains(c));
        if !valid {
            return Err(LogsError::InvalidName(name));
        }
        if self.groups.contains_key(&name) {
            return Err(LogsError::GroupExists);
        }
        self.groups.insert(
            name,
            LogGroup {
                created_at: now,
                retention_days: None,
                streams: BTreeMap::new(),
            },
        );
        Ok(Value::Null)
    }

    pub fn delete_log_group(&mut self, input: LogsInput) -> Result<Value, LogsError> {
        let name = input.log_group_name.unwrap_or_default();
        self.groups.remove(&name).ok_or(LogsError::GroupNotFound)?;
        Ok(Value::Null)
    }

    pub fn put_retention_policy(&mut self, input: LogsInput) -> Result<Value, LogsError> {
        let days = input.retention_in_days.unwrap_or(0);
        if !RETENTION_DAYS.contains(&days) {
            return Err(LogsError::InvalidRetention(days));
        }
        let group = self
            .groups
            .get_mut(input.log_group_name.as_deref().unwrap_or_default())
            .ok_or(LogsError::GroupNotFound)?;
        group.retention_days = u32::try_from(days).ok();
        Ok(Value::Null)
    }

    pub fn describe_log_groups(&self, region: &str, account_id: &str, input: LogsInput) -> Value {
        let prefix = input.log_group_name_prefix.unwrap_or_default();
        let groups: Vec<Value> = self
            .groups
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(name, g)| {
                let stored: usize = g
                    .streams
                    .values()
                    .map(|s| s.events.iter().map(|(_, m)| m.len() + 26).sum::<usize>())
                    .sum();
                let mut shape = json!({
                    "logGroupName": name,
                    "creationTime": millis(g.created_at),
                    "metricFilterCount": 0,
                    "arn": format!("arn:aws:logs:{region}:{account_id}:log-group:{name}:*"),
                    "storedBytes": stored,
                    "logGroupClass": "STANDARD",
                    "logGroupArn": format!("arn:aws:logs:{region}:{account_id}:log-group:{name}"),
                });
                if let (Some(days), Value::Object(map)) = (g.retention_days, &mut shape) {
                    map.insert("retentionInDays".into(), json!(days));
                }
                shape
            })
            .collect();
        json!({ "logGroups": groups })
    }

    pub fn describe_log_streams(&self, input: LogsInput) -> Result<Value, LogsError> {
        let group = self.group(input.log_group_name.as_deref().unwrap_or_default())?;
        let prefix = input.log_stream_name_prefix.unwrap_or_default();
        let streams: Vec<Value> = group
            .streams
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(name, s)| {
                json!({
                    "logStreamName": name,
                    "creationTime": millis(s.created_at),
                    "firstEventTimestamp": s.events.first().map(|(at, _)| millis(*at)),
                    "lastEventTimestamp": s.events.last().map(|(at, _)| millis(*at)),
                })
            })
            .collect();
        Ok(json!({ "logStreams": streams }))
    }

    pub fn get_log_events(&self, input: LogsInput) -> Result<Value, LogsError> {
        let group = self.group(input.log_group_name.as_deref().unwrap_or_default())?;
        let stream = group
            .streams
            .get(input.log_stream_name.as_deref().unwrap_or_default())
            .ok_or(LogsError::StreamNotFound)?;
        let events: Vec<Value> = stream
            .events
            .iter()
            .map(|(at, message)| json!({ "timestamp": millis(*at), "message": message, "ingestionTime": millis(*at) + 1 }))
            .collect();
        Ok(json!({ "events": events, "nextForwardToken": "f/0", "nextBackwardToken": "b/0" }))
    }

    /// A group's events from `from` on, in every stream whose name contains
    /// `stream_contains` (a task id picks one task's streams), oldest first.
    pub fn events(
        &self,
        group: &str,
        from: SimTime,
        stream_contains: &str,
    ) -> Result<Vec<(SimTime, &str, &str)>, LogsError> {
        let group = self.group(group)?;
        let mut events: Vec<(SimTime, &str, &str)> = group
            .streams
            .iter()
            .filter(|(name, _)| name.contains(stream_contains))
            .flat_map(|(name, s)| {
                s.events
                    .iter()
                    .filter(|(at, _)| *at >= from)
                    .map(move |(at, m)| (*at, name.as_str(), m.as_str()))
            })
            .collect();
        events.sort_by_key(|(at, name, _)| (*at, *name));
        Ok(events)
    }

    /// `aws logs tail GROUP [--since D]`: every stream's events, oldest first, as the CLI prints them.
    pub fn tail(
        &self,
        group: &str,
        since: Option<Duration>,
        now: SimTime,
    ) -> Result<String, LogsError> {
        let from = since.map_or(SimTime(now.0.saturating_sub(600)), |d| {
            SimTime(now.0.saturating_sub(d.0))
        });
        let events = self.events(group, from, "")?;
        Ok(events
            .into_iter()
            .map(|(at, stream, message)| {
                format!(
                    "{} {stream} {message}\n",
                    at.to_iso8601().replace("+00:00", ".000000+00:00")
                )
            })
            .collect())
    }

    /// Appends a line from a container (the stream is created as the driver would).
    pub fn write(&mut self, group: &str, stream: &str, at: SimTime, message: String) -> bool {
        let Some(group) = self.groups.get_mut(group) else {
            return false;
        };
        if !group.streams.contains_key(stream) && group.streams.len() >= MAX_STREAMS_PER_GROUP {
            let oldest = group
                .streams
                .iter()
                .min_by_key(|(_, s)| s.created_at)
                .map(|(n, _)| n.clone());
            if let Some(oldest) = oldest {
                group.streams.remove(&oldest);
            }
        }
        let stream = group
            .streams
            .entry(stream.to_string())
            .or_insert_with(|| LogStream {
                created_at: at,
                events: Vec::new(),
            });
        stream.events.push((at, message));
        if stream.events.len() > MAX_EVENTS_PER_STREAM {
            let excess = stream.events.len() - MAX_EVENTS_PER_STREAM;
            stream.events.drain(..excess);
        }
        true
    }
}

/// What a container prints when it starts, by what its image looks like.
pub fn startup_lines(image: &str) -> Vec<String> {
    if image.contains("nginx") {
        vec![
            "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration".into(),
            "/docker-entrypoint.sh: Configuration complete; ready for start up".into(),
            "[notice] 1#1: start worker processes".into(),
        ]
    } else if image.contains("fluent") {
        vec![
            "Fluent Bit v3.0 * Copyright (C) 2015-2024 The Fluent Bit Authors".into(),
            "[ info] [engine] started (pid=1)".into(),
        ]
    } else {
        vec![format!("Starting {image}"), "Listening for requests".into()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_bounded() {
        let mut logs = Logs::default();
        logs.create_log_group(
            SimTime(0),
            LogsInput {
                log_group_name: Some("/ecs/web".into()),
                ..Default::default()
            },
        )
        .unwrap();
        for i in 0..(MAX_EVENTS_PER_STREAM + 10) {
            assert!(logs.write(
                "/ecs/web",
                "ecs/web/1",
                SimTime(i as u64),
                format!("line {i}")
            ));
        }
        let stream = &logs.groups["/ecs/web"].streams["ecs/web/1"];
        assert_eq!(stream.events.len(), MAX_EVENTS_PER_STREAM);
        assert_eq!(stream.events[0].1, "line 10");
        assert!(!logs.write("/missing", "s", SimTime(0), "x".into()));
    }

    #[test]
    fn group_names_and_retention_are_validated() {
        let mut logs = Logs::default();
        assert!(logs
            .create_log_group(
                SimTime(0),
                LogsInput {
                    log_group_name: Some("bad name".into()),
                    ..Default::default()
                }
            )
            .is_err());
        logs.create_log_group(
            SimTime(0),
            LogsInput {
                log_group_name: Some("/ecs/a".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            logs.create_log_group(
                SimTime(0),
                LogsInput {
                    log_group_name: Some("/ecs/a".into()),
                    ..Default::default()
                }
            ),
            Err(LogsError::GroupExists)
        );
        let bad = LogsInput {
            log_group_name: Some("/ecs/a".into()),
            retention_in_days: Some(2),
            ..Default::default()
        };
        assert_eq!(
            logs.put_retention_policy(bad),
            Err(LogsError::InvalidRetention(2))
        );
    }
}

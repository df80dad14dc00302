//! Lesson goals: declarative checks over the world. The generic one runs a
//! console line (any `aws … --query …` or `sim …`, with the learner's shell
//! variables) on a copy of the console and compares its output; the named
//! ones say common things briefly. A check never changes the learner's world.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The check kinds a lesson can use, for the message about an unknown one.
pub const KINDS: [&str; 5] = [
    "run",
    "service_steady",
    "deployment_succeeded",
    "scaling_activity",
    "reachable",
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A console line; with `equals`/`contains`/`at_least` its output is
    /// compared, otherwise it must succeed (exit status 0).
    Run {
        line: String,
        equals: Option<String>,
        contains: Option<String>,
        at_least: Option<f64>,
    },
    /// A service is ACTIVE, its deployment completed, running its desired count
    /// (or exactly `running`), and every target it registered is healthy.
    ServiceSteady {
        cluster: String,
        service: String,
        running: Option<u32>,
    },
    /// A CodeDeploy deployment succeeded (with this configuration, if given).
    DeploymentSucceeded { config: Option<String> },
    /// Application Auto Scaling changed this resource's desired count at least `count` times.
    ScalingActivity { resource_id: String, count: u32 },
    /// `sim reachability` finds the path open.
    Reachable { from: String, to: String, port: u16 },
}

fn text(map: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match map.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn required(map: &serde_json::Map<String, Value>, kind: &str, key: &str) -> Result<String, String> {
    text(map, key).ok_or_else(|| format!("{kind} needs {key}:"))
}

fn only(map: &serde_json::Map<String, Value>, kind: &str, keys: &[&str]) -> Result<(), String> {
    match map.keys().find(|k| !keys.contains(&k.as_str())) {
        Some(extra) => Err(format!(
            "{kind} does not take {extra}: use {}",
            keys.join(", ")
        )),
        None => Ok(()),
    }
}

impl Check {
    /// Reads a `check:` mapping; the message names what to fix.
    pub fn read(value: &Value) -> Result<Check, String> {
        let map = value
            .as_object()
            .ok_or("check: takes a mapping such as run: aws … with equals: …")?;
        let kind = KINDS
            .iter()
            .find(|k| map.contains_key(**k))
            .ok_or_else(|| format!("unknown check: use one of {}", KINDS.join(", ")))?;
        match *kind {
            "run" => {
                only(map, "run", &["run", "equals", "contains", "at_least"])?;
                let at_least = match map.get("at_least") {
                    None => None,
                    Some(v) => Some(v.as_f64().ok_or("at_least takes a number")?),
                };
                Ok(Check::Run {
                    line: required(map, "run", "run")?,
                    equals: text(map, "equals"),
                    contains: text(map, "contains"),
                    at_least,
                })
            }
            "service_steady" => {
                let inner = map["service_steady"]
                    .as_object()
                    .ok_or("service_steady takes cluster: and service: under it")?;
                only(map, "service_steady", &["service_steady"])?;
                only(inner, "service_steady", &["cluster", "service", "running"])?;
                Ok(Check::ServiceSteady {
                    cluster: required(inner, "service_steady", "cluster")?,
                    service: required(inner, "service_steady", "service")?,
                    running: inner
                        .get("running")
                        .and_then(Value::as_u64)
                        .map(|n| n as u32),
                })
            }
            "deployment_succeeded" => {
                only(map, "deployment_succeeded", &["deployment_succeeded"])?;
                let config = match &map["deployment_succeeded"] {
                    Value::Object(inner) => {
                        only(inner, "deployment_succeeded", &["config"])?;
                        text(inner, "config")
                    }
                    _ => None,
                };
                Ok(Check::DeploymentSucceeded { config })
            }
            "scaling_activity" => {
                let inner = map["scaling_activity"]
                    .as_object()
                    .ok_or("scaling_activity takes resource_id: under it")?;
                only(inner, "scaling_activity", &["resource_id", "count"])?;
                Ok(Check::ScalingActivity {
                    resource_id: required(inner, "scaling_activity", "resource_id")?,
                    count: inner
                        .get("count")
                        .and_then(Value::as_u64)
                        .map_or(1, |n| n as u32),
                })
            }
            _ => {
                let inner = map["reachable"]
                    .as_object()
                    .ok_or("reachable takes from:, to: and port: under it")?;
                only(inner, "reachable", &["from", "to", "port"])?;
                let port = inner
                    .get("port")
                    .and_then(Value::as_u64)
                    .and_then(|p| u16::try_from(p).ok())
                    .ok_or("reachable needs port: a number")?;
                Ok(Check::Reachable {
                    from: required(inner, "reachable", "from")?,
                    to: required(inner, "reachable", "to")?,
                    port,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn checks_read_and_refuse_with_a_reason() {
        assert!(matches!(
            Check::read(&json!({ "run": "aws ec2 describe-vpcs", "equals": 1 })),
            Ok(Check::Run { equals: Some(e), .. }) if e == "1"
        ));
        assert!(Check::read(
            &json!({ "service_steady": { "cluster": "c", "service": "s", "running": 2 } })
        )
        .is_ok());
        assert!(Check::read(&json!({ "deployment_succeeded": null })).is_ok());
        for (bad, reason) in [
            (json!({ "runs": "x" }), "unknown check"),
            (json!({ "run": "x", "equal": "1" }), "does not take equal"),
            (
                json!({ "service_steady": { "cluster": "c" } }),
                "needs service",
            ),
            (json!({ "reachable": { "from": "a", "to": "b" } }), "port"),
            (json!("run"), "mapping"),
        ] {
            let message = Check::read(&bad).unwrap_err();
            assert!(message.contains(reason), "{bad}: {message}");
        }
    }
}

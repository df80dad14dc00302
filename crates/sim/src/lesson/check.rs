//! Lesson goals: declarative checks over the world. The generic one runs a
//! console line (any `aws … --query …` or `sim …`, with the learner's shell
//! variables) on a copy of the console and compares its output; the named
//! ones say common things briefly. A check never changes the learner's world.

use crate::console::Console;
use crate::deploy::deployment::DeploymentStatus;
use crate::ecs::service::ServiceStatus;
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

    /// Whether the learner's world meets the check now.
    pub fn met(&self, console: &Console) -> bool {
        self.met_on(console, &mut None)
    }

    /// Whether each check is met, in order. `run` lines go to one copy of the
    /// console between them (made only if one is needed), not a copy each: the
    /// panel re-checks on every step of the clock, and a copy holds the whole
    /// world. Goal lines are read-only queries, so sharing the copy changes no
    /// verdict.
    pub fn met_all<'a>(
        checks: impl IntoIterator<Item = &'a Check>,
        console: &Console,
    ) -> Vec<bool> {
        let mut probe = None;
        checks
            .into_iter()
            .map(|check| check.met_on(console, &mut probe))
            .collect()
    }

    /// What each check sees in a world, to tell worlds apart the way the
    /// step's own goals look at them: a `run` line's status and output, any
    /// other check whether it is met. Lines run on one copy, as in [`Check::met_all`].
    pub fn observe_all<'a>(
        checks: impl IntoIterator<Item = &'a Check>,
        console: &Console,
    ) -> Vec<String> {
        let mut probe = None;
        checks
            .into_iter()
            .map(|check| match check {
                Check::Run { line, .. } => {
                    let probe = probe.get_or_insert_with(|| console.clone());
                    let out = probe.run(line);
                    format!("{} {}", out.status, out.stdout.trim())
                }
                other => other.met_on(console, &mut probe).to_string(),
            })
            .collect()
    }

    /// `met`, running `run` lines on `probe` (a copy made on first need).
    fn met_on(&self, console: &Console, probe: &mut Option<Console>) -> bool {
        let world = &console.world;
        match self {
            Check::Run {
                line,
                equals,
                contains,
                at_least,
            } => {
                // A copy: the line may be any command, and the learner's world must not change.
                let probe = probe.get_or_insert_with(|| console.clone());
                let out = probe.run(line);
                let stdout = out.stdout.trim();
                if out.status != 0 {
                    return false;
                }
                equals.as_ref().is_none_or(|e| stdout == e.trim())
                    && contains
                        .as_ref()
                        .is_none_or(|c| stdout.contains(c.as_str()))
                    && at_least.is_none_or(|n| stdout.parse::<f64>().is_ok_and(|v| v >= n))
            }
            Check::ServiceSteady {
                cluster,
                service,
                running,
            } => {
                let Some(s) = world.ecs.services.get(&format!("{cluster}/{service}")) else {
                    return false;
                };
                let tasks: Vec<_> = world
                    .ecs
                    .tasks
                    .values()
                    .filter(|t| t.of_service(cluster, service) && t.is_active())
                    .collect();
                let all_running = tasks
                    .iter()
                    .all(|t| t.last_status == crate::ecs::task::TaskStatus::Running);
                let healthy = tasks.iter().flat_map(|t| &t.targets).all(|r| {
                    world
                        .elb
                        .target_group(&r.target_group_arn)
                        .ok()
                        .and_then(|g| g.target(&r.target))
                        .is_some_and(|t| t.state == crate::elb::TargetState::Healthy)
                });
                s.status == ServiceStatus::Active
                    && s.rollout_completed
                    && all_running
                    && healthy
                    && tasks.len() == s.desired_count as usize
                    && running.is_none_or(|n| tasks.len() == n as usize)
            }
            Check::DeploymentSucceeded { config } => world.deploy.deployments.values().any(|d| {
                d.creator == "user"
                    && d.status == DeploymentStatus::Succeeded
                    && config
                        .as_ref()
                        .is_none_or(|c| &d.deployment_config_name == c)
            }),
            Check::ScalingActivity { resource_id, count } => {
                world
                    .autoscaling
                    .activities
                    .iter()
                    .filter(|a| &a.resource_id == resource_id)
                    .count()
                    >= *count as usize
            }
            Check::Reachable { from, to, port } => {
                let mut probe = console.clone();
                let out = probe.run(&format!(
                    "sim reachability --from {from} --to {to} --port {port}"
                ));
                out.status == 0 && out.stdout.contains("Result: reachable")
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

    #[test]
    fn a_run_check_reads_the_world_without_changing_it() {
        let mut console = Console::default();
        let check = Check::read(&json!({
            "run": "aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'length(Vpcs)'",
            "equals": 1,
        }))
        .unwrap();
        assert!(!check.met(&console));
        console.run("aws ec2 create-vpc --cidr-block 10.0.0.0/24");
        let before = console.world.to_json();
        assert!(check.met(&console));
        // Even a check that creates something leaves the learner's world alone.
        let sneaky =
            Check::read(&json!({ "run": "aws ec2 create-vpc --cidr-block 10.9.0.0/16" })).unwrap();
        assert!(sneaky.met(&console));
        assert_eq!(console.world.to_json(), before);
    }
}

//! Why a task could not be placed — per instance, the first requirement that
//! ruled it out — and the texts AWS shows for it: the service event, RunTask's
//! `failures[].reason`, and a plain sentence for the UI's "explain why".
//!
//! Service event wording (AWS docs "Amazon ECS service event messages", and
//! real `describe-services` output for the variants the page omits):
//!
//! `service <name> was unable to place a task because no container instance
//! met all of its requirements. The closest matching container-instance <id>
//! has insufficient CPU units available. For more information, see the
//! Troubleshooting section of the Amazon ECS Developer Guide.`
//!
//! with `has insufficient memory available.`, `is already using a port
//! required by your task.`, `encountered error "AGENT".`, `encountered error
//! "MemberOf placement constraint unsatisfied.".` (sic: AWS prints the quoted
//! reason, then a full stop) in place of the CPU clause, or
//! `Reason: No Container Instances were found in your cluster.` when there is
//! no instance to try.
//!
//! Which instance is "closest" is AWS's secret; the model picks the one that
//! got furthest through the checks (constraints > ports > memory > CPU >
//! agent), then the one with the most of the missing resource, then the first.

use super::constraint::ConstraintType;
use super::types::{container_instance_id, HostProtocol, InstanceStatus};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The fixed ending of AWS's placement service events.
pub const TROUBLESHOOTING: &str =
    "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";

/// The reason AWS gives when there is no container instance to try (also the
/// `InvalidParameterException` message of RunTask on an empty cluster).
pub const NO_CONTAINER_INSTANCES: &str = "No Container Instances were found in your cluster.";

/// The first requirement an instance failed, in the order the scheduler
/// checks them: status, agent, CPU, memory, ports, then each constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "camelCase")]
pub enum Rejection {
    /// Not `ACTIVE` (e.g. `DRAINING`): takes no new tasks.
    NotActive { status: InstanceStatus },
    /// The ECS agent is disconnected.
    AgentDisconnected,
    #[serde(rename_all = "camelCase")]
    InsufficientCpu { needed: u32, remaining: u32 },
    #[serde(rename_all = "camelCase")]
    InsufficientMemory { needed: u32, remaining: u32 },
    /// A static host port of the task is already bound on the instance.
    PortInUse { port: u16, protocol: HostProtocol },
    /// A placement constraint does not admit the instance; `description` is
    /// the constraint as the UI shows it (`memberOf(<expression>)`).
    #[serde(rename_all = "camelCase")]
    ConstraintNotMet {
        constraint_type: ConstraintType,
        description: String,
    },
}

impl Rejection {
    /// How far the instance got through the checks (higher = closer).
    fn stage(&self) -> u8 {
        match self {
            Rejection::NotActive { .. } => 0,
            Rejection::AgentDisconnected => 1,
            Rejection::InsufficientCpu { .. } => 2,
            Rejection::InsufficientMemory { .. } => 3,
            Rejection::PortInUse { .. } => 4,
            Rejection::ConstraintNotMet { .. } => 5,
        }
    }

    /// Within a stage, how close: the less is missing, the closer.
    fn shortfall(&self) -> u32 {
        match self {
            Rejection::InsufficientCpu { needed, remaining }
            | Rejection::InsufficientMemory { needed, remaining } => {
                needed.saturating_sub(*remaining)
            }
            _ => 0,
        }
    }

    /// The clause after `The closest matching container-instance <id>` in a
    /// service event.
    pub fn event_clause(&self) -> String {
        match self {
            Rejection::InsufficientCpu { .. } => "has insufficient CPU units available.".into(),
            Rejection::InsufficientMemory { .. } => "has insufficient memory available.".into(),
            Rejection::PortInUse { .. } => "is already using a port required by your task.".into(),
            other => format!("encountered error \"{}\".", other.failure_reason()),
        }
    }

    /// RunTask's `failures[].reason` for this instance (AWS docs "API failure
    /// reasons": `RESOURCE:CPU`, `RESOURCE:MEMORY`, `RESOURCE:PORTS`, `AGENT`;
    /// constraint texts as seen in real RunTask output).
    pub fn failure_reason(&self) -> String {
        match self {
            // StartTask answers INACTIVE for a deregistered instance; for other
            // statuses the status itself is the model's reason.
            Rejection::NotActive { status } => status.as_str().to_string(),
            Rejection::AgentDisconnected => "AGENT".into(),
            Rejection::InsufficientCpu { .. } => "RESOURCE:CPU".into(),
            Rejection::InsufficientMemory { .. } => "RESOURCE:MEMORY".into(),
            Rejection::PortInUse { .. } => "RESOURCE:PORTS".into(),
            Rejection::ConstraintNotMet {
                constraint_type, ..
            } => match constraint_type {
                ConstraintType::MemberOf => "MemberOf placement constraint unsatisfied.".into(),
                ConstraintType::DistinctInstance => {
                    "DistinctInstance placement constraint unsatisfied.".into()
                }
            },
        }
    }

    /// A plain sentence for the learner (the playground's own words).
    pub fn explain(&self) -> String {
        match self {
            Rejection::NotActive { status } => {
                format!(
                    "The instance is {} and takes no new tasks.",
                    status.as_str()
                )
            }
            Rejection::AgentDisconnected => {
                "The ECS agent on the instance is disconnected.".to_string()
            }
            Rejection::InsufficientCpu { needed, remaining } => {
                format!("The task needs {needed} CPU units; the instance has {remaining} left.")
            }
            Rejection::InsufficientMemory { needed, remaining } => {
                format!(
                    "The task needs {needed} MiB of memory; the instance has {remaining} MiB left."
                )
            }
            Rejection::PortInUse { port, protocol } => format!(
                "Host port {port}/{} is already used on the instance.",
                protocol.as_str()
            ),
            Rejection::ConstraintNotMet { description, .. } => {
                format!("The instance does not satisfy the constraint {description}.")
            }
        }
    }
}

/// One instance and why it was ruled out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateRejection {
    pub container_instance_arn: String,
    pub ec2_instance_id: String,
    pub rejection: Rejection,
}

impl CandidateRejection {
    pub fn container_instance_id(&self) -> &str {
        container_instance_id(&self.container_instance_arn)
    }
}

/// RunTask's entry in `failures`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunTaskFailure {
    pub arn: String,
    pub reason: String,
}

/// No instance met every requirement. Holds one rejection per candidate, in
/// the order the candidates were given (empty when there were none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unplaceable {
    pub rejections: Vec<CandidateRejection>,
}

impl Unplaceable {
    /// The instance AWS would name in the event: the one that got furthest.
    /// `None` when no ACTIVE instance was there to try.
    pub fn closest(&self) -> Option<&CandidateRejection> {
        let mut best: Option<&CandidateRejection> = None;
        for r in &self.rejections {
            if matches!(r.rejection, Rejection::NotActive { .. }) {
                continue;
            }
            let closer = match best {
                None => true,
                Some(b) => {
                    let (rs, bs) = (r.rejection.stage(), b.rejection.stage());
                    rs > bs || (rs == bs && r.rejection.shortfall() < b.rejection.shortfall())
                }
            };
            if closer {
                best = Some(r);
            }
        }
        best
    }

    /// Whether the reason is that the cluster has no (ACTIVE) instance at all.
    pub fn no_container_instances(&self) -> bool {
        self.closest().is_none()
    }

    /// The sentence after `service <name> was unable to place a task because
    /// ` — shared by the service event and [`fmt::Display`].
    fn reason_text(&self) -> String {
        let lead = "no container instance met all of its requirements.";
        match self.closest() {
            None => format!("{lead} Reason: {NO_CONTAINER_INSTANCES}"),
            Some(r) => format!(
                "{lead} The closest matching container-instance {} {}",
                r.container_instance_id(),
                r.rejection.event_clause()
            ),
        }
    }

    /// The service event ECS records, e.g. `service web was unable to place a
    /// task because no container instance met all of its requirements. The
    /// closest matching container-instance 0123… has insufficient memory
    /// available. For more information, see the Troubleshooting section of the
    /// Amazon ECS Developer Guide.`
    pub fn service_event_message(&self, service_name: &str) -> String {
        format!(
            "service {service_name} was unable to place a task because {} {TROUBLESHOOTING}",
            self.reason_text()
        )
    }

    /// RunTask's `failures`: the closest instance and its reason (AWS reports
    /// one per unplaced task). Empty when there was no instance; RunTask then
    /// fails as a whole with [`NO_CONTAINER_INSTANCES`].
    pub fn run_task_failures(&self) -> Vec<RunTaskFailure> {
        self.closest()
            .map(|r| RunTaskFailure {
                arn: r.container_instance_arn.clone(),
                reason: r.rejection.failure_reason(),
            })
            .into_iter()
            .collect()
    }
}

/// `no container instance met all of its requirements. …` (no service name,
/// no troubleshooting tail).
impl fmt::Display for Unplaceable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason_text())
    }
}

impl std::error::Error for Unplaceable {}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:ecs:ap-northeast-1:123456789012:container-instance/demo/";

    fn rejected(id: &str, rejection: Rejection) -> CandidateRejection {
        CandidateRejection {
            container_instance_arn: format!("{ARN}{id}"),
            ec2_instance_id: format!("i-{id}"),
            rejection,
        }
    }

    #[test]
    fn service_event_variants() {
        let lead = "service web was unable to place a task because no container instance met all of its requirements.";
        let tail = "For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";
        let cases = [
            (
                Rejection::InsufficientCpu {
                    needed: 1024,
                    remaining: 512,
                },
                "has insufficient CPU units available.",
            ),
            (
                Rejection::InsufficientMemory {
                    needed: 1024,
                    remaining: 512,
                },
                "has insufficient memory available.",
            ),
            (
                Rejection::PortInUse {
                    port: 80,
                    protocol: HostProtocol::Tcp,
                },
                "is already using a port required by your task.",
            ),
            (Rejection::AgentDisconnected, "encountered error \"AGENT\"."),
            (
                Rejection::ConstraintNotMet {
                    constraint_type: ConstraintType::MemberOf,
                    description: "memberOf(attribute:x == y)".into(),
                },
                "encountered error \"MemberOf placement constraint unsatisfied.\".",
            ),
            (
                Rejection::ConstraintNotMet {
                    constraint_type: ConstraintType::DistinctInstance,
                    description: "distinctInstance".into(),
                },
                "encountered error \"DistinctInstance placement constraint unsatisfied.\".",
            ),
        ];
        for (rejection, clause) in cases {
            let u = Unplaceable {
                rejections: vec![rejected("abc123", rejection)],
            };
            assert_eq!(
                u.service_event_message("web"),
                format!("{lead} The closest matching container-instance abc123 {clause} {tail}")
            );
        }
        let empty = Unplaceable::default();
        assert_eq!(
            empty.service_event_message("web"),
            format!("{lead} Reason: No Container Instances were found in your cluster. {tail}")
        );
        assert!(empty.run_task_failures().is_empty());
    }

    #[test]
    fn closest_is_the_one_that_got_furthest() {
        let u = Unplaceable {
            rejections: vec![
                rejected(
                    "draining",
                    Rejection::NotActive {
                        status: InstanceStatus::Draining,
                    },
                ),
                rejected(
                    "cpu",
                    Rejection::InsufficientCpu {
                        needed: 2048,
                        remaining: 0,
                    },
                ),
                rejected(
                    "mem-far",
                    Rejection::InsufficientMemory {
                        needed: 2048,
                        remaining: 100,
                    },
                ),
                rejected(
                    "mem-near",
                    Rejection::InsufficientMemory {
                        needed: 2048,
                        remaining: 2000,
                    },
                ),
            ],
        };
        let closest = u.closest().expect("an active instance");
        assert_eq!(closest.container_instance_id(), "mem-near");
        assert_eq!(
            u.run_task_failures(),
            vec![RunTaskFailure {
                arn: format!("{ARN}mem-near"),
                reason: "RESOURCE:MEMORY".into()
            }]
        );
        let only_draining = Unplaceable {
            rejections: vec![u.rejections[0].clone()],
        };
        assert!(only_draining.no_container_instances());
    }

    #[test]
    fn rejection_json_is_tagged() {
        let json = serde_json::to_value(Rejection::InsufficientCpu {
            needed: 512,
            remaining: 256,
        })
        .expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"reason": "insufficientCpu", "needed": 512, "remaining": 256})
        );
    }
}

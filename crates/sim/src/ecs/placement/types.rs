//! The inputs and output of placement: a container instance as the scheduler
//! sees it ([`Candidate`]), what one task needs ([`TaskRequirements`]), and
//! where a task went ([`Placement`]).
//!
//! These are plain snapshots the caller builds from its own state; placement
//! never reaches back into the world, which keeps it pure and testable.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The protocol of a host port. Kept local to this module so placement does not
/// depend on the task-definition types; the caller maps its own `Protocol`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum HostProtocol {
    #[default]
    Tcp,
    Udp,
}

impl HostProtocol {
    pub fn as_str(self) -> &'static str {
        match self {
            HostProtocol::Tcp => "tcp",
            HostProtocol::Udp => "udp",
        }
    }
}

/// A container instance's `status` (API values). Only `ACTIVE` instances take
/// new tasks; a `DRAINING` instance keeps its tasks but gets no new ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    #[default]
    Active,
    Draining,
    Registering,
    Deregistering,
    RegistrationFailed,
    Inactive,
}

impl InstanceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Active => "ACTIVE",
            InstanceStatus::Draining => "DRAINING",
            InstanceStatus::Registering => "REGISTERING",
            InstanceStatus::Deregistering => "DEREGISTERING",
            InstanceStatus::RegistrationFailed => "REGISTRATION_FAILED",
            InstanceStatus::Inactive => "INACTIVE",
        }
    }
}

/// The task definition's `networkMode`, as far as placement cares: only
/// `bridge` and `host` bind ports on the instance, so only they can conflict.
/// (`awsvpc` tasks get their own ENI; ENI attachment limits are not modelled.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskNetworkMode {
    #[default]
    Bridge,
    Host,
    Awsvpc,
    None,
}

impl TaskNetworkMode {
    /// Whether the task's static host ports occupy ports on the instance.
    pub fn binds_host_ports(self) -> bool {
        matches!(self, TaskNetworkMode::Bridge | TaskNetworkMode::Host)
    }
}

/// Ports the ECS agent reserves on every Linux container instance by default
/// (`ECS_RESERVED_PORTS`): SSH, the Docker daemon and the agent's own API.
/// Callers that want AWS's behaviour put these in [`Candidate::used_ports`].
pub const AGENT_RESERVED_PORTS: [u16; 5] = [22, 2375, 2376, 51678, 51679];

/// A task already on an instance. `group` is the task group (`service:web`,
/// `family:batch`, …) that spread, `distinctInstance` and `task:group` look at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacedTask {
    /// `None` for tasks this module placed itself in [`super::place_many`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_arn: Option<String>,
    pub group: String,
    /// What the task reserved, so a scale-in can tell what stopping it frees.
    #[serde(default)]
    pub cpu: u32,
    #[serde(default)]
    pub memory: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub host_ports: Vec<(u16, HostProtocol)>,
}

impl PlacedTask {
    pub fn new(group: impl Into<String>) -> Self {
        PlacedTask {
            group: group.into(),
            ..PlacedTask::default()
        }
    }
}

/// One container instance as the scheduler sees it at the moment of placement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub container_instance_arn: String,
    pub ec2_instance_id: String,
    /// `ecs.availability-zone`.
    pub availability_zone: String,
    /// `ecs.instance-type`.
    pub instance_type: String,
    /// `ecs.os-type` (`linux` or `windows`).
    #[serde(default = "default_os_type")]
    pub os_type: String,
    /// `ecs.cpu-architecture` (`x86_64` or `arm64`).
    #[serde(default = "default_cpu_architecture")]
    pub cpu_architecture: String,
    /// `ecs.ami-id`; empty means the attribute is absent.
    #[serde(default)]
    pub ami_id: String,
    /// Custom (and any other) attributes: name → value. An attribute without a
    /// value (as `ecs.capability.*` ones are) has an empty string.
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// CPU units not yet reserved by tasks.
    pub remaining_cpu: u32,
    /// MiB not yet reserved by tasks.
    pub remaining_memory: u32,
    /// Static host ports already bound (by tasks in bridge/host mode, or
    /// reserved by the agent).
    #[serde(default)]
    pub used_ports: BTreeSet<(u16, HostProtocol)>,
    #[serde(default = "yes")]
    pub agent_connected: bool,
    /// For `agentVersion` queries; empty means unknown.
    #[serde(default)]
    pub agent_version: String,
    /// For `registeredAt` queries (ISO 8601); empty means unknown.
    #[serde(default)]
    pub registered_at: String,
    /// `runningTasksCount`.
    #[serde(default)]
    pub running_tasks: u32,
    #[serde(default)]
    pub status: InstanceStatus,
    /// The tasks on the instance, with their groups.
    #[serde(default)]
    pub tasks: Vec<PlacedTask>,
}

fn default_os_type() -> String {
    "linux".to_string()
}

fn default_cpu_architecture() -> String {
    "x86_64".to_string()
}

fn yes() -> bool {
    true
}

impl Candidate {
    /// An ACTIVE, connected, empty Linux x86_64 instance.
    pub fn new(
        container_instance_arn: impl Into<String>,
        ec2_instance_id: impl Into<String>,
        availability_zone: impl Into<String>,
        instance_type: impl Into<String>,
        remaining_cpu: u32,
        remaining_memory: u32,
    ) -> Self {
        Candidate {
            container_instance_arn: container_instance_arn.into(),
            ec2_instance_id: ec2_instance_id.into(),
            availability_zone: availability_zone.into(),
            instance_type: instance_type.into(),
            os_type: default_os_type(),
            cpu_architecture: default_cpu_architecture(),
            ami_id: String::new(),
            attributes: BTreeMap::new(),
            remaining_cpu,
            remaining_memory,
            used_ports: BTreeSet::new(),
            agent_connected: true,
            agent_version: String::new(),
            registered_at: String::new(),
            running_tasks: 0,
            status: InstanceStatus::Active,
            tasks: Vec::new(),
        }
    }

    /// Marks the agent's default reserved ports (TCP) as used.
    pub fn with_agent_reserved_ports(mut self) -> Self {
        for port in AGENT_RESERVED_PORTS {
            self.used_ports.insert((port, HostProtocol::Tcp));
        }
        self
    }

    /// The container instance id: the last segment of its ARN, as service
    /// events print it (`…:container-instance/<cluster>/<id>` → `<id>`).
    pub fn container_instance_id(&self) -> &str {
        container_instance_id(&self.container_instance_arn)
    }

    /// The value of an attribute as `attribute:<name>` sees it: the built-in
    /// `ecs.*` attributes come from the typed fields, everything else from
    /// [`Candidate::attributes`]. `None` when the instance lacks it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        let builtin = match name {
            "ecs.availability-zone" => Some(self.availability_zone.as_str()),
            "ecs.instance-type" => Some(self.instance_type.as_str()),
            "ecs.os-type" => Some(self.os_type.as_str()),
            "ecs.cpu-architecture" => Some(self.cpu_architecture.as_str()),
            "ecs.ami-id" => Some(self.ami_id.as_str()),
            _ => None,
        };
        match builtin {
            // An empty built-in means the caller did not know it: absent.
            Some("") => self.attributes.get(name).map(String::as_str),
            Some(value) => Some(value),
            None => self.attributes.get(name).map(String::as_str),
        }
    }

    /// How many of this instance's tasks belong to `group`.
    pub fn group_task_count(&self, group: &str) -> usize {
        self.tasks.iter().filter(|t| t.group == group).count()
    }
}

/// The last `/`-separated segment of a container instance ARN (or the whole
/// string when it has none).
pub fn container_instance_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// What one task needs from an instance. The caller decides the amounts by
/// ECS's rules (task-level size, else the sum of container `memory` or
/// `memoryReservation`); placement just compares them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRequirements {
    /// CPU units.
    pub cpu: u32,
    /// MiB.
    pub memory: u32,
    /// Static host ports only: a `hostPort` of 0 or omitted in bridge mode is
    /// dynamic (ephemeral) and never conflicts, so it is not listed.
    #[serde(default)]
    pub host_ports: Vec<(u16, HostProtocol)>,
    /// The task group: `service:<name>` for service tasks, `family:<family>`
    /// (or the `group` given to RunTask) for standalone tasks.
    pub group: String,
    #[serde(default)]
    pub network_mode: TaskNetworkMode,
}

impl TaskRequirements {
    pub fn new(cpu: u32, memory: u32, group: impl Into<String>) -> Self {
        TaskRequirements {
            cpu,
            memory,
            host_ports: Vec::new(),
            group: group.into(),
            network_mode: TaskNetworkMode::Bridge,
        }
    }

    /// The static host ports that occupy ports on the instance in this
    /// network mode (none in `awsvpc`/`none`; port 0 is dynamic).
    pub fn bound_host_ports(&self) -> impl Iterator<Item = (u16, HostProtocol)> + '_ {
        let binds = self.network_mode.binds_host_ports();
        self.host_ports
            .iter()
            .copied()
            .filter(move |(port, _)| binds && *port != 0)
    }
}

/// Where one task went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    pub container_instance_arn: String,
    pub ec2_instance_id: String,
    /// Index into the candidate slice the placement was made from.
    pub candidate_index: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_attributes_come_from_typed_fields() {
        let mut c = Candidate::new("arn/ci-1", "i-1", "ap-northeast-1a", "t3.micro", 1024, 900);
        c.attributes.insert("stack".into(), "prod".into());
        c.attributes
            .insert("ecs.capability.task-eni".into(), String::new());
        assert_eq!(
            c.attribute("ecs.availability-zone"),
            Some("ap-northeast-1a")
        );
        assert_eq!(c.attribute("ecs.instance-type"), Some("t3.micro"));
        assert_eq!(c.attribute("ecs.os-type"), Some("linux"));
        assert_eq!(c.attribute("ecs.cpu-architecture"), Some("x86_64"));
        assert_eq!(c.attribute("ecs.ami-id"), None);
        assert_eq!(c.attribute("stack"), Some("prod"));
        assert_eq!(c.attribute("ecs.capability.task-eni"), Some(""));
        assert_eq!(c.attribute("missing"), None);
        assert_eq!(c.container_instance_id(), "ci-1");
    }

    #[test]
    fn dynamic_and_awsvpc_ports_bind_nothing() {
        let mut r = TaskRequirements::new(256, 512, "service:web");
        r.host_ports = vec![(80, HostProtocol::Tcp), (0, HostProtocol::Tcp)];
        assert_eq!(
            r.bound_host_ports().collect::<Vec<_>>(),
            vec![(80, HostProtocol::Tcp)]
        );
        r.network_mode = TaskNetworkMode::Awsvpc;
        assert_eq!(r.bound_host_ports().count(), 0);
    }

    #[test]
    fn candidate_json_is_camel_case_with_defaults() {
        let json = serde_json::json!({
            "containerInstanceArn": "arn:aws:ecs:ap-northeast-1:123456789012:container-instance/c/abc",
            "ec2InstanceId": "i-0abc",
            "availabilityZone": "ap-northeast-1a",
            "instanceType": "t3.small",
            "remainingCpu": 2048,
            "remainingMemory": 1900,
            "usedPorts": [[80, "tcp"]],
            "status": "DRAINING"
        });
        let c: Candidate = serde_json::from_value(json).expect("parses");
        assert!(c.agent_connected);
        assert_eq!(c.status, InstanceStatus::Draining);
        assert!(c.used_ports.contains(&(80, HostProtocol::Tcp)));
        assert_eq!(c.container_instance_id(), "abc");
        let back = serde_json::to_value(&c).expect("serializes");
        assert_eq!(back["remainingMemory"], 1900);
    }
}

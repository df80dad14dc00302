//! Task definitions: the RegisterTaskDefinition input and the registered
//! revision, with AWS's JSON field names, plus the typed questions the rest of
//! the simulator asks of a definition (network mode, task size, containers,
//! roles, log drivers).
//!
//! Task-level `cpu` and `memory` are strings in the API (`"256"`, `"1 vCPU"`,
//! `"2 GB"`); registration normalises them to integer strings. Container-level
//! `cpu`/`memory`/`memoryReservation` are integers.

use super::container_definition::ContainerDefinition;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The RegisterTaskDefinition request, as `--cli-input-json` takes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterTaskDefinitionInput {
    #[serde(default)]
    pub family: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    #[serde(default)]
    pub container_definitions: Vec<ContainerDefinition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement_constraints: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_compatibilities: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<EcsTag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipc_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_accelerators: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_fault_injection: Option<bool>,
}

/// An ECS tag (`key`/`value`, lower case, unlike EC2's `Key`/`Value`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EcsTag {
    #[serde(default)]
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EphemeralStorage {
    #[serde(default, rename = "sizeInGiB")]
    pub size_in_gib: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimePlatform {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_architecture: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system_family: Option<String>,
}

impl RuntimePlatform {
    pub fn is_windows(&self) -> bool {
        self.operating_system_family
            .as_deref()
            .is_some_and(|f| f.starts_with("WINDOWS"))
    }
}

/// One entry of `requiresAttributes`: a capability the container instance must have.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attribute {
    pub name: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskDefinitionStatus {
    #[default]
    Active,
    Inactive,
    DeleteInProgress,
}

impl TaskDefinitionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskDefinitionStatus::Active => "ACTIVE",
            TaskDefinitionStatus::Inactive => "INACTIVE",
            TaskDefinitionStatus::DeleteInProgress => "DELETE_IN_PROGRESS",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ACTIVE" => Some(TaskDefinitionStatus::Active),
            "INACTIVE" => Some(TaskDefinitionStatus::Inactive),
            "DELETE_IN_PROGRESS" => Some(TaskDefinitionStatus::DeleteInProgress),
            _ => None,
        }
    }
}

/// Docker networking mode of a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NetworkMode {
    Bridge,
    Host,
    Awsvpc,
    None,
}

impl NetworkMode {
    pub fn parse(text: &str) -> Option<NetworkMode> {
        match text {
            "bridge" => Some(NetworkMode::Bridge),
            "host" => Some(NetworkMode::Host),
            "awsvpc" => Some(NetworkMode::Awsvpc),
            "none" => Some(NetworkMode::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NetworkMode::Bridge => "bridge",
            NetworkMode::Host => "host",
            NetworkMode::Awsvpc => "awsvpc",
            NetworkMode::None => "none",
        }
    }
}

/// A launch type a definition can be validated against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compatibility {
    Ec2,
    Fargate,
    External,
    ManagedInstances,
}

impl Compatibility {
    /// Every value, in the order AWS lists them.
    pub const ALL: [Compatibility; 4] = [
        Compatibility::Ec2,
        Compatibility::Fargate,
        Compatibility::External,
        Compatibility::ManagedInstances,
    ];

    pub fn parse(text: &str) -> Option<Compatibility> {
        Compatibility::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Compatibility::Ec2 => "EC2",
            Compatibility::Fargate => "FARGATE",
            Compatibility::External => "EXTERNAL",
            Compatibility::ManagedInstances => "MANAGED_INSTANCES",
        }
    }
}

/// One registered revision, exactly as DescribeTaskDefinition returns it.
/// Fields follow botocore's `TaskDefinition` order, which AWS prints in.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    pub task_definition_arn: String,
    pub container_definitions: Vec<ContainerDefinition>,
    pub family: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    pub revision: u32,
    #[serde(default)]
    pub volumes: Vec<Value>,
    pub status: TaskDefinitionStatus,
    #[serde(default)]
    pub requires_attributes: Vec<Attribute>,
    #[serde(default)]
    pub placement_constraints: Vec<Value>,
    #[serde(default)]
    pub compatibilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires_compatibilities: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inference_accelerators: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pid_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipc_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_configuration: Option<Value>,
    pub registered_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deregistered_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_requested_at: Option<String>,
    pub registered_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage: Option<EphemeralStorage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_fault_injection: Option<bool>,
}

/// The fields of a described task definition that AWS sets itself and
/// RegisterTaskDefinition does not take.
pub const RESPONSE_ONLY_FIELDS: [&str; 9] = [
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
    "deleteRequestedAt",
];

/// Default ephemeral storage of a Fargate task when `ephemeralStorage` is omitted.
pub const DEFAULT_EPHEMERAL_STORAGE_GIB: u32 = 20;

impl TaskDefinition {
    /// `family:revision`, the short form services and tasks are shown with.
    pub fn family_revision(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    pub fn is_active(&self) -> bool {
        self.status == TaskDefinitionStatus::Active
    }

    /// This revision as `register-task-definition` input: describe's shape
    /// without the fields AWS sets itself (and refuses as input), which is what
    /// a learner edits to register the next revision.
    pub fn as_register_input(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Some(map) = value.as_object_mut() {
            for key in RESPONSE_ONLY_FIELDS {
                map.remove(key);
            }
            // Empty lists the learner never wrote are noise in an editor (and
            // mean the same as leaving them out), in the containers too.
            let is_empty_list = |v: &Value| matches!(v, Value::Array(a) if a.is_empty());
            map.retain(|_, v| !is_empty_list(v));
            if let Some(Value::Array(containers)) = map.get_mut("containerDefinitions") {
                for container in containers.iter_mut().filter_map(Value::as_object_mut) {
                    container.retain(|_, v| !is_empty_list(v));
                }
            }
        }
        value
    }

    /// The network mode, `bridge` when omitted (the Linux default on EC2).
    /// Fargate definitions always carry `awsvpc`: registration enforces it.
    pub fn network_mode(&self) -> NetworkMode {
        self.network_mode
            .as_deref()
            .and_then(NetworkMode::parse)
            .unwrap_or(NetworkMode::Bridge)
    }

    /// Task-level CPU in units (1024 = 1 vCPU), if set.
    pub fn cpu_units(&self) -> Option<u32> {
        self.cpu.as_deref().and_then(|c| c.parse().ok())
    }

    /// Task-level memory in MiB, if set.
    pub fn memory_mib(&self) -> Option<u32> {
        self.memory.as_deref().and_then(|m| m.parse().ok())
    }

    pub fn containers(&self) -> &[ContainerDefinition] {
        &self.container_definitions
    }

    /// The container a load balancer would send to: the first with a port
    /// mapping, else the first (what the console preselects).
    pub fn load_balanced_container(&self) -> Option<&ContainerDefinition> {
        self.container_definitions
            .iter()
            .find(|c| !c.port_mappings().is_empty())
            .or(self.container_definitions.first())
    }

    pub fn container(&self, name: &str) -> Option<&ContainerDefinition> {
        self.container_definitions.iter().find(|c| c.name() == name)
    }

    pub fn essential_containers(&self) -> impl Iterator<Item = &ContainerDefinition> {
        self.container_definitions
            .iter()
            .filter(|c| c.is_essential())
    }

    pub fn has_execution_role(&self) -> bool {
        self.execution_role_arn
            .as_deref()
            .is_some_and(|r| !r.is_empty())
    }

    pub fn has_task_role(&self) -> bool {
        self.task_role_arn.as_deref().is_some_and(|r| !r.is_empty())
    }

    /// The launch types the definition was validated against at registration.
    pub fn compatibilities(&self) -> impl Iterator<Item = Compatibility> + '_ {
        self.compatibilities
            .iter()
            .filter_map(|c| Compatibility::parse(c))
    }

    pub fn is_compatible_with(&self, launch_type: Compatibility) -> bool {
        self.compatibilities().any(|c| c == launch_type)
    }

    pub fn requires(&self, launch_type: Compatibility) -> bool {
        self.requires_compatibilities
            .iter()
            .flatten()
            .any(|c| c == launch_type.as_str())
    }

    /// The distinct log drivers the containers use, in container order.
    pub fn log_drivers(&self) -> Vec<&str> {
        let mut drivers: Vec<&str> = Vec::new();
        for d in self
            .container_definitions
            .iter()
            .filter_map(|c| c.log_driver())
        {
            if !drivers.contains(&d) {
                drivers.push(d);
            }
        }
        drivers
    }

    /// Ephemeral storage in GiB, 20 when omitted.
    pub fn ephemeral_storage_gib(&self) -> u32 {
        self.ephemeral_storage
            .as_ref()
            .and_then(|e| u32::try_from(e.size_in_gib).ok())
            .unwrap_or(DEFAULT_EPHEMERAL_STORAGE_GIB)
    }

    /// Names of the task's declared volumes.
    pub fn volume_names(&self) -> impl Iterator<Item = &str> {
        self.volumes
            .iter()
            .filter_map(|v| v.get("name").and_then(Value::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn task_cpu_and_memory_are_strings_in_the_input() {
        let input: RegisterTaskDefinitionInput = serde_json::from_value(json!({
            "family": "web", "cpu": "1 vCPU", "memory": "2 GB",
            "containerDefinitions": [{"name": "app", "image": "nginx", "cpu": 128, "memory": 256}]
        }))
        .unwrap();
        assert_eq!(input.cpu.as_deref(), Some("1 vCPU"));
        assert_eq!(input.container_definitions[0].cpu, Some(128));
        // A number where AWS wants a string is a type error (the CLI reports it first).
        assert!(
            serde_json::from_value::<RegisterTaskDefinitionInput>(json!({"cpu": 256})).is_err()
        );
    }

    #[test]
    fn enums_parse_their_aws_spellings() {
        assert_eq!(NetworkMode::parse("awsvpc"), Some(NetworkMode::Awsvpc));
        assert_eq!(NetworkMode::parse("AWSVPC"), None);
        assert_eq!(
            Compatibility::parse("MANAGED_INSTANCES"),
            Some(Compatibility::ManagedInstances)
        );
        assert_eq!(
            TaskDefinitionStatus::parse("INACTIVE"),
            Some(TaskDefinitionStatus::Inactive)
        );
        assert_eq!(
            serde_json::to_value(TaskDefinitionStatus::DeleteInProgress).unwrap(),
            json!("DELETE_IN_PROGRESS")
        );
    }

    #[test]
    fn omitted_network_mode_reads_as_bridge() {
        let td = TaskDefinition::default();
        assert_eq!(td.network_mode(), NetworkMode::Bridge);
        assert_eq!(td.cpu_units(), None);
        assert_eq!(td.ephemeral_storage_gib(), 20);
    }
}

//! Amazon ECS: task definitions, clusters and container instances, tasks,
//! services, deployments and the control plane that runs them.
//!
//! Files, one concern each:
//! - Task definitions: `task_definition` / `container_definition` (the serde
//!   types with AWS's field names and typed accessors), `validate`,
//!   `validate_containers`, `fargate` (the registration rules, errors in
//!   `error.rs`: `TaskDefinitionError`), `task_size`, `requires_attributes`
//!   (computed fields), `task_definition_store` (register / describe /
//!   deregister / list), `samples`.
//! - `spec`: the task definition and ECS operations' parameter types.
//! - `cluster`, `task`, `service`, `task_set`: the state of each, as AWS shapes.
//! - `runtime/`: the cluster, task and service APIs (errors in `api_error.rs`:
//!   `EcsApiError`), the task lifecycle and the service scheduler on the clock.
//! - `rolling_update`: a rolling deployment's bounds and passes (pure functions)
//!   and the deployment circuit breaker; `placement/`: constraints, strategies.
//! - `capacity_provider`, `managed_scaling`: FARGATE / FARGATE_SPOT and Auto
//!   Scaling group capacity; `load_balancing`, `service_connect`,
//!   `execute_command`: a service's targets, names, ECS Exec.
//! - `faults`: what `sim fail` / `sim recover` inject.
mod api_error;
pub mod capacity_provider;
pub mod cluster;
mod container_definition;
mod error;
pub mod execute_command;
mod fargate;
pub mod faults;
pub mod load_balancing;
mod managed_scaling;
pub mod placement;
mod requires_attributes;
pub mod rolling_update;
pub mod runtime;
mod samples;
pub mod service;
pub mod service_connect;
pub mod spec;
pub mod task;
mod task_definition;
mod task_definition_store;
pub mod task_set;
pub mod task_size;
mod validate;
mod validate_containers;

#[cfg(test)]
mod task_definition_tests;

pub use api_error::EcsApiError;
pub use container_definition::{
    is_private_ecr_image, ContainerDefinition, ContainerDependency, EnvironmentFile,
    FirelensConfiguration, HealthCheck, HealthCheckSettings, KeyValuePair, LogConfiguration,
    MountPoint, PortMapping, Protocol, Secret, VolumeFrom, HEALTH_CHECK_INTERVAL_DEFAULT,
    HEALTH_CHECK_RETRIES_DEFAULT, HEALTH_CHECK_TIMEOUT_DEFAULT, STOP_TIMEOUT_DEFAULT,
};
pub use error::TaskDefinitionError;
pub use fargate::FARGATE_LOG_DRIVERS;
pub use samples::{sample, samples};
pub use spec::ECS_TASK_DEFINITION_OPERATIONS;
pub use task_definition::{
    Attribute, Compatibility, EcsTag, EphemeralStorage, NetworkMode, RegisterTaskDefinitionInput,
    RuntimePlatform, TaskDefinition, TaskDefinitionStatus, DEFAULT_EPHEMERAL_STORAGE_GIB,
};
pub use task_definition_store::{
    task_definition_arn, DeregisterTaskDefinitionInput, DescribeTaskDefinitionInput, Family,
    ListTaskDefinitionFamiliesInput, ListTaskDefinitionsInput, Revision, TaskDefinitions,
};
pub use task_size::{
    fargate_memory_options, fargate_size_supported, parse_task_cpu, parse_task_memory, FargateSize,
    FARGATE_SIZES, TASK_CPU_MAX, TASK_CPU_MIN,
};
pub use validate::{MAX_CONTAINERS, MAX_NAME_LEN};

use serde::{Deserialize, Serialize};

/// Everything ECS holds for the account. Clusters, services and tasks join here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ecs {
    #[serde(default)]
    pub task_definitions: TaskDefinitions,
    #[serde(default)]
    pub clusters: std::collections::BTreeMap<String, cluster::Cluster>,
    /// By container instance ARN.
    #[serde(default)]
    pub container_instances: std::collections::BTreeMap<String, cluster::ContainerInstance>,
    /// By task id.
    #[serde(default)]
    pub tasks: std::collections::BTreeMap<String, task::Task>,
    /// By `cluster/name`.
    #[serde(default)]
    pub services: std::collections::BTreeMap<String, service::Service>,
    #[serde(default)]
    pub faults: faults::Faults,
    /// Capacity providers backed by Auto Scaling groups, by name (FARGATE and
    /// FARGATE_SPOT are built in).
    #[serde(default)]
    pub asg_capacity_providers:
        std::collections::BTreeMap<String, capacity_provider::AsgCapacityProvider>,
}

impl Ecs {
    /// The Cloud Map namespaces (by ARN) that a live service's Service Connect uses.
    pub fn service_connect_namespaces(&self) -> std::collections::BTreeSet<String> {
        self.services
            .values()
            .filter(|s| s.status != service::ServiceStatus::Inactive)
            .filter_map(|s| s.service_connect.as_ref()?.namespace.clone())
            .collect()
    }
}

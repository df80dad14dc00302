//! The ECS control plane at work: the API calls' input shapes (here) and,
//! one concern per module, the cluster APIs and container instances
//! (`clusters`), task launch and the task APIs (`tasks`), the service APIs
//! (`services`), container logs (`logs`), the task lifecycle on the clock
//! (`lifecycle`) and the service scheduler (`service_scheduler`). Fault
//! injection (`sim fail`) is in `ecs/faults.rs`.

use super::api_error::EcsApiError;
use super::capacity_provider;
use super::cluster::{CapacityProviderStrategyItem, Cluster, ClusterCounts, ContainerInstance};
use super::rolling_update::{self, RolloutState};
use super::service::{
    AwsVpcConfiguration, EventSeverity, Service, ServiceStatus, STEADY_STATE_REPEAT_SECONDS,
};
use super::task::{durations, LaunchType, Task, TaskContainer, TaskNetwork, TaskStatus};
use super::{placement, Compatibility, NetworkMode, TaskDefinition};
use crate::clock::{Duration, SimTime};
use crate::ec2::InterfaceOwner;
use crate::world::image_pull::PullRequest;
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

mod clusters;
mod lifecycle;
mod logs;
mod service_scheduler;
mod services;
mod tasks;

/// Stopped tasks stay visible this long, as in ECS (about an hour).
pub const STOPPED_TASK_RETENTION_SECONDS: u64 = 3600;
/// The first port of the range bridge mode draws dynamic host ports from.
const EPHEMERAL_PORT_START: u16 = 32768;
const EPHEMERAL_PORT_END: u16 = 60999;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateClusterInput {
    pub cluster_name: Option<String>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    #[serde(default)]
    pub settings: Vec<NameValue>,
    #[serde(default)]
    pub tags: Vec<Value>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NameValue {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterSettingsInput {
    pub cluster: String,
    #[serde(default)]
    pub settings: Vec<NameValue>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterInput {
    pub cluster: Option<String>,
    #[serde(default)]
    pub clusters: Vec<String>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    #[serde(default)]
    pub container_instances: Vec<String>,
    pub status: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkConfiguration {
    pub awsvpc_configuration: Option<AwsVpcConfiguration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunTaskInput {
    pub cluster: Option<String>,
    pub task_definition: String,
    pub count: Option<i64>,
    pub launch_type: Option<String>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub network_configuration: Option<NetworkConfiguration>,
    pub started_by: Option<String>,
    pub group: Option<String>,
    #[serde(default)]
    pub placement_constraints: Vec<Value>,
    #[serde(default)]
    pub placement_strategy: Vec<Value>,
    /// ECS Exec: the task gets the SSM agent (see `execute_command`).
    #[serde(default)]
    pub enable_execute_command: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskInput {
    pub cluster: Option<String>,
    pub task: Option<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
    pub reason: Option<String>,
    pub service_name: Option<String>,
    pub family: Option<String>,
    pub desired_status: Option<String>,
    pub started_by: Option<String>,
    pub launch_type: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfiguration {
    pub minimum_healthy_percent: Option<i64>,
    pub maximum_percent: Option<i64>,
    pub deployment_circuit_breaker: Option<CircuitBreaker>,
    pub alarms: Option<super::service::DeploymentAlarms>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInput {
    pub cluster: Option<String>,
    pub service_name: Option<String>,
    pub service: Option<String>,
    #[serde(default)]
    pub services: Vec<String>,
    pub task_definition: Option<String>,
    pub desired_count: Option<i64>,
    pub launch_type: Option<String>,
    #[serde(default)]
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub network_configuration: Option<NetworkConfiguration>,
    pub deployment_configuration: Option<DeploymentConfiguration>,
    #[serde(default)]
    pub placement_constraints: Vec<Value>,
    #[serde(default)]
    pub placement_strategy: Vec<Value>,
    pub health_check_grace_period_seconds: Option<i64>,
    #[serde(default)]
    pub load_balancers: Vec<Value>,
    pub scheduling_strategy: Option<String>,
    pub force_new_deployment: Option<bool>,
    pub force: Option<bool>,
    pub deployment_controller: Option<DeploymentController>,
    /// ECS Exec for the tasks the service starts from now on.
    pub enable_execute_command: Option<bool>,
    pub service_connect_configuration: Option<super::service_connect::ServiceConnectConfiguration>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentController {
    #[serde(rename = "type")]
    pub kind: String,
}

pub(super) const SPOT_INTERRUPTION: &str = "SpotInterruption";

/// Why a rolling deployment failed.
enum DeploymentFailure {
    CircuitBreaker,
    Alarms(Vec<String>),
}

fn invalid(message: impl Into<String>) -> EcsApiError {
    EcsApiError::InvalidParameter(message.into())
}

/// `default`, a name or a cluster ARN → the cluster's name.
fn cluster_name(reference: Option<&str>) -> String {
    let reference = reference.unwrap_or("default");
    reference
        .rsplit('/')
        .next()
        .unwrap_or(reference)
        .to_string()
}

/// A task id from an id or a task ARN.
pub(super) fn task_id(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// What a task starts with beyond its definition and placement: ECS Exec's
/// agent, a Service Connect proxy, and the capacity provider it waits for
/// when no instance had room.
struct TaskExtras {
    enable_execute_command: bool,
    service_connect_namespace: Option<String>,
    awaiting_capacity: Option<String>,
}

/// A UUID-shaped id from the world's random source.
pub(super) fn uuid(world: &mut World) -> String {
    world.rng_uuid()
}

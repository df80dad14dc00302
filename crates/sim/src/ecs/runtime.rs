//! The ECS control plane at work: the cluster, task and service APIs, and the
//! clock-driven part — tasks moving through their lifecycle and the service
//! scheduler keeping each service at its desired count.

use super::api_error::EcsApiError;
use super::capacity_provider;
use super::cluster::{CapacityProviderStrategyItem, Cluster, ClusterCounts, ContainerInstance};
use super::deployment::{self, RolloutState};
use super::service::{
    AwsVpcConfiguration, EventSeverity, Service, ServiceStatus, STEADY_STATE_REPEAT_SECONDS,
};
use super::task::{durations, LaunchType, Task, TaskContainer, TaskNetwork, TaskStatus};
use super::{placement, Compatibility, NetworkMode, TaskDefinition};
use crate::clock::{Duration, SimTime};
use crate::ec2::InterfaceOwner;
use crate::image_pull::PullRequest;
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

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

const SPOT_INTERRUPTION: &str = "SpotInterruption";

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
fn task_id(reference: &str) -> &str {
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
fn uuid(world: &mut World) -> String {
    world.rng_uuid()
}

impl World {
    pub(super) fn cluster(&self, reference: Option<&str>) -> Result<&Cluster, EcsApiError> {
        let name = cluster_name(reference);
        self.ecs
            .clusters
            .get(&name)
            .filter(|c| c.active)
            .ok_or(EcsApiError::ClusterNotFound)
    }

    fn cluster_counts(&self, name: &str) -> ClusterCounts {
        let tasks = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.cluster == name && !t.is_stopped());
        let (mut running, mut pending) = (0, 0);
        for task in tasks {
            if task.last_status == TaskStatus::Running {
                running += 1;
            } else if task.last_status.is_starting() {
                pending += 1;
            }
        }
        ClusterCounts {
            instances: self
                .ecs
                .container_instances
                .values()
                .filter(|i| i.cluster == name)
                .count(),
            running_tasks: running,
            pending_tasks: pending,
            active_services: self
                .ecs
                .services
                .values()
                .filter(|s| s.cluster == name && s.status == ServiceStatus::Active)
                .count(),
        }
    }

    pub(crate) fn ecs_create_cluster(
        &mut self,
        input: CreateClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = input.cluster_name.unwrap_or_else(|| "default".into());
        let valid = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(invalid("Cluster names can only contain letters, numbers, hyphens and underscores, and must be 1-255 characters long."));
        }
        self.check_cluster_capacity_providers(&name, &input.capacity_providers)?;
        let insights = input.settings.iter().any(|s| {
            s.name == "containerInsights" && (s.value == "enabled" || s.value == "enhanced")
        });
        let enhanced = input
            .settings
            .iter()
            .any(|s| s.name == "containerInsights" && s.value == "enhanced");
        // CreateCluster is idempotent for an existing active cluster.
        if !self.ecs.clusters.get(&name).is_some_and(|c| c.active) {
            let cluster = Cluster {
                name: name.clone(),
                active: true,
                capacity_providers: input.capacity_providers,
                default_strategy: input.default_capacity_provider_strategy,
                container_insights: insights,
                container_insights_enhanced: enhanced,
                created_at: self.now,
                tags: input.tags,
            };
            self.ecs.clusters.insert(name.clone(), cluster);
        }
        let counts = self.cluster_counts(&name);
        let cluster = self.cluster(Some(&name))?;
        Ok(json!({ "cluster": cluster.shape(&self.region, &self.account_id, counts) }))
    }

    /// UpdateClusterSettings: `containerInsights` (`enabled`, `enhanced` or `disabled`).
    pub(crate) fn ecs_update_cluster_settings(
        &mut self,
        input: ClusterSettingsInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(Some(&input.cluster))?.name.clone();
        let mut insights = None;
        // The wording of these two refusals is the model's (AWS's is not documented).
        for setting in &input.settings {
            if setting.name != "containerInsights" {
                return Err(invalid(format!(
                    "Cluster setting name '{}' is invalid. Valid name is 'containerInsights'.",
                    setting.name
                )));
            }
            insights = Some(match setting.value.as_str() {
                "enabled" => (true, false),
                "enhanced" => (true, true),
                "disabled" => (false, false),
                other => {
                    return Err(invalid(format!(
                        "Cluster setting value '{other}' is invalid. Valid values are 'enabled', 'enhanced' and 'disabled'."
                    )))
                }
            });
        }
        let counts = self.cluster_counts(&name);
        let mut shape = Value::Null;
        if let Some(cluster) = self.ecs.clusters.get_mut(&name) {
            if let Some((on, enhanced)) = insights {
                cluster.container_insights = on;
                cluster.container_insights_enhanced = enhanced;
            }
            shape = cluster.shape(&self.region, &self.account_id, counts);
        }
        Ok(json!({ "cluster": shape }))
    }

    pub(crate) fn ecs_delete_cluster(&mut self, input: ClusterInput) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        let counts = self.cluster_counts(&name);
        if self
            .ecs
            .services
            .values()
            .any(|s| s.cluster == name && s.status != ServiceStatus::Inactive)
        {
            return Err(EcsApiError::ClusterContainsServices);
        }
        if counts.running_tasks + counts.pending_tasks > 0
            || self
                .ecs
                .tasks
                .values()
                .any(|t| t.cluster == name && !t.is_stopped())
        {
            return Err(EcsApiError::ClusterContainsTasks);
        }
        if counts.instances > 0 {
            return Err(EcsApiError::ClusterContainsContainerInstances);
        }
        let mut shape = Value::Null;
        if let Some(cluster) = self.ecs.clusters.get_mut(&name) {
            cluster.active = false;
            shape = cluster.shape(&self.region, &self.account_id, counts);
        }
        Ok(json!({ "cluster": shape }))
    }

    pub(crate) fn ecs_describe_clusters(&self, input: ClusterInput) -> Value {
        let names: Vec<String> = if input.clusters.is_empty() {
            vec!["default".into()]
        } else {
            input
                .clusters
                .iter()
                .map(|c| cluster_name(Some(c)))
                .collect()
        };
        let mut clusters = Vec::new();
        let mut failures = Vec::new();
        for name in names {
            match self.ecs.clusters.get(&name) {
                Some(cluster) => clusters.push(cluster.shape(&self.region, &self.account_id, self.cluster_counts(&name))),
                None => failures.push(json!({ "arn": format!("arn:aws:ecs:{}:{}:cluster/{name}", self.region, self.account_id), "reason": "MISSING" })),
            }
        }
        json!({ "clusters": clusters, "failures": failures })
    }

    pub(crate) fn ecs_list_clusters(&self) -> Value {
        let arns: Vec<String> = self
            .ecs
            .clusters
            .values()
            .filter(|c| c.active)
            .map(|c| c.arn(&self.region, &self.account_id))
            .collect();
        json!({ "clusterArns": arns })
    }

    /// The providers a cluster may use: the Fargate ones, and Auto Scaling
    /// group providers that exist and serve no other cluster.
    fn check_cluster_capacity_providers(
        &self,
        cluster: &str,
        providers: &[String],
    ) -> Result<(), EcsApiError> {
        for provider in providers {
            if capacity_provider::is_fargate_provider(provider) {
                continue;
            }
            if !self.ecs.asg_capacity_providers.contains_key(provider) {
                return Err(invalid(format!("The specified capacity provider '{provider}' does not exist. Specify a valid capacity provider and try again.")));
            }
            if let Some(other) =
                self.ecs.clusters.values().find(|c| {
                    c.active && c.name != cluster && c.capacity_providers.contains(provider)
                })
            {
                return Err(invalid(format!("The capacity provider {provider} is already associated with the cluster {}. An Auto Scaling group capacity provider can be associated with one cluster only.", other.name)));
            }
        }
        Ok(())
    }

    pub(crate) fn ecs_put_cluster_capacity_providers(
        &mut self,
        input: ClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        // A provider a service's strategy or a live task uses cannot be taken away.
        let current = self
            .ecs
            .clusters
            .get(&name)
            .map(|c| c.capacity_providers.clone())
            .unwrap_or_default();
        for removed in current
            .iter()
            .filter(|p| !input.capacity_providers.contains(p))
        {
            let by_service = self.ecs.services.values().any(|s| {
                s.cluster == name
                    && s.status == ServiceStatus::Active
                    && s.capacity_provider_strategy
                        .iter()
                        .any(|i| &i.capacity_provider == removed)
            });
            let by_task = self.ecs.tasks.values().any(|t| {
                t.cluster == name
                    && !t.is_stopped()
                    && t.capacity_provider_name.as_ref() == Some(removed)
            });
            if by_service || by_task {
                return Err(EcsApiError::ResourceInUse(
                    "The specified capacity provider is in use and cannot be removed.".into(),
                ));
            }
        }
        self.check_cluster_capacity_providers(&name, &input.capacity_providers)?;
        for item in &input.default_capacity_provider_strategy {
            if !input.capacity_providers.contains(&item.capacity_provider) {
                return Err(invalid(format!("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. ({})", item.capacity_provider)));
            }
        }
        if let Some(cluster) = self.ecs.clusters.get_mut(&name) {
            cluster.capacity_providers = input.capacity_providers;
            cluster.default_strategy = input.default_capacity_provider_strategy;
        }
        let counts = self.cluster_counts(&name);
        let cluster = self.cluster(Some(&name))?;
        Ok(json!({ "cluster": cluster.shape(&self.region, &self.account_id, counts) }))
    }

    /// `sim add-instance`: an EC2 instance with the ECS agent registered to `cluster`.
    pub fn ecs_add_instance(
        &mut self,
        cluster: &str,
        instance_type: &str,
        subnet_id: Option<&str>,
        count: u32,
    ) -> Result<Vec<String>, String> {
        let cluster = self
            .cluster(Some(cluster))
            .map_err(|e| e.to_string())?
            .name
            .clone();
        super::cluster::instance_type(instance_type).ok_or_else(|| {
            let names: Vec<&str> = super::cluster::INSTANCE_TYPES
                .iter()
                .map(|(n, _, _)| *n)
                .collect();
            format!(
                "unknown instance type '{instance_type}': choose one of {}",
                names.join(", ")
            )
        })?;
        if !(1..=20).contains(&count) {
            return Err("--count takes a number from 1 to 20".into());
        }
        let default_subnets: Vec<String> = {
            let default_vpc = self
                .ec2
                .vpcs
                .values()
                .find(|v| v.is_default)
                .map(|v| v.id.clone());
            self.ec2
                .subnets
                .values()
                .filter(|s| Some(&s.vpc_id) == default_vpc.as_ref())
                .map(|s| s.id.clone())
                .collect()
        };
        let subnets: Vec<String> = match subnet_id {
            Some(id) => {
                self.ec2.subnet(id).map_err(|e| e.to_string())?;
                vec![id.to_string()]
            }
            None if !default_subnets.is_empty() => default_subnets,
            None => return Err("--subnet is required: there is no default VPC".into()),
        };
        let mut arns = Vec::new();
        for i in 0..count as usize {
            let subnet_id = subnets[i % subnets.len()].clone();
            let subnet = self
                .ec2
                .subnet(&subnet_id)
                .map_err(|e| e.to_string())?
                .clone();
            let group = self
                .ec2
                .security_groups
                .values()
                .find(|g| g.vpc_id == subnet.vpc_id && g.is_default())
                .map(|g| g.id.clone());
            let instance_id = format!("i-{}", self.rng_hex(17));
            let eni = {
                let (ec2, mut ctx) = self.ec2_ctx();
                ec2.create_interface(
                    &mut ctx,
                    &subnet_id,
                    InterfaceOwner::Instance(instance_id.clone()),
                    group.clone().into_iter().collect(),
                    format!("Primary network interface of {instance_id}"),
                )
                .map_err(|e| e.to_string())?
            };
            // The agent registers the instance over its own interface.
            let arn = self
                .ecs_register_instance(&cluster, &instance_id, instance_type, &eni)
                .ok_or_else(|| format!("cluster {cluster} cannot take instances"))?;
            arns.push(arn);
        }
        Ok(arns)
    }

    /// The ECS agent of an EC2 instance (one an Auto Scaling group launched)
    /// registers it with `cluster`, over the instance's own interface. `None`
    /// when the cluster does not exist: the agent keeps retrying, in vain.
    pub(crate) fn ecs_register_instance(
        &mut self,
        cluster: &str,
        instance_id: &str,
        instance_type: &str,
        network_interface_id: &str,
    ) -> Option<String> {
        let cluster = self.cluster(Some(cluster)).ok()?.name.clone();
        let (cpu, memory) = super::cluster::instance_type(instance_type)?;
        let eni = self
            .ec2
            .network_interfaces
            .get(network_interface_id)?
            .clone();
        let public_ip = self
            .ec2
            .subnets
            .get(&eni.subnet_id)
            .is_some_and(|s| s.map_public_ip_on_launch);
        let instance_hex = self.rng_hex(32);
        let arn = format!(
            "arn:aws:ecs:{}:{}:container-instance/{cluster}/{instance_hex}",
            self.region, self.account_id
        );
        self.ecs.container_instances.insert(
            arn.clone(),
            ContainerInstance {
                arn: arn.clone(),
                ec2_instance_id: instance_id.to_string(),
                cluster,
                instance_type: instance_type.to_string(),
                availability_zone: eni.availability_zone.clone(),
                subnet_id: eni.subnet_id.clone(),
                security_group_ids: eni.security_group_ids.clone(),
                public_ip,
                network_interface_id: eni.id.clone(),
                registered_cpu: cpu,
                registered_memory: memory,
                attributes: BTreeMap::new(),
                draining: false,
                agent_connected: true,
                registered_at: self.now,
                cached_images: Vec::new(),
            },
        );
        Some(arn)
    }

    /// An instance is terminated: its tasks stop (`TerminationNotice`) and it
    /// leaves the cluster.
    pub(crate) fn ecs_deregister_instance(&mut self, arn: &str, reason: &str) {
        let now = self.now;
        for task in self
            .ecs
            .tasks
            .values_mut()
            .filter(|t| t.container_instance_arn.as_deref() == Some(arn))
        {
            task.request_stop(now, "TerminationNotice", reason);
        }
        self.ecs.container_instances.remove(arn);
    }

    /// CPU, memory and ports left on an instance, after the tasks placed on it.
    pub fn instance_remaining(&self, arn: &str) -> Option<(u32, u32, Vec<u16>)> {
        let instance = self.ecs.container_instances.get(arn)?;
        let mut cpu = instance.registered_cpu;
        let mut memory = instance.registered_memory;
        let mut ports = Vec::new();
        for task in self
            .ecs
            .tasks
            .values()
            .filter(|t| t.container_instance_arn.as_deref() == Some(arn) && !t.is_stopped())
        {
            cpu = cpu.saturating_sub(task.cpu);
            memory = memory.saturating_sub(task.memory);
            ports.extend(task.host_ports.iter().copied());
        }
        ports.sort_unstable();
        Some((cpu, memory, ports))
    }

    pub(crate) fn ecs_list_container_instances(
        &self,
        input: ClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        let arns: Vec<&String> = self
            .ecs
            .container_instances
            .values()
            .filter(|i| i.cluster == name)
            .map(|i| &i.arn)
            .collect();
        Ok(json!({ "containerInstanceArns": arns }))
    }

    pub(crate) fn ecs_describe_container_instances(
        &self,
        input: ClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for reference in &input.container_instances {
            let id = reference.rsplit('/').next().unwrap_or(reference);
            match self.ecs.container_instances.values().find(|i| {
                i.cluster == name
                    && (i.arn.ends_with(&format!("/{id}")) || i.ec2_instance_id == *id)
            }) {
                Some(instance) => {
                    let (cpu, memory, ports) =
                        self.instance_remaining(&instance.arn).unwrap_or_default();
                    let running = self
                        .ecs
                        .tasks
                        .values()
                        .filter(|t| {
                            t.container_instance_arn.as_ref() == Some(&instance.arn)
                                && t.last_status == TaskStatus::Running
                        })
                        .count();
                    let pending = self
                        .ecs
                        .tasks
                        .values()
                        .filter(|t| {
                            t.container_instance_arn.as_ref() == Some(&instance.arn)
                                && t.last_status.is_starting()
                        })
                        .count();
                    found.push(instance.shape(cpu, memory, running, pending, &ports));
                }
                None => failures.push(json!({ "arn": reference, "reason": "MISSING" })),
            }
        }
        Ok(json!({ "containerInstances": found, "failures": failures }))
    }

    /// The task definition a call names, active, or the error ECS gives.
    pub(crate) fn task_definition_for(
        &self,
        reference: &str,
    ) -> Result<TaskDefinition, EcsApiError> {
        self.ecs
            .task_definitions
            .get(reference)
            .filter(|td| td.is_active())
            .cloned()
            .ok_or(EcsApiError::TaskDefinitionNotFound)
    }

    /// Checks an awsvpc configuration: subnets in one VPC, groups that exist (default group if none).
    pub(crate) fn checked_network(
        &self,
        config: Option<&AwsVpcConfiguration>,
    ) -> Result<AwsVpcConfiguration, EcsApiError> {
        let Some(config) = config else {
            return Err(invalid(
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            ));
        };
        if config.subnets.is_empty() || config.subnets.len() > 16 {
            return Err(invalid(
                "subnets can have at most 16 items and must have at least 1.",
            ));
        }
        let mut vpc = None;
        for id in &config.subnets {
            let subnet = self.ec2.subnets.get(id).ok_or_else(|| {
                invalid(format!("Error retrieving subnet information for [{id}]: The subnet ID '{id}' does not exist (ErrorCode: InvalidSubnetID.NotFound)"))
            })?;
            if vpc.get_or_insert(subnet.vpc_id.clone()) != &subnet.vpc_id {
                return Err(invalid("Subnets must belong to the same VPC."));
            }
        }
        let vpc = vpc.unwrap_or_default();
        let mut groups = config.security_groups.clone();
        if groups.len() > 5 {
            return Err(invalid("securityGroups can have at most 5 items."));
        }
        for id in &groups {
            match self.ec2.security_groups.get(id) {
                Some(g) if g.vpc_id == vpc => {}
                Some(_) => return Err(invalid(format!("Security group {id} does not appear to belong to the same VPC as the input subnets."))),
                None => return Err(invalid(format!("Error retrieving security group information for [{id}]: The security group '{id}' does not exist (ErrorCode: InvalidGroup.NotFound)"))),
            }
        }
        if groups.is_empty() {
            groups.extend(
                self.ec2
                    .security_groups
                    .values()
                    .filter(|g| g.vpc_id == vpc && g.is_default())
                    .map(|g| g.id.clone()),
            );
        }
        match config.assign_public_ip.as_deref() {
            None | Some("ENABLED") | Some("DISABLED") => {}
            Some(other) => {
                return Err(invalid(format!(
                    "assignPublicIp should be one of [ENABLED,DISABLED], got {other}"
                )))
            }
        }
        Ok(AwsVpcConfiguration {
            subnets: config.subnets.clone(),
            security_groups: groups,
            assign_public_ip: config.assign_public_ip.clone(),
        })
    }

    /// The awsvpc configuration a task needs (checked), or none for other network modes.
    fn task_network(
        &self,
        td: &TaskDefinition,
        config: Option<&NetworkConfiguration>,
    ) -> Result<Option<AwsVpcConfiguration>, EcsApiError> {
        match (td.network_mode(), config) {
            (NetworkMode::Awsvpc, config) => Ok(Some(self.checked_network(config.and_then(|n| n.awsvpc_configuration.as_ref()))?)),
            (_, Some(_)) => Err(invalid("Network Configuration is not valid for the given networkMode of this task definition.")),
            (_, None) => Ok(None),
        }
    }

    /// Launch type from `launchType` or a capacity provider strategy (or the cluster's default).
    /// The launch type a RunTask or CreateService call gets, and the capacity
    /// provider strategy its tasks follow (empty with an explicit launch type,
    /// or when the cluster has no default strategy: EC2).
    fn launch_type_for(
        &self,
        cluster: &Cluster,
        launch_type: Option<&str>,
        strategy: &[CapacityProviderStrategyItem],
    ) -> Result<(LaunchType, Vec<CapacityProviderStrategyItem>), EcsApiError> {
        if launch_type.is_some() && !strategy.is_empty() {
            return Err(invalid("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."));
        }
        match launch_type {
            Some("FARGATE") => return Ok((LaunchType::Fargate, Vec::new())),
            Some("EC2") => return Ok((LaunchType::Ec2, Vec::new())),
            Some(other) => {
                return Err(invalid(format!(
                    "launchType should be one of [EC2,FARGATE,EXTERNAL], got {other}"
                )))
            }
            None => {}
        }
        let from_cluster_default = strategy.is_empty();
        let strategy = if from_cluster_default {
            &cluster.default_strategy
        } else {
            strategy
        };
        if strategy.is_empty() {
            return Ok((LaunchType::Ec2, Vec::new()));
        }
        for item in strategy {
            if !cluster.capacity_providers.contains(&item.capacity_provider) {
                return Err(invalid(format!("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. ({})", item.capacity_provider)));
            }
        }
        capacity_provider::validate(strategy, from_cluster_default)?;
        let fargate = strategy
            .iter()
            .filter(|i| capacity_provider::is_fargate_provider(&i.capacity_provider))
            .count();
        match fargate {
            0 => Ok((LaunchType::Ec2, strategy.to_vec())),
            n if n == strategy.len() => Ok((LaunchType::Fargate, strategy.to_vec())),
            _ => Err(invalid("A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.")),
        }
    }

    fn check_compatible(td: &TaskDefinition, launch_type: LaunchType) -> Result<(), EcsApiError> {
        let wanted = match launch_type {
            LaunchType::Fargate => Compatibility::Fargate,
            LaunchType::Ec2 => Compatibility::Ec2,
        };
        if td.is_compatible_with(wanted) {
            Ok(())
        } else {
            Err(invalid(format!(
                "Task definition does not support launch_type {}.",
                launch_type.name()
            )))
        }
    }

    /// Cpu units and MiB a task reserves: task-level values, else the sum over its containers.
    fn task_size(td: &TaskDefinition) -> (u32, u32) {
        let cpu = td.cpu_units().unwrap_or_else(|| {
            // Saturating: container values are only checked to be positive.
            td.containers()
                .iter()
                .fold(0u32, |sum, c| sum.saturating_add(c.cpu_units()))
        });
        let memory = td.memory_mib().unwrap_or_else(|| {
            td.containers()
                .iter()
                .map(|c| {
                    c.memory_limit_mib()
                        .or(c.reserved_memory_mib())
                        .unwrap_or(0)
                })
                .fold(0u32, u32::saturating_add)
        });
        (cpu, memory)
    }

    /// The subnet for the next task of `group`: the zone with the fewest of its tasks, then the subnet order given.
    fn subnet_for(&self, config: &AwsVpcConfiguration, group: &str, cluster: &str) -> String {
        let mut best: Option<(usize, usize, String)> = None;
        let all_down = config.subnets.iter().all(|id| {
            self.ec2
                .subnets
                .get(id)
                .is_none_or(|s| self.ecs.faults.zone_failed(&s.availability_zone))
        });
        for (index, id) in config.subnets.iter().enumerate() {
            let Some(subnet) = self.ec2.subnets.get(id) else {
                continue;
            };
            // ECS launches into the zones that are up, if there are any.
            if !all_down && self.ecs.faults.zone_failed(&subnet.availability_zone) {
                continue;
            }
            let in_zone = self
                .ecs
                .tasks
                .values()
                .filter(|t| {
                    t.cluster == cluster
                        && t.group == group
                        && t.is_active()
                        && t.availability_zone == subnet.availability_zone
                })
                .count();
            if best
                .as_ref()
                .is_none_or(|(count, i, _)| (in_zone, index) < (*count, *i))
            {
                best = Some((in_zone, index, id.clone()));
            }
        }
        best.map(|(_, _, id)| id).unwrap_or_default()
    }

    /// The cluster's container instances as placement sees them right now.
    /// The cluster's container instances as placement sees them; with an Auto
    /// Scaling group capacity provider, only that group's instances.
    fn placement_candidates(
        &self,
        cluster: &str,
        provider: Option<&str>,
    ) -> Vec<placement::Candidate> {
        let allowed = provider.map(|p| self.provider_instances(p).unwrap_or_default());
        self.ecs
            .container_instances
            .values()
            .filter(|i| i.cluster == cluster)
            .filter(|i| allowed.as_ref().is_none_or(|a| a.contains(&i.arn)))
            .map(|instance| {
                let (cpu, memory, _) = self.instance_remaining(&instance.arn).unwrap_or_default();
                let mut candidate = placement::Candidate::new(
                    &instance.arn,
                    &instance.ec2_instance_id,
                    &instance.availability_zone,
                    &instance.instance_type,
                    cpu,
                    memory,
                )
                .with_agent_reserved_ports();
                candidate.attributes = instance.attributes.clone();
                candidate.agent_connected = instance.agent_connected;
                candidate.status = if instance.draining {
                    placement::InstanceStatus::Draining
                } else {
                    placement::InstanceStatus::Active
                };
                for task in self.ecs.tasks.values().filter(|t| {
                    t.container_instance_arn.as_ref() == Some(&instance.arn) && !t.is_stopped()
                }) {
                    let ports: Vec<(u16, placement::HostProtocol)> = task
                        .host_ports
                        .iter()
                        .map(|p| (*p, placement::HostProtocol::Tcp))
                        .collect();
                    candidate.used_ports.extend(ports.iter().copied());
                    if task.last_status == TaskStatus::Running {
                        candidate.running_tasks += 1;
                    }
                    candidate.tasks.push(placement::PlacedTask {
                        task_arn: Some(task.arn(&self.region, &self.account_id)),
                        group: task.group.clone(),
                        cpu: task.cpu,
                        memory: task.memory,
                        host_ports: ports,
                    });
                }
                candidate
            })
            .collect()
    }

    /// Parses the API's placement constraints and strategies (services default to spread by zone).
    fn placement_rules(
        constraints: &[Value],
        strategies: &[Value],
    ) -> Result<
        (
            Vec<placement::PlacementConstraint>,
            Vec<placement::PlacementStrategy>,
        ),
        EcsApiError,
    > {
        let raw_constraints: Vec<placement::RawPlacementConstraint> = constraints
            .iter()
            .filter_map(|c| serde_json::from_value(c.clone()).ok())
            .collect();
        let raw_strategies: Vec<placement::RawPlacementStrategy> = strategies
            .iter()
            .filter_map(|s| serde_json::from_value(s.clone()).ok())
            .collect();
        let constraints = placement::validate_constraints(&raw_constraints)
            .map_err(|e| invalid(e.to_string()))?;
        let mut strategies =
            placement::validate_strategies(&raw_strategies).map_err(|e| invalid(e.to_string()))?;
        if strategies.is_empty() {
            strategies = placement::default_service_strategies();
        }
        Ok((constraints, strategies))
    }

    /// An instance for an EC2-launch task, with the host ports it takes there
    /// (static ones, and dynamic ones from the ephemeral range for host port 0).
    pub(super) fn place_on_instance(
        &mut self,
        cluster: &str,
        td: &TaskDefinition,
        group: &str,
        constraints: &[Value],
        strategies: &[Value],
        provider: Option<&str>,
    ) -> Result<(String, Vec<u16>), placement::Unplaceable> {
        let (cpu, memory) = Self::task_size(td);
        let static_ports: Vec<u16> = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings().iter())
            .filter_map(|p| p.host_port().filter(|h| *h != 0))
            .collect();
        let dynamic = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings().iter())
            .filter(|p| p.host_port().is_none_or(|h| h == 0))
            .count();
        let network_mode = match td.network_mode() {
            NetworkMode::Awsvpc => placement::TaskNetworkMode::Awsvpc,
            NetworkMode::Host => placement::TaskNetworkMode::Host,
            NetworkMode::None => placement::TaskNetworkMode::None,
            _ => placement::TaskNetworkMode::Bridge,
        };
        let mut requirements = placement::TaskRequirements::new(cpu, memory, group);
        requirements.network_mode = network_mode;
        requirements.host_ports = static_ports
            .iter()
            .map(|p| (*p, placement::HostProtocol::Tcp))
            .collect();
        let candidates = self.placement_candidates(cluster, provider);
        // Rules were validated when the service was created; bad ones here place nothing.
        let (constraints, strategies) =
            Self::placement_rules(constraints, strategies).unwrap_or_default();
        let chosen = placement::place(
            &candidates,
            &requirements,
            &constraints,
            &strategies,
            self.rng_mut(),
        )?;
        let used: Vec<u16> = candidates
            .get(chosen.candidate_index)
            .map(|c| c.used_ports.iter().map(|(p, _)| *p).collect())
            .unwrap_or_default();
        let mut ports = Vec::new();
        if network_mode.binds_host_ports() {
            ports.extend(static_ports);
            let mut next = EPHEMERAL_PORT_START;
            for _ in 0..dynamic {
                while (used.contains(&next) || ports.contains(&next)) && next < EPHEMERAL_PORT_END {
                    next += 1;
                }
                // The ephemeral range is used up: the task does not fit (never a port past it).
                if next > EPHEMERAL_PORT_END || used.contains(&next) || ports.contains(&next) {
                    let candidate = candidates.get(chosen.candidate_index);
                    return Err(placement::Unplaceable {
                        rejections: vec![placement::CandidateRejection {
                            container_instance_arn: chosen.container_instance_arn.clone(),
                            ec2_instance_id: candidate
                                .map(|c| c.ec2_instance_id.clone())
                                .unwrap_or_default(),
                            rejection: placement::Rejection::PortInUse {
                                port: EPHEMERAL_PORT_END,
                                protocol: placement::HostProtocol::Tcp,
                            },
                        }],
                    });
                }
                ports.push(next);
                next += 1;
            }
        }
        Ok((chosen.container_instance_arn, ports))
    }

    /// Creates one task in PROVISIONING. For EC2, the caller has placed it already.
    #[allow(clippy::too_many_arguments)]
    fn create_task(
        &mut self,
        cluster: &str,
        td: &TaskDefinition,
        group: &str,
        service: Option<&str>,
        started_by: Option<String>,
        launch_type: LaunchType,
        network: Option<&AwsVpcConfiguration>,
        placement: Option<(String, Vec<u16>)>,
        capacity_provider: Option<&str>,
        extras: TaskExtras,
    ) -> String {
        let id = self.rng_hex(32);
        let (cpu, memory) = Self::task_size(td);
        let instance = placement
            .as_ref()
            .and_then(|(arn, _)| self.ecs.container_instances.get(arn))
            .cloned();
        let task_network = network.map(|config| {
            let subnet_id = match &instance {
                Some(i) => i.subnet_id.clone(),
                None => self.subnet_for(config, group, cluster),
            };
            TaskNetwork {
                subnet_id,
                security_group_ids: config.security_groups.clone(),
                public_ip: config.public_ip(),
                network_interface_id: None,
                private_ip: None,
            }
        });
        let availability_zone = match (&instance, &task_network) {
            (Some(i), _) => i.availability_zone.clone(),
            (None, Some(n)) => self
                .ec2
                .subnets
                .get(&n.subnet_id)
                .map(|s| s.availability_zone.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let provisioning = if task_network.is_some() {
            durations::PROVISIONING_AWSVPC
        } else {
            durations::PROVISIONING_OTHER
        };
        let task = Task {
            id: id.clone(),
            cluster: cluster.to_string(),
            task_definition_arn: super::task_definition_arn(
                &self.region,
                &self.account_id,
                &td.family,
                td.revision,
            ),
            group: group.to_string(),
            service: service.map(String::from),
            started_by,
            launch_type,
            last_status: TaskStatus::Provisioning,
            desired_stopped: false,
            created_at: self.now,
            // A task waiting for its provider's room starts provisioning once placed.
            next_at: extras
                .awaiting_capacity
                .is_none()
                .then(|| self.now.plus(Duration(provisioning))),
            pull_started_at: None,
            pull_stopped_at: None,
            started_at: None,
            stopping_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            start_failed: false,
            container_instance_arn: placement.as_ref().map(|(arn, _)| arn.clone()),
            availability_zone,
            network: task_network,
            host_ports: placement.map(|(_, ports)| ports).unwrap_or_default(),
            cpu,
            memory,
            containers: td
                .containers()
                .iter()
                .map(|c| TaskContainer {
                    name: c.name().to_string(),
                    image: c.image().to_string(),
                    essential: c.is_essential(),
                    health_check: c.health_check().map(|h| (h.interval, h.start_period)),
                    health_check_retries: c.health_check().map(|h| h.retries),
                    health_failing_since: None,
                    exit_code: None,
                    reason: None,
                    job_seconds: c.job_seconds(),
                    secret_values: BTreeMap::new(),
                })
                .collect(),
            targets: Vec::new(),
            targets_deregistered: false,
            capacity_provider_name: capacity_provider.map(String::from),
            enable_execute_command: extras.enable_execute_command,
            job_seconds: td
                .containers()
                .iter()
                .filter(|c| c.is_essential())
                .filter_map(|c| c.job_seconds())
                .min(),
            awaiting_capacity: extras.awaiting_capacity,
            service_connect_namespace: extras.service_connect_namespace,
        };
        self.ecs.tasks.insert(id.clone(), task);
        id
    }

    fn task_shape(&self, task: &Task) -> Value {
        let td = self.ecs.task_definitions.get(&task.task_definition_arn);
        let cpu = td
            .and_then(|t| t.cpu.clone())
            .unwrap_or_else(|| task.cpu.to_string());
        let memory = td
            .and_then(|t| t.memory.clone())
            .unwrap_or_else(|| task.memory.to_string());
        task.shape(&self.region, &self.account_id, &cpu, &memory, self.now)
    }

    pub(crate) fn ecs_run_task(&mut self, input: RunTaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.clone();
        let td = self.task_definition_for(&input.task_definition)?;
        let count = input.count.unwrap_or(1);
        if !(1..=10).contains(&count) {
            return Err(invalid("count must be between 1 and 10."));
        }
        let (launch_type, strategy) = self.launch_type_for(
            &cluster,
            input.launch_type.as_deref(),
            &input.capacity_provider_strategy,
        )?;
        Self::check_compatible(&td, launch_type)?;
        Self::placement_rules(&input.placement_constraints, &input.placement_strategy)?;
        // The tasks of one call are split over the strategy's providers.
        let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
        let network = self.task_network(&td, input.network_configuration.as_ref())?;
        let group = input
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{}", td.family));
        let mut tasks = Vec::new();
        let mut failures = Vec::new();
        for _ in 0..count {
            let provider = capacity_provider::choose(&strategy, &per_provider).map(String::from);
            // With an Auto Scaling group capacity provider a task waits for room.
            let waits = provider.as_deref().is_some_and(|p| {
                self.ecs
                    .asg_capacity_providers
                    .get(p)
                    .is_some_and(|c| c.managed_scaling)
            });
            let placement = match launch_type {
                LaunchType::Fargate => None,
                LaunchType::Ec2 => match self.place_on_instance(
                    &cluster.name,
                    &td,
                    &group,
                    &input.placement_constraints,
                    &input.placement_strategy,
                    provider.as_deref(),
                ) {
                    Ok(p) => Some(p),
                    Err(_) if waits => None,
                    Err(unplaceable) if unplaceable.no_container_instances() => {
                        return Err(invalid(placement::NO_CONTAINER_INSTANCES))
                    }
                    Err(unplaceable) => {
                        failures.extend(
                            unplaceable
                                .run_task_failures()
                                .into_iter()
                                .map(|f| json!({ "arn": f.arn, "reason": f.reason })),
                        );
                        continue;
                    }
                },
            };
            let waiting = launch_type == LaunchType::Ec2 && placement.is_none();
            if let Some(p) = &provider {
                *per_provider.entry(p.clone()).or_default() += 1;
            }
            let extras = TaskExtras {
                enable_execute_command: input.enable_execute_command,
                service_connect_namespace: None,
                awaiting_capacity: provider.clone().filter(|_| waiting),
            };
            let id = self.create_task(
                &cluster.name,
                &td,
                &group,
                None,
                input.started_by.clone(),
                launch_type,
                network.as_ref(),
                placement,
                provider.as_deref(),
                extras,
            );
            if let Some(task) = self.ecs.tasks.get(&id) {
                tasks.push(self.task_shape(task));
            }
        }
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    pub(crate) fn ecs_stop_task(&mut self, input: TaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        let reference = input.task.unwrap_or_default();
        let id = task_id(&reference).to_string();
        let now = self.now;
        let reason = input
            .reason
            .unwrap_or_else(|| "Task stopped by user".into());
        let task = self
            .ecs
            .tasks
            .get_mut(&id)
            .filter(|t| t.cluster == cluster)
            .ok_or_else(|| invalid("The referenced task was not found."))?;
        task.request_stop(now, "UserInitiated", &reason);
        let task = task.clone();
        Ok(json!({ "task": self.task_shape(&task) }))
    }

    pub(crate) fn ecs_describe_tasks(&self, input: TaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        if input.tasks.is_empty() {
            return Err(invalid("Tasks cannot be empty."));
        }
        let mut tasks = Vec::new();
        let mut failures = Vec::new();
        for reference in &input.tasks {
            match self
                .ecs
                .tasks
                .get(task_id(reference))
                .filter(|t| t.cluster == cluster)
            {
                Some(task) => tasks.push(self.task_shape(task)),
                None => failures.push(json!({ "arn": reference, "reason": "MISSING" })),
            }
        }
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    pub(crate) fn ecs_list_tasks(&self, input: TaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        let want_stopped = match input.desired_status.as_deref() {
            None | Some("RUNNING") | Some("PENDING") => false,
            Some("STOPPED") => true,
            Some(other) => {
                return Err(invalid(format!(
                    "desiredStatus should be one of [RUNNING,PENDING,STOPPED], got {other}"
                )))
            }
        };
        let arns: Vec<String> =
            self.ecs
                .tasks
                .values()
                .filter(|t| t.cluster == cluster && t.desired_stopped == want_stopped)
                .filter(|t| {
                    input.service_name.as_ref().is_none_or(|s| {
                        t.service.as_deref() == Some(s.rsplit('/').next().unwrap_or(s))
                    })
                })
                .filter(|t| {
                    input.family.as_ref().is_none_or(|f| {
                        t.task_definition_arn
                            .contains(&format!("task-definition/{f}:"))
                    })
                })
                .filter(|t| {
                    input
                        .started_by
                        .as_ref()
                        .is_none_or(|s| t.started_by.as_ref() == Some(s))
                })
                .filter(|t| {
                    input
                        .launch_type
                        .as_ref()
                        .is_none_or(|l| t.launch_type.name() == l)
                })
                .map(|t| t.arn(&self.region, &self.account_id))
                .collect();
        Ok(json!({ "taskArns": arns }))
    }

    pub(super) fn service_key(cluster: &str, name: &str) -> String {
        format!("{cluster}/{name}")
    }

    /// (running, pending) tasks of each of the service's deployments.
    fn service_counts(&self, service: &Service) -> BTreeMap<String, (usize, usize)> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for task in self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name) && !t.is_stopped())
        {
            let deployment = task.started_by.clone().unwrap_or_default();
            let entry = counts.entry(deployment).or_default();
            if task.last_status == TaskStatus::Running {
                entry.0 += 1;
            } else if task.last_status.is_starting() {
                entry.1 += 1;
            }
        }
        counts
    }

    fn service_shape(&self, service: &Service) -> Value {
        service.shape(
            &self.region,
            &self.account_id,
            &self.service_counts(service),
        )
    }

    pub(crate) fn ecs_create_service(&mut self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.clone();
        let name = input.service_name.clone().unwrap_or_default();
        let valid = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(invalid("Service names can only contain letters, numbers, hyphens and underscores, and must be 1-255 characters long."));
        }
        let key = Self::service_key(&cluster.name, &name);
        if self
            .ecs
            .services
            .get(&key)
            .is_some_and(|s| s.status != ServiceStatus::Inactive)
        {
            return Err(invalid("Creation of service was not idempotent."));
        }
        let td = self.task_definition_for(input.task_definition.as_deref().unwrap_or_default())?;
        if input
            .scheduling_strategy
            .as_deref()
            .is_some_and(|s| s != "REPLICA")
        {
            return Err(EcsApiError::Unsupported("The DAEMON scheduling strategy is not simulated in ECS Playground yet; use REPLICA.".into()));
        }
        let load_balancers = self.check_service_load_balancers(&td, &input.load_balancers)?;
        let controller = input
            .deployment_controller
            .as_ref()
            .map_or("ECS", |c| c.kind.as_str())
            .to_string();
        match controller.as_str() {
            "ECS" => {}
            "CODE_DEPLOY" if load_balancers.len() == 1 => {}
            "CODE_DEPLOY" => return Err(invalid("A service with a CODE_DEPLOY deployment controller needs exactly one load balancer target group (the blue one); CodeDeploy adds the second.")),
            "EXTERNAL" => return Err(EcsApiError::Unsupported("The EXTERNAL deployment controller is not simulated in ECS Playground; use ECS or CODE_DEPLOY.".into())),
            other => return Err(invalid(format!("deploymentController.type should be one of [ECS,CODE_DEPLOY,EXTERNAL], got {other}"))),
        }
        let desired = input.desired_count.ok_or_else(|| invalid("The desired count must be specified for services with the REPLICA scheduling strategy."))?;
        if !(0..=5000).contains(&desired) {
            return Err(invalid("desiredCount must be between 0 and 5000."));
        }
        let (launch_type, strategy) = self.launch_type_for(
            &cluster,
            input.launch_type.as_deref(),
            &input.capacity_provider_strategy,
        )?;
        Self::check_compatible(&td, launch_type)?;
        let network = self.task_network(&td, input.network_configuration.as_ref())?;
        Self::placement_rules(&input.placement_constraints, &input.placement_strategy)?;
        let config = input.deployment_configuration.clone().unwrap_or_default();
        let minimum = config.minimum_healthy_percent.unwrap_or(100);
        let maximum = config.maximum_percent.unwrap_or(200);
        if !(0..=100).contains(&minimum) || !(100..=200).contains(&maximum) {
            return Err(invalid("The minimum healthy percent must be between 0 and 100 and the maximum percent between 100 and 200."));
        }
        let service_connect = input
            .service_connect_configuration
            .as_ref()
            .map(|c| self.check_service_connect(c, &td, &Self::service_key(&cluster.name, &name)))
            .transpose()?
            .filter(|c| c.enabled);
        if service_connect.is_some() && controller == "CODE_DEPLOY" {
            return Err(invalid("Service Connect is only supported for services that use the ECS (rolling update) deployment controller."));
        }
        let deployment_id = self.new_deployment_id();
        let service = Service {
            name: name.clone(),
            cluster: cluster.name.clone(),
            task_definition_arn: super::task_definition_arn(
                &self.region,
                &self.account_id,
                &td.family,
                td.revision,
            ),
            desired_count: desired as u32,
            launch_type,
            // A service keeps the strategy it was created with, the cluster default included.
            capacity_provider_strategy: strategy,
            network,
            minimum_healthy_percent: minimum as u32,
            maximum_percent: maximum as u32,
            circuit_breaker: config
                .deployment_circuit_breaker
                .map(|c| (c.enable, c.rollback)),
            deployment_alarms: config.alarms.clone(),
            placement_constraints: input.placement_constraints,
            placement_strategy: input.placement_strategy,
            health_check_grace_period_seconds: input
                .health_check_grace_period_seconds
                .map(|g| g.clamp(0, i64::from(u32::MAX)) as u32),
            status: ServiceStatus::Active,
            created_at: self.now,
            deployment_id,
            deployment_created_at: self.now,
            deployment_updated_at: self.now,
            rollout_completed: false,
            steady_state_pending: true,
            events: Vec::new(),
            consecutive_start_failures: 0,
            next_launch_at: self.now,
            last_steady_event_at: None,
            failed_tasks: 0,
            load_balancers,
            older_deployments: Vec::new(),
            rollout_failed: false,
            last_unplaceable: None,
            rollout_failed_reason: None,
            deployment_controller: controller,
            replacement: None,
            enable_execute_command: input.enable_execute_command.unwrap_or(false),
            service_connect,
        };
        let shape = self.service_shape(&service);
        self.ecs.services.insert(key, service);
        Ok(json!({ "service": shape }))
    }

    fn service_mut(
        &mut self,
        cluster: Option<&str>,
        reference: &str,
    ) -> Result<&mut Service, EcsApiError> {
        let cluster = self.cluster(cluster)?.name.clone();
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let service = self
            .ecs
            .services
            .get_mut(&Self::service_key(&cluster, name))
            .ok_or(EcsApiError::ServiceNotFound)?;
        if service.status != ServiceStatus::Active {
            return Err(EcsApiError::ServiceNotActive);
        }
        Ok(service)
    }

    /// UpdateService: desired count, deployment configuration and grace period
    /// change in place; a new task definition, network configuration, capacity
    /// provider strategy or `forceNewDeployment` starts a new deployment.
    pub(crate) fn ecs_update_service(&mut self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let reference = input.service.clone().unwrap_or_default();
        if let Some(desired) = input.desired_count {
            if !(0..=5000).contains(&desired) {
                return Err(invalid("desiredCount must be between 0 and 5000."));
            }
        }
        let current = self
            .service_mut(input.cluster.as_deref(), &reference)?
            .clone();
        if current.status != ServiceStatus::Active {
            return Err(EcsApiError::ServiceNotActive);
        }
        let changes_deployment = input.task_definition.is_some()
            || input.force_new_deployment == Some(true)
            || input.service_connect_configuration.is_some()
            || input.network_configuration.is_some()
            || !input.capacity_provider_strategy.is_empty();
        if current.deployment_controller == "CODE_DEPLOY"
            && input.service_connect_configuration.is_some()
        {
            return Err(invalid("Service Connect is only supported for services that use the ECS (rolling update) deployment controller."));
        }
        if current.deployment_controller == "CODE_DEPLOY" && changes_deployment {
            return Err(invalid("Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment."));
        }
        let td = match input.task_definition.as_deref() {
            Some(reference) => self.task_definition_for(reference)?,
            None => self.task_definition_for(&current.task_definition_arn)?,
        };
        Self::check_compatible(&td, current.launch_type)?;
        // The new revision must still have the container and port the load balancers use.
        let load_balancers: Vec<Value> =
            current.load_balancers.iter().map(|lb| json!(lb)).collect();
        self.check_service_load_balancers(&td, &load_balancers)?;
        let network = match &input.network_configuration {
            Some(_) => self.task_network(&td, input.network_configuration.as_ref())?,
            None => current.network.clone(),
        };
        let strategy = if input.capacity_provider_strategy.is_empty() {
            current.capacity_provider_strategy.clone()
        } else {
            let cluster = self.cluster(Some(&current.cluster))?.clone();
            let (launch_type, strategy) =
                self.launch_type_for(&cluster, None, &input.capacity_provider_strategy)?;
            if launch_type != current.launch_type {
                return Err(invalid(
                    "Updating a service between EC2 and Fargate capacity is not supported.",
                ));
            }
            strategy
        };
        let config = input.deployment_configuration.clone().unwrap_or_default();
        let minimum = config
            .minimum_healthy_percent
            .unwrap_or(i64::from(current.minimum_healthy_percent));
        let maximum = config
            .maximum_percent
            .unwrap_or(i64::from(current.maximum_percent));
        if !(0..=100).contains(&minimum) || !(100..=200).contains(&maximum) {
            return Err(invalid("The minimum healthy percent must be between 0 and 100 and the maximum percent between 100 and 200."));
        }
        let td_arn =
            super::task_definition_arn(&self.region, &self.account_id, &td.family, td.revision);
        // A new revision must still have the named ports Service Connect publishes.
        let key = Self::service_key(&current.cluster, &current.name);
        let service_connect = input
            .service_connect_configuration
            .as_ref()
            .map(|c| self.check_service_connect(c, &td, &key))
            .transpose()?;
        if service_connect.is_none() {
            if let Some(config) = &current.service_connect {
                self.check_service_connect(config, &td, &key)?;
            }
        }
        let new_deployment = input.force_new_deployment == Some(true)
            || service_connect.is_some()
            || td_arn != current.task_definition_arn
            || network != current.network
            || strategy != current.capacity_provider_strategy;
        let deployment_id = new_deployment.then(|| self.new_deployment_id());
        let now = self.now;
        let service = self.service_mut(input.cluster.as_deref(), &reference)?;
        if let Some(desired) = input.desired_count {
            service.desired_count = desired as u32;
            service.steady_state_pending = true;
        }
        service.minimum_healthy_percent = minimum as u32;
        service.maximum_percent = maximum as u32;
        if let Some(breaker) = &config.deployment_circuit_breaker {
            service.circuit_breaker = Some((breaker.enable, breaker.rollback));
        }
        if let Some(alarms) = &config.alarms {
            service.deployment_alarms = Some(alarms.clone());
        }
        if let Some(grace) = input.health_check_grace_period_seconds {
            service.health_check_grace_period_seconds =
                Some(grace.clamp(0, i64::from(u32::MAX)) as u32);
        }
        service.network = network;
        service.capacity_provider_strategy = strategy;
        if let Some(config) = service_connect {
            service.service_connect = Some(config).filter(|c| c.enabled);
        }
        // Only tasks started from now on get the agent: AWS asks for --force-new-deployment.
        if let Some(flag) = input.enable_execute_command {
            service.enable_execute_command = flag;
        }
        if let Some(id) = deployment_id {
            service.begin_deployment(id, td_arn, now);
        } else {
            service.deployment_updated_at = now;
        }
        let service = service.clone();
        Ok(json!({ "service": self.service_shape(&service) }))
    }

    pub(crate) fn ecs_delete_service(&mut self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let reference = input.service.clone().unwrap_or_default();
        let force = input.force == Some(true);
        let service = self.service_mut(input.cluster.as_deref(), &reference)?;
        if service.desired_count > 0 && !force {
            return Err(invalid(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        service.desired_count = 0;
        service.status = ServiceStatus::Draining;
        let service = service.clone();
        Ok(json!({ "service": self.service_shape(&service) }))
    }

    pub(crate) fn ecs_describe_services(&self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        if input.services.is_empty() {
            return Err(invalid("Services cannot be empty."));
        }
        let mut services = Vec::new();
        let mut failures = Vec::new();
        for reference in &input.services {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            match self.ecs.services.get(&Self::service_key(&cluster, name)) {
                Some(service) => services.push(self.service_shape(service)),
                None => failures.push(json!({ "arn": format!("arn:aws:ecs:{}:{}:service/{cluster}/{name}", self.region, self.account_id), "reason": "MISSING" })),
            }
        }
        Ok(json!({ "services": services, "failures": failures }))
    }

    pub(crate) fn ecs_list_services(&self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        let arns: Vec<String> = self
            .ecs
            .services
            .values()
            .filter(|s| s.cluster == cluster && s.status == ServiceStatus::Active)
            .map(|s| s.arn(&self.region, &self.account_id))
            .collect();
        Ok(json!({ "serviceArns": arns }))
    }

    /// Why an `awslogs` container cannot start logging, if it cannot.
    fn log_group_problem(
        &self,
        td: &TaskDefinition,
        container: &super::ContainerDefinition,
        task_id: &str,
    ) -> Option<String> {
        let config = container
            .log_configuration
            .as_ref()
            .filter(|c| c.log_driver == "awslogs")?;
        let group = config.option("awslogs-group").unwrap_or_default();
        if self.logs.groups.contains_key(group) {
            return None;
        }
        if config.option("awslogs-create-group") != Some("true") {
            return Some("ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1".into());
        }
        // Creating the group needs logs:CreateLogGroup, which the managed execution policy lacks.
        let role_arn = td.execution_role_arn.clone().unwrap_or_default();
        let allowed = self
            .iam
            .role_by_arn(&role_arn)
            .is_some_and(|r| r.allows("logs:CreateLogGroup"));
        if allowed {
            return None;
        }
        let role = role_arn.rsplit('/').next().unwrap_or_default();
        Some(format!(
            "ResourceInitializationError: failed to validate logger args: create log group has been retried 1 times: failed to create Cloudwatch log group: AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{role}/{task_id} is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:{}:{}:log-group:{group}:log-stream: because no identity-based policy allows the logs:CreateLogGroup action : exit status 1",
            self.account_id, self.region, self.account_id
        ))
    }

    /// Container lines in CloudWatch Logs (awslogs), creating the group when the driver may.
    fn write_container_logs(&mut self, task: &Task, lines: impl Fn(&str) -> Vec<String>) {
        let Some(td) = self
            .ecs
            .task_definitions
            .get(&task.task_definition_arn)
            .cloned()
        else {
            return;
        };
        for container in td.containers() {
            if container
                .log_configuration
                .as_ref()
                .is_some_and(|c| c.log_driver == "awsfirelens")
            {
                let routed = lines(container.image());
                self.route_through_firelens(task, &td, container, routed);
                continue;
            }
            let Some(config) = container
                .log_configuration
                .as_ref()
                .filter(|c| c.log_driver == "awslogs")
            else {
                continue;
            };
            let group = config
                .option("awslogs-group")
                .unwrap_or_default()
                .to_string();
            if !self.logs.groups.contains_key(&group)
                && config.option("awslogs-create-group") == Some("true")
            {
                let input = crate::logs::LogsInput {
                    log_group_name: Some(group.clone()),
                    ..Default::default()
                };
                let _ = self.logs.create_log_group(self.now, input);
            }
            let stream = match config.option("awslogs-stream-prefix") {
                Some(prefix) => format!("{prefix}/{}/{}", container.name(), task.id),
                None => format!("{}/{}", container.name(), task.id),
            };
            for (i, line) in lines(container.image()).into_iter().enumerate() {
                self.logs
                    .write(&group, &stream, self.now.plus(Duration(i as u64 / 4)), line);
            }
        }
    }

    /// Where a container's `awslogs` lines go: its group and stream.
    fn awslogs_destination(
        task: &Task,
        container: &super::ContainerDefinition,
    ) -> Option<(String, String)> {
        let config = container
            .log_configuration
            .as_ref()
            .filter(|c| c.log_driver == "awslogs")?;
        let group = config.option("awslogs-group")?.to_string();
        let stream = match config.option("awslogs-stream-prefix") {
            Some(prefix) => format!("{prefix}/{}/{}", container.name(), task.id),
            None => format!("{}/{}", container.name(), task.id),
        };
        Some((group, stream))
    }

    /// A container with the `awsfirelens` driver: its lines go to the log
    /// router (Fluent Bit), whose `cloudwatch_logs` output writes them with the
    /// **task role** over the task's network path. What goes wrong shows in
    /// the router's own log, as Fluent Bit prints it.
    fn route_through_firelens(
        &mut self,
        task: &Task,
        td: &TaskDefinition,
        container: &super::ContainerDefinition,
        lines: Vec<String>,
    ) {
        let Some(config) = container.log_configuration.as_ref() else {
            return;
        };
        if lines.is_empty() {
            return;
        }
        let router = td.containers().iter().find(|c| c.is_log_router());
        let router_log = router.and_then(|r| Self::awslogs_destination(task, r));
        let complain = |world: &mut World, messages: Vec<String>| {
            if let Some((group, stream)) = &router_log {
                for message in messages {
                    world.logs.write(group, stream, world.now, message);
                }
            }
        };
        // Fluent Bit's C plugin (cloudwatch_logs) and the older Go one (cloudwatch) take the same options.
        let output = config.option("Name").unwrap_or_default().to_string();
        if output != "cloudwatch_logs" && output != "cloudwatch" {
            complain(
                self,
                vec![format!("[ info] [output:{output}:{output}.0] worker #0 started (this playground keeps only the cloudwatch_logs output's lines)")],
            );
            return;
        }
        let plugin = format!("[output:{output}:{output}.0]");
        let group = config
            .option("log_group_name")
            .unwrap_or_default()
            .to_string();
        let prefix = config.option("log_stream_prefix");
        let fixed_stream = config.option("log_stream_name");
        let region = config.option("region").unwrap_or_default().to_string();
        // The plugin refuses to start without these (and the router, essential, would stop the task).
        let missing = if group.is_empty() {
            Some("'log_group_name' is a required field".to_string())
        } else if region.is_empty() {
            Some("'region' is a required parameter".to_string())
        } else if prefix.is_some() == fixed_stream.is_some() {
            Some("Either 'log_stream_name' or 'log_stream_prefix' is required".to_string())
        } else {
            None
        };
        if let Some(message) = missing {
            complain(
                self,
                vec![
                    format!("[error] {plugin} {message}"),
                    format!("[error] [output] failed to initialize '{output}' plugin"),
                ],
            );
            return;
        }
        let stream = match fixed_stream {
            Some(name) => name.to_string(),
            None => format!(
                "{}{}-firelens-{}",
                prefix.unwrap_or_default(),
                container.name(),
                task.id
            ),
        };
        let role = td
            .task_role_arn
            .as_deref()
            .and_then(|arn| self.iam.role_by_arn(arn))
            .filter(|r| r.trusts("ecs-tasks.amazonaws.com"));
        // The router sends from the task's interface (its ENI, or its instance's in bridge mode).
        let reachable = self.task_interface(task).is_none_or(|from| {
            self.ec2
                .reachable(&from, &crate::ec2::Node::AwsService("logs".into()), 443)
        });
        let role_name = td
            .task_role_arn
            .as_deref()
            .map(|a| a.rsplit('/').next().unwrap_or(a))
            .unwrap_or_default();
        let denied = |action: &str, resource: String| {
            format!(
                "[error] {plugin} {} API responded with error='AccessDeniedException', message='User: arn:aws:sts::{}:assumed-role/{role_name}/{} is not authorized to perform: logs:{} on resource: {resource}'",
                action, self.account_id, task.id, action
            )
        };
        let stream_arn = format!(
            "arn:aws:logs:{region}:{}:log-group:{group}:log-stream:{stream}",
            self.account_id
        );
        let auto_create = config
            .option("auto_create_group")
            .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "on" | "yes"));
        let errors: Vec<String> = if region != self.region {
            vec![format!("[ info] {plugin} the log group is in {region}; this playground keeps {}'s logs only", self.region)]
        } else if !reachable {
            vec![
                format!(
                    "[error] [http_client] broken connection to logs.{region}.amazonaws.com:443 ?"
                ),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if role.is_none() {
            vec![
                "[error] [aws_credentials] Failed to retrieve credentials for AWS Profile default (the task has no task role to sign with)".to_string(),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if !role
            .is_some_and(|r| r.allows("logs:CreateLogStream") && r.allows("logs:PutLogEvents"))
        {
            vec![
                denied("CreateLogStream", stream_arn),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if !self.logs.groups.contains_key(&group) && !auto_create {
            vec![
                format!("[error] {plugin} CreateLogStream API responded with error='ResourceNotFoundException', message='The specified log group does not exist.'"),
                format!("[error] {plugin} Failed to create log stream"),
            ]
        } else if !self.logs.groups.contains_key(&group)
            && !role.is_some_and(|r| r.allows("logs:CreateLogGroup"))
        {
            vec![
                denied(
                    "CreateLogGroup",
                    format!(
                        "arn:aws:logs:{region}:{}:log-group:{group}",
                        self.account_id
                    ),
                ),
                format!("[error] {plugin} Failed to create log group"),
            ]
        } else {
            Vec::new()
        };
        if !errors.is_empty() {
            complain(self, errors);
            return;
        }
        if !self.logs.groups.contains_key(&group) {
            let input = crate::logs::LogsInput {
                log_group_name: Some(group.clone()),
                ..Default::default()
            };
            let _ = self.logs.create_log_group(self.now, input);
        }
        for (i, line) in lines.into_iter().enumerate() {
            self.logs
                .write(&group, &stream, self.now.plus(Duration(i as u64 / 4)), line);
        }
    }

    /// Registers a service task's targets as it starts, with the service event.
    fn register_with_service_load_balancers(&mut self, task: &mut Task) {
        let Some(name) = task.service.clone() else {
            return;
        };
        // A replacement (green) task set registers with its own target group.
        let balancers = self
            .ecs
            .services
            .get(&Self::service_key(&task.cluster, &name))
            .map(|s| match &s.replacement {
                Some(set) if task.started_by.as_deref() == Some(&set.id) => {
                    set.load_balancers.clone()
                }
                _ => s.load_balancers.clone(),
            })
            .unwrap_or_default();
        if balancers.is_empty() {
            return;
        }
        self.register_task_targets(task, &balancers);
        self.service_event_for_targets(task, "registered");
    }

    /// `(service web) registered 1 targets in (target-group …)` and its deregistration twin.
    fn service_event_for_targets(&mut self, task: &Task, verb: &str) {
        let Some(name) = task.service.clone() else {
            return;
        };
        let key = Self::service_key(&task.cluster, &name);
        let mut groups: Vec<&str> = task
            .targets
            .iter()
            .map(|t| t.target_group_arn.as_str())
            .collect();
        groups.dedup();
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        for group in groups {
            let id = uuid(self);
            let now = self.now;
            if let Some(service) = self.ecs.services.get_mut(&key) {
                service.push_event(
                    id,
                    now,
                    EventSeverity::Info,
                    format!("(service {name}) {verb} 1 targets in (target-group {group})"),
                );
            }
        }
    }

    // ── Faults (`sim fail`, `sim recover`) ────────────────────────────────

    /// `sim fail task ID`: the task's essential container exits with code 1.
    pub fn fail_task(&mut self, reference: &str) -> Result<String, String> {
        let id = task_id(reference).to_string();
        let now = self.now;
        let task = self
            .ecs
            .tasks
            .get_mut(&id)
            .filter(|t| !t.is_stopped())
            .ok_or_else(|| format!("no running task '{reference}'"))?;
        if task.last_status != TaskStatus::Running {
            return Err(format!(
                "task {id} is {}, not RUNNING",
                task.last_status.name()
            ));
        }
        for container in task.containers.iter_mut().filter(|c| c.essential) {
            container.exit_code = Some(1);
        }
        task.request_stop(
            now,
            "EssentialContainerExited",
            "Essential container in task exited",
        );
        Ok(format!(
            "The essential container of task {id} exited with code 1.\n"
        ))
    }

    /// `sim fail spot [COUNT]`: AWS reclaims Fargate Spot capacity. COUNT running
    /// Spot tasks (1 by default), picked at random, get the two-minute notice:
    /// SIGTERM now, stopped with `SpotInterruption` within two minutes; a
    /// service starts their replacements at once.
    pub fn interrupt_spot(&mut self, count: usize) -> Result<String, String> {
        let mut candidates: Vec<String> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.is_spot() && t.last_status == TaskStatus::Running && !t.desired_stopped)
            .map(|t| t.id.clone())
            .collect();
        if candidates.is_empty() {
            return Err("no running Fargate Spot task to interrupt (tasks run on Spot when a capacity provider strategy puts them on FARGATE_SPOT)".into());
        }
        let now = self.now;
        let mut out = String::new();
        for _ in 0..count.min(candidates.len()) {
            let pick = self.rng_below(candidates.len() as u64) as usize;
            let id = candidates.swap_remove(pick);
            let Some(task) = self.ecs.tasks.get_mut(&id) else {
                continue;
            };
            task.request_stop(
                now,
                SPOT_INTERRUPTION,
                capacity_provider::SPOT_STOPPED_REASON,
            );
            let arn = task.arn(&self.region, &self.account_id);
            self.log(
                "ecs",
                format!("ECS Task State Change: {arn} received a Fargate Spot interruption notice (SIGTERM); it stops within 2 minutes."),
            );
            out.push_str(&format!(
                "Spot interruption notice sent to task {id}: it stops within 2 minutes (stopCode SpotInterruption).\n"
            ));
        }
        Ok(out)
    }

    /// `sim fail crash IMAGE`: running and future containers of the image exit shortly after starting.
    pub fn crash_image(&mut self, image: &str) -> String {
        let now = self.now;
        self.ecs.faults.crashing_images.insert(image.to_string());
        let faults = self.ecs.faults.clone();
        let mut running = 0;
        for task in self
            .ecs
            .tasks
            .values_mut()
            .filter(|t| t.last_status == TaskStatus::Running && !t.desired_stopped)
        {
            if faults.task_crashes(&task.containers) || faults.sidecar_crashes(&task.containers) {
                task.next_at = Some(now.plus(Duration(super::faults::CRASH_AFTER_SECONDS)));
                running += 1;
            }
        }
        format!("Containers of {image} now exit with code 1 shortly after they start ({running} running tasks affected).\n")
    }

    /// `sim fail health IMAGE`: health checks of the image's containers fail from now on.
    pub fn fail_health(&mut self, image: &str) -> String {
        let now = self.now;
        self.ecs
            .faults
            .failing_health_images
            .insert(image.to_string());
        let ids: Vec<String> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.last_status == TaskStatus::Running && !t.desired_stopped)
            .map(|t| t.id.clone())
            .collect();
        let mut affected = 0;
        for id in ids {
            let Some(mut task) = self.ecs.tasks.get(&id).cloned() else {
                continue;
            };
            let mut touched = false;
            for container in &mut task.containers {
                if container.health_check.is_some()
                    && container.health_failing_since.is_none()
                    && self.ecs.faults.image_fails_health(&container.image)
                {
                    container.health_failing_since = Some(now);
                    touched = true;
                }
            }
            if touched {
                affected += 1;
                task.next_at = self.next_running_event(&task, now);
                self.ecs.tasks.insert(id, task);
            }
        }
        format!(
            "Container health checks of {image} now fail ({affected} running tasks affected). \
             Only containers whose definition has a healthCheck are checked.\n"
        )
    }

    /// `sim recover image IMAGE`: pulls, starts and health checks of the image work again.
    pub fn recover_image(&mut self, image: &str) -> Result<String, String> {
        let faults = &mut self.ecs.faults;
        let pulls = faults.broken_images.remove(image);
        let crashes = faults.crashing_images.remove(image);
        let health = faults.failing_health_images.remove(image);
        if !(pulls || crashes || health) {
            return Err(format!("{image} has no fault"));
        }
        let faults = self.ecs.faults.clone();
        for task in self.ecs.tasks.values_mut() {
            for container in &mut task.containers {
                if container.health_failing_since.is_some()
                    && !faults.image_fails_health(&container.image)
                {
                    container.health_failing_since = None;
                }
            }
        }
        Ok(format!("{image} works again.\n"))
    }

    /// The next thing that happens to a running task by itself: its crash, or (in
    /// a service) the moment an essential container turns UNHEALTHY.
    fn next_running_event(&self, task: &Task, now: SimTime) -> Option<SimTime> {
        let crash = self
            .ecs
            .faults
            .task_crashes(&task.containers)
            .then(|| now.plus(Duration(super::faults::CRASH_AFTER_SECONDS)));
        let unhealthy = task.service.as_ref().and(task.unhealthy_at());
        let sidecar = self
            .ecs
            .faults
            .sidecar_crashes(&task.containers)
            .then(|| now.plus(Duration(super::faults::CRASH_AFTER_SECONDS)));
        [crash, unhealthy, task.job_end(), sidecar]
            .into_iter()
            .flatten()
            .min()
    }

    fn crash_due(&self, task: &Task, now: SimTime) -> bool {
        let started = task.started_at.unwrap_or(now);
        now.since(started).as_seconds() >= super::faults::CRASH_AFTER_SECONDS
            && self.ecs.faults.task_crashes(&task.containers)
    }

    /// The service's events when it stops a task for failed container health checks.
    fn service_event_for_container_health(&mut self, task: &Task) {
        let Some(name) = task.service.clone() else {
            return;
        };
        let key = Self::service_key(&task.cluster, &name);
        let first = uuid(self);
        let second = uuid(self);
        if let Some(service) = self.ecs.services.get_mut(&key) {
            service.push_event(
                first,
                self.now,
                EventSeverity::Problem,
                format!(
                    "(service {name}) (task {}) failed container health checks.",
                    task.id
                ),
            );
            service.push_event(
                second,
                self.now,
                EventSeverity::Info,
                format!(
                    "(service {name}) has stopped 1 running tasks: (task {}).",
                    task.id
                ),
            );
            service.steady_state_pending = true;
            service.count_failed_task(task);
        }
    }

    /// `sim fail az ZONE`: its tasks stop, its instances disconnect, its subnets take no new tasks.
    pub fn fail_zone(&mut self, zone: &str) -> Result<String, String> {
        if !self.availability_zones.iter().any(|z| z == zone) {
            return Err(format!(
                "unknown Availability Zone '{zone}': choose one of {}",
                self.availability_zones.join(", ")
            ));
        }
        let now = self.now;
        self.ecs.faults.failed_zones.insert(zone.to_string());
        let mut stopped = 0;
        for task in self
            .ecs
            .tasks
            .values_mut()
            .filter(|t| t.availability_zone == zone && !t.desired_stopped && !t.is_stopped())
        {
            task.request_stop(now, "TerminationNotice", &format!("Task stopped because its Availability Zone ({zone}) is unavailable (simulated outage)."));
            stopped += 1;
        }
        for instance in self
            .ecs
            .container_instances
            .values_mut()
            .filter(|i| i.availability_zone == zone)
        {
            instance.agent_connected = false;
        }
        Ok(format!(
            "{zone} is down: {stopped} tasks are stopping; its subnets take no new tasks.\n"
        ))
    }

    /// `sim recover az ZONE`.
    pub fn recover_zone(&mut self, zone: &str) -> Result<String, String> {
        if !self.ecs.faults.failed_zones.remove(zone) {
            return Err(format!("{zone} is not down"));
        }
        for instance in self
            .ecs
            .container_instances
            .values_mut()
            .filter(|i| i.availability_zone == zone)
        {
            instance.agent_connected = true;
        }
        Ok(format!("{zone} is back.\n"))
    }

    // ── The clock-driven part ──────────────────────────────────────────────

    /// The next instant a task stage ends or a throttled service may launch again.
    pub(crate) fn next_ecs_transition(&self) -> Option<SimTime> {
        let tasks = self.ecs.tasks.values().filter_map(|t| t.next_at);
        let throttled = self
            .ecs
            .services
            .values()
            .filter(|s| s.next_launch_at > self.now)
            .map(|s| s.next_launch_at);
        let forget = self
            .ecs
            .tasks
            .values()
            .filter_map(|t| t.stopped_at)
            .map(|at| at.plus(Duration(STOPPED_TASK_RETENTION_SECONDS)));
        // During a rolling update the scheduler looks again when a task comes to count as healthy.
        let rolling: BTreeSet<(&str, &str)> = self
            .ecs
            .services
            .values()
            .filter(|s| !s.older_deployments.is_empty() || s.replacement.is_some())
            .map(|s| (s.cluster.as_str(), s.name.as_str()))
            .collect();
        let turning_healthy = self
            .ecs
            .tasks
            .values()
            .filter(|t| {
                !rolling.is_empty()
                    && t.service
                        .as_deref()
                        .is_some_and(|name| rolling.contains(&(t.cluster.as_str(), name)))
            })
            .filter_map(|t| t.healthy_from());
        tasks
            .chain(throttled)
            .chain(forget)
            .chain(turning_healthy)
            .filter(|t| *t > self.now)
            .min()
    }

    /// Everything due now: task stages, then the service scheduler, until nothing changes.
    pub(crate) fn process_ecs(&mut self) {
        for _ in 0..16 {
            let moved = self.progress_tasks();
            let scheduled = self.schedule_services();
            if !moved && !scheduled {
                break;
            }
        }
        let now = self.now;
        self.ecs.tasks.retain(|_, t| {
            t.stopped_at
                .is_none_or(|at| now.since(at).as_seconds() < STOPPED_TASK_RETENTION_SECONDS)
        });
    }

    fn progress_tasks(&mut self) -> bool {
        let now = self.now;
        let due: Vec<String> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.next_at.is_some_and(|at| at <= now))
            .map(|t| t.id.clone())
            .collect();
        for id in &due {
            self.progress_task(id);
        }
        !due.is_empty()
    }

    fn progress_task(&mut self, id: &str) {
        let Some(mut task) = self.ecs.tasks.get(id).cloned() else {
            return;
        };
        let now = self.now;
        match task.last_status {
            TaskStatus::Provisioning => {
                if let Some(network) = &mut task.network {
                    let arn = task.id.clone();
                    let created = {
                        let subnet = network.subnet_id.clone();
                        let groups = network.security_group_ids.clone();
                        let description = format!(
                            "arn:aws:ecs:{}:{}:attachment/{arn}",
                            self.region, self.account_id
                        );
                        let (ec2, mut ctx) = self.ec2_ctx();
                        ec2.create_interface(
                            &mut ctx,
                            &subnet,
                            InterfaceOwner::Task(arn.clone()),
                            groups,
                            description,
                        )
                    };
                    match created {
                        Ok(eni) => {
                            network.private_ip =
                                self.ec2.network_interfaces.get(&eni).map(|e| e.private_ip);
                            network.network_interface_id = Some(eni);
                        }
                        Err(_) => {
                            let reason = format!("ResourceInitializationError: failed to configure ENI: InsufficientFreeAddressesInSubnet: There are not enough free addresses in subnet '{}' to satisfy the requested number of instances.", network.subnet_id);
                            task.start_failed = true;
                            task.desired_stopped = true;
                            task.stop_code = Some("TaskFailedToStart".into());
                            task.stopped_reason = Some(reason);
                            task.stopping_at = Some(now);
                            task.enter(TaskStatus::Deprovisioning, now, 0);
                            self.ecs.tasks.insert(id.to_string(), task);
                            return;
                        }
                    }
                }
                // The image pull decides whether the task starts at all.
                let pulled = self.pull_for(&task);
                task.pull_started_at = Some(now);
                match pulled {
                    Ok((seconds, secrets)) => {
                        for secret in secrets {
                            if let Some(c) = task
                                .containers
                                .iter_mut()
                                .find(|c| c.name == secret.container)
                            {
                                c.secret_values.insert(secret.name, secret.value);
                            }
                        }
                        task.enter(TaskStatus::Pending, now, seconds)
                    }
                    Err(reason) => {
                        task.start_failed = true;
                        task.stop_code = Some("TaskFailedToStart".into());
                        task.stopped_reason = Some(reason);
                        task.enter(TaskStatus::Pending, now, durations::FAILED_PULL_RETRIES);
                    }
                }
            }
            TaskStatus::Pending => {
                if task.start_failed {
                    task.desired_stopped = true;
                    task.stopping_at = Some(now);
                    let seconds = task.deprovisioning_seconds();
                    task.enter(TaskStatus::Deprovisioning, now, seconds);
                } else {
                    task.pull_stopped_at = Some(now);
                    task.enter(TaskStatus::Activating, now, durations::ACTIVATING);
                }
            }
            TaskStatus::Activating => {
                task.started_at = Some(now);
                task.last_status = TaskStatus::Running;
                self.write_container_logs(&task, crate::logs::startup_lines);
                self.register_with_service_load_balancers(&mut task);
                // A crashing image exits shortly after it starts; a failing health
                // check fails from the first probe.
                for container in &mut task.containers {
                    if container.health_check.is_some()
                        && self.ecs.faults.image_fails_health(&container.image)
                    {
                        container.health_failing_since = Some(now);
                    }
                }
                task.next_at = self.next_running_event(&task, now);
                if let Some(arn) = &task.container_instance_arn {
                    if let Some(instance) = self.ecs.container_instances.get_mut(arn) {
                        for container in &task.containers {
                            if !instance.cached_images.contains(&container.image) {
                                instance.cached_images.push(container.image.clone());
                            }
                        }
                    }
                }
                if let Some(service) = task.service.as_ref().and_then(|s| {
                    self.ecs
                        .services
                        .get_mut(&Self::service_key(&task.cluster, s))
                }) {
                    service.consecutive_start_failures = 0;
                }
            }
            TaskStatus::Running if task.job_done(now) && !self.crash_due(&task, now) => {
                // A batch job's work is done: the essential container(s) whose
                // job has ended exit cleanly, and that stops the task.
                let started = task.started_at.unwrap_or(now);
                let mut finished = Vec::new();
                for container in task.containers.iter_mut().filter(|c| c.essential) {
                    if container
                        .job_seconds
                        .is_some_and(|s| now >= started.plus(Duration(s)))
                    {
                        container.exit_code = Some(0);
                        finished.push(container.image.clone());
                    }
                }
                task.request_stop(
                    now,
                    "EssentialContainerExited",
                    "Essential container in task exited",
                );
                self.write_container_logs(&task, |image| {
                    if finished.iter().any(|f| f == image) {
                        vec![format!("{image}: job complete, exiting with code 0")]
                    } else {
                        Vec::new()
                    }
                });
            }
            TaskStatus::Running if !self.crash_due(&task, now) => {
                // A crashing sidecar (not essential) exits; the task runs on without it.
                let started = task.started_at.unwrap_or(now);
                let mut exited = Vec::new();
                for container in task.containers.iter_mut().filter(|c| !c.essential) {
                    if container.exit_code.is_none()
                        && self.ecs.faults.image_crashes(&container.image)
                        && now.since(started).as_seconds() >= super::faults::CRASH_AFTER_SECONDS
                    {
                        container.exit_code = Some(1);
                        exited.push(container.image.clone());
                    }
                }
                if !exited.is_empty() {
                    self.write_container_logs(&task, |image| {
                        if exited.iter().any(|e| e == image) {
                            vec![format!(
                                "Error: {image} failed: unhandled exception, exiting with code 1"
                            )]
                        } else {
                            Vec::new()
                        }
                    });
                }
                // A service stops a task whose essential container turned UNHEALTHY;
                // a standalone task keeps running whatever its health.
                task.next_at = None;
                if task.service.is_some() && task.unhealthy_at().is_some_and(|at| at <= now) {
                    task.request_stop(
                        now,
                        "ServiceSchedulerInitiated",
                        "Task failed container health checks",
                    );
                    self.service_event_for_container_health(&task);
                } else {
                    // What is still ahead: a batch job's exit, a sidecar's crash.
                    task.next_at = self.next_running_event(&task, now).filter(|at| *at > now);
                }
            }
            TaskStatus::Running => {
                for container in &mut task.containers {
                    if container.essential && self.ecs.faults.image_crashes(&container.image) {
                        container.exit_code = Some(1);
                    }
                }
                task.request_stop(
                    now,
                    "EssentialContainerExited",
                    "Essential container in task exited",
                );
                self.write_container_logs(&task, |image| {
                    vec![format!(
                        "Error: {image} failed: unhandled exception, exiting with code 1"
                    )]
                });
            }
            TaskStatus::Deactivating => {
                // Draining first: the task waits out the target groups' deregistration delay.
                if !task.targets.is_empty() && !task.targets_deregistered {
                    let mut delay = self.deregister_task_targets(&task);
                    if task.stop_code.as_deref() == Some(SPOT_INTERRUPTION) {
                        // The capacity is reclaimed two minutes after the notice, drained or not.
                        delay = delay.min(
                            capacity_provider::SPOT_WARNING_SECONDS
                                .saturating_sub(durations::STOPPING),
                        );
                    }
                    task.targets_deregistered = true;
                    self.service_event_for_targets(&task, "deregistered");
                    task.enter(TaskStatus::Deactivating, now, delay);
                } else {
                    task.enter(TaskStatus::Stopping, now, durations::STOPPING);
                }
            }
            TaskStatus::Stopping => {
                for container in &mut task.containers {
                    container.exit_code.get_or_insert(
                        if task.stop_code.as_deref() == Some("UserInitiated") {
                            143
                        } else {
                            0
                        },
                    );
                }
                let seconds = task.deprovisioning_seconds();
                task.enter(TaskStatus::Deprovisioning, now, seconds);
            }
            TaskStatus::Deprovisioning => {
                if let Some(eni) = task
                    .network
                    .as_ref()
                    .and_then(|n| n.network_interface_id.clone())
                {
                    self.ec2.network_interfaces.remove(&eni);
                }
                task.last_status = TaskStatus::Stopped;
                task.stopped_at = Some(now);
                task.next_at = None;
                if task.failed_to_start() {
                    if let Some(service) = task.service.as_ref().and_then(|s| {
                        self.ecs
                            .services
                            .get_mut(&Self::service_key(&task.cluster, s))
                    }) {
                        service.consecutive_start_failures += 1;
                        service.count_failed_task(&task);
                        service.next_launch_at = now.plus(Duration(Service::throttle_seconds(
                            service.consecutive_start_failures,
                        )));
                    }
                }
            }
            TaskStatus::Stopped => task.next_at = None,
        }
        self.ecs.tasks.insert(id.to_string(), task);
    }

    /// Reads the containers' secrets, then pulls every container's image over
    /// the task's path; seconds taken and the secrets read, or the stoppedReason.
    fn pull_for(
        &self,
        task: &Task,
    ) -> Result<(u64, Vec<crate::image_pull::RetrievedSecret>), String> {
        let Some(td) = self.ecs.task_definitions.get(&task.task_definition_arn) else {
            return Err("TaskFailedToStart: the task definition is gone".into());
        };
        let instance = task
            .container_instance_arn
            .as_ref()
            .and_then(|a| self.ecs.container_instances.get(a));
        let (subnet_id, groups, public_ip) = match (&task.network, instance) {
            (Some(n), _) => (
                n.subnet_id.clone(),
                n.security_group_ids.clone(),
                n.public_ip,
            ),
            (None, Some(i)) => (
                i.subnet_id.clone(),
                i.security_group_ids.clone(),
                i.public_ip,
            ),
            (None, None) => return Ok((durations::CACHED_PULL, Vec::new())),
        };
        let execution_role_arn = td.execution_role_arn.as_deref().filter(|a| !a.is_empty());
        let secrets = self
            .retrieve_secrets(
                td,
                &PullRequest {
                    image: "",
                    subnet_id: &subnet_id,
                    security_group_ids: &groups,
                    public_ip,
                    execution_role_arn,
                    uses_awslogs: false,
                    task_id: &task.id,
                },
            )
            .map_err(|e| e.to_string())?;
        let mut seconds = 0;
        for container in td.containers() {
            if instance.is_some_and(|i| i.cached_images.iter().any(|c| c == container.image())) {
                seconds += durations::CACHED_PULL;
                continue;
            }
            let request = PullRequest {
                image: container.image(),
                subnet_id: &subnet_id,
                security_group_ids: &groups,
                public_ip,
                execution_role_arn,
                uses_awslogs: container.log_driver() == Some("awslogs"),
                task_id: &task.id,
            };
            if let Some(reason) = self.log_group_problem(td, container, &task.id) {
                return Err(reason);
            }
            if self.ecs.faults.image_broken(container.image()) {
                return Err(format!(
                    "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {}: not found",
                    container.image()
                ));
            }
            let pulled = self.pull_image(&request).map_err(|e| e.to_string())?;
            seconds += pulled.seconds;
        }
        Ok((seconds.max(1), secrets))
    }

    fn schedule_services(&mut self) -> bool {
        let keys: Vec<String> = self
            .ecs
            .services
            .iter()
            .filter(|(_, s)| s.status != ServiceStatus::Inactive)
            .map(|(k, _)| k.clone())
            .collect();
        let mut changed = false;
        for key in keys {
            changed |= self.schedule_service(&key);
        }
        changed
    }

    /// Whether the task counts as healthy for a deployment: running, past its
    /// container health checks (or 40 s without any), and healthy in every
    /// target group it is registered with.
    fn task_counts_healthy(&self, task: &Task) -> bool {
        task.last_status == TaskStatus::Running
            && !task.desired_stopped
            && task.healthy_from().is_some_and(|at| at <= self.now)
            && task.health_status(self.now) != "UNHEALTHY"
            && task.targets.iter().all(|r| {
                self.elb
                    .target_group(&r.target_group_arn)
                    .ok()
                    .and_then(|g| g.target(&r.target))
                    .is_some_and(|t| t.state == crate::elb::TargetState::Healthy)
            })
    }

    /// One pass of a rolling update: old deployments' tasks go and new ones
    /// start within the service's minimum healthy and maximum percent.
    /// Older deployments without a task left are over (INACTIVE) and leave the list.
    fn prune_finished_deployments(&mut self, key: &str, service: &Service) -> bool {
        let alive: BTreeSet<&str> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name) && !t.is_stopped())
            .filter_map(|t| t.started_by.as_deref())
            .collect();
        let finished: Vec<String> = service
            .older_deployments
            .iter()
            .filter(|d| !alive.contains(d.id.as_str()))
            .map(|d| d.id.clone())
            .collect();
        if finished.is_empty() {
            return false;
        }
        if let Some(s) = self.ecs.services.get_mut(key) {
            s.older_deployments.retain(|d| !finished.contains(&d.id));
        }
        true
    }

    fn roll_service(&mut self, key: &str, service: &Service, active: &[Task]) -> bool {
        let now = self.now;
        if self.prune_finished_deployments(key, service) {
            return true;
        }
        let desired = service.desired_count as usize;
        let (primary_healthy, mut primary_unhealthy): (Vec<&Task>, Vec<&Task>) = active
            .iter()
            .filter(|t| t.started_by.as_deref() == Some(&service.deployment_id))
            .partition(|t| self.task_counts_healthy(t));
        let healthy_primary = primary_healthy.len();
        let primary_count = healthy_primary + primary_unhealthy.len();
        if healthy_primary > 0 && service.failed_tasks > 0 {
            // A healthy task resets the circuit breaker's count (resetOnHealthyTask).
            if let Some(s) = self.ecs.services.get_mut(key) {
                s.failed_tasks = 0;
            }
        }
        // Oldest deployment first, then oldest task.
        let age = |t: &Task| {
            std::cmp::Reverse(
                service
                    .older_deployments
                    .iter()
                    .position(|d| Some(d.id.as_str()) == t.started_by.as_deref())
                    .unwrap_or(0),
            )
        };
        let mut old_tasks: Vec<&Task> = active
            .iter()
            .filter(|t| t.started_by.as_deref() != Some(&service.deployment_id))
            .collect();
        old_tasks.sort_by_key(|t| (age(t), t.created_at, t.id.clone()));
        let old: Vec<deployment::OldTask> = old_tasks
            .iter()
            .map(|t| deployment::OldTask {
                id: t.id.clone(),
                healthy: self.task_counts_healthy(t),
            })
            .collect();
        let bounds = deployment::bounds(
            service.desired_count,
            service.minimum_healthy_percent,
            service.maximum_percent,
        );
        // Newest first: the ones furthest from serving.
        primary_unhealthy.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id.clone())));
        let primary_unhealthy: Vec<String> =
            primary_unhealthy.iter().map(|t| t.id.clone()).collect();
        let step = deployment::plan(
            desired,
            bounds,
            primary_count,
            healthy_primary,
            &old,
            &primary_unhealthy,
        );
        let stopped = self.stop_service_tasks(key, service, &step.stop);
        let started = step.start > 0 && self.start_service_tasks(key, service, active, step.start);
        let settled = active.iter().all(|t| self.task_counts_healthy(t));
        if !stopped && !started && primary_count < desired && settled {
            let message = format!("(service {}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", service.name);
            let id = uuid(self);
            if let Some(s) = self.ecs.services.get_mut(key) {
                if s.events.first().is_none_or(|e| e.message != message) {
                    s.push_event(id, now, EventSeverity::Problem, message);
                    return true;
                }
            }
        }
        stopped || started
    }

    /// Whether the PRIMARY deployment has just failed, and how: too many
    /// tasks failed in a row (circuit breaker), or one of its CloudWatch
    /// alarms went into ALARM while it was in progress.
    fn deployment_failure(&self, service: &Service) -> Option<DeploymentFailure> {
        if service.rollout_failed || service.rollout_completed {
            return None;
        }
        let breaker = service.circuit_breaker.is_some_and(|(enable, _)| enable)
            && service.failed_tasks >= deployment::circuit_breaker_threshold(service.desired_count);
        if breaker {
            return Some(DeploymentFailure::CircuitBreaker);
        }
        let alarms = service.deployment_alarms.as_ref().filter(|a| a.enable)?;
        let firing: Vec<String> = alarms
            .alarm_names
            .iter()
            .filter(|name| {
                self.alarms
                    .alarms
                    .get(*name)
                    .is_some_and(|a| a.state == crate::alarms::AlarmState::Alarm)
            })
            .cloned()
            .collect();
        (!firing.is_empty()).then_some(DeploymentFailure::Alarms(firing))
    }

    /// The circuit breaker fails the PRIMARY deployment; with rollback on, a new
    /// deployment of the last completed task definition replaces it.
    fn fail_deployment(&mut self, key: &str, service: &Service, cause: DeploymentFailure) {
        let now = self.now;
        let prefix = format!("(service {})", service.name);
        let failed_event = uuid(self);
        let rollback_to = service
            .older_deployments
            .iter()
            .find(|d| d.rollout_state == RolloutState::Completed)
            .cloned()
            .filter(|_| match &cause {
                DeploymentFailure::CircuitBreaker => service
                    .circuit_breaker
                    .is_some_and(|(_, rollback)| rollback),
                DeploymentFailure::Alarms(_) => service
                    .deployment_alarms
                    .as_ref()
                    .is_some_and(|a| a.rollback),
            });
        let new_id = rollback_to.as_ref().map(|_| self.new_deployment_id());
        let rollback_event = uuid(self);
        let Some(s) = self.ecs.services.get_mut(key) else {
            return;
        };
        s.rollout_failed = true;
        s.deployment_updated_at = now;
        let (why, reason) = match &cause {
            DeploymentFailure::CircuitBreaker => (
                "tasks failed to start.".to_string(),
                "ECS deployment circuit breaker: tasks failed to start.".to_string(),
            ),
            // Model wording: AWS documents the behaviour, not these messages.
            DeploymentFailure::Alarms(names) => (
                format!("alarm detected: {}.", names.join(", ")),
                format!(
                    "ECS deployment failed: alarm(s) detected: {}.",
                    names.join(", ")
                ),
            ),
        };
        s.rollout_failed_reason = Some(reason);
        s.push_event(
            failed_event,
            now,
            EventSeverity::Problem,
            format!(
                "{prefix} ({}) deployment failed: {why}",
                s.deployment_id.replace("ecs-svc/", "deployment ecs-svc/")
            ),
        );
        if let (Some(target), Some(new_id)) = (rollback_to, new_id) {
            s.begin_deployment(new_id, target.task_definition_arn.clone(), now);
            s.push_event(
                rollback_event,
                now,
                EventSeverity::Problem,
                format!("{prefix} rolling back to deployment {}.", target.id),
            );
        }
    }

    /// `ecs-svc/` and 19 digits, like AWS's deployment ids.
    pub(crate) fn new_deployment_id(&mut self) -> String {
        format!(
            "ecs-svc/{}",
            (0..19)
                .map(|_| char::from(b'0' + self.rng_mut().id_below(10) as u8))
                .collect::<String>()
        )
    }

    /// Whether the scheduler has nothing to do for this service at this instant:
    /// the common case, checked without copying anything.
    fn service_is_settled(&self, service: &Service) -> bool {
        if service.status != ServiceStatus::Active
            || !service.rollout_completed
            || service.steady_state_pending
        {
            return false;
        }
        let steady_due = service
            .last_steady_event_at
            .is_none_or(|at| self.now.since(at).as_seconds() >= STEADY_STATE_REPEAT_SECONDS);
        if steady_due {
            return false;
        }
        let mut active = 0;
        for task in self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name))
        {
            if task.is_active() {
                if task.last_status != TaskStatus::Running {
                    return false;
                }
                active += 1;
            } else if !task.is_stopped() {
                return false;
            }
        }
        let unhealthy = service.load_balancers.iter().any(|lb| {
            self.elb.target_group(&lb.target_group_arn).is_ok_and(|g| {
                g.targets
                    .iter()
                    .any(|t| t.state == crate::elb::TargetState::Unhealthy)
            })
        });
        active == service.desired_count as usize && !unhealthy
    }

    /// Starts `count` tasks of the service's PRIMARY deployment (unless the
    /// start-failure throttle holds them back) and posts "has started".
    fn start_service_tasks(
        &mut self,
        key: &str,
        service: &Service,
        active: &[Task],
        count: usize,
    ) -> bool {
        let now = self.now;
        let prefix = format!("(service {})", service.name);
        if now < service.next_launch_at {
            return false;
        }
        let Some(td) = self
            .ecs
            .task_definitions
            .get(&service.task_definition_arn)
            .cloned()
        else {
            return false;
        };
        let mut started = Vec::new();
        let mut unplaced = None;
        // Where the service's tasks run now, so new ones restore the strategy's split.
        let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
        for task in active {
            if let Some(p) = &task.capacity_provider_name {
                *per_provider.entry(p.clone()).or_default() += 1;
            }
        }
        for _ in 0..count {
            let provider =
                capacity_provider::choose(&service.capacity_provider_strategy, &per_provider)
                    .map(String::from);
            // With an Auto Scaling group capacity provider a task waits for room.
            let waits = provider.as_deref().is_some_and(|p| {
                self.ecs
                    .asg_capacity_providers
                    .get(p)
                    .is_some_and(|c| c.managed_scaling)
            });
            let placement = match service.launch_type {
                LaunchType::Fargate => None,
                LaunchType::Ec2 => {
                    match self.place_on_instance(
                        &service.cluster,
                        &td,
                        &service.group(),
                        &service.placement_constraints,
                        &service.placement_strategy,
                        provider.as_deref(),
                    ) {
                        Ok(p) => Some(p),
                        Err(_) if waits => None,
                        Err(reason) => {
                            unplaced = Some(reason);
                            break;
                        }
                    }
                }
            };
            let waiting = service.launch_type == LaunchType::Ec2 && placement.is_none();
            if let Some(p) = &provider {
                *per_provider.entry(p.clone()).or_default() += 1;
            }
            let extras = TaskExtras {
                enable_execute_command: service.enable_execute_command,
                service_connect_namespace: service
                    .service_connect
                    .as_ref()
                    .filter(|c| c.enabled)
                    .and_then(|c| c.namespace.clone()),
                awaiting_capacity: provider.clone().filter(|_| waiting),
            };
            let id = self.create_task(
                &service.cluster,
                &td,
                &service.group(),
                Some(&service.name),
                Some(service.deployment_id.clone()),
                service.launch_type,
                service.network.as_ref(),
                placement,
                provider.as_deref(),
                extras,
            );
            started.push(id);
        }
        let throttled_now = service.consecutive_start_failures == 3;
        let event_ids: Vec<String> = (0..3).map(|_| uuid(self)).collect();
        if let Some(s) = self.ecs.services.get_mut(key) {
            if !started.is_empty() {
                let list: Vec<String> = started.iter().map(|id| format!("(task {id})")).collect();
                s.push_event(
                    event_ids[0].clone(),
                    now,
                    EventSeverity::Info,
                    format!(
                        "{prefix} has started {} tasks: {}.",
                        started.len(),
                        list.join(" ")
                    ),
                );
                s.steady_state_pending = true;
            }
            s.last_unplaceable = unplaced.clone();
            if let Some(unplaceable) = unplaced {
                let message = format!(
                    "{prefix} was unable to place a task because {unplaceable} {}",
                    placement::TROUBLESHOOTING
                );
                // Repeated placement failures are reported once per stretch, as the console shows them.
                if s.events.first().is_none_or(|e| e.message != message) {
                    s.push_event(event_ids[1].clone(), now, EventSeverity::Problem, message);
                }
                s.next_launch_at = now.plus(Duration(60));
            }
            if throttled_now && !started.is_empty() {
                s.push_event(event_ids[2].clone(), now, EventSeverity::Problem, format!("{prefix} is unable to consistently start tasks successfully. For more information, see the Troubleshooting section."));
            }
        }
        !started.is_empty()
    }

    /// Stops tasks for the service's PRIMARY deployment (scale-in, or old
    /// tasks a rolling update replaces) and posts "has stopped".
    pub(crate) fn stop_service_tasks(
        &mut self,
        key: &str,
        service: &Service,
        stop: &[String],
    ) -> bool {
        if stop.is_empty() {
            return false;
        }
        let now = self.now;
        let reason = format!(
            "Scaling activity initiated by (deployment {})",
            service.deployment_id
        );
        for id in stop {
            if let Some(task) = self.ecs.tasks.get_mut(id) {
                task.request_stop(now, "ServiceSchedulerInitiated", &reason);
            }
        }
        let event_id = uuid(self);
        if let Some(s) = self.ecs.services.get_mut(key) {
            let list: Vec<String> = stop.iter().map(|id| format!("(task {id})")).collect();
            s.push_event(
                event_id,
                now,
                EventSeverity::Info,
                format!(
                    "(service {}) has stopped {} running tasks: {}.",
                    service.name,
                    stop.len(),
                    list.join(" ")
                ),
            );
            s.steady_state_pending = true;
        }
        true
    }

    /// Stops tasks beyond the desired count: those not yet running first, then
    /// keeping the zones balanced, newest first.
    fn scale_in(&mut self, key: &str, service: &Service, active: &[Task], desired: usize) -> bool {
        let mut candidates = active.to_vec();
        let zone_count = |zone: &str| {
            active
                .iter()
                .filter(|t| t.availability_zone == zone)
                .count()
        };
        candidates.sort_by_key(|t| {
            (
                t.last_status == TaskStatus::Running,
                std::cmp::Reverse(zone_count(&t.availability_zone)),
                std::cmp::Reverse(t.created_at),
                t.id.clone(),
            )
        });
        let stop: Vec<String> = candidates
            .iter()
            .take(active.len().saturating_sub(desired))
            .map(|t| t.id.clone())
            .collect();
        self.stop_service_tasks(key, service, &stop)
    }

    fn schedule_service(&mut self, key: &str) -> bool {
        if self
            .ecs
            .services
            .get(key)
            .is_none_or(|s| self.service_is_settled(s))
        {
            return false;
        }
        let Some(service) = self.ecs.services.get(key).cloned() else {
            return false;
        };
        if let Some(cause) = self.deployment_failure(&service) {
            self.fail_deployment(key, &service, cause);
            return true;
        }
        let now = self.now;
        let (green, active): (Vec<Task>, Vec<Task>) = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name) && t.is_active())
            .cloned()
            .partition(|t| {
                service
                    .replacement
                    .as_ref()
                    .is_some_and(|set| t.started_by.as_deref() == Some(&set.id))
            });
        let desired = service.desired_count as usize;
        let prefix = format!("(service {})", service.name);
        if service.status == ServiceStatus::Draining && active.is_empty() {
            let still_stopping = self
                .ecs
                .tasks
                .values()
                .any(|t| t.of_service(&service.cluster, &service.name) && !t.is_stopped());
            if !still_stopping {
                if let Some(s) = self.ecs.services.get_mut(key) {
                    s.status = ServiceStatus::Inactive;
                }
                return true;
            }
        }
        // Tasks whose targets fail the load balancer's health checks are replaced.
        let grace = u64::from(service.health_check_grace_period_seconds.unwrap_or(0));
        let failing = self.tasks_failing_elb_checks(&service.cluster, &service.name, grace, now);
        if !failing.is_empty() {
            for (task_id, group_arn, port) in &failing {
                let reason = format!("Task failed ELB health checks in (target-group {group_arn})");
                let mut failed = None;
                if let Some(task) = self.ecs.tasks.get_mut(task_id) {
                    task.request_stop(now, "ServiceSchedulerInitiated", &reason);
                    failed = Some(task.clone());
                }
                let id = uuid(self);
                if let Some(s) = self.ecs.services.get_mut(key) {
                    if let Some(task) = &failed {
                        s.count_failed_task(task);
                    }
                    s.push_event(id, now, EventSeverity::Problem, format!("{prefix} (task {task_id}) (port {port}) is unhealthy in (target-group {group_arn}) due to (reason Request timed out)."));
                }
            }
            let id = uuid(self);
            if let Some(s) = self.ecs.services.get_mut(key) {
                let list: Vec<String> = failing
                    .iter()
                    .map(|(t, _, _)| format!("(task {t})"))
                    .collect();
                s.push_event(
                    id,
                    now,
                    EventSeverity::Info,
                    format!(
                        "{prefix} has stopped {} running tasks: {}.",
                        failing.len(),
                        list.join(" ")
                    ),
                );
                s.steady_state_pending = true;
            }
            return true;
        }
        if service.rollout_failed {
            // A failed deployment launches nothing more, but a lower desired count
            // (scaling a broken service to 0) still stops tasks.
            return self.prune_finished_deployments(key, &service)
                || (active.len() > desired && self.scale_in(key, &service, &active, desired));
        }
        if let Some(set) = &service.replacement {
            // The replacement task set is kept at the desired count too (scale 100 %).
            let view = Service {
                task_definition_arn: set.task_definition_arn.clone(),
                deployment_id: set.id.clone(),
                network: set.network.clone().or_else(|| service.network.clone()),
                load_balancers: set.load_balancers.clone(),
                ..service.clone()
            };
            if green.len() < desired
                && self.start_service_tasks(key, &view, &green, desired - green.len())
            {
                return true;
            }
            if green.len() > desired {
                let stop: Vec<String> = green
                    .iter()
                    .rev()
                    .take(green.len() - desired)
                    .map(|t| t.id.clone())
                    .collect();
                return self.stop_service_tasks(key, &view, &stop);
            }
        }
        if !service.older_deployments.is_empty() {
            return self.roll_service(key, &service, &active);
        }
        if active.len() < desired {
            return self.start_service_tasks(key, &service, &active, desired - active.len());
        }
        if service.last_unplaceable.is_some() {
            // Nothing left to place: an old placement failure no longer explains anything.
            if let Some(s) = self.ecs.services.get_mut(key) {
                s.last_unplaceable = None;
            }
        }
        if active.len() > desired {
            return self.scale_in(key, &service, &active, desired);
        }
        // Exactly the desired count: steady once every task runs and nothing else is stopping.
        let all_running = active.iter().all(|t| t.last_status == TaskStatus::Running);
        let leftovers = self.ecs.tasks.values().any(|t| {
            t.of_service(&service.cluster, &service.name) && !t.is_active() && !t.is_stopped()
        });
        let due = service
            .last_steady_event_at
            .is_none_or(|at| now.since(at).as_seconds() >= STEADY_STATE_REPEAT_SECONDS)
            || !service.rollout_completed
            || service.steady_state_pending;
        let targets_healthy = self.service_targets_healthy(&service.cluster, &service.name);
        if all_running
            && targets_healthy
            && !leftovers
            && due
            && service.status == ServiceStatus::Active
        {
            let ids = [uuid(self), uuid(self)];
            if let Some(s) = self.ecs.services.get_mut(key) {
                if !s.rollout_completed {
                    s.rollout_completed = true;
                    s.deployment_updated_at = now;
                    s.push_event(
                        ids[0].clone(),
                        now,
                        EventSeverity::Info,
                        format!(
                            "{prefix} ({}) deployment completed.",
                            s.deployment_id.replace("ecs-svc/", "deployment ecs-svc/")
                        ),
                    );
                }
                s.push_event(
                    ids[1].clone(),
                    now,
                    EventSeverity::Info,
                    format!("{prefix} has reached a steady state."),
                );
                s.last_steady_event_at = Some(now);
                s.steady_state_pending = false;
            }
            return true;
        }
        false
    }
}

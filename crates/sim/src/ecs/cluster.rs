//! ECS clusters, their capacity providers, and EC2 container instances.
//!
//! `sim add-instance` stands in for the Auto Scaling group and launch template
//! work: it starts an EC2 instance in a subnet with the ECS agent registered to
//! a cluster. Registered CPU is vCPUs × 1024; registered memory is what the
//! agent reports, a little below the instance's physical memory (model).

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    pub name: String,
    pub active: bool,
    pub capacity_providers: Vec<String>,
    pub default_strategy: Vec<CapacityProviderStrategyItem>,
    pub container_insights: bool,
    /// Container Insights with enhanced observability (`enhanced`): the same
    /// metrics here, but AWS reports the setting as `enhanced`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub container_insights_enhanced: bool,
    pub created_at: SimTime,
    #[serde(default)]
    pub tags: Vec<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderStrategyItem {
    pub capacity_provider: String,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub base: i64,
}

/// An EC2 instance running the ECS agent, registered to a cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    pub arn: String,
    pub ec2_instance_id: String,
    pub cluster: String,
    pub instance_type: String,
    pub availability_zone: String,
    pub subnet_id: String,
    pub security_group_ids: Vec<String>,
    pub public_ip: bool,
    /// The instance's primary network interface (it takes an address from the subnet).
    pub network_interface_id: String,
    pub registered_cpu: u32,
    pub registered_memory: u32,
    pub attributes: BTreeMap<String, String>,
    pub draining: bool,
    pub agent_connected: bool,
    pub registered_at: SimTime,
    /// Image references this instance has already pulled (EC2 caches images; Fargate does not).
    #[serde(default)]
    pub cached_images: Vec<String>,
}

pub use crate::ec2::instance_type::{instance_type, INSTANCE_TYPES};

impl Cluster {
    /// `containerInsights` as AWS reports it: `enhanced`, `enabled` or `disabled`.
    pub fn container_insights_setting(&self) -> &'static str {
        match (self.container_insights, self.container_insights_enhanced) {
            (true, true) => "enhanced",
            (true, false) => "enabled",
            (false, _) => "disabled",
        }
    }

    pub fn arn(&self, region: &str, account_id: &str) -> String {
        format!("arn:aws:ecs:{region}:{account_id}:cluster/{}", self.name)
    }
}

/// The counts a cluster description shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClusterCounts {
    pub instances: usize,
    pub running_tasks: usize,
    pub pending_tasks: usize,
    pub active_services: usize,
}

impl Cluster {
    pub fn shape(&self, region: &str, account_id: &str, counts: ClusterCounts) -> Value {
        json!({
            "clusterArn": self.arn(region, account_id),
            "clusterName": self.name,
            "status": if self.active { "ACTIVE" } else { "INACTIVE" },
            "registeredContainerInstancesCount": counts.instances,
            "runningTasksCount": counts.running_tasks,
            "pendingTasksCount": counts.pending_tasks,
            "activeServicesCount": counts.active_services,
            "statistics": [],
            "tags": self.tags,
            "settings": [{ "name": "containerInsights", "value": self.container_insights_setting() }],
            "capacityProviders": self.capacity_providers,
            "defaultCapacityProviderStrategy": self.default_strategy,
        })
    }
}

impl ContainerInstance {
    pub fn shape(
        &self,
        remaining_cpu: u32,
        remaining_memory: u32,
        running: usize,
        pending: usize,
        used_ports: &[u16],
    ) -> Value {
        let ports: Vec<String> = used_ports.iter().map(u16::to_string).collect();
        let resources = |cpu: u32, memory: u32, ports: &[String]| {
            json!([
                { "name": "CPU", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": cpu },
                { "name": "MEMORY", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": memory },
                { "name": "PORTS", "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": ports },
            ])
        };
        let mut attributes: Vec<Value> = vec![
            json!({ "name": "ecs.availability-zone", "value": self.availability_zone }),
            json!({ "name": "ecs.instance-type", "value": self.instance_type }),
            json!({ "name": "ecs.os-type", "value": "linux" }),
            json!({ "name": "ecs.cpu-architecture", "value": "x86_64" }),
        ];
        attributes.extend(
            self.attributes
                .iter()
                .map(|(k, v)| json!({ "name": k, "value": v })),
        );
        json!({
            "containerInstanceArn": self.arn,
            "ec2InstanceId": self.ec2_instance_id,
            "version": 1,
            "versionInfo": { "agentVersion": "1.89.0", "agentHash": "e2bd4a2c", "dockerVersion": "DockerVersion: 25.0.8" },
            "remainingResources": resources(remaining_cpu, remaining_memory, &ports),
            "registeredResources": resources(self.registered_cpu, self.registered_memory, &["22", "2375", "2376", "51678", "51679"].map(String::from)),
            "status": if self.draining { "DRAINING" } else { "ACTIVE" },
            "agentConnected": self.agent_connected,
            "runningTasksCount": running,
            "pendingTasksCount": pending,
            "attributes": attributes,
            "registeredAt": self.registered_at.to_iso8601(),
        })
    }
}

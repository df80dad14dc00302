//! CodeDeploy applications and ECS deployment groups: what a blue/green
//! deployment is bound to — one ECS service (with the CODE_DEPLOY
//! controller), a pair of target groups, the production listener and an
//! optional test listener, the wait and termination settings, rollback.

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub application_id: String,
    pub application_name: String,
    pub compute_platform: String,
    pub created_at: SimTime,
}

/// A deployment group as CreateDeploymentGroup takes it (camelCase, as CodeDeploy's JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentGroupInput {
    #[serde(default)]
    pub application_name: String,
    #[serde(default)]
    pub deployment_group_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_config_name: Option<String>,
    #[serde(default)]
    pub service_role_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarm_configuration: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_rollback_configuration: Option<AutoRollbackConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_style: Option<DeploymentStyle>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blue_green_deployment_configuration: Option<BlueGreenConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load_balancer_info: Option<LoadBalancerInfo>,
    #[serde(default)]
    pub ecs_services: Vec<EcsService>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoRollbackConfiguration {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStyle {
    #[serde(default)]
    pub deployment_type: Option<String>,
    #[serde(default)]
    pub deployment_option: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlueGreenConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminate_blue_instances_on_deployment_success: Option<TerminationOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_ready_option: Option<ReadyOption>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminationOption {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_wait_time_in_minutes: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadyOption {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_on_timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_time_in_minutes: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerInfo {
    #[serde(default)]
    pub target_group_pair_info_list: Vec<TargetGroupPairInfo>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupPairInfo {
    #[serde(default)]
    pub target_groups: Vec<TargetGroupName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prod_traffic_route: Option<TrafficRoute>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_traffic_route: Option<TrafficRoute>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupName {
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficRoute {
    #[serde(default)]
    pub listener_arns: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EcsService {
    pub service_name: String,
    pub cluster_name: String,
}

/// A deployment group, with the settings CodeDeploy fills in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentGroup {
    pub id: String,
    pub definition: DeploymentGroupInput,
    pub created_at: SimTime,
}

impl DeploymentGroup {
    /// Minutes the original (blue) task set is kept after a successful deployment.
    pub fn termination_wait_minutes(&self) -> i64 {
        self.definition
            .blue_green_deployment_configuration
            .as_ref()
            .and_then(|b| b.terminate_blue_instances_on_deployment_success.as_ref())
            .and_then(|t| t.termination_wait_time_in_minutes)
            .unwrap_or(0)
    }
}

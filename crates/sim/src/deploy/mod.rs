//! AWS CodeDeploy for ECS blue/green: deployment configurations (list / get /
//! create / delete, with the exact traffic schedules), applications and ECS
//! deployment groups with CodeDeploy's validation (here), and the
//! deployments that shift traffic between task sets (`blue_green`).

pub mod application;
pub mod appspec;
pub mod blue_green;
pub mod deployment;
pub mod deployment_config;

use application::{Application, DeploymentGroup, DeploymentGroupInput};

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use deployment_config::{predefined, DeploymentConfig, TrafficRoutingConfig};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

const MAX_CUSTOM_CONFIGS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DeployError {
    #[error("Deployment config name was not specified")]
    NameRequired,
    #[error("{0}")]
    InvalidName(String),
    #[error("Deployment Configuration already exists with name: {0}")]
    AlreadyExists(String),
    #[error("Could not find deployment config with name: {0}")]
    DoesNotExist(String),
    #[error("{0}")]
    InvalidComputePlatform(String),
    #[error("{0}")]
    InvalidTrafficRouting(String),
    #[error(
        "The maximum number of deployment configurations ({MAX_CUSTOM_CONFIGS}) has been reached."
    )]
    LimitExceeded,
    #[error("{0}")]
    InvalidOperation(String),
    #[error("{1}")]
    Group(&'static str, String),
}

impl AwsErrorCode for DeployError {
    fn code(&self) -> &'static str {
        match self {
            DeployError::NameRequired => "DeploymentConfigNameRequiredException",
            DeployError::InvalidName(_) => "InvalidDeploymentConfigNameException",
            DeployError::AlreadyExists(_) => "DeploymentConfigAlreadyExistsException",
            DeployError::DoesNotExist(_) => "DeploymentConfigDoesNotExistException",
            DeployError::InvalidComputePlatform(_) => "InvalidComputePlatformException",
            DeployError::InvalidTrafficRouting(_) => "InvalidTrafficRoutingConfigurationException",
            DeployError::LimitExceeded => "DeploymentConfigLimitExceededException",
            DeployError::InvalidOperation(_) => "InvalidOperationException",
            DeployError::Group(code, _) => code,
        }
    }
}

/// CodeDeploy's state in the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeDeploy {
    /// The learner's own deployment configurations, by name.
    pub configs: BTreeMap<String, DeploymentConfig>,
    #[serde(default)]
    pub applications: BTreeMap<String, Application>,
    /// By `application/group`.
    #[serde(default)]
    pub deployment_groups: BTreeMap<String, DeploymentGroup>,
    /// Blue/green deployments by id, rollbacks included.
    #[serde(default)]
    pub deployments: BTreeMap<String, deployment::Deployment>,
    /// Simulated hook functions that answer by themselves: name → `Succeeded`/`Failed`.
    #[serde(default)]
    pub lambda_functions: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationInput {
    pub application_name: Option<String>,
    pub compute_platform: Option<String>,
    pub deployment_group_name: Option<String>,
    pub next_token: Option<String>,
}

pub(crate) fn group_error(code: &'static str, message: impl Into<String>) -> DeployError {
    DeployError::Group(code, message.into())
}

pub(crate) fn group_key(application: &str, group: &str) -> String {
    format!("{application}/{group}")
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfigInput {
    pub deployment_config_name: Option<String>,
    pub compute_platform: Option<String>,
    pub traffic_routing_config: Option<TrafficRoutingConfig>,
    pub minimum_healthy_hosts: Option<Value>,
    pub next_token: Option<String>,
}

fn name_of(input: &DeploymentConfigInput) -> Result<String, DeployError> {
    input
        .deployment_config_name
        .clone()
        .filter(|n| !n.is_empty())
        .ok_or(DeployError::NameRequired)
}

impl CodeDeploy {
    /// A configuration by name, predefined or custom.
    pub fn config(&self, name: &str) -> Option<DeploymentConfig> {
        self.configs
            .get(name)
            .cloned()
            .or_else(|| predefined().into_iter().find(|c| c.name == name))
    }

    pub fn list_deployment_configs(&self) -> Value {
        let names: Vec<String> = predefined()
            .into_iter()
            .map(|c| c.name)
            .chain(self.configs.keys().cloned())
            .collect();
        json!({ "deploymentConfigsList": names })
    }

    pub fn get_deployment_config(
        &self,
        input: DeploymentConfigInput,
    ) -> Result<Value, DeployError> {
        let name = name_of(&input)?;
        let config = self.config(&name).ok_or(DeployError::DoesNotExist(name))?;
        Ok(json!({ "deploymentConfigInfo": config.shape() }))
    }

    pub fn create_deployment_config(
        &mut self,
        input: DeploymentConfigInput,
        id: String,
        now: SimTime,
    ) -> Result<Value, DeployError> {
        let name = name_of(&input)?;
        if name.starts_with("CodeDeployDefault.") || name.len() > 100 {
            return Err(DeployError::InvalidName(format!("The deployment configuration name {name} is not valid: names starting with CodeDeployDefault. are reserved, and names are at most 100 characters.")));
        }
        if self.config(&name).is_some() {
            return Err(DeployError::AlreadyExists(name));
        }
        if self.configs.len() >= MAX_CUSTOM_CONFIGS {
            return Err(DeployError::LimitExceeded);
        }
        let platform = input
            .compute_platform
            .clone()
            .unwrap_or_else(|| "Server".into());
        if platform != "ECS" {
            return Err(DeployError::InvalidComputePlatform(format!(
                "ECS Playground simulates the ECS compute platform only, not {platform}."
            )));
        }
        if input.minimum_healthy_hosts.is_some() {
            return Err(DeployError::InvalidOperation(
                "minimumHealthyHosts applies to the Server compute platform, not ECS.".into(),
            ));
        }
        let routing = input.traffic_routing_config.clone().ok_or_else(|| {
            DeployError::InvalidTrafficRouting(
                "An ECS deployment configuration needs a trafficRoutingConfig.".into(),
            )
        })?;
        routing
            .routing()
            .map_err(DeployError::InvalidTrafficRouting)?;
        self.configs.insert(
            name.clone(),
            DeploymentConfig {
                name,
                id: id.clone(),
                compute_platform: platform,
                traffic_routing: Some(routing),
                minimum_healthy_hosts: None,
                created_at: now,
            },
        );
        Ok(json!({ "deploymentConfigId": id }))
    }

    pub fn delete_deployment_config(
        &mut self,
        input: DeploymentConfigInput,
    ) -> Result<Value, DeployError> {
        let name = name_of(&input)?;
        if name.starts_with("CodeDeployDefault.") {
            return Err(DeployError::InvalidOperation(format!(
                "The predefined deployment configuration {name} cannot be deleted."
            )));
        }
        // Deleting an unknown name succeeds silently, as CodeDeploy does.
        self.configs.remove(&name);
        Ok(json!({}))
    }
}

impl crate::world::World {
    pub(crate) fn application_named(
        &self,
        input: &ApplicationInput,
    ) -> Result<Application, DeployError> {
        let name = input
            .application_name
            .clone()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                group_error(
                    "ApplicationNameRequiredException",
                    "The minimum number of required application names was not specified.",
                )
            })?;
        self.deploy.applications.get(&name).cloned().ok_or_else(|| {
            group_error(
                "ApplicationDoesNotExistException",
                format!("No application found for name: {name}"),
            )
        })
    }

    pub(crate) fn create_application(
        &mut self,
        input: ApplicationInput,
    ) -> Result<Value, DeployError> {
        let name = input.application_name.clone().unwrap_or_default();
        if name.is_empty() || name.len() > 100 {
            return Err(group_error(
                "InvalidApplicationNameException",
                "The application name must be 1 to 100 characters long.",
            ));
        }
        if self.deploy.applications.contains_key(&name) {
            return Err(group_error(
                "ApplicationAlreadyExistsException",
                format!("The application {name} already exists for this account."),
            ));
        }
        let platform = input
            .compute_platform
            .clone()
            .unwrap_or_else(|| "Server".into());
        if platform != "ECS" {
            return Err(DeployError::InvalidComputePlatform(format!(
                "ECS Playground simulates the ECS compute platform only, not {platform}."
            )));
        }
        let id = self.rng_uuid();
        self.deploy.applications.insert(
            name.clone(),
            Application {
                application_id: id.clone(),
                application_name: name,
                compute_platform: platform,
                created_at: self.now,
            },
        );
        Ok(json!({ "applicationId": id }))
    }

    pub(crate) fn get_application(&self, input: ApplicationInput) -> Result<Value, DeployError> {
        let app = self.application_named(&input)?;
        Ok(json!({ "application": {
            "applicationId": app.application_id,
            "applicationName": app.application_name,
            "createTime": app.created_at.to_iso8601(),
            "linkedToGitHub": false,
            "computePlatform": app.compute_platform,
        }}))
    }

    pub(crate) fn list_applications(&self) -> Value {
        json!({ "applications": self.deploy.applications.keys().collect::<Vec<_>>() })
    }

    pub(crate) fn delete_application(
        &mut self,
        input: ApplicationInput,
    ) -> Result<Value, DeployError> {
        // Deleting an unknown application succeeds, as CodeDeploy does; its groups go with it.
        let name = input.application_name.clone().unwrap_or_default();
        self.deploy.applications.remove(&name);
        let prefix = format!("{name}/");
        self.deploy
            .deployment_groups
            .retain(|k, _| !k.starts_with(&prefix));
        Ok(json!({}))
    }

    pub(crate) fn create_deployment_group(
        &mut self,
        input: DeploymentGroupInput,
    ) -> Result<Value, DeployError> {
        let app = self.application_named(&ApplicationInput {
            application_name: Some(input.application_name.clone()),
            ..ApplicationInput::default()
        })?;
        let name = input.deployment_group_name.clone();
        if name.is_empty() || name.len() > 100 {
            return Err(group_error(
                "InvalidDeploymentGroupNameException",
                "The deployment group name must be 1 to 100 characters long.",
            ));
        }
        let key = group_key(&app.application_name, &name);
        if self.deploy.deployment_groups.contains_key(&key) {
            return Err(group_error(
                "DeploymentGroupAlreadyExistsException",
                format!(
                    "A deployment group named {name} already exists for application {}.",
                    app.application_name
                ),
            ));
        }
        self.check_deployment_group(&input)?;
        let mut definition = input;
        definition
            .deployment_config_name
            .get_or_insert_with(|| "CodeDeployDefault.ECSAllAtOnce".into());
        let id = self.rng_uuid();
        self.deploy.deployment_groups.insert(
            key,
            DeploymentGroup {
                id: id.clone(),
                definition,
                created_at: self.now,
            },
        );
        Ok(json!({ "deploymentGroupId": id }))
    }

    /// CodeDeploy's checks of an ECS blue/green deployment group.
    fn check_deployment_group(&self, input: &DeploymentGroupInput) -> Result<(), DeployError> {
        let role = input
            .service_role_arn
            .rsplit('/')
            .next()
            .unwrap_or_default();
        if input.service_role_arn.is_empty() {
            return Err(group_error(
                "RoleRequiredException",
                "The service role ARN was not specified.",
            ));
        }
        if !input.service_role_arn.starts_with("arn:aws:iam::")
            || !self.iam.roles.contains_key(role)
        {
            return Err(group_error(
                "InvalidRoleException",
                format!(
                    "The service role {} does not exist or cannot be assumed by CodeDeploy.",
                    input.service_role_arn
                ),
            ));
        }
        let config_name = input
            .deployment_config_name
            .as_deref()
            .unwrap_or("CodeDeployDefault.ECSAllAtOnce");
        match self.deploy.config(config_name) {
            Some(c) if c.compute_platform == "ECS" => {}
            Some(_) => {
                return Err(DeployError::InvalidName(format!(
                "The deployment configuration {config_name} is not for the ECS compute platform."
            )))
            }
            None => return Err(DeployError::DoesNotExist(config_name.into())),
        }
        let style = input.deployment_style.clone().unwrap_or_default();
        if style.deployment_type.as_deref() != Some("BLUE_GREEN")
            || style.deployment_option.as_deref() != Some("WITH_TRAFFIC_CONTROL")
        {
            return Err(group_error("InvalidDeploymentStyleException", "An ECS deployment group needs deploymentStyle deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL."));
        }
        let [service] = input.ecs_services.as_slice() else {
            return Err(group_error(
                "InvalidECSServiceException",
                "An ECS deployment group needs exactly one ECS service (ecsServices).",
            ));
        };
        let ecs_service = self
            .ecs
            .services
            .get(&format!(
                "{}/{}",
                service.cluster_name, service.service_name
            ))
            .filter(|s| s.status == crate::ecs::service::ServiceStatus::Active)
            .ok_or_else(|| {
                group_error(
                    "InvalidECSServiceException",
                    format!(
                        "The ECS service {} in cluster {} does not exist.",
                        service.service_name, service.cluster_name
                    ),
                )
            })?;
        if ecs_service.deployment_controller != "CODE_DEPLOY" {
            return Err(group_error(
                "InvalidECSServiceException",
                format!(
                    "The ECS service {} must use the CODE_DEPLOY deployment controller.",
                    service.service_name
                ),
            ));
        }
        if self
            .deploy
            .deployment_groups
            .values()
            .any(|g| g.definition.ecs_services.contains(service))
        {
            return Err(group_error(
                "ECSServiceMappingLimitExceededException",
                format!(
                    "The ECS service {} is already associated with another deployment group.",
                    service.service_name
                ),
            ));
        }
        let pairs = input
            .load_balancer_info
            .as_ref()
            .map(|l| l.target_group_pair_info_list.as_slice())
            .unwrap_or_default();
        let [pair] = pairs else {
            return Err(group_error("InvalidTargetGroupPairException", "An ECS deployment group needs exactly one target group pair (loadBalancerInfo.targetGroupPairInfoList)."));
        };
        let groups: Vec<&crate::elb::TargetGroup> = pair
            .target_groups
            .iter()
            .filter_map(|t| self.elb.target_groups.values().find(|g| g.name == t.name))
            .collect();
        if pair.target_groups.len() != 2 || groups.len() != 2 || groups[0].arn == groups[1].arn {
            return Err(group_error(
                "InvalidTargetGroupPairException",
                "The target group pair needs two different existing target groups.",
            ));
        }
        if !groups.iter().any(|g| {
            ecs_service
                .load_balancers
                .iter()
                .any(|lb| lb.target_group_arn == g.arn)
        }) {
            return Err(group_error(
                "InvalidTargetGroupPairException",
                "One of the two target groups must be the one the ECS service uses.",
            ));
        }
        let production = pair
            .prod_traffic_route
            .as_ref()
            .map(|r| r.listener_arns.as_slice())
            .unwrap_or_default();
        if production.len() != 1 || !self.elb.listeners.contains_key(&production[0]) {
            return Err(group_error(
                "InvalidTargetGroupPairException",
                "prodTrafficRoute needs exactly one existing listener.",
            ));
        }
        if let Some(test) = &pair.test_traffic_route {
            if test.listener_arns.len() > 1
                || test
                    .listener_arns
                    .iter()
                    .any(|l| !self.elb.listeners.contains_key(l))
            {
                return Err(group_error(
                    "InvalidTargetGroupPairException",
                    "testTrafficRoute takes at most one existing listener.",
                ));
            }
        }
        if let Some(blue_green) = &input.blue_green_deployment_configuration {
            let invalid = |m: &str| {
                Err(group_error(
                    "InvalidBlueGreenDeploymentConfigurationException",
                    m,
                ))
            };
            if let Some(t) = &blue_green.terminate_blue_instances_on_deployment_success {
                if t.action
                    .as_deref()
                    .is_some_and(|a| a != "TERMINATE" && a != "KEEP_ALIVE")
                {
                    return invalid("terminateBlueInstancesOnDeploymentSuccess.action must be TERMINATE or KEEP_ALIVE.");
                }
                if t.termination_wait_time_in_minutes
                    .is_some_and(|m| !(0..=2880).contains(&m))
                {
                    return invalid("terminationWaitTimeInMinutes must be between 0 and 2880.");
                }
            }
            if let Some(r) = &blue_green.deployment_ready_option {
                if r.action_on_timeout
                    .as_deref()
                    .is_some_and(|a| a != "CONTINUE_DEPLOYMENT" && a != "STOP_DEPLOYMENT")
                {
                    return invalid("deploymentReadyOption.actionOnTimeout must be CONTINUE_DEPLOYMENT or STOP_DEPLOYMENT.");
                }
                if r.wait_time_in_minutes
                    .is_some_and(|m| !(0..=7200).contains(&m))
                {
                    return invalid("waitTimeInMinutes must be between 0 and 7200 (120 hours).");
                }
            }
        }
        if let Some(rollback) = &input.auto_rollback_configuration {
            const EVENTS: [&str; 3] = [
                "DEPLOYMENT_FAILURE",
                "DEPLOYMENT_STOP_ON_ALARM",
                "DEPLOYMENT_STOP_ON_REQUEST",
            ];
            if let Some(bad) = rollback
                .events
                .iter()
                .find(|e| !EVENTS.contains(&e.as_str()))
            {
                return Err(group_error(
                    "InvalidAutoRollbackConfigException",
                    format!(
                        "Unknown auto rollback event {bad}: use {}.",
                        EVENTS.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    pub(crate) fn get_deployment_group(
        &self,
        input: ApplicationInput,
    ) -> Result<Value, DeployError> {
        let app = self.application_named(&input)?;
        let name = input.deployment_group_name.clone().unwrap_or_default();
        let group = self
            .deploy
            .deployment_groups
            .get(&group_key(&app.application_name, &name))
            .ok_or_else(|| {
                group_error(
                    "DeploymentGroupDoesNotExistException",
                    format!("No Deployment Group found for name: {name}"),
                )
            })?;
        let mut info = json!(group.definition);
        info["deploymentGroupId"] = json!(group.id);
        info["computePlatform"] = json!("ECS");
        Ok(json!({ "deploymentGroupInfo": info }))
    }

    pub(crate) fn list_deployment_groups(
        &self,
        input: ApplicationInput,
    ) -> Result<Value, DeployError> {
        let app = self.application_named(&input)?;
        let prefix = format!("{}/", app.application_name);
        let names: Vec<&str> = self
            .deploy
            .deployment_groups
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .collect();
        Ok(json!({ "applicationName": app.application_name, "deploymentGroups": names }))
    }

    pub(crate) fn delete_deployment_group(
        &mut self,
        input: ApplicationInput,
    ) -> Result<Value, DeployError> {
        let app = self.application_named(&input)?;
        let name = input.deployment_group_name.clone().unwrap_or_default();
        self.deploy
            .deployment_groups
            .remove(&group_key(&app.application_name, &name));
        Ok(json!({ "hooksNotCleanedUp": [] }))
    }
}

//! AWS CodeDeploy for ECS blue/green. So far: deployment configurations
//! (list / get / create / delete, with the exact traffic schedules). The
//! applications, deployment groups and deployments that shift traffic
//! between task sets build on this.

pub mod deployment_config;

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
        }
    }
}

/// CodeDeploy's state in the account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeDeploy {
    /// The learner's own deployment configurations, by name.
    pub configs: BTreeMap<String, DeploymentConfig>,
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

//! Errors of the cluster, service and task APIs, with ECS's codes and wording.

use crate::error::AwsErrorCode;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EcsApiError {
    #[error("Cluster not found.")]
    ClusterNotFound,
    #[error("Service not found.")]
    ServiceNotFound,
    #[error("Service was not ACTIVE.")]
    ServiceNotActive,
    #[error("{0}")]
    InvalidParameter(String),
    #[error("The Cluster cannot be deleted while Services are active.")]
    ClusterContainsServices,
    #[error("The Cluster cannot be deleted while Tasks are active.")]
    ClusterContainsTasks,
    #[error("The Cluster cannot be deleted while Container Instances are active or draining.")]
    ClusterContainsContainerInstances,
    #[error("{0}")]
    Unsupported(String),
    #[error("Unable to describe task definition.")]
    TaskDefinitionNotFound,
    #[error("{0}")]
    Client(String),
    #[error("{0}")]
    ResourceInUse(String),
    #[error("The namespace {0} was not found in AWS Cloud Map.")]
    NamespaceNotFound(String),
    /// ECS Exec's agent cannot reach Session Manager.
    #[error("{0}")]
    TargetNotConnected(String),
}

impl AwsErrorCode for EcsApiError {
    fn code(&self) -> &'static str {
        match self {
            EcsApiError::ClusterNotFound => "ClusterNotFoundException",
            EcsApiError::ServiceNotFound => "ServiceNotFoundException",
            EcsApiError::ServiceNotActive => "ServiceNotActiveException",
            EcsApiError::InvalidParameter(_) => "InvalidParameterException",
            EcsApiError::ClusterContainsServices => "ClusterContainsServicesException",
            EcsApiError::ClusterContainsTasks => "ClusterContainsTasksException",
            EcsApiError::ClusterContainsContainerInstances => {
                "ClusterContainsContainerInstancesException"
            }
            EcsApiError::Unsupported(_) => "UnsupportedFeatureException",
            EcsApiError::TaskDefinitionNotFound => "ClientException",
            EcsApiError::TargetNotConnected(_) => "TargetNotConnectedException",
            EcsApiError::Client(_) => "ClientException",
            EcsApiError::ResourceInUse(_) => "ResourceInUseException",
            EcsApiError::NamespaceNotFound(_) => "NamespaceNotFoundException",
        }
    }
}

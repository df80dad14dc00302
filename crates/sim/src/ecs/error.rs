//! Task definition errors (RegisterTaskDefinition and friends): ECS's error
//! codes and messages, worded as the service words them. The cluster, task and
//! service APIs' errors are `EcsApiError` (`api_error.rs`).
//!
//! Where a message was seen in real AWS output it is copied verbatim (odd
//! spacing, missing full stops and all). Messages the reference could not pin
//! down follow the nearest observed pattern; `task_definition_tests.rs` lists
//! which is which.

use crate::error::AwsErrorCode;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TaskDefinitionError {
    // ── RegisterTaskDefinition: the document as a whole ──────────────────────
    #[error("Family contains invalid characters.")]
    FamilyInvalid,
    #[error("Container list cannot be empty.")]
    ContainerListEmpty,
    #[error("Too many containers. A task definition can contain at most {max} containers.")]
    TooManyContainers { max: usize },
    #[error("Invalid 'cpu' setting for task.")]
    InvalidTaskCpu,
    #[error("Invalid 'memory' setting for task.")]
    InvalidTaskMemory,
    #[error("Role is not valid")]
    RoleNotValid,
    #[error("Task definition doesn't have any essential container.")]
    NoEssentialContainer,
    #[error("{param} should be one of [{valid}]")]
    InvalidEnum {
        param: &'static str,
        valid: &'static str,
    },
    #[error("Unsupported field 'inferenceAccelerators'.")]
    InferenceAcceleratorsUnsupported,
    #[error("EphemeralStorage size should be at least 21.")]
    EphemeralStorageTooSmall,
    #[error("EphemeralStorage size should be at most 200.")]
    EphemeralStorageTooLarge,
    #[error("Unknown volume '{0}'.")]
    UnknownVolume(String),

    // ── Containers ───────────────────────────────────────────────────────────
    #[error("Container.name should not be null or empty.")]
    ContainerNameEmpty,
    #[error("Container.name contains invalid characters.")]
    ContainerNameInvalid,
    #[error("Container names must be unique within a task definition.")]
    ContainerNamesNotUnique,
    #[error("Container.image should not be null or empty.")]
    ImageEmpty,
    #[error("Container.image contains invalid characters.")]
    ImageInvalid,
    #[error("Invalid 'cpu' setting for container '{0}'.")]
    InvalidContainerCpu(String),
    #[error("Invalid 'memory' setting for container '{0}'.")]
    InvalidContainerMemory(String),
    #[error("Invalid 'memoryReservation' setting for container '{0}'.")]
    InvalidContainerMemoryReservation(String),
    #[error("Invalid setting for container '{0}'. At least one of 'memory' or 'memoryReservation' must be specified.")]
    ContainerMemoryRequired(String),
    #[error("Invalid setting for container '{0}'. 'memory' must be greater than or equal to 'memoryReservation'.")]
    MemoryBelowReservation(String),
    #[error("The 'memory' setting for container '{0}' is greater than for the task.")]
    ContainerMemoryOverTask(String),
    #[error(
        "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."
    )]
    CpuSumOverTask,
    #[error("The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.")]
    MemoryReservationSumOverTask,
    #[error("The sum of all container 'memory' values cannot be greater than the value of the task 'memory'.")]
    MemorySumOverTask,
    #[error("Invalid setting for container '{container}'. Health check '{field}' must be between {min} and {max}.")]
    HealthCheckOutOfRange {
        container: String,
        field: &'static str,
        min: i64,
        max: i64,
    },
    #[error("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.")]
    SecretsRequireExecutionRole,

    // ── Networking and ports ─────────────────────────────────────────────────
    #[error("Invalid 'containerPort' setting for container '{0}'.")]
    InvalidContainerPort(String),
    #[error("Invalid 'hostPort' setting for container '{0}'.")]
    InvalidHostPort(String),
    #[error("Invalid 'protocol' setting for container '{0}'.")]
    InvalidProtocol(String),
    #[error(
        "When networkMode={0}, the host ports and container ports in port mappings must match."
    )]
    PortsMustMatch(&'static str),
    #[error("{protocol} host port '{port}' is mapped multiple times in task.")]
    HostPortMappedTwice { protocol: &'static str, port: i64 },
    #[error("port mapping name is already used")]
    PortMappingNameUsed,
    #[error("Port mappings are not supported when networkMode={0}.")]
    PortMappingsNotSupported(&'static str),
    #[error("Links are not supported when networkMode={0}.")]
    LinksNotSupported(&'static str),
    #[error("hostname is not supported on container when networkMode=awsvpc.")]
    HostnameNotSupported,
    #[error("DNS servers are not supported on container when networkMode=awsvpc.")]
    DnsServersNotSupported,

    // ── Logging ──────────────────────────────────────────────────────────────
    #[error("Log driver {driver} requires options: {options}")]
    LogDriverRequiresOptions {
        driver: &'static str,
        options: String,
    },
    #[error("Log driver {driver} disallows options: {options}")]
    LogDriverDisallowsOptions {
        driver: &'static str,
        options: String,
    },
    #[error("When awsfirelens log driver is specified in log configuration, a firelens configuration object must be configured in one of the containers.")]
    FirelensConfigurationRequired,
    #[error("When a firelensConfiguration object is specified, at least one container has to be configured with the awsfirelens log driver.")]
    AwsfirelensDriverRequired,
    #[error("Only one container in a task definition can have a firelensConfiguration.")]
    MultipleFirelensContainers,

    // ── Container dependencies ───────────────────────────────────────────────
    #[error("Cannot depend on container + '{0}' because it does not exist")]
    DependencyNotFound(String),
    #[error("A dependency container with SUCCESS or COMPLETE condition cannot be an essential container")]
    DependencyOnEssential,
    #[error("A dependency container with HEALTHY condition must have health check configured")]
    DependencyNeedsHealthCheck,
    #[error("Container dependencies form a cycle involving container '{0}'.")]
    DependencyCycle(String),

    // ── Fargate ──────────────────────────────────────────────────────────────
    #[error("Fargate only supports network mode 'awsvpc'.")]
    FargateNetworkMode,
    #[error("Fargate requires that 'cpu' be defined at the task level.")]
    FargateCpuRequired,
    #[error("Fargate requires that 'memory' be defined at the task level.")]
    FargateMemoryRequired,
    #[error("No Fargate configuration exists for given values.")]
    NoFargateConfiguration,
    #[error("{0} is not a valid log driver. Must be one of [awslogs, splunk, awsfirelens]")]
    FargateLogDriver(String),
    #[error("Fargate requires task definition to have execution role ARN to support log driver awslogs.")]
    FargateAwslogsExecutionRole,
    #[error("Fargate requires log configuration options to include awslogs-stream-prefix to support log driver awslogs.")]
    FargateAwslogsStreamPrefix,
    #[error("Fargate requires task definition to have execution role ARN to support ECR images.")]
    FargateEcrExecutionRole,
    #[error("Fargate requires that the 'privileged' setting be 'false'.")]
    FargatePrivileged,
    #[error("Fargate compatible task definitions do not support ipcMode.")]
    FargateIpcMode,
    #[error("Tasks using the Fargate launch type do not support pidMode '{0}'. The supported value for pidMode is 'task'.")]
    FargatePidMode(String),
    #[error("Fargate compatible task definitions do not support devices.")]
    FargateDevices,
    #[error("Fargate compatible task definitions do not support maxSwap.")]
    FargateMaxSwap,
    #[error("Fargate compatible task definitions do not support sourcePath.")]
    FargateSourcePath,

    // ── Describe / Deregister / List ─────────────────────────────────────────
    #[error("Unable to describe task definition.")]
    TaskDefinitionNotFound,
    #[error("The specified task definition does not exist.")]
    DeregisterNotFound,
    #[error("Revision is missing.")]
    RevisionMissing,
    #[error("Invalid revision number. Number: {0}")]
    InvalidRevision(String),
}

impl TaskDefinitionError {
    /// AWS's error code: ECS rejects bad documents with `ClientException` and
    /// malformed parameter values with `InvalidParameterException`.
    pub fn code(&self) -> &'static str {
        match self {
            TaskDefinitionError::InvalidEnum { .. } | TaskDefinitionError::InvalidRevision(_) => {
                "InvalidParameterException"
            }
            _ => "ClientException",
        }
    }
}

impl AwsErrorCode for TaskDefinitionError {
    fn code(&self) -> &'static str {
        TaskDefinitionError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::to_api_error;

    #[test]
    fn codes_and_messages_reach_the_api_error() {
        let e = to_api_error(TaskDefinitionError::NoFargateConfiguration);
        assert_eq!(e.code, "ClientException");
        assert_eq!(
            e.message,
            "No Fargate configuration exists for given values."
        );
        let e = to_api_error(TaskDefinitionError::InvalidRevision("x".into()));
        assert_eq!(e.code, "InvalidParameterException");
        assert_eq!(e.message, "Invalid revision number. Number: x");
    }

    #[test]
    fn container_names_are_quoted_as_aws_quotes_them() {
        assert_eq!(
            TaskDefinitionError::ContainerMemoryRequired("app".into()).to_string(),
            "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified."
        );
        assert_eq!(
            TaskDefinitionError::DependencyNotFound("db".into()).to_string(),
            "Cannot depend on container + 'db' because it does not exist"
        );
        assert_eq!(
            TaskDefinitionError::HostPortMappedTwice {
                protocol: "TCP",
                port: 3000
            }
            .to_string(),
            "TCP host port '3000' is mapped multiple times in task."
        );
    }
}

//! What Fargate adds to a task definition's rules. They are enforced when
//! `requiresCompatibilities` contains `FARGATE` (even alongside `EC2`), and
//! decide whether `FARGATE` appears in the computed `compatibilities` when it
//! was not asked for.

use super::container_definition::ContainerDefinition;
use super::error::TaskDefinitionError;
use super::task_definition::RegisterTaskDefinitionInput;
use super::task_size::fargate_size_supported;
use super::validate::Checked;
use serde_json::Value;

/// Log drivers a Fargate task may use.
pub const FARGATE_LOG_DRIVERS: [&str; 3] = ["awslogs", "splunk", "awsfirelens"];

/// Both halves, as used for `compatibilities`.
pub fn check_all(
    input: &RegisterTaskDefinitionInput,
    checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    check_core(input, checked)?;
    check_features(input, checked)
}

/// awsvpc networking and a task size from Fargate's table (checked early:
/// nothing else matters on Fargate without them).
pub fn check_core(
    input: &RegisterTaskDefinitionInput,
    checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    // An omitted networkMode is bridge, so it fails too.
    if input.network_mode.as_deref() != Some("awsvpc") {
        return Err(TaskDefinitionError::FargateNetworkMode);
    }
    let cpu = checked.cpu.ok_or(TaskDefinitionError::FargateCpuRequired)?;
    let memory = checked
        .memory
        .ok_or(TaskDefinitionError::FargateMemoryRequired)?;
    let windows = input
        .runtime_platform
        .as_ref()
        .is_some_and(|p| p.is_windows());
    if !fargate_size_supported(cpu, memory, windows) {
        return Err(TaskDefinitionError::NoFargateConfiguration);
    }
    Ok(())
}

/// Features Fargate does not offer (host namespaces, privileged containers,
/// devices, swap, bind mounts from the host, most log drivers) and the
/// execution role Fargate needs to pull from ECR and write to CloudWatch Logs.
pub fn check_features(
    input: &RegisterTaskDefinitionInput,
    _checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    if input.ipc_mode.is_some() {
        return Err(TaskDefinitionError::FargateIpcMode);
    }
    if let Some(pid) = input.pid_mode.as_deref().filter(|p| *p != "task") {
        return Err(TaskDefinitionError::FargatePidMode(pid.to_string()));
    }
    for c in &input.container_definitions {
        check_container_features(c)?;
    }
    let host_path = input.volumes.iter().flatten().any(|v| {
        v.get("host")
            .and_then(|h| h.get("sourcePath"))
            .is_some_and(|p| !p.is_null())
    });
    if host_path {
        return Err(TaskDefinitionError::FargateSourcePath);
    }
    let has_execution_role = input
        .execution_role_arn
        .as_deref()
        .is_some_and(|r| !r.is_empty());
    for c in &input.container_definitions {
        check_container_logging(c, has_execution_role)?;
    }
    if !has_execution_role
        && input
            .container_definitions
            .iter()
            .any(ContainerDefinition::pulls_from_private_ecr)
    {
        return Err(TaskDefinitionError::FargateEcrExecutionRole);
    }
    Ok(())
}

fn check_container_features(c: &ContainerDefinition) -> Result<(), TaskDefinitionError> {
    if c.privileged == Some(true) {
        return Err(TaskDefinitionError::FargatePrivileged);
    }
    if c.linux_parameter("devices")
        .and_then(Value::as_array)
        .is_some_and(|d| !d.is_empty())
    {
        return Err(TaskDefinitionError::FargateDevices);
    }
    if c.linux_parameter("maxSwap").is_some() {
        return Err(TaskDefinitionError::FargateMaxSwap);
    }
    Ok(())
}

fn check_container_logging(
    c: &ContainerDefinition,
    has_execution_role: bool,
) -> Result<(), TaskDefinitionError> {
    let Some(log) = c.log_configuration.as_ref() else {
        return Ok(());
    };
    if !FARGATE_LOG_DRIVERS.contains(&log.log_driver.as_str()) {
        return Err(TaskDefinitionError::FargateLogDriver(
            log.log_driver.clone(),
        ));
    }
    if log.log_driver == "awslogs" {
        if !has_execution_role {
            return Err(TaskDefinitionError::FargateAwslogsExecutionRole);
        }
        if log
            .option("awslogs-stream-prefix")
            .is_none_or(str::is_empty)
        {
            return Err(TaskDefinitionError::FargateAwslogsStreamPrefix);
        }
    }
    Ok(())
}

//! RegisterTaskDefinition rules for container definitions: each container on
//! its own (memory, ports, network-mode restrictions, health check, logging,
//! secrets, volumes), then the rules that look across containers (host port
//! clashes, FireLens, `dependsOn`).

use super::container_definition::{ContainerDefinition, PortMapping, Protocol};
use super::error::TaskDefinitionError;
use super::task_definition::{NetworkMode, RegisterTaskDefinitionInput};
use super::validate::{mapping_protocol, Checked};
use serde_json::Value;

/// Health-check bounds (seconds, or attempts for `retries`).
pub const HEALTH_CHECK_INTERVAL: (i64, i64) = (5, 300);
pub const HEALTH_CHECK_TIMEOUT: (i64, i64) = (2, 60);
pub const HEALTH_CHECK_RETRIES: (i64, i64) = (1, 10);
pub const HEALTH_CHECK_START_PERIOD: (i64, i64) = (0, 300);

/// Options the `awslogs` driver takes on ECS; anything else is refused.
pub const AWSLOGS_OPTIONS: [&str; 14] = [
    "awslogs-group",
    "awslogs-region",
    "awslogs-stream-prefix",
    "awslogs-create-group",
    "awslogs-datetime-format",
    "awslogs-multiline-pattern",
    "awslogs-endpoint",
    "awslogs-credentials-endpoint",
    "awslogs-force-flush-interval-seconds",
    "awslogs-max-buffered-events",
    "awslogs-format",
    "mode",
    "max-buffer-size",
    "tag",
];

pub const DEPENDENCY_CONDITIONS: [&str; 4] = ["START", "COMPLETE", "SUCCESS", "HEALTHY"];

fn has_execution_role(input: &RegisterTaskDefinitionInput) -> bool {
    input
        .execution_role_arn
        .as_deref()
        .is_some_and(|r| !r.is_empty())
}

/// Every single-container rule, container by container.
pub fn check_each(
    input: &RegisterTaskDefinitionInput,
    checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    for c in &input.container_definitions {
        check_resources(c, checked)?;
        check_port_mappings(c, checked.network_mode)?;
        check_network_mode_settings(c, checked.network_mode)?;
        check_health_check(c)?;
        check_log_configuration(c, input)?;
        check_secrets(c, input)?;
        check_firelens_type(c)?;
        check_mount_points(c, input)?;
        check_dependency_conditions(c)?;
    }
    Ok(())
}

/// Rules that need every container at once.
pub fn check_across(
    input: &RegisterTaskDefinitionInput,
    checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    let containers = &input.container_definitions;
    check_host_ports(containers, checked.network_mode)?;
    check_port_mapping_names(containers)?;
    check_firelens(containers)?;
    check_dependencies(containers)?;
    Ok(())
}

/// Container `cpu`/`memory`/`memoryReservation`: non-negative CPU, positive
/// memory, one of the two memory settings when the task has no memory, and a
/// hard limit no lower than the soft one.
pub fn check_resources(
    c: &ContainerDefinition,
    checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    let name = || c.name().to_string();
    if c.cpu.is_some_and(|v| v < 0) {
        return Err(TaskDefinitionError::InvalidContainerCpu(name()));
    }
    if c.memory.is_some_and(|m| m <= 0) {
        return Err(TaskDefinitionError::InvalidContainerMemory(name()));
    }
    if c.memory_reservation.is_some_and(|m| m <= 0) {
        return Err(TaskDefinitionError::InvalidContainerMemoryReservation(
            name(),
        ));
    }
    if checked.memory.is_none() && c.memory.is_none() && c.memory_reservation.is_none() {
        return Err(TaskDefinitionError::ContainerMemoryRequired(name()));
    }
    if let (Some(hard), Some(soft)) = (c.memory, c.memory_reservation) {
        if hard < soft {
            return Err(TaskDefinitionError::MemoryBelowReservation(name()));
        }
    }
    Ok(())
}

/// Port mappings of one container: a container port in 1–65535, a host port
/// in 0–65535, `tcp` or `udp`, and — in `awsvpc` and `host` modes, where the
/// container uses the task's (or instance's) own network stack — a host port
/// equal to the container port when given. `none` takes no mappings at all.
pub fn check_port_mappings(
    c: &ContainerDefinition,
    mode: NetworkMode,
) -> Result<(), TaskDefinitionError> {
    let mappings = c.port_mappings();
    if mode == NetworkMode::None && !mappings.is_empty() {
        return Err(TaskDefinitionError::PortMappingsNotSupported("none"));
    }
    for p in mappings {
        if p.container_port.is_none() && p.container_port_range.is_some() {
            // Port ranges (awsvpc only) are kept, not modelled in depth.
            continue;
        }
        let name = || c.name().to_string();
        let container_port = p
            .container_port
            .filter(|cp| (1..=65_535).contains(cp))
            .ok_or_else(|| TaskDefinitionError::InvalidContainerPort(name()))?;
        if p.host_port.is_some_and(|hp| !(0..=65_535).contains(&hp)) {
            return Err(TaskDefinitionError::InvalidHostPort(name()));
        }
        if mapping_protocol(p).is_none() {
            return Err(TaskDefinitionError::InvalidProtocol(name()));
        }
        if matches!(mode, NetworkMode::Awsvpc | NetworkMode::Host)
            && p.host_port.is_some_and(|hp| hp != container_port)
        {
            return Err(TaskDefinitionError::PortsMustMatch(mode.as_str()));
        }
    }
    Ok(())
}

/// Settings that only make sense with Docker's own networking: `links`
/// (bridge only), `hostname` and `dnsServers` (not with awsvpc, where the task
/// ENI provides them).
pub fn check_network_mode_settings(
    c: &ContainerDefinition,
    mode: NetworkMode,
) -> Result<(), TaskDefinitionError> {
    if !c.links().is_empty() && mode != NetworkMode::Bridge {
        return Err(TaskDefinitionError::LinksNotSupported(mode.as_str()));
    }
    if mode == NetworkMode::Awsvpc {
        if c.hostname.as_deref().is_some_and(|h| !h.is_empty()) {
            return Err(TaskDefinitionError::HostnameNotSupported);
        }
        if c.dns_servers.as_ref().is_some_and(|d| !d.is_empty()) {
            return Err(TaskDefinitionError::DnsServersNotSupported);
        }
    }
    Ok(())
}

/// Health-check fields inside their documented bounds (interval 5–300,
/// timeout 2–60, retries 1–10, startPeriod 0–300).
pub fn check_health_check(c: &ContainerDefinition) -> Result<(), TaskDefinitionError> {
    let Some(hc) = c.health_check.as_ref() else {
        return Ok(());
    };
    let fields = [
        ("interval", hc.interval, HEALTH_CHECK_INTERVAL),
        ("timeout", hc.timeout, HEALTH_CHECK_TIMEOUT),
        ("retries", hc.retries, HEALTH_CHECK_RETRIES),
        ("startPeriod", hc.start_period, HEALTH_CHECK_START_PERIOD),
    ];
    for (field, value, (min, max)) in fields {
        if value.is_some_and(|v| v < min || v > max) {
            return Err(TaskDefinitionError::HealthCheckOutOfRange {
                container: c.name().to_string(),
                field,
                min,
                max,
            });
        }
    }
    Ok(())
}

/// A log driver must be named; `awslogs` needs `awslogs-region` and
/// `awslogs-group` and refuses options it does not know; log-driver secrets
/// are fetched with the execution role. (EC2 instances may offer custom
/// drivers, so other names pass here; Fargate's short list is checked in
/// `fargate.rs`.)
pub fn check_log_configuration(
    c: &ContainerDefinition,
    input: &RegisterTaskDefinitionInput,
) -> Result<(), TaskDefinitionError> {
    let Some(log) = c.log_configuration.as_ref() else {
        return Ok(());
    };
    if log.log_driver.is_empty() {
        return Err(TaskDefinitionError::InvalidEnum {
            param: "logDriver",
            valid: "json-file,syslog,journald,gelf,fluentd,awslogs,splunk,awsfirelens",
        });
    }
    if log.log_driver == "awslogs" {
        let missing: Vec<&str> = ["awslogs-region", "awslogs-group"]
            .into_iter()
            .filter(|k| log.option(k).is_none_or(str::is_empty))
            .collect();
        if !missing.is_empty() {
            return Err(TaskDefinitionError::LogDriverRequiresOptions {
                driver: "awslogs",
                options: missing.join(", "),
            });
        }
        let disallowed: Vec<&str> = log
            .options
            .iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .filter(|k| !AWSLOGS_OPTIONS.contains(k))
            .collect();
        if !disallowed.is_empty() {
            return Err(TaskDefinitionError::LogDriverDisallowsOptions {
                driver: "awslogs",
                options: disallowed.join(", "),
            });
        }
    }
    if log.secret_options.as_ref().is_some_and(|s| !s.is_empty()) && !has_execution_role(input) {
        return Err(TaskDefinitionError::SecretsRequireExecutionRole);
    }
    Ok(())
}

/// Secrets are fetched by the agent with the execution role, so one is required.
pub fn check_secrets(
    c: &ContainerDefinition,
    input: &RegisterTaskDefinitionInput,
) -> Result<(), TaskDefinitionError> {
    if !c.secrets().is_empty() && !has_execution_role(input) {
        Err(TaskDefinitionError::SecretsRequireExecutionRole)
    } else {
        Ok(())
    }
}

pub fn check_firelens_type(c: &ContainerDefinition) -> Result<(), TaskDefinitionError> {
    match c.firelens_configuration.as_ref() {
        Some(f) if f.config_type != "fluentbit" && f.config_type != "fluentd" => {
            Err(TaskDefinitionError::InvalidEnum {
                param: "firelensConfiguration.type",
                valid: "fluentd,fluentbit",
            })
        }
        _ => Ok(()),
    }
}

/// Every `mountPoints[].sourceVolume` names a volume of the task.
pub fn check_mount_points(
    c: &ContainerDefinition,
    input: &RegisterTaskDefinitionInput,
) -> Result<(), TaskDefinitionError> {
    let volumes: Vec<&str> = input
        .volumes
        .iter()
        .flatten()
        .filter_map(|v| v.get("name").and_then(Value::as_str))
        .collect();
    for mp in c.mount_points() {
        if let Some(source) = mp.source_volume.as_deref() {
            if !volumes.contains(&source) {
                return Err(TaskDefinitionError::UnknownVolume(source.to_string()));
            }
        }
    }
    Ok(())
}

pub fn check_dependency_conditions(c: &ContainerDefinition) -> Result<(), TaskDefinitionError> {
    if c.depends_on()
        .iter()
        .any(|d| !DEPENDENCY_CONDITIONS.contains(&d.condition.as_str()))
    {
        return Err(TaskDefinitionError::InvalidEnum {
            param: "condition",
            valid: "START,COMPLETE,SUCCESS,HEALTHY",
        });
    }
    Ok(())
}

/// The host port a mapping occupies, if fixed: in awsvpc/host mode the
/// container port itself; in bridge mode a non-zero `hostPort`.
fn fixed_host_port(p: &PortMapping, mode: NetworkMode) -> Option<i64> {
    if p.container_port_range.is_some() && p.container_port.is_none() {
        return None;
    }
    let port = match mode {
        NetworkMode::Awsvpc | NetworkMode::Host => p.host_port.or(p.container_port),
        NetworkMode::Bridge | NetworkMode::None => p.host_port,
    };
    port.filter(|&hp| hp > 0)
}

/// No fixed host port (per protocol) may be mapped twice in one task; in
/// awsvpc mode that means no container port twice, since all containers share
/// the task's network interface.
pub fn check_host_ports(
    containers: &[ContainerDefinition],
    mode: NetworkMode,
) -> Result<(), TaskDefinitionError> {
    let mut seen: Vec<(Protocol, i64)> = Vec::new();
    for p in containers.iter().flat_map(|c| c.port_mappings()) {
        let (Some(port), Some(protocol)) = (fixed_host_port(p, mode), mapping_protocol(p)) else {
            continue;
        };
        if seen.contains(&(protocol, port)) {
            return Err(TaskDefinitionError::HostPortMappedTwice {
                protocol: protocol.upper(),
                port,
            });
        }
        seen.push((protocol, port));
    }
    Ok(())
}

/// Port mapping `name`s (used by Service Connect) are unique in the task.
pub fn check_port_mapping_names(
    containers: &[ContainerDefinition],
) -> Result<(), TaskDefinitionError> {
    let mut seen: Vec<&str> = Vec::new();
    for name in containers
        .iter()
        .flat_map(|c| c.port_mappings())
        .filter_map(|p| p.name.as_deref())
    {
        if seen.contains(&name) {
            return Err(TaskDefinitionError::PortMappingNameUsed);
        }
        seen.push(name);
    }
    Ok(())
}

/// FireLens: a container logging with `awsfirelens` needs a log-router
/// container (one with `firelensConfiguration`), a log router needs someone
/// to route for, and there is only one router per task.
pub fn check_firelens(containers: &[ContainerDefinition]) -> Result<(), TaskDefinitionError> {
    let routers = containers.iter().filter(|c| c.is_log_router()).count();
    let routed = containers
        .iter()
        .any(|c| c.log_driver() == Some("awsfirelens"));
    if routed && routers == 0 {
        return Err(TaskDefinitionError::FirelensConfigurationRequired);
    }
    if routers > 0 && !routed {
        return Err(TaskDefinitionError::AwsfirelensDriverRequired);
    }
    if routers > 1 {
        return Err(TaskDefinitionError::MultipleFirelensContainers);
    }
    Ok(())
}

/// `dependsOn`: the target exists; `SUCCESS`/`COMPLETE` targets are
/// non-essential (they are expected to exit); `HEALTHY` targets have a health
/// check; and no chain of dependencies leads back to where it started.
pub fn check_dependencies(containers: &[ContainerDefinition]) -> Result<(), TaskDefinitionError> {
    let find = |name: &str| containers.iter().find(|c| c.name() == name);
    for c in containers {
        for d in c.depends_on() {
            let target = find(&d.container_name)
                .ok_or_else(|| TaskDefinitionError::DependencyNotFound(d.container_name.clone()))?;
            match d.condition.as_str() {
                "SUCCESS" | "COMPLETE" if target.is_essential() => {
                    return Err(TaskDefinitionError::DependencyOnEssential)
                }
                "HEALTHY" if target.health_check.is_none() => {
                    return Err(TaskDefinitionError::DependencyNeedsHealthCheck)
                }
                _ => {}
            }
        }
    }
    for c in containers {
        // Walk everything reachable from `c`; containers are at most ten, so
        // the visited list stays tiny.
        let mut stack: Vec<&str> = c
            .depends_on()
            .iter()
            .map(|d| d.container_name.as_str())
            .collect();
        let mut visited: Vec<&str> = Vec::new();
        while let Some(next) = stack.pop() {
            if next == c.name() {
                return Err(TaskDefinitionError::DependencyCycle(c.name().to_string()));
            }
            if visited.contains(&next) {
                continue;
            }
            visited.push(next);
            if let Some(t) = find(next) {
                stack.extend(t.depends_on().iter().map(|d| d.container_name.as_str()));
            }
        }
    }
    Ok(())
}

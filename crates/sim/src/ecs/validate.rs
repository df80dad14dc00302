//! RegisterTaskDefinition validation: the task-level rules, and the order in
//! which every rule runs (AWS reports only the first problem it finds).
//!
//! Order, where AWS's is unknown, follows the document from the outside in:
//! family and task size, the container list and its names/images, essential
//! containers, enum values, roles, Fargate's core requirements, then each
//! container, then rules across containers, then task totals and Fargate's
//! feature restrictions.

use super::container_definition::{ContainerDefinition, Protocol};
use super::error::TaskDefinitionError;
use super::fargate;
use super::task_definition::{
    Compatibility, NetworkMode, RegisterTaskDefinitionInput, TaskDefinition, TaskDefinitionStatus,
};
use super::task_size::{parse_task_cpu, parse_task_memory};
use super::validate_containers;
use serde_json::Value;

/// Containers per task definition (service quota, not adjustable).
pub const MAX_CONTAINERS: usize = 10;
/// Longest family, container name and image reference.
pub const MAX_NAME_LEN: usize = 255;

/// What validation learned about a document, for normalisation and the
/// computed fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub network_mode: NetworkMode,
    pub requires: Vec<Compatibility>,
}

impl Checked {
    pub fn requires_fargate(&self) -> bool {
        self.requires.contains(&Compatibility::Fargate)
    }
}

/// Runs every rule in order; the first violation is the error.
pub fn validate(input: &RegisterTaskDefinitionInput) -> Result<Checked, TaskDefinitionError> {
    check_family(&input.family)?;
    let cpu = task_cpu(input)?;
    let memory = task_memory(input)?;
    check_container_count(input)?;
    check_names_and_images(&input.container_definitions)?;
    check_essential(&input.container_definitions)?;
    let network_mode = network_mode(input)?;
    let requires = requires_compatibilities(input)?;
    check_role(input.task_role_arn.as_deref())?;
    check_role(input.execution_role_arn.as_deref())?;
    check_pid_ipc_modes(input)?;
    let checked = Checked {
        cpu,
        memory,
        network_mode,
        requires,
    };
    if checked.requires_fargate() {
        fargate::check_core(input, &checked)?;
    }
    validate_containers::check_each(input, &checked)?;
    validate_containers::check_across(input, &checked)?;
    check_task_totals(&input.container_definitions, &checked)?;
    check_ephemeral_storage(input)?;
    check_inference_accelerators(input)?;
    if checked.requires_fargate() {
        fargate::check_features(input, &checked)?;
    }
    Ok(checked)
}

/// Letters, digits, hyphens and underscores, 1–255 of them (family and container names).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn check_family(family: &str) -> Result<(), TaskDefinitionError> {
    if is_valid_name(family) {
        Ok(())
    } else {
        Err(TaskDefinitionError::FamilyInvalid)
    }
}

/// Task `cpu`, normalised to units; `""` and non-numbers are invalid.
pub fn task_cpu(input: &RegisterTaskDefinitionInput) -> Result<Option<u32>, TaskDefinitionError> {
    input
        .cpu
        .as_deref()
        .map(|c| parse_task_cpu(c).ok_or(TaskDefinitionError::InvalidTaskCpu))
        .transpose()
}

/// Task `memory`, normalised to MiB.
pub fn task_memory(
    input: &RegisterTaskDefinitionInput,
) -> Result<Option<u32>, TaskDefinitionError> {
    input
        .memory
        .as_deref()
        .map(|m| parse_task_memory(m).ok_or(TaskDefinitionError::InvalidTaskMemory))
        .transpose()
}

pub fn check_container_count(
    input: &RegisterTaskDefinitionInput,
) -> Result<(), TaskDefinitionError> {
    match input.container_definitions.len() {
        0 => Err(TaskDefinitionError::ContainerListEmpty),
        n if n > MAX_CONTAINERS => Err(TaskDefinitionError::TooManyContainers {
            max: MAX_CONTAINERS,
        }),
        _ => Ok(()),
    }
}

/// Image references: letters, digits and `- _ : . / # @`, up to 255 characters
/// (`@` for digests such as `repo@sha256:…`).
pub fn is_valid_image(image: &str) -> bool {
    image.len() <= MAX_NAME_LEN
        && image
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:./#@".contains(&b))
}

/// Each container in turn: name present, name well-formed, name unique, image
/// present, image well-formed.
pub fn check_names_and_images(
    containers: &[ContainerDefinition],
) -> Result<(), TaskDefinitionError> {
    for (i, c) in containers.iter().enumerate() {
        let name = c.name();
        if name.is_empty() {
            return Err(TaskDefinitionError::ContainerNameEmpty);
        }
        if !is_valid_name(name) {
            return Err(TaskDefinitionError::ContainerNameInvalid);
        }
        if containers
            .iter()
            .take(i)
            .any(|earlier| earlier.name() == name)
        {
            return Err(TaskDefinitionError::ContainerNamesNotUnique);
        }
        let image = c.image();
        if image.is_empty() {
            return Err(TaskDefinitionError::ImageEmpty);
        }
        if !is_valid_image(image) {
            return Err(TaskDefinitionError::ImageInvalid);
        }
    }
    Ok(())
}

pub fn check_essential(containers: &[ContainerDefinition]) -> Result<(), TaskDefinitionError> {
    if containers.iter().any(ContainerDefinition::is_essential) {
        Ok(())
    } else {
        Err(TaskDefinitionError::NoEssentialContainer)
    }
}

pub fn network_mode(
    input: &RegisterTaskDefinitionInput,
) -> Result<NetworkMode, TaskDefinitionError> {
    match input.network_mode.as_deref() {
        None => Ok(NetworkMode::Bridge),
        Some(m) => NetworkMode::parse(m).ok_or(TaskDefinitionError::InvalidEnum {
            param: "networkMode",
            valid: "bridge,host,awsvpc,none",
        }),
    }
}

pub fn requires_compatibilities(
    input: &RegisterTaskDefinitionInput,
) -> Result<Vec<Compatibility>, TaskDefinitionError> {
    let mut out = Vec::new();
    for text in input.requires_compatibilities.iter().flatten() {
        let c = Compatibility::parse(text).ok_or(TaskDefinitionError::InvalidEnum {
            param: "requiresCompatibilities",
            valid: "EC2,FARGATE,EXTERNAL,MANAGED_INSTANCES",
        })?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

/// `taskRoleArn`/`executionRoleArn`: a role ARN (`arn:aws:iam::<12 digits>:role/<name>`)
/// or a bare role name. An empty string counts as unset, as console exports carry them.
pub fn check_role(role: Option<&str>) -> Result<(), TaskDefinitionError> {
    let Some(role) = role.filter(|r| !r.is_empty()) else {
        return Ok(());
    };
    if is_valid_role(role) {
        Ok(())
    } else {
        Err(TaskDefinitionError::RoleNotValid)
    }
}

fn is_valid_role(role: &str) -> bool {
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 512
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=,.@-_/".contains(&b))
    };
    if !role.starts_with("arn:") {
        return name_ok(role) && !role.contains('/');
    }
    let parts: Vec<&str> = role.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, "iam", "", account, resource] => {
            partition.starts_with("aws")
                && account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && resource
                    .strip_prefix("role/")
                    .is_some_and(|n| name_ok(n) && !n.ends_with('/'))
        }
        _ => false,
    }
}

/// `pidMode` is `host` or `task`; `ipcMode` is `host`, `task` or `none`.
pub fn check_pid_ipc_modes(input: &RegisterTaskDefinitionInput) -> Result<(), TaskDefinitionError> {
    if let Some(p) = input.pid_mode.as_deref() {
        if !["host", "task"].contains(&p) {
            return Err(TaskDefinitionError::InvalidEnum {
                param: "pidMode",
                valid: "host,task",
            });
        }
    }
    if let Some(i) = input.ipc_mode.as_deref() {
        if !["host", "task", "none"].contains(&i) {
            return Err(TaskDefinitionError::InvalidEnum {
                param: "ipcMode",
                valid: "host,task,none",
            });
        }
    }
    Ok(())
}

/// Container resources against the task's: no container's hard limit above
/// the task memory, container CPU shares summing to at most the task CPU, and
/// the memory every container reserves (`memoryReservation`, else `memory`)
/// fitting in the task memory.
pub fn check_task_totals(
    containers: &[ContainerDefinition],
    checked: &Checked,
) -> Result<(), TaskDefinitionError> {
    if let Some(task_memory) = checked.memory.map(i64::from) {
        if let Some(c) = containers
            .iter()
            .find(|c| c.memory.is_some_and(|m| m > task_memory))
        {
            return Err(TaskDefinitionError::ContainerMemoryOverTask(
                c.name().to_string(),
            ));
        }
    }
    if let Some(task_cpu) = checked.cpu.map(i64::from) {
        let sum = containers
            .iter()
            .fold(0i64, |acc, c| acc.saturating_add(c.cpu.unwrap_or(0)));
        if sum > task_cpu {
            return Err(TaskDefinitionError::CpuSumOverTask);
        }
    }
    if let Some(task_memory) = checked.memory.map(i64::from) {
        let reserved = containers.iter().fold(0i64, |acc, c| {
            acc.saturating_add(c.memory_reservation.or(c.memory).unwrap_or(0))
        });
        if reserved > task_memory {
            return Err(
                if containers.iter().any(|c| c.memory_reservation.is_some()) {
                    TaskDefinitionError::MemoryReservationSumOverTask
                } else {
                    TaskDefinitionError::MemorySumOverTask
                },
            );
        }
    }
    Ok(())
}

/// `ephemeralStorage.sizeInGiB`: 21–200 (20 is the default you get by omitting it).
pub fn check_ephemeral_storage(
    input: &RegisterTaskDefinitionInput,
) -> Result<(), TaskDefinitionError> {
    match input.ephemeral_storage.as_ref().map(|e| e.size_in_gib) {
        Some(s) if s < 21 => Err(TaskDefinitionError::EphemeralStorageTooSmall),
        Some(s) if s > 200 => Err(TaskDefinitionError::EphemeralStorageTooLarge),
        _ => Ok(()),
    }
}

/// Amazon Elastic Inference is retired; any accelerator is refused.
pub fn check_inference_accelerators(
    input: &RegisterTaskDefinitionInput,
) -> Result<(), TaskDefinitionError> {
    if input
        .inference_accelerators
        .as_ref()
        .is_some_and(|a| !a.is_empty())
    {
        Err(TaskDefinitionError::InferenceAcceleratorsUnsupported)
    } else {
        Ok(())
    }
}

/// The registered form of a validated document: task size as integer
/// strings, AWS's container defaults filled in (`cpu` 0, `essential`, empty
/// lists), host ports resolved, health-check defaults applied. Response-only
/// fields (ARN, revision, status, times, computed lists) are left for the
/// store to fill.
pub fn normalize(input: &RegisterTaskDefinitionInput, checked: &Checked) -> TaskDefinition {
    let containers = input
        .container_definitions
        .iter()
        .map(|c| normalize_container(c, checked.network_mode))
        .collect();
    TaskDefinition {
        task_definition_arn: String::new(),
        container_definitions: containers,
        family: input.family.clone(),
        task_role_arn: input.task_role_arn.clone().filter(|r| !r.is_empty()),
        execution_role_arn: input.execution_role_arn.clone().filter(|r| !r.is_empty()),
        network_mode: input.network_mode.clone(),
        revision: 0,
        volumes: input.volumes.clone().unwrap_or_default(),
        status: TaskDefinitionStatus::Active,
        requires_attributes: Vec::new(),
        placement_constraints: input.placement_constraints.clone().unwrap_or_default(),
        compatibilities: Vec::new(),
        runtime_platform: input.runtime_platform.clone(),
        requires_compatibilities: input.requires_compatibilities.clone(),
        cpu: checked.cpu.map(|c| c.to_string()),
        memory: checked.memory.map(|m| m.to_string()),
        inference_accelerators: input.inference_accelerators.clone(),
        pid_mode: input.pid_mode.clone(),
        ipc_mode: input.ipc_mode.clone(),
        proxy_configuration: input.proxy_configuration.clone(),
        registered_at: String::new(),
        deregistered_at: None,
        delete_requested_at: None,
        registered_by: String::new(),
        ephemeral_storage: input.ephemeral_storage.clone(),
        enable_fault_injection: input.enable_fault_injection,
    }
}

fn normalize_container(c: &ContainerDefinition, mode: NetworkMode) -> ContainerDefinition {
    let mut c = c.clone();
    c.cpu = Some(c.cpu.unwrap_or(0));
    c.essential = Some(c.is_essential());
    let mappings = c.port_mappings.take().unwrap_or_default();
    c.port_mappings = Some(
        mappings
            .into_iter()
            .map(|mut p| {
                if p.container_port_range.is_none() {
                    // awsvpc and host map the container port itself; bridge
                    // without a host port means a dynamic one (0).
                    p.host_port = Some(p.host_port.unwrap_or(match mode {
                        NetworkMode::Awsvpc | NetworkMode::Host => p.container_port.unwrap_or(0),
                        NetworkMode::Bridge | NetworkMode::None => 0,
                    }));
                }
                p.protocol = Some(p.protocol.unwrap_or_else(|| "tcp".to_string()));
                p
            })
            .collect(),
    );
    c.environment.get_or_insert_with(Vec::new);
    c.mount_points.get_or_insert_with(Vec::new);
    c.volumes_from.get_or_insert_with(Vec::new);
    c.system_controls
        .get_or_insert_with(|| Value::Array(Vec::new()));
    if let Some(hc) = c.health_check.as_mut() {
        hc.interval
            .get_or_insert(super::container_definition::HEALTH_CHECK_INTERVAL_DEFAULT);
        hc.timeout
            .get_or_insert(super::container_definition::HEALTH_CHECK_TIMEOUT_DEFAULT);
        hc.retries
            .get_or_insert(super::container_definition::HEALTH_CHECK_RETRIES_DEFAULT);
    }
    c
}

/// The protocol of a mapping, `tcp` when omitted; `None` if not tcp/udp.
pub fn mapping_protocol(p: &super::container_definition::PortMapping) -> Option<Protocol> {
    match p.protocol.as_deref() {
        None => Some(Protocol::Tcp),
        Some(text) => Protocol::parse(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_allow_letters_digits_hyphen_underscore() {
        assert!(is_valid_name("web-app_2"));
        assert!(is_valid_name(&"a".repeat(255)));
        assert!(!is_valid_name(&"a".repeat(256)));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("web.app"));
        assert!(!is_valid_name("web app"));
        assert!(!is_valid_name("ウェブ"));
    }

    #[test]
    fn images_allow_registry_paths_tags_and_digests() {
        assert!(is_valid_image("nginx"));
        assert!(is_valid_image(
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1.0.0"
        ));
        assert!(is_valid_image(
            "public.ecr.aws/nginx/nginx@sha256:abcdef0123"
        ));
        assert!(!is_valid_image("<IMAGE>"));
        assert!(!is_valid_image("nginx latest"));
        assert!(!is_valid_image("${IMAGE_URI}"));
    }

    #[test]
    fn roles_are_arns_or_names() {
        for ok in [
            "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            "arn:aws:iam::123456789012:role/service-role/my-role",
            "ecsTaskExecutionRole",
        ] {
            assert_eq!(check_role(Some(ok)), Ok(()), "{ok}");
        }
        for bad in [
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::12345:role/x",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::123456789012:role/",
            "my role",
        ] {
            assert_eq!(
                check_role(Some(bad)),
                Err(TaskDefinitionError::RoleNotValid),
                "{bad}"
            );
        }
        assert_eq!(check_role(Some("")), Ok(()));
        assert_eq!(check_role(None), Ok(()));
    }
}

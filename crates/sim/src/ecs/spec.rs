//! The ECS task-definition operations the console knows, with the full
//! parameter type trees of botocore's ECS model (`ecs/2014-11-13`), so the
//! CLI layer reports "Unknown parameter in input" and "Invalid type for
//! parameter containerDefinitions\[0\].memory" exactly as the real CLI does.
//! Generated from botocore 1.43.11's `service-2.json`; member names and
//! order are botocore's. String-to-string maps (log options, Docker labels)
//! have no type of their own in [`Ty`] and are `Any`.
//!
//! Task-level `cpu`/`memory` are strings; container-level ones are integers.

use crate::spec::{Member, Operation, Ty};

const fn m(name: &'static str, ty: &'static Ty) -> Member {
    Member {
        name,
        ty,
        required: false,
    }
}

const fn req(name: &'static str, ty: &'static Ty) -> Member {
    Member {
        name,
        ty,
        required: true,
    }
}

static STR: Ty = Ty::Str;
static INT: Ty = Ty::Int;
static BOOL: Ty = Ty::Bool;
static ANY: Ty = Ty::Any;
static STR_LIST: Ty = Ty::List(&STR);
static INT_LIST: Ty = Ty::List(&INT);

static REPOSITORY_CREDENTIALS: Ty = Ty::Struct(&[req("credentialsParameter", &STR)]);
static PORT_MAPPING: Ty = Ty::Struct(&[
    m("containerPort", &INT),
    m("hostPort", &INT),
    m("protocol", &STR),
    m("name", &STR),
    m("appProtocol", &STR),
    m("containerPortRange", &STR),
]);
static PORT_MAPPING_LIST: Ty = Ty::List(&PORT_MAPPING);
static CONTAINER_RESTART_POLICY: Ty = Ty::Struct(&[
    req("enabled", &BOOL),
    m("ignoredExitCodes", &INT_LIST),
    m("restartAttemptPeriod", &INT),
]);
static KEY_VALUE_PAIR: Ty = Ty::Struct(&[m("name", &STR), m("value", &STR)]);
static ENVIRONMENT_VARIABLES: Ty = Ty::List(&KEY_VALUE_PAIR);
static ENVIRONMENT_FILE: Ty = Ty::Struct(&[req("value", &STR), req("type", &STR)]);
static ENVIRONMENT_FILES: Ty = Ty::List(&ENVIRONMENT_FILE);
static MOUNT_POINT: Ty = Ty::Struct(&[
    m("sourceVolume", &STR),
    m("containerPath", &STR),
    m("readOnly", &BOOL),
]);
static MOUNT_POINT_LIST: Ty = Ty::List(&MOUNT_POINT);
static VOLUME_FROM: Ty = Ty::Struct(&[m("sourceContainer", &STR), m("readOnly", &BOOL)]);
static VOLUME_FROM_LIST: Ty = Ty::List(&VOLUME_FROM);
static KERNEL_CAPABILITIES: Ty = Ty::Struct(&[m("add", &STR_LIST), m("drop", &STR_LIST)]);
static DEVICE: Ty = Ty::Struct(&[
    req("hostPath", &STR),
    m("containerPath", &STR),
    m("permissions", &STR_LIST),
]);
static DEVICES_LIST: Ty = Ty::List(&DEVICE);
static TMPFS: Ty = Ty::Struct(&[
    req("containerPath", &STR),
    req("size", &INT),
    m("mountOptions", &STR_LIST),
]);
static TMPFS_LIST: Ty = Ty::List(&TMPFS);
static LINUX_PARAMETERS: Ty = Ty::Struct(&[
    m("capabilities", &KERNEL_CAPABILITIES),
    m("devices", &DEVICES_LIST),
    m("initProcessEnabled", &BOOL),
    m("sharedMemorySize", &INT),
    m("tmpfs", &TMPFS_LIST),
    m("maxSwap", &INT),
    m("swappiness", &INT),
]);
static SECRET: Ty = Ty::Struct(&[req("name", &STR), req("valueFrom", &STR)]);
static SECRET_LIST: Ty = Ty::List(&SECRET);
static CONTAINER_DEPENDENCY: Ty = Ty::Struct(&[req("containerName", &STR), req("condition", &STR)]);
static CONTAINER_DEPENDENCIES: Ty = Ty::List(&CONTAINER_DEPENDENCY);
static HOST_ENTRY: Ty = Ty::Struct(&[req("hostname", &STR), req("ipAddress", &STR)]);
static HOST_ENTRY_LIST: Ty = Ty::List(&HOST_ENTRY);
static ULIMIT: Ty = Ty::Struct(&[
    req("name", &STR),
    req("softLimit", &INT),
    req("hardLimit", &INT),
]);
static ULIMIT_LIST: Ty = Ty::List(&ULIMIT);
static LOG_CONFIGURATION: Ty = Ty::Struct(&[
    req("logDriver", &STR),
    m("options", &ANY),
    m("secretOptions", &SECRET_LIST),
]);
static HEALTH_CHECK: Ty = Ty::Struct(&[
    req("command", &STR_LIST),
    m("interval", &INT),
    m("timeout", &INT),
    m("retries", &INT),
    m("startPeriod", &INT),
]);
static SYSTEM_CONTROL: Ty = Ty::Struct(&[m("namespace", &STR), m("value", &STR)]);
static SYSTEM_CONTROLS: Ty = Ty::List(&SYSTEM_CONTROL);
static RESOURCE_REQUIREMENT: Ty = Ty::Struct(&[req("value", &STR), req("type", &STR)]);
static RESOURCE_REQUIREMENTS: Ty = Ty::List(&RESOURCE_REQUIREMENT);
static FIRELENS_CONFIGURATION: Ty = Ty::Struct(&[req("type", &STR), m("options", &ANY)]);
static CONTAINER_DEFINITION: Ty = Ty::Struct(&[
    m("name", &STR),
    m("image", &STR),
    m("repositoryCredentials", &REPOSITORY_CREDENTIALS),
    m("cpu", &INT),
    m("memory", &INT),
    m("memoryReservation", &INT),
    m("links", &STR_LIST),
    m("portMappings", &PORT_MAPPING_LIST),
    m("essential", &BOOL),
    m("restartPolicy", &CONTAINER_RESTART_POLICY),
    m("entryPoint", &STR_LIST),
    m("command", &STR_LIST),
    m("environment", &ENVIRONMENT_VARIABLES),
    m("environmentFiles", &ENVIRONMENT_FILES),
    m("mountPoints", &MOUNT_POINT_LIST),
    m("volumesFrom", &VOLUME_FROM_LIST),
    m("linuxParameters", &LINUX_PARAMETERS),
    m("secrets", &SECRET_LIST),
    m("dependsOn", &CONTAINER_DEPENDENCIES),
    m("startTimeout", &INT),
    m("stopTimeout", &INT),
    m("versionConsistency", &STR),
    m("hostname", &STR),
    m("user", &STR),
    m("workingDirectory", &STR),
    m("disableNetworking", &BOOL),
    m("privileged", &BOOL),
    m("readonlyRootFilesystem", &BOOL),
    m("dnsServers", &STR_LIST),
    m("dnsSearchDomains", &STR_LIST),
    m("extraHosts", &HOST_ENTRY_LIST),
    m("dockerSecurityOptions", &STR_LIST),
    m("interactive", &BOOL),
    m("pseudoTerminal", &BOOL),
    m("dockerLabels", &ANY),
    m("ulimits", &ULIMIT_LIST),
    m("logConfiguration", &LOG_CONFIGURATION),
    m("healthCheck", &HEALTH_CHECK),
    m("systemControls", &SYSTEM_CONTROLS),
    m("resourceRequirements", &RESOURCE_REQUIREMENTS),
    m("firelensConfiguration", &FIRELENS_CONFIGURATION),
    m("credentialSpecs", &STR_LIST),
]);
static CONTAINER_DEFINITIONS: Ty = Ty::List(&CONTAINER_DEFINITION);
static HOST_VOLUME_PROPERTIES: Ty = Ty::Struct(&[m("sourcePath", &STR)]);
static DOCKER_VOLUME_CONFIGURATION: Ty = Ty::Struct(&[
    m("scope", &STR),
    m("autoprovision", &BOOL),
    m("driver", &STR),
    m("driverOpts", &ANY),
    m("labels", &ANY),
]);
static EFS_AUTHORIZATION_CONFIG: Ty = Ty::Struct(&[m("accessPointId", &STR), m("iam", &STR)]);
static EFS_VOLUME_CONFIGURATION: Ty = Ty::Struct(&[
    req("fileSystemId", &STR),
    m("rootDirectory", &STR),
    m("transitEncryption", &STR),
    m("transitEncryptionPort", &INT),
    m("authorizationConfig", &EFS_AUTHORIZATION_CONFIG),
]);
static S3_FILES_VOLUME_CONFIGURATION: Ty = Ty::Struct(&[
    req("fileSystemArn", &STR),
    m("rootDirectory", &STR),
    m("transitEncryptionPort", &INT),
    m("accessPointArn", &STR),
]);
static FSX_WINDOWS_FILE_SERVER_AUTHORIZATION_CONFIG: Ty =
    Ty::Struct(&[req("credentialsParameter", &STR), req("domain", &STR)]);
static FSX_WINDOWS_FILE_SERVER_VOLUME_CONFIGURATION: Ty = Ty::Struct(&[
    req("fileSystemId", &STR),
    req("rootDirectory", &STR),
    req(
        "authorizationConfig",
        &FSX_WINDOWS_FILE_SERVER_AUTHORIZATION_CONFIG,
    ),
]);
static VOLUME: Ty = Ty::Struct(&[
    m("name", &STR),
    m("host", &HOST_VOLUME_PROPERTIES),
    m("dockerVolumeConfiguration", &DOCKER_VOLUME_CONFIGURATION),
    m("efsVolumeConfiguration", &EFS_VOLUME_CONFIGURATION),
    m("s3filesVolumeConfiguration", &S3_FILES_VOLUME_CONFIGURATION),
    m(
        "fsxWindowsFileServerVolumeConfiguration",
        &FSX_WINDOWS_FILE_SERVER_VOLUME_CONFIGURATION,
    ),
    m("configuredAtLaunch", &BOOL),
]);
static VOLUME_LIST: Ty = Ty::List(&VOLUME);
static TASK_DEFINITION_PLACEMENT_CONSTRAINT: Ty =
    Ty::Struct(&[m("type", &STR), m("expression", &STR)]);
static TASK_DEFINITION_PLACEMENT_CONSTRAINTS: Ty = Ty::List(&TASK_DEFINITION_PLACEMENT_CONSTRAINT);
static TAG: Ty = Ty::Struct(&[m("key", &STR), m("value", &STR)]);
static TAGS: Ty = Ty::List(&TAG);
static PROXY_CONFIGURATION_PROPERTIES: Ty = Ty::List(&KEY_VALUE_PAIR);
static PROXY_CONFIGURATION: Ty = Ty::Struct(&[
    m("type", &STR),
    req("containerName", &STR),
    m("properties", &PROXY_CONFIGURATION_PROPERTIES),
]);
static INFERENCE_ACCELERATOR: Ty = Ty::Struct(&[req("deviceName", &STR), req("deviceType", &STR)]);
static INFERENCE_ACCELERATORS: Ty = Ty::List(&INFERENCE_ACCELERATOR);
static EPHEMERAL_STORAGE: Ty = Ty::Struct(&[req("sizeInGiB", &INT)]);
static RUNTIME_PLATFORM: Ty =
    Ty::Struct(&[m("cpuArchitecture", &STR), m("operatingSystemFamily", &STR)]);

const fn op(name: &'static str, members: &'static [Member], summary: &'static str) -> Operation {
    Operation {
        service: "ecs",
        name,
        members,
        summary,
    }
}

/// RegisterTaskDefinition, DescribeTaskDefinition, DeregisterTaskDefinition,
/// ListTaskDefinitions and ListTaskDefinitionFamilies.
pub static ECS_TASK_DEFINITION_OPERATIONS: &[Operation] = &[
    op(
        "RegisterTaskDefinition",
        &[
            req("family", &STR),
            m("taskRoleArn", &STR),
            m("executionRoleArn", &STR),
            m("networkMode", &STR),
            req("containerDefinitions", &CONTAINER_DEFINITIONS),
            m("volumes", &VOLUME_LIST),
            m(
                "placementConstraints",
                &TASK_DEFINITION_PLACEMENT_CONSTRAINTS,
            ),
            m("requiresCompatibilities", &STR_LIST),
            m("cpu", &STR),
            m("memory", &STR),
            m("tags", &TAGS),
            m("pidMode", &STR),
            m("ipcMode", &STR),
            m("proxyConfiguration", &PROXY_CONFIGURATION),
            m("inferenceAccelerators", &INFERENCE_ACCELERATORS),
            m("ephemeralStorage", &EPHEMERAL_STORAGE),
            m("runtimePlatform", &RUNTIME_PLATFORM),
            m("enableFaultInjection", &BOOL),
        ],
        "Registers a new task definition from the supplied family and containerDefinitions.",
    ),
    op(
        "DescribeTaskDefinition",
        &[req("taskDefinition", &STR), m("include", &STR_LIST)],
        "Describes a task definition.",
    ),
    op(
        "DeregisterTaskDefinition",
        &[req("taskDefinition", &STR)],
        "Deregisters the specified task definition by family and revision.",
    ),
    op(
        "ListTaskDefinitions",
        &[
            m("familyPrefix", &STR),
            m("status", &STR),
            m("sort", &STR),
            m("nextToken", &STR),
            m("maxResults", &INT),
        ],
        "Returns a list of task definitions that are registered to your account.",
    ),
    op(
        "ListTaskDefinitionFamilies",
        &[
            m("familyPrefix", &STR),
            m("status", &STR),
            m("nextToken", &STR),
            m("maxResults", &INT),
        ],
        "Returns a list of task definition families that are registered to your account.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn member<'a>(members: &'a [Member], name: &str) -> &'a Member {
        members
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no member {name}"))
    }

    fn op_members(name: &str) -> &'static [Member] {
        ECS_TASK_DEFINITION_OPERATIONS
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.members)
            .unwrap_or_else(|| panic!("no operation {name}"))
    }

    #[test]
    fn five_operations_for_the_ecs_service() {
        let names: Vec<&str> = ECS_TASK_DEFINITION_OPERATIONS
            .iter()
            .map(|o| o.name)
            .collect();
        assert_eq!(
            names,
            [
                "RegisterTaskDefinition",
                "DescribeTaskDefinition",
                "DeregisterTaskDefinition",
                "ListTaskDefinitions",
                "ListTaskDefinitionFamilies"
            ]
        );
        assert!(ECS_TASK_DEFINITION_OPERATIONS
            .iter()
            .all(|o| o.service == "ecs"));
    }

    #[test]
    fn task_size_is_str_and_container_size_is_int() {
        let register = op_members("RegisterTaskDefinition");
        assert!(matches!(member(register, "cpu").ty, Ty::Str));
        assert!(matches!(member(register, "memory").ty, Ty::Str));
        assert!(member(register, "family").required);
        assert!(member(register, "containerDefinitions").required);
        let Ty::List(Ty::Struct(container)) = member(register, "containerDefinitions").ty else {
            panic!("containerDefinitions is a list of structures");
        };
        for name in [
            "cpu",
            "memory",
            "memoryReservation",
            "startTimeout",
            "stopTimeout",
        ] {
            assert!(matches!(member(container, name).ty, Ty::Int), "{name}");
        }
        assert!(matches!(member(container, "essential").ty, Ty::Bool));
        let Ty::List(Ty::Struct(port)) = member(container, "portMappings").ty else {
            panic!("portMappings is a list of structures");
        };
        assert!(matches!(member(port, "containerPort").ty, Ty::Int));
        let Ty::Struct(hc) = member(container, "healthCheck").ty else {
            panic!("healthCheck is a structure");
        };
        assert!(member(hc, "command").required);
        let Ty::Struct(log) = member(container, "logConfiguration").ty else {
            panic!("logConfiguration is a structure");
        };
        assert!(member(log, "logDriver").required);
        assert!(matches!(member(log, "options").ty, Ty::Any));
    }

    #[test]
    fn response_only_fields_are_not_parameters() {
        let register = op_members("RegisterTaskDefinition");
        for name in [
            "taskDefinitionArn",
            "revision",
            "status",
            "requiresAttributes",
            "compatibilities",
            "registeredAt",
            "registeredBy",
        ] {
            assert!(register.iter().all(|m| m.name != name), "{name}");
        }
        assert!(member(op_members("DescribeTaskDefinition"), "taskDefinition").required);
        assert!(matches!(
            member(op_members("ListTaskDefinitions"), "maxResults").ty,
            Ty::Int
        ));
    }
}

//! The fields AWS computes at registration: `compatibilities` (the launch
//! types the definition validated against) and `requiresAttributes` (the
//! container-instance capabilities the definition needs).
//!
//! Which attribute appears when was read off real `describe-task-definition`
//! outputs; e.g. awsvpc brings `docker-remote-api.1.18` and `task-eni`,
//! logging options `docker-remote-api.1.19`, `memoryReservation`
//! `docker-remote-api.1.21`, `initProcessEnabled` `docker-remote-api.1.25`.
//! AWS prints them in a hash order that varies between definitions; the
//! order here is the most common one seen in those outputs.

use super::fargate;
use super::task_definition::{
    Attribute, Compatibility, NetworkMode, RegisterTaskDefinitionInput, TaskDefinition,
};
use super::validate::Checked;
use serde_json::Value;

/// `EC2` always, `FARGATE` when the definition passes every Fargate rule
/// (asked for or not), `EXTERNAL`/`MANAGED_INSTANCES` when asked for.
pub fn compatibilities(input: &RegisterTaskDefinitionInput, checked: &Checked) -> Vec<String> {
    Compatibility::ALL
        .into_iter()
        .filter(|c| match c {
            Compatibility::Ec2 => true,
            Compatibility::Fargate => fargate::check_all(input, checked).is_ok(),
            other => checked.requires.contains(other),
        })
        .map(|c| c.as_str().to_string())
        .collect()
}

const API: &str = "com.amazonaws.ecs.capability.docker-remote-api.";

/// The capabilities a container instance needs to run `td`.
pub fn requires_attributes(td: &TaskDefinition) -> Vec<Attribute> {
    let containers = td.containers();
    let any = |f: &dyn Fn(&super::container_definition::ContainerDefinition) -> bool| {
        containers.iter().any(f)
    };
    let drivers = td.log_drivers();
    let awsvpc = td.network_mode() == NetworkMode::Awsvpc;
    let private_ecr = any(&|c| c.pulls_from_private_ecr());
    let secret_sources: Vec<&str> = containers
        .iter()
        .flat_map(|c| c.secrets())
        .map(|s| s.value_from.as_str())
        .collect();

    let mut names: Vec<String> = Vec::new();
    for d in drivers.iter().filter(|d| **d != "awsfirelens") {
        names.push(format!("com.amazonaws.ecs.capability.logging-driver.{d}"));
    }
    let mut push = |cond: bool, name: &str| {
        if cond {
            names.push(name.to_string());
        }
    };
    push(
        drivers.contains(&"awslogs") && td.has_execution_role(),
        "ecs.capability.execution-role-awslogs",
    );
    push(private_ecr, "com.amazonaws.ecs.capability.ecr-auth");
    for kind in ["fluentbit", "fluentd"] {
        push(
            any(&|c| {
                c.firelens_configuration
                    .as_ref()
                    .is_some_and(|f| f.config_type == kind)
            }),
            &format!("ecs.capability.firelens.{kind}"),
        );
    }
    push(
        any(&|c| {
            c.log_configuration
                .as_ref()
                .and_then(|l| l.options.as_ref())
                .is_some_and(|o| !o.is_empty())
        }),
        &format!("{API}1.19"),
    );
    push(
        td.volumes.iter().any(|v| {
            v.get("efsVolumeConfiguration")
                .is_some_and(|e| !e.is_null())
        }),
        "ecs.capability.efs",
    );
    push(
        any(&|c| c.memory_reservation.is_some()),
        &format!("{API}1.21"),
    );
    push(
        td.has_task_role(),
        "com.amazonaws.ecs.capability.task-iam-role",
    );
    push(
        any(&|c| c.privileged == Some(true)),
        "com.amazonaws.ecs.capability.privileged-container",
    );
    push(
        any(&|c| c.linux_parameter("initProcessEnabled") == Some(&Value::Bool(true))),
        &format!("{API}1.25"),
    );
    push(
        any(&|c| !c.depends_on().is_empty()),
        "ecs.capability.container-ordering",
    );
    push(
        any(&|c| c.health_check.is_some()),
        "ecs.capability.container-health-check",
    );
    push(
        private_ecr && td.has_execution_role(),
        "ecs.capability.execution-role-ecr-pull",
    );
    push(
        secret_sources
            .iter()
            .any(|s| !s.contains(":secretsmanager:")),
        "ecs.capability.secrets.ssm.environment-variables",
    );
    push(
        secret_sources
            .iter()
            .any(|s| s.contains(":secretsmanager:")),
        "ecs.capability.secrets.asm.environment-variables",
    );
    push(
        any(&|c| c.environment_files.as_ref().is_some_and(|f| !f.is_empty())),
        "ecs.capability.env-files.s3",
    );
    push(awsvpc, &format!("{API}1.18"));
    push(awsvpc, "ecs.capability.task-eni");
    push(
        drivers.contains(&"awsfirelens"),
        "com.amazonaws.ecs.capability.logging-driver.awsfirelens",
    );
    names.into_iter().map(|name| Attribute { name }).collect()
}

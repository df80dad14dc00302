//! Invariants that hold after any sequence of calls, however wrong: the model
//! never panics, a rejected call changes nothing, and the network's books
//! balance (no overlapping subnets, addresses inside their subnet and unique,
//! free-address counts that add up, at most one internet gateway per VPC).

use ecs_sim::console::Console;
use ecs_sim::ec2::cidr::Cidr;
use ecs_sim::world::directive::Directive;
use ecs_sim::{Command, World};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[path = "support/soak.rs"]
mod soak;

/// One API call, with its ids picked from whatever exists when it runs.
#[derive(Clone, Debug)]
enum Step {
    CreateVpc(u8, u8, u8),
    CreateSubnet(u8, u8, u8, u8, u8),
    DeleteSubnet(u8),
    DeleteVpc(u8),
    CreateIgw,
    AttachIgw(u8, u8),
    DetachIgw(u8, u8),
    CreateRouteTable(u8),
    Associate(u8, u8),
    CreateRoute(u8, u8),
    CreateSg(u8, u8),
    Authorize(u8, u8, u16),
    Endpoint(u8, u8, u8),
    AllocateAndNat(u8),
    Advance(u16),
    EcsService(u8, u8),
    EcsScale(u8, u8),
    EcsStopTask(u8),
    EcsInstance,
    EcsRunTask(u8, u8),
    /// A fault on the image every task runs: crash, failing health check, recover.
    ImageFault(u8),
    /// AWS reclaims this many Fargate Spot tasks.
    SpotInterrupt(u8),
    /// A new deployment: another revision (or forced), with random percents.
    EcsDeploy(u8, u8, u8),
    /// Application Auto Scaling on a service: a target, a policy or a scheduled action.
    AutoScale(u8, u8),
    /// ECS Exec into a task, and what a command prints inside it.
    EcsExec(u8, String),
    /// EventBridge Scheduler: a schedule that runs tasks (or a deleted one).
    Schedule(u8, u8),
    /// EC2 capacity from an Auto Scaling group capacity provider: a service on
    /// it, its desired count, or the group's size set by hand.
    Asg(u8, u8),
    /// Service Connect: a namespace, a service as client or (refused: no
    /// named port) as server, or the namespace deleted.
    ServiceConnect(u8, u8),
    /// Container secrets: a secret or parameter created, rotated or deleted,
    /// and a task definition that names them (run as a task).
    Secrets(u8, u8),
    /// CI: a commit, a build (its buildspec's command fuzzed), a stop, a promotion.
    Cicd(u8, String),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (any::<u8>(), any::<u8>(), 12u8..32).prop_map(|(a, b, p)| Step::CreateVpc(a, b, p)),
        (any::<u8>(), any::<u8>(), any::<u8>(), 14u8..32, any::<u8>())
            .prop_map(|(v, a, b, p, z)| Step::CreateSubnet(v, a, b, p, z)),
        any::<u8>().prop_map(Step::DeleteSubnet),
        any::<u8>().prop_map(Step::DeleteVpc),
        Just(Step::CreateIgw),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::AttachIgw(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::DetachIgw(a, b)),
        any::<u8>().prop_map(Step::CreateRouteTable),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::Associate(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::CreateRoute(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::CreateSg(a, b)),
        (any::<u8>(), any::<u8>(), any::<u16>()).prop_map(|(a, b, p)| Step::Authorize(a, b, p)),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Step::Endpoint(a, b, c)),
        any::<u8>().prop_map(Step::AllocateAndNat),
        (0u16..400).prop_map(Step::Advance),
        (any::<u8>(), 0u8..6).prop_map(|(a, b)| Step::EcsService(a, b)),
        (any::<u8>(), 0u8..12).prop_map(|(a, b)| Step::EcsScale(a, b)),
        any::<u8>().prop_map(Step::EcsStopTask),
        Just(Step::EcsInstance),
        (any::<u8>(), 1u8..4).prop_map(|(a, b)| Step::EcsRunTask(a, b)),
        any::<u8>().prop_map(Step::ImageFault),
        any::<u8>().prop_map(Step::SpotInterrupt),
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(s, m, x)| Step::EcsDeploy(s, m, x)),
        (any::<u8>(), any::<u8>()).prop_map(|(s, n)| Step::AutoScale(s, n)),
        (
            any::<u8>(),
            "(curl |env|printenv |sh -c |hostname|/bin/sh|)[-a-zA-Z0-9:/.@\\[\\]%' ]{0,30}"
        )
            .prop_map(|(t, c)| Step::EcsExec(t, c)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::Schedule(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::Asg(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::ServiceConnect(a, b)),
        (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::Secrets(a, b)),
        (
            any::<u8>(),
            "(docker |trivy image |dockle |echo |printf |aws ecr |cut -c |IMAGE_TAG=|cat )[-a-zA-Z0-9:/.$@{}()|>&'\" ]{0,40}"
        )
            .prop_map(|(a, c)| Step::Cicd(a, c)),
    ]
}

fn pick(ids: &[String], i: u8) -> String {
    if ids.is_empty() {
        "missing-id".to_string()
    } else {
        ids[i as usize % ids.len()].clone()
    }
}

/// ECS calls need a cluster and task definitions; every sequence starts with them.
/// Service Connect calls on cluster c's services.
fn service_connect_calls(world: &World, step: &Step) -> Vec<(&'static str, &'static str, Value)> {
    let Step::ServiceConnect(a, b) = step else {
        return vec![];
    };
    let service = format!("s{}", a % 3);
    match b % 4 {
        0 => vec![(
            "servicediscovery",
            "CreateHttpNamespace",
            json!({ "Name": "n" }),
        )],
        1 => vec![(
            "ecs",
            "UpdateService",
            json!({ "cluster": "c", "service": service,
            "serviceConnectConfiguration": { "enabled": a % 2 == 0, "namespace": "n" } }),
        )],
        2 => vec![(
            "ecs",
            "UpdateService",
            json!({ "cluster": "c", "service": service,
            "serviceConnectConfiguration": { "enabled": true, "namespace": "n",
                "services": [{ "portName": "web", "clientAliases": [{ "port": 80, "dnsName": "web" }] }] } }),
        )],
        _ => {
            let id = world
                .cloud_map
                .namespaces
                .keys()
                .next()
                .cloned()
                .unwrap_or_default();
            vec![("servicediscovery", "DeleteNamespace", json!({ "Id": id }))]
        }
    }
}

/// Secrets Manager and Parameter Store calls, and a task that reads them at start.
fn secrets_calls(world: &World, step: &Step) -> Vec<(&'static str, &'static str, Value)> {
    let Step::Secrets(a, b) = step else {
        return vec![];
    };
    let secret = format!("db{}", a % 2);
    let arn = world
        .secrets_manager
        .secrets
        .get(&secret)
        .map(|s| s.arn.clone())
        .unwrap_or_else(|| {
            format!("arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:{secret}-AbCdEf")
        });
    let subnets: Vec<String> = world.ec2.subnets.keys().cloned().collect();
    match b % 7 {
        0 => vec![(
            "secretsmanager",
            "CreateSecret",
            json!({ "Name": secret, "SecretString": if a % 3 == 0 { r#"{"password":"p"}"# } else { "plain" } }),
        )],
        1 => vec![(
            "secretsmanager",
            "PutSecretValue",
            json!({ "SecretId": secret, "SecretString": format!("v{a}") }),
        )],
        2 => vec![(
            "secretsmanager",
            "DeleteSecret",
            if a % 2 == 0 {
                json!({ "SecretId": secret, "ForceDeleteWithoutRecovery": true })
            } else {
                json!({ "SecretId": secret, "RecoveryWindowInDays": 7 + a % 30 })
            },
        )],
        3 => {
            let kind = ["String", "SecureString", "Bogus"][usize::from(a % 3)];
            vec![(
                "ssm",
                "PutParameter",
                json!({ "Name": format!("/app/p{}", a % 2), "Value": format!("v{a}"), "Type": kind, "Overwrite": a % 4 == 0 }),
            )]
        }
        4 => vec![(
            "ssm",
            "DeleteParameter",
            json!({ "Name": format!("/app/p{}", a % 2) }),
        )],
        5 if a % 2 == 0 => vec![(
            "iam",
            "DeleteRolePolicy",
            json!({ "RoleName": "exec", "PolicyName": "secrets" }),
        )],
        5 => vec![(
            "iam",
            "PutRolePolicy",
            json!({ "RoleName": "exec", "PolicyName": "secrets", "PolicyDocument": r#"{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","ssm:GetParameters"],"Resource":"*"}]}"# }),
        )],
        _ => vec![
            (
                "ecs",
                "RegisterTaskDefinition",
                json!({ "family": "sec", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
                "executionRoleArn": "arn:aws:iam::123456789012:role/exec",
                "containerDefinitions": [{ "name": "app", "image": "nginx", "secrets": [
                    { "name": "A", "valueFrom": if a % 4 == 0 { format!("{arn}:password::") } else { arn } },
                    { "name": "B", "valueFrom": format!("/app/p{}", a % 2) }] }] }),
            ),
            (
                "ecs",
                "RunTask",
                json!({ "cluster": "c", "taskDefinition": "sec", "launchType": "FARGATE",
                "networkConfiguration": { "awsvpcConfiguration": { "subnets": [pick(&subnets, *a)], "assignPublicIp": if a % 2 == 0 { "ENABLED" } else { "DISABLED" } } } }),
            ),
        ],
    }
}

/// CodeCommit and CodeBuild calls on repository r and project p.
fn cicd_calls(world: &World, step: &Step) -> Vec<(&'static str, &'static str, Value)> {
    use base64::Engine;
    let Step::Cicd(a, command) = step else {
        return vec![];
    };
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let tip = world
        .codecommit
        .repositories
        .get("r")
        .and_then(|r| r.branches.get("main").cloned());
    let build = world.codebuild.builds.keys().nth(usize::from(*a)).cloned();
    match a % 7 {
        6 => vec![(
            "sts",
            "AssumeRoleWithWebIdentity",
            json!({ "RoleArn": "arn:aws:iam::123456789012:role/cb", "RoleSessionName": "gha", "WebIdentityToken": command }),
        )],
        0 => vec![(
            "codecommit",
            "PutFile",
            json!({ "repositoryName": "r", "branchName": "main", "filePath": "Dockerfile",
                "fileContent": encode(&format!("FROM {}\nUSER app\n", ["node:14", "node:20-slim", "nginx", "alpine"][usize::from(a / 6 % 4)])),
                "parentCommitId": tip }),
        )],
        1 => vec![(
            "codebuild",
            "StartBuild",
            json!({ "projectName": "pj", "privilegedModeOverride": a % 4 != 1,
                "buildspecOverride": format!("version: 0.2\nphases:\n  build:\n    commands:\n      - {}\n      - docker build -t 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:t{} .\n      - docker push 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:t{}\n", serde_json::to_string(command).unwrap_or_default(), a % 3, a % 3) }),
        )],
        2 => vec![("codebuild", "StartBuild", json!({ "projectName": "pj" }))],
        3 => vec![(
            "codebuild",
            "StopBuild",
            json!({ "id": build.unwrap_or_default() }),
        )],
        4 => vec![(
            "codebuild",
            "StartBuild",
            json!({ "projectName": "pj", "buildspecOverride": command }),
        )],
        _ => vec![(
            "codecommit",
            "MergeBranchesByFastForward",
            json!({ "repositoryName": "r", "sourceCommitSpecifier": "main", "destinationCommitSpecifier": "staging", "targetBranch": "staging" }),
        )],
    }
}

/// Calls on the Auto Scaling group capacity provider `asg` of cluster c.
fn asg_calls(step: &Step) -> Vec<(&'static str, &'static str, Value)> {
    let Step::Asg(a, b) = step else {
        return vec![];
    };
    let service = format!("asg{}", a % 2);
    match b % 6 {
        0 => vec![(
            "ecs",
            "CreateService",
            json!({ "cluster": "c", "serviceName": service, "taskDefinition": "b",
            "desiredCount": a % 6, "capacityProviderStrategy": [{ "capacityProvider": "asg", "weight": 1 }] }),
        )],
        1 => vec![(
            "ecs",
            "UpdateService",
            json!({ "cluster": "c", "service": service, "desiredCount": b % 7 }),
        )],
        2 => vec![(
            "autoscaling",
            "SetDesiredCapacity",
            json!({ "AutoScalingGroupName": "g", "DesiredCapacity": a % 5 }),
        )],
        3 => vec![(
            "autoscaling",
            "UpdateAutoScalingGroup",
            json!({ "AutoScalingGroupName": "g", "MinSize": a % 2, "MaxSize": 1 + (a / 2) % 4 }),
        )],
        // The provider taken from the cluster (refused while in use), or given back.
        4 => vec![(
            "ecs",
            "PutClusterCapacityProviders",
            json!({ "cluster": "c",
                "capacityProviders": if a % 2 == 0 { json!(["FARGATE", "FARGATE_SPOT"]) } else { json!(["FARGATE", "FARGATE_SPOT", "asg"]) },
                "defaultCapacityProviderStrategy": [] }),
        )],
        _ => vec![(
            "ecs",
            "UpdateService",
            json!({ "cluster": "c", "service": service, "desiredCount": 0 }),
        )],
    }
}

/// EventBridge Scheduler calls: a schedule on cluster c with a random
/// expression, window and task definition, or a schedule deleted.
fn scheduler_calls(world: &World, step: &Step) -> Vec<(&'static str, Value)> {
    let Step::Schedule(a, b) = step else {
        return vec![];
    };
    let name = format!("s{}", a % 4);
    if b % 5 == 0 {
        return vec![("DeleteSchedule", json!({ "Name": name }))];
    }
    let expressions = [
        "rate(1 minute)",
        "rate(7 minutes)",
        "cron(*/5 * * * ? *)",
        "at(2026-01-01T00:10:00)",
        "rate(0 minutes)",
        "cron(0 9 * * * *)",
    ];
    let subnet = world
        .ec2
        .subnets
        .keys()
        .nth(usize::from(*b) % world.ec2.subnets.len().max(1))
        .cloned()
        .unwrap_or_default();
    let window = if b % 3 == 0 {
        json!({ "Mode": "FLEXIBLE", "MaximumWindowInMinutes": 1 + b % 20 })
    } else {
        json!({ "Mode": "OFF" })
    };
    vec![(
        if a % 7 == 0 {
            "UpdateSchedule"
        } else {
            "CreateSchedule"
        },
        json!({ "Name": name, "ScheduleExpression": expressions[usize::from(*b) % expressions.len()],
            "FlexibleTimeWindow": window, "ActionAfterCompletion": if a % 2 == 0 { "DELETE" } else { "NONE" },
            "Target": { "Arn": "arn:aws:ecs:ap-northeast-1:123456789012:cluster/c", "RoleArn": "arn:aws:iam::123456789012:role/sched",
                "EcsParameters": { "TaskDefinitionArn": format!("f:{}", 1 + a % 2), "TaskCount": 1 + i64::from(a % 3), "LaunchType": "FARGATE",
                    "NetworkConfiguration": { "awsvpcConfiguration": { "Subnets": [subnet], "AssignPublicIp": "ENABLED" } } } } }),
    )]
}

fn ecs_setup(world: &mut World) {
    for (operation, params) in [
        (
            "CreateRole",
            json!({ "RoleName": "exec", "AssumeRolePolicyDocument": r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"# }),
        ),
        (
            "CreateRole",
            json!({ "RoleName": "sched", "AssumeRolePolicyDocument": r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":"sts:AssumeRole"}]}"# }),
        ),
        (
            "PutRolePolicy",
            json!({ "RoleName": "sched", "PolicyName": "run", "PolicyDocument": r#"{"Statement":[{"Effect":"Allow","Action":["ecs:RunTask","iam:PassRole"],"Resource":"*"}]}"# }),
        ),
    ] {
        let command = Command::from_api("iam", operation, params).expect("well-formed call");
        world.apply(command).expect("setup succeeds");
    }
    for (operation, params) in [
        (
            "CreateCluster",
            json!({ "clusterName": "c", "capacityProviders": ["FARGATE", "FARGATE_SPOT"] }),
        ),
        (
            "RegisterTaskDefinition",
            json!({ "family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "containerDefinitions": [{ "name": "app", "image": "nginx", "portMappings": [{ "containerPort": 80 }],
                "healthCheck": { "command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "interval": 5, "retries": 2, "startPeriod": 0 } }] }),
        ),
        (
            "RegisterTaskDefinition",
            json!({ "family": "f", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "containerDefinitions": [{ "name": "app", "image": "nginx:2", "portMappings": [{ "containerPort": 80 }],
                "command": ["sh", "-c", "sleep 90"] }] }),
        ),
        (
            "RegisterTaskDefinition",
            json!({ "family": "b", "networkMode": "bridge",
            "containerDefinitions": [{ "name": "app", "image": "nginx", "memory": 300, "portMappings": [{ "containerPort": 80, "hostPort": 80 }] }] }),
        ),
    ] {
        let command = Command::from_api("ecs", operation, params).expect("well-formed call");
        world.apply(command).expect("setup succeeds");
    }
    // Secrets the execution role exec may read: db0 (JSON), db1, /app/p0, /app/p1.
    for (service, operation, params) in [
        (
            "iam",
            "PutRolePolicy",
            json!({ "RoleName": "exec", "PolicyName": "secrets", "PolicyDocument": r#"{"Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","ssm:GetParameters"],"Resource":"*"}]}"# }),
        ),
        (
            "secretsmanager",
            "CreateSecret",
            json!({ "Name": "db0", "SecretString": r#"{"password":"p"}"# }),
        ),
        (
            "secretsmanager",
            "CreateSecret",
            json!({ "Name": "db1", "SecretString": "s" }),
        ),
        (
            "ssm",
            "PutParameter",
            json!({ "Name": "/app/p0", "Value": "v", "Type": "String" }),
        ),
        (
            "ssm",
            "PutParameter",
            json!({ "Name": "/app/p1", "Value": "v", "Type": "SecureString" }),
        ),
    ] {
        let command = Command::from_api(service, operation, params).expect("well-formed call");
        world.apply(command).expect("setup succeeds");
    }
    // CI: repository r (main and staging), ECR repository w, role cb, project p.
    {
        use base64::Engine;
        let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
        let buildspec = "version: 0.2\nphases:\n  pre_build:\n    commands:\n      - aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com\n  build:\n    on-failure: ABORT\n    commands:\n      - docker build -t 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7} .\n      - trivy image --exit-code 1 --severity CRITICAL 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7}\n  post_build:\n    commands:\n      - docker push 123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:${CODEBUILD_RESOLVED_SOURCE_VERSION:0:7}\n";
        let calls = [
            (
                "ecr",
                "CreateRepository",
                json!({ "repositoryName": "web" }),
            ),
            (
                "codecommit",
                "CreateRepository",
                json!({ "repositoryName": "r" }),
            ),
            (
                "codecommit",
                "PutFile",
                json!({ "repositoryName": "r", "branchName": "main", "filePath": "buildspec.yml", "fileContent": encode(buildspec) }),
            ),
            (
                "iam",
                "CreateRole",
                json!({ "RoleName": "cb", "AssumeRolePolicyDocument": r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":"sts:AssumeRole"}]}"# }),
            ),
            (
                "iam",
                "PutRolePolicy",
                json!({ "RoleName": "cb", "PolicyName": "all", "PolicyDocument": r#"{"Statement":[{"Effect":"Allow","Action":["logs:*","codecommit:GitPull","ecr:*"],"Resource":"*"}]}"# }),
            ),
            (
                "codebuild",
                "CreateProject",
                json!({ "name": "pj", "source": { "type": "CODECOMMIT", "location": "https://git-codecommit.ap-northeast-1.amazonaws.com/v1/repos/r" },
                "sourceVersion": "refs/heads/staging", "artifacts": { "type": "NO_ARTIFACTS" },
                "environment": { "type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL", "privilegedMode": true },
                "serviceRole": "arn:aws:iam::123456789012:role/cb" }),
            ),
        ];
        for (service, operation, params) in calls {
            let command = Command::from_api(service, operation, params).expect("well-formed call");
            world.apply(command).expect("setup succeeds");
        }
        let first = world.codecommit.repositories["r"].branches["main"].clone();
        let command = Command::from_api(
            "codecommit",
            "CreateBranch",
            json!({ "repositoryName": "r", "branchName": "staging", "commitId": first }),
        )
        .expect("well-formed call");
        world.apply(command).expect("setup succeeds");
    }
    // EC2 capacity that managed scaling grows and shrinks: group g, provider asg.
    let subnets: Vec<String> = world.ec2.subnets.keys().take(2).cloned().collect();
    let user_data = ecs_sim::ec2::launch_template::encode_base64(
        b"#!/bin/bash\necho ECS_CLUSTER=c >> /etc/ecs/ecs.config\n",
    );
    for (service, operation, params) in [
        (
            "iam",
            "CreateRole",
            json!({ "RoleName": "inst", "AssumeRolePolicyDocument": r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"# }),
        ),
        (
            "iam",
            "AttachRolePolicy",
            json!({ "RoleName": "inst", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role" }),
        ),
        (
            "iam",
            "CreateInstanceProfile",
            json!({ "InstanceProfileName": "inst" }),
        ),
        (
            "iam",
            "AddRoleToInstanceProfile",
            json!({ "InstanceProfileName": "inst", "RoleName": "inst" }),
        ),
        (
            "ec2",
            "CreateLaunchTemplate",
            json!({ "LaunchTemplateName": "ltx", "LaunchTemplateData": { "InstanceType": "t3.small", "IamInstanceProfile": { "Name": "inst" }, "UserData": user_data } }),
        ),
        (
            "autoscaling",
            "CreateAutoScalingGroup",
            json!({ "AutoScalingGroupName": "g", "LaunchTemplate": { "LaunchTemplateName": "ltx" }, "MinSize": 0, "MaxSize": 3, "VPCZoneIdentifier": subnets.join(",") }),
        ),
    ] {
        let command = Command::from_api(service, operation, params).expect("well-formed call");
        world.apply(command).expect("setup succeeds");
    }
    let group = world
        .ec2_auto_scaling
        .groups
        .get("g")
        .map(|g| g.arn.clone())
        .unwrap_or_default();
    for (operation, params) in [
        (
            "CreateCapacityProvider",
            json!({ "name": "asg", "autoScalingGroupProvider": { "autoScalingGroupArn": group, "managedScaling": { "status": "ENABLED", "targetCapacity": 100 } } }),
        ),
        (
            "PutClusterCapacityProviders",
            json!({ "cluster": "c", "capacityProviders": ["FARGATE", "FARGATE_SPOT", "asg"], "defaultCapacityProviderStrategy": [] }),
        ),
    ] {
        let command = Command::from_api("ecs", operation, params).expect("well-formed call");
        world.apply(command).expect("setup succeeds");
    }
}

fn autoscaling_calls(step: &Step) -> Vec<(&'static str, Value)> {
    let Step::AutoScale(s, n) = step else {
        return vec![];
    };
    let target = json!({ "ServiceNamespace": "ecs", "ResourceId": format!("service/c/s{}", s % 3), "ScalableDimension": "ecs:service:DesiredCount" });
    let mut params = target.clone();
    match n % 4 {
        0 => {
            params["MinCapacity"] = json!(n % 3);
            params["MaxCapacity"] = json!(n % 3 + n % 5);
            vec![("RegisterScalableTarget", params)]
        }
        1 => {
            params["PolicyName"] = json!("tt");
            params["PolicyType"] = json!("TargetTrackingScaling");
            params["TargetTrackingScalingPolicyConfiguration"] = json!({ "TargetValue": f64::from(*n % 90) + 0.5,
                "PredefinedMetricSpecification": { "PredefinedMetricType": "ECSServiceAverageCPUUtilization" },
                "ScaleInCooldown": i64::from(*s), "DisableScaleIn": s % 2 == 0 });
            vec![("PutScalingPolicy", params)]
        }
        2 => {
            params["ScheduledActionName"] = json!("sched");
            params["Schedule"] = json!(format!("cron({} * * * ? *)", n % 60));
            params["ScalableTargetAction"] = json!({ "MinCapacity": s % 4, "MaxCapacity": 4 });
            vec![("PutScheduledAction", params)]
        }
        _ => vec![("DeregisterScalableTarget", target)],
    }
}

fn ecs_calls(world: &World, step: &Step) -> Vec<(&'static str, Value)> {
    let subnets: Vec<String> = world.ec2.subnets.keys().cloned().collect();
    let tasks: Vec<String> = world.ecs.tasks.keys().cloned().collect();
    match step {
        Step::EcsService(s, n) => {
            let mut params = json!({
                "cluster": "c", "serviceName": format!("s{}", s % 3), "taskDefinition": "f", "desiredCount": n,
                "networkConfiguration": { "awsvpcConfiguration": { "subnets": [pick(&subnets, *s), pick(&subnets, s.wrapping_add(1))], "assignPublicIp": "ENABLED" } },
            });
            // Some services split their tasks between FARGATE and FARGATE_SPOT.
            params[if s % 2 == 0 {
                "launchType"
            } else {
                "capacityProviderStrategy"
            }] = if s % 2 == 0 {
                json!("FARGATE")
            } else {
                json!([{ "capacityProvider": "FARGATE", "base": s % 3, "weight": s % 4 }, { "capacityProvider": "FARGATE_SPOT", "weight": s % 5 }])
            };
            vec![("CreateService", params)]
        }
        Step::EcsDeploy(s, minimum, maximum) => vec![(
            "UpdateService",
            json!({ "cluster": "c", "service": format!("s{}", s % 3),
                "taskDefinition": format!("f:{}", 1 + s % 2), "forceNewDeployment": s % 5 == 0,
                "deploymentConfiguration": { "minimumHealthyPercent": minimum % 101, "maximumPercent": 100 + maximum % 101,
                    "deploymentCircuitBreaker": { "enable": s % 3 == 0, "rollback": s % 2 == 0 } } }),
        )],
        Step::EcsScale(s, n) => vec![(
            "UpdateService",
            json!({ "cluster": "c", "service": format!("s{}", s % 3), "desiredCount": n }),
        )],
        Step::EcsStopTask(t) => vec![(
            "StopTask",
            json!({ "cluster": "c", "task": pick(&tasks, *t) }),
        )],
        Step::EcsExec(t, command) => vec![(
            "ExecuteCommand",
            json!({ "cluster": "c", "task": pick(&tasks, *t), "interactive": t % 5 != 0, "command": command }),
        )],
        Step::EcsRunTask(s, n) => vec![(
            "RunTask",
            json!({ "cluster": "c", "taskDefinition": if s % 2 == 0 { "b" } else { "f" }, "count": n,
            "enableExecuteCommand": s % 3 == 0,
            "launchType": if s % 2 == 0 { "EC2" } else { "FARGATE" },
            "networkConfiguration": if s % 2 == 0 { Value::Null } else { json!({ "awsvpcConfiguration": { "subnets": [pick(&subnets, *s)] } }) } }),
        )],
        _ => vec![],
    }
}

fn calls(world: &World, step: &Step) -> Vec<(&'static str, Value)> {
    let ec2 = &world.ec2;
    let vpcs: Vec<String> = ec2.vpcs.keys().cloned().collect();
    let subnets: Vec<String> = ec2.subnets.keys().cloned().collect();
    let igws: Vec<String> = ec2.internet_gateways.keys().cloned().collect();
    let tables: Vec<String> = ec2.route_tables.keys().cloned().collect();
    let groups: Vec<String> = ec2.security_groups.keys().cloned().collect();
    let azs = &world.availability_zones;
    match step {
        Step::CreateVpc(a, b, p) => vec![(
            "CreateVpc",
            json!({ "CidrBlock": format!("10.{a}.{b}.0/{p}") }),
        )],
        Step::CreateSubnet(v, a, b, p, z) => {
            let vpc = pick(&vpcs, *v);
            let base = ec2
                .vpcs
                .get(&vpc)
                .and_then(|v| v.primary_cidr())
                .map(|c| c.network().octets())
                .unwrap_or([10, 0, 0, 0]);
            vec![(
                "CreateSubnet",
                json!({
                    "VpcId": vpc,
                    "CidrBlock": format!("{}.{}.{}.{}/{p}", base[0], base[1], base[2].wrapping_add(*a % 4), b & 0xF0),
                    "AvailabilityZone": azs[*z as usize % azs.len()],
                }),
            )]
        }
        Step::DeleteSubnet(i) => vec![("DeleteSubnet", json!({ "SubnetId": pick(&subnets, *i) }))],
        Step::DeleteVpc(i) => vec![("DeleteVpc", json!({ "VpcId": pick(&vpcs, *i) }))],
        Step::CreateIgw => vec![("CreateInternetGateway", json!({}))],
        Step::AttachIgw(g, v) => vec![(
            "AttachInternetGateway",
            json!({ "InternetGatewayId": pick(&igws, *g), "VpcId": pick(&vpcs, *v) }),
        )],
        Step::DetachIgw(g, v) => vec![(
            "DetachInternetGateway",
            json!({ "InternetGatewayId": pick(&igws, *g), "VpcId": pick(&vpcs, *v) }),
        )],
        Step::CreateRouteTable(v) => {
            vec![("CreateRouteTable", json!({ "VpcId": pick(&vpcs, *v) }))]
        }
        Step::Associate(t, s) => vec![(
            "AssociateRouteTable",
            json!({ "RouteTableId": pick(&tables, *t), "SubnetId": pick(&subnets, *s) }),
        )],
        Step::CreateRoute(t, g) => vec![(
            "CreateRoute",
            json!({ "RouteTableId": pick(&tables, *t), "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": pick(&igws, *g) }),
        )],
        Step::CreateSg(v, n) => vec![(
            "CreateSecurityGroup",
            json!({ "VpcId": pick(&vpcs, *v), "GroupName": format!("g{}", n % 8), "Description": "d" }),
        )],
        Step::Authorize(g, s, port) => vec![(
            "AuthorizeSecurityGroupIngress",
            json!({
                "GroupId": pick(&groups, *g),
                "IpPermissions": [{ "IpProtocol": "tcp", "FromPort": i64::from(*port) % 70000, "ToPort": i64::from(*port) % 70000,
                    "UserIdGroupPairs": [{ "GroupId": pick(&groups, *s) }] }],
            }),
        )],
        Step::Endpoint(v, s, kind) => vec![(
            "CreateVpcEndpoint",
            json!({
                "VpcId": pick(&vpcs, *v),
                "ServiceName": format!("com.amazonaws.ap-northeast-1.{}", ["ecr.api", "ecr.dkr", "logs", "s3"][*kind as usize % 4]),
                "VpcEndpointType": if kind % 2 == 0 { "Interface" } else { "Gateway" },
                "PrivateDnsEnabled": false,
                "SubnetIds": [pick(&subnets, *s)],
                "RouteTableIds": [pick(&tables, *s)],
            }),
        )],
        Step::AllocateAndNat(s) => vec![
            ("AllocateAddress", json!({})),
            (
                "CreateNatGateway",
                json!({ "SubnetId": pick(&subnets, *s), "AllocationId": ec2.addresses.keys().next().cloned().unwrap_or_default() }),
            ),
        ],
        Step::Advance(_)
        | Step::EcsService(..)
        | Step::EcsScale(..)
        | Step::EcsStopTask(_)
        | Step::EcsInstance
        | Step::EcsRunTask(..)
        | Step::ImageFault(_)
        | Step::SpotInterrupt(_)
        | Step::EcsDeploy(..)
        | Step::AutoScale(..)
        | Step::EcsExec(..)
        | Step::Schedule(..)
        | Step::Asg(..)
        | Step::ServiceConnect(..)
        | Step::Secrets(..)
        | Step::Cicd(..) => vec![],
    }
}

fn check_invariants(world: &World) -> Result<(), String> {
    for group in world.ec2_auto_scaling.groups.values() {
        if !(group.min_size..=group.max_size).contains(&group.desired_capacity) {
            return Err(format!(
                "{}: desired {} outside {}..={}",
                group.name, group.desired_capacity, group.min_size, group.max_size
            ));
        }
        for instance in &group.instances {
            if !world
                .ec2
                .network_interfaces
                .contains_key(&instance.network_interface_id)
            {
                return Err(format!("{} has no network interface", instance.id));
            }
            if let Some(arn) = &instance.container_instance_arn {
                if !world.ecs.container_instances.contains_key(arn) {
                    return Err(format!("{} lost its container instance", instance.id));
                }
            }
        }
    }
    for build in world.codebuild.builds.values() {
        let ordered = build
            .phases
            .windows(2)
            .all(|w| w[0].start + w[0].duration <= w[1].start);
        let ends = build
            .phases
            .last()
            .is_some_and(|p| p.phase_type == "COMPLETED");
        if !ordered || !ends || build.total > build.timeout_in_minutes * 60 + 2 {
            return Err(format!(
                "build {} has phases out of order or past its timeout",
                build.id
            ));
        }
    }
    for task in world.ecs.tasks.values() {
        // A task only runs with every secret it names read at start.
        if task.last_status == ecs_sim::ecs::task::TaskStatus::Running {
            if let Some(td) = world.ecs.task_definitions.get(&task.task_definition_arn) {
                for definition in td.containers() {
                    let started = task.containers.iter().find(|c| c.name == definition.name());
                    for secret in definition.secrets() {
                        if !started.is_some_and(|c| c.secret_values.contains_key(&secret.name)) {
                            return Err(format!(
                                "task {} runs without its secret {}",
                                task.id, secret.name
                            ));
                        }
                    }
                }
            }
        }
        if task.awaiting_capacity.is_some() && task.container_instance_arn.is_some() {
            return Err(format!("task {} waits for capacity but is placed", task.id));
        }
        if let Some(provider) = &task.awaiting_capacity {
            if !task.is_stopped() && !world.ecs.asg_capacity_providers.contains_key(provider) {
                return Err(format!(
                    "task {} waits for a provider that does not exist",
                    task.id
                ));
            }
        }
        if let (Some(provider), Some(instance)) =
            (&task.capacity_provider_name, &task.container_instance_arn)
        {
            if !task.desired_stopped && world.ecs.asg_capacity_providers.contains_key(provider) {
                let arn = &world.ecs.asg_capacity_providers[provider].auto_scaling_group_arn;
                let in_group = world
                    .ec2_auto_scaling
                    .groups
                    .values()
                    .filter(|g| &g.arn == arn)
                    .any(|g| {
                        g.instances
                            .iter()
                            .any(|i| i.container_instance_arn.as_ref() == Some(instance))
                    });
                if !in_group {
                    return Err(format!(
                        "task {} of {provider} runs outside its group",
                        task.id
                    ));
                }
            }
        }
    }
    // A namespace an active service connects through is never deleted from under it.
    for service in world.ecs.services.values() {
        if let Some(namespace) = service
            .service_connect
            .as_ref()
            .and_then(|c| c.namespace.as_ref())
        {
            if service.status != ecs_sim::ecs::service::ServiceStatus::Inactive
                && !world
                    .cloud_map
                    .namespaces
                    .values()
                    .any(|n| &n.arn == namespace)
            {
                return Err(format!(
                    "{} connects through a deleted namespace",
                    service.name
                ));
            }
        }
    }
    // Every instance interface belongs to a live group instance or a container instance.
    for eni in world.ec2.network_interfaces.values() {
        if let ecs_sim::ec2::InterfaceOwner::Instance(id) = &eni.owner {
            let in_group = world
                .ec2_auto_scaling
                .groups
                .values()
                .any(|g| g.instances.iter().any(|i| &i.id == id));
            let registered = world
                .ecs
                .container_instances
                .values()
                .any(|c| &c.ec2_instance_id == id);
            if !in_group && !registered {
                return Err(format!(
                    "{} belongs to {id}, which no longer exists",
                    eni.id
                ));
            }
        }
    }
    let ec2 = &world.ec2;
    for (id, subnet) in &ec2.subnets {
        let vpc = ec2
            .vpcs
            .get(&subnet.vpc_id)
            .ok_or(format!("{id} has no VPC"))?;
        if !vpc.cidrs().any(|c| c.contains(&subnet.cidr)) {
            return Err(format!("{id} {} outside its VPC", subnet.cidr));
        }
        for (other_id, other) in &ec2.subnets {
            if other_id != id && other.vpc_id == subnet.vpc_id && other.cidr.overlaps(&subnet.cidr)
            {
                return Err(format!("{id} overlaps {other_id}"));
            }
        }
        let used: Vec<_> = ec2.used_addresses(id).collect();
        let unique: BTreeSet<_> = used.iter().map(|e| e.private_ip).collect();
        if unique.len() != used.len() {
            return Err(format!("{id} has a duplicate address"));
        }
        for eni in &used {
            if !subnet.cidr.contains_addr(eni.private_ip) || subnet.cidr.is_reserved(eni.private_ip)
            {
                return Err(format!(
                    "{} has address {} outside or reserved in {}",
                    eni.id, eni.private_ip, subnet.cidr
                ));
            }
        }
        if ec2.available_ip_count(subnet) + used.len() as u64 != subnet.cidr.usable_count() {
            return Err(format!("{id}: free + used != usable"));
        }
    }
    for eni in ec2.network_interfaces.values() {
        if !ec2.subnets.contains_key(&eni.subnet_id) {
            return Err(format!("{} in a deleted subnet", eni.id));
        }
    }
    for vpc in ec2.vpcs.keys() {
        let attached = ec2
            .internet_gateways
            .values()
            .filter(|g| g.attached_vpc.as_deref() == Some(vpc))
            .count();
        if attached > 1 {
            return Err(format!("{vpc} has {attached} internet gateways"));
        }
        let mains = ec2
            .route_tables
            .values()
            .filter(|t| &t.vpc_id == vpc && t.main)
            .count();
        if mains != 1 {
            return Err(format!("{vpc} has {mains} main route tables"));
        }
    }
    check_ecs_invariants(world)?;
    let associated: Vec<_> = ec2
        .route_tables
        .values()
        .flat_map(|t| t.subnet_associations.iter().map(|a| a.subnet_id.clone()))
        .collect();
    let unique: BTreeSet<_> = associated.iter().collect();
    if unique.len() != associated.len() {
        return Err("a subnet has two explicit route table associations".into());
    }
    Ok(())
}

/// ECS: stopped tasks hold no interface; no container instance is over-committed
/// or has a host port twice; targets belong to tasks that have not stopped.
fn check_ecs_invariants(world: &World) -> Result<(), String> {
    for task in world.ecs.tasks.values() {
        let eni = task
            .network
            .as_ref()
            .and_then(|n| n.network_interface_id.as_ref());
        if task.is_stopped() && eni.is_some_and(|e| world.ec2.network_interfaces.contains_key(e)) {
            return Err(format!(
                "stopped task {} still holds its interface",
                task.id
            ));
        }
        if task.is_stopped() && !task.targets.is_empty() {
            for registered in &task.targets {
                let group = world.elb.target_groups.get(&registered.target_group_arn);
                let live = group
                    .and_then(|g| g.target(&registered.target))
                    .is_some_and(|t| t.state != ecs_sim::elb::TargetState::Draining);
                if live {
                    return Err(format!("stopped task {} is still a live target", task.id));
                }
            }
        }
    }
    for instance in world.ecs.container_instances.values() {
        let placed: Vec<_> = world
            .ecs
            .tasks
            .values()
            .filter(|t| {
                !t.is_stopped() && t.container_instance_arn.as_deref() == Some(&instance.arn)
            })
            .collect();
        let cpu: u32 = placed.iter().map(|t| t.cpu).sum();
        let memory: u32 = placed.iter().map(|t| t.memory).sum();
        if cpu > instance.registered_cpu || memory > instance.registered_memory {
            return Err(format!(
                "{} over-committed: {cpu} CPU, {memory} MiB",
                instance.arn
            ));
        }
        let ports: Vec<u16> = placed
            .iter()
            .flat_map(|t| t.host_ports.iter().copied())
            .collect();
        let unique: BTreeSet<u16> = ports.iter().copied().collect();
        if unique.len() != ports.len() {
            return Err(format!("{} has a host port twice: {ports:?}", instance.arn));
        }
    }
    Ok(())
}

/// After the clock has moved (the scheduler has had its turn): a service runs at
/// most its desired count, or during a deployment at most maximumPercent of it.
fn check_service_bounds(world: &World) -> Result<(), String> {
    for service in world.ecs.services.values() {
        let active = world
            .ecs
            .tasks
            .values()
            .filter(|t| {
                t.cluster == service.cluster
                    && t.service.as_deref() == Some(&service.name)
                    && t.is_active()
            })
            .count();
        let (_, maximum) = ecs_sim::ecs::rolling_update::bounds(
            service.desired_count,
            service.minimum_healthy_percent,
            service.maximum_percent,
        );
        let limit = if service.older_deployments.is_empty() {
            service.desired_count as usize
        } else {
            maximum.max(service.desired_count as usize)
        };
        if active > limit {
            return Err(format!(
                "service {} runs {active} tasks, limit {limit}",
                service.name
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: soak::cases(128), ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_keeps_the_invariants(seed in 0u64..1_000_000, steps in prop::collection::vec(step(), 1..soak::steps(60))) {
        let mut world = World::new(seed);
        ecs_setup(&mut world);
        for step in &steps {
            if let Step::Advance(s) = step {
                world.advance(ecs_sim::Duration(u64::from(*s)));
            }
            if let Step::EcsInstance = step {
                let _ = world.direct(Directive::AddInstances {
                    cluster: "c".into(),
                    instance_type: "t3.small".into(),
                    subnet: None,
                    count: 1,
                });
            }
            if let Step::ImageFault(kind) = step {
                let image = "nginx".to_string();
                let _ = world.direct(match kind % 3 {
                    0 => Directive::CrashImage { image },
                    1 => Directive::FailHealth { image },
                    _ => Directive::RecoverImage { image },
                });
            }
            if let Step::SpotInterrupt(n) = step {
                let _ = world.direct(Directive::InterruptSpot { count: usize::from(*n % 4) + 1 });
            }
            if let Step::EcsExec(t, command) = step {
                // Whatever the command, the container answers without panicking.
                let ids: Vec<String> = world.ecs.tasks.keys().cloned().collect();
                let _ = world.run_in_container(&pick(&ids, *t), None, command);
            }
            let service_calls = ecs_calls(&world, step).into_iter().map(|c| ("ecs", c));
            let network_calls = calls(&world, step).into_iter().map(|c| ("ec2", c));
            let scaling_calls = autoscaling_calls(step).into_iter().map(|c| ("application-autoscaling", c));
            let schedule_calls = scheduler_calls(&world, step).into_iter().map(|c| ("scheduler", c));
            let capacity_calls = asg_calls(step)
                .into_iter()
                .chain(service_connect_calls(&world, step))
                .chain(secrets_calls(&world, step))
                .chain(cicd_calls(&world, step))
                .map(|(service, operation, params)| (service, (operation, params)));
            for (service, (operation, params)) in network_calls.chain(service_calls).chain(scaling_calls).chain(schedule_calls).chain(capacity_calls).collect::<Vec<_>>() {
                // A clone compared field by field: as strict as the saved JSON, and
                // cheap enough for thousands of long sequences.
                let before = world.clone();
                let exec_task = params["task"].as_str().map(String::from).filter(|_| operation == "ExecuteCommand");
                let command = Command::from_api(service, operation, params).expect("well-formed call");
                let outcome = world.apply(command);
                if let (Ok(_), Some(id)) = (&outcome, exec_task) {
                    // ECS Exec only gets into a running task that was started with it.
                    let task = world.ecs.tasks.get(&id);
                    prop_assert!(task.is_some_and(|t| t.enable_execute_command && t.last_status == ecs_sim::ecs::task::TaskStatus::Running), "exec into {} succeeded", id);
                }
                if outcome.is_err() && before != world {
                    prop_assert_eq!(before.to_json(), world.to_json(), "a rejected {} changed the world", operation);
                    prop_assert!(false, "a rejected {} changed the world (not its saved form)", operation);
                }
            }
            if let Err(problem) = check_invariants(&world) {
                prop_assert!(false, "after {:?}: {}", step, problem);
            }
            if let Step::Advance(_) = step {
                if let Err(problem) = check_service_bounds(&world) {
                    prop_assert!(false, "after {:?}: {}", step, problem);
                }
                // Once time has moved, a group holds no more live instances than its max.
                for group in world.ec2_auto_scaling.groups.values() {
                    prop_assert!(group.live().count() as u32 <= group.max_size, "{} above its max", group.name);
                }
            }
        }
        // The world survives a save and load unchanged.
        let reloaded = World::from_json(&world.to_json()).expect("reload");
        prop_assert_eq!(reloaded, world);
    }

    #[test]
    fn the_console_never_panics_on_any_line(line in "\\PC{0,200}") {
        let mut console = Console::default();
        let _ = console.feed_line(&line);
        let _ = console.feed_line("EOF");
    }

    #[test]
    fn aws_lines_with_random_arguments_never_panic(words in prop::collection::vec("[-a-zA-Z0-9=,:/.\\[\\]{}\"' ]{0,20}", 0..8)) {
        let mut console = Console::default();
        let _ = console.run(&format!("aws ec2 create-subnet {}", words.join(" ")));
        let _ = console.run(&format!("aws ec2 describe-vpcs --query {}", words.join(" ")));
    }
}

#[test]
fn cidr_parsing_never_panics_on_garbage() {
    for text in [
        "",
        "/",
        "1.2.3.4/",
        "/24",
        "1.2.3.4/99999999999",
        "::1/64",
        "1.2.3.4/24/24",
        "٣.1.1.1/8",
    ] {
        let _ = Cidr::parse(text);
    }
}

#[test]
fn same_seed_same_world() {
    let script = "aws ec2 create-vpc --cidr-block 10.0.0.0/24\naws ec2 create-internet-gateway\nsim advance 5m";
    let run = |seed| {
        let mut console = Console::new(World::new(seed));
        console.run(script);
        console.world.to_json()
    };
    assert_eq!(run(3), run(3));
    assert_ne!(run(3), run(4));
}

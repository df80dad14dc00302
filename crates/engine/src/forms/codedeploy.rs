//! The forms of AWS CodeDeploy: applications, deployment groups and configurations, blue/green deployments and their lifecycle hooks.

use super::*;

pub const CREATE_APPLICATION: Form = Form {
    id: "create-application",
    group: Group::Ecs,
    title: l(
        "CodeDeploy アプリケーションを作成（ECS）",
        "Create CodeDeploy application (ECS)",
    ),
    fields: &[field(
        "name",
        l("アプリケーション名", "Application name"),
        Kind::Text,
        "--application-name",
    )
    .placeholder("web")
    .codes(&["ApplicationAlreadyExistsException"])],
    build: Build::Custom(|v, _| {
        vec![Line::new("aws deploy create-application")
            .opt("--application-name", get(v, "name"))
            .opt("--compute-platform", "ECS")
            .done()]
    }),
};

pub const CREATE_DEPLOYMENT_GROUP: Form = Form {
    id: "create-deployment-group",
    group: Group::Ecs,
    title: l(
        "デプロイグループを作成（ECS ブルー/グリーン）",
        "Create deployment group (ECS blue/green)",
    ),
    fields: &[
        field(
            "application",
            l("アプリケーション", "Application"),
            Kind::Choice(Source::CodeDeployApplications),
            "--application-name",
        ),
        field(
            "name",
            l("デプロイグループ名", "Deployment group name"),
            Kind::Text,
            "--deployment-group-name",
        )
        .placeholder("web-bg")
        .codes(&["DeploymentGroupAlreadyExistsException"]),
        field(
            "role",
            l("サービスロール", "Service role"),
            Kind::Choice(Source::Roles),
            "--service-role-arn",
        )
        .codes(&["InvalidRoleException"]),
        field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--ecs-services",
        )
        .codes(&[
            "ECSServiceMappingLimitExceededException",
            "InvalidECSServiceException",
        ]),
        field(
            "blue",
            l("ターゲットグループ 1（現行）", "Target group 1 (blue)"),
            Kind::Choice(Source::TargetGroups),
            "targetGroups",
        )
        .codes(&["InvalidTargetGroupPairException"]),
        field(
            "green",
            l("ターゲットグループ 2（置き換え）", "Target group 2 (green)"),
            Kind::Choice(Source::TargetGroups),
            "targetGroups",
        ),
        field(
            "production",
            l("本番リスナー", "Production listener"),
            Kind::Choice(Source::Listeners),
            "prodTrafficRoute",
        ),
        field(
            "test",
            l("テストリスナー", "Test listener"),
            Kind::Choice(Source::Listeners),
            "testTrafficRoute",
        )
        .optional(),
        field(
            "config",
            l("デプロイ設定", "Deployment configuration"),
            Kind::Choice(Source::DeploymentConfigs),
            "--deployment-config-name",
        )
        .default("CodeDeployDefault.ECSAllAtOnce"),
        field(
            "wait",
            l(
                "元のタスクセットを終了するまで（分）",
                "Terminate the original task set after (minutes)",
            ),
            Kind::Number,
            "terminationWaitTimeInMinutes",
        )
        .default("5"),
    ],
    build: Build::Custom(|v, world| {
        let (cluster, service) = split_service(get(v, "service"));
        let group_name = |arn: &str| {
            world
                .elb
                .target_groups
                .get(arn)
                .map_or(String::new(), |g| g.name.clone())
        };
        let mut pair = serde_json::json!({
            "targetGroups": [{ "name": group_name(get(v, "blue")) }, { "name": group_name(get(v, "green")) }],
            "prodTrafficRoute": { "listenerArns": [get(v, "production")] },
        });
        if !get(v, "test").is_empty() {
            pair["testTrafficRoute"] = serde_json::json!({ "listenerArns": [get(v, "test")] });
        }
        let load_balancer_info = serde_json::json!({ "targetGroupPairInfoList": [pair] });
        let blue_green = serde_json::json!({
            "terminateBlueInstancesOnDeploymentSuccess": {
                "action": "TERMINATE",
                "terminationWaitTimeInMinutes": get(v, "wait").parse::<u64>().unwrap_or(5),
            },
            "deploymentReadyOption": { "actionOnTimeout": "CONTINUE_DEPLOYMENT" },
        });
        vec![Line::new("aws deploy create-deployment-group")
            .opt("--application-name", get(v, "application"))
            .opt("--deployment-group-name", get(v, "name"))
            .opt("--service-role-arn", get(v, "role"))
            .opt("--deployment-config-name", get(v, "config"))
            .opt(
                "--deployment-style",
                "deploymentType=BLUE_GREEN,deploymentOption=WITH_TRAFFIC_CONTROL",
            )
            .opt(
                "--ecs-services",
                &format!("serviceName={service},clusterName={cluster}"),
            )
            .opt("--load-balancer-info", &load_balancer_info.to_string())
            .opt(
                "--blue-green-deployment-configuration",
                &blue_green.to_string(),
            )
            .done()]
    }),
};

pub const CREATE_DEPLOYMENT: Form = Form {
    id: "create-deployment",
    group: Group::Ecs,
    title: l("デプロイを作成（AppSpec）", "Create deployment (AppSpec)"),
    fields: &[
        field(
            "group",
            l("デプロイグループ", "Deployment group"),
            Kind::Choice(Source::DeploymentGroups),
            "--deployment-group-name",
        )
        .codes(&[
            "DeploymentLimitExceededException",
            "DeploymentGroupDoesNotExistException",
        ]),
        field(
            "task_definition",
            l("新しいタスク定義", "New task definition"),
            Kind::Choice(Source::TaskDefinitions),
            "TaskDefinition",
        ),
        field(
            "container_port",
            l("コンテナポート", "Container port"),
            Kind::Number,
            "ContainerPort",
        )
        .default("80"),
        field(
            "config",
            l(
                "デプロイ設定（グループの設定を上書き）",
                "Deployment configuration (overrides the group's)",
            ),
            Kind::Choice(Source::DeploymentConfigs),
            "--deployment-config-name",
        )
        .optional(),
        field(
            "hook",
            l(
                "AfterAllowTestTraffic フック（Lambda 関数名）",
                "AfterAllowTestTraffic hook (Lambda function name)",
            ),
            Kind::Text,
            "Hooks",
        )
        .optional()
        .placeholder("SmokeTest"),
    ],
    build: Build::Custom(|v, world| {
        let (application, group) = get(v, "group").split_once('/').unwrap_or(("", ""));
        let td = world.ecs.task_definitions.get(get(v, "task_definition"));
        let arn = td.map_or(get(v, "task_definition").to_string(), |td| {
            td.task_definition_arn.clone()
        });
        let container = td
            .and_then(|td| td.load_balanced_container())
            .and_then(|c| c.name.clone())
            .unwrap_or_else(|| "web".into());
        let appspec = serde_json::json!({
            "version": 0.0,
            "Resources": [{ "TargetService": {
                "Type": "AWS::ECS::Service",
                "Properties": {
                    "TaskDefinition": arn,
                    "LoadBalancerInfo": {
                        "ContainerName": container,
                        "ContainerPort": get(v, "container_port").parse::<u64>().unwrap_or(80),
                    },
                },
            }}],
        });
        let mut appspec = appspec;
        if !get(v, "hook").is_empty() {
            // A test on the test listener before production traffic moves.
            appspec["Hooks"] = serde_json::json!([{ "AfterAllowTestTraffic": get(v, "hook") }]);
        }
        let revision = serde_json::json!({
            "revisionType": "AppSpecContent",
            "appSpecContent": { "content": appspec.to_string() },
        });
        vec![Line::new("aws deploy create-deployment")
            .opt("--application-name", application)
            .opt("--deployment-group-name", group)
            .maybe("--deployment-config-name", get(v, "config"))
            .opt("--revision", &revision.to_string())
            .done()]
    }),
};

pub const CREATE_DEPLOYMENT_CONFIG: Form = Form {
    id: "create-deployment-config",
    group: Group::Ecs,
    title: l(
        "CodeDeploy: デプロイ設定を作成",
        "CodeDeploy: create deployment configuration",
    ),
    fields: &[
        field(
            "name",
            l("デプロイ設定名", "Deployment configuration name"),
            Kind::Text,
            "--deployment-config-name",
        )
        .placeholder("Canary25Percent3Minutes")
        .codes(&[
            "DeploymentConfigAlreadyExistsException",
            "InvalidDeploymentConfigNameException",
        ]),
        field(
            "type",
            l("タイプ", "Type"),
            Kind::Choice(Source::Words(&[
                ("TimeBasedCanary", l("カナリア", "Canary")),
                ("TimeBasedLinear", l("線形", "Linear")),
                ("AllAtOnce", l("一度にすべて", "All at once")),
            ])),
            "--traffic-routing-config",
        ),
        field(
            "percentage",
            l("ステップ（%）", "Step (percentage)"),
            Kind::Number,
            "Percentage",
        )
        .default("10")
        .codes(&[
            "InvalidDeploymentConfigException",
            "InvalidTrafficRoutingConfigurationException",
        ]),
        field(
            "interval",
            l("間隔（分）", "Interval (minutes)"),
            Kind::Number,
            "Interval",
        )
        .default("5"),
    ],
    build: Build::Custom(|v, _| {
        let config = match get(v, "type") {
            "TimeBasedCanary" => format!(
                "type=TimeBasedCanary,timeBasedCanary={{canaryPercentage={},canaryInterval={}}}",
                get(v, "percentage"),
                get(v, "interval")
            ),
            "TimeBasedLinear" => format!(
                "type=TimeBasedLinear,timeBasedLinear={{linearPercentage={},linearInterval={}}}",
                get(v, "percentage"),
                get(v, "interval")
            ),
            _ => "type=AllAtOnce".to_string(),
        };
        vec![Line::new("aws deploy create-deployment-config")
            .opt("--deployment-config-name", get(v, "name"))
            .opt("--compute-platform", "ECS")
            .opt("--traffic-routing-config", &config)
            .done()]
    }),
};

pub const CONTINUE_DEPLOYMENT: Form = Form {
    id: "continue-deployment",
    group: Group::Ecs,
    title: l(
        "CodeDeploy: トラフィックを再ルーティング / 元のタスクセットを終了",
        "CodeDeploy: reroute traffic / terminate the original task set",
    ),
    fields: &[
        field(
            "deployment",
            l("デプロイ", "Deployment"),
            Kind::Choice(Source::OpenDeployments),
            "--deployment-id",
        )
        .codes(&[
            "DeploymentIsNotInReadyStateException",
            "DeploymentDoesNotExistException",
        ]),
        field(
            "wait",
            l("待機", "Wait"),
            Kind::Choice(Source::Words(&[
                (
                    "READY_WAIT",
                    l(
                        "READY_WAIT（今すぐ本番トラフィックを切り替える）",
                        "READY_WAIT (reroute production traffic now)",
                    ),
                ),
                (
                    "TERMINATION_WAIT",
                    l(
                        "TERMINATION_WAIT（今すぐ元のタスクを終了する）",
                        "TERMINATION_WAIT (end the original tasks now)",
                    ),
                ),
            ])),
            "--deployment-wait-type",
        ),
    ],
    build: options("aws deploy continue-deployment"),
};

pub const STOP_DEPLOYMENT: Form = Form {
    id: "stop-deployment",
    group: Group::Ecs,
    title: l("CodeDeploy: デプロイを停止", "CodeDeploy: stop deployment"),
    fields: &[
        field(
            "deployment",
            l("デプロイ", "Deployment"),
            Kind::Choice(Source::OpenDeployments),
            "--deployment-id",
        )
        .codes(&[
            "DeploymentAlreadyCompletedException",
            "DeploymentDoesNotExistException",
        ]),
        field(
            "rollback",
            l("停止してロールバック", "Stop and roll back"),
            Kind::Choice(Source::Words(&[
                ("yes", l("はい", "yes")),
                ("no", l("いいえ", "no")),
            ])),
            "--auto-rollback-enabled",
        ),
    ],
    build: Build::Custom(|v, _| {
        let line =
            Line::new("aws deploy stop-deployment").opt("--deployment-id", get(v, "deployment"));
        let line = if get(v, "rollback") == "yes" {
            line.flag("--auto-rollback-enabled")
        } else {
            line.flag("--no-auto-rollback-enabled")
        };
        vec![line.done()]
    }),
};

pub const DELETE_DEPLOYMENT_GROUP: Form = Form {
    id: "delete-deployment-group",
    group: Group::Ecs,
    title: l(
        "CodeDeploy: デプロイグループを削除",
        "CodeDeploy: delete deployment group",
    ),
    fields: &[field(
        "group",
        l("デプロイグループ", "Deployment group"),
        Kind::Choice(Source::DeploymentGroups),
        "--deployment-group-name",
    )],
    build: Build::Custom(|v, _| {
        let (application, group) = split_service(get(v, "group"));
        vec![Line::new("aws deploy delete-deployment-group")
            .opt("--application-name", application)
            .opt("--deployment-group-name", group)
            .done()]
    }),
};

pub const DELETE_APPLICATION: Form = Form {
    id: "delete-application",
    group: Group::Ecs,
    title: l(
        "CodeDeploy: アプリケーションを削除",
        "CodeDeploy: delete application",
    ),
    fields: &[field(
        "application",
        l("アプリケーション", "Application"),
        Kind::Choice(Source::CodeDeployApplications),
        "--application-name",
    )],
    build: options("aws deploy delete-application"),
};

pub const DELETE_DEPLOYMENT_CONFIG: Form = Form {
    id: "delete-deployment-config",
    group: Group::Ecs,
    title: l(
        "CodeDeploy: デプロイ設定を削除",
        "CodeDeploy: delete deployment configuration",
    ),
    fields: &[field(
        "config",
        l("デプロイ設定", "Deployment configuration"),
        Kind::Choice(Source::CustomDeploymentConfigs),
        "--deployment-config-name",
    )
    .codes(&["DeploymentConfigInUseException"])],
    build: options("aws deploy delete-deployment-config"),
};

pub const PUT_LIFECYCLE_EVENT_HOOK_EXECUTION_STATUS: Form = Form {
    id: "put-lifecycle-event-hook-execution-status",
    group: Group::Ecs,
    title: l(
        "CodeDeploy: フックの結果を報告（Lambda 関数の代わりに）",
        "CodeDeploy: report a hook's result (as its Lambda function would)",
    ),
    fields: &[
        field(
            "hook",
            l("待機中のフック", "Waiting hook"),
            Kind::Choice(Source::PendingHooks),
            "--lifecycle-event-hook-execution-id",
        )
        .codes(&[
            "InvalidLifecycleEventHookExecutionIdException",
            "LifecycleEventAlreadyCompletedException",
        ]),
        field(
            "status",
            l("結果", "Status"),
            Kind::Choice(Source::Fixed(&[
                ("Succeeded", "Succeeded"),
                ("Failed", "Failed"),
            ])),
            "--status",
        ),
    ],
    build: Build::Custom(|v, _| {
        let (deployment, execution) = get(v, "hook")
            .split_once('|')
            .unwrap_or(("", get(v, "hook")));
        vec![
            Line::new("aws deploy put-lifecycle-event-hook-execution-status")
                .opt("--deployment-id", deployment)
                .opt("--lifecycle-event-hook-execution-id", execution)
                .opt("--status", get(v, "status"))
                .done(),
        ]
    }),
};

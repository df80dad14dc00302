//! The forms of Amazon ECS: clusters, services, tasks, capacity providers, cluster settings, ECS Exec.

use super::*;

pub const CREATE_CLUSTER: Form = Form {
    id: "create-cluster",
    group: Group::Ecs,
    title: l("クラスターの作成", "Create cluster"),
    fields: &[field(
        "name",
        l("クラスター名", "Cluster name"),
        Kind::Text,
        "--cluster-name",
    )
    .placeholder("learn")
    .codes(&["InvalidParameterException"])],
    build: options("aws ecs create-cluster"),
};

pub const CREATE_SERVICE: Form = Form {
    id: "create-service",
    group: Group::Ecs,
    title: l("サービスを作成", "Create service"),
    fields: &[
        field(
            "cluster",
            CLUSTER,
            Kind::Choice(Source::Clusters),
            "--cluster",
        )
        .codes(&["ClusterNotFoundException"]),
        field(
            "task_definition",
            l(
                "タスク定義ファミリー:リビジョン",
                "Task definition family:revision",
            ),
            Kind::Choice(Source::TaskDefinitions),
            "--task-definition",
        ),
        field(
            "name",
            l("サービス名", "Service name"),
            Kind::Text,
            "--service-name",
        )
        .placeholder("web"),
        field(
            "desired",
            l("必要なタスク", "Desired tasks"),
            Kind::Number,
            "--desired-count",
        )
        .default("2"),
        field(
            "launch_type",
            l("起動タイプ", "Launch type"),
            Kind::Choice(Source::Fixed(&[("FARGATE", "FARGATE"), ("EC2", "EC2")])),
            "--launch-type",
        ),
        field(
            "deployment_type",
            l("デプロイタイプ", "Deployment type"),
            Kind::Choice(Source::Words(&[
                ("ECS", l("ローリングアップデート", "Rolling update")),
                (
                    "CODE_DEPLOY",
                    l(
                        "Blue/Green デプロイ（AWS CodeDeploy を使用）",
                        "Blue/green deployment (powered by AWS CodeDeploy)",
                    ),
                ),
            ])),
            "--deployment-controller",
        ),
        field(
            "subnets",
            l("サブネット", "Subnets"),
            Kind::Multi(Source::Subnets),
            "subnets",
        )
        .codes(&["InvalidSubnet"]),
        field(
            "security_groups",
            SECURITY_GROUPS,
            Kind::Multi(Source::SecurityGroups),
            "securityGroups",
        )
        .optional(),
        field(
            "public_ip",
            l("パブリック IP", "Public IP"),
            Kind::Choice(Source::Fixed(&[
                ("DISABLED", "DISABLED"),
                ("ENABLED", "ENABLED"),
            ])),
            "assignPublicIp",
        ),
        field(
            "target_group",
            l(
                "ロードバランサーのターゲットグループ",
                "Load balancer target group",
            ),
            Kind::Choice(Source::TargetGroups),
            "--load-balancers",
        )
        .optional(),
        field(
            "container_port",
            l("コンテナポート", "Container port"),
            Kind::Number,
            "containerPort",
        )
        .optional()
        .default("80"),
        field(
            "exec",
            l(
                "ECS Exec（execute-command）を有効にする",
                "Turn on ECS Exec (execute-command)",
            ),
            Kind::Choice(Source::Words(YES_NO)),
            "--enable-execute-command",
        ),
    ],
    build: Build::Custom(|v, world| {
        let network = format!(
            "awsvpcConfiguration={{subnets=[{}],securityGroups=[{}],assignPublicIp={}}}",
            list(v, "subnets").join(","),
            list(v, "security_groups").join(","),
            get(v, "public_ip"),
        );
        let mut line = Line::new("aws ecs create-service")
            .opt("--cluster", get(v, "cluster"))
            .opt("--service-name", get(v, "name"))
            .opt("--task-definition", get(v, "task_definition"))
            .opt("--desired-count", get(v, "desired"))
            .opt("--launch-type", get(v, "launch_type"))
            .opt("--network-configuration", &network);
        if get(v, "deployment_type") == "CODE_DEPLOY" {
            line = line.opt("--deployment-controller", "type=CODE_DEPLOY");
        }
        let target_group = get(v, "target_group");
        if !target_group.is_empty() {
            // The container to register is the task definition's first
            // container with a port mapping (the console preselects it too).
            let container = world
                .ecs
                .task_definitions
                .get(get(v, "task_definition"))
                .and_then(|td| td.load_balanced_container())
                .and_then(|c| c.name.clone())
                .unwrap_or_else(|| "web".into());
            let port = match get(v, "container_port") {
                "" => "80",
                port => port,
            };
            line = line.opt(
                "--load-balancers",
                &format!(
                    "targetGroupArn={target_group},containerName={container},containerPort={port}"
                ),
            );
        }
        if get(v, "exec") == "yes" {
            line = line.flag("--enable-execute-command");
        }
        vec![line.done()]
    }),
};

pub const UPDATE_SERVICE: Form = Form {
    id: "update-service",
    group: Group::Ecs,
    title: l("サービスを更新", "Update service"),
    fields: &[
        field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--service",
        )
        .codes(&["ServiceNotFoundException", "ServiceNotActiveException"]),
        field(
            "desired",
            l("必要なタスク", "Desired tasks"),
            Kind::Number,
            "--desired-count",
        )
        .optional(),
        field(
            "task_definition",
            TASK_DEFINITION,
            Kind::Choice(Source::TaskDefinitions),
            "--task-definition",
        )
        .optional(),
        field(
            "force",
            l("新しいデプロイを強制", "Force new deployment"),
            Kind::Choice(Source::Words(YES_NO)),
            "--force-new-deployment",
        ),
        field(
            "exec",
            l(
                "ECS Exec（これから起動するタスク）",
                "ECS Exec (for tasks started from now on)",
            ),
            Kind::Choice(Source::Words(&[
                ("keep", l("変更しない", "unchanged")),
                ("enable", l("オンにする", "turn on")),
                ("disable", l("オフにする", "turn off")),
            ])),
            "--enable-execute-command",
        ),
    ],
    build: Build::Custom(|v, _| {
        let (cluster, service) = split_service(get(v, "service"));
        let line = Line::new("aws ecs update-service")
            .opt("--cluster", cluster)
            .opt("--service", service)
            .maybe("--desired-count", get(v, "desired"))
            .maybe("--task-definition", get(v, "task_definition"));
        let line = if get(v, "force") == "yes" {
            line.flag("--force-new-deployment")
        } else {
            line
        };
        let line = match get(v, "exec") {
            "enable" => line.flag("--enable-execute-command"),
            "disable" => line.flag("--disable-execute-command"),
            _ => line,
        };
        vec![line.done()]
    }),
};

pub const DELETE_SERVICE: Form = Form {
    id: "delete-service",
    group: Group::Ecs,
    title: l("サービスを削除", "Delete service"),
    fields: &[field(
        "service",
        SERVICE,
        Kind::Choice(Source::Services),
        "--service",
    )],
    build: Build::Custom(|v, _| {
        let (cluster, service) = split_service(get(v, "service"));
        // --force: the console deletes a service with running tasks too (scaling it to 0).
        vec![Line::new("aws ecs delete-service")
            .opt("--cluster", cluster)
            .opt("--service", service)
            .flag("--force")
            .done()]
    }),
};

pub const DEREGISTER_TASK_DEFINITION: Form = Form {
    id: "deregister-task-definition",
    group: Group::Ecs,
    title: l("タスク定義の登録を解除", "Deregister task definition"),
    fields: &[field(
        "task_definition",
        TASK_DEFINITION,
        Kind::Choice(Source::TaskDefinitions),
        "--task-definition",
    )],
    build: options("aws ecs deregister-task-definition"),
};

pub const DELETE_CLUSTER: Form = Form {
    id: "delete-cluster",
    group: Group::Ecs,
    title: l("クラスターの削除", "Delete cluster"),
    fields: &[field(
        "cluster",
        CLUSTER,
        Kind::Choice(Source::Clusters),
        "--cluster",
    )
    .codes(&[
        "ClusterContainsServicesException",
        "ClusterContainsTasksException",
    ])],
    build: options("aws ecs delete-cluster"),
};

pub const UPDATE_CLUSTER_SETTINGS: Form = Form {
    id: "update-cluster-settings",
    group: Group::Ecs,
    title: l(
        "クラスターを更新: モニタリング（Container Insights）",
        "Update cluster: monitoring (Container Insights)",
    ),
    fields: &[
        field(
            "cluster",
            CLUSTER,
            Kind::Choice(Source::Clusters),
            "--cluster",
        )
        .codes(&["ClusterNotFoundException"]),
        field(
            "insights",
            l("Container Insights", "Container Insights"),
            Kind::Choice(Source::Words(&[
                ("enabled", l("有効", "enabled")),
                (
                    "enhanced",
                    l("拡張（オブザーバビリティ強化）", "enhanced (observability)"),
                ),
                ("disabled", l("無効", "disabled")),
            ])),
            "--settings",
        ),
    ],
    build: Build::Custom(|v, _| {
        vec![Line::new("aws ecs update-cluster-settings")
            .opt("--cluster", get(v, "cluster"))
            .opt(
                "--settings",
                &format!("name=containerInsights,value={}", get(v, "insights")),
            )
            .done()]
    }),
};

pub const RUN_TASK: Form = Form {
    id: "run-task",
    group: Group::Ecs,
    title: l("タスクを実行", "Run task"),
    fields: &[
        field(
            "cluster",
            CLUSTER,
            Kind::Choice(Source::Clusters),
            "--cluster",
        )
        .codes(&["ClusterNotFoundException"]),
        field(
            "task_definition",
            TASK_DEFINITION,
            Kind::Choice(Source::TaskDefinitions),
            "--task-definition",
        ),
        field(
            "count",
            l("タスク数", "Number of tasks"),
            Kind::Number,
            "--count",
        )
        .default("1"),
        field(
            "launch_type",
            l("起動タイプ", "Launch type"),
            Kind::Choice(Source::Fixed(&[("FARGATE", "FARGATE"), ("EC2", "EC2")])),
            "--launch-type",
        ),
        field(
            "subnets",
            l("サブネット（awsvpc）", "Subnets (awsvpc)"),
            Kind::Multi(Source::Subnets),
            "subnets",
        )
        .optional()
        .codes(&["InvalidSubnet"]),
        field(
            "security_groups",
            SECURITY_GROUPS,
            Kind::Multi(Source::SecurityGroups),
            "securityGroups",
        )
        .optional(),
        field(
            "public_ip",
            l("パブリック IP", "Public IP"),
            Kind::Choice(Source::Fixed(&[
                ("DISABLED", "DISABLED"),
                ("ENABLED", "ENABLED"),
            ])),
            "assignPublicIp",
        ),
        field(
            "exec",
            l(
                "ECS Exec（execute-command）を有効にする",
                "Turn on ECS Exec (execute-command)",
            ),
            Kind::Choice(Source::Words(YES_NO)),
            "--enable-execute-command",
        ),
    ],
    build: Build::Custom(|v, _| {
        let mut line = Line::new("aws ecs run-task")
            .opt("--cluster", get(v, "cluster"))
            .opt("--task-definition", get(v, "task_definition"))
            .opt("--count", get(v, "count"))
            .opt("--launch-type", get(v, "launch_type"));
        // Tasks in bridge or host mode (EC2) take no network configuration.
        if !list(v, "subnets").is_empty() {
            line = line.opt(
                "--network-configuration",
                &format!(
                    "awsvpcConfiguration={{subnets=[{}],securityGroups=[{}],assignPublicIp={}}}",
                    list(v, "subnets").join(","),
                    list(v, "security_groups").join(","),
                    get(v, "public_ip"),
                ),
            );
        }
        if get(v, "exec") == "yes" {
            line = line.flag("--enable-execute-command");
        }
        vec![line.done()]
    }),
};

pub const STOP_TASK: Form = Form {
    id: "stop-task",
    group: Group::Ecs,
    title: l("タスクを停止", "Stop task"),
    fields: &[
        field(
            "task",
            l("タスク", "Task"),
            Kind::Choice(Source::Tasks),
            "--task",
        )
        .codes(&["InvalidParameterException"]),
        field(
            "reason",
            l("停止の理由", "Reason for stopping"),
            Kind::Text,
            "--reason",
        )
        .optional()
        .placeholder("Stopped from the sandbox"),
    ],
    build: Build::Custom(|v, _| {
        let (cluster, task) = split_service(get(v, "task"));
        vec![Line::new("aws ecs stop-task")
            .opt("--cluster", cluster)
            .opt("--task", task)
            .maybe("--reason", get(v, "reason"))
            .done()]
    }),
};

pub const EXECUTE_COMMAND: Form = Form {
    id: "execute-command",
    group: Group::Ecs,
    title: l(
        "コンテナでコマンドを実行（ECS Exec）",
        "Run a command in a container (ECS Exec)",
    ),
    fields: &[
        field(
            "task",
            l("タスク", "Task"),
            Kind::Choice(Source::Tasks),
            "--task",
        )
        .codes(&["InvalidParameterException", "TargetNotConnectedException"]),
        field(
            "container",
            l(
                "コンテナ名（コンテナが 1 つなら省略可）",
                "Container (may be left out when the task has one)",
            ),
            Kind::Text,
            "--container",
        )
        .optional(),
        field("command", l("コマンド", "Command"), Kind::Text, "--command")
            .default("env")
            .placeholder("curl http://internal-backend-alb-…/"),
    ],
    build: Build::Custom(|v, _| {
        let (cluster, task) = split_service(get(v, "task"));
        vec![Line::new("aws ecs execute-command")
            .opt("--cluster", cluster)
            .opt("--task", task)
            .maybe("--container", get(v, "container"))
            .flag("--interactive")
            .opt("--command", get(v, "command"))
            .done()]
    }),
};

pub const CREATE_CAPACITY_PROVIDER: Form = Form {
    id: "create-capacity-provider",
    group: Group::Ecs,
    title: l(
        "キャパシティプロバイダーを作成（Auto Scaling グループ）",
        "Create capacity provider (Auto Scaling group)",
    ),
    fields: &[
        field(
            "name",
            l("キャパシティプロバイダー名", "Capacity provider name"),
            Kind::Text,
            "--name",
        )
        .placeholder("asg-learn")
        .codes(&["ClientException"]),
        field(
            "group",
            l("Auto Scaling グループ", "Auto Scaling group"),
            Kind::Choice(Source::AutoScalingGroups),
            "--auto-scaling-group-provider",
        ),
        field(
            "scaling",
            l("マネージドスケーリング", "Managed scaling"),
            Kind::Choice(Source::Fixed(&[
                ("ENABLED", "ENABLED"),
                ("DISABLED", "DISABLED"),
            ])),
            "--auto-scaling-group-provider",
        ),
        field(
            "target",
            l("ターゲット容量 %", "Target capacity %"),
            Kind::Number,
            "--auto-scaling-group-provider",
        )
        .default("100"),
        field(
            "cluster",
            l(
                "関連付けるクラスター（今のプロバイダーに追加）",
                "Cluster to associate it with (added to its providers)",
            ),
            Kind::Choice(Source::Clusters),
            "--cluster",
        )
        .optional(),
    ],
    build: Build::Custom(|v, world| {
        let mut lines = vec![Line::new("aws ecs create-capacity-provider")
            .opt("--name", get(v, "name"))
            .opt(
                "--auto-scaling-group-provider",
                &format!(
                    "autoScalingGroupArn={},managedScaling={{status={},targetCapacity={}}}",
                    get(v, "group"),
                    get(v, "scaling"),
                    get(v, "target")
                ),
            )
            .done()];
        let cluster = get(v, "cluster");
        if let Some(c) = world.ecs.clusters.get(cluster).filter(|c| c.active) {
            // PutClusterCapacityProviders replaces the list: keep what the cluster has.
            let mut providers = c.capacity_providers.clone();
            providers.push(get(v, "name").to_string());
            let strategy: Vec<String> = c
                .default_strategy
                .iter()
                .map(|i| {
                    format!(
                        "capacityProvider={},weight={},base={}",
                        i.capacity_provider, i.weight, i.base
                    )
                })
                .collect();
            let mut line = Line::new("aws ecs put-cluster-capacity-providers")
                .opt("--cluster", cluster)
                .many(
                    "--capacity-providers",
                    &providers.iter().map(String::as_str).collect::<Vec<_>>(),
                );
            line = if strategy.is_empty() {
                line.opt("--default-capacity-provider-strategy", "[]")
            } else {
                line.many(
                    "--default-capacity-provider-strategy",
                    &strategy.iter().map(String::as_str).collect::<Vec<_>>(),
                )
            };
            lines.push(line.done());
        }
        lines
    }),
};

pub const PUT_CLUSTER_CAPACITY_PROVIDERS: Form = Form {
    id: "put-cluster-capacity-providers",
    group: Group::Ecs,
    title: l(
        "クラスターを更新: キャパシティプロバイダー（Fargate / Fargate Spot）",
        "Update cluster: capacity providers (Fargate / Fargate Spot)",
    ),
    fields: &[
        field(
            "cluster",
            CLUSTER,
            Kind::Choice(Source::Clusters),
            "--cluster",
        )
        .codes(&["ClusterNotFoundException"]),
        field(
            "base",
            l("FARGATE のベース", "FARGATE base"),
            Kind::Number,
            "base",
        )
        .default("1"),
        field(
            "fargate_weight",
            l("FARGATE のウェイト", "FARGATE weight"),
            Kind::Number,
            "weight",
        )
        .default("1"),
        field(
            "spot_weight",
            l("FARGATE_SPOT のウェイト", "FARGATE_SPOT weight"),
            Kind::Number,
            "--default-capacity-provider-strategy",
        )
        .default("3")
        .codes(&["InvalidParameterException"]),
    ],
    build: Build::Custom(|v, _| {
        vec![Line::new("aws ecs put-cluster-capacity-providers")
            .opt("--cluster", get(v, "cluster"))
            .many("--capacity-providers", &["FARGATE", "FARGATE_SPOT"])
            .many(
                "--default-capacity-provider-strategy",
                &[
                    &format!(
                        "capacityProvider=FARGATE,base={},weight={}",
                        get(v, "base"),
                        get(v, "fargate_weight")
                    ),
                    &format!(
                        "capacityProvider=FARGATE_SPOT,weight={}",
                        get(v, "spot_weight")
                    ),
                ],
            )
            .done()]
    }),
};

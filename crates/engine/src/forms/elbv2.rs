//! The forms of Elastic Load Balancing (v2): load balancers, target groups, listeners.

use super::*;

pub const CREATE_TARGET_GROUP: Form = Form {
    id: "create-target-group",
    group: Group::Elb,
    title: l("ターゲットグループの作成", "Create target group"),
    fields: &[
        field(
            "target_type",
            l("ターゲットタイプ", "Target type"),
            Kind::Choice(Source::Words(&[
                ("ip", l("IP アドレス", "IP addresses")),
                ("instance", l("インスタンス", "Instances")),
            ])),
            "--target-type",
        ),
        field(
            "name",
            l("ターゲットグループ名", "Target group name"),
            Kind::Text,
            "--name",
        )
        .placeholder("web")
        .codes(&["DuplicateTargetGroupName", "ValidationError"]),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Fixed(&[
                ("HTTP", "HTTP"),
                ("HTTPS", "HTTPS"),
                ("TCP", "TCP"),
            ])),
            "--protocol",
        ),
        field("port", l("ポート", "Port"), Kind::Number, "--port").default("80"),
        field("vpc", VPC, Kind::Choice(Source::Vpcs), "--vpc-id"),
        field(
            "health_path",
            l("ヘルスチェックパス", "Health check path"),
            Kind::Text,
            "--health-check-path",
        )
        .optional()
        .default("/"),
    ],
    build: Build::Custom(|v, _| {
        let tcp = get(v, "protocol") == "TCP";
        let line = Line::new("aws elbv2 create-target-group")
            .opt("--name", get(v, "name"))
            .opt("--protocol", get(v, "protocol"))
            .opt("--port", get(v, "port"))
            .opt("--vpc-id", get(v, "vpc"))
            .opt("--target-type", get(v, "target_type"));
        // A TCP group's health check has no path.
        let line = if tcp {
            line
        } else {
            line.maybe("--health-check-path", get(v, "health_path"))
        };
        vec![line.done()]
    }),
};

pub const MODIFY_TARGET_GROUP: Form = Form {
    id: "modify-target-group",
    group: Group::Elb,
    title: l("ヘルスチェック設定を編集", "Edit health check settings"),
    fields: &[
        field(
            "target_group",
            TARGET_GROUP,
            Kind::Choice(Source::TargetGroups),
            "--target-group-arn",
        ),
        field(
            "health_path",
            l("ヘルスチェックパス", "Health check path"),
            Kind::Text,
            "--health-check-path",
        )
        .default("/"),
        field(
            "interval",
            l("間隔（秒）", "Interval (seconds)"),
            Kind::Number,
            "--health-check-interval-seconds",
        )
        .optional(),
        field(
            "healthy",
            l("正常のしきい値", "Healthy threshold"),
            Kind::Number,
            "--healthy-threshold-count",
        )
        .optional(),
        field(
            "unhealthy",
            l("非正常のしきい値", "Unhealthy threshold"),
            Kind::Number,
            "--unhealthy-threshold-count",
        )
        .optional(),
    ],
    build: options("aws elbv2 modify-target-group"),
};

pub const CREATE_LOAD_BALANCER: Form = Form {
    id: "create-load-balancer",
    group: Group::Elb,
    title: l(
        "Application Load Balancer の作成",
        "Create Application Load Balancer",
    ),
    fields: &[
        field(
            "name",
            l("ロードバランサー名", "Load balancer name"),
            Kind::Text,
            "--name",
        )
        .placeholder("web-alb")
        .codes(&["DuplicateLoadBalancerName", "ValidationError"]),
        field(
            "scheme",
            l("スキーム", "Scheme"),
            Kind::Choice(Source::Words(&[
                (
                    "internet-facing",
                    l("インターネット向け", "Internet-facing"),
                ),
                ("internal", l("内部", "Internal")),
            ])),
            "--scheme",
        ),
        field(
            "subnets",
            l("マッピング（サブネット）", "Mappings (subnets)"),
            Kind::Multi(Source::Subnets),
            "--subnets",
        )
        .codes(&["InvalidConfigurationRequest", "SubnetNotFound"]),
        field(
            "security_groups",
            SECURITY_GROUPS,
            Kind::Multi(Source::SecurityGroups),
            "--security-groups",
        )
        .optional()
        .codes(&["InvalidSecurityGroup"]),
    ],
    build: Build::Custom(|v, _| {
        let line = Line::new("aws elbv2 create-load-balancer")
            .opt("--name", get(v, "name"))
            .opt("--scheme", get(v, "scheme"))
            .many("--subnets", &list(v, "subnets"));
        let groups = list(v, "security_groups");
        let line = if groups.is_empty() {
            line
        } else {
            line.many("--security-groups", &groups)
        };
        vec![line.done()]
    }),
};

pub const CREATE_LISTENER: Form = Form {
    id: "create-listener",
    group: Group::Elb,
    title: l("リスナーの追加", "Add listener"),
    fields: &[
        field(
            "lb",
            LOAD_BALANCER,
            Kind::Choice(Source::LoadBalancers),
            "--load-balancer-arn",
        ),
        field(
            "protocol",
            l("プロトコル", "Protocol"),
            Kind::Choice(Source::Fixed(&[("HTTP", "HTTP"), ("TCP", "TCP")])),
            "--protocol",
        ),
        field("port", l("ポート", "Port"), Kind::Number, "--port")
            .default("80")
            .codes(&["DuplicateListener"]),
        field(
            "target_group",
            l("デフォルトアクション: 転送先", "Default action: forward to"),
            Kind::Choice(Source::TargetGroups),
            "--default-actions",
        )
        .codes(&["TargetGroupAssociationLimit", "TargetGroupNotFound"]),
    ],
    build: Build::Custom(|v, _| {
        vec![Line::new("aws elbv2 create-listener")
            .opt("--load-balancer-arn", get(v, "lb"))
            .opt("--protocol", get(v, "protocol"))
            .opt("--port", get(v, "port"))
            .opt(
                "--default-actions",
                &format!("Type=forward,TargetGroupArn={}", get(v, "target_group")),
            )
            .done()]
    }),
};

pub const DELETE_LOAD_BALANCER: Form = Form {
    id: "delete-load-balancer",
    group: Group::Elb,
    title: l("ロードバランサーを削除", "Delete load balancer"),
    fields: &[field(
        "lb",
        LOAD_BALANCER,
        Kind::Choice(Source::LoadBalancers),
        "--load-balancer-arn",
    )],
    build: options("aws elbv2 delete-load-balancer"),
};

pub const DELETE_TARGET_GROUP: Form = Form {
    id: "delete-target-group",
    group: Group::Elb,
    title: l("ターゲットグループを削除", "Delete target group"),
    fields: &[field(
        "target_group",
        TARGET_GROUP,
        Kind::Choice(Source::TargetGroups),
        "--target-group-arn",
    )
    .codes(&["ResourceInUse"])],
    build: options("aws elbv2 delete-target-group"),
};

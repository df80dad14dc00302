//! The forms of EC2 Auto Scaling: groups of container instances.

use super::*;

pub const CREATE_AUTO_SCALING_GROUP: Form = Form {
    id: "create-auto-scaling-group",
    group: Group::Ecs,
    title: l(
        "Auto Scaling グループを作成（EC2 Auto Scaling）",
        "Create Auto Scaling group (EC2 Auto Scaling)",
    ),
    fields: &[
        field(
            "name",
            l("Auto Scaling グループ名", "Auto Scaling group name"),
            Kind::Text,
            "--auto-scaling-group-name",
        )
        .placeholder("ecs-learn")
        .codes(&["AlreadyExists"]),
        field(
            "template",
            l("起動テンプレート", "Launch template"),
            Kind::Choice(Source::LaunchTemplates),
            "--launch-template",
        ),
        field("min", l("最小", "Minimum"), Kind::Number, "--min-size").default("0"),
        field("max", l("最大", "Maximum"), Kind::Number, "--max-size").default("4"),
        field(
            "desired",
            l("希望する容量", "Desired capacity"),
            Kind::Number,
            "--desired-capacity",
        )
        .default("0"),
        field(
            "subnets",
            l("サブネット（AZ ごとに 1 つ）", "Subnets (one per AZ)"),
            Kind::Multi(Source::Subnets),
            "--vpc-zone-identifier",
        ),
    ],
    build: Build::Custom(|v, _| {
        vec![Line::new("aws autoscaling create-auto-scaling-group")
            .opt("--auto-scaling-group-name", get(v, "name"))
            .opt(
                "--launch-template",
                &format!("LaunchTemplateName={}", get(v, "template")),
            )
            .opt("--min-size", get(v, "min"))
            .opt("--max-size", get(v, "max"))
            .opt("--desired-capacity", get(v, "desired"))
            .opt("--vpc-zone-identifier", &list(v, "subnets").join(","))
            .done()]
    }),
};

pub const SET_DESIRED_CAPACITY: Form = Form {
    id: "set-desired-capacity",
    group: Group::Ecs,
    title: l(
        "Auto Scaling グループの希望する容量を設定",
        "Set an Auto Scaling group's desired capacity",
    ),
    fields: &[
        field(
            "group",
            l("Auto Scaling グループ", "Auto Scaling group"),
            Kind::Choice(Source::AutoScalingGroupNames),
            "--auto-scaling-group-name",
        ),
        field(
            "desired",
            l("希望する容量", "Desired capacity"),
            Kind::Number,
            "--desired-capacity",
        ),
    ],
    build: options("aws autoscaling set-desired-capacity"),
};

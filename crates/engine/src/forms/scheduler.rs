//! The forms of EventBridge Scheduler: schedules that run tasks.

use super::*;

pub const CREATE_SCHEDULE: Form = Form {
    id: "create-schedule",
    group: Group::Ecs,
    title: l(
        "タスクを定期実行（EventBridge Scheduler）",
        "Run a task on a schedule (EventBridge Scheduler)",
    ),
    fields: &[
        field(
            "name",
            l("スケジュール名", "Schedule name"),
            Kind::Text,
            "--name",
        )
        .placeholder("nightly-report")
        .codes(&["ConflictException"]),
        field(
            "expression",
            l("スケジュール式", "Schedule expression"),
            Kind::Text,
            "--schedule-expression",
        )
        .default("rate(10 minutes)")
        .placeholder("cron(0 9 * * ? *)"),
        field(
            "timezone",
            l("タイムゾーン", "Time zone"),
            Kind::Text,
            "--schedule-expression-timezone",
        )
        .optional()
        .placeholder("Asia/Tokyo"),
        field(
            "cluster",
            CLUSTER,
            Kind::Choice(Source::Clusters),
            "--target",
        ),
        field(
            "task_definition",
            TASK_DEFINITION,
            Kind::Choice(Source::TaskDefinitions),
            "--target",
        ),
        field(
            "role",
            l(
                "スケジュールのロール（scheduler.amazonaws.com を信頼）",
                "The schedule's role (trusting scheduler.amazonaws.com)",
            ),
            Kind::Choice(Source::Roles),
            "--target",
        ),
        field(
            "subnets",
            l("サブネット（awsvpc）", "Subnets (awsvpc)"),
            Kind::Multi(Source::Subnets),
            "--target",
        ),
        field(
            "public_ip",
            l("パブリック IP", "Public IP"),
            Kind::Choice(Source::Fixed(&[
                ("DISABLED", "DISABLED"),
                ("ENABLED", "ENABLED"),
            ])),
            "--target",
        ),
    ],
    build: Build::Custom(|v, world| {
        let task_definition = format!(
            "arn:aws:ecs:{}:{}:task-definition/{}",
            world.region,
            world.account_id,
            get(v, "task_definition")
        );
        let target = serde_json::json!({
            "Arn": format!("arn:aws:ecs:{}:{}:cluster/{}", world.region, world.account_id, get(v, "cluster")),
            "RoleArn": get(v, "role"),
            "EcsParameters": {
                "TaskDefinitionArn": task_definition,
                "LaunchType": "FARGATE",
                "NetworkConfiguration": { "awsvpcConfiguration": {
                    "Subnets": list(v, "subnets"),
                    "AssignPublicIp": get(v, "public_ip"),
                } },
            },
        });
        vec![Line::new("aws scheduler create-schedule")
            .opt("--name", get(v, "name"))
            .opt("--schedule-expression", get(v, "expression"))
            .maybe("--schedule-expression-timezone", get(v, "timezone"))
            .opt("--flexible-time-window", "Mode=OFF")
            .opt("--target", &target.to_string())
            .done()]
    }),
};

pub const DELETE_SCHEDULE: Form = Form {
    id: "delete-schedule",
    group: Group::Ecs,
    title: l(
        "スケジュールを削除（EventBridge Scheduler）",
        "Delete schedule (EventBridge Scheduler)",
    ),
    fields: &[field(
        "name",
        l("スケジュール", "Schedule"),
        Kind::Choice(Source::Schedules),
        "--name",
    )
    .codes(&["ResourceNotFoundException"])],
    build: options("aws scheduler delete-schedule"),
};

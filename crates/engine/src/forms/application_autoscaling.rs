//! The forms of Application Auto Scaling: a service's scalable target, its scaling policies and scheduled actions.

use super::*;

pub const REGISTER_SCALABLE_TARGET: Form = Form {
    id: "register-scalable-target",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリング: タスク数の範囲",
        "Service auto scaling: task count range",
    ),
    fields: &[
        field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--resource-id",
        )
        .codes(&["ObjectNotFoundException"]),
        field(
            "min",
            l("タスクの最小数", "Minimum number of tasks"),
            Kind::Number,
            "--min-capacity",
        )
        .default("1"),
        field(
            "max",
            l("タスクの最大数", "Maximum number of tasks"),
            Kind::Number,
            "--max-capacity",
        )
        .default("4")
        .codes(&["ValidationException"]),
    ],
    build: Build::Custom(|v, _| {
        vec![
            Line::new("aws application-autoscaling register-scalable-target")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", &format!("service/{}", get(v, "service")))
                .opt("--min-capacity", get(v, "min"))
                .opt("--max-capacity", get(v, "max"))
                .done(),
        ]
    }),
};

pub const PUT_SCALING_POLICY: Form = Form {
    id: "put-scaling-policy",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリング: ターゲット追跡ポリシー",
        "Service auto scaling: target tracking policy",
    ),
    fields: &[
        field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--resource-id",
        )
        .codes(&["ObjectNotFoundException"]),
        field(
            "name",
            l("ポリシー名", "Policy name"),
            Kind::Text,
            "--policy-name",
        )
        .placeholder("cpu50"),
        field(
            "metric",
            l("ECS サービスメトリクス", "ECS service metric"),
            Kind::Choice(Source::Fixed(&[
                (
                    "ECSServiceAverageCPUUtilization",
                    "ECSServiceAverageCPUUtilization",
                ),
                (
                    "ECSServiceAverageMemoryUtilization",
                    "ECSServiceAverageMemoryUtilization",
                ),
                ("ALBRequestCountPerTarget", "ALBRequestCountPerTarget"),
            ])),
            "PredefinedMetricType",
        ),
        field(
            "target",
            l("ターゲット値", "Target value"),
            Kind::Number,
            "TargetValue",
        )
        .default("50")
        .codes(&["ValidationException", "FailedResourceAccessException"]),
        field(
            "scale_in_cooldown",
            l(
                "スケールインのクールダウン期間（秒）",
                "Scale-in cooldown period (seconds)",
            ),
            Kind::Number,
            "ScaleInCooldown",
        )
        .optional(),
        field(
            "scale_out_cooldown",
            l(
                "スケールアウトのクールダウン期間（秒）",
                "Scale-out cooldown period (seconds)",
            ),
            Kind::Number,
            "ScaleOutCooldown",
        )
        .optional(),
    ],
    build: Build::Custom(|v, world| {
        let metric = get(v, "metric");
        let mut spec = serde_json::json!({ "PredefinedMetricType": metric });
        if metric == "ALBRequestCountPerTarget" {
            // The resource label names the service's load balancer and target group.
            let label = world.ecs.services.get(get(v, "service")).and_then(|s| {
                let group = world
                    .elb
                    .target_groups
                    .get(&s.load_balancers.first()?.target_group_arn)?;
                let lb_arn = world.elb.load_balancers_of(&group.arn).into_iter().next()?;
                let lb = world.elb.load_balancers.get(&lb_arn)?;
                Some(format!(
                    "{}/{}",
                    lb.full_name(),
                    ecs_sim::elb::target_group_dimension(&group.arn)
                ))
            });
            spec["ResourceLabel"] = label.unwrap_or_default().into();
        }
        let mut config = serde_json::json!({
            "TargetValue": get(v, "target").parse::<u64>().unwrap_or(50),
            "PredefinedMetricSpecification": spec,
        });
        for (key, field) in [
            ("ScaleInCooldown", "scale_in_cooldown"),
            ("ScaleOutCooldown", "scale_out_cooldown"),
        ] {
            if let Ok(seconds) = get(v, field).parse::<u64>() {
                config[key] = seconds.into();
            }
        }
        vec![Line::new("aws application-autoscaling put-scaling-policy")
            .opt("--service-namespace", "ecs")
            .opt("--scalable-dimension", "ecs:service:DesiredCount")
            .opt("--resource-id", &format!("service/{}", get(v, "service")))
            .opt("--policy-name", get(v, "name"))
            .opt("--policy-type", "TargetTrackingScaling")
            .opt(
                "--target-tracking-scaling-policy-configuration",
                &config.to_string(),
            )
            .done()]
    }),
};

pub const PUT_SCHEDULED_ACTION: Form = Form {
    id: "put-scheduled-action",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリング: スケジュールされたアクション",
        "Service auto scaling: scheduled action",
    ),
    fields: &[
        field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--resource-id",
        )
        .codes(&["ObjectNotFoundException"]),
        field(
            "name",
            l("スケジュールされたアクション名", "Scheduled action name"),
            Kind::Text,
            "--scheduled-action-name",
        )
        .placeholder("weekday-morning"),
        field(
            "schedule",
            l("スケジュール", "Schedule"),
            Kind::Text,
            "--schedule",
        )
        .default("cron(0 9 ? * MON-FRI *)")
        .codes(&["ValidationException"]),
        field(
            "timezone",
            l("タイムゾーン", "Time zone"),
            Kind::Text,
            "--timezone",
        )
        .optional()
        .default("Asia/Tokyo"),
        field(
            "min",
            l("タスクの最小数", "Minimum number of tasks"),
            Kind::Number,
            "MinCapacity",
        )
        .optional()
        .default("2"),
        field(
            "max",
            l("タスクの最大数", "Maximum number of tasks"),
            Kind::Number,
            "MaxCapacity",
        )
        .optional()
        .default("6"),
    ],
    build: Build::Custom(|v, _| {
        let mut action = Vec::new();
        if !get(v, "min").is_empty() {
            action.push(format!("MinCapacity={}", get(v, "min")));
        }
        if !get(v, "max").is_empty() {
            action.push(format!("MaxCapacity={}", get(v, "max")));
        }
        vec![
            Line::new("aws application-autoscaling put-scheduled-action")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", &format!("service/{}", get(v, "service")))
                .opt("--scheduled-action-name", get(v, "name"))
                .opt("--schedule", get(v, "schedule"))
                .maybe("--timezone", get(v, "timezone"))
                .opt("--scalable-target-action", &action.join(","))
                .done(),
        ]
    }),
};

pub const PUT_STEP_SCALING_POLICY: Form = Form {
    id: "put-step-scaling-policy",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリング: ステップスケーリングポリシーと CloudWatch アラーム",
        "Service auto scaling: step scaling policy and its CloudWatch alarm",
    ),
    fields: &[
        field(
            "service",
            SERVICE,
            Kind::Choice(Source::Services),
            "--resource-id",
        )
        .codes(&["ObjectNotFoundException"]),
        field(
            "name",
            l("ポリシー名", "Policy name"),
            Kind::Text,
            "--policy-name",
        )
        .placeholder("cpu-steps"),
        field(
            "metric",
            l("メトリクス（AWS/ECS）", "Metric (AWS/ECS)"),
            Kind::Choice(Source::Fixed(&[
                ("CPUUtilization", "CPUUtilization"),
                ("MemoryUtilization", "MemoryUtilization"),
            ])),
            "--metric-name",
        ),
        field(
            "threshold",
            l(
                "アラームのしきい値（%、より大きい）",
                "Alarm threshold (%, greater than)",
            ),
            Kind::Number,
            "--threshold",
        )
        .default("70")
        .codes(&["ValidationError"]),
        field(
            "adjustment",
            l("追加するタスク数", "Tasks to add"),
            Kind::Number,
            "ScalingAdjustment",
        )
        .default("2")
        .codes(&["ValidationException"]),
        field(
            "cooldown",
            l("クールダウン（秒）", "Cooldown (seconds)"),
            Kind::Number,
            "Cooldown",
        )
        .default("120"),
    ],
    build: Build::Custom(|v, _| {
        let (cluster, service) = split_service(get(v, "service"));
        let config = serde_json::json!({
            "AdjustmentType": "ChangeInCapacity",
            "Cooldown": get(v, "cooldown").parse::<u64>().unwrap_or(120),
            "MetricAggregationType": "Average",
            "StepAdjustments": [{
                "MetricIntervalLowerBound": 0,
                "ScalingAdjustment": get(v, "adjustment").parse::<i64>().unwrap_or(1),
            }],
        });
        // The alarm triggers the policy: its ARN goes in the alarm's actions.
        let policy = Line::new("aws application-autoscaling put-scaling-policy")
            .opt("--service-namespace", "ecs")
            .opt("--scalable-dimension", "ecs:service:DesiredCount")
            .opt("--resource-id", &format!("service/{}", get(v, "service")))
            .opt("--policy-name", get(v, "name"))
            .opt("--policy-type", "StepScaling")
            .opt("--step-scaling-policy-configuration", &config.to_string())
            .opt("--query", "PolicyARN")
            .opt("--output", "text")
            .done();
        let alarm = Line::new("aws cloudwatch put-metric-alarm")
            .opt(
                "--alarm-name",
                &format!("{service}-{}-high", get(v, "name")),
            )
            .opt("--namespace", "AWS/ECS")
            .opt("--metric-name", get(v, "metric"))
            .many(
                "--dimensions",
                &[
                    &format!("Name=ClusterName,Value={cluster}"),
                    &format!("Name=ServiceName,Value={service}"),
                ],
            )
            .opt("--statistic", "Average")
            .opt("--period", "60")
            .opt("--evaluation-periods", "2")
            .opt("--threshold", get(v, "threshold"))
            .opt("--comparison-operator", "GreaterThanThreshold")
            .done();
        vec![
            format!("POLICY_ARN=$({policy})"),
            format!("{alarm} --alarm-actions \"$POLICY_ARN\""),
        ]
    }),
};

pub const DELETE_SCALING_POLICY: Form = Form {
    id: "delete-scaling-policy",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリング: ポリシーを削除",
        "Service auto scaling: delete policy",
    ),
    fields: &[field(
        "policy",
        l("スケーリングポリシー", "Scaling policy"),
        Kind::Choice(Source::ScalingPolicies),
        "--policy-name",
    )
    .codes(&["ObjectNotFoundException"])],
    build: Build::Custom(|v, _| {
        let (resource, name) = get(v, "policy")
            .split_once('|')
            .unwrap_or(("", get(v, "policy")));
        vec![
            Line::new("aws application-autoscaling delete-scaling-policy")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", resource)
                .opt("--policy-name", name)
                .done(),
        ]
    }),
};

pub const DELETE_SCHEDULED_ACTION: Form = Form {
    id: "delete-scheduled-action",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリング: スケジュールされたアクションを削除",
        "Service auto scaling: delete scheduled action",
    ),
    fields: &[field(
        "action",
        l("スケジュールされたアクション", "Scheduled action"),
        Kind::Choice(Source::ScheduledActions),
        "--scheduled-action-name",
    )
    .codes(&["ObjectNotFoundException"])],
    build: Build::Custom(|v, _| {
        let (resource, name) = get(v, "action")
            .split_once('|')
            .unwrap_or(("", get(v, "action")));
        vec![
            Line::new("aws application-autoscaling delete-scheduled-action")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", resource)
                .opt("--scheduled-action-name", name)
                .done(),
        ]
    }),
};

pub const DEREGISTER_SCALABLE_TARGET: Form = Form {
    id: "deregister-scalable-target",
    group: Group::Ecs,
    title: l(
        "サービスの自動スケーリングをオフにする",
        "Turn off service auto scaling",
    ),
    fields: &[field(
        "service",
        SERVICE,
        Kind::Choice(Source::Services),
        "--resource-id",
    )
    .codes(&["ObjectNotFoundException"])],
    build: Build::Custom(|v, _| {
        vec![
            Line::new("aws application-autoscaling deregister-scalable-target")
                .opt("--service-namespace", "ecs")
                .opt("--scalable-dimension", "ecs:service:DesiredCount")
                .opt("--resource-id", &format!("service/{}", get(v, "service")))
                .done(),
        ]
    }),
};

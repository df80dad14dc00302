//! The forms of CloudWatch Logs: log groups and their retention.

use super::*;

pub const CREATE_LOG_GROUP: Form = Form {
    id: "create-log-group",
    group: Group::Ecs,
    title: l(
        "ロググループを作成（CloudWatch Logs）",
        "Create log group (CloudWatch Logs)",
    ),
    fields: &[field(
        "name",
        l("ロググループ名", "Log group name"),
        Kind::Text,
        "--log-group-name",
    )
    .placeholder("/ecs/web")
    .codes(&[
        "ResourceAlreadyExistsException",
        "InvalidParameterException",
    ])],
    build: options("aws logs create-log-group"),
};

pub const PUT_RETENTION_POLICY: Form = Form {
    id: "put-retention-policy",
    group: Group::Ecs,
    title: l(
        "ロググループの保持期間を編集（CloudWatch Logs）",
        "Edit log group retention (CloudWatch Logs)",
    ),
    fields: &[
        field(
            "group",
            l("ロググループ", "Log group"),
            Kind::Choice(Source::LogGroups),
            "--log-group-name",
        )
        .codes(&["ResourceNotFoundException"]),
        field(
            "days",
            l("保持期間（日）", "Retention (days)"),
            Kind::Choice(Source::Fixed(&[
                ("1", "1"),
                ("3", "3"),
                ("7", "7"),
                ("14", "14"),
                ("30", "30"),
                ("90", "90"),
                ("365", "365"),
            ])),
            "--retention-in-days",
        ),
    ],
    build: options("aws logs put-retention-policy"),
};

pub const DELETE_LOG_GROUP: Form = Form {
    id: "delete-log-group",
    group: Group::Ecs,
    title: l(
        "ロググループを削除（CloudWatch Logs）",
        "Delete log group (CloudWatch Logs)",
    ),
    fields: &[field(
        "group",
        l("ロググループ", "Log group"),
        Kind::Choice(Source::LogGroups),
        "--log-group-name",
    )],
    build: options("aws logs delete-log-group"),
};

//! The forms of IAM: roles, their policies, instance profiles.

use super::*;

/// The AWS managed policies an ECS learner attaches.
const MANAGED_POLICIES: &[(&str, &str)] = &[
    (
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        "AmazonECSTaskExecutionRolePolicy",
    ),
    (
        "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
        "AWSCodeDeployRoleForECS",
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        "AmazonEC2ContainerServiceforEC2Role",
    ),
    (
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        "AmazonSSMManagedInstanceCore",
    ),
];

pub const CREATE_ROLE: Form = Form {
    id: "create-role",
    group: Group::Ecs,
    title: l("IAM ロールを作成（ECS 用）", "Create IAM role (for ECS)"),
    fields: &[
        field(
            "name",
            l("ロール名", "Role name"),
            Kind::Text,
            "--role-name",
        )
        .placeholder("ecsTaskExecutionRole")
        .codes(&["EntityAlreadyExists", "ValidationError"]),
        field(
            "trusted",
            l(
                "信頼されたエンティティ（サービス）",
                "Trusted entity (service)",
            ),
            Kind::Choice(Source::Fixed(&[
                (
                    "ecs-tasks.amazonaws.com",
                    "Elastic Container Service Task (ecs-tasks)",
                ),
                ("codedeploy.amazonaws.com", "CodeDeploy (codedeploy)"),
                ("ec2.amazonaws.com", "EC2 (container instances)"),
            ])),
            "--assume-role-policy-document",
        ),
        field(
            "policy",
            l("許可ポリシー", "Permissions policy"),
            Kind::Choice(Source::Fixed(MANAGED_POLICIES)),
            "--policy-arn",
        )
        .optional(),
    ],
    build: Build::Custom(|v, _| {
        let trust = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"{}"}},"Action":"sts:AssumeRole"}}]}}"#,
            get(v, "trusted")
        );
        let mut lines = vec![Line::new("aws iam create-role")
            .opt("--role-name", get(v, "name"))
            .opt("--assume-role-policy-document", &trust)
            .done()];
        if !get(v, "policy").is_empty() {
            lines.push(
                Line::new("aws iam attach-role-policy")
                    .opt("--role-name", get(v, "name"))
                    .opt("--policy-arn", get(v, "policy"))
                    .done(),
            );
        }
        lines
    }),
};

pub const CREATE_INSTANCE_PROFILE: Form = Form {
    id: "create-instance-profile",
    group: Group::Ecs,
    title: l(
        "インスタンスプロファイルを作成（IAM）",
        "Create instance profile (IAM)",
    ),
    fields: &[
        field(
            "name",
            l("インスタンスプロファイル名", "Instance profile name"),
            Kind::Text,
            "--instance-profile-name",
        )
        .default("ecsInstanceRole")
        .codes(&["EntityAlreadyExists"]),
        field(
            "role",
            l(
                "ロール（ec2.amazonaws.com を信頼し、AmazonEC2ContainerServiceforEC2Role 付き）",
                "Role (trusting ec2.amazonaws.com, with AmazonEC2ContainerServiceforEC2Role)",
            ),
            Kind::Choice(Source::RoleNames),
            "--role-name",
        ),
    ],
    build: Build::Custom(|v, _| {
        vec![
            Line::new("aws iam create-instance-profile")
                .opt("--instance-profile-name", get(v, "name"))
                .done(),
            Line::new("aws iam add-role-to-instance-profile")
                .opt("--instance-profile-name", get(v, "name"))
                .opt("--role-name", get(v, "role"))
                .done(),
        ]
    }),
};

pub const ATTACH_ROLE_POLICY: Form = Form {
    id: "attach-role-policy",
    group: Group::Ecs,
    title: l(
        "IAM ロールに許可を追加（ポリシーをアタッチ）",
        "IAM role: add permissions (attach policy)",
    ),
    fields: &[
        field(
            "role",
            l("ロール名", "Role name"),
            Kind::Choice(Source::RoleNames),
            "--role-name",
        )
        .codes(&["NoSuchEntity"]),
        field(
            "policy",
            l("許可ポリシー", "Permissions policy"),
            Kind::Choice(Source::Fixed(MANAGED_POLICIES)),
            "--policy-arn",
        ),
    ],
    build: options("aws iam attach-role-policy"),
};

pub const PUT_ROLE_POLICY: Form = Form {
    id: "put-role-policy",
    group: Group::Ecs,
    title: l(
        "IAM ロールにインラインポリシーを作成",
        "IAM role: create inline policy",
    ),
    fields: &[
        field(
            "role",
            l("ロール名", "Role name"),
            Kind::Choice(Source::RoleNames),
            "--role-name",
        )
        .codes(&["NoSuchEntity"]),
        field(
            "name",
            l("ポリシー名", "Policy name"),
            Kind::Text,
            "--policy-name",
        )
        .default("read-secrets"),
        field(
            "action",
            l("アクション", "Action"),
            Kind::Text,
            "--policy-document",
        )
        .default("secretsmanager:GetSecretValue")
        .codes(&["MalformedPolicyDocument"]),
        field(
            "resource",
            l("リソース（ARN）", "Resource (ARN)"),
            Kind::Text,
            "Resource",
        )
        .default("*"),
    ],
    build: Build::Custom(|v, _| {
        let actions: Vec<&str> = get(v, "action")
            .split([',', ' '])
            .filter(|a| !a.is_empty())
            .collect();
        let document = serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": actions,
                "Resource": get(v, "resource"),
            }],
        });
        vec![Line::new("aws iam put-role-policy")
            .opt("--role-name", get(v, "role"))
            .opt("--policy-name", get(v, "name"))
            .opt("--policy-document", &document.to_string())
            .done()]
    }),
};

pub const DELETE_ROLE: Form = Form {
    id: "delete-role",
    group: Group::Ecs,
    title: l("IAM ロールを削除", "Delete IAM role"),
    fields: &[field(
        "role",
        l("ロール名", "Role name"),
        Kind::Choice(Source::RoleNames),
        "--role-name",
    )
    .codes(&["DeleteConflict", "NoSuchEntity"])],
    build: options("aws iam delete-role"),
};

pub const DETACH_ROLE_POLICY: Form = Form {
    id: "detach-role-policy",
    group: Group::Ecs,
    title: l(
        "IAM ロールの許可を削除（ポリシーをデタッチ）",
        "IAM role: remove permissions (detach policy)",
    ),
    fields: &[field(
        "attached",
        l("アタッチされたポリシー", "Attached policy"),
        Kind::Choice(Source::AttachedPolicies),
        "--policy-arn",
    )
    .codes(&["NoSuchEntity"])],
    build: Build::Custom(|v, _| {
        let (role, arn) = get(v, "attached")
            .split_once('|')
            .unwrap_or(("", get(v, "attached")));
        vec![Line::new("aws iam detach-role-policy")
            .opt("--role-name", role)
            .opt("--policy-arn", arn)
            .done()]
    }),
};

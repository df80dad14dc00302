//! The forms of Amazon ECR: repositories and images.

use super::*;

pub const CREATE_REPOSITORY: Form = Form {
    id: "create-repository",
    group: Group::Ecr,
    title: l("リポジトリを作成", "Create repository"),
    fields: &[field(
        "name",
        l("リポジトリ名", "Repository name"),
        Kind::Text,
        "--repository-name",
    )
    .placeholder("web")
    .codes(&[
        "RepositoryAlreadyExistsException",
        "InvalidParameterException",
    ])],
    build: options("aws ecr create-repository"),
};

pub const PUSH_IMAGE: Form = Form {
    id: "push-image",
    group: Group::Ecr,
    title: l(
        "プッシュコマンドでイメージをプッシュ",
        "Push an image (view push commands)",
    ),
    fields: &[
        field(
            "repository",
            l("リポジトリ", "Repository"),
            Kind::Choice(Source::Repositories),
            "docker push",
        ),
        field(
            "tag",
            l("イメージタグ", "Image tag"),
            Kind::Text,
            "docker tag",
        )
        .default("latest")
        .codes(&["ImageTagAlreadyExistsException"]),
    ],
    build: Build::Custom(|v, world| {
        let registry = format!(
            "{}.dkr.ecr.{}.amazonaws.com",
            world.account_id, world.region
        );
        let local = format!("{}:{}", get(v, "repository"), get(v, "tag"));
        let remote = format!("{registry}/{local}");
        vec![
            format!(
                "aws ecr get-login-password --region {} | docker login --username AWS --password-stdin {registry}",
                world.region
            ),
            format!("docker build -t {} .", quote(&local)),
            format!("docker tag {} {}", quote(&local), quote(&remote)),
            format!("docker push {}", quote(&remote)),
        ]
    }),
};

pub const DELETE_REPOSITORY: Form = Form {
    id: "delete-repository",
    group: Group::Ecr,
    title: l("リポジトリを削除", "Delete repository"),
    fields: &[
        field(
            "repository",
            l("リポジトリ", "Repository"),
            Kind::Choice(Source::Repositories),
            "--repository-name",
        )
        .codes(&["RepositoryNotEmptyException"]),
        field(
            "force",
            l(
                "イメージごと削除（--force）",
                "Delete with its images (--force)",
            ),
            Kind::Choice(Source::Words(YES_NO)),
            "--force",
        ),
    ],
    build: Build::Custom(|v, _| {
        let line =
            Line::new("aws ecr delete-repository").opt("--repository-name", get(v, "repository"));
        let line = if get(v, "force") == "yes" {
            line.flag("--force")
        } else {
            line
        };
        vec![line.done()]
    }),
};

pub const BATCH_DELETE_IMAGE: Form = Form {
    id: "batch-delete-image",
    group: Group::Ecr,
    title: l("イメージを削除", "Delete image"),
    fields: &[field(
        "image",
        l("イメージ", "Image"),
        Kind::Choice(Source::Images),
        "--image-ids",
    )],
    build: Build::Custom(|v, _| {
        let (repository, tag) = get(v, "image")
            .rsplit_once(':')
            .unwrap_or((get(v, "image"), "latest"));
        vec![Line::new("aws ecr batch-delete-image")
            .opt("--repository-name", repository)
            .opt("--image-ids", &format!("imageTag={tag}"))
            .done()]
    }),
};

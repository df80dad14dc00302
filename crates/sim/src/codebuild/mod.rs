//! AWS CodeBuild, as far as the notes' CI/CD design needs it (note 001:
//! "CodeBuild: a project per environment"; "scan images with Trivy in the
//! build"): projects whose source is a CodeCommit branch, builds that run the
//! source's `buildspec.yml` through their phases (PROVISIONING …
//! POST_BUILD … COMPLETED) with the project's service role, log to
//! `/aws/codebuild/<project>`, and push the images they build to ECR.
//!
//! A build is planned when it starts (see [`runner`]): its phases, log lines
//! and pushes are fixed then, shown as time reaches them, and its pushes
//! land in ECR when it completes (or is stopped after them).

pub mod runner;

use crate::clock::{Duration, SimTime};
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Projects kept (the model's cap; AWS allows 5,000 per Region).
pub const MAX_PROJECTS: usize = 50;
/// Builds kept per project; the oldest finished ones go first.
pub const MAX_BUILDS_PER_PROJECT: usize = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeBuild {
    #[serde(default)]
    pub projects: BTreeMap<String, Project>,
    /// By build id (`project:uuid`).
    #[serde(default)]
    pub builds: BTreeMap<String, Build>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectSource {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buildspec: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_clone_depth: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_ssl: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectArtifacts {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentVariable {
    pub name: String,
    pub value: String,
    #[serde(rename = "type", default = "plaintext")]
    pub kind: String,
}

fn plaintext() -> String {
    "PLAINTEXT".into()
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectEnvironment {
    #[serde(rename = "type")]
    pub kind: String,
    pub image: String,
    pub compute_type: String,
    #[serde(default)]
    pub environment_variables: Vec<EnvironmentVariable>,
    #[serde(default)]
    pub privileged_mode: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_pull_credentials_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    pub name: String,
    pub arn: String,
    pub description: Option<String>,
    pub source: ProjectSource,
    pub source_version: Option<String>,
    pub artifacts: ProjectArtifacts,
    pub environment: ProjectEnvironment,
    pub service_role: String,
    pub timeout_in_minutes: u64,
    pub created: SimTime,
    pub last_modified: SimTime,
    /// The last build number given.
    pub build_counter: u64,
    /// The KMS key for build output (the account's `aws/s3` key unless given).
    #[serde(default)]
    pub encryption_key: String,
}

/// One phase of a planned build, in seconds from the build's start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub phase_type: String,
    pub status: String,
    pub start: u64,
    pub duration: u64,
    pub context: Option<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Build {
    pub id: String,
    pub arn: String,
    pub number: u64,
    pub project: String,
    pub started_at: SimTime,
    pub source_version: Option<String>,
    pub resolved_source_version: Option<String>,
    pub phases: Vec<Phase>,
    /// SUCCEEDED, FAILED, FAULT, STOPPED or TIMED_OUT, once the build is complete.
    pub outcome: String,
    /// Seconds from start to COMPLETED.
    pub total: u64,
    pub log_stream: String,
    pub log_lines: Vec<(u64, String)>,
    pub logs_written: usize,
    pub pushes: Vec<runner::Push>,
    /// Pushes and logs have been applied (the build is over).
    pub finished: bool,
    pub stopped_at: Option<SimTime>,
    pub environment: ProjectEnvironment,
    pub service_role: String,
    pub timeout_in_minutes: u64,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProjectInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub source: Option<ProjectSource>,
    pub source_version: Option<String>,
    pub artifacts: Option<ProjectArtifacts>,
    pub environment: Option<ProjectEnvironment>,
    pub service_role: Option<String>,
    pub timeout_in_minutes: Option<i64>,
    pub queued_timeout_in_minutes: Option<i64>,
    pub tags: Option<Value>,
    pub logs_config: Option<Value>,
    pub badge_enabled: Option<bool>,
    pub vpc_config: Option<Value>,
    pub encryption_key: Option<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub ids: Vec<String>,
    pub project_name: Option<String>,
    pub id: Option<String>,
    pub environment_variables_override: Option<Vec<EnvironmentVariable>>,
    pub privileged_mode_override: Option<bool>,
    pub buildspec_override: Option<String>,
    pub sort_by: Option<String>,
    pub sort_order: Option<String>,
    pub next_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CodeBuildError {
    #[error("Project already exists: {0}")]
    AlreadyExists(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("Cannot have more than {MAX_PROJECTS} projects in this playground")]
    LimitExceeded,
}

impl AwsErrorCode for CodeBuildError {
    fn code(&self) -> &'static str {
        match self {
            CodeBuildError::AlreadyExists(_) => "ResourceAlreadyExistsException",
            CodeBuildError::NotFound(_) => "ResourceNotFoundException",
            CodeBuildError::InvalidInput(_) => "InvalidInputException",
            CodeBuildError::LimitExceeded => "AccountLimitExceededException",
        }
    }
}

fn invalid(message: impl Into<String>) -> CodeBuildError {
    CodeBuildError::InvalidInput(message.into())
}

const COMPUTE_TYPES: &[&str] = &[
    "BUILD_GENERAL1_SMALL",
    "BUILD_GENERAL1_MEDIUM",
    "BUILD_GENERAL1_LARGE",
    "BUILD_GENERAL1_XLARGE",
    "BUILD_GENERAL1_2XLARGE",
];

impl Project {
    fn shape(&self) -> Value {
        let mut shape = json!({
            "name": self.name,
            "arn": self.arn,
            "source": self.source,
            "artifacts": self.artifacts,
            "environment": self.environment,
            "serviceRole": self.service_role,
            "timeoutInMinutes": self.timeout_in_minutes,
            "queuedTimeoutInMinutes": 480,
            "encryptionKey": self.encryption_key,
            "created": self.created.to_iso8601(),
            "lastModified": self.last_modified.to_iso8601(),
            "badge": { "badgeEnabled": false },
            "projectVisibility": "PRIVATE",
        });
        if let Value::Object(map) = &mut shape {
            if let Some(d) = &self.description {
                map.insert("description".into(), json!(d));
            }
            if let Some(v) = &self.source_version {
                map.insert("sourceVersion".into(), json!(v));
            }
        }
        shape
    }
}

impl Build {
    /// Seconds of the build that have happened by `now`.
    fn elapsed(&self, now: SimTime) -> u64 {
        let end = self
            .stopped_at
            .map_or(self.total, |s| s.since(self.started_at).as_seconds());
        now.since(self.started_at).as_seconds().min(end)
    }

    pub fn is_complete(&self, now: SimTime) -> bool {
        self.stopped_at.is_some() || self.elapsed(now) >= self.total
    }

    /// When it completes, if it has not yet.
    pub fn completes_at(&self) -> Option<SimTime> {
        (!self.finished).then(|| {
            self.stopped_at
                .unwrap_or_else(|| self.started_at.plus(Duration::seconds(self.total)))
        })
    }

    pub fn status(&self, now: SimTime) -> &str {
        if self.stopped_at.is_some() {
            "STOPPED"
        } else if self.is_complete(now) {
            &self.outcome
        } else {
            "IN_PROGRESS"
        }
    }

    pub fn shape(&self, now: SimTime, region: &str) -> Value {
        let elapsed = self.elapsed(now);
        let complete = self.is_complete(now);
        let at = |offset: u64| self.started_at.plus(Duration::seconds(offset)).to_iso8601();
        let mut phases = Vec::new();
        let mut current = "COMPLETED".to_string();
        for phase in &self.phases {
            // A phase starting right now is the current one; COMPLETED only once complete.
            if phase.start > elapsed || (phase.phase_type == "COMPLETED" && !complete) {
                break;
            }
            if phase.phase_type == "COMPLETED" && self.stopped_at.is_some() {
                break;
            }
            let done = phase.start + phase.duration <= elapsed;
            let mut shape = json!({ "phaseType": phase.phase_type, "startTime": at(phase.start) });
            if let Value::Object(map) = &mut shape {
                if phase.phase_type != "COMPLETED" && (done || self.stopped_at.is_some()) {
                    let duration = if done {
                        phase.duration
                    } else {
                        elapsed - phase.start
                    };
                    let status = if done {
                        phase.status.as_str()
                    } else {
                        "STOPPED"
                    };
                    map.insert("phaseStatus".into(), json!(status));
                    map.insert("endTime".into(), json!(at(phase.start + duration)));
                    map.insert("durationInSeconds".into(), json!(duration));
                    let (code, message) = phase.context.clone().unwrap_or_default();
                    map.insert(
                        "contexts".into(),
                        json!([{ "statusCode": code, "message": message }]),
                    );
                } else if phase.phase_type != "COMPLETED" {
                    current = phase.phase_type.clone();
                }
            }
            phases.push(shape);
        }
        if self.stopped_at.is_some() {
            phases.push(json!({ "phaseType": "COMPLETED", "startTime": at(elapsed) }));
        }
        let mut shape = json!({
            "id": self.id,
            "arn": self.arn,
            "buildNumber": self.number,
            "startTime": self.started_at.to_iso8601(),
            "currentPhase": if complete { "COMPLETED".to_string() } else { current },
            "buildStatus": self.status(now),
            "projectName": self.project,
            "phases": phases,
            "environment": self.environment,
            "serviceRole": self.service_role,
            "logs": {
                "groupName": format!("/aws/codebuild/{}", self.project),
                "streamName": self.log_stream,
                "deepLink": format!("https://console.aws.amazon.com/cloudwatch/home?region={region}#logEvent:group=/aws/codebuild/{};stream={}", self.project, self.log_stream),
            },
            "timeoutInMinutes": self.timeout_in_minutes,
            "queuedTimeoutInMinutes": 480,
            "buildComplete": complete,
            "initiator": "learner",
        });
        if let Value::Object(map) = &mut shape {
            if complete {
                map.insert("endTime".into(), json!(at(elapsed)));
            }
            if let Some(v) = &self.source_version {
                map.insert("sourceVersion".into(), json!(v));
            }
            if let Some(v) = &self.resolved_source_version {
                map.insert("resolvedSourceVersion".into(), json!(v));
            }
        }
        shape
    }
}

fn check_project_name(name: &str) -> Result<(), CodeBuildError> {
    let valid = (2..=255).contains(&name.len())
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(invalid(format!(
            "1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9][A-Za-z0-9\\-_]{{1,254}}"
        )))
    }
}

impl CodeBuild {
    pub fn batch_get_projects(&self, input: ProjectInput) -> Value {
        let (found, missing): (Vec<&String>, Vec<&String>) = input
            .names
            .iter()
            .partition(|n| self.project_by_reference(n).is_some());
        json!({
            "projects": found.iter().filter_map(|n| self.project_by_reference(n)).map(Project::shape).collect::<Vec<_>>(),
            "projectsNotFound": missing,
        })
    }

    fn project_by_reference(&self, reference: &str) -> Option<&Project> {
        self.projects
            .get(reference)
            .or_else(|| self.projects.values().find(|p| p.arn == reference))
    }

    pub fn list_projects(&self) -> Value {
        json!({ "projects": self.projects.keys().collect::<Vec<_>>() })
    }

    pub fn batch_get_builds(&self, input: ProjectInput, now: SimTime, region: &str) -> Value {
        let mut builds = Vec::new();
        let mut missing = Vec::new();
        for id in &input.ids {
            match self
                .builds
                .get(id)
                .or_else(|| self.builds.values().find(|b| &b.arn == id))
            {
                Some(build) => builds.push(build.shape(now, region)),
                None => missing.push(id.clone()),
            }
        }
        json!({ "builds": builds, "buildsNotFound": missing })
    }

    pub fn list_builds_for_project(&self, input: ProjectInput) -> Result<Value, CodeBuildError> {
        let name = input.project_name.unwrap_or_default();
        if !self.projects.contains_key(&name) {
            return Err(CodeBuildError::NotFound(format!(
                "The provided project name {name} does not exist"
            )));
        }
        let mut builds: Vec<&Build> = self.builds.values().filter(|b| b.project == name).collect();
        builds.sort_by_key(|b| std::cmp::Reverse(b.number));
        let ascending = input.sort_order.as_deref() == Some("ASCENDING");
        if ascending {
            builds.reverse();
        }
        Ok(json!({ "ids": builds.iter().map(|b| &b.id).collect::<Vec<_>>() }))
    }

    pub fn list_builds(&self) -> Value {
        let mut builds: Vec<&Build> = self.builds.values().collect();
        builds.sort_by_key(|b| std::cmp::Reverse((b.started_at, b.number)));
        json!({ "ids": builds.iter().map(|b| &b.id).collect::<Vec<_>>() })
    }
}

impl crate::world::World {
    fn checked_project(
        &self,
        input: &ProjectInput,
        existing: Option<&Project>,
    ) -> Result<Project, CodeBuildError> {
        let name = input.name.clone().unwrap_or_default();
        check_project_name(&name)?;
        let source = input
            .source
            .clone()
            .or_else(|| existing.map(|p| p.source.clone()))
            .ok_or_else(|| invalid("Source must be specified"))?;
        if source
            .buildspec
            .as_ref()
            .is_some_and(|b| b.len() > runner::MAX_TEXT)
        {
            return Err(invalid(format!(
                "source.buildspec is too long: the playground reads buildspecs up to {} bytes",
                runner::MAX_TEXT
            )));
        }
        match source.kind.as_str() {
            "CODECOMMIT" => {
                let location = source.location.clone().unwrap_or_default();
                if location.is_empty() {
                    return Err(invalid("Invalid source location: a CODECOMMIT source needs the repository's clone URL (cloneUrlHttp)"));
                }
            }
            "NO_SOURCE" => {
                if source.buildspec.as_deref().is_none_or(str::is_empty) {
                    return Err(invalid("Invalid source: buildspec must be specified for NO_SOURCE source type"));
                }
            }
            "GITHUB" | "GITHUB_ENTERPRISE" | "BITBUCKET" | "GITLAB" | "GITLAB_SELF_MANAGED" | "S3"
            | "CODEPIPELINE" => {
                return Err(invalid(format!(
                    "This playground's CodeBuild reads CODECOMMIT sources (or NO_SOURCE with an inline buildspec), not {}",
                    source.kind
                )))
            }
            other => {
                return Err(invalid(format!(
                    "1 validation error detected: Value '{other}' at 'source.type' failed to satisfy constraint: Member must satisfy enum value set: [BITBUCKET, CODECOMMIT, CODEPIPELINE, GITHUB_ENTERPRISE, GITHUB, GITLAB, GITLAB_SELF_MANAGED, NO_SOURCE, S3]"
                )))
            }
        }
        let artifacts = input
            .artifacts
            .clone()
            .or_else(|| existing.map(|p| p.artifacts.clone()))
            .ok_or_else(|| invalid("Artifacts must be specified"))?;
        if artifacts.kind != "NO_ARTIFACTS" {
            return Err(invalid(format!(
                "This playground's builds publish images to ECR, not artifacts: use artifacts type NO_ARTIFACTS (not {})",
                artifacts.kind
            )));
        }
        let environment = input
            .environment
            .clone()
            .or_else(|| existing.map(|p| p.environment.clone()))
            .ok_or_else(|| invalid("Environment must be specified"))?;
        if !matches!(
            environment.kind.as_str(),
            "LINUX_CONTAINER" | "ARM_CONTAINER"
        ) {
            return Err(invalid(format!(
                "This playground's builds run in LINUX_CONTAINER or ARM_CONTAINER environments, not {}",
                environment.kind
            )));
        }
        if !COMPUTE_TYPES.contains(&environment.compute_type.as_str()) {
            return Err(invalid(format!(
                "Invalid compute type: {}",
                environment.compute_type
            )));
        }
        if environment.image.is_empty() {
            return Err(invalid("Invalid image: the build environment needs an image, e.g. aws/codebuild/standard:7.0"));
        }
        for variable in &environment.environment_variables {
            if !matches!(
                variable.kind.as_str(),
                "PLAINTEXT" | "PARAMETER_STORE" | "SECRETS_MANAGER"
            ) {
                return Err(invalid(format!(
                    "Invalid environment variable type: {}",
                    variable.kind
                )));
            }
        }
        let service_role = input
            .service_role
            .clone()
            .or_else(|| existing.map(|p| p.service_role.clone()))
            .unwrap_or_default();
        let role = self.iam.role_by_arn(&service_role);
        if !role.is_some_and(|r| r.trusts("codebuild.amazonaws.com")) {
            return Err(invalid(format!(
                "CodeBuild is not authorized to perform: sts:AssumeRole on {service_role}"
            )));
        }
        let timeout = input
            .timeout_in_minutes
            .or_else(|| existing.map(|p| p.timeout_in_minutes as i64))
            .unwrap_or(60);
        if !(5..=2160).contains(&timeout) {
            return Err(invalid(format!(
                "1 validation error detected: Value '{timeout}' at 'timeoutInMinutes' failed to satisfy constraint: Member must have value between 5 and 2160"
            )));
        }
        Ok(Project {
            arn: format!(
                "arn:aws:codebuild:{}:{}:project/{name}",
                self.region, self.account_id
            ),
            name,
            description: input
                .description
                .clone()
                .or_else(|| existing.and_then(|p| p.description.clone())),
            source,
            source_version: input
                .source_version
                .clone()
                .or_else(|| existing.and_then(|p| p.source_version.clone())),
            artifacts,
            environment,
            service_role: self
                .iam
                .role_by_arn(&service_role)
                .map_or(service_role.clone(), |r| r.arn(&self.account_id)),
            timeout_in_minutes: timeout.unsigned_abs(),
            created: existing.map_or(self.now, |p| p.created),
            last_modified: self.now,
            build_counter: existing.map_or(0, |p| p.build_counter),
            encryption_key: input
                .encryption_key
                .clone()
                .or_else(|| existing.map(|p| p.encryption_key.clone()))
                .filter(|k| !k.is_empty())
                .unwrap_or_else(|| {
                    format!(
                        "arn:aws:kms:{}:{}:alias/aws/s3",
                        self.region, self.account_id
                    )
                }),
        })
    }

    pub(crate) fn create_project(&mut self, input: ProjectInput) -> Result<Value, CodeBuildError> {
        let name = input.name.clone().unwrap_or_default();
        check_project_name(&name)?;
        if let Some(existing) = self.codebuild.projects.get(&name) {
            return Err(CodeBuildError::AlreadyExists(existing.arn.clone()));
        }
        if self.codebuild.projects.len() >= MAX_PROJECTS {
            return Err(CodeBuildError::LimitExceeded);
        }
        let project = self.checked_project(&input, None)?;
        let shape = project.shape();
        self.codebuild.projects.insert(name, project);
        Ok(json!({ "project": shape }))
    }

    pub(crate) fn update_project(&mut self, input: ProjectInput) -> Result<Value, CodeBuildError> {
        let name = input.name.clone().unwrap_or_default();
        let existing = self.codebuild.projects.get(&name).ok_or_else(|| {
            CodeBuildError::NotFound(format!(
                "Project cannot be found: arn:aws:codebuild:{}:{}:project/{name}",
                self.region, self.account_id
            ))
        })?;
        let project = self.checked_project(&input, Some(existing))?;
        let shape = project.shape();
        self.codebuild.projects.insert(name, project);
        Ok(json!({ "project": shape }))
    }

    pub(crate) fn delete_project(&mut self, input: ProjectInput) -> Result<Value, CodeBuildError> {
        let name = input.name.unwrap_or_default();
        // Deleting a project that does not exist is not an error; its builds stay (as in AWS).
        self.codebuild.projects.remove(&name);
        Ok(json!({}))
    }

    /// StartBuild: the build's whole run is planned now (see the module doc).
    pub(crate) fn start_build(&mut self, input: ProjectInput) -> Result<Value, CodeBuildError> {
        let name = input.project_name.clone().unwrap_or_default();
        let project = self
            .codebuild
            .projects
            .get(&name)
            .ok_or_else(|| {
                CodeBuildError::NotFound(format!(
                    "Project cannot be found: arn:aws:codebuild:{}:{}:project/{name}",
                    self.region, self.account_id
                ))
            })?
            .clone();
        if input
            .buildspec_override
            .as_ref()
            .is_some_and(|b| b.len() > runner::MAX_TEXT)
        {
            return Err(invalid(format!(
                "buildspecOverride is too long: the playground reads buildspecs up to {} bytes",
                runner::MAX_TEXT
            )));
        }
        if let Some(variables) = &input.environment_variables_override {
            if let Some(bad) = variables.iter().find(|v| {
                !matches!(
                    v.kind.as_str(),
                    "PLAINTEXT" | "PARAMETER_STORE" | "SECRETS_MANAGER"
                )
            }) {
                return Err(invalid(format!(
                    "Invalid environment variable type: {}",
                    bad.kind
                )));
            }
        }
        let builds_of_project = self
            .codebuild
            .builds
            .values()
            .filter(|b| b.project == name)
            .count();
        if builds_of_project >= MAX_BUILDS_PER_PROJECT {
            let oldest_finished = self
                .codebuild
                .builds
                .values()
                .filter(|b| b.project == name && b.finished)
                .min_by_key(|b| b.number)
                .map(|b| b.id.clone());
            match oldest_finished {
                Some(id) => {
                    self.codebuild.builds.remove(&id);
                }
                None => {
                    return Err(CodeBuildError::InvalidInput(
                        "Too many builds of this project are in progress".into(),
                    ))
                }
            }
        }
        let uuid = self.rng_uuid();
        let id = format!("{name}:{uuid}");
        let number = project.build_counter + 1;
        let build = self.plan_build(&project, &input, id, uuid, number);
        if let Some(p) = self.codebuild.projects.get_mut(&name) {
            p.build_counter = number;
        }
        let group = format!("/aws/codebuild/{name}");
        if build
            .phases
            .iter()
            .any(|p| p.phase_type == "DOWNLOAD_SOURCE")
            && !self.logs.groups.contains_key(&group)
        {
            let _ = self.logs.create_log_group(
                self.now,
                crate::logs::LogsInput {
                    log_group_name: Some(group),
                    ..Default::default()
                },
            );
        }
        let shape = build.shape(self.now, &self.region);
        self.log("codebuild", format!("Build {} #{number} started.", name));
        self.codebuild.builds.insert(build.id.clone(), build);
        Ok(json!({ "build": shape }))
    }

    pub(crate) fn stop_build(&mut self, input: ProjectInput) -> Result<Value, CodeBuildError> {
        let id = input.id.unwrap_or_default();
        let now = self.now;
        let Some(build) = self.codebuild.builds.get(&id) else {
            return Err(CodeBuildError::NotFound(format!(
                "Build {id} does not exist"
            )));
        };
        if !build.is_complete(now) {
            if let Some(build) = self.codebuild.builds.get_mut(&id) {
                build.stopped_at = Some(now);
            }
            self.run_builds();
        }
        let shape = self
            .codebuild
            .builds
            .get(&id)
            .map(|b| b.shape(now, &self.region));
        Ok(json!({ "build": shape }))
    }

    /// Writes the log lines time has reached, and finishes builds that are
    /// complete: their pushes (those made before a stop) land in ECR.
    pub(crate) fn run_builds(&mut self) {
        let now = self.now;
        let ids: Vec<String> = self
            .codebuild
            .builds
            .values()
            .filter(|b| !b.finished)
            .map(|b| b.id.clone())
            .collect();
        for id in ids {
            let Some(build) = self.codebuild.builds.get(&id).cloned() else {
                continue;
            };
            let elapsed = build.elapsed(now);
            let group = format!("/aws/codebuild/{}", build.project);
            let due = build
                .log_lines
                .iter()
                .skip(build.logs_written)
                .take_while(|(at, _)| *at <= elapsed);
            let mut written = build.logs_written;
            for (at, line) in due {
                self.logs.write(
                    &group,
                    &build.log_stream,
                    build.started_at.plus(Duration::seconds(*at)),
                    line.clone(),
                );
                written += 1;
            }
            let complete = build.is_complete(now);
            let mut failed_push = None;
            if complete {
                let commands_start = build
                    .phases
                    .iter()
                    .find(|p| p.phase_type == "INSTALL")
                    .map_or(0, |p| p.start);
                for push in build
                    .pushes
                    .iter()
                    .filter(|p| commands_start + p.at <= elapsed)
                {
                    let command = crate::command::Command::from_api(
                        "ecr",
                        "PushImage",
                        json!({ "repositoryName": push.repository, "imageTag": push.tag, "imageDigest": push.digest, "sizeBytes": push.size_bytes }),
                    );
                    let result = command.and_then(|c| crate::command::execute(self, c));
                    if let Err(e) = result {
                        failed_push = Some(e.message);
                    }
                }
                if let Some(message) = &failed_push {
                    // The repository changed under the build (deleted, made immutable).
                    let at = build.started_at.plus(Duration::seconds(elapsed));
                    self.logs.write(
                        &group,
                        &build.log_stream,
                        at,
                        format!("[Container] push failed: {message}"),
                    );
                }
                let status = if build.stopped_at.is_some() {
                    "STOPPED".to_string()
                } else if failed_push.is_some() {
                    "FAILED".to_string()
                } else {
                    build.outcome.clone()
                };
                self.log(
                    "codebuild",
                    format!(
                        "Build {} #{} {}.",
                        build.project,
                        build.number,
                        status.to_ascii_lowercase()
                    ),
                );
            }
            if let Some(b) = self.codebuild.builds.get_mut(&id) {
                b.logs_written = written;
                if complete {
                    b.finished = true;
                    if failed_push.is_some() {
                        b.outcome = "FAILED".into();
                    }
                }
            }
        }
    }

    pub(crate) fn next_build_event(&self) -> Option<SimTime> {
        self.codebuild
            .builds
            .values()
            .filter_map(Build::completes_at)
            .min()
    }

    /// Plans a build: every phase's outcome, duration and log lines.
    fn plan_build(
        &self,
        project: &Project,
        input: &ProjectInput,
        id: String,
        uuid: String,
        number: u64,
    ) -> Build {
        let mut plan = Plan::default();
        let stamp = |at: u64| {
            let t = self.now.plus(Duration::seconds(at)).to_iso8601();
            // 2026-01-01T00:00:31+00:00 → 2026/01/01 00:00:31.000000
            format!(
                "{} {}.000000",
                t.get(..10).unwrap_or_default().replace('-', "/"),
                t.get(11..19).unwrap_or_default()
            )
        };
        let region = self.region.clone();
        let arn = format!("arn:aws:codebuild:{region}:{}:build/{id}", self.account_id);
        let mut environment = project.environment.clone();
        if let Some(over) = &input.environment_variables_override {
            for v in over {
                environment
                    .environment_variables
                    .retain(|e| e.name != v.name);
                environment.environment_variables.push(v.clone());
            }
        }
        if let Some(privileged) = input.privileged_mode_override {
            environment.privileged_mode = privileged;
        }
        let role = self
            .iam
            .role_by_arn(&project.service_role)
            .filter(|r| r.trusts("codebuild.amazonaws.com"));
        let role_name = project
            .service_role
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let session = format!("{role_name}/AWSCodeBuild-{uuid}");
        let source_version = input
            .source_version
            .clone()
            .or_else(|| project.source_version.clone());
        let mut build = Build {
            id: id.clone(),
            arn: arn.clone(),
            number,
            project: project.name.clone(),
            started_at: self.now,
            source_version: source_version.clone(),
            resolved_source_version: None,
            phases: Vec::new(),
            outcome: "SUCCEEDED".into(),
            total: 0,
            log_stream: uuid.clone(),
            log_lines: Vec::new(),
            logs_written: 0,
            pushes: Vec::new(),
            finished: false,
            stopped_at: None,
            environment: environment.clone(),
            service_role: project.service_role.clone(),
            timeout_in_minutes: project.timeout_in_minutes,
        };
        plan.phase("SUBMITTED", 1, None);
        plan.phase("QUEUED", 1, None);

        // PROVISIONING: the service role, its logs, and resolved variables.
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        let mut provisioning_error = None;
        if role.is_none() {
            provisioning_error = Some((
                "CLIENT_ERROR".to_string(),
                format!(
                    "CodeBuild is not authorized to perform: sts:AssumeRole on {}",
                    project.service_role
                ),
            ));
        } else if !role.is_some_and(|r| r.allows("logs:CreateLogStream")) {
            provisioning_error = Some((
                "ACCESS_DENIED".to_string(),
                format!(
                    "Service role {} does not allow AWS CodeBuild to create Amazon CloudWatch Logs log streams for build {arn}. Error message: User: arn:aws:sts::{}:assumed-role/{session} is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:{region}:{}:log-group:/aws/codebuild/{}:log-stream:{uuid} because no identity-based policy allows the logs:CreateLogStream action",
                    project.service_role, self.account_id, self.account_id, project.name
                ),
            ));
        }
        for v in &environment.environment_variables {
            if provisioning_error.is_some() {
                break;
            }
            match v.kind.as_str() {
                "PARAMETER_STORE" => match self.ssm.parameter(&region, &self.account_id, &v.value) {
                    Some(p) if role.is_some_and(|r| r.allows("ssm:GetParameters")) => {
                        env.insert(v.name.clone(), p.value.clone());
                    }
                    Some(_) => provisioning_error = Some(("Parameter Store Error".into(), format!("AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{session} is not authorized to perform: ssm:GetParameters", self.account_id))),
                    None => provisioning_error = Some(("Parameter Store Error".into(), format!("parameter does not exist: {}", v.value))),
                },
                "SECRETS_MANAGER" => {
                    if !role.is_some_and(|r| r.allows("secretsmanager:GetSecretValue")) {
                        provisioning_error = Some(("Secrets Manager Error".into(), format!("AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{session} is not authorized to perform: secretsmanager:GetSecretValue", self.account_id)));
                    } else {
                        match self.secrets_manager.value_for_task(&v.value, self.now) {
                            Ok(value) => {
                                env.insert(v.name.clone(), value);
                            }
                            Err(_) => provisioning_error = Some(("Secrets Manager Error".into(), "ResourceNotFoundException: Secrets Manager can't find the specified secret.".into())),
                        }
                    }
                }
                _ => {
                    env.insert(v.name.clone(), v.value.clone());
                }
            }
        }
        if let Some(context) = provisioning_error {
            plan.failed("PROVISIONING", 30, context);
            plan.phase("FINALIZING", 2, None);
            return plan.finish(build, "FAILED");
        }
        plan.phase("PROVISIONING", 30, None);

        // DOWNLOAD_SOURCE: the commit, then the buildspec.
        let mut files = BTreeMap::new();
        let mut buildspec_text = input
            .buildspec_override
            .clone()
            .or_else(|| project.source.buildspec.clone())
            // An empty buildspec means the source's buildspec.yml.
            .filter(|b| !b.trim().is_empty());
        let download_error = |plan: &mut Plan, message: String| {
            let code = match message.strip_prefix("YAML_FILE_ERROR: ") {
                Some(_) => "YAML_FILE_ERROR",
                None => "CLIENT_ERROR",
            };
            let message = message.trim_start_matches("YAML_FILE_ERROR: ").to_string();
            plan.failed("DOWNLOAD_SOURCE", 5, (code.into(), message));
            plan.phase("FINALIZING", 2, None);
        };
        if project.source.kind == "CODECOMMIT" {
            let location = project.source.location.clone().unwrap_or_default();
            let repository = self.codecommit.by_location(&location);
            let default_branch = repository
                .and_then(|r| r.default_branch.clone())
                .unwrap_or_else(|| "main".into());
            let version = source_version
                .clone()
                .unwrap_or_else(|| format!("refs/heads/{default_branch}"));
            if !role.is_some_and(|r| r.allows("codecommit:GitPull")) {
                download_error(&mut plan, format!("Error while executing command: git fetch --depth=1 origin {version}. Reason: fatal: unable to access '{location}/': The requested URL returned error: 403 for primary source and source version {version}"));
                return plan.finish(build, "FAILED");
            }
            let Some(repository) = repository else {
                download_error(
                    &mut plan,
                    format!("repository not found for primary source and source version {version}"),
                );
                return plan.finish(build, "FAILED");
            };
            let commit = match &source_version {
                Some(v) => repository.resolve(v),
                None => repository
                    .default_branch
                    .as_deref()
                    .and_then(|b| repository.resolve(b)),
            };
            let Some(commit) = commit else {
                download_error(
                    &mut plan,
                    format!("reference not found for primary source and source version {version}"),
                );
                return plan.finish(build, "FAILED");
            };
            build.resolved_source_version = Some(commit.id.clone());
            files = commit.files.clone();
            env.insert(
                "CODEBUILD_RESOLVED_SOURCE_VERSION".into(),
                commit.id.clone(),
            );
            env.insert("CODEBUILD_SOURCE_REPO_URL".into(), location.clone());
            env.insert("CODEBUILD_SOURCE_VERSION".into(), version);
        }
        let buildspec_path = match &buildspec_text {
            Some(text) if !text.contains('\n') && !text.trim_start().starts_with("version") => {
                Some(text.clone())
            }
            None => Some("buildspec.yml".to_string()),
            _ => None,
        };
        if let Some(path) = buildspec_path {
            match files.get(&path) {
                Some(text) => buildspec_text = Some(text.clone()),
                None => {
                    download_error(&mut plan, format!("YAML_FILE_ERROR: stat /codebuild/output/src{}/src/{path}: no such file or directory", number));
                    return plan.finish(build, "FAILED");
                }
            }
        }
        let spec = match buildspec_text.as_deref().map(parse_buildspec) {
            Some(Ok(spec)) => spec,
            Some(Err(message)) => {
                download_error(&mut plan, format!("YAML_FILE_ERROR: {message}"));
                return plan.finish(build, "FAILED");
            }
            None => {
                download_error(&mut plan, "YAML_FILE_ERROR: no buildspec".into());
                return plan.finish(build, "FAILED");
            }
        };
        plan.phase("DOWNLOAD_SOURCE", 5, None);

        // The container's commands.
        for (name, value) in &spec.variables {
            env.entry(name.clone()).or_insert_with(|| value.clone());
        }
        for (key, value) in [
            ("CODEBUILD_BUILD_ID", id.clone()),
            ("CODEBUILD_BUILD_ARN", arn.clone()),
            ("CODEBUILD_BUILD_NUMBER", number.to_string()),
            ("CODEBUILD_INITIATOR", "learner".into()),
            ("CODEBUILD_BUILD_SUCCEEDING", "1".into()),
            (
                "CODEBUILD_SRC_DIR",
                format!("/codebuild/output/src{number}/src"),
            ),
            ("AWS_REGION", region.clone()),
            ("AWS_DEFAULT_REGION", region.clone()),
            ("HOME", "/root".into()),
        ] {
            env.insert(key.into(), value);
        }
        let ctx = runner::Context {
            registry: self.registry(),
            region: region.clone(),
            account_id: self.account_id.clone(),
            build_id: id.clone(),
            role,
            role_session: session,
            privileged: environment.privileged_mode,
            files,
            ecr: &self.ecr,
            now: self.now.plus(Duration::seconds(plan.at)),
        };
        let mut container = runner::Runner::new(ctx, env);
        let commands_start = plan.at;
        let mut outcome = "SUCCEEDED";
        // Where a failure leads (the phase transitions): INSTALL and PRE_BUILD
        // to FINALIZING, BUILD to POST_BUILD, POST_BUILD to UPLOAD_ARTIFACTS;
        // `on-failure: ABORT` ends the build, `CONTINUE` goes on to the next phase.
        let mut to_finalizing = false;
        for phase in ["INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD"] {
            if to_finalizing {
                break;
            }
            let commands = spec.phases.get(phase).cloned().unwrap_or_default();
            let start_seconds = container.seconds;
            plan.line(
                commands_start + start_seconds,
                format!(
                    "[Container] {} Entering phase {phase}",
                    stamp(commands_start + start_seconds)
                ),
            );
            let mut context = None;
            for command in &commands {
                let at = commands_start + container.seconds;
                plan.line(
                    at,
                    format!("[Container] {} Running command {command}", stamp(at)),
                );
                let result = container.run(command);
                let at = commands_start + container.seconds;
                for line in result.output.lines().chain(result.errors.lines()) {
                    plan.line(at, line.to_string());
                }
                if result.status != 0 {
                    let message = format!(
                        "Error while executing command: {command}. Reason: exit status {}",
                        result.status
                    );
                    plan.line(at, format!("[Container] {} Command did not exit successfully {command} exit status {}", stamp(at), result.status));
                    context = Some(("COMMAND_EXECUTION_ERROR".to_string(), message));
                    break;
                }
            }
            let duration = container.seconds - start_seconds;
            let end = commands_start + container.seconds;
            let status = if context.is_some() {
                "FAILED"
            } else {
                "SUCCEEDED"
            };
            plan.line(
                end,
                format!(
                    "[Container] {} Phase complete: {phase} State: {status}",
                    stamp(end)
                ),
            );
            let (code, message) = context.clone().unwrap_or_default();
            plan.line(
                end,
                format!(
                    "[Container] {} Phase context status code: {code} Message: {message}",
                    stamp(end)
                ),
            );
            match context {
                Some(context) => {
                    plan.failed(phase, duration, context);
                    outcome = "FAILED";
                    container
                        .env
                        .insert("CODEBUILD_BUILD_SUCCEEDING".into(), "0".into());
                    to_finalizing = match spec.on_failure.get(phase).map(String::as_str) {
                        Some("ABORT") => true,
                        Some(_) => false,
                        None => matches!(phase, "INSTALL" | "PRE_BUILD"),
                    };
                }
                None => plan.phase(phase, duration, None),
            }
        }
        build.pushes = container.pushes.clone();
        if !to_finalizing {
            plan.phase("UPLOAD_ARTIFACTS", 1, None);
        }
        plan.phase("FINALIZING", 2, None);
        // A build longer than its timeout stops there.
        let limit = project.timeout_in_minutes.saturating_mul(60);
        if plan.at > limit {
            plan.truncate(limit);
            build
                .pushes
                .retain(|p| commands_start.saturating_add(p.at) <= limit);
            return plan.finish(build, "TIMED_OUT");
        }
        plan.finish(build, outcome)
    }
}

/// A build's phases and log lines as they are planned.
#[derive(Default)]
struct Plan {
    at: u64,
    phases: Vec<Phase>,
    lines: Vec<(u64, String)>,
}

impl Plan {
    fn phase(&mut self, kind: &str, duration: u64, context: Option<(String, String)>) {
        self.phases.push(Phase {
            phase_type: kind.into(),
            status: "SUCCEEDED".into(),
            start: self.at,
            duration,
            context,
        });
        self.at += duration;
    }

    fn failed(&mut self, kind: &str, duration: u64, context: (String, String)) {
        self.phase(kind, duration, Some(context));
        if let Some(last) = self.phases.last_mut() {
            last.status = "FAILED".into();
        }
    }

    fn line(&mut self, at: u64, text: String) {
        self.lines.push((at, text));
    }

    fn truncate(&mut self, limit: u64) {
        self.phases.retain(|p| p.start < limit);
        if let Some(last) = self.phases.last_mut() {
            last.duration = limit - last.start;
            last.status = "TIMED_OUT".into();
            last.context = Some((
                "BUILD_TIMED_OUT".into(),
                "Build has timed out. Build exceeded timeout limit of the project.".into(),
            ));
        }
        self.lines.retain(|(at, _)| *at <= limit);
        self.at = limit;
        self.phase("FINALIZING", 2, None);
    }

    fn finish(mut self, mut build: Build, outcome: &str) -> Build {
        self.phases.push(Phase {
            phase_type: "COMPLETED".into(),
            status: String::new(),
            start: self.at,
            duration: 0,
            context: None,
        });
        self.lines.sort_by_key(|(at, _)| *at);
        build.phases = self.phases;
        build.total = self.at;
        build.log_lines = self.lines;
        build.outcome = outcome.into();
        build
    }
}

/// The parts of a buildspec the playground runs.
#[derive(Debug, Default)]
struct Buildspec {
    variables: Vec<(String, String)>,
    phases: BTreeMap<String, Vec<String>>,
    /// A phase's `on-failure`: ABORT or CONTINUE.
    on_failure: BTreeMap<String, String>,
}

/// Reads a buildspec (version 0.2): `env.variables` and each phase's `commands`.
fn parse_buildspec(text: &str) -> Result<Buildspec, String> {
    let value = crate::yaml::parse(text)?;
    let version = match value.get("version") {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    if version != "0.2" && version != "0.1" {
        return Err(format!(
            "missing or unsupported buildspec version: '{version}' (use version: 0.2)"
        ));
    }
    let mut spec = Buildspec::default();
    if let Some(Value::Object(vars)) = value.pointer("/env/variables") {
        for (name, v) in vars {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            spec.variables.push((name.clone(), text));
        }
    }
    let Some(Value::Object(phases)) = value.get("phases") else {
        return Err("Unknown runtime: the buildspec has no phases".into());
    };
    for (name, phase) in phases {
        let key = name.to_ascii_uppercase();
        if !["INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD"].contains(&key.as_str()) {
            return Err(format!(
                "invalid phase name '{name}': use install, pre_build, build or post_build"
            ));
        }
        let commands = match phase.get("commands") {
            Some(Value::Array(list)) => list
                .iter()
                .map(|c| match c {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect(),
            None | Some(Value::Null) => Vec::new(),
            Some(_) => return Err(format!("phases.{name}.commands must be a list of commands")),
        };
        match phase.get("on-failure").and_then(Value::as_str) {
            Some(mode @ ("ABORT" | "CONTINUE")) => {
                spec.on_failure.insert(key.clone(), mode.to_string());
            }
            Some(other) => {
                return Err(format!(
                    "invalid on-failure value '{other}' in phase {name}: use ABORT or CONTINUE"
                ))
            }
            None => {}
        }
        spec.phases.insert(key, commands);
    }
    Ok(spec)
}

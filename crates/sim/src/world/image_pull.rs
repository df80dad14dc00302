//! What happens when a task starts and its image must be pulled: registry
//! authentication through the execution role, the manifest from `ecr.dkr`,
//! the layers from S3, and the log stream for `awslogs` — each over the
//! network path the task really has. Failures carry the `stoppedReason`
//! wording that Fargate (platform 1.4) gives.

use crate::ec2::Node;
use crate::world::World;
use std::fmt;

/// Where the task's interface sits, and what its task definition asks for.
#[derive(Clone, Debug)]
pub struct PullRequest<'a> {
    pub image: &'a str,
    pub subnet_id: &'a str,
    pub security_group_ids: &'a [String],
    pub public_ip: bool,
    pub execution_role_arn: Option<&'a str>,
    pub uses_awslogs: bool,
    /// A name for the task in role-session ARNs (its id).
    pub task_id: &'a str,
}

impl PullRequest<'_> {
    /// The task's interface, where every fetch at start-up leaves from.
    fn interface(&self) -> Node {
        Node::Interface {
            subnet_id: self.subnet_id.to_string(),
            security_group_ids: self.security_group_ids.to_vec(),
            private_ip: None,
            public_ip: self.public_ip,
        }
    }
}

/// Why the task stopped before its containers started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullFailure {
    ResourceInitialization(String),
    CannotPullContainer(String),
}

impl fmt::Display for PullFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PullFailure::ResourceInitialization(detail) => {
                write!(f, "ResourceInitializationError: {detail}")
            }
            PullFailure::CannotPullContainer(detail) => {
                write!(f, "CannotPullContainerError: {detail}")
            }
        }
    }
}

/// A successful pull: how much was transferred and how long it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pulled {
    pub size_bytes: u64,
    pub seconds: u64,
}

/// Fargate does not cache images: every task start pulls the whole image.
/// Throughput from ECR inside a region, as a round figure (model).
const PULL_BYTES_PER_SECOND: u64 = 40 * 1024 * 1024;

/// A public address standing in for the service in "dial tcp …: i/o timeout" messages.
fn service_address(service: &str) -> &'static str {
    match service {
        "ecr.api" => "52.219.16.10:443",
        "ecr.dkr" => "52.219.16.42:443",
        "s3" => "52.219.4.75:443",
        "logs" => "52.119.160.24:443",
        "secretsmanager" => "52.119.161.5:443",
        "ssm" => "52.119.161.77:443",
        _ => "99.84.0.1:443",
    }
}

/// One network path an image pull takes, and what happens on it.
#[derive(Clone, Debug, PartialEq)]
pub struct PullPath {
    /// What the path is for, e.g. `ecr.dkr (image manifest)` or `internet (Docker Hub)`.
    pub purpose: String,
    pub trace: crate::ec2::Trace,
}

impl World {
    /// "Explain why" for a task's image pull: each network path its images
    /// need from its interface (the internet for public images; ECR's API,
    /// its registry and S3 for private ones; CloudWatch Logs with awslogs),
    /// hop by hop, with the rule that blocks one. Empty for a task without an
    /// awsvpc interface (EC2 instances pull through the instance).
    pub fn explain_image_pull(&self, task_id: &str) -> Vec<PullPath> {
        let Some(task) = self.ecs.tasks.get(task_id) else {
            return Vec::new();
        };
        let Some(network) = &task.network else {
            return Vec::new();
        };
        let Some(td) = self.ecs.task_definitions.get(&task.task_definition_arn) else {
            return Vec::new();
        };
        let from = Node::Interface {
            subnet_id: network.subnet_id.clone(),
            security_group_ids: network.security_group_ids.clone(),
            private_ip: None,
            public_ip: network.public_ip,
        };
        let registry = self.registry();
        let mut needs: Vec<(&str, Node)> = Vec::new();
        let images: Vec<&str> = td
            .container_definitions
            .iter()
            .filter_map(|c| c.image.as_deref())
            .collect();
        if images
            .iter()
            .any(|i| !i.starts_with(&format!("{registry}/")))
        {
            needs.push(("internet (public registry, HTTPS)", Node::Internet));
        }
        if images
            .iter()
            .any(|i| i.starts_with(&format!("{registry}/")))
        {
            needs.push((
                "ecr.api (registry credentials)",
                Node::AwsService("ecr.api".into()),
            ));
            needs.push((
                "ecr.dkr (image manifest)",
                Node::AwsService("ecr.dkr".into()),
            ));
            needs.push(("s3 (image layers)", Node::AwsService("s3".into())));
        }
        let uses_awslogs = td.container_definitions.iter().any(|c| {
            c.log_configuration
                .as_ref()
                .is_some_and(|l| l.log_driver == "awslogs")
        });
        if uses_awslogs {
            needs.push(("logs (awslogs driver)", Node::AwsService("logs".into())));
        }
        let secrets: Vec<&str> = td
            .containers()
            .iter()
            .flat_map(|c| c.secrets())
            .map(|s| s.value_from.as_str())
            .collect();
        if secrets.iter().any(|v| is_secrets_manager(v)) {
            needs.push((
                "secretsmanager (container secrets)",
                Node::AwsService("secretsmanager".into()),
            ));
        }
        if secrets.iter().any(|v| !is_secrets_manager(v)) {
            needs.push((
                "ssm (Parameter Store secrets)",
                Node::AwsService("ssm".into()),
            ));
        }
        needs
            .into_iter()
            .map(|(purpose, to)| PullPath {
                purpose: purpose.to_string(),
                trace: self.ec2.reachability(&from, &to, 443),
            })
            .collect()
    }

    /// Pulls `request.image` the way a Fargate task would, or says why it can't.
    pub fn pull_image(&self, request: &PullRequest) -> Result<Pulled, PullFailure> {
        let region = &self.region;
        let registry = self.registry();
        let reach = |service: &str| {
            let from = request.interface();
            self.ec2
                .reachable(&from, &Node::AwsService(service.to_string()), 443)
        };
        let timeout = |url: String, service: &str| {
            format!("{url}: dial tcp {}: i/o timeout", service_address(service))
        };

        let private = request.image.starts_with(&format!("{registry}/"));
        if private {
            let Some(role_arn) = request.execution_role_arn else {
                return Err(PullFailure::CannotPullContainer(format!(
                    "pull image manifest has been retried 5 time(s): failed to resolve ref {}: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials",
                    request.image
                )));
            };
            let role = self.iam.role_by_arn(role_arn);
            let role_name = role_arn.rsplit('/').next().unwrap_or(role_arn);
            let assumable = role.is_some_and(|r| r.trusts("ecs-tasks.amazonaws.com"));
            if !assumable {
                return Err(PullFailure::ResourceInitialization(format!(
                    "unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: ECS was unable to assume the role '{role_arn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role."
                )));
            }
            if !role.is_some_and(|r| r.allows("ecr:GetAuthorizationToken")) {
                return Err(PullFailure::ResourceInitialization(format!(
                    "unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{role_name}/{} is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action",
                    self.account_id, request.task_id
                )));
            }
            if !reach("ecr.api") {
                return Err(PullFailure::ResourceInitialization(format!(
                    "unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: {}",
                    timeout(format!("Post \"https://api.ecr.{region}.amazonaws.com/\""), "ecr.api")
                )));
            }
            let (path, reference) =
                split_reference(request.image.trim_start_matches(&format!("{registry}/")));
            if !reach("ecr.dkr") {
                return Err(PullFailure::CannotPullContainer(format!(
                    "pull image manifest has been retried 5 time(s): failed to resolve ref {}: failed to do request: {}",
                    request.image,
                    timeout(format!("Head \"https://{registry}/v2/{path}/manifests/{reference}\""), "ecr.dkr")
                )));
            }
            let image = self
                .ecr
                .resolve(request.image, &registry)
                .and_then(|(_, image)| image);
            let Some(image) = image else {
                return Err(PullFailure::CannotPullContainer(format!(
                    "pull image manifest has been retried 5 time(s): failed to resolve ref {}: {registry}/{path}:{reference}: not found",
                    request.image
                )));
            };
            if !reach("s3") {
                return Err(PullFailure::CannotPullContainer(format!(
                    "ref pull has been retried 5 time(s): failed to copy: httpReadSeeker: failed open: failed to do request: {}",
                    timeout(format!("Get \"https://prod-{region}-starport-layer-bucket.s3.{region}.amazonaws.com/\""), "s3")
                )));
            }
            self.check_log_stream(request, role_name)?;
            return Ok(Pulled {
                size_bytes: image.size_bytes,
                seconds: 5 + image.size_bytes / PULL_BYTES_PER_SECOND,
            });
        }

        // Public images (Docker Hub, ECR Public) come over the internet.
        let internet = request.interface();
        if !self.ec2.reachable(&internet, &Node::Internet, 443) {
            let host = if request.image.starts_with("public.ecr.aws/") {
                "public.ecr.aws"
            } else {
                "registry-1.docker.io"
            };
            return Err(PullFailure::CannotPullContainer(format!(
                "pull image manifest has been retried 5 time(s): failed to resolve ref {}: failed to do request: Head \"https://{host}/v2/\": dial tcp 44.208.254.194:443: i/o timeout",
                request.image
            )));
        }
        let role_name = request
            .execution_role_arn
            .map(|a| a.rsplit('/').next().unwrap_or(a))
            .unwrap_or_default();
        self.check_log_stream(request, role_name)?;
        let size_bytes = 60 * 1024 * 1024;
        Ok(Pulled {
            size_bytes,
            seconds: 5 + size_bytes / PULL_BYTES_PER_SECOND,
        })
    }

    /// `awslogs` needs the logs endpoint and an execution role that may create log streams.
    fn check_log_stream(&self, request: &PullRequest, role_name: &str) -> Result<(), PullFailure> {
        if !request.uses_awslogs {
            return Ok(());
        }
        let region = &self.region;
        let from = request.interface();
        if !self
            .ec2
            .reachable(&from, &Node::AwsService("logs".into()), 443)
        {
            return Err(PullFailure::ResourceInitialization(format!(
                "failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: RequestError: send request failed caused by: Post \"https://logs.{region}.amazonaws.com/\": dial tcp {}: i/o timeout : exit status 1",
                service_address("logs")
            )));
        }
        let allowed = request
            .execution_role_arn
            .and_then(|arn| self.iam.role_by_arn(arn))
            .is_some_and(|r| r.allows("logs:CreateLogStream"));
        if !allowed {
            return Err(PullFailure::ResourceInitialization(format!(
                "failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: AccessDeniedException: User: arn:aws:sts::{}:assumed-role/{role_name}/{} is not authorized to perform: logs:CreateLogStream : exit status 1",
                self.account_id, request.task_id
            )));
        }
        Ok(())
    }
}

/// A `valueFrom` naming a Secrets Manager secret (anything else is a Parameter Store parameter).
fn is_secrets_manager(value_from: &str) -> bool {
    value_from.contains(":secretsmanager:")
}

/// One secret a task read at start: container, environment variable, value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetrievedSecret {
    pub container: String,
    pub name: String,
    pub value: String,
}

impl World {
    /// What the agent does before any image is pulled when a container has
    /// `secrets`: assume the execution role, then read each value over the
    /// task's network path — `secretsmanager:GetSecretValue` for secrets,
    /// `ssm:GetParameters` for parameters. The first failure stops the task
    /// with the agent's `ResourceInitializationError` wording.
    pub fn retrieve_secrets(
        &self,
        td: &crate::ecs::TaskDefinition,
        request: &PullRequest,
    ) -> Result<Vec<RetrievedSecret>, PullFailure> {
        let wanted: Vec<(&str, &crate::ecs::Secret)> = td
            .containers()
            .iter()
            .flat_map(|c| c.secrets().iter().map(move |s| (c.name(), s)))
            .collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let region = &self.region;
        let prefix = "unable to pull secrets or registry auth: execution resource retrieval failed";
        let role_arn = request.execution_role_arn.unwrap_or_default();
        let role = self
            .iam
            .role_by_arn(role_arn)
            .filter(|r| r.trusts("ecs-tasks.amazonaws.com"));
        let from = request.interface();
        let reach = |service: &str| {
            self.ec2
                .reachable(&from, &Node::AwsService(service.to_string()), 443)
        };
        let role_name = role_arn.rsplit('/').next().unwrap_or(role_arn);
        let who = format!(
            "User: arn:aws:sts::{}:assumed-role/{role_name}/{}",
            self.account_id, request.task_id
        );
        let timeout = |service: &str| {
            format!(
                "RequestError: send request failed caused by: Post \"https://{service}.{region}.amazonaws.com/\": dial tcp {}: i/o timeout",
                service_address(service)
            )
        };
        let mut retrieved = Vec::new();
        for (container, secret) in wanted {
            let value_from = secret.value_from.as_str();
            let asm = is_secrets_manager(value_from);
            let Some(role) = role else {
                let what = if asm {
                    "unable to retrieve secret from asm"
                } else {
                    "unable to retrieve secrets from ssm"
                };
                return Err(PullFailure::ResourceInitialization(format!(
                    "{prefix}: {what}: ECS was unable to assume the role '{role_arn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role."
                )));
            };
            let value = if asm {
                use crate::secrets_manager::SecretLookupFailure as Lookup;
                let secret_arn: String =
                    value_from.split(':').take(7).collect::<Vec<_>>().join(":");
                // Timeouts are retried 5 times; answers from the service once.
                let fail = |retries: u8, detail: String| {
                    PullFailure::ResourceInitialization(format!(
                        "{prefix}: unable to retrieve secret from asm: service call has been retried {retries} time(s): failed to fetch secret {secret_arn} from secrets manager: {detail}"
                    ))
                };
                if !reach("secretsmanager") {
                    return Err(fail(5, timeout("secretsmanager")));
                }
                if !role.allows("secretsmanager:GetSecretValue") {
                    return Err(fail(1, format!(
                        "AccessDeniedException: {who} is not authorized to perform: secretsmanager:GetSecretValue on resource: {secret_arn} because no identity-based policy allows the secretsmanager:GetSecretValue action"
                    )));
                }
                match self.secrets_manager.value_for_task(value_from, self.now) {
                    Ok(v) => v,
                    Err(Lookup::NotFound) => {
                        return Err(fail(
                            1,
                            "ResourceNotFoundException: Secrets Manager can't find the specified secret.".into(),
                        ))
                    }
                    Err(Lookup::MarkedForDeletion) => {
                        return Err(fail(
                            1,
                            "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.".into(),
                        ))
                    }
                    Err(Lookup::NoValue(message)) => {
                        return Err(fail(1, format!("ResourceNotFoundException: {message}")))
                    }
                    Err(Lookup::NotJson(message)) => {
                        return Err(PullFailure::ResourceInitialization(format!(
                            "{prefix}: unable to retrieve secret from asm: service call has been retried 1 time(s): {message}"
                        )))
                    }
                    Err(Lookup::MissingJsonKey(key)) => {
                        return Err(PullFailure::ResourceInitialization(format!(
                            "{prefix}: unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key {key}"
                        )))
                    }
                }
            } else {
                let fail = |retries: u8, detail: String| {
                    PullFailure::ResourceInitialization(format!(
                        "{prefix}: unable to retrieve secrets from ssm: service call has been retried {retries} time(s): {detail}"
                    ))
                };
                if !reach("ssm") {
                    return Err(fail(5, timeout("ssm")));
                }
                let arn = if value_from.starts_with("arn:") {
                    value_from.to_string()
                } else {
                    crate::parameter_store::parameter_arn(region, &self.account_id, value_from)
                };
                if !role.allows("ssm:GetParameters") {
                    return Err(fail(1, format!(
                        "AccessDeniedException: {who} is not authorized to perform: ssm:GetParameters on resource: {arn} because no identity-based policy allows the ssm:GetParameters action"
                    )));
                }
                match self.ssm.parameter(region, &self.account_id, value_from) {
                    Some(p) => p.value.clone(),
                    None => {
                        return Err(PullFailure::ResourceInitialization(format!(
                            "{prefix}: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: {value_from}"
                        )))
                    }
                }
            };
            retrieved.push(RetrievedSecret {
                container: container.to_string(),
                name: secret.name.clone(),
                value,
            });
        }
        Ok(retrieved)
    }
}

/// `web:v1` → (`web`, `v1`); `web@sha256:…` → (`web`, `sha256:…`); `web` → (`web`, `latest`).
fn split_reference(path: &str) -> (&str, &str) {
    if let Some((name, digest)) = path.split_once('@') {
        return (name, digest);
    }
    match path.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (path, "latest"),
    }
}

//! IAM roles, just enough for the two ECS uses: the task execution role (the
//! agent pulls images and writes logs with it) and the task role (the app
//! calls AWS with it). The model answers "may this role do that action" from
//! AWS managed policies and inline policies, and "may ECS tasks assume it".

pub mod oidc;
use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use crate::ids::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Iam {
    pub roles: BTreeMap<String, Role>,
    /// OpenID Connect identity providers, by issuer host (see [`oidc`]).
    #[serde(default)]
    pub oidc_providers: BTreeMap<String, oidc::OidcProvider>,
    /// What an EC2 instance carries its role in (container instances register with it).
    #[serde(default)]
    pub instance_profiles: BTreeMap<String, InstanceProfile>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceProfile {
    pub name: String,
    pub id: String,
    pub path: String,
    pub created_at: SimTime,
    /// At most one role (AWS's quota).
    pub roles: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceProfileInput {
    pub instance_profile_name: String,
    pub role_name: Option<String>,
    pub path: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub name: String,
    pub id: String,
    pub path: String,
    pub description: Option<String>,
    pub created_at: SimTime,
    pub assume_role_policy: Value,
    pub attached_policies: Vec<String>,
    pub inline_policies: BTreeMap<String, Value>,
}

/// AWS managed policies the playground knows, with the actions they allow.
pub const MANAGED_POLICIES: &[(&str, &[&str])] = &[
    (
        "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        &[
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        &[
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:GetRepositoryPolicy",
            "ecr:DescribeRepositories",
            "ecr:ListImages",
            "ecr:DescribeImages",
            "ecr:BatchGetImage",
        ],
    ),
    (
        "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
        &["logs:*"],
    ),
    (
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        &["s3:Get*", "s3:List*"],
    ),
    ("arn:aws:iam::aws:policy/AmazonS3FullAccess", &["s3:*"]),
    (
        "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess",
        &["ssm:Describe*", "ssm:Get*", "ssm:List*"],
    ),
    (
        "arn:aws:iam::aws:policy/SecretsManagerReadWrite",
        &["secretsmanager:*"],
    ),
    ("arn:aws:iam::aws:policy/AmazonSQSFullAccess", &["sqs:*"]),
    (
        "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
        &["dynamodb:*"],
    ),
    (
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        &[
            "ssm:UpdateInstanceInformation",
            "ssmmessages:*",
            "ec2messages:*",
        ],
    ),
    (
        "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
        &[
            "ecs:*",
            "ecr:GetAuthorizationToken",
            "ecr:BatchCheckLayerAvailability",
            "ecr:GetDownloadUrlForLayer",
            "ecr:BatchGetImage",
            "logs:CreateLogStream",
            "logs:PutLogEvents",
        ],
    ),
    (
        "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
        &[
            "ecs:*",
            "elasticloadbalancing:*",
            "cloudwatch:DescribeAlarms",
            "lambda:InvokeFunction",
            "s3:GetObject",
            "sns:Publish",
            "iam:PassRole",
        ],
    ),
    (
        "arn:aws:iam::aws:policy/AmazonECS_FullAccess",
        &[
            "ecs:*",
            "ec2:*",
            "elasticloadbalancing:*",
            "application-autoscaling:*",
            "cloudwatch:*",
            "logs:*",
            "iam:PassRole",
        ],
    ),
    ("arn:aws:iam::aws:policy/AdministratorAccess", &["*"]),
];

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum IamError {
    #[error("Role with name {0} already exists.")]
    RoleExists(String),
    #[error("The role with name {0} cannot be found.")]
    NoSuchRole(String),
    #[error("Policy {0} does not exist or is not attachable.")]
    NoSuchPolicy(String),
    #[error("Policy {0} was not found.")]
    PolicyNotAttached(String),
    #[error("The role policy with name {0} cannot be found.")]
    NoSuchInlinePolicy(String),
    #[error("This policy contains invalid Json")]
    MalformedPolicy,
    #[error("Cannot delete entity, must detach all policies first.")]
    DeleteConflict,
    #[error("1 validation error detected: Value '{0}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")]
    InvalidRoleName(String),
    #[error("Instance Profile {0} already exists.")]
    InstanceProfileExists(String),
    #[error("Instance Profile {0} cannot be found.")]
    NoSuchInstanceProfile(String),
    #[error("Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")]
    InstanceProfileFull,
    #[error("Cannot delete entity, must remove roles from instance profile first.")]
    InstanceProfileHasRoles,
}

impl AwsErrorCode for IamError {
    fn code(&self) -> &'static str {
        match self {
            IamError::RoleExists(_) => "EntityAlreadyExists",
            IamError::NoSuchRole(_)
            | IamError::NoSuchPolicy(_)
            | IamError::PolicyNotAttached(_)
            | IamError::NoSuchInlinePolicy(_) => "NoSuchEntity",
            IamError::MalformedPolicy => "MalformedPolicyDocument",
            IamError::DeleteConflict => "DeleteConflict",
            IamError::InvalidRoleName(_) => "ValidationError",
            IamError::InstanceProfileExists(_) => "EntityAlreadyExists",
            IamError::NoSuchInstanceProfile(_) => "NoSuchEntity",
            IamError::InstanceProfileFull => "LimitExceeded",
            IamError::InstanceProfileHasRoles => "DeleteConflict",
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRoleInput {
    pub role_name: String,
    pub assume_role_policy_document: String,
    pub description: Option<String>,
    pub path: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RoleInput {
    pub role_name: String,
    pub policy_arn: Option<String>,
    pub policy_name: Option<String>,
    pub policy_document: Option<String>,
}

/// A policy document, which the CLI passes as a JSON string.
fn parse_policy(text: &str) -> Result<Value, IamError> {
    let value: Value = serde_json::from_str(text).map_err(|_| IamError::MalformedPolicy)?;
    if value.get("Statement").is_none() {
        return Err(IamError::MalformedPolicy);
    }
    Ok(value)
}

/// The statements of a policy, whether `Statement` is one object or a list.
fn statements(policy: &Value) -> Vec<&Value> {
    match policy.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// IAM action matching: case-insensitive, `*` as a wildcard.
fn action_matches(pattern: &str, action: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let action = action.to_ascii_lowercase();
    match pattern.split_once('*') {
        None => pattern == action,
        Some((prefix, rest)) => {
            action.starts_with(prefix) && (rest.is_empty() || action.ends_with(rest))
        }
    }
}

impl Role {
    pub fn arn(&self, account_id: &str) -> String {
        format!("arn:aws:iam::{account_id}:role{}{}", self.path, self.name)
    }

    fn shape(&self, account_id: &str) -> Value {
        let mut shape = json!({
            "Path": self.path,
            "RoleName": self.name,
            "RoleId": self.id,
            "Arn": self.arn(account_id),
            "CreateDate": self.created_at.to_iso8601(),
            "AssumeRolePolicyDocument": self.assume_role_policy,
            "MaxSessionDuration": 3600,
        });
        if let (Some(d), Value::Object(map)) = (&self.description, &mut shape) {
            map.insert("Description".into(), json!(d));
        }
        shape
    }

    /// Whether the trust policy lets `service` (e.g. `ecs-tasks.amazonaws.com`) assume the role.
    pub fn trusts(&self, service: &str) -> bool {
        statements(&self.assume_role_policy).iter().any(|s| {
            s.get("Effect").and_then(Value::as_str) == Some("Allow")
                && strings(s.get("Action"))
                    .iter()
                    .any(|a| action_matches(a, "sts:AssumeRole"))
                && s.get("Principal")
                    .is_some_and(|p| strings(p.get("Service")).iter().any(|x| x == service))
        })
    }

    /// Whether the role's policies allow `action` (an explicit Deny wins).
    pub fn allows(&self, action: &str) -> bool {
        let inline = self.inline_policies.values().flat_map(statements);
        let mut allowed = false;
        for statement in inline {
            let hit = strings(statement.get("Action"))
                .iter()
                .any(|a| action_matches(a, action));
            match statement.get("Effect").and_then(Value::as_str) {
                Some("Deny") if hit => return false,
                Some("Allow") if hit => allowed = true,
                _ => {}
            }
        }
        allowed
            || self.attached_policies.iter().any(|arn| {
                MANAGED_POLICIES.iter().any(|(managed, actions)| {
                    managed == arn && actions.iter().any(|a| action_matches(a, action))
                })
            })
    }
}

impl Iam {
    fn role(&self, name: &str) -> Result<&Role, IamError> {
        self.roles
            .get(name)
            .ok_or_else(|| IamError::NoSuchRole(name.to_string()))
    }

    /// The role an ARN (or a bare name) refers to.
    pub fn role_by_arn(&self, arn: &str) -> Option<&Role> {
        let name = arn.rsplit('/').next().unwrap_or(arn);
        self.roles.get(name)
    }

    pub fn create_role(
        &mut self,
        account_id: &str,
        now: SimTime,
        rng: &mut Rng,
        input: CreateRoleInput,
    ) -> Result<Value, IamError> {
        let name_ok = !input.role_name.is_empty()
            && input.role_name.len() <= 64
            && input
                .role_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c));
        if !name_ok {
            return Err(IamError::InvalidRoleName(input.role_name));
        }
        if self
            .roles
            .keys()
            .any(|k| k.eq_ignore_ascii_case(&input.role_name))
        {
            return Err(IamError::RoleExists(input.role_name));
        }
        let policy = parse_policy(&input.assume_role_policy_document)?;
        let role = Role {
            name: input.role_name.clone(),
            id: format!("AROA{}", rng.hex(17).to_uppercase()),
            path: input.path.unwrap_or_else(|| "/".into()),
            description: input.description,
            created_at: now,
            assume_role_policy: policy,
            attached_policies: Vec::new(),
            inline_policies: BTreeMap::new(),
        };
        let shape = role.shape(account_id);
        self.roles.insert(input.role_name, role);
        Ok(json!({ "Role": shape }))
    }

    pub fn get_role(&self, account_id: &str, input: RoleInput) -> Result<Value, IamError> {
        Ok(json!({ "Role": self.role(&input.role_name)?.shape(account_id) }))
    }

    pub fn list_roles(&self, account_id: &str) -> Value {
        json!({ "Roles": self.roles.values().map(|r| r.shape(account_id)).collect::<Vec<_>>() })
    }

    pub fn delete_role(&mut self, input: RoleInput) -> Result<Value, IamError> {
        let role = self.role(&input.role_name)?;
        if !role.attached_policies.is_empty() || !role.inline_policies.is_empty() {
            return Err(IamError::DeleteConflict);
        }
        self.roles.remove(&input.role_name);
        Ok(Value::Null)
    }

    pub fn attach_role_policy(&mut self, input: RoleInput) -> Result<Value, IamError> {
        self.role(&input.role_name)?;
        let arn = input.policy_arn.unwrap_or_default();
        if !MANAGED_POLICIES.iter().any(|(p, _)| *p == arn) {
            return Err(IamError::NoSuchPolicy(arn));
        }
        if let Some(role) = self.roles.get_mut(&input.role_name) {
            if !role.attached_policies.contains(&arn) {
                role.attached_policies.push(arn);
            }
        }
        Ok(Value::Null)
    }

    pub fn detach_role_policy(&mut self, input: RoleInput) -> Result<Value, IamError> {
        let arn = input.policy_arn.unwrap_or_default();
        let role = self.role(&input.role_name)?;
        if !role.attached_policies.contains(&arn) {
            return Err(IamError::PolicyNotAttached(arn));
        }
        if let Some(role) = self.roles.get_mut(&input.role_name) {
            role.attached_policies.retain(|p| p != &arn);
        }
        Ok(Value::Null)
    }

    pub fn list_attached_role_policies(&self, input: RoleInput) -> Result<Value, IamError> {
        let role = self.role(&input.role_name)?;
        let policies: Vec<Value> = role
            .attached_policies
            .iter()
            .map(|arn| json!({ "PolicyName": arn.rsplit('/').next().unwrap_or(arn), "PolicyArn": arn }))
            .collect();
        Ok(json!({ "AttachedPolicies": policies }))
    }

    pub fn put_role_policy(&mut self, input: RoleInput) -> Result<Value, IamError> {
        self.role(&input.role_name)?;
        let name = input.policy_name.unwrap_or_default();
        let policy = parse_policy(&input.policy_document.unwrap_or_default())?;
        if let Some(role) = self.roles.get_mut(&input.role_name) {
            role.inline_policies.insert(name, policy);
        }
        Ok(Value::Null)
    }

    fn instance_profile_shape(&self, profile: &InstanceProfile, account_id: &str) -> Value {
        let roles: Vec<Value> = profile
            .roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .map(|r| r.shape(account_id))
            .collect();
        json!({
            "Path": profile.path,
            "InstanceProfileName": profile.name,
            "InstanceProfileId": profile.id,
            "Arn": format!("arn:aws:iam::{account_id}:instance-profile{}{}", profile.path, profile.name),
            "CreateDate": profile.created_at.to_iso8601(),
            "Roles": roles,
        })
    }

    /// The role an instance profile (by name or ARN) carries, if any.
    pub fn instance_profile_role(&self, reference: &str) -> Option<&Role> {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let profile = self.instance_profiles.get(name)?;
        profile.roles.first().and_then(|r| self.roles.get(r))
    }

    pub fn create_instance_profile(
        &mut self,
        account_id: &str,
        now: SimTime,
        rng: &mut Rng,
        input: InstanceProfileInput,
    ) -> Result<Value, IamError> {
        let name = input.instance_profile_name;
        let name_ok = !name.is_empty()
            && name.len() <= 128
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c));
        if !name_ok {
            return Err(IamError::InvalidRoleName(name));
        }
        if self.instance_profiles.contains_key(&name) {
            return Err(IamError::InstanceProfileExists(name));
        }
        let profile = InstanceProfile {
            name: name.clone(),
            id: format!("AIPA{}", rng.hex(17).to_uppercase()),
            path: input.path.unwrap_or_else(|| "/".into()),
            created_at: now,
            roles: Vec::new(),
        };
        let shape = self.instance_profile_shape(&profile, account_id);
        self.instance_profiles.insert(name, profile);
        Ok(json!({ "InstanceProfile": shape }))
    }

    pub fn get_instance_profile(
        &self,
        account_id: &str,
        input: InstanceProfileInput,
    ) -> Result<Value, IamError> {
        let profile = self
            .instance_profiles
            .get(&input.instance_profile_name)
            .ok_or(IamError::NoSuchInstanceProfile(input.instance_profile_name))?;
        Ok(json!({ "InstanceProfile": self.instance_profile_shape(profile, account_id) }))
    }

    pub fn add_role_to_instance_profile(
        &mut self,
        input: InstanceProfileInput,
    ) -> Result<Value, IamError> {
        let role = input.role_name.unwrap_or_default();
        self.role(&role)?;
        let profile = self
            .instance_profiles
            .get_mut(&input.instance_profile_name)
            .ok_or(IamError::NoSuchInstanceProfile(input.instance_profile_name))?;
        if !profile.roles.is_empty() {
            return Err(IamError::InstanceProfileFull);
        }
        profile.roles.push(role);
        Ok(Value::Null)
    }

    pub fn remove_role_from_instance_profile(
        &mut self,
        input: InstanceProfileInput,
    ) -> Result<Value, IamError> {
        let role = input.role_name.unwrap_or_default();
        let profile = self
            .instance_profiles
            .get_mut(&input.instance_profile_name)
            .ok_or(IamError::NoSuchInstanceProfile(input.instance_profile_name))?;
        if !profile.roles.contains(&role) {
            return Err(IamError::NoSuchRole(role));
        }
        profile.roles.retain(|r| r != &role);
        Ok(Value::Null)
    }

    pub fn delete_instance_profile(
        &mut self,
        input: InstanceProfileInput,
    ) -> Result<Value, IamError> {
        let profile = self
            .instance_profiles
            .get(&input.instance_profile_name)
            .ok_or(IamError::NoSuchInstanceProfile(
                input.instance_profile_name.clone(),
            ))?;
        if !profile.roles.is_empty() {
            return Err(IamError::InstanceProfileHasRoles);
        }
        self.instance_profiles.remove(&input.instance_profile_name);
        Ok(Value::Null)
    }

    pub fn delete_role_policy(&mut self, input: RoleInput) -> Result<Value, IamError> {
        let name = input.policy_name.unwrap_or_default();
        let role = self
            .roles
            .get_mut(&input.role_name)
            .ok_or_else(|| IamError::NoSuchRole(input.role_name.clone()))?;
        role.inline_policies
            .remove(&name)
            .ok_or(IamError::NoSuchInlinePolicy(name))?;
        Ok(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(trust: &str, attached: &[&str], inline: Option<&str>) -> Role {
        Role {
            name: "r".into(),
            id: "AROA1".into(),
            path: "/".into(),
            description: None,
            created_at: SimTime::ZERO,
            assume_role_policy: serde_json::from_str(trust).unwrap(),
            attached_policies: attached.iter().map(|s| s.to_string()).collect(),
            inline_policies: inline
                .map(|p| ("p".to_string(), serde_json::from_str(p).unwrap()))
                .into_iter()
                .collect(),
        }
    }

    const ECS_TASKS_TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

    #[test]
    fn the_execution_role_policy_allows_pulling_and_logging() {
        let r = role(
            ECS_TASKS_TRUST,
            &["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
            None,
        );
        assert!(r.trusts("ecs-tasks.amazonaws.com"));
        assert!(!r.trusts("ec2.amazonaws.com"));
        assert!(r.allows("ecr:BatchGetImage"));
        assert!(r.allows("logs:PutLogEvents"));
        assert!(!r.allows("s3:GetObject"));
        assert!(!r.allows("secretsmanager:GetSecretValue"));
    }

    #[test]
    fn inline_policies_with_wildcards_and_deny() {
        let inline = r#"{"Statement":[{"Effect":"Allow","Action":["s3:Get*","ssm:GetParameters"],"Resource":"*"},{"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"}]}"#;
        let r = role(ECS_TASKS_TRUST, &[], Some(inline));
        assert!(r.allows("s3:GetObject"));
        assert!(r.allows("SSM:GetParameters"));
        assert!(!r.allows("s3:GetObjectAcl"));
        assert!(!r.allows("s3:PutObject"));
    }
}

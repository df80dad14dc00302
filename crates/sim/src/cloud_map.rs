//! AWS Cloud Map, as far as ECS Service Connect needs it: HTTP namespaces
//! (`aws servicediscovery create-http-namespace`). A service with Service
//! Connect publishes its endpoints in a namespace, and tasks of services in
//! the same namespace find them by name (note 004: "the optional namespace,
//! used for service-to-service communication with Service Connect").

use crate::clock::SimTime;
use crate::env::Env;
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use thiserror::Error;

/// Namespaces kept (AWS allows 50 per account by default).
pub const MAX_NAMESPACES: usize = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudMap {
    /// By id (`ns-…`).
    #[serde(default)]
    pub namespaces: BTreeMap<String, Namespace>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Namespace {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub created_at: SimTime,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NamespaceInput {
    pub name: Option<String>,
    pub id: Option<String>,
    pub description: Option<String>,
    pub creator_request_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CloudMapError {
    #[error("Namespace with name {0} already exists.")]
    AlreadyExists(String),
    #[error("Namespace not found: {0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("The namespace {0} is used by an Amazon ECS service for Service Connect.")]
    InUse(String),
    #[error("The number of namespaces has reached its limit.")]
    LimitExceeded,
}

impl AwsErrorCode for CloudMapError {
    fn code(&self) -> &'static str {
        match self {
            CloudMapError::AlreadyExists(_) => "NamespaceAlreadyExists",
            CloudMapError::NotFound(_) => "NamespaceNotFound",
            CloudMapError::Invalid(_) => "InvalidInput",
            CloudMapError::InUse(_) => "ResourceInUse",
            CloudMapError::LimitExceeded => "ResourceLimitExceeded",
        }
    }
}

impl Namespace {
    fn shape(&self) -> Value {
        let mut shape = json!({
            "Id": self.id,
            "Arn": self.arn,
            "Name": self.name,
            "Type": "HTTP",
            "Properties": { "DnsProperties": { "SOA": {} }, "HttpProperties": { "HttpName": self.name } },
            "CreateDate": self.created_at.to_iso8601(),
            "ServiceCount": 0,
        });
        if let (Some(d), Value::Object(map)) = (&self.description, &mut shape) {
            map.insert("Description".into(), json!(d));
        }
        shape
    }
}

impl CloudMap {
    /// A namespace by id, ARN or name (ECS takes any of them).
    pub fn namespace(&self, reference: &str) -> Option<&Namespace> {
        self.namespaces
            .values()
            .find(|n| n.id == reference || n.arn == reference || n.name == reference)
    }

    /// Whether a new namespace may take this name (checked before any id is drawn).
    fn check_new(&self, name: &str) -> Result<(), CloudMapError> {
        let valid = !name.is_empty()
            && name.len() <= 1024
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !valid {
            return Err(CloudMapError::Invalid(format!(
                "1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[!-~]{{1,1024}}$"
            )));
        }
        if self.namespaces.values().any(|n| n.name == name) {
            return Err(CloudMapError::AlreadyExists(name.to_string()));
        }
        if self.namespaces.len() >= MAX_NAMESPACES {
            return Err(CloudMapError::LimitExceeded);
        }
        Ok(())
    }

    pub fn list_namespaces(&self) -> Value {
        json!({ "Namespaces": self.namespaces.values().map(Namespace::shape).collect::<Vec<_>>() })
    }

    pub fn get_namespace(&self, input: NamespaceInput) -> Result<Value, CloudMapError> {
        let id = input.id.unwrap_or_default();
        self.namespaces
            .get(&id)
            .map(|n| json!({ "Namespace": n.shape() }))
            .ok_or(CloudMapError::NotFound(id))
    }
}

impl CloudMap {
    /// CreateHttpNamespace: the name is checked before the ids are drawn.
    pub(crate) fn create_http_namespace(
        &mut self,
        env: &mut Env,
        input: NamespaceInput,
    ) -> Result<Value, CloudMapError> {
        let name = input.name.clone().unwrap_or_default();
        self.check_new(&name)?;
        let id = format!("ns-{}", env.rng.hex(16));
        let operation = env.rng.hex(32);
        let arn = format!(
            "arn:aws:servicediscovery:{}:{}:namespace/{id}",
            env.region, env.account_id
        );
        self.namespaces.insert(
            id.clone(),
            Namespace {
                id,
                arn,
                name,
                description: input.description,
                created_at: env.now,
            },
        );
        Ok(json!({ "OperationId": operation }))
    }

    /// DeleteNamespace: refused while a service's Service Connect uses it
    /// (`in_use`: the namespace ARNs ECS services name, ECS's to say).
    pub(crate) fn delete_namespace(
        &mut self,
        env: &mut Env,
        input: NamespaceInput,
        in_use: &BTreeSet<String>,
    ) -> Result<Value, CloudMapError> {
        let id = input.id.unwrap_or_default();
        let namespace = self
            .namespaces
            .get(&id)
            .ok_or_else(|| CloudMapError::NotFound(id.clone()))?;
        if in_use.contains(&namespace.arn) {
            return Err(CloudMapError::InUse(namespace.name.clone()));
        }
        self.namespaces.remove(&id);
        let operation = env.rng.hex(32);
        Ok(json!({ "OperationId": operation }))
    }
}

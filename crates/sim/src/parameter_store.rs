//! Systems Manager Parameter Store, as far as ECS needs it: plain and
//! SecureString parameters a task definition names in a container's
//! `secrets` (`valueFrom`: the parameter's name or ARN). ECS reads them with
//! `ssm:GetParameters` through the task execution role when the task starts.

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use thiserror::Error;

/// Standard-tier parameters per account and Region.
pub const MAX_PARAMETERS: usize = 10_000;
/// A standard parameter's value limit in characters.
pub const MAX_VALUE_CHARS: usize = 4096;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter {
    pub name: String,
    /// `String`, `StringList` or `SecureString`.
    pub kind: String,
    pub value: String,
    pub description: Option<String>,
    pub version: u64,
    pub last_modified: SimTime,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ParameterInput {
    pub name: Option<String>,
    #[serde(default)]
    pub names: Vec<String>,
    pub value: Option<String>,
    #[serde(rename = "Type")]
    pub kind: Option<String>,
    pub description: Option<String>,
    pub overwrite: Option<bool>,
    pub with_decryption: Option<bool>,
    pub key_id: Option<String>,
    pub tier: Option<String>,
    pub data_type: Option<String>,
    pub tags: Option<Value>,
    pub allowed_pattern: Option<String>,
    pub policies: Option<String>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub filters: Option<Value>,
    pub parameter_filters: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ParameterStoreError {
    #[error("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.")]
    AlreadyExists,
    #[error("")]
    NotFound,
    #[error("{0}")]
    Validation(String),
    #[error("You have exceeded the number of parameters for this AWS account. Delete parameters that are no longer needed or upgrade to advanced parameters.")]
    LimitExceeded,
    #[error("Standard tier parameters support a maximum parameter value of {MAX_VALUE_CHARS} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html")]
    ValueTooLong,
    #[error("This playground has standard-tier parameters only.")]
    Tier,
    #[error("{0}")]
    AccessDenied(String),
}

impl AwsErrorCode for ParameterStoreError {
    fn code(&self) -> &'static str {
        match self {
            ParameterStoreError::AlreadyExists => "ParameterAlreadyExists",
            ParameterStoreError::NotFound => "ParameterNotFound",
            ParameterStoreError::Validation(_) | ParameterStoreError::ValueTooLong => {
                "ValidationException"
            }
            ParameterStoreError::LimitExceeded => "ParameterLimitExceeded",
            ParameterStoreError::Tier => "InvalidTier",
            ParameterStoreError::AccessDenied(_) => "AccessDeniedException",
        }
    }
}

/// `arn:aws:ssm:<region>:<account>:parameter/name` (a name starting with `/` keeps one slash).
pub fn parameter_arn(region: &str, account: &str, name: &str) -> String {
    let path = name.strip_prefix('/').unwrap_or(name);
    format!("arn:aws:ssm:{region}:{account}:parameter/{path}")
}

/// A SecureString read without `--with-decryption` shows its ciphertext, not the value.
fn ciphertext(value: &str) -> String {
    use base64::Engine;
    let mut bytes = b"\x01\x02\x02\x00x".to_vec();
    bytes.extend(value.bytes().rev().map(|b| b ^ 0x5a));
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Parameter {
    fn shape(&self, region: &str, account: &str, decrypt: bool) -> Value {
        let value = if self.kind == "SecureString" && !decrypt {
            ciphertext(&self.value)
        } else {
            self.value.clone()
        };
        json!({
            "Name": self.name,
            "Type": self.kind,
            "Value": value,
            "Version": self.version,
            "LastModifiedDate": self.last_modified.to_iso8601(),
            "ARN": parameter_arn(region, account, &self.name),
            "DataType": "text",
        })
    }

    fn metadata(&self) -> Value {
        let mut shape = json!({
            "Name": self.name,
            "Type": self.kind,
            "LastModifiedDate": self.last_modified.to_iso8601(),
            "Version": self.version,
            "Tier": "Standard",
            "Policies": [],
            "DataType": "text",
        });
        if let (Some(d), Value::Object(map)) = (&self.description, &mut shape) {
            map.insert("Description".into(), json!(d));
        }
        shape
    }
}

/// Parameter names: letters, digits and `.-_/`, at most 1011 characters,
/// not starting with `aws` or `ssm`; a hierarchy starts with `/`.
fn check_name(name: &str) -> Result<(), ParameterStoreError> {
    let valid_chars = !name.is_empty()
        && name.len() <= 1011
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    if !valid_chars {
        return Err(ParameterStoreError::Validation(
            "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_".into(),
        ));
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("/aws/") {
        return Err(ParameterStoreError::AccessDenied(format!(
            "No access to reserved parameter name: {name}."
        )));
    }
    if lower.starts_with("/ssm") {
        return Err(ParameterStoreError::Validation(
            "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_".into(),
        ));
    }
    if lower.starts_with("aws") || lower.starts_with("ssm") {
        return Err(ParameterStoreError::Validation(
            "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).".into(),
        ));
    }
    if name.contains('/') && !name.starts_with('/') {
        return Err(ParameterStoreError::Validation(
            "Parameter name must be a fully qualified name.".into(),
        ));
    }
    Ok(())
}

impl crate::ssm::Ssm {
    /// A parameter by name or ARN (ECS's `valueFrom` takes either).
    pub fn parameter(&self, region: &str, account: &str, reference: &str) -> Option<&Parameter> {
        self.parameters.get(reference).or_else(|| {
            self.parameters
                .values()
                .find(|p| parameter_arn(region, account, &p.name) == reference)
        })
    }

    pub fn put_parameter(
        &mut self,
        input: ParameterInput,
        now: SimTime,
    ) -> Result<Value, ParameterStoreError> {
        let name = input.name.unwrap_or_default();
        check_name(&name)?;
        let value = input.value.unwrap_or_default();
        if value.is_empty() {
            return Err(ParameterStoreError::Validation(
                "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1".into(),
            ));
        }
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(ParameterStoreError::ValueTooLong);
        }
        if input
            .tier
            .as_deref()
            .is_some_and(|t| !matches!(t, "Standard" | "Intelligent-Tiering"))
        {
            return Err(ParameterStoreError::Tier);
        }
        if let Some(kind) = &input.kind {
            if !matches!(kind.as_str(), "String" | "StringList" | "SecureString") {
                return Err(ParameterStoreError::Validation(format!(
                    "1 validation error detected: Value '{kind}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]"
                )));
            }
        }
        let version = match self.parameters.get(&name) {
            Some(_) if !input.overwrite.unwrap_or(false) => {
                return Err(ParameterStoreError::AlreadyExists)
            }
            Some(existing) => existing.version + 1,
            None => {
                if input.kind.is_none() {
                    return Err(ParameterStoreError::Validation(
                        "A parameter type is required when you create a parameter.".into(),
                    ));
                }
                if self.parameters.len() >= MAX_PARAMETERS {
                    return Err(ParameterStoreError::LimitExceeded);
                }
                1
            }
        };
        let previous = self.parameters.get(&name);
        let kind = input
            .kind
            .or_else(|| previous.map(|p| p.kind.clone()))
            .unwrap_or_else(|| "String".into());
        let description = input
            .description
            .or_else(|| previous.and_then(|p| p.description.clone()));
        self.parameters.insert(
            name.clone(),
            Parameter {
                name,
                kind,
                value,
                description,
                version,
                last_modified: now,
            },
        );
        Ok(json!({ "Version": version, "Tier": "Standard" }))
    }

    pub fn get_parameter(
        &self,
        region: &str,
        account: &str,
        input: ParameterInput,
    ) -> Result<Value, ParameterStoreError> {
        let name = input.name.unwrap_or_default();
        let decrypt = input.with_decryption.unwrap_or(false);
        self.parameter(region, account, &name)
            .map(|p| json!({ "Parameter": p.shape(region, account, decrypt) }))
            .ok_or(ParameterStoreError::NotFound)
    }

    pub fn get_parameters(
        &self,
        region: &str,
        account: &str,
        input: ParameterInput,
    ) -> Result<Value, ParameterStoreError> {
        if input.names.is_empty() || input.names.len() > 10 {
            return Err(ParameterStoreError::Validation(format!(
                "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10 (it has {})",
                input.names.len()
            )));
        }
        let decrypt = input.with_decryption.unwrap_or(false);
        let mut found = Vec::new();
        let mut invalid = Vec::new();
        for name in &input.names {
            match self.parameter(region, account, name) {
                Some(p) => found.push(p.shape(region, account, decrypt)),
                None => invalid.push(json!(name)),
            }
        }
        Ok(json!({ "Parameters": found, "InvalidParameters": invalid }))
    }

    pub fn describe_parameters(&self) -> Value {
        json!({ "Parameters": self.parameters.values().map(Parameter::metadata).collect::<Vec<_>>() })
    }

    pub fn delete_parameter(
        &mut self,
        input: ParameterInput,
    ) -> Result<Value, ParameterStoreError> {
        let name = input.name.unwrap_or_default();
        self.parameters
            .remove(&name)
            .map(|_| json!({}))
            .ok_or(ParameterStoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssm::Ssm;

    fn put(
        ssm: &mut Ssm,
        name: &str,
        kind: Option<&str>,
        overwrite: bool,
    ) -> Result<Value, ParameterStoreError> {
        ssm.put_parameter(
            ParameterInput {
                name: Some(name.into()),
                value: Some("v".into()),
                kind: kind.map(Into::into),
                overwrite: Some(overwrite),
                ..Default::default()
            },
            SimTime::ZERO,
        )
    }

    #[test]
    fn put_then_overwrite_counts_versions() {
        let mut ssm = Ssm::default();
        assert_eq!(
            put(&mut ssm, "/app/db", Some("SecureString"), false).unwrap()["Version"],
            1
        );
        assert_eq!(
            put(&mut ssm, "/app/db", None, false).unwrap_err().code(),
            "ParameterAlreadyExists"
        );
        assert_eq!(put(&mut ssm, "/app/db", None, true).unwrap()["Version"], 2);
        assert_eq!(ssm.parameters["/app/db"].kind, "SecureString");
    }

    #[test]
    fn names_are_checked() {
        let mut ssm = Ssm::default();
        assert_eq!(
            put(&mut ssm, "/aws/x", Some("String"), false)
                .unwrap_err()
                .code(),
            "AccessDeniedException"
        );
        for bad in [
            "",
            "app/db",
            "/ssm/x",
            "aws-thing",
            "ssm-thing",
            "has space",
        ] {
            assert_eq!(
                put(&mut ssm, bad, Some("String"), false)
                    .unwrap_err()
                    .code(),
                "ValidationException",
                "{bad}"
            );
        }
        assert_eq!(
            put(&mut ssm, "plain", None, false).unwrap_err().code(),
            "ValidationException"
        );
        assert!(ssm.parameters.is_empty());
    }

    #[test]
    fn secure_strings_need_with_decryption_and_arns_find_parameters() {
        let mut ssm = Ssm::default();
        put(&mut ssm, "/app/db", Some("SecureString"), false).unwrap();
        put(&mut ssm, "plain", Some("String"), false).unwrap();
        let get = |name: &str, decrypt| {
            ssm.get_parameter(
                "ap-northeast-1",
                "123456789012",
                ParameterInput {
                    name: Some(name.into()),
                    with_decryption: Some(decrypt),
                    ..Default::default()
                },
            )
        };
        assert_ne!(get("/app/db", false).unwrap()["Parameter"]["Value"], "v");
        assert_eq!(get("/app/db", true).unwrap()["Parameter"]["Value"], "v");
        let arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/plain";
        assert_eq!(get(arn, false).unwrap()["Parameter"]["ARN"], arn);
        assert_eq!(
            get("/missing", true).unwrap_err().code(),
            "ParameterNotFound"
        );
        let many = ssm
            .get_parameters(
                "ap-northeast-1",
                "123456789012",
                ParameterInput {
                    names: vec!["plain".into(), "/nope".into()],
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(many["InvalidParameters"], json!(["/nope"]));
    }
}

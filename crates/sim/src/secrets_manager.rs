//! AWS Secrets Manager, as far as ECS needs it: a secret is created and
//! rotated by hand (`put-secret-value`), and a task definition names it in a
//! container's `secrets` (`valueFrom`). ECS reads it once, when the task
//! starts, with the task *execution* role and over the task's own network
//! path; a running task keeps the value it started with (note 003's table:
//! "task execution role … access to Secrets Manager").

use crate::clock::{Duration, SimTime};
use crate::env::Env;
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Secrets kept (the model's cap; AWS allows 500,000 per Region).
pub const MAX_SECRETS: usize = 500;
/// SecretString's limit in bytes.
pub const MAX_SECRET_BYTES: usize = 65_536;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretsManager {
    /// By name.
    #[serde(default)]
    pub secrets: BTreeMap<String, Secret>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    pub name: String,
    /// `arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>`.
    pub arn: String,
    pub description: Option<String>,
    /// The AWSCURRENT value; none for a secret created without a value.
    pub secret_string: Option<String>,
    /// The AWSCURRENT version, if the secret has a value.
    pub version_id: Option<String>,
    /// The version before the last `put-secret-value` (AWSPREVIOUS), and its value.
    #[serde(default)]
    pub previous_version_id: Option<String>,
    #[serde(default)]
    pub previous_secret_string: Option<String>,
    pub created_at: SimTime,
    pub last_changed_at: SimTime,
    /// Scheduled for deletion at this time (`delete-secret` without force).
    #[serde(default)]
    pub deletion_date: Option<SimTime>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SecretInput {
    pub name: Option<String>,
    pub secret_id: Option<String>,
    pub description: Option<String>,
    pub secret_string: Option<String>,
    pub secret_binary: Option<String>,
    pub client_request_token: Option<String>,
    pub kms_key_id: Option<String>,
    pub tags: Option<Value>,
    pub version_id: Option<String>,
    pub version_stage: Option<String>,
    pub recovery_window_in_days: Option<i64>,
    pub force_delete_without_recovery: Option<bool>,
    pub max_results: Option<i64>,
    pub next_token: Option<String>,
    pub filters: Option<Value>,
    pub include_planned_deletion: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum SecretsManagerError {
    #[error("The operation failed because the secret {0} already exists.")]
    AlreadyExists(String),
    #[error("Secrets Manager can't find the specified secret.")]
    NotFound,
    #[error("Secrets Manager can't find the specified secret value for staging label: {0}")]
    VersionNotFound(String),
    #[error("Secrets Manager can't find the specified secret value for VersionId: {0}")]
    VersionIdNotFound(String),
    #[error("{0}")]
    Validation(String),
    #[error("{0}")]
    InvalidParameter(String),
    #[error("{0}")]
    InvalidRequest(String),
    #[error(
        "You have exceeded the maximum number of secrets this playground keeps ({MAX_SECRETS})."
    )]
    LimitExceeded,
}

impl AwsErrorCode for SecretsManagerError {
    fn code(&self) -> &'static str {
        match self {
            SecretsManagerError::AlreadyExists(_) => "ResourceExistsException",
            SecretsManagerError::NotFound
            | SecretsManagerError::VersionNotFound(_)
            | SecretsManagerError::VersionIdNotFound(_) => "ResourceNotFoundException",
            SecretsManagerError::Validation(_) => "ValidationException",
            SecretsManagerError::InvalidParameter(_) => "InvalidParameterException",
            SecretsManagerError::InvalidRequest(_) => "InvalidRequestException",
            SecretsManagerError::LimitExceeded => "LimitExceededException",
        }
    }
}

/// Why a task could not read a secret it names (the end of its stoppedReason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretLookupFailure {
    NotFound,
    MarkedForDeletion,
    /// No value under the stage or version asked for (the error's message).
    NoValue(String),
    /// The value is not a JSON object (Go's unmarshal error, as the agent reports it).
    NotJson(String),
    MissingJsonKey(String),
}

/// The message of the JSON error Go's `json.Unmarshal` gives for text that is not an object.
fn not_json_message(text: &str) -> String {
    match text.trim_start().chars().next() {
        None => "unexpected end of JSON input".into(),
        Some(c) => format!("invalid character '{c}' looking for beginning of value"),
    }
}

impl Secret {
    /// Not yet past its recovery window (an expired secret is gone).
    fn exists(&self, now: SimTime) -> bool {
        self.deletion_date.is_none_or(|d| now < d)
    }

    /// The value for a version id and a staging label (AWSCURRENT by default).
    fn value(
        &self,
        version_id: Option<&str>,
        stage: Option<&str>,
    ) -> Result<(&str, &str), SecretsManagerError> {
        let current = self
            .version_id
            .as_deref()
            .zip(self.secret_string.as_deref());
        let previous = self
            .previous_version_id
            .as_deref()
            .zip(self.previous_secret_string.as_deref());
        match (version_id, stage.unwrap_or("AWSCURRENT")) {
            (Some(v), _) => [current, previous]
                .into_iter()
                .flatten()
                .find(|(id, _)| *id == v)
                .ok_or_else(|| SecretsManagerError::VersionIdNotFound(v.to_string())),
            (None, "AWSCURRENT") => {
                current.ok_or_else(|| SecretsManagerError::VersionNotFound("AWSCURRENT".into()))
            }
            (None, "AWSPREVIOUS") => {
                previous.ok_or_else(|| SecretsManagerError::VersionNotFound("AWSPREVIOUS".into()))
            }
            (None, other) => Err(SecretsManagerError::VersionNotFound(other.to_string())),
        }
    }

    /// DescribeSecret's shape; ListSecrets names the stage map `SecretVersionsToStages`.
    fn describe(&self, stages_field: &str) -> Value {
        let mut stages = serde_json::Map::new();
        if let Some(current) = &self.version_id {
            stages.insert(current.clone(), json!(["AWSCURRENT"]));
        }
        if let Some(previous) = &self.previous_version_id {
            stages.insert(previous.clone(), json!(["AWSPREVIOUS"]));
        }
        let mut shape = json!({
            "ARN": self.arn,
            "Name": self.name,
            "LastChangedDate": self.last_changed_at.to_iso8601(),
            "CreatedDate": self.created_at.to_iso8601(),
        });
        if let (false, Value::Object(map)) = (stages.is_empty(), &mut shape) {
            map.insert(stages_field.into(), Value::Object(stages));
        }
        if let Value::Object(map) = &mut shape {
            if let Some(d) = &self.description {
                map.insert("Description".into(), json!(d));
            }
            if let Some(d) = self.deletion_date {
                map.insert("DeletedDate".into(), json!(d.to_iso8601()));
            }
        }
        shape
    }
}

/// The secret's ARN without its 6-character suffix, as a partial ARN names it.
fn partial_arn(arn: &str) -> &str {
    arn.rsplit_once('-').map_or(arn, |(head, _)| head)
}

fn check_name(name: &str) -> Result<(), SecretsManagerError> {
    let valid = !name.is_empty()
        && name.len() <= 512
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+=.@-".contains(c));
    if valid {
        Ok(())
    } else {
        Err(SecretsManagerError::Validation(
            "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!".into(),
        ))
    }
}

fn check_value(value: &str) -> Result<(), SecretsManagerError> {
    if value.len() > MAX_SECRET_BYTES {
        return Err(SecretsManagerError::Validation(format!(
            "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to {MAX_SECRET_BYTES}"
        )));
    }
    Ok(())
}

impl SecretsManager {
    /// A secret by name, full ARN or partial ARN (without the suffix), even if
    /// scheduled for deletion; one past its recovery window no longer exists.
    fn find(&self, reference: &str, now: SimTime) -> Option<&Secret> {
        self.secrets
            .get(reference)
            .or_else(|| {
                self.secrets
                    .values()
                    .find(|s| s.arn == reference || partial_arn(&s.arn) == reference)
            })
            .filter(|s| s.exists(now))
    }

    fn find_name(&self, reference: &str, now: SimTime) -> Result<String, SecretsManagerError> {
        self.find(reference, now)
            .map(|s| s.name.clone())
            .ok_or(SecretsManagerError::NotFound)
    }

    /// What ECS reads for a container's `valueFrom`:
    /// `arn:…:secret:name-AbCdEf[:json-key[:version-stage[:version-id]]]`.
    pub fn value_for_task(
        &self,
        value_from: &str,
        now: SimTime,
    ) -> Result<String, SecretLookupFailure> {
        let fields: Vec<&str> = value_from.split(':').collect();
        let secret_arn = fields
            .get(..7)
            .map_or(value_from.to_string(), |f| f.join(":"));
        let field = |i: usize| fields.get(i).copied().filter(|k| !k.is_empty());
        let (json_key, stage, version) = (field(7), field(8), field(9));
        let secret = self
            .find(&secret_arn, now)
            .ok_or(SecretLookupFailure::NotFound)?;
        if secret.deletion_date.is_some() {
            return Err(SecretLookupFailure::MarkedForDeletion);
        }
        let (_, text) = secret
            .value(version, stage)
            .map_err(|e| SecretLookupFailure::NoValue(e.to_string()))?;
        let Some(key) = json_key else {
            return Ok(text.to_string());
        };
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => map
                .get(key)
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .ok_or_else(|| SecretLookupFailure::MissingJsonKey(key.to_string())),
            _ => Err(SecretLookupFailure::NotJson(not_json_message(text))),
        }
    }

    pub fn describe_secret(
        &self,
        input: SecretInput,
        now: SimTime,
    ) -> Result<Value, SecretsManagerError> {
        let id = input.secret_id.unwrap_or_default();
        self.find(&id, now)
            .map(|s| s.describe("VersionIdsToStages"))
            .ok_or(SecretsManagerError::NotFound)
    }

    pub fn get_secret_value(
        &self,
        input: SecretInput,
        now: SimTime,
    ) -> Result<Value, SecretsManagerError> {
        let id = input.secret_id.unwrap_or_default();
        let secret = self.find(&id, now).ok_or(SecretsManagerError::NotFound)?;
        if secret.deletion_date.is_some() {
            return Err(marked_for_deletion());
        }
        let (version, text) =
            secret.value(input.version_id.as_deref(), input.version_stage.as_deref())?;
        let stage = if secret.version_id.as_deref() == Some(version) {
            "AWSCURRENT"
        } else {
            "AWSPREVIOUS"
        };
        Ok(json!({
            "ARN": secret.arn,
            "Name": secret.name,
            "VersionId": version,
            "SecretString": text,
            "VersionStages": [stage],
            "CreatedDate": secret.last_changed_at.to_iso8601(),
        }))
    }

    pub fn list_secrets(&self, input: SecretInput, now: SimTime) -> Value {
        let planned = input.include_planned_deletion.unwrap_or(false);
        let list: Vec<Value> = self
            .secrets
            .values()
            .filter(|s| s.exists(now))
            .filter(|s| planned || s.deletion_date.is_none())
            .map(|s| s.describe("SecretVersionsToStages"))
            .collect();
        json!({ "SecretList": list })
    }
}

fn marked_for_deletion() -> SecretsManagerError {
    SecretsManagerError::InvalidRequest(
        "You can't perform this operation on the secret because it was marked for deletion.".into(),
    )
}

/// Six characters from AWS's mixed-case alphabet, as the suffix of a secret's ARN.
fn arn_suffix(rng: &mut crate::ids::Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..6)
        .map(|_| {
            let i = usize::try_from(rng.id_below(ALPHABET.len() as u64)).unwrap_or(0);
            char::from(ALPHABET[i % ALPHABET.len()])
        })
        .collect()
}

impl SecretsManager {
    /// CreateSecret: the name is checked before the ARN's suffix is drawn. A
    /// secret created without a value has no version until `put-secret-value`.
    pub(crate) fn create_secret(
        &mut self,
        env: &mut Env,
        input: SecretInput,
    ) -> Result<Value, SecretsManagerError> {
        let now = env.now;
        let name = input.name.unwrap_or_default();
        check_name(&name)?;
        if input.secret_binary.is_some() {
            return Err(SecretsManagerError::InvalidParameter(
                "This playground keeps SecretString only: ECS injects secrets as text environment variables.".into(),
            ));
        }
        if let Some(value) = &input.secret_string {
            check_value(value)?;
        }
        let existing = self.secrets.get(&name);
        if let Some(existing) = existing.filter(|s| s.exists(now)) {
            if existing.deletion_date.is_some() {
                return Err(SecretsManagerError::InvalidRequest(
                    "You can't create this secret because a secret with this name is already scheduled for deletion.".into(),
                ));
            }
            return Err(SecretsManagerError::AlreadyExists(name));
        }
        let live = self.secrets.values().filter(|s| s.exists(now)).count();
        if live >= MAX_SECRETS {
            return Err(SecretsManagerError::LimitExceeded);
        }
        let suffix = arn_suffix(env.rng);
        let arn = format!(
            "arn:aws:secretsmanager:{}:{}:secret:{name}-{suffix}",
            env.region, env.account_id
        );
        let version_id = input.secret_string.is_some().then(|| env.rng.uuid());
        let secret = Secret {
            name: name.clone(),
            arn: arn.clone(),
            description: input.description,
            secret_string: input.secret_string,
            version_id: version_id.clone(),
            previous_version_id: None,
            previous_secret_string: None,
            created_at: now,
            last_changed_at: now,
            deletion_date: None,
        };
        // An expired secret of the same name is replaced: it no longer exists.
        self.secrets.insert(name.clone(), secret);
        env.log("secretsmanager", format!("Secret {name} created."));
        let mut answer = json!({ "ARN": arn, "Name": name });
        if let (Some(v), Value::Object(map)) = (version_id, &mut answer) {
            map.insert("VersionId".into(), json!(v));
        }
        Ok(answer)
    }

    /// PutSecretValue: a new AWSCURRENT version; the old one becomes AWSPREVIOUS.
    pub(crate) fn put_secret_value(
        &mut self,
        env: &mut Env,
        input: SecretInput,
    ) -> Result<Value, SecretsManagerError> {
        let now = env.now;
        let name = self.find_name(input.secret_id.as_deref().unwrap_or_default(), now)?;
        let Some(value) = input.secret_string else {
            return Err(SecretsManagerError::InvalidParameter(
                "You must provide either SecretString or SecretBinary.".into(),
            ));
        };
        check_value(&value)?;
        if self
            .secrets
            .get(&name)
            .is_some_and(|s| s.deletion_date.is_some())
        {
            return Err(marked_for_deletion());
        }
        let version_id = env.rng.uuid();
        let Some(secret) = self.secrets.get_mut(&name) else {
            return Err(SecretsManagerError::NotFound);
        };
        secret.previous_version_id = secret.version_id.replace(version_id.clone());
        secret.previous_secret_string = secret.secret_string.replace(value);
        secret.last_changed_at = now;
        let arn = secret.arn.clone();
        env.log(
            "secretsmanager",
            format!("Secret {name} has a new current version {version_id}; running tasks keep the value they started with."),
        );
        Ok(json!({
            "ARN": arn,
            "Name": name,
            "VersionId": version_id,
            "VersionStages": ["AWSCURRENT"],
        }))
    }

    /// DeleteSecret: scheduled after a recovery window (7–30 days, 30 by
    /// default), or at once with `--force-delete-without-recovery` (which
    /// also ends a scheduled deletion early).
    pub(crate) fn delete_secret(
        &mut self,
        env: &mut Env,
        input: SecretInput,
    ) -> Result<Value, SecretsManagerError> {
        let now = env.now;
        let force = input.force_delete_without_recovery.unwrap_or(false);
        if force && input.recovery_window_in_days.is_some() {
            return Err(SecretsManagerError::InvalidParameter(
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.".into(),
            ));
        }
        let days = input.recovery_window_in_days.unwrap_or(30);
        if !(7..=30).contains(&days) {
            return Err(SecretsManagerError::InvalidParameter(
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).".into(),
            ));
        }
        let name = self.find_name(input.secret_id.as_deref().unwrap_or_default(), now)?;
        let Some(secret) = self.secrets.get_mut(&name) else {
            return Err(SecretsManagerError::NotFound);
        };
        if secret.deletion_date.is_some() && !force {
            return Err(marked_for_deletion());
        }
        let arn = secret.arn.clone();
        let when = if force {
            self.secrets.remove(&name);
            env.log("secretsmanager", format!("Secret {name} deleted."));
            now
        } else {
            let when = now.plus(Duration::hours(24 * days.unsigned_abs()));
            secret.deletion_date = Some(when);
            env.log(
                "secretsmanager",
                format!(
                    "Secret {name} scheduled for deletion at {}.",
                    when.to_iso8601()
                ),
            );
            when
        };
        Ok(json!({ "ARN": arn, "Name": name, "DeletionDate": when.to_iso8601() }))
    }

    /// RestoreSecret: cancels a scheduled deletion.
    pub(crate) fn restore_secret(
        &mut self,
        env: &mut Env,
        input: SecretInput,
    ) -> Result<Value, SecretsManagerError> {
        let now = env.now;
        let name = self.find_name(input.secret_id.as_deref().unwrap_or_default(), now)?;
        let Some(secret) = self.secrets.get_mut(&name) else {
            return Err(SecretsManagerError::NotFound);
        };
        secret.deletion_date = None;
        let arn = secret.arn.clone();
        env.log("secretsmanager", format!("Secret {name} restored."));
        Ok(json!({ "ARN": arn, "Name": name }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;

    /// The API run on a world's secrets and `Env`, with the service's own errors.
    trait SecretsApi {
        fn create_secret(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError>;
        fn put_secret_value(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError>;
        fn delete_secret(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError>;
        fn restore_secret(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError>;
    }

    impl SecretsApi for World {
        fn create_secret(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError> {
            self.with_secrets(|s, env| s.create_secret(env, input))
        }
        fn put_secret_value(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError> {
            self.with_secrets(|s, env| s.put_secret_value(env, input))
        }
        fn delete_secret(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError> {
            self.with_secrets(|s, env| s.delete_secret(env, input))
        }
        fn restore_secret(&mut self, input: SecretInput) -> Result<Value, SecretsManagerError> {
            self.with_secrets(|s, env| s.restore_secret(env, input))
        }
    }

    fn create(world: &mut World, name: &str, value: &str) -> Result<Value, SecretsManagerError> {
        world.create_secret(SecretInput {
            name: Some(name.into()),
            secret_string: Some(value.into()),
            ..Default::default()
        })
    }

    fn id(reference: &str) -> SecretInput {
        SecretInput {
            secret_id: Some(reference.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_secret_is_found_by_name_full_arn_and_partial_arn() {
        let mut world = World::new(1);
        let created = create(&mut world, "prod/db-password", "s3cret").unwrap();
        let arn = created["ARN"].as_str().unwrap().to_string();
        assert!(arn.starts_with(
            "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-password-"
        ));
        let now = world.now;
        for reference in ["prod/db-password", arn.as_str(), partial_arn(&arn)] {
            let got = world
                .secrets_manager
                .get_secret_value(id(reference), now)
                .unwrap();
            assert_eq!(got["SecretString"], "s3cret");
        }
        assert_eq!(
            world
                .secrets_manager
                .get_secret_value(id("prod/other"), now)
                .unwrap_err()
                .code(),
            "ResourceNotFoundException"
        );
    }

    #[test]
    fn duplicate_and_invalid_names_are_refused_without_drawing_ids() {
        let mut world = World::new(1);
        create(&mut world, "db", "a").unwrap();
        let before = world.clone();
        assert_eq!(
            create(&mut world, "db", "b").unwrap_err().code(),
            "ResourceExistsException"
        );
        assert_eq!(
            create(&mut world, "bad name!", "b").unwrap_err().code(),
            "ValidationException"
        );
        assert_eq!(world, before);
    }

    #[test]
    fn json_keys_pick_one_field_of_the_secret() {
        let mut world = World::new(1);
        let created = create(&mut world, "db", r#"{"username":"app","password":"pw"}"#).unwrap();
        let arn = created["ARN"].as_str().unwrap();
        let now = world.now;
        let value = world
            .secrets_manager
            .value_for_task(&format!("{arn}:password::"), now);
        assert_eq!(value, Ok("pw".into()));
        let missing = world
            .secrets_manager
            .value_for_task(&format!("{arn}:token::"), now);
        assert_eq!(
            missing,
            Err(SecretLookupFailure::MissingJsonKey("token".into()))
        );
    }

    #[test]
    fn put_secret_value_makes_a_new_current_version() {
        let mut world = World::new(1);
        let first = create(&mut world, "db", "one").unwrap();
        let second = world
            .put_secret_value(SecretInput {
                secret_id: Some("db".into()),
                secret_string: Some("two".into()),
                ..Default::default()
            })
            .unwrap();
        assert_ne!(first["VersionId"], second["VersionId"]);
        let now = world.now;
        let described = world
            .secrets_manager
            .describe_secret(id("db"), now)
            .unwrap();
        assert_eq!(
            described["VersionIdsToStages"][first["VersionId"].as_str().unwrap()],
            json!(["AWSPREVIOUS"])
        );
        assert_eq!(
            world.secrets_manager.value_for_task("db", now),
            Ok("two".into())
        );
    }

    #[test]
    fn a_secret_without_a_value_has_no_version_and_previous_values_stay_readable() {
        let mut world = World::new(1);
        let created = world
            .create_secret(SecretInput {
                name: Some("empty".into()),
                ..Default::default()
            })
            .unwrap();
        assert!(created.get("VersionId").is_none());
        let now = world.now;
        let empty = world.secrets_manager.get_secret_value(id("empty"), now);
        assert_eq!(empty.unwrap_err().code(), "ResourceNotFoundException");
        assert!(matches!(
            world.secrets_manager.value_for_task("empty", now),
            Err(SecretLookupFailure::NoValue(_))
        ));
        create(&mut world, "db", "one").unwrap();
        world
            .put_secret_value(SecretInput {
                secret_id: Some("db".into()),
                secret_string: Some("two".into()),
                ..Default::default()
            })
            .unwrap();
        let previous = world.secrets_manager.get_secret_value(
            SecretInput {
                secret_id: Some("db".into()),
                version_stage: Some("AWSPREVIOUS".into()),
                ..Default::default()
            },
            now,
        );
        assert_eq!(previous.unwrap()["SecretString"], "one");
        let arn = world.secrets_manager.secrets["db"].arn.clone();
        assert_eq!(
            world
                .secrets_manager
                .value_for_task(&format!("{arn}::AWSPREVIOUS:"), now),
            Ok("one".into())
        );
        assert_eq!(
            world
                .secrets_manager
                .value_for_task(&format!("{arn}:key::"), now),
            Err(SecretLookupFailure::NotJson(
                "invalid character 't' looking for beginning of value".into()
            ))
        );
    }

    #[test]
    fn deletion_waits_for_the_recovery_window_unless_forced() {
        let mut world = World::new(1);
        create(&mut world, "db", "one").unwrap();
        world.delete_secret(id("db")).unwrap();
        let now = world.now;
        assert_eq!(
            world
                .secrets_manager
                .get_secret_value(id("db"), now)
                .unwrap_err()
                .code(),
            "InvalidRequestException"
        );
        assert_eq!(
            create(&mut world, "db", "x").unwrap_err().code(),
            "InvalidRequestException"
        );
        assert_eq!(
            world.secrets_manager.value_for_task("db", now),
            Err(SecretLookupFailure::MarkedForDeletion)
        );
        world.restore_secret(id("db")).unwrap();
        assert!(world
            .secrets_manager
            .get_secret_value(id("db"), now)
            .is_ok());
        // A scheduled deletion can still be forced.
        world.delete_secret(id("db")).unwrap();
        world
            .delete_secret(SecretInput {
                secret_id: Some("db".into()),
                force_delete_without_recovery: Some(true),
                ..Default::default()
            })
            .unwrap();
        assert!(create(&mut world, "db", "again").is_ok());
        let bad_window = world.delete_secret(SecretInput {
            secret_id: Some("db".into()),
            recovery_window_in_days: Some(3),
            ..Default::default()
        });
        assert_eq!(bad_window.unwrap_err().code(), "InvalidParameterException");
    }
}

//! OpenID Connect federation, as a CI/CD pipeline uses it (note 000, "ECS
//! and CI/CD: OpenID Connect"): an IAM OIDC identity provider for GitHub
//! Actions, a role whose trust policy lets that provider's tokens in under
//! conditions on `aud` and `sub`, and STS AssumeRoleWithWebIdentity, which
//! trades a workflow's token for the role's temporary credentials — no
//! long-lived access keys in the repository.
//!
//! Tokens are JWTs whose signature is not checked here (`sim oidc-token`
//! mints them, as GitHub would for a workflow run); everything AWS decides
//! from the claims is.

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// Providers per account (AWS allows 100).
pub const MAX_PROVIDERS: usize = 100;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OidcProvider {
    /// The issuer without `https://`, e.g. `token.actions.githubusercontent.com`.
    pub host: String,
    pub client_ids: Vec<String>,
    pub thumbprints: Vec<String>,
    pub created_at: SimTime,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct OidcProviderInput {
    pub url: Option<String>,
    #[serde(default, rename = "ClientIDList")]
    pub client_id_list: Vec<String>,
    #[serde(default)]
    pub thumbprint_list: Vec<String>,
    #[serde(rename = "OpenIDConnectProviderArn")]
    pub open_id_connect_provider_arn: Option<String>,
    pub tags: Option<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssumeRoleWithWebIdentityInput {
    pub role_arn: String,
    pub role_session_name: String,
    pub web_identity_token: String,
    pub duration_seconds: Option<i64>,
    pub provider_id: Option<String>,
    pub policy: Option<String>,
    pub policy_arns: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum OidcError {
    #[error("Provider with url https://{0} already exists.")]
    ProviderExists(String),
    #[error("OpenIDConnect provider not found for arn {0}")]
    NoSuchProvider(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("Cannot exceed quota for OpenIdConnectProvidersPerAccount: {MAX_PROVIDERS}")]
    LimitExceeded,
    #[error("{0}")]
    InvalidIdentityToken(String),
    #[error("Not authorized to perform sts:AssumeRoleWithWebIdentity")]
    AccessDenied,
    #[error("{0}")]
    Validation(String),
}

impl AwsErrorCode for OidcError {
    fn code(&self) -> &'static str {
        match self {
            OidcError::ProviderExists(_) => "EntityAlreadyExists",
            OidcError::NoSuchProvider(_) => "NoSuchEntity",
            OidcError::InvalidInput(_) => "InvalidInput",
            OidcError::LimitExceeded => "LimitExceeded",
            OidcError::InvalidIdentityToken(_) => "InvalidIdentityToken",
            OidcError::AccessDenied => "AccessDenied",
            OidcError::Validation(_) => "ValidationError",
        }
    }
}

/// GitHub Actions' issuer.
pub const GITHUB_ISSUER: &str = "token.actions.githubusercontent.com";

/// A token as GitHub Actions mints it for a workflow run: `sub` says which
/// repository and which branch, environment or pull request it runs for.
pub fn github_token(claims: &BTreeMap<String, String>) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = engine.encode(r#"{"alg":"RS256","typ":"JWT","kid":"playground"}"#);
    let payload = engine.encode(serde_json::to_string(claims).unwrap_or_default());
    let signature = engine.encode("not-a-real-signature");
    format!("{header}.{payload}.{signature}")
}

/// The claims of a token (strings only, as the conditions compare them).
fn token_claims(token: &str) -> Option<BTreeMap<String, String>> {
    let payload = token.trim().split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    let Value::Object(map) = value else {
        return None;
    };
    Some(
        map.into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect(),
    )
}

/// The condition keys AWS offers for an OIDC provider's tokens (`host:aud`,
/// `host:sub`, `host:amr`); other claims are not keys a policy can test.
const CONDITION_KEYS: &[&str] = &["aud", "sub", "amr"];

/// Whether a statement's `Condition` holds for these claims. `deny` says
/// whether the statement denies: an operator the playground does not know is
/// then taken as met (the cautious reading), and as unmet in an Allow.
fn condition_holds(
    condition: &Value,
    claims: &BTreeMap<String, String>,
    host: &str,
    deny: bool,
) -> bool {
    let Value::Object(operators) = condition else {
        // Not a condition block at all: nothing can satisfy it.
        return deny;
    };
    operators.iter().all(|(operator, tests)| {
        let Value::Object(tests) = tests else {
            return deny;
        };
        // `ForAnyValue:` / `ForAllValues:` prefixes and the `IfExists` suffix.
        let (set, bare) = match operator.split_once(':') {
            Some((set, rest)) => (Some(set), rest),
            None => (None, operator.as_str()),
        };
        let (bare, if_exists) = match bare.strip_suffix("IfExists") {
            Some(b) => (b, true),
            None => (bare, false),
        };
        let negated = matches!(bare, "StringNotEquals" | "StringNotLike");
        let like = matches!(bare, "StringLike" | "StringNotLike");
        let known = matches!(
            bare,
            "StringEquals" | "StringLike" | "StringNotEquals" | "StringNotLike" | "Null"
        );
        if !known || set.is_some_and(|s| s != "ForAnyValue" && s != "ForAllValues") {
            return deny;
        }
        tests.iter().all(|(key, wanted)| {
            let key = key.to_ascii_lowercase();
            let prefix = format!("{}:", host.to_ascii_lowercase());
            let claim = key
                .strip_prefix(&prefix)
                .filter(|name| CONDITION_KEYS.contains(name))
                .and_then(|name| claims.get(name));
            let patterns: Vec<String> = match wanted {
                Value::String(s) => vec![s.clone()],
                Value::Bool(b) => vec![b.to_string()],
                Value::Array(list) => list
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            if bare == "Null" {
                // "Null": "true" holds when the key is absent.
                let absent = claim.is_none().to_string();
                return patterns.iter().any(|p| p.eq_ignore_ascii_case(&absent));
            }
            let Some(actual) = claim else {
                // A missing key: IfExists, ForAllValues and negations hold; the rest fail.
                return if_exists || set == Some("ForAllValues") || negated;
            };
            let matched = patterns.iter().any(|p| {
                if like {
                    let pattern: Vec<char> = p.chars().collect();
                    let text: Vec<char> = actual.chars().collect();
                    crate::tags::glob(&pattern, &text)
                } else {
                    p == actual
                }
            });
            matched != negated
        })
    })
}

/// Whether a statement's principal names the provider (or, in a Deny, everyone).
fn names_provider(statement: &Value, provider_arn: &str, deny: bool) -> bool {
    match statement.get("Principal") {
        Some(Value::String(s)) if s == "*" => deny,
        Some(p) => {
            super::strings(p.get("Federated"))
                .iter()
                .any(|f| f == provider_arn)
                || (deny && super::strings(p.get("AWS")).iter().any(|a| a == "*"))
        }
        // NotPrincipal in a Deny covers everyone it does not list.
        None => {
            deny && statement.get("NotPrincipal").is_some_and(|p| {
                !super::strings(p.get("Federated"))
                    .iter()
                    .any(|f| f == provider_arn)
            })
        }
    }
}

impl super::Role {
    /// Whether the trust policy lets tokens from `provider_arn` with these
    /// claims assume the role (an explicit Deny wins).
    pub fn trusts_web_identity(
        &self,
        provider_arn: &str,
        host: &str,
        claims: &BTreeMap<String, String>,
    ) -> bool {
        let mut allowed = false;
        for statement in super::statements(&self.assume_role_policy) {
            let deny = statement.get("Effect").and_then(Value::as_str) == Some("Deny");
            let action = match statement.get("NotAction") {
                Some(not) => !super::strings(Some(not))
                    .iter()
                    .any(|a| super::action_matches(a, "sts:AssumeRoleWithWebIdentity")),
                None => super::strings(statement.get("Action"))
                    .iter()
                    .any(|a| super::action_matches(a, "sts:AssumeRoleWithWebIdentity")),
            };
            if !action || !names_provider(statement, provider_arn, deny) {
                continue;
            }
            let holds = statement
                .get("Condition")
                .is_none_or(|c| condition_holds(c, claims, host, deny));
            match statement.get("Effect").and_then(Value::as_str) {
                Some("Deny") if holds => return false,
                Some("Allow") if holds => allowed = true,
                _ => {}
            }
        }
        allowed
    }
}

impl super::Iam {
    fn provider_arn(account: &str, host: &str) -> String {
        format!("arn:aws:iam::{account}:oidc-provider/{host}")
    }

    fn provider_host(arn: &str) -> &str {
        arn.split_once(":oidc-provider/")
            .map_or("", |(_, host)| host)
    }

    pub fn create_open_id_connect_provider(
        &mut self,
        input: OidcProviderInput,
        account: &str,
        now: SimTime,
    ) -> Result<Value, OidcError> {
        let url = input.url.unwrap_or_default();
        let Some(host) = url
            .strip_prefix("https://")
            .map(|h| h.trim_end_matches('/').to_string())
        else {
            return Err(OidcError::InvalidInput(
                "Invalid url: the issuer URL must begin with https://".into(),
            ));
        };
        if host.is_empty() || host.len() > 255 || host.contains(char::is_whitespace) {
            return Err(OidcError::InvalidInput(format!(
                "Invalid url: https://{host}"
            )));
        }
        if input
            .client_id_list
            .iter()
            .any(|c| c.is_empty() || c.len() > 255)
            || input.client_id_list.len() > 100
        {
            return Err(OidcError::InvalidInput("Invalid client ID list".into()));
        }
        if input
            .thumbprint_list
            .iter()
            .any(|t| t.len() != 40 || !t.chars().all(|c| c.is_ascii_hexdigit()))
            || input.thumbprint_list.len() > 5
        {
            return Err(OidcError::Validation(
                "1 validation error detected: a thumbprint is the 40-character hex SHA-1 of the issuer's certificate".into(),
            ));
        }
        if self.oidc_providers.contains_key(&host) {
            return Err(OidcError::ProviderExists(host));
        }
        if self.oidc_providers.len() >= MAX_PROVIDERS {
            return Err(OidcError::LimitExceeded);
        }
        let arn = Self::provider_arn(account, &host);
        self.oidc_providers.insert(
            host.clone(),
            OidcProvider {
                host,
                client_ids: input.client_id_list,
                thumbprints: input.thumbprint_list,
                created_at: now,
            },
        );
        Ok(json!({ "OpenIDConnectProviderArn": arn }))
    }

    pub fn get_open_id_connect_provider(
        &self,
        input: OidcProviderInput,
    ) -> Result<Value, OidcError> {
        let arn = input.open_id_connect_provider_arn.unwrap_or_default();
        let provider = self
            .oidc_providers
            .get(Self::provider_host(&arn))
            .ok_or_else(|| OidcError::NoSuchProvider(arn.clone()))?;
        Ok(json!({
            "Url": provider.host,
            "ClientIDList": provider.client_ids,
            "ThumbprintList": provider.thumbprints,
            "CreateDate": provider.created_at.to_iso8601(),
        }))
    }

    pub fn list_open_id_connect_providers(&self, account: &str) -> Value {
        let list: Vec<Value> = self
            .oidc_providers
            .keys()
            .map(|host| json!({ "Arn": Self::provider_arn(account, host) }))
            .collect();
        json!({ "OpenIDConnectProviderList": list })
    }

    pub fn delete_open_id_connect_provider(
        &mut self,
        input: OidcProviderInput,
    ) -> Result<Value, OidcError> {
        let arn = input.open_id_connect_provider_arn.unwrap_or_default();
        self.oidc_providers
            .remove(Self::provider_host(&arn))
            .map(|_| json!({}))
            .ok_or(OidcError::NoSuchProvider(arn))
    }

    /// STS AssumeRoleWithWebIdentity: the token's issuer must be a provider
    /// of the account, its audience one of the provider's client IDs, and the
    /// role's trust policy must let this provider's token in under its conditions.
    pub fn assume_role_with_web_identity(
        &self,
        input: AssumeRoleWithWebIdentityInput,
        account: &str,
        now: SimTime,
        session_id: &str,
    ) -> Result<Value, OidcError> {
        let name_ok = (2..=64).contains(&input.role_session_name.len())
            && input
                .role_session_name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(c));
        if !name_ok {
            return Err(OidcError::Validation(format!(
                "1 validation error detected: Value '{}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                input.role_session_name
            )));
        }
        let duration = input.duration_seconds.unwrap_or(3600);
        if (3601..=43_200).contains(&duration) {
            // Roles here keep the default MaxSessionDuration of one hour.
            return Err(OidcError::Validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
                    .into(),
            ));
        }
        if !(900..=43_200).contains(&duration) {
            return Err(OidcError::Validation(format!(
                "1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200"
            )));
        }
        let claims = token_claims(&input.web_identity_token).ok_or_else(|| {
            OidcError::InvalidIdentityToken("Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements".into())
        })?;
        let issuer = claims.get("iss").cloned().unwrap_or_default();
        let host = issuer
            .strip_prefix("https://")
            .unwrap_or_default()
            .trim_end_matches('/');
        let Some(provider) = self.oidc_providers.get(host) else {
            return Err(OidcError::InvalidIdentityToken(format!(
                "No OpenIDConnect provider found in your account for {issuer}"
            )));
        };
        let audience = claims.get("aud").cloned().unwrap_or_default();
        if !provider.client_ids.contains(&audience) {
            return Err(OidcError::InvalidIdentityToken(
                "Incorrect token audience".into(),
            ));
        }
        let provider_arn = Self::provider_arn(account, host);
        // Only a role of this account, named by its full ARN.
        let role = input
            .role_arn
            .strip_prefix(&format!("arn:aws:iam::{account}:role/"))
            .and_then(|_| self.role_by_arn(&input.role_arn))
            .filter(|r| r.arn(account) == input.role_arn)
            .filter(|r| r.trusts_web_identity(&provider_arn, host, &claims))
            .ok_or(OidcError::AccessDenied)?;
        let expiration = now.plus(crate::clock::Duration::seconds(duration.unsigned_abs()));
        let key = session_id.to_ascii_uppercase();
        Ok(json!({
            "Credentials": {
                "AccessKeyId": format!("ASIA{}", key.get(..16).unwrap_or(&key)),
                "SecretAccessKey": format!("{session_id}{session_id}").get(..40).unwrap_or_default(),
                "SessionToken": format!("IQoJb3JpZ2luX2VjE{session_id}"),
                "Expiration": expiration.to_iso8601(),
            },
            "SubjectFromWebIdentityToken": claims.get("sub").cloned().unwrap_or_default(),
            "AssumedRoleUser": {
                "AssumedRoleId": format!("{}:{}", role.id, input.role_session_name),
                "Arn": format!("arn:aws:sts::{account}:assumed-role/{}/{}", role.name, input.role_session_name),
            },
            "Provider": provider_arn,
            "Audience": audience,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;

    fn claims(sub: &str) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("iss".to_string(), format!("https://{GITHUB_ISSUER}")),
            ("aud".to_string(), "sts.amazonaws.com".to_string()),
            ("sub".to_string(), sub.to_string()),
        ])
    }

    fn setup() -> World {
        let mut world = World::new(1);
        world
            .iam
            .create_open_id_connect_provider(
                OidcProviderInput {
                    url: Some(format!("https://{GITHUB_ISSUER}")),
                    client_id_list: vec!["sts.amazonaws.com".into()],
                    ..Default::default()
                },
                "123456789012",
                SimTime::ZERO,
            )
            .unwrap();
        let trust = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow",
            "Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
            "Action":"sts:AssumeRoleWithWebIdentity",
            "Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},
                         "StringLike":{"token.actions.githubusercontent.com:sub":"repo:example/app:ref:refs/heads/main"}}}]});
        world
            .apply(
                crate::command::Command::from_api(
                    "iam",
                    "CreateRole",
                    json!({ "RoleName": "deploy", "AssumeRolePolicyDocument": trust.to_string() }),
                )
                .unwrap(),
            )
            .unwrap();
        world
    }

    fn assume(world: &World, sub: &str) -> Result<Value, OidcError> {
        world.iam.assume_role_with_web_identity(
            AssumeRoleWithWebIdentityInput {
                role_arn: "arn:aws:iam::123456789012:role/deploy".into(),
                role_session_name: "gha".into(),
                web_identity_token: github_token(&claims(sub)),
                ..Default::default()
            },
            "123456789012",
            SimTime::ZERO,
            "0123456789abcdef0123456789abcdef",
        )
    }

    #[test]
    fn only_the_main_branch_of_the_repository_gets_in() {
        let world = setup();
        let ok = assume(&world, "repo:example/app:ref:refs/heads/main").unwrap();
        assert_eq!(
            ok["AssumedRoleUser"]["Arn"],
            "arn:aws:sts::123456789012:assumed-role/deploy/gha"
        );
        for sub in [
            "repo:example/app:ref:refs/heads/feature",
            "repo:someone-else/app:ref:refs/heads/main",
            "repo:example/app:pull_request",
        ] {
            assert_eq!(
                assume(&world, sub).unwrap_err().code(),
                "AccessDenied",
                "{sub}"
            );
        }
    }

    #[test]
    fn a_deny_with_a_negated_condition_narrows_an_allow() {
        let mut world = setup();
        let trust = json!({"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
             "Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:example/*"}}},
            {"Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringNotLike":{"token.actions.githubusercontent.com:sub":"repo:example/app:ref:refs/heads/main"}}}]});
        if let Some(role) = world.iam.roles.get_mut("deploy") {
            role.assume_role_policy = trust;
        }
        assert!(assume(&world, "repo:example/app:ref:refs/heads/main").is_ok());
        assert_eq!(
            assume(&world, "repo:example/other:ref:refs/heads/main")
                .unwrap_err()
                .code(),
            "AccessDenied"
        );
        // A claim that is not a condition key cannot be tested.
        let on_owner = json!({"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
             "Action":"sts:AssumeRoleWithWebIdentity",
             "Condition":{"StringEquals":{"token.actions.githubusercontent.com:repository_owner":"example"}}}]});
        if let Some(role) = world.iam.roles.get_mut("deploy") {
            role.assume_role_policy = on_owner;
        }
        assert!(assume(&world, "repo:example/app:ref:refs/heads/main").is_err());
    }

    #[test]
    fn the_issuer_must_be_a_provider_and_the_audience_a_client_id() {
        let mut world = setup();
        let mut wrong_audience = claims("repo:example/app:ref:refs/heads/main");
        wrong_audience.insert("aud".into(), "https://github.com/example".into());
        let result = world.iam.assume_role_with_web_identity(
            AssumeRoleWithWebIdentityInput {
                role_arn: "arn:aws:iam::123456789012:role/deploy".into(),
                role_session_name: "gha".into(),
                web_identity_token: github_token(&wrong_audience),
                ..Default::default()
            },
            "123456789012",
            SimTime::ZERO,
            "0123456789abcdef0123456789abcdef",
        );
        assert_eq!(result.unwrap_err().code(), "InvalidIdentityToken");
        world.iam.oidc_providers.clear();
        assert_eq!(
            assume(&world, "repo:example/app:ref:refs/heads/main")
                .unwrap_err()
                .code(),
            "InvalidIdentityToken"
        );
        let garbage = world.iam.assume_role_with_web_identity(
            AssumeRoleWithWebIdentityInput {
                role_arn: "x".into(),
                role_session_name: "gha".into(),
                web_identity_token: "not.a-token".into(),
                ..Default::default()
            },
            "123456789012",
            SimTime::ZERO,
            "0",
        );
        assert_eq!(garbage.unwrap_err().code(), "InvalidIdentityToken");
    }
}

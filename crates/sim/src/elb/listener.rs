//! Listeners and their rules: a port and protocol on a load balancer, a
//! default action, and (Application Load Balancers) prioritised rules whose
//! conditions pick another action. Forward actions spread requests over up
//! to five weighted target groups — the weights are what blue/green and
//! canary deployments shift.

use super::load_balancer::{LbType, LoadBalancer};
use super::target_group::{TargetProtocol, PROTOCOL_ENUM};
use super::{arn, in_range, limits, port, ElbCtx, ElbError, Elbv2};
use crate::tags::Tag;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// A forward action's largest weight per target group (0–999).
pub const MAX_WEIGHT: u32 = 999;

/// The security policy AWS gives HTTPS and TLS listeners created without one.
pub const DEFAULT_SSL_POLICY: &str = "ELBSecurityPolicy-2016-08";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Certificate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupTuple {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StickinessConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ForwardConfig {
    #[serde(default)]
    pub target_groups: Vec<TargetGroupTuple>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_stickiness_config: Option<StickinessConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RedirectConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    pub status_code: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct FixedResponseConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_body: Option<String>,
    pub status_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// An `Action`, as the API takes it and (normalised) returns it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Action {
    #[serde(rename = "Type")]
    pub action_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_oidc_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticate_cognito_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_config: Option<RedirectConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_response_config: Option<FixedResponseConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forward_config: Option<ForwardConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_validation_config: Option<Value>,
}

impl Action {
    /// Every target group the action forwards to.
    pub fn target_group_arns(&self) -> Vec<&str> {
        if self.action_type != "forward" {
            return Vec::new();
        }
        let mut out: Vec<&str> = Vec::new();
        let tuples = self
            .forward_config
            .iter()
            .flat_map(|f| f.target_groups.iter())
            .filter_map(|t| t.target_group_arn.as_deref());
        for arn in self.target_group_arn.as_deref().into_iter().chain(tuples) {
            if !out.contains(&arn) {
                out.push(arn);
            }
        }
        out
    }

    fn is_terminal(&self) -> bool {
        matches!(
            self.action_type.as_str(),
            "forward" | "redirect" | "fixed-response"
        )
    }
}

/// `HostHeaderConfig` / `PathPatternConfig`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValuesConfig {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

/// A `RuleCondition`. Only host and path conditions take part in routing;
/// the others are stored and shown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_header_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_pattern_config: Option<ValuesConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_header_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_string_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_request_method_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ip_config: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex_values: Option<Vec<String>>,
}

impl RuleCondition {
    fn matches(&self, path: &str, host: &str) -> bool {
        match self.field.as_deref() {
            Some("path-pattern") => self
                .path_pattern_config
                .iter()
                .flat_map(|c| c.values.iter())
                .any(|p| wildcard_match(p.as_bytes(), path.as_bytes())),
            Some("host-header") => {
                // Host names compare without case and without the port.
                let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
                self.host_header_config
                    .iter()
                    .flat_map(|c| c.values.iter())
                    .any(|p| wildcard_match(p.to_ascii_lowercase().as_bytes(), host.as_bytes()))
            }
            _ => false,
        }
    }

    fn value_count(&self) -> usize {
        let config_values = |c: &Option<Value>| {
            c.as_ref()
                .and_then(|v| v.get("Values"))
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        };
        self.host_header_config
            .as_ref()
            .map_or(0, |c| c.values.len())
            + self
                .path_pattern_config
                .as_ref()
                .map_or(0, |c| c.values.len())
            + config_values(&self.http_header_config)
            + config_values(&self.query_string_config)
            + config_values(&self.http_request_method_config)
            + config_values(&self.source_ip_config)
    }
}

/// `*` matches any run of characters, `?` exactly one (ALB path and host patterns).
fn wildcard_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || text.get(t) == Some(&c) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    pub arn: String,
    pub load_balancer_arn: String,
    pub port: u16,
    pub protocol: String,
    pub default_actions: Vec<Action>,
    pub ssl_policy: Option<String>,
    pub certificates: Vec<Certificate>,
    pub alpn_policy: Vec<String>,
    /// The default rule's ARN (DescribeRules lists it last, priority `default`).
    pub default_rule_arn: String,
    pub tags: Vec<Tag>,
}

impl Listener {
    /// The `Listener` shape of DescribeListeners.
    pub fn shape(&self) -> Value {
        let mut shape = json!({
            "ListenerArn": self.arn,
            "LoadBalancerArn": self.load_balancer_arn,
            "Port": self.port,
            "Protocol": self.protocol,
        });
        if let Value::Object(map) = &mut shape {
            if !self.certificates.is_empty() {
                map.insert("Certificates".into(), json!(self.certificates));
            }
            if let Some(policy) = &self.ssl_policy {
                map.insert("SslPolicy".into(), json!(policy));
            }
            map.insert("DefaultActions".into(), json!(self.default_actions));
            if !self.alpn_policy.is_empty() {
                map.insert("AlpnPolicy".into(), json!(self.alpn_policy));
            }
        }
        shape
    }

    fn default_rule_shape(&self) -> Value {
        json!({
            "RuleArn": self.default_rule_arn,
            "Priority": "default",
            "Conditions": [],
            "Actions": self.default_actions,
            "IsDefault": true,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub arn: String,
    pub listener_arn: String,
    pub priority: u32,
    pub conditions: Vec<RuleCondition>,
    pub actions: Vec<Action>,
    pub tags: Vec<Tag>,
}

impl Rule {
    /// Whether every condition matches the request.
    pub fn matches(&self, path: &str, host: &str) -> bool {
        !self.conditions.is_empty() && self.conditions.iter().all(|c| c.matches(path, host))
    }

    /// The `Rule` shape of DescribeRules.
    pub fn shape(&self) -> Value {
        json!({
            "RuleArn": self.arn,
            "Priority": self.priority.to_string(),
            "Conditions": self.conditions,
            "Actions": self.actions,
            "IsDefault": false,
        })
    }
}

/// What a listener does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteAction {
    /// To these target groups, with these weights.
    Forward(Vec<(String, u32)>),
    Redirect(RedirectConfig),
    FixedResponse(FixedResponseConfig),
}

/// The action that ends a request: the last of forward, redirect or
/// fixed-response by `Order` (authenticate actions come before it).
pub(crate) fn route_action(actions: &[Action]) -> Option<RouteAction> {
    let action = actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.is_terminal())
        .max_by_key(|(i, a)| (a.order.unwrap_or(*i as i64 + 1), *i))
        .map(|(_, a)| a)?;
    match action.action_type.as_str() {
        "forward" => {
            let groups = match &action.forward_config {
                Some(config) => config
                    .target_groups
                    .iter()
                    .filter_map(|t| {
                        // Capped at ELB's limit: a hand-edited save can hold any
                        // number, and every reader adds these up.
                        let weight = t.weight.unwrap_or(1).clamp(0, i64::from(MAX_WEIGHT));
                        let weight = u32::try_from(weight).unwrap_or(0);
                        t.target_group_arn.clone().map(|arn| (arn, weight))
                    })
                    .collect(),
                None => action
                    .target_group_arn
                    .iter()
                    .map(|arn| (arn.clone(), 1))
                    .collect(),
            };
            Some(RouteAction::Forward(groups))
        }
        "redirect" => action.redirect_config.clone().map(RouteAction::Redirect),
        "fixed-response" => action
            .fixed_response_config
            .clone()
            .map(RouteAction::FixedResponse),
        _ => None,
    }
}

// ── Inputs ──────────────────────────────────────────────────────────────────

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateListenerInput {
    pub load_balancer_arn: String,
    pub protocol: Option<String>,
    pub port: Option<i64>,
    pub ssl_policy: Option<String>,
    #[serde(default)]
    pub certificates: Vec<Certificate>,
    #[serde(default)]
    pub default_actions: Vec<Action>,
    #[serde(default)]
    pub alpn_policy: Vec<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub mutual_authentication: Option<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeListenersInput {
    pub load_balancer_arn: Option<String>,
    #[serde(default)]
    pub listener_arns: Vec<String>,
    pub marker: Option<String>,
    pub page_size: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyListenerInput {
    pub listener_arn: String,
    pub port: Option<i64>,
    pub protocol: Option<String>,
    pub ssl_policy: Option<String>,
    pub certificates: Option<Vec<Certificate>>,
    pub default_actions: Option<Vec<Action>>,
    pub alpn_policy: Option<Vec<String>>,
    pub mutual_authentication: Option<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteListenerInput {
    pub listener_arn: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateRuleInput {
    pub listener_arn: String,
    #[serde(default)]
    pub conditions: Vec<RuleCondition>,
    pub priority: i64,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub transforms: Option<Value>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRulesInput {
    pub listener_arn: Option<String>,
    #[serde(default)]
    pub rule_arns: Vec<String>,
    pub marker: Option<String>,
    pub page_size: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyRuleInput {
    pub rule_arn: String,
    pub conditions: Option<Vec<RuleCondition>>,
    pub actions: Option<Vec<Action>>,
    pub transforms: Option<Value>,
    pub reset_transforms: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteRuleInput {
    pub rule_arn: String,
}

// ── Validation ─────────────────────────────────────────────────────────────

/// A listener protocol checked against the load balancer's type.
fn listener_protocol(lb_type: LbType, text: &str) -> Result<String, ElbError> {
    let known = PROTOCOL_ENUM.split(", ").any(|p| p == text);
    if !known {
        return Err(ElbError::EnumValue {
            value: text.to_string(),
            field: "protocol".into(),
            allowed: PROTOCOL_ENUM,
        });
    }
    let (allowed, list): (&[&str], &'static str) = match lb_type {
        LbType::Application => (&["HTTP", "HTTPS"], "HTTPS, HTTP"),
        LbType::Network => (&["TCP", "TLS", "UDP", "TCP_UDP"], "TCP, TLS, UDP, TCP_UDP"),
    };
    if !allowed.contains(&text) {
        return Err(ElbError::ListenerProtocol {
            protocol: text.to_string(),
            allowed: list,
        });
    }
    Ok(text.to_string())
}

/// Whether a listener may forward to a target group of `protocol`.
fn protocols_compatible(lb_type: LbType, listener: &str, protocol: TargetProtocol) -> bool {
    use TargetProtocol::*;
    match lb_type {
        LbType::Application => protocol.is_application(),
        LbType::Network => matches!(
            (listener, protocol),
            ("TCP", Tcp) | ("TLS", Tcp | Tls) | ("UDP", Udp) | ("TCP_UDP", TcpUdp)
        ),
    }
}

/// TLS settings of a listener: HTTPS and TLS need one certificate and get a
/// default security policy; the others take neither.
fn tls_settings(
    protocol: &str,
    ssl_policy: Option<String>,
    certificates: Vec<Certificate>,
) -> Result<(Option<String>, Vec<Certificate>), ElbError> {
    let secure = protocol == "HTTPS" || protocol == "TLS";
    if !secure {
        if ssl_policy.is_some() {
            return Err(ElbError::SslPolicyNotAllowed(protocol.to_string()));
        }
        if !certificates.is_empty() {
            return Err(ElbError::CertificateNotAllowed(protocol.to_string()));
        }
        return Ok((None, Vec::new()));
    }
    if certificates.len() != 1 || certificates.iter().any(|c| c.certificate_arn.is_none()) {
        let name = if protocol == "TLS" { "TLS" } else { "HTTPS" };
        return Err(ElbError::CertificateRequired(name));
    }
    Ok((
        Some(ssl_policy.unwrap_or_else(|| DEFAULT_SSL_POLICY.to_string())),
        certificates,
    ))
}

/// Checks and normalises one rule's conditions.
fn check_conditions(conditions: Vec<RuleCondition>) -> Result<Vec<RuleCondition>, ElbError> {
    if conditions.is_empty() {
        return Err(ElbError::ConditionRequired);
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for mut c in conditions {
        let field = c.field.clone().unwrap_or_default();
        let config_name: &'static str = match field.as_str() {
            "path-pattern" => "PathPatternConfig",
            "host-header" => "HostHeaderConfig",
            "http-header" => "HttpHeaderConfig",
            "http-request-method" => "HttpRequestMethodConfig",
            "query-string" => "QueryStringConfig",
            "source-ip" => "SourceIpConfig",
            _ => return Err(ElbError::ConditionField(field)),
        };
        // One each of these per rule; http-header and query-string may repeat.
        let single = matches!(
            field.as_str(),
            "path-pattern" | "host-header" | "http-request-method" | "source-ip"
        );
        if single && !seen.insert(field.clone()) {
            return Err(ElbError::ConditionRepeated(field));
        }
        if c.regex_values.is_some() {
            return Err(ElbError::Unsupported(
                "Regular expression conditions".into(),
            ));
        }
        match field.as_str() {
            "path-pattern" | "host-header" => {
                let config = if field == "path-pattern" {
                    &mut c.path_pattern_config
                } else {
                    &mut c.host_header_config
                };
                if config
                    .as_ref()
                    .is_some_and(|cfg| cfg.regex_values.is_some())
                {
                    return Err(ElbError::Unsupported(
                        "Regular expression conditions".into(),
                    ));
                }
                let values = match (&c.values, config.as_ref()) {
                    (Some(_), Some(_)) => {
                        return Err(ElbError::ConditionValuesAndConfig {
                            config: config_name,
                            field,
                        })
                    }
                    (Some(values), None) => {
                        if values.len() > 1 {
                            return Err(ElbError::ConditionTooManyValues(field));
                        }
                        values.clone()
                    }
                    (None, Some(cfg)) => cfg.values.clone(),
                    (None, None) => Vec::new(),
                };
                if values.is_empty() {
                    return Err(ElbError::ConditionValueRequired);
                }
                if values.iter().any(|v| v.chars().count() > 128) {
                    return Err(ElbError::ConditionValueTooLong(field));
                }
                *config = Some(ValuesConfig {
                    values,
                    regex_values: None,
                });
            }
            _ => {
                if c.values.is_some() {
                    return Err(ElbError::ConditionConfigMismatch(field));
                }
                let present = match field.as_str() {
                    "http-header" => c.http_header_config.is_some(),
                    "http-request-method" => c.http_request_method_config.is_some(),
                    "query-string" => c.query_string_config.is_some(),
                    _ => c.source_ip_config.is_some(),
                };
                if !present {
                    return Err(ElbError::ConditionConfigRequired {
                        config: config_name,
                        field,
                    });
                }
            }
        }
        out.push(c);
    }
    let total: usize = out.iter().map(RuleCondition::value_count).sum();
    if total > limits::CONDITION_VALUES_PER_RULE {
        return Err(ElbError::TooManyConditionValues);
    }
    Ok(out)
}

impl Elbv2 {
    /// Checks a listener's or rule's actions against the load balancer and
    /// listener protocol, and fills in what AWS fills in (the forward config
    /// of a plain target group ARN, weight 1, redirect placeholders).
    fn check_actions(
        &self,
        actions: Vec<Action>,
        field: &str,
        lb: &LoadBalancer,
        listener_protocol: &str,
    ) -> Result<Vec<Action>, ElbError> {
        if actions.is_empty() {
            return Err(ElbError::ActionRequired);
        }
        if actions.len() > limits::ACTIONS_PER_RULE {
            return Err(ElbError::TooManyActions);
        }
        let users = self.target_group_users();
        let mut out = Vec::new();
        for (i, mut action) in actions.into_iter().enumerate() {
            let member = format!("{field}.{}.member", i + 1);
            let kind: &'static str = match action.action_type.as_str() {
                "forward" => "forward",
                "redirect" => "redirect",
                "fixed-response" => "fixed-response",
                "authenticate-oidc" => "authenticate-oidc",
                "authenticate-cognito" => "authenticate-cognito",
                "jwt-validation" => "jwt-validation",
                other => {
                    return Err(ElbError::EnumValue {
                        value: other.to_string(),
                        field: format!("{member}.type"),
                        allowed: "forward, authenticate-oidc, authenticate-cognito, redirect, fixed-response, jwt-validation",
                    })
                }
            };
            if let Some(order) = action.order {
                in_range(order, "order", 1, 50000)?;
            }
            if kind != "forward" && lb.lb_type == LbType::Network {
                return Err(ElbError::ActionNeedsApplicationLoadBalancer(kind));
            }
            match kind {
                "forward" => self.check_forward(&mut action, lb, listener_protocol, &users)?,
                "redirect" => {
                    let config =
                        action
                            .redirect_config
                            .as_mut()
                            .ok_or(ElbError::ActionConfigRequired {
                                config: "RedirectConfig",
                                action: "redirect",
                            })?;
                    if config.status_code != "HTTP_301" && config.status_code != "HTTP_302" {
                        return Err(ElbError::EnumValue {
                            value: config.status_code.clone(),
                            field: format!("{member}.redirectConfig.statusCode"),
                            allowed: "HTTP_301, HTTP_302",
                        });
                    }
                    // Unset parts keep the request's own (AWS's placeholders).
                    config.protocol.get_or_insert_with(|| "#{protocol}".into());
                    config.port.get_or_insert_with(|| "#{port}".into());
                    config.host.get_or_insert_with(|| "#{host}".into());
                    config.path.get_or_insert_with(|| "/#{path}".into());
                    config.query.get_or_insert_with(|| "#{query}".into());
                }
                "fixed-response" => {
                    let config = action.fixed_response_config.as_ref().ok_or(
                        ElbError::ActionConfigRequired {
                            config: "FixedResponseConfig",
                            action: "fixed-response",
                        },
                    )?;
                    let code = config.status_code.as_bytes();
                    let valid = code.len() == 3
                        && matches!(code.first(), Some(b'2' | b'4' | b'5'))
                        && code.iter().all(u8::is_ascii_digit);
                    if !valid {
                        return Err(ElbError::FixedResponseStatus {
                            code: config.status_code.clone(),
                            field: member,
                        });
                    }
                    let types = [
                        "text/plain",
                        "text/css",
                        "text/html",
                        "application/javascript",
                        "application/json",
                    ];
                    if config
                        .content_type
                        .as_deref()
                        .is_some_and(|t| !types.contains(&t))
                    {
                        return Err(ElbError::FixedResponseContentType);
                    }
                }
                _ => {
                    if listener_protocol != "HTTPS" {
                        return Err(ElbError::AuthenticateNeedsHttps);
                    }
                    let (present, config) = match kind {
                        "authenticate-oidc" => (
                            action.authenticate_oidc_config.is_some(),
                            "AuthenticateOidcConfig",
                        ),
                        "authenticate-cognito" => (
                            action.authenticate_cognito_config.is_some(),
                            "AuthenticateCognitoConfig",
                        ),
                        _ => (
                            action.jwt_validation_config.is_some(),
                            "JwtValidationConfig",
                        ),
                    };
                    if !present {
                        return Err(ElbError::ActionConfigRequired {
                            config,
                            action: kind,
                        });
                    }
                }
            }
            out.push(action);
        }
        // Exactly one forward/redirect/fixed-response, and it comes last.
        let terminal: Vec<usize> = out
            .iter()
            .enumerate()
            .filter(|(_, a)| a.is_terminal())
            .map(|(i, _)| i)
            .collect();
        let order_of = |i: usize| out.get(i).and_then(|a| a.order).unwrap_or(i as i64 + 1);
        let last = (0..out.len()).max_by_key(|&i| (order_of(i), i));
        if terminal.len() != 1 || terminal.first().copied() != last {
            return Err(ElbError::TerminalAction);
        }
        Ok(out)
    }

    fn check_forward(
        &self,
        action: &mut Action,
        lb: &LoadBalancer,
        listener_protocol: &str,
        users: &std::collections::BTreeMap<String, BTreeSet<String>>,
    ) -> Result<(), ElbError> {
        let tuples: Vec<TargetGroupTuple> = match (&action.target_group_arn, &action.forward_config)
        {
            (None, None) => return Err(ElbError::ForwardTargetRequired),
            (Some(arn), None) => vec![TargetGroupTuple {
                target_group_arn: Some(arn.clone()),
                weight: Some(1),
            }],
            (arn, Some(config)) => {
                if config.target_groups.is_empty() {
                    return Err(ElbError::ForwardTargetRequired);
                }
                if let Some(arn) = arn {
                    let single = config.target_groups.len() == 1
                        && config
                            .target_groups
                            .first()
                            .and_then(|t| t.target_group_arn.as_ref())
                            == Some(arn);
                    if !single {
                        return Err(ElbError::ForwardArnMismatch);
                    }
                }
                config.target_groups.clone()
            }
        };
        if tuples.len() > limits::TARGET_GROUPS_PER_ACTION {
            return Err(ElbError::TooManyForwardTargetGroups);
        }
        let mut seen = BTreeSet::new();
        let mut normalised = Vec::new();
        for tuple in tuples {
            let arn = tuple
                .target_group_arn
                .clone()
                .ok_or(ElbError::ForwardTargetRequired)?;
            let weight = tuple.weight.unwrap_or(1);
            if !(0..=i64::from(MAX_WEIGHT)).contains(&weight) {
                return Err(ElbError::WeightRange);
            }
            if !seen.insert(arn.clone()) {
                return Err(ElbError::ForwardDuplicateTargetGroup(arn));
            }
            let group = self.target_group(&arn)?;
            if !protocols_compatible(lb.lb_type, listener_protocol, group.protocol) {
                return Err(ElbError::IncompatibleProtocols {
                    target_group: arn,
                    protocol: group.protocol.as_str(),
                    listener: listener_protocol.to_string(),
                    lb_type: lb.lb_type.as_str(),
                });
            }
            if group.vpc_id != lb.vpc_id {
                return Err(ElbError::TargetGroupInOtherVpc {
                    target_group: arn,
                    vpc: lb.vpc_id.clone(),
                });
            }
            // A target group can belong to one load balancer only.
            if users
                .get(&arn)
                .is_some_and(|lbs| lbs.iter().any(|other| other != &lb.arn))
            {
                return Err(ElbError::TargetGroupAssociationLimit(arn));
            }
            normalised.push(TargetGroupTuple {
                target_group_arn: Some(arn),
                weight: Some(weight),
            });
        }
        if normalised.len() == 1 {
            action.target_group_arn = normalised.first().and_then(|t| t.target_group_arn.clone());
        }
        let stickiness = action
            .forward_config
            .as_ref()
            .and_then(|c| c.target_group_stickiness_config.clone())
            .unwrap_or(StickinessConfig {
                enabled: Some(false),
                duration_seconds: None,
            });
        if let Some(d) = stickiness.duration_seconds {
            in_range(d, "durationSeconds", 1, 604_800)?;
        }
        action.forward_config = Some(ForwardConfig {
            target_groups: normalised,
            target_group_stickiness_config: Some(stickiness),
        });
        Ok(())
    }

    pub fn create_listener(
        &mut self,
        ctx: &mut ElbCtx,
        input: CreateListenerInput,
    ) -> Result<Value, ElbError> {
        let lb = self.load_balancer(&input.load_balancer_arn)?;
        let listener_port = port(
            input
                .port
                .ok_or(ElbError::ListenerParameterRequired("port"))?,
            "port",
        )?;
        let protocol = listener_protocol(
            lb.lb_type,
            input
                .protocol
                .as_deref()
                .ok_or(ElbError::ListenerParameterRequired("protocol"))?,
        )?;
        if input.mutual_authentication.is_some() {
            return Err(ElbError::Unsupported("Mutual authentication".into()));
        }
        let (ssl_policy, certificates) =
            tls_settings(&protocol, input.ssl_policy, input.certificates)?;
        let on_lb: Vec<&Listener> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb.arn)
            .collect();
        if on_lb.iter().any(|l| l.port == listener_port) {
            return Err(ElbError::DuplicateListener(lb.arn.clone()));
        }
        if on_lb.len() >= limits::LISTENERS_PER_LOAD_BALANCER {
            return Err(ElbError::TooManyListeners);
        }
        let actions = self.check_actions(input.default_actions, "defaultActions", lb, &protocol)?;
        let alpn_policy = if protocol == "TLS" {
            input.alpn_policy
        } else {
            Vec::new()
        };
        let base = format!("{}/{}/{}", lb.lb_type.arn_kind(), lb.name, lb.id);
        let listener_id = ctx.env.rng.hex(16);
        let listener_arn = arn(ctx, &format!("listener/{base}/{listener_id}"));
        let rule_id = ctx.env.rng.hex(16);
        let default_rule_arn = arn(
            ctx,
            &format!("listener-rule/{base}/{listener_id}/{rule_id}"),
        );
        let listener = Listener {
            arn: listener_arn.clone(),
            load_balancer_arn: lb.arn.clone(),
            port: listener_port,
            protocol,
            default_actions: actions,
            ssl_policy,
            certificates,
            alpn_policy,
            default_rule_arn,
            tags: input.tags,
        };
        let shape = listener.shape();
        self.listeners.insert(listener_arn, listener);
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({ "Listeners": [shape] }))
    }

    pub fn describe_listeners(&self, input: DescribeListenersInput) -> Result<Value, ElbError> {
        let chosen: Vec<&Listener> =
            match (&input.load_balancer_arn, input.listener_arns.is_empty()) {
                (None, true) => return Err(ElbError::ListenerSelectorRequired),
                (Some(_), false) => return Err(ElbError::ListenerSelectors),
                (Some(lb), true) => {
                    self.load_balancer(lb)?;
                    let mut on_lb: Vec<&Listener> = self
                        .listeners
                        .values()
                        .filter(|l| &l.load_balancer_arn == lb)
                        .collect();
                    on_lb.sort_by_key(|l| l.port);
                    on_lb
                }
                (None, false) => input
                    .listener_arns
                    .iter()
                    .map(|arn| self.listener(arn))
                    .collect::<Result<_, _>>()?,
            };
        if let Some(size) = input.page_size {
            in_range(size, "pageSize", 1, 400)?;
        }
        Ok(json!({ "Listeners": chosen.iter().map(|l| l.shape()).collect::<Vec<_>>() }))
    }

    /// Replaces the given properties; this is how weights are shifted
    /// between target groups (a new `DefaultActions` list).
    pub fn modify_listener(
        &mut self,
        ctx: &mut ElbCtx,
        input: ModifyListenerInput,
    ) -> Result<Value, ElbError> {
        let listener = self.listener(&input.listener_arn)?;
        let lb = self.load_balancer(&listener.load_balancer_arn)?;
        let new_port = match input.port {
            Some(p) => port(p, "port")?,
            None => listener.port,
        };
        if new_port != listener.port
            && self
                .listeners
                .values()
                .any(|l| l.load_balancer_arn == lb.arn && l.port == new_port)
        {
            return Err(ElbError::DuplicateListener(lb.arn.clone()));
        }
        let protocol = match &input.protocol {
            Some(p) => listener_protocol(lb.lb_type, p)?,
            None => listener.protocol.clone(),
        };
        if input.mutual_authentication.is_some() {
            return Err(ElbError::Unsupported("Mutual authentication".into()));
        }
        let secure = protocol == "HTTPS" || protocol == "TLS";
        // Unchanged TLS settings carry over; moving to HTTP/TCP drops them.
        let certificates = input.certificates.unwrap_or_else(|| {
            if secure {
                listener.certificates.clone()
            } else {
                Vec::new()
            }
        });
        let ssl_policy = input
            .ssl_policy
            .or_else(|| secure.then(|| listener.ssl_policy.clone()).flatten());
        let (ssl_policy, certificates) = tls_settings(&protocol, ssl_policy, certificates)?;
        let actions = input
            .default_actions
            .unwrap_or_else(|| listener.default_actions.clone());
        let actions = self.check_actions(actions, "defaultActions", lb, &protocol)?;
        let alpn_policy = match input.alpn_policy {
            Some(policy) if protocol == "TLS" => policy,
            _ if protocol == "TLS" => listener.alpn_policy.clone(),
            _ => Vec::new(),
        };
        let arn = listener.arn.clone();
        let Some(listener) = self.listeners.get_mut(&arn) else {
            return Err(ElbError::ListenerNotFound);
        };
        listener.port = new_port;
        listener.protocol = protocol;
        listener.ssl_policy = ssl_policy;
        listener.certificates = certificates;
        listener.default_actions = actions;
        listener.alpn_policy = alpn_policy;
        let shape = listener.shape();
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({ "Listeners": [shape] }))
    }

    pub fn delete_listener(
        &mut self,
        ctx: &mut ElbCtx,
        input: DeleteListenerInput,
    ) -> Result<Value, ElbError> {
        let arn = self.listener(&input.listener_arn)?.arn.clone();
        self.rules.retain(|_, r| r.listener_arn != arn);
        self.listeners.remove(&arn);
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({}))
    }

    pub fn create_rule(
        &mut self,
        ctx: &mut ElbCtx,
        input: CreateRuleInput,
    ) -> Result<Value, ElbError> {
        let listener = self.listener(&input.listener_arn)?;
        let lb = self.load_balancer(&listener.load_balancer_arn)?;
        if lb.lb_type != LbType::Application {
            return Err(ElbError::RulesNeedApplicationLoadBalancer);
        }
        let priority = in_range(input.priority, "priority", 1, 50000)?;
        let priority = u32::try_from(priority).unwrap_or(u32::MAX);
        if input.transforms.is_some() {
            return Err(ElbError::Unsupported("Rule transforms".into()));
        }
        let conditions = check_conditions(input.conditions)?;
        if self
            .rules
            .values()
            .any(|r| r.listener_arn == listener.arn && r.priority == priority)
        {
            return Err(ElbError::PriorityInUse(i64::from(priority)));
        }
        let listeners_of_lb: BTreeSet<&String> = self
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb.arn)
            .map(|l| &l.arn)
            .collect();
        let rules_on_lb = self
            .rules
            .values()
            .filter(|r| listeners_of_lb.contains(&r.listener_arn))
            .count();
        if rules_on_lb >= limits::RULES_PER_LOAD_BALANCER {
            return Err(ElbError::TooManyRules);
        }
        let actions = self.check_actions(input.actions, "actions", lb, &listener.protocol)?;
        let listener_id = listener.arn.rsplit('/').next().unwrap_or_default();
        let rule_id = ctx.env.rng.hex(16);
        let rule_arn = arn(
            ctx,
            &format!(
                "listener-rule/{}/{}/{}/{listener_id}/{rule_id}",
                lb.lb_type.arn_kind(),
                lb.name,
                lb.id,
            ),
        );
        let rule = Rule {
            arn: rule_arn.clone(),
            listener_arn: listener.arn.clone(),
            priority,
            conditions,
            actions,
            tags: input.tags,
        };
        let shape = rule.shape();
        self.rules.insert(rule_arn, rule);
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({ "Rules": [shape] }))
    }

    pub fn describe_rules(&self, input: DescribeRulesInput) -> Result<Value, ElbError> {
        let shapes: Vec<Value> = match (&input.listener_arn, input.rule_arns.is_empty()) {
            (None, true) => return Err(ElbError::RuleSelectorRequired),
            (Some(_), false) => return Err(ElbError::RuleSelectors),
            (Some(arn), true) => {
                let listener = self.listener(arn)?;
                let mut rules: Vec<&Rule> = self
                    .rules
                    .values()
                    .filter(|r| &r.listener_arn == arn)
                    .collect();
                rules.sort_by_key(|r| r.priority);
                rules
                    .into_iter()
                    .map(Rule::shape)
                    .chain(std::iter::once(listener.default_rule_shape()))
                    .collect()
            }
            (None, false) => input
                .rule_arns
                .iter()
                .map(|arn| match self.rules.get(arn) {
                    Some(rule) => Ok(rule.shape()),
                    None => self
                        .listeners
                        .values()
                        .find(|l| &l.default_rule_arn == arn)
                        .map(Listener::default_rule_shape)
                        .ok_or(ElbError::RuleNotFound),
                })
                .collect::<Result<_, _>>()?,
        };
        if let Some(size) = input.page_size {
            in_range(size, "pageSize", 1, 400)?;
        }
        Ok(json!({ "Rules": shapes }))
    }

    pub fn modify_rule(
        &mut self,
        ctx: &mut ElbCtx,
        input: ModifyRuleInput,
    ) -> Result<Value, ElbError> {
        let Some(rule) = self.rules.get(&input.rule_arn) else {
            if self
                .listeners
                .values()
                .any(|l| l.default_rule_arn == input.rule_arn)
            {
                return Err(ElbError::DefaultRule(input.rule_arn, "modified"));
            }
            return Err(ElbError::RuleNotFound);
        };
        if input.transforms.is_some() {
            return Err(ElbError::Unsupported("Rule transforms".into()));
        }
        if input.conditions.is_none() && input.actions.is_none() && input.reset_transforms.is_none()
        {
            return Err(ElbError::NothingToModify);
        }
        let listener = self.listener(&rule.listener_arn)?;
        let lb = self.load_balancer(&listener.load_balancer_arn)?;
        let conditions = input.conditions.map(check_conditions).transpose()?;
        let actions = input
            .actions
            .map(|a| self.check_actions(a, "actions", lb, &listener.protocol))
            .transpose()?;
        let Some(rule) = self.rules.get_mut(&input.rule_arn) else {
            return Err(ElbError::RuleNotFound);
        };
        if let Some(conditions) = conditions {
            rule.conditions = conditions;
        }
        if let Some(actions) = actions {
            rule.actions = actions;
        }
        let shape = rule.shape();
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({ "Rules": [shape] }))
    }

    pub fn delete_rule(
        &mut self,
        ctx: &mut ElbCtx,
        input: DeleteRuleInput,
    ) -> Result<Value, ElbError> {
        if self.rules.remove(&input.rule_arn).is_none() {
            if self
                .listeners
                .values()
                .any(|l| l.default_rule_arn == input.rule_arn)
            {
                return Err(ElbError::DefaultRule(input.rule_arn, "deleted"));
            }
            return Err(ElbError::RuleNotFound);
        }
        self.refresh_target_usage(ctx.env.now);
        Ok(json!({}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_alb_patterns() {
        let m = |p: &str, t: &str| wildcard_match(p.as_bytes(), t.as_bytes());
        assert!(m("/api/*", "/api/users"));
        assert!(m("/api/*", "/api/"));
        assert!(!m("/api/*", "/api"));
        assert!(m("/img/?.png", "/img/a.png"));
        assert!(!m("/img/?.png", "/img/ab.png"));
        assert!(m("*", ""));
        assert!(m("*.example.com", "www.example.com"));
        assert!(!m("*.example.com", "example.org"));
        assert!(m("/a*b*c", "/aXXbYYc"));
        assert!(!m("/a*b*c", "/aXXbYY"));
        assert!(!m("/API/*", "/api/x"));
    }

    #[test]
    fn terminal_action_is_the_last_by_order() {
        let forward = Action {
            action_type: "forward".into(),
            target_group_arn: Some("tg".into()),
            ..Action::default()
        };
        assert_eq!(
            route_action(std::slice::from_ref(&forward)),
            Some(RouteAction::Forward(vec![("tg".into(), 1)]))
        );
        let fixed = Action {
            action_type: "fixed-response".into(),
            fixed_response_config: Some(FixedResponseConfig {
                message_body: None,
                status_code: "404".into(),
                content_type: None,
            }),
            ..Action::default()
        };
        assert!(matches!(
            route_action(&[fixed]),
            Some(RouteAction::FixedResponse(c)) if c.status_code == "404"
        ));
        assert_eq!(route_action(&[]), None);
    }
}

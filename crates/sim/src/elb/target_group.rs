//! Target groups: where a listener sends traffic. Health check settings with
//! AWS's per-protocol defaults and ranges, attributes (deregistration delay,
//! slow start, algorithm, stickiness), registered targets, and the target
//! health state machine that DescribeTargetHealth reports.
//!
//! Health state (ALB User Guide, "Health checks for your target groups"):
//! a new target is `initial` until its first passing check makes it
//! `healthy` (one pass is enough); a healthy target turns `unhealthy` at the
//! `UnhealthyThresholdCount`-th consecutive failure and back at the
//! `HealthyThresholdCount`-th consecutive pass. Targets of a group no active
//! load balancer forwards to are `unused`; deregistered ones are `draining`
//! for the deregistration delay, then gone.

use super::{in_range, limits, port, ElbCtx, ElbError, Elbv2};
use crate::clock::{Duration, SimTime};
use crate::ec2::cidr::Cidr;
use crate::ec2::InterfaceOwner;
use crate::tags::Tag;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::net::Ipv4Addr;

/// A target group's (and a health check's) protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetProtocol {
    #[serde(rename = "HTTP")]
    Http,
    #[serde(rename = "HTTPS")]
    Https,
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "TLS")]
    Tls,
    #[serde(rename = "UDP")]
    Udp,
    #[serde(rename = "TCP_UDP")]
    TcpUdp,
}

/// botocore's `ProtocolEnum`, for the enum error message.
pub(crate) const PROTOCOL_ENUM: &str =
    "HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP, GENEVE, QUIC, TCP_QUIC";

impl TargetProtocol {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetProtocol::Http => "HTTP",
            TargetProtocol::Https => "HTTPS",
            TargetProtocol::Tcp => "TCP",
            TargetProtocol::Tls => "TLS",
            TargetProtocol::Udp => "UDP",
            TargetProtocol::TcpUdp => "TCP_UDP",
        }
    }

    /// Parses a protocol the playground models; AWS protocols it does not
    /// (GENEVE, QUIC) are refused as unsupported, anything else as not in the enum.
    pub(crate) fn parse(text: &str, field: &str) -> Result<TargetProtocol, ElbError> {
        Ok(match text {
            "HTTP" => TargetProtocol::Http,
            "HTTPS" => TargetProtocol::Https,
            "TCP" => TargetProtocol::Tcp,
            "TLS" => TargetProtocol::Tls,
            "UDP" => TargetProtocol::Udp,
            "TCP_UDP" => TargetProtocol::TcpUdp,
            "GENEVE" | "QUIC" | "TCP_QUIC" => {
                return Err(ElbError::Unsupported(format!("The {text} protocol")))
            }
            other => {
                return Err(ElbError::EnumValue {
                    value: other.to_string(),
                    field: field.to_string(),
                    allowed: PROTOCOL_ENUM,
                })
            }
        })
    }

    /// HTTP and HTTPS: Application Load Balancer target groups.
    pub fn is_application(self) -> bool {
        matches!(self, TargetProtocol::Http | TargetProtocol::Https)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetType {
    Instance,
    Ip,
}

impl TargetType {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetType::Instance => "instance",
            TargetType::Ip => "ip",
        }
    }
}

/// `Matcher`: the HTTP codes a passing health check returns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Matcher {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grpc_code: Option<String>,
}

impl Matcher {
    /// Whether an HTTP status counts as a pass (`200`, `200,202`, `200-299`).
    pub fn accepts(&self, status: u16) -> bool {
        let Some(codes) = &self.http_code else {
            return false;
        };
        codes.split(',').any(|part| match part.split_once('-') {
            Some((a, b)) => match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
                (Ok(a), Ok(b)) => (a..=b).contains(&status),
                _ => false,
            },
            None => part.trim().parse::<u16>() == Ok(status),
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// Always true for `instance` and `ip` target groups.
    pub enabled: bool,
    /// HTTP, HTTPS or TCP.
    pub protocol: TargetProtocol,
    /// `traffic-port` or a port number.
    pub port: String,
    /// HTTP(S) checks only.
    pub path: Option<String>,
    pub interval_seconds: u32,
    pub timeout_seconds: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    /// HTTP(S) checks only.
    pub matcher: Option<Matcher>,
}

impl HealthCheck {
    /// The port a check of `target` goes to.
    pub fn port_for(&self, target: &TargetId) -> u16 {
        self.port.parse().unwrap_or(target.port)
    }
}

/// The next probe after `now`: the next multiple of the interval on the
/// clock. Every target of a group is probed at the same instants (within one
/// interval of registration, as AWS's first check is), which lets the clock
/// jump a whole interval at a time instead of stopping once per target.
fn next_check_instant(now: SimTime, interval: u64) -> SimTime {
    let interval = interval.max(1);
    SimTime((now.0 / interval + 1).saturating_mul(interval))
}

/// One health check's outcome: the target, whether it passed, and why not.
pub type CheckResult = (TargetId, bool, Option<CheckFailure>);

/// A target as AWS identifies it: instance id or IP address, and port.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetId {
    pub id: String,
    pub port: u16,
}

impl TargetId {
    pub fn new(id: impl Into<String>, port: u16) -> Self {
        TargetId {
            id: id.into(),
            port,
        }
    }
}

/// `TargetHealth.State`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetState {
    Initial,
    Healthy,
    Unhealthy,
    Unused,
    Draining,
    Unavailable,
}

impl TargetState {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetState::Initial => "initial",
            TargetState::Healthy => "healthy",
            TargetState::Unhealthy => "unhealthy",
            TargetState::Unused => "unused",
            TargetState::Draining => "draining",
            TargetState::Unavailable => "unavailable",
        }
    }

    /// States in which the load balancer health-checks the target.
    fn is_checked(self) -> bool {
        matches!(
            self,
            TargetState::Initial | TargetState::Healthy | TargetState::Unhealthy
        )
    }
}

/// `TargetHealth.Reason`, with the description AWS gives each (ALB User
/// Guide, "Health check reason codes").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TargetReason {
    RegistrationInProgress,
    InitialHealthChecking,
    /// The status code the last check got.
    ResponseCodeMismatch(u16),
    Timeout,
    FailedHealthChecks,
    NotRegistered,
    NotInUse,
    DeregistrationInProgress,
    IpUnusable,
}

impl TargetReason {
    pub fn code(&self) -> &'static str {
        match self {
            TargetReason::RegistrationInProgress => "Elb.RegistrationInProgress",
            TargetReason::InitialHealthChecking => "Elb.InitialHealthChecking",
            TargetReason::ResponseCodeMismatch(_) => "Target.ResponseCodeMismatch",
            TargetReason::Timeout => "Target.Timeout",
            TargetReason::FailedHealthChecks => "Target.FailedHealthChecks",
            TargetReason::NotRegistered => "Target.NotRegistered",
            TargetReason::NotInUse => "Target.NotInUse",
            TargetReason::DeregistrationInProgress => "Target.DeregistrationInProgress",
            TargetReason::IpUnusable => "Target.IpUnusable",
        }
    }

    pub fn description(&self) -> String {
        match self {
            TargetReason::RegistrationInProgress => "Target registration is in progress".into(),
            TargetReason::InitialHealthChecking => "Initial health checks in progress".into(),
            TargetReason::ResponseCodeMismatch(code) => {
                format!("Health checks failed with these codes: [{code}]")
            }
            TargetReason::Timeout => "Request timed out".into(),
            TargetReason::FailedHealthChecks => "Health checks failed".into(),
            TargetReason::NotRegistered => "Target is not registered to the target group".into(),
            TargetReason::NotInUse => {
                "Target group is not configured to receive traffic from the load balancer".into()
            }
            TargetReason::DeregistrationInProgress => "Target deregistration is in progress".into(),
            TargetReason::IpUnusable => {
                "The IP address cannot be used as a target, as it is in use by a load balancer"
                    .into()
            }
        }
    }
}

/// Why a health check failed, as the prober saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckFailure {
    /// The target answered with a status the matcher does not accept.
    ResponseCodeMismatch(u16),
    /// No answer within the timeout (blocked by a security group, nothing listening …).
    Timeout,
    /// The connection failed or the response was malformed.
    FailedHealthChecks,
}

impl CheckFailure {
    fn reason(self) -> TargetReason {
        match self {
            CheckFailure::ResponseCodeMismatch(code) => TargetReason::ResponseCodeMismatch(code),
            CheckFailure::Timeout => TargetReason::Timeout,
            CheckFailure::FailedHealthChecks => TargetReason::FailedHealthChecks,
        }
    }
}

/// A registered target and its health.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    pub id: TargetId,
    /// `ip` targets: the subnet's zone, or `all` for addresses outside the VPC.
    pub availability_zone: Option<String>,
    pub state: TargetState,
    pub reason: Option<TargetReason>,
    pub consecutive_passes: u32,
    pub consecutive_failures: u32,
    pub registered_at: SimTime,
    pub next_check_at: Option<SimTime>,
    pub draining_until: Option<SimTime>,
}

impl Target {
    /// `TargetHealth.Reason` as DescribeTargetHealth reports it.
    pub fn reason_code(&self) -> Option<&'static str> {
        self.reason.as_ref().map(TargetReason::code)
    }

    /// `TargetHealth.Description` as DescribeTargetHealth reports it.
    pub fn description(&self) -> Option<String> {
        self.reason.as_ref().map(TargetReason::description)
    }

    fn set(&mut self, state: TargetState, reason: Option<TargetReason>) {
        self.state = state;
        self.reason = reason;
    }

    /// Starts (or restarts) health checking: `initial`, first check one interval away.
    fn start_checking(&mut self, now: SimTime, interval: u32) {
        self.set(
            TargetState::Initial,
            Some(TargetReason::RegistrationInProgress),
        );
        self.consecutive_passes = 0;
        self.consecutive_failures = 0;
        self.next_check_at = Some(next_check_instant(now, u64::from(interval)));
    }

    fn stop_checking(&mut self) {
        self.set(TargetState::Unused, Some(TargetReason::NotInUse));
        self.consecutive_passes = 0;
        self.consecutive_failures = 0;
        self.next_check_at = None;
    }
}

/// One `Key`/`Value` target group attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetGroupAttribute {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub protocol: TargetProtocol,
    /// HTTP1, HTTP2 or GRPC (HTTP/HTTPS target groups only).
    pub protocol_version: Option<String>,
    pub port: u16,
    pub vpc_id: String,
    pub target_type: TargetType,
    pub health_check: HealthCheck,
    /// In the order DescribeTargetGroupAttributes lists them.
    pub attributes: Vec<TargetGroupAttribute>,
    /// In registration order.
    pub targets: Vec<Target>,
    pub tags: Vec<Tag>,
}

impl TargetGroup {
    pub fn target(&self, id: &TargetId) -> Option<&Target> {
        self.targets.iter().find(|t| &t.id == id)
    }

    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }

    /// `deregistration_delay.timeout_seconds`.
    pub fn deregistration_delay(&self) -> Duration {
        Duration(
            self.attribute("deregistration_delay.timeout_seconds")
                .and_then(|v| v.parse().ok())
                .unwrap_or(300),
        )
    }

    /// `slow_start.duration_seconds` (0: off).
    pub fn slow_start(&self) -> Duration {
        Duration(
            self.attribute("slow_start.duration_seconds")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
        )
    }

    /// `load_balancing.algorithm.type` (`round_robin` unless changed).
    pub fn algorithm(&self) -> &str {
        self.attribute("load_balancing.algorithm.type")
            .unwrap_or("round_robin")
    }

    /// Targets whose health check is due at `now`.
    pub fn targets_due_for_check(&self, now: SimTime) -> Vec<TargetId> {
        self.targets
            .iter()
            .filter(|t| t.state.is_checked() && t.next_check_at.is_some_and(|at| at <= now))
            .map(|t| t.id.clone())
            .collect()
    }

    /// Records one health check of `target` at `now` and schedules the next
    /// one an interval later. Returns the new state when it changed.
    ///
    /// - `initial` → `healthy` at the first pass; → `unhealthy` at the
    ///   `UnhealthyThresholdCount`-th consecutive failure (until then it stays
    ///   `initial` with `Elb.InitialHealthChecking`).
    /// - `healthy` → `unhealthy` at the `UnhealthyThresholdCount`-th
    ///   consecutive failure.
    /// - `unhealthy` → `healthy` at the `HealthyThresholdCount`-th consecutive pass.
    ///
    /// A failure without a reason counts as `Target.FailedHealthChecks`.
    /// Targets that are not being checked (unused, draining) are left alone.
    pub fn record_check(
        &mut self,
        target: &TargetId,
        passed: bool,
        failure: Option<CheckFailure>,
        now: SimTime,
    ) -> Option<TargetState> {
        let index = self.targets.iter().position(|t| &t.id == target)?;
        self.record_check_at(index, passed, failure, now)
    }

    /// Records a round of checks, in the order [`Self::targets_due_for_check`]
    /// gave them: one walk over the targets instead of a search per result.
    pub fn record_checks(&mut self, results: impl IntoIterator<Item = CheckResult>, now: SimTime) {
        let mut cursor = 0;
        for (target, passed, failure) in results {
            let found = (cursor..self.targets.len())
                .chain(0..cursor)
                .find(|&i| self.targets[i].id == target);
            if let Some(index) = found {
                self.record_check_at(index, passed, failure, now);
                cursor = index + 1;
            }
        }
    }

    fn record_check_at(
        &mut self,
        index: usize,
        passed: bool,
        failure: Option<CheckFailure>,
        now: SimTime,
    ) -> Option<TargetState> {
        let healthy_threshold = self.health_check.healthy_threshold;
        let unhealthy_threshold = self.health_check.unhealthy_threshold;
        let interval = u64::from(self.health_check.interval_seconds);
        let t = self.targets.get_mut(index)?;
        if !t.state.is_checked() {
            return None;
        }
        let before = t.state;
        t.next_check_at = Some(next_check_instant(now, interval));
        if passed {
            t.consecutive_passes = t.consecutive_passes.saturating_add(1);
            t.consecutive_failures = 0;
            let becomes_healthy = match t.state {
                TargetState::Initial => true,
                TargetState::Unhealthy => t.consecutive_passes >= healthy_threshold,
                _ => false,
            };
            if becomes_healthy {
                t.set(TargetState::Healthy, None);
            }
        } else {
            t.consecutive_failures = t.consecutive_failures.saturating_add(1);
            t.consecutive_passes = 0;
            let reason = failure.unwrap_or(CheckFailure::FailedHealthChecks).reason();
            match t.state {
                _ if t.consecutive_failures >= unhealthy_threshold => {
                    t.set(TargetState::Unhealthy, Some(reason));
                }
                TargetState::Initial => {
                    t.set(
                        TargetState::Initial,
                        Some(TargetReason::InitialHealthChecking),
                    );
                }
                // A healthy target below the threshold stays healthy.
                _ => {}
            }
        }
        (t.state != before).then_some(t.state)
    }

    /// The targets a new request may go to: the healthy ones; if none is
    /// healthy but some are unhealthy, all the unhealthy ones (fail open);
    /// otherwise none, and the load balancer answers 503.
    pub fn routable_targets(&self) -> Vec<&Target> {
        let healthy: Vec<&Target> = self
            .targets
            .iter()
            .filter(|t| t.state == TargetState::Healthy)
            .collect();
        if !healthy.is_empty() {
            return healthy;
        }
        self.targets
            .iter()
            .filter(|t| t.state == TargetState::Unhealthy)
            .collect()
    }

    /// Drained targets leave the group.
    pub fn advance_to(&mut self, now: SimTime) {
        self.targets.retain(|t| {
            t.state != TargetState::Draining || t.draining_until.is_some_and(|until| until > now)
        });
    }

    /// The next instant a target's state can change: a check falls due or
    /// a drain completes.
    pub fn next_transition(&self) -> Option<SimTime> {
        self.targets
            .iter()
            .filter_map(|t| match t.state {
                TargetState::Draining => t.draining_until,
                s if s.is_checked() => t.next_check_at,
                _ => None,
            })
            .min()
    }

    /// Moves targets between `unused` and health checking as the group
    /// comes into or goes out of use.
    pub(crate) fn set_in_use(&mut self, in_use: bool, now: SimTime) {
        let interval = self.health_check.interval_seconds;
        for t in self.targets.iter_mut() {
            let not_in_use = t.state == TargetState::Unused
                && t.reason.as_ref() == Some(&TargetReason::NotInUse);
            if in_use && not_in_use {
                t.start_checking(now, interval);
            } else if !in_use && t.state.is_checked() {
                t.stop_checking();
            }
        }
    }

    /// The `TargetGroup` shape of DescribeTargetGroups.
    pub fn shape(&self, load_balancer_arns: Vec<String>) -> Value {
        let hc = &self.health_check;
        let mut shape = json!({
            "TargetGroupArn": self.arn,
            "TargetGroupName": self.name,
            "Protocol": self.protocol.as_str(),
            "Port": self.port,
            "VpcId": self.vpc_id,
            "HealthCheckProtocol": hc.protocol.as_str(),
            "HealthCheckPort": hc.port,
            "HealthCheckEnabled": hc.enabled,
            "HealthCheckIntervalSeconds": hc.interval_seconds,
            "HealthCheckTimeoutSeconds": hc.timeout_seconds,
            "HealthyThresholdCount": hc.healthy_threshold,
            "UnhealthyThresholdCount": hc.unhealthy_threshold,
        });
        if let Value::Object(map) = &mut shape {
            if let Some(path) = &hc.path {
                map.insert("HealthCheckPath".into(), json!(path));
            }
            if let Some(matcher) = &hc.matcher {
                map.insert("Matcher".into(), json!(matcher));
            }
            map.insert("LoadBalancerArns".into(), json!(load_balancer_arns));
            map.insert("TargetType".into(), json!(self.target_type.as_str()));
            if let Some(version) = &self.protocol_version {
                map.insert("ProtocolVersion".into(), json!(version));
            }
            map.insert("IpAddressType".into(), json!("ipv4"));
        }
        shape
    }

    fn attributes_shape(&self) -> Value {
        json!({ "Attributes": self.attributes })
    }
}

/// A target group's attributes and their defaults, in the order AWS lists
/// them (the first five as in the AWS CLI's documented example; the newer
/// ones after).
fn default_attributes(
    protocol: TargetProtocol,
    target_type: TargetType,
) -> Vec<TargetGroupAttribute> {
    let pairs: Vec<(&str, &str)> =
        if protocol.is_application() {
            vec![
            ("stickiness.enabled", "false"),
            ("deregistration_delay.timeout_seconds", "300"),
            ("stickiness.type", "lb_cookie"),
            ("stickiness.lb_cookie.duration_seconds", "86400"),
            ("slow_start.duration_seconds", "0"),
            ("stickiness.app_cookie.cookie_name", ""),
            ("stickiness.app_cookie.duration_seconds", "86400"),
            ("load_balancing.algorithm.type", "round_robin"),
            ("load_balancing.algorithm.anomaly_mitigation", "off"),
            (
                "load_balancing.cross_zone.enabled",
                "use_load_balancer_configuration",
            ),
            (
                "target_group_health.dns_failover.minimum_healthy_targets.count",
                "1",
            ),
            (
                "target_group_health.dns_failover.minimum_healthy_targets.percentage",
                "off",
            ),
            (
                "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count",
                "1",
            ),
            (
                "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
                "off",
            ),
            ("waf.fail_open.enabled", "false"),
        ]
        } else {
            // Client IP preservation is off by default only for ip targets over TCP/TLS.
            let preserve = match (target_type, protocol) {
                (TargetType::Ip, TargetProtocol::Tcp | TargetProtocol::Tls) => "false",
                _ => "true",
            };
            vec![
            ("proxy_protocol_v2.enabled", "false"),
            ("deregistration_delay.timeout_seconds", "300"),
            ("stickiness.enabled", "false"),
            ("stickiness.type", "source_ip"),
            ("deregistration_delay.connection_termination.enabled", "false"),
            ("preserve_client_ip.enabled", preserve),
            (
                "load_balancing.cross_zone.enabled",
                "use_load_balancer_configuration",
            ),
            (
                "target_health_state.unhealthy.connection_termination.enabled",
                "true",
            ),
            (
                "target_health_state.unhealthy.draining_interval_seconds",
                "0",
            ),
            (
                "target_group_health.dns_failover.minimum_healthy_targets.count",
                "1",
            ),
            (
                "target_group_health.dns_failover.minimum_healthy_targets.percentage",
                "off",
            ),
            (
                "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count",
                "1",
            ),
            (
                "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
                "off",
            ),
        ]
        };
    pairs
        .into_iter()
        .map(|(k, v)| TargetGroupAttribute {
            key: k.to_string(),
            value: v.to_string(),
        })
        .collect()
}

/// Checks one attribute: a key the group has, and a value in its range.
fn check_attribute(group: &TargetGroup, key: &str, value: &str) -> Result<(), ElbError> {
    let known = group.attributes.iter().any(|a| a.key == key);
    if !known {
        return Err(ElbError::AttributeKeyUnknown(key.to_string()));
    }
    let int_range = |k: &'static str, min: i64, max: i64, range: &'static str| match value
        .trim()
        .parse::<i64>()
    {
        Ok(n) if (min..=max).contains(&n) => Ok(()),
        _ => Err(ElbError::AttributeRange {
            key: k,
            value: value.to_string(),
            range,
        }),
    };
    let one_of = |k: &'static str, allowed: &'static str| {
        if allowed.split(", ").any(|a| a == value) {
            Ok(())
        } else {
            Err(ElbError::AttributeEnum {
                key: k,
                value: value.to_string(),
                allowed,
            })
        }
    };
    match key {
        "deregistration_delay.timeout_seconds" => {
            int_range("deregistration_delay.timeout_seconds", 0, 3600, "0-3600")
        }
        "slow_start.duration_seconds" => {
            if value.trim() == "0" {
                Ok(())
            } else {
                int_range("slow_start.duration_seconds", 30, 900, "30-900")
            }
        }
        "stickiness.lb_cookie.duration_seconds" => int_range(
            "stickiness.lb_cookie.duration_seconds",
            1,
            604_800,
            "1-604800",
        ),
        "stickiness.app_cookie.duration_seconds" => int_range(
            "stickiness.app_cookie.duration_seconds",
            1,
            604_800,
            "1-604800",
        ),
        "target_health_state.unhealthy.draining_interval_seconds" => int_range(
            "target_health_state.unhealthy.draining_interval_seconds",
            0,
            360_000,
            "0-360000",
        ),
        "load_balancing.algorithm.type" => one_of(
            "load_balancing.algorithm.type",
            "round_robin, least_outstanding_requests, weighted_random",
        ),
        "load_balancing.algorithm.anomaly_mitigation" => {
            one_of("load_balancing.algorithm.anomaly_mitigation", "on, off")
        }
        "load_balancing.cross_zone.enabled" => one_of(
            "load_balancing.cross_zone.enabled",
            "true, false, use_load_balancer_configuration",
        ),
        "stickiness.type" => {
            let allowed: &[&str] = if group.protocol.is_application() {
                &["lb_cookie", "app_cookie"]
            } else {
                &["source_ip"]
            };
            if allowed.contains(&value) {
                Ok(())
            } else if ["lb_cookie", "app_cookie", "source_ip"].contains(&value) {
                Err(ElbError::StickinessType {
                    kind: value.to_string(),
                    protocol: group.protocol.as_str(),
                })
            } else {
                one_of("stickiness.type", "lb_cookie, app_cookie, source_ip")
            }
        }
        "stickiness.app_cookie.cookie_name" => Ok(()),
        k if k.ends_with("minimum_healthy_targets.count") => {
            int_range("minimum_healthy_targets.count", 1, 1000, "1-1000")
        }
        k if k.ends_with("minimum_healthy_targets.percentage") => {
            if value == "off" {
                Ok(())
            } else {
                int_range("minimum_healthy_targets.percentage", 1, 100, "1-100")
            }
        }
        // The rest are booleans.
        _ => {
            if value == "true" || value == "false" {
                Ok(())
            } else {
                Err(ElbError::AttributeEnum {
                    key: "enabled",
                    value: value.to_string(),
                    allowed: "true, false",
                })
            }
        }
    }
}

// ── Health check settings ───────────────────────────────────────────────────

/// The health check parameters of CreateTargetGroup / ModifyTargetGroup.
#[derive(Clone, Debug, Default)]
struct HealthCheckParams {
    protocol: Option<String>,
    port: Option<String>,
    enabled: Option<bool>,
    path: Option<String>,
    interval: Option<i64>,
    timeout: Option<i64>,
    healthy: Option<i64>,
    unhealthy: Option<i64>,
    matcher: Option<Matcher>,
}

/// Checks a matcher's codes (`200`, `200,202`, `200-299`) against `min..=max`.
fn check_matcher(matcher: &Matcher, application: bool) -> Result<(), ElbError> {
    let Some(codes) = &matcher.http_code else {
        return if matcher.grpc_code.is_some() {
            Ok(())
        } else {
            Err(ElbError::MatcherEmpty)
        };
    };
    if codes.trim().is_empty() {
        return Err(ElbError::MatcherEmpty);
    }
    let (min, max, range) = if application {
        (200, 499, "200-499")
    } else {
        (200, 599, "200-599")
    };
    let bad = || ElbError::MatcherOutOfRange {
        code: codes.clone(),
        range,
    };
    for part in codes.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part.trim(), part.trim()),
        };
        let a: u16 = a.parse().map_err(|_| bad())?;
        let b: u16 = b.parse().map_err(|_| bad())?;
        if a > b || a < min || b > max {
            return Err(bad());
        }
    }
    Ok(())
}

/// Resolves health check settings: the given values, else the current ones
/// (`base`, for ModifyTargetGroup), else AWS's defaults for the protocol.
fn resolve_health_check(
    protocol: TargetProtocol,
    target_type: TargetType,
    base: Option<&HealthCheck>,
    p: &HealthCheckParams,
) -> Result<HealthCheck, ElbError> {
    let interval = p
        .interval
        .map(|v| in_range(v, "healthCheckIntervalSeconds", 5, 300))
        .transpose()?;
    let timeout = p
        .timeout
        .map(|v| in_range(v, "healthCheckTimeoutSeconds", 2, 120))
        .transpose()?;
    let healthy = p
        .healthy
        .map(|v| in_range(v, "healthyThresholdCount", 2, 10))
        .transpose()?;
    let unhealthy = p
        .unhealthy
        .map(|v| in_range(v, "unhealthyThresholdCount", 2, 10))
        .transpose()?;
    if p.enabled == Some(false) {
        return Err(ElbError::HealthCheckMustBeEnabled(target_type.as_str()));
    }
    let hc_protocol = match &p.protocol {
        Some(text) => {
            let parsed = TargetProtocol::parse(text, "healthCheckProtocol")?;
            let allowed = match parsed {
                TargetProtocol::Http | TargetProtocol::Https => true,
                // The TCP protocol is not supported for HTTP(S) target groups.
                TargetProtocol::Tcp => !protocol.is_application(),
                _ => false,
            };
            if !allowed {
                return Err(ElbError::HealthCheckProtocol {
                    health_check: text.clone(),
                    protocol: protocol.as_str(),
                });
            }
            parsed
        }
        None => match (base, protocol) {
            (Some(b), _) => b.protocol,
            (None, TargetProtocol::Http) => TargetProtocol::Http,
            (None, TargetProtocol::Https) => TargetProtocol::Https,
            (None, _) => TargetProtocol::Tcp,
        },
    };
    let hc_port = match &p.port {
        Some(text) if text == "traffic-port" => text.clone(),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) => n.to_string(),
            _ => return Err(ElbError::HealthCheckPort(text.clone())),
        },
        None => base.map_or_else(|| "traffic-port".to_string(), |b| b.port.clone()),
    };
    let http_check = hc_protocol != TargetProtocol::Tcp;
    let base_http = base.filter(|b| b.protocol != TargetProtocol::Tcp);
    let path = if http_check {
        let path = p
            .path
            .clone()
            .or_else(|| base_http.and_then(|b| b.path.clone()))
            .unwrap_or_else(|| "/".to_string());
        if path.len() > 1024 {
            return Err(ElbError::TooLong {
                value: path,
                field: "healthCheckPath",
                max: 1024,
            });
        }
        if !path.starts_with('/') {
            return Err(ElbError::HealthCheckPath(path));
        }
        Some(path)
    } else {
        if p.path.is_some() {
            return Err(ElbError::HealthCheckPathNotAllowed("TCP"));
        }
        None
    };
    let matcher = if http_check {
        let matcher = p
            .matcher
            .clone()
            .or_else(|| base_http.and_then(|b| b.matcher.clone()))
            .unwrap_or_else(|| Matcher {
                http_code: Some(
                    if protocol.is_application() {
                        "200"
                    } else {
                        "200-399"
                    }
                    .into(),
                ),
                grpc_code: None,
            });
        check_matcher(&matcher, protocol.is_application())?;
        Some(matcher)
    } else {
        if p.matcher.is_some() {
            return Err(ElbError::MatcherNotAllowed("TCP"));
        }
        None
    };
    // Defaults: ALB 30/5; NLB TCP checks 30/10, HTTP checks 30/6, HTTPS 30/10.
    let default_timeout = match (protocol.is_application(), hc_protocol) {
        (true, _) => 5,
        (false, TargetProtocol::Http) => 6,
        (false, _) => 10,
    };
    let interval = interval.map_or_else(|| base.map_or(30, |b| b.interval_seconds), |v| v as u32);
    let timeout = timeout.map_or_else(
        || base.map_or(default_timeout, |b| b.timeout_seconds),
        |v| v as u32,
    );
    if protocol.is_application() && timeout >= interval {
        return Err(ElbError::TimeoutNotBelowInterval {
            timeout: i64::from(timeout),
            interval: i64::from(interval),
        });
    }
    if !protocol.is_application() && timeout > interval {
        return Err(ElbError::TimeoutAboveInterval {
            timeout: i64::from(timeout),
            interval: i64::from(interval),
        });
    }
    Ok(HealthCheck {
        enabled: true,
        protocol: hc_protocol,
        port: hc_port,
        path,
        interval_seconds: interval,
        timeout_seconds: timeout,
        healthy_threshold: healthy
            .map_or_else(|| base.map_or(5, |b| b.healthy_threshold), |v| v as u32),
        unhealthy_threshold: unhealthy
            .map_or_else(|| base.map_or(2, |b| b.unhealthy_threshold), |v| v as u32),
        matcher,
    })
}

/// Name rules: ≤32 characters, alphanumerics and hyphens, no leading or trailing hyphen.
fn check_name(name: &str) -> Result<(), ElbError> {
    if name.chars().count() > 32 {
        return Err(ElbError::TgNameTooLong(name.to_string()));
    }
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(ElbError::TgNameCharacters(name.to_string()));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(ElbError::TgNameHyphen(name.to_string()));
    }
    Ok(())
}

// ── Inputs ──────────────────────────────────────────────────────────────────

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateTargetGroupInput {
    pub name: String,
    pub protocol: Option<String>,
    pub protocol_version: Option<String>,
    pub port: Option<i64>,
    pub vpc_id: Option<String>,
    pub health_check_protocol: Option<String>,
    pub health_check_port: Option<String>,
    pub health_check_enabled: Option<bool>,
    pub health_check_path: Option<String>,
    pub health_check_interval_seconds: Option<i64>,
    pub health_check_timeout_seconds: Option<i64>,
    pub healthy_threshold_count: Option<i64>,
    pub unhealthy_threshold_count: Option<i64>,
    pub matcher: Option<Matcher>,
    pub target_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    pub ip_address_type: Option<String>,
    pub target_control_port: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetGroupsInput {
    pub load_balancer_arn: Option<String>,
    #[serde(default)]
    pub target_group_arns: Vec<String>,
    #[serde(default)]
    pub names: Vec<String>,
    pub marker: Option<String>,
    pub page_size: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyTargetGroupInput {
    pub target_group_arn: String,
    pub health_check_protocol: Option<String>,
    pub health_check_port: Option<String>,
    pub health_check_path: Option<String>,
    pub health_check_enabled: Option<bool>,
    pub health_check_interval_seconds: Option<i64>,
    pub health_check_timeout_seconds: Option<i64>,
    pub healthy_threshold_count: Option<i64>,
    pub unhealthy_threshold_count: Option<i64>,
    pub matcher: Option<Matcher>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteTargetGroupInput {
    pub target_group_arn: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetGroupAttributesInput {
    pub target_group_arn: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyTargetGroupAttributesInput {
    pub target_group_arn: String,
    #[serde(default)]
    pub attributes: Vec<TargetGroupAttribute>,
}

/// `TargetDescription`: a target to register, deregister or describe.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetDescription {
    pub id: String,
    pub port: Option<i64>,
    pub availability_zone: Option<String>,
    pub quic_server_id: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RegisterTargetsInput {
    pub target_group_arn: String,
    #[serde(default)]
    pub targets: Vec<TargetDescription>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeregisterTargetsInput {
    pub target_group_arn: String,
    #[serde(default)]
    pub targets: Vec<TargetDescription>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTargetHealthInput {
    pub target_group_arn: String,
    #[serde(default)]
    pub targets: Vec<TargetDescription>,
    #[serde(default)]
    pub include: Vec<String>,
}

/// `i-` and 8 or 17 lowercase hex digits.
fn is_instance_id(id: &str) -> bool {
    id.strip_prefix("i-").is_some_and(|hex| {
        (hex.len() == 8 || hex.len() == 17)
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// RFC 1918 and RFC 6598 (100.64.0.0/10): the private addresses an `ip`
/// target outside the VPC may have.
fn is_private(ip: Ipv4Addr) -> bool {
    [
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
    ]
    .into_iter()
    .filter_map(Cidr::parse)
    .any(|range| range.contains_addr(ip))
}

impl Elbv2 {
    pub fn create_target_group(
        &mut self,
        ctx: &mut ElbCtx,
        input: CreateTargetGroupInput,
    ) -> Result<Value, ElbError> {
        check_name(&input.name)?;
        let target_type = match input.target_type.as_deref() {
            None | Some("instance") => TargetType::Instance,
            Some("ip") => TargetType::Ip,
            Some(other @ ("lambda" | "alb")) => {
                return Err(ElbError::Unsupported(format!("Target type '{other}'")))
            }
            Some(other) => {
                return Err(ElbError::EnumValue {
                    value: other.to_string(),
                    field: "targetType".into(),
                    allowed: "instance, ip, lambda, alb",
                })
            }
        };
        let protocol = input
            .protocol
            .as_deref()
            .ok_or(ElbError::TgParameterRequired("protocol"))?;
        let protocol = TargetProtocol::parse(protocol, "protocol")?;
        let port = port(
            input.port.ok_or(ElbError::TgParameterRequired("port"))?,
            "port",
        )?;
        let vpc_id = input
            .vpc_id
            .clone()
            .ok_or(ElbError::TgParameterRequired("VPC ID"))?;
        if !ctx.ec2.vpcs.contains_key(&vpc_id) {
            return Err(ElbError::VpcNotFound(vpc_id));
        }
        match input.ip_address_type.as_deref() {
            None | Some("ipv4") => {}
            Some("ipv6") => return Err(ElbError::Unsupported("IpAddressType 'ipv6'".into())),
            Some(other) => {
                return Err(ElbError::EnumValue {
                    value: other.to_string(),
                    field: "ipAddressType".into(),
                    allowed: "ipv4, ipv6",
                })
            }
        }
        let protocol_version = if protocol.is_application() {
            match input.protocol_version.as_deref() {
                None => Some("HTTP1".to_string()),
                Some(v @ ("HTTP1" | "HTTP2" | "GRPC")) => Some(v.to_string()),
                Some(other) => {
                    return Err(ElbError::EnumValue {
                        value: other.to_string(),
                        field: "protocolVersion".into(),
                        allowed: "HTTP1, HTTP2, GRPC",
                    })
                }
            }
        } else {
            None
        };
        let params = HealthCheckParams {
            protocol: input.health_check_protocol.clone(),
            port: input.health_check_port.clone(),
            enabled: input.health_check_enabled,
            path: input.health_check_path.clone(),
            interval: input.health_check_interval_seconds,
            timeout: input.health_check_timeout_seconds,
            healthy: input.healthy_threshold_count,
            unhealthy: input.unhealthy_threshold_count,
            matcher: input.matcher.clone(),
        };
        let health_check = resolve_health_check(protocol, target_type, None, &params)?;
        // Same name and same settings: AWS returns the existing group (idempotent).
        if let Some(existing) = self.target_groups.values().find(|g| g.name == input.name) {
            let same = existing.protocol == protocol
                && existing.port == port
                && existing.vpc_id == vpc_id
                && existing.target_type == target_type
                && existing.health_check == health_check;
            if !same {
                return Err(ElbError::DuplicateTargetGroupName);
            }
            let lbs = self.load_balancers_of(&existing.arn);
            return Ok(json!({ "TargetGroups": [existing.shape(lbs)] }));
        }
        if self.target_groups.len() >= limits::TARGET_GROUPS_PER_REGION {
            return Err(ElbError::TooManyTargetGroups);
        }
        let id = ctx.env.rng.hex(16);
        let arn = super::arn(ctx, &format!("targetgroup/{}/{id}", input.name));
        let group = TargetGroup {
            arn: arn.clone(),
            name: input.name,
            protocol,
            protocol_version,
            port,
            vpc_id,
            target_type,
            health_check,
            attributes: default_attributes(protocol, target_type),
            targets: Vec::new(),
            tags: input.tags,
        };
        let mut shape = group.shape(Vec::new());
        // A new group has no load balancers; CreateTargetGroup leaves the list out.
        if let Value::Object(map) = &mut shape {
            map.remove("LoadBalancerArns");
        }
        self.target_groups.insert(arn, group);
        Ok(json!({ "TargetGroups": [shape] }))
    }

    pub fn describe_target_groups(
        &self,
        input: DescribeTargetGroupsInput,
    ) -> Result<Value, ElbError> {
        let selectors = usize::from(input.load_balancer_arn.is_some())
            + usize::from(!input.target_group_arns.is_empty())
            + usize::from(!input.names.is_empty());
        if selectors > 1 {
            return Err(ElbError::TargetGroupSelectors);
        }
        if let Some(size) = input.page_size {
            in_range(size, "pageSize", 1, 400)?;
        }
        let users = self.target_group_users();
        let lbs_of = |arn: &str| -> Vec<String> {
            users
                .get(arn)
                .map(|set| set.iter().cloned().collect())
                .unwrap_or_default()
        };
        let chosen: Vec<&TargetGroup> = if let Some(lb) = &input.load_balancer_arn {
            self.load_balancer(lb)?;
            self.target_groups
                .values()
                .filter(|g| users.get(&g.arn).is_some_and(|set| set.contains(lb)))
                .collect()
        } else if !input.target_group_arns.is_empty() {
            input
                .target_group_arns
                .iter()
                .map(|arn| self.target_group(arn))
                .collect::<Result<_, _>>()?
        } else if !input.names.is_empty() {
            input
                .names
                .iter()
                .map(|name| {
                    self.target_groups
                        .values()
                        .find(|g| &g.name == name)
                        .ok_or(ElbError::TargetGroupNotFound)
                })
                .collect::<Result<_, _>>()?
        } else {
            self.target_groups.values().collect()
        };
        Ok(json!({
            "TargetGroups": chosen.iter().map(|g| g.shape(lbs_of(&g.arn))).collect::<Vec<_>>()
        }))
    }

    pub fn modify_target_group(
        &mut self,
        _ctx: &mut ElbCtx,
        input: ModifyTargetGroupInput,
    ) -> Result<Value, ElbError> {
        let group = self.target_group(&input.target_group_arn)?;
        let params = HealthCheckParams {
            protocol: input.health_check_protocol,
            port: input.health_check_port,
            enabled: input.health_check_enabled,
            path: input.health_check_path,
            interval: input.health_check_interval_seconds,
            timeout: input.health_check_timeout_seconds,
            healthy: input.healthy_threshold_count,
            unhealthy: input.unhealthy_threshold_count,
            matcher: input.matcher,
        };
        let health_check = resolve_health_check(
            group.protocol,
            group.target_type,
            Some(&group.health_check),
            &params,
        )?;
        let lbs = self.load_balancers_of(&input.target_group_arn);
        let group = self.target_group_mut(&input.target_group_arn)?;
        group.health_check = health_check;
        Ok(json!({ "TargetGroups": [group.shape(lbs)] }))
    }

    /// Deleting a group that does not exist succeeds (the operation has no
    /// not-found error in AWS's model).
    pub fn delete_target_group(
        &mut self,
        _ctx: &mut ElbCtx,
        input: DeleteTargetGroupInput,
    ) -> Result<Value, ElbError> {
        if !self.target_groups.contains_key(&input.target_group_arn) {
            return Ok(json!({}));
        }
        if !self.load_balancers_of(&input.target_group_arn).is_empty() {
            return Err(ElbError::TargetGroupInUse(input.target_group_arn));
        }
        self.target_groups.remove(&input.target_group_arn);
        Ok(json!({}))
    }

    pub fn describe_target_group_attributes(
        &self,
        input: DescribeTargetGroupAttributesInput,
    ) -> Result<Value, ElbError> {
        Ok(self
            .target_group(&input.target_group_arn)?
            .attributes_shape())
    }

    pub fn modify_target_group_attributes(
        &mut self,
        _ctx: &mut ElbCtx,
        input: ModifyTargetGroupAttributesInput,
    ) -> Result<Value, ElbError> {
        let group = self.target_group(&input.target_group_arn)?;
        for attribute in &input.attributes {
            check_attribute(group, &attribute.key, &attribute.value)?;
        }
        let group = self.target_group_mut(&input.target_group_arn)?;
        for attribute in input.attributes {
            if let Some(a) = group.attributes.iter_mut().find(|a| a.key == attribute.key) {
                a.value = attribute.value.trim().to_string();
            }
        }
        Ok(group.attributes_shape())
    }

    /// Where an `ip` target address sits: its subnet's zone when inside a
    /// subnet of the VPC, `all` when it is a private address outside it.
    fn ip_target_zone(
        ctx: &ElbCtx,
        vpc_id: &str,
        description: &TargetDescription,
    ) -> Result<String, ElbError> {
        let ip: Ipv4Addr = description
            .id
            .parse()
            .map_err(|_| ElbError::NotIpv4(description.id.clone()))?;
        // AWS compares with the VPC's subnets, not its CIDR blocks (obs,
        // aws-load-balancer-controller#3714).
        let subnet = ctx
            .ec2
            .subnets
            .values()
            .find(|s| s.vpc_id == vpc_id && s.cidr.contains_addr(ip));
        match (subnet, description.availability_zone.as_deref()) {
            (Some(s), None) => Ok(s.availability_zone.clone()),
            (Some(s), Some(given)) if given == s.availability_zone => Ok(given.to_string()),
            (Some(s), Some(given)) => Err(ElbError::ZoneOverridden {
                ip: description.id.clone(),
                given: given.to_string(),
                zone: s.availability_zone.clone(),
            }),
            (None, _) if !is_private(ip) => Err(ElbError::PublicIpTarget(description.id.clone())),
            (None, Some("all")) => Ok("all".to_string()),
            (None, _) => Err(ElbError::ZoneRequired(description.id.clone())),
        }
    }

    pub fn register_targets(
        &mut self,
        ctx: &mut ElbCtx,
        input: RegisterTargetsInput,
    ) -> Result<Value, ElbError> {
        let group = self.target_group(&input.target_group_arn)?;
        let mut accepted: Vec<(TargetId, Option<String>, bool)> = Vec::new();
        for description in &input.targets {
            let port = match description.port {
                Some(p) => port(p, "port")?,
                None => group.port,
            };
            let (zone, unusable) = match group.target_type {
                TargetType::Ip => {
                    let zone = Self::ip_target_zone(ctx, &group.vpc_id, description)?;
                    // An address a load balancer node holds cannot be a target.
                    let unusable = ctx.ec2.network_interfaces.values().any(|eni| {
                        eni.private_ip.to_string() == description.id
                            && matches!(eni.owner, InterfaceOwner::LoadBalancer(_))
                    });
                    (Some(zone), unusable)
                }
                TargetType::Instance => {
                    if !is_instance_id(&description.id) {
                        return Err(ElbError::InstanceIdInvalid(description.id.clone()));
                    }
                    let in_vpc = ctx.ec2.network_interfaces.values().any(|eni| {
                        eni.owner == InterfaceOwner::Instance(description.id.clone())
                            && eni.vpc_id == group.vpc_id
                    });
                    if !in_vpc {
                        return Err(ElbError::InvalidTarget);
                    }
                    (None, false)
                }
            };
            accepted.push((TargetId::new(description.id.clone(), port), zone, unusable));
        }
        let new_count = accepted
            .iter()
            .filter(|(id, ..)| group.target(id).is_none())
            .count();
        if group.targets.len() + new_count > limits::TARGETS_PER_TARGET_GROUP {
            return Err(ElbError::TooManyTargets);
        }
        let in_use = self.target_group_in_use(&input.target_group_arn);
        let group = self.target_group_mut(&input.target_group_arn)?;
        let interval = group.health_check.interval_seconds;
        for (id, zone, unusable) in accepted {
            let existing = group.targets.iter_mut().find(|t| t.id == id);
            let target = match existing {
                // Registering a registered target again changes nothing, except
                // that a draining one comes back into service.
                Some(t) if t.state != TargetState::Draining => continue,
                Some(t) => {
                    t.draining_until = None;
                    t.registered_at = ctx.env.now;
                    t
                }
                None => {
                    group.targets.push(Target {
                        id,
                        availability_zone: zone,
                        state: TargetState::Unused,
                        reason: None,
                        consecutive_passes: 0,
                        consecutive_failures: 0,
                        registered_at: ctx.env.now,
                        next_check_at: None,
                        draining_until: None,
                    });
                    match group.targets.last_mut() {
                        Some(t) => t,
                        None => continue,
                    }
                }
            };
            if unusable {
                target.set(TargetState::Unused, Some(TargetReason::IpUnusable));
                target.next_check_at = None;
            } else if in_use {
                target.start_checking(ctx.env.now, interval);
            } else {
                target.stop_checking();
            }
        }
        Ok(json!({}))
    }

    pub fn deregister_targets(
        &mut self,
        ctx: &mut ElbCtx,
        input: DeregisterTargetsInput,
    ) -> Result<Value, ElbError> {
        let group = self.target_group(&input.target_group_arn)?;
        let mut ids = Vec::new();
        for description in &input.targets {
            let port = match description.port {
                Some(p) => port(p, "port")?,
                None => group.port,
            };
            let id = TargetId::new(description.id.clone(), port);
            if group.target(&id).is_none() {
                return Err(ElbError::InvalidTarget);
            }
            ids.push(id);
        }
        let delay = group.deregistration_delay();
        let group = self.target_group_mut(&input.target_group_arn)?;
        for id in ids {
            let Some(t) = group.targets.iter_mut().find(|t| t.id == id) else {
                continue;
            };
            if t.state == TargetState::Draining {
                continue;
            }
            // Without traffic there is nothing to drain.
            if t.state == TargetState::Unused || delay.as_seconds() == 0 {
                group.targets.retain(|t| t.id != id);
                continue;
            }
            t.set(
                TargetState::Draining,
                Some(TargetReason::DeregistrationInProgress),
            );
            t.next_check_at = None;
            t.consecutive_passes = 0;
            t.consecutive_failures = 0;
            t.draining_until = Some(ctx.env.now.plus(delay));
        }
        Ok(json!({}))
    }

    pub fn describe_target_health(
        &self,
        input: DescribeTargetHealthInput,
    ) -> Result<Value, ElbError> {
        let group = self.target_group(&input.target_group_arn)?;
        let describe = |id: &TargetId, zone: Option<&String>, health: Value| {
            let mut target = json!({ "Id": id.id, "Port": id.port });
            if let (Some(zone), Value::Object(map)) = (zone, &mut target) {
                map.insert("AvailabilityZone".into(), json!(zone));
            }
            json!({
                "Target": target,
                "HealthCheckPort": group.health_check.port_for(id).to_string(),
                "TargetHealth": health,
            })
        };
        let health_of = |t: &Target| {
            let mut health = json!({ "State": t.state.as_str() });
            if let (Some(reason), Value::Object(map)) = (&t.reason, &mut health) {
                map.insert("Reason".into(), json!(reason.code()));
                map.insert("Description".into(), json!(reason.description()));
            }
            health
        };
        let descriptions: Vec<Value> = if input.targets.is_empty() {
            group
                .targets
                .iter()
                .map(|t| describe(&t.id, t.availability_zone.as_ref(), health_of(t)))
                .collect()
        } else {
            let mut out = Vec::new();
            for d in &input.targets {
                let port = match d.port {
                    Some(p) => port(p, "port")?,
                    None => group.port,
                };
                let id = TargetId::new(d.id.clone(), port);
                out.push(match group.target(&id) {
                    Some(t) => describe(&t.id, t.availability_zone.as_ref(), health_of(t)),
                    None => {
                        let reason = TargetReason::NotRegistered;
                        describe(
                            &id,
                            d.availability_zone.as_ref(),
                            json!({
                                "State": TargetState::Unused.as_str(),
                                "Reason": reason.code(),
                                "Description": reason.description(),
                            }),
                        )
                    }
                });
            }
            out
        };
        Ok(json!({ "TargetHealthDescriptions": descriptions }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_look_like_ec2_ids() {
        assert!(is_instance_id("i-0123456789abcdef0"));
        assert!(is_instance_id("i-0f76fade"));
        assert!(!is_instance_id("i-0123456789ABCDEF0"));
        assert!(!is_instance_id("10.0.0.1"));
        assert!(!is_instance_id("i-123"));
    }

    #[test]
    fn private_ranges() {
        for ip in [
            "10.1.2.3",
            "172.31.0.9",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.254",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "54.1.2.3"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn matcher_accepts_lists_and_ranges() {
        let m = |c: &str| Matcher {
            http_code: Some(c.into()),
            grpc_code: None,
        };
        assert!(m("200").accepts(200));
        assert!(!m("200").accepts(204));
        assert!(m("200,202").accepts(202));
        assert!(m("200-299").accepts(250));
        assert!(!m("200-299").accepts(302));
    }

    #[test]
    fn matcher_ranges_per_load_balancer_type() {
        let m = |c: &str| Matcher {
            http_code: Some(c.into()),
            grpc_code: None,
        };
        assert!(check_matcher(&m("200-499"), true).is_ok());
        assert!(check_matcher(&m("500"), true).is_err());
        assert!(check_matcher(&m("500"), false).is_ok());
        assert!(check_matcher(&m("199"), false).is_err());
        assert!(check_matcher(&m("299-200"), true).is_err());
        assert!(check_matcher(&m("abc"), true).is_err());
        assert_eq!(check_matcher(&m(""), true), Err(ElbError::MatcherEmpty));
    }

    #[test]
    fn reason_codes_and_descriptions_are_aws_words() {
        let cases = [
            (
                TargetReason::RegistrationInProgress,
                "Elb.RegistrationInProgress",
                "Target registration is in progress",
            ),
            (
                TargetReason::InitialHealthChecking,
                "Elb.InitialHealthChecking",
                "Initial health checks in progress",
            ),
            (
                TargetReason::ResponseCodeMismatch(502),
                "Target.ResponseCodeMismatch",
                "Health checks failed with these codes: [502]",
            ),
            (TargetReason::Timeout, "Target.Timeout", "Request timed out"),
            (
                TargetReason::FailedHealthChecks,
                "Target.FailedHealthChecks",
                "Health checks failed",
            ),
            (
                TargetReason::NotRegistered,
                "Target.NotRegistered",
                "Target is not registered to the target group",
            ),
            (
                TargetReason::NotInUse,
                "Target.NotInUse",
                "Target group is not configured to receive traffic from the load balancer",
            ),
            (
                TargetReason::DeregistrationInProgress,
                "Target.DeregistrationInProgress",
                "Target deregistration is in progress",
            ),
        ];
        for (reason, code, description) in cases {
            assert_eq!(reason.code(), code);
            assert_eq!(reason.description(), description);
        }
    }
}

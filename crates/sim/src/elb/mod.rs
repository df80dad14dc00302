//! Elastic Load Balancing v2: Application and Network Load Balancers, their
//! listeners and rules, target groups and registered targets — with AWS's
//! validation rules, error codes and response shapes.
//!
//! Files, one AWS noun each:
//! - `load_balancer`: CreateLoadBalancer (one network interface per subnet),
//!   DescribeLoadBalancers, DeleteLoadBalancer, SetSecurityGroups.
//! - `target_group`: target groups, their health check settings and
//!   attributes, registered targets and the health state machine.
//! - `listener`: listeners, rules, actions and conditions; rule evaluation.
//! - `error`: ELBv2's error codes and messages; `spec`: the CLI's type trees.
//! - `tests`: scenario tests on the network of study note 003.
//!
//! Health checks themselves are not run here: the world's clock calls
//! [`Elbv2::advance_to`], asks [`Elbv2::checks_due`] (or
//! [`TargetGroup::targets_due_for_check`]), probes each target over the
//! simulated network and reports back with [`Elbv2::record_check`];
//! [`Elbv2::next_transition`] includes the next due check so the clock stops
//! there. Traffic uses [`Elbv2::route`] / [`Elbv2::forward_weights`] and
//! [`TargetGroup::routable_targets`].
//! Which load balancers use a target group is derived from the listeners and
//! rules whenever it is asked, never stored.

mod error;
mod listener;
mod load_balancer;
pub mod spec;
mod target_group;

pub use error::ElbError;
pub use listener::{
    Action, Certificate, CreateListenerInput, CreateRuleInput, DeleteListenerInput,
    DeleteRuleInput, DescribeListenersInput, DescribeRulesInput, FixedResponseConfig,
    ForwardConfig, Listener, ModifyListenerInput, ModifyRuleInput, RedirectConfig, RouteAction,
    Rule, RuleCondition, StickinessConfig, TargetGroupTuple, ValuesConfig,
};
pub use load_balancer::{
    CreateLoadBalancerInput, DeleteLoadBalancerInput, DescribeLoadBalancersInput, LbState, LbType,
    LbZone, LoadBalancer, Scheme, SetSecurityGroupsInput, SubnetMapping,
};
pub use spec::ELBV2_OPERATIONS;
pub use target_group::{
    CheckFailure, CheckResult, CreateTargetGroupInput, DeleteTargetGroupInput,
    DeregisterTargetsInput, DescribeTargetGroupAttributesInput, DescribeTargetGroupsInput,
    DescribeTargetHealthInput, HealthCheck, Matcher, ModifyTargetGroupAttributesInput,
    ModifyTargetGroupInput, RegisterTargetsInput, Target, TargetDescription, TargetGroup,
    TargetGroupAttribute, TargetId, TargetProtocol, TargetReason, TargetState, TargetType,
};

use crate::clock::{Duration, SimTime};
use crate::ec2::Ec2;
use crate::env::Env;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Every ELBv2 resource of the account, in one region, keyed by ARN.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Elbv2 {
    pub load_balancers: BTreeMap<String, LoadBalancer>,
    pub target_groups: BTreeMap<String, TargetGroup>,
    pub listeners: BTreeMap<String, Listener>,
    /// Non-default rules; each listener's default rule lives in the listener.
    pub rules: BTreeMap<String, Rule>,
}

/// What an ELBv2 call needs from the world besides ELBv2's own state.
pub struct ElbCtx<'a> {
    pub env: Env<'a>,
    /// Load balancer nodes take network interfaces; targets are checked against subnets.
    pub ec2: &'a mut Ec2,
}

/// Quotas from the ALB/NLB quota pages (defaults, not raised).
/// `targetgroup/<name>/<id>` from a target group ARN: CloudWatch's `TargetGroup`
/// dimension, and the second half of an ALBRequestCountPerTarget resource label.
pub fn target_group_dimension(arn: &str) -> String {
    arn.split_once(":targetgroup/")
        .map_or(arn.to_string(), |(_, rest)| format!("targetgroup/{rest}"))
}

pub mod limits {
    pub const LOAD_BALANCERS_PER_REGION: usize = 50;
    pub const TARGET_GROUPS_PER_REGION: usize = 3000;
    pub const LISTENERS_PER_LOAD_BALANCER: usize = 50;
    pub const RULES_PER_LOAD_BALANCER: usize = 100;
    pub const TARGETS_PER_TARGET_GROUP: usize = 1000;
    pub const TARGET_GROUPS_PER_ACTION: usize = 5;
    pub const SECURITY_GROUPS_PER_LOAD_BALANCER: usize = 5;
    pub const ACTIONS_PER_RULE: usize = 5;
    pub const CONDITION_VALUES_PER_RULE: usize = 5;
    /// An ALB/NLB node needs this many free addresses in each of its subnets.
    pub const FREE_ADDRESSES_PER_SUBNET: u64 = 8;
}

/// How long a new load balancer stays `provisioning` (model: AWS takes a few
/// minutes; one minute keeps lessons brisk, as for NAT gateways).
pub const PROVISIONING_SECONDS: u64 = 60;

impl Elbv2 {
    pub fn load_balancer(&self, arn: &str) -> Result<&LoadBalancer, ElbError> {
        self.load_balancers
            .get(arn)
            .ok_or(ElbError::LoadBalancerNotFound)
    }

    pub fn target_group(&self, arn: &str) -> Result<&TargetGroup, ElbError> {
        self.target_groups
            .get(arn)
            .ok_or(ElbError::TargetGroupNotFound)
    }

    pub fn target_group_mut(&mut self, arn: &str) -> Result<&mut TargetGroup, ElbError> {
        self.target_groups
            .get_mut(arn)
            .ok_or(ElbError::TargetGroupNotFound)
    }

    pub fn listener(&self, arn: &str) -> Result<&Listener, ElbError> {
        self.listeners.get(arn).ok_or(ElbError::ListenerNotFound)
    }

    /// For each target group something forwards to: the load balancers whose
    /// listeners (default actions) or rules do so.
    pub(crate) fn target_group_users(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut users: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut add = |actions: &[Action], lb: &str| {
            for action in actions {
                for tg in action.target_group_arns() {
                    users
                        .entry(tg.to_string())
                        .or_default()
                        .insert(lb.to_string());
                }
            }
        };
        for listener in self.listeners.values() {
            add(&listener.default_actions, &listener.load_balancer_arn);
        }
        for rule in self.rules.values() {
            if let Some(listener) = self.listeners.get(&rule.listener_arn) {
                add(&rule.actions, &listener.load_balancer_arn);
            }
        }
        users
    }

    /// `LoadBalancerArns` of a target group: the load balancers that forward to it.
    pub fn load_balancers_of(&self, target_group_arn: &str) -> Vec<String> {
        self.target_group_users()
            .remove(target_group_arn)
            .map(|set| set.into_iter().collect())
            .unwrap_or_default()
    }

    /// Whether an active load balancer forwards to the target group (its
    /// targets are health-checked and can receive traffic).
    pub fn target_group_in_use(&self, target_group_arn: &str) -> bool {
        self.load_balancers_of(target_group_arn).iter().any(|lb| {
            self.load_balancers
                .get(lb)
                .is_some_and(|l| l.state == LbState::Active)
        })
    }

    /// Puts every target group's targets in line with whether it is in use:
    /// `unused` (`Target.NotInUse`) when no active load balancer forwards to
    /// it, back to `initial` when one starts to.
    pub(crate) fn refresh_target_usage(&mut self, now: SimTime) {
        let users = self.target_group_users();
        let active: BTreeSet<&String> = self
            .load_balancers
            .iter()
            .filter(|(_, lb)| lb.state == LbState::Active)
            .map(|(arn, _)| arn)
            .collect();
        for (arn, group) in self.target_groups.iter_mut() {
            let in_use = users
                .get(arn)
                .is_some_and(|lbs| lbs.iter().any(|lb| active.contains(lb)));
            group.set_in_use(in_use, now);
        }
    }

    /// The next instant at which something here changes by itself: a load
    /// balancer finishes provisioning, a target finishes draining, or a
    /// target's next health check is due.
    pub fn next_transition(&self) -> Option<SimTime> {
        let provisioning = self
            .load_balancers
            .values()
            .filter(|lb| lb.state == LbState::Provisioning)
            .map(|lb| lb.created_at.plus(Duration(PROVISIONING_SECONDS)));
        let targets = self
            .target_groups
            .values()
            .filter_map(TargetGroup::next_transition);
        provisioning.chain(targets).min()
    }

    /// Moves time-driven states along: provisioning load balancers become
    /// active (their target groups come into use), drained targets leave.
    pub fn advance_to(&mut self, now: SimTime) {
        let mut activated = false;
        for lb in self.load_balancers.values_mut() {
            if lb.state == LbState::Provisioning
                && lb.created_at.plus(Duration(PROVISIONING_SECONDS)) <= now
            {
                lb.state = LbState::Active;
                activated = true;
            }
        }
        if activated {
            self.refresh_target_usage(now);
        }
        for group in self.target_groups.values_mut() {
            group.advance_to(now);
        }
    }

    /// Every health check due at `now`, as (target group ARN, target).
    pub fn checks_due(&self, now: SimTime) -> Vec<(String, Vec<TargetId>)> {
        self.target_groups
            .iter()
            .map(|(arn, group)| (arn.clone(), group.targets_due_for_check(now)))
            .filter(|(_, due)| !due.is_empty())
            .collect()
    }

    /// Records a group's round of checks (see [`TargetGroup::record_checks`]).
    pub fn record_checks(
        &mut self,
        target_group_arn: &str,
        results: impl IntoIterator<Item = target_group::CheckResult>,
        now: SimTime,
    ) {
        if let Some(group) = self.target_groups.get_mut(target_group_arn) {
            group.record_checks(results, now);
        }
    }

    /// Records one health check result (see [`TargetGroup::record_check`]).
    /// Returns the target's new state when it changed.
    pub fn record_check(
        &mut self,
        target_group_arn: &str,
        target: &TargetId,
        passed: bool,
        failure: Option<CheckFailure>,
        now: SimTime,
    ) -> Option<TargetState> {
        self.target_groups
            .get_mut(target_group_arn)?
            .record_check(target, passed, failure, now)
    }

    /// What the listener does with a request for `host` and `path`: the
    /// rules in priority order, then the default action.
    pub fn route(&self, listener_arn: &str, path: &str, host: &str) -> Option<RouteAction> {
        let listener = self.listeners.get(listener_arn)?;
        let mut rules: Vec<&Rule> = self
            .rules
            .values()
            .filter(|r| r.listener_arn == listener_arn)
            .collect();
        rules.sort_by_key(|r| r.priority);
        let actions = rules
            .into_iter()
            .find(|r| r.matches(path, host))
            .map(|r| r.actions.as_slice())
            .unwrap_or(listener.default_actions.as_slice());
        listener::route_action(actions)
    }

    /// The target groups the listener's default action forwards to, with their
    /// weights: what CodeDeploy shifts, whatever rules the listener also has.
    pub fn default_forward_weights(&self, listener_arn: &str) -> Vec<(String, u32)> {
        let actions = self
            .listeners
            .get(listener_arn)
            .map(|l| l.default_actions.as_slice())
            .unwrap_or_default();
        forwarded(listener::route_action(actions))
    }

    /// The target groups a request is forwarded to, with their weights
    /// (empty when the matching action is a redirect or a fixed response).
    pub fn forward_weights(
        &self,
        listener_arn: &str,
        path: &str,
        host: &str,
    ) -> Vec<(String, u32)> {
        forwarded(self.route(listener_arn, path, host))
    }
}

/// A route's target groups and weights; none for a redirect or fixed response.
fn forwarded(route: Option<RouteAction>) -> Vec<(String, u32)> {
    match route {
        Some(RouteAction::Forward(groups)) => groups,
        _ => Vec::new(),
    }
}

/// `arn:aws:elasticloadbalancing:<region>:<account>:<resource>`.
fn arn(ctx: &ElbCtx, resource: &str) -> String {
    format!(
        "arn:aws:elasticloadbalancing:{}:{}:{resource}",
        ctx.env.region, ctx.env.account_id
    )
}

/// An integer parameter checked against its model range.
fn in_range(value: i64, field: &'static str, min: i64, max: i64) -> Result<i64, ElbError> {
    if value < min {
        return Err(ElbError::ValueTooSmall { value, field, min });
    }
    if value > max {
        return Err(ElbError::ValueTooLarge { value, field, max });
    }
    Ok(value)
}

/// A port parameter (1–65535).
fn port(value: i64, field: &'static str) -> Result<u16, ElbError> {
    let value = in_range(value, field, 1, 65535)?;
    Ok(u16::try_from(value).unwrap_or(u16::MAX))
}

#[cfg(test)]
mod tests;

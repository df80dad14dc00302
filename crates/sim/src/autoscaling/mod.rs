//! Application Auto Scaling for `ecs:service:DesiredCount`: scalable targets
//! with their min/max, target tracking policies (which create the AlarmHigh /
//! AlarmLow CloudWatch alarms AWS creates and act when those fire), and the
//! scaling activities they leave, described as AWS describes them.

pub mod scaling_policy;
pub mod scheduled_action;

use crate::alarms::{AlarmDimension, MetricAlarm};
use crate::clock::{Duration, SimTime};
use crate::ecs::task::TaskStatus;
use crate::error::AwsErrorCode;
use crate::schedule_expression::{parse_schedule, timezone_offset};
use crate::world::World;
use scaling_policy::{
    target_tracking_capacity, StepScalingConfiguration, TargetTrackingConfiguration,
    DEFAULT_COOLDOWN,
};
use scheduled_action::ScheduledAction;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

pub const ECS_DIMENSION: &str = "ecs:service:DesiredCount";
const MAX_ACTIVITIES: usize = 500;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AutoScalingError {
    #[error("{0}")]
    Validation(String),
    #[error("{0}")]
    NotFound(String),
}

impl AwsErrorCode for AutoScalingError {
    fn code(&self) -> &'static str {
        match self {
            AutoScalingError::Validation(_) => "ValidationException",
            AutoScalingError::NotFound(_) => "ObjectNotFoundException",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SuspendedState {
    #[serde(default)]
    pub dynamic_scaling_in_suspended: bool,
    #[serde(default)]
    pub dynamic_scaling_out_suspended: bool,
    #[serde(default)]
    pub scheduled_scaling_suspended: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalableTarget {
    pub resource_id: String,
    pub min_capacity: u32,
    pub max_capacity: u32,
    pub suspended: SuspendedState,
    pub created_at: SimTime,
    pub last_scale_out_at: Option<SimTime>,
    pub last_scale_in_at: Option<SimTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingPolicy {
    pub name: String,
    pub arn: String,
    pub resource_id: String,
    pub configuration: PolicyConfiguration,
    /// The alarms a target tracking policy created: AlarmHigh, then AlarmLow
    /// (unless scale-in is disabled). Step policies are invoked by the learner's alarms.
    pub alarms: Vec<String>,
    pub created_at: SimTime,
    /// When the policy last changed the desired count (step scaling's cooldown).
    #[serde(default)]
    pub last_scaled_at: Option<SimTime>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyConfiguration {
    TargetTracking(TargetTrackingConfiguration),
    Step(StepScalingConfiguration),
}

impl PolicyConfiguration {
    /// The policy type, the key its configuration goes under, and the
    /// configuration in the API's shape (what PutScalingPolicy and
    /// CloudFormation take, and DescribeScalingPolicies returns).
    pub fn api_shape(&self) -> (&'static str, &'static str, Value) {
        match self {
            PolicyConfiguration::TargetTracking(c) => (
                "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration",
                json!(c),
            ),
            PolicyConfiguration::Step(c) => {
                ("StepScaling", "StepScalingPolicyConfiguration", json!(c))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingActivity {
    pub id: String,
    pub resource_id: String,
    pub description: String,
    pub cause: String,
    pub at: SimTime,
    pub status_message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationAutoScaling {
    pub targets: BTreeMap<String, ScalableTarget>,
    /// By policy ARN.
    pub policies: BTreeMap<String, ScalingPolicy>,
    /// Newest first.
    pub activities: Vec<ScalingActivity>,
    /// By ARN.
    #[serde(default)]
    pub scheduled_actions: BTreeMap<String, ScheduledAction>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetInput {
    pub service_namespace: String,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub resource_ids: Vec<String>,
    #[serde(default)]
    pub scalable_dimension: Option<String>,
    pub min_capacity: Option<i64>,
    pub max_capacity: Option<i64>,
    pub suspended_state: Option<SuspendedState>,
    #[serde(default)]
    pub policy_name: Option<String>,
    #[serde(default)]
    pub policy_names: Vec<String>,
    pub policy_type: Option<String>,
    pub target_tracking_scaling_policy_configuration: Option<TargetTrackingConfiguration>,
    pub step_scaling_policy_configuration: Option<StepScalingConfiguration>,
    #[serde(default)]
    pub scheduled_action_name: Option<String>,
    #[serde(default)]
    pub scheduled_action_names: Vec<String>,
    pub schedule: Option<String>,
    pub timezone: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub scalable_target_action: Option<ScalableTargetAction>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScalableTargetAction {
    pub min_capacity: Option<i64>,
    pub max_capacity: Option<i64>,
}

fn no_target(resource_id: &str) -> AutoScalingError {
    AutoScalingError::NotFound(format!("No scalable target registered for service namespace: ecs, resource ID: {resource_id}, scalable dimension: {ECS_DIMENSION}"))
}

fn invalid(message: impl Into<String>) -> AutoScalingError {
    AutoScalingError::Validation(message.into())
}

impl World {
    fn check_namespace(input: &TargetInput) -> Result<(), AutoScalingError> {
        if input.service_namespace != "ecs" {
            return Err(invalid(format!(
                "Only the ecs service namespace is simulated in ECS Playground, not {}.",
                input.service_namespace
            )));
        }
        if let Some(d) = &input.scalable_dimension {
            if d != ECS_DIMENSION {
                return Err(invalid(format!("Unsupported scalable dimension '{d}' for service namespace ecs: use {ECS_DIMENSION}.")));
            }
        }
        Ok(())
    }

    /// `service/<cluster>/<service>` → the ECS service key, if such a service is active.
    fn scalable_service(&self, resource_id: &str) -> Option<String> {
        let mut parts = resource_id.split('/');
        let (Some("service"), Some(cluster), Some(service), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let key = format!("{cluster}/{service}");
        self.ecs
            .services
            .get(&key)
            .filter(|s| s.status == crate::ecs::service::ServiceStatus::Active)
            .map(|_| key)
    }

    pub(crate) fn register_scalable_target(
        &mut self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let resource_id = input.resource_id.clone().unwrap_or_default();
        if self.scalable_service(&resource_id).is_none() {
            return Err(invalid(format!("ECS service doesn't exist: {resource_id}")));
        }
        let existing = self.autoscaling.targets.get(&resource_id).cloned();
        let (min, max) =
            match (&existing, input.min_capacity, input.max_capacity) {
                (None, Some(min), Some(max)) => (min, max),
                (None, _, _) => return Err(invalid(
                    "MinCapacity and MaxCapacity are required to register a new scalable target.",
                )),
                (Some(t), min, max) => (
                    min.unwrap_or(i64::from(t.min_capacity)),
                    max.unwrap_or(i64::from(t.max_capacity)),
                ),
            };
        if min < 0 || !(0..=10_000).contains(&max) {
            return Err(invalid(
                "MinCapacity and MaxCapacity must be between 0 and 10000.",
            ));
        }
        if min > max {
            return Err(invalid(
                "Minimum capacity cannot be greater than maximum capacity",
            ));
        }
        let target = ScalableTarget {
            resource_id: resource_id.clone(),
            min_capacity: min as u32,
            max_capacity: max as u32,
            suspended: input
                .suspended_state
                .or(existing.as_ref().map(|t| t.suspended.clone()))
                .unwrap_or_default(),
            created_at: existing.as_ref().map_or(self.now, |t| t.created_at),
            last_scale_out_at: existing.as_ref().and_then(|t| t.last_scale_out_at),
            last_scale_in_at: existing.as_ref().and_then(|t| t.last_scale_in_at),
        };
        self.autoscaling.targets.insert(resource_id.clone(), target);
        // A desired count outside the new range is brought into it.
        if let Some(desired) = self.desired_of(&resource_id) {
            let clamped = desired.clamp(min as u32, max as u32);
            if clamped != desired {
                let bound = if clamped > desired {
                    "minimum"
                } else {
                    "maximum"
                };
                let cause = format!("{bound} capacity was set to {clamped}");
                self.set_desired(&resource_id, clamped, cause);
            }
        }
        Ok(json!({
            "ScalableTargetARN": format!("arn:aws:application-autoscaling:{}:{}:scalable-target/{}", self.region, self.account_id, short_id(&resource_id)),
        }))
    }

    pub(crate) fn describe_scalable_targets(
        &self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let targets: Vec<Value> = self
            .autoscaling
            .targets
            .values()
            .filter(|t| input.resource_ids.is_empty() || input.resource_ids.contains(&t.resource_id))
            .map(|t| json!({
                "ServiceNamespace": "ecs",
                "ResourceId": t.resource_id,
                "ScalableDimension": ECS_DIMENSION,
                "MinCapacity": t.min_capacity,
                "MaxCapacity": t.max_capacity,
                "RoleARN": format!("arn:aws:iam::{}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService", self.account_id),
                "CreationTime": t.created_at.to_iso8601(),
                "SuspendedState": t.suspended,
                "ScalableTargetARN": format!("arn:aws:application-autoscaling:{}:{}:scalable-target/{}", self.region, self.account_id, short_id(&t.resource_id)),
            }))
            .collect();
        Ok(json!({ "ScalableTargets": targets }))
    }

    pub(crate) fn deregister_scalable_target(
        &mut self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let resource_id = input.resource_id.clone().unwrap_or_default();
        if self.autoscaling.targets.remove(&resource_id).is_none() {
            return Err(no_target(&resource_id));
        }
        let policies: Vec<String> = self
            .autoscaling
            .policies
            .values()
            .filter(|p| p.resource_id == resource_id)
            .map(|p| p.arn.clone())
            .collect();
        for arn in policies {
            self.remove_policy(&arn);
        }
        Ok(json!({}))
    }

    pub(crate) fn put_scaling_policy(
        &mut self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let resource_id = input.resource_id.clone().unwrap_or_default();
        let name = input.policy_name.clone().unwrap_or_default();
        if name.is_empty() || name.len() > 256 {
            return Err(invalid(
                "PolicyName must be between 1 and 256 characters long.",
            ));
        }
        if !self.autoscaling.targets.contains_key(&resource_id) {
            return Err(no_target(&resource_id));
        }
        match input.policy_type.as_deref().unwrap_or("StepScaling") {
            "TargetTrackingScaling" => {}
            "StepScaling" => return self.put_step_scaling_policy(resource_id, name, input),
            other => {
                return Err(invalid(format!(
                    "Unsupported policy type {other} for ECS services."
                )))
            }
        }
        let config = input
            .target_tracking_scaling_policy_configuration
            .clone()
            .ok_or_else(|| invalid("TargetTrackingScalingPolicyConfiguration is required for a TargetTrackingScaling policy."))?;
        if !config.target_value.is_finite() || config.target_value <= 0.0 {
            return Err(invalid("TargetValue must be greater than 0."));
        }
        for cooldown in [config.scale_in_cooldown, config.scale_out_cooldown]
            .into_iter()
            .flatten()
        {
            if !(0..=31_536_000).contains(&cooldown) {
                return Err(invalid("Cooldown must be between 0 and 31536000 seconds."));
            }
        }
        let (cluster, service) = resource_id
            .strip_prefix("service/")
            .and_then(|r| r.split_once('/'))
            .unwrap_or_default();
        let metric = config
            .metric(cluster, service)
            .map_err(AutoScalingError::Validation)?;
        let existing = self
            .autoscaling
            .policies
            .values()
            .find(|p| p.resource_id == resource_id && p.name == name)
            .cloned();
        let arn = match &existing {
            Some(p) => p.arn.clone(),
            None => self.scaling_arn("scalingPolicy", &resource_id, "policyName", &name),
        };
        // AlarmHigh: above the target for 3 of 3 minutes; AlarmLow: below 90 % of it for 15 of 15.
        let mut wanted: Vec<(&str, f64, &str, i64)> =
            vec![("AlarmHigh", config.target_value, "GreaterThanThreshold", 3)];
        if !config.scale_in_disabled() {
            wanted.push((
                "AlarmLow",
                config.target_value * 0.9,
                "LessThanThreshold",
                15,
            ));
        }
        let mut alarm_names = Vec::new();
        let old_names = existing
            .as_ref()
            .map(|p| p.alarms.clone())
            .unwrap_or_default();
        for (kind, threshold, operator, periods) in wanted {
            let name = old_names
                .iter()
                .find(|n| n.contains(&format!("-{kind}-")))
                .cloned()
                .unwrap_or_else(|| {
                    format!("TargetTracking-{resource_id}-{kind}-{}", self.rng_uuid())
                });
            let alarm = MetricAlarm {
                alarm_name: name.clone(),
                alarm_description: Some(format!(
                    "DO NOT EDIT OR DELETE. For TargetTrackingScaling policy {arn}."
                )),
                actions_enabled: true,
                ok_actions: vec![],
                alarm_actions: vec![arn.clone()],
                insufficient_data_actions: vec![],
                metric_name: metric.name.clone(),
                namespace: metric.namespace.clone(),
                statistic: Some(metric.statistic.clone()),
                dimensions: metric
                    .dimensions
                    .iter()
                    .map(|(n, v)| AlarmDimension {
                        name: n.clone(),
                        value: v.clone(),
                    })
                    .collect(),
                period: 60,
                evaluation_periods: periods,
                datapoints_to_alarm: Some(periods),
                threshold: Some((threshold * 1e6).round() / 1e6),
                comparison_operator: operator.into(),
                treat_missing_data: None,
                unit: None,
            };
            self.alarms
                .put_metric_alarm(alarm, self.now)
                .map_err(|e| invalid(e.to_string()))?;
            alarm_names.push(name);
        }
        // Scale-in turned off: the AlarmLow goes.
        for stale in old_names.iter().filter(|n| !alarm_names.contains(n)) {
            self.alarms.alarms.remove(stale);
        }
        let policy = ScalingPolicy {
            name,
            arn: arn.clone(),
            resource_id,
            configuration: PolicyConfiguration::TargetTracking(config),
            alarms: alarm_names.clone(),
            created_at: existing.as_ref().map_or(self.now, |p| p.created_at),
            last_scaled_at: existing.and_then(|p| p.last_scaled_at),
        };
        self.autoscaling.policies.insert(arn.clone(), policy);
        Ok(json!({ "PolicyARN": arn, "Alarms": self.alarm_refs(&alarm_names) }))
    }

    fn put_step_scaling_policy(
        &mut self,
        resource_id: String,
        name: String,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        let config = input.step_scaling_policy_configuration.ok_or_else(|| {
            invalid("StepScalingPolicyConfiguration is required for a StepScaling policy.")
        })?;
        config.validate().map_err(AutoScalingError::Validation)?;
        let existing = self
            .autoscaling
            .policies
            .values()
            .find(|p| p.resource_id == resource_id && p.name == name)
            .cloned();
        if existing
            .as_ref()
            .is_some_and(|p| !matches!(p.configuration, PolicyConfiguration::Step(_)))
        {
            return Err(invalid(
                "A policy's type cannot be changed; delete it and create it again.",
            ));
        }
        let arn = match &existing {
            Some(p) => p.arn.clone(),
            None => self.scaling_arn("scalingPolicy", &resource_id, "policyName", &name),
        };
        let policy = ScalingPolicy {
            name,
            arn: arn.clone(),
            resource_id,
            configuration: PolicyConfiguration::Step(config),
            alarms: Vec::new(),
            created_at: existing.as_ref().map_or(self.now, |p| p.created_at),
            last_scaled_at: existing.and_then(|p| p.last_scaled_at),
        };
        self.autoscaling.policies.insert(arn.clone(), policy);
        Ok(json!({ "PolicyARN": arn, "Alarms": [] }))
    }

    /// A policy's alarms: those target tracking made for it, and any alarm
    /// that names the policy in its actions (how a step scaling policy is triggered).
    fn alarms_of(&self, policy: &ScalingPolicy) -> Vec<String> {
        let mut names = policy.alarms.clone();
        for (name, alarm) in &self.alarms.alarms {
            if alarm.definition.alarm_actions.contains(&policy.arn) && !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    }

    fn alarm_refs(&self, names: &[String]) -> Vec<Value> {
        names
            .iter()
            .map(|n| json!({ "AlarmName": n, "AlarmARN": format!("arn:aws:cloudwatch:{}:{}:alarm:{n}", self.region, self.account_id) }))
            .collect()
    }

    pub(crate) fn describe_scaling_policies(
        &self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let policies: Vec<Value> = self
            .autoscaling
            .policies
            .values()
            .filter(|p| {
                input
                    .resource_id
                    .as_deref()
                    .is_none_or(|r| r == p.resource_id)
            })
            .filter(|p| input.policy_names.is_empty() || input.policy_names.contains(&p.name))
            .map(|p| {
                let mut shape = json!({
                    "PolicyARN": p.arn,
                    "PolicyName": p.name,
                    "ServiceNamespace": "ecs",
                    "ResourceId": p.resource_id,
                    "ScalableDimension": ECS_DIMENSION,
                    "Alarms": self.alarm_refs(&self.alarms_of(p)),
                    "CreationTime": p.created_at.to_iso8601(),
                });
                let (kind, key, config) = p.configuration.api_shape();
                shape["PolicyType"] = json!(kind);
                shape[key] = config;
                shape
            })
            .collect();
        Ok(json!({ "ScalingPolicies": policies }))
    }

    pub(crate) fn delete_scaling_policy(
        &mut self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let resource_id = input.resource_id.clone().unwrap_or_default();
        let name = input.policy_name.clone().unwrap_or_default();
        let arn = self
            .autoscaling
            .policies
            .values()
            .find(|p| p.resource_id == resource_id && p.name == name)
            .map(|p| p.arn.clone())
            .ok_or_else(|| AutoScalingError::NotFound(format!("No scaling policy found for service namespace: ecs, resource ID: {resource_id}, scalable dimension: {ECS_DIMENSION}, policy name: {name}")))?;
        self.remove_policy(&arn);
        Ok(json!({}))
    }

    fn remove_policy(&mut self, arn: &str) {
        if let Some(policy) = self.autoscaling.policies.remove(arn) {
            for alarm in &policy.alarms {
                self.alarms.alarms.remove(alarm);
            }
        }
    }

    pub(crate) fn describe_scaling_activities(
        &self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let activities: Vec<Value> = self
            .autoscaling
            .activities
            .iter()
            .filter(|a| {
                input
                    .resource_id
                    .as_deref()
                    .is_none_or(|r| r == a.resource_id)
            })
            .map(|a| {
                json!({
                    "ActivityId": a.id,
                    "ServiceNamespace": "ecs",
                    "ResourceId": a.resource_id,
                    "ScalableDimension": ECS_DIMENSION,
                    "Description": a.description,
                    "Cause": a.cause,
                    "StartTime": a.at.to_iso8601(),
                    "EndTime": a.at.to_iso8601(),
                    "StatusCode": "Successful",
                    "StatusMessage": a.status_message,
                })
            })
            .collect();
        Ok(json!({ "ScalingActivities": activities }))
    }

    fn desired_of(&self, resource_id: &str) -> Option<u32> {
        let key = self.scalable_service(resource_id)?;
        self.ecs.services.get(&key).map(|s| s.desired_count)
    }

    fn set_desired(&mut self, resource_id: &str, desired: u32, cause: String) {
        let Some(key) = self.scalable_service(resource_id) else {
            return;
        };
        if let Some(service) = self.ecs.services.get_mut(&key) {
            service.desired_count = desired;
            service.steady_state_pending = true;
        }
        let id = self.rng_uuid();
        self.autoscaling.activities.insert(
            0,
            ScalingActivity {
                id,
                resource_id: resource_id.to_string(),
                description: format!("Setting desired count to {desired}."),
                cause,
                at: self.now,
                status_message: format!("Successfully set desired count to {desired}. Change successfully fulfilled by ecs."),
            },
        );
        self.autoscaling.activities.truncate(MAX_ACTIVITIES);
    }

    fn running_tasks(&self, cluster: &str, service: &str) -> u32 {
        self.ecs
            .tasks
            .values()
            .filter(|t| {
                t.of_service(cluster, service)
                    && t.last_status == TaskStatus::Running
                    && !t.desired_stopped
            })
            .count() as u32
    }

    /// The capacity a target tracking policy asks for from its metric's latest
    /// one-minute datapoint; without data, none (nothing scales).
    fn tracking_capacity(
        &self,
        tracking: &TargetTrackingConfiguration,
        service: &crate::ecs::service::Service,
        running: u32,
    ) -> Option<u32> {
        let metric = tracking.metric(&service.cluster, &service.name).ok()?;
        let minute = self.now.0 / 60;
        let value = self.metrics.statistic(
            &metric.namespace,
            &metric.name,
            &metric.dimensions,
            &metric.statistic,
            minute.saturating_sub(1),
            minute,
        )?;
        Some(target_tracking_capacity(
            running,
            value,
            tracking.target_value,
        ))
    }

    /// An alarm in ALARM invoked a policy: target tracking scales out on its
    /// AlarmHigh and in on its AlarmLow; a step policy takes the step for how
    /// far the alarm's metric is past its threshold. Both start from the
    /// running task count and stay within the target's min and max.
    pub(crate) fn run_scaling_policy(&mut self, policy_arn: &str, alarm_name: &str) {
        let Some(policy) = self.autoscaling.policies.get(policy_arn).cloned() else {
            return;
        };
        let Some(target) = self.autoscaling.targets.get(&policy.resource_id).cloned() else {
            return;
        };
        let Some(key) = self.scalable_service(&policy.resource_id) else {
            return;
        };
        let Some(service) = self.ecs.services.get(&key).cloned() else {
            return;
        };
        let running = self.running_tasks(&service.cluster, &service.name);
        let minute = self.now.0 / 60;
        let (wanted, cooldown, scale_in_allowed) =
            match &policy.configuration {
                PolicyConfiguration::TargetTracking(tracking) => {
                    let Some(wanted) = self.tracking_capacity(tracking, &service, running) else {
                        return;
                    };
                    // AlarmHigh only ever scales out, AlarmLow only ever in.
                    let wanted =
                        if alarm_name.contains("-AlarmHigh-") {
                            wanted.max(service.desired_count)
                        } else {
                            // Several target tracking policies scale in only when all of
                            // them (with scale-in enabled) want to, to the largest capacity.
                            let mut wanted = wanted;
                            for other in self.autoscaling.policies.values().filter(|p| {
                                p.arn != policy.arn && p.resource_id == policy.resource_id
                            }) {
                                let PolicyConfiguration::TargetTracking(t) = &other.configuration
                                else {
                                    continue;
                                };
                                if t.scale_in_disabled() {
                                    continue;
                                }
                                let low_in_alarm = other.alarms.iter().any(|a| {
                                    a.contains("-AlarmLow-")
                                        && self.alarms.alarms.get(a).is_some_and(|x| {
                                            x.state == crate::alarms::AlarmState::Alarm
                                        })
                                });
                                match self.tracking_capacity(t, &service, running) {
                                    Some(theirs) if low_in_alarm => wanted = wanted.max(theirs),
                                    _ => return,
                                }
                            }
                            wanted.min(service.desired_count)
                        };
                    (
                        wanted,
                        tracking.scale_in_cooldown.unwrap_or(DEFAULT_COOLDOWN),
                        !tracking.scale_in_disabled(),
                    )
                }
                PolicyConfiguration::Step(step) => {
                    let Some(alarm) = self.alarms.alarms.get(alarm_name) else {
                        return;
                    };
                    let d = &alarm.definition;
                    let period = (d.period / 60).max(1) as u64;
                    let dims: Vec<(String, String)> = d
                        .dimensions
                        .iter()
                        .map(|x| (x.name.clone(), x.value.clone()))
                        .collect();
                    let Some(value) = self.metrics.statistic(
                        &d.namespace,
                        &d.metric_name,
                        &dims,
                        d.statistic.as_deref().unwrap_or("Average"),
                        minute.saturating_sub(period),
                        minute,
                    ) else {
                        return;
                    };
                    let offset = value - d.threshold.unwrap_or_default();
                    let Some(wanted) = step.capacity(running, offset) else {
                        return;
                    };
                    (wanted, step.cooldown.unwrap_or(DEFAULT_COOLDOWN), true)
                }
            };
        let desired = service.desired_count;
        let (min, max) = (target.min_capacity, target.max_capacity);
        let cause = format!(
            "monitor alarm {alarm_name} in state ALARM triggered policy {}",
            policy.name
        );
        let now = self.now;
        let new = wanted.clamp(min, max.max(min));
        if new > desired {
            if target.suspended.dynamic_scaling_out_suspended {
                return;
            }
            self.set_desired(&policy.resource_id, new, cause);
            if let Some(t) = self.autoscaling.targets.get_mut(&policy.resource_id) {
                t.last_scale_out_at = Some(now);
                // A scale-out ends the scale-in cooldown.
                t.last_scale_in_at = None;
            }
        } else if new < desired {
            let deploying = !service.older_deployments.is_empty() || !service.rollout_completed;
            let cooling = target
                .last_scale_in_at
                .is_some_and(|at| now < at.plus(Duration(cooldown.max(0) as u64)));
            if !scale_in_allowed
                || target.suspended.dynamic_scaling_in_suspended
                || deploying
                || cooling
            {
                return;
            }
            self.set_desired(&policy.resource_id, new, cause);
            if let Some(t) = self.autoscaling.targets.get_mut(&policy.resource_id) {
                t.last_scale_in_at = Some(now);
            }
        } else {
            return;
        }
        if let Some(p) = self.autoscaling.policies.get_mut(policy_arn) {
            p.last_scaled_at = Some(now);
        }
    }

    pub(crate) fn put_scheduled_action(
        &mut self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let resource_id = input.resource_id.clone().unwrap_or_default();
        let name = input.scheduled_action_name.clone().unwrap_or_default();
        if name.is_empty() || name.len() > 256 {
            return Err(invalid(
                "ScheduledActionName must be between 1 and 256 characters long.",
            ));
        }
        if !self.autoscaling.targets.contains_key(&resource_id) {
            return Err(no_target(&resource_id));
        }
        let existing = self
            .autoscaling
            .scheduled_actions
            .values()
            .find(|a| a.resource_id == resource_id && a.name == name)
            .cloned();
        let schedule = input
            .schedule
            .clone()
            .or(existing.as_ref().map(|a| a.schedule.clone()))
            .ok_or_else(|| invalid("Schedule is required for a new scheduled action."))?;
        parse_schedule(&schedule).map_err(AutoScalingError::Validation)?;
        let timezone = input
            .timezone
            .clone()
            .or(existing.as_ref().map(|a| a.timezone.clone()))
            .unwrap_or_else(|| "UTC".into());
        timezone_offset(&timezone).map_err(AutoScalingError::Validation)?;
        let time =
            |text: &Option<String>, what: &str| -> Result<Option<SimTime>, AutoScalingError> {
                text.as_deref()
                    .map(|t| {
                        crate::metrics::parse_timestamp(t).ok_or_else(|| {
                            invalid(format!(
                                "{what} must be a timestamp such as 2026-01-01T09:00:00Z."
                            ))
                        })
                    })
                    .transpose()
            };
        let start =
            time(&input.start_time, "StartTime")?.or(existing.as_ref().and_then(|a| a.start));
        let end = time(&input.end_time, "EndTime")?.or(existing.as_ref().and_then(|a| a.end));
        let action = input.scalable_target_action.unwrap_or_default();
        let capacity = |v: Option<i64>| -> Result<Option<u32>, AutoScalingError> {
            v.map(|v| {
                u32::try_from(v)
                    .ok()
                    .filter(|v| *v <= 10_000)
                    .ok_or_else(|| {
                        invalid("MinCapacity and MaxCapacity must be between 0 and 10000.")
                    })
            })
            .transpose()
        };
        let min = capacity(action.min_capacity)?.or(existing.as_ref().and_then(|a| a.min_capacity));
        let max = capacity(action.max_capacity)?.or(existing.as_ref().and_then(|a| a.max_capacity));
        if min.is_none() && max.is_none() {
            return Err(invalid(
                "ScalableTargetAction needs a MinCapacity, a MaxCapacity or both.",
            ));
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                return Err(invalid(
                    "Minimum capacity cannot be greater than maximum capacity",
                ));
            }
        }
        let arn = match &existing {
            Some(a) => a.arn.clone(),
            None => self.scaling_arn(
                "scheduledAction",
                &resource_id,
                "scheduledActionName",
                &name,
            ),
        };
        let action = ScheduledAction {
            name,
            arn: arn.clone(),
            resource_id,
            schedule,
            timezone,
            start,
            end,
            min_capacity: min,
            max_capacity: max,
            created_at: existing.map_or(self.now, |a| a.created_at),
        };
        self.autoscaling.scheduled_actions.insert(arn, action);
        Ok(json!({}))
    }

    pub(crate) fn describe_scheduled_actions(
        &self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let actions: Vec<Value> = self
            .autoscaling
            .scheduled_actions
            .values()
            .filter(|a| {
                input
                    .resource_id
                    .as_deref()
                    .is_none_or(|r| r == a.resource_id)
            })
            .filter(|a| {
                input.scheduled_action_names.is_empty()
                    || input.scheduled_action_names.contains(&a.name)
            })
            .map(|a| {
                let mut target_action = serde_json::Map::new();
                if let Some(v) = a.min_capacity {
                    target_action.insert("MinCapacity".into(), json!(v));
                }
                if let Some(v) = a.max_capacity {
                    target_action.insert("MaxCapacity".into(), json!(v));
                }
                let mut shape = json!({
                    "ScheduledActionName": a.name,
                    "ScheduledActionARN": a.arn,
                    "ServiceNamespace": "ecs",
                    "Schedule": a.schedule,
                    "Timezone": a.timezone,
                    "ResourceId": a.resource_id,
                    "ScalableDimension": ECS_DIMENSION,
                    "ScalableTargetAction": target_action,
                    "CreationTime": a.created_at.to_iso8601(),
                });
                if let Some(t) = a.start {
                    shape["StartTime"] = json!(t.to_iso8601());
                }
                if let Some(t) = a.end {
                    shape["EndTime"] = json!(t.to_iso8601());
                }
                shape
            })
            .collect();
        Ok(json!({ "ScheduledActions": actions }))
    }

    pub(crate) fn delete_scheduled_action(
        &mut self,
        input: TargetInput,
    ) -> Result<Value, AutoScalingError> {
        Self::check_namespace(&input)?;
        let resource_id = input.resource_id.clone().unwrap_or_default();
        let name = input.scheduled_action_name.clone().unwrap_or_default();
        let arn = self
            .autoscaling
            .scheduled_actions
            .values()
            .find(|a| a.resource_id == resource_id && a.name == name)
            .map(|a| a.arn.clone())
            .ok_or_else(|| AutoScalingError::NotFound(format!("No scheduled action found for service namespace: ecs, resource ID: {resource_id}, scalable dimension: {ECS_DIMENSION}, scheduled action name: {name}")))?;
        self.autoscaling.scheduled_actions.remove(&arn);
        Ok(json!({}))
    }

    /// At a minute boundary: scheduled actions due this minute set their
    /// target's min and max, and the desired count follows into the range.
    pub(crate) fn run_scheduled_actions(&mut self) {
        if self.autoscaling.scheduled_actions.is_empty() || !self.now.0.is_multiple_of(60) {
            return;
        }
        let minute = self.now.0 / 60;
        let due: Vec<ScheduledAction> = self
            .autoscaling
            .scheduled_actions
            .values()
            .filter(|a| {
                a.start.is_none_or(|s| self.now >= s)
                    && a.end.is_none_or(|e| self.now <= e)
                    && self
                        .autoscaling
                        .targets
                        .get(&a.resource_id)
                        .is_some_and(|t| !t.suspended.scheduled_scaling_suspended)
            })
            .filter(|a| {
                let anchor = a.start.unwrap_or(a.created_at).0.div_ceil(60);
                parse_schedule(&a.schedule).is_ok_and(|s| s.fires_at(&a.timezone, anchor, minute))
            })
            .cloned()
            .collect();
        for action in due {
            let Some(target) = self.autoscaling.targets.get_mut(&action.resource_id) else {
                continue;
            };
            if let Some(min) = action.min_capacity {
                target.min_capacity = min;
            }
            if let Some(max) = action.max_capacity {
                target.max_capacity = max;
            }
            target.max_capacity = target.max_capacity.max(target.min_capacity);
            let (min, max) = (target.min_capacity, target.max_capacity);
            let id = self.rng_uuid();
            self.autoscaling.activities.insert(
                0,
                ScalingActivity {
                    id,
                    resource_id: action.resource_id.clone(),
                    description: format!("Setting min capacity to {min} and max capacity to {max}"),
                    cause: format!("scheduled action name {} was triggered", action.name),
                    at: self.now,
                    status_message: format!(
                        "Successfully set min capacity to {min} and max capacity to {max}"
                    ),
                },
            );
            if let Some(desired) = self.desired_of(&action.resource_id) {
                let clamped = desired.clamp(min, max);
                if clamped != desired {
                    let bound = if clamped > desired {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    self.set_desired(
                        &action.resource_id,
                        clamped,
                        format!("{bound} capacity was set to {clamped}"),
                    );
                }
            }
        }
    }

    /// At a minute boundary, after the metrics: alarms are evaluated and the
    /// policies they point at run.
    pub(crate) fn evaluate_alarms(&mut self) {
        if self.alarms.alarms.is_empty() || !self.now.0.is_multiple_of(60) {
            return;
        }
        let fired = self.alarms.evaluate(&self.metrics, self.now);
        self.run_alarm_actions(fired);
    }

    /// Alarms that went into (or stay in) ALARM invoke the Auto Scaling policies among their actions.
    pub(crate) fn run_alarm_actions(
        &mut self,
        fired: impl IntoIterator<Item = crate::alarms::Fired>,
    ) {
        for f in fired {
            if f.state != crate::alarms::AlarmState::Alarm {
                continue;
            }
            for action in f
                .actions
                .iter()
                .filter(|a| crate::alarms::is_scaling_action(a))
            {
                self.run_scaling_policy(action, &f.alarm_name);
            }
        }
    }

    /// `arn:aws:autoscaling:…:scalingPolicy:<uuid>:resource/ecs/<id>:policyName/<name>` and the like.
    fn scaling_arn(
        &mut self,
        kind: &str,
        resource_id: &str,
        name_kind: &str,
        name: &str,
    ) -> String {
        let id = self.rng_uuid();
        format!(
            "arn:aws:autoscaling:{}:{}:{kind}:{id}:resource/ecs/{resource_id}:{name_kind}/{name}",
            self.region, self.account_id
        )
    }
}

/// A short stable id for a resource (scalable target ARNs end in one).
fn short_id(resource_id: &str) -> String {
    let hash = resource_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:032x}").chars().take(32).collect()
}

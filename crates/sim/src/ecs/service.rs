//! ECS services: a desired count kept by the service scheduler, spread over
//! the Availability Zones of their subnets, with deployments and the event
//! messages the console shows, worded as AWS words them.

use super::cluster::CapacityProviderStrategyItem;
use super::rolling_update::{rollout_reason, Deployment, RolloutState};
use super::task::LaunchType;
use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub name: String,
    pub cluster: String,
    pub task_definition_arn: String,
    pub desired_count: u32,
    pub launch_type: LaunchType,
    pub capacity_provider_strategy: Vec<CapacityProviderStrategyItem>,
    pub network: Option<AwsVpcConfiguration>,
    pub minimum_healthy_percent: u32,
    pub maximum_percent: u32,
    pub circuit_breaker: Option<(bool, bool)>,
    pub placement_constraints: Vec<Value>,
    pub placement_strategy: Vec<Value>,
    pub health_check_grace_period_seconds: Option<u32>,
    pub status: ServiceStatus,
    pub created_at: SimTime,
    pub deployment_id: String,
    pub deployment_created_at: SimTime,
    pub deployment_updated_at: SimTime,
    pub rollout_completed: bool,
    /// Tasks were started or stopped since the last "has reached a steady state"
    /// event: the scheduler owes one once things settle again. (A completed
    /// deployment stays COMPLETED; only a new deployment resets `rollout_completed`.)
    #[serde(default)]
    pub steady_state_pending: bool,
    /// Newest first, at most [`MAX_EVENTS`].
    pub events: Vec<ServiceEvent>,
    /// Start failures in a row (tasks that stopped before RUNNING): drives the throttle.
    pub consecutive_start_failures: u32,
    /// When the scheduler may launch again after start failures.
    pub next_launch_at: SimTime,
    pub last_steady_event_at: Option<SimTime>,
    pub failed_tasks: u32,
    #[serde(default)]
    pub load_balancers: Vec<super::load_balancing::ServiceLoadBalancer>,
    /// Earlier deployments whose tasks are still being replaced, newest first.
    #[serde(default)]
    pub older_deployments: Vec<Deployment>,
    /// The PRIMARY deployment failed (circuit breaker or alarm): it launches nothing more.
    #[serde(default)]
    pub rollout_failed: bool,
    #[serde(default)]
    pub rollout_failed_reason: Option<String>,
    /// Why the scheduler could not place the service's last task, per
    /// container instance ("explain why"); cleared once every task it
    /// wanted was placed.
    #[serde(default)]
    pub last_unplaceable: Option<super::placement::Unplaceable>,
    /// `deploymentConfiguration.alarms`: CloudWatch alarms that fail a deployment.
    #[serde(default)]
    pub deployment_alarms: Option<DeploymentAlarms>,
    /// `ECS` (rolling updates) or `CODE_DEPLOY` (blue/green through CodeDeploy).
    #[serde(default = "ecs_controller")]
    pub deployment_controller: String,
    /// CODE_DEPLOY: the replacement (green) task set while a blue/green deployment runs.
    #[serde(default)]
    pub replacement: Option<super::task_set::TaskSet>,
    /// ECS Exec for the tasks the service starts (tasks already running keep theirs).
    #[serde(default)]
    pub enable_execute_command: bool,
    /// Service Connect (the namespace as its Cloud Map ARN), for the tasks it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_connect: Option<super::service_connect::ServiceConnectConfiguration>,
}

fn ecs_controller() -> String {
    "ECS".into()
}

/// `deploymentConfiguration.alarms`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAlarms {
    pub alarm_names: Vec<String>,
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ServiceStatus {
    Active,
    Draining,
    Inactive,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsVpcConfiguration {
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub assign_public_ip: Option<String>,
}

impl AwsVpcConfiguration {
    pub fn public_ip(&self) -> bool {
        self.assign_public_ip.as_deref() == Some("ENABLED")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", from = "SavedServiceEvent")]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: SimTime,
    pub message: String,
    /// Whether the event reports something wrong. AWS's events carry only a
    /// message (`describe-services` prints none of this); the model knows
    /// which it wrote, so the Events tab need not guess from the words.
    pub severity: EventSeverity,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventSeverity {
    /// Progress: tasks started or stopped, targets registered, a steady state.
    #[default]
    Info,
    /// Something went wrong: a task that cannot start or be placed, an
    /// unhealthy target, a failed health check, a failed deployment.
    Problem,
}

/// A service event as saved: worlds saved before events had a severity are
/// read with the severity their message shows (what the Events tab used to guess).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SavedServiceEvent {
    id: String,
    created_at: SimTime,
    message: String,
    severity: Option<EventSeverity>,
}

impl From<SavedServiceEvent> for ServiceEvent {
    fn from(saved: SavedServiceEvent) -> ServiceEvent {
        let severity = saved.severity.unwrap_or_else(|| {
            let problem = ["unable", "unhealthy", "failed", "rolling back"]
                .iter()
                .any(|w| saved.message.contains(w));
            if problem {
                EventSeverity::Problem
            } else {
                EventSeverity::Info
            }
        });
        ServiceEvent {
            id: saved.id,
            created_at: saved.created_at,
            message: saved.message,
            severity,
        }
    }
}

pub const MAX_EVENTS: usize = 100;
/// AWS repeats "has reached a steady state" at most every six hours.
pub const STEADY_STATE_REPEAT_SECONDS: u64 = 6 * 3600;
/// The longest delay the start-failure throttle imposes (15 minutes).
pub const MAX_THROTTLE_SECONDS: u64 = 900;

impl Service {
    pub fn arn(&self, region: &str, account_id: &str) -> String {
        format!(
            "arn:aws:ecs:{region}:{account_id}:service/{}/{}",
            self.cluster, self.name
        )
    }

    pub fn group(&self) -> String {
        format!("service:{}", self.name)
    }

    pub fn push_event(
        &mut self,
        id: String,
        at: SimTime,
        severity: EventSeverity,
        message: String,
    ) {
        self.events.insert(
            0,
            ServiceEvent {
                id,
                created_at: at,
                message,
                severity,
            },
        );
        self.events.truncate(MAX_EVENTS);
    }

    /// The delay before the next launch after `failures` start failures in a row.
    pub fn throttle_seconds(failures: u32) -> u64 {
        if failures < 3 {
            return 0;
        }
        (10u64 << (failures - 3).min(10)).min(MAX_THROTTLE_SECONDS)
    }

    /// Makes a new PRIMARY deployment of `task_definition_arn`; the current one
    /// becomes ACTIVE and its tasks are replaced by the rolling update.
    pub fn begin_deployment(&mut self, id: String, task_definition_arn: String, now: SimTime) {
        let state = self.rollout_state();
        let previous = Deployment {
            id: std::mem::replace(&mut self.deployment_id, id),
            task_definition_arn: std::mem::replace(
                &mut self.task_definition_arn,
                task_definition_arn,
            ),
            created_at: self.deployment_created_at,
            updated_at: now,
            rollout_state: state,
            rollout_state_reason: String::new(),
            failed_tasks: self.failed_tasks,
        };
        let previous = Deployment {
            rollout_state_reason: self
                .rollout_failed_reason
                .clone()
                .unwrap_or_else(|| rollout_reason(&previous.id, state)),
            ..previous
        };
        self.older_deployments.insert(0, previous);
        self.deployment_created_at = now;
        self.deployment_updated_at = now;
        self.rollout_completed = false;
        self.rollout_failed = false;
        self.rollout_failed_reason = None;
        self.steady_state_pending = true;
        self.failed_tasks = 0;
        // A new deployment lifts the start-failure throttle.
        self.consecutive_start_failures = 0;
        self.next_launch_at = now;
    }

    /// A task of the PRIMARY deployment failed to start or failed its health
    /// checks: one more for the circuit breaker (`failedTasks`).
    pub fn count_failed_task(&mut self, task: &super::task::Task) {
        if task.started_by.as_deref() == Some(&self.deployment_id) && !self.rollout_completed {
            self.failed_tasks += 1;
        }
    }

    /// The PRIMARY deployment's rollout state.
    pub fn rollout_state(&self) -> RolloutState {
        if self.rollout_failed {
            RolloutState::Failed
        } else if self.rollout_completed {
            RolloutState::Completed
        } else {
            RolloutState::InProgress
        }
    }

    /// The `Service` shape; `counts` maps a deployment id to its (running, pending) tasks.
    pub fn shape(
        &self,
        region: &str,
        account_id: &str,
        counts: &BTreeMap<String, (usize, usize)>,
    ) -> Value {
        let count = |id: &str| counts.get(id).copied().unwrap_or_default();
        let (running, pending) = counts
            .values()
            .fold((0, 0), |(r, p), (dr, dp)| (r + dr, p + dp));
        let (primary_running, primary_pending) = count(&self.deployment_id);
        let mut deployments = vec![json!({
            "id": self.deployment_id,
            "status": "PRIMARY",
            "taskDefinition": self.task_definition_arn,
            "desiredCount": self.desired_count,
            "pendingCount": primary_pending,
            "runningCount": primary_running,
            "failedTasks": self.failed_tasks,
            "createdAt": self.deployment_created_at.to_iso8601(),
            "updatedAt": self.deployment_updated_at.to_iso8601(),
            "launchType": self.launch_type.name(),
            "rolloutState": self.rollout_state().as_str(),
            "rolloutStateReason": self.rollout_failed_reason.clone().unwrap_or_else(|| rollout_reason(&self.deployment_id, self.rollout_state())),
        })];
        for older in &self.older_deployments {
            let (r, p) = count(&older.id);
            deployments.push(json!({
                "id": older.id,
                "status": "ACTIVE",
                "taskDefinition": older.task_definition_arn,
                // An older deployment's desired count falls as its tasks are replaced.
                "desiredCount": r + p,
                "pendingCount": p,
                "runningCount": r,
                "failedTasks": older.failed_tasks,
                "createdAt": older.created_at.to_iso8601(),
                "updatedAt": older.updated_at.to_iso8601(),
                "launchType": self.launch_type.name(),
                "rolloutState": older.rollout_state.as_str(),
                "rolloutStateReason": older.rollout_state_reason,
            }));
        }
        if let (Some(config), Some(Value::Object(primary))) = (
            self.service_connect.as_ref().filter(|c| c.enabled),
            deployments.first_mut(),
        ) {
            primary.insert("serviceConnectConfiguration".into(), json!(config));
            primary.insert(
                "serviceConnectResources".into(),
                super::service_connect::resources(config, region, account_id),
            );
        }
        if !self.capacity_provider_strategy.is_empty() {
            for d in &mut deployments {
                if let Value::Object(map) = d {
                    map.remove("launchType");
                    map.insert(
                        "capacityProviderStrategy".into(),
                        json!(self.capacity_provider_strategy),
                    );
                }
            }
        }
        let mut shape = json!({
            "serviceArn": self.arn(region, account_id),
            "serviceName": self.name,
            "clusterArn": format!("arn:aws:ecs:{region}:{account_id}:cluster/{}", self.cluster),
            "loadBalancers": self.load_balancers,
            "serviceRegistries": [],
            "status": match self.status { ServiceStatus::Active => "ACTIVE", ServiceStatus::Draining => "DRAINING", ServiceStatus::Inactive => "INACTIVE" },
            "desiredCount": self.desired_count,
            "runningCount": running,
            "pendingCount": pending,
            "launchType": self.launch_type.name(),
            "taskDefinition": self.task_definition_arn,
            "deploymentConfiguration": {
                "deploymentCircuitBreaker": { "enable": self.circuit_breaker.is_some_and(|c| c.0), "rollback": self.circuit_breaker.is_some_and(|c| c.1) },
                "maximumPercent": self.maximum_percent,
                "minimumHealthyPercent": self.minimum_healthy_percent,
            },
            "deployments": deployments,
            "events": self.events.iter().map(|e| json!({ "id": e.id, "createdAt": e.created_at.to_iso8601(), "message": e.message })).collect::<Vec<_>>(),
            "createdAt": self.created_at.to_iso8601(),
            "placementConstraints": self.placement_constraints,
            "placementStrategy": self.placement_strategy,
            "schedulingStrategy": "REPLICA",
            "deploymentController": { "type": self.deployment_controller },
            "createdBy": format!("arn:aws:iam::{account_id}:root"),
            "enableECSManagedTags": false,
            "propagateTags": "NONE",
            "enableExecuteCommand": self.enable_execute_command,
            "availabilityZoneRebalancing": "ENABLED",
        });
        if self.deployment_controller == "CODE_DEPLOY" {
            // CodeDeploy's services show task sets instead of deployments.
            let fargate = self.launch_type == LaunchType::Fargate;
            let mut sets = vec![super::task_set::TaskSetView {
                id: &self.deployment_id,
                status: "PRIMARY",
                external_id: None,
                task_definition_arn: &self.task_definition_arn,
                load_balancers: &self.load_balancers,
                network: self.network.as_ref(),
                created_at: self.deployment_created_at,
                counts: count(&self.deployment_id),
            }
            .shape(self, region, account_id, fargate)];
            if let Some(green) = &self.replacement {
                sets.push(
                    super::task_set::TaskSetView {
                        id: &green.id,
                        status: "ACTIVE",
                        external_id: Some(&green.external_id),
                        task_definition_arn: &green.task_definition_arn,
                        load_balancers: &green.load_balancers,
                        network: green.network.as_ref(),
                        created_at: green.created_at,
                        counts: count(&green.id),
                    }
                    .shape(self, region, account_id, fargate),
                );
            }
            shape["taskSets"] = json!(sets);
            shape["deployments"] = json!([]);
        }
        if let (Some(alarms), Some(config)) = (
            &self.deployment_alarms,
            shape.get_mut("deploymentConfiguration"),
        ) {
            config["alarms"] = json!(alarms);
        }
        if let Value::Object(map) = &mut shape {
            if self.launch_type == LaunchType::Fargate {
                map.insert("platformVersion".into(), json!("LATEST"));
                map.insert("platformFamily".into(), json!("Linux"));
            }
            if let Some(network) = &self.network {
                map.insert("networkConfiguration".into(), json!({ "awsvpcConfiguration": {
                    "subnets": network.subnets,
                    "securityGroups": network.security_groups,
                    "assignPublicIp": network.assign_public_ip.clone().unwrap_or_else(|| "DISABLED".into()),
                }}));
            }
            if let Some(grace) = self.health_check_grace_period_seconds {
                map.insert("healthCheckGracePeriodSeconds".into(), json!(grace));
            }
            if !self.capacity_provider_strategy.is_empty() {
                map.remove("launchType");
                map.insert(
                    "capacityProviderStrategy".into(),
                    json!(self.capacity_provider_strategy),
                );
            }
        }
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_grows_to_fifteen_minutes() {
        assert_eq!(Service::throttle_seconds(0), 0);
        assert_eq!(Service::throttle_seconds(2), 0);
        assert_eq!(Service::throttle_seconds(3), 10);
        assert_eq!(Service::throttle_seconds(4), 20);
        assert_eq!(Service::throttle_seconds(20), MAX_THROTTLE_SECONDS);
    }

    #[test]
    fn an_events_severity_is_saved_and_older_saves_read_it_from_the_message() {
        let event = ServiceEvent {
            id: "e1".into(),
            created_at: SimTime(60),
            message: "(service web) has reached a steady state.".into(),
            severity: EventSeverity::Info,
        };
        let saved = serde_json::to_value(&event).unwrap();
        assert_eq!(
            serde_json::from_value::<ServiceEvent>(saved).unwrap(),
            event
        );
        // Saved before events had a severity.
        let old = |message: &str| {
            serde_json::from_value::<ServiceEvent>(serde_json::json!({
                "id": "e2", "createdAt": 0, "message": message
            }))
            .unwrap()
            .severity
        };
        assert_eq!(
            old("(service web) was unable to place a task because no container instance met all of its requirements."),
            EventSeverity::Problem
        );
        assert_eq!(
            old("(service web) has started 2 tasks: (task a) (task b)."),
            EventSeverity::Info
        );
        // A severity the model wrote wins over the words.
        let typed: ServiceEvent = serde_json::from_value(serde_json::json!({
            "id": "e3", "createdAt": 0, "message": "deployment failed", "severity": "Info"
        }))
        .unwrap();
        assert_eq!(typed.severity, EventSeverity::Info);
    }
}

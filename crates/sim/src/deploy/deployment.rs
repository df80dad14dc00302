//! A CodeDeploy blue/green deployment of an ECS service, as data: its status,
//! its lifecycle events in AWS's order (with the hook executions the learner
//! or a simulated Lambda function answers), the wait it may be in, what went
//! wrong, how it was rolled back, and every change of the traffic split so
//! charts can draw the shift exactly. The world drives it (`blue_green.rs`).

use super::appspec::AppSpec;
use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The lifecycle events of an ECS deployment, in the order they run.
pub const LIFECYCLE_EVENTS: [&str; 8] = [
    "BeforeInstall",
    "Install",
    "AfterInstall",
    "AllowTestTraffic",
    "AfterAllowTestTraffic",
    "BeforeAllowTraffic",
    "AllowTraffic",
    "AfterAllowTraffic",
];

/// A hook's Lambda function has one hour to report its result.
pub const HOOK_TIMEOUT_SECONDS: u64 = 3600;
/// A simulated Lambda function that answers by itself takes this long.
pub const SIMULATED_LAMBDA_SECONDS: u64 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentStatus {
    Created,
    InProgress,
    /// Waiting for `continue-deployment` before production traffic moves.
    Ready,
    Succeeded,
    Failed,
    Stopped,
}

impl DeploymentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentStatus::Created => "Created",
            DeploymentStatus::InProgress => "InProgress",
            DeploymentStatus::Ready => "Ready",
            DeploymentStatus::Succeeded => "Succeeded",
            DeploymentStatus::Failed => "Failed",
            DeploymentStatus::Stopped => "Stopped",
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            DeploymentStatus::Succeeded | DeploymentStatus::Failed | DeploymentStatus::Stopped
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventStatus {
    Pending,
    InProgress,
    Succeeded,
    Failed,
    Skipped,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Pending => "Pending",
            EventStatus::InProgress => "InProgress",
            EventStatus::Succeeded => "Succeeded",
            EventStatus::Failed => "Failed",
            EventStatus::Skipped => "Skipped",
        }
    }
}

/// A hook execution: the AppSpec named a Lambda function for this event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HookExecution {
    pub function: String,
    pub execution_id: String,
    /// `Succeeded` or `Failed` once reported.
    pub result: Option<String>,
    /// When a simulated function reports by itself, and what.
    pub auto_answer: Option<(SimTime, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleEvent {
    pub name: String,
    pub status: EventStatus,
    pub start_time: Option<SimTime>,
    pub end_time: Option<SimTime>,
    pub hook: Option<HookExecution>,
    /// Why it failed, for `diagnostics`.
    pub message: Option<String>,
}

/// What a deployment is waiting for between lifecycle events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wait {
    /// `deploymentReadyOption` STOP_DEPLOYMENT: `continue-deployment` before
    /// the deadline, or the deployment stops.
    Ready { until: SimTime },
    /// `terminationWaitTimeInMinutes`: blue keeps running until then.
    Termination { until: SimTime },
}

/// One change of the traffic split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPoint {
    pub at: SimTime,
    /// Percent of production traffic on the replacement (green) task set.
    pub production_green: u32,
    /// Whether the test listener sends its traffic to green.
    pub test_green: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollbackInfo {
    pub rollback_deployment_id: Option<String>,
    pub rollback_triggering_deployment_id: Option<String>,
    pub rollback_message: Option<String>,
}

/// A blue/green deployment of an ECS service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub id: String,
    pub application_name: String,
    pub deployment_group_name: String,
    pub deployment_config_name: String,
    pub description: Option<String>,
    /// `user`, or `codeDeployRollback` for the deployment a rollback makes.
    pub creator: String,
    pub appspec_content: String,
    pub appspec: Option<AppSpec>,
    pub status: DeploymentStatus,
    pub create_time: SimTime,
    pub start_time: Option<SimTime>,
    pub complete_time: Option<SimTime>,
    pub events: Vec<LifecycleEvent>,
    pub wait: Option<Wait>,
    /// (error code, message).
    pub error: Option<(String, String)>,
    pub rollback_info: Option<RollbackInfo>,
    /// The rollback settings in force (the deployment's own, else its group's).
    pub auto_rollback_enabled: bool,
    pub auto_rollback_events: Vec<String>,
    /// `cluster/service`.
    pub service_key: String,
    pub target_id: String,
    pub blue_target_group: String,
    pub green_target_group: String,
    pub production_listener: String,
    pub test_listener: Option<String>,
    /// The replacement task set's id once Install created it.
    pub task_set_id: Option<String>,
    /// The original task set's id.
    pub original_task_set_id: String,
    pub traffic_started_at: Option<SimTime>,
    pub traffic: Vec<TrafficPoint>,
}

impl Deployment {
    /// The lifecycle event running or next to run.
    pub fn current_event(&self) -> Option<usize> {
        self.events
            .iter()
            .position(|e| matches!(e.status, EventStatus::Pending | EventStatus::InProgress))
    }

    /// Percent of production traffic on green now.
    pub fn production_green(&self) -> u32 {
        self.traffic.last().map_or(0, |p| p.production_green)
    }

    pub fn rolls_back_on(&self, event: &str) -> bool {
        self.auto_rollback_enabled && self.auto_rollback_events.iter().any(|e| e == event)
    }

    /// `DeploymentInfo`, as GetDeployment returns it.
    pub fn info(&self, group: Option<&super::application::DeploymentGroup>) -> Value {
        let count = |status: EventStatus| usize::from(self.target_status() == status.as_str());
        let mut info = json!({
            "applicationName": self.application_name,
            "deploymentGroupName": self.deployment_group_name,
            "deploymentConfigName": self.deployment_config_name,
            "deploymentId": self.id,
            "revision": {
                "revisionType": "AppSpecContent",
                "appSpecContent": { "content": self.appspec_content },
            },
            "status": self.status.as_str(),
            "createTime": self.create_time.to_iso8601(),
            "creator": self.creator,
            "ignoreApplicationStopFailures": false,
            "autoRollbackConfiguration": {
                "enabled": self.auto_rollback_enabled,
                "events": self.auto_rollback_events,
            },
            "updateOutdatedInstancesOnly": false,
            "deploymentStyle": { "deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL" },
            "instanceTerminationWaitTimeStarted": matches!(self.wait, Some(Wait::Termination { .. })),
            "computePlatform": "ECS",
            "deploymentOverview": {
                "Pending": count(EventStatus::Pending),
                "InProgress": count(EventStatus::InProgress),
                "Succeeded": count(EventStatus::Succeeded),
                "Failed": count(EventStatus::Failed),
                "Skipped": count(EventStatus::Skipped),
                "Ready": usize::from(self.status == DeploymentStatus::Ready),
            },
            "deploymentStatusMessages": [],
        });
        let Value::Object(map) = &mut info else {
            return info;
        };
        if let Some(description) = &self.description {
            map.insert("description".into(), json!(description));
        }
        if let Some(start) = self.start_time {
            map.insert("startTime".into(), json!(start.to_iso8601()));
        }
        if let Some(done) = self.complete_time {
            map.insert("completeTime".into(), json!(done.to_iso8601()));
        }
        if let Some((code, message)) = &self.error {
            map.insert(
                "errorInformation".into(),
                json!({ "code": code, "message": message }),
            );
        }
        if let Some(rollback) = &self.rollback_info {
            map.insert("rollbackInfo".into(), json!(rollback));
        }
        if let Some(group) = group {
            if let Some(blue_green) = &group.definition.blue_green_deployment_configuration {
                map.insert("blueGreenDeploymentConfiguration".into(), json!(blue_green));
            }
            if let Some(lb) = &group.definition.load_balancer_info {
                map.insert("loadBalancerInfo".into(), json!(lb));
            }
        }
        info
    }

    /// The deployment target's status (`ECSTarget.status`).
    pub fn target_status(&self) -> &'static str {
        match self.status {
            DeploymentStatus::Created => "Pending",
            DeploymentStatus::InProgress => "InProgress",
            DeploymentStatus::Ready => "Ready",
            DeploymentStatus::Succeeded => "Succeeded",
            DeploymentStatus::Failed | DeploymentStatus::Stopped => "Failed",
        }
    }

    /// `lifecycleEvents`, as GetDeploymentTarget shows them.
    pub fn lifecycle_events(&self) -> Value {
        json!(self
            .events
            .iter()
            .map(|e| {
                let mut event = json!({ "lifecycleEventName": e.name, "status": e.status.as_str() });
                if let Some(start) = e.start_time {
                    event["startTime"] = json!(start.to_iso8601());
                }
                if let Some(end) = e.end_time {
                    event["endTime"] = json!(end.to_iso8601());
                }
                if let Some(message) = &e.message {
                    event["diagnostics"] = json!({
                        "errorCode": "ScriptFailed",
                        "scriptName": e.hook.as_ref().map(|h| h.function.clone()).unwrap_or_default(),
                        "message": message,
                        "logTail": "",
                    });
                }
                event
            })
            .collect::<Vec<_>>())
    }
}

/// The lifecycle events of a new deployment, all pending, with the AppSpec's hooks.
pub fn new_events(appspec: Option<&AppSpec>) -> Vec<LifecycleEvent> {
    LIFECYCLE_EVENTS
        .iter()
        .map(|name| LifecycleEvent {
            name: (*name).to_string(),
            status: EventStatus::Pending,
            start_time: None,
            end_time: None,
            hook: appspec
                .and_then(|a| a.hooks.iter().find(|(event, _)| event == name))
                .map(|(_, function)| HookExecution {
                    function: function.clone(),
                    execution_id: String::new(),
                    result: None,
                    auto_answer: None,
                }),
            message: None,
        })
        .collect()
}

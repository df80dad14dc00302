//! Running CodeDeploy blue/green deployments of ECS services: CreateDeployment
//! from an AppSpec, the lifecycle events in order (hooks wait for
//! PutLifecycleEventHookExecutionStatus or a simulated Lambda function), the
//! replacement task set behind the second target group, test traffic, the
//! production shift on the configuration's schedule, the ready and
//! termination waits, stop / continue, alarms, and rollback to the original
//! task set. The clock moves deployments on (`process_deployments`).

use super::appspec;
use super::deployment::{
    new_events, Deployment, DeploymentStatus, EventStatus, HookExecution, RollbackInfo,
    TrafficPoint, Wait, HOOK_TIMEOUT_SECONDS, SIMULATED_LAMBDA_SECONDS,
};
use super::{group_error, group_key, DeployError};
use crate::clock::{Duration, SimTime};
use crate::ecs::load_balancing::ServiceLoadBalancer;
use crate::ecs::task_set::TaskSet;
use crate::elb::{Action, ForwardConfig, TargetGroupTuple};
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateDeploymentInput {
    pub application_name: Option<String>,
    pub deployment_group_name: Option<String>,
    pub revision: Option<Value>,
    pub deployment_config_name: Option<String>,
    pub description: Option<String>,
    pub auto_rollback_configuration: Option<super::application::AutoRollbackConfiguration>,
    pub override_alarm_configuration: Option<Value>,
}

/// The input of the calls that name a deployment.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentInput {
    pub deployment_id: Option<String>,
    pub auto_rollback_enabled: Option<bool>,
    pub deployment_wait_type: Option<String>,
    pub lifecycle_event_hook_execution_id: Option<String>,
    pub status: Option<String>,
    pub target_id: Option<String>,
    pub application_name: Option<String>,
    pub deployment_group_name: Option<String>,
    #[serde(default)]
    pub include_only_statuses: Vec<String>,
    #[serde(default)]
    pub deployment_ids: Vec<String>,
    pub next_token: Option<String>,
}

/// Why a deployment ends early.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Ending {
    /// Failed: (error code, message).
    Failure(&'static str, String),
    /// Stopped: an alarm, the learner, or a ready wait that ran out.
    Stop(&'static str, String),
}

fn not_found(id: &str) -> DeployError {
    group_error(
        "DeploymentDoesNotExistException",
        format!("The deployment {id} could not be found."),
    )
}

impl World {
    /// `d-` and nine characters, like CodeDeploy's deployment ids.
    fn new_codedeploy_id(&mut self) -> String {
        const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let tail: String = (0..9)
            .map(|_| char::from(CHARS[self.rng_mut().id_below(CHARS.len() as u64) as usize]))
            .collect();
        format!("d-{tail}")
    }

    fn deployment_named(&self, input: &DeploymentInput) -> Result<&Deployment, DeployError> {
        let id = input
            .deployment_id
            .as_deref()
            .filter(|i| !i.is_empty())
            .ok_or_else(|| {
                group_error(
                    "DeploymentIdRequiredException",
                    "At least one deployment ID must be specified.",
                )
            })?;
        if !id.starts_with("d-") {
            return Err(group_error(
                "InvalidDeploymentIdException",
                format!("{id} is not a valid deployment ID: deployment IDs look like d-A1B2C3D4E."),
            ));
        }
        self.deploy.deployments.get(id).ok_or_else(|| not_found(id))
    }

    pub(crate) fn create_deployment(
        &mut self,
        input: CreateDeploymentInput,
    ) -> Result<Value, DeployError> {
        let app = self.application_named(&super::ApplicationInput {
            application_name: input.application_name.clone(),
            ..Default::default()
        })?;
        let group_name = input
            .deployment_group_name
            .clone()
            .filter(|g| !g.is_empty())
            .ok_or_else(|| {
                group_error(
                    "DeploymentGroupNameRequiredException",
                    "The deployment group name was not specified.",
                )
            })?;
        let group = self
            .deploy
            .deployment_groups
            .get(&group_key(&app.application_name, &group_name))
            .cloned()
            .ok_or_else(|| {
                group_error(
                    "DeploymentGroupDoesNotExistException",
                    format!("No Deployment Group found for name: {group_name}"),
                )
            })?;
        if let Some(active) = self.deploy.deployments.values().find(|d| {
            d.application_name == app.application_name
                && d.deployment_group_name == group_name
                && !d.status.is_finished()
        }) {
            return Err(group_error(
                "DeploymentLimitExceededException",
                format!(
                    "The Deployment Group '{group_name}' already has an active Deployment '{}'",
                    active.id
                ),
            ));
        }
        let revision = input.revision.clone().ok_or_else(|| {
            group_error(
                "RevisionRequiredException",
                "The revision ID was not specified.",
            )
        })?;
        let kind = revision
            .get("revisionType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let content = match kind {
            "AppSpecContent" => revision.pointer("/appSpecContent/content"),
            "String" => revision.pointer("/string/content"),
            "S3" | "GitHub" => {
                return Err(group_error(
                    "InvalidRevisionException",
                    "ECS Playground has no S3 bucket or GitHub repository: give the AppSpec inline with revisionType=AppSpecContent.",
                ))
            }
            _ => None,
        }
        .and_then(Value::as_str)
        .ok_or_else(|| {
            group_error(
                "InvalidRevisionException",
                "An ECS deployment needs revisionType AppSpecContent with appSpecContent.content (the AppSpec as text).",
            )
        })?
        .to_string();
        let spec = appspec::parse(&content)
            .map_err(|m| group_error("InvalidRevisionException", format!("AppSpec: {m}")))?;
        let config_name = input
            .deployment_config_name
            .clone()
            .or_else(|| group.definition.deployment_config_name.clone())
            .unwrap_or_else(|| "CodeDeployDefault.ECSAllAtOnce".into());
        let Some(config) = self.deploy.config(&config_name) else {
            return Err(DeployError::DoesNotExist(config_name));
        };
        if config.compute_platform != "ECS" {
            return Err(DeployError::InvalidName(format!(
                "The deployment configuration {config_name} is not for the ECS compute platform."
            )));
        }
        if input
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 512)
        {
            return Err(group_error(
                "DescriptionTooLongException",
                "The description is too long.",
            ));
        }
        let Some(service_ref) = group.definition.ecs_services.first().cloned() else {
            return Err(group_error(
                "InvalidECSServiceException",
                "The deployment group has no ECS service.",
            ));
        };
        let service_key = format!("{}/{}", service_ref.cluster_name, service_ref.service_name);
        let service = self
            .ecs
            .services
            .get(&service_key)
            .filter(|s| s.status == crate::ecs::service::ServiceStatus::Active)
            .cloned()
            .ok_or_else(|| {
                group_error(
                    "InvalidECSServiceException",
                    format!(
                        "The ECS service {} in cluster {} does not exist.",
                        service_ref.service_name, service_ref.cluster_name
                    ),
                )
            })?;
        let pair = group
            .definition
            .load_balancer_info
            .as_ref()
            .and_then(|l| l.target_group_pair_info_list.first())
            .cloned()
            .unwrap_or_default();
        let arns: Vec<String> = pair
            .target_groups
            .iter()
            .filter_map(|t| {
                self.elb
                    .target_groups
                    .values()
                    .find(|g| g.name == t.name)
                    .map(|g| g.arn.clone())
            })
            .collect();
        let blue = service
            .load_balancers
            .first()
            .map(|lb| lb.target_group_arn.clone())
            .unwrap_or_default();
        // The group that is not serving now receives the replacement: the two alternate.
        let green = arns.iter().find(|a| **a != blue).cloned();
        let production = pair
            .prod_traffic_route
            .as_ref()
            .and_then(|r| r.listener_arns.first())
            .filter(|l| self.elb.listeners.contains_key(*l))
            .cloned();
        let (Some(green), Some(production)) = (green, production) else {
            return Err(group_error(
                "InvalidLoadBalancerInfoException",
                "The deployment group's target group pair or production listener no longer exists.",
            ));
        };
        let test = pair
            .test_traffic_route
            .as_ref()
            .and_then(|r| r.listener_arns.first())
            .filter(|l| self.elb.listeners.contains_key(*l))
            .cloned();
        let rollback = input
            .auto_rollback_configuration
            .clone()
            .or_else(|| group.definition.auto_rollback_configuration.clone())
            .unwrap_or_default();
        let id = self.new_codedeploy_id();
        let deployment = Deployment {
            id: id.clone(),
            application_name: app.application_name.clone(),
            deployment_group_name: group_name,
            deployment_config_name: config_name,
            description: input.description.clone(),
            creator: "user".into(),
            appspec_content: content,
            events: new_events(Some(&spec)),
            appspec: Some(spec),
            status: DeploymentStatus::Created,
            create_time: self.now,
            start_time: None,
            complete_time: None,
            wait: None,
            error: None,
            rollback_info: None,
            auto_rollback_enabled: rollback.enabled,
            auto_rollback_events: rollback.events,
            service_key,
            target_id: format!("{}:{}", service_ref.cluster_name, service_ref.service_name),
            blue_target_group: blue,
            green_target_group: green,
            production_listener: production,
            test_listener: test,
            task_set_id: None,
            original_task_set_id: service.deployment_id.clone(),
            traffic_started_at: None,
            traffic: Vec::new(),
        };
        self.deploy.deployments.insert(id.clone(), deployment);
        Ok(json!({ "deploymentId": id }))
    }

    pub(crate) fn get_deployment(&self, input: DeploymentInput) -> Result<Value, DeployError> {
        let d = self.deployment_named(&input)?;
        let group = self
            .deploy
            .deployment_groups
            .get(&group_key(&d.application_name, &d.deployment_group_name));
        Ok(json!({ "deploymentInfo": d.info(group) }))
    }

    pub(crate) fn batch_get_deployments(
        &self,
        input: DeploymentInput,
    ) -> Result<Value, DeployError> {
        if input.deployment_ids.len() > 25 {
            return Err(group_error(
                "BatchLimitExceededException",
                "The maximum number of names or IDs allowed for this request (25) was exceeded.",
            ));
        }
        let infos: Vec<Value> = input
            .deployment_ids
            .iter()
            .filter_map(|id| self.deploy.deployments.get(id))
            .map(|d| {
                d.info(
                    self.deploy
                        .deployment_groups
                        .get(&group_key(&d.application_name, &d.deployment_group_name)),
                )
            })
            .collect();
        Ok(json!({ "deploymentsInfo": infos }))
    }

    pub(crate) fn list_deployments(&self, input: DeploymentInput) -> Result<Value, DeployError> {
        if let Some(app) = &input.application_name {
            self.application_named(&super::ApplicationInput {
                application_name: Some(app.clone()),
                ..Default::default()
            })?;
        }
        if input.deployment_group_name.is_some() && input.application_name.is_none() {
            return Err(group_error(
                "ApplicationNameRequiredException",
                "If you give a deployment group name, give its application name too.",
            ));
        }
        const STATUSES: [&str; 8] = [
            "Created",
            "Queued",
            "InProgress",
            "Baking",
            "Succeeded",
            "Failed",
            "Stopped",
            "Ready",
        ];
        if let Some(bad) = input
            .include_only_statuses
            .iter()
            .find(|s| !STATUSES.contains(&s.as_str()))
        {
            return Err(group_error(
                "InvalidDeploymentStatusException",
                format!(
                    "{bad} is not a deployment status: use {}.",
                    STATUSES.join(", ")
                ),
            ));
        }
        // Newest first, as CodeDeploy lists them.
        let mut found: Vec<&Deployment> = self
            .deploy
            .deployments
            .values()
            .filter(|d| {
                input
                    .application_name
                    .as_ref()
                    .is_none_or(|a| *a == d.application_name)
                    && input
                        .deployment_group_name
                        .as_ref()
                        .is_none_or(|g| *g == d.deployment_group_name)
                    && (input.include_only_statuses.is_empty()
                        || input
                            .include_only_statuses
                            .iter()
                            .any(|s| s == d.status.as_str()))
            })
            .collect();
        found.sort_by_key(|d| (std::cmp::Reverse(d.create_time), d.id.clone()));
        Ok(json!({ "deployments": found.iter().map(|d| &d.id).collect::<Vec<_>>() }))
    }

    /// The deployment named in `input`, once it has started (its targets exist).
    fn started_deployment(&self, input: &DeploymentInput) -> Result<&Deployment, DeployError> {
        let d = self.deployment_named(input)?;
        if d.status == DeploymentStatus::Created {
            return Err(group_error(
                "DeploymentNotStartedException",
                format!("The deployment {} has not started.", d.id),
            ));
        }
        Ok(d)
    }

    pub(crate) fn list_deployment_targets(
        &self,
        input: DeploymentInput,
    ) -> Result<Value, DeployError> {
        let d = self.started_deployment(&input)?;
        Ok(json!({ "targetIds": [d.target_id] }))
    }

    pub(crate) fn get_deployment_target(
        &self,
        input: DeploymentInput,
    ) -> Result<Value, DeployError> {
        let d = self.started_deployment(&input)?;
        let target = input.target_id.clone().unwrap_or_default();
        if target.is_empty() {
            return Err(group_error(
                "DeploymentTargetIdRequiredException",
                "A deployment target ID was not provided.",
            ));
        }
        if target != d.target_id {
            return Err(group_error(
                "DeploymentTargetDoesNotExistException",
                format!(
                    "The target {target} is not part of the deployment (its target is {}).",
                    d.target_id
                ),
            ));
        }
        let service = self.ecs.services.get(&d.service_key);
        let counts = |set: &str| {
            self.ecs
                .tasks
                .values()
                .filter(|t| t.started_by.as_deref() == Some(set) && !t.is_stopped())
                .fold((0, 0), |(r, p), t| {
                    if t.last_status == crate::ecs::task::TaskStatus::Running {
                        (r + 1, p)
                    } else {
                        (r, p + 1)
                    }
                })
        };
        let desired = service.map_or(0, |s| s.desired_count);
        let group_name = |arn: &str| {
            self.elb
                .target_group(arn)
                .map(|g| g.name.clone())
                .unwrap_or_default()
        };
        let green_share = f64::from(d.production_green());
        let mut sets = vec![];
        let (running, pending) = counts(&d.original_task_set_id);
        let blue_alive = running + pending > 0 || !d.status.is_finished();
        if blue_alive {
            sets.push(json!({
                "identifer": d.original_task_set_id,
                "desiredCount": desired, "pendingCount": pending, "runningCount": running,
                "status": if d.status == DeploymentStatus::Succeeded { "DRAINING" } else { "PRIMARY" },
                "trafficWeight": 100.0 - green_share,
                "targetGroup": { "name": group_name(&d.blue_target_group) },
                "taskSetLabel": "Blue",
            }));
        }
        if let Some(set) = &d.task_set_id {
            let (running, pending) = counts(set);
            sets.push(json!({
                "identifer": set,
                "desiredCount": desired, "pendingCount": pending, "runningCount": running,
                "status": if d.status == DeploymentStatus::Succeeded { "PRIMARY" } else { "ACTIVE" },
                "trafficWeight": green_share,
                "targetGroup": { "name": group_name(&d.green_target_group) },
                "taskSetLabel": "Green",
            }));
        }
        let updated = d
            .events
            .iter()
            .filter_map(|e| e.end_time.or(e.start_time))
            .max()
            .unwrap_or(d.create_time);
        Ok(json!({ "deploymentTarget": {
            "deploymentTargetType": "ECSTarget",
            "ecsTarget": {
                "deploymentId": d.id,
                "targetId": d.target_id,
                "targetArn": service.map(|s| s.arn(&self.region, &self.account_id)).unwrap_or_default(),
                "lastUpdatedAt": updated.to_iso8601(),
                "lifecycleEvents": d.lifecycle_events(),
                "status": d.target_status(),
                "taskSetsInfo": sets,
            }
        }}))
    }

    pub(crate) fn stop_deployment(&mut self, input: DeploymentInput) -> Result<Value, DeployError> {
        let d = self.deployment_named(&input)?.clone();
        if d.status.is_finished() {
            return Err(group_error(
                "DeploymentAlreadyCompletedException",
                format!("The deployment {} has already completed.", d.id),
            ));
        }
        let roll_back = input
            .auto_rollback_enabled
            .unwrap_or_else(|| d.rolls_back_on("DEPLOYMENT_STOP_ON_REQUEST"));
        self.end_deployment(
            &d.id,
            Ending::Stop(
                "MANUAL_STOP",
                "The deployment was stopped by the user.".into(),
            ),
            roll_back,
        );
        Ok(json!({ "status": "Succeeded", "statusMessage": "Deployment stopped." }))
    }

    pub(crate) fn continue_deployment(
        &mut self,
        input: DeploymentInput,
    ) -> Result<Value, DeployError> {
        let d = self.deployment_named(&input)?.clone();
        if d.status.is_finished() {
            return Err(group_error(
                "DeploymentAlreadyCompletedException",
                format!("The deployment {} has already completed.", d.id),
            ));
        }
        let wait_type = input
            .deployment_wait_type
            .clone()
            .unwrap_or_else(|| "READY_WAIT".into());
        let now = self.now;
        match (wait_type.as_str(), d.wait) {
            ("READY_WAIT", Some(Wait::Ready { .. }))
            | ("TERMINATION_WAIT", Some(Wait::Termination { .. })) => {
                if let Some(d) = self.deploy.deployments.get_mut(&d.id) {
                    // The wait ends now; the clock does the rest.
                    d.wait = match d.wait {
                        Some(Wait::Ready { .. }) => {
                            d.status = DeploymentStatus::InProgress;
                            None
                        }
                        Some(Wait::Termination { .. }) => Some(Wait::Termination { until: now }),
                        None => None,
                    };
                }
                self.process_deployments();
                Ok(json!({}))
            }
            ("READY_WAIT" | "TERMINATION_WAIT", _) => Err(group_error(
                "DeploymentIsNotInReadyStateException",
                format!(
                    "The deployment {} is not waiting ({wait_type}): it is {}.",
                    d.id,
                    d.status.as_str()
                ),
            )),
            _ => Err(group_error(
                "InvalidDeploymentWaitTypeException",
                format!("{wait_type} is not a wait type: use READY_WAIT or TERMINATION_WAIT."),
            )),
        }
    }

    pub(crate) fn put_lifecycle_event_hook_execution_status(
        &mut self,
        input: DeploymentInput,
    ) -> Result<Value, DeployError> {
        let d = self.deployment_named(&input)?.clone();
        let status = input.status.clone().unwrap_or_default();
        if status != "Succeeded" && status != "Failed" {
            return Err(group_error(
                "InvalidLifecycleEventHookExecutionStatusException",
                format!("The status {status} is not valid: a hook reports Succeeded or Failed."),
            ));
        }
        let execution = input
            .lifecycle_event_hook_execution_id
            .clone()
            .unwrap_or_default();
        let Some(index) = d.events.iter().position(|e| {
            e.hook
                .as_ref()
                .is_some_and(|h| !h.execution_id.is_empty() && h.execution_id == execution)
        }) else {
            return Err(group_error(
                "InvalidLifecycleEventHookExecutionIdException",
                format!("The lifecycle event hook execution ID {execution} is not valid for deployment {}.", d.id),
            ));
        };
        let event = &d.events[index];
        if event.status != EventStatus::InProgress
            || event.hook.as_ref().is_some_and(|h| h.result.is_some())
        {
            return Err(group_error(
                "LifecycleEventAlreadyCompletedException",
                format!("The lifecycle event {} has already completed.", event.name),
            ));
        }
        if let Some(hook) = self
            .deploy
            .deployments
            .get_mut(&d.id)
            .and_then(|d| d.events.get_mut(index))
            .and_then(|e| e.hook.as_mut())
        {
            hook.result = Some(status);
        }
        self.process_deployments();
        Ok(json!({ "lifecycleEventHookExecutionId": execution }))
    }

    // ── The clock-driven part ──────────────────────────────────────────────

    /// The next instant a deployment has something to do on its own.
    pub(crate) fn next_deployment_transition(&self) -> Option<SimTime> {
        let mut next: Option<SimTime> = None;
        let mut consider = |t: SimTime| {
            if t > self.now && next.is_none_or(|n| t < n) {
                next = Some(t);
            }
        };
        for d in self.deploy.deployments.values() {
            if d.status.is_finished() {
                continue;
            }
            match d.wait {
                Some(Wait::Ready { until }) | Some(Wait::Termination { until }) => consider(until),
                None => {}
            }
            if d.status == DeploymentStatus::Created {
                consider(self.now);
            }
            let Some(event) = d.current_event().and_then(|i| d.events.get(i)) else {
                continue;
            };
            if let (Some(start), Some(hook)) = (event.start_time, &event.hook) {
                consider(start.plus(Duration(HOOK_TIMEOUT_SECONDS)));
                if let Some((at, _)) = hook.auto_answer {
                    consider(at);
                }
            }
            if event.name == "AllowTraffic" {
                if let (Some(started), Some(routing)) = (d.traffic_started_at, self.routing_of(d)) {
                    let elapsed = self.now.since(started).as_seconds() / 60;
                    if let Some((minute, _)) =
                        routing.schedule().into_iter().find(|(m, _)| *m > elapsed)
                    {
                        consider(started.plus(Duration(minute.saturating_mul(60))));
                    }
                }
            }
        }
        next
    }

    fn routing_of(&self, d: &Deployment) -> Option<super::deployment_config::Routing> {
        self.deploy
            .config(&d.deployment_config_name)
            .and_then(|c| c.traffic_routing)
            .and_then(|r| r.routing().ok())
    }

    /// Moves every running deployment on as far as it can go now.
    pub(crate) fn process_deployments(&mut self) {
        if self
            .deploy
            .deployments
            .values()
            .all(|d| d.status.is_finished())
        {
            return;
        }
        for _ in 0..32 {
            let ids: Vec<String> = self
                .deploy
                .deployments
                .values()
                .filter(|d| !d.status.is_finished())
                .map(|d| d.id.clone())
                .collect();
            let mut moved = false;
            for id in ids {
                moved |= self.step_deployment(&id);
            }
            if !moved {
                break;
            }
            // New or removed task sets: let the scheduler act at once.
            self.process_ecs();
        }
    }

    /// One step of one deployment; whether anything changed.
    fn step_deployment(&mut self, id: &str) -> bool {
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return false;
        };
        let now = self.now;
        if let Some(names) = self.firing_deployment_alarms(&d) {
            let roll_back = d.rolls_back_on("DEPLOYMENT_STOP_ON_ALARM");
            self.end_deployment(
                id,
                Ending::Stop(
                    "ALARM_ACTIVE",
                    format!("One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: <{}>", names.join(", ")),
                ),
                roll_back,
            );
            return true;
        }
        if d.status == DeploymentStatus::Created {
            self.update_deployment(id, |d| {
                d.status = DeploymentStatus::InProgress;
                d.start_time = Some(now);
            });
            return true;
        }
        match d.wait {
            Some(Wait::Ready { until }) if now >= until => {
                let roll_back = d.auto_rollback_enabled;
                self.end_deployment(
                    id,
                    Ending::Stop("TIMEOUT", "The deployment timed out waiting for a ContinueDeployment call before rerouting production traffic (deploymentReadyOption STOP_DEPLOYMENT).".into()),
                    roll_back,
                );
                return true;
            }
            Some(Wait::Termination { until }) if now >= until => {
                self.finish_deployment(id);
                return true;
            }
            Some(_) => return false,
            None => {}
        }
        let Some(index) = d.current_event() else {
            return false;
        };
        let event = &d.events[index];
        if event.status == EventStatus::Pending {
            return self.start_event(id, index);
        }
        // InProgress: is it done?
        if let Some(hook) = &event.hook {
            let result = hook.result.clone().or_else(|| {
                hook.auto_answer
                    .as_ref()
                    .filter(|(at, _)| *at <= now)
                    .map(|(_, r)| r.clone())
            });
            match result.as_deref() {
                Some("Succeeded") => return self.complete_event(id, index),
                Some(_) => {
                    let message = format!(
                        "The deployment failed because a specified lifecycle event hook ({}) failed: {} reported Failed.",
                        event.name, hook.function
                    );
                    self.fail_event(id, index, &message);
                    let roll_back = d.rolls_back_on("DEPLOYMENT_FAILURE");
                    self.end_deployment(
                        id,
                        Ending::Failure("HOOK_EXECUTION_FAILURE", message),
                        roll_back,
                    );
                    return true;
                }
                None => {}
            }
            if event
                .start_time
                .is_some_and(|s| now.since(s).as_seconds() >= HOOK_TIMEOUT_SECONDS)
            {
                let message = format!(
                    "The deployment failed because the lifecycle event hook {} ({}) did not report its result within one hour (PutLifecycleEventHookExecutionStatus).",
                    event.name, hook.function
                );
                self.fail_event(id, index, &message);
                let roll_back = d.rolls_back_on("DEPLOYMENT_FAILURE");
                self.end_deployment(id, Ending::Failure("TIMEOUT", message), roll_back);
                return true;
            }
            return false;
        }
        match event.name.as_str() {
            "Install" => {
                // The replacement task set is in place once its tasks all run
                // (CodeDeploy does not wait for target health here).
                let Some(service) = self.ecs.services.get(&d.service_key) else {
                    return false;
                };
                let desired = service.desired_count as usize;
                let set = d.task_set_id.clone().unwrap_or_default();
                let (running, other) = self
                    .ecs
                    .tasks
                    .values()
                    .filter(|t| t.started_by.as_deref() == Some(set.as_str()) && t.is_active())
                    .fold((0, 0), |(r, o), t| {
                        if t.last_status == crate::ecs::task::TaskStatus::Running {
                            (r + 1, o)
                        } else {
                            (r, o + 1)
                        }
                    });
                if running >= desired && other == 0 {
                    return self.complete_event(id, index);
                }
                false
            }
            "AllowTraffic" => {
                let Some(routing) = self.routing_of(&d) else {
                    return false;
                };
                let started = d.traffic_started_at.unwrap_or(now);
                let minute = now.since(started).as_seconds() / 60;
                let percent = routing.green_percent(minute);
                let mut moved = false;
                if percent != d.production_green() {
                    self.set_production_split(id, percent);
                    moved = true;
                }
                if percent >= 100 {
                    moved |= self.complete_event(id, index);
                }
                moved
            }
            _ => false,
        }
    }

    fn update_deployment(&mut self, id: &str, change: impl FnOnce(&mut Deployment)) {
        if let Some(d) = self.deploy.deployments.get_mut(id) {
            change(d);
        }
    }

    fn start_event(&mut self, id: &str, index: usize) -> bool {
        let now = self.now;
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return false;
        };
        let name = d.events[index].name.clone();
        if let Some(hook) = &d.events[index].hook {
            let execution_id = self.rng_uuid();
            let auto_answer = self
                .deploy
                .lambda_functions
                .get(&hook.function)
                .map(|r| (now.plus(Duration(SIMULATED_LAMBDA_SECONDS)), r.clone()));
            let hook = HookExecution {
                execution_id,
                auto_answer,
                ..hook.clone()
            };
            self.update_deployment(id, |d| {
                let event = &mut d.events[index];
                event.status = EventStatus::InProgress;
                event.start_time = Some(now);
                event.hook = Some(hook);
            });
            return true;
        }
        self.update_deployment(id, |d| {
            d.events[index].status = EventStatus::InProgress;
            d.events[index].start_time = Some(now);
        });
        match name.as_str() {
            "Install" => {
                if let Err(message) = self.install_replacement(id) {
                    self.fail_event(id, index, &message);
                    let roll_back = d.rolls_back_on("DEPLOYMENT_FAILURE");
                    self.end_deployment(
                        id,
                        Ending::Failure("ECS_UPDATE_ERROR", message),
                        roll_back,
                    );
                }
                true
            }
            "AllowTestTraffic" => {
                if let Some(test) = &d.test_listener {
                    self.forward_listener(test, &[(d.green_target_group.clone(), 1)]);
                }
                self.record_traffic(id);
                self.complete_event(id, index)
            }
            "AllowTraffic" => {
                self.update_deployment(id, |d| d.traffic_started_at = Some(now));
                let percent = self.routing_of(&d).map_or(100, |r| r.green_percent(0));
                self.set_production_split(id, percent);
                true
            }
            // A hookable event without a hook passes at once.
            _ => self.complete_event(id, index),
        }
    }

    fn complete_event(&mut self, id: &str, index: usize) -> bool {
        let now = self.now;
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return false;
        };
        let name = d.events[index].name.clone();
        let group = self
            .deploy
            .deployment_groups
            .get(&group_key(&d.application_name, &d.deployment_group_name))
            .cloned();
        let ready = group
            .as_ref()
            .and_then(|g| g.definition.blue_green_deployment_configuration.as_ref())
            .and_then(|b| b.deployment_ready_option.clone())
            .unwrap_or_default();
        let termination_wait = group.as_ref().map_or(0, |g| g.termination_wait_minutes());
        self.update_deployment(id, |d| {
            let event = &mut d.events[index];
            event.status = EventStatus::Succeeded;
            event.end_time = Some(now);
            let waits_for_ready = name == "AfterAllowTestTraffic"
                && ready.action_on_timeout.as_deref() == Some("STOP_DEPLOYMENT");
            if waits_for_ready {
                d.status = DeploymentStatus::Ready;
                let minutes = u64::try_from(ready.wait_time_in_minutes.unwrap_or(0)).unwrap_or(0);
                d.wait = Some(Wait::Ready {
                    until: now.plus(Duration(minutes.saturating_mul(60))),
                });
            }
            if name == "AfterAllowTraffic" {
                let minutes = u64::try_from(termination_wait).unwrap_or(0);
                d.wait = Some(Wait::Termination {
                    until: now.plus(Duration(minutes.saturating_mul(60))),
                });
            }
        });
        true
    }

    fn fail_event(&mut self, id: &str, index: usize, message: &str) {
        let now = self.now;
        self.update_deployment(id, |d| {
            let event = &mut d.events[index];
            event.status = EventStatus::Failed;
            event.end_time = Some(now);
            event.message = Some(message.to_string());
            // What never ran is skipped.
            for later in d.events.iter_mut().skip(index + 1) {
                later.status = EventStatus::Skipped;
            }
        });
    }

    /// Install: the replacement (green) task set at the service's desired count,
    /// registered with the second target group.
    fn install_replacement(&mut self, id: &str) -> Result<(), String> {
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return Ok(());
        };
        let spec = d.appspec.clone().ok_or("The deployment has no AppSpec.")?;
        let service = self
            .ecs
            .services
            .get(&d.service_key)
            .cloned()
            .ok_or("The ECS service no longer exists.")?;
        // CodeDeploy shifts traffic away from the primary task set's group, so that
        // group has to be what production is forwarded to now. It is not after a
        // deployment stopped without rollback once traffic had moved to green.
        // A split left by one stopped part-way is refused too: shifting "from blue"
        // would otherwise first move that share back to the old task set.
        let weights = self.elb.default_forward_weights(&d.production_listener);
        let (blue, others): (Vec<_>, Vec<_>) = weights
            .iter()
            .filter(|(_, weight)| *weight > 0)
            .partition(|(arn, _)| *arn == d.blue_target_group);
        if blue.is_empty() {
            return Err(format!(
                "The ECS service cannot be updated due to an unexpected error: Primary taskset target group must be behind listener {}.",
                d.production_listener
            ));
        }
        if let Some((other, _)) = others.first() {
            return Err(format!(
                "The ECS service cannot be updated: production listener {} still sends part of its traffic to target group {other}, where a deployment stopped without rollback left it. (The playground's explanation: CodeDeploy shifts traffic away from the primary task set's target group, so all of production must be on it first; send it all there, or roll back, then deploy again.)",
                d.production_listener
            ));
        }
        let td = self
            .task_definition_for(&spec.task_definition)
            .map_err(|_| format!("The ECS service cannot be updated: the task definition {} in the AppSpec does not exist or is inactive.", spec.task_definition))?;
        let has_port = td.container(&spec.container_name).is_some_and(|c| {
            c.port_mappings()
                .iter()
                .any(|p| p.container_port() == Some(spec.container_port))
        });
        if !has_port {
            return Err(format!(
                "The ECS service cannot be updated: the container {} in {} does not have a container port {} (AppSpec LoadBalancerInfo).",
                spec.container_name, spec.task_definition, spec.container_port
            ));
        }
        let network = match &spec.network {
            Some((subnets, groups, assign)) => Some(
                self.checked_network(Some(&crate::ecs::service::AwsVpcConfiguration {
                    subnets: subnets.clone(),
                    security_groups: groups.clone(),
                    assign_public_ip: assign.clone(),
                }))
                .map_err(|e| format!("The ECS service cannot be updated: {e}"))?,
            ),
            None => service.network.clone(),
        };
        let set_id = self.new_deployment_id();
        // A task set a stopped deployment left behind goes first.
        self.remove_replacement(&d.service_key, "Task set deleted by a new deployment");
        let now = self.now;
        let td_arn = crate::ecs::task_definition_arn(
            &self.region,
            &self.account_id,
            &td.family,
            td.revision,
        );
        if let Some(s) = self.ecs.services.get_mut(&d.service_key) {
            s.replacement = Some(TaskSet {
                id: set_id.clone(),
                external_id: id.to_string(),
                task_definition_arn: td_arn,
                load_balancers: vec![ServiceLoadBalancer {
                    target_group_arn: d.green_target_group.clone(),
                    container_name: spec.container_name.clone(),
                    container_port: spec.container_port,
                }],
                network,
                created_at: now,
            });
            s.steady_state_pending = true;
        }
        self.update_deployment(id, |d| d.task_set_id = Some(set_id));
        Ok(())
    }

    /// Stops the replacement task set's tasks and forgets the set.
    fn remove_replacement(&mut self, service_key: &str, reason: &str) {
        let Some(service) = self.ecs.services.get(service_key).cloned() else {
            return;
        };
        let Some(set) = service.replacement.clone() else {
            return;
        };
        let now = self.now;
        for task in self.ecs.tasks.values_mut() {
            if task.started_by.as_deref() == Some(set.id.as_str()) {
                task.request_stop(now, "ServiceSchedulerInitiated", reason);
            }
        }
        if let Some(s) = self.ecs.services.get_mut(service_key) {
            s.replacement = None;
            s.steady_state_pending = true;
        }
    }

    /// Points a listener's default action at these target groups with these weights.
    fn forward_listener(&mut self, listener: &str, groups: &[(String, i64)]) {
        let Some(l) = self.elb.listeners.get_mut(listener) else {
            return;
        };
        let action = match groups {
            [(arn, _)] => Action {
                action_type: "forward".into(),
                target_group_arn: Some(arn.clone()),
                ..Action::default()
            },
            _ => Action {
                action_type: "forward".into(),
                forward_config: Some(ForwardConfig {
                    target_groups: groups
                        .iter()
                        .map(|(arn, weight)| TargetGroupTuple {
                            target_group_arn: Some(arn.clone()),
                            weight: Some(*weight),
                        })
                        .collect(),
                    target_group_stickiness_config: None,
                }),
                ..Action::default()
            },
        };
        l.default_actions = vec![action];
        // A target group that starts (or stops) receiving traffic starts (or stops) health checks.
        self.elb.refresh_target_usage(self.now);
    }

    /// Production traffic: `percent` on green, the rest on blue.
    fn set_production_split(&mut self, id: &str, percent: u32) {
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return;
        };
        let blue = (
            d.blue_target_group.clone(),
            i64::from(100 - percent.min(100)),
        );
        let green = (d.green_target_group.clone(), i64::from(percent.min(100)));
        let groups = match percent {
            0 => vec![blue],
            100.. => vec![green],
            _ => vec![blue, green],
        };
        self.forward_listener(&d.production_listener, &groups);
        self.record_traffic(id);
    }

    /// Records the split as it is now (replacing a point made at this instant).
    fn record_traffic(&mut self, id: &str) {
        let now = self.now;
        let Some(d) = self.deploy.deployments.get(id) else {
            return;
        };
        let weights = |listener: &str| self.elb.default_forward_weights(listener);
        let share = |weights: Vec<(String, u32)>| {
            let total: u32 = weights.iter().map(|(_, w)| *w).sum();
            let green: u32 = weights
                .iter()
                .filter(|(arn, _)| *arn == d.green_target_group)
                .map(|(_, w)| *w)
                .sum();
            (green * 100).checked_div(total).unwrap_or(0)
        };
        let production_green = share(weights(&d.production_listener));
        let test_green = d
            .test_listener
            .as_deref()
            .is_some_and(|t| share(weights(t)) == 100);
        let point = TrafficPoint {
            at: now,
            production_green,
            test_green,
        };
        self.update_deployment(id, |d| {
            while d.traffic.last().is_some_and(|p| p.at == now) {
                d.traffic.pop();
            }
            if d.traffic.last().is_none_or(|p| {
                p.production_green != point.production_green || p.test_green != point.test_green
            }) {
                d.traffic.push(point);
            }
        });
    }

    /// The deployment group's alarms that are in ALARM, if any (and alarms are on).
    fn firing_deployment_alarms(&self, d: &Deployment) -> Option<Vec<String>> {
        let group = self
            .deploy
            .deployment_groups
            .get(&group_key(&d.application_name, &d.deployment_group_name))?;
        let config = group.definition.alarm_configuration.as_ref()?;
        if config.get("enabled").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        let firing: Vec<String> = config
            .get("alarms")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|a| a.get("name").and_then(Value::as_str))
            .filter(|name| {
                self.alarms
                    .alarms
                    .get(*name)
                    .is_some_and(|a| a.state == crate::alarms::AlarmState::Alarm)
            })
            .map(String::from)
            .collect();
        (!firing.is_empty()).then_some(firing)
    }

    /// The deployment succeeded: green becomes the service's primary task set
    /// and the original (blue) one is terminated.
    fn finish_deployment(&mut self, id: &str) {
        let now = self.now;
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return;
        };
        if let Some(service) = self.ecs.services.get(&d.service_key).cloned() {
            let blue_tasks: Vec<String> = self
                .ecs
                .tasks
                .values()
                .filter(|t| {
                    t.of_service(&service.cluster, &service.name)
                        && t.is_active()
                        && t.started_by.as_deref() != d.task_set_id.as_deref()
                })
                .map(|t| t.id.clone())
                .collect();
            self.stop_service_tasks(&d.service_key, &service, &blue_tasks);
            if let Some(s) = self.ecs.services.get_mut(&d.service_key) {
                if let Some(set) = s.replacement.take() {
                    s.deployment_id = set.id;
                    s.task_definition_arn = set.task_definition_arn;
                    s.load_balancers = set.load_balancers;
                    s.network = set.network;
                    s.deployment_created_at = set.created_at;
                    s.deployment_updated_at = now;
                }
                s.steady_state_pending = true;
            }
        }
        // Test traffic now reaches the new production task set too.
        if let Some(test) = &d.test_listener {
            self.forward_listener(test, &[(d.green_target_group.clone(), 1)]);
        }
        self.update_deployment(id, |d| {
            d.status = DeploymentStatus::Succeeded;
            d.complete_time = Some(now);
            d.wait = None;
        });
        self.record_traffic(id);
    }

    /// A deployment fails or is stopped; with `roll_back`, traffic returns to
    /// blue, the replacement task set goes, and a rollback deployment records it.
    fn end_deployment(&mut self, id: &str, ending: Ending, roll_back: bool) {
        let now = self.now;
        let Some(d) = self.deploy.deployments.get(id).cloned() else {
            return;
        };
        let (status, code, message) = match ending {
            Ending::Failure(code, message) => (DeploymentStatus::Failed, code, message),
            Ending::Stop(code, message) => (DeploymentStatus::Stopped, code, message),
        };
        // Whatever was running or waiting ends here.
        self.update_deployment(id, |d| {
            d.status = status;
            d.complete_time = Some(now);
            d.wait = None;
            d.error = Some((code.to_string(), message.clone()));
            if let Some(i) = d.current_event() {
                for event in d.events.iter_mut().skip(i) {
                    if event.status == EventStatus::InProgress {
                        event.status = EventStatus::Failed;
                        event.end_time = Some(now);
                    } else {
                        event.status = EventStatus::Skipped;
                    }
                }
            }
        });
        if !roll_back {
            return;
        }
        // Roll back: traffic to blue, the replacement task set removed.
        self.forward_listener(&d.production_listener, &[(d.blue_target_group.clone(), 1)]);
        if let Some(test) = &d.test_listener {
            self.forward_listener(test, &[(d.blue_target_group.clone(), 1)]);
        }
        self.remove_replacement(&d.service_key, "Task set deleted by a CodeDeploy rollback");
        self.record_traffic(id);
        let rollback_id = self.new_codedeploy_id();
        let mut events = new_events(None);
        for event in &mut events {
            let rerouted = event.name == "AllowTraffic" || event.name == "AllowTestTraffic";
            event.status = if rerouted {
                EventStatus::Succeeded
            } else {
                EventStatus::Skipped
            };
            event.start_time = Some(now);
            event.end_time = Some(now);
        }
        let rollback = Deployment {
            id: rollback_id.clone(),
            creator: "codeDeployRollback".into(),
            description: None,
            events,
            status: DeploymentStatus::Succeeded,
            create_time: now,
            start_time: Some(now),
            complete_time: Some(now),
            wait: None,
            error: None,
            rollback_info: Some(RollbackInfo {
                rollback_deployment_id: None,
                rollback_triggering_deployment_id: Some(id.to_string()),
                rollback_message: None,
            }),
            task_set_id: None,
            traffic_started_at: None,
            traffic: vec![TrafficPoint {
                at: now,
                production_green: 0,
                test_green: false,
            }],
            ..d.clone()
        };
        self.deploy
            .deployments
            .insert(rollback_id.clone(), rollback);
        self.update_deployment(id, |d| {
            d.rollback_info = Some(RollbackInfo {
                rollback_deployment_id: Some(rollback_id.clone()),
                rollback_triggering_deployment_id: None,
                rollback_message: Some(format!(
                    "Deployment {} was rolled back by {rollback_id}: production traffic returned to the original task set.",
                    d.id
                )),
            });
        });
    }

    /// `sim hooks`: the hook executions waiting for an answer, with the command that gives it.
    pub fn pending_hooks(&self) -> String {
        let mut out = String::new();
        for d in self.deploy.deployments.values() {
            for event in &d.events {
                let Some(hook) = &event.hook else { continue };
                if event.status != EventStatus::InProgress || hook.result.is_some() {
                    continue;
                }
                out.push_str(&format!(
                    "{} {} waits for {} (started {}):\n  aws deploy put-lifecycle-event-hook-execution-status --deployment-id {} --lifecycle-event-hook-execution-id {} --status Succeeded\n",
                    d.id,
                    event.name,
                    hook.function,
                    event.start_time.map(|t| t.to_iso8601()).unwrap_or_default(),
                    d.id,
                    hook.execution_id
                ));
            }
        }
        if out.is_empty() {
            out.push_str("No lifecycle hook is waiting for an answer.\n");
        }
        out
    }

    /// `sim lambda NAME succeeds|fails|asks`: how a simulated hook function answers.
    pub(crate) fn set_lambda_behaviour(
        &mut self,
        name: &str,
        behaviour: &str,
    ) -> Result<String, String> {
        if name.is_empty() || name.len() > 64 {
            return Err("give a Lambda function name of 1 to 64 characters".into());
        }
        // A hook waiting on the function now gets its answer too.
        let answer = match behaviour {
            "succeeds" => Some("Succeeded"),
            "fails" => Some("Failed"),
            _ => None,
        };
        let at = self.now.plus(Duration(SIMULATED_LAMBDA_SECONDS));
        for d in self.deploy.deployments.values_mut() {
            for event in &mut d.events {
                if event.status != EventStatus::InProgress {
                    continue;
                }
                if let Some(hook) = event
                    .hook
                    .as_mut()
                    .filter(|h| h.function == name && h.result.is_none())
                {
                    hook.auto_answer = answer.map(|a| (at, a.to_string()));
                }
            }
        }
        match behaviour {
            "succeeds" => {
                self.deploy
                    .lambda_functions
                    .insert(name.to_string(), "Succeeded".into());
                Ok(format!("{name} now reports Succeeded to CodeDeploy {SIMULATED_LAMBDA_SECONDS} s after its hook starts.\n"))
            }
            "fails" => {
                self.deploy
                    .lambda_functions
                    .insert(name.to_string(), "Failed".into());
                Ok(format!("{name} now reports Failed to CodeDeploy {SIMULATED_LAMBDA_SECONDS} s after its hook starts.\n"))
            }
            "asks" => {
                self.deploy.lambda_functions.remove(name);
                Ok(format!("{name} now waits for you: answer its hooks with aws deploy put-lifecycle-event-hook-execution-status (see sim hooks).\n"))
            }
            other => Err(format!(
                "'{other}' is not a behaviour: use succeeds, fails or asks"
            )),
        }
    }
}

//! The ECS service scheduler: each service kept at its desired count, rolling deployments, the circuit breaker and rollback, scale-in.

use super::*;

impl World {
    pub(super) fn schedule_services(&mut self) -> bool {
        let keys: Vec<String> = self
            .ecs
            .services
            .iter()
            .filter(|(_, s)| s.status != ServiceStatus::Inactive)
            .map(|(k, _)| k.clone())
            .collect();
        let mut changed = false;
        for key in keys {
            changed |= self.schedule_service(&key);
        }
        changed
    }

    /// Whether the task counts as healthy for a deployment: running, past its
    /// container health checks (or 40 s without any), and healthy in every
    /// target group it is registered with.
    pub(super) fn task_counts_healthy(&self, task: &Task) -> bool {
        task.last_status == TaskStatus::Running
            && !task.desired_stopped
            && task.healthy_from().is_some_and(|at| at <= self.now)
            && task.health_status(self.now) != "UNHEALTHY"
            && task.targets.iter().all(|r| {
                self.elb
                    .target_group(&r.target_group_arn)
                    .ok()
                    .and_then(|g| g.target(&r.target))
                    .is_some_and(|t| t.state == crate::elb::TargetState::Healthy)
            })
    }

    /// One pass of a rolling update: old deployments' tasks go and new ones
    /// start within the service's minimum healthy and maximum percent.
    /// Older deployments without a task left are over (INACTIVE) and leave the list.
    pub(super) fn prune_finished_deployments(&mut self, key: &str, service: &Service) -> bool {
        let alive: BTreeSet<&str> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name) && !t.is_stopped())
            .filter_map(|t| t.started_by.as_deref())
            .collect();
        let finished: Vec<String> = service
            .older_deployments
            .iter()
            .filter(|d| !alive.contains(d.id.as_str()))
            .map(|d| d.id.clone())
            .collect();
        if finished.is_empty() {
            return false;
        }
        if let Some(s) = self.ecs.services.get_mut(key) {
            s.older_deployments.retain(|d| !finished.contains(&d.id));
        }
        true
    }

    pub(super) fn roll_service(&mut self, key: &str, service: &Service, active: &[Task]) -> bool {
        let now = self.now;
        if self.prune_finished_deployments(key, service) {
            return true;
        }
        let desired = service.desired_count as usize;
        let (primary_healthy, mut primary_unhealthy): (Vec<&Task>, Vec<&Task>) = active
            .iter()
            .filter(|t| t.started_by.as_deref() == Some(&service.deployment_id))
            .partition(|t| self.task_counts_healthy(t));
        let healthy_primary = primary_healthy.len();
        let primary_count = healthy_primary + primary_unhealthy.len();
        if healthy_primary > 0 && service.failed_tasks > 0 {
            // A healthy task resets the circuit breaker's count (resetOnHealthyTask).
            if let Some(s) = self.ecs.services.get_mut(key) {
                s.failed_tasks = 0;
            }
        }
        // Oldest deployment first, then oldest task.
        let age = |t: &Task| {
            std::cmp::Reverse(
                service
                    .older_deployments
                    .iter()
                    .position(|d| Some(d.id.as_str()) == t.started_by.as_deref())
                    .unwrap_or(0),
            )
        };
        let mut old_tasks: Vec<&Task> = active
            .iter()
            .filter(|t| t.started_by.as_deref() != Some(&service.deployment_id))
            .collect();
        old_tasks.sort_by_key(|t| (age(t), t.created_at, t.id.clone()));
        let old: Vec<rolling_update::OldTask> = old_tasks
            .iter()
            .map(|t| rolling_update::OldTask {
                id: t.id.clone(),
                healthy: self.task_counts_healthy(t),
            })
            .collect();
        let bounds = rolling_update::bounds(
            service.desired_count,
            service.minimum_healthy_percent,
            service.maximum_percent,
        );
        // Newest first: the ones furthest from serving.
        primary_unhealthy.sort_by_key(|t| std::cmp::Reverse((t.created_at, t.id.clone())));
        let primary_unhealthy: Vec<String> =
            primary_unhealthy.iter().map(|t| t.id.clone()).collect();
        let step = rolling_update::plan(
            desired,
            bounds,
            primary_count,
            healthy_primary,
            &old,
            &primary_unhealthy,
        );
        let stopped = self.stop_service_tasks(key, service, &step.stop);
        let started = step.start > 0 && self.start_service_tasks(key, service, active, step.start);
        let settled = active.iter().all(|t| self.task_counts_healthy(t));
        if !stopped && !started && primary_count < desired && settled {
            let message = format!("(service {}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.", service.name);
            let id = uuid(self);
            if let Some(s) = self.ecs.services.get_mut(key) {
                if s.events.first().is_none_or(|e| e.message != message) {
                    s.push_event(id, now, EventSeverity::Problem, message);
                    return true;
                }
            }
        }
        stopped || started
    }

    /// Whether the PRIMARY deployment has just failed, and how: too many
    /// tasks failed in a row (circuit breaker), or one of its CloudWatch
    /// alarms went into ALARM while it was in progress.
    pub(super) fn deployment_failure(&self, service: &Service) -> Option<DeploymentFailure> {
        if service.rollout_failed || service.rollout_completed {
            return None;
        }
        let breaker = service.circuit_breaker.is_some_and(|(enable, _)| enable)
            && service.failed_tasks
                >= rolling_update::circuit_breaker_threshold(service.desired_count);
        if breaker {
            return Some(DeploymentFailure::CircuitBreaker);
        }
        let alarms = service.deployment_alarms.as_ref().filter(|a| a.enable)?;
        let firing: Vec<String> = alarms
            .alarm_names
            .iter()
            .filter(|name| {
                self.alarms
                    .alarms
                    .get(*name)
                    .is_some_and(|a| a.state == crate::alarms::AlarmState::Alarm)
            })
            .cloned()
            .collect();
        (!firing.is_empty()).then_some(DeploymentFailure::Alarms(firing))
    }

    /// The circuit breaker fails the PRIMARY deployment; with rollback on, a new
    /// deployment of the last completed task definition replaces it.
    pub(super) fn fail_deployment(
        &mut self,
        key: &str,
        service: &Service,
        cause: DeploymentFailure,
    ) {
        let now = self.now;
        let prefix = format!("(service {})", service.name);
        let failed_event = uuid(self);
        let rollback_to = service
            .older_deployments
            .iter()
            .find(|d| d.rollout_state == RolloutState::Completed)
            .cloned()
            .filter(|_| match &cause {
                DeploymentFailure::CircuitBreaker => service
                    .circuit_breaker
                    .is_some_and(|(_, rollback)| rollback),
                DeploymentFailure::Alarms(_) => service
                    .deployment_alarms
                    .as_ref()
                    .is_some_and(|a| a.rollback),
            });
        let new_id = rollback_to.as_ref().map(|_| self.new_deployment_id());
        let rollback_event = uuid(self);
        let Some(s) = self.ecs.services.get_mut(key) else {
            return;
        };
        s.rollout_failed = true;
        s.deployment_updated_at = now;
        let (why, reason) = match &cause {
            DeploymentFailure::CircuitBreaker => (
                "tasks failed to start.".to_string(),
                "ECS deployment circuit breaker: tasks failed to start.".to_string(),
            ),
            // Model wording: AWS documents the behaviour, not these messages.
            DeploymentFailure::Alarms(names) => (
                format!("alarm detected: {}.", names.join(", ")),
                format!(
                    "ECS deployment failed: alarm(s) detected: {}.",
                    names.join(", ")
                ),
            ),
        };
        s.rollout_failed_reason = Some(reason);
        s.push_event(
            failed_event,
            now,
            EventSeverity::Problem,
            format!(
                "{prefix} ({}) deployment failed: {why}",
                s.deployment_id.replace("ecs-svc/", "deployment ecs-svc/")
            ),
        );
        if let (Some(target), Some(new_id)) = (rollback_to, new_id) {
            s.begin_deployment(new_id, target.task_definition_arn.clone(), now);
            s.push_event(
                rollback_event,
                now,
                EventSeverity::Problem,
                format!("{prefix} rolling back to deployment {}.", target.id),
            );
        }
    }

    /// `ecs-svc/` and 19 digits, like AWS's deployment ids.
    pub(crate) fn new_deployment_id(&mut self) -> String {
        format!(
            "ecs-svc/{}",
            (0..19)
                .map(|_| char::from(b'0' + self.rng_mut().id_below(10) as u8))
                .collect::<String>()
        )
    }

    /// Whether the scheduler has nothing to do for this service at this instant:
    /// the common case, checked without copying anything.
    pub(super) fn service_is_settled(&self, service: &Service) -> bool {
        if service.status != ServiceStatus::Active
            || !service.rollout_completed
            || service.steady_state_pending
        {
            return false;
        }
        let steady_due = service
            .last_steady_event_at
            .is_none_or(|at| self.now.since(at).as_seconds() >= STEADY_STATE_REPEAT_SECONDS);
        if steady_due {
            return false;
        }
        let mut active = 0;
        for task in self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name))
        {
            if task.is_active() {
                if task.last_status != TaskStatus::Running {
                    return false;
                }
                active += 1;
            } else if !task.is_stopped() {
                return false;
            }
        }
        let unhealthy = service.load_balancers.iter().any(|lb| {
            self.elb.target_group(&lb.target_group_arn).is_ok_and(|g| {
                g.targets
                    .iter()
                    .any(|t| t.state == crate::elb::TargetState::Unhealthy)
            })
        });
        active == service.desired_count as usize && !unhealthy
    }

    /// Starts `count` tasks of the service's PRIMARY deployment (unless the
    /// start-failure throttle holds them back) and posts "has started".
    pub(super) fn start_service_tasks(
        &mut self,
        key: &str,
        service: &Service,
        active: &[Task],
        count: usize,
    ) -> bool {
        let now = self.now;
        let prefix = format!("(service {})", service.name);
        if now < service.next_launch_at {
            return false;
        }
        let Some(td) = self
            .ecs
            .task_definitions
            .get(&service.task_definition_arn)
            .cloned()
        else {
            return false;
        };
        let mut started = Vec::new();
        let mut unplaced = None;
        // Where the service's tasks run now, so new ones restore the strategy's split.
        let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
        for task in active {
            if let Some(p) = &task.capacity_provider_name {
                *per_provider.entry(p.clone()).or_default() += 1;
            }
        }
        for _ in 0..count {
            let provider =
                capacity_provider::choose(&service.capacity_provider_strategy, &per_provider)
                    .map(String::from);
            // With an Auto Scaling group capacity provider a task waits for room.
            let waits = provider.as_deref().is_some_and(|p| {
                self.ecs
                    .asg_capacity_providers
                    .get(p)
                    .is_some_and(|c| c.managed_scaling)
            });
            let placement = match service.launch_type {
                LaunchType::Fargate => None,
                LaunchType::Ec2 => {
                    match self.place_on_instance(
                        &service.cluster,
                        &td,
                        &service.group(),
                        &service.placement_constraints,
                        &service.placement_strategy,
                        provider.as_deref(),
                    ) {
                        Ok(p) => Some(p),
                        Err(_) if waits => None,
                        Err(reason) => {
                            unplaced = Some(reason);
                            break;
                        }
                    }
                }
            };
            let waiting = service.launch_type == LaunchType::Ec2 && placement.is_none();
            if let Some(p) = &provider {
                *per_provider.entry(p.clone()).or_default() += 1;
            }
            let extras = TaskExtras {
                enable_execute_command: service.enable_execute_command,
                service_connect_namespace: service
                    .service_connect
                    .as_ref()
                    .filter(|c| c.enabled)
                    .and_then(|c| c.namespace.clone()),
                awaiting_capacity: provider.clone().filter(|_| waiting),
            };
            let id = self.create_task(
                &service.cluster,
                &td,
                &service.group(),
                Some(&service.name),
                Some(service.deployment_id.clone()),
                service.launch_type,
                service.network.as_ref(),
                placement,
                provider.as_deref(),
                extras,
            );
            started.push(id);
        }
        let throttled_now = service.consecutive_start_failures == 3;
        let event_ids: Vec<String> = (0..3).map(|_| uuid(self)).collect();
        if let Some(s) = self.ecs.services.get_mut(key) {
            if !started.is_empty() {
                let list: Vec<String> = started.iter().map(|id| format!("(task {id})")).collect();
                s.push_event(
                    event_ids[0].clone(),
                    now,
                    EventSeverity::Info,
                    format!(
                        "{prefix} has started {} tasks: {}.",
                        started.len(),
                        list.join(" ")
                    ),
                );
                s.steady_state_pending = true;
            }
            s.last_unplaceable = unplaced.clone();
            if let Some(unplaceable) = unplaced {
                let message = format!(
                    "{prefix} was unable to place a task because {unplaceable} {}",
                    placement::TROUBLESHOOTING
                );
                // Repeated placement failures are reported once per stretch, as the console shows them.
                if s.events.first().is_none_or(|e| e.message != message) {
                    s.push_event(event_ids[1].clone(), now, EventSeverity::Problem, message);
                }
                s.next_launch_at = now.plus(Duration(60));
            }
            if throttled_now && !started.is_empty() {
                s.push_event(event_ids[2].clone(), now, EventSeverity::Problem, format!("{prefix} is unable to consistently start tasks successfully. For more information, see the Troubleshooting section."));
            }
        }
        !started.is_empty()
    }

    /// Stops tasks for the service's PRIMARY deployment (scale-in, or old
    /// tasks a rolling update replaces) and posts "has stopped".
    pub(crate) fn stop_service_tasks(
        &mut self,
        key: &str,
        service: &Service,
        stop: &[String],
    ) -> bool {
        if stop.is_empty() {
            return false;
        }
        let now = self.now;
        let reason = format!(
            "Scaling activity initiated by (deployment {})",
            service.deployment_id
        );
        for id in stop {
            if let Some(task) = self.ecs.tasks.get_mut(id) {
                task.request_stop(now, "ServiceSchedulerInitiated", &reason);
            }
        }
        let event_id = uuid(self);
        if let Some(s) = self.ecs.services.get_mut(key) {
            let list: Vec<String> = stop.iter().map(|id| format!("(task {id})")).collect();
            s.push_event(
                event_id,
                now,
                EventSeverity::Info,
                format!(
                    "(service {}) has stopped {} running tasks: {}.",
                    service.name,
                    stop.len(),
                    list.join(" ")
                ),
            );
            s.steady_state_pending = true;
        }
        true
    }

    /// Stops tasks beyond the desired count: those not yet running first, then
    /// keeping the zones balanced, newest first.
    pub(super) fn scale_in(
        &mut self,
        key: &str,
        service: &Service,
        active: &[Task],
        desired: usize,
    ) -> bool {
        let mut candidates = active.to_vec();
        let zone_count = |zone: &str| {
            active
                .iter()
                .filter(|t| t.availability_zone == zone)
                .count()
        };
        candidates.sort_by_key(|t| {
            (
                t.last_status == TaskStatus::Running,
                std::cmp::Reverse(zone_count(&t.availability_zone)),
                std::cmp::Reverse(t.created_at),
                t.id.clone(),
            )
        });
        let stop: Vec<String> = candidates
            .iter()
            .take(active.len().saturating_sub(desired))
            .map(|t| t.id.clone())
            .collect();
        self.stop_service_tasks(key, service, &stop)
    }

    pub(super) fn schedule_service(&mut self, key: &str) -> bool {
        if self
            .ecs
            .services
            .get(key)
            .is_none_or(|s| self.service_is_settled(s))
        {
            return false;
        }
        let Some(service) = self.ecs.services.get(key).cloned() else {
            return false;
        };
        if let Some(cause) = self.deployment_failure(&service) {
            self.fail_deployment(key, &service, cause);
            return true;
        }
        let now = self.now;
        let (green, active): (Vec<Task>, Vec<Task>) = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name) && t.is_active())
            .cloned()
            .partition(|t| {
                service
                    .replacement
                    .as_ref()
                    .is_some_and(|set| t.started_by.as_deref() == Some(&set.id))
            });
        let desired = service.desired_count as usize;
        let prefix = format!("(service {})", service.name);
        if service.status == ServiceStatus::Draining && active.is_empty() {
            let still_stopping = self
                .ecs
                .tasks
                .values()
                .any(|t| t.of_service(&service.cluster, &service.name) && !t.is_stopped());
            if !still_stopping {
                if let Some(s) = self.ecs.services.get_mut(key) {
                    s.status = ServiceStatus::Inactive;
                }
                return true;
            }
        }
        // Tasks whose targets fail the load balancer's health checks are replaced.
        let grace = u64::from(service.health_check_grace_period_seconds.unwrap_or(0));
        let failing = self.tasks_failing_elb_checks(&service.cluster, &service.name, grace, now);
        if !failing.is_empty() {
            for (task_id, group_arn, port) in &failing {
                let reason = format!("Task failed ELB health checks in (target-group {group_arn})");
                let mut failed = None;
                if let Some(task) = self.ecs.tasks.get_mut(task_id) {
                    task.request_stop(now, "ServiceSchedulerInitiated", &reason);
                    failed = Some(task.clone());
                }
                let id = uuid(self);
                if let Some(s) = self.ecs.services.get_mut(key) {
                    if let Some(task) = &failed {
                        s.count_failed_task(task);
                    }
                    s.push_event(id, now, EventSeverity::Problem, format!("{prefix} (task {task_id}) (port {port}) is unhealthy in (target-group {group_arn}) due to (reason Request timed out)."));
                }
            }
            let id = uuid(self);
            if let Some(s) = self.ecs.services.get_mut(key) {
                let list: Vec<String> = failing
                    .iter()
                    .map(|(t, _, _)| format!("(task {t})"))
                    .collect();
                s.push_event(
                    id,
                    now,
                    EventSeverity::Info,
                    format!(
                        "{prefix} has stopped {} running tasks: {}.",
                        failing.len(),
                        list.join(" ")
                    ),
                );
                s.steady_state_pending = true;
            }
            return true;
        }
        if service.rollout_failed {
            // A failed deployment launches nothing more, but a lower desired count
            // (scaling a broken service to 0) still stops tasks.
            return self.prune_finished_deployments(key, &service)
                || (active.len() > desired && self.scale_in(key, &service, &active, desired));
        }
        if let Some(set) = &service.replacement {
            // The replacement task set is kept at the desired count too (scale 100 %).
            let view = Service {
                task_definition_arn: set.task_definition_arn.clone(),
                deployment_id: set.id.clone(),
                network: set.network.clone().or_else(|| service.network.clone()),
                load_balancers: set.load_balancers.clone(),
                ..service.clone()
            };
            if green.len() < desired
                && self.start_service_tasks(key, &view, &green, desired - green.len())
            {
                return true;
            }
            if green.len() > desired {
                let stop: Vec<String> = green
                    .iter()
                    .rev()
                    .take(green.len() - desired)
                    .map(|t| t.id.clone())
                    .collect();
                return self.stop_service_tasks(key, &view, &stop);
            }
        }
        if !service.older_deployments.is_empty() {
            return self.roll_service(key, &service, &active);
        }
        if active.len() < desired {
            return self.start_service_tasks(key, &service, &active, desired - active.len());
        }
        if service.last_unplaceable.is_some() {
            // Nothing left to place: an old placement failure no longer explains anything.
            if let Some(s) = self.ecs.services.get_mut(key) {
                s.last_unplaceable = None;
            }
        }
        if active.len() > desired {
            return self.scale_in(key, &service, &active, desired);
        }
        // Exactly the desired count: steady once every task runs and nothing else is stopping.
        let all_running = active.iter().all(|t| t.last_status == TaskStatus::Running);
        let leftovers = self.ecs.tasks.values().any(|t| {
            t.of_service(&service.cluster, &service.name) && !t.is_active() && !t.is_stopped()
        });
        let due = service
            .last_steady_event_at
            .is_none_or(|at| now.since(at).as_seconds() >= STEADY_STATE_REPEAT_SECONDS)
            || !service.rollout_completed
            || service.steady_state_pending;
        let targets_healthy = self.service_targets_healthy(&service.cluster, &service.name);
        if all_running
            && targets_healthy
            && !leftovers
            && due
            && service.status == ServiceStatus::Active
        {
            let ids = [uuid(self), uuid(self)];
            if let Some(s) = self.ecs.services.get_mut(key) {
                if !s.rollout_completed {
                    s.rollout_completed = true;
                    s.deployment_updated_at = now;
                    s.push_event(
                        ids[0].clone(),
                        now,
                        EventSeverity::Info,
                        format!(
                            "{prefix} ({}) deployment completed.",
                            s.deployment_id.replace("ecs-svc/", "deployment ecs-svc/")
                        ),
                    );
                }
                s.push_event(
                    ids[1].clone(),
                    now,
                    EventSeverity::Info,
                    format!("{prefix} has reached a steady state."),
                );
                s.last_steady_event_at = Some(now);
                s.steady_state_pending = false;
            }
            return true;
        }
        false
    }
}

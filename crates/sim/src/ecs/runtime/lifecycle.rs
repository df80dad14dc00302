//! The task lifecycle on the clock: provisioning, pulling, running, health checks, stopping; registering with a service's load balancers.

use super::*;

impl World {
    /// Registers a service task's targets as it starts, with the service event.
    pub(super) fn register_with_service_load_balancers(&mut self, task: &mut Task) {
        let Some(name) = task.service.clone() else {
            return;
        };
        // A replacement (green) task set registers with its own target group.
        let balancers = self
            .ecs
            .services
            .get(&Self::service_key(&task.cluster, &name))
            .map(|s| match &s.replacement {
                Some(set) if task.started_by.as_deref() == Some(&set.id) => {
                    set.load_balancers.clone()
                }
                _ => s.load_balancers.clone(),
            })
            .unwrap_or_default();
        if balancers.is_empty() {
            return;
        }
        self.register_task_targets(task, &balancers);
        self.service_event_for_targets(task, "registered");
    }

    /// `(service web) registered 1 targets in (target-group …)` and its deregistration twin.
    pub(super) fn service_event_for_targets(&mut self, task: &Task, verb: &str) {
        let Some(name) = task.service.clone() else {
            return;
        };
        let key = Self::service_key(&task.cluster, &name);
        let mut groups: Vec<&str> = task
            .targets
            .iter()
            .map(|t| t.target_group_arn.as_str())
            .collect();
        groups.dedup();
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        for group in groups {
            let id = uuid(self);
            let now = self.now;
            if let Some(service) = self.ecs.services.get_mut(&key) {
                service.push_event(
                    id,
                    now,
                    EventSeverity::Info,
                    format!("(service {name}) {verb} 1 targets in (target-group {group})"),
                );
            }
        }
    }

    // ── Faults (`sim fail`, `sim recover`) ────────────────────────────────

    /// The next thing that happens to a running task by itself: its crash, or (in
    /// a service) the moment an essential container turns UNHEALTHY.
    pub(in crate::ecs) fn next_running_event(&self, task: &Task, now: SimTime) -> Option<SimTime> {
        let crash = self
            .ecs
            .faults
            .task_crashes(&task.containers)
            .then(|| now.plus(Duration(crate::ecs::faults::CRASH_AFTER_SECONDS)));
        let unhealthy = task.service.as_ref().and(task.unhealthy_at());
        let sidecar = self
            .ecs
            .faults
            .sidecar_crashes(&task.containers)
            .then(|| now.plus(Duration(crate::ecs::faults::CRASH_AFTER_SECONDS)));
        [crash, unhealthy, task.job_end(), sidecar]
            .into_iter()
            .flatten()
            .min()
    }

    pub(super) fn crash_due(&self, task: &Task, now: SimTime) -> bool {
        let started = task.started_at.unwrap_or(now);
        now.since(started).as_seconds() >= crate::ecs::faults::CRASH_AFTER_SECONDS
            && self.ecs.faults.task_crashes(&task.containers)
    }

    /// The service's events when it stops a task for failed container health checks.
    pub(super) fn service_event_for_container_health(&mut self, task: &Task) {
        let Some(name) = task.service.clone() else {
            return;
        };
        let key = Self::service_key(&task.cluster, &name);
        let first = uuid(self);
        let second = uuid(self);
        if let Some(service) = self.ecs.services.get_mut(&key) {
            service.push_event(
                first,
                self.now,
                EventSeverity::Problem,
                format!(
                    "(service {name}) (task {}) failed container health checks.",
                    task.id
                ),
            );
            service.push_event(
                second,
                self.now,
                EventSeverity::Info,
                format!(
                    "(service {name}) has stopped 1 running tasks: (task {}).",
                    task.id
                ),
            );
            service.steady_state_pending = true;
            service.count_failed_task(task);
        }
    }

    /// The next instant a task stage ends or a throttled service may launch again.
    pub(crate) fn next_ecs_transition(&self) -> Option<SimTime> {
        let tasks = self.ecs.tasks.values().filter_map(|t| t.next_at);
        let throttled = self
            .ecs
            .services
            .values()
            .filter(|s| s.next_launch_at > self.now)
            .map(|s| s.next_launch_at);
        let forget = self
            .ecs
            .tasks
            .values()
            .filter_map(|t| t.stopped_at)
            .map(|at| at.plus(Duration(STOPPED_TASK_RETENTION_SECONDS)));
        // During a rolling update the scheduler looks again when a task comes to count as healthy.
        let rolling: BTreeSet<(&str, &str)> = self
            .ecs
            .services
            .values()
            .filter(|s| !s.older_deployments.is_empty() || s.replacement.is_some())
            .map(|s| (s.cluster.as_str(), s.name.as_str()))
            .collect();
        let turning_healthy = self
            .ecs
            .tasks
            .values()
            .filter(|t| {
                !rolling.is_empty()
                    && t.service
                        .as_deref()
                        .is_some_and(|name| rolling.contains(&(t.cluster.as_str(), name)))
            })
            .filter_map(|t| t.healthy_from());
        tasks
            .chain(throttled)
            .chain(forget)
            .chain(turning_healthy)
            .filter(|t| *t > self.now)
            .min()
    }

    /// Everything due now: task stages, then the service scheduler, until nothing changes.
    pub(crate) fn process_ecs(&mut self) {
        // One round can make another due at the same instant (a task stops,
        // the scheduler starts its replacement, whose first stage is due now).
        // Real chains settle in a few rounds; the bound keeps a model bug in
        // which two steps undo each other from hanging the clock.
        for _ in 0..16 {
            let moved = self.progress_tasks();
            let scheduled = self.schedule_services();
            if !moved && !scheduled {
                break;
            }
        }
        let now = self.now;
        self.ecs.tasks.retain(|_, t| {
            t.stopped_at
                .is_none_or(|at| now.since(at).as_seconds() < STOPPED_TASK_RETENTION_SECONDS)
        });
    }

    pub(super) fn progress_tasks(&mut self) -> bool {
        let now = self.now;
        let due: Vec<String> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.next_at.is_some_and(|at| at <= now))
            .map(|t| t.id.clone())
            .collect();
        for id in &due {
            self.progress_task(id);
        }
        !due.is_empty()
    }

    pub(super) fn progress_task(&mut self, id: &str) {
        let Some(mut task) = self.ecs.tasks.get(id).cloned() else {
            return;
        };
        let now = self.now;
        match task.last_status {
            TaskStatus::Provisioning => {
                if let Some(network) = &mut task.network {
                    let arn = task.id.clone();
                    let created = {
                        let subnet = network.subnet_id.clone();
                        let groups = network.security_group_ids.clone();
                        let description = format!(
                            "arn:aws:ecs:{}:{}:attachment/{arn}",
                            self.region, self.account_id
                        );
                        let (ec2, mut ctx) = self.ec2_ctx();
                        ec2.create_interface(
                            &mut ctx,
                            &subnet,
                            InterfaceOwner::Task(arn.clone()),
                            groups,
                            description,
                        )
                    };
                    match created {
                        Ok(eni) => {
                            network.private_ip =
                                self.ec2.network_interfaces.get(&eni).map(|e| e.private_ip);
                            network.network_interface_id = Some(eni);
                        }
                        Err(_) => {
                            let reason = format!("ResourceInitializationError: failed to configure ENI: InsufficientFreeAddressesInSubnet: There are not enough free addresses in subnet '{}' to satisfy the requested number of instances.", network.subnet_id);
                            task.start_failed = true;
                            task.desired_stopped = true;
                            task.stop_code = Some("TaskFailedToStart".into());
                            task.stopped_reason = Some(reason);
                            task.stopping_at = Some(now);
                            task.enter(TaskStatus::Deprovisioning, now, 0);
                            self.ecs.tasks.insert(id.to_string(), task);
                            return;
                        }
                    }
                }
                // The image pull decides whether the task starts at all.
                let pulled = self.pull_for(&task);
                task.pull_started_at = Some(now);
                match pulled {
                    Ok((seconds, secrets)) => {
                        for secret in secrets {
                            if let Some(c) = task
                                .containers
                                .iter_mut()
                                .find(|c| c.name == secret.container)
                            {
                                c.secret_values.insert(secret.name, secret.value);
                            }
                        }
                        task.enter(TaskStatus::Pending, now, seconds)
                    }
                    Err(reason) => {
                        task.start_failed = true;
                        task.stop_code = Some("TaskFailedToStart".into());
                        task.stopped_reason = Some(reason);
                        task.enter(TaskStatus::Pending, now, durations::FAILED_PULL_RETRIES);
                    }
                }
            }
            TaskStatus::Pending => {
                if task.start_failed {
                    task.desired_stopped = true;
                    task.stopping_at = Some(now);
                    let seconds = task.deprovisioning_seconds();
                    task.enter(TaskStatus::Deprovisioning, now, seconds);
                } else {
                    task.pull_stopped_at = Some(now);
                    task.enter(TaskStatus::Activating, now, durations::ACTIVATING);
                }
            }
            TaskStatus::Activating => {
                task.started_at = Some(now);
                task.last_status = TaskStatus::Running;
                self.write_container_logs(&task, crate::logs::startup_lines);
                self.register_with_service_load_balancers(&mut task);
                // A crashing image exits shortly after it starts; a failing health
                // check fails from the first probe.
                for container in &mut task.containers {
                    if container.health_check.is_some()
                        && self.ecs.faults.image_fails_health(&container.image)
                    {
                        container.health_failing_since = Some(now);
                    }
                }
                task.next_at = self.next_running_event(&task, now);
                if let Some(arn) = &task.container_instance_arn {
                    if let Some(instance) = self.ecs.container_instances.get_mut(arn) {
                        for container in &task.containers {
                            if !instance.cached_images.contains(&container.image) {
                                instance.cached_images.push(container.image.clone());
                            }
                        }
                    }
                }
                if let Some(service) = task.service.as_ref().and_then(|s| {
                    self.ecs
                        .services
                        .get_mut(&Self::service_key(&task.cluster, s))
                }) {
                    service.consecutive_start_failures = 0;
                }
            }
            TaskStatus::Running if task.job_done(now) && !self.crash_due(&task, now) => {
                // A batch job's work is done: the essential container(s) whose
                // job has ended exit cleanly, and that stops the task.
                let started = task.started_at.unwrap_or(now);
                let mut finished = Vec::new();
                for container in task.containers.iter_mut().filter(|c| c.essential) {
                    if container
                        .job_seconds
                        .is_some_and(|s| now >= started.plus(Duration(s)))
                    {
                        container.exit_code = Some(0);
                        finished.push(container.image.clone());
                    }
                }
                task.request_stop(
                    now,
                    "EssentialContainerExited",
                    "Essential container in task exited",
                );
                self.write_container_logs(&task, |image| {
                    if finished.iter().any(|f| f == image) {
                        vec![format!("{image}: job complete, exiting with code 0")]
                    } else {
                        Vec::new()
                    }
                });
            }
            TaskStatus::Running if !self.crash_due(&task, now) => {
                // A crashing sidecar (not essential) exits; the task runs on without it.
                let started = task.started_at.unwrap_or(now);
                let mut exited = Vec::new();
                for container in task.containers.iter_mut().filter(|c| !c.essential) {
                    if container.exit_code.is_none()
                        && self.ecs.faults.image_crashes(&container.image)
                        && now.since(started).as_seconds()
                            >= crate::ecs::faults::CRASH_AFTER_SECONDS
                    {
                        container.exit_code = Some(1);
                        exited.push(container.image.clone());
                    }
                }
                if !exited.is_empty() {
                    self.write_container_logs(&task, |image| {
                        if exited.iter().any(|e| e == image) {
                            vec![format!(
                                "Error: {image} failed: unhandled exception, exiting with code 1"
                            )]
                        } else {
                            Vec::new()
                        }
                    });
                }
                // A service stops a task whose essential container turned UNHEALTHY;
                // a standalone task keeps running whatever its health.
                task.next_at = None;
                if task.service.is_some() && task.unhealthy_at().is_some_and(|at| at <= now) {
                    task.request_stop(
                        now,
                        "ServiceSchedulerInitiated",
                        "Task failed container health checks",
                    );
                    self.service_event_for_container_health(&task);
                } else {
                    // What is still ahead: a batch job's exit, a sidecar's crash.
                    task.next_at = self.next_running_event(&task, now).filter(|at| *at > now);
                }
            }
            TaskStatus::Running => {
                for container in &mut task.containers {
                    if container.essential && self.ecs.faults.image_crashes(&container.image) {
                        container.exit_code = Some(1);
                    }
                }
                task.request_stop(
                    now,
                    "EssentialContainerExited",
                    "Essential container in task exited",
                );
                self.write_container_logs(&task, |image| {
                    vec![format!(
                        "Error: {image} failed: unhandled exception, exiting with code 1"
                    )]
                });
            }
            TaskStatus::Deactivating => {
                // Draining first: the task waits out the target groups' deregistration delay.
                if !task.targets.is_empty() && !task.targets_deregistered {
                    let mut delay = self.deregister_task_targets(&task);
                    if task.stop_code.as_deref() == Some(SPOT_INTERRUPTION) {
                        // The capacity is reclaimed two minutes after the notice, drained or not.
                        delay = delay.min(
                            capacity_provider::SPOT_WARNING_SECONDS
                                .saturating_sub(durations::STOPPING),
                        );
                    }
                    task.targets_deregistered = true;
                    self.service_event_for_targets(&task, "deregistered");
                    task.enter(TaskStatus::Deactivating, now, delay);
                } else {
                    task.enter(TaskStatus::Stopping, now, durations::STOPPING);
                }
            }
            TaskStatus::Stopping => {
                for container in &mut task.containers {
                    container.exit_code.get_or_insert(
                        if task.stop_code.as_deref() == Some("UserInitiated") {
                            143
                        } else {
                            0
                        },
                    );
                }
                let seconds = task.deprovisioning_seconds();
                task.enter(TaskStatus::Deprovisioning, now, seconds);
            }
            TaskStatus::Deprovisioning => {
                if let Some(eni) = task
                    .network
                    .as_ref()
                    .and_then(|n| n.network_interface_id.clone())
                {
                    self.ec2.network_interfaces.remove(&eni);
                }
                task.last_status = TaskStatus::Stopped;
                task.stopped_at = Some(now);
                task.next_at = None;
                if task.failed_to_start() {
                    if let Some(service) = task.service.as_ref().and_then(|s| {
                        self.ecs
                            .services
                            .get_mut(&Self::service_key(&task.cluster, s))
                    }) {
                        service.consecutive_start_failures += 1;
                        service.count_failed_task(&task);
                        service.next_launch_at = now.plus(Duration(Service::throttle_seconds(
                            service.consecutive_start_failures,
                        )));
                    }
                }
            }
            TaskStatus::Stopped => task.next_at = None,
        }
        self.ecs.tasks.insert(id.to_string(), task);
    }

    /// Reads the containers' secrets, then pulls every container's image over
    /// the task's path; seconds taken and the secrets read, or the stoppedReason.
    pub(super) fn pull_for(
        &self,
        task: &Task,
    ) -> Result<(u64, Vec<crate::world::image_pull::RetrievedSecret>), String> {
        let Some(td) = self.ecs.task_definitions.get(&task.task_definition_arn) else {
            return Err("TaskFailedToStart: the task definition is gone".into());
        };
        let instance = task
            .container_instance_arn
            .as_ref()
            .and_then(|a| self.ecs.container_instances.get(a));
        let (subnet_id, groups, public_ip) = match (&task.network, instance) {
            (Some(n), _) => (
                n.subnet_id.clone(),
                n.security_group_ids.clone(),
                n.public_ip,
            ),
            (None, Some(i)) => (
                i.subnet_id.clone(),
                i.security_group_ids.clone(),
                i.public_ip,
            ),
            (None, None) => return Ok((durations::CACHED_PULL, Vec::new())),
        };
        let execution_role_arn = td.execution_role_arn.as_deref().filter(|a| !a.is_empty());
        let secrets = self
            .retrieve_secrets(
                td,
                &PullRequest {
                    image: "",
                    subnet_id: &subnet_id,
                    security_group_ids: &groups,
                    public_ip,
                    execution_role_arn,
                    uses_awslogs: false,
                    task_id: &task.id,
                },
            )
            .map_err(|e| e.to_string())?;
        let mut seconds = 0;
        for container in td.containers() {
            if instance.is_some_and(|i| i.cached_images.iter().any(|c| c == container.image())) {
                seconds += durations::CACHED_PULL;
                continue;
            }
            let request = PullRequest {
                image: container.image(),
                subnet_id: &subnet_id,
                security_group_ids: &groups,
                public_ip,
                execution_role_arn,
                uses_awslogs: container.log_driver() == Some("awslogs"),
                task_id: &task.id,
            };
            if let Some(reason) = self.log_group_problem(td, container, &task.id) {
                return Err(reason);
            }
            if self.ecs.faults.image_broken(container.image()) {
                return Err(format!(
                    "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {}: not found",
                    container.image()
                ));
            }
            let pulled = self.pull_image(&request).map_err(|e| e.to_string())?;
            seconds += pulled.seconds;
        }
        Ok((seconds.max(1), secrets))
    }
}

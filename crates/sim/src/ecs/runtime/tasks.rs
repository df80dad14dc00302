//! Launching tasks: the task definition, network and launch type a task gets, placement, and the task APIs (run, stop, describe, list).

use super::*;

impl World {
    /// The task definition a call names, active, or the error ECS gives.
    pub(crate) fn task_definition_for(
        &self,
        reference: &str,
    ) -> Result<TaskDefinition, EcsApiError> {
        self.ecs
            .task_definitions
            .get(reference)
            .filter(|td| td.is_active())
            .cloned()
            .ok_or(EcsApiError::TaskDefinitionNotFound)
    }

    /// Checks an awsvpc configuration: subnets in one VPC, groups that exist (default group if none).
    pub(crate) fn checked_network(
        &self,
        config: Option<&AwsVpcConfiguration>,
    ) -> Result<AwsVpcConfiguration, EcsApiError> {
        let Some(config) = config else {
            return Err(invalid(
                "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
            ));
        };
        if config.subnets.is_empty() || config.subnets.len() > 16 {
            return Err(invalid(
                "subnets can have at most 16 items and must have at least 1.",
            ));
        }
        let mut vpc = None;
        for id in &config.subnets {
            let subnet = self.ec2.subnets.get(id).ok_or_else(|| {
                invalid(format!("Error retrieving subnet information for [{id}]: The subnet ID '{id}' does not exist (ErrorCode: InvalidSubnetID.NotFound)"))
            })?;
            if vpc.get_or_insert(subnet.vpc_id.clone()) != &subnet.vpc_id {
                return Err(invalid("Subnets must belong to the same VPC."));
            }
        }
        let vpc = vpc.unwrap_or_default();
        let mut groups = config.security_groups.clone();
        if groups.len() > 5 {
            return Err(invalid("securityGroups can have at most 5 items."));
        }
        for id in &groups {
            match self.ec2.security_groups.get(id) {
                Some(g) if g.vpc_id == vpc => {}
                Some(_) => return Err(invalid(format!("Security group {id} does not appear to belong to the same VPC as the input subnets."))),
                None => return Err(invalid(format!("Error retrieving security group information for [{id}]: The security group '{id}' does not exist (ErrorCode: InvalidGroup.NotFound)"))),
            }
        }
        if groups.is_empty() {
            groups.extend(
                self.ec2
                    .security_groups
                    .values()
                    .filter(|g| g.vpc_id == vpc && g.is_default())
                    .map(|g| g.id.clone()),
            );
        }
        match config.assign_public_ip.as_deref() {
            None | Some("ENABLED") | Some("DISABLED") => {}
            Some(other) => {
                return Err(invalid(format!(
                    "assignPublicIp should be one of [ENABLED,DISABLED], got {other}"
                )))
            }
        }
        Ok(AwsVpcConfiguration {
            subnets: config.subnets.clone(),
            security_groups: groups,
            assign_public_ip: config.assign_public_ip.clone(),
        })
    }

    /// The awsvpc configuration a task needs (checked), or none for other network modes.
    pub(super) fn task_network(
        &self,
        td: &TaskDefinition,
        config: Option<&NetworkConfiguration>,
    ) -> Result<Option<AwsVpcConfiguration>, EcsApiError> {
        match (td.network_mode(), config) {
            (NetworkMode::Awsvpc, config) => Ok(Some(self.checked_network(config.and_then(|n| n.awsvpc_configuration.as_ref()))?)),
            (_, Some(_)) => Err(invalid("Network Configuration is not valid for the given networkMode of this task definition.")),
            (_, None) => Ok(None),
        }
    }

    /// Launch type from `launchType` or a capacity provider strategy (or the cluster's default).
    /// The launch type a RunTask or CreateService call gets, and the capacity
    /// provider strategy its tasks follow (empty with an explicit launch type,
    /// or when the cluster has no default strategy: EC2).
    pub(super) fn launch_type_for(
        &self,
        cluster: &Cluster,
        launch_type: Option<&str>,
        strategy: &[CapacityProviderStrategyItem],
    ) -> Result<(LaunchType, Vec<CapacityProviderStrategyItem>), EcsApiError> {
        if launch_type.is_some() && !strategy.is_empty() {
            return Err(invalid("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."));
        }
        match launch_type {
            Some("FARGATE") => return Ok((LaunchType::Fargate, Vec::new())),
            Some("EC2") => return Ok((LaunchType::Ec2, Vec::new())),
            Some(other) => {
                return Err(invalid(format!(
                    "launchType should be one of [EC2,FARGATE,EXTERNAL], got {other}"
                )))
            }
            None => {}
        }
        let from_cluster_default = strategy.is_empty();
        let strategy = if from_cluster_default {
            &cluster.default_strategy
        } else {
            strategy
        };
        if strategy.is_empty() {
            return Ok((LaunchType::Ec2, Vec::new()));
        }
        for item in strategy {
            if !cluster.capacity_providers.contains(&item.capacity_provider) {
                return Err(invalid(format!("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. ({})", item.capacity_provider)));
            }
        }
        capacity_provider::validate(strategy, from_cluster_default)?;
        let fargate = strategy
            .iter()
            .filter(|i| capacity_provider::is_fargate_provider(&i.capacity_provider))
            .count();
        match fargate {
            0 => Ok((LaunchType::Ec2, strategy.to_vec())),
            n if n == strategy.len() => Ok((LaunchType::Fargate, strategy.to_vec())),
            _ => Err(invalid("A capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and Fargate providers. Specify one or the other and try again.")),
        }
    }

    pub(super) fn check_compatible(
        td: &TaskDefinition,
        launch_type: LaunchType,
    ) -> Result<(), EcsApiError> {
        let wanted = match launch_type {
            LaunchType::Fargate => Compatibility::Fargate,
            LaunchType::Ec2 => Compatibility::Ec2,
        };
        if td.is_compatible_with(wanted) {
            Ok(())
        } else {
            Err(invalid(format!(
                "Task definition does not support launch_type {}.",
                launch_type.name()
            )))
        }
    }

    /// Cpu units and MiB a task reserves: task-level values, else the sum over its containers.
    pub(super) fn task_size(td: &TaskDefinition) -> (u32, u32) {
        let cpu = td.cpu_units().unwrap_or_else(|| {
            // Saturating: container values are only checked to be positive.
            td.containers()
                .iter()
                .fold(0u32, |sum, c| sum.saturating_add(c.cpu_units()))
        });
        let memory = td.memory_mib().unwrap_or_else(|| {
            td.containers()
                .iter()
                .map(|c| {
                    c.memory_limit_mib()
                        .or(c.reserved_memory_mib())
                        .unwrap_or(0)
                })
                .fold(0u32, u32::saturating_add)
        });
        (cpu, memory)
    }

    /// The subnet for the next task of `group`: the zone with the fewest of its tasks, then the subnet order given.
    pub(super) fn subnet_for(
        &self,
        config: &AwsVpcConfiguration,
        group: &str,
        cluster: &str,
    ) -> String {
        let mut best: Option<(usize, usize, String)> = None;
        let all_down = config.subnets.iter().all(|id| {
            self.ec2
                .subnets
                .get(id)
                .is_none_or(|s| self.ecs.faults.zone_failed(&s.availability_zone))
        });
        for (index, id) in config.subnets.iter().enumerate() {
            let Some(subnet) = self.ec2.subnets.get(id) else {
                continue;
            };
            // ECS launches into the zones that are up, if there are any.
            if !all_down && self.ecs.faults.zone_failed(&subnet.availability_zone) {
                continue;
            }
            let in_zone = self
                .ecs
                .tasks
                .values()
                .filter(|t| {
                    t.cluster == cluster
                        && t.group == group
                        && t.is_active()
                        && t.availability_zone == subnet.availability_zone
                })
                .count();
            if best
                .as_ref()
                .is_none_or(|(count, i, _)| (in_zone, index) < (*count, *i))
            {
                best = Some((in_zone, index, id.clone()));
            }
        }
        best.map(|(_, _, id)| id).unwrap_or_default()
    }

    /// The cluster's container instances as placement sees them right now.
    /// The cluster's container instances as placement sees them; with an Auto
    /// Scaling group capacity provider, only that group's instances.
    pub(super) fn placement_candidates(
        &self,
        cluster: &str,
        provider: Option<&str>,
    ) -> Vec<placement::Candidate> {
        let allowed = provider.map(|p| self.provider_instances(p).unwrap_or_default());
        self.ecs
            .container_instances
            .values()
            .filter(|i| i.cluster == cluster)
            .filter(|i| allowed.as_ref().is_none_or(|a| a.contains(&i.arn)))
            .map(|instance| {
                let (cpu, memory, _) = self.instance_remaining(&instance.arn).unwrap_or_default();
                let mut candidate = placement::Candidate::new(
                    &instance.arn,
                    &instance.ec2_instance_id,
                    &instance.availability_zone,
                    &instance.instance_type,
                    cpu,
                    memory,
                )
                .with_agent_reserved_ports();
                candidate.attributes = instance.attributes.clone();
                candidate.agent_connected = instance.agent_connected;
                candidate.status = if instance.draining {
                    placement::InstanceStatus::Draining
                } else {
                    placement::InstanceStatus::Active
                };
                for task in self.ecs.tasks.values().filter(|t| {
                    t.container_instance_arn.as_ref() == Some(&instance.arn) && !t.is_stopped()
                }) {
                    let ports: Vec<(u16, placement::HostProtocol)> = task
                        .host_ports
                        .iter()
                        .map(|p| (*p, placement::HostProtocol::Tcp))
                        .collect();
                    candidate.used_ports.extend(ports.iter().copied());
                    if task.last_status == TaskStatus::Running {
                        candidate.running_tasks += 1;
                    }
                    candidate.tasks.push(placement::PlacedTask {
                        task_arn: Some(task.arn(&self.region, &self.account_id)),
                        group: task.group.clone(),
                        cpu: task.cpu,
                        memory: task.memory,
                        host_ports: ports,
                    });
                }
                candidate
            })
            .collect()
    }

    /// Parses the API's placement constraints and strategies (services default to spread by zone).
    pub(super) fn placement_rules(
        constraints: &[Value],
        strategies: &[Value],
    ) -> Result<
        (
            Vec<placement::PlacementConstraint>,
            Vec<placement::PlacementStrategy>,
        ),
        EcsApiError,
    > {
        let raw_constraints: Vec<placement::RawPlacementConstraint> = constraints
            .iter()
            .filter_map(|c| serde_json::from_value(c.clone()).ok())
            .collect();
        let raw_strategies: Vec<placement::RawPlacementStrategy> = strategies
            .iter()
            .filter_map(|s| serde_json::from_value(s.clone()).ok())
            .collect();
        let constraints = placement::validate_constraints(&raw_constraints)
            .map_err(|e| invalid(e.to_string()))?;
        let mut strategies =
            placement::validate_strategies(&raw_strategies).map_err(|e| invalid(e.to_string()))?;
        if strategies.is_empty() {
            strategies = placement::default_service_strategies();
        }
        Ok((constraints, strategies))
    }

    /// An instance for an EC2-launch task, with the host ports it takes there
    /// (static ones, and dynamic ones from the ephemeral range for host port 0).
    pub(in crate::ecs) fn place_on_instance(
        &mut self,
        cluster: &str,
        td: &TaskDefinition,
        group: &str,
        constraints: &[Value],
        strategies: &[Value],
        provider: Option<&str>,
    ) -> Result<(String, Vec<u16>), placement::Unplaceable> {
        let (cpu, memory) = Self::task_size(td);
        let static_ports: Vec<u16> = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings().iter())
            .filter_map(|p| p.host_port().filter(|h| *h != 0))
            .collect();
        let dynamic = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings().iter())
            .filter(|p| p.host_port().is_none_or(|h| h == 0))
            .count();
        let network_mode = match td.network_mode() {
            NetworkMode::Awsvpc => placement::TaskNetworkMode::Awsvpc,
            NetworkMode::Host => placement::TaskNetworkMode::Host,
            NetworkMode::None => placement::TaskNetworkMode::None,
            _ => placement::TaskNetworkMode::Bridge,
        };
        let mut requirements = placement::TaskRequirements::new(cpu, memory, group);
        requirements.network_mode = network_mode;
        requirements.host_ports = static_ports
            .iter()
            .map(|p| (*p, placement::HostProtocol::Tcp))
            .collect();
        let candidates = self.placement_candidates(cluster, provider);
        // Rules were validated when the service was created; bad ones here place nothing.
        let (constraints, strategies) =
            Self::placement_rules(constraints, strategies).unwrap_or_default();
        let chosen = placement::place(
            &candidates,
            &requirements,
            &constraints,
            &strategies,
            self.rng_mut(),
        )?;
        let used: Vec<u16> = candidates
            .get(chosen.candidate_index)
            .map(|c| c.used_ports.iter().map(|(p, _)| *p).collect())
            .unwrap_or_default();
        let mut ports = Vec::new();
        if network_mode.binds_host_ports() {
            ports.extend(static_ports);
            let mut next = EPHEMERAL_PORT_START;
            for _ in 0..dynamic {
                while (used.contains(&next) || ports.contains(&next)) && next < EPHEMERAL_PORT_END {
                    next += 1;
                }
                // The ephemeral range is used up: the task does not fit (never a port past it).
                if next > EPHEMERAL_PORT_END || used.contains(&next) || ports.contains(&next) {
                    let candidate = candidates.get(chosen.candidate_index);
                    return Err(placement::Unplaceable {
                        rejections: vec![placement::CandidateRejection {
                            container_instance_arn: chosen.container_instance_arn.clone(),
                            ec2_instance_id: candidate
                                .map(|c| c.ec2_instance_id.clone())
                                .unwrap_or_default(),
                            rejection: placement::Rejection::PortInUse {
                                port: EPHEMERAL_PORT_END,
                                protocol: placement::HostProtocol::Tcp,
                            },
                        }],
                    });
                }
                ports.push(next);
                next += 1;
            }
        }
        Ok((chosen.container_instance_arn, ports))
    }

    /// Creates one task in PROVISIONING. For EC2, the caller has placed it already.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_task(
        &mut self,
        cluster: &str,
        td: &TaskDefinition,
        group: &str,
        service: Option<&str>,
        started_by: Option<String>,
        launch_type: LaunchType,
        network: Option<&AwsVpcConfiguration>,
        placement: Option<(String, Vec<u16>)>,
        capacity_provider: Option<&str>,
        extras: TaskExtras,
    ) -> String {
        let id = self.rng_hex(32);
        let (cpu, memory) = Self::task_size(td);
        let instance = placement
            .as_ref()
            .and_then(|(arn, _)| self.ecs.container_instances.get(arn))
            .cloned();
        let task_network = network.map(|config| {
            let subnet_id = match &instance {
                Some(i) => i.subnet_id.clone(),
                None => self.subnet_for(config, group, cluster),
            };
            TaskNetwork {
                subnet_id,
                security_group_ids: config.security_groups.clone(),
                public_ip: config.public_ip(),
                network_interface_id: None,
                private_ip: None,
            }
        });
        let availability_zone = match (&instance, &task_network) {
            (Some(i), _) => i.availability_zone.clone(),
            (None, Some(n)) => self
                .ec2
                .subnets
                .get(&n.subnet_id)
                .map(|s| s.availability_zone.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let provisioning = if task_network.is_some() {
            durations::PROVISIONING_AWSVPC
        } else {
            durations::PROVISIONING_OTHER
        };
        let task = Task {
            id: id.clone(),
            cluster: cluster.to_string(),
            task_definition_arn: crate::ecs::task_definition_arn(
                &self.region,
                &self.account_id,
                &td.family,
                td.revision,
            ),
            group: group.to_string(),
            service: service.map(String::from),
            started_by,
            launch_type,
            last_status: TaskStatus::Provisioning,
            desired_stopped: false,
            created_at: self.now,
            // A task waiting for its provider's room starts provisioning once placed.
            next_at: extras
                .awaiting_capacity
                .is_none()
                .then(|| self.now.plus(Duration(provisioning))),
            pull_started_at: None,
            pull_stopped_at: None,
            started_at: None,
            stopping_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            start_failed: false,
            container_instance_arn: placement.as_ref().map(|(arn, _)| arn.clone()),
            availability_zone,
            network: task_network,
            host_ports: placement.map(|(_, ports)| ports).unwrap_or_default(),
            cpu,
            memory,
            containers: td
                .containers()
                .iter()
                .map(|c| TaskContainer {
                    name: c.name().to_string(),
                    image: c.image().to_string(),
                    essential: c.is_essential(),
                    health_check: c.health_check().map(|h| (h.interval, h.start_period)),
                    health_check_retries: c.health_check().map(|h| h.retries),
                    health_failing_since: None,
                    exit_code: None,
                    reason: None,
                    job_seconds: c.job_seconds(),
                    secret_values: BTreeMap::new(),
                })
                .collect(),
            targets: Vec::new(),
            targets_deregistered: false,
            capacity_provider_name: capacity_provider.map(String::from),
            enable_execute_command: extras.enable_execute_command,
            job_seconds: td
                .containers()
                .iter()
                .filter(|c| c.is_essential())
                .filter_map(|c| c.job_seconds())
                .min(),
            awaiting_capacity: extras.awaiting_capacity,
            service_connect_namespace: extras.service_connect_namespace,
        };
        self.ecs.tasks.insert(id.clone(), task);
        id
    }

    pub(super) fn task_shape(&self, task: &Task) -> Value {
        let td = self.ecs.task_definitions.get(&task.task_definition_arn);
        let cpu = td
            .and_then(|t| t.cpu.clone())
            .unwrap_or_else(|| task.cpu.to_string());
        let memory = td
            .and_then(|t| t.memory.clone())
            .unwrap_or_else(|| task.memory.to_string());
        task.shape(&self.region, &self.account_id, &cpu, &memory, self.now)
    }

    pub(crate) fn ecs_run_task(&mut self, input: RunTaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.clone();
        let td = self.task_definition_for(&input.task_definition)?;
        let count = input.count.unwrap_or(1);
        if !(1..=10).contains(&count) {
            return Err(invalid("count must be between 1 and 10."));
        }
        let (launch_type, strategy) = self.launch_type_for(
            &cluster,
            input.launch_type.as_deref(),
            &input.capacity_provider_strategy,
        )?;
        Self::check_compatible(&td, launch_type)?;
        Self::placement_rules(&input.placement_constraints, &input.placement_strategy)?;
        // The tasks of one call are split over the strategy's providers.
        let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
        let network = self.task_network(&td, input.network_configuration.as_ref())?;
        let group = input
            .group
            .clone()
            .unwrap_or_else(|| format!("family:{}", td.family));
        let mut tasks = Vec::new();
        let mut failures = Vec::new();
        for _ in 0..count {
            let provider = capacity_provider::choose(&strategy, &per_provider).map(String::from);
            // With an Auto Scaling group capacity provider a task waits for room.
            let waits = provider.as_deref().is_some_and(|p| {
                self.ecs
                    .asg_capacity_providers
                    .get(p)
                    .is_some_and(|c| c.managed_scaling)
            });
            let placement = match launch_type {
                LaunchType::Fargate => None,
                LaunchType::Ec2 => match self.place_on_instance(
                    &cluster.name,
                    &td,
                    &group,
                    &input.placement_constraints,
                    &input.placement_strategy,
                    provider.as_deref(),
                ) {
                    Ok(p) => Some(p),
                    Err(_) if waits => None,
                    Err(unplaceable) if unplaceable.no_container_instances() => {
                        return Err(invalid(placement::NO_CONTAINER_INSTANCES))
                    }
                    Err(unplaceable) => {
                        failures.extend(
                            unplaceable
                                .run_task_failures()
                                .into_iter()
                                .map(|f| json!({ "arn": f.arn, "reason": f.reason })),
                        );
                        continue;
                    }
                },
            };
            let waiting = launch_type == LaunchType::Ec2 && placement.is_none();
            if let Some(p) = &provider {
                *per_provider.entry(p.clone()).or_default() += 1;
            }
            let extras = TaskExtras {
                enable_execute_command: input.enable_execute_command,
                service_connect_namespace: None,
                awaiting_capacity: provider.clone().filter(|_| waiting),
            };
            let id = self.create_task(
                &cluster.name,
                &td,
                &group,
                None,
                input.started_by.clone(),
                launch_type,
                network.as_ref(),
                placement,
                provider.as_deref(),
                extras,
            );
            if let Some(task) = self.ecs.tasks.get(&id) {
                tasks.push(self.task_shape(task));
            }
        }
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    pub(crate) fn ecs_stop_task(&mut self, input: TaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        let reference = input.task.unwrap_or_default();
        let id = task_id(&reference).to_string();
        let now = self.now;
        let reason = input
            .reason
            .unwrap_or_else(|| "Task stopped by user".into());
        let task = self
            .ecs
            .tasks
            .get_mut(&id)
            .filter(|t| t.cluster == cluster)
            .ok_or_else(|| invalid("The referenced task was not found."))?;
        task.request_stop(now, "UserInitiated", &reason);
        let task = task.clone();
        Ok(json!({ "task": self.task_shape(&task) }))
    }

    pub(crate) fn ecs_describe_tasks(&self, input: TaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        if input.tasks.is_empty() {
            return Err(invalid("Tasks cannot be empty."));
        }
        let mut tasks = Vec::new();
        let mut failures = Vec::new();
        for reference in &input.tasks {
            match self
                .ecs
                .tasks
                .get(task_id(reference))
                .filter(|t| t.cluster == cluster)
            {
                Some(task) => tasks.push(self.task_shape(task)),
                None => failures.push(json!({ "arn": reference, "reason": "MISSING" })),
            }
        }
        Ok(json!({ "tasks": tasks, "failures": failures }))
    }

    pub(crate) fn ecs_list_tasks(&self, input: TaskInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        let want_stopped = match input.desired_status.as_deref() {
            None | Some("RUNNING") | Some("PENDING") => false,
            Some("STOPPED") => true,
            Some(other) => {
                return Err(invalid(format!(
                    "desiredStatus should be one of [RUNNING,PENDING,STOPPED], got {other}"
                )))
            }
        };
        let arns: Vec<String> =
            self.ecs
                .tasks
                .values()
                .filter(|t| t.cluster == cluster && t.desired_stopped == want_stopped)
                .filter(|t| {
                    input.service_name.as_ref().is_none_or(|s| {
                        t.service.as_deref() == Some(s.rsplit('/').next().unwrap_or(s))
                    })
                })
                .filter(|t| {
                    input.family.as_ref().is_none_or(|f| {
                        t.task_definition_arn
                            .contains(&format!("task-definition/{f}:"))
                    })
                })
                .filter(|t| {
                    input
                        .started_by
                        .as_ref()
                        .is_none_or(|s| t.started_by.as_ref() == Some(s))
                })
                .filter(|t| {
                    input
                        .launch_type
                        .as_ref()
                        .is_none_or(|l| t.launch_type.name() == l)
                })
                .map(|t| t.arn(&self.region, &self.account_id))
                .collect();
        Ok(json!({ "taskArns": arns }))
    }

    pub(in crate::ecs) fn service_key(cluster: &str, name: &str) -> String {
        format!("{cluster}/{name}")
    }
}

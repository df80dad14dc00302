//! The service APIs: create, update, delete, describe, list.

use super::*;

impl World {
    /// (running, pending) tasks of each of the service's deployments.
    pub(super) fn service_counts(&self, service: &Service) -> BTreeMap<String, (usize, usize)> {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for task in self
            .ecs
            .tasks
            .values()
            .filter(|t| t.of_service(&service.cluster, &service.name) && !t.is_stopped())
        {
            let deployment = task.started_by.clone().unwrap_or_default();
            let entry = counts.entry(deployment).or_default();
            if task.last_status == TaskStatus::Running {
                entry.0 += 1;
            } else if task.last_status.is_starting() {
                entry.1 += 1;
            }
        }
        counts
    }

    pub(super) fn service_shape(&self, service: &Service) -> Value {
        service.shape(
            &self.region,
            &self.account_id,
            &self.service_counts(service),
        )
    }

    pub(crate) fn ecs_create_service(&mut self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.clone();
        let name = input.service_name.clone().unwrap_or_default();
        let valid = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(invalid("Service names can only contain letters, numbers, hyphens and underscores, and must be 1-255 characters long."));
        }
        let key = Self::service_key(&cluster.name, &name);
        if self
            .ecs
            .services
            .get(&key)
            .is_some_and(|s| s.status != ServiceStatus::Inactive)
        {
            return Err(invalid("Creation of service was not idempotent."));
        }
        let td = self.task_definition_for(input.task_definition.as_deref().unwrap_or_default())?;
        if input
            .scheduling_strategy
            .as_deref()
            .is_some_and(|s| s != "REPLICA")
        {
            return Err(EcsApiError::Unsupported("The DAEMON scheduling strategy is not simulated in ECS Playground yet; use REPLICA.".into()));
        }
        let load_balancers = self.check_service_load_balancers(&td, &input.load_balancers)?;
        let controller = input
            .deployment_controller
            .as_ref()
            .map_or("ECS", |c| c.kind.as_str())
            .to_string();
        match controller.as_str() {
            "ECS" => {}
            "CODE_DEPLOY" if load_balancers.len() == 1 => {}
            "CODE_DEPLOY" => return Err(invalid("A service with a CODE_DEPLOY deployment controller needs exactly one load balancer target group (the blue one); CodeDeploy adds the second.")),
            "EXTERNAL" => return Err(EcsApiError::Unsupported("The EXTERNAL deployment controller is not simulated in ECS Playground; use ECS or CODE_DEPLOY.".into())),
            other => return Err(invalid(format!("deploymentController.type should be one of [ECS,CODE_DEPLOY,EXTERNAL], got {other}"))),
        }
        let desired = input.desired_count.ok_or_else(|| invalid("The desired count must be specified for services with the REPLICA scheduling strategy."))?;
        if !(0..=5000).contains(&desired) {
            return Err(invalid("desiredCount must be between 0 and 5000."));
        }
        let (launch_type, strategy) = self.launch_type_for(
            &cluster,
            input.launch_type.as_deref(),
            &input.capacity_provider_strategy,
        )?;
        Self::check_compatible(&td, launch_type)?;
        let network = self.task_network(&td, input.network_configuration.as_ref())?;
        Self::placement_rules(&input.placement_constraints, &input.placement_strategy)?;
        let config = input.deployment_configuration.clone().unwrap_or_default();
        let minimum = config.minimum_healthy_percent.unwrap_or(100);
        let maximum = config.maximum_percent.unwrap_or(200);
        if !(0..=100).contains(&minimum) || !(100..=200).contains(&maximum) {
            return Err(invalid("The minimum healthy percent must be between 0 and 100 and the maximum percent between 100 and 200."));
        }
        let service_connect = input
            .service_connect_configuration
            .as_ref()
            .map(|c| self.check_service_connect(c, &td, &Self::service_key(&cluster.name, &name)))
            .transpose()?
            .filter(|c| c.enabled);
        if service_connect.is_some() && controller == "CODE_DEPLOY" {
            return Err(invalid("Service Connect is only supported for services that use the ECS (rolling update) deployment controller."));
        }
        let deployment_id = self.new_deployment_id();
        let service = Service {
            name: name.clone(),
            cluster: cluster.name.clone(),
            task_definition_arn: crate::ecs::task_definition_arn(
                &self.region,
                &self.account_id,
                &td.family,
                td.revision,
            ),
            desired_count: desired as u32,
            launch_type,
            // A service keeps the strategy it was created with, the cluster default included.
            capacity_provider_strategy: strategy,
            network,
            minimum_healthy_percent: minimum as u32,
            maximum_percent: maximum as u32,
            circuit_breaker: config
                .deployment_circuit_breaker
                .map(|c| (c.enable, c.rollback)),
            deployment_alarms: config.alarms.clone(),
            placement_constraints: input.placement_constraints,
            placement_strategy: input.placement_strategy,
            health_check_grace_period_seconds: input
                .health_check_grace_period_seconds
                .map(|g| g.clamp(0, i64::from(u32::MAX)) as u32),
            status: ServiceStatus::Active,
            created_at: self.now,
            deployment_id,
            deployment_created_at: self.now,
            deployment_updated_at: self.now,
            rollout_completed: false,
            steady_state_pending: true,
            events: Vec::new(),
            consecutive_start_failures: 0,
            next_launch_at: self.now,
            last_steady_event_at: None,
            failed_tasks: 0,
            load_balancers,
            older_deployments: Vec::new(),
            rollout_failed: false,
            last_unplaceable: None,
            rollout_failed_reason: None,
            deployment_controller: controller,
            replacement: None,
            enable_execute_command: input.enable_execute_command.unwrap_or(false),
            service_connect,
        };
        let shape = self.service_shape(&service);
        self.ecs.services.insert(key, service);
        Ok(json!({ "service": shape }))
    }

    pub(super) fn service_mut(
        &mut self,
        cluster: Option<&str>,
        reference: &str,
    ) -> Result<&mut Service, EcsApiError> {
        let cluster = self.cluster(cluster)?.name.clone();
        let name = reference.rsplit('/').next().unwrap_or(reference);
        let service = self
            .ecs
            .services
            .get_mut(&Self::service_key(&cluster, name))
            .ok_or(EcsApiError::ServiceNotFound)?;
        if service.status != ServiceStatus::Active {
            return Err(EcsApiError::ServiceNotActive);
        }
        Ok(service)
    }

    /// UpdateService: desired count, deployment configuration and grace period
    /// change in place; a new task definition, network configuration, capacity
    /// provider strategy or `forceNewDeployment` starts a new deployment.
    pub(crate) fn ecs_update_service(&mut self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let reference = input.service.clone().unwrap_or_default();
        if let Some(desired) = input.desired_count {
            if !(0..=5000).contains(&desired) {
                return Err(invalid("desiredCount must be between 0 and 5000."));
            }
        }
        let current = self
            .service_mut(input.cluster.as_deref(), &reference)?
            .clone();
        if current.status != ServiceStatus::Active {
            return Err(EcsApiError::ServiceNotActive);
        }
        let changes_deployment = input.task_definition.is_some()
            || input.force_new_deployment == Some(true)
            || input.service_connect_configuration.is_some()
            || input.network_configuration.is_some()
            || !input.capacity_provider_strategy.is_empty();
        if current.deployment_controller == "CODE_DEPLOY"
            && input.service_connect_configuration.is_some()
        {
            return Err(invalid("Service Connect is only supported for services that use the ECS (rolling update) deployment controller."));
        }
        if current.deployment_controller == "CODE_DEPLOY" && changes_deployment {
            return Err(invalid("Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment."));
        }
        let td = match input.task_definition.as_deref() {
            Some(reference) => self.task_definition_for(reference)?,
            None => self.task_definition_for(&current.task_definition_arn)?,
        };
        Self::check_compatible(&td, current.launch_type)?;
        // The new revision must still have the container and port the load balancers use.
        let load_balancers: Vec<Value> =
            current.load_balancers.iter().map(|lb| json!(lb)).collect();
        self.check_service_load_balancers(&td, &load_balancers)?;
        let network = match &input.network_configuration {
            Some(_) => self.task_network(&td, input.network_configuration.as_ref())?,
            None => current.network.clone(),
        };
        let strategy = if input.capacity_provider_strategy.is_empty() {
            current.capacity_provider_strategy.clone()
        } else {
            let cluster = self.cluster(Some(&current.cluster))?.clone();
            let (launch_type, strategy) =
                self.launch_type_for(&cluster, None, &input.capacity_provider_strategy)?;
            if launch_type != current.launch_type {
                return Err(invalid(
                    "Updating a service between EC2 and Fargate capacity is not supported.",
                ));
            }
            strategy
        };
        let config = input.deployment_configuration.clone().unwrap_or_default();
        let minimum = config
            .minimum_healthy_percent
            .unwrap_or(i64::from(current.minimum_healthy_percent));
        let maximum = config
            .maximum_percent
            .unwrap_or(i64::from(current.maximum_percent));
        if !(0..=100).contains(&minimum) || !(100..=200).contains(&maximum) {
            return Err(invalid("The minimum healthy percent must be between 0 and 100 and the maximum percent between 100 and 200."));
        }
        let td_arn = crate::ecs::task_definition_arn(
            &self.region,
            &self.account_id,
            &td.family,
            td.revision,
        );
        // A new revision must still have the named ports Service Connect publishes.
        let key = Self::service_key(&current.cluster, &current.name);
        let service_connect = input
            .service_connect_configuration
            .as_ref()
            .map(|c| self.check_service_connect(c, &td, &key))
            .transpose()?;
        if service_connect.is_none() {
            if let Some(config) = &current.service_connect {
                self.check_service_connect(config, &td, &key)?;
            }
        }
        let new_deployment = input.force_new_deployment == Some(true)
            || service_connect.is_some()
            || td_arn != current.task_definition_arn
            || network != current.network
            || strategy != current.capacity_provider_strategy;
        let deployment_id = new_deployment.then(|| self.new_deployment_id());
        let now = self.now;
        let service = self.service_mut(input.cluster.as_deref(), &reference)?;
        if let Some(desired) = input.desired_count {
            service.desired_count = desired as u32;
            service.steady_state_pending = true;
        }
        service.minimum_healthy_percent = minimum as u32;
        service.maximum_percent = maximum as u32;
        if let Some(breaker) = &config.deployment_circuit_breaker {
            service.circuit_breaker = Some((breaker.enable, breaker.rollback));
        }
        if let Some(alarms) = &config.alarms {
            service.deployment_alarms = Some(alarms.clone());
        }
        if let Some(grace) = input.health_check_grace_period_seconds {
            service.health_check_grace_period_seconds =
                Some(grace.clamp(0, i64::from(u32::MAX)) as u32);
        }
        service.network = network;
        service.capacity_provider_strategy = strategy;
        if let Some(config) = service_connect {
            service.service_connect = Some(config).filter(|c| c.enabled);
        }
        // Only tasks started from now on get the agent: AWS asks for --force-new-deployment.
        if let Some(flag) = input.enable_execute_command {
            service.enable_execute_command = flag;
        }
        if let Some(id) = deployment_id {
            service.begin_deployment(id, td_arn, now);
        } else {
            service.deployment_updated_at = now;
        }
        let service = service.clone();
        Ok(json!({ "service": self.service_shape(&service) }))
    }

    pub(crate) fn ecs_delete_service(&mut self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let reference = input.service.clone().unwrap_or_default();
        let force = input.force == Some(true);
        let service = self.service_mut(input.cluster.as_deref(), &reference)?;
        if service.desired_count > 0 && !force {
            return Err(invalid(
                "The service cannot be stopped while it is scaled above 0.",
            ));
        }
        service.desired_count = 0;
        service.status = ServiceStatus::Draining;
        let service = service.clone();
        Ok(json!({ "service": self.service_shape(&service) }))
    }

    pub(crate) fn ecs_describe_services(&self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        if input.services.is_empty() {
            return Err(invalid("Services cannot be empty."));
        }
        let mut services = Vec::new();
        let mut failures = Vec::new();
        for reference in &input.services {
            let name = reference.rsplit('/').next().unwrap_or(reference);
            match self.ecs.services.get(&Self::service_key(&cluster, name)) {
                Some(service) => services.push(self.service_shape(service)),
                None => failures.push(json!({ "arn": format!("arn:aws:ecs:{}:{}:service/{cluster}/{name}", self.region, self.account_id), "reason": "MISSING" })),
            }
        }
        Ok(json!({ "services": services, "failures": failures }))
    }

    pub(crate) fn ecs_list_services(&self, input: ServiceInput) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        let arns: Vec<String> = self
            .ecs
            .services
            .values()
            .filter(|s| s.cluster == cluster && s.status == ServiceStatus::Active)
            .map(|s| s.arn(&self.region, &self.account_id))
            .collect();
        Ok(json!({ "serviceArns": arns }))
    }
}

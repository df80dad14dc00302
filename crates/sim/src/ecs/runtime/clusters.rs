//! Clusters and their container instances: the cluster APIs, capacity provider associations, instances joining and leaving.

use super::*;

impl World {
    pub(in crate::ecs) fn cluster(&self, reference: Option<&str>) -> Result<&Cluster, EcsApiError> {
        let name = cluster_name(reference);
        self.ecs
            .clusters
            .get(&name)
            .filter(|c| c.active)
            .ok_or(EcsApiError::ClusterNotFound)
    }

    pub(super) fn cluster_counts(&self, name: &str) -> ClusterCounts {
        let tasks = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.cluster == name && !t.is_stopped());
        let (mut running, mut pending) = (0, 0);
        for task in tasks {
            if task.last_status == TaskStatus::Running {
                running += 1;
            } else if task.last_status.is_starting() {
                pending += 1;
            }
        }
        ClusterCounts {
            instances: self
                .ecs
                .container_instances
                .values()
                .filter(|i| i.cluster == name)
                .count(),
            running_tasks: running,
            pending_tasks: pending,
            active_services: self
                .ecs
                .services
                .values()
                .filter(|s| s.cluster == name && s.status == ServiceStatus::Active)
                .count(),
        }
    }

    pub(crate) fn ecs_create_cluster(
        &mut self,
        input: CreateClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = input.cluster_name.unwrap_or_else(|| "default".into());
        let valid = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(invalid("Cluster names can only contain letters, numbers, hyphens and underscores, and must be 1-255 characters long."));
        }
        self.check_cluster_capacity_providers(&name, &input.capacity_providers)?;
        let insights = input.settings.iter().any(|s| {
            s.name == "containerInsights" && (s.value == "enabled" || s.value == "enhanced")
        });
        let enhanced = input
            .settings
            .iter()
            .any(|s| s.name == "containerInsights" && s.value == "enhanced");
        // CreateCluster is idempotent for an existing active cluster.
        if !self.ecs.clusters.get(&name).is_some_and(|c| c.active) {
            let cluster = Cluster {
                name: name.clone(),
                active: true,
                capacity_providers: input.capacity_providers,
                default_strategy: input.default_capacity_provider_strategy,
                container_insights: insights,
                container_insights_enhanced: enhanced,
                created_at: self.now,
                tags: input.tags,
            };
            self.ecs.clusters.insert(name.clone(), cluster);
        }
        let counts = self.cluster_counts(&name);
        let cluster = self.cluster(Some(&name))?;
        Ok(json!({ "cluster": cluster.shape(&self.region, &self.account_id, counts) }))
    }

    /// UpdateClusterSettings: `containerInsights` (`enabled`, `enhanced` or `disabled`).
    pub(crate) fn ecs_update_cluster_settings(
        &mut self,
        input: ClusterSettingsInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(Some(&input.cluster))?.name.clone();
        let mut insights = None;
        // The wording of these two refusals is the model's (AWS's is not documented).
        for setting in &input.settings {
            if setting.name != "containerInsights" {
                return Err(invalid(format!(
                    "Cluster setting name '{}' is invalid. Valid name is 'containerInsights'.",
                    setting.name
                )));
            }
            insights = Some(match setting.value.as_str() {
                "enabled" => (true, false),
                "enhanced" => (true, true),
                "disabled" => (false, false),
                other => {
                    return Err(invalid(format!(
                        "Cluster setting value '{other}' is invalid. Valid values are 'enabled', 'enhanced' and 'disabled'."
                    )))
                }
            });
        }
        let counts = self.cluster_counts(&name);
        let mut shape = Value::Null;
        if let Some(cluster) = self.ecs.clusters.get_mut(&name) {
            if let Some((on, enhanced)) = insights {
                cluster.container_insights = on;
                cluster.container_insights_enhanced = enhanced;
            }
            shape = cluster.shape(&self.region, &self.account_id, counts);
        }
        Ok(json!({ "cluster": shape }))
    }

    pub(crate) fn ecs_delete_cluster(&mut self, input: ClusterInput) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        let counts = self.cluster_counts(&name);
        if self
            .ecs
            .services
            .values()
            .any(|s| s.cluster == name && s.status != ServiceStatus::Inactive)
        {
            return Err(EcsApiError::ClusterContainsServices);
        }
        if counts.running_tasks + counts.pending_tasks > 0
            || self
                .ecs
                .tasks
                .values()
                .any(|t| t.cluster == name && !t.is_stopped())
        {
            return Err(EcsApiError::ClusterContainsTasks);
        }
        if counts.instances > 0 {
            return Err(EcsApiError::ClusterContainsContainerInstances);
        }
        let mut shape = Value::Null;
        if let Some(cluster) = self.ecs.clusters.get_mut(&name) {
            cluster.active = false;
            shape = cluster.shape(&self.region, &self.account_id, counts);
        }
        Ok(json!({ "cluster": shape }))
    }

    pub(crate) fn ecs_describe_clusters(&self, input: ClusterInput) -> Value {
        let names: Vec<String> = if input.clusters.is_empty() {
            vec!["default".into()]
        } else {
            input
                .clusters
                .iter()
                .map(|c| cluster_name(Some(c)))
                .collect()
        };
        let mut clusters = Vec::new();
        let mut failures = Vec::new();
        for name in names {
            match self.ecs.clusters.get(&name) {
                Some(cluster) => clusters.push(cluster.shape(&self.region, &self.account_id, self.cluster_counts(&name))),
                None => failures.push(json!({ "arn": format!("arn:aws:ecs:{}:{}:cluster/{name}", self.region, self.account_id), "reason": "MISSING" })),
            }
        }
        json!({ "clusters": clusters, "failures": failures })
    }

    pub(crate) fn ecs_list_clusters(&self) -> Value {
        let arns: Vec<String> = self
            .ecs
            .clusters
            .values()
            .filter(|c| c.active)
            .map(|c| c.arn(&self.region, &self.account_id))
            .collect();
        json!({ "clusterArns": arns })
    }

    /// The providers a cluster may use: the Fargate ones, and Auto Scaling
    /// group providers that exist and serve no other cluster.
    pub(super) fn check_cluster_capacity_providers(
        &self,
        cluster: &str,
        providers: &[String],
    ) -> Result<(), EcsApiError> {
        for provider in providers {
            if capacity_provider::is_fargate_provider(provider) {
                continue;
            }
            if !self.ecs.asg_capacity_providers.contains_key(provider) {
                return Err(invalid(format!("The specified capacity provider '{provider}' does not exist. Specify a valid capacity provider and try again.")));
            }
            if let Some(other) =
                self.ecs.clusters.values().find(|c| {
                    c.active && c.name != cluster && c.capacity_providers.contains(provider)
                })
            {
                return Err(invalid(format!("The capacity provider {provider} is already associated with the cluster {}. An Auto Scaling group capacity provider can be associated with one cluster only.", other.name)));
            }
        }
        Ok(())
    }

    pub(crate) fn ecs_put_cluster_capacity_providers(
        &mut self,
        input: ClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        // A provider a service's strategy or a live task uses cannot be taken away.
        let current = self
            .ecs
            .clusters
            .get(&name)
            .map(|c| c.capacity_providers.clone())
            .unwrap_or_default();
        for removed in current
            .iter()
            .filter(|p| !input.capacity_providers.contains(p))
        {
            let by_service = self.ecs.services.values().any(|s| {
                s.cluster == name
                    && s.status == ServiceStatus::Active
                    && s.capacity_provider_strategy
                        .iter()
                        .any(|i| &i.capacity_provider == removed)
            });
            let by_task = self.ecs.tasks.values().any(|t| {
                t.cluster == name
                    && !t.is_stopped()
                    && t.capacity_provider_name.as_ref() == Some(removed)
            });
            if by_service || by_task {
                return Err(EcsApiError::ResourceInUse(
                    "The specified capacity provider is in use and cannot be removed.".into(),
                ));
            }
        }
        self.check_cluster_capacity_providers(&name, &input.capacity_providers)?;
        for item in &input.default_capacity_provider_strategy {
            if !input.capacity_providers.contains(&item.capacity_provider) {
                return Err(invalid(format!("The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again. ({})", item.capacity_provider)));
            }
        }
        if let Some(cluster) = self.ecs.clusters.get_mut(&name) {
            cluster.capacity_providers = input.capacity_providers;
            cluster.default_strategy = input.default_capacity_provider_strategy;
        }
        let counts = self.cluster_counts(&name);
        let cluster = self.cluster(Some(&name))?;
        Ok(json!({ "cluster": cluster.shape(&self.region, &self.account_id, counts) }))
    }

    /// `sim add-instance`: an EC2 instance with the ECS agent registered to `cluster`.
    pub(crate) fn ecs_add_instance(
        &mut self,
        cluster: &str,
        instance_type: &str,
        subnet_id: Option<&str>,
        count: u32,
    ) -> Result<Vec<String>, String> {
        let cluster = self
            .cluster(Some(cluster))
            .map_err(|e| e.to_string())?
            .name
            .clone();
        crate::ecs::cluster::instance_type(instance_type).ok_or_else(|| {
            let names: Vec<&str> = crate::ecs::cluster::INSTANCE_TYPES
                .iter()
                .map(|(n, _, _)| *n)
                .collect();
            format!(
                "unknown instance type '{instance_type}': choose one of {}",
                names.join(", ")
            )
        })?;
        if !(1..=20).contains(&count) {
            return Err("--count takes a number from 1 to 20".into());
        }
        let default_subnets: Vec<String> = {
            let default_vpc = self
                .ec2
                .vpcs
                .values()
                .find(|v| v.is_default)
                .map(|v| v.id.clone());
            self.ec2
                .subnets
                .values()
                .filter(|s| Some(&s.vpc_id) == default_vpc.as_ref())
                .map(|s| s.id.clone())
                .collect()
        };
        let subnets: Vec<String> = match subnet_id {
            Some(id) => {
                self.ec2.subnet(id).map_err(|e| e.to_string())?;
                vec![id.to_string()]
            }
            None if !default_subnets.is_empty() => default_subnets,
            None => return Err("--subnet is required: there is no default VPC".into()),
        };
        let mut arns = Vec::new();
        for i in 0..count as usize {
            let subnet_id = subnets[i % subnets.len()].clone();
            let subnet = self
                .ec2
                .subnet(&subnet_id)
                .map_err(|e| e.to_string())?
                .clone();
            let group = self
                .ec2
                .security_groups
                .values()
                .find(|g| g.vpc_id == subnet.vpc_id && g.is_default())
                .map(|g| g.id.clone());
            let instance_id = format!("i-{}", self.rng_hex(17));
            let eni = {
                let (ec2, mut ctx) = self.ec2_ctx();
                ec2.create_interface(
                    &mut ctx,
                    &subnet_id,
                    InterfaceOwner::Instance(instance_id.clone()),
                    group.clone().into_iter().collect(),
                    format!("Primary network interface of {instance_id}"),
                )
                .map_err(|e| e.to_string())?
            };
            // The agent registers the instance over its own interface.
            let arn = self
                .ecs_register_instance(&cluster, &instance_id, instance_type, &eni)
                .ok_or_else(|| format!("cluster {cluster} cannot take instances"))?;
            arns.push(arn);
        }
        Ok(arns)
    }

    /// The ECS agent of an EC2 instance (one an Auto Scaling group launched)
    /// registers it with `cluster`, over the instance's own interface. `None`
    /// when the cluster does not exist: the agent keeps retrying, in vain.
    pub(crate) fn ecs_register_instance(
        &mut self,
        cluster: &str,
        instance_id: &str,
        instance_type: &str,
        network_interface_id: &str,
    ) -> Option<String> {
        let cluster = self.cluster(Some(cluster)).ok()?.name.clone();
        let (cpu, memory) = crate::ecs::cluster::instance_type(instance_type)?;
        let eni = self
            .ec2
            .network_interfaces
            .get(network_interface_id)?
            .clone();
        let public_ip = self
            .ec2
            .subnets
            .get(&eni.subnet_id)
            .is_some_and(|s| s.map_public_ip_on_launch);
        let instance_hex = self.rng_hex(32);
        let arn = format!(
            "arn:aws:ecs:{}:{}:container-instance/{cluster}/{instance_hex}",
            self.region, self.account_id
        );
        self.ecs.container_instances.insert(
            arn.clone(),
            ContainerInstance {
                arn: arn.clone(),
                ec2_instance_id: instance_id.to_string(),
                cluster,
                instance_type: instance_type.to_string(),
                availability_zone: eni.availability_zone.clone(),
                subnet_id: eni.subnet_id.clone(),
                security_group_ids: eni.security_group_ids.clone(),
                public_ip,
                network_interface_id: eni.id.clone(),
                registered_cpu: cpu,
                registered_memory: memory,
                attributes: BTreeMap::new(),
                draining: false,
                agent_connected: true,
                registered_at: self.now,
                cached_images: Vec::new(),
            },
        );
        Some(arn)
    }

    /// An instance is terminated: its tasks stop (`TerminationNotice`) and it
    /// leaves the cluster.
    pub(crate) fn ecs_deregister_instance(&mut self, arn: &str, reason: &str) {
        let now = self.now;
        for task in self
            .ecs
            .tasks
            .values_mut()
            .filter(|t| t.container_instance_arn.as_deref() == Some(arn))
        {
            task.request_stop(now, "TerminationNotice", reason);
        }
        self.ecs.container_instances.remove(arn);
    }

    /// CPU, memory and ports left on an instance, after the tasks placed on it.
    pub fn instance_remaining(&self, arn: &str) -> Option<(u32, u32, Vec<u16>)> {
        let instance = self.ecs.container_instances.get(arn)?;
        let mut cpu = instance.registered_cpu;
        let mut memory = instance.registered_memory;
        let mut ports = Vec::new();
        for task in self
            .ecs
            .tasks
            .values()
            .filter(|t| t.container_instance_arn.as_deref() == Some(arn) && !t.is_stopped())
        {
            cpu = cpu.saturating_sub(task.cpu);
            memory = memory.saturating_sub(task.memory);
            ports.extend(task.host_ports.iter().copied());
        }
        ports.sort_unstable();
        Some((cpu, memory, ports))
    }

    pub(crate) fn ecs_list_container_instances(
        &self,
        input: ClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        let arns: Vec<&String> = self
            .ecs
            .container_instances
            .values()
            .filter(|i| i.cluster == name)
            .map(|i| &i.arn)
            .collect();
        Ok(json!({ "containerInstanceArns": arns }))
    }

    pub(crate) fn ecs_describe_container_instances(
        &self,
        input: ClusterInput,
    ) -> Result<Value, EcsApiError> {
        let name = self.cluster(input.cluster.as_deref())?.name.clone();
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for reference in &input.container_instances {
            let id = reference.rsplit('/').next().unwrap_or(reference);
            match self.ecs.container_instances.values().find(|i| {
                i.cluster == name
                    && (i.arn.ends_with(&format!("/{id}")) || i.ec2_instance_id == *id)
            }) {
                Some(instance) => {
                    let (cpu, memory, ports) =
                        self.instance_remaining(&instance.arn).unwrap_or_default();
                    let running = self
                        .ecs
                        .tasks
                        .values()
                        .filter(|t| {
                            t.container_instance_arn.as_ref() == Some(&instance.arn)
                                && t.last_status == TaskStatus::Running
                        })
                        .count();
                    let pending = self
                        .ecs
                        .tasks
                        .values()
                        .filter(|t| {
                            t.container_instance_arn.as_ref() == Some(&instance.arn)
                                && t.last_status.is_starting()
                        })
                        .count();
                    found.push(instance.shape(cpu, memory, running, pending, &ports));
                }
                None => failures.push(json!({ "arn": reference, "reason": "MISSING" })),
            }
        }
        Ok(json!({ "containerInstances": found, "failures": failures }))
    }
}

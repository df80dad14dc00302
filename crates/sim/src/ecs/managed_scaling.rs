//! Capacity providers backed by Auto Scaling groups, and their managed
//! scaling: what makes "ECS adds and removes the EC2 instances by itself"
//! (note 002) true. Tasks that find no room wait in PROVISIONING for their
//! provider's instances; every minute ECS works out how many instances the
//! provider needs (M) against how many it has (N), publishes
//! `CapacityProviderReservation` = M / N × 100 and sets the group's desired
//! capacity to reach the target: at once when above it, after 15 minutes
//! when below (the target tracking policy's alarms). With managed
//! termination protection, instances running tasks are protected from
//! scale-in, so only empty ones go.

use super::api_error::EcsApiError;
use super::capacity_provider::{
    self, AsgCapacityProvider, CapacityProviderInput, SCALE_IN_MINUTES,
};
use super::task::TaskStatus;
use crate::clock::Duration;
use crate::world::World;
use serde_json::{json, Value};

fn client(message: impl Into<String>) -> EcsApiError {
    EcsApiError::Client(message.into())
}

fn step(
    value: Option<i64>,
    default: u32,
    low: i64,
    high: i64,
    member: &str,
) -> Result<u32, EcsApiError> {
    match value {
        None => Ok(default),
        Some(v) if (low..=high).contains(&v) => Ok(v as u32),
        Some(v) => Err(client(format!(
            "The {member} value {v} is not valid. Specify a value between {low} and {high}."
        ))),
    }
}

impl World {
    /// The Auto Scaling group capacity provider using this group, if any.
    pub(crate) fn ecs_capacity_provider_of_group(&self, group_arn: &str) -> Option<&str> {
        self.ecs
            .asg_capacity_providers
            .values()
            .find(|p| p.auto_scaling_group_arn == group_arn)
            .map(|p| p.name.as_str())
    }

    pub(crate) fn ecs_create_capacity_provider(
        &mut self,
        input: CapacityProviderInput,
    ) -> Result<Value, EcsApiError> {
        let name = input.name.clone().unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        if name.is_empty()
            || name.len() > 255
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_".contains(c))
        {
            return Err(client(format!("The capacity provider name '{name}' is not valid: use up to 255 letters, numbers, hyphens and underscores.")));
        }
        if ["aws", "ecs", "fargate"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            return Err(client(
                "The capacity provider name cannot start with 'aws', 'ecs', or 'fargate'.",
            ));
        }
        if self.ecs.asg_capacity_providers.contains_key(&name) {
            return Err(client("The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider."));
        }
        let provider = input
            .auto_scaling_group_provider
            .ok_or_else(|| client("An autoScalingGroupProvider is required."))?;
        let group = self
            .ec2_auto_scaling
            .groups
            .values()
            .filter(|g| !g.deleting)
            .find(|g| {
                g.arn == provider.auto_scaling_group_arn
                    || g.name == provider.auto_scaling_group_arn
            })
            .ok_or_else(|| {
                client(format!(
                    "The specified Auto Scaling group ARN {} is not valid.",
                    provider.auto_scaling_group_arn
                ))
            })?
            .clone();
        if self.ecs_capacity_provider_of_group(&group.arn).is_some() {
            return Err(client("The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again."));
        }
        let scaling = provider.managed_scaling.unwrap_or_default();
        let managed_scaling = match scaling.status.as_deref() {
            None | Some("ENABLED") => true,
            Some("DISABLED") => false,
            Some(other) => {
                return Err(client(format!(
                    "The managed scaling status '{other}' is not valid. Use ENABLED or DISABLED."
                )))
            }
        };
        let termination_protection = match provider.managed_termination_protection.as_deref() {
            None | Some("DISABLED") => false,
            Some("ENABLED") => true,
            Some(other) => {
                return Err(client(format!(
                    "The managed termination protection setting '{other}' is not valid. Use ENABLED or DISABLED."
                )))
            }
        };
        if termination_protection && !group.new_instances_protected_from_scale_in {
            return Err(client("The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled."));
        }
        if termination_protection && !managed_scaling {
            return Err(client("The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must also be enabled."));
        }
        let minimum = step(
            scaling.minimum_scaling_step_size,
            1,
            1,
            10_000,
            "minimumScalingStepSize",
        )?;
        let maximum = step(
            scaling.maximum_scaling_step_size,
            10_000,
            1,
            10_000,
            "maximumScalingStepSize",
        )?;
        if minimum > maximum {
            return Err(client("The minimumScalingStepSize must be less than or equal to the maximumScalingStepSize."));
        }
        let record = AsgCapacityProvider {
            name: name.clone(),
            arn: format!(
                "arn:aws:ecs:{}:{}:capacity-provider/{name}",
                self.region, self.account_id
            ),
            auto_scaling_group_arn: group.arn.clone(),
            managed_scaling,
            target_capacity: step(scaling.target_capacity, 100, 1, 100, "targetCapacity")?,
            minimum_scaling_step_size: minimum,
            maximum_scaling_step_size: maximum,
            instance_warmup_period: step(
                scaling.instance_warmup_period,
                300,
                0,
                10_000,
                "instanceWarmupPeriod",
            )?,
            managed_termination_protection: termination_protection,
            low_minutes: 0,
        };
        let shape = record.shape();
        self.ecs.asg_capacity_providers.insert(name, record);
        Ok(json!({ "capacityProvider": shape }))
    }

    pub(crate) fn ecs_describe_capacity_providers(&self, input: CapacityProviderInput) -> Value {
        let fargate = |name: &str| {
            json!({
                "capacityProviderArn": format!("arn:aws:ecs:{}:{}:capacity-provider/{name}", self.region, self.account_id),
                "name": name,
                "status": "ACTIVE",
                "tags": [],
            })
        };
        let mut all: Vec<(String, Value)> = vec![
            (
                capacity_provider::FARGATE.into(),
                fargate(capacity_provider::FARGATE),
            ),
            (
                capacity_provider::FARGATE_SPOT.into(),
                fargate(capacity_provider::FARGATE_SPOT),
            ),
        ];
        all.extend(
            self.ecs
                .asg_capacity_providers
                .values()
                .map(|p| (p.name.clone(), p.shape())),
        );
        let wanted = &input.capacity_providers;
        let mut failures = Vec::new();
        for name in wanted {
            let short = name.rsplit('/').next().unwrap_or(name);
            if !all.iter().any(|(n, _)| n == short) {
                failures.push(json!({ "arn": name, "reason": "MISSING" }));
            }
        }
        let found: Vec<Value> = all
            .into_iter()
            .filter(|(n, _)| {
                wanted.is_empty() || wanted.iter().any(|w| w.rsplit('/').next() == Some(n))
            })
            .map(|(_, v)| v)
            .collect();
        json!({ "capacityProviders": found, "failures": failures })
    }

    pub(crate) fn ecs_delete_capacity_provider(
        &mut self,
        input: CapacityProviderInput,
    ) -> Result<Value, EcsApiError> {
        let reference = input.capacity_provider.unwrap_or_default();
        let name = reference
            .rsplit('/')
            .next()
            .unwrap_or(&reference)
            .to_string();
        let provider = self.ecs.asg_capacity_providers.get(&name).ok_or_else(|| {
            client(format!(
                "The specified capacity provider {name} does not exist."
            ))
        })?;
        if self
            .ecs
            .clusters
            .values()
            .any(|c| c.active && c.capacity_providers.contains(&name))
        {
            return Err(client(format!("The specified capacity provider {name} is in use by a cluster and cannot be deleted. Remove it from the cluster's capacity providers first.")));
        }
        let shape = provider.shape();
        self.ecs.asg_capacity_providers.remove(&name);
        Ok(json!({ "capacityProvider": shape }))
    }

    /// Instances of a provider's group: the container instances a task of
    /// that provider may be placed on.
    pub(crate) fn provider_instances(&self, provider: &str) -> Option<Vec<String>> {
        // (`None` only when the provider or its group is gone: placement then finds nothing.)
        let record = self.ecs.asg_capacity_providers.get(provider)?;
        let group = self
            .ec2_auto_scaling
            .groups
            .values()
            .find(|g| g.arn == record.auto_scaling_group_arn)?;
        Some(
            group
                .instances
                .iter()
                .filter_map(|i| i.container_instance_arn.clone())
                .collect(),
        )
    }

    /// Tasks waiting in PROVISIONING for their provider's capacity try again.
    pub(crate) fn place_waiting_tasks(&mut self) {
        // Oldest first, as they were asked for.
        let mut waiting: Vec<(crate::clock::SimTime, String)> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.awaiting_capacity.is_some() && !t.desired_stopped && !t.is_stopped())
            .map(|t| (t.created_at, t.id.clone()))
            .collect();
        waiting.sort();
        let waiting: Vec<String> = waiting.into_iter().map(|(_, id)| id).collect();
        for id in waiting {
            let Some(task) = self.ecs.tasks.get(&id).cloned() else {
                continue;
            };
            let Ok(td) = self.task_definition_for(&task.task_definition_arn) else {
                continue;
            };
            let (constraints, strategies) = task
                .service
                .as_ref()
                .and_then(|s| self.ecs.services.get(&Self::service_key(&task.cluster, s)))
                .map(|s| {
                    (
                        s.placement_constraints.clone(),
                        s.placement_strategy.clone(),
                    )
                })
                .unwrap_or_default();
            let Ok((arn, ports)) = self.place_on_instance(
                &task.cluster,
                &td,
                &task.group,
                &constraints,
                &strategies,
                task.awaiting_capacity.as_deref(),
            ) else {
                continue;
            };
            let Some(instance) = self.ecs.container_instances.get(&arn).cloned() else {
                continue;
            };
            let now = self.now;
            if let Some(task) = self.ecs.tasks.get_mut(&id) {
                task.awaiting_capacity = None;
                task.container_instance_arn = Some(arn);
                task.host_ports = ports;
                task.availability_zone = instance.availability_zone.clone();
                let seconds = match &mut task.network {
                    Some(network) => {
                        network.subnet_id = instance.subnet_id.clone();
                        super::task::durations::PROVISIONING_AWSVPC
                    }
                    None => super::task::durations::PROVISIONING_OTHER,
                };
                task.next_at = Some(now.plus(Duration(seconds)));
            }
        }
    }

    /// Once a minute: each managed-scaling provider's reservation, its metric,
    /// and the group's desired capacity; with managed termination protection,
    /// instances running tasks are protected from scale-in.
    pub(crate) fn run_managed_scaling(&mut self) {
        if !self.now.0.is_multiple_of(60) {
            return;
        }
        let minute = self.now.0 / 60;
        let providers: Vec<AsgCapacityProvider> =
            self.ecs.asg_capacity_providers.values().cloned().collect();
        for provider in providers {
            let Some(group) = self
                .ec2_auto_scaling
                .groups
                .values()
                .find(|g| g.arn == provider.auto_scaling_group_arn && !g.deleting)
                .cloned()
            else {
                continue;
            };
            let busy = |arn: &Option<String>| {
                arn.as_ref().is_some_and(|arn| {
                    self.ecs
                        .tasks
                        .values()
                        .any(|t| t.container_instance_arn.as_ref() == Some(arn) && !t.is_stopped())
                })
            };
            if provider.managed_termination_protection {
                let protect: Vec<(String, bool)> = group
                    .live()
                    .map(|i| (i.id.clone(), busy(&i.container_instance_arn)))
                    .collect();
                if let Some(g) = self.ec2_auto_scaling.groups.get_mut(&group.name) {
                    for (id, protected) in protect {
                        if let Some(i) = g.instances.iter_mut().find(|i| i.id == id) {
                            i.protected_from_scale_in = protected;
                        }
                    }
                }
            }
            if !provider.managed_scaling {
                continue;
            }
            let running = group.live().count() as u32;
            let booting = group
                .live()
                .filter(|i| i.state == crate::auto_scaling_group::LifecycleState::Pending)
                .count() as u32;
            let (instance_cpu, instance_memory) = self
                .ec2
                .launch_templates
                .get(&group.launch_template_name)
                .map(|t| t.instance_spec().instance_type)
                .and_then(|kind| super::cluster::instance_type(&kind))
                .unwrap_or((2048, 1932));
            let waiting: Vec<(u32, u32)> = self
                .ecs
                .tasks
                .values()
                .filter(|t| {
                    t.awaiting_capacity.as_deref() == Some(provider.name.as_str())
                        && !t.desired_stopped
                        && t.last_status == TaskStatus::Provisioning
                })
                // A task no instance of the group could hold asks for nothing.
                .filter(|t| t.cpu <= instance_cpu && t.memory <= instance_memory)
                .map(|t| (t.cpu, t.memory))
                .collect();
            let needed = if waiting.is_empty() {
                // Instances that run something (or are still booting for it).
                group
                    .live()
                    .filter(|i| busy(&i.container_instance_arn))
                    .count() as u32
            } else {
                let (cpu, memory) = (instance_cpu, instance_memory);
                let sum_cpu: u64 = waiting.iter().map(|(c, _)| u64::from(*c)).sum();
                let sum_memory: u64 = waiting.iter().map(|(_, m)| u64::from(*m)).sum();
                let for_tasks = sum_cpu
                    .div_ceil(u64::from(cpu.max(1)))
                    .max(sum_memory.div_ceil(u64::from(memory.max(1))))
                    .max(1);
                // Instances still booting will take some of them.
                let more = (for_tasks as u32).saturating_sub(booting);
                if more == 0 {
                    running
                } else {
                    running
                        + more.clamp(
                            provider.minimum_scaling_step_size,
                            provider.maximum_scaling_step_size,
                        )
                }
            };
            let reservation = capacity_provider::reservation(needed, running);
            let cluster = self
                .ecs
                .clusters
                .values()
                .find(|c| c.active && c.capacity_providers.contains(&provider.name))
                .map(|c| c.name.clone())
                .unwrap_or_default();
            self.metrics.put(
                "AWS/ECS/ManagedScaling",
                "CapacityProviderReservation",
                &[
                    ("CapacityProviderName", provider.name.as_str()),
                    ("ClusterName", cluster.as_str()),
                ],
                "Percent",
                minute,
                reservation,
            );
            // Target tracking: the desired capacity that brings the reservation to the target.
            let target = f64::from(provider.target_capacity.max(1));
            let wanted = ((f64::from(needed) * 100.0 / target).ceil() as u32)
                .clamp(group.min_size, group.max_size);
            let above = reservation > target;
            let below = reservation < target;
            let low_minutes = if below { provider.low_minutes + 1 } else { 0 };
            let scale_in = below && low_minutes >= SCALE_IN_MINUTES;
            if let Some(record) = self.ecs.asg_capacity_providers.get_mut(&provider.name) {
                record.low_minutes = if scale_in { 0 } else { low_minutes };
            }
            if let Some(g) = self.ec2_auto_scaling.groups.get_mut(&group.name) {
                if (above && wanted > g.desired_capacity)
                    || (scale_in && wanted < g.desired_capacity)
                {
                    g.desired_capacity = wanted;
                }
            }
        }
    }
}

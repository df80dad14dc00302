//! Amazon EC2 Auto Scaling groups, as ECS uses them (the notes' "way 2": an
//! Auto Scaling group builds the container instances, and a capacity
//! provider hands it to the cluster). A group keeps its desired number of
//! instances from a launch template, spread over its subnets' zones; an
//! instance boots, and its ECS agent joins the cluster its user data names —
//! if its instance profile's role may register it. Scale-in terminates the
//! instance in the fullest zone, newest first, skipping instances protected
//! from scale-in; the tasks on a terminated instance stop.

use crate::clock::{Duration, SimTime};
use crate::ec2::InterfaceOwner;
use crate::error::AwsErrorCode;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

/// From launch to InService with the ECS agent started (model: a typical boot).
pub const BOOT_SECONDS: u64 = 90;
/// From the termination to the instance being gone.
pub const TERMINATE_SECONDS: u64 = 30;
/// Instances per group here (AWS allows far more; this bounds saves).
pub const MAX_GROUP_SIZE: u32 = 20;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ec2AutoScaling {
    /// By name.
    #[serde(default)]
    pub groups: BTreeMap<String, AutoScalingGroup>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoScalingGroup {
    pub name: String,
    pub arn: String,
    pub launch_template_id: String,
    pub launch_template_name: String,
    pub launch_template_version: String,
    pub min_size: u32,
    pub max_size: u32,
    pub desired_capacity: u32,
    pub subnet_ids: Vec<String>,
    /// The zones of its subnets.
    #[serde(default)]
    pub availability_zones: Vec<String>,
    pub new_instances_protected_from_scale_in: bool,
    pub instances: Vec<AsgInstance>,
    pub created_at: SimTime,
    /// DeleteAutoScalingGroup --force-delete: it goes once its instances have.
    pub deleting: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LifecycleState {
    Pending,
    InService,
    Terminating,
}

impl LifecycleState {
    fn name(self) -> &'static str {
        match self {
            LifecycleState::Pending => "Pending",
            LifecycleState::InService => "InService",
            LifecycleState::Terminating => "Terminating",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AsgInstance {
    pub id: String,
    pub instance_type: String,
    pub subnet_id: String,
    pub availability_zone: String,
    pub network_interface_id: String,
    pub state: LifecycleState,
    /// When the current state ends (boot done, termination done); never, in service.
    pub until: SimTime,
    pub protected_from_scale_in: bool,
    /// The container instance its agent registered, if it did.
    pub container_instance_arn: Option<String>,
    pub launched_at: SimTime,
    /// What the launch template said at launch: the cluster its agent joins
    /// and the instance profile that carries its role.
    #[serde(default)]
    pub ecs_cluster: String,
    #[serde(default)]
    pub instance_profile: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchTemplateSpecification {
    pub launch_template_id: Option<String>,
    pub launch_template_name: Option<String>,
    pub version: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AutoScalingGroupInput {
    pub auto_scaling_group_name: Option<String>,
    pub launch_template: Option<LaunchTemplateSpecification>,
    pub min_size: Option<i64>,
    pub max_size: Option<i64>,
    pub desired_capacity: Option<i64>,
    #[serde(rename = "VPCZoneIdentifier")]
    pub vpc_zone_identifier: Option<String>,
    pub new_instances_protected_from_scale_in: Option<bool>,
    pub force_delete: Option<bool>,
    #[serde(default)]
    pub auto_scaling_group_names: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AutoScalingError {
    #[error(
        "AutoScalingGroup by this name already exists - A group with the name {0} already exists"
    )]
    AlreadyExists(String),
    #[error("AutoScalingGroup name not found - AutoScalingGroup {0} not found")]
    NotFound(String),
    #[error("{0}")]
    Validation(String),
    #[error("You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.")]
    InUse,
}

impl AwsErrorCode for AutoScalingError {
    fn code(&self) -> &'static str {
        match self {
            AutoScalingError::AlreadyExists(_) => "AlreadyExists",
            AutoScalingError::NotFound(_) | AutoScalingError::Validation(_) => "ValidationError",
            AutoScalingError::InUse => "ResourceInUse",
        }
    }
}

fn validation(message: impl Into<String>) -> AutoScalingError {
    AutoScalingError::Validation(message.into())
}

fn size(value: Option<i64>, member: &str) -> Result<Option<u32>, AutoScalingError> {
    match value {
        None => Ok(None),
        Some(n) if (0..=i64::from(MAX_GROUP_SIZE)).contains(&n) => Ok(Some(n as u32)),
        Some(n) => Err(validation(format!(
            "{member} {n} is outside what the playground runs (0 to {MAX_GROUP_SIZE})."
        ))),
    }
}

impl AutoScalingGroup {
    /// Instances that count towards the desired capacity.
    pub fn live(&self) -> impl Iterator<Item = &AsgInstance> {
        self.instances
            .iter()
            .filter(|i| i.state != LifecycleState::Terminating)
    }

    fn shape(&self) -> Value {
        let zones = &self.availability_zones;
        json!({
            "AutoScalingGroupName": self.name,
            "AutoScalingGroupARN": self.arn,
            "LaunchTemplate": {
                "LaunchTemplateId": self.launch_template_id,
                "LaunchTemplateName": self.launch_template_name,
                "Version": self.launch_template_version,
            },
            "MinSize": self.min_size,
            "MaxSize": self.max_size,
            "DesiredCapacity": self.desired_capacity,
            "DefaultCooldown": 300,
            "AvailabilityZones": zones,
            "HealthCheckType": "EC2",
            "HealthCheckGracePeriod": 300,
            "Instances": self.instances.iter().map(|i| json!({
                "InstanceId": i.id,
                "InstanceType": i.instance_type,
                "AvailabilityZone": i.availability_zone,
                "LifecycleState": i.state.name(),
                "HealthStatus": "Healthy",
                "ProtectedFromScaleIn": i.protected_from_scale_in,
                "LaunchTemplate": {
                    "LaunchTemplateId": self.launch_template_id,
                    "LaunchTemplateName": self.launch_template_name,
                    "Version": "1",
                },
            })).collect::<Vec<_>>(),
            "CreatedTime": self.created_at.to_iso8601(),
            "VPCZoneIdentifier": self.subnet_ids.join(","),
            "NewInstancesProtectedFromScaleIn": self.new_instances_protected_from_scale_in,
            "TerminationPolicies": ["Default"],
            "ServiceLinkedRoleARN": "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
            "Status": if self.deleting { Value::from("Delete in progress") } else { Value::Null },
        })
    }
}

impl World {
    pub(crate) fn create_auto_scaling_group(
        &mut self,
        input: AutoScalingGroupInput,
    ) -> Result<Value, AutoScalingError> {
        let name = input
            .auto_scaling_group_name
            .clone()
            .filter(|n| !n.is_empty() && n.len() <= 255)
            .ok_or_else(|| validation("AutoScalingGroupName is required."))?;
        if self.ec2_auto_scaling.groups.contains_key(&name) {
            return Err(AutoScalingError::AlreadyExists(name));
        }
        let spec = input.launch_template.clone().ok_or_else(|| {
            validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")
        })?;
        let template = self
            .ec2
            .launch_template(
                spec.launch_template_id.as_deref(),
                spec.launch_template_name.as_deref(),
            )
            .map_err(|e| {
                validation(format!(
                    "You must use a valid fully-formed launch template. {e}"
                ))
            })?
            .clone();
        let min =
            size(input.min_size, "MinSize")?.ok_or_else(|| validation("MinSize is required."))?;
        let max =
            size(input.max_size, "MaxSize")?.ok_or_else(|| validation("MaxSize is required."))?;
        if min > max {
            return Err(validation(format!(
                "Max bound, {max}, must be greater than or equal to min bound, {min}"
            )));
        }
        let desired = size(input.desired_capacity, "DesiredCapacity")?.unwrap_or(min);
        if !(min..=max).contains(&desired) {
            return Err(validation(format!(
                "Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}"
            )));
        }
        let subnet_ids: Vec<String> = input
            .vpc_zone_identifier
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        if subnet_ids.is_empty() {
            return Err(validation(
                "At least one Availability Zone or VPC Subnet is required.",
            ));
        }
        for id in &subnet_ids {
            if !self.ec2.subnets.contains_key(id) {
                return Err(validation(format!("The subnet ID '{id}' does not exist")));
            }
        }
        let uuid = self.rng_uuid();
        let arn = format!(
            "arn:aws:autoscaling:{}:{}:autoScalingGroup:{uuid}:autoScalingGroupName/{name}",
            self.region, self.account_id
        );
        self.ec2_auto_scaling.groups.insert(
            name.clone(),
            AutoScalingGroup {
                name,
                arn,
                launch_template_id: template.id.clone(),
                launch_template_name: template.name.clone(),
                launch_template_version: spec.version.unwrap_or_else(|| "$Default".into()),
                min_size: min,
                max_size: max,
                desired_capacity: desired,
                availability_zones: {
                    let mut zones: Vec<String> = subnet_ids
                        .iter()
                        .filter_map(|s| self.ec2.subnets.get(s))
                        .map(|s| s.availability_zone.clone())
                        .collect();
                    zones.sort();
                    zones.dedup();
                    zones
                },
                subnet_ids,
                new_instances_protected_from_scale_in: input
                    .new_instances_protected_from_scale_in
                    .unwrap_or(false),
                instances: Vec::new(),
                created_at: self.now,
                deleting: false,
            },
        );
        Ok(Value::Null)
    }

    pub(crate) fn describe_auto_scaling_groups(&self, input: AutoScalingGroupInput) -> Value {
        let groups: Vec<Value> = self
            .ec2_auto_scaling
            .groups
            .values()
            .filter(|g| {
                input.auto_scaling_group_names.is_empty()
                    || input.auto_scaling_group_names.contains(&g.name)
            })
            .map(AutoScalingGroup::shape)
            .collect();
        json!({ "AutoScalingGroups": groups })
    }

    /// UpdateAutoScalingGroup and SetDesiredCapacity.
    pub(crate) fn update_auto_scaling_group(
        &mut self,
        input: AutoScalingGroupInput,
        set_desired_only: bool,
    ) -> Result<Value, AutoScalingError> {
        let name = input.auto_scaling_group_name.clone().unwrap_or_default();
        let group = self
            .ec2_auto_scaling
            .groups
            .get(&name)
            .filter(|g| !g.deleting)
            .ok_or_else(|| AutoScalingError::NotFound(name.clone()))?;
        let min = size(input.min_size, "MinSize")?.unwrap_or(group.min_size);
        let max = size(input.max_size, "MaxSize")?.unwrap_or(group.max_size);
        let desired = size(input.desired_capacity, "DesiredCapacity")?;
        if set_desired_only {
            let d = desired.ok_or_else(|| validation("DesiredCapacity is required."))?;
            if d < min {
                return Err(validation(format!(
                    "New SetDesiredCapacity value {d} is below min value {min} for the AutoScalingGroup."
                )));
            }
            if d > max {
                return Err(validation(format!(
                    "New SetDesiredCapacity value {d} is above max value {max} for the AutoScalingGroup."
                )));
            }
        }
        if min > max {
            return Err(validation(format!(
                "Max bound, {max}, must be greater than or equal to min bound, {min}"
            )));
        }
        if let Some(d) = desired.filter(|d| !(min..=max).contains(d)) {
            return Err(validation(format!(
                "Desired capacity:{d} must be between the specified min size:{min} and max size:{max}"
            )));
        }
        // A new min or max pulls the desired capacity into range, as AWS does.
        let desired = desired.unwrap_or(group.desired_capacity).clamp(min, max);
        let protect = input.new_instances_protected_from_scale_in;
        if let Some(group) = self.ec2_auto_scaling.groups.get_mut(&name) {
            group.min_size = min;
            group.max_size = max;
            group.desired_capacity = desired;
            if let Some(p) = protect {
                group.new_instances_protected_from_scale_in = p;
            }
        }
        Ok(Value::Null)
    }

    pub(crate) fn delete_auto_scaling_group(
        &mut self,
        input: AutoScalingGroupInput,
    ) -> Result<Value, AutoScalingError> {
        let name = input.auto_scaling_group_name.clone().unwrap_or_default();
        let group = self
            .ec2_auto_scaling
            .groups
            .get(&name)
            .ok_or_else(|| AutoScalingError::NotFound(name.clone()))?;
        if self.ecs_capacity_provider_of_group(&group.arn).is_some() {
            return Err(validation(format!(
                "Auto Scaling group {name} is used by an Amazon ECS capacity provider. Delete the capacity provider first."
            )));
        }
        if group.live().next().is_some() && input.force_delete != Some(true) {
            return Err(AutoScalingError::InUse);
        }
        if let Some(group) = self.ec2_auto_scaling.groups.get_mut(&name) {
            group.deleting = true;
            group.desired_capacity = 0;
            group.min_size = 0;
            for instance in &mut group.instances {
                // Delete protects nothing: every instance goes.
                instance.protected_from_scale_in = false;
            }
        }
        Ok(Value::Null)
    }

    /// When an instance next changes state.
    pub(crate) fn next_auto_scaling_event(&self) -> Option<SimTime> {
        self.ec2_auto_scaling
            .groups
            .values()
            .flat_map(|g| g.instances.iter())
            // An instance in service stays so until something terminates it.
            .filter(|i| i.state != LifecycleState::InService)
            .map(|i| i.until)
            .filter(|t| *t > self.now)
            .min()
    }

    /// Brings every group towards its desired capacity: launches into the
    /// zone with the fewest instances, terminates from the fullest (newest
    /// first, protected instances spared), and moves instances on in their
    /// lifecycle (booted → registers with ECS; terminated → gone, with its tasks).
    pub(crate) fn run_auto_scaling_groups(&mut self) {
        let names: Vec<String> = self.ec2_auto_scaling.groups.keys().cloned().collect();
        for name in names {
            self.progress_instances(&name);
            self.reconcile_group(&name);
        }
        self.ec2_auto_scaling
            .groups
            .retain(|_, g| !(g.deleting && g.instances.is_empty()));
    }

    fn progress_instances(&mut self, name: &str) {
        let now = self.now;
        let Some(group) = self.ec2_auto_scaling.groups.get(name).cloned() else {
            return;
        };
        for instance in &group.instances {
            // An agent that could not register (no role, no cluster yet) keeps trying.
            if instance.state == LifecycleState::InService
                && instance.container_instance_arn.is_none()
            {
                if let Some(arn) = self.register_instance(instance) {
                    if let Some(i) = self
                        .ec2_auto_scaling
                        .groups
                        .get_mut(name)
                        .and_then(|g| g.instances.iter_mut().find(|i| i.id == instance.id))
                    {
                        i.container_instance_arn = Some(arn);
                    }
                }
            }
        }
        for instance in group.instances.iter().filter(|i| i.until <= now) {
            match instance.state {
                LifecycleState::Pending => {
                    let arn = self.register_instance(instance);
                    if let Some(g) = self.ec2_auto_scaling.groups.get_mut(name) {
                        if let Some(i) = g.instances.iter_mut().find(|i| i.id == instance.id) {
                            i.state = LifecycleState::InService;
                            i.until = SimTime(u64::MAX); // no end of its own
                            i.container_instance_arn = arn;
                        }
                    }
                }
                LifecycleState::Terminating => {
                    self.ec2
                        .network_interfaces
                        .remove(&instance.network_interface_id);
                    if let Some(g) = self.ec2_auto_scaling.groups.get_mut(name) {
                        g.instances.retain(|i| i.id != instance.id);
                    }
                }
                LifecycleState::InService => {}
            }
        }
    }

    /// The ECS agent of a booted instance registers it with the cluster its
    /// user data names, if the instance profile's role may do so.
    fn register_instance(&mut self, instance: &AsgInstance) -> Option<String> {
        let role = instance
            .instance_profile
            .as_deref()
            .and_then(|p| self.iam.instance_profile_role(p))?;
        if !(role.trusts("ec2.amazonaws.com") && role.allows("ecs:RegisterContainerInstance")) {
            return None;
        }
        self.ecs_register_instance(
            &instance.ecs_cluster,
            &instance.id,
            &instance.instance_type,
            &instance.network_interface_id,
        )
    }

    fn reconcile_group(&mut self, name: &str) {
        let now = self.now;
        let Some(group) = self.ec2_auto_scaling.groups.get(name).cloned() else {
            return;
        };
        let live = group.live().count() as u32;
        if live < group.desired_capacity {
            let Ok(template) = self
                .ec2
                .launch_template(Some(&group.launch_template_id), None)
                .map(|t| t.instance_spec())
            else {
                return;
            };
            for _ in live..group.desired_capacity {
                // The zone with the fewest live instances first (then the subnet listed
                // first); a subnet with no free address is skipped, as AWS tries another zone.
                let mut subnets: Vec<(usize, usize, String)> = group
                    .subnet_ids
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| self.ec2.subnets.contains_key(*s))
                    .map(|(order, s)| {
                        let load = self
                            .ec2_auto_scaling
                            .groups
                            .get(name)
                            .map_or(0, |g| g.live().filter(|i| &i.subnet_id == s).count());
                        (load, order, s.clone())
                    })
                    .collect();
                subnets.sort();
                let Some(subnet_id) = subnets
                    .into_iter()
                    .map(|(_, _, s)| s)
                    .find(|s| self.ec2.next_free_address(s).is_ok())
                else {
                    return;
                };
                let instance_id = format!("i-{}", self.rng_hex(17));
                let groups = if template.security_group_ids.is_empty() {
                    let vpc = self.ec2.subnets.get(&subnet_id).map(|s| s.vpc_id.clone());
                    self.ec2
                        .security_groups
                        .values()
                        .find(|g| Some(&g.vpc_id) == vpc.as_ref() && g.is_default())
                        .map(|g| vec![g.id.clone()])
                        .unwrap_or_default()
                } else {
                    template.security_group_ids.clone()
                };
                let eni = {
                    let (ec2, mut ctx) = self.ec2_ctx();
                    ec2.create_interface(
                        &mut ctx,
                        &subnet_id,
                        InterfaceOwner::Instance(instance_id.clone()),
                        groups,
                        format!("Primary network interface of {instance_id}"),
                    )
                };
                // A full subnet: the launch fails, as AWS's activity would say; try again later.
                let Ok(eni) = eni else {
                    return;
                };
                let zone = self
                    .ec2
                    .subnets
                    .get(&subnet_id)
                    .map(|s| s.availability_zone.clone())
                    .unwrap_or_default();
                if let Some(g) = self.ec2_auto_scaling.groups.get_mut(name) {
                    g.instances.push(AsgInstance {
                        id: instance_id,
                        instance_type: template.instance_type.clone(),
                        subnet_id,
                        availability_zone: zone,
                        network_interface_id: eni,
                        state: LifecycleState::Pending,
                        until: now.plus(Duration(BOOT_SECONDS)),
                        protected_from_scale_in: g.new_instances_protected_from_scale_in,
                        container_instance_arn: None,
                        launched_at: now,
                        ecs_cluster: template.ecs_cluster.clone(),
                        instance_profile: template.instance_profile.clone(),
                    });
                }
            }
        } else if live > group.desired_capacity {
            for _ in group.desired_capacity..live {
                let Some(g) = self.ec2_auto_scaling.groups.get(name) else {
                    return;
                };
                let mut per_zone: BTreeMap<&str, usize> = BTreeMap::new();
                for i in g.live() {
                    *per_zone.entry(i.availability_zone.as_str()).or_default() += 1;
                }
                let victim = g
                    .live()
                    .filter(|i| !i.protected_from_scale_in)
                    .max_by_key(|i| {
                        (
                            per_zone
                                .get(i.availability_zone.as_str())
                                .copied()
                                .unwrap_or(0),
                            i.launched_at,
                            i.id.clone(),
                        )
                    })
                    .map(|i| (i.id.clone(), i.container_instance_arn.clone()));
                let Some((id, container_instance)) = victim else {
                    return;
                };
                if let Some(arn) = container_instance {
                    self.ecs_deregister_instance(
                        &arn,
                        &format!("Host EC2 (instance {id}) terminated."),
                    );
                }
                if let Some(g) = self.ec2_auto_scaling.groups.get_mut(name) {
                    if let Some(i) = g.instances.iter_mut().find(|i| i.id == id) {
                        i.state = LifecycleState::Terminating;
                        i.until = now.plus(Duration(TERMINATE_SECONDS));
                        i.container_instance_arn = None;
                    }
                }
            }
        }
    }
}

//! Amazon EC2 Auto Scaling groups, as ECS uses them (the notes' "way 2": an
//! Auto Scaling group builds the container instances, and a capacity
//! provider hands it to the cluster). A group keeps its desired number of
//! instances from a launch template, spread over its subnets' zones; an
//! instance boots, and its ECS agent joins the cluster its user data names —
//! if its instance profile's role may register it. Scale-in terminates the
//! instance in the fullest zone, newest first, skipping instances protected
//! from scale-in; the tasks on a terminated instance stop.

use crate::clock::SimTime;
use crate::ec2::Ec2;
use crate::env::Env;
use crate::error::AwsErrorCode;
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

impl Ec2AutoScaling {
    pub(crate) fn create_auto_scaling_group(
        &mut self,
        env: &mut Env,
        ec2: &Ec2,
        input: AutoScalingGroupInput,
    ) -> Result<Value, AutoScalingError> {
        let name = input
            .auto_scaling_group_name
            .clone()
            .filter(|n| !n.is_empty() && n.len() <= 255)
            .ok_or_else(|| validation("AutoScalingGroupName is required."))?;
        if self.groups.contains_key(&name) {
            return Err(AutoScalingError::AlreadyExists(name));
        }
        let spec = input.launch_template.clone().ok_or_else(|| {
            validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.")
        })?;
        let template = ec2
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
            if !ec2.subnets.contains_key(id) {
                return Err(validation(format!("The subnet ID '{id}' does not exist")));
            }
        }
        let uuid = env.rng.uuid();
        let arn = format!(
            "arn:aws:autoscaling:{}:{}:autoScalingGroup:{uuid}:autoScalingGroupName/{name}",
            env.region, env.account_id
        );
        self.groups.insert(
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
                        .filter_map(|s| ec2.subnets.get(s))
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
                created_at: env.now,
                deleting: false,
            },
        );
        Ok(Value::Null)
    }

    pub(crate) fn describe_auto_scaling_groups(&self, input: AutoScalingGroupInput) -> Value {
        let groups: Vec<Value> = self
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
        if let Some(group) = self.groups.get_mut(&name) {
            group.min_size = min;
            group.max_size = max;
            group.desired_capacity = desired;
            if let Some(p) = protect {
                group.new_instances_protected_from_scale_in = p;
            }
        }
        Ok(Value::Null)
    }

    /// `used_by_capacity_provider`: an ECS capacity provider names the group
    /// (ECS's state, so the world asks ECS and passes the answer).
    pub(crate) fn delete_auto_scaling_group(
        &mut self,
        input: AutoScalingGroupInput,
        used_by_capacity_provider: bool,
    ) -> Result<Value, AutoScalingError> {
        let name = input.auto_scaling_group_name.clone().unwrap_or_default();
        let group = self
            .groups
            .get(&name)
            .ok_or_else(|| AutoScalingError::NotFound(name.clone()))?;
        if used_by_capacity_provider {
            return Err(validation(format!(
                "Auto Scaling group {name} is used by an Amazon ECS capacity provider. Delete the capacity provider first."
            )));
        }
        if group.live().next().is_some() && input.force_delete != Some(true) {
            return Err(AutoScalingError::InUse);
        }
        if let Some(group) = self.groups.get_mut(&name) {
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
    pub(crate) fn next_event(&self, now: SimTime) -> Option<SimTime> {
        self.groups
            .values()
            .flat_map(|g| g.instances.iter())
            // An instance in service stays so until something terminates it.
            .filter(|i| i.state != LifecycleState::InService)
            .map(|i| i.until)
            .filter(|t| *t > now)
            .min()
    }
}

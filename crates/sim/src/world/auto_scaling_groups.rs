//! EC2 Auto Scaling groups at work on the clock: each group brought towards
//! its desired capacity (launching into the emptiest zone, terminating from
//! the fullest), and its instances moved through their lifecycle — a booted
//! instance registers with the ECS cluster its user data names, if its
//! instance profile's role may; a terminated one leaves with its tasks.

use crate::auto_scaling_group::*;
use crate::clock::{Duration, SimTime};
use crate::ec2::InterfaceOwner;
use crate::world::World;
use std::collections::BTreeMap;

impl World {
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

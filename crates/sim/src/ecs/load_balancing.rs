//! Services behind load balancers: validating a service's `loadBalancers`,
//! registering a task's targets when it starts and draining them when it
//! stops, the target health checks — which really cross the network from the
//! load balancer's nodes to the task, through security groups and ACLs — and
//! replacing tasks that fail them (the "container massacre" when the task's
//! security group does not let the load balancer in).

use super::api_error::EcsApiError;
use super::task::{Task, TaskStatus};
use super::{NetworkMode, TaskDefinition};
use crate::clock::{Duration, SimTime};
use crate::ec2::Node;
use crate::elb::{CheckFailure, CheckResult, TargetId, TargetState, TargetType};
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One entry of a service's `loadBalancers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLoadBalancer {
    pub target_group_arn: String,
    pub container_name: String,
    pub container_port: u16,
}

/// A target a task registered, to deregister when it stops.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisteredTarget {
    pub target_group_arn: String,
    pub target: TargetId,
}

fn invalid(message: String) -> EcsApiError {
    EcsApiError::InvalidParameter(message)
}

impl World {
    /// CreateService's checks on `loadBalancers`, with ECS's messages.
    pub(crate) fn check_service_load_balancers(
        &self,
        td: &TaskDefinition,
        entries: &[serde_json::Value],
    ) -> Result<Vec<ServiceLoadBalancer>, EcsApiError> {
        if entries.len() > 5 {
            return Err(invalid("A service can use at most 5 target groups.".into()));
        }
        let mut out = Vec::new();
        for entry in entries {
            let arn = entry
                .get("targetGroupArn")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let name = entry
                .get("containerName")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let port = entry
                .get("containerPort")
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            if arn.is_empty() {
                return Err(invalid("Load balancers in services must specify a targetGroupArn (Classic Load Balancers are not simulated).".into()));
            }
            let group = self
                .elb
                .target_group(&arn)
                .map_err(|_| invalid(format!("Unable to find target group {arn}.")))?;
            if self.elb.load_balancers_of(&arn).is_empty() {
                return Err(invalid(format!("The target group with targetGroupArn {arn} does not have an associated load balancer.")));
            }
            let mode = td.network_mode();
            let compatible = match group.target_type {
                TargetType::Ip => mode == NetworkMode::Awsvpc,
                TargetType::Instance => mode != NetworkMode::Awsvpc,
            };
            if !compatible {
                return Err(invalid(format!(
                    "The provided target group {arn} has target type {}, which is incompatible with the {} network mode specified in the task definition.",
                    group.target_type.as_str(),
                    mode.as_str()
                )));
            }
            let port = u16::try_from(port).unwrap_or(0);
            let defined = td.container(&name).is_some_and(|c| {
                c.port_mappings()
                    .iter()
                    .any(|p| p.container_port() == Some(port))
            });
            if !defined {
                return Err(invalid(format!(
                    "The container {name} did not have a container port {port} defined."
                )));
            }
            out.push(ServiceLoadBalancer {
                target_group_arn: arn,
                container_name: name,
                container_port: port,
            });
        }
        Ok(out)
    }

    /// Registers a starting service task in its target groups (ip: its address; instance: the host port).
    pub(crate) fn register_task_targets(
        &mut self,
        task: &mut Task,
        balancers: &[ServiceLoadBalancer],
    ) -> Vec<String> {
        let mut registered = Vec::new();
        for lb in balancers {
            let target = match (&task.network, &task.container_instance_arn) {
                (Some(network), _) => network
                    .private_ip
                    .map(|ip| TargetId::new(ip.to_string(), lb.container_port)),
                (None, Some(instance)) => {
                    let instance_id = self
                        .ecs
                        .container_instances
                        .get(instance)
                        .map(|i| i.ec2_instance_id.clone());
                    let host_port = self.host_port_for(task, &lb.container_name, lb.container_port);
                    instance_id
                        .zip(host_port)
                        .map(|(id, port)| TargetId::new(id, port))
                }
                _ => None,
            };
            let Some(target) = target else { continue };
            let input = crate::elb::RegisterTargetsInput {
                target_group_arn: lb.target_group_arn.clone(),
                targets: vec![crate::elb::TargetDescription {
                    id: target.id.clone(),
                    port: Some(i64::from(target.port)),
                    availability_zone: None,
                    quic_server_id: None,
                }],
            };
            if self
                .elb_call(|elb, ctx| elb.register_targets(ctx, input))
                .is_ok()
            {
                task.targets.push(RegisteredTarget {
                    target_group_arn: lb.target_group_arn.clone(),
                    target,
                });
                registered.push(lb.target_group_arn.clone());
            }
        }
        registered
    }

    /// The host port a bridge/host task got for a container port: static ones as
    /// defined; dynamic ones follow the static ones in the task's `host_ports`.
    fn host_port_for(&self, task: &Task, container: &str, container_port: u16) -> Option<u16> {
        let td = self.ecs.task_definitions.get(&task.task_definition_arn)?;
        let mappings = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings().iter().map(move |m| (c.name(), m)));
        let static_total = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings().iter())
            .filter(|p| p.host_port().is_some_and(|h| h != 0))
            .count();
        let mut dynamic_index = 0;
        for (name, mapping) in mappings {
            let wanted = name == container && mapping.container_port() == Some(container_port);
            match mapping.host_port().filter(|h| *h != 0) {
                Some(host) if wanted => return Some(host),
                Some(_) => {}
                None if wanted => {
                    return task.host_ports.get(static_total + dynamic_index).copied()
                }
                None => dynamic_index += 1,
            }
        }
        None
    }

    /// Starts draining a stopping task's targets; returns how long the task waits (the longest delay).
    pub(crate) fn deregister_task_targets(&mut self, task: &Task) -> u64 {
        let mut longest = 0;
        for registered in &task.targets {
            let delay = self
                .elb
                .target_group(&registered.target_group_arn)
                .map(|g| g.deregistration_delay().as_seconds())
                .unwrap_or(0);
            let input = crate::elb::DeregisterTargetsInput {
                target_group_arn: registered.target_group_arn.clone(),
                targets: vec![crate::elb::TargetDescription {
                    id: registered.target.id.clone(),
                    port: Some(i64::from(registered.target.port)),
                    availability_zone: None,
                    quic_server_id: None,
                }],
            };
            if self
                .elb_call(|elb, ctx| elb.deregister_targets(ctx, input))
                .is_ok()
            {
                longest = longest.max(delay);
            }
        }
        longest
    }

    /// Probes every target whose check is due and records the result.
    pub(crate) fn run_health_checks(&mut self) {
        let now = self.now;
        let due = self.elb.checks_due(now);
        if due.is_empty() {
            return;
        }
        let owners = self.ecs.target_owners();
        // The load balancer nodes that probe each group, found once per round.
        let users = self.elb.target_group_users();
        let rounds: Vec<(String, Vec<CheckResult>)> = due
            .into_iter()
            .map(|(group_arn, targets)| {
                let sources = self.probe_sources(users.get(&group_arn));
                let results = targets
                    .into_iter()
                    .map(|target| {
                        let owner = owners.get(&(&target, group_arn.as_str())).copied();
                        let (passed, failure) = self.probe(&group_arn, &target, owner, &sources);
                        (target, passed, failure)
                    })
                    .collect();
                (group_arn, results)
            })
            .collect();
        for (group_arn, results) in rounds {
            self.elb.record_checks(&group_arn, results, now);
        }
    }

    /// The interfaces health checks come from: every zone node of every load
    /// balancer that forwards to the group.
    fn probe_sources(&self, load_balancers: Option<&BTreeSet<String>>) -> Vec<Node> {
        load_balancers
            .into_iter()
            .flatten()
            .filter_map(|arn| self.elb.load_balancer(arn).ok())
            .flat_map(|lb| {
                lb.zones.iter().map(|zone| Node::Interface {
                    subnet_id: zone.subnet_id.clone(),
                    security_group_ids: lb.security_groups.clone(),
                    private_ip: self
                        .ec2
                        .network_interfaces
                        .get(&zone.network_interface_id)
                        .map(|e| e.private_ip),
                    public_ip: false,
                })
            })
            .collect()
    }

    /// One health check: the load balancer's nodes reach the target through
    /// the network, and something answers on the port. `owner` is the task
    /// behind an ip target, if any.
    fn probe(
        &self,
        group_arn: &str,
        target: &TargetId,
        owner: Option<&Task>,
        sources: &[Node],
    ) -> (bool, Option<CheckFailure>) {
        let Ok(group) = self.elb.target_group(group_arn) else {
            return (false, Some(CheckFailure::Timeout));
        };
        let port = group.health_check.port_for(target);
        let to = match (owner, group.target_type) {
            (Some(task), TargetType::Ip) => task.network.as_ref().map(|n| Node::Interface {
                subnet_id: n.subnet_id.clone(),
                security_group_ids: n.security_group_ids.clone(),
                private_ip: n.private_ip,
                public_ip: n.public_ip,
            }),
            (_, TargetType::Instance) => self
                .ecs
                .container_instances
                .values()
                .find(|i| i.ec2_instance_id == target.id)
                .map(|i| Node::Interface {
                    subnet_id: i.subnet_id.clone(),
                    security_group_ids: i.security_group_ids.clone(),
                    private_ip: self
                        .ec2
                        .network_interfaces
                        .get(&i.network_interface_id)
                        .map(|e| e.private_ip),
                    public_ip: i.public_ip,
                }),
            _ => self
                .ec2
                .network_interfaces
                .values()
                .find(|e| e.private_ip.to_string() == target.id)
                .map(|e| Node::Interface {
                    subnet_id: e.subnet_id.clone(),
                    security_group_ids: e.security_group_ids.clone(),
                    private_ip: Some(e.private_ip),
                    public_ip: false,
                }),
        };
        let Some(to) = to else {
            return (false, Some(CheckFailure::Timeout));
        };
        let reached = sources
            .iter()
            .any(|from| self.ec2.reachable(from, &to, port));
        if !reached {
            return (false, Some(CheckFailure::Timeout));
        }
        // Reached: is an application listening and up?
        let answering = match owner {
            Some(task) => task.last_status == TaskStatus::Running && !task.desired_stopped,
            None => false,
        };
        if answering {
            (true, None)
        } else {
            (false, Some(CheckFailure::FailedHealthChecks))
        }
    }

    /// Running tasks of a service whose targets are unhealthy once the grace period is over.
    pub(crate) fn tasks_failing_elb_checks(
        &self,
        cluster: &str,
        service: &str,
        grace: u64,
        now: SimTime,
    ) -> Vec<(String, String, u16)> {
        let mut failing = Vec::new();
        for task in self.ecs.tasks.values().filter(|t| {
            t.of_service(cluster, service)
                && t.last_status == TaskStatus::Running
                && !t.desired_stopped
        }) {
            let in_grace = task
                .started_at
                .is_some_and(|at| now.since(at) < Duration(grace));
            if in_grace {
                continue;
            }
            for registered in &task.targets {
                let state = self
                    .elb
                    .target_group(&registered.target_group_arn)
                    .ok()
                    .and_then(|g| g.target(&registered.target))
                    .map(|t| t.state);
                if state == Some(TargetState::Unhealthy) {
                    failing.push((
                        task.id.clone(),
                        registered.target_group_arn.clone(),
                        registered.target.port,
                    ));
                    break;
                }
            }
        }
        failing
    }

    /// Whether every target of the service's running tasks is healthy (steady state needs it).
    pub(crate) fn service_targets_healthy(&self, cluster: &str, service: &str) -> bool {
        self.ecs
            .tasks
            .values()
            .filter(|t| t.of_service(cluster, service) && t.is_active())
            .flat_map(|t| t.targets.iter())
            .all(|r| {
                self.elb
                    .target_group(&r.target_group_arn)
                    .ok()
                    .and_then(|g| g.target(&r.target))
                    .map(|t| t.state)
                    == Some(TargetState::Healthy)
            })
    }
}

impl super::Ecs {
    /// Which task stands behind each registered target, keyed (target, group
    /// ARN): target first, as addresses are short and differ early while ARNs
    /// share long prefixes. Only tasks that have not stopped: IPs are reused,
    /// and a stopped task may have held the same address.
    pub(crate) fn target_owners(&self) -> BTreeMap<(&TargetId, &str), &Task> {
        self.tasks
            .values()
            .filter(|t| !t.is_stopped())
            .flat_map(|t| {
                t.targets
                    .iter()
                    .map(move |r| ((&r.target, r.target_group_arn.as_str()), t))
            })
            .collect()
    }
}

/// Why one of a task's targets is (un)healthy: the health check's path from a
/// load balancer node to the task, hop by hop ("explain why").
#[derive(Clone, Debug, PartialEq)]
pub struct TargetExplanation {
    pub target_group: String,
    pub state: String,
    pub port: u16,
    /// The load balancer node the check comes from: `name` in `subnet`.
    pub from: String,
    pub trace: crate::ec2::Trace,
}

impl World {
    /// For each target the task registered: its state and the health check's path,
    /// traced from a node of a load balancer that uses the group (the task's AZ first).
    pub fn explain_task_targets(&self, task_id: &str) -> Vec<TargetExplanation> {
        let Some(task) = self.ecs.tasks.get(task_id) else {
            return Vec::new();
        };
        let Some(network) = &task.network else {
            return Vec::new();
        };
        let to = Node::Interface {
            subnet_id: network.subnet_id.clone(),
            security_group_ids: network.security_group_ids.clone(),
            private_ip: network.private_ip,
            public_ip: network.public_ip,
        };
        let mut out = Vec::new();
        for registered in &task.targets {
            let Ok(group) = self.elb.target_group(&registered.target_group_arn) else {
                continue;
            };
            let state = group
                .target(&registered.target)
                .map(|t| t.state.as_str().to_string())
                .unwrap_or_else(|| "not registered".into());
            let port = group.health_check.port_for(&registered.target);
            // A node of a load balancer in front of the group, in the task's zone if there is one.
            let mut nodes: Vec<(bool, String, Node)> = self
                .elb
                .load_balancers_of(&group.arn)
                .iter()
                .filter_map(|arn| self.elb.load_balancer(arn).ok())
                .flat_map(|lb| {
                    lb.zones.iter().map(move |zone| {
                        let same_zone = self
                            .ec2
                            .subnets
                            .get(&zone.subnet_id)
                            .is_some_and(|s| s.availability_zone == task.availability_zone);
                        (
                            !same_zone,
                            format!("{} in {}", lb.name, zone.subnet_id),
                            Node::Interface {
                                subnet_id: zone.subnet_id.clone(),
                                security_group_ids: lb.security_groups.clone(),
                                private_ip: self
                                    .ec2
                                    .network_interfaces
                                    .get(&zone.network_interface_id)
                                    .map(|e| e.private_ip),
                                public_ip: false,
                            },
                        )
                    })
                })
                .collect();
            nodes.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
            let Some((_, from, node)) = nodes.into_iter().next() else {
                continue;
            };
            out.push(TargetExplanation {
                target_group: group.name.clone(),
                state,
                port,
                from,
                trace: self.reachability(&node, &to, port),
            });
        }
        out
    }
}

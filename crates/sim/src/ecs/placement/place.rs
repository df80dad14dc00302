//! Placing tasks: ECS's four steps (AWS docs, "How Amazon ECS places tasks on
//! container instances"):
//!
//! 1. keep the instances that satisfy the cluster constraints — ACTIVE,
//!    agent connected, enough CPU and memory, the static host ports free;
//! 2. keep those that satisfy every placement constraint;
//! 3. apply the placement strategies in order, each narrowing what the
//!    previous one left;
//! 4. pick one.
//!
//! Step 4 is unspecified by AWS. Here the remaining tie goes to the lowest EC2
//! instance id (then ARN), so a seed and a cluster always give the same answer
//! and a learner can predict it; randomness only enters through `random`.

use super::constraint::PlacementConstraint;
use super::rejection::{CandidateRejection, Rejection, Unplaceable};
use super::strategy::{PlacementStrategy, StrategyContext};
use super::types::{Candidate, InstanceStatus, PlacedTask, Placement, TaskRequirements};
use crate::ids::Rng;
use serde::{Deserialize, Serialize};

/// The first requirement `candidate` fails for `requirements`, if any.
pub fn check_candidate(
    candidate: &Candidate,
    requirements: &TaskRequirements,
    constraints: &[PlacementConstraint],
) -> Result<(), Rejection> {
    if candidate.status != InstanceStatus::Active {
        return Err(Rejection::NotActive {
            status: candidate.status,
        });
    }
    if !candidate.agent_connected {
        return Err(Rejection::AgentDisconnected);
    }
    if candidate.remaining_cpu < requirements.cpu {
        return Err(Rejection::InsufficientCpu {
            needed: requirements.cpu,
            remaining: candidate.remaining_cpu,
        });
    }
    if candidate.remaining_memory < requirements.memory {
        return Err(Rejection::InsufficientMemory {
            needed: requirements.memory,
            remaining: candidate.remaining_memory,
        });
    }
    if let Some((port, protocol)) = requirements
        .bound_host_ports()
        .find(|key| candidate.used_ports.contains(key))
    {
        return Err(Rejection::PortInUse { port, protocol });
    }
    for constraint in constraints {
        if !constraint.admits(candidate, &requirements.group) {
            return Err(Rejection::ConstraintNotMet {
                constraint_type: constraint.constraint_type(),
                description: constraint.to_string(),
            });
        }
    }
    Ok(())
}

/// Places ONE task. `strategies` are used as given: pass
/// [`super::default_service_strategies`] for a service that set none.
pub fn place(
    candidates: &[Candidate],
    requirements: &TaskRequirements,
    constraints: &[PlacementConstraint],
    strategies: &[PlacementStrategy],
    rng: &mut Rng,
) -> Result<Placement, Unplaceable> {
    let mut rejections = Vec::new();
    let mut pool = Vec::new();
    for (index, candidate) in candidates.iter().enumerate() {
        match check_candidate(candidate, requirements, constraints) {
            Ok(()) => pool.push(index),
            Err(rejection) => rejections.push(CandidateRejection {
                container_instance_arn: candidate.container_instance_arn.clone(),
                ec2_instance_id: candidate.ec2_instance_id.clone(),
                rejection,
            }),
        }
    }
    if pool.is_empty() {
        return Err(Unplaceable { rejections });
    }
    let ctx = StrategyContext {
        candidates,
        group: &requirements.group,
    };
    for strategy in strategies {
        if pool.len() <= 1 {
            break;
        }
        let narrowed = strategy.strategy().prefer_for_placement(&ctx, &pool, rng);
        // A strategy must not empty the pool; if one ever did, ignore it.
        if !narrowed.is_empty() {
            pool = narrowed;
        }
    }
    // Deterministic final tie-break: lowest EC2 instance id, then ARN.
    let chosen = pool
        .iter()
        .filter_map(|&i| candidates.get(i).map(|c| (i, c)))
        .min_by(|(_, a), (_, b)| {
            (&a.ec2_instance_id, &a.container_instance_arn)
                .cmp(&(&b.ec2_instance_id, &b.container_instance_arn))
        });
    match chosen {
        Some((index, candidate)) => Ok(Placement {
            container_instance_arn: candidate.container_instance_arn.clone(),
            ec2_instance_id: candidate.ec2_instance_id.clone(),
            candidate_index: index,
        }),
        None => Err(Unplaceable { rejections }),
    }
}

/// Records a placed task on its instance: reserves its CPU and memory, binds
/// its static host ports, counts it, and adds it to the instance's tasks
/// (which spread and `distinctInstance` read for the next task).
pub fn apply_placement(
    candidates: &mut [Candidate],
    placement: &Placement,
    requirements: &TaskRequirements,
    task_arn: Option<String>,
) {
    let Some(candidate) = candidates.get_mut(placement.candidate_index) else {
        return;
    };
    candidate.remaining_cpu = candidate.remaining_cpu.saturating_sub(requirements.cpu);
    candidate.remaining_memory = candidate
        .remaining_memory
        .saturating_sub(requirements.memory);
    let ports: Vec<_> = requirements.bound_host_ports().collect();
    candidate.used_ports.extend(ports.iter().copied());
    candidate.running_tasks = candidate.running_tasks.saturating_add(1);
    candidate.tasks.push(PlacedTask {
        task_arn,
        group: requirements.group.clone(),
        cpu: requirements.cpu,
        memory: requirements.memory,
        host_ports: ports,
    });
}

/// The outcome of [`place_many`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceMany {
    /// The tasks that found an instance, in order.
    pub placements: Vec<Placement>,
    /// One entry per task that did not.
    pub failures: Vec<Unplaceable>,
    /// The instances after the placements (resources, ports, tasks updated).
    pub candidates: Vec<Candidate>,
}

/// Places `n` identical tasks one by one, as ECS does: each task sees the
/// resources, ports and group counts the previous ones left, and the
/// strategies are evaluated again for each.
pub fn place_many(
    n: usize,
    candidates: &[Candidate],
    requirements: &TaskRequirements,
    constraints: &[PlacementConstraint],
    strategies: &[PlacementStrategy],
    rng: &mut Rng,
) -> PlaceMany {
    let mut state = candidates.to_vec();
    let mut placements = Vec::new();
    let mut failures = Vec::new();
    for done in 0..n {
        match place(&state, requirements, constraints, strategies, rng) {
            Ok(placement) => {
                apply_placement(&mut state, &placement, requirements, None);
                placements.push(placement);
            }
            Err(unplaceable) => {
                // A failure changes nothing and draws nothing from the Rng, so
                // every remaining task fails the same way.
                let remaining = n - done;
                failures.extend(std::iter::repeat_n(unplaceable, remaining));
                break;
            }
        }
    }
    PlaceMany {
        placements,
        failures,
        candidates: state,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::placement::types::HostProtocol;

    #[test]
    fn checks_run_in_order() {
        let mut c = Candidate::new("arn/1", "i-1", "az-a", "t3.micro", 100, 100);
        c.used_ports.insert((80, HostProtocol::Tcp));
        let mut r = TaskRequirements::new(200, 200, "service:web");
        r.host_ports = vec![(80, HostProtocol::Tcp)];
        let distinct = [PlacementConstraint::distinct_instance()];
        assert!(matches!(
            check_candidate(&c, &r, &distinct),
            Err(Rejection::InsufficientCpu {
                needed: 200,
                remaining: 100
            })
        ));
        r.cpu = 50;
        assert!(matches!(
            check_candidate(&c, &r, &distinct),
            Err(Rejection::InsufficientMemory {
                needed: 200,
                remaining: 100
            })
        ));
        r.memory = 50;
        assert!(matches!(
            check_candidate(&c, &r, &distinct),
            Err(Rejection::PortInUse { port: 80, .. })
        ));
        r.host_ports = vec![(80, HostProtocol::Udp)];
        assert_eq!(check_candidate(&c, &r, &distinct), Ok(()));
        c.agent_connected = false;
        assert_eq!(
            check_candidate(&c, &r, &distinct),
            Err(Rejection::AgentDisconnected)
        );
        c.status = InstanceStatus::Draining;
        assert!(matches!(
            check_candidate(&c, &r, &distinct),
            Err(Rejection::NotActive {
                status: InstanceStatus::Draining
            })
        ));
    }

    #[test]
    fn apply_ignores_a_bad_index() {
        let mut cs = vec![Candidate::new("arn/1", "i-1", "az-a", "t3.micro", 100, 100)];
        let bad = Placement {
            container_instance_arn: "arn/x".into(),
            ec2_instance_id: "i-x".into(),
            candidate_index: 9,
        };
        apply_placement(&mut cs, &bad, &TaskRequirements::new(1, 1, "g"), None);
        assert_eq!(cs[0].remaining_cpu, 100);
    }
}

//! Scale-in: which of a group's tasks to stop, by the same strategies that
//! placed them (AWS docs, "Use strategies to define Amazon ECS task
//! placement"):
//!
//! - `binpack` stops the task on the instance that would have the most of the
//!   field left afterwards, emptying the emptiest instances first;
//! - `spread` stops a task where the group is most concentrated, keeping the
//!   balance; "within an Availability Zone, tasks are chosen at random";
//! - `random` stops any.
//!
//! Following that last sentence, a tie left after all strategies is broken
//! with the seeded [`Rng`] — unlike placement, whose final tie is by id.

use super::random::pick_one;
use super::strategy::{PlacementStrategy, StrategyContext, TaskRef};
use super::types::Candidate;
use crate::ids::Rng;
use serde::{Deserialize, Serialize};

/// The task chosen to stop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskToStop {
    pub candidate_index: usize,
    pub task_index: usize,
    pub container_instance_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_arn: Option<String>,
}

/// Chooses one task of `group` to stop, or `None` if the group has none.
pub fn choose_task_to_stop(
    candidates: &[Candidate],
    group: &str,
    strategies: &[PlacementStrategy],
    rng: &mut Rng,
) -> Option<TaskToStop> {
    let mut pool: Vec<TaskRef> = candidates
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.group == group)
                .map(move |(ti, _)| TaskRef {
                    candidate: ci,
                    task: ti,
                })
        })
        .collect();
    if pool.is_empty() {
        return None;
    }
    let ctx = StrategyContext { candidates, group };
    for strategy in strategies {
        if pool.len() <= 1 {
            break;
        }
        let narrowed = strategy.strategy().prefer_for_stop(&ctx, &pool, rng);
        if !narrowed.is_empty() {
            pool = narrowed;
        }
    }
    let chosen = *pick_one(&pool, rng).first()?;
    let candidate = candidates.get(chosen.candidate)?;
    let task = candidate.tasks.get(chosen.task)?;
    Some(TaskToStop {
        candidate_index: chosen.candidate,
        task_index: chosen.task,
        container_instance_arn: candidate.container_instance_arn.clone(),
        task_arn: task.task_arn.clone(),
    })
}

/// Removes a stopped task from its instance and gives back what it held: CPU,
/// memory, its host ports, and its place in the counts. Returns `false` if the
/// reference no longer resolves.
pub fn apply_stop(candidates: &mut [Candidate], stop: &TaskToStop) -> bool {
    let Some(candidate) = candidates.get_mut(stop.candidate_index) else {
        return false;
    };
    if stop.task_index >= candidate.tasks.len() {
        return false;
    }
    let task = candidate.tasks.remove(stop.task_index);
    candidate.remaining_cpu = candidate.remaining_cpu.saturating_add(task.cpu);
    candidate.remaining_memory = candidate.remaining_memory.saturating_add(task.memory);
    for port in &task.host_ports {
        candidate.used_ports.remove(port);
    }
    candidate.running_tasks = candidate.running_tasks.saturating_sub(1);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::placement::types::PlacedTask;

    #[test]
    fn no_task_of_the_group_means_none() {
        let mut c = Candidate::new("arn/1", "i-1", "az-a", "t3.micro", 100, 100);
        c.tasks.push(PlacedTask::new("service:other"));
        let mut rng = Rng::from_seed(1);
        assert_eq!(
            choose_task_to_stop(&[c], "service:web", &[], &mut rng),
            None
        );
    }

    #[test]
    fn apply_stop_frees_resources_and_ports() {
        let mut c = Candidate::new("arn/1", "i-1", "az-a", "t3.micro", 100, 100);
        let mut t = PlacedTask::new("service:web");
        t.cpu = 50;
        t.memory = 60;
        t.host_ports = vec![(80, crate::ecs::placement::types::HostProtocol::Tcp)];
        c.used_ports.extend(t.host_ports.iter().copied());
        c.tasks.push(t);
        c.running_tasks = 1;
        let mut cs = vec![c];
        let mut rng = Rng::from_seed(1);
        let stop = choose_task_to_stop(&cs, "service:web", &[], &mut rng).expect("one task");
        assert!(apply_stop(&mut cs, &stop));
        assert_eq!((cs[0].remaining_cpu, cs[0].remaining_memory), (150, 160));
        assert!(cs[0].used_ports.is_empty() && cs[0].tasks.is_empty());
        assert_eq!(cs[0].running_tasks, 0);
        assert!(!apply_stop(&mut cs, &stop), "already gone");
    }
}

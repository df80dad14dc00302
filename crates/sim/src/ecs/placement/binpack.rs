//! `binpack`: fill the fullest instance first, so as few instances as possible
//! carry tasks.
//!
//! Placing: keep the instances with the least remaining CPU (or memory) that
//! still fit the task — the earlier filters already removed those that do not.
//! Stopping (scale-in): keep the tasks whose instance would have the most of
//! the field left once the task is gone (AWS docs, "Use strategies to define
//! Amazon ECS task placement").

use super::strategy::{
    keep_max_by_key, keep_min_by_key, BinpackField, Strategy, StrategyContext, TaskRef,
};
use super::types::{Candidate, PlacedTask};
use crate::ids::Rng;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Binpack {
    pub field: BinpackField,
}

impl Binpack {
    fn remaining(&self, candidate: &Candidate) -> u32 {
        match self.field {
            BinpackField::Cpu => candidate.remaining_cpu,
            BinpackField::Memory => candidate.remaining_memory,
        }
    }

    fn reserved(&self, task: &PlacedTask) -> u32 {
        match self.field {
            BinpackField::Cpu => task.cpu,
            BinpackField::Memory => task.memory,
        }
    }
}

impl Strategy for Binpack {
    fn prefer_for_placement(
        &self,
        ctx: &StrategyContext<'_>,
        pool: &[usize],
        _rng: &mut Rng,
    ) -> Vec<usize> {
        keep_min_by_key(pool, |i| ctx.candidates.get(i).map(|c| self.remaining(c)))
    }

    fn prefer_for_stop(
        &self,
        ctx: &StrategyContext<'_>,
        pool: &[TaskRef],
        _rng: &mut Rng,
    ) -> Vec<TaskRef> {
        keep_max_by_key(pool, |r| {
            let candidate = ctx.candidates.get(r.candidate)?;
            let task = candidate.tasks.get(r.task)?;
            // u64: remaining + freed cannot overflow.
            Some(u64::from(self.remaining(candidate)) + u64::from(self.reserved(task)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(id: &str, cpu: u32, memory: u32) -> Candidate {
        Candidate::new(format!("arn/{id}"), id, "az-a", "t3.small", cpu, memory)
    }

    #[test]
    fn placement_keeps_the_least_remaining() {
        let candidates = [
            instance("i-1", 1024, 3000),
            instance("i-2", 512, 1000),
            instance("i-3", 512, 2000),
        ];
        let ctx = StrategyContext {
            candidates: &candidates,
            group: "service:web",
        };
        let mut rng = Rng::from_seed(1);
        let memory = Binpack {
            field: BinpackField::Memory,
        };
        assert_eq!(
            memory.prefer_for_placement(&ctx, &[0, 1, 2], &mut rng),
            vec![1]
        );
        let cpu = Binpack {
            field: BinpackField::Cpu,
        };
        assert_eq!(
            cpu.prefer_for_placement(&ctx, &[0, 1, 2], &mut rng),
            vec![1, 2]
        );
    }

    #[test]
    fn stop_keeps_the_task_that_leaves_the_most() {
        let mut a = instance("i-1", 0, 100);
        let mut b = instance("i-2", 0, 400);
        let mut task = PlacedTask::new("service:web");
        task.memory = 300;
        a.tasks.push(task.clone());
        task.memory = 100;
        b.tasks.push(task);
        let candidates = [a, b];
        let ctx = StrategyContext {
            candidates: &candidates,
            group: "service:web",
        };
        let pool = [
            TaskRef {
                candidate: 0,
                task: 0,
            },
            TaskRef {
                candidate: 1,
                task: 0,
            },
        ];
        let memory = Binpack {
            field: BinpackField::Memory,
        };
        // i-1 would have 400 left, i-2 500: stop the task on i-2.
        let kept = memory.prefer_for_stop(&ctx, &pool, &mut Rng::from_seed(1));
        assert_eq!(kept, vec![pool[1]]);
    }
}

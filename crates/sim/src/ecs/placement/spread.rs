//! `spread`: keep the task group evenly distributed over the values of a
//! field — the instances themselves (`instanceId` / `host`) or an attribute
//! such as `attribute:ecs.availability-zone`.
//!
//! Placing: count the group's tasks per value over *every* instance of the
//! cluster (a full instance still counts for its zone), then keep the
//! candidates whose value has the fewest. Stopping: keep the tasks whose value
//! has the most, so the spread stays balanced as the service shrinks.
//!
//! Service tasks spread against the service's tasks, standalone tasks against
//! their task group (AWS docs); both arrive here as the context's `group`.
//! Instances lacking the attribute form one bucket of their own (model).

use super::strategy::{
    keep_max_by_key, keep_min_by_key, SpreadField, Strategy, StrategyContext, TaskRef,
};
use super::types::Candidate;
use crate::ids::Rng;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spread {
    pub field: SpreadField,
}

impl Spread {
    /// The instance's bucket: its ARN for `instanceId`/`host`, else the
    /// attribute's value (`None` when the instance lacks the attribute).
    pub fn value_of<'c>(&self, candidate: &'c Candidate) -> Option<&'c str> {
        match &self.field {
            SpreadField::InstanceId | SpreadField::Host => {
                Some(candidate.container_instance_arn.as_str())
            }
            SpreadField::Attribute(name) => candidate.attribute(name),
        }
    }

    /// The group's task count per bucket, over the whole cluster.
    fn counts<'c>(&self, ctx: &StrategyContext<'c>) -> BTreeMap<Option<&'c str>, usize> {
        let mut counts = BTreeMap::new();
        for candidate in ctx.candidates {
            *counts.entry(self.value_of(candidate)).or_insert(0) +=
                candidate.group_task_count(ctx.group);
        }
        counts
    }
}

impl Strategy for Spread {
    fn prefer_for_placement(
        &self,
        ctx: &StrategyContext<'_>,
        pool: &[usize],
        _rng: &mut Rng,
    ) -> Vec<usize> {
        let counts = self.counts(ctx);
        keep_min_by_key(pool, |i| {
            let candidate = ctx.candidates.get(i)?;
            counts.get(&self.value_of(candidate)).copied()
        })
    }

    fn prefer_for_stop(
        &self,
        ctx: &StrategyContext<'_>,
        pool: &[TaskRef],
        _rng: &mut Rng,
    ) -> Vec<TaskRef> {
        let counts = self.counts(ctx);
        keep_max_by_key(pool, |r| {
            let candidate = ctx.candidates.get(r.candidate)?;
            counts.get(&self.value_of(candidate)).copied()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::placement::types::PlacedTask;

    fn instance(id: &str, az: &str, web_tasks: usize) -> Candidate {
        let mut c = Candidate::new(format!("arn/{id}"), id, az, "t3.small", 1024, 1024);
        for _ in 0..web_tasks {
            c.tasks.push(PlacedTask::new("service:web"));
        }
        c.tasks.push(PlacedTask::new("service:other"));
        c
    }

    #[test]
    fn counts_include_instances_outside_the_pool() {
        // AZ a: i-1 (full, 2 tasks) and i-2 (empty); AZ b: i-3 (1 task).
        let candidates = [
            instance("i-1", "az-a", 2),
            instance("i-2", "az-a", 0),
            instance("i-3", "az-b", 1),
        ];
        let ctx = StrategyContext {
            candidates: &candidates,
            group: "service:web",
        };
        let az = Spread {
            field: SpreadField::Attribute("ecs.availability-zone".into()),
        };
        let mut rng = Rng::from_seed(3);
        // i-1 is not in the pool, yet its tasks make AZ a the fuller zone.
        assert_eq!(az.prefer_for_placement(&ctx, &[1, 2], &mut rng), vec![2]);
        let host = Spread {
            field: SpreadField::Host,
        };
        assert_eq!(host.prefer_for_placement(&ctx, &[1, 2], &mut rng), vec![1]);
    }

    #[test]
    fn stop_takes_from_the_fullest_bucket() {
        let candidates = [instance("i-1", "az-a", 2), instance("i-2", "az-b", 1)];
        let ctx = StrategyContext {
            candidates: &candidates,
            group: "service:web",
        };
        let az = Spread {
            field: SpreadField::Attribute("ecs.availability-zone".into()),
        };
        let pool = [
            TaskRef {
                candidate: 0,
                task: 0,
            },
            TaskRef {
                candidate: 0,
                task: 1,
            },
            TaskRef {
                candidate: 1,
                task: 0,
            },
        ];
        let kept = az.prefer_for_stop(&ctx, &pool, &mut Rng::from_seed(3));
        assert_eq!(kept, vec![pool[0], pool[1]]);
    }
}

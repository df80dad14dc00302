//! Rolling deployments under the ECS deployment controller: a new PRIMARY
//! deployment replaces the tasks of the older (ACTIVE) ones within the
//! service's `minimumHealthyPercent` / `maximumPercent`, and the deployment
//! circuit breaker fails — and can roll back — a deployment whose tasks keep
//! failing. The arithmetic lives here as pure functions; the world applies it.

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};

/// A deployment's progress, as `rolloutState` reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RolloutState {
    InProgress,
    Completed,
    Failed,
}

impl RolloutState {
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Completed => "COMPLETED",
            RolloutState::Failed => "FAILED",
        }
    }
}

/// An earlier deployment of a service whose tasks are still being replaced
/// (`status: ACTIVE` in DescribeServices). The PRIMARY deployment is the
/// service's own `deploymentId` / `taskDefinition`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub id: String,
    pub task_definition_arn: String,
    pub created_at: SimTime,
    pub updated_at: SimTime,
    pub rollout_state: RolloutState,
    pub rollout_state_reason: String,
    pub failed_tasks: u32,
}

/// `rolloutStateReason` as ECS words it.
pub fn rollout_reason(deployment_id: &str, state: RolloutState) -> String {
    match state {
        RolloutState::InProgress => format!("ECS deployment {deployment_id} in progress."),
        RolloutState::Completed => format!("ECS deployment {deployment_id} completed."),
        RolloutState::Failed => "ECS deployment circuit breaker: tasks failed to start.".into(),
    }
}

/// How many tasks must stay healthy (`ceil(desired × min% / 100)`) and how
/// many may be running or pending (`floor(desired × max% / 100)`) during a
/// deployment.
pub fn bounds(desired: u32, minimum_healthy_percent: u32, maximum_percent: u32) -> (usize, usize) {
    let desired = u64::from(desired);
    let minimum = (desired * u64::from(minimum_healthy_percent)).div_ceil(100);
    let maximum = desired * u64::from(maximum_percent) / 100;
    (minimum as usize, maximum as usize)
}

/// Failed tasks in a row that fail a deployment: half the desired count,
/// at least 3 and at most 200.
pub fn circuit_breaker_threshold(desired: u32) -> u32 {
    desired.div_ceil(2).clamp(3, 200)
}

/// A task of an older deployment, as the rolling update sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OldTask {
    pub id: String,
    pub healthy: bool,
}

/// What one scheduler pass of a rolling update does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RollingStep {
    /// New tasks of the PRIMARY deployment to start.
    pub start: usize,
    /// Tasks to stop: older deployments' first, then any of the new one's over the maximum.
    pub stop: Vec<String>,
}

/// One pass of the rolling update. `primary_active` tasks of the new
/// deployment exist (starting or running), `healthy_primary` of them count as
/// healthy; `old` are the older deployments' tasks, oldest deployment first.
///
/// Old tasks that are not healthy serve nobody, so they go at once; healthy
/// ones go while the healthy total stays at or above the minimum. New tasks
/// start while the running-or-pending total stays at or below the maximum.
/// If the total is still over the maximum (the desired count was lowered
/// mid-deployment), the new deployment's tasks that are not yet healthy go,
/// `primary_unhealthy` (newest first), since maximumPercent is an upper limit.
pub fn plan(
    desired: usize,
    (minimum_healthy, maximum_total): (usize, usize),
    primary_active: usize,
    healthy_primary: usize,
    old: &[OldTask],
    primary_unhealthy: &[String],
) -> RollingStep {
    let mut total = primary_active + old.len();
    let mut healthy = healthy_primary + old.iter().filter(|t| t.healthy).count();
    let mut stop = Vec::new();
    for task in old.iter().filter(|t| !t.healthy) {
        stop.push(task.id.clone());
        total -= 1;
    }
    for task in old.iter().filter(|t| t.healthy) {
        if healthy > minimum_healthy {
            stop.push(task.id.clone());
            healthy -= 1;
            total -= 1;
        }
    }
    let mut primary_active = primary_active;
    for id in primary_unhealthy {
        if total <= maximum_total {
            break;
        }
        stop.push(id.clone());
        total -= 1;
        primary_active = primary_active.saturating_sub(1);
    }
    let start = desired
        .saturating_sub(primary_active)
        .min(maximum_total.saturating_sub(total));
    RollingStep { start, stop }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn old(n: usize, healthy: bool) -> Vec<OldTask> {
        (0..n)
            .map(|i| OldTask {
                id: format!("old{i}"),
                healthy,
            })
            .collect()
    }

    #[test]
    fn bounds_round_the_minimum_up_and_the_maximum_down() {
        assert_eq!(bounds(4, 50, 200), (2, 8));
        assert_eq!(bounds(3, 75, 125), (3, 3));
        assert_eq!(bounds(1, 100, 200), (1, 2));
        assert_eq!(bounds(5, 50, 150), (3, 7));
        assert_eq!(bounds(0, 100, 200), (0, 0));
    }

    #[test]
    fn circuit_breaker_threshold_is_half_the_desired_count_within_3_and_200() {
        assert_eq!(circuit_breaker_threshold(1), 3);
        assert_eq!(circuit_breaker_threshold(25), 13);
        assert_eq!(circuit_breaker_threshold(400), 200);
        assert_eq!(circuit_breaker_threshold(800), 200);
    }

    #[test]
    fn desired_4_min_50_max_200_starts_4_and_stops_2_at_once() {
        let step = plan(4, bounds(4, 50, 200), 0, 0, &old(4, true), &[]);
        assert_eq!(step.start, 4);
        assert_eq!(step.stop.len(), 2);
    }

    #[test]
    fn desired_1_min_100_starts_one_and_keeps_the_old_until_the_new_is_healthy() {
        let b = bounds(1, 100, 200);
        let first = plan(1, b, 0, 0, &old(1, true), &[]);
        assert_eq!((first.start, first.stop.len()), (1, 0));
        let waiting = plan(1, b, 1, 0, &old(1, true), &[]);
        assert_eq!(waiting, RollingStep::default());
        let healthy = plan(1, b, 1, 1, &old(1, true), &[]);
        assert_eq!((healthy.start, healthy.stop.len()), (0, 1));
    }

    #[test]
    fn desired_3_min_75_max_125_can_do_nothing() {
        assert_eq!(
            plan(3, bounds(3, 75, 125), 0, 0, &old(3, true), &[]),
            RollingStep::default()
        );
    }

    #[test]
    fn unhealthy_old_tasks_go_first_and_free_room() {
        let step = plan(2, bounds(2, 100, 100), 0, 0, &old(2, false), &[]);
        assert_eq!(step.stop.len(), 2);
        assert_eq!(step.start, 2);
    }

    /// Found by `cargo xtask soak`: desired 6 → 4 mid-deployment left 5 tasks
    /// under a maximum of 4, because only old tasks were ever stopped.
    #[test]
    fn a_lowered_desired_count_stops_new_tasks_not_yet_healthy_down_to_the_maximum() {
        let pending = ["new-4".to_string(), "new-3".to_string()];
        let step = plan(4, bounds(4, 51, 100), 4, 2, &old(2, true), &pending);
        // One old task may go (healthy 4 → 3, the minimum); one pending new one too.
        assert_eq!(step.stop, ["old0", "new-4"]);
        assert_eq!(step.start, 0);
    }

    proptest! {
        /// Replaying passes until done (new tasks turn healthy one pass after
        /// they start) never takes the healthy count below the minimum, never
        /// runs more than the maximum, and finishes unless the configuration
        /// leaves no room at all.
        #[test]
        fn a_rolling_update_stays_within_its_bounds(
            desired in 0usize..40,
            minimum_percent in 0u32..=100,
            maximum_percent in 100u32..=200,
        ) {
            let b = bounds(desired as u32, minimum_percent, maximum_percent);
            let (minimum, maximum) = b;
            let mut old_tasks = old(desired, true);
            let (mut primary, mut healthy_primary) = (0usize, 0usize);
            let stuck = maximum == desired && minimum == desired && desired > 0;
            for _ in 0..200 {
                let step = plan(desired, b, primary, healthy_primary, &old_tasks, &[]);
                old_tasks.retain(|t| !step.stop.contains(&t.id));
                let healthy = healthy_primary + old_tasks.len();
                prop_assert!(healthy >= minimum, "healthy {} < minimum {}", healthy, minimum);
                // Tasks started last pass turn healthy now; this pass's start count.
                healthy_primary = primary;
                primary += step.start;
                prop_assert!(primary + old_tasks.len() <= maximum.max(desired),
                    "{} tasks > maximum {}", primary + old_tasks.len(), maximum);
                if old_tasks.is_empty() && primary == desired && healthy_primary == desired {
                    break;
                }
            }
            if stuck {
                prop_assert_eq!(old_tasks.len(), desired);
            } else {
                prop_assert!(old_tasks.is_empty() && primary == desired,
                    "not finished: {} old, {} new of {}", old_tasks.len(), primary, desired);
            }
        }
    }
}

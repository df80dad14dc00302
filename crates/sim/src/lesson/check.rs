//! Lesson goals checked on the model: whether a check is met on a console,
//! and what the checks see (to tell worlds apart). A check never changes the
//! learner's world.

use crate::console::Console;
use crate::deploy::deployment::DeploymentStatus;
use crate::ecs::service::ServiceStatus;
pub use ecs_lesson::check::{Check, KINDS};

/// The model's side of a goal check.
pub trait CheckOnConsole {
    fn met(&self, console: &Console) -> bool;
    fn met_all<'a>(checks: impl IntoIterator<Item = &'a Check>, console: &Console) -> Vec<bool>;
    fn observe_all<'a>(
        checks: impl IntoIterator<Item = &'a Check>,
        console: &Console,
    ) -> Vec<String>;
}

impl CheckOnConsole for Check {
    /// Whether the learner's world meets the check now.
    fn met(&self, console: &Console) -> bool {
        met_on(self, console, &mut None)
    }

    /// Whether each check is met, in order. `run` lines go to one copy of the
    /// console between them (made only if one is needed), not a copy each: the
    /// panel re-checks on every step of the clock, and a copy holds the whole
    /// world. Goal lines are read-only queries, so sharing the copy changes no
    /// verdict.
    fn met_all<'a>(checks: impl IntoIterator<Item = &'a Check>, console: &Console) -> Vec<bool> {
        let mut probe = None;
        checks
            .into_iter()
            .map(|check| met_on(check, console, &mut probe))
            .collect()
    }

    /// What each check sees in a world, to tell worlds apart the way the
    /// step's own goals look at them: a `run` line's status and output, any
    /// other check whether it is met. Lines run on one copy, as in [`Check::met_all`].
    fn observe_all<'a>(
        checks: impl IntoIterator<Item = &'a Check>,
        console: &Console,
    ) -> Vec<String> {
        let mut probe = None;
        checks
            .into_iter()
            .map(|check| match check {
                Check::Run { line, .. } => {
                    let probe = probe.get_or_insert_with(|| console.clone());
                    let out = probe.run(line);
                    format!("{} {}", out.status, out.stdout.trim())
                }
                other => met_on(other, console, &mut probe).to_string(),
            })
            .collect()
    }
}

/// `met`, running `run` lines on `probe` (a copy made on first need).
fn met_on(check: &Check, console: &Console, probe: &mut Option<Console>) -> bool {
    let world = &console.world;
    match check {
        Check::Run {
            line,
            equals,
            contains,
            at_least,
        } => {
            // A copy: the line may be any command, and the learner's world must not change.
            let probe = probe.get_or_insert_with(|| console.clone());
            let out = probe.run(line);
            let stdout = out.stdout.trim();
            if out.status != 0 {
                return false;
            }
            equals.as_ref().is_none_or(|e| stdout == e.trim())
                && contains
                    .as_ref()
                    .is_none_or(|c| stdout.contains(c.as_str()))
                && at_least.is_none_or(|n| stdout.parse::<f64>().is_ok_and(|v| v >= n))
        }
        Check::ServiceSteady {
            cluster,
            service,
            running,
        } => {
            let Some(s) = world.ecs.services.get(&format!("{cluster}/{service}")) else {
                return false;
            };
            let tasks: Vec<_> = world
                .ecs
                .tasks
                .values()
                .filter(|t| t.of_service(cluster, service) && t.is_active())
                .collect();
            let all_running = tasks
                .iter()
                .all(|t| t.last_status == crate::ecs::task::TaskStatus::Running);
            let healthy = tasks.iter().flat_map(|t| &t.targets).all(|r| {
                world
                    .elb
                    .target_group(&r.target_group_arn)
                    .ok()
                    .and_then(|g| g.target(&r.target))
                    .is_some_and(|t| t.state == crate::elb::TargetState::Healthy)
            });
            s.status == ServiceStatus::Active
                && s.rollout_completed
                && all_running
                && healthy
                && tasks.len() == s.desired_count as usize
                && running.is_none_or(|n| tasks.len() == n as usize)
        }
        Check::DeploymentSucceeded { config } => world.deploy.deployments.values().any(|d| {
            d.creator == "user"
                && d.status == DeploymentStatus::Succeeded
                && config
                    .as_ref()
                    .is_none_or(|c| &d.deployment_config_name == c)
        }),
        Check::ScalingActivity { resource_id, count } => {
            world
                .autoscaling
                .activities
                .iter()
                .filter(|a| &a.resource_id == resource_id)
                .count()
                >= *count as usize
        }
        Check::Reachable { from, to, port } => {
            let mut probe = console.clone();
            let out = probe.run(&format!(
                "sim reachability --from {from} --to {to} --port {port}"
            ));
            out.status == 0 && out.stdout.contains("Result: reachable")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_run_check_reads_the_world_without_changing_it() {
        let mut console = Console::default();
        let check = Check::read(&json!({
            "run": "aws ec2 describe-vpcs --filters Name=cidr-block,Values=10.0.0.0/24 --query 'length(Vpcs)'",
            "equals": 1,
        }))
        .unwrap();
        assert!(!check.met(&console));
        console.run("aws ec2 create-vpc --cidr-block 10.0.0.0/24");
        let before = console.world.to_json();
        assert!(check.met(&console));
        // Even a check that creates something leaves the learner's world alone.
        let sneaky =
            Check::read(&json!({ "run": "aws ec2 create-vpc --cidr-block 10.9.0.0/16" })).unwrap();
        assert!(sneaky.met(&console));
        assert_eq!(console.world.to_json(), before);
    }
}

//! EventBridge Scheduler at work on the clock: schedules due each minute
//! invoke their target (at once, or later inside their flexible window), each
//! invocation assuming the schedule's role to call ECS RunTask — the part of
//! the scheduler that reaches into IAM, ECS, CloudWatch and the event log.

use crate::clock::Duration;
use crate::ecs::runtime::{NetworkConfiguration, RunTaskInput};
use crate::ecs::service::AwsVpcConfiguration;
use crate::eventbridge_scheduler::{Schedule, Target, MAX_PENDING};
use crate::world::World;

impl World {
    /// At a minute boundary: schedules due this minute invoke their target
    /// (at once, or later inside their flexible window); due invocations run.
    pub(crate) fn run_schedules(&mut self) {
        if self.now.0.is_multiple_of(60) && !self.scheduler.schedules.is_empty() {
            let minute = self.now.0 / 60;
            let due: Vec<(String, Option<u32>)> = self
                .scheduler
                .schedules
                .iter()
                .filter(|(_, s)| s.fires_at(minute))
                .map(|(k, s)| (k.clone(), s.flexible_minutes))
                .collect();
            for (key, window) in due {
                let delay = window.map_or(0, |w| self.rng_below(u64::from(w)));
                if self.scheduler.pending.len() < MAX_PENDING {
                    self.scheduler
                        .pending
                        .push((self.now.plus(Duration(delay * 60)), key));
                }
            }
        }
        let now = self.now;
        let (ready, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.scheduler.pending)
            .into_iter()
            .partition(|(at, _)| *at <= now);
        self.scheduler.pending = waiting;
        for (_, key) in ready {
            self.invoke_schedule(&key);
        }
        // A recurring schedule set to DELETE goes once its end date has come
        // (its last invocation is behind it).
        self.scheduler.schedules.retain(|_, s| {
            !(s.action_after_completion == "DELETE" && s.end_date.is_some_and(|e| now >= e))
        });
    }

    fn invoke_schedule(&mut self, key: &str) {
        let Some(schedule) = self.scheduler.schedules.get(key).cloned() else {
            return;
        };
        let minute = self.now.0 / 60;
        self.metrics.put(
            "AWS/Scheduler",
            "InvocationAttemptCount",
            &[],
            "Count",
            minute,
            1.0,
        );
        match self.run_schedule_target(&schedule) {
            Ok(message) => self.log("scheduler", message),
            Err(reason) => {
                self.metrics.put(
                    "AWS/Scheduler",
                    "TargetErrorCount",
                    &[],
                    "Count",
                    minute,
                    1.0,
                );
                self.log(
                    "scheduler",
                    format!(
                        "Schedule {} could not invoke its target: {reason}",
                        schedule.name
                    ),
                );
            }
        }
        // A one-time schedule is complete once it has fired.
        if schedule.action_after_completion == "DELETE"
            && schedule.schedule_expression.starts_with("at(")
        {
            self.scheduler.schedules.remove(key);
        }
    }

    /// Assumes the schedule's role and calls `ecs:RunTask` as the target asks.
    fn run_schedule_target(&mut self, schedule: &Schedule) -> Result<String, String> {
        let target: Target = serde_json::from_value(schedule.target.clone())
            .map_err(|e| format!("invalid target: {e}"))?;
        let Some(ecs) = target.ecs_parameters else {
            return Err(format!(
                "{} is not a target the playground runs (only ECS clusters)",
                target.arn
            ));
        };
        let role = self
            .iam
            .role_by_arn(&target.role_arn)
            .filter(|r| r.trusts("scheduler.amazonaws.com"))
            .ok_or_else(|| format!("AccessDeniedException: EventBridge Scheduler cannot assume {} (it must exist and trust scheduler.amazonaws.com)", target.role_arn))?;
        let session = format!(
            "arn:aws:sts::{}:assumed-role/{}/{}",
            self.account_id, role.name, &schedule.name
        );
        if !role.allows("ecs:RunTask") {
            return Err(format!("AccessDeniedException: User: {session} is not authorized to perform: ecs:RunTask on resource: {}", ecs.task_definition_arn));
        }
        let passes = self
            .task_definition_for(&ecs.task_definition_arn)
            .ok()
            .map(|td| {
                [td.execution_role_arn.clone(), td.task_role_arn.clone()]
                    .into_iter()
                    .flatten()
                    .filter(|arn| !arn.is_empty())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if let Some(role_to_pass) = passes.first().filter(|_| !role.allows("iam:PassRole")) {
            return Err(format!("AccessDeniedException: User: {session} is not authorized to perform: iam:PassRole on resource: {role_to_pass}"));
        }
        let cluster = target
            .arn
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let input = RunTaskInput {
            cluster: Some(cluster),
            task_definition: ecs.task_definition_arn.clone(),
            count: Some(ecs.task_count.unwrap_or(1)),
            launch_type: ecs.launch_type.clone(),
            network_configuration: ecs.network_configuration.and_then(|n| {
                n.awsvpc_configuration.map(|a| NetworkConfiguration {
                    awsvpc_configuration: Some(AwsVpcConfiguration {
                        subnets: a.subnets,
                        security_groups: a.security_groups,
                        assign_public_ip: a.assign_public_ip,
                    }),
                })
            }),
            group: ecs.group.clone(),
            // What describe-tasks shows for a task the scheduler started.
            started_by: Some(format!("chronos-schedule/{}", schedule.name)),
            enable_execute_command: ecs.enable_execute_command,
            ..Default::default()
        };
        let result = self
            .ecs_run_task(input)
            .map_err(|e| format!("{}: {e}", crate::error::AwsErrorCode::code(&e)))?;
        let started = result["tasks"].as_array().map_or(0, Vec::len);
        if started == 0 {
            return Err(format!("RunTask started no task: {}", result["failures"]));
        }
        Ok(format!(
            "Schedule {} ran {started} task(s) of {}",
            schedule.name, ecs.task_definition_arn
        ))
    }
}

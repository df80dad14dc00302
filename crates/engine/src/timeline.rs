//! One timeline of what happened in the account, newest first: ECS service
//! events, CodeDeploy deployments (lifecycle events, traffic shifts, the
//! outcome), Application Auto Scaling activities and CloudWatch alarm
//! states — read from the world, for the Events tab.

use ecs_sim::clock::SimTime;
use ecs_sim::deploy::deployment::EventStatus;
use ecs_sim::ecs::service::EventSeverity;
use ecs_sim::World;

/// Where an entry comes from (the protocol's type: the Events tab filters by it).
pub use ecs_protocol::EventSource as Source;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub at: SimTime,
    pub source: Source,
    /// The service, deployment, scalable target or alarm it is about.
    pub resource: String,
    pub message: String,
    /// Something went wrong (shown with a mark, not only a colour).
    pub problem: bool,
    /// The resource whose panel explains a problem: an unhealthy target's
    /// target group (its health-check paths), else the service.
    pub explain: Option<ecs_protocol::panel::Selection>,
}

/// The target group an ECS event names: `… (target-group arn:…)`.
fn target_group_in(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("(target-group ")?;
    let (arn, _) = rest.split_once(')')?;
    arn.starts_with("arn:").then(|| arn.to_string())
}

/// The newest `limit` entries of the sources asked for.
pub fn timeline(world: &World, sources: &[Source], limit: usize) -> Vec<Entry> {
    let mut entries = Vec::new();
    let wants = |s: Source| sources.contains(&s);
    if wants(Source::Service) {
        for service in world.ecs.services.values() {
            for event in &service.events {
                let problem = event.severity == EventSeverity::Problem;
                let explain = problem.then(|| {
                    use ecs_protocol::panel::Selection;
                    match target_group_in(&event.message) {
                        Some(arn) => Selection::TargetGroup(arn),
                        None => Selection::Service(format!("{}/{}", service.cluster, service.name)),
                    }
                });
                entries.push(Entry {
                    at: event.created_at,
                    source: Source::Service,
                    resource: service.name.clone(),
                    message: event.message.clone(),
                    problem,
                    explain,
                });
            }
        }
    }
    if wants(Source::Deployment) {
        for d in world.deploy.deployments.values() {
            let push = |entries: &mut Vec<Entry>, at, message: String, problem| {
                entries.push(Entry {
                    at,
                    source: Source::Deployment,
                    resource: d.id.clone(),
                    message,
                    problem,
                    explain: None,
                })
            };
            push(
                &mut entries,
                d.create_time,
                format!(
                    "{} {} created ({}) for {}/{}",
                    if d.creator == "user" {
                        "Deployment"
                    } else {
                        "Rollback deployment"
                    },
                    d.id,
                    d.deployment_config_name,
                    d.application_name,
                    d.deployment_group_name
                ),
                false,
            );
            for event in d
                .events
                .iter()
                .filter(|e| d.creator == "user" && e.start_time.is_some())
            {
                let at = event.end_time.or(event.start_time).unwrap_or(d.create_time);
                let waiting = event
                    .hook
                    .as_ref()
                    .filter(|_| event.status == EventStatus::InProgress)
                    .map(|h| format!(" — waiting for {}", h.function))
                    .unwrap_or_default();
                push(
                    &mut entries,
                    at,
                    format!("{}: {}{waiting}", event.name, event.status.as_str()),
                    event.status == EventStatus::Failed,
                );
            }
            for point in &d.traffic {
                push(
                    &mut entries,
                    point.at,
                    format!(
                        "Production traffic: {} % on the replacement task set{}",
                        point.production_green,
                        if point.test_green {
                            ", test traffic on it"
                        } else {
                            ""
                        }
                    ),
                    false,
                );
            }
            if let Some(done) = d.complete_time {
                let why = d
                    .error
                    .as_ref()
                    .map(|(code, message)| format!(" — {code}: {message}"))
                    .unwrap_or_default();
                push(
                    &mut entries,
                    done,
                    format!("Deployment {} {}{why}", d.id, d.status.as_str()),
                    d.error.is_some(),
                );
            }
        }
    }
    if wants(Source::Scaling) {
        for activity in &world.autoscaling.activities {
            entries.push(Entry {
                at: activity.at,
                source: Source::Scaling,
                resource: activity.resource_id.clone(),
                message: format!("{} {}", activity.description, activity.cause),
                problem: activity.status_message.contains("fail"),
                explain: None,
            });
        }
    }
    if wants(Source::Alarm) {
        for alarm in world.alarms.alarms.values() {
            entries.push(Entry {
                at: alarm.state_updated_at,
                source: Source::Alarm,
                resource: alarm.definition.alarm_name.clone(),
                message: format!("{}: {}", alarm.state.as_str(), alarm.state_reason),
                problem: alarm.state == ecs_sim::alarms::AlarmState::Alarm,
                explain: None,
            });
        }
    }
    // Newest first; a stable order for entries of the same second.
    entries.sort_by_key(|e| std::cmp::Reverse(e.at));
    entries.truncate(limit);
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    #[test]
    fn an_unhealthy_target_is_explained_by_its_target_group() {
        let arn = "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/0123456789abcdef";
        let message = format!("(service web) (task 1f2e) (port 80) is unhealthy in (target-group {arn}) due to (reason Request timed out).");
        assert_eq!(target_group_in(&message).as_deref(), Some(arn));
        assert_eq!(
            target_group_in("(service web) has reached a steady state."),
            None
        );
    }

    #[test]
    fn every_source_appears_and_the_newest_comes_first() {
        let mut console = Console::default();
        let script = include_str!("../../sim/tests/scenarios/bluegreen-rollback.sh");
        console.run(script);
        let all = timeline(&console.world, &Source::ALL, 10_000);
        for source in [Source::Service, Source::Deployment, Source::Alarm] {
            assert!(all.iter().any(|e| e.source == source), "{source:?}");
        }
        assert!(all.windows(2).all(|w| w[0].at >= w[1].at));
        assert!(all.iter().any(|e| e.source == Source::Deployment
            && e.problem
            && e.message.contains("ALARM_ACTIVE")));
        let only_deployments = timeline(&console.world, &[Source::Deployment], 5);
        assert_eq!(only_deployments.len(), 5);
        assert!(only_deployments
            .iter()
            .all(|e| e.source == Source::Deployment));
    }
}

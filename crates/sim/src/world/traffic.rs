//! Load and what it does: a load generator per load balancer (`sim load`),
//! requests routed by the listener's weights to the healthy targets, a simple
//! capacity model per task (requests per second per vCPU, latency rising near
//! saturation, 5xx beyond it), and the per-minute CloudWatch metrics that
//! result (ALB request counts, response time, 5xx, healthy hosts, requests per
//! target; service CPU and memory utilisation).

use crate::clock::{Duration, SimTime};
use crate::ecs::task::TaskStatus;
use crate::elb::TargetState;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What one vCPU of a task serves before it saturates (model).
pub const REQUESTS_PER_VCPU: f64 = 200.0;
/// Response time of an idle target, in seconds (model).
pub const BASE_LATENCY: f64 = 0.02;
/// CPU a task burns with no traffic, in percent (model).
pub const IDLE_CPU_PERCENT: f64 = 2.0;
/// Bytes a request and its response carry through a load balancer (model).
pub const BYTES_PER_REQUEST: f64 = 2048.0;
/// The highest request rate `sim load` accepts.
pub const MAX_RPS: f64 = 1_000_000.0;

/// A load profile, in requests per second over time since the load started.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Profile {
    Constant(f64),
    /// k6-style stages: ramp linearly to each target over its duration, then hold the last.
    Stages(Vec<(u64, f64)>),
    /// A day's curve: quiet at night, a peak mid-afternoon (UTC), repeating.
    Daily {
        peak: f64,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Load {
    pub profile: Profile,
    pub started_at: SimTime,
    /// The listener port the requests go to (`--port`); none: the lowest
    /// port that forwards (port 80 beside a blue/green test listener on 8080).
    #[serde(default)]
    pub port: Option<u16>,
}

impl Profile {
    /// Parses `--stages "1m:100,5m:800,2m:0"`.
    pub fn parse_stages(text: &str) -> Result<Profile, String> {
        let mut stages = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (duration, target) = part
                .split_once(':')
                .ok_or_else(|| format!("stage '{part}' should look like 5m:800"))?;
            let duration = Duration::parse(duration).map_err(|e| e.to_string())?;
            let target: f64 = target.trim().parse().map_err(|_| {
                format!("stage '{part}': '{target}' is not a number of requests per second")
            })?;
            if !(0.0..=MAX_RPS).contains(&target) {
                return Err(format!(
                    "stage '{part}': the rate must be between 0 and {MAX_RPS}"
                ));
            }
            stages.push((duration.as_seconds(), target));
        }
        if stages.is_empty() {
            return Err("give at least one stage, e.g. --stages \"1m:100,5m:800,2m:0\"".into());
        }
        Ok(Profile::Stages(stages))
    }

    /// Requests per second `elapsed` seconds after the load started.
    pub fn rps(&self, elapsed: u64) -> f64 {
        match self {
            Profile::Constant(rps) => *rps,
            Profile::Stages(stages) => {
                let mut from = 0.0;
                let mut start = 0;
                for &(duration, target) in stages {
                    if elapsed < start + duration {
                        let progress = (elapsed - start) as f64 / duration.max(1) as f64;
                        return from + (target - from) * progress;
                    }
                    from = target;
                    start += duration;
                }
                from
            }
            Profile::Daily { peak } => {
                // Seconds into the UTC day; lowest at 03:00, highest at 15:00.
                let t = (elapsed % 86_400) as f64 / 86_400.0;
                let phase = (t - 0.625) * std::f64::consts::TAU;
                peak * (0.55 + 0.45 * phase.cos())
            }
        }
    }
}

/// What one target did in a minute.
struct TargetMinute {
    rps: f64,
    capacity: f64,
}

impl World {
    /// The next minute boundary, when there is anything to measure.
    pub(crate) fn next_metrics_minute(&self) -> Option<SimTime> {
        let anything = !self.loads.is_empty()
            || self
                .ecs
                .services
                .values()
                .any(|s| s.status == crate::ecs::service::ServiceStatus::Active);
        anything.then(|| SimTime((self.now.0 / 60 + 1) * 60))
    }

    /// At a minute boundary: route the past minute's load and record its metrics.
    pub(crate) fn record_minute(&mut self) {
        if !self.now.0.is_multiple_of(60) || self.now.0 == 0 {
            return;
        }
        let minute = self.now.0 / 60 - 1;
        let mid = SimTime(self.now.0 - 30);
        // Task id → requests per second it served, and its capacity.
        let mut per_task: BTreeMap<String, TargetMinute> = BTreeMap::new();
        let owners = self.ecs.target_owners();
        let lbs: Vec<String> = self.elb.load_balancers.keys().cloned().collect();
        for lb_arn in lbs {
            let Ok(lb) = self.elb.load_balancer(&lb_arn) else {
                continue;
            };
            let lb_dim = lb.full_name();
            // A Network Load Balancer passes TCP flows through: one flow per request
            // here, reset (not answered with a 5xx) when nothing can take it.
            let network = lb.lb_type == crate::elb::LbType::Network;
            let namespace = if network {
                "AWS/NetworkELB"
            } else {
                "AWS/ApplicationELB"
            };
            let rps = self
                .loads
                .get(&lb_arn)
                .map_or(0.0, |l| l.profile.rps(mid.since(l.started_at).as_seconds()));
            let port = self.loads.get(&lb_arn).and_then(|l| l.port);
            let mut candidates: Vec<(bool, u16, String)> = self
                .elb
                .listeners
                .values()
                .filter(|l| l.load_balancer_arn == lb_arn && port.is_none_or(|p| l.port == p))
                .map(|l| {
                    let forwards = !self.elb.forward_weights(&l.arn, "/", "").is_empty();
                    (!forwards, l.port, l.arn.clone())
                })
                .collect();
            candidates.sort();
            let listeners: Vec<String> = candidates.into_iter().take(1).map(|c| c.2).collect();
            let mut elb_5xx = 0.0;
            let mut target_5xx = 0.0;
            let mut latency_weighted = 0.0;
            let mut served = 0.0;
            let share = if listeners.is_empty() {
                0.0
            } else {
                rps / listeners.len() as f64
            };
            if listeners.is_empty() {
                elb_5xx += rps;
            }
            for listener in &listeners {
                let weights = self.elb.forward_weights(listener, "/", "");
                let total: u32 = weights.iter().map(|(_, w)| *w).sum();
                if total == 0 {
                    elb_5xx += share;
                    continue;
                }
                for (group_arn, weight) in weights {
                    let group_rps = share * f64::from(weight) / f64::from(total);
                    let Ok(group) = self.elb.target_group(&group_arn) else {
                        continue;
                    };
                    let targets: Vec<crate::elb::TargetId> = group
                        .routable_targets()
                        .iter()
                        .map(|t| t.id.clone())
                        .collect();
                    let count = |state| group.targets.iter().filter(|t| t.state == state).count();
                    let (healthy, unhealthy) =
                        (count(TargetState::Healthy), count(TargetState::Unhealthy));
                    let tg_dim = crate::elb::target_group_dimension(&group_arn);
                    if !network {
                        // Each target group's share of the traffic (what blue/green shifts).
                        self.metrics.put(
                            "AWS/ApplicationELB",
                            "RequestCount",
                            &[("TargetGroup", &tg_dim), ("LoadBalancer", &lb_dim)],
                            "Count",
                            minute,
                            group_rps * 60.0,
                        );
                    }
                    for (name, value) in [
                        ("HealthyHostCount", healthy),
                        ("UnHealthyHostCount", unhealthy),
                    ] {
                        self.metrics.put(
                            namespace,
                            name,
                            &[("TargetGroup", &tg_dim), ("LoadBalancer", &lb_dim)],
                            "Count",
                            minute,
                            value as f64,
                        );
                    }
                    if targets.is_empty() {
                        // No registered targets: the load balancer answers 503 itself.
                        elb_5xx += group_rps;
                        continue;
                    }
                    let per_target = group_rps / targets.len() as f64;
                    if !network {
                        self.metrics.put(
                            "AWS/ApplicationELB",
                            "RequestCountPerTarget",
                            &[("TargetGroup", &tg_dim)],
                            "Count",
                            minute,
                            per_target * 60.0,
                        );
                    }
                    for target in targets {
                        let owner = owners.get(&(&target, group_arn.as_str())).copied();
                        let capacity =
                            owner.map_or(0.0, |t| f64::from(t.cpu) / 1024.0 * REQUESTS_PER_VCPU);
                        let running = owner.is_some_and(|t| t.last_status == TaskStatus::Running);
                        if !running || capacity <= 0.0 {
                            target_5xx += per_target;
                            continue;
                        }
                        let utilisation = per_target / capacity;
                        let ok = per_target.min(capacity);
                        target_5xx += per_target - ok;
                        served += ok;
                        latency_weighted += ok * BASE_LATENCY / (1.0 - utilisation.min(0.95));
                        if let Some(task) = owner {
                            let entry = per_task
                                .entry(task.id.clone())
                                .or_insert(TargetMinute { rps: 0.0, capacity });
                            entry.rps += per_target;
                        }
                    }
                }
            }
            if network && (rps > 0.0 || self.loads.contains_key(&lb_arn)) {
                let dims = [("LoadBalancer", lb_dim.as_str())];
                let mean_latency = if served > 0.0 {
                    latency_weighted / served
                } else {
                    0.0
                };
                for (name, unit, value) in [
                    ("NewFlowCount", "Count", rps * 60.0),
                    // Little's law: flows open at once = arrival rate × how long each lasts.
                    ("ActiveFlowCount", "Count", served * mean_latency),
                    ("ProcessedBytes", "Bytes", served * 60.0 * BYTES_PER_REQUEST),
                    ("TCP_ELB_Reset_Count", "Count", elb_5xx * 60.0),
                    ("TCP_Target_Reset_Count", "Count", target_5xx * 60.0),
                ] {
                    self.metrics
                        .put("AWS/NetworkELB", name, &dims, unit, minute, value);
                }
            } else if rps > 0.0 || self.loads.contains_key(&lb_arn) {
                let dims = [("LoadBalancer", lb_dim.as_str())];
                self.metrics.put(
                    "AWS/ApplicationELB",
                    "RequestCount",
                    &dims,
                    "Count",
                    minute,
                    rps * 60.0,
                );
                self.metrics.put(
                    "AWS/ApplicationELB",
                    "HTTPCode_ELB_5XX_Count",
                    &dims,
                    "Count",
                    minute,
                    elb_5xx * 60.0,
                );
                self.metrics.put(
                    "AWS/ApplicationELB",
                    "HTTPCode_Target_5XX_Count",
                    &dims,
                    "Count",
                    minute,
                    target_5xx * 60.0,
                );
                // One sample per request, as the ALB reports it.
                self.metrics.put_exponential_samples(
                    "AWS/ApplicationELB",
                    "TargetResponseTime",
                    &dims,
                    "Seconds",
                    minute,
                    crate::metrics::Samples {
                        sum: latency_weighted * 60.0,
                        count: served * 60.0,
                    },
                );
            }
        }
        // Services: CPU and memory utilisation, averaged over their running tasks.
        let services: Vec<(String, String, u32)> = self
            .ecs
            .services
            .values()
            .filter(|s| s.status == crate::ecs::service::ServiceStatus::Active)
            .map(|s| (s.cluster.clone(), s.name.clone(), s.desired_count))
            .collect();
        for (cluster, name, desired) in services {
            // Container Insights' task counts, for clusters that turned it on (as AWS
            // publishes them): what the autoscaling chart draws as steps.
            let insights = self
                .ecs
                .clusters
                .get(&cluster)
                .is_some_and(|c| c.container_insights);
            if insights {
                let (mut running, mut pending) = (0u32, 0u32);
                for task in self
                    .ecs
                    .tasks
                    .values()
                    .filter(|t| t.of_service(&cluster, &name))
                {
                    match task.last_status {
                        TaskStatus::Running => running += 1,
                        // Not yet running (on its way up), as PendingTaskCount counts.
                        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => {
                            pending += 1
                        }
                        _ => {}
                    }
                }
                let dims = [
                    ("ClusterName", cluster.as_str()),
                    ("ServiceName", name.as_str()),
                ];
                for (metric, value) in [
                    ("DesiredTaskCount", desired),
                    ("RunningTaskCount", running),
                    ("PendingTaskCount", pending),
                ] {
                    self.metrics.put(
                        "ECS/ContainerInsights",
                        metric,
                        &dims,
                        "Count",
                        minute,
                        f64::from(value),
                    );
                }
            }
            let tasks: Vec<&crate::ecs::task::Task> = self
                .ecs
                .tasks
                .values()
                .filter(|t| t.of_service(&cluster, &name) && t.last_status == TaskStatus::Running)
                .collect();
            if tasks.is_empty() {
                continue;
            }
            let (mut cpu, mut memory) = (0.0, 0.0);
            for task in &tasks {
                let utilisation = per_task
                    .get(&task.id)
                    .map_or(0.0, |m| (m.rps / m.capacity).min(1.0));
                cpu += IDLE_CPU_PERCENT + (100.0 - IDLE_CPU_PERCENT) * utilisation;
                memory += 25.0 + 35.0 * utilisation;
            }
            let n = tasks.len() as f64;
            let dims = [
                ("ClusterName", cluster.as_str()),
                ("ServiceName", name.as_str()),
            ];
            self.metrics.put(
                "AWS/ECS",
                "CPUUtilization",
                &dims,
                "Percent",
                minute,
                cpu / n,
            );
            self.metrics.put(
                "AWS/ECS",
                "MemoryUtilization",
                &dims,
                "Percent",
                minute,
                memory / n,
            );
        }
    }

    /// `sim load --target NAME_OR_ARN [--port N] (--rps N | --stages "1m:100,…" | --daily PEAK | --stop)`.
    pub(crate) fn set_load(
        &mut self,
        target: &str,
        profile: Option<Profile>,
        port: Option<u16>,
    ) -> Result<String, String> {
        let arn = self
            .elb
            .load_balancers
            .values()
            .find(|lb| lb.arn == target || lb.name == target)
            .map(|lb| lb.arn.clone())
            .ok_or_else(|| format!("no load balancer named '{target}'"))?;
        match profile {
            Some(profile) => {
                self.loads.insert(
                    arn,
                    Load {
                        profile,
                        started_at: self.now,
                        port,
                    },
                );
                Ok(format!(
                    "Load on {target} starts now; metrics are recorded every simulated minute.\n"
                ))
            }
            None => {
                self.loads
                    .remove(&arn)
                    .ok_or_else(|| format!("{target} has no load"))?;
                Ok(format!("Load on {target} stopped.\n"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_ramp_like_k6() {
        let p = Profile::parse_stages("1m:100,5m:800,2m:0").unwrap();
        assert_eq!(p.rps(0), 0.0);
        assert_eq!(p.rps(30), 50.0);
        assert_eq!(p.rps(60), 100.0);
        assert_eq!(p.rps(60 + 150), 450.0);
        assert_eq!(p.rps(360), 800.0);
        assert_eq!(p.rps(420), 400.0);
        assert_eq!(p.rps(10_000), 0.0);
        assert!(Profile::parse_stages("5m").is_err());
        assert!(Profile::parse_stages("5m:lots").is_err());
        assert!(Profile::parse_stages("").is_err());
    }

    #[test]
    fn the_daily_curve_peaks_in_the_afternoon() {
        let p = Profile::Daily { peak: 1000.0 };
        let at = |h: u64| p.rps(h * 3600);
        assert!(at(15) > 990.0, "{}", at(15));
        assert!(at(3) < 110.0, "{}", at(3));
        assert!(at(9) > at(3) && at(9) < at(15));
    }
}

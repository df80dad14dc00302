//! The charts' data, read from the world: traffic shifting of the latest
//! blue/green deployment (from the traffic points the deployment records,
//! with its lifecycle events marked), autoscaling (the tracked metric against
//! its target, scaling activities marked), load and health per load balancer,
//! and CPU/memory per service (from the CloudWatch series). Pure: the chart
//! component only draws a [`Chart`].

use ecs_sim::autoscaling::PolicyConfiguration;
use ecs_sim::World;

pub use ecs_protocol::charts::*;

fn new_series(label: &str, class: &str, points: Vec<(u64, f64)>, step: bool) -> Series {
    Series {
        label: label.to_string(),
        class: class.to_string(),
        points,
        step,
    }
}

/// A chart of `series` from `from` to now, its scale fitted to their
/// values (at least `floor`), without marks or a target line.
fn chart_of(
    kind: ChartKind,
    world: &World,
    from: u64,
    unit: &str,
    floor: f64,
    series: Vec<Series>,
) -> Chart {
    let y_max = nice_max(series.iter().flat_map(|s| &s.points).map(|p| p.1), floor);
    Chart {
        kind,
        from,
        to: settled(world).max(from + 60),
        y_max,
        unit: unit.to_string(),
        series,
        marks: Vec::new(),
        target: None,
    }
}

/// The charts' clock: the end of the last whole minute. A one-minute
/// CloudWatch period is drawn once it is over (the minute in progress would
/// change with every clock step), so the metric charts change — and are
/// redrawn — at most once a simulated minute, however fast time runs.
fn settled(world: &World) -> u64 {
    world.now.0 / 60 * 60
}

/// Traffic shifting moves at deployment events, not per minute: its clock is
/// read in steps of this many seconds.
const TRAFFIC_STEP: u64 = 5;

fn window_start(world: &World, window: Window, earliest: u64) -> u64 {
    window
        .seconds()
        .map_or(earliest, |w| settled(world).saturating_sub(w).max(earliest))
}

/// Every chart the world has data for, in the order the Charts tab shows them.
pub fn all(world: &World, window: Window) -> Vec<Chart> {
    let mut list: Vec<Chart> = traffic_shift(world, window).into_iter().collect();
    list.extend(scaling(world, window));
    list.extend(task_counts(world, window));
    list.extend(load_and_health(world, window));
    list.extend(latency(world, window));
    list.extend(healthy_hosts(world, window));
    list.extend(utilisation(world, window));
    list
}

/// A CloudWatch series, one value per minute (the minute's statistic), from `from`.
fn minutes(
    world: &World,
    namespace: &str,
    name: &str,
    dimensions: &[(String, String)],
    statistic: &str,
    from: u64,
) -> Vec<(u64, f64)> {
    let Some(series) = series(world, namespace, name, dimensions) else {
        return Vec::new();
    };
    let settled = settled(world);
    series
        .points
        .iter()
        .filter(|p| p.0 * 60 >= from.saturating_sub(60) && (p.0 + 1) * 60 <= settled)
        .map(|&(minute, sum, count, min, max)| {
            let value = match statistic {
                "Sum" => sum,
                "Maximum" => max,
                "Minimum" => min,
                _ => sum / count.max(1.0),
            };
            (minute * 60, value)
        })
        .collect()
}

/// The scaling activities of a scalable target (`service/cluster/name`) since `from`.
fn scaling_marks(world: &World, resource_id: &str, from: u64) -> Vec<Mark> {
    world
        .autoscaling
        .activities
        .iter()
        .filter(|a| a.resource_id == resource_id && a.at.0 >= from)
        .map(|a| Mark {
            at: a.at.0,
            label: a.description.clone(),
        })
        .collect()
}

fn nice_max(values: impl Iterator<Item = f64>, floor: f64) -> f64 {
    let max = values.fold(floor, f64::max);
    if max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    let steps = [1.0, 2.0, 2.5, 5.0, 10.0];
    steps
        .iter()
        .map(|s| s * magnitude)
        .find(|v| *v >= max)
        .unwrap_or(max)
}

/// Traffic shifting of the newest blue/green deployment (rollbacks excluded).
pub fn traffic_shift(world: &World, window: Window) -> Option<Chart> {
    let d = world
        .deploy
        .deployments
        .values()
        .filter(|d| d.creator == "user")
        .max_by_key(|d| (d.create_time, d.id.clone()))?;
    let now = world.now.0 / TRAFFIC_STEP * TRAFFIC_STEP;
    let end = d
        .complete_time
        .map_or(now, |t| t.0)
        .max(d.create_time.0 + 60);
    let to = now.max(end);
    let from = window_start(world, window, d.create_time.0);
    let mut green = vec![(d.create_time.0, 0.0)];
    let mut test = vec![(d.create_time.0, 0.0)];
    for p in &d.traffic {
        green.push((p.at.0, f64::from(p.production_green)));
        test.push((p.at.0, if p.test_green { 100.0 } else { 0.0 }));
    }
    let blue: Vec<(u64, f64)> = green.iter().map(|(t, v)| (*t, 100.0 - v)).collect();
    let mut marks: Vec<Mark> = Vec::new();
    for event in d.events.iter().filter(|e| e.start_time.is_some()) {
        let at = event.start_time.map_or(0, |t| t.0);
        match marks.last_mut() {
            // Events that start in the same second share one mark.
            Some(last) if last.at == at => {
                last.label.push_str(", ");
                last.label.push_str(&event.name);
            }
            _ => marks.push(Mark {
                at,
                label: event.name.clone(),
            }),
        }
    }
    if let Some(done) = d.complete_time {
        marks.push(Mark {
            at: done.0,
            label: d.status.as_str().to_string(),
        });
    }
    Some(Chart {
        kind: ChartKind::TrafficShift {
            deployment: d.id.clone(),
        },
        from,
        to,
        y_max: 100.0,
        unit: "%".to_string(),
        series: vec![
            Series {
                label: "production → blue".into(),
                class: "series-blue".to_string(),
                points: blue,
                step: true,
            },
            Series {
                label: "production → green".into(),
                class: "series-green".to_string(),
                points: green,
                step: true,
            },
            Series {
                label: "test → green".into(),
                class: "series-test".to_string(),
                points: test,
                step: true,
            },
        ],
        marks,
        target: None,
    })
}

/// One chart per target tracking policy: its metric against its target value.
pub fn scaling(world: &World, window: Window) -> Vec<Chart> {
    let from = window_start(world, window, 0);
    let mut charts = Vec::new();
    for policy in world.autoscaling.policies.values() {
        let PolicyConfiguration::TargetTracking(config) = &policy.configuration else {
            continue;
        };
        let mut parts = policy.resource_id.split('/');
        let (Some("service"), Some(cluster), Some(service)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(metric) = config.metric(cluster, service) else {
            continue;
        };
        let points = minutes(
            world,
            &metric.namespace,
            &metric.name,
            &metric.dimensions,
            &metric.statistic,
            from,
        );
        let marks = scaling_marks(world, &policy.resource_id, from);
        charts.push(Chart {
            kind: ChartKind::Scaling {
                service: service.to_string(),
                metric: metric.name.clone(),
            },
            from,
            to: settled(world).max(from + 60),
            y_max: nice_max(
                points
                    .iter()
                    .map(|p| p.1)
                    .chain([config.target_value * 1.25]),
                if metric.name.ends_with("Utilization") {
                    100.0
                } else {
                    1.0
                },
            ),
            unit: if metric.name.ends_with("Utilization") {
                "%"
            } else {
                ""
            }
            .to_string(),
            series: vec![Series {
                label: metric.name.clone(),
                class: "series-metric".to_string(),
                points,
                step: false,
            }],
            marks,
            target: Some(config.target_value),
        });
    }
    charts
}

/// Requests and errors per minute for each load balancer that has traffic.
pub fn load_and_health(world: &World, window: Window) -> Vec<Chart> {
    let from = window_start(world, window, 0);
    world
        .elb
        .load_balancers
        .values()
        .filter_map(|lb| {
            let network = lb.lb_type == ecs_sim::elb::LbType::Network;
            let (namespace, requests, errors) = if network {
                ("AWS/NetworkELB", "NewFlowCount", "TCP_ELB_Reset_Count")
            } else {
                (
                    "AWS/ApplicationELB",
                    "RequestCount",
                    "HTTPCode_ELB_5XX_Count",
                )
            };
            let dims = [("LoadBalancer".to_string(), lb.full_name())];
            let served = minutes(world, namespace, requests, &dims, "Sum", from);
            if served.is_empty() {
                return None;
            }
            let failed = minutes(world, namespace, errors, &dims, "Sum", from);
            Some(chart_of(
                ChartKind::LoadAndHealth {
                    load_balancer: lb.name.clone(),
                },
                world,
                from,
                "/min",
                1.0,
                vec![
                    new_series(requests, "series-requests", served, false),
                    new_series(errors, "series-errors", failed, false),
                ],
            ))
        })
        .collect()
}

/// The series matching a metric exactly (namespace, name, dimensions in any order).
fn series<'a>(
    world: &'a World,
    namespace: &str,
    name: &str,
    dimensions: &[(String, String)],
) -> Option<&'a ecs_sim::metrics::Series> {
    let mut dims = dimensions.to_vec();
    dims.sort();
    world.metrics.series.values().find(|s| {
        s.namespace == namespace && s.name == name && {
            let mut d = s.dimensions.clone();
            d.sort();
            d == dims
        }
    })
}

/// Response time percentiles (p50, p95) of each load balancer with traffic, minute by minute.
pub fn latency(world: &World, window: Window) -> Vec<Chart> {
    let from = window_start(world, window, 0);
    world
        .elb
        .load_balancers
        .values()
        .filter_map(|lb| {
            let dims = [("LoadBalancer".to_string(), lb.full_name())];
            let found = series(world, "AWS/ApplicationELB", "TargetResponseTime", &dims)?;
            let points: Vec<_> = found
                .points
                .iter()
                .filter(|p| {
                    p.0 * 60 >= from.saturating_sub(60)
                        && (p.0 + 1) * 60 <= settled(world)
                        && p.2 > 0.0
                })
                .copied()
                .collect();
            if points.is_empty() {
                return None;
            }
            // Milliseconds read better than fractions of a second.
            let at = |q: f64| -> Vec<(u64, f64)> {
                points
                    .iter()
                    .map(|&p| (p.0 * 60, found.minute_percentile(p, q) * 1000.0))
                    .collect()
            };
            Some(chart_of(
                ChartKind::Latency {
                    load_balancer: lb.name.clone(),
                },
                world,
                from,
                " ms",
                1.0,
                vec![
                    new_series("p50", "series-metric", at(0.5), false),
                    new_series("p95", "series-errors", at(0.95), false),
                ],
            ))
        })
        .collect()
}

/// Desired, running and pending tasks of each service whose cluster has
/// Container Insights on (AWS publishes task counts only then), as steps,
/// with the service's scaling activities marked.
pub fn task_counts(world: &World, window: Window) -> Vec<Chart> {
    let from = window_start(world, window, 0);
    let mut charts = Vec::new();
    for service in world
        .ecs
        .services
        .values()
        .filter(|s| s.status == ecs_sim::ecs::service::ServiceStatus::Active)
    {
        let dims = [
            ("ClusterName".to_string(), service.cluster.clone()),
            ("ServiceName".to_string(), service.name.clone()),
        ];
        let read = |metric: &str| {
            minutes(
                world,
                "ECS/ContainerInsights",
                metric,
                &dims,
                "Average",
                from,
            )
        };
        let desired = read("DesiredTaskCount");
        if desired.is_empty() {
            continue;
        }
        let (running, pending) = (read("RunningTaskCount"), read("PendingTaskCount"));
        let resource = format!("service/{}/{}", service.cluster, service.name);
        let marks = scaling_marks(world, &resource, from);
        let mut chart = chart_of(
            ChartKind::TaskCounts {
                service: service.name.clone(),
            },
            world,
            from,
            "",
            2.0,
            vec![
                new_series("DesiredTaskCount", "series-desired", desired, true),
                new_series("RunningTaskCount", "series-metric", running, true),
                new_series("PendingTaskCount", "series-errors", pending, true),
            ],
        );
        chart.marks = marks;
        charts.push(chart);
    }
    charts
}

/// Healthy and unhealthy targets of each target group that has reported them.
pub fn healthy_hosts(world: &World, window: Window) -> Vec<Chart> {
    let from = window_start(world, window, 0);
    let mut charts = Vec::new();
    for group in world.elb.target_groups.values() {
        let Some(lb) = world
            .elb
            .load_balancers_of(&group.arn)
            .first()
            .and_then(|arn| world.elb.load_balancers.get(arn))
        else {
            continue;
        };
        let namespace = if lb.lb_type == ecs_sim::elb::LbType::Network {
            "AWS/NetworkELB"
        } else {
            "AWS/ApplicationELB"
        };
        let dims = [
            (
                "TargetGroup".to_string(),
                ecs_sim::elb::target_group_dimension(&group.arn),
            ),
            ("LoadBalancer".to_string(), lb.full_name()),
        ];
        let healthy = minutes(world, namespace, "HealthyHostCount", &dims, "Average", from);
        if healthy.is_empty() {
            continue;
        }
        let unhealthy = minutes(
            world,
            namespace,
            "UnHealthyHostCount",
            &dims,
            "Average",
            from,
        );
        charts.push(chart_of(
            ChartKind::HealthyHosts {
                target_group: group.name.clone(),
            },
            world,
            from,
            "",
            2.0,
            vec![
                new_series("HealthyHostCount", "series-metric", healthy, true),
                new_series("UnHealthyHostCount", "series-errors", unhealthy, true),
            ],
        ));
    }
    charts
}

/// CPU and memory utilisation of each service that reports them.
pub fn utilisation(world: &World, window: Window) -> Vec<Chart> {
    let from = window_start(world, window, 0);
    world
        .ecs
        .services
        .values()
        .filter_map(|s| {
            let dims = [
                ("ClusterName".to_string(), s.cluster.clone()),
                ("ServiceName".to_string(), s.name.clone()),
            ];
            let cpu = minutes(world, "AWS/ECS", "CPUUtilization", &dims, "Average", from);
            if cpu.is_empty() {
                return None;
            }
            let memory = minutes(
                world,
                "AWS/ECS",
                "MemoryUtilization",
                &dims,
                "Average",
                from,
            );
            Some(chart_of(
                ChartKind::Utilisation {
                    service: s.name.clone(),
                },
                world,
                from,
                "%",
                100.0,
                vec![
                    new_series("CPUUtilization", "series-cpu", cpu, false),
                    new_series("MemoryUtilization", "series-memory", memory, false),
                ],
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim::console::Console;

    #[test]
    fn the_traffic_chart_follows_the_canary() {
        let mut console = Console::default();
        console.run(include_str!(
            "../../sim/tests/scenarios/bluegreen-canary.sh"
        ));
        let chart = traffic_shift(&console.world, Window::All).expect("a deployment");
        let green = &chart.series[1];
        let values: Vec<f64> = green.points.iter().map(|p| p.1).collect();
        assert_eq!(values.first(), Some(&0.0));
        assert!(values.contains(&10.0), "{values:?}");
        assert_eq!(values.last(), Some(&100.0));
        // Blue is the rest, at every instant.
        for (b, g) in chart.series[0].points.iter().zip(&green.points) {
            assert_eq!(b.1 + g.1, 100.0);
        }
        assert!(chart.marks.iter().any(|m| m.label.contains("AllowTraffic")));
        assert!(chart.marks.iter().any(|m| m.label == "Succeeded"));
        // The canary's 100 % comes five minutes after its 10 %.
        let at = |v: f64| green.points.iter().find(|p| p.1 == v).map(|p| p.0).unwrap();
        assert_eq!(at(100.0) - at(10.0), 300);
    }

    #[test]
    fn scaling_and_load_charts_read_the_recorded_series() {
        let mut console = Console::default();
        console.run(include_str!("../../sim/tests/scenarios/autoscaling.sh"));
        let charts = scaling(&console.world, Window::All);
        assert!(!charts.is_empty());
        assert!(charts
            .iter()
            .all(|c| c.target.is_some() && !c.series[0].points.is_empty()));
        assert!(
            charts.iter().any(|c| !c.marks.is_empty()),
            "scaling activities are marked"
        );
        let load = load_and_health(&console.world, Window::All);
        assert!(!load.is_empty());
        // A shorter window keeps only its own minutes.
        let now = console.world.now.0;
        for chart in load_and_health(&console.world, Window::Minutes15) {
            assert!(chart
                .series
                .iter()
                .flat_map(|s| &s.points)
                .all(|p| p.0 + 120 >= now - 900));
        }
        assert!(!utilisation(&console.world, Window::All).is_empty());
    }

    #[test]
    fn latency_percentiles_and_healthy_hosts_follow_the_load_balancer() {
        let mut console = Console::default();
        console.run(include_str!("../../sim/tests/scenarios/autoscaling.sh"));
        let latency = latency(&console.world, Window::All);
        assert!(!latency.is_empty());
        for chart in &latency {
            let (p50, p95) = (&chart.series[0].points, &chart.series[1].points);
            assert_eq!(p50.len(), p95.len());
            // An exponential minute: p95 is ln 20 / ln 2 (4.32) times p50.
            for (a, b) in p50.iter().zip(p95) {
                assert!(a.1 > 0.0 && (b.1 / a.1 - 20f64.ln() / 2f64.ln()).abs() < 1e-6);
            }
        }
        let hosts = healthy_hosts(&console.world, Window::All);
        assert!(!hosts.is_empty());
        assert!(hosts
            .iter()
            .all(|c| c.series[0].step && c.series[0].points.iter().any(|p| p.1 >= 1.0)));
    }

    #[test]
    fn task_counts_are_charted_as_steps_when_container_insights_is_on() {
        let mut console = Console::default();
        let script = include_str!("../../sim/tests/scenarios/autoscaling.sh");
        console.run(script);
        assert!(
            task_counts(&console.world, Window::All).is_empty(),
            "without Container Insights AWS publishes no task counts"
        );
        let mut console = Console::default();
        let with_insights = script.replace(
            "aws ecs create-cluster --cluster-name",
            "aws ecs create-cluster --settings name=containerInsights,value=enabled --cluster-name",
        );
        assert_ne!(with_insights, script, "the scenario creates a cluster");
        console.run(&with_insights);
        let charts = task_counts(&console.world, Window::All);
        assert!(!charts.is_empty());
        let chart = &charts[0];
        assert!(chart.series.iter().all(|s| s.step));
        let desired: Vec<f64> = chart.series[0].points.iter().map(|p| p.1).collect();
        assert!(
            desired.windows(2).any(|w| w[1] > w[0]),
            "the desired count rises with the load: {desired:?}"
        );
        assert!(!chart.marks.is_empty(), "scaling activities are marked");
    }

    #[test]
    fn the_charts_change_at_most_once_a_simulated_minute_and_show_only_whole_minutes() {
        let mut console = Console::default();
        console.run(include_str!("../../sim/tests/scenarios/autoscaling.sh"));
        // To the start of a minute, with the load still running.
        let into_minute = console.world.now.0 % 60;
        console.run(&format!("sim advance {}s", 60 - into_minute + 1));
        let early = all(&console.world, Window::Hour);
        assert!(!early.is_empty());
        let settled = console.world.now.0 / 60 * 60;
        for chart in &early {
            assert_eq!(chart.to, settled, "{:?}", chart.kind);
            assert!(
                chart
                    .series
                    .iter()
                    .flat_map(|s| &s.points)
                    .all(|p| p.0 + 60 <= settled),
                "only whole minutes: {:?}",
                chart.kind
            );
        }
        console.run("sim advance 50s");
        assert_eq!(
            all(&console.world, Window::Hour),
            early,
            "same minute, same charts"
        );
        console.run("sim advance 10s");
        assert_ne!(
            all(&console.world, Window::Hour),
            early,
            "a new minute is drawn"
        );
    }
}

//! CodeDeploy deployment configurations: the predefined ones (with the
//! exact ECS traffic schedules) and custom TimeBasedCanary / TimeBasedLinear
//! ones, and the share of production traffic a configuration puts on the
//! replacement (green) task set at each minute after AllowTraffic begins.

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// `trafficRoutingConfig`, as CodeDeploy's API spells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficRoutingConfig {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_based_canary: Option<TimeBasedCanary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_based_linear: Option<TimeBasedLinear>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeBasedCanary {
    pub canary_percentage: i64,
    pub canary_interval: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeBasedLinear {
    pub linear_percentage: i64,
    pub linear_interval: i64,
}

/// How traffic moves to green, once parsed and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routing {
    AllAtOnce,
    Canary { percent: u32, interval: u64 },
    Linear { percent: u32, interval: u64 },
}

impl Routing {
    /// Percent of production traffic on green `minutes` after AllowTraffic began.
    /// Linear shifts its step at the start of each interval (10 % at t = 0), so
    /// 10 % every minute reaches 100 % at t = 9; a step that does not divide 100
    /// leaves the remainder for the last shift.
    pub fn green_percent(self, minutes: u64) -> u32 {
        match self {
            Routing::AllAtOnce => 100,
            Routing::Canary { percent, interval } => {
                if minutes >= interval {
                    100
                } else {
                    percent
                }
            }
            Routing::Linear { percent, interval } => {
                let steps = minutes / interval.max(1) + 1;
                u64::from(percent).saturating_mul(steps).min(100) as u32
            }
        }
    }

    /// Minutes from the start of AllowTraffic until all traffic is on green.
    pub fn total_minutes(self) -> u64 {
        match self {
            Routing::AllAtOnce => 0,
            Routing::Canary { interval, .. } => interval,
            Routing::Linear { percent, interval } => {
                (100u64.div_ceil(u64::from(percent.max(1))) - 1).saturating_mul(interval)
            }
        }
    }

    /// Each change of the split: (minute, percent on green), for charts.
    pub fn schedule(self) -> Vec<(u64, u32)> {
        let mut points = vec![(0, self.green_percent(0))];
        let total = self.total_minutes();
        for minute in 1..=total {
            let p = self.green_percent(minute);
            if points.last().is_some_and(|(_, last)| *last != p) {
                points.push((minute, p));
            }
        }
        points
    }
}

impl TrafficRoutingConfig {
    pub fn routing(&self) -> Result<Routing, String> {
        let percent = |p: i64| {
            u32::try_from(p)
                .ok()
                .filter(|p| (1..=99).contains(p))
                .ok_or_else(|| format!("The percentage {p} must be between 1 and 99."))
        };
        let interval = |i: i64| {
            u64::try_from(i)
                .ok()
                .filter(|i| (1..=2880).contains(i))
                .ok_or_else(|| format!("The interval {i} must be between 1 and 2880 minutes."))
        };
        match (
            self.kind.as_str(),
            &self.time_based_canary,
            &self.time_based_linear,
        ) {
            ("AllAtOnce", None, None) => Ok(Routing::AllAtOnce),
            ("TimeBasedCanary", Some(c), None) => Ok(Routing::Canary {
                percent: percent(c.canary_percentage)?,
                interval: interval(c.canary_interval)?,
            }),
            ("TimeBasedLinear", None, Some(l)) => Ok(Routing::Linear {
                percent: percent(l.linear_percentage)?,
                interval: interval(l.linear_interval)?,
            }),
            ("AllAtOnce" | "TimeBasedCanary" | "TimeBasedLinear", _, _) => Err(format!(
                "The traffic routing type {} needs {} and no other time-based settings.",
                self.kind,
                match self.kind.as_str() {
                    "TimeBasedCanary" => "timeBasedCanary",
                    "TimeBasedLinear" => "timeBasedLinear",
                    _ => "no time-based settings",
                }
            )),
            (other, _, _) => Err(format!(
                "Unknown traffic routing type '{other}': use AllAtOnce, TimeBasedCanary or TimeBasedLinear."
            )),
        }
    }
}

/// A deployment configuration (predefined or the learner's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfig {
    pub name: String,
    pub id: String,
    pub compute_platform: String,
    pub traffic_routing: Option<TrafficRoutingConfig>,
    /// Server configs: (`HOST_COUNT` | `FLEET_PERCENT`, value).
    pub minimum_healthy_hosts: Option<(String, i64)>,
    pub created_at: SimTime,
}

fn routing(
    kind: &str,
    canary: Option<(i64, i64)>,
    linear: Option<(i64, i64)>,
) -> TrafficRoutingConfig {
    TrafficRoutingConfig {
        kind: kind.into(),
        time_based_canary: canary.map(|(p, i)| TimeBasedCanary {
            canary_percentage: p,
            canary_interval: i,
        }),
        time_based_linear: linear.map(|(p, i)| TimeBasedLinear {
            linear_percentage: p,
            linear_interval: i,
        }),
    }
}

/// A stable id for a predefined configuration (AWS gives each a UUID).
fn predefined_id(name: &str) -> String {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    crate::ids::uuid_from_hex(&format!("{hash:016x}{:016x}", hash.rotate_left(17)))
}

/// The configurations every account has, in ListDeploymentConfigs order.
pub fn predefined() -> Vec<DeploymentConfig> {
    let config = |name: &str,
                  platform: &str,
                  traffic: Option<TrafficRoutingConfig>,
                  hosts: Option<(&str, i64)>| DeploymentConfig {
        name: name.into(),
        id: predefined_id(name),
        compute_platform: platform.into(),
        traffic_routing: traffic,
        minimum_healthy_hosts: hosts.map(|(k, v)| (k.to_string(), v)),
        created_at: SimTime::ZERO,
    };
    let server =
        |name: &str, kind: &str, value: i64| config(name, "Server", None, Some((kind, value)));
    let lambda = |name: &str, r| config(name, "Lambda", Some(r), None);
    let ecs = |name: &str, r| config(name, "ECS", Some(r), None);
    let all_at_once = || routing("AllAtOnce", None, None);
    let canary = |p, i| routing("TimeBasedCanary", Some((p, i)), None);
    let linear = |p, i| routing("TimeBasedLinear", None, Some((p, i)));
    vec![
        server("CodeDeployDefault.OneAtATime", "HOST_COUNT", 1),
        server("CodeDeployDefault.HalfAtATime", "FLEET_PERCENT", 50),
        server("CodeDeployDefault.AllAtOnce", "HOST_COUNT", 0),
        lambda("CodeDeployDefault.LambdaAllAtOnce", all_at_once()),
        lambda(
            "CodeDeployDefault.LambdaCanary10Percent5Minutes",
            canary(10, 5),
        ),
        lambda(
            "CodeDeployDefault.LambdaCanary10Percent10Minutes",
            canary(10, 10),
        ),
        lambda(
            "CodeDeployDefault.LambdaCanary10Percent15Minutes",
            canary(10, 15),
        ),
        lambda(
            "CodeDeployDefault.LambdaCanary10Percent30Minutes",
            canary(10, 30),
        ),
        lambda(
            "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
            linear(10, 1),
        ),
        lambda(
            "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
            linear(10, 2),
        ),
        lambda(
            "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
            linear(10, 3),
        ),
        lambda(
            "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
            linear(10, 10),
        ),
        ecs("CodeDeployDefault.ECSAllAtOnce", all_at_once()),
        ecs(
            "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            linear(10, 1),
        ),
        ecs(
            "CodeDeployDefault.ECSLinear10PercentEvery3Minutes",
            linear(10, 3),
        ),
        ecs(
            "CodeDeployDefault.ECSCanary10Percent5Minutes",
            canary(10, 5),
        ),
        ecs(
            "CodeDeployDefault.ECSCanary10Percent15Minutes",
            canary(10, 15),
        ),
    ]
}

impl DeploymentConfig {
    /// The `deploymentConfigInfo` shape of GetDeploymentConfig.
    pub fn shape(&self) -> Value {
        let mut info = json!({
            "deploymentConfigId": self.id,
            "deploymentConfigName": self.name,
            "createTime": self.created_at.to_iso8601(),
            "computePlatform": self.compute_platform,
        });
        if let Some(routing) = &self.traffic_routing {
            info["trafficRoutingConfig"] = json!(routing);
        }
        if let Some((kind, value)) = &self.minimum_healthy_hosts {
            info["minimumHealthyHosts"] = json!({ "type": kind, "value": value });
        }
        info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ecs(name: &str) -> Routing {
        predefined()
            .into_iter()
            .find(|c| c.name == name)
            .and_then(|c| c.traffic_routing)
            .unwrap()
            .routing()
            .unwrap()
    }

    #[test]
    fn canary_10_percent_5_minutes() {
        let r = ecs("CodeDeployDefault.ECSCanary10Percent5Minutes");
        assert_eq!(r.green_percent(0), 10);
        assert_eq!(r.green_percent(4), 10);
        assert_eq!(r.green_percent(5), 100);
        assert_eq!(r.schedule(), [(0, 10), (5, 100)]);
        let slow = ecs("CodeDeployDefault.ECSCanary10Percent15Minutes");
        assert_eq!((slow.green_percent(14), slow.green_percent(15)), (10, 100));
    }

    #[test]
    fn linear_10_percent_every_minute_takes_9_minutes() {
        let r = ecs("CodeDeployDefault.ECSLinear10PercentEvery1Minutes");
        assert_eq!(r.green_percent(0), 10);
        assert_eq!(r.green_percent(3), 40);
        assert_eq!(r.green_percent(8), 90);
        assert_eq!(r.green_percent(9), 100);
        assert_eq!(r.total_minutes(), 9);
        assert_eq!(r.schedule().len(), 10);
    }

    #[test]
    fn linear_10_percent_every_3_minutes_takes_27_minutes() {
        let r = ecs("CodeDeployDefault.ECSLinear10PercentEvery3Minutes");
        assert_eq!(r.green_percent(2), 10);
        assert_eq!(r.green_percent(3), 20);
        assert_eq!(r.green_percent(26), 90);
        assert_eq!(r.green_percent(27), 100);
        assert_eq!(r.total_minutes(), 27);
    }

    #[test]
    fn all_at_once_and_uneven_linear_steps() {
        assert_eq!(ecs("CodeDeployDefault.ECSAllAtOnce").green_percent(0), 100);
        let fifteen = Routing::Linear {
            percent: 15,
            interval: 2,
        };
        let shifts: Vec<u32> = fifteen.schedule().into_iter().map(|(_, p)| p).collect();
        assert_eq!(shifts, [15, 30, 45, 60, 75, 90, 100]);
        assert_eq!(fifteen.total_minutes(), 12);
    }

    #[test]
    fn routing_configs_are_checked() {
        let bad = [
            routing("TimeBasedCanary", None, None),
            routing("TimeBasedCanary", Some((0, 5)), None),
            routing("TimeBasedLinear", None, Some((10, 0))),
            routing("AllAtOnce", Some((10, 5)), None),
            routing("Gradual", None, None),
        ];
        for config in bad {
            assert!(config.routing().is_err(), "{config:?}");
        }
    }
}

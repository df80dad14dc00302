//! CloudWatch-like metrics: one datapoint per minute per series, kept for a
//! simulated week (older minutes are dropped, so memory stays flat), and the
//! `get-metric-statistics` / `list-metrics` views of them.

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use thiserror::Error;

/// Minutes kept per series: one simulated week.
pub const RETENTION_MINUTES: usize = 7 * 24 * 60;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    /// By `namespace|name|dim=value,…` (dimensions sorted).
    pub series: BTreeMap<String, Series>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    pub namespace: String,
    pub name: String,
    pub dimensions: Vec<(String, String)>,
    pub unit: String,
    /// (minute index since the clock's zero, sum, sample count, minimum, maximum).
    pub points: VecDeque<(u64, f64, f64, f64, f64)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MetricsError {
    #[error("The parameter {0} must be a timestamp such as 2026-01-01T00:00:00Z.")]
    BadTimestamp(&'static str),
    #[error("The parameter Period must be a multiple of 60.")]
    BadPeriod,
    #[error("The parameter StartTime must be less than the parameter EndTime.")]
    BadRange,
    #[error("The parameters Statistics or ExtendedStatistics must be specified.")]
    NoStatistics,
}

impl AwsErrorCode for MetricsError {
    fn code(&self) -> &'static str {
        match self {
            MetricsError::NoStatistics => "MissingParameter",
            _ => "InvalidParameterValue",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetMetricStatisticsInput {
    pub namespace: String,
    pub metric_name: String,
    #[serde(default)]
    pub dimensions: Vec<Dimension>,
    pub start_time: String,
    pub end_time: String,
    pub period: i64,
    #[serde(default)]
    pub statistics: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetricsInput {
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
}

fn key(namespace: &str, name: &str, dimensions: &[(String, String)]) -> String {
    let mut dims: Vec<String> = dimensions.iter().map(|(k, v)| format!("{k}={v}")).collect();
    dims.sort();
    format!("{namespace}|{name}|{}", dims.join(","))
}

/// `2026-01-01T00:05:00Z` (or `+00:00`, or without seconds) → simulated seconds.
pub fn parse_timestamp(text: &str) -> Option<SimTime> {
    let text = text.trim().trim_end_matches('Z').trim_end_matches("+00:00");
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00"));
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time
        .split(':')
        .map(|p| p.split('.').next().and_then(|s| s.parse::<i64>().ok()));
    let (hh, mm, ss) = (
        t.next().flatten().unwrap_or(0),
        t.next().flatten().unwrap_or(0),
        t.next().flatten().unwrap_or(0),
    );
    if !(1..=12).contains(&m)
        || !(1..=31).contains(&day)
        || !(0..24).contains(&hh)
        || !(0..60).contains(&mm)
        || !(0..61).contains(&ss)
    {
        return None;
    }
    // Days from civil (Howard Hinnant).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let unix = days * 86_400 + hh * 3600 + mm * 60 + ss;
    let since_zero = unix - crate::clock::EPOCH_UNIX_SECONDS as i64;
    Some(SimTime(since_zero.max(0) as u64))
}

impl Metrics {
    /// Records one minute's value (several values in a minute aggregate).
    pub fn put(
        &mut self,
        namespace: &str,
        name: &str,
        dimensions: &[(&str, &str)],
        unit: &str,
        minute: u64,
        value: f64,
    ) {
        let dims: Vec<(String, String)> = dimensions
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let series = self
            .series
            .entry(key(namespace, name, &dims))
            .or_insert_with(|| Series {
                namespace: namespace.into(),
                name: name.into(),
                dimensions: dims,
                unit: unit.into(),
                points: VecDeque::new(),
            });
        match series.points.back_mut() {
            Some(last) if last.0 == minute => {
                last.1 += value;
                last.2 += 1.0;
                last.3 = last.3.min(value);
                last.4 = last.4.max(value);
            }
            _ => series.points.push_back((minute, value, 1.0, value, value)),
        }
        while series.points.len() > RETENTION_MINUTES {
            series.points.pop_front();
        }
    }

    /// The latest value of a series, averaged over the minute (for dashboards).
    pub fn latest(&self, namespace: &str, name: &str, dimensions: &[(&str, &str)]) -> Option<f64> {
        let dims: Vec<(String, String)> = dimensions
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let p = self
            .series
            .get(&key(namespace, name, &dims))?
            .points
            .back()?;
        Some(p.1 / p.2.max(1.0))
    }

    pub fn get_metric_statistics(
        &self,
        input: GetMetricStatisticsInput,
    ) -> Result<Value, MetricsError> {
        let start =
            parse_timestamp(&input.start_time).ok_or(MetricsError::BadTimestamp("StartTime"))?;
        let end = parse_timestamp(&input.end_time).ok_or(MetricsError::BadTimestamp("EndTime"))?;
        if input.period <= 0 || input.period % 60 != 0 {
            return Err(MetricsError::BadPeriod);
        }
        if start >= end {
            return Err(MetricsError::BadRange);
        }
        if input.statistics.is_empty() {
            return Err(MetricsError::NoStatistics);
        }
        let dims: Vec<(String, String)> = input
            .dimensions
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect();
        let period_minutes = (input.period / 60) as u64;
        let mut buckets: BTreeMap<u64, (f64, f64, f64, f64)> = BTreeMap::new();
        let mut unit = "None".to_string();
        if let Some(series) = self
            .series
            .get(&key(&input.namespace, &input.metric_name, &dims))
        {
            unit = series.unit.clone();
            for &(minute, sum, count, min, max) in &series.points {
                let at = minute * 60;
                if at < start.0 || at >= end.0 {
                    continue;
                }
                // Periods are counted from StartTime, as CloudWatch does.
                let start_minute = start.0 / 60;
                let bucket =
                    start_minute + (minute - start_minute) / period_minutes * period_minutes;
                let entry =
                    buckets
                        .entry(bucket)
                        .or_insert((0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY));
                entry.0 += sum;
                entry.1 += count;
                entry.2 = entry.2.min(min);
                entry.3 = entry.3.max(max);
            }
        }
        let points: Vec<Value> = buckets
            .into_iter()
            .map(|(minute, (sum, count, min, max))| {
                let mut point = serde_json::Map::new();
                point.insert("Timestamp".into(), json!(SimTime(minute * 60).to_iso8601()));
                for statistic in &input.statistics {
                    let value = match statistic.as_str() {
                        "Sum" => sum,
                        "Average" => sum / count.max(1.0),
                        "Minimum" => min,
                        "Maximum" => max,
                        "SampleCount" => count,
                        _ => continue,
                    };
                    point.insert(statistic.clone(), json!((value * 1000.0).round() / 1000.0));
                }
                point.insert("Unit".into(), json!(unit));
                Value::Object(point)
            })
            .collect();
        Ok(json!({ "Label": input.metric_name, "Datapoints": points }))
    }

    pub fn list_metrics(&self, input: ListMetricsInput) -> Value {
        let metrics: Vec<Value> = self
            .series
            .values()
            .filter(|s| input.namespace.as_ref().is_none_or(|n| &s.namespace == n))
            .filter(|s| input.metric_name.as_ref().is_none_or(|n| &s.name == n))
            .map(|s| {
                json!({
                    "Namespace": s.namespace,
                    "MetricName": s.name,
                    "Dimensions": s.dimensions.iter().map(|(k, v)| json!({ "Name": k, "Value": v })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({ "Metrics": metrics })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_with_the_clock() {
        assert_eq!(parse_timestamp("2026-01-01T00:00:00Z"), Some(SimTime(0)));
        assert_eq!(
            parse_timestamp("2026-01-01T01:02:03+00:00"),
            Some(SimTime(3723))
        );
        assert_eq!(
            parse_timestamp("2026-03-01T01:01:01Z"),
            Some(SimTime(59 * 86_400 + 3661))
        );
        assert_eq!(
            parse_timestamp(&SimTime(123_456).to_iso8601()),
            Some(SimTime(123_456))
        );
        assert_eq!(parse_timestamp("yesterday"), None);
        assert_eq!(parse_timestamp("2026-13-01T00:00:00Z"), None);
    }

    #[test]
    fn minutes_aggregate_into_periods_and_retention_is_bounded() {
        let mut m = Metrics::default();
        for minute in 0..(RETENTION_MINUTES as u64 + 10) {
            m.put(
                "AWS/ApplicationELB",
                "RequestCount",
                &[("LoadBalancer", "app/a/1")],
                "Count",
                minute,
                60.0,
            );
        }
        let series = m.series.values().next().unwrap();
        assert_eq!(series.points.len(), RETENTION_MINUTES);
        let input = GetMetricStatisticsInput {
            namespace: "AWS/ApplicationELB".into(),
            metric_name: "RequestCount".into(),
            dimensions: vec![Dimension {
                name: "LoadBalancer".into(),
                value: "app/a/1".into(),
            }],
            start_time: SimTime(20 * 60).to_iso8601(),
            end_time: SimTime(30 * 60).to_iso8601(),
            period: 300,
            statistics: vec!["Sum".into(), "Average".into()],
        };
        let out = m.get_metric_statistics(input).unwrap();
        assert_eq!(out["Datapoints"].as_array().unwrap().len(), 2);
        assert_eq!(out["Datapoints"][0]["Sum"], json!(300.0));
        assert_eq!(out["Datapoints"][0]["Average"], json!(60.0));
    }
}

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
    /// What percentiles (ExtendedStatistics) are read from.
    #[serde(default)]
    pub distribution: Distribution,
    /// (minute index since the clock's zero, sum, sample count, minimum, maximum).
    pub points: VecDeque<(u64, f64, f64, f64, f64)>,
}

/// A minute's worth of samples: how many, and their total.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Samples {
    pub sum: f64,
    pub count: f64,
}

/// How the samples behind a minute's datapoint are spread, for percentiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Distribution {
    /// Only the recorded values: percentiles by nearest rank over them.
    #[default]
    Recorded,
    /// Each minute's samples are exponential around its mean: the response
    /// times of the M/M/1 queue the simulated targets are (so p95 is 3 × mean
    /// for a single target, and a mixture over minutes and targets otherwise).
    Exponential,
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
    // Model wording: AWS documents the rule ("either Statistics or
    // ExtendedStatistics, but not both"), not its message.
    #[error("The parameters Statistics and ExtendedStatistics are mutually exclusive.")]
    BothStatistics,
    #[error("The value {0} for parameter ExtendedStatistics is not supported: use a percentile such as p50, p95 or p99.9.")]
    BadPercentile(String),
}

impl AwsErrorCode for MetricsError {
    fn code(&self) -> &'static str {
        match self {
            MetricsError::NoStatistics => "MissingParameter",
            MetricsError::BothStatistics => "InvalidParameterCombination",
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
    #[serde(default)]
    pub extended_statistics: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListMetricsInput {
    pub namespace: Option<String>,
    pub metric_name: Option<String>,
    /// Each must be among the metric's dimensions (by name, and by value when given).
    #[serde(default)]
    pub dimensions: Vec<DimensionFilter>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DimensionFilter {
    pub name: String,
    pub value: Option<String>,
}

fn key(namespace: &str, name: &str, dimensions: &[(String, String)]) -> String {
    let mut dims: Vec<String> = dimensions.iter().map(|(k, v)| format!("{k}={v}")).collect();
    dims.sort();
    format!("{namespace}|{name}|{}", dims.join(","))
}

/// `p95`, `p99.9` → the fraction 0.95, 0.999 (CloudWatch takes p0 to p100).
fn parse_percentile(text: &str) -> Result<f64, MetricsError> {
    text.strip_prefix('p')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .and_then(|n| n.parse::<f64>().ok())
        .filter(|p| (0.0..=100.0).contains(p))
        .map(|p| p / 100.0)
        .ok_or_else(|| MetricsError::BadPercentile(text.to_string()))
}

/// The `p` quantile of a period made of minutes given as (sample count, mean).
fn percentile(distribution: Distribution, minutes: &[(f64, f64)], p: f64) -> f64 {
    let total: f64 = minutes.iter().map(|(count, _)| count).sum();
    if minutes.is_empty() || total <= 0.0 {
        return 0.0;
    }
    match distribution {
        Distribution::Recorded => {
            // Nearest rank over the minutes' values, weighted by their samples.
            let mut sorted = minutes.to_vec();
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
            let rank = p * total;
            let mut seen = 0.0;
            for (count, value) in &sorted {
                seen += count;
                if seen >= rank {
                    return *value;
                }
            }
            sorted.last().map_or(0.0, |(_, v)| *v)
        }
        Distribution::Exponential => {
            // p100 of an exponential is unbounded: read it as p99.99.
            let p = p.min(0.9999);
            // Solve P(X > x) = 1 − p for the mixture of exponentials by bisection.
            let above = |x: f64| -> f64 {
                minutes
                    .iter()
                    .filter(|(_, mean)| *mean > 0.0)
                    .map(|(count, mean)| count / total * (-x / mean).exp())
                    .sum()
            };
            let target = 1.0 - p;
            let (mut low, mut high) = (0.0_f64, 1.0_f64);
            while above(high) > target && high < 1e9 {
                high *= 2.0;
            }
            for _ in 0..60 {
                let mid = (low + high) / 2.0;
                if above(mid) > target {
                    low = mid;
                } else {
                    high = mid;
                }
            }
            high
        }
    }
}

impl Series {
    /// The `p` quantile (0–1) of one recorded minute, as a one-minute period
    /// of GetMetricStatistics with that ExtendedStatistic reports it.
    pub fn minute_percentile(&self, point: (u64, f64, f64, f64, f64), p: f64) -> f64 {
        let (_, sum, count, _, _) = point;
        percentile(self.distribution, &[(count, sum / count.max(1.0))], p)
    }
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
    // Years a timestamp can have (also keeps the day arithmetic below from overflowing).
    if !(1970..=9999).contains(&y)
        || !(1..=12).contains(&m)
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
        let series = self.series_mut(namespace, name, dimensions, unit);
        Self::add_point(series, minute, value, 1.0);
    }

    /// Records `count` samples whose total is `sum` and which are exponentially
    /// distributed around their mean (response times: SampleCount is requests).
    pub fn put_exponential_samples(
        &mut self,
        namespace: &str,
        name: &str,
        dimensions: &[(&str, &str)],
        unit: &str,
        minute: u64,
        samples: Samples,
    ) {
        if samples.count <= 0.0 {
            return;
        }
        let series = self.series_mut(namespace, name, dimensions, unit);
        series.distribution = Distribution::Exponential;
        Self::add_point(series, minute, samples.sum, samples.count);
    }

    fn series_mut(
        &mut self,
        namespace: &str,
        name: &str,
        dimensions: &[(&str, &str)],
        unit: &str,
    ) -> &mut Series {
        let dims: Vec<(String, String)> = dimensions
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.series
            .entry(key(namespace, name, &dims))
            .or_insert_with(|| Series {
                namespace: namespace.into(),
                name: name.into(),
                dimensions: dims,
                unit: unit.into(),
                distribution: Distribution::Recorded,
                points: VecDeque::new(),
            })
    }

    fn add_point(series: &mut Series, minute: u64, sum: f64, count: f64) {
        let value = sum / count;
        match series.points.back_mut() {
            Some(last) if last.0 == minute => {
                last.1 += sum;
                last.2 += count;
                last.3 = last.3.min(value);
                last.4 = last.4.max(value);
            }
            _ => series.points.push_back((minute, sum, count, value, value)),
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

    /// One statistic of a series over the minutes `[from, to)`, if it has
    /// datapoints there (what an alarm evaluates for one period).
    pub fn statistic(
        &self,
        namespace: &str,
        name: &str,
        dimensions: &[(String, String)],
        statistic: &str,
        from_minute: u64,
        to_minute: u64,
    ) -> Option<f64> {
        let series = self.series.get(&key(namespace, name, dimensions))?;
        let (mut sum, mut count, mut min, mut max) = (0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY);
        let mut any = false;
        for &(minute, s, c, lo, hi) in series.points.iter().rev() {
            if minute < from_minute {
                break;
            }
            if minute >= to_minute {
                continue;
            }
            any = true;
            sum += s;
            count += c;
            min = min.min(lo);
            max = max.max(hi);
        }
        any.then(|| match statistic {
            "Sum" => sum,
            "Minimum" => min,
            "Maximum" => max,
            "SampleCount" => count,
            _ => sum / count.max(1.0),
        })
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
        if input.statistics.is_empty() && input.extended_statistics.is_empty() {
            return Err(MetricsError::NoStatistics);
        }
        if !input.statistics.is_empty() && !input.extended_statistics.is_empty() {
            return Err(MetricsError::BothStatistics);
        }
        let percentiles = input
            .extended_statistics
            .iter()
            .map(|text| parse_percentile(text).map(|p| (text.clone(), p)))
            .collect::<Result<Vec<_>, _>>()?;
        let dims: Vec<(String, String)> = input
            .dimensions
            .iter()
            .map(|d| (d.name.clone(), d.value.clone()))
            .collect();
        let period_minutes = (input.period / 60) as u64;
        let mut buckets: BTreeMap<u64, (f64, f64, f64, f64)> = BTreeMap::new();
        // Per period, each minute's (sample count, mean) for percentiles.
        let mut minutes: BTreeMap<u64, Vec<(f64, f64)>> = BTreeMap::new();
        let mut distribution = Distribution::Recorded;
        let mut unit = "None".to_string();
        if let Some(series) = self
            .series
            .get(&key(&input.namespace, &input.metric_name, &dims))
        {
            unit = series.unit.clone();
            distribution = series.distribution;
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
                if !percentiles.is_empty() && count > 0.0 {
                    minutes
                        .entry(bucket)
                        .or_default()
                        .push((count, sum / count));
                }
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
                if !percentiles.is_empty() {
                    let samples = minutes.get(&minute).map_or(&[][..], Vec::as_slice);
                    let values: serde_json::Map<String, Value> = percentiles
                        .iter()
                        .map(|(text, p)| {
                            let value = percentile(distribution, samples, *p);
                            (text.clone(), json!((value * 1000.0).round() / 1000.0))
                        })
                        .collect();
                    point.insert("ExtendedStatistics".into(), Value::Object(values));
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
            .filter(|s| {
                input.dimensions.iter().all(|f| {
                    s.dimensions.iter().any(|(name, value)| {
                        *name == f.name && f.value.as_ref().is_none_or(|v| v == value)
                    })
                })
            })
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
            extended_statistics: vec![],
        };
        let out = m.get_metric_statistics(input).unwrap();
        assert_eq!(out["Datapoints"].as_array().unwrap().len(), 2);
        assert_eq!(out["Datapoints"][0]["Sum"], json!(300.0));
        assert_eq!(out["Datapoints"][0]["Average"], json!(60.0));
    }

    fn response_times(
        m: &Metrics,
        statistics: &[&str],
        extended: &[&str],
    ) -> Result<Value, MetricsError> {
        m.get_metric_statistics(GetMetricStatisticsInput {
            namespace: "AWS/ApplicationELB".into(),
            metric_name: "TargetResponseTime".into(),
            dimensions: vec![Dimension {
                name: "LoadBalancer".into(),
                value: "app/a/1".into(),
            }],
            start_time: SimTime(0).to_iso8601(),
            end_time: SimTime(600).to_iso8601(),
            period: 600,
            statistics: statistics.iter().map(|s| s.to_string()).collect(),
            extended_statistics: extended.iter().map(|s| s.to_string()).collect(),
        })
    }

    fn put_response_times(m: &mut Metrics, minute: u64, mean: f64, requests: f64) {
        m.put_exponential_samples(
            "AWS/ApplicationELB",
            "TargetResponseTime",
            &[("LoadBalancer", "app/a/1")],
            "Seconds",
            minute,
            Samples {
                sum: mean * requests,
                count: requests,
            },
        );
    }

    #[test]
    fn response_time_percentiles_follow_the_exponential_model() {
        let mut m = Metrics::default();
        put_response_times(&mut m, 0, 0.1, 6000.0);
        let out = response_times(&m, &[], &["p50", "p95", "p99"]).unwrap();
        let point = &out["Datapoints"][0]["ExtendedStatistics"];
        // Exponential quantiles: mean × ln(1 / (1 − p)).
        assert_eq!(point["p50"], json!(0.069));
        assert_eq!(point["p95"], json!(0.3));
        assert_eq!(point["p99"], json!(0.461));
        // SampleCount is the number of requests, as the ALB reports it.
        let out = response_times(&m, &["SampleCount", "Average"], &[]).unwrap();
        assert_eq!(out["Datapoints"][0]["SampleCount"], json!(6000.0));
        assert_eq!(out["Datapoints"][0]["Average"], json!(0.1));
    }

    #[test]
    fn a_slow_minute_raises_the_tail_more_than_the_average() {
        let mut m = Metrics::default();
        for minute in 0..9 {
            put_response_times(&mut m, minute, 0.05, 6000.0);
        }
        put_response_times(&mut m, 9, 1.0, 6000.0);
        let out = response_times(&m, &["Average"], &[]).unwrap();
        let average = out["Datapoints"][0]["Average"].as_f64().unwrap();
        let out = response_times(&m, &[], &["p95"]).unwrap();
        let p95 = out["Datapoints"][0]["ExtendedStatistics"]["p95"]
            .as_f64()
            .unwrap();
        assert!((average - 0.145).abs() < 0.001, "{average}");
        // Half the slowest 10 % lies above 0.69 s: p95 is near the slow minute's median.
        assert!(p95 > 0.6 && p95 < 0.75, "{p95}");
    }

    #[test]
    fn statistics_and_extended_statistics_are_validated() {
        let mut m = Metrics::default();
        put_response_times(&mut m, 0, 0.1, 10.0);
        assert_eq!(
            response_times(&m, &[], &[]),
            Err(MetricsError::NoStatistics)
        );
        assert_eq!(
            response_times(&m, &["Average"], &["p95"]),
            Err(MetricsError::BothStatistics)
        );
        for bad in ["95", "p", "p101", "p-1", "pNaN", "p9x"] {
            assert_eq!(
                response_times(&m, &[], &[bad]),
                Err(MetricsError::BadPercentile(bad.into())),
                "{bad}"
            );
        }
        let out = response_times(&m, &[], &["p100", "p0", "p99.9"]).unwrap();
        let point = &out["Datapoints"][0]["ExtendedStatistics"];
        assert!(point["p100"].as_f64().unwrap() >= point["p99.9"].as_f64().unwrap());
        assert_eq!(point["p0"], json!(0.0));
    }

    #[test]
    fn recorded_series_take_percentiles_by_nearest_rank() {
        let mut m = Metrics::default();
        for (minute, value) in [10.0, 20.0, 30.0, 40.0].into_iter().enumerate() {
            m.put(
                "AWS/ECS",
                "CPUUtilization",
                &[],
                "Percent",
                minute as u64,
                value,
            );
        }
        let out = m
            .get_metric_statistics(GetMetricStatisticsInput {
                namespace: "AWS/ECS".into(),
                metric_name: "CPUUtilization".into(),
                start_time: SimTime(0).to_iso8601(),
                end_time: SimTime(600).to_iso8601(),
                period: 600,
                extended_statistics: vec!["p50".into(), "p100".into()],
                ..GetMetricStatisticsInput::default()
            })
            .unwrap();
        let point = &out["Datapoints"][0]["ExtendedStatistics"];
        assert_eq!(point["p50"], json!(20.0));
        assert_eq!(point["p100"], json!(40.0));
    }
}

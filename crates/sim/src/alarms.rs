//! CloudWatch metric alarms: PutMetricAlarm / DescribeAlarms / DeleteAlarms /
//! SetAlarmState, evaluated every simulated minute over the model's metrics
//! ("M out of N" datapoints, TreatMissingData), with the alarm actions that
//! Application Auto Scaling policies listen to.

use crate::clock::SimTime;
use crate::error::AwsErrorCode;
use crate::metrics::{Dimension, Metrics};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AlarmError {
    #[error("{0}")]
    Validation(String),
    #[error("Alarm {0} does not exist.")]
    NotFound(String),
}

impl AwsErrorCode for AlarmError {
    fn code(&self) -> &'static str {
        match self {
            AlarmError::Validation(_) => "ValidationError",
            AlarmError::NotFound(_) => "ResourceNotFound",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    Ok,
    Alarm,
    InsufficientData,
}

impl AlarmState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// A metric alarm, in the shape PutMetricAlarm takes (PascalCase).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricAlarm {
    pub alarm_name: String,
    #[serde(default)]
    pub alarm_description: Option<String>,
    #[serde(default = "yes")]
    pub actions_enabled: bool,
    #[serde(default, rename = "OKActions")]
    pub ok_actions: Vec<String>,
    #[serde(default)]
    pub alarm_actions: Vec<String>,
    #[serde(default)]
    pub insufficient_data_actions: Vec<String>,
    #[serde(default)]
    pub metric_name: String,
    #[serde(default)]
    pub namespace: String,
    #[serde(default)]
    pub statistic: Option<String>,
    #[serde(default)]
    pub dimensions: Vec<AlarmDimension>,
    #[serde(default)]
    pub period: i64,
    #[serde(default)]
    pub evaluation_periods: i64,
    #[serde(default)]
    pub datapoints_to_alarm: Option<i64>,
    #[serde(default)]
    pub threshold: Option<f64>,
    #[serde(default)]
    pub comparison_operator: String,
    #[serde(default)]
    pub treat_missing_data: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AlarmDimension {
    pub name: String,
    pub value: String,
}

impl From<&Dimension> for AlarmDimension {
    fn from(d: &Dimension) -> Self {
        AlarmDimension {
            name: d.name.clone(),
            value: d.value.clone(),
        }
    }
}

/// An alarm with its state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alarm {
    pub definition: MetricAlarm,
    pub state: AlarmState,
    pub state_reason: String,
    pub state_updated_at: SimTime,
    pub configuration_updated_at: SimTime,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alarms {
    pub alarms: BTreeMap<String, Alarm>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAlarmsInput {
    #[serde(default)]
    pub alarm_names: Vec<String>,
    pub alarm_name_prefix: Option<String>,
    pub state_value: Option<String>,
    pub action_prefix: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteAlarmsInput {
    pub alarm_names: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetAlarmStateInput {
    pub alarm_name: String,
    pub state_value: String,
    pub state_reason: String,
}

const OPERATORS: &[(&str, &str)] = &[
    ("GreaterThanOrEqualToThreshold", ">="),
    ("GreaterThanThreshold", ">"),
    ("LessThanThreshold", "<"),
    ("LessThanOrEqualToThreshold", "<="),
];
const STATISTICS: &[&str] = &["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
const MISSING: &[&str] = &["breaching", "notBreaching", "ignore", "missing"];

impl MetricAlarm {
    fn breaches(&self, value: f64) -> bool {
        let threshold = self.threshold.unwrap_or_default();
        match self.comparison_operator.as_str() {
            "GreaterThanOrEqualToThreshold" => value >= threshold,
            "GreaterThanThreshold" => value > threshold,
            "LessThanThreshold" => value < threshold,
            _ => value <= threshold,
        }
    }

    fn symbol(&self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(name, _)| *name == self.comparison_operator)
            .map_or("?", |(_, s)| s)
    }

    fn validate(&self) -> Result<(), AlarmError> {
        let invalid = |m: String| Err(AlarmError::Validation(m));
        if self.alarm_name.is_empty() || self.alarm_name.len() > 255 {
            return invalid("AlarmName must be between 1 and 255 characters long.".into());
        }
        if self.metric_name.is_empty() || self.namespace.is_empty() {
            return invalid("MetricName and Namespace must be specified for a metric alarm (metric math alarms are not simulated).".into());
        }
        match self.statistic.as_deref() {
            Some(s) if STATISTICS.contains(&s) => {}
            Some(s) => return invalid(format!("1 validation error detected: Value '{s}' at 'statistic' failed to satisfy constraint: Member must satisfy enum value set: [Maximum, SampleCount, Sum, Minimum, Average]")),
            None => return invalid("Statistic must be specified.".into()),
        }
        if self.period < 60 || self.period % 60 != 0 {
            return invalid("Period must be 60 or a multiple of 60 (high-resolution periods are not simulated).".into());
        }
        if self.evaluation_periods < 1 {
            return invalid("EvaluationPeriods must be at least 1.".into());
        }
        if self
            .period
            .checked_mul(self.evaluation_periods)
            .is_none_or(|product| product > 7 * 24 * 3600)
        {
            return invalid(
                "The product of EvaluationPeriods and Period must not exceed 604800 (one week)."
                    .into(),
            );
        }
        if let Some(m) = self.datapoints_to_alarm {
            if m < 1 || m > self.evaluation_periods {
                return invalid(
                    "DatapointsToAlarm must be between 1 and EvaluationPeriods.".into(),
                );
            }
        }
        if self.threshold.is_none() {
            return invalid("Threshold must be specified for a metric alarm.".into());
        }
        if !OPERATORS
            .iter()
            .any(|(n, _)| *n == self.comparison_operator)
        {
            return invalid(format!("1 validation error detected: Value '{}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]", self.comparison_operator));
        }
        if let Some(t) = &self.treat_missing_data {
            if !MISSING.contains(&t.as_str()) {
                return invalid(format!(
                    "TreatMissingData must be one of {}.",
                    MISSING.join(", ")
                ));
            }
        }
        Ok(())
    }
}

/// Whether an alarm action invokes an Application Auto Scaling policy.
pub fn is_scaling_action(action: &str) -> bool {
    action.contains(":autoscaling:")
}

/// A state change that has actions to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Fired {
    pub alarm_name: String,
    pub actions: Vec<String>,
    pub state: AlarmState,
}

impl Alarms {
    pub fn put_metric_alarm(
        &mut self,
        alarm: MetricAlarm,
        now: SimTime,
    ) -> Result<Value, AlarmError> {
        alarm.validate()?;
        match self.alarms.get_mut(&alarm.alarm_name) {
            // Updating an alarm keeps its state until the next evaluation.
            Some(existing) => {
                existing.definition = alarm;
                existing.configuration_updated_at = now;
            }
            None => {
                self.alarms.insert(
                    alarm.alarm_name.clone(),
                    Alarm {
                        definition: alarm,
                        state: AlarmState::InsufficientData,
                        state_reason: "Unchecked: Initial alarm creation".into(),
                        state_updated_at: now,
                        configuration_updated_at: now,
                    },
                );
            }
        }
        Ok(json!({}))
    }

    pub fn delete_alarms(&mut self, input: DeleteAlarmsInput) -> Result<Value, AlarmError> {
        if let Some(missing) = input
            .alarm_names
            .iter()
            .find(|n| !self.alarms.contains_key(*n))
        {
            return Err(AlarmError::NotFound(missing.clone()));
        }
        for name in &input.alarm_names {
            self.alarms.remove(name);
        }
        Ok(json!({}))
    }

    /// Sets a state by hand (for testing actions); the next evaluation decides again.
    pub fn set_alarm_state(
        &mut self,
        input: SetAlarmStateInput,
        now: SimTime,
    ) -> Result<(Value, Option<Fired>), AlarmError> {
        let state = match input.state_value.as_str() {
            "OK" => AlarmState::Ok,
            "ALARM" => AlarmState::Alarm,
            "INSUFFICIENT_DATA" => AlarmState::InsufficientData,
            other => return Err(AlarmError::Validation(format!("1 validation error detected: Value '{other}' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]"))),
        };
        let alarm = self
            .alarms
            .get_mut(&input.alarm_name)
            .ok_or_else(|| AlarmError::NotFound(input.alarm_name.clone()))?;
        let fired = alarm.change(state, input.state_reason, now);
        Ok((json!({}), fired))
    }

    pub fn describe_alarms(
        &self,
        input: DescribeAlarmsInput,
        region: &str,
        account: &str,
    ) -> Value {
        let alarms: Vec<Value> =
            self.alarms
                .values()
                .filter(|a| {
                    (input.alarm_names.is_empty()
                        || input.alarm_names.contains(&a.definition.alarm_name))
                        && input
                            .alarm_name_prefix
                            .as_deref()
                            .is_none_or(|p| a.definition.alarm_name.starts_with(p))
                        && input
                            .state_value
                            .as_deref()
                            .is_none_or(|s| s == a.state.as_str())
                        && input.action_prefix.as_deref().is_none_or(|p| {
                            a.definition.alarm_actions.iter().any(|x| x.starts_with(p))
                        })
                })
                .map(|a| a.shape(region, account))
                .collect();
        json!({ "MetricAlarms": alarms, "CompositeAlarms": [] })
    }

    /// Evaluates every alarm at a minute boundary. Returns the alarms whose
    /// actions run now: on a state change, and — for Auto Scaling policy
    /// actions — again every minute while the alarm stays in ALARM.
    pub fn evaluate(&mut self, metrics: &Metrics, now: SimTime) -> Vec<Fired> {
        let mut fired = Vec::new();
        for alarm in self.alarms.values_mut() {
            let (state, reason) = alarm.evaluate(metrics, now);
            let changed = alarm.change(state, reason, now);
            if let Some(f) = changed {
                fired.push(f);
            } else if alarm.state == AlarmState::Alarm && alarm.definition.actions_enabled {
                let repeat: Vec<String> = alarm
                    .definition
                    .alarm_actions
                    .iter()
                    .filter(|a| is_scaling_action(a))
                    .cloned()
                    .collect();
                if !repeat.is_empty() {
                    fired.push(Fired {
                        alarm_name: alarm.definition.alarm_name.clone(),
                        actions: repeat,
                        state: AlarmState::Alarm,
                    });
                }
            }
        }
        fired
    }
}

impl Alarm {
    fn change(&mut self, state: AlarmState, reason: String, now: SimTime) -> Option<Fired> {
        if state == self.state {
            return None;
        }
        self.state = state;
        self.state_reason = reason;
        self.state_updated_at = now;
        let d = &self.definition;
        let actions = match state {
            AlarmState::Ok => &d.ok_actions,
            AlarmState::Alarm => &d.alarm_actions,
            AlarmState::InsufficientData => &d.insufficient_data_actions,
        };
        (d.actions_enabled && !actions.is_empty()).then(|| Fired {
            alarm_name: d.alarm_name.clone(),
            actions: actions.clone(),
            state,
        })
    }

    /// The state the latest `EvaluationPeriods` periods call for, and why.
    fn evaluate(&self, metrics: &Metrics, now: SimTime) -> (AlarmState, String) {
        let d = &self.definition;
        let period_minutes = (d.period / 60).max(1) as u64;
        let n = d.evaluation_periods.max(1) as u64;
        let m = d.datapoints_to_alarm.unwrap_or(d.evaluation_periods).max(1) as u64;
        let dims: Vec<(String, String)> = d
            .dimensions
            .iter()
            .map(|x| (x.name.clone(), x.value.clone()))
            .collect();
        let statistic = d.statistic.as_deref().unwrap_or("Average");
        let end = now.0 / 60;
        // Newest period first.
        let values: Vec<Option<f64>> = (0..n)
            .map(|k| {
                let to = end.checked_sub(k * period_minutes)?;
                let from = to.checked_sub(period_minutes)?;
                metrics.statistic(&d.namespace, &d.metric_name, &dims, statistic, from, to)
            })
            .collect();
        let treat = d.treat_missing_data.as_deref().unwrap_or("missing");
        let present: Vec<f64> = values.iter().flatten().copied().collect();
        if present.is_empty() && (treat == "missing" || treat == "ignore") {
            return if treat == "ignore" {
                (self.state, self.state_reason.clone())
            } else {
                (
                    AlarmState::InsufficientData,
                    format!(
                        "Insufficient Data: {n} datapoint{} unknown.",
                        if n == 1 { " was" } else { "s were" }
                    ),
                )
            };
        }
        let breaching = values
            .iter()
            .filter(|v| match v {
                Some(x) => d.breaches(*x),
                None => treat == "breaching",
            })
            .count() as u64;
        let shown: Vec<String> = present
            .iter()
            .take(5)
            .map(|v| format!("{}", (v * 1000.0).round() / 1000.0))
            .collect();
        let threshold = d.threshold.unwrap_or_default();
        if breaching >= m {
            (
                AlarmState::Alarm,
                format!(
                    "Threshold Crossed: {breaching} out of the last {n} datapoints [{}] {} the threshold ({threshold}) (minimum {m} datapoint{} for OK -> ALARM transition).",
                    shown.join(", "),
                    match d.symbol() { ">" => "were greater than", ">=" => "were greater than or equal to", "<" => "were less than", _ => "were less than or equal to" },
                    if m == 1 { "" } else { "s" }
                ),
            )
        } else {
            (
                AlarmState::Ok,
                format!(
                    "Threshold Crossed: {} datapoint{} [{}] {} the threshold ({threshold}).",
                    present.len(),
                    if present.len() == 1 { " was" } else { "s were" },
                    shown.join(", "),
                    match d.symbol() {
                        ">" => "not greater than",
                        ">=" => "not greater than or equal to",
                        "<" => "not less than",
                        _ => "not less than or equal to",
                    },
                ),
            )
        }
    }

    fn shape(&self, region: &str, account: &str) -> Value {
        let d = &self.definition;
        let mut shape = json!({
            "AlarmName": d.alarm_name,
            "AlarmArn": format!("arn:aws:cloudwatch:{region}:{account}:alarm:{}", d.alarm_name),
            "AlarmConfigurationUpdatedTimestamp": self.configuration_updated_at.to_iso8601(),
            "ActionsEnabled": d.actions_enabled,
            "OKActions": d.ok_actions,
            "AlarmActions": d.alarm_actions,
            "InsufficientDataActions": d.insufficient_data_actions,
            "StateValue": self.state.as_str(),
            "StateReason": self.state_reason,
            "StateUpdatedTimestamp": self.state_updated_at.to_iso8601(),
            "MetricName": d.metric_name,
            "Namespace": d.namespace,
            "Statistic": d.statistic,
            "Dimensions": d.dimensions,
            "Period": d.period,
            "EvaluationPeriods": d.evaluation_periods,
            "Threshold": d.threshold,
            "ComparisonOperator": d.comparison_operator,
            "TreatMissingData": d.treat_missing_data.as_deref().unwrap_or("missing"),
        });
        if let Value::Object(map) = &mut shape {
            if let Some(description) = &d.alarm_description {
                map.insert("AlarmDescription".into(), json!(description));
            }
            if let Some(m) = d.datapoints_to_alarm {
                map.insert("DatapointsToAlarm".into(), json!(m));
            }
            if let Some(unit) = &d.unit {
                map.insert("Unit".into(), json!(unit));
            }
        }
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu_alarm(threshold: f64, operator: &str, n: i64, m: Option<i64>) -> MetricAlarm {
        MetricAlarm {
            alarm_name: "cpu".into(),
            alarm_description: None,
            actions_enabled: true,
            ok_actions: vec![],
            alarm_actions: vec!["arn:aws:autoscaling:policy".into()],
            insufficient_data_actions: vec![],
            metric_name: "CPUUtilization".into(),
            namespace: "AWS/ECS".into(),
            statistic: Some("Average".into()),
            dimensions: vec![],
            period: 60,
            evaluation_periods: n,
            datapoints_to_alarm: m,
            threshold: Some(threshold),
            comparison_operator: operator.into(),
            treat_missing_data: None,
            unit: None,
        }
    }

    fn run(alarm: MetricAlarm, values: &[f64]) -> Vec<AlarmState> {
        let mut metrics = Metrics::default();
        let mut alarms = Alarms::default();
        alarms.put_metric_alarm(alarm, SimTime(0)).unwrap();
        let mut states = Vec::new();
        for (minute, value) in values.iter().enumerate() {
            metrics.put(
                "AWS/ECS",
                "CPUUtilization",
                &[],
                "Percent",
                minute as u64,
                *value,
            );
            let now = SimTime((minute as u64 + 1) * 60);
            alarms.evaluate(&metrics, now);
            states.push(alarms.alarms["cpu"].state);
        }
        states
    }

    #[test]
    fn three_of_three_breaching_minutes_raise_the_alarm() {
        use AlarmState::*;
        let states = run(
            cpu_alarm(70.0, "GreaterThanThreshold", 3, None),
            &[90.0, 90.0, 90.0, 50.0],
        );
        assert_eq!(states, [Ok, Ok, Alarm, Ok]);
    }

    #[test]
    fn m_out_of_n_counts_breaching_datapoints() {
        use AlarmState::*;
        let states = run(
            cpu_alarm(70.0, "GreaterThanOrEqualToThreshold", 3, Some(2)),
            &[90.0, 10.0, 70.0, 10.0, 10.0],
        );
        // Two of the last three datapoints at or above 70 only at the third minute.
        assert_eq!(states, [Ok, Ok, Alarm, Ok, Ok]);
    }

    #[test]
    fn without_data_the_alarm_has_insufficient_data() {
        let mut alarms = Alarms::default();
        alarms
            .put_metric_alarm(cpu_alarm(70.0, "GreaterThanThreshold", 3, None), SimTime(0))
            .unwrap();
        alarms.evaluate(&Metrics::default(), SimTime(600));
        assert_eq!(alarms.alarms["cpu"].state, AlarmState::InsufficientData);
    }

    #[test]
    fn autoscaling_actions_repeat_every_minute_in_alarm() {
        let mut metrics = Metrics::default();
        let mut alarms = Alarms::default();
        alarms
            .put_metric_alarm(cpu_alarm(70.0, "GreaterThanThreshold", 1, None), SimTime(0))
            .unwrap();
        let mut fired = 0;
        for minute in 0..3 {
            metrics.put("AWS/ECS", "CPUUtilization", &[], "Percent", minute, 95.0);
            fired += alarms.evaluate(&metrics, SimTime((minute + 1) * 60)).len();
        }
        assert_eq!(fired, 3);
    }

    #[test]
    fn bad_definitions_are_refused() {
        let mut alarms = Alarms::default();
        let mut a = cpu_alarm(70.0, "Bigger", 3, None);
        assert!(alarms.put_metric_alarm(a.clone(), SimTime(0)).is_err());
        a.comparison_operator = "GreaterThanThreshold".into();
        a.period = 30;
        assert!(alarms.put_metric_alarm(a.clone(), SimTime(0)).is_err());
        a.period = 60;
        a.datapoints_to_alarm = Some(4);
        assert!(alarms.put_metric_alarm(a, SimTime(0)).is_err());
        assert!(alarms.alarms.is_empty());
    }
}

//! Scaling policies: target tracking (the alarms it creates and the capacity
//! it asks for) and the metrics its predefined types stand for.

use serde::{Deserialize, Serialize};

/// `TargetTrackingScalingPolicyConfiguration`, as PutScalingPolicy takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TargetTrackingConfiguration {
    pub target_value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predefined_metric_specification: Option<PredefinedMetric>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customized_metric_specification: Option<CustomizedMetric>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_out_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale_in_cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_scale_in: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PredefinedMetric {
    pub predefined_metric_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_label: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomizedMetric {
    pub metric_name: String,
    pub namespace: String,
    #[serde(default)]
    pub dimensions: Vec<crate::alarms::AlarmDimension>,
    pub statistic: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// ECS's default for both cooldowns, in seconds.
pub const DEFAULT_COOLDOWN: i64 = 300;

/// The metric a target tracking policy follows: namespace, name, dimensions, statistic.
#[derive(Clone, Debug, PartialEq)]
pub struct TrackedMetric {
    pub namespace: String,
    pub name: String,
    pub dimensions: Vec<(String, String)>,
    pub statistic: String,
}

impl TargetTrackingConfiguration {
    /// The metric for an ECS service `cluster`/`service`, or why there is none.
    pub fn metric(&self, cluster: &str, service: &str) -> Result<TrackedMetric, String> {
        let ecs = |name: &str| TrackedMetric {
            namespace: "AWS/ECS".into(),
            name: name.into(),
            dimensions: vec![
                ("ClusterName".into(), cluster.into()),
                ("ServiceName".into(), service.into()),
            ],
            statistic: "Average".into(),
        };
        match (&self.predefined_metric_specification, &self.customized_metric_specification) {
            (Some(p), None) => match p.predefined_metric_type.as_str() {
                "ECSServiceAverageCPUUtilization" => Ok(ecs("CPUUtilization")),
                "ECSServiceAverageMemoryUtilization" => Ok(ecs("MemoryUtilization")),
                "ALBRequestCountPerTarget" => {
                    let label = p.resource_label.as_deref().unwrap_or_default();
                    let group = label
                        .find("/targetgroup/")
                        .map(|i| &label[i + 1..])
                        .filter(|g| g.split('/').count() == 3 && label.starts_with("app/"))
                        .ok_or_else(|| "ResourceLabel must be app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id> for ALBRequestCountPerTarget.".to_string())?;
                    Ok(TrackedMetric {
                        namespace: "AWS/ApplicationELB".into(),
                        name: "RequestCountPerTarget".into(),
                        dimensions: vec![("TargetGroup".into(), group.into())],
                        statistic: "Sum".into(),
                    })
                }
                other => Err(format!("Unsupported predefined metric type for ECS: {other}. Use ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization or ALBRequestCountPerTarget.")),
            },
            (None, Some(c)) => Ok(TrackedMetric {
                namespace: c.namespace.clone(),
                name: c.metric_name.clone(),
                dimensions: c
                    .dimensions
                    .iter()
                    .map(|d| (d.name.clone(), d.value.clone()))
                    .collect(),
                statistic: c.statistic.clone(),
            }),
            (Some(_), Some(_)) => Err("Only one of PredefinedMetricSpecification or CustomizedMetricSpecification may be specified.".into()),
            (None, None) => Err("Either PredefinedMetricSpecification or CustomizedMetricSpecification must be specified.".into()),
        }
    }

    pub fn scale_in_disabled(&self) -> bool {
        self.disable_scale_in == Some(true)
    }
}

/// The capacity target tracking asks for: the running count scaled by how
/// far the metric is from the target, rounded up (so scale-out adds at least
/// one task and scale-in removes as few as possible).
pub fn target_tracking_capacity(running: u32, metric: f64, target: f64) -> u32 {
    if target <= 0.0 || !metric.is_finite() {
        return running;
    }
    // With no task running, any demand asks for one (the minimum step).
    if running == 0 {
        return u32::from(metric > 0.0);
    }
    let wanted = (f64::from(running) * metric / target - 1e-9).ceil();
    wanted.clamp(0.0, 10_000.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_follows_the_documented_examples() {
        // 2 tasks at 90 % CPU, target 60 → 3; 4 tasks at 30 %, target 60 → 2.
        assert_eq!(target_tracking_capacity(2, 90.0, 60.0), 3);
        assert_eq!(target_tracking_capacity(4, 30.0, 60.0), 2);
        // Just above target still adds one; just below removes none.
        assert_eq!(target_tracking_capacity(10, 61.0, 60.0), 11);
        assert_eq!(target_tracking_capacity(10, 59.0, 60.0), 10);
        assert_eq!(target_tracking_capacity(0, 5.0, 60.0), 1);
    }

    #[test]
    fn alb_request_count_reads_the_target_group_from_the_resource_label() {
        let config = TargetTrackingConfiguration {
            target_value: 1000.0,
            predefined_metric_specification: Some(PredefinedMetric {
                predefined_metric_type: "ALBRequestCountPerTarget".into(),
                resource_label: Some("app/web/1234/targetgroup/web-tg/5678".into()),
            }),
            customized_metric_specification: None,
            scale_out_cooldown: None,
            scale_in_cooldown: None,
            disable_scale_in: None,
        };
        let metric = config.metric("c", "s").unwrap();
        assert_eq!(
            metric.dimensions,
            [(
                "TargetGroup".to_string(),
                "targetgroup/web-tg/5678".to_string()
            )]
        );
        assert_eq!(metric.statistic, "Sum");
    }
}

/// `StepScalingPolicyConfiguration`, as PutScalingPolicy takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepScalingConfiguration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment_type: Option<String>,
    #[serde(default)]
    pub step_adjustments: Vec<StepAdjustment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_adjustment_magnitude: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooldown: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_aggregation_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StepAdjustment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_lower_bound: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric_interval_upper_bound: Option<f64>,
    pub scaling_adjustment: i64,
}

impl StepScalingConfiguration {
    /// The checks PutScalingPolicy makes on step adjustments.
    pub fn validate(&self) -> Result<(), String> {
        match self.adjustment_type.as_deref() {
            Some("ChangeInCapacity" | "PercentChangeInCapacity" | "ExactCapacity") => {}
            Some(other) => return Err(format!("Invalid AdjustmentType {other}: use ChangeInCapacity, PercentChangeInCapacity or ExactCapacity.")),
            None => return Err("AdjustmentType is required for a step scaling policy.".into()),
        }
        if self.step_adjustments.is_empty() || self.step_adjustments.len() > 20 {
            return Err("A step scaling policy needs between 1 and 20 step adjustments.".into());
        }
        if self.min_adjustment_magnitude.is_some()
            && self.adjustment_type.as_deref() != Some("PercentChangeInCapacity")
        {
            return Err("MinAdjustmentMagnitude is only supported with the PercentChangeInCapacity adjustment type.".into());
        }
        if self.adjustment_type.as_deref() == Some("ExactCapacity")
            && self
                .step_adjustments
                .iter()
                .any(|s| s.scaling_adjustment < 0)
        {
            return Err(
                "ScalingAdjustment must be non-negative for the ExactCapacity adjustment type."
                    .into(),
            );
        }
        if let Some(t) = self.metric_aggregation_type.as_deref() {
            if !["Average", "Minimum", "Maximum"].contains(&t) {
                return Err(format!(
                    "Invalid MetricAggregationType {t}: use Average, Minimum or Maximum."
                ));
            }
        }
        // Steps sorted by lower bound must meet end to start, from one open end to the other.
        let mut steps: Vec<(f64, f64)> = self
            .step_adjustments
            .iter()
            .map(|s| {
                (
                    s.metric_interval_lower_bound.unwrap_or(f64::NEG_INFINITY),
                    s.metric_interval_upper_bound.unwrap_or(f64::INFINITY),
                )
            })
            .collect();
        if steps
            .iter()
            .any(|(lo, hi)| lo.is_infinite() && hi.is_infinite())
        {
            return Err(
                "A step adjustment cannot have both a null lower bound and a null upper bound."
                    .into(),
            );
        }
        if steps.iter().any(|(lo, hi)| lo >= hi) {
            return Err(
                "The lower bound of a step adjustment must be less than its upper bound.".into(),
            );
        }
        steps.sort_by(|a, b| a.0.total_cmp(&b.0));
        for pair in steps.windows(2) {
            if pair[0].1 != pair[1].0 {
                return Err(
                    "Step adjustments must not overlap and must leave no gap between them.".into(),
                );
            }
        }
        if steps.iter().filter(|(lo, _)| lo.is_infinite()).count() > 1
            || steps.iter().filter(|(_, hi)| hi.is_infinite()).count() > 1
        {
            return Err("Only one step adjustment can have a null lower bound and only one a null upper bound.".into());
        }
        Ok(())
    }

    /// The capacity the step for `offset` (metric − alarm threshold) asks for,
    /// starting from `current` tasks; `None` when no step covers the offset.
    pub fn capacity(&self, current: u32, offset: f64) -> Option<u32> {
        let above = offset >= 0.0;
        let step = self.step_adjustments.iter().find(|s| {
            let lo = s.metric_interval_lower_bound.unwrap_or(f64::NEG_INFINITY);
            let hi = s.metric_interval_upper_bound.unwrap_or(f64::INFINITY);
            // Above the threshold the lower bound is inclusive; below it the upper one is.
            if above {
                lo <= offset && offset < hi
            } else {
                lo < offset && offset <= hi
            }
        })?;
        let current = i64::from(current);
        let adjustment = step.scaling_adjustment;
        let new = match self.adjustment_type.as_deref() {
            Some("ExactCapacity") => adjustment,
            Some("PercentChangeInCapacity") => {
                let change = current as f64 * adjustment as f64 / 100.0;
                let mut rounded = if change > 1.0 {
                    change.floor()
                } else if change > 0.0 {
                    1.0
                } else if change > -1.0 && change < 0.0 {
                    -1.0
                } else {
                    change.ceil()
                } as i64;
                if let Some(min) = self.min_adjustment_magnitude {
                    if rounded != 0 && rounded.unsigned_abs() < min.unsigned_abs() {
                        rounded = min.saturating_mul(rounded.signum());
                    }
                }
                current.saturating_add(rounded)
            }
            // Saturating: the adjustment is the learner's number, any size.
            _ => current.saturating_add(adjustment),
        };
        Some(new.clamp(0, 10_000) as u32)
    }
}

#[cfg(test)]
mod step_tests {
    use super::*;

    fn step(lo: Option<f64>, hi: Option<f64>, adjustment: i64) -> StepAdjustment {
        StepAdjustment {
            metric_interval_lower_bound: lo,
            metric_interval_upper_bound: hi,
            scaling_adjustment: adjustment,
        }
    }

    fn percent(steps: Vec<StepAdjustment>, min: Option<i64>) -> StepScalingConfiguration {
        StepScalingConfiguration {
            adjustment_type: Some("PercentChangeInCapacity".into()),
            step_adjustments: steps,
            min_adjustment_magnitude: min,
            cooldown: None,
            metric_aggregation_type: None,
        }
    }

    /// The user guide's example: threshold 50 %, capacity 10.
    fn documented() -> StepScalingConfiguration {
        percent(
            vec![
                step(Some(0.0), Some(10.0), 0),
                step(Some(10.0), Some(20.0), 10),
                step(Some(20.0), None, 30),
                step(Some(-10.0), Some(0.0), 0),
                step(Some(-20.0), Some(-10.0), -10),
                step(None, Some(-20.0), -30),
            ],
            None,
        )
    }

    #[test]
    fn the_documented_steps_pick_the_right_adjustment() {
        let policy = documented();
        assert!(policy.validate().is_ok());
        // Metric 60 → 11; then 70 → 14; then 40 → 13; then 30 → 10.
        assert_eq!(policy.capacity(10, 60.0 - 50.0), Some(11));
        assert_eq!(policy.capacity(11, 70.0 - 50.0), Some(14));
        assert_eq!(policy.capacity(14, 40.0 - 50.0), Some(13));
        assert_eq!(policy.capacity(13, 30.0 - 50.0), Some(10));
        // Within 10 of the threshold either way: no change; exactly 10 below is (−20, −10].
        assert_eq!(policy.capacity(10, 5.0), Some(10));
        assert_eq!(policy.capacity(10, -5.0), Some(10));
        assert_eq!(policy.capacity(10, -10.0), Some(9));
    }

    #[test]
    fn percent_changes_round_as_documented() {
        let up = |adjustment, min| percent(vec![step(Some(0.0), None, adjustment)], min);
        let down = |adjustment| percent(vec![step(None, Some(0.0), adjustment)], None);
        assert_eq!(up(25, Some(2)).capacity(4, 1.0), Some(6));
        assert_eq!(down(-30).capacity(13, -1.0), Some(10));
        assert_eq!(up(10, None).capacity(14, 1.0), Some(15));
        assert_eq!(up(10, None).capacity(5, 1.0), Some(6));
        assert_eq!(down(-10).capacity(5, -1.0), Some(4));
    }

    #[test]
    fn overlapping_gapped_or_unbounded_steps_are_refused() {
        let overlap = percent(
            vec![step(Some(0.0), Some(20.0), 1), step(Some(10.0), None, 2)],
            None,
        );
        assert!(overlap.validate().is_err());
        let gap = percent(
            vec![step(Some(0.0), Some(10.0), 1), step(Some(20.0), None, 2)],
            None,
        );
        assert!(gap.validate().is_err());
        let open = percent(vec![step(None, None, 1)], None);
        assert!(open.validate().is_err());
        let mut exact = percent(vec![step(Some(0.0), None, 1)], Some(2));
        exact.adjustment_type = Some("ExactCapacity".into());
        assert!(exact.validate().is_err());
    }
}

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

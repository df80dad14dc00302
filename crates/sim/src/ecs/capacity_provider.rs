//! Fargate capacity providers: checking a capacity provider strategy, choosing
//! FARGATE or FARGATE_SPOT for each task the way ECS splits them (base first,
//! then by weight), and the wording of a Spot interruption.

use super::api_error::EcsApiError;
use super::cluster::CapacityProviderStrategyItem;
use std::collections::BTreeMap;

pub const FARGATE: &str = "FARGATE";
pub const FARGATE_SPOT: &str = "FARGATE_SPOT";

/// Seconds between the interruption notice (SIGTERM, task state change event)
/// and the task being stopped.
pub const SPOT_WARNING_SECONDS: u64 = 120;
/// `stoppedReason` of an interrupted Spot task (AWS documentation).
pub const SPOT_STOPPED_REASON: &str = "Your Spot Task was interrupted.";

const MAX_BASE: i64 = 100_000;
const MAX_WEIGHT: i64 = 1_000;
const MAX_ITEMS: usize = 20;

/// Whether a provider name is one of the built-in Fargate ones.
pub fn is_fargate_provider(name: &str) -> bool {
    name == FARGATE || name == FARGATE_SPOT
}

/// Checks a strategy as RunTask and CreateService do before launching
/// anything. `from_cluster_default` picks the wording AWS uses when the
/// cluster's default strategy is the one at fault.
pub fn validate(
    strategy: &[CapacityProviderStrategyItem],
    from_cluster_default: bool,
) -> Result<(), EcsApiError> {
    let invalid = |m: String| Err(EcsApiError::InvalidParameter(m));
    if strategy.len() > MAX_ITEMS {
        return invalid(format!(
            "A capacity provider strategy can contain at most {MAX_ITEMS} capacity providers."
        ));
    }
    for item in strategy {
        if !(0..=MAX_WEIGHT).contains(&item.weight) {
            return invalid(format!(
                "The weight of capacity provider {} must be between 0 and {MAX_WEIGHT}.",
                item.capacity_provider
            ));
        }
        if !(0..=MAX_BASE).contains(&item.base) {
            return invalid(format!(
                "The base of capacity provider {} must be between 0 and {MAX_BASE}.",
                item.capacity_provider
            ));
        }
    }
    let mut names: Vec<&str> = strategy
        .iter()
        .map(|i| i.capacity_provider.as_str())
        .collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return invalid(
            "A capacity provider strategy cannot contain the same capacity provider twice.".into(),
        );
    }
    if strategy.iter().filter(|i| i.base > 0).count() > 1 {
        return invalid(
            "Only one capacity provider in a capacity provider strategy can have a base defined."
                .into(),
        );
    }
    if !strategy.is_empty() && strategy.iter().all(|i| i.weight == 0) {
        return invalid(if from_cluster_default {
            "There are no capacity providers with a weight value greater than zero defined in the default capacity provider strategy. At least one capacity provider must have a weight value greater than zero specified. Update the cluster's default capacity provider strategy or specify a valid capacity provider strategy and try again.".into()
        } else {
            "There are no capacity providers with a weight value greater than zero defined in the capacity provider strategy. At least one capacity provider must have a weight value greater than zero specified. Specify a valid capacity provider strategy and try again.".into()
        });
    }
    Ok(())
}

/// The provider the next task goes to, given how many of the same service's
/// (or the same RunTask call's) tasks each provider already has: the item with
/// a base until it holds that many, then the weighted item furthest below its
/// share — with weights 1 and 4, one task in five on the first. Ties go to
/// the item listed first. `None` for an empty strategy.
pub fn choose<'a>(
    strategy: &'a [CapacityProviderStrategyItem],
    counts: &BTreeMap<String, usize>,
) -> Option<&'a str> {
    let count = |item: &CapacityProviderStrategyItem| {
        counts
            .get(&item.capacity_provider)
            .copied()
            .unwrap_or_default()
    };
    if let Some(item) = strategy
        .iter()
        .find(|i| i.base > 0 && (count(i) as i64) < i.base)
    {
        return Some(&item.capacity_provider);
    }
    // Tasks beyond each item's base, compared as (count + 1) / weight without division.
    let beyond = |item: &CapacityProviderStrategyItem| {
        (count(item) as i64).saturating_sub(item.base).max(0) as i128 + 1
    };
    strategy
        .iter()
        .filter(|i| i.weight > 0)
        .reduce(|best, item| {
            let better =
                beyond(item) * i128::from(best.weight) < beyond(best) * i128::from(item.weight);
            if better {
                item
            } else {
                best
            }
        })
        .or_else(|| strategy.first())
        .map(|i| i.capacity_provider.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, base: i64, weight: i64) -> CapacityProviderStrategyItem {
        CapacityProviderStrategyItem {
            capacity_provider: name.into(),
            base,
            weight,
        }
    }

    /// Launches `n` tasks one after another and counts where they went.
    fn launch(strategy: &[CapacityProviderStrategyItem], n: usize) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for _ in 0..n {
            let provider = choose(strategy, &counts).unwrap().to_string();
            *counts.entry(provider).or_default() += 1;
        }
        counts
    }

    #[test]
    fn weights_split_tasks_in_their_ratio() {
        let strategy = [item(FARGATE, 0, 1), item(FARGATE_SPOT, 0, 4)];
        let counts = launch(&strategy, 10);
        assert_eq!(counts[FARGATE], 2);
        assert_eq!(counts[FARGATE_SPOT], 8);
    }

    #[test]
    fn base_is_filled_first_then_weights_apply_to_the_rest() {
        // The documented example: base 2 on FARGATE, then 1:1.
        let strategy = [item(FARGATE, 2, 1), item(FARGATE_SPOT, 0, 1)];
        let mut counts = BTreeMap::new();
        let mut order = Vec::new();
        for _ in 0..6 {
            let provider = choose(&strategy, &counts).unwrap().to_string();
            *counts.entry(provider.clone()).or_default() += 1;
            order.push(provider);
        }
        assert_eq!(&order[..2], [FARGATE, FARGATE]);
        assert_eq!(counts[FARGATE], 4);
        assert_eq!(counts[FARGATE_SPOT], 2);
    }

    #[test]
    fn a_zero_weight_provider_gets_only_its_base() {
        let strategy = [item(FARGATE, 1, 0), item(FARGATE_SPOT, 0, 1)];
        let counts = launch(&strategy, 5);
        assert_eq!(counts[FARGATE], 1);
        assert_eq!(counts[FARGATE_SPOT], 4);
    }

    #[test]
    fn replacements_restore_the_split() {
        // Two Spot tasks were interrupted: both replacements go to Spot.
        let strategy = [item(FARGATE, 0, 1), item(FARGATE_SPOT, 0, 1)];
        let counts = BTreeMap::from([(FARGATE.to_string(), 3), (FARGATE_SPOT.to_string(), 1)]);
        assert_eq!(choose(&strategy, &counts), Some(FARGATE_SPOT));
    }

    #[test]
    fn strategies_are_checked_like_the_api() {
        assert!(validate(&[item(FARGATE, 0, 1)], false).is_ok());
        let all_zero = validate(&[item(FARGATE_SPOT, 0, 0)], true).unwrap_err();
        assert!(all_zero
            .to_string()
            .contains("default capacity provider strategy"));
        assert!(validate(&[item(FARGATE, 1, 1), item(FARGATE_SPOT, 1, 1)], false).is_err());
        assert!(validate(&[item(FARGATE, 0, 1001)], false).is_err());
        assert!(validate(&[item(FARGATE, -1, 1)], false).is_err());
        assert!(validate(&[item(FARGATE, 0, 1), item(FARGATE, 0, 1)], false).is_err());
    }
}

// ── Auto Scaling group capacity providers ────────────────────────────────

/// A capacity provider backed by an EC2 Auto Scaling group (the notes' way 2).
/// With managed scaling, ECS publishes `CapacityProviderReservation` every
/// minute and moves the group's desired capacity to keep it at the target.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AsgCapacityProvider {
    pub name: String,
    pub arn: String,
    pub auto_scaling_group_arn: String,
    pub managed_scaling: bool,
    pub target_capacity: u32,
    pub minimum_scaling_step_size: u32,
    pub maximum_scaling_step_size: u32,
    pub instance_warmup_period: u32,
    pub managed_termination_protection: bool,
    /// Minutes in a row the reservation has been below the target (scale-in waits 15).
    #[serde(default)]
    pub low_minutes: u32,
}

/// Minutes of a reservation below target before managed scaling scales in
/// (the target tracking policy's low alarm: 15 of 15 one-minute datapoints).
pub const SCALE_IN_MINUTES: u32 = 15;

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedScalingInput {
    pub status: Option<String>,
    pub target_capacity: Option<i64>,
    pub minimum_scaling_step_size: Option<i64>,
    pub maximum_scaling_step_size: Option<i64>,
    pub instance_warmup_period: Option<i64>,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoScalingGroupProviderInput {
    pub auto_scaling_group_arn: String,
    pub managed_scaling: Option<ManagedScalingInput>,
    pub managed_termination_protection: Option<String>,
    pub managed_draining: Option<String>,
}

#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProviderInput {
    pub name: Option<String>,
    pub auto_scaling_group_provider: Option<AutoScalingGroupProviderInput>,
    pub capacity_provider: Option<String>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
}

impl AsgCapacityProvider {
    pub fn shape(&self) -> serde_json::Value {
        serde_json::json!({
            "capacityProviderArn": self.arn,
            "name": self.name,
            "status": "ACTIVE",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": self.auto_scaling_group_arn,
                "managedScaling": {
                    "status": if self.managed_scaling { "ENABLED" } else { "DISABLED" },
                    "targetCapacity": self.target_capacity,
                    "minimumScalingStepSize": self.minimum_scaling_step_size,
                    "maximumScalingStepSize": self.maximum_scaling_step_size,
                    "instanceWarmupPeriod": self.instance_warmup_period,
                },
                "managedTerminationProtection": if self.managed_termination_protection { "ENABLED" } else { "DISABLED" },
                "managedDraining": "ENABLED",
            },
            "tags": [],
        })
    }
}

/// `CapacityProviderReservation`: instances needed as a percentage of those
/// running (AWS's definition, with its two cases for an empty group).
pub fn reservation(needed: u32, running: u32) -> f64 {
    match (needed, running) {
        (0, 0) => 100.0,
        (_, 0) => 200.0,
        (m, n) => f64::from(m) * 100.0 / f64::from(n),
    }
}

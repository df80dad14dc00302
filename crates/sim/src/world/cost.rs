//! What the account would cost: usage accumulated as simulated time passes,
//! priced from a small table of ap-northeast-1 on-demand list prices.
//!
//! Prices are the public list prices for Asia Pacific (Tokyo) as of 2025,
//! rounded (USD); taxes, free tiers and data transfer between AZs are left
//! out. They are for comparing choices (Fargate vs EC2, NAT gateway vs VPC
//! endpoints), not for budgeting.

use crate::ecs::task::{LaunchType, TaskStatus};
use crate::world::World;
use serde::{Deserialize, Serialize};

/// Fargate Linux/x86 per vCPU-hour and per GB-hour.
pub const FARGATE_VCPU_HOUR: f64 = 0.05056;
pub const FARGATE_GB_HOUR: f64 = 0.00553;
/// Fargate Spot is billed at about 30 % of on-demand (a 70 % discount).
pub const FARGATE_SPOT_FACTOR: f64 = 0.3;
pub const NAT_GATEWAY_HOUR: f64 = 0.062;
pub const INTERFACE_ENDPOINT_AZ_HOUR: f64 = 0.014;
pub const LOAD_BALANCER_HOUR: f64 = 0.0243;
pub const PRICES_AS_OF: &str = "2025 list prices, ap-northeast-1 (rounded; for comparison only)";

/// On-demand Linux price per hour by instance type.
pub const EC2_HOURLY: &[(&str, f64)] = &[
    ("t3.micro", 0.0136),
    ("t3.small", 0.0272),
    ("t3.medium", 0.0544),
    ("t3.large", 0.1088),
    ("m5.large", 0.124),
    ("m5.xlarge", 0.248),
    ("c5.large", 0.107),
    ("c5.xlarge", 0.214),
    ("r5.large", 0.152),
];

/// Usage accumulated so far.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub fargate_vcpu_seconds: f64,
    pub fargate_gb_seconds: f64,
    pub fargate_spot_vcpu_seconds: f64,
    pub fargate_spot_gb_seconds: f64,
    /// Instance type → instance-seconds.
    pub ec2_seconds: std::collections::BTreeMap<String, f64>,
    pub nat_gateway_seconds: f64,
    pub endpoint_az_seconds: f64,
    pub load_balancer_seconds: f64,
}

impl World {
    /// Adds `seconds` of the account's current usage (rates are constant between changes).
    pub(crate) fn accrue_usage(&mut self, seconds: u64) {
        if seconds == 0 {
            return;
        }
        let dt = seconds as f64;
        let (mut vcpu, mut gb, mut spot_vcpu, mut spot_gb) = (0.0, 0.0, 0.0, 0.0);
        for task in self.ecs.tasks.values() {
            // Fargate bills from the image pull until the task has stopped.
            let billed = task.launch_type == LaunchType::Fargate
                && task.pull_started_at.is_some()
                && task.last_status != TaskStatus::Stopped;
            if billed {
                let (v, g) = (
                    f64::from(task.cpu) / 1024.0,
                    f64::from(task.memory) / 1024.0,
                );
                if task.is_spot() {
                    spot_vcpu += v;
                    spot_gb += g;
                } else {
                    vcpu += v;
                    gb += g;
                }
            }
        }
        let usage = &mut self.usage;
        usage.fargate_vcpu_seconds += vcpu * dt;
        usage.fargate_gb_seconds += gb * dt;
        usage.fargate_spot_vcpu_seconds += spot_vcpu * dt;
        usage.fargate_spot_gb_seconds += spot_gb * dt;
        for instance in self.ecs.container_instances.values() {
            *usage
                .ec2_seconds
                .entry(instance.instance_type.clone())
                .or_default() += dt;
        }
        usage.nat_gateway_seconds += self
            .ec2
            .nat_gateways
            .values()
            .filter(|n| n.is_live())
            .count() as f64
            * dt;
        let endpoint_azs: usize = self
            .ec2
            .vpc_endpoints
            .values()
            .filter(|e| e.is_live() && e.endpoint_type == crate::ec2::EndpointType::Interface)
            .map(|e| e.subnet_ids.len())
            .sum();
        usage.endpoint_az_seconds += endpoint_azs as f64 * dt;
    }

    /// The `sim cost` report.
    pub fn cost_report(&self) -> String {
        let u = &self.usage;
        let hours = |s: f64| s / 3600.0;
        let mut rows: Vec<(String, f64, String, f64)> = vec![
            (
                "Fargate vCPU".into(),
                hours(u.fargate_vcpu_seconds),
                format!("{FARGATE_VCPU_HOUR}/vCPU-hour"),
                hours(u.fargate_vcpu_seconds) * FARGATE_VCPU_HOUR,
            ),
            (
                "Fargate memory".into(),
                hours(u.fargate_gb_seconds),
                format!("{FARGATE_GB_HOUR}/GB-hour"),
                hours(u.fargate_gb_seconds) * FARGATE_GB_HOUR,
            ),
            (
                "Fargate Spot vCPU".into(),
                hours(u.fargate_spot_vcpu_seconds),
                format!("{:.5}/vCPU-hour", FARGATE_VCPU_HOUR * FARGATE_SPOT_FACTOR),
                hours(u.fargate_spot_vcpu_seconds) * FARGATE_VCPU_HOUR * FARGATE_SPOT_FACTOR,
            ),
            (
                "Fargate Spot memory".into(),
                hours(u.fargate_spot_gb_seconds),
                format!("{:.6}/GB-hour", FARGATE_GB_HOUR * FARGATE_SPOT_FACTOR),
                hours(u.fargate_spot_gb_seconds) * FARGATE_GB_HOUR * FARGATE_SPOT_FACTOR,
            ),
        ];
        for (instance_type, seconds) in &u.ec2_seconds {
            let rate = EC2_HOURLY
                .iter()
                .find(|(t, _)| t == instance_type)
                .map_or(0.0, |(_, r)| *r);
            rows.push((
                format!("EC2 {instance_type}"),
                hours(*seconds),
                format!("{rate}/hour"),
                hours(*seconds) * rate,
            ));
        }
        rows.push((
            "NAT gateway".into(),
            hours(u.nat_gateway_seconds),
            format!("{NAT_GATEWAY_HOUR}/hour (+ data)"),
            hours(u.nat_gateway_seconds) * NAT_GATEWAY_HOUR,
        ));
        rows.push((
            "Interface endpoints (per AZ)".into(),
            hours(u.endpoint_az_seconds),
            format!("{INTERFACE_ENDPOINT_AZ_HOUR}/hour (+ data)"),
            hours(u.endpoint_az_seconds) * INTERFACE_ENDPOINT_AZ_HOUR,
        ));
        rows.push((
            "Load balancers".into(),
            hours(u.load_balancer_seconds),
            format!("{LOAD_BALANCER_HOUR}/hour (+ LCU)"),
            hours(u.load_balancer_seconds) * LOAD_BALANCER_HOUR,
        ));
        let mut text = format!(
            "Cost of this account over {} of simulated time (USD)\n",
            self.now
        );
        text.push_str(&format!(
            "  {:<30} {:>12} {:>26} {:>10}\n",
            "item", "hours", "rate", "cost"
        ));
        let mut total = 0.0;
        for (item, quantity, rate, cost) in rows.iter().filter(|r| r.1 > 0.0) {
            text.push_str(&format!(
                "  {item:<30} {quantity:>12.2} {rate:>26} {cost:>10.4}\n"
            ));
            total += cost;
        }
        text.push_str(&format!(
            "  {:<30} {:>12} {:>26} {:>10.4}\n",
            "total", "", "", total
        ));
        text.push_str(&format!("Prices: {PRICES_AS_OF}.\n"));
        text
    }
}

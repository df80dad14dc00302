//! Faults a learner can inject with `sim fail …` to see how ECS reacts: a task
//! whose essential container exits, an image that cannot be pulled, an image
//! whose containers crash soon after starting, an image whose container health
//! checks fail, and an Availability Zone outage.
//! Breaking a security group rule or filling a subnet needs no directive: the
//! ordinary commands do it and the model reacts.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    /// Zones that are down: their tasks stop, their subnets take no new tasks.
    #[serde(default)]
    pub failed_zones: BTreeSet<String>,
    /// Image references whose pull fails (manifest not found).
    #[serde(default)]
    pub broken_images: BTreeSet<String>,
    /// Image references whose containers exit with code 1 shortly after starting.
    #[serde(default)]
    pub crashing_images: BTreeSet<String>,
    /// Image references whose container health checks fail.
    #[serde(default)]
    pub failing_health_images: BTreeSet<String>,
}

/// How long a crashing container runs before it exits (model).
pub const CRASH_AFTER_SECONDS: u64 = 15;

impl Faults {
    /// Whether `image` matches a faulted reference: the whole reference, or
    /// `repository:tag` at the end of a registry path.
    pub fn matches(set: &BTreeSet<String>, image: &str) -> bool {
        set.iter().any(|f| {
            image == f
                || image.ends_with(&format!("/{f}"))
                || (!f.contains(':') && image.split(':').next() == Some(f))
        })
    }

    pub fn image_broken(&self, image: &str) -> bool {
        Self::matches(&self.broken_images, image)
    }

    pub fn image_crashes(&self, image: &str) -> bool {
        Self::matches(&self.crashing_images, image)
    }

    /// Whether an essential container of these runs a crashing image.
    pub fn task_crashes(&self, containers: &[super::task::TaskContainer]) -> bool {
        containers
            .iter()
            .any(|c| c.essential && self.image_crashes(&c.image))
    }

    /// Whether a non-essential container of these (a sidecar) runs a crashing
    /// image and has not exited yet: it exits, and the task keeps running.
    pub fn sidecar_crashes(&self, containers: &[super::task::TaskContainer]) -> bool {
        containers
            .iter()
            .any(|c| !c.essential && c.exit_code.is_none() && self.image_crashes(&c.image))
    }

    pub fn image_fails_health(&self, image: &str) -> bool {
        Self::matches(&self.failing_health_images, image)
    }

    pub fn zone_failed(&self, zone: &str) -> bool {
        self.failed_zones.contains(zone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references_match_with_or_without_the_registry() {
        let mut f = Faults::default();
        f.broken_images.insert("web:v2".into());
        assert!(f.image_broken("123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:v2"));
        assert!(f.image_broken("web:v2"));
        assert!(!f.image_broken("web:v1"));
        f.crashing_images.insert("nginx".into());
        assert!(f.image_crashes("nginx:1.27"));
        assert!(!f.image_crashes("nginx-exporter:1"));
    }
}

//! Faults a learner can inject with `sim fail …` to see how ECS reacts: a task
//! whose essential container exits, an image that cannot be pulled, an image
//! whose containers crash soon after starting, an image whose container health
//! checks fail, and an Availability Zone outage.
//! Breaking a security group rule or filling a subnet needs no directive: the
//! ordinary commands do it and the model reacts.

use super::capacity_provider;
use super::runtime::{task_id, SPOT_INTERRUPTION};
use super::task::TaskStatus;
use crate::clock::Duration;
use crate::world::World;
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

/// Fault injection: the `sim fail` and `sim recover` directives.
impl World {
    /// `sim fail task ID`: the task's essential container exits with code 1.
    pub(crate) fn fail_task(&mut self, reference: &str) -> Result<String, String> {
        let id = task_id(reference).to_string();
        let now = self.now;
        let task = self
            .ecs
            .tasks
            .get_mut(&id)
            .filter(|t| !t.is_stopped())
            .ok_or_else(|| format!("no running task '{reference}'"))?;
        if task.last_status != TaskStatus::Running {
            return Err(format!(
                "task {id} is {}, not RUNNING",
                task.last_status.name()
            ));
        }
        for container in task.containers.iter_mut().filter(|c| c.essential) {
            container.exit_code = Some(1);
        }
        task.request_stop(
            now,
            "EssentialContainerExited",
            "Essential container in task exited",
        );
        Ok(format!(
            "The essential container of task {id} exited with code 1.\n"
        ))
    }

    /// `sim fail spot [COUNT]`: AWS reclaims Fargate Spot capacity. COUNT running
    /// Spot tasks (1 by default), picked at random, get the two-minute notice:
    /// SIGTERM now, stopped with `SpotInterruption` within two minutes; a
    /// service starts their replacements at once.
    pub(crate) fn interrupt_spot(&mut self, count: usize) -> Result<String, String> {
        let mut candidates: Vec<String> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.is_spot() && t.last_status == TaskStatus::Running && !t.desired_stopped)
            .map(|t| t.id.clone())
            .collect();
        if candidates.is_empty() {
            return Err("no running Fargate Spot task to interrupt (tasks run on Spot when a capacity provider strategy puts them on FARGATE_SPOT)".into());
        }
        let now = self.now;
        let mut out = String::new();
        for _ in 0..count.min(candidates.len()) {
            let pick = self.rng_below(candidates.len() as u64) as usize;
            let id = candidates.swap_remove(pick);
            let Some(task) = self.ecs.tasks.get_mut(&id) else {
                continue;
            };
            task.request_stop(
                now,
                SPOT_INTERRUPTION,
                capacity_provider::SPOT_STOPPED_REASON,
            );
            let arn = task.arn(&self.region, &self.account_id);
            self.log(
                "ecs",
                format!("ECS Task State Change: {arn} received a Fargate Spot interruption notice (SIGTERM); it stops within 2 minutes."),
            );
            out.push_str(&format!(
                "Spot interruption notice sent to task {id}: it stops within 2 minutes (stopCode SpotInterruption).\n"
            ));
        }
        Ok(out)
    }

    /// `sim fail crash IMAGE`: running and future containers of the image exit shortly after starting.
    pub(crate) fn crash_image(&mut self, image: &str) -> String {
        let now = self.now;
        self.ecs.faults.crashing_images.insert(image.to_string());
        let faults = self.ecs.faults.clone();
        let mut running = 0;
        for task in self
            .ecs
            .tasks
            .values_mut()
            .filter(|t| t.last_status == TaskStatus::Running && !t.desired_stopped)
        {
            if faults.task_crashes(&task.containers) || faults.sidecar_crashes(&task.containers) {
                task.next_at = Some(now.plus(Duration(crate::ecs::faults::CRASH_AFTER_SECONDS)));
                running += 1;
            }
        }
        format!("Containers of {image} now exit with code 1 shortly after they start ({running} running tasks affected).\n")
    }

    /// `sim fail health IMAGE`: health checks of the image's containers fail from now on.
    pub(crate) fn fail_health(&mut self, image: &str) -> String {
        let now = self.now;
        self.ecs
            .faults
            .failing_health_images
            .insert(image.to_string());
        let ids: Vec<String> = self
            .ecs
            .tasks
            .values()
            .filter(|t| t.last_status == TaskStatus::Running && !t.desired_stopped)
            .map(|t| t.id.clone())
            .collect();
        let mut affected = 0;
        for id in ids {
            let Some(mut task) = self.ecs.tasks.get(&id).cloned() else {
                continue;
            };
            let mut touched = false;
            for container in &mut task.containers {
                if container.health_check.is_some()
                    && container.health_failing_since.is_none()
                    && self.ecs.faults.image_fails_health(&container.image)
                {
                    container.health_failing_since = Some(now);
                    touched = true;
                }
            }
            if touched {
                affected += 1;
                task.next_at = self.next_running_event(&task, now);
                self.ecs.tasks.insert(id, task);
            }
        }
        format!(
            "Container health checks of {image} now fail ({affected} running tasks affected). \
             Only containers whose definition has a healthCheck are checked.\n"
        )
    }

    /// `sim recover image IMAGE`: pulls, starts and health checks of the image work again.
    pub(crate) fn recover_image(&mut self, image: &str) -> Result<String, String> {
        let faults = &mut self.ecs.faults;
        let pulls = faults.broken_images.remove(image);
        let crashes = faults.crashing_images.remove(image);
        let health = faults.failing_health_images.remove(image);
        if !(pulls || crashes || health) {
            return Err(format!("{image} has no fault"));
        }
        let faults = self.ecs.faults.clone();
        for task in self.ecs.tasks.values_mut() {
            for container in &mut task.containers {
                if container.health_failing_since.is_some()
                    && !faults.image_fails_health(&container.image)
                {
                    container.health_failing_since = None;
                }
            }
        }
        Ok(format!("{image} works again.\n"))
    }

    /// `sim fail az ZONE`: its tasks stop, its instances disconnect, its subnets take no new tasks.
    pub(crate) fn fail_zone(&mut self, zone: &str) -> Result<String, String> {
        if !self.availability_zones.iter().any(|z| z == zone) {
            return Err(format!(
                "unknown Availability Zone '{zone}': choose one of {}",
                self.availability_zones.join(", ")
            ));
        }
        let now = self.now;
        self.ecs.faults.failed_zones.insert(zone.to_string());
        let mut stopped = 0;
        for task in self
            .ecs
            .tasks
            .values_mut()
            .filter(|t| t.availability_zone == zone && !t.desired_stopped && !t.is_stopped())
        {
            task.request_stop(now, "TerminationNotice", &format!("Task stopped because its Availability Zone ({zone}) is unavailable (simulated outage)."));
            stopped += 1;
        }
        for instance in self
            .ecs
            .container_instances
            .values_mut()
            .filter(|i| i.availability_zone == zone)
        {
            instance.agent_connected = false;
        }
        Ok(format!(
            "{zone} is down: {stopped} tasks are stopping; its subnets take no new tasks.\n"
        ))
    }

    /// `sim recover az ZONE`.
    pub(crate) fn recover_zone(&mut self, zone: &str) -> Result<String, String> {
        if !self.ecs.faults.failed_zones.remove(zone) {
            return Err(format!("{zone} is not down"));
        }
        for instance in self
            .ecs
            .container_instances
            .values_mut()
            .filter(|i| i.availability_zone == zone)
        {
            instance.agent_connected = true;
        }
        Ok(format!("{zone} is back.\n"))
    }

    // ── The clock-driven part ──────────────────────────────────────────────
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

//! ECS tasks and their lifecycle: PROVISIONING → PENDING → ACTIVATING →
//! RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED, with the
//! durations of each stage (model), the ENI an awsvpc task takes from its
//! subnet, the image pull that decides whether it starts at all, and the stop
//! codes and stopped reasons AWS reports.

use crate::clock::{Duration, SimTime};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskStatus {
    Provisioning,
    Pending,
    Activating,
    Running,
    Deactivating,
    Stopping,
    Deprovisioning,
    Stopped,
}

impl TaskStatus {
    pub fn name(self) -> &'static str {
        match self {
            TaskStatus::Provisioning => "PROVISIONING",
            TaskStatus::Pending => "PENDING",
            TaskStatus::Activating => "ACTIVATING",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Deactivating => "DEACTIVATING",
            TaskStatus::Stopping => "STOPPING",
            TaskStatus::Deprovisioning => "DEPROVISIONING",
            TaskStatus::Stopped => "STOPPED",
        }
    }

    /// Not yet running: counts as pending in a service's and cluster's counts.
    pub fn is_starting(self) -> bool {
        matches!(
            self,
            TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LaunchType {
    Fargate,
    Ec2,
}

impl LaunchType {
    pub fn name(self) -> &'static str {
        match self {
            LaunchType::Fargate => "FARGATE",
            LaunchType::Ec2 => "EC2",
        }
    }
}

/// How long each stage takes (model: typical Fargate figures, rounded).
pub mod durations {
    /// ENI creation and attachment for awsvpc tasks.
    pub const PROVISIONING_AWSVPC: u64 = 10;
    pub const PROVISIONING_OTHER: u64 = 1;
    pub const ACTIVATING: u64 = 5;
    /// SIGTERM to exit for a well-behaved container (at most `stopTimeout`).
    pub const STOPPING: u64 = 2;
    pub const DEPROVISIONING_AWSVPC: u64 = 5;
    pub const DEPROVISIONING_OTHER: u64 = 1;
    /// A failed pull is retried for a while before the task gives up.
    pub const FAILED_PULL_RETRIES: u64 = 30;
    /// An EC2 instance that already has the image starts it almost at once.
    pub const CACHED_PULL: u64 = 1;
}

/// The network side of an awsvpc task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskNetwork {
    pub subnet_id: String,
    pub security_group_ids: Vec<String>,
    pub public_ip: bool,
    pub network_interface_id: Option<String>,
    pub private_ip: Option<Ipv4Addr>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskContainer {
    pub name: String,
    pub image: String,
    pub essential: bool,
    /// The container health check's interval and start period (seconds), if it has one.
    #[serde(default)]
    pub health_check: Option<(u64, u64)>,
    /// Consecutive failures that make the container UNHEALTHY (the check's `retries`).
    #[serde(default)]
    pub health_check_retries: Option<u32>,
    /// When its health check began to fail (`sim fail health`), if it does.
    #[serde(default)]
    pub health_failing_since: Option<SimTime>,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
    /// A batch job: this container exits (code 0) this long after it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_seconds: Option<u64>,
    /// The values of its `secrets`, as read when the task started (a later
    /// `put-secret-value` does not reach a running task).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secret_values: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub id: String,
    pub cluster: String,
    pub task_definition_arn: String,
    /// `service:<name>` or `family:<family>`.
    pub group: String,
    pub service: Option<String>,
    pub started_by: Option<String>,
    pub launch_type: LaunchType,
    pub last_status: TaskStatus,
    pub desired_stopped: bool,
    pub created_at: SimTime,
    /// When the current stage ends, if it ends by itself.
    pub next_at: Option<SimTime>,
    pub pull_started_at: Option<SimTime>,
    pub pull_stopped_at: Option<SimTime>,
    pub started_at: Option<SimTime>,
    pub stopping_at: Option<SimTime>,
    pub stopped_at: Option<SimTime>,
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    /// Set when the start has failed: the task is on its way to STOPPED.
    pub start_failed: bool,
    pub container_instance_arn: Option<String>,
    pub availability_zone: String,
    pub network: Option<TaskNetwork>,
    /// Host ports taken on the instance (bridge/host mode).
    pub host_ports: Vec<u16>,
    pub cpu: u32,
    pub memory: u32,
    pub containers: Vec<TaskContainer>,
    /// Targets registered for the task's service, to drain when it stops.
    #[serde(default)]
    pub targets: Vec<super::load_balancing::RegisteredTarget>,
    #[serde(default)]
    pub targets_deregistered: bool,
    /// `FARGATE` or `FARGATE_SPOT` when a capacity provider strategy chose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<String>,
    /// Started with ECS Exec: its containers run the SSM agent.
    #[serde(default)]
    pub enable_execute_command: bool,
    /// A batch job: its essential container exits (code 0) this long after it starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_seconds: Option<u64>,
    /// In PROVISIONING until this Auto Scaling group capacity provider has room for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting_capacity: Option<String>,
    /// Started with a Service Connect proxy in this Cloud Map namespace (ARN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_connect_namespace: Option<String>,
}

/// A task with neither container nor load balancer health checks counts as
/// healthy for a deployment this long after it reaches RUNNING.
pub const NO_CHECK_HEALTHY_SECONDS: u64 = 40;

impl Task {
    pub fn arn(&self, region: &str, account_id: &str) -> String {
        format!(
            "arn:aws:ecs:{region}:{account_id}:task/{}/{}",
            self.cluster, self.id
        )
    }

    /// Whether the task was started by this service (by cluster and name).
    pub fn of_service(&self, cluster: &str, service: &str) -> bool {
        self.cluster == cluster && self.service.as_deref() == Some(service)
    }

    pub fn is_spot(&self) -> bool {
        self.capacity_provider_name.as_deref() == Some(super::capacity_provider::FARGATE_SPOT)
    }

    pub fn is_stopped(&self) -> bool {
        self.last_status == TaskStatus::Stopped
    }

    /// Stopped before it ever ran, by its own fault: not because someone asked
    /// (the scheduler scaling in, StopTask). What the circuit breaker counts and
    /// what throttles a service's next launch.
    pub fn failed_to_start(&self) -> bool {
        let asked_to_stop = matches!(
            self.stop_code.as_deref(),
            Some("ServiceSchedulerInitiated" | "UserInitiated")
        );
        self.started_at.is_none() && !asked_to_stop
    }

    /// When a batch job's essential container exits by itself.
    pub fn job_end(&self) -> Option<SimTime> {
        let (seconds, started) = self.job_seconds.zip(self.started_at)?;
        Some(started.plus(Duration(seconds)))
    }

    /// A batch job whose work is done: its essential container exits now.
    pub fn job_done(&self, now: SimTime) -> bool {
        self.job_end().is_some_and(|end| now >= end)
    }

    /// Alive and meant to stay so: what a service counts towards its desired count.
    pub fn is_active(&self) -> bool {
        !self.desired_stopped && self.last_status <= TaskStatus::Running
    }

    /// Ask the task to stop with a code and reason (the first request wins).
    pub fn request_stop(&mut self, now: SimTime, code: &str, reason: &str) {
        if self.desired_stopped || self.is_stopped() {
            return;
        }
        self.desired_stopped = true;
        self.stop_code = Some(code.to_string());
        self.stopped_reason = Some(reason.to_string());
        self.stopping_at = Some(now);
        match self.last_status {
            // Not started yet: release what it holds and go.
            TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => {
                self.enter(
                    TaskStatus::Deprovisioning,
                    now,
                    self.deprovisioning_seconds(),
                );
            }
            TaskStatus::Running => self.enter(TaskStatus::Deactivating, now, 0),
            _ => {}
        }
    }

    pub(crate) fn enter(&mut self, status: TaskStatus, now: SimTime, seconds: u64) {
        self.last_status = status;
        self.next_at = Some(now.plus(crate::clock::Duration(seconds)));
    }

    pub(crate) fn deprovisioning_seconds(&self) -> u64 {
        if self.network.is_some() {
            durations::DEPROVISIONING_AWSVPC
        } else {
            durations::DEPROVISIONING_OTHER
        }
    }

    /// When a failing container health check has failed `retries` times in a row:
    /// failures inside the start period do not count (Docker's rule).
    fn container_unhealthy_at(&self, container: &TaskContainer) -> Option<SimTime> {
        let (interval, start_period) = container.health_check?;
        let failing_since = container.health_failing_since?;
        let started = self.started_at?;
        let counted_from = failing_since.max(started.plus(Duration(start_period)));
        let retries = u64::from(container.health_check_retries.unwrap_or(3));
        Some(counted_from.plus(Duration(interval.saturating_mul(retries))))
    }

    /// A container with a health check reports HEALTHY once its start period and
    /// a first passing interval have gone by while running, UNHEALTHY once a failing
    /// check has failed `retries` times; otherwise (or without a check) UNKNOWN.
    fn container_health(&self, container: &TaskContainer, now: SimTime) -> &'static str {
        let (Some((interval, start_period)), Some(started), TaskStatus::Running) =
            (container.health_check, self.started_at, self.last_status)
        else {
            return "UNKNOWN";
        };
        if self
            .container_unhealthy_at(container)
            .is_some_and(|at| now >= at)
        {
            return "UNHEALTHY";
        }
        let first_pass = started.plus(Duration(start_period + interval));
        let passed_once = container
            .health_failing_since
            .is_none_or(|since| since > first_pass);
        if now >= first_pass && passed_once {
            "HEALTHY"
        } else {
            "UNKNOWN"
        }
    }

    /// When the first essential container turns UNHEALTHY, if one's check is failing.
    /// From when ECS itself counts the running task healthy for a deployment:
    /// once every essential container's health check has passed (start period
    /// plus one interval), or without checks 40 seconds after it started —
    /// at once when a load balancer's health checks decide instead.
    pub fn healthy_from(&self) -> Option<SimTime> {
        let started = self.started_at?;
        let checked = self
            .containers
            .iter()
            .filter(|c| c.essential)
            .filter_map(|c| c.health_check)
            .map(|(interval, start_period)| started.plus(Duration(start_period + interval)))
            .max();
        Some(checked.unwrap_or(if self.targets.is_empty() {
            started.plus(Duration(NO_CHECK_HEALTHY_SECONDS))
        } else {
            started
        }))
    }

    pub fn unhealthy_at(&self) -> Option<SimTime> {
        self.containers
            .iter()
            .filter(|c| c.essential)
            .filter_map(|c| self.container_unhealthy_at(c))
            .min()
    }

    /// The task's health from its essential containers' checks, in AWS's priority
    /// order: UNHEALTHY if any is, HEALTHY if all are, otherwise UNKNOWN.
    pub fn health_status(&self, now: SimTime) -> &'static str {
        let statuses: Vec<&'static str> = self
            .containers
            .iter()
            .filter(|c| c.essential && c.health_check.is_some())
            .map(|c| self.container_health(c, now))
            .collect();
        if statuses.contains(&"UNHEALTHY") {
            "UNHEALTHY"
        } else if !statuses.is_empty() && statuses.iter().all(|s| *s == "HEALTHY") {
            "HEALTHY"
        } else {
            "UNKNOWN"
        }
    }

    /// ECS Exec's agent in each container (`managedAgents`): it starts with the task.
    fn execute_command_agent(&self) -> Value {
        let status = match self.last_status {
            s if s.is_starting() => "PENDING",
            TaskStatus::Running => "RUNNING",
            _ => "STOPPED",
        };
        let mut agent = json!({ "name": "ExecuteCommandAgent", "lastStatus": status });
        if let (Some(started), Value::Object(map)) = (self.started_at, &mut agent) {
            map.insert("lastStartedAt".into(), json!(started.to_iso8601()));
        }
        json!([agent])
    }

    /// The `Task` shape of DescribeTasks.
    pub fn shape(
        &self,
        region: &str,
        account_id: &str,
        cpu_text: &str,
        memory_text: &str,
        now: SimTime,
    ) -> Value {
        let arn = self.arn(region, account_id);
        let containers: Vec<Value> = self
            .containers
            .iter()
            .map(|c| {
                let mut shape = json!({
                    "containerArn": format!("arn:aws:ecs:{region}:{account_id}:container/{}/{}/{}", self.cluster, self.id, c.name),
                    "taskArn": arn,
                    "name": c.name,
                    "image": c.image,
                    "lastStatus": match (c.exit_code, self.last_status) {
                        // A sidecar that exited while the task runs on.
                        (Some(_), TaskStatus::Running | TaskStatus::Deactivating) => "STOPPED",
                        _ => container_status(self.last_status),
                    },
                    "healthStatus": self.container_health(c, now),
                    "cpu": "0",
                });
                if let Value::Object(map) = &mut shape {
                    if let Some(code) = c.exit_code {
                        map.insert("exitCode".into(), json!(code));
                    }
                    if let Some(reason) = &c.reason {
                        map.insert("reason".into(), json!(reason));
                    }
                    if self.enable_execute_command {
                        map.insert("managedAgents".into(), self.execute_command_agent());
                    }
                    // Docker's container id, once the container has been started.
                    if self.started_at.is_some() {
                        map.insert(
                            "runtimeId".into(),
                            json!(super::execute_command::runtime_id(&self.id, &c.name)),
                        );
                    }
                    if let Some(network) = &self.network {
                        map.insert("networkInterfaces".into(), json!([{
                            "attachmentId": attachment_id(&self.id),
                            "privateIpv4Address": network.private_ip.map(|ip| ip.to_string()),
                        }]));
                    }
                }
                shape
            })
            .collect();
        let mut shape = json!({
            "attachments": [],
            "availabilityZone": self.availability_zone,
            "clusterArn": format!("arn:aws:ecs:{region}:{account_id}:cluster/{}", self.cluster),
            "containers": containers,
            "cpu": cpu_text,
            "createdAt": self.created_at.to_iso8601(),
            "desiredStatus": if self.desired_stopped { "STOPPED" } else { "RUNNING" },
            "enableExecuteCommand": self.enable_execute_command,
            "group": self.group,
            "healthStatus": self.health_status(now),
            "lastStatus": self.last_status.name(),
            "launchType": self.launch_type.name(),
            "memory": memory_text,
            "overrides": { "containerOverrides": self.containers.iter().map(|c| json!({ "name": c.name })).collect::<Vec<_>>() },
            "tags": [],
            "taskArn": arn,
            "taskDefinitionArn": self.task_definition_arn,
            "version": 1,
        });
        if let Value::Object(map) = &mut shape {
            if self.launch_type == LaunchType::Fargate {
                map.insert("platformVersion".into(), json!("1.4.0"));
                map.insert("platformFamily".into(), json!("Linux"));
                map.insert(
                    "capacityProviderName".into(),
                    json!(self.capacity_provider_name.as_deref().unwrap_or("FARGATE")),
                );
                map.insert("ephemeralStorage".into(), json!({ "sizeInGiB": 20 }));
            }
            if let Some(network) = &self.network {
                let mut details = vec![json!({ "name": "subnetId", "value": network.subnet_id })];
                if let Some(eni) = &network.network_interface_id {
                    details.push(json!({ "name": "networkInterfaceId", "value": eni }));
                }
                if let Some(ip) = network.private_ip {
                    details.push(json!({ "name": "privateIPv4Address", "value": ip.to_string() }));
                }
                let status = match self.last_status {
                    TaskStatus::Provisioning => "PRECREATED",
                    TaskStatus::Deprovisioning => "DELETING",
                    TaskStatus::Stopped => "DELETED",
                    _ => "ATTACHED",
                };
                map.insert("attachments".into(), json!([{ "id": attachment_id(&self.id), "type": "ElasticNetworkInterface", "status": status, "details": details }]));
            }
            if let Some(instance) = &self.container_instance_arn {
                map.insert("containerInstanceArn".into(), json!(instance));
            }
            if let (LaunchType::Ec2, Some(provider)) =
                (self.launch_type, &self.capacity_provider_name)
            {
                map.insert("capacityProviderName".into(), json!(provider));
            }
            let times = [
                ("pullStartedAt", self.pull_started_at),
                ("pullStoppedAt", self.pull_stopped_at),
                ("startedAt", self.started_at),
                ("stoppingAt", self.stopping_at),
                ("stoppedAt", self.stopped_at),
            ];
            for (key, at) in times {
                if let Some(at) = at {
                    map.insert(key.into(), json!(at.to_iso8601()));
                }
            }
            if let Some(by) = &self.started_by {
                map.insert("startedBy".into(), json!(by));
            }
            if let Some(code) = &self.stop_code {
                map.insert("stopCode".into(), json!(code));
            }
            if let Some(reason) = &self.stopped_reason {
                map.insert("stoppedReason".into(), json!(reason));
            }
        }
        shape
    }
}

fn container_status(task: TaskStatus) -> &'static str {
    match task {
        TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating => "PENDING",
        TaskStatus::Running | TaskStatus::Deactivating => "RUNNING",
        _ => "STOPPED",
    }
}

/// A stable attachment id derived from the task id (AWS shows a UUID).
fn attachment_id(task_id: &str) -> String {
    let hex: String = task_id
        .chars()
        .chain(task_id.chars().rev())
        .take(32)
        .collect();
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("0").to_string();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A running task started at t=0 with one essential container checked every
    /// 10 s after a 20 s start period, 3 retries.
    fn running_task(failing_since: Option<u64>) -> Task {
        Task {
            id: "t".into(),
            cluster: "default".into(),
            task_definition_arn: "arn".into(),
            group: "service:web".into(),
            service: Some("web".into()),
            started_by: None,
            launch_type: LaunchType::Fargate,
            last_status: TaskStatus::Running,
            desired_stopped: false,
            created_at: SimTime(0),
            next_at: None,
            pull_started_at: None,
            pull_stopped_at: None,
            started_at: Some(SimTime(0)),
            stopping_at: None,
            stopped_at: None,
            stop_code: None,
            stopped_reason: None,
            start_failed: false,
            container_instance_arn: None,
            availability_zone: "ap-northeast-1a".into(),
            network: None,
            host_ports: Vec::new(),
            cpu: 256,
            memory: 512,
            containers: vec![TaskContainer {
                name: "web".into(),
                image: "nginx".into(),
                essential: true,
                health_check: Some((10, 20)),
                health_check_retries: Some(3),
                health_failing_since: failing_since.map(SimTime),
                exit_code: None,
                reason: None,
                job_seconds: None,
                secret_values: BTreeMap::new(),
            }],
            targets: Vec::new(),
            targets_deregistered: false,
            capacity_provider_name: None,
            enable_execute_command: false,
            job_seconds: None,
            awaiting_capacity: None,
            service_connect_namespace: None,
        }
    }

    #[test]
    fn a_passing_check_is_healthy_after_the_start_period_and_one_interval() {
        let task = running_task(None);
        assert_eq!(task.health_status(SimTime(29)), "UNKNOWN");
        assert_eq!(task.health_status(SimTime(30)), "HEALTHY");
        assert_eq!(task.unhealthy_at(), None);
    }

    #[test]
    fn failures_in_the_start_period_do_not_count() {
        // Failing from the start: retries count only after the 20 s start period.
        let task = running_task(Some(0));
        assert_eq!(task.unhealthy_at(), Some(SimTime(50)));
        assert_eq!(task.health_status(SimTime(30)), "UNKNOWN");
        assert_eq!(task.health_status(SimTime(49)), "UNKNOWN");
        assert_eq!(task.health_status(SimTime(50)), "UNHEALTHY");
    }

    #[test]
    fn a_healthy_container_stays_healthy_until_retries_failures() {
        let task = running_task(Some(100));
        assert_eq!(task.health_status(SimTime(120)), "HEALTHY");
        assert_eq!(task.health_status(SimTime(130)), "UNHEALTHY");
    }

    #[test]
    fn a_nonessential_container_does_not_decide_the_task_health() {
        let mut task = running_task(Some(0));
        task.containers[0].essential = false;
        assert_eq!(task.health_status(SimTime(100)), "UNKNOWN");
        assert_eq!(task.unhealthy_at(), None);
    }
}

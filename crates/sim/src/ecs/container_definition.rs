//! A task definition's container definitions, with AWS's JSON field names.
//!
//! Fields are declared in the order of botocore's `ContainerDefinition` shape,
//! which is also the order AWS prints them in, so a registered definition reads
//! like the real `describe-task-definition` output. Members the simulator does
//! not interpret are kept as raw JSON so a real definition round-trips.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Default health-check settings AWS fills in when a field is omitted.
pub const HEALTH_CHECK_INTERVAL_DEFAULT: i64 = 30;
pub const HEALTH_CHECK_TIMEOUT_DEFAULT: i64 = 5;
pub const HEALTH_CHECK_RETRIES_DEFAULT: i64 = 3;
/// `stopTimeout` when omitted: SIGTERM, wait 30 s, SIGKILL.
pub const STOP_TIMEOUT_DEFAULT: i64 = 30;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_credentials: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_mappings: Option<Vec<PortMapping>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub essential: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_point: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<Vec<KeyValuePair>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_files: Option<Vec<EnvironmentFile>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mount_points: Option<Vec<MountPoint>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volumes_from: Option<Vec<VolumeFrom>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux_parameters: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Vec<Secret>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<Vec<ContainerDependency>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_consistency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_networking: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privileged: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readonly_root_filesystem: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_servers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_search_domains: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_hosts: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_security_options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudo_terminal: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docker_labels: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ulimits: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_controls: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_requirements: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firelens_configuration: Option<FirelensConfiguration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_specs: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port_range: Option<String>,
}

/// `environment` entries and `proxyConfiguration.properties`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyValuePair {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentFile {
    #[serde(default)]
    pub value: String,
    #[serde(default, rename = "type")]
    pub file_type: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MountPoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_volume: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VolumeFrom {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_container: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

/// A secret injected into the container: `valueFrom` is an SSM parameter or
/// Secrets Manager ARN, fetched with the task *execution* role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value_from: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDependency {
    #[serde(default)]
    pub container_name: String,
    #[serde(default)]
    pub condition: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogConfiguration {
    #[serde(default)]
    pub log_driver: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_options: Option<Vec<Secret>>,
}

impl LogConfiguration {
    /// The value of a driver option, if set to a string.
    pub fn option(&self, key: &str) -> Option<&str> {
        self.options.as_ref()?.get(key)?.as_str()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    #[serde(default)]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_period: Option<i64>,
}

/// A health check with every default applied, in seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HealthCheckSettings {
    pub interval: u64,
    pub timeout: u64,
    pub retries: u32,
    pub start_period: u64,
}

impl HealthCheck {
    pub fn settings(&self) -> HealthCheckSettings {
        // Registration has already range-checked these; clamping only keeps a
        // hand-edited saved world from producing nonsense.
        let secs = |v: Option<i64>, default: i64| u64::try_from(v.unwrap_or(default)).unwrap_or(0);
        HealthCheckSettings {
            interval: secs(self.interval, HEALTH_CHECK_INTERVAL_DEFAULT),
            timeout: secs(self.timeout, HEALTH_CHECK_TIMEOUT_DEFAULT),
            retries: u32::try_from(self.retries.unwrap_or(HEALTH_CHECK_RETRIES_DEFAULT))
                .unwrap_or(1),
            start_period: secs(self.start_period, 0),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirelensConfiguration {
    #[serde(default, rename = "type")]
    pub config_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Map<String, Value>>,
}

/// Transport protocol of a port mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    pub fn parse(text: &str) -> Option<Protocol> {
        match text {
            "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            _ => None,
        }
    }

    /// As AWS capitalises it in messages (`TCP host port '80' …`).
    pub fn upper(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        }
    }
}

impl PortMapping {
    /// The container port; `None` only for a `containerPortRange` mapping.
    pub fn container_port(&self) -> Option<u16> {
        self.container_port.and_then(|p| u16::try_from(p).ok())
    }

    /// The fixed host port, or `None` for a dynamic one (bridge mode, `0` or
    /// omitted: Docker picks from the ephemeral range).
    pub fn host_port(&self) -> Option<u16> {
        self.host_port
            .and_then(|p| u16::try_from(p).ok())
            .filter(|&p| p != 0)
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
            .as_deref()
            .and_then(Protocol::parse)
            .unwrap_or(Protocol::Tcp)
    }
}

impl ContainerDefinition {
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("")
    }

    pub fn image(&self) -> &str {
        self.image.as_deref().unwrap_or("")
    }

    /// Omitted `essential` means essential.
    /// How long the container runs before it exits by itself (code 0), for a
    /// batch job: the playground reads a command that ends with `sleep N`
    /// (`["sleep","30"]`, `["sh","-c","make-report && sleep 30"]`), adding up
    /// the sleeps in sequence. A loop (`while … sleep 5; done`), or anything
    /// after the last sleep (`sleep 5 && exec nginx`), is a server: it runs
    /// until it is stopped, like every other container.
    pub fn job_seconds(&self) -> Option<u64> {
        let words: Vec<&str> = self
            .entry_point
            .iter()
            .chain(self.command.iter())
            .flatten()
            .flat_map(|part| part.split(|c: char| c.is_whitespace() || c == ';' || c == '&'))
            .filter(|w| !w.is_empty())
            .collect();
        if words
            .iter()
            .any(|w| matches!(*w, "while" | "until" | "for" | "do" | "done"))
        {
            return None;
        }
        let seconds = |w: &str| w.trim_end_matches('s').parse::<u64>().ok();
        let (last, before) = words.split_last()?;
        let ends_with_sleep = before.last() == Some(&"sleep") && seconds(last).is_some();
        if !ends_with_sleep {
            return None;
        }
        let total = words
            .windows(2)
            .filter(|pair| pair[0] == "sleep")
            .filter_map(|pair| seconds(pair[1]))
            .fold(0u64, u64::saturating_add);
        Some(total.min(7 * 24 * 3600))
    }

    pub fn is_essential(&self) -> bool {
        self.essential.unwrap_or(true)
    }

    pub fn port_mappings(&self) -> &[PortMapping] {
        self.port_mappings.as_deref().unwrap_or(&[])
    }

    /// CPU units reserved for the container (0 when omitted).
    pub fn cpu_units(&self) -> u32 {
        self.cpu.and_then(|c| u32::try_from(c).ok()).unwrap_or(0)
    }

    /// The hard memory limit in MiB, if any.
    pub fn memory_limit_mib(&self) -> Option<u32> {
        self.memory.and_then(|m| u32::try_from(m).ok())
    }

    /// What EC2 placement reserves: `memoryReservation` if set, else `memory`.
    pub fn reserved_memory_mib(&self) -> Option<u32> {
        self.memory_reservation
            .or(self.memory)
            .and_then(|m| u32::try_from(m).ok())
    }

    /// The log driver (`awslogs`, `awsfirelens`, …), if logging is configured.
    pub fn log_driver(&self) -> Option<&str> {
        self.log_configuration
            .as_ref()
            .map(|l| l.log_driver.as_str())
    }

    /// The health check with defaults applied, if the container has one.
    pub fn health_check(&self) -> Option<HealthCheckSettings> {
        self.health_check.as_ref().map(HealthCheck::settings)
    }

    pub fn depends_on(&self) -> &[ContainerDependency] {
        self.depends_on.as_deref().unwrap_or(&[])
    }

    pub fn secrets(&self) -> &[Secret] {
        self.secrets.as_deref().unwrap_or(&[])
    }

    pub fn links(&self) -> &[String] {
        self.links.as_deref().unwrap_or(&[])
    }

    pub fn mount_points(&self) -> &[MountPoint] {
        self.mount_points.as_deref().unwrap_or(&[])
    }

    /// Seconds between SIGTERM and SIGKILL when the container is stopped.
    pub fn stop_timeout_seconds(&self) -> u64 {
        u64::try_from(self.stop_timeout.unwrap_or(STOP_TIMEOUT_DEFAULT)).unwrap_or(0)
    }

    /// Whether this container is the FireLens log router.
    pub fn is_log_router(&self) -> bool {
        self.firelens_configuration.is_some()
    }

    /// Whether the image lives in a private Amazon ECR registry
    /// (`<account>.dkr.ecr.<region>.amazonaws.com/…`), which needs ECR
    /// credentials to pull; `public.ecr.aws` and Docker Hub do not.
    pub fn pulls_from_private_ecr(&self) -> bool {
        is_private_ecr_image(self.image())
    }

    /// A member of `linuxParameters`, which is kept as raw JSON.
    pub fn linux_parameter(&self, key: &str) -> Option<&Value> {
        self.linux_parameters
            .as_ref()?
            .get(key)
            .filter(|v| !v.is_null())
    }
}

/// `<12-digit account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repository>…`
pub fn is_private_ecr_image(image: &str) -> bool {
    let Some((host, repo)) = image.split_once('/') else {
        return false;
    };
    let Some((account, rest)) = host.split_once('.') else {
        return false;
    };
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && (rest.starts_with("dkr.ecr.") || rest.starts_with("dkr.ecr-fips."))
        && (rest.ends_with(".amazonaws.com") || rest.ends_with(".amazonaws.com.cn"))
        && !repo.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_job_is_a_container_that_sleeps_then_exits() {
        let job = |value: serde_json::Value| {
            serde_json::from_value::<ContainerDefinition>(value)
                .unwrap()
                .job_seconds()
        };
        assert_eq!(
            job(serde_json::json!({ "name": "a", "image": "x", "command": ["sleep", "30"] })),
            Some(30)
        );
        assert_eq!(
            job(
                serde_json::json!({ "name": "a", "image": "x", "command": ["sh", "-c", "echo hi && sleep 45s"] })
            ),
            Some(45)
        );
        assert_eq!(
            job(
                serde_json::json!({ "name": "a", "image": "x", "entryPoint": ["sleep"], "command": ["600"] })
            ),
            Some(600)
        );
        assert_eq!(
            job(
                serde_json::json!({ "name": "a", "image": "x", "command": ["sleep", "99999999999"] })
            ),
            Some(7 * 24 * 3600)
        );
        assert_eq!(
            job(serde_json::json!({ "name": "a", "image": "nginx" })),
            None
        );
        assert_eq!(
            job(serde_json::json!({ "name": "a", "image": "x", "command": ["sleep", "infinity"] })),
            None
        );
    }
    use serde_json::json;

    #[test]
    fn unknown_fields_are_ignored_and_raw_members_round_trip() {
        let doc = json!({
            "name": "app",
            "image": "nginx",
            "somethingNew": 1,
            "linuxParameters": {"initProcessEnabled": true, "capabilities": {"add": ["SYS_PTRACE"]}},
            "ulimits": [{"name": "nofile", "softLimit": 1024, "hardLimit": 4096}]
        });
        let c: ContainerDefinition = serde_json::from_value(doc).unwrap();
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(
            back["linuxParameters"]["capabilities"]["add"][0],
            "SYS_PTRACE"
        );
        assert_eq!(back["ulimits"][0]["hardLimit"], 4096);
        assert!(back.get("somethingNew").is_none());
    }

    #[test]
    fn omitted_fields_take_aws_defaults() {
        let c: ContainerDefinition = serde_json::from_value(json!({"name": "a"})).unwrap();
        assert!(c.is_essential());
        assert_eq!(c.cpu_units(), 0);
        assert_eq!(c.stop_timeout_seconds(), 30);
        let hc: HealthCheck = serde_json::from_value(json!({"command": ["CMD", "true"]})).unwrap();
        assert_eq!(
            hc.settings(),
            HealthCheckSettings {
                interval: 30,
                timeout: 5,
                retries: 3,
                start_period: 0
            }
        );
    }

    #[test]
    fn private_ecr_images_are_recognised() {
        assert!(is_private_ecr_image(
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1.0.0"
        ));
        assert!(is_private_ecr_image(
            "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/web"
        ));
        assert!(!is_private_ecr_image("public.ecr.aws/nginx/nginx:1.27"));
        assert!(!is_private_ecr_image("nginx:latest"));
        assert!(!is_private_ecr_image("ghcr.io/org/app:1"));
        assert!(!is_private_ecr_image(
            "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/"
        ));
    }

    #[test]
    fn host_port_zero_is_dynamic() {
        let p = PortMapping {
            container_port: Some(80),
            host_port: Some(0),
            ..Default::default()
        };
        assert_eq!(p.host_port(), None);
        assert_eq!(p.container_port(), Some(80));
        assert_eq!(p.protocol(), Protocol::Tcp);
    }
}

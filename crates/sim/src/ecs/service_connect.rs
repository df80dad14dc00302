//! ECS Service Connect: a service publishes its port mappings by name in a
//! Cloud Map namespace (`services[].portName`, `discoveryName`,
//! `clientAliases`), and the tasks of every service with Service Connect on
//! in that namespace — clients too — reach them by that name through the
//! proxy ECS adds, straight from task to task (no load balancer, so the
//! server tasks' security group must let the client tasks in). A task only
//! has the proxy if its service had Service Connect when it started.

use super::api_error::EcsApiError;
use super::task::{Task, TaskStatus};
use super::TaskDefinition;
use crate::world::World;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceConnectConfiguration {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceConnectService>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceConnectService {
    pub port_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovery_name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_aliases: Vec<ClientAlias>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress_port_override: Option<u16>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientAlias {
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_name: Option<String>,
}

impl ServiceConnectService {
    /// The name the endpoint is registered under (the port name by default).
    pub fn discovery(&self) -> &str {
        self.discovery_name.as_deref().unwrap_or(&self.port_name)
    }

    /// (host, port) pairs clients use: each alias, its DNS name defaulting to
    /// `discoveryName.namespace` (AWS's default).
    pub fn aliases(&self, namespace_name: &str) -> Vec<(String, u16)> {
        self.client_aliases
            .iter()
            .map(|a| {
                let host = a
                    .dns_name
                    .clone()
                    .unwrap_or_else(|| format!("{}.{namespace_name}", self.discovery()));
                (host, a.port)
            })
            .collect()
    }
}

/// Where a client's request to `host:port` goes: a server task and its container port.
pub enum Resolved {
    Endpoint {
        task: Box<Task>,
        port: u16,
        service: String,
    },
    /// The name is known, but no task of the service is running.
    NoEndpoint { service: String },
}

impl World {
    /// Checks a Service Connect configuration against the namespace and the
    /// task definition; returns it with the namespace as the Cloud Map ARN.
    pub(crate) fn check_service_connect(
        &self,
        config: &ServiceConnectConfiguration,
        td: &TaskDefinition,
        service_key: &str,
    ) -> Result<ServiceConnectConfiguration, EcsApiError> {
        let invalid = |m: String| EcsApiError::InvalidParameter(m);
        if !config.enabled {
            return Ok(ServiceConnectConfiguration {
                enabled: false,
                ..Default::default()
            });
        }
        let reference = config.namespace.as_deref().ok_or_else(|| {
            invalid("Service Connect is enabled but no namespace was given, and the cluster has no default namespace.".into())
        })?;
        let namespace = self
            .cloud_map
            .namespace(reference)
            .ok_or_else(|| EcsApiError::NamespaceNotFound(reference.to_string()))?;
        let port_names: Vec<&str> = td
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings())
            .filter_map(|p| p.name.as_deref())
            .collect();
        for service in &config.services {
            if !port_names.contains(&service.port_name.as_str()) {
                return Err(invalid(format!(
                    "The Service Connect port name {} does not match a named port mapping in the task definition {}:{}.",
                    service.port_name, td.family, td.revision
                )));
            }
            if service.client_aliases.iter().any(|a| a.port == 0) {
                return Err(invalid(
                    "A Service Connect client alias port must be between 1 and 65535.".into(),
                ));
            }
            // Each name and port is unique within the namespace.
            for (host, port) in service.aliases(&namespace.name) {
                let taken = self.ecs.services.iter().find(|(key, s)| {
                    key.as_str() != service_key
                        && s.status != super::service::ServiceStatus::Inactive
                        && s.service_connect.as_ref().is_some_and(|c| {
                            c.namespace.as_deref() == Some(namespace.arn.as_str())
                                && c.services.iter().any(|p| {
                                    p.aliases(&namespace.name).contains(&(host.clone(), port))
                                })
                        })
                });
                if let Some((_, other)) = taken {
                    return Err(invalid(format!(
                        "The client alias {host}:{port} is already used in the namespace {} by the service {}.",
                        namespace.name, other.name
                    )));
                }
            }
        }
        let mut checked = config.clone();
        checked.namespace = Some(namespace.arn.clone());
        Ok(checked)
    }

    /// The container port a port mapping name stands for in a task's definition.
    fn named_port(&self, task: &Task, port_name: &str) -> Option<u16> {
        self.ecs
            .task_definitions
            .get(&task.task_definition_arn)?
            .containers()
            .iter()
            .flat_map(|c| c.port_mappings())
            .find(|p| p.name.as_deref() == Some(port_name))
            .and_then(|p| p.container_port())
    }

    /// What `host:port` means to a task's Service Connect proxy, if anything:
    /// only tasks started with Service Connect have one, and only names
    /// published in their namespace resolve.
    pub(crate) fn resolve_service_connect(
        &self,
        client: &Task,
        host: &str,
        port: u16,
    ) -> Option<Resolved> {
        let namespace = client.service_connect_namespace.as_deref()?;
        let namespace_name = self.cloud_map.namespace(namespace)?.name.clone();
        let (service, published) = self.ecs.services.values().find_map(|s| {
            let config = s.service_connect.as_ref().filter(|c| c.enabled)?;
            if config.namespace.as_deref() != Some(namespace)
                || s.status == super::service::ServiceStatus::Inactive
            {
                return None;
            }
            config
                .services
                .iter()
                .find(|p| {
                    p.aliases(&namespace_name)
                        .iter()
                        .any(|(h, p)| h == host && *p == port)
                })
                .map(|p| (s.clone(), p.clone()))
        })?;
        let endpoint = self
            .ecs
            .tasks
            .values()
            .filter(|t| {
                t.of_service(&service.cluster, &service.name)
                    && t.last_status == TaskStatus::Running
                    && !t.desired_stopped
                    && t.service_connect_namespace.as_deref() == Some(namespace)
            })
            .find_map(|t| {
                let port = published
                    .ingress_port_override
                    .or_else(|| self.named_port(t, &published.port_name))?;
                Some((t.clone(), port))
            });
        Some(match endpoint {
            Some((task, port)) => Resolved::Endpoint {
                task: Box::new(task),
                port,
                service: service.name.clone(),
            },
            None => Resolved::NoEndpoint {
                service: service.name.clone(),
            },
        })
    }
}

/// `deployments[].serviceConnectResources`: the Cloud Map services a deployment registered.
pub fn resources(config: &ServiceConnectConfiguration, region: &str, account_id: &str) -> Value {
    json!(config
        .services
        .iter()
        .map(|s| json!({
            "discoveryName": s.discovery(),
            "discoveryArn": format!("arn:aws:servicediscovery:{region}:{account_id}:service/srv-{}", s.discovery()),
        }))
        .collect::<Vec<_>>())
}

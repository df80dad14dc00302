//! ECS Exec (`ExecuteCommand`): a command run inside a running container
//! through the SSM agent that ECS adds to tasks started with
//! `enableExecuteCommand`. What AWS needs is what is checked, in its order:
//! the task was started with it and is running; the task role allows the four
//! `ssmmessages` channel actions; the task's network reaches the
//! `ssmmessages` endpoint (a public IP, a NAT gateway or an interface
//! endpoint). Each session is kept in Session Manager's history.
//!
//! The playground's container has no real shell: it answers the commands a
//! learner debugs with (`env`, `hostname`, `curl`) from the model, so `curl`
//! from a frontend task to the backend's load balancer tells whether the
//! network lets it through — the bastion-less access the notes ask for.

use super::api_error::EcsApiError;
use super::task::{LaunchType, Task, TaskStatus};
use crate::ec2::Node;
use crate::elb::{RouteAction, Scheme, TargetState};
use crate::ssm::Session;
use crate::world::World;
use serde::Deserialize;
use serde_json::{json, Value};

/// ExecuteCommand's answer when the task was not started with ECS Exec or its agent is not running.
pub const NOT_ENABLED: &str = "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running. Wait and try again or run a new task with execute command enabled and try again.";
/// TargetNotConnectedException's message: the agent cannot reach Session Manager
/// (task role permissions, or no network path to `ssmmessages`).
pub const NOT_CONNECTED: &str =
    "The execute command failed due to an internal error. Try again later.";
/// What the task role must allow for the agent to open its channels.
pub const SSM_CHANNEL_ACTIONS: [&str; 4] = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
];
/// The commands the playground's container answers.
const KNOWN_COMMANDS: &str = "env, printenv, hostname, whoami, curl <url>";

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteCommandInput {
    pub cluster: Option<String>,
    pub task: String,
    pub container: Option<String>,
    pub command: String,
    pub interactive: bool,
}

/// Why the agent cannot connect, in the playground's words (AWS only says
/// TargetNotConnectedException; this is what `amazon-ecs-exec-checker` finds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotConnected {
    NoTaskRole,
    MissingPermissions { role: String, actions: Vec<String> },
    NoRouteToSsmMessages { blocking: String },
}

impl World {
    fn exec_task(&self, cluster: &str, reference: &str) -> Result<&Task, EcsApiError> {
        let id = reference.rsplit('/').next().unwrap_or(reference);
        self.ecs
            .tasks
            .get(id)
            .filter(|t| t.cluster == cluster)
            .ok_or_else(|| {
                EcsApiError::InvalidParameter("The referenced task was not found.".into())
            })
    }

    /// The interface the task's traffic leaves from: its own ENI (awsvpc) or its instance's.
    pub(crate) fn task_interface(&self, task: &Task) -> Option<Node> {
        if let Some(network) = &task.network {
            return Some(Node::Interface {
                subnet_id: network.subnet_id.clone(),
                security_group_ids: network.security_group_ids.clone(),
                private_ip: network.private_ip,
                public_ip: network.public_ip,
            });
        }
        let instance = self
            .ecs
            .container_instances
            .get(task.container_instance_arn.as_deref()?)?;
        Some(Node::Interface {
            subnet_id: instance.subnet_id.clone(),
            security_group_ids: instance.security_group_ids.clone(),
            private_ip: self
                .ec2
                .network_interfaces
                .get(&instance.network_interface_id)
                .map(|e| e.private_ip),
            public_ip: instance.public_ip,
        })
    }

    /// Whether the task's SSM agent can reach Session Manager, and if not, why.
    pub fn exec_agent_connection(&self, task: &Task) -> Result<(), NotConnected> {
        let role_arn = self
            .ecs
            .task_definitions
            .get(&task.task_definition_arn)
            .and_then(|td| td.task_role_arn.clone())
            .filter(|arn| !arn.is_empty())
            .ok_or(NotConnected::NoTaskRole)?;
        let role = self.iam.role_by_arn(&role_arn);
        let missing: Vec<String> = SSM_CHANNEL_ACTIONS
            .iter()
            .filter(|action| {
                !role.is_some_and(|r| r.trusts("ecs-tasks.amazonaws.com") && r.allows(action))
            })
            .map(|a| a.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(NotConnected::MissingPermissions {
                role: role_arn,
                actions: missing,
            });
        }
        let from = self
            .task_interface(task)
            .ok_or(NotConnected::NoRouteToSsmMessages {
                blocking: "the task has no network interface".into(),
            })?;
        let trace = self
            .ec2
            .reachability(&from, &Node::AwsService("ssmmessages".into()), 443);
        if trace.reachable {
            Ok(())
        } else {
            Err(NotConnected::NoRouteToSsmMessages {
                blocking: trace
                    .blocking()
                    .map(|h| format!("{}: {}", h.resource, h.detail))
                    .unwrap_or_default(),
            })
        }
    }

    /// `ExecuteCommand`: checks what AWS checks, records the Session Manager
    /// session and returns the API's response. The command's output comes
    /// from [`World::run_in_container`].
    pub(crate) fn ecs_execute_command(
        &mut self,
        input: ExecuteCommandInput,
    ) -> Result<Value, EcsApiError> {
        let cluster = self.cluster(input.cluster.as_deref())?.name.clone();
        if !input.interactive {
            return Err(EcsApiError::InvalidParameter(
                "Interactive is the only mode supported currently.".into(),
            ));
        }
        let task = self.exec_task(&cluster, &input.task)?;
        let container =
            match &input.container {
                Some(name) => task
                    .containers
                    .iter()
                    .find(|c| &c.name == name)
                    .ok_or_else(|| {
                        EcsApiError::InvalidParameter(format!(
                            "The container {name} does not exist in the task."
                        ))
                    })?,
                None if task.containers.len() == 1 => task
                    .containers
                    .first()
                    .ok_or_else(|| EcsApiError::InvalidParameter(NOT_ENABLED.into()))?,
                None => return Err(EcsApiError::InvalidParameter(
                    "A container name must be specified when the task has more than one container."
                        .into(),
                )),
            };
        if !task.enable_execute_command || task.last_status != TaskStatus::Running {
            return Err(EcsApiError::InvalidParameter(NOT_ENABLED.into()));
        }
        if self.exec_agent_connection(task).is_err() {
            return Err(EcsApiError::TargetNotConnected(NOT_CONNECTED.into()));
        }
        let (task_id, task_arn) = (task.id.clone(), task.arn(&self.region, &self.account_id));
        let container_name = container.name.clone();
        let runtime_id = runtime_id(&task_id, &container_name);
        let session_id = format!("ecs-execute-command-{}", self.rng_hex(17));
        let token = self.rng_hex(32);
        self.ssm.record(Session {
            session_id: session_id.clone(),
            target: format!("ecs:{cluster}_{task_id}_{runtime_id}"),
            owner: format!("arn:aws:iam::{}:root", self.account_id),
            start_date: self.now,
            end_date: self.now,
        });
        Ok(json!({
            "clusterArn": format!("arn:aws:ecs:{}:{}:cluster/{cluster}", self.region, self.account_id),
            "containerArn": format!("arn:aws:ecs:{}:{}:container/{cluster}/{task_id}/{container_name}", self.region, self.account_id),
            "containerName": container_name,
            "interactive": true,
            "session": {
                "sessionId": session_id,
                "streamUrl": format!("wss://ssmmessages.{}.amazonaws.com/v1/data-channel/{session_id}?role=publish_subscribe&cell-number=AAEAAQ", self.region),
                "tokenValue": token,
            },
            "taskArn": task_arn,
        }))
    }

    /// What `command` prints when run in the task's container: the playground
    /// answers `env`/`printenv`, `hostname`, `whoami` and `curl` from the model.
    pub fn run_in_container(
        &self,
        task_id: &str,
        container: Option<&str>,
        command: &str,
    ) -> String {
        let Some(task) = self.ecs.tasks.get(task_id) else {
            return String::new();
        };
        let mut words: Vec<String> = command.split_whitespace().map(unquote).collect();
        // `sh -c "…"` runs what it is given (peeled in a loop: no recursion on long input).
        while words.len() > 2 && is_shell(&words[0]) && words[1] == "-c" {
            words.drain(..2);
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        match words.as_slice() {
            [shell] if is_shell(shell) => format!(
                "# The playground's container runs one command per session and has no interactive shell.\n# Pass the command itself: --command \"env\" (it answers {KNOWN_COMMANDS}).\n"
            ),
            ["env"] | ["printenv"] => self.container_environment(task, container),
            ["printenv", name] => self
                .container_environment(task, container)
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}=")).map(|v| format!("{v}\n")))
                .unwrap_or_default(),
            ["hostname"] => format!("{}\n", hostname(task, &self.region)),
            ["whoami"] => "root\n".into(),
            ["curl", args @ ..] => match curl_url(args) {
                Some(url) => self.curl_from(task, container, url),
                None => "curl: try 'curl --help' or 'curl --manual' for more information\n".into(),
            },
            [] => String::new(),
            [program, ..] => format!(
                "sh: {program}: not found\n# The playground's container answers {KNOWN_COMMANDS}.\n"
            ),
        }
    }

    fn container_environment(&self, task: &Task, container: Option<&str>) -> String {
        let td = self.ecs.task_definitions.get(&task.task_definition_arn);
        let definition = td.and_then(|td| {
            td.containers()
                .iter()
                .find(|c| container.is_none_or(|name| c.name() == name))
        });
        let execution_env = match task.launch_type {
            LaunchType::Fargate => "AWS_ECS_FARGATE",
            LaunchType::Ec2 => "AWS_ECS_EC2",
        };
        let name = definition.map(|c| c.name()).unwrap_or_default();
        let runtime = runtime_id(&task.id, name);
        let mut lines = vec![
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
            format!("HOSTNAME={}", hostname(task, &self.region)),
            format!("AWS_EXECUTION_ENV={execution_env}"),
            format!("AWS_DEFAULT_REGION={}", self.region),
            format!("AWS_REGION={}", self.region),
            format!("ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/{runtime}"),
            format!("ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/{runtime}"),
        ];
        if td.is_some_and(|td| td.has_task_role()) {
            lines.push(format!(
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/v2/credentials/{}",
                task.id.get(..8).unwrap_or(&task.id)
            ));
        }
        if let Some(definition) = definition {
            for pair in definition.environment.iter().flatten() {
                if let (Some(k), Some(v)) = (&pair.name, &pair.value) {
                    lines.push(format!("{k}={v}"));
                }
            }
        }
        // The values ECS read when the task started, not the secret's current ones.
        if let Some(started) = task.containers.iter().find(|c| c.name == name) {
            for (name, value) in &started.secret_values {
                lines.push(format!("{name}={value}"));
            }
        }
        lines.push("HOME=/root".into());
        lines.join("\n") + "\n"
    }

    /// `curl URL` from inside the task: a load balancer by its DNS name, a
    /// task by its address, `localhost`, or anywhere on the internet — over
    /// the network path the task really has.
    fn curl_from(&self, task: &Task, container: Option<&str>, url: &str) -> String {
        let Some(parsed) = Url::parse(url) else {
            return "curl: (3) URL rejected: Malformed input to a URL function\n".to_string();
        };
        let connected = |address: &str| {
            format!(
                "*   Trying {address}:{port}...\n* Connected to {host} ({address}) port {port}\n",
                port = parsed.port,
                host = parsed.host
            )
        };
        let timed_out = |address: &str, why: &str| {
            format!(
                "*   Trying {address}:{port}...\n* connect to {address} port {port} failed: Connection timed out\n*   (the playground: {why})\ncurl: (28) Failed to connect to {host} port {port} after 130000 ms: Couldn't connect to server\n",
                port = parsed.port,
                host = parsed.host
            )
        };
        let refused = |address: &str| {
            format!(
                "*   Trying {address}:{port}...\n* connect to {address} port {port} failed: Connection refused\ncurl: (7) Failed to connect to {host} port {port} after 1 ms: Couldn't connect to server\n",
                port = parsed.port,
                host = parsed.host
            )
        };
        let Some(from) = self.task_interface(task) else {
            return "curl: (6) Could not resolve host: the task has no network\n".into();
        };
        let blocked = |trace: &crate::ec2::Trace| {
            trace
                .blocking()
                .map(|h| h.detail.clone())
                .unwrap_or_default()
        };

        // The container itself.
        if matches!(parsed.host.as_str(), "localhost" | "127.0.0.1") {
            let listens = self
                .ecs
                .task_definitions
                .get(&task.task_definition_arn)
                .into_iter()
                .flat_map(|td| td.containers())
                .filter(|c| container.is_none_or(|name| c.name() == name))
                .flat_map(|c| c.port_mappings())
                .any(|p| p.container_port() == Some(parsed.port));
            return if listens {
                connected("127.0.0.1") + "< HTTP/1.1 200 OK\n"
            } else {
                refused("127.0.0.1")
            };
        }

        // A name Service Connect publishes in the task's namespace.
        if let Some(resolved) = self.resolve_service_connect(task, &parsed.host, parsed.port) {
            use super::service_connect::Resolved;
            return match resolved {
                Resolved::Endpoint {
                    task: server,
                    port,
                    service,
                } => {
                    let address = server
                        .network
                        .as_ref()
                        .and_then(|n| n.private_ip)
                        .map(|ip| ip.to_string())
                        .unwrap_or_default();
                    let Some(to) = self.task_interface(&server) else {
                        return timed_out(&address, "the server task has no interface");
                    };
                    // The proxies talk task to task: the server's group must let the client in.
                    let trace = self.ec2.reachability(&from, &to, port);
                    if trace.reachable {
                        connected(&address)
                            + &format!("< HTTP/1.1 200 OK\n*   (the playground: answered through Service Connect by task {address}:{port} of service {service})\n")
                    } else {
                        timed_out(&address, &blocked(&trace))
                    }
                }
                Resolved::NoEndpoint { service } => connected("127.255.0.1")
                    + &format!("< HTTP/1.1 503 Service Unavailable\n*   (the playground: service {service} has no running task with Service Connect)\n"),
            };
        }

        // A load balancer by its DNS name.
        if let Some(lb) = self
            .elb
            .load_balancers
            .values()
            .find(|lb| lb.dns_name.eq_ignore_ascii_case(&parsed.host))
        {
            let internal = lb.scheme == Scheme::Internal;
            let Some((node, address)) = lb.zones.first().map(|zone| {
                let ip = self
                    .ec2
                    .network_interfaces
                    .get(&zone.network_interface_id)
                    .map(|e| e.private_ip);
                (
                    Node::Interface {
                        subnet_id: zone.subnet_id.clone(),
                        security_group_ids: lb.security_groups.clone(),
                        private_ip: ip,
                        public_ip: !internal,
                    },
                    ip.map(|ip| ip.to_string()).unwrap_or_default(),
                )
            }) else {
                return format!("curl: (6) Could not resolve host: {}\n", parsed.host);
            };
            // An internet-facing load balancer is reached over the internet, even from its own VPC.
            let trace = if internal {
                self.ec2.reachability(&from, &node, parsed.port)
            } else {
                let out = self.ec2.reachability(&from, &Node::Internet, parsed.port);
                if out.reachable {
                    self.ec2.reachability(&Node::Internet, &node, parsed.port)
                } else {
                    out
                }
            };
            if !trace.reachable {
                return timed_out(&address, &blocked(&trace));
            }
            let Some(listener) = self
                .elb
                .listeners
                .values()
                .find(|l| l.load_balancer_arn == lb.arn && l.port == parsed.port)
            else {
                return refused(&address);
            };
            let status = match self.elb.route(&listener.arn, &parsed.path, &parsed.host) {
                Some(RouteAction::FixedResponse(fixed)) => format!(
                    "< HTTP/1.1 {}\n{}\n",
                    fixed.status_code,
                    fixed.message_body.unwrap_or_default()
                ),
                Some(RouteAction::Redirect(_)) => "< HTTP/1.1 301 Moved Permanently\n".into(),
                Some(RouteAction::Forward(groups)) => {
                    let healthy = groups
                        .iter()
                        .filter(|(_, weight)| *weight > 0)
                        .filter_map(|(arn, _)| self.elb.target_group(arn).ok())
                        .flat_map(|g| g.targets.iter().map(move |t| (g, t)))
                        .find(|(_, t)| t.state == TargetState::Healthy);
                    match healthy {
                        Some((group, target)) => format!(
                            "< HTTP/1.1 200 OK\n*   (the playground: answered by target {}:{} of {})\n",
                            target.id.id, target.id.port, group.name
                        ),
                        None => "< HTTP/1.1 503 Service Temporarily Unavailable\n*   (the playground: no healthy target behind the listener)\n".into(),
                    }
                }
                None => "< HTTP/1.1 503 Service Temporarily Unavailable\n".into(),
            };
            return connected(&address) + &status;
        }

        // Another task by its private address.
        if let Ok(ip) = parsed.host.parse::<std::net::Ipv4Addr>() {
            let other = self.ecs.tasks.values().find(|t| {
                !t.is_stopped() && t.network.as_ref().and_then(|n| n.private_ip) == Some(ip)
            });
            if let Some(other) = other {
                let Some(to) = self.task_interface(other) else {
                    return timed_out(&parsed.host, "the task has no interface");
                };
                let trace = self.ec2.reachability(&from, &to, parsed.port);
                if !trace.reachable {
                    return timed_out(&parsed.host, &blocked(&trace));
                }
                let listens = other.last_status == TaskStatus::Running
                    && self
                        .ecs
                        .task_definitions
                        .get(&other.task_definition_arn)
                        .into_iter()
                        .flat_map(|td| td.containers())
                        .flat_map(|c| c.port_mappings())
                        .any(|p| p.container_port() == Some(parsed.port));
                return if listens {
                    connected(&parsed.host) + "< HTTP/1.1 200 OK\n"
                } else {
                    refused(&parsed.host)
                };
            }
            if is_private(ip) {
                return timed_out(&parsed.host, "nothing in the account has this address");
            }
        }

        // A bare name nothing publishes (no Service Connect proxy knows it) does not resolve.
        if !parsed.host.contains('.') && parsed.host.parse::<std::net::Ipv4Addr>().is_err() {
            return format!("curl: (6) Could not resolve host: {}\n", parsed.host);
        }

        // Anywhere else: the internet.
        let trace = self.ec2.reachability(&from, &Node::Internet, parsed.port);
        if trace.reachable {
            connected("93.184.215.14") + "< HTTP/1.1 200 OK\n"
        } else {
            timed_out("93.184.215.14", &blocked(&trace))
        }
    }
}

/// The container's runtime id as Fargate shows it: `<task id>-<10 digits>`.
pub(crate) fn runtime_id(task_id: &str, container: &str) -> String {
    // FNV-1a: a stable number from the names, not from the world's random source.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in task_id.bytes().chain(container.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{task_id}-{}", 1_000_000_000 + hash % 3_000_000_000)
}

fn hostname(task: &Task, region: &str) -> String {
    match task.network.as_ref().and_then(|n| n.private_ip) {
        Some(ip) => format!(
            "ip-{}.{region}.compute.internal",
            ip.to_string().replace('.', "-")
        ),
        None => task.id.get(..12).unwrap_or(&task.id).to_string(),
    }
}

/// The URL among curl's arguments: one with a scheme, else the first word that
/// is neither an option nor the value of an option that takes one.
fn curl_url<'a>(args: &[&'a str]) -> Option<&'a str> {
    if let Some(url) = args.iter().find(|a| a.contains("://")) {
        return Some(url);
    }
    let takes_value = [
        "-o",
        "-H",
        "-d",
        "-X",
        "-m",
        "-u",
        "-A",
        "-e",
        "--max-time",
        "--output",
        "--header",
        "--data",
        "--request",
        "--connect-timeout",
        "--user",
    ];
    let mut skip = false;
    for arg in args {
        if skip {
            skip = false;
        } else if takes_value.contains(arg) {
            skip = true;
        } else if !arg.starts_with('-') {
            return Some(arg);
        }
    }
    None
}

fn is_shell(word: &str) -> bool {
    matches!(
        word,
        "sh" | "bash" | "/bin/sh" | "/bin/bash" | "/usr/bin/bash"
    )
}

fn unquote(word: &str) -> String {
    word.trim_matches(|c| c == '"' || c == '\'').to_string()
}

fn is_private(ip: std::net::Ipv4Addr) -> bool {
    ip.is_private() || ip.is_loopback() || ip.is_link_local()
}

/// The parts of an http(s) URL curl needs.
struct Url {
    host: String,
    port: u16,
    path: String,
}

impl Url {
    fn parse(text: &str) -> Option<Url> {
        let (default_port, rest) = if let Some(rest) = text.strip_prefix("https://") {
            (443, rest)
        } else if let Some(rest) = text.strip_prefix("http://") {
            (80, rest)
        } else if text.contains("://") {
            return None;
        } else {
            (80, text)
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse().ok()?),
            None => (authority, default_port),
        };
        if host.is_empty() || port == 0 {
            return None;
        }
        Some(Url {
            host: host.to_ascii_lowercase(),
            port,
            path: path.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_take_the_scheme_default_port_and_path() {
        let url = Url::parse("http://Backend.internal/health").unwrap();
        assert_eq!(
            (url.host.as_str(), url.port, url.path.as_str()),
            ("backend.internal", 80, "/health")
        );
        let url = Url::parse("https://example.com").unwrap();
        assert_eq!((url.port, url.path.as_str()), (443, "/"));
        let url = Url::parse("localhost:3000").unwrap();
        assert_eq!((url.host.as_str(), url.port), ("localhost", 3000));
        for bad in [
            "ftp://x",
            "http://:80",
            "http://x:0",
            "http://x:99999",
            "http://x:port",
        ] {
            assert!(Url::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_container_runtime_id_is_stable_and_fargate_shaped() {
        let id = runtime_id("0123456789abcdef0123456789abcdef", "web");
        assert_eq!(id, runtime_id("0123456789abcdef0123456789abcdef", "web"));
        assert_ne!(id, runtime_id("0123456789abcdef0123456789abcdef", "app"));
        let digits = id.rsplit('-').next().unwrap();
        assert_eq!(digits.len(), 10);
    }

    #[test]
    fn an_unknown_task_gets_no_output_and_shells_are_explained() {
        let mut world = World::new(1);
        assert_eq!(world.run_in_container("nope", None, "env"), "");
        let call = |world: &mut World, operation: &str, params: Value| {
            let command = crate::command::Command::from_api("ecs", operation, params).unwrap();
            world.apply(command).unwrap()
        };
        call(&mut world, "CreateCluster", json!({ "clusterName": "c" }));
        call(
            &mut world,
            "RegisterTaskDefinition",
            json!({ "family": "f", "networkMode": "awsvpc",
            "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
            "containerDefinitions": [{ "name": "web", "image": "nginx", "environment": [{ "name": "MODE", "value": "debug" }] }] }),
        );
        let subnet = world.ec2.subnets.keys().next().cloned().unwrap();
        let run = call(
            &mut world,
            "RunTask",
            json!({ "cluster": "c", "taskDefinition": "f", "launchType": "FARGATE",
            "networkConfiguration": { "awsvpcConfiguration": { "subnets": [subnet], "assignPublicIp": "ENABLED" } } }),
        );
        let id = run["tasks"][0]["taskArn"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string();
        assert!(world
            .run_in_container(&id, None, "/bin/sh")
            .contains("one command per session"));
        assert!(world
            .run_in_container(&id, None, "sh -c 'whoami'")
            .starts_with("root"));
        assert!(world
            .run_in_container(&id, None, "ls /")
            .contains("sh: ls: not found"));
        assert_eq!(
            world.run_in_container(&id, None, "printenv MODE"),
            "debug\n"
        );
        assert!(world
            .run_in_container(&id, None, "env")
            .contains("AWS_EXECUTION_ENV=AWS_ECS_FARGATE\n"));
        // Not started with ECS Exec: the call is refused and nothing is recorded.
        let exec = crate::command::Command::from_api(
            "ecs",
            "ExecuteCommand",
            json!({ "cluster": "c", "task": id, "interactive": true, "command": "env" }),
        )
        .unwrap();
        let before = world.clone();
        assert_eq!(
            world.apply(exec).unwrap_err().code,
            "InvalidParameterException"
        );
        assert_eq!(before, world);
    }
}

//! Table-driven tests of RegisterTaskDefinition's rules (one accepted and one
//! rejected case per rule at least, including aws-behaviour.md §9 vectors
//! 15–23), the store's describe/deregister/list behaviour, the samples, and a
//! never-panics sweep over malformed documents.
//!
//! Provenance of the messages checked here: "obs" = seen verbatim in real AWS
//! output; "doc" = AWS documentation; "pf" = quoted by public pre-flight
//! rules that claim to mirror the live API (full stop added); "model" = AWS
//! is silent, the simulator's wording.

use super::*;
use crate::clock::SimTime;
use serde_json::{json, Value};

const REGION: &str = "ap-northeast-1";
const ACCOUNT: &str = "123456789012";
const EXEC_ROLE: &str = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";

/// aws-behaviour.md §2.5: the minimal valid Fargate task definition.
fn fargate() -> Value {
    json!({
        "family": "web",
        "requiresCompatibilities": ["FARGATE"],
        "networkMode": "awsvpc",
        "cpu": "256",
        "memory": "512",
        "executionRoleArn": EXEC_ROLE,
        "containerDefinitions": [{
            "name": "app",
            "image": "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/web:1.0.0",
            "essential": true,
            "portMappings": [{ "containerPort": 80, "protocol": "tcp" }],
            "healthCheck": {
                "command": ["CMD-SHELL", "curl -f http://localhost/health || exit 1"],
                "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10
            },
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": "/ecs/web",
                    "awslogs-region": "ap-northeast-1",
                    "awslogs-stream-prefix": "web"
                }
            }
        }]
    })
}

/// A minimal EC2 (bridge) definition.
fn ec2() -> Value {
    json!({
        "family": "legacy",
        "containerDefinitions": [{ "name": "app", "image": "nginx:1.27", "memory": 256 }]
    })
}

fn with(mut doc: Value, patch: impl FnOnce(&mut Value)) -> Value {
    patch(&mut doc);
    doc
}

fn container(doc: &mut Value, i: usize) -> &mut Value {
    &mut doc["containerDefinitions"][i]
}

fn register_in(store: &mut TaskDefinitions, doc: Value) -> Result<Value, TaskDefinitionError> {
    let input: RegisterTaskDefinitionInput =
        serde_json::from_value(doc).expect("test documents are well-typed");
    store.register(input, REGION, ACCOUNT, SimTime(300))
}

fn register(doc: Value) -> Result<Value, TaskDefinitionError> {
    register_in(&mut TaskDefinitions::default(), doc)
}

fn rejected(doc: Value) -> TaskDefinitionError {
    match register(doc) {
        Err(e) => e,
        Ok(v) => panic!("expected a rejection, got {v:#}"),
    }
}

fn accepted(doc: Value) -> Value {
    match register(doc) {
        Ok(v) => v["taskDefinition"].clone(),
        Err(e) => panic!("expected acceptance, got {}: {e}", e.code()),
    }
}

type Case = (&'static str, Value, Option<TaskDefinitionError>);

fn run(cases: Vec<Case>) {
    for (name, doc, want) in cases {
        let got = register(doc);
        match (&want, &got) {
            (None, Ok(_)) => {}
            (Some(w), Err(g)) if w == g => {}
            _ => panic!("{name}: expected {want:?}, got {got:?}"),
        }
    }
}

fn two_containers(doc: Value, second: Value) -> Value {
    with(doc, |d| {
        d["containerDefinitions"]
            .as_array_mut()
            .expect("array")
            .push(second)
    })
}

#[test]
fn family_and_container_list() {
    run(vec![
        (
            "family ok",
            with(ec2(), |d| d["family"] = json!("web-app_1")),
            None,
        ),
        (
            "family dot (obs)",
            with(ec2(), |d| d["family"] = json!("web.app")),
            Some(TaskDefinitionError::FamilyInvalid),
        ),
        (
            "family 255",
            with(ec2(), |d| d["family"] = json!("a".repeat(255))),
            None,
        ),
        (
            "family 256",
            with(ec2(), |d| d["family"] = json!("a".repeat(256))),
            Some(TaskDefinitionError::FamilyInvalid),
        ),
        (
            "family empty",
            with(ec2(), |d| d["family"] = json!("")),
            Some(TaskDefinitionError::FamilyInvalid),
        ),
        (
            "no containers (obs)",
            with(ec2(), |d| d["containerDefinitions"] = json!([])),
            Some(TaskDefinitionError::ContainerListEmpty),
        ),
        (
            "ten containers",
            with(ec2(), |d| {
                d["containerDefinitions"] = Value::Array(
                    (0..10)
                        .map(|i| json!({"name": format!("c{i}"), "image": "busybox", "memory": 16}))
                        .collect(),
                )
            }),
            None,
        ),
        (
            "eleven containers (model)",
            with(ec2(), |d| {
                d["containerDefinitions"] = Value::Array(
                    (0..11)
                        .map(|i| json!({"name": format!("c{i}"), "image": "busybox", "memory": 16}))
                        .collect(),
                )
            }),
            Some(TaskDefinitionError::TooManyContainers { max: 10 }),
        ),
    ]);
}

#[test]
fn container_names_and_images() {
    run(vec![
        (
            "name missing (obs)",
            with(ec2(), |d| {
                container(d, 0).as_object_mut().unwrap().remove("name");
            }),
            Some(TaskDefinitionError::ContainerNameEmpty),
        ),
        (
            "name empty (obs)",
            with(ec2(), |d| container(d, 0)["name"] = json!("")),
            Some(TaskDefinitionError::ContainerNameEmpty),
        ),
        (
            "name with dot (obs)",
            with(ec2(), |d| container(d, 0)["name"] = json!("app.v1")),
            Some(TaskDefinitionError::ContainerNameInvalid),
        ),
        (
            "name underscore",
            with(ec2(), |d| container(d, 0)["name"] = json!("log_router")),
            None,
        ),
        (
            "duplicate names (pf)",
            two_containers(
                ec2(),
                json!({"name": "app", "image": "nginx", "memory": 64}),
            ),
            Some(TaskDefinitionError::ContainerNamesNotUnique),
        ),
        (
            "image missing (obs)",
            with(ec2(), |d| {
                container(d, 0).as_object_mut().unwrap().remove("image");
            }),
            Some(TaskDefinitionError::ImageEmpty),
        ),
        (
            "image placeholder (obs)",
            with(ec2(), |d| container(d, 0)["image"] = json!("<IMAGE>")),
            Some(TaskDefinitionError::ImageInvalid),
        ),
        (
            "image digest (doc)",
            with(ec2(), |d| {
                container(d, 0)["image"] = json!("public.ecr.aws/nginx/nginx@sha256:0123abcd")
            }),
            None,
        ),
    ]);
}

#[test]
fn essential_containers_vector_21() {
    run(vec![
        (
            "single non-essential (obs, §9 #21)",
            with(ec2(), |d| container(d, 0)["essential"] = json!(false)),
            Some(TaskDefinitionError::NoEssentialContainer),
        ),
        (
            "one essential of two",
            two_containers(
                with(ec2(), |d| container(d, 0)["essential"] = json!(false)),
                json!({"name": "side", "image": "busybox", "memory": 16}),
            ),
            None,
        ),
    ]);
}

#[test]
fn enum_values_and_roles() {
    run(vec![
        (
            "network mode host",
            with(ec2(), |d| d["networkMode"] = json!("host")),
            None,
        ),
        (
            "network mode unknown (model)",
            with(ec2(), |d| d["networkMode"] = json!("overlay")),
            Some(TaskDefinitionError::InvalidEnum {
                param: "networkMode",
                valid: "bridge,host,awsvpc,none",
            }),
        ),
        (
            "compat EXTERNAL",
            with(ec2(), |d| {
                d["requiresCompatibilities"] = json!(["EXTERNAL"])
            }),
            None,
        ),
        (
            "compat unknown (model)",
            with(ec2(), |d| d["requiresCompatibilities"] = json!(["LAMBDA"])),
            Some(TaskDefinitionError::InvalidEnum {
                param: "requiresCompatibilities",
                valid: "EC2,FARGATE,EXTERNAL,MANAGED_INSTANCES",
            }),
        ),
        (
            "role short name (doc)",
            with(ec2(), |d| d["taskRoleArn"] = json!("myTaskRole")),
            None,
        ),
        (
            "role user ARN (obs)",
            with(ec2(), |d| {
                d["taskRoleArn"] = json!("arn:aws:iam::123456789012:user/alice")
            }),
            Some(TaskDefinitionError::RoleNotValid),
        ),
        (
            "exec role garbage (obs)",
            with(ec2(), |d| {
                d["executionRoleArn"] = json!("arn:aws:iam::role")
            }),
            Some(TaskDefinitionError::RoleNotValid),
        ),
        (
            "pidMode unknown (model)",
            with(ec2(), |d| d["pidMode"] = json!("container")),
            Some(TaskDefinitionError::InvalidEnum {
                param: "pidMode",
                valid: "host,task",
            }),
        ),
    ]);
}

#[test]
fn fargate_network_and_size_vectors_15_to_18() {
    let size = |cpu: &str, mem: &str| {
        with(fargate(), |d| {
            d["cpu"] = json!(cpu);
            d["memory"] = json!(mem);
        })
    };
    run(vec![
        ("§2.5 minimal", fargate(), None),
        (
            "network omitted (obs, §9 #18)",
            with(fargate(), |d| {
                d.as_object_mut().unwrap().remove("networkMode");
            }),
            Some(TaskDefinitionError::FargateNetworkMode),
        ),
        (
            "network bridge (obs)",
            with(fargate(), |d| d["networkMode"] = json!("bridge")),
            Some(TaskDefinitionError::FargateNetworkMode),
        ),
        (
            "cpu missing (obs)",
            with(fargate(), |d| {
                d.as_object_mut().unwrap().remove("cpu");
            }),
            Some(TaskDefinitionError::FargateCpuRequired),
        ),
        (
            "memory missing (pf)",
            with(fargate(), |d| {
                d.as_object_mut().unwrap().remove("memory");
            }),
            Some(TaskDefinitionError::FargateMemoryRequired),
        ),
        (
            "256/4096 (obs, §9 #15)",
            size("256", "4096"),
            Some(TaskDefinitionError::NoFargateConfiguration),
        ),
        ("1024/2048 (§9 #16)", size("1024", "2048"), None),
        (
            "1024/9216 (§9 #16)",
            size("1024", "9216"),
            Some(TaskDefinitionError::NoFargateConfiguration),
        ),
        ("4096/30720 (§9 #16)", size("4096", "30720"), None),
        (
            "4096/31744 (§9 #16)",
            size("4096", "31744"),
            Some(TaskDefinitionError::NoFargateConfiguration),
        ),
        (
            "8192/18432 (§9 #17)",
            size("8192", "18432"),
            Some(TaskDefinitionError::NoFargateConfiguration),
        ),
        ("8192/20480", size("8192", "20480"), None),
        ("16384/40960 (§9 #17)", size("16384", "40960"), None),
        ("1 vCPU / 2 GB (doc)", size("1 vCPU", "2 GB"), None),
        ("0.25 vcpu / 0.5GB", size("0.25 vcpu", "0.5GB"), None),
        (
            "cpu not a number (doc)",
            size("lots", "512"),
            Some(TaskDefinitionError::InvalidTaskCpu),
        ),
        (
            "cpu empty (doc)",
            size("", "512"),
            Some(TaskDefinitionError::InvalidTaskCpu),
        ),
        (
            "memory not a number",
            size("256", "lots"),
            Some(TaskDefinitionError::InvalidTaskMemory),
        ),
        (
            "windows needs 1 vCPU (pf)",
            with(size("512", "1024"), |d| {
                d["runtimePlatform"] = json!({"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"})
            }),
            Some(TaskDefinitionError::NoFargateConfiguration),
        ),
        (
            "EC2 cpu below 128 (doc)",
            with(ec2(), |d| d["cpu"] = json!("64")),
            Some(TaskDefinitionError::InvalidTaskCpu),
        ),
        (
            "EC2 any cpu in range",
            with(ec2(), |d| d["cpu"] = json!("300")),
            None,
        ),
    ]);
    let td = accepted(size("1 vCPU", "2 GB"));
    assert_eq!(td["cpu"], "1024");
    assert_eq!(td["memory"], "2048");
}

#[test]
fn port_mappings_vector_19() {
    let ports =
        |doc: Value, mappings: Value| with(doc, |d| container(d, 0)["portMappings"] = mappings);
    let bridge = ec2();
    let host = with(ec2(), |d| d["networkMode"] = json!("host"));
    run(vec![
        (
            "awsvpc 80→8080 (obs, §9 #19)",
            ports(fargate(), json!([{"containerPort": 80, "hostPort": 8080}])),
            Some(TaskDefinitionError::PortsMustMatch("awsvpc")),
        ),
        (
            "awsvpc 80→80",
            ports(fargate(), json!([{"containerPort": 80, "hostPort": 80}])),
            None,
        ),
        (
            "awsvpc hostPort 0",
            ports(fargate(), json!([{"containerPort": 80, "hostPort": 0}])),
            Some(TaskDefinitionError::PortsMustMatch("awsvpc")),
        ),
        (
            "host 80→8080 (pf)",
            ports(
                host.clone(),
                json!([{"containerPort": 80, "hostPort": 8080}]),
            ),
            Some(TaskDefinitionError::PortsMustMatch("host")),
        ),
        (
            "host 80",
            ports(host.clone(), json!([{"containerPort": 80}])),
            None,
        ),
        (
            "bridge dynamic 0",
            ports(
                bridge.clone(),
                json!([{"containerPort": 80, "hostPort": 0}]),
            ),
            None,
        ),
        (
            "bridge dynamic omitted",
            ports(bridge.clone(), json!([{"containerPort": 80}])),
            None,
        ),
        (
            "bridge static 8080→80",
            ports(
                bridge.clone(),
                json!([{"containerPort": 80, "hostPort": 8080}]),
            ),
            None,
        ),
        (
            "containerPort missing (obs)",
            ports(bridge.clone(), json!([{"hostPort": 80}])),
            Some(TaskDefinitionError::InvalidContainerPort("app".into())),
        ),
        (
            "containerPort 0 (model)",
            ports(bridge.clone(), json!([{"containerPort": 0}])),
            Some(TaskDefinitionError::InvalidContainerPort("app".into())),
        ),
        (
            "containerPort 65535",
            ports(bridge.clone(), json!([{"containerPort": 65535}])),
            None,
        ),
        (
            "containerPort 65536 (model)",
            ports(bridge.clone(), json!([{"containerPort": 65536}])),
            Some(TaskDefinitionError::InvalidContainerPort("app".into())),
        ),
        (
            "hostPort 65536 (model)",
            ports(
                bridge.clone(),
                json!([{"containerPort": 80, "hostPort": 65536}]),
            ),
            Some(TaskDefinitionError::InvalidHostPort("app".into())),
        ),
        (
            "hostPort -1 (model)",
            ports(
                bridge.clone(),
                json!([{"containerPort": 80, "hostPort": -1}]),
            ),
            Some(TaskDefinitionError::InvalidHostPort("app".into())),
        ),
        (
            "protocol udp",
            ports(
                bridge.clone(),
                json!([{"containerPort": 53, "protocol": "udp"}]),
            ),
            None,
        ),
        (
            "protocol sctp (model)",
            ports(
                bridge.clone(),
                json!([{"containerPort": 80, "protocol": "sctp"}]),
            ),
            Some(TaskDefinitionError::InvalidProtocol("app".into())),
        ),
        (
            "none with ports (model)",
            ports(
                with(ec2(), |d| d["networkMode"] = json!("none")),
                json!([{"containerPort": 80}]),
            ),
            Some(TaskDefinitionError::PortMappingsNotSupported("none")),
        ),
        (
            "none without ports",
            with(ec2(), |d| d["networkMode"] = json!("none")),
            None,
        ),
        (
            "port range (kept as is)",
            ports(fargate(), json!([{"containerPortRange": "8000-8010"}])),
            None,
        ),
    ]);
    // §9 #19: a lone containerPort is stored with hostPort = containerPort (and protocol tcp).
    let td = accepted(ports(fargate(), json!([{"containerPort": 80}])));
    assert_eq!(
        td["containerDefinitions"][0]["portMappings"],
        json!([{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}])
    );
    let td = accepted(ports(bridge, json!([{"containerPort": 80}])));
    assert_eq!(
        td["containerDefinitions"][0]["portMappings"][0]["hostPort"],
        0
    );
}

#[test]
fn host_port_clashes_and_names() {
    let second = |mappings: Value| json!({"name": "side", "image": "busybox", "memory": 32, "portMappings": mappings});
    let fargate_second =
        |mappings: Value| json!({"name": "side", "image": "busybox", "portMappings": mappings});
    run(vec![
        (
            "awsvpc same port twice (obs wording)",
            two_containers(fargate(), fargate_second(json!([{"containerPort": 80}]))),
            Some(TaskDefinitionError::HostPortMappedTwice {
                protocol: "TCP",
                port: 80,
            }),
        ),
        (
            "awsvpc tcp and udp",
            two_containers(
                fargate(),
                fargate_second(json!([{"containerPort": 80, "protocol": "udp"}])),
            ),
            None,
        ),
        (
            "bridge static twice (obs)",
            two_containers(
                with(ec2(), |d| {
                    container(d, 0)["portMappings"] =
                        json!([{"containerPort": 3000, "hostPort": 3000}])
                }),
                second(json!([{"containerPort": 3001, "hostPort": 3000}])),
            ),
            Some(TaskDefinitionError::HostPortMappedTwice {
                protocol: "TCP",
                port: 3000,
            }),
        ),
        (
            "bridge dynamic twice",
            two_containers(
                with(ec2(), |d| {
                    container(d, 0)["portMappings"] = json!([{"containerPort": 80}])
                }),
                second(json!([{"containerPort": 80, "hostPort": 0}])),
            ),
            None,
        ),
        (
            "port names twice (pf)",
            with(fargate(), |d| {
                container(d, 0)["portMappings"] = json!([
                    {"containerPort": 80, "name": "web"}, {"containerPort": 81, "name": "web"}
                ])
            }),
            Some(TaskDefinitionError::PortMappingNameUsed),
        ),
    ]);
}

#[test]
fn network_mode_restrictions() {
    run(vec![
        (
            "links in bridge",
            two_containers(
                with(ec2(), |d| container(d, 0)["links"] = json!(["db:db"])),
                json!({"name": "db", "image": "postgres", "memory": 256}),
            ),
            None,
        ),
        (
            "links in awsvpc (obs)",
            with(fargate(), |d| container(d, 0)["links"] = json!(["db"])),
            Some(TaskDefinitionError::LinksNotSupported("awsvpc")),
        ),
        (
            "links in host (model)",
            with(ec2(), |d| {
                d["networkMode"] = json!("host");
                container(d, 0)["links"] = json!(["db"]);
            }),
            Some(TaskDefinitionError::LinksNotSupported("host")),
        ),
        (
            "hostname in awsvpc (obs)",
            with(fargate(), |d| container(d, 0)["hostname"] = json!("web")),
            Some(TaskDefinitionError::HostnameNotSupported),
        ),
        (
            "hostname in bridge",
            with(ec2(), |d| container(d, 0)["hostname"] = json!("web")),
            None,
        ),
        (
            "dnsServers in awsvpc (pf)",
            with(fargate(), |d| {
                container(d, 0)["dnsServers"] = json!(["10.0.0.2"])
            }),
            Some(TaskDefinitionError::DnsServersNotSupported),
        ),
    ]);
}

#[test]
fn container_memory_and_cpu_vector_22() {
    let no_memory = with(ec2(), |d| {
        container(d, 0).as_object_mut().unwrap().remove("memory");
    });
    run(vec![
        (
            "EC2 without any memory (obs, §9 #22)",
            no_memory.clone(),
            Some(TaskDefinitionError::ContainerMemoryRequired("app".into())),
        ),
        (
            "EXTERNAL without any memory (obs)",
            with(no_memory.clone(), |d| {
                d["requiresCompatibilities"] = json!(["EXTERNAL"])
            }),
            Some(TaskDefinitionError::ContainerMemoryRequired("app".into())),
        ),
        (
            "reservation only (doc)",
            with(no_memory.clone(), |d| {
                container(d, 0)["memoryReservation"] = json!(128)
            }),
            None,
        ),
        (
            "task memory instead",
            with(no_memory.clone(), |d| d["memory"] = json!("512")),
            None,
        ),
        (
            "reservation above limit (pf)",
            with(ec2(), |d| container(d, 0)["memoryReservation"] = json!(512)),
            Some(TaskDefinitionError::MemoryBelowReservation("app".into())),
        ),
        (
            "reservation equal to limit (doc PR #242)",
            with(ec2(), |d| container(d, 0)["memoryReservation"] = json!(256)),
            None,
        ),
        (
            "memory 0 (model)",
            with(ec2(), |d| container(d, 0)["memory"] = json!(0)),
            Some(TaskDefinitionError::InvalidContainerMemory("app".into())),
        ),
        (
            "cpu -1 (model)",
            with(ec2(), |d| container(d, 0)["cpu"] = json!(-1)),
            Some(TaskDefinitionError::InvalidContainerCpu("app".into())),
        ),
        (
            "container memory above task (pf)",
            with(fargate(), |d| container(d, 0)["memory"] = json!(1024)),
            Some(TaskDefinitionError::ContainerMemoryOverTask("app".into())),
        ),
        (
            "container cpu = task cpu",
            with(fargate(), |d| container(d, 0)["cpu"] = json!(256)),
            None,
        ),
        (
            "container cpu sum above task (obs)",
            two_containers(
                with(fargate(), |d| container(d, 0)["cpu"] = json!(200)),
                json!({"name": "side", "image": "busybox", "cpu": 100}),
            ),
            Some(TaskDefinitionError::CpuSumOverTask),
        ),
        (
            "reservation sum above task (obs)",
            two_containers(
                with(fargate(), |d| {
                    container(d, 0)["memoryReservation"] = json!(300)
                }),
                json!({"name": "side", "image": "busybox", "memoryReservation": 300}),
            ),
            Some(TaskDefinitionError::MemoryReservationSumOverTask),
        ),
        (
            "hard limits sum above task (model)",
            two_containers(
                with(fargate(), |d| container(d, 0)["memory"] = json!(300)),
                json!({"name": "side", "image": "busybox", "memory": 300}),
            ),
            Some(TaskDefinitionError::MemorySumOverTask),
        ),
    ]);
}

#[test]
fn health_check_defaults_and_ranges_vector_23() {
    let hc = |field: &str, v: i64| {
        with(fargate(), |d| {
            container(d, 0)["healthCheck"][field] = json!(v)
        })
    };
    let out = |field: &'static str, min: i64, max: i64| {
        Some(TaskDefinitionError::HealthCheckOutOfRange {
            container: "app".into(),
            field,
            min,
            max,
        })
    };
    run(vec![
        ("interval 5", hc("interval", 5), None),
        ("interval 300", hc("interval", 300), None),
        (
            "interval 4 (model wording)",
            hc("interval", 4),
            out("interval", 5, 300),
        ),
        ("interval 301", hc("interval", 301), out("interval", 5, 300)),
        ("timeout 2", hc("timeout", 2), None),
        ("timeout 60", hc("timeout", 60), None),
        ("timeout 1", hc("timeout", 1), out("timeout", 2, 60)),
        ("timeout 61", hc("timeout", 61), out("timeout", 2, 60)),
        ("retries 1", hc("retries", 1), None),
        ("retries 10", hc("retries", 10), None),
        ("retries 0", hc("retries", 0), out("retries", 1, 10)),
        ("retries 11", hc("retries", 11), out("retries", 1, 10)),
        ("startPeriod 0", hc("startPeriod", 0), None),
        ("startPeriod 300", hc("startPeriod", 300), None),
        (
            "startPeriod -1",
            hc("startPeriod", -1),
            out("startPeriod", 0, 300),
        ),
        (
            "startPeriod 301",
            hc("startPeriod", 301),
            out("startPeriod", 0, 300),
        ),
    ]);
    // §9 #23: only `command` given → stored with 30/5/3 (startPeriod stays absent, i.e. 0).
    let td = accepted(with(fargate(), |d| {
        container(d, 0)["healthCheck"] = json!({"command": ["CMD", "true"]})
    }));
    assert_eq!(
        td["containerDefinitions"][0]["healthCheck"],
        json!({"command": ["CMD", "true"], "interval": 30, "timeout": 5, "retries": 3})
    );
    let c: ContainerDefinition =
        serde_json::from_value(td["containerDefinitions"][0].clone()).unwrap();
    assert_eq!(
        c.health_check(),
        Some(HealthCheckSettings {
            interval: 30,
            timeout: 5,
            retries: 3,
            start_period: 0
        })
    );
}

#[test]
fn log_configuration() {
    let log = |doc: Value, cfg: Value| with(doc, |d| container(d, 0)["logConfiguration"] = cfg);
    let awslogs = |opts: Value| json!({"logDriver": "awslogs", "options": opts});
    run(vec![
        (
            "Fargate json-file (pf)",
            log(fargate(), json!({"logDriver": "json-file"})),
            Some(TaskDefinitionError::FargateLogDriver("json-file".into())),
        ),
        (
            "Fargate splunk",
            log(
                fargate(),
                json!({"logDriver": "splunk", "options": {"splunk-url": "https://splunk:8088"}}),
            ),
            None,
        ),
        (
            "EC2 json-file",
            log(ec2(), json!({"logDriver": "json-file"})),
            None,
        ),
        (
            "EC2 custom driver (obs: accepted)",
            log(ec2(), json!({"logDriver": "loki"})),
            None,
        ),
        (
            "awslogs without group (pf)",
            log(ec2(), awslogs(json!({"awslogs-region": "ap-northeast-1"}))),
            Some(TaskDefinitionError::LogDriverRequiresOptions {
                driver: "awslogs",
                options: "awslogs-group".into(),
            }),
        ),
        (
            "awslogs without options (obs)",
            log(ec2(), json!({"logDriver": "awslogs"})),
            Some(TaskDefinitionError::LogDriverRequiresOptions {
                driver: "awslogs",
                options: "awslogs-region, awslogs-group".into(),
            }),
        ),
        (
            "awslogs with firelens option (obs)",
            log(
                ec2(),
                awslogs(
                    json!({"awslogs-region": "ap-northeast-1", "awslogs-group": "g", "log_key": "log"}),
                ),
            ),
            Some(TaskDefinitionError::LogDriverDisallowsOptions {
                driver: "awslogs",
                options: "log_key".into(),
            }),
        ),
        (
            "EC2 awslogs without execution role",
            log(
                ec2(),
                awslogs(json!({"awslogs-region": "ap-northeast-1", "awslogs-group": "g"})),
            ),
            None,
        ),
        (
            "Fargate awslogs without execution role (obs)",
            with(fargate(), |d| {
                d.as_object_mut().unwrap().remove("executionRoleArn");
            }),
            Some(TaskDefinitionError::FargateAwslogsExecutionRole),
        ),
        (
            "Fargate awslogs without stream prefix (obs)",
            log(
                fargate(),
                awslogs(json!({"awslogs-region": "ap-northeast-1", "awslogs-group": "g"})),
            ),
            Some(TaskDefinitionError::FargateAwslogsStreamPrefix),
        ),
        (
            "Fargate private ECR without execution role (obs)",
            with(fargate(), |d| {
                d.as_object_mut().unwrap().remove("executionRoleArn");
                container(d, 0)
                    .as_object_mut()
                    .unwrap()
                    .remove("logConfiguration");
            }),
            Some(TaskDefinitionError::FargateEcrExecutionRole),
        ),
        (
            "Fargate public image without execution role",
            with(fargate(), |d| {
                d.as_object_mut().unwrap().remove("executionRoleArn");
                container(d, 0)
                    .as_object_mut()
                    .unwrap()
                    .remove("logConfiguration");
                container(d, 0)["image"] = json!("public.ecr.aws/nginx/nginx:1.27");
            }),
            None,
        ),
    ]);
}

#[test]
fn firelens() {
    let router = json!({
        "name": "log_router",
        "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
        "firelensConfiguration": {"type": "fluentbit"}
    });
    let routed = |doc: Value| {
        with(
            doc,
            |d| {
                container(d, 0)["logConfiguration"] =
                    json!({"logDriver": "awsfirelens", "options": {"Name": "cloudwatch_logs"}})
            },
        )
    };
    run(vec![
        (
            "app + router",
            two_containers(routed(fargate()), router.clone()),
            None,
        ),
        (
            "awsfirelens without router (obs)",
            routed(fargate()),
            Some(TaskDefinitionError::FirelensConfigurationRequired),
        ),
        (
            "router without awsfirelens (obs)",
            two_containers(fargate(), router.clone()),
            Some(TaskDefinitionError::AwsfirelensDriverRequired),
        ),
        (
            "two routers (model)",
            two_containers(
                two_containers(routed(fargate()), router.clone()),
                with(router.clone(), |r| r["name"] = json!("router2")),
            ),
            Some(TaskDefinitionError::MultipleFirelensContainers),
        ),
        (
            "router type unknown (model)",
            two_containers(
                routed(fargate()),
                with(router, |r| {
                    r["firelensConfiguration"]["type"] = json!("vector")
                }),
            ),
            Some(TaskDefinitionError::InvalidEnum {
                param: "firelensConfiguration.type",
                valid: "fluentd,fluentbit",
            }),
        ),
    ]);
}

#[test]
fn depends_on() {
    let side = |essential: bool, hc: bool| {
        let mut s = json!({"name": "init", "image": "busybox", "essential": essential});
        if hc {
            s["healthCheck"] = json!({"command": ["CMD", "true"]});
        }
        s
    };
    let dep = |cond: &str, target: &str| {
        let (cond, target) = (cond.to_string(), target.to_string());
        move |d: &mut Value| {
            container(d, 0)["dependsOn"] = json!([{"containerName": target, "condition": cond}])
        }
    };
    run(vec![
        (
            "START",
            two_containers(with(fargate(), dep("START", "init")), side(true, false)),
            None,
        ),
        (
            "missing target (obs)",
            with(fargate(), dep("START", "db")),
            Some(TaskDefinitionError::DependencyNotFound("db".into())),
        ),
        (
            "unknown condition (model)",
            two_containers(with(fargate(), dep("READY", "init")), side(true, false)),
            Some(TaskDefinitionError::InvalidEnum {
                param: "condition",
                valid: "START,COMPLETE,SUCCESS,HEALTHY",
            }),
        ),
        (
            "SUCCESS on essential (obs)",
            two_containers(with(fargate(), dep("SUCCESS", "init")), side(true, false)),
            Some(TaskDefinitionError::DependencyOnEssential),
        ),
        (
            "COMPLETE on essential (obs)",
            two_containers(with(fargate(), dep("COMPLETE", "init")), side(true, false)),
            Some(TaskDefinitionError::DependencyOnEssential),
        ),
        (
            "SUCCESS on non-essential",
            two_containers(with(fargate(), dep("SUCCESS", "init")), side(false, false)),
            None,
        ),
        (
            "HEALTHY without health check (pf)",
            two_containers(with(fargate(), dep("HEALTHY", "init")), side(true, false)),
            Some(TaskDefinitionError::DependencyNeedsHealthCheck),
        ),
        (
            "HEALTHY with health check",
            two_containers(with(fargate(), dep("HEALTHY", "init")), side(true, true)),
            None,
        ),
        (
            "cycle (model)",
            two_containers(
                with(fargate(), dep("START", "init")),
                with(side(true, false), |s| {
                    s["dependsOn"] = json!([{"containerName": "app", "condition": "START"}])
                }),
            ),
            Some(TaskDefinitionError::DependencyCycle("app".into())),
        ),
    ]);
}

#[test]
fn secrets_volumes_and_fargate_features() {
    let secret = json!([{"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:ap-northeast-1:123456789012:parameter/db"}]);
    run(vec![
        (
            "secrets with execution role",
            with(fargate(), |d| container(d, 0)["secrets"] = secret.clone()),
            None,
        ),
        (
            "secrets without execution role (obs)",
            with(ec2(), |d| container(d, 0)["secrets"] = secret.clone()),
            Some(TaskDefinitionError::SecretsRequireExecutionRole),
        ),
        (
            "log secretOptions without execution role",
            with(
                ec2(),
                |d| {
                    container(d, 0)["logConfiguration"] =
                        json!({"logDriver": "splunk", "secretOptions": secret.clone()})
                },
            ),
            Some(TaskDefinitionError::SecretsRequireExecutionRole),
        ),
        (
            "mount of declared volume",
            with(ec2(), |d| {
                d["volumes"] = json!([{"name": "data"}]);
                container(d, 0)["mountPoints"] =
                    json!([{"sourceVolume": "data", "containerPath": "/data"}]);
            }),
            None,
        ),
        (
            "mount of unknown volume (pf)",
            with(ec2(), |d| {
                container(d, 0)["mountPoints"] =
                    json!([{"sourceVolume": "data", "containerPath": "/data"}])
            }),
            Some(TaskDefinitionError::UnknownVolume("data".into())),
        ),
        (
            "EC2 privileged",
            with(ec2(), |d| container(d, 0)["privileged"] = json!(true)),
            None,
        ),
        (
            "Fargate privileged (pf)",
            with(fargate(), |d| container(d, 0)["privileged"] = json!(true)),
            Some(TaskDefinitionError::FargatePrivileged),
        ),
        (
            "Fargate ipcMode (pf)",
            with(fargate(), |d| d["ipcMode"] = json!("task")),
            Some(TaskDefinitionError::FargateIpcMode),
        ),
        (
            "Fargate pidMode task (doc)",
            with(fargate(), |d| d["pidMode"] = json!("task")),
            None,
        ),
        (
            "Fargate pidMode host (pf)",
            with(fargate(), |d| d["pidMode"] = json!("host")),
            Some(TaskDefinitionError::FargatePidMode("host".into())),
        ),
        (
            "Fargate devices (pf)",
            with(fargate(), |d| {
                container(d, 0)["linuxParameters"] = json!({"devices": [{"hostPath": "/dev/fuse"}]})
            }),
            Some(TaskDefinitionError::FargateDevices),
        ),
        (
            "Fargate maxSwap (pf)",
            with(fargate(), |d| {
                container(d, 0)["linuxParameters"] = json!({"maxSwap": 512})
            }),
            Some(TaskDefinitionError::FargateMaxSwap),
        ),
        (
            "Fargate host volume (pf)",
            with(fargate(), |d| {
                d["volumes"] = json!([{"name": "h", "host": {"sourcePath": "/var/log"}}])
            }),
            Some(TaskDefinitionError::FargateSourcePath),
        ),
        (
            "Fargate bind mount without path",
            with(fargate(), |d| d["volumes"] = json!([{"name": "scratch"}])),
            None,
        ),
        (
            "ephemeral 21",
            with(fargate(), |d| {
                d["ephemeralStorage"] = json!({"sizeInGiB": 21})
            }),
            None,
        ),
        (
            "ephemeral 20 (pf)",
            with(fargate(), |d| {
                d["ephemeralStorage"] = json!({"sizeInGiB": 20})
            }),
            Some(TaskDefinitionError::EphemeralStorageTooSmall),
        ),
        (
            "ephemeral 201 (model)",
            with(fargate(), |d| {
                d["ephemeralStorage"] = json!({"sizeInGiB": 201})
            }),
            Some(TaskDefinitionError::EphemeralStorageTooLarge),
        ),
        (
            "inference accelerators (pf)",
            with(ec2(), |d| {
                d["inferenceAccelerators"] =
                    json!([{"deviceName": "d", "deviceType": "eia2.medium"}])
            }),
            Some(TaskDefinitionError::InferenceAcceleratorsUnsupported),
        ),
    ]);
}

#[test]
fn first_problem_wins() {
    // Family before containers; containers before Fargate's size table;
    // Fargate's core rules before per-container memory rules.
    assert_eq!(
        rejected(with(ec2(), |d| {
            d["family"] = json!("a b");
            d["containerDefinitions"] = json!([]);
        })),
        TaskDefinitionError::FamilyInvalid
    );
    assert_eq!(
        rejected(with(fargate(), |d| {
            d["cpu"] = json!("300");
            container(d, 0)["essential"] = json!(false);
        })),
        TaskDefinitionError::NoEssentialContainer
    );
    assert_eq!(
        rejected(with(fargate(), |d| {
            d.as_object_mut().unwrap().remove("memory");
            d["networkMode"] = json!("bridge");
        })),
        TaskDefinitionError::FargateNetworkMode
    );
}

#[test]
fn registered_document_matches_section_2_5() {
    let out = register(fargate()).unwrap();
    let td = &out["taskDefinition"];
    assert_eq!(out["tags"], json!([]));
    assert_eq!(td["revision"], 1);
    assert_eq!(td["status"], "ACTIVE");
    assert_eq!(td["compatibilities"], json!(["EC2", "FARGATE"]));
    assert_eq!(
        td["containerDefinitions"][0]["portMappings"][0]["hostPort"],
        80
    );
    assert_eq!(
        td["taskDefinitionArn"],
        "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1"
    );
    assert_eq!(td["registeredAt"], "2026-01-01T00:05:00+00:00");
    assert_eq!(td["registeredBy"], "arn:aws:iam::123456789012:root");
    // AWS's container defaults, in AWS's field order.
    let c = &td["containerDefinitions"][0];
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "name",
            "image",
            "cpu",
            "portMappings",
            "essential",
            "environment",
            "mountPoints",
            "volumesFrom",
            "logConfiguration",
            "healthCheck",
            "systemControls"
        ]
    );
    assert_eq!(c["cpu"], 0);
    let attrs: Vec<&str> = td["requiresAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        attrs,
        [
            "com.amazonaws.ecs.capability.logging-driver.awslogs",
            "ecs.capability.execution-role-awslogs",
            "com.amazonaws.ecs.capability.ecr-auth",
            "com.amazonaws.ecs.capability.docker-remote-api.1.19",
            "ecs.capability.container-health-check",
            "ecs.capability.execution-role-ecr-pull",
            "com.amazonaws.ecs.capability.docker-remote-api.1.18",
            "ecs.capability.task-eni",
        ]
    );
    let top: Vec<&str> = td.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        top,
        [
            "taskDefinitionArn",
            "containerDefinitions",
            "family",
            "executionRoleArn",
            "networkMode",
            "revision",
            "volumes",
            "status",
            "requiresAttributes",
            "placementConstraints",
            "compatibilities",
            "requiresCompatibilities",
            "cpu",
            "memory",
            "registeredAt",
            "registeredBy",
        ]
    );
}

#[test]
fn ec2_definition_reads_as_bridge_and_computes_no_fargate() {
    let td = accepted(ec2());
    assert!(
        td.get("networkMode").is_none(),
        "AWS leaves an omitted networkMode out"
    );
    assert_eq!(td["compatibilities"], json!(["EC2"]));
    assert_eq!(td["requiresAttributes"], json!([]));
    let td: TaskDefinition = serde_json::from_value(td).unwrap();
    assert_eq!(td.network_mode(), NetworkMode::Bridge);
    assert_eq!(td.cpu_units(), None);
    assert!(!td.has_execution_role());
    // awsvpc with a Fargate size counts as Fargate-compatible without asking.
    let td = accepted(with(fargate(), |d| {
        d.as_object_mut().unwrap().remove("requiresCompatibilities");
    }));
    assert_eq!(td["compatibilities"], json!(["EC2", "FARGATE"]));
    assert!(td.get("requiresCompatibilities").is_none());
    // …but not without a task size.
    let td = accepted(with(fargate(), |d| {
        let o = d.as_object_mut().unwrap();
        o.remove("requiresCompatibilities");
        o.remove("cpu");
        o.remove("memory");
        container(d, 0)["memory"] = json!(256);
    }));
    assert_eq!(td["compatibilities"], json!(["EC2"]));
    let td = accepted(with(ec2(), |d| {
        d["requiresCompatibilities"] = json!(["EXTERNAL", "EC2"])
    }));
    assert_eq!(td["compatibilities"], json!(["EC2", "EXTERNAL"]));
}

#[test]
fn typed_accessors() {
    let mut store = TaskDefinitions::default();
    for (_, doc) in samples() {
        register_in(&mut store, serde_json::from_str(doc).unwrap()).unwrap();
    }
    let web = store.latest_active("web").unwrap();
    assert_eq!(web.network_mode(), NetworkMode::Awsvpc);
    assert_eq!((web.cpu_units(), web.memory_mib()), (Some(256), Some(512)));
    assert!(web.has_execution_role() && !web.has_task_role());
    assert_eq!(web.log_drivers(), ["awslogs"]);
    assert!(web.is_compatible_with(Compatibility::Fargate) && web.requires(Compatibility::Fargate));
    let nginx = web.container("nginx").unwrap();
    assert!(nginx.is_essential());
    let pm = &nginx.port_mappings()[0];
    assert_eq!(
        (pm.container_port(), pm.host_port(), pm.protocol()),
        (Some(80), Some(80), Protocol::Tcp)
    );
    let fl = store.get("app-firelens:1").unwrap();
    assert_eq!(fl.log_drivers(), ["awslogs", "awsfirelens"]);
    assert_eq!(fl.essential_containers().count(), 2);
    assert!(fl.container("log_router").unwrap().is_log_router());
    assert_eq!(
        fl.container("app").unwrap().depends_on()[0].condition,
        "START"
    );
    let worker = store.get("worker").unwrap();
    assert!(worker.containers()[0].port_mappings().is_empty());
    assert_eq!(worker.containers()[0].stop_timeout_seconds(), 60);
    let api = store.get("api").unwrap();
    assert_eq!(api.containers()[0].health_check().unwrap().start_period, 60);
    assert_eq!(api.family_revision(), "api:1");
}

#[test]
fn every_sample_round_trips_register_describe() {
    for (name, doc) in samples() {
        let mut store = TaskDefinitions::default();
        let input: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        let registered =
            register_in(&mut store, input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let td = &registered["taskDefinition"];
        let family = input["family"].as_str().unwrap();
        let arn = td["taskDefinitionArn"].as_str().unwrap();
        for reference in [family.to_string(), format!("{family}:1"), arn.to_string()] {
            let described = store.describe(&reference, &[]).unwrap();
            assert_eq!(&described["taskDefinition"], td, "{name} via {reference}");
            assert!(described.get("tags").is_none());
        }
        let with_tags = store.describe(family, &["TAGS".to_string()]).unwrap();
        assert_eq!(
            with_tags["tags"],
            input.get("tags").cloned().unwrap_or(json!([]))
        );
        // What was sent comes back (plus AWS's defaults).
        for key in [
            "family",
            "networkMode",
            "cpu",
            "memory",
            "executionRoleArn",
            "requiresCompatibilities",
        ] {
            assert_eq!(td[key], input[key], "{name}.{key}");
        }
        for (i, c) in input["containerDefinitions"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            for (k, v) in c.as_object().unwrap() {
                if k != "portMappings" {
                    assert_eq!(&td["containerDefinitions"][i][k], v, "{name}.{k}");
                }
            }
        }
        assert_eq!(td["compatibilities"], json!(["EC2", "FARGATE"]), "{name}");
        // The stored document is a TaskDefinition again.
        let typed: TaskDefinition = serde_json::from_value(td.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), *td);
    }
}

#[test]
fn sample_specific_attributes() {
    let attrs = |name: &str| -> Vec<String> {
        let td = accepted(serde_json::from_str(sample(name).unwrap()).unwrap());
        td["requiresAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect()
    };
    let api = attrs("api");
    assert!(api.contains(&"ecs.capability.secrets.ssm.environment-variables".to_string()));
    assert!(api.contains(&"com.amazonaws.ecs.capability.task-iam-role".to_string()));
    assert!(api.contains(&"ecs.capability.container-health-check".to_string()));
    let fl = attrs("firelens");
    for want in [
        "ecs.capability.firelens.fluentbit",
        "com.amazonaws.ecs.capability.logging-driver.awsfirelens",
        "ecs.capability.container-ordering",
        "com.amazonaws.ecs.capability.docker-remote-api.1.21",
    ] {
        assert!(fl.contains(&want.to_string()), "{want}");
    }
    assert_eq!(
        fl.last().map(String::as_str),
        Some("com.amazonaws.ecs.capability.logging-driver.awsfirelens")
    );
    let web = attrs("web");
    assert!(
        !web.contains(&"com.amazonaws.ecs.capability.ecr-auth".to_string()),
        "public.ecr.aws needs no ECR auth"
    );
}

#[test]
fn revisions_never_go_back_vector_20() {
    let mut store = TaskDefinitions::default();
    for rev in 1..=3 {
        let out = register_in(&mut store, fargate()).unwrap();
        assert_eq!(out["taskDefinition"]["revision"], rev);
    }
    let out = store.deregister("web:3", SimTime(600)).unwrap();
    assert_eq!(out["taskDefinition"]["status"], "INACTIVE");
    assert_eq!(
        out["taskDefinition"]["deregisteredAt"],
        "2026-01-01T00:10:00+00:00"
    );
    // The family now resolves to its newest ACTIVE revision…
    assert_eq!(
        store.describe("web", &[]).unwrap()["taskDefinition"]["revision"],
        2
    );
    // …an INACTIVE revision can still be described by number…
    assert_eq!(
        store.describe("web:3", &[]).unwrap()["taskDefinition"]["status"],
        "INACTIVE"
    );
    // …and the next registration is web:4, not web:3 again.
    let out = register_in(&mut store, fargate()).unwrap();
    assert_eq!(out["taskDefinition"]["revision"], 4);
    assert_eq!(
        out["taskDefinition"]["taskDefinitionArn"],
        "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:4"
    );
    assert_eq!(store.last_revision("web"), 4);
    // Deregistering every revision still never frees a number.
    for r in 1..=4 {
        store.deregister(&format!("web:{r}"), SimTime(700)).unwrap();
    }
    assert_eq!(
        store.describe("web", &[]),
        Err(TaskDefinitionError::TaskDefinitionNotFound)
    );
    assert_eq!(
        register_in(&mut store, fargate()).unwrap()["taskDefinition"]["revision"],
        5
    );
}

#[test]
fn deregister_and_describe_errors() {
    let mut store = TaskDefinitions::default();
    register_in(&mut store, fargate()).unwrap();
    assert_eq!(
        store.deregister("web", SimTime(0)),
        Err(TaskDefinitionError::RevisionMissing)
    );
    assert_eq!(
        store.deregister("web:9", SimTime(0)),
        Err(TaskDefinitionError::DeregisterNotFound)
    );
    assert_eq!(
        store.deregister("web:x", SimTime(0)),
        Err(TaskDefinitionError::InvalidRevision("x".into()))
    );
    assert_eq!(
        store.describe("nope", &[]),
        Err(TaskDefinitionError::TaskDefinitionNotFound)
    );
    assert_eq!(
        store.describe("web:2", &[]),
        Err(TaskDefinitionError::TaskDefinitionNotFound)
    );
    assert_eq!(
        store.describe(
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
            &[]
        ),
        Err(TaskDefinitionError::TaskDefinitionNotFound),
        "another region's ARN"
    );
    assert_eq!(
        store.describe("web", &["TAG".to_string()]),
        Err(TaskDefinitionError::InvalidEnum {
            param: "include",
            valid: "TAGS"
        })
    );
    // Deregistering twice keeps the first deregistration time.
    store.deregister("web:1", SimTime(60)).unwrap();
    let again = store.deregister("web:1", SimTime(120)).unwrap();
    assert_eq!(
        again["taskDefinition"]["deregisteredAt"],
        "2026-01-01T00:01:00+00:00"
    );
    assert_eq!(
        store
            .deregister(
                "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/web:1",
                SimTime(0)
            )
            .unwrap()["taskDefinition"]["revision"],
        1
    );
    assert!(store.get("web").is_none());
    assert!(store.get("web:1").is_some());
    assert_eq!(
        store.resolve("web").err(),
        Some(TaskDefinitionError::TaskDefinitionNotFound)
    );
}

#[test]
fn listing_families_and_revisions() {
    let mut store = TaskDefinitions::default();
    for (family, times) in [("web", 2), ("api", 1), ("web2", 1)] {
        for _ in 0..times {
            register_in(&mut store, with(fargate(), |d| d["family"] = json!(family))).unwrap();
        }
    }
    store.deregister("web:1", SimTime(0)).unwrap();
    store.deregister("api:1", SimTime(0)).unwrap();
    let arn = |f: &str, r: u32| task_definition_arn(REGION, ACCOUNT, f, r);
    assert_eq!(
        store.list(None, None, None).unwrap(),
        json!({"taskDefinitionArns": [arn("web", 2), arn("web2", 1)]})
    );
    assert_eq!(
        store.list(None, None, Some("DESC")).unwrap(),
        json!({"taskDefinitionArns": [arn("web2", 1), arn("web", 2)]})
    );
    assert_eq!(
        store.list(None, Some("INACTIVE"), None).unwrap(),
        json!({"taskDefinitionArns": [arn("api", 1), arn("web", 1)]})
    );
    // familyPrefix is a whole family name for ListTaskDefinitions (doc).
    assert_eq!(
        store.list(Some("web"), None, None).unwrap(),
        json!({"taskDefinitionArns": [arn("web", 2)]})
    );
    assert_eq!(
        store.list(Some("we"), None, None).unwrap(),
        json!({"taskDefinitionArns": []})
    );
    assert_eq!(
        store.list_families(None, None).unwrap(),
        json!({"families": ["api", "web", "web2"]})
    );
    assert_eq!(
        store.list_families(Some("we"), None).unwrap(),
        json!({"families": ["web", "web2"]})
    );
    assert_eq!(
        store.list_families(None, Some("ACTIVE")).unwrap(),
        json!({"families": ["web", "web2"]})
    );
    assert_eq!(
        store.list_families(None, Some("INACTIVE")).unwrap(),
        json!({"families": ["api"]})
    );
    assert_eq!(
        store.list_families(None, Some("ALL")).unwrap(),
        json!({"families": ["api", "web", "web2"]})
    );
    assert!(matches!(
        store.list(None, Some("GONE"), None),
        Err(TaskDefinitionError::InvalidEnum { .. })
    ));
    assert!(matches!(
        store.list(None, None, Some("UP")),
        Err(TaskDefinitionError::InvalidEnum { .. })
    ));
    assert!(matches!(
        store.list_families(None, Some("DELETE_IN_PROGRESS")),
        Err(TaskDefinitionError::InvalidEnum { .. })
    ));
    assert_eq!(store.iter().count(), 4);
}

#[test]
fn store_survives_serialisation() {
    let mut store = TaskDefinitions::default();
    for (_, doc) in samples() {
        register_in(&mut store, serde_json::from_str(doc).unwrap()).unwrap();
    }
    store.deregister("web:1", SimTime(5)).unwrap();
    let text = serde_json::to_string(&store).unwrap();
    let back: TaskDefinitions = serde_json::from_str(&text).unwrap();
    assert_eq!(back, store);
    assert_eq!(back.describe("web:1", &[]), store.describe("web:1", &[]));
}

#[test]
fn rejected_registration_changes_nothing() {
    let mut store = TaskDefinitions::default();
    assert!(register_in(&mut store, with(fargate(), |d| d["cpu"] = json!("300"))).is_err());
    assert_eq!(store, TaskDefinitions::default());
    assert_eq!(
        register_in(&mut store, fargate()).unwrap()["taskDefinition"]["revision"],
        1
    );
}

// ── Never panics ─────────────────────────────────────────────────────────────

/// xorshift64*: deterministic, no crates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn random_value(rng: &mut Rng) -> Value {
    let palette = [
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(-1),
        json!(1),
        json!(5),
        json!(80),
        json!(65_535),
        json!(65_536),
        json!(i64::MAX),
        json!(i64::MIN),
        json!(u64::MAX),
        json!(1.5),
        json!(""),
        json!("x"),
        json!("awsvpc"),
        json!("bridge"),
        json!("host"),
        json!("none"),
        json!("FARGATE"),
        json!("EC2"),
        json!("1 vCPU"),
        json!("0.0000001 vcpu"),
        json!("999999999999 GB"),
        json!("awslogs"),
        json!("awsfirelens"),
        json!("HEALTHY"),
        json!("SUCCESS"),
        json!("app"),
        json!("a".repeat(300)),
        json!("ウェブ"),
        json!([]),
        json!({}),
        json!(["CMD"]),
        json!([{"containerName": "app", "condition": "HEALTHY"}]),
        json!([{"containerPort": 80, "hostPort": 81}]),
        json!({"logDriver": "awslogs", "options": {"awslogs-group": 1}}),
        json!({"type": "fluentbit"}),
    ];
    palette[rng.below(palette.len())].clone()
}

/// Changes one random spot of `doc`: replaces a value, removes a key, adds a
/// key, or duplicates an array element.
fn mutate(doc: &mut Value, rng: &mut Rng, depth: usize) {
    let keys = [
        "family",
        "cpu",
        "memory",
        "networkMode",
        "requiresCompatibilities",
        "containerDefinitions",
        "name",
        "image",
        "essential",
        "portMappings",
        "containerPort",
        "hostPort",
        "protocol",
        "healthCheck",
        "interval",
        "dependsOn",
        "logConfiguration",
        "firelensConfiguration",
        "links",
        "memoryReservation",
        "secrets",
        "volumes",
        "mountPoints",
        "executionRoleArn",
        "linuxParameters",
        "ephemeralStorage",
        "pidMode",
        "ipcMode",
    ];
    match doc {
        Value::Object(map) if !map.is_empty() && depth < 6 && rng.below(3) > 0 => {
            let i = rng.below(map.len());
            if let Some((_, child)) = map.iter_mut().nth(i) {
                mutate(child, rng, depth + 1);
            }
        }
        Value::Array(items) if !items.is_empty() && depth < 6 && rng.below(4) > 0 => {
            let i = rng.below(items.len());
            if rng.below(5) == 0 {
                let copy = items[i].clone();
                items.push(copy);
            } else {
                mutate(&mut items[i], rng, depth + 1);
            }
        }
        Value::Object(map) => match rng.below(3) {
            0 if !map.is_empty() => {
                let i = rng.below(map.len());
                let key = map.keys().nth(i).cloned().unwrap_or_default();
                map.remove(&key);
            }
            _ => {
                map.insert(keys[rng.below(keys.len())].to_string(), random_value(rng));
            }
        },
        other => *other = random_value(rng),
    }
}

#[test]
fn never_panics_on_mutated_documents() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut bases: Vec<Value> = samples()
        .iter()
        .map(|(_, d)| serde_json::from_str(d).unwrap())
        .collect();
    bases.push(fargate());
    bases.push(ec2());
    let mut store = TaskDefinitions::default();
    let (mut typed, mut ok) = (0, 0);
    for round in 0..4000 {
        let mut doc = bases[round % bases.len()].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut doc, &mut rng, 0);
        }
        let Ok(input) = serde_json::from_value::<RegisterTaskDefinitionInput>(doc) else {
            continue;
        };
        typed += 1;
        let family = input.family.clone();
        if let Ok(out) = store.register(input, REGION, ACCOUNT, SimTime(round as u64)) {
            ok += 1;
            let rev = out["taskDefinition"]["revision"].as_u64().unwrap_or(0);
            let reference = format!("{family}:{rev}");
            let td = store.get(&reference).expect("just registered");
            // Exercise every accessor on whatever got through.
            let _ = (
                td.network_mode(),
                td.cpu_units(),
                td.memory_mib(),
                td.log_drivers(),
                td.ephemeral_storage_gib(),
            );
            for c in td.containers() {
                let _ = (
                    c.health_check(),
                    c.reserved_memory_mib(),
                    c.stop_timeout_seconds(),
                    c.cpu_units(),
                );
                for p in c.port_mappings() {
                    let _ = (p.container_port(), p.host_port(), p.protocol());
                }
            }
            if rng.below(2) == 0 {
                store
                    .deregister(&reference, SimTime(round as u64))
                    .expect("exists");
            }
        }
        let _ = store.describe(&family, &[]);
        let _ = store.list(Some(&family), None, None);
    }
    for text in [
        "",
        ":",
        "::",
        "a:",
        ":1",
        "arn:",
        "arn:aws:ecs:x:y:task-definition/",
        "x:99999999999",
        "web:0",
    ] {
        let _ = store.describe(text, &[]);
        let _ = store.deregister(text, SimTime(0));
    }
    assert!(
        typed > 1000,
        "the generator should mostly produce well-typed documents ({typed})"
    );
    assert!(ok > 100, "and a fair share of valid ones ({ok})");
    let text = serde_json::to_string(&store).unwrap();
    assert_eq!(
        serde_json::from_str::<TaskDefinitions>(&text).unwrap(),
        store
    );
}

#[test]
fn never_panics_on_random_size_strings() {
    let mut rng = Rng(42);
    let alphabet: Vec<char> = "0123456789. vVcCpPuUgGbBsS-+e".chars().collect();
    for _ in 0..5000 {
        let len = rng.below(14);
        let s: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len())])
            .collect();
        if let Some(cpu) = parse_task_cpu(&s) {
            assert!((TASK_CPU_MIN..=TASK_CPU_MAX).contains(&cpu), "{s:?}");
        }
        if let Some(mem) = parse_task_memory(&s) {
            assert!(mem > 0, "{s:?}");
        }
    }
}

#[test]
fn a_revision_as_register_input_registers_an_identical_next_revision() {
    let mut store = TaskDefinitions::default();
    register_in(&mut store, fargate()).unwrap();
    let first = store
        .get(fargate()["family"].as_str().unwrap())
        .unwrap()
        .clone();
    let input = first.as_register_input();
    for set_by_aws in [
        "taskDefinitionArn",
        "revision",
        "status",
        "registeredAt",
        "registeredBy",
        "compatibilities",
    ] {
        assert!(input.get(set_by_aws).is_none(), "{set_by_aws} is not input");
    }
    let second = register_in(&mut store, input).unwrap()["taskDefinition"].clone();
    assert_eq!(second["revision"], 2);
    let mut again = second.clone();
    again["revision"] = 1.into();
    again["taskDefinitionArn"] = first.task_definition_arn.clone().into();
    assert_eq!(
        again,
        serde_json::to_value(&first).unwrap(),
        "only the revision moved"
    );
}

//! Model benchmarks, printed by `cargo xtask bench` (reports, never assertions):
//! API calls applied per second on a world of more than 1,000 resources, console
//! lines per second, and the size and (de)serialisation time of the world JSON.

use ecs_sim::console::Console;
use ecs_sim::{Command, World};
use serde_json::{json, Value};
use std::time::Instant;

fn apply(world: &mut World, operation: &str, params: Value) -> Value {
    let command = Command::from_api("ec2", operation, params).expect("well-formed call");
    world.apply(command).unwrap_or(Value::Null)
}

/// Four VPCs, 600 subnets, 200 security groups with rules, route tables: ~1,100 resources.
fn big_world() -> (World, Vec<String>, Vec<String>) {
    let mut world = World::new(1);
    let mut vpcs = Vec::new();
    let mut groups = Vec::new();
    let azs = world.availability_zones.clone();
    for v in 0..4 {
        let vpc = apply(
            &mut world,
            "CreateVpc",
            json!({ "CidrBlock": format!("10.{v}.0.0/16") }),
        )["Vpc"]["VpcId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let igw = apply(&mut world, "CreateInternetGateway", json!({}))["InternetGateway"]
            ["InternetGatewayId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        apply(
            &mut world,
            "AttachInternetGateway",
            json!({ "InternetGatewayId": igw, "VpcId": vpc }),
        );
        let mut tables = Vec::new();
        for _ in 0..4 {
            let rt = apply(&mut world, "CreateRouteTable", json!({ "VpcId": vpc }))["RouteTable"]
                ["RouteTableId"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            apply(
                &mut world,
                "CreateRoute",
                json!({ "RouteTableId": rt, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw }),
            );
            tables.push(rt);
        }
        for s in 0..150 {
            let subnet = apply(&mut world, "CreateSubnet", json!({ "VpcId": vpc, "CidrBlock": format!("10.{v}.{s}.0/24"), "AvailabilityZone": azs[s % azs.len()] }))["Subnet"]["SubnetId"].as_str().unwrap_or_default().to_string();
            apply(
                &mut world,
                "AssociateRouteTable",
                json!({ "RouteTableId": tables[s % 4], "SubnetId": subnet }),
            );
        }
        for g in 0..50 {
            let sg = apply(
                &mut world,
                "CreateSecurityGroup",
                json!({ "VpcId": vpc, "GroupName": format!("g{g}"), "Description": "bench" }),
            )["GroupId"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            apply(
                &mut world,
                "AuthorizeSecurityGroupIngress",
                json!({ "GroupId": sg, "IpPermissions": [{ "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{ "CidrIp": "0.0.0.0/0" }] }] }),
            );
            groups.push(sg);
        }
        vpcs.push(vpc);
    }
    (world, vpcs, groups)
}

fn count(world: &World) -> usize {
    let e = &world.ec2;
    e.vpcs.len()
        + e.subnets.len()
        + e.route_tables.len()
        + e.internet_gateways.len()
        + e.security_groups.len()
        + e.network_acls.len()
        + e.security_groups
            .values()
            .map(|g| g.ingress.len() + g.egress.len())
            .sum::<usize>()
}

fn main() {
    // `model_bench day` runs only the 24-hour benchmark (for profiling);
    // `model_bench storage` only what a learner's browser keeps.
    match std::env::args().nth(1).as_deref() {
        Some("day") => {
            run_day();
            run_scaling_day();
            return;
        }
        Some("storage") => {
            run_storage();
            return;
        }
        _ => {}
    }
    let started = Instant::now();
    let (mut world, vpcs, groups) = big_world();
    println!("Model benchmarks (release build, this machine):");
    println!(
        "  world built: {} resources (incl. rules) in {:.0?}",
        count(&world),
        started.elapsed()
    );

    // Mutations: create + delete a subnet, authorize + revoke a rule.
    let rounds = 5_000;
    let t = Instant::now();
    for i in 0..rounds {
        let vpc = &vpcs[i % vpcs.len()];
        let v = i % vpcs.len();
        let subnet = apply(&mut world, "CreateSubnet", json!({ "VpcId": vpc, "CidrBlock": format!("10.{v}.200.0/24"), "AvailabilityZone": "ap-northeast-1a" }))["Subnet"]["SubnetId"].as_str().unwrap_or_default().to_string();
        apply(&mut world, "DeleteSubnet", json!({ "SubnetId": subnet }));
        let permission = json!([{ "IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{ "CidrIp": "10.0.0.0/8" }] }]);
        apply(
            &mut world,
            "AuthorizeSecurityGroupIngress",
            json!({ "GroupId": groups[i % groups.len()], "IpPermissions": permission }),
        );
        apply(
            &mut world,
            "RevokeSecurityGroupIngress",
            json!({ "GroupId": groups[i % groups.len()], "IpPermissions": permission }),
        );
    }
    let mutations = rounds * 4;
    println!("  mutating calls:  {:>9.0} calls/s ({mutations} create/delete subnet, authorize/revoke rule)", mutations as f64 / t.elapsed().as_secs_f64());

    // Reads that build AWS shapes: a filtered describe and a single-id describe.
    let reads = 2_000;
    let t = Instant::now();
    for i in 0..reads {
        apply(
            &mut world,
            "DescribeSubnets",
            json!({ "Filters": [{ "Name": "vpc-id", "Values": [vpcs[i % vpcs.len()]] }, { "Name": "availability-zone", "Values": ["ap-northeast-1a"] }] }),
        );
    }
    println!(
        "  describe-subnets (filtered, ~50 of 600): {:>9.0} calls/s",
        reads as f64 / t.elapsed().as_secs_f64()
    );

    // Console lines: shell + CLI parsing + call + --query + text output.
    let mut console = Console::new(world.clone());
    let lines = 5_000;
    let t = Instant::now();
    for _ in 0..lines {
        console.run("aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text");
    }
    println!(
        "  console lines (describe-vpcs --query --output text): {:>9.0} lines/s",
        lines as f64 / t.elapsed().as_secs_f64()
    );

    // Save and load.
    let json = world.to_json();
    let runs = 20;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(world.to_json());
    }
    let save = t.elapsed() / runs;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(World::from_json(&json).ok());
    }
    let load = t.elapsed() / runs;
    println!(
        "  world JSON: {:.1} KB; serialise {:.2?}, deserialise {:.2?}",
        json.len() as f64 / 1024.0,
        save,
        load
    );
    run_day();
    run_scaling_day();
    run_storage();
}

/// What a learner's browser keeps (localStorage holds about 5 MB an origin):
/// each lesson's world when finished, as saved (world JSON plus journal), and
/// a busy 200-task world over ten simulated days — its size and this
/// process's memory a day at a time, which level off once the 7 days of
/// metric retention are full.
fn run_storage() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lessons");
    let mut total = 0usize;
    let mut largest = (0usize, String::new());
    let mut count = 0;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".yaml") || name == "index.yaml" {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Ok(lesson) = ecs_sim::lesson::parse(&name, &text) else {
                continue;
            };
            let Ok(console) = ecs_sim::lesson::world_at_step(
                &lesson,
                lesson.steps.len(),
                ecs_sim::lesson::LESSON_SEED,
            ) else {
                continue;
            };
            let journal = console
                .journal()
                .and_then(|j| serde_json::to_string(j).ok())
                .map_or(0, |j| j.len());
            let bytes = console.world.to_json().len() + journal;
            total += bytes;
            count += 1;
            if bytes > largest.0 {
                largest = (bytes, lesson.id.clone());
            }
        }
    }
    println!(
        "  storage: {count} finished lesson worlds (world + journal) take {:.0} KB together; the largest, {}, {:.0} KB",
        total as f64 / 1024.0,
        largest.1,
        largest.0 as f64 / 1024.0
    );
    let mut console = Console::default();
    console.run(DAY_WORLD);
    let mut sizes = Vec::new();
    let t = Instant::now();
    for _ in 0..10 {
        console.world.advance(ecs_sim::Duration(86_400));
        sizes.push(format!(
            "{:.0} KB / {} MB",
            console.world.to_json().len() as f64 / 1024.0,
            peak_memory_kb().map_or("?".to_string(), |kb| (kb / 1024).to_string())
        ));
    }
    println!(
        "  ten simulated days of the 200-task world ({:.1?} wall; metrics are kept 7 days), world JSON / peak memory at the end of each day: {}",
        t.elapsed(),
        sizes.join(", ")
    );
}

/// 24 h of the same world with target tracking on both services, a rolling
/// deployment of service one and a blue/green deployment of service three
/// every hour.
fn run_scaling_day() {
    let mut console = Console::default();
    console.run(DAY_WORLD);
    console.world.advance(ecs_sim::Duration(600));
    console.run(DAY_SCALING);
    let t = Instant::now();
    let mut peak_tasks = 0;
    let mut blue_green = 0;
    for _ in 0..24 {
        console.run("aws ecs update-service --cluster bench --service one --force-new-deployment");
        let out = console.run(HOURLY_BLUE_GREEN);
        blue_green += usize::from(out.status == 0);
        for _ in 0..60 {
            console.world.advance(ecs_sim::Duration(60));
            let running = console
                .world
                .ecs
                .tasks
                .values()
                .filter(|t| t.last_status == ecs_sim::ecs::task::TaskStatus::Running)
                .count();
            peak_tasks = peak_tasks.max(running);
        }
    }
    let wall = t.elapsed();
    let succeeded = console
        .world
        .deploy
        .deployments
        .values()
        .filter(|d| d.status == ecs_sim::deploy::deployment::DeploymentStatus::Succeeded)
        .count();
    println!(
        "  24 h with target tracking on two services, a rolling deployment every hour and a blue/green deployment of a third every hour: {:.2?} wall, {:.0} simulated s per wall s; {} scaling activities, {blue_green} blue/green deployments started, {succeeded} succeeded, up to {peak_tasks} tasks running; peak memory {} MB",
        wall,
        86_400.0 / wall.as_secs_f64(),
        console.world.autoscaling.activities.len(),
        peak_memory_kb().map_or("?".to_string(), |kb| (kb / 1024).to_string())
    );
}

/// A 200-task world: two Fargate services of 100 tasks, each behind its own
/// ALB, with daily load curves. The same script drives the wasm benchmark.
pub const DAY_WORLD: &str = include_str!("day_world.sh");
/// Target tracking on both services, for the Model III day.
pub const DAY_SCALING: &str = include_str!("day_scaling.sh");
/// The hourly CodeDeploy deployment of service three (its input is written by `day_scaling.sh`).
pub const HOURLY_BLUE_GREEN: &str =
    "aws deploy create-deployment --cli-input-json file://bluegreen.json";

fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn run_day() {
    let mut console = Console::default();
    console.run(DAY_WORLD);
    console.world.advance(ecs_sim::Duration(600));
    let running = console
        .world
        .ecs
        .tasks
        .values()
        .filter(|t| t.last_status == ecs_sim::ecs::task::TaskStatus::Running)
        .count();
    let t = Instant::now();
    console.world.advance(ecs_sim::Duration(86_400));
    let wall = t.elapsed();
    println!(
        "  24 h of a {running}-task, 2-service, 2-ALB world (daily load curves, health checks every 30 s, metrics every minute): {:.2?} wall, {:.0} simulated s per wall s; peak memory {} MB",
        wall,
        86_400.0 / wall.as_secs_f64(),
        peak_memory_kb().map_or("?".to_string(), |kb| (kb / 1024).to_string())
    );
}

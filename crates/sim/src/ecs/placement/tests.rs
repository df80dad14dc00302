//! Placement as a whole: the spreads AWS documents, the reasons a task stays
//! unplaced, scale-in, determinism, and a never-panics sweep over random
//! expressions and clusters.

use super::*;
use crate::ids::Rng;
use serde_json::json;
use std::collections::BTreeMap;

const REGION_ARN: &str = "arn:aws:ecs:ap-northeast-1:123456789012:container-instance/demo/";

/// Instance `n`: ids sort in `n` order, so id tie-breaks are predictable.
fn instance(n: usize, az: &str, cpu: u32, memory: u32) -> Candidate {
    Candidate::new(
        format!("{REGION_ARN}{n:032x}"),
        format!("i-{n:017x}"),
        az,
        "t3.medium",
        cpu,
        memory,
    )
}

fn typed(n: usize, az: &str, instance_type: &str) -> Candidate {
    let mut c = instance(n, az, 2048, 3900);
    c.instance_type = instance_type.to_string();
    c
}

/// How many tasks of the outcome landed on each instance, in candidate order.
fn per_instance(outcome: &PlaceMany, instances: usize) -> Vec<usize> {
    let mut counts = vec![0; instances];
    for p in &outcome.placements {
        if let Some(slot) = counts.get_mut(p.candidate_index) {
            *slot += 1;
        }
    }
    counts
}

fn strategies(json: serde_json::Value) -> Vec<PlacementStrategy> {
    serde_json::from_value(json).expect("valid strategies")
}

fn constraints(json: serde_json::Value) -> Vec<PlacementConstraint> {
    serde_json::from_value(json).expect("valid constraints")
}

/// Name, cluster, task count, `placementStrategy` JSON, tasks per instance.
type SpreadCase<'a> = (
    &'a str,
    &'a Vec<Candidate>,
    usize,
    serde_json::Value,
    Vec<usize>,
);

/// Name, host ports, network mode, how many of 3 tasks get placed.
type PortCase = (
    &'static str,
    Vec<(u16, HostProtocol)>,
    TaskNetworkMode,
    usize,
);

#[test]
fn documented_spreads() {
    let az = json!([{"type": "spread", "field": "attribute:ecs.availability-zone"}]);
    let three_azs = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1c", 4096, 8000),
        instance(2, "ap-northeast-1d", 4096, 8000),
    ];
    let two_azs = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1a", 4096, 8000),
        instance(2, "ap-northeast-1c", 4096, 8000),
    ];
    let memories = vec![
        instance(0, "ap-northeast-1a", 4096, 3000),
        instance(1, "ap-northeast-1a", 4096, 1000),
        instance(2, "ap-northeast-1a", 4096, 2000),
    ];
    let zones_and_memory = vec![
        instance(0, "ap-northeast-1a", 4096, 1000),
        instance(1, "ap-northeast-1a", 4096, 3000),
        instance(2, "ap-northeast-1c", 4096, 2000),
        instance(3, "ap-northeast-1c", 4096, 4000),
    ];
    let cases: Vec<SpreadCase<'_>> = vec![
        (
            "6 tasks, spread AZ over 3 AZs",
            &three_azs,
            6,
            az.clone(),
            vec![2, 2, 2],
        ),
        (
            "7 tasks: the extra one goes to the lowest id",
            &three_azs,
            7,
            az.clone(),
            vec![3, 2, 2],
        ),
        (
            "spread instanceId",
            &three_azs,
            5,
            json!([{"type": "spread", "field": "instanceId"}]),
            vec![2, 2, 1],
        ),
        (
            "spread host is instanceId",
            &three_azs,
            3,
            json!([{"type": "spread", "field": "host"}]),
            vec![1, 1, 1],
        ),
        (
            "AZ spread alone stacks within an AZ by id",
            &two_azs,
            6,
            az.clone(),
            vec![3, 0, 3],
        ),
        (
            "AZ then instanceId (console's AZ balanced spread)",
            &two_azs,
            6,
            json!([
                {"type": "spread", "field": "attribute:ecs.availability-zone"},
                {"type": "spread", "field": "instanceId"}
            ]),
            vec![2, 1, 3],
        ),
        (
            "binpack memory fills the fullest first",
            &memories,
            4,
            json!([{"type": "binpack", "field": "memory"}]),
            vec![0, 2, 2],
        ),
        (
            "spread AZ then binpack memory within each AZ",
            &zones_and_memory,
            4,
            json!([
                {"type": "spread", "field": "attribute:ecs.availability-zone"},
                {"type": "binpack", "field": "memory"}
            ]),
            vec![2, 0, 2, 0],
        ),
        (
            "no strategy: lowest id while it fits",
            &memories,
            3,
            json!([]),
            vec![3, 0, 0],
        ),
    ];
    for (name, cluster, n, strategy_json, expected) in cases {
        let requirements = TaskRequirements::new(256, 500, "service:web");
        let mut rng = Rng::from_seed(7);
        let outcome = place_many(
            n,
            cluster,
            &requirements,
            &[],
            &strategies(strategy_json),
            &mut rng,
        );
        assert!(
            outcome.failures.is_empty(),
            "{name}: {:?}",
            outcome.failures
        );
        assert_eq!(per_instance(&outcome, cluster.len()), expected, "{name}");
    }
}

#[test]
fn default_service_strategy_balances_azs() {
    let cluster = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1c", 4096, 8000),
        instance(2, "ap-northeast-1d", 4096, 8000),
    ];
    let requirements = TaskRequirements::new(256, 512, "service:web");
    let outcome = place_many(
        6,
        &cluster,
        &requirements,
        &[],
        &default_service_strategies(),
        &mut Rng::from_seed(1),
    );
    assert_eq!(per_instance(&outcome, 3), vec![2, 2, 2]);
    // Another service's tasks do not count against this one's spread.
    let mut busy = cluster.clone();
    for _ in 0..5 {
        busy[0].tasks.push(PlacedTask::new("service:api"));
    }
    let outcome = place_many(
        3,
        &busy,
        &requirements,
        &[],
        &default_service_strategies(),
        &mut Rng::from_seed(1),
    );
    assert_eq!(per_instance(&outcome, 3), vec![1, 1, 1]);
}

#[test]
fn distinct_instance_leaves_the_third_task_unplaced() {
    let cluster = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1c", 4096, 8000),
    ];
    let requirements = TaskRequirements::new(256, 512, "service:web");
    let distinct = constraints(json!([{"type": "distinctInstance"}]));
    let outcome = place_many(
        3,
        &cluster,
        &requirements,
        &distinct,
        &default_service_strategies(),
        &mut Rng::from_seed(1),
    );
    assert_eq!(per_instance(&outcome, 2), vec![1, 1]);
    assert_eq!(outcome.failures.len(), 1);
    let failure = &outcome.failures[0];
    assert_eq!(failure.rejections.len(), 2, "one reason per instance");
    for r in &failure.rejections {
        assert_eq!(
            r.rejection,
            Rejection::ConstraintNotMet {
                constraint_type: ConstraintType::DistinctInstance,
                description: "distinctInstance".into(),
            }
        );
    }
    assert_eq!(
        failure.service_event_message("web"),
        format!(
            "service web was unable to place a task because no container instance met all of its \
             requirements. The closest matching container-instance {:032x} encountered error \
             \"DistinctInstance placement constraint unsatisfied.\". For more information, see the \
             Troubleshooting section of the Amazon ECS Developer Guide.",
            0
        )
    );
    assert_eq!(
        failure.run_task_failures()[0].reason,
        "DistinctInstance placement constraint unsatisfied."
    );
}

#[test]
fn member_of_selects_instances() {
    let cluster = vec![
        typed(0, "ap-northeast-1a", "t3.micro"),
        typed(1, "ap-northeast-1c", "t3.small"),
        typed(2, "ap-northeast-1a", "m5.large"),
        typed(3, "ap-northeast-1d", "t2.micro"),
    ];
    let cases: &[(&str, &[usize])] = &[
        ("attribute:ecs.instance-type =~ t3.*", &[0, 1]),
        ("attribute:ecs.instance-type == t3.micro", &[0]),
        ("attribute:ecs.instance-type != t3.micro", &[1, 2, 3]),
        ("attribute:ecs.instance-type in [t2.micro, m5.large]", &[2, 3]),
        ("attribute:ecs.availability-zone in [ap-northeast-1a, ap-northeast-1c]", &[0, 1, 2]),
        ("attribute:ecs.availability-zone not_in [ap-northeast-1a, ap-northeast-1c]", &[3]),
        ("attribute:ecs.availability-zone !in [ap-northeast-1d]", &[0, 1, 2]),
        ("attribute:ecs.instance-type =~ t.\\.micro", &[0, 3]),
        (
            "attribute:ecs.instance-type =~ t3.* and attribute:ecs.availability-zone != ap-northeast-1c",
            &[0],
        ),
        ("attribute:ecs.instance-type == m5.large or ec2InstanceId == i-00000000000000003", &[2, 3]),
        ("not(attribute:ecs.instance-type =~ t.*)", &[2]),
        ("agentConnected == true and runningTasksCount == 0", &[0, 1, 2, 3]),
        ("attribute:ecs.os-type == windows", &[]),
    ];
    let requirements = TaskRequirements::new(256, 512, "service:web");
    for (expression, expected) in cases {
        let constraint = [PlacementConstraint::member_of(expression).expect("valid expression")];
        let admitted: Vec<usize> = cluster
            .iter()
            .enumerate()
            .filter(|(_, c)| check_candidate(c, &requirements, &constraint).is_ok())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(admitted, *expected, "{expression}");
        // And placement only ever uses admitted instances.
        let outcome = place_many(
            8,
            &cluster,
            &requirements,
            &constraint,
            &[PlacementStrategy::spread(SpreadField::InstanceId)],
            &mut Rng::from_seed(3),
        );
        for p in &outcome.placements {
            assert!(expected.contains(&p.candidate_index), "{expression}: {p:?}");
        }
        if expected.is_empty() {
            assert_eq!(outcome.failures.len(), 8);
            let event = outcome.failures[0].service_event_message("web");
            assert!(
                event.contains("encountered error \"MemberOf placement constraint unsatisfied.\"."),
                "{event}"
            );
        }
    }
}

#[test]
fn task_group_affinity_and_anti_affinity() {
    let mut cluster = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1c", 4096, 8000),
    ];
    cluster[1].tasks.push(PlacedTask::new("service:database"));
    let requirements = TaskRequirements::new(256, 512, "service:web");
    let mut rng = Rng::from_seed(1);
    let near = [PlacementConstraint::member_of("task:group == service:database").expect("valid")];
    let away = [PlacementConstraint::member_of("not(task:group == service:database)").expect("v")];
    let placed = place(&cluster, &requirements, &near, &[], &mut rng).expect("placed");
    assert_eq!(placed.candidate_index, 1);
    let placed = place(&cluster, &requirements, &away, &[], &mut rng).expect("placed");
    assert_eq!(placed.candidate_index, 0);
}

#[test]
fn bridge_static_host_port_conflicts() {
    let mut requirements = TaskRequirements::new(256, 256, "service:web");
    requirements.host_ports = vec![(80, HostProtocol::Tcp)];
    let binpack = [PlacementStrategy::binpack(BinpackField::Memory)];

    // One instance: the second task cannot share port 80.
    let one = vec![instance(0, "ap-northeast-1a", 4096, 8000)];
    let outcome = place_many(
        2,
        &one,
        &requirements,
        &[],
        &binpack,
        &mut Rng::from_seed(1),
    );
    assert_eq!(outcome.placements.len(), 1);
    assert_eq!(
        outcome.failures[0].rejections[0].rejection,
        Rejection::PortInUse {
            port: 80,
            protocol: HostProtocol::Tcp
        }
    );
    assert!(outcome.failures[0]
        .service_event_message("web")
        .contains(&format!(
            "container-instance {:032x} is already using a port required by your task.",
            0
        )));
    assert_eq!(
        outcome.failures[0].run_task_failures()[0].reason,
        "RESOURCE:PORTS"
    );

    // Two instances: binpack would stack them, the port sends the second away.
    let two = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1a", 4096, 8000),
    ];
    let outcome = place_many(
        3,
        &two,
        &requirements,
        &[],
        &binpack,
        &mut Rng::from_seed(1),
    );
    assert_eq!(per_instance(&outcome, 2), vec![1, 1]);
    assert_eq!(outcome.failures.len(), 1);
    assert!(outcome
        .candidates
        .iter()
        .all(|c| c.used_ports.contains(&(80, HostProtocol::Tcp))));

    // Port 80 over UDP is another port (though it then conflicts with itself);
    // a dynamic port (0) and awsvpc tasks never conflict.
    let cases: &[PortCase] = &[
        (
            "udp 80",
            vec![(80, HostProtocol::Udp)],
            TaskNetworkMode::Bridge,
            1,
        ),
        (
            "dynamic",
            vec![(0, HostProtocol::Tcp)],
            TaskNetworkMode::Bridge,
            3,
        ),
        (
            "awsvpc",
            vec![(80, HostProtocol::Tcp)],
            TaskNetworkMode::Awsvpc,
            3,
        ),
        (
            "host mode",
            vec![(80, HostProtocol::Tcp)],
            TaskNetworkMode::Host,
            0,
        ),
    ];
    let mut taken = one.clone();
    taken[0].used_ports.insert((80, HostProtocol::Tcp));
    for (name, ports, mode, placed) in cases {
        let mut r = requirements.clone();
        r.host_ports = ports.clone();
        r.network_mode = *mode;
        let outcome = place_many(3, &taken, &r, &[], &binpack, &mut Rng::from_seed(1));
        assert_eq!(outcome.placements.len(), *placed, "{name}");
    }

    // The agent's reserved ports (22, 2375, 2376, 51678, 51679) are taken too.
    let reserved = vec![instance(0, "ap-northeast-1a", 4096, 8000).with_agent_reserved_ports()];
    let mut ssh = requirements.clone();
    ssh.host_ports = vec![(22, HostProtocol::Tcp)];
    assert!(place(&reserved, &ssh, &[], &[], &mut Rng::from_seed(1)).is_err());
}

#[test]
fn insufficient_resources_are_explained_per_instance() {
    let mut draining = instance(2, "ap-northeast-1a", 4096, 8000);
    draining.status = InstanceStatus::Draining;
    let mut disconnected = instance(3, "ap-northeast-1a", 4096, 8000);
    disconnected.agent_connected = false;
    let cluster = vec![
        instance(0, "ap-northeast-1a", 256, 4096),
        instance(1, "ap-northeast-1c", 2048, 256),
        draining,
        disconnected,
    ];
    let requirements = TaskRequirements::new(512, 512, "service:web");
    let err =
        place(&cluster, &requirements, &[], &[], &mut Rng::from_seed(1)).expect_err("none fit");
    let reasons: Vec<Rejection> = err.rejections.iter().map(|r| r.rejection.clone()).collect();
    assert_eq!(
        reasons,
        vec![
            Rejection::InsufficientCpu {
                needed: 512,
                remaining: 256
            },
            Rejection::InsufficientMemory {
                needed: 512,
                remaining: 256
            },
            Rejection::NotActive {
                status: InstanceStatus::Draining
            },
            Rejection::AgentDisconnected,
        ]
    );
    // Memory is checked after CPU, so the memory-short instance got further.
    assert_eq!(
        err.closest().map(|r| r.ec2_instance_id.as_str()),
        Some("i-00000000000000001")
    );
    assert!(err
        .service_event_message("web")
        .contains("has insufficient memory available."));

    let cpu_only = vec![
        instance(0, "ap-northeast-1a", 100, 8000),
        instance(1, "ap-northeast-1a", 400, 8000),
    ];
    let err =
        place(&cpu_only, &requirements, &[], &[], &mut Rng::from_seed(1)).expect_err("no cpu");
    assert_eq!(
        err.service_event_message("web"),
        format!(
            "service web was unable to place a task because no container instance met all of its \
             requirements. The closest matching container-instance {:032x} has insufficient CPU \
             units available. For more information, see the Troubleshooting section of the Amazon \
             ECS Developer Guide.",
            1
        )
    );
    assert!(err.to_string().starts_with("no container instance met all"));
    assert_eq!(
        err.rejections[0].rejection.explain(),
        "The task needs 512 CPU units; the instance has 100 left."
    );

    let only_agent = vec![cluster[3].clone()];
    let err =
        place(&only_agent, &requirements, &[], &[], &mut Rng::from_seed(1)).expect_err("agent");
    assert!(err
        .service_event_message("web")
        .contains("encountered error \"AGENT\"."));
}

#[test]
fn an_empty_or_draining_cluster_has_no_container_instances() {
    let requirements = TaskRequirements::new(256, 256, "service:web");
    let expected = "service web was unable to place a task because no container instance met \
                    all of its requirements. Reason: No Container Instances were found in your \
                    cluster. For more information, see the Troubleshooting section of the Amazon \
                    ECS Developer Guide.";
    let err = place(&[], &requirements, &[], &[], &mut Rng::from_seed(1)).expect_err("empty");
    assert_eq!(err.service_event_message("web"), expected);
    let mut draining = instance(0, "ap-northeast-1a", 4096, 8000);
    draining.status = InstanceStatus::Draining;
    let err = place(&[draining], &requirements, &[], &[], &mut Rng::from_seed(1)).expect_err("d");
    assert_eq!(err.service_event_message("web"), expected);
    assert!(err.no_container_instances());
}

#[test]
fn random_is_seeded_and_uses_every_instance() {
    let cluster: Vec<Candidate> = (0..4)
        .map(|n| instance(n, "ap-northeast-1a", 1_000_000, 10_000_000))
        .collect();
    let requirements = TaskRequirements::new(1, 1, "family:batch");
    let random = [PlacementStrategy::random()];
    let run = |seed: u64| {
        let outcome = place_many(
            400,
            &cluster,
            &requirements,
            &[],
            &random,
            &mut Rng::from_seed(seed),
        );
        outcome
            .placements
            .iter()
            .map(|p| p.candidate_index)
            .collect::<Vec<_>>()
    };
    let first = run(2024);
    assert_eq!(first, run(2024), "same seed, same placements");
    assert_ne!(first, run(2025), "another seed, another sequence");
    let mut counts = BTreeMap::new();
    for i in &first {
        *counts.entry(*i).or_insert(0usize) += 1;
    }
    assert_eq!(counts.len(), 4, "every instance used: {counts:?}");
    assert!(
        counts.values().all(|&c| c >= 60),
        "roughly uniform: {counts:?}"
    );
}

#[test]
fn scale_in_follows_the_strategies() {
    let requirements = TaskRequirements::new(256, 512, "service:web");
    // Spread over 3 AZs, 6 → 3 tasks: one stays in each AZ.
    let cluster = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1c", 4096, 8000),
        instance(2, "ap-northeast-1d", 4096, 8000),
    ];
    let spread = default_service_strategies();
    let mut rng = Rng::from_seed(9);
    let mut state = place_many(6, &cluster, &requirements, &[], &spread, &mut rng).candidates;
    for _ in 0..3 {
        let stop = choose_task_to_stop(&state, "service:web", &spread, &mut rng).expect("a task");
        assert!(apply_stop(&mut state, &stop));
    }
    let left: Vec<usize> = state
        .iter()
        .map(|c| c.group_task_count("service:web"))
        .collect();
    assert_eq!(left, vec![1, 1, 1]);

    // Binpack memory: stop on the instance that would have the most left.
    let mut packed = vec![
        instance(0, "ap-northeast-1a", 4096, 100),
        instance(1, "ap-northeast-1a", 4096, 1000),
    ];
    let mut task = PlacedTask::new("service:web");
    task.memory = 300;
    packed[0].tasks.push(task.clone());
    task.memory = 100;
    packed[1].tasks.push(task);
    let binpack = [PlacementStrategy::binpack(BinpackField::Memory)];
    let stop = choose_task_to_stop(&packed, "service:web", &binpack, &mut rng).expect("a task");
    assert_eq!(stop.candidate_index, 1);

    // Random within the AZ: the seed decides, reproducibly.
    let mut twins = vec![
        instance(0, "ap-northeast-1a", 4096, 8000),
        instance(1, "ap-northeast-1a", 4096, 8000),
    ];
    twins[0].tasks.push(PlacedTask::new("service:web"));
    twins[1].tasks.push(PlacedTask::new("service:web"));
    let picks: Vec<usize> = (0..50)
        .map(|seed| {
            choose_task_to_stop(&twins, "service:web", &spread, &mut Rng::from_seed(seed))
                .map(|s| s.candidate_index)
                .unwrap_or(usize::MAX)
        })
        .collect();
    assert!(picks.contains(&0) && picks.contains(&1), "{picks:?}");
    let again = choose_task_to_stop(&twins, "service:web", &spread, &mut Rng::from_seed(3));
    assert_eq!(again.map(|s| s.candidate_index), Some(picks[3]));
}

#[test]
fn place_updates_the_state_it_returns() {
    let cluster = vec![instance(0, "ap-northeast-1a", 1024, 1024)];
    let mut requirements = TaskRequirements::new(300, 400, "service:web");
    requirements.host_ports = vec![(8080, HostProtocol::Tcp)];
    let outcome = place_many(1, &cluster, &requirements, &[], &[], &mut Rng::from_seed(1));
    let c = &outcome.candidates[0];
    assert_eq!(
        (c.remaining_cpu, c.remaining_memory, c.running_tasks),
        (724, 624, 1)
    );
    assert!(c.used_ports.contains(&(8080, HostProtocol::Tcp)));
    assert_eq!(c.tasks[0].group, "service:web");
    let json = serde_json::to_value(&outcome).expect("serializes");
    assert_eq!(json["placements"][0]["candidateIndex"], 0);
}

// ── Never panics ─────────────────────────────────────────────────────────────

/// Pieces expressions are made of, valid and not, so random joins hit both
/// the parser's happy paths and its error paths.
const PIECES: &[&str] = &[
    "attribute:ecs.instance-type",
    "attribute:ecs.availability-zone",
    "attribute:stack",
    "attribute:",
    "task:group",
    "agentConnected",
    "runningTasksCount",
    "ec2InstanceId",
    "agentVersion",
    "registeredAt",
    "bogus",
    "==",
    "!=",
    "=~",
    "!~",
    ">",
    ">=",
    "<",
    "<=",
    "in",
    "!in",
    "not_in",
    "exists",
    "!exists",
    "matches",
    "and",
    "or",
    "not",
    "&&",
    "||",
    "!",
    "(",
    ")",
    "[",
    "]",
    ",",
    "t3.*",
    "t3.micro",
    "(t2|t3).*",
    "[ab]",
    "a{2,3}",
    "\\",
    "'quoted value'",
    "\"dq\"",
    "'",
    "true",
    "false",
    "1",
    "0",
    "1.14.5",
    "2018-06-18",
    "service:web",
    "ap-northeast-1a",
    "*",
    "+",
    "?",
    "{",
    "}",
    "é",
    "   ",
    "",
];

/// Random junk from [`PIECES`] and raw characters: mostly parse errors.
fn random_junk(rng: &mut Rng) -> String {
    let len = rng.below(12) as usize;
    let mut out = String::new();
    for _ in 0..len {
        if rng.below(10) == 0 {
            // A raw character now and then, including non-ASCII.
            let ch = char::from_u32(rng.below(0x3000) as u32).unwrap_or('x');
            out.push(ch);
        } else {
            out.push_str(pick(PIECES, rng));
        }
        if rng.below(3) != 0 {
            out.push(' ');
        }
    }
    out
}

fn pick<'a>(items: &[&'a str], rng: &mut Rng) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

/// A grammatical expression (sometimes with an ill-typed value), nested up
/// to `depth`.
fn random_grammatical(rng: &mut Rng, depth: u32) -> String {
    if depth > 0 && rng.below(3) == 0 {
        let a = random_grammatical(rng, depth - 1);
        let b = random_grammatical(rng, depth - 1);
        return match rng.below(4) {
            0 => format!("{a} and {b}"),
            1 => format!("({a}) or {b}"),
            2 => format!("not({a})"),
            _ => format!("!{a} && {b} || {a}"),
        };
    }
    let subject = pick(
        &[
            "attribute:ecs.instance-type",
            "attribute:ecs.availability-zone",
            "attribute:stack",
            "task:group",
            "agentConnected",
            "runningTasksCount",
            "ec2InstanceId",
            "agentVersion",
        ],
        rng,
    );
    let value = pick(
        &[
            "t3.micro",
            "prod",
            "true",
            "1",
            "1.14.5",
            "service:web",
            "i-1",
        ],
        rng,
    );
    match rng.below(5) {
        0 => format!(
            "{subject} {} {value}",
            pick(&["==", "!=", ">", "<=", "equals"], rng)
        ),
        1 => format!(
            "{subject} {} [{value}, 'x y']",
            pick(&["in", "!in", "not_in"], rng)
        ),
        2 => format!(
            "{subject} {} {}",
            pick(&["=~", "!~"], rng),
            pick(&["t3.*", "(a|b)+", "[0-9]*"], rng)
        ),
        3 => format!("{subject} {}", pick(&["exists", "!exists"], rng)),
        _ => format!("{subject}{}{value}", pick(&["==", "!="], rng)),
    }
}

fn random_expression(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => random_junk(rng),
        1 => random_grammatical(rng, 3),
        _ => {
            // A grammatical expression with one piece spliced in somewhere.
            let mut text = random_grammatical(rng, 2);
            let at = text
                .char_indices()
                .map(|(i, _)| i)
                .nth(rng.below(text.chars().count() as u64 + 1) as usize)
                .unwrap_or(text.len());
            text.insert_str(at, pick(PIECES, rng));
            text
        }
    }
}

fn random_candidate(n: usize, rng: &mut Rng) -> Candidate {
    let azs = ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"];
    let types = ["t3.micro", "t3.small", "m5.large", ""];
    let mut c = instance(
        n,
        azs[rng.below(3) as usize],
        rng.below(4096) as u32,
        rng.below(8192) as u32,
    );
    c.instance_type = types[rng.below(4) as usize].to_string();
    if rng.below(2) == 0 {
        c.attributes.insert(
            "stack".into(),
            ["prod", "dev", ""][rng.below(3) as usize].into(),
        );
    }
    c.agent_connected = rng.below(8) != 0;
    c.status = [
        InstanceStatus::Active,
        InstanceStatus::Active,
        InstanceStatus::Draining,
    ][rng.below(3) as usize];
    c.agent_version = ["", "1.14.5", "x.y"][rng.below(3) as usize].into();
    c.running_tasks = rng.below(5) as u32;
    for _ in 0..rng.below(4) {
        let mut t = PlacedTask::new(["service:web", "service:db", ""][rng.below(3) as usize]);
        t.cpu = rng.below(u32::MAX as u64) as u32;
        t.memory = rng.below(2048) as u32;
        c.tasks.push(t);
    }
    if rng.below(2) == 0 {
        c.used_ports.insert((80, HostProtocol::Tcp));
    }
    c
}

#[test]
fn never_panics_on_random_expressions_and_clusters() {
    let mut rng = Rng::from_seed(0x5eed);
    let strategy_menu = [
        vec![],
        default_service_strategies(),
        vec![PlacementStrategy::binpack(BinpackField::Cpu)],
        vec![
            PlacementStrategy::random(),
            PlacementStrategy::spread(SpreadField::Host),
        ],
        vec![
            PlacementStrategy::spread_attribute("stack"),
            PlacementStrategy::binpack(BinpackField::Memory),
            PlacementStrategy::spread(SpreadField::InstanceId),
        ],
    ];
    let mut parsed = 0;
    for round in 0..3000 {
        let text = random_expression(&mut rng);
        let constraint = PlacementConstraint::member_of(&text);
        let cluster: Vec<Candidate> = (0..rng.below(6) as usize)
            .map(|n| random_candidate(n, &mut rng))
            .collect();
        if let Ok(c) = &constraint {
            parsed += 1;
            for candidate in &cluster {
                let _ = c.admits(candidate, "service:web");
            }
            // Round-trips through the API shape.
            let back: PlacementConstraint =
                serde_json::from_value(serde_json::to_value(c).expect("ser")).expect("de");
            assert_eq!(&back, c);
        }
        let mut requirements = TaskRequirements::new(
            rng.below(2048) as u32,
            rng.below(4096) as u32,
            "service:web",
        );
        if rng.below(2) == 0 {
            requirements.host_ports = vec![(80, HostProtocol::Tcp)];
        }
        let mut constraints: Vec<PlacementConstraint> = constraint.into_iter().collect();
        if rng.below(3) == 0 {
            constraints.push(PlacementConstraint::distinct_instance());
        }
        let strategies = &strategy_menu[round % strategy_menu.len()];
        match place(&cluster, &requirements, &constraints, strategies, &mut rng) {
            Ok(p) => {
                let chosen = cluster.get(p.candidate_index).expect("index resolves");
                assert_eq!(check_candidate(chosen, &requirements, &constraints), Ok(()));
            }
            Err(u) => {
                assert_eq!(u.rejections.len(), cluster.len());
                let _ = (
                    u.service_event_message("web"),
                    u.run_task_failures(),
                    u.to_string(),
                );
            }
        }
        let n = rng.below(8) as usize;
        let outcome = place_many(
            n,
            &cluster,
            &requirements,
            &constraints,
            strategies,
            &mut rng,
        );
        assert_eq!(outcome.placements.len() + outcome.failures.len(), n);
        let mut state = outcome.candidates;
        while let Some(stop) = choose_task_to_stop(&state, "service:web", strategies, &mut rng) {
            assert!(apply_stop(&mut state, &stop));
        }
    }
    assert!(
        parsed > 100,
        "the generator should also produce valid expressions ({parsed})"
    );
}

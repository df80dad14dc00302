//! Inputs found by reading the code for ways to crash or freeze the page
//! (a panic in WebAssembly kills it; a crafted share link replays up to
//! 20,000 lines on someone else's machine). Each must give an error, or a
//! bounded result, and never panic, overflow or recurse without end.
#![cfg(not(target_arch = "wasm32"))]

use ecs_sim::autoscaling::scaling_policy::{StepAdjustment, StepScalingConfiguration};
use ecs_sim::console::{Console, Journal, JournalEntry, ReplayError, MAX_REPLAY_SECONDS};

fn failed(out: &ecs_sim::console::Output, needle: &str) {
    assert_ne!(out.status, 0, "expected a refusal: {}", out.stdout);
    assert!(out.stderr.contains(needle), "{needle}: {}", out.stderr);
}

#[test]
fn a_script_that_sources_itself_stops_and_is_journaled_once() {
    let mut console = Console::default();
    console.run("echo 'echo hi; source a.sh' > a.sh");
    let out = console.run("source a.sh");
    failed(&out, "maximum nesting level");
    assert_eq!(out.stdout.matches("hi").count(), 8);
    // Only the typed lines are in the journal: a replay runs the script the same number of times.
    let journal = console.journal().expect("journal").clone();
    assert_eq!(journal.entries.len(), 2);
    let replayed = Console::replay(&journal, console.world.now.0).expect("replays");
    assert_eq!(replayed.world, console.world);
}

#[test]
fn deep_nesting_is_refused_in_shorthand_and_yaml() {
    let mut console = Console::default();
    let deep = format!("Name={}", "{a=".repeat(5_000));
    failed(
        &console.run(&format!("aws ec2 describe-vpcs --filters '{deep}'")),
        "nested too deeply",
    );
    let list = format!("[{}]", "[".repeat(5_000));
    console.files.insert(
        "deep.yaml".into(),
        format!("CidrBlock: {list}{}\n", "]".repeat(5_000)),
    );
    failed(
        &console.run("aws ec2 create-vpc --cli-input-yaml file://deep.yaml"),
        "nested more than 64",
    );
    let mut blocks = String::new();
    for level in 0..200 {
        blocks.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
    }
    blocks.push_str(&format!("{}end: 1\n", "  ".repeat(200)));
    console.files.insert("blocks.yaml".into(), blocks);
    failed(
        &console.run("aws ec2 create-vpc --cli-input-yaml file://blocks.yaml"),
        "nested more than 64",
    );
}

#[test]
fn a_glob_with_many_stars_is_quick() {
    let mut console = Console::default();
    let text = "a".repeat(300);
    let pattern = format!("{}b", "*".repeat(60));
    let out = console.run(&format!("X={text}; echo ${{X#{pattern}}}"));
    assert_eq!(out.stdout.trim(), text);
    let out = console.run("Y=web-public-1a; echo ${Y%-*}");
    assert_eq!(out.stdout.trim(), "web-public");
}

#[test]
fn huge_numbers_are_refused_not_overflowed() {
    let mut console = Console::default();
    failed(
        &console.run("aws cloudwatch put-metric-alarm --alarm-name a --metric-name CPUUtilization --namespace AWS/ECS --statistic Average --period 1006632960 --evaluation-periods 1099511627776 --threshold 1 --comparison-operator GreaterThanThreshold"),
        "604800",
    );
    let out = console.run("aws cloudwatch get-metric-statistics --namespace AWS/ECS --metric-name CPUUtilization --start-time 300000000000-01-01T00:00:00Z --end-time 2026-01-01T00:00:00Z --period 60 --statistics Average");
    assert_ne!(out.status, 0);
    console.run("aws ecs create-cluster --cluster-name c");
    console.run("aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/c/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 4");
    let out = console.run("aws application-autoscaling put-scheduled-action --service-namespace ecs --resource-id service/c/web --scalable-dimension ecs:service:DesiredCount --scheduled-action-name big --schedule 'rate(307445734561825861 hours)' --scalable-target-action MinCapacity=2");
    assert_ne!(out.status, 0, "{}", out.stdout);
    // Containers whose sizes add up past u32 on an EC2 task: placed or refused, no overflow.
    console.run(r#"cat > big.json <<EOF
{"family":"big","containerDefinitions":[{"name":"a","image":"nginx","cpu":4000000000,"memory":4000000000},{"name":"b","image":"nginx","cpu":4000000000,"memory":4000000000}]}
EOF"#);
    console.run("aws ecs register-task-definition --cli-input-json file://big.json");
    console.run("sim add-instance --cluster c");
    let out = console.run("aws ecs run-task --cluster c --task-definition big --launch-type EC2");
    assert!(out.status == 0 || !out.stderr.is_empty());
}

#[test]
fn a_step_adjustment_of_any_size_saturates() {
    for (kind, adjustment, magnitude) in [
        ("ChangeInCapacity", i64::MIN, None),
        ("ChangeInCapacity", i64::MAX, None),
        ("PercentChangeInCapacity", i64::MIN, Some(i64::MIN)),
        ("PercentChangeInCapacity", 1, Some(i64::MAX)),
    ] {
        let step = StepScalingConfiguration {
            adjustment_type: Some(kind.into()),
            step_adjustments: vec![StepAdjustment {
                metric_interval_lower_bound: Some(0.0),
                metric_interval_upper_bound: None,
                scaling_adjustment: adjustment,
            }],
            min_adjustment_magnitude: magnitude,
            cooldown: None,
            metric_aggregation_type: None,
        };
        let new = step.capacity(100, 5.0).expect("a step covers it");
        assert!(new <= 10_000, "{kind} {adjustment}: {new}");
    }
}

#[test]
fn sorting_numbers_that_floats_cannot_tell_apart_does_not_panic() {
    let mut console = Console::default();
    let out = console.run(
        "aws ec2 describe-vpcs --query 'sort(`[9007199254740993, 9007199254740992.0, 9007199254740992, 1, 9007199254740993.0]`)' --output json",
    );
    assert_eq!(out.status, 0, "{}", out.stderr);
    let sorted: Vec<f64> = serde_json::from_str::<Vec<serde_json::Value>>(&out.stdout)
        .expect("a list")
        .iter()
        .filter_map(serde_json::Value::as_f64)
        .collect();
    assert!(sorted.windows(2).all(|w| w[0] <= w[1]), "{sorted:?}");
}

#[test]
fn a_crafted_journal_cannot_run_the_clock_for_a_year() {
    let journal = Journal {
        seed: 1,
        entries: (0..3)
            .map(|_| JournalEntry {
                at: 0,
                line: "sim advance 366d".into(),
            })
            .collect(),
    };
    let replayed = Console::replay(&journal, 0).expect("the lines are refused, not run");
    assert!(replayed.world.now.0 <= MAX_REPLAY_SECONDS);
    // The learner's own clock is not bounded afterwards.
    let mut mine = replayed;
    assert_eq!(mine.run("sim advance 1d").status, 0);
    // A journal whose lines are fed far in the future is refused outright.
    let late = Journal {
        seed: 1,
        entries: vec![JournalEntry {
            at: MAX_REPLAY_SECONDS + 1,
            line: "echo late".into(),
        }],
    };
    assert!(matches!(
        Console::replay(&late, 0),
        Err(ReplayError::TooFarInTime { .. })
    ));
}

#[test]
fn a_saved_world_with_its_clock_near_the_end_of_time_is_refused() {
    let mut value: serde_json::Value =
        serde_json::from_str(&ecs_sim::World::new(1).to_json()).expect("json");
    value["now"] = serde_json::json!(u64::MAX - 5);
    let err = ecs_sim::World::from_json(&value.to_string()).expect_err("refused");
    assert!(err.to_string().contains("past the"), "{err}");
    // A century is accepted, and the clock stops there rather than overflowing.
    let century = ecs_sim::clock::MAX_WORLD_AGE.0;
    value["now"] = serde_json::json!(century - 10);
    let mut world = ecs_sim::World::from_json(&value.to_string()).expect("loads");
    world.advance(ecs_sim::Duration(3600));
    assert_eq!(world.now.0, century);
    // Waiting for a steady state there returns instead of spinning forever.
    let mut console = Console::new(world);
    for line in [
        "aws ecs create-cluster --cluster-name c",
        "aws ecs register-task-definition --family f --container-definitions name=a,image=nginx,memory=128",
        "aws ecs create-service --cluster c --service-name s --task-definition f --desired-count 1",
        "sim advance steady",
    ] {
        let _ = console.run(line);
    }
    assert_eq!(console.world.now.0, century);
}

#[test]
fn listener_weights_beyond_elbs_limit_in_a_saved_world_are_capped_not_overflowed() {
    let mut console = Console::default();
    let out = console.run(include_str!("fixtures/blue_green_service.sh"));
    assert_eq!(out.status, 0, "{}", out.stderr);
    let (blue, green) = (
        console.run("echo $TG").stdout,
        console.run("echo $TG2").stdout,
    );
    let mut value: serde_json::Value = serde_json::from_str(&console.world.to_json()).unwrap();
    // As a hand-edited save could hold them: weights AWS would refuse.
    for listener in value["elb"]["listeners"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        listener["defaultActions"] = serde_json::json!([{ "Type": "forward", "ForwardConfig": { "TargetGroups": [
            { "TargetGroupArn": blue.trim(), "Weight": u32::MAX },
            { "TargetGroupArn": green.trim(), "Weight": i64::MAX },
        ] } }]);
    }
    console.world = ecs_sim::World::from_json(&value.to_string()).expect("loads");
    let listener = console.world.elb.listeners.keys().next().unwrap().clone();
    let weights = console.world.elb.forward_weights(&listener, "/", "");
    assert_eq!(
        weights.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
        [999, 999]
    );
    for line in [
        "sim load --target web --rps 200",
        "sim advance 3m",
        "sim status",
    ] {
        let out = console.run(line);
        assert_eq!(out.status, 0, "{line}: {}", out.stderr);
    }
}

//! Worlds saved by earlier versions of the model still load: each fixture in
//! `tests/fixtures/worlds/` was written by the code at the commit its name
//! starts with, after the scenario its name ends with. Whatever it held is
//! still there, the clock runs on from it, and it saves and loads again
//! unchanged. (All saves so far are schema 1; fields added since have
//! defaults. A schema 2 would add its migration and keep these files.)

use ecs_sim::console::Console;
use ecs_sim::World;
use serde_json::Value;

fn count(raw: &Value, path: &[&str]) -> usize {
    let mut at = raw;
    for key in path {
        match at.get(key) {
            Some(next) => at = next,
            None => return 0,
        }
    }
    at.as_object().map_or(0, |o| o.len())
}

#[test]
fn every_saved_world_of_an_earlier_version_loads_and_runs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/worlds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "fixtures from more than one version");
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let raw: Value = serde_json::from_str(&text).unwrap();
        let world = World::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (path, held) in [
            (&["ec2", "vpcs"][..], world.ec2.vpcs.len()),
            (&["ec2", "subnets"][..], world.ec2.subnets.len()),
            (
                &["ec2", "securityGroups"][..],
                world.ec2.security_groups.len(),
            ),
            (&["ecr", "repositories"][..], world.ecr.repositories.len()),
            (&["iam", "roles"][..], world.iam.roles.len()),
            (&["ecs", "services"][..], world.ecs.services.len()),
            (&["ecs", "tasks"][..], world.ecs.tasks.len()),
            (
                &["elb", "loadBalancers"][..],
                world.elb.load_balancers.len(),
            ),
            (
                &["deploy", "deployments"][..],
                world.deploy.deployments.len(),
            ),
            (
                &["autoscaling", "policies"][..],
                world.autoscaling.policies.len(),
            ),
        ] {
            assert_eq!(held, count(&raw, path), "{name}: {path:?}");
        }
        assert_eq!(
            world.now.0,
            raw["now"].as_u64().unwrap(),
            "{name}: the clock"
        );
        let mut console = Console::new(world);
        let out = console.run("sim advance 1h\naws ec2 describe-vpcs --query 'length(Vpcs)'");
        assert_eq!(out.status, 0, "{name}: {}", out.stderr);
        let saved = console.world.to_json();
        let reloaded = World::from_json(&saved).unwrap();
        assert!(
            reloaded == console.world,
            "{name}: save → load changed the world"
        );
    }
}

//! What a learner can take away from the sandbox: the task definitions as
//! `register-task-definition` JSON, the newest blue/green deployment's AppSpec
//! as YAML (`appspec.yaml`), the session as a shell script that `ecs-sim
//! script` (or a study-group organiser) replays, and the architecture as a
//! CloudFormation template ([`crate::cloudformation`]).

use ecs_sim::console::{Console, Journal, ReplayStep};
use ecs_sim::World;
use serde_json::Value;

pub use ecs_protocol::Export;

/// The newest ACTIVE revision of every family, as register input, in a JSON list.
pub fn task_definitions(world: &World) -> Option<Export> {
    let mut latest: Vec<Value> = Vec::new();
    let mut families: Vec<&str> = world
        .ecs
        .task_definitions
        .iter()
        .map(|td| td.family.as_str())
        .collect();
    families.dedup();
    for family in families {
        if let Some(td) = world.ecs.task_definitions.latest_active(family) {
            latest.push(td.as_register_input());
        }
    }
    if latest.is_empty() {
        return None;
    }
    Some(Export {
        file_name: "task-definitions.json".into(),
        media_type: "application/json".into(),
        text: serde_json::to_string_pretty(&Value::Array(latest)).unwrap_or_default() + "\n",
    })
}

/// The AppSpec of the newest CodeDeploy deployment, as YAML.
pub fn appspec(world: &World) -> Option<Export> {
    let deployment = world
        .deploy
        .deployments
        .values()
        .filter(|d| d.creator == "user")
        .max_by_key(|d| (d.create_time, d.id.clone()))?;
    let content = deployment.appspec_content.trim();
    let value = serde_json::from_str::<Value>(content)
        .ok()
        .or_else(|| ecs_sim::yaml::parse(content).ok())?;
    Some(Export {
        file_name: "appspec.yaml".into(),
        media_type: "application/yaml".into(),
        text: ecs_sim::yaml::to_string(&value),
    })
}

/// The journal as a script: each line as it was typed, with `sim advance`
/// where the clock moved between lines, so running it gives the same world.
/// The clock after each line is found by replaying it (a line such as `sim
/// advance 2m` or `sim reset` moves it itself).
pub fn session_script(journal: &Journal, until: u64) -> Export {
    let mut text = String::from(
        "# An ECS Playground session: run it with `ecs-sim script FILE`, or line by line in the console.\n",
    );
    if journal.seed != ecs_sim::world::DEFAULT_SEED {
        text.push_str(&format!("sim seed {}\n", journal.seed));
    }
    // The learner's own session: no length or time cap, so this cannot fail.
    let _ = Console::replay_each(journal, until, |step| {
        match step {
            ReplayStep::Advance(seconds) => text.push_str(&format!("sim advance {seconds}s\n")),
            ReplayStep::Line(line) => {
                text.push_str(line);
                text.push('\n');
            }
        }
        Ok(())
    });
    Export {
        file_name: "session.sh".into(),
        media_type: "text/x-shellscript".into(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_script_replays_into_the_same_world() {
        let mut console = Console::default();
        console.run(
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)",
        );
        console.world.advance(ecs_sim::Duration(90));
        console.run("aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24\nsim advance 2m");
        console.world.advance(ecs_sim::Duration(7));
        let script = session_script(console.journal().unwrap(), console.world.now.0);
        assert!(
            script
                .text
                .contains("sim advance 90s\naws ec2 create-subnet"),
            "{}",
            script.text
        );
        let mut again = Console::default();
        let out = again.run(&script.text);
        assert_eq!(out.status, 0, "{}", out.stderr);
        assert!(again.world == console.world);
    }

    #[test]
    fn task_definitions_export_the_newest_active_revision_of_each_family() {
        let mut console = Console::default();
        for image in ["nginx:1.26", "nginx:1.27"] {
            console.run(&format!("aws ecs register-task-definition --family web --container-definitions 'name=web,image={image},memory=128'"));
        }
        console.run("aws ecs register-task-definition --family worker --container-definitions 'name=w,image=busybox,memory=64'");
        let export = task_definitions(&console.world).unwrap();
        let list: Vec<Value> = serde_json::from_str(&export.text).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0]["containerDefinitions"][0]["image"], "nginx:1.27");
        assert!(list[0].get("revision").is_none());
        assert!(task_definitions(&World::new(1)).is_none());
    }

    #[test]
    fn the_appspec_is_exported_as_yaml_that_reads_back() {
        let mut console = Console::default();
        let script = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../sim/tests/scenarios/bluegreen-canary.sh"
        ))
        .unwrap();
        console.run(&script);
        let export = appspec(&console.world).unwrap();
        let value = ecs_sim::yaml::parse(&export.text).unwrap();
        assert_eq!(
            value["Resources"][0]["TargetService"]["Type"],
            "AWS::ECS::Service"
        );
        assert!(appspec(&World::new(1)).is_none());
    }
}

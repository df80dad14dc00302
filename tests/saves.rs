//! Saved accounts across the page–engine boundary: what the page stored
//! before the engine moved into a worker (a `SandboxSave` with the world and
//! journal as JSON values) still opens in the engine, every world fixture of
//! earlier versions included, and what the engine writes now is stored and
//! read back as the same account.
#![cfg(not(target_arch = "wasm32"))]

use ecs_engine::saving;
use ecs_playground::fuzzing::Store;
use ecs_playground::persistence::{self, SandboxSave};
use ecs_playground::sandbox::{to_document, to_save};
use ecs_sim::console::Console;

/// A save as the page wrote it before this version (the console read in the page).
fn save_as_before(console: &Console) -> SandboxSave {
    SandboxSave {
        world: serde_json::to_value(&console.world).ok(),
        files: console.files.clone(),
        vars: console.vars.clone(),
        history: vec!["aws ec2 describe-vpcs".into()],
        journal: console.journal().and_then(|j| serde_json::to_value(j).ok()),
    }
}

fn opened(save: &SandboxSave) -> Console {
    let mut store = Store::default();
    persistence::save_sandbox(&mut store, save).unwrap();
    let loaded = persistence::load_sandbox(&mut store);
    assert!(loaded.notice.is_none(), "{:?}", loaded.notice);
    let document = to_document(&loaded.state).expect("the save has a world");
    saving::console(&document).expect("the engine opens it")
}

#[test]
fn a_save_the_page_wrote_before_opens_in_the_engine_unchanged() {
    let mut console = Console::default();
    console.run("VPC=$(aws ec2 create-vpc --cidr-block 10.4.0.0/16 --query Vpc.VpcId --output text)\ncat > note.txt <<'EOF'\nhello\nEOF\nsim advance 5m");
    let reopened = opened(&save_as_before(&console));
    assert_eq!(reopened.world.to_json(), console.world.to_json());
    assert_eq!(reopened.vars, console.vars);
    assert_eq!(reopened.files, console.files);
    assert_eq!(
        reopened.journal(),
        console.journal(),
        "share links still work"
    );
}

#[test]
fn every_world_fixture_of_earlier_versions_opens_through_the_page() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/sim/tests/fixtures/worlds"
    );
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let world: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // Saves from before journals: the history is unknown, the world is what matters.
        let save = SandboxSave {
            world: Some(world),
            ..SandboxSave::default()
        };
        let console = opened(&save);
        assert!(console.journal().is_none(), "{}", path.display());
        assert!(!console.world.ec2.vpcs.is_empty(), "{}", path.display());
        count += 1;
    }
    assert!(count >= 7, "the fixtures are there ({count})");
}

#[test]
fn what_the_engine_writes_is_stored_and_read_back_as_the_same_account() {
    let mut console = Console::default();
    console.run("aws ecs create-cluster --cluster-name demo\nexport CLUSTER=demo\nsim advance 90");
    let document = saving::document(&console);
    let history = vec!["aws ecs create-cluster --cluster-name demo".to_string()];
    let save = to_save(document, history.clone());
    let mut store = Store::default();
    persistence::save_sandbox(&mut store, &save).unwrap();
    let loaded = persistence::load_sandbox(&mut store).state;
    assert_eq!(loaded.history, history);
    let again = saving::console(&to_document(&loaded).unwrap()).unwrap();
    assert_eq!(again.world.to_json(), console.world.to_json());
    assert_eq!(again.vars, console.vars);
    assert_eq!(again.journal(), console.journal());
}

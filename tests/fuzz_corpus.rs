//! Replays the kept fuzz corpus of the app's untrusted inputs (a shared link,
//! saved documents) through their fuzz targets on every test run. The seeds
//! are made by `cargo test --test fuzz_corpus -- --ignored write_seeds`
//! (files named `seed-*`, which `cargo xtask fuzz` always keeps).
#![cfg(not(target_arch = "wasm32"))]

use ecs_sim::console::Console;
use std::path::PathBuf;

fn dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target)
}

fn replay(target: &str, run: fn(&[u8])) {
    let panicked =
        ecs_sim::fuzzing::replay_corpus(&dir(target), run).unwrap_or_else(|e| panic!("{e}"));
    assert!(panicked.is_empty(), "{target}: {panicked:?} panic");
}

#[test]
fn share_links() {
    replay("share_link", ecs_engine::fuzzing::share_link);
}

#[test]
fn saved_states() {
    replay("saved_state", ecs_playground::fuzzing::saved_state);
}

/// Real documents and links to start the fuzzers from.
#[test]
#[ignore]
fn write_seeds() {
    use ecs_playground::persistence::{encode, encode_document, SandboxSave, SavedState};
    let write = |target: &str, name: &str, data: &str| {
        std::fs::create_dir_all(dir(target)).unwrap();
        std::fs::write(dir(target).join(format!("seed-{name}")), data).unwrap();
    };
    let script =
        "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/24 --query Vpc.VpcId --output text)
aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/26 --availability-zone ap-northeast-1a
aws ecs create-cluster --cluster-name learn";
    let mut console = Console::fresh(7);
    for line in script.lines() {
        console.run(line);
    }
    console.run("sim advance 1m");
    let journal = console
        .journal()
        .expect("a fresh console keeps its journal")
        .clone();
    let until = console.world.now.0;
    write(
        "share_link",
        "vpc-and-cluster",
        &ecs_engine::share::encode(&journal, until).unwrap(),
    );
    write("saved_state", "default", &encode(&SavedState::default()));
    let sandbox = SandboxSave {
        world: serde_json::to_value(&console.world).ok(),
        ..SandboxSave::default()
    };
    write(
        "saved_state",
        "sandbox",
        &encode_document(
            &sandbox,
            ecs_playground::persistence::SANDBOX_SCHEMA_VERSION,
        ),
    );
    write(
        "saved_world",
        "vpc-and-cluster",
        &serde_json::to_string(&console.world).unwrap(),
    );
}

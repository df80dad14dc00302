//! The model benchmark in WebAssembly: 24 simulated hours of the 200-task,
//! 2-service, 2-ALB world, timed in headless Chromium. Run by `cargo xtask
//! bench` (release build, output shown); it reports a figure and asserts only
//! that the world it timed is the one described.
#![cfg(target_arch = "wasm32")]

use ecs_sim::console::Console;
use ecs_sim::ecs::task::TaskStatus;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DAY_WORLD: &str = include_str!("../crates/sim/examples/day_world.sh");

#[wasm_bindgen_test]
fn simulated_day_in_wasm() {
    let mut console = Console::default();
    console.run(DAY_WORLD);
    console.world.advance(ecs_sim::Duration(600));
    let running = console
        .world
        .ecs
        .tasks
        .values()
        .filter(|t| t.last_status == TaskStatus::Running)
        .count();
    assert_eq!(running, 200, "the benchmark world should run 200 tasks");
    let started = js_sys::Date::now();
    console.world.advance(ecs_sim::Duration(86_400));
    let wall_ms = js_sys::Date::now() - started;
    wasm_bindgen_test::console_log!(
        "wasm: 24 h of a {running}-task, 2-service, 2-ALB world: {wall_ms:.0} ms wall, {:.0} simulated s per wall s",
        86_400.0 / (wall_ms / 1000.0)
    );
}

const DAY_SCALING: &str = include_str!("../crates/sim/examples/day_scaling.sh");

#[wasm_bindgen_test]
fn simulated_day_with_autoscaling_and_hourly_deployments_in_wasm() {
    let mut console = Console::default();
    console.run(DAY_WORLD);
    console.world.advance(ecs_sim::Duration(600));
    console.run(DAY_SCALING);
    let started = js_sys::Date::now();
    for _ in 0..24 {
        console.run("aws ecs update-service --cluster bench --service one --force-new-deployment");
        console.run("aws deploy create-deployment --cli-input-json file://bluegreen.json");
        console.world.advance(ecs_sim::Duration(3600));
    }
    let wall_ms = js_sys::Date::now() - started;
    let activities = console.world.autoscaling.activities.len();
    assert!(
        activities > 0,
        "target tracking should have scaled the services"
    );
    let blue_green = console
        .world
        .deploy
        .deployments
        .values()
        .filter(|d| d.status == ecs_sim::deploy::deployment::DeploymentStatus::Succeeded)
        .count();
    assert!(
        blue_green > 0,
        "the hourly blue/green deployments should succeed"
    );
    wasm_bindgen_test::console_log!(
        "wasm: 24 h with target tracking, a rolling deployment and a blue/green deployment every hour: {wall_ms:.0} ms wall, {:.0} simulated s per wall s, {activities} scaling activities, {blue_green} blue/green deployments succeeded",
        86_400.0 / (wall_ms / 1000.0)
    );
}

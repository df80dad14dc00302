//! Entry point of the wasm binary that Trunk builds.

fn main() {
    ecs_playground::start();
}

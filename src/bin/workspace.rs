//! Entry point of the workspace's wasm module: the whole app, which takes the
//! page over from the shell (see `src/shell.rs`).

fn main() {
    ecs_playground::start();
}

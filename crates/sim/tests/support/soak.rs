//! How hard the property tests push: a quick run by default (every `cargo test`),
//! thousands of sequences of hundreds of steps under `cargo xtask soak`, which
//! sets these variables and builds with optimisation and overflow checks on.

/// Random sequences to try: `ECS_SOAK_CASES`, else `quick`.
pub fn cases(quick: u32) -> u32 {
    read("ECS_SOAK_CASES").unwrap_or(quick)
}

/// Most steps in one sequence: `ECS_SOAK_STEPS`, else `quick`.
pub fn steps(quick: usize) -> usize {
    read("ECS_SOAK_STEPS").unwrap_or(quick).max(2)
}

fn read<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok()?.trim().parse().ok()
}

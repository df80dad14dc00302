//! The engine: everything that runs the model or reads the world to show it —
//! the diagram's layout, chart series, the events timeline, form choices and
//! the commands forms build, the task definition editor's logic, exports,
//! share links and the study group's comparison. Pure Rust with no web crates;
//! the page reaches it only through `ecs-protocol`'s types (see ARCHITECTURE.md).

pub mod charts;
pub mod cloudformation;
pub mod compare;
pub mod diagram;
mod engine;
pub mod export;
pub mod forms;
#[doc(hidden)]
pub mod fuzzing;
mod lesson;
pub mod line_diff;
pub mod panel;
pub mod saving;
pub mod share;
pub mod subnet_grid;
pub mod task_definitions;
pub mod timeline;

pub use ecs_protocol::Lang;
pub use engine::{logs, summary, Engine};

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_and_the_model_agree_on_the_lesson_seed() {
        assert_eq!(ecs_protocol::LESSON_SEED, ecs_sim::lesson::LESSON_SEED);
    }
}

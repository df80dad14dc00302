//! Reusable pieces of the interface, one concern each.

pub mod charts;
pub mod diagram;
pub mod engine_gate;
pub mod events;
pub mod forms;
pub mod lesson_panel;
pub mod logs;
pub mod resource_panel;
pub mod save_share;
pub mod summary;
pub mod task_definition_editor;
pub mod terminal;
pub mod time_controls;
pub mod workspace;

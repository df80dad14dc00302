//! The ECS Playground web app: the shell, its pages and the browser glue.
//!
//! The model lives in the `ecs-sim` crate; this crate only turns UI events into
//! commands and world state into views (see `ARCHITECTURE.md`).

pub mod app;
pub mod components;
pub mod curriculum;
pub mod engine_link;
#[doc(hidden)]
pub mod fuzzing;
pub mod i18n;
pub mod lessons;
pub mod markdown;
mod pages;
pub mod persistence;
pub mod router;
pub mod sandbox;
pub mod shell;
pub mod study_group;
pub mod task_definition_text;

pub use app::App;

/// Mounts the app on `<body>` (the shell, or the workspace taking the page
/// over from it): each binary's whole `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    // index.html's loading screen, shown until now.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    #[cfg(feature = "workspace")]
    {
        shell::take_over();
        leptos::mount::mount_to_body(App);
    }
    #[cfg(not(feature = "workspace"))]
    shell::mount();
}

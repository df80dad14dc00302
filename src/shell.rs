//! The page ships as two wasm modules, so a first visit downloads only what it
//! shows. The **shell** (this crate built without the `workspace` feature:
//! header, home, lesson map, progress file) is what a visit to the home page
//! or the lesson map loads. The **workspace** (`ecs-workspace`, the whole app)
//! is loaded when a sandbox or a lesson opens. Trunk 0.21 has no wasm
//! splitting, so the split is by build, and one Leptos app owns the body at a
//! time: the shell loads the workspace's script, and the workspace, as it
//! starts, asks the shell to unmount through [`HAND_OFF`] before it mounts.
//! A visit that opens on a sandbox or a lesson skips the shell: the build's
//! boot script loads the workspace at once (`xtask/src/site.rs`).

use leptos::prelude::*;

/// The property of `window` through which the workspace asks the shell to leave.
const HAND_OFF: &str = "ecsShellHandOff";

/// The offline cache's service worker, named by the build in `<meta
/// name="ecs-service-worker">` (a development server has none). Registered
/// once the page is idle (the shell) or the engine is ready (the workspace),
/// so its download of the whole build — which is also the prefetch of the
/// workspace and the engine — never competes with the visit's own.
pub fn register_service_worker() {
    let Some(url) = meta("ecs-service-worker") else {
        return;
    };
    let scope = url.rsplit_once('/').map_or("/", |(dir, _)| dir).to_string() + "/";
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(&scope);
    // A browser without service workers (or a private window) just has no offline copy.
    let _ = window()
        .navigator()
        .service_worker()
        .register_with_options(&url, &options);
}

fn meta(name: &str) -> Option<String> {
    document()
        .query_selector(&format!("meta[name={name}]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
}

/// Called by the workspace as it starts: the shell, if it is on the page,
/// unmounts (its view, effects and listeners go).
#[cfg(feature = "workspace")]
pub fn take_over() {
    use wasm_bindgen::JsCast;
    let window = window();
    let key = wasm_bindgen::JsValue::from_str(HAND_OFF);
    if let Ok(leave) = js_sys::Reflect::get(&window, &key) {
        if let Some(leave) = leave.dyn_ref::<js_sys::Function>() {
            let _ = leave.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
    let _ = js_sys::Reflect::delete_property(&window, &key);
}

#[cfg(not(feature = "workspace"))]
pub use shell_only::*;

#[cfg(not(feature = "workspace"))]
mod shell_only {
    use super::{meta, HAND_OFF};
    use crate::app::use_ui;
    use crate::components::engine_gate::{Failed, Loading};
    use crate::i18n::Msg;
    use crate::router::Route;
    use leptos::prelude::*;
    use std::any::Any;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// Where the workspace's module is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Workspace {
        NotAsked,
        Loading,
        Failed,
    }

    thread_local! {
        /// The shell's mounted app, dropped (unmounted) when the workspace takes over.
        static MOUNTED: RefCell<Option<Box<dyn Any>>> = RefCell::new(None);
        static STATE: ArcRwSignal<Workspace> = ArcRwSignal::new(Workspace::NotAsked);
    }

    #[wasm_bindgen]
    extern "C" {
        /// The start function the workspace's script (wasm-bindgen's
        /// `no-modules` output) defines in the page's global scope.
        #[wasm_bindgen(js_name = wasm_bindgen, catch)]
        fn start_workspace(options: &JsValue) -> Result<js_sys::Promise, JsValue>;
    }

    /// Mounts the shell on `<body>` and lets the workspace unmount it.
    pub fn mount() {
        let Some(body) = document().body() else {
            return;
        };
        let handle = leptos::mount::mount_to(body, crate::App);
        MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
        let leave = Closure::once_into_js(|| {
            let shell = MOUNTED.with(|m| m.borrow_mut().take());
            drop(shell);
        });
        let _ = js_sys::Reflect::set(&window(), &JsValue::from_str(HAND_OFF), &leave);
    }

    fn state() -> Workspace {
        STATE.with(|s| s.get())
    }

    fn set_state(state: Workspace) {
        STATE.with(|s| s.set(state));
    }

    /// The workspace's script and wasm: named by the build in `<meta
    /// name="ecs-workspace">` (content-hashed); a development server has
    /// trunk's own names.
    fn workspace_files() -> (String, String) {
        let script = meta("ecs-workspace").unwrap_or_else(|| "./ecs-workspace.js".to_string());
        let wasm = format!("{}_bg.wasm", script.trim_end_matches(".js"));
        (script, wasm)
    }

    /// Loads and starts the workspace (once); it takes the page over.
    fn load_workspace() {
        if state() != Workspace::NotAsked {
            return;
        }
        set_state(Workspace::Loading);
        let (script_url, wasm_url) = workspace_files();
        let Ok(script) = document().create_element("script") else {
            set_state(Workspace::Failed);
            return;
        };
        let _ = script.set_attribute("src", &script_url);
        let on_load = Closure::once_into_js(move || {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(
                &options,
                &JsValue::from_str("module_or_path"),
                &JsValue::from_str(&wasm_url),
            );
            match start_workspace(&options) {
                Ok(started) => {
                    let failed = Closure::new(|_: JsValue| set_state(Workspace::Failed));
                    let _ = started.catch(&failed);
                    // Called at most once, late: it lives as long as the page.
                    failed.forget();
                }
                Err(_) => set_state(Workspace::Failed),
            }
        });
        let on_error = Closure::once_into_js(|| set_state(Workspace::Failed));
        let _ = script.add_event_listener_with_callback("load", on_load.unchecked_ref());
        let _ = script.add_event_listener_with_callback("error", on_error.unchecked_ref());
        if let Some(head) = document().head() {
            let _ = head.append_child(&script);
        } else {
            set_state(Workspace::Failed);
        }
    }

    /// Once the page is idle: the offline cache, which downloads the rest of
    /// the build — so the workspace and the engine are there when asked for.
    pub fn when_idle() {
        let still_here = MOUNTED.with(|m| m.borrow().is_some());
        if still_here && state() == Workspace::NotAsked {
            super::register_service_worker();
        }
    }

    /// What a sandbox or lesson page shows in the shell: the page's title and
    /// the workspace loading (or why it could not).
    #[component]
    pub fn WorkspaceLoading(route: Route) -> impl IntoView {
        let ui = use_ui();
        load_workspace();
        let heading = move || crate::pages::title(&route, ui.lang());
        let state = Signal::derive(state);
        view! {
            <section class="page">
                <h1>{heading}</h1>
                {move || match state.get() {
                    Workspace::Failed => view! { <Failed message=Msg::EngineLoadFailed detail=None/> }.into_any(),
                    Workspace::NotAsked | Workspace::Loading => view! { <Loading/> }.into_any(),
                }}
            </section>
        }
    }
}

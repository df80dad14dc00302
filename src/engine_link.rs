//! The page's one line to the engine. The engine runs in a dedicated Web
//! Worker (`crates/worker`), started when a page first needs an account or
//! once the page is idle, so the page's own wasm holds no model and its
//! frames never wait for the world. Requests go out postcard-encoded with an
//! id; each reply comes back with it and goes to the callback that asked.
//! If the worker cannot load, or panics, [`EngineState`] says so and the
//! pages show it; saves already written stay as they were.
//!
//! With the `in-process-engine` feature (the wasm-bindgen tests) the engine
//! runs in the page's thread instead, behind the same calls.

use ecs_protocol::{FromEngine, Request, ToEngine, Update, PROTOCOL_VERSION};
use leptos::prelude::*;
use std::cell::RefCell;

/// Where the engine is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineState {
    /// Not asked for yet.
    Idle,
    /// Downloading and starting.
    Loading,
    Ready,
    Failed(Failure),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The engine's files did not load (offline on a first visit, a blocked request).
    Load,
    /// The engine stopped with this message.
    Crashed(String),
    /// The engine is of another build than the page (a stale cache).
    OtherBuild,
}

type Reply = Box<dyn FnOnce(Vec<Update>)>;

enum Backend {
    None,
    Worker(web_sys::Worker),
    #[cfg(feature = "in-process-engine")]
    InProcess(std::collections::BTreeMap<u64, ecs_engine::Engine>),
}

struct Link {
    backend: Backend,
    ready: bool,
    next_id: u64,
    next_session: u64,
    /// Messages written before the worker said it was ready.
    queued: Vec<Vec<u8>>,
    /// Events an early worker sent before the page listened.
    early: Vec<web_sys::Event>,
    waiting: Vec<(u64, Reply)>,
    state: ArcRwSignal<EngineState>,
}

thread_local! {
    static LINK: RefCell<Link> = RefCell::new(Link {
        backend: Backend::None,
        ready: false,
        next_id: 0,
        next_session: 0,
        queued: Vec::new(),
        early: Vec::new(),
        waiting: Vec::new(),
        state: ArcRwSignal::new(EngineState::Idle),
    });
}

/// The engine's state, for the pages to show (tracked).
pub fn state() -> EngineState {
    LINK.with(|l| l.borrow().state.clone()).get()
}

fn set_state(state: EngineState) {
    let signal = LINK.with(|l| l.borrow().state.clone());
    signal.set(state);
}

/// The engine worker's script: the build names it in `<meta name="ecs-engine">`
/// (content-hashed, so a new release never meets an old engine in a cache);
/// a development server has trunk's own name for it.
fn worker_url() -> String {
    document()
        .query_selector("meta[name=ecs-engine]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| "./ecs-worker_loader.js".to_string())
}

/// Starts the engine if it is not running (idempotent): pages call it when
/// they need an account, and the app once the page is idle.
pub fn start() {
    let starting = LINK.with(|l| {
        let mut link = l.borrow_mut();
        if !matches!(link.backend, Backend::None) {
            return false;
        }
        #[cfg(feature = "in-process-engine")]
        {
            link.backend = Backend::InProcess(Default::default());
            link.ready = true;
            return false;
        }
        #[allow(unreachable_code)]
        if let Some((worker, early)) = adopt_early_worker() {
            link.backend = Backend::Worker(worker);
            link.early = early;
            return true;
        }
        match web_sys::Worker::new(&worker_url()) {
            Ok(worker) => {
                link.backend = Backend::Worker(worker);
                true
            }
            Err(_) => false,
        }
    });
    #[cfg(feature = "in-process-engine")]
    set_state(EngineState::Ready);
    if starting {
        // Before listening: an adopted worker's early messages may make it ready at once.
        set_state(EngineState::Loading);
        listen();
    } else if LINK.with(|l| matches!(l.borrow().backend, Backend::None)) {
        set_state(EngineState::Failed(Failure::Load));
    }
}

/// The property of `window` under which the build's boot script leaves the
/// engine's worker it started alongside the workspace's download (a visit
/// that opens on a sandbox or lesson: `xtask/src/site.rs`), with the events
/// the worker sent before the workspace was there to listen.
const EARLY_ENGINE: &str = "ecsEarlyEngine";

fn adopt_early_worker() -> Option<(web_sys::Worker, Vec<web_sys::Event>)> {
    use wasm_bindgen::{JsCast, JsValue};
    let window = window();
    let key = JsValue::from_str(EARLY_ENGINE);
    let early = js_sys::Reflect::get(&window, &key)
        .ok()
        .filter(JsValue::is_object)?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let field = |name: &str| js_sys::Reflect::get(&early, &JsValue::from_str(name)).ok();
    let worker = field("worker")?.dyn_into::<web_sys::Worker>().ok()?;
    let events = field("early")?
        .dyn_into::<js_sys::Array>()
        .ok()?
        .iter()
        .filter_map(|event| event.dyn_into::<web_sys::Event>().ok())
        .collect();
    Some((worker, events))
}

fn on_message(event: &web_sys::MessageEvent) {
    let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
    match postcard::from_bytes::<FromEngine>(&bytes) {
        Ok(FromEngine::Ready { protocol }) if protocol == PROTOCOL_VERSION => ready(),
        Ok(FromEngine::Ready { .. }) | Ok(FromEngine::Unreadable) | Err(_) => {
            fail(Failure::OtherBuild)
        }
        Ok(FromEngine::Reply { id, updates }) => deliver(id, updates),
        Ok(FromEngine::Panicked { message }) => fail(Failure::Crashed(message)),
    }
}

fn on_error() {
    let loading = LINK.with(|l| !l.borrow().ready);
    fail(if loading {
        Failure::Load
    } else {
        Failure::Crashed(String::new())
    });
}

fn listen() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let (worker, early) = LINK.with(|l| {
        let mut link = l.borrow_mut();
        let worker = match &link.backend {
            Backend::Worker(w) => Some(w.clone()),
            _ => None,
        };
        (worker, std::mem::take(&mut link.early))
    });
    let Some(worker) = worker else { return };
    let message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        on_message(&event)
    });
    let error = Closure::<dyn Fn(web_sys::Event)>::new(|_| on_error());
    worker.set_onmessage(Some(message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(error.as_ref().unchecked_ref()));
    // They live as long as the page.
    message.forget();
    error.forget();
    // What an early worker said before anyone listened, in order (nothing
    // new can arrive before this function returns).
    for event in early {
        match event.dyn_ref::<web_sys::MessageEvent>() {
            Some(message) => on_message(message),
            None => on_error(),
        }
    }
}

fn ready() {
    let (worker, queued) = LINK.with(|l| {
        let mut link = l.borrow_mut();
        link.ready = true;
        let worker = match &link.backend {
            Backend::Worker(w) => Some(w.clone()),
            _ => None,
        };
        (worker, std::mem::take(&mut link.queued))
    });
    if let Some(worker) = worker {
        for bytes in queued {
            post_bytes(&worker, &bytes);
        }
    }
    set_state(EngineState::Ready);
    crate::shell::register_service_worker();
}

fn fail(failure: Failure) {
    // Once failed, it stays failed: the first cause is the one shown.
    let already = LINK.with(|l| {
        let mut link = l.borrow_mut();
        link.waiting.clear();
        link.queued.clear();
        // (Nothing is waited for any more: a test sees the failure, not a hang.)
        if let Backend::Worker(worker) = &link.backend {
            worker.terminate();
        }
        matches!(link.state.get_untracked(), EngineState::Failed(_))
    });
    if !already {
        set_state(EngineState::Failed(failure));
    }
    mark_pending();
}

fn deliver(id: u64, updates: Vec<Update>) {
    let reply = LINK.with(|l| {
        let mut link = l.borrow_mut();
        let at = link.waiting.iter().position(|(i, _)| *i == id)?;
        Some(link.waiting.remove(at).1)
    });
    if let Some(reply) = reply {
        reply(updates);
    }
    mark_pending();
}

/// How many replies the page waits for, on `<html data-engine-pending>`:
/// the end-to-end tests wait for `0` before they look (the engine answers
/// in its own time), as a person waits for the console's answer.
fn mark_pending() {
    let waiting = LINK.with(|l| l.borrow().waiting.len());
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-engine-pending", &waiting.to_string());
    }
}

fn post_bytes(worker: &web_sys::Worker, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    if worker.post_message(&array).is_err() {
        fail(Failure::Crashed("the engine did not take a message".into()));
    }
}

/// A new session: one account, as one page shows it.
pub fn new_session() -> u64 {
    LINK.with(|l| {
        let mut link = l.borrow_mut();
        link.next_session += 1;
        link.next_session
    })
}

/// Sends `request` to `session`'s account; `reply` gets the engine's updates
/// in answer (never, if the engine has failed).
pub fn send(session: u64, request: Request, reply: impl FnOnce(Vec<Update>) + 'static) {
    start();
    post(session, Some(request), Some(Box::new(reply)));
}

/// The session is over: its account goes (after every request sent before).
pub fn close(session: u64) {
    post(session, None, None);
}

fn post(session: u64, request: Option<Request>, reply: Option<Reply>) {
    #[cfg(feature = "in-process-engine")]
    {
        let updates = LINK.with(|l| match &mut l.borrow_mut().backend {
            Backend::InProcess(engines) => match request {
                Some(request) => {
                    let started = js_sys::Date::now();
                    let within_budget = move || js_sys::Date::now() - started < 12.0;
                    Some(
                        engines
                            .entry(session)
                            .or_insert_with(|| ecs_engine::Engine::new(Default::default()))
                            .handle(request, &within_budget),
                    )
                }
                None => {
                    engines.remove(&session);
                    None
                }
            },
            _ => None,
        });
        if let (Some(updates), Some(reply)) = (updates, reply) {
            reply(updates);
        }
        return;
    }
    #[allow(unreachable_code)]
    let send_now = LINK.with(|l| {
        let mut link = l.borrow_mut();
        if matches!(link.state.get_untracked(), EngineState::Failed(_)) {
            return None;
        }
        link.next_id += 1;
        let id = link.next_id;
        let bytes = postcard::to_allocvec(&ToEngine {
            session,
            id,
            request,
        })
        .ok()?;
        if let Some(reply) = reply {
            link.waiting.push((id, reply));
        }
        if !link.ready {
            link.queued.push(bytes);
            return None;
        }
        match &link.backend {
            Backend::Worker(worker) => Some((worker.clone(), bytes)),
            _ => None,
        }
    });
    if let Some((worker, bytes)) = send_now {
        post_bytes(&worker, &bytes);
    }
    mark_pending();
}

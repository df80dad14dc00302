//! The engine's Web Worker: takes postcard-encoded [`ToEngine`] messages from
//! the page, answers each with the engine's updates as one [`FromEngine`]
//! reply, and reports a panic to the page before the worker dies, so the
//! page can say so instead of waiting forever. The time warp's frame budget
//! is this thread's own clock: the page's frames never wait for the world.

use ecs_engine::Engine;
use ecs_protocol::{FromEngine, Request, ToEngine, PROTOCOL_VERSION};
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// A frame's time warp stops after this much work (real milliseconds), so a
/// heavy world runs slower than asked instead of falling behind for good.
const FRAME_BUDGET_MS: f64 = 12.0;

thread_local! {
    /// One engine per session (a page showing an account), by session id.
    static ENGINES: RefCell<BTreeMap<u64, Engine>> = const { RefCell::new(BTreeMap::new()) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    // invariant: this binary only ever runs as a dedicated worker.
    js_sys::global().unchecked_into()
}

fn post(message: &FromEngine) {
    if let Ok(bytes) = postcard::to_allocvec(message) {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let _ = scope().post_message(&array);
    }
}

fn now_ms() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn on_message(event: MessageEvent) {
    let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
    let Ok(ToEngine {
        session,
        id,
        request,
    }) = postcard::from_bytes::<ToEngine>(&bytes)
    else {
        post(&FromEngine::Unreadable);
        return;
    };
    let Some(request) = request else {
        ENGINES.with(|engines| engines.borrow_mut().remove(&session));
        return;
    };
    let started = now_ms();
    let within_budget = move || now_ms() - started < FRAME_BUDGET_MS;
    let budget: &dyn Fn() -> bool = match request {
        Request::Frame { .. } => &within_budget,
        _ => &|| true,
    };
    let updates = ENGINES.with(|engines| {
        engines
            .borrow_mut()
            .entry(session)
            .or_insert_with(|| Engine::new(Default::default()))
            .handle(request, budget)
    });
    post(&FromEngine::Reply { id, updates });
}

fn main() {
    std::panic::set_hook(Box::new(|info| {
        post(&FromEngine::Panicked {
            message: info.to_string(),
        });
    }));
    let handler = Closure::<dyn Fn(MessageEvent)>::new(on_message);
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    handler.forget();
    post(&FromEngine::Ready {
        protocol: PROTOCOL_VERSION,
    });
}

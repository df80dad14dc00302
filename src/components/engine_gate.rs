//! What shows in place of an account while the engine loads, or if it cannot
//! load or has stopped: the account's components mount once the engine has
//! opened it (so nothing shows an empty account for a moment).
//! The rest of the page (the lesson's text, the header) works meanwhile.
//! [`Loading`] and [`Failed`] are shared with the shell's wait for the workspace.

use crate::app::t;
use crate::engine_link::{self, EngineState, Failure};
use crate::i18n::Msg;
use leptos::prelude::*;

/// `heading`: the page's title, shown while the account is not there yet
/// (when the account's own view carries the page's `<h1>`).
#[component]
pub fn EngineGate(children: ChildrenFn, #[prop(optional)] heading: Option<Msg>) -> impl IntoView {
    engine_link::start();
    let sandbox = crate::sandbox::use_sandbox();
    let state = Memo::new(move |_| match engine_link::state() {
        EngineState::Ready if !sandbox.opened.get() => EngineState::Loading,
        state => state,
    });
    move || match state.get() {
        EngineState::Ready => children().into_any(),
        EngineState::Idle | EngineState::Loading => view! {
            {heading.map(|h| view! { <h1>{t(h)}</h1> })}
            <Loading/>
        }
        .into_any(),
        EngineState::Failed(failure) => {
            let (message, detail) = match failure {
                Failure::Load => (Msg::EngineLoadFailed, None),
                Failure::OtherBuild => (Msg::EngineOtherBuild, None),
                Failure::Crashed(detail) => {
                    (Msg::EngineCrashed, Some(detail).filter(|d| !d.is_empty()))
                }
            };
            view! {
                {heading.map(|h| view! { <h1>{t(h)}</h1> })}
                <Failed message detail/>
            }
            .into_any()
        }
    }
}

/// The line that says the simulator is on its way (the engine, or the
/// workspace that starts it: `src/shell.rs`).
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="engine-state loading" role="status" data-testid="engine-loading">
            <span class="boot-spinner" aria-hidden="true"></span>
            {t(Msg::EngineLoading)}
        </p>
    }
}

/// Why the simulator is not there, and a reload (saved work is untouched).
#[component]
pub fn Failed(message: Msg, detail: Option<String>) -> impl IntoView {
    let reload = move |_| {
        let _ = window().location().reload();
    };
    view! {
        <div class="engine-state failed" role="alert" data-testid="engine-failed">
            <p>{t(message)}</p>
            {detail.map(|d| view! { <pre class="code">{d}</pre> })}
            <button type="button" data-testid="engine-reload" on:click=reload>{t(Msg::EngineReload)}</button>
        </div>
    }
}

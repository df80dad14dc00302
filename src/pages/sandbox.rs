//! `#/sandbox` — the free-play account: the time controls, reset and "save,
//! share, export" in the toolbar, then the workspace (diagram, forms and
//! panel, Console · Events · Logs · Charts). A shared link opens here.

use crate::app::{t, use_ui};
use crate::components::save_share::{open_link_in, SaveShare};
use crate::components::time_controls::TimeControls;
use crate::components::workspace::Workspace;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use leptos::prelude::*;

#[component]
pub fn SandboxPage() -> impl IntoView {
    let sandbox = use_sandbox();
    let ui = use_ui();
    // Arriving through a shared link: replay it (the sandbox is kept as a snapshot first).
    let hash = window().location().hash().unwrap_or_default();
    if let Some(notice) = open_link_in(&hash, sandbox, ui.lang()) {
        ui.notice.set(Some(notice));
    }
    view! {
        <section class="page sandbox">
            <div class="sandbox-head">
                <h1>{t(Msg::SandboxTitle)}</h1>
                <TimeControls/>
                <button class="reset" data-testid="sandbox-reset" on:click=move |_| sandbox.reset()>
                    {t(Msg::SandboxReset)}
                </button>
                <SaveShare/>
            </div>
            <Workspace/>
        </section>
    }
}

//! `#/sandbox` — the free-play account: the time controls and reset in the
//! toolbar, then the workspace (diagram, panel, Console · Events · Charts).

use crate::app::t;
use crate::components::time_controls::TimeControls;
use crate::components::workspace::Workspace;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use leptos::prelude::*;

#[component]
pub fn SandboxPage() -> impl IntoView {
    let sandbox = use_sandbox();
    view! {
        <section class="page sandbox">
            <div class="sandbox-head">
                <h1>{t(Msg::SandboxTitle)}</h1>
                <TimeControls/>
                <button class="reset" data-testid="sandbox-reset" on:click=move |_| sandbox.reset()>
                    {t(Msg::SandboxReset)}
                </button>
            </div>
            <Workspace/>
        </section>
    }
}

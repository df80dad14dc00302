//! `#/sandbox` — the free-play account: time controls, a summary of what
//! exists, and the console. The diagram, panels and charts join here.

use crate::app::t;
use crate::components::summary::Summary;
use crate::components::terminal::Terminal;
use crate::components::time_controls::TimeControls;
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
            </div>
            <p class="lead">{t(Msg::SandboxIntroConsole)}</p>
            <div class="sandbox-body">
                <Terminal/>
                <aside>
                    <Summary/>
                    <button class="reset" data-testid="sandbox-reset" on:click=move |_| sandbox.reset()>
                        {t(Msg::SandboxReset)}
                    </button>
                </aside>
            </div>
        </section>
    }
}

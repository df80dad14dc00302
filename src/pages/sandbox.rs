//! `#/sandbox` — the free-play world. Grows with the model.

use crate::app::t;
use crate::i18n::Msg;
use ecs_sim::SimTime;
use leptos::prelude::*;

#[component]
pub fn SandboxPage() -> impl IntoView {
    view! {
        <section class="page sandbox">
            <h1>{t(Msg::SandboxTitle)}</h1>
            <p class="lead">{t(Msg::SandboxIntro)}</p>
            <p class="clock">
                {t(Msg::SandboxClockLabel)} ": "
                <time data-testid="sim-clock">{SimTime::ZERO.to_string()}</time>
            </p>
        </section>
    }
}

//! Pause, play at 1×/10×/60×/600×, step by a second or a minute, advance
//! until steady, and the simulated clock. Time warp advances the world from a 100 ms timer; each
//! tick moves it by the speed times the real time elapsed.

use crate::app::{t, use_ui};
use crate::i18n::Msg;
use crate::sandbox::{use_sandbox, SPEEDS};
use leptos::prelude::*;

/// How often the time warp advances the world (real milliseconds).
const TICK_MS: u64 = 100;

#[component]
pub fn TimeControls() -> impl IntoView {
    let sandbox = use_sandbox();
    let ui = use_ui();
    if let Ok(handle) = set_interval_with_handle(
        move || sandbox.tick(TICK_MS),
        std::time::Duration::from_millis(TICK_MS),
    ) {
        on_cleanup(move || {
            handle.clear();
            sandbox.save();
        });
    }
    let clock = move || sandbox.with_world(|w| w.now.to_string());
    view! {
        <div class="time-controls" role="toolbar" aria-label=t(Msg::TimeControlsLabel)>
            <time class="sim-clock" data-testid="sim-clock" aria-live="off">{clock}</time>
            <button
                data-testid="time-pause"
                aria-pressed=move || (sandbox.speed.get() == 0).to_string()
                on:click=move |_| {
                    sandbox.speed.set(0);
                    sandbox.save();
                }
            >
                {t(Msg::TimePause)}
            </button>
            {SPEEDS
                .into_iter()
                .map(|speed| {
                    view! {
                        <button
                            data-testid=format!("time-play-{speed}")
                            aria-pressed=move || (sandbox.speed.get() == speed).to_string()
                            title=move || Msg::TimePlay.fill(ui.lang(), &[("speed", &speed.to_string())])
                            on:click=move |_| sandbox.speed.set(speed)
                        >
                            {format!("{speed}×")}
                        </button>
                    }
                })
                .collect_view()}
            <button data-testid="time-step-second" on:click=move |_| sandbox.step(1)>{t(Msg::TimeStepSecond)}</button>
            <button data-testid="time-step-minute" on:click=move |_| sandbox.step(60)>{t(Msg::TimeStepMinute)}</button>
            <button data-testid="time-until-steady" title=t(Msg::TimeUntilSteadyHelp) on:click=move |_| sandbox.advance_until_steady()>{t(Msg::TimeUntilSteady)}</button>
        </div>
    }
}

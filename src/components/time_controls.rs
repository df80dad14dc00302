//! Pause, play at 1×/10×/60×/600×, step by a second or a minute, advance
//! until steady, and the simulated clock. Time warp runs once per animation
//! frame: each frame moves the world by the speed times the real time since
//! the last frame; the engine's worker spends its own time budget on it, so
//! the page keeps its frame rate.

use crate::app::{t, use_ui};
use crate::i18n::Msg;
use crate::sandbox::{use_sandbox, Sandbox, SPEEDS};
use leptos::prelude::*;

/// Longer gaps (a background tab, a breakpoint) are not caught up on.
const MAX_FRAME_GAP_MS: f64 = 250.0;

/// Schedules one animation frame that advances the sandbox, then the next one,
/// until `alive` is cleared (the controls unmounted).
fn next_frame(sandbox: Sandbox, alive: StoredValue<bool>, last: StoredValue<f64>) {
    request_animation_frame(move || {
        if !alive.try_get_value().unwrap_or(false) {
            return;
        }
        let now = js_sys::Date::now();
        let elapsed = (now - last.get_value()).clamp(0.0, MAX_FRAME_GAP_MS);
        last.set_value(now);
        sandbox.tick(elapsed as u64);
        next_frame(sandbox, alive, last);
    });
}

#[component]
pub fn TimeControls() -> impl IntoView {
    let sandbox = use_sandbox();
    let ui = use_ui();
    let alive = StoredValue::new(true);
    next_frame(sandbox, alive, StoredValue::new(js_sys::Date::now()));
    on_cleanup(move || {
        alive.try_update_value(|a| *a = false);
        sandbox.save();
    });
    let clock = move || sandbox.status.with(|s| s.clock.clone());
    view! {
        <div class="time-controls" role="toolbar" aria-label=t(Msg::TimeControlsLabel)>
            <time class="sim-clock" data-testid="sim-clock" aria-live="off">{clock}</time>
            <button
                data-testid="time-pause"
                aria-pressed=move || (sandbox.speed() == 0).to_string()
                on:click=move |_| {
                    sandbox.set_speed(0);
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
                            aria-pressed=move || (sandbox.speed() == speed).to_string()
                            title=move || Msg::TimePlay.fill(ui.lang(), &[("speed", &speed.to_string())])
                            on:click=move |_| sandbox.set_speed(speed)
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

//! The Logs tab: a log group's events as `aws logs tail` prints them, newest
//! at the bottom, narrowed to the streams of one task if the learner wishes,
//! with the CLI command that shows the same.

use crate::app::t;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_protocol::{LogLine, LogQuery, ViewQuery};
use leptos::prelude::*;

/// The periods offered: (label, `--since` value, seconds).
const PERIODS: [(&str, &str, u64); 4] = [
    ("10m", "10m", 600),
    ("1h", "1h", 3600),
    ("6h", "6h", 6 * 3600),
    ("24h", "1d", 24 * 3600),
];

#[component]
pub fn Logs() -> impl IntoView {
    let sandbox = use_sandbox();
    let group = RwSignal::new(String::new());
    let stream = RwSignal::new(String::new());
    let period = RwSignal::new(0usize);
    let query = move || {
        ViewQuery::Logs(LogQuery {
            group: group.get(),
            stream: stream.get(),
            since_seconds: PERIODS[period.get()].2,
        })
    };
    // A change of group, stream or period narrows what the engine sends.
    sandbox.watch_query(query);
    let groups = Memo::new(move |_| sandbox.logs.with(|l| l.groups.clone()));
    // The engine names the group it shows (the first one when none is chosen).
    Effect::new(move |_| {
        let shown = sandbox.logs.with(|l| l.group.clone());
        if group.get_untracked() != shown {
            group.set(shown);
        }
    });
    let lines = Memo::new(move |_| sandbox.logs.with(|l| l.lines.clone()));
    let cli = move || {
        let (_, since, _) = PERIODS[period.get()];
        format!("aws logs tail {} --since {since}", group.get())
    };
    view! {
        <section class="logs" data-testid="logs">
            <Show when=move || !groups.get().is_empty() fallback=|| view! { <p class="form-hint" data-testid="logs-none">{t(Msg::LogsNoGroups)}</p> }>
                <div class="td-row logs-controls">
                    <label>
                        {t(Msg::LogsGroup)}" "
                        <select data-testid="logs-group" prop:value=move || group.get() on:change=move |ev| group.set(event_target_value(&ev))>
                            {move || groups.get().into_iter().map(|g| {
                                let selected = group.get() == g;
                                view! { <option value=g.clone() selected=selected>{g.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        {t(Msg::LogsStream)}" "
                        <input type="text" data-testid="logs-stream" prop:value=move || stream.get() on:input=move |ev| stream.set(event_target_value(&ev))/>
                    </label>
                    <span role="group" aria-label=t(Msg::LogsSince) class="chart-window">
                        {PERIODS.iter().enumerate().map(|(i, (label, _, _))| view! {
                            <button type="button" aria-pressed=move || (period.get() == i).to_string() on:click=move |_| period.set(i)>{*label}</button>
                        }).collect_view()}
                    </span>
                </div>
                <p class="form-hint">{t(Msg::LogsCli)}": "<code data-testid="logs-cli">{cli}</code></p>
                {move || {
                    let lines = lines.get();
                    if lines.is_empty() {
                        return view! { <p class="form-hint" data-testid="logs-empty">{t(Msg::LogsEmpty)}</p> }.into_any();
                    }
                    view! {
                        <pre class="log-lines" data-testid="log-lines">
                            {lines.into_iter().map(|LogLine { at, stream, message }| view! {
                                <span class="log-line"><time>{at}</time>" "<span class="log-stream">{stream}</span>" "{message}"\n"</span>
                            }).collect_view()}
                        </pre>
                    }.into_any()
                }}
            </Show>
        </section>
    }
}

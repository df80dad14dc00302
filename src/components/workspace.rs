//! The workspace every account is worked in, in the free sandbox and in a
//! lesson: the architecture diagram as the main canvas with the selected
//! resource's panel (or an open form) beside it, and a dock with the
//! Console, Events, Logs and Charts tabs. It works on the sandbox in context.

use crate::app::t;
use crate::components::charts::Charts;
use crate::components::diagram::{ArchitectureDiagram, Selection};
use crate::components::events::Events;
use crate::components::forms::{FormPicker, OpenForm};
use crate::components::logs::Logs;
use crate::components::resource_panel::ResourcePanel;
use crate::components::summary::Summary;
use crate::components::terminal::Terminal;
use crate::i18n::Msg;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Console,
    Events,
    Logs,
    Charts,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Console, Tab::Events, Tab::Logs, Tab::Charts];

    fn msg(self) -> Msg {
        match self {
            Tab::Console => Msg::TabConsole,
            Tab::Events => Msg::TabEvents,
            Tab::Logs => Msg::TabLogs,
            Tab::Charts => Msg::TabCharts,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Console => "console",
            Tab::Events => "events",
            Tab::Logs => "logs",
            Tab::Charts => "charts",
        }
    }
}

#[component]
pub fn Workspace() -> impl IntoView {
    let selected = RwSignal::new(None::<Selection>);
    let form = RwSignal::new(None::<OpenForm>);
    let tab = RwSignal::new(Tab::Console);
    let sandbox = crate::sandbox::use_sandbox();
    // A lesson's "run in the console" brings the console into view.
    Effect::new(move |previous: Option<u64>| {
        let wanted = sandbox.console_wanted.get();
        if previous.is_some_and(|p| p != wanted) {
            tab.set(Tab::Console);
            // After the tab's panel is shown (a hidden element does not scroll).
            request_animation_frame(|| {
                if let Some(el) = document().get_element_by_id("console-input") {
                    el.scroll_into_view_with_bool(false);
                }
            });
        }
        wanted
    });
    // Arrow keys move between tabs, as the WAI-ARIA tabs pattern has it.
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        let i = Tab::ALL
            .iter()
            .position(|t| *t == tab.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % Tab::ALL.len(),
            "ArrowLeft" => (i + Tab::ALL.len() - 1) % Tab::ALL.len(),
            _ => return,
        };
        ev.prevent_default();
        tab.set(Tab::ALL[next]);
    };
    view! {
        <div class="sandbox-main">
            <ArchitectureDiagram selected=selected/>
            <div class="sandbox-side">
                <FormPicker open=form/>
                // An open form takes the panel's place; closing it brings the panel back.
                <Show when=move || form.with(Option::is_none)>
                    <ResourcePanel selected=selected form=form/>
                    <Summary selected=selected/>
                </Show>
            </div>
        </div>
        <section class="dock" aria-label=t(Msg::DockLabel)>
            <div class="dock-tabs" role="tablist" on:keydown=on_tab_key>
                {Tab::ALL
                    .into_iter()
                    .map(|which| view! {
                        <button
                            role="tab"
                            id=format!("tab-{}", which.id())
                            data-testid=format!("tab-{}", which.id())
                            aria-controls=format!("panel-{}", which.id())
                            aria-selected=move || (tab.get() == which).to_string()
                            tabindex=move || if tab.get() == which { "0" } else { "-1" }
                            on:click=move |_| tab.set(which)
                        >
                            {t(which.msg())}
                        </button>
                    })
                    .collect_view()}
            </div>
            // The console stays mounted (its input and scroll survive tab changes).
            <div role="tabpanel" id="panel-console" aria-labelledby="tab-console" hidden=move || tab.get() != Tab::Console>
                <p class="lead">{t(Msg::SandboxIntroConsole)}</p>
                <Terminal/>
            </div>
            <div role="tabpanel" id="panel-events" aria-labelledby="tab-events" hidden=move || tab.get() != Tab::Events>
                <Show when=move || tab.get() == Tab::Events>
                    <Events selected=selected/>
                </Show>
            </div>
            <div role="tabpanel" id="panel-logs" aria-labelledby="tab-logs" hidden=move || tab.get() != Tab::Logs>
                <Show when=move || tab.get() == Tab::Logs>
                    <Logs/>
                </Show>
            </div>
            <div role="tabpanel" id="panel-charts" aria-labelledby="tab-charts" hidden=move || tab.get() != Tab::Charts>
                <Show when=move || tab.get() == Tab::Charts>
                    <Charts/>
                </Show>
            </div>
        </section>
    }
}

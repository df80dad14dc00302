//! The Events tab: ECS service events, CodeDeploy deployments, scaling
//! activities and alarms in one timeline, newest first, filterable by
//! source. Problems carry a mark as well as a colour.

use crate::app::t;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_protocol::panel::Selection;
use ecs_protocol::{EventSource as Source, ViewQuery};
use leptos::prelude::*;

fn source_msg(source: Source) -> Msg {
    match source {
        Source::Service => Msg::EventsService,
        Source::Deployment => Msg::EventsDeployment,
        Source::Scaling => Msg::EventsScaling,
        Source::Alarm => Msg::EventsAlarm,
    }
}

/// `selected` is the workspace's selection: a problem's "explain why" opens
/// the panel of the resource that explains it (an unhealthy target's group).
#[component]
pub fn Events(selected: RwSignal<Option<Selection>>) -> impl IntoView {
    let sandbox = use_sandbox();
    let shown = RwSignal::new(Source::ALL.to_vec());
    // The filter narrows what the engine sends.
    sandbox.watch_query(move || ViewQuery::Events {
        sources: shown.get(),
    });
    let entries = move || sandbox.events.get();
    view! {
        <section class="events" aria-label=t(Msg::TabEvents)>
            <div class="event-filters" role="group" aria-label=t(Msg::EventsFilter)>
                {Source::ALL
                    .into_iter()
                    .map(|source| {
                        let on = move || shown.get().contains(&source);
                        view! {
                            <label>
                                <input
                                    type="checkbox"
                                    prop:checked=on
                                    on:change=move |_| shown.update(|list| {
                                        if let Some(i) = list.iter().position(|s| *s == source) {
                                            list.remove(i);
                                        } else {
                                            list.push(source);
                                        }
                                    })
                                />
                                {t(source_msg(source))}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            {move || {
                let list = entries();
                if list.is_empty() {
                    return view! { <p class="events-empty" data-testid="events-empty">{t(Msg::EventsEmpty)}</p> }.into_any();
                }
                view! {
                    <ol class="event-list" tabindex="0" aria-label=t(Msg::TabEvents) data-testid="event-list">
                        {list
                            .into_iter()
                            .map(|e| {
                                let explain = e.explain.clone().map(|selection| {
                                    let open = move |_| {
                                        selected.set(Some(selection.clone()));
                                        if let Ok(Some(panel)) = document().query_selector("[data-testid=resource-panel]") {
                                            panel.scroll_into_view_with_bool(false);
                                        }
                                    };
                                    view! { <button type="button" class="link event-explain" data-testid="event-explain" on:click=open>{t(Msg::EventExplain)}</button> }
                                });
                                view! {
                                    <li class:problem=e.problem>
                                        <time>{e.at}</time>
                                        <span class="event-source">{t(source_msg(e.source))}</span>
                                        <span class="event-resource">{e.resource}</span>
                                        <span class="event-message">{if e.problem { "⚠ " } else { "" }}{e.message}" "{explain}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

//! What the account holds right now, in numbers, and its services (the
//! engine's `Summary` view).

use crate::app::t;
use crate::components::diagram::Selection;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_protocol::{ServiceRow, ViewQuery};
use leptos::prelude::*;

#[component]
pub fn Summary(
    /// Choosing a service here opens its panel (services have no box in the diagram).
    selected: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let sandbox = use_sandbox();
    sandbox.watch(ViewQuery::Summary);
    let counts = move || {
        sandbox
            .summary
            .with(|s| [s.vpcs, s.subnets, s.clusters, s.services, s.running_tasks])
    };
    let item = move |label: Msg, index: usize, id: &'static str| {
        view! {
            <div class="summary-item">
                <dt>{t(label)}</dt>
                <dd data-testid=id>{move || counts()[index]}</dd>
            </div>
        }
    };
    view! {
        <section class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{t(Msg::SummaryTitle)}</h2>
            <dl>
                {item(Msg::SummaryVpcs, 0, "count-vpcs")}
                {item(Msg::SummarySubnets, 1, "count-subnets")}
                {item(Msg::SummaryClusters, 2, "count-clusters")}
                {item(Msg::SummaryServices, 3, "count-services")}
                {item(Msg::SummaryRunningTasks, 4, "count-running-tasks")}
            </dl>
            <ul class="summary-services">
                {move || sandbox.summary.get().service_rows.into_iter().map(|ServiceRow { key, running, desired, stuck }| {
                    let choose = Selection::Service(key.clone());
                    view! {
                        <li>
                            <button type="button" class="link" data-testid="summary-service" on:click=move |_| selected.set(Some(choose.clone()))>
                                {key.clone()}
                            </button>
                            " "
                            <span class:warn=stuck>{format!("{running}/{desired}")}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

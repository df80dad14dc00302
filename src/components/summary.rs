//! What the account holds right now, in numbers (until the architecture
//! diagram draws it).

use crate::app::t;
use crate::components::diagram::Selection;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use leptos::prelude::*;

#[component]
pub fn Summary(
    /// Choosing a service here opens its panel (services have no box in the diagram).
    selected: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let sandbox = use_sandbox();
    // Runs on every clock step: one pass over the tasks, not one per service.
    let services = Memo::new(move |_| {
        sandbox.with_world(|w| {
            let mut running: std::collections::BTreeMap<(&str, &str), usize> =
                std::collections::BTreeMap::new();
            for task in w.ecs.tasks.values() {
                if let (Some(service), ecs_sim::ecs::task::TaskStatus::Running) =
                    (task.service.as_deref(), task.last_status)
                {
                    *running.entry((task.cluster.as_str(), service)).or_default() += 1;
                }
            }
            w.ecs
                .services
                .iter()
                .filter(|(_, s)| s.status == ecs_sim::ecs::service::ServiceStatus::Active)
                .map(|(key, s)| {
                    (
                        key.clone(),
                        running
                            .get(&(s.cluster.as_str(), s.name.as_str()))
                            .copied()
                            .unwrap_or(0),
                        s.desired_count,
                        s.last_unplaceable.is_some(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let counts = Memo::new(move |_| {
        sandbox.with_world(|w| {
            let running = w
                .ecs
                .tasks
                .values()
                .filter(|t| t.last_status == ecs_sim::ecs::task::TaskStatus::Running)
                .count();
            let services = w
                .ecs
                .services
                .values()
                .filter(|s| s.status == ecs_sim::ecs::service::ServiceStatus::Active)
                .count();
            let clusters = w.ecs.clusters.values().filter(|c| c.active).count();
            [
                w.ec2.vpcs.len(),
                w.ec2.subnets.len(),
                clusters,
                services,
                running,
            ]
        })
    });
    let item = move |label: Msg, index: usize, id: &'static str| {
        view! {
            <div class="summary-item">
                <dt>{t(label)}</dt>
                <dd data-testid=id>{move || counts.get()[index]}</dd>
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
                {move || services.get().into_iter().map(|(key, running, desired, stuck)| {
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

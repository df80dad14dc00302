//! What the account holds right now, in numbers (until the architecture
//! diagram draws it).

use crate::app::t;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use leptos::prelude::*;

#[component]
pub fn Summary() -> impl IntoView {
    let sandbox = use_sandbox();
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
        </section>
    }
}

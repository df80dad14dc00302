//! The side panel for what is selected in the diagram: its key facts, read
//! from the world, and the `aws` commands that show the same thing — which
//! the learner can run in the console with one click, to learn the CLI by
//! watching. For a task behind a load balancer it also explains why its
//! targets are (un)healthy: the health check's path, hop by hop, with the
//! rule that blocks it.

use crate::app::{t, use_ui};
use crate::components::diagram::Selection;
use crate::components::forms::OpenForm;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_protocol::panel::{AddressCell, AddressUse as Use};
use ecs_protocol::ViewQuery;
use leptos::prelude::*;

#[component]
pub fn ResourcePanel(
    selected: RwSignal<Option<Selection>>,
    /// Where the panel opens a form on the selected resource.
    form: RwSignal<Option<OpenForm>>,
) -> impl IntoView {
    let ui = use_ui();
    let sandbox = use_sandbox();
    let query = move || ViewQuery::Panel {
        selection: selected.get(),
        lang: ui.lang(),
    };
    sandbox.watch_query(query);
    let details = Memo::new(move |_| sandbox.panel.get());
    view! {
        <aside class="resource-panel" aria-label=t(Msg::PanelLabel) data-testid="resource-panel">
            {move || match details.get() {
                None => view! { <p class="panel-hint">{t(Msg::PanelHint)}</p> }.into_any(),
                Some(panel) => {
                    let (heading, facts, commands, paths) = (panel.heading, panel.facts, panel.commands, panel.paths);
                    let (actions, addresses) = (panel.actions, panel.addresses);
                    view! {
                    <h2>{heading}</h2>
                    <dl class="facts">
                        {facts
                            .into_iter()
                            .map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> })
                            .collect_view()}
                    </dl>
                    {(!paths.is_empty()).then(|| view! {
                        <h3>{t(Msg::PanelWhy)}</h3>
                        {paths
                            .into_iter()
                            .map(|p| view! {
                                <div class="why" data-testid="why">
                                    <p class="why-title">{p.title}</p>
                                    <ol class="hops">
                                        {
                                            let outlined = p.blocking.is_some();
                                            p.hops
                                                .into_iter()
                                                .map(|(ok, detail)| view! {
                                                    <li class:blocked=!ok>
                                                        <span aria-hidden="true">{if ok { "✓ " } else { "✗ " }}</span>
                                                        <span class="visually-hidden">{if ok { "ok: " } else { "blocked: " }}</span>
                                                        {detail}
                                                        {(!ok && outlined).then(|| view! { " " <span class="in-diagram" data-testid="outlined">{t(Msg::PanelOutlined)}</span> })}
                                                    </li>
                                                })
                                                .collect_view()
                                        }
                                    </ol>
                                    <p class="why-verdict">{if p.reachable { t(Msg::PanelPathOpen)() } else { t(Msg::PanelPathBlocked)() }}</p>
                                </div>
                            })
                            .collect_view()}
                    })}
                    {(!actions.is_empty()).then(|| view! {
                        <div class="panel-actions">
                            {actions
                                .into_iter()
                                .map(|action| {
                                    let open = OpenForm { id: action.form_id.clone(), values: action.values.clone() };
                                    let title = action.title.clone();
                                    view! {
                                        <button
                                            data-testid=format!("panel-form-{}", action.form_id)
                                            on:click=move |_| form.set(Some(open.clone()))
                                        >
                                            {move || title.get(ui.lang()).to_string()}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                    })}
                    {addresses.map(|(cells, cut)| view! { <SubnetGrid cells=cells cut=cut/> })}
                    <h3>{t(Msg::PanelCli)}</h3>
                    <ul class="cli-equivalents">
                        {commands
                            .into_iter()
                            .map(|c| {
                                let run = c.clone();
                                view! {
                                    <li>
                                        <code>{c}</code>
                                        <button on:click=move |_| sandbox.submit(&run)>{t(Msg::PanelRun)}</button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <button class="panel-close" on:click=move |_| selected.set(None)>{t(Msg::PanelClose)}</button>
                    }
                    .into_any()
                }
            }}
        </aside>
    }
}

/// The subnet's addresses, one square each: reserved, free, or taken (hover
/// or focus tells by what).
#[component]
fn SubnetGrid(cells: Vec<AddressCell>, cut: bool) -> impl IntoView {
    let shown = cells.len();
    let free = cells.iter().filter(|c| c.used_as == Use::Free).count();
    let taken = cells
        .iter()
        .filter(|c| matches!(c.used_as, Use::Taken { .. }))
        .count();
    view! {
        <h3>{t(Msg::PanelAddresses)}</h3>
        <p class="form-hint" data-testid="address-summary">
            {format!("{taken} taken · {free} free · 5 reserved by AWS")}
            {cut.then(|| format!(" (first {shown} addresses shown)"))}
        </p>
        // Drawn for the eye; the summary above says the same in words.
        <ul class="address-grid" data-testid="address-grid" aria-hidden="true">
            {cells.into_iter().map(|cell| {
                let (class, title) = match &cell.used_as {
                    Use::Reserved(why) => ("reserved", format!("{} — reserved: {why}", cell.ip)),
                    Use::Free => ("free", format!("{} — free", cell.ip)),
                    Use::Taken { eni, owner } => ("taken", format!("{} — {eni} ({owner})", cell.ip)),
                };
                view! { <li class=class title=title></li> }
            }).collect_view()}
        </ul>
    }
}

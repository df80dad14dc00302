//! The architecture diagram: an SVG drawn from [`ecs_protocol::diagram::layout`]
//! each time the world changes. Every element is focusable and selecting it
//! (click, Enter or Space) opens its panel; tasks show their state by shape
//! as well as colour, and the replacement (green) task set of a blue/green
//! deployment is drawn as diamonds. Arrows join each listener to its target
//! groups (with the listener's share of the requests) and each target group
//! to its tasks (by target health). When the selection's explanation finds a
//! blocking rule, every element that rule governs is outlined.

use crate::app::t;
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use ecs_protocol::diagram::{
    ArrowKind, Diagram, TaskLook, TaskSetColour, TARGET_GROUP_HEIGHT, TASK_CELL,
};
use ecs_protocol::ViewQuery;
use leptos::prelude::*;

pub use ecs_protocol::panel::Selection;

fn select_on_key(
    selected: RwSignal<Option<Selection>>,
    item: Selection,
) -> impl Fn(leptos::ev::KeyboardEvent) {
    move |ev| {
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            selected.set(Some(item.clone()));
        }
    }
}

/// A task's dot: selectable by click or keyboard, its tooltip the task's facts.
fn task_cell(
    dot: &ecs_protocol::diagram::TaskDot,
    selected: RwSignal<Option<Selection>>,
    blocking: Signal<Option<String>>,
) -> impl IntoView {
    let item = Selection::Task(dot.id.clone());
    let (item2, item3) = (item.clone(), item.clone());
    let groups = dot.security_groups.clone();
    view! {
        <g
            class="task-cell"
            class:selected=move || selected.get().as_ref() == Some(&item)
            class:blocking=move || blocking.with(|b| b.as_ref().is_some_and(|b| groups.contains(b)))
            tabindex="0"
            role="button"
            aria-label=dot.title.clone()
            data-task=dot.id.clone()
            on:click=move |ev| {
                ev.stop_propagation();
                selected.set(Some(item2.clone()));
            }
            on:keydown=select_on_key(selected, item3)
        >
            <title>{dot.title.clone()}</title>
            {task_shape(dot)}
        </g>
    }
}

fn task_shape(dot: &ecs_protocol::diagram::TaskDot) -> AnyView {
    let size = TASK_CELL - 3.0;
    let (x, y) = (dot.x + 1.5, dot.y + 1.5);
    let class = match dot.set {
        Some(TaskSetColour::Green) => format!("{} set-green", dot.look.class()),
        Some(TaskSetColour::Blue) => format!("{} set-blue", dot.look.class()),
        None => dot.look.class().to_string(),
    };
    let mark = (dot.look == TaskLook::Unhealthy).then(|| {
        view! {
            <path class="task-mark" d=format!("M{} {} l{} {} M{} {} l{} {}", x + 2.5, y + 2.5, size - 5.0, size - 5.0, x + size - 2.5, y + 2.5, -(size - 5.0), size - 5.0)/>
        }
    });
    if dot.set == Some(TaskSetColour::Green) {
        let (cx, cy, r) = (x + size / 2.0, y + size / 2.0, size / 2.0 + 0.5);
        view! {
            <g>
                <path class=class d=format!("M{cx} {} L{} {cy} L{cx} {} L{} {cy} Z", cy - r, cx + r, cy + r, cx - r)/>
                {mark}
            </g>
        }
        .into_any()
    } else {
        view! {
            <g>
                <rect class=class x=x y=y width=size height=size rx="2"/>
                {mark}
            </g>
        }
        .into_any()
    }
}

/// Whether the blocking rule (if any) is one of `ids`.
fn governs(blocking: Signal<Option<String>>, ids: Vec<String>) -> impl Fn() -> bool {
    move || blocking.with(|b| b.as_ref().is_some_and(|b| ids.contains(b)))
}

/// Listener → target group → task arrows, under a shared arrowhead.
fn draw_arrows(arrows: &[ecs_protocol::diagram::Arrow]) -> impl IntoView {
    arrows
        .iter()
        .map(|a| {
            let (class, marker) = match a.kind {
                ArrowKind::Listener { carries_traffic: true } => ("arrow listener", "url(#arrowhead)"),
                ArrowKind::Listener { carries_traffic: false } => ("arrow listener idle", "url(#arrowhead)"),
                ArrowKind::Target(line) => (line.class(), ""),
            };
            let label = a.label.clone().map(|text| {
                let (x, y) = ((a.from.0 + a.to.0) / 2.0, (a.from.1 + a.to.1) / 2.0 + 4.0);
                view! { <text class="arrow-label" x=x + 4.0 y=y>{text}</text> }
            });
            view! {
                <g class="arrow-group" data-arrow=a.title.clone()>
                    <title>{a.title.clone()}</title>
                    <line class=class x1=a.from.0 y1=a.from.1 x2=a.to.0 y2=a.to.1 marker-end=marker/>
                    {label}
                </g>
            }
        })
        .collect_view()
}

fn draw(
    diagram: &Diagram,
    selected: RwSignal<Option<Selection>>,
    blocking: Signal<Option<String>>,
) -> AnyView {
    let is = move |item: &Selection| selected.get().as_ref() == Some(item);
    diagram
        .vpcs
        .iter()
        .map(|vpc| {
            let vpc_sel = Selection::Vpc(vpc.id.clone());
            let vpc_sel2 = vpc_sel.clone();
            let vpc_sel3 = vpc_sel.clone();
            let igw = vpc.internet_gateway.clone().map(|igw| {
                let label = format!("IGW {igw}");
                // Wide enough for its label (11 px text: ~6.6 px a character), so it never spills.
                let width = label.chars().count() as f64 * 6.6 + 14.0;
                let x = vpc.x + vpc.w - width - 12.0;
                view! {
                    <g class="igw" class:blocking=governs(blocking, vec![igw.clone()])>
                        <rect x=x y=vpc.y - 10.0 width=width height="20" rx="4"/>
                        <text x=x + width / 2.0 y=vpc.y + 4.0 text-anchor="middle">{label}</text>
                    </g>
                }
            });
            let endpoints = (!vpc.endpoints.is_empty()).then(|| {
                let names = vpc
                    .endpoints
                    .iter()
                    .enumerate()
                    .map(|(i, (id, name))| {
                        let separator = if i == 0 { "" } else { ", " };
                        view! {
                            {separator}
                            <tspan class="endpoint" class:blocking=governs(blocking, vec![id.clone()])>{name.clone()}</tspan>
                        }
                    })
                    .collect_view();
                view! {
                    <text class="endpoints" x=vpc.x + 12.0 y=vpc.y + vpc.h - 6.0>
                        "VPC endpoints: "
                        {names}
                    </text>
                }
            });
            let zones = vpc
                .zones
                .iter()
                .map(|z| {
                    view! {
                        <g class="zone">
                            <text x=z.x + 4.0 y=z.y>{z.name.clone()}</text>
                        </g>
                    }
                })
                .collect_view();
            let lbs = vpc
                .load_balancers
                .iter()
                .map(|lb| {
                    let item = Selection::LoadBalancer(lb.arn.clone());
                    let (item2, item3) = (item.clone(), item.clone());
                    let routes = lb
                        .routes
                        .iter()
                        .map(|r| {
                            let targets: Vec<String> = r
                                .targets
                                .iter()
                                .map(|s| format!("{} {}%", s.name, s.share))
                                .collect();
                            format!(":{} → {}", r.port, if targets.is_empty() { "—".into() } else { targets.join(" · ") })
                        })
                        .collect::<Vec<_>>();
                    view! {
                        <g
                            class="lb"
                            class:selected=move || is(&item)
                            class:blocking=governs(blocking, lb.security_groups.clone())
                            tabindex="0"
                            role="button"
                            on:click=move |_| selected.set(Some(item2.clone()))
                            on:keydown=select_on_key(selected, item3)
                        >
                            <rect x=lb.x y=lb.y width=lb.w height="54" rx="6"/>
                            <text class="lb-name" x=lb.x + 8.0 y=lb.y + 16.0>
                                {format!("{} {}{}", lb.kind, lb.name, if lb.internal { " (internal)" } else { "" })}
                            </text>
                            {routes
                                .into_iter()
                                .enumerate()
                                .take(2)
                                .map(|(i, text)| view! { <text class="route" x=lb.x + 8.0 y=lb.y + 32.0 + i as f64 * 14.0>{text}</text> })
                                .collect_view()}
                        </g>
                    }
                })
                .collect_view();
            let target_groups = vpc
                .target_groups
                .iter()
                .map(|g| {
                    // A target group opens its panel: every target's health check, explained.
                    let item = Selection::TargetGroup(g.arn.clone());
                    let (item2, item3) = (item.clone(), item.clone());
                    view! {
                        <g
                            class="target-group"
                            class:selected=move || selected.get().as_ref() == Some(&item)
                            data-target-group=g.name.clone()
                            tabindex="0"
                            role="button"
                            on:click=move |ev| {
                                ev.stop_propagation();
                                selected.set(Some(item2.clone()));
                            }
                            on:keydown=select_on_key(selected, item3)
                        >
                            <title>{g.arn.clone()}</title>
                            <rect x=g.x y=g.y width=g.w height=TARGET_GROUP_HEIGHT rx="4"/>
                            <text class="tg-name" x=g.x + 6.0 y=g.y + 13.0>{format!("TG {}", g.name)}</text>
                            <text class="tg-health" x=g.x + 6.0 y=g.y + 25.0>{format!("{}/{} healthy", g.healthy, g.targets)}</text>
                        </g>
                    }
                })
                .collect_view();
            let subnets = vpc
                .subnets
                .iter()
                .map(|s| {
                    let item = Selection::Subnet(s.id.clone());
                    let (item2, item3) = (item.clone(), item.clone());
                    let tasks = s
                        .tasks
                        .iter()
                        .map(|dot| task_cell(dot, selected, blocking))
                        .collect_view();
                    let instances = s
                        .instances
                        .iter()
                        .map(|row| {
                            view! {
                                <g class="instance" data-instance=row.ec2_instance_id.clone()>
                                    <title>{row.ec2_instance_id.clone()}</title>
                                    <rect x=row.x y=row.y width=row.w height="16" rx="3"/>
                                    <text class="instance-name" x=row.x + 4.0 y=row.y + 12.0>{row.label.clone()}</text>
                                    {row.tasks.iter().map(|dot| task_cell(dot, selected, blocking)).collect_view()}
                                </g>
                            }
                        })
                        .collect_view();
                    let extra = (s.more > 0).then(|| {
                        view! { <text class="more" x=s.x + s.w - 8.0 y=s.y + s.h - 4.0 text-anchor="end">{format!("+{}", s.more)}</text> }
                    });
                    let nat = (!s.nat_gateways.is_empty()).then(|| {
                        view! {
                            <text
                                class="nat"
                                class:blocking=governs(blocking, s.nat_gateways.clone())
                                x=s.x + s.w - 8.0
                                y=s.y + 30.0
                                text-anchor="end"
                            >
                                {format!("NAT ×{}", s.nat_gateways.len())}
                            </text>
                        }
                    });
                    let rules: Vec<String> = s.network_acl.iter().chain(&s.route_table).cloned().collect();
                    // The subnet's box and labels are its button (named by what
                    // they say); its tasks sit beside it, not inside a button.
                    // A click anywhere on the box that misses a task selects it.
                    view! {
                        <g class=if s.public { "subnet public" } else { "subnet private" }>
                            <g
                                class="subnet-box"
                                class:selected=move || is(&item)
                                class:blocking=governs(blocking, rules)
                                data-subnet=s.id.clone()
                                tabindex="0"
                                role="button"
                                on:click=move |ev| {
                                    ev.stop_propagation();
                                    selected.set(Some(item2.clone()));
                                }
                                on:keydown=select_on_key(selected, item3)
                            >
                                <rect x=s.x y=s.y width=s.w height=s.h rx="6"/>
                                <text class="subnet-name" x=s.x + 8.0 y=s.y + 15.0>
                                    {format!("{} · {}", s.label, if s.public { "public" } else { "private" })}
                                </text>
                                <text class="subnet-cidr" x=s.x + 8.0 y=s.y + 30.0>{format!("{} · {} free", s.cidr, s.free)}</text>
                                {nat}
                                {extra}
                            </g>
                            {tasks}
                            {instances}
                        </g>
                    }
                })
                .collect_view();
            view! {
                <g class="vpc" data-vpc=vpc.id.clone()>
                    <rect
                        class="vpc-box"
                        class:selected=move || is(&vpc_sel)
                        x=vpc.x
                        y=vpc.y
                        width=vpc.w
                        height=vpc.h
                        rx="10"
                        tabindex="0"
                        role="button"
                        aria-label=format!("VPC {} {}", vpc.label, vpc.cidr)
                        on:click=move |_| selected.set(Some(vpc_sel2.clone()))
                        on:keydown=select_on_key(selected, vpc_sel3)
                    />
                    <text class="vpc-name" x=vpc.x + 12.0 y=vpc.y + 22.0>{format!("VPC {} · {}", vpc.label, vpc.cidr)}</text>
                    {igw}
                    {lbs}
                    {target_groups}
                    {zones}
                    {subnets}
                    <g class="arrows" aria-hidden="true">{draw_arrows(&vpc.arrows)}</g>
                    {endpoints}
                </g>
            }
        })
        .collect_view()
        .into_any()
}

/// The diagram; `selected` is shared with the side panel.
#[component]
pub fn ArchitectureDiagram(selected: RwSignal<Option<Selection>>) -> impl IntoView {
    let sandbox = use_sandbox();
    sandbox.watch(ViewQuery::Diagram);
    let diagram = sandbox.diagram;
    // The rule that blocks the selection's traffic, outlined wherever it applies
    // (the resource panel watches the selection's panel).
    let blocking = Memo::new(move |_| {
        sandbox
            .panel
            .with(|p| p.as_ref().and_then(|p| p.blocking.clone()))
    });
    let ui = crate::app::use_ui();
    view! {
        <section class="diagram" aria-label=t(Msg::DiagramLabel)>
            {move || {
                let scale = if ui.projector() { 1.5 } else { 1.0 };
                let d = diagram.get();
                if d.vpcs.is_empty() {
                    return view! { <p class="diagram-empty" data-testid="diagram-empty">{t(Msg::DiagramEmpty)}</p> }.into_any();
                }
                view! {
                    <svg
                        data-testid="diagram"
                        // Projector mode draws it half again as large, as it does the text.
                        width=d.width * scale
                        height=d.height * scale
                        viewBox=format!("0 0 {} {}", d.width, d.height)
                        role="group"
                        aria-label=format!("{} {}", t(Msg::DiagramLabel)(), d.region)
                    >
                        <defs>
                            <marker id="arrowhead" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0 0 L8 4 L0 8 Z"/>
                            </marker>
                        </defs>
                        {draw(&d, selected, blocking.into())}
                    </svg>
                }
                .into_any()
            }}
        </section>
    }
}

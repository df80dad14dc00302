//! The architecture diagram: an SVG drawn from [`crate::diagram::layout`]
//! each time the world changes. Every element is focusable and selecting it
//! (click, Enter or Space) opens its panel; tasks show their state by shape
//! as well as colour, and the replacement (green) task set of a blue/green
//! deployment is drawn as diamonds.

use crate::app::t;
use crate::diagram::{layout, Diagram, TaskLook, TaskSetColour, TASK_CELL};
use crate::i18n::Msg;
use crate::sandbox::use_sandbox;
use leptos::prelude::*;

/// What the learner selected in the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Vpc(String),
    Subnet(String),
    LoadBalancer(String),
    Task(String),
    /// `cluster/service` (chosen from the account summary).
    Service(String),
}

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
    dot: &crate::diagram::TaskDot,
    selected: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let item = Selection::Task(dot.id.clone());
    let (item2, item3) = (item.clone(), item.clone());
    view! {
        <g
            class="task-cell"
            class:selected=move || selected.get().as_ref() == Some(&item)
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

fn task_shape(dot: &crate::diagram::TaskDot) -> AnyView {
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

fn draw(diagram: &Diagram, selected: RwSignal<Option<Selection>>) -> AnyView {
    let is = move |item: &Selection| selected.get().as_ref() == Some(item);
    diagram
        .vpcs
        .iter()
        .map(|vpc| {
            let vpc_sel = Selection::Vpc(vpc.id.clone());
            let vpc_sel2 = vpc_sel.clone();
            let vpc_sel3 = vpc_sel.clone();
            let igw = vpc.internet_gateway.clone().map(|igw| {
                view! {
                    <g class="igw">
                        <rect x=vpc.x + vpc.w - 130.0 y=vpc.y - 10.0 width="118" height="20" rx="4"/>
                        <text x=vpc.x + vpc.w - 71.0 y=vpc.y + 4.0 text-anchor="middle">{format!("IGW {igw}")}</text>
                    </g>
                }
            });
            let endpoints = (!vpc.endpoints.is_empty()).then(|| {
                view! {
                    <text class="endpoints" x=vpc.x + 12.0 y=vpc.y + vpc.h - 6.0>
                        {format!("VPC endpoints: {}", vpc.endpoints.join(", "))}
                    </text>
                }
            });
            let zones = vpc
                .zones
                .iter()
                .map(|z| {
                    view! {
                        <g class="zone">
                            <text x=z.x + 4.0 y=vpc.load_balancers.first().map_or(vpc.y + 48.0, |lb| lb.y + 70.0)>{z.name.clone()}</text>
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
                                .map(|(name, share)| format!("{name} {share}%"))
                                .collect();
                            format!(":{} → {}", r.port, if targets.is_empty() { "—".into() } else { targets.join(" · ") })
                        })
                        .collect::<Vec<_>>();
                    view! {
                        <g
                            class="lb"
                            class:selected=move || is(&item)
                            tabindex="0"
                            role="button"
                            aria-label=format!("{} {}", lb.kind, lb.name)
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
            let subnets = vpc
                .subnets
                .iter()
                .map(|s| {
                    let item = Selection::Subnet(s.id.clone());
                    let (item2, item3) = (item.clone(), item.clone());
                    let tasks = s
                        .tasks
                        .iter()
                        .map(|dot| task_cell(dot, selected))
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
                                    {row.tasks.iter().map(|dot| task_cell(dot, selected)).collect_view()}
                                </g>
                            }
                        })
                        .collect_view();
                    let extra = (s.more > 0).then(|| {
                        view! { <text class="more" x=s.x + s.w - 8.0 y=s.y + s.h - 4.0 text-anchor="end">{format!("+{}", s.more)}</text> }
                    });
                    let nat = (!s.nat_gateways.is_empty()).then(|| {
                        view! { <text class="nat" x=s.x + s.w - 8.0 y=s.y + 30.0 text-anchor="end">{format!("NAT ×{}", s.nat_gateways.len())}</text> }
                    });
                    view! {
                        <g
                            class=if s.public { "subnet public" } else { "subnet private" }
                            class:selected=move || is(&item)
                            data-subnet=s.id.clone()
                            tabindex="0"
                            role="button"
                            aria-label=format!("{} {} {}", s.label, s.cidr, if s.public { "public" } else { "private" })
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
                            {tasks}
                            {instances}
                            {extra}
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
                    {zones}
                    {subnets}
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
    let diagram = Memo::new(move |_| sandbox.with_world(layout));
    view! {
        <section class="diagram" aria-label=t(Msg::DiagramLabel)>
            {move || {
                let d = diagram.get();
                if d.vpcs.is_empty() {
                    return view! { <p class="diagram-empty" data-testid="diagram-empty">{t(Msg::DiagramEmpty)}</p> }.into_any();
                }
                view! {
                    <svg
                        data-testid="diagram"
                        width=d.width
                        height=d.height
                        viewBox=format!("0 0 {} {}", d.width, d.height)
                        role="group"
                        aria-label=format!("{} {}", t(Msg::DiagramLabel)(), d.region)
                    >
                        {draw(&d, selected)}
                    </svg>
                }
                .into_any()
            }}
        </section>
    }
}

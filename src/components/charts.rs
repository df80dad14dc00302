//! The Charts tab: traffic shifting, autoscaling, load and health, and
//! utilisation, drawn as SVG (crisp at any pixel density, no canvas crate in
//! the bundle) from the engine's charts view. Each chart is redrawn only when its
//! data changes (a memo), has a legend whose entries differ by dash pattern
//! as well as colour, native tooltips on its points, and a table of the
//! latest values as its text alternative.

use crate::app::{t, use_ui};
use crate::i18n::{Lang, Msg};
use crate::sandbox::use_sandbox;
use ecs_protocol::charts::{Chart, ChartKind, Window};
use ecs_protocol::ViewQuery;
use leptos::prelude::*;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 180.0;
/// The narrowest left margin; a chart whose axis labels are longer gets more.
const LEFT: f64 = 44.0;
/// A generous width of one axis-label character at the charts' 10px font.
const LABEL_CHAR: f64 = 6.2;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 24.0;

fn clock(seconds: u64) -> String {
    let s = seconds % 86_400;
    format!("{:02}:{:02}", s / 3600, s / 60 % 60)
}

fn title(kind: &ChartKind, lang: Lang) -> String {
    match kind {
        ChartKind::TrafficShift { deployment } => {
            Msg::ChartTrafficShift.fill(lang, &[("id", deployment)])
        }
        ChartKind::Scaling { service, metric } => {
            Msg::ChartScaling.fill(lang, &[("service", service), ("metric", metric)])
        }
        ChartKind::LoadAndHealth { load_balancer } => {
            Msg::ChartLoad.fill(lang, &[("name", load_balancer)])
        }
        ChartKind::Latency { load_balancer } => {
            Msg::ChartLatency.fill(lang, &[("name", load_balancer)])
        }
        ChartKind::TaskCounts { service } => {
            Msg::ChartTaskCounts.fill(lang, &[("service", service)])
        }
        ChartKind::HealthyHosts { target_group } => {
            Msg::ChartHealthyHosts.fill(lang, &[("name", target_group)])
        }
        ChartKind::Utilisation { service } => {
            Msg::ChartUtilisation.fill(lang, &[("service", service)])
        }
    }
}

/// The y axis's labels, bottom to top.
fn tick_labels(chart: &Chart) -> Vec<(f64, String)> {
    (0..=4)
        .map(|i| {
            let v = chart.y_max * f64::from(i) / 4.0;
            (v, format!("{}{}", trim(v), chart.unit))
        })
        .collect()
}

/// Room left of the plot for the longest axis label ("1250/min" must not lose its "1").
fn left_margin(chart: &Chart) -> f64 {
    let longest = tick_labels(chart)
        .iter()
        .map(|(_, label)| label.chars().count())
        .max()
        .unwrap_or(0);
    (longest as f64 * LABEL_CHAR + 8.0).max(LEFT)
}

/// The SVG path of a series: straight segments, or steps that hold each value.
fn path(chart: &Chart, points: &[(u64, f64)], step: bool) -> String {
    let left = left_margin(chart);
    let span = (chart.to.saturating_sub(chart.from)).max(1) as f64;
    let x = |t: u64| left + (t.saturating_sub(chart.from)) as f64 / span * (WIDTH - left - RIGHT);
    let y = |v: f64| TOP + (1.0 - (v / chart.y_max).clamp(0.0, 1.0)) * (HEIGHT - TOP - BOTTOM);
    let mut d = String::new();
    let mut last: Option<f64> = None;
    // The value in force at the window's start, then what changes inside it.
    let before = points.iter().rev().find(|p| p.0 < chart.from).copied();
    let inside = points
        .iter()
        .filter(|p| p.0 >= chart.from && p.0 <= chart.to);
    for (i, (t, v)) in before
        .map(|(_, v)| (chart.from, v))
        .into_iter()
        .chain(inside.copied())
        .enumerate()
    {
        if i == 0 {
            d.push_str(&format!("M{:.1} {:.1}", x(t), y(v)));
        } else {
            if step {
                if let Some(previous) = last {
                    d.push_str(&format!(" L{:.1} {:.1}", x(t), y(previous)));
                }
            }
            d.push_str(&format!(" L{:.1} {:.1}", x(t), y(v)));
        }
        last = Some(v);
    }
    if step {
        if let Some(v) = last {
            d.push_str(&format!(" L{:.1} {:.1}", x(chart.to), y(v)));
        }
    }
    d
}

fn draw(chart: Chart, lang: Lang) -> impl IntoView {
    let (from, to) = (chart.from, chart.to);
    let left = left_margin(&chart);
    let span = (to.saturating_sub(from)).max(1) as f64;
    let x = move |t: u64| left + (t.saturating_sub(from)) as f64 / span * (WIDTH - left - RIGHT);
    let y_max = chart.y_max;
    let y = move |v: f64| TOP + (1.0 - (v / y_max).clamp(0.0, 1.0)) * (HEIGHT - TOP - BOTTOM);
    let ticks = tick_labels(&chart)
        .into_iter()
        .map(|(v, label)| {
            view! {
                <g class="tick">
                    <line x1=left x2=WIDTH - RIGHT y1=y(v) y2=y(v)/>
                    <text x=left - 4.0 y=y(v) + 4.0 text-anchor="end">{label}</text>
                </g>
            }
        })
        .collect_view();
    let times = (0..=4)
        .map(|i| {
            let t = from + (to.saturating_sub(from)) * i / 4;
            view! { <text class="time" x=x(t) y=HEIGHT - 6.0 text-anchor="middle">{clock(t)}</text> }
        })
        .collect_view();
    let target = chart.target.map(|v| {
        view! {
            <g class="target">
                <line x1=left x2=WIDTH - RIGHT y1=y(v) y2=y(v)/>
                <text x=WIDTH - RIGHT y=y(v) - 3.0 text-anchor="end">{format!("{} {}{}", Msg::ChartTarget.text(lang), trim(v), chart.unit)}</text>
            </g>
        }
    });
    let marks = chart
        .marks
        .iter()
        .filter(|m| m.at >= chart.from && m.at <= chart.to)
        .map(|m| {
            view! {
                <g class="mark">
                    <line x1=x(m.at) x2=x(m.at) y1=TOP y2=HEIGHT - BOTTOM/>
                    <title>{format!("{} {}", clock(m.at), m.label)}</title>
                </g>
            }
        })
        .collect_view();
    let lines = chart
        .series
        .iter()
        .map(|s| {
            let dots = s
                .points
                .iter()
                .filter(|p| p.0 >= chart.from && p.0 <= chart.to)
                .map(|p| {
                    view! {
                        <circle class=format!("point {}", s.class) cx=x(p.0) cy=y(p.1) r="2.5">
                            <title>{format!("{} {}: {}{}", clock(p.0), s.label, trim(p.1), chart.unit)}</title>
                        </circle>
                    }
                })
                .collect_view();
            view! {
                <g>
                    <path class=format!("line {}", s.class) d=path(&chart, &s.points, s.step)/>
                    {dots}
                </g>
            }
        })
        .collect_view();
    let legend = chart
        .series
        .iter()
        .map(|s| view! { <li><svg width="22" height="8" aria-hidden="true"><line class=format!("line {}", s.class) x1="0" x2="22" y1="4" y2="4"/></svg>{s.label.clone()}</li> })
        .collect_view();
    let rows = chart
        .latest()
        .into_iter()
        .map(|(label, v)| view! { <tr><th scope="row">{label}</th><td>{format!("{}{}", trim(v), chart.unit)}</td></tr> })
        .collect_view();
    let marks_list = chart
        .marks
        .iter()
        .rev()
        .take(3)
        .map(|m| view! { <tr><th scope="row">{clock(m.at)}</th><td>{m.label.clone()}</td></tr> })
        .collect_view();
    let heading = title(&chart.kind, lang);
    view! {
        <figure class="chart" data-testid="chart">
            <figcaption>{heading.clone()}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=heading>
                {ticks}
                {times}
                {target}
                {marks}
                {lines}
            </svg>
            <ul class="legend">{legend}</ul>
            <table class="chart-latest">
                <caption>{Msg::ChartLatest.text(lang)}</caption>
                <tbody>{rows}{marks_list}</tbody>
            </table>
        </figure>
    }
}

/// `12.5`, `100`, `0.25`: short numbers for axes and tooltips.
fn trim(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[component]
pub fn Charts() -> impl IntoView {
    let sandbox = use_sandbox();
    let ui = use_ui();
    let window = RwSignal::new(Window::Hour);
    sandbox.watch_query(move || ViewQuery::Charts {
        window: window.get(),
    });
    // The engine sends the list only when it changed (once a simulated minute while time runs).
    let all = sandbox.charts;
    view! {
        <section class="charts" aria-label=t(Msg::TabCharts)>
            <div class="chart-window" role="group" aria-label=t(Msg::ChartWindow)>
                {Window::ALL
                    .into_iter()
                    .map(|w| view! {
                        <button aria-pressed=move || (window.get() == w).to_string() on:click=move |_| window.set(w)>
                            {w.label()}
                        </button>
                    })
                    .collect_view()}
            </div>
            {move || {
                let list = all.get();
                if list.is_empty() {
                    return view! { <p class="charts-empty" data-testid="charts-empty">{t(Msg::ChartsEmpty)}</p> }.into_any();
                }
                let lang = ui.lang();
                // Scaling without task counts: say how to get them (AWS's way).
                let hint = (list.iter().any(|c| matches!(c.kind, ChartKind::Scaling { .. }))
                    && !list.iter().any(|c| matches!(c.kind, ChartKind::TaskCounts { .. })))
                    .then(|| view! { <p class="form-hint" data-testid="charts-insights-hint">{Msg::ChartInsightsHint.text(lang)}</p> });
                view! {
                    {list.into_iter().map(|c| draw(c, lang)).collect_view()}
                    {hint}
                }
                .into_any()
            }}
        </section>
    }
}

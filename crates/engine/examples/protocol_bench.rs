//! Protocol benchmarks, printed by `cargo xtask bench` (reports, never
//! assertions): on the 200-task benchmark world, how long the engine takes to
//! compute every watched view, how large the updates are, and how long they
//! take to encode and decode as JSON and as postcard — the measurements the
//! page–worker message encoding is chosen by.

use ecs_engine::Engine;
use ecs_protocol::charts::Window;
use ecs_protocol::{EventSource, LogQuery, Request, Update, ViewQuery};
use ecs_sim::console::Console;
use std::time::Instant;

fn always() -> bool {
    true
}

/// Runs `f` `n` times and returns the mean time per run in microseconds.
fn mean_us(n: u32, mut f: impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..n {
        f();
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(n)
}

fn report(label: &str, updates: &[Update]) {
    let json = serde_json::to_vec(updates).expect("updates encode as JSON");
    let binary = postcard::to_allocvec(updates).expect("updates encode as postcard");
    let n = 200;
    let json_encode = mean_us(n, || {
        std::hint::black_box(serde_json::to_vec(updates).ok());
    });
    let json_decode = mean_us(n, || {
        std::hint::black_box(serde_json::from_slice::<Vec<Update>>(&json).ok());
    });
    let binary_encode = mean_us(n, || {
        std::hint::black_box(postcard::to_allocvec(updates).ok());
    });
    let binary_decode = mean_us(n, || {
        std::hint::black_box(postcard::from_bytes::<Vec<Update>>(&binary).ok());
    });
    println!(
        "  {label:<34} {:>5} updates  JSON {:>8.1} KB  enc {:>7.0} µs  dec {:>7.0} µs | postcard {:>8.1} KB  enc {:>7.0} µs  dec {:>7.0} µs",
        updates.len(),
        json.len() as f64 / 1024.0,
        json_encode,
        json_decode,
        binary.len() as f64 / 1024.0,
        binary_encode,
        binary_decode,
    );
}

fn main() {
    let script = include_str!("../../sim/examples/day_world.sh");
    let mut console = Console::default();
    console.run(script);
    let mut engine = Engine::new(console);
    // Two hours in: every task running, charts with two hours of minutes.
    engine.handle(Request::Step { seconds: 2 * 3600 }, &always);
    let watch_all = Request::Watch {
        views: vec![
            ViewQuery::Summary,
            ViewQuery::Diagram,
            ViewQuery::Charts {
                window: Window::Hour,
            },
            ViewQuery::Events {
                sources: EventSource::ALL.to_vec(),
            },
            ViewQuery::Logs(LogQuery {
                since_seconds: 600,
                ..Default::default()
            }),
        ],
    };
    let running = engine
        .console()
        .world
        .ecs
        .tasks
        .values()
        .filter(|t| !t.is_stopped())
        .count();
    println!(
        "protocol on the benchmark world ({running} tasks, every view watched; optimised build):"
    );

    let first = engine.handle(watch_all.clone(), &always);
    report("every view, first time", &first);
    let views_us = mean_us(20, || {
        std::hint::black_box(engine.handle(watch_all.clone(), &always));
    });
    println!("  computing every watched view: {views_us:.0} µs");

    // The time warp at 600x: a 16 ms frame moves ~10 simulated seconds; only
    // what changed is sent.
    engine.handle(Request::SetSpeed { speed: 600 }, &always);
    let mut frame = Vec::new();
    let frame_us = mean_us(60, || {
        frame = engine.handle(Request::Frame { elapsed_ms: 16 }, &always);
    });
    println!("  one 600x frame (advance + changed views): {frame_us:.0} µs");
    report("one 600x frame's updates", &frame);
    // A simulated hour of such frames: what crosses the boundary in all, and the largest frame.
    let (mut frames, mut json_total, mut binary_total, mut largest, mut slowest) =
        (0, 0, 0, Vec::new(), 0.0f64);
    let hour_end = engine.console().world.now.0 + 3600;
    while engine.console().world.now.0 < hour_end {
        let started = Instant::now();
        let updates = engine.handle(Request::Frame { elapsed_ms: 16 }, &always);
        slowest = slowest.max(started.elapsed().as_secs_f64() * 1e6);
        frames += 1;
        let size = serde_json::to_vec(&updates).map_or(0, |j| j.len());
        json_total += size;
        binary_total += postcard::to_allocvec(&updates).map_or(0, |b| b.len());
        if size > serde_json::to_vec(&largest).map_or(0, |j| j.len()) {
            largest = updates;
        }
    }
    println!(
        "  a simulated hour at 600x: {frames} frames, JSON {:.0} KB in all, postcard {:.0} KB; slowest frame {slowest:.0} µs",
        json_total as f64 / 1024.0,
        binary_total as f64 / 1024.0,
    );
    report("the hour's largest frame", &largest);
    let line = engine.handle(
        Request::Line {
            text: "aws ecs describe-services --cluster bench --services one --query 'services[0].runningCount'".into(),
        },
        &always,
    );
    report("a console line's updates", &line);
}

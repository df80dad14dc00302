use ecs_sim::console::Console;
fn sizes(v: &serde_json::Value, prefix: &str, out: &mut Vec<(usize, String)>, depth: usize) {
    if let Some(map) = v.as_object() {
        for (k, x) in map {
            let n = serde_json::to_string(x).unwrap().len();
            out.push((n, format!("{prefix}/{k}")));
            if depth > 0 {
                sizes(x, &format!("{prefix}/{k}"), out, depth - 1);
            }
        }
    }
}
fn main() {
    let mut console = Console::default();
    console.run(include_str!("day_world.sh"));
    for day in 1..=3 {
        console.world.advance(ecs_sim::Duration(86_400));
        let v: serde_json::Value = serde_json::from_str(&console.world.to_json()).unwrap();
        let mut out = Vec::new();
        sizes(&v, "", &mut out, 2);
        out.sort_by(|a, b| b.0.cmp(&a.0));
        println!("day {day}:");
        for (n, k) in out.iter().take(14) {
            println!("  {:>8} {k}", n / 1024);
        }
    }
}

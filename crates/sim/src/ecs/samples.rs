//! Ready-made task definitions learners can register or start from: a web
//! server, an API with SSM secrets and a health check, a queue worker with no
//! ports, and an app shipping its logs through a FireLens (Fluent Bit)
//! sidecar. All are valid Fargate definitions in account 123456789012,
//! region ap-northeast-1.

const WEB: &str = include_str!("samples/web.json");
const API: &str = include_str!("samples/api.json");
const WORKER: &str = include_str!("samples/worker.json");
const FIRELENS: &str = include_str!("samples/firelens.json");

static SAMPLES: [(&str, &str); 4] = [
    ("web", WEB),
    ("api", API),
    ("worker", WORKER),
    ("firelens", FIRELENS),
];

/// `(name, RegisterTaskDefinition JSON)` for every sample.
pub fn samples() -> &'static [(&'static str, &'static str)] {
    &SAMPLES
}

/// The JSON of the sample called `name`.
pub fn sample(name: &str) -> Option<&'static str> {
    SAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, json)| *json)
}

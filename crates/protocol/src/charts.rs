//! The charts' data: series of (simulated second, value), marks and a target
//! line, computed by the engine and drawn by the page.

use serde::{Deserialize, Serialize};

/// How much of the past a chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Window {
    Minutes15,
    Hour,
    Hours6,
    All,
}

impl Window {
    pub const ALL: [Window; 4] = [Window::Minutes15, Window::Hour, Window::Hours6, Window::All];

    pub fn seconds(self) -> Option<u64> {
        match self {
            Window::Minutes15 => Some(900),
            Window::Hour => Some(3600),
            Window::Hours6 => Some(6 * 3600),
            Window::All => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Window::Minutes15 => "15m",
            Window::Hour => "1h",
            Window::Hours6 => "6h",
            Window::All => "all",
        }
    }
}

/// What a chart is about (its title comes from the interface text table).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChartKind {
    /// Desired, running and pending tasks of a service (Container Insights).
    TaskCounts {
        service: String,
    },
    TrafficShift {
        deployment: String,
    },
    Scaling {
        service: String,
        metric: String,
    },
    LoadAndHealth {
        load_balancer: String,
    },
    /// p50 and p95 of TargetResponseTime.
    Latency {
        load_balancer: String,
    },
    /// Healthy and unhealthy targets of a target group.
    HealthyHosts {
        target_group: String,
    },
    Utilisation {
        service: String,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub label: String,
    /// CSS class: the colour, and the dash pattern that tells series apart without colour.
    pub class: String,
    /// (simulated seconds, value).
    pub points: Vec<(u64, f64)>,
    /// Drawn as steps (a split or a count holds until it changes).
    pub step: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    pub at: u64,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub kind: ChartKind,
    pub from: u64,
    pub to: u64,
    pub y_max: f64,
    pub unit: String,
    pub series: Vec<Series>,
    pub marks: Vec<Mark>,
    /// A horizontal target line (target tracking's target value).
    pub target: Option<f64>,
}

impl Chart {
    /// The latest value of each series, for the text alternative.
    pub fn latest(&self) -> Vec<(String, f64)> {
        self.series
            .iter()
            .filter_map(|s| s.points.last().map(|p| (s.label.clone(), p.1)))
            .collect()
    }
}

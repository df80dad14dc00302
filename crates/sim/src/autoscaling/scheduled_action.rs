//! Scheduled actions: `at(…)`, `rate(…)` and `cron(…)` schedules (one-minute
//! resolution, UTC or a fixed-offset time zone) that replace a scalable
//! target's min and max capacity when they fire, regardless of cooldowns.

use crate::clock::SimTime;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduledAction {
    pub name: String,
    pub arn: String,
    pub resource_id: String,
    /// As given: `cron(0 9 * * ? *)`, `rate(5 minutes)`, `at(2026-01-01T09:00:00)`.
    pub schedule: String,
    pub timezone: String,
    pub start: Option<SimTime>,
    pub end: Option<SimTime>,
    pub min_capacity: Option<u32>,
    pub max_capacity: Option<u32>,
    pub created_at: SimTime,
}

/// A parsed schedule, matched minute by minute.
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// Minutes since the clock's zero, in the schedule's time zone.
    At(u64),
    Rate(u64),
    Cron(Box<Cron>),
}

/// The six fields of an Application Auto Scaling cron expression, each the
/// set of values it allows (`None`: `*` or `?`).
#[derive(Clone, Debug, PartialEq)]
pub struct Cron {
    minutes: Option<Vec<u32>>,
    hours: Option<Vec<u32>>,
    days_of_month: Option<Vec<u32>>,
    months: Option<Vec<u32>>,
    /// 1 = Sunday … 7 = Saturday, as AWS cron counts.
    days_of_week: Option<Vec<u32>>,
    years: Option<Vec<u32>>,
}

/// Time zones without daylight saving time, by their IANA name: offset in minutes.
const TIME_ZONES: &[(&str, i64)] = &[
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("Etc/GMT", 0),
    ("Asia/Tokyo", 540),
    ("Asia/Seoul", 540),
    ("Asia/Shanghai", 480),
    ("Asia/Singapore", 480),
    ("Asia/Hong_Kong", 480),
    ("Asia/Taipei", 480),
    ("Asia/Kolkata", 330),
    ("Asia/Jakarta", 420),
    ("Asia/Bangkok", 420),
    ("Australia/Brisbane", 600),
];

/// The offset of a supported time zone, in minutes east of UTC.
pub fn timezone_offset(name: &str) -> Result<i64, String> {
    TIME_ZONES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, o)| *o)
        .ok_or_else(|| format!("Unsupported time zone '{name}' in ECS Playground: use UTC or a zone without daylight saving time such as Asia/Tokyo."))
}

fn field(text: &str, low: u32, high: u32, names: &[&str]) -> Result<Option<Vec<u32>>, String> {
    if text == "*" || text == "?" {
        return Ok(None);
    }
    let value = |t: &str| -> Result<u32, String> {
        if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(t)) {
            return Ok(low + i as u32);
        }
        t.parse::<u32>()
            .ok()
            .filter(|v| (low..=high).contains(v))
            .ok_or_else(|| format!("'{t}' is not a value from {low} to {high}"))
    };
    let mut values = Vec::new();
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (
                r,
                s.parse::<u32>()
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| format!("'{s}' is not a step"))?,
            ),
            None => (item, 1),
        };
        let (from, to) = match range {
            "*" => (low, high),
            r => match r.split_once('-') {
                Some((a, b)) => (value(a)?, value(b)?),
                None if step > 1 => (value(r)?, high),
                None => (value(r)?, value(r)?),
            },
        };
        if from > to {
            return Err(format!("'{range}' is an empty range"));
        }
        values.extend((from..=to).step_by(step as usize));
    }
    Ok(Some(values))
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Parses `at(…)`, `rate(…)` or `cron(…)`.
pub fn parse_schedule(text: &str) -> Result<Schedule, String> {
    let inner = |prefix: &str| {
        text.strip_prefix(prefix)
            .and_then(|t| t.strip_suffix(')'))
            .map(str::trim)
    };
    if let Some(at) = inner("at(") {
        let stamp = crate::metrics::parse_timestamp(&format!("{at}Z"))
            .ok_or_else(|| format!("at({at}) must be a time such as at(2026-01-01T09:00:00)"))?;
        return Ok(Schedule::At(stamp.0 / 60));
    }
    if let Some(rate) = inner("rate(") {
        let (n, unit) = rate.split_once(' ').unwrap_or((rate, ""));
        let n: u64 = n
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("rate({rate}) needs a positive whole number"))?;
        let minutes = match (unit, n) {
            ("minute", 1) | ("minutes", _) => 1,
            ("hour", 1) | ("hours", _) => 60,
            ("day", 1) | ("days", _) => 1440,
            _ => {
                return Err(format!(
                    "rate({rate}): the unit is minute(s), hour(s) or day(s), singular only for 1"
                ))
            }
        };
        return Ok(Schedule::Rate(n * minutes));
    }
    if let Some(cron) = inner("cron(") {
        let parts: Vec<&str> = cron.split_whitespace().collect();
        if parts.len() != 6 {
            return Err(format!(
                "cron({cron}) needs six fields: minutes hours day-of-month month day-of-week year"
            ));
        }
        if parts.iter().any(|p| p.contains(['L', 'W', '#'])) {
            return Err(
                "cron expressions with L, W or # are not simulated in ECS Playground".into(),
            );
        }
        if (parts[2] == "?") == (parts[4] == "?") {
            return Err(format!(
                "cron({cron}): exactly one of day-of-month and day-of-week must be '?'"
            ));
        }
        let bad = |e: String| format!("cron({cron}): {e}");
        return Ok(Schedule::Cron(Box::new(Cron {
            minutes: field(parts[0], 0, 59, &[]).map_err(bad)?,
            hours: field(parts[1], 0, 23, &[]).map_err(bad)?,
            days_of_month: field(parts[2], 1, 31, &[]).map_err(bad)?,
            months: field(parts[3], 1, 12, MONTHS).map_err(bad)?,
            days_of_week: field(parts[4], 1, 7, DAYS).map_err(bad)?,
            years: field(parts[5], 1970, 2199, &[]).map_err(bad)?,
        })));
    }
    Err(format!(
        "Schedule '{text}' must be at(…), rate(…) or cron(…)"
    ))
}

impl Schedule {
    /// Whether the schedule fires in the minute starting `local_minute`
    /// (minutes since the clock's zero, in the schedule's time zone);
    /// `anchor` is where a rate counts from.
    pub fn fires(&self, local_minute: u64, anchor: u64) -> bool {
        match self {
            Schedule::At(at) => *at == local_minute,
            Schedule::Rate(every) => {
                local_minute >= anchor && (local_minute - anchor).is_multiple_of(*every)
            }
            Schedule::Cron(cron) => {
                let (year, month, day, hour, minute, weekday) = SimTime(local_minute * 60).civil();
                let ok =
                    |set: &Option<Vec<u32>>, v: u32| set.as_ref().is_none_or(|s| s.contains(&v));
                ok(&cron.minutes, minute)
                    && ok(&cron.hours, hour)
                    && ok(&cron.days_of_month, day)
                    && ok(&cron.months, month)
                    && ok(&cron.days_of_week, weekday + 1)
                    && ok(&cron.years, year as u32)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minute_at(text: &str) -> u64 {
        crate::metrics::parse_timestamp(text).unwrap().0 / 60
    }

    #[test]
    fn cron_fires_at_the_right_minute() {
        // Weekdays at 09:00: 2026-01-01 is a Thursday, 2026-01-03 a Saturday.
        let s = parse_schedule("cron(0 9 ? * MON-FRI *)").unwrap();
        assert!(s.fires(minute_at("2026-01-01T09:00:00Z"), 0));
        assert!(!s.fires(minute_at("2026-01-01T09:01:00Z"), 0));
        assert!(!s.fires(minute_at("2026-01-03T09:00:00Z"), 0));
        let every_15 = parse_schedule("cron(*/15 * * * ? *)").unwrap();
        assert!(every_15.fires(minute_at("2026-01-01T10:45:00Z"), 0));
        assert!(!every_15.fires(minute_at("2026-01-01T10:50:00Z"), 0));
    }

    #[test]
    fn rate_and_at_schedules() {
        let rate = parse_schedule("rate(2 hours)").unwrap();
        assert!(rate.fires(120, 0) && !rate.fires(60, 0) && rate.fires(130, 10));
        let at = parse_schedule("at(2026-01-01T09:00:00)").unwrap();
        assert!(at.fires(9 * 60, 0) && !at.fires(9 * 60 + 1, 0));
    }

    #[test]
    fn malformed_schedules_are_refused() {
        for bad in [
            "cron(0 9 * * * *)",
            "cron(0 9 ? * MON-FRI)",
            "cron(61 9 ? * * *)",
            "cron(0 9 L * ? *)",
            "rate(0 minutes)",
            "rate(5 minute)",
            "at(tomorrow)",
            "every day",
        ] {
            assert!(parse_schedule(bad).is_err(), "{bad}");
        }
        assert!(timezone_offset("America/New_York").is_err());
        assert_eq!(timezone_offset("Asia/Tokyo"), Ok(540));
    }
}

//! Schedule expressions: `at(…)`, `rate(…)` and `cron(…)` (one-minute
//! resolution, UTC or an IANA time zone, daylight saving time included for
//! the US, European and south-east Australian zones), as Application Auto
//! Scaling's scheduled actions and EventBridge Scheduler both take them.
//! Across a DST change the local clock skips or repeats an hour, so a cron
//! time inside it is skipped or fires twice (model).

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

/// When a zone keeps daylight saving time (one hour ahead of its standard offset).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dst {
    Never,
    /// Second Sunday of March 02:00 local to the first Sunday of November 02:00 local.
    UnitedStates,
    /// Last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
    Europe,
    /// First Sunday of October 02:00 local to the first Sunday of April 03:00 local.
    AustraliaSouthEast,
}

/// Supported IANA time zones: standard offset in minutes east of UTC, and DST rule.
const TIME_ZONES: &[(&str, i64, Dst)] = &[
    ("UTC", 0, Dst::Never),
    ("Etc/UTC", 0, Dst::Never),
    ("Etc/GMT", 0, Dst::Never),
    ("Asia/Tokyo", 540, Dst::Never),
    ("Asia/Seoul", 540, Dst::Never),
    ("Asia/Shanghai", 480, Dst::Never),
    ("Asia/Singapore", 480, Dst::Never),
    ("Asia/Hong_Kong", 480, Dst::Never),
    ("Asia/Taipei", 480, Dst::Never),
    ("Asia/Kolkata", 330, Dst::Never),
    ("Asia/Jakarta", 420, Dst::Never),
    ("Asia/Bangkok", 420, Dst::Never),
    ("Australia/Brisbane", 600, Dst::Never),
    ("Australia/Sydney", 600, Dst::AustraliaSouthEast),
    ("Australia/Melbourne", 600, Dst::AustraliaSouthEast),
    ("America/New_York", -300, Dst::UnitedStates),
    ("America/Chicago", -360, Dst::UnitedStates),
    ("America/Denver", -420, Dst::UnitedStates),
    ("America/Los_Angeles", -480, Dst::UnitedStates),
    ("Europe/London", 0, Dst::Europe),
    ("Europe/Dublin", 0, Dst::Europe),
    ("Europe/Paris", 60, Dst::Europe),
    ("Europe/Berlin", 60, Dst::Europe),
    ("Europe/Madrid", 60, Dst::Europe),
    ("Europe/Rome", 60, Dst::Europe),
    ("Europe/Amsterdam", 60, Dst::Europe),
];

fn zone(name: &str) -> Result<(i64, Dst), String> {
    TIME_ZONES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, o, d)| (*o, *d))
        .ok_or_else(|| {
            let names: Vec<&str> = TIME_ZONES.iter().map(|(n, _, _)| *n).collect();
            format!(
                "Unsupported time zone '{name}' in ECS Playground: use one of {}.",
                names.join(", ")
            )
        })
}

/// The standard offset of a supported time zone, in minutes east of UTC.
pub fn timezone_offset(name: &str) -> Result<i64, String> {
    zone(name).map(|(offset, _)| offset)
}

/// Days since 1970-01-01 of a date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day (since 1970) of the `n`th Sunday of a month; `n = 0`: the last one.
fn sunday(year: i64, month: u32, n: i64) -> i64 {
    let weekday = |days: i64| (days + 4).rem_euclid(7); // 1970-01-01 was a Thursday.
    if n == 0 {
        let next_month = if month == 12 {
            days_from_civil(year + 1, 1, 1)
        } else {
            days_from_civil(year, month + 1, 1)
        };
        let last = next_month - 1;
        last - weekday(last)
    } else {
        let first = days_from_civil(year, month, 1);
        first + (7 - weekday(first)) % 7 + 7 * (n - 1)
    }
}

/// The offset in force at `utc_minute` (minutes since the clock's zero), DST included.
pub fn offset_at(name: &str, utc_minute: u64) -> i64 {
    let Ok((standard, rule)) = zone(name) else {
        return 0;
    };
    let minute = (crate::clock::EPOCH_UNIX_SECONDS / 60) as i64 + utc_minute as i64;
    let year = crate::clock::SimTime(utc_minute.saturating_mul(60))
        .civil()
        .0;
    // Transitions as minutes since 1970 in UTC.
    let at = |day: i64, minutes_utc: i64| day * 1440 + minutes_utc;
    let summer = match rule {
        Dst::Never => false,
        Dst::UnitedStates => {
            let start = at(sunday(year, 3, 2), 120 - standard);
            let end = at(sunday(year, 11, 1), 120 - (standard + 60));
            (start..end).contains(&minute)
        }
        Dst::Europe => {
            let start = at(sunday(year, 3, 0), 60);
            let end = at(sunday(year, 10, 0), 60);
            (start..end).contains(&minute)
        }
        Dst::AustraliaSouthEast => {
            let end = at(sunday(year, 4, 1), 180 - (standard + 60));
            let start = at(sunday(year, 10, 1), 120 - standard);
            minute < end || minute >= start
        }
    };
    standard + if summer { 60 } else { 0 }
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
        return n
            .checked_mul(minutes)
            .map(Schedule::Rate)
            .ok_or_else(|| format!("rate({rate}) is too long"));
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
    /// Whether the schedule fires in the UTC minute `minute` (minutes since the
    /// clock's zero). cron() and at() read the wall clock of `timezone`, which
    /// west of UTC is still the previous day at the clock's zero; rate() counts
    /// fixed durations from `anchor` (a UTC minute) whatever the zone, so a
    /// change of daylight saving time does not shift it.
    pub fn fires_at(&self, timezone: &str, anchor: u64, minute: u64) -> bool {
        let local = i64::try_from(minute)
            .unwrap_or(i64::MAX / 2)
            .saturating_add(offset_at(timezone, minute));
        match self {
            Schedule::At(at) => i64::try_from(*at).is_ok_and(|at| at == local),
            Schedule::Rate(every) => minute >= anchor && (minute - anchor).is_multiple_of(*every),
            Schedule::Cron(cron) => {
                let (year, month, day, hour, minute, weekday) = local_civil(local);
                let ok =
                    |set: &Option<Vec<u32>>, v: u32| set.as_ref().is_none_or(|s| s.contains(&v));
                ok(&cron.minutes, minute)
                    && ok(&cron.hours, hour)
                    && ok(&cron.days_of_month, day)
                    && ok(&cron.months, month)
                    && ok(&cron.days_of_week, weekday + 1)
                    && u32::try_from(year).is_ok_and(|y| ok(&cron.years, y))
            }
        }
    }

    /// [`fires_at`](Self::fires_at) in UTC.
    pub fn fires(&self, minute: u64, anchor: u64) -> bool {
        self.fires_at("UTC", anchor, minute)
    }
}

/// (year, month, day, hour, minute, weekday with 0 = Sunday) of a wall-clock
/// minute counted from the clock's zero (negative: before it).
fn local_civil(local_minute: i64) -> (i64, u32, u32, u32, u32, u32) {
    let unix_minutes = (crate::clock::EPOCH_UNIX_SECONDS / 60) as i64 + local_minute;
    let days = unix_minutes.div_euclid(1440);
    let rest = unix_minutes.rem_euclid(1440);
    let (year, month, day) = crate::clock::civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = (days + 4).rem_euclid(7) as u32;
    (
        year,
        month,
        day,
        (rest / 60) as u32,
        (rest % 60) as u32,
        weekday,
    )
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
    fn zones_west_of_utc_start_on_the_previous_day() {
        // At the clock's zero (2026-01-01 00:00 UTC) New York reads 2025-12-31 19:00.
        let hourly = parse_schedule("cron(0 * * * ? *)").unwrap();
        let fired: Vec<u64> = (0..300)
            .filter(|m| hourly.fires_at("America/New_York", 0, *m))
            .collect();
        assert_eq!(fired, vec![0, 60, 120, 180, 240]);
        let new_year = parse_schedule("cron(0 0 1 1 ? *)").unwrap();
        assert!(new_year.fires_at("America/New_York", 0, 300));
        assert!(!new_year.fires_at("America/New_York", 0, 0));
        // A rate counts UTC minutes from its anchor: every 10 minutes, not every minute.
        let rate = parse_schedule("rate(10 minutes)").unwrap();
        let fired = (0..60)
            .filter(|m| rate.fires_at("America/Los_Angeles", 0, *m))
            .count();
        assert_eq!(fired, 6);
        let at = parse_schedule("at(2025-12-31T20:00:00)").unwrap();
        assert!(!at.fires_at("America/New_York", 0, 0));
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
        assert!(timezone_offset("America/Nowhere").is_err());
        assert_eq!(timezone_offset("Asia/Tokyo"), Ok(540));
    }

    /// Minutes since the clock's zero (2026-01-01T00:00Z) of a UTC date and time.
    fn utc(month: u32, day: u32, hour: i64, minute: i64) -> u64 {
        let days = days_from_civil(2026, month, day) - days_from_civil(2026, 1, 1);
        (days * 1440 + hour * 60 + minute) as u64
    }

    #[test]
    fn daylight_saving_time_starts_and_ends_on_the_right_minute() {
        // 2026: US DST from Sunday 8 March 07:00 UTC (02:00 EST) to Sunday 1 November 06:00 UTC.
        assert_eq!(offset_at("America/New_York", utc(3, 8, 6, 59)), -300);
        assert_eq!(offset_at("America/New_York", utc(3, 8, 7, 0)), -240);
        assert_eq!(offset_at("America/New_York", utc(11, 1, 5, 59)), -240);
        assert_eq!(offset_at("America/New_York", utc(11, 1, 6, 0)), -300);
        assert_eq!(offset_at("America/Los_Angeles", utc(7, 1, 12, 0)), -420);
        // EU: Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
        assert_eq!(offset_at("Europe/London", utc(3, 29, 0, 59)), 0);
        assert_eq!(offset_at("Europe/London", utc(3, 29, 1, 0)), 60);
        assert_eq!(offset_at("Europe/Berlin", utc(10, 25, 0, 59)), 120);
        assert_eq!(offset_at("Europe/Berlin", utc(10, 25, 1, 0)), 60);
        // South-east Australia: summer time in January, standard in July;
        // it ends Sunday 5 April 03:00 local (16:00 UTC the day before).
        assert_eq!(offset_at("Australia/Sydney", utc(1, 15, 0, 0)), 660);
        assert_eq!(offset_at("Australia/Sydney", utc(4, 4, 15, 59)), 660);
        assert_eq!(offset_at("Australia/Sydney", utc(4, 4, 16, 0)), 600);
        assert_eq!(offset_at("Australia/Sydney", utc(7, 1, 0, 0)), 600);
        // And never for Tokyo.
        assert_eq!(offset_at("Asia/Tokyo", utc(7, 1, 0, 0)), 540);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2026, 1, 1) * 86_400,
            crate::clock::EPOCH_UNIX_SECONDS as i64
        );
    }
}

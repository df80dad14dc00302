//! Simulated time: an instant on the world's clock and a duration between two.
//!
//! Time is kept in whole seconds: every mechanism the playground models (health
//! checks, traffic shifts, scaling alarms) works on second granularity, and an
//! integer clock keeps the simulation exactly reproducible.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An instant on the simulated clock, in seconds since the world was created.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// A span of simulated time, in seconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Duration(pub u64);

impl Duration {
    pub const fn seconds(s: u64) -> Self {
        Duration(s)
    }
    pub const fn minutes(m: u64) -> Self {
        Duration(m * 60)
    }
    pub const fn hours(h: u64) -> Self {
        Duration(h * 3600)
    }
    pub const fn as_seconds(self) -> u64 {
        self.0
    }

    /// Parses the durations learners type in `sim advance`: a whole number with an
    /// optional unit `s`, `m`, `h` or `d` (`90`, `30s`, `5m`, `2h`, `1d`), or several
    /// joined together (`1h30m`). A bare number means seconds.
    pub fn parse(text: &str) -> Result<Self, ParseDurationError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParseDurationError::Empty);
        }
        let mut total: u64 = 0;
        let mut digits = String::new();
        let mut saw_unit_last = false;
        for ch in text.chars() {
            if ch.is_ascii_digit() {
                digits.push(ch);
                saw_unit_last = false;
                continue;
            }
            let factor = match ch.to_ascii_lowercase() {
                's' => 1,
                'm' => 60,
                'h' => 3600,
                'd' => 86_400,
                _ => return Err(ParseDurationError::Invalid(text.to_string())),
            };
            if digits.is_empty() {
                return Err(ParseDurationError::Invalid(text.to_string()));
            }
            total = digits
                .parse::<u64>()
                .ok()
                .and_then(|n| n.checked_mul(factor))
                .and_then(|n| total.checked_add(n))
                .ok_or_else(|| ParseDurationError::TooLarge(text.to_string()))?;
            digits.clear();
            saw_unit_last = true;
        }
        if !saw_unit_last {
            total = digits
                .parse::<u64>()
                .ok()
                .and_then(|n| total.checked_add(n))
                .ok_or_else(|| ParseDurationError::TooLarge(text.to_string()))?;
        }
        if total > MAX_DURATION.0 {
            return Err(ParseDurationError::TooLarge(text.to_string()));
        }
        Ok(Duration(total))
    }
}

/// The longest single step anyone can ask for: a simulated year. Longer requests
/// are almost certainly typos and would only freeze the page.
pub const MAX_DURATION: Duration = Duration(366 * 86_400);

/// How far a world's clock can run: a century, far past any lesson and far
/// from overflowing the model's arithmetic on times (milliseconds, minutes × 60).
/// A saved world whose clock is beyond it is refused as corrupt.
pub const MAX_WORLD_AGE: Duration = Duration(100 * 366 * 86_400);

/// Why a duration could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseDurationError {
    Empty,
    Invalid(String),
    TooLarge(String),
}

impl fmt::Display for ParseDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseDurationError::Empty => write!(f, "a duration is required, e.g. 30s, 5m or 2h"),
            ParseDurationError::Invalid(t) => {
                write!(
                    f,
                    "invalid duration '{t}': use a number with s, m, h or d, e.g. 30s, 5m, 1h30m"
                )
            }
            ParseDurationError::TooLarge(t) => {
                write!(
                    f,
                    "duration '{t}' is too large: at most 366d can be simulated in one step"
                )
            }
        }
    }
}

impl std::error::Error for ParseDurationError {}

/// The wall-clock instant the simulated clock's zero stands for: 2026-01-01T00:00:00Z.
/// Zero at midnight UTC makes the clock read as the time of day, which is what
/// scheduled actions and daily load curves are written against.
pub const EPOCH_UNIX_SECONDS: u64 = 1_767_225_600;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    /// (year, month, day, hour, minute, weekday with 0 = Sunday) in UTC.
    pub fn civil(self) -> (i64, u32, u32, u32, u32, u32) {
        let unix = EPOCH_UNIX_SECONDS.saturating_add(self.0);
        let days = (unix / 86_400) as i64;
        let rest = unix % 86_400;
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday.
        let weekday = ((days + 4).rem_euclid(7)) as u32;
        (
            year,
            month,
            day,
            (rest / 3600) as u32,
            ((rest % 3600) / 60) as u32,
            weekday,
        )
    }

    /// The instant as AWS prints timestamps: `2026-01-01T00:05:00+00:00`.
    pub fn to_iso8601(self) -> String {
        let unix = EPOCH_UNIX_SECONDS.saturating_add(self.0);
        let days = (unix / 86_400) as i64;
        let rest = unix % 86_400;
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
            rest / 3600,
            (rest % 3600) / 60,
            rest % 60
        )
    }

    /// The instant `d` later, saturating rather than overflowing.
    pub fn plus(self, d: Duration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }

    /// The time elapsed since `earlier`, zero if `earlier` is in the future.
    pub fn since(self, earlier: SimTime) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }
}

/// Shown as the clock reads in the toolbar: `HH:MM:SS`, with a day prefix
/// (`d2 03:04:05`) once the world has run for more than a day.
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0 / 86_400;
        let rest = self.0 % 86_400;
        let (h, m, s) = (rest / 3600, (rest % 3600) / 60, rest % 60);
        if days > 0 {
            write!(f, "d{days} {h:02}:{m:02}:{s:02}")
        } else {
            write!(f, "{h:02}:{m:02}:{s:02}")
        }
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_units_learners_type() {
        assert_eq!(Duration::parse("90"), Ok(Duration(90)));
        assert_eq!(Duration::parse("30s"), Ok(Duration(30)));
        assert_eq!(Duration::parse("5m"), Ok(Duration(300)));
        assert_eq!(Duration::parse("2h"), Ok(Duration(7200)));
        assert_eq!(Duration::parse("1d"), Ok(Duration(86_400)));
        assert_eq!(Duration::parse("1h30m"), Ok(Duration(5400)));
        assert_eq!(Duration::parse(" 2M "), Ok(Duration(120)));
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        assert_eq!(Duration::parse(""), Err(ParseDurationError::Empty));
        assert!(matches!(
            Duration::parse("m"),
            Err(ParseDurationError::Invalid(_))
        ));
        assert!(matches!(
            Duration::parse("5 minutes"),
            Err(ParseDurationError::Invalid(_))
        ));
        assert!(matches!(
            Duration::parse("-5s"),
            Err(ParseDurationError::Invalid(_))
        ));
        assert!(matches!(
            Duration::parse("99999999999999999999s"),
            Err(ParseDurationError::TooLarge(_))
        ));
        assert!(matches!(
            Duration::parse("367d"),
            Err(ParseDurationError::TooLarge(_))
        ));
    }

    #[test]
    fn clock_reads_hours_minutes_seconds() {
        assert_eq!(SimTime(0).to_string(), "00:00:00");
        assert_eq!(SimTime(3725).to_string(), "01:02:05");
        assert_eq!(
            SimTime(2 * 86_400 + 3 * 3600 + 4 * 60 + 5).to_string(),
            "d2 03:04:05"
        );
    }

    #[test]
    fn timestamps_start_on_new_year_2026() {
        assert_eq!(SimTime(0).to_iso8601(), "2026-01-01T00:00:00+00:00");
        assert_eq!(
            SimTime(59 * 86_400 + 3661).to_iso8601(),
            "2026-03-01T01:01:01+00:00"
        );
        assert_eq!(
            SimTime(365 * 86_400).to_iso8601(),
            "2027-01-01T00:00:00+00:00"
        );
    }

    #[test]
    fn arithmetic_saturates() {
        assert_eq!(SimTime(u64::MAX).plus(Duration(5)), SimTime(u64::MAX));
        assert_eq!(SimTime(5).since(SimTime(10)), Duration(0));
        assert_eq!(SimTime(10).since(SimTime(4)), Duration(6));
    }
}

//! Calendar periods (`2026Q1`, `2026-03`) and durations (`2q`, `18mo`, `3y`).
//!
//! A plan runs on quarters or months. Periods are written the way planners
//! write them and stored as a month count since year 0 so that arithmetic
//! (lead times, tenors, useful lives) is exact whatever the granularity.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A calendar period: a quarter (`2026Q1`) or a month (`2026-03`).
///
/// Stored as the index of its first month (`year * 12 + month0`) plus its
/// length, so a quarter and the month it starts with compare by start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// Months since year 0 of the first month of the period.
    pub start_month: i64,
    /// `true` for a quarter, `false` for a month.
    pub quarter: bool,
}

impl Period {
    pub fn year(&self) -> i64 {
        self.start_month.div_euclid(12)
    }

    /// The period `n` steps of `step_months` after this one, in the same granularity.
    pub fn plus_months(&self, months: i64) -> Period {
        Period {
            start_month: self.start_month + months,
            quarter: self.quarter,
        }
    }

    pub fn months(&self) -> i64 {
        if self.quarter {
            3
        } else {
            1
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let year = self.year();
        let month0 = self.start_month.rem_euclid(12);
        if self.quarter {
            write!(f, "{year}Q{}", month0 / 3 + 1)
        } else {
            write!(f, "{year}-{:02}", month0 + 1)
        }
    }
}

/// Why a period string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadPeriod(pub String);

impl fmt::Display for BadPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a period; write a quarter like `2026Q1` or a month like `2026-03`",
            self.0
        )
    }
}

impl std::str::FromStr for Period {
    type Err = BadPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod(s.to_string());
        let t = s.trim();
        let year_ok = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
        if let Some((y, q)) = t.split_once(['Q', 'q']) {
            if !year_ok(y) || q.len() != 1 {
                return Err(bad());
            }
            let year: i64 = y.parse().map_err(|_| bad())?;
            let q: i64 = q.parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) || !(1900..=2200).contains(&year) {
                return Err(bad());
            }
            return Ok(Period {
                start_month: year * 12 + (q - 1) * 3,
                quarter: true,
            });
        }
        if let Some((y, m)) = t.split_once('-') {
            if !year_ok(y) || m.len() != 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            let year: i64 = y.parse().map_err(|_| bad())?;
            let m: i64 = m.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&m) || !(1900..=2200).contains(&year) {
                return Err(bad());
            }
            return Ok(Period {
                start_month: year * 12 + m - 1,
                quarter: false,
            });
        }
        Err(bad())
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Period {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(Q[1-4]|-(0[1-9]|1[0-2]))$",
            "description": "A quarter like `2026Q1` or a month like `2026-03`.",
            "examples": ["2026Q1", "2027-06"]
        })
    }
}

/// A span of time: `2q` (quarters), `18mo` (months), `3y` (years).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duration {
    pub months: i64,
}

impl Duration {
    pub fn from_months(months: i64) -> Self {
        Duration { months }
    }

    /// Whole periods of `period_months` this duration spans, rounded up:
    /// a 2-month lead time on a quarterly plan costs one whole quarter.
    pub fn periods(&self, period_months: i64) -> usize {
        (self.months.max(0) + period_months - 1).div_euclid(period_months) as usize
    }

    pub fn years(&self) -> f64 {
        self.months as f64 / 12.0
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.months % 12 == 0 && self.months != 0 {
            write!(f, "{}y", self.months / 12)
        } else if self.months % 3 == 0 && self.months != 0 {
            write!(f, "{}q", self.months / 3)
        } else {
            write!(f, "{}mo", self.months)
        }
    }
}

/// Why a duration string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDuration(pub String);

impl fmt::Display for BadDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a duration; write `2q` (quarters), `18mo` (months) or `3y` (years)",
            self.0
        )
    }
}

impl std::str::FromStr for Duration {
    type Err = BadDuration;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDuration(s.to_string());
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (n, unit) = t.split_at(split);
        let n: i64 = n.parse().map_err(|_| bad())?;
        if n > 12 * 100 {
            return Err(bad());
        }
        let months = match unit {
            "y" | "yr" | "years" | "year" => n * 12,
            "q" | "quarters" | "quarter" => n * 3,
            "mo" | "months" | "month" => n,
            _ => return Err(bad()),
        };
        Ok(Duration { months })
    }
}

impl Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+(y|q|mo)$",
            "description": "A duration: `2q` (quarters), `18mo` (months) or `3y` (years).",
            "examples": ["2q", "18mo", "3y"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_and_months_round_trip() {
        for s in ["2026Q1", "2031Q4", "2026-03", "2027-12"] {
            let p: Period = s.parse().unwrap();
            assert_eq!(p.to_string(), s);
        }
        let q: Period = "2026Q2".parse().unwrap();
        assert_eq!(q.start_month, 2026 * 12 + 3);
    }

    #[test]
    fn bad_periods_are_rejected() {
        for s in [
            "2026Q5", "2026Q0", "26Q1", "2026-13", "2026", "Q1", "", "2026-001", "2026Q01",
            "+2026Q1", "2026-3",
        ] {
            assert!(s.parse::<Period>().is_err(), "{s}");
        }
    }

    #[test]
    fn durations_round_up_to_whole_periods() {
        let d: Duration = "2q".parse().unwrap();
        assert_eq!(d.periods(3), 2);
        let d: Duration = "18mo".parse().unwrap();
        assert_eq!(d.periods(3), 6);
        let d: Duration = "2mo".parse().unwrap();
        assert_eq!(d.periods(3), 1);
        let d: Duration = "3y".parse().unwrap();
        assert_eq!(d.periods(3), 12);
        assert_eq!(d.periods(1), 36);
        assert!("3d".parse::<Duration>().is_err());
        assert!("y".parse::<Duration>().is_err());
    }
}

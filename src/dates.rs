//! Calendar dates as notes write them (`YYYY-MM-DD`) and ISO weeks (`GGGG-Www`).

use jiff::civil::{Date, ISOWeekDate, Weekday};

/// Parse a date that must have the exact shape `YYYY-MM-DD` and exist.
///
/// jiff alone accepts `20260105` and datetimes, so the shape is checked first.
pub fn parse_ymd(s: &str) -> Result<Date, String> {
    if !is_ymd_shape(s) {
        return Err(format!(
            "`{s}` is not a date: expected a real date as YYYY-MM-DD"
        ));
    }
    let year: i16 = s[0..4].parse().map_err(|_| bad(s))?;
    let month: i8 = s[5..7].parse().map_err(|_| bad(s))?;
    let day: i8 = s[8..10].parse().map_err(|_| bad(s))?;
    Date::new(year, month, day).map_err(|_| {
        format!("`{s}` does not exist in the calendar: expected a real date as YYYY-MM-DD")
    })
}

/// Whether `s` has the shape `YYYY-MM-DD` (ten characters, digits and two dashes), whether
/// or not the date exists.
pub fn is_ymd_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn bad(s: &str) -> String {
    format!("`{s}` is not a date: expected a real date as YYYY-MM-DD")
}

/// An ISO 8601 week: the week-year and the week number (1..=53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    /// The ISO week-year, which differs from the calendar year around New Year.
    pub year: i16,
    /// The week number.
    pub week: i8,
}

impl IsoWeek {
    /// The ISO week a date falls in.
    pub fn of(date: Date) -> Self {
        let w = date.iso_week_date();
        IsoWeek {
            year: w.year(),
            week: w.week(),
        }
    }

    /// Parse `2026-W48` (also `2026W48`, lowercase `w`); a week the year lacks is an error.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let (y, w) = t
            .split_once(['W', 'w'])
            .ok_or_else(|| format!("`{s}` is not an ISO week: expected YYYY-Www, e.g. 2026-W48"))?;
        let y = y.strip_suffix('-').unwrap_or(y);
        let bad = || format!("`{s}` is not an ISO week: expected YYYY-Www, e.g. 2026-W48");
        if y.len() != 4 || !y.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        if w.is_empty() || w.len() > 2 || !w.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let week: i8 = w.parse().map_err(|_| bad())?;
        let weeks = weeks_in_year(year).ok_or_else(bad)?;
        if week < 1 || week > weeks {
            return Err(format!(
                "{year} has {weeks} ISO weeks: there is no week {week} (`{s}`)"
            ));
        }
        Ok(IsoWeek { year, week })
    }

    /// The Monday that starts the week.
    pub fn monday(self) -> Date {
        ISOWeekDate::new(self.year, self.week, Weekday::Monday)
            .map(|d| d.date())
            .unwrap_or(Date::MIN)
    }

    /// The Sunday that ends the week.
    pub fn sunday(self) -> Date {
        ISOWeekDate::new(self.year, self.week, Weekday::Sunday)
            .map(|d| d.date())
            .unwrap_or(Date::MAX)
    }
}

impl std::fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-W{:02}", self.year, self.week)
    }
}

/// How many ISO weeks (52 or 53) a week-year has.
pub fn weeks_in_year(year: i16) -> Option<i8> {
    // December 28th is always in the last ISO week of its year.
    Date::new(year, 12, 28)
        .ok()
        .map(|d| d.iso_week_date().week())
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

/// `date` plus `days` days, saturating at the calendar's ends.
pub fn add_days(date: Date, days: i64) -> Date {
    // `Span::days` panics past ±7,304,484 days; a commit dated `@9999999999999` gets there.
    jiff::Span::new()
        .try_days(days)
        .ok()
        .and_then(|s| date.checked_add(s).ok())
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// Today's date in the local time zone.
pub fn today_local() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Seconds since the epoch of `day` at 00:00 UTC.
pub fn day_start_secs(day: Date) -> i64 {
    days_between(jiff::civil::date(1970, 1, 1), day) * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn add_days_saturates_past_what_a_span_holds() {
        // A commit dated `@9999999999999` is 115,740,740 days after 1970.
        assert_eq!(add_days(date(1970, 1, 1), 115_740_740), Date::MAX);
        assert_eq!(add_days(date(1970, 1, 1), -115_740_740), Date::MIN);
        assert_eq!(add_days(date(1970, 1, 1), i64::MAX), Date::MAX);
        assert_eq!(add_days(date(2026, 11, 20), 4), date(2026, 11, 24));
    }

    #[test]
    fn front_matter_and_arguments_share_one_ymd_shape() {
        for ok in ["2026-11-24", "2026-02-30", "0000-00-00"] {
            assert!(is_ymd_shape(ok), "{ok}");
        }
        for bad in [
            "20261124",
            "2026-1-24",
            "2026-11-24T00",
            "2026/11/24",
            "２０２６-11-24",
        ] {
            assert!(!is_ymd_shape(bad), "{bad}");
        }
        assert!(
            parse_ymd("2026-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
    }

    #[test]
    fn shape_is_checked_before_jiff() {
        assert!(parse_ymd("2026-11-20").is_ok());
        for bad in [
            "20260105",
            "2026-01-05T10:00",
            "next tuesday",
            "2026-1-05",
            "",
        ] {
            assert!(parse_ymd(bad).unwrap_err().contains("YYYY-MM-DD"), "{bad}");
        }
        assert!(
            parse_ymd("2026-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(parse_ymd("2026-13-01").is_err());
    }

    #[test]
    fn iso_week_years_are_exact() {
        assert_eq!(IsoWeek::of(date(2026, 12, 31)).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(date(2027, 1, 1)).to_string(), "2026-W53");
        assert_eq!(IsoWeek::of(date(2021, 1, 1)).to_string(), "2020-W53");
        assert_eq!(
            IsoWeek::parse("2020-W53").unwrap().monday(),
            date(2020, 12, 28)
        );
        assert_eq!(
            IsoWeek::parse("2026-W53").unwrap().sunday(),
            date(2027, 1, 3)
        );
        assert_eq!(
            IsoWeek::parse("2027-W53").unwrap_err(),
            "2027 has 52 ISO weeks: there is no week 53 (`2027-W53`)"
        );
        assert!(
            IsoWeek::parse("2025-W53")
                .unwrap_err()
                .contains("2025 has 52 ISO weeks")
        );
        assert!(IsoWeek::parse("2026-48").is_err());
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(days_between(date(2026, 12, 28), date(2027, 1, 3)), 6);
        assert_eq!(add_days(date(2026, 12, 31), 1), date(2027, 1, 1));
    }
}

//! Calendar dates: parsed and compared as dates, written the way each language writes them.

use std::fmt;

use jiff::civil::Date as CivilDate;

use super::localized::Lang;

/// A calendar date (proleptic Gregorian), without time or zone.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(CivilDate);

impl Date {
    /// The date `year-month-day`, if it exists.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        CivilDate::new(year, month, day).ok().map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        // ISO 8601 calendar dates only: jiff also accepts other forms we do not want here.
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return None;
        }
        text.parse::<CivilDate>().ok().map(Date)
    }

    /// A TOML date value (no time, no offset), if it is a real date.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        if value.time.is_some() || value.offset.is_some() {
            return None;
        }
        let d = value.date?;
        Date::new(
            i16::try_from(d.year).ok()?,
            i8::try_from(d.month).ok()?,
            i8::try_from(d.day).ok()?,
        )
    }

    /// The UTC date of a Unix time in seconds.
    pub fn of_unix_seconds(seconds: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        Some(Date(ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()))
    }

    /// Today, in UTC.
    pub fn today_utc() -> Date {
        Date(
            jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date(),
        )
    }

    /// The number of days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        let span = self.0.until(later.0).unwrap_or_default();
        i64::from(span.get_days())
    }

    /// The date as the language writes it: 2024年3月12日; March 12, 2024.
    pub fn localized(self, lang: Lang) -> String {
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        match lang {
            Lang::Ja => format!("{y}年{m}月{d}日"),
            Lang::En => {
                const MONTHS: [&str; 12] = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ];
                let month = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
                format!("{month} {d}, {y}")
            }
        }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a YYYY-MM-DD date")))
    }
}

#[cfg(feature = "engine")]
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_map_to_utc_dates() {
        let d = |s| Date::of_unix_seconds(s).unwrap().to_string();
        assert_eq!(d(0), "1970-01-01");
        assert_eq!(d(86_399), "1970-01-01");
        assert_eq!(d(951_782_400), "2000-02-29");
        assert_eq!(d(1_686_873_600), "2023-06-16");
        assert_eq!(d(-1), "1969-12-31");
    }

    #[test]
    fn only_real_calendar_dates_parse() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-1-01").is_none());
        assert!(Date::parse("tomorrow").is_none());
        assert!(Date::parse("2024-03-12").unwrap() < Date::parse("2024-03-13").unwrap());
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let d = Date::parse("2024-03-12").unwrap();
        assert_eq!(d.localized(Lang::Ja), "2024年3月12日");
        assert_eq!(d.localized(Lang::En), "March 12, 2024");
        assert_eq!(d.days_until(Date::parse("2024-04-11").unwrap()), 30);
    }
}

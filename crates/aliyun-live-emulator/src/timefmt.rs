//! The service's one timestamp format, `YYYY-MM-DDThh:mm:ssZ` (UTC).

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Parses `YYYY-MM-DDThh:mm:ssZ` strictly (no fractions, no offsets), like
/// the service's `Timestamp` check.
pub fn parse(s: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(s, FORMAT)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// Formats as `YYYY-MM-DDThh:mm:ssZ`.
pub fn format(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    // Formatting a valid date with this description cannot fail for years
    // 0..=9999; fall back to RFC 3339-ish text if it ever did.
    t.format(FORMAT).unwrap_or_else(|_| t.to_string())
}

/// `YYYYMMDD`, the date key of the daily monitoring data.
pub fn format_date(t: OffsetDateTime) -> String {
    format!("{:04}{:02}{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Where the emulator takes "now" from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A fixed instant: lets tests replay requests with old timestamps
    /// (such as the reference's 2017 signature example).
    Fixed(OffsetDateTime),
}

impl Clock {
    /// The current instant, truncated to whole seconds.
    pub fn now(&self) -> OffsetDateTime {
        let t = match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(t) => *t,
        };
        t.replace_nanosecond(0).unwrap_or(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_strictness() {
        let t = parse("2017-06-14T09:51:14Z").expect("valid");
        assert_eq!(t.unix_timestamp(), 1_497_433_874);
        assert_eq!(format(t), "2017-06-14T09:51:14Z");
        assert_eq!(format_date(t), "20170614");
        for bad in [
            "2017-06-14 09:51:14Z",
            "2017-06-14T09:51:14",
            "2017-06-14T09:51:14+08:00",
            "2017-12-22T08:00:00:00Z",
            "2017-13-14T09:51:14Z",
            "",
        ] {
            assert!(parse(bad).is_none(), "{bad} should be rejected");
        }
    }
}

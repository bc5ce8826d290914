//! UTC timestamps as the API writes them (`YYYY-MM-DDThh:mm:ssZ`).

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use time::{Date, Month, OffsetDateTime, Time, UtcOffset};

/// Smallest supported instant, 0000-01-01T00:00:00Z.
const MIN_UNIX: i64 = -62_167_219_200;
/// Largest supported instant, 9999-12-31T23:59:59Z.
const MAX_UNIX: i64 = 253_402_300_799;
/// Epoch numbers above this magnitude are taken as milliseconds (in seconds
/// it would be past the year 5000, which the API never returns).
const MILLIS_THRESHOLD: i64 = 100_000_000_000;

/// An instant with one-second precision, always in UTC, years 0000–9999.
///
/// Displays (and serializes) as `YYYY-MM-DDThh:mm:ssZ`, the format of the
/// API's `Timestamp` and time parameters. Parsing and deserialization are
/// lenient (see [`Timestamp::parse`] and the `Deserialize` impl).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// Why a string is not a valid timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid timestamp {input:?}: {reason} (expected YYYY-MM-DDThh:mm:ssZ)")]
pub struct ParseTimestampError {
    input: String,
    reason: &'static str,
}

impl Timestamp {
    /// The current time (truncated to the second).
    pub fn now() -> Self {
        // Clamped like every other constructor, so a wildly wrong system
        // clock cannot produce a timestamp outside years 0000-9999.
        Self(
            OffsetDateTime::now_utc()
                .unix_timestamp()
                .clamp(MIN_UNIX, MAX_UNIX),
        )
    }

    /// The instant `secs` seconds after 1970-01-01T00:00:00Z, if it lies in
    /// years 0000–9999.
    pub fn from_unix(secs: i64) -> Option<Self> {
        (MIN_UNIX..=MAX_UNIX).contains(&secs).then_some(Self(secs))
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix(self) -> i64 {
        self.0
    }

    /// Parses an ISO 8601 / RFC 3339 date-time and converts it to UTC.
    ///
    /// Accepted: `2017-06-14T09:51:14Z`; without seconds (`2017-06-14T09:51Z`,
    /// which the API uses in some responses); fractional seconds (truncated);
    /// offsets (`+08:00`, `+0800`, `-05:00`); `t`/`z` in lower case; a space
    /// instead of `T`; a bare date (midnight UTC). A date-time without any
    /// offset is taken as UTC.
    pub fn parse(s: &str) -> Result<Self, ParseTimestampError> {
        parse(s.trim()).map_err(|reason| ParseTimestampError {
            input: excerpt(s),
            reason,
        })
    }

    /// `self + d` (whole seconds), or `None` past 9999-12-31T23:59:59Z.
    pub fn checked_add(self, d: Duration) -> Option<Self> {
        let secs = i64::try_from(d.as_secs()).ok()?;
        Self::from_unix(self.0.checked_add(secs)?)
    }

    /// `self - d` (whole seconds), or `None` before 0000-01-01T00:00:00Z.
    pub fn checked_sub(self, d: Duration) -> Option<Self> {
        let secs = i64::try_from(d.as_secs()).ok()?;
        Self::from_unix(self.0.checked_sub(secs)?)
    }

    /// Converts to a `time::OffsetDateTime` in UTC.
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        // The range is checked on construction, and is within `time`'s.
        OffsetDateTime::from_unix_timestamp(self.0).expect("Timestamp is always in range")
    }
}

fn excerpt(s: &str) -> String {
    let mut end = s.len().min(64);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_owned()
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn digits(&mut self, n: usize, what: &'static str) -> Result<u32, &'static str> {
        let Some(d) = self.b.get(self.i..self.i + n) else {
            return Err(what);
        };
        if !d.iter().all(u8::is_ascii_digit) {
            return Err(what);
        }
        self.i += n;
        Ok(d.iter().fold(0, |acc, c| acc * 10 + u32::from(c - b'0')))
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: u8, what: &'static str) -> Result<(), &'static str> {
        if self.eat(c) { Ok(()) } else { Err(what) }
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
}

fn parse(s: &str) -> Result<Timestamp, &'static str> {
    let mut c = Cursor {
        b: s.as_bytes(),
        i: 0,
    };
    let year = c.digits(4, "bad year")?;
    c.expect(b'-', "expected '-' after the year")?;
    let month = c.digits(2, "bad month")?;
    c.expect(b'-', "expected '-' after the month")?;
    let day = c.digits(2, "bad day")?;
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or("month out of range")?;
    let date =
        Date::from_calendar_date(year as i32, month, day as u8).map_err(|_| "day out of range")?;
    let (mut h, mut mi, mut sec) = (0, 0, 0);
    let mut offset = UtcOffset::UTC;
    if c.peek().is_some() {
        if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
            return Err("expected 'T' after the date");
        }
        h = c.digits(2, "bad hour")?;
        c.expect(b':', "expected ':' after the hour")?;
        mi = c.digits(2, "bad minute")?;
        if c.eat(b':') {
            sec = c.digits(2, "bad second")?;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.i;
                while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                    c.i += 1;
                }
                if c.i == start {
                    return Err("expected digits after the decimal point");
                }
            }
        }
        match c.peek() {
            None => {}
            Some(b'Z' | b'z') => c.i += 1,
            Some(sign @ (b'+' | b'-')) => {
                c.i += 1;
                let oh = c.digits(2, "bad offset hours")?;
                c.eat(b':');
                let om = c.digits(2, "bad offset minutes")?;
                if oh > 23 || om > 59 {
                    return Err("offset out of range");
                }
                let secs = (oh * 3600 + om * 60) as i32;
                let secs = if sign == b'-' { -secs } else { secs };
                offset = UtcOffset::from_whole_seconds(secs).map_err(|_| "offset out of range")?;
            }
            Some(_) => return Err("unexpected character after the time"),
        }
    }
    if c.i != c.b.len() {
        return Err("unexpected trailing characters");
    }
    let time = Time::from_hms(h as u8, mi as u8, sec as u8).map_err(|_| "time out of range")?;
    let unix = date.with_time(time).assume_offset(offset).unix_timestamp();
    Timestamp::from_unix(unix).ok_or("out of the supported range (years 0000-9999)")
}

impl FromStr for Timestamp {
    type Err = ParseTimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Length of `YYYY-MM-DDThh:mm:ssZ`.
pub(crate) const TEXT_LEN: usize = 20;

impl Timestamp {
    /// `YYYY-MM-DDThh:mm:ssZ` as ASCII bytes on the stack: the client
    /// formats one per request attempt, so this avoids a `String`.
    pub(crate) fn to_text(self) -> [u8; TEXT_LEN] {
        let dt = self.to_offset_date_time();
        let mut b = *b"0000-00-00T00:00:00Z";
        // Years are 0000-9999 by construction (see `from_unix`).
        let year = dt.year().clamp(0, 9999).unsigned_abs();
        let fields = [
            (0, year / 100),
            (2, year % 100),
            (5, u32::from(u8::from(dt.month()))),
            (8, u32::from(dt.day())),
            (11, u32::from(dt.hour())),
            (14, u32::from(dt.minute())),
            (17, u32::from(dt.second())),
        ];
        for (at, v) in fields {
            // Every field is below 100: two digits.
            b[at] = b'0' + (v / 10) as u8;
            b[at + 1] = b'0' + (v % 10) as u8;
        }
        b
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.to_text();
        // Only ASCII digits and separators were written.
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Converts to UTC, truncating to the second and clamping to years 0000–9999.
    fn from(dt: OffsetDateTime) -> Self {
        Self(dt.unix_timestamp().clamp(MIN_UNIX, MAX_UNIX))
    }
}

impl From<SystemTime> for Timestamp {
    /// Truncates to the second (towards the past) and clamps to years 0000–9999.
    fn from(t: SystemTime) -> Self {
        let secs = match t.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(e) => {
                let d = e.duration();
                let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                // -1.5 s is second -2, so round away from zero when there is a fraction.
                whole
                    .saturating_neg()
                    .saturating_sub(i64::from(d.subsec_nanos() > 0))
            }
        };
        Self(secs.clamp(MIN_UNIX, MAX_UNIX))
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.to_offset_date_time()
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Visitor shared by `Timestamp`'s `Deserialize` and [`crate::de::timestamp`]:
/// yields `None` for null and the empty string.
pub(crate) struct TimestampVisitor;

fn from_epoch<E: serde::de::Error>(n: i64) -> Result<Option<Timestamp>, E> {
    let secs = if n.unsigned_abs() > MILLIS_THRESHOLD as u64 {
        n.div_euclid(1000)
    } else {
        n
    };
    Timestamp::from_unix(secs)
        .map(Some)
        .ok_or_else(|| E::custom(format_args!("epoch time {n} out of range")))
}

impl<'de> serde::de::Visitor<'de> for TimestampVisitor {
    type Value = Option<Timestamp>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a timestamp (ISO 8601 string or epoch seconds)")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if t.bytes().all(|b| b.is_ascii_digit())
            || (t.starts_with('-') && t.len() > 1 && t[1..].bytes().all(|b| b.is_ascii_digit()))
        {
            let n: i64 = t
                .parse()
                .map_err(|_| E::custom(format_args!("epoch time {t:?} out of range")))?;
            return from_epoch(n);
        }
        Timestamp::parse(t).map(Some).map_err(E::custom)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        from_epoch(v)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        let n =
            i64::try_from(v).map_err(|_| E::custom(format_args!("epoch time {v} out of range")))?;
        from_epoch(n)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() || v.abs() > 1e15 {
            return Err(E::custom(format_args!("epoch time {v} out of range")));
        }
        from_epoch(v.floor() as i64)
    }
    crate::de::null_gives!(None);
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    /// Accepts an ISO 8601 string (see [`Timestamp::parse`]) or epoch seconds
    /// as a number or numeric string (values beyond year 5000 in seconds are
    /// taken as milliseconds). Null and `""` are errors here; use
    /// `Option<Timestamp>` with [`crate::de::timestamp`] to accept them.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TimestampVisitor)?.ok_or_else(|| {
            serde::de::Error::custom("expected a timestamp, found null or an empty string")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        Timestamp::parse(s).unwrap().to_string()
    }

    #[test]
    fn parses_and_formats() {
        assert_eq!(p("2017-06-14T09:51:14Z"), "2017-06-14T09:51:14Z");
        assert_eq!(p("2017-06-14T09:51Z"), "2017-06-14T09:51:00Z");
        assert_eq!(p("2017-06-14t09:51:14.987z"), "2017-06-14T09:51:14Z");
        assert_eq!(p("2017-06-14T17:51:14+08:00"), "2017-06-14T09:51:14Z");
        assert_eq!(p("2017-06-14T04:51:14-0500"), "2017-06-14T09:51:14Z");
        assert_eq!(p("2017-06-15T01:51:14.5+16:00"), "2017-06-14T09:51:14Z");
        assert_eq!(p("2017-06-14 09:51:14"), "2017-06-14T09:51:14Z");
        assert_eq!(p("2017-06-14"), "2017-06-14T00:00:00Z");
        assert_eq!(p(" 1970-01-01T00:00:00Z "), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::parse("1970-01-01T00:00:01Z").unwrap().unix(), 1);
        assert_eq!(p("0000-01-01T00:00:00Z"), "0000-01-01T00:00:00Z");
        assert_eq!(p("9999-12-31T23:59:59Z"), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "",
            "2017",
            "2017-13-01T00:00:00Z",
            "2017-02-30T00:00:00Z",
            "2017-06-14T24:00:00Z",
            "2017-06-14T09:60:00Z",
            "2017-06-14T09:51:14Q",
            "2017-06-14T09:51:14Zjunk",
            "2017-06-14X09:51:14Z",
            "2017-06-14T09:51:14.Z",
            "2017-06-14T09:51:14+25:00",
            "17-06-14T09:51:14Z",
            "２０１７-06-14",
            "0000-01-01T00:00:00+01:00",
        ] {
            let e = Timestamp::parse(bad).unwrap_err();
            assert!(e.to_string().contains("invalid timestamp"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn unix_range() {
        assert!(Timestamp::from_unix(MIN_UNIX).is_some());
        assert!(Timestamp::from_unix(MIN_UNIX - 1).is_none());
        assert!(Timestamp::from_unix(MAX_UNIX + 1).is_none());
        assert_eq!(
            Timestamp::from_unix(1_497_433_874).unwrap().to_string(),
            "2017-06-14T09:51:14Z"
        );
        let now = Timestamp::now();
        assert_eq!(Timestamp::parse(&now.to_string()).unwrap(), now);
        let odt: OffsetDateTime = now.into();
        assert_eq!(Timestamp::from(odt), now);
        assert!(Timestamp::from_unix(1).unwrap() < Timestamp::from_unix(2).unwrap());
    }

    #[test]
    fn arithmetic_and_system_time() {
        let t = Timestamp::from_unix(1_000).unwrap();
        assert_eq!(
            t.checked_add(Duration::from_millis(61_900)).unwrap().unix(),
            1_061
        );
        assert_eq!(t.checked_sub(Duration::from_secs(1_000)).unwrap().unix(), 0);
        assert!(
            Timestamp::from_unix(MAX_UNIX)
                .unwrap()
                .checked_add(Duration::from_secs(1))
                .is_none()
        );
        assert!(
            Timestamp::from_unix(MIN_UNIX)
                .unwrap()
                .checked_sub(Duration::from_secs(1))
                .is_none()
        );
        assert!(t.checked_add(Duration::MAX).is_none());
        let st = SystemTime::UNIX_EPOCH + Duration::from_millis(1_500);
        assert_eq!(Timestamp::from(st).unix(), 1);
        let st = SystemTime::UNIX_EPOCH - Duration::from_millis(1_500);
        assert_eq!(Timestamp::from(st).unix(), -2);
        let st = SystemTime::UNIX_EPOCH - Duration::from_secs(2);
        assert_eq!(Timestamp::from(st).unix(), -2);
        let now = Timestamp::from(SystemTime::now());
        assert!((now.unix() - Timestamp::now().unix()).abs() <= 1);
    }

    #[test]
    fn serde_is_lenient() {
        let want = Timestamp::from_unix(1_497_433_874).unwrap();
        for input in [
            r#""2017-06-14T09:51:14Z""#,
            "1497433874",
            r#""1497433874""#,
            "1497433874000",
            "1497433874.9",
        ] {
            let t: Timestamp = serde_json::from_str(input).unwrap();
            assert_eq!(t, want, "{input}");
        }
        assert_eq!(
            serde_json::to_string(&want).unwrap(),
            r#""2017-06-14T09:51:14Z""#
        );
        assert!(serde_json::from_str::<Timestamp>("null").is_err());
        assert!(serde_json::from_str::<Timestamp>(r#""""#).is_err());
        assert!(serde_json::from_str::<Timestamp>(r#""soon""#).is_err());
        assert!(serde_json::from_str::<Timestamp>("true").is_err());
        assert!(serde_json::from_str::<Timestamp>("1e300").is_err());
        assert!(serde_json::from_str::<Timestamp>("99999999999999999999").is_err());
    }

    proptest::proptest! {
        #[test]
        fn display_parse_round_trip(secs in MIN_UNIX..=MAX_UNIX) {
            let t = Timestamp::from_unix(secs).unwrap();
            let text = t.to_string();
            let dt = t.to_offset_date_time();
            let reference = format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                dt.year(),
                u8::from(dt.month()),
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second()
            );
            proptest::prop_assert_eq!(&text, &reference);
            proptest::prop_assert_eq!(Timestamp::parse(&text).unwrap(), t);
            let json = serde_json::to_string(&t).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        }

        #[test]
        fn parse_never_panics(s in ".{0,40}") {
            let _ = Timestamp::parse(&s);
        }
    }
}

//! Deterministic synthetic monitoring data.
//!
//! Values come from a hash of (domain, instant, metric), so the same request
//! always gets the same answer and tests can compare two calls, while the
//! time axis follows the requested range exactly (5-minute points for
//! bandwidth and traffic, one entry per day for record/snapshot/transcode,
//! one log file per hour).

use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use crate::error::ApiError;
use crate::state::{Ctx, floor_to};
use crate::timefmt;

/// FNV-1a: tiny, stable across platforms and releases (unlike std's hasher).
fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A deterministic number in `0..modulo` for (key, instant, metric).
pub(crate) fn value(domain: &str, t: i64, metric: &str, modulo: u64) -> u64 {
    hash(&[domain, &t.to_string(), metric]) % modulo.max(1)
}

/// The query range: both given, or the 24 hours before now (the service's
/// default when neither is given).
fn range(cx: &Ctx<'_>, step: Duration) -> (OffsetDateTime, OffsetDateTime) {
    let start =
        cx.p.get("StartTime")
            .and_then(Value::as_str)
            .and_then(timefmt::parse);
    let end =
        cx.p.get("EndTime")
            .and_then(Value::as_str)
            .and_then(timefmt::parse);
    match (start, end) {
        (Some(s), Some(e)) => (s, e),
        _ => {
            let e = floor_to(cx.now, step);
            (e - Duration::days(1), e)
        }
    }
}

/// The data interval grows with the span, as the service's does: 5 minutes
/// up to 3 days, 1 hour up to 31 days, 1 day beyond.
fn interval_for(span: Duration) -> Duration {
    if span <= Duration::days(3) {
        Duration::minutes(5)
    } else if span <= Duration::days(31) {
        Duration::hours(1)
    } else {
        Duration::days(1)
    }
}

/// `DescribeLiveDomainBpsData` (`traffic = false`) and
/// `DescribeLiveDomainTrafficData` (`traffic = true`).
///
/// Traffic is the bandwidth of the same interval turned into bytes, so the
/// two actions agree with each other.
pub fn bps(
    cx: &Ctx<'_>,
    all_domains: Vec<String>,
    traffic: bool,
) -> Result<Map<String, Value>, ApiError> {
    let requested: Vec<String> =
        cx.p.get("DomainName")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
    // No DomainName: all domains of the account, merged.
    let domains = if requested.is_empty() {
        all_domains
    } else {
        requested.clone()
    };
    let (start, end) = range(cx, Duration::minutes(5));
    // The service keeps 90 days of data; a longer span is refused rather
    // than generating an unbounded series.
    if end - start > Duration::days(90) {
        return Err(cx.errs.make_detailed(
            "InvalidTimeSpan",
            400,
            "The time span exceeds the limit: at most 90 days of data can be queried.",
        ));
    }
    let step = interval_for(end - start);
    let mut points = Vec::new();
    let mut t = floor_to(start, step);
    while t < end {
        let (mut total, mut https) = (0u64, 0u64);
        for d in &domains {
            // Bandwidth of one domain at one instant, in bit/s.
            let b = 1_000_000 + value(d, t.unix_timestamp(), "bps", 50_000_000);
            total += b;
            https += value(d, t.unix_timestamp(), "https", b + 1);
        }
        let http = total - https;
        let point = if traffic {
            let secs = step.whole_seconds().unsigned_abs();
            json!({
                "TimeStamp": timefmt::format(t),
                "TrafficValue": total * secs / 8,
                "HttpTrafficValue": http * secs / 8,
                "HttpsTrafficValue": https * secs / 8,
            })
        } else {
            json!({
                "TimeStamp": timefmt::format(t),
                "BpsValue": total,
                "HttpBpsValue": http,
                "HttpsBpsValue": https,
            })
        };
        points.push(point);
        // Near the end of the supported calendar (year 9999) stop rather than overflow.
        match t.checked_add(step) {
            Some(next) => t = next,
            None => break,
        }
    }
    let mut out = Map::new();
    out.insert("DomainName".into(), json!(requested.join(",")));
    out.insert("DataInterval".into(), json!(step.whole_seconds()));
    out.insert("StartTime".into(), json!(timefmt::format(start)));
    out.insert("EndTime".into(), json!(timefmt::format(end)));
    let list = if traffic {
        "TrafficDataPerInterval"
    } else {
        "BpsDataPerInterval"
    };
    out.insert(list.into(), Value::Array(points));
    Ok(out)
}

/// The per-day monitoring actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daily {
    Record,
    Snapshot,
    Transcode,
}

/// One entry per UTC day from StartTime's day to EndTime's day (inclusive,
/// as in the reference's example). EndTime after now is
/// `InvalidEndTime.BeyondCurrent` where the action documents it.
pub fn daily(cx: &Ctx<'_>, kind: Daily) -> Result<Map<String, Value>, ApiError> {
    let (start, end) = range(cx, Duration::days(1));
    if end > cx.now && cx.errs.documents("InvalidEndTime.BeyondCurrent") {
        return Err(cx.errs.make(
            "InvalidEndTime.BeyondCurrent",
            400,
            "EndTime beyond current time.",
        ));
    }
    let domain =
        cx.p.get("DomainName")
            .and_then(Value::as_str)
            .unwrap_or_default();
    let record_type = cx.p.get("RecordType").and_then(Value::as_str);
    let mut entries = Vec::new();
    let mut day = floor_to(start, Duration::days(1));
    while day <= end {
        let ts = day.unix_timestamp();
        let entry = match kind {
            Daily::Record => {
                let mut detail = Map::new();
                let mut total = 0;
                for ty in ["FLV", "MP4", "TS"] {
                    if record_type.is_none_or(|r| r == ty) {
                        let secs = value(domain, ts, ty, 86_400);
                        total += secs;
                        detail.insert(ty.into(), json!(secs));
                    }
                }
                json!({"Date": timefmt::format_date(day), "Total": total, "Detail": detail})
            }
            Daily::Snapshot => {
                json!({"Date": timefmt::format_date(day), "Total": value(domain, ts, "snapshot", 10_000)})
            }
            Daily::Transcode => {
                let ld = value(domain, ts, "LD_CASTER", 86_400);
                let sd = value(domain, ts, "SD_CASTER", 86_400);
                json!({
                    "Date": timefmt::format_date(day),
                    "Total": ld + sd,
                    "Detail": {"LD_CASTER": ld, "SD_CASTER": sd},
                })
            }
        };
        entries.push(entry);
        match day.checked_add(Duration::days(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    let list = match kind {
        Daily::Record => "RecordDataInfos",
        Daily::Snapshot => "SnapshotDataInfos",
        Daily::Transcode => "TranscodeDataInfos",
    };
    let mut out = Map::new();
    out.insert(list.into(), Value::Array(entries));
    Ok(out)
}

/// `DescribeLiveStreamOnlineUserNum`: the known streams of the domain
/// (filtered by AppName/StreamName), each with a user count that changes
/// every minute. A domain with no known streams reports two sample streams
/// so clients always have data to decode.
pub fn online_users(
    cx: &Ctx<'_>,
    known: Vec<(String, String)>,
) -> Result<Map<String, Value>, ApiError> {
    let domain =
        cx.p.get("DomainName")
            .and_then(Value::as_str)
            .unwrap_or_default();
    let app = cx.p.get("AppName").and_then(Value::as_str);
    let stream = cx.p.get("StreamName").and_then(Value::as_str);
    let mut streams: Vec<(String, String)> = known;
    if streams.is_empty() {
        streams = vec![
            ("live".into(), "stream1".into()),
            ("live".into(), "stream2".into()),
        ];
    }
    streams.retain(|(a, s)| app.is_none_or(|x| x == a) && stream.is_none_or(|x| x == s));
    if let (Some(a), Some(s), true) = (app, stream, streams.is_empty()) {
        streams.push((a.to_owned(), s.to_owned()));
    }
    let minute = floor_to(cx.now, Duration::minutes(1));
    let mut total = 0;
    let mut infos = Vec::new();
    for (a, s) in streams {
        let url = format!("rtmp://{domain}/{a}/{s}");
        let n = value(&url, minute.unix_timestamp(), "users", 1000);
        total += n;
        infos.push(json!({"StreamUrl": url, "UserNumber": n, "Time": timefmt::format(cx.now)}));
    }
    let mut out = Map::new();
    out.insert("TotalUserNumber".into(), json!(total));
    out.insert("OnlineUserInfo".into(), Value::Array(infos));
    Ok(out)
}

/// `DescribeLiveDomainLog`: one log file per hour of the range, paginated
/// by PageNumber/PageSize.
pub fn domain_log(cx: &Ctx<'_>) -> Result<Map<String, Value>, ApiError> {
    let domain =
        cx.p.get("DomainName")
            .and_then(Value::as_str)
            .unwrap_or_default();
    let (start, end) = range(cx, Duration::hours(1));
    let number =
        cx.p.get("PageNumber")
            .and_then(Value::as_i64)
            .unwrap_or(1)
            .max(1);
    let size =
        cx.p.get("PageSize")
            .and_then(Value::as_i64)
            .unwrap_or(300)
            .max(1);
    let first = floor_to(start, Duration::hours(1));
    let hours = ((end - first).whole_seconds() + 3599) / 3600;
    let total = hours.max(0);
    let skip = (number - 1).saturating_mul(size);
    let mut logs = Vec::new();
    let mut i = skip;
    while i < total && i < skip.saturating_add(size) {
        let Some((s, e)) = first
            .checked_add(Duration::hours(i))
            .and_then(|s| Some((s, s.checked_add(Duration::hours(1))?)))
        else {
            break;
        };
        let day = format!("{:04}_{:02}_{:02}", s.year(), u8::from(s.month()), s.day());
        let name = format!(
            "{domain}_{day}_{:02}0000_{:02}0000.gz",
            s.hour(),
            (s.hour() + 1) % 24
        );
        logs.push(json!({
            "LogName": name,
            "LogPath": format!("livelog.aliyuncs.com/{domain}/{day}/{name}"),
            "StartTime": s.unix_timestamp().to_string(),
            "EndTime": e.unix_timestamp().to_string(),
            "LogSize": 1_000_000 + value(domain, s.unix_timestamp(), "log", 5_000_000),
        }));
        i += 1;
    }
    let detail = json!({
        "LogCount": logs.len(),
        "DomainName": domain,
        "PageInfos": {"PageNumber": number, "PageSize": size, "Total": total},
        "LogInfos": logs,
    });
    let mut out = Map::new();
    out.insert("DomainLogDetails".into(), json!([detail]));
    Ok(out)
}

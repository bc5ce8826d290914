//! Live streams: blocking (ForbidLiveStream/ResumeLiveStream, the block
//! list and the control history) and the stream lists and per-stream data,
//! which are deterministic synthetic data over the streams the account
//! knows of.
//!
//! The streams of a domain are its pull-stream configs (online while their
//! window is open) or, when none is open, two sample streams
//! `live/stream1` and `live/stream2` (as `DescribeLiveStreamOnlineUserNum`
//! reports), minus blocked streams; each transcoding template of the app
//! adds a transcoded stream `<stream>_<template>`. Numbers come from
//! [`crate::synthetic::value`], so a request always gets the same answer
//! and the user counts agree with `DescribeLiveStreamOnlineUserNum`.

use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use super::pull::PullStreams;
use super::transcode::Transcode;
use super::{query_range, s, time_param};
use crate::state::{Ctx, Out, floor_to, paginate};
use crate::synthetic::value;
use crate::timefmt;

/// A blocked stream.
#[derive(Debug, Clone)]
struct Block {
    domain: String,
    app: String,
    stream: String,
    /// When the block lifts by itself; `None`: until ResumeLiveStream.
    resume: Option<OffsetDateTime>,
}

/// A forbid or resume, for the control history.
#[derive(Debug, Clone)]
struct Event {
    at: OffsetDateTime,
    domain: String,
    app: String,
    stream: String,
    /// The action that did it (`ForbidLiveStream`, `ResumeLiveStream`).
    action: &'static str,
}

#[derive(Debug, Default)]
pub(super) struct Blocks {
    /// In blocking order.
    blocked: Vec<Block>,
    /// In time order.
    events: Vec<Event>,
}

fn key(cx: &Ctx<'_>) -> Result<(String, String, String), crate::error::ApiError> {
    Ok((
        cx.req("DomainName")?.to_owned(),
        cx.req("AppName")?.to_owned(),
        cx.req("StreamName")?.to_owned(),
    ))
}

impl Blocks {
    /// Lifts blocks whose ResumeTime has come, recording the resume at
    /// that time.
    pub(super) fn expire(&mut self, now: OffsetDateTime) {
        let (lifted, kept): (Vec<Block>, Vec<Block>) = std::mem::take(&mut self.blocked)
            .into_iter()
            .partition(|b| b.resume.is_some_and(|r| r <= now));
        self.blocked = kept;
        for b in lifted {
            self.events.push(Event {
                at: b.resume.unwrap_or(now),
                domain: b.domain,
                app: b.app,
                stream: b.stream,
                action: "ResumeLiveStream",
            });
        }
        self.events.sort_by_key(|e| e.at);
    }

    fn is_blocked(&self, domain: &str, app: &str, stream: &str) -> bool {
        self.blocked
            .iter()
            .any(|b| b.domain == domain && b.app == app && b.stream == stream)
    }

    fn record(
        &mut self,
        cx: &Ctx<'_>,
        (domain, app, stream): (String, String, String),
        action: &'static str,
    ) {
        self.events.push(Event {
            at: cx.now,
            domain,
            app,
            stream,
            action,
        });
    }

    pub(super) fn forbid(&mut self, cx: &Ctx<'_>) -> Out {
        let k = key(cx)?;
        let resume = time_param(cx, "ResumeTime").map_err(|_| {
            cx.errs.make(
                "InvalidResumeTime.Malformed",
                400,
                "Specified parameter ResumeTime is not valid.",
            )
        })?;
        if resume.is_some_and(|r| r <= cx.now) {
            return Err(cx.errs.make_detailed(
                "InvalidResumeTime.Malformed",
                400,
                "Specified parameter ResumeTime is not valid: it must be in the future.",
            ));
        }
        // Oneshot only cuts the current publish; the stream may publish again.
        let oneshot = cx.str("Oneshot") == Some("yes");
        if !oneshot {
            if self.is_blocked(&k.0, &k.1, &k.2) {
                return Err(cx.already_exists());
            }
            self.blocked.push(Block {
                domain: k.0.clone(),
                app: k.1.clone(),
                stream: k.2.clone(),
                resume,
            });
        }
        self.record(cx, k, "ForbidLiveStream");
        Ok(Map::new())
    }

    pub(super) fn resume(&mut self, cx: &Ctx<'_>) -> Out {
        let k = key(cx)?;
        let before = self.blocked.len();
        self.blocked
            .retain(|b| !(b.domain == k.0 && b.app == k.1 && b.stream == k.2));
        if self.blocked.len() == before {
            return Err(cx.errs.make_detailed(
                "InvalidConfig.NotFound",
                404,
                format!("Stream {}/{}/{} is not blocked.", k.0, k.1, k.2),
            ));
        }
        self.record(cx, k, "ResumeLiveStream");
        Ok(Map::new())
    }

    pub(super) fn describe(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let items: Vec<Value> = self
            .blocked
            .iter()
            .filter(|b| b.domain == domain)
            .map(|b| json!(format!("{}/{}/{}", b.domain, b.app, b.stream)))
            .collect();
        let mut out = Map::new();
        out.insert("DomainName".into(), json!(domain));
        paginate(cx, items, &mut out);
        Ok(out)
    }

    pub(super) fn history(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let app = cx.str("AppName");
        let (start, end) =
            query_range(cx, Duration::days(7), "InvalidStartTime.ValueNotSupported")?;
        let items: Vec<Value> = self
            .events
            .iter()
            .filter(|e| {
                e.domain == domain && app.is_none_or(|a| e.app == a) && e.at >= start && e.at <= end
            })
            .map(|e| {
                json!({
                    "TimeStamp": timefmt::format(e.at),
                    "Action": e.action,
                    "StreamName": e.stream,
                    // The emulator does not see callers' addresses.
                    "ClientIP": "",
                })
            })
            .collect();
        let mut out = Map::new();
        out.insert("ControlInfo".into(), Value::Array(items));
        Ok(out)
    }
}

/// What the stream lists read from the families' state.
pub(super) struct View<'a> {
    pub(super) pull: &'a PullStreams,
    pub(super) blocks: &'a Blocks,
    pub(super) transcode: &'a Transcode,
}

/// One stream of a list: raw or transcoded.
struct Stream {
    app: String,
    name: String,
    /// The transcoding template; `None` for the raw stream.
    template: Option<String>,
    /// `pull` for pull-stream configs, `edge` for streams pushed to the edge.
    publish_type: &'static str,
}

/// Sample streams of a domain with nothing else to show.
fn samples() -> Vec<(String, String)> {
    vec![
        ("live".into(), "stream1".into()),
        ("live".into(), "stream2".into()),
    ]
}

/// A documentation-range IPv4 address (RFC 5737) derived from `seed`.
fn doc_ip(net: &str, seed: &str, t: i64) -> String {
    format!("{net}.{}", 1 + value(seed, t, net, 254))
}

/// Adds the transcoded streams of each raw stream.
fn with_transcoded(view: &View<'_>, domain: &str, raw: Vec<Stream>) -> Vec<Stream> {
    let mut out = Vec::new();
    for r in raw {
        for t in view.transcode.names(domain, &r.app) {
            out.push(Stream {
                app: r.app.clone(),
                name: format!("{}_{t}", r.name),
                template: Some(t.to_owned()),
                publish_type: r.publish_type,
            });
        }
        out.push(r);
    }
    out
}

/// The AppName / StreamName (fuzzy or strict) / StreamType filters of the lists.
fn keep(cx: &Ctx<'_>, st: &Stream) -> bool {
    let app_ok = cx.str("AppName").is_none_or(|a| a == st.app);
    let strict = cx.str("QueryType") == Some("strict");
    let name_ok = cx.str("StreamName").is_none_or(|n| {
        if strict {
            st.name == n
        } else {
            st.name.contains(n)
        }
    });
    let type_ok = match cx.str("StreamType").unwrap_or("all") {
        "raw" => st.template.is_none(),
        "trans" => st.template.is_some(),
        _ => true,
    };
    app_ok && name_ok && type_ok
}

/// `DescribeLiveStreamsOnlineList`: the streams publishing now.
pub(super) fn online_list(cx: &Ctx<'_>, view: &View<'_>) -> Out {
    let domain = cx.req("DomainName")?;
    let now = cx.now;
    let mut raw: Vec<(String, String, OffsetDateTime, &'static str)> = view
        .pull
        .windows(domain)
        .into_iter()
        .filter(|(_, _, start, end)| *start <= now && now < *end)
        .map(|(a, st, start, _)| (a, st, start, "pull"))
        .collect();
    if raw.is_empty() {
        let hour = floor_to(now, Duration::hours(1));
        raw = samples()
            .into_iter()
            .map(|(a, st)| (a, st, hour, "edge"))
            .collect();
    }
    // A blocked stream cannot publish.
    raw.retain(|(a, st, _, _)| !view.blocks.is_blocked(domain, a, st));
    let since: std::collections::BTreeMap<(String, String), OffsetDateTime> = raw
        .iter()
        .map(|(a, st, t, _)| ((a.clone(), st.clone()), *t))
        .collect();
    let streams = with_transcoded(
        view,
        domain,
        raw.into_iter()
            .map(|(app, name, _, publish_type)| Stream {
                app,
                name,
                template: None,
                publish_type,
            })
            .collect(),
    );
    let only_stream = cx.str("OnlyStream") == Some("yes");
    let minute = floor_to(now, Duration::minutes(1)).unix_timestamp();
    let items: Vec<Value> = streams
        .iter()
        .filter(|st| keep(cx, st))
        .map(|st| {
            let raw_name = st
                .template
                .as_ref()
                .and_then(|t| st.name.strip_suffix(&format!("_{t}")))
                .unwrap_or(&st.name);
            let published = since
                .get(&(st.app.clone(), raw_name.to_owned()))
                .copied()
                .unwrap_or(now);
            let url = format!("rtmp://{domain}/{}/{}", st.app, st.name);
            let mut item = json!({
                "DomainName": domain,
                "AppName": st.app,
                "StreamName": st.name,
                "PublishTime": timefmt::format(published),
            });
            if !only_stream {
                let fields = json!({
                    "PublishUrl": url,
                    "PublishDomain": domain,
                    "PublishType": st.publish_type,
                    "Transcoded": if st.template.is_some() { "yes" } else { "no" },
                    "FrameRate": 25 + value(&url, minute, "fps", 6),
                    "VideoDataRate": 800 + value(&url, minute, "vbr", 2200),
                    "AudioDataRate": 64 + value(&url, minute, "abr", 64),
                    // FLV codec ids: 7 = AVC (H.264), 10 = AAC.
                    "VideoCodecId": 7,
                    "AudioCodecId": 10,
                    "Width": 1280,
                    "Height": 720,
                    "ClientIp": doc_ip("203.0.113", &url, 0),
                    "ServerIp": doc_ip("198.51.100", &url, 0),
                });
                if let (Value::Object(i), Value::Object(f)) = (&mut item, fields) {
                    i.extend(f);
                }
            }
            item
        })
        .collect();
    let mut out = Map::new();
    paginate(cx, items, &mut out);
    Ok(out)
}

/// One publish session: (app, stream, publish type, publish, stop).
type Session = (String, String, &'static str, OffsetDateTime, OffsetDateTime);

/// `DescribeLiveStreamsPublishList`: publish sessions started in the range.
/// A pull stream publishes over its whole window; a sample stream publishes
/// once an hour for 20-49 minutes.
pub(super) fn publish_list(cx: &Ctx<'_>, view: &View<'_>) -> Out {
    let domain = cx.req("DomainName")?;
    let (start, end) = query_range(cx, Duration::days(30), "Duration.Exceed")?;
    if start < cx.now - Duration::days(90) {
        return Err(cx.errs.make_detailed(
            "InvalidStartTime.ValueNotSupported",
            400,
            "Specified StartTime is not supported: at most the last 90 days can be queried.",
        ));
    }
    let windows = view.pull.windows(domain);
    let mut sessions: Vec<Session> = windows
        .into_iter()
        .map(|(a, st, s, e)| (a, st, "pull", s, e))
        .collect();
    if sessions.is_empty() {
        for (app, stream) in samples() {
            let url = format!("rtmp://{domain}/{app}/{stream}");
            let mut hour = floor_to(start, Duration::hours(1));
            // Sessions after now are not listed, so none are generated
            // (which also keeps the arithmetic far from the calendar's end).
            while hour < end.min(cx.now) {
                let t = hour.unix_timestamp();
                let publish = hour + Duration::minutes(value(&url, t, "start", 20) as i64);
                let stop = publish + Duration::minutes(20 + value(&url, t, "length", 30) as i64);
                sessions.push((app.clone(), stream.clone(), "edge", publish, stop));
                hour += Duration::hours(1);
            }
        }
    }
    sessions.retain(|(_, _, _, p, _)| *p >= start && *p < end && *p <= cx.now);
    let mut rows: Vec<(Stream, OffsetDateTime, OffsetDateTime)> = Vec::new();
    for (app, name, publish_type, p, e) in sessions {
        let raw = Stream {
            app,
            name,
            template: None,
            publish_type,
        };
        for st in with_transcoded(view, domain, vec![raw]) {
            rows.push((st, p, e));
        }
    }
    rows.retain(|(st, _, _)| keep(cx, st));
    match cx.str("OrderBy").unwrap_or("publish_time_desc") {
        "stream_name_asc" => rows.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.1.cmp(&b.1))),
        "stream_name_desc" => rows.sort_by(|a, b| b.0.name.cmp(&a.0.name).then(b.1.cmp(&a.1))),
        "publish_time_asc" => rows.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.name.cmp(&b.0.name))),
        _ => rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.name.cmp(&b.0.name))),
    }
    let items: Vec<Value> = rows
        .into_iter()
        .map(|(st, publish, stop)| {
            let url = format!("rtmp://{domain}/{}/{}", st.app, st.name);
            let t = publish.unix_timestamp();
            json!({
                "DomainName": domain,
                "AppName": st.app,
                "StreamName": st.name,
                "StreamUrl": url,
                "PublishUrl": url,
                "PublishDomain": domain,
                "PublishType": st.publish_type,
                "PublishTime": timefmt::format(publish),
                // Still publishing: no stop time yet (left out: a
                // `timestamp` has no empty value).
                "StopTime": (stop <= cx.now).then(|| timefmt::format(stop)),
                "Transcoded": if st.template.is_some() { "yes" } else { "no" },
                "TranscodeId": st.template.clone().unwrap_or_default(),
                "ClientAddr": doc_ip("203.0.113", &url, t),
                "EdgeNodeAddr": doc_ip("198.51.100", &url, t),
            })
        })
        .collect();
    let mut out = Map::new();
    paginate(cx, items, &mut out);
    // The request pages with PageNumber, the response calls it PageNum.
    if let Some(n) = out.get("PageNumber").cloned() {
        out.insert("PageNum".into(), n);
    }
    Ok(out)
}

fn stream_url(cx: &Ctx<'_>) -> Result<String, crate::error::ApiError> {
    let (domain, app, stream) = key(cx)?;
    Ok(format!("rtmp://{domain}/{app}/{stream}"))
}

/// `DescribeLiveStreamBitRateData`: one point per minute of the range (at
/// most a day, not beyond now); without a range, the latest minute.
pub(super) fn bit_rate(cx: &Ctx<'_>) -> Out {
    let url = stream_url(cx)?;
    let latest = floor_to(cx.now, Duration::minutes(1));
    let (start, end) = match (time_param(cx, "StartTime")?, time_param(cx, "EndTime")?) {
        (None, None) => (latest, latest + Duration::minutes(1)),
        (Some(s), None) => (s, cx.now),
        (None, Some(e)) => (e - Duration::hours(1), e),
        (Some(s), Some(e)) => (s, e),
    };
    if end <= start || end - start > Duration::days(1) {
        return Err(cx.errs.make_detailed(
            "InvalidTime.ValueNotSupported",
            400,
            "Specified time range is not supported: EndTime must be after StartTime, at most one day later.",
        ));
    }
    let mut points = Vec::new();
    let mut t = floor_to(start, Duration::minutes(1));
    while t < end && t <= cx.now {
        let ts = t.unix_timestamp();
        points.push(json!({
            "Time": timefmt::format(t),
            "StreamUrl": url,
            "VideoFrameRate": 25 + value(&url, ts, "fps", 6),
            "AudioFrameRate": 43 + value(&url, ts, "afps", 5),
            "BitRate": 800 + value(&url, ts, "vbr", 2200),
        }));
        t += Duration::minutes(1);
    }
    let mut out = Map::new();
    out.insert("FrameRateAndBitRateInfos".into(), Value::Array(points));
    Ok(out)
}

/// `DescribeLiveStreamHistoryUserNum`: the user count per minute, the same
/// number `DescribeLiveStreamOnlineUserNum` reports for that minute. The
/// range is at most a day, within the last 30 days, not beyond now.
pub(super) fn history_user_num(cx: &Ctx<'_>) -> Out {
    let url = stream_url(cx)?;
    let (start, end) = query_range(cx, Duration::days(1), "InvalidEndTime.Mismatch")?;
    if end > cx.now {
        return Err(cx.errs.make_detailed(
            "InvalidEndTime.Mismatch",
            400,
            "Specified EndTime is beyond the current time.",
        ));
    }
    if start < cx.now - Duration::days(30) {
        return Err(cx.errs.make_detailed(
            "InvalidStartTime.ValueNotSupported",
            400,
            "Specified StartTime is not supported: at most the last 30 days can be queried.",
        ));
    }
    let mut points = Vec::new();
    let mut t = floor_to(start, Duration::minutes(1));
    while t < end {
        points.push(json!({
            "StreamTime": timefmt::format(t),
            "UserNum": value(&url, t.unix_timestamp(), "users", 1000),
        }));
        t += Duration::minutes(1);
    }
    let mut out = Map::new();
    out.insert("LiveStreamUserNumInfos".into(), Value::Array(points));
    Ok(out)
}

/// `DescribeLiveStreamSnapshotInfo`: the snapshots the app's snapshot
/// config took of the stream in the range (one per TimeInterval, the
/// stream assumed live throughout, none after now), `Limit` at a time;
/// `NextStartTime` is the time of the next snapshot (absent when none is
/// left: a `timestamp` has no empty value).
pub(super) fn snapshot_info(cx: &Ctx<'_>, snapshots: &[Map<String, Value>]) -> Out {
    let (domain, app, stream) = key(cx)?;
    let (start, end) = query_range(cx, Duration::days(1), "InvalidEndTime.Mismatch")?;
    let Some(config) = snapshots
        .iter()
        .find(|c| s(c, "DomainName") == domain && s(c, "AppName") == app)
    else {
        return Err(cx.errs.make_detailed(
            "InvalidStream.NotFound",
            400,
            format!("Stream {domain}/{app}/{stream} has no snapshots: no snapshot config covers app {app:?}."),
        ));
    };
    let interval = config
        .get("TimeInterval")
        .and_then(Value::as_i64)
        .unwrap_or(5)
        .max(1);
    let step = Duration::seconds(interval);
    let end = end.min(cx.now);
    let limit = usize::try_from(cx.int("Limit").unwrap_or(10).clamp(1, 100)).unwrap_or(10);
    let desc = cx.str("Order") == Some("desc");
    // Snapshot instants are multiples of the interval. Checked arithmetic:
    // a range at the end of the calendar has no instant after it.
    let first = match floor_to(start, step) {
        f if f < start => f.checked_add(step),
        f => Some(f),
    };
    let last = match floor_to(end, step) {
        l if l >= end => l.checked_sub(step),
        l => Some(l),
    };
    let mut times = Vec::new();
    if let (Some(first), Some(last)) = (first, last) {
        let mut t = Some(if desc { last } else { first });
        while let Some(x) = t.filter(|x| *x >= first && *x <= last) {
            if times.len() > limit {
                break;
            }
            times.push(x);
            t = if desc {
                x.checked_sub(step)
            } else {
                x.checked_add(step)
            };
        }
    }
    let next = if times.len() > limit {
        times.pop()
    } else {
        None
    };
    let (sequence, overwrite) = (
        s(config, "SequenceOssObject"),
        s(config, "OverwriteOssObject"),
    );
    let (template, overlay) = if sequence.is_empty() {
        (overwrite, true)
    } else {
        (sequence, false)
    };
    let items: Vec<Value> = times
        .into_iter()
        .map(|t| {
            let object = template
                .replace("{AppName}", &app)
                .replace("{StreamName}", &stream)
                .replace("{UnixTimestamp}", &t.unix_timestamp().to_string());
            json!({
                "OssEndpoint": s(config, "OssEndpoint"),
                "OssBucket": s(config, "OssBucket"),
                "OssObject": object,
                "IsOverlay": overlay,
                "CreateTime": timefmt::format(t),
                "CreateTimestamp": t.unix_timestamp() * 1000,
            })
        })
        .collect();
    let mut out = Map::new();
    if let Some(next) = next {
        out.insert("NextStartTime".into(), json!(timefmt::format(next)));
    }
    out.insert("LiveStreamSnapshotInfoList".into(), Value::Array(items));
    Ok(out)
}

//! Pull-stream configs: the CDN pulls a stream from the customer's origin
//! during a time window (Add/Delete/DescribeLivePullStreamConfig).

use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use super::{req_time, s};
use crate::state::{Ctx, Out};
use crate::timefmt;

/// The longest pull window the service accepts.
const MAX_WINDOW: Duration = Duration::days(7);

/// Pull-stream configs, in creation order.
#[derive(Debug, Default)]
pub(super) struct PullStreams {
    configs: Vec<Map<String, Value>>,
}

fn same(c: &Map<String, Value>, domain: &str, app: &str, stream: &str) -> bool {
    s(c, "DomainName") == domain && s(c, "AppName") == app && s(c, "StreamName") == stream
}

/// Origins are live streams: RTMP, HTTP(S) (FLV, HLS) or SRT URLs.
fn valid_source(url: &str) -> bool {
    ["rtmp://", "http://", "https://", "srt://"]
        .iter()
        .any(|p| {
            url.strip_prefix(p)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
        })
}

impl PullStreams {
    pub(super) fn add(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app, stream) = (
            cx.req("DomainName")?,
            cx.req("AppName")?,
            cx.req("StreamName")?,
        );
        let source = cx.req("SourceUrl")?;
        // Several origins may be given, separated by ';'.
        let sources: Vec<&str> = source.split(';').filter(|u| !u.is_empty()).collect();
        if sources.is_empty() || !sources.iter().all(|u| valid_source(u)) {
            return Err(cx.errs.make_detailed(
                "InvalidParam",
                400,
                format!("Specified parameter SourceUrl is not valid: {source:?} is not a ';'-separated list of rtmp://, http(s):// or srt:// URLs."),
            ));
        }
        let (start, end) = (req_time(cx, "StartTime")?, req_time(cx, "EndTime")?);
        if end <= start || end <= cx.now {
            return Err(cx.errs.make_detailed(
                "InvalidEndTime.Mismatch",
                400,
                "Specified EndTime must be later than StartTime and than the current time.",
            ));
        }
        if end - start > MAX_WINDOW {
            return Err(cx.errs.make_detailed(
                "Duration.Exceed",
                400,
                "The pull window between StartTime and EndTime exceeds 7 days.",
            ));
        }
        if self.configs.iter().any(|c| same(c, domain, app, stream)) {
            return Err(cx.already_exists());
        }
        let mut c = Map::new();
        c.insert("DomainName".into(), json!(domain));
        c.insert("AppName".into(), json!(app));
        c.insert("StreamName".into(), json!(stream));
        c.insert("SourceUrl".into(), json!(source));
        // The first origin is the one pulled from.
        c.insert("SourceUsing".into(), json!(sources[0]));
        c.insert("StartTime".into(), json!(timefmt::format(start)));
        c.insert("EndTime".into(), json!(timefmt::format(end)));
        self.configs.push(c);
        Ok(Map::new())
    }

    pub(super) fn delete(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app, stream) = (
            cx.req("DomainName")?,
            cx.req("AppName")?,
            cx.req("StreamName")?,
        );
        let before = self.configs.len();
        self.configs.retain(|c| !same(c, domain, app, stream));
        if self.configs.len() == before {
            return Err(cx.config_not_found());
        }
        Ok(Map::new())
    }

    pub(super) fn describe(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let items: Vec<Value> = self
            .configs
            .iter()
            .filter(|c| s(c, "DomainName") == domain)
            .map(|c| Value::Object(c.clone()))
            .collect();
        let mut out = Map::new();
        out.insert("LiveAppRecordList".into(), Value::Array(items));
        Ok(out)
    }

    /// The `(app, stream, window start, window end)` of the domain's configs.
    pub(super) fn windows(
        &self,
        domain: &str,
    ) -> Vec<(String, String, OffsetDateTime, OffsetDateTime)> {
        self.configs
            .iter()
            .filter(|c| s(c, "DomainName") == domain)
            .filter_map(|c| {
                Some((
                    s(c, "AppName"),
                    s(c, "StreamName"),
                    timefmt::parse(&s(c, "StartTime"))?,
                    timefmt::parse(&s(c, "EndTime"))?,
                ))
            })
            .collect()
    }
}

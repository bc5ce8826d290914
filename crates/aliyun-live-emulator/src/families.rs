//! Resource families other than recording and casters: pull-stream
//! configs, snapshot detection, stream notify URLs, transcoding templates,
//! blocked (forbidden) streams and stream lists.
//!
//! Each family lives in its own submodule; this module routes actions to
//! them and holds the helpers they share (time ranges, URL checks).

mod detect;
mod notify;
mod pull;
mod streams;
mod transcode;

use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};

use crate::error::ApiError;
use crate::state::{Ctx, Out};
use crate::timefmt;

/// State of these families.
#[derive(Debug, Default)]
pub struct FamilyState {
    pull: pull::PullStreams,
    detect: detect::Detect,
    notify: notify::StreamsNotify,
    transcode: transcode::Transcode,
    blocks: streams::Blocks,
}

impl FamilyState {
    /// Runs `cx.action` if it belongs to one of these families, else `None`.
    ///
    /// `snapshots` are the account's app snapshot configs (kept by
    /// [`crate::state::State`]), which `DescribeLiveStreamSnapshotInfo` reads.
    pub fn dispatch(&mut self, cx: &Ctx<'_>, snapshots: &[Map<String, Value>]) -> Option<Out> {
        // Blocks whose ResumeTime has passed are lifted before anything
        // looks at them, so every action sees the same block list.
        self.blocks.expire(cx.now);
        let out = match cx.action.name.as_str() {
            "AddLivePullStreamInfoConfig" => self.pull.add(cx),
            "DeleteLivePullStreamInfoConfig" => self.pull.delete(cx),
            "DescribeLivePullStreamConfig" => self.pull.describe(cx),
            "AddLiveDetectNotifyConfig" => self.detect.add_notify(cx),
            "UpdateLiveDetectNotifyConfig" => self.detect.update_notify(cx),
            "DeleteLiveDetectNotifyConfig" => self.detect.delete_notify(cx),
            "DescribeLiveDetectNotifyConfig" => self.detect.describe_notify(cx),
            "AddLiveSnapshotDetectPornConfig" => self.detect.add_porn(cx),
            "UpdateLiveSnapshotDetectPornConfig" => self.detect.update_porn(cx),
            "DeleteLiveSnapshotDetectPornConfig" => self.detect.delete_porn(cx),
            "DescribeLiveSnapshotDetectPornConfig" => self.detect.describe_porn(cx),
            "SetLiveStreamsNotifyUrlConfig" => self.notify.set(cx),
            "DeleteLiveStreamsNotifyUrlConfig" => self.notify.delete(cx),
            "DescribeLiveStreamsNotifyUrlConfig" => self.notify.describe(cx),
            "AddLiveStreamTranscode" => self.transcode.add_standard(cx),
            "AddCustomLiveStreamTranscode" => self.transcode.add_custom(cx),
            "DeleteLiveStreamTranscode" => self.transcode.delete(cx),
            "DescribeLiveStreamTranscodeInfo" => self.transcode.describe(cx),
            "AddTrancodeSEI" => self.transcode.add_sei(cx),
            "ForbidLiveStream" => self.blocks.forbid(cx),
            "ResumeLiveStream" => self.blocks.resume(cx),
            "DescribeLiveStreamsBlockList" => self.blocks.describe(cx),
            "DescribeLiveStreamsControlHistory" => self.blocks.history(cx),
            "DescribeLiveStreamsOnlineList" => streams::online_list(cx, &self.view()),
            "DescribeLiveStreamsPublishList" => streams::publish_list(cx, &self.view()),
            "DescribeLiveStreamBitRateData" => streams::bit_rate(cx),
            "DescribeLiveStreamHistoryUserNum" => streams::history_user_num(cx),
            "DescribeLiveStreamSnapshotInfo" => streams::snapshot_info(cx, snapshots),
            // The 2018 reference names this action without parameters or
            // response fields beyond RequestId, so an empty answer is all
            // it can say.
            "DescribeLiveStreamsFrameRateAndBitRateData" => Ok(Map::new()),
            _ => return None,
        };
        Some(out)
    }

    fn view(&self) -> streams::View<'_> {
        streams::View {
            pull: &self.pull,
            blocks: &self.blocks,
            transcode: &self.transcode,
        }
    }
}

/// A text field of a stored config ("" when absent).
fn s(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// An optional `YYYY-MM-DDThh:mm:ssZ` parameter: `None` when absent,
/// `Invalid<Name>.Malformed` when present but not in that format.
fn time_param(cx: &Ctx<'_>, name: &str) -> Result<Option<OffsetDateTime>, ApiError> {
    match cx.str(name) {
        None => Ok(None),
        Some(v) => timefmt::parse(v).map(Some).ok_or_else(|| {
            cx.errs.make_detailed(
                &format!("Invalid{name}.Malformed"),
                400,
                format!("Specified parameter {name} is malformed: {v:?} is not YYYY-MM-DDThh:mm:ssZ (UTC)."),
            )
        }),
    }
}

/// A required time parameter (the decoder guarantees presence).
fn req_time(cx: &Ctx<'_>, name: &str) -> Result<OffsetDateTime, ApiError> {
    time_param(cx, name)?.ok_or_else(|| cx.errs.internal())
}

/// `StartTime`/`EndTime` of a query: EndTime after StartTime and at most
/// `max_span` after it; `too_long` is the code for a longer span.
fn query_range(
    cx: &Ctx<'_>,
    max_span: Duration,
    too_long: &str,
) -> Result<(OffsetDateTime, OffsetDateTime), ApiError> {
    let (start, end) = (req_time(cx, "StartTime")?, req_time(cx, "EndTime")?);
    if end <= start {
        return Err(cx.errs.make_detailed(
            "InvalidEndTime.Mismatch",
            400,
            "Specified EndTime must be later than StartTime.",
        ));
    }
    if end - start > max_span {
        return Err(cx.errs.make_detailed(
            too_long,
            400,
            format!(
                "The time span between StartTime and EndTime exceeds the limit of {} hours.",
                max_span.whole_hours()
            ),
        ));
    }
    Ok((start, end))
}

/// Why a callback URL is refused.
#[derive(Debug, PartialEq, Eq)]
enum UrlProblem {
    /// Not `http(s)://host...`.
    Malformed,
    /// Points at the service's own network (loopback, private, link-local).
    Unsafe,
}

/// Checks a callback URL: `http://` or `https://` with a host, and a host
/// that is not loopback/private (the service will not call into its own
/// network).
fn check_callback_url(url: &str) -> Result<(), UrlProblem> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or(UrlProblem::Malformed)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, h)| h)
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if host.is_empty()
        || host.contains(char::is_whitespace)
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return Err(UrlProblem::Malformed);
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return Err(UrlProblem::Unsafe);
    }
    if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
        if ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified() {
            return Err(UrlProblem::Unsafe);
        }
    }
    Ok(())
}

/// OSS bucket naming: 3–63 lowercase letters, digits and hyphens, starting
/// and ending with a letter or digit.
fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_urls() {
        for ok in [
            "http://cb.example.com/notify",
            "https://cb.example.com:8443/x?y=1",
            "http://203.0.113.7/cb",
        ] {
            assert_eq!(check_callback_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "cb.example.com",
            "ftp://x.com",
            "http://",
            "http://a b.com/",
        ] {
            assert_eq!(check_callback_url(bad), Err(UrlProblem::Malformed), "{bad}");
        }
        for unsafe_url in [
            "http://localhost/cb",
            "http://127.0.0.1:80/cb",
            "https://10.1.2.3/cb",
            "http://user@192.168.0.1/",
        ] {
            assert_eq!(
                check_callback_url(unsafe_url),
                Err(UrlProblem::Unsafe),
                "{unsafe_url}"
            );
        }
    }

    #[test]
    fn buckets() {
        assert!(valid_bucket("live-snapshots-1"));
        for bad in ["ab", "Upper", "-lead", "trail-", "under_score"] {
            assert!(!valid_bucket(bad), "{bad}");
        }
    }
}

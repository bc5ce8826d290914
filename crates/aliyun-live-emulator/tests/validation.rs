//! Parameter validation driven by the spec, over real HTTP.

mod common;

use aliyun_live_emulator::timefmt;
use common::*;
use time::Duration;

const D: &str = "v.example.com";

async fn h() -> Harness {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    h
}

#[tokio::test]
async fn missing_required_parameters() {
    let h = h().await;
    let msg = h
        .err("DescribeLiveRecordConfig", &[], 400, "MissingDomainName")
        .await;
    assert_eq!(msg, "DomainName is mandatory for this action.");
    // Empty counts as missing.
    h.err(
        "DescribeLiveRecordConfig",
        &[("DomainName", "")],
        400,
        "MissingDomainName",
    )
    .await;
    h.err(
        "AddLiveRecordNotifyConfig",
        &[("DomainName", D)],
        400,
        "MissingNotifyUrl",
    )
    .await;
    h.err(
        "RealTimeRecordCommand",
        &[("DomainName", D), ("Command", "start"), ("StreamName", "s")],
        400,
        "MissingAppName",
    )
    .await;
}

#[tokio::test]
async fn malformed_and_out_of_range_values() {
    let h = h().await;
    let msg = h
        .err(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("PageSize", "ten")],
            400,
            "InvalidPageSize.Malformed",
        )
        .await;
    assert!(msg.contains("PageSize"), "{msg}");
    let msg = h
        .err(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("PageSize", "31")],
            400,
            "InvalidPageSize",
        )
        .await;
    assert!(msg.contains("31") && msg.contains("5..=30"), "{msg}");
    h.err(
        "DescribeLiveRecordConfig",
        &[("DomainName", D), ("PageSize", "4")],
        400,
        "InvalidPageSize",
    )
    .await;
    h.err(
        "DescribeLiveRecordConfig",
        &[("DomainName", D), ("PageNum", "0")],
        400,
        "InvalidPageNum",
    )
    .await;
    h.err(
        "DescribeLiveRecordConfig",
        &[("DomainName", D), ("PageNum", "99999999999")],
        400,
        "InvalidPageNum.Malformed",
    )
    .await;
    let msg = h
        .err(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("Order", "up")],
            400,
            "InvalidOrder",
        )
        .await;
    assert!(msg.contains("asc, desc"), "{msg}");
    // Prefix rule; the action documents the .Malformed code.
    h.err(
        "AddLiveRecordNotifyConfig",
        &[("DomainName", D), ("NotifyUrl", "ftp://x")],
        400,
        "InvalidNotifyUrl.Malformed",
    )
    .await;
    h.err(
        "AddLiveRecordNotifyConfig",
        &[
            ("DomainName", D),
            ("NotifyUrl", "http://x"),
            ("NeedStatusNotify", "maybe"),
        ],
        400,
        "InvalidNeedStatusNotify.Malformed",
    )
    .await;
    // Python-style booleans are accepted.
    h.ok(
        "AddLiveRecordNotifyConfig",
        &[
            ("DomainName", D),
            ("NotifyUrl", "http://x"),
            ("NeedStatusNotify", "True"),
        ],
    )
    .await;
    h.err(
        "AddLiveRecordVodConfig",
        &[
            ("DomainName", D),
            ("AppName", "a"),
            ("VodTranscodeGroupId", "g"),
            ("CycleDuration", "299"),
        ],
        400,
        "InvalidCycleDuration",
    )
    .await;
    h.err(
        "CreateLiveStreamRecordIndexFiles",
        &[
            ("DomainName", D),
            ("AppName", "a"),
            ("StreamName", "s"),
            ("OssEndpoint", "e"),
            ("OssBucket", "b"),
            ("OssObject", "o"),
            ("StartTime", "2017-12-21T08:00:00:00Z"),
            ("EndTime", "2017-12-22T08:00:00Z"),
        ],
        400,
        "InvalidStartTime.Malformed",
    )
    .await;
}

fn record(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut p = vec![
        ("DomainName", D),
        ("AppName", "a"),
        ("OssBucket", "b"),
        ("OssEndpoint", "e"),
    ];
    p.extend_from_slice(extra);
    p
}

#[tokio::test]
async fn repeat_lists_of_structs() {
    let h = h().await;
    // Template variables the prefix must contain; the action documents the field's own code.
    let msg = h
        .err(
            "AddLiveAppRecordConfig",
            &record(&[
                ("RecordFormat.1.Format", "m3u8"),
                ("RecordFormat.1.OssObjectPrefix", "rec/{AppName}"),
            ]),
            400,
            "InvalidOssObjectPrefix.Malformed",
        )
        .await;
    assert!(
        msg.contains("RecordFormat.1.OssObjectPrefix") && msg.contains("{EscapedStartTime}"),
        "{msg}"
    );
    h.err(
        "AddLiveAppRecordConfig",
        &record(&[("RecordFormat.1.Format", "avi")]),
        400,
        "InvalidFormat.Malformed",
    )
    .await;
    // Indices must be 1-based and contiguous.
    h.err(
        "AddLiveAppRecordConfig",
        &record(&[
            ("RecordFormat.1.Format", "flv"),
            ("RecordFormat.3.Format", "mp4"),
        ]),
        400,
        "InvalidRecordFormat.Malformed",
    )
    .await;
    h.err(
        "AddLiveAppRecordConfig",
        &record(&[("RecordFormat.0.Format", "flv")]),
        400,
        "InvalidRecordFormat.Malformed",
    )
    .await;
    h.err(
        "AddLiveAppRecordConfig",
        &record(&[("RecordFormat.1.CycleDuration", "60")]),
        400,
        "InvalidCycleDuration",
    )
    .await;
    let long = format!("{}{{EscapedStartTime}}{{EscapedEndTime}}", "x".repeat(240));
    let mut p: Vec<(&str, &str)> = record(&[("RecordFormat.1.Format", "flv")]);
    p.push(("RecordFormat.1.OssObjectPrefix", &long));
    h.err(
        "AddLiveAppRecordConfig",
        &p,
        400,
        "InvalidOssObjectPrefix.Malformed",
    )
    .await;
    // Valid, with an unknown extra parameter (ignored like the service does).
    h.ok(
        "AddLiveAppRecordConfig",
        &record(&[
            ("RecordFormat.1.Format", "flv"),
            ("RecordFormat.2.Format", "mp4"),
            ("Unknown", "x"),
        ]),
    )
    .await;
}

#[tokio::test]
async fn rules() {
    let h = h().await;
    // required_if: AutoCompose=ON needs ComposeVodTranscodeGroupId.
    let msg = h
        .err(
            "AddLiveRecordVodConfig",
            &[
                ("DomainName", D),
                ("AppName", "a"),
                ("VodTranscodeGroupId", "g"),
                ("AutoCompose", "ON"),
            ],
            400,
            "MissingComposeVodTranscodeGroupId",
        )
        .await;
    assert!(msg.contains("AutoCompose"), "{msg}");
    h.ok(
        "AddLiveRecordVodConfig",
        &[
            ("DomainName", D),
            ("AppName", "a"),
            ("VodTranscodeGroupId", "g"),
            ("AutoCompose", "OFF"),
        ],
    )
    .await;

    let now = h.now();
    let t = |d: Duration| timefmt::format(now + d);
    let stream = [("DomainName", D), ("AppName", "a"), ("StreamName", "s")];
    // End before start.
    let (s, e) = (t(-Duration::hours(1)), t(-Duration::hours(2)));
    let mut p = stream.to_vec();
    p.extend([("StartTime", s.as_str()), ("EndTime", e.as_str())]);
    h.err(
        "DescribeLiveStreamRecordIndexFiles",
        &p,
        400,
        "InvalidEndTime.Mismatch",
    )
    .await;
    // More than 4 days apart.
    let (s, e) = (t(-Duration::days(6)), t(-Duration::days(1)));
    let mut p = stream.to_vec();
    p.extend([("StartTime", s.as_str()), ("EndTime", e.as_str())]);
    let msg = h
        .err(
            "DescribeLiveStreamRecordIndexFiles",
            &p,
            400,
            "InvalidTimeSpan",
        )
        .await;
    assert!(msg.contains("345600"), "{msg}");
    // not_before 2018-01-01.
    h.err(
        "DescribeLiveDomainSnapshotData",
        &[
            ("DomainName", D),
            ("StartTime", "2017-12-31T00:00:00Z"),
            ("EndTime", "2018-01-02T00:00:00Z"),
        ],
        400,
        "InvalidStartTime.ValueNotSupported",
    )
    .await;
}

#[tokio::test]
async fn aliases_of_actions_are_accepted() {
    let h = h().await;
    // The reference also calls it AddLiveAppRecordConf.
    h.ok("AddLiveAppRecordConf", &record(&[])).await;
    let body = h.ok("DescribeLiveRecordConfig", &[("DomainName", D)]).await;
    assert_eq!(body["TotalNum"], 1);
}

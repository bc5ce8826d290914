//! State rules of the pull-stream, detection, stream notify, transcoding
//! and stream families, over real signed HTTP.

mod common;

use aliyun_live_emulator::{Emulator, embedded_spec, timefmt};
use common::*;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

const D: &str = "play.example.com";

async fn with_domain() -> Harness {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    h
}

/// An emulator whose clock stands still at `t` (so synthetic data and
/// time windows are exact).
async fn at(t: &str) -> Harness {
    let t = timefmt::parse(t).expect("valid time");
    let mut h = start_with(Emulator::builder().credential(ID, SECRET).fixed_time(t)).await;
    h.now = Some(t);
    h.add_domain(D, "liveVideo").await;
    h
}

fn list<'a>(body: &'a Value, field: &str, wrapper: &str) -> &'a Vec<Value> {
    body[field][wrapper]
        .as_array()
        .unwrap_or_else(|| panic!("{field}.{wrapper} is not a list: {body}"))
}

/// Asserts `body` has exactly the spec's shape for `action`.
fn conforms(action: &str, body: &Value) {
    let spec = embedded_spec().expect("spec loads");
    let a = spec.action(action).expect("action exists");
    let problems = aliyun_live_emulator::conformance::check(&spec, a, body);
    assert!(problems.is_empty(), "{action}: {problems:?}\n{body:#}");
}

fn refs(p: &[(String, String)]) -> Vec<(&str, &str)> {
    p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn fmt(t: OffsetDateTime) -> String {
    timefmt::format(t)
}

#[tokio::test]
async fn pull_stream_configs() {
    let h = with_domain().await;
    let now = h.now();
    let (start, end) = (fmt(now - Duration::hours(1)), fmt(now + Duration::hours(5)));
    let add = |stream: &'static str, source: &'static str, s: String, e: String| {
        vec![
            ("DomainName".to_owned(), D.to_owned()),
            ("AppName".into(), "live".into()),
            ("StreamName".into(), stream.into()),
            ("SourceUrl".into(), source.into()),
            ("StartTime".into(), s),
            ("EndTime".into(), e),
        ]
    };

    let p = add(
        "s1",
        "rtmp://origin.example.com/live/s1;http://backup.example.com/live/s1.flv",
        start.clone(),
        end.clone(),
    );
    h.ok_then_err(
        "AddLivePullStreamInfoConfig",
        &refs(&p),
        400,
        "ConfigAlreadyExists",
    )
    .await;
    let bad = add(
        "s2",
        "ftp://origin.example.com/x",
        start.clone(),
        end.clone(),
    );
    let msg = h
        .err(
            "AddLivePullStreamInfoConfig",
            &refs(&bad),
            400,
            "InvalidParam",
        )
        .await;
    assert!(msg.contains("SourceUrl"), "{msg}");
    let bad = add(
        "s2",
        "rtmp://o.example.com/a",
        "yesterday".into(),
        end.clone(),
    );
    h.err(
        "AddLivePullStreamInfoConfig",
        &refs(&bad),
        400,
        "InvalidStartTime.Malformed",
    )
    .await;
    // A window already over, and one longer than 7 days.
    let bad = add(
        "s2",
        "rtmp://o.example.com/a",
        fmt(now - Duration::hours(3)),
        fmt(now - Duration::hours(2)),
    );
    h.err(
        "AddLivePullStreamInfoConfig",
        &refs(&bad),
        400,
        "InvalidEndTime.Mismatch",
    )
    .await;
    let bad = add(
        "s2",
        "rtmp://o.example.com/a",
        start.clone(),
        fmt(now + Duration::days(8)),
    );
    h.err(
        "AddLivePullStreamInfoConfig",
        &refs(&bad),
        400,
        "Duration.Exceed",
    )
    .await;

    let body = h
        .ok("DescribeLivePullStreamConfig", &[("DomainName", D)])
        .await;
    conforms("DescribeLivePullStreamConfig", &body);
    let items = list(&body, "LiveAppRecordList", "LiveAppRecord");
    assert_eq!(items.len(), 1, "{body}");
    assert_eq!(items[0]["StreamName"], "s1");
    assert_eq!(items[0]["SourceUsing"], "rtmp://origin.example.com/live/s1");
    assert_eq!(items[0]["StartTime"], start.as_str());
    assert_eq!(items[0]["EndTime"], end.as_str());

    let key = [("DomainName", D), ("AppName", "live"), ("StreamName", "s1")];
    h.ok_then_err(
        "DeleteLivePullStreamInfoConfig",
        &key,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let body = h
        .ok("DescribeLivePullStreamConfig", &[("DomainName", D)])
        .await;
    assert!(list(&body, "LiveAppRecordList", "LiveAppRecord").is_empty());
    h.err(
        "DescribeLivePullStreamConfig",
        &[("DomainName", "nope.example.com")],
        404,
        "InvalidDomain.NotFound",
    )
    .await;
}

#[tokio::test]
async fn detect_notify_config() {
    let h = with_domain().await;
    let d = [("DomainName", D)];
    h.err(
        "DescribeLiveDetectNotifyConfig",
        &d,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.err(
        "AddLiveDetectNotifyConfig",
        &[d[0], ("NotifyUrl", "cb.example.com/x")],
        400,
        "InvalidNotifyUrl.Malformed",
    )
    .await;
    h.err(
        "AddLiveDetectNotifyConfig",
        &[d[0], ("NotifyUrl", "http://127.0.0.1:8080/x")],
        400,
        "InvalidNotifyUrl.Unsafe",
    )
    .await;
    let add = [d[0], ("NotifyUrl", "http://cb.example.com/detect")];
    h.ok_then_err(
        "AddLiveDetectNotifyConfig",
        &add,
        400,
        "ConfigAlreadyExists",
    )
    .await;
    let body = h.ok("DescribeLiveDetectNotifyConfig", &d).await;
    conforms("DescribeLiveDetectNotifyConfig", &body);
    assert_eq!(body["LiveDetectNotifyConfig"]["DomainName"], D);
    assert_eq!(
        body["LiveDetectNotifyConfig"]["NotifyUrl"],
        "http://cb.example.com/detect"
    );
    h.ok(
        "UpdateLiveDetectNotifyConfig",
        &[d[0], ("NotifyUrl", "https://cb2.example.com/d")],
    )
    .await;
    let body = h.ok("DescribeLiveDetectNotifyConfig", &d).await;
    assert_eq!(
        body["LiveDetectNotifyConfig"]["NotifyUrl"],
        "https://cb2.example.com/d"
    );
    h.ok_then_err(
        "DeleteLiveDetectNotifyConfig",
        &d,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.err(
        "UpdateLiveDetectNotifyConfig",
        &[d[0], ("NotifyUrl", "https://cb2.example.com/d")],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
}

#[tokio::test]
async fn snapshot_porn_detection_configs() {
    let h = with_domain().await;
    let base = [
        ("DomainName", D),
        ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
        ("OssBucket", "detect-bucket"),
    ];
    for i in 0..7 {
        let app = format!("app{i}");
        let mut p = base.to_vec();
        p.push(("AppName", &app));
        p.push(("Interval", "30"));
        p.push(("Scene.1", "porn"));
        p.push(("Scene.2", "terrorism"));
        h.ok("AddLiveSnapshotDetectPornConfig", &p).await;
        if i == 0 {
            h.err(
                "AddLiveSnapshotDetectPornConfig",
                &p,
                400,
                "ConfigAlreadyExists",
            )
            .await;
        }
    }
    let mut p = base.to_vec();
    p.extend([("AppName", "x"), ("Scene.1", "cats")]);
    let msg = h
        .err("AddLiveSnapshotDetectPornConfig", &p, 400, "InvalidScenes")
        .await;
    assert!(msg.contains("cats"), "{msg}");
    let p = [
        base[0],
        base[1],
        ("OssBucket", "Bad_Bucket"),
        ("AppName", "x"),
    ];
    h.err(
        "AddLiveSnapshotDetectPornConfig",
        &p,
        400,
        "InvalidOssBucket.Malformed",
    )
    .await;

    let page = h
        .ok(
            "DescribeLiveSnapshotDetectPornConfig",
            &[
                ("DomainName", D),
                ("PageSize", "5"),
                ("PageNum", "2"),
                ("Order", "desc"),
            ],
        )
        .await;
    conforms("DescribeLiveSnapshotDetectPornConfig", &page);
    assert_eq!(page["TotalNum"], 7);
    assert_eq!(page["TotalPage"], 2);
    assert_eq!(page["Order"], "desc");
    let items = list(
        &page,
        "LiveSnapshotDetectPornConfigList",
        "LiveSnapshotDetectPornConfig",
    );
    let apps: Vec<&str> = items.iter().filter_map(|c| c["AppName"].as_str()).collect();
    assert_eq!(apps, ["app1", "app0"]);
    assert_eq!(
        items[0]["Scenes"]["scene"],
        serde_json::json!(["porn", "terrorism"])
    );
    assert_eq!(items[0]["Interval"], 30);

    // Update changes only what is sent.
    h.ok(
        "UpdateLiveSnapshotDetectPornConfig",
        &[
            ("DomainName", D),
            ("AppName", "app3"),
            ("Interval", "120"),
            ("Scene.1", "ad"),
        ],
    )
    .await;
    let one = h
        .ok(
            "DescribeLiveSnapshotDetectPornConfig",
            &[("DomainName", D), ("AppName", "app3")],
        )
        .await;
    let c = &list(
        &one,
        "LiveSnapshotDetectPornConfigList",
        "LiveSnapshotDetectPornConfig",
    )[0];
    assert_eq!(c["Interval"], 120);
    assert_eq!(c["OssBucket"], "detect-bucket");
    assert_eq!(c["Scenes"]["scene"], serde_json::json!(["ad"]));

    let key = [("DomainName", D), ("AppName", "app3")];
    h.ok_then_err(
        "DeleteLiveSnapshotDetectPornConfig",
        &key,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.err(
        "UpdateLiveSnapshotDetectPornConfig",
        &[key[0], key[1], ("Interval", "60")],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
}

#[tokio::test]
async fn streams_notify_url() {
    let h = with_domain().await;
    let d = [("DomainName", D)];
    h.err(
        "DescribeLiveStreamsNotifyUrlConfig",
        &d,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let msg = h
        .err(
            "SetLiveStreamsNotifyUrlConfig",
            &[
                d[0],
                ("NotifyUrl", "http://cb.example.com/s"),
                ("NotifyReqAuth", "yes"),
            ],
            400,
            "InvalidParam",
        )
        .await;
    assert!(msg.contains("NotifyAuthKey"), "{msg}");
    h.ok(
        "SetLiveStreamsNotifyUrlConfig",
        &[
            d[0],
            ("NotifyUrl", "http://cb.example.com/s"),
            ("NotifyReqAuth", "yes"),
            ("NotifyAuthKey", "0123456789abcdefABCDEF"),
        ],
    )
    .await;
    let body = h.ok("DescribeLiveStreamsNotifyUrlConfig", &d).await;
    conforms("DescribeLiveStreamsNotifyUrlConfig", &body);
    let c = &body["LiveStreamsNotifyConfig"];
    assert_eq!(c["NotifyUrl"], "http://cb.example.com/s");
    assert_eq!(c["NotifyReqAuth"], "yes");
    assert_eq!(c["NotifyAuthKey"], "0123456789abcdefABCDEF");
    // Set again replaces the config.
    h.ok(
        "SetLiveStreamsNotifyUrlConfig",
        &[d[0], ("NotifyUrl", "https://cb2.example.com/s")],
    )
    .await;
    let body = h.ok("DescribeLiveStreamsNotifyUrlConfig", &d).await;
    let c = &body["LiveStreamsNotifyConfig"];
    assert_eq!(c["NotifyUrl"], "https://cb2.example.com/s");
    assert_eq!(c["NotifyReqAuth"], "no");
    assert_eq!(c["NotifyAuthKey"], "");
    h.ok_then_err(
        "DeleteLiveStreamsNotifyUrlConfig",
        &d,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.err(
        "DescribeLiveStreamsNotifyUrlConfig",
        &d,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
}

#[tokio::test]
async fn transcode_templates() {
    let h = with_domain().await;
    h.err(
        "AddLiveStreamTranscode",
        &[
            ("Domain", "nope.example.com"),
            ("App", "live"),
            ("Template", "lld"),
        ],
        404,
        "InvalidDomain.NotFound",
    )
    .await;
    let msg = h
        .err(
            "AddLiveStreamTranscode",
            &[("Domain", D), ("App", "live"), ("Template", "my-720p")],
            400,
            "InvalidParameters",
        )
        .await;
    assert!(msg.contains("lld"), "{msg}");
    let std = [("Domain", D), ("App", "live"), ("Template", "lhd")];
    h.ok_then_err("AddLiveStreamTranscode", &std, 400, "ConfigAlreadyExists")
        .await;
    let custom = [
        ("Domain", D),
        ("App", "live"),
        ("Template", "my-720p"),
        ("TemplateType", "h264"),
        ("Height", "720"),
        ("Width", "1280"),
        ("FPS", "30"),
        ("VideoBitrate", "2000"),
        ("Gop", "60"),
        ("Profile", "3"),
        ("AudioCodec", "aac"),
        ("AudioBitrate", "128"),
        ("Lazy", "yes"),
        ("ResWithSource", r#"{"enable":"yes"}"#),
        ("KmsKeyID", "kms-key-1"),
        ("KmsKeyExpireInterval", "600"),
    ];
    // Video templates need the picture size, frame rate and bitrate.
    let msg = h
        .err(
            "AddCustomLiveStreamTranscode",
            &custom[..4],
            400,
            "InvalidParameters",
        )
        .await;
    assert!(msg.contains("Height"), "{msg}");
    for (k, v, code) in [
        ("Height", "3000", "InvalidParameters"),
        ("FPS", "61", "InvalidParameters"),
        ("ResWithSource", "not json", "InvalidParameters"),
        ("KmsKeyExpireInterval", "10", "InvalidParameters"),
        ("Template", "lld", "InvalidParameters"),
        ("TemplateType", "vp9", "InvalidParameters"),
    ] {
        let p: Vec<(&str, &str)> = custom
            .iter()
            .map(|&(pk, pv)| if pk == k { (pk, v) } else { (pk, pv) })
            .collect();
        h.err("AddCustomLiveStreamTranscode", &p, 400, code).await;
    }
    h.ok_then_err(
        "AddCustomLiveStreamTranscode",
        &custom,
        400,
        "ConfigAlreadyExists",
    )
    .await;
    h.ok(
        "AddCustomLiveStreamTranscode",
        &[
            ("Domain", D),
            ("App", "radio"),
            ("Template", "aac-64"),
            ("TemplateType", "audio"),
            ("AudioBitrate", "64"),
        ],
    )
    .await;

    let body = h
        .ok(
            "DescribeLiveStreamTranscodeInfo",
            &[("DomainTranscodeName", D), ("AppName", "live")],
        )
        .await;
    conforms("DescribeLiveStreamTranscodeInfo", &body);
    let items = list(&body, "DomainTranscodeList", "DomainTranscodeInfo");
    let names: Vec<&str> = items
        .iter()
        .filter_map(|i| i["TranscodeTemplate"].as_str())
        .collect();
    assert_eq!(names, ["lhd", "my-720p"]);
    assert_eq!(
        items[0]["IsLazy"], true,
        "standard templates default to lazy"
    );
    assert_eq!(items[0]["TranscodeName"], D);
    let c = &items[1]["CustomTranscodeParameters"];
    assert_eq!(c["TemplateType"], "h264");
    assert_eq!(
        (c["Height"].as_i64(), c["Width"].as_i64(), c["FPS"].as_i64()),
        (Some(720), Some(1280), Some(30))
    );
    assert_eq!(c["VideoProfile"], "high");
    assert_eq!(c["Gop"], "60");
    assert_eq!(c["ResWithSource"]["enable"], "yes");
    let e = &items[1]["EncryptParameters"];
    assert_eq!(
        (
            e["EncryptType"].as_str(),
            e["KmsKeyID"].as_str(),
            e["KmsKeyExpireInterval"].as_str()
        ),
        (Some("aliyun"), Some("kms-key-1"), Some("600"))
    );
    let all = h
        .ok(
            "DescribeLiveStreamTranscodeInfo",
            &[("DomainTranscodeName", D)],
        )
        .await;
    assert_eq!(
        list(&all, "DomainTranscodeList", "DomainTranscodeInfo").len(),
        3
    );

    // SEI goes into transcoded streams only.
    let sei = |app: &'static str| {
        [
            ("DomainName", D),
            ("AppName", app),
            ("StreamName", "s1"),
            ("Text", "{\"score\":1}"),
            ("Pattern", "keyframe"),
            ("Repeat", "-1"),
            ("Delay", "0"),
        ]
    };
    h.ok("AddTrancodeSEI", &sei("live")).await;
    h.err(
        "AddTrancodeSEI",
        &sei("other"),
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let mut bad = sei("live");
    bad[4].1 = "sometimes";
    h.err("AddTrancodeSEI", &bad, 400, "InvalidParameters")
        .await;

    h.ok_then_err(
        "DeleteLiveStreamTranscode",
        &std,
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let body = h
        .ok(
            "DescribeLiveStreamTranscodeInfo",
            &[("DomainTranscodeName", D), ("AppName", "live")],
        )
        .await;
    assert_eq!(
        list(&body, "DomainTranscodeList", "DomainTranscodeInfo").len(),
        1
    );
}

#[tokio::test]
async fn forbid_resume_block_list_and_history() {
    let h = with_domain().await;
    let now = h.now();
    let stream = |s: &'static str| {
        [
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", s),
            ("LiveStreamType", "publisher"),
        ]
    };
    h.ok_then_err(
        "ForbidLiveStream",
        &stream("bad1"),
        400,
        "ConfigAlreadyExists",
    )
    .await;
    let resume_at = fmt(now + Duration::days(1));
    let mut p = stream("bad2").to_vec();
    p.push(("ResumeTime", &resume_at));
    h.ok("ForbidLiveStream", &p).await;
    let past = fmt(now - Duration::hours(1));
    let mut p = stream("bad3").to_vec();
    p.push(("ResumeTime", &past));
    h.err("ForbidLiveStream", &p, 400, "InvalidResumeTime.Malformed")
        .await;
    let mut p = stream("bad3").to_vec();
    p.push(("ResumeTime", "tomorrow"));
    h.err("ForbidLiveStream", &p, 400, "InvalidResumeTime.Malformed")
        .await;
    // A one-shot cut does not block.
    let mut p = stream("kicked").to_vec();
    p.push(("Oneshot", "yes"));
    h.ok("ForbidLiveStream", &p).await;

    let body = h
        .ok(
            "DescribeLiveStreamsBlockList",
            &[("DomainName", D), ("PageSize", "1"), ("PageNum", "2")],
        )
        .await;
    conforms("DescribeLiveStreamsBlockList", &body);
    assert_eq!(body["TotalNum"], 2);
    assert_eq!(body["TotalPage"], 2);
    assert_eq!(body["DomainName"], D);
    assert_eq!(
        list(&body, "StreamUrls", "StreamUrl"),
        &vec![Value::from(format!("{D}/live/bad2"))]
    );

    let resume = [
        ("DomainName", D),
        ("LiveStreamType", "publisher"),
        ("AppName", "live"),
        ("StreamName", "bad1"),
    ];
    h.ok_then_err("ResumeLiveStream", &resume, 404, "InvalidConfig.NotFound")
        .await;
    let body = h
        .ok("DescribeLiveStreamsBlockList", &[("DomainName", D)])
        .await;
    assert_eq!(
        list(&body, "StreamUrls", "StreamUrl"),
        &vec![Value::from(format!("{D}/live/bad2"))]
    );

    let (from, to) = (
        fmt(now - Duration::minutes(5)),
        fmt(now + Duration::minutes(5)),
    );
    let range = vec![
        ("DomainName", D),
        ("StartTime", from.as_str()),
        ("EndTime", to.as_str()),
    ];
    let body = h.ok("DescribeLiveStreamsControlHistory", &range).await;
    conforms("DescribeLiveStreamsControlHistory", &body);
    let events: Vec<(String, String)> = list(&body, "ControlInfo", "LiveStreamControlInfo")
        .iter()
        .map(|e| {
            (
                e["Action"].as_str().unwrap_or_default().to_owned(),
                e["StreamName"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("ForbidLiveStream", "bad1"),
        ("ForbidLiveStream", "bad2"),
        ("ForbidLiveStream", "kicked"),
        ("ResumeLiveStream", "bad1"),
    ]
    .iter()
    .map(|(a, s)| ((*a).to_owned(), (*s).to_owned()))
    .collect();
    assert_eq!(events, expected);
    // Another app, an earlier window: nothing.
    let mut other = range.clone();
    other.push(("AppName", "other"));
    let body = h.ok("DescribeLiveStreamsControlHistory", &other).await;
    assert!(list(&body, "ControlInfo", "LiveStreamControlInfo").is_empty());
    let week = fmt(now - Duration::days(8));
    h.err(
        "DescribeLiveStreamsControlHistory",
        &[range[0], ("StartTime", &week), range[2]],
        400,
        "InvalidStartTime.ValueNotSupported",
    )
    .await;
}

#[tokio::test]
async fn online_list_follows_pulls_blocks_and_transcoding() {
    let h = at("2026-03-01T12:00:30Z").await;
    let body = h
        .ok("DescribeLiveStreamsOnlineList", &[("DomainName", D)])
        .await;
    conforms("DescribeLiveStreamsOnlineList", &body);
    let names = |b: &Value| -> Vec<String> {
        list(b, "OnlineInfo", "LiveStreamOnlineInfo")
            .iter()
            .filter_map(|i| i["StreamName"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(names(&body), ["stream1", "stream2"], "sample streams");
    assert_eq!(body["TotalNum"], 2);

    // A pull config with an open window replaces the samples.
    h.ok(
        "AddLivePullStreamInfoConfig",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "pulled"),
            ("SourceUrl", "rtmp://origin.example.com/live/pulled"),
            ("StartTime", "2026-03-01T11:00:00Z"),
            ("EndTime", "2026-03-01T13:00:00Z"),
        ],
    )
    .await;
    h.ok(
        "AddLiveStreamTranscode",
        &[("Domain", D), ("App", "live"), ("Template", "lsd")],
    )
    .await;
    let body = h
        .ok("DescribeLiveStreamsOnlineList", &[("DomainName", D)])
        .await;
    assert_eq!(names(&body), ["pulled_lsd", "pulled"]);
    let items = list(&body, "OnlineInfo", "LiveStreamOnlineInfo");
    assert_eq!(items[1]["PublishType"], "pull");
    assert_eq!(items[1]["Transcoded"], "no");
    assert_eq!(items[0]["Transcoded"], "yes");
    assert_eq!(items[1]["PublishTime"], "2026-03-01T11:00:00Z");
    let raw = h
        .ok(
            "DescribeLiveStreamsOnlineList",
            &[("DomainName", D), ("StreamType", "raw")],
        )
        .await;
    assert_eq!(names(&raw), ["pulled"]);
    let strict = h
        .ok(
            "DescribeLiveStreamsOnlineList",
            &[
                ("DomainName", D),
                ("StreamName", "pull"),
                ("QueryType", "strict"),
            ],
        )
        .await;
    assert!(names(&strict).is_empty());
    let fuzzy = h
        .ok(
            "DescribeLiveStreamsOnlineList",
            &[("DomainName", D), ("StreamName", "pull")],
        )
        .await;
    assert_eq!(names(&fuzzy).len(), 2);
    let only = h
        .ok(
            "DescribeLiveStreamsOnlineList",
            &[("DomainName", D), ("OnlyStream", "yes")],
        )
        .await;
    let first = list(&only, "OnlineInfo", "LiveStreamOnlineInfo")[0]
        .as_object()
        .expect("object");
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["AppName", "DomainName", "PublishTime", "StreamName"]);

    // Blocking the stream takes it (and its transcodes) offline.
    h.ok(
        "ForbidLiveStream",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "pulled"),
            ("LiveStreamType", "publisher"),
        ],
    )
    .await;
    let body = h
        .ok("DescribeLiveStreamsOnlineList", &[("DomainName", D)])
        .await;
    assert!(
        !names(&body).iter().any(|n| n.starts_with("pulled")),
        "{body}"
    );
}

#[tokio::test]
async fn publish_list_pages_and_ranges() {
    let h = at("2026-03-01T12:00:30Z").await;
    let q = |extra: &[(&'static str, &'static str)]| {
        let mut p = vec![
            ("DomainName", D),
            ("StartTime", "2026-03-01T00:00:00Z"),
            ("EndTime", "2026-03-01T06:00:00Z"),
        ];
        p.extend_from_slice(extra);
        p
    };
    let body = h.ok("DescribeLiveStreamsPublishList", &q(&[])).await;
    conforms("DescribeLiveStreamsPublishList", &body);
    // Two sample streams publish once an hour: 6 hours, 12 sessions.
    assert_eq!(body["TotalNum"], 12);
    let items = list(&body, "PublishInfo", "LiveStreamPublishInfo");
    let times: Vec<&str> = items
        .iter()
        .filter_map(|i| i["PublishTime"].as_str())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first by default");
    assert!(
        times
            .iter()
            .all(|t| *t >= "2026-03-01T00:00:00Z" && *t < "2026-03-01T06:00:00Z")
    );
    assert!(items.iter().all(|i| {
        i["StopTime"]
            .as_str()
            .is_some_and(|s| s > i["PublishTime"].as_str().unwrap_or_default())
    }));
    // Same request, same answer.
    assert_eq!(
        body["PublishInfo"],
        h.ok("DescribeLiveStreamsPublishList", &q(&[])).await["PublishInfo"]
    );

    let page = h
        .ok(
            "DescribeLiveStreamsPublishList",
            &q(&[
                ("PageSize", "5"),
                ("PageNumber", "3"),
                ("OrderBy", "stream_name_asc"),
            ]),
        )
        .await;
    assert_eq!(
        (
            page["PageNum"].as_i64(),
            page["PageSize"].as_i64(),
            page["TotalPage"].as_i64()
        ),
        (Some(3), Some(5), Some(3))
    );
    let names: Vec<&str> = list(&page, "PublishInfo", "LiveStreamPublishInfo")
        .iter()
        .filter_map(|i| i["StreamName"].as_str())
        .collect();
    assert_eq!(names, ["stream2", "stream2"]);

    h.err(
        "DescribeLiveStreamsPublishList",
        &[
            ("DomainName", D),
            ("StartTime", "2026-01-01T00:00:00Z"),
            ("EndTime", "2026-02-15T00:00:00Z"),
        ],
        400,
        "Duration.Exceed",
    )
    .await;
    h.err(
        "DescribeLiveStreamsPublishList",
        &[
            ("DomainName", D),
            ("StartTime", "2026-03-01T06:00:00Z"),
            ("EndTime", "2026-03-01T00:00:00Z"),
        ],
        400,
        "InvalidEndTime.Mismatch",
    )
    .await;
}

#[tokio::test]
async fn per_stream_data_is_deterministic_and_consistent() {
    let h = at("2026-03-01T12:00:30Z").await;
    let s = [
        ("DomainName", D),
        ("AppName", "live"),
        ("StreamName", "stream1"),
    ];
    let hist = h
        .ok(
            "DescribeLiveStreamHistoryUserNum",
            &[
                s[0],
                s[1],
                s[2],
                ("StartTime", "2026-03-01T11:00:00Z"),
                ("EndTime", "2026-03-01T12:00:30Z"),
            ],
        )
        .await;
    conforms("DescribeLiveStreamHistoryUserNum", &hist);
    let points = list(&hist, "LiveStreamUserNumInfos", "LiveStreamUserNumInfo");
    assert_eq!(points.len(), 61, "one point per minute");
    assert_eq!(points[60]["StreamTime"], "2026-03-01T12:00:00Z");
    // The last minute's count is the current online count.
    let online = h
        .ok("DescribeLiveStreamOnlineUserNum", &[s[0], s[1], s[2]])
        .await;
    let now_users =
        online["OnlineUserInfo"]["LiveStreamOnlineUserNumInfo"][0]["UserNumber"].as_i64();
    assert_eq!(
        points[60]["UserNum"].as_str().and_then(|n| n.parse().ok()),
        now_users,
        "{online}"
    );
    h.err(
        "DescribeLiveStreamHistoryUserNum",
        &[
            s[0],
            s[1],
            s[2],
            ("StartTime", "2026-03-01T11:00:00Z"),
            ("EndTime", "2026-03-01T13:00:00Z"),
        ],
        400,
        "InvalidEndTime.Mismatch",
    )
    .await;

    let rate = h
        .ok(
            "DescribeLiveStreamBitRateData",
            &[
                s[0],
                s[1],
                s[2],
                ("StartTime", "2026-03-01T11:50:00Z"),
                ("EndTime", "2026-03-01T12:00:00Z"),
            ],
        )
        .await;
    conforms("DescribeLiveStreamBitRateData", &rate);
    let points = list(&rate, "FrameRateAndBitRateInfos", "FrameRateAndBitRateInfo");
    assert_eq!(points.len(), 10);
    assert_eq!(points[0]["StreamUrl"], format!("rtmp://{D}/live/stream1"));
    assert!(points.iter().all(|p| {
        p["VideoFrameRate"]
            .as_f64()
            .is_some_and(|f| (25.0..=30.0).contains(&f))
    }));
    let latest = h.ok("DescribeLiveStreamBitRateData", &s).await;
    assert_eq!(
        list(
            &latest,
            "FrameRateAndBitRateInfos",
            "FrameRateAndBitRateInfo"
        )
        .len(),
        1
    );
    h.err(
        "DescribeLiveStreamBitRateData",
        &[
            s[0],
            s[1],
            s[2],
            ("StartTime", "2026-02-01T00:00:00Z"),
            ("EndTime", "2026-03-01T00:00:00Z"),
        ],
        400,
        "InvalidTime.ValueNotSupported",
    )
    .await;
}

#[tokio::test]
async fn stream_snapshot_info_from_the_app_snapshot_config() {
    let h = at("2026-03-01T12:00:30Z").await;
    let q = |extra: &[(&'static str, &'static str)]| {
        let mut p = vec![
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "s1"),
            ("StartTime", "2026-03-01T11:00:00Z"),
            ("EndTime", "2026-03-01T11:01:40Z"),
        ];
        p.extend_from_slice(extra);
        p
    };
    h.err(
        "DescribeLiveStreamSnapshotInfo",
        &q(&[]),
        400,
        "InvalidStream.NotFound",
    )
    .await;
    h.ok(
        "AddLiveAppSnapshotConfig",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("TimeInterval", "10"),
            ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
            ("OssBucket", "snaps"),
            (
                "SequenceOssObject",
                "{AppName}/{StreamName}/{UnixTimestamp}.jpg",
            ),
        ],
    )
    .await;
    let body = h
        .ok("DescribeLiveStreamSnapshotInfo", &q(&[("Limit", "4")]))
        .await;
    conforms("DescribeLiveStreamSnapshotInfo", &body);
    let items = list(
        &body,
        "LiveStreamSnapshotInfoList",
        "LiveStreamSnapshotInfo",
    );
    let times: Vec<&str> = items
        .iter()
        .filter_map(|i| i["CreateTime"].as_str())
        .collect();
    assert_eq!(
        times,
        [
            "2026-03-01T11:00:00Z",
            "2026-03-01T11:00:10Z",
            "2026-03-01T11:00:20Z",
            "2026-03-01T11:00:30Z"
        ]
    );
    assert_eq!(body["NextStartTime"], "2026-03-01T11:00:40Z");
    let t0 = timefmt::parse("2026-03-01T11:00:00Z")
        .expect("time")
        .unix_timestamp();
    assert_eq!(items[0]["OssObject"], format!("live/s1/{t0}.jpg"));
    assert_eq!(items[0]["CreateTimestamp"], t0 * 1000);
    assert_eq!(items[0]["IsOverlay"], false);
    assert_eq!(items[0]["OssBucket"], "snaps");
    // All ten fit in one call; newest first on request.
    let body = h
        .ok(
            "DescribeLiveStreamSnapshotInfo",
            &q(&[("Limit", "100"), ("Order", "desc")]),
        )
        .await;
    let items = list(
        &body,
        "LiveStreamSnapshotInfoList",
        "LiveStreamSnapshotInfo",
    );
    assert_eq!(items.len(), 10);
    assert_eq!(items[0]["CreateTime"], "2026-03-01T11:01:30Z");
    assert!(body.get("NextStartTime").is_none(), "none left: {body}");
    h.err(
        "DescribeLiveStreamSnapshotInfo",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "s1"),
            ("StartTime", "2026-02-01T00:00:00Z"),
            ("EndTime", "2026-03-01T00:00:00Z"),
        ],
        400,
        "InvalidEndTime.Mismatch",
    )
    .await;
}

#[tokio::test]
async fn ranges_at_the_end_of_the_calendar_answer_without_data() {
    let h = at("2026-03-01T12:00:30Z").await;
    let (start, end) = ("9999-12-31T23:00:00Z", "9999-12-31T23:59:59Z");
    let body = h
        .ok(
            "DescribeLiveStreamsPublishList",
            &[("DomainName", D), ("StartTime", start), ("EndTime", end)],
        )
        .await;
    assert_eq!(body["TotalNum"], 0);
    let body = h
        .ok(
            "DescribeLiveStreamsControlHistory",
            &[("DomainName", D), ("StartTime", start), ("EndTime", end)],
        )
        .await;
    assert!(list(&body, "ControlInfo", "LiveStreamControlInfo").is_empty());
    h.ok(
        "AddLiveAppSnapshotConfig",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("TimeInterval", "3600"),
            ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
            ("OssBucket", "snaps"),
            ("OverwriteOssObject", "{AppName}/{StreamName}.jpg"),
        ],
    )
    .await;
    let body = h
        .ok(
            "DescribeLiveStreamSnapshotInfo",
            &[
                ("DomainName", D),
                ("AppName", "live"),
                ("StreamName", "s1"),
                ("StartTime", "9999-12-31T23:59:55Z"),
                ("EndTime", end),
            ],
        )
        .await;
    assert!(
        list(
            &body,
            "LiveStreamSnapshotInfoList",
            "LiveStreamSnapshotInfo"
        )
        .is_empty()
    );
    h.err(
        "AddLivePullStreamInfoConfig",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "s1"),
            ("SourceUrl", "rtmp://o.example.com/a"),
            ("StartTime", "9999-12-25T00:00:00Z"),
            ("EndTime", "0001-01-01T00:00:00Z"),
        ],
        400,
        "InvalidEndTime.Mismatch",
    )
    .await;
}

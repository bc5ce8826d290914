//! Every action's success response has exactly the spec's shape, and fills
//! every declared field; the checker itself catches wrong shapes.

mod common;

use aliyun_live_codegen::model::{Action, Shape, Spec, Style};
use aliyun_live_emulator::{conformance, embedded_spec, timefmt};
use common::*;
use serde_json::json;
use time::Duration;

const D: &str = "c.example.com";

/// A request that succeeds for `action` once `prepare` has run.
fn case(action: &str, recent: &(String, String)) -> Option<Vec<(String, String)>> {
    if let Some(p) = family_case(action, recent) {
        return Some(p);
    }
    let (s, e) = (recent.0.as_str(), recent.1.as_str());
    let stream = [("DomainName", D), ("AppName", "live"), ("StreamName", "s1")];
    let p: Vec<(&str, &str)> = match action {
        "AddLiveDomain" => vec![
            ("DomainName", "new.example.com"),
            ("LiveDomainType", "liveEdge"),
            ("Region", "cn-beijing"),
        ],
        "AddLiveDomainMapping" => vec![("PushDomain", "push.example.com"), ("PullDomain", D)],
        "AddLiveAppRecordConfig" => vec![
            ("DomainName", D),
            ("AppName", "other"),
            ("OssBucket", "b"),
            ("OssEndpoint", "e"),
            ("RecordFormat.1.Format", "m3u8"),
            (
                "RecordFormat.1.OssObjectPrefix",
                "r/{EscapedStartTime}{EscapedEndTime}",
            ),
            ("RecordFormat.1.SliceOssObjectPrefix", "r/{UnixTimestamp}"),
        ],
        "AddLiveRecordNotifyConfig" => vec![
            ("DomainName", "push.example.com"),
            ("NotifyUrl", "https://cb.example.com"),
        ],
        "AddLiveRecordVodConfig" => vec![
            ("DomainName", D),
            ("AppName", "other"),
            ("VodTranscodeGroupId", "g"),
        ],
        "CreateLiveStreamRecordIndexFiles" => vec![
            stream[0],
            stream[1],
            stream[2],
            ("OssEndpoint", "e"),
            ("OssBucket", "b"),
            ("OssObject", "again.m3u8"),
            ("StartTime", s),
            ("EndTime", e),
        ],
        "DeleteLiveAppRecordConfig" => vec![("DomainName", D), ("AppName", "todelete")],
        "DeleteLiveRecordNotifyConfig" => vec![("DomainName", "todelete.example.com")],
        "DeleteLiveRecordVodConfig" => vec![("DomainName", D), ("AppName", "todelete")],
        "DescribeLiveDomainBpsData" | "DescribeLiveDomainTrafficData" => {
            vec![("DomainName", D), ("StartTime", s), ("EndTime", e)]
        }
        "DescribeLiveDomainLog" => vec![("DomainName", D), ("StartTime", s), ("EndTime", e)],
        "DescribeLiveDomainRecordData"
        | "DescribeLiveDomainSnapshotData"
        | "DescribeLiveDomainTranscodeData" => {
            vec![("DomainName", D), ("StartTime", s), ("EndTime", e)]
        }
        "DescribeLiveRecordConfig" => vec![("DomainName", D), ("Order", "desc")],
        "DescribeLiveRecordNotifyConfig" => vec![("DomainName", D)],
        "DescribeLiveRecordVodConfigs" => vec![("DomainName", D)],
        "DescribeLiveStreamOnlineUserNum" => vec![("DomainName", D)],
        "DescribeLiveStreamRecordContent" | "DescribeLiveStreamRecordIndexFiles" => vec![
            stream[0],
            stream[1],
            stream[2],
            ("StartTime", s),
            ("EndTime", e),
            ("Order", "asc"),
        ]
        .into_iter()
        .filter(|(k, _)| action.ends_with("Files") || *k != "Order")
        .collect(),
        "DescribeLiveStreamRecordIndexFile" => {
            vec![stream[0], stream[1], stream[2], ("RecordId", "RECORD_ID")]
        }
        "RealTimeRecordCommand" => vec![stream[0], stream[1], stream[2], ("Command", "start")],
        "AddLiveAppSnapshotConfig" => vec![
            ("DomainName", D),
            ("AppName", "snap2"),
            ("TimeInterval", "30"),
            ("OssEndpoint", "e"),
            ("OssBucket", "b"),
            (
                "SequenceOssObject",
                "{AppName}/{StreamName}/{UnixTimestamp}.jpg",
            ),
        ],
        "UpdateLiveAppSnapshotConfig" => vec![
            ("DomainName", D),
            ("AppName", "snap"),
            ("TimeInterval", "60"),
        ],
        "DeleteLiveAppSnapshotConfig" => vec![("DomainName", D), ("AppName", "todelete")],
        "DescribeLiveSnapshotConfig" => vec![("DomainName", D)],
        "UpdateLiveRecordNotifyConfig" => vec![("DomainName", D), ("NeedStatusNotify", "true")],
        _ => return None,
    };
    Some(pairs(&p))
}

/// Required parameters only, each with a value that satisfies its type and
/// constraints (a domain of the account for `DomainName`).
fn generated_case(
    spec: &Spec,
    action: &Action,
    recent: &(String, String),
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for p in action.params.iter().filter(|p| p.required) {
        let c = &p.constraints;
        let value = match spec.resolve(&p.shape) {
            _ if p.name == "DomainName" => D.to_owned(),
            Shape::Timestamp if p.name.starts_with("End") => recent.1.clone(),
            Shape::Timestamp => recent.0.clone(),
            Shape::Enum { values, .. } => {
                values.first().map(|v| v.value.clone()).unwrap_or_default()
            }
            Shape::Integer | Shape::Long | Shape::Float | Shape::EpochSeconds => c
                .min
                .map_or_else(|| "1".to_owned(), |m| (m.ceil() as i64).to_string()),
            Shape::Boolean => "false".to_owned(),
            _ => {
                let mut v = c.prefixes.first().cloned().unwrap_or_default();
                v.push_str(
                    p.example
                        .as_deref()
                        .filter(|e| !e.is_empty())
                        .unwrap_or("x"),
                );
                for var in &c.required_vars {
                    v.push_str(var);
                }
                v
            }
        };
        let key = match p.style {
            Style::RepeatList => format!("{}.1", p.name),
            _ => p.name.clone(),
        };
        out.push((key, value));
    }
    out
}

#[tokio::test]
async fn every_action_conforms() {
    let spec = embedded_spec().expect("spec loads");
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    h.add_domain("push.example.com", "liveEdge").await;
    h.add_domain("todelete.example.com", "liveVideo").await;
    let now = h.now();
    let recent = (
        timefmt::format(now - Duration::hours(3)),
        timefmt::format(now - Duration::hours(1)),
    );
    for app in ["live", "todelete"] {
        h.ok(
            "AddLiveAppRecordConfig",
            &[
                ("DomainName", D),
                ("AppName", app),
                ("OssBucket", "b"),
                ("OssEndpoint", "e"),
            ],
        )
        .await;
        h.ok(
            "AddLiveRecordVodConfig",
            &[
                ("DomainName", D),
                ("AppName", app),
                ("VodTranscodeGroupId", "g"),
            ],
        )
        .await;
    }
    for app in ["snap", "todelete"] {
        h.ok(
            "AddLiveAppSnapshotConfig",
            &[
                ("DomainName", D),
                ("AppName", app),
                ("TimeInterval", "10"),
                ("OssEndpoint", "e"),
                ("OssBucket", "b"),
                ("OverwriteOssObject", "{AppName}/{StreamName}.jpg"),
                ("Callback", "http://cb.example.com/snap"),
            ],
        )
        .await;
    }
    h.ok(
        "AddLiveRecordNotifyConfig",
        &[("DomainName", D), ("NotifyUrl", "http://cb.example.com")],
    )
    .await;
    h.ok(
        "AddLiveRecordNotifyConfig",
        &[
            ("DomainName", "todelete.example.com"),
            ("NotifyUrl", "http://cb.example.com"),
        ],
    )
    .await;
    let created = h
        .ok(
            "CreateLiveStreamRecordIndexFiles",
            &[
                ("DomainName", D),
                ("AppName", "live"),
                ("StreamName", "s1"),
                ("OssEndpoint", "e"),
                ("OssBucket", "b"),
                ("OssObject", "o.m3u8"),
                ("StartTime", &recent.0),
                ("EndTime", &recent.1),
            ],
        )
        .await;
    let record_id = created["RecordInfo"]["RecordId"]
        .as_str()
        .expect("id")
        .to_owned();
    prepare_families(&h).await;

    for action in &spec.actions {
        // Caster actions need a caster (and its layouts, scenes...) to
        // succeed; tests/caster.rs checks each of them in a workflow.
        if action.group == "caster" {
            continue;
        }
        // Actions without a hand-written case (added to the spec later) get
        // a request generated from the spec itself.
        let mut params =
            case(&action.name, &recent).unwrap_or_else(|| generated_case(&spec, action, &recent));
        for (_, v) in params.iter_mut() {
            if v == "RECORD_ID" {
                v.clone_from(&record_id);
            }
        }
        let refs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = h.ok(&action.name, &refs).await;
        let problems = conformance::check(&spec, action, &body);
        assert!(
            problems.is_empty(),
            "{}: {problems:#?}\n{body:#}",
            action.name
        );
        let mut missing = conformance::missing_fields(&spec, action, &body);
        // A stream still publishing has no stop time yet: a `timestamp`
        // has no empty value, so the field is left out.
        if action.name == "DescribeLiveStreamsPublishList" {
            missing.retain(|p| {
                !p.starts_with("$.PublishInfo.LiveStreamPublishInfo[") || !p.ends_with("].StopTime")
            });
        }
        assert!(
            missing.is_empty(),
            "{} leaves declared fields out: {missing:?}\n{body:#}",
            action.name
        );
    }
    // The generator itself yields accepted requests (checked on actions
    // that have hand-written cases, so it is ready for new ones).
    for name in [
        "DescribeLiveDomainRecordData",
        "DescribeLiveStreamOnlineUserNum",
        "DescribeLiveRecordVodConfigs",
    ] {
        let action = spec.action(name).expect("exists");
        let params = generated_case(&spec, action, &recent);
        let refs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = h.ok(name, &refs).await;
        assert!(
            conformance::check(&spec, action, &body).is_empty(),
            "{body}"
        );
    }
}

#[test]
fn checker_catches_wrong_shapes() {
    let spec = embedded_spec().expect("spec loads");
    let action = spec.action("DescribeLiveRecordConfig").expect("exists");
    let good = json!({
        "RequestId": "X",
        "LiveAppRecordList": {"LiveAppRecord": [{
            "AppName": "a", "CreateTime": "2016-05-20T09:33:38Z",
            "FormatList": {"Format": [{"Name": "m3u8"}]}
        }]},
        "PageNum": 1, "Order": "asc"
    });
    assert!(conformance::check(&spec, action, &good).is_empty());

    let cases = [
        (
            json!({"LiveAppRecordList": {"LiveAppRecord": []}}),
            "$.RequestId",
        ),
        (
            json!({"RequestId": "X", "Extra": 1}),
            "$.Extra: not declared",
        ),
        (
            json!({"RequestId": "X", "LiveAppRecordList": []}),
            "$.LiveAppRecordList: expected an object wrapping",
        ),
        (
            json!({"RequestId": "X", "LiveAppRecordList": {"Items": []}}),
            "missing the list wrapper",
        ),
        (
            json!({"RequestId": "X", "PageNum": "1"}),
            "$.PageNum: expected a 32-bit integer",
        ),
        (
            json!({"RequestId": "X", "Order": "sideways"}),
            "$.Order: \"sideways\" is not one of",
        ),
        (
            json!({"RequestId": "X", "LiveAppRecordList": {"LiveAppRecord": [{"CreateTime": "yesterday"}]}}),
            "$.LiveAppRecordList.LiveAppRecord[0].CreateTime",
        ),
        (
            json!({"RequestId": "X", "LiveAppRecordList": {"LiveAppRecord": [{"FormatList": {"Format": [{"Name": 3}]}}]}}),
            "$.LiveAppRecordList.LiveAppRecord[0].FormatList.Format[0].Name: expected a string",
        ),
        (json!([1, 2]), "$: expected an object"),
    ];
    for (body, expected) in cases {
        let problems = conformance::check(&spec, action, &body);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{body}: expected {expected:?} in {problems:?}"
        );
    }
    let missing = conformance::missing_fields(&spec, action, &good);
    assert!(missing.contains(&"$.TotalNum".to_owned()), "{missing:?}");
    assert!(
        missing.contains(&"$.LiveAppRecordList.LiveAppRecord[0].OssBucket".to_owned()),
        "{missing:?}"
    );

    assert!(
        conformance::check_error(
            &json!({"RequestId": "a", "HostId": "h", "Code": "c", "Message": "m"})
        )
        .is_empty()
    );
    assert_eq!(
        conformance::check_error(&json!({"RequestId": "a", "Code": 1, "X": 2})).len(),
        4
    );
}

/// Hand-written requests for the pull-stream, detection, stream notify,
/// transcoding and stream families, valid once `prepare_families` has run
/// (actions run in alphabetical order, so deletes have their own targets).
fn family_case(action: &str, recent: &(String, String)) -> Option<Vec<(String, String)>> {
    let now = time::OffsetDateTime::now_utc();
    let (soon, later) = (
        timefmt::format(now - Duration::hours(1)),
        timefmt::format(now + Duration::hours(1)),
    );
    let (s, e) = (recent.0.as_str(), recent.1.as_str());
    let stream = [("DomainName", D), ("AppName", "live"), ("StreamName", "s1")];
    let p: Vec<(&str, &str)> = match action {
        "AddCustomLiveStreamTranscode" => vec![
            ("Domain", D),
            ("App", "live"),
            ("Template", "my-720p"),
            ("TemplateType", "h264"),
            ("Height", "720"),
            ("Width", "1280"),
            ("FPS", "30"),
            ("VideoBitrate", "2000"),
        ],
        "AddLiveDetectNotifyConfig" => vec![
            ("DomainName", "push.example.com"),
            ("NotifyUrl", "http://cb.example.com/detect"),
        ],
        "AddLivePullStreamInfoConfig" => vec![
            stream[0],
            stream[1],
            ("StreamName", "pulled2"),
            ("SourceUrl", "rtmp://origin.example.com/live/pulled2"),
            ("StartTime", &soon),
            ("EndTime", &later),
        ],
        "AddLiveSnapshotDetectPornConfig" => vec![
            ("DomainName", D),
            ("AppName", "porn2"),
            ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
            ("OssBucket", "bucket-1"),
        ],
        "AddLiveStreamTranscode" => vec![("Domain", D), ("App", "live"), ("Template", "lld")],
        "AddTrancodeSEI" => vec![
            stream[0],
            stream[1],
            stream[2],
            ("Text", "hello"),
            ("Pattern", "keyframe"),
            ("Repeat", "1"),
            ("Delay", "0"),
        ],
        "DeleteLiveDetectNotifyConfig" | "DeleteLiveStreamsNotifyUrlConfig" => {
            vec![("DomainName", "todelete.example.com")]
        }
        "DeleteLivePullStreamInfoConfig" => vec![stream[0], stream[1], ("StreamName", "todelete")],
        "DeleteLiveSnapshotDetectPornConfig" => vec![("DomainName", D), ("AppName", "todelete")],
        "DeleteLiveStreamTranscode" => {
            vec![("Domain", D), ("App", "todelete"), ("Template", "lld")]
        }
        "DescribeLiveStreamHistoryUserNum" => {
            vec![
                stream[0],
                stream[1],
                stream[2],
                ("StartTime", s),
                ("EndTime", e),
            ]
        }
        "DescribeLiveStreamSnapshotInfo" => vec![
            stream[0],
            ("AppName", "snap"),
            stream[2],
            ("StartTime", s),
            ("EndTime", e),
        ],
        "DescribeLiveStreamTranscodeInfo" => vec![("DomainTranscodeName", D)],
        "DescribeLiveStreamsControlHistory" => {
            vec![("DomainName", D), ("StartTime", &soon), ("EndTime", &later)]
        }
        "DescribeLiveStreamsPublishList" => {
            vec![("DomainName", D), ("StartTime", s), ("EndTime", e)]
        }
        "ForbidLiveStream" | "ResumeLiveStream" => vec![
            stream[0],
            stream[1],
            ("StreamName", "s9"),
            ("LiveStreamType", "publisher"),
        ],
        "SetLiveStreamsNotifyUrlConfig" => vec![
            ("DomainName", "push.example.com"),
            ("NotifyUrl", "https://cb.example.com/streams"),
        ],
        "UpdateLiveDetectNotifyConfig" => {
            vec![
                ("DomainName", D),
                ("NotifyUrl", "https://cb.example.com/detect2"),
            ]
        }
        "UpdateLiveSnapshotDetectPornConfig" => {
            vec![("DomainName", D), ("AppName", "porn"), ("Interval", "60")]
        }
        _ => return None,
    };
    Some(pairs(&p))
}

/// State the `family_case` requests need.
async fn prepare_families(h: &Harness) {
    let now = time::OffsetDateTime::now_utc();
    let (start, end) = (
        timefmt::format(now - Duration::hours(2)),
        timefmt::format(now + Duration::hours(2)),
    );
    for domain in [D, "todelete.example.com"] {
        h.ok(
            "AddLiveDetectNotifyConfig",
            &[
                ("DomainName", domain),
                ("NotifyUrl", "http://cb.example.com/d"),
            ],
        )
        .await;
        h.ok(
            "SetLiveStreamsNotifyUrlConfig",
            &[
                ("DomainName", domain),
                ("NotifyUrl", "http://cb.example.com/s"),
                ("NotifyReqAuth", "yes"),
                ("NotifyAuthKey", "abcdefghijklmnop1234"),
            ],
        )
        .await;
    }
    for stream in ["pulled", "todelete"] {
        h.ok(
            "AddLivePullStreamInfoConfig",
            &[
                ("DomainName", D),
                ("AppName", "live"),
                ("StreamName", stream),
                ("SourceUrl", "rtmp://origin.example.com/live/x"),
                ("StartTime", &start),
                ("EndTime", &end),
            ],
        )
        .await;
    }
    for app in ["porn", "todelete"] {
        h.ok(
            "AddLiveSnapshotDetectPornConfig",
            &[
                ("DomainName", D),
                ("AppName", app),
                ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
                ("OssBucket", "bucket-1"),
                ("OssObject", "porn/{AppName}/{StreamName}.jpg"),
                ("Interval", "10"),
                ("Scene.1", "porn"),
            ],
        )
        .await;
    }
    h.ok(
        "AddLiveStreamTranscode",
        &[
            ("Domain", D),
            ("App", "todelete"),
            ("Template", "lld"),
            (
                "EncryptParameters",
                r#"{"EncryptType":"aliyun","KmsKeyID":"k-1","KmsKeyExpireInterval":"3600"}"#,
            ),
        ],
    )
    .await;
    h.ok(
        "ForbidLiveStream",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "blocked"),
            ("LiveStreamType", "publisher"),
        ],
    )
    .await;
}

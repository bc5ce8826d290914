//! Behaviour of the actions over the emulated state, over real HTTP.

mod common;

use aliyun_live_emulator::timefmt;
use common::*;
use serde_json::Value;
use time::Duration;

const D: &str = "play.example.com";

async fn with_domain() -> Harness {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    h
}

fn list<'a>(body: &'a Value, field: &str, wrapper: &str) -> &'a Vec<Value> {
    body[field][wrapper]
        .as_array()
        .unwrap_or_else(|| panic!("{field}.{wrapper} is not a list: {body}"))
}

#[tokio::test]
async fn domains() {
    let h = start().await;
    h.add_domain("a.example.com", "liveVideo").await;
    h.err(
        "AddLiveDomain",
        &[
            ("DomainName", "a.example.com"),
            ("LiveDomainType", "liveVideo"),
            ("Region", "cn-shanghai"),
        ],
        400,
        "DomainAlreadyExist",
    )
    .await;
    h.err(
        "AddLiveDomain",
        &[
            ("DomainName", "not a domain"),
            ("LiveDomainType", "liveVideo"),
            ("Region", "cn-shanghai"),
        ],
        400,
        "InvalidDomainName.Malformed",
    )
    .await;
    let msg = h
        .err(
            "AddLiveDomain",
            &[
                ("DomainName", "b.example.com"),
                ("LiveDomainType", "liveVideo"),
                ("Region", "mars-1"),
            ],
            400,
            "InvalidRegion.Malformed",
        )
        .await;
    assert!(
        msg.contains("mars-1") && msg.contains("cn-shanghai"),
        "{msg}"
    );
    h.err(
        "AddLiveDomain",
        &[
            ("DomainName", "b.example.com"),
            ("LiveDomainType", "liveAudio"),
            ("Region", "cn-shanghai"),
        ],
        400,
        "InvalidLiveDomainType",
    )
    .await;
    // Actions on an unknown domain.
    h.err(
        "DescribeLiveRecordConfig",
        &[("DomainName", "zzz.example.com")],
        404,
        "InvalidDomain.NotFound",
    )
    .await;
}

#[tokio::test]
async fn domain_mapping() {
    let h = start().await;
    h.add_domain("push.example.com", "liveEdge").await;
    h.add_domain("pull.example.com", "liveVideo").await;
    let ok = [
        ("PushDomain", "push.example.com"),
        ("PullDomain", "pull.example.com"),
    ];
    h.err(
        "AddLiveDomainMapping",
        &[("PushDomain", "x.example.com"), ok[1]],
        400,
        "InvalidPushDomain.Miss",
    )
    .await;
    h.err(
        "AddLiveDomainMapping",
        &[ok[0], ("PullDomain", "x.example.com")],
        400,
        "InvalidPullDomain.Miss",
    )
    .await;
    h.err(
        "AddLiveDomainMapping",
        &[
            ("PushDomain", "pull.example.com"),
            ("PullDomain", "push.example.com"),
        ],
        400,
        "DomainType.Malformed",
    )
    .await;
    h.err(
        "AddLiveDomainMapping",
        &[("PullDomain", "pull.example.com")],
        400,
        "MissingPushDomain",
    )
    .await;
    h.ok_then_err("AddLiveDomainMapping", &ok, 400, "ConfigAlreadyExists")
        .await;
}

async fn add_app_record(h: &Harness, app: &str, stream: Option<&str>) {
    let mut p = vec![
        ("DomainName", D),
        ("AppName", app),
        ("OssBucket", "bucket"),
        ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
        ("RecordFormat.1.Format", "m3u8"),
        (
            "RecordFormat.1.OssObjectPrefix",
            "record/{AppName}/{StreamName}/{EscapedStartTime}_{EscapedEndTime}",
        ),
        (
            "RecordFormat.1.SliceOssObjectPrefix",
            "record/{AppName}/{StreamName}/{UnixTimestamp}",
        ),
        ("RecordFormat.1.CycleDuration", "1800"),
        ("RecordFormat.2.Format", "flv"),
        (
            "RecordFormat.2.OssObjectPrefix",
            "flv/{EscapedStartTime}{EscapedEndTime}",
        ),
    ];
    if let Some(s) = stream {
        p.push(("StreamName", s));
    }
    h.ok("AddLiveAppRecordConfig", &p).await;
}

#[tokio::test]
async fn app_record_configs_round_trip_and_paging() {
    let h = with_domain().await;
    for i in 0..12 {
        add_app_record(&h, &format!("app{i:02}"), None).await;
    }
    // Same key again.
    let (status, body) = h
        .call(
            "AddLiveAppRecordConfig",
            &[
                ("DomainName", D),
                ("AppName", "app00"),
                ("OssBucket", "b"),
                ("OssEndpoint", "e"),
            ],
        )
        .await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("ConfigAlreadyExists")),
        "{body}"
    );
    // Another stream of the same app is a different config.
    add_app_record(&h, "app00", Some("s1")).await;

    let page = h
        .ok(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("PageSize", "5"), ("PageNum", "3")],
        )
        .await;
    assert_eq!(page["TotalNum"], 13);
    assert_eq!(page["TotalPage"], 3);
    assert_eq!(page["PageNum"], 3);
    assert_eq!(page["PageSize"], 5);
    let items = list(&page, "LiveAppRecordList", "LiveAppRecord");
    assert_eq!(items.len(), 3);
    let first = &h.ok("DescribeLiveRecordConfig", &[("DomainName", D)]).await;
    let item = &list(first, "LiveAppRecordList", "LiveAppRecord")[0];
    assert_eq!(item["AppName"], "app00");
    assert_eq!(item["OssBucket"], "bucket");
    assert_eq!(item["CycleDuration"], 1800);
    assert!(
        item["CreateTime"]
            .as_str()
            .and_then(timefmt::parse)
            .is_some()
    );
    let formats = list(item, "FormatList", "Format");
    assert_eq!(formats.len(), 2);
    assert_eq!(formats[0]["Name"], "m3u8");
    assert_eq!(
        formats[1]["OssObjectPrefix"],
        "flv/{EscapedStartTime}{EscapedEndTime}"
    );
    assert_eq!(first["Order"], "asc");

    let desc = h
        .ok(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("Order", "desc"), ("PageSize", "5")],
        )
        .await;
    // The newest first: app00's stream-level config (the item has no StreamName field).
    assert_eq!(
        list(&desc, "LiveAppRecordList", "LiveAppRecord")[0]["AppName"],
        "app00"
    );
    assert_eq!(
        list(&desc, "LiveAppRecordList", "LiveAppRecord")[1]["AppName"],
        "app11"
    );
    let one = h
        .ok(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("AppName", "app05")],
        )
        .await;
    assert_eq!(one["TotalNum"], 1);

    h.ok_then_err(
        "DeleteLiveAppRecordConfig",
        &[("DomainName", D), ("AppName", "app05")],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let after = h
        .ok(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("AppName", "app05")],
        )
        .await;
    assert_eq!(after["TotalNum"], 0);
    assert!(list(&after, "LiveAppRecordList", "LiveAppRecord").is_empty());
    // Beyond the last page: empty, not an error.
    let beyond = h
        .ok(
            "DescribeLiveRecordConfig",
            &[("DomainName", D), ("PageNum", "99")],
        )
        .await;
    assert!(list(&beyond, "LiveAppRecordList", "LiveAppRecord").is_empty());
}

#[tokio::test]
async fn vod_configs() {
    let h = with_domain().await;
    for i in 0..7 {
        let app = format!("a{i}");
        h.ok(
            "AddLiveRecordVodConfig",
            &[
                ("DomainName", D),
                ("AppName", &app),
                ("VodTranscodeGroupId", "g1"),
            ],
        )
        .await;
    }
    h.err(
        "AddLiveRecordVodConfig",
        &[
            ("DomainName", D),
            ("AppName", "a0"),
            ("VodTranscodeGroupId", "g"),
        ],
        400,
        "ConfigAlreadyExists",
    )
    .await;
    let page = h
        .ok(
            "DescribeLiveRecordVodConfigs",
            &[("DomainName", D), ("PageSize", "5"), ("PageNum", "2")],
        )
        .await;
    assert_eq!(page["Total"], 7);
    let items = list(&page, "LiveRecordVodConfigs", "LiveRecordVodConfig");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["AppName"], "a5");
    assert_eq!(items[0]["CycleDuration"], 3600, "the spec's default");
    h.ok_then_err(
        "DeleteLiveRecordVodConfig",
        &[("DomainName", D), ("AppName", "a0")],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let all = h
        .ok("DescribeLiveRecordVodConfigs", &[("DomainName", D)])
        .await;
    assert_eq!(all["Total"], 6);
}

#[tokio::test]
async fn notify_config_crud() {
    let h = with_domain().await;
    h.err(
        "DescribeLiveRecordNotifyConfig",
        &[("DomainName", D)],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.err(
        "UpdateLiveRecordNotifyConfig",
        &[("DomainName", D), ("NotifyUrl", "http://x")],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.ok_then_err(
        "AddLiveRecordNotifyConfig",
        &[("DomainName", D), ("NotifyUrl", "http://cb.example.com/a")],
        400,
        "ConfigAlreadyExists",
    )
    .await;
    let c = h
        .ok("DescribeLiveRecordNotifyConfig", &[("DomainName", D)])
        .await;
    assert_eq!(
        c["LiveRecordNotifyConfig"]["NotifyUrl"],
        "http://cb.example.com/a"
    );
    assert_eq!(c["LiveRecordNotifyConfig"]["NeedStatusNotify"], false);
    assert_eq!(c["LiveRecordNotifyConfig"]["DomainName"], D);
    h.ok(
        "UpdateLiveRecordNotifyConfig",
        &[("DomainName", D), ("NeedStatusNotify", "true")],
    )
    .await;
    let c = h
        .ok("DescribeLiveRecordNotifyConfig", &[("DomainName", D)])
        .await;
    assert_eq!(c["LiveRecordNotifyConfig"]["NeedStatusNotify"], true);
    assert_eq!(
        c["LiveRecordNotifyConfig"]["NotifyUrl"], "http://cb.example.com/a",
        "unchanged"
    );
    h.ok(
        "UpdateLiveRecordNotifyConfig",
        &[("DomainName", D), ("NotifyUrl", "https://new.example.com")],
    )
    .await;
    let c = h
        .ok("DescribeLiveRecordNotifyConfig", &[("DomainName", D)])
        .await;
    assert_eq!(
        c["LiveRecordNotifyConfig"]["NotifyUrl"],
        "https://new.example.com"
    );
    assert_eq!(
        c["LiveRecordNotifyConfig"]["NeedStatusNotify"], true,
        "an absent flag keeps its value"
    );
    h.ok_then_err(
        "DeleteLiveRecordNotifyConfig",
        &[("DomainName", D)],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
}

#[tokio::test]
async fn real_time_record_command() {
    let h = with_domain().await;
    let cmd = |c: &'static str, app: &'static str| {
        [
            ("DomainName", D),
            ("AppName", app),
            ("StreamName", "s1"),
            ("Command", c),
        ]
    };
    h.err(
        "RealTimeRecordCommand",
        &cmd("start", "live"),
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    h.err(
        "RealTimeRecordCommand",
        &[
            ("DomainName", "x.example.com"),
            ("AppName", "a"),
            ("StreamName", "s"),
            ("Command", "start"),
        ],
        404,
        "InvalidDomain.NotFound",
    )
    .await;
    let msg = h
        .err(
            "RealTimeRecordCommand",
            &[("DomainName", D), ("AppName", "a"), ("StreamName", "s")],
            400,
            "MissingCommand",
        )
        .await;
    assert_eq!(
        msg, "Command is mandatory for this Command.",
        "the action's documented message"
    );
    h.err(
        "RealTimeRecordCommand",
        &cmd("pause", "live"),
        400,
        "InvalidCommand",
    )
    .await;

    add_app_record(&h, "live", None).await;
    h.ok_then_err(
        "RealTimeRecordCommand",
        &cmd("start", "live"),
        409,
        "TaskAlreadyStarted",
    )
    .await;
    h.ok("RealTimeRecordCommand", &cmd("stop", "live")).await;
    h.ok("RealTimeRecordCommand", &cmd("stop", "live")).await;
    h.ok("RealTimeRecordCommand", &cmd("start", "live")).await;
    // A wildcard app config covers every app.
    add_app_record(&h, "*", None).await;
    h.ok("RealTimeRecordCommand", &cmd("start", "other")).await;
}

#[tokio::test]
async fn record_index_files() {
    let h = with_domain().await;
    let now = h.now();
    let base = now - Duration::days(1);
    let t = |mins: i64| timefmt::format(base + Duration::minutes(mins));
    let mut ids = Vec::new();
    for i in 0..7 {
        let (s, e) = (t(i * 60), t(i * 60 + 30));
        let obj = format!("obj{i}.m3u8");
        let body = h
            .ok(
                "CreateLiveStreamRecordIndexFiles",
                &[
                    ("DomainName", D),
                    ("AppName", "live"),
                    ("StreamName", "s1"),
                    ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
                    ("OssBucket", "bkt"),
                    ("OssObject", &obj),
                    ("StartTime", &s),
                    ("EndTime", &e),
                ],
            )
            .await;
        let info = &body["RecordInfo"];
        assert_eq!(info["Duration"].as_f64(), Some(1800.0));
        assert_eq!(
            info["RecordUrl"],
            format!("http://bkt.oss-cn-shanghai.aliyuncs.com/{obj}")
        );
        assert_eq!(info["StartTime"], s);
        ids.push(info["RecordId"].as_str().expect("id").to_owned());
    }
    // In the future: nothing recorded.
    let (fs, fe) = (
        timefmt::format(now + Duration::hours(1)),
        timefmt::format(now + Duration::hours(2)),
    );
    h.err(
        "CreateLiveStreamRecordIndexFiles",
        &[
            ("DomainName", D),
            ("AppName", "live"),
            ("StreamName", "s1"),
            ("OssEndpoint", "e"),
            ("OssBucket", "b"),
            ("OssObject", "o"),
            ("StartTime", &fs),
            ("EndTime", &fe),
        ],
        400,
        "NoRecordContent",
    )
    .await;

    let stream = [("DomainName", D), ("AppName", "live"), ("StreamName", "s1")];
    let one = h
        .ok(
            "DescribeLiveStreamRecordIndexFile",
            &[stream[0], stream[1], stream[2], ("RecordId", &ids[3])],
        )
        .await;
    assert_eq!(one["RecordIndexInfo"]["OssObject"], "obj3.m3u8");
    h.err(
        "DescribeLiveStreamRecordIndexFile",
        &[stream[0], stream[1], stream[2], ("RecordId", "no-such-id")],
        404,
        "InvalidRecordId.NotFound",
    )
    .await;

    // Files overlapping [1h, 4h+15m): obj1..obj4.
    let (qs, qe) = (t(60), t(4 * 60 + 15));
    let range = [
        stream[0],
        stream[1],
        stream[2],
        ("StartTime", qs.as_str()),
        ("EndTime", qe.as_str()),
    ];
    let mut p = range.to_vec();
    p.extend([("PageSize", "5"), ("Order", "desc")]);
    let page = h.ok("DescribeLiveStreamRecordIndexFiles", &p).await;
    assert_eq!(page["TotalNum"], 4);
    assert_eq!(page["TotalPage"], 1);
    let items = list(&page, "RecordIndexInfoList", "RecordIndexInfo");
    let objs: Vec<&str> = items
        .iter()
        .filter_map(|i| i["OssObject"].as_str())
        .collect();
    assert_eq!(objs, ["obj4.m3u8", "obj3.m3u8", "obj2.m3u8", "obj1.m3u8"]);

    let content = h.ok("DescribeLiveStreamRecordContent", &range).await;
    let infos = list(&content, "RecordContentInfoList", "RecordContentInfo");
    assert_eq!(infos.len(), 4);
    assert_eq!(infos[0]["OssObjectPrefix"], "obj1.m3u8");
    assert_eq!(infos[0]["Duration"].as_f64(), Some(1800.0));

    // Another stream has nothing.
    let other = h
        .ok(
            "DescribeLiveStreamRecordContent",
            &[
                stream[0],
                stream[1],
                ("StreamName", "s2"),
                range[3],
                range[4],
            ],
        )
        .await;
    assert!(list(&other, "RecordContentInfoList", "RecordContentInfo").is_empty());
}

#[tokio::test]
async fn bandwidth_and_traffic_follow_the_range() {
    let h = with_domain().await;
    h.add_domain("b.example.com", "liveVideo").await;
    let q = [
        ("DomainName", "play.example.com,b.example.com"),
        ("StartTime", "2024-01-01T10:00:00Z"),
        ("EndTime", "2024-01-01T11:00:00Z"),
    ];
    let bps = h.ok("DescribeLiveDomainBpsData", &q).await;
    let points = list(&bps, "BpsDataPerInterval", "DataModule");
    assert_eq!(points.len(), 12, "5-minute points over an hour");
    assert_eq!(points[0]["TimeStamp"], "2024-01-01T10:00:00Z");
    assert_eq!(points[11]["TimeStamp"], "2024-01-01T10:55:00Z");
    assert_eq!(bps["DataInterval"], 300);
    assert_eq!(bps["DomainName"], "play.example.com,b.example.com");
    for p in points {
        let (b, http, https) = (
            p["BpsValue"].as_f64(),
            p["HttpBpsValue"].as_f64(),
            p["HttpsBpsValue"].as_f64(),
        );
        let (Some(b), Some(http), Some(https)) = (b, http, https) else {
            panic!("{p}")
        };
        assert!(b > 0.0 && (http + https - b).abs() < 1.0, "{p}");
    }
    let again = h.ok("DescribeLiveDomainBpsData", &q).await;
    assert_eq!(
        again["BpsDataPerInterval"], bps["BpsDataPerInterval"],
        "deterministic"
    );

    let traffic = h.ok("DescribeLiveDomainTrafficData", &q).await;
    let tp = list(&traffic, "TrafficDataPerInterval", "DataModule");
    assert_eq!(tp.len(), 12);
    let bytes = tp[3]["TrafficValue"].as_i64().expect("long");
    let bits = points[3]["BpsValue"].as_f64().expect("float");
    assert_eq!(
        bytes,
        (bits as i64) * 300 / 8,
        "traffic = bandwidth x interval"
    );

    // Without a range: the last 24 hours.
    let day = h
        .ok("DescribeLiveDomainBpsData", &[("DomainName", D)])
        .await;
    assert_eq!(list(&day, "BpsDataPerInterval", "DataModule").len(), 288);
    // Longer than the 90 days kept.
    h.err(
        "DescribeLiveDomainBpsData",
        &[
            ("DomainName", D),
            ("StartTime", "2020-01-01T00:00:00Z"),
            ("EndTime", "2020-06-01T00:00:00Z"),
        ],
        400,
        "InvalidTimeSpan",
    )
    .await;
    // The very end of the calendar: no overflow.
    let edge = [
        ("DomainName", D),
        ("StartTime", "9999-12-31T23:00:00Z"),
        ("EndTime", "9999-12-31T23:59:59Z"),
    ];
    let last = h.ok("DescribeLiveDomainTrafficData", &edge).await;
    assert_eq!(
        list(&last, "TrafficDataPerInterval", "DataModule").len(),
        12,
        "23:55 is the last point"
    );
    h.ok("DescribeLiveDomainLog", &edge).await;
    // Only one end of the range.
    h.err(
        "DescribeLiveDomainBpsData",
        &[("DomainName", D), ("StartTime", "2024-01-01T10:00:00Z")],
        400,
        "MissingEndTime",
    )
    .await;
    h.err(
        "DescribeLiveDomainBpsData",
        &[("DomainName", "nope.example.com")],
        404,
        "InvalidDomain.NotFound",
    )
    .await;
}

#[tokio::test]
async fn daily_data() {
    let h = with_domain().await;
    let q = [
        ("DomainName", D),
        ("StartTime", "2018-01-01T00:00:00Z"),
        ("EndTime", "2018-01-03T00:00:00Z"),
    ];
    let rec = h.ok("DescribeLiveDomainRecordData", &q).await;
    let days = list(&rec, "RecordDataInfos", "RecordDataInfo");
    let dates: Vec<&str> = days.iter().filter_map(|d| d["Date"].as_str()).collect();
    assert_eq!(dates, ["20180101", "20180102", "20180103"]);
    for d in days {
        let detail = d["Detail"].as_object().expect("detail");
        let sum: i64 = detail.values().filter_map(Value::as_i64).sum();
        assert_eq!(d["Total"].as_i64(), Some(sum));
    }
    let mut only = q.to_vec();
    only.push(("RecordType", "MP4"));
    let mp4 = h.ok("DescribeLiveDomainRecordData", &only).await;
    let detail = list(&mp4, "RecordDataInfos", "RecordDataInfo")[0]["Detail"]
        .as_object()
        .expect("detail")
        .clone();
    assert_eq!(detail.keys().collect::<Vec<_>>(), ["MP4"]);

    let snap = h.ok("DescribeLiveDomainSnapshotData", &q).await;
    assert_eq!(
        list(&snap, "SnapshotDataInfos", "SnapshotDataInfo").len(),
        3
    );
    let tr = h.ok("DescribeLiveDomainTranscodeData", &q).await;
    let t0 = &list(&tr, "TranscodeDataInfos", "TranscodeDataInfo")[0];
    assert_eq!(
        t0["Total"].as_i64(),
        Some(
            t0["Detail"]["LD_CASTER"].as_i64().unwrap_or(0)
                + t0["Detail"]["SD_CASTER"].as_i64().unwrap_or(0)
        )
    );

    let past = timefmt::format(h.now() - Duration::days(2));
    let future = timefmt::format(h.now() + Duration::days(2));
    h.err(
        "DescribeLiveDomainRecordData",
        &[
            ("DomainName", D),
            ("StartTime", &past),
            ("EndTime", &future),
        ],
        400,
        "InvalidEndTime.BeyondCurrent",
    )
    .await;
}

#[tokio::test]
async fn online_users_and_logs() {
    let h = with_domain().await;
    let users = h
        .ok("DescribeLiveStreamOnlineUserNum", &[("DomainName", D)])
        .await;
    let infos = list(&users, "OnlineUserInfo", "LiveStreamOnlineUserNumInfo");
    assert!(!infos.is_empty());
    let sum: i64 = infos.iter().filter_map(|i| i["UserNumber"].as_i64()).sum();
    assert_eq!(users["TotalUserNumber"].as_i64(), Some(sum));
    assert!(
        infos[0]["StreamUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with("rtmp://play.example.com/"))
    );
    let one = h
        .ok(
            "DescribeLiveStreamOnlineUserNum",
            &[("DomainName", D), ("AppName", "app"), ("StreamName", "x")],
        )
        .await;
    let infos = list(&one, "OnlineUserInfo", "LiveStreamOnlineUserNumInfo");
    assert_eq!(infos.len(), 1);
    assert_eq!(infos[0]["StreamUrl"], "rtmp://play.example.com/app/x");

    let q = [
        ("DomainName", D),
        ("StartTime", "2024-03-01T00:00:00Z"),
        ("EndTime", "2024-03-02T00:00:00Z"),
        ("PageSize", "10"),
    ];
    let mut all = Vec::new();
    for page in 1..=3 {
        let n = page.to_string();
        let mut p = q.to_vec();
        p.push(("PageNumber", &n));
        let body = h.ok("DescribeLiveDomainLog", &p).await;
        let detail = &list(&body, "DomainLogDetails", "DomainLogDetail")[0];
        assert_eq!(detail["PageInfos"]["Total"], 24);
        assert_eq!(detail["PageInfos"]["PageNumber"], page);
        let logs = list(detail, "LogInfos", "LogInfoDetail");
        assert_eq!(detail["LogCount"].as_u64(), Some(logs.len() as u64));
        all.extend(
            logs.iter()
                .filter_map(|l| l["LogName"].as_str().map(str::to_owned)),
        );
    }
    assert_eq!(all.len(), 24);
    assert_eq!(all[0], "play.example.com_2024_03_01_000000_010000.gz");
    h.err(
        "DescribeLiveDomainLog",
        &[("DomainName", D), ("EndTime", "2024-03-02T00:00:00Z")],
        400,
        "MissingParameter",
    )
    .await;
}

#[tokio::test]
async fn actions_without_behaviour_answer_examples_echoing_the_request() {
    let spec = aliyun_live_emulator::embedded_spec().expect("spec loads");
    // Any action the emulator has no handler for, with a DomainName
    // parameter and a DomainName somewhere in its response.
    let handled = [
        "AddLiveDomain",
        "DescribeLiveRecordNotifyConfig",
        "DescribeLiveStreamRecordIndexFile",
        "DescribeLiveDomainBpsData",
        "DescribeLiveDomainTrafficData",
        "DescribeLiveDomainLog",
        "DescribeLiveSnapshotConfig",
    ];
    let Some(action) = spec.actions.iter().find(|a| {
        !handled.contains(&a.name.as_str())
            && a.name.starts_with("DescribeLiveSnapshot")
            && a.params
                .iter()
                .filter(|p| p.required)
                .all(|p| p.name == "DomainName")
            && a.param("DomainName").is_some()
    }) else {
        eprintln!(
            "no unhandled Describe action with only DomainName required in this spec; nothing to check"
        );
        return;
    };
    let h = with_domain().await;
    let body = h.ok(&action.name, &[("DomainName", D)]).await;
    assert!(
        aliyun_live_emulator::conformance::check(&spec, action, &body).is_empty(),
        "{body}"
    );
    let text = body.to_string();
    if text.contains("\"DomainName\"") {
        assert!(
            text.contains(&format!("\"DomainName\":\"{D}\"")),
            "{}: {body}",
            action.name
        );
    }
}

#[tokio::test]
async fn snapshot_configs() {
    let h = with_domain().await;
    let add = |app: &'static str| {
        [
            ("DomainName", D),
            ("AppName", app),
            ("TimeInterval", "10"),
            ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
            ("OssBucket", "shots"),
            ("OverwriteOssObject", "{AppName}/{StreamName}.jpg"),
        ]
    };
    h.err(
        "AddLiveAppSnapshotConfig",
        &add("a")[..5],
        400,
        "InvalidOverwriteOssObjectOrSequenceOssObject.Malformed",
    )
    .await;
    for app in ["a", "b", "c", "d", "e", "f"] {
        h.ok("AddLiveAppSnapshotConfig", &add(app)).await;
    }
    h.err(
        "AddLiveAppSnapshotConfig",
        &add("a"),
        400,
        "ConfigAlreadyExists",
    )
    .await;
    h.err(
        "AddLiveAppSnapshotConfig",
        &[&add("z")[..2], &[("TimeInterval", "4")], &add("z")[3..]].concat(),
        400,
        "InvalidTimeInterval",
    )
    .await;
    h.ok(
        "UpdateLiveAppSnapshotConfig",
        &[("DomainName", D), ("AppName", "b"), ("TimeInterval", "60")],
    )
    .await;
    h.err(
        "UpdateLiveAppSnapshotConfig",
        &[("DomainName", D), ("AppName", "zz"), ("TimeInterval", "60")],
        400, // as the spec documents for this action
        "InvalidConfig.NotFound",
    )
    .await;
    let page = h
        .ok(
            "DescribeLiveSnapshotConfig",
            &[("DomainName", D), ("PageSize", "5"), ("PageNum", "1")],
        )
        .await;
    assert_eq!(page["TotalNum"], 6);
    assert_eq!(page["TotalPage"], 2);
    let items = list(
        &page,
        "LiveStreamSnapshotConfigList",
        "LiveStreamSnapshotConfig",
    );
    assert_eq!(items.len(), 5);
    assert_eq!(items[1]["AppName"], "b");
    assert_eq!(items[1]["TimeInterval"], 60);
    assert_eq!(items[0]["TimeInterval"], 10);
    assert_eq!(items[0]["OverwriteOssObject"], "{AppName}/{StreamName}.jpg");
    h.ok_then_err(
        "DeleteLiveAppSnapshotConfig",
        &[("DomainName", D), ("AppName", "a")],
        404,
        "InvalidConfig.NotFound",
    )
    .await;
    let one = h
        .ok(
            "DescribeLiveSnapshotConfig",
            &[("DomainName", D), ("AppName", "c")],
        )
        .await;
    assert_eq!(one["TotalNum"], 1);
}

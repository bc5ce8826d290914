//! Input builders: required parameters, every kind of constraint, and the
//! exact wire parameters (repeat-list flattening, csv joining, enums,
//! timestamps). None of this touches the network.

use aliyun_live::monitoring::{DescribeLiveDomainBpsDataInput, DescribeLiveDomainRecordDataInput};
use aliyun_live::record::{
    AddLiveAppRecordConfigInput, AddLiveRecordNotifyConfigInput,
    DescribeLiveStreamRecordIndexFilesInput, RealTimeRecordCommandCommand,
    RealTimeRecordCommandInput,
};
use aliyun_live::record_vod::AddLiveRecordVodConfigInput;
use aliyun_live::types::{OnDemand, Order, RecordFileFormat, RecordFormat};
use aliyun_live::{Timestamp, ValidationError};

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn pairs(p: &aliyun_live::runtime::Params) -> Vec<(String, String)> {
    p.iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn good_format() -> RecordFormat {
    RecordFormat::new()
        .format(RecordFileFormat::M3u8)
        .cycle_duration(3600)
        .oss_object_prefix("record/{AppName}/{StreamName}/{EscapedStartTime}/{EscapedEndTime}")
        .slice_oss_object_prefix("record/{AppName}/{StreamName}/{UnixTimestamp}_{Sequence}")
}

fn app_record() -> aliyun_live::record::AddLiveAppRecordConfigInputBuilder {
    AddLiveAppRecordConfigInput::builder()
        .app_name("live")
        .domain_name("example.com")
        .oss_bucket("bucket")
        .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
}

#[track_caller]
fn assert_invalid(r: Result<impl std::fmt::Debug, ValidationError>, param: &str, rule_part: &str) {
    let e = r.expect_err("must be rejected");
    assert_eq!(e.param, param, "wrong parameter in {e}");
    assert!(
        e.rule.contains(rule_part),
        "rule {:?} lacks {rule_part:?}",
        e.rule
    );
}

#[test]
fn missing_required_parameter_is_named() {
    let e = AddLiveAppRecordConfigInput::builder()
        .app_name("live")
        .oss_bucket("b")
        .oss_endpoint("e")
        .build()
        .unwrap_err();
    assert_eq!(e, ValidationError::missing("DomainName"));
    assert_eq!(e.to_string(), "missing required parameter DomainName");
    let e = RealTimeRecordCommandInput::builder()
        .domain_name("d")
        .app_name("a")
        .stream_name("s")
        .build()
        .unwrap_err();
    assert_eq!(e.param, "Command");
}

#[test]
fn repeat_list_of_structs_flattens_with_one_based_indices() {
    let input = app_record()
        .record_format(good_format())
        .record_format(RecordFormat::new().format("mp4").cycle_duration(900))
        .on_demand(OnDemand::HttpCallback)
        .start_time(ts("2018-04-10T09:57:21Z"))
        .end_time(ts("2018-04-16T09:57:21Z"))
        .build()
        .unwrap();
    let p = input.to_params().unwrap();
    let mut got = pairs(&p);
    got.sort();
    let mut want: Vec<(String, String)> = [
        ("AppName", "live"),
        ("DomainName", "example.com"),
        ("OssBucket", "bucket"),
        ("OssEndpoint", "oss-cn-shanghai.aliyuncs.com"),
        ("OnDemand", "1"),
        ("StartTime", "2018-04-10T09:57:21Z"),
        ("EndTime", "2018-04-16T09:57:21Z"),
        ("RecordFormat.1.Format", "m3u8"),
        ("RecordFormat.1.CycleDuration", "3600"),
        (
            "RecordFormat.1.OssObjectPrefix",
            "record/{AppName}/{StreamName}/{EscapedStartTime}/{EscapedEndTime}",
        ),
        (
            "RecordFormat.1.SliceOssObjectPrefix",
            "record/{AppName}/{StreamName}/{UnixTimestamp}_{Sequence}",
        ),
        ("RecordFormat.2.Format", "mp4"),
        ("RecordFormat.2.CycleDuration", "900"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn struct_field_constraints_name_the_wire_path() {
    let bad_prefix = app_record()
        .record_format(good_format())
        .record_format(good_format().oss_object_prefix("record/{AppName}/{EscapedStartTime}"))
        .build();
    assert_invalid(
        bad_prefix,
        "RecordFormat.2.OssObjectPrefix",
        "{EscapedEndTime}",
    );
    let e = app_record()
        .record_format(good_format().cycle_duration(60))
        .build()
        .unwrap_err();
    assert_eq!(e.param, "RecordFormat.1.CycleDuration");
    assert_eq!(e.value.as_deref(), Some("60"));
    assert_eq!(e.rule, "must be between 900 and 21600");
    let long = format!("{}{{EscapedStartTime}}{{EscapedEndTime}}", "x".repeat(250));
    assert_invalid(
        app_record()
            .record_format(good_format().oss_object_prefix(long))
            .build(),
        "RecordFormat.1.OssObjectPrefix",
        "at most 255",
    );
}

#[test]
fn numeric_range() {
    let base = || {
        DescribeLiveStreamRecordIndexFilesInput::builder()
            .app_name("a")
            .domain_name("d")
            .stream_name("s")
            .start_time(ts("2018-01-01T00:00:00Z"))
            .end_time(ts("2018-01-02T00:00:00Z"))
    };
    assert_invalid(base().page_size(4).build(), "PageSize", "between 5 and 30");
    assert_invalid(base().page_size(31).build(), "PageSize", "between 5 and 30");
    assert_invalid(base().page_num(0).build(), "PageNum", "at least 1");
    let ok = base()
        .page_size(30)
        .page_num(2)
        .order(Order::Desc)
        .build()
        .unwrap();
    let p = ok.to_params().unwrap();
    assert_eq!(p.get("PageSize"), Some("30"));
    assert_eq!(p.get("Order"), Some("desc"));
}

#[test]
fn time_range_rules() {
    let base = || {
        DescribeLiveStreamRecordIndexFilesInput::builder()
            .app_name("a")
            .domain_name("d")
            .stream_name("s")
    };
    // End before start.
    assert_invalid(
        base()
            .start_time(ts("2018-01-02T00:00:00Z"))
            .end_time(ts("2018-01-01T00:00:00Z"))
            .build(),
        "EndTime",
        "later than StartTime",
    );
    // More than 4 days apart.
    assert_invalid(
        base()
            .start_time(ts("2018-01-01T00:00:00Z"))
            .end_time(ts("2018-01-05T00:00:01Z"))
            .build(),
        "EndTime",
        "at most 4 days",
    );
    assert!(
        base()
            .start_time(ts("2018-01-01T00:00:00Z"))
            .end_time(ts("2018-01-05T00:00:00Z"))
            .build()
            .is_ok()
    );
    // both_or_neither.
    assert_invalid(
        DescribeLiveDomainBpsDataInput::builder()
            .start_time(ts("2018-01-01T00:00:00Z"))
            .build(),
        "EndTime",
        "required when StartTime is set",
    );
    assert!(DescribeLiveDomainBpsDataInput::builder().build().is_ok());
}

#[test]
fn not_before() {
    assert_invalid(
        DescribeLiveDomainRecordDataInput::builder()
            .domain_name("d")
            .start_time(ts("2017-12-31T23:59:59Z"))
            .end_time(ts("2018-01-02T00:00:00Z"))
            .build(),
        "StartTime",
        "2018-01-01T00:00:00Z",
    );
}

#[test]
fn prefixes() {
    let r = AddLiveRecordNotifyConfigInput::builder()
        .domain_name("d")
        .notify_url("ftp://x")
        .build();
    assert_invalid(r, "NotifyUrl", "\"http://\" or \"https://\"");
    let ok = AddLiveRecordNotifyConfigInput::builder()
        .domain_name("d")
        .notify_url("https://x.example/cb")
        .need_status_notify(true)
        .build()
        .unwrap();
    assert_eq!(
        ok.to_params().unwrap().get("NeedStatusNotify"),
        Some("true")
    );
}

#[test]
fn required_if() {
    let base = || {
        AddLiveRecordVodConfigInput::builder()
            .app_name("a")
            .domain_name("d")
            .vod_transcode_group_id("g")
    };
    assert_invalid(
        base().auto_compose("ON").build(),
        "ComposeVodTranscodeGroupId",
        "AutoCompose is \"ON\"",
    );
    assert!(
        base()
            .auto_compose("ON")
            .compose_vod_transcode_group_id("c")
            .build()
            .is_ok()
    );
    assert!(base().auto_compose("OFF").build().is_ok());
    assert_invalid(
        base().cycle_duration(299).build(),
        "CycleDuration",
        "between 300 and 21600",
    );
}

#[test]
fn csv_lists_are_joined() {
    let input = DescribeLiveDomainBpsDataInput::builder()
        .domain_name("a.example.com")
        .domain_name("b.example.com")
        .domain_name("c.example.com")
        .build()
        .unwrap();
    let p = input.to_params().unwrap();
    assert_eq!(
        pairs(&p),
        [(
            "DomainName".to_owned(),
            "a.example.com,b.example.com,c.example.com".to_owned()
        )]
    );
    // An empty csv list is not sent at all.
    let p = DescribeLiveDomainBpsDataInput::builder()
        .build()
        .unwrap()
        .to_params()
        .unwrap();
    assert!(p.is_empty());
}

#[test]
fn enums_known_and_unknown() {
    assert_eq!(
        RealTimeRecordCommandCommand::from("start"),
        RealTimeRecordCommandCommand::Start
    );
    assert_eq!(
        "stop"
            .parse::<RealTimeRecordCommandCommand>()
            .unwrap()
            .to_string(),
        "stop"
    );
    let unknown = RealTimeRecordCommandCommand::from("pause");
    assert_eq!(
        unknown,
        RealTimeRecordCommandCommand::Unknown("pause".into())
    );
    // Unknown values may be sent (forward compatibility).
    let p = RealTimeRecordCommandInput::builder()
        .command(unknown)
        .domain_name("d")
        .app_name("a")
        .stream_name("s")
        .build()
        .unwrap()
        .to_params()
        .unwrap();
    assert_eq!(p.get("Command"), Some("pause"));
    assert_eq!(OnDemand::from("2"), OnDemand::PushParam);
    assert_eq!(OnDemand::VALUES, ["0", "1", "2"]);
}

#[test]
fn validate_catches_changes_after_build() {
    let mut input = aliyun_live::record::DescribeLiveRecordConfigInput::builder()
        .domain_name("d.example.com")
        .build()
        .unwrap();
    assert!(input.to_params().is_ok());
    // Fields are public: to_params() validates again.
    input.page_size = Some(3);
    assert_invalid(input.to_params(), "PageSize", "between 5 and 30");
}

#[tokio::test]
async fn send_rejects_invalid_input_before_any_io() {
    // An endpoint nothing listens on: a request would fail with a transport
    // error, so a validation error proves nothing was sent.
    let client = aliyun_live::Client::builder()
        .endpoint("http://127.0.0.1:9")
        .credentials(aliyun_live::runtime::credentials::StaticCredentials::new(
            "id", "secret",
        ))
        .build()
        .unwrap();
    let err = client
        .describe_live_record_config()
        .page_size(3)
        .send()
        .await
        .unwrap_err();
    match err {
        aliyun_live::Error::Validation(v) => assert_eq!(v.param, "DomainName"),
        other => panic!("expected a validation error, got {other}"),
    }
    let err = client
        .describe_live_record_config()
        .domain_name("d")
        .page_size(3)
        .send()
        .await
        .unwrap_err();
    match err {
        aliyun_live::Error::Validation(v) => assert_eq!(
            (v.param.as_ref(), v.value.as_deref()),
            ("PageSize", Some("3"))
        ),
        other => panic!("expected a validation error, got {other}"),
    }
}

#[test]
fn nested_repeat_lists_and_required_lists() {
    use aliyun_live::caster::AddCasterLayoutInput;
    use aliyun_live::types::{CasterAudioLayer, CasterLayoutVideoLayer};
    let base = || {
        AddCasterLayoutInput::builder()
            .caster_id("c1")
            .audio_layer(CasterAudioLayer::new().volume_rate(1.5))
            .blend_list("v1")
            .mix_list("a1")
    };
    // A required list must not be empty.
    assert_eq!(
        base().build().unwrap_err(),
        ValidationError::missing("VideoLayer")
    );
    let input = base()
        .video_layer(CasterLayoutVideoLayer::new().fill_mode("fit"))
        .video_layer(
            CasterLayoutVideoLayer::new()
                .position_normalized(0.25)
                .position_normalized(0.5),
        )
        .blend_list("v2")
        .build()
        .unwrap();
    let p = input.to_params().unwrap();
    assert_eq!(p.get("VideoLayer.1.FillMode"), Some("fit"));
    assert_eq!(p.get("VideoLayer.2.PositionNormalized.1"), Some("0.25"));
    assert_eq!(p.get("VideoLayer.2.PositionNormalized.2"), Some("0.5"));
    assert_eq!(p.get("AudioLayer.1.VolumeRate"), Some("1.5"));
    assert_eq!(
        (p.get("BlendList.1"), p.get("BlendList.2")),
        (Some("v1"), Some("v2"))
    );
    assert_eq!(p.get("CasterId"), Some("c1"));
    // Item count of a nested list.
    let too_many = base()
        .video_layer(CasterLayoutVideoLayer::new().set_position_normalized(vec![0.1, 0.2, 0.3]))
        .build();
    assert_invalid(too_many, "VideoLayer.1.PositionNormalized", "at most 2");
}

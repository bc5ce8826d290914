//! Every action's success example from the API reference decodes into its
//! `…Output` type with the documented values, and survives a JSON round trip
//! (serialization puts lists back in their wrappers).

use std::path::PathBuf;

use aliyun_live::Timestamp;
use aliyun_live::domain::*;
use aliyun_live::log::*;
use aliyun_live::monitoring::*;
use aliyun_live::record::*;
use aliyun_live::record_vod::*;
use aliyun_live::types::Order;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed")
}

/// Decodes the example for `action`, checks the round trip, returns it.
fn decode<O>(action: &str) -> O
where
    O: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let path = fixture_dir().join(format!("{action}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let out: O = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{action}: {e}"));
    let again: O = serde_json::from_str(&serde_json::to_string(&out).unwrap()).unwrap();
    assert_eq!(again, out, "{action}: JSON round trip");
    out
}

fn ts(s: &str) -> Option<Timestamp> {
    Some(Timestamp::parse(s).unwrap())
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

#[test]
fn every_action_has_an_example() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/live-2016-11-01.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut missing = Vec::new();
    for a in spec["actions"].as_array().unwrap() {
        let name = a["name"].as_str().unwrap();
        // Sections of the reference (`seed 6.9`) document an example; actions
        // only named in its chapter 1 (`seed 1`) or taken from vendor
        // metadata do not.
        let source = a["source"].as_str().unwrap_or("");
        let documented = source
            .strip_prefix("seed ")
            .is_some_and(|s| s.contains('.'));
        if documented && !fixture_dir().join(format!("{name}.json")).exists() {
            missing.push(name.to_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "actions without a decoded example: {missing:?}"
    );
}

#[test]
fn request_id_only_actions() {
    type RequestIdOf = fn(&str) -> Option<String>;
    let cases: [(&str, RequestIdOf); 11] = [
        ("AddLiveAppRecordConfig", |a| {
            decode::<AddLiveAppRecordConfigOutput>(a).request_id
        }),
        ("AddLiveDomain", |a| {
            decode::<AddLiveDomainOutput>(a).request_id
        }),
        ("AddLiveDomainMapping", |a| {
            decode::<AddLiveDomainMappingOutput>(a).request_id
        }),
        ("AddLiveRecordNotifyConfig", |a| {
            decode::<AddLiveRecordNotifyConfigOutput>(a).request_id
        }),
        ("AddLiveRecordVodConfig", |a| {
            decode::<AddLiveRecordVodConfigOutput>(a).request_id
        }),
        ("DeleteLiveAppRecordConfig", |a| {
            decode::<DeleteLiveAppRecordConfigOutput>(a).request_id
        }),
        ("DeleteLiveRecordNotifyConfig", |a| {
            decode::<DeleteLiveRecordNotifyConfigOutput>(a).request_id
        }),
        ("DeleteLiveRecordVodConfig", |a| {
            decode::<DeleteLiveRecordVodConfigOutput>(a).request_id
        }),
        ("RealTimeRecordCommand", |a| {
            decode::<RealTimeRecordCommandOutput>(a).request_id
        }),
        ("UpdateLiveRecordNotifyConfig", |a| {
            decode::<UpdateLiveRecordNotifyConfigOutput>(a).request_id
        }),
        ("DescribeLiveStreamRecordContent", |a| {
            decode::<DescribeLiveStreamRecordContentOutput>(a).request_id
        }),
    ];
    for (action, f) in cases {
        let id = f(action).unwrap_or_else(|| panic!("{action}: no RequestId"));
        assert_eq!(id.len(), 36, "{action}: {id}");
    }
}

#[test]
fn describe_live_stream_record_index_files() {
    let o: DescribeLiveStreamRecordIndexFilesOutput = decode("DescribeLiveStreamRecordIndexFiles");
    assert_eq!(o.request_id, s("DE24625C-7C0F-4020-8448-9C31A50C1556"));
    assert_eq!(o.record_index_info_list.len(), 1);
    let f = &o.record_index_info_list[0];
    assert_eq!(f.record_id, s("c4d7f0a4-b506-43f9-8de3-07732c3f3d82"));
    assert_eq!(f.duration, Some(588.849));
    assert_eq!((f.height, f.width), (Some(480), Some(640)));
    assert_eq!(f.start_time, ts("2016-05-25T05:37:11Z"));
    assert_eq!(f.create_time, ts("2016-05-27T09:40:56Z"));
    assert_eq!(f.record_url, s("http://xxx.xxx/atestObject.m3u8"));
    // Serialization restores the wire's wrapper object.
    let v = serde_json::to_value(&o).unwrap();
    assert_eq!(v["RecordIndexInfoList"]["RecordIndexInfo"][0]["Width"], 640);
}

#[test]
fn describe_live_stream_record_index_file_and_create() {
    let o: DescribeLiveStreamRecordIndexFileOutput = decode("DescribeLiveStreamRecordIndexFile");
    let info = o.record_index_info.expect("RecordIndexInfo");
    assert_eq!(info.oss_object, s("atestObject.m3u8"));
    assert_eq!(info.end_time, ts("2016-05-25T05:47:11Z"));
    let c: CreateLiveStreamRecordIndexFilesOutput = decode("CreateLiveStreamRecordIndexFiles");
    assert_eq!(c.request_id, s("550439A3-F8EC-4CA2-BB62-B9DB43EEEF30"));
    let info = c.record_info.expect("RecordInfo");
    assert_eq!(info.oss_endpoint, s("oss-cn-hangzhou.aliyuncs.com"));
    assert_eq!(info.duration, Some(588.849));
}

#[test]
fn describe_live_stream_record_content() {
    let o: DescribeLiveStreamRecordContentOutput = decode("DescribeLiveStreamRecordContent");
    assert_eq!(o.record_content_info_list.len(), 1);
    let c = &o.record_content_info_list[0];
    assert_eq!(c.duration, Some(14638.0));
    assert_eq!(
        c.oss_object_prefix,
        s("record/{Date}/{UnixTimestamp}_{Sequence}")
    );
    assert_eq!(c.end_time, ts("2016-05-25T09:41:09Z"));
}

#[test]
fn describe_live_record_config() {
    let o: DescribeLiveRecordConfigOutput = decode("DescribeLiveRecordConfig");
    assert_eq!(o.request_id, s("5056369B-D337-499E-B8B7-B761BD37B08A"));
    let r = &o.live_app_record_list[0];
    assert_eq!(r.app_name, s("aliyuntest"));
    assert_eq!(r.oss_bucket, s("chimang.bucket"));
    assert_eq!(r.create_time, ts("2016-05-20T09:33:38Z"));
    assert_eq!(r.format_list.len(), 1);
    assert_eq!(r.format_list[0].name, s("m3u8"));
    assert_eq!(r.format_list[0].slice_oss_object_prefix, s("xxx"));
    assert_eq!(o.order, None);
}

#[test]
fn describe_live_record_vod_configs() {
    let o: DescribeLiveRecordVodConfigsOutput = decode("DescribeLiveRecordVodConfigs");
    assert_eq!(
        (o.page_num, o.page_size, o.total),
        (Some(5), Some(10), Some(100))
    );
    let c = &o.live_record_vod_configs[0];
    assert_eq!(c.cycle_duration, Some(300));
    assert_eq!(c.vod_transcode_group_id, s("xxxx"));
}

#[test]
fn describe_live_record_notify_config() {
    let o: DescribeLiveRecordNotifyConfigOutput = decode("DescribeLiveRecordNotifyConfig");
    let c = o.live_record_notify_config.expect("config");
    assert_eq!(c.need_status_notify, Some(false));
    assert_eq!(c.notify_url, s("http://xxx"));
}

#[test]
fn describe_live_domain_bps_and_traffic_data() {
    let o: DescribeLiveDomainBpsDataOutput = decode("DescribeLiveDomainBpsData");
    // Numbers arrive as strings in the example.
    assert_eq!(o.data_interval, Some(300));
    assert_eq!(o.bps_data_per_interval.len(), 2);
    assert_eq!(o.bps_data_per_interval[0].bps_value, Some(11_288_111.0));
    assert_eq!(
        o.bps_data_per_interval[1].time_stamp,
        ts("2017-12-10T20:05:00Z")
    );
    let t: DescribeLiveDomainTrafficDataOutput = decode("DescribeLiveDomainTrafficData");
    assert_eq!(t.domain_name, s("test.com"));
    assert_eq!(
        t.traffic_data_per_interval[1].https_traffic_value,
        Some(454_680_793)
    );
    assert_eq!(t.traffic_data_per_interval[0].http_traffic_value, Some(0));
}

#[test]
fn describe_live_domain_usage_data() {
    let r: DescribeLiveDomainRecordDataOutput = decode("DescribeLiveDomainRecordData");
    assert_eq!(r.record_data_infos.len(), 2);
    assert_eq!(r.record_data_infos[0].date, s("20180101"));
    assert_eq!(
        r.record_data_infos[0].detail.as_ref().and_then(|d| d.ts),
        Some(86_310)
    );
    let s2: DescribeLiveDomainSnapshotDataOutput = decode("DescribeLiveDomainSnapshotData");
    assert_eq!(s2.snapshot_data_infos[0].total, Some(110));
    let t: DescribeLiveDomainTranscodeDataOutput = decode("DescribeLiveDomainTranscodeData");
    assert_eq!(t.transcode_data_infos.len(), 3);
    assert_eq!(
        t.transcode_data_infos[1].detail.get("SD_CASTER"),
        Some(&86_320)
    );
    assert_eq!(t.transcode_data_infos[2].total, Some(172_630));
}

#[test]
fn describe_live_stream_online_user_num() {
    let o: DescribeLiveStreamOnlineUserNumOutput = decode("DescribeLiveStreamOnlineUserNum");
    assert_eq!(o.total_user_number, Some(7));
    assert_eq!(o.online_user_info.len(), 2);
    assert_eq!(
        o.online_user_info[1].stream_url,
        s("rtmp://test101.cdnpe.com/live/test102")
    );
    assert_eq!(o.online_user_info[1].user_number, Some(5));
}

#[test]
fn describe_live_domain_log() {
    let o: DescribeLiveDomainLogOutput = decode("DescribeLiveDomainLog");
    let d = &o.domain_log_details[0];
    assert_eq!(d.log_count, Some(20));
    assert_eq!(d.domain_name, s("test1.test.com"));
    assert_eq!(d.page_infos.as_ref().and_then(|p| p.total), Some(20));
    assert_eq!(d.log_infos.len(), 2);
    assert_eq!(d.log_infos[0].log_size, Some(2_645_401));
    // Epoch seconds as strings.
    assert_eq!(
        d.log_infos[0].start_time.map(Timestamp::unix),
        Some(1_521_972_000)
    );
}

#[test]
fn lenient_decoding() {
    // Numbers as strings, strings as numbers, a bare list instead of the
    // wrapper, a single object instead of a list, unknown fields and
    // unknown enum values.
    let o: DescribeLiveStreamRecordIndexFilesOutput = serde_json::from_str(
        r#"{
            "RecordIndexInfoList": {"RecordIndexInfo": {"Height": "720", "RecordId": 42}},
            "TotalNum": "3", "PageNum": 2, "Order": "sideways", "Brand": "new"
        }"#,
    )
    .unwrap();
    assert_eq!(o.record_index_info_list.len(), 1);
    assert_eq!(o.record_index_info_list[0].height, Some(720));
    assert_eq!(o.record_index_info_list[0].record_id, s("42"));
    assert_eq!(o.total_num, Some(3));
    assert_eq!(o.order, Some(Order::Unknown("sideways".into())));
    assert_eq!(o.order.as_ref().map(Order::as_str), Some("sideways"));

    let o: DescribeLiveStreamRecordIndexFilesOutput =
        serde_json::from_str(r#"{"RecordIndexInfoList": [{"Width": 1}], "Order": "desc"}"#)
            .unwrap();
    assert_eq!(o.record_index_info_list[0].width, Some(1));
    assert_eq!(o.order, Some(Order::Desc));

    let o: DescribeLiveStreamRecordIndexFilesOutput =
        serde_json::from_str(r#"{"RecordIndexInfoList": null}"#).unwrap();
    assert!(o.record_index_info_list.is_empty());

    // Enum values given as numbers.
    let od: aliyun_live::types::OnDemand = serde_json::from_str("1").unwrap();
    assert_eq!(od, aliyun_live::types::OnDemand::HttpCallback);
    assert_eq!(serde_json::to_string(&od).unwrap(), r#""1""#);
}

//! Callback payloads: decoding what the service sends (the reference's own
//! examples), encoding the answers, and rejecting malformed input.

use aliyun_live::CallbackError;
use aliyun_live::callbacks::{
    OnDemandCodec, OnDemandRecordInterval, OnDemandRecordRequest, OnDemandRecordResponse,
    RecordFileGeneratedRequest, RecordStatus, RecordStatusEventRequest,
};

#[test]
fn on_demand_record_query_from_the_reference() {
    let q = "/?app=seq_all&domain=qt01.alivecdn.com&stream=ondemand8&vbitrate=2000&codec=h264";
    let q = q.strip_prefix('/').unwrap();
    let r = OnDemandRecordRequest::from_query(q).unwrap();
    assert_eq!(r.app.as_deref(), Some("seq_all"));
    assert_eq!(r.domain.as_deref(), Some("qt01.alivecdn.com"));
    assert_eq!(r.stream.as_deref(), Some("ondemand8"));
    assert_eq!(r.vbitrate, Some(2000));
    assert_eq!(r.codec, Some(OnDemandCodec::H264));
}

#[test]
fn on_demand_record_query_errors() {
    assert_eq!(
        OnDemandRecordRequest::from_query("app=a&stream=s").unwrap_err(),
        CallbackError::Missing("domain".into())
    );
    assert!(matches!(
        OnDemandRecordRequest::from_query("app=a&domain=d&stream=s&vbitrate=fast"),
        Err(CallbackError::Malformed(_))
    ));
    assert!(matches!(
        OnDemandRecordRequest::from_query("app=%E4%B8&domain=d&stream=s"),
        Err(CallbackError::Malformed(_))
    ));
    assert!(matches!(
        OnDemandRecordRequest::from_query("app=a&app=b&domain=d&stream=s"),
        Err(CallbackError::Malformed(_))
    ));
    // Percent-encoding and unknown parameters.
    let r = OnDemandRecordRequest::from_query("app=a%2Fb&domain=d&stream=s+1&extra=1&codec=av1")
        .unwrap();
    assert_eq!(r.app.as_deref(), Some("a/b"));
    assert_eq!(r.stream.as_deref(), Some("s 1"));
    assert_eq!(r.codec, Some(OnDemandCodec::Unknown("av1".into())));
}

#[test]
fn on_demand_record_response_matches_the_reference() {
    let answer = OnDemandRecordResponse::new()
        .api_version("1.0")
        .need_record(true)
        .interval(OnDemandRecordInterval::new().mp4(300).flv(120).m3u8(180))
        .format("mp4")
        .format("flv");
    let got: serde_json::Value = serde_json::from_str(&answer.to_json()).unwrap();
    let want = serde_json::json!({
        "ApiVersion": "1.0",
        "NeedRecord": true,
        "Interval": {"Mp4": 300, "Flv": 120, "M3U8": 180},
        "Format": ["mp4", "flv"]
    });
    assert_eq!(got, want);
    assert_eq!(
        OnDemandRecordResponse::from_json(answer.to_json().as_bytes()).unwrap(),
        answer
    );
    // NeedRecord is required in an answer.
    assert_eq!(
        OnDemandRecordResponse::from_json(br#"{"ApiVersion": "1.0"}"#).unwrap_err(),
        CallbackError::Missing("NeedRecord".into())
    );
}

#[test]
fn record_file_generated_from_the_reference() {
    let body = br#"{
      "domain": "qt01.alivecdn.com",
      "app": "mp4flvtest_flv",
      "stream": "callback_test",
      "uri": "mp4flvtest_flv/callback_test/0_2017-03-08-23:09:46_2017-03-08-23:10:40.flv",
      "duration": 69.403,
      "start_time": 1488985786,
      "stop_time": 1488985840
    }"#;
    let r = RecordFileGeneratedRequest::from_json(body).unwrap();
    assert_eq!(r.duration, Some(69.403));
    assert_eq!(r.start_time.map(|t| t.unix()), Some(1_488_985_786));
    assert_eq!(
        r.stop_time.map(|t| t.to_string()).as_deref(),
        Some("2017-03-08T15:10:40Z")
    );
    // Epoch seconds are written back as numbers.
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(v["start_time"], 1_488_985_786);
    assert_eq!(
        RecordFileGeneratedRequest::from_json(r.to_json().as_bytes()).unwrap(),
        r
    );
}

#[test]
fn record_status_events() {
    for (event, want) in [
        ("record_started", RecordStatus::RecordStarted),
        ("record_paused", RecordStatus::RecordPaused),
        ("record_resumed", RecordStatus::RecordResumed),
    ] {
        let body = format!(
            r#"{{"domain":"gs_domain","app":"gs_app","stream":"gs_stream","event":"{event}"}}"#
        );
        let r = RecordStatusEventRequest::from_json(body.as_bytes()).unwrap();
        assert_eq!(r.event, Some(want));
        assert_eq!(r.domain.as_deref(), Some("gs_domain"));
    }
}

#[test]
fn malformed_json_is_an_error_not_a_panic() {
    for body in [
        &b""[..],
        b"{",
        b"[]",
        b"null",
        b"{\"domain\": 5",
        b"\xff\xfe",
    ] {
        assert!(
            RecordStatusEventRequest::from_json(body).is_err(),
            "{body:?}"
        );
    }
}

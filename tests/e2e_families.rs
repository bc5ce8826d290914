//! The generated SDK against the emulator for the imported non-caster
//! families: pull-stream configs, content detection, stream notify URLs,
//! transcoding templates, blocked streams, stream lists and per-stream
//! data. Every action of these groups is called through `aliyun_live::Client`.

use std::pin::pin;

use aliyun_live::Timestamp;
use aliyun_live_e2e::Env;
use futures_util::TryStreamExt;

const PLAY: &str = "play.example.com";

fn at(unix: i64) -> Timestamp {
    Timestamp::from_unix(unix).expect("in range")
}

fn now() -> i64 {
    Timestamp::now().unix()
}

async fn env() -> Env {
    let env = Env::start().await;
    env.client
        .add_live_domain()
        .domain_name(PLAY)
        .live_domain_type("liveVideo")
        .region("cn-shanghai")
        .send()
        .await
        .expect("domain added");
    env
}

/// The service error code of a failed call; panics on success or on any
/// other kind of error (transport, decode, validation...).
fn service_code<T: std::fmt::Debug>(r: Result<T, aliyun_live::Error>) -> String {
    match r {
        Err(aliyun_live::Error::Service(e)) => e.code.clone().unwrap_or_default(),
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn times_are_sent_in_the_wire_format() {
    // Times go on the wire as `YYYY-MM-DDThh:mm:ssZ`, however they were made.
    assert_eq!(at(1_497_433_874).to_string(), "2017-06-14T09:51:14Z");
    assert_eq!(
        Timestamp::parse("2017-06-14T17:51:14+08:00").map(|t| t.to_string()),
        Ok("2017-06-14T09:51:14Z".to_owned())
    );
}

#[tokio::test]
async fn pull_stream_config_round_trip() {
    let env = env().await;
    let c = &env.client;
    let (start, end) = (at(now() - 600), at(now() + 3600));
    let add = || {
        c.add_live_pull_stream_info_config()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name("from-origin")
            .source_url("rtmp://origin.example.com/live/src")
            .start_time(start)
            .end_time(end)
            .send()
    };
    add().await.expect("added");
    assert_eq!(service_code(add().await), "ConfigAlreadyExists");
    let out = c
        .describe_live_pull_stream_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("described");
    assert_eq!(out.live_app_record_list.len(), 1);
    let rec = &out.live_app_record_list[0];
    assert_eq!(rec.stream_name.as_deref(), Some("from-origin"));
    assert_eq!(
        rec.source_using.as_deref(),
        Some("rtmp://origin.example.com/live/src")
    );
    assert_eq!(rec.start_time, Some(start));
    assert_eq!(rec.end_time, Some(end));

    // While its window is open the pulled stream is online.
    let online = c
        .describe_live_streams_online_list()
        .domain_name(PLAY)
        .send()
        .await
        .expect("online list");
    let names: Vec<_> = online
        .online_info
        .iter()
        .filter_map(|i| i.stream_name.as_deref())
        .collect();
    assert_eq!(names, ["from-origin"]);
    assert_eq!(online.online_info[0].publish_type.as_deref(), Some("pull"));

    let delete = || {
        c.delete_live_pull_stream_info_config()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name("from-origin")
            .send()
    };
    delete().await.expect("deleted");
    let out = c
        .describe_live_pull_stream_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("described");
    assert!(out.live_app_record_list.is_empty());
    assert_eq!(service_code(delete().await), "InvalidConfig.NotFound");
    let long = c
        .add_live_pull_stream_info_config()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("week")
        .source_url("rtmp://origin.example.com/live/src")
        .start_time(at(now()))
        .end_time(at(now() + 8 * 86_400))
        .send()
        .await;
    assert_eq!(service_code(long), "Duration.Exceed");
}

#[tokio::test]
async fn detect_notify_round_trip() {
    let env = env().await;
    let c = &env.client;
    let missing = c
        .describe_live_detect_notify_config()
        .domain_name(PLAY)
        .send()
        .await;
    assert_eq!(service_code(missing), "InvalidConfig.NotFound");
    c.add_live_detect_notify_config()
        .domain_name(PLAY)
        .notify_url("http://cb.example.com/detect")
        .send()
        .await
        .expect("added");
    let out = c
        .describe_live_detect_notify_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("described");
    let cfg = out.live_detect_notify_config.expect("config present");
    assert_eq!(cfg.domain_name.as_deref(), Some(PLAY));
    assert_eq!(
        cfg.notify_url.as_deref(),
        Some("http://cb.example.com/detect")
    );
    c.update_live_detect_notify_config()
        .domain_name(PLAY)
        .notify_url("https://cb.example.com/detect/v2")
        .send()
        .await
        .expect("updated");
    let out = c
        .describe_live_detect_notify_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("described");
    assert_eq!(
        out.live_detect_notify_config
            .and_then(|c| c.notify_url)
            .as_deref(),
        Some("https://cb.example.com/detect/v2")
    );
    let unsafe_url = c
        .update_live_detect_notify_config()
        .domain_name(PLAY)
        .notify_url("http://192.168.1.10/cb")
        .send()
        .await;
    assert_eq!(service_code(unsafe_url), "InvalidNotifyUrl.Unsafe");
    c.delete_live_detect_notify_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("deleted");
    let gone = c
        .describe_live_detect_notify_config()
        .domain_name(PLAY)
        .send()
        .await;
    assert_eq!(service_code(gone), "InvalidConfig.NotFound");
}

#[tokio::test]
async fn porn_detection_round_trip_with_the_paginator() {
    let env = env().await;
    let c = &env.client;
    for i in 0..8 {
        c.add_live_snapshot_detect_porn_config()
            .domain_name(PLAY)
            .app_name(format!("app{i}"))
            .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
            .oss_bucket("detect-results")
            .oss_object("{AppName}/{StreamName}/{UnixTimestamp}.jpg")
            .interval(20)
            .scene("porn")
            .scene("terrorism")
            .send()
            .await
            .expect("added");
    }
    let dup = c
        .add_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("app0")
        .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
        .oss_bucket("detect-results")
        .send()
        .await;
    assert_eq!(service_code(dup), "ConfigAlreadyExists");
    let bad_scene = c
        .add_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("other")
        .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
        .oss_bucket("detect-results")
        .scene("cats")
        .send()
        .await;
    assert_eq!(service_code(bad_scene), "InvalidScenes");

    let items: Vec<_> = pin!(
        c.describe_live_snapshot_detect_porn_config()
            .domain_name(PLAY)
            .page_size(5)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("all pages");
    assert_eq!(items.len(), 8);
    assert_eq!(items[0].app_name.as_deref(), Some("app0"));
    assert_eq!(items[0].scenes, ["porn", "terrorism"]);
    assert_eq!(items[0].interval, Some(20));

    c.update_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("app0")
        .interval(300)
        .send()
        .await
        .expect("updated");
    let out = c
        .describe_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("app0")
        .send()
        .await
        .expect("described");
    assert_eq!(out.total_num, Some(1));
    let cfg = &out.live_snapshot_detect_porn_config_list[0];
    assert_eq!(cfg.interval, Some(300));
    assert_eq!(cfg.oss_bucket.as_deref(), Some("detect-results"));

    c.delete_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("app0")
        .send()
        .await
        .expect("deleted");
    let out = c
        .describe_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("app0")
        .send()
        .await
        .expect("described");
    assert_eq!(out.total_num, Some(0));
    let gone = c
        .update_live_snapshot_detect_porn_config()
        .domain_name(PLAY)
        .app_name("app0")
        .interval(60)
        .send()
        .await;
    assert_eq!(service_code(gone), "InvalidConfig.NotFound");
}

#[tokio::test]
async fn streams_notify_url_round_trip() {
    let env = env().await;
    let c = &env.client;
    c.set_live_streams_notify_url_config()
        .domain_name(PLAY)
        .notify_url("https://cb.example.com/streams")
        .notify_req_auth("yes")
        .notify_auth_key("k3yK3yk3yK3y12345678")
        .send()
        .await
        .expect("set");
    let out = c
        .describe_live_streams_notify_url_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("described");
    let cfg = out.live_streams_notify_config.expect("present");
    assert_eq!(
        cfg.notify_url.as_deref(),
        Some("https://cb.example.com/streams")
    );
    assert_eq!(cfg.notify_req_auth.as_deref(), Some("yes"));
    assert_eq!(cfg.notify_auth_key.as_deref(), Some("k3yK3yk3yK3y12345678"));
    let no_key = c
        .set_live_streams_notify_url_config()
        .domain_name(PLAY)
        .notify_url("https://cb.example.com/streams")
        .notify_req_auth("yes")
        .send()
        .await;
    assert_eq!(service_code(no_key), "InvalidParam");
    c.delete_live_streams_notify_url_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("deleted");
    let gone = c
        .describe_live_streams_notify_url_config()
        .domain_name(PLAY)
        .send()
        .await;
    assert_eq!(service_code(gone), "InvalidConfig.NotFound");
}

#[tokio::test]
async fn transcode_templates_round_trip() {
    let env = env().await;
    let c = &env.client;
    c.add_live_stream_transcode()
        .domain(PLAY)
        .app("live")
        .template("lhd")
        .encrypt_parameters(
            r#"{"EncryptType":"aliyun","KmsKeyID":"kms-1","KmsKeyExpireInterval":"3600"}"#,
        )
        .send()
        .await
        .expect("standard template");
    c.add_custom_live_stream_transcode()
        .domain(PLAY)
        .app("live")
        .template("hd-1080")
        .template_type("h265")
        .height(1080)
        .width(1920)
        .fps(30)
        .video_bitrate(4000)
        .gop("60")
        .profile(2)
        .audio_codec("aac")
        .audio_bitrate(128)
        .audio_rate(44100)
        .audio_channel_num(2)
        .fps_with_source(r#"{"enable":"yes"}"#)
        .lazy("no")
        .send()
        .await
        .expect("custom template");
    let unknown = c
        .add_live_stream_transcode()
        .domain(PLAY)
        .app("live")
        .template("hd-1080")
        .send()
        .await;
    assert_eq!(service_code(unknown), "InvalidParameters");
    let no_domain = c
        .add_live_stream_transcode()
        .domain("elsewhere.example.com")
        .app("live")
        .template("lld")
        .send()
        .await;
    assert_eq!(service_code(no_domain), "InvalidDomain.NotFound");

    let out = c
        .describe_live_stream_transcode_info()
        .domain_transcode_name(PLAY)
        .app_name("live")
        .send()
        .await
        .expect("described");
    assert_eq!(out.domain_transcode_list.len(), 2);
    let std = &out.domain_transcode_list[0];
    assert_eq!(std.transcode_template.as_deref(), Some("lhd"));
    assert_eq!(std.is_lazy, Some(true));
    let enc = std.encrypt_parameters.as_ref().expect("encryption");
    assert_eq!(enc.kms_key_id.as_deref(), Some("kms-1"));
    let custom = &out.domain_transcode_list[1];
    assert_eq!(custom.is_lazy, Some(false));
    let p = custom
        .custom_transcode_parameters
        .as_ref()
        .expect("custom parameters");
    assert_eq!(p.template_type.as_deref(), Some("h265"));
    assert_eq!(
        (p.width, p.height, p.fps),
        (Some(1920), Some(1080), Some(30))
    );
    assert_eq!(p.video_profile.as_deref(), Some("main"));
    assert_eq!(p.audio_rate, Some(44100));
    assert_eq!(
        p.fps_with_source.as_ref().and_then(|v| v.get("enable")),
        Some(&serde_json::json!("yes"))
    );

    c.add_trancode_sei()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("s1")
        .text("{\"question\":1}")
        .pattern("frame")
        .repeat(3)
        .delay(500)
        .send()
        .await
        .expect("SEI added");

    let delete = |template: &str| {
        c.delete_live_stream_transcode()
            .domain(PLAY)
            .app("live")
            .template(template)
            .send()
    };
    delete("lhd").await.expect("deleted");
    assert_eq!(service_code(delete("lhd").await), "InvalidConfig.NotFound");
    delete("hd-1080").await.expect("deleted");
    let out = c
        .describe_live_stream_transcode_info()
        .domain_transcode_name(PLAY)
        .send()
        .await
        .expect("described");
    assert!(out.domain_transcode_list.is_empty());
    // No transcoding left: no transcoded stream to put SEI into.
    let sei = c
        .add_trancode_sei()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("s1")
        .text("x")
        .pattern("keyframe")
        .repeat(1)
        .delay(0)
        .send()
        .await;
    assert_eq!(service_code(sei), "InvalidConfig.NotFound");
}

#[tokio::test]
async fn forbid_and_resume_show_in_block_list_and_history() {
    let env = env().await;
    let c = &env.client;
    let t0 = now();
    let forbid = |stream: &str| {
        c.forbid_live_stream()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name(stream)
            .live_stream_type("publisher")
    };
    for s in ["spam1", "spam2", "spam3"] {
        forbid(s).send().await.expect("forbidden");
    }
    forbid("later")
        .resume_time(at(t0 + 86_400))
        .send()
        .await
        .expect("forbidden until tomorrow");
    let twice = forbid("spam1").send().await;
    assert_eq!(service_code(twice), "ConfigAlreadyExists");

    let urls: Vec<String> = pin!(
        c.describe_live_streams_block_list()
            .domain_name(PLAY)
            .page_size(3)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("block list");
    assert_eq!(
        urls,
        [
            format!("{PLAY}/live/spam1"),
            format!("{PLAY}/live/spam2"),
            format!("{PLAY}/live/spam3"),
            format!("{PLAY}/live/later"),
        ]
    );

    let resume = || {
        c.resume_live_stream()
            .domain_name(PLAY)
            .live_stream_type("publisher")
            .app_name("live")
            .stream_name("spam2")
            .send()
    };
    resume().await.expect("resumed");
    assert_eq!(service_code(resume().await), "InvalidConfig.NotFound");
    let out = c
        .describe_live_streams_block_list()
        .domain_name(PLAY)
        .send()
        .await
        .expect("block list");
    assert_eq!(out.total_num, Some(3));
    assert!(!out.stream_urls.iter().any(|u| u.ends_with("/spam2")));

    let history = c
        .describe_live_streams_control_history()
        .domain_name(PLAY)
        .app_name("live")
        .start_time(at(t0 - 60))
        .end_time(at(now() + 60))
        .send()
        .await
        .expect("history");
    let events: Vec<(&str, &str)> = history
        .control_info
        .iter()
        .map(|e| {
            (
                e.action.as_deref().unwrap_or_default(),
                e.stream_name.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("ForbidLiveStream", "spam1"),
            ("ForbidLiveStream", "spam2"),
            ("ForbidLiveStream", "spam3"),
            ("ForbidLiveStream", "later"),
            ("ResumeLiveStream", "spam2"),
        ]
    );
    // A malformed time cannot reach the service any more (the emulator's
    // own tests send one raw): it fails where the `Timestamp` is made.
    let bad = Timestamp::parse("yesterday").expect_err("not a time");
    assert!(bad.to_string().contains("yesterday"), "{bad}");
}

#[tokio::test]
async fn stream_lists_and_data() {
    let env = env().await;
    let c = &env.client;
    let t = now();
    // Sample streams, one blocked: it is not online.
    c.forbid_live_stream()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("stream2")
        .live_stream_type("publisher")
        .send()
        .await
        .expect("forbidden");
    let online = c
        .describe_live_streams_online_list()
        .domain_name(PLAY)
        .app_name("live")
        .send()
        .await
        .expect("online");
    let names: Vec<_> = online
        .online_info
        .iter()
        .filter_map(|i| i.stream_name.as_deref())
        .collect();
    assert_eq!(names, ["stream1"]);
    let first = &online.online_info[0];
    assert_eq!(first.width, Some(1280));
    assert!(first.frame_rate.is_some_and(|f| (25..=30).contains(&f)));

    let published: Vec<_> = pin!(
        c.describe_live_streams_publish_list()
            .domain_name(PLAY)
            .start_time(at(t - 6 * 3600))
            .end_time(at(t))
            .page_size(4)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("publish list");
    // Two sample streams publish once an hour: 7 hourly slots touch the 6
    // hours; the first slot's sessions may start before the range and the
    // last slot's after now.
    assert!((10..=14).contains(&published.len()), "{}", published.len());
    assert!(published.iter().all(|p| p.publish_time.is_some()));
    let too_long = c
        .describe_live_streams_publish_list()
        .domain_name(PLAY)
        .start_time(at(t - 40 * 86_400))
        .end_time(at(t))
        .send()
        .await;
    assert_eq!(service_code(too_long), "Duration.Exceed");

    let rate = c
        .describe_live_stream_bit_rate_data()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("stream1")
        .start_time(at(t - 600 - t % 60))
        .end_time(at(t - t % 60))
        .send()
        .await
        .expect("bit rate");
    assert_eq!(rate.frame_rate_and_bit_rate_infos.len(), 10);
    assert!(
        rate.frame_rate_and_bit_rate_infos
            .iter()
            .all(|p| p.bit_rate.is_some_and(|b| b >= 800.0))
    );

    let users = c
        .describe_live_stream_history_user_num()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("stream1")
        .start_time(at(t - 3600 - t % 60))
        .end_time(at(t - t % 60))
        .send()
        .await
        .expect("history users");
    assert_eq!(users.live_stream_user_num_infos.len(), 60);
    assert!(users.live_stream_user_num_infos.iter().all(|u| {
        u.user_num
            .as_deref()
            .is_some_and(|n| n.parse::<u32>().is_ok())
    }));
    let future = c
        .describe_live_stream_history_user_num()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("stream1")
        .start_time(at(t))
        .end_time(at(t + 3600))
        .send()
        .await;
    assert_eq!(service_code(future), "InvalidEndTime.Mismatch");

    // The 2018 reference's action without documented fields answers with
    // a request id only.
    let out = c
        .describe_live_streams_frame_rate_and_bit_rate_data()
        .send()
        .await
        .expect("answered");
    assert!(out.request_id.is_some());
}

#[tokio::test]
async fn stream_snapshot_info_follows_the_snapshot_config() {
    let env = env().await;
    let c = &env.client;
    let t = now();
    let query = || {
        c.describe_live_stream_snapshot_info()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name("s1")
            .start_time(at(t - 3600 - t % 60))
            .end_time(at(t - 3000 - t % 60))
    };
    let none = query().send().await;
    assert_eq!(service_code(none), "InvalidStream.NotFound");
    c.add_live_app_snapshot_config()
        .domain_name(PLAY)
        .app_name("live")
        .time_interval(60)
        .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
        .oss_bucket("snapshots")
        .overwrite_oss_object("{AppName}/{StreamName}.jpg")
        .send()
        .await
        .expect("snapshot config");
    let out = query().limit(4).send().await.expect("snapshots");
    assert_eq!(out.live_stream_snapshot_info_list.len(), 4);
    let first = &out.live_stream_snapshot_info_list[0];
    assert_eq!(first.oss_object.as_deref(), Some("live/s1.jpg"));
    assert_eq!(first.is_overlay, Some(true));
    assert_eq!(first.create_time, Some(at(t - 3600 - t % 60)));
    assert_eq!(first.create_timestamp, Some((t - 3600 - t % 60) * 1000));
    assert_eq!(out.next_start_time, Some(at(t - 3600 - t % 60 + 240)));
    let all = query().limit(100).send().await.expect("snapshots");
    assert_eq!(all.live_stream_snapshot_info_list.len(), 10);
    assert_eq!(all.next_start_time, None, "no snapshot left");
}

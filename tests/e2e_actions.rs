//! The generated SDK against the emulator over HTTP, action by action (the
//! 24 actions of the 2018 reference): requests are built, validated, signed
//! and sent by the SDK; responses are decoded by the SDK.

use std::pin::pin;

use aliyun_live::Timestamp;
use aliyun_live::types::{Order, RecordFormat};
use aliyun_live_e2e::Env;
use futures_util::TryStreamExt;

const PLAY: &str = "play.example.com";
const PUSH: &str = "push.example.com";

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("valid timestamp")
}

fn ago(secs: i64) -> Timestamp {
    Timestamp::from_unix(Timestamp::now().unix() - secs).expect("in range")
}

async fn env_with_domains() -> Env {
    let env = Env::start().await;
    for (name, ty) in [(PLAY, "liveVideo"), (PUSH, "liveEdge")] {
        env.client
            .add_live_domain()
            .domain_name(name)
            .live_domain_type(ty)
            .region("cn-shanghai")
            .send()
            .await
            .expect("domain added");
    }
    env
}

fn code(e: &aliyun_live::Error) -> Option<&str> {
    e.code()
}

#[tokio::test]
async fn domains_and_mappings() {
    let env = env_with_domains().await;
    let out = env
        .client
        .add_live_domain_mapping()
        .push_domain(PUSH)
        .pull_domain(PLAY)
        .send()
        .await
        .expect("mapped");
    assert!(out.request_id.is_some());
    let err = env
        .client
        .add_live_domain_mapping()
        .push_domain(PLAY)
        .pull_domain(PUSH)
        .send()
        .await
        .expect_err("wrong types");
    assert_eq!(code(&err), Some("DomainType.Malformed"));
    assert_eq!(err.http_status(), Some(400));
    assert!(!err.is_retryable());
    let err = env
        .client
        .add_live_domain()
        .domain_name(PLAY)
        .live_domain_type("liveVideo")
        .region("cn-shanghai")
        .send()
        .await
        .expect_err("exists");
    assert_eq!(code(&err), Some("DomainAlreadyExist"));
    assert!(err.request_id().is_some_and(|id| id.len() == 36));
}

#[tokio::test]
async fn app_record_configs_with_the_paginator() {
    let env = env_with_domains().await;
    for i in 0..12 {
        env.client
            .add_live_app_record_config()
            .domain_name(PLAY)
            .app_name(format!("app{i:02}"))
            .oss_bucket("bucket")
            .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
            .record_format(
                RecordFormat::new()
                    .format("m3u8")
                    .oss_object_prefix(
                        "record/{AppName}/{StreamName}/{EscapedStartTime}_{EscapedEndTime}",
                    )
                    .slice_oss_object_prefix("record/{AppName}/{StreamName}/{UnixTimestamp}")
                    .cycle_duration(1800),
            )
            .send()
            .await
            .expect("config added");
    }
    let page = env
        .client
        .describe_live_record_config()
        .domain_name(PLAY)
        .page_size(5)
        .page_num(3)
        .send()
        .await
        .expect("page");
    assert_eq!(page.total_num, Some(12));
    assert_eq!(page.total_page, Some(3));
    assert_eq!(page.live_app_record_list.len(), 2);

    let items: Vec<_> = pin!(
        env.client
            .describe_live_record_config()
            .domain_name(PLAY)
            .page_size(5)
            .order(Order::Desc)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("all pages");
    let apps: Vec<&str> = items.iter().filter_map(|c| c.app_name.as_deref()).collect();
    assert_eq!(apps.len(), 12);
    assert_eq!(apps[0], "app11", "newest first");
    assert_eq!(apps[11], "app00");
    let first = &items[11];
    assert_eq!(first.cycle_duration, Some(1800));
    assert_eq!(first.format_list.len(), 1);
    assert_eq!(first.format_list[0].name.as_deref(), Some("m3u8"));

    let delete = || {
        env.client
            .delete_live_app_record_config()
            .domain_name(PLAY)
            .app_name("app03")
            .send()
    };
    delete().await.expect("deleted");
    let err = delete().await.expect_err("gone");
    assert_eq!(code(&err), Some("InvalidConfig.NotFound"));
    assert_eq!(err.http_status(), Some(404));
    // Requests the emulator saw for the paginator: one per page.
    let describes = env
        .emulator
        .requests()
        .records()
        .iter()
        .filter(|r| r.action.as_deref() == Some("DescribeLiveRecordConfig"))
        .count();
    assert_eq!(describes, 1 + 3);
}

#[tokio::test]
async fn vod_configs_and_notify_configs() {
    let env = env_with_domains().await;
    for app in ["a", "b", "c", "d", "e", "f"] {
        env.client
            .add_live_record_vod_config()
            .domain_name(PLAY)
            .app_name(app)
            .vod_transcode_group_id("g1")
            .send()
            .await
            .expect("added");
    }
    let all: Vec<_> = pin!(
        env.client
            .describe_live_record_vod_configs()
            .domain_name(PLAY)
            .page_size(5)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("pages");
    assert_eq!(all.len(), 6);
    assert_eq!(all[0].cycle_duration, Some(3600));
    env.client
        .delete_live_record_vod_config()
        .domain_name(PLAY)
        .app_name("a")
        .send()
        .await
        .expect("deleted");
    let page = env
        .client
        .describe_live_record_vod_configs()
        .domain_name(PLAY)
        .send()
        .await
        .expect("page");
    assert_eq!(page.total, Some(5));

    env.client
        .add_live_record_notify_config()
        .domain_name(PLAY)
        .notify_url("https://cb.example.com/record")
        .need_status_notify(true)
        .send()
        .await
        .expect("added");
    env.client
        .update_live_record_notify_config()
        .domain_name(PLAY)
        .notify_url("https://cb.example.com/v2")
        .send()
        .await
        .expect("updated");
    let cfg = env
        .client
        .describe_live_record_notify_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("described");
    let cfg = cfg.live_record_notify_config.expect("config");
    assert_eq!(cfg.notify_url.as_deref(), Some("https://cb.example.com/v2"));
    assert_eq!(cfg.need_status_notify, Some(true));
    env.client
        .delete_live_record_notify_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect("deleted");
    let err = env
        .client
        .describe_live_record_notify_config()
        .domain_name(PLAY)
        .send()
        .await
        .expect_err("gone");
    assert_eq!(code(&err), Some("InvalidConfig.NotFound"));
}

#[tokio::test]
async fn manual_recording_and_index_files() {
    let env = env_with_domains().await;
    let cmd = |c: &'static str| {
        env.client
            .real_time_record_command()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name("s1")
            .command(c)
            .send()
    };
    assert_eq!(
        code(&cmd("start").await.expect_err("no config")),
        Some("InvalidConfig.NotFound")
    );
    env.client
        .add_live_app_record_config()
        .domain_name(PLAY)
        .app_name("live")
        .oss_bucket("b")
        .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
        .send()
        .await
        .expect("config");
    cmd("start").await.expect("started");
    let err = cmd("start").await.expect_err("already");
    assert_eq!(
        (code(&err), err.http_status()),
        (Some("TaskAlreadyStarted"), Some(409))
    );
    cmd("stop").await.expect("stopped");

    let mut ids = Vec::new();
    for i in 0..6 {
        let start = ago(6 * 3600 - i * 3600);
        let end = ago(6 * 3600 - i * 3600 - 1800);
        let out = env
            .client
            .create_live_stream_record_index_files()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name("s1")
            .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
            .oss_bucket("b")
            .oss_object(format!("index{i}.m3u8"))
            .start_time(start)
            .end_time(end)
            .send()
            .await
            .expect("created");
        let info = out.record_info.expect("record info");
        assert_eq!(info.duration, Some(1800.0));
        assert_eq!(info.start_time, Some(start));
        ids.push(info.record_id.expect("id"));
    }
    let one = env
        .client
        .describe_live_stream_record_index_file()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("s1")
        .record_id(ids[2].clone())
        .send()
        .await
        .expect("found");
    assert_eq!(
        one.record_index_info.and_then(|i| i.oss_object).as_deref(),
        Some("index2.m3u8")
    );

    let files: Vec<_> = pin!(
        env.client
            .describe_live_stream_record_index_files()
            .domain_name(PLAY)
            .app_name("live")
            .stream_name("s1")
            .start_time(ago(7 * 3600))
            .end_time(ago(0))
            .page_size(5)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("pages");
    assert_eq!(files.len(), 6);
    let content = env
        .client
        .describe_live_stream_record_content()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("s1")
        .start_time(ago(7 * 3600))
        .end_time(ago(3 * 3600 + 900))
        .send()
        .await
        .expect("content");
    // Files starting 6h, 5h and 4h ago overlap [7h ago, 3h15m ago).
    assert_eq!(content.record_content_info_list.len(), 3);
}

#[tokio::test]
async fn monitoring_and_logs() {
    let env = env_with_domains().await;
    let bps = env
        .client
        .describe_live_domain_bps_data()
        .domain_name(PLAY)
        .start_time(ts("2024-05-01T10:00:00Z"))
        .end_time(ts("2024-05-01T11:00:00Z"))
        .send()
        .await
        .expect("bps");
    assert_eq!(bps.bps_data_per_interval.len(), 12);
    assert_eq!(bps.data_interval, Some(300));
    assert_eq!(
        bps.bps_data_per_interval[0].time_stamp,
        Some(ts("2024-05-01T10:00:00Z"))
    );
    let traffic = env
        .client
        .describe_live_domain_traffic_data()
        .domain_name(PLAY)
        .start_time(ts("2024-05-01T10:00:00Z"))
        .end_time(ts("2024-05-01T11:00:00Z"))
        .send()
        .await
        .expect("traffic");
    assert_eq!(traffic.traffic_data_per_interval.len(), 12);

    let (start, end) = (ago(3 * 86400), ago(86400));
    let rec = env
        .client
        .describe_live_domain_record_data()
        .domain_name(PLAY)
        .start_time(start)
        .end_time(end)
        .send()
        .await
        .expect("record");
    assert_eq!(rec.record_data_infos.len(), 3);
    let snap = env
        .client
        .describe_live_domain_snapshot_data()
        .domain_name(PLAY)
        .start_time(start)
        .end_time(end)
        .send()
        .await
        .expect("snapshot");
    assert_eq!(snap.snapshot_data_infos.len(), 3);
    let tr = env
        .client
        .describe_live_domain_transcode_data()
        .domain_name(PLAY)
        .start_time(start)
        .end_time(end)
        .send()
        .await
        .expect("transcode");
    let day = &tr.transcode_data_infos[0];
    assert_eq!(
        day.total.map(i64::from),
        Some(day.detail.values().sum::<i64>())
    );

    let users = env
        .client
        .describe_live_stream_online_user_num()
        .domain_name(PLAY)
        .send()
        .await
        .expect("users");
    let sum: i64 = users
        .online_user_info
        .iter()
        .filter_map(|u| u.user_number)
        .sum();
    assert_eq!(users.total_user_number, Some(sum));

    let log = env
        .client
        .describe_live_domain_log()
        .domain_name(PLAY)
        .start_time(ts("2024-05-01T00:00:00Z"))
        .end_time(ts("2024-05-02T00:00:00Z"))
        .page_size(10)
        .page_number(3)
        .send()
        .await
        .expect("log");
    let detail = &log.domain_log_details[0];
    assert_eq!(detail.log_infos.len(), 4, "24 hourly files, page 3 of 10");
    assert_eq!(detail.page_infos.as_ref().and_then(|p| p.total), Some(24));
    assert_eq!(
        detail.log_infos[0].start_time,
        Some(ts("2024-05-01T20:00:00Z"))
    );
}

#[tokio::test]
async fn validation_happens_before_sending() {
    let env = env_with_domains().await;
    let before = env.emulator.requests().len();
    let err = env
        .client
        .describe_live_record_config()
        .domain_name(PLAY)
        .page_size(3)
        .send()
        .await
        .expect_err("page size 3");
    assert!(matches!(err, aliyun_live::Error::Validation(_)), "{err:?}");
    let err = env
        .client
        .describe_live_record_config()
        .send()
        .await
        .expect_err("no domain");
    assert!(matches!(err, aliyun_live::Error::Validation(_)), "{err:?}");
    assert_eq!(env.emulator.requests().len(), before, "nothing was sent");
}

//! Fault injection (library handle and admin endpoint), the request log,
//! and concurrency.

mod common;

use std::sync::Arc;

use aliyun_live_emulator::{Emulator, FaultKind, FaultRule};
use common::*;
use serde_json::{Value, json};

const D: &str = "f.example.com";

fn describe(h: &Harness) -> Vec<(String, String)> {
    let mut p = common("DescribeLiveRecordConfig", h.now());
    p.push(("DomainName".into(), D.into()));
    sign("GET", SECRET, p)
}

async fn get(h: &Harness, p: &[(String, String)]) -> reqwest::Result<reqwest::Response> {
    h.http
        .get(format!("{}/?{}", h.emu.endpoint(), encode(p)))
        .send()
        .await
}

#[tokio::test]
async fn throttling_and_internal_errors() {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    h.emu
        .faults()
        .add(FaultRule::times(FaultKind::Throttling, 2))
        .expect("valid");
    for _ in 0..2 {
        let (status, body) = h.send_raw("GET", &describe(&h)).await;
        assert_eq!(
            (status, body["Code"].as_str()),
            (503, Some("Throttling")),
            "{body}"
        );
        assert!(body["RequestId"].is_string() && body["HostId"].is_string());
    }
    let (status, _) = h.send_raw("GET", &describe(&h)).await;
    assert_eq!(status, 200, "the rule is exhausted");

    h.emu
        .faults()
        .add(FaultRule::once(FaultKind::InternalError))
        .expect("valid");
    let (status, body) = h.send_raw("GET", &describe(&h)).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (500, Some("InternalError"))
    );
    // A faulted request changes no state and consumes no nonce: a retry of
    // the very same signed request succeeds.
    h.emu
        .faults()
        .add(FaultRule::once(FaultKind::Throttling))
        .expect("valid");
    let p = describe(&h);
    assert_eq!(h.send_raw("GET", &p).await.0, 503);
    assert_eq!(h.send_raw("GET", &p).await.0, 200);

    let log = h.emu.requests().records();
    let statuses: Vec<u16> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 503, 503, 200, 500, 503, 200]);
    assert_eq!(log[1].fault, Some(FaultKind::Throttling));
    assert_eq!(log[5].nonce, log[6].nonce, "the retry reused its nonce");
}

#[tokio::test]
async fn every_kth_request_for_one_action() {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    h.emu
        .faults()
        .add(FaultRule {
            every: Some(2),
            count: Some(2),
            action: Some("DescribeLiveRecordConfig".into()),
            ..FaultRule::once(FaultKind::InternalError)
        })
        .expect("valid");
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(h.send_raw("GET", &describe(&h)).await.0);
        // Other actions are not counted.
        let (status, _) = h
            .call("DescribeLiveRecordNotifyConfig", &[("DomainName", D)])
            .await;
        assert_eq!(status, 404);
    }
    assert_eq!(statuses, [200, 500, 200, 500, 200, 200]);
}

#[tokio::test]
async fn drop_truncate_non_json_and_delay() {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    let fresh = || {
        reqwest::Client::builder()
            .no_proxy()
            .pool_max_idle_per_host(0)
            .build()
            .expect("client")
    };

    h.emu
        .faults()
        .add(FaultRule::once(FaultKind::DropConnection))
        .expect("valid");
    let err = fresh()
        .get(format!("{}/?{}", h.emu.endpoint(), encode(&describe(&h))))
        .send()
        .await;
    assert!(err.is_err(), "no response at all: {err:?}");

    h.emu
        .faults()
        .add(FaultRule::once(FaultKind::TruncatedBody))
        .expect("valid");
    let resp = fresh()
        .get(format!("{}/?{}", h.emu.endpoint(), encode(&describe(&h))))
        .send()
        .await
        .expect("head arrives");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.bytes().await.is_err(), "the body is cut short");

    h.emu
        .faults()
        .add(FaultRule::once(FaultKind::NonJsonBody))
        .expect("valid");
    let resp = get(&h, &describe(&h)).await.expect("response");
    assert_eq!(resp.status().as_u16(), 200);
    let bytes = resp.bytes().await.expect("body");
    assert!(serde_json::from_slice::<Value>(&bytes).is_err());

    // A delay longer than the client's timeout makes the client time out;
    // the emulator still answers the next request normally.
    h.emu
        .faults()
        .add(FaultRule {
            delay_ms: Some(3_000),
            ..FaultRule::once(FaultKind::Delay)
        })
        .expect("valid");
    let slow = reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .expect("client");
    let err = slow
        .get(format!("{}/?{}", h.emu.endpoint(), encode(&describe(&h))))
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(h.send_raw("GET", &describe(&h)).await.0, 200);

    let kinds: Vec<Option<FaultKind>> =
        h.emu.requests().records().iter().map(|r| r.fault).collect();
    assert!(kinds.contains(&Some(FaultKind::DropConnection)));
    assert!(kinds.contains(&Some(FaultKind::TruncatedBody)));
    assert!(kinds.contains(&Some(FaultKind::Delay)));
}

#[tokio::test]
async fn admin_endpoints() {
    let h = start().await;
    h.add_domain(D, "liveVideo").await;
    let url = format!("{}/_emulator/faults", h.emu.endpoint());
    let add = |body: String| {
        h.http
            .post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };

    let resp = add(json!({"kind": "throttling", "count": 1}).to_string())
        .await
        .expect("sent");
    assert_eq!(resp.status().as_u16(), 200);
    let listed: Value = serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json");
    assert_eq!(listed["Faults"][0]["kind"], "throttling");
    assert_eq!(h.send_raw("GET", &describe(&h)).await.0, 503);

    let resp =
        add(json!([{"kind": "internal_error"}, {"kind": "delay", "delay_ms": 1}]).to_string())
            .await
            .expect("sent");
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(h.emu.faults().list().len(), 2);
    let resp = h.http.delete(&url).send().await.expect("sent");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(h.emu.faults().list().is_empty());

    for bad in [
        "{",
        r#"{"kind": "meteor"}"#,
        r#"{"kind": "delay", "every": 0}"#,
        r#"{"kind": "delay", "colour": 1}"#,
    ] {
        let resp = add(bad.to_owned()).await.expect("sent");
        assert_eq!(resp.status().as_u16(), 400, "{bad}");
    }
    assert!(h.emu.faults().list().is_empty());

    let log_url = format!("{}/_emulator/requests", h.emu.endpoint());
    let log: Value = serde_json::from_slice(
        &h.http
            .get(&log_url)
            .send()
            .await
            .expect("sent")
            .bytes()
            .await
            .expect("body"),
    )
    .expect("json");
    assert_eq!(log["Count"], 2, "admin requests are not logged: {log}");
    assert_eq!(log["Requests"][1]["Action"], "DescribeLiveRecordConfig");
    assert_eq!(log["Requests"][1]["Status"], 503);
    assert!(log["Requests"][1]["Nonce"].is_string());
    h.http.delete(&log_url).send().await.expect("sent");
    assert!(h.emu.requests().is_empty());
}

#[tokio::test]
async fn faults_from_the_builder() {
    let h = start_with(
        Emulator::builder()
            .credential(ID, SECRET)
            .fault("throttling:count=1".parse().expect("valid")),
    )
    .await;
    let (status, _) = h
        .call("DescribeLiveRecordConfig", &[("DomainName", D)])
        .await;
    assert_eq!(status, 503);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_are_not_lost() {
    let h = Arc::new(start().await);
    h.add_domain(D, "liveVideo").await;
    let mut tasks = Vec::new();
    for i in 0..60 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move {
            let app = format!("app{i}");
            h.ok(
                "AddLiveAppRecordConfig",
                &[
                    ("DomainName", D),
                    ("AppName", &app),
                    ("OssBucket", "b"),
                    ("OssEndpoint", "e"),
                ],
            )
            .await;
            h.ok(
                "AddLiveRecordVodConfig",
                &[
                    ("DomainName", D),
                    ("AppName", &app),
                    ("VodTranscodeGroupId", "g"),
                ],
            )
            .await;
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let body = h.ok("DescribeLiveRecordConfig", &[("DomainName", D)]).await;
    assert_eq!(body["TotalNum"], 60);
    let body = h
        .ok("DescribeLiveRecordVodConfigs", &[("DomainName", D)])
        .await;
    assert_eq!(body["Total"], 60);

    // The same signed request raced many times: exactly one wins the nonce.
    let p = Arc::new(describe(&h));
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (h, p) = (h.clone(), p.clone());
        tasks.push(tokio::spawn(async move { h.send_raw("GET", &p).await }));
    }
    let mut wins = 0;
    for t in tasks {
        let (status, body) = t.await.expect("task");
        if status == 200 {
            wins += 1;
        } else {
            assert_eq!(body["Code"], "SignatureNonceUsed");
        }
    }
    assert_eq!(wins, 1);
}

#[tokio::test]
async fn the_request_log_keeps_only_the_most_recent_requests() {
    let h = start_with(
        Emulator::builder()
            .credential(ID, SECRET)
            .request_log_capacity(5),
    )
    .await;
    h.add_domain(D, "liveVideo").await;
    let mut nonces = Vec::new();
    for _ in 0..12 {
        let p = describe(&h);
        nonces.push(
            p.iter()
                .find(|(k, _)| k == "SignatureNonce")
                .map(|(_, v)| v.clone())
                .expect("signed requests carry a nonce"),
        );
        let (status, _) = h.send_raw("GET", &p).await;
        assert_eq!(status, 200);
    }
    let log = h.emu.requests();
    assert_eq!((log.len(), log.capacity()), (5, 5));
    assert_eq!(log.evicted(), 13 - 5, "AddLiveDomain + 12 requests");
    let kept: Vec<_> = log.records().into_iter().filter_map(|r| r.nonce).collect();
    assert_eq!(kept, nonces[7..], "the last five, oldest first");
    assert!(
        log.records().iter().all(|r| r.status != 0),
        "outcomes recorded"
    );
    // The admin endpoint shows the same bounded log.
    let listed: Value = serde_json::from_slice(
        &h.http
            .get(format!("{}/_emulator/requests", h.emu.endpoint()))
            .send()
            .await
            .expect("admin endpoint answers")
            .bytes()
            .await
            .expect("body"),
    )
    .expect("JSON");
    assert_eq!(listed["Count"], 5, "{listed}");

    let off = start_with(
        Emulator::builder()
            .credential(ID, SECRET)
            .request_log_capacity(0),
    )
    .await;
    off.add_domain(D, "liveVideo").await;
    assert!(off.emu.requests().is_empty());
}

#[tokio::test]
async fn the_nonce_cap_forgets_the_oldest_nonces_first() {
    let h = start_with(
        Emulator::builder()
            .credential(ID, SECRET)
            .max_remembered_nonces(3),
    )
    .await;
    h.add_domain(D, "liveVideo").await;
    let requests: Vec<_> = (0..4).map(|_| describe(&h)).collect();
    for p in &requests {
        assert_eq!(h.send_raw("GET", p).await.0, 200);
    }
    // The last three are remembered: replays are refused.
    let (status, body) = h.send_raw("GET", &requests[3]).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureNonceUsed")),
        "{body}"
    );
    // The first was forgotten to stay within the cap: its replay passes.
    let (status, body) = h.send_raw("GET", &requests[0]).await;
    assert_eq!(status, 200, "{body}");
}

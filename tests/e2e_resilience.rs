//! The SDK's retries, timeouts and error reporting against injected faults.

use std::time::Duration;

use aliyun_live::Error;
use aliyun_live::runtime::credentials::StaticCredentials;
use aliyun_live::runtime::{HttpMethod, RetryConfig, TimeoutKind};
use aliyun_live_e2e::{ACCESS_KEY_ID, client_with, start_emulator};
use aliyun_live_emulator::{FaultKind, FaultRule, RunningEmulator};

const D: &str = "r.example.com";

/// Three attempts with tiny backoffs, so tests stay quick.
fn quick_retries() -> RetryConfig {
    RetryConfig {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

async fn setup() -> (RunningEmulator, aliyun_live::Client) {
    let emu = start_emulator().await;
    let client = client_with(&emu, |b| b.retry(quick_retries()));
    client
        .add_live_domain()
        .domain_name(D)
        .live_domain_type("liveVideo")
        .region("cn-shanghai")
        .send()
        .await
        .expect("domain added");
    emu.requests().clear();
    (emu, client)
}

async fn describe(client: &aliyun_live::Client) -> Result<(), Error> {
    client
        .describe_live_record_config()
        .domain_name(D)
        .send()
        .await
        .map(drop)
}

/// (status, code) of every request the emulator saw, and whether all nonces differ.
fn seen(emu: &RunningEmulator) -> (Vec<(u16, Option<String>)>, bool) {
    let log = emu.requests().records();
    let mut nonces: Vec<_> = log.iter().filter_map(|r| r.nonce.clone()).collect();
    nonces.sort();
    nonces.dedup();
    let distinct = nonces.len() == log.len();
    (
        log.into_iter().map(|r| (r.status, r.code)).collect(),
        distinct,
    )
}

#[tokio::test]
async fn throttling_is_retried_with_fresh_signatures() {
    let (emu, client) = setup().await;
    emu.faults()
        .add(FaultRule::times(FaultKind::Throttling, 2))
        .expect("valid");
    describe(&client).await.expect("third attempt succeeds");
    let (log, distinct) = seen(&emu);
    let throttled = (503, Some("Throttling".to_owned()));
    assert_eq!(log, [throttled.clone(), throttled, (200, None)]);
    assert!(distinct, "every attempt is signed anew (fresh nonce)");
}

#[tokio::test]
async fn retries_give_up_after_the_configured_attempts() {
    let (emu, client) = setup().await;
    emu.faults()
        .add(FaultRule::times(FaultKind::InternalError, 10))
        .expect("valid");
    let err = describe(&client).await.expect_err("always failing");
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(err.http_status(), Some(500));
    assert!(err.request_id().is_some());
    assert_eq!(emu.requests().len(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (emu, _) = setup().await;
    let wrong = client_with(&emu, |b| {
        b.retry(quick_retries())
            .credentials(StaticCredentials::new(ACCESS_KEY_ID, "wrong"))
    });
    let err = describe(&wrong).await.expect_err("bad secret");
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert!(!err.is_retryable());
    let err = wrong
        .describe_live_record_config()
        .domain_name("other.example.com")
        .send()
        .await
        .expect_err("bad secret");
    assert_eq!(err.http_status(), Some(400));
    assert_eq!(emu.requests().len(), 2, "one attempt each");
}

#[tokio::test]
async fn dropped_connections_and_truncated_bodies_are_retried() {
    let (emu, client) = setup().await;
    emu.faults()
        .add(FaultRule::once(FaultKind::DropConnection))
        .expect("valid");
    describe(&client).await.expect("the retry succeeds");
    assert_eq!(emu.requests().len(), 2);

    emu.requests().clear();
    emu.faults()
        .add(FaultRule::once(FaultKind::TruncatedBody))
        .expect("valid");
    describe(&client).await.expect("the retry succeeds");
    assert_eq!(emu.requests().len(), 2);

    // Without retries the raw failures show.
    let once = client_with(&emu, |b| b.retry(RetryConfig::disabled()));
    emu.faults()
        .add(FaultRule::once(FaultKind::DropConnection))
        .expect("valid");
    let err = describe(&once).await.expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error() {
    let (emu, client) = setup().await;
    emu.faults()
        .add(FaultRule::once(FaultKind::NonJsonBody))
        .expect("valid");
    let err = describe(&client).await.expect_err("not JSON");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(emu.requests().len(), 1, "a decode error is not retried");
}

#[tokio::test]
async fn slow_answers_time_out() {
    let (emu, _) = setup().await;
    let impatient = client_with(&emu, |b| {
        b.retry(RetryConfig::disabled())
            .read_timeout(Duration::from_millis(200))
    });
    emu.faults()
        .add(FaultRule {
            delay_ms: Some(5_000),
            ..FaultRule::once(FaultKind::Delay)
        })
        .expect("valid");
    let err = describe(&impatient).await.expect_err("too slow");
    match &err {
        Error::Timeout(t) => assert_eq!((t.kind, t.attempts), (TimeoutKind::Attempt, 1)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    // With retries, the next attempt (not delayed) succeeds. The timeout is
    // generous so a loaded machine cannot make the healthy attempt time out.
    let patient = client_with(&emu, |b| {
        b.retry(quick_retries())
            .read_timeout(Duration::from_secs(2))
    });
    emu.faults()
        .add(FaultRule {
            delay_ms: Some(30_000),
            ..FaultRule::once(FaultKind::Delay)
        })
        .expect("valid");
    describe(&patient).await.expect("second attempt succeeds");
}

#[tokio::test]
async fn post_requests_work_too() {
    let (emu, _) = setup().await;
    let post = client_with(&emu, |b| b.method(HttpMethod::Post));
    describe(&post).await.expect("POST accepted");
    let log = emu.requests().records();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].method, "POST");
}

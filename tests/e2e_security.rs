//! The emulator's security checks as SDK users meet them: each rejection
//! arrives as a typed service error (status, Code, Message, RequestId,
//! HostId), is not retried, and never shows the secret. Rejections the SDK
//! cannot provoke by construction (a reused nonce, another signature
//! method, a malformed timestamp) are sent raw, signed with the runtime's
//! signing functions.

use aliyun_live::Error;
use aliyun_live::runtime::credentials::StaticCredentials;
use aliyun_live::runtime::{RetryConfig, signing};
use aliyun_live_e2e::{ACCESS_KEY_ID, ACCESS_KEY_SECRET, client_with, emulator_builder};
use aliyun_live_emulator::RunningEmulator;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Retries on, so a test sees that the rejection was *not* retried.
fn retrying() -> RetryConfig {
    RetryConfig {
        max_attempts: 3,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

fn client_as(emu: &RunningEmulator, id: &str, secret: &str) -> aliyun_live::Client {
    let creds = StaticCredentials::new(id, secret);
    client_with(emu, |b| b.credentials(creds).retry(retrying()))
}

/// Calls a cheap action and returns its service error.
async fn rejected(client: &aliyun_live::Client) -> aliyun_live::runtime::ServiceError {
    let err = client
        .describe_live_record_notify_config()
        .domain_name("s.example.com")
        .send()
        .await
        .expect_err("the call must be rejected");
    match err {
        Error::Service(e) => *e,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn wrong_secret_is_signature_does_not_match_and_is_not_retried() {
    let emu = emulator_builder().start().await.expect("emulator");
    let secret = "the-wrong-secret-1234";
    let client = client_as(&emu, ACCESS_KEY_ID, secret);
    let err = rejected(&client).await;
    assert_eq!(err.status, 400);
    assert_eq!(err.code.as_deref(), Some("SignatureDoesNotMatch"));
    // Like the service, the message shows the server's StringToSign.
    let message = err.message.clone().unwrap_or_default();
    assert!(
        message.contains("GET&%2F&"),
        "message without StringToSign: {message}"
    );
    assert!(err.request_id.as_deref().is_some_and(|id| id.len() == 36));
    assert!(err.host_id.is_some());
    assert_eq!(
        emu.requests().len(),
        1,
        "a signature error must not be retried"
    );
    let shown = format!("{err} {err:?} {client:?}");
    assert!(!shown.contains(secret), "secret leaked: {shown}");
    assert!(!shown.contains(ACCESS_KEY_SECRET));
}

#[tokio::test]
async fn unknown_access_key_is_not_found() {
    let emu = emulator_builder().start().await.expect("emulator");
    let err = rejected(&client_as(&emu, "nobody", ACCESS_KEY_SECRET)).await;
    assert_eq!(err.status, 404);
    assert_eq!(err.code.as_deref(), Some("InvalidAccessKeyId.NotFound"));
    assert_eq!(emu.requests().len(), 1);
}

#[tokio::test]
async fn a_clock_more_than_15_minutes_off_is_expired() {
    // The emulator's clock runs an hour ahead of the client's.
    let ahead = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let emu = emulator_builder()
        .fixed_time(ahead)
        .start()
        .await
        .expect("emulator");
    let err = rejected(&client_as(&emu, ACCESS_KEY_ID, ACCESS_KEY_SECRET)).await;
    assert_eq!(err.status, 400);
    assert_eq!(err.code.as_deref(), Some("InvalidTimeStamp.Expired"));
    assert_eq!(emu.requests().len(), 1);
}

#[tokio::test]
async fn the_sdk_never_reuses_a_nonce() {
    let emu = emulator_builder().start().await.expect("emulator");
    let client = client_as(&emu, ACCESS_KEY_ID, ACCESS_KEY_SECRET);
    for _ in 0..5 {
        // Not-found is fine: the request got past the signature checks.
        let _ = client
            .describe_live_record_notify_config()
            .domain_name("s.example.com")
            .send()
            .await;
    }
    let mut nonces: Vec<String> = emu
        .requests()
        .records()
        .into_iter()
        .filter_map(|r| r.nonce)
        .collect();
    assert_eq!(nonces.len(), 5);
    nonces.sort();
    nonces.dedup();
    assert_eq!(
        nonces.len(),
        5,
        "every request carries a fresh SignatureNonce"
    );
}

/// Signs `params` (plus the common ones) as the runtime does and returns
/// the query string.
fn signed_query(params: &[(&str, &str)], nonce: &str, timestamp: &str, method: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = params.to_vec();
    pairs.extend([
        ("Format", "JSON"),
        ("Version", "2016-11-01"),
        ("AccessKeyId", ACCESS_KEY_ID),
        ("SignatureMethod", method),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", timestamp),
    ]);
    let sts = signing::string_to_sign("GET", &pairs);
    let signature = signing::sign(ACCESS_KEY_SECRET, &sts);
    pairs.push(("Signature", &signature));
    signing::canonical_query(&mut pairs)
}

/// A raw HTTP/1.1 GET to the emulator: (status, body).
async fn raw_get(emu: &RunningEmulator, query: &str) -> (u16, serde_json::Value) {
    let mut stream = tokio::net::TcpStream::connect(emu.addr())
        .await
        .expect("connect");
    let request = format!(
        "GET /?{query} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        emu.addr()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let body = text.split("\r\n\r\n").nth(1).unwrap_or_default();
    // The emulator answers with a fixed Content-Length body (no chunking).
    (status, serde_json::from_str(body).expect("a JSON body"))
}

fn now() -> String {
    aliyun_live::Timestamp::now().to_string()
}

const ACTION: [(&str, &str); 2] = [
    ("Action", "DescribeLiveRecordNotifyConfig"),
    ("DomainName", "s.example.com"),
];

#[tokio::test]
async fn a_replayed_request_is_rejected_as_nonce_used() {
    let emu = emulator_builder().start().await.expect("emulator");
    let query = signed_query(&ACTION, "replay-nonce-0001", &now(), "HMAC-SHA1");
    let (first, body) = raw_get(&emu, &query).await;
    assert_ne!(
        body["Code"], "SignatureNonceUsed",
        "first use: {first} {body}"
    );
    let (status, body) = raw_get(&emu, &query).await;
    assert_eq!(status, 400);
    assert_eq!(body["Code"], "SignatureNonceUsed");
    assert!(body["RequestId"].is_string() && body["HostId"].is_string());
}

#[tokio::test]
async fn other_signature_methods_and_bad_timestamps_are_rejected() {
    let emu = emulator_builder().start().await.expect("emulator");
    let query = signed_query(&ACTION, "method-nonce-0001", &now(), "HMAC-SHA256");
    let (status, body) = raw_get(&emu, &query).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["Code"]
            .as_str()
            .is_some_and(|c| c.contains("SignatureMethod")),
        "{body}"
    );

    let query = signed_query(
        &ACTION,
        "format-nonce-0001",
        "2026/11/25 10:00",
        "HMAC-SHA1",
    );
    let (status, body) = raw_get(&emu, &query).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["Code"], "InvalidTimeStamp.Format");
}

//! Client tests against a real HTTP/1.1 server on 127.0.0.1.
//!
//! The server (below) answers scripted responses in order and records every
//! request, so tests can check what went over the wire, including that the
//! signature is valid (recomputed with `aliyun_live_runtime::signing`).

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aliyun_live_runtime::credentials::{EnvCredentials, StaticCredentials};
use aliyun_live_runtime::error::TimeoutKind;
use aliyun_live_runtime::retry::RetryConfig;
use aliyun_live_runtime::{Client, ClientBuilder, Error, HttpMethod, Params, Timestamp, signing};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

const KEY_ID: &str = "test-key-id";
const SECRET: &str = "SUPER-SECRET-value-9f8e7d";
const TOKEN: &str = "STS-TOKEN-secret-1a2b3c";

// ------------------------------------------------------------------ server

#[derive(Clone)]
struct Reply {
    status: u16,
    body: Vec<u8>,
    delay: Duration,
    /// Written as-is instead of a well-formed response, then the connection closes.
    raw: Option<Vec<u8>>,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        body: body.as_bytes().to_vec(),
        delay: Duration::ZERO,
        raw: None,
    }
}

fn raw(bytes: &str) -> Reply {
    Reply {
        raw: Some(bytes.as_bytes().to_vec()),
        ..reply(0, "")
    }
}

fn slow(status: u16, body: &str, delay: Duration) -> Reply {
    Reply {
        delay,
        ..reply(status, body)
    }
}

#[derive(Debug, Clone)]
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded request parameters (query for GET, form body for POST).
    fn params(&self) -> Vec<(String, String)> {
        let raw = if self.method == "POST" {
            self.body.as_str()
        } else {
            self.target.split_once('?').map(|(_, q)| q).unwrap_or("")
        };
        raw.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    fn param_map(&self) -> BTreeMap<String, String> {
        let params = self.params();
        let map: BTreeMap<_, _> = params.iter().cloned().collect();
        assert_eq!(map.len(), params.len(), "duplicate parameters: {params:?}");
        map
    }

    /// Recomputes the signature server-side.
    fn signature_is_valid(&self, secret: &str) -> bool {
        let params = self.params();
        let sig = params
            .iter()
            .find(|(k, _)| k == "Signature")
            .map(|(_, v)| v.clone())
            .expect("request has a Signature");
        let rest: Vec<(String, String)> = params
            .into_iter()
            .filter(|(k, _)| k != "Signature")
            .collect();
        signing::verify(&self.method, &rest, secret, &sig)
    }
}

fn decode(s: &str) -> String {
    // Our client encodes spaces as %20; a '+' would be a literal plus.
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .expect("valid UTF-8")
        .into_owned()
}

struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let recorded = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, recorded, script).await;
                });
            }
        });
        Server { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(
    stream: tokio::net::TcpStream,
    recorded: Arc<Mutex<Vec<Request>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).await?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).await?;
    recorded.lock().unwrap().push(Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let r = script
        .lock()
        .unwrap()
        .pop_front()
        .unwrap_or_else(|| reply(599, "no scripted response left"));
    tokio::time::sleep(r.delay).await;
    let mut stream = reader.into_inner();
    if let Some(raw) = r.raw {
        stream.write_all(&raw).await?;
        return stream.shutdown().await;
    }
    let head = format!(
        "HTTP/1.1 {} Scripted\r\nContent-Type: application/json\r\nContent-Length: {}\r\nx-acs-request-id: HDR-REQ-ID\r\nConnection: close\r\n\r\n",
        r.status,
        r.body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&r.body).await?;
    stream.shutdown().await
}

// ------------------------------------------------------------------ helpers

fn fast_retry(attempts: u32) -> RetryConfig {
    RetryConfig {
        max_attempts: attempts,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
    }
}

/// A builder for `server` with the test key (no region, default retries).
fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(KEY_ID, SECRET))
}

fn client(server: &Server) -> Client {
    builder(server)
        .region_id("cn-shanghai")
        .retry(fast_retry(3))
        .user_agent_suffix("tests/1.0")
        .build()
        .unwrap()
}

fn domain_params() -> Params {
    let mut p = Params::new();
    p.push("DomainName", "example.com");
    p.push("AppName", "live app*~/é");
    p
}

#[derive(Debug, serde::Deserialize)]
struct Out {
    #[serde(rename = "RequestId")]
    request_id: String,
    #[serde(
        rename = "Total",
        default,
        deserialize_with = "aliyun_live_runtime::de::i64"
    )]
    total: Option<i64>,
}

fn assert_no_secrets(text: &str) {
    assert!(!text.contains(SECRET), "secret leaked: {text}");
    assert!(!text.contains(TOKEN), "token leaked: {text}");
    assert!(!text.contains("Signature="), "signature leaked: {text}");
}

// ------------------------------------------------------------------ tests

#[tokio::test]
async fn get_success_sends_signed_common_params() {
    let server = Server::start(vec![reply(200, r#"{"RequestId":"R-1","Total":"42"}"#)]).await;
    let before = Timestamp::now().unix();
    let out: Out = client(&server)
        .call("DescribeLiveSnapshotConfig", domain_params())
        .await
        .unwrap();
    assert_eq!(out.request_id, "R-1");
    assert_eq!(out.total, Some(42));

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert!(r.target.starts_with("/?"), "{}", r.target);
    let p = r.param_map();
    assert_eq!(p["Action"], "DescribeLiveSnapshotConfig");
    assert_eq!(p["Format"], "JSON");
    assert_eq!(p["Version"], "2016-11-01");
    assert_eq!(p["AccessKeyId"], KEY_ID);
    assert_eq!(p["SignatureMethod"], "HMAC-SHA1");
    assert_eq!(p["SignatureVersion"], "1.0");
    assert_eq!(p["RegionId"], "cn-shanghai");
    assert_eq!(p["DomainName"], "example.com");
    assert_eq!(p["AppName"], "live app*~/é");
    assert!(!p.contains_key("SecurityToken"));
    let nonce = uuid::Uuid::parse_str(&p["SignatureNonce"]).expect("nonce is a UUID");
    assert_eq!(nonce.get_version_num(), 4);
    let ts = &p["Timestamp"];
    assert_eq!(ts.len(), 20, "{ts}");
    assert!(ts.ends_with('Z') && ts.as_bytes()[10] == b'T', "{ts}");
    let t = Timestamp::parse(ts).unwrap();
    assert_eq!(&t.to_string(), ts);
    assert!((t.unix() - before).abs() <= 60, "{ts} is not now");
    assert!(r.signature_is_valid(SECRET));
    assert!(!r.signature_is_valid("wrong-secret"));
    // Percent-encoding on the wire: space as %20, '*' as %2A, '~' as is.
    assert!(
        r.target.contains("AppName=live%20app%2A~%2F%C3%A9"),
        "{}",
        r.target
    );
    let ua = r.header("user-agent").unwrap();
    assert!(
        ua.starts_with("aliyun-live-rust/") && ua.ends_with(" tests/1.0"),
        "{ua}"
    );
}

#[tokio::test]
async fn post_sends_form_body_signed_with_post() {
    let server = Server::start(vec![reply(200, r#"{"RequestId":"R-2"}"#)]).await;
    let c = builder(&server)
        .credentials(StaticCredentials::with_security_token(
            KEY_ID, SECRET, TOKEN,
        ))
        .method(HttpMethod::Post)
        .build()
        .unwrap();
    let out: Out = c.call("AddLiveDomain", domain_params()).await.unwrap();
    assert_eq!(out.request_id, "R-2");
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/");
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let p = r.param_map();
    assert_eq!(p["Action"], "AddLiveDomain");
    assert_eq!(p["SecurityToken"], TOKEN);
    assert!(!p.contains_key("RegionId"));
    assert!(r.signature_is_valid(SECRET));
}

#[tokio::test]
async fn service_error_is_parsed_and_not_retried() {
    let body = r#"{"Code":"InvalidDomain.NotFound","HostId":"live.aliyuncs.com","Message":"The domain does not exist.","RequestId":"R-3","Recommend":"https://example.invalid/diag"}"#;
    let server = Server::start(vec![reply(404, body), reply(200, "{}")]).await;
    let err = client(&server)
        .call::<Out>("DescribeLiveDomainDetail", domain_params())
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(err.code(), Some("InvalidDomain.NotFound"));
    assert_eq!(err.request_id(), Some("R-3"));
    assert_eq!(err.http_status(), Some(404));
    assert!(!err.is_retryable());
    let Error::Service(se) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(se.message.as_deref(), Some("The domain does not exist."));
    assert_eq!(se.host_id.as_deref(), Some("live.aliyuncs.com"));
    assert_eq!(
        se.recommend.as_deref(),
        Some("https://example.invalid/diag")
    );
    assert_eq!(se.body, body);
    let msg = err.to_string();
    assert!(
        msg.contains("InvalidDomain.NotFound") && msg.contains("404") && msg.contains("R-3"),
        "{msg}"
    );
}

#[tokio::test]
async fn signature_mismatch_is_not_retried() {
    let server = Server::start(vec![
        reply(
            400,
            r#"{"Code":"SignatureDoesNotMatch","Message":"bad sig","RequestId":"R-4"}"#,
        ),
        reply(200, r#"{"RequestId":"never"}"#),
    ])
    .await;
    let err = client(&server)
        .call::<Out>("DescribeLiveSnapshotConfig", Params::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn throttling_then_success_retries_with_fresh_nonce() {
    let server = Server::start(vec![
        reply(
            400,
            r#"{"Code":"Throttling.User","Message":"slow down","RequestId":"T1"}"#,
        ),
        reply(503, r#"{"Code":"ServiceUnavailable","RequestId":"T2"}"#),
        reply(200, r#"{"RequestId":"OK"}"#),
    ])
    .await;
    let out: Out = client(&server)
        .call("DescribeLiveSnapshotConfig", domain_params())
        .await
        .unwrap();
    assert_eq!(out.request_id, "OK");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let nonces: std::collections::HashSet<String> = reqs
        .iter()
        .map(|r| r.param_map()["SignatureNonce"].clone())
        .collect();
    assert_eq!(nonces.len(), 3, "nonces must differ across attempts");
    for r in &reqs {
        assert!(r.signature_is_valid(SECRET));
        Timestamp::parse(&r.param_map()["Timestamp"]).unwrap();
    }
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = Server::start(vec![
        reply(500, r#"{"Code":"InternalError","RequestId":"I1"}"#),
        reply(500, r#"{"Code":"InternalError","RequestId":"I2"}"#),
        reply(500, r#"{"Code":"InternalError","RequestId":"I3"}"#),
        reply(200, r#"{"RequestId":"too late"}"#),
    ])
    .await;
    let err = client(&server)
        .call::<Out>("X", Params::new())
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(err.code(), Some("InternalError"));
    assert_eq!(err.request_id(), Some("I3"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn retries_can_be_disabled() {
    let server = Server::start(vec![
        reply(400, r#"{"Code":"Throttling","RequestId":"T"}"#),
        reply(200, r#"{"RequestId":"never"}"#),
    ])
    .await;
    let c = builder(&server)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    assert_eq!(err.code(), Some("Throttling"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let (subscriber, out) = capture::Capture::new();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Bind then drop a listener to get a port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = Client::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(StaticCredentials::with_security_token(
            KEY_ID, SECRET, TOKEN,
        ))
        .retry(fast_retry(2))
        .build()
        .unwrap();
    let err = c.call::<Out>("X", domain_params()).await.unwrap_err();
    let Error::Transport(t) = &err else {
        panic!("expected transport error, got {err:?}")
    };
    assert!(t.is_connect(), "{t:?}");
    assert!(err.is_retryable());
    assert_eq!(err.http_status(), None);
    let msg = err.to_string();
    assert!(
        msg.contains("could not connect") && msg.contains(&port.to_string()),
        "{msg}"
    );
    assert_no_secrets(&msg);
    assert_no_secrets(&format!("{err:?}"));
    // The retry of a transport failure is traced without the URL (which
    // carries the token and the signature).
    let log = out.lock().unwrap().clone();
    assert!(
        log.contains("retrying") && log.contains("attempt=2"),
        "{log}"
    );
    assert_no_secrets(&log);
    assert!(!log.contains("SecurityToken"), "{log}");
}

#[tokio::test]
async fn bad_success_body_is_a_decode_error() {
    let server = Server::start(vec![
        reply(200, "<html>definitely not json</html>"),
        reply(200, r#"{"Total":"x"}"#),
        reply(200, &format!(r#"{{"RequestId":"{}"#, "é".repeat(400))),
    ])
    .await;
    let c = client(&server);
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d.status, Some(200));
    assert_eq!(d.request_id.as_deref(), Some("HDR-REQ-ID"));
    assert!(d.excerpt.contains("definitely not json"));
    assert!(d.expected.contains("X response"), "{}", d.expected);
    assert!(!err.is_retryable());
    // Wrong shape.
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    // Long, truncated multi-byte body: excerpt is bounded and valid.
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d.excerpt.len() <= 204, "{}", d.excerpt.len());
    assert!(d.excerpt.starts_with("{\"RequestId\":\"é"));
    assert_eq!(server.requests().len(), 3, "decode errors are not retried");
}

#[tokio::test]
async fn non_json_error_bodies_give_service_errors() {
    let server = Server::start(vec![
        reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
        reply(404, ""),
        reply(400, r#"{"Code":"InvalidParam"#),
    ])
    .await;
    let c = builder(&server)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    let e = c.call::<Out>("X", Params::new()).await.unwrap_err();
    assert_eq!(e.http_status(), Some(502));
    assert_eq!(e.code(), None);
    assert!(e.is_retryable());
    assert!(e.to_string().contains("502 Bad Gateway"), "{e}");
    assert_eq!(e.request_id(), Some("HDR-REQ-ID"));

    let e = c.call::<Out>("X", Params::new()).await.unwrap_err();
    assert_eq!(e.http_status(), Some(404));
    assert!(e.to_string().contains("empty body"), "{e}");
    assert!(!e.is_retryable());

    let e = c.call::<Out>("X", Params::new()).await.unwrap_err();
    assert_eq!(e.http_status(), Some(400));
    assert_eq!(e.code(), None);
    assert!(e.to_string().contains("InvalidParam"), "{e}");
}

#[tokio::test]
async fn read_timeout_per_attempt() {
    let server = Server::start(vec![slow(
        200,
        r#"{"RequestId":"late"}"#,
        Duration::from_secs(5),
    )])
    .await;
    let c = builder(&server)
        .retry(RetryConfig::disabled())
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Attempt);
    assert_eq!(t.after, Duration::from_millis(200));
    assert_eq!(t.attempts, 1);
    assert!(err.is_retryable());
}

#[tokio::test]
async fn timed_out_attempt_is_retried_then_succeeds() {
    let server = Server::start(vec![
        slow(200, r#"{"RequestId":"late"}"#, Duration::from_secs(5)),
        reply(200, r#"{"RequestId":"second"}"#),
    ])
    .await;
    let c = builder(&server)
        .retry(fast_retry(2))
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let out: Out = c.call("X", Params::new()).await.unwrap();
    assert_eq!(out.request_id, "second");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn deadline_bounds_the_whole_call() {
    let server = Server::start(vec![
        slow(200, "{}", Duration::from_secs(5)),
        slow(200, "{}", Duration::from_secs(5)),
        slow(200, "{}", Duration::from_secs(5)),
    ])
    .await;
    let c = builder(&server)
        .retry(fast_retry(3))
        .read_timeout(Duration::from_millis(300))
        .deadline(Duration::from_millis(500))
        .build()
        .unwrap();
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    let Error::Timeout(t) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Deadline, "{t:?}");
    assert_eq!(t.after, Duration::from_millis(500));
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn missing_credentials_fail_before_sending() {
    let server = Server::start(vec![reply(200, r#"{"RequestId":"never"}"#)]).await;
    let c = Client::builder()
        .endpoint(server.url())
        .credentials(EnvCredentials::with_lookup(|_| None))
        .build()
        .unwrap();
    let err = c.call::<Out>("X", Params::new()).await.unwrap_err();
    let Error::Credentials(e) = &err else {
        panic!("{err:?}")
    };
    assert!(e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{e}");
    assert!(!err.is_retryable());
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn reserved_params_are_rejected_and_region_param_wins() {
    let server = Server::start(vec![reply(200, r#"{"RequestId":"R"}"#)]).await;
    let c = client(&server);
    let mut p = Params::new();
    p.push("Timestamp", "2017-06-14T09:51:14Z");
    let err = c.call::<Out>("X", p).await.unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.param, "Timestamp");
    assert!(server.requests().is_empty());

    let mut p = Params::new();
    p.push("RegionId", "cn-beijing");
    let _: Out = c.call("X", p).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.param_map()["RegionId"], "cn-beijing");
    assert!(r.signature_is_valid(SECRET));
}

#[tokio::test]
async fn secrets_never_leak_into_debug_or_errors() {
    let server = Server::start(vec![
        reply(
            403,
            r#"{"Code":"Forbidden.RAM","Message":"denied","RequestId":"R"}"#,
        ),
        reply(200, "garbage"),
        slow(200, "{}", Duration::from_secs(5)),
    ])
    .await;
    let c = builder(&server)
        .credentials(StaticCredentials::with_security_token(
            KEY_ID, SECRET, TOKEN,
        ))
        .retry(RetryConfig::disabled())
        .read_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    assert_no_secrets(&format!("{c:?}"));
    for _ in 0..3 {
        let err = c.call::<Out>("X", domain_params()).await.unwrap_err();
        assert_no_secrets(&err.to_string());
        assert_no_secrets(&format!("{err:?}"));
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            assert_no_secrets(&s.to_string());
            source = s.source();
        }
    }
    // The token did go over the wire, where it belongs.
    assert_eq!(server.requests()[0].param_map()["SecurityToken"], TOKEN);
}

#[tokio::test]
async fn clones_share_the_client() {
    let server = Server::start(vec![
        reply(200, r#"{"RequestId":"A"}"#),
        reply(200, r#"{"RequestId":"B"}"#),
    ])
    .await;
    let c = client(&server);
    let c2 = c.clone();
    let (a, b) = tokio::join!(
        c.call::<Out>("X", Params::new()),
        c2.call::<Out>("Y", Params::new())
    );
    let mut ids = [a.unwrap().request_id, b.unwrap().request_id];
    ids.sort();
    assert_eq!(ids, ["A", "B"]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn success_status_with_error_body_is_a_service_error() {
    let server = Server::start(vec![reply(
        200,
        r#"{"Code":"Forbidden","Message":"no access","RequestId":"E200"}"#,
    )])
    .await;
    // `Out` needs RequestId only, so an error document still decodes: 2xx is success.
    #[derive(Debug, serde::Deserialize)]
    struct Needs {
        #[serde(rename = "Total")]
        _total: i64,
    }
    let err = client(&server)
        .call::<Needs>("X", Params::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("Forbidden"));
    assert_eq!(err.http_status(), Some(200));
    assert_eq!(err.request_id(), Some("E200"));
}

#[tokio::test]
async fn per_call_method_override() {
    let server = Server::start(vec![reply(200, r#"{"RequestId":"P"}"#)]).await;
    let _: Out = client(&server)
        .call_with_method("X", domain_params(), HttpMethod::Post)
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert!(r.signature_is_valid(SECRET));
}

#[tokio::test]
async fn oversized_body_is_refused() {
    let server = Server::start(vec![raw(
        "HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\nConnection: close\r\n\r\n{\"RequestId\":",
    )])
    .await;
    let err = client(&server)
        .call::<Out>("X", Params::new())
        .await
        .unwrap_err();
    let Error::Decode(d) = &err else {
        panic!("{err:?}")
    };
    assert!(d.reason.contains("exceeds the limit"), "{d}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_closed_mid_body_is_retried() {
    let server = Server::start(vec![
        raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"Requ"),
        raw("garbage that is not HTTP\r\n\r\n"),
        reply(200, r#"{"RequestId":"third"}"#),
    ])
    .await;
    let out: Out = client(&server).call("X", Params::new()).await.unwrap();
    assert_eq!(out.request_id, "third");
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn call_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let c = Client::builder()
        .credentials(StaticCredentials::new(KEY_ID, SECRET))
        .build()
        .unwrap();
    let fut = c.call::<Out>("X", Params::new());
    assert_send(&fut);
    fn assert_sync_clone<T: Send + Sync + Clone + 'static>() {}
    assert_sync_clone::<Client>();
}

/// A minimal `tracing` subscriber that writes every span/event field to a string.
mod capture {
    use std::fmt::Write as _;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    pub struct Capture {
        pub out: Arc<Mutex<String>>,
        next: AtomicU64,
    }

    impl Capture {
        pub fn new() -> (Self, Arc<Mutex<String>>) {
            let out = Arc::new(Mutex::new(String::new()));
            (
                Capture {
                    out: out.clone(),
                    next: AtomicU64::new(1),
                },
                out,
            )
        }
    }

    struct V<'a>(&'a mut String);

    impl Visit for V<'_> {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            let _ = write!(self.0, "{}={:?} ", field.name(), value);
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut out = self.out.lock().unwrap();
            let _ = write!(out, "\nspan {} ", span.metadata().name());
            span.record(&mut V(&mut out));
            Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed))
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            let mut out = self.out.lock().unwrap();
            out.push_str("\nrecord ");
            values.record(&mut V(&mut out));
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut out = self.out.lock().unwrap();
            out.push_str("\nevent ");
            event.record(&mut V(&mut out));
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn tracing_records_call_details_but_no_secrets() {
    let (subscriber, out) = capture::Capture::new();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = Server::start(vec![
        reply(400, r#"{"Code":"Throttling","RequestId":"TR-1"}"#),
        reply(200, r#"{"RequestId":"OK"}"#),
    ])
    .await;
    let c = builder(&server)
        .credentials(StaticCredentials::with_security_token(
            KEY_ID, SECRET, TOKEN,
        ))
        .retry(fast_retry(2))
        .build()
        .unwrap();
    let _: Out = c
        .call("DescribeLiveSnapshotConfig", domain_params())
        .await
        .unwrap();
    let log = out.lock().unwrap().clone();
    assert!(
        log.contains("span aliyun_live_call action=\"DescribeLiveSnapshotConfig\""),
        "{log}"
    );
    assert!(
        log.contains("attempt=1") && log.contains("attempt=2"),
        "{log}"
    );
    assert!(
        log.contains("status=400") && log.contains("status=200"),
        "{log}"
    );
    assert!(log.contains("request_id=\"TR-1\""), "{log}");
    assert!(log.contains("retrying"), "{log}");
    assert_no_secrets(&log);
    for r in server.requests() {
        let sig = r.param_map()["Signature"].clone();
        assert!(!log.contains(&sig), "signature in trace: {log}");
    }
}

/// The service's `SignatureDoesNotMatch` message echoes its StringToSign,
/// which holds the request's `SecurityToken` (encoded twice): the token
/// must not reach the error's message, body, `Debug`, or the trace.
#[tokio::test]
async fn security_token_echoed_by_the_service_is_redacted() {
    const B64_TOKEN: &str = "CAIS+sts/Tok3n-9x==";
    let once = signing::percent_encode(B64_TOKEN).into_owned();
    let twice = signing::percent_encode(&once).into_owned();
    let (subscriber, out) = capture::Capture::new();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = Server::start(vec![
        reply(
            503,
            &format!(r#"{{"Code":"ServiceUnavailable","Message":"token {B64_TOKEN}"}}"#),
        ),
        reply(
            400,
            &format!(
                r#"{{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3Did%26SecurityToken%3D{twice}","RequestId":"S-1"}}"#
            ),
        ),
    ])
    .await;
    let c = builder(&server)
        .credentials(StaticCredentials::with_security_token(
            KEY_ID, SECRET, B64_TOKEN,
        ))
        .retry(fast_retry(3))
        .build()
        .unwrap();
    let err = c
        .call::<Out>("DescribeLiveSnapshotConfig", domain_params())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(server.requests().len(), 2, "one retry, then the 400");
    let se = err.as_service().unwrap();
    let log = out.lock().unwrap().clone();
    assert!(log.contains("retrying"), "{log}");
    for text in [
        err.to_string(),
        format!("{err:?}"),
        se.body.clone(),
        se.message.clone().unwrap_or_default(),
        log,
    ] {
        assert!(text.contains("***"), "{text}");
        for form in [B64_TOKEN, once.as_str(), twice.as_str()] {
            assert!(!text.contains(form), "token ({form}) leaked: {text}");
        }
        assert_no_secrets(&text);
    }
}

/// Timeouts and backoff come from user configuration: the largest values
/// must not overflow any deadline arithmetic.
#[tokio::test]
async fn huge_timeouts_and_backoff_do_not_overflow() {
    let server = Server::start(vec![
        reply(503, r#"{"Code":"ServiceUnavailable"}"#),
        reply(200, r#"{"RequestId":"OK"}"#),
    ])
    .await;
    let c = builder(&server)
        .connect_timeout(Duration::MAX)
        .read_timeout(Duration::MAX)
        .deadline(Duration::MAX)
        .retry(RetryConfig {
            max_attempts: u32::MAX,
            base_delay: Duration::from_nanos(1),
            max_delay: Duration::from_millis(1),
        })
        .build()
        .unwrap();
    let out: Out = c.call("X", Params::new()).await.unwrap();
    assert_eq!(out.request_id, "OK");
    let huge = RetryConfig {
        max_attempts: u32::MAX,
        base_delay: Duration::MAX,
        max_delay: Duration::MAX,
    };
    for n in [0, 1, 2, 64, u32::MAX] {
        assert!(huge.backoff(n) <= Duration::MAX);
    }
}

// ------------------------------------------------------------------ no-I/O hooks

/// `prepared` as the server would receive it.
fn as_received(prepared: &aliyun_live_runtime::PreparedRequest) -> Request {
    match prepared.method() {
        HttpMethod::Get => Request {
            method: "GET".into(),
            target: format!("/?{}", prepared.query()),
            headers: Vec::new(),
            body: String::new(),
        },
        HttpMethod::Post => Request {
            method: "POST".into(),
            target: "/".into(),
            headers: Vec::new(),
            body: prepared.body().expect("POST has a body").to_owned(),
        },
    }
}

#[tokio::test]
async fn prepared_requests_verify_and_carry_what_call_sends() {
    let server = Server::start(vec![reply(200, r#"{"RequestId":"R-1"}"#)]).await;
    let c = builder(&server)
        .credentials(StaticCredentials::with_security_token(
            KEY_ID, SECRET, TOKEN,
        ))
        .region_id("cn-shanghai")
        .build()
        .unwrap();
    let creds = c.credentials().await.unwrap();
    let mut prepared_names = Vec::new();
    for method in [HttpMethod::Get, HttpMethod::Post] {
        let p = c
            .prepare(
                "DescribeLiveSnapshotConfig",
                &domain_params(),
                method,
                &creds,
            )
            .unwrap();
        assert_eq!(p.method(), method);
        assert_eq!(p.endpoint(), c.endpoint());
        match method {
            HttpMethod::Get => {
                assert_eq!(p.url(), format!("{}?{}", c.endpoint(), p.query()));
                assert_eq!(p.body(), None);
            }
            HttpMethod::Post => {
                assert_eq!(p.url(), c.endpoint());
                assert_eq!(p.body(), Some(p.query()));
            }
        }
        let received = as_received(&p);
        assert!(received.signature_is_valid(SECRET), "{method}");
        let tampered = Request {
            target: received.target.replace("example.com", "example.org"),
            body: received.body.replace("example.com", "example.org"),
            ..received.clone()
        };
        assert!(!tampered.signature_is_valid(SECRET), "{method}");
        let map = received.param_map();
        assert_eq!(map["AppName"], "live app*~/é");
        assert_eq!(map["Action"], "DescribeLiveSnapshotConfig");
        assert_eq!(map["RegionId"], "cn-shanghai");
        assert_eq!(map["SecurityToken"], TOKEN);
        let nonce = uuid::Uuid::parse_str(&map["SignatureNonce"]).unwrap();
        assert_eq!(nonce.get_version_num(), 4);
        assert_eq!(nonce.get_variant(), uuid::Variant::RFC4122);
        assert!(Timestamp::parse(&map["Timestamp"]).is_ok());
        assert_no_secrets(&format!("{p:?}"));
        assert!(!format!("{p:?}").contains(&map["Signature"]));
        prepared_names.push(map.into_keys().collect::<Vec<_>>());
        assert_eq!(p.clone().into_text(), p.body().unwrap_or(p.url()));
    }
    assert_eq!(prepared_names[0], prepared_names[1]);
    // `call` sends exactly the parameters `prepare` produces.
    let _: Out = c
        .call("DescribeLiveSnapshotConfig", domain_params())
        .await
        .unwrap();
    let sent = server.requests()[0].param_map();
    assert_eq!(sent.into_keys().collect::<Vec<_>>(), prepared_names[0]);

    let mut reserved = domain_params();
    reserved.push("Timestamp", "2020-01-01T00:00:00Z");
    let err = c
        .prepare(
            "DescribeLiveSnapshotConfig",
            &reserved,
            HttpMethod::Get,
            &creds,
        )
        .unwrap_err();
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(err.to_string().contains("Timestamp"), "{err}");
}

#[tokio::test]
async fn nonces_are_unique_uuid_v4_across_calls_and_threads() {
    let c = Client::builder()
        .endpoint("http://127.0.0.1:1")
        .credentials(StaticCredentials::new(KEY_ID, SECRET))
        .build()
        .unwrap();
    let creds = c.credentials().await.unwrap();
    let nonces = |c: Client, creds: aliyun_live_runtime::credentials::Credentials| {
        (0..5000)
            .map(|_| {
                let p = c
                    .prepare("A", &Params::new(), HttpMethod::Post, &creds)
                    .unwrap();
                let map = as_received(&p).param_map();
                let n = uuid::Uuid::parse_str(&map["SignatureNonce"]).unwrap();
                assert_eq!(n.get_version_num(), 4);
                assert_eq!(n.get_variant(), uuid::Variant::RFC4122);
                n
            })
            .collect::<Vec<_>>()
    };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (c, creds) = (c.clone(), creds.clone());
            std::thread::spawn(move || nonces(c, creds))
        })
        .collect();
    let mut all = std::collections::HashSet::new();
    for t in threads {
        for n in t.join().unwrap() {
            assert!(all.insert(n), "nonce {n} drawn twice");
        }
    }
    assert_eq!(all.len(), 20_000);
}

#[tokio::test]
async fn decode_maps_responses_exactly_like_call() {
    const B64_TOKEN: &str = "CAIS+sts/Tok3n-9x==";
    let cases: Vec<(u16, String)> = vec![
        (200, r#"{"RequestId":"R-1","Total":"7"}"#.into()),
        (200, r#"{"Total":1}"#.into()),
        (200, "not json".into()),
        (
            200,
            r#"{"Code":"Throttling.User","Message":"slow down","RequestId":"B-2"}"#.into(),
        ),
        (
            400,
            format!(
                r#"{{"Code":"InvalidDomain.NotFound","Message":"no {B64_TOKEN}","RequestId":"B-3"}}"#
            ),
        ),
        (503, "<html>busy</html>".into()),
        (500, String::new()),
        (404, format!("plain text with {B64_TOKEN}")),
    ];
    for (status, body) in cases {
        let server = Server::start(vec![reply(status, &body)]).await;
        let c = builder(&server)
            .credentials(StaticCredentials::with_security_token(
                KEY_ID, SECRET, B64_TOKEN,
            ))
            .retry(fast_retry(1))
            .build()
            .unwrap();
        let creds = c.credentials().await.unwrap();
        let called = c.call::<Out>("DescribeX", domain_params()).await;
        let decoded = Client::decode::<Out>(
            "DescribeX",
            status,
            Some("HDR-REQ-ID"),
            body.as_bytes(),
            &creds,
        );
        let what = format!("{status} {body:?}");
        match (called, decoded) {
            (Ok(a), Ok(b)) => {
                assert_eq!((a.request_id, a.total), (b.request_id, b.total), "{what}")
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{what}");
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}");
                assert_eq!(a.code(), b.code(), "{what}");
                assert_eq!(a.request_id(), b.request_id(), "{what}");
                assert_eq!(a.http_status(), b.http_status(), "{what}");
                assert_eq!(a.is_retryable(), b.is_retryable(), "{what}");
                assert!(!a.to_string().contains(B64_TOKEN), "{what}: {a}");
            }
            (a, b) => panic!("{what}: call gave {a:?}, decode gave {b:?}"),
        }
    }
}

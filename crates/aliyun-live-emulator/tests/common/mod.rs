//! Test harness: starts an emulator and sends signed requests over real HTTP.
#![allow(dead_code)]

use aliyun_live_emulator::{Emulator, EmulatorBuilder, RunningEmulator, timefmt};
use aliyun_live_runtime::signing;
use serde_json::Value;
use time::OffsetDateTime;

pub const ID: &str = "testid";
pub const SECRET: &str = "testsecret";

pub struct Harness {
    pub emu: RunningEmulator,
    pub http: reqwest::Client,
    /// The time put in `Timestamp` (the emulator's clock when it is fixed).
    pub now: Option<OffsetDateTime>,
}

pub async fn start() -> Harness {
    start_with(Emulator::builder().credential(ID, SECRET)).await
}

pub async fn start_with(b: EmulatorBuilder) -> Harness {
    let emu = b.start().await.expect("emulator starts");
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    Harness {
        emu,
        http,
        now: None,
    }
}

/// A fresh nonce per call.
pub fn nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Common parameters for `action`, unsigned.
pub fn common(action: &str, now: OffsetDateTime) -> Vec<(String, String)> {
    [
        ("Action", action.to_owned()),
        ("Format", "JSON".to_owned()),
        ("Version", "2016-11-01".to_owned()),
        ("AccessKeyId", ID.to_owned()),
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureVersion", "1.0".to_owned()),
        ("SignatureNonce", nonce()),
        ("Timestamp", timefmt::format(now)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Adds `Signature` computed with the runtime's signing code.
pub fn sign(method: &str, secret: &str, mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let sts = signing::string_to_sign(method, &pairs);
    pairs.push(("Signature".into(), signing::sign(secret, &sts)));
    pairs
}

pub fn encode(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                signing::percent_encode(k),
                signing::percent_encode(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

pub fn pairs(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

impl Harness {
    pub fn now(&self) -> OffsetDateTime {
        self.now.unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// Sends already-built parameters as GET (query) or POST (form body).
    pub async fn send_raw(&self, method: &str, pairs: &[(String, String)]) -> (u16, Value) {
        let url = format!("{}/", self.emu.endpoint());
        let resp = if method == "POST" {
            self.http
                .post(&url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(encode(pairs))
                .send()
                .await
        } else {
            self.http
                .get(format!("{url}?{}", encode(pairs)))
                .send()
                .await
        }
        .expect("request sent");
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.expect("body");
        let v: Value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, v)
    }

    /// Signs and sends `action` with `params` by GET.
    pub async fn call(&self, action: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let mut p = common(action, self.now());
        p.extend(pairs(params));
        self.send_raw("GET", &sign("GET", SECRET, p)).await
    }

    /// Like [`Harness::call`] but asserts success and returns the body.
    pub async fn ok(&self, action: &str, params: &[(&str, &str)]) -> Value {
        let (status, body) = self.call(action, params).await;
        assert_eq!(status, 200, "{action} {params:?} failed: {body}");
        assert!(body["RequestId"].is_string(), "{body}");
        body
    }

    /// Asserts the call fails with `status` and `code`; returns the message.
    pub async fn err(
        &self,
        action: &str,
        params: &[(&str, &str)],
        status: u16,
        code: &str,
    ) -> String {
        let (s, body) = self.call(action, params).await;
        assert_eq!(
            (s, body["Code"].as_str()),
            (status, Some(code)),
            "{action} {params:?}: {body}"
        );
        assert!(
            aliyun_live_emulator::conformance::check_error(&body).is_empty(),
            "{body}"
        );
        body["Message"].as_str().unwrap_or_default().to_owned()
    }

    /// Sends the same call twice: the first must succeed, the second must
    /// fail with `status` and `code` (a duplicate add, a second delete...).
    /// Returns the first answer.
    pub async fn ok_then_err(
        &self,
        action: &str,
        params: &[(&str, &str)],
        status: u16,
        code: &str,
    ) -> Value {
        let body = self.ok(action, params).await;
        self.err(action, params, status, code).await;
        body
    }

    pub async fn add_domain(&self, name: &str, ty: &str) {
        self.ok(
            "AddLiveDomain",
            &[
                ("DomainName", name),
                ("LiveDomainType", ty),
                ("Region", "cn-shanghai"),
            ],
        )
        .await;
    }
}

//! Per-call overhead without network.
//!
//! `sdk`: what `client.describe_live_stream_record_index_files()...send()`
//! does besides network I/O, through the runtime's public no-I/O hooks, so
//! it is the code `send()` runs: builder, `build()` (validation),
//! `to_params()`, the client's credentials, `Client::prepare` (reserved
//! names, common parameters, nonce, timestamp, canonical query, HMAC-SHA1,
//! Base64, URL), the `reqwest::Request` built from it as `call` builds it,
//! and `Client::decode` of the response body into the generated output
//! type. One difference, against us: `to_params()` validates again, which
//! the generated `send()` skips (its unchecked variant is crate-private);
//! `sdk.validate` shows what that costs.
//!
//! `bare`: the limit: canonicalize + HMAC-SHA1 + Base64 of the same
//! parameters (fixed nonce and time) and `serde_json` decoding of the
//! same body into a minimal hand-written struct. Nothing else.
//!
//! The `sdk.*` rows break the SDK path down; batches of every variant are
//! interleaved so that drift (other load on the machine) hits all alike.

use std::future::Future as _;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Instant;

use aliyun_live::Timestamp;
use aliyun_live::record::describe_live_stream_record_index_files::{
    DescribeLiveStreamRecordIndexFilesInput, DescribeLiveStreamRecordIndexFilesOutput,
};
use aliyun_live::runtime::credentials::Credentials;
use aliyun_live::runtime::{Client, HttpMethod, Params, PreparedRequest};
use aliyun_live::types::Order;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde_json::json;
use sha1::Sha1;

use crate::INDEX_FILES_BODY;

/// Options of `overhead`.
#[derive(clap::Args)]
pub struct Args {
    /// Number of batches (the median batch is reported).
    #[arg(long, default_value_t = 20)]
    batches: usize,
    /// Calls per batch.
    #[arg(long, default_value_t = 10_000)]
    calls: usize,
    /// Run only this variant (e.g. `sdk`, `bare`, `sdk.sign`): for profilers.
    #[arg(long)]
    only: Option<String>,
}

const ACTION: &str = "DescribeLiveStreamRecordIndexFiles";
const ENDPOINT: &str = "https://live.aliyuncs.com";

/// Everything a call needs that a real program would hold already.
struct Fixture {
    start: Timestamp,
    end: Timestamp,
    sdk: aliyun_live::Client,
    http: reqwest::Client,
}

impl Fixture {
    fn runtime(&self) -> &Client {
        self.sdk.runtime()
    }
}

/// The client's credentials, as `call` fetches them once per call. The
/// benchmark's provider is static, so the future is ready at once; it is
/// polled here instead of on an async runtime to keep only its own cost.
fn credentials(client: &Client) -> Result<Credentials, String> {
    let fut = pin!(client.credentials());
    match fut.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(r) => r.map_err(|e| e.to_string()),
        Poll::Pending => Err("static credentials were not ready".into()),
    }
}

/// Builder, `build()` (validates), `to_params()` (validates again).
fn build_params(fx: &Fixture) -> Result<Params, String> {
    DescribeLiveStreamRecordIndexFilesInput::builder()
        .domain_name("www.yourdomain.com")
        .app_name("testApp")
        .stream_name("testStream")
        .start_time(fx.start)
        .end_time(fx.end)
        .order(Order::Asc)
        .page_num(1)
        .page_size(10)
        .build()
        .and_then(|i| i.to_params())
        .map_err(|e| e.to_string())
}

/// The `reqwest::Request` as `Client::call` builds it from a prepared request.
fn request(fx: &Fixture, prepared: PreparedRequest) -> Result<reqwest::Request, String> {
    let builder = match prepared.method() {
        HttpMethod::Get => fx.http.get(prepared.into_text()),
        HttpMethod::Post => fx
            .http
            .post(prepared.endpoint())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(prepared.into_text()),
    };
    builder.build().map_err(|e| e.to_string())
}

fn decode(creds: &Credentials) -> Result<DescribeLiveStreamRecordIndexFilesOutput, String> {
    Client::decode(
        ACTION,
        200,
        None,
        black_box(INDEX_FILES_BODY.as_bytes()),
        creds,
    )
    .map_err(|e| e.to_string())
}

/// The SDK path, end to end; returns something derived from every step so
/// nothing is optimized away.
fn sdk_call(fx: &Fixture) -> Result<usize, String> {
    let params = build_params(fx)?;
    let creds = credentials(fx.runtime())?;
    let prepared = fx
        .runtime()
        .prepare(ACTION, &params, HttpMethod::Get, &creds)
        .map_err(|e| e.to_string())?;
    let request = request(fx, prepared)?;
    let out = decode(&creds)?;
    Ok(request.url().as_str().len() + out.record_index_info_list.len())
}

/// Step 1 of the SDK path: builder, validation, parameter encoding.
fn sdk_build(fx: &Fixture) -> Result<usize, String> {
    Ok(build_params(fx)?.len())
}

/// The validation `to_params()` repeats (and `send()` does not).
fn sdk_validate(input: &DescribeLiveStreamRecordIndexFilesInput) -> Result<usize, String> {
    black_box(input).validate().map_err(|e| e.to_string())?;
    Ok(1)
}

/// Step 2: credentials and `Client::prepare`: common parameters, nonce,
/// timestamp, canonical query, signature, URL.
fn sdk_sign(fx: &Fixture, params: &Params, method: HttpMethod) -> Result<usize, String> {
    let creds = credentials(fx.runtime())?;
    let prepared = fx
        .runtime()
        .prepare(ACTION, params, method, &creds)
        .map_err(|e| e.to_string())?;
    Ok(prepared.query().len())
}

/// Step 3: the `reqwest::Request` (for GET: URL parsing).
fn sdk_request(fx: &Fixture, prepared: &PreparedRequest) -> Result<usize, String> {
    Ok(request(fx, prepared.clone())?.url().as_str().len())
}

/// Step 4: `Client::decode` into the generated output type.
fn sdk_decode(creds: &Credentials) -> Result<usize, String> {
    Ok(decode(creds)?.record_index_info_list.len())
}

// ------------------------------------------------------------------ bare

/// RFC 3986 unreserved characters stay; everything else is encoded.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The same request parameters the SDK path sends (fixed nonce and time).
const BARE_PARAMS: &[(&str, &str)] = &[
    ("DomainName", "www.yourdomain.com"),
    ("AppName", "testApp"),
    ("StreamName", "testStream"),
    ("StartTime", "2017-12-21T08:00:00Z"),
    ("EndTime", "2017-12-22T08:00:00Z"),
    ("Order", "asc"),
    ("PageNum", "1"),
    ("PageSize", "10"),
    ("Action", ACTION),
    ("Format", "JSON"),
    ("Version", "2016-11-01"),
    ("AccessKeyId", crate::KEY_ID),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureVersion", "1.0"),
    ("SignatureNonce", "c2fe8fbb-2977-4414-8d39-348d02419c1c"),
    ("Timestamp", "2017-06-14T09:51:14Z"),
    ("RegionId", crate::REGION),
];

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are decoded to measure decoding, not read")]
struct MinOutput {
    #[serde(rename = "RecordIndexInfoList")]
    list: MinList,
    #[serde(rename = "PageNum")]
    page_num: i32,
    #[serde(rename = "PageSize")]
    page_size: i32,
    #[serde(rename = "Order")]
    order: String,
    #[serde(rename = "TotalPage")]
    total_page: i32,
    #[serde(rename = "TotalNum")]
    total_num: i32,
    #[serde(rename = "RequestId")]
    request_id: String,
}

#[derive(Deserialize)]
struct MinList {
    #[serde(rename = "RecordIndexInfo")]
    items: Vec<MinInfo>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code, reason = "fields are decoded to measure decoding, not read")]
struct MinInfo {
    app_name: String,
    create_time: String,
    domain_name: String,
    duration: f64,
    end_time: String,
    height: i32,
    oss_bucket: String,
    oss_endpoint: String,
    oss_object: String,
    record_id: String,
    record_url: String,
    start_time: String,
    stream_name: String,
    width: i32,
}

/// Canonical query, StringToSign, HMAC-SHA1, Base64.
fn bare_sign() -> usize {
    let mut pairs: Vec<(&str, &str)> = black_box(BARE_PARAMS).to_vec();
    pairs.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut canonical = String::with_capacity(512);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            canonical.push('&');
        }
        canonical.extend(utf8_percent_encode(k, ENCODE_SET));
        canonical.push('=');
        canonical.extend(utf8_percent_encode(v, ENCODE_SET));
    }
    let mut sts = String::with_capacity(canonical.len() * 5 / 4 + 8);
    sts.push_str("GET&%2F&");
    sts.extend(utf8_percent_encode(&canonical, ENCODE_SET));
    let mut mac = Hmac::<Sha1>::new_from_slice(b"bench-key-secret&")
        .expect("HMAC accepts keys of any length");
    mac.update(sts.as_bytes());
    let sig = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    canonical.len() + sig.len()
}

fn bare_decode() -> Result<usize, String> {
    let out: MinOutput = serde_json::from_slice(black_box(INDEX_FILES_BODY.as_bytes()))
        .map_err(|e| e.to_string())?;
    Ok(out.list.items.len())
}

fn bare_call() -> Result<usize, String> {
    Ok(bare_sign() + bare_decode()?)
}

// ------------------------------------------------------------------ driver

/// Times `calls` runs of `f`; returns ns per call.
fn batch(calls: usize, mut f: impl FnMut() -> Result<usize, String>) -> Result<f64, String> {
    let t = Instant::now();
    for _ in 0..calls {
        black_box(f()?);
    }
    Ok(t.elapsed().as_nanos() as f64 / calls as f64)
}

/// The full SDK path as a closure (for the memory benchmark).
pub fn sdk_path() -> Result<impl FnMut() -> Result<usize, String>, String> {
    let fx = fixture()?;
    Ok(move || sdk_call(&fx))
}

fn fixture() -> Result<Fixture, String> {
    let parse = |s: &str| Timestamp::parse(s).map_err(|e| e.to_string());
    Ok(Fixture {
        start: parse("2017-12-21T08:00:00Z")?,
        end: parse("2017-12-22T08:00:00Z")?,
        sdk: crate::sdk_client(ENDPOINT)?,
        http: reqwest::Client::builder()
            .build()
            .map_err(|e| format!("reqwest client: {e}"))?,
    })
}

/// Runs the measurement and prints one line per variant.
pub fn run(args: &Args) -> Result<(), String> {
    let calls = args.calls.max(1);
    let batches = args.batches.max(1);
    let fx = fixture()?;
    // Inputs of the breakdown steps, prepared once.
    let input = DescribeLiveStreamRecordIndexFilesInput::builder()
        .domain_name("www.yourdomain.com")
        .app_name("testApp")
        .stream_name("testStream")
        .start_time(fx.start)
        .end_time(fx.end)
        .order(Order::Asc)
        .page_num(1)
        .page_size(10)
        .build()
        .map_err(|e| e.to_string())?;
    let params = input.to_params().map_err(|e| e.to_string())?;
    let creds = credentials(fx.runtime())?;
    let prepare = |method| {
        fx.runtime()
            .prepare(ACTION, &params, method, &creds)
            .map_err(|e| e.to_string())
    };
    let get = prepare(HttpMethod::Get)?;
    let post = prepare(HttpMethod::Post)?;

    type Variant<'a> = (&'a str, Box<dyn FnMut() -> Result<usize, String> + 'a>);
    let mut variants: Vec<Variant<'_>> = vec![
        ("sdk", Box::new(|| sdk_call(&fx))),
        ("bare", Box::new(bare_call)),
        ("sdk.build", Box::new(|| sdk_build(&fx))),
        ("sdk.validate", Box::new(|| sdk_validate(&input))),
        (
            "sdk.sign",
            Box::new(|| sdk_sign(&fx, &params, HttpMethod::Get)),
        ),
        (
            "sdk.sign_post",
            Box::new(|| sdk_sign(&fx, &params, HttpMethod::Post)),
        ),
        ("sdk.request", Box::new(|| sdk_request(&fx, &get))),
        ("sdk.request_post", Box::new(|| sdk_request(&fx, &post))),
        ("sdk.decode", Box::new(|| sdk_decode(&creds))),
        ("bare.sign", Box::new(|| Ok(bare_sign()))),
        ("bare.decode", Box::new(bare_decode)),
    ];
    if let Some(only) = &args.only {
        variants.retain(|(name, _)| name == only);
        if variants.is_empty() {
            return Err(format!("no variant named {only:?}"));
        }
    }
    // Warm-up: caches, allocator, branch predictors.
    for (_, f) in &mut variants {
        batch(calls.min(2000), f)?;
    }
    let mut samples: Vec<Vec<f64>> = vec![Vec::with_capacity(batches); variants.len()];
    for _ in 0..batches {
        for ((_, f), s) in variants.iter_mut().zip(&mut samples) {
            s.push(batch(calls, f)?);
        }
    }
    for ((name, _), mut s) in variants.into_iter().zip(samples) {
        let min = s.iter().copied().fold(f64::INFINITY, f64::min);
        let max = s.iter().copied().fold(0.0, f64::max);
        crate::emit(json!({
            "kind": "overhead",
            "impl": name,
            "ns_per_call": crate::median(&mut s),
            "min_ns": min,
            "max_ns": max,
            "batches": batches,
            "calls_per_batch": calls,
            "body_bytes": INDEX_FILES_BODY.len(),
        }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_paths_decode_the_three_entries() {
        let fx = fixture().unwrap();
        let creds = credentials(fx.runtime()).unwrap();
        assert!(sdk_call(&fx).unwrap() > 3);
        assert_eq!(sdk_decode(&creds).unwrap(), 3);
        assert_eq!(bare_decode().unwrap(), 3);
        assert_eq!(sdk_build(&fx).unwrap(), 8);
    }

    #[test]
    fn bare_signs_the_documented_example_like_the_runtime() {
        // Same parameters through the runtime's signer give the same string.
        let mut pairs: Vec<(&str, &str)> = BARE_PARAMS.to_vec();
        let canonical = aliyun_live::runtime::signing::canonical_query(&mut pairs);
        assert_eq!(bare_sign(), canonical.len() + 28);
    }

    /// The SDK path signs exactly the parameter names and action values the
    /// bare limit signs (only nonce and timestamp differ), and its request
    /// verifies with the runtime's `verify`.
    #[test]
    fn sdk_signs_the_same_parameters_as_bare_and_verifies() {
        let fx = fixture().unwrap();
        let params = build_params(&fx).unwrap();
        let creds = credentials(fx.runtime()).unwrap();
        let prepared = fx
            .runtime()
            .prepare(ACTION, &params, HttpMethod::Get, &creds)
            .unwrap();
        let request = request(&fx, prepared.clone()).unwrap();
        assert_eq!(request.url().as_str(), prepared.url());
        let mut sent: Vec<(String, String)> = request
            .url()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let at = sent.iter().position(|(k, _)| k == "Signature").unwrap();
        let (_, signature) = sent.remove(at);
        assert!(aliyun_live::runtime::signing::verify(
            "GET",
            &sent,
            crate::KEY_SECRET,
            &signature
        ));
        let mut names: Vec<&str> = sent.iter().map(|(k, _)| k.as_str()).collect();
        let mut bare_names: Vec<&str> = BARE_PARAMS.iter().map(|(k, _)| *k).collect();
        names.sort_unstable();
        bare_names.sort_unstable();
        assert_eq!(names, bare_names);
        for (k, v) in &sent {
            if k != "SignatureNonce" && k != "Timestamp" {
                assert!(
                    BARE_PARAMS.contains(&(k.as_str(), v.as_str())),
                    "{k}={v} not in the bare set"
                );
            }
        }
    }
}

//! Authentication as the service does it, over real HTTP.

mod common;

use aliyun_live_codegen::model::{Action, Member, Shape, Style};
use aliyun_live_emulator::{Emulator, embedded_spec, timefmt};
use base64::Engine as _;
use common::*;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use time::Duration;

/// The reference's worked example (section 3.5), parameter for parameter.
const EXAMPLE: [(&str, &str); 12] = [
    ("Format", "XML"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("Action", "DescribeLiveSnapshotConfig"),
    ("AccessKeyId", "testid"),
    ("RegionId", "cn-shanghai"),
    ("ServiceCode", "live"),
    ("DomainName", "test.com"),
    ("AppName", "test"),
    ("SignatureNonce", "c2fe8fbb-2977-4414-8d39-348d02419c1c"),
    ("Version", "2016-11-01"),
    ("SignatureVersion", "1.0"),
    ("Timestamp", "2017-06-14T09:51:14Z"),
];
const EXAMPLE_SIGNATURE: &str = "3I5a3myPjp8FXWT4rvxX5pKb/aw=";
/// The reference prints this with `&` where the encoded canonical string has
/// `%26` (a typesetting slip: its own signature above only verifies with
/// `%26`), so the documented text is repaired here, and only there.
fn example_string_to_sign() -> String {
    let printed = "GET&%2F&AccessKeyId%3Dtestid&Action%3DDescribeLiveSnapshotConfig&AppName%3Dtest&DomainName%3Dtest.com&Format%3DXML&RegionId%3Dcn-shanghai&ServiceCode%3Dlive&SignatureMethod%3DHMAC-SHA1&SignatureNonce%3Dc2fe8fbb-2977-4414-8d39-348d02419c1c&SignatureVersion%3D1.0&Timestamp%3D2017-06-14T09%253A51%253A14Z&Version%3D2016-11-01";
    let (head, canonical) = printed.split_at("GET&%2F&".len());
    format!("{head}{}", canonical.replace('&', "%26"))
}

/// An emulator whose clock is the example's time and whose spec has the
/// example's action (added here if the spec lacks DescribeLiveSnapshotConfig).
async fn example_emulator() -> Harness {
    let mut spec = (*embedded_spec().expect("spec loads")).clone();
    let string_param = |name: &str| Member {
        name: name.into(),
        rust_name: None,
        shape: Shape::String,
        style: Style::Plain,
        required: true,
        default: None,
        description: String::new(),
        example: None,
        constraints: Default::default(),
        aliases: vec![],
        notes: vec![],
    };
    if spec.action("DescribeLiveSnapshotConfig").is_none() {
        let mut action: Action = spec
            .action("DeleteLiveAppRecordConfig")
            .expect("exists")
            .clone();
        action.name = "DescribeLiveSnapshotConfig".into();
        action.params = vec![string_param("DomainName"), string_param("AppName")];
        action.errors.clear();
        spec.actions.push(action);
    }
    let t = timefmt::parse("2017-06-14T09:51:14Z").expect("valid");
    let mut h = start_with(
        Emulator::builder()
            .credential(ID, SECRET)
            .spec(spec)
            .fixed_time(t),
    )
    .await;
    h.now = Some(t);
    h.add_domain("test.com", "liveVideo").await;
    h
}

/// Independent implementation of 3.5 (not the runtime's), for cross-checks.
fn independent_signature(method: &str, secret: &str, params: &[(String, String)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }
    let mut sorted: Vec<(String, String)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    sorted.sort();
    let canonical = sorted
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
    let sts = format!("{method}&{}&{}", enc("/"), enc(&canonical));
    let mut mac =
        Hmac::<Sha1>::new_from_slice(format!("{secret}&").as_bytes()).expect("any key length");
    mac.update(sts.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[tokio::test]
async fn reference_example_signature_is_accepted() {
    let h = example_emulator().await;
    let mut p = pairs(&EXAMPLE);
    p.push(("Signature".into(), EXAMPLE_SIGNATURE.into()));
    let (status, body) = h.send_raw("GET", &p).await;
    assert_eq!(status, 200, "{body}");
    // Format=XML is answered with JSON (documented choice).
    assert!(body["RequestId"].is_string());
}

#[tokio::test]
async fn reference_example_mismatch_reports_the_documented_string_to_sign() {
    let h = example_emulator().await;
    let mut p = pairs(&EXAMPLE);
    p.push(("Signature".into(), "AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()));
    let (status, body) = h.send_raw("GET", &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{body}"
    );
    let msg = body["Message"].as_str().expect("message");
    let sts = msg
        .split("server string to sign is:")
        .nth(1)
        .expect("message carries the StringToSign");
    assert_eq!(sts, example_string_to_sign());
    assert!(!msg.contains(SECRET), "never leak the secret");
}

#[tokio::test]
async fn independently_signed_requests_are_accepted_get_and_post() {
    let h = start().await;
    for method in ["GET", "POST"] {
        let mut p = common("AddLiveDomain", h.now());
        let name = format!("{}.example.com", method.to_lowercase());
        p.extend(pairs(&[
            ("DomainName", &name),
            ("LiveDomainType", "liveVideo"),
            ("Region", "cn-shanghai"),
        ]));
        // Characters that need careful encoding, in a parameter the service ignores.
        p.push(("Comment".into(), "a b*c~d/é+&=".into()));
        let sig = independent_signature(method, SECRET, &p);
        p.push(("Signature".into(), sig));
        let (status, body) = h.send_raw(method, &p).await;
        assert_eq!(status, 200, "{method}: {body}");
    }
    // A POST signed as GET does not verify.
    let mut p = common("AddLiveDomain", h.now());
    p.extend(pairs(&[
        ("DomainName", "x.example.com"),
        ("LiveDomainType", "liveVideo"),
        ("Region", "cn-shanghai"),
    ]));
    let p = sign("GET", SECRET, p);
    let (status, body) = h.send_raw("POST", &p).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{body}"
    );
    assert!(
        body["Message"]
            .as_str()
            .expect("message")
            .contains("server string to sign is:POST&%2F&")
    );
}

#[tokio::test]
async fn post_may_split_parameters_between_query_and_body() {
    let h = start().await;
    let mut p = common("AddLiveDomain", h.now());
    p.extend(pairs(&[
        ("DomainName", "split.example.com"),
        ("LiveDomainType", "liveVideo"),
        ("Region", "cn-shanghai"),
    ]));
    let p = sign("POST", SECRET, p);
    let (query, body): (Vec<_>, Vec<_>) = p
        .into_iter()
        .partition(|(k, _)| k.starts_with("Signature") || k == "Action");
    let resp = h
        .http
        .post(format!("{}/?{}", h.emu.endpoint(), encode(&query)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&body))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status().as_u16(), 200, "{:?}", resp.text().await);
}

async fn expect_rejected(h: &Harness, p: Vec<(String, String)>, status: u16, code: &str) -> String {
    let (s, body) = h.send_raw("GET", &p).await;
    assert_eq!((s, body["Code"].as_str()), (status, Some(code)), "{body}");
    assert!(
        aliyun_live_emulator::conformance::check_error(&body).is_empty(),
        "{body}"
    );
    assert!(
        body["RequestId"]
            .as_str()
            .is_some_and(|id| id.len() == 36 && id == id.to_uppercase())
    );
    assert_eq!(body["HostId"], "live.aliyuncs.com");
    body["Message"].as_str().unwrap_or_default().to_owned()
}

fn base(h: &Harness) -> Vec<(String, String)> {
    let mut p = common("DescribeLiveRecordNotifyConfig", h.now());
    p.push(("DomainName".into(), "nope.example.com".into()));
    p
}

fn with(mut p: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    p.retain(|(k, _)| k != key);
    p.push((key.into(), value.into()));
    p
}

fn without(mut p: Vec<(String, String)>, key: &str) -> Vec<(String, String)> {
    p.retain(|(k, _)| k != key);
    p
}

#[tokio::test]
async fn security_rejections() {
    let h = start().await;
    // Sanity: the base request is well signed (it fails only on the domain).
    expect_rejected(
        &h,
        sign("GET", SECRET, base(&h)),
        404,
        "InvalidDomain.NotFound",
    )
    .await;

    let msg = expect_rejected(
        &h,
        sign("GET", "wrong", base(&h)),
        400,
        "SignatureDoesNotMatch",
    )
    .await;
    assert!(msg.starts_with("Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3Dtestid"));

    for name in [
        "AccessKeyId",
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
    ] {
        let p = without(sign("GET", SECRET, base(&h)), name);
        let msg = expect_rejected(&h, p, 400, &format!("Missing{name}")).await;
        assert!(msg.contains(name), "{msg}");
    }

    // One common parameter removed (`None`) or changed, then correctly signed.
    let cases: [(&str, Option<&str>, u16, &str); 10] = [
        (
            "AccessKeyId",
            Some("who"),
            404,
            "InvalidAccessKeyId.NotFound",
        ),
        ("Action", None, 400, "MissingAction"),
        ("Version", None, 400, "MissingVersion"),
        ("Version", Some("2014-01-01"), 400, "InvalidVersion"),
        (
            "Action",
            Some("NoSuchAction"),
            404,
            "InvalidAction.NotFound",
        ),
        (
            "SignatureMethod",
            Some("HMAC-SHA256"),
            400,
            "InvalidSignatureMethod",
        ),
        (
            "SignatureVersion",
            Some("2.0"),
            400,
            "UnsupportedSignatureVersion",
        ),
        (
            "Timestamp",
            Some("2017-06-14 09:51:14"),
            400,
            "InvalidTimeStamp.Format",
        ),
        (
            "Timestamp",
            Some("yesterday"),
            400,
            "InvalidTimeStamp.Format",
        ),
        (
            "Timestamp",
            Some("2017-06-14T09:51:14+08:00"),
            400,
            "InvalidTimeStamp.Format",
        ),
    ];
    for (key, value, status, code) in cases {
        let p = match value {
            Some(v) => with(base(&h), key, v),
            None => without(base(&h), key),
        };
        expect_rejected(&h, sign("GET", SECRET, p), status, code).await;
    }
    for off in [Duration::minutes(-16), Duration::minutes(16)] {
        let ts = timefmt::format(h.now() + off);
        let msg = expect_rejected(
            &h,
            sign("GET", SECRET, with(base(&h), "Timestamp", &ts)),
            400,
            "InvalidTimeStamp.Expired",
        )
        .await;
        assert!(msg.contains(&ts), "{msg}");
    }
    // Within the window is fine.
    let ts = timefmt::format(h.now() - Duration::minutes(10));
    expect_rejected(
        &h,
        sign("GET", SECRET, with(base(&h), "Timestamp", &ts)),
        404,
        "InvalidDomain.NotFound",
    )
    .await;

    // Duplicate parameter names are ambiguous to sign: rejected.
    let mut p = sign("GET", SECRET, base(&h));
    p.push(("DomainName".into(), "other.example.com".into()));
    expect_rejected(&h, p, 400, "InvalidParameter").await;
}

#[tokio::test]
async fn nonce_replay_is_rejected_but_bad_signatures_do_not_burn_nonces() {
    let h = start().await;
    let p = base(&h);
    // A forged request with this nonce first: it must not consume the nonce.
    expect_rejected(
        &h,
        sign("GET", "wrong", p.clone()),
        400,
        "SignatureDoesNotMatch",
    )
    .await;
    let signed = sign("GET", SECRET, p);
    expect_rejected(&h, signed.clone(), 404, "InvalidDomain.NotFound").await;
    expect_rejected(&h, signed, 400, "SignatureNonceUsed").await;
    let records = h.emu.requests().records();
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.nonce == records[0].nonce));
    assert_eq!(records[2].code.as_deref(), Some("SignatureNonceUsed"));
}

#[tokio::test]
async fn unknown_credentials_when_none_configured() {
    let h = start_with(Emulator::builder()).await;
    expect_rejected(
        &h,
        sign("GET", SECRET, base(&h)),
        404,
        "InvalidAccessKeyId.NotFound",
    )
    .await;
}

#[tokio::test]
async fn multiple_credentials() {
    let h = start_with(
        Emulator::builder()
            .credential(ID, SECRET)
            .credential("second", "s2"),
    )
    .await;
    let p = with(base(&h), "AccessKeyId", "second");
    expect_rejected(
        &h,
        sign("GET", "s2", p.clone()),
        404,
        "InvalidDomain.NotFound",
    )
    .await;
    expect_rejected(
        &h,
        sign("GET", SECRET, with(p, "SignatureNonce", "n2")),
        400,
        "SignatureDoesNotMatch",
    )
    .await;
}

#[tokio::test]
async fn oversized_body_is_413() {
    let h = start().await;
    let mut p = base(&h);
    p.push(("Padding".into(), "x".repeat(70 * 1024)));
    let p = sign("POST", SECRET, p);
    let resp = h
        .http
        .post(format!("{}/", h.emu.endpoint()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(&p))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status().as_u16(), 413);
    let body: serde_json::Value =
        serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json");
    assert_eq!(body["Code"], "RequestTooLarge");
}

#[tokio::test]
async fn other_paths_and_methods_get_json_errors() {
    let h = start().await;
    let resp = h
        .http
        .get(format!("{}/nope", h.emu.endpoint()))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status().as_u16(), 404);
    let body: serde_json::Value =
        serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json");
    assert_eq!(body["Code"], "InvalidAction.NotFound");
    let resp = h
        .http
        .put(format!("{}/", h.emu.endpoint()))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status().as_u16(), 405);
    let body: serde_json::Value =
        serde_json::from_slice(&resp.bytes().await.expect("body")).expect("json");
    assert_eq!(body["Code"], "UnsupportedHTTPMethod");
    assert!(aliyun_live_emulator::conformance::check_error(&body).is_empty());
}

#[tokio::test]
async fn an_invalid_spec_is_a_startup_error_listing_the_problems() {
    let err = Emulator::builder()
        .spec_text("{\"format_version\": 1}")
        .start()
        .await
        .expect_err("invalid spec");
    let aliyun_live_emulator::StartError::Spec(problems) = &err else {
        panic!("{err:?}")
    };
    assert!(!problems.is_empty());
    let text = err.to_string();
    assert!(text.starts_with("the spec is invalid:"), "{text}");
    assert!(text.contains("service"), "names the missing key: {text}");
    // The embedded spec loads, and a valid text does too.
    let emu = Emulator::builder()
        .spec_text(aliyun_live_emulator::SPEC_TEXT)
        .start()
        .await
        .expect("valid spec");
    emu.shutdown().await;
}

/// The SignatureDoesNotMatch message shows the StringToSign, but never the
/// request's SecurityToken (nor the secret): clients log error messages.
#[tokio::test]
async fn signature_mismatch_message_masks_the_security_token() {
    const TOKEN: &str = "CAIS+sts/Tok3n-secret==";
    let h = start().await;
    let mut p = common("DescribeLiveSnapshotConfig", h.now());
    p.extend(pairs(&[
        ("DomainName", "example.com"),
        ("SecurityToken", TOKEN),
    ]));
    let (status, body) = h.send_raw("GET", &sign("GET", "wrong", p)).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("SignatureDoesNotMatch")),
        "{body}"
    );
    let msg = body["Message"].as_str().expect("message");
    assert!(msg.contains("SecurityToken%3D***"), "{msg}");
    let once = aliyun_live_runtime::signing::percent_encode(TOKEN).into_owned();
    let twice = aliyun_live_runtime::signing::percent_encode(&once).into_owned();
    for form in [TOKEN, once.as_str(), twice.as_str(), SECRET] {
        assert!(!body.to_string().contains(form), "{form} leaked: {body}");
    }
}

/// The request log (library and admin endpoint) keeps the AccessKeyId but
/// never the signature, the SecurityToken or the secret.
#[tokio::test]
async fn request_log_holds_no_secrets() {
    const TOKEN: &str = "CAIS-log-token-secret";
    let h = start().await;
    let mut p = base(&h);
    p.push(("SecurityToken".into(), TOKEN.into()));
    let signed = sign("GET", SECRET, p);
    let signature = signed
        .iter()
        .find(|(k, _)| k == "Signature")
        .map(|(_, v)| v.clone())
        .expect("signed");
    expect_rejected(&h, signed, 404, "InvalidDomain.NotFound").await;
    let admin = h
        .http
        .get(format!("{}/_emulator/requests", h.emu.endpoint()))
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("body");
    let library = format!("{:?}", h.emu.requests().records());
    for text in [&admin, &library] {
        assert!(text.contains(ID), "{text}");
        let encoded = aliyun_live_runtime::signing::percent_encode(&signature).into_owned();
        for secret in [TOKEN, SECRET, signature.as_str(), encoded.as_str()] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

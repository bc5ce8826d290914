//! Request signing (signature version 1.0, HMAC-SHA1), as described in section
//! 3.5 of the API reference.
//!
//! The steps are:
//! 1. sort all parameters (common + action parameters, without `Signature`) by
//!    name in byte order;
//! 2. percent-encode every name and value ([`percent_encode`]) and join them as
//!    `name=value` pairs separated by `&` (the *canonicalized query string*);
//! 3. `StringToSign = METHOD + "&" + "%2F" + "&" + percent_encode(canonical)`;
//! 4. `Signature = Base64(HMAC-SHA1(key = secret + "&", StringToSign))`.
//!
//! The functions here are pure and allocation-conscious: they are used on every
//! request by [`Client`](crate::Client) and by the emulator to verify requests.

use std::borrow::Cow;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;

/// Every byte except the RFC 3986 unreserved set `A-Z a-z 0-9 - _ . ~` is
/// encoded; this yields `%20` for space and `%2A` for `*`, as the API requires.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Returns `true` for the bytes that [`percent_encode`] leaves as they are.
pub fn is_unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// [`is_unreserved`] as a table (one load per byte on the signing path).
const UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    t
};

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes `s` with the rules of the API (RFC 3986, UTF-8, uppercase
/// hex digits, only unreserved characters left as is).
///
/// Borrows when nothing needs encoding.
///
/// ```
/// use aliyun_live_runtime::signing::percent_encode;
/// assert_eq!(percent_encode("a b*c~"), "a%20b%2Ac~");
/// assert_eq!(percent_encode("直播"), "%E7%9B%B4%E6%92%AD");
/// ```
pub fn percent_encode(s: &str) -> Cow<'_, str> {
    utf8_percent_encode(s, ENCODE_SET).into()
}

/// Appends the percent-encoding of `s` to `out` (no intermediate allocation).
pub fn percent_encode_into(out: &mut String, s: &str) {
    // Runs of unreserved bytes are copied as slices, the rest escaped from
    // the table: one pass, about half the work of the generic encoder on
    // the signing path.
    //
    // A non-empty run holds only unreserved (ASCII) bytes, so both of its
    // ends are char boundaries and slicing `s` there cannot panic.
    let bytes = s.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        if run < i {
            out.push_str(&s[run..i]);
        }
        out.push('%');
        out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
        out.push(char::from(HEX_UPPER[usize::from(b & 0xF)]));
        run = i + 1;
    }
    if run < bytes.len() {
        out.push_str(&s[run..]);
    }
}

/// The length of `percent_encode(s)`, without encoding (for sizing buffers).
pub(crate) fn encoded_len(s: &str) -> usize {
    s.len() + 2 * s.bytes().filter(|b| !is_unreserved(*b)).count()
}

/// The exact length of the canonicalized query string of `params`.
pub(crate) fn canonical_len<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> usize {
    let pairs: usize = params
        .iter()
        .map(|(k, v)| encoded_len(k.as_ref()) + 1 + encoded_len(v.as_ref()))
        .sum();
    pairs + params.len().saturating_sub(1)
}

/// Builds the canonicalized query string from `params`.
///
/// Sorts `params` in place by name (byte order; equal names by value so the
/// result is deterministic), then writes `name=value` pairs, percent-encoded,
/// joined by `&`, into one buffer of the exact size. `Signature` must not be
/// among `params`.
///
/// The result is both the input of [`string_to_sign_from_canonical`] and the
/// query string (GET) or form body (POST) sent on the wire.
pub fn canonical_query<K: AsRef<str>, V: AsRef<str>>(params: &mut [(K, V)]) -> String {
    let mut out = String::with_capacity(canonical_len(params));
    canonical_query_into(&mut out, params);
    out
}

/// [`canonical_query`] appended to `out` (the client writes the endpoint,
/// the query and the signature into one buffer).
pub(crate) fn canonical_query_into<K: AsRef<str>, V: AsRef<str>>(
    out: &mut String,
    params: &mut [(K, V)],
) {
    params.sort_unstable_by(|a, b| {
        a.0.as_ref()
            .as_bytes()
            .cmp(b.0.as_ref().as_bytes())
            .then_with(|| a.1.as_ref().as_bytes().cmp(b.1.as_ref().as_bytes()))
    });
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(out, k.as_ref());
        out.push('=');
        percent_encode_into(out, v.as_ref());
    }
}

/// Builds `METHOD&%2F&percent_encode(canonical)` from an already
/// canonicalized query string (see [`canonical_query`]).
pub fn string_to_sign_from_canonical(method: &str, canonical: &str) -> String {
    let mut out = String::with_capacity(method.len() + 4 + canonical.len() + canonical.len() / 4);
    out.push_str(method);
    out.push_str("&%2F&");
    percent_encode_into(&mut out, canonical);
    out
}

/// Builds the StringToSign for `method` (`GET` or `POST`) and `params`
/// (all request parameters except `Signature`, in any order).
///
/// The parameters are sorted by name in byte order; `params` itself is left
/// untouched (a small vector of references is sorted instead).
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(method: &str, params: &[(K, V)]) -> String {
    let mut refs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    let canonical = canonical_query(&mut refs);
    string_to_sign_from_canonical(method, &canonical)
}

/// Length of a signature: Base64 of the 20 bytes of an HMAC-SHA1.
pub(crate) const SIGNATURE_LEN: usize = 28;

/// HMAC-SHA1 keyed by `secret + "&"`.
fn mac_for(secret: &str) -> Hmac<Sha1> {
    // Real secrets are ~30 bytes: build the key on the stack.
    let mut stack = [0u8; 128];
    let mut heap = Vec::new();
    let key: &[u8] = if secret.len() < stack.len() {
        stack[..secret.len()].copy_from_slice(secret.as_bytes());
        stack[secret.len()] = b'&';
        &stack[..=secret.len()]
    } else {
        heap.reserve_exact(secret.len() + 1);
        heap.extend_from_slice(secret.as_bytes());
        heap.push(b'&');
        &heap
    };
    // HMAC accepts keys of any length, so this cannot fail.
    Hmac::<Sha1>::new_from_slice(key).expect("HMAC accepts keys of any length")
}

fn finish(mac: Hmac<Sha1>) -> [u8; SIGNATURE_LEN] {
    let mut out = [0u8; SIGNATURE_LEN];
    // 20 bytes always encode to exactly 28 Base64 characters.
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut out)
        .expect("28 bytes hold the Base64 of 20");
    debug_assert_eq!(n, SIGNATURE_LEN);
    out
}

/// HMAC-SHA1 keyed by `secret + "&"`, with the key schedule (the inner and
/// outer pads hashed) done once: each signature then starts from a copy
/// of this state instead of hashing the padded key again. Cached per
/// [`Credentials`](crate::credentials::Credentials).
#[derive(Clone)]
pub(crate) struct SigningKey(Hmac<Sha1>);

impl SigningKey {
    pub(crate) fn new(secret: &str) -> Self {
        Self(mac_for(secret))
    }
}

/// Computes the signature: Base64 of HMAC-SHA1 keyed by `secret + "&"` over
/// `string_to_sign`.
pub fn sign(secret: &str, string_to_sign: &str) -> String {
    let mut mac = mac_for(secret);
    mac.update(string_to_sign.as_bytes());
    let sig = finish(mac);
    String::from_utf8_lossy(&sig).into_owned()
}

/// The signature of `METHOD&%2F&percent_encode(canonical)`, without
/// building that string: the HMAC is fed the method, the separator and the
/// encoded chunks directly. Base64 text (ASCII).
#[cfg(test)]
fn sign_canonical(secret: &str, method: &str, canonical: &str) -> [u8; SIGNATURE_LEN] {
    sign_canonical_with(&SigningKey::new(secret), method, canonical)
}

/// [`sign_canonical`] with a prepared key.
pub(crate) fn sign_canonical_with(
    key: &SigningKey,
    method: &str,
    canonical: &str,
) -> [u8; SIGNATURE_LEN] {
    let mut mac = key.0.clone();
    mac.update(method.as_bytes());
    mac.update(b"&%2F&");
    // Percent-encode byte by byte into a stack block and feed the HMAC a
    // block at a time: one pass, no per-escape call into the HMAC. (The
    // canonical query only holds unreserved bytes, `%`, `=` and `&`, but
    // every byte is handled, so any input gives the documented result.)
    let mut block = [0u8; 256];
    let mut n = 0;
    for &b in canonical.as_bytes() {
        if n + 3 > block.len() {
            mac.update(&block[..n]);
            n = 0;
        }
        if is_unreserved(b) {
            block[n] = b;
            n += 1;
        } else {
            block[n] = b'%';
            block[n + 1] = HEX_UPPER[usize::from(b >> 4)];
            block[n + 2] = HEX_UPPER[usize::from(b & 0xF)];
            n += 3;
        }
    }
    mac.update(&block[..n]);
    finish(mac)
}

/// Checks `signature` against the one computed for `method`, `params`
/// (excluding `Signature`) and `secret`, in constant time.
///
/// Meant for servers and emulators verifying requests.
pub fn verify<K: AsRef<str>, V: AsRef<str>>(
    method: &str,
    params: &[(K, V)],
    secret: &str,
    signature: &str,
) -> bool {
    let expected = sign(secret, &string_to_sign(method, params));
    let (a, b) = (expected.as_bytes(), signature.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Processes one line of the `sign` example's input and returns one output
/// line (without newline).
///
/// Input: `{"method": "GET", "access_key_secret": "...", "params": {"Name": "value", ...}}`
/// (values may also be numbers or booleans, taken as their text).
/// Output: `{"string_to_sign": "...", "signature": "..."}`, or
/// `{"error": "..."}` when the line is not valid.
pub fn debug_line(line: &str) -> String {
    // Structs (not `json!`, whose map is sorted) keep the documented key order.
    #[derive(serde::Serialize)]
    struct Signed {
        string_to_sign: String,
        signature: String,
    }
    #[derive(serde::Serialize)]
    struct Failed {
        error: String,
    }
    let out = match debug_line_inner(line) {
        Ok((string_to_sign, signature)) => serde_json::to_string(&Signed {
            string_to_sign,
            signature,
        }),
        Err(error) => serde_json::to_string(&Failed { error }),
    };
    // Serializing a struct of strings cannot fail; stay total anyway.
    out.unwrap_or_else(|_| String::from(r#"{"error":"internal serialization error"}"#))
}

fn debug_line_inner(line: &str) -> Result<(String, String), String> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Input {
        method: String,
        access_key_secret: String,
        #[serde(default, deserialize_with = "crate::de::string_map")]
        params: std::collections::BTreeMap<String, String>,
    }
    let input: Input =
        serde_json::from_str(line).map_err(|e| format!("invalid input line: {e}"))?;
    let method = input.method.to_ascii_uppercase();
    if method != "GET" && method != "POST" {
        return Err(format!(
            "invalid method {:?}: expected GET or POST",
            input.method
        ));
    }
    if input.params.contains_key("Signature") {
        return Err("params must not contain Signature".to_owned());
    }
    let pairs: Vec<(&str, &str)> = input
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sts = string_to_sign(&method, &pairs);
    let sig = sign(&input.access_key_secret, &sts);
    Ok((sts, sig))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DOC_PARAMS: &[(&str, &str)] = &[
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

    /// The StringToSign as printed in section 3.5. The printed text lost one
    /// level of encoding in places: the `&` between pairs should be `%26`
    /// (it is part of the encoded canonical string) and the Timestamp's `:`
    /// should be `%253A`. The printed *signature* is the one the correct
    /// string gives, which confirms the rendering slip.
    const DOC_STRING_TO_SIGN_AS_PRINTED: &str = "GET&%2F&AccessKeyId%3Dtestid&Action%3DDescribeLiveSnapshotConfig&AppName%3Dtest&DomainName%3Dtest.com&Format%3DXML&RegionId%3Dcn-shanghai&ServiceCode%3Dlive&SignatureMethod%3DHMAC-SHA1&SignatureNonce%3Dc2fe8fbb-2977-4414-8d39-348d02419c1c&SignatureVersion%3D1.0&Timestamp%3D2017-06-14T09:51:14Z&Version%3D2016-11-01";

    /// The StringToSign the rules of section 3.5 produce for the example
    /// (also what Python's `urllib.parse.quote(s, safe="-_.~")` gives).
    const DOC_STRING_TO_SIGN: &str = "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeLiveSnapshotConfig%26AppName%3Dtest%26DomainName%3Dtest.com%26Format%3DXML%26RegionId%3Dcn-shanghai%26ServiceCode%3Dlive%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dc2fe8fbb-2977-4414-8d39-348d02419c1c%26SignatureVersion%3D1.0%26Timestamp%3D2017-06-14T09%253A51%253A14Z%26Version%3D2016-11-01";

    /// The signature printed in the document.
    const DOC_SIGNATURE: &str = "3I5a3myPjp8FXWT4rvxX5pKb/aw=";

    fn decode_twice(s: &str) -> String {
        let once = String::from_utf8(percent_decode(s)).unwrap();
        String::from_utf8(percent_decode(&once)).unwrap()
    }

    #[test]
    fn documented_example() {
        let sts = string_to_sign("GET", DOC_PARAMS);
        assert_eq!(sts, DOC_STRING_TO_SIGN);
        // Same content as the printed string, which only lost encoding levels.
        assert_eq!(
            decode_twice(&sts),
            decode_twice(DOC_STRING_TO_SIGN_AS_PRINTED)
        );
        assert_eq!(sign("testsecret", &sts), DOC_SIGNATURE);
        assert!(verify("GET", DOC_PARAMS, "testsecret", DOC_SIGNATURE));
        assert!(!verify("GET", DOC_PARAMS, "othersecret", DOC_SIGNATURE));
        assert!(!verify("POST", DOC_PARAMS, "testsecret", DOC_SIGNATURE));
        assert!(!verify(
            "GET",
            &DOC_PARAMS[1..],
            "testsecret",
            DOC_SIGNATURE
        ));
        // The signed URL of the example carries the signature encoded like this.
        assert_eq!(
            percent_encode(DOC_SIGNATURE),
            "3I5a3myPjp8FXWT4rvxX5pKb%2Faw%3D"
        );
    }

    #[test]
    fn streaming_signature_and_sizes_agree_with_the_plain_ones() {
        let long_secret = "k".repeat(300);
        for secret in ["testsecret", "", long_secret.as_str(), &long_secret[..127]] {
            let mut p = DOC_PARAMS.to_vec();
            p.push(("AppName", "a b*~/é直播"));
            let canonical = canonical_query(&mut p);
            assert_eq!(canonical.len(), canonical_len(&p));
            assert_eq!(canonical.capacity(), canonical.len());
            let plain = sign(secret, &string_to_sign_from_canonical("POST", &canonical));
            let streamed = sign_canonical(secret, "POST", &canonical);
            assert_eq!(
                plain.as_bytes(),
                streamed,
                "secret of {} bytes",
                secret.len()
            );
        }
        assert_eq!(encoded_len("a b*~é"), percent_encode("a b*~é").len());
        assert_eq!(canonical_len::<&str, &str>(&[]), 0);
    }

    #[test]
    fn known_hmac_sha1_vector() {
        // Value from Python: hmac.new(b"Jefe&", b"what do ya want for nothing?", sha1).
        assert_eq!(
            sign("Jefe", "what do ya want for nothing?"),
            "/k0g9aDVnhS67tsWyuxJqU4jDC0="
        );
    }

    #[test]
    fn encodes_per_the_document_rules() {
        assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
        assert!(matches!(percent_encode("plain"), Cow::Borrowed(_)));
        assert_eq!(percent_encode(" "), "%20");
        assert_eq!(percent_encode("*"), "%2A");
        assert_eq!(percent_encode("+"), "%2B");
        assert_eq!(percent_encode("\""), "%22");
        assert_eq!(percent_encode("/"), "%2F");
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("😀"), "%F0%9F%98%80");
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn sorting_is_by_byte_order() {
        // Uppercase sorts before lowercase in byte order.
        let mut p = [("b", "1"), ("B", "2"), ("a", "3"), ("A", "4")];
        assert_eq!(canonical_query(&mut p), "A=4&B=2&a=3&b=1");
    }

    #[test]
    fn debug_line_works() {
        let line = serde_json::json!({
            "method": "GET",
            "access_key_secret": "testsecret",
            "params": DOC_PARAMS.iter().map(|(k, v)| (k.to_string(), serde_json::Value::from(*v))).collect::<serde_json::Map<_, _>>(),
        })
        .to_string();
        let raw = debug_line(&line);
        assert!(raw.starts_with("{\"string_to_sign\":"), "{raw}");
        let out: serde_json::Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(out["string_to_sign"], DOC_STRING_TO_SIGN);
        assert_eq!(out["signature"], DOC_SIGNATURE);

        let out: serde_json::Value = serde_json::from_str(&debug_line(
            r#"{"method":"post","access_key_secret":"s","params":{"N":12,"B":true}}"#,
        ))
        .unwrap();
        assert_eq!(out["string_to_sign"], "POST&%2F&B%3Dtrue%26N%3D12");
        assert_eq!(out["signature"], sign("s", "POST&%2F&B%3Dtrue%26N%3D12"));
    }

    #[test]
    fn debug_line_reports_errors() {
        for bad in [
            "",
            "not json",
            "{\"method\":\"GET\"}",
            "{\"method\":\"PUT\",\"access_key_secret\":\"s\",\"params\":{}}",
            "{\"method\":\"GET\",\"access_key_secret\":\"s\",\"params\":[1]}",
            "{\"method\":\"GET\",\"access_key_secret\":\"s\",\"params\":{\"Signature\":\"x\"}}",
        ] {
            let out: serde_json::Value = serde_json::from_str(&debug_line(bad)).unwrap();
            assert!(out["error"].is_string(), "{bad:?} gave {out}");
            assert!(out.get("signature").is_none());
        }
    }

    fn percent_decode(s: &str) -> Vec<u8> {
        percent_encoding::percent_decode_str(s).collect()
    }

    proptest! {
        #[test]
        fn encode_round_trips(s in any::<String>()) {
            let enc = percent_encode(&s);
            prop_assert_eq!(percent_decode(&enc), s.as_bytes().to_vec());
        }

        #[test]
        fn table_encoder_matches_the_generic_one(s in any::<String>(), prefix in ".{0,4}") {
            let mut out = prefix.clone();
            percent_encode_into(&mut out, &s);
            let generic: String = utf8_percent_encode(&s, ENCODE_SET).collect();
            prop_assert_eq!(out, format!("{prefix}{generic}"));
        }

        #[test]
        fn only_unreserved_bytes_stay_unencoded(s in any::<String>()) {
            let enc = percent_encode(&s);
            let b = enc.as_bytes();
            let mut i = 0;
            while i < b.len() {
                if b[i] == b'%' {
                    prop_assert!(i + 2 < b.len(), "truncated escape in {}", enc);
                    let hex = &b[i + 1..i + 3];
                    prop_assert!(hex.iter().all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c)), "bad escape in {}", enc);
                    i += 3;
                } else {
                    prop_assert!(is_unreserved(b[i]), "unescaped {:?} in {}", b[i] as char, enc);
                    i += 1;
                }
            }
        }

        #[test]
        fn canonical_query_decodes_back_to_the_params(
            v in proptest::collection::vec((".{1,6}", ".{0,8}"), 0..8)
        ) {
            let mut pairs = v.clone();
            let q = canonical_query(&mut pairs);
            let decoded: Vec<(String, String)> = if q.is_empty() {
                Vec::new()
            } else {
                q.split('&')
                    .map(|kv| {
                        let (k, val) = kv.split_once('=').expect("every pair has '='");
                        (
                            String::from_utf8(percent_decode(k)).unwrap(),
                            String::from_utf8(percent_decode(val)).unwrap(),
                        )
                    })
                    .collect()
            };
            prop_assert_eq!(&decoded, &pairs);
            let sig = sign("k", &string_to_sign("GET", &v));
            prop_assert!(verify("GET", &decoded, "k", &sig));
        }

        #[test]
        fn streamed_signature_matches_the_built_string_to_sign(s in any::<String>(), secret in ".{0,40}") {
            for method in ["GET", "POST"] {
                let plain = sign(&secret, &string_to_sign_from_canonical(method, &s));
                prop_assert_eq!(plain.as_bytes(), &sign_canonical(&secret, method, &s)[..]);
            }
        }

        #[test]
        fn canonical_query_is_order_independent(mut v in proptest::collection::vec(("[A-Za-z]{1,4}", ".{0,6}"), 0..8)) {
            let a = canonical_query(&mut v.clone());
            v.reverse();
            prop_assert_eq!(a, canonical_query(&mut v));
        }
    }
}

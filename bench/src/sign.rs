//! Request preparation as the runtime's client does it, from public pieces.
//!
//! `aliyun_live_runtime::Client` prepares a request (common parameters,
//! nonce, timestamp, canonical query, signature, URL) only inside its private
//! `attempt`, right before sending. There is no public hook to prepare a
//! request without sending it, so this module repeats those steps with the
//! runtime's public `signing` functions, in the same order and with the same
//! allocations. Keep it in step with `crates/aliyun-live-runtime/src/client.rs`.

use aliyun_live_runtime::{API_VERSION, Params, Timestamp, signing};

/// Parameter names the client refuses as action parameters (it checks them
/// on every call, so the benchmark does too).
const RESERVED_PARAMS: &[&str] = &[
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// The full signed GET URL for `action` with `params`: `base_url` (ending in
/// `/`), `?`, the canonical query and `&Signature=...`. A fresh nonce and
/// timestamp each time, as for every attempt of a real call.
pub fn signed_url(base_url: &str, action: &str, params: &Params) -> Result<String, String> {
    for (name, _) in params.iter() {
        if RESERVED_PARAMS.contains(&name) {
            return Err(format!("{name} is reserved"));
        }
    }
    let mut nonce_buf = uuid::Uuid::encode_buffer();
    let nonce: &str = uuid::Uuid::new_v4()
        .hyphenated()
        .encode_lower(&mut nonce_buf);
    let timestamp = Timestamp::now().to_string();
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(params.len() + 10);
    pairs.extend(params.iter());
    pairs.extend([
        ("Action", action),
        ("Format", "JSON"),
        ("Version", API_VERSION),
        ("AccessKeyId", crate::KEY_ID),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", timestamp.as_str()),
    ]);
    if params.get("RegionId").is_none() {
        pairs.push(("RegionId", crate::REGION));
    }
    let mut query = signing::canonical_query(&mut pairs);
    let sts = signing::string_to_sign_from_canonical("GET", &query);
    let signature = signing::sign(crate::KEY_SECRET, &sts);
    query.push_str("&Signature=");
    signing::percent_encode_into(&mut query, &signature);
    let mut url = String::with_capacity(base_url.len() + 1 + query.len());
    url.push_str(base_url);
    url.push('?');
    url.push_str(&query);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_verifies_with_the_runtime() {
        let mut p = Params::new();
        p.push("DomainName", "a b.example.com");
        let url = signed_url("http://127.0.0.1:1/", "DescribeX", &p).unwrap();
        let query = url.strip_prefix("http://127.0.0.1:1/?").unwrap();
        let mut pairs: Vec<(String, String)> = query
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                let d = |s: &str| {
                    percent_encoding::percent_decode_str(s)
                        .decode_utf8()
                        .unwrap()
                        .into_owned()
                };
                (d(k), d(v))
            })
            .collect();
        let pos = pairs.iter().position(|(k, _)| k == "Signature").unwrap();
        let (_, sig) = pairs.remove(pos);
        assert!(signing::verify("GET", &pairs, crate::KEY_SECRET, &sig));
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "DomainName" && v == "a b.example.com")
        );
        assert!(
            pairs
                .iter()
                .any(|(k, v)| k == "RegionId" && v == crate::REGION)
        );
    }

    #[test]
    fn reserved_names_are_refused() {
        let mut p = Params::new();
        p.push("Signature", "x");
        assert!(signed_url("http://h/", "A", &p).is_err());
    }
}

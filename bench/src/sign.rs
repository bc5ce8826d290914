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

/// The same URL as [`signed_url`], built the way BENCHMARKS.md proposes for
/// the runtime, to measure what those changes would save: a nonce from
/// `fastrand` (no syscall), the timestamp formatted without `core::fmt`, and
/// the StringToSign fed to the HMAC in slices instead of being built by a
/// second generic percent-encoding pass.
pub fn signed_url_proposed(
    base_url: &str,
    action: &str,
    params: &Params,
) -> Result<String, String> {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};

    for (name, _) in params.iter() {
        if RESERVED_PARAMS.contains(&name) {
            return Err(format!("{name} is reserved"));
        }
    }
    // UUID v4 layout: version 4, RFC 4122 variant.
    let bits = (fastrand::u128(..) & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let mut nonce_buf = uuid::Uuid::encode_buffer();
    let nonce: &str = uuid::Uuid::from_u128(bits)
        .hyphenated()
        .encode_lower(&mut nonce_buf);
    let ts_buf = format_utc(Timestamp::now().unix());
    // Only ASCII digits and separators are written.
    let timestamp = std::str::from_utf8(&ts_buf).map_err(|e| e.to_string())?;
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
        ("Timestamp", timestamp),
    ]);
    if params.get("RegionId").is_none() {
        pairs.push(("RegionId", crate::REGION));
    }
    let mut query = signing::canonical_query(&mut pairs);
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{}&", crate::KEY_SECRET).as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(b"GET&%2F&");
    // The canonical query holds only unreserved bytes and `%`, `=`, `&`:
    // encoding it again only rewrites those three.
    let bytes = query.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'%' => b"%25",
            b'=' => b"%3D",
            b'&' => b"%26",
            _ => continue,
        };
        mac.update(&bytes[start..i]);
        mac.update(rep);
        start = i + 1;
    }
    mac.update(&bytes[start..]);
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    query.push_str("&Signature=");
    signing::percent_encode_into(&mut query, &signature);
    let mut url = String::with_capacity(base_url.len() + 1 + query.len());
    url.push_str(base_url);
    url.push('?');
    url.push_str(&query);
    Ok(url)
}

/// `YYYY-MM-DDThh:mm:ssZ` for Unix seconds (proleptic Gregorian, UTC).
fn format_utc(unix: i64) -> [u8; 20] {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Days to civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = *b"0000-00-00T00:00:00Z";
    let mut put = |at: usize, width: usize, mut v: i64| {
        for i in (0..width).rev() {
            out[at + i] = b'0' + (v.rem_euclid(10)) as u8;
            v /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, month);
    put(8, 2, day);
    put(11, 2, secs / 3600);
    put(14, 2, secs % 3600 / 60);
    put(17, 2, secs % 60);
    out
}

#[cfg(test)]
mod proposed_tests {
    use super::*;

    #[test]
    fn formats_like_the_runtime() {
        for unix in [0, 951_782_400, 1_513_843_200, 1_709_164_799, 4_102_444_800] {
            let t = Timestamp::from_unix(unix).unwrap();
            assert_eq!(
                std::str::from_utf8(&format_utc(unix)).unwrap(),
                t.to_string(),
                "{unix}"
            );
        }
    }

    #[test]
    fn proposed_url_verifies_with_the_runtime() {
        let mut p = Params::new();
        p.push("NotifyUrl", "http://h/x?a=1&b=%");
        let url = signed_url_proposed("http://127.0.0.1:1/", "DescribeX", &p).unwrap();
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
        let nonce = &pairs.iter().find(|(k, _)| k == "SignatureNonce").unwrap().1;
        let u = uuid::Uuid::parse_str(nonce).unwrap();
        assert_eq!(u.get_version_num(), 4);
        assert_eq!(u.get_variant(), uuid::Variant::RFC4122);
    }
}

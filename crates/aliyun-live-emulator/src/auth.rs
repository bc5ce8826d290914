//! Request authentication as the service does it (reference 3.3 and 3.5):
//! common parameters, timestamp window, access key, HMAC-SHA1 signature,
//! and nonce replay protection.
//!
//! The StringToSign is computed with `aliyun_live_runtime::signing`, the
//! same code the SDK signs with, so both sides agree by construction; the
//! emulator's tests also check it against independently computed
//! signatures and the reference's worked example.

use std::collections::HashMap;

use aliyun_live_runtime::signing;
use time::{Duration, OffsetDateTime};

use crate::error::{ApiError, Errors};
use crate::params::RawParams;
use crate::timefmt;

/// How far a request's `Timestamp` may be from the server clock, and how
/// long a `SignatureNonce` stays used: 15 minutes, like the service.
pub const WINDOW: Duration = Duration::minutes(15);

/// Remembers `(AccessKeyId, SignatureNonce)` pairs seen within [`WINDOW`].
#[derive(Debug, Default)]
pub struct NonceStore {
    seen: HashMap<(String, String), OffsetDateTime>,
    /// Size at which expired nonces are next swept out.
    sweep_at: usize,
}

/// Smallest size at which expired nonces are swept out.
const MIN_SWEEP: usize = 4096;

impl NonceStore {
    /// Records the nonce; returns `false` if it was already used within the window.
    pub fn check_and_insert(&mut self, key_id: &str, nonce: &str, now: OffsetDateTime) -> bool {
        // Bound memory: forget nonces older than the window once in a while.
        // The next sweep waits until the store has doubled, so under a
        // steady load of fresh nonces sweeping stays amortized O(1) per
        // request instead of a full scan on every request.
        if self.seen.len() >= self.sweep_at.max(MIN_SWEEP) {
            self.seen.retain(|_, t| now - *t < WINDOW);
            self.sweep_at = self.seen.len().saturating_mul(2);
        }
        let key = (key_id.to_owned(), nonce.to_owned());
        match self.seen.get(&key) {
            Some(t) if now - *t < WINDOW => false,
            _ => {
                self.seen.insert(key, now);
                true
            }
        }
    }

    /// Number of remembered nonces.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.seen.len()
    }
}

/// The common parameters every signed request carries, in the order they
/// are checked for presence.
const REQUIRED_SIGNING_PARAMS: [&str; 6] = [
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "Timestamp",
];

/// `Missing<Name>` (400) for an absent common parameter.
pub fn missing(errs: &Errors<'_>, name: &str) -> ApiError {
    errs.make(
        &format!("Missing{name}"),
        400,
        format!("{name} is mandatory for this action."),
    )
}

/// Checks the signing parameters of a request and its signature.
///
/// `pairs` are all request parameters as received (query and form body),
/// `raw` the same by name. `secret_of` looks an AccessKeyId up. On success
/// returns the AccessKeyId; the caller then checks the nonce (only a
/// correctly signed request may burn a nonce).
pub fn verify<'r>(
    errs: &Errors<'_>,
    method: &str,
    pairs: &[(String, String)],
    raw: &'r RawParams,
    now: OffsetDateTime,
    secret_of: impl Fn(&str) -> Option<String>,
) -> Result<&'r str, ApiError> {
    let get = |name: &str| raw.get(name).map(String::as_str).filter(|v| !v.is_empty());
    for name in REQUIRED_SIGNING_PARAMS {
        if get(name).is_none() {
            return Err(missing(errs, name));
        }
    }
    let (Some(key_id), Some(signature), Some(method_param), Some(version), Some(ts)) = (
        get("AccessKeyId"),
        get("Signature"),
        get("SignatureMethod"),
        get("SignatureVersion"),
        get("Timestamp"),
    ) else {
        // Presence was checked just above.
        return Err(errs.internal());
    };

    let expected_method = &errs.spec.service.signature.method;
    if method_param != expected_method {
        return Err(errs.make_detailed(
            "InvalidSignatureMethod",
            400,
            format!("Specified signature method {method_param:?} is not supported; use {expected_method}."),
        ));
    }
    let expected_version = &errs.spec.service.signature.version;
    if version != expected_version {
        return Err(errs.make_detailed(
            "UnsupportedSignatureVersion",
            400,
            format!(
                "Specified signature version {version:?} is not supported; use {expected_version}."
            ),
        ));
    }

    let Some(t) = timefmt::parse(ts) else {
        return Err(errs.make_detailed(
            "InvalidTimeStamp.Format",
            400,
            format!("Specified time stamp or date value is not well formatted: {ts:?}, expected YYYY-MM-DDThh:mm:ssZ in UTC."),
        ));
    };
    if (now - t).abs() > WINDOW {
        return Err(errs.make_detailed(
            "InvalidTimeStamp.Expired",
            400,
            format!(
                "Specified time stamp or date value is expired: {ts} is more than 15 minutes from the server time {}.",
                timefmt::format(now)
            ),
        ));
    }

    let Some(secret) = secret_of(key_id) else {
        return Err(errs.make(
            "InvalidAccessKeyId.NotFound",
            404,
            "Specified access key is not found.",
        ));
    };

    let unsigned: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let string_to_sign = signing::string_to_sign(method, &unsigned);
    let expected = signing::sign(&secret, &string_to_sign);
    if !constant_time_eq(expected.as_bytes(), signature.as_bytes()) {
        // Like the service: the message carries the server's StringToSign
        // (never the secret or the expected signature) to help debugging,
        // but with the SecurityToken's value masked: error messages end up
        // in clients' logs.
        let shown = match raw.get("SecurityToken").filter(|t| !t.is_empty()) {
            Some(token) => mask_token(&string_to_sign, token),
            None => string_to_sign,
        };
        return Err(errs.make_detailed(
            "SignatureDoesNotMatch",
            400,
            format!("Specified signature is not matched with our calculation. server string to sign is:{shown}"),
        ));
    }
    Ok(key_id)
}

/// Replaces the token in a StringToSign (where it is percent-encoded twice)
/// by `***`.
fn mask_token(string_to_sign: &str, token: &str) -> String {
    let once = signing::percent_encode(token);
    let twice = signing::percent_encode(&once);
    string_to_sign.replace(twice.as_ref(), "***")
}

/// Compares without an early exit, so timing does not reveal how much of a
/// guessed signature was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_window() {
        let mut s = NonceStore::default();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        assert!(s.check_and_insert("id", "n1", t0));
        assert!(!s.check_and_insert("id", "n1", t0 + Duration::minutes(14)));
        assert!(
            s.check_and_insert("other", "n1", t0),
            "nonces are per access key"
        );
        assert!(
            s.check_and_insert("id", "n1", t0 + Duration::minutes(16)),
            "forgotten after the window"
        );
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn mask_token_hides_the_twice_encoded_token() {
        let token = "CAIS+a/b==";
        let sts = signing::string_to_sign("GET", &[("SecurityToken", token), ("A", "1")]);
        let masked = mask_token(&sts, token);
        assert_eq!(masked, "GET&%2F&A%3D1%26SecurityToken%3D***");
    }

    #[test]
    fn sweeps_are_amortized_and_forget_only_expired_nonces() {
        let mut s = NonceStore::default();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let n = MIN_SWEEP * 3;
        for i in 0..n {
            assert!(s.check_and_insert("id", &i.to_string(), t0));
        }
        // All still inside the window: none forgotten, and the threshold
        // moved up instead of sweeping on every insert.
        assert_eq!(s.len(), n);
        assert!(s.sweep_at > MIN_SWEEP, "{}", s.sweep_at);
        assert!(!s.check_and_insert("id", "0", t0 + Duration::minutes(1)));
        // Once they expire, the next sweep drops them.
        let later = t0 + Duration::minutes(20);
        for i in 0..=s.sweep_at {
            s.check_and_insert("id", &format!("late{i}"), later);
        }
        assert!(s.seen.values().all(|t| *t == later), "expired nonces swept");
        assert!(
            s.check_and_insert("id", "1", later),
            "expired nonce usable again"
        );
    }

    #[test]
    fn constant_time_eq_works() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

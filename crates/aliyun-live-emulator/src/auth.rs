//! Request authentication as the service does it (reference 3.3 and 3.5):
//! common parameters, timestamp window, access key, HMAC-SHA1 signature,
//! and nonce replay protection.
//!
//! The StringToSign is computed with `aliyun_live_runtime::signing`, the
//! same code the SDK signs with, so both sides agree by construction; the
//! emulator's tests also check it against independently computed
//! signatures and the reference's worked example.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use aliyun_live_runtime::signing;
use time::{Duration, OffsetDateTime};

use crate::error::{ApiError, Errors};
use crate::params::RawParams;
use crate::timefmt;

/// How far a request's `Timestamp` may be from the server clock, and how
/// long a `SignatureNonce` stays used: 15 minutes, like the service.
pub const WINDOW: Duration = Duration::minutes(15);

/// Most nonces remembered at once (older ones are forgotten first): 1 Mi, about
/// 150 MiB at worst.
pub const MAX_NONCES: usize = 1 << 20;

/// Remembers `(AccessKeyId, SignatureNonce)` pairs seen within [`WINDOW`].
///
/// O(1) amortized per request, with a hard cap on memory: nonces are kept
/// in a hash map for lookup and in a queue in arrival order, so expired
/// ones are dropped from the front as requests come in (never a full
/// scan). At most `capacity` nonces are remembered (default
/// [`MAX_NONCES`]); beyond that the oldest are forgotten before their 15
/// minutes are up, so a replay of one of those would be accepted. That
/// takes a sustained ~1 160 requests/s (1 Mi in 15 minutes) and is the
/// price of bounded memory in a long-running emulator.
#[derive(Debug)]
pub struct NonceStore {
    /// Key (see [`nonce_key`]) → when it was recorded.
    seen: HashMap<Arc<str>, OffsetDateTime>,
    /// The same keys in arrival order. A key recorded again after it
    /// expired appears twice; the older entry no longer matches `seen`
    /// and is dropped without touching the map.
    order: VecDeque<(OffsetDateTime, Arc<str>)>,
    capacity: usize,
}

impl Default for NonceStore {
    fn default() -> Self {
        Self::with_capacity(MAX_NONCES)
    }
}

/// `(AccessKeyId, SignatureNonce)` as one unambiguous string: the id's
/// length first, so no choice of id and nonce can collide with another.
fn nonce_key(key_id: &str, nonce: &str) -> Arc<str> {
    Arc::from(format!("{}:{key_id}{nonce}", key_id.len()))
}

impl NonceStore {
    /// A store remembering at most `capacity` nonces (at least 1).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            seen: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Records the nonce; returns `false` if it was already used within the window.
    pub fn check_and_insert(&mut self, key_id: &str, nonce: &str, now: OffsetDateTime) -> bool {
        // Forget what expired, oldest first. Arrival order is time order
        // unless the clock moved back; entries behind a younger one then
        // wait their turn, and the lookup below still checks their age.
        while self.order.front().is_some_and(|(t, _)| now - *t >= WINDOW) {
            self.pop_oldest();
        }
        let key = nonce_key(key_id, nonce);
        if self.seen.get(&key).is_some_and(|t| now - *t < WINDOW) {
            return false;
        }
        self.seen.insert(Arc::clone(&key), now);
        self.order.push_back((now, key));
        while self.order.len() > self.capacity {
            self.pop_oldest();
        }
        true
    }

    /// Drops the oldest queue entry, and its map entry if it is current.
    fn pop_oldest(&mut self) {
        if let Some((t, key)) = self.order.pop_front() {
            if self.seen.get(&key) == Some(&t) {
                self.seen.remove(&key);
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
        assert_eq!(s.len(), 1, "both expired nonces dropped, the new one kept");
    }

    #[test]
    fn mask_token_hides_the_twice_encoded_token() {
        let token = "CAIS+a/b==";
        let sts = signing::string_to_sign("GET", &[("SecurityToken", token), ("A", "1")]);
        let masked = mask_token(&sts, token);
        assert_eq!(masked, "GET&%2F&A%3D1%26SecurityToken%3D***");
    }

    #[test]
    fn expired_nonces_leave_from_the_front_without_a_scan() {
        let mut s = NonceStore::default();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        let n = 10_000;
        for i in 0..n {
            assert!(s.check_and_insert("id", &i.to_string(), t0));
        }
        assert_eq!((s.len(), s.order.len()), (n, n));
        assert!(!s.check_and_insert("id", "0", t0 + Duration::minutes(1)));
        // Half of them a little later: only the first batch expires.
        let t1 = t0 + Duration::minutes(10);
        for i in 0..n / 2 {
            assert!(s.check_and_insert("id", &format!("b{i}"), t1));
        }
        let t2 = t0 + Duration::minutes(16);
        assert!(
            s.check_and_insert("id", "0", t2),
            "expired nonce usable again"
        );
        assert_eq!(s.len(), n / 2 + 1, "the first batch was forgotten");
        assert!(s.seen.values().all(|t| *t >= t1));
        assert!(!s.check_and_insert("id", "b7", t2), "live nonces are kept");
        let t3 = t1 + Duration::minutes(16);
        assert!(s.check_and_insert("id", "x", t3));
        assert_eq!(s.len(), 2, "only the nonces of t2 and t3 remain");
        assert_eq!(s.order.len(), 2);
    }

    #[test]
    fn a_clock_moving_back_neither_loses_nor_wrongly_keeps_nonces() {
        let mut s = NonceStore::default();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        assert!(s.check_and_insert("id", "young", t0 + Duration::minutes(5)));
        assert!(s.check_and_insert("id", "old", t0));
        // "old" expired but waits behind "young" in the queue; the lookup
        // still sees its age, so it may be used again, and is queued twice.
        let t1 = t0 + Duration::minutes(16);
        assert!(s.check_and_insert("id", "old", t1));
        assert_eq!(s.order.len(), 3);
        // Once "young" expires the stale "old" entry leaves the queue but
        // must not take the current "old" out of the map.
        let t2 = t0 + Duration::minutes(21);
        assert!(s.check_and_insert("id", "other", t2));
        assert!(
            !s.check_and_insert("id", "old", t2),
            "still inside its window"
        );
        assert_eq!(s.len(), 2);
        assert_eq!(s.order.len(), 2);
    }

    #[test]
    fn the_cap_bounds_memory_by_forgetting_the_oldest() {
        let mut s = NonceStore::with_capacity(100);
        let t0 = OffsetDateTime::UNIX_EPOCH;
        for i in 0..1000 {
            assert!(s.check_and_insert("id", &i.to_string(), t0));
            assert!(s.len() <= 100 && s.order.len() <= 100);
        }
        assert!(!s.check_and_insert("id", "999", t0), "recent nonces kept");
        assert!(!s.check_and_insert("id", "900", t0));
        assert!(
            s.check_and_insert("id", "0", t0),
            "the oldest were forgotten"
        );
        assert_eq!(s.len(), 100);
    }

    #[test]
    fn keys_of_different_ids_never_collide() {
        let mut s = NonceStore::default();
        let t0 = OffsetDateTime::UNIX_EPOCH;
        assert!(s.check_and_insert("ab", "c", t0));
        assert!(s.check_and_insert("a", "bc", t0));
        assert!(s.check_and_insert("1:a", "bc", t0));
        assert!(!s.check_and_insert("a", "bc", t0));
    }

    #[test]
    fn constant_time_eq_works() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

//! Faults on demand (for testing clients' retries and error handling) and
//! the request log.

use std::collections::VecDeque;
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 503 with code `Throttling`.
    Throttling,
    /// HTTP 500 with code `InternalError`.
    InternalError,
    /// Waits `delay_ms`, then answers normally.
    Delay,
    /// Closes the connection without sending any response.
    DropConnection,
    /// Sends the response head and part of the body, then closes the connection.
    TruncatedBody,
    /// Answers HTTP 200 with a body that is not JSON.
    NonJsonBody,
}

impl FaultKind {
    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Throttling => "throttling",
            FaultKind::InternalError => "internal_error",
            FaultKind::Delay => "delay",
            FaultKind::DropConnection => "drop_connection",
            FaultKind::TruncatedBody => "truncated_body",
            FaultKind::NonJsonBody => "non_json_body",
        }
    }
}

impl FromStr for FaultKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [
            FaultKind::Throttling,
            FaultKind::InternalError,
            FaultKind::Delay,
            FaultKind::DropConnection,
            FaultKind::TruncatedBody,
            FaultKind::NonJsonBody,
        ]
        .into_iter()
        .find(|k| k.name() == s)
        .ok_or_else(|| {
            format!(
                "unknown fault kind {s:?} (expected throttling, internal_error, delay, drop_connection, truncated_body or non_json_body)"
            )
        })
    }
}

/// One fault rule: which requests it hits and what happens to them.
///
/// Matching requests are counted from 1. With `every = K` the rule hits
/// requests K, 2K, 3K, ...; otherwise every matching request. It stops after
/// `count` hits; `count` absent means once without `every` and unlimited
/// with `every`. Admin requests (`/_emulator/...`) are never faulted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRule {
    /// What happens to the requests hit.
    pub kind: FaultKind,
    /// How many requests to hit before the rule is removed (see above for
    /// the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Hit only every K-th matching request (K ≥ 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<u64>,
    /// For `delay`: how long (default 1000 ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Only requests for this action (by `Action=`); all if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

impl FaultRule {
    /// A rule hitting the next request once.
    pub fn once(kind: FaultKind) -> Self {
        FaultRule {
            kind,
            count: Some(1),
            every: None,
            delay_ms: None,
            action: None,
        }
    }

    /// A rule hitting the next `n` requests.
    pub fn times(kind: FaultKind, n: u64) -> Self {
        FaultRule {
            count: Some(n),
            ..FaultRule::once(kind)
        }
    }

    /// Checks the numbers make sense (`every` ≥ 1).
    pub fn validate(&self) -> Result<(), String> {
        if self.every == Some(0) {
            return Err("every must be at least 1".into());
        }
        Ok(())
    }
}

impl FromStr for FaultRule {
    type Err = String;

    /// Parses the CLI form `kind[:key=value,...]`, e.g.
    /// `throttling:count=2`, `delay:delay_ms=500,every=3`, `internal_error:action=AddLiveDomain`.
    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, opts) = s.split_once(':').unwrap_or((s, ""));
        let mut rule = FaultRule {
            count: None,
            ..FaultRule::once(kind.trim().parse()?)
        };
        for opt in opts.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            let (k, v) = opt
                .split_once('=')
                .ok_or_else(|| format!("fault option {opt:?} is not key=value"))?;
            let num = || {
                v.parse::<u64>()
                    .map_err(|_| format!("fault option {k}: {v:?} is not a non-negative integer"))
            };
            match k {
                "count" => rule.count = Some(num()?),
                "every" => rule.every = Some(num()?),
                "delay_ms" => rule.delay_ms = Some(num()?),
                "action" => rule.action = Some(v.to_owned()),
                other => {
                    return Err(format!(
                        "unknown fault option {other:?} (expected count, every, delay_ms, action)"
                    ));
                }
            }
        }
        rule.validate()?;
        Ok(rule)
    }
}

#[derive(Debug)]
struct ActiveRule {
    rule: FaultRule,
    seen: u64,
    hits: u64,
}

/// A decided fault for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault {
    /// What to do to the request.
    pub kind: FaultKind,
    /// For [`FaultKind::Delay`]: how long to wait before answering.
    pub delay_ms: u64,
}

/// Handle to the emulator's fault rules; cheap to clone, shared with the server.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<ActiveRule>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock cannot leave these simple collections
    // inconsistent, so a poisoned lock is still usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Faults {
    /// Adds a rule (after the existing ones; the first rule that hits wins).
    pub fn add(&self, rule: FaultRule) -> Result<(), String> {
        rule.validate()?;
        lock(&self.rules).push(ActiveRule {
            rule,
            seen: 0,
            hits: 0,
        });
        Ok(())
    }

    /// Removes every rule.
    pub fn clear(&self) {
        lock(&self.rules).clear();
    }

    /// The rules still active.
    pub fn list(&self) -> Vec<FaultRule> {
        lock(&self.rules).iter().map(|r| r.rule.clone()).collect()
    }

    /// Decides the fault for one request to `action` (if known), advancing
    /// the counters of the rules that match it. Exhausted rules are removed.
    pub fn next(&self, action: Option<&str>) -> Option<Fault> {
        let mut rules = lock(&self.rules);
        let mut fault = None;
        for r in rules.iter_mut() {
            if r.rule.action.as_deref().is_some_and(|a| Some(a) != action) {
                continue;
            }
            r.seen += 1;
            let hits_now = r.rule.every.is_none_or(|k| r.seen % k == 0);
            if hits_now && fault.is_none() {
                r.hits += 1;
                fault = Some(Fault {
                    kind: r.rule.kind,
                    delay_ms: r.rule.delay_ms.unwrap_or(1000),
                });
            }
        }
        rules.retain(|r| {
            let limit = r.rule.count.or(if r.rule.every.is_some() {
                None
            } else {
                Some(1)
            });
            limit.is_none_or(|n| r.hits < n)
        });
        fault
    }
}

/// One request as the emulator saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RequestRecord {
    /// `GET` or `POST`.
    pub method: String,
    /// The `Action` parameter, if any.
    pub action: Option<String>,
    /// The `SignatureNonce` parameter, if any.
    pub nonce: Option<String>,
    /// The `AccessKeyId` parameter, if any (never the secret).
    pub access_key_id: Option<String>,
    /// HTTP status answered (0 while in progress, or when no answer was sent).
    pub status: u16,
    /// Error code answered, if any.
    pub code: Option<String>,
    /// The fault applied, if any.
    pub fault: Option<FaultKind>,
}

/// Default number of requests the log keeps (see [`RequestLog`]).
pub const REQUEST_LOG_CAPACITY: usize = 10_000;

/// Handle to the log of API requests (admin requests are not logged).
///
/// A ring buffer: it keeps the most recent `capacity` requests (default
/// [`REQUEST_LOG_CAPACITY`], set with
/// [`EmulatorBuilder::request_log_capacity`](crate::EmulatorBuilder::request_log_capacity))
/// and forgets older ones, so a long-running emulator does not grow without
/// bound. Capacity 0 records nothing. Each push and outcome is O(1).
#[derive(Debug, Clone)]
pub struct RequestLog {
    inner: Arc<Mutex<LogInner>>,
}

impl Default for RequestLog {
    fn default() -> Self {
        Self::with_capacity(REQUEST_LOG_CAPACITY)
    }
}

#[derive(Debug)]
struct LogInner {
    capacity: usize,
    next_id: u64,
    /// Requests forgotten to stay within `capacity` (not counting clears).
    evicted: u64,
    /// (id, record), ids consecutive from the front: a record's position
    /// follows from its id. Ids survive [`RequestLog::clear`], so a late
    /// outcome never lands on a different request.
    records: VecDeque<(u64, RequestRecord)>,
}

impl RequestLog {
    /// A log keeping the last `capacity` requests (0: records nothing).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(LogInner {
                capacity,
                next_id: 0,
                evicted: 0,
                // Grows as requests come; never beyond the capacity.
                records: VecDeque::new(),
            })),
        }
    }

    /// Appends a record (dropping the oldest at capacity); returns its id
    /// for [`RequestLog::set_outcome`].
    pub(crate) fn push(&self, r: RequestRecord) -> u64 {
        let mut log = lock(&self.inner);
        let id = log.next_id;
        log.next_id += 1;
        if log.capacity == 0 {
            log.evicted += 1;
            return id;
        }
        if log.records.len() >= log.capacity {
            log.records.pop_front();
            log.evicted += 1;
        }
        log.records.push_back((id, r));
        id
    }

    /// Fills in how a logged request was answered (a no-op if it was
    /// cleared or already forgotten).
    pub(crate) fn set_outcome(&self, id: u64, status: u16, code: Option<String>) {
        let mut log = lock(&self.inner);
        let Some(&(first, _)) = log.records.front() else {
            return;
        };
        let Some(at) = id.checked_sub(first).and_then(|i| usize::try_from(i).ok()) else {
            return;
        };
        if let Some((i, r)) = log.records.get_mut(at) {
            debug_assert_eq!(*i, id, "ids are consecutive");
            r.status = status;
            r.code = code;
        }
    }

    /// The requests kept (the last `capacity`), oldest first.
    pub fn records(&self) -> Vec<RequestRecord> {
        lock(&self.inner)
            .records
            .iter()
            .map(|(_, r)| r.clone())
            .collect()
    }

    /// Number of requests kept.
    pub fn len(&self) -> usize {
        lock(&self.inner).records.len()
    }

    /// Whether no request is kept.
    pub fn is_empty(&self) -> bool {
        lock(&self.inner).records.is_empty()
    }

    /// The most requests kept at once.
    pub fn capacity(&self) -> usize {
        lock(&self.inner).capacity
    }

    /// How many requests were forgotten to stay within the capacity.
    pub fn evicted(&self) -> u64 {
        lock(&self.inner).evicted
    }

    /// Forgets all records.
    pub fn clear(&self) {
        lock(&self.inner).records.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_cli_rules() {
        let r: FaultRule = "throttling:count=2".parse().expect("valid");
        assert_eq!(r.kind, FaultKind::Throttling);
        assert_eq!(r.count, Some(2));
        let r: FaultRule = "delay:delay_ms=50,every=3,action=AddLiveDomain"
            .parse()
            .expect("valid");
        assert_eq!(
            (r.delay_ms, r.every, r.action.as_deref()),
            (Some(50), Some(3), Some("AddLiveDomain"))
        );
        assert!("nope".parse::<FaultRule>().is_err());
        assert!("delay:every=0".parse::<FaultRule>().is_err());
        assert!("delay:colour=red".parse::<FaultRule>().is_err());
        assert!("delay:count=x".parse::<FaultRule>().is_err());
    }

    #[test]
    fn count_and_every() {
        let f = Faults::default();
        f.add(FaultRule::times(FaultKind::Throttling, 2))
            .expect("valid");
        assert_eq!(f.next(None).map(|x| x.kind), Some(FaultKind::Throttling));
        assert_eq!(f.next(None).map(|x| x.kind), Some(FaultKind::Throttling));
        assert_eq!(f.next(None), None);
        assert!(f.list().is_empty(), "exhausted rules are removed");

        f.add(FaultRule {
            every: Some(3),
            count: None,
            ..FaultRule::once(FaultKind::InternalError)
        })
        .expect("valid");
        let hits: Vec<bool> = (0..9).map(|_| f.next(None).is_some()).collect();
        assert_eq!(
            hits,
            [false, false, true, false, false, true, false, false, true]
        );

        f.clear();
        f.add(FaultRule {
            action: Some("A".into()),
            ..FaultRule::once(FaultKind::NonJsonBody)
        })
        .expect("valid");
        assert_eq!(f.next(Some("B")), None);
        assert_eq!(
            f.next(Some("A")).map(|x| x.kind),
            Some(FaultKind::NonJsonBody)
        );
        assert_eq!(f.next(Some("A")), None);
    }

    fn record(n: usize) -> RequestRecord {
        RequestRecord {
            method: "GET".into(),
            action: Some(format!("A{n}")),
            nonce: None,
            access_key_id: None,
            status: 0,
            code: None,
            fault: None,
        }
    }

    #[test]
    fn the_log_keeps_the_last_capacity_requests() {
        let log = RequestLog::with_capacity(3);
        let ids: Vec<u64> = (0..5).map(|n| log.push(record(n))).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        let actions: Vec<_> = log.records().into_iter().map(|r| r.action).collect();
        assert_eq!(
            actions,
            [Some("A2".into()), Some("A3".into()), Some("A4".into())]
        );
        assert_eq!((log.len(), log.capacity(), log.evicted()), (3, 3, 2));
        // Outcomes land on their own request, or nowhere once it is gone.
        log.set_outcome(3, 200, None);
        log.set_outcome(0, 500, Some("Gone".into()));
        log.set_outcome(99, 500, Some("Future".into()));
        let statuses: Vec<u16> = log.records().iter().map(|r| r.status).collect();
        assert_eq!(statuses, [0, 200, 0]);
        // After a clear, ids go on and late outcomes of cleared requests are dropped.
        log.clear();
        assert!(log.is_empty());
        let id = log.push(record(5));
        assert_eq!(id, 5);
        log.set_outcome(4, 503, Some("Late".into()));
        log.set_outcome(5, 400, Some("Own".into()));
        let r = log.records();
        assert_eq!(
            (r.len(), r[0].status, r[0].code.as_deref()),
            (1, 400, Some("Own"))
        );
    }

    #[test]
    fn a_log_of_capacity_zero_records_nothing() {
        let log = RequestLog::with_capacity(0);
        for n in 0..10 {
            let id = log.push(record(n));
            log.set_outcome(id, 200, None);
        }
        assert!(log.is_empty());
        assert_eq!(log.evicted(), 10);
    }

    #[test]
    fn the_default_log_is_bounded() {
        let log = RequestLog::default();
        for n in 0..REQUEST_LOG_CAPACITY + 10 {
            log.push(record(n));
        }
        assert_eq!(log.len(), REQUEST_LOG_CAPACITY);
        assert_eq!(log.records()[0].action.as_deref(), Some("A10"));
    }
}

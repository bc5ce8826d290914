//! Retry policy: bounded attempts, exponential backoff with full jitter.

use std::time::Duration;

/// How [`Client`](crate::Client) retries failed attempts.
///
/// Only errors for which [`Error::is_retryable`](crate::Error::is_retryable)
/// is true are retried (throttling, `ServiceUnavailable`, internal errors and
/// other 5xx, connection errors and per-attempt timeouts). Before attempt
/// `n + 1` the client sleeps a random duration in
/// `[0, min(max_delay, base_delay * 2^(n-1))]` ("full jitter"), and never past
/// the overall deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Total number of attempts, including the first (values below 1 act as 1).
    pub max_attempts: u32,
    /// Backoff cap before the second attempt; doubles for each further attempt.
    pub base_delay: Duration,
    /// Upper bound of any single backoff.
    pub max_delay: Duration,
}

impl Default for RetryConfig {
    /// 3 attempts, 100 ms base, 5 s cap.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl RetryConfig {
    /// No retries: a single attempt.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Number of attempts to make (at least 1).
    pub fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }

    /// The backoff cap after failed attempt number `attempt` (1-based).
    pub fn backoff_cap(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(31);
        self.base_delay
            .checked_mul(1u32 << exp)
            .unwrap_or(self.max_delay)
            .min(self.max_delay)
    }

    /// A random backoff in `[0, backoff_cap(attempt)]` (full jitter).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let cap = self.backoff_cap(attempt);
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let r = RetryConfig {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
        };
        assert_eq!(r.backoff_cap(1), Duration::from_millis(100));
        assert_eq!(r.backoff_cap(2), Duration::from_millis(200));
        assert_eq!(r.backoff_cap(3), Duration::from_millis(350));
        assert_eq!(r.backoff_cap(100), Duration::from_millis(350));
        for n in 1..10 {
            assert!(r.backoff(n) <= r.backoff_cap(n));
        }
        assert_eq!(RetryConfig::disabled().attempts(), 1);
        assert_eq!(
            RetryConfig {
                max_attempts: 0,
                ..r
            }
            .attempts(),
            1
        );
        assert_eq!(RetryConfig::default().attempts(), 3);
    }
}

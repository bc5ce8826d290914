//! Round trips over HTTP/1.1 keep-alive to a running emulator
//! (`DescribeLiveRecordNotifyConfig`, a cheap action).
//!
//! `sdk`: the generated client, `send().await` per call (build, validate,
//! sign, send, read, decode). `raw`: a plain `reqwest::Client` sending
//! GETs signed beforehand (the emulator refuses a nonce twice, so each call
//! gets its own pre-built URL) and reading the body: the transport limit.
//!
//! One measurement per run: N tasks call in a loop until the time is up (or
//! `--max-calls` calls were started); calls/s = completed calls / elapsed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aliyun_live::runtime::credentials::Credentials;
use aliyun_live::runtime::{HttpMethod, Params};
use serde_json::json;

/// Options of `http`.
#[derive(clap::Args)]
pub struct Args {
    /// Base URL of the emulator (`http://127.0.0.1:PORT`).
    #[arg(long)]
    endpoint: String,
    /// `sdk` or `raw`.
    #[arg(long = "impl", value_parser = ["sdk", "raw"])]
    which: String,
    /// Concurrent tasks.
    #[arg(long, default_value_t = 1)]
    concurrency: usize,
    /// Length of the measurement, seconds.
    #[arg(long, default_value_t = 2.0)]
    secs: f64,
    /// Stop after this many calls even if time is left (0: no limit).
    #[arg(long, default_value_t = 0)]
    max_calls: usize,
    /// Untimed calls first (connections, caches).
    #[arg(long, default_value_t = 100)]
    warmup: usize,
}

const ACTION: &str = "DescribeLiveRecordNotifyConfig";

enum Caller {
    Sdk(aliyun_live::Client),
    Raw {
        http: reqwest::Client,
        urls: Vec<String>,
        next: AtomicUsize,
    },
}

impl Caller {
    /// One call; `Ok(false)` when the raw pool of URLs is used up.
    async fn call(&self) -> Result<bool, String> {
        match self {
            Caller::Sdk(client) => {
                let out = client
                    .describe_live_record_notify_config()
                    .domain_name(crate::DOMAIN)
                    .send()
                    .await
                    .map_err(|e| format!("SDK call failed: {e}"))?;
                if out.live_record_notify_config.is_none() {
                    return Err("SDK call: response without LiveRecordNotifyConfig".into());
                }
                Ok(true)
            }
            Caller::Raw { http, urls, next } => {
                let Some(url) = urls.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    return Ok(false);
                };
                let resp = http
                    .get(url.as_str())
                    .send()
                    .await
                    .map_err(|e| format!("raw GET failed: {}", e.without_url()))?;
                let status = resp.status();
                let body = resp
                    .bytes()
                    .await
                    .map_err(|e| format!("raw GET body: {}", e.without_url()))?;
                if !status.is_success() {
                    return Err(format!(
                        "raw GET: HTTP {status}: {}",
                        String::from_utf8_lossy(&body[..body.len().min(300)])
                    ));
                }
                Ok(true)
            }
        }
    }
}

/// `n` GET URLs signed by the SDK's own `Client::prepare` (each with its
/// own nonce), before the clock starts.
fn raw_urls(endpoint: &str, n: usize) -> Result<Vec<String>, String> {
    let mut params = Params::new();
    params.push("DomainName", crate::DOMAIN);
    let client = crate::sdk_client(endpoint)?;
    let creds = Credentials::new(crate::KEY_ID, crate::KEY_SECRET, None);
    (0..n)
        .map(|_| {
            client
                .runtime()
                .prepare(ACTION, &params, HttpMethod::Get, &creds)
                .map(|p| p.into_text())
                .map_err(|e| format!("cannot sign the raw requests: {e}"))
        })
        .collect()
}

/// Runs one measurement and prints its line.
pub fn run(args: &Args) -> Result<(), String> {
    let concurrency = args.concurrency.max(1);
    let secs = args.secs.max(0.01);
    // Sequential calls run on a single-threaded runtime: with one call in
    // flight, a second worker only adds cross-thread wake-ups (and made
    // the sequential numbers bimodal on the 2-core machine).
    let rt = if concurrency == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the tokio runtime: {e}"))?
    } else {
        crate::runtime()?
    };
    let caller = if args.which == "sdk" {
        Caller::Sdk(crate::sdk_client(&args.endpoint)?)
    } else {
        // Enough URLs for the whole run: the cap, or a generous rate bound.
        let n = if args.max_calls > 0 {
            args.max_calls
        } else {
            (secs * 80_000.0).ceil() as usize
        } + args.warmup
            + concurrency;
        Caller::Raw {
            http: reqwest::Client::builder()
                .user_agent("aliyun-live-bench/raw")
                .connect_timeout(Duration::from_secs(5))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("reqwest client: {e}"))?,
            urls: raw_urls(&args.endpoint, n)?,
            next: AtomicUsize::new(0),
        }
    };
    let caller = Arc::new(caller);
    rt.block_on(async {
        for _ in 0..args.warmup {
            caller.call().await?;
        }
        let started = Arc::new(AtomicUsize::new(0));
        let limit = if args.max_calls == 0 {
            usize::MAX
        } else {
            args.max_calls
        };
        let t0 = Instant::now();
        let deadline = t0 + Duration::from_secs_f64(secs);
        let tasks: Vec<_> = (0..concurrency)
            .map(|_| {
                let caller = Arc::clone(&caller);
                let started = Arc::clone(&started);
                tokio::spawn(async move {
                    let mut done = 0usize;
                    while Instant::now() < deadline
                        && started.fetch_add(1, Ordering::Relaxed) < limit
                    {
                        if !caller.call().await? {
                            break;
                        }
                        done += 1;
                    }
                    Ok::<usize, String>(done)
                })
            })
            .collect();
        let mut calls = 0usize;
        let mut first_error = None;
        for t in tasks {
            match t.await {
                Ok(Ok(n)) => calls += n,
                Ok(Err(e)) => {
                    first_error.get_or_insert(e);
                }
                Err(e) => {
                    first_error.get_or_insert(format!("task failed: {e}"));
                }
            }
        }
        let elapsed = t0.elapsed().as_secs_f64();
        if let Some(e) = first_error {
            return Err(e);
        }
        crate::emit(json!({
            "kind": "http",
            "impl": args.which,
            "concurrency": concurrency,
            "calls": calls,
            "secs": elapsed,
            "calls_per_sec": calls as f64 / elapsed,
            "action": ACTION,
        }));
        Ok(())
    })
}

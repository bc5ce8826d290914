//! Memory: resident set size over many sequential calls in one process.
//!
//! Reads `VmRSS` and `VmHWM` from `/proc/self/status` after a warm-up, at a
//! checkpoint (10k calls by default) and at the end (100k calls). Growth
//! between the checkpoint and the end is what a leak would show.

use std::time::Instant;

use serde_json::json;

/// Options of `memory`.
#[derive(clap::Args)]
pub struct Args {
    /// Emulator base URL; without it the no-network path is measured.
    #[arg(long)]
    endpoint: Option<String>,
    /// Total calls.
    #[arg(long, default_value_t = 100_000)]
    calls: usize,
    /// Call count at which the first reading is taken.
    #[arg(long, default_value_t = 10_000)]
    checkpoint: usize,
}

/// `(VmRSS, VmHWM)` in KiB.
fn rss_kib() -> Result<(u64, u64), String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| {
                rest.trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .ok_or_else(|| format!("no {name} in /proc/self/status"))
    };
    Ok((field("VmRSS:")?, field("VmHWM:")?))
}

/// Runs the measurement and prints its line.
pub fn run(args: &Args) -> Result<(), String> {
    let calls = args.calls.max(1);
    let checkpoint = args.checkpoint.clamp(1, calls);
    let warmup = 100.min(checkpoint);
    let mut readings = Vec::with_capacity(3);
    let t0 = Instant::now();
    let path = match &args.endpoint {
        Some(endpoint) => {
            let rt = crate::runtime()?;
            let client = crate::sdk_client(endpoint)?;
            rt.block_on(async {
                for i in 1..=calls {
                    let out = client
                        .describe_live_record_notify_config()
                        .domain_name(crate::DOMAIN)
                        .send()
                        .await
                        .map_err(|e| format!("call {i} failed: {e}"))?;
                    std::hint::black_box(out);
                    if i == warmup || i == checkpoint || i == calls {
                        readings.push((i, rss_kib()?));
                    }
                }
                Ok::<(), String>(())
            })?;
            "http"
        }
        None => {
            let mut call = crate::overhead::sdk_path()?;
            for i in 1..=calls {
                std::hint::black_box(call()?);
                if i == warmup || i == checkpoint || i == calls {
                    readings.push((i, rss_kib()?));
                }
            }
            "no-network"
        }
    };
    let secs = t0.elapsed().as_secs_f64();
    let at = |n: usize| {
        readings
            .iter()
            .rev()
            .find(|(i, _)| *i == n)
            .map(|(_, r)| *r)
            .unwrap_or_default()
    };
    let (rss_warm, _) = at(warmup);
    let (rss_check, _) = at(checkpoint);
    let (rss_end, hwm_end) = at(calls);
    crate::emit(json!({
        "kind": "memory",
        "path": path,
        "calls": calls,
        "checkpoint": checkpoint,
        "rss_warm_kib": rss_warm,
        "rss_checkpoint_kib": rss_check,
        "rss_end_kib": rss_end,
        "hwm_kib": hwm_end,
        "growth_kib": rss_end as i64 - rss_check as i64,
        "secs": secs,
    }));
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_own_rss() {
        let (rss, hwm) = super::rss_kib().unwrap();
        assert!(rss > 0 && hwm >= rss);
    }
}

//! `aliyun-live-emulator`: serves the emulated Live API until killed.
//!
//! ```text
//! aliyun-live-emulator --listen 127.0.0.1:8080 \
//!     --access-key-id testid --access-key-secret testsecret \
//!     --fault throttling:count=2
//! ```
//!
//! The first line on stdout is `listening on http://HOST:PORT` (useful with
//! `--listen 127.0.0.1:0`). SIGTERM or Ctrl-C stops it cleanly.

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;

use aliyun_live_emulator::{Emulator, FaultRule, timefmt};
use clap::Parser;

/// Local emulator of the Alibaba Cloud Live API (2016-11-01).
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// An accepted AccessKeyId (repeatable, paired in order with
    /// --access-key-secret). Default when none is given: testid.
    #[arg(long = "access-key-id")]
    access_key_ids: Vec<String>,
    /// The secret of the AccessKeyId at the same position. Default when
    /// none is given: testsecret.
    #[arg(long = "access-key-secret")]
    access_key_secrets: Vec<String>,
    /// A fault rule, `kind[:key=value,...]` (repeatable): kinds throttling,
    /// internal_error, delay, drop_connection, truncated_body, non_json_body;
    /// keys count, every, delay_ms, action. E.g. `throttling:count=2`.
    #[arg(long = "fault", value_parser = parse_fault)]
    faults: Vec<FaultRule>,
    /// Freeze the server clock at this UTC time (YYYY-MM-DDThh:mm:ssZ), e.g.
    /// to replay requests signed long ago.
    #[arg(long, value_parser = parse_time)]
    fixed_time: Option<time::OffsetDateTime>,
}

fn parse_fault(s: &str) -> Result<FaultRule, String> {
    s.parse()
}

fn parse_time(s: &str) -> Result<time::OffsetDateTime, String> {
    timefmt::parse(s).ok_or_else(|| format!("{s:?} is not YYYY-MM-DDThh:mm:ssZ"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.access_key_ids.len() != args.access_key_secrets.len() {
        eprintln!(
            "error: got {} --access-key-id but {} --access-key-secret; give them in pairs",
            args.access_key_ids.len(),
            args.access_key_secrets.len()
        );
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let mut builder = Emulator::builder().listen(args.listen);
    if args.access_key_ids.is_empty() {
        builder = builder.credential("testid", "testsecret");
    }
    for (id, secret) in args.access_key_ids.into_iter().zip(args.access_key_secrets) {
        builder = builder.credential(id, secret);
    }
    for f in args.faults {
        builder = builder.fault(f);
    }
    if let Some(t) = args.fixed_time {
        builder = builder.fixed_time(t);
    }
    let emu = match builder.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "listening on {}", emu.endpoint())
        .and_then(|()| out.flush())
        .is_err()
    {
        // Nobody reads stdout; keep serving anyway.
    }
    drop(out);
    wait_for_signal().await;
    emu.shutdown().await;
    ExitCode::SUCCESS
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

//! Benchmarks of the aliyun-live SDK, driven by `cargo xtask bench`.
//!
//! Each subcommand measures one thing and prints its results as JSON lines
//! on stdout (one object per measurement, with a `"kind"` field); xtask
//! collects them, runs the Python peers, and renders `BENCHMARKS.md`.
//!
//! - `overhead`: per-call cost without network (SDK path vs bare limit).
//! - `serve`: runs the emulator on 127.0.0.1 in this process, with the state
//!   the HTTP benchmarks need, until stdin closes.
//! - `http`: round trips to a running emulator (SDK client vs raw reqwest).
//! - `memory`: RSS over 100k sequential calls.
//! - `gen`: generator time and size of the generated code.
//!
//! Every subcommand exits non-zero if a call fails: timing never fails a run.

mod gen_time;
mod http;
mod memory;
mod overhead;
mod serve;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Access key pair the emulator accepts and every client uses. Not a secret:
/// it only exists inside the benchmark's own emulator on 127.0.0.1.
pub const KEY_ID: &str = "bench-key-id";
/// See [`KEY_ID`].
pub const KEY_SECRET: &str = "bench-key-secret";
/// Region sent by every client.
pub const REGION: &str = "cn-shanghai";
/// Live domain the `serve` subcommand creates (with a notify configuration).
pub const DOMAIN: &str = "bench.example.com";

/// A realistic `DescribeLiveStreamRecordIndexFiles` response: three index
/// files, shaped like the reference's example (about 1.3 KB). Shared with the
/// Python peer.
pub const INDEX_FILES_BODY: &str =
    include_str!("../data/describe_live_stream_record_index_files.json");

#[derive(Parser)]
#[command(
    name = "aliyun-live-bench",
    about = "aliyun-live benchmarks (JSON lines on stdout)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Per-call overhead without network: SDK path vs bare limit.
    Overhead(overhead::Args),
    /// Run the emulator on 127.0.0.1 until stdin closes; prints its endpoint.
    Serve,
    /// Round trips over HTTP to a running emulator.
    Http(http::Args),
    /// RSS over many sequential calls.
    Memory(memory::Args),
    /// Generator time and generated code size.
    Gen(gen_time::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Overhead(a) => overhead::run(&a),
        Command::Serve => serve::run(),
        Command::Http(a) => http::run(&a),
        Command::Memory(a) => memory::run(&a),
        Command::Gen(a) => gen_time::run(&a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("aliyun-live-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints one result line.
pub fn emit(v: serde_json::Value) {
    println!("{v}");
}

/// Median of `xs` (sorts in place); 0 for an empty slice.
pub fn median(xs: &mut [f64]) -> f64 {
    if xs.is_empty() {
        return 0.0;
    }
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// A tokio runtime with the default number of worker threads (one per core).
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the tokio runtime: {e}"))
}

/// An SDK client for `endpoint`, signing with the benchmark's key pair.
pub fn sdk_client(endpoint: &str) -> Result<aliyun_live::Client, String> {
    use aliyun_live::runtime::credentials::StaticCredentials;
    aliyun_live::Client::builder()
        .endpoint(endpoint)
        .region_id(REGION)
        .credentials(StaticCredentials::new(KEY_ID, KEY_SECRET))
        .build()
        .map_err(|e| format!("cannot build the SDK client: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&mut []), 0.0);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn body_is_the_documented_shape() {
        let v: serde_json::Value = serde_json::from_str(INDEX_FILES_BODY).unwrap();
        let list = v["RecordIndexInfoList"]["RecordIndexInfo"]
            .as_array()
            .unwrap();
        assert_eq!(list.len(), 3);
        assert!(
            list.iter()
                .all(|e| e["Duration"].is_f64() && e["RecordId"].is_string())
        );
        assert!((900..2000).contains(&INDEX_FILES_BODY.len()));
    }
}

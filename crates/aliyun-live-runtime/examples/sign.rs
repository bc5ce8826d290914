//! Signature debugging tool.
//!
//! Reads JSON lines from stdin, each
//! `{"method": "GET", "access_key_secret": "...", "params": {"Name": "value", ...}}`,
//! and writes one JSON line per input:
//! `{"string_to_sign": "...", "signature": "..."}` or `{"error": "..."}`.
//!
//! ```text
//! echo '{"method":"GET","access_key_secret":"testsecret","params":{"Action":"X"}}' \
//!   | cargo run -q -p aliyun-live-runtime --example sign
//! ```

use std::io::{BufRead, Write};

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lines() {
        let line = line?;
        // Blank lines are skipped rather than reported, so trailing newlines are harmless.
        if line.trim().is_empty() {
            continue;
        }
        writeln!(
            stdout,
            "{}",
            aliyun_live_runtime::signing::debug_line(&line)
        )?;
        stdout.flush()?;
    }
    Ok(())
}

//! `serve`: the emulator on 127.0.0.1, in its own process so its memory and
//! threads are not counted against the clients being measured.
//!
//! Creates the live domain [`DOMAIN`](crate::DOMAIN) with a recording
//! notify configuration (so `DescribeLiveRecordNotifyConfig` succeeds),
//! prints `{"kind":"serve","endpoint":...,"domain":...}` and serves until
//! stdin is closed.

use aliyun_live_emulator::Emulator;
use tokio::io::AsyncReadExt as _;

/// Runs the emulator until stdin reaches end of file.
pub fn run() -> Result<(), String> {
    let rt = crate::runtime()?;
    rt.block_on(async {
        let emu = Emulator::builder()
            .credential(crate::KEY_ID, crate::KEY_SECRET)
            // Nobody reads the log here: spare the shared cores its work.
            .request_log_capacity(0)
            .start()
            .await
            .map_err(|e| format!("cannot start the emulator: {e}"))?;
        let endpoint = emu.endpoint();
        setup(&endpoint).await?;
        crate::emit(serde_json::json!({
            "kind": "serve",
            "endpoint": endpoint,
            "domain": crate::DOMAIN,
        }));
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 256];
        // Any read error counts as the parent having gone away.
        while let Ok(n) = stdin.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
        emu.shutdown().await;
        Ok(())
    })
}

/// The state the HTTP benchmarks rely on.
async fn setup(endpoint: &str) -> Result<(), String> {
    let client = crate::sdk_client(endpoint)?;
    client
        .add_live_domain()
        .domain_name(crate::DOMAIN)
        .live_domain_type("liveVideo")
        .region(crate::REGION)
        .send()
        .await
        .map_err(|e| format!("setup AddLiveDomain: {e}"))?;
    client
        .add_live_record_notify_config()
        .domain_name(crate::DOMAIN)
        .notify_url("http://127.0.0.1:9/record-callback")
        .send()
        .await
        .map_err(|e| format!("setup AddLiveRecordNotifyConfig: {e}"))?;
    Ok(())
}

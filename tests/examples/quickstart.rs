//! Quickstart: add a live domain, configure recording, list the configs,
//! start and stop a manual recording, read bandwidth data.
//!
//! ```text
//! cargo run -p aliyun-live-e2e --example quickstart
//! ```
//!
//! By default it starts a local emulator of the API on 127.0.0.1 and talks
//! to it, so it runs anywhere without an account. To run it against the
//! real service, set `ALIYUN_LIVE_ENDPOINT=live.aliyuncs.com` and the
//! credentials (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`); note that it then creates real
//! resources (set `QUICKSTART_DOMAIN` to a domain you own).

use std::pin::pin;

use aliyun_live::Client;
use aliyun_live::Timestamp;
use aliyun_live::types::RecordFormat;
use futures_util::TryStreamExt;

/// What the quickstart did, for printing (and for the test that runs it).
#[derive(Debug)]
pub struct Summary {
    /// App names of the recording configs, as listed by the paginator.
    pub apps: Vec<String>,
    /// Number of 5-minute bandwidth points of the last hour.
    pub bandwidth_points: usize,
}

/// The quickstart proper: works with any client.
pub async fn run(client: &Client, domain: &str) -> Result<Summary, aliyun_live::Error> {
    // 1. A play (streaming) domain.
    client
        .add_live_domain()
        .domain_name(domain)
        .live_domain_type("liveVideo")
        .region("cn-shanghai")
        .send()
        .await?;

    // 2. Record every stream of two apps to OSS, as HLS in 30-minute files.
    for app in ["live", "events"] {
        client
            .add_live_app_record_config()
            .domain_name(domain)
            .app_name(app)
            .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
            .oss_bucket("my-recordings")
            .record_format(
                RecordFormat::new()
                    .format("m3u8")
                    .oss_object_prefix(
                        "record/{AppName}/{StreamName}/{EscapedStartTime}_{EscapedEndTime}",
                    )
                    .slice_oss_object_prefix("record/{AppName}/{StreamName}/{UnixTimestamp}")
                    .cycle_duration(1800),
            )
            .send()
            .await?;
    }

    // 3. List them; the paginator fetches every page.
    let configs = client
        .describe_live_record_config()
        .domain_name(domain)
        .into_paginator()
        .items();
    let apps: Vec<String> = pin!(configs)
        .try_collect::<Vec<_>>()
        .await?
        .into_iter()
        .filter_map(|c| c.app_name)
        .collect();

    // 4. Start and stop a manual recording of one stream.
    let command = |c: &'static str| {
        client
            .real_time_record_command()
            .domain_name(domain)
            .app_name("live")
            .stream_name("camera1")
            .command(c)
            .send()
    };
    command("start").await?;
    command("stop").await?;

    // 5. Bandwidth of the last hour, in 5-minute points.
    let now = Timestamp::now().unix();
    let end = Timestamp::from_unix(now - now % 300).expect("now is a valid time");
    let start = Timestamp::from_unix(end.unix() - 3600).expect("an hour ago is a valid time");
    let bps = client
        .describe_live_domain_bps_data()
        .domain_name(domain)
        .start_time(start)
        .end_time(end)
        .send()
        .await?;

    Ok(Summary {
        apps,
        bandwidth_points: bps.bps_data_per_interval.len(),
    })
}

#[allow(dead_code)] // The test that runs `run` includes this file without using `main`.
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let domain =
        std::env::var("QUICKSTART_DOMAIN").unwrap_or_else(|_| "live.example.com".to_owned());
    let (client, _emulator) = match std::env::var("ALIYUN_LIVE_ENDPOINT") {
        // The real service: credentials from the environment or ~/.alibabacloud/credentials.
        Ok(endpoint) => (Client::builder().endpoint(endpoint).build()?, None),
        Err(_) => {
            let emulator = aliyun_live_e2e::start_emulator().await;
            println!("started a local emulator at {}", emulator.endpoint());
            (aliyun_live_e2e::client(&emulator), Some(emulator))
        }
    };
    let summary = run(&client, &domain).await?;
    println!("recording configs of {domain}: {}", summary.apps.join(", "));
    println!(
        "bandwidth points in the last hour: {}",
        summary.bandwidth_points
    );
    Ok(())
}

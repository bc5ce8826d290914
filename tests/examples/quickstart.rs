//! Quickstart: a realistic recording workflow with the generated SDK.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! By default it starts a local emulator of the API on 127.0.0.1 and talks
//! to it over HTTP, so it runs anywhere without an account or a network. To
//! run it against the real service, set `ALIYUN_LIVE_ENDPOINT=live.aliyuncs.com`
//! and the credentials (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`); it then creates real resources (set
//! `QUICKSTART_DOMAIN` to a domain you own).

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
    /// Output formats of the `live` app's recording config.
    pub formats: Vec<String>,
    /// The code of the documented error the workflow provoked and handled.
    pub handled_error: Option<String>,
    /// Record ids of the index files, as listed by the paginator.
    pub index_files: Vec<String>,
    /// Number of 5-minute bandwidth points of the last hour.
    pub bandwidth_points: usize,
}

/// The quickstart proper: works with any client. Prints what it does.
pub async fn run(client: &Client, domain: &str) -> Result<Summary, aliyun_live::Error> {
    const APP: &str = "live";
    const STREAM: &str = "camera1";

    // 1. A play (streaming) domain.
    client
        .add_live_domain()
        .domain_name(domain)
        .live_domain_type("liveVideo")
        .region("cn-shanghai")
        .send()
        .await?;
    println!("1. added the live domain {domain}");

    // 2. Record every stream of the app to OSS, twice: HLS in 30-minute
    //    files and MP4 in one-hour files. Both formats travel as the repeat
    //    list RecordFormat.1.* / RecordFormat.2.*; the template variables are
    //    checked before anything is sent.
    let formats = [
        RecordFormat::new()
            .format("m3u8")
            .oss_object_prefix("record/{AppName}/{StreamName}/{EscapedStartTime}_{EscapedEndTime}")
            .slice_oss_object_prefix("record/{AppName}/{StreamName}/{UnixTimestamp}")
            .cycle_duration(1800),
        RecordFormat::new()
            .format("mp4")
            .oss_object_prefix("record/{AppName}/{StreamName}/{EscapedStartTime}_{EscapedEndTime}")
            .cycle_duration(3600),
    ];
    client
        .add_live_app_record_config()
        .domain_name(domain)
        .app_name(APP)
        .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
        .oss_bucket("my-recordings")
        .record_format(formats[0].clone())
        .record_format(formats[1].clone())
        .send()
        .await?;
    println!("2. configured recording of app {APP:?} as m3u8 + mp4");

    // 3. List the recording configs; the paginator fetches every page.
    let configs: Vec<_> = pin!(
        client
            .describe_live_record_config()
            .domain_name(domain)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await?;
    let apps: Vec<String> = configs.iter().filter_map(|c| c.app_name.clone()).collect();
    let formats: Vec<String> = configs
        .iter()
        .filter(|c| c.app_name.as_deref() == Some(APP))
        .flat_map(|c| c.format_list.iter().filter_map(|f| f.name.clone()))
        .collect();
    println!("3. recording configs: apps {apps:?}, formats of {APP:?}: {formats:?}");

    // 4. Start a manual recording of one stream. Starting it twice is a
    //    documented error (TaskAlreadyStarted, HTTP 409): handle it.
    let command = |c: &'static str| {
        client
            .real_time_record_command()
            .domain_name(domain)
            .app_name(APP)
            .stream_name(STREAM)
            .command(c)
            .send()
    };
    command("start").await?;
    println!("4. started recording {APP}/{STREAM}");
    let handled_error = match command("start").await {
        Ok(_) => None,
        Err(e) if e.code() == Some("TaskAlreadyStarted") => {
            println!(
                "   starting it again: {} (HTTP {}, RequestId {}): fine, it is running",
                e.code().unwrap_or_default(),
                e.http_status().unwrap_or_default(),
                e.request_id().unwrap_or_default()
            );
            e.code().map(str::to_owned)
        }
        Err(e) => return Err(e),
    };

    // 5. Index files (m3u8 playlists) for three hours of the recording,
    //    then list them with the paginator, 5 per page.
    let now = Timestamp::now().unix();
    let hour = |h: i64| Timestamp::from_unix(now - now % 3600 - h * 3600);
    for h in (1..=3).rev() {
        let (Some(start), Some(end)) = (hour(h), hour(h - 1)) else {
            continue;
        };
        let created = client
            .create_live_stream_record_index_files()
            .domain_name(domain)
            .app_name(APP)
            .stream_name(STREAM)
            .oss_endpoint("oss-cn-shanghai.aliyuncs.com")
            .oss_bucket("my-recordings")
            .oss_object(format!("index/{APP}/{STREAM}/{}.m3u8", start.unix()))
            .start_time(start)
            .end_time(end)
            .send()
            .await?;
        if let Some(info) = created.record_info {
            println!(
                "5. index file {} for {start} .. {end}",
                info.record_url.unwrap_or_default()
            );
        }
    }
    let (Some(from), Some(to)) = (hour(4), Timestamp::from_unix(now)) else {
        return Ok(Summary {
            apps,
            formats,
            handled_error,
            index_files: Vec::new(),
            bandwidth_points: 0,
        });
    };
    let files: Vec<_> = pin!(
        client
            .describe_live_stream_record_index_files()
            .domain_name(domain)
            .app_name(APP)
            .stream_name(STREAM)
            .start_time(from)
            .end_time(to)
            .page_size(5)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await?;
    let index_files: Vec<String> = files.iter().filter_map(|f| f.record_id.clone()).collect();
    println!("   listed {} index files", index_files.len());
    command("stop").await?;
    println!("   stopped recording {APP}/{STREAM}");

    // 6. Monitoring: bandwidth of the last hour, in 5-minute points.
    let end = Timestamp::from_unix(now - now % 300).unwrap_or(to);
    let start = Timestamp::from_unix(end.unix() - 3600).unwrap_or(from);
    let bps = client
        .describe_live_domain_bps_data()
        .domain_name(domain)
        .start_time(start)
        .end_time(end)
        .send()
        .await?;
    let peak = bps
        .bps_data_per_interval
        .iter()
        .filter_map(|p| p.bps_value)
        .fold(0.0_f64, f64::max);
    println!(
        "6. bandwidth of the last hour: {} points, peak {:.1} Mbit/s",
        bps.bps_data_per_interval.len(),
        peak / 1e6
    );

    Ok(Summary {
        apps,
        formats,
        handled_error,
        index_files,
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
    println!("done: {summary:#?}");
    Ok(())
}

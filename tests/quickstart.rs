//! Runs the quickstart example's code against the emulator.

#[path = "examples/quickstart.rs"]
mod quickstart;

#[tokio::test]
async fn quickstart_runs_against_the_emulator() {
    let env = aliyun_live_e2e::Env::start().await;
    let summary = quickstart::run(&env.client, "live.example.com")
        .await
        .expect("the quickstart succeeds");
    assert_eq!(summary.apps, ["live"]);
    assert_eq!(summary.formats, ["m3u8", "mp4"]);
    assert_eq!(summary.handled_error.as_deref(), Some("TaskAlreadyStarted"));
    assert_eq!(summary.index_files.len(), 3, "{summary:?}");
    assert_eq!(summary.bandwidth_points, 12);

    let actions: Vec<String> = env
        .emulator
        .requests()
        .records()
        .into_iter()
        .filter_map(|r| r.action)
        .collect();
    assert_eq!(actions.first().map(String::as_str), Some("AddLiveDomain"));
    // start, start again (TaskAlreadyStarted), stop.
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "RealTimeRecordCommand")
            .count(),
        3
    );
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "CreateLiveStreamRecordIndexFiles")
            .count(),
        3
    );
}

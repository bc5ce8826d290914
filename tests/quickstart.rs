//! Runs the quickstart example's code against the emulator.

#[path = "examples/quickstart.rs"]
mod quickstart;

#[tokio::test]
async fn quickstart_runs_against_the_emulator() {
    let env = aliyun_live_e2e::Env::start().await;
    let summary = quickstart::run(&env.client, "live.example.com")
        .await
        .expect("the quickstart succeeds");
    assert_eq!(summary.apps, ["live", "events"]);
    assert_eq!(summary.bandwidth_points, 12);
    let actions: Vec<String> = env
        .emulator
        .requests()
        .records()
        .into_iter()
        .filter_map(|r| r.action)
        .collect();
    assert_eq!(actions.first().map(String::as_str), Some("AddLiveDomain"));
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "RealTimeRecordCommand")
            .count(),
        2
    );
}

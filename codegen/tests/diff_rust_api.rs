//! The "Public Rust API" part of the diff report, run against the real
//! generator on the fixture pairs of `tests/diff_cases/`. Assertions name
//! items loosely (by snake-case words), so a generator naming tweak does not
//! break them, but a missing, extra or unchanged item does.
#![cfg(feature = "emit")]

use std::fs;
use std::path::Path;

use aliyun_live_codegen::Spec;
use aliyun_live_codegen::diff::{
    self, ApiChange, ApiChangeKind, Report, RustApi, render, rust_api,
};

fn load(path: &Path) -> Spec {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    aliyun_live_codegen::parse(&text)
        .unwrap_or_else(|errors| panic!("{}: {errors:?}", path.display()))
}

fn case(name: &str) -> (Spec, Spec) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff_cases")
        .join(name);
    (load(&dir.join("old.json")), load(&dir.join("new.json")))
}

fn api_changes(name: &str) -> Vec<ApiChange> {
    let (old, new) = case(name);
    match rust_api::compare_specs(&old, &new) {
        RustApi::Changes(c) => c,
        RustApi::Skipped(why) => panic!("{name}: Rust API not computed: {why}"),
    }
}

/// Item path with `_` and case removed, for loose matching.
fn squash(s: &str) -> String {
    s.to_lowercase().replace('_', "")
}

fn has(changes: &[ApiChange], kind: ApiChangeKind, needle: &str) -> bool {
    changes
        .iter()
        .any(|c| c.kind == kind && squash(&c.item).contains(&squash(needle)))
}

/// An item of `kind` under something named like `owner` whose last segment is `member`.
fn has_member(changes: &[ApiChange], kind: ApiChangeKind, owner: &str, member: &str) -> bool {
    changes.iter().any(|c| {
        c.kind == kind
            && squash(&c.item).contains(&squash(owner))
            && c.item.ends_with(&format!("::{member}"))
    })
}

#[test]
fn unchanged_and_docs_only_specs_change_no_public_item() {
    assert_eq!(api_changes("identical"), Vec::new());
    // Doc comments are not API.
    assert_eq!(api_changes("docs"), Vec::new());
    let real = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/live-2016-11-01.json"));
    assert_eq!(
        rust_api::compare_specs(&real, &real),
        RustApi::Changes(Vec::new())
    );
}

#[test]
fn parameter_changes_show_as_rust_items() {
    let changes = api_changes("params");
    // EndTime removed, OssBucket added, AppName renamed to `application`.
    assert!(
        has_member(
            &changes,
            ApiChangeKind::Removed,
            "AddLiveAppRecordConfig",
            "end_time"
        ),
        "{changes:#?}"
    );
    assert!(
        has_member(
            &changes,
            ApiChangeKind::Added,
            "AddLiveAppRecordConfig",
            "oss_bucket"
        ),
        "{changes:#?}"
    );
    assert!(
        has(&changes, ApiChangeKind::Removed, "::app_name"),
        "{changes:#?}"
    );
    assert!(
        has(&changes, ApiChangeKind::Added, "::application"),
        "{changes:#?}"
    );
    // PageSize integer -> long changes signatures from i32 to i64.
    let retyped = changes
        .iter()
        .find(|c| c.kind == ApiChangeKind::Changed && c.item.ends_with("::page_size"))
        .expect("a changed page_size item");
    assert!(
        retyped.old.as_deref().is_some_and(|s| s.contains("i32")),
        "{retyped:?}"
    );
    assert!(
        retyped.new.as_deref().is_some_and(|s| s.contains("i64")),
        "{retyped:?}"
    );
    // The renamed inline enum: old type gone (its members folded into it), new one added.
    assert!(
        has(&changes, ApiChangeKind::Removed, "::HlsSwitch"),
        "{changes:#?}"
    );
    assert!(
        !changes
            .iter()
            .any(|c| c.kind == ApiChangeKind::Removed && c.item.contains("HlsSwitch::"))
    );
    assert!(
        has(&changes, ApiChangeKind::Added, "HlsCounting::Auto"),
        "{changes:#?}"
    );
}

#[test]
fn removed_and_added_actions_show_as_rust_items() {
    let changes = api_changes("actions");
    assert!(
        has(
            &changes,
            ApiChangeKind::Removed,
            "DeleteLiveAppRecordConfig"
        ),
        "{changes:#?}"
    );
    assert!(
        has(&changes, ApiChangeKind::Added, "ResumeLiveStream"),
        "{changes:#?}"
    );
    assert!(!has(&changes, ApiChangeKind::Removed, "ResumeLiveStream"));
}

#[test]
fn response_field_changes_show_as_rust_items() {
    let changes = api_changes("response");
    assert!(
        has(&changes, ApiChangeKind::Removed, "::create_time"),
        "{changes:#?}"
    );
    assert!(
        has(&changes, ApiChangeKind::Added, "::slice_duration"),
        "{changes:#?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.kind == ApiChangeKind::Changed && c.item.ends_with("::total_user_number"))
    );
}

#[test]
fn the_report_renders_the_rust_api_section() {
    let (old, new) = case("params");
    let report = Report {
        old_label: "old.json".into(),
        new_label: "new.json".into(),
        spec: diff::diff(&old, &new),
        rust_api: rust_api::compare_specs(&old, &new),
    };
    let md = render::markdown(&report);
    let section = md
        .split("## Public Rust API")
        .nth(1)
        .expect("the section is there");
    assert!(
        section.contains("**Removed**")
            && section.contains("**Added**")
            && section.contains("**Changed**")
    );
    assert!(
        section.contains("+ pub fn set_page_size(mut self, value: Option<i64>) -> Self"),
        "{section}"
    );
    assert!(report.has_breaking());
    let json: serde_json::Value = serde_json::from_str(&render::json(&report)).expect("valid JSON");
    assert_eq!(json["rust_api"]["computed"], true);
    assert!(
        json["rust_api"]["changes"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
}

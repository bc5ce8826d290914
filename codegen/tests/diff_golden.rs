//! Golden tests of `cargo xtask diff`'s report: every directory under
//! `tests/diff_cases/` holds `old.json`, `new.json` and the expected Markdown
//! report `expected.md` (and optionally `expected.json`). Run with
//! `UPDATE_GOLDEN=1` to rewrite the expected files after a deliberate change,
//! then review their diff.
//!
//! The "Public Rust API" section depends on the generator's output, which
//! changes for reasons of its own, so goldens leave it out; it is tested in
//! `diff_rust_api.rs`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use aliyun_live_codegen::Spec;
use aliyun_live_codegen::diff::{self, Class, Kind, Report, RustApi, render};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff_cases")
}

fn load(path: &Path) -> Spec {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    aliyun_live_codegen::parse(&text).unwrap_or_else(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{} is invalid:\n{}", path.display(), list.join("\n"))
    })
}

fn report(case: &str) -> Report {
    let dir = cases_dir().join(case);
    let old = load(&dir.join("old.json"));
    let new = load(&dir.join("new.json"));
    Report {
        old_label: "old.json".into(),
        new_label: "new.json".into(),
        spec: diff::diff(&old, &new),
        rust_api: RustApi::Skipped("left out of golden reports".into()),
    }
}

fn cases() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(cases_dir())
        .expect("tests/diff_cases exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("old.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Compares `actual` with the golden file, or rewrites it under `UPDATE_GOLDEN`.
fn check_golden(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = fs::read_to_string(path).map_err(|e| {
        format!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b);
    let line = first.unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from the actual report at line {}:\n  expected: {:?}\n  actual:   {:?}\n--- actual report ---\n{actual}",
        path.display(),
        line + 1,
        expected.lines().nth(line).unwrap_or("<end>"),
        actual.lines().nth(line).unwrap_or("<end>"),
    ))
}

#[test]
fn golden_reports() {
    let mut failures = Vec::new();
    let names = cases();
    assert!(
        names.len() >= 10,
        "expected the diff cases, found {names:?}"
    );
    for case in &names {
        let report = report(case);
        let dir = cases_dir().join(case);
        if let Err(e) = check_golden(&dir.join("expected.md"), &render::markdown(&report)) {
            failures.push(e);
        }
        let json_path = dir.join("expected.json");
        if json_path.is_file() {
            if let Err(e) = check_golden(&json_path, &(render::json(&report) + "\n")) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn identical_specs_report_no_changes() {
    let report = report("identical");
    assert!(report.spec.changes.is_empty(), "{:?}", report.spec.changes);
    let md = render::markdown(&report);
    assert!(md.contains("\nNo changes.\n"), "{md}");
    assert!(!report.has_breaking());
    // The real spec against itself, too.
    let real = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/live-2016-11-01.json"));
    assert!(diff::diff(&real, &real).changes.is_empty());
}

#[test]
fn every_kind_of_change_is_covered_by_a_case() {
    let mut seen: BTreeSet<&'static str> = BTreeSet::new();
    let mut classes: BTreeSet<(&'static str, Class)> = BTreeSet::new();
    for case in cases() {
        for c in report(&case).spec.changes {
            seen.insert(c.kind.as_str());
            classes.insert((c.kind.as_str(), c.class));
        }
    }
    // The loader accepts only format version 1, so no fixture can change it.
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| **k != Kind::FormatVersion)
        .map(|k| k.as_str())
        .filter(|k| !seen.contains(k))
        .collect();
    assert!(missing.is_empty(), "kinds no case exercises: {missing:?}");
    // Kinds that can go either way must be seen both ways.
    for kind in [
        Kind::ParamAdded,
        Kind::RequiredChanged,
        Kind::ConstraintChanged,
        Kind::RuleChanged,
        Kind::PaginationChanged,
        Kind::FieldAliasRemoved,
    ] {
        for class in [Class::Breaking, Class::Compatible] {
            if kind == Kind::FieldAliasRemoved && class == Class::Compatible {
                continue;
            }
            assert!(
                classes.contains(&(kind.as_str(), class)),
                "{} is never {}",
                kind.as_str(),
                class.as_str()
            );
        }
    }
}

#[test]
fn json_report_lists_changes_with_their_classification() {
    let report = report("params");
    let value: serde_json::Value =
        serde_json::from_str(&render::json(&report)).expect("the JSON report parses");
    let changes = value["changes"].as_array().expect("changes is an array");
    assert_eq!(changes.len(), report.spec.changes.len());
    for c in changes {
        for key in ["kind", "path", "breaking", "reason", "old", "new"] {
            assert!(c.get(key).is_some(), "change without {key}: {c}");
        }
    }
    let find = |path: &str| {
        changes
            .iter()
            .find(|c| c["path"] == path)
            .unwrap_or_else(|| panic!("no change at {path} in {changes:#?}"))
    };
    let added = find("actions.AddLiveAppRecordConfig.params.OssBucket");
    assert_eq!(added["kind"], "param_added");
    assert_eq!(added["breaking"], true);
    assert_eq!(added["old"], serde_json::Value::Null);
    assert_eq!(added["new"], "string, required");
    let optional = find("actions.AddLiveAppRecordConfig.params.StreamName");
    assert_eq!(optional["breaking"], false);
    let retyped = find("actions.DescribeLiveRecordConfig.params.PageSize.type");
    assert_eq!(
        (retyped["old"].as_str(), retyped["new"].as_str()),
        (Some("integer"), Some("long"))
    );
    assert_eq!(
        value["summary"]["breaking"],
        report.spec.count(Class::Breaking)
    );
    assert_eq!(value["summary"]["has_breaking"], true);
    assert_eq!(value["rust_api"]["computed"], false);
}

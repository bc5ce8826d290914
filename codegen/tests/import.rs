//! Tests of `aliyun_live_codegen::import` on small ApiDocs fixtures, and an
//! end-to-end import of every action the seed names from the real metadata.

use std::path::{Path, PathBuf};

use aliyun_live_codegen::import::{
    self, ApiDocs, ImportError, SeedOutcome, Selection, convert, seed,
};
use aliyun_live_codegen::model::{Action, Member, Shape, Spec, Style};
use aliyun_live_codegen::{load_file, parse, to_json};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/import_fixtures")
        .join(name)
}

fn docs() -> ApiDocs {
    let text = std::fs::read_to_string(fixture("api-docs.json")).expect("fixture readable");
    ApiDocs::parse(&text).expect("fixture parses")
}

fn spec() -> Spec {
    load_file(&fixture("spec.json")).expect("fixture spec loads")
}

fn import_actions(names: &[&str]) -> Result<import::ImportReport, Vec<ImportError>> {
    let sel = Selection::Actions(names.iter().map(|s| s.to_string()).collect());
    import::import(&spec(), &docs(), &sel)
}

fn action<'a>(spec: &'a Spec, name: &str) -> &'a Action {
    spec.action(name)
        .unwrap_or_else(|| panic!("{name} is in the spec"))
}

fn param<'a>(a: &'a Action, name: &str) -> &'a Member {
    a.param(name)
        .unwrap_or_else(|| panic!("{} has param {name}", a.name))
}

fn values(shape: &Shape) -> Vec<&str> {
    match shape {
        Shape::Enum { values, .. } => values.iter().map(|v| v.value.as_str()).collect(),
        other => panic!("not an enum: {other:?}"),
    }
}

fn fields(shape: &Shape) -> &[Member] {
    match shape {
        Shape::Struct { fields, .. } => fields,
        other => panic!("not a struct: {other:?}"),
    }
}

fn type_name(shape: &Shape) -> Option<&str> {
    match shape {
        Shape::Struct { type_name, .. } | Shape::Enum { type_name, .. } => type_name.as_deref(),
        _ => None,
    }
}

#[test]
fn scalar_types_required_and_constraints() {
    let r = import_actions(&["AddSnapConfig"]).expect("imports");
    let a = action(&r.spec, "AddSnapConfig");
    let p = param(a, "DomainName");
    assert_eq!(p.shape, Shape::String);
    assert!(p.required);
    assert_eq!(p.constraints.max_length, Some(64));
    let p = param(a, "TimeInterval");
    assert_eq!(p.shape, Shape::Integer);
    assert!(p.required);
    assert_eq!(
        (p.constraints.min, p.constraints.max),
        (Some(5.0), Some(3600.0))
    );
    assert_eq!(p.default, Some(serde_json::json!(10)));
    assert_eq!(param(a, "Size").shape, Shape::Long);
    assert!(!param(a, "Size").required);
    assert_eq!(param(a, "Ratio").shape, Shape::Float);
    assert_eq!(param(a, "Ratio").constraints.min, Some(0.5));
    assert_eq!(param(a, "Enabled").shape, Shape::Boolean);
    assert_eq!(param(a, "Enabled").default, Some(serde_json::json!(true)));
    // formData is carried as an ordinary parameter, with a note saying so.
    assert!(
        param(a, "Enabled")
            .notes
            .iter()
            .any(|n| n.contains("formData"))
    );
}

#[test]
fn enums_become_string_values_with_unique_type_names() {
    let r = import_actions(&["AddSnapConfig"]).expect("imports");
    let a = action(&r.spec, "AddSnapConfig");
    let mode = param(a, "Mode");
    assert_eq!(values(&mode.shape), vec!["fast", "slow"]);
    assert_eq!(type_name(&mode.shape), Some("AddSnapConfigMode"));
    assert_eq!(mode.default, Some(serde_json::json!("fast")));
    // Numbers in an integer enum become strings; the range the values
    // already satisfy is implied by them.
    let level = param(a, "Level");
    assert_eq!(values(&level.shape), vec!["0", "1", "2"]);
    assert_eq!(level.constraints.min, None);
    assert!(level.notes.iter().any(|n| n.contains("integer")));
}

#[test]
fn each_parameter_style_maps_to_ours() {
    let r = import_actions(&["AddSnapConfig"]).expect("imports");
    let a = action(&r.spec, "AddSnapConfig");

    let scene = param(a, "Scene");
    assert_eq!(scene.style, Style::RepeatList);
    assert!(
        matches!(&scene.shape, Shape::List { items, wrapper: None } if **items == Shape::String)
    );
    assert_eq!(scene.constraints.max_items, Some(5));

    let layer = param(a, "Layer");
    assert_eq!(layer.style, Style::RepeatList);
    let Shape::List { items, .. } = &layer.shape else {
        panic!("Layer is a list")
    };
    assert_eq!(type_name(items), Some("AddSnapConfigLayer"));
    let f = fields(items);
    assert_eq!(f[0].name, "Width");
    assert_eq!(f[0].shape, Shape::Float);
    assert!(f[0].required);
    assert!(matches!(&f[1].shape, Shape::List { .. }));

    let pos = param(a, "Position");
    assert_eq!(pos.style, Style::Flat);
    let names: Vec<&str> = fields(&pos.shape).iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["X", "Y"]);

    let params = param(a, "Params");
    assert_eq!(params.style, Style::Json);
    assert_eq!(type_name(&params.shape), Some("AddSnapConfigParams"));
    let inner = fields(&params.shape);
    assert_eq!(type_name(&inner[0].shape), Some("AddSnapConfigBackground"));
    assert_eq!(inner[1].shape, Shape::Float);

    let ext = param(a, "Extension");
    assert_eq!(ext.style, Style::Json);
    assert!(matches!(&ext.shape, Shape::Map { values } if **values == Shape::String));

    let coords = param(a, "Coords");
    assert_eq!(coords.style, Style::Json);
    assert!(matches!(&coords.shape, Shape::List { items, .. } if **items == Shape::Float));

    let users = param(a, "Users");
    assert_eq!(users.style, Style::Csv);
    assert_eq!(users.constraints.max_items, Some(10));
}

#[test]
fn responses_wrappers_nesting_maps_and_pagination() {
    let r = import_actions(&["DescribeSnapList"]).expect("imports");
    let a = action(&r.spec, "DescribeSnapList");
    let names: Vec<&str> = a.response.iter().map(|m| m.name.as_str()).collect();
    // Vendor order is kept.
    assert_eq!(names, vec!["RequestId", "Total", "SnapList", "Meta"]);
    let list = a.field("SnapList").expect("SnapList");
    let Shape::List { items, wrapper } = &list.shape else {
        panic!("SnapList is a wrapped list")
    };
    assert_eq!(wrapper.as_deref(), Some("Snap"));
    assert_eq!(type_name(items), Some("DescribeSnapListSnap"));
    let f = fields(items);
    let meta = f.iter().find(|m| m.name == "Meta").expect("Meta");
    // `DescribeSnapListMeta` is taken by the top-level `Meta` only if that
    // came first; nested names fall back to the owner's name.
    let top_meta = a.field("Meta").expect("top Meta");
    let (n1, n2) = (type_name(&meta.shape), type_name(&top_meta.shape));
    assert_ne!(n1, n2, "inline type names are unique");
    assert_eq!(n1, Some("DescribeSnapListMeta"));
    assert_eq!(n2, Some("DescribeSnapListMeta2"));
    let status = fields(&meta.shape)
        .iter()
        .find(|m| m.name == "Status")
        .expect("Status");
    assert_eq!(values(&status.shape), vec!["ok", "failed"]);
    let extra = f.iter().find(|m| m.name == "Extra").expect("Extra");
    assert_eq!(extra.shape, Shape::Json);
    assert!(!extra.notes.is_empty(), "a shapeless object is noted");
    let counts = f.iter().find(|m| m.name == "Counts").expect("Counts");
    assert!(matches!(&counts.shape, Shape::Map { values } if **values == Shape::Long));
    // Response fields carry no required flags or constraints.
    assert!(a.response.iter().all(|m| !m.required));

    let p = a.pagination.as_ref().expect("paginated");
    assert_eq!(
        (
            p.page_number.as_str(),
            p.page_size.as_str(),
            p.items.as_str()
        ),
        ("PageNum", "PageSize", "SnapList")
    );
    assert_eq!(p.total_items.as_deref(), Some("Total"));
    assert_eq!(p.total_pages, None);
    // Not every action with a list is paged.
    let r = import_actions(&["AddSnapConfig"]).expect("imports");
    assert!(action(&r.spec, "AddSnapConfig").pagination.is_none());
}

#[test]
fn error_codes_and_deprecation() {
    let r = import_actions(&["AddSnapConfig"]).expect("imports");
    let a = action(&r.spec, "AddSnapConfig");
    let codes: Vec<(&str, u16, &str)> = a
        .errors
        .iter()
        .map(|e| (e.code.as_str(), e.http_status, e.message.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            (
                "InvalidTimeInterval.Malformed",
                400,
                "Specified parameter TimeInterval is not valid."
            ),
            ("Dup", 400, "dup"),
            ("InvalidDomain.NotFound", 404, "The domain does not exist."),
        ]
    );
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("`Dup`") && n.contains("404"))
    );
    assert!(a.notes.iter().any(|n| n.contains("deprecated")));
    assert_eq!(a.source, import::SOURCE);
}

#[test]
fn vendor_prose_and_examples_are_never_copied() {
    let r = import_actions(&["AddSnapConfig", "DescribeSnapList"]).expect("imports");
    let text = to_json(&r.spec);
    for marker in ["VENDOR-", "供应商", "no shape"] {
        assert!(
            !text.contains(marker),
            "vendor text {marker:?} leaked into the spec"
        );
    }
    let a = action(&r.spec, "AddSnapConfig");
    assert_eq!(a.summary, "Calls the `AddSnapConfig` action.");
    assert_eq!(
        param(a, "DomainName").description,
        "The `DomainName` parameter."
    );
    assert!(a.params.iter().all(|p| p.example.is_none()));
}

#[test]
fn unsupported_constructs_fail_naming_action_and_parameter() {
    let errs = import_actions(&["DescribeMessy"]).expect_err("must fail");
    let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
    let has = |path: &str, words: &str| {
        errs.iter()
            .any(|e| e.action == "DescribeMessy" && e.path == path && e.message.contains(words))
    };
    assert!(
        has("params.Where.in", "\"header\" is not supported"),
        "{text:#?}"
    );
    assert!(has("params.Upload", "type \"file\""), "{text:#?}");
    assert!(has("params.Bare", "needs a style"), "{text:#?}");
    assert!(
        has("params.Spaced.style", "\"spaceDelimited\""),
        "{text:#?}"
    );
    assert!(has("params.Listless", "without items"), "{text:#?}");
    assert!(
        has("params.Lengthy.maxLength", "cannot apply to a integer"),
        "{text:#?}"
    );
    assert_eq!(errs.len(), 6, "{text:#?}");
    assert!(text[0].starts_with("DescribeMessy: params.Where.in: "));
}

#[test]
fn unknown_names_and_directories_are_errors() {
    let errs = import_actions(&["AddSnapConfg"]).expect_err("not an action");
    assert_eq!(errs[0].action, "AddSnapConfg");
    assert!(
        errs[0].message.contains("did you mean AddSnapConfig?"),
        "{}",
        errs[0]
    );
    let errs = import::import(&spec(), &docs(), &Selection::Group("没有".into()))
        .expect_err("no such directory");
    assert!(errs[0].message.contains("直播截图"), "{}", errs[0]);
}

#[test]
fn group_selection_follows_nested_directories_and_adds_groups() {
    let r =
        import::import(&spec(), &docs(), &Selection::Group("布局管理".into())).expect("imports");
    assert_eq!(r.added, vec!["AddLayout"]);
    assert_eq!(r.added_groups, vec!["caster"]);
    let g = r
        .spec
        .groups
        .iter()
        .find(|g| g.name == "caster")
        .expect("group");
    assert_eq!(g.title, "云导播");
    assert_eq!(action(&r.spec, "AddLayout").group, "caster");
    // An action the spec's groups already cover goes there.
    let r = import_actions(&["AddSnapConfig"]).expect("imports");
    assert_eq!(action(&r.spec, "AddSnapConfig").group, "snapshot");
    assert!(r.added_groups.is_empty());
}

#[test]
fn existing_actions_are_kept_and_compared() {
    let before = spec();
    let r = import_actions(&["DescribeSnap", "AddSnapConfig"]).expect("imports");
    assert_eq!(r.added, vec!["AddSnapConfig"]);
    assert_eq!(
        action(&r.spec, "DescribeSnap"),
        action(&before, "DescribeSnap")
    );
    let names: Vec<&str> = r.spec.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        vec!["AddSnapConfig", "DescribeSnap"],
        "sorted by name"
    );

    assert_eq!(r.compared.len(), 1);
    let c = &r.compared[0];
    let find = |path: &str| {
        c.differences
            .iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("difference at {path}: {:#?}", c.differences))
    };
    // Mentioned in the action's notes: acknowledged.
    let d = find("params.Interval.required");
    assert!(d.acknowledged);
    assert_eq!(
        (d.spec.as_deref(), d.vendor.as_deref()),
        (Some("false"), Some("true"))
    );
    // Not mentioned anywhere: open.
    let d = find("params.Region");
    assert!(!d.acknowledged);
    assert_eq!(d.kind, "param_added");
    let d = find("params.Format.values.webp");
    assert!(!d.acknowledged);
    // The spec's `long` and `timestamp` only refine the vendor's `string`.
    let d = find("response.Count.type");
    assert!(d.acknowledged);
    assert_eq!(d.kind, "type_refined");
    assert!(find("params.StartTime.type").acknowledged);
    assert_eq!(r.unacknowledged(), 2);
    let report = r.render();
    assert!(
        report.contains("! params.Region: spec (none) / vendor string"),
        "{report}"
    );
}

#[test]
fn output_validates_and_round_trips() {
    let r = import_actions(&["AddSnapConfig", "DescribeSnapList", "AddLayout"]).expect("imports");
    let text = to_json(&r.spec);
    let again = parse(&text).expect("the merged spec loads");
    assert_eq!(again, r.spec);
}

const SEED: &str = "1 直播API概述\n\n直播截图\n\nAPI\t描述\nAddSnapConfig\t添加截图配置\nDescribeSnapConf\t查询截图\nAddTrancodeSEI\t添加转码SEI信息\nDescribeGoneAction\t已下线的接口\nCallBack\t添加回调\n\n2 鉴权\n\n3 调用方式\n\n4 域名管理\n\n4.1 查询\n\nAction\tString\t是\tDescribeSnap\t取值：DescribeSnap\n";

#[test]
fn named_in_seed_resolves_typos_aliases_and_gone_actions() {
    let names = seed::parse(SEED);
    let r = import::import(&spec(), &docs(), &Selection::NamedInSeed(names)).expect("imports");
    let outcome = |n: &str| {
        r.seed_findings
            .iter()
            .find(|f| f.name == n)
            .map(|f| f.outcome.clone())
    };
    assert_eq!(outcome("AddSnapConfig"), None, "a vendor action as spelled");
    assert_eq!(
        outcome("DescribeSnapConf"),
        Some(SeedOutcome::AliasOf("DescribeSnap".into()))
    );
    assert_eq!(
        outcome("AddTrancodeSEI"),
        Some(SeedOutcome::Typo("AddTranscodeSEI".into()))
    );
    assert_eq!(outcome("CallBack"), Some(SeedOutcome::NotAnAction));
    assert_eq!(
        outcome("DescribeGoneAction"),
        Some(SeedOutcome::AddedFromSeed)
    );

    let typo = action(&r.spec, "AddTranscodeSEI");
    assert_eq!(typo.aliases, vec!["AddTrancodeSEI"]);
    assert!(typo.notes.iter().any(|n| n.contains("AddTrancodeSEI")));
    assert_eq!(typo.summary, "添加转码SEI信息 — Add transcode SEI.");
    assert_eq!(
        typo.group, "snapshot",
        "the seed's section decides the group"
    );

    let gone = action(&r.spec, "DescribeGoneAction");
    assert_eq!(gone.source, import::SEED_OVERVIEW_SOURCE);
    assert!(gone.params.is_empty());
    assert_eq!(gone.response.len(), 1);
    assert!(!gone.notes.is_empty());

    assert_eq!(
        action(&r.spec, "AddSnapConfig").summary,
        "添加截图配置 — Add snap config."
    );
    assert!(r.spec.action("CallBack").is_none());
    assert_eq!(
        r.compared.len(),
        1,
        "DescribeSnap is compared, not replaced"
    );
}

#[test]
fn type_namer_avoids_generated_names() {
    let mut namer = convert::TypeNamer::for_spec(&spec());
    let meta = convert::ActionMeta {
        group: "snapshot".into(),
        summary: "s".into(),
        source: "x".into(),
        ..Default::default()
    };
    // A response field called `Output` would collide with the generator's
    // `<Action>Output`; the field's type gets another name.
    let api = aliyun_live_codegen::import::json::Node::parse(
        r#"{"parameters": [], "responses": {"200": {"schema": {"type": "object", "properties": {
            "Output": {"type": "object", "properties": {"A": {"type": "string"}}}}}}}}"#,
    )
    .expect("json");
    let a = convert::convert_action("Run", &api, &meta, &mut namer).expect("converts");
    assert_eq!(type_name(&a.response[0].shape), Some("RunOutput2"));
}

// ---------------------------------------------------------------------------
// End to end, on the real files.

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the end-to-end import test needs the project's shared reference files)",
            path.display()
        )
    })
}

/// Every `description`/`title`/`summary` string in a JSON tree.
fn prose(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match x {
                    serde_json::Value::String(s)
                        if matches!(k.as_str(), "description" | "title" | "summary") =>
                    {
                        out.push(s.trim().to_owned())
                    }
                    _ => prose(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| prose(x, out)),
        _ => {}
    }
}

#[test]
fn named_in_seed_from_the_real_metadata() {
    let docs_text = read(&shared("reference/live-2016-11-01.api-docs.json"));
    let seed_text = read(&shared("seed/000_90abb04a9a170136.txt"));
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/live-2016-11-01.json");
    let committed = load_file(&spec_path).expect("the committed spec loads");
    // Start from the hand-transcribed actions only, whatever has been
    // imported into the committed spec since.
    let mut before = committed.clone();
    before
        .actions
        .retain(|a| a.source != import::SOURCE && a.source != import::SEED_OVERVIEW_SOURCE);
    assert_eq!(before.actions.len(), 24, "the hand-transcribed actions");

    let docs = ApiDocs::parse(&docs_text).expect("metadata parses");
    let names = seed::parse(&seed_text);
    // The chapter-1 tables list 98 actions (lines 78–235 of the seed).
    assert_eq!(names.overview.len(), 98);
    let r = import::import(&before, &docs, &Selection::NamedInSeed(names.clone()))
        .unwrap_or_else(|errs| panic!("{errs:#?}"));

    // Into a copy in a temp dir, as the command does; it must load again.
    let dir = std::env::temp_dir().join(format!("aliyun-live-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("live-2016-11-01.json");
    std::fs::write(&out, to_json(&r.spec)).expect("write");
    let after = load_file(&out).unwrap_or_else(|errs| panic!("{errs:#?}"));
    let _ = std::fs::remove_dir_all(&dir);

    // Every distinct chapter-1 name is an action now, except `CallBack`;
    // the truncated spellings of chapters 4–8 are aliases.
    let mut overview: Vec<&str> = names.overview.iter().map(|e| e.name.as_str()).collect();
    overview.sort();
    overview.dedup();
    for n in &overview {
        let known = after.action(n).is_some()
            || after
                .actions
                .iter()
                .any(|a| a.aliases.iter().any(|x| x == n));
        assert_eq!(known, *n != "CallBack", "{n}");
    }
    assert_eq!(
        after.actions.len(),
        before.actions.len() + r.added.len() + r.added_from_seed.len()
    );
    assert_eq!(after.actions.len(), 101);
    assert_eq!(
        r.added_from_seed,
        vec!["DescribeLiveStreamsFrameRateAndBitRateData"]
    );
    assert!(
        after.action("AddTrancodeSEI").is_some(),
        "the vendor keeps the seed's spelling"
    );
    for f in &r.seed_findings {
        assert_ne!(f.outcome, SeedOutcome::Unresolved, "{}", f.name);
    }

    // Hand-transcribed actions are untouched, and all of them are compared
    // except the one the vendor no longer lists.
    for a in &before.actions {
        assert_eq!(after.action(&a.name), Some(a), "{} changed", a.name);
    }
    assert_eq!(r.compared.len(), before.actions.len() - 1);

    // Importing again adds nothing and compares everything.
    let again = import::import(&after, &docs, &Selection::NamedInSeed(names.clone()))
        .unwrap_or_else(|errs| panic!("{errs:#?}"));
    assert!(again.added.is_empty() && again.added_from_seed.is_empty());
    assert_eq!(again.compared.len(), after.actions.len() - 2);
    assert!(
        again
            .compared
            .iter()
            .all(|c| c.differences.is_empty() || before.action(&c.action).is_some())
    );

    // No vendor prose: none of the metadata's descriptions, titles or
    // summaries of the imported actions appears in the spec (short ones and
    // the seed's own wording aside, which may coincide).
    let raw: serde_json::Value = serde_json::from_str(&docs_text).expect("json");
    let mut texts = Vec::new();
    for name in &r.added {
        prose(&raw["apis"][name.as_str()], &mut texts);
    }
    let seed_words: Vec<&str> = names
        .overview
        .iter()
        .map(|e| e.description.as_str())
        .collect();
    let spec_text = to_json(&after);
    for t in texts
        .iter()
        .filter(|t| t.chars().count() >= 6 && !seed_words.contains(&t.as_str()))
    {
        assert!(!spec_text.contains(t.as_str()), "vendor text copied: {t:?}");
    }
}

/// Metadata with time-valued strings, written the ways the vendor writes them.
const TIME_DOCS: &str = r#"{
  "directories": [{"title": "直播截图", "children": ["DescribeSnap", "ListTimes"]}],
  "apis": {
    "DescribeSnap": {
      "parameters": [
        {"name": "DomainName", "in": "query", "schema": {"type": "string", "required": true}},
        {"name": "StartTime", "in": "query", "schema": {"type": "string", "example": "2017-12-21T08:00:00Z"}}
      ],
      "responses": {"200": {"schema": {"type": "object", "properties": {"RequestId": {"type": "string"}}}}}
    },
    "ListTimes": {
      "parameters": [
        {"name": "StartTime", "in": "query", "schema": {"type": "string", "example": "2017-12-21T08:00:00Z"}},
        {"name": "EndTime", "in": "query", "schema": {"type": "string", "example": "2017-12-21T09:00Z"}},
        {"name": "Day", "in": "query", "schema": {"type": "string", "example": "2017-12-21"}},
        {"name": "Name", "in": "query", "schema": {"type": "string", "example": "live.example.com"}},
        {"name": "Episode", "in": "query", "style": "repeatList", "schema": {"type": "array", "items": {
          "type": "object", "properties": {"StartTime": {"type": "string", "example": "2016-06-29T09:00:00Z"}}}}}
      ],
      "responses": {"200": {"schema": {"type": "object", "properties": {
        "RequestId": {"type": "string"},
        "NextTime": {"type": "string", "example": "2015-12-01T17:36:00Z"},
        "Items": {"type": "object", "properties": {"Item": {"type": "array", "items": {"type": "object", "properties": {
          "CreateTime": {"type": "string", "example": "2017-08-30 12:02:57.0"},
          "Modified": {"type": "string", "example": "2021-12-01T05:08:45Z"}
        }}}}}
      }}}}
    }
  }
}"#;

fn time_docs() -> ApiDocs {
    ApiDocs::parse(TIME_DOCS).expect("time metadata parses")
}

fn struct_field<'a>(m: &'a Member, name: &str) -> &'a Member {
    let shape = match &m.shape {
        Shape::List { items, .. } => items.as_ref(),
        other => other,
    };
    fields(shape)
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{} has field {name}", m.name))
}

#[test]
fn strings_whose_example_is_a_utc_time_become_timestamps() {
    let sel = Selection::Actions(vec!["ListTimes".into()]);
    let r = import::import(&spec(), &time_docs(), &sel).unwrap_or_else(|e| panic!("{e:#?}"));
    let a = action(&r.spec, "ListTimes");
    let typed = |m: &Member| {
        assert_eq!(m.shape, Shape::Timestamp, "{}", m.name);
        assert_eq!(
            m.notes,
            vec![convert::TIMESTAMP_NOTE.to_owned()],
            "{}",
            m.name
        );
        assert!(m.example.is_none(), "{}: the example is not copied", m.name);
    };
    typed(param(a, "StartTime"));
    typed(param(a, "EndTime"));
    typed(struct_field(param(a, "Episode"), "StartTime"));
    let response = |name: &str| {
        a.response
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("response field {name}"))
    };
    typed(response("NextTime"));
    typed(struct_field(response("Items"), "Modified"));

    // A time written another way stays a string, with a note giving the
    // layout; a date alone too; anything else is a plain string.
    let created = struct_field(response("Items"), "CreateTime");
    assert_eq!(created.shape, Shape::String);
    assert_eq!(created.notes.len(), 1);
    assert!(
        created.notes[0].contains("`YYYY-MM-DD hh:mm:ss.S`, local time without a zone"),
        "{:?}",
        created.notes
    );
    let day = param(a, "Day");
    assert_eq!(day.shape, Shape::String);
    assert!(day.notes[0].contains("`YYYY-MM-DD`"), "{:?}", day.notes);
    let name = param(a, "Name");
    assert_eq!(name.shape, Shape::String);
    assert!(name.notes.is_empty());

    // The spec's own `timestamp` and the vendor's now agree: no difference.
    let r = import::import(
        &spec(),
        &time_docs(),
        &Selection::Actions(vec!["DescribeSnap".into()]),
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let c = &r.compared[0];
    assert!(
        c.differences
            .iter()
            .all(|d| !d.path.starts_with("params.StartTime")),
        "{:#?}",
        c.differences
    );
}

#[test]
fn refresh_imported_replaces_earlier_imports_only() {
    // An earlier import (here: today's, then aged by hand to look like an
    // older conversion) and a hand-transcribed action.
    let sel = Selection::Actions(vec!["DescribeSnap".into(), "ListTimes".into()]);
    let first = import::import(&spec(), &time_docs(), &sel).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(first.added, vec!["ListTimes"]);
    let mut old = first.spec.clone();
    let i = old
        .actions
        .iter()
        .position(|a| a.name == "ListTimes")
        .expect("imported");
    old.actions[i].params[0].shape = Shape::String;
    old.actions[i].params[0].notes.clear();
    assert_ne!(old, first.spec);
    let hand = action(&old, "DescribeSnap").clone();

    // Without the option, nothing an earlier import wrote changes.
    let kept = import::import(&old, &time_docs(), &sel).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(kept.added.is_empty() && kept.refreshed.is_empty());
    assert_eq!(kept.spec, old);

    let options = import::Options {
        refresh_imported: true,
    };
    let r =
        import::import_with(&old, &time_docs(), &sel, options).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(r.refreshed, vec!["ListTimes"]);
    assert!(r.added.is_empty());
    assert_eq!(r.spec, first.spec, "as a first import writes it today");
    assert_eq!(
        action(&r.spec, "DescribeSnap"),
        &hand,
        "hand-transcribed: kept"
    );
    assert_eq!(r.compared.len(), 1, "and still compared");
    assert!(
        r.render()
            .contains("1 imported action(s) converted again and replaced: ListTimes")
    );

    // Only the selection is refreshed: an import outside it stays as it is.
    let other = Selection::Actions(vec!["DescribeSnap".into()]);
    let r = import::import_with(&old, &time_docs(), &other, options)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(r.refreshed.is_empty());
    assert_eq!(r.spec, old);
}

#[test]
fn committed_spec_is_what_a_refresh_writes() {
    let docs_text = read(&shared("reference/live-2016-11-01.api-docs.json"));
    let seed_text = read(&shared("seed/000_90abb04a9a170136.txt"));
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/live-2016-11-01.json");
    let committed = load_file(&spec_path).expect("the committed spec loads");
    let docs = ApiDocs::parse(&docs_text).expect("metadata parses");
    let sel = Selection::NamedInSeed(seed::parse(&seed_text));
    let options = import::Options {
        refresh_imported: true,
    };
    let r = import::import_with(&committed, &docs, &sel, options)
        .unwrap_or_else(|errs| panic!("{errs:#?}"));
    assert_eq!(r.refreshed.len(), 76);
    assert!(r.added.is_empty() && r.added_from_seed.is_empty());
    // The identical inline structs of the caster actions share named types.
    assert_eq!(
        r.shared_types,
        vec![
            "CasterLayoutVideoLayer",
            "CasterAudioLayer",
            "CasterStreamInfo"
        ]
    );
    for (ours, refreshed) in committed.actions.iter().zip(&r.spec.actions) {
        assert_eq!(
            ours, refreshed,
            "{}: the committed spec differs from what `cargo xtask import --named-in-seed \
             --refresh-imported` writes",
            ours.name
        );
    }
    assert_eq!(committed, r.spec);

    // The time-valued strings of the imported actions: 42 typed, 4 kept
    // (DescribeCasters' `YYYY-MM-DD hh:mm:ss.S` times).
    fn walk<'m>(members: &'m [Member], out: &mut Vec<&'m Member>) {
        for m in members {
            out.push(m);
            let shape = match &m.shape {
                Shape::List { items, .. } => items.as_ref(),
                s => s,
            };
            if let Shape::Struct { fields, .. } = shape {
                walk(fields, out);
            }
        }
    }
    let mut members = Vec::new();
    for a in committed.actions.iter().filter(|a| import::is_imported(a)) {
        walk(&a.params, &mut members);
        walk(&a.response, &mut members);
    }
    let noted = |prefix: &str| {
        members
            .iter()
            .filter(|m| m.notes.iter().any(|n| n.starts_with(prefix)))
            .collect::<Vec<_>>()
    };
    let typed = noted("Typed `timestamp`");
    assert_eq!(typed.len(), 42);
    assert!(typed.iter().all(|m| m.shape == Shape::Timestamp));
    let kept = noted("Kept a `string`");
    let kept_names: Vec<&str> = kept.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        kept_names,
        ["CreateTime", "ExpireTime", "PurchaseTime", "StartTime"]
    );
    assert!(kept.iter().all(|m| m.shape == Shape::String));
}

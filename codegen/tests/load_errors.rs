//! The loader's error reporting, the canonical writer's round trip, and the
//! real spec file.
//!
//! Broken specs are built from `load_fixtures/minimal.json` (a small valid
//! spec in canonical form) by one mutation each, addressed by JSON pointer.

use std::path::PathBuf;

use aliyun_live_codegen::model::{CallbackTransport, Rule, Shape, Style};
use aliyun_live_codegen::{SpecError, parse, to_json};
use serde_json::{Value, json};

const MINIMAL: &str = include_str!("load_fixtures/minimal.json");

fn base() -> Value {
    serde_json::from_str(MINIMAL).expect("fixture is valid JSON")
}

/// Pointers into the fixture.
const ACTION: &str = "/actions/0";
const APP_NAME: &str = "/actions/0/params/0";
const RECORD_FORMAT: &str = "/actions/0/params/2";
const FORMATS: &str = "/actions/0/params/3";
const FLAT_FORMAT: &str = "/actions/0/params/5";
const ORDER_PARAM: &str = "/actions/0/params/6";
const MODE: &str = "/actions/0/params/7";
const START_TIME: &str = "/actions/0/params/10";
const PAGE_NUM: &str = "/actions/0/params/12";
const ITEMS_FIELD: &str = "/actions/0/response/1";
const ORDER_TYPE: &str = "/types/0";
const RECORD_FORMAT_TYPE: &str = "/types/1";
const P: &str = "actions.AddLiveAppRecordConfig";

/// Sets `key` on the object at `ptr` (or replaces the value at `ptr` if `key` is empty).
fn set(mut v: Value, ptr: &str, key: &str, new: Value) -> Value {
    let target = v
        .pointer_mut(ptr)
        .unwrap_or_else(|| panic!("no {ptr} in fixture"));
    if key.is_empty() {
        *target = new;
    } else {
        target
            .as_object_mut()
            .unwrap_or_else(|| panic!("{ptr} is not an object"))
            .insert(key.to_owned(), new);
    }
    v
}

fn remove(mut v: Value, ptr: &str, key: &str) -> Value {
    let obj = v.pointer_mut(ptr).and_then(Value::as_object_mut);
    let removed = obj.unwrap_or_else(|| panic!("no object {ptr}")).remove(key);
    assert!(removed.is_some(), "{ptr} has no {key}");
    v
}

fn push(mut v: Value, ptr: &str, item: Value) -> Value {
    let arr = v.pointer_mut(ptr).and_then(Value::as_array_mut);
    arr.unwrap_or_else(|| panic!("no array {ptr}")).push(item);
    v
}

fn errors_of(v: &Value) -> Vec<SpecError> {
    match parse(&v.to_string()) {
        Ok(_) => panic!("expected errors, the spec loaded"),
        Err(e) => e,
    }
}

/// Asserts `v` fails with exactly one error, at `path`, containing `fragment`.
#[track_caller]
fn expect_one(v: Value, path: &str, fragment: &str) {
    let errors = errors_of(&v);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 1, "expected one error, got {shown:#?}");
    assert_eq!(errors[0].path, path, "{shown:#?}");
    assert!(
        errors[0].message.contains(fragment),
        "message {:?} lacks {fragment:?}",
        errors[0].message
    );
}

// --- valid input -----------------------------------------------------------

#[test]
fn minimal_spec_loads_into_the_expected_model() {
    let spec = parse(MINIMAL).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(spec.format_version, 1);
    assert_eq!(spec.service.api_version, "2016-11-01");
    assert_eq!(spec.service.signature.method, "HMAC-SHA1");
    assert_eq!(spec.service.common_params[0].name, "Version");
    assert!(spec.service.common_params[0].required);
    assert_eq!(spec.service.regions[0].id, "cn-shanghai");
    assert_eq!(spec.groups[0].name, "record");
    assert_eq!(spec.types[0].name, "Order");
    let Shape::Enum { values, type_name } = &spec.types[0].shape else {
        panic!("Order is an enum")
    };
    assert_eq!(type_name, &None);
    assert_eq!(values[1].value, "desc");
    assert_eq!(values[1].rust_name.as_deref(), Some("Descending"));

    let a = spec
        .action("AddLiveAppRecordConfig")
        .expect("action present");
    assert_eq!(a.group, "record");
    assert_eq!(a.params.len(), 14);
    let rf = a.param("RecordFormat").expect("param");
    assert_eq!(rf.style, Style::RepeatList);
    assert_eq!(rf.constraints.max_items, Some(3));
    let Shape::List {
        items,
        wrapper: None,
    } = &rf.shape
    else {
        panic!("list")
    };
    let Shape::Struct { type_name, fields } = items.as_ref() else {
        panic!("struct items")
    };
    assert_eq!(type_name.as_deref(), Some("RecordFormatItem"));
    assert_eq!(fields[1].constraints.min, Some(0.5));
    assert_eq!(
        a.param("OssEndpoint").and_then(|p| p.rust_name.as_deref()),
        Some("oss_endpoint_host")
    );
    assert_eq!(
        a.param("Order").map(|p| &p.shape),
        Some(&Shape::Ref("Order".into()))
    );
    assert_eq!(
        a.param("Order").and_then(|p| p.default.clone()),
        Some(json!("asc"))
    );
    assert_eq!(a.param("Extra").map(|p| p.style), Some(Style::Json));
    assert!(!a.param("EndTime").expect("param").required);
    assert_eq!(
        a.rules,
        vec![
            Rule::TimeRange {
                start: "StartTime".into(),
                end: "EndTime".into(),
                max_span_seconds: Some(86400),
                both_or_neither: true
            },
            Rule::RequiredIf {
                param: "Target".into(),
                when: "Mode".into(),
                equals: "1".into()
            },
        ]
    );
    let items = a.field("Items").expect("field");
    assert!(matches!(&items.shape, Shape::List { wrapper: Some(w), .. } if w == "Item"));
    assert!(
        matches!(&a.field("Tags").expect("field").shape, Shape::Map { values } if matches!(values.as_ref(), Shape::List { .. }))
    );
    assert_eq!(
        a.pagination.as_ref().map(|p| p.items.as_str()),
        Some("Items")
    );
    assert_eq!(a.errors[0].http_status, 409);
    assert_eq!(spec.callbacks[0].transport, CallbackTransport::HttpGetQuery);
    assert_eq!(spec.callbacks[1].transport, CallbackTransport::HttpPostJson);
    assert!(spec.callbacks[0].response[0].required);
}

#[test]
fn fixture_is_in_canonical_form_and_round_trips() {
    let spec = parse(MINIMAL).unwrap_or_else(|e| panic!("{e:#?}"));
    let text = to_json(&spec);
    assert_eq!(
        text, MINIMAL,
        "to_json must reproduce the canonical fixture byte for byte"
    );
    assert_eq!(parse(&text), Ok(spec));
}

#[test]
fn writer_omits_defaults_and_keeps_required_keys() {
    let v = set(base(), APP_NAME, "required", json!(false));
    let v = set(v, APP_NAME, "style", json!("plain"));
    let v = set(v, ACTION, "errors", json!([]));
    let v = set(v, ACTION, "description", json!(""));
    let spec = parse(&v.to_string()).unwrap_or_else(|e| panic!("{e:#?}"));
    let text = to_json(&spec);
    let out: Value = serde_json::from_str(&text).expect("valid JSON");
    let app = out.pointer(APP_NAME).expect("param");
    assert_eq!(app.get("required"), None);
    assert_eq!(app.get("style"), None);
    assert_eq!(out.pointer(ACTION).and_then(|a| a.get("errors")), None);
    assert_eq!(out.pointer(ACTION).and_then(|a| a.get("description")), None);
    assert_eq!(
        out.get("types").and_then(Value::as_array).map(Vec::len),
        Some(2)
    );
    assert!(text.ends_with("}\n"));
    assert_eq!(parse(&text), Ok(spec));
}

#[test]
fn real_spec_validates_and_round_trips() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/live-2016-11-01.json");
    assert!(path.exists(), "spec file missing: {}", path.display());
    let spec = aliyun_live_codegen::load_file(&path).unwrap_or_else(|errors| {
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("{} errors in the spec:\n{}", errors.len(), shown.join("\n"))
    });
    assert!(!spec.actions.is_empty());
    let text = to_json(&spec);
    assert_eq!(parse(&text).as_ref(), Ok(&spec));
    // Canonical output is a fixed point.
    assert_eq!(parse(&text).map(|s| to_json(&s)), Ok(text));
}

#[test]
fn missing_file_is_an_error_naming_the_path() {
    let errors = aliyun_live_codegen::load_file(std::path::Path::new("/nonexistent/spec.json"))
        .expect_err("missing file");
    assert_eq!(errors[0].path, "/nonexistent/spec.json");
}

// --- malformed input -------------------------------------------------------

#[track_caller]
fn expect_top(text: &str, fragment: &str) {
    let errors = parse(text).expect_err("must not load");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].message.contains(fragment),
        "{:?} lacks {fragment:?}",
        errors[0].message
    );
}

#[test]
fn malformed_files_are_reported() {
    expect_top("", "empty file");
    expect_top(" \n\t", "empty file");
    expect_top("[]", "top level must be a JSON object, found an array");
    expect_top("42", "found number 42");
    expect_top("{\"format_version\": 1,", "truncated JSON");
    expect_top("{\n  \"format_version\": 1,\n  oops\n}", "line 3 column 3");
    expect_top("{} {}", "invalid JSON");
}

#[test]
fn every_truncation_of_a_valid_spec_is_an_error() {
    for end in (0..MINIMAL.len()).filter(|&i| MINIMAL.is_char_boundary(i)) {
        let cut = &MINIMAL[..end];
        // Only trailing whitespace may be cut and still load.
        if cut.trim_end() == MINIMAL.trim_end() {
            continue;
        }
        let errors = parse(cut).expect_err("truncated spec loaded");
        assert!(!errors.is_empty());
    }
}

#[test]
fn garbage_never_panics() {
    // A small deterministic generator: no dependency, reproducible failures.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"{}[]\",:0123456789.-eE truefalsn\\/\nab\xc3\xa9";
    for _ in 0..2000 {
        let len = (next() % 64) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let text = String::from_utf8_lossy(&bytes);
        assert!(parse(&text).is_err(), "garbage loaded: {text:?}");
    }
}

/// Replaces every value in the fixture, one at a time, by values of every
/// JSON type: no panic, every error has a message, and one mistake gives a
/// few errors, not a cascade.
#[test]
fn type_confusion_anywhere_never_panics() {
    fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => o
                .iter()
                .for_each(|(k, c)| pointers(c, format!("{at}/{k}"), out)),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }
    let mut all = Vec::new();
    pointers(&base(), String::new(), &mut all);
    let replacements = [
        json!(null),
        json!(true),
        json!(-1),
        json!(1.5),
        json!("x"),
        json!([]),
        json!({}),
        json!([1]),
    ];
    for ptr in all.iter().filter(|p| !p.is_empty()) {
        for r in &replacements {
            let v = set(base(), ptr, "", r.clone());
            if let Err(errors) = parse(&v.to_string()) {
                assert!(
                    errors.iter().all(|e| !e.message.is_empty()),
                    "{ptr}: {errors:#?}"
                );
                // Renaming or emptying a list legitimately breaks its users.
                let rename = ptr.ends_with("/name") && r.is_string();
                let emptied = r == &json!([]);
                assert!(
                    rename || emptied || errors.len() <= 4,
                    "{ptr} = {r}: {errors:#?}"
                );
            }
        }
    }
}

// --- wrong JSON types, unknown and missing keys ----------------------------

#[test]
fn wrong_json_type() {
    expect_one(
        set(base(), APP_NAME, "required", json!("yes")),
        &format!("{P}.params.AppName.required"),
        "expected a boolean (true/false), found string \"yes\"",
    );
    expect_one(
        set(base(), APP_NAME, "example", json!(10)),
        &format!("{P}.params.AppName.example"),
        "expected a string, found number 10",
    );
    expect_one(
        set(base(), ACTION, "params", json!({})),
        &format!("{P}.params"),
        "expected an array, found an object",
    );
    expect_one(
        set(base(), ACTION, "notes", json!(["ok", 3])),
        &format!("{P}.notes[1]"),
        "expected a string, found number 3",
    );
    expect_one(
        set(base(), "/actions", "", json!([[]])),
        "actions[0]",
        "expected an object, found an array",
    );
    expect_one(
        set(base(), "/service", "", json!("live")),
        "service",
        "expected an object, found string \"live\"",
    );
}

#[test]
fn unknown_keys() {
    expect_one(
        set(base(), APP_NAME, "requird", json!(true)),
        &format!("{P}.params.AppName"),
        "unknown key \"requird\" (did you mean \"required\"?)",
    );
    let errors = errors_of(&set(base(), "/service", "zzz_extra", json!(1)));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "service");
    assert!(
        errors[0]
            .message
            .contains("allowed keys: product, api_version"),
        "{}",
        errors[0].message
    );
    expect_one(
        set(base(), "", "extra", json!(1)),
        "",
        "unknown key \"extra\"",
    );
    expect_one(
        set(
            base(),
            &format!("{APP_NAME}/constraints"),
            "maximum",
            json!(3),
        ),
        &format!("{P}.params.AppName.constraints"),
        "unknown key \"maximum\"",
    );
    expect_one(
        set(
            base(),
            &format!("{ORDER_TYPE}/values/0"),
            "label",
            json!("x"),
        ),
        "types.Order.values[0]",
        "unknown key \"label\"",
    );
}

#[test]
fn missing_required_keys() {
    expect_one(
        remove(base(), ACTION, "summary"),
        P,
        "missing required key \"summary\"",
    );
    expect_one(
        remove(base(), ACTION, "group"),
        P,
        "missing required key \"group\"",
    );
    expect_one(
        remove(base(), APP_NAME, "type"),
        &format!("{P}.params.AppName"),
        "missing required key \"type\"",
    );
    expect_one(
        remove(base(), APP_NAME, "name"),
        &format!("{P}.params[0]"),
        "missing required key \"name\"",
    );
    expect_one(
        remove(base(), "/service/common_errors/0", "http_status"),
        "service.common_errors.Throttling",
        "missing required key \"http_status\"",
    );
    expect_one(
        remove(base(), "", "callbacks"),
        "",
        "missing required key \"callbacks\"",
    );
    expect_one(
        remove(base(), "/groups/0", "title"),
        "groups.record",
        "missing required key \"title\"",
    );
    expect_one(
        set(base(), ACTION, "summary", json!("")),
        &format!("{P}.summary"),
        "must not be empty",
    );
}

// --- types -------------------------------------------------------------------

#[test]
fn unknown_type() {
    let ptr = format!("{RECORD_FORMAT}/items/fields/0");
    expect_one(
        set(base(), &ptr, "type", json!("strng")),
        &format!("{P}.params.RecordFormat.N.Format"),
        "unknown type \"strng\" (did you mean \"string\"?)",
    );
    expect_one(
        set(base(), APP_NAME, "type", json!("varchar")),
        &format!("{P}.params.AppName"),
        "unknown type \"varchar\" (expected one of: string, integer",
    );
}

#[test]
fn dangling_type_reference() {
    expect_one(
        set(base(), ORDER_PARAM, "type", json!("Ordr")),
        &format!("{P}.params.Order"),
        "type \"Ordr\" is not defined in types (did you mean \"Order\"?)",
    );
    expect_one(
        set(
            base(),
            &format!("{FORMATS}/items"),
            "type",
            json!("Sorting"),
        ),
        &format!("{P}.params.Formats.N"),
        "type \"Sorting\" is not defined in types",
    );
}

#[test]
fn named_type_must_be_enum_or_struct() {
    let v = push(base(), "/types", json!({"name": "Alias", "type": "string"}));
    expect_one(
        v,
        "types.Alias",
        "a named type must be \"enum\" or \"struct\", not \"string\"",
    );
    let v = push(base(), "/types", json!({"name": "Loop", "type": "Order"}));
    expect_one(v, "types.Loop", "a named type must be");
    let v = push(
        base(),
        "/types",
        json!({"name": "Inline", "type": "enum", "type_name": "X", "values": [{"value": "a"}]}),
    );
    expect_one(v, "types.Inline", "unknown key \"type_name\"");
}

// --- duplicates ------------------------------------------------------------

#[test]
fn duplicates() {
    let action = base().pointer(ACTION).cloned().expect("action");
    expect_one(
        push(base(), "/actions", action),
        P,
        "duplicate action \"AddLiveAppRecordConfig\" (entries [0] and [1])",
    );
    let param = base().pointer(APP_NAME).cloned().expect("param");
    expect_one(
        push(base(), &format!("{ACTION}/params"), param),
        &format!("{P}.params.AppName"),
        "duplicate parameter \"AppName\"",
    );
    expect_one(
        push(
            base(),
            &format!("{RECORD_FORMAT_TYPE}/fields"),
            json!({"name": "Format", "type": "string"}),
        ),
        "types.RecordFormat.Format",
        "duplicate field \"Format\"",
    );
    expect_one(
        push(
            base(),
            &format!("{ACTION}/response"),
            json!({"name": "RequestId", "type": "string"}),
        ),
        &format!("{P}.response.RequestId"),
        "duplicate field \"RequestId\"",
    );
    let t = base().pointer(ORDER_TYPE).cloned().expect("type");
    expect_one(
        push(base(), "/types", t),
        "types.Order",
        "duplicate type \"Order\"",
    );
    expect_one(
        push(
            base(),
            "/groups",
            json!({"name": "record", "title": "again"}),
        ),
        "groups.record",
        "duplicate group \"record\"",
    );
    let cb = base().pointer("/callbacks/0").cloned().expect("callback");
    expect_one(
        push(base(), "/callbacks", cb),
        "callbacks.OnDemandRecord",
        "duplicate callback \"OnDemandRecord\"",
    );
    expect_one(
        push(
            base(),
            &format!("{ORDER_TYPE}/values"),
            json!({"value": "asc"}),
        ),
        "types.Order.values[2]",
        "duplicate enum value \"asc\" (entries [0] and [2])",
    );
    expect_one(
        push(
            base(),
            &format!("{ACTION}/errors"),
            json!({"code": "TaskAlreadyStarted", "http_status": 400, "message": "m"}),
        ),
        &format!("{P}.errors.TaskAlreadyStarted"),
        "duplicate error code \"TaskAlreadyStarted\"",
    );
}

// --- enums and shape keys ----------------------------------------------------

#[test]
fn enum_values() {
    expect_one(
        set(base(), &format!("{MODE}/values/0"), "value", json!(0)),
        &format!("{P}.params.Mode.values[0]"),
        "enum values must be strings: write \"0\"",
    );
    expect_one(
        set(base(), ORDER_TYPE, "values", json!([])),
        "types.Order.values",
        "an enum needs at least one value",
    );
    expect_one(
        remove(base(), ORDER_TYPE, "values"),
        "types.Order",
        "missing required key \"values\"",
    );
}

#[test]
fn shape_keys_on_the_wrong_type() {
    let app = format!("{P}.params.AppName");
    expect_one(
        set(base(), APP_NAME, "values", json!([{"value": "a"}])),
        &format!("{app}.values"),
        "only an enum takes \"values\" (type is \"string\")",
    );
    expect_one(
        set(base(), APP_NAME, "items", json!({"type": "string"})),
        &format!("{app}.items"),
        "only a list or map takes \"items\"",
    );
    expect_one(
        set(base(), APP_NAME, "fields", json!([])),
        &format!("{app}.fields"),
        "only a struct takes \"fields\"",
    );
    expect_one(
        set(base(), APP_NAME, "type_name", json!("Name")),
        &format!("{app}.type_name"),
        "only an inline enum or struct takes \"type_name\"",
    );
    expect_one(
        set(base(), APP_NAME, "wrapper", json!("X")),
        &format!("{app}.wrapper"),
        "only a list outside request parameters takes \"wrapper\"",
    );
    expect_one(
        set(base(), RECORD_FORMAT, "wrapper", json!("X")),
        &format!("{P}.params.RecordFormat.wrapper"),
        "only a list outside request parameters",
    );
    expect_one(
        set(base(), ITEMS_FIELD, "type_name", json!("X")),
        &format!("{P}.response.Items.type_name"),
        "only an inline enum or struct",
    );
}

#[test]
fn list_without_items_and_struct_without_fields() {
    expect_one(
        remove(base(), RECORD_FORMAT, "items"),
        &format!("{P}.params.RecordFormat"),
        "missing required key \"items\"",
    );
    expect_one(
        remove(base(), &format!("{RECORD_FORMAT}/items"), "fields"),
        &format!("{P}.params.RecordFormat.N"),
        "missing required key \"fields\"",
    );
    expect_one(
        set(base(), RECORD_FORMAT_TYPE, "fields", json!([])),
        "types.RecordFormat.fields",
        "a struct needs at least one field",
    );
}

// --- constraints, defaults, styles -------------------------------------------

#[test]
fn contradictory_constraints() {
    let c = format!("{P}.params.AppName.constraints");
    let cp = format!("{APP_NAME}/constraints");
    expect_one(
        set(base(), &cp, "min_length", json!(300)),
        &c,
        "min_length 300 is greater than max_length 255",
    );
    let pc = format!("{PAGE_NUM}/constraints");
    expect_one(
        set(base(), &pc, "max", json!(0)),
        &format!("{P}.params.PageNum.constraints"),
        "min 1 is greater than max 0",
    );
    let rc = format!("{RECORD_FORMAT}/constraints");
    expect_one(
        set(base(), &rc, "min_items", json!(4)),
        &format!("{P}.params.RecordFormat.constraints"),
        "min_items 4 is greater than max_items 3",
    );
    expect_one(
        set(base(), &cp, "min_length", json!(-1)),
        &format!("{c}.min_length"),
        "expected a non-negative integer",
    );
}

#[test]
fn misplaced_constraints() {
    let cp = format!("{APP_NAME}/constraints");
    let c = format!("{P}.params.AppName.constraints");
    expect_one(
        set(base(), &cp, "min", json!(1)),
        &format!("{c}.min"),
        "min applies to integer, long or float members, not \"string\"",
    );
    let pc = format!("{PAGE_NUM}/constraints");
    expect_one(
        set(base(), &pc, "max_length", json!(3)),
        &format!("{P}.params.PageNum.constraints.max_length"),
        "max_length applies to string members, not \"integer\"",
    );
    expect_one(
        set(base(), &cp, "max_items", json!(3)),
        &format!("{c}.max_items"),
        "max_items applies to list members",
    );
    expect_one(
        set(base(), &cp, "not_before", json!("2018-01-01T00:00:00Z")),
        &format!("{c}.not_before"),
        "not_before applies to timestamp",
    );
    let sc = format!("{START_TIME}/constraints");
    expect_one(
        set(base(), &sc, "not_before", json!("2018-01-01 00:00:00")),
        &format!("{P}.params.StartTime.constraints.not_before"),
        "is not a UTC timestamp",
    );
    expect_one(
        set(base(), &sc, "not_before", json!("2018-13-01T00:00:00Z")),
        &format!("{P}.params.StartTime.constraints.not_before"),
        "is not a UTC timestamp",
    );
}

#[test]
fn bad_defaults() {
    let d = |name: &str| format!("{P}.params.{name}.default");
    expect_one(
        set(base(), PAGE_NUM, "default", json!(0)),
        &d("PageNum"),
        "default 0 is outside [1, ∞]",
    );
    expect_one(
        set(base(), PAGE_NUM, "default", json!("1")),
        &d("PageNum"),
        "expected an integer in range for type \"integer\", found string \"1\"",
    );
    expect_one(
        set(base(), PAGE_NUM, "default", json!(3_000_000_000_i64)),
        &d("PageNum"),
        "an integer in range",
    );
    expect_one(
        set(base(), ORDER_PARAM, "default", json!("up")),
        &d("Order"),
        "default \"up\" is not one of the enum values: asc, desc",
    );
    expect_one(
        set(base(), MODE, "default", json!(1)),
        &d("Mode"),
        "expected a string",
    );
    expect_one(
        set(base(), APP_NAME, "default", json!(true)),
        &d("AppName"),
        "expected a string for type \"string\", found boolean true",
    );
    expect_one(
        set(base(), APP_NAME, "default", json!("")),
        &d("AppName"),
        "breaks the length constraints",
    );
    expect_one(
        set(base(), APP_NAME, "default", json!(null)),
        &d("AppName"),
        "null is not a default",
    );
    expect_one(
        set(
            base(),
            &format!("{RECORD_FORMAT_TYPE}/fields/1"),
            "default",
            json!(60),
        ),
        "types.RecordFormat.CycleDuration.default",
        "outside [300, 21600]",
    );
}

#[test]
fn styles_must_fit_the_shape() {
    let s = |name: &str| format!("{P}.params.{name}.style");
    expect_one(
        set(base(), APP_NAME, "style", json!("repeat_list")),
        &s("AppName"),
        "repeat_list and csv need a list",
    );
    expect_one(
        set(base(), RECORD_FORMAT, "style", json!("csv")),
        &s("RecordFormat"),
        "csv needs a list of scalars",
    );
    expect_one(
        set(base(), RECORD_FORMAT, "style", json!("flat")),
        &s("RecordFormat"),
        "flat needs a struct",
    );
    expect_one(
        remove(base(), RECORD_FORMAT, "style"),
        &s("RecordFormat"),
        "needs a style",
    );
    expect_one(
        remove(base(), FLAT_FORMAT, "style"),
        &s("Format"),
        "needs a style",
    );
    expect_one(
        set(base(), APP_NAME, "style", json!("query")),
        &s("AppName"),
        "unknown style \"query\"",
    );
    expect_one(
        set(base(), ITEMS_FIELD, "style", json!("plain")),
        &format!("{P}.response.Items.style"),
        "only top-level request parameters have a style",
    );
    expect_one(
        set(base(), ITEMS_FIELD, "constraints", json!({})),
        &format!("{P}.response.Items.constraints"),
        "constraints apply to request parameters only",
    );
    expect_one(
        set(base(), ITEMS_FIELD, "required", json!(true)),
        &format!("{P}.response.Items.required"),
        "response fields cannot be marked required",
    );
    expect_one(
        set(base(), APP_NAME, "aliases", json!(["App"])),
        &format!("{P}.params.AppName.aliases"),
        "aliases apply to decoded fields only",
    );
    expect_one(
        set(
            base(),
            "/callbacks/0/request/0",
            "constraints",
            json!({"min_length": 1}),
        ),
        "callbacks.OnDemandRecord.request.domain.constraints",
        "constraints apply to request parameters only",
    );
}

// --- cross references --------------------------------------------------------

#[test]
fn group_must_exist() {
    expect_one(
        set(base(), ACTION, "group", json!("recrod")),
        &format!("{P}.group"),
        "group \"recrod\" is not defined in groups (did you mean \"record\"?)",
    );
}

#[test]
fn rules_must_name_fitting_params() {
    let r0 = format!("{ACTION}/rules/0");
    let r1 = format!("{ACTION}/rules/1");
    expect_one(
        set(base(), &r0, "start", json!("Begin")),
        &format!("{P}.rules[0].start"),
        "\"Begin\" is not a parameter of AddLiveAppRecordConfig",
    );
    expect_one(
        set(base(), &r0, "end", json!("AppName")),
        &format!("{P}.rules[0].end"),
        "time_range needs a timestamp parameter; \"AppName\" is not",
    );
    expect_one(
        set(base(), &r1, "param", json!("Nope")),
        &format!("{P}.rules[1].param"),
        "\"Nope\" is not a parameter",
    );
    expect_one(
        set(base(), &r1, "when", json!("Nope")),
        &format!("{P}.rules[1].when"),
        "\"Nope\" is not a parameter",
    );
    expect_one(
        set(base(), &r1, "equals", json!("2")),
        &format!("{P}.rules[1].equals"),
        "\"2\" is not a value of Mode: 0, 1",
    );
    expect_one(
        set(base(), &r1, "rule", json!("required_iff")),
        &format!("{P}.rules[1].rule"),
        "unknown rule \"required_iff\" (did you mean \"required_if\"?)",
    );
    expect_one(
        remove(base(), &r1, "equals"),
        &format!("{P}.rules[1]"),
        "missing required key \"equals\"",
    );
}

#[test]
fn pagination_must_name_existing_members() {
    let p = format!("{ACTION}/pagination");
    let at = |k: &str| format!("{P}.pagination.{k}");
    expect_one(
        set(base(), &p, "page_number", json!("PageNumber")),
        &at("page_number"),
        "\"PageNumber\" is not a parameter of AddLiveAppRecordConfig",
    );
    expect_one(
        set(base(), &p, "page_size", json!("Size")),
        &at("page_size"),
        "is not a parameter",
    );
    expect_one(
        set(base(), &p, "items", json!("Nope")),
        &at("items"),
        "\"Nope\" is not a response field of AddLiveAppRecordConfig",
    );
    expect_one(
        set(base(), &p, "items", json!("TotalNum")),
        &at("items"),
        "\"TotalNum\" must be a list field, not \"integer\"",
    );
    expect_one(
        set(base(), &p, "total_pages", json!("Pages")),
        &at("total_pages"),
        "is not a response field",
    );
}

// --- identifiers and enumerations of the format ---------------------------

#[test]
fn invalid_identifiers_and_values() {
    let v = set(base(), ACTION, "name", json!("addLiveAppRecordConfig"));
    expect_one(
        v,
        "actions.addLiveAppRecordConfig.name",
        "action name \"addLiveAppRecordConfig\" must be UpperCamelCase ASCII",
    );
    expect_one(
        set(base(), APP_NAME, "rust_name", json!("type")),
        &format!("{P}.params.AppName.rust_name"),
        "\"type\" is not a valid Rust identifier: it is a Rust keyword",
    );
    expect_one(
        set(base(), APP_NAME, "rust_name", json!("9app")),
        &format!("{P}.params.AppName.rust_name"),
        "must start with a letter",
    );
    expect_one(
        set(base(), APP_NAME, "rust_name", json!("app-name")),
        &format!("{P}.params.AppName.rust_name"),
        "only ASCII letters",
    );
    let v = set(base(), "/groups/0", "name", json!("Record"));
    let errors = errors_of(&set(v, ACTION, "group", json!("Record")));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, "groups.Record.name");
    assert!(errors[0].message.contains("must be snake_case"));
    expect_one(
        set(
            base(),
            &format!("{ACTION}/errors/0"),
            "http_status",
            json!(700),
        ),
        &format!("{P}.errors.TaskAlreadyStarted.http_status"),
        "HTTP status 700 is outside 100..=599",
    );
    expect_one(
        set(
            base(),
            &format!("{ACTION}/errors/0"),
            "http_status",
            json!(99),
        ),
        &format!("{P}.errors.TaskAlreadyStarted.http_status"),
        "outside 100..=599",
    );
    expect_one(
        set(base(), "/callbacks/0", "transport", json!("smtp")),
        "callbacks.OnDemandRecord.transport",
        "unknown transport \"smtp\" (expected one of: http_get_query, http_post_json)",
    );
    expect_one(
        set(base(), "", "format_version", json!(2)),
        "format_version",
        "unsupported format version 2 (expected 1)",
    );
    expect_one(
        set(base(), "", "format_version", json!("1")),
        "format_version",
        "expected a non-negative integer",
    );
    expect_one(
        set(base(), MODE, "type_name", json!("record_mode")),
        &format!("{P}.params.Mode.type_name"),
        "must be UpperCamelCase",
    );
    expect_one(
        set(base(), ORDER_PARAM, "type", json!("Order_Kind")),
        &format!("{P}.params.Order"),
        "must be UpperCamelCase",
    );
}

// --- all errors at once ------------------------------------------------------

#[test]
fn all_errors_are_reported_together() {
    let v = set(base(), APP_NAME, "required", json!("yes"));
    let v = set(
        v,
        &format!("{RECORD_FORMAT}/items/fields/0"),
        "type",
        json!("strng"),
    );
    let v = set(v, ACTION, "group", json!("nope"));
    let v = set(v, "/service/common_params/0", "type", json!("text"));
    let v = set(
        v,
        "/callbacks/0/response/0",
        "type",
        json!("NeedRecordKind"),
    );
    let v = set(v, &format!("{ORDER_TYPE}/values/1"), "value", json!("asc"));
    let v = set(v, &format!("{ACTION}/pagination"), "items", json!("Gone"));
    let v = remove(v, "/groups/0", "title");
    let mut got: Vec<String> = errors_of(&v).iter().map(|e| e.path.clone()).collect();
    got.sort();
    let mut want = vec![
        format!("{P}.params.AppName.required"),
        format!("{P}.params.RecordFormat.N.Format"),
        format!("{P}.group"),
        "service.common_params.Version".to_owned(),
        "callbacks.OnDemandRecord.response.NeedRecord".to_owned(),
        "types.Order.values[1]".to_owned(),
        format!("{P}.pagination.items"),
        "groups.record".to_owned(),
    ];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn duplicate_json_keys_are_reported() {
    let text = MINIMAL.replacen(
        "\"name\": \"AppName\",",
        "\"name\": \"AppName\", \"required\": false,",
        1,
    );
    assert_ne!(text, MINIMAL);
    let errors = parse(&text).expect_err("duplicate key must not load");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].path, "actions[0].params[0]");
    assert!(
        errors[0].message.contains("duplicate key \"required\""),
        "{}",
        errors[0].message
    );
}

#[test]
fn every_action_response_has_a_request_id() {
    let v = set(
        base(),
        &format!("{ACTION}/response/0"),
        "name",
        json!("ReqId"),
    );
    expect_one(v, &format!("{P}.response"), "lacks the RequestId field");
}

//! A checker that a response body has exactly the shape the spec declares.
//!
//! Independent of the code that builds bodies: it walks a JSON
//! value against `action.response` and reports every key the spec does not
//! declare, every wrong type, and every list not nested in its declared
//! wrapper. Tests run it over a response of every action; client authors can
//! run it over recorded real responses too.

use aliyun_live_codegen::model::{Action, Member, Shape, Spec};
use serde_json::Value;

use crate::timefmt;

/// Checks a success body of `action`; returns one message per problem,
/// each starting with the JSON path (`$.LiveAppRecordList.LiveAppRecord[0].AppName`).
pub fn check(spec: &Spec, action: &Action, body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    match body {
        Value::Object(o) => {
            if !o.get("RequestId").is_some_and(Value::is_string) {
                problems.push("$.RequestId: missing or not a string".to_owned());
            }
            check_members(spec, &action.response, body, "$", &mut problems);
        }
        other => problems.push(format!("$: expected an object, got {}", kind(other))),
    }
    problems
}

/// Lists the fields the spec declares that `body` lacks (recursively inside
/// present structs and list items), as JSON paths. Absent fields are legal
/// on the wire (decoders treat them as empty); this is for checking that
/// the emulator fills everything it should.
pub fn missing_fields(spec: &Spec, action: &Action, body: &Value) -> Vec<String> {
    let mut out = Vec::new();
    missing_in(spec, &action.response, body, "$", &mut out);
    out
}

fn missing_in(spec: &Spec, members: &[Member], v: &Value, path: &str, out: &mut Vec<String>) {
    let Value::Object(o) = v else { return };
    for m in members {
        let p = format!("{path}.{}", m.name);
        match o.get(&m.name) {
            None => out.push(p),
            Some(x) => missing_shape(spec, &m.shape, x, &p, out),
        }
    }
}

fn missing_shape(spec: &Spec, shape: &Shape, v: &Value, path: &str, out: &mut Vec<String>) {
    match spec.resolve(shape) {
        Shape::Struct { fields, .. } => missing_in(spec, fields, v, path, out),
        Shape::List { items, wrapper } => {
            let (list, path) = match wrapper {
                Some(w) => (v.get(w), format!("{path}.{w}")),
                None => (Some(v), path.to_owned()),
            };
            if let Some(Value::Array(a)) = list {
                for (i, item) in a.iter().enumerate() {
                    missing_shape(spec, items, item, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// Checks an error body: exactly `RequestId`, `HostId`, `Code`, `Message`, all strings.
pub fn check_error(body: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Value::Object(o) = body else {
        return vec![format!("$: expected an object, got {}", kind(body))];
    };
    for key in ["RequestId", "HostId", "Code", "Message"] {
        if !o.get(key).is_some_and(Value::is_string) {
            problems.push(format!("$.{key}: missing or not a string"));
        }
    }
    for key in o.keys() {
        if !["RequestId", "HostId", "Code", "Message"].contains(&key.as_str()) {
            problems.push(format!("$.{key}: not a field of the error body"));
        }
    }
    problems
}

fn check_members(
    spec: &Spec,
    members: &[Member],
    v: &Value,
    path: &str,
    problems: &mut Vec<String>,
) {
    let Value::Object(o) = v else {
        problems.push(format!("{path}: expected an object, got {}", kind(v)));
        return;
    };
    for (key, value) in o {
        match members.iter().find(|m| &m.name == key) {
            Some(m) => check_shape(spec, &m.shape, value, &format!("{path}.{key}"), problems),
            None => problems.push(format!("{path}.{key}: not declared by the spec")),
        }
    }
}

fn check_shape(spec: &Spec, shape: &Shape, v: &Value, path: &str, problems: &mut Vec<String>) {
    let shape = spec.resolve(shape);
    let mut bad =
        |expected: &str| problems.push(format!("{path}: expected {expected}, got {}", kind(v)));
    match shape {
        Shape::String => {
            if !v.is_string() {
                bad("a string");
            }
        }
        Shape::Timestamp => match v.as_str() {
            Some(s) if timefmt::parse(s).is_some() => {}
            Some(s) => problems.push(format!(
                "{path}: {s:?} is not a YYYY-MM-DDThh:mm:ssZ timestamp"
            )),
            None => bad("a timestamp string"),
        },
        Shape::Enum { values, .. } => match v.as_str() {
            Some(s) if values.iter().any(|x| x.value == s) => {}
            Some(s) => problems.push(format!("{path}: {s:?} is not one of the enum's values")),
            None => bad("an enum string"),
        },
        Shape::Integer => {
            if v.as_i64().is_none_or(|n| i32::try_from(n).is_err()) {
                bad("a 32-bit integer");
            }
        }
        Shape::Long => {
            if v.as_i64().is_none() {
                bad("an integer");
            }
        }
        Shape::EpochSeconds => {
            let ok = v.as_i64().is_some() || v.as_str().is_some_and(|s| s.parse::<i64>().is_ok());
            if !ok {
                bad("epoch seconds (an integer or a numeric string)");
            }
        }
        Shape::Float => {
            if !v.is_number() {
                bad("a number");
            }
        }
        Shape::Boolean => {
            if !v.is_boolean() {
                bad("a boolean");
            }
        }
        Shape::Json => {}
        Shape::List { items, wrapper } => {
            let list = match (wrapper, v) {
                (Some(w), Value::Object(o)) => {
                    for key in o.keys().filter(|k| *k != w) {
                        problems.push(format!("{path}.{key}: not the list wrapper {w:?}"));
                    }
                    match o.get(w) {
                        Some(Value::Array(a)) => Some((a, format!("{path}.{w}"))),
                        Some(other) => {
                            problems.push(format!(
                                "{path}.{w}: expected an array, got {}",
                                kind(other)
                            ));
                            None
                        }
                        None => {
                            problems.push(format!("{path}: missing the list wrapper {w:?}"));
                            None
                        }
                    }
                }
                (Some(w), other) => {
                    problems.push(format!(
                        "{path}: expected an object wrapping the list in {w:?}, got {}",
                        kind(other)
                    ));
                    None
                }
                (None, Value::Array(a)) => Some((a, path.to_owned())),
                (None, other) => {
                    problems.push(format!("{path}: expected an array, got {}", kind(other)));
                    None
                }
            };
            if let Some((list, p)) = list {
                for (i, item) in list.iter().enumerate() {
                    check_shape(spec, items, item, &format!("{p}[{i}]"), problems);
                }
            }
        }
        Shape::Map { values } => match v {
            Value::Object(o) => {
                for (k, x) in o {
                    check_shape(spec, values, x, &format!("{path}.{k}"), problems);
                }
            }
            _ => bad("an object (map)"),
        },
        Shape::Struct { fields, .. } => check_members(spec, fields, v, path, problems),
        Shape::Ref(name) => {
            problems.push(format!("{path}: type {name} is not defined by the spec"))
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

//! Shapes handler output into the exact wire form the spec declares.
//!
//! Handlers build "logical" JSON: plain arrays for lists, numbers for
//! numbers, keyed by the spec's field names. [`render`] then walks the
//! spec's response members and produces the wire body: lists nested in
//! their `wrapper`, values coerced to the declared type (numbers become
//! numeric strings where the reference's examples use strings), and keys the
//! spec does not declare dropped. So every response conforms by
//! construction, and `conformance::check` verifies it independently.

use aliyun_live_codegen::model::{Member, Shape, Spec};
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::timefmt;

/// Renders `logical` as the members `fields` declare.
pub fn render(spec: &Spec, fields: &[Member], logical: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for f in fields {
        if let Some(v) = logical.get(&f.name) {
            if let Some(w) = render_value(spec, &f.shape, v) {
                out.insert(f.name.clone(), w);
            }
        }
    }
    out
}

/// Renders one value; `None` drops it (a value that cannot take the type).
pub fn render_value(spec: &Spec, shape: &Shape, v: &Value) -> Option<Value> {
    if v.is_null() {
        return None;
    }
    let shape = spec.resolve(shape);
    match shape {
        Shape::String | Shape::Enum { .. } => Some(Value::String(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })),
        // Always the one wire form, `YYYY-MM-DDThh:mm:ssZ`; a value that is
        // no such time (an empty "not set") is left out.
        Shape::Timestamp => match v {
            Value::String(s) => canonical_time(s).map(Value::String),
            _ => None,
        },
        Shape::Integer | Shape::Long | Shape::EpochSeconds => match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => Some(v.clone()),
            Value::Number(n) => n.as_f64().map(|f| Value::from(f.round() as i64)),
            Value::String(s) => s.parse::<i64>().ok().map(Value::from),
            Value::Bool(b) => Some(Value::from(i64::from(*b))),
            _ => None,
        },
        Shape::Float => match v {
            Value::Number(n) => n.as_f64().and_then(Number::from_f64).map(Value::Number),
            Value::String(s) => s
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number),
            _ => None,
        },
        Shape::Boolean => match v {
            Value::Bool(_) => Some(v.clone()),
            Value::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            _ => None,
        },
        Shape::Json => Some(v.clone()),
        Shape::List { items, wrapper } => {
            let list: Vec<Value> = match v {
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| render_value(spec, items, x))
                    .collect(),
                single => render_value(spec, items, single).into_iter().collect(),
            };
            Some(match wrapper {
                Some(w) => {
                    let mut m = Map::new();
                    m.insert(w.clone(), Value::Array(list));
                    Value::Object(m)
                }
                None => Value::Array(list),
            })
        }
        Shape::Map { values } => match v {
            Value::Object(o) => Some(Value::Object(
                o.iter()
                    .filter_map(|(k, x)| render_value(spec, values, x).map(|r| (k.clone(), r)))
                    .collect(),
            )),
            _ => None,
        },
        Shape::Struct { fields, .. } => match v {
            Value::Object(o) => Some(Value::Object(render(spec, fields, o))),
            _ => None,
        },
        // `resolve` follows references; an unresolvable one has no shape.
        Shape::Ref(_) => None,
    }
}

/// The time of example answers when the spec gives no example.
const EXAMPLE_TIME: &str = "1970-01-01T00:00:00Z";

/// `s` as `YYYY-MM-DDThh:mm:ssZ`, if it is a time in that form or in
/// RFC 3339 (offsets converted to UTC, fractions of a second dropped).
fn canonical_time(s: &str) -> Option<String> {
    let t = timefmt::parse(s).or_else(|| {
        OffsetDateTime::parse(s, &Rfc3339)
            .ok()
            .and_then(|t| t.replace_nanosecond(0).ok())
    })?;
    Some(timefmt::format(t))
}

/// An example-based value for a member: what the emulator answers for
/// actions it has no behaviour for, built from the spec's `example`s so it
/// has the declared shape.
pub fn example_value(spec: &Spec, m: &Member, depth: usize) -> Option<Value> {
    example_shape(spec, &m.shape, m.example.as_deref(), depth)
}

fn example_shape(spec: &Spec, shape: &Shape, example: Option<&str>, depth: usize) -> Option<Value> {
    if depth > 8 {
        return None;
    }
    let shape = spec.resolve(shape);
    let ex = example.unwrap_or("");
    match shape {
        Shape::String => Some(Value::String(ex.to_owned())),
        // Imported members carry no examples: a fixed, valid time then.
        Shape::Timestamp => Some(Value::String(
            canonical_time(ex).unwrap_or_else(|| EXAMPLE_TIME.to_owned()),
        )),
        Shape::Enum { values, .. } => values
            .iter()
            .find(|v| v.value == ex)
            .or_else(|| values.first())
            .map(|v| Value::String(v.value.clone())),
        Shape::Integer | Shape::Long | Shape::EpochSeconds => {
            Some(Value::from(ex.parse::<i64>().unwrap_or(0)))
        }
        Shape::Float => Number::from_f64(ex.parse::<f64>().unwrap_or(0.0)).map(Value::Number),
        Shape::Boolean => Some(Value::Bool(ex.eq_ignore_ascii_case("true"))),
        Shape::Json => serde_json::from_str(ex)
            .ok()
            .or_else(|| Some(Value::Object(Map::new()))),
        Shape::List { items, .. } => Some(Value::Array(
            example_shape(spec, items, example, depth + 1)
                .into_iter()
                .collect(),
        )),
        Shape::Map { .. } => Some(Value::Object(Map::new())),
        Shape::Struct { fields, .. } => {
            let mut o = Map::new();
            for f in fields {
                if let Some(v) = example_value(spec, f, depth + 1) {
                    o.insert(f.name.clone(), v);
                }
            }
            Some(Value::Object(o))
        }
        Shape::Ref(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn timestamps_render_in_the_one_wire_form() {
        let spec = crate::embedded_spec().expect("embedded spec loads");
        let ts = Shape::Timestamp;
        let r = |v: Value| render_value(&spec, &ts, &v);
        assert_eq!(
            r(json!("2026-11-25T03:04:05Z")),
            Some(json!("2026-11-25T03:04:05Z"))
        );
        assert_eq!(
            r(json!("2026-11-25T11:04:05.250+08:00")),
            Some(json!("2026-11-25T03:04:05Z"))
        );
        for v in [json!(""), json!("soon"), json!(1_764_039_845), json!(true)] {
            assert_eq!(r(v.clone()), None, "{v}");
        }
        // A string member keeps what it is given, times included.
        assert_eq!(
            render_value(&spec, &Shape::String, &json!("2017-08-30 12:02:57.0")),
            Some(json!("2017-08-30 12:02:57.0"))
        );
    }

    #[test]
    fn example_timestamps_are_valid_times() {
        let spec = crate::embedded_spec().expect("embedded spec loads");
        let given = example_shape(&spec, &Shape::Timestamp, Some("2015-12-01T17:36:00Z"), 0);
        assert_eq!(given, Some(json!("2015-12-01T17:36:00Z")));
        for ex in [None, Some(""), Some("2017-08-30 12:02:57.0")] {
            let v = example_shape(&spec, &Shape::Timestamp, ex, 0);
            assert_eq!(v, Some(json!(EXAMPLE_TIME)), "{ex:?}");
        }
    }
}

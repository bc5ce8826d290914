//! Hand-written helpers the generated code calls: constraint checks, wire
//! names, JSON encoding, pagination, serde adapters and callback decoding.
//! Keeping them here keeps the generated code short and the messages uniform.

use std::fmt::{self, Display};
use std::future::Future;

use aliyun_live_runtime::{Error, Timestamp, ValidationError};
use futures_core::Stream;
use serde::{Serialize, Serializer};

use crate::CallbackError;

// ---------------------------------------------------------------- names

/// The wire name `<prefix>.<field>` (`RecordFormat.2.Format`), formatted
/// only when needed.
#[allow(
    dead_code,
    reason = "used by generated code only when a group that needs it is enabled (cargo features)"
)]
pub(crate) struct At<'a>(pub &'a dyn Display, pub &'static str);

impl Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// The wire name `<list>.<n>` (1-based).
#[allow(
    dead_code,
    reason = "used by generated code only when a group that needs it is enabled (cargo features)"
)]
pub(crate) struct Idx<'a>(pub &'a dyn Display, pub usize);

impl Display for Idx<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

// ---------------------------------------------------------------- checks

/// Longest value excerpt an error message repeats.
const VALUE_EXCERPT: usize = 128;

fn excerpt(s: &str) -> String {
    if s.len() <= VALUE_EXCERPT {
        return s.to_owned();
    }
    let mut end = VALUE_EXCERPT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn invalid(name: &dyn Display, value: Option<String>, rule: String) -> ValidationError {
    ValidationError::new(name.to_string(), value, rule)
}

#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn missing(name: &dyn Display) -> ValidationError {
    ValidationError::missing(name.to_string())
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn bounds(what: &str, min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("{what} between {a} and {b}"),
        (Some(a), None) => format!("{what} at least {a}"),
        (None, Some(b)) => format!("{what} at most {b}"),
        (None, None) => format!("{what} unconstrained"),
    }
}

/// Inclusive numeric range.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn range(
    name: &dyn Display,
    v: f64,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), ValidationError> {
    if v.is_nan() || min.is_some_and(|m| v < m) || max.is_some_and(|m| v > m) {
        return Err(invalid(
            name,
            Some(num(v)),
            bounds("must be", min.map(num), max.map(num)),
        ));
    }
    Ok(())
}

/// Inclusive length in UTF-8 bytes.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn length(
    name: &dyn Display,
    v: &str,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    let n = v.len();
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        let rule = bounds(
            "length must be",
            min.map(|m| m.to_string()),
            max.map(|m| m.to_string()),
        );
        return Err(invalid(
            name,
            Some(excerpt(v)),
            format!("{rule} bytes (is {n})"),
        ));
    }
    Ok(())
}

/// Inclusive item count.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn items(
    name: &dyn Display,
    n: usize,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), ValidationError> {
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        let rule = bounds(
            "item count must be",
            min.map(|m| m.to_string()),
            max.map(|m| m.to_string()),
        );
        return Err(invalid(name, None, format!("{rule} (is {n})")));
    }
    Ok(())
}

/// The value starts with one of `prefixes`.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn prefixes(
    name: &dyn Display,
    v: &str,
    prefixes: &[&str],
) -> Result<(), ValidationError> {
    if prefixes.iter().any(|p| v.starts_with(p)) {
        return Ok(());
    }
    let list: Vec<String> = prefixes.iter().map(|p| format!("{p:?}")).collect();
    Err(invalid(
        name,
        Some(excerpt(v)),
        format!("must start with {}", list.join(" or ")),
    ))
}

/// The value contains every template variable of `vars`.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn vars(name: &dyn Display, v: &str, vars: &[&str]) -> Result<(), ValidationError> {
    let absent: Vec<&str> = vars
        .iter()
        .copied()
        .filter(|var| !v.contains(var))
        .collect();
    if absent.is_empty() {
        return Ok(());
    }
    Err(invalid(
        name,
        Some(excerpt(v)),
        format!("must contain {}", absent.join(" and ")),
    ))
}

/// The timestamp is not before `min_unix` (`min_text` for the message).
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn not_before(
    name: &dyn Display,
    v: Timestamp,
    min_unix: i64,
    min_text: &str,
) -> Result<(), ValidationError> {
    if v.unix() < min_unix {
        return Err(invalid(
            name,
            Some(v.to_string()),
            format!("must not be before {min_text}"),
        ));
    }
    Ok(())
}

/// `end` after `start`, at most `max_span` seconds apart; with
/// `both_or_neither`, one without the other is an error.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn time_range(
    start_name: &'static str,
    start: Option<Timestamp>,
    end_name: &'static str,
    end: Option<Timestamp>,
    max_span: Option<u64>,
    both_or_neither: bool,
) -> Result<(), ValidationError> {
    match (start, end) {
        (Some(s), Some(e)) => {
            if e <= s {
                return Err(ValidationError::new(
                    end_name,
                    Some(e.to_string()),
                    format!("must be later than {start_name} ({s})"),
                ));
            }
            if let Some(max) = max_span {
                let span = e.unix().saturating_sub(s.unix());
                if u64::try_from(span).is_ok_and(|span| span > max) {
                    return Err(ValidationError::new(
                        end_name,
                        Some(e.to_string()),
                        format!(
                            "must be at most {} after {start_name} ({s})",
                            span_text(max)
                        ),
                    ));
                }
            }
            Ok(())
        }
        (Some(_), None) if both_or_neither => Err(ValidationError::new(
            end_name,
            None,
            format!("required when {start_name} is set"),
        )),
        (None, Some(_)) if both_or_neither => Err(ValidationError::new(
            start_name,
            None,
            format!("required when {end_name} is set"),
        )),
        _ => Ok(()),
    }
}

fn span_text(secs: u64) -> String {
    if secs % 86_400 == 0 {
        format!("{} days", secs / 86_400)
    } else if secs % 3600 == 0 {
        format!("{} hours", secs / 3600)
    } else {
        format!("{secs} seconds")
    }
}

/// `param` must be set when `when` equals `equals`.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn required_if(
    param: &'static str,
    present: bool,
    when: &'static str,
    when_value: Option<&str>,
    equals: &str,
) -> Result<(), ValidationError> {
    if !present && when_value == Some(equals) {
        return Err(ValidationError::new(
            param,
            None,
            format!("required when {when} is {equals:?}"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------- JSON

/// A value for a `json`-style parameter.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn to_json<T: Serialize + ?Sized>(
    name: &dyn Display,
    v: &T,
) -> Result<String, ValidationError> {
    serde_json::to_string(v)
        .map_err(|e| invalid(name, None, format!("cannot be encoded as JSON: {e}")))
}

/// JSON text of a value whose serialization cannot fail (generated types:
/// string keys only, no fallible `Serialize` impls).
pub(crate) fn to_json_lossy<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Serializes a list inside its wire wrapper: `{"<wrapper>": [...]}`.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn ser_wrapped<T: Serialize, S: Serializer>(
    wrapper: &'static str,
    items: &[T],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(wrapper, items)?;
    map.end()
}

/// Serializes an `epoch_seconds` member as a number of seconds.
#[allow(
    dead_code,
    reason = "used by generated code only when the spec has such a constraint"
)]
pub(crate) fn ser_epoch<S: Serializer>(
    v: &Option<Timestamp>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match v {
        Some(t) => serializer.serialize_i64(t.unix()),
        None => serializer.serialize_none(),
    }
}

// ---------------------------------------------------------------- callbacks

/// A query string as a JSON object of strings; `lists` name members that
/// may repeat (they become arrays). A repeated scalar is an error.
pub(crate) fn query_to_json(
    query: &str,
    lists: &[&str],
) -> Result<serde_json::Value, CallbackError> {
    use serde_json::{Map, Value};
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut map = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = decode_component(k)?;
        let v = decode_component(v)?;
        if lists.contains(&k.as_str()) {
            // Only arrays are ever inserted under list names.
            if let Value::Array(a) = map.entry(k).or_insert_with(|| Value::Array(Vec::new())) {
                a.push(Value::String(v));
            }
        } else if map.contains_key(&k) {
            return Err(CallbackError::Malformed(format!(
                "parameter `{k}` appears more than once"
            )));
        } else {
            map.insert(k, Value::String(v));
        }
    }
    Ok(Value::Object(map))
}

fn decode_component(s: &str) -> Result<String, CallbackError> {
    let s = s.replace('+', " ");
    percent_encoding::percent_decode_str(&s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| {
            CallbackError::Malformed(format!("{:?} is not UTF-8 once decoded", excerpt(&s)))
        })
}

pub(crate) fn from_json_value<T: serde::de::DeserializeOwned>(
    v: serde_json::Value,
) -> Result<T, CallbackError> {
    serde_json::from_value(v).map_err(|e| CallbackError::Malformed(e.to_string()))
}

pub(crate) fn from_json_slice<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, CallbackError> {
    serde_json::from_slice(body).map_err(|e| CallbackError::Malformed(e.to_string()))
}

// ---------------------------------------------------------------- pagination

/// Pages a paginator fetches at most unless told otherwise.
#[allow(
    dead_code,
    reason = "used by generated code only when a group that needs it is enabled (cargo features)"
)]
pub(crate) const DEFAULT_MAX_PAGES: usize = 1000;

/// What a page says about the whole result.
#[allow(
    dead_code,
    reason = "used by generated code only when a group that needs it is enabled (cargo features)"
)]
pub(crate) struct PageInfo {
    pub items: usize,
    pub total_items: Option<i64>,
    pub total_pages: Option<i64>,
}

struct State<I, O> {
    input: I,
    page: i64,
    size: Option<i64>,
    fetched: usize,
    seen: i64,
    prev: Option<O>,
    done: bool,
}

/// Streams pages: `plan` is the built input with its first page number and
/// page size, or the validation error to yield first. Stops after the last
/// page (by `total_pages`, else `total_items`, else a short page), on an
/// empty page, when a page repeats the previous one (not yielded), or after
/// `max_pages` pages.
#[allow(
    dead_code,
    reason = "used by generated code only when a group that needs it is enabled (cargo features)"
)]
pub(crate) fn paginate<I, O, F, Fut>(
    plan: Result<(I, i64, Option<i64>), ValidationError>,
    max_pages: usize,
    fetch: F,
    info: fn(&O) -> PageInfo,
    same: fn(&O, &O) -> bool,
) -> impl Stream<Item = Result<O, Error>> + Send + 'static
where
    I: Clone + Send + 'static,
    O: Clone + Send + 'static,
    F: Fn(I, i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<O, Error>> + Send,
{
    let start = plan.map_err(Error::from).map(|(input, page, size)| State {
        input,
        page: page.max(1),
        size: size.filter(|s| *s > 0),
        fetched: 0,
        seen: 0,
        prev: None,
        done: max_pages == 0,
    });
    futures_util::stream::try_unfold((start, fetch), move |(state, fetch)| async move {
        let mut st = state?;
        if st.done {
            return Ok(None);
        }
        let out = fetch(st.input.clone(), st.page).await?;
        st.fetched += 1;
        if st.prev.as_ref().is_some_and(|p| same(p, &out)) {
            // The service sent the previous page again: it ignores the
            // page number, so continuing would never end.
            return Ok(None);
        }
        let i = info(&out);
        st.seen = st.seen.saturating_add(i.items as i64);
        let last = i.items == 0
            || match (i.total_pages, i.total_items) {
                (Some(tp), _) => st.page >= tp,
                (None, Some(ti)) => st.seen >= ti,
                (None, None) => st.size.is_some_and(|s| (i.items as i64) < s),
            }
            || st.fetched >= max_pages;
        st.done = last;
        st.page = st.page.saturating_add(1);
        st.prev = Some(out.clone());
        Ok(Some((out, (Ok(st), fetch))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(Idx(&"RecordFormat", 2).to_string(), "RecordFormat.2");
        let p = Idx(&"RecordFormat", 2).to_string();
        assert_eq!(
            At(&p.as_str(), "Format").to_string(),
            "RecordFormat.2.Format"
        );
    }

    #[test]
    fn query() {
        let v = query_to_json("?a=1&b=x%20y+z&l=1&l=2&e", &["l"]).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"a": "1", "b": "x y z", "l": ["1", "2"], "e": ""})
        );
        assert!(query_to_json("a=1&a=2", &[]).is_err());
        assert!(query_to_json("a=%FF", &[]).is_err());
    }

    #[test]
    fn time_rules() {
        let t = |s| Timestamp::parse(s).unwrap();
        let s = t("2018-01-01T00:00:00Z");
        assert!(
            time_range(
                "S",
                Some(s),
                "E",
                Some(t("2018-01-02T00:00:00Z")),
                Some(86_400),
                true
            )
            .is_ok()
        );
        let e = time_range(
            "S",
            Some(s),
            "E",
            Some(t("2018-01-03T00:00:00Z")),
            Some(86_400),
            true,
        )
        .unwrap_err();
        assert_eq!(e.param, "E");
        assert!(e.rule.contains("1 days"), "{e}");
        assert!(time_range("S", Some(s), "E", Some(s), None, false).is_err());
        assert!(time_range("S", Some(s), "E", None, None, true).is_err());
        assert!(time_range("S", Some(s), "E", None, None, false).is_ok());
    }
}

//! Spec-driven decoding and validation of an action's request parameters.
//!
//! Everything here is generic: it reads `action.params` and `action.rules`
//! and knows nothing about particular actions. The result is a JSON object
//! keyed by parameter name holding typed values (numbers as numbers, lists
//! as arrays, structs as objects, timestamps as canonical strings), with the
//! spec's defaults filled in for absent optional parameters.

use std::collections::{BTreeMap, BTreeSet};

use aliyun_live_codegen::model::{Action, Constraints, Member, Rule, Shape, Spec, Style};
use serde_json::{Map, Number, Value};

use crate::error::{ApiError, Errors};
use crate::timefmt;

/// Raw request parameters: name → value (each name at most once).
pub type RawParams = BTreeMap<String, String>;

/// Decodes and validates the action's parameters from `raw`.
///
/// Unknown parameters are ignored, like the service does.
pub fn decode(
    spec: &Spec,
    action: &Action,
    raw: &RawParams,
) -> Result<Map<String, Value>, ApiError> {
    let errs = Errors {
        spec,
        action: Some(action),
    };
    let d = Decoder { spec, errs };
    let mut out = Map::new();
    for p in &action.params {
        let value = d.param(p, raw)?;
        match value {
            Some(v) => {
                d.check_constraints(&p.name, p, &v, &p.name)?;
                out.insert(p.name.clone(), v);
            }
            None if p.required => return Err(d.missing(&p.name, &p.name)),
            None => {
                if let Some(def) = &p.default {
                    out.insert(p.name.clone(), def.clone());
                }
            }
        }
    }
    for rule in &action.rules {
        d.check_rule(rule, &out)?;
    }
    Ok(out)
}

struct Decoder<'a> {
    spec: &'a Spec,
    errs: Errors<'a>,
}

/// A raw value counts as given only when non-empty: the service treats
/// `DomainName=` like a missing `DomainName`.
fn given<'r>(raw: &'r RawParams, key: &str) -> Option<&'r str> {
    raw.get(key).map(String::as_str).filter(|v| !v.is_empty())
}

impl Decoder<'_> {
    /// `Missing<Name>` (400), or the action's documented message for it.
    /// `code_name` names the error code, `shown` the exact wire key.
    fn missing(&self, code_name: &str, shown: &str) -> ApiError {
        let code = format!("Missing{code_name}");
        if self.errs.documents(&code) {
            self.errs.make(&code, 400, "")
        } else {
            ApiError::new(400, code, format!("{shown} is mandatory for this action."))
        }
    }

    /// `Invalid<Name>.Malformed` (400): the value does not parse as its type.
    fn malformed(&self, top: &str, shown: &str, why: &str) -> ApiError {
        let code = format!("Invalid{top}.Malformed");
        self.errs.make_detailed(
            &code,
            400,
            format!("Specified parameter {shown} is not valid: {why}."),
        )
    }

    /// A time that is not `YYYY-MM-DDThh:mm:ssZ`: `Invalid<Name>.Malformed`
    /// (400), unless the action documents another code for that time
    /// instead (`IncorrectStartTime` on the caster episode actions,
    /// `InvalidParameter.StartTime` on DescribeCasters, named after the
    /// field itself for `Episode.N.StartTime`).
    fn malformed_time(&self, top: &str, shown: &str) -> ApiError {
        let generic = format!("Invalid{top}.Malformed");
        let leaf = shown
            .rsplit('.')
            .find(|seg| !seg.is_empty() && !seg.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(top);
        let code = [
            generic.clone(),
            format!("Incorrect{leaf}"),
            format!("InvalidParameter.{leaf}"),
            format!("Invalid{leaf}.Malformed"),
        ]
        .into_iter()
        .find(|c| self.errs.documents(c))
        .unwrap_or(generic);
        self.errs.make_detailed(
            &code,
            400,
            format!(
                "Specified parameter {shown} is not valid: expected a UTC time as YYYY-MM-DDThh:mm:ssZ."
            ),
        )
    }

    /// `Invalid<Name>` (400) or the documented variant: the value parses but
    /// breaks a constraint.
    fn invalid(&self, top: &str, shown: &str, why: &str) -> ApiError {
        let exact = format!("Invalid{top}");
        let malformed = format!("Invalid{top}.Malformed");
        let code = if !self.errs.documents(&exact) && self.errs.documents(&malformed) {
            malformed
        } else {
            exact
        };
        self.errs.make_detailed(
            &code,
            400,
            format!("Specified parameter {shown} is not valid: {why}."),
        )
    }

    fn param(&self, p: &Member, raw: &RawParams) -> Result<Option<Value>, ApiError> {
        let shape = self.spec.resolve(&p.shape);
        let name = &p.name;
        match p.style {
            Style::Plain => match given(raw, name) {
                None => Ok(None),
                Some(text) => match shape {
                    Shape::Struct { .. } | Shape::List { .. } | Shape::Map { .. } | Shape::Json => {
                        // A non-scalar sent plain: the only sensible reading is JSON.
                        self.json(name, shape, text).map(Some)
                    }
                    _ => self.scalar(name, name, shape, text).map(Some),
                },
            },
            Style::Json => match given(raw, name) {
                None => Ok(None),
                Some(text) => self.json(name, shape, text).map(Some),
            },
            Style::Csv => match given(raw, name) {
                None => Ok(None),
                Some(text) => {
                    let item = match shape {
                        Shape::List { items, .. } => self.spec.resolve(items),
                        other => other,
                    };
                    let mut list = Vec::new();
                    for (i, part) in text.split(',').enumerate() {
                        let part = part.trim();
                        if part.is_empty() {
                            return Err(self.malformed(
                                name,
                                name,
                                &format!("item {} is empty", i + 1),
                            ));
                        }
                        list.push(self.scalar(name, name, item, part)?);
                    }
                    Ok(Some(Value::Array(list)))
                }
            },
            Style::Flat => {
                let fields = match shape {
                    Shape::Struct { fields, .. } => fields,
                    _ => return Ok(given(raw, name).map(|v| Value::String(v.to_owned()))),
                };
                let prefix = format!("{name}.");
                if !raw.keys().any(|k| k.starts_with(&prefix)) {
                    return Ok(None);
                }
                self.struct_fields(&prefix, fields, raw)
                    .map(|m| Some(Value::Object(m)))
            }
            Style::RepeatList => self.repeat_list(name, shape, raw),
        }
    }

    fn repeat_list(
        &self,
        name: &str,
        shape: &Shape,
        raw: &RawParams,
    ) -> Result<Option<Value>, ApiError> {
        let item = match shape {
            Shape::List { items, .. } => self.spec.resolve(items),
            other => other,
        };
        let prefix = format!("{name}.");
        let mut indices = BTreeSet::new();
        for key in raw.keys() {
            let Some(rest) = key.strip_prefix(&prefix) else {
                continue;
            };
            let idx_text = rest.split('.').next().unwrap_or("");
            match idx_text.parse::<u64>() {
                Ok(i) if i >= 1 && !idx_text.starts_with('0') => {
                    indices.insert(i);
                }
                _ => {
                    return Err(self.malformed(
                        name,
                        key,
                        "the index after the name must be 1, 2, 3, ...",
                    ));
                }
            }
        }
        if indices.is_empty() {
            return Ok(None);
        }
        // 1-based and contiguous: a gap means the client lost an item.
        for (expected, actual) in (1u64..).zip(indices.iter()) {
            if expected != *actual {
                return Err(self.malformed(
                    name,
                    &format!("{name}.{expected}"),
                    "list indices must be contiguous from 1",
                ));
            }
        }
        let mut list = Vec::new();
        for i in indices {
            let key = format!("{name}.{i}");
            let v = match item {
                Shape::Struct { fields, .. } => {
                    Value::Object(self.struct_fields(&format!("{key}."), fields, raw)?)
                }
                scalar => match given(raw, &key) {
                    Some(text) => self.scalar(name, &key, scalar, text)?,
                    None => return Err(self.malformed(name, &key, "list item is empty")),
                },
            };
            list.push(v);
        }
        Ok(Some(Value::Array(list)))
    }

    /// Decodes `prefix<Field>` keys into an object, checking required fields
    /// and constraints. Errors name the field in their code and the exact
    /// wire key in their message.
    fn struct_fields(
        &self,
        prefix: &str,
        fields: &[Member],
        raw: &RawParams,
    ) -> Result<Map<String, Value>, ApiError> {
        let mut obj = Map::new();
        for f in fields {
            let key = format!("{prefix}{}", f.name);
            let shape = self.spec.resolve(&f.shape);
            // Codes name the field itself, as the reference does
            // (`InvalidOssObjectPrefix.Malformed` for `RecordFormat.N.OssObjectPrefix`);
            // messages name the exact wire key.
            let top = f.name.as_str();
            match given(raw, &key) {
                Some(text) => {
                    let v = if shape.is_scalar() {
                        self.scalar(top, &key, shape, text)?
                    } else {
                        self.json(top, shape, text)?
                    };
                    self.check_constraints(top, f, &v, &key)?;
                    obj.insert(f.name.clone(), v);
                }
                // A list inside a repeated struct goes on the wire as
                // `Name.N.Field.M`, like a top-level repeat list.
                None if matches!(shape, Shape::List { .. })
                    && raw.keys().any(|k| k.starts_with(&format!("{key}."))) =>
                {
                    if let Some(v) = self.repeat_list(&key, shape, raw)? {
                        self.check_constraints(top, f, &v, &key)?;
                        obj.insert(f.name.clone(), v);
                    }
                }
                None if f.required => return Err(self.missing(&f.name, &key)),
                None => {
                    if let Some(def) = &f.default {
                        obj.insert(f.name.clone(), def.clone());
                    }
                }
            }
        }
        Ok(obj)
    }

    fn json(&self, top: &str, shape: &Shape, text: &str) -> Result<Value, ApiError> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| self.malformed(top, top, &format!("not JSON ({e})")))?;
        let ok = match shape {
            Shape::List { .. } => v.is_array(),
            Shape::Struct { .. } | Shape::Map { .. } => v.is_object(),
            _ => true,
        };
        if ok {
            Ok(v)
        } else {
            Err(self.malformed(top, top, &format!("expected a JSON {}", shape.type_name())))
        }
    }

    fn scalar(&self, top: &str, shown: &str, shape: &Shape, text: &str) -> Result<Value, ApiError> {
        match shape {
            Shape::String | Shape::Json => Ok(Value::String(text.to_owned())),
            Shape::Integer => text
                .parse::<i32>()
                .map(Value::from)
                .map_err(|_| self.malformed(top, shown, "expected an integer")),
            Shape::Long | Shape::EpochSeconds => text
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| self.malformed(top, shown, "expected an integer")),
            Shape::Float => text
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| self.malformed(top, shown, "expected a number")),
            Shape::Boolean => match text.to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(self.malformed(top, shown, "expected true or false")),
            },
            Shape::Timestamp => timefmt::parse(text)
                .map(|t| Value::String(timefmt::format(t)))
                .ok_or_else(|| self.malformed_time(top, shown)),
            Shape::Enum { values, .. } => {
                if values.iter().any(|v| v.value == text) {
                    Ok(Value::String(text.to_owned()))
                } else {
                    let allowed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                    Err(self.invalid(
                        top,
                        shown,
                        &format!("must be one of {}", allowed.join(", ")),
                    ))
                }
            }
            // Non-scalars are handled by the callers; a reference was resolved.
            Shape::Ref(_) | Shape::List { .. } | Shape::Map { .. } | Shape::Struct { .. } => {
                Ok(Value::String(text.to_owned()))
            }
        }
    }

    fn check_constraints(
        &self,
        top: &str,
        m: &Member,
        v: &Value,
        shown: &str,
    ) -> Result<(), ApiError> {
        let c: &Constraints = &m.constraints;
        if let Value::Array(items) = v {
            let n = items.len() as u64;
            if c.min_items.is_some_and(|min| n < min) || c.max_items.is_some_and(|max| n > max) {
                return Err(self.invalid(
                    top,
                    shown,
                    &format!(
                        "has {n} items, allowed {}..={}",
                        fmt_opt(c.min_items),
                        fmt_opt(c.max_items)
                    ),
                ));
            }
            // Item-level constraints of scalar lists.
            for item in items {
                if !item.is_object() {
                    self.check_scalar(top, c, item, shown)?;
                }
            }
            return Ok(());
        }
        self.check_scalar(top, c, v, shown)
    }

    fn check_scalar(
        &self,
        top: &str,
        c: &Constraints,
        v: &Value,
        shown: &str,
    ) -> Result<(), ApiError> {
        if let Some(x) = v.as_f64().filter(|_| v.is_number()) {
            if c.min.is_some_and(|min| x < min) || c.max.is_some_and(|max| x > max) {
                return Err(self.invalid(
                    top,
                    shown,
                    &format!("{x} is outside {}..={}", fmt_f(c.min), fmt_f(c.max)),
                ));
            }
        }
        if let Value::String(s) = v {
            let n = s.len() as u64;
            if c.min_length.is_some_and(|min| n < min) || c.max_length.is_some_and(|max| n > max) {
                return Err(self.invalid(
                    top,
                    shown,
                    &format!(
                        "length {n} bytes is outside {}..={}",
                        fmt_opt(c.min_length),
                        fmt_opt(c.max_length)
                    ),
                ));
            }
            if !c.prefixes.is_empty() && !c.prefixes.iter().any(|p| s.starts_with(p.as_str())) {
                return Err(self.invalid(
                    top,
                    shown,
                    &format!("must start with {}", c.prefixes.join(" or ")),
                ));
            }
            let missing: Vec<&str> = c
                .required_vars
                .iter()
                .filter(|var| !s.contains(var.as_str()))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(self.invalid(
                    top,
                    shown,
                    &format!("must contain {}", missing.join(" and ")),
                ));
            }
            if let Some(nb) = c.not_before.as_deref().and_then(timefmt::parse) {
                if timefmt::parse(s).is_some_and(|t| t < nb) {
                    let code = format!("Invalid{top}.ValueNotSupported");
                    return Err(self.errs.make_detailed(
                        &code,
                        400,
                        format!("The specified value of parameter {shown} is not supported: it must not be before {}.", timefmt::format(nb)),
                    ));
                }
            }
        }
        Ok(())
    }

    fn check_rule(&self, rule: &Rule, out: &Map<String, Value>) -> Result<(), ApiError> {
        match rule {
            Rule::TimeRange {
                start,
                end,
                max_span_seconds,
                both_or_neither,
            } => {
                let s = out
                    .get(start)
                    .and_then(Value::as_str)
                    .and_then(timefmt::parse);
                let e = out
                    .get(end)
                    .and_then(Value::as_str)
                    .and_then(timefmt::parse);
                match (s, e) {
                    (Some(s), Some(e)) => {
                        if e <= s {
                            return Err(self.errs.make(
                                &format!("Invalid{end}.Mismatch"),
                                400,
                                format!("Specified {end} does not match the specified {start}: it must be later."),
                            ));
                        }
                        if let Some(max) = max_span_seconds {
                            let span = (e - s).whole_seconds();
                            if span > i64::try_from(*max).unwrap_or(i64::MAX) {
                                return Err(self.errs.make_detailed(
                                    "InvalidTimeSpan",
                                    400,
                                    format!("The time span exceeds the limit: {end} - {start} is {span} seconds, at most {max} allowed."),
                                ));
                            }
                        }
                    }
                    (Some(_), None) | (None, Some(_)) if *both_or_neither => {
                        let absent = if s.is_none() { start } else { end };
                        // Some actions document one code for "only one of the two".
                        if self.errs.action_documents("MissingParameter") {
                            return Err(self.errs.make_detailed(
                                "MissingParameter",
                                400,
                                format!(
                                    "{start} and {end} can not be single: {absent} is missing."
                                ),
                            ));
                        }
                        return Err(self.missing(absent, absent));
                    }
                    _ => {}
                }
            }
            Rule::RequiredIf {
                param,
                when,
                equals,
            } => {
                let actual = out.get(when).map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                if actual.as_deref() == Some(equals.as_str()) && !out.contains_key(param) {
                    let e = self.missing(param, param);
                    return Err(ApiError {
                        message: format!("{param} is mandatory when {when} is {equals}."),
                        ..e
                    });
                }
            }
        }
        Ok(())
    }
}

fn fmt_opt(v: Option<u64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn fmt_f(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

//! Converting one ApiDocs action into a spec [`Action`].
//!
//! Only facts are carried over (names, locations, styles, types, required
//! flags, enum values, ranges, nesting, error codes and their short machine
//! messages). The vendor's `title`/`description`/`summary` prose and its
//! examples are never read: every description is our own mechanical text.

use std::collections::HashSet;

use serde_json::Value;

use super::ImportError;
use super::json::Node;
use crate::model::{
    Action, Constraints, EnumValue, ErrorCode, Member, Pagination, Shape, Spec, Style,
};

/// What the caller decides about an action besides its metadata.
#[derive(Debug, Clone, Default)]
pub struct ActionMeta {
    /// `groups[].name` the action goes to.
    pub group: String,
    /// One-line summary (the seed's wording, or a mechanical one).
    pub summary: String,
    /// `source` value, e.g. `vendor metadata 2024-06-24`.
    pub source: String,
    /// Other names the seed uses for the action.
    pub aliases: Vec<String>,
    /// Action-level notes to add (decisions taken by the caller).
    pub notes: Vec<String>,
}

/// Hands out crate-wide unique Rust type names for inline enums and structs.
///
/// The generator gives every inline type a unique name anyway (appending
/// `2`, `3`, ...), but names chosen here are stable and readable, and they
/// are written into the spec so they do not shift when other actions change.
#[derive(Debug, Clone, Default)]
pub struct TypeNamer {
    taken: HashSet<String>,
}

/// Suffixes the generator appends to an action's name for its own types.
const GENERATED_SUFFIXES: &[&str] = &[
    "Input",
    "InputBuilder",
    "Output",
    "FluentBuilder",
    "Paginator",
    "Request",
    "Response",
];

impl TypeNamer {
    /// A namer that avoids every type name `spec` uses or implies.
    pub fn for_spec(spec: &Spec) -> TypeNamer {
        let mut n = TypeNamer::default();
        for t in &spec.types {
            n.taken.insert(t.name.clone());
        }
        let mut names = Vec::new();
        for a in &spec.actions {
            n.reserve_action(&a.name);
            for m in a.params.iter().chain(&a.response) {
                collect_type_names(&m.shape, &mut names);
            }
        }
        for c in &spec.callbacks {
            n.taken.insert(c.name.clone());
            for m in c.request.iter().chain(&c.response) {
                collect_type_names(&m.shape, &mut names);
            }
        }
        n.taken.extend(names);
        n
    }

    /// Reserves the names the generator derives from an action's name.
    pub fn reserve_action(&mut self, action: &str) {
        self.taken.insert(action.to_owned());
        for s in GENERATED_SUFFIXES {
            self.taken.insert(format!("{action}{s}"));
        }
    }

    /// Frees `name` for [`TypeNamer::claim`] (a type that is going away).
    pub(crate) fn release(&mut self, name: &str) {
        self.taken.remove(name);
    }

    /// The first free candidate, or the last one with a number appended.
    pub(crate) fn claim(&mut self, candidates: &[String]) -> String {
        for c in candidates {
            if !self.taken.contains(c) {
                self.taken.insert(c.clone());
                return c.clone();
            }
        }
        let base = candidates
            .last()
            .cloned()
            .unwrap_or_else(|| "Imported".into());
        let mut i = 2u32;
        loop {
            let c = format!("{base}{i}");
            if self.taken.insert(c.clone()) {
                return c;
            }
            i += 1;
        }
    }
}

fn collect_type_names(shape: &Shape, out: &mut Vec<String>) {
    match shape {
        Shape::Enum { type_name, .. } => out.extend(type_name.clone()),
        Shape::Struct { type_name, fields } => {
            out.extend(type_name.clone());
            for f in fields {
                collect_type_names(&f.shape, out);
            }
        }
        Shape::List { items, .. } => collect_type_names(items, out),
        Shape::Map { values } => collect_type_names(values, out),
        _ => {}
    }
}

/// UpperCamelCase ASCII from a wire name (`bizType` → `BizType`,
/// `stream-name` → `StreamName`); `None` if nothing usable is left.
pub fn upper_camel(name: &str) -> Option<String> {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        return None;
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    Some(out)
}

/// Where a member sits, which decides what it may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// A request parameter or a field nested in one.
    Param,
    /// A response field.
    Field,
}

/// Converts `api` (the value of `apis.<name>`) into an [`Action`].
pub fn convert_action(
    name: &str,
    api: &Node,
    meta: &ActionMeta,
    namer: &mut TypeNamer,
) -> Result<Action, Vec<ImportError>> {
    let mut cx = Cx {
        action: name.to_owned(),
        namer,
        errors: Vec::new(),
    };
    cx.namer.reserve_action(name);
    let mut notes = meta.notes.clone();
    if api.get("deprecated").and_then(Node::as_bool) == Some(true) {
        notes.push("The vendor metadata (2024) marks this action as deprecated.".into());
    }

    let mut params = Vec::new();
    match api.get("parameters") {
        None => {}
        Some(Node::Array(list)) => {
            for (i, p) in list.iter().enumerate() {
                if let Some(m) = cx.param(p, i) {
                    params.push(m);
                }
            }
        }
        Some(_) => cx.err("parameters", "must be an array"),
    }
    cx.duplicates("params", &params);

    let response = match api.get("responses").and_then(|r| r.get("200")) {
        Some(ok) => match ok.get("schema") {
            Some(schema) => cx.response(schema),
            None => {
                cx.err("responses.200", "has no schema");
                Vec::new()
            }
        },
        None => {
            cx.err("responses", "has no \"200\" response");
            Vec::new()
        }
    };
    cx.duplicates("response", &response);

    let errors = match api.get("errorCodes") {
        None => Vec::new(),
        Some(codes) => cx.error_codes(codes, &mut notes),
    };

    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let pagination = detect_pagination(&params, &response);
    Ok(Action {
        name: name.to_owned(),
        group: meta.group.clone(),
        summary: meta.summary.clone(),
        description: String::new(),
        source: meta.source.clone(),
        aliases: meta.aliases.clone(),
        notes,
        params,
        rules: Vec::new(),
        response,
        pagination,
        errors,
    })
}

struct Cx<'n> {
    action: String,
    namer: &'n mut TypeNamer,
    errors: Vec<ImportError>,
}

/// Where a nested shape sits: the member path for errors, and the name
/// stem for inline types.
#[derive(Clone)]
struct At {
    path: String,
    /// Type name of the enclosing struct (or the action name at the top).
    owner: String,
    /// UpperCamel stem for a type defined here.
    stem: String,
    side: Side,
}

impl At {
    fn child(&self, path_seg: &str, stem: String, owner: Option<&str>) -> At {
        At {
            path: format!("{}{path_seg}", self.path),
            owner: owner.unwrap_or(&self.owner).to_owned(),
            stem,
            side: self.side,
        }
    }
}

impl Cx<'_> {
    fn err(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ImportError {
            action: self.action.clone(),
            path: path.into(),
            message: message.into(),
        });
    }

    fn duplicates(&mut self, what: &str, members: &[Member]) {
        let mut seen = HashSet::new();
        for m in members {
            if !seen.insert(m.name.as_str()) {
                self.err(format!("{what}.{}", m.name), "appears twice");
            }
        }
    }

    fn type_name(&mut self, at: &At) -> String {
        let mut candidates = Vec::new();
        // `DescribeLiveDetectNotifyConfig` answers a `LiveDetectNotifyConfig`:
        // the action's own noun needs no prefix.
        if super::strip_verb(&self.action) == Some(at.stem.as_str()) {
            candidates.push(at.stem.clone());
        }
        candidates.push(format!("{}{}", self.action, at.stem));
        if at.owner != self.action {
            candidates.push(format!("{}{}", at.owner, at.stem));
        }
        self.namer.claim(&candidates)
    }

    fn param(&mut self, p: &Node, index: usize) -> Option<Member> {
        let Some(name) = p
            .get("name")
            .and_then(Node::as_str)
            .filter(|n| !n.is_empty())
        else {
            self.err(format!("params[{index}]"), "has no name");
            return None;
        };
        let path = format!("params.{name}");
        let mut notes = Vec::new();
        match p.get("in").and_then(Node::as_str) {
            Some("query") => {}
            // RPC requests sign query and form parameters alike and the
            // service reads both, so the spec does not tell them apart.
            Some("formData") => notes.push(
                "The vendor metadata (2024) places it in the form body (`in: formData`); \
                 the spec does not distinguish query and form parameters."
                    .into(),
            ),
            Some(other) => {
                self.err(
                    format!("{path}.in"),
                    format!(
                        "parameter location \"{other}\" is not supported (only query and formData)"
                    ),
                );
                return None;
            }
            None => {
                self.err(format!("{path}.in"), "has no location (`in`)");
                return None;
            }
        }
        let Some(schema) = p.get("schema").filter(|s| s.as_object().is_some()) else {
            self.err(format!("{path}.schema"), "has no schema object");
            return None;
        };
        let style_name = p.get("style").and_then(Node::as_str);
        let style = match style_name {
            None => Style::Plain,
            Some("repeatList") => Style::RepeatList,
            Some("flat") => Style::Flat,
            Some("json") => Style::Json,
            Some("simple") => Style::Csv,
            Some(other) => {
                self.err(
                    format!("{path}.style"),
                    format!(
                        "parameter style \"{other}\" is not supported (repeatList, flat, json, simple)"
                    ),
                );
                return None;
            }
        };
        let stem = upper_camel(name).unwrap_or_else(|| "Param".into());
        let at = At {
            path: path.clone(),
            owner: self.action.clone(),
            stem,
            side: Side::Param,
        };
        let mut member = self.member(name, schema, &at)?;
        member.style = style;
        member.notes.extend(notes);
        member.description = format!("The `{name}` parameter.");
        // The wire form must fit the style; otherwise it cannot be sent.
        let items = match &member.shape {
            Shape::List { items, .. } => Some(items.as_ref()),
            _ => None,
        };
        let style_label = style_name.unwrap_or("none");
        let problem = match (style, &member.shape, items) {
            (Style::Plain, s, _) if !s.is_scalar() => Some(
                "an array or object parameter needs a style (repeatList, flat, json or simple)",
            ),
            (Style::RepeatList, _, None) => Some("style repeatList needs an array"),
            (Style::RepeatList, _, Some(Shape::List { .. } | Shape::Map { .. } | Shape::Json)) => {
                Some(
                    "style repeatList needs array items that are scalars or objects with properties",
                )
            }
            (Style::Csv, _, None) => Some("style simple needs an array"),
            (Style::Csv, _, Some(i)) if !i.is_scalar() => {
                Some("style simple needs an array of scalars")
            }
            (Style::Flat, s, _) if !matches!(s, Shape::Struct { .. }) => {
                Some("style flat needs an object with properties")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.err(
                path,
                format!(
                    "{problem} (style {style_label}, type {})",
                    member.shape.type_name()
                ),
            );
            return None;
        }
        Some(member)
    }

    fn response(&mut self, schema: &Node) -> Vec<Member> {
        if schema.get("type").and_then(Node::as_str) != Some("object") {
            self.err(
                "responses.200.schema",
                "the response body must be an object",
            );
            return Vec::new();
        }
        let Some(props) = schema.get("properties").and_then(Node::as_object) else {
            self.err(
                "responses.200.schema",
                "the response body has no properties",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, s) in props {
            let at = At {
                path: format!("response.{name}"),
                owner: self.action.clone(),
                stem: upper_camel(name).unwrap_or_else(|| "Field".into()),
                side: Side::Field,
            };
            if let Some(mut m) = self.member(name, s, &at) {
                m.description = format!("The `{name}` field.");
                out.push(m);
            }
        }
        out
    }

    /// A member (parameter, field, or struct field) from its schema.
    fn member(&mut self, name: &str, schema: &Node, at: &At) -> Option<Member> {
        let mut notes = Vec::new();
        let shape = self.shape(schema, at, &mut notes)?;
        let required =
            at.side == Side::Param && schema.get("required").and_then(Node::as_bool) == Some(true);
        let constraints = if at.side == Side::Param {
            self.constraints(schema, &shape, at)?
        } else {
            // Ranges on response fields describe the service's output; the
            // format checks requests only.
            Constraints::default()
        };
        let default = if at.side == Side::Param {
            self.default(schema, &shape, &constraints, &mut notes)
        } else {
            None
        };
        let description = match at.side {
            Side::Param => format!("The `{name}` parameter."),
            Side::Field => format!("The `{name}` field."),
        };
        Some(Member {
            name: name.to_owned(),
            rust_name: None,
            shape,
            style: Style::Plain,
            required,
            default,
            description,
            example: None,
            constraints,
            aliases: Vec::new(),
            notes,
        })
    }

    fn shape(&mut self, schema: &Node, at: &At, notes: &mut Vec<String>) -> Option<Shape> {
        let Some(ty) = schema.get("type").and_then(Node::as_str) else {
            self.err(at.path.clone(), "the schema has no type");
            return None;
        };
        let format = schema.get("format").and_then(Node::as_str);
        if let Some(values) = schema.get("enum") {
            if !matches!(ty, "string" | "integer" | "number" | "boolean") {
                self.err(
                    at.path.clone(),
                    format!("an enum of type \"{ty}\" is not supported"),
                );
                return None;
            }
            let Some(values) = values.as_array() else {
                self.err(format!("{}.enum", at.path), "must be an array");
                return None;
            };
            let mut out: Vec<EnumValue> = Vec::new();
            for v in values {
                let Some(text) = v.scalar_text().filter(|t| !t.is_empty()) else {
                    self.err(
                        format!("{}.enum", at.path),
                        "holds a value that is not a scalar",
                    );
                    return None;
                };
                if !out.iter().any(|e| e.value == text) {
                    out.push(EnumValue {
                        value: text,
                        rust_name: None,
                        description: String::new(),
                    });
                }
            }
            if out.is_empty() {
                self.err(format!("{}.enum", at.path), "is empty");
                return None;
            }
            if ty != "string" {
                notes.push(format!(
                    "The vendor metadata (2024) gives it as an {ty} with a closed set of values."
                ));
            }
            return Some(Shape::Enum {
                type_name: Some(self.type_name(at)),
                values: out,
            });
        }
        let shape = match (ty, format) {
            ("string", _) => string_shape(schema, notes),
            ("integer", Some("int32")) => Shape::Integer,
            ("integer", Some("int64") | None) => Shape::Long,
            ("number", Some("float" | "double") | None) => Shape::Float,
            ("boolean", _) => Shape::Boolean,
            ("any", _) => Shape::Json,
            ("array", _) => {
                let Some(items) = schema.get("items") else {
                    self.err(at.path.clone(), "an array without items");
                    return None;
                };
                let stem = at
                    .stem
                    .strip_suffix("List")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .unwrap_or_else(|| at.stem.clone());
                let child = at.child("[]", stem, None);
                let items = self.shape(items, &child, notes)?;
                Shape::List {
                    items: Box::new(items),
                    wrapper: None,
                }
            }
            ("object", _) => return self.object(schema, at, notes),
            (t, f) => {
                let f = f.map(|f| format!(" (format {f})")).unwrap_or_default();
                self.err(at.path.clone(), format!("type \"{t}\"{f} is not supported"));
                return None;
            }
        };
        Some(shape)
    }

    fn object(&mut self, schema: &Node, at: &At, notes: &mut Vec<String>) -> Option<Shape> {
        let props = schema.get("properties").and_then(Node::as_object);
        let extra = schema.get("additionalProperties");
        match (props, extra) {
            (Some(props), None) if !props.is_empty() => {
                // A response object holding nothing but one array is how
                // ApiDocs writes a wrapped list: {"List": {"Item": [...]}}.
                if at.side == Side::Field
                    && let [(wrapper, inner)] = props
                    && inner.get("type").and_then(Node::as_str) == Some("array")
                {
                    let Some(items) = inner.get("items") else {
                        self.err(format!("{}.{wrapper}", at.path), "an array without items");
                        return None;
                    };
                    let stem = upper_camel(wrapper).unwrap_or_else(|| format!("{}Item", at.stem));
                    let child = at.child(&format!(".{wrapper}[]"), stem, None);
                    let items = self.shape(items, &child, notes)?;
                    return Some(Shape::List {
                        items: Box::new(items),
                        wrapper: Some(wrapper.clone()),
                    });
                }
                let type_name = self.type_name(at);
                let mut fields = Vec::new();
                let mut ok = true;
                for (name, s) in props {
                    let child = at.child(
                        &format!(".{name}"),
                        upper_camel(name).unwrap_or_else(|| "Field".into()),
                        Some(&type_name),
                    );
                    match self.member(name, s, &child) {
                        Some(m) => fields.push(m),
                        None => ok = false,
                    }
                }
                ok.then_some(Shape::Struct {
                    type_name: Some(type_name),
                    fields,
                })
            }
            (Some(props), Some(_)) if !props.is_empty() => {
                self.err(
                    at.path.clone(),
                    "an object with both properties and additionalProperties is not supported",
                );
                None
            }
            (_, Some(values)) => match values {
                Node::Object(_) => {
                    let child = at.child("{}", format!("{}Value", at.stem), None);
                    let values = self.shape(values, &child, notes)?;
                    Some(Shape::Map {
                        values: Box::new(values),
                    })
                }
                Node::Bool(true) => {
                    notes.push(
                        "The vendor metadata (2024) gives it as an object with any members.".into(),
                    );
                    Some(Shape::Json)
                }
                _ => {
                    self.err(
                        at.path.clone(),
                        "additionalProperties must be a schema object or true",
                    );
                    None
                }
            },
            (_, None) => {
                notes.push(
                    "The vendor metadata (2024) gives it as an object without describing its members."
                        .into(),
                );
                Some(Shape::Json)
            }
        }
    }

    fn number(&mut self, schema: &Node, key: &str, at: &At) -> Result<Option<f64>, ()> {
        let Some(v) = schema.get(key) else {
            return Ok(None);
        };
        match v.scalar_text().and_then(|t| t.trim().parse::<f64>().ok()) {
            Some(n) if n.is_finite() => Ok(Some(n)),
            _ => {
                self.err(format!("{}.{key}", at.path), "is not a number");
                Err(())
            }
        }
    }

    fn count(&mut self, schema: &Node, key: &str, at: &At) -> Result<Option<u64>, ()> {
        match self.number(schema, key, at)? {
            None => Ok(None),
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(Some(n as u64)),
            Some(_) => {
                self.err(
                    format!("{}.{key}", at.path),
                    "is not a whole, non-negative number",
                );
                Err(())
            }
        }
    }

    fn constraints(&mut self, schema: &Node, shape: &Shape, at: &At) -> Option<Constraints> {
        let c = Constraints {
            min: self.number(schema, "minimum", at).ok()?,
            max: self.number(schema, "maximum", at).ok()?,
            min_length: self.count(schema, "minLength", at).ok()?,
            max_length: self.count(schema, "maxLength", at).ok()?,
            min_items: self.count(schema, "minItems", at).ok()?,
            max_items: self.count(schema, "maxItems", at).ok()?,
            ..Constraints::default()
        };
        let numeric = matches!(shape, Shape::Integer | Shape::Long | Shape::Float);
        let string = matches!(shape, Shape::String);
        let list = matches!(shape, Shape::List { .. });
        let checks = [
            ("minimum", c.min.is_some(), numeric),
            ("maximum", c.max.is_some(), numeric),
            ("minLength", c.min_length.is_some(), string),
            ("maxLength", c.max_length.is_some(), string),
            ("minItems", c.min_items.is_some(), list),
            ("maxItems", c.max_items.is_some(), list),
        ];
        let mut ok = true;
        for (key, present, fits) in checks {
            if present && !fits {
                // An enum's values already bound it; a range on them is
                // redundant if every value lies inside it.
                if let Shape::Enum { values, .. } = shape
                    && enum_within(values, &c)
                {
                    continue;
                }
                self.err(
                    format!("{}.{key}", at.path),
                    format!(
                        "cannot apply to a {} (the format has no such constraint)",
                        shape.type_name()
                    ),
                );
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        Some(Constraints {
            min: c.min.filter(|_| numeric),
            max: c.max.filter(|_| numeric),
            min_length: c.min_length.filter(|_| string),
            max_length: c.max_length.filter(|_| string),
            ..c
        })
    }

    fn default(
        &mut self,
        schema: &Node,
        shape: &Shape,
        c: &Constraints,
        notes: &mut Vec<String>,
    ) -> Option<Value> {
        let raw = schema.get("default")?.scalar_text()?;
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let in_range = |n: f64| c.min.is_none_or(|m| n >= m) && c.max.is_none_or(|m| n <= m);
        let value = match shape {
            Shape::String => Some(Value::String(raw.to_owned())),
            Shape::Integer | Shape::Long => raw
                .parse::<i64>()
                .ok()
                .filter(|n| matches!(shape, Shape::Long) || i32::try_from(*n).is_ok())
                .filter(|n| in_range(*n as f64))
                .map(Value::from),
            Shape::Float => raw
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && in_range(*n))
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number),
            Shape::Boolean => raw.parse::<bool>().ok().map(Value::Bool),
            Shape::Enum { values, .. } => values
                .iter()
                .any(|v| v.value == raw)
                .then(|| Value::String(raw.to_owned())),
            _ => None,
        };
        if value.is_none() {
            // Kept as a note rather than dropped: the value is a fact, but
            // not one the spec can hold for this type.
            notes.push(format!(
                "The vendor metadata (2024) gives the default `{raw}`, which is not a valid {} value here.",
                shape.type_name()
            ));
        }
        value
    }

    fn error_codes(&mut self, codes: &Node, notes: &mut Vec<String>) -> Vec<ErrorCode> {
        let Some(by_status) = codes.as_object() else {
            self.err("errorCodes", "must be an object keyed by HTTP status");
            return Vec::new();
        };
        let mut out: Vec<ErrorCode> = Vec::new();
        for (status, list) in by_status {
            let Some(http_status) = status
                .parse::<u16>()
                .ok()
                .filter(|s| (100..600).contains(s))
            else {
                self.err(format!("errorCodes.{status}"), "is not an HTTP status");
                continue;
            };
            let Some(list) = list.as_array() else {
                self.err(format!("errorCodes.{status}"), "must be an array");
                continue;
            };
            for (i, e) in list.iter().enumerate() {
                let code = e.get("errorCode").and_then(Node::as_str).map(str::trim);
                let Some(code) = code.filter(|c| !c.is_empty()) else {
                    self.err(format!("errorCodes.{status}[{i}]"), "has no errorCode");
                    continue;
                };
                let message = e
                    .get("errorMessage")
                    .and_then(Node::as_str)
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .unwrap_or(code);
                match out.iter().find(|x| x.code == code) {
                    Some(first) if first.http_status != http_status => notes.push(format!(
                        "The vendor metadata (2024) lists error `{code}` under HTTP {} and {http_status}; the spec keeps {}.",
                        first.http_status, first.http_status
                    )),
                    Some(_) => {}
                    None => out.push(ErrorCode {
                        code: code.to_owned(),
                        http_status,
                        message: message.to_owned(),
                        description: String::new(),
                    }),
                }
            }
        }
        out
    }
}

/// The note on a `string` typed `timestamp` because of its example.
pub const TIMESTAMP_NOTE: &str =
    "Typed `timestamp`: the vendor metadata's example is an ISO-8601 UTC time.";

/// A vendor `string`: a `timestamp` when its example is a UTC time in the
/// `timestamp` wire form (the example is a fact about the wire format; it is
/// read, never copied), else a string, with a note when the example is a
/// time written another way.
fn string_shape(schema: &Node, notes: &mut Vec<String>) -> Shape {
    let Some(example) = schema.get("example").and_then(Node::as_str) else {
        return Shape::String;
    };
    match example_time(example) {
        Some(ExampleTime::IsoUtc) => {
            notes.push(TIMESTAMP_NOTE.into());
            Shape::Timestamp
        }
        Some(ExampleTime::Other { format, zone }) => {
            let zone = match zone {
                Zone::Utc => "",
                Zone::None => ", local time without a zone",
                Zone::Offset => ", with a UTC offset",
            };
            notes.push(format!(
                "Kept a `string`: the vendor metadata's example is a time written \
                 `{format}`{zone}, not the `timestamp` wire form `YYYY-MM-DDThh:mm:ssZ`."
            ));
            Shape::String
        }
        None => Shape::String,
    }
}

/// What an example string says about a time's wire format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleTime {
    /// `YYYY-MM-DDThh:mm:ssZ` (or without seconds): ISO-8601 in UTC, the
    /// spec's `timestamp` wire form.
    IsoUtc,
    /// A date or time written another way.
    Other {
        /// The layout, e.g. `YYYY-MM-DD hh:mm:ss.S`.
        format: String,
        zone: Zone,
    },
}

/// The zone part of a time example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// `Z`.
    Utc,
    /// No zone (local time, or unspecified).
    None,
    /// `+08:00`, `-0500`.
    Offset,
}

/// Reads `example` as a date or time starting `YYYY-MM-DD`; `None` when it
/// is not one. Surrounding whitespace is ignored (some vendor examples end
/// with a newline).
pub fn example_time(example: &str) -> Option<ExampleTime> {
    let mut r = Reader(example.trim().as_bytes());
    let mut format = String::new();
    r.digits(4)?;
    r.byte(b'-')?;
    r.digits(2)?;
    r.byte(b'-')?;
    r.digits(2)?;
    format.push_str("YYYY-MM-DD");
    if r.0.is_empty() {
        return Some(ExampleTime::Other {
            format,
            zone: Zone::None,
        });
    }
    let t = if r.byte(b'T').is_some() {
        true
    } else {
        r.byte(b' ')?;
        false
    };
    format.push(if t { 'T' } else { ' ' });
    r.digits(2)?;
    r.byte(b':')?;
    r.digits(2)?;
    format.push_str("hh:mm");
    if r.byte(b':').is_some() {
        r.digits(2)?;
        format.push_str(":ss");
    }
    let mut fraction = false;
    if r.byte(b'.').is_some() {
        let n = r.some_digits()?;
        format.push('.');
        format.extend(std::iter::repeat_n('S', n));
        fraction = true;
    }
    let zone = if r.byte(b'Z').is_some() {
        format.push('Z');
        Zone::Utc
    } else if r.byte(b'+').or_else(|| r.byte(b'-')).is_some() {
        r.digits(2)?;
        let colon = r.byte(b':').is_some();
        r.digits(2)?;
        format.push_str(if colon { "±hh:mm" } else { "±hhmm" });
        Zone::Offset
    } else {
        Zone::None
    };
    if !r.0.is_empty() {
        return None;
    }
    Some(if t && !fraction && zone == Zone::Utc {
        ExampleTime::IsoUtc
    } else {
        ExampleTime::Other { format, zone }
    })
}

/// A cursor over the bytes of an example.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self, b: u8) -> Option<()> {
        let (&first, rest) = self.0.split_first()?;
        if first != b {
            return None;
        }
        self.0 = rest;
        Some(())
    }

    fn digits(&mut self, n: usize) -> Option<()> {
        let head = self.0.get(..n)?;
        if !head.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0 = &self.0[n..];
        Some(())
    }

    /// One or more digits; how many.
    fn some_digits(&mut self) -> Option<usize> {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        self.0 = &self.0[n..];
        Some(n)
    }
}

fn enum_within(values: &[EnumValue], c: &Constraints) -> bool {
    if c.min_length.is_some()
        || c.max_length.is_some()
        || c.min_items.is_some()
        || c.max_items.is_some()
    {
        return false;
    }
    values.iter().all(|v| match v.value.parse::<f64>() {
        Ok(n) => c.min.is_none_or(|m| n >= m) && c.max.is_none_or(|m| n <= m),
        Err(_) => false,
    })
}

/// Page number, page size, one list, and a total: the shape of a paged
/// call. Filled only when every name exists at the top level.
pub fn detect_pagination(params: &[Member], response: &[Member]) -> Option<Pagination> {
    let param = |names: &[&str]| {
        names
            .iter()
            .find(|n| {
                params
                    .iter()
                    .any(|p| p.name == **n && matches!(p.shape, Shape::Integer | Shape::Long))
            })
            .map(|n| (*n).to_owned())
    };
    let page_number = param(&["PageNum", "PageNumber", "PageNo"])?;
    let page_size = param(&["PageSize"])?;
    let lists: Vec<&Member> = response
        .iter()
        .filter(|f| matches!(f.shape, Shape::List { .. }))
        .collect();
    let [items] = lists.as_slice() else {
        return None;
    };
    let field = |names: &[&str]| {
        names
            .iter()
            .find(|n| {
                response
                    .iter()
                    .any(|f| f.name == **n && matches!(f.shape, Shape::Integer | Shape::Long))
            })
            .map(|n| (*n).to_owned())
    };
    let total_items = field(&["TotalNum", "TotalCount", "Total"]);
    let total_pages = field(&["TotalPage", "TotalPages"]);
    if total_items.is_none() && total_pages.is_none() {
        return None;
    }
    Some(Pagination {
        page_number,
        page_size,
        items: items.name.clone(),
        total_items,
        total_pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other(format: &str, zone: Zone) -> Option<ExampleTime> {
        Some(ExampleTime::Other {
            format: format.into(),
            zone,
        })
    }

    #[test]
    fn iso_utc_examples_are_timestamps() {
        for e in [
            "2015-12-01T10:37:00Z",
            "2015-12-10T20:00Z",
            " 2015-12-10T15:10:00Z \n",
        ] {
            assert_eq!(example_time(e), Some(ExampleTime::IsoUtc), "{e:?}");
        }
    }

    #[test]
    fn other_time_layouts_are_described() {
        assert_eq!(
            example_time("2017-08-30 12:02:57.0"),
            other("YYYY-MM-DD hh:mm:ss.S", Zone::None)
        );
        assert_eq!(
            example_time("2023-10-17 20:26:31.988"),
            other("YYYY-MM-DD hh:mm:ss.SSS", Zone::None)
        );
        assert_eq!(
            example_time("2024-04-09 18:00:00Z"),
            other("YYYY-MM-DD hh:mm:ssZ", Zone::Utc)
        );
        assert_eq!(
            example_time("2021-11-23T12:30:00"),
            other("YYYY-MM-DDThh:mm:ss", Zone::None)
        );
        assert_eq!(
            example_time("2021-11-23T12:30:00+08:00"),
            other("YYYY-MM-DDThh:mm:ss±hh:mm", Zone::Offset)
        );
        assert_eq!(
            example_time("2021-11-23T12:30:00.5Z"),
            other("YYYY-MM-DDThh:mm:ss.SZ", Zone::Utc)
        );
        assert_eq!(example_time("2021-11-23"), other("YYYY-MM-DD", Zone::None));
    }

    #[test]
    fn non_times_are_not_read_as_times() {
        for e in [
            "",
            "live.example.com",
            "1653641526637",
            "2021-11-23T12",
            "2021-11-23T12:30:00Zx",
            "2021-1-23T12:30:00Z",
            "2021-11-23X12:30:00Z",
            "2021-11-23T12:30:00.Z",
            "２０２１-11-23T12:30:00Z",
        ] {
            assert_eq!(example_time(e), None, "{e:?}");
        }
    }

    fn schema(json: &str) -> Node {
        Node::parse(json).expect("test schema parses")
    }

    #[test]
    fn string_members_follow_their_example() {
        let mut notes = Vec::new();
        let s = schema(r#"{"type": "string", "example": "2015-12-01T10:37:00Z"}"#);
        assert_eq!(string_shape(&s, &mut notes), Shape::Timestamp);
        assert_eq!(notes, vec![TIMESTAMP_NOTE.to_owned()]);

        let mut notes = Vec::new();
        let s = schema(r#"{"type": "string", "example": "2017-08-30 12:02:57.0"}"#);
        assert_eq!(string_shape(&s, &mut notes), Shape::String);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("`YYYY-MM-DD hh:mm:ss.S`, local time without a zone"),
            "{notes:?}"
        );
        assert!(!notes[0].contains("2017"), "the example is not copied");

        for json in [
            r#"{"type": "string", "example": "live.example.com"}"#,
            r#"{"type": "string"}"#,
            r#"{"type": "string", "example": 20151201}"#,
        ] {
            let mut notes = Vec::new();
            assert_eq!(string_shape(&schema(json), &mut notes), Shape::String);
            assert!(notes.is_empty(), "{json}: {notes:?}");
        }
    }
}

//! Loading and validating a spec file.
//!
//! [`parse`] reads the JSON into a [`serde_json::Value`] and walks it by hand,
//! building the [`crate::model`] while collecting **every** problem instead of
//! stopping at the first. Each [`SpecError`] names its place with a dotted
//! path built from names rather than indices wherever a name exists:
//! `actions.AddLiveAppRecordConfig.params.RecordFormat.N.Format` (list items
//! contribute `.N`, map values `.*`, struct fields their names), and
//! `types.Order.values[2]` where there is no name.
//!
//! # Required and optional keys
//!
//! Required (a missing one is an error; required strings must not be empty):
//! - top level: `format_version` (must be `1`), `service`, `groups`, `types`,
//!   `actions`, `callbacks` (the four arrays may be empty);
//! - `service`: `product`, `api_version`, `endpoint`, `signature`
//!   (`method`, `version`); `regions[]`: `id`, `name`, `endpoint`;
//! - `groups[]`: `name` (snake_case), `title`;
//! - `types[]`: `name` (UpperCamelCase), `type` (`enum` or `struct`);
//! - members: `name`, `type`; `enum` needs non-empty `values` (each with a
//!   string `value`), `list` and `map` need `items`, `struct` needs non-empty
//!   `fields`;
//! - `actions[]`: `name` (UpperCamelCase), `group` (a `groups[].name`),
//!   `summary`, `source`;
//! - `rules[]`: `rule` and the keys of that rule (`start`/`end`, or
//!   `param`/`when`/`equals`); `pagination`: `page_number`, `page_size`,
//!   `items`;
//! - errors: `code`, `http_status` (100..=599), `message`;
//! - `callbacks[]`: `name` (UpperCamelCase), `summary`, `source`, `transport`;
//! - every action's `response` has a `RequestId` field.
//!
//! Everything else is optional; absent means empty / `false` / `plain` /
//! `None`. Which member keys are allowed depends on where the member is:
//! `style` only on request parameters; `constraints` on request parameters
//! and on fields of structs (named or inside a parameter); `required` on
//! everything but action response fields and error fields; `aliases` and
//! `wrapper` (on lists) everywhere but in request parameters and their fields.
//!
//! # Checks
//!
//! Malformed JSON (with line/column), duplicate keys in one JSON object,
//! wrong JSON types, unknown keys (with a
//! "did you mean" or the allowed list), missing keys, unknown and dangling
//! types, named types that are not enum/struct, duplicate names (actions,
//! groups, types, callbacks, regions, members within one list, enum values,
//! error codes within one list), shape keys on a type that does not take
//! them, contradictory or misplaced constraints and defaults, `style` invalid
//! for the shape (a list, map, struct or json parameter needs a style other
//! than `plain`), dangling `group`, `rules` and `pagination` references, and
//! invalid identifiers, HTTP statuses, transports and timestamps.
//!
//! Checks run in two passes: the first reads the structure, the second
//! checks what needs the whole model (resolved references, defaults against
//! constraints, styles, rules, pagination). The second pass skips members the
//! first found broken, so one mistake yields one error, not a cascade.
//! `not_before` is accepted on `timestamp` and `epoch_seconds` members.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::model::{
    Action, Callback, CallbackTransport, Constraints, EnumValue, ErrorCode, Group, Member,
    NamedType, Pagination, Region, Rule, Service, Shape, SignatureInfo, Spec, Style,
};

/// One problem found in a spec, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// Where: `actions.AddLiveAppRecordConfig.params.RecordFormat.N.Format`.
    pub path: String,
    /// What: `unknown type "strng"`.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for SpecError {}

/// Parses and validates spec text, reporting every problem found.
///
/// Never panics; on failure the errors are in document order of discovery
/// (structure first, then cross-references).
pub fn parse(text: &str) -> Result<Spec, Vec<SpecError>> {
    let top = |message: String| {
        Err(vec![SpecError {
            path: String::new(),
            message,
        }])
    };
    if text.trim().is_empty() {
        return top("empty file: expected a JSON object".into());
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) if e.is_eof() => {
            return top(format!(
                "truncated JSON: unexpected end of input at line {}, column {}",
                e.line(),
                e.column()
            ));
        }
        Err(e) => return top(format!("invalid JSON: {e}")),
    };
    let Value::Object(obj) = &value else {
        return top(format!(
            "the top level must be a JSON object, found {}",
            describe(&value)
        ));
    };
    let mut w = Walker::new(obj);
    w.errors = duplicate_keys(text);
    let spec = w.spec(obj);
    w.first_pass = w.errors.len();
    check_spec(&mut w, &spec);
    if w.errors.is_empty() {
        Ok(spec)
    } else {
        Err(w.errors)
    }
}

/// Reads and parses a spec file; an I/O error is reported with the file's
/// path as its place.
pub fn load_file(path: &Path) -> Result<Spec, Vec<SpecError>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse(&text),
        Err(e) => Err(vec![SpecError {
            path: path.display().to_string(),
            message: e.to_string(),
        }]),
    }
}

/// Equal keys in one object: `serde_json` silently keeps the last, which in
/// a reviewed file would hide an edit, so a second walk over the text reports
/// them. Paths here use indices (`actions[3].params[0]`): names are not known
/// yet.
fn duplicate_keys(text: &str) -> Vec<SpecError> {
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    // Syntax errors were reported by the first parse already.
    let _ = DeserializeSeed::deserialize(
        Keys {
            path: String::new(),
            out: &mut out,
        },
        &mut de,
    );
    out
}

struct Keys<'a> {
    path: String,
    out: &'a mut Vec<SpecError>,
}

impl<'de> DeserializeSeed<'de> for Keys<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Keys<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            let path = format!("{}[{i}]", self.path);
            if seq
                .next_element_seed(Keys {
                    path,
                    out: &mut *self.out,
                })?
                .is_none()
            {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            if !seen.insert(key.clone()) {
                let message = format!("duplicate key \"{key}\" (JSON keeps only the last)");
                self.out.push(SpecError {
                    path: self.path.clone(),
                    message,
                });
            }
            map.next_value_seed(Keys {
                path,
                out: &mut *self.out,
            })?;
        }
        Ok(())
    }
}

type Obj = Map<String, Value>;

const BUILTIN_TYPES: &[&str] = &[
    "string",
    "integer",
    "long",
    "float",
    "boolean",
    "timestamp",
    "epoch_seconds",
    "json",
    "enum",
    "list",
    "map",
    "struct",
];
const STYLES: &[&str] = &["plain", "repeat_list", "csv", "json", "flat"];
const MEMBER_KEYS: &[&str] = &[
    "name",
    "rust_name",
    "type",
    "style",
    "required",
    "default",
    "description",
    "example",
    "constraints",
    "aliases",
    "notes",
    "values",
    "type_name",
    "items",
    "wrapper",
    "fields",
];
const ITEMS_KEYS: &[&str] = &["type", "values", "type_name", "items", "wrapper", "fields"];

/// Which member keys a place allows (see the module docs).
#[derive(Clone, Copy)]
struct Ctx {
    style: bool,
    required: bool,
    constraints: bool,
    aliases: bool,
    wrapper: bool,
}

impl Ctx {
    /// Action and common request parameters.
    const PARAM: Ctx = Ctx {
        style: true,
        required: true,
        constraints: true,
        aliases: false,
        wrapper: false,
    };
    /// Action response fields and the error body.
    const FIELD: Ctx = Ctx {
        style: false,
        required: false,
        constraints: false,
        aliases: true,
        wrapper: true,
    };
    /// Callback request and response members.
    const PAYLOAD: Ctx = Ctx {
        style: false,
        required: true,
        constraints: false,
        aliases: true,
        wrapper: true,
    };
    /// Fields of named struct types (used from both sides).
    const TYPE_FIELD: Ctx = Ctx {
        style: false,
        required: true,
        constraints: true,
        aliases: true,
        wrapper: true,
    };

    /// Members nested inside this place's structs: only the top level of a
    /// parameter has a wire style (its fields follow the parent's).
    fn nested(self) -> Ctx {
        Ctx {
            style: false,
            ..self
        }
    }
}

/// How to walk one array of objects.
struct Arr {
    key: &'static str,
    required: bool,
    /// Key whose string value names an element in paths (else `[i]`).
    label: Option<&'static str>,
    /// Key whose string value must be unique, and what to call a duplicate.
    unique: Option<(&'static str, &'static str)>,
    /// Whether `key` appears in the elements' paths (struct fields leave it
    /// out: `RecordFormat.N.Format`).
    in_path: bool,
}

impl Arr {
    fn named(key: &'static str, what: &'static str, required: bool) -> Arr {
        Arr {
            key,
            required,
            label: Some("name"),
            unique: Some(("name", what)),
            in_path: true,
        }
    }
}

/// Walks a JSON value, tracking the current place and collecting errors.
struct Walker {
    path: Vec<String>,
    errors: Vec<SpecError>,
    /// Names in `types[]` / `groups[]`, gathered up front so references can be
    /// checked wherever they appear.
    type_names: Option<HashSet<String>>,
    group_names: Option<HashSet<String>>,
    /// How many errors the first (structural) pass found.
    first_pass: usize,
}

/// The names in `top[key]`, or `None` if that is not an array of named
/// objects (reported
/// elsewhere; references into it are then not checked, to avoid a cascade).
fn names_in(top: &Obj, key: &str) -> Option<HashSet<String>> {
    let items = top.get(key).and_then(Value::as_array)?;
    let names = items.iter().map(|t| t.get("name").and_then(Value::as_str));
    names.map(|n| n.map(str::to_owned)).collect()
}

impl Walker {
    fn new(top: &Obj) -> Walker {
        Walker {
            path: Vec::new(),
            errors: Vec::new(),
            type_names: names_in(top, "types"),
            group_names: names_in(top, "groups"),
            first_pass: 0,
        }
    }

    fn here(&self) -> String {
        let mut out = String::new();
        for seg in self.path.iter().filter(|s| !s.is_empty()) {
            if !out.is_empty() && !seg.starts_with('[') {
                out.push('.');
            }
            out.push_str(seg);
        }
        out
    }

    fn err(&mut self, message: impl Into<String>) {
        let path = self.here();
        self.errors.push(SpecError {
            path,
            message: message.into(),
        });
    }

    /// Whether an error was reported on the array at `path` itself or on one
    /// of its unnamed elements: then the model lacks some of its members.
    fn broken(&self, path: &str) -> bool {
        self.errors.iter().any(|e| {
            e.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
        })
    }

    /// Whether the first pass found nothing wrong at or under `path`; checks
    /// that rely on a member's details are skipped when it did.
    fn clean(&self, path: &str) -> bool {
        !self.errors[..self.first_pass].iter().any(|e| {
            e.path.strip_prefix(path).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with('.') || rest.starts_with('[')
            })
        })
    }

    /// Whether an error was reported exactly at `path`.
    fn reported(&self, path: &str) -> bool {
        self.errors.iter().any(|e| e.path == path)
    }

    fn err_key(&mut self, key: &str, message: impl Into<String>) {
        self.at(key, |w| w.err(message));
    }

    fn at<T>(&mut self, seg: impl Into<String>, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(seg.into());
        let out = f(self);
        self.path.pop();
        out
    }

    fn check_keys(&mut self, obj: &Obj, allowed: &[&str]) {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                let hint = match did_you_mean(key, allowed) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None => format!("allowed keys: {}", allowed.join(", ")),
                };
                self.err(format!("unknown key \"{key}\" ({hint})"));
            }
        }
    }

    /// The value at `key`, reporting it missing if `required`.
    fn get<'v>(&mut self, obj: &'v Obj, key: &str, required: bool) -> Option<&'v Value> {
        let v = obj.get(key);
        if v.is_none() && required {
            self.err(format!("missing required key \"{key}\""));
        }
        v
    }

    fn typed<'v, T>(
        &mut self,
        obj: &'v Obj,
        key: &str,
        required: bool,
        expected: &str,
        conv: impl FnOnce(&'v Value) -> Option<T>,
    ) -> Option<T> {
        let v = self.get(obj, key, required)?;
        let out = conv(v);
        if out.is_none() {
            self.err_key(key, format!("expected {expected}, found {}", describe(v)));
        }
        out
    }

    fn opt_str(&mut self, obj: &Obj, key: &str) -> Option<String> {
        self.typed(obj, key, false, "a string", |v| {
            v.as_str().map(str::to_owned)
        })
    }

    /// A required, non-empty string ("" if missing or wrong).
    fn req_str(&mut self, obj: &Obj, key: &str) -> String {
        let s = self.typed(obj, key, true, "a string", |v| {
            v.as_str().map(str::to_owned)
        });
        if s.as_deref() == Some("") {
            self.err_key(key, "must not be empty");
        }
        s.unwrap_or_default()
    }

    /// An optional string defaulting to "".
    fn text(&mut self, obj: &Obj, key: &str) -> String {
        self.opt_str(obj, key).unwrap_or_default()
    }

    fn flag(&mut self, obj: &Obj, key: &str) -> bool {
        self.typed(obj, key, false, "a boolean (true/false)", Value::as_bool)
            .unwrap_or(false)
    }

    fn uint(&mut self, obj: &Obj, key: &str, required: bool) -> Option<u64> {
        self.typed(obj, key, required, "a non-negative integer", Value::as_u64)
    }

    fn num(&mut self, obj: &Obj, key: &str) -> Option<f64> {
        self.typed(obj, key, false, "a number", Value::as_f64)
    }

    fn strings(&mut self, obj: &Obj, key: &str) -> Vec<String> {
        let Some(items) = self.typed(obj, key, false, "an array of strings", Value::as_array)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        self.at(key, |w| {
            for (i, item) in items.iter().enumerate() {
                match item.as_str() {
                    Some(s) => out.push(s.to_owned()),
                    None => w.at(format!("[{i}]"), |w| {
                        w.err(format!("expected a string, found {}", describe(item)))
                    }),
                }
            }
        });
        out
    }

    fn object<'v>(&mut self, obj: &'v Obj, key: &str, required: bool) -> Option<&'v Obj> {
        self.typed(obj, key, required, "an object", Value::as_object)
    }

    /// Walks `obj[arr.key]`, an array of objects, calling `f` on each inside
    /// its own path segment, and reports duplicates.
    fn objects<'v, T>(
        &mut self,
        obj: &'v Obj,
        arr: Arr,
        mut f: impl FnMut(&mut Self, &'v Obj) -> T,
    ) -> Vec<T> {
        let Some(items) = self.typed(obj, arr.key, arr.required, "an array", Value::as_array)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        // An empty segment leaves no trace in the path (see `here`).
        let seg = if arr.in_path { arr.key } else { "" };
        self.at(seg, |w| {
            for (i, item) in items.iter().enumerate() {
                let name = |k: Option<&str>| {
                    k.and_then(|k| item.get(k))
                        .and_then(Value::as_str)
                        .filter(|s| !s.is_empty())
                };
                let label = name(arr.label).map_or_else(|| format!("[{i}]"), str::to_owned);
                w.at(label, |w| {
                    let Some(o) = item.as_object() else {
                        w.err(format!("expected an object, found {}", describe(item)));
                        return;
                    };
                    if let (Some((_, what)), Some(n)) = (arr.unique, name(arr.unique.map(|u| u.0)))
                    {
                        if let Some(first) = seen.insert(n, i) {
                            w.err(format!(
                                "duplicate {what} \"{n}\" (entries [{first}] and [{i}])"
                            ));
                        }
                    }
                    out.push(f(w, o));
                });
            }
        });
        out
    }

    fn spec(&mut self, top: &Obj) -> Spec {
        self.check_keys(
            top,
            &[
                "format_version",
                "service",
                "groups",
                "types",
                "actions",
                "callbacks",
            ],
        );
        let format_version = self.uint(top, "format_version", true);
        if let Some(v) = format_version
            && v != 1
        {
            self.err_key(
                "format_version",
                format!("unsupported format version {v} (expected 1)"),
            );
        }
        let service = match self.object(top, "service", true) {
            Some(o) => self.at("service", |w| w.service(o)),
            None => Service {
                product: String::new(),
                api_version: String::new(),
                endpoint: String::new(),
                description: String::new(),
                regions: Vec::new(),
                protocols: Vec::new(),
                methods: Vec::new(),
                signature: SignatureInfo {
                    method: String::new(),
                    version: String::new(),
                },
                common_params: Vec::new(),
                error_fields: Vec::new(),
                common_errors: Vec::new(),
                notes: Vec::new(),
            },
        };
        let groups = self.objects(top, Arr::named("groups", "group", true), Self::group);
        let types = self.objects(top, Arr::named("types", "type", true), Self::named_type);
        let actions = self.objects(top, Arr::named("actions", "action", true), Self::action);
        let callbacks = self.objects(
            top,
            Arr::named("callbacks", "callback", true),
            Self::callback,
        );
        Spec {
            format_version: format_version
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(0),
            service,
            groups,
            types,
            actions,
            callbacks,
        }
    }

    fn service(&mut self, o: &Obj) -> Service {
        self.check_keys(
            o,
            &[
                "product",
                "api_version",
                "endpoint",
                "description",
                "regions",
                "protocols",
                "methods",
                "signature",
                "common_params",
                "error_fields",
                "common_errors",
                "notes",
            ],
        );
        let regions = self.objects(
            o,
            Arr {
                key: "regions",
                required: false,
                label: Some("id"),
                unique: Some(("id", "region")),
                in_path: true,
            },
            |w, r| {
                w.check_keys(r, &["id", "name", "endpoint"]);
                Region {
                    id: w.req_str(r, "id"),
                    name: w.req_str(r, "name"),
                    endpoint: w.req_str(r, "endpoint"),
                }
            },
        );
        let signature = match self.object(o, "signature", true) {
            Some(s) => self.at("signature", |w| {
                w.check_keys(s, &["method", "version"]);
                SignatureInfo {
                    method: w.req_str(s, "method"),
                    version: w.req_str(s, "version"),
                }
            }),
            None => SignatureInfo {
                method: String::new(),
                version: String::new(),
            },
        };
        Service {
            product: self.req_str(o, "product"),
            api_version: self.req_str(o, "api_version"),
            endpoint: self.req_str(o, "endpoint"),
            description: self.text(o, "description"),
            regions,
            protocols: self.strings(o, "protocols"),
            methods: self.strings(o, "methods"),
            signature,
            common_params: self.members(o, "common_params", "parameter", Ctx::PARAM),
            error_fields: self.members(o, "error_fields", "field", Ctx::FIELD),
            common_errors: self.errors_list(o, "common_errors"),
            notes: self.strings(o, "notes"),
        }
    }

    fn group(&mut self, o: &Obj) -> Group {
        self.check_keys(o, &["name", "title", "description"]);
        let name = self.req_str(o, "name");
        if !name.is_empty() && !is_snake_case(&name) {
            self.err_key(
                "name",
                format!("group name \"{name}\" must be snake_case (it becomes a module name)"),
            );
        }
        Group {
            name,
            title: self.req_str(o, "title"),
            description: self.text(o, "description"),
        }
    }

    fn named_type(&mut self, o: &Obj) -> NamedType {
        self.check_keys(
            o,
            &["name", "description", "type", "values", "fields", "notes"],
        );
        let name = self.upper_camel(o, "name", "type name");
        let shape = self.shape(o, Ctx::TYPE_FIELD, true);
        let read = !matches!(&shape, Shape::Ref(n) if n.is_empty());
        if read && !matches!(shape, Shape::Enum { .. } | Shape::Struct { .. }) {
            self.err(format!(
                "a named type must be \"enum\" or \"struct\", not \"{}\"",
                shape.type_name()
            ));
        }
        NamedType {
            name,
            description: self.text(o, "description"),
            shape,
            notes: self.strings(o, "notes"),
        }
    }

    /// A required UpperCamelCase ASCII identifier.
    fn upper_camel(&mut self, o: &Obj, key: &str, what: &str) -> String {
        let name = self.req_str(o, key);
        if !name.is_empty() && !is_upper_camel(&name) {
            self.err_key(
                key,
                format!("{what} \"{name}\" must be UpperCamelCase ASCII"),
            );
        }
        name
    }

    fn rust_ident(&mut self, o: &Obj, key: &str) -> Option<String> {
        let name = self.opt_str(o, key)?;
        if let Err(why) = check_rust_ident(&name) {
            self.err_key(
                key,
                format!("\"{name}\" is not a valid Rust identifier: {why}"),
            );
        }
        Some(name)
    }

    fn members(&mut self, o: &Obj, key: &'static str, what: &'static str, ctx: Ctx) -> Vec<Member> {
        self.objects(o, Arr::named(key, what, false), |w, m| w.member(m, ctx))
    }

    fn member(&mut self, o: &Obj, ctx: Ctx) -> Member {
        self.check_keys(o, MEMBER_KEYS);
        let placed: [(&str, bool, &str); 4] = [
            (
                "style",
                ctx.style,
                "only top-level request parameters have a style",
            ),
            (
                "required",
                ctx.required,
                "response fields cannot be marked required",
            ),
            (
                "constraints",
                ctx.constraints,
                "constraints apply to request parameters only",
            ),
            (
                "aliases",
                ctx.aliases,
                "aliases apply to decoded fields only, not to request parameters",
            ),
        ];
        for (key, ok, why) in placed {
            if !ok && o.contains_key(key) {
                self.err_key(key, why);
            }
        }
        let name = self.req_str(o, "name");
        let style = match self.opt_str(o, "style").as_deref() {
            None | Some("plain") => Style::Plain,
            Some("repeat_list") => Style::RepeatList,
            Some("csv") => Style::Csv,
            Some("json") => Style::Json,
            Some("flat") => Style::Flat,
            Some(other) => {
                self.err_key("style", unknown("style", other, STYLES));
                Style::Plain
            }
        };
        let default = o.get("default").cloned();
        if default == Some(Value::Null) {
            self.err_key("default", "null is not a default; omit the key instead");
        }
        let constraints = match self.object(o, "constraints", false) {
            Some(c) => self.at("constraints", |w| w.constraints(c)),
            None => Constraints::default(),
        };
        Member {
            name,
            rust_name: self.rust_ident(o, "rust_name"),
            shape: self.shape(o, ctx, false),
            style,
            required: self.flag(o, "required"),
            default,
            description: self.text(o, "description"),
            example: self.opt_str(o, "example"),
            constraints,
            aliases: self.strings(o, "aliases"),
            notes: self.strings(o, "notes"),
        }
    }

    fn constraints(&mut self, o: &Obj) -> Constraints {
        self.check_keys(
            o,
            &[
                "min",
                "max",
                "min_length",
                "max_length",
                "min_items",
                "max_items",
                "prefixes",
                "required_vars",
                "not_before",
            ],
        );
        let c = Constraints {
            min: self.num(o, "min"),
            max: self.num(o, "max"),
            min_length: self.uint(o, "min_length", false),
            max_length: self.uint(o, "max_length", false),
            min_items: self.uint(o, "min_items", false),
            max_items: self.uint(o, "max_items", false),
            prefixes: self.strings(o, "prefixes"),
            required_vars: self.strings(o, "required_vars"),
            not_before: self.opt_str(o, "not_before"),
        };
        if let (Some(lo), Some(hi)) = (c.min, c.max) {
            if lo > hi {
                self.err(format!("min {lo} is greater than max {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_length, c.max_length) {
            if lo > hi {
                self.err(format!("min_length {lo} is greater than max_length {hi}"));
            }
        }
        if let (Some(lo), Some(hi)) = (c.min_items, c.max_items) {
            if lo > hi {
                self.err(format!("min_items {lo} is greater than max_items {hi}"));
            }
        }
        if let Some(t) = &c.not_before {
            if !is_utc_timestamp(t) {
                self.err_key(
                    "not_before",
                    format!("\"{t}\" is not a UTC timestamp like 2018-01-01T00:00:00Z"),
                );
            }
        }
        c
    }

    /// The shape described by `o`'s `type` and shape keys (`values`,
    /// `type_name`, `items`, `wrapper`, `fields`).
    fn shape(&mut self, o: &Obj, ctx: Ctx, named: bool) -> Shape {
        let ty = self.req_str(o, "type");
        let shape = match ty.as_str() {
            "string" => Shape::String,
            "integer" => Shape::Integer,
            "long" => Shape::Long,
            "float" => Shape::Float,
            "boolean" => Shape::Boolean,
            "timestamp" => Shape::Timestamp,
            "epoch_seconds" => Shape::EpochSeconds,
            "json" => Shape::Json,
            "" => unknown_shape(), // reported as missing or empty
            "enum" => Shape::Enum {
                type_name: self.type_name(o, named),
                values: self.enum_values(o),
            },
            "list" => Shape::List {
                items: Box::new(self.items(o, ctx, "N")),
                wrapper: self.opt_str(o, "wrapper").filter(|_| ctx.wrapper),
            },
            "map" => Shape::Map {
                values: Box::new(self.items(o, ctx, "*")),
            },
            "struct" => {
                let type_name = self.type_name(o, named);
                let arr = Arr {
                    in_path: false,
                    ..Arr::named("fields", "field", true)
                };
                let fields = self.objects(o, arr, |w, m| w.member(m, ctx.nested()));
                if fields.is_empty() && o.get("fields").and_then(Value::as_array).is_some() {
                    self.err_key("fields", "a struct needs at least one field");
                }
                Shape::Struct { type_name, fields }
            }
            t if t.starts_with(|c: char| c.is_ascii_uppercase()) => {
                if !is_upper_camel(t) {
                    self.err(format!(
                        "type reference \"{t}\" must be UpperCamelCase ASCII"
                    ));
                } else if let Some(names) = &self.type_names
                    && !names.contains(t)
                {
                    let known: Vec<&str> = names.iter().map(String::as_str).collect();
                    let hint = did_you_mean(t, &known)
                        .map(|c| format!(" (did you mean \"{c}\"?)"))
                        .unwrap_or_default();
                    self.err(format!("type \"{t}\" is not defined in types{hint}"));
                }
                Shape::Ref(t.to_owned())
            }
            t => {
                self.err(unknown("type", t, BUILTIN_TYPES));
                unknown_shape()
            }
        };
        let is = |names: &[&str]| names.contains(&ty.as_str());
        let takes: [(&str, bool, &str); 5] = [
            ("values", is(&["enum"]), "only an enum takes \"values\""),
            (
                "type_name",
                is(&["enum", "struct"]),
                "only an inline enum or struct takes \"type_name\"",
            ),
            (
                "items",
                is(&["list", "map"]),
                "only a list or map takes \"items\"",
            ),
            (
                "wrapper",
                is(&["list"]) && ctx.wrapper,
                "only a list outside request parameters takes \"wrapper\"",
            ),
            ("fields", is(&["struct"]), "only a struct takes \"fields\""),
        ];
        // After an unknown or missing type, which keys belong is anyone's guess.
        let known = !matches!(&shape, Shape::Ref(n) if n.is_empty());
        for (key, ok, why) in takes {
            if known && !ok && o.contains_key(key) {
                self.err_key(key, format!("{why} (type is \"{ty}\")"));
            }
        }
        shape
    }

    fn type_name(&mut self, o: &Obj, named: bool) -> Option<String> {
        if named || !o.contains_key("type_name") {
            return None; // a named type's name is its type name
        }
        Some(self.upper_camel(o, "type_name", "type_name"))
    }

    fn enum_values(&mut self, o: &Obj) -> Vec<EnumValue> {
        let arr = Arr {
            key: "values",
            required: true,
            label: None,
            unique: Some(("value", "enum value")),
            in_path: true,
        };
        let values = self.objects(o, arr, |w, v| {
            w.check_keys(v, &["value", "rust_name", "description"]);
            let value = match v.get("value") {
                Some(n @ Value::Number(_)) => {
                    w.err(format!("enum values must be strings: write \"{n}\""));
                    String::new()
                }
                _ => w
                    .typed(v, "value", true, "a string", |x| {
                        x.as_str().map(str::to_owned)
                    })
                    .unwrap_or_default(),
            };
            EnumValue {
                value,
                rust_name: w.rust_ident(v, "rust_name"),
                description: w.text(v, "description"),
            }
        });
        if values.is_empty() && o.get("values").and_then(Value::as_array).is_some() {
            self.err_key("values", "an enum needs at least one value");
        }
        values
    }

    /// The element shape of a list (`seg` = "N") or the value shape of a map ("*").
    fn items(&mut self, o: &Obj, ctx: Ctx, seg: &str) -> Shape {
        match self.object(o, "items", true) {
            Some(items) => self.at(seg, |w| {
                w.check_keys(items, ITEMS_KEYS);
                w.shape(items, ctx.nested(), false)
            }),
            None => unknown_shape(),
        }
    }

    fn errors_list(&mut self, o: &Obj, key: &'static str) -> Vec<ErrorCode> {
        let arr = Arr {
            key,
            required: false,
            label: Some("code"),
            unique: Some(("code", "error code")),
            in_path: true,
        };
        self.objects(o, arr, |w, e| {
            w.check_keys(e, &["code", "http_status", "message", "description"]);
            let status = w.uint(e, "http_status", true);
            let http_status = match status.map(u16::try_from) {
                Some(Ok(s)) if (100..=599).contains(&s) => s,
                Some(_) => {
                    let shown = status.map(|s| s.to_string()).unwrap_or_default();
                    w.err_key(
                        "http_status",
                        format!("HTTP status {shown} is outside 100..=599"),
                    );
                    0
                }
                None => 0,
            };
            ErrorCode {
                code: w.req_str(e, "code"),
                http_status,
                message: w.req_str(e, "message"),
                description: w.text(e, "description"),
            }
        })
    }

    fn action(&mut self, o: &Obj) -> Action {
        self.check_keys(
            o,
            &[
                "name",
                "group",
                "summary",
                "description",
                "source",
                "aliases",
                "notes",
                "params",
                "rules",
                "response",
                "pagination",
                "errors",
            ],
        );
        let name = self.upper_camel(o, "name", "action name");
        let group = self.req_str(o, "group");
        if let Some(names) = &self.group_names
            && !group.is_empty()
            && !names.contains(&group)
        {
            let known: Vec<&str> = names.iter().map(String::as_str).collect();
            let hint = did_you_mean(&group, &known)
                .map(|c| format!(" (did you mean \"{c}\"?)"))
                .unwrap_or_default();
            self.err_key(
                "group",
                format!("group \"{group}\" is not defined in groups{hint}"),
            );
        }
        let rules = self.objects(
            o,
            Arr {
                key: "rules",
                required: false,
                label: None,
                unique: None,
                in_path: true,
            },
            Self::rule,
        );
        let pagination = self.object(o, "pagination", false).map(|p| {
            self.at("pagination", |w| {
                w.check_keys(
                    p,
                    &[
                        "page_number",
                        "page_size",
                        "items",
                        "total_items",
                        "total_pages",
                    ],
                );
                Pagination {
                    page_number: w.req_str(p, "page_number"),
                    page_size: w.req_str(p, "page_size"),
                    items: w.req_str(p, "items"),
                    total_items: w.opt_str(p, "total_items"),
                    total_pages: w.opt_str(p, "total_pages"),
                }
            })
        });
        Action {
            name,
            group,
            summary: self.req_str(o, "summary"),
            description: self.text(o, "description"),
            source: self.req_str(o, "source"),
            aliases: self.strings(o, "aliases"),
            notes: self.strings(o, "notes"),
            params: self.members(o, "params", "parameter", Ctx::PARAM),
            rules: rules.into_iter().flatten().collect(),
            response: self.members(o, "response", "field", Ctx::FIELD),
            pagination,
            errors: self.errors_list(o, "errors"),
        }
    }

    fn rule(&mut self, o: &Obj) -> Option<Rule> {
        let kind = self.req_str(o, "rule");
        match kind.as_str() {
            "time_range" => {
                self.check_keys(
                    o,
                    &[
                        "rule",
                        "start",
                        "end",
                        "max_span_seconds",
                        "both_or_neither",
                    ],
                );
                Some(Rule::TimeRange {
                    start: self.req_str(o, "start"),
                    end: self.req_str(o, "end"),
                    max_span_seconds: self.uint(o, "max_span_seconds", false),
                    both_or_neither: self.flag(o, "both_or_neither"),
                })
            }
            "required_if" => {
                self.check_keys(o, &["rule", "param", "when", "equals"]);
                Some(Rule::RequiredIf {
                    param: self.req_str(o, "param"),
                    when: self.req_str(o, "when"),
                    equals: self.req_str(o, "equals"),
                })
            }
            "" => None,
            other => {
                self.err_key(
                    "rule",
                    unknown("rule", other, &["time_range", "required_if"]),
                );
                None
            }
        }
    }

    fn callback(&mut self, o: &Obj) -> Callback {
        self.check_keys(
            o,
            &[
                "name",
                "summary",
                "description",
                "source",
                "transport",
                "request",
                "response",
                "notes",
            ],
        );
        let name = self.upper_camel(o, "name", "callback name");
        let transport = match self.req_str(o, "transport").as_str() {
            "http_post_json" => CallbackTransport::HttpPostJson,
            "http_get_query" | "" => CallbackTransport::HttpGetQuery,
            other => {
                self.err_key(
                    "transport",
                    unknown("transport", other, &["http_get_query", "http_post_json"]),
                );
                CallbackTransport::HttpGetQuery
            }
        };
        let response = self.members(o, "response", "field", Ctx::PAYLOAD);
        Callback {
            name,
            summary: self.req_str(o, "summary"),
            description: self.text(o, "description"),
            source: self.req_str(o, "source"),
            transport,
            request: self.members(o, "request", "field", Ctx::PAYLOAD),
            response,
            notes: self.strings(o, "notes"),
        }
    }
}

// ---------------------------------------------------------------------------
// Second pass: checks that need the whole model (resolved references).

/// The placeholder for a shape that could not be read (already reported):
/// a reference to nothing, which the second pass skips.
fn unknown_shape() -> Shape {
    Shape::Ref(String::new())
}

/// Unnamed entries were reported by the first pass and are skipped here: their
/// paths would be ambiguous.
fn check_spec(w: &mut Walker, spec: &Spec) {
    let resolve = |s: &Shape| spec.resolve(s).clone();
    let members = |w: &mut Walker, seg: &str, list: &[Member], param: bool| {
        w.at(seg.to_owned(), |w| {
            for m in list {
                w.at(m.name.clone(), |w| check_member(w, m, &resolve, param));
            }
        });
    };
    w.at("service", |w| {
        members(w, "common_params", &spec.service.common_params, true);
        members(w, "error_fields", &spec.service.error_fields, false);
    });
    w.at("types", |w| {
        for t in spec.types.iter().filter(|t| !t.name.is_empty()) {
            w.at(t.name.clone(), |w| check_nested(w, &t.shape, &resolve))
        }
    });
    w.at("actions", |w| {
        for a in spec.actions.iter().filter(|a| !a.name.is_empty()) {
            w.at(a.name.clone(), |w| {
                members(w, "params", &a.params, true);
                members(w, "response", &a.response, false);
                let params_ok = !w.broken(&format!("{}.params", w.here()));
                let response_ok = !w.broken(&format!("{}.response", w.here()));
                if params_ok {
                    check_rules(w, a, &resolve);
                }
                if params_ok && response_ok {
                    check_pagination(w, a, &resolve);
                }
                if response_ok && a.field("RequestId").is_none() {
                    w.err_key(
                        "response",
                        "lacks the RequestId field every success body carries",
                    );
                }
            });
        }
    });
    w.at("callbacks", |w| {
        for c in spec.callbacks.iter().filter(|c| !c.name.is_empty()) {
            w.at(c.name.clone(), |w| {
                members(w, "request", &c.request, false);
                members(w, "response", &c.response, false);
            });
        }
    });
}

/// Whether the first pass found nothing wrong with the member at `path` nor
/// with the named type its shape refers to.
fn member_clean(w: &Walker, path: &str, shape: &Shape) -> bool {
    w.clean(path) && !matches!(shape, Shape::Ref(n) if !w.clean(&format!("types.{n}")))
}

/// Whether all of an enum's values were read (so membership can be checked).
fn enum_read(values: &[EnumValue]) -> bool {
    !values.is_empty() && values.iter().all(|v| !v.value.is_empty())
}

type Resolve<'a> = dyn Fn(&Shape) -> Shape + 'a;

/// Checks one member (at its own path) and its nested members.
fn check_member(w: &mut Walker, m: &Member, resolve: &Resolve<'_>, param: bool) {
    let shape = resolve(&m.shape);
    if m.name.is_empty() || matches!(shape, Shape::Ref(_)) {
        return; // unnamed, unknown or dangling: reported by the first pass
    }
    let items = match &shape {
        Shape::List { items, .. } => Some(resolve(items)),
        _ => None,
    };
    let style_read = !w.reported(&format!("{}.style", w.here()));
    if param && style_read && !matches!(items, Some(Shape::Ref(_))) {
        let problem = match (m.style, &shape, &items) {
            (Style::Plain, s, _) if !s.is_scalar() => Some(
                "a list, map, struct or json parameter needs a style (repeat_list, csv, json or flat)",
            ),
            (Style::RepeatList | Style::Csv, _, None) => Some("repeat_list and csv need a list"),
            (Style::RepeatList, _, Some(Shape::List { .. } | Shape::Map { .. } | Shape::Json)) => {
                Some("repeat_list items must be scalars or structs")
            }
            (Style::Csv, _, Some(i)) if !i.is_scalar() => Some("csv needs a list of scalars"),
            (Style::Flat, s, _) if !matches!(s, Shape::Struct { .. }) => {
                Some("flat needs a struct")
            }
            _ => None,
        };
        if let Some(p) = problem {
            w.err_key(
                "style",
                format!("{p} (type is \"{}\")", m.shape.type_name()),
            );
        }
    }
    check_constraints(w, &m.constraints, &shape);
    let clean = member_clean(w, &w.here(), &m.shape);
    if let Some(d) = m.default.as_ref().filter(|d| clean && !d.is_null()) {
        if let Err(why) = check_default(d, &shape, &m.constraints) {
            w.err_key("default", why);
        }
    }
    check_nested(w, &m.shape, resolve);
}

/// Checks the members inside an inline shape (not through references: named
/// types are checked once, where they are defined).
fn check_nested(w: &mut Walker, shape: &Shape, resolve: &Resolve<'_>) {
    match shape {
        Shape::List { items, .. } => w.at("N", |w| check_nested(w, items, resolve)),
        Shape::Map { values } => w.at("*", |w| check_nested(w, values, resolve)),
        Shape::Struct { fields, .. } => {
            for f in fields {
                w.at(f.name.clone(), |w| check_member(w, f, resolve, false));
            }
        }
        _ => {}
    }
}

fn check_constraints(w: &mut Walker, c: &Constraints, shape: &Shape) {
    let numeric = matches!(shape, Shape::Integer | Shape::Long | Shape::Float);
    let string = matches!(shape, Shape::String);
    let list = matches!(shape, Shape::List { .. });
    let time = matches!(shape, Shape::Timestamp | Shape::EpochSeconds);
    let ty = shape.type_name();
    let checks: [(&str, bool, bool, &str); 9] = [
        ("min", c.min.is_some(), numeric, "integer, long or float"),
        ("max", c.max.is_some(), numeric, "integer, long or float"),
        ("min_length", c.min_length.is_some(), string, "string"),
        ("max_length", c.max_length.is_some(), string, "string"),
        ("prefixes", !c.prefixes.is_empty(), string, "string"),
        (
            "required_vars",
            !c.required_vars.is_empty(),
            string,
            "string",
        ),
        ("min_items", c.min_items.is_some(), list, "list"),
        ("max_items", c.max_items.is_some(), list, "list"),
        (
            "not_before",
            c.not_before.is_some(),
            time,
            "timestamp or epoch_seconds",
        ),
    ];
    for (key, present, fits, wanted) in checks {
        if present && !fits {
            w.at("constraints", |w| {
                w.err_key(
                    key,
                    format!("{key} applies to {wanted} members, not \"{ty}\""),
                )
            });
        }
    }
}

/// Whether `d` is a plausible value of `shape` within `c`.
fn check_default(d: &Value, shape: &Shape, c: &Constraints) -> Result<(), String> {
    let wrong = |want: &str| {
        Err(format!(
            "expected {want} for type \"{}\", found {}",
            shape.type_name(),
            describe(d)
        ))
    };
    match shape {
        Shape::String | Shape::Timestamp => {
            let Some(s) = d.as_str() else {
                return wrong("a string");
            };
            let len = s.len() as u64;
            if c.min_length.is_some_and(|m| len < m) || c.max_length.is_some_and(|m| len > m) {
                return Err(format!("default \"{s}\" breaks the length constraints"));
            }
            if matches!(shape, Shape::Timestamp) && !is_utc_timestamp(s) {
                return Err(format!(
                    "\"{s}\" is not a UTC timestamp like 2018-01-01T00:00:00Z"
                ));
            }
        }
        Shape::Integer | Shape::Long | Shape::Float => {
            let fits = match shape {
                Shape::Integer => d.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                Shape::Long => d.as_i64().is_some(),
                _ => d.is_number(),
            };
            if !fits {
                return wrong(if matches!(shape, Shape::Float) {
                    "a number"
                } else {
                    "an integer in range"
                });
            }
            let n = d.as_f64().unwrap_or_default();
            let contradictory = matches!((c.min, c.max), (Some(lo), Some(hi)) if lo > hi);
            if !contradictory && (c.min.is_some_and(|m| n < m) || c.max.is_some_and(|m| n > m)) {
                let (lo, hi) = (
                    c.min.map_or("-∞".into(), |v| v.to_string()),
                    c.max.map_or("∞".into(), |v| v.to_string()),
                );
                return Err(format!("default {n} is outside [{lo}, {hi}]"));
            }
        }
        Shape::Boolean if !d.is_boolean() => return wrong("a boolean"),
        Shape::EpochSeconds
            if !(d.is_u64() || d.as_str().is_some_and(|s| s.parse::<u64>().is_ok())) =>
        {
            return wrong("seconds since 1970");
        }
        Shape::Enum { values, .. } if enum_read(values) => {
            let Some(s) = d.as_str() else {
                return wrong("a string");
            };
            if !values.iter().any(|v| v.value == s) {
                let all: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                return Err(format!(
                    "default \"{s}\" is not one of the enum values: {}",
                    all.join(", ")
                ));
            }
        }
        Shape::List { .. } if !d.is_array() => return wrong("an array"),
        Shape::Map { .. } | Shape::Struct { .. } if !d.is_object() => return wrong("an object"),
        _ => {}
    }
    Ok(())
}

fn check_rules(w: &mut Walker, a: &Action, resolve: &Resolve<'_>) {
    let action = w.here();
    for (i, rule) in a.rules.iter().enumerate() {
        w.at("rules", |w| {
            w.at(format!("[{i}]"), |w| {
                let param = |w: &mut Walker, key: &str, name: &str| {
                    if name.is_empty() {
                        return None; // missing: reported by the first pass
                    }
                    let p = a.param(name);
                    if p.is_none() {
                        w.err_key(key, format!("\"{name}\" is not a parameter of {}", a.name));
                    }
                    p.filter(|p| member_clean(w, &format!("{action}.params.{name}"), &p.shape))
                        .map(|p| resolve(&p.shape))
                };
                match rule {
                    Rule::TimeRange { start, end, .. } => {
                        for (key, name) in [("start", start), ("end", end)] {
                            let shape = param(w, key, name);
                            if shape.as_ref().is_some_and(|s| !matches!(s, Shape::Timestamp | Shape::EpochSeconds)) {
                                w.err_key(key, format!("time_range needs a timestamp parameter; \"{name}\" is not"));
                            }
                        }
                    }
                    Rule::RequiredIf { param: target, when, equals } => {
                        param(w, "param", target);
                        match param(w, "when", when) {
                            Some(Shape::Enum { values, .. })
                                if !equals.is_empty() && enum_read(&values) && !values.iter().any(|v| &v.value == equals) => {
                                let all: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                                w.err_key("equals", format!("\"{equals}\" is not a value of {when}: {}", all.join(", ")));
                            }
                            Some(Shape::Boolean) if !equals.is_empty() && equals != "true" && equals != "false" => {
                                w.err_key("equals", format!("{when} is a boolean; \"{equals}\" is neither true nor false"));
                            }
                            _ => {}
                        }
                    }
                }
            })
        });
    }
}

fn check_pagination(w: &mut Walker, a: &Action, resolve: &Resolve<'_>) {
    let action = w.here();
    let Some(p) = &a.pagination else { return };
    w.at("pagination", |w| {
        for (key, name) in [("page_number", &p.page_number), ("page_size", &p.page_size)] {
            if !name.is_empty() && a.param(name).is_none() {
                w.err_key(key, format!("\"{name}\" is not a parameter of {}", a.name));
            }
        }
        let fields = [
            ("items", Some(&p.items)),
            ("total_items", p.total_items.as_ref()),
            ("total_pages", p.total_pages.as_ref()),
        ];
        for (key, name) in fields {
            let Some(name) = name.filter(|n| !n.is_empty()) else {
                continue;
            };
            match a.field(name) {
                None => w.err_key(
                    key,
                    format!("\"{name}\" is not a response field of {}", a.name),
                ),
                Some(_) if !w.clean(&format!("{action}.response.{name}")) => {}
                Some(f) if key == "items" && !matches!(resolve(&f.shape), Shape::List { .. }) => {
                    w.err_key(
                        key,
                        format!(
                            "\"{name}\" must be a list field, not \"{}\"",
                            f.shape.type_name()
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    });
}

// ---------------------------------------------------------------------------
// Small helpers.

/// A short description of a JSON value for "expected X, found Y".
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() > 40 => {
            format!("string \"{}...\"", s.chars().take(40).collect::<String>())
        }
        Value::String(s) => format!("string \"{s}\""),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn unknown(what: &str, got: &str, allowed: &[&str]) -> String {
    match did_you_mean(got, allowed) {
        Some(close) => format!("unknown {what} \"{got}\" (did you mean \"{close}\"?)"),
        None => format!(
            "unknown {what} \"{got}\" (expected one of: {})",
            allowed.join(", ")
        ),
    }
}

/// The closest candidate within a small edit distance, if any.
fn did_you_mean<'a>(got: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (got.chars().count() / 3).clamp(1, 3);
    candidates
        .iter()
        .map(|c| (edit_distance(&got.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn is_upper_camel(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_snake_case(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('_')
        && !s.contains("__")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(s)
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

fn check_rust_ident(s: &str) -> Result<(), &'static str> {
    let mut chars = s.chars();
    match chars.next() {
        None => return Err("it is empty"),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return Err("it must start with a letter or _");
        }
        _ => {}
    }
    if !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("only ASCII letters, digits and _ are allowed");
    }
    if s == "_" {
        return Err("\"_\" alone is not an identifier");
    }
    if is_keyword(s) {
        return Err("it is a Rust keyword");
    }
    Ok(())
}

/// `YYYY-MM-DDThh:mm:ssZ` with plausible field ranges.
fn is_utc_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    match (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) {
        (Some(_), Some(mo), Some(d), Some(h), Some(mi), Some(se)) => {
            (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && se < 60
        }
        _ => false,
    }
}

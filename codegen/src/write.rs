//! Writing a [`Spec`] back in the canonical form of `spec/README.md`.
//!
//! Keys come in the documented order, indented by two spaces, one per line;
//! keys at their default (empty arrays and strings of optional keys,
//! `required: false`, `style: plain`, absent options) are left out; the text
//! ends with a newline. Required keys are always written. For every valid
//! spec, `parse(&to_json(&spec)) == Ok(spec)`.
//!
//! The output is built by hand rather than through `serde_json::Value`, whose
//! map order depends on a Cargo feature that any crate in the build may turn on.

use serde_json::Value;

use crate::model::{
    Action, Callback, CallbackTransport, Constraints, EnumValue, ErrorCode, Member, Rule, Shape,
    Spec, Style,
};

/// The canonical JSON text of `spec`.
pub fn to_json(spec: &Spec) -> String {
    let s = &spec.service;
    let service = Obj::new()
        .str("product", &s.product)
        .str("api_version", &s.api_version)
        .str("endpoint", &s.endpoint)
        .opt_str("description", &s.description)
        .arr(
            "regions",
            s.regions.iter().map(|r| {
                Obj::new()
                    .str("id", &r.id)
                    .str("name", &r.name)
                    .str("endpoint", &r.endpoint)
                    .into()
            }),
        )
        .strs("protocols", &s.protocols)
        .strs("methods", &s.methods)
        .obj(
            "signature",
            Obj::new()
                .str("method", &s.signature.method)
                .str("version", &s.signature.version),
        )
        .arr("common_params", s.common_params.iter().map(member))
        .arr("error_fields", s.error_fields.iter().map(member))
        .arr("common_errors", s.common_errors.iter().map(error))
        .strs("notes", &s.notes);
    let groups = spec.groups.iter().map(|g| {
        Obj::new()
            .str("name", &g.name)
            .str("title", &g.title)
            .opt_str("description", &g.description)
            .into()
    });
    let types = spec.types.iter().map(|t| {
        let o = Obj::new()
            .str("name", &t.name)
            .opt_str("description", &t.description)
            .str("type", t.shape.type_name());
        let o = match &t.shape {
            Shape::Enum { values, .. } => o.arr("values", values.iter().map(enum_value)),
            Shape::Struct { fields, .. } => o.arr("fields", fields.iter().map(member)),
            _ => o,
        };
        o.strs("notes", &t.notes).into()
    });
    let top = Obj::new()
        .raw("format_version", spec.format_version.to_string())
        .obj("service", service)
        .always_arr("groups", groups)
        .always_arr("types", types)
        .always_arr("actions", spec.actions.iter().map(action))
        .always_arr("callbacks", spec.callbacks.iter().map(callback));
    let mut out = String::new();
    J::from(top).render(&mut out, 0);
    out.push('\n');
    out
}

fn action(a: &Action) -> J {
    let pagination = a.pagination.as_ref().map(|p| {
        Obj::new()
            .str("page_number", &p.page_number)
            .str("page_size", &p.page_size)
            .str("items", &p.items)
            .opt("total_items", p.total_items.as_deref())
            .opt("total_pages", p.total_pages.as_deref())
    });
    let o = Obj::new()
        .str("name", &a.name)
        .str("group", &a.group)
        .str("summary", &a.summary)
        .opt_str("description", &a.description)
        .str("source", &a.source)
        .strs("aliases", &a.aliases)
        .strs("notes", &a.notes)
        .arr("params", a.params.iter().map(member))
        .arr("rules", a.rules.iter().map(rule))
        .arr("response", a.response.iter().map(member));
    let o = match pagination {
        Some(p) => o.obj("pagination", p),
        None => o,
    };
    o.arr("errors", a.errors.iter().map(error)).into()
}

fn rule(r: &Rule) -> J {
    match r {
        Rule::TimeRange {
            start,
            end,
            max_span_seconds,
            both_or_neither,
        } => Obj::new()
            .str("rule", "time_range")
            .str("start", start)
            .str("end", end)
            .opt_raw("max_span_seconds", max_span_seconds.map(|n| n.to_string()))
            .flag("both_or_neither", *both_or_neither),
        Rule::RequiredIf {
            param,
            when,
            equals,
        } => Obj::new()
            .str("rule", "required_if")
            .str("param", param)
            .str("when", when)
            .str("equals", equals),
    }
    .into()
}

fn error(e: &ErrorCode) -> J {
    Obj::new()
        .str("code", &e.code)
        .raw("http_status", e.http_status.to_string())
        .str("message", &e.message)
        .opt_str("description", &e.description)
        .into()
}

fn callback(c: &Callback) -> J {
    let transport = match c.transport {
        CallbackTransport::HttpGetQuery => "http_get_query",
        CallbackTransport::HttpPostJson => "http_post_json",
    };
    Obj::new()
        .str("name", &c.name)
        .str("summary", &c.summary)
        .opt_str("description", &c.description)
        .str("source", &c.source)
        .str("transport", transport)
        .arr("request", c.request.iter().map(member))
        .arr("response", c.response.iter().map(member))
        .strs("notes", &c.notes)
        .into()
}

fn member(m: &Member) -> J {
    let style = match m.style {
        Style::Plain => None,
        Style::RepeatList => Some("repeat_list"),
        Style::Csv => Some("csv"),
        Style::Json => Some("json"),
        Style::Flat => Some("flat"),
    };
    let o = Obj::new()
        .str("name", &m.name)
        .opt("rust_name", m.rust_name.as_deref())
        .str("type", m.shape.type_name())
        .opt("style", style)
        .flag("required", m.required);
    let o = match &m.default {
        Some(d) => o.with("default", value(d)),
        None => o,
    };
    let o = o
        .opt_str("description", &m.description)
        .opt("example", m.example.as_deref());
    let c = constraints(&m.constraints);
    let o = if c.0.is_empty() {
        o
    } else {
        o.obj("constraints", c)
    };
    let o = o.strs("aliases", &m.aliases).strs("notes", &m.notes);
    shape_keys(o, &m.shape).into()
}

/// The shape keys after `type`, in documented order: values, type_name,
/// items, wrapper, fields.
fn shape_keys(o: Obj, shape: &Shape) -> Obj {
    match shape {
        Shape::Enum { type_name, values } => o
            .arr("values", values.iter().map(enum_value))
            .opt("type_name", type_name.as_deref()),
        Shape::Struct { type_name, fields } => o
            .opt("type_name", type_name.as_deref())
            .always_arr("fields", fields.iter().map(member)),
        Shape::List { items, wrapper } => o
            .obj("items", items_obj(items))
            .opt("wrapper", wrapper.as_deref()),
        Shape::Map { values } => o.obj("items", items_obj(values)),
        _ => o,
    }
}

fn items_obj(shape: &Shape) -> Obj {
    shape_keys(Obj::new().str("type", shape.type_name()), shape)
}

fn enum_value(v: &EnumValue) -> J {
    Obj::new()
        .str("value", &v.value)
        .opt("rust_name", v.rust_name.as_deref())
        .opt_str("description", &v.description)
        .into()
}

fn constraints(c: &Constraints) -> Obj {
    Obj::new()
        .opt_raw("min", c.min.map(number))
        .opt_raw("max", c.max.map(number))
        .opt_raw("min_length", c.min_length.map(|n| n.to_string()))
        .opt_raw("max_length", c.max_length.map(|n| n.to_string()))
        .opt_raw("min_items", c.min_items.map(|n| n.to_string()))
        .opt_raw("max_items", c.max_items.map(|n| n.to_string()))
        .strs("prefixes", &c.prefixes)
        .strs("required_vars", &c.required_vars)
        .opt("not_before", c.not_before.as_deref())
}

/// Whole numbers without a fraction (`5`, not `5.0`), as people write them.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        format!("{}", n as i64)
    } else {
        serde_json::to_string(&n).unwrap_or_else(|_| "null".into())
    }
}

/// A JSON value from the spec (a `default`), keeping its own key order.
fn value(v: &Value) -> J {
    match v {
        Value::Array(a) => J::Arr(a.iter().map(value).collect()),
        Value::Object(o) => J::Obj(o.iter().map(|(k, v)| (k.clone(), value(v))).collect()),
        scalar => J::Raw(scalar.to_string()),
    }
}

/// A JSON document under construction.
enum J {
    Raw(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    fn render(&self, out: &mut String, indent: usize) {
        let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
        match self {
            J::Raw(s) => out.push_str(s),
            J::Arr(items) if items.is_empty() => out.push_str("[]"),
            J::Obj(items) if items.is_empty() => out.push_str("{}"),
            J::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, indent + 2);
                    item.render(out, indent + 2);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, indent);
                out.push(']');
            }
            J::Obj(items) => {
                out.push_str("{\n");
                for (i, (k, v)) in items.iter().enumerate() {
                    pad(out, indent + 2);
                    out.push_str(&quote(k));
                    out.push_str(": ");
                    v.render(out, indent + 2);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, indent);
                out.push('}');
            }
        }
    }
}

fn quote(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// An object builder whose helpers skip keys at their default.
struct Obj(Vec<(String, J)>);

impl From<Obj> for J {
    fn from(o: Obj) -> J {
        J::Obj(o.0)
    }
}

impl Obj {
    fn new() -> Obj {
        Obj(Vec::new())
    }

    fn with(mut self, key: &str, v: J) -> Obj {
        self.0.push((key.to_owned(), v));
        self
    }

    fn raw(self, key: &str, text: String) -> Obj {
        self.with(key, J::Raw(text))
    }

    fn opt_raw(self, key: &str, text: Option<String>) -> Obj {
        match text {
            Some(t) => self.raw(key, t),
            None => self,
        }
    }

    /// A required string: always written.
    fn str(self, key: &str, s: &str) -> Obj {
        self.raw(key, quote(s))
    }

    fn opt(self, key: &str, s: Option<&str>) -> Obj {
        self.opt_raw(key, s.map(quote))
    }

    /// An optional string whose default is "".
    fn opt_str(self, key: &str, s: &str) -> Obj {
        self.opt(key, Some(s).filter(|s| !s.is_empty()))
    }

    fn flag(self, key: &str, b: bool) -> Obj {
        if b {
            self.raw(key, "true".into())
        } else {
            self
        }
    }

    fn obj(self, key: &str, o: Obj) -> Obj {
        self.with(key, o.into())
    }

    /// An array written even when empty.
    fn always_arr(self, key: &str, items: impl Iterator<Item = J>) -> Obj {
        self.with(key, J::Arr(items.collect()))
    }

    /// An optional array, left out when empty.
    fn arr(self, key: &str, items: impl Iterator<Item = J>) -> Obj {
        let items: Vec<J> = items.collect();
        if items.is_empty() {
            self
        } else {
            self.with(key, J::Arr(items))
        }
    }

    fn strs(self, key: &str, items: &[String]) -> Obj {
        self.arr(key, items.iter().map(|s| J::Raw(quote(s))))
    }
}

//! Semantic diff of two specs, for reviewing a spec change (`cargo xtask diff`).
//!
//! [`diff`] compares two loaded [`Spec`]s and returns every change with its
//! place, a classification ([`Class`]) and a one-line reason. The
//! classification answers one question: can code written against the SDK
//! generated from the old spec, or the wire traffic it produces and accepts,
//! break with the SDK generated from the new one?
//!
//! Conventions:
//! - Paths use the spec's own names: `actions.X.params.P`,
//!   `actions.X.response.List[].Struct.Field` (`[]` = list items, `{}` = map
//!   values), `types.T.Field`, `callbacks.C.request.F`, `service.endpoint`.
//! - A named type (`types[]`) is reported once, under `types.<Name>`, and
//!   classified by every place it is used: a change is breaking if it is
//!   breaking for any request or response the type appears in.
//!   [`SpecDiff::type_uses`] lists those places for the report.
//! - Descriptions, summaries, examples and notes are [`Class::Docs`].
//!
//! The effect on the generated Rust crate (public items added, removed or
//! changed) is computed separately by `rust_api` (behind the `emit`
//! feature) and carried in [`Report::rust_api`]; rendering is in [`render`].

pub mod render;
#[cfg(feature = "emit")]
pub mod rust_api;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{
    Action, Callback, CallbackTransport, Constraints, ErrorCode, Member, NamedType, Pagination,
    Rule, Shape, Spec, Style,
};

/// How a change affects users of the SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code written against the old SDK may stop compiling, or requests or
    /// responses that worked may stop working.
    Breaking,
    /// Existing code and traffic keep working.
    Compatible,
    /// Only descriptions, summaries, examples or notes changed.
    Docs,
}

impl Class {
    /// Lower-case name used in reports (`breaking`, `compatible`, `docs`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
            Class::Docs => "docs",
        }
    }
}

/// What changed. The `snake_case` name ([`Kind::as_str`]) is the `kind` of
/// the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    FormatVersion,
    ServiceChanged,
    ServiceValueAdded,
    ServiceValueRemoved,
    RegionAdded,
    RegionRemoved,
    RegionChanged,
    GroupAdded,
    GroupRemoved,
    TypeAdded,
    TypeRemoved,
    ActionAdded,
    ActionRemoved,
    ActionRenamed,
    ActionGroupChanged,
    ActionAliasAdded,
    ActionAliasRemoved,
    ParamAdded,
    ParamRemoved,
    FieldAdded,
    FieldRemoved,
    TypeChanged,
    TypeNameChanged,
    RustNameChanged,
    RequiredChanged,
    DefaultChanged,
    StyleChanged,
    ConstraintChanged,
    EnumValueAdded,
    EnumValueRemoved,
    WrapperChanged,
    FieldAliasAdded,
    FieldAliasRemoved,
    RuleAdded,
    RuleRemoved,
    RuleChanged,
    PaginationAdded,
    PaginationRemoved,
    PaginationChanged,
    ErrorAdded,
    ErrorRemoved,
    ErrorStatusChanged,
    CallbackAdded,
    CallbackRemoved,
    CallbackTransportChanged,
    Docs,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [Kind] = &[
        Kind::FormatVersion,
        Kind::ServiceChanged,
        Kind::ServiceValueAdded,
        Kind::ServiceValueRemoved,
        Kind::RegionAdded,
        Kind::RegionRemoved,
        Kind::RegionChanged,
        Kind::GroupAdded,
        Kind::GroupRemoved,
        Kind::TypeAdded,
        Kind::TypeRemoved,
        Kind::ActionAdded,
        Kind::ActionRemoved,
        Kind::ActionRenamed,
        Kind::ActionGroupChanged,
        Kind::ActionAliasAdded,
        Kind::ActionAliasRemoved,
        Kind::ParamAdded,
        Kind::ParamRemoved,
        Kind::FieldAdded,
        Kind::FieldRemoved,
        Kind::TypeChanged,
        Kind::TypeNameChanged,
        Kind::RustNameChanged,
        Kind::RequiredChanged,
        Kind::DefaultChanged,
        Kind::StyleChanged,
        Kind::ConstraintChanged,
        Kind::EnumValueAdded,
        Kind::EnumValueRemoved,
        Kind::WrapperChanged,
        Kind::FieldAliasAdded,
        Kind::FieldAliasRemoved,
        Kind::RuleAdded,
        Kind::RuleRemoved,
        Kind::RuleChanged,
        Kind::PaginationAdded,
        Kind::PaginationRemoved,
        Kind::PaginationChanged,
        Kind::ErrorAdded,
        Kind::ErrorRemoved,
        Kind::ErrorStatusChanged,
        Kind::CallbackAdded,
        Kind::CallbackRemoved,
        Kind::CallbackTransportChanged,
        Kind::Docs,
    ];

    /// Something appeared: only the new value is meaningful.
    pub fn is_addition(self) -> bool {
        matches!(
            self,
            Kind::ServiceValueAdded
                | Kind::RegionAdded
                | Kind::GroupAdded
                | Kind::TypeAdded
                | Kind::ActionAdded
                | Kind::ActionAliasAdded
                | Kind::ParamAdded
                | Kind::FieldAdded
                | Kind::EnumValueAdded
                | Kind::FieldAliasAdded
                | Kind::RuleAdded
                | Kind::PaginationAdded
                | Kind::ErrorAdded
                | Kind::CallbackAdded
        )
    }

    /// Something disappeared: only the old value is meaningful.
    pub fn is_removal(self) -> bool {
        matches!(
            self,
            Kind::ServiceValueRemoved
                | Kind::RegionRemoved
                | Kind::GroupRemoved
                | Kind::TypeRemoved
                | Kind::ActionRemoved
                | Kind::ActionAliasRemoved
                | Kind::ParamRemoved
                | Kind::FieldRemoved
                | Kind::EnumValueRemoved
                | Kind::FieldAliasRemoved
                | Kind::RuleRemoved
                | Kind::PaginationRemoved
                | Kind::ErrorRemoved
                | Kind::CallbackRemoved
        )
    }

    /// Machine name, e.g. `param_added`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FormatVersion => "format_version",
            Kind::ServiceChanged => "service_changed",
            Kind::ServiceValueAdded => "service_value_added",
            Kind::ServiceValueRemoved => "service_value_removed",
            Kind::RegionAdded => "region_added",
            Kind::RegionRemoved => "region_removed",
            Kind::RegionChanged => "region_changed",
            Kind::GroupAdded => "group_added",
            Kind::GroupRemoved => "group_removed",
            Kind::TypeAdded => "type_added",
            Kind::TypeRemoved => "type_removed",
            Kind::ActionAdded => "action_added",
            Kind::ActionRemoved => "action_removed",
            Kind::ActionRenamed => "action_renamed",
            Kind::ActionGroupChanged => "action_group_changed",
            Kind::ActionAliasAdded => "action_alias_added",
            Kind::ActionAliasRemoved => "action_alias_removed",
            Kind::ParamAdded => "param_added",
            Kind::ParamRemoved => "param_removed",
            Kind::FieldAdded => "field_added",
            Kind::FieldRemoved => "field_removed",
            Kind::TypeChanged => "type_changed",
            Kind::TypeNameChanged => "type_name_changed",
            Kind::RustNameChanged => "rust_name_changed",
            Kind::RequiredChanged => "required_changed",
            Kind::DefaultChanged => "default_changed",
            Kind::StyleChanged => "style_changed",
            Kind::ConstraintChanged => "constraint_changed",
            Kind::EnumValueAdded => "enum_value_added",
            Kind::EnumValueRemoved => "enum_value_removed",
            Kind::WrapperChanged => "wrapper_changed",
            Kind::FieldAliasAdded => "field_alias_added",
            Kind::FieldAliasRemoved => "field_alias_removed",
            Kind::RuleAdded => "rule_added",
            Kind::RuleRemoved => "rule_removed",
            Kind::RuleChanged => "rule_changed",
            Kind::PaginationAdded => "pagination_added",
            Kind::PaginationRemoved => "pagination_removed",
            Kind::PaginationChanged => "pagination_changed",
            Kind::ErrorAdded => "error_added",
            Kind::ErrorRemoved => "error_removed",
            Kind::ErrorStatusChanged => "error_status_changed",
            Kind::CallbackAdded => "callback_added",
            Kind::CallbackRemoved => "callback_removed",
            Kind::CallbackTransportChanged => "callback_transport_changed",
            Kind::Docs => "docs",
        }
    }

    /// Short human label, e.g. `parameter added`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::FormatVersion => "spec format version changed",
            Kind::ServiceChanged => "changed",
            Kind::ServiceValueAdded => "value added",
            Kind::ServiceValueRemoved => "value removed",
            Kind::RegionAdded => "region added",
            Kind::RegionRemoved => "region removed",
            Kind::RegionChanged => "region endpoint changed",
            Kind::GroupAdded => "group added",
            Kind::GroupRemoved => "group removed",
            Kind::TypeAdded => "type added",
            Kind::TypeRemoved => "type removed",
            Kind::ActionAdded => "action added",
            Kind::ActionRemoved => "action removed",
            Kind::ActionRenamed => "action renamed",
            Kind::ActionGroupChanged => "group changed",
            Kind::ActionAliasAdded => "alias added",
            Kind::ActionAliasRemoved => "alias removed",
            Kind::ParamAdded => "parameter added",
            Kind::ParamRemoved => "parameter removed",
            Kind::FieldAdded => "field added",
            Kind::FieldRemoved => "field removed",
            Kind::TypeChanged => "type changed",
            Kind::TypeNameChanged => "Rust type name changed",
            Kind::RustNameChanged => "Rust name changed",
            Kind::RequiredChanged => "required changed",
            Kind::DefaultChanged => "default changed",
            Kind::StyleChanged => "wire style changed",
            Kind::ConstraintChanged => "constraint changed",
            Kind::EnumValueAdded => "enum value added",
            Kind::EnumValueRemoved => "enum value removed",
            Kind::WrapperChanged => "list wrapper changed",
            Kind::FieldAliasAdded => "wire alias added",
            Kind::FieldAliasRemoved => "wire alias removed",
            Kind::RuleAdded => "rule added",
            Kind::RuleRemoved => "rule removed",
            Kind::RuleChanged => "rule changed",
            Kind::PaginationAdded => "pagination added",
            Kind::PaginationRemoved => "pagination removed",
            Kind::PaginationChanged => "pagination changed",
            Kind::ErrorAdded => "error code added",
            Kind::ErrorRemoved => "error code removed",
            Kind::ErrorStatusChanged => "error HTTP status changed",
            Kind::CallbackAdded => "callback added",
            Kind::CallbackRemoved => "callback removed",
            Kind::CallbackTransportChanged => "callback transport changed",
            Kind::Docs => "text changed",
        }
    }
}

/// One change between two specs.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: Kind,
    /// Where, in spec terms: `actions.X.response.List[].Field`.
    pub path: String,
    pub class: Class,
    /// Why it is classified so, in one line.
    pub reason: String,
    /// The old value, rendered (a type, a value, a text), if there was one.
    pub old: Option<String>,
    /// The new value, rendered, if there is one.
    pub new: Option<String>,
}

impl Change {
    /// True if the change is [`Class::Breaking`].
    pub fn is_breaking(&self) -> bool {
        self.class == Class::Breaking
    }
}

/// All spec-level changes between two specs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpecDiff {
    /// In spec order: service, groups, types, actions, callbacks.
    pub changes: Vec<Change>,
    /// For each named type that changed: where it is used (old and new spec),
    /// as paths like `actions.X.params.P`.
    pub type_uses: BTreeMap<String, Vec<String>>,
}

impl SpecDiff {
    /// How many changes have this class.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// True if any change is [`Class::Breaking`].
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(Change::is_breaking)
    }
}

/// How a public Rust item of the generated crate changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiChangeKind {
    Added,
    Removed,
    Changed,
}

impl ApiChangeKind {
    /// `added`, `removed` or `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiChangeKind::Added => "added",
            ApiChangeKind::Removed => "removed",
            ApiChangeKind::Changed => "changed",
        }
    }
}

/// One public item of the generated crate that was added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiChange {
    pub kind: ApiChangeKind,
    /// Item path inside the crate: `generated::record::AddX::new`,
    /// `generated::record::AddX: impl Default`.
    pub item: String,
    /// Signature before (absent for additions).
    pub old: Option<String>,
    /// Signature after (absent for removals).
    pub new: Option<String>,
}

impl ApiChange {
    /// Removing or changing a public item can break users' code.
    pub fn is_breaking(&self) -> bool {
        self.kind != ApiChangeKind::Added
    }
}

/// The effect on the generated crate, when it could be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum RustApi {
    /// Not computed; the text says why (shown in the report).
    Skipped(String),
    /// Computed: every public item added, removed or changed, sorted by item.
    Changes(Vec<ApiChange>),
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// How the old side was named (`main`, `spec/old.json`).
    pub old_label: String,
    /// How the new side was named.
    pub new_label: String,
    pub spec: SpecDiff,
    pub rust_api: RustApi,
}

impl Report {
    /// True when the spec diff or the Rust API diff has a breaking change
    /// (what `--deny-breaking` fails on): a public Rust item removed or
    /// changed counts even when the spec change itself is compatible, since
    /// code using that item may stop compiling.
    pub fn has_breaking(&self) -> bool {
        self.spec.has_breaking()
            || matches!(&self.rust_api, RustApi::Changes(c) if c.iter().any(ApiChange::is_breaking))
    }
}

/// Compares two specs (both as the loader produced them).
pub fn diff(old: &Spec, new: &Spec) -> SpecDiff {
    let mut cx = Cx::new(old, new);
    cx.service(old, new);
    cx.groups(old, new);
    cx.types(old, new);
    cx.actions(old, new);
    cx.callbacks(old, new);
    let type_uses = cx
        .changed_types
        .iter()
        .map(|name| {
            let places = cx
                .uses
                .get(name)
                .map(|u| u.places.iter().cloned().collect())
                .unwrap_or_default();
            (name.clone(), places)
        })
        .collect();
    SpecDiff {
        changes: cx.changes,
        type_uses,
    }
}

/// Which side of the wire builds a member's value, which decides what breaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Use {
    /// The user builds it (request parameters, answers to callbacks).
    input: bool,
    /// The user reads it (responses, callback payloads, the error body).
    output: bool,
}

const INPUT: Use = Use {
    input: true,
    output: false,
};
const OUTPUT: Use = Use {
    input: false,
    output: true,
};

/// Where a named type is used, collected from both specs.
#[derive(Debug, Default)]
struct TypeUse {
    usage: Use,
    places: BTreeSet<String>,
}

struct Cx {
    changes: Vec<Change>,
    uses: BTreeMap<String, TypeUse>,
    changed_types: BTreeSet<String>,
}

fn code_list(items: &[String]) -> String {
    items.join(", ")
}

fn json_text(v: &Value) -> String {
    v.to_string()
}

/// A short rendering of a shape: `list<struct RecordFormat>`, `enum`, `long`.
pub fn shape_desc(shape: &Shape) -> String {
    match shape {
        Shape::Enum {
            type_name: Some(n), ..
        } => format!("enum {n}"),
        Shape::Struct {
            type_name: Some(n), ..
        } => format!("struct {n}"),
        Shape::List { items, .. } => format!("list<{}>", shape_desc(items)),
        Shape::Map { values } => format!("map<{}>", shape_desc(values)),
        other => other.type_name().to_string(),
    }
}

fn style_name(style: Style) -> &'static str {
    match style {
        Style::Plain => "plain",
        Style::RepeatList => "repeat_list",
        Style::Csv => "csv",
        Style::Json => "json",
        Style::Flat => "flat",
    }
}

fn transport_name(t: CallbackTransport) -> &'static str {
    match t {
        CallbackTransport::HttpGetQuery => "http_get_query",
        CallbackTransport::HttpPostJson => "http_post_json",
    }
}

/// A member with its documentation removed, for "same shape" comparisons.
fn strip_member(m: &Member) -> Member {
    Member {
        description: String::new(),
        example: None,
        notes: Vec::new(),
        shape: strip_shape(&m.shape),
        ..m.clone()
    }
}

fn strip_shape(s: &Shape) -> Shape {
    match s {
        Shape::Enum { type_name, values } => Shape::Enum {
            type_name: type_name.clone(),
            values: values
                .iter()
                .map(|v| crate::model::EnumValue {
                    description: String::new(),
                    ..v.clone()
                })
                .collect(),
        },
        Shape::List { items, wrapper } => Shape::List {
            items: Box::new(strip_shape(items)),
            wrapper: wrapper.clone(),
        },
        Shape::Map { values } => Shape::Map {
            values: Box::new(strip_shape(values)),
        },
        Shape::Struct { type_name, fields } => Shape::Struct {
            type_name: type_name.clone(),
            fields: fields.iter().map(strip_member).collect(),
        },
        other => other.clone(),
    }
}

fn same_members(a: &[Member], b: &[Member]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| strip_member(x) == strip_member(y))
}

fn rule_key(rule: &Rule) -> String {
    match rule {
        Rule::TimeRange { start, end, .. } => format!("time_range({start},{end})"),
        Rule::RequiredIf { param, when, .. } => format!("required_if({param},{when})"),
    }
}

fn rule_desc(rule: &Rule) -> String {
    match rule {
        Rule::TimeRange {
            start,
            end,
            max_span_seconds,
            both_or_neither,
        } => {
            let mut s = format!("{start} < {end}");
            if let Some(span) = max_span_seconds {
                s.push_str(&format!(", span <= {span}s"));
            }
            if *both_or_neither {
                s.push_str(", both or neither");
            }
            s
        }
        Rule::RequiredIf {
            param,
            when,
            equals,
        } => format!("{param} required when {when} = {equals}"),
    }
}

fn fmt_num(v: f64) -> String {
    // Integers print without a fractional part (`30`, not `30.0`).
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Cx {
    fn new(old: &Spec, new: &Spec) -> Cx {
        let mut cx = Cx {
            changes: Vec::new(),
            uses: BTreeMap::new(),
            changed_types: BTreeSet::new(),
        };
        cx.collect_uses(old);
        cx.collect_uses(new);
        cx
    }

    fn push(
        &mut self,
        kind: Kind,
        path: impl Into<String>,
        class: Class,
        reason: impl Into<String>,
        old: Option<String>,
        new: Option<String>,
    ) {
        let path = path.into();
        if let Some(name) = path.strip_prefix("types.") {
            let name = name.split(['.', '[', '{']).next().unwrap_or(name);
            self.changed_types.insert(name.to_string());
        }
        self.changes.push(Change {
            kind,
            path,
            class,
            reason: reason.into(),
            old,
            new,
        });
    }

    fn docs(&mut self, path: String, old: &str, new: &str) {
        if old != new {
            self.push(
                Kind::Docs,
                path,
                Class::Docs,
                "documentation only",
                Some(old.to_string()).filter(|s| !s.is_empty()),
                Some(new.to_string()).filter(|s| !s.is_empty()),
            );
        }
    }

    /// Notes are compared one by one: notes that disappeared are paired, in
    /// order, with notes that appeared (an edited note reads as old → new);
    /// the rest are shown as removed or added.
    fn docs_list(&mut self, path: String, old: &[String], new: &[String]) {
        let gone: Vec<&String> = old.iter().filter(|o| !new.contains(o)).collect();
        let came: Vec<&String> = new.iter().filter(|n| !old.contains(n)).collect();
        for i in 0..gone.len().max(came.len()) {
            let o = gone.get(i).map_or("", |s| s.as_str());
            let n = came.get(i).map_or("", |s| s.as_str());
            self.docs(path.clone(), o, n);
        }
    }

    // ---- where named types are used ----

    fn collect_uses(&mut self, spec: &Spec) {
        let mut roots: Vec<(String, Use, &Member)> = Vec::new();
        for p in &spec.service.common_params {
            roots.push((format!("service.common_params.{}", p.name), INPUT, p));
        }
        for f in &spec.service.error_fields {
            roots.push((format!("service.error_fields.{}", f.name), OUTPUT, f));
        }
        for a in &spec.actions {
            for p in &a.params {
                roots.push((format!("actions.{}.params.{}", a.name, p.name), INPUT, p));
            }
            for f in &a.response {
                roots.push((format!("actions.{}.response.{}", a.name, f.name), OUTPUT, f));
            }
        }
        for c in &spec.callbacks {
            for f in &c.request {
                roots.push((
                    format!("callbacks.{}.request.{}", c.name, f.name),
                    OUTPUT,
                    f,
                ));
            }
            for f in &c.response {
                roots.push((
                    format!("callbacks.{}.response.{}", c.name, f.name),
                    INPUT,
                    f,
                ));
            }
        }
        for (path, usage, member) in roots {
            let mut seen = BTreeSet::new();
            self.use_shape(spec, &path, usage, &member.shape, &mut seen);
        }
    }

    fn use_shape(
        &mut self,
        spec: &Spec,
        path: &str,
        usage: Use,
        shape: &Shape,
        seen: &mut BTreeSet<String>,
    ) {
        match shape {
            Shape::Ref(name) => {
                let entry = self.uses.entry(name.clone()).or_default();
                entry.usage.input |= usage.input;
                entry.usage.output |= usage.output;
                entry.places.insert(path.to_string());
                // Follow into the named type once per root (types may nest).
                if seen.insert(name.clone())
                    && let Some(t) = spec.named_type(name)
                {
                    self.use_shape(spec, path, usage, &t.shape, seen);
                }
            }
            Shape::List { items, .. } => self.use_shape(spec, path, usage, items, seen),
            Shape::Map { values } => self.use_shape(spec, path, usage, values, seen),
            Shape::Struct { fields, .. } => {
                for f in fields {
                    self.use_shape(spec, path, usage, &f.shape, seen);
                }
            }
            _ => {}
        }
    }

    // ---- service, groups ----

    fn service(&mut self, old: &Spec, new: &Spec) {
        if old.format_version != new.format_version {
            self.push(
                Kind::FormatVersion,
                "format_version",
                Class::Compatible,
                "the spec file format changed; the generated SDK is unaffected by itself",
                Some(old.format_version.to_string()),
                Some(new.format_version.to_string()),
            );
        }
        let (o, n) = (&old.service, &new.service);
        let scalars: [(&str, &str, &str, &str); 5] = [
            (
                "product",
                &o.product,
                &n.product,
                "the product code identifies the service to the SDK",
            ),
            (
                "api_version",
                &o.api_version,
                &n.api_version,
                "every request sends a different `Version`",
            ),
            (
                "endpoint",
                &o.endpoint,
                &n.endpoint,
                "requests go to another host by default",
            ),
            (
                "signature.method",
                &o.signature.method,
                &n.signature.method,
                "requests are signed differently",
            ),
            (
                "signature.version",
                &o.signature.version,
                &n.signature.version,
                "requests are signed differently",
            ),
        ];
        for (key, a, b, why) in scalars {
            if a != b {
                self.push(
                    Kind::ServiceChanged,
                    format!("service.{key}"),
                    Class::Breaking,
                    why,
                    Some(a.to_string()),
                    Some(b.to_string()),
                );
            }
        }
        self.docs("service.description".into(), &o.description, &n.description);
        for (key, a, b) in [
            ("protocols", &o.protocols, &n.protocols),
            ("methods", &o.methods, &n.methods),
        ] {
            for v in a.iter().filter(|v| !b.contains(v)) {
                self.push(
                    Kind::ServiceValueRemoved,
                    format!("service.{key}.{v}"),
                    Class::Breaking,
                    format!("requests using {v} are no longer accepted"),
                    Some(v.clone()),
                    None,
                );
            }
            for v in b.iter().filter(|v| !a.contains(v)) {
                self.push(
                    Kind::ServiceValueAdded,
                    format!("service.{key}.{v}"),
                    Class::Compatible,
                    "one more option; existing requests are unaffected",
                    None,
                    Some(v.clone()),
                );
            }
        }
        for r in &o.regions {
            let path = format!("service.regions.{}", r.id);
            match n.regions.iter().find(|x| x.id == r.id) {
                None => self.push(
                    Kind::RegionRemoved,
                    path,
                    Class::Breaking,
                    "code that names this region loses its endpoint",
                    Some(r.endpoint.clone()),
                    None,
                ),
                Some(x) => {
                    if x.endpoint != r.endpoint {
                        self.push(
                            Kind::RegionChanged,
                            path.clone(),
                            Class::Breaking,
                            "requests to this region go to another host",
                            Some(r.endpoint.clone()),
                            Some(x.endpoint.clone()),
                        );
                    }
                    self.docs(format!("{path}.name"), &r.name, &x.name);
                }
            }
        }
        for r in n
            .regions
            .iter()
            .filter(|r| !o.regions.iter().any(|x| x.id == r.id))
        {
            self.push(
                Kind::RegionAdded,
                format!("service.regions.{}", r.id),
                Class::Compatible,
                "a new region; existing regions are unaffected",
                None,
                Some(r.endpoint.clone()),
            );
        }
        self.members(
            "service.common_params",
            &o.common_params,
            &n.common_params,
            INPUT,
            true,
        );
        self.members(
            "service.error_fields",
            &o.error_fields,
            &n.error_fields,
            OUTPUT,
            false,
        );
        self.errors("service.common_errors", &o.common_errors, &n.common_errors);
        self.docs_list("service.notes".into(), &o.notes, &n.notes);
    }

    fn groups(&mut self, old: &Spec, new: &Spec) {
        for g in &old.groups {
            let path = format!("groups.{}", g.name);
            match new.groups.iter().find(|x| x.name == g.name) {
                None => self.push(
                    Kind::GroupRemoved,
                    path,
                    Class::Breaking,
                    format!("the generated module `{}` disappears", g.name),
                    Some(g.name.clone()),
                    None,
                ),
                Some(x) => {
                    self.docs(format!("{path}.title"), &g.title, &x.title);
                    self.docs(
                        format!("{path}.description"),
                        &g.description,
                        &x.description,
                    );
                }
            }
        }
        for g in new
            .groups
            .iter()
            .filter(|g| !old.groups.iter().any(|x| x.name == g.name))
        {
            self.push(
                Kind::GroupAdded,
                format!("groups.{}", g.name),
                Class::Compatible,
                format!("a new generated module `{}`", g.name),
                None,
                Some(g.name.clone()),
            );
        }
    }

    // ---- named types ----

    fn type_use(&self, name: &str) -> Use {
        // A type used nowhere is still public in the generated crate: treat
        // it as used both ways so its changes are never under-classified.
        match self.uses.get(name) {
            Some(u) if u.usage != Use::default() => u.usage,
            _ => Use {
                input: true,
                output: true,
            },
        }
    }

    fn types(&mut self, old: &Spec, new: &Spec) {
        for t in &old.types {
            let path = format!("types.{}", t.name);
            match new.types.iter().find(|x| x.name == t.name) {
                None => self.push(
                    Kind::TypeRemoved,
                    path,
                    Class::Breaking,
                    format!("the Rust type `{}` disappears", t.name),
                    Some(shape_desc(&t.shape)),
                    None,
                ),
                Some(x) => self.named_type(&path, t, x),
            }
        }
        for t in new
            .types
            .iter()
            .filter(|t| !old.types.iter().any(|x| x.name == t.name))
        {
            self.push(
                Kind::TypeAdded,
                format!("types.{}", t.name),
                Class::Compatible,
                format!("a new Rust type `{}`", t.name),
                None,
                Some(shape_desc(&t.shape)),
            );
        }
    }

    fn named_type(&mut self, path: &str, old: &NamedType, new: &NamedType) {
        let usage = self.type_use(&old.name);
        self.shape(path, &old.shape, &new.shape, usage);
        self.docs(
            format!("{path}.description"),
            &old.description,
            &new.description,
        );
        self.docs_list(format!("{path}.notes"), &old.notes, &new.notes);
    }

    // ---- actions ----

    fn actions(&mut self, old: &Spec, new: &Spec) {
        let old_names: BTreeSet<&str> = old.actions.iter().map(|a| a.name.as_str()).collect();
        let new_names: BTreeSet<&str> = new.actions.iter().map(|a| a.name.as_str()).collect();
        let removed: Vec<&Action> = old
            .actions
            .iter()
            .filter(|a| !new_names.contains(a.name.as_str()))
            .collect();
        let added: Vec<&Action> = new
            .actions
            .iter()
            .filter(|a| !old_names.contains(a.name.as_str()))
            .collect();

        // Pair renames: first by alias (the new action lists the old name),
        // then by identical parameters and response (only if unambiguous).
        let mut renames: Vec<(&Action, &Action, &str)> = Vec::new();
        let mut taken_new: BTreeSet<&str> = BTreeSet::new();
        let mut taken_old: BTreeSet<&str> = BTreeSet::new();
        for o in &removed {
            if let Some(n) = added
                .iter()
                .find(|n| !taken_new.contains(n.name.as_str()) && n.aliases.contains(&o.name))
            {
                renames.push((o, n, "the new action lists the old name in `aliases`"));
                taken_new.insert(&n.name);
                taken_old.insert(&o.name);
            }
        }
        let unpaired: Vec<&Action> = removed
            .iter()
            .copied()
            .filter(|o| !taken_old.contains(o.name.as_str()))
            .collect();
        for o in unpaired {
            let same = |a: &Action| {
                same_members(&a.params, &o.params) && same_members(&a.response, &o.response)
            };
            let candidates: Vec<&&Action> = added
                .iter()
                .filter(|n| !taken_new.contains(n.name.as_str()) && same(n))
                .collect();
            let old_twins = removed
                .iter()
                .filter(|x| {
                    same_members(&x.params, &o.params) && same_members(&x.response, &o.response)
                })
                .count();
            if let [n] = candidates.as_slice()
                && old_twins == 1
            {
                renames.push((o, n, "same parameters and response under another name"));
                taken_new.insert(&n.name);
                taken_old.insert(&o.name);
            }
        }

        for o in removed
            .iter()
            .filter(|o| !taken_old.contains(o.name.as_str()))
        {
            self.push(
                Kind::ActionRemoved,
                format!("actions.{}", o.name),
                Class::Breaking,
                "its Rust method and request/response types disappear",
                Some(o.name.clone()),
                None,
            );
        }
        for (o, n, why) in &renames {
            self.push(
                Kind::ActionRenamed,
                format!("actions.{}", o.name),
                Class::Breaking,
                format!("{why}; the Rust method and types are renamed and `Action=` changes"),
                Some(o.name.clone()),
                Some(n.name.clone()),
            );
        }
        for n in added
            .iter()
            .filter(|n| !taken_new.contains(n.name.as_str()))
        {
            self.push(
                Kind::ActionAdded,
                format!("actions.{}", n.name),
                Class::Compatible,
                "a new action; existing code is unaffected",
                None,
                Some(n.name.clone()),
            );
        }
        // Details, in the new spec's order (renamed actions under the new name).
        for n in &new.actions {
            let o = old
                .action(&n.name)
                .or_else(|| renames.iter().find(|r| r.1.name == n.name).map(|r| r.0));
            if let Some(o) = o {
                self.action(o, n);
            }
        }
    }

    fn action(&mut self, old: &Action, new: &Action) {
        let base = format!("actions.{}", new.name);
        if old.group != new.group {
            self.push(
                Kind::ActionGroupChanged,
                format!("{base}.group"),
                Class::Breaking,
                "its generated items move to another module",
                Some(old.group.clone()),
                Some(new.group.clone()),
            );
        }
        for a in old
            .aliases
            .iter()
            .filter(|a| !new.aliases.contains(a) && **a != new.name)
        {
            self.push(
                Kind::ActionAliasRemoved,
                format!("{base}.aliases.{a}"),
                Class::Compatible,
                "aliases record other names the reference uses; nothing is generated from them",
                Some(a.clone()),
                None,
            );
        }
        for a in new
            .aliases
            .iter()
            .filter(|a| !old.aliases.contains(a) && **a != old.name)
        {
            self.push(
                Kind::ActionAliasAdded,
                format!("{base}.aliases.{a}"),
                Class::Compatible,
                "aliases record other names the reference uses; nothing is generated from them",
                None,
                Some(a.clone()),
            );
        }
        self.docs(format!("{base}.summary"), &old.summary, &new.summary);
        self.docs(
            format!("{base}.description"),
            &old.description,
            &new.description,
        );
        self.docs(format!("{base}.source"), &old.source, &new.source);
        self.docs_list(format!("{base}.notes"), &old.notes, &new.notes);
        self.members(
            &format!("{base}.params"),
            &old.params,
            &new.params,
            INPUT,
            true,
        );
        self.rules(&format!("{base}.rules"), &old.rules, &new.rules);
        self.members(
            &format!("{base}.response"),
            &old.response,
            &new.response,
            OUTPUT,
            false,
        );
        self.pagination(
            &format!("{base}.pagination"),
            old.pagination.as_ref(),
            new.pagination.as_ref(),
        );
        self.errors(&format!("{base}.errors"), &old.errors, &new.errors);
    }

    fn rules(&mut self, base: &str, old: &[Rule], new: &[Rule]) {
        for r in old {
            let key = rule_key(r);
            match new.iter().find(|x| rule_key(x) == key) {
                None => self.push(
                    Kind::RuleRemoved,
                    format!("{base}.{key}"),
                    Class::Compatible,
                    "requests the rule rejected are now accepted",
                    Some(rule_desc(r)),
                    None,
                ),
                Some(x) if x != r => {
                    let narrower = match (r, x) {
                        (
                            Rule::TimeRange {
                                max_span_seconds: a,
                                both_or_neither: ab,
                                ..
                            },
                            Rule::TimeRange {
                                max_span_seconds: b,
                                both_or_neither: bb,
                                ..
                            },
                        ) => {
                            let span_narrower = match (a, b) {
                                (None, Some(_)) => true,
                                (Some(a), Some(b)) => b < a,
                                _ => false,
                            };
                            span_narrower || (!ab && *bb)
                        }
                        // Another condition value: requests valid before may now be rejected.
                        _ => true,
                    };
                    let (class, why) = if narrower {
                        (Class::Breaking, "the rule now rejects requests it accepted")
                    } else {
                        (Class::Compatible, "the rule is relaxed")
                    };
                    self.push(
                        Kind::RuleChanged,
                        format!("{base}.{key}"),
                        class,
                        why,
                        Some(rule_desc(r)),
                        Some(rule_desc(x)),
                    );
                }
                Some(_) => {}
            }
        }
        for r in new
            .iter()
            .filter(|r| !old.iter().any(|x| rule_key(x) == rule_key(r)))
        {
            self.push(
                Kind::RuleAdded,
                format!("{base}.{}", rule_key(r)),
                Class::Breaking,
                "a new cross-parameter rule rejects requests that were accepted",
                None,
                Some(rule_desc(r)),
            );
        }
    }

    fn pagination(&mut self, path: &str, old: Option<&Pagination>, new: Option<&Pagination>) {
        match (old, new) {
            (None, None) => {}
            (None, Some(n)) => self.push(
                Kind::PaginationAdded,
                path,
                Class::Compatible,
                "a paginator is generated; the single-page call is unchanged",
                None,
                Some(format!(
                    "{} / {} -> {}",
                    n.page_number, n.page_size, n.items
                )),
            ),
            (Some(o), None) => self.push(
                Kind::PaginationRemoved,
                path,
                Class::Breaking,
                "the generated paginator disappears",
                Some(format!(
                    "{} / {} -> {}",
                    o.page_number, o.page_size, o.items
                )),
                None,
            ),
            (Some(o), Some(n)) => {
                let req = [
                    ("page_number", &o.page_number, &n.page_number),
                    ("page_size", &o.page_size, &n.page_size),
                    ("items", &o.items, &n.items),
                ];
                for (key, a, b) in req {
                    if a != b {
                        self.push(
                            Kind::PaginationChanged,
                            format!("{path}.{key}"),
                            Class::Breaking,
                            "the paginator pages through another member",
                            Some(a.clone()),
                            Some(b.clone()),
                        );
                    }
                }
                let totals = [
                    ("total_items", &o.total_items, &n.total_items),
                    ("total_pages", &o.total_pages, &n.total_pages),
                ];
                for (key, a, b) in totals {
                    if a != b {
                        let (class, why) = if a.is_none() {
                            (
                                Class::Compatible,
                                "the paginator can stop earlier; callers are unaffected",
                            )
                        } else {
                            (
                                Class::Breaking,
                                "the paginator's stop condition reads another field",
                            )
                        };
                        self.push(
                            Kind::PaginationChanged,
                            format!("{path}.{key}"),
                            class,
                            why,
                            a.clone(),
                            b.clone(),
                        );
                    }
                }
            }
        }
    }

    fn errors(&mut self, base: &str, old: &[ErrorCode], new: &[ErrorCode]) {
        for e in old {
            let path = format!("{base}.{}", e.code);
            match new.iter().find(|x| x.code == e.code) {
                None => self.push(
                    Kind::ErrorRemoved,
                    path,
                    Class::Compatible,
                    "error codes are matched as strings; code handling it still compiles",
                    Some(format!("HTTP {}", e.http_status)),
                    None,
                ),
                Some(x) => {
                    if x.http_status != e.http_status {
                        let crosses = (e.http_status >= 500) != (x.http_status >= 500);
                        let why = if crosses {
                            "errors are matched by code, but the runtime retries 5xx statuses: retries change"
                        } else {
                            "errors are matched by code, not by HTTP status"
                        };
                        self.push(
                            Kind::ErrorStatusChanged,
                            path.clone(),
                            Class::Compatible,
                            why,
                            Some(e.http_status.to_string()),
                            Some(x.http_status.to_string()),
                        );
                    }
                    self.docs(format!("{path}.message"), &e.message, &x.message);
                    self.docs(
                        format!("{path}.description"),
                        &e.description,
                        &x.description,
                    );
                }
            }
        }
        for e in new.iter().filter(|e| !old.iter().any(|x| x.code == e.code)) {
            self.push(
                Kind::ErrorAdded,
                format!("{base}.{}", e.code),
                Class::Compatible,
                "a new documented error; existing code is unaffected",
                None,
                Some(format!("HTTP {}", e.http_status)),
            );
        }
    }

    // ---- callbacks ----

    fn callbacks(&mut self, old: &Spec, new: &Spec) {
        for c in &old.callbacks {
            let path = format!("callbacks.{}", c.name);
            match new.callbacks.iter().find(|x| x.name == c.name) {
                None => self.push(
                    Kind::CallbackRemoved,
                    path,
                    Class::Breaking,
                    "its Rust payload types disappear",
                    Some(c.name.clone()),
                    None,
                ),
                Some(x) => self.callback(&path, c, x),
            }
        }
        for c in new
            .callbacks
            .iter()
            .filter(|c| !old.callbacks.iter().any(|x| x.name == c.name))
        {
            self.push(
                Kind::CallbackAdded,
                format!("callbacks.{}", c.name),
                Class::Compatible,
                "a new callback payload type",
                None,
                Some(c.name.clone()),
            );
        }
    }

    fn callback(&mut self, path: &str, old: &Callback, new: &Callback) {
        if old.transport != new.transport {
            self.push(
                Kind::CallbackTransportChanged,
                format!("{path}.transport"),
                Class::Breaking,
                "servers must read the payload from another place",
                Some(transport_name(old.transport).into()),
                Some(transport_name(new.transport).into()),
            );
        }
        self.docs(format!("{path}.summary"), &old.summary, &new.summary);
        self.docs(
            format!("{path}.description"),
            &old.description,
            &new.description,
        );
        self.docs(format!("{path}.source"), &old.source, &new.source);
        self.docs_list(format!("{path}.notes"), &old.notes, &new.notes);
        self.members(
            &format!("{path}.request"),
            &old.request,
            &new.request,
            OUTPUT,
            false,
        );
        self.members(
            &format!("{path}.response"),
            &old.response,
            &new.response,
            INPUT,
            false,
        );
    }

    // ---- members and shapes ----

    /// `params` is true for request parameters (which carry a wire style).
    fn members(&mut self, base: &str, old: &[Member], new: &[Member], usage: Use, params: bool) {
        let (added_kind, removed_kind) = if params {
            (Kind::ParamAdded, Kind::ParamRemoved)
        } else {
            (Kind::FieldAdded, Kind::FieldRemoved)
        };
        for m in old {
            let path = format!("{base}.{}", m.name);
            match new.iter().find(|x| x.name == m.name) {
                None => {
                    let why = match (usage.input, usage.output) {
                        (true, false) => "code that sets it no longer compiles",
                        (false, true) => "code that reads it no longer compiles",
                        _ => "code that sets or reads it no longer compiles",
                    };
                    self.push(
                        removed_kind,
                        path,
                        Class::Breaking,
                        why,
                        Some(shape_desc(&m.shape)),
                        None,
                    );
                }
                Some(x) => self.member(&path, m, x, usage),
            }
        }
        // Order carries no meaning on the wire or in Rust (members are named),
        // but the spec keeps the reference's table order: show reorders as docs.
        let kept_old: Vec<&str> = old
            .iter()
            .map(|m| m.name.as_str())
            .filter(|n| new.iter().any(|x| x.name == *n))
            .collect();
        let kept_new: Vec<&str> = new
            .iter()
            .map(|m| m.name.as_str())
            .filter(|n| old.iter().any(|x| x.name == *n))
            .collect();
        if kept_old != kept_new {
            self.docs(
                format!("{base}.order"),
                &kept_old.join(", "),
                &kept_new.join(", "),
            );
        }
        for m in new.iter().filter(|m| !old.iter().any(|x| x.name == m.name)) {
            let mut desc = shape_desc(&m.shape);
            if m.required {
                desc.push_str(", required");
            }
            let (class, why) = if m.required && usage.input {
                let why = if params {
                    "required: every caller must now supply it"
                } else {
                    "required: code that builds this value must now set it"
                };
                (Class::Breaking, why)
            } else if usage.input {
                (
                    Class::Compatible,
                    "optional; existing callers are unaffected",
                )
            } else {
                (
                    Class::Compatible,
                    "a new field; generated structs are non_exhaustive",
                )
            };
            self.push(
                added_kind,
                format!("{base}.{}", m.name),
                class,
                why,
                None,
                Some(desc),
            );
        }
    }

    fn member(&mut self, path: &str, old: &Member, new: &Member, usage: Use) {
        if old.rust_name != new.rust_name {
            self.push(
                Kind::RustNameChanged,
                format!("{path}.rust_name"),
                Class::Breaking,
                "the Rust identifier changes",
                old.rust_name.clone(),
                new.rust_name.clone(),
            );
        }
        self.shape(path, &old.shape, &new.shape, usage);
        if old.style != new.style {
            self.push(
                Kind::StyleChanged,
                format!("{path}.style"),
                Class::Breaking,
                "the parameter is encoded differently on the wire",
                Some(style_name(old.style).into()),
                Some(style_name(new.style).into()),
            );
        }
        if old.required != new.required {
            let (class, why) = if usage.output {
                (
                    Class::Breaking,
                    "the Rust field type changes between `T` and `Option<T>`",
                )
            } else if new.required {
                (Class::Breaking, "every caller must now supply it")
            } else {
                (Class::Compatible, "callers may now omit it")
            };
            self.push(
                Kind::RequiredChanged,
                format!("{path}.required"),
                class,
                why,
                Some(old.required.to_string()),
                Some(new.required.to_string()),
            );
        }
        if old.default != new.default {
            self.push(
                Kind::DefaultChanged,
                format!("{path}.default"),
                Class::Compatible,
                "the SDK never sends defaults; requests that omit it get the new service behaviour",
                old.default.as_ref().map(json_text),
                new.default.as_ref().map(json_text),
            );
        }
        self.constraints(path, &old.constraints, &new.constraints);
        for a in old.aliases.iter().filter(|a| !new.aliases.contains(a)) {
            let (class, why) = if usage.output {
                (Class::Breaking, "decoders no longer accept this wire key")
            } else {
                (Class::Compatible, "aliases only affect decoding")
            };
            self.push(
                Kind::FieldAliasRemoved,
                format!("{path}.aliases.{a}"),
                class,
                why,
                Some(a.clone()),
                None,
            );
        }
        for a in new.aliases.iter().filter(|a| !old.aliases.contains(a)) {
            self.push(
                Kind::FieldAliasAdded,
                format!("{path}.aliases.{a}"),
                Class::Compatible,
                "decoders also accept this wire key",
                None,
                Some(a.clone()),
            );
        }
        self.docs(
            format!("{path}.description"),
            &old.description,
            &new.description,
        );
        self.docs(
            format!("{path}.example"),
            old.example.as_deref().unwrap_or(""),
            new.example.as_deref().unwrap_or(""),
        );
        self.docs_list(format!("{path}.notes"), &old.notes, &new.notes);
    }

    fn shape(&mut self, path: &str, old: &Shape, new: &Shape, usage: Use) {
        match (old, new) {
            (
                Shape::Enum {
                    type_name: ot,
                    values: ov,
                },
                Shape::Enum {
                    type_name: nt,
                    values: nv,
                },
            ) => {
                self.type_name(path, ot, nt);
                for v in ov {
                    let vpath = format!("{path}.values.{}", v.value);
                    match nv.iter().find(|x| x.value == v.value) {
                        None => self.push(
                            Kind::EnumValueRemoved,
                            vpath,
                            Class::Breaking,
                            "the Rust variant disappears and the service no longer uses the value",
                            Some(v.value.clone()),
                            None,
                        ),
                        Some(x) => {
                            if x.rust_name != v.rust_name {
                                self.push(
                                    Kind::RustNameChanged,
                                    format!("{vpath}.rust_name"),
                                    Class::Breaking,
                                    "the Rust variant is renamed",
                                    v.rust_name.clone(),
                                    x.rust_name.clone(),
                                );
                            }
                            self.docs(
                                format!("{vpath}.description"),
                                &v.description,
                                &x.description,
                            );
                        }
                    }
                }
                for v in nv.iter().filter(|v| !ov.iter().any(|x| x.value == v.value)) {
                    let why = if usage.output {
                        "a new variant; old SDKs decode it as `Unknown`"
                    } else {
                        "a new option; existing values are unaffected"
                    };
                    self.push(
                        Kind::EnumValueAdded,
                        format!("{path}.values.{}", v.value),
                        Class::Compatible,
                        why,
                        None,
                        Some(v.value.clone()),
                    );
                }
            }
            (
                Shape::List {
                    items: oi,
                    wrapper: ow,
                },
                Shape::List {
                    items: ni,
                    wrapper: nw,
                },
            ) => {
                if ow != nw {
                    self.push(
                        Kind::WrapperChanged,
                        format!("{path}.wrapper"),
                        Class::Compatible,
                        "decoders accept the list bare or wrapped; check the service really nests it so",
                        ow.clone(),
                        nw.clone(),
                    );
                }
                self.shape(&format!("{path}[]"), oi, ni, usage);
            }
            (Shape::Map { values: o }, Shape::Map { values: n }) => {
                self.shape(&format!("{path}{{}}"), o, n, usage)
            }
            (
                Shape::Struct {
                    type_name: ot,
                    fields: of,
                },
                Shape::Struct {
                    type_name: nt,
                    fields: nf,
                },
            ) => {
                self.type_name(path, ot, nt);
                self.members(path, of, nf, usage, false);
            }
            (o, n) if o == n => {}
            (o, n) => self.push(
                Kind::TypeChanged,
                format!("{path}.type"),
                Class::Breaking,
                "the Rust type and the wire format change",
                Some(shape_desc(o)),
                Some(shape_desc(n)),
            ),
        }
    }

    fn type_name(&mut self, path: &str, old: &Option<String>, new: &Option<String>) {
        if old != new {
            self.push(
                Kind::TypeNameChanged,
                format!("{path}.type_name"),
                Class::Breaking,
                "the generated Rust type is renamed",
                old.clone(),
                new.clone(),
            );
        }
    }

    fn constraints(&mut self, path: &str, old: &Constraints, new: &Constraints) {
        // (key, old, new, true if a larger value narrows what is accepted)
        let nums: [(&str, Option<f64>, Option<f64>, bool); 6] = [
            ("min", old.min, new.min, true),
            ("max", old.max, new.max, false),
            (
                "min_length",
                old.min_length.map(|v| v as f64),
                new.min_length.map(|v| v as f64),
                true,
            ),
            (
                "max_length",
                old.max_length.map(|v| v as f64),
                new.max_length.map(|v| v as f64),
                false,
            ),
            (
                "min_items",
                old.min_items.map(|v| v as f64),
                new.min_items.map(|v| v as f64),
                true,
            ),
            (
                "max_items",
                old.max_items.map(|v| v as f64),
                new.max_items.map(|v| v as f64),
                false,
            ),
        ];
        for (key, a, b, lower_bound) in nums {
            if a == b {
                continue;
            }
            let narrower = match (a, b) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => {
                    if lower_bound {
                        b > a
                    } else {
                        b < a
                    }
                }
                (None, None) => false,
            };
            self.constraint(path, key, narrower, a.map(fmt_num), b.map(fmt_num));
        }
        for (key, a, b, extra_narrows) in [
            // More prefixes accept more values; more required vars accept fewer.
            ("prefixes", &old.prefixes, &new.prefixes, false),
            (
                "required_vars",
                &old.required_vars,
                &new.required_vars,
                true,
            ),
        ] {
            if a == b {
                continue;
            }
            let narrower = if extra_narrows {
                b.iter().any(|v| !a.contains(v))
            } else {
                // An empty prefix list means "no constraint": dropping every
                // prefix widens, dropping some of them narrows.
                !b.is_empty() && (a.is_empty() || a.iter().any(|v| !b.contains(v)))
            };
            let show = |v: &Vec<String>| {
                if v.is_empty() {
                    None
                } else {
                    Some(code_list(v))
                }
            };
            self.constraint(path, key, narrower, show(a), show(b));
        }
        if old.not_before != new.not_before {
            // The format is fixed (`YYYY-MM-DDThh:mm:ssZ`), so text order is time order.
            let narrower = match (&old.not_before, &new.not_before) {
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b > a,
                _ => false,
            };
            self.constraint(
                path,
                "not_before",
                narrower,
                old.not_before.clone(),
                new.not_before.clone(),
            );
        }
    }

    fn constraint(
        &mut self,
        path: &str,
        key: &str,
        narrower: bool,
        old: Option<String>,
        new: Option<String>,
    ) {
        let (class, why) = if narrower {
            let why = if old.is_none() {
                "a new constraint rejects values that were accepted"
            } else {
                "narrowed: values that were accepted are now rejected"
            };
            (Class::Breaking, why)
        } else {
            (
                Class::Compatible,
                "widened: every value accepted before is still accepted",
            )
        };
        self.push(
            Kind::ConstraintChanged,
            format!("{path}.constraints.{key}"),
            class,
            why,
            old,
            new,
        );
    }
}

#[cfg(test)]
mod tests;

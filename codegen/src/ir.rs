//! The intermediate model between the spec and the emitted Rust code.
//!
//! It decides every Rust name once (heck case conversion, keyword escaping,
//! collision suffixes), gives every inline enum/struct a unique type name and
//! resolves each member to a [`RustTy`]. The emitters only read it. All
//! collections are `Vec`s in spec order, so output is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::model::{
    Action, Callback, CallbackTransport, EnumValue, Member, Pagination, Rule, Shape, Spec,
};

/// Rust keywords (2024 edition, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NON_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Method names the generated builders define themselves; a parameter whose
/// snake_case name is one of these gets a `_param` suffix on its setter
/// (struct setters share the list: `validate_at`, `to_json`...).
const BUILDER_METHODS: &[&str] = &[
    "build",
    "builder",
    "send",
    "into_paginator",
    "new",
    "validate",
    "to_params",
    "as_input",
    "input",
    "client",
    "validate_at",
    "push_params",
    "from_json",
    "from_query",
    "to_json",
    "check_required",
];

/// Module names the generator uses itself; a group with one of these names
/// gets a `_api` suffix.
const RESERVED_MODULES: &[&str] = &["types", "callbacks", "client"];

/// Cargo feature names the generated crate defines itself; a group whose
/// module has one of these names gets a `_api` suffix on its feature.
pub const RESERVED_FEATURES: &[&str] = &["default", "full"];

/// A group's module name: snake_case, `_api` appended on a clash with the
/// generator's own modules.
fn module_name(group: &str) -> String {
    let m = snake(group);
    if RESERVED_MODULES.contains(&unraw(&m)) {
        format!("{}_api", unraw(&m))
    } else {
        m
    }
}

/// An identifier as source text (`r#type` for keywords).
pub fn ident_text(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        s.push('_');
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if NON_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s.insert_str(0, "r#");
    }
    s
}

/// snake_case of a wire name, as an identifier.
pub fn snake(name: &str) -> String {
    ident_text(&name.to_snake_case())
}

/// UpperCamelCase of a wire name, as a type identifier (never a keyword).
pub fn camel(name: &str) -> String {
    let mut s = name.to_upper_camel_case();
    s.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if s == "Self" {
        // `Self` is a keyword and `Self_` is not UpperCamelCase.
        s.push_str("Value");
    }
    s
}

/// UpperCamelCase used as a prefix of longer type names, where `Self` is
/// fine (`SelfInput`).
pub fn prefix(name: &str) -> String {
    let c = camel(name);
    if c == "SelfValue" {
        "Self".to_owned()
    } else {
        c
    }
}

/// The identifier without a leading `r#`.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Escapes spec prose for rustdoc: no accidental links, HTML or bare URLs.
pub fn doc_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s.trim();
    while !rest.is_empty() {
        let url_at = ["http://", "https://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (text, url) = match url_at {
            Some(i) => {
                let (t, u) = rest.split_at(i);
                let end = u
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | '，' | '。')
                    })
                    .unwrap_or(u.len());
                (t, Some(&u[..end]))
            }
            None => (rest, None),
        };
        for c in text.chars() {
            match c {
                '[' | ']' | '<' | '>' | '*' | '_' | '`' | '\\' | '#' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' | '\r' => out.push(' '),
                _ => out.push(c),
            }
        }
        rest = &rest[text.len()..];
        if let Some(u) = url {
            // A trailing `.` or `,` ends the sentence, not the URL.
            let u = u.trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(u);
            out.push('>');
            rest = &rest[u.len()..];
        }
    }
    out
}

/// Hands out unique names: a taken name gets `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    pub fn new<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: reserved.into_iter().map(str::to_owned).collect(),
        }
    }

    pub fn claim(&mut self, want: &str) -> String {
        if self.taken.insert(want.to_owned()) {
            return want.to_owned();
        }
        let (base, raw) = match want.strip_prefix("r#") {
            Some(b) => (b, true),
            None => (want, false),
        };
        let sep = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        for n in 2.. {
            let cand = format!("{base}{sep}{n}");
            let cand = if raw { ident_text(&cand) } else { cand };
            if self.taken.insert(cand.clone()) {
                return cand;
            }
        }
        unreachable!("the integers are unbounded")
    }
}

/// The Rust type of a member.
#[derive(Debug, Clone, PartialEq)]
pub enum RustTy {
    String,
    I32,
    I64,
    F64,
    Bool,
    /// `timestamp`.
    Timestamp,
    /// `epoch_seconds`: also a `Timestamp`, sent and serialized as seconds.
    Epoch,
    Json,
    /// A generated enum (path relative to the crate, e.g. `types::Order`).
    Enum(TypeRef),
    /// A generated struct.
    Struct(TypeRef),
    List {
        items: Box<RustTy>,
        wrapper: Option<String>,
    },
    Map(Box<RustTy>),
}

/// Where a generated type lives.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    pub name: String,
    /// Module path below `crate::generated`, e.g. `["record", "describe_x"]`.
    pub module: Vec<String>,
}

impl RustTy {
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            RustTy::List { .. } | RustTy::Map(_) | RustTy::Struct(_) | RustTy::Json
        )
    }
}

/// A member with its Rust name and type.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    pub member: &'a Member,
    /// Field identifier (may be `r#type`).
    pub ident: String,
    /// Builder setter name (`_param` suffix on collisions with builder methods).
    pub setter: String,
    pub ty: RustTy,
}

#[derive(Debug, Clone)]
pub struct Variant<'a> {
    pub value: &'a EnumValue,
    pub ident: String,
}

#[derive(Debug, Clone)]
pub enum TypeKind<'a> {
    Enum(Vec<Variant<'a>>),
    Struct(Vec<Field<'a>>),
}

/// A generated enum or struct.
#[derive(Debug, Clone)]
pub struct TypeDef<'a> {
    pub name: String,
    pub description: String,
    pub kind: TypeKind<'a>,
    /// Reachable from request parameters: gets validation and wire encoding.
    pub in_input: bool,
    /// Shared types only: the features of the groups that use it, when only
    /// gated groups do (`None`: always compiled, e.g. used by a callback or
    /// by nothing at all, which keeps it public API).
    pub features: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct PaginationIr<'a> {
    pub spec: &'a Pagination,
    pub page_number: Field<'a>,
    pub page_size: Field<'a>,
    pub items: Field<'a>,
    pub total_items: Option<Field<'a>>,
    pub total_pages: Option<Field<'a>>,
}

#[derive(Debug, Clone)]
pub struct ActionIr<'a> {
    pub action: &'a Action,
    /// Module and method name, e.g. `describe_live_record_config`.
    pub snake: String,
    /// Module of its group, e.g. `record`.
    pub group_module: String,
    /// Cargo feature of its group, e.g. `record`.
    pub feature: String,
    pub input: String,
    pub input_builder: String,
    pub output: String,
    pub fluent: String,
    pub paginator: Option<String>,
    pub params: Vec<Field<'a>>,
    pub response: Vec<Field<'a>>,
    pub pagination: Option<PaginationIr<'a>>,
    pub rules: &'a [Rule],
    /// Inline enums/structs declared by this action.
    pub types: Vec<TypeDef<'a>>,
}

#[derive(Debug, Clone)]
pub struct CallbackIr<'a> {
    pub callback: &'a Callback,
    pub request: String,
    pub response: Option<String>,
    pub request_fields: Vec<Field<'a>>,
    pub response_fields: Vec<Field<'a>>,
    pub transport: CallbackTransport,
    pub types: Vec<TypeDef<'a>>,
}

#[derive(Debug, Clone)]
pub struct GroupIr<'a> {
    pub name: &'a str,
    pub module: String,
    /// The cargo feature that compiles this group: its module name without
    /// `r#` (`_api` appended on a clash with `default`/`full`).
    pub feature: String,
    pub title: &'a str,
    pub description: &'a str,
    /// Indices into [`Ir::actions`].
    pub actions: Vec<usize>,
}

/// The whole crate to generate.
#[derive(Debug)]
pub struct Ir<'a> {
    pub spec: &'a Spec,
    /// Shared types (`types[]`), in `generated/types.rs`.
    pub types: Vec<TypeDef<'a>>,
    pub groups: Vec<GroupIr<'a>>,
    pub actions: Vec<ActionIr<'a>>,
    pub callbacks: Vec<CallbackIr<'a>>,
}

impl<'a> Ir<'a> {
    /// Builds the intermediate model. The spec is assumed to have passed the
    /// loader's validation; dangling references degrade to `serde_json::Value`.
    pub fn build(spec: &'a Spec) -> Ir<'a> {
        // Type names are crate-wide unique: lib.rs and group modules re-export
        // them with globs, where a duplicate would silently vanish.
        let mut type_names =
            Names::new(["Client", "Error", "Timestamp", "Params", "ValidationError"]);
        let mut b = Builder {
            spec,
            type_names: &mut type_names,
        };

        // Shared types first: their names are fixed by the spec.
        let mut types = Vec::new();
        for t in &spec.types {
            let name = b.type_names.claim(&camel(&t.name));
            let module = vec!["types".to_owned()];
            let mut extra = Vec::new();
            let kind = b.kind_of(&t.shape, &name, &module, &mut extra);
            types.push(TypeDef {
                name,
                description: t.description.clone(),
                kind,
                in_input: false,
                features: None,
            });
            types.extend(extra);
        }

        let mut module_names = Names::new(RESERVED_MODULES.iter().copied());
        let mut feature_names = Names::new(RESERVED_FEATURES.iter().copied());
        let mut new_group = |name: &'a str, title: &'a str, description: &'a str| {
            let module = module_names.claim(&module_name(name));
            let base = unraw(&module);
            let feature = if RESERVED_FEATURES.contains(&base) {
                feature_names.claim(&format!("{base}_api"))
            } else {
                feature_names.claim(base)
            };
            GroupIr {
                name,
                module,
                feature,
                title,
                description,
                actions: Vec::new(),
            }
        };
        let mut groups: Vec<GroupIr> = spec
            .groups
            .iter()
            .map(|g| new_group(&g.name, &g.title, &g.description))
            .collect();

        let mut actions = Vec::new();
        let mut method_names =
            Names::new(["new", "builder", "runtime", "from_env", "into_runtime"]);
        for a in &spec.actions {
            let gi = match groups.iter().position(|g| g.name == a.group) {
                Some(i) => i,
                None => {
                    // The loader rejects unknown groups; stay total anyway.
                    groups.push(new_group(&a.group, &a.group, ""));
                    groups.len() - 1
                }
            };
            let snake_name = method_names.claim(&snake(&a.name));
            let module = vec![groups[gi].module.clone(), unraw(&snake_name).to_owned()];
            let base = prefix(&a.name);
            let input = b.type_names.claim(&format!("{base}Input"));
            let input_builder = b.type_names.claim(&format!("{base}InputBuilder"));
            let output = b.type_names.claim(&format!("{base}Output"));
            let fluent = b.type_names.claim(&format!("{base}FluentBuilder"));
            let paginator = a
                .pagination
                .as_ref()
                .map(|_| b.type_names.claim(&format!("{base}Paginator")));
            let mut inline = Vec::new();
            let params = b.fields(&a.params, &base, &module, &mut inline);
            let response = b.fields(&a.response, &base, &module, &mut inline);
            let pagination = a.pagination.as_ref().and_then(|p| {
                let find =
                    |fs: &[Field<'a>], n: &str| fs.iter().find(|f| f.member.name == n).cloned();
                Some(PaginationIr {
                    spec: p,
                    page_number: find(&params, &p.page_number)?,
                    page_size: find(&params, &p.page_size)?,
                    items: find(&response, &p.items)?,
                    total_items: p.total_items.as_deref().and_then(|n| find(&response, n)),
                    total_pages: p.total_pages.as_deref().and_then(|n| find(&response, n)),
                })
            });
            let paginator = if pagination.is_some() {
                paginator
            } else {
                None
            };
            groups[gi].actions.push(actions.len());
            actions.push(ActionIr {
                action: a,
                snake: snake_name,
                group_module: groups[gi].module.clone(),
                feature: groups[gi].feature.clone(),
                input,
                input_builder,
                output,
                fluent,
                paginator,
                params,
                response,
                pagination,
                rules: &a.rules,
                types: inline,
            });
        }

        let mut callbacks = Vec::new();
        for c in &spec.callbacks {
            let base = prefix(&c.name);
            let module = vec!["callbacks".to_owned()];
            let request = b.type_names.claim(&format!("{base}Request"));
            let response =
                (!c.response.is_empty()).then(|| b.type_names.claim(&format!("{base}Response")));
            let mut inline = Vec::new();
            let request_fields = b.fields(&c.request, &base, &module, &mut inline);
            let response_fields = b.fields(&c.response, &base, &module, &mut inline);
            callbacks.push(CallbackIr {
                callback: c,
                request,
                response,
                request_fields,
                response_fields,
                transport: c.transport,
                types: inline,
            });
        }

        let mut ir = Ir {
            spec,
            types,
            groups,
            actions,
            callbacks,
        };
        ir.mark_input_types();
        ir.mark_type_features();
        ir
    }

    /// Gates each shared type by the groups that use it (directly, through
    /// an action's inline types, or through other shared types), so that a
    /// build with only some groups compiles no shared type, validation or
    /// serde helper nobody uses. Types a callback uses, or that nothing
    /// uses, stay ungated.
    fn mark_type_features(&mut self) {
        #[derive(Default, Clone, PartialEq)]
        struct Users {
            always: bool,
            groups: BTreeSet<usize>,
        }
        let mut users: BTreeMap<String, Users> = BTreeMap::new();
        let refs_of = |fields: &[Field<'_>]| {
            let mut out = BTreeSet::new();
            for f in fields {
                collect_refs(&f.ty, &mut out);
            }
            out
        };
        let type_refs = |types: &[TypeDef<'_>]| {
            let mut out = BTreeSet::new();
            for t in types {
                if let TypeKind::Struct(fields) = &t.kind {
                    out.extend(refs_of(fields));
                }
            }
            out
        };
        for (gi, g) in self.groups.iter().enumerate() {
            for &ai in &g.actions {
                let a = &self.actions[ai];
                let mut names = refs_of(&a.params);
                names.extend(refs_of(&a.response));
                names.extend(type_refs(&a.types));
                for n in names {
                    users.entry(n).or_default().groups.insert(gi);
                }
            }
        }
        for c in &self.callbacks {
            let mut names = refs_of(&c.request_fields);
            names.extend(refs_of(&c.response_fields));
            names.extend(type_refs(&c.types));
            for n in names {
                users.entry(n).or_default().always = true;
            }
        }
        // A shared type's users also use every shared type it refers to.
        loop {
            let mut changed = false;
            for t in &self.types {
                let Some(u) = users.get(&t.name).cloned() else {
                    continue;
                };
                for n in type_refs(std::slice::from_ref(t)) {
                    let e = users.entry(n).or_default();
                    let before = e.clone();
                    e.always |= u.always;
                    e.groups.extend(u.groups.iter().copied());
                    changed |= *e != before;
                }
            }
            if !changed {
                break;
            }
        }
        for t in &mut self.types {
            t.features = match users.get(&t.name) {
                Some(u) if !u.always && !u.groups.is_empty() => Some(
                    u.groups
                        .iter()
                        .map(|&gi| self.groups[gi].feature.clone())
                        .collect(),
                ),
                _ => None,
            };
        }
    }

    /// Marks every struct/enum reachable from a request parameter.
    fn mark_input_types(&mut self) {
        let mut want: BTreeSet<String> = BTreeSet::new();
        for a in &self.actions {
            for f in &a.params {
                collect_refs(&f.ty, &mut want);
            }
        }
        loop {
            let before = want.len();
            for t in self.all_types() {
                if want.contains(&t.name) {
                    if let TypeKind::Struct(fields) = &t.kind {
                        let mut more = BTreeSet::new();
                        for f in fields {
                            collect_refs(&f.ty, &mut more);
                        }
                        want.extend(more);
                    }
                }
            }
            if want.len() == before {
                break;
            }
        }
        let mark = |t: &mut TypeDef| t.in_input = want.contains(&t.name);
        self.types.iter_mut().for_each(mark);
        for a in &mut self.actions {
            a.types.iter_mut().for_each(mark);
        }
        for c in &mut self.callbacks {
            c.types.iter_mut().for_each(mark);
        }
    }

    /// Every generated enum/struct (shared, per action, per callback).
    pub fn all_types(&self) -> impl Iterator<Item = &TypeDef<'a>> {
        self.types
            .iter()
            .chain(self.actions.iter().flat_map(|a| a.types.iter()))
            .chain(self.callbacks.iter().flat_map(|c| c.types.iter()))
    }

    /// The struct definition a `RustTy::Struct` points to.
    pub fn struct_def(&self, r: &TypeRef) -> Option<&TypeDef<'a>> {
        self.all_types().find(|t| t.name == r.name)
    }
}

fn collect_refs(ty: &RustTy, out: &mut BTreeSet<String>) {
    match ty {
        RustTy::Enum(r) | RustTy::Struct(r) => {
            out.insert(r.name.clone());
        }
        RustTy::List { items, .. } | RustTy::Map(items) => collect_refs(items, out),
        _ => {}
    }
}

struct Builder<'a, 's> {
    spec: &'a Spec,
    type_names: &'s mut Names,
}

impl<'a> Builder<'a, '_> {
    fn kind_of(
        &mut self,
        shape: &'a Shape,
        owner: &str,
        module: &[String],
        extra: &mut Vec<TypeDef<'a>>,
    ) -> TypeKind<'a> {
        match shape {
            Shape::Enum { values, .. } => TypeKind::Enum(variants(values)),
            Shape::Struct { fields, .. } => {
                TypeKind::Struct(self.fields(fields, owner, module, extra))
            }
            // The loader guarantees named types are enums or structs.
            _ => TypeKind::Struct(Vec::new()),
        }
    }

    fn fields(
        &mut self,
        members: &'a [Member],
        owner: &str,
        module: &[String],
        extra: &mut Vec<TypeDef<'a>>,
    ) -> Vec<Field<'a>> {
        let mut idents = Names::default();
        let mut setters = Names::new(BUILDER_METHODS.iter().copied());
        members
            .iter()
            .map(|m| {
                let want = match &m.rust_name {
                    Some(r) => ident_text(r),
                    None => snake(&m.name),
                };
                let ident = idents.claim(&want);
                let base = unraw(&ident);
                let setter = if BUILDER_METHODS.contains(&base) {
                    setters.claim(&format!("{base}_param"))
                } else {
                    setters.claim(base)
                };
                let setter = ident_text(&setter);
                let hint = format!("{owner}{}", camel(&m.name));
                let ty = self.ty(&m.shape, &hint, &m.description, module, extra);
                Field {
                    member: m,
                    ident,
                    setter,
                    ty,
                }
            })
            .collect()
    }

    fn ty(
        &mut self,
        shape: &'a Shape,
        hint: &str,
        description: &str,
        module: &[String],
        extra: &mut Vec<TypeDef<'a>>,
    ) -> RustTy {
        match shape {
            Shape::String => RustTy::String,
            Shape::Integer => RustTy::I32,
            Shape::Long => RustTy::I64,
            Shape::Float => RustTy::F64,
            Shape::Boolean => RustTy::Bool,
            Shape::Timestamp => RustTy::Timestamp,
            Shape::EpochSeconds => RustTy::Epoch,
            Shape::Json => RustTy::Json,
            Shape::Enum { type_name, values } => {
                let name = self
                    .type_names
                    .claim(&type_name.clone().unwrap_or_else(|| hint.to_owned()));
                extra.push(TypeDef {
                    name: name.clone(),
                    description: description.to_owned(),
                    kind: TypeKind::Enum(variants(values)),
                    in_input: false,
                    features: None,
                });
                RustTy::Enum(TypeRef {
                    name,
                    module: module.to_vec(),
                })
            }
            Shape::Struct { type_name, fields } => {
                let name = self
                    .type_names
                    .claim(&type_name.clone().unwrap_or_else(|| hint.to_owned()));
                let mut nested = Vec::new();
                let fields = self.fields(fields, &name, module, &mut nested);
                extra.push(TypeDef {
                    name: name.clone(),
                    description: description.to_owned(),
                    kind: TypeKind::Struct(fields),
                    in_input: false,
                    features: None,
                });
                extra.extend(nested);
                RustTy::Struct(TypeRef {
                    name,
                    module: module.to_vec(),
                })
            }
            Shape::List { items, wrapper } => {
                let item_hint = match wrapper {
                    Some(w) => item_hint_with_owner(hint, w),
                    None => match hint.strip_suffix("List") {
                        Some(stem) if !stem.is_empty() => stem.to_owned(),
                        _ => format!("{hint}Item"),
                    },
                };
                let items = self.ty(items, &item_hint, description, module, extra);
                RustTy::List {
                    items: Box::new(items),
                    wrapper: wrapper.clone(),
                }
            }
            Shape::Map { values } => {
                let v = self.ty(values, &format!("{hint}Value"), description, module, extra);
                RustTy::Map(Box::new(v))
            }
            Shape::Ref(name) => match self.spec.named_type(name).map(|t| &t.shape) {
                Some(Shape::Enum { .. }) => RustTy::Enum(TypeRef {
                    name: camel(name),
                    module: vec!["types".to_owned()],
                }),
                Some(Shape::Struct { .. }) => RustTy::Struct(TypeRef {
                    name: camel(name),
                    module: vec!["types".to_owned()],
                }),
                _ => RustTy::Json,
            },
        }
    }
}

/// `DescribeXRecordIndexInfoList` + wrapper `RecordIndexInfo` →
/// `DescribeXRecordIndexInfo`: the owner prefix, then the wrapper name.
fn item_hint_with_owner(hint: &str, wrapper: &str) -> String {
    let w = camel(wrapper);
    // The hint is `<Owner><Member>`; members of list type usually end in
    // `List`, whose stem is often the wrapper itself.
    if let Some(stem) = hint.strip_suffix("List") {
        if stem.ends_with(&w) {
            return stem.to_owned();
        }
    }
    format!("{hint}{w}")
}

fn variants(values: &[EnumValue]) -> Vec<Variant<'_>> {
    let mut names = Names::new(["Unknown"]);
    values
        .iter()
        .map(|v| {
            let want = match &v.rust_name {
                Some(r) => camel(r),
                None => camel(&v.value),
            };
            Variant {
                value: v,
                ident: names.claim(&want),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idents() {
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("OssObjectPrefix"), "oss_object_prefix");
        assert_eq!(snake("1st"), "_1st");
        assert_eq!(camel("0"), "V0");
        assert_eq!(camel("Self"), "SelfValue");
        assert_eq!(prefix("Self"), "Self");
        assert_eq!(camel("m3u8"), "M3u8");
        assert_eq!(camel("liveVideo"), "LiveVideo");
    }

    #[test]
    fn names_are_unique() {
        let mut n = Names::new(["Unknown"]);
        assert_eq!(n.claim("Unknown"), "Unknown2");
        assert_eq!(n.claim("a"), "a");
        assert_eq!(n.claim("a"), "a_2");
        assert_eq!(n.claim("r#type"), "r#type");
        assert_eq!(n.claim("r#type"), "type_2");
    }

    #[test]
    fn doc_escapes() {
        assert_eq!(doc_text("see [x] <p>a_b"), "see \\[x\\] \\<p\\>a\\_b");
        assert_eq!(doc_text("at http://x.y/z. Done"), "at <http://x.y/z>. Done");
    }
}

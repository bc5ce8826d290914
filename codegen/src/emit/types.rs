//! Enums, structs, their serde attributes, setters, and the wire encoding and
//! validation of values (shared by inputs and request structs).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, doc_lines, prose};
use super::{ident, is_collection, map_value_ty, rust_ty};
use crate::ir::{Field, Ir, RustTy, TypeDef, TypeKind, snake, unraw};
use crate::model::{Shape, Style};

/// `generated/types.rs`: the shared types, each gated by the features of the
/// groups that use it ([`TypeDef::features`]), and the serde helpers they
/// use, each gated by the union of its users' features (ungated when an
/// ungated type uses it). So a build with some groups off has no unused
/// items and no warnings.
pub(crate) fn shared_types(ir: &Ir<'_>) -> TokenStream {
    let feature_order: Vec<&str> = ir.groups.iter().map(|g| g.feature.as_str()).collect();
    // Wrapper name → `None` (needed ungated) or the features needing it.
    let mut wrapper_gates: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    let mut items = Vec::new();
    for t in &ir.types {
        let mut wrappers = BTreeSet::new();
        let tokens = type_def(ir, t, &mut wrappers);
        for w in wrappers {
            let gate = wrapper_gates
                .entry(w)
                .or_insert_with(|| Some(BTreeSet::new()));
            match (&t.features, gate.as_mut()) {
                (Some(fs), Some(set)) => set.extend(fs.iter().cloned()),
                _ => *gate = None,
            }
        }
        items.push(gated(tokens, t.features.as_deref().unwrap_or_default()));
    }
    let helpers = wrapper_gates.iter().map(|(w, gate)| {
        let one = wrapper_helpers(&BTreeSet::from([w.clone()]));
        match gate {
            None => one,
            Some(set) => {
                // Spec group order, so the attribute reads like the spec.
                let fs: Vec<String> = feature_order
                    .iter()
                    .filter(|f| set.contains(**f))
                    .map(|f| (*f).to_owned())
                    .collect();
                gated(one, &fs)
            }
        }
    });
    quote! { #(#items)* #(#helpers)* }
}

/// Puts `#[cfg(...)]` for `features` on every item of `tokens`.
fn gated(tokens: TokenStream, features: &[String]) -> TokenStream {
    if features.is_empty() {
        return tokens;
    }
    let cfg: syn::Attribute = {
        let t = super::cfg_features(features);
        let mut attrs = syn::parse::Parser::parse2(syn::Attribute::parse_outer, t)
            .expect("cfg_features yields one outer attribute");
        attrs.remove(0)
    };
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(f) => f,
        Err(e) => panic!("generated items do not parse: {e}\n{tokens}"),
    };
    let items = file.items.into_iter().map(|mut item| {
        let attrs = match &mut item {
            syn::Item::Struct(i) => &mut i.attrs,
            syn::Item::Enum(i) => &mut i.attrs,
            syn::Item::Impl(i) => &mut i.attrs,
            syn::Item::Fn(i) => &mut i.attrs,
            syn::Item::Const(i) => &mut i.attrs,
            syn::Item::Static(i) => &mut i.attrs,
            syn::Item::Type(i) => &mut i.attrs,
            syn::Item::Mod(i) => &mut i.attrs,
            syn::Item::Use(i) => &mut i.attrs,
            syn::Item::Trait(i) => &mut i.attrs,
            other => panic!("cannot gate generated item: {}", quote! { #other }),
        };
        // After the doc comment, as written by hand.
        let at = attrs
            .iter()
            .position(|a| !a.path().is_ident("doc"))
            .unwrap_or(attrs.len());
        attrs.insert(at, cfg.clone());
        quote! { #item }
    });
    quote! { #(#items)* }
}

/// Private `serialize_with` functions that put a list back in its wrapper.
pub(crate) fn wrapper_helpers(wrappers: &BTreeSet<String>) -> TokenStream {
    let fns = wrappers.iter().map(|w| {
        let f = wrapper_fn(w);
        quote! {
            #[allow(clippy::ptr_arg)]
            fn #f<T: serde::Serialize, S: serde::Serializer>(
                items: &::std::vec::Vec<T>,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                crate::support::ser_wrapped(#w, items, serializer)
            }
        }
    });
    quote! { #(#fns)* }
}

fn wrapper_fn(wrapper: &str) -> proc_macro2::Ident {
    format_ident!(
        "ser_wrapped_{}",
        unraw(&snake(wrapper)).trim_start_matches('_')
    )
}

/// One enum or struct from the IR.
pub(crate) fn type_def(
    ir: &Ir<'_>,
    t: &TypeDef<'_>,
    wrappers: &mut BTreeSet<String>,
) -> TokenStream {
    let doc = prose(&t.description, &format!("The `{}` type.", t.name));
    match &t.kind {
        TypeKind::Enum(_) => enum_def(t, &[doc]),
        TypeKind::Struct(fields) => struct_def(
            ir,
            &t.name,
            &[doc],
            fields,
            StructOpts {
                setters: true,
                wire: t.in_input,
            },
            wrappers,
        ),
    }
}

fn enum_def(t: &TypeDef<'_>, doc: &[String]) -> TokenStream {
    let TypeKind::Enum(variants) = &t.kind else {
        return TokenStream::new();
    };
    let name = ident(&t.name);
    let doc = doc_lines(doc);
    let vdefs = variants.iter().map(|v| {
        let id = ident(&v.ident);
        let d = doc_lines(&[
            prose(&v.value.description, "A known value."),
            String::new(),
            format!("Wire value: {}.", docs::code(&v.value.value)),
        ]);
        quote! { #d #id, }
    });
    let as_str = variants.iter().map(|v| {
        let id = ident(&v.ident);
        let s = &v.value.value;
        quote! { Self::#id => #s, }
    });
    let from = variants.iter().map(|v| {
        let id = ident(&v.ident);
        let s = &v.value.value;
        quote! { #s => Self::#id, }
    });
    let from2 = from.clone();
    let values = variants.iter().map(|v| &v.value.value);
    quote! {
        #doc
        ///
        /// Values this SDK does not know are kept as [`Self::Unknown`], and may be sent.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#vdefs)*
            /// A value this version of the SDK does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value this SDK knows, as sent on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(s) => s.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    #(#from2)*
                    _ => Self::Unknown(s),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            /// Accepts a string or a number (`1` for `"1"`).
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                aliyun_live_runtime::de::required_string(deserializer).map(Self::from)
            }
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) struct StructOpts {
    /// Chained setters (types users construct).
    pub setters: bool,
    /// `validate_at`/`push_params` (types sent as request parameters).
    pub wire: bool,
}

/// A struct whose fields are all optional (`Option`/`Vec`/map), decoded
/// leniently and serialized back without the absent fields.
pub(crate) fn struct_def(
    ir: &Ir<'_>,
    type_name: &str,
    doc: &[String],
    fields: &[Field<'_>],
    opts: StructOpts,
    wrappers: &mut BTreeSet<String>,
) -> TokenStream {
    let name = ident(type_name);
    let doc = doc_lines(doc);
    let defs = fields.iter().map(|f| {
        let id = ident(&f.ident);
        let d = doc_lines(&docs::member_doc(f, &f.member.name, false));
        let serde = serde_attrs(f, wrappers);
        let ty = field_ty(&f.ty, true);
        quote! { #d #serde pub #id: #ty, }
    });
    let setters = if opts.setters {
        setters(fields)
    } else {
        TokenStream::new()
    };
    let wire = if opts.wire {
        struct_wire(ir, fields)
    } else {
        TokenStream::new()
    };
    let new_fn = if opts.setters {
        quote! {
            /// An empty value; set fields with the chained setters.
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        TokenStream::new()
    };
    let body = quote! { #new_fn #setters #wire };
    let imp = if body.is_empty() {
        TokenStream::new()
    } else {
        quote! { impl #name { #body } }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#defs)*
        }
        #imp
    }
}

/// The stored type: collections as is, everything else in an `Option` unless
/// `optional` is false.
pub(crate) fn field_ty(ty: &RustTy, optional: bool) -> TokenStream {
    let t = rust_ty(ty);
    if optional && !is_collection(ty) {
        quote! { ::std::option::Option<#t> }
    } else {
        t
    }
}

fn serde_attrs(f: &Field<'_>, wrappers: &mut BTreeSet<String>) -> TokenStream {
    let wire = &f.member.name;
    let aliases = f.member.aliases.iter().map(|a| quote! { alias = #a, });
    let (de, ser, skip): (Option<&str>, Option<String>, &str) = match &f.ty {
        RustTy::String => (
            Some("aliyun_live_runtime::de::string"),
            None,
            "Option::is_none",
        ),
        RustTy::I32 => (
            Some("aliyun_live_runtime::de::i32"),
            None,
            "Option::is_none",
        ),
        RustTy::I64 => (
            Some("aliyun_live_runtime::de::i64"),
            None,
            "Option::is_none",
        ),
        RustTy::F64 => (
            Some("aliyun_live_runtime::de::f64"),
            None,
            "Option::is_none",
        ),
        RustTy::Bool => (
            Some("aliyun_live_runtime::de::bool"),
            None,
            "Option::is_none",
        ),
        RustTy::Timestamp => (
            Some("aliyun_live_runtime::de::timestamp"),
            None,
            "Option::is_none",
        ),
        RustTy::Epoch => (
            Some("aliyun_live_runtime::de::timestamp"),
            Some("crate::support::ser_epoch".to_owned()),
            "Option::is_none",
        ),
        RustTy::Json | RustTy::Enum(_) | RustTy::Struct(_) => (None, None, "Option::is_none"),
        RustTy::List {
            wrapper: Some(w),
            items,
        } => {
            wrappers.insert(w.clone());
            let de = match **items {
                RustTy::String => "aliyun_live_runtime::de::wrapped_string_list",
                RustTy::I64 => "aliyun_live_runtime::de::wrapped_i64_list",
                _ => "aliyun_live_runtime::de::wrapped_list",
            };
            (Some(de), Some(wrapper_fn(w).to_string()), "Vec::is_empty")
        }
        RustTy::List {
            wrapper: None,
            items,
        } => {
            let de = match **items {
                RustTy::String => "aliyun_live_runtime::de::string_list",
                RustTy::I32 => "aliyun_live_runtime::de::i32_list",
                RustTy::I64 => "aliyun_live_runtime::de::i64_list",
                RustTy::F64 => "aliyun_live_runtime::de::f64_list",
                RustTy::Bool => "aliyun_live_runtime::de::bool_list",
                RustTy::Timestamp | RustTy::Epoch => "aliyun_live_runtime::de::timestamp_list",
                _ => "aliyun_live_runtime::de::list",
            };
            (Some(de), None, "Vec::is_empty")
        }
        RustTy::Map(v) => {
            let de = match **v {
                RustTy::I32 | RustTy::I64 => Some("aliyun_live_runtime::de::i64_map"),
                RustTy::F64 => Some("aliyun_live_runtime::de::f64_map"),
                RustTy::String => Some("aliyun_live_runtime::de::string_map"),
                _ => None,
            };
            (de, None, "std::collections::BTreeMap::is_empty")
        }
    };
    let de = de.map(|d| quote! { deserialize_with = #d, });
    let ser = ser.map(|s| quote! { serialize_with = #s, });
    quote! {
        #[serde(rename = #wire, #(#aliases)* default, #de #ser skip_serializing_if = #skip)]
    }
}

/// Chained setters for a constructible struct.
fn setters(fields: &[Field<'_>]) -> TokenStream {
    let items = fields.iter().map(|f| {
        let id = ident(&f.ident);
        let setter = ident(&f.setter);
        let set = format_ident!("set_{}", unraw(&f.setter));
        let wire = &f.member.name;
        let d = format!(" Sets `{wire}`.");
        let d2 = format!(" Sets or clears `{wire}`.");
        match &f.ty {
            RustTy::List { items, .. } => {
                let t = rust_ty(items);
                let d = format!(" Appends one item to `{wire}`.");
                let d2 = format!(" Replaces all of `{wire}`.");
                quote! {
                    #[doc = #d]
                    pub fn #setter(mut self, item: impl Into<#t>) -> Self {
                        self.#id.push(item.into());
                        self
                    }
                    #[doc = #d2]
                    pub fn #set(mut self, items: ::std::vec::Vec<#t>) -> Self {
                        self.#id = items;
                        self
                    }
                }
            }
            RustTy::Map(v) => {
                let t = map_value_ty(v);
                let d = format!(" Inserts one entry into `{wire}`.");
                let d2 = format!(" Replaces all of `{wire}`.");
                quote! {
                    #[doc = #d]
                    pub fn #setter(mut self, key: impl Into<::std::string::String>, value: impl Into<#t>) -> Self {
                        self.#id.insert(key.into(), value.into());
                        self
                    }
                    #[doc = #d2]
                    pub fn #set(mut self, map: ::std::collections::BTreeMap<::std::string::String, #t>) -> Self {
                        self.#id = map;
                        self
                    }
                }
            }
            ty => {
                let t = rust_ty(ty);
                quote! {
                    #[doc = #d]
                    pub fn #setter(mut self, value: impl Into<#t>) -> Self {
                        self.#id = Some(value.into());
                        self
                    }
                    #[doc = #d2]
                    pub fn #set(mut self, value: ::std::option::Option<#t>) -> Self {
                        self.#id = value;
                        self
                    }
                }
            }
        }
    });
    quote! { #(#items)* }
}

/// `validate_at` and `push_params` for a struct sent as `Prefix.Field=...`.
fn struct_wire(ir: &Ir<'_>, fields: &[Field<'_>]) -> TokenStream {
    let mut checks = Vec::new();
    let mut pushes = Vec::new();
    for f in fields {
        let id = ident(&f.ident);
        let wire = &f.member.name;
        let name = Name::Dyn(quote! { crate::support::At(&prefix, #wire) });
        let style = if matches!(f.ty, RustTy::Map(_) | RustTy::Json) {
            Style::Json
        } else {
            Style::RepeatList
        };
        let access = Access::of(&f.ty, true);
        checks.push(value_checks(
            ir,
            f,
            &name,
            quote! { self.#id },
            access,
            style,
        ));
        pushes.push(value_push(
            f,
            &name,
            quote! { self.#id },
            access,
            style,
            false,
        ));
    }
    // A struct without constraints does not read its prefix when validating.
    let checked = checks.iter().any(|c| !c.is_empty());
    let prefix_arg = if checked {
        quote! { prefix }
    } else {
        quote! { _prefix }
    };
    quote! {
        /// Checks the fields against the spec's constraints; `prefix` is the
        /// wire path of this value (`RecordFormat.2`).
        pub(crate) fn validate_at(&self, #prefix_arg: &str) -> ::std::result::Result<(), aliyun_live_runtime::ValidationError> {
            #(#checks)*
            Ok(())
        }

        /// Appends the fields as `<prefix>.<Field>=value`.
        pub(crate) fn push_params(&self, prefix: &str, params: &mut aliyun_live_runtime::Params) {
            #(#pushes)*
        }
    }
}

/// A wire name: a static literal (no allocation) or an expression
/// implementing `Display` built from a runtime prefix.
#[derive(Clone)]
pub(crate) enum Name {
    Static(String),
    Dyn(TokenStream),
}

impl Name {
    /// `&dyn Display` argument for the check helpers.
    fn display(&self) -> TokenStream {
        match self {
            Name::Static(s) => quote! { &#s },
            Name::Dyn(e) => quote! { &#e },
        }
    }

    /// Argument for `Params::push` (`&'static str` or an owned `String`).
    fn push_arg(&self) -> TokenStream {
        match self {
            Name::Static(s) => quote! { #s },
            Name::Dyn(e) => quote! { #e.to_string() },
        }
    }

    /// The name of item `i` of a list: `Name.<i+1>`.
    fn indexed(&self) -> Name {
        let base = self.display();
        Name::Dyn(quote! { crate::support::Idx(#base, i + 1) })
    }
}

/// How a member is stored in its container.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Access {
    /// `Option<T>`.
    Optional,
    /// `T` (required input parameter).
    Required,
    /// `Vec<T>` / map.
    Collection,
}

impl Access {
    pub(crate) fn of(ty: &RustTy, optional: bool) -> Access {
        if is_collection(ty) {
            Access::Collection
        } else if optional {
            Access::Optional
        } else {
            Access::Required
        }
    }
}

/// Checks of one member's value(s), including required-ness for optional
/// storage when `member.required` is set.
pub(crate) fn value_checks(
    ir: &Ir<'_>,
    f: &Field<'_>,
    name: &Name,
    place: TokenStream,
    access: Access,
    style: Style,
) -> TokenStream {
    let c = &f.member.constraints;
    let disp = name.display();
    let mut out = TokenStream::new();
    match access {
        Access::Optional => {
            let inner = scalar_checks(ir, f, &f.ty, name, quote! { v }, style);
            if f.member.required && inner.is_empty() {
                out.extend(quote! {
                    if #place.is_none() {
                        return Err(crate::support::missing(#disp));
                    }
                });
            } else if f.member.required {
                out.extend(quote! {
                    let Some(v) = &#place else {
                        return Err(crate::support::missing(#disp));
                    };
                    #inner
                });
                out = quote! { { #out } };
            } else if !inner.is_empty() {
                out.extend(quote! { if let Some(v) = &#place { #inner } });
            }
        }
        Access::Required => {
            let inner = scalar_checks(ir, f, &f.ty, name, quote! { v }, style);
            if !inner.is_empty() {
                out.extend(quote! { { let v = &#place; #inner } });
            }
        }
        Access::Collection => {
            if f.member.required {
                out.extend(quote! {
                    if #place.is_empty() {
                        return Err(crate::support::missing(#disp));
                    }
                });
            }
            if c.min_items.is_some() || c.max_items.is_some() {
                let min = opt_u64(c.min_items);
                let max = opt_u64(c.max_items);
                out.extend(quote! { crate::support::items(#disp, #place.len(), #min, #max)?; });
            }
            if let RustTy::List { items, .. } = &f.ty {
                let item_name = if style == Style::Csv {
                    name.clone()
                } else {
                    name.indexed()
                };
                let inner = scalar_checks(ir, f, items, &item_name, quote! { v }, style);
                if !inner.is_empty() {
                    out.extend(quote! {
                        for (i, v) in #place.iter().enumerate() {
                            let _ = i;
                            #inner
                        }
                    });
                }
            }
        }
    }
    out
}

/// Checks of one value `v: &T`.
fn scalar_checks(
    ir: &Ir<'_>,
    f: &Field<'_>,
    ty: &RustTy,
    name: &Name,
    v: TokenStream,
    style: Style,
) -> TokenStream {
    let c = &f.member.constraints;
    let disp = name.display();
    let mut out = TokenStream::new();
    let num = match ty {
        RustTy::I32 => Some(quote! { f64::from(*#v) }),
        RustTy::I64 => Some(quote! { *#v as f64 }),
        RustTy::F64 => Some(quote! { *#v }),
        _ => None,
    };
    if let Some(n) = num {
        if c.min.is_some() || c.max.is_some() {
            let min = opt_f64(c.min);
            let max = opt_f64(c.max);
            out.extend(quote! { crate::support::range(#disp, #n, #min, #max)?; });
        }
    }
    let text = match ty {
        RustTy::String => Some(quote! { #v.as_str() }),
        RustTy::Enum(_) => Some(quote! { #v.as_str() }),
        _ => None,
    };
    if let Some(s) = text {
        if c.min_length.is_some() || c.max_length.is_some() {
            let min = opt_u64(c.min_length);
            let max = opt_u64(c.max_length);
            out.extend(quote! { crate::support::length(#disp, #s, #min, #max)?; });
        }
        if !c.prefixes.is_empty() {
            let p = &c.prefixes;
            out.extend(quote! { crate::support::prefixes(#disp, #s, &[#(#p),*])?; });
        }
        if !c.required_vars.is_empty() {
            let p = &c.required_vars;
            out.extend(quote! { crate::support::vars(#disp, #s, &[#(#p),*])?; });
        }
    }
    if matches!(ty, RustTy::Timestamp | RustTy::Epoch) {
        if let Some(nb) = &c.not_before {
            if let Some(secs) = parse_utc(nb) {
                out.extend(quote! { crate::support::not_before(#disp, *#v, #secs, #nb)?; });
            }
        }
    }
    if let RustTy::Struct(r) = ty {
        if style != Style::Json && ir.struct_def(r).is_some() {
            let prefix = match name {
                Name::Static(s) => quote! { #s },
                Name::Dyn(e) => quote! { &#e.to_string() },
            };
            out.extend(quote! { #v.validate_at(#prefix)?; });
        }
    }
    out
}

/// Pushes one member's value(s) onto `params`.
pub(crate) fn value_push(
    f: &Field<'_>,
    name: &Name,
    place: TokenStream,
    access: Access,
    style: Style,
    fallible: bool,
) -> TokenStream {
    let one = |ty: &RustTy, name: &Name| -> TokenStream {
        let n = name.push_arg();
        match ty {
            RustTy::Struct(_) if style != Style::Json => {
                let prefix = match name {
                    Name::Static(s) => quote! { #s },
                    Name::Dyn(e) => quote! { &#e.to_string() },
                };
                quote! { v.push_params(#prefix, params); }
            }
            _ if style == Style::Json || !ty.is_scalar() => {
                if fallible {
                    let d = name.display();
                    quote! { params.push(#n, crate::support::to_json(#d, v)?); }
                } else {
                    quote! { params.push(#n, crate::support::to_json_lossy(v)); }
                }
            }
            ty => {
                let e = encode(ty, quote! { v });
                quote! { params.push(#n, #e); }
            }
        }
    };
    match access {
        Access::Optional => {
            let body = one(&f.ty, name);
            quote! { if let Some(v) = &#place { #body } }
        }
        Access::Required => {
            let body = one(&f.ty, name);
            quote! { { let v = &#place; #body } }
        }
        Access::Collection => match (&f.ty, style) {
            (RustTy::List { items, .. }, Style::Csv) => {
                let e = encode(items, quote! { v });
                let n = name.push_arg();
                quote! {
                    if !#place.is_empty() {
                        let joined: ::std::vec::Vec<::std::string::String> =
                            #place.iter().map(|v| ::std::string::String::from(#e)).collect();
                        params.push(#n, joined.join(","));
                    }
                }
            }
            (RustTy::List { items, .. }, s) if s != Style::Json => {
                let body = one(items, &name.indexed());
                quote! {
                    for (i, v) in #place.iter().enumerate() {
                        #body
                    }
                }
            }
            _ => {
                let n = name.push_arg();
                let v = if fallible {
                    let d = name.display();
                    quote! { crate::support::to_json(#d, &#place)? }
                } else {
                    quote! { crate::support::to_json_lossy(&#place) }
                };
                quote! {
                    if !#place.is_empty() {
                        params.push(#n, #v);
                    }
                }
            }
        },
    }
}

/// The wire text of a scalar `v: &T`.
fn encode(ty: &RustTy, v: TokenStream) -> TokenStream {
    match ty {
        RustTy::String => quote! { #v.as_str() },
        RustTy::Enum(_) => quote! { #v.as_str() },
        RustTy::Bool => quote! { if *#v { "true" } else { "false" } },
        RustTy::Epoch => quote! { #v.unix().to_string() },
        _ => quote! { #v.to_string() },
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(x) => quote! { Some(#x) },
        None => quote! { None },
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(x) => {
            let x = x as usize;
            quote! { Some(#x) }
        }
        None => quote! { None },
    }
}

/// `YYYY-MM-DDThh:mm:ssZ` → seconds since the epoch (the loader has already
/// validated the text; anything else yields `None` and no check).
pub(crate) fn parse_utc(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hh, mm, ss) = (n(11..13)?, n(14..16)?, n(17..19)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Whether a shape (after resolving references) is a struct.
#[allow(dead_code)]
pub(crate) fn is_struct(ir: &Ir<'_>, shape: &Shape) -> bool {
    matches!(ir.spec.resolve(shape), Shape::Struct { .. })
}

#[cfg(test)]
mod tests {
    use super::parse_utc;

    #[test]
    fn utc() {
        assert_eq!(parse_utc("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_utc("2018-01-01T00:00:00Z"), Some(1_514_764_800));
        assert_eq!(parse_utc("2000-03-01T01:02:03Z"), Some(951_872_523));
        assert_eq!(parse_utc("2018-01-01"), None);
    }
}

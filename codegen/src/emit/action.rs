//! One module per action: input, input builder, output, fluent builder,
//! paginator, inline types; and the `impl Client` with one method per action.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, doc_lines, prose};
use super::types::{self, Access, Name, StructOpts, field_ty, value_checks, value_push};
use super::{ident, is_collection, map_value_ty, rust_ty};
use crate::ir::{ActionIr, Field, Ir, RustTy, TypeDef, unraw};
use crate::model::{Rule, Style};

/// The contents of `generated/<group>/<action>.rs`.
pub(crate) fn module(ir: &Ir<'_>, a: &ActionIr<'_>) -> TokenStream {
    let mut wrappers = BTreeSet::new();
    let input = input_struct(ir, a);
    let builder = input_builder(a);
    let output = output_struct(ir, a, &mut wrappers);
    let fluent = fluent_builder(ir, a);
    let paginator = paginator(ir, a);
    let inline: Vec<TokenStream> = a
        .types
        .iter()
        .map(|t: &TypeDef| types::type_def(ir, t, &mut wrappers))
        .collect();
    let helpers = types::wrapper_helpers(&wrappers);
    quote! {
        #input
        #builder
        #output
        #fluent
        #paginator
        #(#inline)*
        #helpers
    }
}

fn calls(a: &ActionIr<'_>) -> String {
    format!("Calls `{}`.", a.action.name)
}

fn action_doc(a: &ActionIr<'_>) -> Vec<String> {
    let mut lines = vec![prose(&a.action.summary, &a.action.name)];
    if !a.action.description.is_empty() {
        lines.push(String::new());
        lines.push(prose(&a.action.description, ""));
    }
    lines.push(String::new());
    lines.push(format!(
        "{} Source: {}.",
        calls(a),
        docs::code(&a.action.source)
    ));
    lines
}

fn input_struct(ir: &Ir<'_>, a: &ActionIr<'_>) -> TokenStream {
    let name = ident(&a.input);
    let builder = ident(&a.input_builder);
    let mut doc = vec![format!(
        "The parameters of `{}`: {}",
        a.action.name,
        prose(&a.action.summary, "")
    )];
    doc.push(String::new());
    doc.push(format!(
        "Build one with [`{}::builder`]; sent by [`crate::Client::{}`]. {}",
        a.input,
        unraw(&a.snake),
        calls(a)
    ));
    let doc = doc_lines(&doc);
    let fields = a.params.iter().map(|f| {
        let id = ident(&f.ident);
        let d = doc_lines(&docs::member_doc(f, &wire_display(f), true));
        let ty = field_ty(&f.ty, !f.member.required);
        quote! { #d pub #id: #ty, }
    });
    let checks = a.params.iter().map(|f| {
        let id = ident(&f.ident);
        let access = Access::of(&f.ty, !f.member.required);
        let name = Name::Static(f.member.name.clone());
        value_checks(ir, f, &name, quote! { self.#id }, access, f.member.style)
    });
    let rules = a.rules.iter().map(|r| rule_check(a, r));
    let pushes = a.params.iter().map(|f| {
        let id = ident(&f.ident);
        let access = Access::of(&f.ty, !f.member.required);
        let name = Name::Static(f.member.name.clone());
        value_push(f, &name, quote! { self.#id }, access, f.member.style, true)
    });
    let cap = a.params.len();
    let params_mut = if a.params.is_empty() {
        quote! {}
    } else {
        quote! { mut }
    };
    let params_arg = if a.params.is_empty() {
        quote! { _params }
    } else {
        quote! { params }
    };
    let _ = params_arg;
    let unchecked_body = if a.params.is_empty() {
        quote! {
            Ok(aliyun_live_runtime::Params::new())
        }
    } else {
        quote! {
            let #params_mut params = aliyun_live_runtime::Params::with_capacity(#cap);
            {
                let params = &mut params;
                #(#pushes)*
            }
            Ok(params)
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// A builder for this input.
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Checks every constraint of the spec (ranges, lengths, item
            /// counts, prefixes, template variables, earliest times, and the
            /// action's cross-parameter rules). Nothing is sent.
            pub fn validate(&self) -> ::std::result::Result<(), aliyun_live_runtime::ValidationError> {
                #(#checks)*
                #(#rules)*
                Ok(())
            }

            /// The request parameters as sent on the wire (after [`Self::validate`]).
            pub fn to_params(&self) -> ::std::result::Result<aliyun_live_runtime::Params, aliyun_live_runtime::ValidationError> {
                self.validate()?;
                self.to_params_unchecked()
            }

            /// The wire encoding without validating: for callers that just
            /// did (the fluent `send()` after `build()`). Fails only if a
            /// JSON-encoded value cannot be encoded.
            pub(crate) fn to_params_unchecked(&self) -> ::std::result::Result<aliyun_live_runtime::Params, aliyun_live_runtime::ValidationError> {
                #unchecked_body
            }
        }
    }
}

/// `RecordFormat.N.Format` style display of a parameter's wire name.
fn wire_display(f: &Field<'_>) -> String {
    match (f.member.style, &f.ty) {
        (Style::RepeatList, RustTy::List { items, .. }) if matches!(**items, RustTy::Struct(_)) => {
            format!("{}.N.<Field>", f.member.name)
        }
        (Style::RepeatList, _) => format!("{}.N", f.member.name),
        (Style::Flat, _) => format!("{}.<Field>", f.member.name),
        _ => f.member.name.clone(),
    }
}

/// A timestamp-valued parameter as `Option<Timestamp>` (by value).
fn opt_time(a: &ActionIr<'_>, param: &str) -> Option<TokenStream> {
    let f = a.params.iter().find(|f| f.member.name == param)?;
    if !matches!(f.ty, RustTy::Timestamp | RustTy::Epoch) {
        return None;
    }
    let id = ident(&f.ident);
    Some(if f.member.required {
        quote! { Some(self.#id) }
    } else {
        quote! { self.#id }
    })
}

fn rule_check(a: &ActionIr<'_>, r: &Rule) -> TokenStream {
    match r {
        Rule::TimeRange {
            start,
            end,
            max_span_seconds,
            both_or_neither,
        } => {
            let (Some(s), Some(e)) = (opt_time(a, start), opt_time(a, end)) else {
                return TokenStream::new();
            };
            let span = match max_span_seconds {
                Some(x) => quote! { Some(#x) },
                None => quote! { None },
            };
            quote! {
                crate::support::time_range(#start, #s, #end, #e, #span, #both_or_neither)?;
            }
        }
        Rule::RequiredIf {
            param,
            when,
            equals,
        } => {
            let (Some(p), Some(w)) = (
                a.params.iter().find(|f| &f.member.name == param),
                a.params.iter().find(|f| &f.member.name == when),
            ) else {
                return TokenStream::new();
            };
            let pid = ident(&p.ident);
            let present = if is_collection(&p.ty) {
                quote! { !self.#pid.is_empty() }
            } else if p.member.required {
                quote! { true }
            } else {
                quote! { self.#pid.is_some() }
            };
            let wid = ident(&w.ident);
            let text = |v: TokenStream| match &w.ty {
                RustTy::String | RustTy::Enum(_) => {
                    quote! { ::std::string::String::from(#v.as_str()) }
                }
                RustTy::Epoch => quote! { #v.unix().to_string() },
                _ => quote! { #v.to_string() },
            };
            let value = if is_collection(&w.ty) {
                return TokenStream::new();
            } else if w.member.required {
                let t = text(quote! { self.#wid });
                quote! { Some(#t) }
            } else {
                let t = text(quote! { v });
                quote! { self.#wid.as_ref().map(|v| #t) }
            };
            quote! {
                crate::support::required_if(#param, #present, #when, #value.as_deref(), #equals)?;
            }
        }
    }
}

fn input_builder(a: &ActionIr<'_>) -> TokenStream {
    let name = ident(&a.input_builder);
    let input = ident(&a.input);
    let doc = format!(
        " Builds a [`{}`]; [`Self::build`] checks every constraint.",
        a.input
    );
    let fields = a.params.iter().map(|f| {
        let id = ident(&f.ident);
        let ty = field_ty(&f.ty, true);
        quote! { #id: #ty, }
    });
    let setters = a.params.iter().map(|f| builder_setters(f, None));
    let getters = a.params.iter().map(|f| {
        let id = ident(&f.ident);
        let getter = format_ident!("get_{}", unraw(&f.setter));
        let d = format!(" The `{}` value set so far.", f.member.name);
        let ty = field_ty(&f.ty, true);
        quote! {
            #[doc = #d]
            pub fn #getter(&self) -> &#ty {
                &self.#id
            }
        }
    });
    let inits = a.params.iter().map(|f| {
        let id = ident(&f.ident);
        let wire = &f.member.name;
        if f.member.required && !is_collection(&f.ty) {
            quote! { #id: self.#id.ok_or_else(|| aliyun_live_runtime::ValidationError::missing(#wire))?, }
        } else {
            quote! { #id: self.#id, }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
            #(#getters)*

            /// Checks that every required parameter is set and every
            /// constraint holds, and returns the input.
            pub fn build(self) -> ::std::result::Result<#input, aliyun_live_runtime::ValidationError> {
                let input = #input {
                    #(#inits)*
                };
                input.validate()?;
                Ok(input)
            }
        }
    }
}

/// Setters on a builder; with `delegate`, they forward to `self.<delegate>`.
fn builder_setters(f: &Field<'_>, delegate: Option<&TokenStream>) -> TokenStream {
    let id = ident(&f.ident);
    let setter = ident(&f.setter);
    let set = format_ident!("set_{}", unraw(&f.setter));
    let wire = &f.member.name;
    let mut doc = vec![prose(&f.member.description, &format!("Sets `{wire}`."))];
    doc.push(String::new());
    let req = if f.member.required { " (required)" } else { "" };
    let c = docs::constraints_text(&f.member.constraints);
    let c = if c.is_empty() {
        String::new()
    } else {
        format!(" Constraints: {c}.")
    };
    match &f.ty {
        RustTy::List { items, .. } => {
            let t = rust_ty(items);
            doc.push(format!(
                "Appends one item to `{}`{req}.{c}",
                wire_display(f)
            ));
            let d = doc_lines(&doc);
            let d2 = format!(" Replaces all items of `{}`.", wire_display(f));
            let (b1, b2) = match delegate {
                Some(inner) => (
                    quote! { self.#inner = self.#inner.#setter(item); },
                    quote! { self.#inner = self.#inner.#set(items); },
                ),
                None => (
                    quote! { self.#id.push(item.into()); },
                    quote! { self.#id = items; },
                ),
            };
            quote! {
                #d
                pub fn #setter(mut self, item: impl Into<#t>) -> Self {
                    #b1
                    self
                }
                #[doc = #d2]
                pub fn #set(mut self, items: ::std::vec::Vec<#t>) -> Self {
                    #b2
                    self
                }
            }
        }
        RustTy::Map(v) => {
            let t = map_value_ty(v);
            doc.push(format!("Inserts one entry into `{wire}`{req}.{c}"));
            let d = doc_lines(&doc);
            let d2 = format!(" Replaces all entries of `{wire}`.");
            let (b1, b2) = match delegate {
                Some(inner) => (
                    quote! { self.#inner = self.#inner.#setter(key, value); },
                    quote! { self.#inner = self.#inner.#set(map); },
                ),
                None => (
                    quote! { self.#id.insert(key.into(), value.into()); },
                    quote! { self.#id = map; },
                ),
            };
            quote! {
                #d
                pub fn #setter(mut self, key: impl Into<::std::string::String>, value: impl Into<#t>) -> Self {
                    #b1
                    self
                }
                #[doc = #d2]
                pub fn #set(mut self, map: ::std::collections::BTreeMap<::std::string::String, #t>) -> Self {
                    #b2
                    self
                }
            }
        }
        ty => {
            let t = rust_ty(ty);
            doc.push(format!("Wire name: `{}`{req}.{c}", wire_display(f)));
            let d = doc_lines(&doc);
            let d2 = format!(" Sets or clears `{wire}`.");
            let (b1, b2) = match delegate {
                Some(inner) => (
                    quote! { self.#inner = self.#inner.#setter(value); },
                    quote! { self.#inner = self.#inner.#set(value); },
                ),
                None => (
                    quote! { self.#id = Some(value.into()); },
                    quote! { self.#id = value; },
                ),
            };
            quote! {
                #d
                pub fn #setter(mut self, value: impl Into<#t>) -> Self {
                    #b1
                    self
                }
                #[doc = #d2]
                pub fn #set(mut self, value: ::std::option::Option<#t>) -> Self {
                    #b2
                    self
                }
            }
        }
    }
}

fn output_struct(ir: &Ir<'_>, a: &ActionIr<'_>, wrappers: &mut BTreeSet<String>) -> TokenStream {
    let doc = vec![
        format!("The response of `{}`: {}", a.action.name, prose(&a.action.summary, "")),
        String::new(),
        "Decoded leniently: absent fields are `None`/empty, unknown fields are ignored, numbers may arrive as strings.".to_owned(),
    ];
    types::struct_def(
        ir,
        &a.output,
        &doc,
        &a.response,
        StructOpts {
            setters: false,
            wire: false,
        },
        wrappers,
    )
}

fn fluent_builder(_ir: &Ir<'_>, a: &ActionIr<'_>) -> TokenStream {
    let name = ident(&a.fluent);
    let builder = ident(&a.input_builder);
    let output = ident(&a.output);
    let wire = &a.action.name;
    let inner = quote! { input };
    let setters = a.params.iter().map(|f| builder_setters(f, Some(&inner)));
    let mut doc = vec![format!(
        "A pending `{}` call: set parameters, then [`send`](Self::send) it.",
        a.action.name
    )];
    doc.push(String::new());
    doc.push(format!(
        "Created by [`crate::Client::{}`]. {}",
        unraw(&a.snake),
        calls(a)
    ));
    let doc = doc_lines(&doc);
    let into_pag = match &a.paginator {
        Some(p) => {
            let p = ident(p);
            quote! {
                /// Turns this call into a stream over all pages (or all items),
                /// starting at the page number set here (default 1).
                pub fn into_paginator(self) -> #p {
                    #p::new(self.client, self.input)
                }
            }
        }
        None => TokenStream::new(),
    };
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name {
            client: crate::Client,
            input: #builder,
        }

        impl #name {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client, input: #builder::default() }
            }

            /// The parameters set so far.
            pub fn as_input(&self) -> &#builder {
                &self.input
            }

            #(#setters)*

            /// Validates the parameters and sends the request.
            ///
            /// Fails with [`aliyun_live_runtime::Error::Validation`] before any
            /// network I/O when a parameter is missing or breaks a constraint.
            pub async fn send(self) -> ::std::result::Result<#output, aliyun_live_runtime::Error> {
                // `build()` has just validated: encode without validating again.
                let params = self.input.build()?.to_params_unchecked()?;
                self.client.runtime().call::<#output>(#wire, params).await
            }

            #into_pag
        }
    }
}

fn paginator(_ir: &Ir<'_>, a: &ActionIr<'_>) -> TokenStream {
    let (Some(pname), Some(p)) = (&a.paginator, &a.pagination) else {
        return TokenStream::new();
    };
    let name = ident(pname);
    let builder = ident(&a.input_builder);
    let input = ident(&a.input);
    let output = ident(&a.output);
    let wire = &a.action.name;
    let page_id = ident(&p.page_number.ident);
    let size_id = ident(&p.page_size.ident);
    let items_id = ident(&p.items.ident);
    let item_ty = match &p.items.ty {
        RustTy::List { items, .. } => rust_ty(items),
        _ => return TokenStream::new(),
    };
    let num = |f: &Field<'_>, v: TokenStream| match f.ty {
        RustTy::I32 => quote! { i64::from(#v) },
        RustTy::I64 => quote! { #v },
        _ => quote! { #v as i64 },
    };
    // `Option<T>` → `Option<i64>` without closures clippy would flag.
    let widen = |f: &Field<'_>| match f.ty {
        RustTy::I32 => quote! { .map(i64::from) },
        RustTy::I64 => quote! {},
        _ => quote! { .map(|v| v as i64) },
    };
    let get_opt = |f: &Field<'_>, required: bool| {
        let id = ident(&f.ident);
        if required {
            let v = num(f, quote! { input.#id });
            quote! { Some(#v) }
        } else {
            let w = widen(f);
            quote! { input.#id #w }
        }
    };
    let first_page = get_opt(&p.page_number, p.page_number.member.required);
    let page_size = get_opt(&p.page_size, p.page_size.member.required);
    let default_size = p.page_size.member.default.as_ref().and_then(|d| {
        d.as_i64()
            .or_else(|| d.as_str().and_then(|s| s.parse().ok()))
    });
    let default_size = match default_size {
        Some(d) => quote! { .or(Some(#d)) },
        None => quote! {},
    };
    let set_page = match (&p.page_number.ty, p.page_number.member.required) {
        (RustTy::I64, true) => quote! { input.#page_id = page; },
        (RustTy::I64, false) => quote! { input.#page_id = Some(page); },
        (_, true) => quote! { input.#page_id = i32::try_from(page).unwrap_or(i32::MAX); },
        (_, false) => quote! { input.#page_id = Some(i32::try_from(page).unwrap_or(i32::MAX)); },
    };
    let _ = size_id;
    let total = |f: &Option<Field<'_>>| match f {
        Some(f) => {
            let id = ident(&f.ident);
            let w = widen(f);
            quote! { o.#id #w }
        }
        None => quote! { None },
    };
    let total_items = total(&p.total_items);
    let total_pages = total(&p.total_pages);
    let doc = vec![
        format!("Pages through `{}`: [`Self::pages`] yields whole responses, [`Self::items`] the `{}` entries of every page.", a.action.name, p.items.member.name),
        String::new(),
        "It stops after the last page (by the response's totals when present, else at a short or empty page), when the service repeats a page, or after [`Self::max_pages`] pages.".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        "# async fn example(client: aliyun_live::Client) -> Result<(), aliyun_live::Error> {".to_owned(),
        "use futures_util::TryStreamExt;".to_owned(),
        String::new(),
        format!("let items = client.{}(){}", unraw(&a.snake), example_required_setters(a)),
        "    .into_paginator()".to_owned(),
        "    .items();".to_owned(),
        "let mut items = std::pin::pin!(items);".to_owned(),
        "while let Some(item) = items.try_next().await? {".to_owned(),
        "    println!(\"{item:?}\");".to_owned(),
        "}".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ];
    let doc = doc_lines(&doc);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "streams do nothing unless polled"]
        pub struct #name {
            client: crate::Client,
            input: #builder,
            max_pages: usize,
        }

        impl #name {
            pub(crate) fn new(client: crate::Client, input: #builder) -> Self {
                Self { client, input, max_pages: crate::support::DEFAULT_MAX_PAGES }
            }

            /// Stops after this many pages (a guard against a service that never ends).
            pub fn max_pages(mut self, max_pages: usize) -> Self {
                self.max_pages = max_pages;
                self
            }

            /// Every page's response, in order. The first error ends the stream.
            pub fn pages(self) -> impl futures_core::Stream<Item = ::std::result::Result<#output, aliyun_live_runtime::Error>> + Send + 'static {
                let client = self.client;
                let plan = self.input.build().map(|input: #input| {
                    let first = #first_page.unwrap_or(1);
                    let size = #page_size #default_size;
                    (input, first, size)
                });
                crate::support::paginate(
                    plan,
                    self.max_pages,
                    move |mut input: #input, page: i64| {
                        let client = client.clone();
                        async move {
                            #set_page
                            let params = input.to_params()?;
                            client.runtime().call::<#output>(#wire, params).await
                        }
                    },
                    |o: &#output| crate::support::PageInfo {
                        items: o.#items_id.len(),
                        total_items: #total_items,
                        total_pages: #total_pages,
                    },
                    |a: &#output, b: &#output| a.#items_id == b.#items_id,
                )
            }

            /// Every item of every page, in order. The first error ends the stream.
            pub fn items(self) -> impl futures_core::Stream<Item = ::std::result::Result<#item_ty, aliyun_live_runtime::Error>> + Send + 'static {
                use futures_util::TryStreamExt as _;
                self.pages()
                    .map_ok(|o: #output| futures_util::stream::iter(o.#items_id.into_iter().map(Ok)))
                    .try_flatten()
            }
        }
    }
}

/// `.domain_name("example")...` for every required parameter (doc examples).
fn example_required_setters(a: &ActionIr<'_>) -> String {
    let mut s = String::new();
    for f in a.params.iter().filter(|f| f.member.required) {
        let v = match &f.ty {
            RustTy::List { items, .. } => example_value(items, f),
            ty => example_value(ty, f),
        };
        s.push_str(&format!("\n    .{}({v})", f.setter));
    }
    s
}

fn example_value(ty: &RustTy, f: &Field<'_>) -> String {
    match ty {
        RustTy::String => {
            let e = f.member.example.as_deref().unwrap_or("example");
            format!("{e:?}")
        }
        RustTy::I32 | RustTy::I64 => "1".to_owned(),
        RustTy::F64 => "1.0".to_owned(),
        RustTy::Bool => "true".to_owned(),
        RustTy::Timestamp | RustTy::Epoch => "aliyun_live::Timestamp::now()".to_owned(),
        RustTy::Json => "serde_json::Value::Null".to_owned(),
        RustTy::Enum(_) => {
            let first = match f.member.shape.clone() {
                crate::model::Shape::Enum { values, .. } => values.first().map(|v| v.value.clone()),
                _ => None,
            };
            format!("{:?}", first.unwrap_or_else(|| "value".to_owned()))
        }
        RustTy::Struct(r) => format!("aliyun_live::{}::{}::new()", r.module.join("::"), r.name),
        RustTy::Map(_) | RustTy::List { .. } => "Default::default()".to_owned(),
    }
}

/// `generated/client.rs`: one method per action on `crate::Client`.
pub(crate) fn client_impl(ir: &Ir<'_>) -> TokenStream {
    let methods = ir.actions.iter().map(|a| {
        let m = ident(&a.snake);
        let fluent = ident(&a.fluent);
        let g = ident(&a.group_module);
        let module = ident(unraw(&a.snake));
        let mut doc = action_doc(a);
        doc.push(String::new());
        doc.push(format!(
            "Set parameters on the returned [`{}`](crate::{}::{}::{}), then call `send().await`.",
            a.fluent,
            unraw(&a.group_module),
            unraw(&a.snake),
            a.fluent
        ));
        if !a.action.errors.is_empty() {
            doc.push(String::new());
            doc.push("# Errors".to_owned());
            doc.push(String::new());
            doc.push(
                "Besides validation, transport and common service errors, the service may answer:"
                    .to_owned(),
            );
            doc.push(String::new());
            for e in &a.action.errors {
                let what = if e.description.is_empty() {
                    &e.message
                } else {
                    &e.description
                };
                doc.push(format!(
                    "- {} (HTTP {}): {}",
                    docs::code(&e.code),
                    e.http_status,
                    prose(what, "")
                ));
            }
        }
        let doc = doc_lines(&doc);
        // rustdoc search finds the method by the wire name and its aliases.
        let aliases = std::iter::once(&a.action.name)
            .chain(a.action.aliases.iter())
            .map(|n| quote! { #[doc(alias = #n)] });
        let cfg = super::cfg_features(std::slice::from_ref(&a.feature));
        quote! {
            #doc
            #(#aliases)*
            #cfg
            pub fn #m(&self) -> crate::generated::#g::#module::#fluent {
                crate::generated::#g::#module::#fluent::new(self.clone())
            }
        }
    });
    quote! {
        impl crate::Client {
            #(#methods)*
        }
    }
}

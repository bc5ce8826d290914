//! `generated/callbacks.rs`: payload types of `spec.callbacks` with decoding
//! (query string or JSON) and encoding helpers.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{self, prose};
use super::ident;
use super::types::{self, StructOpts};
use crate::ir::{CallbackIr, Field, Ir, RustTy};
use crate::model::CallbackTransport;

pub(crate) fn module(ir: &Ir<'_>) -> TokenStream {
    let mut wrappers = BTreeSet::new();
    let mut items = Vec::new();
    for c in &ir.callbacks {
        items.push(request(ir, c, &mut wrappers));
        if let Some(r) = &c.response {
            items.push(response(ir, c, r, &mut wrappers));
        }
        for t in &c.types {
            items.push(types::type_def(ir, t, &mut wrappers));
        }
    }
    let helpers = types::wrapper_helpers(&wrappers);
    quote! { #(#items)* #helpers }
}

fn required_check(fields: &[Field<'_>]) -> TokenStream {
    let checks = fields.iter().filter(|f| f.member.required).map(|f| {
        let id = ident(&f.ident);
        let wire = &f.member.name;
        if matches!(f.ty, RustTy::List { .. } | RustTy::Map(_)) {
            quote! { if self.#id.is_empty() { return Err(crate::CallbackError::missing(#wire)); } }
        } else {
            quote! { if self.#id.is_none() { return Err(crate::CallbackError::missing(#wire)); } }
        }
    });
    quote! {
        /// Fails if a member the service always sends is absent.
        fn check_required(&self) -> ::std::result::Result<(), crate::CallbackError> {
            #(#checks)*
            Ok(())
        }
    }
}

fn codec(name: &str, fields: &[Field<'_>], query: bool, example: &[String]) -> TokenStream {
    let ty = ident(name);
    let check = required_check(fields);
    let list_fields: Vec<&str> = fields
        .iter()
        .filter(|f| matches!(f.ty, RustTy::List { .. }))
        .map(|f| f.member.name.as_str())
        .collect();
    let from_query = if query {
        let doc = docs::doc_lines(example);
        quote! {
            /// Decodes an HTTP query string (with or without the leading `?`),
            /// percent-decoding names and values.
            ///
            /// Fails on malformed encoding or when a required member is absent;
            /// numbers and booleans are accepted as text.
            ///
            #doc
            pub fn from_query(query: &str) -> ::std::result::Result<Self, crate::CallbackError> {
                let value = crate::support::query_to_json(query, &[#(#list_fields),*])?;
                let this: Self = crate::support::from_json_value(value)?;
                this.check_required()?;
                Ok(this)
            }
        }
    } else {
        TokenStream::new()
    };
    let from_json_doc = if query { Vec::new() } else { example.to_vec() };
    let from_json_doc = docs::doc_lines(&from_json_doc);
    quote! {
        impl #ty {
            #from_query

            /// Decodes a JSON body (leniently: numbers as strings, unknown
            /// members ignored). Fails on malformed JSON or when a required
            /// member is absent.
            ///
            #from_json_doc
            pub fn from_json(body: &[u8]) -> ::std::result::Result<Self, crate::CallbackError> {
                let this: Self = crate::support::from_json_slice(body)?;
                this.check_required()?;
                Ok(this)
            }

            /// Encodes as a JSON body (absent members omitted).
            pub fn to_json(&self) -> ::std::string::String {
                crate::support::to_json_lossy(self)
            }

            #check
        }
    }
}

fn request(ir: &Ir<'_>, c: &CallbackIr<'_>, wrappers: &mut BTreeSet<String>) -> TokenStream {
    let cb = c.callback;
    let how = match c.transport {
        CallbackTransport::HttpGetQuery => {
            "The service sends it as the query string of an HTTP GET to your server; decode it with `from_query`."
        }
        CallbackTransport::HttpPostJson => {
            "The service sends it as the JSON body of an HTTP POST to your server; decode it with `from_json`."
        }
    };
    let mut doc = vec![format!(
        "`{}` callback: {}",
        cb.name,
        prose(&cb.summary, "what the service sends.")
    )];
    if !cb.description.is_empty() {
        doc.push(String::new());
        doc.push(prose(&cb.description, ""));
    }
    doc.push(String::new());
    doc.push(format!("{how} Source: {}.", docs::code(&cb.source)));
    let def = types::struct_def(
        ir,
        &c.request,
        &doc,
        &c.request_fields,
        StructOpts {
            setters: true,
            wire: false,
        },
        wrappers,
    );
    let query = c.transport == CallbackTransport::HttpGetQuery;
    let example = example_doc(&c.request, &c.request_fields, query);
    let codec = codec(&c.request, &c.request_fields, query, &example);
    quote! { #def #codec }
}

fn response(
    ir: &Ir<'_>,
    c: &CallbackIr<'_>,
    name: &str,
    wrappers: &mut BTreeSet<String>,
) -> TokenStream {
    let cb = c.callback;
    let doc = vec![
        format!(
            "What your server answers to a [`{}`] callback, as a JSON body.",
            c.request
        ),
        String::new(),
        "Build it with `new()` and the chained setters, then send `to_json()`.".to_owned(),
    ];
    let _ = cb;
    let def = types::struct_def(
        ir,
        name,
        &doc,
        &c.response_fields,
        StructOpts {
            setters: true,
            wire: false,
        },
        wrappers,
    );
    let example = example_doc(name, &c.response_fields, false);
    let codec = codec(name, &c.response_fields, false, &example);
    quote! { #def #codec }
}

/// A doc example that decodes a payload made of the required members'
/// examples (the doctest runs, so the payload must decode).
fn example_doc(type_name: &str, fields: &[Field<'_>], query: bool) -> Vec<String> {
    let mut pairs: Vec<(String, String, bool)> = Vec::new();
    for f in fields
        .iter()
        .filter(|f| f.member.required || f.member.example.is_some())
    {
        let Some((text, quoted)) = example_text(f) else {
            continue;
        };
        pairs.push((f.member.name.clone(), text, quoted));
    }
    let mut lines = vec!["```".to_owned()];
    lines.push(format!("use aliyun_live::callbacks::{type_name};"));
    lines.push(String::new());
    if query {
        let q: Vec<String> = pairs
            .iter()
            .map(|(k, v, _)| format!("{}={}", query_escape(k), query_escape(v)))
            .collect();
        lines.push(format!(
            "let payload = {type_name}::from_query({:?})?;",
            q.join("&")
        ));
    } else {
        let members: Vec<String> = pairs
            .iter()
            .map(|(k, v, quoted)| {
                let k = serde_json::Value::String(k.clone()).to_string();
                let v = if *quoted {
                    serde_json::Value::String(v.clone()).to_string()
                } else {
                    v.clone()
                };
                format!("{k}: {v}")
            })
            .collect();
        let json = format!("{{{}}}", members.join(", "));
        lines.push(format!(
            "let payload = {type_name}::from_json(br#\"{json}\"#)?;"
        ));
    }
    lines.push("let json = payload.to_json();".to_owned());
    lines.push(format!(
        "assert_eq!({type_name}::from_json(json.as_bytes())?, payload);"
    ));
    lines.push("# Ok::<(), aliyun_live::CallbackError>(())".to_owned());
    lines.push("```".to_owned());
    lines
}

/// A value for the example payload: the member's example when it fits its
/// type, else a type-appropriate placeholder. `(text, is_json_string)`.
fn example_text(f: &Field<'_>) -> Option<(String, bool)> {
    let ex = f.member.example.clone();
    let fits = |parse: fn(&str) -> bool| ex.clone().filter(|e| parse(e));
    Some(match &f.ty {
        RustTy::String => (ex.unwrap_or_else(|| "example".to_owned()), true),
        RustTy::I32 | RustTy::I64 => (
            fits(|e| e.parse::<i64>().is_ok()).unwrap_or_else(|| "1".into()),
            false,
        ),
        RustTy::F64 => (
            fits(|e| e.parse::<f64>().is_ok()).unwrap_or_else(|| "1.5".into()),
            false,
        ),
        RustTy::Bool => (
            fits(|e| e == "true" || e == "false").unwrap_or_else(|| "true".into()),
            false,
        ),
        RustTy::Epoch => (
            fits(|e| e.parse::<i64>().is_ok()).unwrap_or_else(|| "1488985786".into()),
            false,
        ),
        RustTy::Timestamp => ("2018-04-10T09:57:21Z".to_owned(), true),
        RustTy::Enum(_) => (ex.unwrap_or_else(|| "value".to_owned()), true),
        // Structured members only appear in the example when required.
        RustTy::Json if f.member.required => ("{}".to_owned(), false),
        RustTy::Struct(_) if f.member.required => ("{}".to_owned(), false),
        RustTy::Map(_) if f.member.required => ("{\"k\": 1}".to_owned(), false),
        _ => return None,
    })
}

fn query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

//! Rust code emission: [`generate`] turns a [`Spec`] into the files of
//! `crates/aliyun-live/src/generated/`.
//!
//! Every file is built as tokens with `quote!`, parsed back with
//! `syn::parse2::<syn::File>` (so a generator bug is caught here, not by the
//! SDK's compiler run) and printed with prettyplease. Output order follows the
//! spec's arrays, so two runs are byte-identical.

mod action;
mod callbacks;
mod docs;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Ir, RustTy, TypeRef};
use crate::model::Spec;

/// One file of generated code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to `crates/aliyun-live/src/generated/`, `/`-separated.
    pub path: String,
    pub contents: String,
}

/// Generates the SDK's `generated/` directory from a (validated) spec.
pub fn generate(spec: &Spec) -> Vec<GeneratedFile> {
    let ir = Ir::build(spec);
    let source = spec_file_name(spec);
    let mut files = Vec::new();
    let mut push = |path: String, doc: String, allows: &[&str], body: TokenStream| {
        files.push(GeneratedFile {
            contents: render(&source, &doc, allows, body),
            path,
        });
    };

    // mod.rs: declares every module.
    let mut mods = Vec::new();
    mods.push(module_decl(
        "types",
        "Shared types named in the spec (`types[]`).",
    ));
    for g in &ir.groups {
        let title = if g.description.is_empty() {
            format!("{} ({}).", g.title, g.name)
        } else {
            format!("{} ({}): {}", g.title, g.name, g.description)
        };
        let cfg = cfg_features(std::slice::from_ref(&g.feature));
        let decl = module_decl(&g.module, &title);
        mods.push(quote! { #cfg #decl });
    }
    mods.push(module_decl(
        "callbacks",
        "Payloads the service sends to your own servers, and the answers it expects.",
    ));
    mods.push(quote! { mod client; });
    push(
        "mod.rs".into(),
        format!(
            "Code generated from `{source}` ({} {}): one module per action group, shared types, callbacks.",
            spec.service.product, spec.service.api_version
        ),
        &[],
        quote! { #(#mods)* },
    );

    push(
        "types.rs".into(),
        "Shared types named in the spec (`types[]`).".into(),
        &[],
        types::shared_types(&ir),
    );

    for g in &ir.groups {
        let mut items = Vec::new();
        for &ai in &g.actions {
            let a = &ir.actions[ai];
            let m = ident(unraw_text(&a.snake));
            let doc = docs::doc_attrs(&format!("`{}`: {}", a.action.name, a.action.summary));
            items.push(quote! { #doc pub mod #m; });
            items.push(quote! { #[doc(inline)] pub use self::#m::*; });
        }
        let doc = if g.description.is_empty() {
            format!("{} (`{}`).", g.title, g.name)
        } else {
            format!("{} (`{}`): {}", g.title, g.name, g.description)
        };
        push(
            format!("{}/mod.rs", unraw_text(&g.module)),
            doc,
            &[],
            quote! { #(#items)* },
        );
        for &ai in &g.actions {
            let a = &ir.actions[ai];
            let doc = format!("`{}`: {}", a.action.name, a.action.summary);
            push(
                format!("{}/{}.rs", unraw_text(&g.module), unraw_text(&a.snake)),
                doc,
                &[],
                action::module(&ir, a),
            );
        }
    }

    push(
        "callbacks.rs".into(),
        "Payloads the service sends to your own servers (recording callbacks, on-demand recording questions) and the answers it expects.".into(),
        &[],
        callbacks::module(&ir),
    );

    push(
        "client.rs".into(),
        "One method per action on [`crate::Client`].".into(),
        &[],
        action::client_impl(&ir),
    );
    files
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`
/// for several features (in the order given); nothing for none.
pub(crate) fn cfg_features(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// The marker lines around the `[features]` table of the SDK's
/// `Cargo.toml`; `cargo xtask gen` rewrites only what lies between them.
pub const FEATURES_BEGIN: &str = "# @generated features begin: `cargo xtask gen` writes this table from the spec's groups; do not edit.";
/// See [`FEATURES_BEGIN`].
pub const FEATURES_END: &str = "# @generated features end";

/// The `[features]` table of the SDK's `Cargo.toml`, markers included: one
/// feature per action group, `full` = all of them, `default = ["full"]`.
pub fn cargo_features(spec: &Spec) -> String {
    let ir = Ir::build(spec);
    let mut out = String::new();
    out.push_str(FEATURES_BEGIN);
    out.push('\n');
    out.push_str("[features]\n");
    out.push_str(
        "# Every action group. To build fewer: `default-features = false, features = [\"record\", ...]`.\n",
    );
    out.push_str("default = [\"full\"]\n");
    out.push_str("full = [\n");
    for g in &ir.groups {
        out.push_str(&format!("    \"{}\",\n", g.feature));
    }
    out.push_str("]\n");
    for g in &ir.groups {
        let n = g.actions.len();
        // One comment line: spec prose never spills into TOML.
        let about = if g.description.is_empty() {
            g.title.to_owned()
        } else {
            format!("{}: {}", g.title, g.description)
        };
        let about = about.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!(
            "# {about} ({n} action{})\n{} = []\n",
            if n == 1 { "" } else { "s" },
            g.feature
        ));
    }
    out.push_str(FEATURES_END);
    out.push('\n');
    out
}

/// `spec/<product>-<version>.json`, the file this spec came from.
pub fn spec_file_name(spec: &Spec) -> String {
    format!(
        "spec/{}-{}.json",
        spec.service.product, spec.service.api_version
    )
}

fn module_decl(name: &str, doc: &str) -> TokenStream {
    let m = ident(name);
    let doc = docs::doc_attrs(doc);
    quote! { #doc pub mod #m; }
}

fn render(source: &str, doc: &str, allows: &[&str], body: TokenStream) -> String {
    let inner_doc = docs::inner_doc(doc);
    let allows: Vec<TokenStream> = allows
        .iter()
        .map(|a| {
            let path: syn::Path = syn::parse_str(a).expect("allow lints are static paths");
            quote! { #![allow(#path)] }
        })
        .collect();
    let tokens = quote! { #inner_doc #(#allows)* #body };
    let file: syn::File = match syn::parse2(tokens.clone()) {
        Ok(f) => f,
        // A generator bug: show the tokens, they are the only useful clue.
        Err(e) => panic!("generated code does not parse: {e}\n{tokens}"),
    };
    format!(
        "// @generated by cargo xtask gen — do not edit.\n// Source: {source}\n\n{}",
        prettyplease::unparse(&file)
    )
}

/// An identifier token from IR text (`r#type` → raw identifier).
pub(crate) fn ident(text: &str) -> Ident {
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(text, Span::call_site()),
    }
}

fn unraw_text(s: &str) -> &str {
    crate::ir::unraw(s)
}

/// `crate::generated::<module>::<Name>`.
pub(crate) fn type_path(r: &TypeRef) -> TokenStream {
    let name = ident(&r.name);
    let module = r.module.iter().map(|m| ident(m));
    quote! { crate::generated #(::#module)* :: #name }
}

/// The Rust type of a scalar/list/map (without the outer `Option`).
pub(crate) fn rust_ty(ty: &RustTy) -> TokenStream {
    match ty {
        RustTy::String => quote! { ::std::string::String },
        RustTy::I32 => quote! { i32 },
        RustTy::I64 => quote! { i64 },
        RustTy::F64 => quote! { f64 },
        RustTy::Bool => quote! { bool },
        RustTy::Timestamp | RustTy::Epoch => quote! { aliyun_live_runtime::Timestamp },
        RustTy::Json => quote! { serde_json::Value },
        RustTy::Enum(r) | RustTy::Struct(r) => type_path(r),
        RustTy::List { items, .. } => {
            let t = rust_ty(items);
            quote! { ::std::vec::Vec<#t> }
        }
        RustTy::Map(v) => {
            let t = map_value_ty(v);
            quote! { ::std::collections::BTreeMap<::std::string::String, #t> }
        }
    }
}

/// Map values: integers widen to `i64` so the runtime's lenient `i64_map`
/// decoder applies.
pub(crate) fn map_value_ty(v: &RustTy) -> TokenStream {
    match v {
        RustTy::I32 | RustTy::I64 => quote! { i64 },
        other => rust_ty(other),
    }
}

/// Whether a member of this type is stored without an `Option` (collections).
pub(crate) fn is_collection(ty: &RustTy) -> bool {
    matches!(ty, RustTy::List { .. } | RustTy::Map(_))
}

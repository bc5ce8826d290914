//! The public Rust API of generated code, and its diff.
//!
//! Generated files are parsed with `syn`; every public item becomes one entry
//! keyed by its path (`generated::record::AddX::new`) with its signature as
//! prettyplease prints it, without doc comments. Structs contribute their
//! header (derives, `#[non_exhaustive]`) and each public field; enums their
//! header and each variant; impl blocks each public method, and trait impls
//! one entry per trait (`generated::record::AddX: impl Default`).

use std::collections::BTreeMap;

use syn::{
    Attribute, Fields, File, ImplItem, Item, ItemFn, ItemStruct, Signature, Type, Visibility,
};

use super::{ApiChange, ApiChangeKind, RustApi};
use crate::model::Spec;

/// Public items of a set of source files: item path → signature.
pub type PublicItems = BTreeMap<String, String>;

/// Collects the public items of `(path, contents)` source files. The module
/// path of a file is derived from its path: `…/src/generated/record.rs` →
/// `generated::record` (`mod.rs` and `lib.rs` name their directory).
pub fn public_items<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<PublicItems, String> {
    let mut items = PublicItems::new();
    for (path, contents) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        let file: File = syn::parse_file(contents)
            .map_err(|e| format!("{path}: generated code does not parse: {e}"))?;
        let module = module_path(path);
        collect(&module, &file.items, &mut items);
    }
    Ok(items)
}

/// Compares two item sets; the result is sorted by item path.
pub fn diff_items(old: &PublicItems, new: &PublicItems) -> Vec<ApiChange> {
    let mut out = Vec::new();
    for (item, sig) in old {
        match new.get(item) {
            None => out.push(ApiChange {
                kind: ApiChangeKind::Removed,
                item: item.clone(),
                old: Some(sig.clone()),
                new: None,
            }),
            Some(n) if n != sig => out.push(ApiChange {
                kind: ApiChangeKind::Changed,
                item: item.clone(),
                old: Some(sig.clone()),
                new: Some(n.clone()),
            }),
            Some(_) => {}
        }
    }
    for (item, sig) in new {
        if !old.contains_key(item) {
            out.push(ApiChange {
                kind: ApiChangeKind::Added,
                item: item.clone(),
                old: None,
                new: Some(sig.clone()),
            });
        }
    }
    // A removed item takes its members with it: list only the item itself.
    let removed: Vec<String> = out
        .iter()
        .filter(|c| c.kind == ApiChangeKind::Removed)
        .map(|c| c.item.clone())
        .collect();
    out.retain(|c| {
        c.kind != ApiChangeKind::Removed
            || !removed.iter().any(|parent| {
                c.item.len() > parent.len()
                    && c.item.starts_with(parent.as_str())
                    && (c.item[parent.len()..].starts_with("::")
                        || c.item[parent.len()..].starts_with(": "))
            })
    });
    out.sort_by(|a, b| a.item.cmp(&b.item).then(a.kind.cmp(&b.kind)));
    out
}

/// Diffs the public API of two sets of generated files.
pub fn diff_files<'a>(
    old: impl IntoIterator<Item = (&'a str, &'a str)>,
    new: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<ApiChange>, String> {
    Ok(diff_items(&public_items(old)?, &public_items(new)?))
}

/// The public-API effect of a spec change: runs `generate` on both specs and
/// diffs the public items of the output. `generate` returns `(path, contents)`
/// pairs; paths are relative to the SDK crate's `src/`. A generator panic or
/// unparsable output is reported as [`RustApi::Skipped`] with the reason, so
/// the spec report is still produced.
pub fn compare_with<G>(old: &Spec, new: &Spec, generate: G) -> RustApi
where
    G: Fn(&Spec) -> Vec<(String, String)>,
{
    let run = |spec: &Spec, side: &str| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generate(spec)))
            .map_err(|_| format!("the generator panicked on the {side} spec"))
    };
    let result = run(old, "old").and_then(|o| {
        let n = run(new, "new")?;
        diff_files(
            o.iter().map(|(p, c)| (p.as_str(), c.as_str())),
            n.iter().map(|(p, c)| (p.as_str(), c.as_str())),
        )
    });
    match result {
        Ok(changes) => RustApi::Changes(changes),
        Err(why) => RustApi::Skipped(why),
    }
}

/// [`compare_with`] the crate's own generator ([`crate::emit::generate`]);
/// items are named as in the SDK crate (`generated::record::...`).
pub fn compare_specs(old: &Spec, new: &Spec) -> RustApi {
    compare_with(old, new, |spec| {
        crate::emit::generate(spec)
            .into_iter()
            .map(|f| (format!("src/generated/{}", f.path), f.contents))
            .collect()
    })
}

fn module_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let rel = match path.rfind("src/") {
        Some(i) => &path[i + 4..],
        None => path.as_str(),
    };
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    if matches!(parts.last(), Some(&"mod") | Some(&"lib")) {
        parts.pop();
    }
    if parts.is_empty() {
        "crate".to_string()
    } else {
        parts.join("::")
    }
}

fn join(module: &str, name: &str) -> String {
    format!("{module}::{name}")
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Attributes that are part of the API contract; doc comments and the like are not.
fn api_attrs(attrs: &[Attribute]) -> Vec<Attribute> {
    attrs
        .iter()
        .filter(|a| {
            let p = a.path();
            p.is_ident("derive")
                || p.is_ident("non_exhaustive")
                || p.is_ident("deprecated")
                || p.is_ident("repr")
        })
        .cloned()
        .collect()
}

fn collect(module: &str, items: &[Item], out: &mut PublicItems) {
    // Private types' trait impls are not API; remember which types are public.
    let private: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) if !is_pub(&s.vis) => Some(s.ident.to_string()),
            Item::Enum(e) if !is_pub(&e.vis) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect();
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.to_string();
                let header = ItemStruct {
                    attrs: api_attrs(&s.attrs),
                    fields: Fields::Unit,
                    semi_token: Some(Default::default()),
                    ..s.clone()
                };
                out.insert(
                    join(module, &name),
                    trim_item(&unparse(Item::Struct(header))),
                );
                match &s.fields {
                    Fields::Named(f) => {
                        for field in f.named.iter().filter(|f| is_pub(&f.vis)) {
                            if let Some(ident) = &field.ident {
                                out.insert(
                                    format!("{module}::{name}::{ident}"),
                                    format!("pub {ident}: {}", ty(&field.ty)),
                                );
                            }
                        }
                    }
                    Fields::Unnamed(f) => {
                        for (i, field) in
                            f.unnamed.iter().enumerate().filter(|(_, f)| is_pub(&f.vis))
                        {
                            out.insert(
                                format!("{module}::{name}::{i}"),
                                format!("pub {}", ty(&field.ty)),
                            );
                        }
                    }
                    Fields::Unit => {}
                }
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                let name = e.ident.to_string();
                let mut header = e.clone();
                header.attrs = api_attrs(&e.attrs);
                header.variants.clear();
                out.insert(join(module, &name), trim_item(&unparse(Item::Enum(header))));
                for v in &e.variants {
                    let mut v = v.clone();
                    v.attrs = api_attrs(&v.attrs);
                    out.insert(
                        format!("{module}::{name}::{}", v.ident),
                        flatten(&variant(&v)),
                    );
                }
            }
            Item::Fn(f) if is_pub(&f.vis) => {
                out.insert(join(module, &f.sig.ident.to_string()), sig(&f.vis, &f.sig));
            }
            Item::Impl(imp) => {
                let Some(self_name) = type_name(&imp.self_ty) else {
                    continue;
                };
                if private.contains(&self_name) {
                    continue;
                }
                if let Some((bang, trait_path, _)) = &imp.trait_ {
                    // The header as prettyplease prints it (generics included).
                    let mut header = imp.clone();
                    header.attrs.clear();
                    header.items.clear();
                    let text = simplify(&trim_item(&unparse(Item::Impl(header))));
                    let neg = if bang.is_some() { "!" } else { "" };
                    let trait_ty: Type = Type::Path(syn::TypePath {
                        qself: None,
                        path: trait_path.clone(),
                    });
                    out.insert(
                        format!("{module}::{self_name}: impl {neg}{}", ty(&trait_ty)),
                        text,
                    );
                    continue;
                }
                for ii in &imp.items {
                    match ii {
                        ImplItem::Fn(f) if is_pub(&f.vis) => {
                            out.insert(
                                format!("{module}::{self_name}::{}", f.sig.ident),
                                sig(&f.vis, &f.sig),
                            );
                        }
                        ImplItem::Const(c) if is_pub(&c.vis) => {
                            out.insert(
                                format!("{module}::{self_name}::{}", c.ident),
                                format!("pub const {}: {}", c.ident, ty(&c.ty)),
                            );
                        }
                        _ => {}
                    }
                }
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let mut t = t.clone();
                t.attrs.clear();
                out.insert(
                    join(module, &t.ident.to_string()),
                    trim_item(&unparse(Item::Type(t))),
                );
            }
            Item::Const(c) if is_pub(&c.vis) => {
                out.insert(
                    join(module, &c.ident.to_string()),
                    format!("pub const {}: {}", c.ident, ty(&c.ty)),
                );
            }
            Item::Static(s) if is_pub(&s.vis) => {
                out.insert(
                    join(module, &s.ident.to_string()),
                    format!("pub static {}: {}", s.ident, ty(&s.ty)),
                );
            }
            Item::Trait(t) if is_pub(&t.vis) => {
                let mut header = t.clone();
                header.attrs = api_attrs(&t.attrs);
                header.items.clear();
                out.insert(
                    join(module, &t.ident.to_string()),
                    trim_item(&unparse(Item::Trait(header))),
                );
                for ti in &t.items {
                    if let syn::TraitItem::Fn(f) = ti {
                        out.insert(
                            format!("{module}::{}::{}", t.ident, f.sig.ident),
                            sig(&Visibility::Inherited, &f.sig),
                        );
                    }
                }
            }
            Item::Mod(m) if is_pub(&m.vis) => {
                let inner = join(module, &m.ident.to_string());
                out.insert(inner.clone(), format!("pub mod {}", m.ident));
                if let Some((_, content)) = &m.content {
                    collect(&inner, content, out);
                }
            }
            Item::Use(u) if is_pub(&u.vis) => {
                let mut u = u.clone();
                u.attrs.clear();
                let text = trim_item(&unparse(Item::Use(u)));
                out.insert(format!("{module}: {text}"), text);
            }
            _ => {}
        }
    }
}

/// The last identifier of a path type (`Foo` for `crate::x::Foo<T>`).
fn type_name(t: &Type) -> Option<String> {
    match t {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn unparse(item: Item) -> String {
    prettyplease::unparse(&File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item],
    })
}

/// A one-line rendering of a whole item, without a trailing `;` or `{}`.
fn trim_item(text: &str) -> String {
    let flat = flatten(text);
    let flat = flat.trim_end();
    let flat = flat.strip_suffix(';').unwrap_or(flat);
    let flat = flat.strip_suffix("{}").unwrap_or(flat);
    flat.trim_end().to_string()
}

/// Joins a multi-line rendering into one line (`foo(\n    a: A,\n)` → `foo(a: A)`).
fn flatten(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .replace("( ", "(")
        .replace(", )", ")")
        .replace(",)", ")")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(",>", ">")
}

/// Shortens well-known paths the generator spells out in full, so signatures
/// read as users write them (`Option<String>`, not
/// `::std::option::Option<::std::string::String>`).
fn simplify(text: &str) -> String {
    text.replace("::std::option::Option", "Option")
        .replace("::std::string::String", "String")
        .replace("::std::vec::Vec", "Vec")
        .replace("::std::boxed::Box", "Box")
        .replace("crate::generated::", "")
}

fn ty(t: &Type) -> String {
    let item: Item = syn::parse_quote!(type __T = #t;);
    let text = simplify(&trim_item(&unparse(item)));
    text.strip_prefix("type __T = ")
        .unwrap_or(&text)
        .to_string()
}

fn sig(vis: &Visibility, sig: &Signature) -> String {
    let f = ItemFn {
        attrs: Vec::new(),
        vis: vis.clone(),
        sig: sig.clone(),
        block: Box::new(syn::Block {
            brace_token: Default::default(),
            stmts: Vec::new(),
        }),
    };
    simplify(&trim_item(&unparse(Item::Fn(f))))
}

fn variant(v: &syn::Variant) -> String {
    let item: Item = syn::parse_quote!(enum __E { #v });
    let text = flatten(&unparse(item));
    let inner = text.strip_prefix("enum __E {").unwrap_or(&text);
    let inner = inner.strip_suffix('}').unwrap_or(inner).trim();
    simplify(inner.strip_suffix(',').unwrap_or(inner).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(src: &str) -> PublicItems {
        public_items([("crates/aliyun-live/src/generated/record.rs", src)])
            .expect("test source parses")
    }

    #[test]
    fn lists_public_items_with_signatures() {
        let got = items(
            r#"
            /// Docs are ignored.
            #[derive(Debug, Clone)]
            #[non_exhaustive]
            pub struct AddConfig {
                /// Field docs.
                pub app_name: String,
                secret: String,
            }
            struct Private;
            impl Default for Private { fn default() -> Self { Private } }
            impl AddConfig {
                pub fn new(app_name: impl Into<String>) -> Self { todo!() }
                fn hidden(&self) {}
            }
            impl Default for AddConfig { fn default() -> Self { todo!() } }
            pub enum Format { Flv, Unknown(String) }
            pub(crate) fn internal() {}
            pub mod inner { pub const LIMIT: u32 = 3; }
            "#,
        );
        let want: Vec<(&str, &str)> = vec![
            (
                "generated::record::AddConfig",
                "#[derive(Debug, Clone)] #[non_exhaustive] pub struct AddConfig",
            ),
            (
                "generated::record::AddConfig: impl Default",
                "impl Default for AddConfig",
            ),
            (
                "generated::record::AddConfig::app_name",
                "pub app_name: String",
            ),
            (
                "generated::record::AddConfig::new",
                "pub fn new(app_name: impl Into<String>) -> Self",
            ),
            ("generated::record::Format", "pub enum Format"),
            ("generated::record::Format::Flv", "Flv"),
            ("generated::record::Format::Unknown", "Unknown(String)"),
            ("generated::record::inner", "pub mod inner"),
            ("generated::record::inner::LIMIT", "pub const LIMIT: u32"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn diff_reports_added_removed_changed() {
        let old =
            items("pub struct A { pub x: i32 } impl A { pub fn go(&self) {} } pub enum E { One }");
        let new = items("pub struct A { pub x: i64, pub y: bool } pub enum E { One, Two }");
        let changes = diff_items(&old, &new);
        let got: Vec<(ApiChangeKind, &str)> =
            changes.iter().map(|c| (c.kind, c.item.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (ApiChangeKind::Removed, "generated::record::A::go"),
                (ApiChangeKind::Changed, "generated::record::A::x"),
                (ApiChangeKind::Added, "generated::record::A::y"),
                (ApiChangeKind::Added, "generated::record::E::Two"),
            ]
        );
        let changed = changes
            .iter()
            .find(|c| c.kind == ApiChangeKind::Changed)
            .expect("one change");
        assert_eq!(changed.old.as_deref(), Some("pub x: i32"));
        assert_eq!(changed.new.as_deref(), Some("pub x: i64"));
    }

    #[test]
    fn identical_sources_have_no_changes() {
        let src =
            "pub struct A { pub x: i32 } impl A { pub fn go(&self) -> Option<&str> { None } }";
        assert!(diff_items(&items(src), &items(src)).is_empty());
    }

    #[test]
    fn long_signatures_are_one_line() {
        let got = items(
            "pub fn very_long_function_name_for_testing(first_argument: impl Into<String>, second_argument: Option<std::collections::BTreeMap<String, Vec<u8>>>) -> Result<(), String> { Ok(()) }",
        );
        let sig = got
            .get("generated::record::very_long_function_name_for_testing")
            .expect("collected");
        assert_eq!(
            sig,
            "pub fn very_long_function_name_for_testing(first_argument: impl Into<String>, second_argument: Option<std::collections::BTreeMap<String, Vec<u8>>>) -> Result<(), String>"
        );
    }

    #[test]
    fn unparsable_source_is_an_error_naming_the_file() {
        let err = public_items([("src/x.rs", "pub struct {")]).expect_err("must fail");
        assert!(
            err.starts_with("src/x.rs: generated code does not parse"),
            "{err}"
        );
    }

    #[test]
    fn module_paths() {
        assert_eq!(
            module_path("crates/aliyun-live/src/generated/mod.rs"),
            "generated"
        );
        assert_eq!(module_path("src/lib.rs"), "crate");
        assert_eq!(module_path("src/generated/record.rs"), "generated::record");
        assert_eq!(module_path("record.rs"), "record");
    }
}

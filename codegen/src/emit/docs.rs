//! Rustdoc text: spec prose is escaped ([`crate::ir::doc_text`]); code spans
//! and examples the generator writes itself are not.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Field, RustTy, doc_text};
use crate::model::{Constraints, Member};

/// Outer doc attributes, one per line of already-formatted markdown.
pub(crate) fn doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Outer doc attributes for a generator-written sentence (not escaped).
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    doc_lines(&lines)
}

/// `//!` module docs.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let attrs = text.lines().map(|l| {
        let l = format!(" {l}");
        quote! { #![doc = #l] }
    });
    quote! { #(#attrs)* }
}

/// Spec prose, escaped, or a fallback when the spec has none.
pub(crate) fn prose(s: &str, fallback: &str) -> String {
    let t = doc_text(s);
    if t.is_empty() { fallback.to_owned() } else { t }
}

/// Doc lines for a member: description, wire name, constraints, default, example.
pub(crate) fn member_doc(f: &Field<'_>, wire: &str, is_param: bool) -> Vec<String> {
    let m: &Member = f.member;
    let mut lines = vec![prose(&m.description, &format!("The `{wire}` value."))];
    let mut facts = Vec::new();
    if is_param {
        facts.push(format!(
            "Wire name: `{wire}`{}.",
            if m.required { " (required)" } else { "" }
        ));
    } else if m.required {
        facts.push(format!("Wire name: `{wire}` (always present)."));
    } else {
        facts.push(format!("Wire name: `{wire}`."));
    }
    let c = constraints_text(&m.constraints);
    if !c.is_empty() {
        facts.push(format!("Constraints: {c}."));
    }
    if let Some(d) = &m.default {
        let d = d.to_string();
        if !d.contains('`') {
            facts.push(format!("Service default: `{d}`."));
        }
    }
    if let Some(e) = &m.example {
        if !e.contains('`') && !e.is_empty() && !e.contains('\n') {
            facts.push(format!("Example: `{e}`."));
        }
    }
    if matches!(
        f.ty,
        RustTy::List {
            wrapper: Some(_),
            ..
        }
    ) && !is_param
    {
        facts.push("The wire's wrapper object is removed: this is the list itself.".to_owned());
    }
    if !facts.is_empty() {
        lines.push(String::new());
        lines.push(facts.join(" "));
    }
    lines
}

/// `5 ≤ value ≤ 30, at most 256 bytes` etc.
pub(crate) fn constraints_text(c: &Constraints) -> String {
    let mut parts = Vec::new();
    match (c.min, c.max) {
        (Some(a), Some(b)) => parts.push(format!("between {} and {}", num(a), num(b))),
        (Some(a), None) => parts.push(format!("at least {}", num(a))),
        (None, Some(b)) => parts.push(format!("at most {}", num(b))),
        (None, None) => {}
    }
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b} bytes long")),
        (Some(a), None) => parts.push(format!("at least {a} bytes long")),
        (None, Some(b)) => parts.push(format!("at most {b} bytes long")),
        (None, None) => {}
    }
    match (c.min_items, c.max_items) {
        (Some(a), Some(b)) => parts.push(format!("{a} to {b} items")),
        (Some(a), None) => parts.push(format!("at least {a} items")),
        (None, Some(b)) => parts.push(format!("at most {b} items")),
        (None, None) => {}
    }
    if !c.prefixes.is_empty() {
        let p: Vec<String> = c.prefixes.iter().map(|p| code(p)).collect();
        parts.push(format!("starts with {}", p.join(" or ")));
    }
    if !c.required_vars.is_empty() {
        let p: Vec<String> = c.required_vars.iter().map(|p| code(p)).collect();
        parts.push(format!("contains {}", p.join(" and ")));
    }
    if let Some(t) = &c.not_before {
        parts.push(format!("not before {}", code(t)));
    }
    parts.join(", ")
}

/// A number as the spec would write it (`5`, not `5.0`).
pub(crate) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A code span, or escaped text if the value itself has backticks.
pub(crate) fn code(s: &str) -> String {
    if s.contains('`') {
        doc_text(s)
    } else {
        format!("`{s}`")
    }
}

//! Rendering a [`Report`] as Markdown (for a pull request) or JSON (for tools).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{ApiChange, ApiChangeKind, Change, Class, Kind, Report, RustApi};

/// Longest old/new text shown inline in Markdown; longer text is cut with `…`.
const MAX_INLINE: usize = 80;

/// How many places using a changed named type are listed.
const MAX_USES: usize = 6;

/// Above this many Rust API lines, the list is folded into `<details>`.
const FOLD_API_LINES: usize = 40;

/// The report as Markdown: summary, service, actions, types, callbacks, the
/// public Rust API, and documentation-only changes folded at the end.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let spec = &report.spec;
    let _ = writeln!(
        out,
        "# API review: {} → {}\n",
        code(&report.old_label),
        code(&report.new_label)
    );

    let (breaking, compatible, docs) = (
        spec.count(Class::Breaking),
        spec.count(Class::Compatible),
        spec.count(Class::Docs),
    );
    if spec.changes.is_empty() {
        out.push_str("No changes.\n");
    } else {
        let _ = writeln!(
            out,
            "Spec: **{breaking} breaking**, {compatible} compatible, {docs} documentation-only."
        );
    }
    if let RustApi::Changes(api) = &report.rust_api {
        let count = |k| api.iter().filter(|c| c.kind == k).count();
        let _ = writeln!(
            out,
            "Public Rust API: {} added, {} removed, {} changed.",
            count(ApiChangeKind::Added),
            count(ApiChangeKind::Removed),
            count(ApiChangeKind::Changed)
        );
    }

    let substantive: Vec<&Change> = spec
        .changes
        .iter()
        .filter(|c| c.class != Class::Docs)
        .collect();

    // Service-wide changes (including groups and the file format).
    let service: Vec<&Change> = substantive
        .iter()
        .copied()
        .filter(|c| {
            c.path == "format_version"
                || c.path.starts_with("service.")
                || c.path.starts_with("groups.")
        })
        .collect();
    if !service.is_empty() {
        out.push_str("\n## Service\n\n");
        for c in service {
            line(&mut out, c, "");
        }
    }

    section(
        &mut out,
        &substantive,
        None,
        "Actions",
        "actions",
        &[Kind::ActionAdded, Kind::ActionRemoved, Kind::ActionRenamed],
    );

    section(
        &mut out,
        &substantive,
        Some(&spec.type_uses),
        "Types",
        "types",
        &[Kind::TypeAdded, Kind::TypeRemoved],
    );

    section(
        &mut out,
        &substantive,
        None,
        "Callbacks",
        "callbacks",
        &[Kind::CallbackAdded, Kind::CallbackRemoved],
    );

    out.push_str("\n## Public Rust API\n\n");
    match &report.rust_api {
        RustApi::Skipped(why) => {
            let _ = writeln!(out, "Not computed: {why}.");
        }
        RustApi::Changes(api) if api.is_empty() => {
            out.push_str("No public item added, removed or changed.\n")
        }
        RustApi::Changes(api) => rust_api(&mut out, api),
    }

    let docs: Vec<&Change> = spec
        .changes
        .iter()
        .filter(|c| c.class == Class::Docs)
        .collect();
    if !docs.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Documentation-only changes ({})</summary>\n",
            docs.len()
        );
        for c in docs {
            let _ = writeln!(out, "- {}:{}", code(&c.path), values(c));
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// One `## Title` section for `actions`, `types` or `callbacks`: the listed
/// top-level kinds first (added/removed/renamed), then one `###` per item.
///
/// With `uses`, each item's heading is followed by where it is used.
fn section(
    out: &mut String,
    changes: &[&Change],
    uses: Option<&BTreeMap<String, Vec<String>>>,
    title: &str,
    area: &str,
    top: &[Kind],
) {
    let prefix = format!("{area}.");
    let mine: Vec<&Change> = changes
        .iter()
        .copied()
        .filter(|c| c.path.starts_with(&prefix))
        .collect();
    if mine.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {title}");
    let (heads, details): (Vec<&Change>, Vec<&Change>) =
        mine.iter().partition(|c| top.contains(&c.kind));
    if !heads.is_empty() {
        out.push('\n');
    }
    for c in &heads {
        line(out, c, &prefix);
    }
    // Group details by item name, in order of first appearance.
    let mut items: Vec<(&str, Vec<&Change>)> = Vec::new();
    for c in details {
        let rest = &c.path[prefix.len()..];
        let name = rest.split(['.', '[', '{']).next().unwrap_or(rest);
        match items.iter_mut().find(|(n, _)| *n == name) {
            Some((_, list)) => list.push(c),
            None => items.push((name, vec![c])),
        }
    }
    for (name, list) in items {
        let _ = writeln!(out, "\n### {}\n", code(name));
        if let Some(places) = uses.and_then(|u| u.get(name)).filter(|p| !p.is_empty()) {
            let shown: Vec<String> = places.iter().take(MAX_USES).map(|p| code(p)).collect();
            let more = match places.len().checked_sub(MAX_USES) {
                Some(n) if n > 0 => format!(" and {n} more"),
                _ => String::new(),
            };
            let _ = writeln!(out, "Used by {}{more}.\n", shown.join(", "));
        }
        let item_prefix = format!("{prefix}{name}.");
        for c in list {
            line(out, c, &item_prefix);
        }
    }
}

fn line(out: &mut String, c: &Change, strip: &str) {
    let badge = match c.class {
        Class::Breaking => "**breaking**",
        Class::Compatible => "compatible",
        Class::Docs => "docs",
    };
    let rel = c.path.strip_prefix(strip).unwrap_or(&c.path);
    let _ = writeln!(
        out,
        "- {badge} {}: {}{} — {}",
        code(rel),
        c.kind.label(),
        values(c),
        c.reason
    );
}

fn values(c: &Change) -> String {
    let (old, new) = cut_pair(c.old.as_deref(), c.new.as_deref());
    let shown = |v: &Option<String>| v.as_deref().map(code).unwrap_or_else(|| "*none*".into());
    if c.kind.is_addition() {
        new.map(|n| format!(" {}", code(&n))).unwrap_or_default()
    } else if c.kind.is_removal() {
        old.map(|o| format!(" (was {})", code(&o)))
            .unwrap_or_default()
    } else if old.is_none() && new.is_none() {
        String::new()
    } else {
        format!(" {} → {}", shown(&old), shown(&new))
    }
}

fn rust_api(out: &mut String, api: &[ApiChange]) {
    let mut body = String::new();
    for (kind, title) in [
        (ApiChangeKind::Removed, "Removed"),
        (ApiChangeKind::Changed, "Changed"),
        (ApiChangeKind::Added, "Added"),
    ] {
        let list: Vec<&ApiChange> = api.iter().filter(|c| c.kind == kind).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(body, "**{title}** ({}):\n", list.len());
        body.push_str("```diff\n");
        let mut group = "";
        for c in list {
            // One heading comment per parent (type or module), then its items.
            let (parent, _) = split_item(&c.item);
            if parent != group {
                let _ = writeln!(body, "  // {parent}");
                group = parent;
            }
            if let Some(old) = &c.old {
                let _ = writeln!(body, "- {old}");
            }
            if let Some(new) = &c.new {
                let _ = writeln!(body, "+ {new}");
            }
        }
        body.push_str("```\n\n");
    }
    if body.lines().count() > FOLD_API_LINES {
        let _ = writeln!(
            out,
            "<details><summary>{} public items</summary>\n",
            api.len()
        );
        out.push_str(&body);
        out.push_str("</details>\n");
    } else {
        out.push_str(body.trim_end());
        out.push('\n');
    }
}

/// Splits `a::b::Type::method` into (`a::b::Type`, `method`) and
/// `a::b::Type: impl Trait` into (`a::b::Type`, `impl Trait`).
fn split_item(item: &str) -> (&str, &str) {
    if let Some(i) = item.find(": ") {
        return (&item[..i], &item[i + 2..]);
    }
    match item.rfind("::") {
        Some(i) => (&item[..i], &item[i + 2..]),
        None => ("", item),
    }
}

/// The report as pretty-printed JSON:
/// `{"old", "new", "summary", "changes": [{kind, path, class, breaking, reason, old, new}], "rust_api"}`.
pub fn json(report: &Report) -> String {
    let spec = &report.spec;
    let changes: Vec<Value> = spec
        .changes
        .iter()
        .map(|c| {
            json!({
                "kind": c.kind.as_str(),
                "path": c.path,
                "class": c.class.as_str(),
                "breaking": c.is_breaking(),
                "reason": c.reason,
                "old": c.old,
                "new": c.new,
            })
        })
        .collect();
    let rust_api = match &report.rust_api {
        RustApi::Skipped(why) => json!({ "computed": false, "reason": why }),
        RustApi::Changes(api) => json!({
            "computed": true,
            "changes": api.iter().map(|c| json!({
                "kind": c.kind.as_str(),
                "item": c.item,
                "breaking": c.is_breaking(),
                "old": c.old,
                "new": c.new,
            })).collect::<Vec<_>>(),
        }),
    };
    let value = json!({
        "old": report.old_label,
        "new": report.new_label,
        "summary": {
            "breaking": spec.count(Class::Breaking),
            "compatible": spec.count(Class::Compatible),
            "docs": spec.count(Class::Docs),
            "has_breaking": report.has_breaking(),
        },
        "changes": changes,
        "rust_api": rust_api,
    });
    // Serializing a `Value` cannot fail; fall back to the compact form anyway.
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string())
}

/// Inline code that survives backticks and newlines in the text.
fn code(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// Shortens long old/new texts around their first difference, so a
/// reviewer sees what changed rather than a shared beginning.
fn cut_pair(old: Option<&str>, new: Option<&str>) -> (Option<String>, Option<String>) {
    let start = match (old, new) {
        (Some(o), Some(n)) if o.chars().count().max(n.chars().count()) > MAX_INLINE => {
            let same = o.chars().zip(n.chars()).take_while(|(a, b)| a == b).count();
            // Keep some context before the difference.
            same.saturating_sub(20)
        }
        _ => 0,
    };
    let cut = |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        let from = if start > 0 && start < chars.len() {
            start
        } else {
            0
        };
        let mut s = String::new();
        if from > 0 {
            s.push('…');
        }
        s.extend(chars.iter().skip(from).take(MAX_INLINE));
        if chars.len() > from + MAX_INLINE {
            s.push('…');
        }
        s
    };
    (old.map(cut), new.map(cut))
}

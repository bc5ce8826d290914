//! Comparing an action already in the spec with its vendor-metadata version.
//!
//! The comparison is the project's spec diff ([`crate::diff`]) between the
//! spec's action and the imported one, restricted to what the metadata can
//! speak to: parameters, types, required flags, styles, constraints, enum
//! values, response fields and wrappers, pagination, groups and error codes.
//! Documentation and aliases are left out, and so are Rust type names (the
//! spec names shared types; the import names inline ones).

use crate::diff::{self, Class, Kind};
use crate::model::{Action, Member, Shape, Spec, Style};

/// One difference between the spec's action and the vendor metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Place inside the action: `params.RecordFormat[].Format`, `errors.X`.
    pub path: String,
    /// What differs, as the diff names it (`param_added`, `type_changed`, ...).
    pub kind: &'static str,
    /// The spec's value, rendered, if it has one.
    pub spec: Option<String>,
    /// The vendor metadata's value, rendered, if it has one.
    pub vendor: Option<String>,
    /// Whether a note of the action (or of one of its members) names the
    /// differing member, error code or key, or the spec's type only refines
    /// the vendor's `string` (`kind` is then `type_refined`).
    pub acknowledged: bool,
    /// Error codes listed on one side only (or under another HTTP status):
    /// the spec lists the codes its sources show (spec/README.md,
    /// *Errors*); callers match codes as strings, so these are reported but
    /// never fail `--check`.
    pub informational: bool,
}

/// All differences for one action.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub action: String,
    pub differences: Vec<Difference>,
}

impl Comparison {
    /// Differences that no note acknowledges (informational ones aside).
    pub fn unacknowledged(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|d| !d.acknowledged && !d.informational)
    }
}

/// Compares `ours` (an action of `spec`) with `vendor` (its import).
pub fn compare(spec: &Spec, ours: &Action, vendor: &Action) -> Comparison {
    let old = normalize(spec, ours);
    let new = normalize(spec, vendor);
    let side = |a: Action| Spec {
        types: Vec::new(),
        actions: vec![a],
        callbacks: Vec::new(),
        ..spec.clone()
    };
    let changes = diff::diff(&side(old), &side(new)).changes;
    let prefix = format!("actions.{}.", ours.name);
    let notes = all_notes(ours);
    let differences = changes
        .into_iter()
        .filter(|c| c.class != Class::Docs)
        .filter(|c| !matches!(c.kind, Kind::ActionAliasAdded | Kind::ActionAliasRemoved))
        .filter_map(|c| {
            let path = c.path.strip_prefix(&prefix)?.to_owned();
            let refined = refines(ours, &c.kind, &path, c.old.as_deref(), c.new.as_deref());
            let acknowledged = refined
                || names_in(&path, &c.old, &c.new)
                    .iter()
                    .any(|n| notes.iter().any(|note| mentions(note, n)));
            let informational = matches!(
                c.kind,
                Kind::ErrorAdded | Kind::ErrorRemoved | Kind::ErrorStatusChanged
            );
            Some(Difference {
                path,
                informational,
                kind: if refined {
                    "type_refined"
                } else {
                    c.kind.as_str()
                },
                spec: c.old,
                vendor: c.new,
                acknowledged,
            })
        })
        .collect();
    Comparison {
        action: ours.name.clone(),
        differences,
    }
}

/// Whether the spec only says more precisely what the vendor's `string`
/// means (`timestamp`, `long`, an enum, a csv list): the spec's types say
/// what a value means, not how it is quoted (see spec/README.md), and the
/// wire text is the same.
fn refines(
    ours: &Action,
    kind: &Kind,
    path: &str,
    spec: Option<&str>,
    vendor: Option<&str>,
) -> bool {
    const SCALARS: &[&str] = &[
        "timestamp",
        "epoch_seconds",
        "integer",
        "long",
        "float",
        "boolean",
        "enum",
    ];
    let csv_param = || {
        path.strip_prefix("params.")
            .and_then(|rest| rest.split('.').next())
            .and_then(|name| ours.param(name))
            .is_some_and(|p| p.style == Style::Csv)
    };
    match (kind, spec, vendor) {
        (Kind::TypeChanged, Some(s), Some("string")) => {
            SCALARS.contains(&s)
                || s.starts_with("enum ")
                || (s.starts_with("list<") && csv_param())
        }
        (Kind::StyleChanged, Some("csv"), Some("plain")) => csv_param(),
        _ => false,
    }
}

/// The action with shared types inlined and what the metadata cannot
/// speak to (type names, documentation, aliases, rules) removed.
fn normalize(spec: &Spec, a: &Action) -> Action {
    let member = |m: &Member| normalize_member(spec, m, 0);
    Action {
        summary: String::new(),
        description: String::new(),
        source: String::new(),
        aliases: Vec::new(),
        notes: Vec::new(),
        rules: Vec::new(),
        params: a.params.iter().map(member).collect(),
        response: a.response.iter().map(member).collect(),
        ..a.clone()
    }
}

fn normalize_member(spec: &Spec, m: &Member, depth: usize) -> Member {
    Member {
        description: String::new(),
        example: None,
        notes: Vec::new(),
        rust_name: None,
        aliases: Vec::new(),
        shape: normalize_shape(spec, &m.shape, depth),
        ..m.clone()
    }
}

fn normalize_shape(spec: &Spec, s: &Shape, depth: usize) -> Shape {
    // Named types may refer to each other; the spec's nesting is shallow,
    // so a bound keeps a (rejected elsewhere) cycle from looping.
    if depth > 16 {
        return s.clone();
    }
    match spec.resolve(s) {
        Shape::Enum { values, .. } => Shape::Enum {
            type_name: None,
            values: values.clone(),
        },
        Shape::Struct { fields, .. } => Shape::Struct {
            type_name: None,
            fields: fields
                .iter()
                .map(|f| normalize_member(spec, f, depth + 1))
                .collect(),
        },
        Shape::List { items, wrapper } => Shape::List {
            items: Box::new(normalize_shape(spec, items, depth + 1)),
            wrapper: wrapper.clone(),
        },
        Shape::Map { values } => Shape::Map {
            values: Box::new(normalize_shape(spec, values, depth + 1)),
        },
        other => other.clone(),
    }
}

fn all_notes(a: &Action) -> Vec<&str> {
    fn member<'a>(m: &'a Member, out: &mut Vec<&'a str>) {
        out.extend(m.notes.iter().map(String::as_str));
        shape(&m.shape, out);
    }
    fn shape<'a>(s: &'a Shape, out: &mut Vec<&'a str>) {
        match s {
            Shape::Struct { fields, .. } => fields.iter().for_each(|f| member(f, out)),
            Shape::List { items, .. } => shape(items, out),
            Shape::Map { values } => shape(values, out),
            _ => {}
        }
    }
    let mut out: Vec<&str> = a.notes.iter().map(String::as_str).collect();
    for m in a.params.iter().chain(&a.response) {
        member(m, &mut out);
    }
    out
}

/// The names a note may use to acknowledge a difference at `path`.
fn names_in(path: &str, old: &Option<String>, new: &Option<String>) -> Vec<String> {
    let mut segs = path.split('.');
    let head = segs.next().unwrap_or_default();
    let rest: Vec<String> = segs
        .map(|s| s.trim_end_matches("[]").trim_end_matches("{}").to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    match head {
        "params" | "response" | "errors" => rest,
        "pagination" => {
            let mut v = vec!["pagination".to_owned()];
            v.extend(old.iter().chain(new).cloned());
            v
        }
        other => vec![other.to_owned()],
    }
}

/// Whether `text` mentions `name` as a whole word (not inside a longer
/// identifier: `RecordFormat` is not mentioned by `RecordFormatList`).
pub fn mentions(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut start = 0;
    while let Some(pos) = text[start..].find(name) {
        let at = start + pos;
        let end = at + name.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(ident) && !after.is_some_and(ident) {
            return true;
        }
        start = end;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn mentions_whole_words_only() {
        assert!(mentions(
            "`RecordFormat.N.Format` is optional",
            "RecordFormat"
        ));
        assert!(mentions("DomainName: optional in 2024", "DomainName"));
        assert!(!mentions("RecordFormatList wraps it", "RecordFormat"));
        assert!(!mentions("MyDomainName", "DomainName"));
        assert!(!mentions("anything", ""));
    }
}

//! Importing actions from Alibaba Cloud's ApiDocs metadata (`cargo xtask import`).
//!
//! [`ApiDocs::parse`] reads the vendor file; [`import`] converts the selected
//! actions ([`convert`]), merges the new ones into a [`Spec`] and compares
//! the ones the spec already has ([`compare`]) without touching them. The
//! result is validated with [`crate::load::parse`] on its canonical text
//! ([`crate::write::to_json`]) before it is returned, so a caller never
//! writes an invalid spec.
//!
//! Only facts are carried over; descriptions are the seed's wording or our
//! own mechanical text (see [`convert`]).

pub mod compare;
pub mod convert;
pub mod json;
pub mod seed;
pub mod share;

use std::fmt;

use crate::model::{Action, Group, Member, Shape, Spec, Style};
use compare::Comparison;
use convert::{ActionMeta, TypeNamer};
use json::Node;
use seed::SeedNames;

/// `source` of every imported action.
pub const SOURCE: &str = "vendor metadata 2024-06-24";

/// `source` of actions only the seed's chapter 1 names.
pub const SEED_OVERVIEW_SOURCE: &str = "seed 1";

/// Something the import cannot express or does not understand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The action concerned (empty for file-level problems).
    pub action: String,
    /// Place inside the action: `params.RecordFormat[].Format`, `errorCodes.400`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.action.is_empty(), self.path.is_empty()) {
            (true, true) => write!(f, "{}", self.message),
            (true, false) => write!(f, "{}: {}", self.path, self.message),
            (false, true) => write!(f, "{}: {}", self.action, self.message),
            (false, false) => write!(f, "{}: {}: {}", self.action, self.path, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

fn file_error(message: impl Into<String>) -> ImportError {
    ImportError {
        action: String::new(),
        path: String::new(),
        message: message.into(),
    }
}

/// One directory (action group) of the metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directory {
    /// Title as the vendor writes it (`直播截图`).
    pub title: String,
    /// Title of the top-level directory it belongs to (its own if top-level).
    pub top: String,
    /// Every action in it, sub-directories included.
    pub actions: Vec<String>,
}

/// The parts of an ApiDocs file the import reads.
#[derive(Debug, Clone)]
pub struct ApiDocs {
    apis: Vec<(String, Node)>,
    directories: Vec<Directory>,
}

impl ApiDocs {
    /// Parses the text of an ApiDocs JSON file.
    pub fn parse(text: &str) -> Result<ApiDocs, ImportError> {
        let root = Node::parse(text).map_err(|e| file_error(format!("not valid JSON: {e}")))?;
        let apis = root
            .get("apis")
            .and_then(Node::as_object)
            .ok_or_else(|| file_error("no \"apis\" object: not an ApiDocs file"))?
            .to_vec();
        let mut directories = Vec::new();
        if let Some(dirs) = root.get("directories") {
            let dirs = dirs
                .as_array()
                .ok_or_else(|| file_error("\"directories\" must be an array"))?;
            for d in dirs {
                collect_directories(d, None, &mut directories)?;
            }
        }
        Ok(ApiDocs { apis, directories })
    }

    /// Action names in file order.
    pub fn action_names(&self) -> impl Iterator<Item = &str> {
        self.apis.iter().map(|(n, _)| n.as_str())
    }

    /// The metadata of one action (`apis.<name>`).
    pub fn api(&self, name: &str) -> Option<&Node> {
        self.apis.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    pub fn has_action(&self, name: &str) -> bool {
        self.api(name).is_some()
    }

    /// All directories, top-level ones and their sub-directories, in file order.
    pub fn directories(&self) -> &[Directory] {
        &self.directories
    }

    /// The title of the top-level directory that lists `action`.
    pub fn top_directory(&self, action: &str) -> Option<&str> {
        self.directories
            .iter()
            .find(|d| d.top == d.title && d.actions.iter().any(|a| a == action))
            .map(|d| d.top.as_str())
    }

    /// The actions of the directory titled `title` (at any level).
    pub fn directory_actions(&self, title: &str) -> Option<&[String]> {
        self.directories
            .iter()
            .find(|d| d.title == title)
            .map(|d| d.actions.as_slice())
    }

    /// The first word of every action name (`Describe`, `Add`, ...): what
    /// an action name starts with in this API.
    fn verbs(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for n in self.action_names() {
            let v = first_word(n);
            if !out.contains(&v) {
                out.push(v);
            }
        }
        out
    }
}

fn collect_directories(
    d: &Node,
    top: Option<&str>,
    out: &mut Vec<Directory>,
) -> Result<Vec<String>, ImportError> {
    let title = d
        .get("title")
        .and_then(Node::as_str)
        .ok_or_else(|| file_error("a directory without a title"))?
        .to_owned();
    let top_title = top.unwrap_or(&title).to_owned();
    let index = out.len();
    out.push(Directory {
        title: title.clone(),
        top: top_title.clone(),
        actions: Vec::new(),
    });
    let mut actions = Vec::new();
    for child in d
        .get("children")
        .and_then(Node::as_array)
        .unwrap_or_default()
    {
        match child {
            Node::String(name) => actions.push(name.clone()),
            Node::Object(_) => actions.extend(collect_directories(child, Some(&top_title), out)?),
            _ => {
                return Err(file_error(format!(
                    "directory \"{title}\": a child that is neither a name nor a directory"
                )));
            }
        }
    }
    out[index].actions = actions.clone();
    Ok(actions)
}

/// `Describe` for `DescribeLiveDomainLog`.
fn first_word(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(name.len(), |(i, _)| i);
    &name[..end]
}

/// `LiveDomainLog` for `DescribeLiveDomainLog`; `None` for a single word.
fn strip_verb(name: &str) -> Option<&str> {
    Some(&name[first_word(name).len()..]).filter(|rest| !rest.is_empty())
}

/// Our group names for the vendor's directory titles. Groups the spec
/// already has keep their names; the others get the English name here and
/// the vendor's title.
pub const DIRECTORY_GROUPS: &[(&str, &str)] = &[
    ("域名管理", "domain"),
    ("直播预热", "preload"),
    ("直播拉流", "pull_stream"),
    ("直播流管理", "stream"),
    ("边缘转推", "edge_transfer"),
    ("中心转推", "center_transfer"),
    ("主备合流", "stream_merge"),
    ("直播延播", "delay"),
    ("推流回调", "notify"),
    ("直播安全", "security"),
    ("直播时移", "shift"),
    ("直播转码", "transcode"),
    ("直播录制存储至VOD", "record_vod"),
    ("直播录制存储至OSS", "record"),
    ("直播截图", "snapshot"),
    ("直播封装", "package"),
    ("直播审核", "detect"),
    ("全球加速", "private_line"),
    ("直播延迟", "stream_delay"),
    ("监控统计", "monitoring"),
    ("用量查询", "monitoring"),
    ("云导播", "caster"),
    ("云端合流", "mix_stream"),
    ("直播水印", "watermark"),
    ("边缘转码", "edge_transcode"),
    ("直播日志", "log"),
    ("直播监播", "stream_monitor"),
    ("互动消息服务端接口", "message"),
    ("互动消息（新）", "live_message"),
    ("实时音视频", "rtc"),
    ("实时字幕", "subtitle"),
    ("边缘脚本", "staging"),
    ("直播房间", "room"),
    ("标签", "tag"),
    ("工具箱", "toolbox"),
    ("其他", "other"),
    ("其它", "other"),
];

/// Which actions to import.
#[derive(Debug, Clone)]
pub enum Selection {
    /// These action names (as the metadata spells them).
    Actions(Vec<String>),
    /// Every action of the directory with this title.
    Group(String),
    /// Every action the seed names (chapter 1 tables, chapters 4–8).
    NamedInSeed(SeedNames),
}

/// A seed name that did not lead to importing a vendor action under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedFinding {
    /// The name as the seed spells it.
    pub name: String,
    pub outcome: SeedOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    /// Another name of an action the spec has (in its `aliases`).
    AliasOf(String),
    /// In the spec, but the metadata no longer lists it.
    KeptUnlisted,
    /// Not an action name (no action in the metadata starts with its first word).
    NotAnAction,
    /// A misspelling of this metadata action, imported with the seed's
    /// spelling as an alias.
    Typo(String),
    /// Not in the metadata; added from what the seed's chapter 1 gives.
    AddedFromSeed,
    /// Named only in chapters 4–8, not in the metadata nor the spec.
    Unresolved,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The merged spec (already validated).
    pub spec: Spec,
    /// Actions added from the metadata, sorted.
    pub added: Vec<String>,
    /// Actions an earlier import added, converted again and replaced
    /// ([`Options::refresh_imported`]), sorted.
    pub refreshed: Vec<String>,
    /// Actions added from the seed alone (not in the metadata).
    pub added_from_seed: Vec<String>,
    /// Groups added, by name.
    pub added_groups: Vec<String>,
    /// Named types made for identical inline structs of imported actions
    /// ([`share`]), in the order made.
    pub shared_types: Vec<String>,
    /// Actions the spec already had: its version is kept; these are the
    /// differences the metadata shows.
    pub compared: Vec<Comparison>,
    /// Seed names that are not simply vendor actions (`--named-in-seed`).
    pub seed_findings: Vec<SeedFinding>,
}

impl ImportReport {
    /// Number of differences no note acknowledges (what `--check` fails on).
    pub fn unacknowledged(&self) -> usize {
        self.compared
            .iter()
            .map(|c| c.unacknowledged().count())
            .sum()
    }
}

impl ImportReport {
    /// A plain-text report: what was added, what the seed's names turned
    /// out to be, and the field-by-field comparison for actions kept.
    pub fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} action(s) added from the vendor metadata, {} from the seed alone, {} group(s) added; {} action(s) already in the spec kept and compared.",
            self.added.len(),
            self.added_from_seed.len(),
            self.added_groups.len(),
            self.compared.len()
        );
        if !self.refreshed.is_empty() {
            let _ = writeln!(
                s,
                "{} imported action(s) converted again and replaced: {}",
                self.refreshed.len(),
                self.refreshed.join(", ")
            );
        }
        if !self.added.is_empty() {
            let _ = writeln!(s, "\nadded: {}", self.added.join(", "));
        }
        if !self.added_from_seed.is_empty() {
            let _ = writeln!(
                s,
                "added from the seed only: {}",
                self.added_from_seed.join(", ")
            );
        }
        if !self.added_groups.is_empty() {
            let _ = writeln!(s, "groups added: {}", self.added_groups.join(", "));
        }
        if !self.shared_types.is_empty() {
            let _ = writeln!(
                s,
                "types shared by identical inline structs: {}",
                self.shared_types.join(", ")
            );
        }
        if !self.seed_findings.is_empty() {
            let _ = writeln!(s, "\nseed names that are not vendor actions as spelled:");
            for f in &self.seed_findings {
                let what = match &f.outcome {
                    SeedOutcome::AliasOf(a) => format!("an alias of {a} in the spec"),
                    SeedOutcome::KeptUnlisted => {
                        "in the spec; the vendor metadata no longer lists it".to_owned()
                    }
                    SeedOutcome::NotAnAction => "not an action name".to_owned(),
                    SeedOutcome::Typo(real) => {
                        format!("a misspelling of {real}, imported with it as an alias")
                    }
                    SeedOutcome::AddedFromSeed => {
                        "not in the vendor metadata; added from the seed's chapter 1".to_owned()
                    }
                    SeedOutcome::Unresolved => {
                        "not in the vendor metadata nor the spec; not added".to_owned()
                    }
                };
                let _ = writeln!(s, "  {}: {what}", f.name);
            }
        }
        if !self.compared.is_empty() {
            let _ = writeln!(
                s,
                "\nactions already in the spec (the spec's version is kept); where the vendor metadata differs:"
            );
            for c in &self.compared {
                let open = c.unacknowledged().count();
                let _ = writeln!(
                    s,
                    "  {}: {} difference(s) ({} in error codes), {} not acknowledged in notes",
                    c.action,
                    c.differences.len(),
                    c.differences.iter().filter(|d| d.informational).count(),
                    open
                );
                for d in c.differences.iter().filter(|d| !d.informational) {
                    let _ = writeln!(
                        s,
                        "    {} {}: spec {} / vendor {} [{}]",
                        if d.acknowledged { " " } else { "!" },
                        d.path,
                        d.spec.as_deref().unwrap_or("(none)"),
                        d.vendor.as_deref().unwrap_or("(none)"),
                        d.kind,
                    );
                }
                let codes = |kind: &str| {
                    c.differences
                        .iter()
                        .filter(|d| d.informational && d.kind == kind)
                        .map(|d| d.path.trim_start_matches("errors."))
                        .collect::<Vec<_>>()
                };
                for (kind, label) in [
                    ("error_added", "error codes only the vendor lists"),
                    ("error_removed", "error codes only the spec lists"),
                    (
                        "error_status_changed",
                        "error codes under another HTTP status",
                    ),
                ] {
                    let list = codes(kind);
                    if !list.is_empty() {
                        let _ = writeln!(s, "      {label}: {}", list.join(", "));
                    }
                }
            }
        }
        s
    }
}

/// One action to convert, and what the seed says about it.
struct Wanted {
    /// Name in the metadata.
    name: String,
    /// The seed's own spelling, if it differs (a typo).
    seed_spelling: Option<String>,
    /// The seed's chapter-1 description and section.
    seed_entry: Option<seed::SeedEntry>,
}

/// How an import treats actions the spec already has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Convert the selected actions that an earlier import added (their
    /// `source` starts with `vendor metadata`) again, replacing them, so
    /// that improvements to the conversion reach the spec. Hand-transcribed
    /// actions are still never overwritten, only compared.
    pub refresh_imported: bool,
}

/// Whether `action` was added by an import (rather than transcribed by hand).
pub fn is_imported(action: &Action) -> bool {
    action.source.starts_with("vendor metadata")
}

/// Converts the selected actions and merges the new ones into `spec`.
pub fn import(
    spec: &Spec,
    docs: &ApiDocs,
    selection: &Selection,
) -> Result<ImportReport, Vec<ImportError>> {
    import_with(spec, docs, selection, Options::default())
}

/// [`import`], with [`Options`].
///
/// With `refresh_imported`, the selected actions an earlier import added are
/// taken out of the spec and imported again from the metadata: they come out
/// exactly as a first import would write them today (inline type names
/// included, since those are handed out in the same order), and are listed
/// in [`ImportReport::refreshed`] instead of `added`.
pub fn import_with(
    spec: &Spec,
    docs: &ApiDocs,
    selection: &Selection,
    options: Options,
) -> Result<ImportReport, Vec<ImportError>> {
    if !options.refresh_imported {
        return import_into(spec, docs, selection);
    }
    // Which imported actions does the selection reach? Ask as if none of
    // them were there (a seed spelling kept as an alias of an imported
    // action then leads to it again, as it did the first time).
    let mut probe = spec.clone();
    probe.actions.retain(|a| !is_imported(a));
    let reached = import_into(&probe, docs, selection)?.added;
    let refreshed: Vec<String> = spec
        .actions
        .iter()
        .filter(|a| is_imported(a) && reached.contains(&a.name))
        .map(|a| a.name.clone())
        .collect();
    let mut base = spec.clone();
    base.actions.retain(|a| !refreshed.contains(&a.name));
    let mut report = import_into(&base, docs, selection)?;
    report.added.retain(|a| !refreshed.contains(a));
    report.refreshed = refreshed;
    report.refreshed.sort();
    Ok(report)
}

fn import_into(
    spec: &Spec,
    docs: &ApiDocs,
    selection: &Selection,
) -> Result<ImportReport, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut findings = Vec::new();
    let mut seed_only: Vec<seed::SeedEntry> = Vec::new();
    let want = |w: Wanted, list: &mut Vec<Wanted>| {
        if !list.iter().any(|x| x.name == w.name) {
            list.push(w);
        }
    };
    match selection {
        Selection::Actions(names) => {
            for n in names {
                if docs.has_action(n) {
                    want(
                        Wanted {
                            name: n.clone(),
                            seed_spelling: None,
                            seed_entry: None,
                        },
                        &mut wanted,
                    );
                } else {
                    let hint = nearest(docs, n)
                        .map(|c| format!(" (did you mean {c}?)"))
                        .unwrap_or_default();
                    errors.push(ImportError {
                        action: n.clone(),
                        path: String::new(),
                        message: format!("not an action in the metadata{hint}"),
                    });
                }
            }
        }
        Selection::Group(title) => match docs.directory_actions(title) {
            Some(names) => {
                for n in names {
                    want(
                        Wanted {
                            name: n.clone(),
                            seed_spelling: None,
                            seed_entry: None,
                        },
                        &mut wanted,
                    );
                }
            }
            None => {
                let titles: Vec<&str> = docs
                    .directories()
                    .iter()
                    .map(|d| d.title.as_str())
                    .collect();
                errors.push(file_error(format!(
                    "no directory titled \"{title}\"; the metadata has: {}",
                    titles.join(", ")
                )));
            }
        },
        Selection::NamedInSeed(seed) => {
            let verbs = docs.verbs();
            for name in seed.all_names() {
                let entry = seed.entry(&name).cloned();
                if docs.has_action(&name) {
                    want(
                        Wanted {
                            name,
                            seed_spelling: None,
                            seed_entry: entry,
                        },
                        &mut wanted,
                    );
                    continue;
                }
                let outcome = if spec.action(&name).is_some() {
                    SeedOutcome::KeptUnlisted
                } else if let Some(a) = spec.actions.iter().find(|a| a.aliases.contains(&name)) {
                    SeedOutcome::AliasOf(a.name.clone())
                } else if !verbs.contains(&first_word(&name)) {
                    SeedOutcome::NotAnAction
                } else if let Some(real) = nearest(docs, &name).filter(|r| !seed_names_it(seed, r))
                {
                    want(
                        Wanted {
                            name: real.to_owned(),
                            seed_spelling: Some(name.clone()),
                            seed_entry: entry,
                        },
                        &mut wanted,
                    );
                    SeedOutcome::Typo(real.to_owned())
                } else if let Some(e) = entry {
                    seed_only.push(e);
                    SeedOutcome::AddedFromSeed
                } else {
                    SeedOutcome::Unresolved
                };
                findings.push(SeedFinding { name, outcome });
            }
        }
    }

    let mut out = spec.clone();
    // Types shared by imported actions that are being imported again are
    // made anew below: free their names first.
    share::prune_unused(&mut out);
    let mut namer = TypeNamer::for_spec(&out);
    let mut added = Vec::new();
    let mut added_groups = Vec::new();
    let mut compared = Vec::new();
    for w in &wanted {
        let Some(api) = docs.api(&w.name) else {
            continue; // checked above
        };
        let group = match group_for(&mut out, docs, w, &mut added_groups) {
            Ok(g) => g,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let existing = spec
            .action(&w.name)
            .or_else(|| spec.actions.iter().find(|a| a.aliases.contains(&w.name)));
        let mut meta = ActionMeta {
            group,
            summary: summary(&w.name, w.seed_entry.as_ref()),
            source: SOURCE.to_owned(),
            aliases: Vec::new(),
            notes: Vec::new(),
        };
        if let Some(typo) = &w.seed_spelling {
            meta.aliases.push(typo.clone());
            meta.notes.push(format!(
                "The seed (2018) spells it `{typo}`; the vendor metadata (2024) names it `{}`.",
                w.name
            ));
        }
        // Existing actions are converted with a scratch namer: their
        // version is only compared, so it must not take names.
        let mut scratch;
        let namer_for = if existing.is_some() {
            scratch = namer.clone();
            &mut scratch
        } else {
            &mut namer
        };
        match convert::convert_action(&w.name, api, &meta, namer_for) {
            Ok(action) => match existing {
                Some(ours) => compared.push(compare::compare(spec, ours, &action)),
                None => {
                    added.push(action.name.clone());
                    out.actions.push(action);
                }
            },
            Err(e) => errors.extend(e),
        }
    }

    let mut added_from_seed = Vec::new();
    for e in &seed_only {
        if out.action(&e.name).is_some() {
            continue;
        }
        let group = out
            .groups
            .iter()
            .find(|g| g.title == e.section)
            .map(|g| g.name.clone());
        let Some(group) = group else {
            errors.push(ImportError {
                action: e.name.clone(),
                path: String::new(),
                message: format!("the seed's section \"{}\" matches no group", e.section),
            });
            continue;
        };
        namer.reserve_action(&e.name);
        out.actions.push(seed_only_action(e, group));
        added_from_seed.push(e.name.clone());
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    out.actions.sort_by(|a, b| a.name.cmp(&b.name));
    added.sort();
    let shared_types = share::share_identical_structs(&mut out);
    // Never hand back a spec the loader rejects: check its canonical text.
    let text = crate::write::to_json(&out);
    let spec = crate::load::parse(&text).map_err(|errs| {
        errs.into_iter()
            .map(|e| {
                let mut parts = e.path.splitn(3, '.');
                let (head, action, rest) = (parts.next(), parts.next(), parts.next());
                match (head, action) {
                    (Some("actions"), Some(a)) => ImportError {
                        action: a.to_owned(),
                        path: rest.unwrap_or_default().to_owned(),
                        message: format!("the merged spec does not validate: {}", e.message),
                    },
                    _ => ImportError {
                        action: String::new(),
                        path: e.path,
                        message: format!("the merged spec does not validate: {}", e.message),
                    },
                }
            })
            .collect::<Vec<_>>()
    })?;
    Ok(ImportReport {
        spec,
        added,
        refreshed: Vec::new(),
        added_from_seed,
        added_groups,
        shared_types,
        compared,
        seed_findings: findings,
    })
}

/// Whether the seed uses `name` itself (then it is no typo's target).
fn seed_names_it(seed: &SeedNames, name: &str) -> bool {
    seed.all_names().iter().any(|n| n == name)
}

/// The metadata action closest to `name`, if it is a likely misspelling
/// (at most two edits, and at most one per eight characters).
fn nearest<'d>(docs: &'d ApiDocs, name: &str) -> Option<&'d str> {
    let limit = (name.len() / 8).clamp(1, 2);
    let mut best: Option<(usize, &str)> = None;
    for n in docs.action_names() {
        let d = seed::edit_distance(name, n);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, n));
        }
    }
    best.map(|(_, n)| n)
}

/// The group an action goes to: the seed's section if the seed names it,
/// else our group for its vendor directory (added to `spec` if new).
fn group_for(
    spec: &mut Spec,
    docs: &ApiDocs,
    w: &Wanted,
    added: &mut Vec<String>,
) -> Result<String, ImportError> {
    if let Some(e) = &w.seed_entry
        && let Some(g) = spec.groups.iter().find(|g| g.title == e.section)
    {
        return Ok(g.name.clone());
    }
    let err = |message: String| ImportError {
        action: w.name.clone(),
        path: String::new(),
        message,
    };
    let title = docs
        .top_directory(&w.name)
        .ok_or_else(|| err("no directory of the metadata lists this action".into()))?;
    let name = DIRECTORY_GROUPS
        .iter()
        .find(|(t, _)| *t == title)
        .map(|(_, n)| *n)
        .ok_or_else(|| {
            err(format!(
                "no group name is known for the directory \"{title}\"; add one to DIRECTORY_GROUPS"
            ))
        })?;
    if !spec.groups.iter().any(|g| g.name == name) {
        spec.groups.push(Group {
            name: name.to_owned(),
            title: title.to_owned(),
            description: format!(
                "Actions the vendor metadata (2024) files under \"{title}\" (imported)."
            ),
        });
        added.push(name.to_owned());
    }
    Ok(name.to_owned())
}

/// `AddLiveAppSnapshotConfig` → `Add live app snapshot config`; acronyms
/// (`SEI`, `RTS`) stay upper-case.
pub fn humanize(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let words: Vec<String> = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let acronym = w.len() > 1 && w.chars().all(|c| !c.is_ascii_lowercase());
            if acronym || i == 0 {
                w
            } else {
                w.to_ascii_lowercase()
            }
        })
        .collect();
    words.join(" ")
}

/// The seed's description with an English rendering of the name, or a
/// mechanical summary when the seed does not describe the action.
fn summary(name: &str, entry: Option<&seed::SeedEntry>) -> String {
    match entry {
        Some(e) => format!("{} — {}.", e.description, humanize(name)),
        None => format!("Calls the `{name}` action."),
    }
}

/// An action only the seed's chapter 1 names: what is known is its name,
/// group and description; every action answers with a `RequestId`.
fn seed_only_action(e: &seed::SeedEntry, group: String) -> Action {
    Action {
        name: e.name.clone(),
        group,
        summary: summary(&e.name, Some(e)),
        description: String::new(),
        source: SEED_OVERVIEW_SOURCE.to_owned(),
        aliases: Vec::new(),
        notes: vec![format!(
            "Named only in the seed's chapter 1 table ({}); the vendor metadata (2024) no longer \
             lists it, so its parameters and response beyond `RequestId` are unknown.",
            e.section
        )],
        params: Vec::new(),
        rules: Vec::new(),
        response: vec![Member {
            name: "RequestId".into(),
            rust_name: None,
            shape: Shape::String,
            style: Style::Plain,
            required: false,
            default: None,
            description: "The `RequestId` field.".into(),
            example: None,
            constraints: Default::default(),
            aliases: Vec::new(),
            notes: Vec::new(),
        }],
        pagination: None,
        errors: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanizes_action_names() {
        assert_eq!(
            humanize("AddLiveAppSnapshotConfig"),
            "Add live app snapshot config"
        );
        assert_eq!(humanize("AddTrancodeSEI"), "Add trancode SEI");
        assert_eq!(
            humanize("DescribeRTSNativeSDKVvData"),
            "Describe RTS native SDK vv data"
        );
    }

    #[test]
    fn first_word_is_the_verb() {
        assert_eq!(first_word("DescribeLiveDomainLog"), "Describe");
        assert_eq!(first_word("CallBack"), "Call");
        assert_eq!(first_word("Add"), "Add");
    }
}

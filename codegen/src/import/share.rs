//! One named type for identical inline structs of imported actions.
//!
//! The vendor metadata describes a struct anew in every action that uses it
//! (AddCasterLayout's and ModifyCasterLayout's `VideoLayer` items, say), so
//! the conversion names each copy after its action. Where copies agree in
//! everything but descriptions — member names, types, styles, required
//! flags, defaults, constraints, notes, nesting — [`share_identical_structs`]
//! puts one entry in `types` and makes every copy reference it: users pass
//! one Rust type to both actions. Innermost structs are shared first, so
//! structs that differ only in the names of their nested copies match too.
//! Hand-transcribed actions are never touched.

use std::collections::HashMap;

use super::convert::{TypeNamer, upper_camel};
use super::is_imported;
use crate::model::{Member, NamedType, Shape, Spec};

/// How the description of every type made here starts (also how a later
/// import recognises them).
pub const SHARED_DESCRIPTION: &str = "One type for identical inline structs of imported actions:";

const SHARED_NOTE: &str = "Imported: the vendor metadata describes this struct separately in \
     each place listed; the copies agree in member names, types, constraints and nesting \
     (descriptions aside), so the spec names it once.";

/// Whether `t` was made by [`share_identical_structs`].
pub fn is_shared_by_import(t: &NamedType) -> bool {
    t.description.starts_with(SHARED_DESCRIPTION)
}

/// Drops the types [`share_identical_structs`] made that no action or
/// callback references any more (the imported actions using them were taken
/// out to be imported again), so that their names are free again.
pub fn prune_unused(spec: &mut Spec) {
    // Until nothing changes: a shared type may only be used by another one.
    loop {
        let mut used = Vec::new();
        for a in &spec.actions {
            for m in a.params.iter().chain(&a.response) {
                refs(&m.shape, &mut used);
            }
        }
        for c in &spec.callbacks {
            for m in c.request.iter().chain(&c.response) {
                refs(&m.shape, &mut used);
            }
        }
        for t in &spec.types {
            refs(&t.shape, &mut used);
        }
        let before = spec.types.len();
        spec.types
            .retain(|t| !is_shared_by_import(t) || used.contains(&t.name));
        if spec.types.len() == before {
            return;
        }
    }
}

fn refs(shape: &Shape, out: &mut Vec<String>) {
    match shape {
        Shape::Ref(n) => out.push(n.clone()),
        Shape::Struct { fields, .. } => fields.iter().for_each(|f| refs(&f.shape, out)),
        Shape::List { items, .. } => refs(items, out),
        Shape::Map { values } => refs(values, out),
        _ => {}
    }
}

/// One inline struct of an imported action that holds no inline struct.
struct Occurrence {
    action: String,
    /// Member names from the action's parameter or field down to the struct.
    place: String,
    type_name: String,
    shape: Shape,
}

/// Shares identical inline structs of the imported actions (see the module
/// docs); returns the names of the types added, in the order added.
pub fn share_identical_structs(spec: &mut Spec) -> Vec<String> {
    let mut added = Vec::new();
    loop {
        let mut found = Vec::new();
        for a in spec.actions.iter().filter(|a| is_imported(a)) {
            for m in a.params.iter().chain(&a.response) {
                leaves(&a.name, &m.name, &m.shape, &mut found);
            }
        }
        // Groups of identical copies, in spec order; a copy identical to a
        // type shared earlier joins it.
        let mut groups: Vec<(Shape, Option<usize>, Vec<Occurrence>)> = Vec::new();
        for o in found {
            let key = normalized(&o.shape);
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.2.push(o),
                None => {
                    let existing = spec
                        .types
                        .iter()
                        .position(|t| is_shared_by_import(t) && normalized(&t.shape) == key);
                    groups.push((key, existing, vec![o]));
                }
            }
        }
        groups.retain(|g| g.1.is_some() || g.2.len() > 1);
        if groups.is_empty() {
            return added;
        }

        let mut namer = TypeNamer::for_spec(spec);
        for g in &groups {
            for o in &g.2 {
                namer.release(&o.type_name);
                for_each_enum_name(&o.shape, &mut |n| namer.release(n));
            }
        }
        let mut renamed: HashMap<String, String> = HashMap::new();
        for (_, existing, copies) in groups {
            let places: Vec<String> = copies
                .iter()
                .map(|o| format!("{} `{}`", o.action, o.place))
                .collect();
            let name = match existing {
                Some(i) => {
                    let t = &mut spec.types[i];
                    t.description = format!(
                        "{}, {}.",
                        t.description.trim_end_matches('.'),
                        places.join(", ")
                    );
                    t.name.clone()
                }
                None => {
                    let name = namer.claim(&[candidate(&copies)]);
                    spec.types.push(NamedType {
                        name: name.clone(),
                        description: format!("{SHARED_DESCRIPTION} {}.", places.join(", ")),
                        shape: merged(&name, &copies, &mut namer),
                        notes: vec![SHARED_NOTE.to_owned()],
                    });
                    added.push(name.clone());
                    name
                }
            };
            for o in copies {
                renamed.insert(o.type_name, name.clone());
            }
        }
        for a in spec.actions.iter_mut().filter(|a| is_imported(a)) {
            for m in a.params.iter_mut().chain(a.response.iter_mut()) {
                replace(&mut m.shape, &renamed);
            }
        }
    }
}

/// Collects the inline structs under `shape` that hold no inline struct.
fn leaves(action: &str, place: &str, shape: &Shape, out: &mut Vec<Occurrence>) {
    match shape {
        Shape::Struct { type_name, fields } => {
            if fields.iter().any(|f| has_struct(&f.shape)) {
                for f in fields {
                    leaves(action, &format!("{place}.{}", f.name), &f.shape, out);
                }
            } else if let Some(n) = type_name {
                out.push(Occurrence {
                    action: action.to_owned(),
                    place: place.to_owned(),
                    type_name: n.clone(),
                    shape: shape.clone(),
                });
            }
        }
        Shape::List { items, .. } => leaves(action, place, items, out),
        Shape::Map { values } => leaves(action, place, values, out),
        _ => {}
    }
}

fn has_struct(shape: &Shape) -> bool {
    match shape {
        Shape::Struct { .. } => true,
        Shape::List { items, .. } => has_struct(items),
        Shape::Map { values } => has_struct(values),
        _ => false,
    }
}

/// The shape with what may differ between copies cleared: type names of
/// the struct and its inline enums, and descriptions.
fn normalized(shape: &Shape) -> Shape {
    let mut s = shape.clone();
    clear(&mut s);
    s
}

fn clear(shape: &mut Shape) {
    match shape {
        Shape::Struct { type_name, fields } => {
            *type_name = None;
            for f in fields {
                f.description.clear();
                clear(&mut f.shape);
            }
        }
        Shape::Enum { type_name, values } => {
            *type_name = None;
            values.iter_mut().for_each(|v| v.description.clear());
        }
        Shape::List { items, .. } => clear(items),
        Shape::Map { values } => clear(values),
        _ => {}
    }
}

fn for_each_enum_name(shape: &Shape, f: &mut impl FnMut(&str)) {
    match shape {
        Shape::Enum {
            type_name: Some(n), ..
        } => f(n),
        Shape::Struct { fields, .. } => fields.iter().for_each(|m| for_each_enum_name(&m.shape, f)),
        Shape::List { items, .. } => for_each_enum_name(items, f),
        Shape::Map { values } => for_each_enum_name(values, f),
        _ => {}
    }
}

/// The first copy as a named type: a member whose copies describe it
/// differently gets a neutral description, inline enums are named after
/// the shared type.
fn merged(name: &str, copies: &[Occurrence], namer: &mut TypeNamer) -> Shape {
    let field_lists: Vec<&[Member]> = copies
        .iter()
        .map(|o| match &o.shape {
            Shape::Struct { fields, .. } => fields.as_slice(),
            _ => &[],
        })
        .collect();
    let mut fields = field_lists[0].to_vec();
    for (i, f) in fields.iter_mut().enumerate() {
        if field_lists
            .iter()
            .any(|l| l.get(i).is_some_and(|g| g.description != f.description))
        {
            f.description = format!("The `{}` member.", f.name);
        }
        let base = format!("{name}{}", upper_camel(&f.name).unwrap_or_default());
        rename_enums(&mut f.shape, &base, namer);
    }
    Shape::Struct {
        type_name: None,
        fields,
    }
}

fn rename_enums(shape: &mut Shape, base: &str, namer: &mut TypeNamer) {
    match shape {
        Shape::Enum { type_name, .. } => *type_name = Some(namer.claim(&[base.to_owned()])),
        Shape::List { items, .. } => rename_enums(items, base, namer),
        Shape::Map { values } => rename_enums(values, base, namer),
        _ => {}
    }
}

/// A readable name for the copies: the words their names share at the end,
/// after the words they share at the start once each action's verb is
/// dropped (`AddCasterLayoutVideoLayer`, `ModifyCasterLayoutVideoLayer` →
/// `CasterLayoutVideoLayer`; `DescribeCasterScenesStreamInfo`,
/// `StartCasterStreamInfo` → `CasterStreamInfo`).
fn candidate(copies: &[Occurrence]) -> String {
    let word_lists: Vec<Vec<&str>> = copies
        .iter()
        .map(|o| {
            let name = o.type_name.as_str();
            // `<Action><Member>` without the verb; a name chosen otherwise whole.
            let rest = if name.starts_with(o.action.as_str()) {
                &name[super::first_word(&o.action).len()..]
            } else {
                name
            };
            words(rest)
        })
        .collect();
    let shortest = word_lists.iter().map(Vec::len).min().unwrap_or(0);
    let suffix = (0..shortest)
        .take_while(|&k| {
            let w = word_lists[0][word_lists[0].len() - 1 - k];
            word_lists.iter().all(|l| l[l.len() - 1 - k] == w)
        })
        .count();
    let rests: Vec<&[&str]> = word_lists.iter().map(|l| &l[..l.len() - suffix]).collect();
    let shortest_rest = rests.iter().map(|r| r.len()).min().unwrap_or(0);
    let prefix = (0..shortest_rest)
        .take_while(|&k| rests.iter().all(|r| r[k] == rests[0][k]))
        .count();
    let first = &word_lists[0];
    let name: String = first[..prefix]
        .iter()
        .chain(&first[first.len() - suffix..])
        .copied()
        .collect();
    if suffix == 0 || name.is_empty() {
        copies[0].type_name.clone()
    } else {
        name
    }
}

/// `CasterLayoutVideoLayer` → `Caster`, `Layout`, `Video`, `Layer`.
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

fn replace(shape: &mut Shape, renamed: &HashMap<String, String>) {
    match shape {
        Shape::Struct { type_name, fields } => {
            if let Some(new) = type_name.as_deref().and_then(|n| renamed.get(n)) {
                *shape = Shape::Ref(new.clone());
                return;
            }
            fields
                .iter_mut()
                .for_each(|f| replace(&mut f.shape, renamed));
        }
        Shape::List { items, .. } => replace(items, renamed),
        Shape::Map { values } => replace(values, renamed),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Constraints, EnumValue, Style};

    fn member(name: &str, shape: Shape) -> Member {
        Member {
            name: name.into(),
            rust_name: None,
            shape,
            style: Style::Plain,
            required: false,
            default: None,
            description: format!("The `{name}` parameter."),
            example: None,
            constraints: Constraints::default(),
            aliases: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn layer(type_name: &str, max: Option<f64>) -> Shape {
        let mut rate = member("VolumeRate", Shape::Float);
        rate.constraints.max = max;
        Shape::Struct {
            type_name: Some(type_name.into()),
            fields: vec![member("ValidChannel", Shape::String), rate],
        }
    }

    fn list_param(name: &str, items: Shape) -> Member {
        let mut m = member(
            name,
            Shape::List {
                items: Box::new(items),
                wrapper: None,
            },
        );
        m.style = Style::RepeatList;
        m
    }

    fn action(name: &str, source: &str, params: Vec<Member>) -> Action {
        Action {
            name: name.into(),
            group: "snapshot".into(),
            summary: "Test.".into(),
            description: String::new(),
            source: source.into(),
            aliases: Vec::new(),
            notes: Vec::new(),
            params,
            rules: Vec::new(),
            response: vec![member("RequestId", Shape::String)],
            pagination: None,
            errors: Vec::new(),
        }
    }

    fn spec(actions: Vec<Action>) -> Spec {
        // The import tests' fixture: a valid service, groups and types.
        let mut s = crate::load::parse(include_str!("../../tests/import_fixtures/spec.json"))
            .unwrap_or_else(|e| panic!("{e:#?}"));
        s.actions = actions;
        s.types.clear();
        s
    }

    fn item_shape<'a>(s: &'a Spec, action: &str, param: &str) -> &'a Shape {
        let a = s.action(action).expect("action");
        match &a.param(param).expect("param").shape {
            Shape::List { items, .. } => items,
            other => other,
        }
    }

    #[test]
    fn identical_copies_share_one_named_type() {
        let mut s = spec(vec![
            action(
                "AddCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    layer("AddCasterLayoutAudioLayer", Some(10.0)),
                )],
            ),
            action(
                "ModifyCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    layer("ModifyCasterLayoutAudioLayer", Some(10.0)),
                )],
            ),
        ]);
        // Descriptions may differ: they are not compared.
        if let Shape::List { items, .. } = &mut s.actions[1].params[0].shape
            && let Shape::Struct { fields, .. } = items.as_mut()
        {
            fields[0].description = "The `ValidChannel` field.".into();
        }
        let added = share_identical_structs(&mut s);
        assert_eq!(added, vec!["CasterLayoutAudioLayer"]);
        for a in ["AddCasterLayout", "ModifyCasterLayout"] {
            assert_eq!(
                item_shape(&s, a, "AudioLayer"),
                &Shape::Ref("CasterLayoutAudioLayer".into())
            );
        }
        let t = &s.types[0];
        assert!(is_shared_by_import(t));
        assert!(t.description.contains("AddCasterLayout `AudioLayer`"));
        assert!(t.description.contains("ModifyCasterLayout `AudioLayer`"));
        let Shape::Struct { type_name, fields } = &t.shape else {
            panic!("not a struct: {:?}", t.shape);
        };
        assert_eq!(type_name, &None);
        assert_eq!(fields[0].description, "The `ValidChannel` member.");
        assert_eq!(fields[1].description, "The `VolumeRate` parameter.");
        assert_eq!(fields[1].constraints.max, Some(10.0));
        // The result is a valid spec.
        crate::load::parse(&crate::write::to_json(&s)).unwrap_or_else(|e| panic!("{e:#?}"));
        // Running again changes nothing.
        let before = s.clone();
        assert!(share_identical_structs(&mut s).is_empty());
        assert_eq!(s, before);
    }

    #[test]
    fn copies_differing_in_one_constraint_stay_apart() {
        let mut s = spec(vec![
            action(
                "AddCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    layer("AddCasterLayoutAudioLayer", Some(10.0)),
                )],
            ),
            action(
                "ModifyCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    layer("ModifyCasterLayoutAudioLayer", Some(11.0)),
                )],
            ),
        ]);
        let before = s.clone();
        assert!(share_identical_structs(&mut s).is_empty());
        assert_eq!(s, before);
    }

    #[test]
    fn hand_transcribed_actions_are_left_alone() {
        let mut s = spec(vec![
            action(
                "AddCasterLayout",
                "seed 5.1",
                vec![list_param(
                    "AudioLayer",
                    layer("AddCasterLayoutAudioLayer", None),
                )],
            ),
            action(
                "ModifyCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    layer("ModifyCasterLayoutAudioLayer", None),
                )],
            ),
        ]);
        let before = s.clone();
        assert!(share_identical_structs(&mut s).is_empty());
        assert_eq!(s, before);
    }

    #[test]
    fn names_are_deterministic_and_avoid_collisions() {
        let copies = |names: &[(&str, &str)]| -> Vec<Occurrence> {
            names
                .iter()
                .map(|(a, t)| Occurrence {
                    action: (*a).into(),
                    place: String::new(),
                    type_name: (*t).into(),
                    shape: Shape::String,
                })
                .collect()
        };
        assert_eq!(
            candidate(&copies(&[
                ("DescribeCasterScenes", "DescribeCasterScenesStreamInfo"),
                (
                    "DescribeCasterStreamUrl",
                    "DescribeCasterStreamUrlStreamInfo"
                ),
                ("StartCaster", "StartCasterStreamInfo"),
            ])),
            "CasterStreamInfo"
        );
        // Nothing in common at the end: the first copy's name.
        assert_eq!(
            candidate(&copies(&[("AddA", "AddAFoo"), ("AddB", "AddBBar")])),
            "AddAFoo"
        );

        // `CasterLayoutAudioLayer` is taken (by a hand-written type here):
        // the shared type gets a number, and its inline enum a name after it.
        let mode = |type_name: &str| Shape::Enum {
            type_name: Some(type_name.into()),
            values: vec![EnumValue {
                value: "all".into(),
                rust_name: None,
                description: String::new(),
            }],
        };
        let with_enum = |type_name: &str, enum_name: &str| Shape::Struct {
            type_name: Some(type_name.into()),
            fields: vec![member("Mode", mode(enum_name))],
        };
        let mut s = spec(vec![
            action(
                "AddCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    with_enum("AddCasterLayoutAudioLayer", "AddCasterLayoutAudioLayerMode"),
                )],
            ),
            action(
                "ModifyCasterLayout",
                crate::import::SOURCE,
                vec![list_param(
                    "AudioLayer",
                    with_enum(
                        "ModifyCasterLayoutAudioLayer",
                        "ModifyCasterLayoutAudioLayerMode",
                    ),
                )],
            ),
        ]);
        s.types.push(NamedType {
            name: "CasterLayoutAudioLayer".into(),
            description: "Hand-written.".into(),
            shape: mode("Unused"),
            notes: Vec::new(),
        });
        s.types[0].shape = Shape::Enum {
            type_name: None,
            values: vec![EnumValue {
                value: "x".into(),
                rust_name: None,
                description: String::new(),
            }],
        };
        let again = s.clone();
        assert_eq!(
            share_identical_structs(&mut s),
            vec!["CasterLayoutAudioLayer2"]
        );
        let Shape::Struct { fields, .. } = &s.types[1].shape else {
            panic!("not a struct");
        };
        assert!(
            matches!(&fields[0].shape, Shape::Enum { type_name: Some(n), .. } if n == "CasterLayoutAudioLayer2Mode")
        );
        crate::load::parse(&crate::write::to_json(&s)).unwrap_or_else(|e| panic!("{e:#?}"));
        // Same input, same output.
        let mut again = again;
        share_identical_structs(&mut again);
        assert_eq!(again, s);
    }

    #[test]
    fn nested_copies_are_shared_first_and_stale_types_pruned() {
        let outer = |action: &str| Shape::Struct {
            type_name: Some(format!("{action}Scene")),
            fields: vec![
                member("SceneId", Shape::String),
                member(
                    "StreamInfos",
                    Shape::List {
                        items: Box::new(layer(&format!("{action}StreamInfo"), None)),
                        wrapper: None,
                    },
                ),
            ],
        };
        let mut s = spec(vec![
            action(
                "StartCaster",
                crate::import::SOURCE,
                vec![list_param("Scene", outer("StartCaster"))],
            ),
            action(
                "StopCaster",
                crate::import::SOURCE,
                vec![list_param("Scene", outer("StopCaster"))],
            ),
        ]);
        let added = share_identical_structs(&mut s);
        assert_eq!(added, vec!["CasterStreamInfo", "CasterScene"]);
        assert_eq!(
            item_shape(&s, "StopCaster", "Scene"),
            &Shape::Ref("CasterScene".into())
        );
        crate::load::parse(&crate::write::to_json(&s)).unwrap_or_else(|e| panic!("{e:#?}"));

        // Without the actions using them, the shared types go away.
        s.actions.clear();
        prune_unused(&mut s);
        assert!(s.types.is_empty());
    }
}

//! Unit tests on specs built in Rust (the golden tests under
//! `codegen/tests/diff_cases/` cover the same ground from JSON files).

use super::*;
use crate::model::*;

fn member(name: &str, shape: Shape) -> Member {
    Member {
        name: name.into(),
        rust_name: None,
        shape,
        style: Style::Plain,
        required: false,
        default: None,
        description: String::new(),
        example: None,
        constraints: Constraints::default(),
        aliases: Vec::new(),
        notes: Vec::new(),
    }
}

fn action(name: &str, params: Vec<Member>, response: Vec<Member>) -> Action {
    Action {
        name: name.into(),
        group: "record".into(),
        summary: "s".into(),
        description: String::new(),
        source: "seed".into(),
        aliases: Vec::new(),
        notes: Vec::new(),
        params,
        rules: Vec::new(),
        response,
        pagination: None,
        errors: Vec::new(),
    }
}

fn spec(actions: Vec<Action>) -> Spec {
    Spec {
        format_version: 1,
        service: Service {
            product: "live".into(),
            api_version: "2016-11-01".into(),
            endpoint: "live.aliyuncs.com".into(),
            description: String::new(),
            regions: Vec::new(),
            protocols: vec!["HTTPS".into()],
            methods: vec!["GET".into()],
            signature: SignatureInfo {
                method: "HMAC-SHA1".into(),
                version: "1.0".into(),
            },
            common_params: Vec::new(),
            error_fields: Vec::new(),
            common_errors: Vec::new(),
            notes: Vec::new(),
        },
        groups: vec![Group {
            name: "record".into(),
            title: "t".into(),
            description: String::new(),
        }],
        types: Vec::new(),
        actions,
        callbacks: Vec::new(),
    }
}

fn kinds(d: &SpecDiff) -> Vec<(Kind, &str, Class)> {
    d.changes
        .iter()
        .map(|c| (c.kind, c.path.as_str(), c.class))
        .collect()
}

#[test]
fn identical_specs_have_no_changes() {
    let s = spec(vec![action("A", vec![member("P", Shape::String)], vec![])]);
    assert!(diff(&s, &s).changes.is_empty());
}

#[test]
fn required_param_added_is_breaking_optional_is_not() {
    let old = spec(vec![action("A", vec![], vec![])]);
    let mut req = member("R", Shape::String);
    req.required = true;
    let new = spec(vec![action(
        "A",
        vec![req, member("O", Shape::Integer)],
        vec![],
    )]);
    assert_eq!(
        kinds(&diff(&old, &new)),
        vec![
            (Kind::ParamAdded, "actions.A.params.R", Class::Breaking),
            (Kind::ParamAdded, "actions.A.params.O", Class::Compatible),
        ]
    );
}

#[test]
fn nested_response_fields_have_list_paths() {
    let inner = |name_shape: Shape| {
        member(
            "Outer",
            Shape::List {
                items: Box::new(Shape::Struct {
                    type_name: None,
                    fields: vec![member(
                        "Inner",
                        Shape::List {
                            items: Box::new(Shape::Struct {
                                type_name: None,
                                fields: vec![member("Name", name_shape)],
                            }),
                            wrapper: None,
                        },
                    )],
                }),
                wrapper: Some("Outer".into()),
            },
        )
    };
    let old = spec(vec![action("A", vec![], vec![inner(Shape::String)])]);
    let new = spec(vec![action("A", vec![], vec![inner(Shape::Long)])]);
    let d = diff(&old, &new);
    assert_eq!(
        kinds(&d),
        vec![(
            Kind::TypeChanged,
            "actions.A.response.Outer[].Inner[].Name.type",
            Class::Breaking
        )]
    );
    assert_eq!(d.changes[0].old.as_deref(), Some("string"));
    assert_eq!(d.changes[0].new.as_deref(), Some("long"));
}

#[test]
fn range_narrowing_breaks_widening_does_not() {
    let with = |min, max| {
        let mut m = member("PageSize", Shape::Integer);
        m.constraints.min = min;
        m.constraints.max = max;
        spec(vec![action("A", vec![m], vec![])])
    };
    let d = diff(&with(Some(5.0), Some(30.0)), &with(Some(1.0), Some(20.0)));
    assert_eq!(
        kinds(&d),
        vec![
            (
                Kind::ConstraintChanged,
                "actions.A.params.PageSize.constraints.min",
                Class::Compatible
            ),
            (
                Kind::ConstraintChanged,
                "actions.A.params.PageSize.constraints.max",
                Class::Breaking
            ),
        ]
    );
    assert_eq!(d.changes[1].old.as_deref(), Some("30"));
    let d = diff(&with(None, None), &with(None, Some(10.0)));
    assert_eq!(d.changes[0].class, Class::Breaking);
    let d = diff(&with(None, Some(10.0)), &with(None, None));
    assert_eq!(d.changes[0].class, Class::Compatible);
}

#[test]
fn rename_by_alias_and_by_shape() {
    let p = || vec![member("P", Shape::String)];
    let old = spec(vec![
        action("Old1", p(), vec![]),
        action("Old2", vec![member("Q", Shape::Long)], vec![]),
    ]);
    let mut renamed = action("New1", p(), vec![]);
    renamed.aliases = vec!["Old1".into()];
    let new = spec(vec![
        renamed,
        action("New2", vec![member("Q", Shape::Long)], vec![]),
    ]);
    let d = diff(&old, &new);
    let got: Vec<(Kind, Option<&str>, Option<&str>)> = d
        .changes
        .iter()
        .map(|c| (c.kind, c.old.as_deref(), c.new.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Kind::ActionRenamed, Some("Old1"), Some("New1")),
            (Kind::ActionRenamed, Some("Old2"), Some("New2")),
        ]
    );
}

#[test]
fn named_type_change_is_classified_by_use() {
    // A required field added to a struct only used in responses is compatible;
    // once the struct is also a request parameter, it is breaking.
    let t = |fields| NamedType {
        name: "Fmt".into(),
        description: String::new(),
        shape: Shape::Struct {
            type_name: None,
            fields,
        },
        notes: Vec::new(),
    };
    let mut req = member("New", Shape::String);
    req.required = true;
    let build = |fields, as_param: bool| {
        let r = member("F", Shape::Ref("Fmt".into()));
        let a = if as_param {
            action("A", vec![r.clone()], vec![r])
        } else {
            action("A", vec![], vec![r])
        };
        let mut s = spec(vec![a]);
        s.types = vec![t(fields)];
        s
    };
    let d = diff(&build(vec![], false), &build(vec![req.clone()], false));
    assert_eq!(
        kinds(&d),
        vec![(Kind::FieldAdded, "types.Fmt.New", Class::Compatible)]
    );
    assert_eq!(
        d.type_uses.get("Fmt"),
        Some(&vec!["actions.A.response.F".to_string()])
    );
    let d = diff(&build(vec![], true), &build(vec![req], true));
    assert_eq!(
        kinds(&d),
        vec![(Kind::FieldAdded, "types.Fmt.New", Class::Breaking)]
    );
}

#[test]
fn docs_only_changes_are_docs() {
    let old = spec(vec![action("A", vec![member("P", Shape::String)], vec![])]);
    let mut new = old.clone();
    new.actions[0].summary = "other".into();
    new.actions[0].params[0].description = "changed".into();
    let d = diff(&old, &new);
    assert!(d.changes.iter().all(|c| c.class == Class::Docs), "{d:?}");
    assert_eq!(d.changes.len(), 2);
    assert!(!d.has_breaking());
}

#[test]
fn markdown_and_json_render() {
    let old = spec(vec![action("A", vec![member("P", Shape::String)], vec![])]);
    let new = spec(vec![action("A", vec![], vec![])]);
    let report = Report {
        old_label: "old.json".into(),
        new_label: "new.json".into(),
        spec: diff(&old, &new),
        rust_api: RustApi::Skipped("test".into()),
    };
    let md = render::markdown(&report);
    assert!(md.contains("**1 breaking**, 0 compatible"), "{md}");
    assert!(
        md.contains("- **breaking** `params.P`: parameter removed (was `string`)"),
        "{md}"
    );
    let v: serde_json::Value = serde_json::from_str(&render::json(&report)).expect("valid JSON");
    assert_eq!(v["changes"][0]["kind"], "param_removed");
    assert_eq!(v["changes"][0]["breaking"], true);
    assert_eq!(v["summary"]["has_breaking"], true);
}

#[test]
fn map_values_have_brace_paths() {
    let with = |v: Shape| {
        spec(vec![action(
            "A",
            vec![],
            vec![member(
                "Info",
                Shape::Map {
                    values: Box::new(Shape::Struct {
                        type_name: None,
                        fields: vec![member("N", v)],
                    }),
                },
            )],
        )])
    };
    let d = diff(&with(Shape::Integer), &with(Shape::Float));
    assert_eq!(
        kinds(&d),
        vec![(
            Kind::TypeChanged,
            "actions.A.response.Info{}.N.type",
            Class::Breaking
        )]
    );
}

#[test]
fn a_breaking_rust_api_change_alone_makes_the_report_breaking() {
    let s = spec(vec![]);
    let mut report = Report {
        old_label: "a".into(),
        new_label: "b".into(),
        spec: diff(&s, &s),
        rust_api: RustApi::Changes(vec![ApiChange {
            kind: ApiChangeKind::Added,
            item: "generated::x::f".into(),
            old: None,
            new: Some("pub fn f()".into()),
        }]),
    };
    assert!(!report.has_breaking());
    report.rust_api = RustApi::Changes(vec![ApiChange {
        kind: ApiChangeKind::Changed,
        item: "generated::x::f".into(),
        old: Some("pub fn f()".into()),
        new: Some("pub fn f(x: i32)".into()),
    }]);
    assert!(report.has_breaking());
    let md = render::markdown(&report);
    assert!(md.contains("- pub fn f()\n+ pub fn f(x: i32)\n"), "{md}");
}

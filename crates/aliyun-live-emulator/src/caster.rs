//! The caster (导播台) family: casters and their layouts, video resources,
//! components, episodes, programs, scenes and channels, plus the caster-less
//! episode groups (轮播台 programs).
//!
//! Rules the emulator enforces (codes from the vendor metadata's errorCodes):
//! - every action naming a `CasterId` of no caster → `InvalidCaster.NotFound`
//!   (404); unknown layouts, resources, components, episodes and scenes →
//!   `InvalidLayout/Resource/Component/Episode/Scene.NotFound` (404);
//! - a caster starts only with a domain (`InvalidDomainName.NotFound`) and a
//!   template (`InvalidCasterTemplate.NotFound`) configured; starting a
//!   running caster is `IncorrectCasterStatus.Inuse`; stopping a stopped one
//!   succeeds (so a retried stop is harmless); a running caster cannot be
//!   deleted (`IncorrectCasterStatus.Inuse`);
//! - `StartCaster` starts the PGM scene; PVW scenes start with
//!   `StartCasterScene` once the caster runs (`IncorrectCasterStatus.Idle`);
//!   effects need a running scene (`IncorrectSceneStatus.Idle`);
//! - channels need `ChannelEnable=1`, which cannot be turned off again;
//! - resource episodes of a caster may not overlap in time.

use std::collections::BTreeMap;

use aliyun_live_codegen::model::{Member, Shape, Spec};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::state::{Ctx, Out, paginate};
use crate::timefmt;

/// Most casters an account may hold (`CasterNumberExceed` beyond).
const MAX_CASTERS: usize = 100;
/// Channel ids are `RV01`..`RV12`.
const MAX_CHANNELS: u32 = 12;

/// State of every caster of the account.
#[derive(Debug, Default)]
pub struct CasterState {
    /// In creation order.
    casters: Vec<Caster>,
    /// `ClientToken` of CreateCaster/CopyCaster → the caster it made, so a
    /// retried create returns the same caster instead of a second one.
    tokens: BTreeMap<String, String>,
    /// Episode groups by `ProgramId`, in creation order.
    groups: Vec<EpisodeGroup>,
    /// Source of ids: every id the family hands out is unique per emulator.
    seq: u64,
}

#[derive(Debug, Clone)]
struct Caster {
    /// DescribeCasters fields (`CasterId`, `CasterName`, `Status`...).
    info: Map<String, Value>,
    /// DescribeCasterConfig fields set by SetCasterConfig.
    config: Map<String, Value>,
    layouts: Vec<Map<String, Value>>,
    resources: Vec<Map<String, Value>>,
    components: Vec<Map<String, Value>>,
    /// Stored without `Status`: it follows from the clock.
    episodes: Vec<Map<String, Value>>,
    scenes: Vec<Scene>,
    /// Channel id → channel fields.
    channels: BTreeMap<String, Map<String, Value>>,
    /// Since when the caster runs, if it does.
    running_since: Option<OffsetDateTime>,
    /// Seconds run before `running_since`.
    run_secs: i64,
    /// When last modified, in the order of the family's id sequence:
    /// `LastModified` has only second resolution.
    modified: u64,
}

#[derive(Debug, Clone)]
struct Scene {
    id: String,
    name: String,
    /// `0` preview (PVW), `1` program output (PGM).
    output_type: i64,
    running: bool,
    layout_id: String,
    component_ids: Vec<String>,
    /// Set by UpdateCasterSceneAudio; `None` follows the layout.
    audio: Option<Map<String, Value>>,
}

#[derive(Debug, Clone)]
struct EpisodeGroup {
    program_id: String,
    client_token: String,
    item_ids: Vec<String>,
}

fn s(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// A number given as a JSON number or a numeric string (the service's JSON
/// parameters carry both).
fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Looks `key` up ignoring ASCII case: the vendor's JSON parameters mix
/// `casterTemplate` and `CasterTemplate`.
fn get_ci<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    o.get(key).or_else(|| {
        o.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn not_found(cx: &Ctx<'_>, what: &str) -> ApiError {
    cx.errs.make(
        &format!("Invalid{what}.NotFound"),
        404,
        format!("The specified {what} does not exist."),
    )
}

/// A kind of item a caster keeps in a list of objects: the field holding its
/// id and the name its `Invalid<what>.NotFound` error uses.
#[derive(Clone, Copy)]
struct Kind {
    key: &'static str,
    what: &'static str,
}

impl Kind {
    const fn new(key: &'static str, what: &'static str) -> Kind {
        Kind { key, what }
    }
}

const CASTER: Kind = Kind::new("CasterId", "Caster");
const LAYOUT: Kind = Kind::new("LayoutId", "Layout");
const RESOURCE: Kind = Kind::new("ResourceId", "Resource");
const COMPONENT: Kind = Kind::new("ComponentId", "Component");
const EPISODE: Kind = Kind::new("EpisodeId", "Episode");

/// Where the `kind` item with id `id` is in `items`, or its not-found error.
fn position(
    cx: &Ctx<'_>,
    items: &[Map<String, Value>],
    kind: Kind,
    id: &str,
) -> Result<usize, ApiError> {
    items
        .iter()
        .position(|m| s(m, kind.key) == id)
        .ok_or_else(|| not_found(cx, kind.what))
}

/// Removes the `kind` item named by the request's id parameter from `items`
/// and returns that id, or the item's not-found error.
fn remove_item<'c>(
    cx: &'c Ctx<'_>,
    items: &mut Vec<Map<String, Value>>,
    kind: Kind,
) -> Result<&'c str, ApiError> {
    let id = cx.req(kind.key)?;
    let i = position(cx, items, kind, id)?;
    items.remove(i);
    Ok(id)
}

/// Applies the request to a copy of the `kind` item it names, so a rejected
/// request leaves the item as it was; returns the item's id.
fn modify_item<'c>(
    cx: &'c Ctx<'_>,
    items: &mut [Map<String, Value>],
    kind: Kind,
    apply: fn(&Ctx<'_>, &mut Map<String, Value>) -> Result<(), ApiError>,
) -> Result<&'c str, ApiError> {
    let id = cx.req(kind.key)?;
    let i = position(cx, items, kind, id)?;
    let mut updated = items[i].clone();
    apply(cx, &mut updated)?;
    items[i] = updated;
    Ok(id)
}

/// The answer `{<kind's id field>: id}` of an add or modify.
fn id_answer(kind: Kind, id: &str) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert(kind.key.into(), json!(id));
    out
}

/// The answer `{Total, <field>: [...]}` of a Describe listing `items`, only
/// the one whose id is `id` when given.
fn list_answer(
    items: &[Map<String, Value>],
    kind: Kind,
    id: Option<&str>,
    field: &str,
) -> Map<String, Value> {
    let items: Vec<Value> = items
        .iter()
        .filter(|m| id.is_none_or(|x| s(m, kind.key) == x))
        .cloned()
        .map(Value::Object)
        .collect();
    let mut out = Map::new();
    out.insert("Total".into(), json!(items.len()));
    out.insert(field.into(), Value::Array(items));
    out
}

fn malformed(cx: &Ctx<'_>, code: &str, why: String) -> ApiError {
    cx.errs.make_detailed(code, 400, why)
}

/// `RV01`..`RV99` (video resource locations and channels) or `RC01`..`RC99`
/// (component locations).
fn location_ok(prefix: &str, id: &str) -> bool {
    id.strip_prefix(prefix)
        .is_some_and(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_digit()) && n != "00")
}

/// A zero value of `shape`'s type, so every declared field is filled even
/// when the emulator tracks nothing for it.
fn zero(spec: &Spec, shape: &Shape, depth: usize) -> Value {
    match spec.resolve(shape) {
        Shape::Integer | Shape::Long | Shape::EpochSeconds => json!(0),
        Shape::Float => json!(0.0),
        Shape::Boolean => json!(false),
        Shape::List { .. } => json!([]),
        Shape::Map { .. } | Shape::Json => json!({}),
        Shape::Struct { fields, .. } if depth < 8 => {
            let mut m = Map::new();
            complete(spec, fields, &mut m, depth + 1);
            Value::Object(m)
        }
        _ => json!(""),
    }
}

/// Fills the members `fields` declares but `m` lacks, recursively.
fn complete(spec: &Spec, fields: &[Member], m: &mut Map<String, Value>, depth: usize) {
    for f in fields {
        if f.name == "RequestId" {
            continue;
        }
        let v = m
            .entry(f.name.clone())
            .or_insert_with(|| zero(spec, &f.shape, depth));
        complete_value(spec, &f.shape, v, depth);
    }
}

fn complete_value(spec: &Spec, shape: &Shape, v: &mut Value, depth: usize) {
    if depth > 8 {
        return;
    }
    match (spec.resolve(shape), v) {
        (Shape::Struct { fields, .. }, Value::Object(o)) => complete(spec, fields, o, depth + 1),
        (Shape::List { items, .. }, Value::Array(a)) => {
            for x in a {
                complete_value(spec, items, x, depth + 1);
            }
        }
        _ => {}
    }
}

/// Parses a JSON-text parameter; `None` when absent.
fn json_param(cx: &Ctx<'_>, name: &str) -> Result<Option<Value>, ApiError> {
    let Some(text) = cx.str(name) else {
        return Ok(None);
    };
    serde_json::from_str(text).map(Some).map_err(|e| {
        malformed(
            cx,
            "InvalidParameter.Malformed",
            format!("Specified parameter {name} is not valid JSON: {e}."),
        )
    })
}

/// A JSON-object parameter.
fn json_object(cx: &Ctx<'_>, name: &str) -> Result<Option<Map<String, Value>>, ApiError> {
    match json_param(cx, name)? {
        None => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(_) => Err(malformed(
            cx,
            "InvalidParameter.Malformed",
            format!("Specified parameter {name} must be a JSON object."),
        )),
    }
}

/// Checks a normalized position: two numbers in `[0, 1]`.
fn check_position(cx: &Ctx<'_>, v: Option<&Value>) -> Result<Vec<f64>, ApiError> {
    let bad = || {
        malformed(
            cx,
            "InvalidPositionNormalized.Malformed",
            "PositionNormalized must be two numbers in [0, 1].".into(),
        )
    };
    let Some(v) = v else {
        return Ok(vec![0.0, 0.0]);
    };
    let list: Vec<f64> = v
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|x| num(x).filter(|f| (0.0..=1.0).contains(f)))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    if list.len() != 2 {
        return Err(bad());
    }
    Ok(list)
}

/// Checks a normalized size: a number in `[0, 1]`.
fn check_size(cx: &Ctx<'_>, name: &str, v: Option<&Value>) -> Result<f64, ApiError> {
    let Some(v) = v else { return Ok(0.0) };
    num(v).filter(|f| (0.0..=1.0).contains(f)).ok_or_else(|| {
        malformed(
            cx,
            "InvalidHeightOrWidthNormalized",
            format!("{name} must be a number in [0, 1]."),
        )
    })
}

/// The strings of a JSON list (others skipped); empty when `v` is no list.
fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn is_url(u: &str, schemes: &[&str]) -> bool {
    schemes.iter().any(|sch| {
        u.strip_prefix(sch)
            .and_then(|r| r.strip_prefix("://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
    })
}

/// `h:mm:ss`, as DescribeCasters reports durations.
fn hms(secs: i64) -> String {
    let secs = secs.max(0);
    format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

impl Caster {
    fn id(&self) -> String {
        s(&self.info, "CasterId")
    }

    fn domain(&self) -> Option<String> {
        Some(s(&self.config, "DomainName")).filter(|d| !d.is_empty())
    }

    fn template(&self) -> Option<String> {
        Some(s(&self.info, "CasterTemplate")).filter(|t| !t.is_empty())
    }

    fn live_templates(&self) -> Vec<String> {
        strings(
            self.config
                .get("TranscodeConfig")
                .and_then(|t| t.get("LiveTemplateIds")),
        )
    }

    fn scene(&self, cx: &Ctx<'_>) -> Result<usize, ApiError> {
        let id = cx.req("SceneId")?;
        self.scenes
            .iter()
            .position(|sc| sc.id == id)
            .ok_or_else(|| not_found(cx, "Scene"))
    }

    /// The scene's play URLs: (http-flv, rtmp), empty while no domain is set.
    fn scene_urls(&self, scene: &Scene) -> (String, String) {
        match self.domain() {
            Some(d) => {
                let key = scene.id.replace('-', "");
                (
                    format!("http://{d}/caster/{key}.flv"),
                    format!("rtmp://{d}/caster/{key}"),
                )
            }
            None => (String::new(), String::new()),
        }
    }

    fn stream_infos(&self, scene: &Scene) -> Vec<Value> {
        let Some(d) = self.domain() else {
            return Vec::new();
        };
        let key = scene.id.replace('-', "");
        self.live_templates()
            .into_iter()
            .map(|t| {
                json!({
                    "OutputStreamUrl": format!("http://{d}/caster/{key}_{t}.flv"),
                    "TranscodeConfig": t,
                    "VideoFormat": "flv",
                })
            })
            .collect()
    }

    fn scene_json(&self, scene: &Scene) -> Value {
        let (flv, _) = self.scene_urls(scene);
        json!({
            "SceneId": scene.id,
            "SceneName": scene.name,
            "OutputType": scene.output_type.to_string(),
            "Status": i64::from(scene.running),
            "LayoutId": scene.layout_id,
            "ComponentIds": scene.component_ids,
            "StreamUrl": flv,
            "StreamInfos": self.stream_infos(scene),
        })
    }

    fn episode_status(e: &Map<String, Value>, now: OffsetDateTime) -> i64 {
        let start = timefmt::parse(&s(e, "StartTime"));
        let end = timefmt::parse(&s(e, "EndTime"));
        match (start, end) {
            (Some(st), _) if now < st => 0,
            (_, Some(en)) if now < en => 1,
            _ => 2,
        }
    }

    fn touch(&mut self, now: OffsetDateTime, seq: u64) {
        self.info
            .insert("LastModified".into(), json!(timefmt::format(now)));
        self.modified = seq;
    }

    fn running(&self) -> bool {
        self.running_since.is_some()
    }
}

impl CasterState {
    /// Runs `cx.action` if it belongs to this family, else `None`.
    pub fn dispatch(&mut self, cx: &Ctx<'_>) -> Option<Out> {
        let out = match cx.action.name.as_str() {
            "CreateCaster" => self.create(cx),
            "CopyCaster" => self.copy(cx),
            "DeleteCaster" => self.delete(cx),
            "DescribeCasters" => self.describe(cx),
            "SetCasterConfig" => self.set_config(cx),
            "DescribeCasterConfig" => self.describe_config(cx),
            "StartCaster" => self.start(cx),
            "StopCaster" => self.stop(cx),
            "DescribeCasterStreamUrl" => self.stream_url(cx),
            "AddCasterLayout" => self.add_layout(cx),
            "ModifyCasterLayout" => self.modify_layout(cx),
            "DeleteCasterLayout" => self.delete_layout(cx),
            "DescribeCasterLayouts" => self.describe_layouts(cx),
            "AddCasterVideoResource" => self.add_resource(cx),
            "ModifyCasterVideoResource" => self.modify_resource(cx),
            "DeleteCasterVideoResource" => self.delete_resource(cx),
            "DescribeCasterVideoResources" => self.describe_resources(cx),
            "AddCasterComponent" => self.add_component(cx),
            "ModifyCasterComponent" => self.modify_component(cx),
            "DeleteCasterComponent" => self.delete_component(cx),
            "DescribeCasterComponents" => self.describe_components(cx),
            "AddCasterEpisode" => self.add_episode(cx),
            "ModifyCasterEpisode" => self.modify_episode(cx),
            "DeleteCasterEpisode" => self.delete_episode(cx),
            "AddCasterProgram" => self.add_program(cx),
            "ModifyCasterProgram" => self.modify_program(cx),
            "DeleteCasterProgram" => self.delete_program(cx),
            "DescribeCasterProgram" => self.describe_program(cx),
            "AddCasterEpisodeGroup" => self.add_group(cx),
            "AddCasterEpisodeGroupContent" => self.add_group_content(cx),
            "DeleteCasterEpisodeGroup" => self.delete_group(cx),
            "DescribeCasterScenes" => self.describe_scenes(cx),
            "SetCasterSceneConfig" | "UpdateCasterSceneConfig" => self.set_scene_config(cx),
            "DeleteCasterSceneConfig" => self.delete_scene_config(cx),
            "CopyCasterSceneConfig" => self.copy_scene_config(cx),
            "StartCasterScene" => self.start_scene(cx),
            "StopCasterScene" => self.stop_scene(cx),
            "UpdateCasterSceneAudio" => self.update_audio(cx),
            "DescribeCasterSceneAudio" => self.describe_audio(cx),
            "SetCasterChannel" => self.set_channel(cx),
            "DescribeCasterChannels" => self.describe_channels(cx),
            "EffectCasterUrgent" => self.effect_urgent(cx),
            "EffectCasterVideoResource" => self.effect_resource(cx),
            _ => return None,
        };
        // Every declared field is present, as the service always sends them.
        Some(out.map(|mut m| {
            complete(cx.spec, &cx.action.response, &mut m, 0);
            m
        }))
    }

    fn next_id(&mut self) -> String {
        self.seq += 1;
        // UUID-shaped, unique per emulator, and stable across runs.
        format!(
            "ca57e400-{:04x}-4000-8000-{:012x}",
            self.seq >> 48,
            self.seq
        )
    }

    fn caster_index(&self, cx: &Ctx<'_>, param: &str) -> Result<usize, ApiError> {
        let id = cx.req(param)?;
        self.casters
            .iter()
            .position(|c| s(&c.info, CASTER.key) == id)
            .ok_or_else(|| not_found(cx, CASTER.what))
    }

    fn caster(&self, cx: &Ctx<'_>) -> Result<&Caster, ApiError> {
        let i = self.caster_index(cx, "CasterId")?;
        Ok(&self.casters[i])
    }

    fn caster_mut(&mut self, cx: &Ctx<'_>) -> Result<&mut Caster, ApiError> {
        let i = self.caster_index(cx, "CasterId")?;
        Ok(&mut self.casters[i])
    }

    /// Gives `item` a fresh id, appends it to the caster's list that `list`
    /// picks, and answers `{<id field>: id}`.
    fn push_new(
        &mut self,
        cx: &Ctx<'_>,
        kind: Kind,
        list: fn(&mut Caster) -> &mut Vec<Map<String, Value>>,
        mut item: Map<String, Value>,
    ) -> Out {
        let id = self.next_id();
        item.insert(kind.key.into(), json!(id));
        list(self.caster_mut(cx)?).push(item);
        Ok(id_answer(kind, &id))
    }

    /// The answer `{CasterId, <kind's id field>: id}`.
    fn with_caster_and_item_id(cx: &Ctx<'_>, kind: Kind, id: &str) -> Out {
        let mut out = Self::with_caster_id(cx)?;
        out.extend(id_answer(kind, id));
        Ok(out)
    }

    fn with_caster_id(cx: &Ctx<'_>) -> Result<Map<String, Value>, ApiError> {
        let mut out = Map::new();
        out.insert("CasterId".into(), json!(cx.req("CasterId")?));
        Ok(out)
    }

    // ---- casters -------------------------------------------------------

    fn create(&mut self, cx: &Ctx<'_>) -> Out {
        let token = cx.req("ClientToken")?;
        if let Some(id) = self.tokens.get(token) {
            if self.casters.iter().any(|c| &c.id() == id) {
                return Ok(id_answer(CASTER, id));
            }
        }
        let charge = cx.req("ChargeType")?;
        if !["PrePaid", "PostPaid"].contains(&charge) {
            return Err(malformed(
                cx,
                "InvalidChargeType.Malformed",
                format!("ChargeType must be PrePaid or PostPaid, not {charge:?}."),
            ));
        }
        let norm = cx.int("NormType").unwrap_or(0);
        if ![1, 3, 4, 6].contains(&norm) {
            return Err(cx.errs.make_detailed(
                "InvalidParameter.NormType",
                400,
                format!("NormType must be 1, 3, 4 or 6, not {norm}."),
            ));
        }
        let template = cx.str("CasterTemplate").unwrap_or("");
        if !template.is_empty() && !valid_template(template) {
            return Err(malformed(
                cx,
                "InvalidCasterTemplate.Malformed",
                format!(
                    "CasterTemplate {template:?} is not a caster template (lp_ld, lp_sd, lp_hd, lp_ud, or one of them with _v)."
                ),
            ));
        }
        let (mut purchase, mut expire) = (String::new(), String::new());
        if charge == "PrePaid" {
            let p = cx.time("PurchaseTime").ok_or_else(|| {
                malformed(
                    cx,
                    "InvalidParameter.PurchaseTime",
                    "A PrePaid caster needs PurchaseTime (yyyy-MM-ddTHH:mm:ssZ).".into(),
                )
            })?;
            let e = cx.time("ExpireTime").filter(|e| *e > p).ok_or_else(|| {
                malformed(
                    cx,
                    "InvalidParameter.ExpireTime",
                    "A PrePaid caster needs an ExpireTime after PurchaseTime.".into(),
                )
            })?;
            purchase = timefmt::format(p);
            expire = timefmt::format(e);
        }
        if self.casters.len() >= MAX_CASTERS {
            return Err(cx.errs.make(
                "CasterNumberExceed",
                401,
                "The number of casters exceeds the limit.",
            ));
        }
        let id = self.next_id();
        let now = timefmt::format(cx.now);
        let info = json!({
            "CasterId": id,
            "CasterName": cx.str("CasterName").unwrap_or(""),
            "CasterTemplate": template,
            "ChannelEnable": 0,
            "ChargeType": charge,
            "CreateTime": now,
            "Duration": hms(0),
            "ExpireTime": expire,
            "LastModified": now,
            "NormType": norm,
            "PurchaseTime": purchase,
            "StartTime": "",
            "Status": 0,
        });
        let Value::Object(info) = info else {
            return Err(cx.errs.internal());
        };
        let scenes = vec![self.new_scene("PVW", 0), self.new_scene("PGM", 1)];
        self.casters.push(Caster {
            info,
            config: Map::new(),
            layouts: Vec::new(),
            resources: Vec::new(),
            components: Vec::new(),
            episodes: Vec::new(),
            scenes,
            channels: BTreeMap::new(),
            running_since: None,
            run_secs: 0,
            modified: self.seq,
        });
        self.tokens.insert(token.to_owned(), id.clone());
        Ok(id_answer(CASTER, &id))
    }

    fn new_scene(&mut self, name: &str, output_type: i64) -> Scene {
        Scene {
            id: self.next_id(),
            name: name.to_owned(),
            output_type,
            running: false,
            layout_id: String::new(),
            component_ids: Vec::new(),
            audio: None,
        }
    }

    fn copy(&mut self, cx: &Ctx<'_>) -> Out {
        let token = cx.req("ClientToken")?;
        let src = self.caster_index(cx, "SrcCasterId")?;
        if let Some(id) = self.tokens.get(token) {
            if self.casters.iter().any(|c| &c.id() == id) {
                return Ok(id_answer(CASTER, id));
            }
        }
        if self.casters.len() >= MAX_CASTERS {
            return Err(cx.errs.make(
                "CasterNumberExceed",
                401,
                "The number of casters exceeds the limit.",
            ));
        }
        // The copy has everything of the source but its own id, scenes
        // (same configuration, not running) and history.
        let mut c = self.casters[src].clone();
        let id = self.next_id();
        let now = timefmt::format(cx.now);
        c.info.insert("CasterId".into(), json!(id));
        c.info
            .insert("CasterName".into(), json!(cx.req("CasterName")?));
        c.info.insert("CreateTime".into(), json!(now));
        c.info.insert("LastModified".into(), json!(now));
        c.info.insert("Status".into(), json!(0));
        c.info.insert("StartTime".into(), json!(""));
        c.info.insert("Duration".into(), json!(hms(0)));
        c.running_since = None;
        c.run_secs = 0;
        c.modified = self.seq;
        for sc in &mut c.scenes {
            sc.id = self.next_id();
            sc.running = false;
        }
        self.casters.push(c);
        self.tokens.insert(token.to_owned(), id.clone());
        Ok(id_answer(CASTER, &id))
    }

    fn delete(&mut self, cx: &Ctx<'_>) -> Out {
        let i = self.caster_index(cx, "CasterId")?;
        if self.casters[i].running() {
            return Err(cx.errs.make(
                "IncorrectCasterStatus.Inuse",
                400,
                "The caster is running; stop it before deleting it.",
            ));
        }
        self.casters.remove(i);
        Self::with_caster_id(cx)
    }

    fn describe(&self, cx: &Ctx<'_>) -> Out {
        let id = cx.str("CasterId");
        let name = cx.str("CasterName");
        let status = cx.int("Status");
        if status.is_some_and(|st| !(0..=1).contains(&st)) {
            return Err(malformed(
                cx,
                "InvalidParameter.Status",
                "Status must be 0 (idle) or 1 (running).".into(),
            ));
        }
        // 0 = PrePaid, 1 = PostPaid.
        let charge = match cx.int("ChargeType") {
            None => None,
            Some(0) => Some("PrePaid"),
            Some(1) => Some("PostPaid"),
            Some(_) => {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    "ChargeType must be 0 (PrePaid) or 1 (PostPaid).".into(),
                ));
            }
        };
        let norm = cx.str("NormType").map(|n| n.parse::<i64>().ok());
        if norm == Some(None) {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                "NormType must be a number.".into(),
            ));
        }
        let start = match cx.str("StartTime") {
            Some(t) => Some(timefmt::parse(t).ok_or_else(|| {
                malformed(
                    cx,
                    "InvalidParameter.StartTime",
                    "StartTime must be yyyy-MM-ddTHH:mm:ssZ.".into(),
                )
            })?),
            None => None,
        };
        let end = match cx.str("EndTime") {
            Some(t) => Some(timefmt::parse(t).ok_or_else(|| {
                malformed(
                    cx,
                    "InvalidParameter.EndTime",
                    "EndTime must be yyyy-MM-ddTHH:mm:ssZ.".into(),
                )
            })?),
            None => None,
        };
        for (p, code) in [
            ("PageNum", "InvalidParameter.PageNum"),
            ("PageSize", "InvalidParameter.PageSize"),
        ] {
            if cx.int(p).is_some_and(|n| n < 1) {
                return Err(malformed(cx, code, format!("{p} must be at least 1.")));
            }
        }
        let mut list: Vec<&Caster> = self
            .casters
            .iter()
            .filter(|c| {
                let created = timefmt::parse(&s(&c.info, "CreateTime"));
                id.is_none_or(|x| c.id() == x)
                    && name.is_none_or(|n| s(&c.info, "CasterName").contains(n))
                    && status.is_none_or(|st| c.info.get("Status") == Some(&json!(st)))
                    && charge.is_none_or(|ch| s(&c.info, "ChargeType") == ch)
                    && norm
                        .flatten()
                        .is_none_or(|n| c.info.get("NormType") == Some(&json!(n)))
                    && start.is_none_or(|st| created.is_some_and(|t| t >= st))
                    && end.is_none_or(|en| created.is_some_and(|t| t <= en))
            })
            .collect();
        // Most recently modified first, unless asked otherwise.
        list.sort_by_key(|c| std::cmp::Reverse(c.modified));
        if cx.str("OrderByModifyAsc") == Some("true") {
            list.reverse();
        }
        let items: Vec<Value> = list
            .into_iter()
            .map(|c| {
                let mut info = c.info.clone();
                let secs = c.run_secs + c.running_since.map_or(0, |t| (cx.now - t).whole_seconds());
                info.insert("Duration".into(), json!(hms(secs)));
                Value::Object(info)
            })
            .collect();
        let mut out = Map::new();
        paginate(cx, items, &mut out);
        Ok(out)
    }

    fn set_config(&mut self, cx: &Ctx<'_>) -> Out {
        let transcode = json_object(cx, "TranscodeConfig")?;
        let record = json_object(cx, "RecordConfig")?;
        let sync = json_param(cx, "SyncGroupsConfig")?;
        self.seq += 1;
        let seq = self.seq;
        let i = self.caster_index(cx, "CasterId")?;
        // Changed on a copy, kept only when every part is valid.
        let mut updated = self.casters[i].clone();
        let c = &mut updated;
        if let Some(en) = cx
            .int("ChannelEnable")
            .filter(|_| cx.given("ChannelEnable"))
        {
            let was = c.info.get("ChannelEnable").and_then(Value::as_i64) == Some(1);
            match (was, en) {
                (true, 0) => {
                    return Err(cx.errs.make(
                        "InvalidCaster.ChannelDisableUnsupported",
                        400,
                        "Channels cannot be disabled once enabled.",
                    ));
                }
                (false, 1) if c.running() => {
                    return Err(cx.errs.make(
                        "IncorrectCasterStatus.EnableChannel",
                        400,
                        "Channels can be enabled only while the caster is stopped.",
                    ));
                }
                (_, 0 | 1) => {
                    c.info.insert("ChannelEnable".into(), json!(en));
                }
                _ => {
                    return Err(malformed(
                        cx,
                        "InvalidParameter.Malformed",
                        "ChannelEnable must be 0 or 1.".into(),
                    ));
                }
            }
        }
        // An empty TranscodeConfig clears it (and the template with it).
        if cx.raw.get("TranscodeConfig").is_some_and(|v| v.is_empty()) {
            c.config.remove("TranscodeConfig");
            c.info.insert("CasterTemplate".into(), json!(""));
        }
        if let Some(t) = transcode {
            let template = get_ci(&t, "CasterTemplate")
                .and_then(Value::as_str)
                .unwrap_or("");
            if !template.is_empty() && !valid_template(template) {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    format!(
                        "TranscodeConfig.CasterTemplate {template:?} is not a caster template."
                    ),
                ));
            }
            let ids: Vec<Value> = get_ci(&t, "LiveTemplateIds")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter(|v| v.is_string()).cloned().collect())
                .unwrap_or_default();
            c.info.insert("CasterTemplate".into(), json!(template));
            c.config.insert(
                "TranscodeConfig".into(),
                json!({"CasterTemplate": template, "LiveTemplateIds": ids}),
            );
        }
        if let Some(r) = record {
            let formats: Vec<Value> = get_ci(&r, "videoFormat")
                .or_else(|| get_ci(&r, "RecordFormat"))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_object)
                        .map(|f| {
                            json!({
                                "Format": get_ci(f, "Format").cloned().unwrap_or(json!("")),
                                "OssObjectPrefix": get_ci(f, "OssObjectPrefix").cloned().unwrap_or(json!("")),
                                "SliceOssObjectPrefix": get_ci(f, "SliceOssObjectPrefix").cloned().unwrap_or(json!("")),
                                "CycleDuration": get_ci(f, "CycleDuration").and_then(num).unwrap_or(3600.0) as i64,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let text = |k: &str| get_ci(&r, k).cloned().unwrap_or(json!(""));
            c.config.insert(
                "RecordConfig".into(),
                json!({
                    "OssBucket": text("ossBucket"),
                    "OssEndpoint": get_ci(&r, "endpoint").or_else(|| get_ci(&r, "OssEndpoint")).cloned().unwrap_or(json!("")),
                    "OnDemand": get_ci(&r, "OnDemand").and_then(num).unwrap_or(0.0) as i64,
                    "RecordFormat": formats,
                }),
            );
        }
        if let Some(sync) = sync {
            let Value::Array(groups) = sync else {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    "SyncGroupsConfig must be a JSON array.".into(),
                ));
            };
            let groups: Vec<Value> = groups
                .iter()
                .filter_map(Value::as_object)
                .map(|g| {
                    json!({
                        "Mode": get_ci(g, "mode").and_then(num).unwrap_or(0.0) as i64,
                        "HostResourceId": get_ci(g, "hostResourceId").cloned().unwrap_or(json!("")),
                        "ResourceIds": get_ci(g, "resourceIds").cloned().unwrap_or(json!([])),
                    })
                })
                .collect();
            c.config
                .insert("SyncGroupsConfig".into(), Value::Array(groups));
        }
        if cx.given("CasterName") {
            c.info.insert(
                "CasterName".into(),
                json!(cx.str("CasterName").unwrap_or("")),
            );
        }
        for key in [
            "DomainName",
            "Delay",
            "UrgentMaterialId",
            "UrgentLiveStreamUrl",
            "UrgentImageId",
            "UrgentImageUrl",
            "SideOutputUrl",
            "SideOutputUrlList",
            "CallbackUrl",
            "ProgramEffect",
            "ProgramName",
            "AutoSwitchUrgentConfig",
        ] {
            if cx.given(key) {
                if let Some(v) = cx.p.get(key) {
                    c.config.insert(key.into(), v.clone());
                }
            }
        }
        if cx.given("AutoSwitchUrgentOn") {
            // The response reports it as text.
            let on = cx.p.get("AutoSwitchUrgentOn").and_then(Value::as_bool) == Some(true);
            c.config
                .insert("AutoSwitchUrgentOn".into(), json!(on.to_string()));
        }
        c.touch(cx.now, seq);
        self.casters[i] = updated;
        Self::with_caster_id(cx)
    }

    fn describe_config(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let mut out = c.config.clone();
        for key in ["CasterId", "CasterName", "ChannelEnable"] {
            if let Some(v) = c.info.get(key) {
                out.insert(key.into(), v.clone());
            }
        }
        if !out.contains_key("TranscodeConfig") {
            out.insert(
                "TranscodeConfig".into(),
                json!({"CasterTemplate": s(&c.info, "CasterTemplate"), "LiveTemplateIds": []}),
            );
        }
        Ok(out)
    }

    fn start(&mut self, cx: &Ctx<'_>) -> Out {
        let now = cx.now;
        let c = self.caster_mut(cx)?;
        if c.running() {
            return Err(cx.errs.make(
                "IncorrectCasterStatus.Inuse",
                400,
                "The caster is already running.",
            ));
        }
        if c.domain().is_none() {
            return Err(cx.errs.make_detailed(
                "InvalidDomainName.NotFound",
                404,
                "The caster has no DomainName; set one with SetCasterConfig.",
            ));
        }
        if c.template().is_none() {
            return Err(cx.errs.make_detailed(
                "InvalidCasterTemplate.NotFound",
                404,
                "The caster has no template; set TranscodeConfig.CasterTemplate with SetCasterConfig.",
            ));
        }
        c.running_since = Some(now);
        c.info.insert("Status".into(), json!(1));
        c.info
            .insert("StartTime".into(), json!(timefmt::format(now)));
        for sc in &mut c.scenes {
            sc.running = sc.output_type == 1;
        }
        let (mut pgm, mut pvw) = (Vec::new(), Vec::new());
        for sc in &c.scenes {
            let (flv, _) = c.scene_urls(sc);
            if sc.output_type == 1 {
                pgm.push(
                    json!({"SceneId": sc.id, "StreamUrl": flv, "StreamInfos": c.stream_infos(sc)}),
                );
            } else {
                pvw.push(json!({"SceneId": sc.id, "StreamUrl": flv}));
            }
        }
        let mut out = Map::new();
        out.insert("PgmSceneInfos".into(), Value::Array(pgm));
        out.insert("PvwSceneInfos".into(), Value::Array(pvw));
        Ok(out)
    }

    fn stop(&mut self, cx: &Ctx<'_>) -> Out {
        let now = cx.now;
        let c = self.caster_mut(cx)?;
        if let Some(since) = c.running_since.take() {
            c.run_secs += (now - since).whole_seconds();
        }
        c.info.insert("Status".into(), json!(0));
        for sc in &mut c.scenes {
            sc.running = false;
        }
        Ok(Map::new())
    }

    fn stream_url(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        if c.domain().is_none() {
            return Err(cx.errs.make_detailed(
                "InvalidDomainName.NotFound",
                404,
                "The caster has no DomainName; set one with SetCasterConfig.",
            ));
        }
        let streams: Vec<Value> = c
            .scenes
            .iter()
            .map(|sc| {
                let (flv, rtmp) = c.scene_urls(sc);
                json!({
                    "SceneId": sc.id,
                    "OutputType": sc.output_type,
                    "StreamUrl": flv,
                    "RtmpUrl": rtmp,
                    "StreamInfos": c.stream_infos(sc),
                })
            })
            .collect();
        let mut out = Self::with_caster_id(cx)?;
        out.insert("Total".into(), json!(streams.len()));
        out.insert("CasterStreams".into(), Value::Array(streams));
        Ok(out)
    }

    // ---- layouts -------------------------------------------------------

    /// The layout described by the request (without `LayoutId`).
    fn layout_from(cx: &Ctx<'_>) -> Result<Map<String, Value>, ApiError> {
        let list = |k: &str| -> Vec<Value> {
            cx.p.get(k)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (video, audio, blend, mix) = (
            list("VideoLayer"),
            list("AudioLayer"),
            list("BlendList"),
            list("MixList"),
        );
        if video.len() != blend.len() {
            return Err(malformed(
                cx,
                "InvalidVideoLayersAndBlendListSize.Mismatch",
                format!(
                    "{} VideoLayer entries but {} BlendList entries; they pair up one to one.",
                    video.len(),
                    blend.len()
                ),
            ));
        }
        if audio.len() != mix.len() {
            return Err(malformed(
                cx,
                "InvalidAudioLayersAndMixListSize.Mismatch",
                format!(
                    "{} AudioLayer entries but {} MixList entries; they pair up one to one.",
                    audio.len(),
                    mix.len()
                ),
            ));
        }
        for (name, l) in [("BlendList", &blend), ("MixList", &mix)] {
            if let Some(bad) = l
                .iter()
                .find(|v| !v.as_str().is_some_and(|x| location_ok("RV", x)))
            {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    format!("{name} entry {bad} is not a location RV01..RV99."),
                ));
            }
        }
        let mut video_layers = Vec::new();
        for v in &video {
            let empty = Map::new();
            let o = v.as_object().unwrap_or(&empty);
            let pos = check_position(cx, o.get("PositionNormalized"))?;
            let h = check_size(cx, "HeightNormalized", o.get("HeightNormalized"))?;
            let w = check_size(cx, "WidthNormalized", o.get("WidthNormalized"))?;
            video_layers.push(json!({
                "FillMode": o.get("FillMode").cloned().unwrap_or(json!("none")),
                "FixedDelayDuration": o.get("FixedDelayDuration").cloned().unwrap_or(json!(0)),
                "HeightNormalized": h,
                "WidthNormalized": w,
                "PositionNormalizeds": pos,
                "PositionRefer": o.get("PositionRefer").cloned().unwrap_or(json!("topLeft")),
            }));
        }
        let audio_layers: Vec<Value> = audio
            .iter()
            .map(|a| {
                let empty = Map::new();
                let o = a.as_object().unwrap_or(&empty);
                json!({
                    "FixedDelayDuration": o.get("FixedDelayDuration").cloned().unwrap_or(json!(0)),
                    "ValidChannel": o.get("ValidChannel").cloned().unwrap_or(json!("all")),
                    "VolumeRate": o.get("VolumeRate").cloned().unwrap_or(json!(1.0)),
                })
            })
            .collect();
        let mut m = Map::new();
        m.insert("VideoLayers".into(), Value::Array(video_layers));
        m.insert("AudioLayers".into(), Value::Array(audio_layers));
        m.insert("BlendList".into(), Value::Array(blend));
        m.insert("MixList".into(), Value::Array(mix));
        Ok(m)
    }

    fn add_layout(&mut self, cx: &Ctx<'_>) -> Out {
        self.caster(cx)?;
        let layout = Self::layout_from(cx)?;
        self.push_new(cx, LAYOUT, |c| &mut c.layouts, layout)
    }

    fn modify_layout(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let id = cx.req("LayoutId")?;
        let i = position(cx, &c.layouts, LAYOUT, id)?;
        let mut layout = Self::layout_from(cx)?;
        layout.insert("LayoutId".into(), json!(id));
        c.layouts[i] = layout;
        Ok(id_answer(LAYOUT, id))
    }

    fn delete_layout(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let id = remove_item(cx, &mut c.layouts, LAYOUT)?;
        // Scenes showing the layout lose it rather than point at nothing.
        for sc in &mut c.scenes {
            if sc.layout_id == id {
                sc.layout_id.clear();
            }
        }
        Self::with_caster_and_item_id(cx, LAYOUT, id)
    }

    fn describe_layouts(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let id = cx.str("LayoutId");
        Ok(list_answer(&c.layouts, LAYOUT, id, "Layouts"))
    }

    // ---- video resources -----------------------------------------------

    /// Validates and applies the resource fields given in the request.
    fn apply_resource(cx: &Ctx<'_>, r: &mut Map<String, Value>) -> Result<(), ApiError> {
        if let Some(u) = cx.str("LiveStreamUrl") {
            if !is_url(u, &["rtmp", "http", "https", "artc"]) {
                return Err(malformed(
                    cx,
                    "InvalidLiveStreamUrl.Malformed",
                    format!("LiveStreamUrl {u:?} is not an rtmp:// or http(s):// URL."),
                ));
            }
        }
        if let Some(u) = cx.str("VodUrl") {
            if !is_url(u, &["http", "https", "oss"]) {
                return Err(malformed(
                    cx,
                    "InvalidVodUrl.Malformed",
                    format!("VodUrl {u:?} is not an http(s):// URL."),
                ));
            }
        }
        for key in [
            "ResourceName",
            "LiveStreamUrl",
            "MaterialId",
            "VodUrl",
            "BeginOffset",
            "EndOffset",
            "RepeatNum",
            "PtsCallbackInterval",
            "ImageId",
            "ImageUrl",
            "StreamId",
            "FixedDelayDuration",
        ] {
            if cx.given(key) {
                if let Some(v) = cx.p.get(key) {
                    r.insert(key.into(), v.clone());
                }
            }
        }
        let (b, e) = (
            r.get("BeginOffset").and_then(Value::as_i64).unwrap_or(0),
            r.get("EndOffset").and_then(Value::as_i64).unwrap_or(0),
        );
        if b < 0 || e < 0 || (e > 0 && e <= b) {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                format!(
                    "BeginOffset {b} and EndOffset {e}: offsets are non-negative and EndOffset, when set, is after BeginOffset."
                ),
            ));
        }
        // A live source also plays as HTTP-FLV.
        let flv = s(r, "LiveStreamUrl")
            .strip_prefix("rtmp://")
            .map(|rest| format!("http://{rest}.flv"))
            .unwrap_or_default();
        r.insert("FlvUrl".into(), json!(flv));
        Ok(())
    }

    fn add_resource(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        if [
            "LiveStreamUrl",
            "VodUrl",
            "MaterialId",
            "ImageId",
            "ImageUrl",
        ]
        .iter()
        .all(|k| cx.str(k).is_none())
        {
            return Err(cx.errs.make_detailed(
                "MissingParameter",
                400,
                "A video resource needs one of LiveStreamUrl, VodUrl, MaterialId, ImageId or ImageUrl.",
            ));
        }
        let location = cx.str("LocationId").unwrap_or("");
        if !location.is_empty() {
            if !location_ok("RV", location) {
                return Err(malformed(
                    cx,
                    "UnexpectedLocationID",
                    format!("LocationId {location:?} is not RV01..RV99."),
                ));
            }
            if c.resources.iter().any(|r| s(r, "LocationId") == location) {
                return Err(malformed(
                    cx,
                    "DuplicateLocationID",
                    format!("LocationId {location} already has a video resource."),
                ));
            }
        }
        let mut r = Map::new();
        r.insert("LocationId".into(), json!(location));
        Self::apply_resource(cx, &mut r)?;
        self.push_new(cx, RESOURCE, |c| &mut c.resources, r)
    }

    fn modify_resource(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let id = modify_item(cx, &mut c.resources, RESOURCE, Self::apply_resource)?;
        Self::with_caster_and_item_id(cx, RESOURCE, id)
    }

    fn delete_resource(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let id = remove_item(cx, &mut c.resources, RESOURCE)?;
        // Channels playing the resource become empty.
        for ch in c.channels.values_mut() {
            if s(ch, "ResourceId") == id {
                ch.insert("ResourceId".into(), json!(""));
            }
        }
        Ok(Map::new())
    }

    fn describe_resources(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        Ok(list_answer(&c.resources, RESOURCE, None, "VideoResources"))
    }

    // ---- components ----------------------------------------------------

    /// Validates and applies the component fields given in the request.
    fn apply_component(cx: &Ctx<'_>, m: &mut Map<String, Value>) -> Result<(), ApiError> {
        if let Some(name) = cx.str("ComponentName") {
            m.insert("ComponentName".into(), json!(name));
        }
        if let Some(effect) = cx.str("Effect") {
            if !["none", "animateH", "animateV"].contains(&effect) {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    format!("Effect must be none, animateH or animateV, not {effect:?}."),
                ));
            }
            m.insert("Effect".into(), json!(effect));
        }
        if let Some(ty) = cx.str("ComponentType") {
            if !["text", "image", "caption"].contains(&ty) {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    format!("ComponentType must be text, image or caption, not {ty:?}."),
                ));
            }
            m.insert("ComponentType".into(), json!(ty));
        }
        if let Some(layer) = json_object(cx, "ComponentLayer")? {
            let pos = check_position(cx, get_ci(&layer, "PositionNormalized"))?;
            let h = check_size(cx, "HeightNormalized", get_ci(&layer, "HeightNormalized"))?;
            let w = check_size(cx, "WidthNormalized", get_ci(&layer, "WidthNormalized"))?;
            m.insert(
                "ComponentLayer".into(),
                json!({
                    "HeightNormalized": h,
                    "WidthNormalized": w,
                    "PositionNormalizeds": pos,
                    "PositionRefer": get_ci(&layer, "PositionRefer").cloned().unwrap_or(json!("topLeft")),
                    "Transparency": get_ci(&layer, "Transparency").and_then(num).unwrap_or(255.0) as i64,
                }),
            );
        }
        for key in [
            "TextLayerContent",
            "ImageLayerContent",
            "CaptionLayerContent",
        ] {
            if let Some(content) = json_object(cx, key)? {
                m.insert(key.into(), Value::Object(content));
            }
        }
        // Each type needs its content.
        let ty = s(m, "ComponentType");
        let needed = match ty.as_str() {
            "text" => "TextLayerContent",
            "image" => "ImageLayerContent",
            _ => "CaptionLayerContent",
        };
        if !m.contains_key(needed) {
            return Err(cx.errs.make_detailed(
                "MissingParameter",
                400,
                format!("A {ty} component needs {needed}."),
            ));
        }
        Ok(())
    }

    fn add_component(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let location = cx.req("LocationId")?;
        // Captions sit on the video resource they translate.
        let prefix = if cx.str("ComponentType") == Some("caption") {
            "RV"
        } else {
            "RC"
        };
        if !location_ok(prefix, location) {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                format!("LocationId {location:?} is not {prefix}01..{prefix}99."),
            ));
        }
        if prefix == "RC" && c.components.iter().any(|x| s(x, "LocationId") == location) {
            return Err(malformed(
                cx,
                "DuplicateLocationID",
                format!("LocationId {location} already has a component."),
            ));
        }
        let mut m = Map::new();
        m.insert("LocationId".into(), json!(location));
        m.insert("Effect".into(), json!("none"));
        m.insert("ComponentName".into(), json!(""));
        Self::apply_component(cx, &mut m)?;
        self.push_new(cx, COMPONENT, |c| &mut c.components, m)
    }

    fn modify_component(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let id = modify_item(cx, &mut c.components, COMPONENT, Self::apply_component)?;
        Ok(id_answer(COMPONENT, id))
    }

    fn delete_component(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let id = remove_item(cx, &mut c.components, COMPONENT)?;
        for sc in &mut c.scenes {
            sc.component_ids.retain(|x| x != id);
        }
        Self::with_caster_and_item_id(cx, COMPONENT, id)
    }

    fn describe_components(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let id = cx.str("ComponentId");
        Ok(list_answer(&c.components, COMPONENT, id, "Components"))
    }

    // ---- episodes and programs -----------------------------------------

    /// Validates an episode (fields keyed as the Add/Modify parameters,
    /// `ComponentId` a list) and returns its stored form.
    fn episode(
        cx: &Ctx<'_>,
        c: &Caster,
        e: &Map<String, Value>,
    ) -> Result<Map<String, Value>, ApiError> {
        let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("");
        let ty = text("EpisodeType");
        if !["Resource", "Component"].contains(&ty) {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                format!("EpisodeType must be Resource or Component, not {ty:?}."),
            ));
        }
        let start = timefmt::parse(text("StartTime")).ok_or_else(|| {
            malformed(
                cx,
                "IncorrectStartTime",
                format!(
                    "StartTime {:?} is not yyyy-MM-ddTHH:mm:ssZ.",
                    text("StartTime")
                ),
            )
        })?;
        let end = timefmt::parse(text("EndTime")).ok_or_else(|| {
            malformed(
                cx,
                "IncorrectEndTime",
                format!("EndTime {:?} is not yyyy-MM-ddTHH:mm:ssZ.", text("EndTime")),
            )
        })?;
        if end <= start {
            return Err(malformed(
                cx,
                "IncorrectEndTime",
                "EndTime must be after StartTime.".into(),
            ));
        }
        let (resource, switch) = (text("ResourceId"), text("SwitchType"));
        if ty == "Resource" {
            if !["TimeFirst", "ContentFirst"].contains(&switch) {
                return Err(malformed(
                    cx,
                    "SwitchTypeInvalid.Malformed",
                    format!("SwitchType must be TimeFirst or ContentFirst, not {switch:?}."),
                ));
            }
            position(cx, &c.resources, RESOURCE, resource)?;
        }
        let components: Vec<Value> = e
            .get("ComponentId")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for id in &components {
            if !c
                .components
                .iter()
                .any(|x| Some(s(x, "ComponentId").as_str()) == id.as_str())
            {
                return Err(not_found(cx, "Component"));
            }
        }
        Ok(json!({
            "EpisodeType": ty,
            "EpisodeName": text("EpisodeName"),
            "ResourceId": resource,
            "SwitchType": switch,
            "StartTime": timefmt::format(start),
            "EndTime": timefmt::format(end),
            "ComponentIds": components,
        })
        .as_object()
        .cloned()
        .unwrap_or_default())
    }

    /// Resource episodes of a caster may not overlap in time.
    fn check_conflicts(cx: &Ctx<'_>, episodes: &[Map<String, Value>]) -> Result<(), ApiError> {
        let mut spans: Vec<(String, String, String)> = episodes
            .iter()
            .filter(|e| s(e, "EpisodeType") == "Resource")
            .map(|e| (s(e, "StartTime"), s(e, "EndTime"), s(e, "EpisodeId")))
            .collect();
        // Canonical timestamps sort as times.
        spans.sort();
        for w in spans.windows(2) {
            if w[1].0 < w[0].1 {
                return Err(malformed(
                    cx,
                    "EpisodeConflict.Malformed",
                    format!(
                        "Resource episodes overlap: {}..{} and {}..{}.",
                        w[0].0, w[0].1, w[1].0, w[1].1
                    ),
                ));
            }
        }
        Ok(())
    }

    fn add_episodes(
        &mut self,
        cx: &Ctx<'_>,
        requested: &[Map<String, Value>],
    ) -> Result<Vec<String>, ApiError> {
        let i = self.caster_index(cx, "CasterId")?;
        let mut new = Vec::new();
        for e in requested {
            let mut ep = Self::episode(cx, &self.casters[i], e)?;
            if timefmt::parse(&s(&ep, "StartTime")).is_some_and(|t| t < cx.now) {
                return Err(malformed(
                    cx,
                    "IncorrectStartTime",
                    "StartTime must be in the future.".into(),
                ));
            }
            ep.insert("EpisodeId".into(), json!(self.next_id()));
            new.push(ep);
        }
        let c = &mut self.casters[i];
        let mut all = c.episodes.clone();
        all.extend(new.iter().cloned());
        Self::check_conflicts(cx, &all)?;
        c.episodes = all;
        Ok(new.iter().map(|e| s(e, "EpisodeId")).collect())
    }

    /// Applies modifications `(episode id, given fields)`, all or none.
    fn modify_episodes(
        &mut self,
        cx: &Ctx<'_>,
        changes: &[(String, Map<String, Value>)],
    ) -> Result<(), ApiError> {
        let i = self.caster_index(cx, "CasterId")?;
        let c = &self.casters[i];
        let mut all = c.episodes.clone();
        for (id, fields) in changes {
            let j = position(cx, &all, EPISODE, id)?;
            if Caster::episode_status(&all[j], cx.now) != 0 {
                return Err(cx.errs.make(
                    "IncorrectEpisodeStatus",
                    400,
                    "The episode has started; only episodes yet to play can change.",
                ));
            }
            // The stored episode in parameter form, overlaid with the changes.
            let mut merged = all[j].clone();
            if let Some(ids) = merged.remove("ComponentIds") {
                merged.insert("ComponentId".into(), ids);
            }
            for (k, v) in fields {
                merged.insert(k.clone(), v.clone());
            }
            let mut ep = Self::episode(cx, c, &merged)?;
            ep.insert("EpisodeId".into(), json!(id));
            all[j] = ep;
        }
        Self::check_conflicts(cx, &all)?;
        self.casters[i].episodes = all;
        Ok(())
    }

    fn add_episode(&mut self, cx: &Ctx<'_>) -> Out {
        let ids = self.add_episodes(cx, std::slice::from_ref(cx.p))?;
        let mut out = Map::new();
        out.insert(
            "EpisodeId".into(),
            json!(ids.first().cloned().unwrap_or_default()),
        );
        Ok(out)
    }

    fn add_program(&mut self, cx: &Ctx<'_>) -> Out {
        let episodes: Vec<Map<String, Value>> =
            cx.p.get("Episode")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_object).cloned().collect())
                .unwrap_or_default();
        let ids = self.add_episodes(cx, &episodes)?;
        let mut out = Map::new();
        out.insert(
            "EpisodeIds".into(),
            ids.into_iter().map(|id| json!({"EpisodeId": id})).collect(),
        );
        Ok(out)
    }

    fn modify_episode(&mut self, cx: &Ctx<'_>) -> Out {
        let id = cx.req("EpisodeId")?.to_owned();
        let mut fields = Map::new();
        for key in [
            "EpisodeName",
            "ResourceId",
            "StartTime",
            "EndTime",
            "SwitchType",
            "ComponentId",
        ] {
            if cx.given(key) || (key == "ComponentId" && cx.p.contains_key(key)) {
                if let Some(v) = cx.p.get(key) {
                    fields.insert(key.into(), v.clone());
                }
            }
        }
        self.modify_episodes(cx, &[(id.clone(), fields)])?;
        let mut out = Self::with_caster_id(cx)?;
        out.insert("EpisodeId".into(), json!(id));
        Ok(out)
    }

    fn modify_program(&mut self, cx: &Ctx<'_>) -> Out {
        self.caster(cx)?;
        let mut changes = Vec::new();
        for e in
            cx.p.get("Episode")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
        {
            let id = e.get("EpisodeId").and_then(Value::as_str).unwrap_or("");
            if id.is_empty() {
                return Err(cx.errs.make_detailed(
                    "MissingParameter",
                    400,
                    "Each Episode of ModifyCasterProgram needs its EpisodeId.",
                ));
            }
            let mut fields = e.clone();
            fields.remove("EpisodeId");
            changes.push((id.to_owned(), fields));
        }
        self.modify_episodes(cx, &changes)?;
        Self::with_caster_id(cx)
    }

    fn delete_episode(&mut self, cx: &Ctx<'_>) -> Out {
        let now = cx.now;
        let c = self.caster_mut(cx)?;
        let id = cx.req("EpisodeId")?;
        let j = position(cx, &c.episodes, EPISODE, id)?;
        if Caster::episode_status(&c.episodes[j], now) == 1 {
            return Err(cx.errs.make(
                "IncorrectEpisodeStatus",
                400,
                "The episode is playing and cannot be deleted.",
            ));
        }
        c.episodes.remove(j);
        let mut out = Self::with_caster_id(cx)?;
        out.insert("EpisodeId".into(), json!(id));
        Ok(out)
    }

    fn delete_program(&mut self, cx: &Ctx<'_>) -> Out {
        self.caster_mut(cx)?.episodes.clear();
        Self::with_caster_id(cx)
    }

    fn describe_program(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let time = |name: &str, code: &str| -> Result<Option<OffsetDateTime>, ApiError> {
            match cx.str(name) {
                None => Ok(None),
                Some(t) => timefmt::parse(t).map(Some).ok_or_else(|| {
                    malformed(cx, code, format!("{name} must be yyyy-MM-ddTHH:mm:ssZ."))
                }),
            }
        };
        let start = time("StartTime", "InvalidStartTime.Malformed")?;
        let end = time("EndTime", "InvalidEndTime.Malformed")?;
        let status = cx.int("Status");
        if status.is_some_and(|st| !(0..=2).contains(&st)) {
            return Err(malformed(
                cx,
                "InvalidStatus.Malformed",
                "Status must be 0, 1 or 2.".into(),
            ));
        }
        for (p, code) in [
            ("PageNum", "InvalidPageNum.Malformed"),
            ("PageSize", "InvalidPageSize.Malformed"),
        ] {
            if cx.int(p).is_some_and(|n| n < 1) {
                return Err(malformed(cx, code, format!("{p} must be at least 1.")));
            }
        }
        let (id, ty) = (cx.str("EpisodeId"), cx.str("EpisodeType"));
        let mut episodes: Vec<Map<String, Value>> = c
            .episodes
            .iter()
            .map(|e| {
                let mut e = e.clone();
                e.insert("Status".into(), json!(Caster::episode_status(&e, cx.now)));
                e
            })
            .filter(|e| {
                let (es, ee) = (
                    timefmt::parse(&s(e, "StartTime")),
                    timefmt::parse(&s(e, "EndTime")),
                );
                id.is_none_or(|x| s(e, "EpisodeId") == x)
                    && ty.is_none_or(|x| s(e, "EpisodeType") == x)
                    && status.is_none_or(|st| e.get("Status") == Some(&json!(st)))
                    && start.is_none_or(|st| ee.is_some_and(|t| t > st))
                    && end.is_none_or(|en| es.is_some_and(|t| t < en))
            })
            .collect();
        episodes.sort_by_key(|e| s(e, "StartTime"));
        let items = episodes.into_iter().map(Value::Object).collect();
        let mut out = Self::with_caster_id(cx)?;
        out.insert("ProgramName".into(), json!(s(&c.config, "ProgramName")));
        out.insert(
            "ProgramEffect".into(),
            c.config.get("ProgramEffect").cloned().unwrap_or(json!(0)),
        );
        paginate(cx, items, &mut out);
        Ok(out)
    }

    // ---- episode groups --------------------------------------------------

    fn group_out(g: &EpisodeGroup) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("ProgramId".into(), json!(g.program_id));
        out.insert("ItemIds".into(), json!(g.item_ids));
        out
    }

    fn new_group(&mut self, cx: &Ctx<'_>, token: &str, items: &[Value]) -> Out {
        if let Some(g) = self.groups.iter().find(|g| g.client_token == token) {
            return Ok(Self::group_out(g));
        }
        if items.is_empty() {
            return Err(cx.errs.make_detailed(
                "MissingParameter",
                400,
                "An episode group needs at least one item.",
            ));
        }
        for it in items {
            let url = it.get("VodUrl").and_then(Value::as_str).unwrap_or("");
            if !is_url(url, &["http", "https", "oss"]) {
                return Err(malformed(
                    cx,
                    "InvalidParameter.Malformed",
                    format!("Item VodUrl {url:?} is not an http(s):// URL."),
                ));
            }
        }
        let program_id = self.next_id();
        let item_ids = items.iter().map(|_| self.next_id()).collect();
        let g = EpisodeGroup {
            program_id,
            client_token: token.to_owned(),
            item_ids,
        };
        let out = Self::group_out(&g);
        self.groups.push(g);
        Ok(out)
    }

    fn check_group_start(cx: &Ctx<'_>, start: &str) -> Result<(), ApiError> {
        if timefmt::parse(start).is_none() {
            return Err(malformed(
                cx,
                "IncorrectStartTime",
                format!("StartTime {start:?} is not yyyy-MM-ddTHH:mm:ssZ."),
            ));
        }
        Ok(())
    }

    fn check_repeat(cx: &Ctx<'_>, n: i64) -> Result<(), ApiError> {
        if n < -1 {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                format!("RepeatNum must be -1 (forever), 0 (once) or more, not {n}."),
            ));
        }
        Ok(())
    }

    fn add_group(&mut self, cx: &Ctx<'_>) -> Out {
        Self::check_group_start(cx, cx.req("StartTime")?)?;
        Self::check_repeat(cx, cx.int("RepeatNum").unwrap_or(0))?;
        let items =
            cx.p.get("Item")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
        self.new_group(cx, cx.req("ClientToken")?, &items)
    }

    fn add_group_content(&mut self, cx: &Ctx<'_>) -> Out {
        let content = json_object(cx, "Content")?.unwrap_or_default();
        let start = get_ci(&content, "StartTime")
            .and_then(Value::as_str)
            .unwrap_or("");
        Self::check_group_start(cx, start)?;
        let repeat = get_ci(&content, "RepeatNum").and_then(num).unwrap_or(0.0);
        Self::check_repeat(cx, repeat as i64)?;
        let items = get_ci(&content, "Items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        self.new_group(cx, cx.req("ClientToken")?, &items)
    }

    fn delete_group(&mut self, cx: &Ctx<'_>) -> Out {
        let id = cx.req("ProgramId")?;
        let before = self.groups.len();
        self.groups.retain(|g| g.program_id != id);
        if self.groups.len() == before {
            return Err(cx.errs.make(
                "InvalidProgramId.NotFound",
                404,
                "The specified ProgramId does not exist.",
            ));
        }
        Ok(Map::new())
    }

    // ---- scenes ----------------------------------------------------------

    fn describe_scenes(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let id = cx.str("SceneId");
        if id.is_some() {
            c.scene(cx)?;
        }
        let items: Vec<Value> = c
            .scenes
            .iter()
            .filter(|sc| id.is_none_or(|x| sc.id == x))
            .map(|sc| c.scene_json(sc))
            .collect();
        let mut out = Map::new();
        out.insert("Total".into(), json!(items.len()));
        out.insert("SceneList".into(), Value::Array(items));
        Ok(out)
    }

    fn set_scene_config(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let i = c.scene(cx)?;
        let layout = cx.str("LayoutId");
        if let Some(l) = layout {
            position(cx, &c.layouts, LAYOUT, l)?;
        }
        let components = strings(cx.p.get("ComponentId"));
        for id in &components {
            position(cx, &c.components, COMPONENT, id)?;
        }
        let sc = &mut c.scenes[i];
        if let Some(l) = layout {
            sc.layout_id = l.to_owned();
        }
        if cx.p.contains_key("ComponentId") {
            sc.component_ids = components;
        }
        Ok(Map::new())
    }

    fn delete_scene_config(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let i = c.scene(cx)?;
        let ty = cx.req("Type")?;
        if !["Component", "Layout", "All"].contains(&ty) {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                format!("Type must be Component, Layout or All, not {ty:?}."),
            ));
        }
        let sc = &mut c.scenes[i];
        if sc.running {
            return Err(cx.errs.make(
                "IncorrectSceneStatus.Inuse",
                400,
                "The scene is running; stop it before deleting its configuration.",
            ));
        }
        if ty != "Layout" {
            sc.component_ids.clear();
        }
        if ty != "Component" {
            sc.layout_id.clear();
        }
        Ok(Map::new())
    }

    fn copy_scene_config(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let find = |name: &str| -> Result<usize, ApiError> {
            let id = cx.req(name)?;
            c.scenes
                .iter()
                .position(|sc| sc.id == id)
                .ok_or_else(|| not_found(cx, "Scene"))
        };
        let (from, to) = (find("FromSceneId")?, find("ToSceneId")?);
        let src = c.scenes[from].clone();
        let dst = &mut c.scenes[to];
        dst.layout_id = src.layout_id;
        dst.component_ids = src.component_ids;
        dst.audio = src.audio;
        Ok(Map::new())
    }

    fn start_scene(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let i = c.scene(cx)?;
        if !c.running() {
            return Err(cx.errs.make(
                "IncorrectCasterStatus.Idle",
                400,
                "The caster is not running; start it first.",
            ));
        }
        if c.scenes[i].running {
            return Err(cx.errs.make(
                "IncorrectSceneStatus.Inuse",
                400,
                "The scene is already running.",
            ));
        }
        c.scenes[i].running = true;
        let (flv, _) = c.scene_urls(&c.scenes[i]);
        let mut out = Map::new();
        out.insert("StreamUrl".into(), json!(flv));
        Ok(out)
    }

    fn stop_scene(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let i = c.scene(cx)?;
        if !c.scenes[i].running {
            return Err(cx.errs.make(
                "IncorrectSceneStatus.Idle",
                400,
                "The scene is not running.",
            ));
        }
        c.scenes[i].running = false;
        Ok(Map::new())
    }

    fn update_audio(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        let i = c.scene(cx)?;
        let list = |k: &str| -> Vec<Value> {
            cx.p.get(k)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let (layers, mix) = (list("AudioLayer"), list("MixList"));
        if layers.len() != mix.len() {
            return Err(malformed(
                cx,
                "InvalidAudioLayersAndMixListSize.Mismatch",
                format!(
                    "{} AudioLayer entries but {} MixList entries; they pair up one to one.",
                    layers.len(),
                    mix.len()
                ),
            ));
        }
        if let Some(bad) = mix
            .iter()
            .find(|v| !v.as_str().is_some_and(|x| location_ok("RV", x)))
        {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                format!("MixList entry {bad} is not a location RV01..RV99."),
            ));
        }
        let follow = cx.int("FollowEnable").unwrap_or(1);
        if !(0..=1).contains(&follow) {
            return Err(malformed(
                cx,
                "InvalidParameter.Malformed",
                "FollowEnable must be 0 (mix) or 1 (follow the video).".into(),
            ));
        }
        let mut audio = Map::new();
        audio.insert("AudioLayers".into(), Value::Array(layers));
        audio.insert("MixList".into(), Value::Array(mix));
        audio.insert("FollowEnable".into(), json!(follow));
        c.scenes[i].audio = Some(audio);
        Ok(Map::new())
    }

    fn describe_audio(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let sc = &c.scenes[c.scene(cx)?];
        let mut out = match &sc.audio {
            Some(a) => a.clone(),
            None => {
                // Until set, the audio follows the scene's layout.
                let layout = c.layouts.iter().find(|l| s(l, "LayoutId") == sc.layout_id);
                let mut m = Map::new();
                m.insert("FollowEnable".into(), json!(1));
                for key in ["AudioLayers", "MixList"] {
                    m.insert(
                        key.into(),
                        layout
                            .and_then(|l| l.get(key).cloned())
                            .unwrap_or(json!([])),
                    );
                }
                m
            }
        };
        out.insert("CasterId".into(), json!(c.id()));
        Ok(out)
    }

    // ---- channels and effects --------------------------------------------

    fn set_channel(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster_mut(cx)?;
        if c.info.get("ChannelEnable").and_then(Value::as_i64) != Some(1) {
            return Err(cx.errs.make(
                "IncorrectChannel.Disable",
                400,
                "Channels are not enabled; set ChannelEnable=1 with SetCasterConfig.",
            ));
        }
        let channel = cx.req("ChannelId")?;
        let n: Option<u32> = channel
            .strip_prefix("RV")
            .filter(|_| location_ok("RV", channel))
            .and_then(|n| n.parse().ok());
        if n.is_none_or(|n| n > MAX_CHANNELS) {
            return Err(malformed(
                cx,
                "InvalidChannelId.Malformed",
                format!("ChannelId {channel:?} is not RV01..RV{MAX_CHANNELS:02}."),
            ));
        }
        if cx.int("PlayStatus").is_some_and(|p| !(0..=1).contains(&p)) {
            return Err(malformed(
                cx,
                "InvalidParameter.PlayStatus",
                "PlayStatus must be 0 (paused) or 1 (playing).".into(),
            ));
        }
        if cx.int("SeekOffset").is_some_and(|o| o < 0) {
            return Err(malformed(
                cx,
                "InvalidParameter.SeekOffset",
                "SeekOffset must not be negative.".into(),
            ));
        }
        let resource = cx.str("ResourceId").unwrap_or("");
        if !resource.is_empty() {
            position(cx, &c.resources, RESOURCE, resource)?;
            if c.channels
                .iter()
                .any(|(id, ch)| id != channel && s(ch, "ResourceId") == resource)
            {
                return Err(malformed(
                    cx,
                    "ResourceOfChannelExist",
                    format!("Resource {resource} is already set on another channel."),
                ));
            }
        }
        let (flv, rtmp) = match c.domain() {
            Some(d) => {
                let key = format!("{}_{channel}", c.id().replace('-', ""));
                (
                    format!("http://{d}/caster/{key}.flv"),
                    format!("rtmp://{d}/caster/{key}"),
                )
            }
            None => (String::new(), String::new()),
        };
        let prev_beauty = c
            .channels
            .get(channel)
            .map(|ch| s(ch, "FaceBeauty"))
            .unwrap_or_default();
        let ch = json!({
            "ChannelId": channel,
            "ResourceId": resource,
            "FaceBeauty": cx.str("FaceBeauty").map_or(prev_beauty, str::to_owned),
            "StreamUrl": flv,
            "RtmpUrl": rtmp,
        });
        if let Value::Object(ch) = ch {
            c.channels.insert(channel.to_owned(), ch);
        }
        Ok(Map::new())
    }

    fn describe_channels(&self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        let items: Vec<Value> = c.channels.values().cloned().map(Value::Object).collect();
        let mut out = Map::new();
        out.insert("Total".into(), json!(items.len()));
        out.insert("Channels".into(), Value::Array(items));
        Ok(out)
    }

    fn running_scene<'c>(cx: &Ctx<'_>, c: &'c Caster) -> Result<&'c Scene, ApiError> {
        let sc = &c.scenes[c.scene(cx)?];
        if !sc.running {
            return Err(cx.errs.make(
                "IncorrectSceneStatus.Idle",
                400,
                "The scene is not running; start it first.",
            ));
        }
        Ok(sc)
    }

    fn effect_urgent(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        Self::running_scene(cx, c)?;
        let has_urgent = [
            "UrgentMaterialId",
            "UrgentLiveStreamUrl",
            "UrgentImageId",
            "UrgentImageUrl",
        ]
        .iter()
        .any(|k| !s(&c.config, k).is_empty());
        if !has_urgent {
            return Err(cx.errs.make_detailed(
                "InvalidUrgentMaterial.NotFound",
                404,
                "The caster has no urgent (standby) material; set one with SetCasterConfig.",
            ));
        }
        Ok(Map::new())
    }

    fn effect_resource(&mut self, cx: &Ctx<'_>) -> Out {
        let c = self.caster(cx)?;
        Self::running_scene(cx, c)?;
        let id = cx.req("ResourceId")?;
        position(cx, &c.resources, RESOURCE, id)?;
        Ok(Map::new())
    }
}

/// The caster templates (resolutions) the vendor documents.
fn valid_template(t: &str) -> bool {
    let base = t.strip_suffix("_v").unwrap_or(t);
    ["lp_ld", "lp_sd", "lp_hd", "lp_ud"].contains(&base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        assert!(location_ok("RV", "RV01"));
        assert!(location_ok("RC", "RC99"));
        for bad in ["RV00", "RV1", "RV001", "RC01x", "rv01", ""] {
            assert!(!location_ok("RV", bad), "{bad}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(hms(0), "0:00:00");
        assert_eq!(hms(3723), "1:02:03");
        assert_eq!(hms(-5), "0:00:00");
    }

    #[test]
    fn templates_and_urls() {
        assert!(valid_template("lp_sd") && valid_template("lp_hd_v"));
        assert!(!valid_template("lp_xx") && !valid_template(""));
        assert!(is_url("rtmp://a.example.com/app/s", &["rtmp"]));
        assert!(!is_url("rtmp:///x", &["rtmp"]) && !is_url("ftp://x", &["http"]));
    }
}

//! The caster family over real HTTP: state rules, errors, and the shape of
//! every caster action's success response (checked here rather than in
//! `conformance.rs`, since each needs a caster to succeed).

mod common;

use std::cell::RefCell;
use std::collections::BTreeSet;

use aliyun_live_codegen::model::Spec;
use aliyun_live_emulator::{conformance, embedded_spec, timefmt};
use common::*;
use serde_json::Value;
use time::Duration;

const D: &str = "caster.example.com";

/// A harness that checks every successful caster response against the spec
/// and remembers which actions succeeded.
struct Caster {
    h: Harness,
    spec: std::sync::Arc<Spec>,
    seen: RefCell<BTreeSet<String>>,
}

impl Caster {
    async fn start() -> Caster {
        let h = start().await;
        h.add_domain(D, "liveVideo").await;
        Caster {
            h,
            spec: embedded_spec().expect("spec loads"),
            seen: RefCell::default(),
        }
    }

    async fn ok(&self, action: &str, params: &[(&str, &str)]) -> Value {
        let body = self.h.ok(action, params).await;
        let a = self.spec.action(action).expect("action in the spec");
        let problems = conformance::check(&self.spec, a, &body);
        assert!(problems.is_empty(), "{action}: {problems:#?}\n{body:#}");
        let missing = conformance::missing_fields(&self.spec, a, &body);
        assert!(
            missing.is_empty(),
            "{action} leaves out {missing:?}\n{body:#}"
        );
        self.seen.borrow_mut().insert(action.to_owned());
        body
    }

    async fn err(&self, action: &str, params: &[(&str, &str)], status: u16, code: &str) {
        self.h.err(action, params, status, code).await;
    }

    /// Sends the same call twice: the first must succeed, the second must
    /// fail with `status` and `code`. Returns the first answer.
    async fn ok_then_err(
        &self,
        action: &str,
        params: &[(&str, &str)],
        status: u16,
        code: &str,
    ) -> Value {
        let body = self.ok(action, params).await;
        self.err(action, params, status, code).await;
        body
    }

    /// Creates a PostPaid caster; returns its id.
    async fn create(&self, name: &str, token: &str) -> String {
        let out = self
            .ok(
                "CreateCaster",
                &[
                    ("CasterName", name),
                    ("ClientToken", token),
                    ("NormType", "1"),
                    ("ChargeType", "PostPaid"),
                ],
            )
            .await;
        str_of(&out["CasterId"])
    }

    /// Configures domain and template so the caster can start.
    async fn configure(&self, id: &str) {
        self.ok(
            "SetCasterConfig",
            &[
                ("CasterId", id),
                ("DomainName", D),
                (
                    "TranscodeConfig",
                    r#"{"CasterTemplate":"lp_sd","LiveTemplateIds":["lhd","lsd"]}"#,
                ),
            ],
        )
        .await;
    }

    async fn scenes(&self, id: &str) -> Vec<Value> {
        let out = self.ok("DescribeCasterScenes", &[("CasterId", id)]).await;
        list(&out, "SceneList", "Scene").clone()
    }

    /// The id of the scene with `OutputType` `ty` ("0" PVW, "1" PGM).
    async fn scene(&self, id: &str, ty: &str) -> String {
        let scenes = self.scenes(id).await;
        let sc = scenes
            .iter()
            .find(|s| s["OutputType"] == ty)
            .unwrap_or_else(|| panic!("no scene of type {ty}: {scenes:?}"));
        str_of(&sc["SceneId"])
    }

    async fn add_resource(&self, id: &str, location: &str, url: &str) -> String {
        let out = self
            .ok(
                "AddCasterVideoResource",
                &[
                    ("CasterId", id),
                    ("ResourceName", "camera"),
                    ("LocationId", location),
                    ("LiveStreamUrl", url),
                ],
            )
            .await;
        str_of(&out["ResourceId"])
    }
}

fn str_of(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("not a string: {v}"))
        .to_owned()
}

fn list<'a>(body: &'a Value, field: &str, wrapper: &str) -> &'a Vec<Value> {
    body[field][wrapper]
        .as_array()
        .unwrap_or_else(|| panic!("{field}.{wrapper} is not a list: {body}"))
}

fn refs(p: &[(String, String)]) -> Vec<(&str, &str)> {
    p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

fn future(h: &Harness, hours: i64) -> String {
    timefmt::format(h.now() + Duration::hours(hours))
}

const LAYOUT: &[(&str, &str)] = &[
    ("BlendList.1", "RV01"),
    ("BlendList.2", "RV02"),
    ("MixList.1", "RV01"),
    ("VideoLayer.1.HeightNormalized", "1"),
    ("VideoLayer.1.WidthNormalized", "1"),
    ("VideoLayer.1.PositionRefer", "topLeft"),
    ("VideoLayer.1.PositionNormalized.1", "0"),
    ("VideoLayer.1.PositionNormalized.2", "0"),
    ("VideoLayer.2.HeightNormalized", "0.25"),
    ("VideoLayer.2.WidthNormalized", "0.25"),
    ("VideoLayer.2.PositionRefer", "topRight"),
    ("VideoLayer.2.PositionNormalized.1", "0.7"),
    ("VideoLayer.2.PositionNormalized.2", "0.05"),
    ("AudioLayer.1.VolumeRate", "0.8"),
    ("AudioLayer.1.ValidChannel", "all"),
];

fn with<'a>(base: &[(&'a str, &'a str)], extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    base.iter().chain(extra).copied().collect()
}

/// A complete caster workflow touching every caster action; each success
/// response is checked against the spec, and at the end every action of
/// the `caster` group must have been seen.
#[tokio::test]
async fn every_caster_action_in_a_workflow_conforms() {
    let c = Caster::start().await;
    let id = c.create("evening show", "token-1").await;
    c.configure(&id).await;

    // Config round trip.
    c.ok(
        "SetCasterConfig",
        &[
            ("CasterId", &id),
            ("CasterName", "evening show v2"),
            ("Delay", "2.5"),
            ("UrgentMaterialId", "mat-1"),
            ("ProgramName", "news"),
            ("ProgramEffect", "1"),
            ("ChannelEnable", "1"),
            ("AutoSwitchUrgentOn", "true"),
            ("AutoSwitchUrgentConfig", r#"{"eofThres":3}"#),
            (
                "RecordConfig",
                r#"{"endpoint":"oss-cn-shanghai.aliyuncs.com","ossBucket":"rec","videoFormat":[{"Format":"m3u8","OssObjectPrefix":"r/{StartTime}","CycleDuration":600}]}"#,
            ),
            (
                "SyncGroupsConfig",
                r#"[{"mode":0,"resourceIds":["a","b"],"hostResourceId":"a"}]"#,
            ),
        ],
    )
    .await;
    let cfg = c.ok("DescribeCasterConfig", &[("CasterId", &id)]).await;
    assert_eq!(cfg["CasterName"], "evening show v2");
    assert_eq!(cfg["DomainName"], D);
    assert_eq!(cfg["Delay"], 2.5);
    assert_eq!(cfg["ChannelEnable"], 1);
    assert_eq!(cfg["ProgramEffect"], 1);
    assert_eq!(cfg["AutoSwitchUrgentOn"], "true");
    assert_eq!(cfg["TranscodeConfig"]["CasterTemplate"], "lp_sd");
    assert_eq!(
        cfg["TranscodeConfig"]["LiveTemplateIds"]["LocationId"],
        serde_json::json!(["lhd", "lsd"])
    );
    assert_eq!(cfg["RecordConfig"]["OssBucket"], "rec");
    assert_eq!(
        cfg["RecordConfig"]["RecordFormat"]["RecordFormat"][0]["CycleDuration"],
        600
    );
    assert_eq!(
        cfg["SyncGroupsConfig"]["SyncGroup"][0]["HostResourceId"],
        "a"
    );

    // Resources.
    let cam = c
        .add_resource(&id, "RV01", "rtmp://push.example.com/live/cam")
        .await;
    let vod = c
        .ok(
            "AddCasterVideoResource",
            &[
                ("CasterId", &id),
                ("ResourceName", "clip"),
                ("LocationId", "RV02"),
                ("VodUrl", "https://vod.example.com/clip.mp4"),
                ("BeginOffset", "5"),
                ("EndOffset", "60"),
                ("RepeatNum", "2"),
            ],
        )
        .await;
    let vod = str_of(&vod["ResourceId"]);
    c.ok(
        "ModifyCasterVideoResource",
        &[("CasterId", &id), ("ResourceId", &vod), ("RepeatNum", "-1")],
    )
    .await;
    let res = c
        .ok("DescribeCasterVideoResources", &[("CasterId", &id)])
        .await;
    assert_eq!(res["Total"], 2);
    let items = list(&res, "VideoResources", "VideoResource");
    assert_eq!(items[0]["ResourceId"], cam.as_str());
    assert_eq!(items[0]["FlvUrl"], "http://push.example.com/live/cam.flv");
    assert_eq!(items[1]["RepeatNum"], -1);
    assert_eq!(items[1]["EndOffset"], 60);

    // Layouts.
    let layout = c
        .ok("AddCasterLayout", &with(LAYOUT, &[("CasterId", &id)]))
        .await;
    let layout = str_of(&layout["LayoutId"]);
    let out = c
        .ok(
            "ModifyCasterLayout",
            &with(
                LAYOUT,
                &[
                    ("CasterId", &id),
                    ("LayoutId", &layout),
                    ("MixList.1", "RV02"),
                ],
            )
            .into_iter()
            .filter(|(k, v)| *k != "MixList.1" || *v == "RV02")
            .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(out["LayoutId"], layout.as_str());
    let layouts = c
        .ok(
            "DescribeCasterLayouts",
            &[("CasterId", &id), ("LayoutId", &layout)],
        )
        .await;
    assert_eq!(layouts["Total"], 1);
    let l = &list(&layouts, "Layouts", "Layout")[0];
    assert_eq!(l["MixList"]["LocationId"], serde_json::json!(["RV02"]));
    assert_eq!(
        l["VideoLayers"]["VideoLayer"][1]["PositionNormalizeds"]["Position"],
        serde_json::json!([0.7, 0.05])
    );
    let spare = c
        .ok("AddCasterLayout", &with(LAYOUT, &[("CasterId", &id)]))
        .await;
    let spare = str_of(&spare["LayoutId"]);
    let out = c
        .ok(
            "DeleteCasterLayout",
            &[("CasterId", &id), ("LayoutId", &spare)],
        )
        .await;
    assert_eq!(out["LayoutId"], spare.as_str());

    // Components.
    let text = c
        .ok(
            "AddCasterComponent",
            &[
                ("CasterId", &id),
                ("ComponentName", "title"),
                ("LocationId", "RC01"),
                ("ComponentType", "text"),
                ("Effect", "animateH"),
                (
                    "ComponentLayer",
                    r#"{"HeightNormalized":"0.1","WidthNormalized":"0.5","PositionRefer":"topLeft","PositionNormalized":["0.1","0.8"]}"#,
                ),
                (
                    "TextLayerContent",
                    r#"{"Text":"hello","Color":"0xffffff","SizeNormalized":"0.05","FontName":"KaiTi","BorderColor":"0x000000","BorderWidthNormalized":"0"}"#,
                ),
            ],
        )
        .await;
    let text = str_of(&text["ComponentId"]);
    let logo = c
        .ok(
            "AddCasterComponent",
            &[
                ("CasterId", &id),
                ("LocationId", "RC02"),
                ("ComponentType", "image"),
                (
                    "ComponentLayer",
                    r#"{"HeightNormalized":0.1,"WidthNormalized":0.1,"PositionNormalized":[0.9,0]}"#,
                ),
                ("ImageLayerContent", r#"{"MaterialId":"logo-1"}"#),
            ],
        )
        .await;
    let logo = str_of(&logo["ComponentId"]);
    c.ok(
        "ModifyCasterComponent",
        &[
            ("CasterId", &id),
            ("ComponentId", &text),
            (
                "TextLayerContent",
                r#"{"Text":"good evening","Color":"0xff0000"}"#,
            ),
        ],
    )
    .await;
    let comps = c
        .ok(
            "DescribeCasterComponents",
            &[("CasterId", &id), ("ComponentId", &text)],
        )
        .await;
    assert_eq!(comps["Total"], 1);
    let comp = &list(&comps, "Components", "Component")[0];
    assert_eq!(comp["TextLayerContent"]["Text"], "good evening");
    assert_eq!(comp["Effect"], "animateH");
    assert_eq!(
        comp["ComponentLayer"]["PositionNormalizeds"]["Position"],
        serde_json::json!([0.1, 0.8])
    );

    // Episodes and programs.
    let (t1, t2, t3, t4) = (
        future(&c.h, 1),
        future(&c.h, 2),
        future(&c.h, 3),
        future(&c.h, 4),
    );
    let ep = c
        .ok(
            "AddCasterEpisode",
            &[
                ("CasterId", &id),
                ("EpisodeType", "Resource"),
                ("EpisodeName", "opening"),
                ("ResourceId", &cam),
                ("StartTime", &t1),
                ("EndTime", &t2),
                ("SwitchType", "TimeFirst"),
                ("ComponentId.1", &text),
            ],
        )
        .await;
    let ep = str_of(&ep["EpisodeId"]);
    let prog = c
        .ok(
            "AddCasterProgram",
            &[
                ("CasterId", &id),
                ("Episode.1.EpisodeType", "Resource"),
                ("Episode.1.ResourceId", &vod),
                ("Episode.1.StartTime", &t2),
                ("Episode.1.EndTime", &t3),
                ("Episode.1.SwitchType", "ContentFirst"),
                ("Episode.2.EpisodeType", "Component"),
                ("Episode.2.StartTime", &t1),
                ("Episode.2.EndTime", &t4),
                ("Episode.2.ComponentId.1", &logo),
            ],
        )
        .await;
    let ids = list(&prog, "EpisodeIds", "EpisodeId");
    assert_eq!(ids.len(), 2);
    let ep2 = str_of(&ids[0]["EpisodeId"]);
    let ep3 = str_of(&ids[1]["EpisodeId"]);
    c.ok(
        "ModifyCasterEpisode",
        &[
            ("CasterId", &id),
            ("EpisodeId", &ep),
            ("EpisodeName", "opening (live)"),
        ],
    )
    .await;
    c.ok(
        "ModifyCasterProgram",
        &[
            ("CasterId", &id),
            ("Episode.1.EpisodeId", &ep3),
            ("Episode.1.EpisodeType", "Component"),
            ("Episode.1.EpisodeName", "logo all along"),
            ("Episode.1.StartTime", &t1),
            ("Episode.1.EndTime", &t3),
        ],
    )
    .await;
    let program = c
        .ok(
            "DescribeCasterProgram",
            &[("CasterId", &id), ("PageSize", "2"), ("PageNum", "1")],
        )
        .await;
    assert_eq!(program["Total"], 3);
    assert_eq!(program["ProgramName"], "news");
    assert_eq!(program["ProgramEffect"], 1);
    let eps = list(&program, "Episodes", "Episode");
    assert_eq!(eps.len(), 2);
    assert_eq!(eps[0]["Status"], 0);
    let names: BTreeSet<&str> = eps
        .iter()
        .filter_map(|e| e["EpisodeName"].as_str())
        .collect();
    assert!(names.contains("opening (live)"), "{names:?}");
    let by_type = c
        .ok(
            "DescribeCasterProgram",
            &[("CasterId", &id), ("EpisodeType", "Component")],
        )
        .await;
    let eps = list(&by_type, "Episodes", "Episode");
    assert_eq!(eps.len(), 1);
    assert_eq!(eps[0]["EpisodeName"], "logo all along");
    assert_eq!(
        eps[0]["ComponentIds"]["ComponentId"],
        serde_json::json!([logo])
    );
    let out = c
        .ok(
            "DeleteCasterEpisode",
            &[("CasterId", &id), ("EpisodeId", &ep2)],
        )
        .await;
    assert_eq!(out["EpisodeId"], ep2.as_str());

    // Scenes.
    let pvw = c.scene(&id, "0").await;
    let pgm = c.scene(&id, "1").await;
    c.ok(
        "SetCasterSceneConfig",
        &[
            ("CasterId", &id),
            ("SceneId", &pvw),
            ("LayoutId", &layout),
            ("ComponentId.1", &text),
        ],
    )
    .await;
    c.ok(
        "CopyCasterSceneConfig",
        &[
            ("CasterId", &id),
            ("FromSceneId", &pvw),
            ("ToSceneId", &pgm),
        ],
    )
    .await;
    c.ok(
        "UpdateCasterSceneConfig",
        &[
            ("CasterId", &id),
            ("SceneId", &pgm),
            ("LayoutId", &layout),
            ("ComponentId.1", &text),
            ("ComponentId.2", &logo),
        ],
    )
    .await;
    let scenes = c
        .ok(
            "DescribeCasterScenes",
            &[("CasterId", &id), ("SceneId", &pgm)],
        )
        .await;
    let sc = &list(&scenes, "SceneList", "Scene")[0];
    assert_eq!(sc["LayoutId"], layout.as_str());
    assert_eq!(
        sc["ComponentIds"]["componentId"],
        serde_json::json!([text, logo])
    );
    assert_eq!(sc["Status"], 0);
    assert!(
        sc["StreamUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with(&format!("http://{D}/caster/")))
    );
    assert_eq!(list(sc, "StreamInfos", "StreamInfo").len(), 2);
    // Audio follows the layout until set.
    let audio = c
        .ok(
            "DescribeCasterSceneAudio",
            &[("CasterId", &id), ("SceneId", &pgm)],
        )
        .await;
    assert_eq!(audio["FollowEnable"], 1);
    assert_eq!(audio["MixList"]["LocationId"], serde_json::json!(["RV02"]));
    c.ok(
        "UpdateCasterSceneAudio",
        &[
            ("CasterId", &id),
            ("SceneId", &pgm),
            ("FollowEnable", "0"),
            ("MixList.1", "RV01"),
            ("MixList.2", "RV02"),
            ("AudioLayer.1.VolumeRate", "1"),
            ("AudioLayer.2.VolumeRate", "0.3"),
        ],
    )
    .await;
    let audio = c
        .ok(
            "DescribeCasterSceneAudio",
            &[("CasterId", &id), ("SceneId", &pgm)],
        )
        .await;
    assert_eq!(audio["CasterId"], id.as_str());
    assert_eq!(audio["FollowEnable"], 0);
    assert_eq!(audio["AudioLayers"]["AudioLayer"][1]["VolumeRate"], 0.3);
    c.ok(
        "DeleteCasterSceneConfig",
        &[("CasterId", &id), ("SceneId", &pvw), ("Type", "Component")],
    )
    .await;
    let sc = &c
        .scenes(&id)
        .await
        .into_iter()
        .find(|s| s["SceneId"] == pvw.as_str())
        .expect("pvw");
    assert_eq!(sc["ComponentIds"]["componentId"], serde_json::json!([]));
    assert_eq!(sc["LayoutId"], layout.as_str());

    // Channels.
    c.ok(
        "SetCasterChannel",
        &[
            ("CasterId", &id),
            ("ChannelId", "RV01"),
            ("ResourceId", &cam),
            ("FaceBeauty", "1"),
        ],
    )
    .await;
    let ch = c.ok("DescribeCasterChannels", &[("CasterId", &id)]).await;
    assert_eq!(ch["Total"], 1);
    let ch = &list(&ch, "Channels", "Channel")[0];
    assert_eq!(ch["ResourceId"], cam.as_str());
    assert_eq!(ch["FaceBeauty"], "1");
    assert!(
        ch["RtmpUrl"]
            .as_str()
            .is_some_and(|u| u.starts_with("rtmp://"))
    );

    // Running.
    let started = c.ok("StartCaster", &[("CasterId", &id)]).await;
    assert_eq!(
        list(&started, "PgmSceneInfos", "SceneInfo")[0]["SceneId"],
        pgm.as_str()
    );
    assert_eq!(
        list(&started, "PvwSceneInfos", "SceneInfo")[0]["SceneId"],
        pvw.as_str()
    );
    let urls = c.ok("DescribeCasterStreamUrl", &[("CasterId", &id)]).await;
    assert_eq!(urls["Total"], 2);
    assert_eq!(urls["CasterId"], id.as_str());
    let out = c
        .ok("StartCasterScene", &[("CasterId", &id), ("SceneId", &pvw)])
        .await;
    assert!(
        out["StreamUrl"]
            .as_str()
            .is_some_and(|u| u.contains(&pvw.replace('-', "")))
    );
    c.ok(
        "EffectCasterVideoResource",
        &[("CasterId", &id), ("SceneId", &pgm), ("ResourceId", &vod)],
    )
    .await;
    c.ok(
        "EffectCasterUrgent",
        &[("CasterId", &id), ("SceneId", &pgm)],
    )
    .await;
    c.ok("StopCasterScene", &[("CasterId", &id), ("SceneId", &pvw)])
        .await;
    let running = c.ok("DescribeCasters", &[("Status", "1")]).await;
    assert_eq!(running["Total"], 1);
    c.ok("StopCaster", &[("CasterId", &id)]).await;

    // Copies, episode groups, deletion.
    let copy = c
        .ok(
            "CopyCaster",
            &[
                ("SrcCasterId", &id),
                ("CasterName", "copy"),
                ("ClientToken", "copy-1"),
            ],
        )
        .await;
    let copy = str_of(&copy["CasterId"]);
    assert_ne!(copy, id);
    let layouts = c.ok("DescribeCasterLayouts", &[("CasterId", &copy)]).await;
    assert_eq!(layouts["Total"], 1);
    let group = c
        .ok(
            "AddCasterEpisodeGroup",
            &[
                ("ClientToken", "group-1"),
                ("DomainName", D),
                ("StartTime", &t1),
                ("RepeatNum", "-1"),
                ("SideOutputUrl", "rtmp://push.example.com/live/side"),
                ("CallbackUrl", "https://cb.example.com/caster"),
                ("Item.1.ItemName", "one"),
                ("Item.1.VodUrl", "https://vod.example.com/1.mp4"),
                ("Item.2.ItemName", "two"),
                ("Item.2.VodUrl", "https://vod.example.com/2.mp4"),
            ],
        )
        .await;
    assert_eq!(list(&group, "ItemIds", "ItemId").len(), 2);
    let content = format!(
        r#"{{"DomainName":"{D}","StartTime":"{t1}","RepeatNum":0,"Items":[{{"ItemName":"a","VodUrl":"https://vod.example.com/a.mp4"}}]}}"#
    );
    let group2 = c
        .ok(
            "AddCasterEpisodeGroupContent",
            &[("ClientToken", "group-2"), ("Content", &content)],
        )
        .await;
    assert_eq!(list(&group2, "ItemIds", "ItemId").len(), 1);
    c.ok(
        "DeleteCasterEpisodeGroup",
        &[("ProgramId", &str_of(&group["ProgramId"]))],
    )
    .await;
    c.ok(
        "DeleteCasterVideoResource",
        &[("CasterId", &id), ("ResourceId", &vod)],
    )
    .await;
    let out = c
        .ok(
            "DeleteCasterComponent",
            &[("CasterId", &id), ("ComponentId", &logo)],
        )
        .await;
    assert_eq!(out["ComponentId"], logo.as_str());
    c.ok("DeleteCasterProgram", &[("CasterId", &id)]).await;
    let program = c.ok("DescribeCasterProgram", &[("CasterId", &id)]).await;
    assert_eq!(program["Total"], 0);
    let out = c.ok("DeleteCaster", &[("CasterId", &id)]).await;
    assert_eq!(out["CasterId"], id.as_str());
    c.err(
        "DescribeCasterConfig",
        &[("CasterId", &id)],
        404,
        "InvalidCaster.NotFound",
    )
    .await;
    let all = c.ok("DescribeCasters", &[]).await;
    assert_eq!(all["Total"], 1);
    assert_eq!(
        list(&all, "CasterList", "Caster")[0]["CasterId"],
        copy.as_str()
    );

    let expected: BTreeSet<String> = c
        .spec
        .actions
        .iter()
        .filter(|a| a.group == "caster")
        .map(|a| a.name.clone())
        .collect();
    let seen = c.seen.borrow();
    let missing: Vec<&String> = expected.difference(&seen).collect();
    assert!(
        missing.is_empty(),
        "caster actions not exercised: {missing:?}"
    );
    assert_eq!(expected.len(), 44);
}

/// Every action naming a caster answers `InvalidCaster.NotFound` for an
/// unknown one, before looking at anything else.
#[tokio::test]
async fn unknown_casters_are_not_found() {
    let c = Caster::start().await;
    let spec = &c.spec;
    let now = c.h.now();
    for action in spec.actions.iter().filter(|a| a.group == "caster") {
        let caster_param = ["CasterId", "SrcCasterId"]
            .into_iter()
            .find(|p| action.params.iter().any(|x| x.name == *p && x.required));
        let Some(caster_param) = caster_param else {
            continue;
        };
        // Every required parameter with a plausible value.
        let mut params: Vec<(String, String)> = Vec::new();
        for p in action.params.iter().filter(|p| p.required) {
            let v = match p.name.as_str() {
                n if n == caster_param => "no-such-caster".to_owned(),
                "StartTime" => timefmt::format(now + Duration::hours(1)),
                "EndTime" => timefmt::format(now + Duration::hours(2)),
                "NormType" => "1".to_owned(),
                _ => "RV01".to_owned(),
            };
            let key = if matches!(p.shape, aliyun_live_codegen::model::Shape::List { .. }) {
                format!("{}.1", p.name)
            } else {
                p.name.clone()
            };
            params.push((key, v));
        }
        // Lists of structs need a field, not a bare value.
        let params: Vec<(String, String)> = params
            .into_iter()
            .map(|(k, v)| match k.as_str() {
                "VideoLayer.1" => ("VideoLayer.1.HeightNormalized".into(), "1".into()),
                "AudioLayer.1" => ("AudioLayer.1.VolumeRate".into(), "1".into()),
                "Episode.1" => ("Episode.1.EpisodeType".into(), "Component".into()),
                _ => (k, v),
            })
            .collect();
        c.err(&action.name, &refs(&params), 404, "InvalidCaster.NotFound")
            .await;
    }
}

/// (action, parameters besides `CasterId`, expected code).
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[tokio::test]
async fn unknown_parts_of_a_caster_are_not_found() {
    let c = Caster::start().await;
    let id = c.create("c", "t").await;
    let x = "no-such-id";
    let cases: Vec<Case<'_>> = vec![
        (
            "DeleteCasterLayout",
            vec![("LayoutId", x)],
            "InvalidLayout.NotFound",
        ),
        (
            "ModifyCasterLayout",
            with(LAYOUT, &[("LayoutId", x)]),
            "InvalidLayout.NotFound",
        ),
        (
            "DeleteCasterVideoResource",
            vec![("ResourceId", x)],
            "InvalidResource.NotFound",
        ),
        (
            "ModifyCasterVideoResource",
            vec![("ResourceId", x), ("ResourceName", "n")],
            "InvalidResource.NotFound",
        ),
        (
            "DeleteCasterComponent",
            vec![("ComponentId", x)],
            "InvalidComponent.NotFound",
        ),
        (
            "ModifyCasterComponent",
            vec![("ComponentId", x)],
            "InvalidComponent.NotFound",
        ),
        (
            "DeleteCasterEpisode",
            vec![("EpisodeId", x)],
            "InvalidEpisode.NotFound",
        ),
        (
            "ModifyCasterEpisode",
            vec![("EpisodeId", x), ("EpisodeName", "n")],
            "InvalidEpisode.NotFound",
        ),
        (
            "ModifyCasterProgram",
            vec![("Episode.1.EpisodeId", x), ("Episode.1.EpisodeName", "n")],
            "InvalidEpisode.NotFound",
        ),
        (
            "DescribeCasterScenes",
            vec![("SceneId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "StartCasterScene",
            vec![("SceneId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "StopCasterScene",
            vec![("SceneId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "DescribeCasterSceneAudio",
            vec![("SceneId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "UpdateCasterSceneAudio",
            vec![("SceneId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "SetCasterSceneConfig",
            vec![("SceneId", x), ("LayoutId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "DeleteCasterSceneConfig",
            vec![("SceneId", x), ("Type", "All")],
            "InvalidScene.NotFound",
        ),
        (
            "CopyCasterSceneConfig",
            vec![("FromSceneId", x), ("ToSceneId", x)],
            "InvalidScene.NotFound",
        ),
        (
            "EffectCasterUrgent",
            vec![("SceneId", x)],
            "InvalidScene.NotFound",
        ),
    ];
    for (action, params, code) in cases {
        let params = with(&[("CasterId", id.as_str())], &params);
        c.err(action, &params, 404, code).await;
    }
    let pvw = c.scene(&id, "0").await;
    c.err(
        "SetCasterSceneConfig",
        &[("CasterId", &id), ("SceneId", &pvw), ("LayoutId", x)],
        404,
        "InvalidLayout.NotFound",
    )
    .await;
    c.err(
        "SetCasterSceneConfig",
        &[("CasterId", &id), ("SceneId", &pvw), ("ComponentId.1", x)],
        404,
        "InvalidComponent.NotFound",
    )
    .await;
    c.err(
        "DeleteCasterEpisodeGroup",
        &[("ProgramId", x)],
        404,
        "InvalidProgramId.NotFound",
    )
    .await;
}

#[tokio::test]
async fn start_stop_and_scene_status_rules() {
    let c = Caster::start().await;
    let id = c.create("c", "t").await;
    let pvw = c.scene(&id, "0").await;
    let pgm = c.scene(&id, "1").await;
    // Nothing configured: no domain, then no template.
    c.err(
        "StartCaster",
        &[("CasterId", &id)],
        404,
        "InvalidDomainName.NotFound",
    )
    .await;
    c.err(
        "DescribeCasterStreamUrl",
        &[("CasterId", &id)],
        404,
        "InvalidDomainName.NotFound",
    )
    .await;
    c.ok("SetCasterConfig", &[("CasterId", &id), ("DomainName", D)])
        .await;
    c.err(
        "StartCaster",
        &[("CasterId", &id)],
        404,
        "InvalidCasterTemplate.NotFound",
    )
    .await;
    c.ok(
        "SetCasterConfig",
        &[
            ("CasterId", &id),
            ("TranscodeConfig", r#"{"casterTemplate":"lp_hd"}"#),
        ],
    )
    .await;
    // Scenes start only on a running caster.
    c.err(
        "StartCasterScene",
        &[("CasterId", &id), ("SceneId", &pvw)],
        400,
        "IncorrectCasterStatus.Idle",
    )
    .await;
    c.ok_then_err(
        "StartCaster",
        &[("CasterId", &id)],
        400,
        "IncorrectCasterStatus.Inuse",
    )
    .await;
    c.err(
        "DeleteCaster",
        &[("CasterId", &id)],
        400,
        "IncorrectCasterStatus.Inuse",
    )
    .await;
    let casters = c.ok("DescribeCasters", &[("CasterId", &id)]).await;
    let info = &list(&casters, "CasterList", "Caster")[0];
    assert_eq!(info["Status"], 1);
    assert_eq!(info["CasterTemplate"], "lp_hd");
    assert!(
        info["StartTime"]
            .as_str()
            .is_some_and(|t| timefmt::parse(t).is_some())
    );
    // The PGM scene runs; the PVW scene does not until started.
    let status = |scenes: &[Value], sid: &str| {
        scenes
            .iter()
            .find(|s| s["SceneId"] == sid)
            .map(|s| s["Status"].clone())
    };
    let scenes = c.scenes(&id).await;
    assert_eq!(status(&scenes, &pgm), Some(1.into()));
    assert_eq!(status(&scenes, &pvw), Some(0.into()));
    c.err(
        "EffectCasterUrgent",
        &[("CasterId", &id), ("SceneId", &pvw)],
        400,
        "IncorrectSceneStatus.Idle",
    )
    .await;
    c.err(
        "EffectCasterUrgent",
        &[("CasterId", &id), ("SceneId", &pgm)],
        404,
        "InvalidUrgentMaterial.NotFound",
    )
    .await;
    c.err(
        "StopCasterScene",
        &[("CasterId", &id), ("SceneId", &pvw)],
        400,
        "IncorrectSceneStatus.Idle",
    )
    .await;
    c.ok_then_err(
        "StartCasterScene",
        &[("CasterId", &id), ("SceneId", &pvw)],
        400,
        "IncorrectSceneStatus.Inuse",
    )
    .await;
    c.err(
        "DeleteCasterSceneConfig",
        &[("CasterId", &id), ("SceneId", &pvw), ("Type", "All")],
        400,
        "IncorrectSceneStatus.Inuse",
    )
    .await;
    c.err(
        "EffectCasterVideoResource",
        &[("CasterId", &id), ("SceneId", &pvw), ("ResourceId", "none")],
        404,
        "InvalidResource.NotFound",
    )
    .await;
    // Channels can be enabled only while stopped.
    c.err(
        "SetCasterConfig",
        &[("CasterId", &id), ("ChannelEnable", "1")],
        400,
        "IncorrectCasterStatus.EnableChannel",
    )
    .await;
    // Stopping stops every scene; stopping again is harmless.
    c.ok("StopCaster", &[("CasterId", &id)]).await;
    c.ok("StopCaster", &[("CasterId", &id)]).await;
    let scenes = c.scenes(&id).await;
    assert!(scenes.iter().all(|s| s["Status"] == 0), "{scenes:?}");
    let casters = c.ok("DescribeCasters", &[("Status", "0")]).await;
    assert_eq!(casters["Total"], 1);
    c.ok("DeleteCaster", &[("CasterId", &id)]).await;
}

#[tokio::test]
async fn create_validation_idempotency_and_listing() {
    let c = Caster::start().await;
    let base = [("ClientToken", "k"), ("NormType", "1")];
    c.err(
        "CreateCaster",
        &with(&base, &[("ChargeType", "Monthly")]),
        400,
        "InvalidChargeType.Malformed",
    )
    .await;
    c.err(
        "CreateCaster",
        &[
            ("ClientToken", "k"),
            ("NormType", "2"),
            ("ChargeType", "PostPaid"),
        ],
        404,
        "InvalidParameter.NormType",
    )
    .await;
    c.err(
        "CreateCaster",
        &with(
            &base,
            &[("ChargeType", "PostPaid"), ("CasterTemplate", "4k")],
        ),
        400,
        "InvalidCasterTemplate.Malformed",
    )
    .await;
    c.err(
        "CreateCaster",
        &with(&base, &[("ChargeType", "PrePaid")]),
        400,
        "InvalidParameter.PurchaseTime",
    )
    .await;
    c.err(
        "CreateCaster",
        &with(
            &base,
            &[("ChargeType", "PrePaid"), ("PurchaseTime", "tomorrow")],
        ),
        400,
        "InvalidParameter.PurchaseTime",
    )
    .await;
    c.err(
        "CreateCaster",
        &with(
            &base,
            &[
                ("ChargeType", "PrePaid"),
                ("PurchaseTime", "2030-01-02T00:00:00Z"),
                ("ExpireTime", "2030-01-01T00:00:00Z"),
            ],
        ),
        400,
        "InvalidParameter.ExpireTime",
    )
    .await;
    let pre = c
        .ok(
            "CreateCaster",
            &with(
                &base,
                &[
                    ("CasterName", "prepaid"),
                    ("ChargeType", "PrePaid"),
                    ("CasterTemplate", "lp_ld_v"),
                    ("PurchaseTime", "2030-01-01T00:00:00Z"),
                    ("ExpireTime", "2030-02-01T00:00:00Z"),
                ],
            ),
        )
        .await;
    // The same ClientToken is the same caster.
    let again = c
        .ok(
            "CreateCaster",
            &with(
                &base,
                &[("CasterName", "other"), ("ChargeType", "PostPaid")],
            ),
        )
        .await;
    assert_eq!(pre["CasterId"], again["CasterId"]);
    let mut ids = vec![str_of(&pre["CasterId"])];
    for i in 0..4 {
        ids.push(c.create(&format!("show {i}"), &format!("tok-{i}")).await);
    }
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 5);

    let all = c.ok("DescribeCasters", &[("PageSize", "2")]).await;
    assert_eq!(all["Total"], 5);
    assert_eq!(list(&all, "CasterList", "Caster").len(), 2);
    let last = c
        .ok("DescribeCasters", &[("PageSize", "2"), ("PageNum", "3")])
        .await;
    assert_eq!(list(&last, "CasterList", "Caster").len(), 1);
    let prepaid = c.ok("DescribeCasters", &[("ChargeType", "0")]).await;
    assert_eq!(prepaid["Total"], 1);
    let p = &list(&prepaid, "CasterList", "Caster")[0];
    assert_eq!(p["CasterName"], "prepaid");
    assert_eq!(p["ExpireTime"], "2030-02-01T00:00:00Z");
    assert_eq!(p["CasterTemplate"], "lp_ld_v");
    assert_eq!(p["Duration"], "0:00:00");
    let named = c.ok("DescribeCasters", &[("CasterName", "show")]).await;
    assert_eq!(named["Total"], 4);
    // A modification moves a caster to the front (newest modified first),
    // and to the back in ascending order.
    c.ok(
        "SetCasterConfig",
        &[("CasterId", &ids[0]), ("CasterName", "prepaid, renamed")],
    )
    .await;
    let first = c.ok("DescribeCasters", &[]).await;
    assert_eq!(
        list(&first, "CasterList", "Caster")[0]["CasterId"],
        ids[0].as_str()
    );
    let asc = c
        .ok("DescribeCasters", &[("OrderByModifyAsc", "true")])
        .await;
    let asc = list(&asc, "CasterList", "Caster");
    assert_eq!(asc[asc.len().min(10) - 1]["CasterId"], ids[0].as_str());
    c.err(
        "DescribeCasters",
        &[("Status", "7")],
        400,
        "InvalidParameter.Status",
    )
    .await;
    c.err(
        "DescribeCasters",
        &[("StartTime", "yesterday")],
        400,
        "InvalidParameter.StartTime",
    )
    .await;
}

#[tokio::test]
async fn layouts_resources_and_components_validate() {
    let c = Caster::start().await;
    let id = c.create("c", "t").await;
    let cid = [("CasterId", id.as_str())];
    // One BlendList entry per video layer, one MixList entry per audio layer.
    let short: Vec<(&str, &str)> = with(LAYOUT, &cid)
        .into_iter()
        .filter(|(k, _)| *k != "BlendList.2")
        .collect();
    c.err(
        "AddCasterLayout",
        &short,
        400,
        "InvalidVideoLayersAndBlendListSize.Mismatch",
    )
    .await;
    c.err(
        "AddCasterLayout",
        &with(LAYOUT, &[("CasterId", &id), ("MixList.2", "RV02")]),
        400,
        "InvalidAudioLayersAndMixListSize.Mismatch",
    )
    .await;
    let off: Vec<(&str, &str)> = with(LAYOUT, &cid)
        .into_iter()
        .map(|(k, v)| {
            if k == "VideoLayer.2.PositionNormalized.1" {
                (k, "1.5")
            } else {
                (k, v)
            }
        })
        .collect();
    c.err(
        "AddCasterLayout",
        &off,
        400,
        "InvalidPositionNormalized.Malformed",
    )
    .await;
    let big: Vec<(&str, &str)> = with(LAYOUT, &cid)
        .into_iter()
        .map(|(k, v)| {
            if k == "VideoLayer.1.WidthNormalized" {
                (k, "2")
            } else {
                (k, v)
            }
        })
        .collect();
    c.err(
        "AddCasterLayout",
        &big,
        400,
        "InvalidHeightOrWidthNormalized",
    )
    .await;

    c.err(
        "AddCasterVideoResource",
        &[("CasterId", &id), ("ResourceName", "x")],
        400,
        "MissingParameter",
    )
    .await;
    c.err(
        "AddCasterVideoResource",
        &[
            ("CasterId", &id),
            ("ResourceName", "x"),
            ("LiveStreamUrl", "push.example.com/a"),
        ],
        400,
        "InvalidLiveStreamUrl.Malformed",
    )
    .await;
    c.err(
        "AddCasterVideoResource",
        &[
            ("CasterId", &id),
            ("ResourceName", "x"),
            ("VodUrl", "ftp://x/y.mp4"),
        ],
        400,
        "InvalidVodUrl.Malformed",
    )
    .await;
    c.add_resource(&id, "RV01", "rtmp://push.example.com/live/a")
        .await;
    c.err(
        "AddCasterVideoResource",
        &[
            ("CasterId", &id),
            ("ResourceName", "x"),
            ("LocationId", "RV01"),
            ("LiveStreamUrl", "rtmp://push.example.com/live/b"),
        ],
        400,
        "DuplicateLocationID",
    )
    .await;
    c.err(
        "AddCasterVideoResource",
        &[
            ("CasterId", &id),
            ("ResourceName", "x"),
            ("LocationId", "RC01"),
            ("LiveStreamUrl", "rtmp://push.example.com/live/b"),
        ],
        400,
        "UnexpectedLocationID",
    )
    .await;

    let comp = [
        ("CasterId", id.as_str()),
        ("LocationId", "RC01"),
        ("ComponentType", "text"),
        (
            "ComponentLayer",
            r#"{"HeightNormalized":0.1,"WidthNormalized":0.1,"PositionNormalized":[0,0]}"#,
        ),
    ];
    c.err("AddCasterComponent", &comp, 400, "MissingParameter")
        .await;
    c.err(
        "AddCasterComponent",
        &with(&comp, &[("TextLayerContent", "{not json")]),
        400,
        "InvalidParameter.Malformed",
    )
    .await;
    let bad_layer: Vec<(&str, &str)> = comp
        .iter()
        .map(|&(k, v)| {
            if k == "ComponentLayer" {
                (k, r#"{"PositionNormalized":[0.5]}"#)
            } else {
                (k, v)
            }
        })
        .chain([("TextLayerContent", r#"{"Text":"t"}"#)])
        .collect();
    c.err(
        "AddCasterComponent",
        &bad_layer,
        400,
        "InvalidPositionNormalized.Malformed",
    )
    .await;
    c.ok_then_err(
        "AddCasterComponent",
        &with(&comp, &[("TextLayerContent", r#"{"Text":"t"}"#)]),
        400,
        "DuplicateLocationID",
    )
    .await;
    let listed = c.ok("DescribeCasterComponents", &[("CasterId", &id)]).await;
    let comp = &list(&listed, "Components", "Component")[0];
    assert_eq!(comp["Effect"], "none");
    assert_eq!(comp["ComponentType"], "text");
    assert_eq!(comp["TextLayerContent"]["Text"], "t");
}

#[tokio::test]
async fn episodes_keep_to_the_schedule() {
    let c = Caster::start().await;
    let id = c.create("c", "t").await;
    let cam = c
        .add_resource(&id, "RV01", "rtmp://push.example.com/live/a")
        .await;
    let (t1, t2, t3) = (future(&c.h, 1), future(&c.h, 2), future(&c.h, 3));
    let past = timefmt::format(c.h.now() - Duration::hours(1));
    let ep = |start: &str, end: &str, switch: &str, res: &str| -> Vec<(String, String)> {
        [
            ("CasterId", id.as_str()),
            ("EpisodeType", "Resource"),
            ("ResourceId", res),
            ("StartTime", start),
            ("EndTime", end),
            ("SwitchType", switch),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
    };
    let cases = [
        (ep(&t2, &t1, "TimeFirst", &cam), 400, "IncorrectEndTime"),
        (
            ep("soon", &t1, "TimeFirst", &cam),
            400,
            "IncorrectStartTime",
        ),
        (ep(&past, &t1, "TimeFirst", &cam), 400, "IncorrectStartTime"),
        (
            ep(&t1, &t2, "Sometimes", &cam),
            400,
            "SwitchTypeInvalid.Malformed",
        ),
        (
            ep(&t1, &t2, "TimeFirst", "nope"),
            404,
            "InvalidResource.NotFound",
        ),
    ];
    for (p, status, code) in cases {
        let r = refs(&p);
        c.err("AddCasterEpisode", &r, status, code).await;
    }
    let first = ep(&t1, &t2, "TimeFirst", &cam);
    let r = refs(&first);
    let out = c.ok("AddCasterEpisode", &r).await;
    let first_id = str_of(&out["EpisodeId"]);
    // Resource episodes may not overlap; back to back is fine.
    let overlap = ep(&future(&c.h, 1), &t3, "TimeFirst", &cam);
    let r = refs(&overlap);
    c.err("AddCasterEpisode", &r, 400, "EpisodeConflict.Malformed")
        .await;
    let next = ep(&t2, &t3, "ContentFirst", &cam);
    let r = refs(&next);
    let second = str_of(&c.ok("AddCasterEpisode", &r).await["EpisodeId"]);
    // Moving the second onto the first conflicts, and changes nothing.
    c.err(
        "ModifyCasterEpisode",
        &[
            ("CasterId", &id),
            ("EpisodeId", &second),
            ("StartTime", &t1),
        ],
        400,
        "EpisodeConflict.Malformed",
    )
    .await;
    // A malformed time inside a program's episode: the code the action
    // documents for that time.
    c.err(
        "AddCasterProgram",
        &[
            ("CasterId", &id),
            ("Episode.1.EpisodeType", "Component"),
            ("Episode.1.StartTime", "2026-01-01 10:00:00"),
            ("Episode.1.EndTime", &t2),
        ],
        400,
        "IncorrectStartTime",
    )
    .await;
    // A program is all or nothing.
    c.err(
        "AddCasterProgram",
        &[
            ("CasterId", &id),
            ("Episode.1.EpisodeType", "Component"),
            ("Episode.1.StartTime", &t1),
            ("Episode.1.EndTime", &t2),
            ("Episode.2.EpisodeType", "Component"),
            ("Episode.2.StartTime", &t1),
            ("Episode.2.EndTime", &t2),
            ("Episode.2.ComponentId.1", "nope"),
        ],
        404,
        "InvalidComponent.NotFound",
    )
    .await;
    let program = c.ok("DescribeCasterProgram", &[("CasterId", &id)]).await;
    assert_eq!(program["Total"], 2);
    let eps = list(&program, "Episodes", "Episode");
    assert_eq!(eps[0]["EpisodeId"], first_id.as_str());
    assert_eq!(eps[1]["StartTime"], t2.as_str());
    let window = c
        .ok(
            "DescribeCasterProgram",
            &[("CasterId", &id), ("StartTime", &t2), ("Status", "0")],
        )
        .await;
    assert_eq!(window["Total"], 1);
    let none = c
        .ok(
            "DescribeCasterProgram",
            &[("CasterId", &id), ("Status", "1")],
        )
        .await;
    assert_eq!(none["Total"], 0);
    c.err(
        "DescribeCasterProgram",
        &[("CasterId", &id), ("Status", "5")],
        400,
        "InvalidStatus.Malformed",
    )
    .await;
}

#[tokio::test]
async fn channels_need_enabling_and_hold_one_resource_each() {
    let c = Caster::start().await;
    let id = c.create("c", "t").await;
    let cam = c
        .add_resource(&id, "RV01", "rtmp://push.example.com/live/a")
        .await;
    let set = |ch: &'static str| {
        [
            ("CasterId", id.clone()),
            ("ChannelId", ch.to_owned()),
            ("ResourceId", cam.clone()),
        ]
    };
    let r = set("RV01");
    let r: Vec<(&str, &str)> = r.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.err("SetCasterChannel", &r, 400, "IncorrectChannel.Disable")
        .await;
    c.ok(
        "SetCasterConfig",
        &[("CasterId", &id), ("ChannelEnable", "1")],
    )
    .await;
    c.ok("SetCasterChannel", &r).await;
    let r2 = set("RV02");
    let r2: Vec<(&str, &str)> = r2.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.err("SetCasterChannel", &r2, 400, "ResourceOfChannelExist")
        .await;
    for bad in ["RV13", "RV1", "RC01", "RV00"] {
        c.err(
            "SetCasterChannel",
            &[("CasterId", &id), ("ChannelId", bad)],
            400,
            "InvalidChannelId.Malformed",
        )
        .await;
    }
    c.err(
        "SetCasterChannel",
        &[
            ("CasterId", &id),
            ("ChannelId", "RV02"),
            ("ResourceId", "nope"),
        ],
        404,
        "InvalidResource.NotFound",
    )
    .await;
    c.err(
        "SetCasterChannel",
        &[
            ("CasterId", &id),
            ("ChannelId", "RV02"),
            ("PlayStatus", "3"),
        ],
        400,
        "InvalidParameter.PlayStatus",
    )
    .await;
    c.err(
        "SetCasterConfig",
        &[("CasterId", &id), ("ChannelEnable", "0")],
        400,
        "InvalidCaster.ChannelDisableUnsupported",
    )
    .await;
    // Deleting the resource empties its channel.
    c.ok(
        "DeleteCasterVideoResource",
        &[("CasterId", &id), ("ResourceId", &cam)],
    )
    .await;
    let ch = c.ok("DescribeCasterChannels", &[("CasterId", &id)]).await;
    assert_eq!(list(&ch, "Channels", "Channel")[0]["ResourceId"], "");
    // Unconfigured domain: no URLs yet.
    assert_eq!(list(&ch, "Channels", "Channel")[0]["StreamUrl"], "");
}

#[tokio::test]
async fn copies_are_independent_and_deletion_takes_everything() {
    let c = Caster::start().await;
    let id = c.create("src", "t").await;
    c.configure(&id).await;
    c.add_resource(&id, "RV01", "rtmp://push.example.com/live/a")
        .await;
    c.ok("AddCasterLayout", &with(LAYOUT, &[("CasterId", &id)]))
        .await;
    let copy_params = [
        ("SrcCasterId", id.as_str()),
        ("CasterName", "dst"),
        ("ClientToken", "c1"),
    ];
    let copy = str_of(&c.ok("CopyCaster", &copy_params).await["CasterId"]);
    // A retried copy is the same copy.
    let again = str_of(&c.ok("CopyCaster", &copy_params).await["CasterId"]);
    assert_eq!(copy, again);
    c.err(
        "CopyCaster",
        &[
            ("SrcCasterId", "nope"),
            ("CasterName", "x"),
            ("ClientToken", "c2"),
        ],
        404,
        "InvalidCaster.NotFound",
    )
    .await;
    let src_scenes = c.scenes(&id).await;
    let dst_scenes = c.scenes(&copy).await;
    assert_eq!(dst_scenes.len(), src_scenes.len());
    assert!(
        dst_scenes
            .iter()
            .all(|d| src_scenes.iter().all(|s| s["SceneId"] != d["SceneId"]))
    );
    let cfg = c.ok("DescribeCasterConfig", &[("CasterId", &copy)]).await;
    assert_eq!(cfg["CasterName"], "dst");
    assert_eq!(cfg["DomainName"], D);
    // Changing the copy leaves the source alone.
    let res = c
        .ok("DescribeCasterVideoResources", &[("CasterId", &copy)])
        .await;
    let rid = str_of(&list(&res, "VideoResources", "VideoResource")[0]["ResourceId"]);
    c.ok(
        "DeleteCasterVideoResource",
        &[("CasterId", &copy), ("ResourceId", &rid)],
    )
    .await;
    let src = c
        .ok("DescribeCasterVideoResources", &[("CasterId", &id)])
        .await;
    assert_eq!(src["Total"], 1);
    c.ok("DeleteCaster", &[("CasterId", &id)]).await;
    for action in [
        "DescribeCasterLayouts",
        "DescribeCasterVideoResources",
        "DescribeCasterScenes",
    ] {
        c.err(action, &[("CasterId", &id)], 404, "InvalidCaster.NotFound")
            .await;
    }
    let left = c.ok("DescribeCasters", &[]).await;
    assert_eq!(left["Total"], 1);
}

#[tokio::test]
async fn set_caster_config_is_all_or_nothing() {
    let c = Caster::start().await;
    let id = c.create("c", "t").await;
    c.configure(&id).await;
    // A bad part rejects the whole request: the channel switch is not kept.
    c.err(
        "SetCasterConfig",
        &[
            ("CasterId", &id),
            ("ChannelEnable", "1"),
            ("CasterName", "renamed"),
            ("TranscodeConfig", r#"{"CasterTemplate":"8k"}"#),
        ],
        400,
        "InvalidParameter.Malformed",
    )
    .await;
    c.err(
        "SetCasterConfig",
        &[("CasterId", &id), ("SyncGroupsConfig", "{\"mode\":0}")],
        400,
        "InvalidParameter.Malformed",
    )
    .await;
    let cfg = c.ok("DescribeCasterConfig", &[("CasterId", &id)]).await;
    assert_eq!(cfg["ChannelEnable"], 0);
    assert_eq!(cfg["CasterName"], "c");
    assert_eq!(cfg["TranscodeConfig"]["CasterTemplate"], "lp_sd");
    // Only what is sent changes.
    c.ok("SetCasterConfig", &[("CasterId", &id), ("Delay", "3")])
        .await;
    let cfg = c.ok("DescribeCasterConfig", &[("CasterId", &id)]).await;
    assert_eq!(cfg["DomainName"], D);
    assert_eq!(cfg["Delay"], 3.0);
    // An empty TranscodeConfig clears the template, so the caster cannot start.
    c.ok(
        "SetCasterConfig",
        &[("CasterId", &id), ("TranscodeConfig", "")],
    )
    .await;
    let cfg = c.ok("DescribeCasterConfig", &[("CasterId", &id)]).await;
    assert_eq!(cfg["TranscodeConfig"]["CasterTemplate"], "");
    c.err(
        "StartCaster",
        &[("CasterId", &id)],
        404,
        "InvalidCasterTemplate.NotFound",
    )
    .await;
}

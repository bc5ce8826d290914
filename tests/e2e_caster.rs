//! The caster (导播台) family through the generated SDK against the emulator:
//! a realistic production workflow that calls each of the 44 caster actions,
//! with ids returned by Create/Add used by Describe/Modify/Delete, outputs
//! decoded by the SDK, paginators, and service errors as
//! `aliyun_live::Error::Service`.

use std::pin::pin;

use aliyun_live::Timestamp;
use aliyun_live::caster::add_caster_episode_group::AddCasterEpisodeGroupItem;
use aliyun_live::caster::add_caster_program::AddCasterProgramEpisode;
use aliyun_live::caster::modify_caster_program::ModifyCasterProgramEpisode;
use aliyun_live::caster::update_caster_scene_audio::UpdateCasterSceneAudioAudioLayer;
use aliyun_live::types::{CasterAudioLayer, CasterLayoutVideoLayer};
use aliyun_live_e2e::Env;
use futures_util::TryStreamExt;

const DOMAIN: &str = "caster.example.com";

/// `hours` from now.
fn in_hours(hours: i64) -> Timestamp {
    Timestamp::from_unix(Timestamp::now().unix() + hours * 3600).expect("in range")
}

async fn env_with_domain() -> Env {
    let env = Env::start().await;
    env.client
        .add_live_domain()
        .domain_name(DOMAIN)
        .live_domain_type("liveVideo")
        .region("cn-shanghai")
        .send()
        .await
        .expect("domain added");
    env
}

/// The service error's code, asserting the error is a service error.
fn service_code(e: &aliyun_live::Error) -> (&str, u16) {
    match e {
        aliyun_live::Error::Service(s) => (s.code.as_deref().unwrap_or(""), s.status),
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// Asserts `result` is the service error `expected` (code, HTTP status);
/// `what` names the call in the failure message. Returns the error.
#[track_caller]
fn expect_service_error<T: std::fmt::Debug>(
    result: Result<T, aliyun_live::Error>,
    what: &str,
    expected: (&str, u16),
) -> aliyun_live::Error {
    let err = result.expect_err(what);
    assert_eq!(service_code(&err), expected, "{what}");
    err
}

async fn create_caster(env: &Env, name: &str, token: &str) -> String {
    env.client
        .create_caster()
        .caster_name(name)
        .client_token(token)
        .norm_type(1)
        .charge_type("PostPaid")
        .send()
        .await
        .expect("caster created")
        .caster_id
        .expect("a CasterId")
}

#[tokio::test]
async fn a_caster_production_from_setup_to_teardown() {
    let env = env_with_domain().await;
    let c = &env.client;

    // --- Create and configure.
    let id = create_caster(&env, "evening news", "create-1").await;
    let out = c
        .set_caster_config()
        .caster_id(&id)
        .domain_name(DOMAIN)
        .caster_name("evening news (HD)")
        .transcode_config(r#"{"CasterTemplate":"lp_hd","LiveTemplateIds":["lhd","lsd"]}"#)
        .record_config(
            r#"{"endpoint":"oss-cn-shanghai.aliyuncs.com","ossBucket":"rec","videoFormat":[{"Format":"m3u8","OssObjectPrefix":"rec/{StartTime}","CycleDuration":1800}]}"#,
        )
        .delay(1.5)
        .urgent_material_id("standby-slate")
        .program_name("news at six")
        .program_effect(1)
        .channel_enable(1)
        .auto_switch_urgent_on(true)
        .auto_switch_urgent_config(r#"{"eofThres":3}"#)
        .send()
        .await
        .expect("configured");
    assert_eq!(out.caster_id.as_deref(), Some(id.as_str()));
    let cfg = c
        .describe_caster_config()
        .caster_id(&id)
        .send()
        .await
        .expect("config");
    assert_eq!(cfg.caster_name.as_deref(), Some("evening news (HD)"));
    assert_eq!(cfg.domain_name.as_deref(), Some(DOMAIN));
    assert_eq!(cfg.delay, Some(1.5));
    assert_eq!(cfg.channel_enable, Some(1));
    assert_eq!(cfg.program_effect, Some(1));
    assert_eq!(cfg.auto_switch_urgent_on.as_deref(), Some("true"));
    assert_eq!(cfg.urgent_material_id.as_deref(), Some("standby-slate"));
    let transcode = cfg.transcode_config.as_ref().expect("transcode config");
    assert_eq!(transcode.caster_template.as_deref(), Some("lp_hd"));
    assert_eq!(transcode.live_template_ids, ["lhd", "lsd"]);
    let record = cfg.record_config.as_ref().expect("record config");
    assert_eq!(record.oss_bucket.as_deref(), Some("rec"));
    assert_eq!(record.record_format.len(), 1);
    assert_eq!(record.record_format[0].cycle_duration, Some(1800));

    // --- Video resources.
    let cam = c
        .add_caster_video_resource()
        .caster_id(&id)
        .resource_name("studio camera")
        .location_id("RV01")
        .live_stream_url("rtmp://push.example.com/live/studio")
        .send()
        .await
        .expect("camera added")
        .resource_id
        .expect("a ResourceId");
    let clip = c
        .add_caster_video_resource()
        .caster_id(&id)
        .resource_name("intro clip")
        .location_id("RV02")
        .vod_url("https://vod.example.com/intro.mp4")
        .begin_offset(0)
        .end_offset(30)
        .repeat_num(0)
        .send()
        .await
        .expect("clip added")
        .resource_id
        .expect("a ResourceId");
    let out = c
        .modify_caster_video_resource()
        .caster_id(&id)
        .resource_id(&clip)
        .resource_name("intro clip v2")
        .repeat_num(2)
        .send()
        .await
        .expect("clip modified");
    assert_eq!(out.resource_id.as_deref(), Some(clip.as_str()));
    let res = c
        .describe_caster_video_resources()
        .caster_id(&id)
        .send()
        .await
        .expect("resources");
    assert_eq!(res.total, Some(2));
    let r = &res.video_resources[1];
    assert_eq!(r.resource_name.as_deref(), Some("intro clip v2"));
    assert_eq!(r.repeat_num, Some(2));
    assert_eq!(r.end_offset, Some(30));
    assert_eq!(
        res.video_resources[0].flv_url.as_deref(),
        Some("http://push.example.com/live/studio.flv")
    );

    // --- Layouts: picture in picture.
    let layout = c
        .add_caster_layout()
        .caster_id(&id)
        .video_layer(
            CasterLayoutVideoLayer::new()
                .height_normalized(1.0)
                .width_normalized(1.0)
                .position_refer("topLeft")
                .position_normalized(0.0)
                .position_normalized(0.0),
        )
        .video_layer(
            CasterLayoutVideoLayer::new()
                .height_normalized(0.3)
                .width_normalized(0.3)
                .position_refer("topRight")
                .position_normalized(0.65)
                .position_normalized(0.05)
                .fill_mode("fit"),
        )
        .blend_list("RV01")
        .blend_list("RV02")
        .audio_layer(
            CasterAudioLayer::new()
                .volume_rate(1.0)
                .valid_channel("all"),
        )
        .mix_list("RV01")
        .send()
        .await
        .expect("layout added")
        .layout_id
        .expect("a LayoutId");
    let out = c
        .modify_caster_layout()
        .caster_id(&id)
        .layout_id(&layout)
        .video_layer(
            CasterLayoutVideoLayer::new()
                .height_normalized(1.0)
                .width_normalized(1.0)
                .position_normalized(0.0)
                .position_normalized(0.0),
        )
        .blend_list("RV01")
        .audio_layer(CasterAudioLayer::new().volume_rate(0.5))
        .mix_list("RV02")
        .send()
        .await
        .expect("layout modified");
    assert_eq!(out.layout_id.as_deref(), Some(layout.as_str()));
    let spare = c
        .add_caster_layout()
        .caster_id(&id)
        .video_layer(
            CasterLayoutVideoLayer::new()
                .height_normalized(0.5)
                .width_normalized(0.5)
                .position_normalized(0.25)
                .position_normalized(0.25),
        )
        .blend_list("RV02")
        .audio_layer(CasterAudioLayer::new().volume_rate(1.0))
        .mix_list("RV02")
        .send()
        .await
        .expect("spare layout")
        .layout_id
        .expect("a LayoutId");
    let layouts = c
        .describe_caster_layouts()
        .caster_id(&id)
        .send()
        .await
        .expect("layouts");
    assert_eq!(layouts.total, Some(2));
    let l = layouts
        .layouts
        .iter()
        .find(|l| l.layout_id.as_deref() == Some(&layout))
        .expect("the layout");
    assert_eq!(l.blend_list, ["RV01"]);
    assert_eq!(l.mix_list, ["RV02"]);
    assert_eq!(l.video_layers.len(), 1);
    assert_eq!(l.video_layers[0].position_normalizeds, [0.0, 0.0]);
    assert_eq!(l.audio_layers[0].volume_rate, Some(0.5));
    let spare_layouts = c
        .describe_caster_layouts()
        .caster_id(&id)
        .layout_id(&spare)
        .send()
        .await
        .expect("one layout");
    assert_eq!(
        spare_layouts.layouts[0].video_layers[0].position_normalizeds,
        [0.25, 0.25]
    );
    let out = c
        .delete_caster_layout()
        .caster_id(&id)
        .layout_id(&spare)
        .send()
        .await
        .expect("spare deleted");
    assert_eq!(out.layout_id.as_deref(), Some(spare.as_str()));
    assert_eq!(out.caster_id.as_deref(), Some(id.as_str()));

    // --- Components: a lower third and a logo.
    let title = c
        .add_caster_component()
        .caster_id(&id)
        .component_name("lower third")
        .location_id("RC01")
        .component_type("text")
        .effect("animateH")
        .component_layer(
            r#"{"HeightNormalized":"0.1","WidthNormalized":"0.6","PositionRefer":"bottomLeft","PositionNormalized":["0.05","0.85"]}"#,
        )
        .text_layer_content(
            r#"{"Text":"Breaking news","Color":"0xffffff","FontName":"KaiTi","SizeNormalized":"0.05","BorderColor":"0x000000","BorderWidthNormalized":"0.1"}"#,
        )
        .send()
        .await
        .expect("title added")
        .component_id
        .expect("a ComponentId");
    let logo = c
        .add_caster_component()
        .caster_id(&id)
        .component_name("logo")
        .location_id("RC02")
        .component_type("image")
        .component_layer(
            r#"{"HeightNormalized":0.1,"WidthNormalized":0.1,"PositionRefer":"topRight","PositionNormalized":[0.9,0.02]}"#,
        )
        .image_layer_content(r#"{"MaterialId":"logo-material"}"#)
        .send()
        .await
        .expect("logo added")
        .component_id
        .expect("a ComponentId");
    let out = c
        .modify_caster_component()
        .caster_id(&id)
        .component_id(&title)
        .text_layer_content(r#"{"Text":"Live from the studio","Color":"0xffff00"}"#)
        .send()
        .await
        .expect("title modified");
    assert_eq!(out.component_id.as_deref(), Some(title.as_str()));
    let comps = c
        .describe_caster_components()
        .caster_id(&id)
        .send()
        .await
        .expect("components");
    assert_eq!(comps.total, Some(2));
    let t = &comps.components[0];
    assert_eq!(t.component_id.as_deref(), Some(title.as_str()));
    assert_eq!(t.effect.as_deref(), Some("animateH"));
    let text = t.text_layer_content.as_ref().expect("text content");
    assert_eq!(text.text.as_deref(), Some("Live from the studio"));
    let layer = t.component_layer.as_ref().expect("layer");
    assert_eq!(layer.width_normalized, Some(0.6));
    assert_eq!(layer.position_normalizeds, [0.05, 0.85]);
    let one = c
        .describe_caster_components()
        .caster_id(&id)
        .component_id(&logo)
        .send()
        .await
        .expect("one component");
    assert_eq!(one.components.len(), 1);
    assert_eq!(
        one.components[0]
            .image_layer_content
            .as_ref()
            .and_then(|i| i.material_id.as_deref()),
        Some("logo-material")
    );

    // --- The schedule: episodes and programs.
    let (h1, h2, h3, h4) = (in_hours(1), in_hours(2), in_hours(3), in_hours(4));
    let opening = c
        .add_caster_episode()
        .caster_id(&id)
        .episode_type("Resource")
        .episode_name("opening")
        .resource_id(&clip)
        .start_time(h1)
        .end_time(h2)
        .switch_type("TimeFirst")
        .component_id(&title)
        .send()
        .await
        .expect("episode added")
        .episode_id
        .expect("an EpisodeId");
    let program = c
        .add_caster_program()
        .caster_id(&id)
        .episode(
            AddCasterProgramEpisode::new()
                .episode_type("Resource")
                .episode_name("studio")
                .resource_id(&cam)
                .start_time(h2)
                .end_time(h3)
                .switch_type("ContentFirst"),
        )
        .episode(
            AddCasterProgramEpisode::new()
                .episode_type("Component")
                .episode_name("logo")
                .start_time(h1)
                .end_time(h4)
                .component_id(&logo),
        )
        .send()
        .await
        .expect("program added");
    let ids: Vec<String> = program
        .episode_ids
        .iter()
        .filter_map(|e| e.episode_id.clone())
        .collect();
    assert_eq!(ids.len(), 2);
    let (studio, logo_ep) = (ids[0].clone(), ids[1].clone());
    let out = c
        .modify_caster_episode()
        .caster_id(&id)
        .episode_id(&opening)
        .episode_name("opening titles")
        .component_id(&title)
        .component_id(&logo)
        .send()
        .await
        .expect("episode modified");
    assert_eq!(out.episode_id.as_deref(), Some(opening.as_str()));
    let out = c
        .modify_caster_program()
        .caster_id(&id)
        .episode(
            ModifyCasterProgramEpisode::new()
                .episode_id(&logo_ep)
                .episode_type("Component")
                .episode_name("logo (first half)")
                .start_time(h1)
                .end_time(h3),
        )
        .send()
        .await
        .expect("program modified");
    assert_eq!(out.caster_id.as_deref(), Some(id.as_str()));
    let page = c
        .describe_caster_program()
        .caster_id(&id)
        .page_num(1)
        .page_size(2)
        .send()
        .await
        .expect("program page");
    assert_eq!(page.total, Some(3));
    assert_eq!(page.program_name.as_deref(), Some("news at six"));
    assert_eq!(page.program_effect, Some(1));
    assert_eq!(page.episodes.len(), 2);
    // Every episode, across pages, in start order.
    let episodes: Vec<_> = pin!(
        c.describe_caster_program()
            .caster_id(&id)
            .page_size(1)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("all episodes");
    assert_eq!(episodes.len(), 3);
    let opening_ep = episodes
        .iter()
        .find(|e| e.episode_id.as_deref() == Some(&opening))
        .expect("opening listed");
    assert_eq!(opening_ep.episode_name.as_deref(), Some("opening titles"));
    assert_eq!(opening_ep.component_ids, [title.clone(), logo.clone()]);
    assert_eq!(opening_ep.status, Some(0), "not played yet");
    assert_eq!(opening_ep.start_time, Some(h1));
    let logo_listed = episodes
        .iter()
        .find(|e| e.episode_id.as_deref() == Some(&logo_ep))
        .expect("logo listed");
    assert_eq!(logo_listed.end_time, Some(h3));
    let out = c
        .delete_caster_episode()
        .caster_id(&id)
        .episode_id(&studio)
        .send()
        .await
        .expect("episode deleted");
    assert_eq!(out.episode_id.as_deref(), Some(studio.as_str()));
    let resources_only = c
        .describe_caster_program()
        .caster_id(&id)
        .episode_type("Resource")
        .send()
        .await
        .expect("filtered");
    assert_eq!(resources_only.total, Some(1));

    // --- Scenes.
    let scenes = c
        .describe_caster_scenes()
        .caster_id(&id)
        .send()
        .await
        .expect("scenes");
    assert_eq!(scenes.total, Some(2));
    let scene_of = |ty: &str| {
        scenes
            .scene_list
            .iter()
            .find(|s| s.output_type.as_deref() == Some(ty))
            .and_then(|s| s.scene_id.clone())
            .expect("scene of type")
    };
    let (pvw, pgm) = (scene_of("0"), scene_of("1"));
    c.set_caster_scene_config()
        .caster_id(&id)
        .scene_id(&pvw)
        .layout_id(&layout)
        .component_id(&title)
        .send()
        .await
        .expect("pvw configured");
    c.copy_caster_scene_config()
        .caster_id(&id)
        .from_scene_id(&pvw)
        .to_scene_id(&pgm)
        .send()
        .await
        .expect("copied to pgm");
    c.update_caster_scene_config()
        .caster_id(&id)
        .scene_id(&pgm)
        .layout_id(&layout)
        .component_id(&title)
        .component_id(&logo)
        .send()
        .await
        .expect("pgm updated");
    let pgm_scene = c
        .describe_caster_scenes()
        .caster_id(&id)
        .scene_id(&pgm)
        .send()
        .await
        .expect("pgm scene");
    let s = &pgm_scene.scene_list[0];
    assert_eq!(s.layout_id.as_deref(), Some(layout.as_str()));
    assert_eq!(s.component_ids, [title.clone(), logo.clone()]);
    assert_eq!(s.status, Some(0));
    assert_eq!(s.stream_infos.len(), 2);
    assert!(
        s.stream_url
            .as_deref()
            .is_some_and(|u| u.starts_with(&format!("http://{DOMAIN}/caster/")))
    );
    let audio = c
        .describe_caster_scene_audio()
        .caster_id(&id)
        .scene_id(&pgm)
        .send()
        .await
        .expect("audio follows the layout");
    assert_eq!(audio.follow_enable, Some(1));
    assert_eq!(audio.mix_list, ["RV02"]);
    c.update_caster_scene_audio()
        .caster_id(&id)
        .scene_id(&pgm)
        .follow_enable(0)
        .audio_layer(UpdateCasterSceneAudioAudioLayer::new().volume_rate(1.0))
        .audio_layer(
            UpdateCasterSceneAudioAudioLayer::new()
                .volume_rate(0.2)
                .valid_channel("left"),
        )
        .mix_list("RV01")
        .mix_list("RV02")
        .send()
        .await
        .expect("audio mixed");
    let audio = c
        .describe_caster_scene_audio()
        .caster_id(&id)
        .scene_id(&pgm)
        .send()
        .await
        .expect("audio");
    assert_eq!(audio.caster_id.as_deref(), Some(id.as_str()));
    assert_eq!(audio.follow_enable, Some(0));
    assert_eq!(audio.mix_list, ["RV01", "RV02"]);
    assert_eq!(audio.audio_layers[1].volume_rate, Some(0.2));
    assert_eq!(audio.audio_layers[1].valid_channel.as_deref(), Some("left"));
    c.delete_caster_scene_config()
        .caster_id(&id)
        .scene_id(&pvw)
        .r#type("Component")
        .send()
        .await
        .expect("pvw components removed");
    let pvw_scene = c
        .describe_caster_scenes()
        .caster_id(&id)
        .scene_id(&pvw)
        .send()
        .await
        .expect("pvw scene");
    assert!(pvw_scene.scene_list[0].component_ids.is_empty());
    assert_eq!(
        pvw_scene.scene_list[0].layout_id.as_deref(),
        Some(layout.as_str())
    );

    // --- Channels.
    c.set_caster_channel()
        .caster_id(&id)
        .channel_id("RV01")
        .resource_id(&cam)
        .play_status(1)
        .face_beauty("1")
        .send()
        .await
        .expect("channel set");
    let channels = c
        .describe_caster_channels()
        .caster_id(&id)
        .send()
        .await
        .expect("channels");
    assert_eq!(channels.total, Some(1));
    let ch = &channels.channels[0];
    assert_eq!(ch.channel_id.as_deref(), Some("RV01"));
    assert_eq!(ch.resource_id.as_deref(), Some(cam.as_str()));
    assert_eq!(ch.face_beauty.as_deref(), Some("1"));
    assert!(
        ch.rtmp_url
            .as_deref()
            .is_some_and(|u| u.starts_with("rtmp://"))
    );

    // --- On air.
    let started = c
        .start_caster()
        .caster_id(&id)
        .send()
        .await
        .expect("started");
    assert_eq!(started.pgm_scene_infos.len(), 1);
    assert_eq!(
        started.pgm_scene_infos[0].scene_id.as_deref(),
        Some(pgm.as_str())
    );
    assert_eq!(started.pgm_scene_infos[0].stream_infos.len(), 2);
    assert_eq!(
        started.pvw_scene_infos[0].scene_id.as_deref(),
        Some(pvw.as_str())
    );
    expect_service_error(
        c.start_caster().caster_id(&id).send().await,
        "already running",
        ("IncorrectCasterStatus.Inuse", 400),
    );
    let urls = c
        .describe_caster_stream_url()
        .caster_id(&id)
        .send()
        .await
        .expect("stream urls");
    assert_eq!(urls.caster_id.as_deref(), Some(id.as_str()));
    assert_eq!(urls.total, Some(2));
    let pgm_stream = urls
        .caster_streams
        .iter()
        .find(|s| s.output_type == Some(1))
        .expect("pgm stream");
    assert_eq!(pgm_stream.scene_id.as_deref(), Some(pgm.as_str()));
    assert!(
        pgm_stream
            .rtmp_url
            .as_deref()
            .is_some_and(|u| u.starts_with(&format!("rtmp://{DOMAIN}/caster/")))
    );
    let scene_url = c
        .start_caster_scene()
        .caster_id(&id)
        .scene_id(&pvw)
        .send()
        .await
        .expect("pvw started")
        .stream_url
        .expect("a StreamUrl");
    assert!(scene_url.contains(&pvw.replace('-', "")), "{scene_url}");
    c.effect_caster_video_resource()
        .caster_id(&id)
        .scene_id(&pvw)
        .resource_id(&clip)
        .send()
        .await
        .expect("clip on pvw");
    c.effect_caster_urgent()
        .caster_id(&id)
        .scene_id(&pgm)
        .send()
        .await
        .expect("standby slate on air");
    c.stop_caster_scene()
        .caster_id(&id)
        .scene_id(&pvw)
        .send()
        .await
        .expect("pvw stopped");
    let running: Vec<_> = pin!(c.describe_casters().status(1).into_paginator().items())
        .try_collect()
        .await
        .expect("running casters");
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].caster_id.as_deref(), Some(id.as_str()));
    assert_eq!(running[0].caster_template.as_deref(), Some("lp_hd"));
    expect_service_error(
        c.delete_caster().caster_id(&id).send().await,
        "running casters stay",
        ("IncorrectCasterStatus.Inuse", 400),
    );
    c.stop_caster()
        .caster_id(&id)
        .send()
        .await
        .expect("stopped");

    // --- A copy for tomorrow, a carousel, and teardown.
    let copy = c
        .copy_caster()
        .src_caster_id(&id)
        .caster_name("tomorrow's news")
        .client_token("copy-1")
        .send()
        .await
        .expect("copied")
        .caster_id
        .expect("a CasterId");
    assert_ne!(copy, id);
    let copied = c
        .describe_caster_layouts()
        .caster_id(&copy)
        .send()
        .await
        .expect("copy's layouts");
    assert_eq!(copied.total, Some(1));
    let group = c
        .add_caster_episode_group()
        .client_token("carousel-1")
        .domain_name(DOMAIN)
        .start_time(h1)
        .repeat_num(-1)
        .side_output_url("rtmp://push.example.com/live/carousel")
        .callback_url("https://hooks.example.com/caster")
        .item(
            AddCasterEpisodeGroupItem::new()
                .item_name("part 1")
                .vod_url("https://vod.example.com/p1.mp4"),
        )
        .item(
            AddCasterEpisodeGroupItem::new()
                .item_name("part 2")
                .vod_url("https://vod.example.com/p2.mp4"),
        )
        .send()
        .await
        .expect("episode group");
    assert_eq!(group.item_ids.len(), 2);
    let program_id = group.program_id.expect("a ProgramId");
    let content = format!(
        r#"{{"DomainName":"{DOMAIN}","StartTime":"{h2}","RepeatNum":0,"CallbackUrl":"https://hooks.example.com/caster","Items":[{{"ItemName":"recap","VodUrl":"https://vod.example.com/recap.mp4"}}]}}"#
    );
    let group2 = c
        .add_caster_episode_group_content()
        .client_token("carousel-2")
        .content(content)
        .send()
        .await
        .expect("episode group from content");
    assert_eq!(group2.item_ids.len(), 1);
    assert_ne!(group2.program_id.as_deref(), Some(program_id.as_str()));
    c.delete_caster_episode_group()
        .program_id(&program_id)
        .send()
        .await
        .expect("group deleted");
    expect_service_error(
        c.delete_caster_episode_group()
            .program_id(&program_id)
            .send()
            .await,
        "gone",
        ("InvalidProgramId.NotFound", 404),
    );

    let out = c
        .delete_caster_component()
        .caster_id(&id)
        .component_id(&logo)
        .send()
        .await
        .expect("logo deleted");
    assert_eq!(out.component_id.as_deref(), Some(logo.as_str()));
    c.delete_caster_video_resource()
        .caster_id(&id)
        .resource_id(&clip)
        .send()
        .await
        .expect("clip deleted");
    let out = c
        .delete_caster_program()
        .caster_id(&id)
        .send()
        .await
        .expect("program cleared");
    assert_eq!(out.caster_id.as_deref(), Some(id.as_str()));
    let empty = c
        .describe_caster_program()
        .caster_id(&id)
        .send()
        .await
        .expect("empty program");
    assert_eq!(empty.total, Some(0));
    assert!(empty.episodes.is_empty());
    let out = c
        .delete_caster()
        .caster_id(&id)
        .send()
        .await
        .expect("deleted");
    assert_eq!(out.caster_id.as_deref(), Some(id.as_str()));
    expect_service_error(
        c.describe_caster_scenes().caster_id(&id).send().await,
        "deleted with everything in it",
        ("InvalidCaster.NotFound", 404),
    );
    let left: Vec<_> = pin!(c.describe_casters().into_paginator().items())
        .try_collect()
        .await
        .expect("casters");
    let names: Vec<_> = left
        .iter()
        .filter_map(|x| x.caster_name.as_deref())
        .collect();
    assert_eq!(names, ["tomorrow's news"]);
}

#[tokio::test]
async fn describe_casters_pages_filters_and_orders() {
    let env = env_with_domain().await;
    let c = &env.client;
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(create_caster(&env, &format!("show {i}"), &format!("tok-{i}")).await);
    }
    // A retried create (same ClientToken) returns the same caster.
    assert_eq!(create_caster(&env, "show 0 again", "tok-0").await, ids[0]);
    let pre = c
        .create_caster()
        .caster_name("prepaid special")
        .client_token("pre-1")
        .norm_type(1)
        .charge_type("PrePaid")
        .caster_template("lp_sd")
        .purchase_time(Timestamp::parse("2030-01-01T00:00:00Z").expect("time"))
        .expire_time(Timestamp::parse("2030-06-01T00:00:00Z").expect("time"))
        .send()
        .await
        .expect("prepaid")
        .caster_id
        .expect("id");
    let page = c
        .describe_casters()
        .page_size(3)
        .page_num(3)
        .send()
        .await
        .expect("page 3");
    assert_eq!(page.total, Some(8));
    assert_eq!(page.caster_list.len(), 2);
    let all: Vec<_> = pin!(c.describe_casters().page_size(3).into_paginator().items())
        .try_collect()
        .await
        .expect("every caster");
    assert_eq!(all.len(), 8);
    // Newest modified first.
    assert_eq!(all[0].caster_id.as_deref(), Some(pre.as_str()));
    assert_eq!(all[7].caster_id.as_deref(), Some(ids[0].as_str()));
    let asc: Vec<_> = pin!(
        c.describe_casters()
            .order_by_modify_asc("true")
            .page_size(3)
            .into_paginator()
            .items()
    )
    .try_collect()
    .await
    .expect("ascending");
    assert_eq!(asc[0].caster_id.as_deref(), Some(ids[0].as_str()));
    let prepaid = c
        .describe_casters()
        .charge_type(0)
        .send()
        .await
        .expect("prepaid only");
    assert_eq!(prepaid.total, Some(1));
    let p = &prepaid.caster_list[0];
    assert_eq!(p.charge_type.as_deref(), Some("PrePaid"));
    assert_eq!(p.caster_template.as_deref(), Some("lp_sd"));
    assert_eq!(p.norm_type, Some(1));
    assert_eq!(p.expire_time.as_deref(), Some("2030-06-01T00:00:00Z"));
    assert_eq!(p.status, Some(0));
    assert_eq!(p.duration.as_deref(), Some("0:00:00"));
    assert!(
        p.create_time
            .as_deref()
            .and_then(|t| Timestamp::parse(t).ok())
            .is_some()
    );
    let one = c
        .describe_casters()
        .caster_id(&ids[3])
        .send()
        .await
        .expect("by id");
    assert_eq!(one.caster_list.len(), 1);
    assert_eq!(one.caster_list[0].caster_name.as_deref(), Some("show 3"));
    expect_service_error(
        c.describe_casters().status(9).send().await,
        "bad status",
        ("InvalidParameter.Status", 400),
    );
}

#[tokio::test]
async fn unknown_ids_surface_as_service_errors() {
    let env = env_with_domain().await;
    let c = &env.client;
    let missing = "00000000-0000-4000-8000-000000000000";
    let checks: Vec<(&str, Result<(), aliyun_live::Error>)> = vec![
        (
            "DescribeCasterConfig",
            c.describe_caster_config()
                .caster_id(missing)
                .send()
                .await
                .map(drop),
        ),
        (
            "StartCaster",
            c.start_caster().caster_id(missing).send().await.map(drop),
        ),
        (
            "DeleteCaster",
            c.delete_caster().caster_id(missing).send().await.map(drop),
        ),
        (
            "CopyCaster",
            c.copy_caster()
                .src_caster_id(missing)
                .caster_name("x")
                .client_token("t")
                .send()
                .await
                .map(drop),
        ),
        (
            "AddCasterLayout",
            c.add_caster_layout()
                .caster_id(missing)
                .video_layer(
                    CasterLayoutVideoLayer::new()
                        .height_normalized(1.0)
                        .width_normalized(1.0)
                        .position_normalized(0.0)
                        .position_normalized(0.0),
                )
                .blend_list("RV01")
                .audio_layer(CasterAudioLayer::new().volume_rate(1.0))
                .mix_list("RV01")
                .send()
                .await
                .map(drop),
        ),
    ];
    for (action, result) in checks {
        let err = expect_service_error(result, action, ("InvalidCaster.NotFound", 404));
        assert!(!err.is_retryable(), "{action}");
        assert!(err.request_id().is_some(), "{action}");
    }

    let id = create_caster(&env, "c", "t").await;
    expect_service_error(
        c.delete_caster_layout()
            .caster_id(&id)
            .layout_id(missing)
            .send()
            .await,
        "no layout",
        ("InvalidLayout.NotFound", 404),
    );
    expect_service_error(
        c.modify_caster_video_resource()
            .caster_id(&id)
            .resource_id(missing)
            .resource_name("x")
            .send()
            .await,
        "no resource",
        ("InvalidResource.NotFound", 404),
    );
    expect_service_error(
        c.modify_caster_component()
            .caster_id(&id)
            .component_id(missing)
            .send()
            .await,
        "no component",
        ("InvalidComponent.NotFound", 404),
    );
    expect_service_error(
        c.delete_caster_episode()
            .caster_id(&id)
            .episode_id(missing)
            .send()
            .await,
        "no episode",
        ("InvalidEpisode.NotFound", 404),
    );
    expect_service_error(
        c.start_caster_scene()
            .caster_id(&id)
            .scene_id(missing)
            .send()
            .await,
        "no scene",
        ("InvalidScene.NotFound", 404),
    );
    // A caster without a domain cannot go on air.
    expect_service_error(
        c.start_caster().caster_id(&id).send().await,
        "no domain configured",
        ("InvalidDomainName.NotFound", 404),
    );
    // Channels are off until enabled.
    expect_service_error(
        c.set_caster_channel()
            .caster_id(&id)
            .channel_id("RV01")
            .send()
            .await,
        "channels disabled",
        ("IncorrectChannel.Disable", 400),
    );
}

//! Every action of the spec is callable through the generated SDK against
//! the emulator: a table maps each action name to a minimal valid call
//! (required parameters set, realistic values), run in order against one
//! emulator; and the table must cover exactly the actions of the spec, so
//! an action added to the spec without a call here fails the test by name.
//!
//! Every call must succeed: the state it needs (domains, configs, a caster
//! with its resources, ...) is set up first, and caster calls use the ids
//! the setup created.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use aliyun_live::Timestamp;
use aliyun_live::caster::add_caster_episode_group::AddCasterEpisodeGroupItem;
use aliyun_live::caster::add_caster_program::AddCasterProgramEpisode;
use aliyun_live::caster::modify_caster_program::ModifyCasterProgramEpisode;
use aliyun_live::types::{CasterAudioLayer, CasterLayoutVideoLayer, RecordFormat};
use aliyun_live::{Client, Error};
use aliyun_live_e2e::Env;

const PLAY: &str = "play.example.com";
const PUSH: &str = "push.example.com";
/// A domain whose configs the Delete* calls remove.
const SPARE: &str = "spare.example.com";
const OSS: &str = "oss-cn-shanghai.aliyuncs.com";

/// Ids the setup created (or placeholders when the setup call failed).
struct Ids {
    caster: String,
    resource: String,
    component: String,
    layout: String,
    episode: String,
    program: String,
    scene: String,
    /// A second scene, for CopyCasterSceneConfig.
    scene2: String,
    record: String,
    /// Times of the setup.
    past_start: Timestamp,
    past_end: Timestamp,
    future_start: Timestamp,
    future_end: Timestamp,
    /// A window after both of the above, for a program that must not
    /// overlap the setup's episode.
    later_start: Timestamp,
    later_end: Timestamp,
}

type Fut = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;
type Call = Box<dyn Fn(Client, Arc<Ids>) -> Fut + Send + Sync>;

/// `step!(c, ids => <builder>)`: a call of the builder, output discarded.
macro_rules! step {
    ($c:ident, $ids:ident => $call:expr) => {
        Box::new(move |$c: Client, $ids: Arc<Ids>| -> Fut {
            Box::pin(async move {
                let _ = &$ids;
                $call.send().await.map(|_| ())
            })
        }) as Call
    };
}

fn ts(unix: i64) -> Timestamp {
    Timestamp::from_unix(unix).expect("in range")
}

fn layer_video() -> CasterLayoutVideoLayer {
    CasterLayoutVideoLayer::new()
        .fill_mode("fit")
        .height_normalized(1.0)
        .width_normalized(1.0)
        .position_normalized(0.0)
        .position_normalized(0.0)
        .position_refer("topLeft")
}

fn layer_audio() -> CasterAudioLayer {
    CasterAudioLayer::new()
        .volume_rate(1.0)
        .valid_channel("all")
}

/// Creates what the calls below need; never fails (a failed setup call
/// leaves a placeholder id, and the call using it shows the failure).
async fn setup(c: &Client) -> Ids {
    let t = Timestamp::now().unix();
    for (name, ty) in [
        (PLAY, "liveVideo"),
        (PUSH, "liveEdge"),
        (SPARE, "liveVideo"),
    ] {
        c.add_live_domain()
            .domain_name(name)
            .live_domain_type(ty)
            .region("cn-shanghai")
            .send()
            .await
            .expect("domain added");
    }
    let (past_start, past_end) = (t - 3 * 3600, t - 3600);
    // Configs that the Describe/Update/RealTimeRecordCommand calls read,
    // and copies on SPARE for the Delete calls.
    for domain in [PLAY, SPARE] {
        c.add_live_app_record_config()
            .domain_name(domain)
            .app_name("live")
            .oss_bucket("records")
            .oss_endpoint(OSS)
            .record_format(
                RecordFormat::new()
                    .format("m3u8")
                    .oss_object_prefix(
                        "record/{AppName}/{StreamName}/{EscapedStartTime}_{EscapedEndTime}",
                    )
                    .slice_oss_object_prefix("record/{AppName}/{StreamName}/{UnixTimestamp}"),
            )
            .send()
            .await
            .expect("record config");
        c.add_live_record_vod_config()
            .domain_name(domain)
            .app_name("live")
            .vod_transcode_group_id("vod-group-1")
            .send()
            .await
            .expect("vod config");
        c.add_live_record_notify_config()
            .domain_name(domain)
            .notify_url("http://cb.example.com/record")
            .send()
            .await
            .expect("record notify");
        c.add_live_app_snapshot_config()
            .domain_name(domain)
            .app_name("live")
            .time_interval(10)
            .oss_endpoint(OSS)
            .oss_bucket("snapshots")
            .overwrite_oss_object("{AppName}/{StreamName}.jpg")
            .send()
            .await
            .expect("snapshot config");
        c.add_live_detect_notify_config()
            .domain_name(domain)
            .notify_url("http://cb.example.com/detect")
            .send()
            .await
            .expect("detect notify");
        c.add_live_snapshot_detect_porn_config()
            .domain_name(domain)
            .app_name("live")
            .oss_endpoint(OSS)
            .oss_bucket("detect-results")
            .send()
            .await
            .expect("porn detection");
        c.set_live_streams_notify_url_config()
            .domain_name(domain)
            .notify_url("http://cb.example.com/streams")
            .send()
            .await
            .expect("streams notify");
        c.add_live_pull_stream_info_config()
            .domain_name(domain)
            .app_name("live")
            .stream_name("pulled")
            .source_url("rtmp://origin.example.com/live/pulled")
            .start_time(ts(t - 600))
            .end_time(ts(t + 3600))
            .send()
            .await
            .expect("pull config");
        c.add_live_stream_transcode()
            .domain(domain)
            .app("live")
            .template("lld")
            .send()
            .await
            .expect("transcode");
    }
    c.forbid_live_stream()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("blocked")
        .live_stream_type("publisher")
        .send()
        .await
        .expect("blocked");
    let record = c
        .create_live_stream_record_index_files()
        .domain_name(PLAY)
        .app_name("live")
        .stream_name("s1")
        .oss_bucket("records")
        .oss_endpoint(OSS)
        .oss_object("index/s1.m3u8")
        .start_time(ts(past_start))
        .end_time(ts(past_end))
        .send()
        .await
        .expect("index file")
        .record_info
        .and_then(|r| r.record_id)
        .expect("record id");

    let or = |v: Option<String>, placeholder: &str| v.unwrap_or_else(|| placeholder.to_owned());
    let caster = or(
        c.create_caster()
            .client_token("e2e-create-1")
            .norm_type(1)
            .charge_type("PostPaid")
            .caster_name("e2e")
            .caster_template("lp_ld")
            .send()
            .await
            .ok()
            .and_then(|o| o.caster_id),
        "no-caster",
    );
    // A caster plays on a domain; channels must be enabled before it
    // starts; EffectCasterUrgent needs urgent material.
    let _ = c
        .set_caster_config()
        .caster_id(&caster)
        .domain_name(PLAY)
        .channel_enable(1)
        .urgent_live_stream_url(format!("rtmp://{PLAY}/live/standby"))
        .send()
        .await;
    let resource = or(
        c.add_caster_video_resource()
            .caster_id(&caster)
            .resource_name("camera 1")
            .location_id("RV01")
            .live_stream_url(format!("rtmp://{PLAY}/live/cam1"))
            .send()
            .await
            .ok()
            .and_then(|o| o.resource_id),
        "no-resource",
    );
    let component = or(
        c.add_caster_component()
            .caster_id(&caster)
            .location_id("RC01")
            .component_type("text")
            .component_layer(r#"{"HeightNormalized":0.2,"PositionNormalized":[0.1,0.1],"PositionRefer":"topLeft"}"#)
            .text_layer_content(r#"{"Text":"hello","Color":"0xff0000","FontName":"KaiTi","SizeNormalized":0.05}"#)
            .send()
            .await
            .ok()
            .and_then(|o| o.component_id),
        "no-component",
    );
    let layout = or(
        c.add_caster_layout()
            .caster_id(&caster)
            .video_layer(layer_video())
            .audio_layer(layer_audio())
            .blend_list("RV01")
            .mix_list("RV01")
            .send()
            .await
            .ok()
            .and_then(|o| o.layout_id),
        "no-layout",
    );
    let episode = or(
        c.add_caster_episode()
            .caster_id(&caster)
            .episode_type("Resource")
            .resource_id(&resource)
            .start_time(ts(t + 3600))
            .end_time(ts(t + 7200))
            .switch_type("TimeFirst")
            .send()
            .await
            .ok()
            .and_then(|o| o.episode_id),
        "no-episode",
    );
    let program = or(
        c.add_caster_episode_group()
            .client_token("e2e-group-1")
            .domain_name(PLAY)
            .start_time(ts(t + 3600))
            .repeat_num(0)
            .side_output_url(format!("rtmp://{PUSH}/live/side"))
            .callback_url("http://cb.example.com/caster")
            .item(
                AddCasterEpisodeGroupItem::new()
                    .item_name("intro")
                    .vod_url("http://vod.example.com/intro.mp4"),
            )
            .send()
            .await
            .ok()
            .and_then(|o| o.program_id),
        "no-program",
    );
    let scenes: Vec<String> = c
        .describe_caster_scenes()
        .caster_id(&caster)
        .send()
        .await
        .map(|o| {
            o.scene_list
                .into_iter()
                .filter_map(|s| s.scene_id)
                .collect()
        })
        .unwrap_or_default();
    Ids {
        scene: or(scenes.first().cloned(), "no-scene"),
        scene2: or(scenes.get(1).cloned(), "no-scene-2"),
        caster,
        resource,
        component,
        layout,
        episode,
        program,
        record,
        past_start: ts(past_start),
        past_end: ts(past_end),
        future_start: ts(t + 3600),
        future_end: ts(t + 7200),
        later_start: ts(t + 3 * 3600),
        later_end: ts(t + 4 * 3600),
    }
}

/// Every action, in the order run: additions, reads, changes, then
/// stops and deletions (a caster's last).
fn table() -> Vec<(&'static str, Call)> {
    vec![
        // Domains.
        (
            "AddLiveDomain",
            step!(c, ids => c.add_live_domain().domain_name("new.example.com").live_domain_type("liveVideo").region("cn-beijing")),
        ),
        (
            "AddLiveDomainMapping",
            step!(c, ids => c.add_live_domain_mapping().push_domain(PUSH).pull_domain(PLAY)),
        ),
        // Recording.
        (
            "AddLiveAppRecordConfig",
            step!(c, ids => c.add_live_app_record_config().domain_name(PLAY).app_name("other").oss_bucket("records").oss_endpoint(OSS)),
        ),
        (
            "AddLiveRecordNotifyConfig",
            step!(c, ids => c.add_live_record_notify_config().domain_name(PUSH).notify_url("https://cb.example.com/record")),
        ),
        (
            "AddLiveRecordVodConfig",
            step!(c, ids => c.add_live_record_vod_config().domain_name(PLAY).app_name("other").vod_transcode_group_id("vod-group-2")),
        ),
        (
            "CreateLiveStreamRecordIndexFiles",
            step!(c, ids => c.create_live_stream_record_index_files().domain_name(PLAY).app_name("live").stream_name("s2").oss_bucket("records").oss_endpoint(OSS).oss_object("index/s2.m3u8").start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "RealTimeRecordCommand",
            step!(c, ids => c.real_time_record_command().domain_name(PLAY).app_name("live").stream_name("s1").command("start")),
        ),
        (
            "DescribeLiveRecordConfig",
            step!(c, ids => c.describe_live_record_config().domain_name(PLAY)),
        ),
        (
            "DescribeLiveRecordNotifyConfig",
            step!(c, ids => c.describe_live_record_notify_config().domain_name(PLAY)),
        ),
        (
            "DescribeLiveRecordVodConfigs",
            step!(c, ids => c.describe_live_record_vod_configs().domain_name(PLAY)),
        ),
        (
            "DescribeLiveStreamRecordIndexFile",
            step!(c, ids => c.describe_live_stream_record_index_file().domain_name(PLAY).app_name("live").stream_name("s1").record_id(&ids.record)),
        ),
        (
            "DescribeLiveStreamRecordIndexFiles",
            step!(c, ids => c.describe_live_stream_record_index_files().domain_name(PLAY).app_name("live").stream_name("s1").start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "DescribeLiveStreamRecordContent",
            step!(c, ids => c.describe_live_stream_record_content().domain_name(PLAY).app_name("live").stream_name("s1").start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "UpdateLiveRecordNotifyConfig",
            step!(c, ids => c.update_live_record_notify_config().domain_name(PLAY).need_status_notify(true)),
        ),
        // Snapshots.
        (
            "AddLiveAppSnapshotConfig",
            step!(c, ids => c.add_live_app_snapshot_config().domain_name(PLAY).app_name("other").time_interval(30).oss_endpoint(OSS).oss_bucket("snapshots").sequence_oss_object("{AppName}/{StreamName}/{UnixTimestamp}.jpg")),
        ),
        (
            "UpdateLiveAppSnapshotConfig",
            step!(c, ids => c.update_live_app_snapshot_config().domain_name(PLAY).app_name("live").time_interval(60)),
        ),
        (
            "DescribeLiveSnapshotConfig",
            step!(c, ids => c.describe_live_snapshot_config().domain_name(PLAY)),
        ),
        (
            "DescribeLiveStreamSnapshotInfo",
            step!(c, ids => c.describe_live_stream_snapshot_info().domain_name(PLAY).app_name("live").stream_name("s1").start_time(ids.past_start).end_time(ids.past_end)),
        ),
        // Monitoring and logs.
        (
            "DescribeLiveDomainBpsData",
            step!(c, ids => c.describe_live_domain_bps_data().domain_name(PLAY)),
        ),
        (
            "DescribeLiveDomainTrafficData",
            step!(c, ids => c.describe_live_domain_traffic_data().domain_name(PLAY)),
        ),
        (
            "DescribeLiveDomainRecordData",
            step!(c, ids => c.describe_live_domain_record_data().domain_name(PLAY).start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "DescribeLiveDomainSnapshotData",
            step!(c, ids => c.describe_live_domain_snapshot_data().domain_name(PLAY).start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "DescribeLiveDomainTranscodeData",
            step!(c, ids => c.describe_live_domain_transcode_data().domain_name(PLAY).start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "DescribeLiveStreamOnlineUserNum",
            step!(c, ids => c.describe_live_stream_online_user_num().domain_name(PLAY)),
        ),
        (
            "DescribeLiveStreamHistoryUserNum",
            step!(c, ids => c.describe_live_stream_history_user_num().domain_name(PLAY).app_name("live").stream_name("s1").start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "DescribeLiveDomainLog",
            step!(c, ids => c.describe_live_domain_log().domain_name(PLAY)),
        ),
        // Pull streams.
        (
            "AddLivePullStreamInfoConfig",
            step!(c, ids => c.add_live_pull_stream_info_config().domain_name(PLAY).app_name("live").stream_name("pulled2").source_url("rtmp://origin.example.com/live/pulled2").start_time(ids.future_start).end_time(ids.future_end)),
        ),
        (
            "DescribeLivePullStreamConfig",
            step!(c, ids => c.describe_live_pull_stream_config().domain_name(PLAY)),
        ),
        // Detection.
        (
            "AddLiveDetectNotifyConfig",
            step!(c, ids => c.add_live_detect_notify_config().domain_name(PUSH).notify_url("http://cb.example.com/detect")),
        ),
        (
            "AddLiveSnapshotDetectPornConfig",
            step!(c, ids => c.add_live_snapshot_detect_porn_config().domain_name(PLAY).app_name("other").oss_endpoint(OSS).oss_bucket("detect-results")),
        ),
        (
            "DescribeLiveDetectNotifyConfig",
            step!(c, ids => c.describe_live_detect_notify_config().domain_name(PLAY)),
        ),
        (
            "DescribeLiveSnapshotDetectPornConfig",
            step!(c, ids => c.describe_live_snapshot_detect_porn_config().domain_name(PLAY)),
        ),
        (
            "UpdateLiveDetectNotifyConfig",
            step!(c, ids => c.update_live_detect_notify_config().domain_name(PLAY).notify_url("https://cb.example.com/detect2")),
        ),
        (
            "UpdateLiveSnapshotDetectPornConfig",
            step!(c, ids => c.update_live_snapshot_detect_porn_config().domain_name(PLAY).app_name("live").interval(60)),
        ),
        // Stream notify URL.
        (
            "SetLiveStreamsNotifyUrlConfig",
            step!(c, ids => c.set_live_streams_notify_url_config().domain_name(PUSH).notify_url("https://cb.example.com/streams")),
        ),
        (
            "DescribeLiveStreamsNotifyUrlConfig",
            step!(c, ids => c.describe_live_streams_notify_url_config().domain_name(PLAY)),
        ),
        // Transcoding.
        (
            "AddLiveStreamTranscode",
            step!(c, ids => c.add_live_stream_transcode().domain(PLAY).app("live").template("lhd")),
        ),
        (
            "AddCustomLiveStreamTranscode",
            step!(c, ids => c.add_custom_live_stream_transcode().domain(PLAY).app("live").template("audio-64").template_type("audio").audio_bitrate(64)),
        ),
        (
            "AddTrancodeSEI",
            step!(c, ids => c.add_trancode_sei().domain_name(PLAY).app_name("live").stream_name("s1").text("hello").pattern("keyframe").repeat(1).delay(0)),
        ),
        (
            "DescribeLiveStreamTranscodeInfo",
            step!(c, ids => c.describe_live_stream_transcode_info().domain_transcode_name(PLAY)),
        ),
        // Streams.
        (
            "ForbidLiveStream",
            step!(c, ids => c.forbid_live_stream().domain_name(PLAY).app_name("live").stream_name("bad").live_stream_type("publisher")),
        ),
        (
            "ResumeLiveStream",
            step!(c, ids => c.resume_live_stream().domain_name(PLAY).app_name("live").stream_name("blocked").live_stream_type("publisher")),
        ),
        (
            "DescribeLiveStreamsBlockList",
            step!(c, ids => c.describe_live_streams_block_list().domain_name(PLAY)),
        ),
        (
            "DescribeLiveStreamsControlHistory",
            step!(c, ids => c.describe_live_streams_control_history().domain_name(PLAY).start_time(ids.past_start).end_time(ids.future_end)),
        ),
        (
            "DescribeLiveStreamsOnlineList",
            step!(c, ids => c.describe_live_streams_online_list().domain_name(PLAY)),
        ),
        (
            "DescribeLiveStreamsPublishList",
            step!(c, ids => c.describe_live_streams_publish_list().domain_name(PLAY).start_time(ids.past_start).end_time(ids.past_end)),
        ),
        (
            "DescribeLiveStreamBitRateData",
            step!(c, ids => c.describe_live_stream_bit_rate_data().domain_name(PLAY).app_name("live").stream_name("s1")),
        ),
        (
            "DescribeLiveStreamsFrameRateAndBitRateData",
            step!(c, ids => c.describe_live_streams_frame_rate_and_bit_rate_data()),
        ),
        // Casters: additions.
        (
            "CreateCaster",
            step!(c, ids => c.create_caster().client_token("e2e-create-2").norm_type(1).charge_type("PostPaid")),
        ),
        (
            "CopyCaster",
            step!(c, ids => c.copy_caster().src_caster_id(&ids.caster).caster_name("copy").client_token("e2e-copy-1")),
        ),
        (
            "AddCasterVideoResource",
            step!(c, ids => c.add_caster_video_resource().caster_id(&ids.caster).resource_name("camera 2").location_id("RV02").live_stream_url(format!("rtmp://{PLAY}/live/cam2"))),
        ),
        (
            "AddCasterComponent",
            step!(c, ids => c.add_caster_component().caster_id(&ids.caster).location_id("RC02").component_type("text").component_layer(r#"{"HeightNormalized":0.1,"PositionNormalized":[0.5,0.5],"PositionRefer":"topLeft"}"#).text_layer_content(r#"{"Text":"live","Color":"0xffffff","FontName":"KaiTi","SizeNormalized":0.05}"#)),
        ),
        (
            "AddCasterLayout",
            step!(c, ids => c.add_caster_layout().caster_id(&ids.caster).video_layer(layer_video()).audio_layer(layer_audio()).blend_list("RV01").mix_list("RV01")),
        ),
        (
            "AddCasterEpisode",
            step!(c, ids => c.add_caster_episode().caster_id(&ids.caster).episode_type("Resource").resource_id(&ids.resource).start_time(ids.future_end).end_time(ts(ids.future_end.unix() + 3600)).switch_type("TimeFirst")),
        ),
        (
            "AddCasterProgram",
            step!(c, ids => c.add_caster_program().caster_id(&ids.caster).episode(AddCasterProgramEpisode::new().episode_type("Resource").episode_name("news").resource_id(&ids.resource).start_time(ids.later_start).end_time(ids.later_end).switch_type("TimeFirst"))),
        ),
        (
            "AddCasterEpisodeGroup",
            step!(c, ids => c.add_caster_episode_group().client_token("e2e-group-2").domain_name(PLAY).start_time(ids.future_start).repeat_num(1).side_output_url(format!("rtmp://{PUSH}/live/side2")).callback_url("http://cb.example.com/caster").item(AddCasterEpisodeGroupItem::new().item_name("a").vod_url("http://vod.example.com/a.mp4"))),
        ),
        (
            "AddCasterEpisodeGroupContent",
            step!(c, ids => c.add_caster_episode_group_content().client_token("e2e-group-3").content(format!(r#"{{"DomainName":"{PLAY}","StartTime":"{}","RepeatNum":0,"CallbackUrl":"http://cb.example.com/caster","SideOutputUrl":"rtmp://{PUSH}/live/side3","Items":[{{"ItemName":"b","VodUrl":"http://vod.example.com/b.mp4"}}]}}"#, ids.future_start))),
        ),
        // Casters: reads.
        ("DescribeCasters", step!(c, ids => c.describe_casters())),
        (
            "DescribeCasterConfig",
            step!(c, ids => c.describe_caster_config().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterChannels",
            step!(c, ids => c.describe_caster_channels().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterComponents",
            step!(c, ids => c.describe_caster_components().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterLayouts",
            step!(c, ids => c.describe_caster_layouts().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterProgram",
            step!(c, ids => c.describe_caster_program().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterScenes",
            step!(c, ids => c.describe_caster_scenes().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterSceneAudio",
            step!(c, ids => c.describe_caster_scene_audio().caster_id(&ids.caster).scene_id(&ids.scene)),
        ),
        (
            "DescribeCasterStreamUrl",
            step!(c, ids => c.describe_caster_stream_url().caster_id(&ids.caster)),
        ),
        (
            "DescribeCasterVideoResources",
            step!(c, ids => c.describe_caster_video_resources().caster_id(&ids.caster)),
        ),
        // Casters: changes.
        (
            "SetCasterConfig",
            step!(c, ids => c.set_caster_config().caster_id(&ids.caster).caster_name("e2e renamed").domain_name(PLAY)),
        ),
        (
            "ModifyCasterVideoResource",
            step!(c, ids => c.modify_caster_video_resource().caster_id(&ids.caster).resource_id(&ids.resource).resource_name("camera 1b")),
        ),
        (
            "ModifyCasterComponent",
            step!(c, ids => c.modify_caster_component().caster_id(&ids.caster).component_id(&ids.component).component_type("text")),
        ),
        (
            "ModifyCasterLayout",
            step!(c, ids => c.modify_caster_layout().caster_id(&ids.caster).layout_id(&ids.layout).video_layer(CasterLayoutVideoLayer::new().fill_mode("fit").height_normalized(0.5).width_normalized(0.5).position_normalized(0.0).position_normalized(0.0).position_refer("topLeft")).audio_layer(CasterAudioLayer::new().volume_rate(0.5).valid_channel("all")).blend_list("RV01").mix_list("RV01")),
        ),
        (
            "ModifyCasterEpisode",
            step!(c, ids => c.modify_caster_episode().caster_id(&ids.caster).episode_id(&ids.episode).episode_name("renamed")),
        ),
        (
            "ModifyCasterProgram",
            step!(c, ids => c.modify_caster_program().caster_id(&ids.caster).episode(ModifyCasterProgramEpisode::new().episode_id(&ids.episode).episode_type("Resource").episode_name("news 2").resource_id(&ids.resource).start_time(ids.future_start).end_time(ids.future_end).switch_type("TimeFirst"))),
        ),
        (
            "StartCaster",
            step!(c, ids => c.start_caster().caster_id(&ids.caster)),
        ),
        (
            "StartCasterScene",
            step!(c, ids => c.start_caster_scene().caster_id(&ids.caster).scene_id(&ids.scene)),
        ),
        (
            "SetCasterChannel",
            step!(c, ids => c.set_caster_channel().caster_id(&ids.caster).channel_id("RV01").resource_id(&ids.resource)),
        ),
        (
            "SetCasterSceneConfig",
            step!(c, ids => c.set_caster_scene_config().caster_id(&ids.caster).scene_id(&ids.scene).layout_id(&ids.layout)),
        ),
        (
            "UpdateCasterSceneConfig",
            step!(c, ids => c.update_caster_scene_config().caster_id(&ids.caster).scene_id(&ids.scene).layout_id(&ids.layout)),
        ),
        (
            "UpdateCasterSceneAudio",
            step!(c, ids => c.update_caster_scene_audio().caster_id(&ids.caster).scene_id(&ids.scene).follow_enable(1)),
        ),
        (
            "CopyCasterSceneConfig",
            step!(c, ids => c.copy_caster_scene_config().caster_id(&ids.caster).from_scene_id(&ids.scene).to_scene_id(&ids.scene2)),
        ),
        (
            "EffectCasterVideoResource",
            step!(c, ids => c.effect_caster_video_resource().caster_id(&ids.caster).scene_id(&ids.scene).resource_id(&ids.resource)),
        ),
        (
            "EffectCasterUrgent",
            step!(c, ids => c.effect_caster_urgent().caster_id(&ids.caster).scene_id(&ids.scene)),
        ),
        // Stops and deletions.
        (
            "StopCasterScene",
            step!(c, ids => c.stop_caster_scene().caster_id(&ids.caster).scene_id(&ids.scene)),
        ),
        (
            "StopCaster",
            step!(c, ids => c.stop_caster().caster_id(&ids.caster)),
        ),
        (
            "DeleteCasterSceneConfig",
            step!(c, ids => c.delete_caster_scene_config().caster_id(&ids.caster).scene_id(&ids.scene).r#type("Layout")),
        ),
        (
            "DeleteCasterEpisode",
            step!(c, ids => c.delete_caster_episode().caster_id(&ids.caster).episode_id(&ids.episode)),
        ),
        (
            "DeleteCasterProgram",
            step!(c, ids => c.delete_caster_program().caster_id(&ids.caster)),
        ),
        (
            "DeleteCasterEpisodeGroup",
            step!(c, ids => c.delete_caster_episode_group().program_id(&ids.program)),
        ),
        (
            "DeleteCasterComponent",
            step!(c, ids => c.delete_caster_component().caster_id(&ids.caster).component_id(&ids.component)),
        ),
        (
            "DeleteCasterLayout",
            step!(c, ids => c.delete_caster_layout().caster_id(&ids.caster).layout_id(&ids.layout)),
        ),
        (
            "DeleteCasterVideoResource",
            step!(c, ids => c.delete_caster_video_resource().caster_id(&ids.caster).resource_id(&ids.resource)),
        ),
        (
            "DeleteCaster",
            step!(c, ids => c.delete_caster().caster_id(&ids.caster)),
        ),
        (
            "DeleteLiveAppRecordConfig",
            step!(c, ids => c.delete_live_app_record_config().domain_name(SPARE).app_name("live")),
        ),
        (
            "DeleteLiveRecordNotifyConfig",
            step!(c, ids => c.delete_live_record_notify_config().domain_name(SPARE)),
        ),
        (
            "DeleteLiveRecordVodConfig",
            step!(c, ids => c.delete_live_record_vod_config().domain_name(SPARE).app_name("live")),
        ),
        (
            "DeleteLiveAppSnapshotConfig",
            step!(c, ids => c.delete_live_app_snapshot_config().domain_name(SPARE).app_name("live")),
        ),
        (
            "DeleteLivePullStreamInfoConfig",
            step!(c, ids => c.delete_live_pull_stream_info_config().domain_name(SPARE).app_name("live").stream_name("pulled")),
        ),
        (
            "DeleteLiveDetectNotifyConfig",
            step!(c, ids => c.delete_live_detect_notify_config().domain_name(SPARE)),
        ),
        (
            "DeleteLiveSnapshotDetectPornConfig",
            step!(c, ids => c.delete_live_snapshot_detect_porn_config().domain_name(SPARE).app_name("live")),
        ),
        (
            "DeleteLiveStreamsNotifyUrlConfig",
            step!(c, ids => c.delete_live_streams_notify_url_config().domain_name(SPARE)),
        ),
        (
            "DeleteLiveStreamTranscode",
            step!(c, ids => c.delete_live_stream_transcode().domain(SPARE).app("live").template("lld")),
        ),
    ]
}

#[tokio::test]
async fn every_action_of_the_spec_is_callable_through_the_sdk() {
    let spec = aliyun_live_emulator::embedded_spec().expect("spec loads");
    let table = table();

    // The table covers exactly the spec's actions, each once.
    let in_spec: BTreeSet<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    let mut in_table = BTreeSet::new();
    for (name, _) in &table {
        assert!(in_table.insert(*name), "{name} appears twice in the table");
    }
    let missing: Vec<_> = in_spec.difference(&in_table).collect();
    assert!(
        missing.is_empty(),
        "actions of the spec without a call in this test: {missing:?}"
    );
    let unknown: Vec<_> = in_table.difference(&in_spec).collect();
    assert!(
        unknown.is_empty(),
        "calls of actions the spec does not have: {unknown:?}"
    );

    let env = Env::start().await;
    let ids = Arc::new(setup(&env.client).await);
    let mut failures = Vec::new();
    for (name, call) in &table {
        if let Err(e) = call(env.client.clone(), ids.clone()).await {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} calls failed:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

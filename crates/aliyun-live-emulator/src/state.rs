//! The emulated account: domains, configurations, recordings and index
//! files, and the behaviour of each action over them.
//!
//! Handlers receive parameters already decoded and validated from the spec
//! (see [`crate::params`]) and return "logical" JSON keyed by the spec's
//! field names; [`crate::render`] shapes it for the wire.

use std::collections::{BTreeMap, BTreeSet};

use aliyun_live_codegen::model::{Action, Spec};
use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use crate::error::{ApiError, Errors};
use crate::params::RawParams;
use crate::render;
use crate::timefmt;

/// Everything a handler needs to know about one request.
pub struct Ctx<'a> {
    pub spec: &'a Spec,
    pub action: &'a Action,
    pub errs: Errors<'a>,
    /// Decoded parameters (defaults filled in).
    pub p: &'a Map<String, Value>,
    /// Raw parameters, to tell "absent" from "defaulted".
    pub raw: &'a RawParams,
    pub now: OffsetDateTime,
}

impl Ctx<'_> {
    pub(crate) fn str(&self, name: &str) -> Option<&str> {
        self.p
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A required parameter: the decoder guarantees it, so absence is an
    /// internal error rather than a panic.
    pub(crate) fn req(&self, name: &str) -> Result<&str, ApiError> {
        self.str(name).ok_or_else(|| self.errs.internal())
    }

    pub(crate) fn time(&self, name: &str) -> Option<OffsetDateTime> {
        self.str(name).and_then(timefmt::parse)
    }

    pub(crate) fn int(&self, name: &str) -> Option<i64> {
        self.p.get(name).and_then(Value::as_i64)
    }

    pub(crate) fn given(&self, name: &str) -> bool {
        self.raw.get(name).is_some_and(|v| !v.is_empty())
    }

    pub(crate) fn already_exists(&self) -> ApiError {
        self.errs
            .make("ConfigAlreadyExists", 400, "Config has already exist.")
    }

    pub(crate) fn config_not_found(&self) -> ApiError {
        self.errs
            .make("InvalidConfig.NotFound", 404, "Config does not exist.")
    }
}

/// A live domain of the account.
#[derive(Debug, Clone)]
struct Domain {
    domain_type: String,
}

/// The emulated account state. One per emulator, behind a mutex: every
/// action runs to completion under the lock, so concurrent requests never
/// lose updates.
#[derive(Debug, Default)]
pub struct State {
    domains: BTreeMap<String, Domain>,
    /// (push domain, pull domain).
    mappings: BTreeSet<(String, String)>,
    /// App recording configs, in creation order.
    app_records: Vec<Map<String, Value>>,
    /// Live-to-VOD configs, in creation order.
    vod_configs: Vec<Map<String, Value>>,
    /// Record notify configs by domain.
    notify: BTreeMap<String, Map<String, Value>>,
    /// Running manual recordings: (domain, app, stream).
    recording: BTreeSet<(String, String, String)>,
    /// Record index files, in creation order.
    index_files: Vec<Map<String, Value>>,
    /// App snapshot configs, in creation order.
    snapshot_configs: Vec<Map<String, Value>>,
    /// Casters and everything inside them (layouts, resources, scenes...).
    caster: crate::caster::CasterState,
    /// The other resource families: pull streams, detection, stream
    /// notify URLs, transcoding, blocked streams.
    families: crate::families::FamilyState,
}

pub(crate) type Out = Result<Map<String, Value>, ApiError>;

fn s(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

impl State {
    /// Runs `cx.action`.
    pub fn dispatch(&mut self, cx: &Ctx<'_>) -> Out {
        self.check_domains(cx)?;
        match cx.action.name.as_str() {
            "AddLiveDomain" => self.add_domain(cx),
            "AddLiveDomainMapping" => self.add_mapping(cx),
            "AddLiveAppRecordConfig" => self.add_app_record(cx),
            "DeleteLiveAppRecordConfig" => self.delete_app_record(cx),
            "DescribeLiveRecordConfig" => self.describe_app_records(cx),
            "AddLiveRecordVodConfig" => self.add_vod(cx),
            "DeleteLiveRecordVodConfig" => self.delete_vod(cx),
            "DescribeLiveRecordVodConfigs" => self.describe_vod(cx),
            "AddLiveRecordNotifyConfig" => self.add_notify(cx),
            "UpdateLiveRecordNotifyConfig" => self.update_notify(cx),
            "DeleteLiveRecordNotifyConfig" => self.delete_notify(cx),
            "DescribeLiveRecordNotifyConfig" => self.describe_notify(cx),
            "RealTimeRecordCommand" => self.record_command(cx),
            "CreateLiveStreamRecordIndexFiles" => self.create_index(cx),
            "DescribeLiveStreamRecordIndexFile" => self.describe_index(cx),
            "DescribeLiveStreamRecordIndexFiles" => self.describe_indexes(cx),
            "DescribeLiveStreamRecordContent" => self.record_content(cx),
            "AddLiveAppSnapshotConfig" => self.add_snapshot(cx),
            "UpdateLiveAppSnapshotConfig" => self.update_snapshot(cx),
            "DeleteLiveAppSnapshotConfig" => self.delete_snapshot(cx),
            "DescribeLiveSnapshotConfig" => self.describe_snapshots(cx),
            "DescribeLiveDomainBpsData" => crate::synthetic::bps(cx, self.domain_names(), false),
            "DescribeLiveDomainTrafficData" => crate::synthetic::bps(cx, self.domain_names(), true),
            "DescribeLiveDomainRecordData" => {
                crate::synthetic::daily(cx, crate::synthetic::Daily::Record)
            }
            "DescribeLiveDomainSnapshotData" => {
                crate::synthetic::daily(cx, crate::synthetic::Daily::Snapshot)
            }
            "DescribeLiveDomainTranscodeData" => {
                crate::synthetic::daily(cx, crate::synthetic::Daily::Transcode)
            }
            "DescribeLiveStreamOnlineUserNum" => {
                crate::synthetic::online_users(cx, self.streams_of(cx))
            }
            "DescribeLiveDomainLog" => crate::synthetic::domain_log(cx),
            _ => {
                // Families with their own modules answer `None` for actions
                // that are not theirs.
                if let Some(out) = self.caster.dispatch(cx) {
                    return out;
                }
                if let Some(out) = self.families.dispatch(cx, &self.snapshot_configs) {
                    return out;
                }
                Ok(example_response(cx))
            }
        }
    }

    fn domain_names(&self) -> Vec<String> {
        self.domains.keys().cloned().collect()
    }

    /// Every action taking `DomainName` (except the one creating domains)
    /// works on domains of the account only.
    fn check_domains(&self, cx: &Ctx<'_>) -> Result<(), ApiError> {
        if cx.action.name == "AddLiveDomain" {
            return Ok(());
        }
        // Transcoding actions name the domain `Domain` or `DomainTranscodeName`.
        let given = ["DomainName", "Domain", "DomainTranscodeName"]
            .iter()
            .find_map(|k| cx.p.get(*k));
        let names: Vec<&str> = match given {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if names.iter().any(|n| !self.domains.contains_key(*n)) {
            return Err(cx.errs.domain_not_found());
        }
        Ok(())
    }

    fn add_domain(&mut self, cx: &Ctx<'_>) -> Out {
        let name = cx.req("DomainName")?.to_ascii_lowercase();
        if !valid_domain_name(&name) {
            return Err(cx.errs.make(
                "InvalidDomainName.Malformed",
                400,
                "Specified DomainName is malformed.",
            ));
        }
        let region = cx.req("Region")?;
        let regions = &cx.spec.service.regions;
        if !regions.is_empty() && !regions.iter().any(|r| r.id == region) {
            return Err(cx.errs.make_detailed(
                "InvalidRegion.Malformed",
                400,
                format!(
                    "Specified Region is malformed: {region:?} is not one of {}.",
                    regions
                        .iter()
                        .map(|r| r.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if self.domains.contains_key(&name) {
            return Err(cx.errs.make(
                "DomainAlreadyExist",
                400,
                "The specified domain already exists.",
            ));
        }
        let domain_type = cx.req("LiveDomainType")?.to_owned();
        self.domains.insert(name, Domain { domain_type });
        Ok(Map::new())
    }

    fn add_mapping(&mut self, cx: &Ctx<'_>) -> Out {
        let push = cx.req("PushDomain")?;
        let pull = cx.req("PullDomain")?;
        let Some(push_d) = self.domains.get(push) else {
            return Err(cx.errs.make(
                "InvalidPushDomain.Miss",
                400,
                "The specified value of parameter PushDomain is miss.",
            ));
        };
        let Some(pull_d) = self.domains.get(pull) else {
            return Err(cx.errs.make(
                "InvalidPullDomain.Miss",
                400,
                "The specified value of parameter PullDomain is miss.",
            ));
        };
        if push_d.domain_type != "liveEdge" || pull_d.domain_type != "liveVideo" {
            return Err(cx.errs.make_detailed(
                "DomainType.Malformed",
                400,
                format!(
                    "Your domain type is not live type: PushDomain must be liveEdge (is {}), PullDomain liveVideo (is {}).",
                    push_d.domain_type, pull_d.domain_type
                ),
            ));
        }
        if !self.mappings.insert((push.to_owned(), pull.to_owned())) {
            return Err(cx.already_exists());
        }
        Ok(Map::new())
    }

    fn add_app_record(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let stream = cx.str("StreamName").unwrap_or("");
        if self
            .app_records
            .iter()
            .any(|c| same_key(c, domain, app, stream))
        {
            return Err(cx.already_exists());
        }
        let formats: Vec<Value> =
            cx.p.get("RecordFormat")
                .and_then(Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(Value::as_object)
                        .map(|f| {
                            let mut f = f.clone();
                            // The response calls the format `Name`.
                            if let Some(v) = f.get("Format").cloned() {
                                f.insert("Name".into(), v);
                            }
                            Value::Object(f)
                        })
                        .collect()
                })
                .unwrap_or_default();
        let cycle = formats
            .iter()
            .find_map(|f| f.get("CycleDuration").cloned())
            .unwrap_or(json!(3600));
        let mut c = cx.p.clone();
        c.remove("RecordFormat");
        c.insert("StreamName".into(), json!(stream));
        c.insert("FormatList".into(), Value::Array(formats));
        c.insert("CycleDuration".into(), cycle);
        c.insert("CreateTime".into(), json!(timefmt::format(cx.now)));
        self.app_records.push(c);
        Ok(Map::new())
    }

    fn delete_app_record(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let stream = cx.str("StreamName").unwrap_or("");
        let before = self.app_records.len();
        self.app_records
            .retain(|c| !same_key(c, domain, app, stream));
        if self.app_records.len() == before {
            return Err(cx.config_not_found());
        }
        Ok(Map::new())
    }

    fn describe_app_records(&self, cx: &Ctx<'_>) -> Out {
        list_configs(cx, &self.app_records)
    }

    fn add_vod(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let stream = cx.str("StreamName").unwrap_or("");
        if self
            .vod_configs
            .iter()
            .any(|c| same_key(c, domain, app, stream))
        {
            return Err(cx.already_exists());
        }
        let mut c = cx.p.clone();
        c.insert("StreamName".into(), json!(stream));
        c.insert("CreateTime".into(), json!(timefmt::format(cx.now)));
        self.vod_configs.push(c);
        Ok(Map::new())
    }

    fn delete_vod(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let stream = cx.str("StreamName").unwrap_or("");
        let before = self.vod_configs.len();
        self.vod_configs
            .retain(|c| !same_key(c, domain, app, stream));
        if self.vod_configs.len() == before {
            return Err(cx.config_not_found());
        }
        Ok(Map::new())
    }

    fn describe_vod(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let (app, stream) = (cx.str("AppName"), cx.str("StreamName"));
        let items: Vec<Value> = self
            .vod_configs
            .iter()
            .filter(|c| {
                s(c, "DomainName") == domain
                    && app.is_none_or(|a| s(c, "AppName") == a)
                    && stream.is_none_or(|x| s(c, "StreamName") == x)
            })
            .map(|c| Value::Object(c.clone()))
            .collect();
        let mut out = Map::new();
        paginate(cx, items, &mut out);
        Ok(out)
    }

    fn add_notify(&mut self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        if self.notify.contains_key(domain) {
            return Err(cx.already_exists());
        }
        self.notify.insert(domain.to_owned(), cx.p.clone());
        Ok(Map::new())
    }

    fn update_notify(&mut self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let Some(c) = self.notify.get_mut(domain) else {
            return Err(cx.config_not_found());
        };
        // Only what the caller sent changes; defaults do not overwrite.
        for key in ["NotifyUrl", "NeedStatusNotify"] {
            if cx.given(key) {
                if let Some(v) = cx.p.get(key) {
                    c.insert(key.into(), v.clone());
                }
            }
        }
        Ok(Map::new())
    }

    fn delete_notify(&mut self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        match self.notify.remove(domain) {
            Some(_) => Ok(Map::new()),
            None => Err(cx.config_not_found()),
        }
    }

    fn describe_notify(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let c = self
            .notify
            .get(domain)
            .ok_or_else(|| cx.config_not_found())?;
        let mut out = Map::new();
        out.insert("LiveRecordNotifyConfig".into(), Value::Object(c.clone()));
        Ok(out)
    }

    fn record_command(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app, stream) = (
            cx.req("DomainName")?,
            cx.req("AppName")?,
            cx.req("StreamName")?,
        );
        // A manual recording needs an app recording config covering the stream.
        let covered = self.app_records.iter().any(|c| {
            s(c, "DomainName") == domain
                && (s(c, "AppName") == app || s(c, "AppName") == "*")
                && (s(c, "StreamName").is_empty() || s(c, "StreamName") == stream)
        });
        if !covered {
            return Err(cx.config_not_found());
        }
        let key = (domain.to_owned(), app.to_owned(), stream.to_owned());
        match cx.req("Command")? {
            "start" => {
                if !self.recording.insert(key) {
                    return Err(cx.errs.make(
                        "TaskAlreadyStarted",
                        409,
                        "Task has already started.",
                    ));
                }
            }
            // Stopping a recording that is not running is a no-op, so a
            // retried stop succeeds.
            _ => {
                self.recording.remove(&key);
            }
        }
        Ok(Map::new())
    }

    fn create_index(&mut self, cx: &Ctx<'_>) -> Out {
        let (start, end) = (cx.time("StartTime"), cx.time("EndTime"));
        let (Some(start), Some(end)) = (start, end) else {
            return Err(cx.errs.internal());
        };
        // Nothing can have been recorded in the future.
        if start >= cx.now {
            return Err(cx.errs.make(
                "NoRecordContent",
                400,
                "The record content between StartTime and EndTime is empty.",
            ));
        }
        let end = end.min(cx.now);
        let mut info = Map::new();
        for key in [
            "DomainName",
            "AppName",
            "StreamName",
            "OssBucket",
            "OssEndpoint",
            "OssObject",
        ] {
            info.insert(key.into(), json!(cx.req(key)?));
        }
        let bucket = cx.req("OssBucket")?;
        let endpoint = cx.req("OssEndpoint")?;
        let object = cx.req("OssObject")?;
        info.insert("RecordId".into(), json!(uuid::Uuid::new_v4().to_string()));
        info.insert(
            "RecordUrl".into(),
            json!(format!("http://{bucket}.{endpoint}/{object}")),
        );
        info.insert("StartTime".into(), json!(timefmt::format(start)));
        info.insert("EndTime".into(), json!(timefmt::format(end)));
        info.insert(
            "Duration".into(),
            json!((end - start).whole_seconds() as f64),
        );
        info.insert("Height".into(), json!(720));
        info.insert("Width".into(), json!(1280));
        info.insert("CreateTime".into(), json!(timefmt::format(cx.now)));
        self.index_files.push(info.clone());
        let mut out = Map::new();
        out.insert("RecordInfo".into(), Value::Object(info));
        Ok(out)
    }

    fn stream_files<'a>(&'a self, cx: &Ctx<'_>) -> Result<Vec<&'a Map<String, Value>>, ApiError> {
        let (domain, app, stream) = (
            cx.req("DomainName")?,
            cx.req("AppName")?,
            cx.req("StreamName")?,
        );
        let (Some(start), Some(end)) = (cx.time("StartTime"), cx.time("EndTime")) else {
            return Err(cx.errs.internal());
        };
        Ok(self
            .index_files
            .iter()
            .filter(|f| {
                let fs = timefmt::parse(&s(f, "StartTime"));
                let fe = timefmt::parse(&s(f, "EndTime"));
                s(f, "DomainName") == domain
                    && s(f, "AppName") == app
                    && s(f, "StreamName") == stream
                    && fs.is_some_and(|fs| fs < end)
                    && fe.is_some_and(|fe| fe > start)
            })
            .collect())
    }

    fn describe_index(&self, cx: &Ctx<'_>) -> Out {
        let id = cx.req("RecordId")?;
        let (domain, app, stream) = (
            cx.req("DomainName")?,
            cx.req("AppName")?,
            cx.req("StreamName")?,
        );
        let found = self.index_files.iter().find(|f| {
            s(f, "RecordId") == id
                && s(f, "DomainName") == domain
                && s(f, "AppName") == app
                && s(f, "StreamName") == stream
        });
        match found {
            Some(f) => {
                let mut out = Map::new();
                out.insert("RecordIndexInfo".into(), Value::Object(f.clone()));
                Ok(out)
            }
            None => Err(cx.errs.make(
                "InvalidRecordId.NotFound",
                404,
                "The specified RecordId does not exist.",
            )),
        }
    }

    fn describe_indexes(&self, cx: &Ctx<'_>) -> Out {
        let mut files = self.stream_files(cx)?;
        files.sort_by_key(|f| s(f, "StartTime"));
        let mut items: Vec<Value> = files
            .into_iter()
            .map(|f| Value::Object(f.clone()))
            .collect();
        let mut out = Map::new();
        order_and_paginate(cx, &mut items, &mut out);
        Ok(out)
    }

    fn record_content(&self, cx: &Ctx<'_>) -> Out {
        let mut files = self.stream_files(cx)?;
        files.sort_by_key(|f| s(f, "StartTime"));
        let items: Vec<Value> = files
            .into_iter()
            .map(|f| {
                let mut c = f.clone();
                c.insert("OssObjectPrefix".into(), json!(s(f, "OssObject")));
                Value::Object(c)
            })
            .collect();
        let mut out = Map::new();
        out.insert("RecordContentInfoList".into(), Value::Array(items));
        Ok(out)
    }

    /// Snapshot configs need somewhere to write: an overwritten object, a
    /// sequence of objects, or both.
    fn check_snapshot_objects(cx: &Ctx<'_>, c: &Map<String, Value>) -> Result<(), ApiError> {
        if s(c, "OverwriteOssObject").is_empty() && s(c, "SequenceOssObject").is_empty() {
            return Err(cx.errs.make(
                "InvalidOverwriteOssObjectOrSequenceOssObject.Malformed",
                400,
                "Specified paramters OverwriteOssObject or SequenceOssObject should have one.",
            ));
        }
        Ok(())
    }

    fn add_snapshot(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        Self::check_snapshot_objects(cx, cx.p)?;
        if self
            .snapshot_configs
            .iter()
            .any(|c| s(c, "DomainName") == domain && s(c, "AppName") == app)
        {
            return Err(cx.already_exists());
        }
        let mut c = cx.p.clone();
        // Unset optional texts read back as "", as the service lists them.
        for key in ["OverwriteOssObject", "SequenceOssObject", "Callback"] {
            c.entry(key).or_insert_with(|| json!(""));
        }
        c.insert("CreateTime".into(), json!(timefmt::format(cx.now)));
        self.snapshot_configs.push(c);
        Ok(Map::new())
    }

    fn update_snapshot(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let Some(c) = self
            .snapshot_configs
            .iter_mut()
            .find(|c| s(c, "DomainName") == domain && s(c, "AppName") == app)
        else {
            return Err(cx.config_not_found());
        };
        let mut updated = c.clone();
        for (k, v) in cx.p {
            if cx.given(k) {
                updated.insert(k.clone(), v.clone());
            }
        }
        Self::check_snapshot_objects(cx, &updated)?;
        *c = updated;
        Ok(Map::new())
    }

    fn delete_snapshot(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let before = self.snapshot_configs.len();
        self.snapshot_configs
            .retain(|c| !(s(c, "DomainName") == domain && s(c, "AppName") == app));
        if self.snapshot_configs.len() == before {
            return Err(cx.config_not_found());
        }
        Ok(Map::new())
    }

    fn describe_snapshots(&self, cx: &Ctx<'_>) -> Out {
        list_configs(cx, &self.snapshot_configs)
    }

    /// The streams the account knows of on the requested domain, as
    /// `(app, stream)`: from recording configs, running recordings and index files.
    fn streams_of(&self, cx: &Ctx<'_>) -> Vec<(String, String)> {
        let domain = cx.str("DomainName").unwrap_or("");
        let mut set = BTreeSet::new();
        for c in self
            .app_records
            .iter()
            .chain(&self.vod_configs)
            .chain(&self.index_files)
        {
            let (app, stream) = (s(c, "AppName"), s(c, "StreamName"));
            if s(c, "DomainName") == domain && !stream.is_empty() && app != "*" {
                set.insert((app, stream));
            }
        }
        for (d, a, st) in &self.recording {
            if d == domain {
                set.insert((a.clone(), st.clone()));
            }
        }
        set.into_iter().collect()
    }
}

/// The configs of `DomainName` (and `AppName`, if given), in creation
/// order or reversed for `Order=desc`, paginated.
fn list_configs(cx: &Ctx<'_>, configs: &[Map<String, Value>]) -> Out {
    let domain = cx.req("DomainName")?;
    let app = cx.str("AppName");
    let mut items: Vec<Value> = configs
        .iter()
        .filter(|c| s(c, "DomainName") == domain && app.is_none_or(|a| s(c, "AppName") == a))
        .map(|c| Value::Object(c.clone()))
        .collect();
    let mut out = Map::new();
    order_and_paginate(cx, &mut items, &mut out);
    Ok(out)
}

/// Reverses `items` for `Order=desc`, echoes `Order`, and paginates.
fn order_and_paginate(cx: &Ctx<'_>, items: &mut Vec<Value>, out: &mut Map<String, Value>) {
    if cx.str("Order") == Some("desc") {
        items.reverse();
    }
    if let Some(o) = cx.str("Order") {
        out.insert("Order".into(), json!(o));
    }
    paginate(cx, std::mem::take(items), out);
}

/// Same (domain, app, stream) key; an absent stream is stored as "".
fn same_key(c: &Map<String, Value>, domain: &str, app: &str, stream: &str) -> bool {
    s(c, "DomainName") == domain && s(c, "AppName") == app && s(c, "StreamName") == stream
}

/// Host names: labels of letters, digits and hyphens, at least two labels,
/// optionally a leading `.` (wildcard domain, as the reference allows).
fn valid_domain_name(name: &str) -> bool {
    let body = name.strip_prefix('.').unwrap_or(name);
    let labels: Vec<&str> = body.split('.').collect();
    body.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// Fills the pagination fields the action's `pagination` names.
pub fn paginate(cx: &Ctx<'_>, items: Vec<Value>, out: &mut Map<String, Value>) {
    let Some(pg) = &cx.action.pagination else {
        return;
    };
    let number = cx.int(&pg.page_number).unwrap_or(1).max(1);
    let size = cx.int(&pg.page_size).unwrap_or(10).max(1);
    let total = items.len() as i64;
    // Not `(total + size - 1) / size`, which overflows for a huge PageSize.
    let pages = if total == 0 {
        0
    } else {
        (total - 1) / size + 1
    };
    let skip = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let page: Vec<Value> = items
        .into_iter()
        .skip(skip)
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    out.insert(pg.items.clone(), Value::Array(page));
    out.insert(pg.page_number.clone(), json!(number));
    out.insert(pg.page_size.clone(), json!(size));
    if let Some(t) = &pg.total_items {
        out.insert(t.clone(), json!(total));
    }
    if let Some(t) = &pg.total_pages {
        out.insert(t.clone(), json!(pages));
    }
}

/// The answer for an action the emulator has no behaviour for: the spec's
/// examples, shaped as declared, with the request's own scalar values
/// echoed into fields of the same name (so `DomainName` is the domain asked
/// about, not the example's).
pub(crate) fn example_response(cx: &Ctx<'_>) -> Map<String, Value> {
    let mut out = Map::new();
    for f in &cx.action.response {
        if f.name == "RequestId" {
            continue;
        }
        if let Some(v) = render::example_value(cx.spec, f, 0) {
            out.insert(f.name.clone(), v);
        }
    }
    let mut out = Value::Object(out);
    echo_params(&mut out, cx.p, 0);
    match out {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn echo_params(v: &mut Value, params: &Map<String, Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                match params.get(k) {
                    Some(p)
                        if !p.is_array() && !p.is_object() && !x.is_array() && !x.is_object() =>
                    {
                        *x = p.clone();
                    }
                    _ => echo_params(x, params, depth + 1),
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                echo_params(x, params, depth + 1);
            }
        }
        _ => {}
    }
}

/// Floors `t` to a multiple of `step` since the epoch.
pub fn floor_to(t: OffsetDateTime, step: Duration) -> OffsetDateTime {
    let step_s = step.whole_seconds().max(1);
    let secs = t.unix_timestamp();
    OffsetDateTime::from_unix_timestamp(secs - secs.rem_euclid(step_s)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names() {
        for ok in ["live.example.com", ".a.com", "a-b.c1.com"] {
            assert!(valid_domain_name(ok), "{ok}");
        }
        for bad in [
            "", "com", "a..com", "-a.com", "a_b.com", "a.com/x", "a b.com",
        ] {
            assert!(!valid_domain_name(bad), "{bad}");
        }
    }
}

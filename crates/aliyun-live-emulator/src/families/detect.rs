//! Content detection: the detection callback of a domain
//! (Add/Update/Delete/DescribeLiveDetectNotifyConfig) and per-app snapshot
//! porn-detection configs (Add/Update/Delete/DescribeLiveSnapshotDetectPornConfig).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{UrlProblem, check_callback_url, s, valid_bucket};
use crate::error::ApiError;
use crate::state::{Ctx, Out, paginate};
use crate::timefmt;

/// The detection scenes the service knows.
const SCENES: [&str; 6] = ["porn", "terrorism", "ad", "live", "logo", "qrcode"];

#[derive(Debug, Default)]
pub(super) struct Detect {
    /// Detection callback URL by domain.
    notify: BTreeMap<String, String>,
    /// Porn-detection configs, one per (domain, app), in creation order.
    porn: Vec<Map<String, Value>>,
}

fn check_notify_url(cx: &Ctx<'_>, url: &str) -> Result<(), ApiError> {
    match check_callback_url(url) {
        Ok(()) => Ok(()),
        Err(UrlProblem::Malformed) => Err(cx.errs.make_detailed(
            "InvalidNotifyUrl.Malformed",
            400,
            format!("Specified parameter NotifyUrl is malformed: {url:?} is not an http:// or https:// URL."),
        )),
        Err(UrlProblem::Unsafe) => Err(cx.errs.make_detailed(
            "InvalidNotifyUrl.Unsafe",
            400,
            format!("Specified parameter NotifyUrl is unsafe: {url:?} points at a loopback or private address."),
        )),
    }
}

/// Checks the OSS location and scenes of a (possibly merged) porn config.
fn check_porn(cx: &Ctx<'_>, c: &Map<String, Value>) -> Result<(), ApiError> {
    let bucket = s(c, "OssBucket");
    if !valid_bucket(&bucket) {
        return Err(cx.errs.make_detailed(
            "InvalidOssBucket.Malformed",
            400,
            format!("Specified parameter OssBucket is malformed: {bucket:?} is not a bucket name (3-63 lowercase letters, digits, hyphens)."),
        ));
    }
    let endpoint = s(c, "OssEndpoint");
    if !endpoint.contains('.') || endpoint.contains(['/', ' ']) {
        return Err(cx.errs.make_detailed(
            "InvalidOssEndpoint.Malformed",
            400,
            format!(
                "Specified parameter OssEndpoint is malformed: {endpoint:?} is not a host name."
            ),
        ));
    }
    let scenes = c.get("Scenes").and_then(Value::as_array);
    if let Some(bad) = scenes
        .into_iter()
        .flatten()
        .find(|v| !v.as_str().is_some_and(|x| SCENES.contains(&x)))
    {
        return Err(cx.errs.make_detailed(
            "InvalidScenes",
            400,
            format!(
                "Specified parameter Scene is not valid: {bad} is not one of {}.",
                SCENES.join(", ")
            ),
        ));
    }
    Ok(())
}

impl Detect {
    pub(super) fn add_notify(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, url) = (cx.req("DomainName")?, cx.req("NotifyUrl")?);
        check_notify_url(cx, url)?;
        if self.notify.contains_key(domain) {
            return Err(cx.already_exists());
        }
        self.notify.insert(domain.to_owned(), url.to_owned());
        Ok(Map::new())
    }

    pub(super) fn update_notify(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, url) = (cx.req("DomainName")?, cx.req("NotifyUrl")?);
        check_notify_url(cx, url)?;
        let Some(c) = self.notify.get_mut(domain) else {
            return Err(cx.config_not_found());
        };
        url.clone_into(c);
        Ok(Map::new())
    }

    pub(super) fn delete_notify(&mut self, cx: &Ctx<'_>) -> Out {
        match self.notify.remove(cx.req("DomainName")?) {
            Some(_) => Ok(Map::new()),
            None => Err(cx.config_not_found()),
        }
    }

    pub(super) fn describe_notify(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let url = self
            .notify
            .get(domain)
            .ok_or_else(|| cx.config_not_found())?;
        let mut out = Map::new();
        out.insert(
            "LiveDetectNotifyConfig".into(),
            json!({"DomainName": domain, "NotifyUrl": url}),
        );
        Ok(out)
    }

    fn find_porn(&mut self, domain: &str, app: &str) -> Option<&mut Map<String, Value>> {
        self.porn
            .iter_mut()
            .find(|c| s(c, "DomainName") == domain && s(c, "AppName") == app)
    }

    pub(super) fn add_porn(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let mut c = Map::new();
        for key in ["DomainName", "AppName", "OssEndpoint", "OssBucket"] {
            c.insert(key.into(), json!(cx.req(key)?));
        }
        // Unset: violating images keep the service's naming (read back as "").
        c.insert("OssObject".into(), json!(cx.str("OssObject").unwrap_or("")));
        // Unset: the shortest sampling interval the service allows.
        c.insert("Interval".into(), json!(cx.int("Interval").unwrap_or(5)));
        let scenes = match cx.p.get("Scene").and_then(Value::as_array) {
            Some(list) if !list.is_empty() => list.clone(),
            // Unset: the action's own scene.
            _ => vec![json!("porn")],
        };
        c.insert("Scenes".into(), Value::Array(scenes));
        check_porn(cx, &c)?;
        if self.find_porn(domain, app).is_some() {
            return Err(cx.already_exists());
        }
        c.insert("CreateTime".into(), json!(timefmt::format(cx.now)));
        self.porn.push(c);
        Ok(Map::new())
    }

    pub(super) fn update_porn(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let Some(c) = self.find_porn(domain, app) else {
            return Err(cx.config_not_found());
        };
        // Only what the caller sent changes.
        let mut updated = c.clone();
        for key in ["OssEndpoint", "OssBucket", "OssObject", "Interval"] {
            if cx.given(key) {
                if let Some(v) = cx.p.get(key) {
                    updated.insert(key.into(), v.clone());
                }
            }
        }
        if let Some(list) = cx.p.get("Scene").and_then(Value::as_array) {
            if !list.is_empty() {
                updated.insert("Scenes".into(), Value::Array(list.clone()));
            }
        }
        check_porn(cx, &updated)?;
        *c = updated;
        Ok(Map::new())
    }

    pub(super) fn delete_porn(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let before = self.porn.len();
        self.porn
            .retain(|c| !(s(c, "DomainName") == domain && s(c, "AppName") == app));
        if self.porn.len() == before {
            return Err(cx.config_not_found());
        }
        Ok(Map::new())
    }

    pub(super) fn describe_porn(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainName")?;
        let app = cx.str("AppName");
        let mut items: Vec<Value> = self
            .porn
            .iter()
            .filter(|c| s(c, "DomainName") == domain && app.is_none_or(|a| s(c, "AppName") == a))
            .map(|c| Value::Object(c.clone()))
            .collect();
        let order = cx.str("Order").unwrap_or("asc");
        if order == "desc" {
            items.reverse();
        }
        let mut out = Map::new();
        out.insert("Order".into(), json!(order));
        paginate(cx, items, &mut out);
        Ok(out)
    }
}

//! Transcoding templates of an app: standard and custom templates
//! (AddLiveStreamTranscode, AddCustomLiveStreamTranscode,
//! DeleteLiveStreamTranscode, DescribeLiveStreamTranscodeInfo) and SEI
//! insertion into transcoded streams (AddTrancodeSEI).

use serde_json::{Map, Value, json};

use crate::error::ApiError;
use crate::state::{Ctx, Out};

/// The service's standard templates: standard quality, then narrowband HD.
const STANDARD: [&str; 8] = ["lld", "lsd", "lhd", "lud", "ld", "sd", "hd", "ud"];

/// Custom template types; all but `audio` are video templates.
const TEMPLATE_TYPES: [&str; 5] = ["h264", "h264-nbhd", "h265", "h265-nbhd", "audio"];

/// One template bound to (domain, app).
#[derive(Debug, Clone)]
struct Template {
    domain: String,
    app: String,
    name: String,
    lazy: bool,
    /// The custom parameters; `None` for a standard template.
    custom: Option<Map<String, Value>>,
    /// EncryptType, KmsKeyID, KmsKeyExpireInterval; `None` when unencrypted.
    encrypt: Option<Map<String, Value>>,
}

#[derive(Debug, Default)]
pub(super) struct Transcode {
    /// In creation order.
    templates: Vec<Template>,
}

fn invalid(cx: &Ctx<'_>, msg: String) -> ApiError {
    cx.errs.make_detailed("InvalidParameters", 400, msg)
}

/// A JSON-object text parameter, `None` when absent.
fn json_param(cx: &Ctx<'_>, name: &str) -> Result<Option<Map<String, Value>>, ApiError> {
    let Some(text) = cx.str(name) else {
        return Ok(None);
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => Ok(Some(o)),
        _ => Err(invalid(
            cx,
            format!("Specified parameter {name} is not a JSON object: {text:?}."),
        )),
    }
}

/// The encryption settings from `EncryptParameters` (JSON) or, for custom
/// templates, the `Kms*` parameters.
fn encryption(cx: &Ctx<'_>) -> Result<Option<Map<String, Value>>, ApiError> {
    let mut e = match json_param(cx, "EncryptParameters")? {
        Some(o) => o,
        None => match cx.str("KmsKeyID") {
            Some(id) => {
                let mut o = Map::new();
                o.insert("EncryptType".into(), json!("aliyun"));
                o.insert("KmsKeyID".into(), json!(id));
                if let Some(i) = cx.str("KmsKeyExpireInterval") {
                    o.insert("KmsKeyExpireInterval".into(), json!(i));
                }
                o
            }
            None => return Ok(None),
        },
    };
    if e.get("EncryptType").and_then(Value::as_str) != Some("aliyun") {
        return Err(invalid(
            cx,
            "EncryptParameters.EncryptType must be \"aliyun\".".into(),
        ));
    }
    if e.get("KmsKeyID")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(invalid(
            cx,
            "EncryptParameters.KmsKeyID is mandatory.".into(),
        ));
    }
    // The interval may be sent as a number or a numeric string; it reads
    // back as a string.
    let interval = match e.get("KmsKeyExpireInterval") {
        None => None,
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(t)) => Some(t.parse::<i64>().unwrap_or(-1)),
        Some(_) => Some(-1),
    };
    if let Some(i) = interval {
        if !(60..=3600).contains(&i) {
            return Err(invalid(
                cx,
                "EncryptParameters.KmsKeyExpireInterval must be 60-3600 seconds.".into(),
            ));
        }
        e.insert("KmsKeyExpireInterval".into(), json!(i.to_string()));
    }
    e.retain(|k, _| ["EncryptType", "KmsKeyID", "KmsKeyExpireInterval"].contains(&k.as_str()));
    Ok(Some(e))
}

/// Custom template names: letters, digits and '-', starting with a letter
/// or digit, not a standard template's name.
fn valid_custom_name(name: &str) -> bool {
    name.bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !STANDARD.contains(&name)
}

/// The custom parameters of `AddCustomLiveStreamTranscode`, validated.
fn custom_params(cx: &Ctx<'_>) -> Result<Map<String, Value>, ApiError> {
    let ty = cx.req("TemplateType")?;
    if !TEMPLATE_TYPES.contains(&ty) {
        return Err(invalid(
            cx,
            format!(
                "Specified parameter TemplateType is not valid: {ty:?} is not one of {}.",
                TEMPLATE_TYPES.join(", ")
            ),
        ));
    }
    let mut c = Map::new();
    c.insert("TemplateType".into(), json!(ty));
    if ty != "audio" {
        let missing: Vec<&str> = ["Height", "Width", "FPS", "VideoBitrate"]
            .into_iter()
            .filter(|k| cx.int(k).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(invalid(
                cx,
                format!(
                    "Video templates need {} (missing: {}).",
                    "Height, Width, FPS and VideoBitrate",
                    missing.join(", ")
                ),
            ));
        }
    }
    if let (Some(h), Some(w)) = (cx.int("Height"), cx.int("Width")) {
        let (big, small) = (h.max(w), h.min(w));
        let (max_big, max_small) = if ty == "h265-nbhd" {
            (1280, 720)
        } else {
            (2560, 1440)
        };
        if h < 100 || big > max_big || small > max_small {
            return Err(invalid(
                cx,
                format!(
                    "Specified resolution {w}x{h} is not valid: Height >= 100, the larger side at most {max_big}, the smaller at most {max_small}."
                ),
            ));
        }
    }
    if cx.int("FPS").is_some_and(|f| !(1..=60).contains(&f)) {
        return Err(invalid(cx, "Specified parameter FPS must be 1-60.".into()));
    }
    if let Some(g) = cx.str("Gop") {
        if !g.parse::<i64>().is_ok_and(|g| (1..=3000).contains(&g)) {
            return Err(invalid(
                cx,
                format!("Specified parameter Gop must be 1-3000 frames, got {g:?}."),
            ));
        }
    }
    let profile = match cx.int("Profile") {
        None => "",
        Some(1) => "baseline",
        Some(2) => "main",
        Some(3) => "high",
        Some(p) => {
            return Err(invalid(
                cx,
                format!(
                    "Specified parameter Profile must be 1 (baseline), 2 (main) or 3 (high), got {p}."
                ),
            ));
        }
    };
    c.insert("VideoProfile".into(), json!(profile));
    for key in [
        "Height",
        "Width",
        "FPS",
        "VideoBitrate",
        "AudioBitrate",
        "AudioRate",
        "AudioChannelNum",
    ] {
        // Unset numbers read back as 0, the service's "not set".
        c.insert(key.into(), json!(cx.int(key).unwrap_or(0)));
    }
    for key in ["Gop", "AudioProfile", "AudioCodec"] {
        c.insert(key.into(), json!(cx.str(key).unwrap_or("")));
    }
    for key in [
        "ResWithSource",
        "FpsWithSource",
        "BitrateWithSource",
        "ExtWithSource",
    ] {
        c.insert(
            key.into(),
            Value::Object(json_param(cx, key)?.unwrap_or_default()),
        );
    }
    // Fields the action cannot set read back empty.
    c.insert("RtsFlag".into(), json!(""));
    c.insert("Bframes".into(), json!(""));
    Ok(c)
}

/// The custom-parameter fields every item carries; a standard template has
/// them all unset.
fn unset_custom() -> Map<String, Value> {
    let mut c = Map::new();
    for key in [
        "TemplateType",
        "VideoProfile",
        "Gop",
        "AudioProfile",
        "AudioCodec",
        "RtsFlag",
        "Bframes",
    ] {
        c.insert(key.into(), json!(""));
    }
    for key in [
        "Height",
        "Width",
        "FPS",
        "VideoBitrate",
        "AudioBitrate",
        "AudioRate",
        "AudioChannelNum",
    ] {
        c.insert(key.into(), json!(0));
    }
    for key in [
        "ResWithSource",
        "FpsWithSource",
        "BitrateWithSource",
        "ExtWithSource",
    ] {
        c.insert(key.into(), json!({}));
    }
    c
}

impl Transcode {
    fn exists(&self, domain: &str, app: &str, name: &str) -> bool {
        self.templates
            .iter()
            .any(|t| t.domain == domain && t.app == app && t.name == name)
    }

    fn insert(&mut self, cx: &Ctx<'_>, custom: Option<Map<String, Value>>) -> Out {
        let (domain, app, name) = (cx.req("Domain")?, cx.req("App")?, cx.req("Template")?);
        let encrypt = encryption(cx)?;
        if self.exists(domain, app, name) {
            return Err(cx.already_exists());
        }
        self.templates.push(Template {
            domain: domain.to_owned(),
            app: app.to_owned(),
            name: name.to_owned(),
            lazy: cx.str("Lazy") == Some("yes"),
            custom,
            encrypt,
        });
        Ok(Map::new())
    }

    pub(super) fn add_standard(&mut self, cx: &Ctx<'_>) -> Out {
        let name = cx.req("Template")?;
        if !STANDARD.contains(&name) {
            return Err(invalid(
                cx,
                format!(
                    "Specified parameter Template is not a standard template: {name:?} is not one of {} (custom templates are added with AddCustomLiveStreamTranscode).",
                    STANDARD.join(", ")
                ),
            ));
        }
        self.insert(cx, None)
    }

    pub(super) fn add_custom(&mut self, cx: &Ctx<'_>) -> Out {
        let name = cx.req("Template")?;
        if !valid_custom_name(name) {
            return Err(invalid(
                cx,
                format!(
                    "Specified parameter Template is not valid: {name:?} must be letters, digits and '-', start with a letter or digit, and not be a standard template name."
                ),
            ));
        }
        let custom = custom_params(cx)?;
        self.insert(cx, Some(custom))
    }

    pub(super) fn delete(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app, name) = (cx.req("Domain")?, cx.req("App")?, cx.req("Template")?);
        let before = self.templates.len();
        self.templates
            .retain(|t| !(t.domain == domain && t.app == app && t.name == name));
        if self.templates.len() == before {
            return Err(cx.config_not_found());
        }
        Ok(Map::new())
    }

    pub(super) fn describe(&self, cx: &Ctx<'_>) -> Out {
        let domain = cx.req("DomainTranscodeName")?;
        let app = cx.str("AppName");
        let items: Vec<Value> = self
            .templates
            .iter()
            .filter(|t| t.domain == domain && app.is_none_or(|a| t.app == a))
            .map(|t| {
                let encrypt = t.encrypt.clone().unwrap_or_else(|| {
                    let mut e = Map::new();
                    for k in ["EncryptType", "KmsKeyID", "KmsKeyExpireInterval"] {
                        e.insert(k.into(), json!(""));
                    }
                    e
                });
                json!({
                    "TranscodeName": t.domain,
                    "TranscodeApp": t.app,
                    "TranscodeTemplate": t.name,
                    "IsLazy": t.lazy,
                    "CustomTranscodeParameters": t.custom.clone().unwrap_or_else(unset_custom),
                    "EncryptParameters": encrypt,
                })
            })
            .collect();
        let mut out = Map::new();
        out.insert("DomainTranscodeList".into(), Value::Array(items));
        Ok(out)
    }

    /// The template names transcoding `app` on `domain`.
    pub(super) fn names(&self, domain: &str, app: &str) -> Vec<&str> {
        self.templates
            .iter()
            .filter(|t| t.domain == domain && t.app == app)
            .map(|t| t.name.as_str())
            .collect()
    }

    /// SEI goes into transcoded streams, so the app must be transcoded.
    pub(super) fn add_sei(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, app) = (cx.req("DomainName")?, cx.req("AppName")?);
        let text = cx.req("Text")?;
        if text.len() > 4000 {
            return Err(invalid(
                cx,
                format!(
                    "Specified parameter Text is {} bytes; at most 4000.",
                    text.len()
                ),
            ));
        }
        let pattern = cx.req("Pattern")?;
        if !["keyframe", "frame"].contains(&pattern) {
            return Err(invalid(
                cx,
                format!("Specified parameter Pattern must be keyframe or frame, got {pattern:?}."),
            ));
        }
        if cx.int("Repeat").is_none_or(|r| r < -1) {
            return Err(invalid(
                cx,
                "Specified parameter Repeat must be -1 (forever) or a count >= 0.".into(),
            ));
        }
        if cx.int("Delay").is_none_or(|d| d < 0) {
            return Err(invalid(
                cx,
                "Specified parameter Delay must be >= 0 milliseconds.".into(),
            ));
        }
        if self.names(domain, app).is_empty() {
            return Err(cx.errs.make_detailed(
                "InvalidConfig.NotFound",
                404,
                format!("No transcoding template is configured for app {app:?} of {domain}; SEI is added to transcoded streams."),
            ));
        }
        Ok(Map::new())
    }
}

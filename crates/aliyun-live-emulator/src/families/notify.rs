//! The stream notify URL of a domain: where the service reports stream
//! publish/unpublish events (Set/Delete/DescribeLiveStreamsNotifyUrlConfig).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::check_callback_url;
use crate::state::{Ctx, Out};

#[derive(Debug, Default)]
pub(super) struct StreamsNotify {
    /// The config by domain.
    configs: BTreeMap<String, Map<String, Value>>,
}

/// Auth keys: 16–64 letters and digits.
fn valid_auth_key(k: &str) -> bool {
    (16..=64).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl StreamsNotify {
    /// Creates or replaces the domain's config ("Set" semantics).
    pub(super) fn set(&mut self, cx: &Ctx<'_>) -> Out {
        let (domain, url) = (cx.req("DomainName")?, cx.req("NotifyUrl")?);
        if check_callback_url(url).is_err() {
            return Err(cx.errs.make_detailed(
                "InvalidParam",
                400,
                format!("Specified parameter NotifyUrl is not valid: {url:?} is not a public http:// or https:// URL."),
            ));
        }
        let auth = cx.str("NotifyReqAuth").unwrap_or("no");
        let key = cx.str("NotifyAuthKey").unwrap_or("");
        if auth == "yes" && !valid_auth_key(key) {
            return Err(cx.errs.make_detailed(
                "InvalidParam",
                400,
                "Specified parameter NotifyAuthKey is not valid: with NotifyReqAuth=yes it must be 16-64 letters and digits.",
            ));
        }
        let c = json!({
            "DomainName": domain,
            "NotifyUrl": url,
            "NotifyReqAuth": auth,
            // A key without authentication is not used, so not kept.
            "NotifyAuthKey": if auth == "yes" { key } else { "" },
        });
        if let Value::Object(c) = c {
            self.configs.insert(domain.to_owned(), c);
        }
        Ok(Map::new())
    }

    pub(super) fn delete(&mut self, cx: &Ctx<'_>) -> Out {
        match self.configs.remove(cx.req("DomainName")?) {
            Some(_) => Ok(Map::new()),
            None => Err(cx.config_not_found()),
        }
    }

    pub(super) fn describe(&self, cx: &Ctx<'_>) -> Out {
        let c = self
            .configs
            .get(cx.req("DomainName")?)
            .ok_or_else(|| cx.config_not_found())?;
        let mut out = Map::new();
        out.insert("LiveStreamsNotifyConfig".into(), Value::Object(c.clone()));
        Ok(out)
    }
}

//! The request pipeline, independent of HTTP: parameters in, status and
//! JSON body out.
//!
//! Order of checks (as the service does it): duplicate parameters,
//! `Action`, `Version`, unknown action, signing parameters, signature
//! method/version, timestamp format and window, access key, signature,
//! nonce, then the action's own parameters (from the spec), then the
//! action's behaviour.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use aliyun_live_codegen::model::{Action, Spec};
use serde_json::{Map, Value};

use crate::auth::{self, NonceStore};
use crate::error::{ApiError, Errors};
use crate::params::{self, RawParams};
use crate::render;
use crate::state::{Ctx, State};
use crate::timefmt::Clock;

/// State shared by all connections of one emulator.
pub struct Shared {
    pub spec: Arc<Spec>,
    /// AccessKeyId → AccessKeySecret.
    pub credentials: HashMap<String, String>,
    pub clock: Clock,
    pub nonces: Mutex<NonceStore>,
    pub state: Mutex<State>,
}

/// The outcome of one API request.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    /// The error code, for errors.
    pub code: Option<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Handlers do not panic by design; should one ever, the state it was
    // changing is a plain collection and stays usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A new request id: an uppercase UUID, like the service's.
pub fn request_id() -> String {
    uuid::Uuid::new_v4().to_string().to_uppercase()
}

impl Shared {
    /// Finds an action by its name or one of its aliases.
    pub fn find_action(&self, name: &str) -> Option<&Action> {
        self.spec.action(name).or_else(|| {
            self.spec
                .actions
                .iter()
                .find(|a| a.aliases.iter().any(|x| x == name))
        })
    }

    /// Handles one API request. `pairs` are all parameters (query string and
    /// form body) in arrival order.
    pub fn handle(&self, method: &str, pairs: &[(String, String)]) -> Reply {
        let request_id = request_id();
        match self.process(method, pairs, &request_id) {
            Ok(mut body) => {
                body.insert("RequestId".into(), Value::String(request_id));
                Reply {
                    status: 200,
                    body: Value::Object(body),
                    code: None,
                }
            }
            Err(e) => Reply {
                status: e.status,
                body: e.body(&request_id),
                code: Some(e.code),
            },
        }
    }

    fn process(
        &self,
        method: &str,
        pairs: &[(String, String)],
        request_id: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        let spec = &*self.spec;
        let errs = Errors { spec, action: None };
        let mut raw = RawParams::new();
        for (k, v) in pairs {
            if raw.insert(k.clone(), v.clone()).is_some() {
                return Err(errs.make_detailed(
                    "InvalidParameter",
                    400,
                    format!("The specified parameter is not valid: {k} is given more than once."),
                ));
            }
        }
        let get = |name: &str| raw.get(name).map(String::as_str).filter(|v| !v.is_empty());

        let Some(action_name) = get("Action") else {
            return Err(auth::missing(&errs, "Action"));
        };
        let Some(version) = get("Version") else {
            return Err(auth::missing(&errs, "Version"));
        };
        if version != spec.service.api_version {
            return Err(errs.make_detailed(
                "InvalidVersion",
                400,
                format!(
                    "Specified parameter Version is not valid: {version:?}; this API is {}.",
                    spec.service.api_version
                ),
            ));
        }
        let Some(action) = self.find_action(action_name) else {
            return Err(errs.make_detailed(
                "InvalidAction.NotFound",
                404,
                format!(
                    "Specified api is not found, please check your url and method: {action_name:?}."
                ),
            ));
        };
        let errs = Errors {
            spec,
            action: Some(action),
        };

        let now = self.clock.now();
        let key_id = auth::verify(&errs, method, pairs, &raw, now, |id| {
            self.credentials.get(id).cloned()
        })?;
        let nonce = get("SignatureNonce").unwrap_or_default();
        if !lock(&self.nonces).check_and_insert(key_id, nonce, now) {
            return Err(errs.make(
                "SignatureNonceUsed",
                400,
                "Specified signature nonce was used already.",
            ));
        }

        let p = params::decode(spec, action, &raw)?;
        let cx = Ctx {
            spec,
            action,
            errs,
            p: &p,
            raw: &raw,
            now,
        };
        let logical = lock(&self.state).dispatch(&cx)?;
        let mut body = render::render(spec, &action.response, &logical);
        body.insert("RequestId".into(), Value::String(request_id.to_owned()));
        Ok(body)
    }
}

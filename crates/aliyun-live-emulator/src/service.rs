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

#[cfg(test)]
mod tests {
    //! Correctly signed requests with hostile parameter values, for every
    //! action of the spec: the emulator answers each (any status), never panics.

    use super::*;
    use aliyun_live_codegen::model::{Shape, Style};
    use aliyun_live_runtime::signing;

    const SECRET: &str = "the-secret-Xq9";
    const TOKEN: &str = "the-sts-token-Zk7";

    const VALUES: &[&str] = &[
        "",
        " ",
        "x",
        "a.com",
        "-1",
        "0",
        "1",
        "5",
        "2147483647",
        "2147483648",
        "-9223372036854775808",
        "9223372036854775807",
        "99999999999999999999",
        "1.5",
        "NaN",
        "1e308",
        "true",
        "2026-01-01T00:00:00Z",
        "2025-12-31T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2026-01-01",
        "{\"a\":1}",
        "[1,\"x\",null]",
        "[]",
        "a,b,,c",
        "%",
        "é直播",
        "\u{0}",
        "*",
        "start",
        "stop",
        "desc",
    ];

    /// xorshift64: deterministic, no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            // The modulo keeps the index in range whatever the platform's usize.
            from[(self.next() % from.len() as u64) as usize]
        }
        fn value(&mut self) -> String {
            match self.next() % 8 {
                0 => self.pick(VALUES).repeat(1 + (self.next() % 300) as usize),
                1 => format!("{}", self.next() as i64),
                _ => self.pick(VALUES).to_owned(),
            }
        }
    }

    /// Wire names for a parameter: the plain name, or a few repeat-list /
    /// flat entries (with struct fields when the shape has them).
    fn wire_names(
        spec: &Spec,
        name: &str,
        shape: &Shape,
        style: &Style,
        rng: &mut Rng,
    ) -> Vec<String> {
        let fields: Vec<String> = match spec.resolve(shape) {
            Shape::List { items, .. } => match spec.resolve(items) {
                Shape::Struct { fields, .. } => fields.iter().map(|f| f.name.clone()).collect(),
                _ => vec![],
            },
            Shape::Struct { fields, .. } => fields.iter().map(|f| f.name.clone()).collect(),
            _ => vec![],
        };
        match style {
            Style::RepeatList => {
                let n = ["1", "2", "0", "x", "100000"][(rng.next() % 5) as usize];
                if fields.is_empty() {
                    vec![format!("{name}.{n}")]
                } else {
                    fields.iter().map(|f| format!("{name}.{n}.{f}")).collect()
                }
            }
            Style::Flat => fields.iter().map(|f| format!("{name}.{f}")).collect(),
            _ => vec![name.to_owned()],
        }
    }

    fn shared() -> Shared {
        let now = crate::timefmt::parse("2026-01-01T00:00:00Z").expect("valid");
        Shared {
            spec: crate::embedded_spec().expect("spec loads"),
            credentials: HashMap::from([("id".to_owned(), SECRET.to_owned())]),
            clock: Clock::Fixed(now),
            nonces: Mutex::default(),
            state: Mutex::default(),
        }
    }

    fn send(sh: &Shared, action: &str, params: Vec<(String, String)>, nonce: u64) -> Reply {
        let mut pairs: Vec<(String, String)> = [
            ("Action", action),
            ("Version", "2016-11-01"),
            ("AccessKeyId", "id"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("Timestamp", "2026-01-01T00:00:00Z"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        pairs.push(("SignatureNonce".into(), format!("n{nonce}")));
        pairs.push(("SecurityToken".into(), TOKEN.into()));
        pairs.extend(params);
        let sts = signing::string_to_sign("GET", &pairs);
        let signature = signing::sign(SECRET, &sts);
        pairs.push(("Signature".into(), signature.clone()));
        let reply = sh.handle("GET", &pairs);
        // No answer, success or error, repeats a secret.
        let text = reply.body.to_string();
        for secret in [SECRET, TOKEN, signature.as_str()] {
            assert!(!text.contains(secret), "{action}: {secret} in {text}");
        }
        reply
    }

    #[test]
    fn hostile_values_never_panic() {
        let sh = shared();
        let spec = sh.spec.clone();
        let mut nonce = 0;
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let add = send(
            &sh,
            "AddLiveDomain",
            [
                ("DomainName", "a.com"),
                ("Region", "cn-shanghai"),
                ("LiveDomainType", "liveVideo"),
                ("Scope", "domestic"),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
            0,
        );
        assert!(add.status < 500, "{:?}", add.body);
        let mut statuses = std::collections::BTreeMap::new();
        for action in &spec.actions {
            for _ in 0..80 {
                nonce += 1;
                let mut params = Vec::new();
                for m in &action.params {
                    // Each parameter is present two times out of three.
                    if rng.next() % 3 == 0 {
                        continue;
                    }
                    for name in wire_names(&spec, &m.name, &m.shape, &m.style, &mut rng) {
                        // Half the time the documented example, so that
                        // many requests pass validation and reach handlers.
                        let value = match (&m.example, rng.next() % 2) {
                            (Some(example), 0) if name == m.name => example.clone(),
                            _ => rng.value(),
                        };
                        if !params.iter().any(|(k, _)| *k == name) {
                            params.push((name, value));
                        }
                    }
                }
                let shown = format!("{} {params:?}", action.name);
                let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    send(&sh, &action.name, params, nonce)
                }))
                .unwrap_or_else(|_| panic!("panicked on {shown}"));
                *statuses.entry(reply.status).or_insert(0u32) += 1;
                assert!(
                    reply.status == 200 || (400..500).contains(&reply.status),
                    "{shown} -> {} {}",
                    reply.status,
                    reply.body
                );
            }
        }
        // Enough requests got past validation to exercise the handlers.
        assert!(
            statuses.get(&200).copied().unwrap_or(0) > 50,
            "{statuses:?}"
        );
    }
}

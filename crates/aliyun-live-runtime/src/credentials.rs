//! Access keys and where to find them.
//!
//! Sources: [`StaticCredentials`] (given in code), [`EnvCredentials`]
//! (`ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET`,
//! `ALIBABA_CLOUD_SECURITY_TOKEN`), [`ProfileCredentials`] (the INI file
//! `~/.alibabacloud/credentials`), and [`DefaultCredentialsChain`] (env, then
//! profile). Secrets never appear in `Debug` output or error messages.

use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

pub use crate::error::CredentialsError;
use crate::signing::SigningKey;

/// Environment variable holding the access key id.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Environment variable holding the access key secret.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Environment variable holding an STS security token (optional).
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";
/// Environment variable choosing the profile (default `default`).
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// Environment variable overriding the credentials file path.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// An access key pair, optionally with an STS security token.
///
/// Cheap to clone (shared). `Debug` redacts the secret and the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials(Arc<Inner>);

struct Inner {
    access_key_id: String,
    access_key_secret: String,
    security_token: Option<String>,
    /// HMAC state for the secret, computed on first use.
    signing_key: OnceLock<SigningKey>,
}

impl PartialEq for Inner {
    fn eq(&self, other: &Self) -> bool {
        // The signing key is derived from the secret.
        self.access_key_id == other.access_key_id
            && self.access_key_secret == other.access_key_secret
            && self.security_token == other.security_token
    }
}

impl Eq for Inner {}

impl Credentials {
    /// Credentials from an access key id, its secret and an optional STS token.
    pub fn new(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: Option<String>,
    ) -> Self {
        Self(Arc::new(Inner {
            access_key_id: access_key_id.into(),
            access_key_secret: access_key_secret.into(),
            security_token: security_token.filter(|t| !t.is_empty()),
            signing_key: OnceLock::new(),
        }))
    }

    /// The HMAC key for the secret, prepared once per `Credentials` (the
    /// client signs every attempt with it).
    pub(crate) fn signing_key(&self) -> &SigningKey {
        self.0
            .signing_key
            .get_or_init(|| SigningKey::new(&self.0.access_key_secret))
    }

    /// The access key id (not secret; sent with each request).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// The access key secret. Keep it out of logs.
    pub fn access_key_secret(&self) -> &str {
        &self.0.access_key_secret
    }

    /// The STS security token, if any. Keep it out of logs.
    pub fn security_token(&self) -> Option<&str> {
        self.0.security_token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.0.access_key_id)
            .field("access_key_secret", &"***")
            .field(
                "security_token",
                &self.0.security_token.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Object-safe; the client calls it once per call.
///
/// The method is asynchronous so that sources that fetch credentials over
/// the network can be added; synchronous sources return
/// `Box::pin(std::future::ready(..))`.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns the credentials to sign the next request with.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// Fixed credentials given in code.
#[derive(Clone, Debug)]
pub struct StaticCredentials(Credentials);

impl StaticCredentials {
    /// Fixed access key id and secret.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Self(Credentials::new(access_key_id, access_key_secret, None))
    }

    /// Fixed STS credentials (key id, secret, security token).
    pub fn with_security_token(
        access_key_id: impl Into<String>,
        access_key_secret: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Self(Credentials::new(
            access_key_id,
            access_key_secret,
            Some(security_token.into()),
        ))
    }
}

impl From<Credentials> for StaticCredentials {
    fn from(c: Credentials) -> Self {
        Self(c)
    }
}

impl ProvideCredentials for StaticCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

/// Looks up an environment variable; injectable so tests need not mutate the
/// process environment.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

fn process_env() -> EnvLookup {
    Arc::new(|name| std::env::var(name).ok())
}

/// Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`,
/// `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the optional
/// `ALIBABA_CLOUD_SECURITY_TOKEN`, read at each call.
#[derive(Clone)]
pub struct EnvCredentials {
    lookup: EnvLookup,
}

impl fmt::Debug for EnvCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvCredentials")
    }
}

impl Default for EnvCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvCredentials {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self {
            lookup: process_env(),
        }
    }

    /// Reads variables through `lookup` instead of the process environment.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
        }
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let get = |name: &str| (self.lookup)(name).filter(|v| !v.trim().is_empty());
        match (get(ENV_ACCESS_KEY_ID), get(ENV_ACCESS_KEY_SECRET)) {
            (Some(id), Some(secret)) => Ok(Credentials::new(
                id.trim(),
                secret.trim(),
                get(ENV_SECURITY_TOKEN).map(|t| t.trim().to_owned()),
            )),
            (None, None) => Err(CredentialsError::new(format!(
                "{ENV_ACCESS_KEY_ID} and {ENV_ACCESS_KEY_SECRET} are not set"
            ))),
            (Some(_), None) => Err(CredentialsError::new(format!(
                "{ENV_ACCESS_KEY_ID} is set but {ENV_ACCESS_KEY_SECRET} is not"
            ))),
            (None, Some(_)) => Err(CredentialsError::new(format!(
                "{ENV_ACCESS_KEY_SECRET} is set but {ENV_ACCESS_KEY_ID} is not"
            ))),
        }
    }
}

impl ProvideCredentials for EnvCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// Credentials from a profile of the INI file `~/.alibabacloud/credentials`.
///
/// The file path can be set with `ALIBABA_CLOUD_CREDENTIALS_FILE` and the
/// profile with `ALIBABA_CLOUD_PROFILE` (default `default`). Supported
/// profile types: `access_key` (keys `access_key_id`, `access_key_secret`)
/// and `sts` (also `security_token`). The file is read on first use and
/// successfully loaded credentials are cached; after a failure the next call
/// tries again (so a file created later is picked up).
///
/// ```ini
/// [default]
/// type = access_key
/// access_key_id = LTAI...
/// access_key_secret = ...
/// ```
pub struct ProfileCredentials {
    path: Option<PathBuf>,
    profile: Option<String>,
    lookup: EnvLookup,
    cache: OnceLock<Credentials>,
}

impl fmt::Debug for ProfileCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileCredentials")
            .field("path", &self.path)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl ProfileCredentials {
    /// Uses the process environment to find the file and profile.
    pub fn new() -> Self {
        Self {
            path: None,
            profile: None,
            lookup: process_env(),
            cache: OnceLock::new(),
        }
    }

    /// Finds the file and profile through `lookup` instead of the process
    /// environment (`HOME`/`USERPROFILE` are looked up the same way).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
            ..Self::new()
        }
    }

    /// Reads this file instead of the default one.
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Uses this profile instead of `ALIBABA_CLOUD_PROFILE` / `default`.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    fn resolve_path(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(p) = &self.path {
            return Ok(p.clone());
        }
        if let Some(p) = (self.lookup)(ENV_CREDENTIALS_FILE).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        let home = (self.lookup)("HOME")
            .or_else(|| (self.lookup)("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .ok_or_else(|| {
                CredentialsError::new(
                    "cannot locate the credentials file: HOME is not set (set ALIBABA_CLOUD_CREDENTIALS_FILE)",
                )
            })?;
        Ok(Path::new(&home).join(".alibabacloud").join("credentials"))
    }

    fn resolve_profile(&self) -> String {
        self.profile
            .clone()
            .or_else(|| (self.lookup)(ENV_PROFILE).filter(|p| !p.trim().is_empty()))
            .map(|p| p.trim().to_owned())
            .unwrap_or_else(|| "default".to_owned())
    }

    /// Loads the credentials (cached after the first success).
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        if let Some(c) = self.cache.get() {
            return Ok(c.clone());
        }
        let c = self.load_uncached()?;
        // A concurrent caller may have won the race; either value is the same file's.
        Ok(self.cache.get_or_init(|| c).clone())
    }

    fn load_uncached(&self) -> Result<Credentials, CredentialsError> {
        let path = self.resolve_path()?;
        let profile = self.resolve_profile();
        let text = std::fs::read_to_string(&path).map_err(|e| {
            CredentialsError::new(format!(
                "cannot read credentials file {}: {e}",
                path.display()
            ))
        })?;
        parse_profile(&text, &profile).map_err(|msg| {
            CredentialsError::new(format!(
                "credentials file {}, profile [{profile}]: {msg}",
                path.display()
            ))
        })
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

/// Extracts the credentials of `profile` from INI `text`. Error messages
/// name keys and line numbers, never values.
pub fn parse_profile(text: &str, profile: &str) -> Result<Credentials, String> {
    let mut in_section = false;
    let mut found = false;
    let mut kind: Option<String> = None;
    let mut enable: Option<String> = None;
    let (mut id, mut secret, mut token) = (None, None, None);
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let Some(name) = rest.strip_suffix(']') else {
                return Err(format!("line {}: malformed section header", n + 1));
            };
            in_section = name.trim() == profile;
            found |= in_section;
            continue;
        }
        if !in_section {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("line {}: expected `key = value`", n + 1));
        };
        let value = unquote(value.trim()).to_owned();
        match key.trim() {
            "type" => kind = Some(value),
            "enable" => enable = Some(value),
            "access_key_id" => id = Some(value),
            "access_key_secret" => secret = Some(value),
            "security_token" | "sts_token" => token = Some(value),
            _ => {}
        }
    }
    if !found {
        return Err("profile not found".to_owned());
    }
    if enable.is_some_and(|e| e.eq_ignore_ascii_case("false")) {
        return Err("profile is disabled (enable = false)".to_owned());
    }
    let kind = kind.unwrap_or_else(|| "access_key".to_owned());
    let need_token = match kind.as_str() {
        "access_key" => false,
        "sts" => true,
        other => {
            return Err(format!(
                "unsupported credentials type {other:?} (supported: access_key, sts)"
            ));
        }
    };
    let id = id
        .filter(|v| !v.is_empty())
        .ok_or("access_key_id is missing or empty")?;
    let secret = secret
        .filter(|v| !v.is_empty())
        .ok_or("access_key_secret is missing or empty")?;
    let token = token.filter(|v| !v.is_empty());
    if need_token && token.is_none() {
        return Err("type sts requires security_token".to_owned());
    }
    Ok(Credentials::new(
        id,
        secret,
        if need_token { token } else { None },
    ))
}

fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// The default source: environment variables, then the profile file.
///
/// Its error lists each source tried and why it failed.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    env: EnvCredentials,
    profile: ProfileCredentials,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl DefaultCredentialsChain {
    /// Uses the process environment.
    pub fn new() -> Self {
        Self {
            env: EnvCredentials::new(),
            profile: ProfileCredentials::new(),
        }
    }

    /// Reads all environment variables through `lookup`.
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        let lookup: EnvLookup = Arc::new(lookup);
        let l2 = lookup.clone();
        Self {
            env: EnvCredentials::with_lookup(move |n| lookup(n)),
            profile: ProfileCredentials::with_lookup(move |n| l2(n)),
        }
    }

    /// Loads the credentials now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let env_err = match self.env.load() {
            Ok(c) => return Ok(c),
            Err(e) => e,
        };
        let profile_err = match self.profile.load() {
            Ok(c) => return Ok(c),
            Err(e) => e,
        };
        Err(CredentialsError::new(format!(
            "no credentials found; tried: environment ({env_err}); profile file ({profile_err})"
        )))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const SECRET: &str = "sEcReT-value-42";

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn temp_file(name: &str, content: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "aliyun-live-runtime-test-{}-{}",
            std::process::id(),
            fastrand::u64(..)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("id1", SECRET, Some("tok-SECRET".into()));
        let d = format!("{c:?}");
        assert!(d.contains("id1"));
        assert!(d.contains("access_key_secret: \"***\""), "{d}");
        assert!(!d.contains(SECRET) && !d.contains("tok-SECRET"), "{d}");
        let s = StaticCredentials::with_security_token("id1", SECRET, "tok-SECRET");
        let d = format!("{s:?}");
        assert!(!d.contains(SECRET) && !d.contains("tok-SECRET"), "{d}");
    }

    #[test]
    fn env_credentials() {
        let c = EnvCredentials::with_lookup(env(&[
            (ENV_ACCESS_KEY_ID, "id1"),
            (ENV_ACCESS_KEY_SECRET, SECRET),
            (ENV_SECURITY_TOKEN, "tok"),
        ]))
        .load()
        .unwrap();
        assert_eq!(c.access_key_id(), "id1");
        assert_eq!(c.access_key_secret(), SECRET);
        assert_eq!(c.security_token(), Some("tok"));

        let e = EnvCredentials::with_lookup(env(&[(ENV_ACCESS_KEY_SECRET, SECRET)]))
            .load()
            .unwrap_err();
        assert!(
            e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID is not"),
            "{e}"
        );
        assert!(!e.to_string().contains(SECRET));
        let e = EnvCredentials::with_lookup(env(&[])).load().unwrap_err();
        assert!(e.to_string().contains("not set"));
    }

    #[test]
    fn profile_file() {
        let text = format!(
            "# comment\n[default]\ntype = access_key\naccess_key_id = id-default\naccess_key_secret = {SECRET}\n\n\
             [project1]\nenable = true\ntype = sts\naccess_key_id = \"id-p1\"\naccess_key_secret = {SECRET}\nsecurity_token = tok1\n\
             [ram]\ntype = ecs_ram_role\nram_role_name = x\n[off]\nenable = false\naccess_key_id=a\naccess_key_secret=b\n"
        );
        let c = parse_profile(&text, "default").unwrap();
        assert_eq!(
            (c.access_key_id(), c.access_key_secret(), c.security_token()),
            ("id-default", SECRET, None)
        );
        let c = parse_profile(&text, "project1").unwrap();
        assert_eq!(
            (c.access_key_id(), c.security_token()),
            ("id-p1", Some("tok1"))
        );
        assert!(
            parse_profile(&text, "ram")
                .unwrap_err()
                .contains("unsupported credentials type \"ecs_ram_role\"")
        );
        assert!(
            parse_profile(&text, "off")
                .unwrap_err()
                .contains("disabled")
        );
        assert!(
            parse_profile(&text, "nope")
                .unwrap_err()
                .contains("not found")
        );
        assert!(
            parse_profile("[a]\naccess_key_id=x\n", "a")
                .unwrap_err()
                .contains("access_key_secret")
        );
        let e = parse_profile(&format!("[a]\n{SECRET}\n"), "a").unwrap_err();
        assert!(e.contains("line 2") && !e.contains(SECRET), "{e}");
        assert!(
            parse_profile("[a\n", "a")
                .unwrap_err()
                .contains("section header")
        );
        assert!(
            parse_profile("[s]\ntype=sts\naccess_key_id=i\naccess_key_secret=s\n", "s")
                .unwrap_err()
                .contains("security_token")
        );

        let path = temp_file("credentials", &text);
        let path_str = path.to_str().unwrap().to_owned();
        let p = ProfileCredentials::with_lookup(env(&[
            (ENV_CREDENTIALS_FILE, &path_str),
            (ENV_PROFILE, "project1"),
        ]));
        assert_eq!(p.load().unwrap().access_key_id(), "id-p1");
        let p = ProfileCredentials::with_lookup(env(&[]))
            .path(&path)
            .profile("default");
        assert_eq!(p.load().unwrap().access_key_id(), "id-default");
        // HOME-based default location.
        let home = path.parent().unwrap().join("home");
        std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
        std::fs::write(home.join(".alibabacloud/credentials"), &text).unwrap();
        let p = ProfileCredentials::with_lookup(env(&[("HOME", home.to_str().unwrap())]));
        assert_eq!(p.load().unwrap().access_key_id(), "id-default");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn profile_failure_is_retried_and_success_cached() {
        let dir = temp_file("placeholder", "").parent().unwrap().to_owned();
        let path = dir.join("credentials");
        let p = ProfileCredentials::with_lookup(env(&[])).path(&path);
        let e = p.load().unwrap_err();
        assert!(
            e.to_string().contains("cannot read credentials file"),
            "{e}"
        );
        std::fs::write(
            &path,
            "[default]\naccess_key_id=late\naccess_key_secret=s\n",
        )
        .unwrap();
        assert_eq!(p.load().unwrap().access_key_id(), "late");
        // Cached: a later change to the file is not seen.
        std::fs::write(
            &path,
            "[default]\naccess_key_id=changed\naccess_key_secret=s\n",
        )
        .unwrap();
        assert_eq!(p.load().unwrap().access_key_id(), "late");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn chain_prefers_env_and_explains_failures() {
        let path = temp_file(
            "credentials",
            &format!("[default]\naccess_key_id=file-id\naccess_key_secret={SECRET}\n"),
        );
        let path_str = path.to_str().unwrap().to_owned();
        let c = DefaultCredentialsChain::with_lookup(env(&[
            (ENV_ACCESS_KEY_ID, "env-id"),
            (ENV_ACCESS_KEY_SECRET, SECRET),
            (ENV_CREDENTIALS_FILE, &path_str),
        ]))
        .load()
        .unwrap();
        assert_eq!(c.access_key_id(), "env-id");
        let c = DefaultCredentialsChain::with_lookup(env(&[(ENV_CREDENTIALS_FILE, &path_str)]))
            .load()
            .unwrap();
        assert_eq!(c.access_key_id(), "file-id");
        let missing = path.with_file_name("missing");
        let e = DefaultCredentialsChain::with_lookup(env(&[(
            ENV_CREDENTIALS_FILE,
            missing.to_str().unwrap(),
        )]))
        .load()
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("environment (") && msg.contains("not set"),
            "{msg}"
        );
        assert!(
            msg.contains("profile file (cannot read credentials file"),
            "{msg}"
        );
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}

//! Request parameters of one action call.

use std::borrow::Cow;

/// The action-specific parameters of one request, as wire name/value pairs
/// (for example `("RecordFormat.1.Format", "m3u8")`).
///
/// Names are usually `&'static str` (generated code), so pushing them does not
/// allocate. Common parameters (`Action`, `Version`, `Timestamp`, ...) are
/// added by [`Client::call`](crate::Client::call); do not push them here.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(Cow<'static, str>, String)>,
}

impl Params {
    /// An empty parameter list.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty parameter list with room for `n` parameters.
    pub fn with_capacity(n: usize) -> Self {
        Self {
            pairs: Vec::with_capacity(n),
        }
    }

    /// Appends a parameter. Order does not matter (requests are canonicalized).
    pub fn push(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        self.pairs.push((name.into(), value.into()));
    }

    /// The parameters as `(name, value)` pairs, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// The value of the first parameter called `name`, if any.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K: Into<Cow<'static, str>>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut p = Params::new();
        p.extend(iter);
        p
    }
}

impl<K: Into<Cow<'static, str>>, V: Into<String>> Extend<(K, V)> for Params {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.push(k, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_and_read() {
        let mut p = Params::with_capacity(2);
        assert!(p.is_empty());
        p.push("DomainName", "example.com");
        p.push(String::from("PageSize"), 10.to_string());
        assert_eq!(p.len(), 2);
        assert_eq!(p.get("PageSize"), Some("10"));
        assert_eq!(p.get("Missing"), None);
        let v: Vec<_> = p.iter().collect();
        assert_eq!(v, [("DomainName", "example.com"), ("PageSize", "10")]);
        assert_eq!(
            format!("{p:?}"),
            r#"{"DomainName": "example.com", "PageSize": "10"}"#
        );
        let q: Params = [("A", "1")].into_iter().collect();
        assert_eq!(q.get("A"), Some("1"));
    }
}

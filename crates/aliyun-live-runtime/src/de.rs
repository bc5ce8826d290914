//! Lenient deserialization helpers for generated response types.
//!
//! The service is loose about JSON types: numbers arrive as strings
//! (`"PageSize": "10"`), lists as a single object or wrapped in an object
//! (`{"DomainDetail": [...]}`), empty values as `null` or `""`. These helpers
//! accept all of that. They stream (Visitor-based; no intermediate
//! `serde_json::Value`) and are used as
//! `#[serde(default, deserialize_with = "aliyun_live_runtime::de::i64")]`.
//!
//! Scalar helpers return `Option<T>`: `null` (and `""` for non-strings) give
//! `None`; a field that is absent needs `#[serde(default)]`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};

use crate::timestamp::{Timestamp, TimestampVisitor};

// ---------------------------------------------------------------- scalars

/// The three `Visitor` methods every helper here shares: `null` (and a
/// `None` from formats that have options) gives `$empty`; `Some(x)` is read
/// as `x` itself.
macro_rules! null_gives {
    ($empty:expr) => {
        fn visit_unit<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_none<E: ::serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($empty)
        }
        fn visit_some<D: ::serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    };
}
// Also used by `Timestamp`'s visitor.
pub(crate) use null_gives;

struct StringVisitor;

impl<'de> Visitor<'de> for StringVisitor {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    null_gives!(None);
}

/// A string; numbers and booleans give their text; `null` gives `None`.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(StringVisitor)
}

/// Like [`string`] but `null` is an error (for required values such as
/// enum wire names).
pub fn required_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(StringVisitor)?
        .ok_or_else(|| de::Error::invalid_type(Unexpected::Unit, &"a string"))
}

struct IntVisitor<T>(PhantomData<T>);

impl<'de, T: TryFrom<i64> + TryFrom<u64>> Visitor<'de> for IntVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "an integer in the range of {} (number or numeric string)",
            std::any::type_name::<T>()
        )
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::try_from(v)
            .map(Some)
            .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Integral floats such as 12.0 are accepted; 2^63 bounds keep the cast exact.
        const TWO_POW_63: f64 = 9.223_372_036_854_776e18;
        if v.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&v) {
            self.visit_i64(v as i64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if let Ok(n) = t.parse::<i64>() {
            return self.visit_i64(n);
        }
        if let Ok(n) = t.parse::<u64>() {
            return self.visit_u64(n);
        }
        match t.parse::<f64>() {
            Ok(f) if f.is_finite() && f.fract() == 0.0 => self.visit_f64(f),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
    null_gives!(None);
}

/// An `i32` from a number or numeric string (`"12"`, `" 12 "`, `"12.0"`);
/// `null`/`""` give `None`; fractions and out-of-range values are errors.
pub fn i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    d.deserialize_any(IntVisitor::<i32>(PhantomData))
}

/// An `i64`, as [`i32`](fn@i32).
pub fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(IntVisitor::<i64>(PhantomData))
}

struct F64Visitor;

impl<'de> Visitor<'de> for F64Visitor {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or numeric string")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match t.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Some(f)),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
    null_gives!(None);
}

/// An `f64` from a number or numeric string; `null`/`""` give `None`.
pub fn f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(F64Visitor)
}

struct BoolVisitor;

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = Option<bool>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean (true/false, 1/0, or such a string)")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match v {
            0 => Ok(Some(false)),
            1 => Ok(Some(true)),
            _ => Err(E::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        let is = |w: &str| t.eq_ignore_ascii_case(w);
        if t.is_empty() {
            Ok(None)
        } else if is("true") || t == "1" || is("yes") || is("on") {
            Ok(Some(true))
        } else if is("false") || t == "0" || is("no") || is("off") {
            Ok(Some(false))
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }
    }
    null_gives!(None);
}

/// A `bool` from `true`/`false`, `1`/`0`, or the strings `"true"`/`"false"`,
/// `"1"`/`"0"`, `"yes"`/`"no"`, `"on"`/`"off"` (any case); `null`/`""` give `None`.
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(BoolVisitor)
}

/// A [`Timestamp`] from an ISO 8601 string or epoch seconds (number or
/// numeric string); `null`/`""` give `None`.
pub fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    d.deserialize_any(TimestampVisitor)
}

/// Scalar types with a lenient deserializer in this module.
pub trait LenientScalar: Sized {
    /// Deserializes leniently; `None` for `null` (and `""` where documented).
    fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error>;
}

/// Each scalar type reads with its helper function above.
macro_rules! lenient_scalar {
    ($($t:ty => $helper:ident),* $(,)?) => {$(
        impl LenientScalar for $t {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                $helper(d)
            }
        }
    )*};
}

lenient_scalar!(
    String => string,
    i32 => i32,
    i64 => i64,
    f64 => f64,
    bool => bool,
    Timestamp => timestamp,
);

/// A scalar deserialized leniently (e.g. `Vec<Lenient<i64>>` accepts
/// `[1, "2"]`). `null` and `""` are errors here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Lenient<T>(pub T);

impl<'de, T: LenientScalar> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(d)?
            .map(Lenient)
            .ok_or_else(|| de::Error::invalid_type(Unexpected::Unit, &"a value"))
    }
}

/// Lenient scalar that may be absent; list and map helpers drop the `None`s.
struct Opt<T>(Option<T>);

impl<'de, T: LenientScalar> Deserialize<'de> for Opt<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_lenient(d).map(Opt)
    }
}

// ---------------------------------------------------------------- lists

struct ListVisitor<T>(PhantomData<T>);

fn one<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    T::deserialize(d).map(|t| vec![t])
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list, a single item, or null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Cap the hint so a hostile length cannot force a huge allocation.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        one(MapAccessDeserializer::new(map))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(Vec::new());
        }
        one(v.into_deserializer())
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(Vec::new());
        }
        one(de::value::BorrowedStrDeserializer::new(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(Vec::new());
        }
        one(v.into_deserializer())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        one(v.into_deserializer())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        one(v.into_deserializer())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        one(v.into_deserializer())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        one(v.into_deserializer())
    }
    null_gives!(Vec::new());
}

struct ListSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ListSeed<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// A list: an array; `null` or `""` give an empty list; a single object or
/// scalar gives a list of one.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(ListVisitor(PhantomData))
}

struct WrappedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for WrappedVisitor<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object wrapping a list (e.g. {\"Item\": [...]}), a list, or null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        ListVisitor(PhantomData).visit_seq(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // The wrapper key's name is irrelevant (it varies per response); if
        // there are several keys their items are concatenated.
        let mut out: Vec<T> = Vec::new();
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            let items = map.next_value_seed(ListSeed::<T>(PhantomData))?;
            if out.is_empty() {
                out = items;
            } else {
                out.extend(items);
            }
        }
        Ok(out)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(Vec::new())
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }
    null_gives!(Vec::new());
}

/// A list wrapped in an object with one key of any name
/// (`{"DomainDetail": [..]}`); the wrapped value is read like [`list`]
/// (array, single item, `null`). A bare array, `null`, `""` and `{}` are
/// accepted too.
pub fn wrapped_list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    d.deserialize_any(WrappedVisitor(PhantomData))
}

fn scalar_list<'de, D: Deserializer<'de>, T: LenientScalar>(d: D) -> Result<Vec<T>, D::Error> {
    let items: Vec<Opt<T>> = list(d)?;
    Ok(items.into_iter().filter_map(|o| o.0).collect())
}

/// A list of strings with lenient items (numbers become text, nulls are dropped).
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    scalar_list(d)
}

/// A list of `i64` with lenient items (numeric strings accepted, nulls dropped).
pub fn i64_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    scalar_list(d)
}

/// A list of `i32` with lenient items.
pub fn i32_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i32>, D::Error> {
    scalar_list(d)
}

/// A list of `f64` with lenient items.
pub fn f64_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    scalar_list(d)
}

/// A list of `bool` with lenient items.
pub fn bool_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<bool>, D::Error> {
    scalar_list(d)
}

/// A list of timestamps with lenient items.
pub fn timestamp_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Timestamp>, D::Error> {
    scalar_list(d)
}

fn wrapped_scalar_list<'de, D: Deserializer<'de>, T: LenientScalar>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    let items: Vec<Opt<T>> = wrapped_list(d)?;
    Ok(items.into_iter().filter_map(|o| o.0).collect())
}

/// [`wrapped_list`] of strings with lenient items.
pub fn wrapped_string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    wrapped_scalar_list(d)
}

/// [`wrapped_list`] of `i64` with lenient items.
pub fn wrapped_i64_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
    wrapped_scalar_list(d)
}

// ---------------------------------------------------------------- maps

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: LenientScalar> Visitor<'de> for MapVisitor<T> {
    type Value = BTreeMap<String, T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object or null")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(k) = map.next_key::<String>()? {
            if let Opt(Some(v)) = map.next_value::<Opt<T>>()? {
                out.insert(k, v);
            }
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        // An empty array stands for an empty object in some responses.
        let items: Vec<de::IgnoredAny> = Deserialize::deserialize(SeqAccessDeserializer::new(seq))?;
        if items.is_empty() {
            Ok(BTreeMap::new())
        } else {
            Err(de::Error::invalid_type(Unexpected::Seq, &self))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            Ok(BTreeMap::new())
        } else {
            Err(E::invalid_type(Unexpected::Str(v), &self))
        }
    }
    null_gives!(BTreeMap::new());
}

/// An object of lenient strings; `null` values are dropped; `null`, `""`,
/// `[]` give an empty map.
pub fn string_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    d.deserialize_any(MapVisitor(PhantomData))
}

/// An object of lenient `i64` values, as [`string_map`].
pub fn i64_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, i64>, D::Error> {
    d.deserialize_any(MapVisitor(PhantomData))
}

/// An object of lenient `f64` values, as [`string_map`].
pub fn f64_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    d.deserialize_any(MapVisitor(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct S {
        #[serde(deserialize_with = "string")]
        s: Option<String>,
        #[serde(deserialize_with = "i32")]
        a: Option<i32>,
        #[serde(deserialize_with = "i64")]
        b: Option<i64>,
        #[serde(deserialize_with = "f64")]
        f: Option<f64>,
        #[serde(deserialize_with = "bool")]
        t: Option<bool>,
        #[serde(deserialize_with = "timestamp")]
        ts: Option<Timestamp>,
    }

    fn s(json: &str) -> S {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn scalars() {
        assert_eq!(s("{}"), S::default());
        let all_null = s(r#"{"s":null,"a":null,"b":null,"f":null,"t":null,"ts":null}"#);
        assert_eq!(all_null, S::default());
        let empty = s(r#"{"s":"","a":"","b":" ","f":"","t":"","ts":""}"#);
        assert_eq!(
            empty,
            S {
                s: Some(String::new()),
                ..S::default()
            }
        );
        let v =
            s(r#"{"s":12,"a":"12","b":" -7 ","f":"1.5","t":"TRUE","ts":"2017-06-14T09:51:14Z"}"#);
        assert_eq!(v.s.as_deref(), Some("12"));
        assert_eq!(v.a, Some(12));
        assert_eq!(v.b, Some(-7));
        assert_eq!(v.f, Some(1.5));
        assert_eq!(v.t, Some(true));
        assert_eq!(v.ts.unwrap().unix(), 1_497_433_874);
        let v = s(r#"{"s":true,"a":12.0,"b":"12.0","f":3,"t":0,"ts":1497433874}"#);
        assert_eq!(v.s.as_deref(), Some("true"));
        assert_eq!(
            (v.a, v.b, v.f, v.t),
            (Some(12), Some(12), Some(3.0), Some(false))
        );
        assert_eq!(v.ts.unwrap().unix(), 1_497_433_874);
        assert_eq!(
            s(r#"{"s":1.5,"b":9223372036854775807}"#).s.as_deref(),
            Some("1.5")
        );
        for t in ["\"off\"", "\"No\"", "\"0\"", "false"] {
            assert_eq!(s(&format!(r#"{{"t":{t}}}"#)).t, Some(false));
        }
    }

    #[test]
    fn scalar_errors() {
        for bad in [
            r#"{"a":"x"}"#,
            r#"{"a":1.5}"#,
            r#"{"a":"1.5"}"#,
            r#"{"a":3000000000}"#,
            r#"{"a":"3000000000"}"#,
            r#"{"b":18446744073709551615}"#,
            r#"{"b":1e300}"#,
            r#"{"f":"abc"}"#,
            r#"{"f":"NaN"}"#,
            r#"{"t":2}"#,
            r#"{"t":"maybe"}"#,
            r#"{"s":[1]}"#,
            r#"{"s":{}}"#,
            r#"{"ts":"yesterday"}"#,
            r#"{"a":true}"#,
        ] {
            let e = serde_json::from_str::<S>(bad).unwrap_err();
            assert!(!e.to_string().is_empty(), "{bad}");
        }
        let e = serde_json::from_str::<S>(r#"{"a":"3000000000"}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("3000000000") && e.contains("i32"), "{e}");
    }

    #[derive(Deserialize, Debug, PartialEq, Default)]
    struct Item {
        #[serde(rename = "N", default, deserialize_with = "i64")]
        n: Option<i64>,
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct L {
        #[serde(deserialize_with = "list")]
        items: Vec<Item>,
        #[serde(deserialize_with = "wrapped_list")]
        wrapped: Vec<Item>,
        #[serde(deserialize_with = "string_list")]
        strs: Vec<String>,
        #[serde(deserialize_with = "i64_list")]
        ints: Vec<i64>,
        #[serde(deserialize_with = "wrapped_string_list")]
        wstrs: Vec<String>,
        #[serde(deserialize_with = "list")]
        plain: Vec<String>,
        lenient: Vec<Lenient<i64>>,
    }

    fn l(json: &str) -> L {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
    }

    #[test]
    fn lists() {
        let it = |n| Item { n: Some(n) };
        assert_eq!(
            l(r#"{"items":[{"N":1},{"N":"2"}]}"#).items,
            vec![it(1), it(2)]
        );
        assert_eq!(l(r#"{"items":{"N":3}}"#).items, vec![it(3)]);
        assert_eq!(l(r#"{"items":null}"#).items, vec![]);
        assert_eq!(l(r#"{"items":""}"#).items, vec![]);
        assert_eq!(l(r#"{"items":[]}"#).items, vec![]);
        assert_eq!(
            l(r#"{"wrapped":{"Domain":[{"N":1},{"N":2}]}}"#).wrapped,
            vec![it(1), it(2)]
        );
        assert_eq!(l(r#"{"wrapped":{"Domain":{"N":5}}}"#).wrapped, vec![it(5)]);
        assert_eq!(l(r#"{"wrapped":{"Domain":null}}"#).wrapped, vec![]);
        assert_eq!(l(r#"{"wrapped":{"Domain":[]}}"#).wrapped, vec![]);
        assert_eq!(l(r#"{"wrapped":{}}"#).wrapped, vec![]);
        assert_eq!(l(r#"{"wrapped":null}"#).wrapped, vec![]);
        assert_eq!(l(r#"{"wrapped":[{"N":7}]}"#).wrapped, vec![it(7)]);
        assert_eq!(
            l(r#"{"strs":["a",1,null,true]}"#).strs,
            vec!["a", "1", "true"]
        );
        assert_eq!(l(r#"{"strs":"solo"}"#).strs, vec!["solo"]);
        assert_eq!(l(r#"{"ints":[1,"2"," 3 ",null]}"#).ints, vec![1, 2, 3]);
        assert_eq!(l(r#"{"ints":5}"#).ints, vec![5]);
        assert_eq!(
            l(r#"{"wstrs":{"Ip":["1.1.1.1","2.2.2.2"]}}"#).wstrs,
            vec!["1.1.1.1", "2.2.2.2"]
        );
        assert_eq!(l(r#"{"wstrs":{"Ip":"1.1.1.1"}}"#).wstrs, vec!["1.1.1.1"]);
        assert_eq!(l(r#"{"plain":"x"}"#).plain, vec!["x"]);
        assert_eq!(
            l(r#"{"lenient":[1,"2"]}"#).lenient,
            vec![Lenient(1), Lenient(2)]
        );
        // Borrowed strings take the borrowed path.
        let v: Vec<String> = list(&mut serde_json::Deserializer::from_str(r#""b""#)).unwrap();
        assert_eq!(v, vec!["b"]);
    }

    #[test]
    fn list_errors() {
        assert!(serde_json::from_str::<L>(r#"{"items":[{"N":"x"}]}"#).is_err());
        assert!(serde_json::from_str::<L>(r#"{"wrapped":"text"}"#).is_err());
        assert!(serde_json::from_str::<L>(r#"{"wrapped":5}"#).is_err());
        assert!(serde_json::from_str::<L>(r#"{"ints":["x"]}"#).is_err());
        assert!(serde_json::from_str::<L>(r#"{"lenient":[null]}"#).is_err());
        assert!(serde_json::from_str::<L>(r#"{"items":[1]}"#).is_err());
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct M {
        #[serde(deserialize_with = "i64_map")]
        i: BTreeMap<String, i64>,
        #[serde(deserialize_with = "string_map")]
        s: BTreeMap<String, String>,
        #[serde(deserialize_with = "f64_map")]
        f: BTreeMap<String, f64>,
    }

    #[test]
    fn maps() {
        let m: M = serde_json::from_str(
            r#"{"i":{"a":1,"b":"2","c":null},"s":{"x":1,"y":"z"},"f":{"p":"0.5"}}"#,
        )
        .unwrap();
        assert_eq!(m.i, BTreeMap::from([("a".into(), 1), ("b".into(), 2)]));
        assert_eq!(
            m.s,
            BTreeMap::from([("x".into(), "1".into()), ("y".into(), "z".into())])
        );
        assert_eq!(m.f, BTreeMap::from([("p".into(), 0.5)]));
        let m: M = serde_json::from_str(r#"{"i":null,"s":"","f":[]}"#).unwrap();
        assert_eq!(m, M::default());
        assert!(serde_json::from_str::<M>(r#"{"i":{"a":"x"}}"#).is_err());
        assert!(serde_json::from_str::<M>(r#"{"i":[1]}"#).is_err());
        assert!(serde_json::from_str::<M>(r#"{"i":3}"#).is_err());
    }

    #[derive(Deserialize, Debug)]
    struct R {
        #[serde(deserialize_with = "required_string")]
        v: String,
    }

    #[test]
    fn required() {
        assert_eq!(serde_json::from_str::<R>(r#"{"v":"a"}"#).unwrap().v, "a");
        assert_eq!(serde_json::from_str::<R>(r#"{"v":3}"#).unwrap().v, "3");
        assert!(serde_json::from_str::<R>(r#"{"v":null}"#).is_err());
        assert!(serde_json::from_str::<R>(r#"{}"#).is_err());
    }
}

//! Outside input never panics: the credentials file, response bodies, the
//! `sign` tool's input lines and timestamps, fed random and near-valid data.

use std::collections::BTreeMap;

use aliyun_live_runtime::credentials::parse_profile;
use aliyun_live_runtime::de::{self, Lenient};
use aliyun_live_runtime::{ServiceError, Timestamp, error, signing};
use proptest::prelude::*;

/// Text built from fragments of the formats under test, so random cases
/// reach deep into the parsers instead of failing on the first byte.
fn fragments(parts: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::sample::select(parts).prop_map(str::to_owned),
            ".{0,4}",
        ],
        0..24,
    )
    .prop_map(|v| v.concat())
}

const INI: &[&str] = &[
    "[",
    "]",
    "[default]",
    "[p]",
    "\n",
    "\r\n",
    "=",
    " = ",
    "\"",
    "'",
    "#",
    ";",
    "type",
    "access_key",
    "sts",
    "enable",
    "false",
    "access_key_id",
    "access_key_secret",
    "security_token",
    "sts_token",
    "é",
    "\u{feff}",
];

const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\"a\"",
    "null",
    "true",
    "false",
    "1",
    "-0",
    "1e400",
    "9223372036854775808",
    "-9223372036854775809",
    "0.5",
    "\"12\"",
    "\" 3 \"",
    "\"\"",
    "\"2017-06-14T09:51:14Z\"",
    "\"1497433874000\"",
    "\"-\"",
    "\"-1\"",
    "\"x\":",
];

const TIME: &[&str] = &[
    "2017", "-", "06", "14", "T", "t", " ", ":", "09", "51", "14", "Z", "z", ".", ",", "999", "+",
    "08", "00", "0000", "9999", "12", "31", "23", "59", "99", "é", "٣",
];

#[derive(Debug, serde::Deserialize)]
#[allow(dead_code)] // The fields are only decoded, to exercise the helpers.
struct Everything {
    #[serde(default, deserialize_with = "de::string")]
    s: Option<String>,
    #[serde(default, deserialize_with = "de::i32")]
    i: Option<i32>,
    #[serde(default, deserialize_with = "de::i64")]
    l: Option<i64>,
    #[serde(default, deserialize_with = "de::f64")]
    f: Option<f64>,
    #[serde(default, deserialize_with = "de::bool")]
    b: Option<bool>,
    #[serde(default, deserialize_with = "de::timestamp")]
    t: Option<Timestamp>,
    #[serde(default, deserialize_with = "de::list")]
    list: Vec<Lenient<i64>>,
    #[serde(default, deserialize_with = "de::wrapped_list")]
    wrapped: Vec<BTreeMap<String, Lenient<String>>>,
    #[serde(default, deserialize_with = "de::string_list")]
    strings: Vec<String>,
    #[serde(default, deserialize_with = "de::wrapped_i64_list")]
    wrapped_ints: Vec<i64>,
    #[serde(default, deserialize_with = "de::timestamp_list")]
    times: Vec<Timestamp>,
    #[serde(default, deserialize_with = "de::i64_map")]
    map: BTreeMap<String, i64>,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn profile_parser_never_panics(text in fragments(INI), profile in "[a-z]{0,7}") {
        for p in [profile.as_str(), "default", "p"] {
            if let Err(msg) = parse_profile(&text, p) {
                prop_assert!(!msg.is_empty());
            }
        }
    }

    #[test]
    fn lenient_decoding_never_panics(v in fragments(JSON)) {
        for key in ["s", "i", "l", "f", "b", "t", "list", "wrapped", "strings", "wrapped_ints", "times", "map"] {
            let _ = serde_json::from_str::<Everything>(&format!("{{\"{key}\":{v}}}"));
        }
        let _ = serde_json::from_str::<Timestamp>(&v);
        let _ = serde_json::from_str::<Lenient<f64>>(&v);
    }

    #[test]
    fn error_bodies_never_panic(body in proptest::collection::vec(any::<u8>(), 0..300), status in any::<u16>(), json in fragments(JSON)) {
        for b in [body.as_slice(), json.as_bytes()] {
            let e = ServiceError::from_response(status, b, Some("hdr"));
            prop_assert!(!e.to_string().is_empty());
            let _ = error::excerpt(b);
        }
    }

    #[test]
    fn timestamps_never_panic(s in fragments(TIME)) {
        if let Ok(t) = Timestamp::parse(&s) {
            prop_assert_eq!(Timestamp::parse(&t.to_string()), Ok(t));
        }
    }

    #[test]
    fn sign_tool_lines_never_panic(line in fragments(JSON), method in "(GET|post|PUT)?") {
        let framed = format!(r#"{{"method":"{method}","access_key_secret":"s","params":{line}}}"#);
        for l in [line.as_str(), framed.as_str()] {
            let out: serde_json::Value = serde_json::from_str(&signing::debug_line(l)).expect("always JSON");
            prop_assert!(out.get("error").is_some() || out.get("signature").is_some());
        }
    }
}

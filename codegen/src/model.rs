//! The typed model of `spec/live-2016-11-01.json`.
//!
//! The spec format is documented key by key in `spec/README.md`; this module
//! is its Rust mirror. Values of this model are produced only by
//! [`crate::load`], which checks every key and reports all problems at once,
//! so code that consumes a [`Spec`] (the generator, the emulator, the diff)
//! may rely on the invariants listed on each type.
//!
//! Every sequence is a `Vec` in file order: nothing here is a hash map, so
//! everything derived from the model is deterministic.

use serde_json::Value;

/// A whole spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Version of the spec *format* (not of the API). Currently 1.
    pub format_version: u32,
    pub service: Service,
    /// Action groups (chapters of the reference); each action names one.
    pub groups: Vec<Group>,
    /// Named, shared types, referenced from members as `"type": "<Name>"`.
    pub types: Vec<NamedType>,
    /// Every action, in file order (the file keeps them sorted by name).
    pub actions: Vec<Action>,
    /// Payloads the service sends to the user's own servers.
    pub callbacks: Vec<Callback>,
}

/// Service-wide metadata (reference chapter 3).
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Product code, `live`.
    pub product: String,
    /// API version sent as `Version`, `2016-11-01`.
    pub api_version: String,
    /// Default endpoint host, `live.aliyuncs.com`.
    pub endpoint: String,
    pub description: String,
    pub regions: Vec<Region>,
    /// Transport protocols the service accepts, e.g. `["HTTPS"]`.
    pub protocols: Vec<String>,
    /// HTTP methods the service accepts, e.g. `["GET", "POST"]`.
    pub methods: Vec<String>,
    pub signature: SignatureInfo,
    /// Common request parameters (3.3). Added by the runtime, not by callers.
    pub common_params: Vec<Member>,
    /// Fields of the common error body (3.4): Code, Message, RequestId, HostId.
    pub error_fields: Vec<Member>,
    /// Errors any action may return.
    pub common_errors: Vec<ErrorCode>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Region id, e.g. `cn-shanghai`.
    pub id: String,
    /// Name as the reference gives it, e.g. `华东2`.
    pub name: String,
    pub endpoint: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignatureInfo {
    /// `HMAC-SHA1`.
    pub method: String,
    /// `1.0`.
    pub version: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Identifier, snake_case: becomes a module name (e.g. `record`).
    pub name: String,
    /// Chapter title as in the reference (e.g. `直播录制`).
    pub title: String,
    pub description: String,
}

/// A shared type: `"types": [{"name": "Order", "type": "enum", ...}]`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedType {
    /// UpperCamelCase; also the Rust type name.
    pub name: String,
    pub description: String,
    /// Never [`Shape::Ref`]: a named type is an enum or a struct.
    pub shape: Shape,
    pub notes: Vec<String>,
}

/// The type of a member (parameter or field).
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `"string"`.
    String,
    /// `"integer"`: 32-bit signed.
    Integer,
    /// `"long"`: 64-bit signed.
    Long,
    /// `"float"`: 64-bit float.
    Float,
    /// `"boolean"`: `true`/`false` on the wire.
    Boolean,
    /// `"timestamp"`: UTC, `YYYY-MM-DDThh:mm:ssZ` on the wire.
    Timestamp,
    /// `"epoch_seconds"`: a point in time as seconds since the Unix epoch
    /// (a number, or a numeric string).
    EpochSeconds,
    /// `"json"`: any JSON value, kept as is.
    Json,
    /// `"enum"`: a closed set of string values (decoders keep unknown ones).
    Enum {
        /// Rust type name for an inline enum; derived from the member if absent.
        type_name: Option<String>,
        values: Vec<EnumValue>,
    },
    /// `"list"`: a sequence.
    List {
        items: Box<Shape>,
        /// Responses only: the wire nests the list one level deeper, as
        /// `{"<Field>": {"<wrapper>": [...]}}`; the SDK hides the wrapper.
        wrapper: Option<String>,
    },
    /// `"map"`: a JSON object with arbitrary keys and values of one shape.
    Map { values: Box<Shape> },
    /// `"struct"`: an object with known members.
    Struct {
        /// Rust type name for an inline struct; derived from the member if absent.
        type_name: Option<String>,
        fields: Vec<Member>,
    },
    /// A reference to `types[].name` (any UpperCamelCase type string).
    Ref(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// Wire value; always a string in the spec (`"0"`, `"asc"`, `"liveVideo"`).
    pub value: String,
    /// Rust variant name override (otherwise derived by heck from `value`).
    pub rust_name: Option<String>,
    pub description: String,
}

/// How a request parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// `Name=value`.
    #[default]
    Plain,
    /// `"repeat_list"`: `Name.1=v`, or `Name.1.Field=v` for lists of structs.
    RepeatList,
    /// `"csv"`: a list of scalars joined by `,` into one value.
    Csv,
    /// `"json"`: the value JSON-encoded into one string.
    Json,
    /// `"flat"`: a struct as `Name.Field=v`.
    Flat,
}

/// A request parameter, a response field, or a member of a struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Wire name (for a repeat list, the prefix before `.N`).
    pub name: String,
    /// Rust identifier override (otherwise snake_case of `name` by heck).
    pub rust_name: Option<String>,
    pub shape: Shape,
    /// Request parameters only.
    pub style: Style,
    pub required: bool,
    /// Default the service applies when the member is absent (documentation
    /// and emulator behaviour; the SDK does not send it).
    pub default: Option<Value>,
    pub description: String,
    /// Example value from the reference.
    pub example: Option<String>,
    pub constraints: Constraints,
    /// Other wire names accepted when decoding (e.g. `TimeStamp` for `Timestamp`).
    pub aliases: Vec<String>,
    pub notes: Vec<String>,
}

/// Rules on one member's value. All optional; all checked before any I/O.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// Inclusive numeric range (integer/long/float).
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Inclusive length range of a string, in bytes of UTF-8.
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Inclusive count range of a list.
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// The string must start with one of these.
    pub prefixes: Vec<String>,
    /// Template variables (like `{EscapedStartTime}`) the string must contain.
    pub required_vars: Vec<String>,
    /// Timestamps: earliest accepted value, `YYYY-MM-DDThh:mm:ssZ`.
    pub not_before: Option<String>,
}

/// A rule that relates several parameters of one action.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// `{"rule": "time_range", "start": "StartTime", "end": "EndTime", ...}`:
    /// end must be after start; optionally at most `max_span_seconds` apart;
    /// with `both_or_neither`, one without the other is an error.
    TimeRange {
        start: String,
        end: String,
        max_span_seconds: Option<u64>,
        both_or_neither: bool,
    },
    /// `{"rule": "required_if", "param": "X", "when": "Y", "equals": "ON"}`.
    RequiredIf {
        param: String,
        when: String,
        equals: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Request parameter carrying the 1-based page number (`PageNum`, `PageNumber`).
    pub page_number: String,
    /// Request parameter carrying the page size.
    pub page_size: String,
    /// Response field (a list) holding the page's items.
    pub items: String,
    /// Response field with the total number of items, if any.
    pub total_items: Option<String>,
    /// Response field with the total number of pages, if any.
    pub total_pages: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// e.g. `TaskAlreadyStarted`.
    pub code: String,
    pub http_status: u16,
    /// Message text the service sends.
    pub message: String,
    /// What it means.
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Wire name, the value of `Action=`.
    pub name: String,
    /// `groups[].name`.
    pub group: String,
    pub summary: String,
    pub description: String,
    /// Where the definition comes from: `seed 6.1`, `vendor metadata`, ...
    pub source: String,
    /// Other names the reference uses for this action (typos, old names).
    pub aliases: Vec<String>,
    /// Decisions taken while transcribing (contradictions resolved, leniency).
    pub notes: Vec<String>,
    /// Request parameters, excluding `Action` and the common parameters.
    pub params: Vec<Member>,
    pub rules: Vec<Rule>,
    /// Response body fields (including `RequestId`).
    pub response: Vec<Member>,
    pub pagination: Option<Pagination>,
    /// Action-specific errors.
    pub errors: Vec<ErrorCode>,
}

/// How the service delivers a callback to the user's server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackTransport {
    /// `"http_get_query"`: an HTTP GET whose query string carries `request`;
    /// the user answers with a JSON body shaped as `response`.
    HttpGetQuery,
    /// `"http_post_json"`: an HTTP POST with a JSON body shaped as `request`.
    HttpPostJson,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    /// UpperCamelCase name, also the Rust type prefix.
    pub name: String,
    pub summary: String,
    pub description: String,
    pub source: String,
    pub transport: CallbackTransport,
    /// What the service sends.
    pub request: Vec<Member>,
    /// What the user's server answers (empty if nothing is read).
    pub response: Vec<Member>,
    pub notes: Vec<String>,
}

impl Spec {
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.name == name)
    }

    pub fn named_type(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Follows a [`Shape::Ref`] to the named type's shape (one level; named
    /// types are never references themselves).
    pub fn resolve<'a>(&'a self, shape: &'a Shape) -> &'a Shape {
        match shape {
            Shape::Ref(name) => self.named_type(name).map(|t| &t.shape).unwrap_or(shape),
            other => other,
        }
    }
}

impl Action {
    pub fn param(&self, name: &str) -> Option<&Member> {
        self.params.iter().find(|p| p.name == name)
    }

    pub fn field(&self, name: &str) -> Option<&Member> {
        self.response.iter().find(|f| f.name == name)
    }
}

impl Shape {
    /// The spec's spelling of this shape's `type`.
    pub fn type_name(&self) -> &str {
        match self {
            Shape::String => "string",
            Shape::Integer => "integer",
            Shape::Long => "long",
            Shape::Float => "float",
            Shape::Boolean => "boolean",
            Shape::Timestamp => "timestamp",
            Shape::EpochSeconds => "epoch_seconds",
            Shape::Json => "json",
            Shape::Enum { .. } => "enum",
            Shape::List { .. } => "list",
            Shape::Map { .. } => "map",
            Shape::Struct { .. } => "struct",
            Shape::Ref(name) => name,
        }
    }

    /// Scalars are sent as one wire value.
    pub fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Shape::List { .. } | Shape::Map { .. } | Shape::Struct { .. } | Shape::Json
        )
    }
}

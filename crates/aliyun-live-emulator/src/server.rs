//! HTTP: an axum router on a hand-written accept loop.
//!
//! The accept loop (rather than `axum::serve`) exists for one fault:
//! `drop_connection` must close the TCP connection without sending a single
//! byte, which only the owner of the connection future can do (by dropping
//! it). Each connection gets a [`KillSwitch`] in its requests' extensions.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Extension, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::error::ApiError;
use crate::faults::{FaultKind, FaultRule, Faults, RequestLog, RequestRecord};
use crate::service::{Shared, request_id};

/// Largest accepted request body; larger bodies get 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Everything the HTTP handlers share.
#[derive(Clone)]
pub struct App {
    pub shared: Arc<Shared>,
    pub faults: Faults,
    pub log: RequestLog,
    pub max_body: usize,
}

/// Closes the connection a request arrived on, without a response.
#[derive(Clone)]
struct KillSwitch(Arc<Notify>);

fn router(app: App) -> Router {
    let limit = app.max_body;
    Router::new()
        .route("/", get(api).post(api))
        .route(
            "/_emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route(
            "/_emulator/requests",
            get(list_requests).delete(clear_requests),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(app)
}

/// Runs the accept loop until `shutdown` turns true, then lets open
/// connections finish their current request (bounded wait).
pub async fn serve(listener: TcpListener, app: App, mut shutdown: watch::Receiver<bool>) {
    let router = router(app);
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // E.g. too many open files: back off instead of spinning.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                conns.spawn(connection(stream, router.clone(), shutdown.clone()));
            }
            _ = shutdown.changed() => break,
            // Reap finished connection tasks so the set does not grow.
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while conns.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(5), drain)
        .await
        .is_err()
    {
        conns.abort_all();
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let kill = Arc::new(Notify::new());
    let switch = KillSwitch(kill.clone());
    let svc = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(switch.clone());
        hyper::service::Service::call(&TowerToHyperService::new(router.clone()), req)
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    let mut shutting_down = *shutdown.borrow();
    if shutting_down {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            // Dropping the connection future closes the socket unanswered.
            _ = kill.notified() => return,
            _ = shutdown.changed(), if !shutting_down => {
                shutting_down = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

fn json_response(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Some(id) = body
        .get("RequestId")
        .and_then(Value::as_str)
        .and_then(|s| HeaderValue::from_str(s).ok())
    {
        resp.headers_mut().insert("x-acs-request-id", id);
    }
    resp
}

fn error_response(e: &ApiError) -> Response {
    json_response(e.status, &e.body(&request_id()))
}

/// All parameters of an API request: the query string, plus the form body
/// of a POST (the official SDKs sign both together).
fn collect_params(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if is_form {
        pairs.extend(form_urlencoded::parse(body).into_owned());
    }
    pairs
}

async fn api(
    State(app): State<App>,
    Extension(kill): Extension<KillSwitch>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(rejection) => {
            let status = rejection.status().as_u16();
            let e = if status == 413 {
                ApiError::new(
                    413,
                    "RequestTooLarge",
                    format!("The request body exceeds {} bytes.", app.max_body),
                )
            } else {
                ApiError::new(
                    status,
                    "InvalidParameter",
                    format!("The request body could not be read: {rejection}"),
                )
            };
            return error_response(&e);
        }
    };
    let pairs = collect_params(&uri, &headers, &body);
    let find = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut record = RequestRecord {
        method: method.as_str().to_owned(),
        action: find("Action"),
        nonce: find("SignatureNonce"),
        access_key_id: find("AccessKeyId"),
        status: 0,
        code: None,
        fault: None,
    };
    // Faults match on the canonical action name, so aliases are covered too.
    let canonical = record
        .action
        .as_deref()
        .map(|a| app.shared.find_action(a).map_or(a, |x| x.name.as_str()));
    let fault = app.faults.next(canonical);
    record.fault = fault.map(|f| f.kind);
    // Logged on arrival (status 0 until answered), so requests whose client
    // gave up during a delay, or whose connection was dropped, still show.
    let entry = app.log.push(record);

    let injected = match fault.map(|f| f.kind) {
        Some(FaultKind::Throttling) => Some(ApiError::new(
            503,
            "Throttling",
            "Request was denied due to request throttling.",
        )),
        Some(FaultKind::InternalError) => Some(ApiError::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        )),
        _ => None,
    };
    if let Some(e) = injected {
        app.log.set_outcome(entry, e.status, Some(e.code.clone()));
        return error_response(&e);
    }
    match fault {
        Some(f) if f.kind == FaultKind::DropConnection => {
            kill.0.notify_one();
            // The connection task drops this future with the connection.
            std::future::pending::<()>().await;
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        Some(f) if f.kind == FaultKind::NonJsonBody => {
            app.log.set_outcome(entry, 200, None);
            let mut resp = (
                StatusCode::OK,
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            )
                .into_response();
            resp.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            return resp;
        }
        Some(f) if f.kind == FaultKind::Delay => {
            tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
        }
        _ => {}
    }

    // Handlers are synchronous and short (a mutex, no I/O).
    let reply = app.shared.handle(method.as_str(), &pairs);
    app.log.set_outcome(entry, reply.status, reply.code.clone());
    if fault.is_some_and(|f| f.kind == FaultKind::TruncatedBody) {
        return truncated(reply.status, &reply.body);
    }
    json_response(reply.status, &reply.body)
}

/// Announces the full length, sends half the body, then ends the body short
/// of that length, so hyper aborts the connection.
///
/// The end comes a moment after the first half: while the body stream is
/// pending, hyper flushes what it has, so the head and the first half
/// really reach the client before the connection is cut.
fn truncated(status: u16, body: &Value) -> Response {
    let text = body.to_string().into_bytes();
    let full = text.len();
    let half = Bytes::copy_from_slice(&text[..full / 2]);
    let stream = futures_util::stream::unfold(Some(half), |state| async move {
        match state {
            Some(half) => Some((Ok(half), None)),
            None => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                None::<(Result<Bytes, std::io::Error>, Option<Bytes>)>
            }
        }
    });
    let mut resp = Response::new(Body::from_stream(stream));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    resp.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full));
    resp
}

/// Any other path: the API lives at `/` only.
async fn not_found(uri: Uri) -> Response {
    error_response(&ApiError::new(
        404,
        "InvalidAction.NotFound",
        format!(
            "Specified api is not found, please check your url and method: the API is served at /, not {}.",
            uri.path()
        ),
    ))
}

/// Methods other than GET and POST.
async fn method_not_allowed(method: Method) -> Response {
    error_response(&ApiError::new(
        405,
        "UnsupportedHTTPMethod",
        format!("Specified HTTP method {method} is not supported; use GET or POST."),
    ))
}

fn faults_body(faults: &Faults) -> Value {
    json!({ "Faults": faults.list() })
}

async fn list_faults(State(app): State<App>) -> Response {
    json_response(200, &faults_body(&app.faults))
}

async fn add_fault(State(app): State<App>, body: Result<Bytes, BytesRejection>) -> Response {
    let bad = |msg: String| json_response(400, &json!({ "Code": "InvalidFault", "Message": msg }));
    let Ok(body) = body else {
        return bad("the body could not be read".into());
    };
    // One rule, or an array of rules.
    let rules: Vec<FaultRule> = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(_)) => match serde_json::from_slice(&body) {
            Ok(r) => r,
            Err(e) => return bad(format!("invalid fault rules: {e}")),
        },
        Ok(_) => match serde_json::from_slice(&body) {
            Ok(r) => vec![r],
            Err(e) => return bad(format!("invalid fault rule: {e}")),
        },
        Err(e) => return bad(format!("the body is not JSON: {e}")),
    };
    // All or nothing: check every rule before adding any.
    if let Some(e) = rules.iter().find_map(|r| r.validate().err()) {
        return bad(e);
    }
    for r in rules {
        if let Err(e) = app.faults.add(r) {
            return bad(e);
        }
    }
    json_response(200, &faults_body(&app.faults))
}

async fn clear_faults(State(app): State<App>) -> Response {
    app.faults.clear();
    json_response(200, &faults_body(&app.faults))
}

async fn list_requests(State(app): State<App>) -> Response {
    let records = app.log.records();
    json_response(200, &json!({ "Count": records.len(), "Requests": records }))
}

async fn clear_requests(State(app): State<App>) -> Response {
    app.log.clear();
    json_response(200, &json!({ "Count": 0, "Requests": [] }))
}

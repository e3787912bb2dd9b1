//! The alarm HTTP API: list, acknowledge, shelve, unshelve, out of service, events. An
//! `axum::Router` with its own state, merged by the dashboard under its auth layer.
//!
//! | Method and path | Body | Answer |
//! |---|---|---|
//! | `GET /api/alarms[?state=…]` | | array of alarm objects |
//! | `GET /api/alarms/{id}` | | one alarm object |
//! | `GET /api/alarms/{id}/events[?limit=N]` | | its stored transitions, newest first |
//! | `POST /api/alarms/{id}/ack` | | the alarm object |
//! | `POST /api/alarms/{id}/shelve` | `{"until": "2026-12-02T06:00:00Z"}` | the alarm object |
//! | `POST /api/alarms/{id}/unshelve` | | the alarm object |
//! | `POST /api/alarms/{id}/out_of_service` | `{"out_of_service": true}` | the alarm object |
//!
//! `state` is `current` (default: not normal, or cleared in the last 24 h), `active`,
//! `cleared`, `unacknowledged`, `shelved`, `out_of_service`, `not_normal` or `all`. Bad input
//! is 400 and an unknown id 404, both as RFC 9457 problem JSON; nothing answers 500.
//!
//! Who acts: the [`AlarmUser`] request extension when the auth layer sets one, else the
//! `x-ems-user` header, else `"operator"`. Must not check tokens itself: that is the auth
//! layer's job.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;

use super::engine::{AlarmEngine, AlarmError, Filter, Transition};

/// The engine shared between the collector and the API.
#[derive(Clone, Debug)]
pub struct AlarmHandle(pub Arc<Mutex<AlarmEngine>>);

impl AlarmHandle {
    /// Shares `engine`.
    pub fn new(engine: AlarmEngine) -> Self {
        AlarmHandle(Arc::new(Mutex::new(engine)))
    }

    /// Locks the engine (a panic elsewhere does not make it unusable).
    pub fn lock(&self) -> MutexGuard<'_, AlarmEngine> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Who performs an operator action; the auth layer inserts it as a request extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlarmUser(pub String);

/// The header naming who acts when there is no [`AlarmUser`] extension.
pub const USER_HEADER: &str = "x-ems-user";
/// Who acts when nobody is named.
pub const DEFAULT_USER: &str = "operator";

/// The alarm API's routes, with `handle` as their state.
pub fn router(handle: AlarmHandle) -> Router {
    Router::new()
        .route("/api/alarms", get(list))
        .route("/api/alarms/{id}", get(one))
        .route("/api/alarms/{id}/events", get(events))
        .route("/api/alarms/{id}/ack", post(ack))
        .route("/api/alarms/{id}/shelve", post(shelve))
        .route("/api/alarms/{id}/unshelve", post(unshelve))
        .route("/api/alarms/{id}/out_of_service", post(out_of_service))
        .with_state(handle)
}

/// An RFC 9457 problem.
fn problem(status: StatusCode, detail: impl Into<String>) -> Response {
    let body = serde_json::json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail.into(),
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// A problem answer not built yet (small, unlike a `Response`).
struct Problem(StatusCode, String);

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        problem(self.0, self.1)
    }
}

fn from_error(e: AlarmError) -> Response {
    match e {
        AlarmError::UnknownId(_) => problem(StatusCode::NOT_FOUND, e.to_string()),
        AlarmError::BadRequest(m) => problem(StatusCode::BAD_REQUEST, m),
    }
}

fn parse_id(s: &str) -> Result<i64, Problem> {
    s.parse::<i64>().map_err(|_| {
        Problem(
            StatusCode::BAD_REQUEST,
            format!("\"{s}\" is not an alarm id; ids are integers"),
        )
    })
}

fn who(user: Option<Extension<AlarmUser>>, headers: &HeaderMap) -> String {
    if let Some(Extension(AlarmUser(u))) = user {
        return u;
    }
    headers
        .get(USER_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .unwrap_or(DEFAULT_USER)
        .to_string()
}

fn query_param<'a>(q: &'a Option<String>, key: &str) -> Option<&'a str> {
    q.as_deref()?
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

async fn list(State(h): State<AlarmHandle>, RawQuery(q): RawQuery) -> Response {
    let filter = match query_param(&q, "state") {
        None => Filter::Current,
        Some(s) => match Filter::from_name(s) {
            Some(f) => f,
            None => {
                return problem(
                    StatusCode::BAD_REQUEST,
                    format!("unknown state \"{s}\"; allowed: current, active, cleared, unacknowledged, shelved, out_of_service, not_normal, all"),
                )
            }
        },
    };
    let e = h.lock();
    let now = e.clock().now_ms();
    Json(e.views(filter, now)).into_response()
}

async fn one(State(h): State<AlarmHandle>, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(r) => return r.into_response(),
    };
    match h.lock().get(id) {
        Ok(v) => Json(v).into_response(),
        Err(e) => from_error(e),
    }
}

async fn events(
    State(h): State<AlarmHandle>,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(r) => return r.into_response(),
    };
    let limit = match query_param(&q, "limit").map(str::parse::<u32>) {
        None => 100,
        Some(Ok(n)) if (1..=10_000).contains(&n) => n,
        Some(_) => return problem(StatusCode::BAD_REQUEST, "limit: allowed 1–10000"),
    };
    let e = h.lock();
    if let Err(err) = e.get(id) {
        return from_error(err);
    }
    match e.events(Some(id), i64::MIN, limit) {
        Ok(rows) => Json(
            rows.into_iter()
                .map(|r| {
                    serde_json::json!({
                        "event_id": r.id,
                        "event": r.event,
                        "time": super::engine::rfc3339(r.time_ms),
                        "value": r.value,
                        "who": r.who,
                        "suppressed": r.suppressed,
                        "until": r.until_ms.map(super::engine::rfc3339),
                        "message": r.message,
                    })
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(err) => problem(StatusCode::SERVICE_UNAVAILABLE, err.to_string()),
    }
}

/// Runs an operator action and answers with the alarm after it.
fn act(
    h: &AlarmHandle,
    id: &str,
    f: impl FnOnce(&mut AlarmEngine, i64, i64) -> Result<Vec<Transition>, AlarmError>,
) -> Response {
    let id = match parse_id(id) {
        Ok(id) => id,
        Err(r) => return r.into_response(),
    };
    let mut e = h.lock();
    let now = e.clock().now_ms();
    match f(&mut e, id, now).and_then(|_| e.get(id)) {
        Ok(v) => Json(v).into_response(),
        Err(err) => from_error(err),
    }
}

async fn ack(
    State(h): State<AlarmHandle>,
    Path(id): Path<String>,
    user: Option<Extension<AlarmUser>>,
    headers: HeaderMap,
) -> Response {
    let w = who(user, &headers);
    act(&h, &id, |e, id, now| e.ack(id, &w, now))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShelveBody {
    until: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceBody {
    out_of_service: bool,
}

fn json_body<T: for<'de> Deserialize<'de>>(body: &Bytes, example: &str) -> Result<T, Problem> {
    serde_json::from_slice(body).map_err(|e| {
        Problem(
            StatusCode::BAD_REQUEST,
            format!("body: {e}; expected JSON such as {example}"),
        )
    })
}

async fn shelve(
    State(h): State<AlarmHandle>,
    Path(id): Path<String>,
    user: Option<Extension<AlarmUser>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    const EXAMPLE: &str = r#"{"until": "2026-12-02T06:00:00Z"}"#;
    let b: ShelveBody = match json_body(&body, EXAMPLE) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let until = match b.until.parse::<jiff::Timestamp>() {
        Ok(t) => t.as_millisecond(),
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                format!(
                    "until: \"{}\" is not an RFC 3339 time ({e}); e.g. {EXAMPLE}",
                    b.until
                ),
            )
        }
    };
    let w = who(user, &headers);
    act(&h, &id, |e, id, now| e.shelve(id, until, &w, now))
}

async fn unshelve(
    State(h): State<AlarmHandle>,
    Path(id): Path<String>,
    user: Option<Extension<AlarmUser>>,
    headers: HeaderMap,
) -> Response {
    let w = who(user, &headers);
    act(&h, &id, |e, id, now| e.unshelve(id, &w, now))
}

async fn out_of_service(
    State(h): State<AlarmHandle>,
    Path(id): Path<String>,
    user: Option<Extension<AlarmUser>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let b: ServiceBody = match json_body(&body, r#"{"out_of_service": true}"#) {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let w = who(user, &headers);
    act(&h, &id, |e, id, now| {
        e.set_out_of_service(id, b.out_of_service, &w, now)
    })
}

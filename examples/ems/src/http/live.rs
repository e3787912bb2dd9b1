//! `GET /api/live`: the WebSocket that pushes every live event to the browser. On connect
//! the client gets a `snapshot` (latest values and health of every meter), then each event of
//! the collector's broadcast as JSON, serialised once for all clients. A client that falls
//! behind gets a fresh snapshot instead of the events it missed. Cross-origin upgrades are
//! refused.

use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::api::now_ms;
use super::{auth, AppState, Problem};
use crate::live::read;

/// How often the server pings an idle client.
const PING_EVERY: Duration = Duration::from_secs(20);

/// The upgrade handler.
pub(crate) async fn handler(
    State(st): State<AppState>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    if !auth::same_origin(&headers) {
        return Problem::new(
            StatusCode::FORBIDDEN,
            "Cross-origin WebSocket refused",
            "the live feed only serves the dashboard's own origin",
        )
        .into_response();
    }
    match ws {
        Ok(ws) => ws
            .max_message_size(4096)
            .max_frame_size(4096)
            .on_upgrade(move |s| client(st, s))
            .into_response(),
        Err(e) => Problem::new(
            StatusCode::BAD_REQUEST,
            "WebSocket upgrade expected",
            format!("/api/live is a WebSocket: {e}"),
        )
        .into_response(),
    }
}

/// The snapshot sent on connect and after a lag.
pub(crate) fn snapshot(st: &AppState) -> String {
    let latest = read(&st.latest);
    let health = read(&st.health);
    let meters: serde_json::Map<String, serde_json::Value> = st
        .site
        .meters
        .iter()
        .map(|m| {
            let l = latest.get(&m.name);
            let values: Vec<_> = l
                .map(|l| {
                    l.values
                        .iter()
                        .map(|(q, (v, u, t))| json!({"quantity": q, "value": v, "unit": u, "time_ms": t}))
                        .collect()
                })
                .unwrap_or_default();
            (
                m.name.clone(),
                json!({"time_ms": l.map(|l| l.time_ms), "values": values, "health": health.get(&m.name)}),
            )
        })
        .collect();
    json!({
        "type": "snapshot",
        "server_time_ms": now_ms(),
        "stale_after_ms": st.shared.stale_after.as_millis() as u64,
        "meters": meters,
    })
    .to_string()
}

async fn client(st: AppState, mut socket: WebSocket) {
    let mut rx = st.shared.json_tx.subscribe();
    if socket
        .send(Message::Text(snapshot(&st).into()))
        .await
        .is_err()
    {
        return;
    }
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        tokio::select! {
            ev = rx.recv() => {
                let msg = match ev {
                    Ok(j) => Message::Text(j.as_ref().into()),
                    Err(RecvError::Lagged(_)) => Message::Text(snapshot(&st).into()),
                    Err(RecvError::Closed) => break,
                };
                if socket.send(msg).await.is_err() {
                    break;
                }
            }
            inc = socket.recv() => match inc {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => break,
                Some(Ok(_)) => {}
            },
            _ = ping.tick() => {
                if socket.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
            }
        }
    }
}

//! The dashboard's files, compiled into the binary (`include_str!`): the page, its script,
//! the chart module, the style sheet and the icon. Nothing is fetched from elsewhere.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// `(path, content type, body)` of every embedded asset.
pub const ASSETS: [(&str, &str, &str); 6] = [
    (
        "/",
        "text/html; charset=utf-8",
        include_str!("../../assets/index.html"),
    ),
    (
        "/login",
        "text/html; charset=utf-8",
        include_str!("../../assets/login.html"),
    ),
    (
        "/app.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/app.js"),
    ),
    (
        "/chart.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/chart.js"),
    ),
    (
        "/style.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/style.css"),
    ),
    (
        "/favicon.svg",
        "image/svg+xml",
        include_str!("../../assets/favicon.svg"),
    ),
];

fn asset(ct: &'static str, body: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// The routes of the embedded assets.
pub fn routes() -> Router {
    let mut r = Router::new();
    for (path, ct, body) in ASSETS {
        r = r.route(path, get(move || async move { asset(ct, body) }));
    }
    r
}

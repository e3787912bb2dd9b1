//! Access control: an optional access token, given as `Authorization: Bearer <token>` or as
//! the `ems_session` cookie set by `POST /api/login`. Without a token the dashboard is
//! read-only and may only listen on a loopback address; with one every request needs it.
//! Changes (POST, PUT, PATCH, DELETE) always need it, also on loopback, and must come from
//! the dashboard's own origin. The token never appears in logs or `Debug` output.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::{AppState, Problem};

/// The session cookie's name.
pub const COOKIE: &str = "ems_session";

/// Shortest access token accepted.
pub const MIN_TOKEN_LEN: usize = 16;

/// Who may use the dashboard.
#[derive(Clone, Default)]
pub struct Auth {
    token: Option<String>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Auth {
    /// No access token: read-only, loopback only.
    pub fn none() -> Auth {
        Auth { token: None }
    }

    /// An access token (at least [`MIN_TOKEN_LEN`] characters, no whitespace or `;`).
    pub fn token(token: impl Into<String>) -> Result<Auth, String> {
        let token = token.into();
        if token.chars().count() < MIN_TOKEN_LEN {
            return Err(format!(
                "the access token must have at least {MIN_TOKEN_LEN} characters"
            ));
        }
        if token
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ';' || c == ',' || c == '"')
        {
            return Err(
                "the access token must not contain spaces, control characters, ';', ',' or '\"'"
                    .into(),
            );
        }
        Ok(Auth { token: Some(token) })
    }

    /// Whether a token is configured.
    pub fn is_enabled(&self) -> bool {
        self.token.is_some()
    }

    /// Whether `headers` carry the token (bearer header or session cookie).
    pub fn accepts(&self, headers: &HeaderMap) -> bool {
        let Some(token) = &self.token else {
            return false;
        };
        let bearer = headers
            .get_all(header::AUTHORIZATION)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.strip_prefix("Bearer "))
            .any(|t| eq_ct(t.trim().as_bytes(), token.as_bytes()));
        bearer
            || headers
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
                .any(|t| eq_ct(t.as_bytes(), token.as_bytes()))
    }

    fn is(&self, candidate: &str) -> bool {
        self.token
            .as_ref()
            .is_some_and(|t| eq_ct(candidate.as_bytes(), t.as_bytes()))
    }
}

/// Constant-time comparison (the time does not depend on where the first difference is).
fn eq_ct(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0xff);
        diff |= usize::from(x ^ y);
    }
    diff == 0
}

/// Refuses to listen on a non-loopback address without an access token.
pub fn check_bind(addr: SocketAddr, auth: &Auth) -> Result<(), String> {
    if addr.ip().is_loopback() || auth.is_enabled() {
        Ok(())
    } else {
        Err(format!(
            "refusing to serve the dashboard on {addr} without an access token: set [http] token or token_file (at least {MIN_TOKEN_LEN} characters), or listen on 127.0.0.1"
        ))
    }
}

/// Paths served without the token when one is configured: the login page and what it needs.
fn public(path: &str) -> bool {
    matches!(
        path,
        "/login" | "/api/login" | "/style.css" | "/favicon.svg"
    )
}

/// Whether the request's `Origin` (if any) is the host it was sent to.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true; // not a browser, or a same-origin GET
    };
    let (Ok(origin), Some(Ok(host))) = (
        origin.to_str(),
        headers.get(header::HOST).map(|h| h.to_str()),
    ) else {
        return false;
    };
    let origin = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or("");
    origin.eq_ignore_ascii_case(host)
}

/// The access-control middleware.
pub(crate) async fn guard(
    State(st): State<AppState>,
    req: Request<axum::body::Body>,
    next: Next,
) -> Response {
    let path = req.uri().path();
    let change = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if change && !same_origin(req.headers()) {
        return Problem::new(
            StatusCode::FORBIDDEN,
            "Cross-origin request refused",
            "changes must come from the dashboard's own origin",
        )
        .into_response();
    }
    let authed = st.auth.accepts(req.headers());
    if authed || public(path) {
        return next.run(req).await;
    }
    if !st.auth.is_enabled() {
        if change {
            return Problem::new(
                StatusCode::FORBIDDEN,
                "Changes need an access token",
                "configure [http] token (or token_file) to acknowledge alarms or change settings",
            )
            .into_response();
        }
        return next.run(req).await;
    }
    if path.starts_with("/api/") {
        let mut r = Problem::new(
            StatusCode::UNAUTHORIZED,
            "Authentication required",
            "send 'Authorization: Bearer <token>' or log in at /login",
        )
        .into_response();
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    } else {
        Redirect::to("/login").into_response()
    }
}

/// `POST /api/login`: a form (`token=…`) or JSON (`{"token": …}`); sets the session cookie.
pub(crate) async fn login(
    State(st): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let token: Option<String> = if form {
        form_urlencoded::parse(&body)
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned())
    } else {
        serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("token")?.as_str().map(str::to_string))
    };
    let Some(token) = token else {
        return Problem::bad_request("expected a form field or JSON member 'token'")
            .into_response();
    };
    if !st.auth.is(&token) {
        if form {
            return Redirect::to("/login?failed").into_response();
        }
        return Problem::new(
            StatusCode::UNAUTHORIZED,
            "Wrong token",
            "the access token is not right",
        )
        .into_response();
    }
    let cookie = format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=2592000");
    let mut r = if form {
        Redirect::to("/").into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    };
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// `POST /api/logout`: clears the session cookie.
pub(crate) async fn logout() -> Response {
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("ems_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"),
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq() {
        assert!(eq_ct(b"abc", b"abc"));
        assert!(!eq_ct(b"abc", b"abd"));
        assert!(!eq_ct(b"abc", b"abcd"));
        assert!(!eq_ct(b"", b"a"));
    }

    #[test]
    fn bind_rules() {
        let none = Auth::none();
        assert!(check_bind("127.0.0.1:8080".parse().unwrap(), &none).is_ok());
        assert!(check_bind("[::1]:8080".parse().unwrap(), &none).is_ok());
        assert!(check_bind("0.0.0.0:8080".parse().unwrap(), &none).is_err());
        let t = Auth::token("0123456789abcdef").unwrap();
        assert!(check_bind("0.0.0.0:8080".parse().unwrap(), &t).is_ok());
        assert!(Auth::token("short").is_err());
        assert!(Auth::token("0123456789abcdef;x").is_err());
        assert!(!format!("{t:?}").contains("0123"));
    }
}

//! The dashboard's HTTP API against the fixture plant (ten meters, one day of 1-minute data,
//! fake live readings): every endpoint, a sweep of malformed input (4xx, never 5xx), access
//! control, security headers, the `[http]` token settings, and the WebSocket feed.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use ems::config::{Config, ConfigError, TokenSource};
use ems::http::{self, fixture, AppState, Auth};
use ems::live::{LiveEvent, LiveHealth, LiveValue};
use http_body_util::BodyExt;
use serde_json::Value;
use tokio::sync::broadcast;
use tower::ServiceExt;

/// The fixture store, filled once for all tests (1 day up to the start of this minute).
fn data_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ems-http-api-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        fixture::fill(
            &dir,
            &fixture::plant(10),
            1,
            jiff::Timestamp::now().as_millisecond(),
        )
        .unwrap();
        dir
    })
}

fn state(auth: Auth) -> (AppState, broadcast::Sender<LiveEvent>) {
    let (tx, _) = broadcast::channel(256);
    // The fixture's newest values are at the start of the minute it was filled in: up to 60 s
    // old already then, and the tests run seconds to minutes later (a loaded CI machine took
    // 60.3 s). With the default 60 s they would turn stale by the clock, not by the code under
    // test; the stale path has its own test with a 1 ms threshold.
    let st = AppState::new(fixture::site(), data_dir().clone(), tx.clone())
        .with_auth(auth)
        .with_stale_after(Duration::from_secs(3600));
    (st, tx)
}

fn app() -> Router {
    http::router(state(Auth::none()).0, None)
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, body)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (s, h, b) = call(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    if !s.is_success() && uri.starts_with("/api/") {
        assert_eq!(
            h.get(header::CONTENT_TYPE).unwrap(),
            "application/problem+json",
            "{uri}"
        );
    }
    (s, serde_json::from_slice(&b).unwrap_or(Value::Null))
}

fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).unwrap().to_string()
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

#[tokio::test]
async fn meters_lists_the_plant_with_hierarchy_and_state() {
    let (s, v) = get(&app(), "/api/meters").await;
    assert_eq!(s, StatusCode::OK);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), fixture::PLANT.len());
    let chiller = list.iter().find(|m| m["name"] == "Chiller").unwrap();
    assert_eq!(chiller["parent"], "PCC-1");
    assert_eq!(chiller["bus"], "rs485-a");
    assert_eq!(chiller["model"], "EM6400NG");
    assert_eq!(chiller["tags"][0], "hvac");
    // The store's newest value is at most a minute old: online.
    assert_eq!(chiller["state"], "online", "{chiller}");
    assert!(chiller["last_seen"].as_str().unwrap().ends_with('Z'));
    let (s, v) = get(&app(), "/api/meters/PCC-1").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["children"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn latest_has_the_read_json_quantity_names_units_and_rfc3339_times() {
    let (s, v) = get(&app(), "/api/meters/Chiller/latest").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["meter"], "Chiller");
    jiff::Timestamp::from_str_helper(v["time"].as_str().unwrap());
    let values = v["values"].as_array().unwrap();
    let p = values
        .iter()
        .find(|x| x["quantity"] == "active_power_total")
        .unwrap();
    assert_eq!(p["unit"], "W");
    assert!(p["value"].as_f64().unwrap() > 1000.0);
    for q in [
        "voltage_an",
        "current_b",
        "power_factor_c",
        "frequency",
        "active_energy_delivered",
    ] {
        assert!(values.iter().any(|x| x["quantity"] == q), "{q}");
    }
}

trait TsHelper {
    fn from_str_helper(s: &str) -> jiff::Timestamp;
}
impl TsHelper for jiff::Timestamp {
    fn from_str_helper(s: &str) -> jiff::Timestamp {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }
}

#[tokio::test]
async fn history_serves_each_resolution_from_its_rollup() {
    let app = app();
    let to = now_ms() / 3_600_000 * 3_600_000;
    let from = to - 6 * 3_600_000;
    let url = |res: &str| {
        format!("/api/meters/Chiller/history?quantity=active_power_total&from={}&to={}&resolution={res}", iso(from), iso(to))
    };
    let n = |v: &Value| v["points"].as_array().unwrap().len();
    let (s, v) = get(&app, &url("1h")).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert!((5..=7).contains(&n(&v)), "{}", n(&v));
    assert_eq!(v["resolution"], "1h");
    assert_eq!(v["unit"], "W");
    let (_, v) = get(&app, &url("1m")).await;
    assert!((355..=361).contains(&n(&v)), "{}", n(&v));
    let (_, v) = get(&app, &url("raw")).await;
    assert!((355..=361).contains(&n(&v)), "{}", n(&v));
    let (_, v) = get(&app, &url("auto")).await;
    assert_eq!(v["resolution"], "1m");
    let (_, v) = get(&app, &url("1d")).await;
    assert!((1..=2).contains(&n(&v)));
    // A point is [time_ms, value, min, max]; rollups carry min ≤ value ≤ max.
    let (_, v) = get(&app, &url("1h")).await;
    let p = &v["points"][0];
    assert!(
        p[2].as_f64().unwrap() <= p[1].as_f64().unwrap()
            && p[1].as_f64().unwrap() <= p[3].as_f64().unwrap()
    );
    // Energy: the sum of 1-hour energy equals the 1-day bucket over the same slots.
    let e = |res: &str| {
        format!("/api/meters/Chiller/history?quantity=active_energy_delivered&from={}&to={}&resolution={res}", iso(from), iso(to))
    };
    let (_, v) = get(&app, &e("1h")).await;
    assert_eq!(v["energy"], true);
    let hourly: f64 = v["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[1].as_f64().unwrap())
        .sum();
    assert!(hourly > 6.0 * 20_000.0, "{hourly}");
    // Defaults: the last hour, auto.
    let (s, v) = get(&app, "/api/meters/Chiller/history").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["quantity"], "active_power_total");
    assert_eq!(v["resolution"], "raw");
    // A known quantity the store never saw: empty, not an error.
    let (s, v) = get(&app, "/api/meters/Chiller/history?quantity=current_n").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(n(&v), 0);
}

#[tokio::test]
async fn site_has_totals_and_the_tree_with_the_unmetered_share() {
    let (st, _tx) = state(Auth::none());
    let app = http::router(st, None);
    let (s, v) = get(&app, "/api/site").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["site"], "Fixture Works");
    assert_eq!(v["timezone"], "Asia/Kolkata");
    let t = &v["totals"];
    assert!(t["power_w"].as_f64().unwrap() > 100_000.0, "{t}");
    assert!(t["energy_today_wh"].as_f64().unwrap() > 0.0);
    assert!(t["energy_month_wh"].as_f64().unwrap() >= t["energy_today_wh"].as_f64().unwrap());
    let pf = t["power_factor"].as_f64().unwrap();
    assert!((0.85..=1.0).contains(&pf));
    assert!((49.5..=50.5).contains(&t["frequency_hz"].as_f64().unwrap()));
    assert_eq!(t["meters"]["online"], 10);
    let tree = v["tree"].as_array().unwrap();
    assert_eq!(tree.len(), 1);
    let root = &tree[0];
    assert_eq!(root["name"], "Grid Incomer");
    let kids = root["children"].as_array().unwrap();
    assert_eq!(kids.len(), 2);
    let sum: f64 = kids.iter().map(|k| k["power_w"].as_f64().unwrap()).sum();
    let unmetered = root["unmetered_w"].as_f64().unwrap();
    assert!((root["power_w"].as_f64().unwrap() - sum - unmetered).abs() < 1e-6);
    assert!(unmetered > 0.0);
    assert_eq!(kids[0]["children"].as_array().unwrap().len(), 3);
    assert!(kids[0]["children"][0]["unmetered_w"].is_null());
}

#[tokio::test]
async fn live_events_update_latest_and_health_and_states() {
    let (st, tx) = state(Auth::none());
    let app = http::router(st, None);
    let t = now_ms() + 1000;
    tx.send(LiveEvent::Reading {
        meter: "Chiller".into(),
        time_ms: t,
        values: vec![LiveValue::of(
            schneider_em::Quantity::ActivePowerTotal,
            12_345.0,
        )]
        .into(),
        health: Some(LiveHealth {
            state: "online",
            last_seen_ms: Some(t),
            reads: 5,
            errors: 1,
            latency_ms: Some(40.0),
            ..Default::default()
        }),
        published_ms: None,
    })
    .unwrap();
    tx.send(LiveEvent::Health {
        meter: "Press 1".into(),
        time_ms: t,
        health: LiveHealth {
            state: "offline",
            error: Some("no reply in 250 ms".into()),
            ..Default::default()
        },
    })
    .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (_, v) = get(&app, "/api/meters/Chiller/latest").await;
    let p = v["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["quantity"] == "active_power_total")
        .unwrap()
        .clone();
    assert_eq!(p["value"], 12_345.0);
    assert_eq!(v["health"]["errors"], 1);
    let (_, v) = get(&app, "/api/meters").await;
    let press = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Press 1")
        .unwrap()
        .clone();
    assert_eq!(press["state"], "offline");
    assert_eq!(press["health"]["error"], "no reply in 250 ms");
    // A meter whose newest value is older than stale_after is stale.
    let (st, _tx) = state(Auth::none());
    let app = http::router(st.with_stale_after(Duration::from_millis(1)), None);
    let (_, v) = get(&app, "/api/site").await;
    assert_eq!(v["totals"]["meters"]["stale"], 10, "{}", v["totals"]);
}

#[tokio::test]
async fn breakdown_by_equipment_panel_and_tag() {
    let app = app();
    for period in ["today", "week", "month"] {
        let (s, v) = get(
            &app,
            &format!("/api/breakdown?period={period}&by=equipment"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 7);
        let share: f64 = items.iter().map(|i| i["share"].as_f64().unwrap()).sum();
        assert!((share - 1.0).abs() < 1e-9);
        // Sorted, largest first: the chiller.
        assert_eq!(items[0]["name"], "Chiller");
    }
    let (_, v) = get(&app, "/api/breakdown?period=today&by=panel").await;
    let names: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3);
    assert!(names.contains(&"PCC-1") && names.contains(&"Grid Incomer"));
    let (_, v) = get(&app, "/api/breakdown?period=week&by=tag").await;
    let tags: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    for t in ["hvac", "process", "compressed-air", "lighting"] {
        assert!(tags.contains(&t), "{tags:?}");
    }
}

#[tokio::test]
async fn openapi_documents_every_route() {
    let (s, v) = get(&app(), "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["openapi"], "3.0.3");
    for p in [
        "/api/site",
        "/api/meters",
        "/api/meters/{name}",
        "/api/meters/{name}/latest",
        "/api/meters/{name}/history",
        "/api/breakdown",
        "/api/reports/{kind}",
        "/api/live",
        "/api/alarms",
        "/api/login",
    ] {
        assert!(v["paths"][p].is_object(), "{p}");
    }
}

#[tokio::test]
async fn alarms_default_to_none_and_extra_routes_merge_under_auth() {
    let (s, v) = get(&app(), "/api/alarms").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v, serde_json::json!([]));
    let extra = Router::new()
        .route(
            "/api/alarms",
            axum::routing::get(|| async {
                axum::Json(serde_json::json!([{"id": "1", "state": "active"}]))
            }),
        )
        .route(
            "/api/alarms/{id}/ack",
            axum::routing::post(|| async { axum::Json(serde_json::json!({"acknowledged": true})) }),
        );
    let (st, _) = state(Auth::token("0123456789abcdef").unwrap());
    let app = http::router(st, Some(extra));
    let (s, _) = get(&app, "/api/alarms").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let req = |auth: bool| {
        let mut r = Request::post("/api/alarms/1/ack");
        if auth {
            r = r.header(header::AUTHORIZATION, "Bearer 0123456789abcdef");
        }
        r.body(Body::empty()).unwrap()
    };
    assert_eq!(call(&app, req(false)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(call(&app, req(true)).await.0, StatusCode::OK);
    // Without a token configured, changes are refused even on loopback.
    let extra = Router::new().route(
        "/api/alarms/{id}/ack",
        axum::routing::post(|| async { "ok" }),
    );
    let app = http::router(state(Auth::none()).0, Some(extra));
    assert_eq!(
        call(
            &app,
            Request::post("/api/alarms/1/ack")
                .body(Body::empty())
                .unwrap()
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn malformed_input_is_4xx_never_5xx() {
    let app = app();
    let long = "x".repeat(5000);
    let cases: Vec<(String, u16)> = vec![
        ("/api/meters/Nope/latest".into(), 404),
        ("/api/meters/Nope/history".into(), 404),
        ("/api/meters/Nope".into(), 404),
        ("/api/meters/..%2F..%2Fetc%2Fpasswd/latest".into(), 404),
        ("/api/meters/%2e%2e/history".into(), 404),
        ("/api/meters/%00/latest".into(), 404),
        ("/api/meters/%ff%fe/latest".into(), 400),
        ("/../../etc/passwd".into(), 404),
        ("/api/../../etc/passwd".into(), 404),
        ("/api/nothing".into(), 404),
        ("/static/..%2f..%2fCargo.toml".into(), 404),
        ("/api/meters/Chiller/history?quantity=bogus".into(), 400),
        ("/api/meters/Chiller/history?quantity=".into(), 400),
        ("/api/meters/Chiller/history?quantity=%ff".into(), 400),
        ("/api/meters/Chiller/history?from=yesterday".into(), 400),
        ("/api/meters/Chiller/history?from=2026-13-01T00:00:00Z".into(), 400),
        ("/api/meters/Chiller/history?to=99999-01-01T00:00:00Z".into(), 400),
        ("/api/meters/Chiller/history?from=-1".into(), 400),
        ("/api/meters/Chiller/history?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z".into(), 400),
        ("/api/meters/Chiller/history?from=2026-03-01T00:00:00Z&to=2026-03-01T00:00:00Z".into(), 400),
        ("/api/meters/Chiller/history?from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&resolution=raw".into(), 400),
        ("/api/meters/Chiller/history?from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&resolution=1m".into(), 400),
        ("/api/meters/Chiller/history?from=-009999-01-01T00:00:00Z&to=9999-01-01T00:00:00Z&resolution=1d".into(), 400),
        ("/api/meters/Chiller/history?resolution=5s".into(), 400),
        ("/api/meters/Chiller/history?resolution=1h&resolution=1d".into(), 400),
        ("/api/meters/Chiller/history?evil=1".into(), 400),
        (format!("/api/meters/Chiller/history?quantity={long}"), 400),
        ("/api/meters/Chiller/latest?x=1".into(), 400),
        ("/api/breakdown?period=year".into(), 400),
        ("/api/breakdown?by=colour".into(), 400),
        ("/api/breakdown?period=%zz".into(), 400),
        ("/api/site?x".into(), 400),
        ("/api/live".into(), 400),
    ];
    for (uri, want) in &cases {
        let (s, h, b) = call(
            &app,
            Request::get(uri.as_str()).body(Body::empty()).unwrap(),
        )
        .await;
        assert_eq!(s.as_u16(), *want, "{uri}: {}", String::from_utf8_lossy(&b));
        if uri.starts_with("/api/") {
            assert_eq!(
                h.get(header::CONTENT_TYPE).unwrap(),
                "application/problem+json",
                "{uri}"
            );
            let v: Value = serde_json::from_slice(&b).unwrap();
            assert_eq!(v["status"], *want, "{uri}");
            assert!(v["detail"].as_str().unwrap().len() < 600, "{uri}");
        }
    }
    // The full range at a coarse resolution is fine (empty where there is no data).
    let (s, _) = get(&app, "/api/meters/Chiller/history?from=1970-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&resolution=1d").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = get(&app, "/api/meters/Chiller/history?from=1990-01-01T00:00:00Z&to=2030-01-01T00:00:00Z&resolution=auto").await;
    assert_eq!(s, StatusCode::OK);
    // Bodies: oversized, not JSON, wrong method.
    let big = vec![b'a'; 100_000];
    let r = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(big))
        .unwrap();
    assert_eq!(call(&app, r).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let (st, _) = state(Auth::token("0123456789abcdef").unwrap());
    let secured = http::router(st, None);
    for body in ["", "{", "[]", "{\"token\": 5}", "token=", "\u{0}"] {
        let r = Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let s = call(&secured, r).await.0;
        assert!(s.is_client_error(), "{body:?}: {s}");
    }
    let r = Request::delete("/api/meters/Chiller")
        .body(Body::empty())
        .unwrap();
    assert!(call(&app, r).await.0.is_client_error());
    let r = Request::put("/api/site").body(Body::empty()).unwrap();
    assert!(call(&app, r).await.0.is_client_error());
}

#[tokio::test]
async fn token_protects_everything_and_login_sets_a_cookie() {
    let (st, _) = state(Auth::token("0123456789abcdef").unwrap());
    let app = http::router(st, None);
    let (s, _) = get(&app, "/api/site").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, h, _) = call(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert_eq!(h.get(header::LOCATION).unwrap(), "/login");
    let (s, _, b) = call(&app, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(s, StatusCode::OK);
    assert!(String::from_utf8_lossy(&b).contains("Access token"));
    let bearer = Request::get("/api/site")
        .header(header::AUTHORIZATION, "Bearer 0123456789abcdef")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, bearer).await.0, StatusCode::OK);
    let wrong = Request::get("/api/site")
        .header(header::AUTHORIZATION, "Bearer 0123456789abcdeX")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, wrong).await.0, StatusCode::UNAUTHORIZED);
    let login = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("token=0123456789abcdef"))
        .unwrap();
    let (s, h, _) = call(&app, login).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let cookie = h
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let pair = cookie.split(';').next().unwrap();
    let r = Request::get("/api/meters")
        .header(header::COOKIE, format!("theme=dark; {pair}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, r).await.0, StatusCode::OK);
    let bad = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"token\":\"nope\"}"))
        .unwrap();
    assert_eq!(call(&app, bad).await.0, StatusCode::UNAUTHORIZED);
    // A change from another origin is refused even with the token.
    let r = Request::post("/api/login")
        .header(header::ORIGIN, "http://evil.example")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"token\":\"0123456789abcdef\"}"))
        .unwrap();
    assert_eq!(call(&app, r).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn security_headers_and_embedded_assets() {
    let app = app();
    for (path, ct) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/chart.js", "text/javascript"),
        ("/style.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let (s, h, b) = call(&app, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(h
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with(ct));
        assert!(!b.is_empty());
        assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert_eq!(h.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
        let csp = h
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
    }
    // No asset refers to anything off the binary (no CDN, no external font).
    for (path, _, body) in ems::http::assets::ASSETS {
        for bad in ["http://", "https://", "//cdn", "@import", "url(http"] {
            let hits: Vec<_> = body
                .match_indices(bad)
                .filter(|(i, _)| !body[..*i].ends_with("xmlns=\""))
                .collect();
            assert!(hits.is_empty(), "{path} mentions {bad}");
        }
    }
    let (_, h, _) = call(&app, Request::get("/api/site").body(Body::empty()).unwrap()).await;
    assert_eq!(h.get(header::CACHE_CONTROL).unwrap(), "no-store");
}

#[test]
fn config_token_settings_are_checked() {
    const HEAD: &str = "site = \"T\"\ntimezone = \"Asia/Kolkata\"\n[[bus]]\nname = \"a\"\nport = \"/dev/ttyUSB0\"\n[[meter]]\nname = \"M\"\nbus = \"a\"\nunit = 1\nmodel = \"em6400ng\"\n";
    let err = |extra: &str| match Config::parse(&format!("{HEAD}{extra}"), "t.toml") {
        Err(ConfigError::Invalid(d)) => d
            .iter()
            .map(|d| format!("{}: {}", d.field, d.message))
            .collect::<Vec<_>>()
            .join("\n"),
        Ok(_) => panic!("accepted {extra}"),
        Err(e) => panic!("{e}"),
    };
    // Loopback without a token: fine.
    let c = Config::parse(HEAD, "t.toml").unwrap();
    assert_eq!(c.http.token, None);
    // Any other address needs a token.
    let e = err("[http]\nlisten = \"0.0.0.0:8080\"\n");
    assert!(e.contains("http: listen") && e.contains("token"), "{e}");
    let c = Config::parse(
        &format!("{HEAD}[http]\nlisten = \"0.0.0.0:8080\"\ntoken = \"0123456789abcdef\"\n"),
        "t.toml",
    )
    .unwrap();
    assert_eq!(
        c.http.token,
        Some(TokenSource::Inline("0123456789abcdef".into()))
    );
    assert!(
        !format!("{c:?}").contains("0123456789abcdef"),
        "the token leaked into Debug"
    );
    assert!(err("[http]\ntoken = \"short\"\n").contains("at least 16"));
    assert!(err("[http]\ntoken = \"0123456789 abcdef\"\n").contains("spaces"));
    assert!(err("[http]\ntoken = \"0123456789abcdef\"\ntoken_file = \"t\"\n").contains("not both"));
    let c = Config::parse(
        &format!("{HEAD}[http]\nlisten = \"[::]:8080\"\ntoken_file = \"secret\"\n"),
        "t.toml",
    )
    .unwrap();
    assert_eq!(c.http.token, Some(TokenSource::File("secret".into())));
    let dir = std::env::temp_dir().join(format!("ems-token-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("tok"), "  abcdefghijklmnopq\n").unwrap();
    assert_eq!(
        TokenSource::File(dir.join("tok")).read().unwrap(),
        "abcdefghijklmnopq"
    );
    std::fs::write(dir.join("tok"), "short").unwrap();
    let e = TokenSource::File(dir.join("tok")).read().unwrap_err();
    assert!(!e.contains("short"), "{e}");
    assert!(TokenSource::File(dir.join("missing")).read().is_err());
    let _ = std::fs::remove_dir_all(dir);
    // The server refuses to bind elsewhere than loopback without a token.
    assert!(http::check_bind("0.0.0.0:8080".parse().unwrap(), &Auth::none()).is_err());
}

#[tokio::test]
async fn websocket_pushes_snapshot_then_readings_within_a_second_and_checks_origin() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let (st, tx) = state(Auth::none());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(http::serve(st, None, listener, async {
        let _ = stop_rx.await;
    }));
    let url = format!("ws://{addr}/api/live");
    let mut req = url.as_str().into_client_request().unwrap();
    req.headers_mut()
        .insert("origin", format!("http://{addr}").parse().unwrap());
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let first = ws.next().await.unwrap().unwrap();
    let snap: Value = serde_json::from_str(first.to_text().unwrap()).unwrap();
    assert_eq!(snap["type"], "snapshot");
    assert!(snap["meters"]["Chiller"].is_object());
    let sent = Instant::now();
    tx.send(LiveEvent::Reading {
        meter: "Chiller".into(),
        time_ms: now_ms(),
        values: vec![LiveValue::of(schneider_em::Quantity::Frequency, 50.01)].into(),
        health: None,
        published_ms: None,
    })
    .unwrap();
    let msg = tokio::time::timeout(Duration::from_secs(1), ws.next())
        .await
        .expect("pushed within 1 s")
        .unwrap()
        .unwrap();
    assert!(sent.elapsed() < Duration::from_secs(1));
    let ev: Value = serde_json::from_str(msg.to_text().unwrap()).unwrap();
    assert_eq!(ev["type"], "reading");
    assert_eq!(ev["meter"], "Chiller");
    assert_eq!(ev["values"][0]["quantity"], "frequency");
    ws.send(tokio_tungstenite::tungstenite::Message::Close(None))
        .await
        .unwrap();
    // Another origin is refused.
    let mut req = url.as_str().into_client_request().unwrap();
    req.headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    assert!(tokio_tungstenite::connect_async(req).await.is_err());
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(Duration::from_secs(5), server).await;
}

#[tokio::test]
async fn serve_refuses_a_public_address_without_a_token() {
    let (st, _) = state(Auth::none());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let e = http::serve(st, None, listener, async {}).await.unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("access token"));
}

#[tokio::test]
async fn the_live_feed_needs_the_token_when_one_is_configured() {
    let (st, _) = state(Auth::token("0123456789abcdef").unwrap());
    let app = http::router(st, None);
    let ws = |auth: Option<&str>| {
        let mut r = Request::get("/api/live")
            .header(header::HOST, "127.0.0.1")
            .header(header::CONNECTION, "upgrade")
            .header(header::UPGRADE, "websocket")
            .header(header::SEC_WEBSOCKET_VERSION, "13")
            .header(header::SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==");
        if let Some(a) = auth {
            r = r.header(header::AUTHORIZATION, a);
        }
        r.body(Body::empty()).unwrap()
    };
    assert_eq!(call(&app, ws(None)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        call(&app, ws(Some("Bearer wrong-token-000000"))).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn ems_serve_refuses_a_public_address_without_a_token() {
    let dir = std::env::temp_dir().join(format!("ems-serve-refuse-{}", std::process::id()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ems"))
        .args(["serve", "--http", "0.0.0.0:18999", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("without an access token"), "{err}");
}

#[tokio::test]
async fn reports_answer_problems_and_need_the_configuration() {
    // An unknown report is 404, bad parameters 400, and without the site's configuration
    // (tariff, time zone) a known report is 503: never a 500.
    let (s, v) = get(&app(), "/api/reports/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{v}");
    let (s, v) = get(&app(), "/api/reports/cost?color=red").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{v}");
    let (s, v) = get(&app(), "/api/reports/cost?format=pdf").await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE, "{v}");
    assert!(
        v["detail"].as_str().unwrap().contains("configuration"),
        "{v}"
    );
}

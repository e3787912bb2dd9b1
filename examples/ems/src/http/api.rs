//! The JSON API handlers: site overview, meters, latest values, history, breakdown, and the
//! RFC 9457 problem bodies every error is answered with. Handlers validate every parameter
//! before touching the store and never answer 500 for any input.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use jiff::{Timestamp, ToSpan};
use schneider_em::Quantity;
use serde_json::{json, Value};

use super::{AppState, SiteMeter};
use crate::live::{read, LiveHealth};
use crate::store::{Resolution, StoreReader};

/// An RFC 9457 problem: served as `application/problem+json`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// A short summary of the problem type.
    pub title: String,
    /// What exactly was wrong and how to fix it.
    pub detail: String,
}

impl Problem {
    /// A problem.
    pub fn new(status: StatusCode, title: impl Into<String>, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            title: title.into(),
            detail: detail.into(),
        }
    }

    /// 400 Bad Request.
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, "Bad request", detail)
    }

    /// 404 Not Found.
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "Not found", detail)
    }

    /// 503 Service Unavailable (the store cannot be read).
    pub fn unavailable(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::SERVICE_UNAVAILABLE, "Store unavailable", detail)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        let mut r = (self.status, Json(body)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        r
    }
}

/// RFC 3339 in UTC with milliseconds.
pub(crate) fn rfc3339(ms: i64) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| format!("{t:.3}"))
        .unwrap_or_default()
}

pub(crate) use crate::now_ms;

/// Query parameters, rejecting repeated and unknown keys.
pub(crate) fn params(
    raw: Option<String>,
    allowed: &[&str],
) -> Result<HashMap<String, String>, Problem> {
    let raw = raw.unwrap_or_default();
    if raw.len() > 2048 {
        return Err(Problem::bad_request("the query string is too long"));
    }
    let mut out = HashMap::new();
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        if !allowed.contains(&k.as_ref()) {
            return Err(Problem::bad_request(format!(
                "unknown parameter '{k}'; allowed: {}",
                allowed.join(", ")
            )));
        }
        if out.insert(k.to_string(), v.into_owned()).is_some() {
            return Err(Problem::bad_request(format!("parameter '{k}' given twice")));
        }
    }
    Ok(out)
}

fn meter_name(
    path: Result<Path<String>, PathRejection>,
    st: &AppState,
) -> Result<SiteMeter, Problem> {
    let Path(name) =
        path.map_err(|e| Problem::bad_request(format!("bad meter name in the path: {e}")))?;
    st.site.meter(&name).cloned().ok_or_else(|| {
        Problem::not_found(format!(
            "no meter named '{name}'; GET /api/meters lists them"
        ))
    })
}

/// What a meter's state is now: `online`, `stale`, `offline`, `retrying` or `unknown`.
pub(crate) fn meter_state(
    st: &AppState,
    name: &str,
    last_ms: Option<i64>,
    now: i64,
) -> (&'static str, Option<LiveHealth>) {
    let h = read(&st.health).get(name).cloned();
    let stale_ms = st.shared.stale_after.as_millis() as i64;
    let state = match h.as_ref().map(|h| h.state) {
        Some("offline") => "offline",
        Some("retrying") => "retrying",
        _ => match last_ms {
            Some(t) if now - t <= stale_ms => "online",
            Some(_) => "stale",
            None => match h.as_ref().map(|h| h.state) {
                Some("online") => "online",
                _ => "unknown",
            },
        },
    };
    (state, h)
}

/// Latest values of every meter: the live map, completed from the store.
async fn latest_all(st: &AppState) -> BTreeMap<String, BTreeMap<String, (f64, String, i64)>> {
    let mut out: BTreeMap<String, BTreeMap<String, (f64, String, i64)>> = BTreeMap::new();
    if let Ok(rows) = st
        .with_store(|r| r.latest(None).map_err(|e| super::Problem::store(&e)))
        .await
    {
        for v in rows {
            out.entry(v.meter)
                .or_default()
                .insert(v.quantity, (v.value, v.unit, v.time_ms));
        }
    }
    for (m, l) in read(&st.latest).iter() {
        let e = out.entry(m.clone()).or_default();
        for (q, v) in &l.values {
            if e.get(q.as_str()).is_none_or(|old| old.2 <= v.2) {
                e.insert(q.as_str().to_string(), (v.0, v.1.to_string(), v.2));
            }
        }
    }
    out
}

fn last_time(values: Option<&BTreeMap<String, (f64, String, i64)>>) -> Option<i64> {
    values.and_then(|v| v.values().map(|x| x.2).max())
}

fn meter_json(st: &AppState, m: &SiteMeter, last: Option<i64>, now: i64) -> Value {
    let (state, health) = meter_state(st, &m.name, last, now);
    json!({
        "name": m.name,
        "unit": m.unit,
        "bus": m.bus,
        "model": m.model,
        "parent": m.parent,
        "tags": m.tags,
        "state": state,
        "last_seen": last.map(rfc3339),
        "age_ms": last.map(|t| (now - t).max(0)),
        "health": health,
    })
}

/// `GET /api/meters`.
pub(crate) async fn meters(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, Problem> {
    params(q, &[])?;
    let latest = latest_all(&st).await;
    let now = now_ms();
    let list: Vec<Value> = st
        .site
        .meters
        .iter()
        .map(|m| meter_json(&st, m, last_time(latest.get(&m.name)), now))
        .collect();
    Ok(Json(list).into_response())
}

/// `GET /api/meters/{name}`.
pub(crate) async fn meter(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Result<Response, Problem> {
    let m = meter_name(path, &st)?;
    params(q, &[])?;
    let latest = latest_all(&st).await;
    let mut v = meter_json(&st, &m, last_time(latest.get(&m.name)), now_ms());
    v["children"] = json!(st
        .site
        .children(Some(&m.name))
        .iter()
        .map(|c| &c.name)
        .collect::<Vec<_>>());
    Ok(Json(v).into_response())
}

/// `GET /api/meters/{name}/latest`.
pub(crate) async fn latest(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Result<Response, Problem> {
    let m = meter_name(path, &st)?;
    params(q, &[])?;
    let name = m.name.clone();
    let mut values: BTreeMap<String, (f64, String, i64)> = st
        .with_store(move |r| match r.latest(Some(&name)) {
            Ok(v) => Ok(v),
            Err(crate::store::StoreError::Invalid(_)) => Ok(Vec::new()),
            Err(e) => Err(Problem::store(&e)),
        })
        .await?
        .into_iter()
        .map(|v| (v.quantity, (v.value, v.unit, v.time_ms)))
        .collect();
    if let Some(l) = read(&st.latest).get(&m.name) {
        for (q, v) in &l.values {
            if values.get(q.as_str()).is_none_or(|old| old.2 <= v.2) {
                values.insert(q.as_str().to_string(), (v.0, v.1.to_string(), v.2));
            }
        }
    }
    let time = values.values().map(|v| v.2).max();
    let now = now_ms();
    let (state, health) = meter_state(&st, &m.name, time, now);
    Ok(Json(json!({
        "meter": m.name,
        "time": time.map(rfc3339),
        "state": state,
        "health": health,
        "values": values.iter().map(|(q, (v, u, t))| json!({
            "quantity": q, "value": v, "unit": u, "time": rfc3339(*t)
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// Parses an RFC 3339 time.
fn time_param(p: &HashMap<String, String>, key: &str) -> Result<Option<i64>, Problem> {
    match p.get(key) {
        None => Ok(None),
        Some(s) => s
            .parse::<Timestamp>()
            .map(|t| Some(t.as_millisecond()))
            .map_err(|_| Problem::bad_request(format!("'{key}': \"{}\" is not an RFC 3339 time (e.g. 2026-03-01T00:00:00Z or 2026-03-01T05:30:00+05:30)", s.chars().take(64).collect::<String>()))),
    }
}

/// The longest span each resolution may be asked for, ms.
fn max_span(res: Resolution) -> i64 {
    const DAY: i64 = 86_400_000;
    match res {
        Resolution::Raw => 2 * DAY,
        Resolution::Minute => 35 * DAY,
        Resolution::Slot15 => 400 * DAY,
        Resolution::Hour => 800 * DAY,
        Resolution::Day | Resolution::Month => 100 * 366 * DAY,
    }
}

/// The resolution `auto` picks for a span: at most a few thousand points.
pub fn auto_resolution(span_ms: i64) -> Resolution {
    const H: i64 = 3_600_000;
    if span_ms <= 3 * H {
        Resolution::Raw
    } else if span_ms <= 48 * H {
        Resolution::Minute
    } else if span_ms <= 20 * 24 * H {
        Resolution::Slot15
    } else if span_ms <= 120 * 24 * H {
        Resolution::Hour
    } else {
        Resolution::Day
    }
}

/// `GET /api/meters/{name}/history?quantity=Q&from=T&to=T&resolution=R`.
pub(crate) async fn history(
    State(st): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Result<Response, Problem> {
    let m = meter_name(path, &st)?;
    let p = params(q, &["quantity", "from", "to", "resolution"])?;
    let quantity = p
        .get("quantity")
        .map(String::as_str)
        .unwrap_or("active_power_total");
    let qty = Quantity::from_name(quantity).ok_or_else(|| {
        Problem::bad_request(format!(
            "unknown quantity '{}'; use the names of `ems read --json` (e.g. active_power_total)",
            quantity.chars().take(64).collect::<String>()
        ))
    })?;
    let to = time_param(&p, "to")?.unwrap_or_else(now_ms);
    let from = time_param(&p, "from")?.unwrap_or(to - 3_600_000);
    if from >= to {
        return Err(Problem::bad_request("'from' must be before 'to'"));
    }
    let res_name = p.get("resolution").map(String::as_str).unwrap_or("auto");
    let res = if res_name == "auto" {
        auto_resolution(to - from)
    } else {
        Resolution::from_name(res_name).ok_or_else(|| {
            Problem::bad_request(format!(
                "unknown resolution '{}'; allowed: raw, 1m, 15m, 1h, 1d, 1mo, auto",
                res_name.chars().take(32).collect::<String>()
            ))
        })?
    };
    if to - from > max_span(res) {
        return Err(Problem::bad_request(format!(
            "the range is too long for resolution {}: at most {} days; use a coarser resolution or 'auto'",
            res.name(),
            max_span(res) / 86_400_000
        )));
    }
    let name = m.name.clone();
    let qn = qty.name();
    let started = Instant::now();
    let points = st
        .with_store(
            move |r: &StoreReader| match r.history(&name, qn, from, to, res) {
                Ok(p) => Ok(p),
                // A configured meter or a quantity the store has not seen yet: no data.
                Err(crate::store::StoreError::Invalid(_)) => Ok(Vec::new()),
                Err(e) => Err(Problem::store(&e)),
            },
        )
        .await?;
    let pts: Vec<Value> = points
        .iter()
        .map(|p| json!([p.time_ms, p.value, p.min, p.max]))
        .collect();
    let energy = qty.kind() == schneider_em::QuantityKind::Energy;
    Ok(Json(json!({
        "meter": m.name,
        "quantity": qn,
        "unit": qty.unit().symbol(),
        "energy": energy,
        "resolution": res.name(),
        "from": rfc3339(from),
        "to": rfc3339(to),
        "timezone": st.site.timezone_name,
        "columns": ["time_ms", "value", "min", "max"],
        "points": pts,
        "query_ms": started.elapsed().as_secs_f64() * 1000.0,
    }))
    .into_response())
}

/// Start of today, this week (Monday) and this month in the site's zone, UTC ms.
pub(crate) fn period_start(st: &AppState, period: &str, now: i64) -> Option<i64> {
    let z = Timestamp::from_millisecond(now)
        .ok()?
        .to_zoned_datetime(st.site.timezone.clone());
    let day = z.start_of_day().ok()?;
    let start = match period {
        "today" => day,
        "week" => {
            let back = i64::from(day.weekday().to_monday_zero_offset());
            day.checked_sub(back.days()).ok()?
        }
        "month" => day.first_of_month().ok()?,
        _ => return None,
    };
    Some(start.timestamp().as_millisecond())
}

/// Active energy delivered (Wh) of each meter in `names` over `[from, to)`.
async fn energy_of(
    st: &AppState,
    names: Vec<String>,
    from: i64,
    to: i64,
) -> Result<HashMap<String, Option<f64>>, Problem> {
    let key = format!("{from}:{}:{}", to / 60_000, names.join("\u{1f}"));
    if let Some((at, v)) = st
        .shared
        .cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
    {
        if at.elapsed().as_secs() < 30 {
            if let Ok(m) = serde_json::from_value(v.clone()) {
                return Ok(m);
            }
        }
    }
    let out = st
        .with_store(move |r| {
            let mut out = HashMap::new();
            for n in names {
                let v = match r.history(&n, "active_energy_delivered", from, to, Resolution::Day) {
                    Ok(p) if p.is_empty() => None,
                    Ok(p) => Some(p.iter().map(|p| p.value).sum::<f64>()),
                    Err(crate::store::StoreError::Invalid(_)) => None,
                    Err(e) => return Err(Problem::store(&e)),
                };
                out.insert(n, v);
            }
            Ok(out)
        })
        .await?;
    let mut cache = st.shared.cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() > 256 {
        cache.clear();
    }
    cache.insert(
        key,
        (
            Instant::now(),
            serde_json::to_value(&out).unwrap_or(Value::Null),
        ),
    );
    Ok(out)
}

fn power_of(v: Option<&BTreeMap<String, (f64, String, i64)>>, q: &str) -> Option<f64> {
    v.and_then(|v| v.get(q)).map(|x| x.0)
}

/// `GET /api/site`: totals and the hierarchy with live power on every node.
pub(crate) async fn site(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, Problem> {
    params(q, &[])?;
    let now = now_ms();
    let latest = latest_all(&st).await;
    let roots: Vec<String> = st
        .site
        .children(None)
        .iter()
        .map(|m| m.name.clone())
        .collect();
    let day = period_start(&st, "today", now).unwrap_or(now);
    let month = period_start(&st, "month", now).unwrap_or(now);
    let today = energy_of(&st, roots.clone(), day, now).await.ok();
    let this_month = energy_of(&st, roots.clone(), month, now).await.ok();
    let sum = |m: &Option<HashMap<String, Option<f64>>>| {
        m.as_ref().and_then(|m| {
            let v: Vec<f64> = m.values().flatten().copied().collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>())
        })
    };
    let mut counts: BTreeMap<&str, u32> = ["online", "stale", "retrying", "offline", "unknown"]
        .into_iter()
        .map(|s| (s, 0))
        .collect();
    for m in &st.site.meters {
        let (s, _) = meter_state(&st, &m.name, last_time(latest.get(&m.name)), now);
        *counts.entry(s).or_default() += 1;
    }
    let root_vals = |q: &str| -> Vec<f64> {
        roots
            .iter()
            .filter_map(|r| power_of(latest.get(r), q))
            .collect()
    };
    let p = root_vals("active_power_total");
    let s = root_vals("apparent_power_total");
    let pf = if !s.is_empty() && s.iter().sum::<f64>().abs() > 0.0 && p.len() == s.len() {
        Some(p.iter().sum::<f64>() / s.iter().sum::<f64>())
    } else {
        let v = root_vals("power_factor_total");
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    };
    let f = root_vals("frequency");
    let tree: Vec<Value> = roots
        .iter()
        .map(|r| node(&st, r, &latest, now, 0))
        .collect();
    Ok(Json(json!({
        "site": st.site.name,
        "timezone": st.site.timezone_name,
        "time": rfc3339(now),
        "totals": {
            "power_w": (!p.is_empty()).then(|| p.iter().sum::<f64>()),
            "energy_today_wh": sum(&today),
            "energy_month_wh": sum(&this_month),
            "power_factor": pf,
            "frequency_hz": (!f.is_empty()).then(|| f.iter().sum::<f64>() / f.len() as f64),
            "meters": counts,
        },
        "tree": tree,
    }))
    .into_response())
}

fn node(
    st: &AppState,
    name: &str,
    latest: &BTreeMap<String, BTreeMap<String, (f64, String, i64)>>,
    now: i64,
    depth: usize,
) -> Value {
    let vals = latest.get(name);
    let last = last_time(vals);
    let (state, _) = meter_state(st, name, last, now);
    let power = power_of(vals, "active_power_total");
    let children: Vec<Value> = if depth < 32 {
        st.site
            .children(Some(name))
            .iter()
            .map(|c| node(st, &c.name, latest, now, depth + 1))
            .collect()
    } else {
        Vec::new()
    };
    let unmetered = if children.is_empty() {
        None
    } else {
        let cs: Option<Vec<f64>> = children.iter().map(|c| c["power_w"].as_f64()).collect();
        power.zip(cs).map(|(p, cs)| p - cs.iter().sum::<f64>())
    };
    let m = st.site.meter(name);
    json!({
        "name": name,
        "tags": m.map(|m| &m.tags),
        "power_w": power,
        "state": state,
        "age_ms": last.map(|t| (now - t).max(0)),
        "unmetered_w": unmetered,
        "children": children,
    })
}

/// `GET /api/breakdown?period=today|week|month&by=equipment|panel|tag`.
pub(crate) async fn breakdown(
    State(st): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, Problem> {
    let p = params(q, &["period", "by"])?;
    let period = p.get("period").map(String::as_str).unwrap_or("today");
    let by = p.get("by").map(String::as_str).unwrap_or("equipment");
    let now = now_ms();
    let from = period_start(&st, period, now)
        .ok_or_else(|| Problem::bad_request("'period' must be today, week or month"))?;
    let site = st.site.clone();
    let is_leaf = |m: &SiteMeter| site.children(Some(&m.name)).is_empty();
    let items: Vec<(String, Vec<String>)> = match by {
        "equipment" => site
            .meters
            .iter()
            .filter(|m| is_leaf(m))
            .map(|m| (m.name.clone(), vec![m.name.clone()]))
            .collect(),
        "panel" => site
            .meters
            .iter()
            .filter(|m| !is_leaf(m))
            .map(|m| (m.name.clone(), vec![m.name.clone()]))
            .collect(),
        "tag" => {
            let mut by_tag: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for m in site.meters.iter().filter(|m| is_leaf(m)) {
                for t in &m.tags {
                    by_tag.entry(t.clone()).or_default().push(m.name.clone());
                }
            }
            by_tag.into_iter().collect()
        }
        _ => return Err(Problem::bad_request("'by' must be equipment, panel or tag")),
    };
    let mut names: Vec<String> = items.iter().flat_map(|(_, m)| m.clone()).collect();
    names.sort();
    names.dedup();
    let energy = energy_of(&st, names, from, now).await?;
    let mut rows: Vec<(String, Option<f64>, usize)> = items
        .into_iter()
        .map(|(label, ms)| {
            let v: Vec<f64> = ms
                .iter()
                .filter_map(|m| energy.get(m).copied().flatten())
                .collect();
            (label, (!v.is_empty()).then(|| v.iter().sum()), ms.len())
        })
        .collect();
    rows.sort_by(|a, b| b.1.unwrap_or(-1.0).total_cmp(&a.1.unwrap_or(-1.0)));
    let total: f64 = if by == "tag" {
        rows.iter().filter_map(|r| r.1).sum()
    } else {
        rows.iter().filter_map(|r| r.1).sum()
    };
    Ok(Json(json!({
        "period": period,
        "by": by,
        "from": rfc3339(from),
        "to": rfc3339(now),
        "unit": "Wh",
        "total_wh": total,
        "items": rows.iter().map(|(n, v, c)| json!({
            "name": n, "wh": v, "meters": c,
            "share": v.filter(|_| total > 0.0).map(|v| v / total),
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// `GET /api/alarms` while no alarms module is wired in.
pub(crate) async fn no_alarms() -> Json<Value> {
    Json(json!([]))
}

/// Any other path: 404 with a problem body.
pub(crate) async fn not_found(uri: Uri) -> Problem {
    Problem::not_found(format!(
        "no such resource: {}",
        uri.path().chars().take(128).collect::<String>()
    ))
}

//! `GET /api/reports/{kind}`: the report engine's files (energy, demand, cost, balance,
//! profile, pf as PDF, xlsx, CSV or JSON) for the dashboard's download links. Computed on a
//! blocking thread with its own read-only connection, so a long report never holds up the live
//! pages or the collector. Parsing and delivery only: the reports are `crate::reports`.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::api::{params, Problem};
use super::AppState;
use crate::reports::{Format, Grouping, ReportKind, ReportRequest, Subject};
use crate::store::StoreReader;

/// The longest period a report may cover from the dashboard (the CLI has no limit).
const MAX_DAYS: i64 = 400;

fn date(
    p: &std::collections::HashMap<String, String>,
    key: &str,
) -> Result<Option<jiff::civil::Date>, Problem> {
    p.get(key)
        .map(|s| {
            s.parse::<jiff::civil::Date>().map_err(|_| {
                Problem::bad_request(format!("{key}: '{s}' is not a date (YYYY-MM-DD)"))
            })
        })
        .transpose()
}

/// `GET /api/reports/{kind}?from=YYYY-MM-DD&to=YYYY-MM-DD&format=pdf|xlsx|csv|json
/// [&by=15m|hour|day|month][&meter=NAME|&tag=TAG]`: the file, as a download. Without dates:
/// this month so far in the site's time zone.
pub async fn handler(
    State(st): State<AppState>,
    Path(kind): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    match answer(st, kind, q).await {
        Ok(r) => r,
        Err(p) => p.into_response(),
    }
}

async fn answer(st: AppState, kind: String, q: Option<String>) -> Result<Response, Problem> {
    let p = params(q, &["from", "to", "format", "by", "meter", "tag"])?;
    let kind = ReportKind::from_name(&kind).ok_or_else(|| {
        Problem::not_found(format!(
            "no report '{kind}'; reports: energy, demand, cost, balance, profile, pf"
        ))
    })?;
    let Some(config) = st.config.clone() else {
        return Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Reports unavailable",
            "reports need the site's configuration (time zone, tariff, hierarchy)",
        ));
    };
    let format = match p.get("format") {
        Some(f) => Format::from_name(f).ok_or_else(|| {
            Problem::bad_request(format!("format: '{f}'; allowed: pdf, xlsx, csv, json"))
        })?,
        None => Format::Pdf,
    };
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(config.timezone.clone())
        .date();
    let to = date(&p, "to")?.unwrap_or(today);
    let from = date(&p, "from")?.unwrap_or_else(|| today.first_of_month());
    if to < from {
        return Err(Problem::bad_request("to is before from"));
    }
    let span = from
        .until((jiff::Unit::Day, to))
        .map_or(i64::MAX, |s| i64::from(s.get_days()));
    if span > MAX_DAYS {
        return Err(Problem::bad_request(format!(
            "the period is {span} days; at most {MAX_DAYS} from the dashboard"
        )));
    }
    let mut req = ReportRequest::new(kind, from, to, format);
    if let Some(b) = p.get("by") {
        req.by = Some(Grouping::from_name(b).ok_or_else(|| {
            Problem::bad_request(format!("by: '{b}'; allowed: 15m, hour, day, month"))
        })?);
    }
    match (p.get("meter"), p.get("tag")) {
        (Some(_), Some(_)) => return Err(Problem::bad_request("give meter or tag, not both")),
        (Some(m), None) => {
            if st.site.meter(m).is_none() {
                return Err(Problem::not_found(format!("no meter '{m}'")));
            }
            req.subject = Subject::Meter(m.clone());
        }
        (None, Some(t)) => req.subject = Subject::Tag(t.clone()),
        (None, None) => {}
    }
    let dir = st.data_dir.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        let reader = StoreReader::open(&dir).map_err(|e| e.to_string())?;
        crate::reports::render(&req, &reader, &config).map_err(|e| e.to_string())
    })
    .await
    .map_err(|_| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Report failed",
            "the report task stopped",
        )
    })?
    .map_err(|e| Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "Report not possible", e))?;
    let (bytes, mime, name) = rendered;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

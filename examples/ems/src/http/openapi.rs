//! `GET /api/openapi.json`: the API described in OpenAPI 3.0, written by hand next to the
//! handlers it documents.

use axum::Json;
use serde_json::{json, Value};

/// The OpenAPI document.
pub fn document() -> Value {
    let problem = json!({"description": "Bad parameters (RFC 9457 problem)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let not_found = json!({"description": "Unknown meter (RFC 9457 problem)", "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}});
    let name = json!({"name": "name", "in": "path", "required": true, "schema": {"type": "string"}, "description": "The meter's name (URL-encoded)"});
    let ok = |desc: &str, schema: Value| json!({"description": desc, "content": {"application/json": {"schema": schema}}});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "ems dashboard API", "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only JSON API of the ems energy-monitoring application. Times are RFC 3339 (UTC in answers); history points are [time_ms, value, min, max] with time_ms in UTC milliseconds since the Unix epoch. When an access token is configured every request needs `Authorization: Bearer <token>` or the session cookie from POST /api/login."},
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "cookie": {"type": "apiKey", "in": "cookie", "name": "ems_session"}},
            "schemas": {
                "Problem": {"type": "object", "properties": {"type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"}, "detail": {"type": "string"}}},
                "Health": {"type": "object", "nullable": true, "properties": {"state": {"type": "string", "enum": ["online", "retrying", "offline", "unknown"]}, "last_seen_ms": {"type": "integer", "nullable": true}, "error": {"type": "string", "nullable": true}, "reads": {"type": "integer"}, "errors": {"type": "integer"}, "latency_ms": {"type": "number", "nullable": true}}},
                "Meter": {"type": "object", "properties": {
                    "name": {"type": "string"}, "unit": {"type": "integer", "nullable": true}, "bus": {"type": "string", "nullable": true},
                    "model": {"type": "string", "nullable": true}, "parent": {"type": "string", "nullable": true},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "state": {"type": "string", "enum": ["online", "stale", "retrying", "offline", "unknown"]},
                    "last_seen": {"type": "string", "format": "date-time", "nullable": true}, "age_ms": {"type": "integer", "nullable": true},
                    "health": {"$ref": "#/components/schemas/Health"}}},
                "Latest": {"type": "object", "properties": {
                    "meter": {"type": "string"}, "time": {"type": "string", "format": "date-time", "nullable": true}, "state": {"type": "string"},
                    "values": {"type": "array", "items": {"type": "object", "properties": {"quantity": {"type": "string"}, "value": {"type": "number"}, "unit": {"type": "string"}, "time": {"type": "string", "format": "date-time"}}}}}},
                "History": {"type": "object", "properties": {
                    "meter": {"type": "string"}, "quantity": {"type": "string"}, "unit": {"type": "string"}, "energy": {"type": "boolean"},
                    "resolution": {"type": "string"}, "from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"},
                    "timezone": {"type": "string"},
                    "points": {"type": "array", "items": {"type": "array", "items": {"type": "number", "nullable": true}}, "description": "[time_ms, value, min, max]; energy points hold the energy of the interval"}}},
                "Node": {"type": "object", "properties": {"name": {"type": "string"}, "power_w": {"type": "number", "nullable": true}, "state": {"type": "string"}, "age_ms": {"type": "integer", "nullable": true}, "unmetered_w": {"type": "number", "nullable": true, "description": "parent minus the sum of its children"}, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
                "Site": {"type": "object", "properties": {"site": {"type": "string"}, "timezone": {"type": "string"}, "time": {"type": "string", "format": "date-time"},
                    "totals": {"type": "object", "properties": {"power_w": {"type": "number", "nullable": true}, "energy_today_wh": {"type": "number", "nullable": true}, "energy_month_wh": {"type": "number", "nullable": true}, "power_factor": {"type": "number", "nullable": true}, "frequency_hz": {"type": "number", "nullable": true}, "meters": {"type": "object", "additionalProperties": {"type": "integer"}}}},
                    "tree": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}},
                "Breakdown": {"type": "object", "properties": {"period": {"type": "string"}, "by": {"type": "string"}, "from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"}, "total_wh": {"type": "number"},
                    "items": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "wh": {"type": "number", "nullable": true}, "share": {"type": "number", "nullable": true}, "meters": {"type": "integer"}}}}}}
            }
        },
        "security": [{"bearer": []}, {"cookie": []}],
        "paths": {
            "/api/site": {"get": {"summary": "Site totals and the meter hierarchy with live power", "responses": {"200": ok("Site", json!({"$ref": "#/components/schemas/Site"}))}}},
            "/api/meters": {"get": {"summary": "Every meter with its state", "responses": {"200": ok("Meters", json!({"type": "array", "items": {"$ref": "#/components/schemas/Meter"}}))}}},
            "/api/meters/{name}": {"get": {"summary": "One meter", "parameters": [name.clone()], "responses": {"200": ok("Meter", json!({"$ref": "#/components/schemas/Meter"})), "400": problem.clone(), "404": not_found.clone()}}},
            "/api/meters/{name}/latest": {"get": {"summary": "Latest value of every quantity of a meter", "parameters": [name.clone()], "responses": {"200": ok("Latest values", json!({"$ref": "#/components/schemas/Latest"})), "400": problem.clone(), "404": not_found.clone()}}},
            "/api/meters/{name}/history": {"get": {"summary": "History of one quantity, from the rollup the resolution needs", "parameters": [name,
                {"name": "quantity", "in": "query", "schema": {"type": "string", "default": "active_power_total"}},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "default: one hour before `to`"},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date-time"}, "description": "default: now"},
                {"name": "resolution", "in": "query", "schema": {"type": "string", "enum": ["raw", "1m", "15m", "1h", "1d", "1mo", "auto"], "default": "auto"}, "description": "auto: raw up to 3 h, 1m up to 2 days, 15m up to 20 days, 1h up to 120 days, then 1d; longest spans: raw 2 days, 1m 35 days, 15m 400 days, 1h 800 days, 1d 100 years"}],
                "responses": {"200": ok("History", json!({"$ref": "#/components/schemas/History"})), "400": problem.clone(), "404": not_found}}},
            "/api/breakdown": {"get": {"summary": "Active energy by equipment, panel or tag", "parameters": [
                {"name": "period", "in": "query", "schema": {"type": "string", "enum": ["today", "week", "month"], "default": "today"}},
                {"name": "by", "in": "query", "schema": {"type": "string", "enum": ["equipment", "panel", "tag"], "default": "equipment"}}],
                "responses": {"200": ok("Breakdown", json!({"$ref": "#/components/schemas/Breakdown"})), "400": problem.clone()}}},
            "/api/reports/{kind}": {"get": {"summary": "A report as a file (the report engine of `ems report`)", "parameters": [
                {"name": "kind", "in": "path", "required": true, "schema": {"type": "string", "enum": ["energy", "demand", "cost", "balance", "profile", "pf"]}},
                {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "first local day (default: the 1st of this month)"},
                {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}, "description": "last local day, inclusive (default: today); at most 400 days"},
                {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["pdf", "xlsx", "csv", "json"], "default": "pdf"}},
                {"name": "by", "in": "query", "schema": {"type": "string", "enum": ["15m", "hour", "day", "month"]}},
                {"name": "meter", "in": "query", "schema": {"type": "string"}},
                {"name": "tag", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The file, as an attachment"}, "400": problem.clone(), "404": problem.clone(), "422": problem.clone(), "503": problem.clone()}}},
            "/api/alarms": {"get": {"summary": "Alarms (empty when no alarms module runs)", "responses": {"200": ok("Alarms", json!({"type": "array", "items": {"type": "object"}}))}}},
            "/api/live": {"get": {"summary": "WebSocket: a `snapshot` message, then every `reading`, `health` and `alarm` event as JSON", "responses": {"101": {"description": "Switching protocols"}, "400": problem.clone(), "403": {"description": "Cross-origin upgrade refused"}}}},
            "/api/login": {"post": {"summary": "Exchange the access token for a session cookie", "security": [], "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"token": {"type": "string"}}}}, "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"token": {"type": "string"}}}}}}, "responses": {"204": {"description": "Logged in"}, "303": {"description": "Logged in (form)"}, "400": problem, "401": {"description": "Wrong token"}}}},
            "/api/logout": {"post": {"summary": "Clear the session cookie", "responses": {"303": {"description": "Logged out"}}}},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3 document"}}}}
        }
    })
}

/// The handler.
pub(crate) async fn handler() -> Json<Value> {
    Json(document())
}

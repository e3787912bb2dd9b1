//! The PostgreSQL sink against a real PostgreSQL server: a throwaway cluster (Debian's
//! `postgresql` package, `initdb` into a temporary directory, a free loopback port) per test,
//! `ems run` against the simulator, and the database compared row by row with the SQLite store.
//!
//! `tests/run-all.sh` installs the server and sets `EMS_SINK_TESTS=1`; then a missing server
//! fails the test. Without that variable the tests skip with a message when no server exists.
//! The bench at the end (`#[ignore]`) times the catch-up of one hour of the 79-meter demo.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{free_port, sim_tcp, tempdir, EMS};

const PASSWORD: &str = "ems-secret";

/// Whether the test command requires the server (`EMS_SINK_TESTS=1`).
fn required() -> bool {
    std::env::var_os("EMS_SINK_TESTS").is_some()
}

/// The directory of Debian's server binaries (`/usr/lib/postgresql/<ver>/bin`), newest first.
fn server_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("postgres").exists() && b.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A throwaway PostgreSQL cluster on a loopback port; stopped and removed when dropped.
struct Pg {
    root: PathBuf,
    bin: PathBuf,
    port: u16,
    root_user: bool,
}

impl Pg {
    /// Starts a cluster with a role `ems` (password [`PASSWORD`]) owning database `energy`.
    /// `None` (with the reason printed) when no server is installed and it is not required.
    fn start(tag: &str) -> Option<Pg> {
        Pg::start_with(tag, false)
    }

    /// [`Pg::start`], with TLS on when `tls` (a server certificate for 127.0.0.1 signed by a
    /// test CA, `<root>/ca.crt`).
    fn start_with(tag: &str, tls: bool) -> Option<Pg> {
        let Some(bin) = server_bin() else {
            assert!(
                !required(),
                "EMS_SINK_TESTS is set but no PostgreSQL server is installed (apt-get install postgresql)"
            );
            eprintln!("skipped: no PostgreSQL server under /usr/lib/postgresql/*/bin (set EMS_SINK_TESTS=1 to require it)");
            return None;
        };
        let root = tempdir(tag);
        let pg = Pg {
            root,
            bin,
            port: free_port(),
            root_user: is_root(),
        };
        if tls {
            // A test CA and a server certificate for 127.0.0.1 signed by it (webpki refuses a
            // self-signed CA certificate as the server's own).
            let script = r#"set -e
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=ems-test-ca -keyout ca.key -out ca.crt
openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile ext -out server.crt
chmod 600 server.key"#;
            let out = Command::new("sh")
                .args(["-c", script])
                .current_dir(&pg.root)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if pg.root_user {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&pg.root)
                .status()
                .unwrap();
            assert!(ok.success(), "chown to postgres failed");
        }
        let out = pg
            .cmd("initdb")
            .arg("-D")
            .arg(pg.root.join("data"))
            .args(["-U", "postgres", "-E", "UTF8", "--no-sync"])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if tls {
            let conf = pg.root.join("data/postgresql.conf");
            let mut text = std::fs::read_to_string(&conf).unwrap();
            text.push_str(&format!(
                "ssl = on\nssl_cert_file = '{0}/server.crt'\nssl_key_file = '{0}/server.key'\n",
                pg.root.display()
            ));
            std::fs::write(&conf, text).unwrap();
        }
        pg.ctl_start();
        let out = Command::new(pg.bin.join("psql"))
            .args(["-h"])
            .arg(&pg.root)
            .args([
                "-p",
                &pg.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-v", "ON_ERROR_STOP=1", "-q"])
            .args([
                "-c",
                &format!("CREATE ROLE ems LOGIN PASSWORD '{PASSWORD}'"),
            ])
            .args(["-c", "CREATE DATABASE energy OWNER ems"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(pg)
    }

    /// A server binary, run as `postgres` when the test runs as root.
    fn cmd(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if self.root_user {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }

    fn ctl_start(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.root.display()
        );
        let out = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.root.join("data"))
            .arg("-l")
            .arg(self.root.join("server.log"))
            .args(["-w", "-t", "30", "-o", &opts, "start"])
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn ctl_stop(&self, mode: &str) {
        let _ = self
            .cmd("pg_ctl")
            .arg("-D")
            .arg(self.root.join("data"))
            .args(["-w", "-t", "30", "-m", mode, "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    /// `psql -At -c sql` as the superuser over the Unix socket.
    #[cfg_attr(not(feature = "pg-tls"), allow(dead_code))]
    fn psql(&self, sql: &str) -> String {
        let out = Command::new(self.bin.join("psql"))
            .arg("-h")
            .arg(&self.root)
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-At", "-c", sql])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The sink's URL (no password in it).
    fn url(&self) -> String {
        format!("postgres://ems@127.0.0.1:{}/energy", self.port)
    }

    /// Runs `f` with a client connected as `ems`.
    fn with_client<T>(&self, f: impl AsyncFnOnce(&tokio_postgres::Client) -> T) -> T {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let url = format!("postgres://ems:{PASSWORD}@127.0.0.1:{}/energy", self.port);
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            let task = tokio::spawn(conn);
            let r = f(&client).await;
            drop(client);
            let _ = task.await;
            r
        })
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        self.ctl_stop("immediate");
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// An `ems.toml` polling three simulated meters fast, with the PostgreSQL sink.
fn config(dir: &Path, sim_port: u16, url: &str, password: &str) -> PathBuf {
    let secret = dir.join("pg.secret");
    std::fs::write(&secret, format!("{password}\n")).unwrap();
    let text = format!(
        r#"site = "Sink works"
timezone = "Asia/Kolkata"

[[bus]]
name = "gw"
tcp = "127.0.0.1:{sim_port}"
baud = 115200
parity = "even"
turnaround_ms = 10

[poll.fast]
quantities = ["active_power_total", "current_a", "voltage_an", "frequency"]
interval = "200ms"

[poll.energy]
quantities = ["active_energy_delivered", "apparent_energy_delivered"]
interval = "500ms"

[poll.slow]
interval = "off"

[storage]
data_dir = "data"

[sinks.postgres]
url = "{url}"
password_file = "{secret}"

[[alarm]]
name = "frequency-check"
kind = "over_frequency"
meter = "M1"
above = 1
on_delay = "0s"

[[meter]]
name = "M1"
bus = "gw"
unit = 1
model = "em6400ng"

[[meter]]
name = "M2"
bus = "gw"
unit = 2
model = "em6400ng"
parent = "M1"
tags = ["north", "feeder"]

[[meter]]
name = "M3"
bus = "gw"
unit = 3
model = "em6400ng"
"#,
        secret = secret.display()
    );
    let path = dir.join("ems.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `ems run` for `secs` seconds (info log); returns its stderr.
fn run_for(cfg: &Path, secs: u32) -> String {
    let o = support::ems_within(
        &[
            "run",
            "--log-level",
            "info",
            "--http",
            "127.0.0.1:0",
            "--duration",
            &secs.to_string(),
            "--config",
            cfg.to_str().unwrap(),
        ],
        Duration::from_secs(u64::from(secs) + 30),
    );
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "ems run failed: {err}");
    err
}

type RawKey = (String, String, i64);
type Snapshot = (
    BTreeMap<RawKey, u64>,
    BTreeMap<RawKey, (i64, u64, u64, u64)>,
    BTreeMap<RawKey, (u64, i64, i64, u64, i64, u64)>,
);

fn leb128(b: &[u8], at: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let byte = b[*at];
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

/// The store's raw values (decoded here from SCHEMA.md's packing, not with the store's code),
/// 15-minute statistics and 15-minute energy, keyed by (meter, quantity, time/slot), values as
/// bit patterns so equality is exact.
fn sqlite_snapshot(data: &Path) -> Snapshot {
    let c = rusqlite::Connection::open(data.join("ems.sqlite")).unwrap();
    let names = |sql: &str| -> BTreeMap<i64, String> {
        c.prepare(sql)
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let meters = names("SELECT id, name FROM meter");
    let qs = names("SELECT id, name FROM quantity");
    let mut raw = BTreeMap::new();
    let mut st = c
        .prepare("SELECT meter_id, time_ms, vals FROM raw")
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Vec<u8>>(2)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (m, t, b) = row.unwrap();
        // The marker byte 0, then per value the LEB128 of `quantity id << 1 | wide` and the
        // value as f64 (wide) or f32 little-endian.
        assert_eq!(b[0], 0, "the store writes the compact format");
        let mut at = 1;
        while at < b.len() {
            let key = leb128(&b, &mut at);
            let q = (key >> 1) as i64;
            let v = if key & 1 == 1 {
                at += 8;
                f64::from_le_bytes(b[at - 8..at].try_into().unwrap())
            } else {
                at += 4;
                f64::from(f32::from_le_bytes(b[at - 4..at].try_into().unwrap()))
            };
            raw.insert((meters[&m].clone(), qs[&q].clone(), t), v.to_bits());
        }
    }
    let mut v15 = BTreeMap::new();
    let mut st = c
        .prepare("SELECT meter_id, quantity_id, slot_ms, n, sum_v, min_v, max_v FROM value_15m")
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, f64>(4)?,
                r.get::<_, f64>(5)?,
                r.get::<_, f64>(6)?,
            ))
        })
        .unwrap();
    for row in rows {
        let (m, q, s, n, sum, min, max) = row.unwrap();
        v15.insert(
            (meters[&m].clone(), qs[&q].clone(), s),
            (n, sum.to_bits(), min.to_bits(), max.to_bits()),
        );
    }
    let mut e15 = BTreeMap::new();
    let mut st = c
        .prepare(
            "SELECT meter_id, quantity_id, slot_ms, wh, covered_ms, first_ms, counter_first,
                    last_ms, counter_last FROM energy_15m",
        )
        .unwrap();
    let rows = st
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                (
                    r.get::<_, f64>(3)?.to_bits(),
                    r.get::<_, i64>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, f64>(6)?.to_bits(),
                    r.get::<_, i64>(7)?,
                    r.get::<_, f64>(8)?.to_bits(),
                ),
            ))
        })
        .unwrap();
    for row in rows {
        let (m, q, s, v) = row.unwrap();
        e15.insert((meters[&m].clone(), qs[&q].clone(), s), v);
    }
    (raw, v15, e15)
}

fn ms(col: &str) -> String {
    format!("(extract(epoch FROM {col}) * 1000)::int8")
}

/// The same three tables as PostgreSQL holds them for `site`, plus the total row count of
/// `raw` (which a duplicate would raise above the map's size).
fn pg_snapshot(pg: &Pg, site: &str) -> (Snapshot, i64) {
    pg.with_client(async |c| {
        let mut raw = BTreeMap::new();
        for r in c
            .query(
                &format!(
                    "SELECT meter, quantity, {}, value FROM ems.raw WHERE site = $1",
                    ms("time")
                ),
                &[&site],
            )
            .await
            .unwrap()
        {
            raw.insert((r.get(0), r.get(1), r.get(2)), r.get::<_, f64>(3).to_bits());
        }
        let count: i64 = c
            .query_one("SELECT count(*) FROM ems.raw", &[])
            .await
            .unwrap()
            .get(0);
        let mut v15 = BTreeMap::new();
        for r in c
            .query(
                &format!(
                    "SELECT meter, quantity, {}, n, sum_v, min_v, max_v FROM ems.value_15m
                     WHERE site = $1",
                    ms("slot")
                ),
                &[&site],
            )
            .await
            .unwrap()
        {
            v15.insert(
                (r.get(0), r.get(1), r.get(2)),
                (
                    r.get(3),
                    r.get::<_, f64>(4).to_bits(),
                    r.get::<_, f64>(5).to_bits(),
                    r.get::<_, f64>(6).to_bits(),
                ),
            );
        }
        let mut e15 = BTreeMap::new();
        for r in c
            .query(
                &format!(
                    "SELECT meter, quantity, {}, wh, covered_ms, {}, counter_first, {},
                            counter_last FROM ems.energy_15m WHERE site = $1",
                    ms("slot"),
                    ms("first_time"),
                    ms("last_time")
                ),
                &[&site],
            )
            .await
            .unwrap()
        {
            e15.insert(
                (r.get(0), r.get(1), r.get(2)),
                (
                    r.get::<_, f64>(3).to_bits(),
                    r.get(4),
                    r.get(5),
                    r.get::<_, f64>(6).to_bits(),
                    r.get(7),
                    r.get::<_, f64>(8).to_bits(),
                ),
            );
        }
        ((raw, v15, e15), count)
    })
}

/// Asserts PostgreSQL holds exactly the store's raw values and 15-minute rollups.
fn assert_same(data: &Path, pg: &Pg) {
    let (raw, v15, e15) = sqlite_snapshot(data);
    let ((praw, pv15, pe15), count) = pg_snapshot(pg, "Sink works");
    assert!(raw.len() > 100, "only {} raw values stored", raw.len());
    assert!(!v15.is_empty() && !e15.is_empty(), "no rollups stored");
    let missing: Vec<_> = raw
        .keys()
        .filter(|k| !praw.contains_key(*k))
        .take(5)
        .collect();
    let extra: Vec<_> = praw
        .keys()
        .filter(|k| !raw.contains_key(*k))
        .take(5)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "raw: {} in SQLite, {} in PostgreSQL; missing {missing:?}, extra {extra:?}",
        raw.len(),
        praw.len()
    );
    assert_eq!(raw, praw, "raw values differ");
    assert_eq!(count as usize, raw.len(), "raw row count");
    assert_eq!(v15, pv15, "value_15m differs");
    assert_eq!(e15, pe15, "energy_15m differs");
    eprintln!(
        "PostgreSQL equals SQLite: {} raw values, {} value_15m rows, {} energy_15m rows",
        raw.len(),
        v15.len(),
        e15.len()
    );
    // The mark reached the store's last batch.
    let c = rusqlite::Connection::open(data.join("ems.sqlite")).unwrap();
    let (mark, head): (i64, i64) = c
        .query_row(
            "SELECT (SELECT seq FROM sink_mark WHERE sink = 'postgres'),
                    (SELECT max(seq) FROM change_log)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(mark, head, "sink mark behind the store");
}

#[test]
fn database_holds_exactly_the_store_rows_and_a_replay_doubles_nothing() {
    let Some(pg) = Pg::start("exact") else { return };
    let dir = tempdir("exact-run");
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, &pg.url(), PASSWORD);
    let log = run_for(&cfg, 6);
    assert!(log.contains("postgres: connected"), "{log}");
    assert_same(&dir.join("data"), &pg);
    // The meter list with hierarchy and tags, and the site's time zone.
    let meters = pg.with_client(async |c| {
        c.query(
            "SELECT m.name, m.parent, m.tags::text, s.time_zone FROM ems.meter m
             JOIN ems.site s USING (site) ORDER BY m.name",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get::<_, String>(0),
                r.get::<_, Option<String>>(1),
                r.get::<_, String>(2),
                r.get::<_, String>(3),
            )
        })
        .collect::<Vec<_>>()
    });
    assert_eq!(meters.len(), 3, "{meters:?}");
    assert_eq!(meters[1].1.as_deref(), Some("M1"));
    assert!(meters[1].2.contains("north"), "{meters:?}");
    assert_eq!(meters[0].3, "Asia/Kolkata");
    // POSTGRES.md's central query (energy per site per day) gives the store's energy of the
    // top-level meters (M1, M3; M2 hangs under M1).
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/POSTGRES.md")).unwrap();
    let sql = doc
        .split("```sql\n")
        .find(|b| b.contains("AS kwh"))
        .and_then(|b| b.split("```").next())
        .expect("POSTGRES.md has the central query");
    let days = pg.with_client(async |c| {
        c.query(
            &format!(
                "SELECT site, day::text, kwh::float8 FROM ({}) q",
                sql.trim().trim_end_matches(';')
            ),
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| {
            (
                r.get::<_, String>(0),
                r.get::<_, String>(1),
                r.get::<_, f64>(2),
            )
        })
        .collect::<Vec<_>>()
    });
    let (_, _, e15) = sqlite_snapshot(&dir.join("data"));
    let expected: f64 = e15
        .iter()
        .filter(|((m, q, _), _)| m != "M2" && q == "active_energy_delivered")
        .map(|(_, v)| f64::from_bits(v.0))
        .sum::<f64>()
        / 1000.0;
    let got: f64 = days.iter().map(|d| d.2).sum();
    assert!(
        !days.is_empty() && days.iter().all(|d| d.0 == "Sink works"),
        "{days:?}"
    );
    assert!(
        (got - expected).abs() <= 0.0005 * days.len() as f64 + 1e-9,
        "central query {days:?}, store {expected} kWh"
    );
    // Alarm transitions, with the local ids.
    let c = rusqlite::Connection::open(dir.join("data/ems.sqlite")).unwrap();
    let local: Vec<(i64, String, String, String)> = c
        .prepare(
            "SELECT e.id, e.event, a.rule, a.meter FROM alarm_event e
             JOIN alarm a ON a.id = e.alarm_id ORDER BY e.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    drop(c);
    let remote = pg.with_client(async |c| {
        c.query(
            "SELECT id, event, rule, meter FROM ems.alarm_event WHERE site = 'Sink works'
             ORDER BY id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect::<Vec<(i64, String, String, String)>>()
    });
    assert!(
        local
            .iter()
            .any(|e| e.1 == "raised" && e.2 == "frequency-check"),
        "no alarm raised: {local:?}"
    );
    assert_eq!(local, remote, "alarm_event differs");
    // Replay from mark 0 (as after a lost mark) plus a second run: still exactly the store.
    let c = rusqlite::Connection::open(dir.join("data/ems.sqlite")).unwrap();
    c.execute("UPDATE sink_mark SET seq = 0", []).unwrap();
    drop(c);
    run_for(&cfg, 3);
    assert_same(&dir.join("data"), &pg);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn database_stopped_for_30_s_mid_run_misses_and_doubles_nothing() {
    let Some(pg) = Pg::start("outage") else {
        return;
    };
    let dir = tempdir("outage-run");
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, &pg.url(), PASSWORD);
    let log_path = dir.join("ems.log");
    let mut child = support::peers::Kill(
        Command::new(EMS)
            .args(["run", "--log-level", "info", "--http", "127.0.0.1:0"])
            .args(["--duration", "55", "--config"])
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap(),
    );
    std::thread::sleep(Duration::from_secs(6));
    assert!(
        child.0.try_wait().unwrap().is_none(),
        "ems run ended early: {}",
        std::fs::read_to_string(&log_path).unwrap()
    );
    pg.ctl_stop("fast");
    let stopped = Instant::now();
    std::thread::sleep(Duration::from_secs(30));
    pg.ctl_start();
    eprintln!("PostgreSQL was down {:?}", stopped.elapsed());
    let t0 = Instant::now();
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "ems run did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(status.success(), "{log}");
    assert!(
        log.matches("postgres: connected").count() >= 2,
        "no reconnection: {log}"
    );
    assert!(log.contains("retrying"), "outage not reported: {log}");
    assert!(
        log.contains("postgres: catching up") && log.contains("postgres: caught up"),
        "catch-up not reported: {log}"
    );
    for line in log.lines().filter(|l| l.contains("postgres:")) {
        eprintln!("{line}");
    }
    assert_same(&dir.join("data"), &pg);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "pg-tls")]
#[test]
fn tls_require_with_the_servers_ca_delivers_over_tls() {
    let Some(pg) = Pg::start_with("tls", true) else {
        return;
    };
    let dir = tempdir("tls-run");
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, &pg.url(), PASSWORD);
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        "[sinks.postgres]\n",
        &format!(
            "[sinks.postgres]\ntls = \"require\"\ntls_ca_file = \"{}\"\n",
            pg.root.join("ca.crt").display()
        ),
    );
    std::fs::write(&cfg, text).unwrap();
    let log_path = dir.join("ems.log");
    let mut child = support::peers::Kill(
        Command::new(EMS)
            .args(["run", "--log-level", "info", "--http", "127.0.0.1:0"])
            .args(["--duration", "6", "--config"])
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap(),
    );
    // While it runs, the server sees the sink's session encrypted.
    let t0 = Instant::now();
    let ssl = loop {
        let ssl = pg.psql(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE a.application_name = 'ems'",
        );
        if !ssl.is_empty() || t0.elapsed() > Duration::from_secs(5) {
            break ssl;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(40),
            "ems run did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(status.success(), "{log}");
    assert_eq!(ssl, "t", "the sink's session is not TLS: {log}");
    assert_same(&dir.join("data"), &pg);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn wrong_password_is_reported_and_the_collector_keeps_storing() {
    let Some(pg) = Pg::start("auth") else { return };
    let dir = tempdir("auth-run");
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, &pg.url(), "not-the-password");
    let log = run_for(&cfg, 4);
    assert!(
        log.contains("password authentication failed for user \"ems\""),
        "{log}"
    );
    assert!(log.contains("readings stay in the local store"), "{log}");
    let (raw, _, _) = sqlite_snapshot(&dir.join("data"));
    assert!(raw.len() > 50, "collector stored only {} values", raw.len());
    let c = rusqlite::Connection::open(dir.join("data/ems.sqlite")).unwrap();
    let mark: Option<i64> = c
        .query_row(
            "SELECT seq FROM sink_mark WHERE sink = 'postgres'",
            [],
            |r| r.get(0),
        )
        .ok();
    assert_eq!(mark, None, "a mark moved without delivery");
    let _ = std::fs::remove_dir_all(&dir);
}

/// CPU seconds (user + system) of process `pid`, with its reaped children when `children`.
fn cpu_s(pid: u32, children: bool) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    let f: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    // After the command: state(3) … utime(14) stime(15) cutime(16) cstime(17), 1-based.
    let tick = |i: usize| f[i - 3].parse::<f64>().unwrap_or(0.0) / 100.0;
    tick(14) + tick(15) + if children { tick(16) + tick(17) } else { 0.0 }
}

/// CPU seconds of the whole PostgreSQL server: the postmaster with the backends it reaped, and
/// its live children.
fn server_cpu_s(pg: &Pg) -> f64 {
    let pid_file = std::fs::read_to_string(pg.root.join("data/postmaster.pid")).unwrap();
    let pm: u32 = pid_file.lines().next().unwrap().trim().parse().unwrap();
    let mut total = cpu_s(pm, true);
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let after = &stat[stat.rfind(')').unwrap() + 2..];
        if after.split(' ').nth(1) == Some(&pm.to_string()) {
            total += cpu_s(pid, false);
        }
    }
    total
}

/// Writes one hour of the 79-meter demo's reads into a new store in `data`: every meter's total
/// kW every 3 s and its energy class (dashboard set and 12 energy counters) every 60 s, with the
/// counters' energy deltas. Returns (meter reads, values).
fn demo_hour_store(data: &Path) -> (usize, usize) {
    use ems::store::{EnergyDelta, MeterInfo, Reading, StoreOptions, StoreWriter};
    let plant = ems::config::Config::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/plant.toml"
    )))
    .unwrap();
    let energy = plant.class_index("energy").unwrap();
    let ems::config::PollWhat::Quantities(set) = &plant.meters[0].poll[energy].what else {
        panic!("the demo's energy class reads quantities");
    };
    let energy_set: Vec<&'static str> = set.iter().map(|q| q.name()).collect();
    let names: Vec<String> = plant.meters.iter().map(|m| m.name.clone()).collect();
    let w = StoreWriter::open(
        data,
        StoreOptions {
            time_zone: Some(plant.timezone_name.clone()),
            ..StoreOptions::default()
        },
    )
    .unwrap();
    w.upsert_meters(
        plant
            .meters
            .iter()
            .map(|m| MeterInfo {
                name: m.name.clone(),
                unit: Some(m.unit.get()),
                bus: Some("rs485-a".into()),
                model: None,
                parent: m.parent.map(|p| names[p].clone()),
                tags: serde_json::Map::new(),
            })
            .collect(),
    )
    .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let start = (now - 3_600_000) / 60_000 * 60_000;
    let (mut reads, mut values) = (0, 0);
    let mut counter = vec![1.0e6_f64; names.len()];
    for step in 0..1200_i64 {
        let t = start + step * 3000;
        let mut batch = Vec::new();
        let mut deltas = Vec::new();
        for (i, m) in names.iter().enumerate() {
            let kw = 1000.0 * (10.0 + i as f64) + (step % 97) as f64 * 13.7;
            let t_m = t + i as i64 * 30;
            batch.push(Reading::new(m.as_str(), t_m, "active_power_total", kw));
            reads += 1;
            values += 1;
            if step % 20 == 0 {
                let rise = kw / 60.0;
                for (k, q) in energy_set.iter().enumerate() {
                    if *q == "active_power_total" {
                        continue;
                    }
                    let v = if q.contains("energy") {
                        counter[i] + rise * k as f64
                    } else {
                        230.0 + k as f64 + (step % 7) as f64 * 0.1
                    };
                    batch.push(Reading::new(m.as_str(), t_m, *q, v));
                    values += 1;
                }
                if step > 0 {
                    deltas.push(EnergyDelta {
                        meter: m.as_str().into(),
                        quantity: "active_energy_delivered".into(),
                        from_ms: t_m - 60_000,
                        to_ms: t_m,
                        wh: rise,
                        counter_first: counter[i],
                        counter_last: counter[i] + rise,
                    });
                }
                counter[i] += rise;
            }
        }
        w.write_readings(batch).unwrap();
        if !deltas.is_empty() {
            w.write_energy(deltas).unwrap();
        }
        // One store batch per poll round, as the collector commits while it reads.
        w.flush().unwrap();
    }
    w.close().unwrap();
    (reads, values)
}

/// One hour of the 79-meter demo delivered from mark 0 (as after a one-hour outage), three
/// times; prints the median wall time, rows/s and CPU per meter read (ems and server).
///
/// `EMS_SINK_TESTS=1 cargo test -p ems --test sinks_postgres -- --ignored --nocapture` (the
/// workspace's test profile is optimised).
#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn bench_catch_up_of_one_hour_of_the_79_meter_demo() {
    let Some(pg) = Pg::start("bench") else { return };
    let dir = tempdir("bench-store");
    let data = dir.join("data");
    let t0 = Instant::now();
    let (reads, values) = demo_hour_store(&data);
    eprintln!(
        "store: {reads} meter reads, {values} values in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    let secret = dir.join("pg.secret");
    std::fs::write(&secret, PASSWORD).unwrap();
    let mut config = ems::config::Config::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/plant.toml"
    )))
    .unwrap();
    config.sinks.postgres = Some(ems::config::sinks::PostgresSink {
        url: pg.url(),
        password_file: Some(secret),
        tls: ems::config::sinks::PgTls::Disable,
        tls_ca_file: None,
        schema: "ems".into(),
        batch_rows: 5000,
    });
    let config = std::sync::Arc::new(config);
    let mut runs = Vec::new();
    for run in 0..3 {
        pg.with_client(async |c| {
            c.batch_execute("DROP SCHEMA IF EXISTS ems CASCADE")
                .await
                .unwrap()
        });
        let marks = ems::store::SinkMarks::open(&data).unwrap();
        marks.set("postgres", 0).unwrap();
        marks.set("postgres/alarm", 0).unwrap();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let ctx = ems::sinks::SinkContext {
            config: config.clone(),
            data_dir: data.clone(),
            cancel: tokio_util::sync::CancellationToken::new(),
            wake: std::sync::Arc::new(tokio::sync::Notify::new()),
        };
        let (cpu0, srv0) = (cpu_s(std::process::id(), false), server_cpu_s(&pg));
        let t0 = Instant::now();
        let h =
            ems::sinks::postgres::spawn(&ctx, config.sinks.postgres.as_ref().unwrap(), rt.handle())
                .unwrap();
        loop {
            let s = h.status.lock().unwrap().clone();
            if s.head > 0 && s.mark == s.head {
                assert_eq!(s.delivered_rows as usize, reads, "{s:?}");
                break;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(600),
                "no catch-up: {s:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let secs = t0.elapsed().as_secs_f64();
        ctx.cancel.cancel();
        rt.block_on(h.task).unwrap();
        drop(rt);
        std::thread::sleep(Duration::from_millis(200));
        let (cpu, srv) = (
            cpu_s(std::process::id(), false) - cpu0,
            server_cpu_s(&pg) - srv0,
        );
        let in_pg: i64 = pg.with_client(async |c| {
            c.query_one("SELECT count(*) FROM ems.raw", &[])
                .await
                .unwrap()
                .get(0)
        });
        assert_eq!(in_pg as usize, values);
        eprintln!(
            "run {run}: {secs:.2} s, {:.0} values/s, {:.0} reads/s; CPU ems {cpu:.2} s ({:.1} µs/read), server {srv:.2} s ({:.1} µs/read)",
            values as f64 / secs,
            reads as f64 / secs,
            cpu * 1e6 / reads as f64,
            srv * 1e6 / reads as f64
        );
        runs.push((secs, cpu, srv));
    }
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (secs, cpu, srv) = runs[1];
    eprintln!(
        "median: one hour of the 79-meter demo ({reads} reads, {values} values) caught up in {secs:.2} s: {:.0} values/s, {:.0} reads/s; CPU per meter read: ems {:.1} µs, PostgreSQL server {:.1} µs",
        values as f64 / secs,
        reads as f64 / secs,
        cpu * 1e6 / reads as f64,
        srv * 1e6 / reads as f64
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Feeds a new store at the 79-meter demo's live rate for `secs` seconds — 79 total-kW reads
/// every 3 s (27 a second) and each meter's energy set once a minute, one store commit a
/// second — with the sink running against `pg` when given. Returns the process's CPU seconds
/// and the meter reads written after a 5 s warm-up.
fn live_feed(tag: &str, secs: u64, pg: Option<&Pg>) -> (f64, usize) {
    use ems::store::{EnergyDelta, MeterInfo, Reading, StoreOptions, StoreWriter};
    let plant = ems::config::Config::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/plant.toml"
    )))
    .unwrap();
    let energy = plant.class_index("energy").unwrap();
    let ems::config::PollWhat::Quantities(set) = &plant.meters[0].poll[energy].what else {
        panic!("the demo's energy class reads quantities");
    };
    let energy_set: Vec<&'static str> = set.iter().map(|q| q.name()).collect();
    let names: Vec<String> = plant.meters.iter().map(|m| m.name.clone()).collect();
    let dir = tempdir(tag);
    let data = dir.join("data");
    let w = StoreWriter::open(&data, StoreOptions::default()).unwrap();
    w.upsert_meters(
        names
            .iter()
            .map(|n| MeterInfo {
                name: n.clone(),
                unit: None,
                bus: None,
                model: None,
                parent: None,
                tags: serde_json::Map::new(),
            })
            .collect(),
    )
    .unwrap();
    w.flush().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let cancel = tokio_util::sync::CancellationToken::new();
    let handle = pg.map(|pg| {
        let secret = dir.join("pg.secret");
        std::fs::write(&secret, PASSWORD).unwrap();
        let mut config = plant.clone();
        config.sinks.postgres = Some(ems::config::sinks::PostgresSink {
            url: pg.url(),
            password_file: Some(secret),
            tls: ems::config::sinks::PgTls::Disable,
            tls_ca_file: None,
            schema: "ems".into(),
            batch_rows: 5000,
        });
        let config = std::sync::Arc::new(config);
        let ctx = ems::sinks::SinkContext {
            config: config.clone(),
            data_dir: data.clone(),
            cancel: cancel.clone(),
            wake: wake.clone(),
        };
        ems::sinks::postgres::spawn(&ctx, config.sinks.postgres.as_ref().unwrap(), rt.handle())
            .unwrap()
    });
    let now_ms = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    };
    let mut last_energy: Vec<Option<(i64, f64)>> = vec![None; names.len()];
    let (mut reads, mut cpu0) = (0, None);
    let t0 = Instant::now();
    for s in 0..secs {
        if s == 5 {
            cpu0 = Some(cpu_s(std::process::id(), false));
            reads = 0;
        }
        let t = now_ms();
        let (mut batch, mut deltas) = (Vec::new(), Vec::new());
        for k in 0..27 {
            let i = ((s as usize) * 27 + k) % names.len();
            let kw = 1000.0 * (10.0 + i as f64) + (t % 97) as f64;
            batch.push(Reading::new(names[i].as_str(), t, "active_power_total", kw));
            reads += 1;
        }
        for (i, m) in names
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 60 == s as usize % 60)
        {
            let c = last_energy[i].map_or(1.0e6, |(_, c)| c + 500.0);
            for q in &energy_set {
                let v = if q.contains("energy") { c } else { 230.0 };
                batch.push(Reading::new(m.as_str(), t, *q, v));
            }
            if let Some((from, c0)) = last_energy[i] {
                deltas.push(EnergyDelta {
                    meter: m.as_str().into(),
                    quantity: "active_energy_delivered".into(),
                    from_ms: from,
                    to_ms: t,
                    wh: c - c0,
                    counter_first: c0,
                    counter_last: c,
                });
            }
            last_energy[i] = Some((t, c));
            reads += 1;
        }
        w.write_readings(batch).unwrap();
        w.write_energy(deltas).unwrap();
        w.flush().unwrap();
        wake.notify_waiters();
        let next = Duration::from_secs(s + 1);
        if let Some(rest) = next.checked_sub(t0.elapsed()) {
            std::thread::sleep(rest);
        }
    }
    let cpu = cpu_s(std::process::id(), false) - cpu0.unwrap();
    if let Some(h) = handle {
        let st = h.status.lock().unwrap().clone();
        assert!(
            st.connected && st.head - st.mark <= 2,
            "sink fell behind: {st:?}"
        );
        cancel.cancel();
        rt.block_on(h.task).unwrap();
    }
    w.close().unwrap();
    drop(rt);
    let _ = std::fs::remove_dir_all(&dir);
    (cpu, reads)
}

/// The sink's CPU per meter read at the demo's live rate: the process's CPU with the sink
/// minus without it, over 40 s of feeding the store.
///
/// `EMS_SINK_TESTS=1 cargo test -p ems --test sinks_postgres -- --ignored --nocapture`
#[test]
#[ignore = "benchmark: run with --ignored --nocapture"]
fn bench_live_cpu_of_the_sink_per_meter_read() {
    let Some(pg) = Pg::start("live") else { return };
    let (base, reads0) = live_feed("live-base", 45, None);
    let (with, reads1) = live_feed("live-sink", 45, Some(&pg));
    let srv = server_cpu_s(&pg);
    eprintln!(
        "live, 40 s: without sink {base:.2} s CPU ({reads0} reads), with sink {with:.2} s CPU ({reads1} reads): sink {:.1} µs per meter read; PostgreSQL server (whole life of the cluster) {srv:.2} s",
        (with - base) * 1e6 / reads1 as f64
    );
}

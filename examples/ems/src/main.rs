//! `ems`: the energy-monitoring application built on `schneider-em`.
//!
//! Commands: `read`, `scan`, `probe`, `commission`, `plan`, `check`, `run`, `sim`, `demo`, `export`,
//! `report`, `serve`. Errors are one line on stderr
//! and a non-zero exit code; user errors never print a backtrace.

/// Prints a line to stdout; a closed pipe (`ems … | head`) ends the program quietly.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*), true)
    };
}

mod check;
mod commission;
#[cfg(feature = "sim")]
mod demo;
#[path = "export.rs"] // `src/export/` is the library's report exporters.
mod export;
mod link;
mod probe;
mod read;
mod report;
mod run;
mod scan;
mod serve;
#[cfg(feature = "sim")]
mod sim;
mod web;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// How every link times a reply, shown by `ems --help`.
const TIMEOUTS_HELP: &str = "\
Timeouts: --timeout-ms is the response allowance, how long a meter may take to start
answering (default 200 ms; `ems scan` uses 60 ms unless given). On every link a reply
must be complete within that allowance plus the request's and the reply's time on the wire
at --baud/--parity/--stop-bits plus one t3.5 silence; with --tcp or --rtu-over-tcp,
--baud is the gateway's serial side and --network-allowance-ms (default 50) is added too.
Example: a 2-register read at 9600 8E1 with the defaults waits 223 ms on a serial port and
273 ms through a gateway.

TCP gateways: a connection the gateway closed while idle is replaced before the next request,
transparently; a connection that breaks mid-reply fails that read only. Failed connects are
retried after a backoff (250 ms, doubling to 10 s).";

/// Read, scan, probe and simulate Schneider Electric EM6400NG, EM6400 and EM1200 meters.
#[derive(Parser, Debug)]
#[command(name = "ems", version, about, long_about = None, propagate_version = true, after_help = TIMEOUTS_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read a preset or a list of quantities from one meter.
    #[command(
        after_help = "Examples:\n  ems read --port /dev/ttyUSB0 --unit 3\n  ems read --port /dev/ttyUSB0 --baud 19200 --unit 3 --preset all --json\n  ems read --tcp 192.0.2.10:502 --unit 1 --quantities active_power_total,frequency --watch 5"
    )]
    Read(read::ReadArgs),
    /// Find the unit ids that answer on a bus, and their models.
    #[command(
        after_help = "Examples:\n  ems scan --port /dev/ttyUSB0 --baud 19200\n  ems scan --port /dev/ttyUSB0 --units 1-32 --json"
    )]
    Scan(scan::ScanArgs),
    /// Examine one meter: model, word order, largest read, gap handling, turnaround.
    #[command(
        after_help = "Examples:\n  ems probe --port /dev/ttyUSB0 --unit 1\n  ems probe --port /dev/ttyUSB0 --unit 1 --json > probe-report.json"
    )]
    Probe(probe::ProbeArgs),
    /// Find the meters on a bus and write a configuration for them (no hand-editing).
    #[command(
        after_help = "Tries 9600, 19200, 38400 and 4800 baud with even, none and odd parity (a pty: none only)\nunless --baud/--parity are given, scans the unit ids, identifies each meter's model and word\norder, probes its request limit, and writes FILE for `ems check` and `ems run`.\n\nExamples:\n  ems commission --port /dev/ttyUSB0 --out /etc/ems/ems.toml --data-dir /var/lib/ems\n  ems commission --port /dev/ttyUSB0 --baud 19200 --units 1-32 --timezone UTC --out ems.toml\n  ems commission --tcp 192.0.2.10:502 --baud 19200 --out ems.toml"
    )]
    Commission(commission::CommissionArgs),
    /// Show the optimal reads for a model and what they cost on the bus.
    #[command(
        after_help = "Examples:\n  ems plan --model em6400ng --preset dashboard --baud 19200 --meters 79\n  ems plan --model em6400 --quantities active_power_total,active_energy_delivered --json"
    )]
    Plan(read::PlanArgs),
    /// Validate a configuration file and show what its poll classes cost on each bus.
    #[command(
        after_help = "Examples:\n  ems check --config examples/ems/plant.toml\n  ems check --config plant.toml --json"
    )]
    Check(check::CheckArgs),
    /// Run simulated meters on a pty, a line-timed bus, Modbus TCP or RTU over TCP.
    #[command(
        after_help = "Examples:\n  ems sim --model em6400ng --units 1-79 --pty /tmp/ttyEMS\n  ems sim --units 1-10 --pty /tmp/ttyEMS --line-timing --baud 19200 --turnaround-ms 10\n  ems sim --units 1-5 --tcp 127.0.0.1:5020 --dead 3 --flaky 4:0.2"
    )]
    #[cfg(feature = "sim")]
    Sim(sim::SimArgs),
    /// 79 simulated meters on an emulated 19200-baud RS-485 bus, polled live.
    #[command(after_help = "Examples:\n  ems demo\n  ems demo --cycles 3")]
    #[cfg(feature = "sim")]
    Demo(demo::DemoArgs),
    /// Poll every meter of a configuration, validate and store every reading (the collector).
    #[command(
        after_help = "Examples:\n  ems run --config /etc/ems/ems.toml\n  ems run --config examples/ems/plant.toml --log-level debug"
    )]
    Run(run::RunArgs),
    /// Export stored readings (CSV) from the collector's database.
    #[command(
        after_help = "Examples:\n  ems export readings --data-dir /var/lib/ems --resolution 15m --from 2026-03-01 --to 2026-04-01 --format csv --out march.csv\n  ems export readings --data-dir /var/lib/ems --meter 'Grid Incomer' --out - | head"
    )]
    Export(export::ExportArgs),
    /// Reports from the store: energy, demand, cost, balance, profile, pf (JSON, CSV, xlsx, PDF).
    #[command(
        after_help = "Examples:\n  ems report cost --data-dir /var/lib/ems --config plant.toml --from 2026-03-01 --to 2026-03-31 --format pdf --out march.pdf\n  ems report energy --data-dir /var/lib/ems --from 2026-03-01 --to 2026-03-07 --by hour --tag compressors --format csv --out -"
    )]
    Report(report::ReportArgs),
    /// Serve the dashboard and its API over an existing store, read-only.
    #[command(
        after_help = "Examples:\n  ems serve --config plant.toml\n  ems serve --data-dir /var/lib/ems --http 127.0.0.1:8080"
    )]
    Serve(serve::ServeArgs),
}

/// Writes to stdout (with a newline if `newline`) and flushes. On a broken pipe the reader has
/// gone away: exit 0 rather than panic as `println!` would.
pub(crate) fn write_stdout(args: std::fmt::Arguments<'_>, newline: bool) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    let r = o
        .write_fmt(args)
        .and_then(|_| if newline { o.write_all(b"\n") } else { Ok(()) })
        .and_then(|_| o.flush());
    if let Err(e) = r {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("ems: cannot write to stdout: {e}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Read(a) => read::run(a),
        Command::Scan(a) => scan::run(a),
        Command::Probe(a) => probe::run(a),
        Command::Commission(a) => commission::run(a),
        Command::Plan(a) => read::plan(a),
        Command::Check(a) => check::run(a),
        #[cfg(feature = "sim")]
        Command::Sim(a) => sim::run(a),
        #[cfg(feature = "sim")]
        Command::Demo(a) => demo::run(a),
        Command::Export(a) => export::run(a),
        Command::Run(a) => run::run(a),
        Command::Report(a) => report::run(a),
        Command::Serve(a) => serve::run(a),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let mut msg = e.to_string();
            for cause in e.chain().skip(1) {
                msg.push_str(": ");
                msg.push_str(&cause.to_string());
            }
            eprintln!("ems: {msg}");
            ExitCode::FAILURE
        }
    }
}

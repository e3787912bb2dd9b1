//! `ems`: the energy-monitoring application built on `schneider-em`.
//!
//! This first version offers `ems plan` (what a read configuration costs on the bus) and
//! announces the commands still to come. Argument parsing is hand-written for now; the full
//! command line (read, scan, probe, sim, run, demo, export) arrives with its own issue.

use std::process::ExitCode;

use schneider_em::{LinkParams, Model, Plan, Preset, Quantity, QuantitySet};

const USAGE: &str = "usage: ems <command> [options]

commands:
  plan    print the optimal read plan and its modelled bus time
            --model em6400ng|em6400|em1200   (default em6400ng)
            --preset dashboard|all           (default dashboard)
            --quantities a,b,c               (instead of --preset)
            --baud N                         (default 19200)
            --turnaround-ms T                (default 10)
            --max-registers N                (cap below the model's limit)
            --meters N                       (default 79)
            --json
  demo    simulated meters on an emulated RS-485 bus (not yet available)

example:
  ems plan --model em6400ng --preset dashboard --baud 9600 --meters 79";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("plan") => match plan(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ems plan: {e}");
                ExitCode::from(2)
            }
        },
        Some("demo") => {
            println!(
                "ems demo: the live demo (79 simulated EM6400NG meters on an emulated 19200-baud RS-485 bus, \
                 polled and shown live) is not yet available; it arrives with the transport, simulator and \
                 command-line releases.\nWhat the demo will poll, as planned today:\n"
            );
            let args: Vec<String> = [
                "--model",
                "em6400ng",
                "--preset",
                "dashboard",
                "--baud",
                "19200",
                "--meters",
                "79",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            match plan(&args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("ems demo: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("read") | Some("scan") | Some("probe") | Some("sim") | Some("run")
        | Some("export") => {
            eprintln!(
                "ems {}: not yet available — it arrives with the transports, simulator and command-line issues. \
                 Today: `ems plan` shows what a configuration costs on the bus.",
                args[0]
            );
            ExitCode::from(3)
        }
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn value<'a>(args: &'a [String], i: &mut usize, flag: &str) -> Result<&'a str, String> {
    *i += 1;
    args.get(*i)
        .map(String::as_str)
        .ok_or_else(|| format!("{flag} needs a value"))
}

fn number<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, String> {
    s.parse()
        .map_err(|_| format!("{flag}: '{s}' is not a valid number"))
}

fn plan(args: &[String]) -> Result<(), String> {
    let mut model = Model::Em6400Ng;
    let mut preset = Some(Preset::Dashboard);
    let mut quantities = QuantitySet::EMPTY;
    let mut baud = 19_200u32;
    let mut turnaround_ms = 10.0f64;
    let mut max_registers = None;
    let mut meters = 79u32;
    let mut json = false;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--model" => {
                let v = value(args, &mut i, flag)?;
                model = v.parse().map_err(|_| {
                    format!("--model: unknown model '{v}' (em6400ng, em6400, em1200)")
                })?;
            }
            "--preset" => {
                let v = value(args, &mut i, flag)?;
                preset = Some(
                    v.parse()
                        .map_err(|_| format!("--preset: unknown preset '{v}' (dashboard, all)"))?,
                );
            }
            "--quantities" => {
                preset = None;
                for name in value(args, &mut i, flag)?
                    .split(',')
                    .filter(|s| !s.is_empty())
                {
                    let q: Quantity = name
                        .trim()
                        .parse()
                        .map_err(|_| format!("--quantities: unknown quantity '{name}'"))?;
                    quantities.insert(q);
                }
            }
            "--baud" => baud = number(value(args, &mut i, flag)?, flag)?,
            "--turnaround-ms" => turnaround_ms = number(value(args, &mut i, flag)?, flag)?,
            "--max-registers" => {
                max_registers = Some(number::<u16>(value(args, &mut i, flag)?, flag)?)
            }
            "--meters" => meters = number(value(args, &mut i, flag)?, flag)?,
            "--json" => json = true,
            other => return Err(format!("unknown option '{other}'\n\n{USAGE}")),
        }
        i += 1;
    }
    if baud == 0 || baud > 1_000_000 {
        return Err(format!("--baud: {baud} is outside 1-1000000"));
    }
    if !(0.0..=10_000.0).contains(&turnaround_ms) {
        return Err(format!(
            "--turnaround-ms: {turnaround_ms} is outside 0-10000"
        ));
    }
    let mut link =
        LinkParams::new(baud).with_turnaround_us((turnaround_ms * 1000.0).round() as u32);
    link.max_registers = max_registers;
    let p: Plan<{ Quantity::COUNT }> = match preset {
        Some(preset) => Plan::preset(model, preset, &link),
        None => Plan::new(model, &quantities, &link),
    }
    .map_err(|e| e.to_string())?;
    let ms = |ns: u64| ns as f64 / 1e6;
    let naive = p.naive();
    if json {
        let requests: Vec<String> = p
            .requests()
            .iter()
            .map(|r| {
                format!(
                    "{{\"function\":{},\"address\":{},\"count\":{}}}",
                    r.function.code(),
                    r.start.get(),
                    r.count
                )
            })
            .collect();
        let unsupported: Vec<String> = p.unsupported().iter().map(|q| format!("\"{q}\"")).collect();
        println!(
            "{{\"model\":\"{model}\",\"requests\":[{}],\"registers_read\":{},\"bus_time_ms_per_meter\":{:.3},\"cycle_ms\":{:.3},\"meters\":{meters},\"naive\":{{\"requests\":{},\"registers_read\":{},\"bus_time_ms_per_meter\":{:.3},\"cycle_ms\":{:.3}}},\"unsupported\":[{}]}}",
            requests.join(","),
            p.registers_read(),
            ms(p.bus_time_ns()),
            ms(p.cycle_time_ns(meters)),
            naive.requests,
            naive.registers,
            ms(naive.bus_time_ns),
            ms(naive.bus_time_ns) * f64::from(meters),
            unsupported.join(",")
        );
        return Ok(());
    }
    println!(
        "{model}: {} at {baud} baud, 8E1, turnaround {turnaround_ms} ms",
        preset.map_or("selected quantities", |p| p.name())
    );
    println!("  #  fc  wire addr  registers  count  quantities");
    for (i, r) in p.requests().iter().enumerate() {
        let names: Vec<String> = p
            .request_quantities(i)
            .map(|(q, _)| q.to_string())
            .collect();
        println!(
            "  {:<2} {:>2}  {:>9}  {:>5}-{:<5}  {:>5}  {}",
            i + 1,
            r.function.code(),
            r.start.get(),
            r.first_register(),
            r.first_register().get() + r.count - 1,
            r.count,
            names.join(", ")
        );
    }
    if !p.unsupported().is_empty() {
        let names: Vec<String> = p.unsupported().iter().map(|q| q.to_string()).collect();
        println!("  not in the {model} map: {}", names.join(", "));
    }
    println!(
        "planned: {} requests, {} registers, {:.1} ms per meter, {:.2} s per {meters}-meter cycle",
        p.requests().len(),
        p.registers_read(),
        ms(p.bus_time_ns()),
        ms(p.cycle_time_ns(meters)) / 1000.0
    );
    println!(
        "naive:   {} requests, {} registers, {:.1} ms per meter, {:.2} s per cycle ({:.2}x the plan)",
        naive.requests,
        naive.registers,
        ms(naive.bus_time_ns),
        ms(naive.bus_time_ns) * f64::from(meters) / 1000.0,
        if p.bus_time_ns() == 0 { 1.0 } else { naive.bus_time_ns as f64 / p.bus_time_ns() as f64 }
    );
    Ok(())
}

//! Link options shared by the commands that talk to meters, and the transport they open.

use std::io;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use schneider_em::transport::serial::{SerialPortLink, SerialSettings};
use schneider_em::transport::tcp::{RtuOverTcpLink, TcpOptions, TcpTransport};
use schneider_em::transport::RtuTiming;
use schneider_em::{
    Error, ExceptionCode, FrameError, LinkParams, Model, Parity, ReadFunction, Rtu, Transport,
    UnitId, WireAddress,
};

/// Serial parity on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ParityArg {
    /// No parity bit.
    None,
    /// Even parity (the meters' default).
    Even,
    /// Odd parity.
    Odd,
}

impl From<ParityArg> for Parity {
    fn from(p: ParityArg) -> Parity {
        match p {
            ParityArg::None => Parity::None,
            ParityArg::Even => Parity::Even,
            ParityArg::Odd => Parity::Odd,
        }
    }
}

/// Meter model on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ModelArg {
    /// EasyLogic EM6400NG / NG+.
    Em6400ng,
    /// Legacy Conzerv EM6400 family.
    Em6400,
    /// EM1200 (EM1220H subset only).
    Em1200,
}

impl From<ModelArg> for Model {
    fn from(m: ModelArg) -> Model {
        match m {
            ModelArg::Em6400ng => Model::Em6400Ng,
            ModelArg::Em6400 => Model::Em6400,
            ModelArg::Em1200 => Model::Em1200,
        }
    }
}

/// How to reach the bus.
#[derive(Args, Clone, Debug)]
pub struct LinkArgs {
    /// Serial port of the RS-485 adapter (e.g. /dev/ttyUSB0).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["tcp", "rtu_over_tcp"], required_unless_present_any = ["tcp", "rtu_over_tcp"])]
    pub port: Option<String>,
    /// Modbus TCP gateway or meter.
    #[arg(long, value_name = "HOST:PORT", conflicts_with = "rtu_over_tcp")]
    pub tcp: Option<String>,
    /// Transparent RTU-over-TCP gateway.
    #[arg(long, value_name = "HOST:PORT")]
    pub rtu_over_tcp: Option<String>,
    /// Baud rate of the serial line (with --tcp or --rtu-over-tcp: of the gateway's serial
    /// side, which sizes the reply timeout).
    #[arg(long, default_value_t = 9600, value_parser = clap::value_parser!(u32).range(300..=1_000_000))]
    pub baud: u32,
    /// Parity (ptys only carry none).
    #[arg(long, value_enum, default_value_t = ParityArg::Even)]
    pub parity: ParityArg,
    /// Stop bits.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub stop_bits: u8,
    /// Response allowance: how long a meter may take to start answering, in ms. On every link
    /// the request's and the reply's time on the wire at --baud are added (and, with --tcp or
    /// --rtu-over-tcp, --network-allowance-ms). Default 200; `ems scan` uses 60 unless given.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=60_000))]
    pub timeout_ms: Option<u64>,
    /// Added to every reply timeout for the network and the gateway (--tcp, --rtu-over-tcp), ms.
    #[arg(long, default_value_t = LinkArgs::DEFAULT_NETWORK_ALLOWANCE_MS, value_parser = clap::value_parser!(u64).range(0..=60_000))]
    pub network_allowance_ms: u64,
}

impl LinkArgs {
    /// The default response allowance, ms.
    pub const DEFAULT_TIMEOUT_MS: u64 = 200;

    /// The default network allowance, ms.
    pub const DEFAULT_NETWORK_ALLOWANCE_MS: u64 = 50;

    /// The response allowance in force, ms.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms.unwrap_or(Self::DEFAULT_TIMEOUT_MS)
    }

    /// Planner link parameters for these options.
    pub fn link_params(&self) -> LinkParams {
        LinkParams::new(self.baud).with_parity(self.parity.into(), self.stop_bits)
    }

    /// The serial timing for these options (the line's, or the gateway's serial side), with
    /// the response allowance.
    pub fn timing(&self) -> RtuTiming {
        let allowance_us = (self.timeout_ms() * 1000).min(u64::from(u32::MAX)) as u32;
        self.link_params()
            .timing()
            .with_turnaround_allowance_us(allowance_us)
    }

    /// Whether the link goes through a network (--tcp, --rtu-over-tcp).
    pub fn is_network(&self) -> bool {
        self.tcp.is_some() || self.rtu_over_tcp.is_some()
    }

    /// The TCP client options for these link options: the serial side's timing with the
    /// response allowance, and the network allowance.
    pub fn tcp_options(&self) -> TcpOptions {
        TcpOptions::new(self.timing())
            .with_network_allowance(Duration::from_millis(self.network_allowance_ms))
    }

    /// How the timeout is made up, for messages ("200 ms response allowance + wire time at
    /// 9600 baud + 50 ms network allowance").
    pub fn describe_timeout(&self) -> String {
        let network = if self.is_network() {
            format!(" + {} ms network allowance", self.network_allowance_ms)
        } else {
            String::new()
        };
        format!(
            "{} ms response allowance + wire time at {} baud{network}",
            self.timeout_ms(),
            self.baud
        )
    }

    /// A short description for messages ("/dev/ttyUSB0 at 9600 8E1").
    pub fn describe(&self) -> String {
        let p = match self.parity {
            ParityArg::None => 'N',
            ParityArg::Even => 'E',
            ParityArg::Odd => 'O',
        };
        match (&self.port, &self.tcp, &self.rtu_over_tcp) {
            (Some(port), _, _) => format!("{port} at {} 8{p}{}", self.baud, self.stop_bits),
            (_, Some(tcp), _) => format!("Modbus TCP {tcp}"),
            (_, _, Some(g)) => format!("RTU-over-TCP gateway {g}"),
            _ => "no link".into(),
        }
    }

    /// Opens the transport.
    pub fn open(&self) -> Result<AnyTransport> {
        if let Some(path) = &self.port {
            let settings = SerialSettings {
                baud: self.baud,
                parity: self.parity.into(),
                stop_bits: self.stop_bits,
            };
            let link =
                SerialPortLink::open(path, settings).map_err(|e| serial_open_error(path, e))?;
            let mut link = link;
            link.set_timing(self.timing());
            return Ok(AnyTransport::Serial(Rtu::new(link)));
        }
        if let Some(addr) = &self.tcp {
            let t = TcpTransport::connect_with(addr, self.tcp_options())
                .with_context(|| format!("cannot connect to Modbus TCP {addr}"))?;
            return Ok(AnyTransport::Tcp(t));
        }
        if let Some(addr) = &self.rtu_over_tcp {
            let l = RtuOverTcpLink::connect_with(addr, self.tcp_options())
                .with_context(|| format!("cannot connect to RTU-over-TCP gateway {addr}"))?;
            return Ok(AnyTransport::RtuOverTcp(Rtu::new(l)));
        }
        bail!("give a link: --port PATH, --tcp HOST:PORT or --rtu-over-tcp HOST:PORT")
    }
}

fn serial_open_error(path: &str, e: serialport::Error) -> anyhow::Error {
    use serialport::ErrorKind;
    match e.kind() {
        ErrorKind::NoDevice => anyhow::anyhow!("cannot open {path}: no such device (is the adapter plugged in? `ls /dev/ttyUSB* /dev/ttyACM*`)"),
        ErrorKind::Io(io::ErrorKind::NotFound) => anyhow::anyhow!("cannot open {path}: no such file"),
        ErrorKind::Io(io::ErrorKind::PermissionDenied) => anyhow::anyhow!(
            "cannot open {path}: permission denied (add your user to the dialout group: `sudo usermod -aG dialout $USER`, then log in again)"
        ),
        _ => {
            let text = e.to_string();
            if text.to_lowercase().contains("permission") {
                anyhow::anyhow!("cannot open {path}: permission denied (add your user to the dialout group: `sudo usermod -aG dialout $USER`, then log in again)")
            } else if text.to_lowercase().contains("no such file") {
                anyhow::anyhow!("cannot open {path}: no such file")
            } else {
                anyhow::anyhow!("cannot open {path}: {text}")
            }
        }
    }
}

/// Whichever transport the options chose.
pub enum AnyTransport {
    /// RTU on a serial port.
    Serial(Rtu<SerialPortLink>),
    /// Modbus TCP.
    Tcp(TcpTransport),
    /// RTU through a TCP gateway.
    RtuOverTcp(Rtu<RtuOverTcpLink>),
}

impl AnyTransport {
    /// Applies the timeouts of `link` (e.g. after changing its response allowance).
    pub fn retime(&mut self, link: &LinkArgs) {
        match self {
            AnyTransport::Serial(t) => t.link().set_timing(link.timing()),
            AnyTransport::Tcp(t) => t.set_options(link.tcp_options()),
            AnyTransport::RtuOverTcp(t) => t.link().set_options(link.tcp_options()),
        }
    }
}

impl Transport for AnyTransport {
    type Error = io::Error;

    fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<io::Error>> {
        match self {
            AnyTransport::Serial(t) => t.read_registers(unit, function, start, out),
            AnyTransport::Tcp(t) => t.read_registers(unit, function, start, out),
            AnyTransport::RtuOverTcp(t) => t.read_registers(unit, function, start, out),
        }
    }
}

/// One clear line for a driver error, naming the unit.
pub fn explain(e: &Error<io::Error>, unit: u8, link: &LinkArgs) -> String {
    match e {
        Error::Timeout => format!("no reply from unit {unit} on {} within the timeout ({}); check the unit id, wiring, baud rate and parity", link.describe(), link.describe_timeout()),
        Error::Bus(io) => format!("bus error on {}: {io}", link.describe()),
        Error::Exception(code) => format!("unit {unit} answered {code}{}", exception_hint(*code)),
        Error::Frame(FrameError::Crc { .. }) => format!("CRC error in the reply from unit {unit} (noise, wrong baud or parity, or two devices answering): {e}"),
        Error::Frame(f) => format!("bad reply from unit {unit}: {f}"),
        other => format!("unit {unit}: {other}"),
    }
}

fn exception_hint(code: ExceptionCode) -> &'static str {
    match code {
        ExceptionCode::IllegalDataAddress => {
            " — the meter does not have these registers (wrong --model?)"
        }
        ExceptionCode::IllegalDataValue => {
            " — the read is larger than the meter accepts (or the meter is not the --model given)"
        }
        ExceptionCode::IllegalFunction => " — the meter does not support this function code",
        ExceptionCode::GatewayPathUnavailable | ExceptionCode::GatewayTargetFailedToRespond => {
            " — the gateway could not reach the meter"
        }
        _ => "",
    }
}

/// Parses unit lists like `1-79`, `1,3,5-9`.
pub fn parse_units(s: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: u8 = a
            .parse()
            .with_context(|| format!("'{part}' is not a unit id or range"))?;
        let b: u8 = b
            .parse()
            .with_context(|| format!("'{part}' is not a unit id or range"))?;
        if a == 0 || b > 247 || a > b {
            bail!("'{part}': unit ids are 1-247, ranges low-high");
        }
        out.extend(a..=b);
    }
    out.sort_unstable();
    out.dedup();
    if out.is_empty() {
        bail!("no unit ids given");
    }
    Ok(out)
}

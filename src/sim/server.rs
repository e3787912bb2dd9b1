//! Servers that put simulated devices on a link: the line-timed bus, a pty (directly or
//! through the line-timed bus), Modbus TCP and RTU-over-TCP listeners on loopback.
//! Each server runs on its own threads and stops when its [`Server`] handle is dropped.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::line::{LineBus, Port, PortError};
use super::{SimHandle, SimReply};
use crate::frame::crc16;
use crate::transport::RtuTiming;

/// A running server; stops and joins its threads when dropped.
#[derive(Debug)]
pub struct Server {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    bus: Option<LineBus>,
    path: Option<PathBuf>,
    keep: Vec<Box<dyn serialport::SerialPort>>,
    link: Option<PathBuf>,
}

impl Server {
    fn new(stop: Arc<AtomicBool>) -> Self {
        Server {
            stop,
            threads: Vec::new(),
            bus: None,
            path: None,
            keep: Vec::new(),
            link: None,
        }
    }

    /// The device path a master should open (pty servers).
    pub fn path(&self) -> Option<&Path> {
        self.link.as_deref().or(self.path.as_deref())
    }

    /// The bus (line-timed servers).
    pub fn bus(&self) -> Option<&LineBus> {
        self.bus.as_ref()
    }

    /// Whether a stop was requested.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(bus) = &self.bus {
            bus.close();
        }
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
        if let Some(link) = &self.link {
            let _ = std::fs::remove_file(link);
        }
        self.keep.clear();
    }
}

/// Serves `devices` on an endpoint of a line-timed bus: frames are delimited by t3.5 of
/// silence, replies start a turnaround after the end of the request (never before t3.5).
pub fn serve_line(bus: &LineBus, devices: SimHandle) -> Server {
    let stop = Arc::new(AtomicBool::new(false));
    let mut server = Server::new(stop.clone());
    let port = bus.attach();
    server
        .threads
        .push(std::thread::spawn(move || line_loop(port, devices, stop)));
    server.bus = Some(bus.clone());
    server
}

fn line_loop(port: Port, devices: SimHandle, stop: Arc<AtomicBool>) {
    let t35 = Duration::from_nanos(port.timing().t35_ns());
    while !stop.load(Ordering::Relaxed) {
        let (frame, end) = match port.read_frame(Instant::now() + Duration::from_millis(100), 256) {
            Ok(x) => x,
            Err(PortError::Timeout) => continue,
            Err(PortError::Closed) => return,
        };
        let reply = devices.lock().handle_rtu(&frame, end);
        if let SimReply::Send { bytes, turnaround } = reply {
            port.write_at(end + turnaround.max(t35), &bytes);
        }
    }
}

/// The length of an RTU request from its first bytes, where the function code fixes it.
fn request_len(buf: &[u8]) -> Option<usize> {
    match buf.get(1)? {
        1..=6 => Some(8),
        15 | 16 => buf.get(6).map(|n| 9 + usize::from(*n)),
        _ => None,
    }
}

/// Splits complete request frames off the front of `buf` (CRC-checked; on a bad CRC one byte
/// is dropped to resynchronise). Unknown function codes are taken whole when `quiet`.
fn take_frames(buf: &mut Vec<u8>, quiet: bool) -> Vec<Vec<u8>> {
    let mut frames = Vec::new();
    loop {
        if buf.len() < 4 {
            if quiet {
                buf.clear();
            }
            return frames;
        }
        let len = match request_len(buf) {
            Some(n) => n,
            None if quiet => buf.len(),
            None => return frames,
        };
        if buf.len() < len {
            if quiet {
                buf.clear();
            }
            return frames;
        }
        let (body, crc) = buf[..len].split_at(len - 2);
        if crc16(body).to_le_bytes() == [crc[0], crc[1]] {
            frames.push(buf.drain(..len).collect());
        } else {
            buf.remove(0);
        }
    }
}

/// Serves `devices` on a stream of bytes without line timing (pty, RTU over TCP): requests are
/// recognised by function code and CRC, replies go out after the meter's turnaround.
fn stream_loop<S: Read + Write>(
    mut io: S,
    devices: SimHandle,
    stop: Arc<AtomicBool>,
    t35: Duration,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 512];
    let mut last_byte = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        match io.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                last_byte = Instant::now();
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut
                        | io::ErrorKind::WouldBlock
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(_) => {
                // A pty whose other side is closed reports EIO until it is reopened.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        }
        let quiet = last_byte.elapsed() >= t35;
        for frame in take_frames(&mut buf, quiet) {
            let reply = devices.lock().handle_rtu(&frame, Instant::now());
            if let SimReply::Send { bytes, turnaround } = reply {
                if !pause(turnaround, &stop) {
                    return;
                }
                if io.write_all(&bytes).and_then(|_| io.flush()).is_err() {
                    return;
                }
            }
        }
    }
}

/// Sleeps for `d` in short steps; false if a stop was requested meanwhile (so a long simulated
/// turnaround never delays shutdown).
fn pause(d: Duration, stop: &AtomicBool) -> bool {
    let until = Instant::now() + d;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        let now = Instant::now();
        if now >= until {
            return true;
        }
        std::thread::sleep((until - now).min(Duration::from_millis(20)));
    }
}

fn make_link(target: &Path, link: Option<&Path>) -> io::Result<Option<PathBuf>> {
    let Some(link) = link else { return Ok(None) };
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link)?;
    Ok(Some(link.to_path_buf()))
}

fn pty_pair() -> io::Result<(serialport::TTYPort, serialport::TTYPort, PathBuf)> {
    let (master, slave) = serialport::TTYPort::pair().map_err(io::Error::from)?;
    let name = serialport::SerialPort::name(&slave)
        .ok_or_else(|| io::Error::other("pty without a name"))?;
    Ok((master, slave, PathBuf::from(name)))
}

/// Serves `devices` on a new pty pair, unpaced (bytes move as fast as the kernel copies them).
/// A master opens [`Server::path`] (or `link`, a symlink made to it). Use 8N1: ptys carry no
/// parity.
pub fn serve_pty(devices: SimHandle, link: Option<&Path>, timing: RtuTiming) -> io::Result<Server> {
    let stop = Arc::new(AtomicBool::new(false));
    let mut server = Server::new(stop.clone());
    let (mut master, slave, path) = pty_pair()?;
    serialport::SerialPort::set_timeout(&mut master, Duration::from_millis(2))
        .map_err(io::Error::from)?;
    let t35 = Duration::from_nanos(timing.t35_ns());
    server.threads.push(std::thread::spawn(move || {
        stream_loop(master, devices, stop, t35)
    }));
    server.link = make_link(&path, link)?;
    server.path = Some(path);
    server.keep.push(Box::new(slave));
    Ok(server)
}

/// Serves `devices` on a line-timed bus and exposes the bus to outside programs through a pty:
/// what the program writes goes onto the line at the character rate, and it receives every
/// byte on the line as it arrives. The returned server owns the bus.
///
/// The line has a baud rate (`timing.baud`): a program that set its end of the pty to another
/// rate is not understood, as on a real line, so what it writes never reaches the meters and
/// nothing answers. (Parity cannot be emulated: a pty carries none.)
pub fn serve_pty_line_timed(
    devices: SimHandle,
    link: Option<&Path>,
    timing: RtuTiming,
) -> io::Result<Server> {
    let bus = LineBus::new(timing);
    let mut server = serve_line(&bus, devices);
    let (master, slave, path) = pty_pair()?;
    let port = bus.attach();
    let mut reader = master.try_clone_native().map_err(io::Error::from)?;
    serialport::SerialPort::set_timeout(&mut reader, Duration::from_millis(5))
        .map_err(io::Error::from)?;
    let mut writer = master;
    // The program's end of the pty: its termios hold the baud rate the program set.
    let program_end = slave.try_clone_native().map_err(io::Error::from)?;
    let line_baud = timing.baud;
    let port = Arc::new(port);
    let (p1, p2) = (port.clone(), port);
    let (s1, s2) = (server.stop.clone(), server.stop.clone());
    // Program → line.
    server.threads.push(std::thread::spawn(move || {
        let mut chunk = [0u8; 256];
        while !s1.load(Ordering::Relaxed) {
            match reader.read(&mut chunk) {
                Ok(n) if n > 0 => {
                    // At another baud rate the meters would decode noise and stay silent.
                    let understood = serialport::SerialPort::baud_rate(&program_end)
                        .map_or(true, |b| b == line_baud);
                    if understood {
                        p1.write(&chunk[..n]);
                    }
                }
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {}
                Err(_) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }));
    // Line → program.
    server.threads.push(std::thread::spawn(move || {
        let mut b = [0u8];
        while !s2.load(Ordering::Relaxed) {
            match p2.read(&mut b, Instant::now() + Duration::from_millis(100)) {
                Ok(_) => {
                    let _ = writer.write_all(&b);
                }
                Err(PortError::Timeout) => {}
                Err(PortError::Closed) => return,
            }
        }
    }));
    server.link = make_link(&path, link)?;
    server.path = Some(path);
    server.keep.push(Box::new(slave));
    Ok(server)
}

fn accept_loop(
    listener: TcpListener,
    stop: Arc<AtomicBool>,
    handler: impl Fn(TcpStream, Arc<AtomicBool>) + Send + Sync + 'static,
) {
    let handler = Arc::new(handler);
    let _ = listener.set_nonblocking(true);
    let mut conns: Vec<JoinHandle<()>> = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((s, _)) => {
                let _ = s.set_nonblocking(false);
                let _ = s.set_nodelay(true);
                let _ = s.set_read_timeout(Some(Duration::from_millis(50)));
                let (h, st) = (handler.clone(), stop.clone());
                conns.push(std::thread::spawn(move || h(s, st)));
                conns.retain(|c| !c.is_finished());
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10))
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    for c in conns {
        let _ = c.join();
    }
}

/// Serves `devices` as a Modbus TCP server (MBAP) on `listener`.
pub fn serve_tcp(listener: TcpListener, devices: SimHandle) -> Server {
    let stop = Arc::new(AtomicBool::new(false));
    let mut server = Server::new(stop.clone());
    server.threads.push(std::thread::spawn(move || {
        accept_loop(listener, stop, move |mut s, stop| {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 512];
            while !stop.load(Ordering::Relaxed) {
                match s.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                        ) =>
                    {
                        continue
                    }
                    Err(_) => return,
                }
                while buf.len() >= 7 {
                    let len = usize::from(u16::from_be_bytes([buf[4], buf[5]]));
                    if u16::from_be_bytes([buf[2], buf[3]]) != 0 || !(2..=254).contains(&len) {
                        return; // not Modbus TCP: drop the connection
                    }
                    if buf.len() < 6 + len {
                        break;
                    }
                    let adu: Vec<u8> = buf.drain(..6 + len).collect();
                    let unit = adu[6];
                    let reply = devices.lock().handle_pdu(unit, &adu[7..], Instant::now());
                    if let Some((pdu, turnaround)) = reply {
                        if !pause(turnaround, &stop) {
                            return;
                        }
                        let mut out = Vec::with_capacity(7 + pdu.len());
                        out.extend_from_slice(&adu[0..4]);
                        out.extend_from_slice(&((pdu.len() + 1) as u16).to_be_bytes());
                        out.push(unit);
                        out.extend_from_slice(&pdu);
                        if s.write_all(&out).is_err() {
                            return;
                        }
                    }
                }
            }
        })
    }));
    server
}

/// Serves `devices` as an RTU-over-TCP gateway on `listener` (RTU frames in TCP segments).
pub fn serve_rtu_over_tcp(listener: TcpListener, devices: SimHandle) -> Server {
    let stop = Arc::new(AtomicBool::new(false));
    let mut server = Server::new(stop.clone());
    server.threads.push(std::thread::spawn(move || {
        accept_loop(listener, stop, move |s, stop| {
            stream_loop(s, devices.clone(), stop, Duration::from_millis(20));
        })
    }));
    server
}

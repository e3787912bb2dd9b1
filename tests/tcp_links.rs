//! Every TCP-based link (Modbus TCP and RTU over TCP, blocking and tokio) against small real
//! servers on 127.0.0.1: one that closes idle connections, one that resets a connection in
//! the middle of a reply, a port that refuses connections, a gateway slow by the serial side's
//! wire time, and one that records when requests arrive (the serial silence).
#![cfg(feature = "tcp")]

mod common;

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use schneider_em::transport::tcp::{RtuOverTcpLink, TcpOptions, TcpTransport};
use schneider_em::transport::RtuTiming;
use schneider_em::{Error, Parity, ReadFunction, Rtu, Transport, UnitId, WireAddress};

// ---------------------------------------------------------------------------------------------
// Test servers

/// Which framing the server speaks.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Framing {
    /// Modbus TCP (MBAP header, 12-byte read requests).
    Mbap,
    /// RTU frames through a transparent gateway (8-byte read requests with CRC).
    Rtu,
}

impl Framing {
    fn request_len(self) -> usize {
        match self {
            Framing::Mbap => 12,
            Framing::Rtu => 8,
        }
    }
}

/// What the server does with its connections.
#[derive(Clone, Copy, Debug)]
struct Script {
    /// Close a connection that has carried no request for this long.
    close_when_idle: Option<Duration>,
    /// On the first connection, answer the first request with half a reply and then reset
    /// the connection (RST).
    reset_first_reply: bool,
    /// Wait this long before each reply.
    reply_delay: Duration,
}

impl Script {
    fn plain() -> Self {
        Script {
            close_when_idle: None,
            reset_first_reply: false,
            reply_delay: Duration::ZERO,
        }
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    connection: usize,
    arrived: Instant,
}

#[derive(Default)]
struct Log {
    requests: Vec<Seen>,
    /// When each reply's last byte was handed to the kernel.
    replies_sent: Vec<Instant>,
}

/// A scripted Modbus server on 127.0.0.1. Each register reads as its wire address.
struct TestServer {
    addr: String,
    connections: Arc<AtomicUsize>,
    log: Arc<Mutex<Log>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    fn start(framing: Framing, script: Script) -> Self {
        Self::on(TcpListener::bind("127.0.0.1:0").unwrap(), framing, script)
    }

    fn on(listener: TcpListener, framing: Framing, script: Script) -> Self {
        let addr = listener.local_addr().unwrap().to_string();
        let connections = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(Log::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, l, s) = (connections.clone(), log.clone(), stop.clone());
        listener.set_nonblocking(true).unwrap();
        let thread = std::thread::spawn(move || {
            let mut workers = Vec::new();
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let n = c.fetch_add(1, Ordering::SeqCst) + 1;
                        let (l, s) = (l.clone(), s.clone());
                        workers.push(std::thread::spawn(move || {
                            serve_connection(stream, n, framing, script, &l, &s)
                        }));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
            for w in workers {
                let _ = w.join();
            }
        });
        TestServer {
            addr,
            connections,
            log,
            stop,
            thread: Some(thread),
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().requests.clone()
    }

    fn replies_sent(&self) -> Vec<Instant> {
        self.log.lock().unwrap().replies_sent.clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve_connection(
    mut stream: TcpStream,
    connection: usize,
    framing: Framing,
    script: Script,
    log: &Mutex<Log>,
    stop: &AtomicBool,
) {
    stream.set_nonblocking(false).unwrap();
    stream.set_nodelay(true).unwrap();
    let poll = Duration::from_millis(5);
    stream.set_read_timeout(Some(poll)).unwrap();
    let mut idle_since = Instant::now();
    let mut answered = 0;
    while !stop.load(Ordering::Relaxed) {
        let mut request = vec![0u8; framing.request_len()];
        match stream.read(&mut request[..1]) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if script
                    .close_when_idle
                    .is_some_and(|idle| idle_since.elapsed() >= idle)
                {
                    return; // dropping the stream closes it (FIN)
                }
                continue;
            }
            Err(_) => return,
        }
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        if stream.read_exact(&mut request[1..]).is_err() {
            return;
        }
        stream.set_read_timeout(Some(poll)).unwrap();
        log.lock().unwrap().requests.push(Seen {
            connection,
            arrived: Instant::now(),
        });
        let reply = answer(framing, &request);
        std::thread::sleep(script.reply_delay);
        if script.reset_first_reply && connection == 1 && answered == 0 {
            let _ = stream.write_all(&reply[..reply.len() / 2]);
            std::thread::sleep(Duration::from_millis(20));
            socket2::SockRef::from(&stream)
                .set_linger(Some(Duration::ZERO))
                .unwrap();
            return; // dropped with linger 0: RST
        }
        if stream.write_all(&reply).is_err() {
            return;
        }
        log.lock().unwrap().replies_sent.push(Instant::now());
        answered += 1;
        idle_since = Instant::now();
    }
}

/// The reply to an FC03/FC04 read: register i reads as its wire address.
fn answer(framing: Framing, request: &[u8]) -> Vec<u8> {
    let pdu = match framing {
        Framing::Mbap => &request[7..12],
        Framing::Rtu => &request[1..6],
    };
    let unit = match framing {
        Framing::Mbap => request[6],
        Framing::Rtu => request[0],
    };
    let start = u16::from_be_bytes([pdu[1], pdu[2]]);
    let count = u16::from_be_bytes([pdu[3], pdu[4]]);
    let mut body = vec![pdu[0], (2 * count) as u8];
    for i in 0..count {
        body.extend_from_slice(&start.wrapping_add(i).to_be_bytes());
    }
    match framing {
        Framing::Mbap => {
            let mut out = request[0..4].to_vec();
            out.extend_from_slice(&((body.len() + 1) as u16).to_be_bytes());
            out.push(unit);
            out.extend_from_slice(&body);
            out
        }
        Framing::Rtu => {
            let mut frame = vec![unit];
            frame.extend_from_slice(&body);
            common::with_crc(frame)
        }
    }
}

/// A port nobody listens on (connections are refused), and the listener to take it up later.
fn refused_port() -> String {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap().to_string();
    drop(l);
    addr
}

// ---------------------------------------------------------------------------------------------
// The four clients behind one blocking interface

type ReadResult = Result<Vec<u16>, Error<io::Error>>;

trait Client {
    fn read(&mut self, start: u16, n: usize) -> ReadResult;
}

fn read_with<T: Transport<Error = io::Error>>(t: &mut T, start: u16, n: usize) -> ReadResult {
    let mut out = vec![0u16; n];
    t.read_registers(
        UnitId::new(1).unwrap(),
        ReadFunction::HoldingRegisters,
        WireAddress::new(start),
        &mut out,
    )?;
    Ok(out)
}

impl Client for TcpTransport {
    fn read(&mut self, start: u16, n: usize) -> ReadResult {
        read_with(self, start, n)
    }
}

impl Client for Rtu<RtuOverTcpLink> {
    fn read(&mut self, start: u16, n: usize) -> ReadResult {
        read_with(self, start, n)
    }
}

#[cfg(feature = "tokio")]
mod async_clients {
    use super::*;
    use schneider_em::transport::tokio::{AsyncRtuOverTcpLink, AsyncTcpTransport};
    use schneider_em::AsyncTransport;

    /// An async client driven by its own current-thread runtime.
    pub struct Driven<T> {
        pub rt: tokio::runtime::Runtime,
        pub t: T,
    }

    impl<T> Driven<T> {
        pub fn new(make: impl FnOnce() -> T) -> Self {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            // Sockets must be created inside the runtime.
            let _guard = rt.enter();
            let t = make();
            drop(_guard);
            Driven { rt, t }
        }
    }

    fn read_async<T: AsyncTransport<Error = io::Error>>(
        rt: &tokio::runtime::Runtime,
        t: &mut T,
        start: u16,
        n: usize,
    ) -> ReadResult {
        let mut out = vec![0u16; n];
        rt.block_on(t.read_registers(
            UnitId::new(1).unwrap(),
            ReadFunction::HoldingRegisters,
            WireAddress::new(start),
            &mut out,
        ))?;
        Ok(out)
    }

    impl Client for Driven<AsyncTcpTransport> {
        fn read(&mut self, start: u16, n: usize) -> ReadResult {
            read_async(&self.rt, &mut self.t, start, n)
        }
    }

    impl Client for Driven<Rtu<AsyncRtuOverTcpLink>> {
        fn read(&mut self, start: u16, n: usize) -> ReadResult {
            read_async(&self.rt, &mut self.t, start, n)
        }
    }

    pub fn tcp(addr: &str, o: TcpOptions) -> Box<dyn Client> {
        Box::new(Driven::new(|| AsyncTcpTransport::new(addr, o)))
    }

    pub fn rtu_over_tcp(addr: &str, o: TcpOptions) -> Box<dyn Client> {
        Box::new(Driven::new(|| Rtu::new(AsyncRtuOverTcpLink::new(addr, o))))
    }
}

fn blocking_tcp(addr: &str, o: TcpOptions) -> Box<dyn Client> {
    Box::new(TcpTransport::new(addr, o))
}

fn blocking_rtu_over_tcp(addr: &str, o: TcpOptions) -> Box<dyn Client> {
    Box::new(Rtu::new(RtuOverTcpLink::new(addr, o)))
}

type Make = fn(&str, TcpOptions) -> Box<dyn Client>;

fn options() -> TcpOptions {
    TcpOptions::new(RtuTiming::new(19200, Parity::Even, 1).with_turnaround_allowance_us(100_000))
        .with_network_allowance(Duration::from_millis(50))
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/// The gateway closes connections idle for 100 ms; the client reads every 250 ms. Every read
/// must succeed, each request sent exactly once, on a fresh connection each time.
fn idle_close(framing: Framing, make: Make) {
    let server = TestServer::start(
        framing,
        Script {
            close_when_idle: Some(Duration::from_millis(100)),
            ..Script::plain()
        },
    );
    let mut client = make(&server.addr, options());
    for round in 0..3u16 {
        if round > 0 {
            std::thread::sleep(Duration::from_millis(250));
        }
        let words = client
            .read(100 + round, 2)
            .unwrap_or_else(|e| panic!("read {round} after an idle close: {e:?}"));
        assert_eq!(words, vec![100 + round, 101 + round]);
    }
    let seen = server.requests();
    assert_eq!(seen.len(), 3, "each request is sent once: {seen:?}");
    assert_eq!(server.connections(), 3);
    assert_eq!(
        seen.iter().map(|s| s.connection).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
}

/// The gateway sends half a reply and resets the connection: that read fails (at once, not
/// after the timeout, and without resending the request), the next one reconnects and
/// succeeds.
fn reset_mid_reply(framing: Framing, make: Make) {
    let server = TestServer::start(
        framing,
        Script {
            reset_first_reply: true,
            ..Script::plain()
        },
    );
    let mut client = make(&server.addr, options());
    let t0 = Instant::now();
    let e = client.read(7, 4).unwrap_err();
    assert!(matches!(e, Error::Bus(_)), "a reset is a link error: {e:?}");
    assert!(
        t0.elapsed() < Duration::from_millis(150),
        "the reset is reported when it happens: {:?}",
        t0.elapsed()
    );
    assert_eq!(server.requests().len(), 1, "the request is not resent");
    assert_eq!(client.read(7, 4).unwrap(), vec![7, 8, 9, 10]);
    assert_eq!(server.connections(), 2);
    let seen = server.requests();
    assert_eq!(
        seen.iter().map(|s| s.connection).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

/// Nobody listens: the first read is refused, reads inside the backoff fail at once with a
/// clear error, and once a server is up the first read after the backoff succeeds.
fn refused_then_back(framing: Framing, make: Make) {
    let addr = refused_port();
    let o = options().with_reconnect_backoff(Duration::from_millis(300), Duration::from_secs(5));
    let mut client = make(&addr, o);
    match client.read(1, 2).unwrap_err() {
        Error::Bus(e) => assert_eq!(e.kind(), io::ErrorKind::ConnectionRefused, "{e}"),
        other => panic!("expected a refused connection, got {other:?}"),
    }
    let t0 = Instant::now();
    match client.read(1, 2).unwrap_err() {
        Error::Bus(e) => {
            assert_eq!(e.kind(), io::ErrorKind::NotConnected, "{e}");
            let text = e.to_string();
            assert!(
                text.contains("reconnect backoff: next attempt in"),
                "{text}"
            );
            assert!(text.contains("refused"), "names the last failure: {text}");
        }
        other => panic!("expected the backoff error, got {other:?}"),
    }
    assert!(
        t0.elapsed() < Duration::from_millis(50),
        "no wait, no attempt"
    );
    // The gateway comes back; the next attempt is due 300 ms after the first failure.
    let server = TestServer::on(TcpListener::bind(&addr).unwrap(), framing, Script::plain());
    std::thread::sleep(Duration::from_millis(350));
    assert_eq!(client.read(1, 2).unwrap(), vec![1, 2]);
    assert_eq!(server.connections(), 1);
}

/// Consecutive failures double the wait (300 ms, then 600 ms), so a dead gateway is tried
/// once per backoff period however often the caller reads.
fn backoff_doubles(make: Make) {
    let addr = refused_port();
    let o = options().with_reconnect_backoff(Duration::from_millis(300), Duration::from_secs(5));
    let mut client = make(&addr, o);
    let mut attempts = Vec::new();
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_millis(1_400) {
        match client.read(1, 2) {
            Err(Error::Bus(e)) if e.kind() == io::ErrorKind::ConnectionRefused => {
                attempts.push(t0.elapsed())
            }
            Err(Error::Bus(e)) if e.kind() == io::ErrorKind::NotConnected => {}
            other => panic!("unexpected {other:?}"),
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Attempts at about 0, 300 and 900 ms.
    assert_eq!(attempts.len(), 3, "{attempts:?}");
    let gap1 = attempts[1] - attempts[0];
    let gap2 = attempts[2] - attempts[1];
    assert!(
        gap1 >= Duration::from_millis(300) && gap1 < Duration::from_millis(500),
        "{attempts:?}"
    );
    assert!(
        gap2 >= Duration::from_millis(600) && gap2 < Duration::from_millis(800),
        "{attempts:?}"
    );
}

/// The gateway's serial side runs at 1200 baud: the request (8 characters, 73 ms) and the
/// reply (9 characters, 83 ms) take their wire time on top of the meter's 20 ms turnaround.
/// A 40 ms response allowance must cover the turnaround only; the wire time is added.
fn wire_time_is_added(framing: Framing, make: Make) {
    let slow_line = RtuTiming::new(1200, Parity::Even, 1);
    let wire = Duration::from_nanos(slow_line.chars_ns(8 + 9));
    let server = TestServer::start(
        framing,
        Script {
            reply_delay: wire + Duration::from_millis(20),
            ..Script::plain()
        },
    );
    let o = TcpOptions::new(slow_line.with_turnaround_allowance_us(40_000))
        .with_network_allowance(Duration::from_millis(20));
    let budget = o.reply_timeout(8, 9);
    assert!(budget > wire + Duration::from_millis(60), "{budget:?}");
    let mut client = make(&server.addr, o);
    assert_eq!(client.read(3, 2).unwrap(), vec![3, 4]);

    // A meter slower than the whole budget times out at the budget, not much later.
    let server = TestServer::start(
        framing,
        Script {
            reply_delay: budget + Duration::from_millis(300),
            ..Script::plain()
        },
    );
    let mut client = make(&server.addr, o);
    let t0 = Instant::now();
    assert!(matches!(client.read(3, 2).unwrap_err(), Error::Timeout));
    let took = t0.elapsed();
    assert!(
        took >= budget && took < budget + Duration::from_millis(250),
        "{took:?} vs {budget:?}"
    );
}

/// Back-to-back requests through an RTU-over-TCP gateway: each request reaches the gateway
/// only after the serial side has been quiet for t3.5 since the previous reply (32 ms at
/// 1200 baud), unless the option is off.
fn serial_silence(make: Make) {
    let line = RtuTiming::new(1200, Parity::Even, 1);
    let t35 = Duration::from_nanos(line.t35_ns());
    assert!(t35 > Duration::from_millis(30));
    let o = TcpOptions::new(line.with_turnaround_allowance_us(50_000))
        .with_network_allowance(Duration::from_millis(20));
    let gaps = |o: TcpOptions| {
        let server = TestServer::start(Framing::Rtu, Script::plain());
        let mut client = make(&server.addr, o);
        for i in 0..4 {
            assert_eq!(client.read(i, 1).unwrap(), vec![i]);
        }
        let arrived: Vec<Instant> = server.requests().iter().map(|s| s.arrived).collect();
        let sent = server.replies_sent();
        (1..arrived.len())
            .map(|k| arrived[k].saturating_duration_since(sent[k - 1]))
            .collect::<Vec<_>>()
    };
    let kept = gaps(o);
    assert!(
        kept.iter().all(|g| *g >= t35),
        "every request waits t3.5 ({t35:?}) after the previous reply: {kept:?}"
    );
    let off = gaps(o.with_serial_silence(false));
    assert!(
        off.iter().any(|g| *g < Duration::from_millis(20)),
        "with the silence off, requests follow at once: {off:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The tests, per link

#[test]
fn tcp_transport_resends_on_a_fresh_connection_after_an_idle_close() {
    idle_close(Framing::Mbap, blocking_tcp);
}

#[test]
fn rtu_over_tcp_resends_on_a_fresh_connection_after_an_idle_close() {
    idle_close(Framing::Rtu, blocking_rtu_over_tcp);
}

#[test]
fn tcp_transport_fails_only_the_read_cut_by_a_reset() {
    reset_mid_reply(Framing::Mbap, blocking_tcp);
}

#[test]
fn rtu_over_tcp_fails_only_the_read_cut_by_a_reset() {
    reset_mid_reply(Framing::Rtu, blocking_rtu_over_tcp);
}

#[test]
fn tcp_transport_backs_off_from_a_refusing_gateway_and_recovers() {
    refused_then_back(Framing::Mbap, blocking_tcp);
}

#[test]
fn rtu_over_tcp_backs_off_from_a_refusing_gateway_and_recovers() {
    refused_then_back(Framing::Rtu, blocking_rtu_over_tcp);
}

#[test]
fn tcp_transport_reconnect_backoff_doubles() {
    backoff_doubles(blocking_tcp);
}

#[test]
fn rtu_over_tcp_reconnect_backoff_doubles() {
    backoff_doubles(blocking_rtu_over_tcp);
}

#[test]
fn eager_constructors_still_fail_when_the_gateway_is_down() {
    let addr = refused_port();
    assert!(TcpTransport::connect_with(&addr, options()).is_err());
    assert!(RtuOverTcpLink::connect_with(&addr, options()).is_err());
    assert!(TcpTransport::connect(&addr, Duration::from_millis(100)).is_err());
}

#[test]
fn tcp_transport_timeout_adds_the_serial_wire_time_behind_the_gateway() {
    wire_time_is_added(Framing::Mbap, blocking_tcp);
}

#[test]
fn rtu_over_tcp_timeout_adds_the_serial_wire_time_behind_the_gateway() {
    wire_time_is_added(Framing::Rtu, blocking_rtu_over_tcp);
}

/// `TcpTransport::connect(addr, allowance)`: the allowance is the meter's, not the whole
/// budget. A gateway answering after 100 ms is within a 60 ms allowance plus the 9600-baud
/// wire time and the default network allowance.
#[test]
fn tcp_transport_connect_timeout_is_a_response_allowance_not_the_whole_budget() {
    let server = TestServer::start(
        Framing::Mbap,
        Script {
            reply_delay: Duration::from_millis(100),
            ..Script::plain()
        },
    );
    let mut t = TcpTransport::connect(&server.addr, Duration::from_millis(60)).unwrap();
    assert_eq!(Client::read(&mut t, 5, 2).unwrap(), vec![5, 6]);
}

#[test]
fn rtu_over_tcp_keeps_the_serial_silence_between_requests() {
    serial_silence(blocking_rtu_over_tcp);
}

#[cfg(feature = "tokio")]
mod tokio_links {
    use super::async_clients::{rtu_over_tcp, tcp};
    use super::*;

    #[test]
    fn async_tcp_transport_resends_on_a_fresh_connection_after_an_idle_close() {
        idle_close(Framing::Mbap, tcp);
    }

    #[test]
    fn async_rtu_over_tcp_resends_on_a_fresh_connection_after_an_idle_close() {
        idle_close(Framing::Rtu, rtu_over_tcp);
    }

    #[test]
    fn async_tcp_transport_fails_only_the_read_cut_by_a_reset() {
        reset_mid_reply(Framing::Mbap, tcp);
    }

    #[test]
    fn async_rtu_over_tcp_fails_only_the_read_cut_by_a_reset() {
        reset_mid_reply(Framing::Rtu, rtu_over_tcp);
    }

    #[test]
    fn async_tcp_transport_backs_off_from_a_refusing_gateway_and_recovers() {
        refused_then_back(Framing::Mbap, tcp);
    }

    #[test]
    fn async_rtu_over_tcp_backs_off_from_a_refusing_gateway_and_recovers() {
        refused_then_back(Framing::Rtu, rtu_over_tcp);
    }

    #[test]
    fn async_tcp_transport_reconnect_backoff_doubles() {
        backoff_doubles(tcp);
    }

    #[test]
    fn async_rtu_over_tcp_reconnect_backoff_doubles() {
        backoff_doubles(rtu_over_tcp);
    }

    #[test]
    fn async_tcp_transport_timeout_adds_the_serial_wire_time_behind_the_gateway() {
        wire_time_is_added(Framing::Mbap, tcp);
    }

    #[test]
    fn async_rtu_over_tcp_timeout_adds_the_serial_wire_time_behind_the_gateway() {
        wire_time_is_added(Framing::Rtu, rtu_over_tcp);
    }

    #[test]
    fn async_tcp_transport_connect_timeout_is_a_response_allowance_not_the_whole_budget() {
        use schneider_em::transport::tokio::AsyncTcpTransport;
        let server = TestServer::start(
            Framing::Mbap,
            Script {
                reply_delay: Duration::from_millis(100),
                ..Script::plain()
            },
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let t = rt
            .block_on(AsyncTcpTransport::connect(
                &server.addr,
                Duration::from_millis(60),
            ))
            .unwrap();
        let mut d = async_clients::Driven { rt, t };
        assert_eq!(d.read(5, 2).unwrap(), vec![5, 6]);
    }

    #[test]
    fn async_eager_constructors_still_fail_when_the_gateway_is_down() {
        use schneider_em::transport::tokio::{AsyncRtuOverTcpLink, AsyncTcpTransport};
        let addr = refused_port();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            assert!(AsyncTcpTransport::connect_with(&addr, options())
                .await
                .is_err());
            assert!(AsyncRtuOverTcpLink::connect_with(&addr, options())
                .await
                .is_err());
        });
    }

    #[test]
    fn async_rtu_over_tcp_keeps_the_serial_silence_between_requests() {
        serial_silence(rtu_over_tcp);
    }
}

//! Test helpers: an independent bitwise CRC and a scripted in-memory meter that answers RTU
//! requests from a register image, so the driver can be tested without a port.
//!
//! Like embedded-hal-mock's `.done()`, the fake meter checks when it is dropped that every
//! scripted exchange was used and no received byte was left unread: a test whose script was
//! not consumed fails (unless it is already failing). A test that leaves bytes behind on
//! purpose says so with [`FakeMeter::take_pending`] and asserts what was left.

#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};

use schneider_em::{LinkError, SerialLink};

/// CRC-16/MODBUS, bit by bit (independent of the library's table-driven version).
pub fn crc(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in bytes {
        crc ^= u16::from(b);
        for _ in 0..8 {
            if crc & 1 == 1 {
                crc = (crc >> 1) ^ 0xA001;
            } else {
                crc >>= 1;
            }
        }
    }
    crc
}

/// Appends the CRC, low byte first.
pub fn with_crc(mut frame: Vec<u8>) -> Vec<u8> {
    let c = crc(&frame);
    frame.push((c & 0xFF) as u8);
    frame.push((c >> 8) as u8);
    frame
}

/// What the fake meter does with the next request.
#[derive(Clone, Debug, PartialEq)]
pub enum Behaviour {
    Answer,
    Silent,
    Exception(u8),
    CorruptCrc,
    WrongUnit(u8),
    Raw(Vec<u8>),
}

/// A meter answering FC03 from a register image keyed by wire address.
pub struct FakeMeter {
    pub unit: u8,
    pub image: BTreeMap<u16, u16>,
    pub pending: VecDeque<u8>,
    pub sent: Vec<Vec<u8>>,
    pub script: VecDeque<Behaviour>,
    /// Wire addresses that answer exception 02 if a read touches them.
    pub forbidden: Vec<(u16, u16)>,
    /// Bytes that arrive right after the next request has gone out, ahead of its reply: a
    /// late frame no link can discard before sending, because it was not there yet.
    pub late: Vec<u8>,
}

impl FakeMeter {
    pub fn new(unit: u8) -> Self {
        FakeMeter {
            unit,
            image: BTreeMap::new(),
            pending: VecDeque::new(),
            sent: Vec::new(),
            script: VecDeque::new(),
            forbidden: Vec::new(),
            late: Vec::new(),
        }
    }

    /// What was received but never read, emptied so the end-of-test check passes: for tests
    /// that leave bytes behind on purpose and assert what they were.
    pub fn take_pending(&mut self) -> Vec<u8> {
        self.pending.drain(..).collect()
    }

    /// The end-of-test check, callable explicitly: every scripted behaviour and every late
    /// frame was used, and every received byte was read.
    pub fn done(&mut self) {
        assert!(
            self.script.is_empty(),
            "fake meter: scripted exchanges never used: {:?}",
            self.script
        );
        assert!(
            self.late.is_empty(),
            "fake meter: late frame never delivered: {:02X?}",
            self.late
        );
        assert!(
            self.pending.is_empty(),
            "fake meter: received bytes never read: {:02X?}",
            self.pending
        );
    }

    /// Stores words at a documented register number.
    pub fn set(&mut self, register: u16, words: &[u16]) {
        for (i, w) in words.iter().enumerate() {
            self.image.insert(register - 1 + i as u16, *w);
        }
    }

    pub fn set_f32(&mut self, register: u16, v: f32) {
        let b = v.to_bits();
        self.set(register, &[(b >> 16) as u16, b as u16]);
    }

    pub fn set_f32_cdab(&mut self, register: u16, v: f32) {
        let b = v.to_bits();
        self.set(register, &[b as u16, (b >> 16) as u16]);
    }

    pub fn set_i64(&mut self, register: u16, v: i64) {
        let b = v as u64;
        self.set(
            register,
            &[
                (b >> 48) as u16,
                (b >> 32) as u16,
                (b >> 16) as u16,
                b as u16,
            ],
        );
    }

    fn respond(&mut self, req: &[u8]) -> Vec<u8> {
        let behaviour = self.script.pop_front().unwrap_or(Behaviour::Answer);
        assert_eq!(req.len(), 8, "request length");
        assert_eq!(
            crc(&req[..6]).to_le_bytes(),
            [req[6], req[7]],
            "request CRC"
        );
        let (unit, fc) = (req[0], req[1]);
        let start = u16::from_be_bytes([req[2], req[3]]);
        let count = u16::from_be_bytes([req[4], req[5]]);
        match behaviour {
            Behaviour::Silent => return vec![],
            Behaviour::Raw(bytes) => return bytes,
            Behaviour::Exception(code) => return with_crc(vec![unit, fc | 0x80, code]),
            _ => {}
        }
        if unit != self.unit {
            return vec![];
        }
        let end = start + count - 1;
        if self.forbidden.iter().any(|&(a, b)| start <= b && end >= a) {
            return with_crc(vec![unit, fc | 0x80, 2]);
        }
        let mut frame = vec![
            if let Behaviour::WrongUnit(u) = behaviour {
                u
            } else {
                unit
            },
            fc,
            (2 * count) as u8,
        ];
        for a in start..=end {
            frame.extend_from_slice(&self.image.get(&a).copied().unwrap_or(0).to_be_bytes());
        }
        let mut frame = with_crc(frame);
        if behaviour == Behaviour::CorruptCrc {
            let n = frame.len();
            frame[n - 1] ^= 0x55;
        }
        frame
    }
}

impl SerialLink for FakeMeter {
    type Error = std::convert::Infallible;

    fn send(&mut self, frame: &[u8], _reply_len: usize) -> Result<(), LinkError<Self::Error>> {
        // A real link discards stale input before sending.
        self.pending.clear();
        self.sent.push(frame.to_vec());
        let late = std::mem::take(&mut self.late);
        self.pending.extend(late);
        let reply = self.respond(frame);
        self.pending.extend(reply);
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>> {
        if self.pending.len() < buf.len() {
            self.pending.clear();
            return Err(LinkError::Timeout);
        }
        for b in buf.iter_mut() {
            *b = self.pending.pop_front().unwrap();
        }
        Ok(())
    }
}

impl Drop for FakeMeter {
    fn drop(&mut self) {
        // A test that already failed keeps its own message (a second panic would abort).
        if !std::thread::panicking() {
            self.done();
        }
    }
}

impl schneider_em::AsyncSerialLink for FakeMeter {
    type Error = std::convert::Infallible;

    async fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<Self::Error>> {
        SerialLink::send(self, frame, reply_len)
    }

    async fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>> {
        SerialLink::receive(self, buf)
    }
}

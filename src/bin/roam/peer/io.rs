//! Blocking TCP plumbing shared by both verbs: a stream plus a framer, a
//! read that waits at most until a deadline, and a tiny seeded PRNG.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use roam::diameter::wire::Framer;

/// The shortest socket wait (a zero read timeout is an error in std).
const MIN_WAIT: Duration = Duration::from_millis(1);

/// What one bounded read produced.
pub(super) enum ReadOutcome {
    /// Zero or more complete messages.
    Frames(Vec<Vec<u8>>),
    /// The deadline passed with nothing complete.
    Timeout,
    /// The peer closed the connection, the stream failed, or framing broke.
    Closed,
}

/// One connection: the socket and its message framer.
pub(super) struct Conn {
    stream: TcpStream,
    framer: Framer,
    buf: Box<[u8; 16 * 1024]>,
}

impl Conn {
    /// Wraps a connected stream (Nagle off: messages are small and timely).
    pub(super) fn new(stream: TcpStream) -> Conn {
        let _ = stream.set_nodelay(true);
        Conn {
            stream,
            framer: Framer::default(),
            buf: Box::new([0; 16 * 1024]),
        }
    }

    /// Sends one whole message.
    pub(super) fn send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Shuts the socket down in both directions.
    pub(super) fn close(&self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }

    /// Messages already buffered, or a read waiting at most `wait`.
    pub(super) fn read(&mut self, wait: Duration) -> ReadOutcome {
        let mut frames = Vec::new();
        if drain(&mut self.framer, &mut frames).is_err() {
            return ReadOutcome::Closed;
        }
        if !frames.is_empty() {
            return ReadOutcome::Frames(frames);
        }
        if self
            .stream
            .set_read_timeout(Some(wait.max(MIN_WAIT)))
            .is_err()
        {
            return ReadOutcome::Closed;
        }
        match self.stream.read(&mut self.buf[..]) {
            Ok(0) => ReadOutcome::Closed,
            Ok(n) => {
                let mut data = &self.buf[..n];
                while !data.is_empty() {
                    let took = self.framer.push(data);
                    data = &data[took..];
                    if drain(&mut self.framer, &mut frames).is_err() {
                        return ReadOutcome::Closed;
                    }
                    if took == 0 && !data.is_empty() {
                        return ReadOutcome::Closed;
                    }
                }
                ReadOutcome::Frames(frames)
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                ReadOutcome::Timeout
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => ReadOutcome::Frames(frames),
            Err(_) => ReadOutcome::Closed,
        }
    }
}

/// Moves every complete message out of the framer; `Err` on a framing
/// error (the stream is then unusable).
fn drain(framer: &mut Framer, out: &mut Vec<Vec<u8>>) -> Result<(), ()> {
    while let Some(f) = framer.next_frame() {
        match f {
            Ok(m) => out.push(m.to_vec()),
            Err(_) => return Err(()),
        }
    }
    Ok(())
}

/// Seconds since the Unix epoch (0 if the clock is before it).
pub(super) fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// SplitMix64 seeded from the wall clock and the process id: the binary's
/// source of the machine's seed (jitter and identifiers are not secrets,
/// so no cryptographic generator is needed; the library takes any
/// `rand_core::Rng`).
pub(super) struct SeedRng(u64);

impl SeedRng {
    /// Seeded from the system time (nanoseconds) and the pid.
    pub(super) fn from_time() -> SeedRng {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        SeedRng(nanos ^ (u64::from(std::process::id()) << 32))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl rand_core::TryRng for SeedRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.next() >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next())
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

//! The profile search with the patent's semantics (seed 000 §3).
//!
//! A node holds seven service profile caches ([`CacheId`]): the AAA-notified
//! `ASPCsrc`/`ASPCdst` and the node's own `NSPCsrc`, `NDSPsrc`, `NSPCdst`,
//! `NDSPdst` and `NDSP`. A data-driven [`SearchPolicy`] (the patent's search
//! policy management table, Fig. 20) says in which order they are searched
//! and what a *table miss* does. For a packet:
//!
//! 1. the caches are searched in policy order; inside a cache, profiles are
//!    tried in installation order (exact-address profiles are found through
//!    a hash index, the rest through a list, merged by installation order);
//! 2. a profile hits when every condition it sets equals the packet's field
//!    (§3.2; a port condition never matches a packet without ports; an empty
//!    target never hits in ASPC/NSPC caches and matches everything in the
//!    NDSP caches);
//! 3. on a hit, the packet is decapsulated first if the profile says so
//!    (§3.3 1), the TOS values and encapsulation of the profile are staged,
//!    explicit transfer destinations are used in sequence, otherwise the
//!    control table is consulted through [`ControlTables`];
//! 4. the control table `service_profile_cache` re-runs the whole search on
//!    the decapsulated packet, at most [`MAX_SEARCH_DEPTH`] levels deep;
//! 5. a *table miss* (the table has no entry) is a fault for AAA-notified
//!    profiles and falls through to the next cache for node profiles (§3.3 4),
//!    as the policy table says ([`MissPolicy`]);
//! 6. if nothing decides, the packet is dropped with [`DropReason::NoProfile`].
//!
//! The [`Verdict`] carries a [`Trace`] of every profile that hit, level by
//! level, with what happened to it.
//!
//! Packets are seen through [`Headers`], a small abstraction (addresses,
//! protocol, TOS, ports, and the encapsulated inner packet) that an IPv4
//! header view implements.

use core::net::Ipv4Addr;
use core::sync::atomic::{AtomicU32, Ordering};

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use super::exact::ExactMap;
use super::profile::{ControlTable, EncapMethod, Profile, ProfileId};

/// Deepest re-search after decapsulation (§3.4 (a proposal): ANYCAST needs two).
pub const MAX_SEARCH_DEPTH: u8 = 4;
/// Most hops a [`Trace`] records; later hops are counted, not stored.
pub const MAX_TRACE_HOPS: usize = 16;
/// Packets per chunk in [`ProfileSearch::classify_batch`].
pub const BATCH: usize = 16;
/// Most profiles one [`ProfileSearch`] holds.
pub const MAX_PROFILES: usize = 1 << 24;

/// What the search needs to know about a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PacketKey {
    /// Source address.
    pub src: u32,
    /// Destination address.
    pub dst: u32,
    /// IP protocol.
    pub proto: u8,
    /// TOS octet.
    pub tos: u8,
    /// Transport ports (source, destination) when the packet has a TCP/UDP
    /// header (first fragment); `None` otherwise.
    pub ports: Option<(u16, u16)>,
}

/// A packet's headers as the search sees them. Implemented by [`Packet`] and
/// meant to be implemented by an IPv4 header view (the inner packet of an
/// IP-in-IP, minimal or GRE encapsulation is a view into the payload).
pub trait Headers: Sized {
    /// The fields the search matches on.
    fn key(&self) -> PacketKey;
    /// The encapsulated inner packet, if this packet is a tunnel packet.
    fn decapsulate(&self) -> Option<Self>;
}

/// A simple owned packet description for tests, configuration tools and
/// simulations: headers only, with an optional encapsulated inner packet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Packet {
    /// The outer headers.
    pub key: PacketKey,
    /// The encapsulated packet, if any.
    pub inner: Option<alloc::boxed::Box<Packet>>,
}

impl Packet {
    /// A packet without ports (e.g. ICMP, or a tunnel header).
    #[must_use]
    pub fn new(src: Ipv4Addr, dst: Ipv4Addr, proto: u8) -> Self {
        Packet {
            key: PacketKey {
                src: src.to_bits(),
                dst: dst.to_bits(),
                proto,
                tos: 0,
                ports: None,
            },
            inner: None,
        }
    }

    /// With transport ports.
    #[must_use]
    pub fn with_ports(mut self, sport: u16, dport: u16) -> Self {
        self.key.ports = Some((sport, dport));
        self
    }

    /// With a TOS octet.
    #[must_use]
    pub fn with_tos(mut self, tos: u8) -> Self {
        self.key.tos = tos;
        self
    }

    /// `inner` encapsulated IP-in-IP (protocol 4) from `src` to `dst`.
    #[must_use]
    pub fn encapsulated(inner: Packet, src: Ipv4Addr, dst: Ipv4Addr) -> Self {
        let mut p = Packet::new(src, dst, 4);
        p.inner = Some(alloc::boxed::Box::new(inner));
        p
    }
}

impl Headers for &Packet {
    fn key(&self) -> PacketKey {
        self.key
    }
    fn decapsulate(&self) -> Option<Self> {
        self.inner.as_deref()
    }
}

/// A minimal read-only IPv4 header reader implementing [`Headers`] over a
/// received datagram, with IP-in-IP (RFC 2003, protocol 4) and GRE
/// (RFC 2784/2890, protocol 47, payload type 0x0800) decapsulation as views
/// into the payload. Minimal encapsulation (RFC 2004) rebuilds the inner
/// header, so it cannot be a borrowed view and is not decapsulated here.
///
/// TODO(lead): implement [`Headers`] for `roam::mip4::wire::ipv4` and drop
/// this reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawIpv4<'a> {
    /// The datagram, cut to its Total Length.
    buf: &'a [u8],
    header_len: usize,
}

impl<'a> RawIpv4<'a> {
    /// Checks version 4, IHL ≥ 5 and Total Length (RFC 791 §3.1); `None` if
    /// the bytes are not a complete IPv4 datagram.
    #[must_use]
    pub fn new(buf: &'a [u8]) -> Option<Self> {
        let vihl = *buf.first()?;
        let header_len = usize::from(vihl & 0x0F) * 4;
        if vihl >> 4 != 4 || header_len < 20 {
            return None;
        }
        let total = usize::from(crate::wire::be_u16(buf, 2)?);
        if total < header_len {
            return None;
        }
        let buf = buf.get(..total)?;
        Some(RawIpv4 { buf, header_len })
    }

    fn payload(&self) -> &'a [u8] {
        self.buf.get(self.header_len..).unwrap_or(&[])
    }

    fn byte(&self, at: usize) -> u8 {
        self.buf.get(at).copied().unwrap_or(0)
    }
}

impl Headers for RawIpv4<'_> {
    fn key(&self) -> PacketKey {
        let proto = self.byte(9);
        let first_fragment = crate::wire::be_u16(self.buf, 6).is_some_and(|f| f & 0x1FFF == 0);
        let p = self.payload();
        let ports = if first_fragment && matches!(proto, 6 | 17) {
            crate::wire::be_u16(p, 0).zip(crate::wire::be_u16(p, 2))
        } else {
            None
        };
        PacketKey {
            src: crate::wire::be_u32(self.buf, 12).unwrap_or(0),
            dst: crate::wire::be_u32(self.buf, 16).unwrap_or(0),
            proto,
            tos: self.byte(1),
            ports,
        }
    }

    fn decapsulate(&self) -> Option<Self> {
        let p = self.payload();
        match self.byte(9) {
            4 => RawIpv4::new(p),
            47 => {
                // RFC 2784 §2.1 / RFC 2890: C, K, S bits add 4 octets each;
                // version 0 and payload type IPv4 only.
                let flags = crate::wire::be_u16(p, 0)?;
                // The RFC 1701 routing bit (0x4000) is not supported.
                if flags & 0x4007 != 0 || crate::wire::be_u16(p, 2)? != 0x0800 {
                    return None;
                }
                let words = [0x8000u16, 0x2000, 0x1000]
                    .iter()
                    .filter(|&&b| flags & b != 0)
                    .count();
                RawIpv4::new(p.get(4 + 4 * words..)?)
            }
            _ => None,
        }
    }
}

/// The seven service profile caches (seed 000 §2.2, Fig. 19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CacheId {
    /// AAA-notified source profiles.
    AspcSrc,
    /// Node source profiles.
    NspcSrc,
    /// Node source default profiles.
    NdspSrc,
    /// AAA-notified destination profiles.
    AspcDst,
    /// Node destination profiles.
    NspcDst,
    /// Node destination default profiles.
    NdspDst,
    /// The node's default profiles (catch-all).
    Ndsp,
}

impl CacheId {
    /// All caches, in the default search order.
    pub const ALL: [CacheId; 7] = [
        CacheId::AspcSrc,
        CacheId::NspcSrc,
        CacheId::NdspSrc,
        CacheId::AspcDst,
        CacheId::NspcDst,
        CacheId::NdspDst,
        CacheId::Ndsp,
    ];

    /// The patent's name (`ASPCsrc`, …).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            CacheId::AspcSrc => "ASPCsrc",
            CacheId::NspcSrc => "NSPCsrc",
            CacheId::NdspSrc => "NDSPsrc",
            CacheId::AspcDst => "ASPCdst",
            CacheId::NspcDst => "NSPCdst",
            CacheId::NdspDst => "NDSPdst",
            CacheId::Ndsp => "NDSP",
        }
    }

    /// Whether the profiles come from the AAA server (ASPC).
    #[must_use]
    pub const fn is_aaa_notified(self) -> bool {
        matches!(self, CacheId::AspcSrc | CacheId::AspcDst)
    }

    /// Whether the cache is a default-profile cache (an empty target matches
    /// every packet there).
    #[must_use]
    pub const fn is_default(self) -> bool {
        matches!(self, CacheId::NdspSrc | CacheId::NdspDst | CacheId::Ndsp)
    }

    /// Whether the cache is keyed on the source (its exact index uses the
    /// source address; otherwise the destination address).
    #[must_use]
    pub const fn is_source_side(self) -> bool {
        matches!(self, CacheId::AspcSrc | CacheId::NspcSrc | CacheId::NdspSrc)
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// What a table miss after a hit does (seed 000 §3.3 4, §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MissPolicy {
    /// Drop the packet and report a fault (AAA-notified profiles).
    Fault,
    /// Continue with the next step of the policy (node profiles).
    NextCache,
    /// Try the next matching profile of the same cache, then the next step.
    NextProfile,
}

/// One row of the search policy table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SearchStep {
    /// The patent's procedural step number (1..=5 in the default table);
    /// informative only.
    pub step: u8,
    /// The cache searched.
    pub cache: CacheId,
    /// What a table miss does.
    pub on_table_miss: MissPolicy,
    /// Search this cache only right after a table miss in the previous row
    /// (seed 000 §8 item 2: `NDSPsrc` as a fallback for `NSPCsrc` misses).
    pub only_after_miss: bool,
}

/// The search policy management table (Fig. 20, reconstructed in §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchPolicy {
    /// The rows, in search order.
    pub steps: Vec<SearchStep>,
}

impl Default for SearchPolicy {
    /// ASPCsrc → NSPCsrc → NDSPsrc → ASPCdst → NSPCdst → NDSPdst → NDSP, ASPC
    /// table misses are faults, the others fall through to the next cache.
    fn default() -> Self {
        let steps = [1, 1, 2, 3, 3, 4, 5]
            .into_iter()
            .zip(CacheId::ALL)
            .map(|(step, cache)| SearchStep {
                step,
                cache,
                on_table_miss: if cache.is_aaa_notified() {
                    MissPolicy::Fault
                } else {
                    MissPolicy::NextCache
                },
                only_after_miss: false,
            })
            .collect();
        SearchPolicy { steps }
    }
}

impl SearchPolicy {
    /// The alternative reading of Fig. 37 (§8 item 2): `NDSPsrc` is consulted
    /// only after an `NSPCsrc` hit whose table missed.
    #[must_use]
    pub fn ndsp_src_as_fallback() -> Self {
        let mut p = Self::default();
        for s in &mut p.steps {
            if s.cache == CacheId::NdspSrc {
                s.only_after_miss = true;
            }
        }
        p
    }
}

/// What a control table returned for a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableHit {
    /// Routing table: the next hop.
    NextHop(Ipv4Addr),
    /// Mobility binding or binding cache: tunnel to this care-of address.
    CareOf(Ipv4Addr),
    /// Visitor list or ANYCAST table: deliver on the link to this link-layer
    /// address (48-bit MAC in the low bits, or a link handle).
    Link(u64),
}

/// The node's control tables, consulted after a hit (routing table,
/// mobility binding, visitor list, binding cache, ANYCAST table). The search
/// itself handles `service_profile_cache`.
pub trait ControlTables {
    /// Looks `table` up for the (possibly decapsulated) packet, through the
    /// profile's control information identifier `link` when it has one.
    /// `None` is a table miss.
    fn lookup(
        &self,
        table: ControlTable,
        link: Option<u32>,
        packet: &PacketKey,
    ) -> Option<TableHit>;
}

/// A stable handle on an installed profile (valid until it is removed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProfileHandle(pub u32);

/// What happened at one hop of the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HopOutcome {
    /// The control table answered: the search ended here.
    Forward,
    /// Explicit transfer destinations were used.
    Transfer,
    /// `service_profile_cache`: the search restarted one level deeper.
    Research,
    /// The control table had no entry; the policy continued.
    TableMiss,
    /// The control table had no entry and the profile is AAA-notified.
    Fault,
    /// Re-search refused: [`MAX_SEARCH_DEPTH`] reached.
    TooDeep,
}

/// One profile hit of the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hop {
    /// Recursion level (0 = the received packet).
    pub depth: u8,
    /// The cache searched.
    pub cache: CacheId,
    /// The profile that hit.
    pub profile: ProfileHandle,
    /// Whether the packet was decapsulated at this hop.
    pub decapsulated: bool,
    /// What happened.
    pub outcome: HopOutcome,
}

/// The hops of one search, in order (no allocation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trace {
    hops: [Option<Hop>; MAX_TRACE_HOPS],
    len: usize,
}

impl Default for Trace {
    fn default() -> Self {
        Trace {
            hops: [None; MAX_TRACE_HOPS],
            len: 0,
        }
    }
}

impl Trace {
    fn push(&mut self, hop: Hop) {
        if let Some(slot) = self.hops.get_mut(self.len) {
            *slot = Some(hop);
        }
        self.len += 1;
    }

    /// The recorded hops.
    pub fn hops(&self) -> impl Iterator<Item = &Hop> + '_ {
        self.hops.iter().flatten()
    }

    /// Number of hops, including any beyond [`MAX_TRACE_HOPS`].
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no profile hit.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Why a packet is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// An AAA-notified profile hit but its control table had no entry
    /// ("the process is terminated by recognizing that a fault occurs").
    Fault {
        /// The cache.
        cache: CacheId,
        /// The profile.
        profile: ProfileHandle,
    },
    /// No profile decided (not even an NDSP).
    NoProfile,
    /// Re-search deeper than [`MAX_SEARCH_DEPTH`].
    TooDeep,
}

/// The decision for a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Forward according to a control table.
    Forward {
        /// The table consulted.
        table: ControlTable,
        /// What it returned.
        hit: TableHit,
    },
    /// Send to an explicit transfer destination (the profile's list, used in
    /// sequence), encapsulated with the profile's method if it has one.
    Transfer {
        /// The selected destination.
        destination: Ipv4Addr,
    },
    /// Drop.
    Drop(DropReason),
}

/// The search result: the action, the staged edits and the trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// TOS to write into the delivered (inner) packet.
    pub tos_inner: Option<u8>,
    /// TOS to write into an outer header the node adds (tunnelling).
    pub tos_outer: Option<u8>,
    /// Explicit encapsulation method.
    pub encap: Option<EncapMethod>,
    /// How many encapsulation layers to strip before delivering.
    pub decapsulations: u8,
    /// The deciding profile (none for a drop without a hit).
    pub profile: Option<ProfileHandle>,
    /// Every hop of the search.
    pub trace: Trace,
}

/// Installing a profile was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InstallError {
    /// A profile with the same id and a higher version is installed (seed
    /// 004: a late old profile never overwrites a newer one).
    #[error("stale profile version {offered} (installed {installed})")]
    Stale {
        /// The offered version.
        offered: u32,
        /// The installed version.
        installed: u32,
    },
    /// The search holds [`MAX_PROFILES`] profiles.
    #[error("profile capacity exhausted")]
    Full,
}

#[derive(Debug)]
struct Slot {
    profile: Profile,
    cache: CacheId,
    /// The exact-index key, when the profile is indexed by address.
    exact: Option<u32>,
    /// Sequential selection of transfer destinations.
    rotor: AtomicU32,
}

const NONE: u32 = u32::MAX;
const F_EMPTY: u8 = 1;
const F_SPORT: u8 = 2;
const F_DPORT: u8 = 4;
const F_PROTO: u8 = 8;
const F_DECAP: u8 = 16;
const F_TRANSFER: u8 = 32;

/// What the search reads on its hot path, one cache line per profile:
/// the compiled conditions, the order links and the verdict fields.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Hot {
    /// Installation order inside the cache (lower = earlier).
    seq: u64,
    /// Next slot with the same exact key in this cache (seq order), or NONE.
    next_same: u32,
    src: u32,
    smask: u32,
    dst: u32,
    dmask: u32,
    sp_lo: u16,
    sp_hi: u16,
    dp_lo: u16,
    dp_hi: u16,
    flags: u8,
    proto: u8,
    table: ControlTable,
    tos_inner: Option<u8>,
    tos_outer: Option<u8>,
    encap: Option<EncapMethod>,
    link: Option<u32>,
}

impl Hot {
    fn new(p: &Profile, seq: u64) -> Self {
        let t = &p.target;
        let (src, smask) = t.src.map_or((0, 0), |a| (a.addr(), a.mask()));
        let (dst, dmask) = t.dst.map_or((0, 0), |a| (a.addr(), a.mask()));
        let (sp_lo, sp_hi) = t.sport.map_or((0, u16::MAX), |r| (r.lo(), r.hi()));
        let (dp_lo, dp_hi) = t.dport.map_or((0, u16::MAX), |r| (r.lo(), r.hi()));
        let flag = |b: bool, f: u8| if b { f } else { 0 };
        Hot {
            seq,
            next_same: NONE,
            src,
            smask,
            dst,
            dmask,
            sp_lo,
            sp_hi,
            dp_lo,
            dp_hi,
            flags: flag(t.is_empty(), F_EMPTY)
                | flag(t.sport.is_some(), F_SPORT)
                | flag(t.dport.is_some(), F_DPORT)
                | flag(t.proto.is_some(), F_PROTO)
                | flag(p.edit.decap, F_DECAP)
                | flag(!p.edit.transfer.is_empty(), F_TRANSFER),
            proto: t.proto.unwrap_or(0),
            table: p.control.table,
            tos_inner: p.edit.tos_inner,
            tos_outer: p.edit.tos_outer,
            encap: p.edit.encap,
            link: p.control.link,
        }
    }

    /// The §3.2 predicate on the compiled conditions.
    #[inline]
    fn matches(&self, cache: CacheId, k: &PacketKey) -> bool {
        if self.flags & F_EMPTY != 0 {
            return cache.is_default();
        }
        if (k.src & self.smask) != self.src || (k.dst & self.dmask) != self.dst {
            return false;
        }
        if self.flags & F_PROTO != 0 && k.proto != self.proto {
            return false;
        }
        if self.flags & (F_SPORT | F_DPORT) != 0 {
            let Some((sp, dp)) = k.ports else {
                return false;
            };
            if !(self.sp_lo <= sp && sp <= self.sp_hi && self.dp_lo <= dp && dp <= self.dp_hi) {
                return false;
            }
        }
        true
    }
}

#[derive(Debug, Default)]
struct Cache {
    exact: ExactMap,
    /// Profiles without an exact key, in seq order.
    others: Vec<u32>,
    len: usize,
}

/// The service profile caches of one node and their search.
#[derive(Debug, Default)]
pub struct ProfileSearch {
    policy: SearchPolicy,
    slots: Vec<Option<Slot>>,
    /// Parallel to `slots`: the hot-path view of each live profile.
    hot: Vec<Hot>,
    free: Vec<u32>,
    caches: [Cache; 7],
    by_id: BTreeMap<ProfileId, u32>,
    next_seq: u64,
}

fn exact_key(p: &Profile, cache: CacheId) -> Option<u32> {
    let a = if cache.is_source_side() {
        p.target.src
    } else {
        p.target.dst
    }?;
    (a.mask() == u32::MAX).then_some(a.addr())
}

impl ProfileSearch {
    /// Empty caches with the given policy table.
    #[must_use]
    pub fn new(policy: SearchPolicy) -> Self {
        ProfileSearch {
            policy,
            ..Self::default()
        }
    }

    /// Sizes `cache`'s exact index for `n` profiles (avoids rehashing while a
    /// large table is loaded).
    pub fn reserve_exact(&mut self, cache: CacheId, n: usize) {
        if let Some(c) = self.caches.get_mut(cache.index()) {
            if c.exact.is_empty() {
                c.exact = ExactMap::with_capacity(n);
            }
        }
        self.slots.reserve(n);
        self.hot.reserve(n);
    }

    /// The policy table.
    #[must_use]
    pub fn policy(&self) -> &SearchPolicy {
        &self.policy
    }

    /// Installs `profile` into `cache`. A profile with the same id is
    /// replaced (seed 000 §8 item 9) unless the offered version is lower
    /// (seed 004); a replacement keeps its position when it stays in the same
    /// cache and address.
    ///
    /// # Errors
    /// [`InstallError::Stale`], [`InstallError::Full`].
    pub fn install(
        &mut self,
        cache: CacheId,
        profile: Profile,
    ) -> Result<ProfileHandle, InstallError> {
        if let Some(&h) = self.by_id.get(&profile.id) {
            let Some(Some(old)) = self.slots.get_mut(h as usize) else {
                return Err(InstallError::Full);
            };
            if profile.version < old.profile.version {
                return Err(InstallError::Stale {
                    offered: profile.version,
                    installed: old.profile.version,
                });
            }
            if old.cache == cache && old.exact == exact_key(&profile, cache) {
                if let Some(hot) = self.hot.get_mut(h as usize) {
                    let mut fresh = Hot::new(&profile, hot.seq);
                    fresh.next_same = hot.next_same;
                    *hot = fresh;
                }
                old.profile = profile;
                old.rotor = AtomicU32::new(0);
                return Ok(ProfileHandle(h));
            }
            self.remove_handle(h);
        }
        if self.by_id.len() >= MAX_PROFILES {
            return Err(InstallError::Full);
        }
        let exact = exact_key(&profile, cache);
        let hot = Hot::new(&profile, self.next_seq);
        self.next_seq += 1;
        let id = profile.id.clone();
        let slot = Slot {
            profile,
            cache,
            exact,
            rotor: AtomicU32::new(0),
        };
        let h = match self.free.pop() {
            Some(h) => {
                if let Some(s) = self.slots.get_mut(h as usize) {
                    *s = Some(slot);
                }
                if let Some(x) = self.hot.get_mut(h as usize) {
                    *x = hot;
                }
                h
            }
            None => {
                self.slots.push(Some(slot));
                self.hot.push(hot);
                (self.slots.len() - 1) as u32
            }
        };
        let Some(c) = self.caches.get_mut(cache.index()) else {
            return Err(InstallError::Full);
        };
        c.len += 1;
        match exact {
            Some(key) => match c.exact.get(key) {
                None => {
                    c.exact.insert(key, h);
                }
                Some(head) => {
                    // Append at the tail: the chain stays in seq order.
                    let mut at = head;
                    while let Some(x) = self.hot.get(at as usize) {
                        if x.next_same == NONE {
                            break;
                        }
                        at = x.next_same;
                    }
                    if let Some(x) = self.hot.get_mut(at as usize) {
                        x.next_same = h;
                    }
                }
            },
            None => c.others.push(h),
        }
        self.by_id.insert(id, h);
        Ok(ProfileHandle(h))
    }

    /// Removes the profile with this id; `true` if there was one.
    pub fn remove(&mut self, id: &ProfileId) -> bool {
        match self.by_id.get(id) {
            Some(&h) => {
                self.remove_handle(h);
                true
            }
            None => false,
        }
    }

    /// Removes every profile of a session; returns how many.
    pub fn remove_session(&mut self, session_id: &str) -> usize {
        let handles: Vec<u32> = self
            .by_id
            .range(
                ProfileId {
                    session_id: session_id.into(),
                    number: 0,
                }..=ProfileId {
                    session_id: session_id.into(),
                    number: u32::MAX,
                },
            )
            .map(|(_, &h)| h)
            .collect();
        for &h in &handles {
            self.remove_handle(h);
        }
        handles.len()
    }

    fn remove_handle(&mut self, h: u32) {
        let Some(slot) = self.slots.get_mut(h as usize).and_then(Option::take) else {
            return;
        };
        let next = self.hot.get(h as usize).map_or(NONE, |x| x.next_same);
        self.by_id.remove(&slot.profile.id);
        self.free.push(h);
        let Some(c) = self.caches.get_mut(slot.cache.index()) else {
            return;
        };
        c.len -= 1;
        match slot.exact {
            Some(key) => {
                if c.exact.get(key) == Some(h) {
                    if next == NONE {
                        c.exact.remove(key);
                    } else {
                        c.exact.insert(key, next);
                    }
                } else {
                    let mut at = c.exact.get(key);
                    while let Some(a) = at {
                        let Some(x) = self.hot.get_mut(a as usize) else {
                            break;
                        };
                        if x.next_same == h {
                            x.next_same = next;
                            break;
                        }
                        at = (x.next_same != NONE).then_some(x.next_same);
                    }
                }
            }
            None => c.others.retain(|&x| x != h),
        }
    }

    /// The profile behind a handle.
    #[must_use]
    pub fn profile(&self, h: ProfileHandle) -> Option<&Profile> {
        self.slots
            .get(h.0 as usize)
            .and_then(Option::as_ref)
            .map(|s| &s.profile)
    }

    /// The handle of an installed profile.
    #[must_use]
    pub fn handle(&self, id: &ProfileId) -> Option<ProfileHandle> {
        self.by_id.get(id).map(|&h| ProfileHandle(h))
    }

    /// Number of profiles in `cache`.
    #[must_use]
    pub fn cache_len(&self, cache: CacheId) -> usize {
        self.caches.get(cache.index()).map_or(0, |c| c.len)
    }

    /// Number of profiles installed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no profile is installed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// The first profile of `cache` matching `k`, in installation order (the
    /// exact stage and the list merged): the per-cache lookup the search uses.
    #[must_use]
    pub fn first_match(&self, cache: CacheId, k: &PacketKey) -> Option<ProfileHandle> {
        let mut found = None;
        self.for_each_candidate(cache, k, |h, _| {
            found = Some(ProfileHandle(h));
            false
        });
        found
    }

    /// Calls `f` on each profile of `cache` matching `k`, in installation
    /// order, until `f` returns `false`.
    #[inline]
    fn for_each_candidate(
        &self,
        cache: CacheId,
        k: &PacketKey,
        mut f: impl FnMut(u32, &Hot) -> bool,
    ) {
        let Some(c) = self.caches.get(cache.index()) else {
            return;
        };
        if c.len == 0 {
            return;
        }
        let key = if cache.is_source_side() { k.src } else { k.dst };
        let mut chain = if c.exact.is_empty() {
            NONE
        } else {
            c.exact.get(key).unwrap_or(NONE)
        };
        let mut others = c.others.iter().copied().peekable();
        loop {
            let a = self.hot.get(chain as usize);
            let b = others
                .peek()
                .and_then(|&h| self.hot.get(h as usize).map(|x| (h, x)));
            let (h, x, from_chain) = match (a, b) {
                (None, None) => return,
                (Some(x), None) => (chain, x, true),
                (None, Some((h, x))) => (h, x, false),
                (Some(xa), Some((hb, xb))) => {
                    if xa.seq < xb.seq {
                        (chain, xa, true)
                    } else {
                        (hb, xb, false)
                    }
                }
            };
            if from_chain {
                chain = x.next_same;
            } else {
                others.next();
            }
            if x.matches(cache, k) && !f(h, x) {
                return;
            }
        }
    }

    /// Loads the exact-index slots and hot entries `keys` will need in
    /// `cache`, all independent of each other so the CPU overlaps the
    /// cache misses (a software-pipelined batch, as DPDK's classifiers
    /// do). Pure warm-up: it changes nothing.
    fn warm(&self, cache: CacheId, keys: impl Iterator<Item = u32> + Clone) {
        let Some(c) = self.caches.get(cache.index()) else {
            return;
        };
        if c.exact.is_empty() {
            return;
        }
        let mut acc = 0u64;
        let mut heads = [NONE; BATCH];
        for (slot, key) in heads.iter_mut().zip(keys) {
            *slot = c.exact.get(key).unwrap_or(NONE);
        }
        for &h in &heads {
            acc = acc.wrapping_add(self.hot.get(h as usize).map_or(0, |x| x.seq));
        }
        core::hint::black_box(acc);
    }

    /// [`ProfileSearch::first_match`] for many keys: `out[i]` is the answer
    /// for `keys[i]` (extra entries of the longer slice are left alone).
    pub fn first_match_batch(
        &self,
        cache: CacheId,
        keys: &[PacketKey],
        out: &mut [Option<ProfileHandle>],
    ) {
        for (ks, os) in keys.chunks(BATCH).zip(out.chunks_mut(BATCH)) {
            let side = cache.is_source_side();
            self.warm(cache, ks.iter().map(|k| if side { k.src } else { k.dst }));
            for (k, o) in ks.iter().zip(os.iter_mut()) {
                *o = self.first_match(cache, k);
            }
        }
    }

    /// [`ProfileSearch::classify`] for many packets: `out[i]` is the verdict
    /// for `packets[i]`. Exact-index lookups of a chunk are issued together
    /// before the searches, so their cache misses overlap.
    pub fn classify_batch<H: Headers + Clone>(
        &self,
        packets: &[H],
        tables: &impl ControlTables,
        out: &mut [Verdict],
    ) {
        for (ps, os) in packets.chunks(BATCH).zip(out.chunks_mut(BATCH)) {
            let mut keys = [PacketKey::default(); BATCH];
            for (k, p) in keys.iter_mut().zip(ps) {
                *k = p.key();
            }
            let keys = keys.get(..ps.len()).unwrap_or(&[]);
            for cache in CacheId::ALL {
                if self.cache_len(cache) != 0 {
                    let side = cache.is_source_side();
                    self.warm(cache, keys.iter().map(|k| if side { k.src } else { k.dst }));
                }
            }
            for (p, o) in ps.iter().zip(os.iter_mut()) {
                *o = self.classify(p.clone(), tables);
            }
        }
    }

    fn transfer(&self, h: u32) -> Ipv4Addr {
        let Some(Some(s)) = self.slots.get(h as usize) else {
            return Ipv4Addr::UNSPECIFIED;
        };
        let list = &s.profile.edit.transfer;
        let n = list.len().max(1) as u32;
        let i = s.rotor.fetch_add(1, Ordering::Relaxed) % n;
        list.get(i as usize)
            .copied()
            .unwrap_or(Ipv4Addr::UNSPECIFIED)
    }

    /// Classifies a packet (seed 000 §3.4).
    pub fn classify<H: Headers + Clone>(&self, packet: H, tables: &impl ControlTables) -> Verdict {
        let mut v = Verdict {
            action: Action::Drop(DropReason::NoProfile),
            tos_inner: None,
            tos_outer: None,
            encap: None,
            decapsulations: 0,
            profile: None,
            trace: Trace::default(),
        };
        let mut pkt = packet;
        let mut depth: u8 = 0;
        'level: loop {
            let k = pkt.key();
            let mut prev_missed = false;
            for step in &self.policy.steps {
                if step.only_after_miss && !prev_missed {
                    continue;
                }
                prev_missed = false;
                let mut next: Option<H> = None;
                let mut decided = false;
                self.for_each_candidate(step.cache, &k, |h, x| {
                    let mut work = pkt.clone();
                    let mut decap = false;
                    if x.flags & F_DECAP != 0 {
                        if let Some(inner) = work.decapsulate() {
                            work = inner;
                            decap = true;
                        }
                    }
                    let mut hop = Hop {
                        depth,
                        cache: step.cache,
                        profile: ProfileHandle(h),
                        decapsulated: decap,
                        outcome: HopOutcome::Forward,
                    };
                    let stage = |v: &mut Verdict| {
                        v.tos_inner = x.tos_inner;
                        v.tos_outer = x.tos_outer;
                        v.encap = x.encap;
                        v.decapsulations = depth_decaps(v.decapsulations, decap);
                        v.profile = Some(ProfileHandle(h));
                    };
                    if x.flags & F_TRANSFER != 0 {
                        hop.outcome = HopOutcome::Transfer;
                        v.trace.push(hop);
                        stage(&mut v);
                        v.action = Action::Transfer {
                            destination: self.transfer(h),
                        };
                        decided = true;
                        return false;
                    }
                    if x.table == ControlTable::SERVICE_PROFILE_CACHE {
                        if depth >= MAX_SEARCH_DEPTH {
                            hop.outcome = HopOutcome::TooDeep;
                            v.trace.push(hop);
                            v.action = Action::Drop(DropReason::TooDeep);
                            v.profile = Some(ProfileHandle(h));
                            decided = true;
                            return false;
                        }
                        hop.outcome = HopOutcome::Research;
                        v.trace.push(hop);
                        v.decapsulations = depth_decaps(v.decapsulations, decap);
                        next = Some(work);
                        return false;
                    }
                    match tables.lookup(x.table, x.link, &work.key()) {
                        Some(hit) => {
                            v.trace.push(hop);
                            stage(&mut v);
                            v.action = Action::Forward {
                                table: x.table,
                                hit,
                            };
                            decided = true;
                            false
                        }
                        None => match step.on_table_miss {
                            MissPolicy::Fault => {
                                hop.outcome = HopOutcome::Fault;
                                v.trace.push(hop);
                                v.profile = Some(ProfileHandle(h));
                                v.action = Action::Drop(DropReason::Fault {
                                    cache: step.cache,
                                    profile: ProfileHandle(h),
                                });
                                decided = true;
                                false
                            }
                            MissPolicy::NextCache => {
                                hop.outcome = HopOutcome::TableMiss;
                                v.trace.push(hop);
                                prev_missed = true;
                                false
                            }
                            MissPolicy::NextProfile => {
                                hop.outcome = HopOutcome::TableMiss;
                                v.trace.push(hop);
                                prev_missed = true;
                                true
                            }
                        },
                    }
                });
                if decided {
                    return v;
                }
                if let Some(inner) = next {
                    pkt = inner;
                    depth += 1;
                    continue 'level;
                }
            }
            return v;
        }
    }
}

fn depth_decaps(n: u8, decap: bool) -> u8 {
    n.saturating_add(u8::from(decap))
}

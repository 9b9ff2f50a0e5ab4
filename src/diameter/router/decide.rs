//! Request routing decisions (RFC 6733 §6.1), pure and sans-IO.
//!
//! [`route_request`] reads a received request and decides, in this order:
//!
//! 1. **Loop** (§6.1.3): "A loop is detected if the server finds its own
//!    identity in a Route-Record AVP. When such an event occurs, the agent
//!    MUST answer with the Result-Code AVP set to DIAMETER_LOOP_DETECTED"
//!    → 3005.
//! 2. **Not proxiable** (§3, P bit: "If cleared, the message MUST be
//!    locally processed") → [`Decision::Local`].
//! 3. **Destination-Host** (§6.1.4, §6.1.5): naming us → local; naming a
//!    peer that is up and supports the application → forwarded straight
//!    to it; otherwise realm routing continues.
//! 4. **No Destination-Realm** (§6.1.4: requests without it, such as those
//!    for the peer itself, are processed locally) → local.
//! 5. **Routing table** (§2.7, §6.1.6): LOCAL → local (also our own realm
//!    with no entry); RELAY/PROXY → the first Server Identifier that is up,
//!    supports the application and is not in a Route-Record (§6.1.7
//!    predictive loop avoidance), else 3002 UNABLE_TO_DELIVER; REDIRECT →
//!    3006 with Redirect-Host AVPs (§6.1.8); no entry → 3003
//!    REALM_NOT_SERVED or 3007 APPLICATION_UNSUPPORTED.
//!
//! [`Decision::emit_answer`] turns the answers into bytes with
//! [`ErrorAnswer`] (E bit set: all are 3xxx protocol errors, §7.1.3), with
//! an Error-Reporting-Host naming us (§7.4: we are an agent, not the
//! request's final destination).

use alloc::vec::Vec;

use super::table::{Action, Miss, Route, RoutingTable};
use crate::diameter::answer::{AnswerError, ErrorAnswer, Identity};
use crate::diameter::wire::{
    ApplicationId, AvpCode, AvpHeader, CommandCode, CommandFlags, Message, MessageBuilder,
    ResultCode, VendorId, HEADER_LEN,
};
use crate::time::Instant;

/// Which peers can take a request: the router's view of the peer machines
/// it sits above (e.g. `Peer::is_available()` and
/// `PeerCaps::supports(app)`).
pub trait PeerSet {
    /// The peer named `host` (a DiameterIdentity) is connected, available,
    /// and supports `application`.
    fn is_up(&self, host: &[u8], application: ApplicationId) -> bool;
}

impl<F: Fn(&[u8], ApplicationId) -> bool> PeerSet for F {
    fn is_up(&self, host: &[u8], application: ApplicationId) -> bool {
        self(host, application)
    }
}

/// Redirect-Host-Usage values (RFC 6733 §6.13, AVP 261, Enumerated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RedirectHostUsage(pub u32);

impl RedirectHostUsage {
    /// DONT_CACHE (0), the default.
    pub const DONT_CACHE: Self = Self(0);
    /// ALL_SESSION (1).
    pub const ALL_SESSION: Self = Self(1);
    /// ALL_REALM (2).
    pub const ALL_REALM: Self = Self(2);
    /// REALM_AND_APPLICATION (3).
    pub const REALM_AND_APPLICATION: Self = Self(3);
    /// ALL_APPLICATION (4).
    pub const ALL_APPLICATION: Self = Self(4);
    /// ALL_HOST (5).
    pub const ALL_HOST: Self = Self(5);
    /// ALL_USER (6).
    pub const ALL_USER: Self = Self(6);
}

/// How redirect answers describe caching (RFC 6733 §6.13, §6.14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RedirectPolicy {
    /// Redirect-Host-Usage.
    pub usage: RedirectHostUsage,
    /// Redirect-Max-Cache-Time in seconds. §6.14: it "MUST be present in
    /// answer messages whose 'E' bit is set, whose Result-Code AVP is set
    /// to DIAMETER_REDIRECT_INDICATION, and whose Redirect-Host-Usage AVP
    /// set to a non-zero value"; this router always sends it.
    pub max_cache_time: u32,
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        RedirectPolicy {
            usage: RedirectHostUsage::DONT_CACHE,
            max_cache_time: 0,
        }
    }
}

/// What to do with a received request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision<'t> {
    /// Deliver to the local application.
    Local,
    /// Forward to `peer` (see [`super::forward`]).
    Forward {
        /// The next hop's DiameterIdentity.
        peer: &'t [u8],
        /// [`Action::Relay`] or [`Action::Proxy`].
        action: Action,
    },
    /// Answer 3006 REDIRECT_INDICATION naming these servers.
    Redirect {
        /// The Redirect-Host values (DiameterIdentities).
        servers: &'t [Vec<u8>],
    },
    /// Answer with this protocol error.
    Reject {
        /// 3002, 3003, 3005 or 3007.
        result_code: ResultCode,
    },
}

/// A request the router cannot decide on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// The message is an answer (R clear).
    #[error("not a request")]
    NotARequest,
    /// An AVP is malformed (the offset locates it).
    #[error(transparent)]
    Malformed(#[from] crate::diameter::wire::Error),
}

/// The routing-relevant AVPs of a request, read in one pass.
#[derive(Debug, Clone, Copy, Default)]
struct Targets<'a> {
    dest_host: Option<&'a [u8]>,
    dest_realm: Option<&'a [u8]>,
}

fn targets<'a>(req: &Message<&'a [u8]>) -> Result<Targets<'a>, RouteError> {
    let mut t = Targets::default();
    let buf: &'a [u8] = req.into_inner();
    let len = (req.length() as usize).min(buf.len());
    let body = buf.get(HEADER_LEN..len).unwrap_or(&[]);
    for avp in crate::diameter::wire::Avps::new(body, HEADER_LEN, 0) {
        let avp = avp?;
        if avp.vendor_id() != VendorId::IETF {
            continue;
        }
        match avp.code() {
            AvpCode::DESTINATION_HOST if t.dest_host.is_none() => {
                t.dest_host = Some(avp.data_ref());
            }
            AvpCode::DESTINATION_REALM if t.dest_realm.is_none() => {
                t.dest_realm = Some(avp.data_ref());
            }
            _ => {}
        }
    }
    Ok(t)
}

/// The Route-Record values of a request (top level, IETF), stopping at
/// the first malformed AVP.
pub fn route_records<'a>(req: &Message<&'a [u8]>) -> impl Iterator<Item = &'a [u8]> {
    let body: &'a [u8] = req.into_inner();
    let len = (req.length() as usize).min(body.len());
    crate::diameter::wire::Avps::new(body.get(HEADER_LEN..len).unwrap_or(&[]), HEADER_LEN, 0)
        .map_while(Result::ok)
        .filter(|a| a.code() == AvpCode::ROUTE_RECORD && a.vendor_id() == VendorId::IETF)
        .map(|a| a.data_ref())
}

/// `host` appears in one of the request's Route-Record AVPs (compared
/// case-insensitively).
#[must_use]
pub fn in_route_record(req: &Message<&[u8]>, host: &[u8]) -> bool {
    route_records(req).any(|r| r.eq_ignore_ascii_case(host))
}

/// Decides what to do with `request` (see the module docs for the order).
/// The decision borrows peer names from the table or the request.
pub fn route_request<'a, P: PeerSet + ?Sized>(
    request: &Message<&'a [u8]>,
    me: &Identity<'_>,
    table: &'a RoutingTable,
    now: Instant,
    peers: &P,
) -> Result<Decision<'a>, RouteError> {
    if !request.flags().is_request() {
        return Err(RouteError::NotARequest);
    }
    let t = targets(request)?;
    let my_host = me.origin_host.as_bytes();
    if in_route_record(request, my_host) {
        return Ok(Decision::Reject {
            result_code: ResultCode::LOOP_DETECTED,
        });
    }
    if !request.flags().is_proxiable() {
        return Ok(Decision::Local);
    }
    let app = request.application_id();
    if let Some(host) = t.dest_host {
        if host.eq_ignore_ascii_case(my_host) {
            return Ok(Decision::Local);
        }
        // §6.1.5: a Destination-Host naming a peer we are connected to.
        if peers.is_up(host, app) && !in_route_record(request, host) {
            return Ok(Decision::Forward {
                peer: host,
                action: Action::Relay,
            });
        }
    }
    let Some(realm) = t.dest_realm else {
        return Ok(Decision::Local);
    };
    let route = match table.lookup(now, realm, app) {
        Ok(r) => r,
        Err(_) if realm.eq_ignore_ascii_case(me.origin_realm.as_bytes()) => {
            return Ok(Decision::Local)
        }
        Err(Miss::RealmNotServed) => {
            return Ok(Decision::Reject {
                result_code: ResultCode::REALM_NOT_SERVED,
            })
        }
        Err(Miss::ApplicationUnsupported) => {
            return Ok(Decision::Reject {
                result_code: ResultCode::APPLICATION_UNSUPPORTED,
            })
        }
    };
    Ok(decide_route(request, route, app, peers))
}

fn decide_route<'a, P: PeerSet + ?Sized>(
    request: &Message<&[u8]>,
    route: &'a Route,
    app: ApplicationId,
    peers: &P,
) -> Decision<'a> {
    match route.action {
        Action::Local => Decision::Local,
        Action::Redirect => Decision::Redirect {
            servers: &route.servers,
        },
        action @ (Action::Relay | Action::Proxy) => route
            .servers
            .iter()
            .find(|s| peers.is_up(s, app) && !in_route_record(request, s))
            .map_or(
                Decision::Reject {
                    result_code: ResultCode::UNABLE_TO_DELIVER,
                },
                |s| Decision::Forward { peer: s, action },
            ),
    }
}

impl Decision<'_> {
    /// The answer this decision calls for, emitted into `buf` (`Ok(None)`
    /// for [`Decision::Local`] and [`Decision::Forward`]). Rejects and
    /// redirects carry E, Error-Reporting-Host = our Origin-Host, and the
    /// request's Session-Id; redirects add one Redirect-Host per server
    /// (a DiameterURI `aaa://host`), Redirect-Host-Usage and
    /// Redirect-Max-Cache-Time.
    pub fn emit_answer(
        &self,
        request: &[u8],
        me: &Identity<'_>,
        redirect: &RedirectPolicy,
        buf: &mut [u8],
    ) -> Result<Option<usize>, AnswerError> {
        let mut extra = Vec::new();
        let code = match self {
            Decision::Local | Decision::Forward { .. } => return Ok(None),
            Decision::Reject { result_code } => *result_code,
            Decision::Redirect { servers } => {
                extra = redirect_avps(servers, redirect);
                ResultCode::REDIRECT_INDICATION
            }
        };
        let ans = ErrorAnswer {
            error_reporting_host: Some(me.origin_host),
            extra_avps: &extra,
            ..ErrorAnswer::new(code)
        };
        ans.emit(request, me, buf).map(Some)
    }

    /// [`Decision::emit_answer`] into a new vector.
    pub fn answer_to_vec(
        &self,
        request: &[u8],
        me: &Identity<'_>,
        redirect: &RedirectPolicy,
    ) -> Result<Option<Vec<u8>>, AnswerError> {
        let need = match self.emit_answer(request, me, redirect, &mut []) {
            Ok(None) => return Ok(None),
            Ok(Some(n)) => n,
            Err(AnswerError::BufferTooSmall(e)) => e.required,
            Err(e) => return Err(e),
        };
        let mut v = alloc::vec![0u8; need];
        let n = self
            .emit_answer(request, me, redirect, &mut v)?
            .unwrap_or(0);
        v.truncate(n);
        Ok(Some(v))
    }
}

/// Redirect-Host (292, DiameterURI), Redirect-Host-Usage (261) and
/// Redirect-Max-Cache-Time (262), all with M (RFC 6733 §4.5 table).
fn redirect_avps(servers: &[Vec<u8>], policy: &RedirectPolicy) -> Vec<u8> {
    let mut buf = Vec::new();
    for _ in 0..2 {
        let mut b = MessageBuilder::new(
            &mut buf,
            CommandFlags::empty(),
            CommandCode(0),
            ApplicationId(0),
            0,
            0,
        );
        for s in servers {
            let mut uri = Vec::with_capacity(6 + s.len());
            uri.extend_from_slice(b"aaa://");
            uri.extend_from_slice(s);
            b.octets(AvpHeader::mandatory(AvpCode::REDIRECT_HOST), &uri);
        }
        b.u32(
            AvpHeader::mandatory(AvpCode::REDIRECT_HOST_USAGE),
            policy.usage.0,
        )
        .u32(
            AvpHeader::mandatory(AvpCode::REDIRECT_MAX_CACHE_TIME),
            policy.max_cache_time,
        );
        match b.finish() {
            Ok(n) => {
                buf.truncate(n);
                buf.drain(..HEADER_LEN.min(n));
                return buf;
            }
            Err(e) => buf.resize(e.required.min(crate::diameter::wire::MAX_MESSAGE_LEN), 0),
        }
    }
    Vec::new()
}

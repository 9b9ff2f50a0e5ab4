//! The realm-based routing table (RFC 6733 §2.7).
//!
//! Each entry is keyed by Realm Name (primary key) and Application
//! Identifier (secondary key), and carries a Local Action (LOCAL, RELAY,
//! PROXY, REDIRECT), its Server Identifiers, and whether it is static or
//! dynamic with an expiration time. §2.7: "It is possible for a realm to
//! have a default route", used when no other entry matches.
//!
//! Lookup order ([`RoutingTable::lookup`]): the exact (realm, application)
//! entry; then the realm's wildcard entry (application `None`, any
//! application); then the default route. A miss is
//! [`Miss::ApplicationUnsupported`] (3007) when the realm has entries but
//! none for the application, else [`Miss::RealmNotServed`] (3003). Realm
//! names compare case-insensitively (they are DNS names, RFC 6733 §4.3.1
//! DiameterIdentity). Dynamic entries past their expiry are ignored and
//! removed by [`RoutingTable::expire`].

use alloc::vec::Vec;

use crate::diameter::wire::ApplicationId;
use crate::time::Instant;

/// Default bound on the number of entries (the default route not counted).
pub const DEFAULT_ROUTE_CAPACITY: usize = 256;
/// Bound on the Server Identifiers of one entry.
pub const MAX_SERVERS_PER_ROUTE: usize = 16;

/// The Local Action of a routing entry (RFC 6733 §2.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Process the request locally.
    Local,
    /// Forward it, unmodified except for Route-Record and Hop-by-Hop
    /// (RFC 6733 §2.8.1).
    Relay,
    /// Forward it, possibly applying local policy (RFC 6733 §2.8.2).
    Proxy,
    /// Answer with the Server Identifiers as Redirect-Host AVPs
    /// (RFC 6733 §2.8.3, §6.1.8).
    Redirect,
}

/// One routing table entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Realm Name (primary key). Ignored for the default route.
    pub realm: Vec<u8>,
    /// Application Identifier (secondary key); `None` matches any
    /// application of the realm.
    pub application: Option<ApplicationId>,
    /// Local Action.
    pub action: Action,
    /// Server Identifiers (peer DiameterIdentities) in preference order:
    /// the next hops for RELAY and PROXY, the Redirect-Host values for
    /// REDIRECT. Empty for LOCAL.
    pub servers: Vec<Vec<u8>>,
    /// Dynamic entries (learned, e.g. from redirects) expire; static ones
    /// (configured) do not.
    pub dynamic: bool,
    /// Expiration Time of a dynamic entry; `None` never expires.
    pub expires: Option<Instant>,
}

impl Route {
    /// A static entry.
    #[must_use]
    pub fn new(realm: &[u8], application: Option<ApplicationId>, action: Action) -> Route {
        Route {
            realm: realm.to_vec(),
            application,
            action,
            servers: Vec::new(),
            dynamic: false,
            expires: None,
        }
    }

    /// Adds a server identifier (builder style).
    #[must_use]
    pub fn server(mut self, host: &[u8]) -> Route {
        self.servers.push(host.to_vec());
        self
    }

    /// Makes the entry dynamic with an expiry (builder style).
    #[must_use]
    pub fn expiring(mut self, at: Instant) -> Route {
        self.dynamic = true;
        self.expires = Some(at);
        self
    }

    /// The entry is usable at `now`.
    #[must_use]
    pub fn is_live(&self, now: Instant) -> bool {
        !self.dynamic || self.expires.is_none_or(|t| now < t)
    }

    fn key_matches(&self, realm: &[u8], application: Option<ApplicationId>) -> bool {
        self.application == application && self.realm.eq_ignore_ascii_case(realm)
    }
}

/// Why a route could not be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum TableError {
    /// The table holds `capacity` entries already.
    #[error("routing table full ({capacity} entries)")]
    Full {
        /// The table's capacity.
        capacity: usize,
    },
    /// The entry has more than [`MAX_SERVERS_PER_ROUTE`] servers.
    #[error("route has {count} servers, more than {max}")]
    TooManyServers {
        /// Servers given.
        count: usize,
        /// The bound.
        max: usize,
    },
}

/// Why a lookup found no route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Miss {
    /// No entry for the realm and no default route (3003,
    /// DIAMETER_REALM_NOT_SERVED).
    RealmNotServed,
    /// The realm has entries, none for this application, and there is no
    /// default route (3007, DIAMETER_APPLICATION_UNSUPPORTED).
    ApplicationUnsupported,
}

/// The bounded realm-based routing table. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingTable {
    routes: Vec<Route>,
    default: Option<Route>,
    capacity: usize,
}

impl Default for RoutingTable {
    fn default() -> Self {
        RoutingTable::new(DEFAULT_ROUTE_CAPACITY)
    }
}

impl RoutingTable {
    /// An empty table holding at most `capacity` entries.
    #[must_use]
    pub fn new(capacity: usize) -> RoutingTable {
        RoutingTable {
            routes: Vec::new(),
            default: None,
            capacity,
        }
    }

    /// Entries (the default route not counted).
    #[must_use]
    pub fn len(&self) -> usize {
        self.routes.len()
    }

    /// No entries and no default route.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.routes.is_empty() && self.default.is_none()
    }

    /// The capacity.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The entries, in insertion order.
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.iter()
    }

    /// Adds an entry, replacing the one with the same (realm, application)
    /// key.
    pub fn insert(&mut self, route: Route) -> Result<(), TableError> {
        check_servers(&route)?;
        if let Some(r) = self
            .routes
            .iter_mut()
            .find(|r| r.key_matches(&route.realm, route.application))
        {
            *r = route;
            return Ok(());
        }
        if self.routes.len() >= self.capacity {
            return Err(TableError::Full {
                capacity: self.capacity,
            });
        }
        self.routes.push(route);
        Ok(())
    }

    /// Sets the default route (its realm and application are ignored).
    pub fn set_default(&mut self, route: Option<Route>) -> Result<(), TableError> {
        if let Some(r) = &route {
            check_servers(r)?;
        }
        self.default = route;
        Ok(())
    }

    /// Removes the entry with this key, returning it.
    pub fn remove(&mut self, realm: &[u8], application: Option<ApplicationId>) -> Option<Route> {
        let i = self
            .routes
            .iter()
            .position(|r| r.key_matches(realm, application))?;
        Some(self.routes.remove(i))
    }

    /// Drops the dynamic entries (and a dynamic default) expired at `now`;
    /// returns how many.
    pub fn expire(&mut self, now: Instant) -> usize {
        let before = self.routes.len();
        self.routes.retain(|r| r.is_live(now));
        let mut n = before - self.routes.len();
        if self.default.as_ref().is_some_and(|r| !r.is_live(now)) {
            self.default = None;
            n += 1;
        }
        n
    }

    /// The route for (realm, application) at `now`, in the order of the
    /// module docs.
    pub fn lookup(
        &self,
        now: Instant,
        realm: &[u8],
        application: ApplicationId,
    ) -> Result<&Route, Miss> {
        let live = |r: &&Route| r.is_live(now);
        let exact = self
            .routes
            .iter()
            .filter(live)
            .find(|r| r.key_matches(realm, Some(application)));
        let wildcard = || {
            self.routes
                .iter()
                .filter(live)
                .find(|r| r.key_matches(realm, None))
        };
        if let Some(r) = exact.or_else(wildcard) {
            return Ok(r);
        }
        if let Some(d) = self.default.as_ref().filter(live) {
            return Ok(d);
        }
        if self
            .routes
            .iter()
            .filter(live)
            .any(|r| r.realm.eq_ignore_ascii_case(realm))
        {
            Err(Miss::ApplicationUnsupported)
        } else {
            Err(Miss::RealmNotServed)
        }
    }
}

fn check_servers(route: &Route) -> Result<(), TableError> {
    if route.servers.len() > MAX_SERVERS_PER_ROUTE {
        return Err(TableError::TooManyServers {
            count: route.servers.len(),
            max: MAX_SERVERS_PER_ROUTE,
        });
    }
    Ok(())
}

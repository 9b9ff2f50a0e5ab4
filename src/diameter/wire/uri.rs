//! The `DiameterURI` derived type (RFC 6733 §4.3.1).
//!
//! ```text
//! "aaa://" FQDN [ port ] [ transport ] [ protocol ]    ; no transport security
//! "aaas://" FQDN [ port ] [ transport ] [ protocol ]   ; transport security used
//! port               = ":" 1*DIGIT
//! transport          = ";transport=" transport-protocol
//! transport-protocol = ( "tcp" / "sctp" / "udp" )
//! protocol           = ";protocol=" aaa-protocol
//! aaa-protocol       = ( "diameter" / "radius" / "tacacs+" )
//! ```
//!
//! Absent parts are `None`; [`DiameterUri::port_or_default`] applies the
//! port defaults of RFC 6733 §4.3.1 (3868 for `aaa`, 5658 for `aaas`). The FQDN is checked to be a non-empty run of letters,
//! digits, `-`, `_` and `.`; the port must fit 16 bits.

use core::fmt;

/// `aaa` or `aaas`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UriScheme {
    /// `aaa://`: no transport security.
    Aaa,
    /// `aaas://`: transport security used.
    Aaas,
}

/// The `;transport=` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UriTransport {
    /// `tcp`.
    Tcp,
    /// `sctp`.
    Sctp,
    /// `udp`.
    Udp,
}

/// The `;protocol=` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UriProtocol {
    /// `diameter`.
    Diameter,
    /// `radius`.
    Radius,
    /// `tacacs+`.
    TacacsPlus,
}

/// Why a DiameterURI was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum UriError {
    /// Not `aaa://` or `aaas://`.
    #[error("DiameterURI: scheme is not aaa or aaas")]
    Scheme,
    /// Empty or invalid FQDN.
    #[error("DiameterURI: bad FQDN")]
    Fqdn,
    /// Port missing digits or above 65535.
    #[error("DiameterURI: bad port")]
    Port,
    /// Unknown, repeated or out-of-order parameter.
    #[error("DiameterURI: bad parameter")]
    Parameter,
}

/// A parsed DiameterURI, borrowing the FQDN from the AVP data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DiameterUri<'a> {
    scheme: UriScheme,
    fqdn: &'a str,
    port: Option<u16>,
    transport: Option<UriTransport>,
    protocol: Option<UriProtocol>,
}

impl<'a> DiameterUri<'a> {
    /// The default port for `aaa` (RFC 6733 §4.3.1).
    pub const DEFAULT_PORT: u16 = 3868;
    /// The default port for `aaas` (RFC 6733 §4.3.1).
    pub const DEFAULT_SECURE_PORT: u16 = 5658;

    /// A URI from its parts (`fqdn` is not checked here; use [`DiameterUri::parse`]
    /// for untrusted text).
    #[must_use]
    pub const fn new(
        scheme: UriScheme,
        fqdn: &'a str,
        port: Option<u16>,
        transport: Option<UriTransport>,
        protocol: Option<UriProtocol>,
    ) -> DiameterUri<'a> {
        DiameterUri {
            scheme,
            fqdn,
            port,
            transport,
            protocol,
        }
    }

    /// Parses the URI text. Parameters must come in the grammar's order
    /// (transport before protocol), each at most once.
    pub fn parse(text: &'a str) -> Result<DiameterUri<'a>, UriError> {
        let (scheme, rest) = if let Some(r) = text.strip_prefix("aaa://") {
            (UriScheme::Aaa, r)
        } else if let Some(r) = text.strip_prefix("aaas://") {
            (UriScheme::Aaas, r)
        } else {
            return Err(UriError::Scheme);
        };
        let mut params = rest.split(';');
        let authority = params.next().unwrap_or("");
        let (fqdn, port) = match authority.split_once(':') {
            Some((h, p)) => {
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(UriError::Port);
                }
                (h, Some(p.parse::<u16>().map_err(|_| UriError::Port)?))
            }
            None => (authority, None),
        };
        if fqdn.is_empty()
            || !fqdn
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        {
            return Err(UriError::Fqdn);
        }
        let mut transport = None;
        let mut protocol = None;
        for p in params {
            if let Some(v) = p.strip_prefix("transport=") {
                if transport.is_some() || protocol.is_some() {
                    return Err(UriError::Parameter);
                }
                transport = Some(match v {
                    "tcp" => UriTransport::Tcp,
                    "sctp" => UriTransport::Sctp,
                    "udp" => UriTransport::Udp,
                    _ => return Err(UriError::Parameter),
                });
            } else if let Some(v) = p.strip_prefix("protocol=") {
                if protocol.is_some() {
                    return Err(UriError::Parameter);
                }
                protocol = Some(match v {
                    "diameter" => UriProtocol::Diameter,
                    "radius" => UriProtocol::Radius,
                    "tacacs+" => UriProtocol::TacacsPlus,
                    _ => return Err(UriError::Parameter),
                });
            } else {
                return Err(UriError::Parameter);
            }
        }
        Ok(DiameterUri {
            scheme,
            fqdn,
            port,
            transport,
            protocol,
        })
    }

    /// `aaa` or `aaas`.
    #[must_use]
    pub fn scheme(&self) -> UriScheme {
        self.scheme
    }
    /// The FQDN.
    #[must_use]
    pub fn fqdn(&self) -> &'a str {
        self.fqdn
    }
    /// The explicit port.
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        self.port
    }
    /// The port, or the scheme's default (3868 or 5658).
    #[must_use]
    pub fn port_or_default(&self) -> u16 {
        self.port.unwrap_or(match self.scheme {
            UriScheme::Aaa => Self::DEFAULT_PORT,
            UriScheme::Aaas => Self::DEFAULT_SECURE_PORT,
        })
    }
    /// The transport parameter.
    #[must_use]
    pub fn transport(&self) -> Option<UriTransport> {
        self.transport
    }
    /// The protocol parameter.
    #[must_use]
    pub fn protocol(&self) -> Option<UriProtocol> {
        self.protocol
    }
}

impl fmt::Display for DiameterUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.scheme {
            UriScheme::Aaa => "aaa://",
            UriScheme::Aaas => "aaas://",
        })?;
        f.write_str(self.fqdn)?;
        if let Some(p) = self.port {
            write!(f, ":{p}")?;
        }
        if let Some(t) = self.transport {
            f.write_str(match t {
                UriTransport::Tcp => ";transport=tcp",
                UriTransport::Sctp => ";transport=sctp",
                UriTransport::Udp => ";transport=udp",
            })?;
        }
        if let Some(p) = self.protocol {
            f.write_str(match p {
                UriProtocol::Diameter => ";protocol=diameter",
                UriProtocol::Radius => ";protocol=radius",
                UriProtocol::TacacsPlus => ";protocol=tacacs+",
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    #[test]
    fn parse_and_display() {
        let text = "aaa://host.example.com:6666;transport=tcp;protocol=diameter";
        let u = DiameterUri::parse(text).unwrap();
        assert_eq!(u.scheme(), UriScheme::Aaa);
        assert_eq!(u.fqdn(), "host.example.com");
        assert_eq!(u.port(), Some(6666));
        assert_eq!(u.transport(), Some(UriTransport::Tcp));
        assert_eq!(u.protocol(), Some(UriProtocol::Diameter));
        assert_eq!(u.to_string(), text);
        let s = DiameterUri::parse("aaas://host.example.com;protocol=tacacs+").unwrap();
        assert_eq!(s.port_or_default(), 5658);
        assert_eq!(
            DiameterUri::parse("aaa://h").unwrap().port_or_default(),
            3868
        );
    }

    #[test]
    fn rejects() {
        for (t, e) in [
            ("http://x", UriError::Scheme),
            ("aaa://", UriError::Fqdn),
            ("aaa://a b", UriError::Fqdn),
            ("aaa://h:", UriError::Port),
            ("aaa://h:70000", UriError::Port),
            ("aaa://h;transport=quic", UriError::Parameter),
            ("aaa://h;protocol=radius;transport=tcp", UriError::Parameter),
            ("aaa://h;foo=bar", UriError::Parameter),
        ] {
            assert_eq!(DiameterUri::parse(t), Err(e), "{t}");
        }
    }
}

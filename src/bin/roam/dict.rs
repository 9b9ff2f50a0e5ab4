//! The one place where `roam decode` meets the dictionary and the typed
//! values: everything else in the binary asks this module.
//!
//! Names and types come from [`roam::diameter::dict::Dictionary`] over the
//! built-in tables (base protocol, Mobile IPv4, NASREQ, Credit-Control,
//! Mobile IPv6); values are decoded by
//! [`roam::diameter::wire::value::Value::decode`] and turned here into the
//! form the output prints. `tests/tshark_diameter.rs` checks every name,
//! type and value against tshark's own dictionary.

use std::path::Path;

use roam::diameter::dict::xml::LoadOptions;
use roam::diameter::dict::Dictionary;
use roam::diameter::wire::value::{Address, Value};
use roam::diameter::wire::{ApplicationId, Avp, AvpCode, AvpType, CommandCode, Error, VendorId};
use roam::time::NTP_UNIX_OFFSET;

/// What the decoder needs to know about one AVP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AvpInfo<'d> {
    /// The dictionary name, e.g. `"Origin-Host"`.
    pub(crate) name: &'d str,
    /// The data format.
    pub(crate) ty: AvpType,
}

/// The dictionary the decoder consults.
#[derive(Debug, Clone)]
pub(crate) struct Dict {
    dict: Dictionary,
}

impl Default for Dict {
    fn default() -> Dict {
        Dict::new()
    }
}

impl Dict {
    /// The built-in dictionary.
    pub(crate) fn new() -> Dict {
        let dict = Dictionary::builtin().clone();
        Dict { dict }
    }

    /// Adds the definitions of a Wireshark XML dictionary (`--dict`): `path`
    /// is the root file, and the files its `<!ENTITY … SYSTEM "file">`
    /// declarations name are read from the same directory. Built-in
    /// definitions win over the file's (Wireshark's base definitions are
    /// looser than the built-in grammars).
    pub(crate) fn load_xml(&mut self, path: &Path) -> Result<(), String> {
        let root = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let dir = path.parent().unwrap_or(Path::new("."));
        let resolve = |file: &str| {
            // Only plain file names next to the root file.
            if file.contains('/') || file.contains('\\') || file.contains("..") {
                return None;
            }
            std::fs::read_to_string(dir.join(file)).ok()
        };
        self.dict
            .load_wireshark_xml(&root, resolve, &LoadOptions::default())
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Name and type of an AVP, when known.
    pub(crate) fn avp(&self, code: AvpCode, vendor: VendorId) -> Option<AvpInfo<'_>> {
        self.dict.avp(code, vendor).map(|d| AvpInfo {
            name: d.name(),
            ty: d.ty(),
        })
    }

    /// The command name without the Request/Answer suffix, e.g.
    /// `"Capabilities-Exchange"`, when known.
    pub(crate) fn command_name(&self, code: CommandCode, app: ApplicationId) -> Option<&str> {
        match self.dict.command(code, app) {
            Some(c) => Some(c.name()),
            None => code.name(),
        }
    }

    /// The application's name, e.g. `"Diameter Mobile IPv4"`, when known.
    pub(crate) fn application_name(&self, id: ApplicationId) -> Option<&str> {
        match self.dict.application(id) {
            Some(a) => Some(a.name()),
            None => id.name(),
        }
    }

    /// The vendor's name, e.g. `"3GPP"`, when known.
    pub(crate) fn vendor_name(&self, id: VendorId) -> Option<&str> {
        self.dict.vendor_name(id)
    }

    /// The name of an Enumerated value, when known.
    pub(crate) fn enum_name(&self, code: AvpCode, vendor: VendorId, value: i32) -> Option<&str> {
        self.dict.avp(code, vendor)?.enum_name(value)
    }
}

/// A decoded AVP value in the form the output prints.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Printable {
    /// Unsigned32, Unsigned64.
    Unsigned(u64),
    /// Integer32, Integer64, Enumerated.
    Signed(i64),
    /// Float32, Float64.
    Float(f64),
    /// UTF8String, DiameterIdentity, DiameterURI, IPFilterRule, QoSFilterRule
    /// (the text as sent), and IPv4/IPv6 Address.
    Text(String),
    /// Time as seconds since 1900-01-01, the RFC 4330 era rule applied (a
    /// value with the top bit clear is after 2036-02-07).
    Time(u64),
    /// OctetString, unknown AVPs and Address of other families: lowercase hex.
    Hex(String),
}

/// Decodes the data of an AVP of type `ty` (not Grouped: the caller
/// recurses). A value that does not fit its type is
/// [`Error::InvalidAvpDataLength`] (5014) or [`Error::InvalidAvpValue`]
/// (5004).
pub(crate) fn decode_value(ty: AvpType, avp: &Avp<&[u8]>) -> Result<Printable, Error> {
    let data = avp.data_ref();
    // Text types print as sent; `Value::decode` has validated them.
    let text = || Printable::Text(String::from_utf8_lossy(data).into_owned());
    Ok(match Value::decode(ty, avp)? {
        Value::OctetString(b) => Printable::Hex(hex(b)),
        Value::Integer32(n) | Value::Enumerated(n) => Printable::Signed(i64::from(n)),
        Value::Integer64(n) => Printable::Signed(n),
        Value::Unsigned32(n) => Printable::Unsigned(u64::from(n)),
        Value::Unsigned64(n) => Printable::Unsigned(n),
        Value::Float32(f) => Printable::Float(f64::from(f)),
        Value::Float64(f) => Printable::Float(f),
        Value::Address(Address::V4(a)) => Printable::Text(a.to_string()),
        Value::Address(Address::V6(a)) => Printable::Text(a.to_string()),
        Value::Address(_) | Value::Grouped(_) => Printable::Hex(hex(data)),
        Value::Time(t) => {
            let secs = t.unix_secs().saturating_add(NTP_UNIX_OFFSET as i64);
            Printable::Time(u64::try_from(secs).unwrap_or(0))
        }
        Value::UTF8String(_)
        | Value::DiameterIdentity(_)
        | Value::DiameterURI(_)
        | Value::IPFilterRule(_)
        | Value::QoSFilterRule(_) => text(),
    })
}

/// Lowercase hex without separators.
pub(crate) fn hex(data: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(data.len() * 2);
    for b in data {
        let _ = write!(s, "{b:02x}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wraps `data` in an AVP (code 1, no flags) and decodes it as `ty`.
    fn d(ty: AvpType, data: &[u8]) -> Result<Printable, Error> {
        let mut buf = vec![0, 0, 0, 1, 0, 0, 0, 8 + data.len() as u8];
        buf.extend_from_slice(data);
        let avp = Avp::new_checked(&buf[..], 20).unwrap();
        decode_value(ty, &avp)
    }

    #[test]
    fn values() {
        assert_eq!(
            d(AvpType::Unsigned32, &[0, 0, 7, 0xd1]),
            Ok(Printable::Unsigned(2001))
        );
        assert_eq!(d(AvpType::Integer32, &[0xff; 4]), Ok(Printable::Signed(-1)));
        let e = d(AvpType::Unsigned32, &[0, 1]).unwrap_err();
        assert!(matches!(
            e,
            Error::InvalidAvpDataLength {
                offset: 20,
                length: 2,
                expected: 4
            }
        ));
        assert_eq!(
            d(AvpType::Address, &[0, 1, 192, 0, 2, 1]),
            Ok(Printable::Text("192.0.2.1".into()))
        );
        let e = d(AvpType::Address, &[0, 1, 192]).unwrap_err();
        assert_eq!(e.result_code().0, 5004);
        assert_eq!(
            d(AvpType::Address, &[0, 8, 0x31]),
            Ok(Printable::Hex("000831".into()))
        );
        // 0xe92c6200 has the top bit set: era 0.
        assert_eq!(
            d(AvpType::Time, &[0xe9, 0x2c, 0x62, 0]),
            Ok(Printable::Time(0xe92c_6200))
        );
        // Top bit clear: after 2036-02-07.
        assert_eq!(
            d(AvpType::Time, &[0, 0, 0, 1]),
            Ok(Printable::Time((1 << 32) + 1))
        );
        assert_eq!(
            d(AvpType::UTF8String, &[0xff]).unwrap_err().result_code().0,
            5004
        );
        assert_eq!(
            d(AvpType::OctetString, &[0xAB, 1]),
            Ok(Printable::Hex("ab01".into()))
        );
        assert_eq!(
            d(AvpType::DiameterURI, b"aaa://host.example:3868"),
            Ok(Printable::Text("aaa://host.example:3868".into()))
        );
    }

    #[test]
    fn dictionary_names() {
        let dict = Dict::new();
        let info = dict.avp(AvpCode(264), VendorId::IETF).unwrap();
        assert_eq!(
            (info.name, info.ty),
            ("Origin-Host", AvpType::DiameterIdentity)
        );
        assert_eq!(
            dict.command_name(CommandCode(272), ApplicationId(4)),
            Some("Credit-Control")
        );
        // MIP-MN-AAA-Auth (RFC 4004) is Grouped.
        assert_eq!(
            dict.avp(AvpCode(322), VendorId::IETF).map(|i| i.ty),
            Some(AvpType::Grouped)
        );
    }
}

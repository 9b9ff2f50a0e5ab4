//! Applying a verdict's TOS edit to an IPv4 header in place (seed 000 §2.1
//! (3): the profile TOS is written to the packet that hit and to the outer
//! header of a tunnel the node adds).
//!
//! The header checksum is updated incrementally (RFC 1624 §3, eqn. 3:
//! `HC' = ~(~HC + ~m + m')`), so a relay rewrites two bytes and the checksum
//! without reading the rest of the header.

/// Why a header could not be edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// Fewer than 20 bytes, or fewer than the IHL says.
    #[error("IPv4 header truncated: need {required} bytes, have {available}")]
    Truncated {
        /// Bytes the header needs.
        required: usize,
        /// Bytes available.
        available: usize,
    },
    /// The version field is not 4, or the IHL is below 5 (RFC 791 §3.1).
    #[error("not an IPv4 header")]
    NotIpv4,
}

/// Writes `tos` into the TOS octet (byte 1) of the IPv4 header at the start
/// of `header` and updates the header checksum (bytes 10–11) incrementally.
///
/// # Errors
/// [`EditError::NotIpv4`], [`EditError::Truncated`].
pub fn set_tos(header: &mut [u8], tos: u8) -> Result<(), EditError> {
    let (Some(&vihl), Some(&old_tos)) = (header.first(), header.get(1)) else {
        return Err(EditError::Truncated {
            required: 20,
            available: header.len(),
        });
    };
    if vihl >> 4 != 4 || vihl & 0x0F < 5 {
        return Err(EditError::NotIpv4);
    }
    let ihl = usize::from(vihl & 0x0F) * 4;
    if header.len() < ihl {
        return Err(EditError::Truncated {
            required: ihl,
            available: header.len(),
        });
    }
    let (Some(&c0), Some(&c1)) = (header.get(10), header.get(11)) else {
        return Err(EditError::Truncated {
            required: 20,
            available: header.len(),
        });
    };
    // RFC 1624 erratum 4782: update only when the value changes, or a zero
    // checksum would turn into 0xFFFF.
    if tos == old_tos {
        return Ok(());
    }
    // The 16-bit word holding the TOS is (version/IHL, TOS).
    let m = u16::from_be_bytes([vihl, old_tos]);
    let m2 = u16::from_be_bytes([vihl, tos]);
    let hc = u16::from_be_bytes([c0, c1]);
    let mut sum = u32::from(!hc) + u32::from(!m) + u32::from(m2);
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    let new = !(sum as u16);
    if let Some(b) = header.get_mut(1) {
        *b = tos;
    }
    if let Some(c) = header.get_mut(10..12) {
        c.copy_from_slice(&new.to_be_bytes());
    }
    Ok(())
}

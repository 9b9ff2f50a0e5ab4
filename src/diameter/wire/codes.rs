//! Diameter code points as open newtypes (RFC 6733 §11).
//!
//! Each is a transparent wrapper around the wire integer with associated
//! constants for the codes the crate knows. Unknown values are representable,
//! so dictionaries and vendors can add codes without changing the crate.

use crate::wire::open_code;

open_code! {
    /// A Diameter Command-Code (24 bits on the wire).
    CommandCode(u32) {
        /// Capabilities-Exchange (RFC 6733 §5.3).
        CAPABILITIES_EXCHANGE = 257, "Capabilities-Exchange";
        /// AA-Mobile-Node (RFC 4004 §5.1).
        AA_MOBILE_NODE = 260, "AA-Mobile-Node";
        /// Home-Agent-MIP (RFC 4004 §5.3).
        HOME_AGENT_MIP = 262, "Home-Agent-MIP";
        /// AA (NASREQ, RFC 7155 §3.1).
        AA = 265, "AA";
        /// Diameter-EAP (RFC 4072).
        DIAMETER_EAP = 268, "Diameter-EAP";
        /// Re-Auth (RFC 6733 §8.3).
        RE_AUTH = 258, "Re-Auth";
        /// Accounting (RFC 6733 §9.7).
        ACCOUNTING = 271, "Accounting";
        /// Credit-Control (RFC 4006 §3.1).
        CREDIT_CONTROL = 272, "Credit-Control";
        /// Abort-Session (RFC 6733 §8.5).
        ABORT_SESSION = 274, "Abort-Session";
        /// Session-Termination (RFC 6733 §8.4).
        SESSION_TERMINATION = 275, "Session-Termination";
        /// Device-Watchdog (RFC 6733 §5.5).
        DEVICE_WATCHDOG = 280, "Device-Watchdog";
        /// Disconnect-Peer (RFC 6733 §5.4).
        DISCONNECT_PEER = 282, "Disconnect-Peer";
        /// MIP6-Request/Answer (RFC 5778 §5).
        MIP6 = 325, "MIP6";
    }
}

open_code! {
    /// A Diameter Application-Id (RFC 6733 §11.3).
    ApplicationId(u32) {
        /// Diameter common messages (base protocol).
        COMMON = 0, "Diameter Common Messages";
        /// NASREQ (RFC 7155).
        NASREQ = 1, "NASREQ";
        /// Mobile IPv4 (RFC 4004).
        MOBILE_IPV4 = 2, "Mobile-IPv4";
        /// Base accounting (RFC 6733).
        BASE_ACCOUNTING = 3, "Diameter Base Accounting";
        /// Credit-Control (RFC 4006).
        CREDIT_CONTROL = 4, "Diameter Credit Control";
        /// Diameter EAP (RFC 4072).
        EAP = 5, "Diameter EAP";
        /// Mobile IPv6 IKE (RFC 5778).
        MIP6I = 7, "Diameter Mobile IPv6 IKE (MIP6I)";
        /// Mobile IPv6 Auth (RFC 5778).
        MIP6A = 8, "Diameter Mobile IPv6 Auth (MIP6A)";
        /// Relay (RFC 6733 §2.4).
        RELAY = 0xffff_ffff, "Relay";
    }
}

open_code! {
    /// An IANA enterprise number in a Vendor-Id or AVP header.
    VendorId(u32) {
        /// No vendor (IETF AVPs).
        IETF = 0, "IETF";
        /// 3GPP.
        TGPP = 10415, "3GPP";
        /// The default vendor id roam uses for its service-profile AVP.
        ROAM_DEFAULT = 32473, "Example Enterprise Number for Documentation Use";
    }
}

open_code! {
    /// A Result-Code or Experimental-Result-Code value (RFC 6733 §7.1).
    ResultCode(u32) {
        /// 1001: multi-round authentication continues.
        MULTI_ROUND_AUTH = 1001, "DIAMETER_MULTI_ROUND_AUTH";
        /// 2001: success.
        SUCCESS = 2001, "DIAMETER_SUCCESS";
        /// 2002: limited success.
        LIMITED_SUCCESS = 2002, "DIAMETER_LIMITED_SUCCESS";
        /// 3001: command unsupported.
        COMMAND_UNSUPPORTED = 3001, "DIAMETER_COMMAND_UNSUPPORTED";
        /// 3002: unable to deliver.
        UNABLE_TO_DELIVER = 3002, "DIAMETER_UNABLE_TO_DELIVER";
        /// 3003: realm not served.
        REALM_NOT_SERVED = 3003, "DIAMETER_REALM_NOT_SERVED";
        /// 3004: too busy.
        TOO_BUSY = 3004, "DIAMETER_TOO_BUSY";
        /// 3005: loop detected.
        LOOP_DETECTED = 3005, "DIAMETER_LOOP_DETECTED";
        /// 3006: redirect indication.
        REDIRECT_INDICATION = 3006, "DIAMETER_REDIRECT_INDICATION";
        /// 3007: application unsupported.
        APPLICATION_UNSUPPORTED = 3007, "DIAMETER_APPLICATION_UNSUPPORTED";
        /// 3008: invalid header bits.
        INVALID_HDR_BITS = 3008, "DIAMETER_INVALID_HDR_BITS";
        /// 3009: invalid AVP bits.
        INVALID_AVP_BITS = 3009, "DIAMETER_INVALID_AVP_BITS";
        /// 3010: unknown peer.
        UNKNOWN_PEER = 3010, "DIAMETER_UNKNOWN_PEER";
        /// 4001: authentication rejected.
        AUTHENTICATION_REJECTED = 4001, "DIAMETER_AUTHENTICATION_REJECTED";
        /// 4002: out of space.
        OUT_OF_SPACE = 4002, "DIAMETER_OUT_OF_SPACE";
        /// 4003: election lost.
        ELECTION_LOST = 4003, "ELECTION_LOST";
        /// 5001: AVP unsupported.
        AVP_UNSUPPORTED = 5001, "DIAMETER_AVP_UNSUPPORTED";
        /// 5002: unknown session id.
        UNKNOWN_SESSION_ID = 5002, "DIAMETER_UNKNOWN_SESSION_ID";
        /// 5003: authorization rejected.
        AUTHORIZATION_REJECTED = 5003, "DIAMETER_AUTHORIZATION_REJECTED";
        /// 5004: invalid AVP value.
        INVALID_AVP_VALUE = 5004, "DIAMETER_INVALID_AVP_VALUE";
        /// 5005: missing AVP.
        MISSING_AVP = 5005, "DIAMETER_MISSING_AVP";
        /// 5006: resources exceeded.
        RESOURCES_EXCEEDED = 5006, "DIAMETER_RESOURCES_EXCEEDED";
        /// 5007: contradicting AVPs.
        CONTRADICTING_AVPS = 5007, "DIAMETER_CONTRADICTING_AVPS";
        /// 5008: AVP not allowed.
        AVP_NOT_ALLOWED = 5008, "DIAMETER_AVP_NOT_ALLOWED";
        /// 5009: AVP occurs too many times.
        AVP_OCCURS_TOO_MANY_TIMES = 5009, "DIAMETER_AVP_OCCURS_TOO_MANY_TIMES";
        /// 5010: no common application.
        NO_COMMON_APPLICATION = 5010, "DIAMETER_NO_COMMON_APPLICATION";
        /// 5011: unsupported version.
        UNSUPPORTED_VERSION = 5011, "DIAMETER_UNSUPPORTED_VERSION";
        /// 5012: unable to comply.
        UNABLE_TO_COMPLY = 5012, "DIAMETER_UNABLE_TO_COMPLY";
        /// 5013: invalid bit in header.
        INVALID_BIT_IN_HEADER = 5013, "DIAMETER_INVALID_BIT_IN_HEADER";
        /// 5014: invalid AVP length.
        INVALID_AVP_LENGTH = 5014, "DIAMETER_INVALID_AVP_LENGTH";
        /// 5015: invalid message length.
        INVALID_MESSAGE_LENGTH = 5015, "DIAMETER_INVALID_MESSAGE_LENGTH";
        /// 5016: invalid AVP bit combination.
        INVALID_AVP_BIT_COMBO = 5016, "DIAMETER_INVALID_AVP_BIT_COMBO";
        /// 5017: no common security.
        NO_COMMON_SECURITY = 5017, "DIAMETER_NO_COMMON_SECURITY";
    }
}

open_code! {
    /// An AVP Code (RFC 6733 §4.1). Meaningful together with a [`VendorId`].
    AvpCode(u32) {
        /// Acct-Interim-Interval (85).
        ACCT_INTERIM_INTERVAL = 85, "Acct-Interim-Interval";
        /// Host-IP-Address (257).
        HOST_IP_ADDRESS = 257, "Host-IP-Address";
        /// Auth-Application-Id (258).
        AUTH_APPLICATION_ID = 258, "Auth-Application-Id";
        /// Acct-Application-Id (259).
        ACCT_APPLICATION_ID = 259, "Acct-Application-Id";
        /// Vendor-Specific-Application-Id (260).
        VENDOR_SPECIFIC_APPLICATION_ID = 260, "Vendor-Specific-Application-Id";
        /// Redirect-Host-Usage (261).
        REDIRECT_HOST_USAGE = 261, "Redirect-Host-Usage";
        /// Redirect-Max-Cache-Time (262).
        REDIRECT_MAX_CACHE_TIME = 262, "Redirect-Max-Cache-Time";
        /// Session-Id (263).
        SESSION_ID = 263, "Session-Id";
        /// Origin-Host (264).
        ORIGIN_HOST = 264, "Origin-Host";
        /// Supported-Vendor-Id (265).
        SUPPORTED_VENDOR_ID = 265, "Supported-Vendor-Id";
        /// Vendor-Id (266).
        VENDOR_ID = 266, "Vendor-Id";
        /// Firmware-Revision (267).
        FIRMWARE_REVISION = 267, "Firmware-Revision";
        /// Result-Code (268).
        RESULT_CODE = 268, "Result-Code";
        /// Product-Name (269).
        PRODUCT_NAME = 269, "Product-Name";
        /// Session-Binding (270).
        SESSION_BINDING = 270, "Session-Binding";
        /// Session-Server-Failover (271).
        SESSION_SERVER_FAILOVER = 271, "Session-Server-Failover";
        /// Multi-Round-Time-Out (272).
        MULTI_ROUND_TIME_OUT = 272, "Multi-Round-Time-Out";
        /// Disconnect-Cause (273).
        DISCONNECT_CAUSE = 273, "Disconnect-Cause";
        /// Auth-Request-Type (274).
        AUTH_REQUEST_TYPE = 274, "Auth-Request-Type";
        /// Auth-Grace-Period (276).
        AUTH_GRACE_PERIOD = 276, "Auth-Grace-Period";
        /// Auth-Session-State (277).
        AUTH_SESSION_STATE = 277, "Auth-Session-State";
        /// Origin-State-Id (278).
        ORIGIN_STATE_ID = 278, "Origin-State-Id";
        /// Failed-AVP (279).
        FAILED_AVP = 279, "Failed-AVP";
        /// Proxy-Host (280).
        PROXY_HOST = 280, "Proxy-Host";
        /// Error-Message (281).
        ERROR_MESSAGE = 281, "Error-Message";
        /// Route-Record (282).
        ROUTE_RECORD = 282, "Route-Record";
        /// Destination-Realm (283).
        DESTINATION_REALM = 283, "Destination-Realm";
        /// Proxy-Info (284).
        PROXY_INFO = 284, "Proxy-Info";
        /// Re-Auth-Request-Type (285).
        RE_AUTH_REQUEST_TYPE = 285, "Re-Auth-Request-Type";
        /// Accounting-Sub-Session-Id (287).
        ACCOUNTING_SUB_SESSION_ID = 287, "Accounting-Sub-Session-Id";
        /// Authorization-Lifetime (291).
        AUTHORIZATION_LIFETIME = 291, "Authorization-Lifetime";
        /// Redirect-Host (292).
        REDIRECT_HOST = 292, "Redirect-Host";
        /// Destination-Host (293).
        DESTINATION_HOST = 293, "Destination-Host";
        /// Error-Reporting-Host (294).
        ERROR_REPORTING_HOST = 294, "Error-Reporting-Host";
        /// Termination-Cause (295).
        TERMINATION_CAUSE = 295, "Termination-Cause";
        /// Origin-Realm (296).
        ORIGIN_REALM = 296, "Origin-Realm";
        /// Experimental-Result (297).
        EXPERIMENTAL_RESULT = 297, "Experimental-Result";
        /// Experimental-Result-Code (298).
        EXPERIMENTAL_RESULT_CODE = 298, "Experimental-Result-Code";
        /// Inband-Security-Id (299).
        INBAND_SECURITY_ID = 299, "Inband-Security-Id";
        /// Accounting-Record-Type (480).
        ACCOUNTING_RECORD_TYPE = 480, "Accounting-Record-Type";
        /// Accounting-Realtime-Required (483).
        ACCOUNTING_REALTIME_REQUIRED = 483, "Accounting-Realtime-Required";
        /// Accounting-Record-Number (485).
        ACCOUNTING_RECORD_NUMBER = 485, "Accounting-Record-Number";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;

    #[test]
    fn debug_and_display() {
        assert_eq!(
            format!("{:?}", ResultCode::SUCCESS),
            "ResultCode(2001 DIAMETER_SUCCESS)"
        );
        assert_eq!(format!("{:?}", ResultCode(9999)), "ResultCode(9999)");
        assert_eq!(format!("{}", AvpCode::ORIGIN_HOST), "Origin-Host");
        assert_eq!(CommandCode(257), CommandCode::CAPABILITIES_EXCHANGE);
    }
}

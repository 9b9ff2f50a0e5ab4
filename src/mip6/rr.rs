//! Return-routability crypto (RFC 6275 §5.2.5).

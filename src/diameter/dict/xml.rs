//! Wireshark XML dictionary loader.

//! Rust SDK for the Alibaba Cloud ApsaraVideo Live API (being written).

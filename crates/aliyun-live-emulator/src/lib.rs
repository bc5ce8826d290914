//! Local emulator of the Live API (being written).

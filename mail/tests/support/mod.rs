//! Shared test servers.

pub mod smtp_server;

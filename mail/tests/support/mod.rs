//! Shared test servers and queues.

pub mod queue;
pub mod smtp_server;

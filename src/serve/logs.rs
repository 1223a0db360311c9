//! Logs through `tracing`: readable lines at a terminal, JSON lines for a
//! log collector, levels from `RUST_LOG` (default `info`).
//!
//! What the code logs at info and above never holds a token, a password or
//! the text of a member's message; those are not passed to the log at all.

use tracing_subscriber::EnvFilter;

/// How log lines look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Installs the process's log subscriber, writing to standard error.
pub fn init(format: LogFormat) {
    // Other crates' chatter below warn is left out unless RUST_LOG asks for it.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,serenity=warn,tungstenite=warn,lettre=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // A second subscriber (a test calling twice) is not an error worth failing on.
    let _ = match format {
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

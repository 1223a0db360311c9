//! The bot benchmark's load, shared by `bot/benches/answers.rs` and the
//! service's memory bench (`benches/serve_memory.rs`), so both measure the
//! same questions and read the same knobs.

/// Questions members really ask, in both languages, and one the bot cannot answer.
pub const QUESTIONS: [&str; 8] = [
    "My Gmail contacts won't sync",
    "How do I reset my password?",
    "How does the referral bonus work?",
    "Wie oft darf ich jemanden in eine Gruppe einladen?",
    "Warum werden meine Gmail-Kontakte nicht synchronisiert?",
    "What do ambassadors do?",
    "Wie funktioniert die Adressbuchsuche?",
    "What's the weather in Berlin tomorrow?",
];

/// A number from the environment variable `name`, else `default`.
pub fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

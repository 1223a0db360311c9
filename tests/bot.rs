//! `helpdesk bot`: start-up errors are clear and never show the token.
//! (The bot's conversations with a fake Discord are in `bot/tests/discord.rs`.)

mod common;

use common::{helpdesk, stderr};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

const TOKEN: &str = "MTAwMA.very-secret-token.xyz";

/// A loopback server that answers every HTTP request with Discord's 401.
fn unauthorized_discord() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let body = r#"{"message": "401: Unauthorized", "code": 0}"#;
            let _ = write!(
                &stream,
                "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

#[test]
fn a_rejected_token_is_named_but_never_printed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bot.db");
    let out = helpdesk()
        .args(["bot", "--db", db.to_str().expect("path")])
        .args(["--api-base", &unauthorized_discord()])
        .env("DISCORD_TOKEN", TOKEN)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("Discord rejected the token"), "{err}");
    assert!(!err.contains("very-secret-token"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("very-secret-token"));
}

#[test]
fn no_token_says_where_to_put_one() {
    let out = helpdesk()
        .args(["bot", "--lang", "de"])
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("DISCORD_TOKEN"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Kein Discord-Token"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_config_file_with_a_typo_names_its_line() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("bot.toml");
    std::fs::write(&config, "# bot\ntoken = \"abc\"\nshard = 2\n").expect("write");
    let out = helpdesk()
        .args(["bot", "--config", config.to_str().expect("path")])
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bot.toml:3:"), "{}", stderr(&out));
}

#[test]
fn a_missing_config_file_is_named_once() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("nope.toml");
    let out = helpdesk()
        .args(["bot", "--config", missing.to_str().expect("path")])
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("nope.toml"), "{err}");
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

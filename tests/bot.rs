//! `helpdesk bot`: start-up errors are clear and never show the token.
//! (The bot's conversations with a fake Discord are in `bot/tests/discord.rs`.)

mod common;

use common::{helpdesk, stderr};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

const TOKEN: &str = "MTAwMA.very-secret-token.xyz";

/// A loopback server that answers every HTTP request with `status` and a
/// Discord error whose message is made from the request's Authorization
/// header (the token, as a careless proxy might echo it).
fn fake_discord(status: &'static str, message: fn(&str) -> String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            let mut authorization = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                if let Some((name, value)) = line.split_once(':')
                    && name.eq_ignore_ascii_case("authorization")
                {
                    authorization = value.trim().to_string();
                }
                line.clear();
            }
            let body =
                serde_json::json!({ "message": message(&authorization), "code": 0 }).to_string();
            let _ = write!(
                &stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    base
}

/// Discord's 401 for a token it does not know.
fn unauthorized_discord() -> String {
    fake_discord("401 Unauthorized", |_| "401: Unauthorized".to_string())
}

#[test]
fn a_token_echoed_in_an_error_is_redacted_before_it_is_printed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bot.db");
    let out = helpdesk()
        .args(["bot", "--db", db.to_str().expect("path")])
        .args([
            "--api-base",
            &fake_discord("400 Bad Request", |authorization| {
                format!("no gateway for the credentials {authorization}")
            }),
        ])
        .env("DISCORD_TOKEN", TOKEN)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // The server's message reached the output, with the token cut out of it.
    assert!(err.contains("no gateway for the credentials"), "{err}");
    assert!(err.contains("***"), "{err}");
    assert!(!err.contains("very-secret-token"), "{err}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("very-secret-token"));
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
fn a_malformed_token_is_said_in_the_users_language() {
    for (lang, said) in [
        ("de", "Das Discord-Token ist leer oder enthält Leerzeichen"),
        ("en", "The Discord token is empty or contains spaces"),
    ] {
        let out = helpdesk()
            .args(["bot", "--lang", lang])
            .env("DISCORD_TOKEN", "two words")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("malformed"), "{err}");
    }
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
    assert_eq!(err.matches("nope.toml").count(), 1, "{err}");
    assert!(err.contains("there is no such file or folder"), "{err}");
}

#[test]
fn a_german_user_reads_the_config_files_problems_in_german() {
    let dir = tempfile::tempdir().expect("dir");
    let config = dir.path().join("bot.toml");
    let missing = dir.path().join("nope.toml");
    for (text, said) in [
        (
            Some("# bot\ntoken = \"abc\"\nshard = 2\n"),
            "bot.toml:3: Einen Schlüssel `shard` gibt es hier nicht",
        ),
        (
            Some("token = \"abc\"\n[discord]\nstaff_lang = \"fr\"\n"),
            "bot.toml:3: [discord] staff_lang muss `\"en\"` oder `\"de\"` sein, nicht „fr“",
        ),
        (
            None,
            "Die Bot-Konfiguration {missing} kann nicht gelesen werden: Eine solche Datei",
        ),
    ] {
        let path = match text {
            Some(text) => {
                std::fs::write(&config, text).expect("write");
                &config
            }
            None => &missing,
        };
        let out = helpdesk()
            .args([
                "bot",
                "--lang",
                "de",
                "--config",
                path.to_str().expect("path"),
            ])
            .env_remove("DISCORD_TOKEN")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        let said = said.replace("{missing}", &missing.display().to_string());
        assert!(err.contains(&said), "{said}:\n{err}");
        for english in ["unknown field", "must be", "cannot read", "os error"] {
            assert!(!err.contains(english), "{english}:\n{err}");
        }
    }
}

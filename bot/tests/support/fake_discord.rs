//! A fake Discord on 127.0.0.1: enough REST and gateway for the real
//! serenity client to connect, receive scripted events and answer them.
//!
//! REST is a small HTTP/1.1 server with keep-alive; every call is recorded
//! for the test to read. The gateway speaks plain-text JSON frames: HELLO,
//! READY after IDENTIFY, RESUMED after RESUME, heartbeat ACKs, and whatever
//! dispatches the test sends.

#![allow(dead_code)] // Each test binary uses a different part of it.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, mpsc};
use tokio_tungstenite::tungstenite::Message;

/// The bot's own user id.
pub const BOT_ID: u64 = 1_000;
/// The application id.
pub const APP_ID: u64 = 2_000;
/// The guild the scripted messages come from.
pub const GUILD_ID: u64 = 3_000;
/// The channel they are posted in.
pub const CHANNEL_ID: u64 = 4_000;

/// One REST call the bot made.
#[derive(Debug, Clone)]
pub struct RestCall {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, e.g. `/api/v10/channels/4000/messages`.
    pub path: String,
    /// The JSON body, or `Null`.
    pub body: Value,
    /// When the fake received it.
    pub at: std::time::Instant,
}

/// What happened on the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Session {
    /// The bot identified and got READY.
    Identified,
    /// The bot resumed and got RESUMED.
    Resumed,
}

enum Command {
    Dispatch(String, Value),
    Drop,
}

/// How the fake behaves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Behaviour {
    /// Close the gateway with 4004 (authentication failed) on IDENTIFY.
    pub reject_identify: bool,
    /// Answer this many relayed DMs (posts with a nonce) with 503 before
    /// accepting any.
    pub fail_dms: usize,
    /// Create this many relayed DMs but never answer the request, as when
    /// the bot dies after Discord accepted the message.
    pub hang_dms: usize,
    /// Answer this many relayed DMs (after the failed ones) before the
    /// hanging ones: the crash comes in the middle of a reply in pieces.
    pub hang_after_dms: usize,
    /// Refuse every relayed DM with this status (403: the member blocks DMs).
    pub refuse_dms: Option<u16>,
    /// Refuse this many relayed DMs with 403 (code 50007), then accept:
    /// the member opens their DMs (or joins a server with the bot again).
    pub refuse_first_dms: usize,
    /// Accept this many relayed DMs before those refusals: the member
    /// closes their DMs in the middle of a reply in pieces.
    pub accept_before_refusing: usize,
    /// Hold each answer to opening a DM channel until the test lets one
    /// go ([`FakeDiscord::release_dm_channel`]): the bot has read what it
    /// will send and waits, so the test can change the database meanwhile.
    pub hold_dm_channels: bool,
    /// Refuse every request to open a DM channel with this status (after
    /// the hold, when holding): a recipient Discord does not accept.
    pub refuse_dm_channels: Option<u16>,
    /// Answer this many edits of messages with 503 before accepting any.
    pub fail_edits: usize,
    /// Answer this many reads of a channel's messages with 503 before
    /// answering any.
    pub fail_channel_reads: usize,
    /// Hold each answer of the CDN (a member's file) until the test lets
    /// one go ([`FakeDiscord::release_file`]), so it can look at the
    /// database between two files.
    pub hold_files: bool,
}

/// The offset of a member's DM channel id from their user id.
pub const DM_CHANNEL_BASE: u64 = 900_000_000;

/// A running fake Discord; dropped with the test's runtime.
pub struct FakeDiscord {
    /// `http://127.0.0.1:PORT`, for `HttpBuilder::proxy`.
    pub api_base: String,
    calls: mpsc::UnboundedReceiver<RestCall>,
    sessions: mpsc::UnboundedReceiver<Session>,
    commands: mpsc::UnboundedSender<Command>,
    ids: Arc<AtomicU64>,
    created: Arc<std::sync::Mutex<Vec<Value>>>,
    held: Arc<tokio::sync::Semaphore>,
    held_files: Arc<tokio::sync::Semaphore>,
    nonces: Nonces,
    files: Files,
}

/// (channel, nonce) to the message it created, as Discord remembers them.
type Nonces = Arc<std::sync::Mutex<HashMap<(String, String), Value>>>;

/// The files on the fake CDN, by path.
type Files = Arc<std::sync::Mutex<HashMap<String, Vec<u8>>>>;

/// Where the fake CDN serves files: paths under the REST address.
const CDN: &str = "/cdn/attachments/";

struct Shared {
    ws_url: String,
    calls: mpsc::UnboundedSender<RestCall>,
    sessions: mpsc::UnboundedSender<Session>,
    commands: Mutex<mpsc::UnboundedReceiver<Command>>,
    ids: Arc<AtomicU64>,
    behaviour: Behaviour,
    /// Every message created, in order (a resend with a known nonce is not one).
    created: Arc<std::sync::Mutex<Vec<Value>>>,
    nonces: Nonces,
    files: Files,
    dm_posts: AtomicUsize,
    edits: AtomicUsize,
    channel_reads: AtomicUsize,
    /// Permits to answer a held DM-channel request.
    held: Arc<tokio::sync::Semaphore>,
    /// Permits to answer a held request for a file.
    held_files: Arc<tokio::sync::Semaphore>,
}

impl FakeDiscord {
    /// Starts REST and gateway listeners on free loopback ports.
    pub async fn start(behaviour: Behaviour) -> FakeDiscord {
        let rest = TcpListener::bind("127.0.0.1:0").await.expect("bind rest");
        let gateway = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind gateway");
        let api_base = format!("http://{}", rest.local_addr().expect("addr"));
        let ws_url = format!("ws://{}", gateway.local_addr().expect("addr"));
        let (calls_tx, calls) = mpsc::unbounded_channel();
        let (sessions_tx, sessions) = mpsc::unbounded_channel();
        let (commands, commands_rx) = mpsc::unbounded_channel();
        let ids = Arc::new(AtomicU64::new(100_000));
        let created = Arc::new(std::sync::Mutex::new(Vec::new()));
        let held = Arc::new(tokio::sync::Semaphore::new(0));
        let held_files = Arc::new(tokio::sync::Semaphore::new(0));
        let nonces = Nonces::default();
        let files = Files::default();
        let shared = Arc::new(Shared {
            ws_url,
            calls: calls_tx,
            sessions: sessions_tx,
            commands: Mutex::new(commands_rx),
            ids: Arc::clone(&ids),
            behaviour,
            created: Arc::clone(&created),
            nonces: Arc::clone(&nonces),
            files: Arc::clone(&files),
            dm_posts: AtomicUsize::new(0),
            edits: AtomicUsize::new(0),
            channel_reads: AtomicUsize::new(0),
            held: Arc::clone(&held),
            held_files: Arc::clone(&held_files),
        });
        let rest_shared = Arc::clone(&shared);
        tokio::spawn(async move {
            while let Ok((stream, _)) = rest.accept().await {
                tokio::spawn(serve_rest(stream, Arc::clone(&rest_shared)));
            }
        });
        tokio::spawn(async move {
            while let Ok((stream, _)) = gateway.accept().await {
                tokio::spawn(serve_gateway(stream, Arc::clone(&shared)));
            }
        });
        FakeDiscord {
            api_base,
            calls,
            sessions,
            commands,
            ids,
            created,
            held,
            held_files,
            nonces,
            files,
        }
    }

    /// Minutes pass: Discord remembers a nonce for a few minutes only, so
    /// a message sent with a nonce seen before is created anew from now on.
    pub fn forget_nonces(&self) {
        self.nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }

    /// A member's direct message with files in it, no words, whose links
    /// lead to the fake's CDN on 127.0.0.1: each is (name, the bytes the
    /// CDN serves, or `None` when the link has expired and it answers
    /// 404). Discord reports each file's size as its bytes' length.
    pub fn dm_with_served_files(
        &self,
        id: u64,
        member: u64,
        files: &[(&str, Option<Vec<u8>>)],
    ) -> Value {
        let mut m = dm_with_files(id, member, &files.iter().map(|f| f.0).collect::<Vec<_>>());
        let channel = DM_CHANNEL_BASE + member;
        for (n, (name, bytes)) in files.iter().enumerate() {
            // The CDN's paths are ASCII; the name keeps its umlauts.
            let ascii: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let path = format!("{CDN}{channel}/{}/{ascii}", id * 10 + n as u64);
            let file = &mut m["attachments"][n];
            file["url"] = json!(format!("{}{path}", self.api_base));
            file["proxy_url"] = file["url"].clone();
            file["size"] = json!(bytes.as_ref().map_or(1_234, Vec::len));
            if let Some(bytes) = bytes {
                self.files
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(path, bytes.clone());
            }
        }
        m
    }

    /// The bot's earlier words in `member`'s DM channel (answers to their
    /// questions, say), created now, without a nonce; their ids.
    pub fn chat_in_dm(&self, member: u64, count: usize) -> Vec<u64> {
        let channel = (DM_CHANNEL_BASE + member).to_string();
        let mut created = self
            .created
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        (0..count)
            .map(|n| {
                let id = self.ids.fetch_add(1, Ordering::Relaxed);
                let text = format!("Antwort {n}");
                let mut m = message(id, user(BOT_ID, "helpdesk", true), &text, &[], false);
                m["channel_id"] = json!(channel);
                created.push(m);
                id
            })
            .collect()
    }

    /// Answers one held request for a file on the CDN.
    pub fn release_file(&self) {
        self.held_files.add_permits(1);
    }

    /// Answers one held request to open a DM channel.
    pub fn release_dm_channel(&self) {
        self.held.add_permits(1);
    }

    /// The messages created so far, oldest first.
    pub fn created(&self) -> Vec<Value> {
        self.created
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Deletes a message, as a moderator tidying a channel would: Discord
    /// answers its edits with 404 from now on.
    pub fn delete(&self, id: &str) {
        self.created
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|m| m["id"] != id);
    }

    /// The relayed messages (those with a nonce) created in a member's DM
    /// channel; the bot's direct answers in that chat are left out.
    pub fn dms_to(&self, member: u64) -> Vec<Value> {
        let channel = (DM_CHANNEL_BASE + member).to_string();
        self.created()
            .into_iter()
            .filter(|m| m["channel_id"] == channel.as_str() && !m["nonce"].is_null())
            .collect()
    }

    /// A fresh snowflake.
    pub fn next_id(&self) -> u64 {
        self.ids.fetch_add(1, Ordering::Relaxed)
    }

    /// Sends a dispatch (`MESSAGE_CREATE`, `INTERACTION_CREATE`, ...) to the bot.
    pub fn dispatch(&self, event: &str, data: Value) {
        let _ = self
            .commands
            .send(Command::Dispatch(event.to_string(), data));
    }

    /// Cuts the gateway connection without a close frame, as a network failure would.
    pub fn drop_connection(&self) {
        let _ = self.commands.send(Command::Drop);
    }

    /// Waits for the next gateway session event.
    pub async fn session(&mut self, within: Duration) -> Option<Session> {
        tokio::time::timeout(within, self.sessions.recv())
            .await
            .ok()
            .flatten()
    }

    /// Waits for the next REST call whose path contains `part`, skipping others.
    pub async fn call_to(&mut self, part: &str, within: Duration) -> Option<RestCall> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let call = tokio::time::timeout_at(deadline, self.calls.recv())
                .await
                .ok()
                .flatten()?;
            if call.path.contains(part) {
                return Some(call);
            }
        }
    }
}

/// A user as Discord sends it.
pub fn user(id: u64, name: &str, bot: bool) -> Value {
    json!({
        "id": id.to_string(),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": null,
        "bot": bot,
    })
}

/// A message as Discord sends it; `mentions` are user ids.
pub fn message(id: u64, author: Value, content: &str, mentions: &[u64], guild: bool) -> Value {
    let mentioned: Vec<Value> = mentions
        .iter()
        .map(|m| user(*m, "someone", *m == BOT_ID))
        .collect();
    let mut m = json!({
        "id": id.to_string(),
        "channel_id": CHANNEL_ID.to_string(),
        "author": author,
        "content": content,
        "timestamp": "2026-11-22T10:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": mentioned,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
    });
    if guild {
        m["guild_id"] = json!(GUILD_ID.to_string());
    }
    m
}

/// A member's direct message to the bot.
pub fn dm(id: u64, member: u64, content: &str) -> Value {
    let mut m = message(id, user(member, "member", false), content, &[], false);
    m["channel_id"] = json!((DM_CHANNEL_BASE + member).to_string());
    m
}

/// A file attached to a message, as Discord describes it (its link on the CDN).
pub fn attachment(id: u64, channel: u64, filename: &str) -> Value {
    let url = format!("https://cdn.discordapp.com/attachments/{channel}/{id}/{filename}");
    json!({
        "id": id.to_string(),
        "filename": filename,
        "size": 48_213,
        "url": url,
        "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
        "content_type": "image/png",
        "width": 1080,
        "height": 2340,
    })
}

/// A member's direct message with only files in it, no words.
pub fn dm_with_files(id: u64, member: u64, files: &[&str]) -> Value {
    let mut m = dm(id, member, "");
    let channel = DM_CHANNEL_BASE + member;
    m["attachments"] = files
        .iter()
        .enumerate()
        .map(|(n, f)| attachment(id * 10 + n as u64, channel, f))
        .collect();
    m
}

/// A DM channel as `POST /users/@me/channels` returns it.
pub fn dm_channel(member: u64) -> Value {
    json!({
        "id": (DM_CHANNEL_BASE + member).to_string(),
        "type": 1,
        "last_message_id": null,
        "recipients": [user(member, "member", false)],
    })
}

/// A guild as GUILD_CREATE sends it.
pub fn guild() -> Value {
    let mut g = json!({
        "id": GUILD_ID.to_string(),
        "name": "Community",
        "icon": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": "1",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [{
            "id": GUILD_ID.to_string(), "name": "@everyone", "color": 0, "hoist": false,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "icon": null, "unicode_emoji": null, "position": 0, "permissions": "1024",
            "managed": false, "mentionable": false, "flags": 0
        }],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
    });
    let more = json!({
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": false,
        "joined_at": "2026-11-01T10:00:00.000000+00:00",
        "large": false,
        "member_count": 2,
        "members": [],
        "channels": [{
            "id": CHANNEL_ID.to_string(), "type": 0, "guild_id": GUILD_ID.to_string(),
            "name": "help", "position": 0, "permission_overwrites": [], "nsfw": false,
            "topic": null, "last_message_id": null, "parent_id": null, "rate_limit_per_user": 0
        }],
        "threads": [],
        "presences": [],
        "voice_states": [],
        "stickers": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "unavailable": false,
    });
    if let (Some(g), Value::Object(more)) = (g.as_object_mut(), more) {
        g.extend(more);
    }
    g
}

/// The commands as `PUT .../commands` answers: what was sent, with ids.
pub fn registered_commands(sent: &Value) -> Value {
    let commands: Vec<Value> = sent
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| {
            let mut c = c.clone();
            c["id"] = json!((9_000 + i).to_string());
            c["application_id"] = json!(APP_ID.to_string());
            c["version"] = json!("1");
            c["default_member_permissions"] = Value::Null;
            c["type"] = json!(1);
            c
        })
        .collect();
    Value::Array(commands)
}

/// A slash command interaction; `options` are (name, string value).
pub fn command(id: u64, user_id: u64, locale: &str, name: &str, options: &[(&str, &str)]) -> Value {
    let options: Vec<Value> = options
        .iter()
        .map(|(n, v)| json!({"name": n, "type": 3, "value": v}))
        .collect();
    json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": 2,
        "token": format!("interaction-token-{id}"),
        "version": 1,
        "data": {"id": "9000", "name": name, "type": 1, "options": options},
        "channel_id": CHANNEL_ID.to_string(),
        "user": user(user_id, "member", false),
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": 10485760,
    })
}

/// A button press on one of the bot's messages.
pub fn button(id: u64, user_id: u64, locale: &str, custom_id: &str) -> Value {
    component(
        id,
        user_id,
        locale,
        json!({"custom_id": custom_id, "component_type": 2}),
    )
}

/// A choice in one of the bot's select menus.
pub fn select(id: u64, user_id: u64, locale: &str, custom_id: &str, value: &str) -> Value {
    component(
        id,
        user_id,
        locale,
        json!({"custom_id": custom_id, "component_type": 3, "values": [value]}),
    )
}

fn component(id: u64, user_id: u64, locale: &str, data: Value) -> Value {
    json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": 3,
        "token": format!("interaction-token-{id}"),
        "version": 1,
        "data": data,
        "channel_id": CHANNEL_ID.to_string(),
        "user": user(user_id, "member", false),
        "message": message(id - 1, user(BOT_ID, "helpdesk", true), "", &[], false),
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": 10485760,
    })
}

async fn serve_rest(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut stream = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        match stream.read_line(&mut request_line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_string();
        let path = parts.next().unwrap_or_default().to_string();
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            if stream.read_line(&mut header).await.unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if stream.read_exact(&mut body).await.is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        let at = std::time::Instant::now();
        if method == "GET" && path.starts_with(CDN) {
            let file = shared
                .files
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .get(&path)
                .cloned();
            let _ = shared.calls.send(RestCall {
                method,
                path,
                body,
                at,
            });
            if shared.behaviour.hold_files {
                match shared.held_files.acquire().await {
                    Ok(permit) => permit.forget(),
                    Err(_) => return,
                }
            }
            let (head, bytes) = match file {
                Some(bytes) => ("200 OK\r\ncontent-type: image/png", bytes),
                None => (
                    "404 Not Found\r\ncontent-type: text/plain",
                    b"gone".to_vec(),
                ),
            };
            let mut out =
                format!("HTTP/1.1 {head}\r\ncontent-length: {}\r\n\r\n", bytes.len()).into_bytes();
            out.extend_from_slice(&bytes);
            if stream.get_mut().write_all(&out).await.is_err() {
                return;
            }
            continue;
        }
        let (status, answer) = route(&shared, &method, &path, &body);
        let _ = shared.calls.send(RestCall {
            method,
            path,
            body,
            at,
        });
        if status == HANG {
            // Discord has the message; its answer never arrives.
            std::future::pending::<()>().await;
        }
        let (status, answer) = if status == HOLD {
            match shared.held.acquire().await {
                Ok(permit) => permit.forget(),
                Err(_) => return,
            }
            match shared.behaviour.refuse_dm_channels {
                Some(refused) => (refused, Some(refused_recipient())),
                None => (200, answer),
            }
        } else {
            (status, answer)
        };
        let answer = answer.map(|a| a.to_string()).unwrap_or_default();
        let reason = match status {
            200 => "OK",
            204 => "No Content",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            503 => "Service Unavailable",
            _ => "Not Found",
        };
        let head = format!(
            "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            answer.len()
        );
        // One write: a head and a body sent apart would meet Nagle's
        // algorithm and the client's delayed ACK, 40 ms per request.
        let out = stream.get_mut();
        if out
            .write_all(format!("{head}{answer}").as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}

/// Discord's answer to a message beyond its limits.
pub fn invalid_form_body(problem: &str) -> Value {
    json!({"message": format!("Invalid Form Body ({problem})"), "code": 50035})
}

/// Discord's answer to a DM for a member who takes none from the bot
/// (DMs closed, or no server shared any more).
pub fn cannot_send_to_user() -> Value {
    json!({"message": "Cannot send messages to this user", "code": 50007})
}

/// Discord's answer to an edit of a message it does not have (deleted).
pub fn unknown_message() -> Value {
    json!({"message": "Unknown Message", "code": 10008})
}

/// Discord's answer to a DM channel for a recipient it does not accept.
pub fn refused_recipient() -> Value {
    json!({"message": "Invalid Recipient(s)", "code": 50033})
}

/// A status that means: record the call, then never answer.
const HANG: u16 = 0;
/// A status that means: record the call, then answer 200 once the test
/// releases it.
const HOLD: u16 = 1;

/// A message posted to `channel` by the bot, as Discord returns it.
fn sent_message(shared: &Shared, channel: &str, body: &Value) -> Value {
    let id = shared.ids.fetch_add(1, Ordering::Relaxed);
    let mut sent = message(
        id,
        user(BOT_ID, "helpdesk", true),
        body["content"].as_str().unwrap_or_default(),
        &[],
        false,
    );
    sent["channel_id"] = json!(channel);
    for list in ["embeds", "components"] {
        if body[list].is_array() {
            sent[list] = body[list].clone();
        }
    }
    if !body["nonce"].is_null() {
        sent["nonce"] = body["nonce"].clone();
    }
    // A reply to a message (the bot's FAQ answers) is listed as one, as
    // Discord lists it: type 19 with its reference.
    if let Some(quoted) = body["message_reference"]["message_id"].as_str() {
        sent["type"] = json!(19);
        sent["message_reference"] = json!({"message_id": quoted, "channel_id": channel});
    }
    sent
}

/// Creates a message, unless one with the same nonce exists and the bot
/// asked for the nonce to be enforced: then Discord returns that one. The
/// answer is as Discord shows it ([`as_discord_shows`]).
fn create_message(shared: &Shared, channel: &str, body: &Value) -> Value {
    let nonce = body["nonce"].as_str().map(str::to_string);
    let key = nonce.map(|n| (channel.to_string(), n));
    if body["enforce_nonce"] == true
        && let Some(key) = &key
        && let Some(existing) = shared
            .nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(key)
    {
        return as_discord_shows(existing);
    }
    let sent = sent_message(shared, channel, body);
    if let Some(key) = key {
        shared
            .nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key, sent.clone());
    }
    shared
        .created
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(sent.clone());
    as_discord_shows(&sent)
}

/// What Discord refuses in a message it is to create or edit: more text
/// than its limits allow (counted in characters, as serenity counts them).
fn beyond_limits(body: &Value) -> Option<String> {
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    if chars(&body["content"]) > 2000 {
        return Some("content: Must be 2000 or fewer in length.".into());
    }
    for embed in body["embeds"].as_array().into_iter().flatten() {
        let mut total = chars(&embed["title"]) + chars(&embed["description"]);
        total += chars(&embed["footer"]["text"]) + chars(&embed["author"]["name"]);
        if chars(&embed["title"]) > 256 {
            return Some("embeds.0.title: Must be 256 or fewer in length.".into());
        }
        if chars(&embed["description"]) > 4096 {
            return Some("embeds.0.description: Must be 4096 or fewer in length.".into());
        }
        for field in embed["fields"].as_array().into_iter().flatten() {
            if chars(&field["name"]) > 256 || chars(&field["value"]) > 1024 {
                return Some("embeds.0.fields: a field is too long.".into());
            }
            let blank = |v: &Value| v.as_str().is_none_or(|s| s.trim().is_empty());
            if blank(&field["name"]) || blank(&field["value"]) {
                return Some("embeds.0.fields: Must be 1 or more in length.".into());
            }
            total += chars(&field["name"]) + chars(&field["value"]);
        }
        if total > 6000 {
            return Some("embeds: Embed size exceeds maximum size of 6000".into());
        }
    }
    None
}

/// A message as Discord gives it back (in the answer to its creation, an
/// edit or a listing): its content and its embeds' descriptions without
/// leading or trailing white space, since Discord keeps them trimmed.
/// [`FakeDiscord::created`] keeps what the bot sent, so that a test can
/// check every character the bot wrote.
pub fn as_discord_shows(message: &Value) -> Value {
    let mut shown = message.clone();
    if let Some(content) = shown["content"].as_str() {
        shown["content"] = json!(content.trim());
    }
    if let Some(embeds) = shown["embeds"].as_array_mut() {
        for embed in embeds {
            if let Some(description) = embed["description"].as_str() {
                embed["description"] = json!(description.trim());
            }
        }
    }
    shown
}

/// Which of a channel's messages `GET /channels/{id}/messages` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The newest (no `before` or `after`).
    Newest,
    /// `before=ID`: the newest of those older than that message, so a
    /// client pages back through the channel from the newest.
    Before(u64),
    /// `after=ID`: the oldest of those newer than that message (the ones
    /// right after it), not the newest: a client pages forward from there.
    After(u64),
}

/// A channel's messages as `GET /channels/{id}/messages?limit=N` returns
/// them: the newest first, at most `limit` (Discord's default 50), as
/// Discord shows them ([`as_discord_shows`]) and without the nonces they
/// were created with, which Discord does not promise to give back there.
/// `page` picks them as Discord does.
pub fn channel_messages(created: &[Value], channel: &str, page: Page, limit: usize) -> Value {
    let id = |m: &Value| m["id"].as_str().and_then(|i| i.parse::<u64>().ok());
    let mut listed: Vec<&Value> = created
        .iter()
        .filter(|m| m["channel_id"] == channel)
        .filter(|m| match page {
            Page::Newest => true,
            Page::Before(before) => id(m).is_some_and(|i| i < before),
            Page::After(after) => id(m).is_some_and(|i| i > after),
        })
        .collect();
    // Oldest first; ids are snowflakes, growing with time.
    listed.sort_by_key(|m| id(m));
    let window = match page {
        Page::After(_) => &listed[..limit.min(listed.len())],
        Page::Newest | Page::Before(_) => &listed[listed.len().saturating_sub(limit)..],
    };
    window
        .iter()
        .rev()
        .map(|m| {
            let mut m = as_discord_shows(m);
            if let Some(fields) = m.as_object_mut() {
                fields.remove("nonce");
            }
            m
        })
        .collect()
}

fn route(shared: &Shared, method: &str, path: &str, body: &Value) -> (u16, Option<Value>) {
    let query = path.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let path = path.split('?').next().unwrap_or_default();
    let writes_a_message = matches!(method, "POST" | "PATCH")
        && (path.ends_with("/messages") || path.contains("/messages/"));
    let message = if path.starts_with("/api/v10/interactions/") {
        &body["data"]
    } else {
        body
    };
    let writes_a_message = writes_a_message || path.starts_with("/api/v10/interactions/");
    if writes_a_message && let Some(problem) = beyond_limits(message) {
        return (400, Some(invalid_form_body(&problem)));
    }
    let channel = path
        .strip_prefix("/api/v10/channels/")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default()
        .to_string();
    let is_dm = channel.parse::<u64>().is_ok_and(|c| c > DM_CHANNEL_BASE);
    match (method, path) {
        ("POST", "/api/v10/users/@me/channels") => {
            let member = body["recipient_id"]
                .as_str()
                .and_then(|r| r.parse::<u64>().ok())
                .or_else(|| body["recipient_id"].as_u64())
                .unwrap_or_default();
            match shared.behaviour {
                Behaviour {
                    hold_dm_channels: true,
                    ..
                } => (HOLD, Some(dm_channel(member))),
                Behaviour {
                    refuse_dm_channels: Some(refused),
                    ..
                } => (refused, Some(refused_recipient())),
                _ => (200, Some(dm_channel(member))),
            }
        }
        ("POST", p) if is_dm && !body["nonce"].is_null() && p.ends_with("/messages") => {
            let n = shared.dm_posts.fetch_add(1, Ordering::SeqCst);
            let b = shared.behaviour;
            if let Some(status) = b.refuse_dms {
                return (status, Some(cannot_send_to_user()));
            }
            if n >= b.accept_before_refusing && n < b.accept_before_refusing + b.refuse_first_dms {
                return (403, Some(cannot_send_to_user()));
            }
            if n < b.fail_dms {
                return (
                    503,
                    Some(json!({"message": "Service unavailable", "code": 0})),
                );
            }
            let sent = create_message(shared, &channel, body);
            let hang_from = b.fail_dms + b.hang_after_dms;
            if n >= hang_from && n < hang_from + b.hang_dms {
                return (HANG, None);
            }
            (200, Some(sent))
        }
        ("PATCH", p) if p.starts_with("/api/v10/channels/") && p.contains("/messages/") => {
            let id: u64 = p
                .rsplit('/')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(1);
            if shared.edits.fetch_add(1, Ordering::SeqCst) < shared.behaviour.fail_edits {
                return (
                    503,
                    Some(json!({"message": "Service unavailable", "code": 0})),
                );
            }
            let known = shared
                .created
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .iter()
                .any(|m| m["id"] == id.to_string().as_str());
            if !known {
                return (404, Some(unknown_message()));
            }
            let mut edited = sent_message(shared, &channel, body);
            edited["id"] = json!(id.to_string());
            (200, Some(as_discord_shows(&edited)))
        }
        ("PATCH", p) if p.starts_with("/api/v10/webhooks/") => (
            200,
            Some(as_discord_shows(&sent_message(
                shared,
                &CHANNEL_ID.to_string(),
                body,
            ))),
        ),
        ("GET", p) if p.starts_with("/api/v10/channels/") && p.ends_with("/messages") => {
            let param = |name: &str| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                    .and_then(|n| n.parse::<u64>().ok())
            };
            if shared.channel_reads.fetch_add(1, Ordering::SeqCst)
                < shared.behaviour.fail_channel_reads
            {
                return (
                    503,
                    Some(json!({"message": "Service unavailable", "code": 0})),
                );
            }
            let limit = param("limit").map_or(50, |n| n.clamp(1, 100) as usize);
            // Discord takes one of them; `before` wins, as there.
            let page = match (param("before"), param("after")) {
                (Some(before), _) => Page::Before(before),
                (None, Some(after)) => Page::After(after),
                (None, None) => Page::Newest,
            };
            let created = shared
                .created
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .clone();
            (200, Some(channel_messages(&created, &channel, page, limit)))
        }
        ("GET", "/api/v10/gateway") => (200, Some(json!({"url": shared.ws_url}))),
        ("GET", "/api/v10/gateway/bot") => (
            200,
            Some(json!({
                "url": shared.ws_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
            })),
        ),
        ("PUT", p) if p.ends_with("/commands") => (200, Some(registered_commands(body))),
        ("POST", p) if p.starts_with("/api/v10/channels/") && p.ends_with("/messages") => {
            (200, Some(create_message(shared, &channel, body)))
        }
        ("POST", p) if p.starts_with("/api/v10/interactions/") => (204, None),
        _ => (404, Some(json!({"message": "Unknown", "code": 0}))),
    }
}

fn ready(shared: &Shared) -> Value {
    ready_payload(&shared.ws_url)
}

/// READY as the fake sends it.
pub fn ready_payload(ws_url: &str) -> Value {
    json!({
        "v": 10,
        "user": user(BOT_ID, "helpdesk", true),
        "guilds": [{"id": GUILD_ID.to_string(), "unavailable": true}],
        "session_id": "fake-session",
        "resume_gateway_url": ws_url,
        "shard": [0, 1],
        "application": {"id": APP_ID.to_string(), "flags": 0},
    })
}

async fn serve_gateway(stream: TcpStream, shared: Arc<Shared>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}});
    if ws.send(Message::Text(hello.to_string())).await.is_err() {
        return;
    }
    // One connection at a time takes the test's commands.
    let mut commands = shared.commands.lock().await;
    let mut seq = 0u64;
    loop {
        tokio::select! {
            frame = ws.next() => {
                let text = match frame {
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    _ => return,
                };
                let payload: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                let reply = match payload["op"].as_u64() {
                    Some(1) => Some(json!({"op": 11})),
                    Some(2) if shared.behaviour.reject_identify => {
                        let close = tokio_tungstenite::tungstenite::protocol::CloseFrame {
                            code: 4004.into(),
                            reason: "Authentication failed.".into(),
                        };
                        let _ = ws.send(Message::Close(Some(close))).await;
                        return;
                    }
                    Some(2) => {
                        seq += 1;
                        let _ = shared.sessions.send(Session::Identified);
                        Some(json!({"op": 0, "t": "READY", "s": seq, "d": ready(&shared)}))
                    }
                    Some(6) => {
                        seq = payload["d"]["seq"].as_u64().unwrap_or(seq) + 1;
                        let _ = shared.sessions.send(Session::Resumed);
                        Some(json!({"op": 0, "t": "RESUMED", "s": seq, "d": {}}))
                    }
                    _ => None,
                };
                if let Some(reply) = reply
                    && ws.send(Message::Text(reply.to_string())).await.is_err()
                {
                    return;
                }
            }
            command = commands.recv() => match command {
                Some(Command::Dispatch(event, data)) => {
                    seq += 1;
                    let frame = json!({"op": 0, "t": event, "s": seq, "d": data});
                    if ws.send(Message::Text(frame.to_string())).await.is_err() {
                        return;
                    }
                }
                Some(Command::Drop) | None => return,
            },
        }
    }
}

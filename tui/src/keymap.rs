//! The keys as data: one table of actions with their default keys, per
//! scope (`global`, `list`, or a screen's id), overridable from a TOML file.
//! Help, the hint line and the command palette are all generated from it, so
//! they cannot drift from what the keys really do.

use locales::{Lang, Localizer, Said};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// Something a moderator can do with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Leave the console (asks first when a draft would be lost).
    Quit,
    /// The key help.
    Help,
    /// The command palette.
    Palette,
    /// Switch between English and German.
    Language,
    /// The next screen.
    NextTab,
    /// The previous screen.
    PrevTab,
    /// Screen number n (1-based).
    Tab(u8),
    /// One row up, or the field above.
    Up,
    /// One row down, or the field below.
    Down,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// The first row.
    First,
    /// The last row.
    Last,
    /// Open or choose what is highlighted.
    Open,
    /// Back, or leave a text field.
    Back,
    /// The previous choice (route, group, person).
    Left,
    /// The next choice.
    Right,
    /// Type into the screen's search or filter.
    Search,
    /// Send the invitation.
    Send,
    /// Mark for a bulk decision.
    Mark,
    /// Approve (the marked or highlighted).
    Approve,
    /// Reject, with a note.
    Reject,
    /// The audit log.
    Audit,
    /// The queue grouped by inviter.
    ByInviter,
    /// A new event.
    New,
    /// Edit the highlighted.
    Edit,
    /// Assign the ticket to me.
    Assign,
    /// Reply to the ticket.
    Reply,
    /// Close the ticket.
    Close,
    /// Reopen the closed ticket.
    Reopen,
    /// Unanswered questions instead of tickets.
    Unanswered,
    /// Link the question (or its whole cluster) to an article.
    Link,
    /// Compare an address book.
    AddressBook,
    /// Ticket statistics.
    Stats,
}

impl Action {
    /// Every action but the numbered tabs, which [`Action::from_id`] reads as `tab-N`.
    const NAMED: [(Action, &'static str); 33] = [
        (Action::Quit, "quit"),
        (Action::Help, "help"),
        (Action::Palette, "palette"),
        (Action::Language, "language"),
        (Action::NextTab, "next-tab"),
        (Action::PrevTab, "prev-tab"),
        (Action::Up, "up"),
        (Action::Down, "down"),
        (Action::PageUp, "page-up"),
        (Action::PageDown, "page-down"),
        (Action::First, "first"),
        (Action::Last, "last"),
        (Action::Open, "open"),
        (Action::Back, "back"),
        (Action::Left, "left"),
        (Action::Right, "right"),
        (Action::Search, "search"),
        (Action::Send, "send"),
        (Action::Mark, "mark"),
        (Action::Approve, "approve"),
        (Action::Reject, "reject"),
        (Action::Audit, "audit"),
        (Action::ByInviter, "by-inviter"),
        (Action::New, "new"),
        (Action::Edit, "edit"),
        (Action::Assign, "assign"),
        (Action::Reply, "reply"),
        (Action::Close, "close"),
        (Action::Reopen, "reopen"),
        (Action::Unanswered, "unanswered"),
        (Action::Link, "link"),
        (Action::AddressBook, "address-book"),
        (Action::Stats, "stats"),
    ];

    /// The name in key files and the fluent id's tail (`console-action-<id>`).
    pub fn id(self) -> String {
        match self {
            Action::Tab(n) => format!("tab-{n}"),
            other => Action::NAMED
                .iter()
                .find(|(a, _)| *a == other)
                .map(|(_, id)| (*id).to_string())
                .unwrap_or_default(),
        }
    }

    /// The action a key file names.
    pub fn from_id(id: &str) -> Option<Action> {
        if let Some(n) = id.strip_prefix("tab-") {
            return n
                .parse()
                .ok()
                .filter(|n| (1..=9).contains(n))
                .map(Action::Tab);
        }
        Action::NAMED
            .iter()
            .find(|(_, name)| *name == id)
            .map(|(a, _)| *a)
    }

    /// Its fluent id, for help and the palette.
    pub fn fluent_id(self) -> &'static str {
        match self {
            Action::Quit => "console-action-quit",
            Action::Help => "console-action-help",
            Action::Palette => "console-action-palette",
            Action::Language => "console-action-language",
            Action::NextTab => "console-action-next-tab",
            Action::PrevTab => "console-action-prev-tab",
            Action::Tab(_) => "console-action-tab",
            Action::Up => "console-action-up",
            Action::Down => "console-action-down",
            Action::PageUp => "console-action-page-up",
            Action::PageDown => "console-action-page-down",
            Action::First => "console-action-first",
            Action::Last => "console-action-last",
            Action::Open => "console-action-open",
            Action::Back => "console-action-back",
            Action::Left => "console-action-left",
            Action::Right => "console-action-right",
            Action::Search => "console-action-search",
            Action::Send => "console-action-send",
            Action::Mark => "console-action-mark",
            Action::Approve => "console-action-approve",
            Action::Reject => "console-action-reject",
            Action::Audit => "console-action-audit",
            Action::ByInviter => "console-action-by-inviter",
            Action::New => "console-action-new",
            Action::Edit => "console-action-edit",
            Action::Assign => "console-action-assign",
            Action::Reply => "console-action-reply",
            Action::Close => "console-action-close",
            Action::Reopen => "console-action-reopen",
            Action::Unanswered => "console-action-unanswered",
            Action::Link => "console-action-link",
            Action::AddressBook => "console-action-address-book",
            Action::Stats => "console-action-stats",
        }
    }
}

/// A key with its modifiers, as key files and the help write it (`ctrl-k`, `A`, `pagedown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt (Shift is in the character itself).
    pub ctrl: bool,
    /// Alt.
    pub alt: bool,
}

impl Key {
    /// The key a terminal event stands for.
    pub fn of(event: &KeyEvent) -> Key {
        Key {
            code: match event.code {
                // Terminals differ in whether they report Shift with an upper-case letter.
                KeyCode::Char(c) => KeyCode::Char(c),
                other => other,
            },
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Reads `ctrl-k`, `alt-x`, `f2`, `enter`, `space`, `A`, `?`.
    pub fn parse(text: &str) -> Option<Key> {
        let mut key = Key::plain(KeyCode::Null);
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                key.ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                key.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" | "shift-tab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" => KeyCode::PageUp,
                "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "backspace" => KeyCode::Backspace,
                "delete" => KeyCode::Delete,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl || self.alt => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// The scope every screen falls back to for moving in a list.
pub const LIST: &str = "list";
/// Keys that work on every screen.
pub const GLOBAL: &str = "global";

/// The defaults: scope, action, keys. The one place a key is chosen.
const DEFAULTS: &[(&str, Action, &[&str])] = &[
    (GLOBAL, Action::Quit, &["q"]),
    (GLOBAL, Action::Help, &["?", "f1"]),
    (GLOBAL, Action::Palette, &["ctrl-k", ":"]),
    (GLOBAL, Action::Language, &["L", "f2"]),
    (GLOBAL, Action::NextTab, &["tab"]),
    (GLOBAL, Action::PrevTab, &["backtab"]),
    (GLOBAL, Action::Tab(1), &["1"]),
    (GLOBAL, Action::Tab(2), &["2"]),
    (GLOBAL, Action::Tab(3), &["3"]),
    (GLOBAL, Action::Tab(4), &["4"]),
    (GLOBAL, Action::Tab(5), &["5"]),
    (GLOBAL, Action::Tab(6), &["6"]),
    (GLOBAL, Action::Tab(7), &["7"]),
    (GLOBAL, Action::Tab(8), &["8"]),
    (GLOBAL, Action::Tab(9), &["9"]),
    (LIST, Action::Up, &["up", "k"]),
    (LIST, Action::Down, &["down", "j"]),
    (LIST, Action::PageUp, &["pageup"]),
    (LIST, Action::PageDown, &["pagedown"]),
    (LIST, Action::First, &["home"]),
    (LIST, Action::Last, &["end"]),
    (LIST, Action::Open, &["enter"]),
    (LIST, Action::Back, &["esc"]),
    ("picker", Action::Open, &["enter"]),
    ("groups", Action::Open, &["enter", "l", "right"]),
    ("groups", Action::Back, &["esc", "h", "left"]),
    ("groups", Action::Search, &["/"]),
    ("invite", Action::Up, &["up"]),
    ("invite", Action::Down, &["down"]),
    ("invite", Action::Left, &["left", "h"]),
    ("invite", Action::Right, &["right", "l"]),
    ("invite", Action::Open, &["enter", "space"]),
    ("invite", Action::Send, &["ctrl-s"]),
    ("invite", Action::Back, &["esc"]),
    ("review", Action::Mark, &["space"]),
    ("review", Action::Approve, &["a"]),
    ("review", Action::Reject, &["r"]),
    ("review", Action::Audit, &["A"]),
    ("review", Action::ByInviter, &["g"]),
    ("events", Action::New, &["n"]),
    ("events", Action::Edit, &["e", "enter"]),
    ("events", Action::Left, &["left"]),
    ("events", Action::Right, &["right"]),
    ("tickets", Action::Open, &["enter"]),
    ("tickets", Action::Assign, &["m"]),
    ("tickets", Action::Reply, &["r"]),
    ("tickets", Action::Close, &["c"]),
    ("tickets", Action::Reopen, &["o"]),
    ("tickets", Action::Unanswered, &["u"]),
    ("tickets", Action::Link, &["l"]),
    ("tickets", Action::Stats, &["s"]),
    ("faq", Action::Search, &["/"]),
    ("bonus", Action::Search, &["/"]),
    ("bonus", Action::AddressBook, &["o"]),
];

/// The mistakes in a key file, each with where it is. `Display` says them
/// in English (logs); [`KeyFileError::in_lang`] in the console's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFileError {
    /// The file, as messages name it.
    pub file: String,
    /// Each mistake: its 1-based line (0 for the whole file) and what is
    /// wrong (`console-keys-*`, the TOML reader's `toml-*`, or `io-*`).
    pub problems: Vec<(usize, Said)>,
}

impl KeyFileError {
    /// One mistake of the file `file`.
    fn one(file: &str, line: usize, problem: Said) -> KeyFileError {
        KeyFileError {
            file: file.to_string(),
            problems: vec![(line, problem)],
        }
    }

    /// Every mistake in `lang`, one per line, as `file:line: what is wrong`.
    pub fn in_lang(&self, l: &Localizer, lang: Lang) -> String {
        self.shown(|problem| problem.in_lang(l, lang))
    }

    fn shown(&self, word: impl Fn(&Said) -> String) -> String {
        self.problems
            .iter()
            .map(|(line, problem)| match line {
                0 => format!("{}: {}", self.file, word(problem)),
                line => format!("{}:{line}: {}", self.file, word(problem)),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// In English, for logs; the console's user gets [`KeyFileError::in_lang`].
impl fmt::Display for KeyFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown(Said::english))
    }
}

impl std::error::Error for KeyFileError {}

/// The key table in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<(String, Action, Vec<Key>)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: DEFAULTS
                .iter()
                .map(|(scope, action, keys)| {
                    (
                        (*scope).to_string(),
                        *action,
                        keys.iter().filter_map(|k| Key::parse(k)).collect(),
                    )
                })
                .collect(),
        }
    }
}

impl Keymap {
    /// The defaults with a key file's entries on top. The file is TOML, one
    /// table per scope: `[review]` then `approve = ["a", "ctrl-a"]`.
    pub fn with_file(path: &Path) -> Result<Keymap, KeyFileError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            KeyFileError::one(
                &name,
                0,
                Said::of("console-keys-unreadable").with("reason", Said::io(&e)),
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let line = locales::line_of(e.as_bytes(), e.utf8_error().valid_up_to());
            KeyFileError::one(&name, line, Said::of("console-keys-not-utf8"))
        })?;
        let mut map = Keymap::default();
        map.apply(&name, &text)?;
        Ok(map)
    }

    /// Applies a key file's text; `name` is used in messages.
    pub fn apply(&mut self, name: &str, text: &str) -> Result<(), KeyFileError> {
        type Table = BTreeMap<String, BTreeMap<String, toml::Spanned<Vec<String>>>>;
        let line = |at: usize| locales::line_of(text.as_bytes(), at);
        let tables: Table = toml::from_str(text).map_err(|e| {
            KeyFileError::one(
                name,
                e.span().map_or(1, |s| line(s.start)),
                Said::toml(e.message()),
            )
        })?;
        let mut problems = Vec::new();
        // Where the file binds each action, for naming a key bound twice.
        let mut lines: BTreeMap<(&str, Action), usize> = BTreeMap::new();
        for (scope, entries) in &tables {
            let known_scope = DEFAULTS.iter().any(|(s, _, _)| s == scope);
            for (id, keys) in entries {
                let at = line(keys.span().start);
                if !known_scope {
                    problems.push((
                        at,
                        Said::new("console-keys-no-screen", &[("scope", scope.clone())]),
                    ));
                    continue;
                }
                let Some(action) = Action::from_id(id) else {
                    problems.push((
                        at,
                        Said::new("console-keys-no-action", &[("action", id.clone())]),
                    ));
                    continue;
                };
                lines.insert((scope.as_str(), action), at);
                let mut parsed = Vec::new();
                for k in keys.get_ref() {
                    match Key::parse(k) {
                        Some(key) => parsed.push(key),
                        None => problems.push((
                            at,
                            Said::new("console-keys-not-a-key", &[("key", k.clone())]),
                        )),
                    }
                }
                match self
                    .bindings
                    .iter_mut()
                    .find(|(s, a, _)| s == scope && *a == action)
                {
                    Some((_, _, old)) => *old = parsed,
                    None => self.bindings.push((scope.clone(), action, parsed)),
                }
            }
        }
        problems.extend(self.bound_twice(&lines));
        // The tables come in name order; the reader goes down the file.
        problems.sort_by_key(|(line, _)| *line);
        if problems.is_empty() {
            Ok(())
        } else {
            Err(KeyFileError {
                file: name.to_string(),
                problems,
            })
        }
    }

    /// A key that two actions of one scope share, where the file bound
    /// either: [`Keymap::action`] would find only the first, and the other
    /// could not be reached. Said at the file's later line of the two.
    fn bound_twice(&self, lines: &BTreeMap<(&str, Action), usize>) -> Vec<(usize, Said)> {
        let mut problems = Vec::new();
        for (i, (scope, first, keys)) in self.bindings.iter().enumerate() {
            for (other_scope, second, other_keys) in &self.bindings[i + 1..] {
                if other_scope != scope {
                    continue;
                }
                let Some(key) = keys.iter().find(|k| other_keys.contains(k)) else {
                    continue;
                };
                let at = [first, second]
                    .iter()
                    .filter_map(|a| lines.get(&(scope.as_str(), **a)))
                    .max();
                if let Some(at) = at {
                    problems.push((
                        *at,
                        Said::new(
                            "console-keys-bound-twice",
                            &[
                                ("key", key.to_string()),
                                ("first", first.id()),
                                ("second", second.id()),
                                ("scope", scope.clone()),
                            ],
                        ),
                    ));
                }
            }
        }
        problems
    }

    /// The action a key stands for on a screen: its own keys first, then the
    /// list keys, then the global ones.
    pub fn action(&self, scope: &str, key: Key) -> Option<Action> {
        [scope, LIST, GLOBAL].iter().find_map(|s| {
            self.bindings
                .iter()
                .find(|(bs, _, keys)| bs == s && keys.contains(&key))
                .map(|(_, a, _)| *a)
        })
    }

    /// The actions of a scope with their keys, in table order.
    pub fn scope(&self, scope: &str) -> Vec<(Action, &[Key])> {
        self.bindings
            .iter()
            .filter(|(s, _, _)| s == scope)
            .map(|(_, a, keys)| (*a, keys.as_slice()))
            .collect()
    }

    /// The keys of an action as the help shows them (`a`, `Ctrl-S / Enter`),
    /// looked up the way [`Keymap::action`] does.
    pub fn keys_for(&self, scope: &str, action: Action) -> String {
        [scope, LIST, GLOBAL]
            .iter()
            .find_map(|s| {
                self.bindings
                    .iter()
                    .find(|(bs, a, keys)| bs == s && *a == action && !keys.is_empty())
            })
            .map(|(_, _, keys)| {
                keys.iter()
                    .map(|k| k.to_string())
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default()
    }
}

/// How well `query` matches `text` as a subsequence (case-folded), or `None`:
/// letters in a row and at word starts score higher.
pub fn fuzzy(query: &str, text: &str) -> Option<i32> {
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let mut score = 0;
    let mut at = 0;
    let mut last: Option<usize> = None;
    for q in query.to_lowercase().chars().filter(|c| !c.is_whitespace()) {
        let found = (at..text.len()).find(|&i| text[i] == q)?;
        score += 1;
        if last.is_some_and(|l| l + 1 == found) {
            score += 3;
        }
        if found == 0 || !text[found - 1].is_alphanumeric() {
            score += 2;
        }
        last = Some(found);
        at = found + 1;
    }
    Some(score)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_key_is_readable_and_every_action_has_a_name() {
        for (scope, action, keys) in DEFAULTS {
            for k in *keys {
                assert!(Key::parse(k).is_some(), "{scope}: {k}");
            }
            assert_eq!(Action::from_id(&action.id()), Some(*action));
        }
    }

    #[test]
    fn a_screen_key_wins_over_the_list_and_global_keys() {
        let map = Keymap::default();
        let key = |s: &str| Key::parse(s).expect("key");
        assert_eq!(map.action("review", key("r")), Some(Action::Reject));
        assert_eq!(map.action("tickets", key("r")), Some(Action::Reply));
        assert_eq!(map.action("review", key("j")), Some(Action::Down));
        assert_eq!(map.action("review", key("q")), Some(Action::Quit));
        assert_eq!(map.action("groups", key("l")), Some(Action::Open));
        assert_eq!(map.action("review", key("x")), None);
    }

    #[test]
    fn a_key_file_rebinds_and_names_bad_entries_by_line() {
        let mut map = Keymap::default();
        map.apply("keys.toml", "[review]\napprove = [\"y\", \"ctrl-a\"]\n")
            .expect("good file");
        let key = |s: &str| Key::parse(s).expect("key");
        assert_eq!(map.action("review", key("y")), Some(Action::Approve));
        assert_eq!(map.action("review", key("a")), None);
        assert_eq!(map.keys_for("review", Action::Approve), "y / Ctrl-A");

        let err = Keymap::default()
            .apply(
                "keys.toml",
                "[review]\napprove = [\"a\"]\nfly = [\"f\"]\n\n[nowhere]\nquit = [\"q\"]\n[faq]\nsearch = [\"ctrl-\"]\n",
            )
            .expect_err("bad entries");
        assert!(
            err.to_string()
                .contains("keys.toml:3: no action is called \"fly\""),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("keys.toml:6: no screen is called \"nowhere\""),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("keys.toml:8: \"ctrl-\" is not a key"),
            "{err}"
        );

        let err = Keymap::default()
            .apply("keys.toml", "[review]\n\napprove = \"a\"\n")
            .expect_err("not a list");
        assert!(err.to_string().starts_with("keys.toml:3:"), "{err}");
    }

    #[test]
    fn a_key_files_mistakes_are_said_in_the_consoles_language_at_their_lines() {
        let l = Localizer::embedded().expect("messages");
        let err = Keymap::default()
            .apply(
                "keys.toml",
                "[review]\nfly = [\"f\"]\n[nowhere]\nquit = [\"q\"]\n[faq]\nsearch = [\"ctrl-\"]\n",
            )
            .expect_err("bad entries");
        assert_eq!(
            err.in_lang(&l, Lang::De),
            "keys.toml:2: Eine Aktion namens „fly“ gibt es nicht\n\
             keys.toml:4: Eine Ansicht namens „nowhere“ gibt es nicht\n\
             keys.toml:6: „ctrl-“ ist keine Taste"
        );
        // The TOML reader's own words: ours where serde's shape says which
        // mistake it is, else its English, marked as its.
        let err = Keymap::default()
            .apply("keys.toml", "[review]\n\napprove = \"a\"\n")
            .expect_err("not a list");
        assert_eq!(
            err.in_lang(&l, Lang::De),
            "keys.toml:3: Hier gehört eine Liste in eckigen Klammern hin"
        );
        let err = Keymap::default()
            .apply("keys.toml", "[review]\napprove = [\"a\"\n")
            .expect_err("broken");
        let said = err.in_lang(&l, Lang::De);
        assert!(
            said.starts_with("keys.toml:2: So kann der TOML-Leser das nicht übernehmen; der TOML-Leser meldet (auf Englisch): "),
            "{said}"
        );
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("keys.toml");
        let err = Keymap::with_file(&missing).expect_err("missing");
        assert_eq!(
            err.in_lang(&l, Lang::De),
            format!(
                "{}: Die Tastendatei lässt sich nicht lesen: Eine solche Datei oder einen solchen Ordner gibt es nicht",
                missing.display()
            )
        );
        std::fs::write(&missing, b"[review]\n# M\xfcll\n").expect("write");
        let err = Keymap::with_file(&missing).expect_err("latin-1");
        assert_eq!(
            err.in_lang(&l, Lang::De),
            format!(
                "{}:2: Das ist kein UTF-8-Text (speichern Sie die Tastendatei als UTF-8)",
                missing.display()
            )
        );
    }

    #[test]
    fn a_key_bound_to_two_actions_of_one_screen_is_refused_naming_both() {
        let l = Localizer::embedded().expect("messages");
        let err = Keymap::default()
            .apply("keys.toml", "[review]\n\napprove = [\"r\"]\n")
            .expect_err("r is reject's");
        assert_eq!(
            err.to_string(),
            "keys.toml:3: the key \"r\" would do two things in [review]: \"approve\" and \"reject\"; give one of them another key"
        );
        let err = Keymap::default()
            .apply("keys.toml", "[global]\nquit = [\"1\"]\n")
            .expect_err("1 goes to the first screen");
        assert_eq!(
            err.in_lang(&l, Lang::De),
            "keys.toml:2: Die Taste „1“ hätte in [global] zwei Aufgaben: „quit“ und „tab-1“; geben Sie einer davon eine andere Taste"
        );
        // Moving the other action away as well is fine, and so is a
        // screen's key that a list or global key also has (the screen's wins).
        let mut map = Keymap::default();
        map.apply(
            "keys.toml",
            "[review]\napprove = [\"r\"]\nreject = [\"x\"]\n[faq]\nsearch = [\"q\"]\n",
        )
        .expect("no key twice in one scope");
        let key = |s: &str| Key::parse(s).expect("key");
        assert_eq!(map.action("review", key("r")), Some(Action::Approve));
        assert_eq!(map.action("review", key("x")), Some(Action::Reject));
    }

    #[test]
    fn no_default_key_does_two_things_in_one_scope() {
        let map = Keymap::default();
        let every: BTreeMap<(&str, Action), usize> = map
            .bindings
            .iter()
            .map(|(s, a, _)| ((s.as_str(), *a), 1))
            .collect();
        assert_eq!(map.bound_twice(&every), Vec::new());
    }

    #[test]
    fn fuzzy_search_prefers_word_starts_and_runs() {
        assert!(fuzzy("apr", "Approve").is_some());
        assert!(fuzzy("xyz", "Approve").is_none());
        let run = fuzzy("rep", "Reply to the ticket").unwrap_or(0);
        let scattered = fuzzy("rep", "Reject, with a note: please").unwrap_or(0);
        assert!(run > scattered, "{run} {scattered}");
    }
}

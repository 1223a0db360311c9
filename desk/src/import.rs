//! `helpdesk import`: community data from a TOML file, upserted in one transaction.

use crate::DeskError;
use crate::clock;
use crate::records::{AmbassadorKind, GroupKind, Role, is_plausible_email, normalize_email};
use crate::store::Store;
use crate::store::community::{
    MemberChange, NewGroup, connect, discord_holder, group_id_by_name, member_by_email_in,
    member_id_by_email, set_role, upsert_group, upsert_member_change,
};
use locales::{Lang, Localizer, Said, line_of};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The import file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportFile {
    #[serde(default)]
    members: Vec<Spanned<MemberRow>>,
    #[serde(default)]
    groups: Vec<Spanned<GroupRow>>,
    #[serde(default)]
    memberships: Vec<Spanned<MembershipRow>>,
    #[serde(default)]
    contacts: Vec<Spanned<ContactRow>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberRow {
    email: String,
    // Optional fields are `None` when the file leaves them out: a member who
    // exists keeps them, a new one gets the defaults (and must be given a
    // name and a language, which have none).
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    lang: Option<Lang>,
    #[serde(default)]
    premium: Option<bool>,
    #[serde(default)]
    group_invitations: Option<bool>,
    #[serde(default)]
    discord_id: Option<Spanned<String>>,
    #[serde(default)]
    seeks: Option<String>,
    #[serde(default)]
    offers: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupRow {
    name: String,
    kind: GroupKind,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum RoleName {
    Member,
    Moderator,
    Ambassador,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MembershipRow {
    group: Spanned<String>,
    email: Spanned<String>,
    role: RoleName,
    #[serde(default)]
    ambassador: Option<AmbassadorKind>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactRow {
    a: Spanned<String>,
    b: Spanned<String>,
}

/// A problem in an import file, with its place. `Display` says it in
/// English (logs); [`ImportError::in_lang`] says it to a person.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{}: {}", path.display(), cause.english())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why, in the system's kind of failure (`import-unreadable`).
        cause: Said,
    },
    /// The content is wrong at a line.
    #[error("{}:{line}: {}", path.display(), message.english())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The line.
        line: usize,
        /// What is wrong (`import-*`, or the TOML reader's `toml-*`).
        message: Said,
    },
    /// The database would not take a member's row; nothing was imported.
    #[error(
        "{}:{line}: {}",
        path.display(),
        member_not_written(email, cause.to_string()).english()
    )]
    MemberNotWritten {
        /// The file.
        path: PathBuf,
        /// The member's line.
        line: usize,
        /// The member's address.
        email: String,
        /// Why, named by the database file once the import gave up.
        cause: DeskError,
    },
    /// The database refused the write; nothing was imported.
    #[error(transparent)]
    Desk(#[from] DeskError),
}

impl ImportError {
    /// The error in `lang`: `file:line: what is wrong`, or `file: why`
    /// when the file could not be read; the database's failures as
    /// [`DeskError::in_language`] words them, also where a member's row
    /// met one.
    pub fn in_lang(&self, l: &Localizer, lang: Lang) -> String {
        match self {
            ImportError::Read { path, cause } => {
                format!("{}: {}", path.display(), cause.in_lang(l, lang))
            }
            ImportError::Invalid {
                path,
                line,
                message,
            } => format!("{}:{line}: {}", path.display(), message.in_lang(l, lang)),
            ImportError::MemberNotWritten {
                path,
                line,
                email,
                cause,
            } => {
                let why = cause.in_language(l, lang, None);
                let message = member_not_written(email, why).in_lang(l, lang);
                format!("{}:{line}: {message}", path.display())
            }
            ImportError::Desk(e) => e.in_language(l, lang, None),
        }
    }
}

/// How much an import touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    /// Members added or updated.
    pub members: usize,
    /// Groups added or updated.
    pub groups: usize,
    /// Memberships set.
    pub memberships: usize,
    /// Contact pairs (new or existing).
    pub contacts: usize,
}

/// An import file, read and checked on its own: everything that can be
/// wrong without a database (the TOML, the addresses, names and Discord
/// ids, an entry given twice) is found before one is opened, so a bad file
/// never creates a database at a mistyped `--db`.
#[derive(Debug)]
pub struct ImportPlan {
    path: PathBuf,
    text: String,
    file: ImportFile,
}

/// Reads `path` and checks it, as [`parse`] does.
pub fn read_file(path: &Path) -> Result<ImportPlan, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Read {
        path: path.to_path_buf(),
        cause: Said::of("import-unreadable").with("reason", Said::io(&e)),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ImportError::Invalid {
        path: path.to_path_buf(),
        line: line_of(e.as_bytes(), e.utf8_error().valid_up_to()),
        message: Said::of("import-not-utf8"),
    })?;
    parse(path, text)
}

/// Parses and checks TOML text; `path` only names it in errors.
pub fn parse(path: &Path, text: String) -> Result<ImportPlan, ImportError> {
    let file: ImportFile = toml::from_str(&text).map_err(|e| ImportError::Invalid {
        path: path.to_path_buf(),
        line: line_of(text.as_bytes(), e.span().map(|s| s.start).unwrap_or(0)),
        message: Said::toml(e.message()),
    })?;
    let plan = ImportPlan {
        path: path.to_path_buf(),
        text,
        file,
    };
    plan.check()?;
    Ok(plan)
}

/// Reads `path` and imports it into `store`: all of it, or (on any error) none of it.
pub fn import_file(store: &mut Store, path: &Path) -> Result<ImportSummary, ImportError> {
    read_file(path)?.write_to(store)
}

/// That the database would not take member `email`'s row, for `reason`
/// (the desk's words for it, already in the reader's language).
fn member_not_written(email: &str, reason: String) -> Said {
    Said::of("import-member-not-written")
        .with("email", email)
        .with("reason", reason)
}

/// Imports TOML text; `path` only names it in errors.
pub fn import_text(
    store: &mut Store,
    path: &Path,
    text: &str,
) -> Result<ImportSummary, ImportError> {
    parse(path, text.to_string())?.write_to(store)
}

/// A Discord user id is a snowflake: a 64-bit number above zero in
/// decimal digits. It is kept as Discord writes it, without leading zeros:
/// "01234" and "1234" are one account, and the bot looks it up as Discord
/// sends it.
fn snowflake(id: &str) -> Option<String> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| n.to_string())
}

impl ImportPlan {
    /// A problem at byte `offset` of the file.
    fn invalid(&self, offset: usize, message: Said) -> ImportError {
        ImportError::Invalid {
            path: self.path.clone(),
            line: line_of(self.text.as_bytes(), offset),
            message,
        }
    }

    /// The line of byte `offset`, for a message that names an earlier entry.
    fn line(&self, offset: usize) -> usize {
        line_of(self.text.as_bytes(), offset)
    }

    /// Everything that can be wrong without a database. An entry given
    /// twice is refused at the second, naming the first: the upsert would
    /// keep the last quietly and the summary would count both.
    fn check(&self) -> Result<(), ImportError> {
        let mut emails: HashMap<String, usize> = HashMap::new();
        for row in &self.file.members {
            let at = row.span().start;
            let m = row.get_ref();
            let email = normalize_email(&m.email);
            if !is_plausible_email(&email) {
                return Err(self.invalid(
                    at,
                    Said::of("import-not-an-address").with("address", locales::one_line(&m.email)),
                ));
            }
            if let Some(name) = &m.name {
                if name.trim().is_empty() {
                    return Err(
                        self.invalid(at, Said::of("import-no-name").with("email", email.as_str()))
                    );
                }
                // Names are shown in terminals, mails and Discord: an escape
                // sequence or a line break in one would act there, not be read.
                if name.chars().any(char::is_control) {
                    return Err(self.invalid(
                        at,
                        Said::of("import-name-control").with("email", email.as_str()),
                    ));
                }
            }
            if let Some(id) = &m.discord_id {
                let id = id.get_ref().trim();
                // "" removes the link; anything else is looked up by Discord.
                if !id.is_empty() && snowflake(id).is_none() {
                    return Err(self.invalid(
                        m.discord_id.as_ref().map_or(at, |d| d.span().start),
                        Said::of("import-discord-not-an-id").with("discord", locales::one_line(id)),
                    ));
                }
            }
            if let Some(first) = emails.insert(email.clone(), at) {
                return Err(self.invalid(
                    at,
                    Said::of("import-duplicate-member")
                        .with("email", email.as_str())
                        .with("first", self.line(first)),
                ));
            }
        }
        let mut groups: HashMap<&str, usize> = HashMap::new();
        for row in &self.file.groups {
            let at = row.span().start;
            let g = row.get_ref();
            if g.name.trim().is_empty() {
                return Err(self.invalid(at, Said::of("import-group-no-name")));
            }
            if g.name.chars().any(char::is_control) {
                return Err(self.invalid(
                    at,
                    Said::of("import-group-name-control").with("name", locales::one_line(&g.name)),
                ));
            }
            if let Some(first) = groups.insert(g.name.trim(), at) {
                return Err(self.invalid(
                    at,
                    Said::of("import-duplicate-group")
                        .with("group", locales::one_line(g.name.trim()))
                        .with("first", self.line(first)),
                ));
            }
        }
        let mut memberships: HashMap<(&str, String), usize> = HashMap::new();
        for row in &self.file.memberships {
            let at = row.span().start;
            let m = row.get_ref();
            self.role(row)?;
            let key = (m.group.get_ref().trim(), normalize_email(m.email.get_ref()));
            if let Some(first) = memberships.insert(key, at) {
                return Err(self.invalid(
                    at,
                    Said::of("import-duplicate-membership")
                        .with("email", normalize_email(m.email.get_ref()))
                        .with("group", locales::one_line(m.group.get_ref().trim()))
                        .with("first", self.line(first)),
                ));
            }
        }
        let mut pairs: HashMap<(String, String), usize> = HashMap::new();
        for row in &self.file.contacts {
            let at = row.span().start;
            let c = row.get_ref();
            let (a, b) = (
                normalize_email(c.a.get_ref()),
                normalize_email(c.b.get_ref()),
            );
            if a == b {
                return Err(self.invalid(
                    c.b.span().start,
                    Said::of("import-own-contact").with("email", c.a.get_ref().as_str()),
                ));
            }
            // A pair is one contact whichever way round it is written.
            let key = if a < b { (a, b) } else { (b, a) };
            if let Some(first) = pairs.insert(key, at) {
                return Err(self.invalid(
                    at,
                    Said::of("import-duplicate-contact")
                        .with("a", c.a.get_ref().trim())
                        .with("b", c.b.get_ref().trim())
                        .with("first", self.line(first)),
                ));
            }
        }
        Ok(())
    }

    /// The role a membership entry gives, or why it gives none: needs no
    /// database, so [`ImportPlan::check`] finds it before one is opened.
    fn role(&self, row: &Spanned<MembershipRow>) -> Result<Role, ImportError> {
        let m = row.get_ref();
        match (m.role, m.ambassador) {
            (RoleName::Ambassador, Some(kind)) => Ok(Role::Ambassador(kind)),
            (RoleName::Ambassador, None) => {
                Err(self.invalid(row.span().start, Said::of("import-ambassador-needs-kind")))
            }
            (_, Some(_)) => {
                Err(self.invalid(row.span().start, Said::of("import-ambassador-without-role")))
            }
            (RoleName::Member, None) => Ok(Role::Member),
            (RoleName::Moderator, None) => Ok(Role::Moderator),
        }
    }

    /// Writes the file into `store`: all of it, or (on any error) none of it.
    pub fn write_to(&self, store: &mut Store) -> Result<ImportSummary, ImportError> {
        // A failure of SQLite names the database, as the store's own methods do.
        let database = store.path().to_path_buf();
        self.write_rows(store).map_err(|e| match e {
            ImportError::Desk(e) => ImportError::Desk(e.in_file(&database)),
            ImportError::MemberNotWritten {
                path,
                line,
                email,
                cause,
            } => ImportError::MemberNotWritten {
                path,
                line,
                email,
                cause: cause.in_file(&database),
            },
            other => other,
        })
    }

    /// [`ImportPlan::write_to`] without naming the database.
    fn write_rows(&self, store: &mut Store) -> Result<ImportSummary, ImportError> {
        let invalid = |offset: usize, message: Said| self.invalid(offset, message);
        let file = &self.file;
        let now = clock::now();
        let tx = store.write()?;
        let mut summary = ImportSummary::default();
        for row in &file.members {
            let at = row.span().start;
            let m = row.get_ref();
            let email = normalize_email(&m.email);
            // A member who exists keeps the name and language the file
            // leaves out; a new one must be given both.
            let stored = match (&m.name, m.lang) {
                (Some(_), Some(_)) => None,
                _ => member_by_email_in(&tx, &email)?,
            };
            let name = match (&m.name, &stored) {
                (Some(name), _) => name.clone(),
                (None, Some(stored)) => stored.name.clone(),
                (None, None) => {
                    return Err(invalid(
                        at,
                        Said::of("import-no-name").with("email", email.as_str()),
                    ));
                }
            };
            let lang = match (m.lang, &stored) {
                (Some(lang), _) => lang,
                (None, Some(stored)) => stored.lang,
                (None, None) => {
                    return Err(invalid(
                        at,
                        Said::of("import-no-lang").with("email", email.as_str()),
                    ));
                }
            };
            let change = MemberChange {
                email,
                name,
                lang,
                premium: m.premium,
                group_invitations: m.group_invitations,
                // `discord_id = ""` removes the link; leaving it out keeps it.
                discord_id: m.discord_id.as_ref().map(|d| snowflake(d.get_ref().trim())),
                seeks: m.seeks.clone(),
                offers: m.offers.clone(),
            };
            // Named here: the table's unique index would only say which column.
            if let Some(Some(discord_id)) = &change.discord_id
                && let Some(holder) = discord_holder(&tx, discord_id)?
                && holder != change.email
            {
                return Err(invalid(
                    at,
                    Said::of("import-discord-taken")
                        .with("discord", locales::one_line(discord_id))
                        .with("holder", holder),
                ));
            }
            // Named by its row: the database's words alone would not say which.
            upsert_member_change(&tx, &change, None, now).map_err(|cause| {
                ImportError::MemberNotWritten {
                    path: self.path.clone(),
                    line: self.line(at),
                    email: change.email.clone(),
                    cause,
                }
            })?;
            summary.members += 1;
        }
        for row in &file.groups {
            let g = row.get_ref();
            upsert_group(
                &tx,
                &NewGroup {
                    name: g.name.clone(),
                    description: g.description.clone(),
                    kind: g.kind,
                },
            )?;
            summary.groups += 1;
        }
        let member = |email: &str, at: usize| -> Result<_, ImportError> {
            member_id_by_email(&tx, email)?.ok_or_else(|| {
                invalid(
                    at,
                    Said::of("import-no-member").with("address", locales::one_line(email)),
                )
            })
        };
        for row in &file.memberships {
            let m = row.get_ref();
            let group = group_id_by_name(&tx, m.group.get_ref())?.ok_or_else(|| {
                invalid(
                    m.group.span().start,
                    Said::of("import-no-group").with("group", locales::one_line(m.group.get_ref())),
                )
            })?;
            let role = self.role(row)?;
            set_role(
                &tx,
                group,
                member(m.email.get_ref(), m.email.span().start)?,
                role,
                now,
            )?;
            summary.memberships += 1;
        }
        for row in &file.contacts {
            let c = row.get_ref();
            let a = member(c.a.get_ref(), c.a.span().start)?;
            // `check` refused a pair of one address; one member has one.
            let b = member(c.b.get_ref(), c.b.span().start)?;
            connect(&tx, a, b, now)?;
            summary.contacts += 1;
        }
        tx.commit()?;
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::temp_store;

    const GOOD: &str = r#"
[[members]]
email = "anna@example.org"
name = "Anna Berg"
lang = "de"
premium = true
group_invitations = true
discord_id = "1234"

[[members]]
email = "ben@example.org"
name = "Ben Carter"
lang = "en"
group_invitations = false

[[groups]]
name = "Berlin Networking"
kind = "regional"

[[memberships]]
group = "Berlin Networking"
email = "anna@example.org"
role = "ambassador"
ambassador = "regional"

[[contacts]]
a = "anna@example.org"
b = "ben@example.org"
"#;

    fn run(store: &mut Store, text: &str) -> Result<ImportSummary, ImportError> {
        import_text(store, Path::new("community.toml"), text)
    }

    #[test]
    fn a_good_file_imports_and_a_second_run_changes_nothing() {
        let (_dir, mut store) = temp_store();
        let first = run(&mut store, GOOD).expect("import");
        assert_eq!(
            first,
            ImportSummary {
                members: 2,
                groups: 1,
                memberships: 1,
                contacts: 1
            }
        );
        run(&mut store, GOOD).expect("again");
        assert_eq!(store.member_count().expect("count"), 2);
        let anna = store
            .member_by_email("anna@example.org")
            .expect("read")
            .expect("anna");
        assert_eq!(anna.discord_id.as_deref(), Some("1234"));
        let ben = store
            .member_by_email("ben@example.org")
            .expect("read")
            .expect("ben");
        assert!(!ben.group_invitations);
        assert!(store.are_contacts(anna.id, ben.id).expect("contacts"));
        let group = store
            .group_by_name("Berlin Networking")
            .expect("read")
            .expect("group");
        assert_eq!(
            store.role_in(group.id, anna.id).expect("role"),
            Some(Role::Ambassador(AmbassadorKind::Regional))
        );
    }

    #[test]
    fn a_field_the_file_leaves_out_keeps_its_value() {
        let (_dir, mut store) = temp_store();
        run(&mut store, GOOD).expect("import");
        let names_only = r#"
[[members]]
email = "Anna@Example.org"
name = "Anna Berg-Kraus"
lang = "en"

[[members]]
email = "ben@example.org"
name = "Ben Carter"
lang = "en"
seeks = "mentors"
"#;
        run(&mut store, names_only).expect("again");
        let anna = store
            .member_by_email("anna@example.org")
            .expect("read")
            .expect("anna");
        assert_eq!(anna.name, "Anna Berg-Kraus");
        assert_eq!(anna.lang, Lang::En);
        assert!(anna.premium, "premium kept");
        assert_eq!(anna.discord_id.as_deref(), Some("1234"), "link kept");
        let ben = store
            .member_by_email("ben@example.org")
            .expect("read")
            .expect("ben");
        assert!(!ben.group_invitations, "the opt-out is kept");
        assert_eq!(ben.seeks, "mentors");
        let unlink = "[[members]]\nemail = \"anna@example.org\"\nname = \"Anna\"\nlang = \"de\"\ndiscord_id = \"\"\n";
        run(&mut store, unlink).expect("unlink");
        let anna = store
            .member_by_email("anna@example.org")
            .expect("read")
            .expect("anna");
        assert_eq!(anna.discord_id, None, "an empty id removes the link");
        assert!(anna.premium);
        let new = "[[members]]\nemail = \"cleo@example.org\"\nname = \"Cleo\"\nlang = \"de\"\n";
        run(&mut store, new).expect("new member");
        let cleo = store
            .member_by_email("cleo@example.org")
            .expect("read")
            .expect("cleo");
        assert!(!cleo.premium && cleo.group_invitations && cleo.discord_id.is_none());
    }

    #[test]
    fn a_member_who_exists_keeps_the_name_and_language_the_file_leaves_out() {
        let (_dir, mut store) = temp_store();
        run(&mut store, GOOD).expect("import");
        run(
            &mut store,
            "[[members]]\nemail = \"anna@example.org\"\nname = \"Anna B.\"\n",
        )
        .expect("a new name alone");
        run(&mut store, "[[members]]\nemail = \"ben@example.org\"\n").expect("an address alone");
        let anna = store
            .member_by_email("anna@example.org")
            .expect("read")
            .expect("anna");
        assert_eq!((anna.name.as_str(), anna.lang), ("Anna B.", Lang::De));
        assert!(anna.premium && anna.discord_id.as_deref() == Some("1234"));
        let ben = store
            .member_by_email("ben@example.org")
            .expect("read")
            .expect("ben");
        assert_eq!((ben.name.as_str(), ben.lang), ("Ben Carter", Lang::En));
        // A new member has no values to keep: both are needed, at its line.
        let err = run(
            &mut store,
            "[[members]]\nemail = \"anna@example.org\"\n\n[[members]]\nemail = \"cleo@example.org\"\nname = \"Cleo\"\n",
        )
        .expect_err("no language")
        .to_string();
        assert_eq!(
            err,
            "community.toml:4: member cleo@example.org is new and needs lang = \"en\" or \"de\""
        );
        let err = run(
            &mut store,
            "[[members]]\nemail = \"cleo@example.org\"\nlang = \"de\"\n",
        )
        .expect_err("no name")
        .to_string();
        assert_eq!(err, "community.toml:1: member cleo@example.org has no name");
        assert_eq!(store.member_count().expect("count"), 2, "nothing written");
    }

    #[test]
    fn an_entry_given_twice_is_refused_at_the_second_naming_the_first() {
        let twice = |table: &str, entry: &str| -> String {
            let text = format!("{GOOD}\n[[{table}]]\n{entry}\n");
            error_of(&text)
        };
        let end = GOOD.lines().count() + 2;
        assert_eq!(
            twice(
                "members",
                "email = \"ANNA@example.org\"\nname = \"Anna\"\nlang = \"de\""
            ),
            format!(
                "community.toml:{end}: member anna@example.org is already in this file, at line 2"
            )
        );
        assert_eq!(
            twice(
                "groups",
                "name = \"Berlin Networking \"\nkind = \"industry\""
            ),
            format!(
                "community.toml:{end}: group \"Berlin Networking\" is already in this file, at line 16"
            )
        );
        assert_eq!(
            twice(
                "memberships",
                "group = \"Berlin Networking\"\nemail = \"anna@example.org\"\nrole = \"member\""
            ),
            format!(
                "community.toml:{end}: the membership of anna@example.org in group \"Berlin Networking\" \
                 is already in this file, at line 20"
            )
        );
        // The same pair the other way round is the same contact.
        assert_eq!(
            twice(
                "contacts",
                "a = \"ben@example.org\"\nb = \"anna@example.org\""
            ),
            format!(
                "community.toml:{end}: the contact ben@example.org – anna@example.org \
                 is already in this file, at line 26"
            )
        );
    }

    #[test]
    fn a_discord_id_must_be_a_discord_user_id() {
        for id in ["abc", "12 34", "-5", "99999999999999999999999", "0", "000"] {
            let err =
                error_of(&GOOD.replace("discord_id = \"1234\"", &format!("discord_id = {id:?}")));
            assert_eq!(
                err,
                format!(
                    "community.toml:8: {id:?} is not a Discord user id (a number of digits, such as 123456789012345678)"
                )
            );
        }
        let (_dir, mut store) = temp_store();
        run(
            &mut store,
            &GOOD.replace("\"1234\"", "\" 123456789012345678 \""),
        )
        .expect("digits");
        // Leading zeros name the same account, so it is stored as Discord
        // writes it, and a second member cannot take it padded.
        let (_dir, mut store) = temp_store();
        run(&mut store, &GOOD.replace("\"1234\"", "\"001234\"")).expect("padded");
        let anna = store
            .member_by_email("anna@example.org")
            .expect("read")
            .expect("anna");
        assert_eq!(anna.discord_id.as_deref(), Some("1234"));
    }

    #[test]
    fn a_file_that_is_not_utf8_is_named_by_line() {
        let (dir, mut store) = temp_store();
        let path = dir.path().join("latin1.toml");
        std::fs::write(
            &path,
            b"[[members]]\nemail = \"jo@example.org\"\nname = \"J\xf6rg\"\nlang = \"de\"\n",
        )
        .expect("write");
        let err = import_file(&mut store, &path)
            .expect_err("latin-1")
            .to_string();
        assert!(
            err.ends_with("latin1.toml:3: not UTF-8 text (TOML files are UTF-8; save it so)"),
            "{err}"
        );
        assert_eq!(store.member_count().expect("count"), 0);
    }

    /// The error of a refused import as a German user reads it.
    fn in_german(err: &ImportError) -> String {
        let l = Localizer::embedded().expect("messages");
        err.in_lang(&l, Lang::De)
    }

    #[test]
    fn a_german_user_reads_the_problem_in_german_at_its_line() {
        let (dir, mut store) = temp_store();
        let path = dir.path().join("latin1.toml");
        std::fs::write(&path, b"[[members]]\nname = \"J\xf6rg\"\n").expect("write");
        let err = import_file(&mut store, &path).expect_err("latin-1");
        assert_eq!(
            in_german(&err),
            format!(
                "{}:2: Das ist kein UTF-8-Text (TOML-Dateien sind UTF-8; speichern Sie die Datei so)",
                path.display()
            )
        );
        let missing = dir.path().join("fehlt.toml");
        let err = import_file(&mut store, &missing).expect_err("missing");
        assert_eq!(
            in_german(&err),
            format!(
                "{}: Die Datei lässt sich nicht lesen: Eine solche Datei oder einen solchen Ordner gibt es nicht",
                missing.display()
            )
        );
        let mut refused = |text: &str| in_german(&run(&mut store, text).expect_err("refused"));
        assert_eq!(
            refused(&GOOD.replace("group = \"Berlin Networking\"", "group = \"Munich\"")),
            "community.toml:21: Keine Gruppe heißt „Munich“"
        );
        assert_eq!(
            refused(&GOOD.replace("ambassador = \"regional\"\n", "")),
            "community.toml:20: Ein Botschafter braucht ambassador = \"regional\" oder \"xpert\""
        );
        // The TOML reader's own problems, in our words where serde's shape
        // says which.
        assert_eq!(
            refused(
                "[[members]]\nemail = \"x@example.org\"\nname = \"X\"\nlang = \"en\"\nnickname = \"x\"\n"
            ),
            "community.toml:5: Einen Schlüssel `nickname` gibt es hier nicht; \
             die Schlüssel hier sind `email`, `name`, `lang`, `premium`, `group_invitations`, \
             `discord_id`, `seeks`, `offers`"
        );
        assert_eq!(store.member_count().expect("count"), 0);
    }

    #[test]
    fn a_member_the_database_will_not_take_is_said_in_german_but_for_sqlites_words() {
        let jo = "[[members]]\nemail = \"jo@example.org\"\nname = \"Jo\"\nlang = \"de\"\n";
        // A full disk, which the desk has words for: no English of ours.
        let (_dir, mut store) = temp_store();
        let database = store.path().display().to_string();
        let pages: i64 = {
            let tx = store.write().expect("write");
            let pages = tx
                .query_row("PRAGMA page_count", [], |row| row.get(0))
                .expect("pages");
            tx.pragma_update(None, "max_page_count", pages)
                .expect("cap");
            tx.rollback().expect("rollback");
            pages
        };
        assert!(pages > 0);
        let big = jo.replace("\"Jo\"", &format!("\"{}\"", "Jo ".repeat(20_000)));
        let err = run(&mut store, &big).expect_err("no room");
        let said = in_german(&err);
        assert_eq!(
            said,
            format!(
                "community.toml:1: Das Mitglied jo@example.org ließ sich nicht schreiben: \
                 {database}: der Datenträger ist voll"
            )
        );
        for english in [
            "could not be written",
            "database",
            "disk",
            "helpdesk meldet",
        ] {
            assert!(!said.contains(english), "{english:?} in {said}");
        }
        // The log keeps the English.
        assert_eq!(
            err.to_string(),
            format!(
                "community.toml:1: member jo@example.org could not be written: \
                 {database}: the disk is full"
            )
        );

        // What SQLite says in its own words stays so, marked as English.
        let (_dir, mut store) = temp_store();
        let database = store.path().display().to_string();
        rusqlite::Connection::open(store.path())
            .expect("second connection")
            .execute_batch(
                "CREATE TRIGGER closed BEFORE INSERT ON members \
                 BEGIN SELECT RAISE(ABORT, 'members are closed'); END",
            )
            .expect("trigger");
        let said = in_german(&run(&mut store, jo).expect_err("refused"));
        assert_eq!(
            said,
            format!(
                "community.toml:1: Das Mitglied jo@example.org ließ sich nicht schreiben: \
                 {database}: die Datenbank meldet (auf Englisch): members are closed"
            )
        );
        assert_eq!(store.member_count().expect("count"), 0);
    }

    #[test]
    fn every_problem_an_import_says_has_words_in_both_languages() {
        let l = Localizer::embedded().expect("messages");
        let source = include_str!("import.rs");
        let ids: Vec<&str> = source
            .match_indices("Said::of(\"import-")
            .map(|(at, _)| {
                let rest = &source[at + "Said::of(\"".len()..];
                &rest[..rest.find('"').expect("closing quote")]
            })
            .collect();
        assert!(ids.len() >= 14, "{ids:?}");
        for id in ids {
            for lang in Lang::ALL {
                assert!(l.has(lang, id), "{id} is missing in {lang}");
            }
        }
    }

    fn error_of(text: &str) -> String {
        let (_dir, mut store) = temp_store();
        let err = run(&mut store, text).expect_err("must fail").to_string();
        assert_eq!(
            store.member_count().expect("count"),
            0,
            "nothing half-written"
        );
        err
    }

    #[test]
    fn errors_name_the_file_and_line_and_nothing_is_written() {
        let broken = GOOD.replace("b = \"ben@example.org\"", "b = \"carl@example.org\"");
        let err = error_of(&broken);
        assert!(err.starts_with("community.toml:28:"), "{err}");
        assert!(err.contains("carl@example.org"), "{err}");

        let err = error_of(&GOOD.replace("lang = \"en\"", "lang = \"fr\""));
        assert!(err.starts_with("community.toml:13:"), "{err}");

        let err = error_of(&GOOD.replace("group = \"Berlin Networking\"", "group = \"Munich\""));
        assert!(
            err.starts_with("community.toml:21:") && err.contains("Munich"),
            "{err}"
        );

        let err = error_of(&GOOD.replace("ambassador = \"regional\"\n", ""));
        assert!(err.contains("ambassador"), "{err}");

        let err =
            error_of("[[members]]\nemail = \"not-an-address\"\nname = \"X\"\nlang = \"en\"\n");
        assert!(err.starts_with("community.toml:1:"), "{err}");

        let err = error_of("[[members]\nemail = 1\n");
        assert!(err.starts_with("community.toml:1:"), "{err}");

        // A value left open by the end of a file that ends with a line
        // break: its last line, not one after it.
        let err = error_of(
            "[[members]]\nemail = \"x@example.org\"\nname = \"X\"\nlang = \"en\"\nseeks = \"\"\"mentors\n",
        );
        assert!(err.starts_with("community.toml:5:"), "{err}");

        let err = error_of(
            "[[members]]\nemail = \"x@example.org\"\nname = \"X\"\nlang = \"en\"\nnickname = \"x\"\n",
        );
        assert!(err.contains("nickname"), "{err}");

        let err = error_of(&GOOD.replace("name = \"Ben Carter\"", "name = \"Ben\\u001b[2J\""));
        assert!(
            err.starts_with("community.toml:10:") && err.contains("control character"),
            "{err}"
        );
        let err = error_of(&GOOD.replace(
            "name = \"Berlin Networking\"",
            "name = \"Berlin\\nNetworking\"",
        ));
        assert!(err.contains("control character"), "{err}");

        let err = error_of(&GOOD.replace(
            "group_invitations = false",
            "group_invitations = false\ndiscord_id = \"1234\"",
        ));
        assert!(
            err.starts_with("community.toml:10:")
                && err.contains("1234")
                && err.contains("anna@example.org"),
            "{err}"
        );
    }
}

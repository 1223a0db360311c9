//! `helpdesk moderators link|unlink|list`: which operating-system account
//! acts as which moderator in the console.

use crate::Outcome;
use crate::cli::{LinkArgs, ListArgs, UnlinkArgs};
use desk::{DeskError, clock};
use locales::{Lang, Localizer};
use serde::Serialize;

/// A refusal of the store in the user's language; anything else unchanged.
fn explain(l: &Localizer, lang: Lang, e: DeskError) -> anyhow::Error {
    match e {
        DeskError::Link(refusal) => anyhow::anyhow!(refusal.message(l, lang)),
        other => other.into(),
    }
}

/// `helpdesk moderators link --os-user NAME EMAIL`.
pub fn link(l: &Localizer, args: LinkArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let mut store = args.db.open()?;
    let link = store
        .link_os_user(&args.os_user, &args.email, clock::now())
        .map_err(|e| explain(l, lang, e))?;
    println!(
        "{}",
        l.format(
            lang,
            "moderators-linked",
            &[
                ("os_user", link.os_user.as_str().into()),
                ("name", link.member.name.as_str().into()),
                ("email", link.member.email.as_str().into()),
            ]
        )
    );
    Ok(Outcome::Done)
}

/// `helpdesk moderators unlink --os-user NAME`.
pub fn unlink(l: &Localizer, args: UnlinkArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let mut store = args.db.open()?;
    let member = store
        .unlink_os_user(&args.os_user, clock::now())
        .map_err(|e| explain(l, lang, e))?;
    println!(
        "{}",
        l.format(
            lang,
            "moderators-unlinked",
            &[
                ("os_user", args.os_user.trim().into()),
                ("name", member.name.as_str().into()),
            ]
        )
    );
    Ok(Outcome::Done)
}

/// One link in `moderators list --json`.
#[derive(Serialize)]
struct LinkJson<'a> {
    os_user: &'a str,
    name: &'a str,
    email: &'a str,
    moderates: bool,
    linked_at: String,
}

/// `helpdesk moderators list [--json]`.
pub fn list(l: &Localizer, args: ListArgs) -> anyhow::Result<Outcome> {
    let lang = args.db.ui_lang();
    let store = args.db.open()?;
    let links = store.os_user_links()?;
    if args.json {
        let json: Vec<LinkJson<'_>> = links
            .iter()
            .map(|link| LinkJson {
                os_user: &link.os_user,
                name: &link.member.name,
                email: &link.member.email,
                moderates: link.moderates,
                linked_at: clock::rfc3339(link.linked_at),
            })
            .collect();
        println!("{}", serde_json::to_string(&json)?);
        return Ok(Outcome::Done);
    }
    if links.is_empty() {
        println!("{}", l.text(lang, "moderators-none"));
    }
    for link in &links {
        let id = if link.moderates {
            "moderators-list-row"
        } else {
            "moderators-list-row-no-longer"
        };
        println!(
            "{}",
            l.format(
                lang,
                id,
                &[
                    ("os_user", link.os_user.as_str().into()),
                    ("name", link.member.name.as_str().into()),
                    ("email", link.member.email.as_str().into()),
                ]
            )
        );
    }
    Ok(Outcome::Done)
}

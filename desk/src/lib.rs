//! The community's records and rules: members, contacts, groups and roles, group
//! invitations and their policy, referrals and the Premium bonus, tickets.
//!
//! `desk` keeps its state in SQLite. It never knows about a terminal screen or
//! about Discord; the console and the bot call into it.

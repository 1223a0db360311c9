//! Who runs this process, as the operating system knows it: the real user id
//! turned into an account name, the way PostgreSQL's peer authentication
//! names a local client. Environment variables such as `USER` or `LOGNAME`
//! are never read, because anyone can set them.

/// The account name of the real user id running this process; `None` when
/// the system has no name for the id (or no such notion at all).
#[cfg(unix)]
pub fn os_user() -> Option<String> {
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    account_name(uid)
}

/// The account name of the real user id running this process; `None` on
/// systems without Unix user ids.
#[cfg(not(unix))]
pub fn os_user() -> Option<String> {
    None
}

/// The name the password database (files, LDAP, whatever NSS is set up
/// with) gives `uid`.
#[cfg(unix)]
fn account_name(uid: libc::uid_t) -> Option<String> {
    let mut size = 1024_usize;
    // Directories can return long entries; the buffer grows until it fits.
    while size <= 1 << 20 {
        let mut buffer = vec![0 as libc::c_char; size];
        // SAFETY: an all-zero passwd is a valid value (null pointers, zero ids).
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer refers to live memory of the stated size;
        // getpwuid_r writes only into `entry` and `buffer`.
        let code =
            unsafe { libc::getpwuid_r(uid, &mut entry, buffer.as_mut_ptr(), size, &mut found) };
        if code == libc::ERANGE {
            size *= 2;
            continue;
        }
        if code != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success pw_name points at a NUL-terminated string inside `buffer`.
        let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
        return Some(name.to_string_lossy().into_owned());
    }
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_password_databases_not_the_environments() {
        let name = os_user().expect("this test runs under an account with a name");
        // The id's own entry in the password database agrees; a spoofed
        // USER would not change either.
        // SAFETY: getuid cannot fail.
        let uid = unsafe { libc::getuid() };
        assert_eq!(account_name(uid), Some(name.clone()));
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        if passwd
            .lines()
            .any(|l| l.split(':').nth(2) == Some(&uid.to_string()))
        {
            assert!(
                passwd
                    .lines()
                    .any(|l| l.split(':').next() == Some(name.as_str())
                        && l.split(':').nth(2) == Some(&uid.to_string())),
                "{name} is not the passwd entry of uid {uid}"
            );
        }
    }

    #[test]
    fn an_unknown_id_has_no_name() {
        assert_eq!(account_name(4_000_000_000), None);
    }
}

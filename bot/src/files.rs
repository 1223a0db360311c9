//! The files members attach to their messages (screenshots, as a rule).
//! Discord's links to them expire after about a day, so a file meant for a
//! ticket is fetched at once and kept with it; a large one, or one the CDN
//! will not give, keeps only its link, and says why.
//!
//! It speaks HTTP through the `reqwest` client serenity already uses, not
//! through serenity: the CDN is no API of Discord's.

use desk::store::{FileContent, FileFailure, MAX_KEPT_FILE, MemberFile};
use std::time::Duration;

/// The longest wait for one file.
pub const FETCH_WITHIN: Duration = Duration::from_secs(30);

/// A file as Discord describes it in a message, before it is fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// Its name, as the member's device gave it.
    pub filename: String,
    /// Its media type, when Discord names one.
    pub content_type: Option<String>,
    /// Its size in bytes, as Discord says.
    pub size: u64,
    /// Its link on Discord's CDN.
    pub url: String,
}

impl Described {
    /// The file with only its link kept, for `content`'s reason.
    pub fn without_bytes(self, content: FileContent) -> MemberFile {
        MemberFile {
            filename: self.filename,
            content_type: self.content_type,
            size: self.size,
            url: self.url,
            content,
        }
    }
}

/// Fetches `file` with `client`, within `limit` (see [`content`]).
pub async fn fetch(client: &reqwest::Client, file: Described, limit: Duration) -> MemberFile {
    let content = content(client, &file.url, file.size, limit).await;
    file.without_bytes(content)
}

/// What can be kept of the file at `url`, of `size` bytes as Discord says,
/// fetched with `client` within `limit`: its bytes when there are at most
/// [`MAX_KEPT_FILE`] (Discord's word on the size is checked first, so a
/// large file is not fetched at all, and the bytes are counted as they
/// come, so a CDN that says less than it sends is cut off too).
pub async fn content(
    client: &reqwest::Client,
    url: &str,
    size: u64,
    limit: Duration,
) -> FileContent {
    let content = if size > MAX_KEPT_FILE {
        FileContent::TooLarge
    } else {
        match tokio::time::timeout(limit, bytes(client, url, MAX_KEPT_FILE)).await {
            Ok(Ok(Some(bytes))) => FileContent::Kept(bytes),
            Ok(Ok(None)) => FileContent::TooLarge,
            Ok(Err(why)) => FileContent::Failed(why),
            Err(_) => FileContent::Failed(FileFailure::Timeout(limit.as_secs().max(1))),
        }
    };
    if let FileContent::Failed(why) = &content {
        tracing::warn!("fetching a member's file {url:?}: {}", why.code());
    }
    content
}

/// The body at `url`, or `None` when it is larger than `max` bytes.
async fn bytes(
    client: &reqwest::Client,
    url: &str,
    max: u64,
) -> Result<Option<Vec<u8>>, FileFailure> {
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| FileFailure::Network(crate::with_causes(&e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(FileFailure::Http(status.as_u16()));
    }
    if response.content_length().is_some_and(|n| n > max) {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| FileFailure::Network(crate::with_causes(&e)))?
    {
        if (bytes.len() + chunk.len()) as u64 > max {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A CDN on 127.0.0.1 that answers its first few requests with `body`
    /// and no length (the end of the connection ends it), or never answers;
    /// the test's runtime ends it with the test.
    async fn cdn(body: Option<Vec<u8>>) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/f.png", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            for _ in 0..4 {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let body = body.clone();
                tokio::spawn(async move {
                    let mut request = [0u8; 1024];
                    let _ = stream.read(&mut request).await;
                    let Some(body) = body else {
                        std::future::pending::<()>().await;
                        return;
                    };
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n")
                        .await;
                    let _ = stream.write_all(&body).await;
                });
            }
        });
        url
    }

    fn described(url: String, size: u64) -> Described {
        Described {
            filename: "f.png".into(),
            content_type: Some("image/png".into()),
            size,
            url,
        }
    }

    #[tokio::test]
    async fn a_cdn_sending_more_than_discord_said_is_cut_off_at_the_limit() {
        let client = reqwest::Client::new();
        let large = usize::try_from(MAX_KEPT_FILE).expect("size") + 1;
        let url = cdn(Some(vec![1; large])).await;
        let file = fetch(&client, described(url, 10), FETCH_WITHIN).await;
        // Not the bytes in a failure's message: there are 8 MiB of them.
        let kept = match &file.content {
            FileContent::Kept(bytes) => Some(bytes.len()),
            _ => None,
        };
        assert_eq!(kept, None, "bytes kept");
        assert_eq!(file.content, FileContent::TooLarge);
        let url = cdn(Some(vec![2; 1000])).await;
        let file = fetch(&client, described(url, 1000), FETCH_WITHIN).await;
        assert_eq!(file.content, FileContent::Kept(vec![2; 1000]));
    }

    #[tokio::test]
    async fn a_cdn_that_never_answers_keeps_the_link_and_says_so() {
        let client = reqwest::Client::new();
        let url = cdn(None).await;
        let file = fetch(
            &client,
            described(url.clone(), 10),
            Duration::from_millis(200),
        )
        .await;
        assert_eq!(file.content, FileContent::Failed(FileFailure::Timeout(1)));
        assert_eq!(file.url, url);
    }
}

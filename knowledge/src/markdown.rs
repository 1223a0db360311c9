//! Just enough markdown handling to show an article in a terminal or a chat.

/// The article text without markdown markers: emphasis, list bullets, headings.
pub fn to_plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let content = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
            .map(|rest| format!("• {rest}"))
            .unwrap_or_else(|| trimmed.trim_start_matches('#').trim_start().to_string());
        out.push_str(&content.replace("**", "").replace('*', ""));
        out.push('\n');
    }
    out.trim().to_string()
}

/// The sentences of plain text: split after `.`, `!`, `?` and at line ends.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return None;
        }
        let mut end = trimmed.len();
        let mut chars = trimmed.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
            if c == '\n' || (matches!(c, '.' | '!' | '?') && next_is_space) {
                end = i + c.len_utf8();
                break;
            }
        }
        let sentence = trimmed[..end].trim();
        rest = &trimmed[end..];
        Some(sentence)
    })
    .filter(|s| !s.is_empty())
}

/// Wraps plain text at `width` columns, keeping paragraph breaks.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let mut column = 0;
        for word in line.split_whitespace() {
            let len = word.chars().count();
            if column > 0 && column + 1 + len > width {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_markers_and_keeps_bullets() {
        assert_eq!(
            to_plain("# Head\n- **bold** and *it*\n1. one"),
            "Head\n• bold and it\n1. one"
        );
    }

    #[test]
    fn splits_sentences_without_breaking_numbers() {
        let s: Vec<_> =
            sentences("Every 7th person counts. Version 1.5 works!\nNext line").collect();
        assert_eq!(
            s,
            [
                "Every 7th person counts.",
                "Version 1.5 works!",
                "Next line"
            ]
        );
    }

    #[test]
    fn wraps_at_the_width() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc");
        assert_eq!(wrap("a\nb", 10), "a\nb");
    }
}

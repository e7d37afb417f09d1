//! Wrapping text to a width, measured with the embedded fonts.

use crate::fonts::{Face, Fonts};

/// Breaks `s` into lines no wider than `width` points: at spaces, and inside a word only when
/// the word alone is wider than the line. Line breaks in `s` are kept; an empty string gives no
/// lines.
pub fn wrap(fonts: &Fonts, s: &str, face: Face, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if fonts.width(&candidate, face, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if fonts.width(word, face, size) <= width {
                line = word.to_owned();
            } else {
                // A word wider than the line (a long reference): break it between characters.
                for ch in word.chars() {
                    let mut next = line.clone();
                    next.push(ch);
                    if fonts.width(&next, face, size) > width && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line.push(ch);
                    } else {
                        line = next;
                    }
                }
            }
        }
        if !line.is_empty() || para.trim().is_empty() && !s.is_empty() {
            lines.push(line);
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

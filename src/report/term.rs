//! Terminal styling: colour only when stdout is a terminal and `NO_COLOR` is
//! unset or empty (<https://no-color.org>), so pipes, files and snapshots get
//! plain text. ANSI codes are added after padding, so tables stay aligned.

use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Plain text, no escape codes.
    pub const PLAIN: Style = Style { color: false };

    /// Colour if stdout is a terminal and `NO_COLOR` is not set.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: !no_color && std::io::stdout().is_terminal(),
        }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    /// Section headings.
    pub fn heading(&self, s: &str) -> String {
        self.paint("1", s)
    }

    /// Table headers and rules.
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    /// A figure that is good news (a positive NPV).
    pub fn good(&self, s: &str) -> String {
        self.paint("32", s)
    }

    /// A figure that is bad news (a negative NPV).
    pub fn bad(&self, s: &str) -> String {
        self.paint("31", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_style_adds_no_escape_codes() {
        assert_eq!(Style::PLAIN.heading("x"), "x");
        assert_eq!(Style { color: true }.heading("x"), "\x1b[1mx\x1b[0m");
    }
}

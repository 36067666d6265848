//! Edit paths: where in the resolved plan an edit lands.
//!
//! `sites[memphis].power[grid-2].energize`: dotted keys into mappings;
//! `[id]` picks a list item by its `id` (or, for lists without ids, its
//! `tenor` or `from`, or its 0-based position) or a mapping's key; `[*]`
//! takes every item of a list or every value of a mapping.

use std::fmt;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `.key`: a field of a mapping.
    Key(String),
    /// `[x]`: a list item by id (or `tenor`, `from`, position), or a mapping key.
    Select(String),
    /// `[*]`: every list item or mapping value.
    All,
}

/// A parsed edit path, with the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditPath {
    pub text: String,
    pub steps: Vec<Step>,
}

/// Why a path could not be read: the message and the 0-based character offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSyntax {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for EditPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

impl EditPath {
    /// Parses `text`.
    ///
    /// # Complexity
    /// O(length of `text`).
    pub fn parse(text: &str) -> Result<EditPath, PathSyntax> {
        let chars: Vec<char> = text.chars().collect();
        let mut steps = Vec::new();
        let mut i = 0;
        let err = |offset: usize, message: String| Err(PathSyntax { offset, message });
        if chars.is_empty() {
            return err(0, "the path is empty".into());
        }
        while i < chars.len() {
            match chars[i] {
                '[' => {
                    let close = match chars[i..].iter().position(|&c| c == ']') {
                        Some(p) => i + p,
                        None => return err(i, "`[` is not closed by `]`".into()),
                    };
                    let inner: String = chars[i + 1..close].iter().collect();
                    let inner = inner.trim().to_string();
                    if inner.is_empty() {
                        return err(
                            i,
                            "`[]` selects nothing: write an id, a position or `*`".into(),
                        );
                    }
                    steps.push(if inner == "*" {
                        Step::All
                    } else {
                        Step::Select(inner)
                    });
                    i = close + 1;
                }
                '.' if steps.is_empty() => {
                    return err(i, "a path starts with a key, not `.`".into())
                }
                c if c == '.' || steps.is_empty() => {
                    let start = if c == '.' { i + 1 } else { i };
                    let mut end = start;
                    while end < chars.len() && is_key_char(chars[end]) {
                        end += 1;
                    }
                    if end == start {
                        let found = chars
                            .get(start)
                            .map(|c| format!("`{c}`"))
                            .unwrap_or("the end".into());
                        return err(start, format!("expected a key after `.`, found {found}"));
                    }
                    steps.push(Step::Key(chars[start..end].iter().collect()));
                    i = end;
                }
                c => {
                    return err(
                        i,
                        format!("unexpected `{c}`: keys are joined by `.`, items picked by `[id]`"),
                    )
                }
            }
        }
        Ok(EditPath {
            text: text.to_string(),
            steps,
        })
    }

    /// Whether the path has a `[*]`.
    pub fn has_wildcard(&self) -> bool {
        self.steps.contains(&Step::All)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ids_and_wildcards_parse() {
        let p = EditPath::parse("sites[memphis].power[grid-2].energize").unwrap();
        assert_eq!(
            p.steps,
            vec![
                Step::Key("sites".into()),
                Step::Select("memphis".into()),
                Step::Key("power".into()),
                Step::Select("grid-2".into()),
                Step::Key("energize".into()),
            ]
        );
        let p = EditPath::parse("market.lease[*].tenors[*].price_usd_per_gpu_hr").unwrap();
        assert!(p.has_wildcard());
        assert_eq!(p.steps.len(), 6);
    }

    #[test]
    fn broken_paths_say_where() {
        assert_eq!(EditPath::parse("sites[memphis").unwrap_err().offset, 5);
        assert_eq!(EditPath::parse("sites..x").unwrap_err().offset, 6);
        assert_eq!(EditPath::parse("sites[]").unwrap_err().offset, 5);
        assert_eq!(EditPath::parse("a b").unwrap_err().offset, 1);
        assert!(EditPath::parse("").is_err());
    }
}

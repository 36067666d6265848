//! One problem with the input, with where it is and how to fix it.

use std::fmt;
use std::path::{Component, Path, PathBuf};

use super::source_map::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A located message about the input: file, line, column, YAML path, hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Short stable name of the rule or error class (`unknown-field`, `pue-below-one`).
    pub rule: &'static str,
    pub message: String,
    pub file: Option<PathBuf>,
    pub span: Option<Span>,
    /// YAML path of the offending value (`sites.memphis.power[1].mw`).
    pub path: String,
    /// The source line the span points into.
    pub snippet: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            rule,
            message: message.into(),
            file: None,
            span: None,
            path: String::new(),
            snippet: None,
            hint: None,
        }
    }

    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Places the diagnostic in `file` at `span`, with the source line as snippet.
    pub fn in_file(mut self, file: &Path, text: &str, span: Option<Span>) -> Self {
        self.file = Some(file.to_path_buf());
        self.span = span;
        self.snippet = span.and_then(|s| {
            text.lines()
                .nth(s.line.saturating_sub(1))
                .map(str::to_string)
        });
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}[{}]: {}", self.rule, self.message)?;
        let line_no = self.span.map(|s| s.line.to_string()).unwrap_or_default();
        let gutter = " ".repeat(line_no.len().max(1));
        if let Some(file) = &self.file {
            match self.span {
                Some(s) => writeln!(f, "{gutter}--> {}:{}:{}", file.display(), s.line, s.col)?,
                None => writeln!(f, "{gutter}--> {}", file.display())?,
            }
        }
        if let (Some(span), Some(snippet)) = (self.span, &self.snippet) {
            let shown: String = snippet.chars().take(160).collect();
            writeln!(f, "{gutter} |")?;
            writeln!(f, "{line_no} | {shown}")?;
            let pad = " ".repeat(span.col.saturating_sub(1).min(160));
            let carets = "^".repeat(span.len.clamp(1, 80));
            writeln!(f, "{gutter} | {pad}{carets}")?;
        }
        if !self.path.is_empty() {
            writeln!(f, "{gutter} = at: {}", self.path)?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "{gutter} = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem found in one load, errors first, in file order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.severity, &a.file, a.span.map(|s| (s.line, s.col))).cmp(&(
                b.severity,
                &b.file,
                b.span.map(|s| (s.line, s.col)),
            ))
        });
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self.errors();
        let warnings = self.0.len() - errors;
        match (errors, warnings) {
            (0, 0) => Ok(()),
            (e, 0) => write!(f, "{e} error{}", plural(e)),
            (0, w) => write!(f, "{w} warning{}", plural(w)),
            (e, w) => write!(f, "{e} error{}, {w} warning{}", plural(e), plural(w)),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `plans/../catalogs/x.yaml` → `catalogs/x.yaml`, without touching the file system,
/// so messages show the paths a user would type.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        PathBuf::from(".")
    } else {
        out.iter().collect()
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| {
            *d <= (c.len().max(word.len()) / 3).max(1) || c.contains(word) || word.contains(*c)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        assert_eq!(did_you_mean("mww", ["mw", "max_mw", "kind"]), Some("mw"));
        assert_eq!(
            did_you_mean("memphsi", ["memphis", "abilene"]),
            Some("memphis")
        );
        assert_eq!(did_you_mean("zzzzzz", ["memphis", "abilene"]), None);
    }

    #[test]
    fn paths_are_normalized_lexically() {
        assert_eq!(
            normalize(Path::new("plans/../catalogs/x.yaml")),
            PathBuf::from("catalogs/x.yaml")
        );
        assert_eq!(
            normalize(Path::new("../a/./b.yaml")),
            PathBuf::from("../a/b.yaml")
        );
    }
}

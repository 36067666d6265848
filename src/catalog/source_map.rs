//! Where each value of a YAML file sits: YAML path → line and column.
//!
//! serde tells *what* is wrong and, through `serde_path_to_error`, *where in
//! the tree*; this map turns that tree path into a place in the file, for
//! every diagnostic, including the semantic checks that run long after
//! parsing. It is built from the YAML event stream (yaml-rust2), which never
//! expands aliases, so it is safe on hostile input.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

/// A place in a file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: usize,
    pub col: usize,
    /// Length of the token to underline (the key, or the scalar value).
    pub len: usize,
}

/// Deepest nesting accepted in any input file.
pub const MAX_DEPTH: usize = 64;

/// Path → span for every key and value of one YAML document.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    /// Span of the key (for mapping entries) or the item (for sequence items).
    keys: HashMap<String, Span>,
    /// Span of the value itself.
    values: HashMap<String, Span>,
    /// Keys that appear twice in one mapping: (path, span of the second).
    pub duplicate_keys: Vec<(String, Span)>,
}

/// A structural problem found while mapping the file.
#[derive(Debug, Clone)]
pub struct MapError {
    pub message: String,
    pub span: Span,
}

enum Frame {
    Map {
        path: String,
        seen: HashMap<String, ()>,
        pending_key: Option<String>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn span_of(mark: Marker, len: usize) -> Span {
    Span {
        line: mark.line(),
        col: mark.col() + 1,
        len: len.max(1),
    }
}

impl SourceMap {
    /// Maps `text`. Fails on a YAML syntax error or on nesting deeper than [`MAX_DEPTH`].
    pub fn build(text: &str) -> Result<SourceMap, MapError> {
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        loop {
            let (event, mark) = parser.next_token().map_err(|e| MapError {
                message: e.info().to_string(),
                span: span_of(*e.marker(), 1),
            })?;
            let (node_path, is_key) = map.place(&mut stack, &event, mark);
            if is_key && !matches!(event, Event::Scalar(..)) {
                // A mapping or sequence used as a key: skip it wholesale.
                if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                    stack.push(Frame::Seq {
                        path: "?".into(),
                        next: 0,
                    });
                }
                continue;
            }
            if matches!(event, Event::StreamEnd) {
                break;
            }
            map.record(&mut stack, event, mark, node_path, is_key)?;
        }
        Ok(map)
    }

    /// Where `event` sits in the frame it belongs to: the path of the node it
    /// opens or is, and whether it is a map key. Records keys and sequence
    /// items, and moves the frame on.
    fn place(
        &mut self,
        stack: &mut [Frame],
        event: &Event,
        mark: Marker,
    ) -> (Option<String>, bool) {
        let mut node_path: Option<String> = None;
        let mut is_key = false;
        match stack.last_mut() {
            Some(Frame::Map {
                path,
                seen,
                pending_key,
            }) => match event {
                Event::MappingEnd => {}
                _ => match pending_key.take() {
                    Some(key) => node_path = Some(child(path, &key)),
                    None => {
                        is_key = true;
                        if let Event::Scalar(key, ..) = event {
                            let key_path = child(path, key);
                            let span = span_of(mark, key.chars().count());
                            if seen.insert(key.clone(), ()).is_some() {
                                self.duplicate_keys.push((key_path.clone(), span));
                            }
                            self.keys.entry(key_path).or_insert(span);
                            *pending_key = Some(key.clone());
                        } else {
                            // Complex keys are not part of capplan's language;
                            // serde reports them. Track a placeholder.
                            *pending_key = Some("?".to_string());
                        }
                    }
                },
            },
            Some(Frame::Seq { path, next }) => {
                if !matches!(event, Event::SequenceEnd) {
                    let p = format!("{path}[{next}]");
                    *next += 1;
                    self.keys.entry(p.clone()).or_insert(span_of(mark, 1));
                    node_path = Some(p);
                }
            }
            None => {
                if matches!(
                    event,
                    Event::MappingStart(..) | Event::SequenceStart(..) | Event::Scalar(..)
                ) {
                    node_path = Some(String::new());
                }
            }
        }
        (node_path, is_key)
    }

    /// Records the value `event` opens or is at `node_path`, and opens or
    /// closes its frame.
    fn record(
        &mut self,
        stack: &mut Vec<Frame>,
        event: Event,
        mark: Marker,
        node_path: Option<String>,
        is_key: bool,
    ) -> Result<(), MapError> {
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = node_path.unwrap_or_default();
                if stack.len() >= MAX_DEPTH {
                    return Err(MapError {
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        span: span_of(mark, 1),
                    });
                }
                self.values.entry(path.clone()).or_insert(span_of(mark, 1));
                if matches!(event, Event::MappingStart(..)) {
                    stack.push(Frame::Map {
                        path,
                        seen: HashMap::new(),
                        pending_key: None,
                    });
                } else {
                    stack.push(Frame::Seq { path, next: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            Event::Scalar(ref value, ..) if !is_key => {
                if let Some(path) = node_path {
                    self.values
                        .entry(path)
                        .or_insert(span_of(mark, event_len(value)));
                }
            }
            Event::Alias(..) => {
                if let Some(path) = node_path {
                    self.values.entry(path).or_insert(span_of(mark, 1));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Span of the value at `path`, or of its key, or of its nearest ancestor.
    pub fn locate(&self, path: &str) -> Option<Span> {
        let mut p = path.to_string();
        loop {
            if let Some(s) = self
                .values
                .get(&p)
                .filter(|s| s.len > 1 || !self.keys.contains_key(&p))
            {
                return Some(*s);
            }
            if let Some(s) = self.keys.get(&p) {
                return Some(*s);
            }
            if let Some(s) = self.values.get(&p) {
                return Some(*s);
            }
            if p.is_empty() {
                return None;
            }
            p = parent_path(&p);
        }
    }

    /// Span of the key at `path` (for "unknown field" errors), else as [`locate`](Self::locate).
    pub fn locate_key(&self, path: &str) -> Option<Span> {
        self.keys.get(path).copied().or_else(|| self.locate(path))
    }

    /// Whether the file has a value at exactly `path`.
    pub fn has(&self, path: &str) -> bool {
        self.values.contains_key(path) || self.keys.contains_key(path)
    }
}

fn event_len(value: &str) -> usize {
    if value.contains('\n') {
        1
    } else {
        value.chars().count()
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``.
pub fn parent_path(path: &str) -> String {
    if path.ends_with(']') {
        if let Some(i) = path.rfind('[') {
            return path[..i].to_string();
        }
    }
    match path.rfind('.') {
        Some(i) => path[..i].to_string(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "sites:\n  memphis:\n    power:\n      - id: grid-1\n        mw: 150\n      - id: grid-2\n        mw: 100\n";

    #[test]
    fn paths_point_at_their_values() {
        let map = SourceMap::build(DOC).unwrap();
        let s = map.locate("sites.memphis.power[1].mw").unwrap();
        assert_eq!((s.line, s.col, s.len), (7, 13, 3));
        let k = map.locate_key("sites.memphis.power[1].mw").unwrap();
        assert_eq!((k.line, k.col), (7, 9));
        let item = map.locate_key("sites.memphis.power[1]").unwrap();
        assert_eq!(item.line, 6);
    }

    #[test]
    fn missing_paths_fall_back_to_the_nearest_ancestor() {
        let map = SourceMap::build(DOC).unwrap();
        let s = map
            .locate("sites.memphis.power[1].price_usd_per_mwh")
            .unwrap();
        assert_eq!(s.line, 6);
    }

    #[test]
    fn duplicate_keys_are_recorded() {
        let map = SourceMap::build("a: 1\nb: 2\na: 3\n").unwrap();
        assert_eq!(map.duplicate_keys.len(), 1);
        assert_eq!(map.duplicate_keys[0].0, "a");
        assert_eq!(map.duplicate_keys[0].1.line, 3);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = "[".repeat(200) + &"]".repeat(200);
        let err = SourceMap::build(&doc).unwrap_err();
        assert!(err.message.contains("nesting"));
    }
}

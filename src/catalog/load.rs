//! Reading files: size and alias limits, includes, typed deserialization that
//! reports every unknown key, and inline overrides of catalog entries.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::diagnostic::{did_you_mean, normalize, Diagnostic};
use super::files::{NodeCatalog, PlanFile, SiteCatalog};
use super::market::Market;
use super::schema;
use super::site::Site;
use super::sku::Sku;
use super::source_map::{SourceMap, Span};

/// Largest input file accepted, bytes. Real catalogs are a few hundred KiB.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One input file, kept for locating diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as a user would write it (relative, normalized).
    pub path: PathBuf,
    pub text: String,
    pub map: SourceMap,
}

impl SourceFile {
    /// A diagnostic at `path` (a YAML path) in this file.
    pub fn diag(&self, d: Diagnostic, yaml_path: &str) -> Diagnostic {
        let span = self.map.locate(yaml_path);
        d.at_path(yaml_path).in_file(&self.path, &self.text, span)
    }

    /// A diagnostic pointing at the key of `path` (unknown fields, duplicates).
    pub fn diag_key(&self, d: Diagnostic, yaml_path: &str) -> Diagnostic {
        let span = self.map.locate_key(yaml_path);
        d.at_path(yaml_path).in_file(&self.path, &self.text, span)
    }

    fn at_span(&self, d: Diagnostic, span: Span) -> Diagnostic {
        d.in_file(&self.path, &self.text, Some(span))
    }
}

/// A catalog entry and where it was written.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub value: T,
    /// Index into [`Loaded::files`] of the catalog file that defines it.
    pub file: usize,
    /// YAML path of the entry in that file (`sites.memphis`).
    pub path: String,
    /// The plan overrides part of it (the plan is file 0, at the same path).
    pub overridden: bool,
    /// The entry as the catalog wrote it, before the plan's overrides: sources
    /// are checked on this (a plan is a scenario; its overrides need none).
    pub catalog_value: T,
}

/// A plan and its catalogs, read and typed, before the semantic checks.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// File 0 is the plan; the catalogs and their includes follow.
    pub files: Vec<SourceFile>,
    pub plan: PlanFile,
    /// Every SKU of the node catalogs, plan overrides applied to those in play.
    pub skus: IndexMap<String, Entry<Sku>>,
    /// Every site of the site catalogs, plan overrides applied to those in play.
    pub sites: IndexMap<String, Entry<Site>>,
    pub market: Entry<Market>,
}

impl Loaded {
    /// A diagnostic at the YAML path `rel` inside `entry`: in the plan if the plan
    /// sets that value, else in the catalog file.
    pub fn diag_in<T>(&self, entry: &Entry<T>, rel: &str, d: Diagnostic) -> Diagnostic {
        let full = join(&entry.path, rel);
        if entry.overridden && self.files[0].map.has(&full) {
            self.files[0].diag(d, &full)
        } else {
            self.files[entry.file].diag(d, &full)
        }
    }

    pub fn plan_diag(&self, d: Diagnostic, path: &str) -> Diagnostic {
        self.files[0].diag(d, path)
    }
}

pub fn join(prefix: &str, rel: &str) -> String {
    match (prefix.is_empty(), rel.is_empty()) {
        (true, _) => rel.to_string(),
        (_, true) => prefix.to_string(),
        _ if rel.starts_with('[') => format!("{prefix}{rel}"),
        _ => format!("{prefix}.{rel}"),
    }
}

/// Reads and maps one file, refusing what is too large, not UTF-8, not YAML or too deep.
// A diagnostic is the error: it is built once per bad file, not on a hot path.
#[allow(clippy::result_large_err)]
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    let shown = normalize(path);
    let fail = |rule, msg: String| Diagnostic::error(rule, msg).in_file(&shown, "", None);
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(
            "unreadable-file",
            format!("cannot read {}: {e}", shown.display()),
        )
        .with_hint(missing_file_hint(path))
    })?;
    if !meta.is_file() {
        return Err(fail(
            "unreadable-file",
            format!("{} is not a file", shown.display()),
        )
        .with_hint("name a YAML file, not a directory"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            "file-too-large",
            format!("{} is {} bytes; input files are limited to {} bytes", shown.display(), meta.len(), MAX_FILE_BYTES),
        )
        .with_hint("plans are a few KiB and catalogs a few hundred; check that this is the right file, or split a catalog with `include:`"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            "unreadable-file",
            format!("cannot read {}: {e}", shown.display()),
        )
    })?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let col = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let prefix = String::from_utf8_lossy(good).into_owned();
            return Err(Diagnostic::error(
                "not-utf8",
                format!("{} is not UTF-8 text", shown.display()),
            )
            .with_hint("save the file as UTF-8 (plain ASCII is fine)")
            .in_file(&shown, &prefix, Some(Span { line, col, len: 1 })));
        }
    };
    let map = SourceMap::build(&text).map_err(|e| {
        let (rule, hint) = if e.message.contains("nesting") {
            ("too-deep", "capplan's files nest a few levels deep; flatten the structure")
        } else {
            ("yaml-syntax", "check indentation (spaces, not tabs), `key: value` colons, and that brackets and quotes close")
        };
        Diagnostic::error(rule, format!("invalid YAML: {}", e.message))
            .with_hint(hint)
            .in_file(&shown, &text, Some(e.span))
    })?;
    Ok(SourceFile {
        path: shown,
        text,
        map,
    })
}

/// "did you mean" for a file name that does not exist, from the YAML files beside it.
fn missing_file_hint(path: &Path) -> String {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let siblings: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
                .collect()
        })
        .unwrap_or_default();
    match did_you_mean(&name, siblings.iter().map(String::as_str)) {
        Some(best) => {
            format!("did you mean `{best}`? paths are relative to the file that names them")
        }
        None => "paths are relative to the file that names them".into(),
    }
}

/// Deserializes `file` as `T`, collecting every unknown key (with a did-you-mean
/// from the JSON schema of `T`) and the first type error.
pub fn typed<T: DeserializeOwned + schemars::JsonSchema>(
    file: &SourceFile,
) -> (Option<T>, Vec<Diagnostic>) {
    let de = serde_yaml::Deserializer::from_str(&file.text);
    let (value, unknown, error) = deserialize_collecting::<T, _>(de);
    let mut diags = unknown_key_diags::<T>(&unknown, "", file);
    if let Some((path, err)) = error {
        let duplicate_reported =
            err.starts_with("duplicate field") && !file.map.duplicate_keys.is_empty();
        if !duplicate_reported {
            diags.push(type_error_diag(file, "", &path, &err));
        }
    }
    (value, diags)
}

/// Like [`typed`], from a merged `Value` whose keys live at `prefix` in `file`
/// (or in `fallback` where `file` lacks them).
fn typed_value<T: DeserializeOwned + schemars::JsonSchema>(
    value: serde_yaml::Value,
    prefix: &str,
    file: &SourceFile,
    fallback: &SourceFile,
) -> (Option<T>, Vec<Diagnostic>) {
    let (out, unknown, error) = deserialize_collecting::<T, _>(value);
    let mut diags = unknown_key_diags::<T>(&unknown, prefix, file);
    if let Some((path, err)) = error {
        let full = join(prefix, &path);
        let target = if file.map.has(&full) { file } else { fallback };
        diags.push(type_error_diag(target, prefix, &path, &err));
    }
    (out, diags)
}

type Collected<T> = (Option<T>, Vec<String>, Option<(String, String)>);

fn deserialize_collecting<'de, T: DeserializeOwned, D: serde::Deserializer<'de>>(
    de: D,
) -> Collected<T>
where
    D::Error: std::fmt::Display,
{
    let mut unknown = Vec::new();
    let mut on_unknown = |p: serde_ignored::Path| unknown.push(bracket_indices(&p.to_string()));
    let ignored = serde_ignored::Deserializer::new(de, &mut on_unknown);
    match serde_path_to_error::deserialize::<_, T>(ignored) {
        Ok(v) => (Some(v), unknown, None),
        Err(e) => {
            let path = e.path().to_string();
            let msg = strip_location(&e.into_inner().to_string());
            (
                None,
                unknown,
                Some((if path == "." { String::new() } else { path }, msg)),
            )
        }
    }
}

/// serde_ignored writes list items as `.0`; the source map and the schema
/// lookups write them `[0]`: `branches.0.probabilty` → `branches[0].probabilty`.
fn bracket_indices(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) && !out.is_empty() {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// serde_yaml prefixes its messages with the path and appends " at line L
/// column C"; the diagnostic shows both itself.
fn strip_location(msg: &str) -> String {
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    match msg.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') && !head.is_empty() => rest.to_string(),
        _ => msg.to_string(),
    }
}

/// Rust type names in serde messages → what a planner would call them.
fn humanize(msg: &str) -> String {
    let mut m = msg.to_string();
    for (from, to) in [
        ("expected f64", "expected a number"),
        ("expected u64", "expected a whole number, zero or more"),
        ("expected u32", "expected a whole number, zero or more"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected text"),
    ] {
        m = m.replace(from, to);
    }
    if let Some(i) = m.find("expected struct ") {
        m = format!("{}expected a mapping of `key: value` fields", &m[..i]);
    }
    if let Some(i) = m.find("expected a sequence") {
        m = format!("{}expected a list (`- item` lines or `[a, b]`)", &m[..i]);
    }
    m
}

/// A hint for a serde error, from what it says.
fn type_hint(msg: &str) -> Option<String> {
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        return Some(format!(
            "add `{field}: …`; `capplan schema` lists every field with its meaning"
        ));
    }
    if msg.starts_with("duplicate field") {
        return Some("a field may appear once; remove one of them".into());
    }
    if msg.starts_with("unknown variant") {
        return Some("use one of the values listed".into());
    }
    if msg.contains("is not a period") {
        return Some("periods are quarters (`2026Q1`–`2026Q4`) or months (`2026-01`–`2026-12`), as the plan's `horizon.period` says".into());
    }
    if msg.contains("is not a duration") {
        return Some("durations are a whole number and a unit: `y`, `q` or `mo`".into());
    }
    if msg.contains("\"1e")
        || msg.contains("\"-1e")
        || msg.contains("inf") && msg.contains("string")
    {
        return Some("numbers must be finite and fit in 64 bits (|x| < 1.8e308)".into());
    }
    if msg.contains("expected a whole number") {
        return Some("write a whole number without a decimal point or sign, e.g. `12500`".into());
    }
    if msg.contains("expected a number") {
        return Some(
            "write a plain number such as `0.1` or `15000000`, without units or `%`".into(),
        );
    }
    if msg.contains("expected a mapping") {
        return Some("this should be `key: value` fields, not a list or a single value".into());
    }
    if msg.contains("expected a list") {
        return Some("this should be a list: `- item` lines or `[a, b]`".into());
    }
    Some("see `capplan schema` for the expected shape".into())
}

fn unknown_key_diags<T: schemars::JsonSchema>(
    unknown: &[String],
    prefix: &str,
    file: &SourceFile,
) -> Vec<Diagnostic> {
    let root = schema::schema_json::<T>();
    unknown
        .iter()
        .map(|rel| {
            let full = join(prefix, rel);
            let (parent, key) = split_last(rel);
            let expected = schema::fields_at(&root, &parent);
            let mut d = Diagnostic::error("unknown-field", format!("unknown field `{key}`"));
            if let Some(best) = did_you_mean(&key, expected.iter().map(String::as_str)) {
                d = d.with_hint(format!("did you mean `{best}`?"));
            } else if !expected.is_empty() {
                d = d.with_hint(format!("valid fields here: {}", expected.join(", ")));
            }
            file.diag_key(d, &full)
        })
        .collect()
}

fn type_error_diag(file: &SourceFile, prefix: &str, rel: &str, msg: &str) -> Diagnostic {
    let full = join(prefix, rel);
    let msg = humanize(msg);
    let rule = if msg.starts_with("missing field") {
        "missing-field"
    } else if msg.contains("repetition limit") || msg.contains("recursion limit") {
        "alias-bomb"
    } else if msg.starts_with("unknown variant") {
        "unknown-variant"
    } else if msg.contains("is not a period") || msg.contains("is not a duration") {
        "bad-time"
    } else {
        "invalid-type"
    };
    let hint = if rule == "alias-bomb" {
        Some(
            "YAML aliases expand too far; write the values out or use fewer nested aliases"
                .to_string(),
        )
    } else {
        type_hint(&msg)
    };
    let mut d = Diagnostic::error(rule, msg.clone());
    if let Some(h) = hint {
        d = d.with_hint(h);
    }
    // An alias bomb's path is the expansion's, meaningless to the reader.
    let full = if rule == "alias-bomb" {
        full.split(['.', '['])
            .next()
            .unwrap_or_default()
            .to_string()
    } else {
        full
    };
    let mut d = file.diag(d, &full);
    if d.span.is_none() {
        // An empty document: point at its start.
        d = d.in_file(
            &file.path,
            &file.text,
            Some(Span {
                line: 1,
                col: 1,
                len: 1,
            }),
        );
    }
    d
}

fn split_last(path: &str) -> (String, String) {
    match path.rfind('.') {
        Some(i) => (path[..i].to_string(), path[i + 1..].to_string()),
        None => (String::new(), path.to_string()),
    }
}

/// A catalog file type: its entries and includes.
trait CatalogFile: DeserializeOwned + schemars::JsonSchema {
    type Item: Clone;
    const ENTRIES: &'static str;
    fn include(&self) -> &[String];
    fn into_entries(self) -> IndexMap<String, Self::Item>;
}

impl CatalogFile for NodeCatalog {
    type Item = Sku;
    const ENTRIES: &'static str = "skus";
    fn include(&self) -> &[String] {
        &self.include
    }
    fn into_entries(self) -> IndexMap<String, Sku> {
        self.skus
    }
}

impl CatalogFile for SiteCatalog {
    type Item = Site;
    const ENTRIES: &'static str = "sites";
    fn include(&self) -> &[String] {
        &self.include
    }
    fn into_entries(self) -> IndexMap<String, Site> {
        self.sites
    }
}

struct Reader {
    files: Vec<SourceFile>,
    diags: Vec<Diagnostic>,
}

impl Reader {
    fn add(&mut self, file: SourceFile) -> usize {
        self.diags
            .extend(file.map.duplicate_keys.iter().map(|(path, span)| {
                file.at_span(
                    Diagnostic::error(
                        "duplicate-key",
                        format!("`{}` is defined twice in the same mapping", last_key(path)),
                    )
                    .at_path(path.clone())
                    .with_hint("a key may appear once per mapping; remove or rename one of them"),
                    *span,
                )
            }));
        self.files.push(file);
        self.files.len() - 1
    }

    /// Reads a catalog file and its includes (depth first; included entries come first).
    fn catalog<C: CatalogFile>(
        &mut self,
        path: &Path,
        stack: &mut Vec<PathBuf>,
        out: &mut IndexMap<String, Entry<C::Item>>,
        from: Option<(usize, String)>,
    ) {
        let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Some(pos) = stack.iter().position(|p| *p == canonical) {
            let mut chain: Vec<String> = stack[pos..].iter().map(|p| short(p)).collect();
            chain.push(short(&canonical));
            let d = Diagnostic::error(
                "include-cycle",
                format!("include cycle: {}", chain.join(" → ")),
            )
            .with_hint("remove one of the includes that closes the loop");
            let d = match &from {
                Some((f, p)) => self.files[*f].diag(d, p),
                None => d,
            };
            self.diags.push(d);
            return;
        }
        let file = match read_source(path) {
            Ok(f) => f,
            Err(d) => {
                let d = match (&from, d.rule) {
                    (Some((f, p)), "unreadable-file") => self.files[*f].diag(d, p),
                    _ => d,
                };
                self.diags.push(d);
                return;
            }
        };
        let (typed_file, diags) = typed::<C>(&file);
        self.diags.extend(diags);
        let index = self.add(file);
        let Some(cat) = typed_file else { return };
        stack.push(canonical);
        let dir = path.parent().unwrap_or(Path::new("."));
        for (i, inc) in cat.include().iter().enumerate() {
            self.catalog::<C>(
                &dir.join(inc),
                stack,
                out,
                Some((index, format!("include[{i}]"))),
            );
        }
        stack.pop();
        for (id, item) in cat.into_entries() {
            let entry_path = format!("{}.{id}", C::ENTRIES);
            if let Some(prev) = out.get(&id) {
                let other = self.files[prev.file].path.display().to_string();
                let d = Diagnostic::error(
                    "duplicate-id",
                    format!("`{id}` is already defined in {other}"),
                )
                .with_hint("ids must be unique across a catalog and its includes; rename one");
                self.diags.push(self.files[index].diag_key(d, &entry_path));
                continue;
            }
            out.insert(
                id,
                Entry {
                    catalog_value: item.clone(),
                    value: item,
                    file: index,
                    path: entry_path,
                    overridden: false,
                },
            );
        }
    }
}

fn short(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn last_key(path: &str) -> String {
    split_last(path).1
}

/// Reads a plan and every catalog it names, applies its inline overrides, and
/// returns them typed, or every problem found on the way.
/// Warnings come back with the loaded plan.
pub fn load(plan_path: &Path) -> Result<(Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut r = Reader {
        files: Vec::new(),
        diags: Vec::new(),
    };
    let plan_file = read_plan_file(plan_path)?;
    let (plan, diags) = typed::<PlanFile>(&plan_file);
    r.diags.extend(diags);
    r.add(plan_file);
    let Some(plan) = plan else {
        return Err(r.diags);
    };
    let dir = plan_path.parent().unwrap_or(Path::new("."));

    let mut skus = IndexMap::new();
    r.catalog::<NodeCatalog>(
        &dir.join(&plan.catalogs.nodes),
        &mut vec![],
        &mut skus,
        Some((0, "catalogs.nodes".into())),
    );
    let mut sites = IndexMap::new();
    r.catalog::<SiteCatalog>(
        &dir.join(&plan.catalogs.sites),
        &mut vec![],
        &mut sites,
        Some((0, "catalogs.sites".into())),
    );
    let market = read_market(
        &mut r,
        &dir.join(&plan.catalogs.market),
        &mut vec![],
        Some((0, "catalogs.market".into())),
    );
    if r.diags.iter().any(Diagnostic::is_error) {
        return Err(r.diags);
    }
    let Some(mut market) = market else {
        return Err(r.diags);
    };

    override_sites(&mut r, &plan, &mut sites);
    override_skus(&mut r, &plan, &mut skus);
    override_market(&mut r, &plan, &mut market);
    if r.diags.iter().any(Diagnostic::is_error) {
        return Err(r.diags);
    }
    let warnings = r.diags;
    Ok((
        Loaded {
            files: r.files,
            plan,
            skus,
            sites,
            market,
        },
        warnings,
    ))
}

/// Reads the plan file named on the command line.
fn read_plan_file(plan_path: &Path) -> Result<SourceFile, Vec<Diagnostic>> {
    read_source(plan_path).map_err(|mut d| {
        if d.rule == "unreadable-file" {
            // Typed on the command line: relative to the current directory.
            d.hint = d.hint.map(|h| {
                h.replace(
                    "paths are relative to the file that names them",
                    "the path is relative to the current directory",
                )
            });
        }
        vec![d]
    })
}

/// Inline overrides of sites (`sites.<id>` in the plan).
fn override_sites(r: &mut Reader, plan: &PlanFile, sites: &mut IndexMap<String, Entry<Site>>) {
    for (id, over) in &plan.sites {
        let path = format!("sites.{id}");
        match sites.get_mut(id) {
            Some(entry) if !is_empty_override(over) => {
                if let Some(v) = apply_override::<Site>(r, &entry.value, over, &path, entry.file) {
                    entry.value = v;
                    entry.overridden = true;
                }
            }
            Some(_) => {}
            None => r
                .diags
                .push(unknown_id(&r.files[0], "site", id, &path, sites.keys())),
        }
    }
}

/// Inline overrides of SKUs (`skus.<id>` in the plan).
fn override_skus(r: &mut Reader, plan: &PlanFile, skus: &mut IndexMap<String, Entry<Sku>>) {
    for (id, play) in &plan.skus {
        let path = format!("skus.{id}");
        match skus.get_mut(id) {
            Some(entry) if !play.overrides.is_empty() => {
                let over =
                    serde_yaml::to_value(&play.overrides).expect("a map of YAML values serializes");
                if let Some(v) = apply_override::<Sku>(r, &entry.value, &over, &path, entry.file) {
                    entry.value = v;
                    entry.overridden = true;
                }
            }
            Some(_) => {}
            None => r
                .diags
                .push(unknown_id(&r.files[0], "SKU", id, &path, skus.keys())),
        }
    }
}

/// The plan's inline market overrides, which live under `market.` in the plan.
fn override_market(r: &mut Reader, plan: &PlanFile, market: &mut Entry<Market>) {
    if let Some(over) = &plan.market {
        if let Some(v) = apply_override::<Market>(r, &market.value, over, "market", market.file) {
            market.value = v;
            market.overridden = true;
        }
        // The plan's market overrides live under `market.` in the plan.
        market.path = "market".into();
    }
}

fn is_empty_override(v: &serde_yaml::Value) -> bool {
    match v {
        serde_yaml::Value::Null => true,
        serde_yaml::Value::Mapping(m) => m.is_empty(),
        _ => false,
    }
}

fn unknown_id<'a>(
    plan: &SourceFile,
    what: &str,
    id: &str,
    path: &str,
    known: impl Iterator<Item = &'a String>,
) -> Diagnostic {
    let known: Vec<&str> = known.map(String::as_str).collect();
    let mut d = Diagnostic::error("unknown-id", format!("no {what} `{id}` in the catalogs"));
    d = match did_you_mean(id, known.iter().copied()) {
        Some(best) => d.with_hint(format!("did you mean `{best}`?")),
        None => d.with_hint(format!("known {what}s: {}", known.join(", "))),
    };
    plan.diag_key(d, path)
}

fn read_market(
    r: &mut Reader,
    path: &Path,
    stack: &mut Vec<PathBuf>,
    from: Option<(usize, String)>,
) -> Option<Entry<Market>> {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if stack.contains(&canonical) {
        let d = Diagnostic::error(
            "include-cycle",
            format!("include cycle through {}", short(&canonical)),
        )
        .with_hint("remove one of the includes that closes the loop");
        let d = match &from {
            Some((f, p)) => r.files[*f].diag(d, p),
            None => d,
        };
        r.diags.push(d);
        return None;
    }
    let file = match read_source(path) {
        Ok(f) => f,
        Err(d) => {
            let d = match &from {
                Some((f, p)) if d.rule == "unreadable-file" => r.files[*f].diag(d, p),
                _ => d,
            };
            r.diags.push(d);
            return None;
        }
    };
    let (market, diags) = typed::<Market>(&file);
    r.diags.extend(diags);
    let index = r.add(file);
    let mut market = market?;
    stack.push(canonical);
    let dir = path.parent().unwrap_or(Path::new("."));
    for (i, inc) in market.include.clone().iter().enumerate() {
        if let Some(other) = read_market(
            r,
            &dir.join(inc),
            stack,
            Some((index, format!("include[{i}]"))),
        ) {
            for (sku, lease) in other.value.lease {
                market.lease.entry(sku).or_insert(lease);
            }
        }
    }
    stack.pop();
    Some(Entry {
        catalog_value: market.clone(),
        value: market,
        file: index,
        path: String::new(),
        overridden: false,
    })
}

/// Merges the plan's `over` onto a catalog entry and re-types it.
fn apply_override<T: Serialize + DeserializeOwned + schemars::JsonSchema>(
    r: &mut Reader,
    base: &T,
    over: &serde_yaml::Value,
    plan_path: &str,
    catalog_file: usize,
) -> Option<T> {
    let mut merged = serde_yaml::to_value(base).expect("catalog types serialize");
    merge(&mut merged, over);
    let (value, diags) = typed_value::<T>(merged, plan_path, &r.files[0], &r.files[catalog_file]);
    r.diags.extend(diags);
    value
}

/// Deep merge: mappings key by key, lists of items with `id` item by item,
/// anything else replaced.
pub fn merge(base: &mut serde_yaml::Value, over: &serde_yaml::Value) {
    use serde_yaml::Value;
    match (base, over) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        // An empty list replaces (`halls: []` empties them); a list of items
        // with ids merges item by item.
        (Value::Sequence(b), Value::Sequence(o))
            if !o.is_empty()
                && o.iter().all(|v| v.get("id").is_some())
                && b.iter().all(|v| v.get("id").is_some()) =>
        {
            for item in o {
                let id = item.get("id");
                match b.iter_mut().find(|x| x.get("id") == id) {
                    Some(slot) => merge(slot, item),
                    None => b.push(item.clone()),
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

/// Paths of every value in a YAML tree, for generic checks over numbers.
pub fn walk_numbers(value: &serde_yaml::Value, path: &str, out: &mut Vec<(String, f64)>) {
    use serde_yaml::Value;
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64() {
                out.push((path.to_string(), f));
            }
        }
        Value::Mapping(m) => {
            for (k, v) in m {
                if let Some(k) = k.as_str() {
                    walk_numbers(v, &join(path, k), out);
                }
            }
        }
        Value::Sequence(s) => {
            for (i, v) in s.iter().enumerate() {
                walk_numbers(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::Tagged(t) => walk_numbers(&t.value, path, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::merge;

    fn yaml(s: &str) -> serde_yaml::Value {
        serde_yaml::from_str(s).unwrap()
    }

    #[test]
    fn lists_with_ids_merge_item_by_item() {
        let mut base = yaml("power: [{id: a, mw: 1}, {id: b, mw: 2}]");
        merge(&mut base, &yaml("power: [{id: b, mw: 5}, {id: c, mw: 3}]"));
        assert_eq!(
            base,
            yaml("power: [{id: a, mw: 1}, {id: b, mw: 5}, {id: c, mw: 3}]")
        );
    }

    #[test]
    fn an_empty_list_replaces() {
        let mut base = yaml("halls: [{id: a, it_mw: 1}]");
        merge(&mut base, &yaml("halls: []"));
        assert_eq!(base, yaml("halls: []"));
    }

    #[test]
    fn scalars_and_lists_without_ids_replace() {
        let mut base = yaml("a: 1\nb: [1, 2]\nc: {d: 1}");
        merge(&mut base, &yaml("a: 2\nb: [3]\nc: {e: 2}"));
        assert_eq!(base, yaml("a: 2\nb: [3]\nc: {d: 1, e: 2}"));
    }
}

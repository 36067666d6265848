//! A table of the report, drawn by both report.md and report.html: its
//! columns, rows and a note; long tables end after [`MAX_ROWS`] rows.

/// Longest table shown; the rest is in plan.json.
pub const MAX_ROWS: usize = 60;

pub struct Table {
    /// Element id in report.html.
    pub id: &'static str,
    pub title: &'static str,
    pub header: Vec<&'static str>,
    /// Per column: right-aligned (numbers).
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
    /// What the table leaves out or how it sums, if anything.
    pub note: Option<String>,
}

impl Table {
    pub(crate) fn new(
        id: &'static str,
        title: &'static str,
        cols: &[(&'static str, bool)],
    ) -> Self {
        Table {
            id,
            title,
            header: cols.iter().map(|c| c.0).collect(),
            numeric: cols.iter().map(|c| c.1).collect(),
            rows: Vec::new(),
            note: None,
        }
    }

    /// Keeps the first [`MAX_ROWS`] rows and says where the rest are.
    pub(crate) fn truncate(&mut self, rest_in: &str) {
        if self.rows.len() > MAX_ROWS {
            let more = self.rows.len() - MAX_ROWS;
            self.rows.truncate(MAX_ROWS);
            let note = format!("{more} more rows in {rest_in}.");
            self.note = Some(match self.note.take() {
                Some(n) => format!("{n} {note}"),
                None => note,
            });
        }
    }
}

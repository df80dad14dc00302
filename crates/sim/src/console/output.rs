//! `--output json|text|table`: renders a command's result as the `aws` CLI
//! prints it.
//!
//! Each renderer is a port of the CLI's own Python (`awscli/formatter.py`,
//! `awscli/text.py`, `awscli/table.py`), keeping its quirks so the output is
//! the same byte for byte: Python spellings of scalars (`True`, `None`,
//! `1e+16`), sorted keys in text and table output, table columns scaled with
//! Python's round-half-even, and East Asian wide *and ambiguous* characters
//! counted as two columns, as `unicodedata.east_asian_width` in `WFA` does.
//!
//! Where the CLI would crash (a table row of the wrong length, a list that
//! mixes objects with other values) these renderers carry on instead.
//! Key order follows the `serde_json` map: document order needs serde_json's
//! `preserve_order` feature.

use super::python::{python_number, python_str};
use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// The width the CLI assumes when stdout is not a terminal; wider tables are
/// turned into key/value form.
pub const DEFAULT_TERMINAL_WIDTH: usize = 80;

// ---------------------------------------------------------------------------
// json
// ---------------------------------------------------------------------------

/// `--output json`: `json.dump(indent=4, ensure_ascii=False)` plus a newline.
/// Like the CLI, prints nothing at all for an empty object (an operation
/// without output).
pub fn to_json(value: &Value) -> String {
    if matches!(value, Value::Object(map) if map.is_empty()) {
        return String::new();
    }
    let mut out = String::new();
    write_json(value, 0, &mut out);
    out.push('\n');
    out
}

fn write_json(value: &Value, level: usize, out: &mut String) {
    const INDENT: &str = "    ";
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&python_number(n)),
        Value::String(s) => write_json_string(s, out),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&INDENT.repeat(level + 1));
                write_json(item, level + 1, out);
            }
            out.push('\n');
            out.push_str(&INDENT.repeat(level));
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&INDENT.repeat(level + 1));
                write_json_string(key, out);
                out.push_str(": ");
                write_json(item, level + 1, out);
            }
            out.push('\n');
            out.push_str(&INDENT.repeat(level));
            out.push('}');
        }
    }
}

/// Python's escaping with `ensure_ascii=False`: only quotes, backslashes and
/// control characters are escaped.
fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// text
// ---------------------------------------------------------------------------

/// `--output text`: one line per object, scalars first in key order, each
/// line of a nested list prefixed by that list's key in upper case.
pub fn to_text(value: &Value) -> String {
    let mut out = String::new();
    format_text(value, None, None, &mut out);
    out
}

fn format_text(
    item: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    match item {
        Value::Object(map) => format_dict(map, identifier, scalar_keys, out),
        Value::Array(items) => format_list(items, identifier, out),
        scalar => {
            out.push_str(&python_str(scalar));
            out.push('\n');
        }
    }
}

fn format_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        // Every object gets the same columns: the scalar keys of them all.
        let all_keys = all_scalar_keys(items);
        for element in items {
            format_text(element, identifier, Some(&all_keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|item| !is_container(item));
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for item in nested {
            format_text(item, identifier, None, out);
        }
    } else {
        let scalars: Vec<&Value> = items.iter().collect();
        format_scalar_list(&scalars, identifier, out);
    }
}

fn format_scalar_list(elements: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(identifier) => {
            let prefix = identifier.to_uppercase();
            for element in elements {
                out.push_str(&format!("{prefix}\t{}\n", python_str(element)));
            }
        }
        None => {
            let cells: Vec<String> = elements.iter().map(|e| python_str(e)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    map: &Map<String, Value>,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    let mut scalars = Vec::new();
    let mut nested: Vec<(&str, &Value)> = Vec::new();
    match scalar_keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                if is_container(value) {
                    nested.push((key, value));
                } else {
                    scalars.push(python_str(value));
                }
            }
        }
        Some(keys) => {
            // A key that is scalar in a sibling but missing here prints as "".
            for key in keys {
                scalars.push(map.get(key).map(python_str).unwrap_or_default());
            }
            let mut remaining: Vec<(&String, &Value)> =
                map.iter().filter(|(key, _)| !keys.contains(key)).collect();
            remaining.sort_by(|a, b| a.0.cmp(b.0));
            nested.extend(remaining.into_iter().map(|(k, v)| (k.as_str(), v)));
        }
    }
    if !scalars.is_empty() {
        if let Some(identifier) = identifier {
            scalars.insert(0, identifier.to_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        format_text(value, Some(key), None, out);
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut keys = BTreeSet::new();
    for map in items.iter().filter_map(Value::as_object) {
        for (key, value) in map {
            if !is_container(value) {
                keys.insert(key.clone());
            }
        }
    }
    keys.into_iter().collect()
}

fn is_container(value: &Value) -> bool {
    value.is_array() || value.is_object()
}

// ---------------------------------------------------------------------------
// table
// ---------------------------------------------------------------------------

/// `--output table` for a result of the operation `title` (e.g.
/// `DescribeVpcs`), at the CLI's default width of 80 columns.
pub fn to_table(value: &Value, title: &str) -> String {
    to_table_with_width(value, title, DEFAULT_TERMINAL_WIDTH)
}

/// `--output table` for a terminal `terminal_width` columns wide; a table
/// wider than that has its one-row sections turned into key/value form.
pub fn to_table_with_width(value: &Value, title: &str, terminal_width: usize) -> String {
    let mut builder = TableBuilder {
        table: MultiTable::default(),
    };
    if builder.build(Some(title), value, 0) {
        builder.table.render(terminal_width)
    } else {
        String::new()
    }
}

/// awscli's `TableFormatter`: walks the value and fills a [`MultiTable`].
struct TableBuilder {
    table: MultiTable,
}

impl TableBuilder {
    fn build(&mut self, title: Option<&str>, current: &Value, indent_level: usize) -> bool {
        if is_python_falsy(current) {
            return false;
        }
        if let Some(title) = title {
            self.table.new_section(Some(title), indent_level);
        }
        match current {
            Value::Array(items) if items.first().is_some_and(Value::is_object) => {
                self.build_from_list_of_objects(items, indent_level, title);
            }
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::Array(elements) if elements.iter().all(|e| !is_container(e)) => {
                            self.table
                                .add_row(elements.iter().map(python_str).collect());
                        }
                        // Iterating a dict in Python yields its keys, so awscli
                        // prints the keys as the row.
                        Value::Object(map) => self.table.add_row(map.keys().cloned().collect()),
                        Value::Array(_) => {
                            self.build(None, item, 0);
                        }
                        scalar => self.table.add_row(vec![python_str(scalar)]),
                    }
                }
            }
            Value::Object(map) => self.build_from_object(map, indent_level),
            _ => {}
        }
        true
    }

    /// One object: a single scalar becomes a key/value row, several become a
    /// header row over a value row; lists and objects become sub-sections.
    fn build_from_object(&mut self, map: &Map<String, Value>, indent_level: usize) {
        let (headers, nested) = group_scalar_keys(map);
        if let [only] = headers.as_slice() {
            let value = map.get(only).map(python_str).unwrap_or_default();
            self.table.add_row(vec![only.clone(), value]);
        } else if !headers.is_empty() {
            let row = cells_for(map, &headers);
            self.table.add_row_header(headers);
            self.table.add_row(row);
        }
        for key in nested {
            if let Some(value) = map.get(&key) {
                self.build(Some(&key), value, indent_level + 1);
            }
        }
    }

    /// A list of objects: one column per scalar key; objects with nested
    /// values each get their own section so the nesting stays readable.
    fn build_from_list_of_objects(
        &mut self,
        items: &[Value],
        indent_level: usize,
        title: Option<&str>,
    ) {
        let mut header_set = BTreeSet::new();
        let mut nested_set = BTreeSet::new();
        for map in items.iter().filter_map(Value::as_object) {
            let (headers, nested) = group_scalar_keys(map);
            header_set.extend(headers);
            nested_set.extend(nested);
        }
        let headers: Vec<String> = header_set.into_iter().collect();
        let nested: Vec<String> = nested_set.into_iter().collect();
        self.table.add_row_header(headers.clone());
        // awscli still opens a section for a non-object element (it has no
        // cells and nothing nested), so such elements count here too.
        let no_keys = Map::new();
        let mut first = true;
        for map in items
            .iter()
            .map(|item| item.as_object().unwrap_or(&no_keys))
        {
            if !first && !nested.is_empty() {
                self.table.new_section(title, indent_level);
                self.table.add_row_header(headers.clone());
            }
            first = false;
            self.table.add_row(cells_for(map, &headers));
            for key in &nested {
                if let Some(value) = map.get(key) {
                    self.build(Some(key), value, indent_level + 1);
                }
            }
        }
    }
}

fn cells_for(map: &Map<String, Value>, keys: &[String]) -> Vec<String> {
    keys.iter()
        .map(|key| map.get(key).map(python_str).unwrap_or_default())
        .collect()
}

/// Splits an object's keys into those with scalar values and the rest, each
/// sorted.
fn group_scalar_keys(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let (mut nested, mut headers): (Vec<String>, Vec<String>) = map
        .keys()
        .cloned()
        .partition(|key| map.get(key).is_some_and(is_container));
    headers.sort();
    nested.sort();
    (headers, nested)
}

/// Python's truthiness; awscli prints no table at all for a falsy result.
fn is_python_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
    }
}

/// One titled block of a table (awscli's `Section`).
struct Section {
    /// `None` only where awscli builds a section titled `None` (a repeated
    /// list inside a list); it is not drawn but, as `str(None)`, still
    /// counts 4 columns towards the table's width.
    title: Option<String>,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent_level: usize,
    column_count: Option<usize>,
    max_widths: Vec<usize>,
}

impl Section {
    fn new(title: Option<String>, indent_level: usize) -> Self {
        Self {
            title,
            headers: Vec::new(),
            rows: Vec::new(),
            indent_level,
            column_count: None,
            max_widths: Vec::new(),
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        self.column_count.get_or_insert(headers.len());
        self.headers = headers;
    }

    fn add_row(&mut self, mut row: Vec<String>) {
        // awscli raises on a row of the wrong length; pad or cut it instead.
        let columns = *self.column_count.get_or_insert(row.len());
        row.resize(columns, String::new());
        self.update_max_widths(&row);
        self.rows.push(row);
    }

    fn update_max_widths(&mut self, row: &[String]) {
        if self.max_widths.is_empty() {
            self.max_widths = row.iter().map(|cell| text_width(cell)).collect();
            return;
        }
        for (i, cell) in row.iter().enumerate() {
            let width = text_width(cell);
            match self.max_widths.get_mut(i) {
                Some(max) => *max = (*max).max(width),
                None => self.max_widths.push(width),
            }
        }
    }

    /// The narrowest this section can be drawn, borders and indentation
    /// included.
    fn total_width(&self) -> i64 {
        let indent = self.indent_level as i64;
        let columns: i64 = self.max_widths.iter().map(|&w| w as i64 + 4).sum();
        let title_width = self.title.as_deref().map_or(4, text_width) as i64;
        (title_width + 2 + 2 * indent).max(columns + 2 + 2 * indent)
    }

    /// Column widths (4 columns of padding each) stretched to fill
    /// `max_width`, rounding half to even as Python's `round` does, then
    /// nudged one column at a time until they add up exactly.
    fn column_widths(&self, max_width: i64) -> Vec<i64> {
        let unscaled: Vec<i64> = self.max_widths.iter().map(|&w| w as i64 + 4).collect();
        let total: i64 = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|&w| (scale * w as f64).round_ties_even() as i64)
            .collect();
        let mut off_by = scaled.iter().sum::<i64>() - max_width;
        while off_by > 0 {
            for width in scaled.iter_mut() {
                *width -= 1;
                off_by -= 1;
                if off_by == 0 {
                    break;
                }
            }
        }
        while off_by < 0 {
            for width in scaled.iter_mut().rev() {
                *width += 1;
                off_by += 1;
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled
    }
}

/// awscli's `MultiTable`: a stack of sections drawn at one common width.
#[derive(Default)]
struct MultiTable {
    sections: Vec<Section>,
}

impl MultiTable {
    fn new_section(&mut self, title: Option<&str>, indent_level: usize) {
        self.sections
            .push(Section::new(title.map(str::to_string), indent_level));
    }

    fn add_row_header(&mut self, headers: Vec<String>) {
        if let Some(section) = self.sections.last_mut() {
            section.add_header(headers);
        }
    }

    fn add_row(&mut self, row: Vec<String>) {
        if let Some(section) = self.sections.last_mut() {
            section.add_row(row);
        }
    }

    fn max_width(&self) -> i64 {
        self.sections
            .iter()
            .map(Section::total_width)
            .max()
            .unwrap_or(0)
    }

    fn render(mut self, terminal_width: usize) -> String {
        let mut max_width = self.max_width();
        if max_width > terminal_width as i64 {
            convert_to_vertical(&mut self.sections);
            max_width = self.max_width();
        }
        let mut out = repeat('-', max_width);
        out.push('\n');
        for section in &self.sections {
            render_section(section, max_width, &mut out);
        }
        out
    }
}

/// Turns each section that has headers and a single row into key/value rows,
/// which is how the CLI narrows a table too wide for the terminal.
fn convert_to_vertical(sections: &mut [Section]) {
    for section in sections.iter_mut() {
        if section.rows.len() != 1 || section.headers.is_empty() {
            continue;
        }
        let mut vertical = Section::new(section.title.take(), section.indent_level);
        let values = section.rows.first().cloned().unwrap_or_default();
        for (header, value) in section.headers.iter().zip(values) {
            vertical.add_row(vec![header.clone(), value]);
        }
        *section = vertical;
    }
}

fn render_section(section: &Section, max_width: i64, out: &mut String) {
    let width = max_width - 2 * section.indent_level as i64;
    let mut lines = Vec::new();
    if let Some(title) = section.title.as_deref().filter(|t| !t.is_empty()) {
        lines.push(center_text(title, width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            lines.push(format!("+{}+", repeat('-', width - 2)));
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(width);
        lines.push(line_break(&widths));
        let mut line = String::new();
        for (i, (&column, header)) in widths.iter().zip(&section.headers).enumerate() {
            let left_edge = if i == 0 { "|" } else { "" };
            line.push_str(&center_text(header, column, left_edge, "|"));
        }
        lines.push(line);
    }
    let widths = section.column_widths(width);
    if !section.rows.is_empty() && !widths.is_empty() {
        lines.push(line_break(&widths));
        for row in &section.rows {
            let mut line = String::new();
            for (i, (&column, cell)) in widths.iter().zip(row).enumerate() {
                let left_edge = if i == 0 { "|" } else { "" };
                line.push_str(&align_left(cell, column, left_edge, "|"));
            }
            lines.push(line);
        }
        lines.push(line_break(&widths));
    }
    // Nested sections sit inside one '|' per level on each side.
    let indent = "|".repeat(section.indent_level);
    for line in lines {
        out.push_str(&indent);
        out.push_str(&line);
        out.push_str(&indent);
        out.push('\n');
    }
}

/// `+-----+-----+` for the given column widths.
fn line_break(widths: &[i64]) -> String {
    let mut line = String::new();
    for (i, &width) in widths.iter().enumerate() {
        if i == 0 {
            line.push('+');
            line.push_str(&repeat('-', width - 2));
        } else {
            line.push_str(&repeat('-', width - 1));
        }
        line.push('+');
    }
    line
}

/// awscli's `center_text`, including its arithmetic when the text does not
/// fit.
fn center_text(text: &str, length: i64, left_edge: &str, right_edge: &str) -> String {
    let text_length = text_width(text) as i64;
    let start = length.div_euclid(2) - text_length.div_euclid(2) - 1;
    let mut line = format!("{left_edge}{}{text}", repeat(' ', start));
    let so_far = text_width(left_edge) as i64 + start + text_length;
    let right_spaces = length - text_width(right_edge) as i64 - so_far;
    line.push_str(&repeat(' ', right_spaces));
    line.push_str(right_edge);
    line
}

/// awscli's `align_left`: two spaces of padding when they fit.
fn align_left(text: &str, length: i64, left_edge: &str, right_edge: &str) -> String {
    let text_length = text_width(text) as i64;
    let edges = (left_edge.chars().count() + right_edge.chars().count()) as i64;
    let padding = if length - (text_length + 2 + edges) >= 0 {
        2
    } else {
        0
    };
    let so_far = left_edge.chars().count() as i64 + padding + text_length;
    let right_spaces = length - so_far - right_edge.chars().count() as i64;
    format!(
        "{left_edge}{}{text}{}{right_edge}",
        repeat(' ', padding),
        repeat(' ', right_spaces)
    )
}

/// `c * n` in Python: empty for a negative count.
fn repeat(c: char, count: i64) -> String {
    std::iter::repeat_n(c, usize::try_from(count).unwrap_or(0)).collect()
}

/// Columns a string takes, as awscli's `get_text_length` counts them.
fn text_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    let code = c as u32;
    if code < 0xA1 {
        return false;
    }
    let (mut low, mut high) = (0, WIDE_RANGES.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        let (Some(&first), Some(&last)) =
            (WIDE_RANGES.get(2 * middle), WIDE_RANGES.get(2 * middle + 1))
        else {
            return false;
        };
        if code < first {
            high = middle;
        } else if code > last {
            low = middle + 1;
        } else {
            return true;
        }
    }
    false
}

/// Inclusive `[first, last]` code point ranges whose East Asian Width is
/// W, F or A (Unicode 14, Python 3.11's `unicodedata`), merged across
/// unassigned code points.
#[rustfmt::skip]
const WIDE_RANGES: [u32; 464] = [
    0xA1, 0xA1, 0xA4, 0xA4, 0xA7, 0xA8, 0xAA, 0xAA, 0xAD, 0xAE, 0xB0, 0xB4, 0xB6, 0xBA, 0xBC, 0xBF,
    0xC6, 0xC6, 0xD0, 0xD0, 0xD7, 0xD8, 0xDE, 0xE1, 0xE6, 0xE6, 0xE8, 0xEA, 0xEC, 0xED, 0xF0, 0xF0,
    0xF2, 0xF3, 0xF7, 0xFA, 0xFC, 0xFC, 0xFE, 0xFE, 0x101, 0x101, 0x111, 0x111, 0x113, 0x113,
    0x11B, 0x11B, 0x126, 0x127, 0x12B, 0x12B, 0x131, 0x133, 0x138, 0x138, 0x13F, 0x142,
    0x144, 0x144, 0x148, 0x14B, 0x14D, 0x14D, 0x152, 0x153, 0x166, 0x167, 0x16B, 0x16B,
    0x1CE, 0x1CE, 0x1D0, 0x1D0, 0x1D2, 0x1D2, 0x1D4, 0x1D4, 0x1D6, 0x1D6, 0x1D8, 0x1D8,
    0x1DA, 0x1DA, 0x1DC, 0x1DC, 0x251, 0x251, 0x261, 0x261, 0x2C4, 0x2C4, 0x2C7, 0x2C7,
    0x2C9, 0x2CB, 0x2CD, 0x2CD, 0x2D0, 0x2D0, 0x2D8, 0x2DB, 0x2DD, 0x2DD, 0x2DF, 0x2DF,
    0x300, 0x36F, 0x391, 0x3A9, 0x3B1, 0x3C1, 0x3C3, 0x3C9, 0x401, 0x401, 0x410, 0x44F,
    0x451, 0x451, 0x1100, 0x115F, 0x2010, 0x2010, 0x2013, 0x2016, 0x2018, 0x2019, 0x201C, 0x201D,
    0x2020, 0x2022, 0x2024, 0x2027, 0x2030, 0x2030, 0x2032, 0x2033, 0x2035, 0x2035, 0x203B, 0x203B,
    0x203E, 0x203E, 0x2074, 0x2074, 0x207F, 0x207F, 0x2081, 0x2084, 0x20AC, 0x20AC, 0x2103, 0x2103,
    0x2105, 0x2105, 0x2109, 0x2109, 0x2113, 0x2113, 0x2116, 0x2116, 0x2121, 0x2122, 0x2126, 0x2126,
    0x212B, 0x212B, 0x2153, 0x2154, 0x215B, 0x215E, 0x2160, 0x216B, 0x2170, 0x2179, 0x2189, 0x2189,
    0x2190, 0x2199, 0x21B8, 0x21B9, 0x21D2, 0x21D2, 0x21D4, 0x21D4, 0x21E7, 0x21E7, 0x2200, 0x2200,
    0x2202, 0x2203, 0x2207, 0x2208, 0x220B, 0x220B, 0x220F, 0x220F, 0x2211, 0x2211, 0x2215, 0x2215,
    0x221A, 0x221A, 0x221D, 0x2220, 0x2223, 0x2223, 0x2225, 0x2225, 0x2227, 0x222C, 0x222E, 0x222E,
    0x2234, 0x2237, 0x223C, 0x223D, 0x2248, 0x2248, 0x224C, 0x224C, 0x2252, 0x2252, 0x2260, 0x2261,
    0x2264, 0x2267, 0x226A, 0x226B, 0x226E, 0x226F, 0x2282, 0x2283, 0x2286, 0x2287, 0x2295, 0x2295,
    0x2299, 0x2299, 0x22A5, 0x22A5, 0x22BF, 0x22BF, 0x2312, 0x2312, 0x231A, 0x231B, 0x2329, 0x232A,
    0x23E9, 0x23EC, 0x23F0, 0x23F0, 0x23F3, 0x23F3, 0x2460, 0x24E9, 0x24EB, 0x254B, 0x2550, 0x2573,
    0x2580, 0x258F, 0x2592, 0x2595, 0x25A0, 0x25A1, 0x25A3, 0x25A9, 0x25B2, 0x25B3, 0x25B6, 0x25B7,
    0x25BC, 0x25BD, 0x25C0, 0x25C1, 0x25C6, 0x25C8, 0x25CB, 0x25CB, 0x25CE, 0x25D1, 0x25E2, 0x25E5,
    0x25EF, 0x25EF, 0x25FD, 0x25FE, 0x2605, 0x2606, 0x2609, 0x2609, 0x260E, 0x260F, 0x2614, 0x2615,
    0x261C, 0x261C, 0x261E, 0x261E, 0x2640, 0x2640, 0x2642, 0x2642, 0x2648, 0x2653, 0x2660, 0x2661,
    0x2663, 0x2665, 0x2667, 0x266A, 0x266C, 0x266D, 0x266F, 0x266F, 0x267F, 0x267F, 0x2693, 0x2693,
    0x269E, 0x269F, 0x26A1, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BF, 0x26C4, 0x26E1, 0x26E3, 0x26E3,
    0x26E8, 0x26FF, 0x2705, 0x2705, 0x270A, 0x270B, 0x2728, 0x2728, 0x273D, 0x273D, 0x274C, 0x274C,
    0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757, 0x2776, 0x277F, 0x2795, 0x2797, 0x27B0, 0x27B0,
    0x27BF, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B59, 0x2E80, 0x303E, 0x3041, 0x4DBF,
    0x4E00, 0xA4C6, 0xA960, 0xA97C, 0xAC00, 0xD7A3, 0xE000, 0xFAD9, 0xFE00, 0xFE19, 0xFE30, 0xFE6B,
    0xFF01, 0xFF60, 0xFFE0, 0xFFE6, 0xFFFD, 0xFFFD, 0x16FE0, 0x1B2FB, 0x1F004, 0x1F004,
    0x1F0CF, 0x1F0CF, 0x1F100, 0x1F10A, 0x1F110, 0x1F12D, 0x1F130, 0x1F169, 0x1F170, 0x1F1AC,
    0x1F200, 0x1F320, 0x1F32D, 0x1F335, 0x1F337, 0x1F37C, 0x1F37E, 0x1F393, 0x1F3A0, 0x1F3CA,
    0x1F3CF, 0x1F3D3, 0x1F3E0, 0x1F3F0, 0x1F3F4, 0x1F3F4, 0x1F3F8, 0x1F43E, 0x1F440, 0x1F440,
    0x1F442, 0x1F4FC, 0x1F4FF, 0x1F53D, 0x1F54B, 0x1F54E, 0x1F550, 0x1F567, 0x1F57A, 0x1F57A,
    0x1F595, 0x1F596, 0x1F5A4, 0x1F5A4, 0x1F5FB, 0x1F64F, 0x1F680, 0x1F6C5, 0x1F6CC, 0x1F6CC,
    0x1F6D0, 0x1F6D2, 0x1F6D5, 0x1F6DF, 0x1F6EB, 0x1F6EC, 0x1F6F4, 0x1F6FC, 0x1F7E0, 0x1F7F0,
    0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1F9FF, 0x1FA70, 0x1FAF6, 0x20000, 0x3134A,
    0xE0100, 0x10FFFD,
];

// ---------------------------------------------------------------------------
// Python's str() of JSON values
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::python::python_float_repr;
    use serde_json::json;

    /// The lines of an expected output, each ending in a newline.
    fn lines(lines: &[&str]) -> String {
        lines.iter().map(|line| format!("{line}\n")).collect()
    }

    fn describe_vpcs() -> Value {
        json!({
            "Vpcs": [{
                "CidrBlock": "10.0.0.0/16",
                "DhcpOptionsId": "dopt-0a1b2c3d",
                "State": "available",
                "VpcId": "vpc-0abc",
                "OwnerId": "123456789012",
                "InstanceTenancy": "default",
                "CidrBlockAssociationSet": [{
                    "AssociationId": "vpc-cidr-assoc-0123",
                    "CidrBlock": "10.0.0.0/16",
                    "CidrBlockState": {"State": "associated"}
                }],
                "IsDefault": false,
                "Tags": [{"Key": "Name", "Value": "main"}]
            }]
        })
    }

    #[test]
    fn json_of_describe_vpcs_keeps_document_order_with_four_space_indent() {
        let expected = lines(&[
            "{",
            "    \"Vpcs\": [",
            "        {",
            "            \"CidrBlock\": \"10.0.0.0/16\",",
            "            \"DhcpOptionsId\": \"dopt-0a1b2c3d\",",
            "            \"State\": \"available\",",
            "            \"VpcId\": \"vpc-0abc\",",
            "            \"OwnerId\": \"123456789012\",",
            "            \"InstanceTenancy\": \"default\",",
            "            \"CidrBlockAssociationSet\": [",
            "                {",
            "                    \"AssociationId\": \"vpc-cidr-assoc-0123\",",
            "                    \"CidrBlock\": \"10.0.0.0/16\",",
            "                    \"CidrBlockState\": {",
            "                        \"State\": \"associated\"",
            "                    }",
            "                }",
            "            ],",
            "            \"IsDefault\": false,",
            "            \"Tags\": [",
            "                {",
            "                    \"Key\": \"Name\",",
            "                    \"Value\": \"main\"",
            "                }",
            "            ]",
            "        }",
            "    ]",
            "}",
        ]);
        assert_eq!(to_json(&describe_vpcs()), expected);
    }

    #[test]
    fn json_of_scalars_and_empties() {
        assert_eq!(to_json(&json!("vpc-0abc")), "\"vpc-0abc\"\n");
        assert_eq!(
            to_json(&json!(["vpc-0abc", "vpc-0def"])),
            "[\n    \"vpc-0abc\",\n    \"vpc-0def\"\n]\n"
        );
        assert_eq!(to_json(&json!([])), "[]\n");
        assert_eq!(to_json(&Value::Null), "null\n");
        assert_eq!(to_json(&json!(true)), "true\n");
        assert_eq!(
            to_json(&json!({"a": {}, "b": []})),
            "{\n    \"a\": {},\n    \"b\": []\n}\n"
        );
        // An operation without output prints nothing.
        assert_eq!(to_json(&json!({})), "");
    }

    #[test]
    fn json_escapes_like_python_with_ensure_ascii_off() {
        let value = json!({"Name": "日本\n\"q\"\u{1}\\", "n": [1.0, -0.0, 1e16, 0.00001, 100_000_000_000_000_000_000.0_f64, 42]});
        let expected = lines(&[
            "{",
            "    \"Name\": \"日本\\n\\\"q\\\"\\u0001\\\\\",",
            "    \"n\": [",
            "        1.0,",
            "        -0.0,",
            "        1e+16,",
            "        1e-05,",
            "        1e+20,",
            "        42",
            "    ]",
            "}",
        ]);
        assert_eq!(to_json(&value), expected);
    }

    #[test]
    fn text_of_describe_vpcs() {
        let expected = lines(&[
            "VPCS\t10.0.0.0/16\tdopt-0a1b2c3d\tdefault\tFalse\t123456789012\tavailable\tvpc-0abc",
            "CIDRBLOCKASSOCIATIONSET\tvpc-cidr-assoc-0123\t10.0.0.0/16",
            "CIDRBLOCKSTATE\tassociated",
            "TAGS\tName\tmain",
        ]);
        assert_eq!(to_text(&describe_vpcs()), expected);
    }

    #[test]
    fn text_of_scalars_lists_and_empties() {
        assert_eq!(to_text(&json!("vpc-0abc")), "vpc-0abc\n");
        assert_eq!(
            to_text(&json!(["vpc-0abc", "vpc-0def"])),
            "vpc-0abc\tvpc-0def\n"
        );
        assert_eq!(to_text(&Value::Null), "None\n");
        assert_eq!(to_text(&json!(true)), "True\n");
        assert_eq!(to_text(&json!(false)), "False\n");
        assert_eq!(to_text(&json!(42)), "42\n");
        assert_eq!(to_text(&json!(2.5)), "2.5\n");
        assert_eq!(to_text(&json!([])), "");
        assert_eq!(to_text(&json!({})), "");
        assert_eq!(
            to_text(&json!([
                ["a", 1, true, null, 2.5],
                ["b", 2, false, 1e16, 0.00001]
            ])),
            "a\t1\tTrue\tNone\t2.5\nb\t2\tFalse\t1e+16\t1e-05\n"
        );
        // Scalars of a mixed list first, then each nested list.
        assert_eq!(to_text(&json!([[1, [2, 3]], "x"])), "x\n1\n2\t3\n");
    }

    #[test]
    fn text_prefixes_nested_values_with_their_key() {
        let value = json!({
            "Vpc": {"VpcId": "vpc-1", "State": "pending", "Tags": [{"Key": "Name", "Value": "café"}]},
            "taskArns": ["arn:1", "arn:2"]
        });
        let expected = lines(&[
            "VPC\tpending\tvpc-1",
            "TAGS\tName\tcafé",
            "TASKARNS\tarn:1",
            "TASKARNS\tarn:2",
        ]);
        assert_eq!(to_text(&value), expected);
        // Every object of a list gets the columns of all; missing ones are empty.
        let value =
            json!([{"Name": "本番", "Id": "i-1"}, {"Name": "dev", "Id": "i-2", "Extra": 1.5}]);
        assert_eq!(to_text(&value), "\ti-1\t本番\n1.5\ti-2\tdev\n");
    }

    #[test]
    fn table_of_describe_vpcs_turns_vertical_when_wider_than_80() {
        let expected = lines(&[
            "----------------------------------------------",
            "|                DescribeVpcs                |",
            "+--------------------------------------------+",
            "||                   Vpcs                   ||",
            "|+---------------------+--------------------+|",
            "||  CidrBlock          |  10.0.0.0/16       ||",
            "||  DhcpOptionsId      |  dopt-0a1b2c3d     ||",
            "||  InstanceTenancy    |  default           ||",
            "||  IsDefault          |  False             ||",
            "||  OwnerId            |  123456789012      ||",
            "||  State              |  available         ||",
            "||  VpcId              |  vpc-0abc          ||",
            "|+---------------------+--------------------+|",
            "|||         CidrBlockAssociationSet        |||",
            "||+----------------+-----------------------+||",
            "|||  AssociationId |  vpc-cidr-assoc-0123  |||",
            "|||  CidrBlock     |  10.0.0.0/16          |||",
            "||+----------------+-----------------------+||",
            "||||            CidrBlockState            ||||",
            "|||+--------------+-----------------------+|||",
            "||||  State       |  associated           ||||",
            "|||+--------------+-----------------------+|||",
            "|||                  Tags                  |||",
            "||+--------------------+-------------------+||",
            "|||  Key               |  Name             |||",
            "|||  Value             |  main             |||",
            "||+--------------------+-------------------+||",
        ]);
        assert_eq!(to_table(&describe_vpcs(), "DescribeVpcs"), expected);
    }

    #[test]
    fn table_of_a_list_of_objects_has_column_headers() {
        let value = json!({"Subnets": [
            {"SubnetId": "subnet-1", "AvailabilityZone": "ap-northeast-1a", "Count": 250},
            {"SubnetId": "subnet-2", "AvailabilityZone": "ap-northeast-1c", "Count": 0}
        ]});
        let expected = lines(&[
            "---------------------------------------------",
            "|              DescribeSubnets              |",
            "+-------------------------------------------+",
            "||                 Subnets                 ||",
            "|+-------------------+--------+------------+|",
            "|| AvailabilityZone  | Count  | SubnetId   ||",
            "|+-------------------+--------+------------+|",
            "||  ap-northeast-1a  |  250   |  subnet-1  ||",
            "||  ap-northeast-1c  |  0     |  subnet-2  ||",
            "|+-------------------+--------+------------+|",
        ]);
        assert_eq!(to_table(&value, "DescribeSubnets"), expected);
        // The same table fits, with headers kept, on a wide terminal.
        assert_eq!(
            to_table_with_width(&value, "DescribeSubnets", 200),
            expected
        );
    }

    #[test]
    fn table_counts_wide_and_ambiguous_characters_as_two_columns() {
        let value =
            json!([{"Name": "本番", "Id": "i-1"}, {"Name": "dev", "Id": "i-2", "Extra": 1.5}]);
        let expected = lines(&[
            "--------------------------",
            "|    DescribeInstances   |",
            "+-------+-------+--------+",
            "| Extra |  Id   | Name   |",
            "+-------+-------+--------+",
            "|       |  i-1  |  本番  |",
            "|  1.5  |  i-2  |  dev   |",
            "+-------+-------+--------+",
        ]);
        assert_eq!(to_table(&value, "DescribeInstances"), expected);
        let value = json!({"Vpc": {"VpcId": "vpc-1", "State": "pending", "Tags": [{"Key": "Name", "Value": "café"}]}});
        let expected = lines(&[
            "------------------------",
            "|       CreateVpc      |",
            "+----------------------+",
            "||         Vpc        ||",
            "|+----------+---------+|",
            "||   State  |  VpcId  ||",
            "|+----------+---------+|",
            "||  pending |  vpc-1  ||",
            "|+----------+---------+|",
            "|||       Tags       |||",
            "||+-------+----------+||",
            "|||  Key  |  Value   |||",
            "||+-------+----------+||",
            "|||  Name |  café   |||",
            "||+-------+----------+||",
        ]);
        assert_eq!(to_table(&value, "CreateVpc"), expected);
        assert_eq!(text_width("aé本😀"), 7);
    }

    #[test]
    fn table_of_scalars_lists_and_empties() {
        let expected = lines(&[
            "--------------",
            "|DescribeVpcs|",
            "+------------+",
            "|  vpc-0abc  |",
            "|  vpc-0def  |",
            "+------------+",
        ]);
        assert_eq!(
            to_table(&json!(["vpc-0abc", "vpc-0def"]), "DescribeVpcs"),
            expected
        );
        // A scalar result shows only the title, as in the CLI.
        let expected = lines(&["--------------", "|DescribeVpcs|", "+------------+"]);
        assert_eq!(to_table(&json!("vpc-0abc"), "DescribeVpcs"), expected);
        // Falsy results print nothing.
        for value in [
            json!([]),
            json!({}),
            Value::Null,
            json!(0),
            json!(""),
            json!(false),
        ] {
            assert_eq!(to_table(&value, "DescribeVpcs"), "");
        }
        let expected = lines(&[
            "---------------------------------------",
            "|                  Q                  |",
            "+---+----+--------+---------+---------+",
            "|  a|  1 |  True  |  None   |  2.5    |",
            "|  b|  2 |  False |  1e+16  |  1e-05  |",
            "+---+----+--------+---------+---------+",
        ]);
        let rows = json!([["a", 1, true, null, 2.5], ["b", 2, false, 1e16, 0.00001]]);
        assert_eq!(to_table(&rows, "Q"), expected);
    }

    #[test]
    fn table_survives_rows_awscli_would_reject() {
        // awscli raises "Row should have 1 elements, instead it has 2" here.
        let table = to_table(&json!([[1, [2, 3]], "x", [4, 5, 6], {}, [[]]]), "X");
        assert!(table.starts_with("-----"), "{table}");
    }

    #[test]
    fn python_str_spells_values_as_python_prints_them() {
        let value = json!({"a": [1, 2.5, null, true, "it's"], "b": "q\"'"});
        assert_eq!(
            python_str(&value),
            "{'a': [1, 2.5, None, True, \"it's\"], 'b': 'q\"\\''}"
        );
        assert_eq!(python_float_repr(123456.789), "123456.789");
        assert_eq!(python_float_repr(-2.5e-7), "-2.5e-07");
        assert_eq!(python_float_repr(1e15), "1000000000000000.0");
    }
}

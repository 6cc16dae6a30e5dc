//! Table rows to cells-by-meaning. Columns are recognized from their headers; rows with missing
//! or extra cells (a lost name cell in a text copy, an empty cell the HTML minifier dropped, an
//! unescaped `|` in a description) are realigned by how well each cell fits each column.

use crate::blocks::{Inline, Span};
use crate::cells::{self, TypeCell};
use crate::vocab::{self, Role};
use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    pub roles: Vec<Role>,
}

impl Columns {
    /// The columns of a parameter or field table; `None` when it has no name and type columns
    /// (a comparison table, say).
    pub fn of(header: &[Inline]) -> Option<Columns> {
        let roles: Vec<Role> = header.iter().map(|h| vocab::role(&h.flat())).collect();
        (roles.contains(&Role::Name) && roles.contains(&Role::Type)).then_some(Columns { roles })
    }
    pub fn has(&self, r: Role) -> bool {
        self.roles.contains(&r)
    }
}

/// A row with one cell (or none) per column.
#[derive(Clone, Debug)]
pub struct Aligned<'a> {
    /// Borrowed from the row, except a cell made by joining extra cells.
    pub cells: Vec<Option<Cow<'a, Inline>>>,
    /// What was repaired, for the diagnostic.
    pub repair: Option<String>,
}

impl Aligned<'_> {
    pub fn get(&self, cols: &Columns, r: Role) -> Option<&Inline> {
        cols.roles.iter().position(|&x| x == r).and_then(|i| self.cells[i].as_deref())
    }
}

/// How well a cell fits a column (higher is better).
fn fit(role: Role, cell: &Inline) -> i32 {
    let flat = cell.flat();
    match role {
        Role::Name => {
            if flat.is_empty() {
                -3
            } else if vocab::yes_no(&flat).is_some() || is_type_word(&flat) {
                -2
            } else if cells::is_field_name(&flat) {
                2
            } else {
                -1
            }
        }
        Role::Type => match cells::type_cell(cell) {
            TypeCell::Known(_) => {
                if cell.links().next().is_some() || is_type_word(&flat) {
                    3
                } else {
                    1
                }
            }
            TypeCell::Empty => 0,
            TypeCell::Unknown(_) => -3,
        },
        Role::Required => {
            if vocab::yes_no(&flat).is_some() {
                4
            } else {
                -4
            }
        }
        Role::Default => {
            if flat == "-" {
                2
            } else if vocab::yes_no(&flat).is_some() {
                -1
            } else if flat.chars().count() <= 24 {
                0
            } else {
                -1
            }
        }
        Role::Description => {
            if flat.is_empty() {
                0
            } else if flat.contains(' ') || flat.chars().any(crate::source::is_cjk) {
                1
            } else {
                0
            }
        }
        Role::Sample => {
            if cell.codes().next().is_some() {
                1
            } else {
                0
            }
        }
        Role::Other => 0,
    }
}

/// The cost of assuming a column's cell is missing from a row.
fn missing_cost(role: Role) -> i32 {
    match role {
        Role::Name => 1,
        Role::Type | Role::Required => 3,
        Role::Default | Role::Description | Role::Sample | Role::Other => 0,
    }
}

pub fn is_type_word(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().trim_end_matches("[]"),
        "string"
            | "number"
            | "integer"
            | "boolean"
            | "bool"
            | "object"
            | "array"
            | "int"
            | "int64"
            | "int32"
            | "float"
            | "double"
            | "any"
    )
}

/// Aligns a row's cells to the columns.
pub fn align<'a>(cols: &Columns, cells: &'a [Inline]) -> Aligned<'a> {
    let m = cols.roles.len();
    let n = cells.len();
    if n == m {
        return Aligned { cells: cells.iter().map(|c| Some(Cow::Borrowed(c))).collect(), repair: None };
    }
    if n < m {
        // Choose which m-n columns are missing, keeping order: the best-fitting subset.
        let mut best: Option<(i32, Vec<Option<usize>>)> = None;
        // Every cell's fit in every column, once; the search only adds them up.
        let fits: Vec<Vec<i32>> = cols.roles.iter().map(|&r| cells.iter().map(|c| fit(r, c)).collect()).collect();
        for_each_subset(m, n, &mut |chosen: &[usize]| {
            let mut score = 0;
            let mut map = vec![None; m];
            let mut k = 0;
            for (col, slot) in map.iter_mut().enumerate() {
                if k < chosen.len() && chosen[k] == col {
                    score += fits[col][k];
                    *slot = Some(k);
                    k += 1;
                } else {
                    score -= missing_cost(cols.roles[col]);
                }
            }
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, map));
            }
        });
        let (_, map) = best.unwrap_or((0, vec![None; m]));
        let missing: Vec<&str> =
            map.iter().zip(&cols.roles).filter(|(s, _)| s.is_none()).map(|(_, r)| role_name(*r)).collect();
        let repair = format!("row has {n} of {m} cells; read as missing its {} cell", missing.join(" and "));
        return Aligned {
            cells: map.into_iter().map(|s| s.map(|k| Cow::Borrowed(&cells[k]))).collect(),
            repair: Some(repair),
        };
    }
    // More cells than columns: merge a run of extra cells into one column (an unescaped `|`).
    let extra = n - m;
    let mut best: Option<(i32, usize)> = None;
    for col in 0..m {
        let mut score = 0;
        for (c, role) in cols.roles.iter().enumerate() {
            let cell = if c < col {
                Cow::Borrowed(&cells[c])
            } else if c == col {
                Cow::Owned(merge(&cells[col..=col + extra]))
            } else {
                Cow::Borrowed(&cells[c + extra])
            };
            score += fit(*role, &cell);
        }
        if cols.roles[col] == Role::Description {
            score += 1;
        }
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, col));
        }
    }
    let (_, col) = best.unwrap_or((0, m - 1));
    let mut out = Vec::with_capacity(m);
    for c in 0..m {
        out.push(Some(if c < col {
            Cow::Borrowed(&cells[c])
        } else if c == col {
            Cow::Owned(merge(&cells[col..=col + extra]))
        } else {
            Cow::Borrowed(&cells[c + extra])
        }));
    }
    Aligned {
        cells: out,
        repair: Some(format!(
            "row has {n} cells for {m} columns; joined the extra cells into its {} cell",
            role_name(cols.roles[col])
        )),
    }
}

fn merge(cells: &[Inline]) -> Inline {
    let mut out = Inline::default();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.spans.push(Span::Text(" | ".into()));
        }
        out.spans.extend(c.spans.iter().cloned());
    }
    out
}

pub fn role_name(r: Role) -> &'static str {
    match r {
        Role::Name => "name",
        Role::Type => "type",
        Role::Required => "required",
        Role::Default => "default",
        Role::Description => "description",
        Role::Sample => "sample",
        Role::Other => "extra",
    }
}

/// Calls `f` with every increasing sequence of `k` indices below `n`.
fn for_each_subset(n: usize, k: usize, f: &mut dyn FnMut(&[usize])) {
    fn rec(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, f: &mut dyn FnMut(&[usize])) {
        if cur.len() == k {
            f(cur);
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            rec(i + 1, n, k, cur, f);
            cur.pop();
        }
    }
    // Wide tables would make the search explode; beyond 12 columns only the trailing cells
    // are assumed missing.
    if n > 12 {
        f(&(0..k).collect::<Vec<_>>());
        return;
    }
    rec(0, n, k, &mut Vec::with_capacity(k), f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::inline_md::inline_of;

    fn cols(h: &[&str]) -> Columns {
        Columns::of(&h.iter().map(|s| Inline::text(*s)).collect::<Vec<_>>()).unwrap()
    }

    fn cells(c: &[&str]) -> Vec<Inline> {
        c.iter().map(|s| inline_of(s)).collect()
    }

    #[test]
    fn lost_name_cell() {
        let c = cols(&["Name", "Type", "Required", "Default value", "Description", "Sample value"]);
        let row = cells(&["string", "Yes", "-", "Email, case insensitive.", "test@example.com"]);
        let a = align(&c, &row);
        assert!(a.get(&c, Role::Name).is_none());
        assert_eq!(a.get(&c, Role::Type).unwrap().flat(), "string");
        assert_eq!(a.get(&c, Role::Sample).unwrap().flat(), "test@example.com");
    }

    #[test]
    fn dropped_empty_sample_cell() {
        let c = cols(&["名称", "类型", "是否必填", "描述", "示例值"]);
        let row = cells(&["metadataSource", "array", "是", "分组元数据信息"]);
        let a = align(&c, &row);
        assert_eq!(a.get(&c, Role::Name).unwrap().flat(), "metadataSource");
        assert!(a.get(&c, Role::Sample).is_none());
    }

    #[test]
    fn dropped_empty_description_cell() {
        let c = cols(&["名称", "类型", "是否必填", "描述", "示例值"]);
        let row = cells(&["id", "string", "是", "`abc`"]);
        let a = align(&c, &row);
        assert_eq!(a.get(&c, Role::Sample).unwrap().flat(), "abc");
    }

    #[test]
    fn extra_cells_join_into_the_description() {
        let c = cols(&["Name", "Type", "Description"]);
        let row = cells(&["mode", "string", "a ", " b"]);
        let a = align(&c, &row);
        assert_eq!(a.get(&c, Role::Description).unwrap().flat(), "a | b");
    }

    #[test]
    fn comparison_tables_are_not_field_tables() {
        assert!(Columns::of(&[Inline::text("校验方式"), Inline::text("优势"), Inline::text("劣势")]).is_none());
    }
}

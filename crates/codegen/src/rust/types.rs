//! Documented types → Rust types, and the graph facts that decide them: which models are
//! reachable from which client, and which references must be boxed because they are cyclic.

use docir::ir::{Api, Dto, Type};
use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The Rust type of a documented `number`: the runtime's exact number (`templates/runtime`),
/// since the pages print `number` for integers and fractions alike.
pub const NUMBER: &str = "crate::Number";

/// What the renderer knows about the models it emits.
pub struct TypeEnv {
    /// Documented DTO name → Rust identifier, for the DTOs that are rendered.
    pub dtos: BTreeMap<String, String>,
    /// Documented enum name → Rust identifier.
    pub enums: BTreeMap<String, String>,
    /// `(from, to)` DTO references that need a `Box`: the target reaches back to the source
    /// without passing through a `Vec` (the struct would have an infinite size), or the
    /// reference would nest structs inline deeper than [`MAX_INLINE_DEPTH`] (see [`deep_links`]).
    pub boxed: Edges,
    /// `(from, to)` required references on a cycle of required references: no finite value can
    /// have them all, so they are made optional.
    pub loosened: Edges,
    /// `(enum, value)` → variant identifier.
    pub variants: BTreeMap<(String, String), String>,
    /// DTO name → its builder's identifier, for the DTOs built with one instead of `new`.
    pub builders: BTreeMap<String, String>,
    /// DTO name → the identifiers of its fields, in order, as `(wire name, identifier, required)`.
    pub fields: BTreeMap<String, Vec<(String, String, bool)>>,
}

impl TypeEnv {
    /// The Rust type of a documented type. `owner` is the DTO holding the field (for boxing),
    /// `prefix` the path to the models module (`""` inside it, `crate::models::` outside).
    pub fn rust(&self, ty: &Type, enum_ref: Option<&str>, owner: Option<&str>, prefix: &str) -> String {
        let en = enum_ref.and_then(|e| self.enums.get(e));
        match (ty, en) {
            (Type::String, Some(e)) => format!("{prefix}{e}"),
            (Type::Array { items }, Some(e)) if matches!(**items, Type::String | Type::Any) => {
                format!("Vec<{prefix}{e}>")
            }
            (Type::String, None) => "String".into(),
            (Type::Integer, _) => "i64".into(),
            (Type::Number, _) => NUMBER.into(),
            (Type::Boolean, _) => "bool".into(),
            (Type::Object, _) => "serde_json::Map<String, serde_json::Value>".into(),
            (Type::Any, _) => "serde_json::Value".into(),
            (Type::Array { items }, _) => format!("Vec<{}>", self.rust(items, None, None, prefix)),
            (Type::Ref { name }, _) => match (self.dtos.get(name), self.enums.get(name)) {
                (Some(d), _) => match owner {
                    Some(o) if self.boxed.contains(&(o.to_string(), name.clone())) => format!("Box<{prefix}{d}>"),
                    _ => format!("{prefix}{d}"),
                },
                (None, Some(e)) => format!("{prefix}{e}"),
                // A DTO no page defines (reported upstream as missing-dto): any JSON.
                (None, None) => "serde_json::Value".into(),
            },
        }
    }

    /// The enum a value of this type takes its values from, if it is rendered as one.
    pub fn enum_of<'a>(&'a self, ty: &Type, enum_ref: Option<&str>) -> Option<&'a str> {
        let e = self.enums.get(enum_ref?)?;
        match ty {
            Type::String => Some(e),
            Type::Array { items } if matches!(**items, Type::String | Type::Any) => Some(e),
            _ => None,
        }
        .map(String::as_str)
    }
}

/// The DTO a type refers to directly (not through an array), if any.
pub fn direct_ref(ty: &Type) -> Option<&str> {
    match ty {
        Type::Ref { name } => Some(name),
        _ => None,
    }
}

/// Every DTO and enum name a type mentions, through arrays.
pub fn names_in<'a>(ty: &'a Type, out: &mut Vec<&'a str>) {
    match ty {
        Type::Ref { name } => out.push(name),
        Type::Array { items } => names_in(items, out),
        _ => {}
    }
}

/// The DTOs and enums reachable from `roots` (names of DTOs or enums) through DTO fields.
pub fn reachable(api: &Api, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(n) = stack.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        if let Some(dto) = api.dtos.get(&n) {
            for f in &dto.fields {
                let mut names = Vec::new();
                names_in(&f.ty, &mut names);
                stack.extend(names.into_iter().map(String::from));
                stack.extend(f.enum_ref.iter().cloned());
            }
        }
    }
    seen
}

/// `(from, to)` references between DTOs.
pub type Edges = BTreeSet<(String, String)>;

/// Finds the references that need a `Box` and the required references that must be loosened.
pub fn cycles(dtos: &BTreeMap<String, &Dto>) -> (Edges, Edges) {
    let edges = |required_only: bool| -> BTreeMap<&str, Vec<&str>> {
        dtos.iter()
            .map(|(n, d)| {
                let to = d
                    .fields
                    .iter()
                    .filter(|f| f.required || !required_only)
                    .filter_map(|f| direct_ref(&f.ty))
                    .filter(|t| dtos.contains_key(*t))
                    .collect();
                (n.as_str(), to)
            })
            .collect()
    };
    (on_cycles(&edges(false)), on_cycles(&edges(true)))
}

/// How many structs may nest inline (a field holding the next struct by value, `Option` included)
/// before a `Box` cuts the chain: rustc's layout and drop checks recurse once per level and stop at
/// the crate's recursion limit (128 by default), so a 200-level chain of DTOs would not compile.
pub const MAX_INLINE_DEPTH: usize = 32;

/// The references `(from, to)`, not already `boxed`, that must be boxed so that no chain of structs
/// nested by value is deeper than [`MAX_INLINE_DEPTH`]. A chain is cut where the struct below is
/// already that deep, so the cuts depend only on the graph, not on the order of the DTOs.
pub fn deep_links(dtos: &BTreeMap<String, &Dto>, boxed: &Edges) -> Edges {
    let mut graph = DiGraphMap::<&str, ()>::new();
    for (from, dto) in dtos {
        graph.add_node(from.as_str());
        for to in dto.fields.iter().filter_map(|f| direct_ref(&f.ty)).filter(|t| dtos.contains_key(*t)) {
            if !boxed.contains(&(from.clone(), to.to_owned())) {
                graph.add_edge(from.as_str(), to, ());
            }
        }
    }
    // Boxed references break every cycle, so the rest is acyclic; if not, nothing is cut here.
    let Ok(order) = petgraph::algo::toposort(&graph, None) else { return Edges::new() };
    let mut depth: HashMap<&str, usize> = HashMap::new();
    let mut cut = Edges::new();
    // Children before parents: each struct's depth is known when its holders are visited.
    for from in order.into_iter().rev() {
        let mut own = 1;
        for to in graph.neighbors(from) {
            let below = depth.get(to).copied().unwrap_or(1);
            if below >= MAX_INLINE_DEPTH {
                cut.insert((from.to_owned(), to.to_owned()));
            } else {
                own = own.max(below + 1);
            }
        }
        depth.insert(from, own);
    }
    cut
}

/// The references `(from, to)` that lie on a cycle: `to` leads back to `from`, that is both
/// are in one strongly connected component (a DTO referring to itself included).
fn on_cycles(edges: &BTreeMap<&str, Vec<&str>>) -> Edges {
    let mut graph = DiGraphMap::<&str, ()>::new();
    for (&from, tos) in edges {
        graph.add_node(from);
        for &to in tos {
            graph.add_edge(from, to, ());
        }
    }
    let mut component = HashMap::new();
    for (k, members) in tarjan_scc(&graph).into_iter().enumerate() {
        component.extend(members.into_iter().map(|n| (n, k)));
    }
    edges
        .iter()
        .flat_map(|(&from, tos)| tos.iter().map(move |&to| (from, to)))
        .filter(|(from, to)| component.get(from) == component.get(to))
        .map(|(from, to)| (from.to_owned(), to.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use docir::ir::{Field, Limits, Localized};

    fn field(name: &str, ty: Type, required: bool) -> Field {
        Field {
            name: name.into(),
            ty,
            required,
            sample: None,
            description: Localized::default(),
            limits: Limits::default(),
            enum_ref: None,
            from: vec![],
        }
    }

    fn dto(name: &str, fields: Vec<Field>) -> Dto {
        Dto { name: name.into(), fields, has_required_column: true, from: vec![] }
    }

    #[test]
    fn chains_deeper_than_the_inline_limit_are_cut_with_a_box() {
        let names: Vec<String> = (0..100).map(|i| format!("L{i:03}")).collect();
        let dtos: Vec<Dto> = (0..100)
            .map(|i| {
                let next = names.get(i + 1).map(|n| field("next", Type::reference(n), true));
                dto(&names[i], next.into_iter().collect())
            })
            .collect();
        let map: BTreeMap<String, &Dto> = dtos.iter().map(|d| (d.name.clone(), d)).collect();
        let cut = deep_links(&map, &Edges::new());
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(x, y)| (x.to_string(), y.to_string())).collect::<Edges>();
        // L099 is depth 1, L068 depth 32: L067 → L068 is the first cut, then every 32 levels.
        assert_eq!(cut, pairs(&[("L067", "L068"), ("L035", "L036"), ("L003", "L004")]));
        // A chain within the limit is left alone.
        let short: BTreeMap<String, &Dto> = dtos[68..].iter().map(|d| (d.name.clone(), d)).collect();
        assert!(deep_links(&short, &Edges::new()).is_empty());
    }

    #[test]
    fn cycles_are_boxed_and_impossible_ones_loosened() {
        let a = dto("A", vec![field("b", Type::reference("B"), true), field("me", Type::reference("A"), false)]);
        let b = dto(
            "B",
            vec![field("a", Type::reference("A"), true), field("list", Type::array(Type::reference("B")), true)],
        );
        let c = dto("C", vec![field("a", Type::reference("A"), true)]);
        let map: BTreeMap<String, &Dto> = [("A".to_string(), &a), ("B".to_string(), &b), ("C".to_string(), &c)].into();
        let (boxed, loosened) = cycles(&map);
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(x, y)| (x.to_string(), y.to_string())).collect::<BTreeSet<_>>();
        assert_eq!(boxed, pairs(&[("A", "B"), ("A", "A"), ("B", "A")]));
        assert_eq!(loosened, pairs(&[("A", "B"), ("B", "A")]));
    }
}

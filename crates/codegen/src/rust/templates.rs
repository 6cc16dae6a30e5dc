//! The templates: built into the library from the repository's `templates/` folder (so the
//! generator works from any directory), optionally replaced file by file from a folder.

use super::RenderError;
use super::context::CrateCtx;
use super::filters;
use std::path::Path;
use tera::{Context, Tera};

/// Built-in templates, by file name.
const BUILT_IN: &[(&str, &str)] = &[
    ("Cargo.toml.tera", include_str!("../../../../templates/Cargo.toml.tera")),
    ("README.md.tera", include_str!("../../../../templates/README.md.tera")),
    ("rustfmt.toml.tera", include_str!("../../../../templates/rustfmt.toml.tera")),
    ("lib.rs.tera", include_str!("../../../../templates/lib.rs.tera")),
    ("error.rs.tera", include_str!("../../../../templates/error.rs.tera")),
    ("runtime.rs.tera", include_str!("../../../../templates/runtime.rs.tera")),
    ("models_mod.rs.tera", include_str!("../../../../templates/models_mod.rs.tera")),
    ("models.rs.tera", include_str!("../../../../templates/models.rs.tera")),
    ("client.rs.tera", include_str!("../../../../templates/client.rs.tera")),
    ("macros.tera", include_str!("../../../../templates/macros.tera")),
];

/// The built-in templates, with each file of `dir` (`*.tera`) replacing the one of that name.
pub fn load(dir: Option<&Path>) -> Result<Tera, RenderError> {
    let mut sources: Vec<(String, String)> = BUILT_IN.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
    if let Some(dir) = dir {
        let err = |message: String| RenderError::TemplateDir { path: dir.to_path_buf(), message };
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| err(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| err(e.to_string()))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".tera") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).map_err(|e| err(format!("{name}: {e}")))?;
            match sources.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name, text)),
            }
        }
    }
    let mut tera = Tera::default();
    // Generated code is not HTML: nothing may be HTML-escaped; the filters escape for Rust.
    tera.autoescape_on(Vec::new());
    filters::register(&mut tera);
    tera.add_raw_templates(sources).map_err(|e| RenderError::Template(chain(&e)))?;
    Ok(tera)
}

/// Renders every file of the crate: `(path, text)`.
pub fn render_all(tera: &Tera, ctx: &CrateCtx) -> Result<Vec<(String, String)>, RenderError> {
    let base = Context::from_serialize(ctx).map_err(|e| RenderError::Template(chain(&e)))?;
    let one = |template: &str, c: &Context| -> Result<String, RenderError> {
        tera.render(template, c).map_err(|e| RenderError::Template(format!("{template}: {}", chain(&e))))
    };
    let mut out = vec![
        ("Cargo.toml".to_string(), one("Cargo.toml.tera", &base)?),
        ("README.md".to_string(), one("README.md.tera", &base)?),
        ("rustfmt.toml".to_string(), one("rustfmt.toml.tera", &base)?),
        ("src/lib.rs".to_string(), one("lib.rs.tera", &base)?),
        ("src/error.rs".to_string(), one("error.rs.tera", &base)?),
        ("src/runtime.rs".to_string(), one("runtime.rs.tera", &base)?),
        ("src/models/mod.rs".to_string(), one("models_mod.rs.tera", &base)?),
    ];
    for f in &ctx.model_files {
        let mut c = base.clone();
        c.insert("file", f);
        out.push((format!("src/models/{}.rs", f.module), one("models.rs.tera", &c)?));
    }
    for client in &ctx.clients {
        let mut c = base.clone();
        c.insert("client", client);
        out.push((format!("src/{}.rs", client.module), one("client.rs.tera", &c)?));
    }
    Ok(out)
}

/// Tera errors keep the useful part (which variable, which line) in their sources.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

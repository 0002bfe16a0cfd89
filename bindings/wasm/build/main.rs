//! Build script of the WebAssembly binding: generates the TypeScript declarations of every
//! wire type the exports take or return, from the Rust sources of fupin-core, fupin-data
//! and this crate, following serde's attributes (`model.rs`). There is no hand-written copy
//! of a type: the declarations are appended to wasm-bindgen's `.d.ts` through a
//! `typescript_custom_section` (see `src/types.rs`).
//!
//! The roots are the type names used in `unchecked_return_type` / `unchecked_param_type`
//! attributes of `src/`; `FooInput` is what deserializing `Foo` accepts. Everything they
//! reference is declared too. Outputs in `OUT_DIR`: `types.d.ts`, and `types.json` (the
//! same types as data, for run-time shape checks in the JS tests).

mod model;
mod render;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::{env, fs};

use model::{Def, Mode, Ty};

const TS_GLOBALS: &[&str] = &[
    "Record", "Array", "Promise", "Map", "Set", "Date", "Error", "Partial", "Readonly",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            // the generated division tables hold data, not types
            if path.file_name().is_some_and(|n| n != "generated") {
                rust_files(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Type names used in the TS type strings of the exports' attributes.
fn roots(sources: &[(String, String)]) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (_, text) in sources {
        for marker in [
            "unchecked_return_type = \"",
            "unchecked_param_type = \"",
            "unchecked_optional_param_type = \"",
        ] {
            for piece in text.split(marker).skip(1) {
                let ts = piece.split('"').next().unwrap_or_default();
                for token in ts.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                    if token.starts_with(|c: char| c.is_ascii_uppercase())
                        && !TS_GLOBALS.contains(&token)
                    {
                        names.insert(token.to_owned());
                    }
                }
            }
        }
    }
    names
}

fn refs(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Ref(n) => out.push(n.clone()),
        Ty::Array(t) | Ty::Record(t) => refs(t, out),
        Ty::Tuple(v) | Ty::Union(v) => v.iter().for_each(|t| refs(t, out)),
        Ty::Object(fields) => fields.iter().for_each(|f| refs(&f.ty, out)),
        Ty::Prim(_) | Ty::Lit(_) => {}
    }
}

/// (declared name, definition, mode) of a name used in TS, if it is a Rust type.
fn lookup<'a>(
    name: &str,
    defs: &'a BTreeMap<String, Vec<Def>>,
) -> Result<Option<(&'a Def, Mode)>, String> {
    let (base, mode) = match name.strip_suffix("Input") {
        Some(base) if !defs.contains_key(name) => (base, Mode::Input),
        _ => (name, Mode::Output),
    };
    match defs.get(base).map(Vec::as_slice) {
        None | Some([]) => Ok(None),
        Some([def]) => Ok(Some((def, mode))),
        Some(many) if many.iter().filter(|d| model::has_serde(&d.item)).count() == 1 => Ok(many
            .iter()
            .find(|d| model::has_serde(&d.item))
            .map(|def| (def, mode))),
        Some(many) => Err(format!(
            "type name `{base}` is defined in several files: {}",
            many.iter()
                .map(|d| d.file.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

#[expect(
    clippy::print_stdout,
    reason = "a build script talks to cargo on stdout"
)]
fn main() -> Result<(), String> {
    let here = PathBuf::from(env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let repo = here.join("../..");
    let mut dirs = vec![here.join("src"), repo.join("crates/fupin-core/src")];
    if env::var_os("CARGO_FEATURE_REGIONS").is_some() {
        dirs.push(repo.join("crates/fupin-data/src"));
    }
    let mut files = Vec::new();
    for dir in &dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        rust_files(dir, &mut files)?;
    }
    files.sort();
    let mut sources = Vec::new();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let text = fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
        sources.push((f.display().to_string(), text));
    }
    let defs = model::collect(&sources)?;
    let own: Vec<(String, String)> = sources
        .iter()
        .filter(|(p, _)| Path::new(p).starts_with(here.join("src")))
        .cloned()
        .collect();

    let mut todo: Vec<String> = roots(&own).into_iter().collect();
    let mut done: BTreeMap<String, (String, Ty)> = BTreeMap::new();
    while let Some(name) = todo.pop() {
        if done.contains_key(&name) {
            continue;
        }
        let Some((def, mode)) = lookup(&name, &defs)? else {
            continue;
        };
        let ty = model::def_ty(def, mode).map_err(|e| format!("{name}: {e}"))?;
        let mut next = Vec::new();
        refs(&ty, &mut next);
        todo.extend(next);
        let attrs = match &def.item {
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            _ => continue,
        };
        let mut doc = model::doc(attrs);
        if mode == Mode::Input {
            let base = name.strip_suffix("Input").unwrap_or(&name);
            doc = format!("What reading `{base}` accepts.\n\n{doc}");
        }
        done.insert(name, (doc, ty));
    }

    let mut ts = String::from(
        "// Generated by bindings/wasm/build/main.rs from the Rust types (serde wire format).\n",
    );
    let mut schema = serde_json::Map::new();
    for (name, (doc, ty)) in &done {
        ts.push('\n');
        ts.push_str(&render::declaration(name, doc, ty));
        schema.insert(name.clone(), render::json(ty));
    }
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    fs::write(out.join("types.d.ts"), ts).map_err(|e| e.to_string())?;
    let json = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    fs::write(out.join("types.json"), json).map_err(|e| e.to_string())?;
    Ok(())
}

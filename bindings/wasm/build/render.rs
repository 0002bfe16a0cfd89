//! Writes the type model as TypeScript declarations and as a JSON description of the same
//! types (for the JS tests' run-time shape checks).

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::model::{Field, Ty};

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn key(name: &str) -> String {
    if is_ident(name) {
        name.to_owned()
    } else {
        Value::from(name).to_string()
    }
}

fn jsdoc(doc: &str, indent: &str) -> String {
    if doc.is_empty() {
        return String::new();
    }
    let body = doc.replace("*/", "*\\/");
    let mut out = format!("{indent}/**\n");
    for line in body.lines() {
        let _ = writeln!(out, "{indent} * {line}");
    }
    let _ = writeln!(out, "{indent} */");
    out
}

/// A type as TS source.
pub(crate) fn ts(ty: &Ty) -> String {
    match ty {
        Ty::Prim(p) => (*p).to_owned(),
        Ty::Lit(s) => Value::from(s.as_str()).to_string(),
        Ty::Ref(n) => n.clone(),
        Ty::Array(t) => match **t {
            Ty::Union(_) => format!("({})[]", ts(t)),
            _ => format!("{}[]", ts(t)),
        },
        Ty::Record(t) => format!("Record<string, {}>", ts(t)),
        Ty::Tuple(ts_) => format!("[{}]", ts_.iter().map(ts).collect::<Vec<_>>().join(", ")),
        Ty::Union(arms) => arms.iter().map(ts).collect::<Vec<_>>().join(" | "),
        Ty::Object(fields) => {
            let inner: Vec<String> = fields
                .iter()
                .map(|f| {
                    format!(
                        "{}{}: {}",
                        key(&f.name),
                        if f.optional { "?" } else { "" },
                        ts(&f.ty)
                    )
                })
                .collect();
            format!("{{ {} }}", inner.join("; "))
        }
    }
}

fn interface(name: &str, fields: &[Field]) -> String {
    let mut out = format!("export interface {name} {{\n");
    for f in fields {
        out.push_str(&jsdoc(&f.doc, "  "));
        let _ = writeln!(
            out,
            "  {}{}: {};",
            key(&f.name),
            if f.optional { "?" } else { "" },
            ts(&f.ty)
        );
    }
    out.push_str("}\n");
    out
}

/// One declaration with its doc comment.
pub(crate) fn declaration(name: &str, doc: &str, ty: &Ty) -> String {
    let mut out = jsdoc(doc, "");
    match ty {
        Ty::Object(fields) => out.push_str(&interface(name, fields)),
        other => {
            let _ = writeln!(out, "export type {name} = {};", ts(other));
        }
    }
    out
}

/// A type as JSON: `{"kind": "string"}`, `{"kind": "ref", "name": …}`, `{"kind": "object",
/// "fields": {name: {"type": …, "optional": bool}}}` …
pub(crate) fn json(ty: &Ty) -> Value {
    match ty {
        Ty::Prim(p) => json!({ "kind": p }),
        Ty::Lit(s) => json!({ "kind": "literal", "value": s }),
        Ty::Ref(n) => json!({ "kind": "ref", "name": n }),
        Ty::Array(t) => json!({ "kind": "array", "of": json(t) }),
        Ty::Record(t) => json!({ "kind": "record", "of": json(t) }),
        Ty::Tuple(ts_) => {
            json!({ "kind": "tuple", "of": ts_.iter().map(json).collect::<Vec<_>>() })
        }
        Ty::Union(arms) => {
            json!({ "kind": "union", "of": arms.iter().map(json).collect::<Vec<_>>() })
        }
        Ty::Object(fields) => {
            let mut m = Map::new();
            for f in fields {
                m.insert(
                    f.name.clone(),
                    json!({ "type": json(&f.ty), "optional": f.optional }),
                );
            }
            json!({ "kind": "object", "fields": m })
        }
    }
}

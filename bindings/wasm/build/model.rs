//! Reads the serde-visible shape of Rust types from their source (with `syn`), following
//! serde's attributes, into a small type model that `render.rs` writes as TypeScript and
//! as a JSON description for run-time shape checks.
//!
//! Only the attribute forms used in fupin are understood; anything else (`flatten`,
//! `untagged`, an unknown `rename_all` …) stops the build rather than produce a declaration
//! that lies.

use std::collections::BTreeMap;

use syn::{Attribute, Fields, GenericArgument, Item, PathArguments, Type};

/// A TypeScript type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ty {
    /// `string`, `number`, `boolean`, `null` or `unknown`.
    Prim(&'static str),
    /// A string literal type.
    Lit(String),
    /// Another declared type, by name (`Foo` or `FooInput`).
    Ref(String),
    /// `T[]`.
    Array(Box<Ty>),
    /// `Record<string, T>`.
    Record(Box<Ty>),
    /// `[A, B]`.
    Tuple(Vec<Ty>),
    /// `A | B`.
    Union(Vec<Ty>),
    /// An object type.
    Object(Vec<Field>),
}

/// One property of an object type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) ty: Ty,
    pub(crate) optional: bool,
    pub(crate) doc: String,
}

/// Whether a shape is what serialization writes (`Foo`) or what deserialization accepts
/// (`FooInput`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Output,
    Input,
}

/// A named type found in the sources.
#[derive(Debug, Clone)]
pub(crate) struct Def {
    pub(crate) item: Item,
    pub(crate) file: String,
}

/// Types whose serde form is hand-written (custom `Serialize`/`Deserialize` impls) or
/// external: (name, output TS, input TS). A reachable type with neither a derive nor an entry
/// here stops the build.
pub(crate) const LEAVES: &[(&str, &str, &str)] = &[
    ("NaiveDate", "string", "string"),
    ("Uuid", "string", "string"),
    ("Value", "unknown", "unknown"),
    ("RegionCode", "string", "string | number"),
    ("Yuan", "number", "number | string"),
    ("Path", "string", "string"),
    ("IdNumber", "string", "string"),
    ("HelperId", "string", "string"),
    ("PairingId", "string", "string"),
    ("Vintage", "string", "string"),
    ("Counts", "Record<string, number>", "Record<string, number>"),
    ("UnitValue", "number | boolean", "number | boolean"),
    (
        "UnitValues",
        "Record<string, number | boolean>",
        "Record<string, number | boolean>",
    ),
];

/// Types whose `Serialize` is derived but whose `Deserialize` is hand-written and more lenient
/// (e.g. causes accept Chinese labels and aliases): their input form is this.
pub(crate) const LENIENT_INPUT: &[(&str, &str)] = &[("Cause", "string")];

fn leaf(name: &str, mode: Mode) -> Option<Ty> {
    if mode == Mode::Input
        && let Some((_, ts)) = LENIENT_INPUT.iter().find(|(n, _)| *n == name)
    {
        return Some(parse_simple(ts));
    }
    LEAVES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, out, inp)| parse_simple(if mode == Mode::Output { out } else { inp }))
}

/// Reads the few TS forms the leaf table uses: primitives, `A | B`, `Record<string, T>`.
fn parse_simple(ts: &str) -> Ty {
    // a record first: its value type may be a union itself
    if let Some(inner) = ts
        .strip_prefix("Record<string, ")
        .and_then(|r| r.strip_suffix('>'))
    {
        return Ty::Record(Box::new(parse_simple(inner)));
    }
    let arms: Vec<&str> = ts.split(" | ").collect();
    if arms.len() > 1 {
        return Ty::Union(arms.into_iter().map(parse_simple).collect());
    }
    Ty::Prim(match ts {
        "string" => "string",
        "number" => "number",
        "boolean" => "boolean",
        "null" => "null",
        _ => "unknown",
    })
}

/// The serde attributes of an item, field or variant.
#[derive(Debug, Default)]
struct Serde {
    rename_all: Option<String>,
    rename: Option<String>,
    default: bool,
    skip_if: bool,
    skip: bool,
    transparent: bool,
    tag: Option<String>,
    try_from: Option<String>,
}

fn serde_attrs(attrs: &[Attribute]) -> Result<Serde, String> {
    let mut s = Serde::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|m| {
            let key = m
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let value = || -> syn::Result<String> {
                let lit: syn::LitStr = m.value()?.parse()?;
                Ok(lit.value())
            };
            match key.as_str() {
                "rename_all" => s.rename_all = Some(value()?),
                "rename" => s.rename = Some(value()?),
                "tag" => s.tag = Some(value()?),
                "try_from" | "from" => s.try_from = Some(value()?),
                "into" => {
                    value()?;
                }
                "skip_serializing_if" => {
                    value()?;
                    s.skip_if = true;
                }
                "default" => {
                    if m.input.peek(syn::Token![=]) {
                        value()?;
                    }
                    s.default = true;
                }
                "skip" => s.skip = true,
                "transparent" => s.transparent = true,
                "deny_unknown_fields" => {}
                other => return Err(m.error(format!("serde attribute `{other}` not supported"))),
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?;
    }
    Ok(s)
}

fn derives(attrs: &[Attribute], which: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            let mut found = false;
            let _ = a.parse_nested_meta(|m| {
                if m.path.segments.last().is_some_and(|s| s.ident == which) {
                    found = true;
                }
                Ok(())
            });
            found
        })
}

/// The `///` lines of an item, joined.
pub(crate) fn doc(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &a.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
        {
            let line = s.value().trim().to_owned();
            if line.starts_with("```") {
                break; // examples are Rust, not for the declarations
            }
            lines.push(line);
        }
    }
    lines.join("\n").trim().to_owned()
}

fn rename(name: &str, rule: Option<&str>) -> Result<String, String> {
    match rule {
        None => Ok(name.to_owned()),
        Some("snake_case") => {
            let mut out = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_uppercase() {
                    if i > 0 {
                        out.push('_');
                    }
                    out.extend(c.to_lowercase());
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        }
        Some("lowercase") => Ok(name.to_lowercase()),
        Some(other) => Err(format!("rename_all = \"{other}\" not supported")),
    }
}

/// The TS type of a Rust type.
pub(crate) fn ty_of(ty: &Type, mode: Mode) -> Result<Ty, String> {
    match ty {
        Type::Reference(r) => ty_of(&r.elem, mode),
        Type::Slice(s) => Ok(Ty::Array(Box::new(ty_of(&s.elem, mode)?))),
        Type::Array(a) => Ok(Ty::Array(Box::new(ty_of(&a.elem, mode)?))),
        Type::Tuple(t) if t.elems.is_empty() => Ok(Ty::Prim("null")),
        Type::Tuple(t) => Ok(Ty::Tuple(
            t.elems
                .iter()
                .map(|e| ty_of(e, mode))
                .collect::<Result<_, _>>()?,
        )),
        Type::Path(p) => {
            let seg = p
                .path
                .segments
                .last()
                .ok_or_else(|| "empty type path".to_owned())?;
            let name = seg.ident.to_string();
            let args: Vec<&Type> = match &seg.arguments {
                PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let arg = |i: usize| -> Result<Ty, String> {
                args.get(i)
                    .ok_or_else(|| format!("`{name}` without type argument"))
                    .and_then(|t| ty_of(t, mode))
            };
            Ok(match name.as_str() {
                "Option" => Ty::Union(vec![arg(0)?, Ty::Prim("null")]),
                "Vec" | "BTreeSet" | "HashSet" | "VecDeque" => Ty::Array(Box::new(arg(0)?)),
                "BTreeMap" | "HashMap" => Ty::Record(Box::new(arg(1)?)),
                "Box" | "Arc" | "Rc" | "Cow" => arg(0)?,
                "String" | "str" | "char" => Ty::Prim("string"),
                "bool" => Ty::Prim("boolean"),
                "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
                | "f32" | "f64" => Ty::Prim("number"),
                _ => leaf(&name, mode).unwrap_or_else(|| match mode {
                    Mode::Output => Ty::Ref(name),
                    Mode::Input => Ty::Ref(format!("{name}Input")),
                }),
            })
        }
        other => Err(format!("type form not supported: {other:?}")),
    }
}

fn fields_of(fields: &Fields, rule: Option<&str>, mode: Mode) -> Result<Vec<Field>, String> {
    let mut out = Vec::new();
    for f in fields {
        let attrs = serde_attrs(&f.attrs)?;
        if attrs.skip {
            continue;
        }
        let ident = f
            .ident
            .as_ref()
            .ok_or_else(|| "tuple fields in an object".to_owned())?;
        let name = match attrs.rename {
            Some(r) => r,
            None => rename(&ident.to_string(), rule)?,
        };
        let mut ty = ty_of(&f.ty, mode)?;
        let is_option = matches!(&ty, Ty::Union(v) if v.last() == Some(&Ty::Prim("null")));
        let optional = match mode {
            Mode::Output => attrs.skip_if,
            Mode::Input => attrs.default || is_option,
        };
        if mode == Mode::Output
            && attrs.skip_if
            && let Ty::Union(v) = &mut ty
        {
            // skipped when `None`: absent, never `null`
            v.retain(|t| *t != Ty::Prim("null"));
            if v.len() == 1
                && let Some(t) = v.pop()
            {
                ty = t;
            }
        }
        out.push(Field {
            name,
            ty,
            optional,
            doc: doc(&f.attrs),
        });
    }
    Ok(out)
}

/// The TS type of a named item.
pub(crate) fn def_ty(def: &Def, mode: Mode) -> Result<Ty, String> {
    let (attrs, name) = match &def.item {
        Item::Struct(s) => (&s.attrs, s.ident.to_string()),
        Item::Enum(e) => (&e.attrs, e.ident.to_string()),
        _ => return Err("not a struct or enum".to_owned()),
    };
    let need = if mode == Mode::Output {
        "Serialize"
    } else {
        "Deserialize"
    };
    if !derives(attrs, need) {
        return Err(format!(
            "`{name}` ({}) does not derive {need} and has no entry in LEAVES",
            def.file
        ));
    }
    let s = serde_attrs(attrs)?;
    if let Some(t) = &s.try_from {
        return ty_of(&syn::parse_str::<Type>(t).map_err(|e| e.to_string())?, mode);
    }
    match &def.item {
        Item::Struct(st) => match &st.fields {
            Fields::Named(_) if s.transparent => {
                let f = st.fields.iter().next().ok_or("empty transparent struct")?;
                ty_of(&f.ty, mode)
            }
            Fields::Named(_) => Ok(Ty::Object(fields_of(
                &st.fields,
                s.rename_all.as_deref(),
                mode,
            )?)),
            Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                let f = u.unnamed.iter().next().ok_or("empty newtype")?;
                ty_of(&f.ty, mode)
            }
            Fields::Unnamed(u) => Ok(Ty::Tuple(
                u.unnamed
                    .iter()
                    .map(|f| ty_of(&f.ty, mode))
                    .collect::<Result<_, _>>()?,
            )),
            Fields::Unit => Ok(Ty::Prim("null")),
        },
        Item::Enum(en) => {
            let mut arms = Vec::new();
            for v in &en.variants {
                let va = serde_attrs(&v.attrs)?;
                if va.skip {
                    continue;
                }
                let key = match va.rename {
                    Some(r) => r,
                    None => rename(&v.ident.to_string(), s.rename_all.as_deref())?,
                };
                let field_rule = va.rename_all.as_deref();
                arms.push(match (&s.tag, &v.fields) {
                    (None, Fields::Unit) => Ty::Lit(key),
                    (None, Fields::Unnamed(u)) if u.unnamed.len() == 1 => {
                        let f = u.unnamed.iter().next().ok_or("empty variant")?;
                        Ty::Object(vec![Field {
                            name: key,
                            ty: ty_of(&f.ty, mode)?,
                            optional: false,
                            doc: doc(&v.attrs),
                        }])
                    }
                    (None, Fields::Named(_)) => Ty::Object(vec![Field {
                        name: key,
                        ty: Ty::Object(fields_of(&v.fields, field_rule, mode)?),
                        optional: false,
                        doc: doc(&v.attrs),
                    }]),
                    (Some(tag), Fields::Unit) => Ty::Object(vec![tag_field(tag, key)]),
                    (Some(tag), Fields::Named(_)) => {
                        let mut fs = vec![tag_field(tag, key)];
                        fs.extend(fields_of(&v.fields, field_rule, mode)?);
                        Ty::Object(fs)
                    }
                    _ => return Err(format!("variant form of `{name}::{}`", v.ident)),
                });
            }
            Ok(Ty::Union(arms))
        }
        _ => Err("not a struct or enum".to_owned()),
    }
}

fn tag_field(tag: &str, key: String) -> Field {
    Field {
        name: tag.to_owned(),
        ty: Ty::Lit(key),
        optional: false,
        doc: String::new(),
    }
}

/// Every public struct and enum of the files, by name; a name defined twice maps to all
/// its definitions (an ambiguity is an error only when the name is used).
pub(crate) fn collect(files: &[(String, String)]) -> Result<BTreeMap<String, Vec<Def>>, String> {
    let mut defs: BTreeMap<String, Vec<Def>> = BTreeMap::new();
    for (path, text) in files {
        let parsed = syn::parse_file(text).map_err(|e| format!("{path}: {e}"))?;
        let mut stack: Vec<Item> = parsed.items;
        while let Some(item) = stack.pop() {
            let (name, public) = match &item {
                Item::Struct(s) => (s.ident.to_string(), is_pub(&s.vis)),
                Item::Enum(e) => (e.ident.to_string(), is_pub(&e.vis)),
                Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        stack.extend(items.iter().cloned());
                    }
                    continue;
                }
                _ => continue,
            };
            if public {
                defs.entry(name).or_default().push(Def {
                    item,
                    file: path.clone(),
                });
            }
        }
    }
    Ok(defs)
}

/// Whether a type has a serde form of its own (a derived `Serialize` or `Deserialize`): of
/// two public types of one name, the one without is not a wire type (say the core's borrowed
/// `Assessment` beside the binding's plain object).
pub(crate) fn has_serde(item: &Item) -> bool {
    let attrs = match item {
        Item::Struct(s) => &s.attrs,
        Item::Enum(e) => &e.attrs,
        _ => return false,
    };
    derives(attrs, "Serialize") || derives(attrs, "Deserialize")
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

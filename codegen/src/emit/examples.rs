//! A request body example ([`Construct`], decided by the model) → the Rust statement that builds
//! it, formatted, for the method's documentation. Text from the document only ever becomes
//! string literals (escaped, without backticks, so it cannot end the code block).

use crate::model::{Construct, Ty};
use std::collections::BTreeSet;

/// `let body = …;` as formatted lines, the types it names, and whether it parses text (`?` on
/// a parse error needs a boxed error).
pub struct BodyExample {
    pub lines: Vec<String>,
    pub types: BTreeSet<String>,
    pub parses: bool,
}

pub fn body_example(construct: &Construct, body_ty: &Ty, krate: &str) -> Option<BodyExample> {
    let mut printer = Printer {
        krate,
        types: BTreeSet::new(),
        parses: false,
    };
    let expr = printer.expr(construct, body_ty.takes_into());
    let code = format!("fn example() {{ let body = {expr}; }}");
    let file: syn::File = syn::parse_str(&code).ok()?;
    let formatted = prettyplease::unparse(&file);
    let lines: Vec<String> = formatted
        .lines()
        .skip(1)
        .take_while(|line| *line != "}")
        .map(|line| line.strip_prefix("    ").unwrap_or(line).to_owned())
        .collect();
    Some(BodyExample {
        lines,
        types: printer.types,
        parses: printer.parses,
    })
}

struct Printer<'a> {
    krate: &'a str,
    types: BTreeSet<String>,
    parses: bool,
}

impl Printer<'_> {
    /// The expression for `construct`; `into` where the place takes `impl Into<…>`, so that a
    /// string literal converts by itself.
    fn expr(&mut self, construct: &Construct, into: bool) -> String {
        match construct {
            Construct::Str(text) if into => literal(text),
            Construct::Str(text) => format!("{}.to_owned()", literal(text)),
            Construct::Literal(text) => text.clone(),
            Construct::Parse(ty, text) => {
                self.parses = true;
                format!("{}.parse::<{}>()?", literal(text), self.ty(ty))
            }
            Construct::New(name, value) => {
                let value = self.expr(value, false);
                format!("{}::new({value})", self.name(name))
            }
            Construct::FromStr(name, text) if into => literal(text),
            Construct::FromStr(name, text) => format!("{}::from({})", self.name(name), literal(text)),
            Construct::Variant(name, variant) => format!("{}::{variant}", self.name(name)),
            Construct::Wrap(name, variant, value) => {
                let value = self.expr(value, false);
                format!("{}::{variant}({value})", self.name(name))
            }
            Construct::Struct {
                name,
                arguments,
                setters,
            } => {
                let arguments: Vec<String> = arguments.iter().map(|a| self.expr(a, true)).collect();
                let mut code = if arguments.is_empty() {
                    format!("{}::default()", self.name(name))
                } else {
                    format!("{}::new({})", self.name(name), arguments.join(", "))
                };
                for (setter, value) in setters {
                    let value = self.expr(value, true);
                    code.push_str(&format!(".{}({value})", crate::emit::ident(setter)));
                }
                code
            }
            Construct::List(items) => {
                let items: Vec<String> = items.iter().map(|i| self.expr(i, false)).collect();
                format!("vec![{}]", items.join(", "))
            }
            Construct::Map(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("({}, {})", self.expr(k, false), self.expr(v, false)))
                    .collect();
                format!("std::collections::BTreeMap::from([{}])", entries.join(", "))
            }
            Construct::Some(value) => format!("Some({})", self.expr(value, false)),
            Construct::None => "None".into(),
        }
    }

    fn name(&mut self, name: &str) -> String {
        self.types.insert(name.to_owned());
        name.to_owned()
    }

    fn ty(&mut self, ty: &Ty) -> String {
        match ty {
            Ty::Named(name) => self.name(name),
            other => other.outside(self.krate),
        }
    }
}

/// A Rust string literal for `text`, with backticks escaped.
fn literal(text: &str) -> String {
    format!("{text:?}").replace('`', "\\u{60}")
}

//! Rust names for things named by the document: types, fields, variants, methods.
//! Every function is deterministic and total: any input string gives a valid identifier.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

/// Words Rust reserves (strict and reserved keywords, 2021 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers (`r#self` is invalid).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names the runtime of the generated crate uses inside `types`; a schema may not take them.
/// So are the names of Rust's prelude: generated code names them bare (`impl From<…>`,
/// `impl Into<…>`, `Option<…>`), and a type of that name would shadow them.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "DateTime",
    "Uuid",
    "Value",
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Hash",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Names a group (tag) may not take: `mod` would be the file `api/mod.rs`, and the others are
/// methods `Client` has of its own (a group's accessor would clash with them).
const RESERVED_GROUP_NAMES: &[&str] = &["mod", "new", "from_env", "builder", "base_url", "clone"];

/// The variant of an open enum or union that keeps values this version does not know.
pub const UNKNOWN: &str = "Unknown";

/// Field and method names a request builder has of its own: parameters yield them.
pub const REQUEST_BUILDER_NAMES: &[&str] = &[
    "client",
    "options",
    "body",
    "set_body",
    "send",
    "send_with_response",
    "into_stream",
    "timeout",
    "retry",
    "header",
];

/// Method names a generated struct has besides its setters (`new` even where every field is
/// optional today, so that a required field added later does not rename a setter).
pub const STRUCT_METHODS: &[&str] = &["new"];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

pub fn needs_raw(word: &str) -> bool {
    is_keyword(word) && !NOT_RAW.contains(&word)
}

/// Keeps only ASCII letters and digits, turning everything else into word breaks (so that
/// `Ägent_ñ` becomes `Gent`, never an identifier that starts in lower case).
fn words_only(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn ascii_identifier(text: String, fallback: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if out.is_empty() {
        out = fallback.to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, fallback);
    }
    out
}

/// `Map_ConversationChannel_Int` → `MapConversationChannelInt`.
pub fn type_name(text: &str) -> String {
    let name = ascii_identifier(words_only(text).to_upper_camel_case(), "Type");
    if NOT_RAW.contains(&name.as_str()) || RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// An enum variant for a wire value: `PSTN_PHONE` → `PstnPhone`, `""` → `Empty`.
pub fn variant_name(text: &str) -> String {
    if text.is_empty() {
        return "Empty".into();
    }
    let name = ascii_identifier(words_only(text).to_upper_camel_case(), "V");
    if name == "Self" {
        "SelfValue".into()
    } else {
        name
    }
}

/// A field or method name: `createdAt` → `created_at`, `_type` → `type` (emitted as `r#type`).
pub fn snake_name(text: &str) -> String {
    let name = ascii_identifier(words_only(text).to_snake_case(), "n");
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A group's module and accessor name (`End Users` → `end_users`), never one the crate uses
/// itself (`mod` → `mod_api`).
pub fn group_name(title: &str) -> String {
    let name = snake_name(title);
    if RESERVED_GROUP_NAMES.contains(&name.as_str()) {
        format!("{name}_api")
    } else {
        name
    }
}

/// The words of an UpperCamelCase name: `ChatConversation` → `[Chat, Conversation]`.
pub fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        let starts_word = c.is_uppercase()
            || (c.is_ascii_digit() && !words.last().is_some_and(|w| w.ends_with(|p: char| p.is_ascii_digit())));
        match words.last_mut() {
            Some(word) if !starts_word => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}

/// A plural field name's singular, for naming the items of a list: `roles` → `role`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") || !word.ends_with('s') {
        word.to_owned()
    } else {
        word[..word.len() - 1].to_owned()
    }
}

/// Picks `base`, or `base2`, `base3`, … whichever `taken` does not hold yet (`V2`, `V3`, …
/// after a type name that ends in a digit, so that `Queue1` does not become `Queue12`; `_2`
/// after a snake_case one: GitHub's `+1` and `-1` are `n1` and `n1_2`).
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    let separator = match (
        base.ends_with(|c: char| c.is_ascii_digit()),
        base.starts_with(char::is_uppercase),
    ) {
        (false, _) => "",
        (true, true) => "V",
        (true, false) => "_",
    };
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|name| !taken(name))
        .expect("an unused name exists")
}

/// The type names an earlier generation published (`Config::published_names`), for the places
/// of the document that still exist: a derived type asks for its own place's name first, and no
/// other type takes a name whose place is still there.
#[derive(Debug, Default)]
pub struct Published {
    by_pointer: BTreeMap<String, String>,
    reserved: BTreeSet<String>,
}

impl Published {
    /// Keeps the names that are type names as this generator writes them (the file is read from
    /// the output folder: anything else is ignored) and whose place `document` still has.
    pub fn new(names: &BTreeMap<String, String>, document: &serde_json::Value) -> Self {
        let by_pointer: BTreeMap<String, String> = names
            .iter()
            .filter(|(pointer, name)| type_name(name) == **name && document.pointer(pointer).is_some())
            .map(|(pointer, name)| (pointer.clone(), name.clone()))
            .collect();
        let reserved = by_pointer.values().cloned().collect();
        Published { by_pointer, reserved }
    }

    /// The name published for the type at `pointer`.
    pub fn at(&self, pointer: &str) -> Option<&str> {
        self.by_pointer.get(pointer).map(String::as_str)
    }

    /// Whether `name` belongs to a type whose place is still in the document.
    pub fn holds(&self, name: &str) -> bool {
        self.reserved.contains(name)
    }
}

/// Setter names for a type's fields or a request's parameters (given as snake_case names): each
/// keeps its name where both it and its `set_` form are free of `reserved` and of the names
/// before it, else gets `_{suffix}` (`timeout` → `timeout_param`), else a number.
pub fn setter_names<'n>(names: impl IntoIterator<Item = &'n str>, reserved: &[&str], suffix: &str) -> Vec<String> {
    let mut taken: Vec<String> = reserved.iter().map(|r| r.to_string()).collect();
    let mut out = Vec::new();
    for name in names {
        let free = |n: &str| !taken.iter().any(|t| t == n || *t == format!("set_{n}"));
        let name = if free(name) {
            name.to_owned()
        } else {
            unique(&format!("{name}_{suffix}"), |n| !free(n))
        };
        taken.push(format!("set_{name}"));
        taken.push(name.clone());
        out.push(name);
    }
    out
}

/// Joins two name parts without repeating the words where they meet:
/// `ConversationRating` + `RatingType` → `ConversationRatingType`.
pub fn join_without_stutter(owner: &str, name: &str) -> String {
    let owner_words = camel_words(owner);
    let name_words = camel_words(name);
    let overlap = (1..=owner_words.len().min(name_words.len()))
        .rev()
        .find(|&n| owner_words[owner_words.len() - n..] == name_words[..n])
        .unwrap_or(0);
    format!("{}{}", owner, name_words[overlap..].concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_keep_their_case() {
        let taken = |n: &str| ["Queue1", "list", "n1", "Agent"].contains(&n);
        assert_eq!(unique("Queue1", taken), "Queue1V2");
        assert_eq!(unique("Agent", taken), "Agent2");
        assert_eq!(unique("list", taken), "list2");
        assert_eq!(unique("n1", taken), "n1_2");
        assert_eq!(unique("free", taken), "free");
    }

    #[test]
    fn names_are_identifiers() {
        assert_eq!(type_name("Map_ConversationChannel_Int"), "MapConversationChannelInt");
        assert_eq!(
            type_name("BulkActionSuccess_BulkError_UUID"),
            "BulkActionSuccessBulkErrorUuid"
        );
        assert_eq!(type_name("Team1"), "Team1");
        assert_eq!(type_name("1st"), "Type1st");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name("From"), "FromType");
        assert_eq!(type_name("into"), "IntoType");
        assert_eq!(group_name("mod"), "mod_api");
        assert_eq!(group_name("New"), "new_api");
        assert_eq!(group_name("End Users"), "end_users");
        assert_eq!(snake_name("createdAt"), "created_at");
        assert_eq!(snake_name("_type"), "type");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("ünïcode név"), "n_code_n_v");
        assert_eq!(type_name("Ägent_ñ"), "Gent");
        assert_eq!(variant_name("PSTN_PHONE"), "PstnPhone");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("4xx"), "V4xx");
    }

    #[test]
    fn words_and_joins() {
        assert_eq!(camel_words("ChatConversation"), ["Chat", "Conversation"]);
        assert_eq!(
            join_without_stutter("ConversationRating", "RatingType"),
            "ConversationRatingType"
        );
        assert_eq!(join_without_stutter("Tag", "State"), "TagState");
        assert_eq!(singular("roles"), "role");
        assert_eq!(singular("activities"), "activity");
        assert_eq!(singular("status"), "status");
    }

    #[test]
    fn setters_avoid_reserved_and_each_other() {
        let names = |fields: &[&str]| setter_names(fields.iter().copied(), STRUCT_METHODS, "field");
        assert_eq!(names(&["id", "new", "name"]), ["id", "new_field", "name"]);
        // `set_name` is the second setter of `name`.
        assert_eq!(names(&["name", "set_name"]), ["name", "set_name_field"]);
        let params = setter_names(["timeout", "page_key"], REQUEST_BUILDER_NAMES, "param");
        assert_eq!(params, ["timeout_param", "page_key"]);
    }
}

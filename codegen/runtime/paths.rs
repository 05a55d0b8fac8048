//! Field paths through unions: a union decodes its member on its own, so the member's path is
//! carried in the error message and joined to the path of the union here.

/// Marks a member's own field path inside an error message, so that the path of a field inside
/// a union member joins the path to the union (`data[3]` + `createdAt` → `data[3].createdAt`).
pub(crate) const PATH_MARK: char = '\u{1f}';

/// Splits a decode error's message into the path inside unions and the message proper.
pub(crate) fn join_path(outer: &str, message: &str) -> (String, String) {
    let mut path = if outer == "." { String::new() } else { outer.to_owned() };
    let mut rest = message;
    while let Some(marked) = rest.strip_prefix(PATH_MARK) {
        let Some((inner, tail)) = marked.split_once(PATH_MARK) else { break };
        if !path.is_empty() && !inner.starts_with('[') {
            path.push('.');
        }
        path.push_str(inner);
        rest = tail;
    }
    if path.is_empty() {
        path.push('.');
    }
    (path, rest.to_owned())
}

//! Paths → operations, as methods of the model's `Builder`: each operation's parameters, body
//! and responses typed (`operation`), its path template parsed, its pagination detected, and a
//! method name within its group (first tag).

use super::api::{Body, Encoding, FormPart, Operation, Pagination, Param, PathPart, Response, Style, Ty, TypeKind};
use super::builder::Builder;
use super::names::{group_name, setter_names, singular, snake_name, type_name, unique, REQUEST_BUILDER_NAMES};
use crate::load::{escape_token, walk};
use heck::ToUpperCamelCase;
use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, StatusCode};
use std::collections::{BTreeMap, HashMap, HashSet};

/// An operation's parameters, split by where they go.
#[derive(Default)]
struct Params {
    path: Vec<Param>,
    query: Vec<Param>,
    header: Vec<Param>,
}

impl Builder<'_> {
    /// Every operation of the document, named, sorted by group and name.
    pub fn operations(&mut self) -> Vec<Operation> {
        let mut operations: Vec<Operation> = Vec::new();
        for (path, method, op) in walk::operations(self.openapi) {
            operations.push(self.operation(path, method, op));
        }
        self.name_methods(&mut operations);
        self.mark_not_repeatable(&mut operations);
        operations.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
        operations
    }

    fn operation(&mut self, path: &str, method: &str, op: &openapiv3::Operation) -> Operation {
        let pointer = format!("/paths/{}/{method}", escape_token(path));
        let operation_id = op.operation_id.clone().unwrap_or_else(|| {
            self.warn(&pointer, "no operationId; one was derived from the method and path");
            format!("{method}{}", type_name(path))
        });
        let group_title = op.tags.first().cloned().unwrap_or_else(|| "Default".into());
        let group = group_name(&group_title);
        let hint = type_name(&operation_id);
        let params = self.parameters(path, op, &hint, &pointer);
        let body = self.body(op, &hint, &pointer);
        let (success, errors) = self.responses(op, &hint, &pointer);
        let mut operation = Operation {
            operation_id,
            method: method.to_uppercase(),
            path: path.to_owned(),
            path_parts: path_parts(path, &params.path),
            handle: type_name(&group),
            group,
            group_title,
            name: String::new(),
            builder: String::new(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            path_params: params.path,
            query_params: params.query,
            header_params: params.header,
            body,
            success,
            errors,
            upgrade: op.responses.responses.contains_key(&StatusCode::Code(101)),
            pagination: None,
            not_repeatable: None,
        };
        operation.pagination = self.pagination(&operation);
        operation
    }

    /// The operation's own parameters and those of its path it does not override, typed and
    /// named; path parameters in the order they appear in the path.
    fn parameters(&mut self, path: &str, op: &openapiv3::Operation, hint: &str, pointer: &str) -> Params {
        let openapi = self.openapi;
        let name_of = |p| walk::parameter(openapi, p).map(|p| p.parameter_data_ref().name.clone());
        let mut parameters: Vec<&ReferenceOr<Parameter>> = op.parameters.iter().collect();
        for shared in walk::path_parameters(openapi, path) {
            if !op.parameters.iter().any(|own| name_of(own) == name_of(shared)) {
                parameters.push(shared);
            }
        }
        let mut params = Params::default();
        for (i, parameter) in parameters.into_iter().enumerate() {
            let at = format!("{pointer}/parameters/{i}");
            let Some(parameter) = walk::parameter(openapi, parameter) else {
                self.warn(at, "parameter reference does not resolve to a parameter; skipped");
                continue;
            };
            let data = parameter.parameter_data_ref();
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => self.resolve(
                    schema,
                    &format!("{hint}{}", data.name.to_upper_camel_case()),
                    &format!("{at}/schema"),
                ),
                ParameterSchemaOrContent::Content(_) => Ty::String,
            };
            let style = match parameter {
                Parameter::Query { style, .. } => match style {
                    QueryStyle::Form => Style::Form,
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                },
                Parameter::Path { style, .. } => {
                    if !matches!(style, PathStyle::Simple) {
                        self.warn(
                            &at,
                            "path parameter styles `label` and `matrix` are not supported; sent in style `simple`",
                        );
                    }
                    Style::Simple
                }
                _ => Style::Simple,
            };
            let param = Param {
                name: snake_name(&data.name),
                wire_name: data.name.clone(),
                doc: data.description.clone(),
                ty,
                required: data.required,
                deprecated: data.deprecated.unwrap_or(false),
                explode: data.explode.unwrap_or(style == Style::Form),
                style,
            };
            match parameter {
                Parameter::Path { .. } => params.path.push(Param {
                    required: true,
                    ..param
                }),
                Parameter::Query { .. } => params.query.push(param),
                Parameter::Header { .. } => params.header.push(param),
                Parameter::Cookie { .. } => self.warn(
                    at,
                    "CANNOT SEND this cookie parameter: the method leaves it out; send it with `.header(\"cookie\", …)`",
                ),
            }
        }
        params
            .path
            .sort_by_key(|p| path.find(&format!("{{{}}}", p.wire_name)).unwrap_or(usize::MAX));
        // Each parameter is a field and a setter of the request builder: distinct names, none
        // of the builder's own.
        let all: Vec<&mut Param> = (params.path.iter_mut())
            .chain(&mut params.query)
            .chain(&mut params.header)
            .collect();
        let names = setter_names(all.iter().map(|p| p.name.as_str()), REQUEST_BUILDER_NAMES, "param");
        for (param, name) in all.into_iter().zip(names) {
            param.name = name;
        }
        params
    }

    /// The request body, if the operation takes one, in the media type the client sends: JSON
    /// first, then a form, multipart, text, and raw bytes for anything else.
    fn body(&mut self, op: &openapiv3::Operation, hint: &str, pointer: &str) -> Option<Body> {
        let body = walk::request_body(self.openapi, op.request_body.as_ref()?)?;
        let at = format!("{pointer}/requestBody");
        let (media_type, media) = body
            .content
            .iter()
            .min_by_key(|(media_type, _)| encoding_of(media_type) as u8)?;
        let encoding = encoding_of(media_type);
        let schema_ty = |builder: &mut Self| match &media.schema {
            Some(schema) => builder.resolve(schema, &format!("{hint}Body"), &at),
            None => Ty::Json,
        };
        let ty = match encoding {
            Encoding::Json | Encoding::Form | Encoding::Multipart => schema_ty(self),
            Encoding::Text => Ty::String,
            Encoding::Bytes => Ty::Bytes,
        };
        let parts = if encoding == Encoding::Multipart {
            match self.form_parts(&ty) {
                Some(parts) => parts,
                None => {
                    self.warn(
                        &at,
                        "CANNOT SEND THIS BODY: a `multipart/form-data` body whose schema is not an object with properties; the method takes no body (see its documentation)",
                    );
                    return None;
                }
            }
        } else {
            Vec::new()
        };
        let example_json = media.example.clone().or_else(|| {
            media.examples.values().find_map(|e| match e {
                ReferenceOr::Item(e) => e.value.clone(),
                ReferenceOr::Reference { .. } => None,
            })
        });
        Some(Body {
            ty,
            required: body.required,
            doc: body.description.clone(),
            example_json,
            example: None,
            encoding,
            media_type: sendable_media_type(media_type, encoding),
            parts,
            alternatives: body.content.keys().filter(|m| *m != media_type).cloned().collect(),
        })
    }

    /// The fields of a multipart body's struct as parts, `Vec<u8>` ones as files.
    fn form_parts(&self, ty: &Ty) -> Option<Vec<FormPart>> {
        let Ty::Named(name) = ty else { return None };
        let TypeKind::Struct(fields) = &self.types.get(name)?.kind else {
            return None;
        };
        if fields.is_empty() {
            return None;
        }
        Some(
            fields
                .iter()
                .map(|f| FormPart {
                    field: f.name.clone(),
                    wire_name: f.wire_name.clone(),
                    optional: matches!(f.rust_ty(), Ty::Option(_)),
                    file: f.ty == Ty::Bytes,
                })
                .collect(),
        )
    }

    /// The success response (the lowest 2xx) and the error responses (4xx, 5xx, `default`).
    fn responses(&mut self, op: &openapiv3::Operation, hint: &str, pointer: &str) -> (Response, Vec<Response>) {
        let mut responses = Vec::new();
        for (status, response) in &op.responses.responses {
            let StatusCode::Code(code) = status else { continue };
            responses.push(self.response(
                Some(*code),
                response,
                &format!("{hint}Response{code}"),
                &format!("{pointer}/responses/{code}"),
            ));
        }
        if let Some(default) = &op.responses.default {
            responses.push(self.response(
                None,
                default,
                &format!("{hint}Response"),
                &format!("{pointer}/responses/default"),
            ));
        }
        // The lowest 2xx; else `default`, which then stands for success too; else nothing to read.
        let lowest_success = responses
            .iter()
            .filter(|r| r.status.is_some_and(|s| (200..300).contains(&s)))
            .min_by_key(|r| r.status)
            .cloned();
        let success = match lowest_success {
            Some(success) => success,
            None => match responses.iter().find(|r| r.status.is_none()) {
                Some(default) => default.clone(),
                None => {
                    let redirect = responses
                        .iter()
                        .any(|r| r.status.is_some_and(|s| (300..400).contains(&s)));
                    if responses.iter().any(|r| r.status == Some(101)) {
                        self.warn(
                            format!("{pointer}/responses/101"),
                            "CANNOT BE SERVED: the operation upgrades the connection (101, e.g. a WebSocket), which this HTTP client does not do; the method sends the request and fails on the 101 (see its documentation)",
                        );
                    } else if !redirect {
                        self.warn(
                            format!("{pointer}/responses"),
                            "no success response declared; the method returns `()`",
                        );
                    }
                    Response {
                        status: None,
                        description: String::new(),
                        ty: None,
                        encoding: Encoding::Json,
                        media_type: String::new(),
                    }
                }
            },
        };
        let errors = responses
            .into_iter()
            .filter(|r| !r.status.is_some_and(|s| (100..400).contains(&s)))
            .filter(|r| r.status.is_some() || success.status.is_some())
            .collect();
        (success, errors)
    }

    fn response(
        &mut self,
        status: Option<u16>,
        response: &ReferenceOr<openapiv3::Response>,
        hint: &str,
        pointer: &str,
    ) -> Response {
        let Some(response) = walk::response(self.openapi, response) else {
            return Response {
                status,
                description: String::new(),
                ty: None,
                encoding: Encoding::Json,
                media_type: String::new(),
            };
        };
        // JSON first, then text; anything else is read as bytes.
        let chosen = response
            .content
            .iter()
            .map(|(media_type, media)| {
                let encoding = match encoding_of(media_type) {
                    Encoding::Form | Encoding::Multipart => Encoding::Bytes,
                    other => other,
                };
                (encoding, media_type, media)
            })
            .min_by_key(|(encoding, _, _)| *encoding as u8);
        let (ty, encoding, media_type) = match chosen {
            None => (None, Encoding::Json, String::new()),
            Some((Encoding::Json, media_type, media)) => (
                media
                    .schema
                    .as_ref()
                    .map(|schema| self.resolve(schema, hint, &format!("{pointer}/content"))),
                Encoding::Json,
                media_type.clone(),
            ),
            Some((Encoding::Text, media_type, _)) => (Some(Ty::String), Encoding::Text, media_type.clone()),
            Some((_, media_type, _)) => (Some(Ty::Bytes), Encoding::Bytes, media_type.clone()),
        };
        Response {
            status,
            description: response.description.clone(),
            ty,
            encoding,
            media_type,
        }
    }

    /// Detects cursor pagination (as configured): a cursor query parameter, and a response
    /// struct with a list of items and a links object that has a `next` field.
    fn pagination(&self, op: &Operation) -> Option<Pagination> {
        let config = self.config.pagination.as_ref()?;
        let cursor = op
            .query_params
            .iter()
            .find(|p| p.wire_name == config.cursor_parameter)?;
        let Some(Ty::Named(name)) = &op.success.ty else {
            return None;
        };
        let TypeKind::Struct(fields) = &self.types.get(name)?.kind else {
            return None;
        };
        let items = fields.iter().find(|f| f.wire_name == config.items)?;
        let Ty::Vec(item_ty) = &items.ty else { return None };
        let links = fields.iter().find(|f| f.wire_name == config.links)?;
        let Ty::Named(links_ty) = &links.ty else { return None };
        let TypeKind::Struct(link_fields) = &self.types.get(links_ty)?.kind else {
            return None;
        };
        let next = link_fields.iter().find(|f| f.wire_name == config.next)?;
        if next.ty != Ty::String {
            return None;
        }
        Some(Pagination {
            cursor_param: cursor.name.clone(),
            cursor_wire: cursor.wire_name.clone(),
            items_field: items.name.clone(),
            item_ty: (**item_ty).clone(),
            links_field: links.name.clone(),
            next_field: next.name.clone(),
            items_optional: matches!(items.rust_ty(), Ty::Option(_)),
            links_optional: matches!(links.rust_ty(), Ty::Option(_)),
            next_optional: matches!(next.rust_ty(), Ty::Option(_)),
        })
    }

    /// Marks the configured PUT and DELETE operations as not repeatable; an entry that names no
    /// such operation is reported, since it no longer protects anything.
    fn mark_not_repeatable(&mut self, operations: &mut [Operation]) {
        let config = self.config;
        for (operation_id, entry) in &config.not_repeatable {
            match operations.iter_mut().find(|op| &op.operation_id == operation_id) {
                Some(op) if op.method == "PUT" || op.method == "DELETE" => {
                    op.not_repeatable = Some(entry.reason.clone());
                }
                Some(op) => self.warn(
                    format!("/paths/{}/{}", escape_token(&op.path), op.method.to_lowercase()),
                    format!(
                        "not-repeatable lists {operation_id}, a {}: only PUT and DELETE can be marked",
                        op.method
                    ),
                ),
                None => self.warn(
                    "/paths",
                    format!("not-repeatable lists {operation_id}, which is not an operation of the document"),
                ),
            }
        }
    }

    /// Names each operation's method: the configured name, else the operationId without its
    /// group prefix, the group's own noun, a trailing `_by_id` or `_all`. Where derived names
    /// collide within a group, the colliding operations keep their full operationId. Then names
    /// the request builders after the methods.
    fn name_methods(&mut self, operations: &mut [Operation]) {
        let configured = &self.config.method_names;
        for op in operations.iter_mut() {
            op.name = match configured.get(&op.operation_id) {
                Some(name) => name.clone(),
                None => consistent_verb(
                    derived_name(&op.operation_id, &op.group),
                    &op.method,
                    &self.config.verbs,
                ),
            };
        }
        let mut uses: HashMap<(String, String), usize> = HashMap::new();
        for op in operations.iter() {
            *uses.entry((op.group.clone(), op.name.clone())).or_default() += 1;
        }
        for op in operations.iter_mut() {
            let clash = uses[&(op.group.clone(), op.name.clone())] > 1;
            if clash && !configured.contains_key(&op.operation_id) {
                let full = snake_name(
                    op.operation_id
                        .split_once('_')
                        .map_or(op.operation_id.as_str(), |(_, m)| m),
                );
                op.name = consistent_verb(full, &op.method, &self.config.verbs);
            }
        }
        let mut taken: HashSet<(String, String)> = HashSet::new();
        for op in operations.iter_mut() {
            let name = unique(&op.name, |n| taken.contains(&(op.group.clone(), n.to_owned())));
            if name != op.name {
                self.warn(
                    format!("/paths/{}/{}", escape_token(&op.path), op.method.to_lowercase()),
                    format!(
                        "method name `{}` is taken in group `{}`; using `{name}`",
                        op.name, op.group
                    ),
                );
                op.name = name;
            }
            taken.insert((op.group.clone(), op.name.clone()));
        }
        // Named from the method within its group's module: `conversations::AnonymizeRequest`.
        // The group's handle is a type in the same module.
        let mut builders: HashSet<(String, String)> = operations
            .iter()
            .map(|op| (op.group.clone(), op.handle.clone()))
            .collect();
        for op in operations.iter_mut() {
            let base = format!("{}Request", type_name(&op.name));
            op.builder = unique(&base, |n| builders.contains(&(op.group.clone(), n.to_owned())));
            builders.insert((op.group.clone(), op.builder.clone()));
        }
    }
}

/// `name` with its leading verb replaced by the one configured for `method`, where it starts
/// with another configured verb: `update_custom_attributes` of a PATCH → `patch_custom_attributes`.
fn consistent_verb(name: String, method: &str, verbs: &BTreeMap<String, String>) -> String {
    let Some(verb) = verbs.get(method) else { return name };
    let (first, rest) = name.split_once('_').unwrap_or((name.as_str(), ""));
    if first == verb || !verbs.values().any(|v| v == first) {
        return name;
    }
    if rest.is_empty() {
        verb.clone()
    } else {
        format!("{verb}_{rest}")
    }
}

/// `/v1/agents/{agentId}/teams` → `/v1/agents/`, the `agentId` parameter, `/teams`. A `{name}`
/// that is not a path parameter stays text; so does a `{` without its `}`.
fn path_parts(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        literal.push_str(&rest[..open]);
        match params.iter().position(|p| p.wire_name == name) {
            Some(index) => {
                if !literal.is_empty() {
                    parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PathPart::Param(index));
            }
            None => literal.push_str(&rest[open..=open + close]),
        }
        rest = &rest[open + close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        parts.push(PathPart::Literal(literal));
    }
    parts
}

/// How a media type is written, by its essence (without parameters such as `charset`). The
/// order of `Encoding`'s variants is the order of preference where a body allows several.
fn encoding_of(media_type: &str) -> Encoding {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Encoding::Json,
        "application/x-www-form-urlencoded" => Encoding::Form,
        "multipart/form-data" => Encoding::Multipart,
        "application/xml" => Encoding::Text,
        _ if essence.ends_with("+json") => Encoding::Json,
        _ if essence.starts_with("text/") || essence.ends_with("+xml") => Encoding::Text,
        _ => Encoding::Bytes,
    }
}

/// The `Content-Type` to send: the document's media type, or `application/octet-stream` where
/// it is a range (`*/*`, `image/*`), which the caller can replace with `.header(...)`.
fn sendable_media_type(media_type: &str, encoding: Encoding) -> String {
    match encoding {
        Encoding::Json => "application/json".into(),
        _ if media_type.contains('*') => "application/octet-stream".into(),
        _ => media_type.to_owned(),
    }
}

fn derived_name(operation_id: &str, group: &str) -> String {
    let local = operation_id.split_once('_').map_or(operation_id, |(_, m)| m);
    let words: Vec<String> = snake_name(local).split('_').map(str::to_owned).collect();
    let group_words: Vec<String> = group.split('_').map(str::to_owned).collect();
    let nouns: Vec<String> = group_words
        .last()
        .map(|w| vec![w.clone(), singular(w)])
        .unwrap_or_default();
    let mut kept: Vec<String> = words.iter().filter(|w| !nouns.contains(w)).cloned().collect();
    // A multi-word group ("end_users") may leave its first words ("end") behind: drop them too.
    if group_words.len() > 1 {
        let lead = &group_words[..group_words.len() - 1];
        if let Some(pos) = kept.windows(lead.len()).position(|w| w == lead) {
            kept.drain(pos..pos + lead.len());
        }
    }
    for suffix in [&["by", "id"][..], &["all"][..]] {
        if kept.len() > suffix.len() && kept.ends_with(&suffix.iter().map(|s| s.to_string()).collect::<Vec<_>>()) {
            kept.truncate(kept.len() - suffix.len());
        }
    }
    let name = kept.join("_");
    if name.is_empty() {
        snake_name(local)
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::{consistent_verb, derived_name, path_parts};

    #[test]
    fn a_verb_means_one_kind_of_call() {
        let verbs = [("PUT", "update"), ("PATCH", "patch")]
            .map(|(m, v)| (m.to_owned(), v.to_owned()))
            .into();
        let name = |n: &str, method: &str| consistent_verb(n.to_owned(), method, &verbs);
        assert_eq!(name("update_custom_attributes", "PATCH"), "patch_custom_attributes");
        assert_eq!(name("update", "PATCH"), "patch");
        assert_eq!(name("patch", "PUT"), "update");
        assert_eq!(name("update_bulk", "PUT"), "update_bulk");
        assert_eq!(name("updated_since", "PATCH"), "updated_since", "whole words only");
        assert_eq!(name("close", "PUT"), "close", "other verbs stay");
        assert_eq!(name("update", "POST"), "update", "no verb configured for POST");
    }
    use crate::model::api::{Param, PathPart, Ty};

    #[test]
    fn method_names_drop_the_group_noun() {
        assert_eq!(derived_name("Agents_list", "agents"), "list");
        assert_eq!(derived_name("Agents_getById", "agents"), "get");
        assert_eq!(derived_name("Agents_createAgent", "agents"), "create");
        assert_eq!(derived_name("EndUsers_getUserById", "end_users"), "get");
        assert_eq!(derived_name("Teams_listAll", "teams"), "list");
        assert_eq!(derived_name("Agents_listTeams", "agents"), "list_teams");
        assert_eq!(derived_name("listPets", "pets"), "list");
        assert_eq!(derived_name("Agents_agents", "agents"), "agents");
    }

    #[test]
    fn path_templates_split_into_text_and_parameters() {
        let param = |wire: &str| Param {
            name: wire.into(),
            wire_name: wire.into(),
            doc: None,
            ty: Ty::String,
            required: true,
            deprecated: false,
            style: crate::model::api::Style::Simple,
            explode: false,
        };
        let params = [param("agentId"), param("teamId")];
        let literal = |s: &str| PathPart::Literal(s.into());
        assert_eq!(
            path_parts("/v1/agents/{agentId}/teams/{teamId}", &params),
            [
                literal("/v1/agents/"),
                PathPart::Param(0),
                literal("/teams/"),
                PathPart::Param(1)
            ]
        );
        assert_eq!(
            path_parts("/a/{other}/{teamId}{x", &params),
            [literal("/a/{other}/"), PathPart::Param(1), literal("{x")]
        );
    }
}

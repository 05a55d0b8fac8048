//! Paths → operations, grouped by their first tag, each with typed parameters, body and results.

use super::names::{snake_name, type_name, unique};
use super::types::Types;
use super::{Ty, TypeKind, Warning};
use crate::config::Config;
use crate::load::escape_token;
use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/v1/conversations/{conversationId}`.
    pub path: String,
    /// The group (first tag) as a Rust module/method name, e.g. `end_users`.
    pub group: String,
    /// The group's display name, e.g. `End Users`.
    pub group_title: String,
    /// The method name within its group, e.g. `list`.
    pub name: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub path_params: Vec<Param>,
    pub query_params: Vec<Param>,
    pub header_params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Response,
    pub errors: Vec<Response>,
    pub pagination: Option<Pagination>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub wire_name: String,
    pub doc: Option<String>,
    pub ty: Ty,
    pub required: bool,
    pub deprecated: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code, or `None` for `default`.
    pub status: Option<u16>,
    pub description: String,
    /// The JSON body's type; `None` when the response declares no JSON body.
    pub ty: Option<Ty>,
}

/// How to walk an operation's pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The Rust name of the cursor parameter (its setter).
    pub cursor_param: String,
    /// The response's item field and the item type.
    pub items_field: String,
    pub item_ty: Ty,
    pub links_field: String,
    pub next_field: String,
    /// Whether each of the three fields is an `Option`.
    pub items_optional: bool,
    pub links_optional: bool,
    pub next_optional: bool,
}

impl Operation {
    /// Named types this operation sends.
    pub fn input_types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for p in self
            .path_params
            .iter()
            .chain(&self.query_params)
            .chain(&self.header_params)
        {
            super::types::named_in(&p.ty, &mut out);
        }
        if let Some(body) = &self.body {
            super::types::named_in(&body.ty, &mut out);
        }
        out
    }
}

/// Every operation of the document in document order: (path, lower-case method, operation).
pub fn iter(openapi: &OpenAPI) -> impl Iterator<Item = (&str, &'static str, &openapiv3::Operation)> {
    openapi.paths.paths.iter().flat_map(|(path, item)| {
        let ops: Vec<(&str, &'static str, &openapiv3::Operation)> = match item {
            ReferenceOr::Item(item) => [
                ("get", &item.get),
                ("put", &item.put),
                ("post", &item.post),
                ("delete", &item.delete),
                ("options", &item.options),
                ("head", &item.head),
                ("patch", &item.patch),
                ("trace", &item.trace),
            ]
            .into_iter()
            .filter_map(|(m, op)| op.as_ref().map(|op| (path.as_str(), m, op)))
            .collect(),
            ReferenceOr::Reference { .. } => Vec::new(),
        };
        ops
    })
}

pub fn build(openapi: &OpenAPI, types: &mut Types, config: &Config, warnings: &mut Vec<Warning>) -> Vec<Operation> {
    let mut operations: Vec<Operation> = Vec::new();
    for (path, method, op) in iter(openapi) {
        let pointer = format!("/paths/{}/{method}", escape_token(path));
        let shared = match openapi.paths.paths.get(path) {
            Some(ReferenceOr::Item(item)) => item.parameters.clone(),
            _ => Vec::new(),
        };
        operations.push(operation(
            openapi, types, config, path, method, op, &shared, &pointer, warnings,
        ));
    }
    name_methods(&mut operations, config, warnings);
    operations.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
    operations
}

#[allow(clippy::too_many_arguments)]
fn operation(
    openapi: &OpenAPI,
    types: &mut Types,
    config: &Config,
    path: &str,
    method: &str,
    op: &openapiv3::Operation,
    shared: &[ReferenceOr<Parameter>],
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Operation {
    let operation_id = op.operation_id.clone().unwrap_or_else(|| {
        warnings.push(Warning {
            pointer: pointer.into(),
            message: "no operationId; one was derived from the method and path".into(),
        });
        format!("{method}{}", type_name(path))
    });
    let group_title = op.tags.first().cloned().unwrap_or_else(|| "Default".into());
    let hint = type_name(&operation_id);
    let (mut path_params, mut query_params, mut header_params) = (Vec::new(), Vec::new(), Vec::new());
    let mut parameters: Vec<&ReferenceOr<Parameter>> = op.parameters.iter().collect();
    for p in shared {
        let name = resolve_parameter(openapi, p).map(|p| p.parameter_data_ref().name.clone());
        if !op
            .parameters
            .iter()
            .any(|o| resolve_parameter(openapi, o).map(|o| o.parameter_data_ref().name.clone()) == name)
        {
            parameters.push(p);
        }
    }
    for (i, parameter) in parameters.into_iter().enumerate() {
        let at = format!("{pointer}/parameters/{i}");
        let Some(parameter) = resolve_parameter(openapi, parameter) else {
            warnings.push(Warning {
                pointer: at,
                message: "parameter reference does not resolve to a parameter; skipped".into(),
            });
            continue;
        };
        let data = parameter.parameter_data_ref();
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => types.resolve(
                schema,
                &format!("{hint}{}", data.name.to_upper_camel_case()),
                &format!("{at}/schema"),
                warnings,
            ),
            ParameterSchemaOrContent::Content(_) => Ty::String,
        };
        let param = Param {
            name: snake_name(&data.name),
            wire_name: data.name.clone(),
            doc: data.description.clone(),
            ty,
            required: data.required,
            deprecated: data.deprecated.unwrap_or(false),
        };
        match parameter {
            Parameter::Path { .. } => path_params.push(Param {
                required: true,
                ..param
            }),
            Parameter::Query { .. } => query_params.push(param),
            Parameter::Header { .. } => header_params.push(param),
            Parameter::Cookie { .. } => warnings.push(Warning {
                pointer: at,
                message: "cookie parameters are not supported; skipped".into(),
            }),
        }
    }
    // Path parameters in the order they appear in the path.
    path_params.sort_by_key(|p| path.find(&format!("{{{}}}", p.wire_name)).unwrap_or(usize::MAX));
    let body = op.request_body.as_ref().and_then(|body| {
        let body = match body {
            ReferenceOr::Item(b) => b.clone(),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                match openapi.components.as_ref()?.request_bodies.get(name)? {
                    ReferenceOr::Item(b) => b.clone(),
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        let (_, media) = body.content.iter().find(|(ct, _)| is_json(ct))?;
        let schema = media.schema.as_ref()?;
        let ty = types.resolve(
            schema,
            &format!("{hint}Body"),
            &format!("{pointer}/requestBody"),
            warnings,
        );
        Some(Body {
            ty,
            required: body.required,
            doc: body.description.clone(),
        })
    });
    let mut responses = Vec::new();
    for (status, response) in &op.responses.responses {
        let StatusCode::Code(code) = status else { continue };
        responses.push(response_of(
            openapi,
            types,
            Some(*code),
            response,
            &format!("{hint}Response{code}"),
            &format!("{pointer}/responses/{code}"),
            warnings,
        ));
    }
    if let Some(default) = &op.responses.default {
        responses.push(response_of(
            openapi,
            types,
            None,
            default,
            &format!("{hint}Response"),
            &format!("{pointer}/responses/default"),
            warnings,
        ));
    }
    let success = responses
        .iter()
        .filter(|r| r.status.is_some_and(|s| (200..300).contains(&s)))
        .min_by_key(|r| r.status)
        .cloned()
        .unwrap_or_else(|| {
            warnings.push(Warning {
                pointer: format!("{pointer}/responses"),
                message: "no 2xx response declared; the result is any JSON".into(),
            });
            Response {
                status: None,
                description: String::new(),
                ty: Some(Ty::Json),
            }
        });
    let errors = responses
        .into_iter()
        .filter(|r| !r.status.is_some_and(|s| (100..400).contains(&s)))
        .collect();
    let mut operation = Operation {
        operation_id,
        method: method.to_uppercase(),
        path: path.to_owned(),
        group: snake_name(&group_title),
        group_title,
        name: String::new(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        path_params,
        query_params,
        header_params,
        body,
        success,
        errors,
        pagination: None,
    };
    operation.pagination = config
        .pagination
        .as_ref()
        .and_then(|p| pagination(&operation, types, p));
    operation
}

fn resolve_parameter<'a>(openapi: &'a OpenAPI, parameter: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match openapi.components.as_ref()?.parameters.get(name)? {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

fn response_of(
    openapi: &OpenAPI,
    types: &mut Types,
    status: Option<u16>,
    response: &ReferenceOr<openapiv3::Response>,
    hint: &str,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Response {
    let response = match response {
        ReferenceOr::Item(r) => Some(r),
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/responses/")
            .and_then(|n| openapi.components.as_ref()?.responses.get(n))
            .and_then(|r| match r {
                ReferenceOr::Item(r) => Some(r),
                ReferenceOr::Reference { .. } => None,
            }),
    };
    let Some(response) = response else {
        return Response {
            status,
            description: String::new(),
            ty: None,
        };
    };
    let ty = response
        .content
        .iter()
        .find(|(ct, _)| is_json(ct))
        .and_then(|(_, media)| media.schema.as_ref())
        .map(|schema| types.resolve(schema, hint, &format!("{pointer}/content"), warnings));
    Response {
        status,
        description: response.description.clone(),
        ty,
    }
}

/// Detects cursor pagination: a cursor query parameter, and a response struct with a list of
/// items and a links object that has a `next` field.
fn pagination(op: &Operation, types: &Types, config: &crate::config::Pagination) -> Option<Pagination> {
    let cursor = op
        .query_params
        .iter()
        .find(|p| p.wire_name == config.cursor_parameter)?;
    let Some(Ty::Named(name)) = &op.success.ty else {
        return None;
    };
    let TypeKind::Struct(fields) = &types.def(name)?.kind else {
        return None;
    };
    let items = fields.iter().find(|f| f.wire_name == config.items)?;
    let Ty::Vec(item_ty) = &items.ty else { return None };
    let links = fields.iter().find(|f| f.wire_name == config.links)?;
    let Ty::Named(links_ty) = &links.ty else { return None };
    let TypeKind::Struct(link_fields) = &types.def(links_ty)?.kind else {
        return None;
    };
    let next = link_fields.iter().find(|f| f.wire_name == config.next)?;
    if next.ty != Ty::String {
        return None;
    }
    Some(Pagination {
        cursor_param: cursor.name.clone(),
        items_field: items.name.clone(),
        item_ty: (**item_ty).clone(),
        links_field: links.name.clone(),
        next_field: next.name.clone(),
        items_optional: !items.required || items.nullable,
        links_optional: !links.required || links.nullable,
        next_optional: !next.required || next.nullable,
    })
}

/// Names each operation's method: the configured name, else the operationId without its group
/// prefix, the group's own noun, a trailing `_by_id` or `_all`. Where derived names collide
/// within a group, the colliding operations keep their full operationId.
fn name_methods(operations: &mut [Operation], config: &Config, warnings: &mut Vec<Warning>) {
    for op in operations.iter_mut() {
        op.name = match config.method_names.get(&op.operation_id) {
            Some(name) => name.clone(),
            None => derived_name(&op.operation_id, &op.group),
        };
    }
    let mut uses: HashMap<(String, String), usize> = HashMap::new();
    for op in operations.iter() {
        *uses.entry((op.group.clone(), op.name.clone())).or_default() += 1;
    }
    for op in operations.iter_mut() {
        let clash = uses[&(op.group.clone(), op.name.clone())] > 1;
        if clash && !config.method_names.contains_key(&op.operation_id) {
            op.name = snake_name(
                op.operation_id
                    .split_once('_')
                    .map_or(op.operation_id.as_str(), |(_, m)| m),
            );
        }
    }
    let mut taken: HashSet<(String, String)> = HashSet::new();
    for op in operations.iter_mut() {
        let name = unique(&op.name, |n| taken.contains(&(op.group.clone(), n.to_owned())));
        if name != op.name {
            warnings.push(Warning {
                pointer: format!("/paths/{}/{}", escape_token(&op.path), op.method.to_lowercase()),
                message: format!(
                    "method name `{}` is taken in group `{}`; using `{name}`",
                    op.name, op.group
                ),
            });
            op.name = name;
        }
        taken.insert((op.group.clone(), op.name.clone()));
    }
}

fn derived_name(operation_id: &str, group: &str) -> String {
    let local = operation_id.split_once('_').map_or(operation_id, |(_, m)| m);
    let words: Vec<String> = snake_name(local).split('_').map(str::to_owned).collect();
    let group_words: Vec<String> = group.split('_').map(str::to_owned).collect();
    let nouns: Vec<String> = group_words
        .last()
        .map(|w| vec![w.clone(), super::names::singular(w)])
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
    use super::derived_name;

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
}

"""Checks spec/dixa.corrected.json as an independent tool would: the document must be valid
OpenAPI 3.0, and every example in it must validate against its schema (OpenAPI 3.0 schema
semantics: nullable, oneOf exclusivity, $ref). Exit status 1 lists every failure."""

import json
import sys

from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate


def examples(document):
    """(pointer, schema, example) for every JSON request or response example."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            base = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
            media = []
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                media.append((base + "/requestBody", body))
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {}).get("application/json")
                if content:
                    media.append((f"{base}/responses/{status}", content))
            for pointer, content in media:
                schema = content.get("schema")
                if schema is None:
                    continue
                if "example" in content:
                    yield pointer + "/example", schema, content["example"]
                for name, example in content.get("examples", {}).items():
                    if "value" in example:
                        yield f"{pointer}/examples/{name}", schema, example["value"]


def main(path):
    with open(path) as f:
        document = json.load(f)
    validate(document)
    print(f"{path}: valid OpenAPI {document['openapi']}")
    failures, count = [], 0
    for pointer, schema, example in examples(document):
        count += 1
        # `#/components/...` references resolve against the schema's root: give it the components.
        rooted = {**schema, "components": document["components"]}
        error = best_match(OAS30Validator(rooted).iter_errors(example))
        if error is not None:
            at = "/".join(str(p) for p in error.absolute_path)
            failures.append(f"{pointer}: at `{at}`: {error.message[:300]}")
    print(f"{count} examples checked, {len(failures)} failed")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

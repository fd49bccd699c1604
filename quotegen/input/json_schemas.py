"""JSON Schemas of the client file and the provider configuration, for editors and tools."""

from __future__ import annotations

import json
from typing import Any

from quotegen import __version__

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def client_schema() -> dict[str, Any]:
    """The client file's JSON Schema, as pydantic validates it (mode: input)."""
    from quotegen.input.client import ClientFile

    schema = _tidy(ClientFile.model_json_schema(mode="validation"))
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://quotegen.example/schemas/client.schema.json",
        "title": "quotegen client file",
        "description": f"One prospect's roles and the proposal's terms (quotegen {__version__}).",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def provider_schema() -> dict[str, Any]:
    """The provider configuration's (quotegen.yaml) JSON Schema."""
    from quotegen.input.provider import ProviderConfig

    schema = _tidy(ProviderConfig.model_json_schema(mode="validation"))
    schema.get("properties", {}).pop("workspace", None)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://quotegen.example/schemas/provider.schema.json",
        "title": "quotegen provider configuration (quotegen.yaml)",
        **{k: v for k, v in schema.items() if k != "title"},
    }


_BOUNDS = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
_PLAIN_NUMBER = r"^-?[1-9]\d*(\.\d+)?$|^-?0(\.\d+)?$"


def _tidy(node: Any) -> Any:
    """Turn pydantic's bounds on our money-or-text amounts into standard JSON Schema."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _tidy(value) for key, value in node.items()}
    bounds = {_BOUNDS[key]: node.pop(key) for key in list(node) if key in _BOUNDS}
    branches = node.get("anyOf")
    if branches and {b.get("type") for b in branches} >= {"number", "string"}:
        for branch in branches:
            if branch.get("type") == "number":
                branch.update(bounds)
            elif branch.get("type") == "string" and "format" not in branch:
                branch["pattern"] = _PLAIN_NUMBER
    else:
        node.update(bounds)
    return node


def as_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

"""The built-in default decisions file, commented with every allowed value (written by `init`)."""

from __future__ import annotations

import json
from typing import Any

from arxscaffold import catalog
from arxscaffold.catalog import Decision

# The system a decisions file names when nobody chose one: `init`, `new` without --decisions, and
# `copier copy --defaults` (copier.yml's default; the decisions file itself must name its system).
SYSTEM_NAME = "arxos"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value) if value != "" else '""'


def _comment(spec: Decision) -> str:
    if spec.type == "choice":
        return "  # " + " | ".join(spec.allowed)
    if spec.type == "int" and spec.minimum is not None:
        bound = f"{spec.minimum}..{spec.maximum}" if spec.maximum is not None else f">= {spec.minimum}"
        return f"  # {bound}"
    return f"  # {spec.help}" if spec.help else ""


def default_text(system_name: str = SYSTEM_NAME) -> str:
    """A complete, valid decisions file: the defaults written out, with the choices beside them."""
    lines = [
        "# arxscaffold decisions file: one file describes one system.",
        "# Validate with `arxscaffold validate FILE`; generate with `arxscaffold new DEST --decisions FILE`.",
        "# Schema for editors: `arxscaffold schema > decisions.schema.json`.",
        f"version: {catalog.SCHEMA_VERSION}",
        "system:",
        f"  name: {system_name}  # a DNS label, at most {catalog.SYSTEM_NAME_MAX} characters",
        "  owner: platform-team  # Backstage group or user name, or entity ref 'group:default/platform-team'",
        '  description: "Building infrastructure platform"',
        "components:  # kind: " + " | ".join(catalog.kind_keys()),
    ]
    lines += [f"  - {{name: {c['name']}, kind: {c['kind']}}}" for c in catalog.default_components()]
    defaults = {d.path: d.default for d in catalog.all_decisions()}
    for area in catalog.AREAS:
        lines.append(f"{area.key}:  # {area.title}")
        group = ""
        for spec in area.decisions:
            parts = spec.path.split(".")[1:]
            if len(parts) == 2 and parts[0] != group:
                group = parts[0]
                lines.append(f"  {group}:")
            indent = "    " if len(parts) == 2 else "  "
            if spec.derive is not None:
                # Left out, so it keeps following the owner; written here to show the value it takes.
                lines.append(f"{indent}# {parts[-1]}: {json.dumps(spec.derive(defaults))}{_comment(spec)}")
                continue
            lines.append(f"{indent}{parts[-1]}: {_scalar(spec.default)}{_comment(spec)}")
    lines += [
        "rationale:  # optional: why, by decision path; carried into the ADRs",
        '  "deploy.cloud": "Existing AWS organisation and EKS clusters."',
    ]
    return "\n".join(lines) + "\n"

"""Every decision arxscaffold knows: allowed values, labels, pros and cons, compatibility rules.

This package is the one source of truth. The decisions loader validates against it, the JSON Schema and
Copier's questions are generated from it, and the ADR templates render its options (through the
generated `templates/partials/catalog.json`). One module per area of the decisions file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from arxscaffold.catalog import (
    ai,
    analytics,
    cicd,
    deploy,
    identifiers,
    iot,
    mobile,
    physics,
    repository,
    web,
)
from arxscaffold.catalog.kinds import KINDS
from arxscaffold.catalog.model import (
    COMPONENT_NAME_MAX,
    DNS_LABEL_PATTERN,
    SCHEMA_VERSION,
    SYSTEM_NAME_MAX,
    Area,
    Decision,
    Kind,
    Option,
)

__all__ = [
    "AREAS",
    "COMPONENT_NAME_MAX",
    "DNS_LABEL_PATTERN",
    "KINDS",
    "SCHEMA_VERSION",
    "SYSTEM_NAME_MAX",
    "Area",
    "Decision",
    "Kind",
    "Option",
]

# Order is ADR order; each area's adr_number is fixed so regenerated records keep their names.
AREAS: tuple[Area, ...] = tuple(
    m.AREA for m in (web, mobile, deploy, cicd, ai, iot, physics, analytics, repository)
)

SYSTEM_DECISIONS: tuple[Decision, ...] = (
    Decision(
        "system.name",
        "System name",
        "str",
        None,
        f"DNS-1123 label, at most {SYSTEM_NAME_MAX} characters.",
    ),
    Decision(
        "system.owner",
        "Owner",
        "str",
        "platform-team",
        "Team that owns the architecture: a Backstage group or user name ('platform-team') or entity "
        "reference ('group:default/platform-team').",
    ),
    Decision("system.description", "Description", "str", "", "One line about the system."),
)

# Top-level folders and files of a generated system: a component may not take these names ("drift" and
# "platform" also name the system's own workflows, beside each component's in a monorepo).
RESERVED_NAMES = frozenset(
    {"docs", "drift", "platform", "pipelines", "reference", "templates", "scripts", "tests"}
)
TOP_LEVEL_KEYS = ("version", "system", "components", *(a.key for a in AREAS), "rationale")


def kind(key: str) -> Kind:
    return next(k for k in KINDS if k.key == key)


def kind_keys() -> tuple[str, ...]:
    return tuple(k.key for k in KINDS)


def templated_kinds() -> tuple[Kind, ...]:
    return tuple(k for k in KINDS if k.templated)


def kind_trees(k: Kind) -> tuple[str, ...]:
    """The template folders (under templates/) a kind renders from: its tree, or one per generated option
    of the decision that splits it (web/react, web/vue, ...)."""
    if k.tree is None:
        return ()
    spec = decision(k.subtree_by) if k.subtree_by else None
    if spec is None:
        return (k.tree,)
    return tuple(f"{k.tree}/{value}" for value in generated_values(spec))


def template_trees() -> tuple[str, ...]:
    """Every folder under templates/ a render starts from: the system's, then each kind's."""
    return tuple(dict.fromkeys(("system", *(t for k in templated_kinds() for t in kind_trees(k)))))


def area(key: str) -> Area:
    return next(a for a in AREAS if a.key == key)


def all_decisions() -> Iterator[Decision]:
    yield from SYSTEM_DECISIONS
    for a in AREAS:
        yield from a.decisions


def decision(path: str) -> Decision | None:
    return next((d for d in all_decisions() if d.path == path), None)


def generated(spec: Decision, value: Any) -> bool:
    """Whether this template version generates ``value``: its option, and every option it needs."""
    option = spec.option(value)
    if option is None or not option.templated:
        return option is None and spec.type != "choice"
    for other_path, needed in option.requires.items():
        other = decision(other_path)
        if other is not None and not any(generated(other, v) for v in needed):
            return False
    return True


def generated_values(spec: Decision) -> tuple[str, ...]:
    return tuple(v for v in spec.allowed if generated(spec, v))


def area_applies(a: Area, kinds_present: set[str]) -> bool:
    """An area with no kinds (deploy, cicd) concerns every system; others only when their kind is there."""
    return not a.kinds or bool(kinds_present.intersection(a.kinds))


def default_components() -> list[dict[str, str]]:
    """One component of every kind that has a template."""
    return [{"name": k.default_name, "kind": k.key} for k in templated_kinds()]


def as_template_data() -> dict[str, Any]:
    """The catalog as plain data for templates (ADRs, docs): carried into copier.yml."""
    return {
        "kinds": {
            k.key: {
                "label": k.label,
                "tree": k.tree,
                "default_name": k.default_name,
                "port": k.port,
                "protocols": list(k.protocols),
                "summary": k.summary,
            }
            for k in KINDS
        },
        "areas": [
            {
                "key": a.key,
                "title": a.title,
                "adr_file": a.adr_file,
                "context": a.context,
                "drivers": list(a.drivers),
                "kinds": list(a.kinds),
                "confirmation": a.confirmation,
                "decisions": [
                    {
                        "path": d.path,
                        "answer": d.answer_key,
                        "title": d.title,
                        "type": d.type,
                        "help": d.help,
                        "options": [
                            {
                                "value": o.value,
                                "label": o.label,
                                "pros": list(o.pros),
                                "cons": list(o.cons),
                                "supported": o.supported,
                            }
                            for o in d.options
                        ],
                    }
                    for d in a.decisions
                ],
            }
            for a in AREAS
        ],
        "formats": identifiers.as_template_data(),
    }

"""The shapes of the catalog: options, decisions, areas (sections of the decisions file) and kinds.

This module is the one source of truth. The decisions loader validates against it, the JSON Schema and
Copier's questions are generated from it, and the ADR templates render its options (through the
`catalog` value that `copier.yml` carries).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1
DNS_LABEL_PATTERN = r"^[a-z]([-a-z0-9]*[a-z0-9])?$"
SYSTEM_NAME_MAX = 40
COMPONENT_NAME_MAX = 40

ValueType = Literal["choice", "bool", "int", "str", "labels"]


@dataclass(frozen=True)
class Option:
    """One value a choice decision can take."""

    value: str
    label: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    # Other decisions this option needs, e.g. {"web.framework": ("react",)}.
    requires: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Considered in the roadmap but not generated: refused with the supported list, shown in ADRs.
    supported: bool = True


@dataclass(frozen=True)
class Decision:
    """One key of the decisions file, addressed by its dotted path (``deploy.autoscaling.min_replicas``)."""

    path: str
    title: str
    type: ValueType
    default: Any
    help: str = ""
    options: tuple[Option, ...] = ()
    # A default that follows another decision: (other path, {other value: default}).
    default_follows: tuple[str, Mapping[str, Any]] | None = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def answer_key(self) -> str:
        """The flat name Copier uses for this decision (``deploy_autoscaling_min_replicas``)."""
        return self.path.replace(".", "_")

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options if o.supported)

    def option(self, value: Any) -> Option | None:
        return next((o for o in self.options if o.value == value), None)

    def default_for(self, values: Mapping[str, Any]) -> Any:
        if self.default_follows is not None:
            other, table = self.default_follows
            if values.get(other) in table:
                return table[values[other]]
        return self.default


@dataclass(frozen=True)
class Area:
    """A section of the decisions file; each area present in a system gets one ADR."""

    key: str
    title: str
    adr_number: int
    context: str
    drivers: tuple[str, ...]
    decisions: tuple[Decision, ...]
    # The component kinds this area concerns; empty means every deployable system has it.
    kinds: tuple[str, ...] = ()
    # Which smoke check proves the decision (the ADR's confirmation line).
    confirmation: str = ""

    @property
    def adr_file(self) -> str:
        return f"{self.adr_number:04d}-{self.key}.md"


@dataclass(frozen=True)
class Kind:
    """A component kind: what it is, whether a template exists for it yet, how it is reached."""

    key: str
    label: str
    tree: str | None  # folder under templates/, None while no template exists
    default_name: str
    port: int | None
    protocols: tuple[str, ...]
    summary: str

    @property
    def templated(self) -> bool:
        return self.tree is not None


def _choice(
    path: str,
    title: str,
    default: str,
    options: tuple[Option, ...],
    help: str = "",
    follows: tuple[str, Mapping[str, Any]] | None = None,
) -> Decision:
    return Decision(path, title, "choice", default, help, options, default_follows=follows)


def _flag(path: str, title: str, default: bool, help: str) -> Decision:
    return Decision(path, title, "bool", default, help)

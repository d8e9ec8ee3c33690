"""Load a decisions file, validate it against the catalog, and return a typed result.

Every problem is collected and reported at once as ``FILE:LINE: dotted.path: message``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from arxscaffold import catalog
from arxscaffold.catalog import Decision, identifiers
from arxscaffold.errors import DecisionsError, Problem
from arxscaffold.yaml_source import Located, YamlProblem, child_path, parse

_DNS = re.compile(catalog.DNS_LABEL_PATTERN)
# Control, surrogate, line and paragraph separator characters: no output format holds them as text.
_UNPRINTABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def _unprintable(char: str) -> bool:
    return unicodedata.category(char) in _UNPRINTABLE or char in "\ufffe\uffff"


@dataclass(frozen=True)
class Component:
    name: str
    kind: str


@dataclass(frozen=True)
class Decisions:
    """A validated decisions file with every default filled in."""

    components: tuple[Component, ...]
    values: Mapping[str, Any]  # every catalog decision path -> value
    rationale: Mapping[str, str] = field(default_factory=dict)

    @property
    def system_name(self) -> str:
        return str(self.values["system.name"])

    def kinds(self) -> set[str]:
        return {c.kind for c in self.components}

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    def as_file_data(self) -> dict[str, Any]:
        """The normalised nested form, as a decisions file would write it."""
        data: dict[str, Any] = {"version": catalog.SCHEMA_VERSION}
        for path, value in self.values.items():
            cursor = data
            *parents, leaf = path.split(".")
            for part in parents:
                cursor = cursor.setdefault(part, {})
            cursor[leaf] = value
        data["components"] = [{"name": c.name, "kind": c.kind} for c in self.components]
        data["rationale"] = dict(self.rationale)
        return data


def load_file(path: Path) -> Decisions:
    label = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DecisionsError([Problem(label, 1, "(file)", f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DecisionsError([Problem(label, line, "(file)", "not UTF-8 text")]) from None
    return load_text(text, label)


def load_text(text: str, label: str = "<decisions>") -> Decisions:
    try:
        located = parse(text)
    except YamlProblem as exc:
        raise DecisionsError([Problem(label, exc.line, exc.path, exc.message)]) from None
    checker = _Checker(label, located)
    result = checker.run()
    if checker.problems:
        checker.problems.sort(key=lambda p: p.line)
        raise DecisionsError(checker.problems)
    assert result is not None
    return result


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _allowed(values: Iterable[str]) -> str:
    return ", ".join(values)


class _Checker:
    """Walks the parsed file once, collecting problems instead of stopping at the first."""

    def __init__(self, label: str, located: Located) -> None:
        self.label = label
        self.src = located
        self.problems: list[Problem] = [Problem(label, p.line, p.path, p.message) for p in located.problems]

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.label, self.src.line(path), path, message))

    def run(self) -> Decisions | None:
        data = self.src.data
        if data is None:
            self.fail(
                "(file)",
                "the file is empty; a minimal decisions file is 'version: 1' and 'system: {name: my-system}'",
            )
            return None
        if not isinstance(data, dict):
            self.fail(
                "(file)",
                f"expected a mapping of sections ({_allowed(catalog.TOP_LEVEL_KEYS)}), "
                f"got a {type(data).__name__}",
            )
            return None
        self._unknown_keys("", data, catalog.TOP_LEVEL_KEYS, what="section")
        self._version(data)
        values: dict[str, Any] = {}
        given: set[str] = set()
        tree = _decision_tree()
        for key, subtree in tree.items():
            self._section(key, data.get(key), subtree, values, given)
        components = self._components(data)
        self._compatibility(values, given)
        rationale = self._rationale(data.get("rationale"))
        return Decisions(components, values, rationale)

    def _unknown_keys(
        self, path: str, mapping: dict[Any, Any], allowed: Iterable[str], what: str = "key"
    ) -> None:
        allowed = tuple(allowed)
        for key in mapping:
            if key not in allowed:
                sub = child_path(path, str(key))
                self.fail(
                    sub,
                    f"unknown {what} {str(key)!r}{_did_you_mean(str(key), allowed)} "
                    f"(allowed: {_allowed(allowed)})",
                )

    def _version(self, data: dict[str, Any]) -> None:
        version = data.get("version")
        if "version" not in data:
            self.fail("version", f"required; write 'version: {catalog.SCHEMA_VERSION}'")
        elif type(version) is not int or version != catalog.SCHEMA_VERSION:
            self.fail("version", f"must be the integer {catalog.SCHEMA_VERSION}, got {version!r}")

    def _section(
        self,
        path: str,
        given_value: Any,
        subtree: dict[str, Any],
        values: dict[str, Any],
        given: set[str],
    ) -> None:
        if given_value is None:
            given_value = {}
        elif not isinstance(given_value, dict):
            self.fail(
                path,
                f"expected a mapping with keys {_allowed(subtree)}, "
                f"got {type(given_value).__name__} {given_value!r}",
            )
            given_value = {}
        self._unknown_keys(path, given_value, subtree)
        for key, node in subtree.items():
            sub = child_path(path, key)
            if isinstance(node, Decision):
                if key in given_value:
                    given.add(sub)
                    values[sub] = self._value(node, given_value[key])
                else:
                    values[sub] = None  # filled from defaults once every given value is known
            else:
                self._section(sub, given_value.get(key), node, values, given)
        for sub in [
            p for p, v in values.items() if v is None and p.startswith(path + ".") and p not in given
        ]:
            spec = catalog.decision(sub)
            assert spec is not None
            values[sub] = spec.default_for(values)
            if spec.default is None and spec.derive is None:
                self.fail(sub, f"required ({spec.help})")

    def _value(self, spec: Decision, value: Any) -> Any:
        path = spec.path
        if spec.type == "choice":
            if not isinstance(value, str):
                self.fail(path, f"expected one of {_allowed(spec.allowed)}, got {value!r}")
                return spec.default
            option = spec.option(value)
            if option is None:
                self.fail(
                    path,
                    f"{value!r} is not allowed{_did_you_mean(value, spec.allowed)} "
                    f"(allowed: {_allowed(spec.allowed)})",
                )
                return spec.default
            if not option.supported:
                self.fail(
                    path,
                    f"{value!r} ({option.label}) was considered but is not supported "
                    f"(supported: {_allowed(spec.allowed)})",
                )
                return spec.default
            return value
        if spec.type == "bool":
            if not isinstance(value, bool):
                self.fail(path, f"expected true or false, got {value!r}")
                return spec.default
            return value
        if spec.type == "int":
            if type(value) is not int:
                self.fail(path, f"expected a whole number, got {value!r}")
                return spec.default
            if spec.minimum is not None and value < spec.minimum:
                self.fail(path, f"must be at least {spec.minimum}, got {value}")
            if spec.maximum is not None and value > spec.maximum:
                self.fail(path, f"must be at most {spec.maximum}, got {value}")
            return value
        if spec.type == "labels":
            return self._labels(path, value)
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {value!r}")
            return spec.default
        if path == "system.name":
            self._dns_label(path, value, catalog.SYSTEM_NAME_MAX)
        elif path not in identifiers.CHECKED:
            self._printable(path, value)
        return value

    def _printable(self, path: str, text: str) -> bool:
        """Free text goes into YAML, JSON, TOML and Markdown: no format can hold control characters
        (YAML refuses them even escaped in some parsers), so they are refused here, naming the first."""
        for index, char in enumerate(text):
            if char in "\t\n" or not _unprintable(char):
                continue
            self.fail(
                path,
                f"contains U+{ord(char):04X} ({unicodedata.name(char, 'a control character').lower()}) at "
                f"position {index + 1}; free text may hold any printable character, tabs and line breaks",
            )
            return False
        return True

    def _dns_label(self, path: str, value: str, limit: int) -> bool:
        if not _DNS.match(value) or len(value) > limit:
            self.fail(
                path,
                f"{value!r} is not a DNS label: lowercase letters, digits and '-', "
                f"starting with a letter, at most {limit} characters",
            )
            return False
        return True

    def _labels(self, path: str, value: Any) -> list[str]:
        if not isinstance(value, list) or not value:
            self.fail(path, f"expected a non-empty list of names, got {value!r}")
            return []
        seen: set[str] = set()
        for i, item in enumerate(value):
            sub = child_path(path, i)
            if not isinstance(item, str):
                self.fail(sub, f"expected a name, got {item!r}")
            elif item in seen:
                self.fail(sub, f"{item!r} is listed twice")
            elif self._dns_label(sub, item, 63):
                seen.add(item)
        return [v for v in value if isinstance(v, str)]

    def _components(self, data: dict[str, Any]) -> tuple[Component, ...]:
        if "components" not in data:
            return tuple(Component(**c) for c in catalog.default_components())
        items = data["components"]
        if not isinstance(items, list) or not items:
            self.fail("components", "expected a non-empty list of {name, kind}")
            return ()
        result: list[Component] = []
        names: set[str] = set()
        for i, item in enumerate(items):
            path = child_path("components", i)
            if not isinstance(item, dict):
                self.fail(path, f"expected a mapping {{name, kind}}, got {item!r}")
                continue
            self._unknown_keys(path, item, ("name", "kind"))
            name, kind = item.get("name"), item.get("kind")
            ok = True
            if name is None:
                self.fail(child_path(path, "name"), "required: a DNS label such as 'portal'")
                ok = False
            elif not isinstance(name, str) or not self._dns_label(
                child_path(path, "name"), name, catalog.COMPONENT_NAME_MAX
            ):
                ok = False
            elif name in catalog.RESERVED_NAMES:
                self.fail(
                    child_path(path, "name"),
                    f"{name!r} is reserved by the system layout ({_allowed(sorted(catalog.RESERVED_NAMES))})",
                )
                ok = False
            elif name in names:
                self.fail(child_path(path, "name"), f"{name!r} is used by another component")
                ok = False
            kinds = catalog.kind_keys()
            if kind is None:
                self.fail(child_path(path, "kind"), f"required (allowed: {_allowed(kinds)})")
                ok = False
            elif kind not in kinds:
                self.fail(
                    child_path(path, "kind"),
                    f"{kind!r} is not a component kind"
                    f"{_did_you_mean(str(kind), kinds)} "
                    f"(allowed: {_allowed(kinds)})",
                )
                ok = False
            if ok:
                names.add(str(name))
                result.append(Component(str(name), str(kind)))
        return tuple(result)

    def _compatibility(self, values: dict[str, Any], given: set[str]) -> None:
        for spec in catalog.all_decisions():
            option = spec.option(values.get(spec.path))
            if option is None:
                continue
            for other, needed in option.requires.items():
                if values.get(other) not in needed:
                    where = spec.path if spec.path in given else other
                    self.fail(
                        where,
                        f"{spec.path} {option.value!r} needs {other} "
                        f"{' or '.join(map(repr, needed))}, but {other} is "
                        f"{values.get(other)!r}",
                    )
        self._identifiers(values)
        low = values.get("deploy.autoscaling.min_replicas")
        high = values.get("deploy.autoscaling.max_replicas")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.fail(
                "deploy.autoscaling.min_replicas",
                f"min_replicas {low} is greater than max_replicas {high}",
            )

    def _identifiers(self, values: dict[str, Any]) -> None:
        """Values the templates use as identifiers (handles, image names, e-mail) must fit their grammar;
        some grammars depend on other decisions (the CI provider), so this runs once all are known."""
        for path in identifiers.CHECKED:
            value = values.get(path)
            if isinstance(value, str):
                message = identifiers.problem(path, value, values)
                if message is not None:
                    self.fail(path, message)

    def _rationale(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail("rationale", "expected a mapping of decision path to text")
            return {}
        paths = [d.path for d in catalog.all_decisions()]
        result: dict[str, str] = {}
        for key, text in value.items():
            sub = child_path("rationale", str(key))
            if key not in paths:
                self.fail(sub, f"{key!r} names no decision{_did_you_mean(str(key), paths)}")
            elif not isinstance(text, str):
                self.fail(sub, f"expected text, got {text!r}")
            elif self._printable(sub, text):
                result[key] = text
        return result


def _decision_tree() -> dict[str, Any]:
    """Nested {section: {key: Decision | {...}}} built from the catalog's dotted paths."""
    tree: dict[str, Any] = {}
    for spec in catalog.all_decisions():
        cursor = tree
        *parents, leaf = spec.path.split(".")
        for part in parents:
            cursor = cursor.setdefault(part, {})
        cursor[leaf] = spec
    return tree

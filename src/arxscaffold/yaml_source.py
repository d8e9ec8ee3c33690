"""Read YAML into plain values while remembering the line of every value and refusing duplicate keys.

PyYAML keeps the last of two equal keys without a word; a decisions file must not silently lose one.
Alias-heavy documents ("billion laughs") and deep nesting are bounded so bad input fails fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 32


class YamlProblem(Exception):
    def __init__(self, line: int, path: str, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.path = path
        self.message = message


@dataclass
class Located:
    """Plain data plus the 1-based line of each dotted path (``components[0].kind``)."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    # Problems that do not stop reading (duplicate keys): reported with everything else.
    problems: list[YamlProblem] = field(default_factory=list)

    def line(self, path: str) -> int:
        """The line of ``path``, or of its nearest ancestor that exists."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = _parent(path)
        return self.lines.get("", 1)


def _parent(path: str) -> str:
    cut = max(path.rfind("."), path.rfind("["))
    return path[:cut] if cut > 0 else ""


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def child_path(parent: str, key: str | int) -> str:
    """``parent.key``, ``parent[0]``, or ``parent['odd key']`` for keys that are empty or not plain names."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if not _PLAIN_KEY.match(key):
        return f"{parent}[{key!r}]"
    return f"{parent}.{key}" if parent else key


def parse(text: str) -> Located:
    """Parse one YAML document; raise YamlProblem with a line for anything that is not clean YAML."""
    if len(text.encode()) > MAX_BYTES:
        raise YamlProblem(1, "(file)", f"file is larger than {MAX_BYTES // 1024} KiB")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        source_lines = text.splitlines()
        if line <= len(source_lines) and "\t" in source_lines[line - 1]:
            reason += " (tabs cannot indent YAML; use spaces)"
        raise YamlProblem(line, "(syntax)", f"not valid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, "(syntax)", f"not valid YAML: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, "(syntax)", f"nesting deeper than {MAX_DEPTH} levels") from None
    located = Located(None)
    if node is None:
        return located
    budget = [MAX_NODES]
    located.data = _build(node, "", located, budget, 0)
    return located


_scalars = SafeConstructor()


def _build(node: Node, path: str, into: Located, budget: list[int], depth: int) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        # Aliases make the node's own line meaningless here: blame the document.
        raise YamlProblem(
            1,
            "(file)",
            f"document expands to more than {MAX_NODES} values (aliases repeating large structures?)",
        )
    if depth > MAX_DEPTH:
        raise YamlProblem(
            node.start_mark.line + 1, path or "(file)", f"nesting deeper than {MAX_DEPTH} levels"
        )
    into.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        try:
            return _scalars.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlProblem(node.start_mark.line + 1, path or "(file)", f"bad value: {exc}") from None
    if isinstance(node, SequenceNode):
        return [
            _build(item, child_path(path, i), into, budget, depth + 1) for i, item in enumerate(node.value)
        ]
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise YamlProblem(key_node.start_mark.line + 1, path or "(file)", "keys must be plain names")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(
                    key_node.start_mark.line + 1,
                    path or "(file)",
                    "merge keys (<<) are not supported in decisions files",
                )
            key = _scalars.construct_object(key_node)
            key_line = key_node.start_mark.line + 1
            sub = child_path(path, str(key))
            if key in first_line:
                into.problems.append(
                    YamlProblem(
                        key_line,
                        sub,
                        f"duplicate key {key!r} (first given at line {first_line[key]})",
                    )
                )
                continue
            first_line[key] = key_line
            into.lines[sub] = key_line
            result[key] = _build(value_node, sub, into, budget, depth + 1)
        return result
    raise YamlProblem(node.start_mark.line + 1, path or "(file)", "unsupported YAML node")

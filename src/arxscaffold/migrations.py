"""Answers recorded by earlier template versions, brought to this version's questions for an update.

An update with decisions (a system's `decisions.yml`, or `--decisions FILE`) gives Copier every answer.
A component updated on its own has only its recorded answers, and those of 0.1.0 and 0.2.0 lack what
this version asks: the `components` list (a lone component is its own list) and the identifiers that
used to be read from `system.owner` (code owners, image namespace, ACME e-mail). Left to Copier, a
missing answer takes the template default (the default system's component list, which the `components`
check then refuses) and a recorded answer that fails a new check is silently replaced by the default
(another team's owner). Here the missing answers are derived from the recorded ones as `new` derives
them, and a recorded value that no longer fits its grammar is refused, naming the answers file, line and
question, before Copier runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from arxscaffold import catalog
from arxscaffold.catalog import identifiers
from arxscaffold.errors import DecisionsError, Problem


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def migrated_answers(answers: dict[str, Any], answers_file: Path) -> dict[str, Any] | None:
    """The answers to give Copier for a subproject updated without decisions: the recorded ones and what
    this version adds; None when nothing is missing.

    Raises DecisionsError (exit 2) when a recorded identifier does not fit this version's grammar.
    """
    kind, name = answers.get("kind"), answers.get("name")
    values: dict[str, Any] = {}
    for spec in catalog.all_decisions():
        if spec.answer_key in answers:
            values[spec.path] = answers[spec.answer_key]
    text = answers_file.read_text() if answers_file.is_file() else ""
    problems = []
    for path in identifiers.CHECKED:
        value = values.get(path)
        if isinstance(value, str) and (message := identifiers.problem(path, value, values)) is not None:
            key = path.replace(".", "_")  # the answer key of a decision path
            problems.append(
                Problem(
                    str(answers_file),
                    _line_of(text, key),
                    key,
                    f"{message}. Recorded by an earlier version; update with --decisions FILE "
                    f"whose {path} fits",
                )
            )
    if problems:
        raise DecisionsError(problems)
    data: dict[str, Any] = {}
    if "components" not in answers and kind != "system" and name is not None:
        data["components"] = [{"name": name, "kind": kind}]
    for spec in catalog.all_decisions():
        if spec.derive is not None and spec.answer_key not in answers:
            values[spec.path] = data[spec.answer_key] = spec.derive(values)
    if not data:
        return None
    # Every recorded answer as well: the update compares old and new answers (superseded ADRs).
    return {**{k: v for k, v in answers.items() if not k.startswith("_")}, **data}

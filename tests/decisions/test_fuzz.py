"""Bad input, fuzzed: whatever a decisions file holds, the answer is a valid result or exit 2 naming a field,
never a traceback, a hang or a partly written destination."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arxscaffold.decisions import load_text
from arxscaffold.errors import DecisionsError

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["react", "aws", "kubernetes", "web", "ai-service", "1", ""]),
)
keys = st.one_of(
    st.sampled_from(
        [
            "version",
            "system",
            "name",
            "components",
            "kind",
            "web",
            "framework",
            "deploy",
            "autoscaling",
            "min_replicas",
            "environments",
            "cicd",
            "rationale",
            "mobile",
            "ai",
        ]
    ),
    st.text(max_size=12),
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=40,
)


def _refused_cleanly(text: str) -> None:
    started = time.monotonic()
    try:
        load_text(text, "fuzz.yml")
    except DecisionsError as exc:
        assert exc.problems, "a refusal names at least one problem"
        for problem in exc.problems:
            assert problem.file == "fuzz.yml" and problem.line >= 1 and problem.path
    assert time.monotonic() - started < 3, "validation must not hang"


@settings(max_examples=300, deadline=None)
@given(documents)
def test_any_yaml_shape_is_validated_or_refused_with_a_field(document: object) -> None:
    _refused_cleanly(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, documents, max_size=6))
def test_shapes_under_real_section_names_are_refused_with_a_field(document: dict[str, object]) -> None:
    _refused_cleanly(yaml.safe_dump({"version": 1, "system": {"name": "arxos"}, **document}))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises_anything_but_a_decisions_error(text: str) -> None:
    _refused_cleanly(text)


def test_huge_strings_and_alias_expansion_are_refused_quickly() -> None:
    _refused_cleanly("version: 1\nsystem: {name: " + "a" * 300_000 + "}\n")
    bomb = (
        "a: &a ["
        + ",".join(["x"] * 50)
        + "]\n"
        + "".join(
            f"{c}: &{c} [" + ",".join([f"*{p}"] * 50) + "]\n" for p, c in zip("abcd", "bcde", strict=True)
        )
    )
    _refused_cleanly(bomb)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_cli_answers_random_bytes_with_exit_2_and_writes_nothing(tmp_path: Path, data: bytes) -> None:
    source = tmp_path / "decisions.yml"
    source.write_bytes(data)
    dest = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", "new", str(dest), "--decisions", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{source}:" in result.stderr
    assert not dest.exists()

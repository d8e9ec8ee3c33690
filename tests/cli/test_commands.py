"""The command line: exit codes 0 ok, 1 a check found a problem, 2 bad usage or input; no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import SHARED_CORPUS

from arxscaffold.cli import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_validate_bad_file_exits_2_with_file_line_and_field_and_no_traceback() -> None:
    bad = SHARED_CORPUS / "invalid" / "unknown-cloud.yml"
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3: deploy.cloud: 'ibm' is not allowed (allowed: aws, azure, gcp, hybrid)" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_good_file_exits_0() -> None:
    result = run("validate", str(SHARED_CORPUS / "valid" / "one-service.yml"))
    assert result.returncode == 0, result.stderr


def test_missing_file_exits_2() -> None:
    result = run("validate", "/nonexistent/decisions.yml")
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_unknown_verb_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2


def test_init_writes_a_valid_commented_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "decisions.yml"
    assert main(["init", str(target)]) == 0
    assert "# react | vue | angular | htmx" in target.read_text()
    assert main(["validate", str(target)]) == 0
    assert main(["init", str(target)]) == 2


def test_schema_accepts_valid_files_and_rejects_invalid_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in (SHARED_CORPUS / "valid").glob("*.yml"):
        assert not list(validator.iter_errors(yaml.safe_load(path.read_text()))), path
    for name in (
        "unknown-cloud.yml",
        "zero-replicas.yml",
        "misspelt-section.yml",
        "name-with-space.yml",
    ):
        data = yaml.safe_load((SHARED_CORPUS / "invalid" / name).read_text())
        assert list(validator.iter_errors(data)), name


def test_new_with_bad_decisions_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    result = run(
        "new",
        str(tmp_path / "out"),
        "--decisions",
        str(SHARED_CORPUS / "invalid" / "pinia-with-react.yml"),
    )
    assert result.returncode == 2
    assert "web.state" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_into_non_empty_folder_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    result = run("new", str(tmp_path))
    assert result.returncode == 2
    assert "not empty" in result.stderr


def test_new_with_built_in_defaults_generates_the_system(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "arxos"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "arxos" / "decisions.yml").is_file()

"""Trust: nothing arxscaffold generates carries a secret value (a secret scanner over every reference
output finds nothing), and the scanner does find one when it is there."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings


def _scan(folder: Path) -> list[str]:
    secrets = SecretsCollection()
    with default_settings():
        secrets.scan_files(*(str(p) for p in sorted(folder.rglob("*")) if p.is_file()))
    return [f"{file}:{secret.line_number}: {secret.type}" for file, secret in secrets]


def test_secret_scanner_finds_nothing_in_any_reference_output() -> None:
    findings = _scan(ROOT / "reference")
    assert not findings, "secret-like values in generated files:\n" + "\n".join(findings)


def test_secret_scanner_finds_a_planted_credential(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text('DATABASE_URL = "postgresql://admin:s3cr3t-Pa55@db:5432/app"\n')
    assert _scan(tmp_path) == [f"{tmp_path / 'settings.py'}:1: Basic Auth Credentials"]

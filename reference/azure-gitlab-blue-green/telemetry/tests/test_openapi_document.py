"""The committed openapi.json is the app's schema: an API change without `make openapi` fails."""

import difflib
import json
from pathlib import Path

from fastapi import FastAPI

from telemetry.openapi import DOCUMENT, document, main


def test_committed_document_is_the_apps_schema(app: FastAPI) -> None:
    expected = document(app)
    committed = DOCUMENT.read_text() if DOCUMENT.is_file() else ""
    if committed != expected:
        diff = difflib.unified_diff(
            committed.splitlines(),
            expected.splitlines(),
            "openapi.json",
            "app.openapi()",
            lineterm="",
        )
        shown = "\n".join(list(diff)[:80])
        raise AssertionError(
            "openapi.json differs from the app's schema: run `make openapi`, review the diff and "
            f"commit it (clients and the catalog read that file).\n{shown}"
        )


def test_document_is_canonical_json(app: FastAPI) -> None:
    text = document(app)
    assert text.endswith("}\n")
    assert json.loads(text) == app.openapi()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_make_openapi_writes_the_document(app: FastAPI, tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    assert main([str(target)]) == 0
    assert json.loads(target.read_text())["paths"] == app.openapi()["paths"]

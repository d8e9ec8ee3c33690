"""The service's OpenAPI document, committed as ``openapi.json`` at the project root.

Clients, the catalog (Backstage) and reviewers read the committed file; the app derives the same
document from its routes and models. ``make openapi`` writes it, and
tests/test_openapi_document.py fails while the two differ, so an API change shows in review as a
diff of this file.
"""

import json
import os
import sys
from pathlib import Path

from fastapi import FastAPI

DOCUMENT = Path(__file__).resolve().parents[2] / "openapi.json"


def document(app: FastAPI) -> str:
    """Canonical text (sorted keys, 2-space indent, trailing newline): equal apps, equal bytes."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def default_app() -> FastAPI:
    """The app with default settings: the shell's settings variables must not reach the file."""
    from .core.config import ENV_PREFIX, Settings

    for variable in [v for v in os.environ if v.startswith(ENV_PREFIX)]:
        del os.environ[variable]
    from .main import create_app

    return create_app(Settings())


def main(argv: list[str] | None = None) -> int:
    """``python -m <package>.openapi [PATH]``: write the document (default: openapi.json)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else DOCUMENT
    target.write_text(document(default_app()))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

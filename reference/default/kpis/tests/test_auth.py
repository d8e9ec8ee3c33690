"""Routes that change state need the admin token (core/auth.py); reads and probes never do."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kpis.core import config
from kpis.core.config import Settings
from kpis.main import create_app

PREFIX = Settings.model_config["env_prefix"]
TOKEN = "s3cret-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
OPEN: set[tuple[str, str]] = set()
# In order; each must succeed with the token.
WRITES: list[tuple[str, str, dict[str, Any] | None, int]] = [
    ("post", "/v1/stream/readings", {"building_id": "hq", "energy_kwh": 1.5}, 200),
]


@pytest.fixture
def guarded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A started service whose admin token is TOKEN."""
    for name in list(os.environ):
        if name.startswith(PREFIX):
            monkeypatch.delenv(name)
    # Ready only with a data source: the generated sample, asked for explicitly.
    monkeypatch.setenv(f"{PREFIX}SAMPLE_DATA", "true")
    with TestClient(create_app(Settings(admin_token=TOKEN))) as client:
        yield client


def test_probes_and_metrics_need_no_token(guarded: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics"):
        assert guarded.get(path).status_code == 200, path


def test_every_operation_that_is_not_a_read_is_guarded_in_the_openapi_document(
    guarded: TestClient,
) -> None:
    # A new write route without the guard fails here, not in production.
    paths = guarded.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            guarded_here = operation.get("security") == [{"HTTPBearer": []}]
            if method in ("get", "head", "options") or (method, path) in OPEN:
                assert not guarded_here, f"{method.upper()} {path} needs no token"
            else:
                assert guarded_here, f"{method.upper()} {path} changes state without the token"
                # ... and says what a request without it gets (core.auth.document_admin).
                assert "401" in operation["responses"], f"{method.upper()} {path}: 401 undocumented"


def _call(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None, headers: dict[str, str]
) -> Any:
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
    ids=["none", "wrong", "not-bearer", "longer"],
)
def test_every_write_refuses_a_missing_or_wrong_token(
    guarded: TestClient, headers: dict[str, str]
) -> None:
    for method, path, body, _ in WRITES:
        response = _call(guarded, method, path, body, headers)
        assert response.status_code == 401, f"{method.upper()} {path}: {response.text}"
        assert response.headers["www-authenticate"] == "Bearer"


def test_every_write_succeeds_with_the_token(guarded: TestClient) -> None:
    replace: dict[str, str] = {}
    for method, path, body, expected in WRITES:
        for old, new in replace.items():
            path = path.replace(old, new)
        response = _call(guarded, method, path, body, ADMIN)
        assert response.status_code == expected, f"{method.upper()} {path}: {response.text}"


def test_without_a_token_writes_are_open_for_local_use(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(PREFIX):
            monkeypatch.delenv(name)
    assert Settings().admin_token.get_secret_value() == ""
    assert Settings().require_admin_token is False


def test_the_token_comes_from_the_pods_secret_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / f"{PREFIX}ADMIN_TOKEN").write_text(TOKEN)
    monkeypatch.setattr(config, "SECRETS_DIR", tmp_path)
    monkeypatch.delenv(f"{PREFIX}ADMIN_TOKEN", raising=False)

    class Reloaded(Settings):
        model_config = config.settings_config()

    settings = Reloaded(require_admin_token=True)
    assert settings.admin_token.get_secret_value() == TOKEN
    assert TOKEN not in repr(settings), "the token never shows in logs or tracebacks"


@pytest.mark.parametrize("token", ["", None], ids=["empty", "unset"])
def test_start_is_refused_in_one_line_when_the_token_is_required_and_empty(
    token: str | None,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    env[f"{PREFIX}REQUIRE_ADMIN_TOKEN"] = "true"
    env[f"{PREFIX}PORT"] = "1"  # never reached: the process must stop before it listens
    if token is not None:
        env[f"{PREFIX}ADMIN_TOKEN"] = token
    done = subprocess.run(
        [sys.executable, "-m", "kpis"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kpis: refusing to start: ")
    assert f"{PREFIX}ADMIN_TOKEN is empty" in lines[0]

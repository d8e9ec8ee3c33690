"""The pod check builds a pod's constraints around a process: uid 10001, read-only root, cwd /, volumes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from arxscaffold.smoke.service import pod_runtime

# Each test that starts a sandbox says so; the argument checks run everywhere.
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="SKIPPED: bwrap is not installed")


def run_in_pod(
    tmp_path: Path, script: str, secrets: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    volume = tmp_path / "data"
    volume.mkdir()
    secret_dir = None
    if secrets:
        secret_dir = tmp_path / "secrets"
        secret_dir.mkdir()
        for name, value in secrets.items():
            (secret_dir / name).write_text(value)
    command = [
        *pod_runtime.sandbox({"/tmp": tmp_path, "/data": volume}, secret_dir),
        "--",
        "sh",
        "-c",
        script,
    ]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


@needs_bwrap
def test_the_process_runs_as_the_pods_user_in_the_root_folder(tmp_path: Path) -> None:
    done = run_in_pod(tmp_path, "id -u; id -g; pwd")
    assert done.stdout.split() == ["10001", "10001", "/"], done.stderr


@needs_bwrap
def test_only_the_declared_paths_are_writable(tmp_path: Path) -> None:
    done = run_in_pod(tmp_path, "touch /tmp/a && touch /data/b && echo volumes-ok; touch /x || echo root-ro")
    assert done.stdout.split() == ["volumes-ok", "root-ro"], done.stderr
    assert (tmp_path / "data" / "b").is_file(), "the volume is the host folder the check inspects"
    assert "Read-only file system" in done.stderr


@needs_bwrap
def test_the_secret_is_mounted_read_only_where_the_pod_mounts_it(tmp_path: Path) -> None:
    done = run_in_pod(
        tmp_path,
        f"cat {pod_runtime.SECRETS}/TOKEN; echo; touch {pod_runtime.SECRETS}/x || echo ro",
        {"TOKEN": "s3cret"},
    )
    assert done.stdout.split() == ["s3cret", "ro"], done.stderr


def test_a_volume_inside_a_host_folder_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="use a top-level folder"):
        pod_runtime.sandbox({"/tmp": tmp_path, "/var/lib/app": tmp_path}, None)

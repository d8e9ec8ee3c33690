"""Start a generated service the way its pod runs it, without a container engine.

The deploy stack promises a pod as uid 10001 with a read-only root filesystem, working directory `/`, writable
only at `writablePaths` (and `statePath`), its settings from the stack's ConfigMap and its secrets as files at
/run/secrets/app. bubblewrap (Debian package `bubblewrap`) builds exactly that around the service installed
as its image installs it (a non-editable install into a venv on the system's Python), so a service that writes
beside itself, reads a relative path or needs root fails here instead of on its first rollout.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import yaml

from arxscaffold.smoke.harness import process

UID = 10001  # the deploy stack's runAsUser / runAsGroup
SYSTEM_PYTHON = Path("/usr/bin/python3")  # readable by uid 10001, unlike an interpreter under /root
SECRETS = "/run/secrets/app"
# Outside /tmp (the pod's /tmp is a fresh tmpfs that would hide it) and readable by everyone.
SCRATCH = Path("/var/tmp")


def missing_tools() -> list[str]:
    absent = [] if shutil.which("bwrap") else ["bwrap (apt-get install bubblewrap)"]
    if not SYSTEM_PYTHON.is_file():
        absent.append(f"{SYSTEM_PYTHON} (the system's Python, readable by uid {UID})")
    if not shutil.which("uv"):
        absent.append("uv (pip install uv)")
    return absent


def pod_spec(project: Path) -> dict[str, Any]:
    """What the deploy stack gives the pod: writable paths, the state folder and the prod settings."""
    deploy = project / "deploy"
    config = yaml.safe_load((deploy / "Pulumi.yaml").read_text())["config"]
    app = str(config["app"]["default"])
    prefix = str(config["envPrefix"]["default"] or "")
    stack = yaml.safe_load((deploy / "Pulumi.prod.yaml").read_text())["config"]
    settings = {f"{prefix}{k}": str(v) for k, v in (stack.get(f"{app}:settings") or {}).items()}
    writable = [str(p) for p in config["writablePaths"]["default"]]
    if "statePath" in config:
        writable.append(str(config["statePath"]["default"]))
    return {"app": app, "prefix": prefix, "settings": settings, "writable": writable}


def install(project: Path, scratch: Path) -> Path:
    """The service installed like its image does it (a wheel, not editable) into a venv uid 10001 can read."""
    venv = scratch / "venv"
    uv = str(shutil.which("uv"))
    subprocess.run([uv, "venv", "-q", "--python", str(SYSTEM_PYTHON), str(venv)], check=True)
    result = subprocess.run(
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, (
        f"installing {project.name} as its image does failed:\n{result.stderr[-2000:]}"
    )
    _readable(scratch)
    return venv


def sandbox(writable: dict[str, Path], secrets: Path | None) -> list[str]:
    """bwrap arguments: the host's root read-only, /tmp and each writable path fresh, uid 10001, cwd /."""
    tops = {Path(p).parts[1] for p in writable}
    args = ["bwrap", "--tmpfs", "/"]
    for entry in sorted(Path("/").iterdir()):
        if entry.name in ("proc", "dev", "sys", "tmp"):
            continue
        if entry.name in tops:  # the pod's volume replaces the host's folder of that name
            _top_level_only(entry, writable)
            continue
        if entry.name == "run" and secrets is not None:
            continue  # the pod's /run holds its Secret, nothing of the host's
        if entry.is_symlink():
            args += ["--symlink", str(entry.readlink()), str(entry)]
        else:
            args += ["--ro-bind", str(entry), str(entry)]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path, source in writable.items():
        if path != "/tmp":
            args += ["--bind", str(source), path]
    if secrets is not None:
        args += ["--ro-bind", str(secrets), SECRETS]
    # Mount points are made in the tmpfs root; then it turns read-only like the pod's root filesystem.
    args += ["--remount-ro", "/", "--unshare-user", "--uid", str(UID), "--gid", str(UID), "--chdir", "/"]
    return args


def _top_level_only(entry: Path, writable: dict[str, Path]) -> None:
    deeper = [p for p in writable if Path(p).parts[1] == entry.name and len(Path(p).parts) > 2]
    assert not deeper, (
        f"writable path(s) {', '.join(deeper)} lie inside the host's {entry}, which the pod check cannot "
        "shadow; use a top-level folder (e.g. /data) for a pod's volume"
    )


@contextmanager
def running_as_pod(
    project: Path, package: str, secrets: dict[str, str] | None = None
) -> Iterator[tuple[str, process.Server]]:
    """Yield the base URL of the service started under its pod's constraints, and the server to stop."""
    spec = pod_spec(project)
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pod-", dir=SCRATCH)))
        venv = install(project, scratch)
        writable: dict[str, Path] = {}
        for path in spec["writable"]:
            folder = scratch / "volumes" / path.strip("/").replace("/", "-")
            # Owned by the caller, whom the user namespace maps to uid 10001: writable by the service, like
            # an emptyDir or a volume with fsGroup 10001.
            folder.mkdir(parents=True)
            writable[path] = folder
        secret_dir = None
        if secrets:
            secret_dir = scratch / "secrets"
            secret_dir.mkdir()
            for name, value in secrets.items():
                (secret_dir / name).write_text(value)
            _readable(secret_dir)
        port = process.free_port()
        env = {
            "PATH": f"{venv}/bin:/usr/local/bin:/usr/bin:/bin",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
            **spec["settings"],
            # The ConfigMap's HOST is 0.0.0.0 (all pod interfaces); loopback is enough here.
            f"{spec['prefix']}HOST": "127.0.0.1",
            f"{spec['prefix']}PORT": str(port),
        }
        command = [*sandbox(writable, secret_dir), "--clearenv"]
        for key, value in sorted(env.items()):
            command += ["--setenv", key, value]
        command += ["--", f"{venv}/bin/python", "-m", package]
        log = scratch / "pod.log"
        server = stack.enter_context(process.running(command, project, {}, log))
        base = f"http://127.0.0.1:{port}"
        ready = process.wait_until(
            lambda: server.process.poll() is None and _status(f"{base}/readyz") == 200, timeout=60
        )
        assert ready, f"{spec['app']} never became ready under its pod's constraints:\n{server.output()}"
        yield base, server


def _status(url: str) -> int:
    try:
        return process.http_get(url, timeout=2)[0]
    except OSError:
        return 0


def _readable(folder: Path) -> None:
    subprocess.run(["chmod", "-R", "a+rX", str(folder)], check=True)

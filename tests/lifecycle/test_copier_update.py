"""A generated component records answers that `copier update` can use, and local edits survive it."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

from arxscaffold.copier_runtime import template_snapshot
from arxscaffold.decisions import load_text
from arxscaffold.render import TEMPLATE_REF, NewRequest, new

SOLO = "version: 1\nsystem: {name: solo}\ncomponents: [{name: sensors, kind: iot-service}]\n"


def git(cwd: Path, *args: str) -> str:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run(
        ["git", *env_args, *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def _template_repo(at: Path) -> Path:
    """The template as a git repo tagged with the version the answers file records."""
    shutil.copytree(template_snapshot(), at, symlinks=True)
    git(at, "init", "-q")
    git(at, "add", "-A")
    git(at, "commit", "-q", "-m", "template")
    git(at, "tag", TEMPLATE_REF)
    return at


def test_copier_update_keeps_a_local_edit_and_brings_a_template_change(tmp_path: Path) -> None:
    from copier import run_update

    template = _template_repo(tmp_path / "template")
    project = tmp_path / "sensors"
    new(NewRequest(load_text(SOLO), project, components=("sensors",)))
    # Point the recorded template URL at the local mirror, as a team without network access would.
    answers = project / ".copier-answers.yml"
    lines = answers.read_text().splitlines()
    answers.write_text(
        "\n".join(f"_src_path: {template}" if line.startswith("_src_path:") else line for line in lines)
        + "\n"
    )
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nOur team's note.\n")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated + edited")

    # A new template version changes the Makefile's first line.
    makefile = next(template.glob("templates/service/Makefile*"))
    makefile.write_text("# template v2\n" + makefile.read_text())
    git(template, "commit", "-q", "-am", "v2")
    git(template, "tag", "v99.0.0")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_update(project, overwrite=True, defaults=True, quiet=True, unsafe=False, vcs_ref="v99.0.0")
    assert "Our team's note." in readme.read_text()
    assert (project / "Makefile").read_text().startswith("# template v2\n")
    assert "<<<<<<<" not in (project / "Makefile").read_text()

"""The Copier boundary: its speed-ups change nothing a render writes, and the template works with plain
Copier's own CLI (`copier copy --defaults`), as a user who never installed arxscaffold would run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from arxscaffold import copier_runtime, reference, starter
from arxscaffold.errors import UsageError
from arxscaffold.render import plan_targets, render_targets

ROOT = Path(__file__).resolve().parents[2]
PROFILES = sorted(p.stem for p in (ROOT / "reference" / reference.PROFILES).glob("*.yml"))


def _tree(folder: Path) -> dict[str, tuple[str, bytes | str, bool]]:
    """Every entry below ``folder``: a symlink's target, else a file's bytes and executable bit."""
    entries: dict[str, tuple[str, bytes | str, bool]] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            entries[rel] = ("link", str(path.readlink()), False)
        elif path.is_file():
            entries[rel] = ("file", path.read_bytes(), bool(path.stat().st_mode & 0o111))
    return entries


@pytest.fixture(scope="module")
def renders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Path]]]:
    """Every reference profile rendered once with plain Copier and once with the speed-ups."""
    profiles = reference.profiles(ROOT / "reference")
    out: dict[str, dict[str, Path]] = {}
    for way, switch in (("plain", "1"), ("fast", "0")):
        with pytest.MonkeyPatch.context() as env:
            env.setenv(copier_runtime.PLAIN_SWITCH, switch)
            for name, decisions in profiles.items():
                into = tmp_path_factory.mktemp(f"{way}-{name}")
                render_targets(decisions, plan_targets(decisions), into)
                out.setdefault(name, {})[way] = into
    yield out


@pytest.mark.parametrize("profile", PROFILES)
def test_speedups_render_every_profile_byte_for_byte_as_plain_copier(
    renders: dict[str, dict[str, Path]], profile: str
) -> None:
    plain, fast = _tree(renders[profile]["plain"]), _tree(renders[profile]["fast"])
    assert len(plain) > 10  # the profile rendered at all
    assert sorted(plain) == sorted(fast)
    assert [p for p in plain if plain[p] != fast[p]] == []


def test_the_plain_switch_leaves_copier_unpatched(monkeypatch: pytest.MonkeyPatch) -> None:
    import copier._jinja_ext as copier_jinja
    import copier._main as copier_main
    import copier._template as copier_template

    originals = (
        copier_main.is_git_available,
        copier_template.load_template_config,
        copier_jinja.SandboxedEnvironment.from_string,
        copier_jinja.SandboxedEnvironment.__init__,
    )

    def current() -> tuple[object, ...]:
        return (
            copier_main.is_git_available,
            copier_template.load_template_config,
            copier_jinja.SandboxedEnvironment.from_string,
            copier_jinja.SandboxedEnvironment.__init__,
        )

    monkeypatch.setenv(copier_runtime.PLAIN_SWITCH, "1")
    with copier_runtime.speedups(), copier_runtime.shared_clones("x", {}):
        assert current() == originals
        assert copier_template.clone is not None and copier_template.clone.__module__.startswith("copier")
    monkeypatch.setenv(copier_runtime.PLAIN_SWITCH, "no-mode-probe")
    with copier_runtime.speedups():
        changed = [a is not b for a, b in zip(current(), originals, strict=True)]
        assert changed == [False, True, True, True]
    monkeypatch.delenv(copier_runtime.PLAIN_SWITCH)
    with copier_runtime.speedups():
        assert all(a is not b for a, b in zip(current(), originals, strict=True))
    assert current() == originals  # restored on leaving


def test_an_unknown_speedup_name_is_refused_with_the_known_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(copier_runtime.PLAIN_SWITCH, "config-once,warp-drive")
    with pytest.raises(UsageError, match=r"unknown speed-up warp-drive \(known: no-mode-probe, "):
        copier_runtime.speedups_off()


def test_plain_copier_cli_copies_with_defaults_alone(tmp_path: Path) -> None:
    """`copier copy --defaults <template> DEST` needs no answer: every question has a default."""
    template = tmp_path / "template"
    shutil.copytree(copier_runtime.template_snapshot(), template, symlinks=True)
    copier = Path(sys.executable).with_name("copier")
    done = subprocess.run(
        [str(copier), "copy", "--defaults", "--quiet", str(template), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answers = yaml.safe_load((tmp_path / "out" / ".copier-answers.yml").read_text())
    assert answers["kind"] == "system" and answers["system_name"] == starter.SYSTEM_NAME
    decisions = yaml.safe_load((tmp_path / "out" / "decisions.yml").read_text())
    assert decisions["system"]["name"] == starter.SYSTEM_NAME
    assert (tmp_path / "out" / "docs" / "architecture.md").is_file()

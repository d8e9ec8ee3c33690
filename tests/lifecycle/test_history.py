"""Every template history is served under the recorded template URL; Copier must see the one of this
run, never a mirror cached by an earlier or concurrent run (the same tag there can hold other files)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from lifecycle_support import commit_all, git

from arxscaffold import history
from arxscaffold.render import TEMPLATE_REF, TEMPLATE_URL


def tiny_template(at: Path, text: str) -> Path:
    """A one-file Copier template whose only commit is tagged as this version."""
    at.mkdir(parents=True)
    (at / "copier.yml").write_text("_answers_file: .answers.yml\n")
    (at / "hello.txt").write_text(text)
    git(at, "init", "-q", "-b", "main")
    commit_all(at, text)
    git(at, "tag", TEMPLATE_REF)
    return at


def copy_from_recorded_url(dest: Path) -> str:
    from copier import run_copy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_copy(TEMPLATE_URL, dest, vcs_ref=TEMPLATE_REF, defaults=True, quiet=True)
    return (dest / "hello.txt").read_text()


def test_each_history_is_seen_fresh_not_through_a_cached_mirror(tmp_path: Path) -> None:
    for run, text in enumerate(["first history\n", "second history, same tag\n"]):
        template = tiny_template(tmp_path / f"run{run}" / "template", text)
        with history._redirected(template):
            assert copy_from_recorded_url(tmp_path / f"out{run}") == text


def test_histories_never_share_copier_s_mirror_cache(tmp_path: Path) -> None:
    # A shared mirror is refreshed by whichever run fetches last: a run that overlaps another one then
    # reads the other history's tags (seen as "downgrading from 0.2.0.post1+<hash>").
    caches = []
    for run in range(2):
        template = tiny_template(tmp_path / f"run{run}" / "template", f"history {run}\n")
        with history._redirected(template):
            caches.append(Path(os.environ["COPIER_CACHE_DIR"]))
        assert "COPIER_CACHE_DIR" not in os.environ or Path(os.environ["COPIER_CACHE_DIR"]) != caches[-1]
    assert caches[0] != caches[1]
    assert all(cache.parent == tmp_path / f"run{run}" for run, cache in enumerate(caches))

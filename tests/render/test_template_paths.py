"""Template names stay plain (issue #14): a framework or platform is a tree of its own, and what a
decision brings is a row of catalog/paths.py, rendered into copier.yml's `_exclude`.

These tests keep it so: few names hold a condition and none repeats one, every row of the table still
names template paths (no dead rule), and every option that splits a kind's tree has its folder.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pathspec import PathSpec

from arxscaffold import __version__, catalog, copier_config
from arxscaffold.catalog import paths

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
CONDITION = re.compile(r"\{%\s*(?:if|yield)\b.*?%\}")
MAX_CONDITIONAL_NAMES = 72  # the ceiling; today 9 (5 yields, two pairs of same-named files)
MAX_NAMES_PER_CONDITION = 3


def conditional_names() -> list[Path]:
    """Every file or folder under templates/ whose own name holds a Jinja condition."""
    found = []
    for folder, dirnames, filenames in os.walk(TEMPLATES):
        found += [Path(folder) / n for n in (*dirnames, *filenames) if CONDITION.search(n)]
    return found


def rendered_paths(tree: str) -> set[str]:
    """The paths a render of ``tree`` can write, as `_exclude` sees them: through symlinked folders,
    without `.jinja`, the package folder as its placeholder."""
    top = TEMPLATES / tree
    found: set[str] = set()
    for folder, dirnames, filenames in os.walk(top, followlinks=True):
        for name in (*dirnames, *filenames):
            rel = (Path(folder) / name).relative_to(top).as_posix()
            found.add(rel.removesuffix(".jinja").replace("{{ package }}", "pkg"))
    return found


def trees_of(row: paths.Brings) -> list[str]:
    """The template folders a row's trees stand for ("web" is every web framework's tree)."""
    every = catalog.template_trees()
    return [t for t in every for want in row.trees if t == want or t.startswith(want + "/")]


def test_few_names_hold_a_condition_and_none_repeats_one() -> None:
    names = conditional_names()
    assert len(names) <= MAX_CONDITIONAL_NAMES, [str(n.relative_to(TEMPLATES)) for n in names]
    counts = Counter(c for n in names for c in CONDITION.findall(n.name))
    repeated = {c: n for c, n in counts.items() if n > MAX_NAMES_PER_CONDITION}
    assert not repeated, f"write these once in catalog/paths.py instead: {repeated}"


def test_no_folder_is_switched_off_for_good() -> None:
    assert not [n for n in conditional_names() if re.search(r"\{%\s*if\s+false\s*%\}", n.name)]


@pytest.mark.parametrize("row", paths.ROWS, ids=lambda r: r.what)
def test_every_path_of_the_table_is_a_template_path(row: paths.Brings) -> None:
    trees = trees_of(row)
    assert trees, f"{row.what}: no template tree is named {row.trees}"
    held = {tree: rendered_paths(tree) for tree in trees}
    for pattern in row.paths:
        assert pattern.startswith("/"), f"{pattern}: anchor it, or it matches the same name deeper down"
        spec = PathSpec.from_lines("gitignore", [pattern])  # as Copier matches, pathspec >= 1
        assert any(any(spec.match_file(p) for p in found) for found in held.values()), (
            f"{row.what}: {pattern} matches nothing in {trees} (a dead rule)"
        )


@pytest.mark.parametrize("kind", [k.key for k in catalog.templated_kinds()])
def test_every_option_that_splits_a_kind_has_its_tree(kind: str) -> None:
    spec = catalog.kind(kind)
    trees = catalog.kind_trees(spec)
    if spec.subtree_by:
        split = catalog.decision(spec.subtree_by)
        assert split is not None
        assert trees == tuple(f"{spec.tree}/{v}" for v in catalog.generated_values(split))
    for tree in trees:
        assert (TEMPLATES / tree).is_dir(), tree
        # A tree holds its component's answers file, the mark of a folder Copier renders from.
        assert any(p.name.startswith("{{ _copier_conf.answers_file }}") for p in (TEMPLATES / tree).iterdir())


def test_split_trees_hold_only_their_options_folders() -> None:
    """templates/web/ holds one folder per framework and nothing else: shared files sit in partials/."""
    for spec in catalog.templated_kinds():
        if spec.subtree_by:
            held = {p.name for p in (TEMPLATES / str(spec.tree)).iterdir()}
            assert held == {t.split("/", 1)[1] for t in catalog.kind_trees(spec)}


def test_every_symlink_stays_inside_the_template() -> None:
    """Copier follows a symlink only to a target inside the template root, and a broken one fails late."""
    for folder, dirnames, filenames in os.walk(TEMPLATES):
        for name in (*dirnames, *filenames):
            path = Path(folder) / name
            if path.is_symlink():
                assert path.exists(), f"{path.relative_to(TEMPLATES)} is broken"
                assert path.resolve().is_relative_to(TEMPLATES.resolve()), path


def test_copier_yml_excludes_the_table_for_this_version_after_copiers_defaults() -> None:
    config = yaml.safe_load((ROOT / "copier.yml").read_text())
    rules = config["_exclude"]
    assert rules[:-1] == list(copier_config.DEFAULT_EXCLUDE)
    lines = rules[-1].splitlines()
    # An update renders the old version with this version's exclusions: they must not apply to it.
    assert lines[1] == f"{{% if template_version == '{__version__}' %}}" and lines[-1] == "{% endif %}"
    body = lines[2:-1]
    for row in paths.ROWS:
        at = body.index(f"{{# {row.what} #}}")
        assert body[at + 1].endswith(f"not ({row.when}) %}}")
        assert body[at + 2 : at + 2 + len(row.paths)] == list(row.paths)
        assert body[at + 2 + len(row.paths)] == "{% endif %}"
        del body[at : at + 3 + len(row.paths)]
    assert body == []

"""The suite's own layout: every test module is `tests/<family>/test_<subject>.py` (the folder names the
family, so the file name never repeats it), basenames are unique (pytest's default import mode needs that
without __init__.py), and no test module skips itself whole, here or among the smoke's own test modules:
a skip belongs to a test, with its reason, so a missing tool shows as SKIPPED tests, never as a file
that quietly collects nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

TESTS = ROOT / "tests"
SMOKE = ROOT / "src" / "arxscaffold" / "smoke"
# This module only: the specification of the suite itself sits beside conftest.py.
ROOT_FILES = {"conftest.py", "test_layout.py"}


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "corpus" not in p.relative_to(folder).parts)


def whole_module_skips(source: str) -> list[str]:
    """What in a module's own top level (outside every def and class) skips or xfails the whole file."""
    module = ast.parse(source)
    # Anywhere: the flag exists only to skip a whole module, whichever helper calls it.
    found = [
        f"line {node.lineno}: pytest.skip(allow_module_level=...)"
        for node in ast.walk(module)
        if isinstance(node, ast.Call) and any(k.arg == "allow_module_level" for k in node.keywords)
    ]
    for statement in _top_level(module.body):
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and _name(node.func).endswith("importorskip"):
                found.append(f"line {node.lineno}: importorskip at module level")
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        if any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in targets):
            marks = {_name(n) for n in ast.walk(statement) if isinstance(n, ast.Attribute)}
            skipping = sorted(m for m in marks if m.rsplit(".", 1)[-1] in {"skip", "skipif", "xfail"})
            if skipping:
                found.append(f"line {statement.lineno}: pytestmark = {', '.join(skipping)}")
    return found


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Module statements, descending into if/try/with blocks but never into a def or a class."""
    out: list[ast.stmt] = []
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        out.append(statement)
        for field in ("body", "orelse", "finalbody"):
            out += _top_level(getattr(statement, field, []))
        for handler in getattr(statement, "handlers", []):
            out += _top_level(handler.body)
    return out


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def test_every_test_module_sits_in_a_family_folder_named_by_its_subject() -> None:
    misplaced = []
    for path in _modules(TESTS):
        parts = path.relative_to(TESTS).parts
        if len(parts) == 1:
            ok = parts[0] in ROOT_FILES
        else:
            family, name = parts[0], parts[-1]
            words = name.removesuffix(".py").split("_")
            helper = name.endswith("_support.py")
            ok = len(parts) == 2 and (helper or (words[0] == "test" and family not in words[1:]))
        if not ok:
            misplaced.append("/".join(parts))
    assert not misplaced, f"not tests/<family>/test_<subject>.py (or a <x>_support.py helper): {misplaced}"


def test_basenames_are_unique_across_folders() -> None:
    names = [p.name for p in _modules(TESTS)]
    assert sorted({n for n in names if names.count(n) > 1}) == []


@pytest.mark.parametrize("folder", [TESTS, SMOKE], ids=["tests", "smoke"])
def test_no_test_module_skips_itself_whole(folder: Path) -> None:
    modules = [p for p in _modules(folder) if p.name.startswith("test_") or p.name == "conftest.py"]
    assert modules
    skips = {str(p.relative_to(ROOT)): whole_module_skips(p.read_text()) for p in modules}
    assert {path: found for path, found in skips.items() if found} == {}


@pytest.mark.parametrize(
    "source",
    [
        'import pytest\npytestmark = pytest.mark.skipif(True, reason="no tool")\n',
        "import pytest\npytestmark = [pytest.mark.smoke, pytest.mark.skip]\n",
        'import pytest\nnumpy = pytest.importorskip("numpy")\n',
        'import pytest\ntry:\n    import x\nexcept ImportError:\n    pytest.importorskip("x")\n',
        'import pytest\nif True:\n    pytest.skip("no tool", allow_module_level=True)\n',
    ],
)
def test_each_whole_module_skip_is_found(source: str) -> None:
    assert whole_module_skips(source)


def test_a_skip_of_one_test_or_fixture_and_a_plain_marker_are_allowed() -> None:
    source = (
        "import pytest\n"
        "pytestmark = pytest.mark.smoke\n"
        'needs = pytest.mark.skipif(True, reason="SKIPPED: no tool")\n'
        "@pytest.fixture\n"
        "def tool():\n"
        '    pytest.importorskip("x")\n'
        '    pytest.skip("SKIPPED: no tool")\n'
    )
    assert whole_module_skips(source) == []

"""pytest plugin behind `arxscaffold smoke`: one test per generated component, given as --smoke-path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold import catalog
from arxscaffold.smoke.harness.discover import GeneratedComponent, find_components

SMOKE = Path(__file__).resolve().parents[1]  # smoke/: one folder per family of checks


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("arxscaffold smoke")
    group.addoption("--smoke-path", action="append", default=[], help="generated system or component")
    group.addoption("--smoke-no-cache", action="store_true", help="run checks even on a cache hit")
    group.addoption("--smoke-workdir", default=None, help="where components are copied to be built")
    group.addoption("--smoke-selection", default=None, help="--changed-since selection (JSON): what to skip")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "component" in metafunc.fixturenames:
        paths = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
        # `component` is a Python service; web, mobile, deploy and pipeline checks parametrize their own.
        components = [c for c in find_components(paths) if _tree(c.kind) == "service"]
        metafunc.parametrize("component", components, ids=[c.id for c in components])


def _tree(kind: str) -> str | None:
    return catalog.kind(kind).tree if kind in catalog.kind_keys() else None


@pytest.fixture
def use_cache(request: pytest.FixtureRequest) -> bool:
    return not request.config.getoption("--smoke-no-cache")


def private_copy(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    component: GeneratedComponent,
    ignored: tuple[str, ...],
) -> Path:
    """A private copy of a component (``ignored`` build output left out), under --smoke-workdir or a
    temporary folder: building never writes into reference/ or the user's tree."""
    base = request.config.getoption("--smoke-workdir")
    root = Path(base) if base else tmp_path_factory.mktemp("smoke")
    target = root / component.id.replace("/", "--")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(component.path, target, symlinks=True, ignore=shutil.ignore_patterns(*ignored))
    return target


@pytest.fixture
def workdir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    component: GeneratedComponent = request.getfixturevalue("component")
    return private_copy(request, tmp_path_factory, component, (".venv", "node_modules", "__pycache__"))


# Options of individual checks live in their own plugin modules, loaded with this one.
pytest_plugins = ["arxscaffold.smoke.web.artifacts"]


# --- `smoke --changed-since REF`: skip the tests of units whose rendered output is unchanged ---


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Name each test's component (for the time report); with a selection, mark every test of an
    unchanged unit SKIPPED with its reason: reported as skipped, never as passed."""
    for item in items:
        folder = _tested_folder(item)
        if folder is not None:
            # user_properties travel with the report to the xdist controller (and into the JUnit XML).
            item.user_properties.append(("smoke_component", _component_name(folder)))
    file = config.getoption("--smoke-selection")
    if not file:
        return
    from arxscaffold.smoke.harness.incremental import Selection, skip_reason

    selection = Selection.read(Path(file))
    units = sorted(selection.units, key=lambda u: len(u.path.parts), reverse=True)
    for item in items:
        folder = _tested_folder(item)
        unit = next((u for u in units if folder is not None and folder.is_relative_to(u.path)), None)
        if unit is None or unit.runs(_family(item)):
            continue
        # A unit that runs only its changed families skips the others: they are unchanged since REF.
        reason = unit.reason if not unit.run else skip_reason(selection.ref)
        item.add_marker(pytest.mark.skip(reason=reason))


def _family(item: pytest.Item) -> str | None:
    """The family of checks a test belongs to: the folder of smoke/ its module sits in."""
    path = item.path.resolve()
    return path.parent.name if path.parent.parent == SMOKE else None


def _component_name(folder: Path) -> str:
    """'<system>/<component>', '<system>/platform' or '<system>/system' for a tested folder."""
    from arxscaffold.render import ANSWERS_FILE

    owner = next((p for p in (folder, *folder.parents) if (p / ANSWERS_FILE).is_file()), folder)
    if owner.parent.joinpath(ANSWERS_FILE).is_file():
        return f"{owner.parent.name}/{owner.name}"
    return f"{owner.name}/{'platform' if folder == owner / 'platform' else 'system'}"


def _tested_folder(item: pytest.Item) -> Path | None:
    """The folder a smoke test checks, from its parameter (component, stack, mobile part or tree)."""
    callspec = getattr(item, "callspec", None)
    params: dict[str, object] = callspec.params if callspec is not None else {}
    for value in params.values():
        for holder, attribute in (
            (value, "folder"),
            (value, "path"),
            (getattr(value, "component", None), "path"),
        ):
            found = getattr(holder, attribute, None)
            if isinstance(found, Path):
                return found.resolve()
        if isinstance(value, Path):
            return value.resolve()
    return None


# --- time per component: summed over its checks (setup, call, teardown), printed after the run ---

_TIMES: dict[str, list[float]] = {}
_OUTCOMES: dict[str, list[str]] = {}
# What a check reports beyond pass/fail (a system's `make system-test` count and time), by unit.
_RESULTS: dict[str, str] = {}
RESULT = "smoke_result"


def pytest_sessionstart(session: pytest.Session) -> None:
    _TIMES.clear()  # pytest.main may run more than once in one process (tests, benchmarks)
    _OUTCOMES.clear()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    unit = str(dict(report.user_properties).get("smoke_component", ""))
    if not unit:
        return  # not a component's check (e.g. pytest's placeholder for an empty parameter set)
    _TIMES.setdefault(unit, []).append(report.duration)
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _OUTCOMES.setdefault(unit, []).append(report.outcome)
    result = dict(report.user_properties).get(RESULT)
    if report.when == "call" and result:
        _RESULTS[unit] = str(result)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    if not _TIMES:
        return
    terminalreporter.section("time per component")
    for unit, times in sorted(_TIMES.items(), key=lambda item: -sum(item[1])):
        outcomes = _OUTCOMES.get(unit, [])
        counts = ", ".join(
            f"{outcomes.count(o)} {o}" for o in ("passed", "failed", "skipped") if o in outcomes
        )
        terminalreporter.write_line(f"{sum(times):8.1f}s  {unit}  ({counts or 'no result'})")
    total = sum(sum(t) for t in _TIMES.values())
    terminalreporter.write_line(f"{total:8.1f}s  total check time (wall time is lower with --jobs)")
    if _RESULTS:
        terminalreporter.section("results")
        for unit, result in sorted(_RESULTS.items()):
            terminalreporter.write_line(f"{unit}: {result}")

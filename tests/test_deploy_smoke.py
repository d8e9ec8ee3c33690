"""The deploy smoke check fails when the generated deploy code loses a security setting.

A component is rendered, `runAsNonRoot` is removed from its Workload (as a careless template edit
would), and the same check `arxscaffold smoke` runs must fail: first through the generated mock
tests, and, with those tests weakened too, through the checkov scan of the exported manifests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke import kubernetes_stacks
from arxscaffold.smoke.kubernetes_stacks import Stack

pytestmark = pytest.mark.smoke

SOLO = "version: 1\nsystem: {name: solo}\ncomponents: [{name: sensors, kind: iot-service}]\n"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if kubernetes_stacks.required_tools():
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(kubernetes_stacks.required_tools())}")
    dest = tmp_path_factory.mktemp("deploy") / "solo"
    new(NewRequest(load_text(SOLO, "solo.yml"), dest))
    return dest


def _insecure_copy(rendered: Path, tmp_path: Path) -> tuple[Stack, Path]:
    stack = next(s for s in kubernetes_stacks.find_stacks([rendered]) if s.id.endswith("/deploy"))
    project = tmp_path / "deploy"
    shutil.copytree(stack.folder, project)
    workload = project / "workload.py"
    source = workload.read_text()
    insecure = re.sub(r'^\s*"run_as_non_root": True,\n', "", source, flags=re.MULTILINE)
    assert insecure.count("run_as_non_root") == 0 < source.count("run_as_non_root")
    workload.write_text(insecure)
    return stack, project


def test_removing_run_as_non_root_fails_the_generated_mock_tests(rendered: Path, tmp_path: Path) -> None:
    stack, project = _insecure_copy(rendered, tmp_path)
    with pytest.raises(pytest.fail.Exception, match=r"make lint test manifests.*runAsNonRoot"):
        kubernetes_stacks.check(stack, project)


def test_removing_run_as_non_root_fails_the_policy_scan_even_without_the_tests(
    rendered: Path, tmp_path: Path
) -> None:
    stack, project = _insecure_copy(rendered, tmp_path)
    tests = project / "tests" / "test_workload.py"
    tests.write_text(
        re.sub(r'^\s*assert .*\["runAsNonRoot"\] is True\n', "", tests.read_text(), flags=re.MULTILINE)
    )
    with pytest.raises(AssertionError, match=r"checkov found failed checks:\n.*CKV_K8S_23"):
        kubernetes_stacks.check(stack, project)

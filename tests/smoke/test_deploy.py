"""The deploy smoke check fails when the generated deploy code loses a security setting.

A component is rendered, `runAsNonRoot` is removed from its Workload (as a careless template edit
would), and the same check `arxscaffold smoke` runs must fail through the generated mock tests;
with the tests weakened too, a removed setting is still caught by the checkov scan of the manifests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.deploy import kubernetes_stacks
from arxscaffold.smoke.deploy.kubernetes_stacks import Stack

pytestmark = pytest.mark.smoke

SOLO = "version: 1\nsystem: {name: solo}\ncomponents: [{name: sensors, kind: iot-service}]\n"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if kubernetes_stacks.required_tools():
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(kubernetes_stacks.required_tools())}")
    dest = tmp_path_factory.mktemp("deploy") / "solo"
    new(NewRequest(load_text(SOLO, "solo.yml"), dest))
    return dest


def _insecure_copy(rendered: Path, tmp_path: Path, setting: str) -> tuple[Stack, Path]:
    """The component's deploy/ with one securityContext setting removed from workload.py."""
    stack = next(s for s in kubernetes_stacks.find_stacks([rendered]) if s.id.endswith("/deploy"))
    project = tmp_path / "deploy"
    shutil.copytree(stack.folder, project)
    workload = project / "workload.py"
    source = workload.read_text()
    insecure = re.sub(rf'^\s*"{setting}": \w+,\n', "", source, flags=re.MULTILINE)
    assert insecure.count(setting) == 0 < source.count(setting)
    workload.write_text(insecure)
    return stack, project


def test_removing_run_as_non_root_fails_the_generated_mock_tests(rendered: Path, tmp_path: Path) -> None:
    stack, project = _insecure_copy(rendered, tmp_path, "run_as_non_root")
    with pytest.raises(pytest.fail.Exception, match=r"(?s)make lint test manifests.*runAsNonRoot"):
        kubernetes_stacks.check(stack, project)


def test_the_policy_scan_catches_what_weakened_tests_let_through(rendered: Path, tmp_path: Path) -> None:
    # checkov accepts a pod without runAsNonRoot while runAsUser is non-zero, so this layer is
    # proven with a setting it does check: privilege escalation (CKV_K8S_20).
    stack, project = _insecure_copy(rendered, tmp_path, "allow_privilege_escalation")
    tests = project / "tests" / "test_workload.py"
    weakened = re.sub(
        r'^\s*assert .*\["allowPrivilegeEscalation"\] is False\n', "", tests.read_text(), flags=re.MULTILINE
    )
    assert weakened != tests.read_text()
    tests.write_text(weakened)
    with pytest.raises(AssertionError, match=r"checkov found failed checks:\n.*CKV_K8S_20"):
        kubernetes_stacks.check(stack, project)

"""Every path of a generated ci/release.sh, run for real against a recorded release state.

Each CI job starts from a fresh checkout (its Pulumi.<env>.yaml as committed); only the stand-in
backend (stack outputs and tags) outlives a job, as a Pulumi backend does. The health checks ask a
real HTTP server on loopback that answers like the generated services (404 on any other path).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.pipelines.release_script import (
    Bench,
    health_server,
    release_steps,
    release_twice_and_roll_back,
    stacks,
    strategy,
)

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
REPOSITORY = "registry.test/campus/app"
COMPONENTS = {
    "rolling": "default/insight",
    "blue-green": "azure-gitlab-blue-green/telemetry",
    "canary": "gcp-canary/forecast",
    "canary-alb": "vue-pinia-sse-offline/site-portal",
}

# An IoT service on SQLite: one replica on one volume, whatever the strategy says.
SQLITE_IOT = (
    "version: 1\nsystem: {name: solo}\ncomponents: [{name: sensors, kind: iot-service}]\n"
    "cicd: {strategy: %s}\niot: {storage: sqlite, ingestion: http, field_protocol: none}\n"
)


def needs_curl() -> None:
    """The release script's health checks use curl: each test that runs the script skips without it."""
    if shutil.which("curl") is None:
        pytest.skip("SKIPPED: curl is missing (the release script's health checks use it)")


@pytest.fixture
def bench(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Bench]:
    needs_curl()
    component = REFERENCE / COMPONENTS[request.param]
    with health_server() as server:
        yield Bench(component, tmp_path, server, {"IMAGE_REPOSITORY": REPOSITORY})


def release(bench: Bench, sha: str, stack: str = "dev") -> None:
    """One pipeline's deploy job for `stack`: a fresh checkout, then every step the pipeline runs."""
    bench.checkout(stack)
    for step in release_steps(bench.component):
        bench.step(stack, *step, IMAGE_TAG=sha)


def rollback(bench: Bench, stack: str = "dev", tag: str = "") -> None:
    bench.checkout(stack)
    bench.step(stack, "rollback", tag)


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_the_reference_component_has_the_strategy_under_test(name: str) -> None:
    assert strategy(REFERENCE / COMPONENTS[name]) == name.removesuffix("-alb")


@pytest.mark.parametrize("bench", ["rolling"], indirect=True)
def test_rolling_release_and_rollback_keep_the_published_repository(bench: Bench) -> None:
    release(bench, "sha1")
    release(bench, "sha2")
    assert bench.outputs("dev")["image"] == f"{REPOSITORY}:sha2"
    assert bench.tags("dev") == {"image-tag": "sha2", "previous-image-tag": "sha1"}
    rollback(bench)
    assert bench.outputs("dev")["image"] == f"{REPOSITORY}:sha1"
    assert bench.tags("dev")["image-tag"] == "sha1"


@pytest.mark.parametrize("bench", ["rolling"], indirect=True)
def test_health_check_asks_exactly_healthz_of_the_public_url(bench: Bench) -> None:
    # The url output ends with "/": joining must not ask for //healthz (404 on FastAPI).
    release(bench, "sha1")
    assert bench.outputs("dev")["url"].endswith("/")
    assert bench.server.paths == ["/healthz"]


@pytest.mark.parametrize("bench", ["rolling"], indirect=True)
def test_an_unhealthy_service_fails_the_release_at_its_check(bench: Bench) -> None:
    bench.server.healthy = False
    bench.step("dev", "up", IMAGE_TAG="sha1")
    result = bench.run("dev", "check", "live")
    assert result.returncode != 0
    assert set(bench.server.paths) == {"/healthz"} and len(bench.server.paths) >= 2, "retries"


@pytest.mark.parametrize("bench", ["rolling", "canary"], indirect=True)
def test_an_unreadable_backend_stops_the_step_before_anything_is_applied(bench: Bench) -> None:
    # Falling back to the committed config here would put stable back on 0.1.0.
    release(bench, "sha1")
    bench.forget_calls()
    step = ["up"] if strategy(bench.component) == "rolling" else ["canary", "10"]
    result = bench.run("dev", *step, IMAGE_TAG="sha2", FAKE_BACKEND_DOWN="1")
    assert result.returncode != 0
    assert not [c for c in bench.calls("pulumi") if c[0] in ("up", "config")], bench.calls("pulumi")
    assert bench.outputs("dev")["imageTag"] == "sha1"


@pytest.mark.parametrize("bench", ["rolling"], indirect=True)
def test_rollback_without_a_recorded_tag_names_the_problem(bench: Bench) -> None:
    result = bench.run("dev", "rollback", "")
    assert result.returncode == 1
    assert "previous-image-tag" in result.stderr


@pytest.mark.parametrize("bench", ["blue-green"], indirect=True)
def test_blue_green_stages_onto_the_idle_colour_of_the_live_state(bench: Bench) -> None:
    app = bench.component.name
    release(bench, "sha1")
    first = bench.outputs("dev")
    assert (first["activeColour"], first["greenTag"], first["imageTag"]) == ("green", "sha1", "sha1")
    bench.forget_calls()
    # The second release reads green as live (the committed file still says blue).
    bench.checkout("dev")
    bench.step("dev", "stage", IMAGE_TAG="sha2")
    staged = bench.outputs("dev")
    assert (staged["activeColour"], staged["blueTag"], staged["greenTag"]) == ("green", "sha2", "sha1")
    bench.server.paths.clear()
    bench.step("dev", "check", "idle")
    kubectl = bench.calls("kubectl")
    assert [
        "--namespace",
        f"{app}-dev",
        "rollout",
        "status",
        f"deployment/{app}-blue",
        "--timeout=300s",
    ] in kubectl
    assert any("port-forward" in c and f"deployment/{app}-blue" in c for c in kubectl), kubectl
    assert bench.server.paths == ["/healthz"], "the idle colour is asked itself, through a port-forward"
    bench.step("dev", "switch")
    live = bench.outputs("dev")
    assert (live["activeColour"], live["imageTag"], live["image"]) == ("blue", "sha2", f"{REPOSITORY}:sha2")
    bench.step("dev", "check", "live")
    bench.step("dev", "record", IMAGE_TAG="sha2")


@pytest.mark.parametrize("bench", ["blue-green"], indirect=True)
def test_blue_green_rollback_stages_checks_and_switches_to_the_previous_tag(bench: Bench) -> None:
    release(bench, "sha1")
    release(bench, "sha2")
    assert bench.outputs("dev")["activeColour"] == "blue"
    rollback(bench)
    state = bench.outputs("dev")
    assert (state["activeColour"], state["greenTag"], state["imageTag"]) == ("green", "sha1", "sha1")
    assert state["imageRepository"] == REPOSITORY
    assert bench.tags("dev")["image-tag"] == "sha1"


@pytest.mark.parametrize("bench", ["canary", "canary-alb"], indirect=True)
def test_canary_steps_keep_stable_on_the_live_tag_and_promotion_retires_the_canary(
    bench: Bench,
) -> None:
    app = bench.component.name
    release(bench, "sha1")
    bench.checkout("dev")
    bench.step("dev", "canary", "10", IMAGE_TAG="sha2")
    state = bench.outputs("dev")
    # Stable stays on the released sha1, not on the committed 0.1.0.
    assert (state["imageTag"], state["canaryTag"], state["canaryWeight"]) == ("sha1", "sha2", "10")
    bench.server.paths.clear()
    bench.step("dev", "check", "canary")
    assert any("port-forward" in c and f"deployment/{app}-canary" in c for c in bench.calls("kubectl"))
    assert bench.server.paths == ["/healthz"]
    bench.step("dev", "canary", "50", IMAGE_TAG="sha2")
    assert bench.outputs("dev")["imageTag"] == "sha1"
    bench.step("dev", "promote", IMAGE_TAG="sha2")
    promoted = bench.outputs("dev")
    # Promotion: stable runs sha2; the canary takes no traffic and runs stable's own image.
    assert (promoted["imageTag"], promoted["canaryTag"], promoted["canaryWeight"]) == ("sha2", "sha2", "0")
    assert promoted["image"] == f"{REPOSITORY}:sha2"


@pytest.mark.parametrize("bench", ["canary"], indirect=True)
def test_canary_rollback_moves_both_tracks_and_takes_the_canary_out_of_traffic(bench: Bench) -> None:
    release(bench, "sha1")
    release(bench, "sha2")
    rollback(bench, tag="sha1")
    state = bench.outputs("dev")
    assert (state["imageTag"], state["canaryTag"], state["canaryWeight"]) == ("sha1", "sha1", "0")
    assert state["imageRepository"] == REPOSITORY


@pytest.mark.parametrize("bench", ["rolling", "blue-green", "canary"], indirect=True)
def test_stacks_keep_their_own_state(bench: Bench) -> None:
    other = stacks(bench.component)[-1]
    assert other != "dev"
    release(bench, "sha1", "dev")
    release(bench, "sha2", "dev")
    release(bench, "sha1", other)
    assert bench.outputs("dev")["imageTag"] == "sha2"
    assert bench.outputs(other)["imageTag"] == "sha1"
    assert "previous-image-tag" not in bench.tags(other)


@pytest.mark.parametrize("bench", ["rolling", "blue-green", "canary"], indirect=True)
def test_preview_changes_nothing_durable(bench: Bench) -> None:
    release(bench, "sha1")
    before = bench.outputs("dev")
    bench.checkout("dev")
    bench.step("dev", "preview", IMAGE_TAG="sha2")
    assert bench.outputs("dev") == before
    assert ["preview", "--stack", "dev", "--diff"] in bench.calls("pulumi")


@pytest.mark.parametrize("bench", ["rolling", "blue-green", "canary"], indirect=True)
def test_every_step_passes_shellcheck(bench: Bench) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("SKIPPED: shellcheck is missing")
    script = bench.component / "ci" / "release.sh"
    result = subprocess.run(["shellcheck", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("bench", sorted(COMPONENTS), indirect=True)
def test_the_smokes_release_check_passes(bench: Bench) -> None:
    assert "rolled back to build-1" in release_twice_and_roll_back(bench, REPOSITORY)


def deployments(bench: Bench, stack: str = "dev") -> dict[str, str]:
    """What the last `pulumi up` left running: Deployment -> "<tag> <min>-<max>[ autoscaled]"."""
    return json.loads(bench.outputs(stack)["deployments"])


@pytest.mark.parametrize("bench", ["canary"], indirect=True)
def test_an_unweighted_canary_gets_its_share_from_pod_counts_and_is_removed_on_promotion(
    bench: Bench,
) -> None:
    # No controller weights this track (an internal service; GKE's Ingress neither): one Service
    # balances per pod, so the pod counts are the share. 0.2.0 ran 3 + 1 pods for 10% and 50% alike.
    app = bench.component.name
    release(bench, "sha1")
    bench.checkout("dev")
    bench.step("dev", "canary", "10", IMAGE_TAG="sha2")
    assert deployments(bench) == {app: "sha1 9-9", f"{app}-canary": "sha2 1-1"}
    bench.step("dev", "canary", "50", IMAGE_TAG="sha2")
    assert deployments(bench) == {app: "sha1 3-3", f"{app}-canary": "sha2 3-3"}
    bench.step("dev", "promote", IMAGE_TAG="sha2")
    assert deployments(bench) == {app: "sha2 3-20 autoscaled"}


@pytest.mark.parametrize("bench", ["canary-alb"], indirect=True)
def test_a_weighted_canary_keeps_stable_autoscaled_and_is_removed_on_promotion(bench: Bench) -> None:
    app = bench.component.name
    release(bench, "sha1")
    bench.checkout("dev")
    bench.step("dev", "canary", "10", IMAGE_TAG="sha2")
    running = deployments(bench)
    assert running[f"{app}-canary"] == "sha2 1-1" and running[app].endswith("autoscaled")
    bench.step("dev", "promote", IMAGE_TAG="sha2")
    assert list(deployments(bench)) == [app]


@pytest.mark.parametrize("bench", ["blue-green"], indirect=True)
def test_blue_green_warms_the_idle_colour_for_the_switch_and_shrinks_the_old_one(bench: Bench) -> None:
    app = bench.component.name
    release(bench, "sha1")  # green live with sha1; blue idle on one pod
    assert deployments(bench)[f"{app}-blue"].endswith(" 1-1")
    assert (
        deployments(bench)[f"{app}-green"].startswith("sha1 ")
        and "autoscaled" in deployments(bench)[f"{app}-green"]
    )
    bench.checkout("dev")
    bench.step("dev", "stage", IMAGE_TAG="sha2")
    assert deployments(bench)[f"{app}-blue"] == "sha2 1-1", "staged on one pod, tested through the preview"
    bench.forget_calls()
    bench.step("dev", "switch")
    warm = [
        c[-1]
        for c in bench.calls("pulumi")
        if c[:3] == ["config", "set", "--stack"] and "blueGreen.warmIdle" in c
    ]
    ups = sum(1 for c in bench.calls("pulumi") if c[0] == "up")
    # Grow the idle colour, switch the Service, then shrink the old colour: three applies.
    assert (warm, ups) == (["true", "true", "false"], 3)
    after = deployments(bench)
    assert after[f"{app}-blue"].startswith("sha2 ") and after[f"{app}-blue"].endswith("autoscaled")
    assert after[f"{app}-green"] == "sha1 1-1", "the old colour stays on one pod for a rollback"


@pytest.mark.parametrize("bench", ["rolling", "blue-green", "canary"], indirect=True)
def test_a_release_by_digest_deploys_and_rolls_back_to_exactly_that_digest(bench: Bench) -> None:
    # The pipelines pass IMAGE_TAG=<sha>@<digest>: the scanned build, whatever happens to the tag.
    first, second = "sha1@sha256:" + "1" * 64, "sha2@sha256:" + "2" * 64
    release(bench, first)
    release(bench, second)
    assert bench.outputs("dev")["image"] == f"{REPOSITORY}:{second}"
    rollback(bench)
    assert bench.outputs("dev")["image"] == f"{REPOSITORY}:{first}"


@pytest.fixture(scope="module", params=["blue-green", "canary"])
def sqlite_iot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("sqlite-iot") / "solo"
    new(NewRequest(load_text(SQLITE_IOT % request.param, "solo.yml"), dest))
    return dest / "sensors"


def test_a_sqlite_iot_service_is_released_in_place_whatever_the_strategy(
    sqlite_iot: Path, tmp_path: Path
) -> None:
    # A second colour or a canary would be a second writer on the same SQLite volume.
    assert strategy(sqlite_iot) in ("blue-green", "canary")
    needs_curl()
    with health_server() as server:
        bench = Bench(sqlite_iot, tmp_path, server, {"IMAGE_REPOSITORY": REPOSITORY})
        release(bench, "sha1")
        release(bench, "sha2")
        assert bench.outputs("dev")["image"] == f"{REPOSITORY}:sha2"
        rollback(bench)
        assert bench.outputs("dev")["image"] == f"{REPOSITORY}:sha1"
        kubectl = bench.calls("kubectl")
        asked = {arg for call in kubectl for arg in call if arg.startswith("deployment/")}
        assert asked == {"deployment/sensors"}, "every step and check is the one Deployment"
        assert server.paths and set(server.paths) == {"/healthz"}

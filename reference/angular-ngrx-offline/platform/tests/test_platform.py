"""What every platform stack declares: the inputs `pulumi up` would apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from cloud import CLUSTER_ISSUER, PROFILES, namespace_for
from kubemock import HELM_RELEASE, Declared, install, manifests, objects, one, stack_config
from platform_stack import (
    CERT_MANAGER,
    INGRESS_CONTROLLER,
    KUBE_PROMETHEUS,
    STORAGE,
    Platform,
    PlatformArgs,
)

Run = Callable[..., list[Declared]]


def releases(declared: list[Declared]) -> dict[str, dict[str, Any]]:
    return {d.inputs["chart"]: d.inputs for d in declared if d.type == HELM_RELEASE}


def test_every_platform_namespace_has_quota_limits_and_default_deny(
    stack: list[Declared],
) -> None:
    namespaces = [n["metadata"]["name"] for n in objects(stack, "Namespace")]
    assert namespaces
    for name in namespaces:
        labels = one(stack, "Namespace", name)["metadata"]["labels"]
        assert labels["pod-security.kubernetes.io/enforce"] in (
            "restricted",
            "baseline",
            "privileged",
        )
        in_ns = [d.inputs for d in stack if d.inputs.get("metadata", {}).get("namespace") == name]
        kinds = {o["kind"] for o in in_ns}
        assert {"ResourceQuota", "LimitRange", "NetworkPolicy"} <= kinds
        deny = [o for o in in_ns if o["metadata"]["name"] == "default-deny"]
        assert deny[0]["spec"] == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
        hard = next(o for o in in_ns if o["kind"] == "ResourceQuota")["spec"]["hard"]
        assert {"requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "pods"} <= set(
            hard
        )


def test_charts_are_pinned_and_follow_the_cloud(stack: list[Declared], env: str) -> None:
    cfg = stack_config(env)
    charts = releases(stack)
    wanted = [c for c in (INGRESS_CONTROLLER[cfg["cloud"]], CERT_MANAGER) if c]
    if cfg["monitoring"] == "prometheus":
        wanted.append(KUBE_PROMETHEUS)
    assert set(charts) == {c.name for c in wanted}
    for chart in wanted:
        release = charts[chart.name]
        assert release["version"] == chart.version
        assert release["repositoryOpts"]["repo"].startswith("https://")
        assert release["namespace"] == chart.namespace


@pytest.mark.parametrize("monitoring", ["prometheus", "none"])
def test_monitoring_brings_a_service_monitor_per_component(
    run: Run, env: str, monitoring: str
) -> None:
    declared = run(env, monitoring=monitoring)
    monitors = objects(declared, "ServiceMonitor")
    if monitoring == "none":
        assert not monitors and KUBE_PROMETHEUS.name not in releases(declared)
        return
    components = stack_config(env)["components"]
    assert sorted(m["metadata"]["name"] for m in monitors) == sorted(components)
    for component in components:
        spec = one(declared, "ServiceMonitor", component)["spec"]
        assert spec["namespaceSelector"] == {"matchNames": [namespace_for(component, env)]}
        assert spec["endpoints"][0]["path"] == "/metrics"
        assert spec["selector"] == {"matchLabels": {"app.kubernetes.io/name": component}}


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_storage_class_and_issuer_follow_the_cloud(run: Run, env: str, cloud: str) -> None:
    declared = run(env, cloud=cloud)
    (storage,) = objects(declared, "StorageClass")
    assert storage["provisioner"] == STORAGE[cloud][0]
    assert storage["volumeBindingMode"] == "WaitForFirstConsumer"
    issuers = objects(declared, "ClusterIssuer")
    if cloud == "aws":
        assert not issuers, "ALB uses ACM certificates"
    else:
        (issuer,) = issuers
        assert issuer["metadata"]["name"] == CLUSTER_ISSUER
        solver = issuer["spec"]["acme"]["solvers"][0]["http01"]["ingress"]
        assert solver["ingressClassName"] == PROFILES[cloud].class_name


def test_exported_manifests_are_reproducible(stack: list[Declared], run: Run, env: str) -> None:
    first = manifests(stack)
    assert first == manifests(run(env))
    assert any(name.startswith("helm/") for name in first)


def test_stack_outputs_list_the_namespaces(env: str) -> None:
    install(env)
    args = PlatformArgs.from_config(pulumi.Config(), env)

    @pulumi.runtime.test
    def outputs() -> pulumi.Output[None]:
        platform = Platform("outputs", args)

        def check(values: list[Any]) -> None:
            namespaces, storage = values
            assert CERT_MANAGER.namespace in namespaces
            assert storage == f"{args.system}-standard"

        return pulumi.Output.all(platform.namespaces, platform.storage_class).apply(check)

    outputs()

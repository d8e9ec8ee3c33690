"""What every platform stack declares: the inputs `pulumi up` would apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from charts import CERT_MANAGER, KUBE_PROMETHEUS
from cloud import PROFILES, cluster_issuer, namespace_for
from kubemock import HELM_RELEASE, Declared, install, manifests, objects, one, stack_config
from platform_stack import STORAGE, Platform, PlatformArgs

Run = Callable[..., list[Declared]]
# What an AWS stack needs beyond the cloud's name (any stack may be run as any cloud).
AWS = {"region": "eu-west-1", "vpcId": "vpc-0123456789abcdef0"}


def as_cloud(cloud: str) -> dict[str, Any]:
    return {"cloud": cloud, **(AWS if cloud == "aws" else {})}


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
    install(env)
    wanted = PlatformArgs.from_config(pulumi.Config(), env).charts
    charts = releases(stack)
    assert CERT_MANAGER in wanted
    assert (KUBE_PROMETHEUS in wanted) is (stack_config(env)["monitoring"] == "prometheus")
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
    assert sorted(m["metadata"]["name"] for m in monitors) == sorted(
        namespace_for(c, env) for c in components
    )
    for component in components:
        spec = one(declared, "ServiceMonitor", namespace_for(component, env))["spec"]
        assert spec["namespaceSelector"] == {"matchNames": [namespace_for(component, env)]}
        assert spec["endpoints"][0]["path"] == "/metrics"
        assert spec["selector"] == {"matchLabels": {"app.kubernetes.io/name": component}}


@pytest.mark.parametrize("cloud", sorted(PROFILES))
def test_storage_class_and_issuer_follow_the_cloud(run: Run, env: str, cloud: str) -> None:
    declared = run(env, **as_cloud(cloud))
    (storage,) = objects(declared, "StorageClass")
    assert storage["provisioner"] == STORAGE[cloud][0]
    assert storage["volumeBindingMode"] == "WaitForFirstConsumer"
    issuers = objects(declared, "ClusterIssuer")
    if cloud == "aws":
        assert not issuers, "ALB uses ACM certificates"
    else:
        (issuer,) = issuers
        assert issuer["metadata"]["name"] == cluster_issuer(env)
        solver = issuer["spec"]["acme"]["solvers"][0]["http01"]["ingress"]
        if cloud == "gcp":
            # GKE's controller reads the class annotation only, which `class` sets.
            assert solver == {"class": "gce"}
        else:
            assert solver == {"ingressClassName": PROFILES[cloud].class_name}


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
            assert storage == f"{args.system}-{env}-standard"

        return pulumi.Output.all(platform.namespaces, platform.storage_class).apply(check)

    outputs()

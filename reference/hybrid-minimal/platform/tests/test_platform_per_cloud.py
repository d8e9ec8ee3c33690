"""What each cloud's platform needs to work on its first real `pulumi up`: releases that pass their
namespace's Pod Security, fit its quota, and come before the objects that use their CRDs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pulumi_kubernetes as k8s
import pytest

from charts import (
    CERT_MANAGER,
    CLOUD_CHARTS,
    KUBE_PROMETHEUS,
    METALLB,
    METRICS_SERVER,
    PER_NODE,
    Chart,
)
from kubemock import HELM_RELEASE, Declared, objects, one, stack_config
from platform_stack import AKS_HEALTH_PROBE, POD_SECURITY

Run = Callable[..., list[Declared]]
AWS = {"region": "eu-west-1", "vpcId": "vpc-0123456789abcdef0"}
CHARTS = {c.name: c for charts in CLOUD_CHARTS.values() for c in charts}
CHARTS.update({c.name: c for c in (CERT_MANAGER, KUBE_PROMETHEUS)})


def releases(declared: list[Declared]) -> dict[str, dict[str, Any]]:
    return {d.inputs["chart"]: d.inputs for d in declared if d.type == HELM_RELEASE}


def everything_on(cloud: str) -> dict[str, Any]:
    """Overrides that make a stack of ``cloud`` release every chart it can."""
    overrides: dict[str, Any] = {"cloud": cloud, "monitoring": "prometheus"}
    if cloud == "aws":
        overrides.update(AWS)
    if cloud == "hybrid":
        overrides["loadBalancerAddresses"] = ["10.10.0.240-10.10.0.250"]
    return overrides


def aws(run: Run, env: str, **overrides: Any) -> list[Declared]:
    return run(env, cloud="aws", **{**AWS, **overrides})


def test_the_load_balancer_controller_meets_its_namespaces_restricted_pod_security(
    run: Run, env: str
) -> None:
    declared = aws(run, env)
    release = releases(declared)["aws-load-balancer-controller"]
    labels = one(declared, "Namespace", release["namespace"])["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    values = release["values"]
    pod, container = values["podSecurityContext"], values["securityContext"]
    seccomp = pod.get("seccompProfile") or container.get("seccompProfile")
    assert seccomp == {"type": "RuntimeDefault"}
    assert container["capabilities"] == {"drop": ["ALL"]}
    assert container["allowPrivilegeEscalation"] is False
    assert container["runAsNonRoot"] is True


def test_the_load_balancer_controller_gets_its_role_region_and_vpc_from_config(
    run: Run, env: str
) -> None:
    role = "arn:aws:iam::111122223333:role/lb"
    values = releases(aws(run, env, lbControllerRoleArn=role))["aws-load-balancer-controller"][
        "values"
    ]
    assert values["region"] == AWS["region"] and values["vpcId"] == AWS["vpcId"]
    assert values["serviceAccount"]["annotations"] == {"eks.amazonaws.com/role-arn": role}
    # No role: EKS Pod Identity associates one with the service account instead.
    plain = releases(aws(run, env, lbControllerRoleArn=""))["aws-load-balancer-controller"]
    assert "annotations" not in plain["values"]["serviceAccount"]


def test_an_aws_stack_refuses_to_run_without_region_and_vpc(run: Run, env: str) -> None:
    with pytest.raises(Exception, match="vpcId"):
        run(env, cloud="aws", region="", vpcId="")


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp", "hybrid"])
def test_only_eks_gets_a_metrics_server_so_autoscalers_can_scale(
    run: Run, env: str, cloud: str
) -> None:
    declared = aws(run, env) if cloud == "aws" else run(env, cloud=cloud)
    # AKS and GKE serve the metrics API themselves; k3s and RKE2 too (docs/platform.md).
    assert (METRICS_SERVER.name in releases(declared)) is (cloud == "aws")


def test_aks_load_balancer_probes_the_ingress_controllers_health_path(run: Run, env: str) -> None:
    values = releases(run(env, cloud="azure"))["ingress-nginx"]["values"]
    assert values["controller"]["service"]["annotations"][AKS_HEALTH_PROBE] == "/healthz"
    hybrid = releases(run(env, cloud="hybrid"))["ingress-nginx"]["values"]
    assert "service" not in hybrid["controller"]


def test_hybrid_brings_a_load_balancer_unless_the_cluster_has_one(run: Run, env: str) -> None:
    declared = run(env, cloud="hybrid", loadBalancerAddresses=["10.10.0.240-10.10.0.250"])
    assert METALLB.name in releases(declared)
    (pool,) = objects(declared, "IPAddressPool")
    assert pool["spec"]["addresses"] == ["10.10.0.240-10.10.0.250"]
    (advertisement,) = objects(declared, "L2Advertisement")
    assert advertisement["spec"]["ipAddressPools"] == [pool["metadata"]["name"]]
    assert POD_SECURITY[METALLB.namespace] == "privileged", "the speaker uses the host network"
    without = run(env, cloud="hybrid", loadBalancerAddresses=[])
    assert METALLB.name not in releases(without) and not objects(without, "IPAddressPool")


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Custom resources and Helm releases as created, with what each was told to wait for."""
    seen: dict[str, Any] = {"custom": [], "charts": {}}

    class Release(k8s.helm.v3.Release):
        def __init__(self, resource_name: str, **kwargs: Any) -> None:
            super().__init__(resource_name, **kwargs)
            seen["charts"][id(self)] = kwargs["chart"]
            seen.setdefault("release_deps", {})[kwargs["chart"]] = _deps(kwargs)

    class CustomResource(k8s.apiextensions.CustomResource):
        def __init__(self, resource_name: str, **kwargs: Any) -> None:
            super().__init__(resource_name, **kwargs)
            seen["custom"].append((kwargs["kind"], _deps(kwargs)))

    monkeypatch.setattr(k8s.helm.v3, "Release", Release)
    monkeypatch.setattr(k8s.apiextensions, "CustomResource", CustomResource)
    yield seen


def _deps(kwargs: dict[str, Any]) -> list[Any]:
    opts: pulumi.ResourceOptions | None = kwargs.get("opts")
    return list(opts.depends_on or []) if opts else []  # type: ignore[arg-type]


CRD_CHART = {
    "ClusterIssuer": "cert-manager",
    "ServiceMonitor": KUBE_PROMETHEUS.name,
    "IPAddressPool": METALLB.name,
    "L2Advertisement": METALLB.name,
}


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp", "hybrid"])
def test_custom_resources_wait_for_the_release_that_installs_their_crd(
    run: Run, env: str, cloud: str, recorded: dict[str, Any]
) -> None:
    # A monitored component: a ServiceMonitor exists even on AWS (its ALB needs no ClusterIssuer).
    run(env, **everything_on(cloud), components=["probe"])
    assert recorded["custom"], "the stack declares custom resources"
    for kind, deps in recorded["custom"]:
        charts = {recorded["charts"].get(id(d)) for d in deps}
        assert CRD_CHART[kind] in charts, f"{kind} does not wait for {CRD_CHART[kind]}"
    if cloud == "hybrid":
        # Atomic: Helm waits for the controller Service's address, which MetalLB's pool gives.
        assert recorded["release_deps"]["ingress-nginx"][1:], "ingress-nginx waits for the pool"


def _resources(values: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = values
    for key in path:
        node = node[key]
    return dict(node["resources"])


def _milli(cpu: str) -> int:
    return int(cpu[:-1]) if cpu.endswith("m") else int(float(cpu) * 1000)


def _mebi(memory: str) -> int:
    units = {"Mi": 1, "Gi": 1024}
    return int(memory[:-2]) * units[memory[-2:]]


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp", "hybrid"])
def test_each_namespace_quota_holds_its_charts_pods_as_the_charts_are_sized(
    run: Run, env: str, cloud: str
) -> None:
    declared = run(env, **everything_on(cloud))
    nodes = int(stack_config(env)["nodes"])
    for name, release in releases(declared).items():
        chart: Chart = CHARTS[name]
        need = {"cpu": 0, "memory": 0, "cpu_limit": 0, "memory_limit": 0, "pods": 0}
        for pod in chart.pods:
            count = (nodes if pod.replicas == PER_NODE else pod.replicas) + int(pod.surge)
            need["pods"] += count
            for path in pod.containers:
                # Every container is sized in the values the chart receives: none is left to the
                # LimitRange's defaults (512Mi would kill Prometheus).
                res = _resources(release["values"], path)
                need["cpu"] += count * _milli(res["requests"]["cpu"])
                need["memory"] += count * _mebi(res["requests"]["memory"])
                need["cpu_limit"] += count * _milli(res["limits"]["cpu"])
                need["memory_limit"] += count * _mebi(res["limits"]["memory"])
        quota = next(
            q
            for q in objects(declared, "ResourceQuota")
            if q["metadata"]["namespace"] == release["namespace"]
        )["spec"]["hard"]
        assert _milli(quota["requests.cpu"]) >= need["cpu"], name
        assert _mebi(quota["requests.memory"]) >= need["memory"], name
        assert _milli(quota["limits.cpu"]) >= need["cpu_limit"], name
        assert _mebi(quota["limits.memory"]) >= need["memory_limit"], name
        assert int(quota["pods"]) >= need["pods"], name
    values = releases(declared)[KUBE_PROMETHEUS.name]["values"]
    prometheus = _resources(values, ("prometheus", "prometheusSpec"))
    assert _mebi(prometheus["requests"]["memory"]) >= 1024


# Objects another environment's stack would declare too: cluster-scoped, or in a platform namespace.
SHARED_PLACES = (
    "ClusterIssuer",
    "StorageClass",
    "ServiceMonitor",
    "IPAddressPool",
    "L2Advertisement",
)


@pytest.mark.parametrize("cloud", ["azure", "gcp", "hybrid"])
def test_environments_never_share_a_cluster_wide_name(run: Run, env: str, cloud: str) -> None:
    # One cluster per environment (docs/platform.md); the names still carry the environment, so
    # a stack run against another environment's cluster cannot take over its objects.
    declared = run(env, **everything_on(cloud))
    found = [o for kind in SHARED_PLACES for o in objects(declared, kind)]
    assert {"ClusterIssuer", "StorageClass"} <= {o["kind"] for o in found}
    for item in found:
        name = item["metadata"]["name"]
        assert name.endswith(f"-{env}") or f"-{env}-" in name, name
        assert item["metadata"]["labels"]["app.kubernetes.io/instance"].endswith(f"-{env}")

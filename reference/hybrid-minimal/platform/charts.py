"""The Helm charts the platform installs, pinned, and how big each of their pods is.

Every container a chart runs gets its requests and limits here, written into the chart's values at
the path the chart reads them from; each namespace's ResourceQuota is the sum of those pods (plus
one surge pod per Deployment during a rolling update). The quota is computed from the same numbers
the charts receive, so a release always fits the quota it is installed under.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cloud import NGINX_NAMESPACE

PER_NODE = 0  # replicas of a DaemonSet: one pod on every node


@dataclass(frozen=True)
class Size:
    """Requests and limits of one container: millicores and MiB."""

    cpu: int
    memory: int
    cpu_limit: int
    memory_limit: int

    def resources(self) -> dict[str, dict[str, str]]:
        return {
            "requests": {"cpu": f"{self.cpu}m", "memory": f"{self.memory}Mi"},
            "limits": {"cpu": f"{self.cpu_limit}m", "memory": f"{self.memory_limit}Mi"},
        }


@dataclass(frozen=True)
class Pod:
    """One pod template of a chart: how many run, and where in the values each container's
    ``resources`` live (a path of keys; () is the top level)."""

    name: str
    replicas: int
    containers: tuple[tuple[str, ...], ...]
    # A Deployment's rolling update runs one extra pod; StatefulSets, DaemonSets and Jobs do not.
    surge: bool = False


@dataclass(frozen=True)
class Chart:
    name: str
    version: str  # exact: a release must not drift when the repository publishes
    repo: str
    namespace: str
    sizes: dict[tuple[str, ...], Size] = field(default_factory=dict)
    pods: tuple[Pod, ...] = ()

    def sized_values(self) -> dict[str, Any]:
        """The ``resources`` of every container, nested at the chart's own value paths."""
        values: dict[str, Any] = {}
        for path, size in self.sizes.items():
            node = values
            for key in path:
                node = node.setdefault(key, {})
            node["resources"] = size.resources()
        return values

    def need(self, nodes: int) -> dict[str, int]:
        """What this chart's pods request and may use at most, with ``nodes`` nodes."""
        total = {"cpu": 0, "memory": 0, "cpu_limit": 0, "memory_limit": 0, "pods": 0}
        for pod in self.pods:
            count = (nodes if pod.replicas == PER_NODE else pod.replicas) + int(pod.surge)
            total["pods"] += count
            for path in pod.containers:
                size = self.sizes[path]
                total["cpu"] += count * size.cpu
                total["memory"] += count * size.memory
                total["cpu_limit"] += count * size.cpu_limit
                total["memory_limit"] += count * size.memory_limit
        return total


def quota(charts: list[Chart], nodes: int) -> dict[str, str]:
    """The ResourceQuota of a namespace holding ``charts``: exactly what their pods need."""
    needs = [c.need(nodes) for c in charts]
    total = {key: sum(n[key] for n in needs) for key in needs[0]}
    return {
        "requests.cpu": f"{total['cpu']}m",
        "requests.memory": f"{total['memory']}Mi",
        "limits.cpu": f"{total['cpu_limit']}m",
        "limits.memory": f"{total['memory_limit']}Mi",
        "pods": str(total["pods"]),
    }


SMALL = Size(20, 64, 100, 128)
JOB = Size(10, 32, 100, 64)

INGRESS_NGINX = Chart(
    "ingress-nginx",
    "4.12.1",
    "https://kubernetes.github.io/ingress-nginx",
    NGINX_NAMESPACE,
    sizes={
        ("controller",): Size(100, 128, 500, 512),
        ("controller", "admissionWebhooks", "createSecretJob"): JOB,
        ("controller", "admissionWebhooks", "patchWebhookJob"): JOB,
    },
    pods=(
        Pod("controller", 2, (("controller",),), surge=True),
        Pod("create-secret", 1, (("controller", "admissionWebhooks", "createSecretJob"),)),
        Pod("patch-webhook", 1, (("controller", "admissionWebhooks", "patchWebhookJob"),)),
    ),
)
AWS_LB_CONTROLLER = Chart(
    "aws-load-balancer-controller",
    "1.12.0",
    "https://aws.github.io/eks-charts",
    "aws-lb",
    sizes={(): Size(100, 128, 200, 256)},
    pods=(Pod("controller", 2, ((),), surge=True),),
)
# EKS ships no metrics API: without it every HorizontalPodAutoscaler stays at its minimum.
METRICS_SERVER = Chart(
    "metrics-server",
    "3.12.2",
    "https://kubernetes-sigs.github.io/metrics-server/",
    "metrics-server",
    sizes={(): Size(100, 200, 200, 256)},
    pods=(Pod("metrics-server", 1, ((),), surge=True),),
)
# A bare-metal cluster has no load balancer: MetalLB answers for the ingress controller's Service.
METALLB = Chart(
    "metallb",
    "0.14.9",
    "https://metallb.github.io/metallb",
    "metallb-system",
    sizes={("controller",): SMALL, ("speaker",): SMALL},
    pods=(
        Pod("controller", 1, (("controller",),), surge=True),
        Pod("speaker", PER_NODE, (("speaker",),)),
    ),
)
CERT_MANAGER = Chart(
    "cert-manager",
    "v1.17.2",
    "https://charts.jetstack.io",
    "cert-manager",
    sizes={
        (): Size(50, 128, 200, 256),
        ("webhook",): SMALL,
        ("cainjector",): Size(20, 128, 100, 256),
        ("startupapicheck",): JOB,
    },
    pods=(
        Pod("controller", 1, ((),), surge=True),
        Pod("webhook", 1, (("webhook",),), surge=True),
        Pod("cainjector", 1, (("cainjector",),), surge=True),
        Pod("startupapicheck", 1, (("startupapicheck",),)),
    ),
)
RELOADER = ("prometheusOperator", "prometheusConfigReloader")
KUBE_PROMETHEUS = Chart(
    "kube-prometheus-stack",
    "70.4.2",
    "https://prometheus-community.github.io/helm-charts",
    "monitoring",
    sizes={
        ("prometheusOperator",): Size(50, 128, 200, 256),
        ("prometheusOperator", "admissionWebhooks", "patch"): JOB,
        RELOADER: Size(10, 32, 50, 64),
        ("prometheus", "prometheusSpec"): Size(200, 1024, 1000, 2048),
        ("alertmanager", "alertmanagerSpec"): SMALL,
        ("grafana",): Size(50, 192, 200, 384),
        ("grafana", "sidecar"): SMALL,
        ("kube-state-metrics",): SMALL,
        ("prometheus-node-exporter",): Size(20, 32, 100, 64),
    },
    pods=(
        Pod("operator", 1, (("prometheusOperator",),), surge=True),
        Pod("admission-create", 1, (("prometheusOperator", "admissionWebhooks", "patch"),)),
        Pod("admission-patch", 1, (("prometheusOperator", "admissionWebhooks", "patch"),)),
        Pod("prometheus", 1, (("prometheus", "prometheusSpec"), RELOADER)),
        Pod("alertmanager", 1, (("alertmanager", "alertmanagerSpec"), RELOADER)),
        # Grafana with its dashboard and data-source sidecars.
        Pod("grafana", 1, (("grafana",), ("grafana", "sidecar"), ("grafana", "sidecar")), True),
        Pod("kube-state-metrics", 1, (("kube-state-metrics",),), surge=True),
        Pod("node-exporter", PER_NODE, (("prometheus-node-exporter",),)),
    ),
)
# What each cloud lacks and the platform installs before anything else; GKE brings its own (GCE)
# ingress controller and metrics API, AKS its metrics API.
CLOUD_CHARTS: dict[str, tuple[Chart, ...]] = {
    "aws": (AWS_LB_CONTROLLER, METRICS_SERVER),
    "azure": (INGRESS_NGINX,),
    "gcp": (),
    "hybrid": (METALLB, INGRESS_NGINX),
}

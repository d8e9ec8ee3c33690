"""What every component of the system shares in one environment: namespaces with quotas and
default-deny policies, the ingress controller, cert-manager, monitoring and the storage class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from cloud import CLUSTER_ISSUER, NGINX_NAMESPACE, PROFILES, namespace_for


@dataclass(frozen=True)
class Chart:
    name: str
    version: str  # exact: a release must not drift when the repository publishes
    repo: str
    namespace: str


INGRESS_NGINX = Chart(
    "ingress-nginx", "4.12.1", "https://kubernetes.github.io/ingress-nginx", NGINX_NAMESPACE
)
AWS_LB_CONTROLLER = Chart(
    "aws-load-balancer-controller", "1.12.0", "https://aws.github.io/eks-charts", "aws-lb"
)
CERT_MANAGER = Chart("cert-manager", "v1.17.2", "https://charts.jetstack.io", "cert-manager")
KUBE_PROMETHEUS = Chart(
    "kube-prometheus-stack",
    "70.4.2",
    "https://prometheus-community.github.io/helm-charts",
    "monitoring",
)
# GKE brings its own (GCE) ingress controller; the others need one installed.
INGRESS_CONTROLLER: dict[str, Chart | None] = {
    "aws": AWS_LB_CONTROLLER,
    "azure": INGRESS_NGINX,
    "gcp": None,
    "hybrid": INGRESS_NGINX,
}
STORAGE: dict[str, tuple[str, dict[str, str]]] = {
    "aws": ("ebs.csi.aws.com", {"type": "gp3", "encrypted": "true"}),
    "azure": ("disk.csi.azure.com", {"skuName": "StandardSSD_ZRS"}),
    "gcp": ("pd.csi.storage.gke.io", {"type": "pd-balanced"}),
    "hybrid": ("rancher.io/local-path", {}),
}
# Webhook and serving ports each platform namespace must accept (the API server calls webhooks).
INBOUND_PORTS: dict[str, list[int]] = {
    NGINX_NAMESPACE: [80, 443, 8443],
    "aws-lb": [9443],
    "cert-manager": [10250],
    "monitoring": [10250],
}
# node-exporter needs host namespaces; controllers binding low ports need NET_BIND_SERVICE.
POD_SECURITY = {
    NGINX_NAMESPACE: "baseline",
    "aws-lb": "restricted",
    "cert-manager": "restricted",
    "monitoring": "privileged",
}


@dataclass(frozen=True)
class PlatformArgs:
    system: str
    env: str
    cloud: str
    monitoring: bool
    components: tuple[str, ...]
    acme_email: str
    cluster_name: str
    quota: dict[str, str]

    @staticmethod
    def from_config(config: pulumi.Config, env: str) -> PlatformArgs:
        cloud = config.require("cloud")
        if cloud not in PROFILES:
            raise ValueError(f"cloud {cloud!r} is not one of {', '.join(PROFILES)}")
        return PlatformArgs(
            system=config.require("system"),
            env=env,
            cloud=cloud,
            monitoring=config.require("monitoring") == "prometheus",
            components=tuple(config.require_object("components")),
            acme_email=config.require("acmeEmail"),
            cluster_name=config.get("clusterName") or f"{config.require('system')}-{env}",
            quota={str(k): str(v) for k, v in config.require_object("quota").items()},
        )


class Platform(pulumi.ComponentResource):
    namespaces: pulumi.Output[list[str]]
    storage_class: pulumi.Output[str]

    def __init__(
        self, name: str, args: PlatformArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("arxscaffold:platform:Platform", name, None, opts)
        self.args = args
        self._child = pulumi.ResourceOptions(parent=self)
        self.labels = {
            "app.kubernetes.io/part-of": args.system,
            "app.kubernetes.io/managed-by": "pulumi",
        }
        charts = [c for c in (INGRESS_CONTROLLER[args.cloud], CERT_MANAGER) if c]
        if args.monitoring:
            charts.append(KUBE_PROMETHEUS)
        names = []
        for chart in charts:
            namespace = self._namespace(chart.namespace)
            self._release(chart, namespace)
            names.append(chart.namespace)
        if args.cloud != "aws":  # ALB terminates TLS with ACM certificates instead
            self._issuer()
        if args.monitoring:
            for component in args.components:
                self._service_monitor(component)
        provisioner, parameters = STORAGE[args.cloud]
        k8s.storage.v1.StorageClass(
            f"{name}-storage",
            metadata={
                "name": f"{args.system}-standard",
                "labels": self.labels,
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
            },
            provisioner=provisioner,
            parameters=parameters,
            reclaim_policy="Retain",
            volume_binding_mode="WaitForFirstConsumer",
            allow_volume_expansion=True,
            opts=self._child,
        )
        self.namespaces = pulumi.Output.from_input(names)
        self.storage_class = pulumi.Output.from_input(f"{args.system}-standard")
        self.register_outputs({"namespaces": self.namespaces, "storageClass": self.storage_class})

    def _namespace(self, name: str) -> k8s.core.v1.Namespace:
        level = POD_SECURITY[name]
        ns = k8s.core.v1.Namespace(
            f"ns-{name}",
            metadata={
                "name": name,
                "labels": {
                    **self.labels,
                    **{
                        f"pod-security.kubernetes.io/{m}": level
                        for m in ("enforce", "audit", "warn")
                    },
                },
            },
            opts=self._child,
        )
        opts = pulumi.ResourceOptions(parent=self, depends_on=[ns])
        meta = {"namespace": name, "labels": self.labels}
        q = self.args.quota
        k8s.core.v1.ResourceQuota(
            f"quota-{name}",
            metadata={"name": "quota", **meta},
            spec={
                "hard": {
                    "requests.cpu": q["requestsCpu"],
                    "requests.memory": q["requestsMemory"],
                    "limits.cpu": q["limitsCpu"],
                    "limits.memory": q["limitsMemory"],
                    "pods": q["pods"],
                }
            },
            opts=opts,
        )
        k8s.core.v1.LimitRange(
            f"limits-{name}",
            metadata={"name": "defaults", **meta},
            spec={
                "limits": [
                    {
                        "type": "Container",
                        "default": {"cpu": "500m", "memory": "512Mi"},
                        "default_request": {"cpu": "100m", "memory": "128Mi"},
                    }
                ]
            },
            opts=opts,
        )
        k8s.networking.v1.NetworkPolicy(
            f"deny-{name}",
            metadata={"name": "default-deny", **meta},
            spec={"pod_selector": {}, "policy_types": ["Ingress", "Egress"]},
            opts=opts,
        )
        # Controllers reach the API server and the outside (ACME, scraping); inbound only on ports.
        k8s.networking.v1.NetworkPolicy(
            f"allow-{name}",
            metadata={"name": "allow-platform", **meta},
            spec={
                "pod_selector": {},
                "policy_types": ["Ingress", "Egress"],
                "ingress": [
                    {"ports": [{"protocol": "TCP", "port": p} for p in INBOUND_PORTS[name]]},
                    {"from_": [{"pod_selector": {}}]},
                ],
                "egress": [{}],
            },
            opts=opts,
        )
        return ns

    def _release(self, chart: Chart, namespace: k8s.core.v1.Namespace) -> None:
        values: dict[str, Any] = {
            "cert-manager": {"crds": {"enabled": True}},
            "ingress-nginx": {
                "controller": {"replicaCount": 2, "metrics": {"enabled": self.args.monitoring}}
            },
            "aws-load-balancer-controller": {
                "clusterName": self.args.cluster_name,
                "replicaCount": 2,
            },
            # Select ServiceMonitors from every namespace, not only the chart's own release.
            "kube-prometheus-stack": {
                "prometheus": {"prometheusSpec": {"serviceMonitorSelectorNilUsesHelmValues": False}}
            },
        }[chart.name]
        k8s.helm.v3.Release(
            chart.name,
            name=chart.name,
            chart=chart.name,
            version=chart.version,
            namespace=chart.namespace,
            repository_opts={"repo": chart.repo},
            values=values,
            atomic=True,
            opts=pulumi.ResourceOptions(parent=self, depends_on=[namespace]),
        )

    def _issuer(self) -> None:
        k8s.apiextensions.CustomResource(
            "cluster-issuer",
            api_version="cert-manager.io/v1",
            kind="ClusterIssuer",
            metadata={"name": CLUSTER_ISSUER, "labels": self.labels},
            spec={
                "acme": {
                    "server": "https://acme-v02.api.letsencrypt.org/directory",
                    "email": self.args.acme_email,
                    "privateKeySecretRef": {"name": f"{CLUSTER_ISSUER}-account"},
                    "solvers": [
                        {
                            "http01": {
                                "ingress": {
                                    "ingressClassName": PROFILES[self.args.cloud].class_name
                                }
                            }
                        }
                    ],
                }
            },
            opts=self._child,
        )

    def _service_monitor(self, component: str) -> None:
        k8s.apiextensions.CustomResource(
            f"monitor-{component}",
            api_version="monitoring.coreos.com/v1",
            kind="ServiceMonitor",
            metadata={
                "name": component,
                "namespace": KUBE_PROMETHEUS.namespace,
                "labels": self.labels,
            },
            spec={
                "namespaceSelector": {"matchNames": [namespace_for(component, self.args.env)]},
                "selector": {"matchLabels": {"app.kubernetes.io/name": component}},
                "endpoints": [{"port": "http", "path": "/metrics", "interval": "30s"}],
            },
            opts=self._child,
        )

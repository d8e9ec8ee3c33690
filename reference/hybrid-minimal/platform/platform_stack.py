"""What every component of the system shares in one environment: namespaces with quotas and
default-deny policies, the ingress controller, cert-manager, monitoring and the storage class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from charts import (
    CERT_MANAGER,
    CLOUD_CHARTS,
    KUBE_PROMETHEUS,
    METALLB,
    Chart,
    quota,
)
from cloud import NGINX_NAMESPACE, PROFILES, cluster_issuer, namespace_for

STORAGE: dict[str, tuple[str, dict[str, str]]] = {
    "aws": ("ebs.csi.aws.com", {"type": "gp3", "encrypted": "true"}),
    "azure": ("disk.csi.azure.com", {"skuName": "StandardSSD_ZRS"}),
    "gcp": ("pd.csi.storage.gke.io", {"type": "pd-balanced"}),
    # Expected, not installed: k3s ships local-path-provisioner (docs/platform.md).
    "hybrid": ("rancher.io/local-path", {}),
}
# Webhook and serving ports each platform namespace must accept (the API server calls webhooks).
INBOUND_PORTS: dict[str, list[int]] = {
    NGINX_NAMESPACE: [80, 443, 8443],
    "aws-lb": [9443],
    "metrics-server": [10250],
    "metallb-system": [7472, 7946, 9443],
    "cert-manager": [10250],
    "monitoring": [10250],
}
# node-exporter and MetalLB's speaker need the host's network; controllers binding low ports need
# NET_BIND_SERVICE. Every chart in a restricted namespace gets values that meet it.
POD_SECURITY = {
    NGINX_NAMESPACE: "baseline",
    "aws-lb": "restricted",
    "metrics-server": "restricted",
    "metallb-system": "privileged",
    "cert-manager": "restricted",
    "monitoring": "privileged",
}
# The AWS Load Balancer Controller's pods as Pod Security "restricted" wants them (chart 1.12.0
# sets no seccomp profile and keeps the default capabilities).
RESTRICTED_POD = {"fsGroup": 65534, "seccompProfile": {"type": "RuntimeDefault"}}
RESTRICTED_CONTAINER = {
    "runAsNonRoot": True,
    "runAsUser": 65534,
    "readOnlyRootFilesystem": True,
    "allowPrivilegeEscalation": False,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}
# AKS's load balancer probes this path of ingress-nginx (the default, /, answers 404).
AKS_HEALTH_PROBE = "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path"


@dataclass(frozen=True)
class PlatformArgs:
    system: str
    env: str
    cloud: str
    monitoring: bool
    components: tuple[str, ...]
    acme_email: str
    cluster_name: str
    # The most nodes the cluster grows to: each runs one pod of every DaemonSet (quota).
    nodes: int
    # aws: where the load balancer controller creates ALBs, and the IAM role it acts as (IRSA);
    # no role: an EKS Pod Identity association gives the controller's service account one.
    region: str = ""
    vpc_id: str = ""
    lb_controller_role_arn: str = ""
    # hybrid: the addresses MetalLB hands out to LoadBalancer Services; none: the cluster has a
    # load balancer already (k3s ServiceLB, kube-vip, a cloud's).
    load_balancer_addresses: tuple[str, ...] = ()

    @staticmethod
    def from_config(config: pulumi.Config, env: str) -> PlatformArgs:
        cloud = config.require("cloud")
        if cloud not in PROFILES:
            raise ValueError(f"cloud {cloud!r} is not one of {', '.join(PROFILES)}")
        args = PlatformArgs(
            system=config.require("system"),
            env=env,
            cloud=cloud,
            monitoring=config.require("monitoring") == "prometheus",
            components=tuple(config.require_object("components")),
            acme_email=config.require("acmeEmail"),
            cluster_name=config.get("clusterName") or f"{config.require('system')}-{env}",
            nodes=config.get_int("nodes") or 3,
            region=config.get("region") or "",
            vpc_id=config.get("vpcId") or "",
            lb_controller_role_arn=config.get("lbControllerRoleArn") or "",
            load_balancer_addresses=tuple(config.get_object("loadBalancerAddresses") or ()),
        )
        if cloud == "aws" and not (args.region and args.vpc_id):
            raise ValueError("aws needs region and vpcId (the load balancer controller's)")
        return args

    @property
    def charts(self) -> list[Chart]:
        """Every chart this stack releases, in the order they are installed."""
        charts = [c for c in CLOUD_CHARTS[self.cloud] if c != METALLB or self.metallb]
        charts.append(CERT_MANAGER)
        if self.monitoring:
            charts.append(KUBE_PROMETHEUS)
        return charts

    @property
    def metallb(self) -> bool:
        return self.cloud == "hybrid" and bool(self.load_balancer_addresses)


class Platform(pulumi.ComponentResource):
    """Platform namespaces, pinned Helm releases, the ClusterIssuer, ServiceMonitors and the
    default StorageClass of one environment's cluster (one cluster per environment)."""

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
            "app.kubernetes.io/instance": f"{args.system}-{args.env}",
            "app.kubernetes.io/managed-by": "pulumi",
        }
        # Custom resources wait for the release that installs their CRD (and its webhooks).
        self.releases: dict[str, k8s.helm.v3.Release] = {}
        ready: list[pulumi.Resource] = []  # what the next releases wait for
        for chart in args.charts:
            namespace = self._namespace(chart.namespace, [chart])
            self.releases[chart.name] = self._release(chart, namespace, ready)
            if chart == METALLB:
                # The ingress controller's Service (atomic: Helm waits for its address) needs the
                # pool to exist first.
                ready = self._address_pool()
        if PROFILES[args.cloud].acme:  # ALB terminates TLS with ACM certificates instead
            self._issuer()
        if args.monitoring:
            for component in args.components:
                self._service_monitor(component)
        storage_class = f"{args.system}-{args.env}-standard"
        provisioner, parameters = STORAGE[args.cloud]
        k8s.storage.v1.StorageClass(
            f"{name}-storage",
            metadata={
                "name": storage_class,
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
        self.namespaces = pulumi.Output.from_input([c.namespace for c in args.charts])
        self.storage_class = pulumi.Output.from_input(storage_class)
        self.register_outputs({"namespaces": self.namespaces, "storageClass": self.storage_class})

    def _after(self, *resources: pulumi.Resource) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self, depends_on=list(resources))

    def _namespace(self, name: str, charts: list[Chart]) -> k8s.core.v1.Namespace:
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
        opts = self._after(ns)
        meta = {"namespace": name, "labels": self.labels}
        k8s.core.v1.ResourceQuota(
            f"quota-{name}",
            metadata={"name": "quota", **meta},
            # The charts' own pods, sized in charts.py, and nothing more.
            spec={"hard": quota(charts, self.args.nodes)},
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

    def _values(self, chart: Chart) -> dict[str, Any]:
        a = self.args
        if chart.name == "ingress-nginx":
            controller: dict[str, Any] = {
                "replicaCount": 2,
                "metrics": {"enabled": a.monitoring},
            }
            if a.cloud == "azure":
                controller["service"] = {"annotations": {AKS_HEALTH_PROBE: "/healthz"}}
            return {"controller": controller}
        if chart.name == "aws-load-balancer-controller":
            account: dict[str, Any] = {"create": True, "name": chart.name}
            if a.lb_controller_role_arn:
                account["annotations"] = {"eks.amazonaws.com/role-arn": a.lb_controller_role_arn}
            return {
                "clusterName": a.cluster_name,
                "region": a.region,
                "vpcId": a.vpc_id,
                "replicaCount": 2,
                "serviceAccount": account,
                "podSecurityContext": RESTRICTED_POD,
                "securityContext": RESTRICTED_CONTAINER,
            }
        if chart.name == "metrics-server":
            return {"replicas": 1}
        if chart.name == "metallb":
            # Layer 2 mode: no BGP router, so no FRR containers.
            return {"speaker": {"frr": {"enabled": False}}}
        if chart.name == "cert-manager":
            return {"crds": {"enabled": True}}
        # kube-prometheus-stack: select ServiceMonitors from every namespace, not only its own.
        return {
            "prometheus": {"prometheusSpec": {"serviceMonitorSelectorNilUsesHelmValues": False}}
        }

    def _release(
        self,
        chart: Chart,
        namespace: k8s.core.v1.Namespace,
        after: list[pulumi.Resource] | None = None,
    ) -> k8s.helm.v3.Release:
        return k8s.helm.v3.Release(
            chart.name,
            name=chart.name,
            chart=chart.name,
            version=chart.version,
            namespace=chart.namespace,
            repository_opts={"repo": chart.repo},
            values=_merge(self._values(chart), chart.sized_values()),
            atomic=True,
            opts=self._after(namespace, *(after or [])),
        )

    def _address_pool(self) -> list[pulumi.Resource]:
        name = f"{self.args.system}-{self.args.env}"
        opts = self._after(self.releases[METALLB.name])
        meta = {"namespace": METALLB.namespace, "labels": self.labels}
        pool = k8s.apiextensions.CustomResource(
            "address-pool",
            api_version="metallb.io/v1beta1",
            kind="IPAddressPool",
            metadata={"name": name, **meta},
            spec={"addresses": list(self.args.load_balancer_addresses)},
            opts=opts,
        )
        advertisement = k8s.apiextensions.CustomResource(
            "l2-advertisement",
            api_version="metallb.io/v1beta1",
            kind="L2Advertisement",
            metadata={"name": name, **meta},
            spec={"ipAddressPools": [name]},
            opts=opts,
        )
        return [pool, advertisement]

    def _issuer(self) -> None:
        ing = PROFILES[self.args.cloud]
        name = cluster_issuer(self.args.env)
        # GKE reads the class from the annotation (`class`), ingress-nginx from the field.
        solver = {"class": ing.class_name} if ing.class_annotation else {}
        solver = solver or {"ingressClassName": ing.class_name}
        k8s.apiextensions.CustomResource(
            "cluster-issuer",
            api_version="cert-manager.io/v1",
            kind="ClusterIssuer",
            metadata={"name": name, "labels": self.labels},
            spec={
                "acme": {
                    "server": "https://acme-v02.api.letsencrypt.org/directory",
                    "email": self.args.acme_email,
                    "privateKeySecretRef": {"name": f"{name}-account"},
                    "solvers": [{"http01": {"ingress": solver}}],
                }
            },
            opts=self._after(self.releases[CERT_MANAGER.name]),
        )

    def _service_monitor(self, component: str) -> None:
        k8s.apiextensions.CustomResource(
            f"monitor-{component}",
            api_version="monitoring.coreos.com/v1",
            kind="ServiceMonitor",
            metadata={
                "name": namespace_for(component, self.args.env),
                "namespace": KUBE_PROMETHEUS.namespace,
                "labels": self.labels,
            },
            spec={
                "namespaceSelector": {"matchNames": [namespace_for(component, self.args.env)]},
                "selector": {"matchLabels": {"app.kubernetes.io/name": component}},
                "endpoints": [{"port": "http", "path": "/metrics", "interval": "30s"}],
            },
            opts=self._after(self.releases[KUBE_PROMETHEUS.name]),
        )


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` merged in, key by key (neither is changed)."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged

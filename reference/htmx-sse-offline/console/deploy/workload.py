"""The component's Kubernetes objects in one environment, owned by one ComponentResource."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_kubernetes as k8s

from cloud import ACME_SOLVER_LABEL, ACME_SOLVER_PORT, IngressProfile, namespace_for, profile
from settings import Track, WorkloadArgs

# Pods run as this non-root UID whatever the image's USER is: the Python images create it, and
# nginx-unprivileged runs under any UID (it only writes to the writable paths).
UID = 10001
MEMORY = "64Mi"  # size limit of each writable path (memory-backed, counted in the pod's limit)
MONITORING_NAMESPACE = "monitoring"
# Load balancers and kube-proxy keep sending to a terminating pod until they see it removed from the
# endpoints (seconds with IP-target ALBs); the pod keeps serving that long before it gets SIGTERM.
PRE_STOP_SECONDS = 10
# The pre-stop wait, the service's own drain (GRACEFUL_SHUTDOWN_SECONDS, 10 s) and slack.
TERMINATION_GRACE_SECONDS = PRE_STOP_SECONDS + 20
# A new pod is ready before an old one goes: capacity never drops during a release.
ROLLING = {"type": "RollingUpdate", "rolling_update": {"max_unavailable": 0, "max_surge": 1}}
RESTRICTED = "restricted"


class Workload(pulumi.ComponentResource):
    """Namespace, identity, Deployments, Service, Ingress, autoscaling, disruption budget and
    network policy of one component; ``args.strategy`` decides the Deployments and traffic split."""

    namespace: pulumi.Output[str]
    url: pulumi.Output[str]
    image: pulumi.Output[str]

    def __init__(
        self, name: str, args: WorkloadArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("arxscaffold:deploy:Workload", name, None, opts)
        self.args = args
        self.ingress_profile = profile(args.cloud, args.ingress_source_cidrs, args.public)
        self._child = pulumi.ResourceOptions(parent=self)
        self.labels = {
            "app.kubernetes.io/name": args.app,
            "app.kubernetes.io/part-of": args.system,
            "app.kubernetes.io/managed-by": "pulumi",
        }
        self.selector = {"app.kubernetes.io/name": args.app}

        ns = k8s.core.v1.Namespace(
            f"{name}-namespace",
            metadata={
                "name": args.namespace,
                "labels": {
                    **self.labels,
                    **{
                        f"pod-security.kubernetes.io/{mode}": RESTRICTED
                        for mode in ("enforce", "audit", "warn")
                    },
                    "pod-security.kubernetes.io/enforce-version": "latest",
                },
            },
            opts=self._child,
        )
        # Every other object waits for the namespace through this output.
        self._ns: pulumi.Output[str] = ns.metadata.name
        self.account = k8s.core.v1.ServiceAccount(
            f"{name}-sa",
            metadata=self._meta(args.app),
            automount_service_account_token=False,
            opts=self._child,
        )
        self.config_map = k8s.core.v1.ConfigMap(
            f"{name}-settings",
            metadata=self._meta(f"{args.app}-settings"),
            data=self._settings(),
            opts=self._child,
        )
        self._network_policies(name)

        for track, plan in args.tracks().items():
            self._deployment(name, track, plan)
        self._services(name)
        self._ingresses(name)

        self.namespace = self._ns
        # An internal component is reached in the cluster only (the web app proxies to it).
        self.url = pulumi.Output.from_input(
            f"https://{args.host}/"
            if args.public
            else f"http://{args.app}.{args.namespace}.svc.cluster.local/"
        )
        self.image = pulumi.Output.from_input(args.image)
        self.register_outputs({"namespace": self.namespace, "url": self.url, "image": self.image})

    # -- shape of the rollout -------------------------------------------------------------------

    def _service_selector(self, track: str | None) -> dict[str, str]:
        if track is None:
            return dict(self.selector)
        return {**self.selector, "app.kubernetes.io/track": track}

    # -- objects -------------------------------------------------------------------------------

    def _meta(self, name: str, **extra: Any) -> dict[str, Any]:
        return {"name": name, "namespace": self._ns, "labels": self.labels, **extra}

    def _settings(self) -> dict[str, str]:
        a = self.args
        base = {"HOST": "0.0.0.0", "PORT": str(a.port), **a.settings}  # all pod interfaces
        return {f"{a.env_prefix}{k}": v for k, v in sorted(base.items())}

    def _deployment(self, name: str, track: str, plan: Track) -> None:
        a = self.args
        suffix, tag, scaled = plan.suffix, plan.tag, plan.autoscaled
        deploy_name = f"{a.app}{suffix}"
        pod_labels = {
            **self.labels,
            "app.kubernetes.io/track": track,
            "app.kubernetes.io/version": tag.split("@")[0],  # a label cannot hold a digest
        }
        match = self._service_selector(track)
        spread = [
            {
                "max_skew": 1,
                "topology_key": key,
                "when_unsatisfiable": "ScheduleAnyway",
                "label_selector": {"match_labels": match},
            }
            for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname")
        ]
        writable = {path: volume_name(path) for path in a.writable_paths}
        container = {
            "name": a.app,
            "image": f"{a.image_repository}:{tag}",
            "image_pull_policy": "Always",
            "ports": [{"name": "http", "container_port": a.port, "protocol": "TCP"}],
            "env_from": [{"config_map_ref": {"name": f"{a.app}-settings"}}],
            "resources": {
                "requests": {"cpu": a.resources.cpu_request, "memory": a.resources.memory_request},
                "limits": {"cpu": a.resources.cpu_limit, "memory": a.resources.memory_limit},
            },
            "startup_probe": _probe("/healthz", period=2, failures=30),
            "liveness_probe": _probe("/healthz", period=10, failures=3),
            "readiness_probe": _probe("/readyz", period=5, failures=3),
            # A sleep action needs no shell or binary in the image (Kubernetes >= 1.30).
            "lifecycle": {"pre_stop": {"sleep": {"seconds": PRE_STOP_SECONDS}}},
            "security_context": {
                "run_as_non_root": True,
                "run_as_user": UID,
                "run_as_group": UID,
                "read_only_root_filesystem": True,
                "allow_privilege_escalation": False,
                "privileged": False,
                "capabilities": {"drop": ["ALL"]},
                "seccomp_profile": {"type": "RuntimeDefault"},
            },
            # Writes go to the declared paths only; secrets arrive as files, never as values here.
            "volume_mounts": [
                *({"name": volume, "mount_path": path} for path, volume in writable.items()),
                *([{"name": "state", "mount_path": a.state_path}] if a.state_path else []),
                {"name": "secrets", "mount_path": "/run/secrets/app", "read_only": True},
            ],
        }
        claim = {"claim_name": f"{deploy_name}-state"}
        state = [{"name": "state", "persistent_volume_claim": claim}]
        spec: dict[str, Any] = {
            "selector": {"match_labels": match},
            "revision_history_limit": 5,
            # One writer (state on a volume) cannot overlap with its successor: stop it, then start.
            "strategy": {"type": "Recreate"} if a.single_replica else ROLLING,
            "template": {
                "metadata": {"labels": pod_labels},
                "spec": {
                    "service_account_name": a.app,
                    "automount_service_account_token": False,
                    "enable_service_links": False,
                    "termination_grace_period_seconds": TERMINATION_GRACE_SECONDS,
                    "security_context": {
                        "run_as_non_root": True,
                        "run_as_user": UID,
                        "run_as_group": UID,
                        "fs_group": UID,
                        "seccomp_profile": {"type": "RuntimeDefault"},
                    },
                    "topology_spread_constraints": spread,
                    # Kubelet pulls anonymously when the Secret is absent (an event warns), so a
                    # public registry works before the team creates it.
                    **(
                        {"image_pull_secrets": [{"name": a.image_pull_secret}]}
                        if a.image_pull_secret
                        else {}
                    ),
                    "containers": [container],
                    "volumes": [
                        *(
                            {
                                "name": volume,
                                "empty_dir": {"medium": "Memory", "size_limit": MEMORY},
                            }
                            for volume in writable.values()
                        ),
                        *(state if a.state_path else []),
                        {
                            "name": "secrets",
                            "secret": {"secret_name": a.secret_name, "optional": True},
                        },
                    ],
                },
            },
        }
        if a.state_path:
            self._state_claim(name, track, deploy_name)
        if not scaled or plan.pinned:
            # A fixed size (an idle colour, a canary and its stable track, one writer), or a colour
            # warmed up to the autoscaler's minimum before it takes the traffic.
            spec["replicas"] = plan.minimum
        k8s.apps.v1.Deployment(
            f"{name}-{track}", metadata=self._meta(deploy_name), spec=spec, opts=self._child
        )
        k8s.policy.v1.PodDisruptionBudget(
            f"{name}-{track}-pdb",
            metadata=self._meta(deploy_name),
            spec={"selector": {"match_labels": match}, "max_unavailable": 1},
            opts=self._child,
        )
        if scaled:
            k8s.autoscaling.v2.HorizontalPodAutoscaler(
                f"{name}-{track}-hpa",
                metadata=self._meta(deploy_name),
                spec={
                    "scale_target_ref": {
                        "api_version": "apps/v1",
                        "kind": "Deployment",
                        "name": deploy_name,
                    },
                    "min_replicas": plan.minimum,
                    "max_replicas": plan.maximum,
                    "metrics": [
                        {
                            "type": "Resource",
                            "resource": {
                                "name": "cpu",
                                "target": {
                                    "type": "Utilization",
                                    "average_utilization": a.cpu_target_percent,
                                },
                            },
                        }
                    ],
                    "behavior": {"scale_down": {"stabilization_window_seconds": 300}},
                },
                opts=self._child,
            )

    def _state_claim(self, name: str, track: str, deploy_name: str) -> None:
        """The volume behind ``state_path``; kept when the stack is destroyed (it holds data)."""
        k8s.core.v1.PersistentVolumeClaim(
            f"{name}-{track}-state",
            metadata=self._meta(f"{deploy_name}-state"),
            spec={
                "access_modes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": self.args.state_size}},
            },
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=True),
        )

    def _services(self, name: str) -> None:
        a = self.args
        services: dict[str, dict[str, str]] = {}
        if a.single_replica:
            services[a.app] = dict(self.selector)
        elif a.strategy == "blue-green":
            idle = "green" if a.active_slot == "blue" else "blue"
            services[a.app] = self._service_selector(a.active_slot)
            services[f"{a.app}-preview"] = self._service_selector(idle)
        elif a.canary_running and a.canary_weighted:
            services[a.app] = self._service_selector("stable")
            services[f"{a.app}-canary"] = self._service_selector("canary")
        else:
            # Rolling, a promoted canary, or one the controller cannot weight (pod counts set
            # its share: WorkloadArgs.tracks).
            services[a.app] = dict(self.selector)
        for svc_name, selector in services.items():
            k8s.core.v1.Service(
                f"{name}-svc-{svc_name}",
                metadata=self._meta(svc_name, annotations=self.ingress_profile.service_annotations),
                spec={
                    "type": "ClusterIP",
                    "selector": selector,
                    "ports": [
                        {"name": "http", "port": 80, "target_port": "http", "protocol": "TCP"}
                    ],
                },
                opts=self._child,
            )

    def _ingresses(self, name: str) -> None:
        a = self.args
        if not a.public:
            return  # internal: no Ingress, no load balancer; reached in the cluster only
        ing: IngressProfile = self.ingress_profile
        annotations = ing.ingress_annotations(a.system, a.env)
        if ing.acme:
            # cert-manager answers Let's Encrypt from solver pods in this namespace; the default
            # deny would keep the ingress controller from them and no certificate would issue.
            solver_from = ing.solver_sources()
            k8s.networking.v1.NetworkPolicy(
                f"{name}-acme-solver",
                metadata=self._meta("allow-acme-http01-solver"),
                spec={
                    "pod_selector": {"match_labels": {ACME_SOLVER_LABEL: "true"}},
                    "policy_types": ["Ingress"],
                    "ingress": [
                        {
                            **({"from_": solver_from} if solver_from else {}),
                            "ports": [{"protocol": "TCP", "port": ACME_SOLVER_PORT}],
                        }
                    ],
                },
                opts=self._child,
            )
        backend: dict[str, Any] = {"name": a.app, "port": {"name": "http"}}
        canary = a.canary_running
        if canary and ing.weighting == "alb":
            annotations["alb.ingress.kubernetes.io/actions.weighted"] = json.dumps(
                {
                    "type": "forward",
                    "forwardConfig": {
                        "targetGroups": [
                            {
                                "serviceName": a.app,
                                "servicePort": "80",
                                "weight": 100 - a.canary_weight,
                            },
                            {
                                "serviceName": f"{a.app}-canary",
                                "servicePort": "80",
                                "weight": a.canary_weight,
                            },
                        ]
                    },
                },
                sort_keys=True,
            )
            backend = {"name": "weighted", "port": {"name": "use-annotation"}}
        self._ingress(f"{name}-ingress", a.app, annotations, backend)
        if canary and ing.weighting == "nginx":
            self._ingress(
                f"{name}-ingress-canary",
                f"{a.app}-canary",
                {
                    **annotations,
                    "nginx.ingress.kubernetes.io/canary": "true",
                    "nginx.ingress.kubernetes.io/canary-weight": str(a.canary_weight),
                },
                {"name": f"{a.app}-canary", "port": {"name": "http"}},
            )

    def _ingress(
        self, logical: str, obj_name: str, annotations: dict[str, str], backend: dict[str, Any]
    ) -> None:
        a = self.args
        k8s.networking.v1.Ingress(
            logical,
            metadata=self._meta(obj_name, annotations=annotations),
            spec={
                # GKE reads the class from the annotation only, and the API refuses both at once.
                **(
                    {}
                    if self.ingress_profile.class_annotation
                    else {"ingress_class_name": self.ingress_profile.class_name}
                ),
                "tls": [{"hosts": [a.host], "secret_name": f"{a.app}-tls"}],
                "rules": [
                    {
                        "host": a.host,
                        "http": {
                            "paths": [
                                {
                                    "path": "/",
                                    "path_type": "Prefix",
                                    "backend": {"service": backend},
                                }
                            ]
                        },
                    }
                ],
            },
            opts=self._child,
        )

    def _network_policies(self, name: str) -> None:
        a = self.args
        k8s.networking.v1.NetworkPolicy(
            f"{name}-default-deny",
            metadata=self._meta("default-deny"),
            spec={"pod_selector": {}, "policy_types": ["Ingress", "Egress"]},
            opts=self._child,
        )
        ing = self.ingress_profile
        sources: list[dict[str, Any]] = []
        if ing.source_namespace:
            sources.append(_namespace_peer(ing.source_namespace))
        sources += [{"ip_block": {"cidr": cidr}} for cidr in ing.source_cidrs]
        if a.monitoring:
            sources.append(_namespace_peer(MONITORING_NAMESPACE))
        callers = [_namespace_peer(namespace_for(p, a.env), p) for p in a.callers]
        callees = [_namespace_peer(namespace_for(p, a.env), p) for p in a.callees]
        port = [{"protocol": "TCP", "port": a.port}]
        # An empty `from` admits every source: no rule at all when no one may call in.
        ingress = [{"from_": sources, "ports": port}] if sources else []
        if callers:
            ingress.append({"from_": callers, "ports": port})
        dns = [{"protocol": proto, "port": 53} for proto in ("UDP", "TCP")]
        egress: list[dict[str, Any]] = [
            {
                "to": [
                    {
                        "namespace_selector": {
                            "match_labels": {"kubernetes.io/metadata.name": "kube-system"}
                        },
                        "pod_selector": {"match_labels": {"k8s-app": "kube-dns"}},
                    }
                ],
                "ports": dns,
            }
        ]
        if callees:
            # Any port of the callee's pods: its Service maps port 80 to the pod's own port.
            egress.append({"to": callees})
        if a.egress:
            # No `to`: a broker or database may run in or out of the cluster; the port is the limit.
            ports = [{"protocol": "TCP", "port": p} for _, p in sorted(a.egress.items())]
            egress.append({"ports": ports})
        k8s.networking.v1.NetworkPolicy(
            f"{name}-allow",
            metadata=self._meta(f"{a.app}-allow"),
            spec={
                "pod_selector": {"match_labels": self.selector},
                "policy_types": ["Ingress", "Egress"],
                "ingress": ingress,
                "egress": egress,
            },
            opts=self._child,
        )


def volume_name(path: str) -> str:
    """Volume name of a writable path: /tmp -> tmp, /etc/nginx/conf.d -> etc-nginx-conf-d."""
    return path.strip("/").replace("/", "-").replace(".", "-").replace("_", "-").lower()


def _probe(path: str, period: int, failures: int) -> dict[str, Any]:
    return {
        "http_get": {"path": path, "port": "http"},
        "period_seconds": period,
        "timeout_seconds": 2,
        "failure_threshold": failures,
    }


def _namespace_peer(namespace: str, app: str | None = None) -> dict[str, Any]:
    peer: dict[str, Any] = {
        "namespace_selector": {"match_labels": {"kubernetes.io/metadata.name": namespace}}
    }
    if app:
        peer["pod_selector"] = {"match_labels": {"app.kubernetes.io/name": app}}
    return peer

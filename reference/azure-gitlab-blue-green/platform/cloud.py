"""Conventions every stack shares: where components live, and how traffic reaches them per cloud."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

# The ingress-nginx controller's namespace; the platform stack creates it (azure and hybrid).
NGINX_NAMESPACE = "ingress-nginx"
# Google's front ends reach pods (NEG backends) from these ranges only.
GOOGLE_LB_RANGES = ("35.191.0.0/16", "130.211.0.0/22")
# cert-manager labels the pods answering its HTTP-01 challenges so, and they listen on this port.
ACME_SOLVER_LABEL = "acme.cert-manager.io/http01-solver"
ACME_SOLVER_PORT = 8089


def namespace_for(app: str, env: str) -> str:
    """One namespace per component and environment; peers and monitors find it by this rule."""
    return f"{app}-{env}"


def cluster_issuer(env: str) -> str:
    """The ClusterIssuer of one environment's platform stack. Each environment has its own cluster
    (docs/platform.md); the name still carries it, so two stacks never overwrite one issuer."""
    return f"letsencrypt-{env}"


@dataclass(frozen=True)
class IngressProfile:
    class_name: str
    annotations: dict[str, str]
    # Load balancers outside the cluster (ALB, Google) send traffic from addresses, not pods.
    source_namespace: str | None = None
    source_cidrs: tuple[str, ...] = ()
    # "nginx": a second Ingress with canary annotations; "alb": weighted target groups;
    # None: the controller cannot weight, so replicas set the canary's share.
    weighting: str | None = None
    service_annotations: dict[str, str] = field(default_factory=dict)
    # GKE's controller reads the class from the old annotation only: an Ingress with just
    # spec.ingressClassName is not processed and gets no load balancer.
    class_annotation: bool = False
    # TLS from cert-manager's ClusterIssuer (HTTP-01 through this class); False: the load
    # balancer's own certificates (ACM finds the one for the host).
    acme: bool = True
    # The annotation that puts every Ingress of one environment behind one load balancer.
    group_annotation: str | None = None

    def ingress_annotations(self, system: str, env: str) -> dict[str, str]:
        """The annotations of a component's Ingress in one environment."""
        annotations = dict(self.annotations)
        if self.class_annotation:
            annotations["kubernetes.io/ingress.class"] = self.class_name
        if self.acme:
            annotations["cert-manager.io/cluster-issuer"] = cluster_issuer(env)
        if self.group_annotation:
            annotations[self.group_annotation] = f"{system}-{env}"
        return annotations

    def solver_sources(self) -> list[dict[str, Any]]:
        """Who may reach cert-manager's HTTP-01 solver pods: the ingress controller's pods, or
        anyone when the load balancer reaches the solver's NodePort Service through the nodes (the
        solver serves nothing but the challenge token)."""
        if self.source_namespace is None:
            return []
        selector = {"kubernetes.io/metadata.name": self.source_namespace}
        return [{"namespace_selector": {"match_labels": selector}}]


NGINX = IngressProfile(
    "nginx",
    {
        # ingress-nginx never redirects /.well-known/acme-challenge/, so HTTP-01 still works.
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
        "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
    },
    source_namespace=NGINX_NAMESPACE,
    weighting="nginx",
)

PROFILES: dict[str, IngressProfile] = {
    # ALB finds the ACM certificate for the TLS host itself; it targets pod IPs in the VPC.
    "aws": IngressProfile(
        "alb",
        {
            "alb.ingress.kubernetes.io/scheme": "internet-facing",
            "alb.ingress.kubernetes.io/target-type": "ip",
            "alb.ingress.kubernetes.io/listen-ports": json.dumps([{"HTTPS": 443}]),
            "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
            "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
        },
        source_cidrs=("10.0.0.0/16",),
        weighting="alb",
        acme=False,
        group_annotation="alb.ingress.kubernetes.io/group.name",
    ),
    # HTTP stays open on Google's load balancer: Let's Encrypt asks for the HTTP-01 token on port
    # 80, and cert-manager adds its path to this Ingress (edit in place: a solver Ingress of its
    # own would get a load balancer, and an address, of its own).
    "gcp": IngressProfile(
        "gce",
        {"acme.cert-manager.io/http01-edit-in-place": "true"},
        source_cidrs=GOOGLE_LB_RANGES,
        service_annotations={"cloud.google.com/neg": json.dumps({"ingress": True})},
        class_annotation=True,
    ),
    "azure": NGINX,
    "hybrid": NGINX,
}


def profile(cloud: str, source_cidrs: tuple[str, ...] = (), public: bool = True) -> IngressProfile:
    """The cloud's profile; ``source_cidrs`` from config replaces the default (your VPC). An
    internal component (not ``public``) has no Ingress: no load balancer may reach it, and with
    no controller to weight a canary, one Service over both tracks lets replicas set its share."""
    base = PROFILES[cloud]
    if not public:
        return replace(
            base, source_namespace=None, source_cidrs=(), weighting=None, service_annotations={}
        )
    if source_cidrs and base.source_namespace is None:
        return replace(base, source_cidrs=source_cidrs)
    return base

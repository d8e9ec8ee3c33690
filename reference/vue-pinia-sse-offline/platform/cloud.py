"""Conventions every stack shares: where components live, and how traffic reaches them per cloud."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# The ingress-nginx controller's namespace; the platform stack creates it (azure and hybrid).
NGINX_NAMESPACE = "ingress-nginx"
CLUSTER_ISSUER = "letsencrypt"
# Google's front ends reach pods (NEG backends) from these ranges only.
GOOGLE_LB_RANGES = ("35.191.0.0/16", "130.211.0.0/22")


def namespace_for(app: str, env: str) -> str:
    """One namespace per component and environment; peers and monitors find it by this rule."""
    return f"{app}-{env}"


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


NGINX = IngressProfile(
    "nginx",
    {
        "cert-manager.io/cluster-issuer": CLUSTER_ISSUER,
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
    ),
    "gcp": IngressProfile(
        "gce",
        {
            "cert-manager.io/cluster-issuer": CLUSTER_ISSUER,
            "kubernetes.io/ingress.allow-http": "false",
        },
        source_cidrs=GOOGLE_LB_RANGES,
        service_annotations={"cloud.google.com/neg": json.dumps({"ingress": True})},
    ),
    "azure": NGINX,
    "hybrid": NGINX,
}


def profile(cloud: str, source_cidrs: tuple[str, ...] = ()) -> IngressProfile:
    """The cloud's profile; ``source_cidrs`` from config replaces the default (your VPC)."""
    base = PROFILES[cloud]
    if source_cidrs and base.source_namespace is None:
        return IngressProfile(
            base.class_name,
            base.annotations,
            None,
            source_cidrs,
            base.weighting,
            base.service_annotations,
        )
    return base

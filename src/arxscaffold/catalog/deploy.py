"""Production deployment decisions: the `deploy` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog import identifiers
from arxscaffold.catalog.model import Area, Decision, Option, choice

AREA = Area(
    "deploy",
    "Production deployment architecture",
    4,
    "Every component runs on a managed Kubernetes platform with autoscaling, load balancing, "
    "monitoring and network, application and data security, in several environments.",
    (
        "Operational maturity of the platform",
        "Existing cloud contracts",
        "Security by default",
        "Cost under variable load",
    ),
    (
        choice(
            "deploy.orchestration",
            "Orchestration",
            "kubernetes",
            (
                Option(
                    "kubernetes",
                    "Kubernetes",
                    ("Portable across clouds", "Rich autoscaling and policy"),
                    ("Operational complexity",),
                ),
                Option(
                    "docker-swarm",
                    "Docker Swarm",
                    ("Simple",),
                    ("Small ecosystem, little autoscaling",),
                    supported=False,
                ),
                Option(
                    "ecs",
                    "Amazon ECS",
                    ("Managed, simple on AWS",),
                    ("AWS only",),
                    supported=False,
                ),
            ),
        ),
        choice(
            "deploy.cloud",
            "Cloud",
            "aws",
            (
                Option(
                    "aws",
                    "AWS (EKS, ALB ingress)",
                    ("Broadest managed services",),
                    ("Egress costs",),
                ),
                Option(
                    "azure",
                    "Azure (AKS, Application Gateway)",
                    ("Enterprise identity integration",),
                    ("Fewer regions with every service",),
                ),
                Option(
                    "gcp",
                    "Google Cloud (GKE, GCE ingress)",
                    ("Most mature managed Kubernetes",),
                    ("Smaller enterprise footprint",),
                ),
                Option(
                    "hybrid",
                    "Hybrid (any conformant cluster, ingress-nginx)",
                    ("Runs on premises beside building systems",),
                    ("The team runs more itself",),
                ),
            ),
        ),
        Decision(
            "deploy.environments",
            "Environments",
            "labels",
            ["dev", "staging", "prod"],
            "Deployment environments, in promotion order.",
        ),
        Decision(
            "deploy.autoscaling.min_replicas",
            "Minimum replicas",
            "int",
            2,
            "Lower bound of the HorizontalPodAutoscaler.",
            minimum=1,
        ),
        Decision(
            "deploy.autoscaling.max_replicas",
            "Maximum replicas",
            "int",
            10,
            "Upper bound of the HorizontalPodAutoscaler.",
            minimum=1,
        ),
        Decision(
            "deploy.autoscaling.cpu_target_percent",
            "CPU target (%)",
            "int",
            70,
            "Average CPU utilisation the autoscaler aims for.",
            minimum=1,
            maximum=100,
        ),
        choice(
            "deploy.monitoring",
            "Monitoring",
            "prometheus",
            (
                Option(
                    "prometheus",
                    "Prometheus (kube-prometheus-stack)",
                    ("Standard metrics, alerting and dashboards",),
                    ("Another stack to run",),
                ),
                Option("none", "None", ("Nothing to run",), ("Blind in production",)),
            ),
        ),
        Decision(
            "deploy.acme_email",
            "ACME contact e-mail",
            "str",
            None,
            "Let's Encrypt account contact for the Ingress TLS certificates. Default: the owner's name "
            "at example.com, a placeholder Let's Encrypt refuses: set a real mailbox before going live.",
            derive=identifiers.acme_email_default,
        ),
    ),
    confirmation="deploy smoke: Pulumi mock tests, strict manifest validation and a policy scan",
)

"""CI/CD pipeline decisions: the `cicd` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog import identifiers
from arxscaffold.catalog.model import Area, Decision, Option, choice

AREA = Area(
    "cicd",
    "CI/CD pipeline architecture",
    5,
    "Every component is built, tested, scanned and deployed through environments with quality gates "
    "and a rollback path.",
    ("Where the code is hosted", "Safe, observable rollouts", "Fast feedback on pull requests"),
    (
        choice(
            "cicd.provider",
            "CI provider",
            "github-actions",
            (
                Option(
                    "github-actions",
                    "GitHub Actions",
                    ("Native to GitHub, environments with approvals",),
                    ("Minutes billed per job",),
                ),
                Option(
                    "gitlab-ci",
                    "GitLab CI",
                    ("Integrated with GitLab, protected environments",),
                    ("Needs GitLab hosting",),
                ),
                Option(
                    "jenkins",
                    "Jenkins",
                    ("Self-hosted, flexible",),
                    ("Plugins to maintain",),
                    supported=False,
                ),
            ),
        ),
        choice(
            "cicd.strategy",
            "Deployment strategy",
            "rolling",
            (
                Option(
                    "rolling",
                    "Rolling update",
                    ("No extra capacity",),
                    ("Mixed versions during rollout",),
                ),
                Option(
                    "blue-green",
                    "Blue-green",
                    ("Instant switch and rollback",),
                    ("Double capacity",),
                ),
                Option(
                    "canary",
                    "Canary",
                    ("Limits the blast radius",),
                    ("Needs good health signals",),
                ),
            ),
        ),
        Decision(
            "cicd.quality_gates.coverage_min",
            "Coverage gate (%)",
            "int",
            80,
            "Line coverage below this fails the pipeline.",
            minimum=0,
            maximum=100,
        ),
        Decision(
            "cicd.codeowners",
            "Code owners",
            "str",
            None,
            "CODEOWNERS handle whose review changes to ADRs, deploy and pipelines need: '@org/team' or "
            "'@user' (GitLab also '@group/subgroup'). Default: '@' and the owner's name.",
            derive=identifiers.codeowners_default,
        ),
        Decision(
            "cicd.image_namespace",
            "Image registry and namespace",
            "str",
            None,
            "Registry host and namespace each component's image is pushed under, as namespace/component "
            "(OCI reference grammar, e.g. 'ghcr.io/my-org'). Default: "
            f"'ghcr.io/' and the owner's name on GitHub; on GitLab '{identifiers.GITLAB_PROJECT_IMAGE}', "
            "each project's own registry.",
            derive=identifiers.image_namespace_default,
        ),
    ),
    confirmation="cicd smoke: generated pipelines linted offline",
)

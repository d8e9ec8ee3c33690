"""Repository layout decisions: the `repository` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice

AREA = Area(
    "repository",
    "Repository layout",
    10,
    "The system's components are kept in version control either together, in one repository whose root "
    "holds every component's pipeline, or apart, one repository per component. CI providers only read "
    "pipelines at a repository's root, so the layout decides where each pipeline file lives.",
    ("Changes that span components", "Access control per component", "CI runs only what changed"),
    (
        choice(
            "repository.layout",
            "Layout",
            "monorepo",
            (
                Option(
                    "monorepo",
                    "One repository for the system",
                    (
                        "One change and one review across components",
                        "Decisions, ADRs and code versioned together",
                    ),
                    (
                        "Path filters decide which pipelines run",
                        "Access is granted to the whole system",
                    ),
                ),
                Option(
                    "polyrepo",
                    "One repository per component",
                    ("Independent access, history and release cadence",),
                    ("Cross-component changes need several reviews",),
                ),
            ),
            "Where each component's pipeline lives. monorepo: the system root holds one workflow per "
            "component (GitHub: path filters; GitLab: a parent pipeline triggering child pipelines). "
            "polyrepo: each component folder is pushed as its own repository with its own pipeline "
            "(what `new --component` makes).",
        ),
    ),
    confirmation="pipelines smoke: both layouts linted offline (actionlint, check-jsonschema)",
)

"""Decisions used as identifiers: each has its own grammar, checked here and in Copier's validators.

`system.owner` used to be free text that the templates also used as a CODEOWNERS handle, an image
namespace and an e-mail address; a value such as ``ops: team`` broke seven YAML files. Each of those
uses is now a decision of its own, with a grammar that no output format needs to fear. The patterns are
plain Python regular expressions, so Copier's ``regex_search`` filter checks the same ones.

The identifiers a team rarely sets (handle, image namespace, ACME e-mail) default to values derived
from the owner's name, so a decisions file that names only the owner keeps generating what 0.1.0 and
0.2.0 generated from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# One Backstage name: [A-Za-z0-9] runs joined by single '-', '_' or '.', at most 63 characters.
_NAME = r"[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*"
_NAMESPACE = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# GitHub user or organisation: alphanumerics and single hyphens, at most 39 characters.
_GITHUB_USER = r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}"
_GITHUB_TEAM = r"[A-Za-z0-9](?:[-_]?[A-Za-z0-9])*"
_GITLAB_PATH = r"[A-Za-z0-9](?:[-_.]?[A-Za-z0-9])*"
# OCI distribution reference grammar: a registry host (with a dot or a port, or localhost), then
# lowercase path components joined by '.', '_', '__' or dashes.
_HOST_PART = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = rf"(?:{_HOST_PART}(?:\.{_HOST_PART})+(?::[0-9]+)?|localhost(?::[0-9]+)?|{_HOST_PART}:[0-9]+)"
_PATH_PART = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
# RFC 5322 dot-atom local part; a domain of DNS labels with an alphabetic top-level label.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"

# GitLab's predefined variable: the project's own image path in its built-in container registry.
GITLAB_PROJECT_IMAGE = "$CI_REGISTRY_IMAGE"


@dataclass(frozen=True)
class Format:
    """A grammar for one identifier: the pattern, a length limit and how to say what is allowed."""

    key: str
    pattern: str
    max_length: int
    allowed: str

    def matches(self, value: str) -> bool:
        return len(value) <= self.max_length and re.search(self.pattern, value) is not None


OWNER = Format(
    "backstage-owner",
    rf"^(?:(?:[Gg][Rr][Oo][Uu][Pp]|[Uu][Ss][Ee][Rr]):)?(?:{_NAMESPACE}/)?(?=[^:/]{{1,63}}$){_NAME}$",
    63 + 63 + 7,
    "a Backstage group or user name (letters and digits, runs joined by single '-', '_' or '.', at "
    "most 63 characters, e.g. 'platform-team') or an entity reference such as 'group:default/ops'",
)
CODEOWNERS_GITHUB = Format(
    "codeowners-github",
    rf"^@{_GITHUB_USER}(?:/{_GITHUB_TEAM})?$",
    140,
    "a GitHub handle: '@user' or '@org/team' (letters, digits and single '-'; team slugs also '_')",
)
CODEOWNERS_GITLAB = Format(
    "codeowners-gitlab",
    rf"^@{_GITLAB_PATH}(?:/{_GITLAB_PATH})*$",
    255,
    "a GitLab handle: '@user', '@group' or '@group/subgroup' (letters, digits, single '-', '_', '.')",
)
IMAGE_NAMESPACE = Format(
    "image-namespace",
    rf"^{_HOST}(?:/{_PATH_PART})+$",
    200,
    "a registry host and namespace by the OCI reference grammar, e.g. 'ghcr.io/my-org' or "
    "'registry.example.com:5000/team' (lowercase path parts joined by '.', '_' or '-'), or "
    f"'{GITLAB_PROJECT_IMAGE}' with GitLab CI",
)
EMAIL = Format(
    "email",
    rf"^{_ATEXT}+(?:\.{_ATEXT}+)*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}}$",
    254,
    "an e-mail address 'local@domain.tld' (RFC 5322 dot-atom, no quotes, spaces or comments)",
)
# An image reference as the pipelines write it: namespace/component[:tag].
IMAGE_REFERENCE = rf"^{_HOST}(?:/{_PATH_PART})+(?::[A-Za-z0-9_][A-Za-z0-9_.-]{{0,127}})?$"

FORMATS: dict[str, Format] = {f.key: f for f in (OWNER, IMAGE_NAMESPACE, EMAIL)}
# Which decision has which grammar (the handle's depends on the CI provider, see `problem`).
FORMAT_OF = {
    "system.owner": OWNER.key,
    "cicd.image_namespace": IMAGE_NAMESPACE.key,
    "deploy.acme_email": EMAIL.key,
}
CHECKED = (*FORMAT_OF, "cicd.codeowners")


def owner_slug(owner: str) -> str:
    """The owner's name, lowercase, as one handle-, path- and mailbox-safe word ('ops' for 'group:x/ops')."""
    name = owner.split(":")[-1].split("/")[-1].lower()
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-")[:39].strip("-") or "owner"


# The same derivation for Copier's questions (Jinja with Copier's ansible filters).
SLUG_JINJA = (
    "((system_owner.split(':') | last).split('/') | last | lower"
    " | regex_replace('[^a-z0-9]+', '-') | regex_replace('^-+|-+$', ''))[:39]"
    " | regex_replace('-+$', '') or 'owner'"
)


def codeowners_default(values: Mapping[str, Any]) -> str:
    return "@" + owner_slug(str(values.get("system.owner") or ""))


def image_namespace_default(values: Mapping[str, Any]) -> str:
    if values.get("cicd.provider") == "gitlab-ci":
        return GITLAB_PROJECT_IMAGE
    return "ghcr.io/" + owner_slug(str(values.get("system.owner") or ""))


def acme_email_default(values: Mapping[str, Any]) -> str:
    return owner_slug(str(values.get("system.owner") or "")) + "@example.com"


DEFAULTS_JINJA = {
    "cicd.codeowners": "{{ '@' ~ (%s) }}" % SLUG_JINJA,
    "cicd.image_namespace": "{{ '%s' if cicd_provider == 'gitlab-ci' else 'ghcr.io/' ~ (%s) }}"
    % (GITLAB_PROJECT_IMAGE, SLUG_JINJA),
    "deploy.acme_email": "{{ (%s) ~ '@example.com' }}" % SLUG_JINJA,
}


def problem(path: str, value: str, values: Mapping[str, Any]) -> str | None:
    """What is wrong with ``value`` as the identifier at ``path`` (None when it is fine)."""
    provider = values.get("cicd.provider")
    if path == "cicd.codeowners":
        grammar = CODEOWNERS_GITLAB if provider == "gitlab-ci" else CODEOWNERS_GITHUB
        if grammar.matches(value):
            return None
        return f"{value!r} is not {grammar.allowed}"
    if path == "cicd.image_namespace" and value == GITLAB_PROJECT_IMAGE:
        if provider == "gitlab-ci":
            return None
        return (
            f"{value!r} is GitLab's own registry, but cicd.provider is {provider!r}; "
            f"use {IMAGE_NAMESPACE.allowed}"
        )
    grammar = FORMATS[FORMAT_OF[path]]
    if grammar.matches(value):
        return None
    hint = ""
    suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if grammar is OWNER and OWNER.matches(suggestion):
        hint = f"; did you mean {suggestion!r}?"
    return f"{value!r} is not {grammar.allowed}{hint}"


def as_template_data() -> dict[str, dict[str, Any]]:
    """The grammars for Copier's validators (read from catalog.json: no pattern inside a Jinja string)."""
    grammars = (OWNER, CODEOWNERS_GITHUB, CODEOWNERS_GITLAB, IMAGE_NAMESPACE, EMAIL)
    return {g.key: {"pattern": g.pattern, "max_length": g.max_length, "allowed": g.allowed} for g in grammars}


def image_repository(namespace: str, component: str) -> str:
    """Where a component's image is pushed: GitLab's project path as is, else namespace/component."""
    return namespace if namespace == GITLAB_PROJECT_IMAGE else f"{namespace}/{component}"

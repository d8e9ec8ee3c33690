"""Every accepted decisions file yields files that parse: random valid decisions, with free text drawn from
the characters that break formats, render; every YAML, JSON and TOML file parses, every shell script
passes `bash -n`, image references and e-mail addresses fit their grammars, and what went in comes back
out (the description in catalog-info.yaml, the decisions in decisions.yml, the owner, the handle).

25 examples by default; `pytest -m slow tests/render/test_generated_files_property.py` runs 200.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2_ansible_filters import AnsibleCoreFiltersExtension

from arxscaffold import catalog
from arxscaffold.catalog import identifiers
from arxscaffold.decisions import Decisions, load_text
from arxscaffold.errors import DecisionsError
from arxscaffold.render import NewRequest, new

# Characters and sequences that mean something in YAML, JSON, TOML, shell, HTML, Markdown, Jinja or a
# GitHub Actions expression.
TRICKY = [
    *" \t\n'\"\\:#-{}[]%&*!|>?@`$()<>/,;=~^+._",
    "é",
    "ß",
    "中",
    "😀",
    "\u00a0",
    "\u200b",
    "{{",
    "}}",
    "{%",
    "%}",
    "{% raw %}",
    "{% endraw %}",
    "{#",
    "</script>",
    "<!--",
    "${{ secrets.X }}",
    "$(id)",
    "`id`",
    "'''",
    '"""',
    "---",
    "...",
    "- ",
    "# ",
    "1. ",
    "> ",
    "| a | b |",
    "null",
    "true",
    "&anchor",
    "*alias",
    "!!python/object",
    "[x](y)",
    "a: b",
    "\\n",
    "word",
]
free_text = st.lists(st.sampled_from(TRICKY), max_size=40).map("".join)

_alnum = st.text(alphabet="abcXYZ019", min_size=1, max_size=6)
_backstage_name = st.one_of(
    st.builds(
        lambda first, rest: first + "".join(sep + part for sep, part in rest),
        _alnum,
        st.lists(st.tuples(st.sampled_from("-_."), _alnum), max_size=3),
    ),
    st.sampled_from(["true", "null", "no", "On", "1e3", "0x1F", "1.0", "y", "platform-team"]),
)
owners = st.builds(
    lambda kind, namespace, name: kind + namespace + name,
    st.sampled_from(["", "", "group:", "user:", "Group:"]),
    st.sampled_from(["", "", "default/", "ops-ns/"]),
    _backstage_name,
)
_lower = st.text(alphabet="abz09", min_size=1, max_size=5)
_hyphenated = st.lists(_lower, min_size=1, max_size=3).map("-".join)
github_handles = st.builds(
    lambda user, team: "@" + user + (f"/{team}" if team else ""),
    _hyphenated,
    st.one_of(st.none(), st.lists(_lower, min_size=1, max_size=3).map("_".join)),
)
gitlab_handles = st.lists(
    st.lists(st.text(alphabet="abZ9", min_size=1, max_size=4), min_size=1, max_size=3).map(".".join),
    min_size=1,
    max_size=3,
).map(lambda parts: "@" + "/".join(parts))
_path_part = st.builds(
    lambda first, rest: first + "".join(sep + part for sep, part in rest),
    _lower,
    st.lists(st.tuples(st.sampled_from([".", "_", "__", "-", "--"]), _lower), max_size=2),
)
namespaces = st.builds(
    lambda host, parts: host + "/" + "/".join(parts),
    st.sampled_from(["ghcr.io", "registry.example.com:5000", "localhost:5000", "REG.Example.com", "quay.io"]),
    st.lists(_path_part, min_size=1, max_size=3),
)
emails = st.builds(
    lambda local, domain: local + "@" + domain,
    st.lists(st.text(alphabet="aZ9!#$%&'*+/=?^_`{|}~-", min_size=1, max_size=6), min_size=1, max_size=2).map(
        ".".join
    ),
    st.sampled_from(["example.com", "mail.example.org", "x-y.co"]),
)
RATIONALE_PATHS = ["deploy.cloud", "cicd.strategy", "cicd.codeowners", "deploy.environments", "web.framework"]


@st.composite
def decisions_files(draw: st.DrawFn) -> dict[str, Any]:
    provider = draw(st.sampled_from(["github-actions", "gitlab-ci"]))
    kinds = draw(
        st.lists(
            st.sampled_from(["web", "ai-service", "iot-service", "analytics-service", "mobile"]),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    cicd: dict[str, Any] = {"provider": provider}
    if draw(st.booleans()):
        cicd["codeowners"] = draw(gitlab_handles if provider == "gitlab-ci" else github_handles)
    if draw(st.booleans()):
        choices = (
            [namespaces, st.just(identifiers.GITLAB_PROJECT_IMAGE)]
            if provider == "gitlab-ci"
            else [namespaces]
        )
        cicd["image_namespace"] = draw(st.one_of(*choices))
    deploy: dict[str, Any] = {}
    if draw(st.booleans()):
        deploy["acme_email"] = draw(emails)
    return {
        "version": 1,
        "system": {"name": "arxos", "owner": draw(owners), "description": draw(free_text)},
        "components": [{"name": f"c{i}-{kind}"[:40], "kind": kind} for i, kind in enumerate(kinds)],
        "cicd": cicd,
        "deploy": deploy,
        "rationale": draw(st.dictionaries(st.sampled_from(RATIONALE_PATHS), free_text, max_size=3)),
    }


class _AnyTagLoader(yaml.SafeLoader):
    """YAML with CI tags such as GitLab's !reference: the syntax is what is checked, not the tag."""


_AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _is_shell(path: Path) -> bool:
    if path.suffix == ".sh":
        return True
    head = path.read_bytes()[:40]
    return head.startswith(b"#!") and (b"bash" in head or b"/sh" in head)


def _files_parse(root: Path) -> None:
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        where = str(path.relative_to(root))
        if path.name.endswith((".yml", ".yaml")):
            try:
                list(yaml.load_all(path.read_text(), Loader=_AnyTagLoader))
            except yaml.YAMLError as exc:
                pytest.fail(f"{where} is not YAML: {exc}")
        elif path.suffix == ".json":
            try:
                json.loads(path.read_text())
            except json.JSONDecodeError as exc:
                pytest.fail(f"{where} is not JSON: {exc}")
        elif path.suffix == ".toml":
            try:
                tomllib.loads(path.read_text())
            except tomllib.TOMLDecodeError as exc:
                pytest.fail(f"{where} is not TOML: {exc}")
        elif _is_shell(path):
            result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, check=False)
            assert result.returncode == 0, f"{where}: bash -n: {result.stderr}"


_MARKDOWN_SYNTAX = set("\\`*_[]<>|~#&")


def _unescape_markdown(line: str) -> str:
    """The text a Markdown line shows, failing on any syntax character that is not backslash-escaped."""
    shown: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            shown.append(line[index + 1])
            index += 2
            continue
        assert char not in _MARKDOWN_SYNTAX, f"unescaped {char!r} in Markdown: {line!r}"
        shown.append(char)
        index += 1
    return "".join(shown)


def _image_of_github_workflow(workflow: Path) -> str:
    expression = yaml.safe_load(workflow.read_text())["env"]["IMAGE_REPOSITORY"]
    literal = re.fullmatch(r"\$\{\{ vars\.IMAGE_REPOSITORY \|\| '((?:[^']|'')*)' \}\}", expression)
    assert literal, expression
    return literal.group(1).replace("''", "'")


def _check_outputs(decisions: Decisions, root: Path) -> None:
    values = decisions.values
    owner, description = values["system.owner"], values["system.description"]
    _files_parse(root)
    again = load_text((root / "decisions.yml").read_text(), "generated decisions.yml")
    assert again == decisions, "decisions.yml does not give back the decisions it was generated from"
    system_entry = yaml.safe_load((root / "catalog-info.yaml").read_text())
    assert system_entry["spec"]["owner"] == owner
    assert system_entry["metadata"].get("description", "") == description
    for env in values["deploy.environments"]:
        config = yaml.safe_load((root / "platform" / f"Pulumi.{env}.yaml").read_text())["config"]
        email = config["arxos-platform:acmeEmail"]
        assert email == values["deploy.acme_email"] and identifiers.EMAIL.matches(email), email
    handle = values["cicd.codeowners"]
    for component in decisions.components:
        folder = root / component.name
        # A service's file holds its Component, then its API entity: both carry the system's owner.
        for entry in yaml.safe_load_all((folder / "catalog-info.yaml").read_text()):
            assert entry["spec"]["owner"] == owner
        readme = (folder / "README.md").read_text().splitlines()
        if description:
            quoted = next(line for line in readme if line.startswith("> "))
            assert _unescape_markdown(quoted[2:]) == description.replace("\n", " ")
        ci = ".github" if values["cicd.provider"] == "github-actions" else ".gitlab"
        # A polyrepo component owns its CODEOWNERS; a monorepo has one at the root.
        owners = folder / ci / "CODEOWNERS"
        for rule in (owners if owners.exists() else root / ci / "CODEOWNERS").read_text().splitlines():
            if rule and not rule.startswith("#"):
                assert rule.split()[-1] == handle, rule
        if component.kind == "mobile":
            continue  # no image
        if ci == ".github":
            own = folder / ".github" / "workflows" / "ci.yml"
            at_root = root / ".github" / "workflows" / f"{component.name}.yml"
            image = _image_of_github_workflow(own if own.exists() else at_root)
        else:
            image = yaml.safe_load((folder / ".gitlab-ci.yml").read_text())["variables"]["IMAGE_REPOSITORY"]
        expected = identifiers.image_repository(values["cicd.image_namespace"], component.name)
        assert image == expected
        if image != identifiers.GITLAB_PROJECT_IMAGE:
            assert re.search(identifiers.IMAGE_REFERENCE, image + ":0123abc"), image


def _render_and_check(document: dict[str, Any]) -> None:
    decisions = load_text(yaml.safe_dump(document, allow_unicode=True), "drawn.yml")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "system"
        new(NewRequest(decisions, root))
        _check_outputs(decisions, root)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decisions_files())
def test_every_generated_file_parses_and_gives_back_what_went_in(document: dict[str, Any]) -> None:
    _render_and_check(document)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decisions_files())
def test_every_generated_file_parses_and_gives_back_what_went_in_thoroughly(document: dict[str, Any]) -> None:
    _render_and_check(document)


def test_an_entity_reference_as_owner_renders_valid_files_everywhere() -> None:
    _render_and_check(
        {
            "version": 1,
            "system": {
                "name": "arxos",
                "owner": "group:default/ops",
                "description": "Ops: the team's #1 `tool`",
            },
            "components": [{"name": "sensors", "kind": "iot-service"}, {"name": "portal", "kind": "web"}],
        }
    )


@pytest.mark.parametrize("owner", ["ops: team", "Platform Team", "o'neil-team"])
def test_an_owner_that_is_no_identifier_is_refused_naming_the_field_and_what_is_allowed(
    tmp_path: Path, owner: str
) -> None:
    source = tmp_path / "decisions.yml"
    source.write_text(f"version: 1\nsystem: {{name: arxos, owner: {json.dumps(owner)}}}\n")
    result = subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", "new", str(tmp_path / "out"), "--decisions", str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{source}:2: system.owner: {owner!r} is not a Backstage group or user name" in result.stderr
    assert "entity reference such as 'group:default/ops'" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("section", "value", "message"),
    [
        (
            "cicd: {codeowners: platform-team}",
            "platform-team",
            "is not a GitHub handle: '@user' or '@org/team'",
        ),
        ("cicd: {codeowners: '@a/b/c'}", "@a/b/c", "is not a GitHub handle"),
        ("cicd: {image_namespace: ghcr.io/Platform Team}", "ghcr.io/Platform Team", "OCI reference grammar"),
        ("cicd: {image_namespace: ghcr.io}", "ghcr.io", "OCI reference grammar"),
        ("cicd: {image_namespace: $CI_REGISTRY_IMAGE}", "$CI_REGISTRY_IMAGE", "GitLab's own registry"),
        ("deploy: {acme_email: Platform Team@example.com}", "Platform Team@example.com", "RFC 5322 dot-atom"),
        ('system: {name: a, description: "bell\\a"}', "", "contains U+0007"),
    ],
)
def test_each_identifier_is_refused_with_its_own_grammar(section: str, value: str, message: str) -> None:
    text = "version: 1\nsystem: {name: a}\n" + section + "\n"
    if section.startswith("system:"):
        text = "version: 1\n" + section + "\n"
    with pytest.raises(DecisionsError) as caught:
        load_text(text, "f.yml")
    assert message in str(caught.value)
    assert value in str(caught.value)


def test_gitlab_handles_may_name_subgroups_and_gitlab_defaults_to_the_project_registry() -> None:
    decisions = load_text(
        "version: 1\nsystem: {name: a}\ncicd: {provider: gitlab-ci, codeowners: '@a/b/c'}\n"
    )
    assert decisions.values["cicd.image_namespace"] == identifiers.GITLAB_PROJECT_IMAGE


_JINJA = jinja2.Environment(extensions=[AnsibleCoreFiltersExtension])


@settings(max_examples=200, deadline=None)
@given(owners, st.sampled_from(["github-actions", "gitlab-ci"]))
def test_copier_defaults_follow_the_owner_exactly_as_the_decisions_loader_does(
    owner: str, provider: str
) -> None:
    values = {"system.owner": owner, "cicd.provider": provider}
    context = {"system_owner": owner, "cicd_provider": provider}
    for path, expression in identifiers.DEFAULTS_JINJA.items():
        spec = catalog.decision(path)
        assert spec is not None and spec.derive is not None
        assert _JINJA.from_string(expression).render(context) == spec.derive(values)

"""Generate ``copier.yml`` from the catalog, so plain ``copier copy`` asks the same decisions.

Run ``python -m arxscaffold.copier_config`` after changing the catalog; a test fails while the committed
file differs from what this module writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from arxscaffold import __version__, catalog, starter
from arxscaffold.catalog import Area, Decision, identifiers
from arxscaffold.catalog import paths as catalog_paths

HEADER = (
    "# GENERATED from src/arxscaffold/catalog/ by `python -m arxscaffold.copier_config`.\n"
    "# Edit the catalog, not this file: a test fails while the two disagree.\n"
    "# A validator's lines are its rules, each ending on a block tag (trim_blocks drops the line break).\n"
    "# _exclude: Copier's defaults, then one rule per row of catalog/paths.py (what a decision brings):\n"
    "# Copier renders each rule with the answers and leaves out the paths it lists, one per line.\n"
)
DNS = catalog.DNS_LABEL_PATTERN
CATALOG_JSON = "templates/partials/catalog.json"
# Copier's own default exclusions, which setting `_exclude` (or `_subdirectory`) turns off.
DEFAULT_EXCLUDE = ("copier.yaml", "copier.yml", "~*", "*.py[co]", "__pycache__", ".git", ".DS_Store", ".svn")


def _when(a: Area, spec: Decision) -> str:
    """System renders ask everything; a component only what concerns its kind."""
    if not a.kinds:
        return "{{ true }}"
    return "{{ kind == 'system' or kind in %s }}" % list(a.kinds + spec.read_by)


def _question(spec: Decision, when: str) -> dict[str, Any]:
    question: dict[str, Any] = {"help": f"{spec.path}: {spec.title}. {spec.help}".strip()}
    if when != "{{ true }}":
        question["when"] = when
    checks: list[str] = []
    var = spec.answer_key
    if spec.type == "choice":
        question["type"] = "str"
        # Only what this template version generates: arxscaffold refuses the rest with a reason.
        question["choices"] = {
            f"{o.label}": o.value for o in spec.options if o.supported and catalog.generated(spec, o.value)
        }
        for option in spec.options:
            for other, needed in option.requires.items():
                checks.append(
                    "{%% if %s == '%s' and %s not in %s %%}%s %s needs %s %s{%% endif %%}"
                    % (
                        var,
                        option.value,
                        other.replace(".", "_"),
                        list(needed),
                        spec.path,
                        option.value,
                        other,
                        " or ".join(needed),
                    )
                )
    elif spec.type == "bool":
        question["type"] = "bool"
    elif spec.type == "int":
        question["type"] = "int"
        if spec.minimum is not None:
            checks.append(f"{{% if {var} < {spec.minimum} %}}must be at least {spec.minimum}{{% endif %}}")
        if spec.maximum is not None:
            checks.append(f"{{% if {var} > {spec.maximum} %}}must be at most {spec.maximum}{{% endif %}}")
    elif spec.type == "labels":
        question["type"] = "yaml"
        checks.append(
            f"{{% if {var} is string or {var} is not sequence or not {var} %}}a non-empty list of names"
            f"{{% else %}}\n{{% for e in {var} %}}\n{{% if not (e is string and e | regex_search('{DNS}'))"
            f" %}}{{{{ e }}}} is not a DNS label {{% endif %}}\n{{% endfor %}}\n"
            f"{{% if {var} | unique | list | length != {var} | length %}}names repeat{{% endif %}}\n"
            f"{{% endif %}}"
        )
    else:
        question["type"] = "str"
    if spec.path == "system.name":
        checks.append(
            f"{{% if not ({var} | regex_search('{DNS}')) or {var} | length > "
            f"{catalog.SYSTEM_NAME_MAX} %}}a DNS label of at most {catalog.SYSTEM_NAME_MAX} "
            f"characters{{% endif %}}"
        )
    if spec.path in identifiers.CHECKED:
        checks.append(_identifier_check(spec))
    if spec.path == "deploy.autoscaling.max_replicas":
        checks.append(
            "{% if deploy_autoscaling_max_replicas < deploy_autoscaling_min_replicas %}"
            "must be at least min_replicas{% endif %}"
        )
    if spec.derive is not None:
        question["default"] = identifiers.DEFAULTS_JINJA[spec.path]
    elif spec.default_follows is not None:
        other, table = spec.default_follows
        question["default"] = "{{ %r[%s] }}" % (dict(table), other.replace(".", "_"))
    elif spec.default is not None:
        question["default"] = spec.default
    elif spec.path == "system.name":
        # Required in a decisions file; plain `copier copy --defaults` names the system as `init` does.
        question["default"] = starter.SYSTEM_NAME
    if checks:
        question["validator"] = _rules(checks)
    return question


def _identifier_check(spec: Decision) -> str:
    """The grammar check of an identifier; the patterns come from catalog.json (see identifiers.py)."""
    var = spec.answer_key
    if spec.path == "cicd.codeowners":
        grammar = (
            "catalog.formats['codeowners-gitlab' if cicd_provider == 'gitlab-ci' else 'codeowners-github']"
        )
    else:
        grammar = f"catalog.formats[{identifiers.FORMAT_OF[spec.path]!r}]"
    check = (
        f"{{% set g = {grammar} %}}\n{{% if {var} is not string or {var} | length > g.max_length"
        f" or not ({var} | regex_search(g.pattern)) %}}{{{{ g.allowed }}}}{{% endif %}}"
    )
    if spec.path == "cicd.image_namespace":
        gitlab = identifiers.GITLAB_PROJECT_IMAGE
        check = (
            f"{{% if {var} == '{gitlab}' %}}\n{{% if cicd_provider != 'gitlab-ci' %}}'{gitlab}' needs "
            f"GitLab CI{{% endif %}}\n{{% else %}}\n{check}\n{{% endif %}}"
        )
    return check


def _subdirectory() -> str:
    """The tree a render starts from: system, a kind's tree, or its subfolder for the option chosen."""
    branches = "".join(
        "{%% elif kind == '%s' %%}%s/{{ %s }}" % (k.key, k.tree, k.subtree_by.replace(".", "_"))
        for k in catalog.templated_kinds()
        if k.subtree_by
    )
    return (
        "templates/{% if kind == 'system' %}system"
        + branches
        + "{% else %}{{ catalog.kinds[kind].tree }}{% endif %}"
    )


def _trees_test(trees: tuple[str, ...]) -> str:
    """A Jinja test that the render starts from one of ``trees``: "system", a kind's tree ("service",
    "web": each of its subfolders) or one subfolder ("web/htmx")."""
    options: dict[str, list[str]] = {}
    for tree in trees:
        family, _, option = tree.partition("/")
        options.setdefault(family, [])
        if option:
            options[family].append(option)
    every = {"system", *(k.tree for k in catalog.templated_kinds())}
    if set(options) == every and not any(options.values()):
        return ""  # every render
    tests = []
    for family, chosen in options.items():
        if family == "system":
            tests.append("kind == 'system'")
            continue
        kinds = [k for k in catalog.templated_kinds() if k.tree == family]
        assert kinds, family
        test = f"kind == '{kinds[0].key}'" if len(kinds) == 1 else f"kind in {[k.key for k in kinds]}"
        if chosen:
            by = kinds[0].subtree_by
            assert len(kinds) == 1 and by, family
            var = by.replace(".", "_")
            test += f" and {var} == '{chosen[0]}'" if len(chosen) == 1 else f" and {var} in {chosen}"
        tests.append(test)
    if len(tests) == 1:
        return tests[0]
    return " or ".join(f"({t})" if " and " in t else t for t in tests)


def _exclude() -> list[str]:
    """Copier's default exclusions (a `_subdirectory` turns them off), then the table of catalog.paths
    as one rule: each row's paths are left out while one of its trees renders and its condition is false.
    Copier renders the rule with the answers and splits it on line breaks (trim_blocks drops those after
    the tags; blank lines and comments match nothing).

    `copier update` applies the new version's `_exclude` to its render of the old version too (an
    excluded path is one the template never deletes). The table describes this version's tree only, so
    it applies only to it: an older version rendered in full lets an update delete a path that an older
    version generated and this one no longer does."""
    lines = [
        "{# catalog/paths.py: what a decision brings, for this template version only #}",
        f"{{% if template_version == '{__version__}' %}}",
    ]
    for row in catalog_paths.ROWS:
        test = _trees_test(row.trees)
        guard = f"({test}) and " if " or " in test else f"{test} and " if test else ""
        lines += [f"{{# {row.what} #}}", f"{{% if {guard}not ({row.when}) %}}", *row.paths, "{% endif %}"]
    lines.append("{% endif %}")
    return [*DEFAULT_EXCLUDE, _Literal("\n".join(lines))]


def build() -> dict[str, Any]:
    kinds = {"System (README, ADRs, architecture, decisions.yml)": "system"}
    kinds.update({k.label: k.key for k in catalog.templated_kinds()})
    trees = {k.key: k.tree for k in catalog.templated_kinds()}
    config: dict[str, Any] = {
        "_min_copier_version": "9.19.1",
        "_subdirectory": _subdirectory(),
        "_answers_file": ".copier-answers.yml",
        "_templates_suffix": ".jinja",
        # The system's decisions.yml is the team's input from then on: an update never rewrites it.
        "_skip_if_exists": ["decisions.yml"],
        "_exclude": _exclude(),
        "_envops": {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True},
        # Values the templates read but nobody answers: not recorded in the answers file.
        # The catalog as data lives in its own generated JSON file: parsed in C, and copier.yml stays
        # short enough to read (it is parsed by pure-Python YAML on every run).
        "catalog": {"type": "json", "when": False, "default": "{% include '" + CATALOG_JSON + "' %}"},
        "template_version": {"type": "str", "when": False, "default": __version__},
        "kind": {"type": "str", "help": "What to generate", "choices": kinds, "default": "system"},
        "name": {
            "type": "str",
            "when": "{{ kind != 'system' }}",
            "help": "Component name (a DNS label)",
            "default": "{{ catalog.kinds[kind].default_name if kind != 'system' else '' }}",
            "validator": _rules(
                [
                    f"{{% if not (name | regex_search('{DNS}')) or name | length > "
                    f"{catalog.COMPONENT_NAME_MAX} %}}a DNS label of at most "
                    f"{catalog.COMPONENT_NAME_MAX} characters{{% endif %}}",
                    # Every reserved name is a DNS label: the two rules never both fire.
                    f"{{% if name in {sorted(catalog.RESERVED_NAMES)} %}}reserved by the system layout"
                    f"{{% endif %}}",
                ]
            ),
        },
        "package": {"type": "str", "when": False, "default": "{{ name | replace('-', '_') }}"},
        "port": {
            "type": "int",
            "when": False,
            "default": "{{ (catalog.kinds[kind].port or 0) if kind != 'system' else 0 }}",
        },
        "kind_label": {
            "type": "str",
            "when": False,
            "default": "{{ catalog.kinds[kind].label if kind != 'system' else 'System' }}",
        },
    }
    for spec in catalog.SYSTEM_DECISIONS:
        config[spec.answer_key] = _question(spec, "{{ true }}")
    config["components"] = {
        "type": "yaml",
        # Every tree gets the list: a component finds the peers it is wired to here (partials/topology.jinja).
        "when": "{{ true }}",
        "help": "Components of the system as a list of {name, kind}",
        # A component rendered alone (or updated from a version that did not record the list) is
        # its own system: the list holds just itself, which the check below requires.
        "default": (
            "{{ ([{'name': name, 'kind': kind}] if kind != 'system' else %r) | to_json }}"
            % catalog.default_components()
        ),
        "validator": _rules(
            [
                "{% if components is string or components is not sequence or not components %}"
                "a non-empty list of {name, kind}{% else %}",
                "{% for c in components %}",
                "{% if c.kind not in " + repr(list(trees)) + " %}{{ c.kind }} has no template{% endif %}",
                "{% endfor %}",
                "{% if components | map(attribute='name') | unique | list | length != "
                "components | length %}component names repeat{% endif %}",
                "{% if kind != 'system' and name not in components | map(attribute='name') | list %}"
                "add this component ({{ name }}) to the list{% endif %}",
                "{% endif %}",
            ]
        ),
    }
    for a in catalog.AREAS:
        for spec in a.decisions:
            config[spec.answer_key] = _question(spec, _when(a, spec))
    config["rationale"] = {
        "type": "yaml",
        "default": {},
        "help": "Optional: why, as {decision path: text}; carried into the ADRs",
    }
    # ADR areas that concern this render: deploy and cicd always, the others by component kind.
    config["adr_keys"] = {
        "type": "yaml",
        "when": False,
        "default": (
            "{% set present = [kind] if kind != 'system' else components | map(attribute='kind')"
            " | list %}[{% for a in catalog.areas if not a.kinds or a.kinds | select('in', present)"
            " | list %}{{ a.key }}{{ ', ' if not loop.last }}{% endfor %}]"
        ),
    }
    return config


class _Rules(str):
    """A validator written as a YAML literal block, one rule per line."""


def _rules(checks: list[str]) -> _Rules:
    """Join the checks one per line; a break follows only a block tag, which trim_blocks removes, so
    the validator renders exactly as the checks written on one line would."""
    text = "\n".join(checks)
    assert all(line.rstrip().endswith("%}") for line in text.splitlines()[:-1]), text
    return _Rules(text)


class _Literal(str):
    """A string written as a YAML literal block (an exclusion rule: one path per line)."""


class _Dumper(yaml.SafeDumper):
    pass


for _block in (_Rules, _Literal):
    _Dumper.add_representer(
        _block, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style="|")
    )


def render() -> str:
    body = yaml.dump(build(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return HEADER + body


def render_catalog() -> str:
    return json.dumps(catalog.as_template_data(), indent=1, ensure_ascii=False) + "\n"


def outputs() -> dict[str, str]:
    """Every generated template file, by path from the repo root."""
    return {"copier.yml": render(), CATALOG_JSON: render_catalog()}


def main() -> int:
    root = Path(__file__).resolve().parents[2]
    for relpath, text in outputs().items():
        (root / relpath).write_text(text)
        print(f"wrote {relpath}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

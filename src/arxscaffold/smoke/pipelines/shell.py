"""The shell in generated pipelines: shellcheck on every script, and the tools each job's image has.

Shell lives in three places: the scripts (`ci/*.sh`, `scripts/*.sh`), GitHub `run:` blocks and GitLab
`before_script`/`script` lists. All of it goes through shellcheck (inline blocks as one file per job
and step, GitHub expressions replaced by a plain variable). A GitLab job runs in the image it names,
so every command its script calls (and every command of the `ci/*.sh` scripts it runs) must be one
that image provides: IMAGE_TOOLS lists what each pinned image carries, read from its Dockerfile.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from arxscaffold.smoke.harness.findings import Finding, relative

SHELLCHECK = "shellcheck"
GITHUB_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Debian's essential packages plus the shell builtins and keywords every job shell has.
DEBIAN = _words(
    """
    bash sh cat cd chmod cp cut date dirname basename echo env export exit false grep head kill ln ls
    mkdir mktemp mv printf pwd read rm sed seq sleep sort tail tee test touch tr true uname umask wait
    xargs [ [[ : set shift local return trap unset source . break continue eval exec command type
    """
)
# buildpack-deps (the full python and node images) adds the build and fetch tools.
BUILDPACK = DEBIAN | {"make", "git", "curl", "wget", "gcc", "apt-get", "tar", "gzip", "unzip", "sha256sum"}
PYTHON = {"python", "python3", "pip", "pip3"}
# Image name (without tag) -> the commands it provides.
IMAGE_TOOLS: dict[str, frozenset[str]] = {
    "python": frozenset(BUILDPACK | PYTHON),
    # The slim images drop buildpack-deps: no make, git or curl.
    "python:slim": frozenset(DEBIAN | PYTHON | {"apt-get", "sha256sum", "tar"}),
    "node": frozenset(BUILDPACK | PYTHON | {"node", "npm", "npx"}),
    "pulumi/pulumi-python": frozenset(DEBIAN | PYTHON | {"pulumi", "curl", "git", "uv", "poetry"}),
    # The "kitchen sink": docker/pulumi/Dockerfile in pulumi/pulumi-docker-containers.
    "pulumi/pulumi": frozenset(
        BUILDPACK
        | PYTHON
        | {"pulumi", "jq", "kubectl", "helm", "aws", "aws-iam-authenticator", "az", "gcloud"}
        | {"gke-gcloud-auth-plugin", "node", "npm", "go", "dotnet", "java"}
    ),
    "ghcr.io/gitleaks/gitleaks": frozenset({"sh", "gitleaks", "git", "mkdir", "printf", "cd"}),
    "aquasec/trivy": frozenset({"sh", "trivy", "mkdir", "printf", "cd"}),
    "moby/buildkit": frozenset(
        # Alpine with busybox (sed for the digest the push records).
        {"sh", "buildctl", "buildctl-daemonless.sh", "buildkitd", "mkdir", "printf", "cd", "cat", "sed"}
    ),
    # GitLab's hosted macOS runner image (Xcode, Homebrew) and Cirrus Labs' Android SDK image (Ubuntu).
    "macos-15-xcode-16": frozenset(DEBIAN | {"make", "brew", "xcodebuild", "git", "curl"}),
    "ghcr.io/cirruslabs/android-sdk": frozenset(BUILDPACK | {"java", "sdkmanager"}),
}
# `pip install NAME==VERSION` (or npm) in a job's own script provides NAME's command to the rest.
# `pip install "name==1.2"` or a direct reference, `pip install "name @ git+https://...@v1.2"`.
INSTALLED = re.compile(r"pip install (?:--\S+ )*\"?([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?(?:[=<>~]| @ )")
KEYWORDS = _words("if then else elif fi for while until do done case esac in function select time ! { } ( )")
SEPARATORS = frozenset({"&&", "||", ";", "|", "(", ")", "&", ";;", "|&"})


def workflows(tree: Path) -> list[Path]:
    return sorted((tree / ".github" / "workflows").glob("*.yml"))


def installed() -> bool:
    return shutil.which(SHELLCHECK) is not None


def version() -> str:
    """shellcheck's version line, part of the smoke cache key."""
    exe = shutil.which(SHELLCHECK)
    if exe is None:
        return "shellcheck missing"
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False).stdout
    return next((line for line in out.splitlines() if line.startswith("version")), "shellcheck")


def scripts(tree: Path) -> list[Path]:
    """The shell scripts of one generated tree (its own, not those of nested components)."""
    return sorted(p for folder in ("ci", "scripts") for p in (tree / folder).glob("*.sh"))


def _github_blocks(path: Path) -> Iterator[tuple[str, str]]:
    document = yaml.safe_load(path.read_text()) or {}
    for job_id, job in (document.get("jobs") or {}).items():
        for index, step in enumerate(job.get("steps") or []):
            if isinstance(step, dict) and "run" in step:
                text = GITHUB_EXPRESSION.sub("${GITHUB_EXPRESSION}", str(step["run"]))
                yield f"{path.name}:{job_id}:step{index + 1}", text


def gitlab_jobs(path: Path) -> dict[str, dict[str, Any]]:
    """Every job of a .gitlab-ci.yml with `extends` resolved (hidden templates left out)."""
    document: dict[str, Any] = yaml.safe_load(path.read_text()) or {}

    def resolved(name: str) -> dict[str, Any]:
        job = dict(document.get(name) or {})
        parents = job.pop("extends", [])
        merged: dict[str, Any] = {}
        for parent in [parents] if isinstance(parents, str) else parents:
            merged |= resolved(parent)
        return merged | job

    reserved = {"workflow", "stages", "default", "variables", "include"}
    return {
        name: resolved(name)
        for name, value in document.items()
        if not name.startswith(".") and name not in reserved and isinstance(value, dict)
    }


def _lines(job: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for key in ("before_script", "script"):
        for entry in job.get(key) or []:
            lines.extend(entry if isinstance(entry, list) else [str(entry)])
    return lines


def _gitlab_blocks(path: Path) -> Iterator[tuple[str, str]]:
    for name, job in gitlab_jobs(path).items():
        yield f"{path.name}:{name}", "\n".join(_lines(job))


def shellcheck(tree: Path) -> list[Finding]:
    """shellcheck over the tree's scripts and every inline pipeline script."""
    exe = shutil.which(SHELLCHECK)
    if exe is None:
        return [Finding("shellcheck", "-", "shellcheck is not installed (.ci/system-packages installs it)")]
    findings: list[Finding] = []
    for script in scripts(tree):
        findings += _shellcheck(exe, script, relative(script, tree))
    blocks = [b for wf in workflows(tree) for b in _github_blocks(wf)]
    if (tree / ".gitlab-ci.yml").is_file():
        blocks += list(_gitlab_blocks(tree / ".gitlab-ci.yml"))
    with tempfile.TemporaryDirectory() as scratch:
        for where, text in blocks:
            block = Path(scratch) / "block.sh"
            # GitHub runs `bash -e`, GitLab feeds each line to one bash: both read as one script.
            block.write_text("#!/usr/bin/env bash\n" + text + "\n")
            findings += _shellcheck(exe, block, where)
    return findings


def _shellcheck(exe: str, path: Path, where: str) -> list[Finding]:
    result = subprocess.run(
        [exe, "--format", "gcc", "--exclude", "SC2154", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    return [
        Finding("shellcheck", where, line.split(":", 1)[1] if ":" in line else line)
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip()
    ]


def commands(text: str) -> set[str]:
    """The command names a piece of shell calls (a reader's approximation, not a parser)."""
    found: set[str] = set()
    functions = set(re.findall(r"^\s*([A-Za-z_][\w-]*)\s*\(\)\s*\{", text, re.MULTILINE))
    for raw in text.replace("\\\n", " ").splitlines():
        # Parameter expansions hold words, never commands; command substitutions hold commands.
        line = re.sub(r"\$\{[^}]*\}", "VALUE", raw).replace("$(", " ( ")
        if re.match(r"^\s*[^\s()]+\)\s*(#.*)?$", line) or re.match(r"^\s*\*\)", line):
            continue  # a case pattern
        try:
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            tokens = list(lexer)
        except ValueError:
            continue
        expect, loop_variable = True, False
        for token in tokens:
            if token in SEPARATORS:
                expect = True
                continue
            if loop_variable:
                loop_variable = expect = False  # the variable of `for NAME in ...`
                continue
            if token in ("for", "select", "case"):
                loop_variable = True
                continue
            if not expect:
                continue
            if token in KEYWORDS or re.match(r"^[A-Za-z_]\w*=", token):
                continue  # a keyword or an assignment: the command is still to come
            if re.match(r"^[A-Za-z_.\[:][\w.\-\[:]*$", token) and token not in functions:
                found.add(token)
            expect = False
    return found


def _image(job: dict[str, Any]) -> str:
    image = job.get("image")
    return str(image.get("name", "") if isinstance(image, dict) else image or "")


def image_tools(image: str) -> frozenset[str] | None:
    name, _, tag = image.partition(":")
    if name == "python" and "slim" in tag:
        return IMAGE_TOOLS["python:slim"]
    return IMAGE_TOOLS.get(name)


def job_tools(tree: Path) -> list[Finding]:
    """Each GitLab job's commands (and those of the ci/ scripts it runs) exist in its image."""
    path = tree / ".gitlab-ci.yml"
    if not path.is_file():
        return []
    findings: list[Finding] = []
    for name, job in gitlab_jobs(path).items():
        if "trigger" in job:
            continue  # starts a child pipeline (its own file is checked as its component's); no shell
        image = _image(job)
        tools = image_tools(image)
        if tools is None:
            findings.append(Finding("job-tools", f".gitlab-ci.yml:{name}", f"unknown image {image!r}"))
            continue
        text = "\n".join(_lines(job))
        used = commands(text)
        for script in sorted(set(re.findall(r"\bci/[\w-]+\.sh\b", text))):
            if (tree / script).is_file():
                used |= commands((tree / script).read_text())
        used -= {Path(s).name for s in re.findall(r"\bci/[\w-]+\.sh\b", text)}
        used -= set(INSTALLED.findall(text))
        # Tools a job installs itself into $TOOLS_DIR (kubelogin).
        used -= set(re.findall(r"unzip [^\n]*?/(\w+)\b\)?\s*$", text, re.MULTILINE))
        for command in sorted(used - tools):
            findings.append(
                Finding("job-tools", f".gitlab-ci.yml:{name}", f"{command} is not in the image {image}")
            )
    return findings

"""Command line: arguments in, exit codes out (0 ok, 1 a check found a problem, 2 bad usage or input)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from arxscaffold import __version__
from arxscaffold.errors import ArxscaffoldError, UsageError

if TYPE_CHECKING:
    from arxscaffold.lifecycle import UpdateResult


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="arxscaffold", description=__doc__)
    parser.add_argument("--version", action="version", version=f"arxscaffold {__version__}")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)

    init = verbs.add_parser("init", help="write the default decisions file, commented")
    init.add_argument("file", nargs="?", type=Path, default=Path("decisions.yml"))
    init.add_argument("--force", action="store_true", help="replace an existing file")

    new = verbs.add_parser("new", help="generate a system (or chosen components) into DEST")
    new.add_argument("dest", type=Path)
    new.add_argument("--decisions", type=Path, help="decisions file (default: built-in defaults)")
    new.add_argument(
        "--component",
        action="append",
        default=[],
        metavar="NAME",
        help="only this component (repeatable); exactly one goes at the root of DEST",
    )
    new.add_argument("--overwrite", action="store_true", help="write into a non-empty DEST")

    validate = verbs.add_parser("validate", help="report every problem in a decisions file")
    validate.add_argument("file", type=Path)

    verbs.add_parser("schema", help="print the JSON Schema of the decisions file")

    reference = verbs.add_parser("reference", help="regenerate reference/<profile>/ from its profile")
    reference.add_argument("--check", action="store_true", help="write nothing; exit 1 on any drift")
    reference.add_argument("--profile", help="only this profile")
    reference.add_argument("--dir", type=Path, default=Path("reference"), help="reference folder")

    plan = verbs.add_parser("plan", help="what new or update would do, file by file; writes nothing")
    plan.add_argument("dest", type=Path)
    plan.add_argument("--decisions", type=Path, help="decisions file (default: DEST/decisions.yml)")
    plan.add_argument("--to", help="template version (default: this arxscaffold's)")

    update = verbs.add_parser("update", help="3-way merge a newer template or changed decisions into DEST")
    update.add_argument("dest", type=Path)
    update.add_argument("--decisions", type=Path, help="decisions file (default: DEST/decisions.yml)")
    update.add_argument("--to", help="template version (default: this arxscaffold's)")
    update.add_argument("--prune", action="store_true", help="delete components the decisions dropped")

    check = verbs.add_parser("check", help="exit 1 when DEST is behind the template or its decisions")
    check.add_argument("dest", type=Path)
    check.add_argument("--decisions", type=Path, help="decisions file (default: DEST/decisions.yml)")

    smoke = verbs.add_parser("smoke", help="build, test and start generated components")
    smoke.add_argument("paths", nargs="*", type=Path, help="generated systems or components")
    smoke.add_argument("--junit", type=Path, help="write JUnit XML here")
    smoke.add_argument("--jobs", type=int, default=1, help="components checked in parallel")
    smoke.add_argument("--no-cache", action="store_true", help="run even what passed before")
    smoke.add_argument(
        "--changed-since",
        metavar="REF",
        help="run only what renders differently than at git REF (default PATH: every reference profile)",
    )
    return parser


def _init(args: argparse.Namespace) -> int:
    from arxscaffold.starter import default_text

    if args.file.exists() and not args.force:
        raise UsageError(f"{args.file} exists; pass --force to replace it")
    args.file.write_text(default_text())
    print(f"wrote {args.file}")
    return 0


def _load(path: Path | None):  # type: ignore[no-untyped-def]
    from arxscaffold.decisions import load_file, load_text
    from arxscaffold.starter import default_text

    return load_file(path) if path is not None else load_text(default_text(), "<built-in defaults>")


def _new(args: argparse.Namespace) -> int:
    from arxscaffold.render import NewRequest, new

    result = new(NewRequest(_load(args.decisions), args.dest, tuple(args.component), args.overwrite))
    where = ", ".join(t.name or "system" for t in result.targets)
    print(f"generated {len(result.files)} files in {result.dest} ({where})")
    return 0


def _validate(args: argparse.Namespace) -> int:
    decisions = _load(args.file)
    kinds = ", ".join(f"{c.name} ({c.kind})" for c in decisions.components)
    print(f"{args.file}: valid; components: {kinds}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from arxscaffold.schema import build

    print(json.dumps(build(), indent=2))
    return 0


def _reference(args: argparse.Namespace) -> int:
    from arxscaffold import reference

    if args.check:
        drifts = reference.check(args.dir, args.profile)
        for drift in drifts:
            print(drift.summary() if drift else f"reference/{drift.profile}: up to date")
        if any(drifts):
            print(
                "reference/ is out of date: run `arxscaffold reference` and commit the result",
                file=sys.stderr,
            )
            return 1
        return 0
    for drift in reference.regenerate(args.dir, args.profile):
        print(drift.summary() if drift else f"reference/{drift.profile}: unchanged")
    return 0


def _report(result: UpdateResult, verb: str) -> int:
    for ref, source in result.sources.items():  # oldest first
        print(f"template {ref} from {source}")
    for change in result.changes:
        print(f"{change.action:8} {change.path}")
    for path in result.superseded:
        print(f"{'keep':8} {path} (superseded record)")
    conflicts = result.conflicts
    if result.replaced_cwd:
        print('note: the repository folder was replaced atomically; in a shell inside it, run cd "$PWD"')
    print(
        f"{verb}: {len(result.changes)} files, {len(conflicts)} conflicts"
        + (f", added {', '.join(result.added)}" if result.added else "")
        + (f", removed {', '.join(result.removed)}" if result.removed else "")
    )
    if conflicts:
        print(
            "resolve the conflict markers (<<<<<<< before updating) in: " + ", ".join(conflicts),
            file=sys.stderr,
        )
        return 1
    return 0


def _plan(args: argparse.Namespace) -> int:
    from arxscaffold.lifecycle import UpdateRequest, plan

    decisions = _load(args.decisions) if args.decisions or not args.dest.exists() else None
    return _report(plan(UpdateRequest(args.dest, args.decisions, args.to), decisions), "plan")


def _update(args: argparse.Namespace) -> int:
    from arxscaffold.lifecycle import UpdateRequest, update

    return _report(update(UpdateRequest(args.dest, args.decisions, args.to, args.prune)), "update")


def _check(args: argparse.Namespace) -> int:
    from arxscaffold.lifecycle import check

    report = check(args.dest, args.decisions)
    for line in report.behind:
        print(line)
    print(f"{args.dest}: " + ("up to date" if report else f"behind ({len(report.behind)} findings)"))
    return 0 if report else 1


def _smoke(args: argparse.Namespace) -> int:
    from arxscaffold.smoke.harness.runner import run

    return run(args.paths, args.junit, args.jobs, args.no_cache, changed_since=args.changed_since)


HANDLERS = {
    "init": _init,
    "new": _new,
    "validate": _validate,
    "schema": _schema,
    "reference": _reference,
    "plan": _plan,
    "update": _update,
    "check": _check,
    "smoke": _smoke,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        return HANDLERS[args.verb](args)
    except ArxscaffoldError as exc:
        print(f"arxscaffold: {exc}" if not hasattr(exc, "problems") else str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("arxscaffold: interrupted; the destination was left as it was", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())

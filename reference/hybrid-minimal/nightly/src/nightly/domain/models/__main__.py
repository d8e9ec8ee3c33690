"""Command line for the model lifecycle, used by the make targets and Kubernetes Jobs.

    python -m <package>.domain.models train [--param alpha=0.5]
    ... list
    ... promote VERSION [--stage staging|production] [--force]
    ... rollback
    ... sample OUT.csv [--rows N]
    ... score IN.csv OUT.csv [--version N]

The registry is ``--registry``, else ``NIGHTLY_REGISTRY_DIR``, else ``./registry``.
"""

import argparse
import csv
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from .batch import score_csv
from .dataset import RAW_COLUMNS, generate
from .evaluation import GateRefusedError
from .pipeline import DEFAULT_MODEL, train_and_register
from .registry import Registry, RegistryError
from .serving import ModelStore

REGISTRY_ENV = "NIGHTLY_REGISTRY_DIR"


def _param(text: str) -> tuple[str, float]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, float(value)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog=f"python -m {__package__}")
    default_registry = Path(os.environ.get(REGISTRY_ENV, "registry"))
    root.add_argument("--registry", type=Path, default=default_registry)
    root.add_argument("--model", default=DEFAULT_MODEL)
    commands = root.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train, evaluate, register; promote if gate allows")
    train.add_argument("--param", type=_param, action="append", default=[])
    train.add_argument("--rows", type=int, default=2000)
    train.add_argument("--seed", type=int, default=7)
    commands.add_parser("list", help="versions, metrics and stages as JSON")
    promote = commands.add_parser("promote", help="move a version to a stage")
    promote.add_argument("version", type=int)
    promote.add_argument("--stage", choices=("staging", "production"), default="production")
    promote.add_argument("--force", action="store_true", help="override the evaluation gate")
    commands.add_parser("rollback", help="put the previous production version back")
    sample = commands.add_parser("sample", help="write generated raw rows to score")
    sample.add_argument("output", type=Path)
    sample.add_argument("--rows", type=int, default=1000)
    score = commands.add_parser("score", help="batch-score a CSV of raw rows")
    score.add_argument("input", type=Path)
    score.add_argument("output", type=Path)
    score.add_argument("--version", type=int)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    registry = Registry(args.registry)
    try:
        if args.command == "train":
            params = dict(args.param)
            result = train_and_register(registry, args.model, params, args.rows, args.seed)
            state = "promoted to production" if result.promoted else "kept in staging"
            print(f"{args.model} v{result.version.version} {state}: {result.reason}")
            print(json.dumps(result.version.metrics, sort_keys=True))
        elif args.command == "list":
            listing = {
                "stages": registry.stages(args.model),
                "versions": [asdict(v) for v in registry.versions(args.model)],
            }
            print(json.dumps(listing, indent=2, sort_keys=True))
        elif args.command == "promote":
            print(registry.promote(args.model, args.version, args.stage, force=args.force))
        elif args.command == "rollback":
            print(f"{args.model} production is v{registry.rollback(args.model).version}")
        elif args.command == "sample":
            data = generate(args.rows, seed=11)
            with args.output.open("w", newline="") as sink:
                writer = csv.writer(sink)
                writer.writerow(RAW_COLUMNS)
                writer.writerows([f"{v:g}" for v in row] for row in data.raw)
            print(f"wrote {args.rows} rows to {args.output}")
        else:
            store = ModelStore(registry)
            count = score_csv(store, args.model, args.input, args.output, args.version)
            print(f"scored {count} rows into {args.output}")
    except (GateRefusedError, RegistryError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

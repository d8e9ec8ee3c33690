"""One case of a parameter sweep per process: the unit of work of a Kubernetes Indexed Job.

A sweep spec is JSON: ``{"scenario": {...}, "grid": {"ua_scale": [1, 0.8], ...}}`` where
grid keys are what-if fields. Case ``i`` is the i-th combination of the grid (keys in
sorted order, last key fastest), so every pod of an Indexed Job with
``completions = case_count`` computes a different case from ``JOB_COMPLETION_INDEX`` and
writes ``case-<i>.json``; nothing coordinates them.

    python -m <package>.domain.thermal.sweep spec.json --out results/           # index from env
    python -m <package>.domain.thermal.sweep spec.json --out results/ --all     # every case here
"""

import argparse
import itertools
import json
import math
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .schemas import ScenarioIn, SummaryOut, WhatIfIn

INDEX_ENV = "JOB_COMPLETION_INDEX"


class SweepSpec(BaseModel):
    scenario: ScenarioIn
    grid: dict[str, list[float]] = Field(min_length=1)

    def model_post_init(self, context: Any, /) -> None:
        unknown = set(self.grid) - (set(WhatIfIn.model_fields) - {"zones"})
        if unknown:
            raise ValueError(f"unknown grid keys: {sorted(unknown)}")
        if any(not values for values in self.grid.values()):
            raise ValueError("every grid key needs at least one value")

    @property
    def case_count(self) -> int:
        return math.prod(len(v) for v in self.grid.values())

    def case(self, index: int) -> dict[str, float]:
        if not 0 <= index < self.case_count:
            raise IndexError(f"case index {index} outside 0..{self.case_count - 1}")
        keys = sorted(self.grid)
        combo = next(
            itertools.islice(itertools.product(*(self.grid[k] for k in keys)), index, None)
        )
        return dict(zip(keys, combo, strict=True))


def run_case(spec: SweepSpec, index: int) -> dict[str, Any]:
    changes = spec.case(index)
    scenario = WhatIfIn(**changes).to_domain().apply(spec.scenario.to_domain())
    _, summary = scenario.run()
    return {"index": index, "changes": changes, "summary": SummaryOut.of(summary).model_dump()}


def write_case(spec: SweepSpec, index: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"case-{index:04d}.json"
    path.write_text(json.dumps(run_case(spec, index), indent=2, sort_keys=True) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("--out", type=Path, default=Path("sweep-results"))
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--index", type=int, help=f"case to run (default: ${INDEX_ENV})")
    group.add_argument("--all", action="store_true", help="run every case in this process")
    args = parser.parse_args(argv)
    spec = SweepSpec.model_validate_json(args.spec.read_text())
    if args.all:
        indices = range(spec.case_count)
    elif args.index is not None:
        indices = range(args.index, args.index + 1)
    elif INDEX_ENV in os.environ:
        indices = range(int(os.environ[INDEX_ENV]), int(os.environ[INDEX_ENV]) + 1)
    else:
        parser.error(f"give --index, --all or set {INDEX_ENV}")
    for i in indices:
        print(write_case(spec, i, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

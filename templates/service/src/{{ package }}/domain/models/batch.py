"""Batch scoring: a CSV of raw rows in, the same rows plus ``predicted_kwh`` out.

Runs where the data is (a laptop, a CI job, a Kubernetes Job mounting the registry volume);
it reads in chunks so a file larger than memory still streams through.
"""

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

import numpy as np

from .dataset import RAW_COLUMNS
from .serving import ModelStore

CHUNK_ROWS = 10_000


class RowWriter(Protocol):
    def writerow(self, row: Iterable[object], /) -> object: ...


def score_csv(
    store: ModelStore, name: str, source: Path, target: Path, version: int | None = None
) -> int:
    """Score every row of ``source`` into ``target``; return the number of rows scored."""
    entry = store.resolve(name, version)
    scored = 0
    with source.open(newline="") as infile, target.open("w", newline="") as outfile:
        reader = csv.DictReader(infile)
        missing = set(RAW_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{source} lacks the columns {', '.join(sorted(missing))}")
        writer = csv.writer(outfile)
        writer.writerow([*RAW_COLUMNS, "predicted_kwh", "model_version"])
        chunk: list[list[float]] = []
        for line, row in enumerate(reader, start=2):
            try:
                chunk.append([float(row[c]) for c in RAW_COLUMNS])
            except ValueError as exc:
                raise ValueError(f"{source}:{line}: {exc}") from exc
            if len(chunk) == CHUNK_ROWS:
                scored += _flush(store, entry.name, entry.version, chunk, writer)
        scored += _flush(store, entry.name, entry.version, chunk, writer)
    return scored


def _flush(
    store: ModelStore, name: str, version: int, chunk: list[list[float]], writer: RowWriter
) -> int:
    if not chunk:
        return 0
    _, predicted = store.predict(name, np.array(chunk), version)
    for row, value in zip(chunk, predicted, strict=True):
        writer.writerow([*(f"{v:g}" for v in row), f"{value:.3f}", version])
    count = len(chunk)
    chunk.clear()
    return count

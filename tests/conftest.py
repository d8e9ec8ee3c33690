from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A copy of ../shared/decisions-corpus, so the suite runs wherever the repo is cloned.
SHARED_CORPUS = Path(__file__).parent / "decisions" / "corpus" / "shared"
OWN_CORPUS = Path(__file__).parent / "decisions" / "corpus"


def corpus_cases(folder: Path) -> list[tuple[Path, str]]:
    """(file, expected message regex) rows of a corpus's EXPECT.tsv."""
    rows = (folder / "EXPECT.tsv").read_text().splitlines()
    return [(folder / name, pattern) for name, pattern in (row.split("\t", 1) for row in rows if row)]


@pytest.fixture
def default_text() -> str:
    from arxscaffold.starter import default_text

    return default_text()


@pytest.fixture(autouse=True)
def _working_directory_survives() -> Iterator[None]:
    """Every test leaves the process in a working directory that still exists (Copier's git calls need
    one); a test that does not is named here instead of breaking the tests after it."""
    yield
    try:
        Path.cwd()
    except FileNotFoundError:
        os.chdir(ROOT)
        pytest.fail("this test left the process in a deleted working directory")

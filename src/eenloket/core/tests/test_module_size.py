"""No module grows past about 500 lines: one over 550 fails, unless it is one of the exceptions
listed in pyproject.toml ([tool.eenloket.large-modules], each with its length when the list was
made). The list is a ratchet (decision 0037): an exception may shrink and leave the list, never
grow, and no new one is added without a decision saying why."""

from __future__ import annotations

import tomllib
from pathlib import Path

LIMIT = 550
SOURCE = Path(__file__).resolve().parents[2]  # src/eenloket
PYPROJECT = SOURCE.parents[1] / "pyproject.toml"


def _lengths() -> dict[str, int]:
    lengths = {}
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE).as_posix()
        if "/migrations/" in relative:
            continue
        with path.open("rb") as handle:
            lengths[relative] = sum(1 for _line in handle)
    return lengths


def _exceptions() -> dict[str, int]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["eenloket"]["large-modules"]


def test_no_new_module_passes_the_limit():
    too_long = {
        name: length
        for name, length in sorted(_lengths().items())
        if length > LIMIT and name not in _exceptions()
    }
    assert too_long == {}, (
        f"over {LIMIT} lines: split each along its seams (a package with one module per "
        "concept, the public names re-exported from its __init__)"
    )


def test_a_listed_exception_does_not_grow():
    lengths = _lengths()
    grown = {
        name: (lengths[name], ceiling)
        for name, ceiling in _exceptions().items()
        if lengths.get(name, 0) > ceiling
    }
    assert grown == {}, "an exception may only shrink: split it rather than add to it"


def test_the_list_names_only_modules_still_over_the_limit():
    lengths = _lengths()
    stale = [name for name in _exceptions() if lengths.get(name, 0) <= LIMIT]
    assert stale == [], "these are within the limit now: take them off the list in pyproject"

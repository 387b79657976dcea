"""Measure the search against the shipped test set of everyday queries (recall at 3)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eenloket.directory import search
from eenloket.directory.models import SearchDocument

QUERIES = Path(__file__).resolve().parent / "tests" / "search_queries.json"


def label(document: SearchDocument) -> str:
    kind = "scheme" if document.kind == SearchDocument.Kind.SERVICE else document.kind
    return f"{kind}:{document.key or document.title}"


@dataclass
class Outcome:
    query: str
    expected: list[str]
    top: list[str]

    @property
    def recall(self) -> float:
        wanted = self.expected[:3]
        return sum(1 for e in wanted if e in self.top[:3]) / len(wanted)


def evaluate(path: Path = QUERIES) -> tuple[float, list[Outcome]]:
    """Return recall at 3 over the test set (mean over queries) and each query's outcome."""
    cases = json.loads(path.read_text(encoding="utf-8"))
    outcomes = []
    for case in cases:
        hits = search.run(case["query"], filters=search.Filters(), visible_lines=None, limit=3)
        outcomes.append(Outcome(case["query"], case["expected"], [label(h.document) for h in hits]))
    return sum(o.recall for o in outcomes) / len(outcomes), outcomes

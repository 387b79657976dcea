"""Print branch coverage per app and fail when an app drops below its floor (a ratchet).

Usage: python scripts/coverage_by_app.py var/coverage.json

The floors are in pyproject.toml under [tool.eenloket.coverage-floor]: the coverage measured
when they were written, rounded down. An app that falls below its floor fails the run; an app
well above it is named, so the floor can be raised (never lowered without a reason in the
commit). Coverage is coverage.py's own "branch" figure: lines and branches taken together.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAISE_HINT_ABOVE = 1.0  # percentage points above the floor before we suggest raising it


def per_app(report: dict) -> dict[str, tuple[int, int]]:
    """Return app -> (covered, total) over statements and branches."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for filename, data in report["files"].items():
        parts = Path(filename).parts
        if "eenloket" not in parts:
            continue
        rest = parts[parts.index("eenloket") + 1 :]
        app = rest[0] if len(rest) > 1 else "eenloket"  # the package's own modules
        summary = data["summary"]
        totals[app][0] += summary["covered_lines"] + summary.get("covered_branches", 0)
        totals[app][1] += summary["num_statements"] + summary.get("num_branches", 0)
    return {app: (covered, total) for app, (covered, total) in totals.items()}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    report = json.loads(Path(argv[1]).read_text())
    floors = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["eenloket"][
        "coverage-floor"
    ]
    failed, raise_hints = [], []
    all_covered = all_total = 0
    print(f"{'app':<16} {'covered':>8} {'of':>7} {'branch %':>9} {'floor':>6}")
    for app, (covered, total) in sorted(per_app(report).items()):
        percent = 100.0 * covered / total if total else 100.0
        floor = floors.get(app)
        all_covered, all_total = all_covered + covered, all_total + total
        mark = ""
        if floor is None:
            failed.append(f"{app}: no floor in [tool.eenloket.coverage-floor] (add {percent:.0f})")
            mark = " (no floor)"
        elif percent < floor:
            failed.append(f"{app}: {percent:.1f}% is below its floor of {floor}%")
            mark = " BELOW"
        elif percent - floor > RAISE_HINT_ABOVE:
            raise_hints.append(f"{app} = {int(percent)}")
        floor_text = "-" if floor is None else str(floor)
        print(f"{app:<16} {covered:>8} {total:>7} {percent:>8.1f}% {floor_text:>6}{mark}")
    total_percent = 100.0 * all_covered / all_total if all_total else 100.0
    print(f"{'all':<16} {all_covered:>8} {all_total:>7} {total_percent:>8.1f}%")
    if raise_hints:
        print("\nAbove their floor by more than a point; raise it in pyproject.toml:")
        print("\n".join(f"  {hint}" for hint in raise_hints))
    if failed:
        print("\nCoverage fell:\n" + "\n".join(f"  {line}" for line in failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

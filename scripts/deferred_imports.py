"""Count the imports of eenloket modules placed inside functions, and fail when there are more
than the ceiling in pyproject.toml ([tool.eenloket.ratchets] deferred-imports): a ratchet.

Usage: python scripts/deferred_imports.py [--list]

An import inside a function is how a module reaches one that (directly or not) imports it back:
it dodges a cycle the import contracts would otherwise show at module level. Tests, test helpers
(``eenloket/testing``) and migrations are not counted. Lower the ceiling when the count drops;
raise it only with the reason in the commit (decision 0037).
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "eenloket"


def deferred_imports() -> list[str]:
    """Return "path:line: import" for every function-level import of an eenloket module."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        parts = relative.parts
        if "tests" in parts or "migrations" in parts or parts[0] == "testing":
            continue
        if path.name == "conftest.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                elif isinstance(node, ast.ImportFrom):
                    names = ["eenloket"]  # a relative import stays inside the project
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                if any(name == "eenloket" or name.startswith("eenloket.") for name in names):
                    found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    # A nested function's imports are found from both functions: count each line once.
    return sorted(set(found))


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    ceiling = config["tool"]["eenloket"]["ratchets"]["deferred-imports"]
    found = deferred_imports()
    if "--list" in sys.argv:
        print("\n".join(found))
    print(f"imports of eenloket modules inside functions: {len(found)} (ceiling {ceiling})")
    if len(found) > ceiling:
        print(
            "More than the ceiling: import at module level (and fix the cycle that prevents "
            "it), or say in the commit why this one must wait. `--list` shows them all."
        )
        return 1
    if len(found) < ceiling:
        print(f"Fewer than the ceiling: lower it to {len(found)} in pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

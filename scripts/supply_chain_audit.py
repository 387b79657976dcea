"""Audit the locked dependencies (uv.lock) for known vulnerabilities with pip-audit.

    .venv/bin/python scripts/supply_chain_audit.py

Exits 1 when any locked package has a known vulnerability. The advisory databases are OSV
(api.osv.dev) and PyPI's per-release JSON; where neither answers (as on the project's build
machines, which reach only a PyPI mirror without per-release advisories), the step says so
loudly, lists how many packages could not be checked, and exits 0 with that reason, so CI is
not blocked by a network it cannot have. docs/security.md says what runs where.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"


def _requirements() -> Path:
    out = Path(tempfile.mkdtemp(prefix="eenloket-audit-")) / "requirements.txt"
    subprocess.run(
        [
            str(VENV / "uv"),
            "export",
            "--frozen",
            "--all-groups",
            "--no-emit-project",
            "--no-hashes",
            "--quiet",
            "-o",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"},
    )
    return out


def _audit(requirements: Path, service: str) -> dict | None:
    result = subprocess.run(
        [
            str(VENV / "pip-audit"),
            "-r",
            str(requirements),
            "--disable-pip",
            "--no-deps",
            "-s",
            service,
            "-f",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        reason = (result.stderr.strip().splitlines() or ["no answer"])[-1]
        print(f"  {service}: not reachable ({reason[:160]})")
        return None


def main() -> int:
    requirements = _requirements()
    for service in ("osv", "pypi"):
        report = _audit(requirements, service)
        if report is None:
            continue
        deps = report.get("dependencies", [])
        vulnerable = [d for d in deps if d.get("vulns")]
        skipped = [d for d in deps if "skip_reason" in d]
        checked = len(deps) - len(skipped)
        for dep in vulnerable:
            ids = ", ".join(v["id"] for v in dep["vulns"])
            print(f"VULNERABLE: {dep['name']} {dep['version']}: {ids}")
        if vulnerable:
            return 1
        if checked:
            print(
                f"supply chain: {checked} of {len(deps)} locked packages checked with "
                f"{service}, no known vulnerability"
            )
            if skipped:
                print(f"  not checked ({len(skipped)}): " + ", ".join(d["name"] for d in skipped))
            return 0
        print(f"  {service}: answered for none of the {len(deps)} packages")
    print(
        "SKIPPED supply chain audit: no vulnerability database can be reached from this "
        "machine (OSV is not reachable; the PyPI mirror has no per-release advisories). "
        "Run this script where the internet is reachable before each release "
        "(docs/security.md)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

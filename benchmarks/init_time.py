"""Time `survindex init` end to end (fresh database, real bundled files), against a baseline.

Baseline in the same run: just parsing both Carnegie files without any database work, so the
ratio shows what the store costs.  Run: .venv/bin/python benchmarks/init_time.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from survindex.build import BUNDLED_EDITIONS, bundled_file
from survindex.ingest.carnegie import parse_carnegie


def time_init() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "survindex", "--db", str(Path(tmp) / "b.db"), "init"],
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - started


def time_parse() -> float:
    started = time.perf_counter()
    for name in BUNDLED_EDITIONS:
        parse_carnegie(bundled_file(name))
    return time.perf_counter() - started


if __name__ == "__main__":
    inits = [time_init() for _ in range(3)]
    parses = [time_parse() for _ in range(3)]
    init, parse = statistics.median(inits), statistics.median(parses)
    print(f"survindex init (new process, fresh db): median {init:.2f} s of 3 (target < 10 s)")
    print(f"parse both Carnegie files only:         median {parse:.3f} s of 3")
    print(f"init / parse ratio: {init / parse:.1f}x")

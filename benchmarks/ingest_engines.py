"""Ingest throughput: documents per second through the local process pool and through Dask.

Run: ``.venv/bin/python benchmarks/ingest_engines.py [--docs 2000] [--workers 2]``

Both engines ingest the same generated corpus of news-like articles (a few hundred words each,
one deployment sentence in each, every article distinct) into their own fresh SQLite database,
from reading files to committed claims. Dask runs a LocalCluster of ``--workers`` processes
started for the run; its start-up (cluster, worker imports, gazetteers) is timed apart from the
ingest itself, which is what a long-running cluster would pay per batch. The last line prints
the ratio of the two rates.
"""

from __future__ import annotations

import argparse
import importlib
import random
import tempfile
import time
from pathlib import Path

from survindex.ingest.engine_dask import DaskEngine
from survindex.ingest.pipeline import ingest_paths
from survindex.store.database import Store

VENDORS = ("Huawei", "ZTE", "Hikvision", "Dahua", "NEC", "Cisco", "CloudWalk", "SenseTime")
COUNTRIES = ("Kenya", "Serbia", "Uganda", "Zambia", "Ecuador", "Pakistan", "Bolivia", "Laos")
SYSTEMS = ("a safe city system", "facial recognition cameras", "a smart policing platform")
WORDS = (
    "budget", "council", "harvest", "bridge", "teacher", "market", "river", "festival",
    "library", "weather", "tariff", "railway", "clinic", "football", "museum", "drought",
    "fishery", "orchestra", "village", "textile", "pension", "vaccine", "coffee", "tourism",
    "housing", "shipping", "forest", "bakery", "bicycle", "painting", "poetry", "cattle",
    "minister", "parliament", "report", "contract", "tender", "audit", "committee",
    "opposition", "spokesman", "statement", "agency", "province",
)  # fmt: skip


def article(number: int, rng: random.Random) -> str:
    """A distinct article: one deployment sentence, then paragraphs of ordinary reporting."""
    vendor, country, system = rng.choice(VENDORS), rng.choice(COUNTRIES), rng.choice(SYSTEMS)
    lead = f"{vendor} installed {system} for the police in {country}, officials said."
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."
        for _ in range(rng.randint(3, 6))
    ]
    return f"Dispatch {number}\n\n{lead}\n\n" + "\n\n".join(paragraphs) + "\n"


def write_corpus(directory: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (directory / f"doc{number:05d}.txt").write_text(article(number, rng), encoding="utf-8")


def startup_seconds(workers: int) -> float:
    """Seconds to start a LocalCluster and have every worker import the pipeline."""
    started = time.perf_counter()
    with DaskEngine(workers=workers) as dask:
        dask.client.run(importlib.import_module, "survindex.ingest.pipeline")
    return time.perf_counter() - started


def run(engine: str, corpus: Path, workers: int, db: Path) -> tuple[int, float, int]:
    """Documents, seconds of the whole ingest (engine start included), claims stored."""
    store = Store(str(db))
    store.migrate()
    report = ingest_paths(store=store, paths=[corpus], workers=workers, engine=engine)
    assert not report.errors, report.errors[:3]
    return report.stored, report.seconds, report.claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--workers", type=int, default=2, help="processes for each engine")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        write_corpus(root / "corpus", options.docs)
        size = sum(p.stat().st_size for p in (root / "corpus").iterdir()) / 2**20
        print(f"corpus: {options.docs} articles, {size:.1f} MB; {options.workers} workers each")
        rates = {}
        for engine in ("local", "dask"):
            docs, seconds, claims = run(
                engine, root / "corpus", options.workers, root / f"{engine}.db"
            )
            rates[engine] = docs / seconds
            rate = f"{docs / seconds:7.1f} docs/s"
            print(f"{engine:>5}: {rate} ({docs} docs, {claims} claims, {seconds:.1f} s)")
        startup = startup_seconds(options.workers)
        steady = options.docs / max(1e-9, seconds - startup)
        print(f" dask: {steady:7.1f} docs/s without the cluster's start-up ({startup:.1f} s)")
        print(f"ratio dask/local: {rates['dask'] / rates['local']:.2f}")


if __name__ == "__main__":
    main()

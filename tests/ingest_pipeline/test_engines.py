"""The Dask engine (a LocalCluster of two worker processes, offline) stores exactly what the local
pool stores: the same documents, sources, mirrors and claims, field by field."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from ingest_corpus import write_corpus

from fetching.archives import write_warc
from survindex.ingest.pipeline import ingest_paths
from survindex.store.database import Store

pytest.importorskip("dask.distributed")

#: Columns that differ between two databases however equal their content: row ids and clocks.
VOLATILE = {"id", "created_at", "source_id", "vendor_id", "deployment_id", "edition_id"}
HTML = """<!doctype html><html><head><title>Cameras for the capital</title>
<meta property="article:published_time" content="2021-05-04T10:00:00Z"></head>
<body><article><h1>Cameras for the capital</h1>
<p>Hikvision installed facial recognition cameras for the police in Kampala, Uganda, the
ministry said on Monday.</p><p>The ministry did not say what the system cost.</p>
</article></body></html>"""


def corpus(directory: Path) -> Path:
    """24 distinct reports, an HTML page, a near-identical copy of one report, a bad file, and a
    WARC file of two pages (one of them the HTML page's story again)."""
    paths = write_corpus(directory, 24)
    write_warc(directory / "crawl.warc.gz", gzip=True)
    (directory / "page.html").write_text(HTML, encoding="utf-8")
    copy = paths[5].read_text(encoding="utf-8").replace("on Tuesday", "on Wednesday")
    (directory / "zz-copy-of-doc0005.txt").write_text(copy, encoding="utf-8")
    (directory / "empty.txt").write_text("", encoding="utf-8")
    return directory


#: Each table with what stands in for its ids: its source's key, its vendor's slug.
QUERIES = {
    "sources": "SELECT * FROM sources",
    "documents": "SELECT t.*, s.key AS source_key FROM documents t "
    "JOIN sources s ON s.id = t.source_id",
    "mirrors": "SELECT t.*, s.key AS source_key FROM mirrors t "
    "JOIN sources s ON s.id = t.source_id",
    "fetches": "SELECT t.*, s.key AS source_key FROM fetches t "
    "LEFT JOIN sources s ON s.id = t.source_id",
    "claims": "SELECT t.*, s.key AS source_key, v.slug AS vendor_slug FROM claims t "
    "JOIN sources s ON s.id = t.source_id LEFT JOIN vendors v ON v.id = t.vendor_id",
}


def rows(db: str, table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table``, ids replaced by what they point to, in a stable order."""
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        found = connection.execute(QUERIES[table]).fetchall()
    kept = [tuple((k, row[k]) for k in row.keys() if k not in VOLATILE) for row in found]  # noqa: SIM118
    return sorted(kept, key=repr)


def test_dask_and_local_pool_store_the_same(tmp_path: Path) -> None:
    files = corpus(tmp_path / "corpus")
    results = {}
    for engine in ("local", "dask"):
        db = str(tmp_path / f"{engine}.db")
        Store(db).migrate()
        report = ingest_paths(store=Store(db), paths=[files], workers=2, engine=engine)
        results[engine] = (db, report)
    (local_db, local), (dask_db, dask) = results["local"], results["dask"]
    assert (dask.engine, dask.workers, local.workers) == ("dask", 2, 2)
    summary = [(r.files, r.stored, r.claims, r.mirrors, r.errors) for r in (local, dask)]
    assert summary[0] == summary[1]
    assert (local.files, local.stored, local.mirrors, len(local.errors)) == (29, 27, 1, 1)
    for table in ("documents", "sources", "claims", "mirrors", "fetches"):
        assert rows(dask_db, table) == rows(local_db, table), table
    assert len(rows(local_db, "claims")) == local.claims == 27
    assert len(rows(local_db, "fetches")) == 2  # the WARC's two pages

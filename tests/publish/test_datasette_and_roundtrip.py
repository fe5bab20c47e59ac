"""The SQLite export serves under Datasette; a data package re-imports to identical findings."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from survindex.analysis.editions import findings_for
from survindex.publish.datapackage_import import PackageError, import_datapackage
from survindex.publish.export import export_edition
from survindex.store.database import Store

DATASETTE = Path(sys.executable).with_name("datasette")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_datasette_serves_the_sqlite_export(built_store, tmp_path):
    if not DATASETTE.exists():
        pytest.skip("datasette is not installed in this environment")
    db = tmp_path / "aigs2022.db"
    with built_store.read() as session:
        written = export_edition(session=session, slug="aigs-2022", fmt="sqlite", out=db)
    metadata = tmp_path / "metadata.json"
    assert written == [db, metadata]
    port = _free_port()
    server = subprocess.Popen(
        [str(DATASETTE), "serve", str(db), "-m", str(metadata), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(server.stderr.read().decode() if server.stderr else "exited")
                time.sleep(0.1)
        rows = _get(f"{base}/aigs2022/countries.json?_shape=array&iso3=KEN")
        assert isinstance(rows, list) and rows[0]["name"] == "Kenya"
        assert rows[0]["uses_ai_surveillance"] == 1
        count = _get(f"{base}/aigs2022.json?sql=select+count(*)+as+n+from+claims&_shape=array")
        assert count == [{"n": 553}]
        served = _get(f"{base}/-/metadata.json")
        assert isinstance(served, dict) and served["license"] == "CC BY 4.0"
        tables = served["databases"]["aigs2022"]["tables"]
        assert tables["claims"]["columns"]["source_citation"] == "full citation of the source"
        assert tables["claims"]["license"] == "CC BY 4.0"
        assert [entry["name"] for entry in served["licenses"]] == ["CC-BY-4.0"]
        licences = _get(
            f"{base}/aigs2022.json?sql=select+distinct+licence+from+sources&_shape=array"
        )
        assert licences == [{"licence": "CC BY 4.0"}]
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("slug", ["aigs-2022", "aigs-v1", "aigs-2019"])
def test_datapackage_round_trip_gives_identical_findings(built_store, tmp_path, slug):
    package = tmp_path / "package"
    with built_store.read() as session:
        export_edition(session=session, slug=slug, fmt="datapackage", out=package)
        original = findings_for(session=session, slug=slug)
    copy = Store(str(tmp_path / "copy.db"))
    imported = import_datapackage(store=copy, path=package)
    assert imported.edition == slug
    with copy.read() as session:
        assert findings_for(session=session, slug=slug) == original


def test_reimporting_into_the_same_database_is_refused(built_store, tmp_path):
    package = tmp_path / "package"
    with built_store.read() as session:
        export_edition(session=session, slug="aigs-v1", fmt="datapackage", out=package)
    copy = Store(str(tmp_path / "copy.db"))
    import_datapackage(store=copy, path=package)
    with pytest.raises(PackageError, match="already exists"):
        import_datapackage(store=copy, path=package)


def test_live_package_is_refused(built_store, tmp_path):
    package = tmp_path / "package"
    with built_store.read() as session:
        export_edition(session=session, slug="live", fmt="datapackage", out=package)
    with pytest.raises(PackageError, match="derived"):
        import_datapackage(store=Store(str(tmp_path / "copy.db")), path=package)

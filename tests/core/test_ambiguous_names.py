"""Names that fit several countries are asked about, never settled silently: the CLI, the review
commands and the API all answer with the candidates."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from survindex.interfaces.api.app import create_app
from survindex.interfaces.web.auth import Settings

CLI = [sys.executable, "-m", "survindex"]
KOREA = "ambiguous country name 'Korea': South Korea (KOR), North Korea (PRK)"
CONGO = (
    "ambiguous country name 'Congo': Republic of the Congo (COG), "
    "Democratic Republic of the Congo (COD)"
)


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (("country", "Korea"), KOREA),
        (("country", "Congo"), CONGO),
        (("claims", "list", "--country", "Korea"), KOREA),
    ],
)
def test_cli_lists_the_candidates(built_db: str, args: tuple[str, ...], listed: str) -> None:
    result = run(built_db, *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert listed in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_a_full_name_still_resolves(built_db: str) -> None:
    result = run(built_db, "country", "Democratic Republic of the Congo", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"iso3": "COD"' in result.stdout


def test_api_lists_the_candidates(built_db: str) -> None:
    client = TestClient(create_app(built_db, settings=Settings()))
    profile = client.get("/api/countries/Korea")
    assert profile.status_code == 404 and KOREA in profile.json()["detail"]
    page = client.get("/countries/Congo", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Republic of the Congo (COG)" in page.text
    claims = client.get("/api/claims?country=Korea")
    assert claims.status_code in (404, 422) and KOREA in claims.text

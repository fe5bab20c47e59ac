"""The findings, country and vendor commands, run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys

CLI = [sys.executable, "-m", "survindex"]
CONTRACT_KEYS = {
    "id",
    "label",
    "value",
    "numerator",
    "denominator",
    "published",
    "countries",
    "method",
}


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )


def test_findings_json_follows_the_contract(built_db: str) -> None:
    out = json.loads(run(built_db, "findings", "--edition", "aigs-2022", "--format", "json").stdout)
    assert out["edition"] == "aigs-2022"
    ids = {f["id"] for f in out["findings"]}
    required = {
        "countries.total",
        "countries.using_any",
        "countries.using_any_original3",
        "supplier_country.CHN",
        "supplier_country.CHN.bri",
        "supplier_country.USA",
        "regime.LD",
        "regime.ED",
        "regime.EA",
        "regime.CA",
        "military.top50",
    }
    required |= {
        f"technology.{t}"
        for t in (
            "safe_city",
            "facial_recognition",
            "smart_policing",
            "social_media_surveillance",
            "communications_interception",
            "other_ai_surveillance",
        )
    }
    required |= {
        f"vendor.{v}"
        for v in ("huawei", "hikvision", "dahua", "zte", "nec", "ibm", "palantir", "cisco")
    }
    assert required <= ids
    for finding in out["findings"]:
        assert set(finding) >= CONTRACT_KEYS


def test_explain_names_the_countries(built_db: str) -> None:
    out = run(
        built_db,
        "findings",
        "--edition",
        "aigs-2022",
        "--explain",
        "technology.social_media_surveillance",
    ).stdout
    assert "countries (38)" in out and "Kenya (KEN)" in out


def test_compare_with_the_2019_paper(built_db: str) -> None:
    out = json.loads(
        run(
            built_db,
            "findings",
            "--edition",
            "aigs-2022",
            "--format",
            "json",
            "--compare",
            "aigs-2019",
        ).stdout
    )
    rows = {r["id"]: r for r in out["compare"]["rows"]}
    assert rows["countries.using_any"] == {
        "id": "countries.using_any",
        "value": 97,
        "other": 75,
        "difference": 22,
    }


def test_markdown_table(built_db: str) -> None:
    out = run(built_db, "findings", "--edition", "aigs-2022", "--format", "markdown").stdout
    assert "| technology.safe_city | 64 | 64 | 179 | 64 |" in out


def test_unknown_edition_is_a_clean_error(built_db: str) -> None:
    result = run(built_db, "findings", "--edition", "aigs-1999")
    assert result.returncode == 1 and "unknown edition 'aigs-1999'" in result.stderr


def test_country_profile_resolves_forgiving_names(built_db: str) -> None:
    profile = json.loads(run(built_db, "country", "Burma", "--format", "json").stdout)
    assert profile["iso3"] == "MMR"
    assert [v["name"] for v in profile["live"]["vendors"]] == ["Hikvision", "Huawei"]
    assert set(profile["editions"]) == {"aiddata-gcdf3", "aigs-2022", "aigs-v1", "live"}
    sources = {c["source"]["doi"] for c in profile["claims"]}
    assert sources == {"10.17632/gjhf5y4xjp.4", "10.17632/gjhf5y4xjp.1", None}  # None: AidData
    assert all(c["evidence"]["locator"] for c in profile["claims"])


def test_vendor_profile(built_db: str) -> None:
    profile = json.loads(
        run(built_db, "vendor", "Huawei Technologies Co. Ltd", "--format", "json").stdout
    )
    assert profile["slug"] == "huawei" and profile["home_country"] == "CHN"
    assert {"KEN", "SRB"} <= {c["iso3"] for c in profile["countries"]}
    assert set(profile["editions"]) == {"aiddata-gcdf3", "aigs-2022", "aigs-v1", "live"}


def test_unknown_country_gets_did_you_mean(built_db: str) -> None:
    result = run(built_db, "country", "Ivory Cost")
    assert result.returncode == 1
    assert "did you mean" in result.stderr and "Traceback" not in result.stderr


def test_table_shows_headline_findings_and_all_on_request(built_db: str) -> None:
    headline = run(built_db, "findings", "--edition", "aigs-2022").stdout
    assert "vendor.huawei" in headline and "vendor.accenture" not in headline
    assert "more vendor findings: add --all" in headline
    everything = run(built_db, "findings", "--edition", "aigs-2022", "--all").stdout
    assert "vendor.accenture" in everything


def test_country_profile_shows_financing_with_lender_amount_year_and_link(built_db: str) -> None:
    shown = run(built_db, "country", "Ecuador").stdout
    flat = " ".join(shown.split())
    assert "Financing (" in shown
    assert "Export-Import Bank of China" in flat and "China Development Bank" in flat
    assert "2019" in flat and "120,043,193" in flat
    assert "china.aiddata.org/projects/" in flat.replace(" ", "") and "ODC-By" in flat

"""Rebuild the bundled reference tables from pycountry and the Carnegie 2022 workbook.

Run by maintainers, never at run time: its outputs are committed under
src/survindex/reference/data/ with their origins in PROVENANCE.md there.

    python scripts/build_reference.py ../shared/data/aigs/aigs-2022-09mar2022.xlsx
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import openpyxl
import pycountry

DATA = Path(__file__).resolve().parents[1] / "src" / "survindex" / "reference" / "data"

# Units in the Carnegie universe that ISO 3166-1 does not list; user-assigned X codes (Kosovo's XKX
# is the contract's), so that every one of the 179 rows keeps a distinct key.
EXTRA_COUNTRIES = [
    ("XKX", "XK", "", "Kosovo", "Republic of Kosovo"),
    ("XGZ", "", "", "Palestine/Gaza", "Gaza Strip (Palestine)"),
    ("XSL", "", "", "Somaliland", "Somaliland"),
    ("XZZ", "", "", "Zanzibar", "Zanzibar (Tanzania)"),
]


def write_countries() -> None:
    rows = []
    for c in pycountry.countries:
        rows.append(
            (
                c.alpha_3,
                c.alpha_2,
                c.numeric,
                getattr(c, "common_name", None) or c.name,
                getattr(c, "official_name", "") or c.name,
            )
        )
    rows.extend(EXTRA_COUNTRIES)
    rows.sort()
    with (DATA / "countries.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["iso3", "iso2", "numeric", "name", "official_name"])
        w.writerows(rows)


def _num(v: object) -> str:
    return "" if v is None else str(v)


def write_universe(workbook: Path) -> None:
    sys.path.insert(0, str(DATA.parents[2]))
    from survindex.ingest.carnegie import REGION_SPELLINGS
    from survindex.reference.countries import resolve_country_code

    wb = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    users = {}
    for row in wb["AIGS 2022"].iter_rows(min_row=2, values_only=True):
        if row[0]:
            users[row[0]] = row
    out = []
    for row in wb["Digital Repression Inde + V-Dem"].iter_rows(min_row=2, values_only=True):
        if not row[0]:
            continue
        name = row[0]
        iso3 = resolve_country_code(name)
        u = users.get(name) or (
            users.get("UnitElectoral Democracy States of AmeriClosed Autocracy")
            if iso3 == "USA"
            else None
        )
        out.append(
            [
                iso3,
                name,
                REGION_SPELLINGS.get(row[1], row[1]),
                _num(row[3]),
                _num(row[4]),
                row[5],
                _num(row[6]),
                "x" if row[15] else "",
                _num(u[5]) if u else "",
                _num(u[6]) if u else "",
                _num(u[7]) if u else "",
                _num(u[8]) if u else "",
                ("x" if u[9] else "") if u else "",
            ]
        )
    with (DATA / "universe_2022.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "iso3",
                "name_in_source",
                "region",
                "electoral_democracy_index",
                "liberal_democracy_index",
                "regime",
                "digital_repression_index",
                "aigs",
                "fotn_status",
                "fotn_score",
                "military_usd_millions",
                "military_rank",
                "bri_member",
            ]
        )
        w.writerows(out)


if __name__ == "__main__":
    write_countries()
    write_universe(Path(sys.argv[1]))

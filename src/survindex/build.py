"""Build the whole index: schema, reference data, both bundled Carnegie editions, the reviewed
AidData records, the 2019 figures and the `live` edition. This is what `survindex init` runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from survindex.domain.vocab import EDITION_2019, EDITION_LIVE
from survindex.ingest.aiddata_import import AidDataImport, import_bundled_aiddata
from survindex.ingest.carnegie_import import ImportResult, import_carnegie
from survindex.reference.countries import all_countries
from survindex.reference.lenders import lender_registry
from survindex.reference.published import published_for
from survindex.reference.vendors import vendor_registry
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.financing import upsert_lenders

BUNDLED_EDITIONS = ("aigs-earlier-edition.csv", "aigs-2022-09mar2022.xlsx")


@dataclass(frozen=True)
class BuildReport:
    imports: tuple[ImportResult, ...]
    countries_added: int
    vendors_added: int


def bundled_file(name: str) -> Path:
    return Path(
        str(resources.files("survindex.reference").joinpath("data").joinpath("aigs").joinpath(name))
    )


def load_reference(store: Store) -> tuple[int, int]:
    with store.transaction() as session:
        countries = repo.upsert_countries(session=session, countries=all_countries().values())
        vendors = repo.upsert_vendors(session=session, vendors=vendor_registry().values())
        upsert_lenders(session=session, lenders=lender_registry().values())
    return countries, vendors


def ensure_derived_editions(store: Store) -> None:
    """The figures-only 2019 paper and the live index exist once reference data is loaded."""
    with store.transaction() as session:
        if repo.get_edition(session=session, slug=EDITION_2019) is None:
            edition = repo.create_edition(
                session=session,
                slug=EDITION_2019,
                kind="figures",
                title="The Global Expansion of AI Surveillance (Carnegie, September 2019): "
                "published figures only",
            )
            repo.set_published(
                session=session, edition_id=edition.id, figures=published_for(EDITION_2019)
            )
        if repo.get_edition(session=session, slug=EDITION_LIVE) is None:
            repo.create_edition(
                session=session,
                slug=EDITION_LIVE,
                kind="live",
                title="SurvIndex live index: every accepted claim",
                universe_defined=True,
            )


def _as_import_result(result: AidDataImport) -> ImportResult:
    """The AidData import in the shape `survindex init` reports every import in."""
    return ImportResult(
        result.edition, result.created, result.countries, result.claims, result.notes
    )


def build_index(store: Store, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Build everything, holding the store's writer lock throughout: a second `survindex init`
    started meanwhile waits, then finds every step done instead of failing half-way."""
    say = progress or (lambda _message: None)
    with store.exclusive():
        say("migrating schema")
        store.migrate()
        say("loading reference data")
        countries, vendors = load_reference(store)
        imports = []
        for name in BUNDLED_EDITIONS:
            say(f"importing {name}")
            imports.append(import_carnegie(store=store, path=bundled_file(name)))
        say("importing the reviewed AidData records")
        imports.append(_as_import_result(import_bundled_aiddata(store)))
        ensure_derived_editions(store)
    return BuildReport(tuple(imports), countries, vendors)

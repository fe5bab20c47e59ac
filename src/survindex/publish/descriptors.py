"""What an export says about itself: the data package descriptor, Datasette's metadata and the
attribution lines, with the licences its rows carry.

An export mixes sources under different terms (publish/licences.py), so the descriptor lists
every licence present, each resource lists those of its own rows, and the attribution names the
producers whose data are in the file: Carnegie (CC BY 4.0), AidData (ODC-By 1.0), and the news
publishers whose sentences are quoted as short citations.
"""

from __future__ import annotations

from typing import Any

from survindex import __version__
from survindex.analysis.financing_views import ATTRIBUTION as AIDDATA_ATTRIBUTION
from survindex.publish.bundle import CARNEGIE_ATTRIBUTION, EditionBundle
from survindex.publish.licences import Licence, licence_entry, licence_for
from survindex.publish.tables import TABLES, Row, TableSpec, all_licences, table_licences
from survindex.reference import aiddata

CARNEGIE_URL = "https://data.mendeley.com/datasets/gjhf5y4xjp"
CARNEGIE_SOURCE = (
    "Carnegie Endowment for International Peace: AI & Big Data Global Surveillance Index "
    "(Steven Feldstein)"
)
AIDDATA_SOURCE = f"{aiddata.PRODUCER}: {aiddata.DATASET_TITLE}"
NEWS_ATTRIBUTION = (
    "News articles: each claim quotes only the sentence that supports it, as a short citation "
    "under its publisher's terms, and names the article (sources table)."
)


def _families(bundle: EditionBundle) -> set[str]:
    """Which producers' data the export holds: carnegie, aiddata, news."""
    found = set()
    for source in bundle.sources.values():
        if source.key.startswith("carnegie:"):
            found.add("carnegie")
        elif source.key.startswith("aiddata"):
            found.add("aiddata")
        elif source.kind == "document":
            found.add("news")
    if bundle.edition.kind in {"carnegie", "figures"}:
        found.add("carnegie")  # the 2019 figures are Carnegie's, with no source row
    return found


def attributions(bundle: EditionBundle) -> list[str]:
    """The attribution each licence present asks for, one line per producer."""
    families = _families(bundle)
    lines = []
    if "carnegie" in families:
        lines.append(CARNEGIE_ATTRIBUTION)
    if "aiddata" in families:
        lines.append(AIDDATA_ATTRIBUTION)
    if "news" in families:
        lines.append(NEWS_ATTRIBUTION)
    return lines


def title_of(bundle: EditionBundle) -> str:
    return f"SurvIndex: {bundle.edition.title} ({bundle.edition.slug})"


def sources_list(bundle: EditionBundle) -> list[dict[str, str]]:
    items = []
    if "carnegie" in _families(bundle):
        items.append(
            {"title": "AI & Big Data Global Surveillance Index (Carnegie)", "path": CARNEGIE_URL}
        )
    for source in bundle.sources.values():
        entry = {"title": source.origin.citation or source.origin.title}
        if source.origin.url:
            entry["path"] = source.origin.url
        items.append(entry)
    return items


def _contributors(bundle: EditionBundle) -> list[dict[str, str]]:
    families = _families(bundle)
    people = []
    if "carnegie" in families:
        people.append(
            {
                "title": "Steven Feldstein (Carnegie Endowment for International Peace)",
                "role": "author",
            }
        )
    if "aiddata" in families:
        people.append({"title": aiddata.PRODUCER, "role": "author"})
    return [*people, {"title": "SurvIndex contributors", "role": "contributor"}]


def _field(column: Any) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": column.type,
        "description": column.description,
    }
    if column.enum:
        field["constraints"] = {"enum": list(column.enum)}
    return field


#: Frictionless foreign keys: table -> (fields, resource, fields). A financing record's
#: deployment may belong to another edition's package, so it is no foreign key here.
FOREIGN_KEYS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "claims": (
        ("source_key", "sources", "key"),
        ("source_id", "sources", "source_id"),
        ("deployment_id", "deployments", "deployment_id"),
    ),
    "financing": (
        ("claim_id", "claims", "claim_id"),
        ("source_id", "sources", "source_id"),
        ("lender_slug", "lenders", "slug"),
    ),
}


def _schema(spec: TableSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in spec.columns],
        "missingValues": [""],
    }
    if spec.primary_key:
        schema["primaryKey"] = [spec.primary_key]
    if spec.name in FOREIGN_KEYS:
        schema["foreignKeys"] = [
            {"fields": [field], "reference": {"resource": resource, "fields": [target]}}
            for field, resource, target in FOREIGN_KEYS[spec.name]
        ]
    return schema


def description_of(bundle: EditionBundle, tables: dict[str, list[Row]]) -> str:
    who = ", who finances them" if tables["financing"] else ""
    return " ".join(
        [
            "Which states deploy AI surveillance technologies (safe-city platforms, facial "
            "recognition, smart policing, social media surveillance), which companies supply "
            f"them{who}, and the evidence for each claim.",
            *attributions(bundle),
        ]
    )


def datapackage_descriptor(bundle: EditionBundle, tables: dict[str, list[Row]]) -> dict[str, Any]:
    """The `datapackage.json` of an edition (Frictionless tabular data package, v1 profile).

    ``licenses`` lists every licence that a row of the package carries; each resource lists
    those of its own rows (an empty list: the table has no rows).
    """
    info = bundle.edition
    per_table = table_licences(bundle, tables)
    keywords = ["AI surveillance", "facial recognition", "safe city", "Carnegie AIGS"]
    if tables["financing"]:
        keywords += ["development finance", "AidData GCDF"]
    return {
        "profile": "tabular-data-package",
        "name": f"survindex-{info.slug}",
        "title": title_of(bundle),
        "description": description_of(bundle, tables),
        "version": __version__,
        "licenses": [licence_entry(label) for label in all_licences(bundle, tables)],
        "sources": sources_list(bundle),
        "contributors": _contributors(bundle),
        "keywords": keywords,
        "survindex": {
            "edition": info.slug,
            "title": info.title,
            "kind": info.kind,
            "universe_defined": info.universe_defined,
            "source_key": info.source_key,
        },
        "resources": [
            {
                "name": spec.name,
                "path": f"{spec.name}.csv",
                "profile": "tabular-data-resource",
                "title": spec.title,
                "description": spec.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [licence_entry(label) for label in per_table[spec.name]],
                "schema": _schema(spec),
            }
            for spec in TABLES
        ],
    }


def selection_note(selection: dict[str, Any] | None) -> str:
    """One line saying which countries a filtered export kept ("" for the whole edition)."""
    if not selection:
        return ""
    chosen = "; ".join(
        f"{k}={'; '.join(v) if isinstance(v, list) else v}" for k, v in selection.items()
    )
    return f"Selection: only the countries that match {chosen}; findings are the whole edition's."


def licence_lines(bundle: EditionBundle, tables: dict[str, list[Row]]) -> list[str]:
    """Human-readable lines, one per licence present, for the workbook's About sheet."""
    return [_licence_line(licence_for(label)) for label in all_licences(bundle, tables)]


def _licence_line(licence: Licence) -> str:
    where = f" ({licence.path})" if licence.path else ""
    if licence.label == licence.title:
        return f"Licence: {licence.label}{where}"
    return f"Licence: {licence.label}: {licence.title}{where}"


def _licence_keys(labels: list[str]) -> dict[str, str]:
    """Datasette's ``license`` (and ``license_url`` when there is exactly one licence)."""
    keys = {"license": "; ".join(labels)} if labels else {}
    paths = [licence_for(label).path for label in labels]
    if len(labels) == 1 and paths[0]:
        keys["license_url"] = paths[0]
    return keys


def _source_keys(bundle: EditionBundle) -> dict[str, str]:
    families = _families(bundle)
    named = []
    if "carnegie" in families:
        named.append((CARNEGIE_SOURCE, CARNEGIE_URL))
    if "aiddata" in families:
        named.append((AIDDATA_SOURCE, aiddata.DATASET_URL))
    if "news" in families:
        named.append(("news articles (see the sources table)", ""))
    if not named:
        return {}
    keys = {"source": "; ".join(name for name, _ in named)}
    if len(named) == 1 and named[0][1]:
        keys["source_url"] = named[0][1]
    return keys


def datasette_metadata(
    bundle: EditionBundle,
    tables: dict[str, list[Row]],
    database: str,
    selection: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Datasette `metadata.json`: titles, descriptions, licences and sources for every table.

    ``license`` names every licence present ("; "-separated), each table names those of its
    rows, and ``licenses`` lists them with their URLs.
    """
    per_table = table_licences(bundle, tables)
    labels = all_licences(bundle, tables)
    return {
        "title": title_of(bundle),
        "description": f"{description_of(bundle, tables)} {selection_note(selection)}".strip(),
        **_licence_keys(labels),
        **_source_keys(bundle),
        "licenses": [licence_entry(label) for label in labels],
        "databases": {
            database: {
                "tables": {
                    spec.name: {
                        "title": spec.title,
                        "description": spec.description,
                        **_licence_keys(per_table[spec.name]),
                        "columns": {c.name: c.description for c in spec.columns},
                    }
                    for spec in TABLES
                }
            }
        },
    }

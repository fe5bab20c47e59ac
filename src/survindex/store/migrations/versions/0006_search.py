"""search: a full-text index of claims, sources, vendors and countries

SQLite: one FTS5 table, ``search_index``, holds a document per claim, source, vendor and
country, in three columns: ``name`` (short names: the vendor as a claim's source names it and
its city; a source's title; a vendor's name; a country's name), ``body`` (longer text: a claim's
quote; a source's producer; a vendor's aliases; a country's official name) and ``context``
(what a claim is about, by name: its vendor, its country and its technology, so that "huawei
kenya" finds Huawei's claims in Kenya). Triggers on those tables keep it current, so a claim
added or edited through review is found at once, whichever code path wrote it. The documents
are copies with the two private-use characters that mark matches in snippets (U+E000, U+E001)
removed, so a marker in a snippet always comes from the search itself.

A document's rowid is its row's id times four plus a code for its kind (claim 0, source 1,
vendor 2, country 3; a country's id is its table's rowid), so a trigger finds it without a scan.

A later migration that rebuilds one of these tables on SQLite (``batch_alter_table`` with
``recreate``) drops its triggers with it and must create them again (``_create_triggers``).
tests/search/test_search_store.py fails when a trigger is missing.

PostgreSQL: a generated ``search_vector`` column, ``to_tsvector('simple', ...)`` of the same
fields (names weighted A, longer text B, a claim's technology C), with a GIN index, on claims,
sources, vendors and countries; vendor aliases, and the vendor and country names of a claim,
are joined in at query time (see survindex.store.search).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEX = "search_index"
COLUMNS = "rowid, kind, ref, name, body, context"


def _clean(expression: str) -> str:
    """SQL taking NULL to '' and removing the snippet markers U+E000 and U+E001."""
    return f"replace(replace(coalesce({expression}, ''), char(57344), ''), char(57345), '')"


#: Per indexed table (SQLite): kind code and name, then SQL for the document's rowid key, ref
#: (what a hit names: claim or source id, vendor slug, ISO3), name, body and context, with
#: ``{r}`` for the row (NEW or OLD in a trigger, the table itself when filling the index).
DOCUMENTS = {
    "claims": (
        0,
        "claim",
        "{r}.id",
        "CAST({r}.id AS TEXT)",
        "trim(coalesce({r}.vendor_name_in_source, '') || ' ' || coalesce({r}.city, ''))",
        "{r}.quote",
        "trim(coalesce((SELECT name FROM vendors WHERE vendors.id = {r}.vendor_id), '') || ' ' "
        "|| coalesce((SELECT name FROM countries WHERE countries.iso3 = {r}.country), '') "
        "|| ' ' || replace(coalesce({r}.technology, ''), '_', ' '))",
    ),
    "sources": (1, "source", "{r}.id", "CAST({r}.id AS TEXT)", "{r}.title", "{r}.producer", "''"),
    "vendors": (
        2,
        "vendor",
        "{r}.id",
        "{r}.slug",
        "{r}.name",
        "(SELECT group_concat(alias, ' · ') FROM "
        "(SELECT alias FROM vendor_aliases WHERE vendor_id = {r}.id ORDER BY alias))",
        "''",
    ),
    "countries": (3, "country", "{r}.rowid", "{r}.iso3", "{r}.name", "{r}.official_name", "''"),
}
#: Columns whose change rewrites a row's document.
WATCHED = {
    "claims": "id, quote, city, vendor_name_in_source, vendor_id, country, technology",
    "sources": "id, title, producer",
    "vendors": "id, slug, name",
    "countries": "iso3, name, official_name",
}


def _select(table: str, row: str) -> str:
    code, kind, key, ref, name, body, context = DOCUMENTS[table]
    fields = [_clean(sql.format(r=row)) for sql in (name, body, context)]
    return f"SELECT {key.format(r=row)} * 4 + {code}, '{kind}', {ref.format(r=row)}, " + ", ".join(
        fields
    )


def _insert_row(table: str, row: str) -> str:
    return f"INSERT INTO {INDEX} ({COLUMNS}) {_select(table, row)}"


def _delete_row(table: str, row: str) -> str:
    code, _kind, key, *_rest = DOCUMENTS[table]
    return f"DELETE FROM {INDEX} WHERE rowid = {key.format(r=row)} * 4 + {code}"


def _rewrite(table: str, where: str) -> str:
    """Statements rewriting the documents of the rows of ``table`` matching ``where``."""
    code, _kind, key, *_rest = DOCUMENTS[table]
    return (
        f"DELETE FROM {INDEX} WHERE rowid IN "
        f"(SELECT {key.format(r=table)} * 4 + {code} FROM {table} WHERE {where}); "
        f"INSERT INTO {INDEX} ({COLUMNS}) {_select(table, table)} FROM {table} WHERE {where}"
    )


def _trigger(name: str, event: str, table: str, statements: list[str]) -> str:
    body = "; ".join(statements)
    return f"CREATE TRIGGER {INDEX}_{name} AFTER {event} ON {table} BEGIN {body}; END"


def _create_triggers() -> list[str]:
    triggers = []
    for table in DOCUMENTS:
        update = [_delete_row(table, "OLD"), _insert_row(table, "NEW")]
        if table == "vendors":  # a claim's document holds its vendor's name
            update += [_rewrite("claims", "vendor_id IN (OLD.id, NEW.id)")]
        if table == "countries":  # and its country's name
            update += [_rewrite("claims", "country IN (OLD.iso3, NEW.iso3)")]
        triggers += [
            _trigger(f"{table}_insert", "INSERT", table, [_insert_row(table, "NEW")]),
            _trigger(f"{table}_update", f"UPDATE OF {WATCHED[table]}", table, update),
            _trigger(f"{table}_delete", "DELETE", table, [_delete_row(table, "OLD")]),
        ]
    for event, vendors in (
        ("insert", "NEW.vendor_id"),
        ("update", "OLD.vendor_id, NEW.vendor_id"),
        ("delete", "OLD.vendor_id"),
    ):
        triggers.append(
            _trigger(
                f"vendor_aliases_{event}",
                event.upper(),
                "vendor_aliases",
                [_rewrite("vendors", f"id IN ({vendors})")],
            )
        )
    return triggers


TRIGGER_TABLES = (*DOCUMENTS, "vendor_aliases")

#: PostgreSQL: the generated tsvector of each table.
VECTORS = {
    "claims": "setweight(to_tsvector('simple', coalesce(vendor_name_in_source, '') || ' ' || "
    "coalesce(city, '')), 'A') || setweight(to_tsvector('simple', coalesce(quote, '')), 'B') || "
    "setweight(to_tsvector('simple', replace(coalesce(technology, ''), '_', ' ')), 'C')",
    "sources": "setweight(to_tsvector('simple', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(producer, '')), 'B')",
    "vendors": "setweight(to_tsvector('simple', coalesce(name, '')), 'A')",
    "countries": "setweight(to_tsvector('simple', coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(official_name, '')), 'B')",
}


def _upgrade_sqlite() -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {INDEX} USING fts5(kind UNINDEXED, ref UNINDEXED, name, body, "
        "context, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table in DOCUMENTS:
        op.execute(f"INSERT INTO {INDEX} ({COLUMNS}) {_select(table, table)} FROM {table}")
    for statement in _create_triggers():
        op.execute(statement)


def _upgrade_postgresql() -> None:
    for table, vector in VECTORS.items():
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector}) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search_vector ON {table} USING GIN (search_vector)")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _upgrade_sqlite()
    elif dialect == "postgresql":
        _upgrade_postgresql()


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in TRIGGER_TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {INDEX}_{table}_{event}")
        op.execute(f"DROP TABLE IF EXISTS {INDEX}")
    elif dialect == "postgresql":
        for table in VECTORS:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search_vector")
            op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")

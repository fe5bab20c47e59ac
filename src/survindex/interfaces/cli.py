"""The `survindex` command line: each command checks input, calls one library function, formats."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlalchemy.exc import DatabaseError, IntegrityError, ProgrammingError

from survindex.analysis import views
from survindex.analysis.editions import UnknownEdition
from survindex.analysis.filters import InvalidParameter, parse_day
from survindex.analysis.findings import is_headline
from survindex.analysis.findings_format import (
    comparison_rows,
    findings_markdown,
    format_value,
)
from survindex.analysis.readmodels import FindingView
from survindex.build import build_index, load_reference
from survindex.ingest.carnegie_files import CarnegieFormatError
from survindex.ingest.carnegie_import import EditionConflict, import_carnegie
from survindex.interfaces.cli_profiles import print_country, print_vendor
from survindex.reference.countries import UnknownName
from survindex.store import repository as repo
from survindex.store.access import sqlite_path
from survindex.store.database import DatabaseUnavailable, Store, database_url

app = typer.Typer(
    help="SurvIndex: an open, evidence-backed AI Global Surveillance Index.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import datasets.", no_args_is_help=True)
app.add_typer(import_app, name="import")
console = Console()
err = Console(stderr=True)
USER_ERRORS = (
    CarnegieFormatError,
    UnknownName,
    UnknownEdition,
    EditionConflict,
    FileNotFoundError,
    DatabaseUnavailable,
)


class State:
    db: str | None = None
    read_only: bool = False


def open_store() -> Store:
    """The store ``--db`` names, read-only with ``--read-only`` or when we may not write it."""
    return Store(State.db, read_only=State.read_only)


def store() -> Store:
    """The store, migrated; a read-only one is only checked to be at the current schema."""
    s = open_store()
    s.migrate()
    return s


def fail(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            help="Database path or SQLAlchemy URL (default: $SURVINDEX_DB or ./survindex.db)."
        ),
    ] = None,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Open the database read-only: reading commands work, writing ones are refused. "
            "Automatic when the database file or its directory is not writable.",
        ),
    ] = False,
) -> None:
    State.db = db
    State.read_only = read_only


@app.command()
def init() -> None:
    """Create the database, load reference data, import both Carnegie editions, build `live`."""
    started = time.perf_counter()
    with console.status("building the index") as status:
        report = build_index(open_store(), progress=lambda m: status.update(m))
    for result in report.imports:
        verb = "imported" if result.created else "already present:"
        console.print(
            f"{verb} {result.edition}: {result.countries} countries, {result.claims} "
            f"claims, {len(result.notes)} data-quality notes"
        )
    console.print(f"index built in {time.perf_counter() - started:.2f} s")


@import_app.command("aigs")
def import_aigs(
    file: Path,
    report: Annotated[
        bool, typer.Option("--report", help="Print the data-quality report.")
    ] = False,
) -> None:
    """Import a Carnegie AIGS file (the 2022 .xlsx or the earlier ';' CSV)."""
    s = store()
    load_reference(s)
    result = import_carnegie(store=s, path=file)
    if result.created:
        console.print(
            f"imported {result.edition}: {result.countries} countries, "
            f"{result.claims} claims, {len(result.notes)} data-quality notes"
        )
    else:
        console.print(f"{result.edition} already imported from this file: nothing changed")
    if report:
        print_quality_report(result.edition, result.notes)


def print_quality_report(edition: str, notes: Any) -> None:
    table = Table(title=f"Data-quality report: {edition}", show_lines=False)
    table.add_column("kind", no_wrap=True)
    for column in ("where", "problem", "what was done"):
        table.add_column(column, overflow="fold")
    for note in notes:
        table.add_row(note.kind, escape(note.locator), escape(note.message), escape(note.action))
    console.print(table)


@app.command()
def quality(edition: Annotated[str, typer.Option(help="Edition slug.")] = "aigs-2022") -> None:
    """Print the data-quality report stored with an edition."""
    with store().read() as session:
        row = repo.get_edition(session=session, slug=edition)
        if row is None:
            raise UnknownEdition(f"unknown edition {edition!r}")
        print_quality_report(edition, repo.edition_notes(session=session, edition_id=row.id))


@app.command()
def editions() -> None:
    """List the editions in the database."""
    with store().read() as session:
        for row in repo.list_editions(session=session):
            console.print(f"{row.slug:10} {row.kind:9} {escape(row.title)}")


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="YYYY-MM-DD: the index as the evidence stood at the end of that day.",
    ),
]


def _day(value: str | None) -> date | None:
    """The --as-of day, parsed as the API parses ?as_of= (one-line error when invalid)."""
    if value is None:
        return None
    try:
        return parse_day(value, "--as-of")
    except InvalidParameter as exc:
        fail(str(exc))
        raise  # not reached: fail() exits


@app.command()
def findings(
    edition: Annotated[str, typer.Option(help="Edition slug.")] = "live",
    format: Annotated[str, typer.Option(help="table, json or markdown.")] = "table",
    explain: Annotated[str | None, typer.Option(help="Show one finding in full.")] = None,
    compare: Annotated[str | None, typer.Option(help="Set beside another edition.")] = None,
    all_vendors: Annotated[
        bool, typer.Option("--all", help="Tables: list every vendor's finding, not just the core.")
    ] = False,
    as_of: AsOfOption = None,
) -> None:
    """Compute the headline findings of an edition from its data (as of a day with --as-of)."""
    if format not in {"table", "json", "markdown"}:
        fail(f"unknown format {format!r}: use table, json or markdown")
    day = _day(as_of)
    with store().read() as session:
        view = views.findings_view(session=session, edition=edition, as_of=day)
        other = (
            views.findings_view(session=session, edition=compare, as_of=day).findings
            if compare
            else None
        )
    results = view.findings
    if explain:
        chosen = [f for f in results if f.id == explain]
        if not chosen:
            fail(f"no finding {explain!r} in edition {edition}")
        results = chosen
    if format == "json":
        payload: dict[str, Any] = view.model_copy(update={"findings": results}).model_dump(
            mode="json"
        )
        if other is not None:
            payload["compare"] = {"edition": compare, "rows": comparison_rows(results, other)}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    elif format == "markdown":
        sys.stdout.write(findings_markdown(edition, results))
    elif explain:
        _print_explanation(results[0])
    elif other is not None:
        _print_comparison(edition, compare or "", comparison_rows(results, other))
    else:
        shown = results if all_vendors else [f for f in results if is_headline(f.id, f.published)]
        _print_findings(edition, shown)
        when = f"as of {view.as_of}" if view.as_of else "today's index"
        newest = (
            f"; newest evidence counted: {view.newest_evidence}" if view.newest_evidence else ""
        )
        console.print(f"{when}{newest}")
        if len(shown) < len(results):
            console.print(f"{len(results) - len(shown)} more vendor findings: add --all")


def _print_findings(edition: str, results: list[FindingView]) -> None:
    table = Table(title=f"Findings: {edition}")
    for column in ("id", "value", "n / N", "published"):
        table.add_column(column, justify="left" if column == "id" else "right")
    for f in results:
        ratio = f"{format_value(f.numerator)} / {format_value(f.denominator)}"
        table.add_row(f.id, format_value(f.value), ratio, format_value(f.published))
    console.print(table)


def _print_comparison(edition: str, other: str, rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"Findings: {edition} beside {other}")
    for column in ("id", edition, other, "difference"):
        table.add_column(column, justify="left" if column == "id" else "right")
    for row in rows:
        table.add_row(
            row["id"],
            format_value(row["value"]),
            format_value(row["other"]),
            format_value(row["difference"]),
        )
    console.print(table)


def _print_explanation(f: FindingView) -> None:
    from survindex.reference.countries import country_name

    console.print(f"[bold]{f.id}[/bold]: {escape(f.label)}")
    if f.numerator is None:  # a figures-only edition, or a figure with no universe
        console.print(f"value {format_value(f.value)}; published {format_value(f.published)}")
    else:
        console.print(
            f"value {format_value(f.value)} = {format_value(f.numerator)} of "
            f"{format_value(f.denominator)}; published {format_value(f.published)}"
        )
    if f.unknown:
        console.print(f"left out of the denominator as unknown: {f.unknown} countries")
    console.print(f"method: {escape(f.method)}")
    names = ", ".join(f"{country_name(c)} ({c})" for c in f.countries)
    console.print(f"countries ({len(f.countries)}): {escape(names) or '-'}")
    if f.proposed:
        offered = ", ".join(f"{country_name(c)} ({c})" for c in f.proposed)
        console.print(f"proposed only, not counted ({len(f.proposed)}): {escape(offered)}")


def _show_profile(profile: BaseModel, format: str, printer: Any) -> None:
    if format == "json":
        sys.stdout.write(profile.model_dump_json(indent=2) + "\n")
    elif format == "table":
        printer(console, profile.model_dump())
    else:
        fail(f"unknown format {format!r}: use table or json")


@app.command()
def country(
    name: str,
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
    as_of: AsOfOption = None,
) -> None:
    """Profile of one country: context, technologies, vendors, every claim with its source."""
    day = _day(as_of)
    with store().read() as session:
        profile = views.country_page(session=session, name=name, as_of=day)
    _show_profile(profile, format, print_country)


@app.command()
def vendor(
    name: str,
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
    as_of: AsOfOption = None,
) -> None:
    """Profile of one vendor: home country, countries supplied, technologies, editions."""
    day = _day(as_of)
    with store().read() as session:
        profile = views.vendor_page(session=session, name=name, as_of=day)
    _show_profile(profile, format, print_vendor)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind; loopback unless told.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the JSON API and dashboard."""
    import uvicorn

    from survindex.interfaces.api.app import create_app

    opened = store()  # a bad --db, or a read-only one not at the current schema, stops here
    served = (
        opened.engine.url.render_as_string(hide_password=False) if opened.read_only else State.db
    )
    opened.engine.dispose()
    app = create_app(served)
    console.print(f"SurvIndex dashboard on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


#: Modules that each hold a Typer ``app`` whose commands join the main command line.
SUB_COMMAND_MODULES = (
    "cli_extract",
    "cli_ingest",
    "cli_watch",
    "cli_review",
    "cli_publish",
    "cli_financing",
    "cli_search",
    "cli_vendors",
    "cli_train",
)


def _mount_optional() -> None:
    """Mount the commands of the other interface modules that are present."""
    import importlib

    for name in SUB_COMMAND_MODULES:
        try:
            module = importlib.import_module(f"survindex.interfaces.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"survindex.interfaces.{name}":
                raise
            continue
        app.registered_commands.extend(module.app.registered_commands)
        app.registered_groups.extend(module.app.registered_groups)


_mount_optional()


def main() -> None:
    try:
        app()
    except USER_ERRORS as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(1)
    except DatabaseError as exc:  # SQLite's own refusal: locked, corrupt, disk full, I/O error
        if isinstance(exc, (IntegrityError, ProgrammingError)):
            raise  # a bug of ours, not a problem with the user's database: keep the trace
        problem = str(exc.orig or exc).splitlines()[0]
        err.print(
            f"[red]error:[/red] {escape(_database_name())}: {escape(problem)}",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)


def _database_name() -> str:
    url = database_url(State.db)
    return str(sqlite_path(url) or url)

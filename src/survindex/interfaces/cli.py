"""The `survindex` command line: each command checks input, calls one library function, formats."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from survindex.analysis.editions import UnknownEdition, findings_for
from survindex.analysis.findings import is_headline
from survindex.analysis.findings_format import (
    comparison_rows,
    findings_json,
    findings_markdown,
    format_value,
)
from survindex.analysis.profiles import country_profile, vendor_profile
from survindex.build import build_index, load_reference
from survindex.ingest.carnegie_files import CarnegieFormatError
from survindex.ingest.carnegie_import import EditionConflict, import_carnegie
from survindex.interfaces.cli_profiles import print_country, print_vendor
from survindex.reference.countries import UnknownName
from survindex.store import repository as repo
from survindex.store.database import Store

app = typer.Typer(
    help="SurvIndex: an open, evidence-backed AI Global Surveillance Index.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import datasets.", no_args_is_help=True)
app.add_typer(import_app, name="import")
console = Console()
err = Console(stderr=True)
USER_ERRORS = (CarnegieFormatError, UnknownName, UnknownEdition, EditionConflict, FileNotFoundError)


class State:
    db: str | None = None


def store() -> Store:
    s = Store(State.db)
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
) -> None:
    State.db = db


@app.command()
def init() -> None:
    """Create the database, load reference data, import both Carnegie editions, build `live`."""
    started = time.perf_counter()
    with console.status("building the index") as status:
        report = build_index(Store(State.db), progress=lambda m: status.update(m))
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


@app.command()
def findings(
    edition: Annotated[str, typer.Option(help="Edition slug.")] = "live",
    format: Annotated[str, typer.Option(help="table, json or markdown.")] = "table",
    explain: Annotated[str | None, typer.Option(help="Show one finding in full.")] = None,
    compare: Annotated[str | None, typer.Option(help="Set beside another edition.")] = None,
    all_vendors: Annotated[
        bool, typer.Option("--all", help="Tables: list every vendor's finding, not just the core.")
    ] = False,
) -> None:
    """Compute the headline findings of an edition from its data."""
    if format not in {"table", "json", "markdown"}:
        fail(f"unknown format {format!r}: use table, json or markdown")
    with store().read() as session:
        results = findings_for(session=session, slug=edition)
        other = findings_for(session=session, slug=compare) if compare else None
    if explain:
        chosen = [f for f in results if f.id == explain]
        if not chosen:
            fail(f"no finding {explain!r} in edition {edition}")
        results = chosen
    if format == "json":
        payload = findings_json(edition, results)
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
        shown = results if all_vendors else [f for f in results if is_headline(f)]
        _print_findings(edition, shown)
        if len(shown) < len(results):
            console.print(f"{len(results) - len(shown)} more vendor findings: add --all")


def _print_findings(edition: str, results: list[Any]) -> None:
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


def _print_explanation(f: Any) -> None:
    from survindex.reference.countries import country_name

    console.print(f"[bold]{f.id}[/bold]: {escape(f.label)}")
    console.print(
        f"value {format_value(f.value)} = {format_value(f.numerator)} of "
        f"{format_value(f.denominator)}; published {format_value(f.published)}"
    )
    console.print(f"method: {escape(f.method)}")
    names = ", ".join(f"{country_name(c)} ({c})" for c in f.countries)
    console.print(f"countries ({len(f.countries)}): {escape(names)}")


def _show_profile(profile: dict[str, Any], format: str, printer: Any) -> None:
    if format == "json":
        sys.stdout.write(json.dumps(profile, indent=2, default=str) + "\n")
    elif format == "table":
        printer(console, profile)
    else:
        fail(f"unknown format {format!r}: use table or json")


@app.command()
def country(
    name: str,
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
) -> None:
    """Profile of one country: context, technologies, vendors, every claim with its source."""
    with store().read() as session:
        profile = country_profile(session=session, name=name)
    _show_profile(profile, format, print_country)


@app.command()
def vendor(
    name: str,
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
) -> None:
    """Profile of one vendor: home country, countries supplied, technologies, editions."""
    with store().read() as session:
        profile = vendor_profile(session=session, name=name)
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

    app = create_app(State.db)
    console.print(f"SurvIndex dashboard on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


#: Modules that each hold a Typer ``app`` whose commands join the main command line.
SUB_COMMAND_MODULES = ("cli_extract", "cli_ingest", "cli_review", "cli_publish")


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

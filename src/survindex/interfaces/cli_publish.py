"""Publishing commands (export, diff, report, stats, cite), mounted into the main CLI.

Each command checks its input, calls one library function and formats the result. The store is
opened through ``survindex.interfaces.cli.store`` inside each command: cli.py imports this module
while it is itself being imported.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(help="Exports, edition diffs, reports, statistics and citation.")
console = Console()


def _store() -> Any:
    from survindex.interfaces.cli import store

    return store()


def _fail(message: str) -> None:
    from survindex.interfaces.cli import fail

    fail(message)


def _check_format(value: str, allowed: tuple[str, ...] | list[str]) -> None:
    if value not in allowed:
        _fail(f"unknown format {value!r}: use {', '.join(allowed)}")


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Output file or folder (csv, datapackage).")],
    edition: Annotated[str, typer.Option(help="Edition slug.")] = "aigs-2022",
    format: Annotated[
        str, typer.Option(help="csv, xlsx, json, geojson, datapackage or sqlite.")
    ] = "csv",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="YYYY-MM-DD: the edition as the evidence stood then."),
    ] = None,
) -> None:
    """Export an edition: countries, deployments and claims with full source citations."""
    from survindex.publish.export import FORMATS, ExportError, check_output_name, export_edition
    from survindex.publish.geo import MapUnavailable

    _check_format(format, list(FORMATS))
    _slug, day = _slug_and_day(edition, as_of)
    try:
        check_output_name(format, out)  # before the database is even opened
        with _store().read() as session:
            written = export_edition(session=session, slug=edition, fmt=format, out=out, as_of=day)
    except (ExportError, MapUnavailable) as exc:
        _fail(str(exc))
        return
    for path in written:
        console.print(f"wrote {escape(str(path))}", highlight=False)


def _slug_and_day(name: str, as_of: str | None) -> tuple[str, date | None]:
    """``live@2022-12-31`` -> ("live", that day); a plain slug takes ``--as-of`` (or today)."""
    from survindex.analysis.filters import InvalidParameter, parse_day

    slug, _, day = name.partition("@")
    text = day or as_of
    try:
        return slug, parse_day(text, "--as-of" if not day else name) if text else None
    except InvalidParameter as exc:
        _fail(str(exc))
        raise


@app.command()
def diff(
    source: Annotated[
        str, typer.Argument(help="Earlier edition slug, or SLUG@YYYY-MM-DD for it as of a day.")
    ],
    target: Annotated[
        str, typer.Argument(help="Later edition slug, or SLUG@YYYY-MM-DD for it as of a day.")
    ],
    format: Annotated[str, typer.Option(help="table, json or markdown.")] = "table",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="YYYY-MM-DD: both editions as the evidence stood then."),
    ] = None,
) -> None:
    """What changed between two editions (or one edition on two days, e.g.
    `diff live@2022-12-31 live`): countries, technologies, vendors, findings."""
    from survindex.analysis.diff import diff_for, diff_json, diff_markdown

    _check_format(format, ("table", "json", "markdown"))
    source_slug, source_day = _slug_and_day(source, as_of)
    target_slug, target_day = _slug_and_day(target, as_of)
    with _store().read() as session:
        result = diff_for(
            session=session,
            source=source_slug,
            target=target_slug,
            source_as_of=source_day,
            target_as_of=target_day,
        )
    if format == "json":
        sys.stdout.write(json.dumps(diff_json(result), indent=2) + "\n")
    elif format == "markdown":
        sys.stdout.write(diff_markdown(result))
    else:
        _print_diff(diff_json(result))


def _print_diff(payload: dict[str, Any]) -> None:
    console.print(f"[bold]{payload['from']} -> {payload['to']}[/bold]")
    for note in payload["notes"]:
        console.print(f"note: {escape(note)}", highlight=False)
    added, removed = payload["countries_added"], payload["countries_removed"]
    console.print(f"countries added ({len(added)}): {', '.join(added) or 'none'}")
    console.print(f"countries removed ({len(removed)}): {', '.join(removed) or 'none'}")
    table = Table(title="Changes by country")
    for column in ("country", "change", "tech +", "tech -", "vendors +", "vendors -"):
        table.add_column(column, overflow="fold")
    for c in payload["changes"]:
        table.add_row(
            f"{c['country']} {escape(c['name'])}",
            c["change"],
            ", ".join(c["technologies_gained"]),
            ", ".join(c["technologies_lost"]),
            ", ".join(c["vendors_added"]),
            ", ".join(c["vendors_removed"]),
        )
    console.print(table)
    findings = Table(title="Findings that changed")
    for column in ("id", payload["from"], payload["to"], "difference"):
        findings.add_column(column, justify="left" if column == "id" else "right")
    for f in payload["findings"]:
        findings.add_row(f["id"], _num(f["from"]), _num(f["to"]), _num(f["difference"]))
    console.print(findings)


def _num(value: float | int | None) -> str:
    from survindex.analysis.findings_format import format_value

    return format_value(value)


@app.command()
def cite(format: Annotated[str, typer.Option(help="bibtex or apa.")] = "bibtex") -> None:
    """Print how to cite SurvIndex and the Carnegie data it builds on."""
    from survindex.publish.citation import FORMATS, citation

    _check_format(format, FORMATS)
    sys.stdout.write(citation(format))


@app.command()
def stats(
    edition: Annotated[str, typer.Option(help="Edition slug.")] = "aigs-2022",
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
) -> None:
    """Cross-tabs with Wilson intervals and logistic regressions of AI surveillance use."""
    from survindex.analysis.stats import stats_for
    from survindex.publish.stats_format import stats_json, stats_text

    _check_format(format, ("table", "json"))
    with _store().read() as session:
        result = stats_for(session=session, slug=edition)
    if format == "json":
        sys.stdout.write(json.dumps(stats_json(result), indent=2) + "\n")
    else:
        sys.stdout.write(stats_text(result))


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="Output HTML file.")],
    edition: Annotated[str, typer.Option(help="Edition slug.")] = "aigs-2022",
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also print a PDF with headless Chromium.")
    ] = False,
) -> None:
    """Write a self-contained HTML report of an edition (works offline), optionally a PDF."""
    from survindex.publish.geo import MapUnavailable
    from survindex.publish.report import PdfUnavailable, write_report

    if out.suffix.lower() not in {".html", ".htm"}:
        _fail(f"{out}: the report is HTML; name the file *.html")
    try:
        with _store().read() as session:
            written = write_report(session=session, slug=edition, out=out, pdf=pdf)
    except (MapUnavailable, PdfUnavailable) as exc:
        _fail(str(exc))
        return
    for path in written:
        console.print(f"wrote {escape(str(path))}", highlight=False)

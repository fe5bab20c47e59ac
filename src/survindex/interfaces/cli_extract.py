"""`survindex extract` and `survindex eval`: thin shells over ingest.extract and ingest.evaluate.

Neither command touches the database. Untrusted document text is escaped before Rich renders
it, and bad input ends with a one-line error and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from survindex.ingest.evaluate import FIELDS, EvalReport, GoldFormatError, evaluate
from survindex.ingest.extract import ExtractedClaim, claim_to_json, extract_claims
from survindex.ingest.readers import read_paths

app = typer.Typer(help="Extract claims from documents and evaluate extraction.")
_FORMATS = ("jsonl", "table")
_EVAL_FORMATS = ("table", "json")


def _fail(message: str, code: int = 2) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def _table(claims: list[ExtractedClaim]) -> Table:
    table = Table(
        "doc",
        "vendor",
        "from",
        "country",
        "city",
        "technology",
        "status",
        "financing",
        "conf",
        "quote",
    )
    for claim in claims:
        row = claim_to_json(claim)
        financing = row["financing"]["type"] if row["financing"] else ""
        table.add_row(
            *(
                escape(str(v or ""))
                for v in (
                    row["doc"],
                    row["vendor"],
                    row["vendor_country"],
                    row["country"],
                    row["city"],
                    row["technology"],
                    row["status"],
                    financing,
                    f"{claim.confidence:.2f}",
                    claim.quote,
                )
            )
        )
    return table


def _calibration_table(report: EvalReport) -> Table:
    table = Table(
        "confidence", "triples", "observed precision", title="Calibration (proposed triples)"
    )
    for row in report.calibration():
        observed = "-" if row["observed"] is None else f"{row['observed']:.3f}"
        table.add_row(f"{row['low']:.1f}-{row['high']:.1f}", str(row["count"]), observed)
    return table


@app.command("extract")
def extract_command(
    paths: Annotated[list[str], typer.Argument(help="Files or directories; '-' reads stdin.")],
    format: Annotated[str, typer.Option("--format", help="jsonl or table.")] = "jsonl",
) -> None:
    """Print the claims found in documents (CONTRACTS.md JSONL, or a table); no database."""
    if format not in _FORMATS:
        _fail(f"unknown format {format!r}; use one of: {', '.join(_FORMATS)}")
    documents, errors = read_paths(paths)
    claims: list[ExtractedClaim] = []
    for document in documents:
        claims.extend(extract_claims(document.text, document.path))
    if format == "jsonl":
        for claim in claims:
            sys.stdout.write(json.dumps(claim_to_json(claim), ensure_ascii=False) + "\n")
    else:
        Console().print(_table(claims))
    if errors:
        console = Console(stderr=True)
        for error in errors:
            console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
        console.print(f"{len(errors)} of {len(errors) + len(documents)} inputs could not be read")
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold claims, one JSON object a line.")],
    docs: Annotated[Path, typer.Option("--docs", help="Directory of the gold documents.")],
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 when F1 falls below this.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Precision, recall and F1 on (doc, vendor, country) triples, and field accuracies.

    The calibration table bins the proposed triples by confidence (the scorer's probability)
    and gives the share of each bin that is in the gold file (its observed precision).
    """
    if format not in _EVAL_FORMATS:
        _fail(f"unknown format {format!r}; use one of: {', '.join(_EVAL_FORMATS)}")
    if not gold.is_file():
        _fail(f"{gold}: gold file not found")
    if not docs.is_dir():
        _fail(f"{docs}: not a directory of documents")
    try:
        report = evaluate(gold, docs)
    except GoldFormatError as error:
        _fail(str(error))
        return
    if format == "json":
        summary = {
            **report.summary(),
            "false_positives": [list(t) for t in report.false_positives],
            "missed": [list(t) for t in report.false_negatives],
            "read_errors": report.read_errors,
        }
        sys.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        if min_f1 is not None and report.f1 < min_f1:
            _fail(f"F1 {report.f1:.3f} is below the floor {min_f1:.3f}", code=1)
        return
    table = Table("measure", "value", title=f"Extraction vs {escape(str(gold))}")
    for name in ("precision", "recall", "f1"):
        table.add_row(name, f"{getattr(report, name):.3f}")
    table.add_row("triples (tp / fp / fn)", f"{report.tp} / {report.fp} / {report.fn}")
    for name in FIELDS:
        table.add_row(f"{name} accuracy", f"{report.accuracy(name):.3f}")
    console = Console()
    console.print(table)
    console.print(_calibration_table(report))
    for label, triples in (
        ("false positive", report.false_positives),
        ("missed", report.false_negatives),
    ):
        for triple in triples:
            console.print(f"{label}: {escape(' '.join(triple))}")
    for unreadable in report.read_errors:
        console.print(f"[red]unreadable:[/red] {escape(unreadable)}")
    if min_f1 is not None and report.f1 < min_f1:
        _fail(f"F1 {report.f1:.3f} is below the floor {min_f1:.3f}", code=1)

"""`survindex financing ...`, `survindex aiddata ...` and `survindex import aiddata`: thin shells
over survindex.analysis.financing_views, survindex.ingest.aiddata_* and survindex.review.financing.

cli.py mounts this module's ``app`` (SUB_COMMAND_MODULES); `import aiddata` joins the `import`
group that cli.py owns, which is why this module reaches back into cli.py, late, at the end.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from survindex.interfaces.cli_review import Reviewer

app = typer.Typer(no_args_is_help=True)
financing_app = typer.Typer(
    help="Financing records: who lent or gave how much, when, for which surveillance.",
    no_args_is_help=True,
)
aiddata_app = typer.Typer(
    help="AidData GCDF 3.0: screen records for surveillance finance, measure the screen.",
    no_args_is_help=True,
)
app.add_typer(financing_app, name="financing")
app.add_typer(aiddata_app, name="aiddata")
console = Console(highlight=False)
Format = Annotated[str, typer.Option(help="table or json.")]


def _store() -> Any:
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    return store()


def _fail(message: str) -> None:
    from survindex.interfaces.cli import fail

    fail(message)


def _check_format(format: str) -> None:
    if format not in ("table", "json"):
        _fail(f"unknown format {format!r}: use table or json")


def _money(amount: float | None) -> str:
    return "-" if amount is None else f"${amount / 1e6:,.1f}m"


# -- survindex financing ------------------------------------------------------------------------


@financing_app.command("list")
def financing_list_command(
    country: Annotated[str | None, typer.Option(help="Recipient: name or code.")] = None,
    lender: Annotated[str | None, typer.Option(help="Lender: name, alias or slug.")] = None,
    year: Annotated[int | None, typer.Option(help="Commitment year.")] = None,
    flow_type: Annotated[
        str | None, typer.Option(help="loan, soft_loan, grant, export_credit, ...")
    ] = None,
    status: Annotated[str, typer.Option(help="accepted, candidate or all.")] = "accepted",
    format: Format = "table",
) -> None:
    """List financing records with lender, amount (constant 2021 USD), year and AidData link."""
    from survindex.analysis.financing_views import (
        FinancingFilterError,
        FinancingFilters,
        financing_list,
    )
    from survindex.reference.countries import UnknownName

    _check_format(format)
    filters = FinancingFilters(country, lender, year, flow_type, status)
    try:
        with _store().read() as session:
            view = financing_list(session=session, filters=filters)
    except (FinancingFilterError, UnknownName) as exc:
        _fail(str(exc))
        return
    if format == "json":
        sys.stdout.write(view.model_dump_json(indent=2) + "\n")
        return
    table = Table(title=f"financing records: {view.total}")
    for column in ("record", "iso3"):
        table.add_column(column, no_wrap=True)
    table.add_column("lender", min_width=12, overflow="fold")
    table.add_column("type", min_width=5, overflow="fold")
    table.add_column("amount", no_wrap=True, justify="right")
    table.add_column("year", no_wrap=True)
    table.add_column("decision", min_width=8, overflow="fold")
    table.add_column("AidData", overflow="fold")  # whole on a line once the terminal allows
    for r in view.records:
        decided = r.relevance or "-"
        if r.claim_status != "accepted":
            decided += f" ({r.claim_status})"
        table.add_row(
            str(r.aiddata_record_id or r.id),
            r.recipient,
            escape(r.lender or "-"),
            r.flow_type or "-",
            _money(r.amount_usd),
            str(r.commitment_year or "-"),
            decided,
            r.aiddata_url or "-",
        )
    console.print(table)
    console.print(
        f"total {_money(view.amount_usd)} (constant 2021 USD) over {view.amount_records} "
        "records, each counted once, umbrella agreements left out"
    )
    console.print(escape(view.attribution), style="dim")


@financing_app.command("show")
def financing_show(
    record: Annotated[int, typer.Argument(help="AidData record id.")],
    format: Format = "table",
) -> None:
    """One financing record in full: lender, amount, year, the decision and its reason."""
    from survindex.analysis.financing_views import FinancingFilters, financing_list

    _check_format(format)
    with _store().read() as session:
        view = financing_list(session=session, filters=FinancingFilters(status="all"))
    found = [r for r in view.records if r.aiddata_record_id == record]
    if not found:
        _fail(f"no financing record for AidData record {record}")
        return
    shown = found[0]
    if format == "json":
        sys.stdout.write(shown.model_dump_json(indent=2) + "\n")
        return
    for key, value in shown.model_dump().items():
        console.print(f"[bold]{key}[/bold]: {escape(str(value if value is not None else '-'))}")


@financing_app.command("link")
def financing_link(
    record: Annotated[int, typer.Argument(help="AidData record id.")],
    deployment: Annotated[str, typer.Argument(help="Deployment id, or 'none' to unlink.")],
    reason: Annotated[str, typer.Option(help="Why: kept in the record's claim history.")],
    reviewer: Reviewer,
) -> None:
    """Link a financing record to the deployment it pays for (a reviewer's decision)."""
    from survindex.review.financing import link_financing
    from survindex.review.workflow import ReviewError

    target: int | None = None
    if deployment.strip().casefold() != "none":
        try:
            target = int(deployment)
        except ValueError:
            _fail(f"deployment {deployment!r}: give a deployment id or 'none'")
    try:
        with _store().transaction() as session:
            link_financing(
                session=session,
                record=record,
                deployment_id=target,
                reviewer=reviewer,
                reason=reason,
            )
    except ReviewError as exc:
        _fail(str(exc))
    linked = f"deployment {target}" if target is not None else "no deployment"
    console.print(f"record {record} now pays for {linked}")


# -- survindex aiddata --------------------------------------------------------------------------


@aiddata_app.command("screen")
def aiddata_screen(
    file: Annotated[Path, typer.Argument(help="GCDF 3.0 workbook (.xlsx) or geolocated CSV.")],
) -> None:
    """Score a GCDF file's records and propose those that pass as candidates for review."""
    from survindex.build import load_reference
    from survindex.ingest.aiddata_files import AidDataFormatError
    from survindex.ingest.aiddata_screen import screen_file

    s = _store()
    load_reference(s)
    try:
        result = screen_file(store=s, path=file)
    except AidDataFormatError as exc:
        _fail(str(exc))
        return
    console.print(
        f"screened {result.scanned} records (threshold {result.threshold:g}): "
        f"{result.proposed} proposed for review, {result.already_known} at or above the "
        "threshold already reviewed or stored"
    )
    if result.proposed:
        console.print("review them with `survindex review` (candidates, most confident first)")


@aiddata_app.command("screen-eval")
def aiddata_screen_eval(
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5,
    seed: Annotated[int, typer.Option(help="Seed of the fold shuffle.")] = 0,
    format: Format = "table",
) -> None:
    """Precision and recall of the screen against the 219 reviewed decisions (stratified
    k-fold cross-validation), and every disagreement."""
    from survindex.ingest.aiddata_screen import evaluate

    _check_format(format)
    if folds < 2:
        _fail("--folds must be at least 2")
    result = evaluate(folds=folds, seed=seed)
    rows: list[dict[str, Any]] = [
        {
            "record": j.record_id,
            "title": j.title,
            "decision": j.decision,
            "score": j.score.value,
            "threshold": j.threshold,
            "terms": j.score.explain(),
        }
        for j in result.disagreements
    ]
    cv, fixed = result.cross_validated, result.fixed
    if format == "json":
        payload = {
            "folds": folds,
            "seed": seed,
            "thresholds": list(result.thresholds),
            "cross_validated": {"precision": cv.precision, "recall": cv.recall},
            "fixed_threshold_in_sample": {"precision": fixed.precision, "recall": fixed.recall},
            "disagreements": rows,
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    console.print(
        f"{folds}-fold stratified cross-validation (seed {seed}), kept (core + borderline) "
        "against excluded; weights as written, threshold chosen on the training folds "
        f"({', '.join(f'{t:g}' for t in result.thresholds)}); 'excluded (uncertain)' apart"
    )
    console.print(
        f"precision {cv.precision:.3f}  recall {cv.recall:.3f}  "
        f"(TP {cv.true_positives}, FP {cv.false_positives}, FN {cv.false_negatives})"
    )
    console.print(
        f"file's threshold on all records, in sample: precision {fixed.precision:.3f}  "
        f"recall {fixed.recall:.3f}"
    )
    table = Table(title=f"disagreements: {len(rows)}")
    for column in ("record", "decision", "score", "title", "terms"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            str(row["record"]),
            escape(row["decision"]),
            f"{row['score']:g} / {row['threshold']:g}",
            escape(row["title"]),
            escape(row["terms"]),
        )
    console.print(table)
    proposed = [j for j in result.uncertain if j.proposed]
    console.print(
        f"'excluded (uncertain)': {len(proposed)} of {len(result.uncertain)} would be proposed "
        f"for review ({', '.join(str(j.record_id) for j in proposed) or 'none'})"
    )


def import_aiddata_command(
    file: Annotated[Path, typer.Argument(help="GCDF 3.0 workbook (.xlsx) or geolocated CSV.")],
    report: Annotated[
        bool, typer.Option("--report", help="Print the data-quality report.")
    ] = False,
) -> None:
    """Import the reviewed records of an AidData GCDF 3.0 file (release .xlsx or geolocated CSV)."""
    from survindex.build import load_reference
    from survindex.ingest.aiddata_files import AidDataFormatError
    from survindex.ingest.aiddata_import import import_aiddata
    from survindex.interfaces.cli import print_quality_report

    s = _store()
    load_reference(s)
    try:
        result = import_aiddata(store=s, path=file)
    except AidDataFormatError as exc:
        _fail(str(exc))
        return
    if result.created:
        console.print(
            f"imported {result.edition}: {result.accepted} accepted claims "
            f"({result.borderline} borderline), {result.candidates} candidates for review, "
            f"{result.excluded} reviewed as excluded, {result.already_present} already present "
            f"({result.enriched} filled in), {result.countries} countries"
        )
    else:
        console.print(f"{result.edition} already imported from this file: nothing changed")
    if report:
        print_quality_report(result.edition, result.notes)


def _join_import_group() -> None:
    """`survindex import aiddata` beside `survindex import aigs`, in cli.py's `import` group."""
    from survindex.interfaces.cli import import_app  # late: cli imports this module to mount it

    import_app.command("aiddata")(import_aiddata_command)


_join_import_group()

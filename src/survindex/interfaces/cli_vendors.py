"""`survindex vendors ...`: the suppliers ingested texts name that no registry knows.

A thin shell over :mod:`survindex.review.vendor_candidates`: list the candidates, then confirm
one as a new vendor, merge it into a known vendor, or reject it, each with a reviewer and a
reason (kept with the candidate and in the history of every claim it changes).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from survindex.interfaces.cli_review import Format, Reason, Reviewer
from survindex.review.vendor_candidates import (
    CandidateDecision,
    VendorCandidate,
    confirm_candidate,
    list_candidates,
    merge_candidate,
    reject_candidate,
)
from survindex.review.workflow import ReviewError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

app = typer.Typer(no_args_is_help=True)
vendors_app = typer.Typer(
    help="Vendor candidates: suppliers named in ingested texts that no registry knows.",
    no_args_is_help=True,
)
app.add_typer(vendors_app, name="vendors")
console = Console(highlight=False)


def _store() -> Any:
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    return store()


def _fail(message: str) -> NoReturn:
    from survindex.interfaces.cli import fail

    fail(message)
    raise AssertionError  # fail() exits


def _emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


def _print_candidates(candidates: list[VendorCandidate]) -> None:
    table = Table(title=f"vendor candidates: {len(candidates)}")
    table.add_column("name", no_wrap=True)
    for column in ("home", "status", "claims", "pending", "quote"):
        table.add_column(column, overflow="fold")
    for c in candidates:
        quote = c.quotes[0] if c.quotes else None
        decided = f" → {c.vendor_slug}" if c.vendor_slug else ""
        table.add_row(
            escape(c.name),
            c.home_country or "-",
            c.status + decided,
            str(c.claims),
            str(c.pending),
            escape(f"[claim {quote.claim_id}] {quote.quote or ''}") if quote else "-",
        )
    console.print(table)


@vendors_app.command("candidates")
def vendors_candidates(
    all_: Annotated[
        bool, typer.Option("--all", help="Decided candidates too (confirmed, merged, rejected).")
    ] = False,
    format: Format = "table",
) -> None:
    """List vendor candidates, most pending claims first, each with its claims' quotes."""
    if format not in ("table", "json"):
        _fail(f"unknown format {format!r}: use table or json")
    with _store().read() as session:
        candidates = list_candidates(session=session, status=None if all_ else "new")
    if format == "json":
        _emit_json([asdict(c) for c in candidates])
    elif candidates:
        _print_candidates(candidates)
    else:
        console.print("no vendor candidates" + ("" if all_ else " to decide"))


def _report(decision: CandidateDecision, verb: str) -> None:
    vendor = f" as {decision.vendor_slug}" if decision.status == "confirmed" else ""
    into = f" into {decision.vendor_slug}" if decision.status == "merged" else ""
    changed = "rejected" if decision.status == "rejected" else "linked"
    console.print(
        f"{verb} {escape(repr(decision.name))}{vendor}{into}; "
        f"{changed} {len(decision.claim_ids)} claims"
    )


def _decide(reviewer: str, verb: str, decide: Callable[[Session], CandidateDecision]) -> None:
    """Check the reviewer, take one decision in one transaction, and report it."""
    _check_reviewer(reviewer)
    try:
        with _store().transaction() as session:
            decision = decide(session)
    except ReviewError as exc:
        _fail(str(exc))
    _report(decision, verb)


def _check_reviewer(reviewer: str) -> None:
    if not reviewer.strip():
        _fail("no reviewer name: pass --reviewer NAME or set SURVINDEX_REVIEWER")


@vendors_app.command("confirm")
def vendors_confirm(
    name: Annotated[str, typer.Argument(help="The candidate's name as listed.")],
    reason: Reason,
    reviewer: Reviewer,
    slug: Annotated[
        str | None, typer.Option(help="The new vendor's slug (default: made from the name).")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(help="Its home country, name or ISO3 (default: as the texts give it)."),
    ] = None,
) -> None:
    """Confirm a candidate as a new vendor: every claim naming it links to it."""
    _decide(
        reviewer,
        "confirmed",
        lambda session: confirm_candidate(
            session=session,
            name=name,
            reviewer=reviewer,
            reason=reason,
            slug=slug,
            home_country=country,
        ),
    )


@vendors_app.command("merge")
def vendors_merge(
    name: Annotated[str, typer.Argument(help="The candidate's name as listed.")],
    into: Annotated[str, typer.Option(help="The known vendor: its slug (or registry name).")],
    reason: Reason,
    reviewer: Reviewer,
) -> None:
    """Merge a candidate into a known vendor: its name becomes an alias, its claims link to it."""
    _decide(
        reviewer,
        "merged",
        lambda session: merge_candidate(
            session=session, name=name, into=into, reviewer=reviewer, reason=reason
        ),
    )


@vendors_app.command("reject")
def vendors_reject(
    name: Annotated[str, typer.Argument(help="The candidate's name as listed.")],
    reason: Reason,
    reviewer: Reviewer,
) -> None:
    """Reject a candidate: its pending claims are rejected with the reason; never proposed again."""
    _decide(
        reviewer,
        "rejected",
        lambda session: reject_candidate(
            session=session, name=name, reviewer=reviewer, reason=reason
        ),
    )

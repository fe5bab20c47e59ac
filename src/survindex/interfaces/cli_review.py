"""`survindex review` (interactive) and `survindex claims ...` (the same decisions, no prompts).

Each command checks its input, calls one function of :mod:`survindex.review`, and formats the
result. Every decision needs a reviewer and a reason and is kept in the claim's history.
"""

from __future__ import annotations

import getpass
import json
import sys
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from survindex.interfaces.cli_review_format import print_claim, print_history, supplier_text
from survindex.review.queries import (
    ClaimFilter,
    claim_detail,
    count_claims,
    list_claims,
    parse_assignments,
    review_queue,
)
from survindex.review.workflow import (
    EDITABLE,
    ReviewError,
    accept_claim,
    claim_history,
    edit_claim,
    reject_claim,
    restore_claim,
    retract_claim,
)
from survindex.store.database import Store

app = typer.Typer(no_args_is_help=True)
claims_app = typer.Typer(help="List, show and decide claims without prompts.", no_args_is_help=True)
app.add_typer(claims_app, name="claims")
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def default_reviewer() -> str:
    """$SURVINDEX_REVIEWER (read by the option itself), else the operating-system user."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


Reviewer = Annotated[
    str,
    typer.Option(
        envvar="SURVINDEX_REVIEWER",
        default_factory=default_reviewer,
        help="Who decides (default: $SURVINDEX_REVIEWER, else your user name).",
    ),
]
Reason = Annotated[str, typer.Option(help="Why: kept in the claim's history.")]
Format = Annotated[str, typer.Option(help="table or json.")]


def _store() -> Store:
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    return store()


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(1)


def _check_format(format: str) -> None:
    if format not in ("table", "json"):
        _fail(f"unknown format {format!r}: use table or json")


def _emit_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, default=str) + "\n")


@claims_app.command("list")
def claims_list(
    status: Annotated[str | None, typer.Option(help="candidate, accepted or rejected.")] = None,
    country: Annotated[str | None, typer.Option(help="Recipient country: name or code.")] = None,
    vendor: Annotated[str | None, typer.Option(help="Vendor name, alias or slug.")] = None,
    technology: Annotated[str | None, typer.Option(help="Technology id.")] = None,
    source: Annotated[int | None, typer.Option(help="Source id.")] = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many (default 50 for table, all for json).")
    ] = None,
    format: Format = "table",
) -> None:
    """List claims, oldest first, filtered by status, country, vendor, technology or source."""
    _check_format(format)
    chosen = ClaimFilter(status, country, vendor, technology, source)
    shown = limit if limit is not None else (50 if format == "table" else None)
    try:
        with _store().read() as session:
            claims = list_claims(session=session, chosen=chosen, limit=shown)
            total = count_claims(session=session, chosen=chosen)
    except ReviewError as exc:
        _fail(str(exc))
    if format == "json":
        _emit_json(claims)
        return
    table = Table(title=f"claims: {len(claims)} of {total}")
    for column in ("id", "claim", "country", "technology", "supplier", "status", "conf.", "src"):
        table.add_column(column, overflow="fold")
    for c in claims:
        table.add_row(
            str(c["id"]),
            c["claim_status"],
            c["country"] + (f" {escape(c['city'])}" if c["city"] else ""),
            c["technology"] or "-",
            escape(supplier_text(c)),
            c["status"],
            f"{c['confidence']:.2f}",
            str(c["source"]["id"]),
        )
    console.print(table)
    if total > len(claims):
        console.print(f"showing {len(claims)} of {total}; use --limit 0 for all")


@claims_app.command("show")
def claims_show(claim_id: int, format: Format = "table") -> None:
    """One claim with its source, the quote in its context, and every decision about it."""
    _check_format(format)
    try:
        with _store().read() as session:
            detail = claim_detail(session=session, claim_id=claim_id)
    except ReviewError as exc:
        _fail(str(exc))
    if format == "json":
        _emit_json(detail)
    else:
        print_claim(detail)


#: Decisions that take only a reason: the workflow function, what is printed, the help text.
SIMPLE_DECISIONS: dict[str, tuple[Any, str, str]] = {
    "accept": (
        accept_claim,
        "accepted claim {id}",
        "Accept a claim: it joins its deployment and counts in the `live` findings at once.",
    ),
    "reject": (
        reject_claim,
        "rejected claim {id}",
        "Reject a claim: it leaves its deployment and no longer counts anywhere.",
    ),
    "retract": (
        retract_claim,
        "retracted claim {id} from live",
        "Take a Carnegie claim out of `live`; its own edition keeps it unchanged.",
    ),
    "restore": (
        restore_claim,
        "restored claim {id} to live",
        "Undo a retraction: the claim counts in `live` again.",
    ),
}


def _decide(action: str, claim_id: int, reviewer: str, reason: str, changes: Any = None) -> None:
    if not reviewer.strip():
        _fail("no reviewer name: pass --reviewer NAME or set SURVINDEX_REVIEWER")
    try:
        with _store().transaction() as session:
            if action in SIMPLE_DECISIONS:
                decide = SIMPLE_DECISIONS[action][0]
                decide(session=session, claim_id=claim_id, reviewer=reviewer, reason=reason)
            else:
                edit_claim(
                    session=session,
                    claim_id=claim_id,
                    reviewer=reviewer,
                    reason=reason,
                    changes=changes,
                )
    except ReviewError as exc:
        _fail(str(exc) + _instead(exc, action, claim_id))


def _instead(exc: ReviewError, action: str, claim_id: int) -> str:
    """The command to run instead, when a fixed edition's claim was to be rejected."""
    if exc.code == "fixed-edition" and action == "reject":
        return f": survindex claims retract {claim_id} --reason TEXT"
    return ""


def _simple_decision_command(action: str) -> Any:
    _, done, help_text = SIMPLE_DECISIONS[action]

    def command(claim_id: int, reason: Reason, reviewer: Reviewer) -> None:
        _decide(action, claim_id, reviewer, reason)
        console.print(done.format(id=claim_id))

    command.__doc__ = help_text
    command.__name__ = f"claims_{action}"
    return command


for _action in SIMPLE_DECISIONS:
    claims_app.command(_action)(_simple_decision_command(_action))


@claims_app.command("edit")
def claims_edit(
    claim_id: int,
    reason: Reason,
    reviewer: Reviewer,
    set_: Annotated[
        list[str],
        typer.Option(
            "--set",
            help=f"field=value (repeatable; empty value clears). Fields: {', '.join(EDITABLE)}.",
        ),
    ],
) -> None:
    """Change fields of a claim; the old and new values are kept in its history."""
    try:
        changes = parse_assignments(set_)
    except ReviewError as exc:
        _fail(str(exc))
    _decide("edit", claim_id, reviewer, reason, changes)
    console.print(f"edited claim {claim_id}: {escape(', '.join(changes))}")


@claims_app.command("history")
def claims_history(
    claim_id: Annotated[int | None, typer.Argument(help="One claim; all when left out.")] = None,
    format: Format = "table",
) -> None:
    """Every decision (who, when, what changed, why), oldest first."""
    _check_format(format)
    with _store().read() as session:
        records = [r.__dict__ for r in claim_history(session=session, claim_id=claim_id)]
    if format == "json":
        _emit_json(records)
    elif records:
        print_history(records)
    else:
        console.print("no decisions yet")


def _ask(prompt: str, **options: Any) -> Any:
    return click.prompt(prompt, prompt_suffix=": ", **options)


def _ask_changes() -> dict[str, str | None]:
    console.print(f"fields: {', '.join(EDITABLE)}; one field=value per line, empty line to end")
    lines: list[str] = []
    while line := _ask("field=value", default="", show_default=False).strip():
        lines.append(line)
    return parse_assignments(lines)


def _review_one(store: Store, claim_id: int, heading: str, reviewer: str) -> str:
    """Show a claim and take decisions until it is decided, skipped or the user quits.

    Returns "accept", "reject", "skip", "quit" or "gone" (decided elsewhere meanwhile).
    """
    while True:
        with store.read() as session:
            detail = claim_detail(session=session, claim_id=claim_id)
        if detail["claim_status"] != "candidate":
            return "gone"
        print_claim(detail, heading)
        key = _ask(
            "[a]ccept [r]eject [e]dit [s]kip [q]uit",
            type=click.Choice(["a", "r", "e", "s", "q"]),
            show_choices=False,
        )
        if key == "s":
            return "skip"
        if key == "q":
            return "quit"
        try:
            if key == "e":
                changes = _ask_changes()
                if not changes:
                    continue
                reason = _ask("reason")
                with store.transaction() as session:
                    edit_claim(
                        session=session,
                        claim_id=claim_id,
                        reviewer=reviewer,
                        reason=reason,
                        changes=changes,
                    )
                console.print(f"edited {escape(', '.join(changes))}")
                continue
            reason = _ask("reason")
            decide = accept_claim if key == "a" else reject_claim
            with store.transaction() as session:
                decide(session=session, claim_id=claim_id, reviewer=reviewer, reason=reason)
            return "accept" if key == "a" else "reject"
        except ReviewError as exc:
            err.print(f"[red]not recorded:[/red] {escape(str(exc))}")


@app.command()
def review(
    reviewer: Reviewer,
    country: Annotated[str | None, typer.Option(help="Only this recipient country.")] = None,
    vendor: Annotated[str | None, typer.Option(help="Only this vendor.")] = None,
    technology: Annotated[str | None, typer.Option(help="Only this technology.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many claims.")] = None,
) -> None:
    """Walk the candidate claims, most confident first: accept, reject, edit, skip or quit."""
    if not reviewer.strip():
        _fail("no reviewer name: pass --reviewer NAME or set SURVINDEX_REVIEWER")
    store = _store()
    chosen = ClaimFilter(country=country, vendor=vendor, technology=technology)
    try:
        with store.read() as session:
            queue = review_queue(session=session, chosen=chosen, limit=limit)
    except ReviewError as exc:
        _fail(str(exc))
    if not queue:
        console.print("no candidate claims to review")
        return
    tally = {"accept": 0, "reject": 0, "skip": 0, "gone": 0}
    for position, claim_id in enumerate(queue, 1):
        try:
            outcome = _review_one(store, claim_id, f"{position}/{len(queue)}: ", reviewer)
        except click.exceptions.Abort:  # end of input or Ctrl-C at a prompt: stop cleanly
            console.print()
            outcome = "quit"
        if outcome == "quit":
            break
        tally[outcome] += 1
    with store.read() as session:
        left = count_claims(session=session, chosen=ClaimFilter(status="candidate"))
    console.print(
        f"accepted {tally['accept']}, rejected {tally['reject']}, skipped {tally['skip']}; "
        f"{left} candidate claims left"
    )

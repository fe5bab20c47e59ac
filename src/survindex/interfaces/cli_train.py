"""`survindex train`: fit the claim scorer on evaluation sets and reviewers' decisions.

A thin shell over survindex.ingest.training (gold sets) and survindex.ingest.training_reviews
(the database's reviewed claims, and the training run). The database is only read; the model
is a JSON file that ingest uses once ``SURVINDEX_MODEL`` names it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from survindex.ingest.evaluate import GoldFormatError
from survindex.ingest.readers import expand_paths
from survindex.ingest.training import LabelledDocument, gold_documents
from survindex.ingest.training_reviews import (
    REVIEW_WEIGHT,
    ReviewSet,
    TrainingError,
    TrainingRun,
    load_reviews,
    train_scorer,
)
from survindex.settings import env_var
from survindex.store.access import sqlite_path
from survindex.store.database import database_url

app = typer.Typer()
console = Console(highlight=False)
err = Console(stderr=True, highlight=False)
_FORMATS = ("table", "json")
#: Below this many documents to read, no progress bar.
_FEW = 5
MODEL_FILE = "claim_scorer.json"


def _set_documents(set_dir: Path) -> int:
    """Documents of an evaluation set; raises ValueError when it is not one."""
    if not set_dir.is_dir():
        raise ValueError(f"{set_dir}: not a directory")
    if not (set_dir / "gold.jsonl").is_file():
        raise ValueError(
            f"{set_dir}: no gold.jsonl in it (an evaluation set has gold.jsonl and docs/)"
        )
    if not (set_dir / "docs").is_dir():
        raise ValueError(f"{set_dir}: no docs/ directory in it")
    return len(expand_paths([set_dir / "docs"]))


def _database() -> tuple[Path | None, bool]:
    """The database file (None for a server) and whether there is a database to read."""
    from survindex.interfaces.cli import State  # late: cli imports this module to mount it

    path = sqlite_path(database_url(State.db))
    return path, path is None or path.exists()


def _progress() -> Progress:
    return Progress(
        TextColumn("reading documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _read_all(
    gold: list[Path], with_reviews: bool, review_weight: float
) -> tuple[list[LabelledDocument], ReviewSet | None]:
    from survindex.interfaces.cli import fail, store

    sizes: dict[Path, int] = {}
    for set_dir in gold:
        try:
            sizes[set_dir] = _set_documents(set_dir)
        except (ValueError, OSError) as error:
            fail(f"cannot read the evaluation set {error}")
    total = sum(sizes.values())
    documents: list[LabelledDocument] = []
    reviews = None
    with _progress() as progress:
        task = progress.add_task("read", total=total, visible=total > _FEW)
        for set_dir in gold:  # one set at a time: its documents are read together
            try:
                documents.extend(gold_documents(set_dir))
            except (GoldFormatError, OSError) as error:
                fail(f"cannot read the evaluation set {set_dir}: {error}")
            progress.advance(task, sizes[set_dir])
        if with_reviews:
            done_gold = total

            def reviewed(done: int, count: int) -> None:
                progress.update(
                    task,
                    total=done_gold + count,
                    completed=done_gold + done,
                    visible=done_gold + count > _FEW,
                )

            reviews = load_reviews(store(), weight=review_weight, progress=reviewed)
    return documents, reviews


def _summary(
    run: TrainingRun, out: Path, gold: list[Path], reviews: ReviewSet | None
) -> dict[str, Any]:
    return {
        "model": str(out),
        "version": run.model.version,
        "threshold": run.threshold,
        "gold_sets": [p.name for p in gold],
        "examples": run.examples,
        "reviews": reviews.manifest if reviews else None,
        "cross_validation": run.validation.summary(),
    }


def _print(run: TrainingRun, out: Path, reviews: ReviewSet | None) -> None:
    used = ", ".join(f"{n} {name}" for name, n in run.examples.items())
    console.print(f"examples used: {used}")
    if reviews is not None:
        claims = reviews.manifest["claims"]
        console.print(
            f"reviewed claims: {claims['accepted']} accepted, {claims['rejected']} rejected "
            f"({claims['edited']} edited) in {reviews.manifest['documents']} documents; "
            f"{claims['undecided']} undecided left out"
        )
    cv = run.validation
    console.print(
        f"5-fold cross-validation: precision {cv.precision:.3f}, recall {cv.recall:.3f}, "
        f"F1 {cv.f1:.3f} (tp {cv.tp} / fp {cv.fp} / fn {cv.fn})"
    )
    table = Table("probability", "triples", "observed precision", title="Reliability")
    for row in cv.summary()["reliability"]:
        observed = "-" if row["observed"] is None else f"{row['observed']:.3f}"
        table.add_row(f"{row['low']:.1f}-{row['high']:.1f}", str(row["count"]), observed)
    console.print(table)
    console.print(f"threshold: {run.threshold:.2f}")
    console.print(f"model written to {escape(str(out))}")
    console.print(f"to use it: export {env_var('model')}={escape(str(out))}")


@app.command("train")
def train_command(
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="An evaluation set (a directory with gold.jsonl and docs/); repeat for more.",
        ),
    ] = None,
    no_gold: Annotated[
        bool, typer.Option("--no-gold", help="Train on the reviewed claims of the database only.")
    ] = False,
    no_reviews: Annotated[
        bool, typer.Option("--no-reviews", help="Leave the database's reviewed claims out.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the model (default: claim_scorer.json beside the database)."
        ),
    ] = None,
    review_weight: Annotated[
        float,
        typer.Option(min=0.0, help="Weight of a reviewed example against a gold one."),
    ] = REVIEW_WEIGHT,
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
) -> None:
    """Train the claim scorer on evaluation sets and the database's reviewed claims.

    Every triple the extractor proposes in a document is an example: recorded (in the set's
    gold, or a claim reviewers accepted, after their edits) or not (absent from the gold, or
    rejected). Triples still waiting for review are left out. No evaluation set is used unless
    named with `--gold`; the packaged model was trained on the sets its manifest lists (the
    `training` entry of its JSON). The threshold is the one with the best F1 in 5-fold
    cross-validation by document. Set `SURVINDEX_MODEL` to the file written for `ingest`,
    `extract` and `eval` to use it.
    """
    from survindex.interfaces.cli import fail

    if format not in _FORMATS:
        fail(f"unknown format {format!r}: use table or json")
    if no_gold and gold:
        fail("--no-gold and --gold contradict each other")
    gold = list(gold or [])
    path, exists = _database()
    if out is None:
        out = (path.parent if path is not None else Path.cwd()) / MODEL_FILE
    with_reviews = not no_reviews and exists
    if not no_reviews and not exists:
        err.print(f"no database at {escape(str(path))}: no reviewed claims used")
    documents, reviews = _read_all(gold, with_reviews, review_weight)
    try:
        run = train_scorer(documents, reviews, gold_sets=gold, review_weight=review_weight)
    except TrainingError as error:
        fail(str(error))
        return
    try:
        out.write_text(run.model.to_json(), encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror or error}")
    if format == "json":
        sys.stdout.write(json.dumps(_summary(run, out, gold, reviews), indent=2) + "\n")
    else:
        _print(run, out, reviews)

"""`survindex ingest PATH...`: a thin shell over :func:`survindex.ingest.pipeline.ingest_paths`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from survindex.ingest.pipeline import (
    HoldPoint,
    IngestProgress,
    IngestReport,
    default_workers,
    ingest_paths,
)

app = typer.Typer(no_args_is_help=True)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"),
        TextColumn("{task.fields[claims]} claims"),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def _hold_point() -> HoldPoint | None:
    """The pause hook of :class:`HoldPoint`, when both of its variables are set."""
    after = os.environ.get("SURVINDEX_INGEST_HOLD_AFTER")
    marker = os.environ.get("SURVINDEX_INGEST_HOLD_FILE")
    if not after or not marker:
        return None
    return HoldPoint(int(after), Path(marker))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _summary(report: IngestReport) -> str:
    return (
        f"{_count(report.files, 'file')}: {_count(report.stored, 'new document')} with "
        f"{_count(report.claims, 'candidate claim')}, {report.already_stored} already stored, "
        f"{len(report.errors)} failed ({report.documents_per_second:.1f} docs/s on "
        f"{_count(report.workers, 'worker')}, {report.seconds:.1f} s)"
    )


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or directories (walked recursively); - for stdin.")
    ],
    workers: Annotated[
        int | None, typer.Option(help=f"Worker processes (default: all {default_workers()} cores).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
) -> None:
    """Store documents (text, sha256, reader, dates) and their candidate claims for review.

    The same document twice adds nothing; an interrupted run resumes when run again.
    """
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    target = store()
    missing = [str(p) for p in paths if str(p) != "-" and not p.exists()]
    if missing:
        console.print(f"[red]error:[/red] no such file or directory: {escape(', '.join(missing))}")
        raise typer.Exit(1)
    if progress:
        # The bar (and its refresh thread) starts at the first report, after the worker
        # processes have been forked: forking a process that runs threads is unsafe.
        bar = _progress_bar()
        task: TaskID = bar.add_task("ingest", total=None, rate=0.0, claims=0, failed=0)

        def update(state: IngestProgress) -> None:
            if not bar.live.is_started:
                bar.start()
            bar.update(
                task,
                total=state.total,
                completed=state.done,
                rate=state.documents_per_second,
                claims=state.claims,
                failed=state.failed,
            )

        try:
            report = ingest_paths(
                store=target, paths=paths, workers=workers, progress=update, hold=_hold_point()
            )
        finally:
            bar.stop()
    else:
        report = ingest_paths(store=target, paths=paths, workers=workers, hold=_hold_point())
    out.print(_summary(report))
    for line in report.errors:
        console.print(f"[red]failed:[/red] {escape(line)}", soft_wrap=True)
    if report.interrupted:
        console.print("interrupted: everything above is stored; run the same command to resume")
        raise typer.Exit(130)
    if report.errors:
        raise typer.Exit(1)

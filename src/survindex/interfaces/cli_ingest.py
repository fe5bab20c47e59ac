"""`survindex ingest PATH...`: a thin shell over :func:`survindex.ingest.pipeline.ingest_paths`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

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

from survindex.ingest.metadata import MetadataError, SourceMetadata, metadata_from
from survindex.ingest.pipeline import (
    HoldPoint,
    IngestProgress,
    IngestReport,
    ingest_paths,
)
from survindex.store.database import Store

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
    from survindex.settings import load_settings  # late: pydantic is slow to import

    settings = load_settings()
    if settings.ingest_hold_after is None or settings.ingest_hold_file is None:
        return None
    return HoldPoint(settings.ingest_hold_after, settings.ingest_hold_file)


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
        int | None, typer.Option(help="Worker processes (default: one per CPU core).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show the progress bar.")] = True,
    url: Annotated[
        str | None, typer.Option(help="Where the file was found (one file only).")
    ] = None,
    publisher: Annotated[
        str | None, typer.Option(help="Who published it, cited as its producer (one file only).")
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Date of publication, YYYY-MM-DD (one file only).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="Its title (one file only).")] = None,
) -> None:
    """Store documents (text, sha256, reader, dates) and their candidate claims for review.

    The same document twice adds nothing; an interrupted run resumes when run again. Where a
    file came from goes in --url/--publisher/--published/--title (one file), or in a sidecar
    NAME.meta.json next to each file ({"url": ..., "publisher": ..., "published": ...,
    "title": ...}); either wins over what the reader found.
    """
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    given = {"url": url, "publisher": publisher, "published": published, "title": title}
    try:
        metadata = metadata_from(given, "command line")
    except MetadataError as error:
        _fail(str(error))
    target = store()
    missing = [str(p) for p in paths if str(p) != "-" and not p.exists()]
    if missing:
        _fail(f"no such file or directory: {', '.join(missing)}")
    try:
        report = _run(target, paths, workers, progress, metadata)
    except MetadataError as error:
        _fail(str(error))
    out.print(_summary(report))
    for line in report.errors:
        console.print(f"[red]failed:[/red] {escape(line)}", soft_wrap=True)
    if report.interrupted:
        console.print("interrupted: everything above is stored; run the same command to resume")
        raise typer.Exit(130)
    if report.errors:
        raise typer.Exit(1)


def _fail(message: str) -> NoReturn:
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(1)


def _run(
    target: Store,
    paths: list[Path],
    workers: int | None,
    progress: bool,
    metadata: SourceMetadata,
) -> IngestReport:
    """:func:`ingest_paths`, with the progress bar when asked for."""
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
            return ingest_paths(
                store=target,
                paths=paths,
                workers=workers,
                progress=update,
                hold=_hold_point(),
                metadata=metadata,
            )
        finally:
            bar.stop()
    return ingest_paths(
        store=target, paths=paths, workers=workers, hold=_hold_point(), metadata=metadata
    )

"""`survindex ingest PATH_OR_URL...`: a thin shell over `survindex.ingest.pipeline.ingest_paths`.

Its options for fetching (``--min-interval``) and engines (``--engine``, ``--scheduler``) are
shared with `survindex watch` (survindex.interfaces.cli_watch).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Any, NoReturn

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

from survindex.ingest.engine_dask import DaskUnavailable
from survindex.ingest.fetch import Fetcher, FetchPolicy
from survindex.ingest.items import is_url
from survindex.ingest.metadata import MetadataError, SourceMetadata, metadata_from
from survindex.ingest.neardup import THRESHOLD
from survindex.ingest.pipeline import (
    ENGINES,
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
    extra = ""
    if report.mirrors:
        extra += f", {_count(report.mirrors, 'mirror')} of stored sources"
    if report.not_modified:
        extra += f", {report.not_modified} not modified since the last fetch"
    engine = " (dask)" if report.engine == "dask" else ""
    return (
        f"{_count(report.files, report.unit)}: {_count(report.stored, 'new document')} with "
        f"{_count(report.claims, 'candidate claim')}{extra}, {report.already_stored} already "
        f"stored, {len(report.errors)} failed ({report.documents_per_second:.1f} docs/s on "
        f"{_count(report.workers, 'worker')}{engine}, {report.seconds:.1f} s)"
    )


def fetch_policy(min_interval: float | None) -> FetchPolicy:
    """The fetcher's politeness: the options, else SURVINDEX_FETCH_MIN_INTERVAL and _CONTACT."""
    from survindex.settings import load_settings  # late: pydantic is slow to import

    settings = load_settings()
    interval = settings.fetch_min_interval if min_interval is None else min_interval
    return FetchPolicy(min_interval=interval, contact=settings.fetch_contact)


MinInterval = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        help="Seconds between requests to one web host (default: SURVINDEX_FETCH_MIN_INTERVAL, 1).",
    ),
]
Engine = Annotated[
    str, typer.Option(help="local (a process per core) or dask (a local Dask cluster).")
]
Scheduler = Annotated[
    str | None,
    typer.Option(help="Address of a running Dask scheduler (tcp://HOST:8786): implies dask."),
]


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (walked recursively), web addresses (http(s)://...), "
            "WARC files (.warc, .warc.gz); - for stdin."
        ),
    ],
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per CPU core).")
    ] = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    min_interval: MinInterval = None,
    mirrors: Annotated[
        bool,
        typer.Option(
            help="Store another outlet's near-identical copy of a stored text as a mirror of its "
            "source (no claims of its own)."
        ),
    ] = True,
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

    The same document twice adds nothing; an interrupted run resumes when run again. Web
    addresses are fetched politely (robots.txt, one request per host per --min-interval,
    conditional GET); WARC files give one document per archived HTML or text page. A text
    nearly identical to a stored one (another outlet's copy) becomes a mirror of its source.
    Where a file came from goes in --url/--publisher/--published/--title (one file), or in a
    sidecar NAME.meta.json next to each file ({"url": ..., "publisher": ..., "published": ...,
    "title": ...}); either wins over what the reader found.
    """
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    given = {"url": url, "publisher": publisher, "published": published, "title": title}
    try:
        metadata = metadata_from(given, "command line")
    except MetadataError as error:
        _fail(str(error))
    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    target = store()
    missing = [p for p in paths if p != "-" and not is_url(p) and not Path(p).exists()]
    if missing:
        _fail(f"no such file or directory: {', '.join(missing)}")
    options: dict[str, Any] = {
        "engine": engine,
        "scheduler": scheduler,
        "near_duplicates": THRESHOLD if mirrors else None,
    }
    try:
        with contextlib.ExitStack() as stack:
            if any(is_url(p) for p in paths):
                options["fetcher"] = stack.enter_context(Fetcher(fetch_policy(min_interval)))
            report = _run(target, paths, workers, progress, metadata, **options)
    except (MetadataError, DaskUnavailable) as error:
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
    paths: list[str],
    workers: int | None,
    progress: bool,
    metadata: SourceMetadata,
    **options: Any,
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
                **options,
            )
        finally:
            bar.stop()
    return ingest_paths(
        store=target,
        paths=paths,
        workers=workers,
        hold=_hold_point(),
        metadata=metadata,
        **options,
    )

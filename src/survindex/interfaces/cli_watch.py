"""`survindex watch FEED_OR_LIST...`: a thin shell over :func:`survindex.ingest.watch.watch_once`.

One pass by default; ``--every SECONDS`` repeats it until Ctrl-C.
"""

from __future__ import annotations

import time
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from survindex.ingest.engine_dask import DaskUnavailable
from survindex.ingest.fetch import Fetcher
from survindex.ingest.pipeline import ENGINES
from survindex.ingest.watch import WatchReport, watch_once
from survindex.interfaces.cli_ingest import Engine, MinInterval, Scheduler, _summary, fetch_policy

app = typer.Typer(no_args_is_help=True)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _fail(message: str) -> NoReturn:
    console.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(1)


def _print(report: WatchReport, number: int) -> None:
    unchanged = f" ({report.unchanged} unchanged)" if report.unchanged else ""
    out.print(
        f"pass {number}: {report.listings} listings read{unchanged}, {report.entries} entries, "
        f"{report.new} new" + (f"; {_summary(report.ingest)}" if report.ingest else ""),
        soft_wrap=True,
    )
    for line in report.errors:
        console.print(f"[red]listing failed:[/red] {escape(line)}", soft_wrap=True)
    for line in report.ingest.errors if report.ingest else ():
        console.print(f"[red]failed:[/red] {escape(line)}", soft_wrap=True)


@app.command()
def watch(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="RSS or Atom feeds, OPML lists of feeds, XML sitemaps (URLs or files), or "
            "files listing such URLs one per line."
        ),
    ],
    once: Annotated[
        bool, typer.Option("--once", help="One pass, then stop (the default).")
    ] = False,
    every: Annotated[
        float | None,
        typer.Option(min=1.0, help="Seconds between passes; repeat until Ctrl-C."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many new pages a pass; the rest wait.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per CPU core).")
    ] = None,
    min_interval: MinInterval = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
) -> None:
    """Ingest the new entries of feeds, OPML lists and sitemaps; each entry once.

    Entries already handed to ingest are remembered in the database, so each pass fetches only
    what is new; an unchanged feed answers 304. Fetching is as polite as `survindex ingest`'s.
    """
    from survindex.interfaces.cli import store  # late: cli imports this module to mount it

    if once and every is not None:
        _fail("--once and --every exclude each other: give one")
    if engine not in ENGINES:
        _fail(f"unknown engine {engine!r}: use {' or '.join(ENGINES)}")
    target = store()
    number = 0
    failed = False
    with Fetcher(fetch_policy(min_interval)) as fetcher:
        try:
            while True:
                number += 1
                report = watch_once(
                    store=target,
                    sources=sources,
                    fetcher=fetcher,
                    limit=limit,
                    workers=workers,
                    engine=engine,
                    scheduler=scheduler,
                )
                _print(report, number)
                failed = bool(report.errors or (report.ingest and report.ingest.errors))
                if report.ingest and report.ingest.interrupted:
                    console.print("interrupted: run watch again to go on")
                    raise typer.Exit(130)
                if every is None:
                    break
                time.sleep(every)
        except KeyboardInterrupt:
            console.print(f"stopped after {number} passes")
            return
        except DaskUnavailable as error:
            _fail(str(error))
    if failed:
        raise typer.Exit(1)

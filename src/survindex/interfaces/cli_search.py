"""`survindex search`: the search of /search and /api/search, in the terminal.

Mounted into the main command line (SUB_COMMAND_MODULES in cli.py); the store is opened through
``survindex.interfaces.cli.store`` inside the command, since cli.py imports this module while it
is itself being imported.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from survindex.analysis.search import DEFAULT_LIMIT, SearchPage, TextPart

app = typer.Typer(help="Full-text search.")
console = Console()


def marked(parts: list[TextPart]) -> str:
    """Rich markup for highlighted text: each piece escaped first, matches then made bold."""
    return "".join(f"[bold]{escape(p.text)}[/bold]" if p.match else escape(p.text) for p in parts)


def print_results(results: SearchPage) -> None:
    shown = f"{results.offset + 1}-{results.offset + len(results.items)}" if results.items else "0"
    table = Table(title=f"{results.total} results for {escape(results.query)!r} (showing {shown})")
    for column in ("kind", "id", "title", "snippet"):
        table.add_column(column, overflow="fold", no_wrap=column in ("kind", "id"))
    for r in results.items:
        table.add_row(r.kind, escape(r.id), marked(r.title_parts), marked(r.snippet))
    console.print(table)
    if results.next_offset is not None:
        console.print(f"more: add --offset {results.next_offset}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find: huawei belgrade, "safe city".')],
    format: Annotated[str, typer.Option(help="table or json.")] = "table",
    kind: Annotated[
        str | None, typer.Option(help="Only these kinds, comma-separated: claim, source, ...")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Results to show.")] = DEFAULT_LIMIT,
    offset: Annotated[int, typer.Option(min=0, help="Results to skip.")] = 0,
) -> None:
    """Search claims' quotes and cities, sources' titles, vendors and countries, best first.

    Every word must match; "quotes" find a phrase, OR either word, -word leaves one out.
    """
    from survindex.analysis.filters import InvalidParameter
    from survindex.analysis.search import search_view
    from survindex.interfaces.cli import fail, store

    if format not in ("table", "json"):
        fail(f"unknown format {format!r}: use table or json")
    try:
        with store().read() as session:
            results = search_view(
                session=session, query=query, kinds=kind, limit=limit, offset=offset
            )
    except InvalidParameter as exc:
        fail(str(exc))
        return
    if format == "json":
        sys.stdout.write(results.model_dump_json(indent=2) + "\n")
    else:
        print_results(results)

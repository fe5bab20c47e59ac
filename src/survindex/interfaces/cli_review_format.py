"""Terminal rendering of claims and their review history (source text is escaped)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from survindex.reference.countries import country_name

console = Console(highlight=False)


def supplier_text(claim: dict[str, Any]) -> str:
    if claim["vendor"]:
        return str(claim["vendor"])
    return f"({claim['vendor_country']} supplier)" if claim["vendor_country"] else "-"


def _place(iso3: str, city: str | None) -> str:
    return f"{country_name(iso3)} ({iso3})" + (f", {city}" if city else "")


def _changes_text(changes: dict[str, Any]) -> str:
    return "; ".join(f"{field}: {old} -> {new}" for field, (old, new) in changes.items())


def _outlet_text(outlet: dict[str, Any]) -> str:
    name = outlet["publisher"] or "unknown"
    return name + (f" <{outlet['url']}>" if outlet["url"] else "")


def print_claim(detail: dict[str, Any], heading: str = "") -> None:
    """A claim's fields, its quote highlighted in the document text around it, and its history."""
    financing = detail["financing"]
    money = "-"
    if financing:
        parts = [financing["type"], financing["lender"], financing["amount_usd"], financing["year"]]
        money = ", ".join(str(p) for p in parts if p is not None)
    source = detail["source"]
    rows = [
        ("recipient", _place(detail["country"], detail["city"])),
        ("technology", detail["technology"] or "-"),
        ("supplier", supplier_text(detail)),
        ("vendor country", detail["vendor_country"] or "-"),
        ("status", detail["status"]),
        ("financing", money),
        ("confidence", f"{detail['confidence']:.2f}"),
        ("claim status", detail["claim_status"]),
        ("source", f"{source['title']}" + (f" <{source['url']}>" if source["url"] else "")),
    ]
    if detail.get("outlets"):  # the same text carried by several outlets (mirrors)
        rows.append(("outlets", "; ".join(_outlet_text(o) for o in detail["outlets"])))
    if source.get("path"):
        rows.append(("file", source["path"]))
    if detail.get("extractor"):
        rows.append(("extractor", detail["extractor"]))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, value in rows:
        grid.add_row(label, escape(str(value)))
    console.print(Panel(grid, title=f"{heading}claim {detail['id']}", title_align="left"))
    context = detail.get("context")
    if context:
        text = (
            ("..." if context["truncated_before"] else "")
            + escape(context["before"])
            + f"[bold black on yellow]»{escape(context['quote'])}«[/]"
            + escape(context["after"])
            + ("..." if context["truncated_after"] else "")
        )
        console.print(Panel(text, title="evidence in context", title_align="left"))
    elif detail["evidence"]["quote"] or detail["evidence"]["locator"]:
        evidence = detail["evidence"]
        parts = [f"quote: {evidence['quote']}" if evidence["quote"] else "", evidence["locator"]]
        text = escape("\n".join(p for p in parts if p))
        console.print(Panel(text, title="evidence", title_align="left"))
    if detail.get("history"):
        print_history(detail["history"])


def print_history(records: list[dict[str, Any]]) -> None:
    table = Table(title="decisions")
    for column in ("#", "claim", "at (UTC)", "reviewer", "decision", "reason", "changes"):
        table.add_column(column, overflow="fold")
    for r in records:
        table.add_row(
            str(r["id"]),
            str(r["claim_id"]),
            r["at"],
            escape(r["reviewer"]),
            r["decision"],
            escape(r["reason"]),
            escape(_changes_text(r["changes"])),
        )
    console.print(table)

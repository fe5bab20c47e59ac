"""Terminal rendering of country and vendor profiles (text from sources is escaped)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _names(vendors: list[dict[str, Any]]) -> str:
    return ", ".join(v["name"] for v in vendors)


def print_country(console: Console, p: dict[str, Any]) -> None:
    console.print(f"[bold]{escape(p['name'])}[/bold] ({p['iso3']})")
    for edition, ctx in p["context"].items():
        console.print(
            f"  {edition}: region {ctx['region'] or '-'}, regime {ctx['regime'] or '-'}, "
            f"BRI {'yes' if ctx['bri_member'] else '-'}, "
            f"military rank {ctx['military_rank'] or '-'}, "
            f"Freedom on the Net {escape(str(ctx['fotn_status'] or '-'))}"
        )
    live = p["live"]
    console.print(f"  technologies: {', '.join(live['technologies']) or 'none recorded'}")
    if live["proposed_technologies"]:
        console.print(f"  proposed only: {', '.join(live['proposed_technologies'])}")
    console.print(f"  vendors: {escape(_names(live['vendors'])) or 'none named'}")
    console.print(f"  supplier countries: {', '.join(live['supplier_countries']) or '-'}")
    console.print(
        f"  vendors' home countries: {', '.join(live['registry_supplier_countries']) or '-'}"
    )
    for slug, row in p["editions"].items():
        console.print(
            f"  in {slug}: {', '.join(row['technologies']) or '-'}; "
            f"vendors {escape(_names(row['vendors'])) or '-'}; "
            f"supplier countries {', '.join(row['supplier_countries']) or '-'}"
        )
    _print_money(console, p["money"])
    dropped = [h for h in p["vendor_history"] if not h["in_live"]]
    for h in dropped:
        console.print(
            f"  not in live: {escape(h['vendor']['name'])} (last listed by {h['last_listed']}; "
            "a newer edition covering the country does not list it)"
        )
    when = f"as of {p['as_of']}" if p["as_of"] else "today's index"
    newest = p["newest_evidence"]
    console.print(f"  {when}; newest evidence counted: {newest or '-'}")
    table = Table(title=f"Claims ({len(p['claims'])})")
    for column in ("id", "status", "technology", "vendor", "evidence", "source"):
        table.add_column(column, overflow="fold")
    for c in p["claims"]:
        evidence = (
            c["evidence"]["quote"]
            if c["evidence"]["start"] is not None
            else c["evidence"]["locator"]
        )
        vendor = c["vendor"] or (
            f"({c['vendor_country']} supplier)" if c["vendor_country"] else "-"
        )
        table.add_row(
            str(c["id"]),
            c["claim_status"],
            c["technology"] or "-",
            escape(vendor),
            escape(evidence or "-"),
            escape(c["source"]["title"]),
        )
    console.print(table)


def _print_money(console: Console, money: dict[str, Any]) -> None:
    """The country's financing records with lender, amount, year and AidData link."""
    if not money["records"]:
        return
    table = Table(title=f"Financing ({len(money['records'])} records)")
    for column in ("year", "lender", "flow", "amount (USD)", "project", "decision", "link"):
        table.add_column(column, overflow="fold")
    for r in money["records"]:
        table.add_row(
            str(r["commitment_year"] or "-"),
            escape(r["lender"] or "-"),
            (r["flow_type"] or "-").replace("_", " "),
            f"{r['amount_usd']:,.0f}" if r["amount_usd"] else "-",
            escape(r["title"] or "-"),
            escape(r["decision"] or r["claim_status"]),
            escape(r["aiddata_url"] or "-"),
        )
    console.print(table)
    console.print(escape(money["attribution"]), soft_wrap=True)


def print_vendor(console: Console, p: dict[str, Any]) -> None:
    console.print(
        f"[bold]{escape(p['name'])}[/bold] ({p['slug']}), home country "
        f"{p['home_country'] or 'unknown'}"
    )
    if p["aliases"]:
        console.print(f"  also written: {escape(', '.join(p['aliases']))}")
    names = ", ".join(f"{c['name']} ({c['iso3']})" for c in p["countries"])
    console.print(f"  countries ({len(p['countries'])}): {escape(names) or '-'}")
    console.print(f"  technologies: {', '.join(p['technologies']) or 'not linked by its sources'}")
    for slug, isos in p["editions"].items():
        console.print(f"  in {slug}: {len(isos)} countries")

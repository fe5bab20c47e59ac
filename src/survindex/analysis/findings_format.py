"""Findings as the contract's JSON, as Markdown, and side by side with another edition."""

from __future__ import annotations

from typing import Any

from survindex.domain import Finding


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "label": finding.label,
        "value": finding.value,
        "numerator": finding.numerator,
        "denominator": finding.denominator,
        "published": finding.published,
        "countries": list(finding.countries),
        "method": finding.method,
    }


def findings_json(edition: str, findings: list[Finding]) -> dict[str, Any]:
    return {"edition": edition, "findings": [finding_json(f) for f in findings]}


def format_value(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}" if value < 1 else f"{value:g}"
    return str(int(value))


def comparison_rows(findings: list[Finding], other: list[Finding]) -> list[dict[str, Any]]:
    """Each finding beside the other edition's figure (its published one when not recomputable)."""
    by_id = {f.id: f for f in other}
    rows = []
    for finding in findings:
        match = by_id.get(finding.id)
        if match is None:
            continue
        theirs = match.value if match.value is not None else match.published
        difference = (
            round(finding.value - theirs, 4)
            if finding.value is not None and theirs is not None
            else None
        )
        rows.append(
            {"id": finding.id, "value": finding.value, "other": theirs, "difference": difference}
        )
    return rows


def findings_markdown(edition: str, findings: list[Finding]) -> str:
    lines = [
        f"# Findings: {edition}",
        "",
        "| id | value | numerator | denominator | published | method |",
        "|---|---|---|---|---|---|",
    ]
    for f in findings:
        lines.append(
            f"| {f.id} | {format_value(f.value)} | {format_value(f.numerator)} | "
            f"{format_value(f.denominator)} | {format_value(f.published)} | "
            f"{f.method.replace('|', '/')} |"
        )
    return "\n".join(lines) + "\n"

"""Findings as the contract's JSON, as Markdown, and side by side with another edition."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from survindex.domain import Finding


class FindingLike(Protocol):
    """A finding or its read model: both render alike."""

    @property
    def id(self) -> str: ...
    @property
    def value(self) -> float | int | None: ...
    @property
    def numerator(self) -> int | None: ...
    @property
    def denominator(self) -> int | None: ...
    @property
    def published(self) -> float | int | None: ...
    @property
    def method(self) -> str: ...


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
        "proposed": list(finding.proposed),
        "unknown": finding.unknown,
    }


def findings_json(edition: str, findings: list[Finding]) -> dict[str, Any]:
    return {"edition": edition, "findings": [finding_json(f) for f in findings]}


def format_value(value: float | int | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 1_000_000:  # money: whole dollars with thousands separators
        return f"{value:,.0f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}" if value < 1 else f"{value:g}"
    return str(int(value))


def comparison_rows(
    findings: Sequence[FindingLike], other: Sequence[FindingLike]
) -> list[dict[str, Any]]:
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


def findings_markdown(edition: str, findings: Sequence[FindingLike]) -> str:
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

"""What changed between two editions: countries, technologies, vendors and findings.

Editions differ in coverage as well as in facts (the earlier Carnegie file lists only countries
that use AI surveillance; the 2019 paper has figures only), so the diff states what it could not
compare instead of reporting absence as change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from survindex.analysis.editions import edition_data
from survindex.analysis.facts import edition_facts
from survindex.analysis.findings import EditionData, compute_findings
from survindex.domain import Finding
from survindex.reference.countries import country_name
from survindex.store import repository as repo


@dataclass(frozen=True)
class CountryChange:
    country: str
    change: str  # "added", "removed" or "changed"
    technologies_gained: tuple[str, ...] = ()
    technologies_lost: tuple[str, ...] = ()
    vendors_added: tuple[str, ...] = ()
    vendors_removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingChange:
    id: str
    before: float | int | None
    after: float | int | None

    @property
    def difference(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 4)


@dataclass(frozen=True)
class EditionDiff:
    source: str
    target: str
    countries_added: tuple[str, ...]
    countries_removed: tuple[str, ...]
    changes: tuple[CountryChange, ...]
    findings: tuple[FindingChange, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)


def _profile(data: EditionData) -> dict[str, tuple[set[str], set[str]]]:
    """Country -> (technologies, vendor slugs) of the countries that use AI surveillance, by the
    same rules as every figure (:mod:`survindex.analysis.facts`: proposed claims do not count)."""
    facts = edition_facts(data, {})
    return {
        iso: ({t.value for t in f.technologies}, set(f.vendors))
        for iso, f in facts.countries.items()
        if f.uses_any
    }


def _comparable(finding: Finding) -> float | int | None:
    return finding.value if finding.value is not None else finding.published


def diff_editions(
    before: EditionData,
    after: EditionData,
    findings_before: list[Finding],
    findings_after: list[Finding],
) -> EditionDiff:
    """Compare two editions; a pure function over their data and findings."""
    notes = []
    for data in (before, after):
        if data.kind == "figures":
            notes.append(
                f"{data.slug} holds published figures only: its countries, technologies and "
                "vendors cannot be compared, only its figures"
            )
        elif not data.universe_defined:
            notes.append(
                f"{data.slug} lists only countries that use AI surveillance: a country absent "
                "from it may not have been assessed"
            )
    old, new = _profile(before), _profile(after)
    comparable = before.kind != "figures" and after.kind != "figures"
    added = tuple(sorted(set(new) - set(old))) if comparable else ()
    removed = tuple(sorted(set(old) - set(new))) if comparable else ()
    changes = []
    for iso in sorted(set(old) | set(new)) if comparable else []:
        techs_old, vendors_old = old.get(iso, (set(), set()))
        techs_new, vendors_new = new.get(iso, (set(), set()))
        change = CountryChange(
            iso,
            "added" if iso in added else "removed" if iso in removed else "changed",
            tuple(sorted(techs_new - techs_old)),
            tuple(sorted(techs_old - techs_new)),
            tuple(sorted(vendors_new - vendors_old)),
            tuple(sorted(vendors_old - vendors_new)),
        )
        if change.change != "changed" or any(
            (
                change.technologies_gained,
                change.technologies_lost,
                change.vendors_added,
                change.vendors_removed,
            )
        ):
            changes.append(change)
    by_id = {f.id: f for f in findings_before}
    finding_changes = []
    for finding in findings_after:
        earlier = by_id.get(finding.id)
        if earlier is None:
            continue
        a, b = _comparable(earlier), _comparable(finding)
        if a != b:
            finding_changes.append(FindingChange(finding.id, a, b))
    return EditionDiff(
        before.slug,
        after.slug,
        added,
        removed,
        tuple(changes),
        tuple(finding_changes),
        tuple(notes),
    )


def diff_for(
    *,
    session: Session,
    source: str,
    target: str,
    source_as_of: date | None = None,
    target_as_of: date | None = None,
) -> EditionDiff:
    """Diff two editions of the store, each today or as of a day. Example: ``diff_for(session=s,
    source="live", source_as_of=date(2022, 12, 31), target="live")`` shows what changed in the
    living index since the end of 2022."""
    vendors = repo.load_vendors(session=session)
    before = edition_data(session=session, slug=source, as_of=source_as_of)
    after = edition_data(session=session, slug=target, as_of=target_as_of)
    diff = diff_editions(
        before, after, compute_findings(before, vendors), compute_findings(after, vendors)
    )
    return replace(diff, notes=diff.notes + _unattributed_notes(session, (source, target)))


def _unattributed_notes(session: Session, slugs: tuple[str, str]) -> tuple[str, ...]:
    """Warn where an import left companies unattributed: a "removed" vendor may be an artefact."""
    notes = []
    for slug in slugs:
        edition = repo.get_edition(session=session, slug=slug)
        if edition is None:
            continue
        cells = [
            n
            for n in repo.edition_notes(session=session, edition_id=edition.id)
            if n.kind == "misplaced_overflow" and "unnamed overflow column" in n.locator
        ]
        if cells:
            notes.append(
                f"{slug} left {len(cells)} misplaced overflow company cells unattributed "
                f"(survindex quality --edition {slug}): a vendor missing from a country there may "
                "reflect that repair rather than a real change"
            )
    return tuple(notes)


def diff_json(diff: EditionDiff) -> dict[str, Any]:
    return {
        "from": diff.source,
        "to": diff.target,
        "countries_added": list(diff.countries_added),
        "countries_removed": list(diff.countries_removed),
        "changes": [
            {
                "country": c.country,
                "name": country_name(c.country),
                "change": c.change,
                "technologies_gained": list(c.technologies_gained),
                "technologies_lost": list(c.technologies_lost),
                "vendors_added": list(c.vendors_added),
                "vendors_removed": list(c.vendors_removed),
            }
            for c in diff.changes
        ],
        "findings": [
            {"id": f.id, "from": f.before, "to": f.after, "difference": f.difference}
            for f in diff.findings
        ],
        "notes": list(diff.notes),
    }


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4g}"
    return str(int(value))


def diff_markdown(diff: EditionDiff) -> str:
    lines = [f"# {diff.source} -> {diff.target}", ""]
    lines += [f"> {note}" for note in diff.notes]
    lines += [
        "",
        f"Countries added ({len(diff.countries_added)}): "
        + (", ".join(diff.countries_added) or "none"),
        "",
        f"Countries removed ({len(diff.countries_removed)}): "
        + (", ".join(diff.countries_removed) or "none"),
        "",
        "## Changes by country",
        "",
        "| country | change | technologies gained | technologies lost | vendors added | "
        "vendors removed |",
        "|---|---|---|---|---|---|",
    ]
    for c in diff.changes:
        lines.append(
            f"| {c.country} | {c.change} | {', '.join(c.technologies_gained)} | "
            f"{', '.join(c.technologies_lost)} | {', '.join(c.vendors_added)} | "
            f"{', '.join(c.vendors_removed)} |"
        )
    lines += [
        "",
        "## Findings that changed",
        "",
        "| id | from | to | difference |",
        "|---|---|---|---|",
    ]
    for f in diff.findings:
        lines.append(f"| {f.id} | {_fmt(f.before)} | {_fmt(f.after)} | {_fmt(f.difference)} |")
    return "\n".join(lines) + "\n"

"""Every finding of an edition, the figures of its facts and its financing figures together.

The one list that the findings read model (pages, API, CLI) and the exports both take, so an
exported findings table and `/api/findings` cannot differ, today or as of a day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.analysis.facts import EditionFacts
from survindex.analysis.financing import financing_findings
from survindex.analysis.findings import findings_of
from survindex.domain import FinancingRecord, Finding
from survindex.store import repository as repo
from survindex.store.financing import financing_records
from survindex.store.history import states_as_of
from survindex.store.schema import ClaimRow

#: Edition kinds that hold financing records: `live` (every record) and datasets (AidData).
MONEY_KINDS = ("live", "dataset")


def edition_findings(*, session: Session, facts: EditionFacts) -> list[Finding]:
    """The findings of the facts' edition, financing findings included where it holds them."""
    return findings_of(facts) + money_findings(session=session, facts=facts)


def money_findings(*, session: Session, facts: EditionFacts) -> list[Finding]:
    """Financing findings for the editions that hold financing records; the Carnegie editions
    record none."""
    if facts.data.kind not in MONEY_KINDS:
        return []
    edition_id = None
    if facts.data.kind != "live":
        edition = repo.get_edition(session=session, slug=facts.data.slug)
        edition_id = edition.id if edition else None
    records = financing_records(session=session, edition_id=edition_id)
    if facts.data.as_of is not None:
        records = records_as_of(session=session, records=records, day=facts.data.as_of)
    return financing_findings(records, facts.data.contexts)


def records_as_of(
    *, session: Session, records: list[FinancingRecord], day: date
) -> list[FinancingRecord]:
    """Financing records as they stood at the end of ``day``: those whose claim's evidence is
    dated by then, with the status the review decisions taken by then gave it."""
    ids = [r.claim_id for r in records if r.claim_id is not None]
    rows = session.scalars(
        select(ClaimRow).where(ClaimRow.id.in_(ids), ClaimRow.evidence_date <= day)
    )
    states = states_as_of(session=session, claims=rows, day=day)
    return [
        replace(r, claim_status=states[r.claim_id][0], in_live=states[r.claim_id][1])
        for r in records
        if r.claim_id is not None and r.claim_id in states
    ]

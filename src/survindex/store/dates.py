"""Time on every claim: the date of its evidence, and the span of evidence behind a deployment.

Every claim answers "as of when?" with ``claims.evidence_date``, the date of its source:

- a document's or dataset's publication date (``sources.published``), basis "source published";
- for a fixed edition whose source gives no better date, the date of the edition's file
  (:data:`survindex.domain.vocab.EDITION_DATES`: Carnegie's 2022 workbook is 2022-03-09),
  basis "edition date";
- otherwise none, and ``evidence_date_basis`` says why (Carnegie's earlier edition states no
  date). A missing date is never filled with the import day: that would date the evidence by
  when we read it, not by when it was said.

``contract_year`` and ``in_service_year`` are what the record itself states (AidData's
commitment year, and completion year for completed projects), not dates of the evidence.

A deployment's ``first_evidence_date`` and ``last_evidence_date`` are the earliest and latest
evidence dates of the claims merged into it, refreshed whenever a claim joins or leaves it.

>>> evidence_date(claim_row)  # doctest: +SKIP
datetime.date(2022, 3, 9)
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survindex.domain.vocab import EDITION_DATES
from survindex.store.schema import ClaimRow, DeploymentRow, EditionRow, SourceRow

SOURCE_PUBLISHED = "source published"
EDITION_DATE = "edition date"
NO_DATE = "none: the source states no date"


def evidence_date(claim: ClaimRow) -> date | None:
    """The date of the claim's evidence (see the module docstring for where it comes from)."""
    return claim.evidence_date


def default_evidence_date(
    *, session: Session, source_id: int, edition_id: int | None
) -> tuple[date | None, str]:
    """(date, basis) for a new claim that brings no date of its own.

    A fixed edition listed in EDITION_DATES gives the date of its file (its data are as of that
    file, even though the record announcing it came later); any other claim takes its source's
    publication date. Both rows are read through the session's identity map, so an importer
    adding hundreds of claims from one source pays for two lookups, not hundreds.
    """
    edition = session.get(EditionRow, edition_id) if edition_id is not None else None
    if edition is not None and edition.slug in EDITION_DATES:
        return EDITION_DATES[edition.slug], EDITION_DATE
    source = session.get(SourceRow, source_id)
    if source is not None and source.published is not None:
        return source.published, SOURCE_PUBLISHED
    if edition is not None:
        return None, f"none: edition {edition.slug} states no date"
    return None, NO_DATE


def widen_deployment_dates(deployment: DeploymentRow, day: date | None) -> None:
    """A claim dated ``day`` joined the deployment: widen its span without a query."""
    if day is None:
        return
    first, last = deployment.first_evidence_date, deployment.last_evidence_date
    deployment.first_evidence_date = day if first is None else min(first, day)
    deployment.last_evidence_date = day if last is None else max(last, day)


def refresh_deployment_dates(*, session: Session, deployment_id: int | None) -> None:
    """Set a deployment's first and last evidence dates from the claims it holds now (after a
    claim left it: a span cannot be narrowed without looking at the claims that remain)."""
    if deployment_id is None:
        return
    deployment = session.get(DeploymentRow, deployment_id)
    if deployment is None:
        return
    session.flush()
    first, last = session.execute(
        select(func.min(ClaimRow.evidence_date), func.max(ClaimRow.evidence_date)).where(
            ClaimRow.deployment_id == deployment_id
        )
    ).one()
    deployment.first_evidence_date, deployment.last_evidence_date = first, last


def claim_evidence_date(*, session: Session, claim_id: int) -> date | None:
    """The evidence date of one claim by id; None when the claim or its date is missing."""
    row = session.get(ClaimRow, claim_id)
    return evidence_date(row) if row is not None else None

"""Reviewers link a financing record to the deployment it pays for.

AidData says who lent how much for what project; the claims say what was deployed where. Which
deployment a loan paid for is a reviewer's reading, so it is a decision like any other: it
needs a reviewer and a reason, and it is kept in the history of the financing record's claim
(decision ``link``; the claim itself does not change, so a fixed edition's claim can be linked
too). Linking never changes a count: amounts are summed per financing record, each once.

>>> with store.transaction() as session:                              # doctest: +SKIP
...     link_financing(session=session, record=39281, deployment_id=12,
...                    reviewer="ana", reason="ECU 911 is the safe-city platform CDB financed")
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from survindex.domain import Decision
from survindex.review.workflow import ReviewError, check_decider
from survindex.store import repository as repo
from survindex.store.financing import financing_by_record, set_deployment
from survindex.store.schema import DeploymentRow, ReviewRow


def link_financing(
    *,
    session: Session,
    record: int,
    deployment_id: int | None,
    reviewer: str,
    reason: str,
) -> ReviewRow:
    """Point the financing record with AidData id ``record`` at a deployment (None unlinks).

    Refused, with a :class:`ReviewError` naming what to fix, when the record or the deployment
    does not exist, the deployment is in another country than the record's recipient, the link
    is already so, or the reviewer or reason is missing.
    """
    financing = financing_by_record(session=session, aiddata_record_id=record)
    if financing is None:
        raise ReviewError(
            f"no financing record for AidData record {record} (see `survindex financing list`)",
            "no-claim",
        )
    if deployment_id is not None:
        deployment = session.get(DeploymentRow, deployment_id)
        if deployment is None:
            raise ReviewError(f"no deployment {deployment_id}", "bad-value")
        if deployment.country != financing.recipient:
            raise ReviewError(
                f"deployment {deployment_id} is in {deployment.country}, but record {record} "
                f"finances {financing.recipient}",
                "bad-value",
            )
    if financing.deployment_id == deployment_id:
        raise ReviewError(f"record {record} is already linked so", "no-change")
    check_decider(reviewer, reason)
    previous = set_deployment(session=session, financing=financing, deployment_id=deployment_id)
    row = ReviewRow(
        claim_id=financing.claim_id,
        reviewer=reviewer,
        at=repo.now(),
        decision=Decision.LINK.value,
        reason=reason,
        changes=repo.dumps(
            {"financing.deployment_id": [previous, deployment_id], "aiddata_record_id": record}
        ),
    )
    session.add(row)
    session.flush()
    return row

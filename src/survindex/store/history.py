"""The review history replayed to a day: which claims were accepted, and in `live`, as of then.

A claim of a fixed edition (Carnegie, AidData) is accepted from its import; any other claim is a
candidate until a reviewer decides. Replaying the decisions taken by the end of a day gives each
claim's status and its place in `live` on that day (edits keep today's values: the history
records what changed, but the index as of a day is defined by what was accepted, not by how it
was worded then).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.domain.vocab import ClaimStatus, Decision
from survindex.store.schema import ClaimRow, ReviewRow

#: What each decision does to (status, in live); decisions not listed change neither.
_EFFECTS: dict[str, tuple[ClaimStatus | None, bool | None]] = {
    Decision.ACCEPT.value: (ClaimStatus.ACCEPTED, None),
    Decision.REJECT.value: (ClaimStatus.REJECTED, None),
    Decision.RETRACT.value: (None, False),
    Decision.RESTORE.value: (None, True),
}


def end_of(day: date) -> datetime:
    return datetime.combine(day, time.max)


def states_as_of(
    *, session: Session, claims: Iterable[ClaimRow], day: date
) -> dict[int, tuple[ClaimStatus, bool]]:
    """(status, in live) of each claim at the end of ``day``."""
    rows = list(claims)
    states = {
        row.id: (
            ClaimStatus.ACCEPTED if row.edition_id is not None else ClaimStatus.CANDIDATE,
            True,
        )
        for row in rows
    }
    decisions = session.execute(
        select(ReviewRow.claim_id, ReviewRow.decision)
        .where(ReviewRow.at <= end_of(day))
        .order_by(ReviewRow.at, ReviewRow.id)
    )
    for claim_id, decision in decisions:
        if claim_id not in states:
            continue
        status, in_live = states[claim_id]
        new_status, new_live = _EFFECTS.get(decision, (None, None))
        states[claim_id] = (new_status or status, in_live if new_live is None else new_live)
    return states

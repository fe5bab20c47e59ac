"""Lenders and financing records: who paid for a deployment, how, how much and when.

A financing record is one commitment as a finance dataset records it (AidData: one record id),
with the decision a reviewer took on whether it pays for surveillance or public-security
technology, and the reason. It stands beside the claim it comes from (the claim says what was
deployed where; the record says who financed it), so analysis can count money without reading
claims, and claims keep their shape (``Claim.financing``, docs/contracts.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from survindex.domain.vocab import ClaimStatus, FinancingType, Technology

#: Where AidData shows one record; the record id is the locator every AidData claim carries.
AIDDATA_PROJECT_URL = "https://china.aiddata.org/projects/{record_id}"
#: The year of AidData's constant dollars (GCDF 3.0: "Amount (Constant USD 2021)").
AIDDATA_DOLLAR_YEAR = 2021


class LenderKind(StrEnum):
    """What kind of institution a lender is; every kind here is a state institution."""

    POLICY_BANK = "policy_bank"
    MINISTRY = "ministry"
    GOVERNMENT = "government"
    STATE_OWNED_COMMERCIAL_BANK = "state_owned_commercial_bank"
    EXPORT_CREDIT_AGENCY = "export_credit_agency"
    STATE_FUND = "state_fund"


class Relevance(StrEnum):
    """A reviewer's decision on whether a record finances surveillance or public security.

    ``core`` and ``borderline`` records are accepted (borderline: weaker or facility-level
    evidence, kept apart so users can leave it out); ``uncertain`` ones wait in the review
    queue; ``excluded`` ones are not claims at all; ``screened`` ones were proposed by the
    screen (survindex.ingest.aiddata_screen) and nobody has decided on them yet.
    """

    CORE = "core"
    BORDERLINE = "borderline"
    UNCERTAIN = "uncertain"
    EXCLUDED = "excluded"
    SCREENED = "screened"


#: AidData statuses whose money was never committed, or was withdrawn: such records are
#: reported, never counted (AidData's own "Recommended For Aggregates" leaves them out too).
NOT_COMMITTED_STATUSES = frozenset({"pipeline: pledge", "cancelled", "suspended"})


@dataclass(frozen=True, slots=True)
class Lender:
    slug: str
    name: str
    country: str  # ISO3
    kind: LenderKind
    state_owned: bool
    aliases: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FinancingRecord:
    """One financing commitment with the decision taken on it.

    ``chinese_state`` is True when the lender is a Chinese state institution in the lender
    registry, or when no lender is known but the record comes from AidData's GCDF, which
    records only official-sector Chinese finance. ``parent_record_ids`` names the umbrella or
    facility records a record draws on (its money is already inside theirs).
    """

    id: int
    recipient: str
    claim_status: ClaimStatus
    relevance: Relevance | None
    chinese_state: bool
    lender_slug: str | None = None
    lender_name: str | None = None
    flow_type: FinancingType | None = None
    amount_usd: float | None = None
    amount_usd_year: int | None = None
    commitment_year: int | None = None
    status: str | None = None
    aiddata_record_id: int | None = None
    umbrella: bool | None = None
    recommended_for_aggregates: bool | None = None
    parent_record_ids: tuple[int, ...] = ()
    linked_record_ids: tuple[int, ...] = ()
    title: str | None = None
    decision: str | None = None
    reason: str | None = None
    claim_id: int | None = None
    in_live: bool = True
    deployment_id: int | None = None
    technology: Technology | None = None
    vendor_slug: str | None = None

    @property
    def url(self) -> str | None:
        """AidData's page for the record, or None when it has no AidData id."""
        if self.aiddata_record_id is None:
            return None
        return AIDDATA_PROJECT_URL.format(record_id=self.aiddata_record_id)

    @property
    def committed(self) -> bool:
        """False for pledges and cancelled or suspended commitments."""
        return (self.status or "").strip().casefold() not in NOT_COMMITTED_STATUSES

    @property
    def accepted(self) -> bool:
        """Accepted by review and not retracted from `live`."""
        return self.claim_status is ClaimStatus.ACCEPTED and self.in_live

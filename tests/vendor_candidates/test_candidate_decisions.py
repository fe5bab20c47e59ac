"""Confirm, merge and reject vendor candidates: who, when and why are kept, every claim changed
has its Review row, and later ingests follow the decision."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from survindex.analysis.editions import findings_for
from survindex.review.vendor_candidates import (
    confirm_candidate,
    list_candidates,
    merge_candidate,
    reject_candidate,
)
from survindex.review.workflow import ReviewError, accept_claim, claim_history
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, VendorAliasRow, VendorCandidateRow, VendorRow

from .conftest import Ingest, Named

ACME = "Acme Vision Ltd"
ACME_SAYS = "Acme Vision Ltd installed cameras in Nairobi."


def naming(db: str, name: str) -> list[ClaimRow]:
    with Store(db).read() as s:
        rows = list(
            s.scalars(
                select(ClaimRow)
                .where(func.lower(ClaimRow.vendor_name_in_source) == name.lower())
                .order_by(ClaimRow.id)
            )
        )
        s.expunge_all()
        return rows


def candidate(db: str, name: str) -> VendorCandidateRow | None:
    with Store(db).read() as s:
        row = s.scalar(select(VendorCandidateRow).where(VendorCandidateRow.name == name))
        s.expunge_all()
        return row


def vendor(db: str, slug: str) -> tuple[VendorRow, list[str]]:
    with Store(db).read() as s:
        row = s.scalars(select(VendorRow).where(VendorRow.slug == slug)).one()
        aliases = list(
            s.scalars(select(VendorAliasRow.alias).where(VendorAliasRow.vendor_id == row.id))
        )
        s.expunge_all()
        return row, aliases


def test_confirm_makes_a_vendor_links_every_claim_and_counts_once_accepted(
    db: str, ingest: Ingest
) -> None:
    ingest(Named(ACME_SAYS, ACME, vendor_country="ISR"))
    ingest(Named("ACME VISION LTD supplied Kampala.", "ACME VISION LTD", country="UGA"))
    store = Store(db)
    with store.transaction() as s:
        decision = confirm_candidate(
            session=s, name="acme vision ltd", reviewer="alice", reason="an Israeli integrator"
        )
    assert (decision.status, decision.vendor_slug) == ("confirmed", "acme-vision-ltd")
    made, aliases = vendor(db, "acme-vision-ltd")
    assert (made.name, made.home_country) == (ACME, "ISR")
    assert sorted(aliases) == ["ACME VISION LTD", ACME]
    claims = naming(db, ACME)
    assert [c.id for c in claims] == list(decision.claim_ids)
    assert {c.vendor_id for c in claims} == {made.id}
    assert {c.vendor_country for c in claims} == {"ISR"}  # filled from the vendor
    row = candidate(db, ACME)
    assert row is not None
    assert (row.status, row.vendor_id, row.decided_by, row.reason) == (
        "confirmed",
        made.id,
        "alice",
        "an Israeli integrator",
    )
    assert row.decided_at is not None
    with store.read() as s:
        [history] = claim_history(session=s, claim_id=claims[0].id)
        [filled] = claim_history(session=s, claim_id=claims[1].id)
    assert (history.decision, history.reviewer, history.reason) == (
        "edit",
        "alice",
        "an Israeli integrator",
    )
    assert history.changes == {"vendor": [None, made.id]}  # its text gave the country
    assert filled.changes == {"vendor": [None, made.id], "vendor_country": [None, "ISR"]}
    with store.transaction() as s:
        accept_claim(session=s, claim_id=claims[0].id, reviewer="bob", reason="quote checked")
    with store.read() as s:
        live = {f.id: f.value for f in findings_for(session=s, slug="live")}
    assert live["vendor.acme-vision-ltd"] == 1


def test_confirm_takes_a_slug_and_a_country_and_refuses_known_vendors(
    db: str, ingest: Ingest
) -> None:
    ingest(
        Named(ACME_SAYS, ACME), Named("Hangzhou Hikvision Co built it.", "Hangzhou Hikvision Co")
    )
    store = Store(db)
    with store.transaction() as s:
        with pytest.raises(ReviewError, match="slug") as bad:
            confirm_candidate(session=s, name=ACME, reviewer="a", reason="r", slug="Not A Slug!")
        assert bad.value.code == "bad-value"
        with pytest.raises(ReviewError, match="already exists") as taken:
            confirm_candidate(session=s, name=ACME, reviewer="a", reason="r", slug="huawei")
        assert taken.value.code == "vendor-exists"
        with pytest.raises(ReviewError, match="known vendor .*hikvision.*merge") as known:
            confirm_candidate(session=s, name="Hangzhou Hikvision Co", reviewer="a", reason="r")
        assert known.value.code == "vendor-exists"
        confirm_candidate(
            session=s, name=ACME, reviewer="a", reason="r", slug="acme", home_country="Israel"
        )
    made, _ = vendor(db, "acme")
    assert made.home_country == "ISR"


def test_merge_makes_the_name_an_alias_and_links_the_claims(db: str, ingest: Ingest) -> None:
    ingest(Named("Hik-Vision Co installed cameras.", "Hik-Vision Co", country="SRB"))
    store = Store(db)
    with store.transaction() as s:
        with pytest.raises(ReviewError, match="no vendor 'hikvison'; close: hikvision") as bad:
            merge_candidate(
                session=s, name="Hik-Vision Co", into="hikvison", reviewer="a", reason="r"
            )
        assert bad.value.code == "unknown-vendor"
        decision = merge_candidate(
            session=s, name="Hik-Vision Co", into="hikvision", reviewer="alice", reason="spelling"
        )
    assert (decision.status, decision.vendor_slug) == ("merged", "hikvision")
    hikvision, aliases = vendor(db, "hikvision")
    assert "Hik-Vision Co" in aliases
    [claim] = naming(db, "Hik-Vision Co")
    assert (claim.vendor_id, claim.vendor_country) == (hikvision.id, "CHN")
    row = candidate(db, "Hik-Vision Co")
    assert row is not None and (row.status, row.vendor_id) == ("merged", hikvision.id)


def test_reject_rejects_the_pending_claims_with_the_reason(db: str, ingest: Ingest) -> None:
    name = "Ministry of Interior"
    ingest(Named("Ministry of Interior bought cameras.", name))
    ingest(Named("Ministry of Interior ran the tender.", name, country="UGA"))
    first, second = naming(db, name)
    store = Store(db)
    with store.transaction() as s:  # a claim accepted before the decision stays accepted
        accept_claim(session=s, claim_id=second.id, reviewer="bob", reason="the buyer is right")
    with store.transaction() as s:
        decision = reject_candidate(
            session=s, name=name, reviewer="alice", reason="the buyer, not a supplier"
        )
    assert decision.claim_ids == (first.id,)
    first, second = naming(db, name)
    assert (first.claim_status, first.vendor_id) == ("rejected", None)
    assert (second.claim_status, second.vendor_id) == ("accepted", None)
    with store.read() as s:
        [review] = claim_history(session=s, claim_id=first.id)
        [view] = list_candidates(session=s, status="rejected")
    assert (review.decision, review.reviewer, review.reason) == (
        "reject",
        "alice",
        "the buyer, not a supplier",
    )
    assert review.changes == {"claim_status": ["candidate", "rejected"]}
    assert (view.status, view.decided_by, view.reason, view.pending) == (
        "rejected",
        "alice",
        "the buyer, not a supplier",
        0,
    )


def test_decisions_need_a_reviewer_a_reason_a_known_name_and_are_taken_once(
    db: str, ingest: Ingest
) -> None:
    ingest(Named(ACME_SAYS, ACME))
    store = Store(db)
    with store.transaction() as s:
        with pytest.raises(ReviewError) as no_reason:
            reject_candidate(session=s, name=ACME, reviewer="alice", reason=" ")
        assert no_reason.value.code == "reason-required"
        with pytest.raises(ReviewError) as no_reviewer:
            reject_candidate(session=s, name=ACME, reviewer="", reason="r")
        assert no_reviewer.value.code == "reviewer-required"
        with pytest.raises(ReviewError, match="no vendor candidate 'Acme Vison'; close: ") as e:
            reject_candidate(session=s, name="Acme Vison", reviewer="alice", reason="r")
        assert e.value.code == "no-candidate" and ACME in str(e.value)
    assert naming(db, ACME)[0].claim_status == "candidate"
    with store.transaction() as s:
        reject_candidate(session=s, name=ACME, reviewer="alice", reason="not a company")
    for decide in (reject_candidate, confirm_candidate):
        with store.transaction() as s, pytest.raises(ReviewError, match="already rejected") as e:
            decide(session=s, name=ACME, reviewer="bob", reason="r")
        assert e.value.code == "already-decided"


def test_later_ingests_follow_each_decision(db: str, ingest: Ingest) -> None:
    ingest(
        Named(ACME_SAYS, ACME, vendor_country="ISR"),
        Named("Hik-Vision Co installed cameras.", "Hik-Vision Co"),
        Named("Ministry of Interior bought cameras.", "Ministry of Interior"),
    )
    store = Store(db)
    with store.transaction() as s:
        confirm_candidate(session=s, name=ACME, reviewer="alice", reason="a company")
        merge_candidate(
            session=s, name="Hik-Vision Co", into="hikvision", reviewer="alice", reason="same"
        )
        reject_candidate(session=s, name="Ministry of Interior", reviewer="alice", reason="buyer")
    with store.read() as s:
        before = s.scalar(select(func.count(VendorCandidateRow.id)))
    ingest(
        Named("acme vision ltd returned to Mombasa.", "acme vision ltd", country="KEN"),
        Named("HIK-VISION CO won again.", "HIK-VISION CO", country="UGA"),
        Named("Ministry of Interior ordered more.", "Ministry of Interior", country="TZA"),
    )
    acme, _ = vendor(db, "acme-vision-ltd")
    hikvision, _ = vendor(db, "hikvision")
    latest = {c.vendor_name_in_source: c for c in naming(db, "acme vision ltd")}
    assert (latest["acme vision ltd"].vendor_id, latest["acme vision ltd"].vendor_country) == (
        acme.id,
        "ISR",
    )
    assert naming(db, "HIK-VISION CO")[-1].vendor_id == hikvision.id
    ministry = naming(db, "Ministry of Interior")[-1]
    assert (ministry.vendor_id, ministry.claim_status) == (None, "candidate")
    with store.read() as s:
        assert s.scalar(select(func.count(VendorCandidateRow.id))) == before
        assert list_candidates(session=s) == []
        rejected = s.scalar(
            select(VendorCandidateRow.status).where(
                VendorCandidateRow.key == "ministry of interior"
            )
        )
    assert rejected == "rejected"

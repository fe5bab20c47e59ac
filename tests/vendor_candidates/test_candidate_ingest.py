"""Ingesting a claim that names a supplier no registry knows registers a vendor candidate, in the
same transaction; importers' claims (Carnegie, AidData) never do."""

from __future__ import annotations

from sqlalchemy import func, select

from survindex.domain import Claim, ClaimStatus, DeploymentStatus, Evidence, Origin, Technology
from survindex.review.vendor_candidates import confirm_candidate, list_candidates
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, VendorCandidateRow
from survindex.store.vendor_candidates import naming_claims

from .conftest import Ingest, Named

ACME = "Acme Vision Ltd"


def candidates(db: str) -> list[VendorCandidateRow]:
    with Store(db).read() as s:
        rows = list(s.scalars(select(VendorCandidateRow).order_by(VendorCandidateRow.id)))
        s.expunge_all()
        return rows


def test_a_new_name_becomes_one_candidate_whatever_its_capitals(db: str, ingest: Ingest) -> None:
    ingest(Named("Acme Vision Ltd installed cameras in Nairobi.", ACME, vendor_country="ISR"))
    ingest(Named("ACME  Vision LTD supplied the software.", "ACME  Vision LTD", country="UGA"))
    [row] = candidates(db)
    assert (row.name, row.key, row.status, row.home_country) == (
        ACME,
        "acme vision ltd",
        "new",
        "ISR",
    )
    assert row.vendor_id is None and row.decided_by is None and row.first_seen_at is not None
    with Store(db).read() as s:
        claims = list(
            s.scalars(
                select(ClaimRow)
                .where(ClaimRow.vendor_name_in_source.is_not(None))
                .where(ClaimRow.extractor.like("survindex%"))
            )
        )
        assert {c.vendor_name_in_source for c in claims} == {ACME, "ACME  Vision LTD"}
        assert all(c.vendor_id is None and c.claim_status == "candidate" for c in claims)
        [view] = list_candidates(session=s)
    assert (view.name, view.claims, view.pending) == (ACME, 2, 2)
    assert [q.quote for q in view.quotes] == [
        "Acme Vision Ltd installed cameras in Nairobi.",
        "ACME  Vision LTD supplied the software.",
    ]


def test_known_vendors_register_nothing(db: str, ingest: Ingest) -> None:
    ingest(Named("Huawei installed cameras in Nairobi.", vendor_slug="huawei"))
    assert candidates(db) == []


def test_a_document_that_fails_to_store_leaves_no_candidate(db: str, ingest: Ingest) -> None:
    """The candidate is registered in the document's own transaction: a later claim the
    database refuses (a city longer than its CHECK allows) takes it back with the document."""
    ingest(
        Named("Acme Vision Ltd installed cameras.", ACME),
        Named("Huawei built it.", vendor_slug="huawei", city="x" * 300),
        stored=False,
    )
    assert candidates(db) == []
    ingest(Named("Acme Vision Ltd installed cameras.", ACME))
    assert [row.name for row in candidates(db)] == [ACME]


def test_importers_claims_are_never_candidates(db: str, ingest: Ingest) -> None:
    """Carnegie's and AidData's claims carry a vendor_name_in_source (a cell, a contractors
    field) with no vendor: they are neither registered nor linked by a decision."""
    assert candidates(db) == []
    store = Store(db)
    with store.transaction() as s:
        source = repo.add_source(
            session=s, key="test:importers", kind="dataset", origin=Origin("Test", "Importers")
        )
        for extractor in ("carnegie-importer", "aiddata-review-queue"):
            repo.add_claim(
                session=s,
                claim=Claim(
                    country="KEN",
                    technology=Technology.SAFE_CITY,
                    evidence=Evidence("test:importers", locator="row 1"),
                    vendor_name_in_source=ACME,
                    status=DeploymentStatus.DEPLOYED,
                    claim_status=ClaimStatus.CANDIDATE,
                ),
                source_id=source.id,
                edition_id=None,
                vendor_id=None,
                extractor=extractor,
            )
    with store.read() as s:
        importers = s.scalars(
            select(ClaimRow.extractor).where(
                ClaimRow.id.in_(naming_claims().with_only_columns(ClaimRow.id))
            )
        ).all()
        assert importers == []  # the built index's AidData claims with contractors included
    assert candidates(db) == []
    ingest(Named("Acme Vision Ltd installed cameras.", ACME))
    with store.transaction() as s:
        [view] = list_candidates(session=s)
        assert view.claims == 1
        decision = confirm_candidate(session=s, name=ACME, reviewer="alice", reason="checked")
    assert len(decision.claim_ids) == 1
    with store.read() as s:
        unlinked = s.scalar(
            select(func.count(ClaimRow.id)).where(
                ClaimRow.extractor.in_(("carnegie-importer", "aiddata-review-queue")),
                ClaimRow.vendor_name_in_source == ACME,
                ClaimRow.vendor_id.is_(None),
            )
        )
    assert unlinked == 2


def test_an_aiddata_contractor_name_is_not_counted_with_a_candidate(
    db: str, ingest: Ingest
) -> None:
    with Store(db).read() as s:
        contractor = s.scalar(
            select(ClaimRow.vendor_name_in_source).where(
                ClaimRow.extractor == "aiddata-importer",
                ClaimRow.vendor_id.is_(None),
                ClaimRow.vendor_name_in_source.is_not(None),
            )
        )
    assert contractor
    ingest(Named(f"{contractor} built the platform.", contractor))
    with Store(db).read() as s:
        [view] = list_candidates(session=s)
    assert (view.name, view.claims) == (contractor, 1)

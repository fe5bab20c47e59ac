"""The same registration and decisions on SQLite and on PostgreSQL (a throwaway server)."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from pg_cluster import BACKEND_PARAMS, Databases
from survindex.domain import DeploymentStatus, Technology, Vendor
from survindex.ingest.extract import ExtractedClaim
from survindex.ingest.items import Prepared
from survindex.ingest.readers import Document
from survindex.ingest.writer import IngestProgress, Writer
from survindex.review.vendor_candidates import confirm_candidate, list_candidates
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, VendorCandidateRow
from survindex.store.vendor_candidates import _insert_new


def ingest(store: Store, *sentences: tuple[str, str]) -> None:
    text = " ".join(s for s, _ in sentences)
    claims = tuple(
        ExtractedClaim(
            doc="a.txt",
            vendor_slug=None,
            vendor_country=None,
            country="KEN",
            technology=Technology.SAFE_CITY,
            status=DeploymentStatus.DEPLOYED,
            quote=sentence,
            start=text.index(sentence),
            end=text.index(sentence) + len(sentence),
            vendor_new=name,
        )
        for sentence, name in sentences
    )
    sha = hashlib.sha256(text.encode()).hexdigest()
    document = Document("a.txt", text, "text", "test", sha)
    writer = Writer(store, state=IngestProgress(total=1))
    writer.handle(Prepared(path="a.txt", document=document, claims=claims))
    assert not writer.errors, writer.errors


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_register_confirm_and_follow(databases: Databases, backend: str) -> None:
    store = Store(databases.new(backend))
    store.migrate()
    with store.transaction() as s:
        repo.upsert_vendors(session=s, vendors=[Vendor("huawei", "Huawei", "CHN")])
    ingest(store, ("Acme Vision built it.", "Acme Vision"), ("ACME VISION ran it.", "ACME VISION"))
    with store.transaction() as s:  # a second insert of the same name is ignored, not an error
        _insert_new(s, "acme   vision", None, repo.now())
    with store.transaction() as s:
        [view] = list_candidates(session=s)
        assert (view.name, view.claims) == ("Acme Vision", 2)
        confirm_candidate(session=s, name="Acme Vision", reviewer="alice", reason="a company")
    ingest(store, ("Acme Vision came back.", "Acme Vision"))
    with store.read() as s:
        assert s.scalar(select(func.count(VendorCandidateRow.id))) == 1
        linked = s.scalars(select(ClaimRow.vendor_id).where(ClaimRow.extractor.is_not(None)))
        assert len(vendor_ids := set(linked)) == 1 and None not in vendor_ids

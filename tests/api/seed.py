"""A small database for API and browser tests: the full Carnegie index plus a few ingested claims,
one of them with a hostile quote, source title and link (to check escaping)."""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, select

from survindex.build import build_index
from survindex.domain import (
    Claim,
    ClaimStatus,
    DeploymentStatus,
    Evidence,
    Origin,
    Technology,
)
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DocumentRow, FinancingRow

HOSTILE_QUOTE = "<script>window.__pwned = 1</script> Huawei installed 1,800 cameras in Nairobi."
HOSTILE_TITLE = "Report <img src=x onerror=alert(1)>"
HOSTILE_URL = "javascript:alert(1)"
CANDIDATE_QUOTE = "Hikvision offered facial recognition cameras to the police of Belgrade."
REVIEWERS = {"alice": "alice-token-123"}


def seed_db(path: str) -> dict[str, int]:
    """Build the index at ``path`` and add the test claims; returns their ids."""
    store = Store(path)
    build_index(store)
    _empty_the_review_queue(store)
    text = "Intro sentence. " + HOSTILE_QUOTE + " " + CANDIDATE_QUOTE + " The end."
    ids: dict[str, int] = {}
    with store.transaction() as s:
        source = repo.add_source(
            session=s,
            key="test:hostile",
            kind="document",
            origin=Origin(producer="Test <b>Producer</b>", title=HOSTILE_TITLE, url=HOSTILE_URL),
        )
        s.add(
            DocumentRow(
                source_id=source.id,
                text=text,
                text_sha256=hashlib.sha256(text.encode()).hexdigest(),
                reader="txt",
                reader_version="1",
                normalisation="none",
            )
        )
        vendors = repo.vendor_ids(session=s)
        start = text.index(HOSTILE_QUOTE)
        accepted = repo.add_claim(
            session=s,
            claim=Claim(
                country="KEN",
                technology=Technology.FACIAL_RECOGNITION,
                evidence=Evidence("test:hostile", HOSTILE_QUOTE, start, start + len(HOSTILE_QUOTE)),
                vendor_slug="huawei",
                city="Nairobi",
                confidence=0.9,
                claim_status=ClaimStatus.ACCEPTED,
            ),
            source_id=source.id,
            edition_id=None,
            vendor_id=vendors["huawei"],
        )
        start = text.index(CANDIDATE_QUOTE)
        candidate = repo.add_claim(
            session=s,
            claim=Claim(
                country="SRB",
                technology=Technology.FACIAL_RECOGNITION,
                evidence=Evidence(
                    "test:hostile", CANDIDATE_QUOTE, start, start + len(CANDIDATE_QUOTE)
                ),
                vendor_slug="hikvision",
                city="Belgrade",
                status=DeploymentStatus.PROPOSED,
                confidence=0.8,
                claim_status=ClaimStatus.CANDIDATE,
            ),
            source_id=source.id,
            edition_id=None,
            vendor_id=vendors["hikvision"],
        )
        ids = {"source": source.id, "accepted": accepted.id, "candidate": candidate.id}
    store.engine.dispose()
    return ids


def _empty_the_review_queue(store: Store) -> None:
    """`survindex init` queues 11 AidData records for review ("excluded (uncertain)"); these
    tests are written for a queue that holds only the candidate added here."""
    queued = select(ClaimRow.id).where(ClaimRow.claim_status == ClaimStatus.CANDIDATE.value)
    with store.transaction() as s:
        s.execute(delete(FinancingRow).where(FinancingRow.claim_id.in_(queued)))
        s.execute(delete(ClaimRow).where(ClaimRow.claim_status == ClaimStatus.CANDIDATE.value))

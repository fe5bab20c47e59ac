"""Helpers of the backend tests: a candidate claim to decide, and what `live` says."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from survindex.analysis.editions import findings_for
from survindex.domain import Claim, DeploymentStatus, Evidence, Origin, Technology
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DocumentRow, EditionRow

TEXT = (
    "Background paragraph about procurement in the region. "
    "Officials said Huawei installed a lawful interception platform for the Tanzanian police. "
    "The opposition criticised the deal."
)
QUOTE = "Officials said Huawei installed a lawful interception platform for the Tanzanian police."
INTERCEPTION = "technology.communications_interception"
SOCIAL = "technology.social_media_surveillance"


def add_candidate(db: str) -> int:
    """Store a document holding TEXT and one candidate claim quoting it; returns the claim id."""
    store = Store(db)
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    start = TEXT.index(QUOTE)
    with store.transaction() as session:
        source = repo.add_source(
            session=session,
            key=f"doc:{sha}",
            kind="document",
            origin=Origin(producer="Test Wire", title="A test article", sha256=sha),
        )
        session.add(
            DocumentRow(
                source_id=source.id,
                path="a.txt",
                text=TEXT,
                text_sha256=sha,
                reader="txt",
                reader_version="1",
                normalisation="nfc",
            )
        )
        row = repo.add_claim(
            session=session,
            claim=Claim(
                country="TZA",
                technology=Technology.COMMUNICATIONS_INTERCEPTION,
                evidence=Evidence(f"doc:{sha}", QUOTE, start, start + len(QUOTE)),
                vendor_slug="huawei",
                vendor_country="CHN",
                status=DeploymentStatus.DEPLOYED,
                confidence=0.9,
            ),
            source_id=source.id,
            edition_id=None,
            vendor_id=repo.vendor_ids(session=session)["huawei"],
            extractor="test/1",
        )
        claim_id = row.id
    store.engine.dispose()
    return claim_id


def carnegie_claim(db: str, country: str, technology: str, edition: str = "aigs-2022") -> int:
    """The id of a fixed edition's claim about ``country`` and ``technology``."""
    store = Store(db)
    with store.read() as session:
        found = session.scalar(
            select(ClaimRow.id)
            .join(EditionRow, EditionRow.id == ClaimRow.edition_id)
            .where(
                EditionRow.slug == edition,
                ClaimRow.country == country,
                ClaimRow.technology == technology,
            )
            .order_by(ClaimRow.id)
        )
    store.engine.dispose()
    assert found is not None
    return found


def finding(db: str, finding_id: str, edition: str = "live") -> tuple[object, tuple[str, ...]]:
    """(value, countries) of one finding of ``edition``."""
    store = Store(db)
    with store.read() as session:
        found = next(f for f in findings_for(session=session, slug=edition) if f.id == finding_id)
    store.engine.dispose()
    return found.value, tuple(found.countries)

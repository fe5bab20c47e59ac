"""A writable copy of the built index with a few ingested documents and candidate claims."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from index_copies import copy_with_empty_queue
from survindex.domain import Claim, DeploymentStatus, Evidence, Origin, Technology
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import DocumentRow

TEXT = (
    "Background paragraph about procurement in the region. "
    "Officials said Huawei installed a lawful interception platform for the Tanzanian police. "
    "The opposition criticised the deal."
)
QUOTE = "Officials said Huawei installed a lawful interception platform for the Tanzanian police."


@pytest.fixture()
def review_db(built_db: str, tmp_path: Path) -> str:
    """A copy made with SQLite's backup API, so that pages still in the WAL file come along."""
    return copy_with_empty_queue(built_db, tmp_path / "review.db")


AddCandidate = Callable[..., int]


@pytest.fixture()
def add_candidate(review_db: str) -> AddCandidate:
    """Store a document holding TEXT and one candidate claim about it; returns the claim id."""

    def add(
        country: str = "TZA",
        technology: Technology = Technology.COMMUNICATIONS_INTERCEPTION,
        vendor: str | None = "huawei",
        text: str = TEXT,
        quote: str = QUOTE,
    ) -> int:
        store = Store(review_db)
        sha = hashlib.sha256(text.encode()).hexdigest()
        start = text.index(quote)
        with store.transaction() as session:
            source = repo.add_source(
                session=session,
                key=f"doc:{sha}",
                kind="document",
                origin=Origin(producer="Test Wire", title="A test article", sha256=sha),
            )
            known = select(DocumentRow.id).where(DocumentRow.source_id == source.id)
            if session.scalar(known) is None:
                session.add(
                    DocumentRow(
                        source_id=source.id,
                        path="a.txt",
                        text=text,
                        text_sha256=sha,
                        reader="txt",
                        reader_version="1",
                        normalisation="nfc",
                    )
                )
            claim = Claim(
                country=country,
                technology=technology,
                evidence=Evidence(f"doc:{sha}", quote, start, start + len(quote)),
                vendor_slug=vendor,
                vendor_country="CHN",
                status=DeploymentStatus.DEPLOYED,
                confidence=0.9,
            )
            vendor_id = repo.vendor_ids(session=session).get(vendor) if vendor else None
            row = repo.add_claim(
                session=session,
                claim=claim,
                source_id=source.id,
                edition_id=None,
                vendor_id=vendor_id,
                extractor="test/1",
            )
            return row.id

    return add

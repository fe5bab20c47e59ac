"""Copies of the built index with document claims added, for the search and feed tests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from survindex.domain import Claim, ClaimStatus, DeploymentStatus, Evidence, Origin, Technology
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import DocumentRow

HUAWEI_BELGRADE = (
    "Huawei has installed 1,000 facial recognition cameras in Belgrade for the Serbian police, "
    "under the Safe City agreement signed in 2019."
)
#: Markup, a stray snippet marker and control characters: none may reach a page or a feed as such.
HOSTILE_QUOTE = (
    "<script>alert(1)</script> Dahua cameras \ue000watch\ue001 Tirana & more\x0b\x01 today."
)
HOSTILE_TITLE = "Report <img src=x onerror=alert(1)> on Tirana"


def copy_index(built_db: str, target: Path) -> str:
    """A private copy of the session's built index (which tests must not write)."""
    with sqlite3.connect(built_db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return str(target)


def add_document_claim(
    store: Store,
    *,
    quote: str,
    country: str,
    technology: Technology,
    vendor: str | None,
    city: str | None = None,
    title: str | None = None,
    url: str | None = "https://news.example.org/story",
    status: ClaimStatus = ClaimStatus.CANDIDATE,
) -> tuple[int, int]:
    """Store a source whose text is the quote, and a claim on it; returns (claim id, source id)."""
    sha = hashlib.sha256(quote.encode()).hexdigest()
    key = f"doc:{sha}"
    with store.transaction() as session:
        source = repo.add_source(
            session=session,
            key=key,
            kind="document",
            origin=Origin(producer="Test Wire", title=title or quote[:60], url=url, sha256=sha),
        )
        session.add(
            DocumentRow(
                source_id=source.id,
                text=quote,
                text_sha256=sha,
                reader="txt",
                reader_version="1",
                normalisation="none",
            )
        )
        claim = Claim(
            country=country,
            technology=technology,
            evidence=Evidence(key, quote, 0, len(quote)),
            vendor_slug=vendor,
            vendor_name_in_source=vendor.title() if vendor else None,
            vendor_country="CHN",
            city=city,
            status=DeploymentStatus.DEPLOYED,
            claim_status=status,
        )
        vendor_id = repo.vendor_ids(session=session).get(vendor or "")
        row = repo.add_claim(
            session=session, claim=claim, source_id=source.id, edition_id=None, vendor_id=vendor_id
        )
        return row.id, source.id

"""A writable copy of the built index, and a way to ingest a text through the ingest writer
with claims made by hand, so that these tests do not depend on what the extractor finds."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from index_copies import copy_with_empty_queue
from survindex.domain import DeploymentStatus, Technology
from survindex.ingest.extract import ExtractedClaim
from survindex.ingest.items import Prepared
from survindex.ingest.readers import Document
from survindex.ingest.writer import IngestProgress, Writer
from survindex.store.database import Store


@pytest.fixture()
def db(built_db: str, tmp_path: Path) -> str:
    """A copy of the built index (SQLite's backup API, so the WAL comes along), with the review
    queue emptied, so that the claims a test adds are the queue."""
    return copy_with_empty_queue(built_db, tmp_path / "vendors.db")


@dataclass(frozen=True)
class Named:
    """One claim to ingest: the sentence, and who supplied what to whom."""

    sentence: str
    vendor_new: str | None = None
    vendor_slug: str | None = None
    country: str = "KEN"
    vendor_country: str | None = None
    technology: Technology = Technology.FACIAL_RECOGNITION
    city: str | None = None


Ingest = Callable[..., int]


@pytest.fixture()
def ingest(db: str) -> Ingest:
    """Store one text holding the sentences, with one claim each, through the ingest writer
    (the path `survindex ingest` takes); returns how many claims were stored. ``stored=False``
    expects the writer to refuse the document."""
    counter = iter(range(1_000_000))

    def run(*named: Named, stored: bool = True) -> int:
        text = f"Report {next(counter)}. " + " ".join(n.sentence for n in named) + " The end."
        path = f"story-{hashlib.sha256(text.encode()).hexdigest()[:8]}.txt"
        claims = []
        for n in named:
            start = text.index(n.sentence)
            claims.append(
                ExtractedClaim(
                    doc=path,
                    vendor_slug=n.vendor_slug,
                    vendor_country=n.vendor_country,
                    country=n.country,
                    technology=n.technology,
                    status=DeploymentStatus.DEPLOYED,
                    quote=n.sentence,
                    start=start,
                    end=start + len(n.sentence),
                    city=n.city,
                    vendor_new=n.vendor_new,
                )
            )
        document = Document(
            path=path,
            text=text,
            reader="text",
            reader_version="test",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            title="A test story",
        )
        state = IngestProgress(total=1)
        writer = Writer(Store(db), state=state)
        writer.handle(Prepared(path=path, document=document, claims=tuple(claims)))
        assert (not writer.errors, state.stored) == (stored, int(stored)), writer.errors
        return state.claims

    return run

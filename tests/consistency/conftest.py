"""A copy of the built index with two reviewed article claims: one deployed, one only proposed."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from survindex.domain import Claim, DeploymentStatus, Evidence, Origin, Technology
from survindex.review.workflow import accept_claim
from survindex.store import repository as repo
from survindex.store.database import Store

DEPLOYED = "Hikvision installed facial recognition cameras for the police of Reykjavik, Iceland."
PROPOSED = "Huawei offered Ethiopia a safe city system for Addis Ababa; no contract was signed."


def _accepted_claim(store: Store, quote: str, claim: Claim) -> None:
    sha = hashlib.sha256(quote.encode()).hexdigest()
    with store.transaction() as session:
        source = repo.add_source(
            session=session,
            key=f"doc:{sha}",
            kind="document",
            origin=Origin(producer="Test Wire", title=quote[:40], sha256=sha),
        )
        vendor_id = repo.vendor_ids(session=session).get(claim.vendor_slug or "")
        row = repo.add_claim(
            session=session, claim=claim, source_id=source.id, edition_id=None, vendor_id=vendor_id
        )
        session.flush()
        accept_claim(session=session, claim_id=row.id, reviewer="tester", reason="checked")


@pytest.fixture(scope="session")
def proposed_country() -> str:
    return "ETH"


@pytest.fixture(scope="session")
def seeded_truth_db(built_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("truth") / "truth.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    store = Store(str(path))
    for quote, country, technology, vendor, status in (
        (DEPLOYED, "ISL", Technology.FACIAL_RECOGNITION, "hikvision", DeploymentStatus.DEPLOYED),
        (PROPOSED, "ETH", Technology.SAFE_CITY, "huawei", DeploymentStatus.PROPOSED),
    ):
        _accepted_claim(
            store,
            quote,
            Claim(
                country=country,
                technology=technology,
                evidence=Evidence(
                    f"doc:{hashlib.sha256(quote.encode()).hexdigest()}", quote, 0, len(quote)
                ),
                vendor_slug=vendor,
                vendor_country="CHN",
                status=status,
            ),
        )
    return str(path)

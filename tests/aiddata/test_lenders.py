"""The lender registry: every name resolves to one lender, the way AidData writes it."""

from __future__ import annotations

import pytest

from survindex.domain import LenderKind
from survindex.ingest.aiddata_records import lender_from_title
from survindex.ingest.aiddata_review import bundled_review
from survindex.reference.countries import UnknownName
from survindex.reference.lenders import lender_registry, resolve_lender


def test_every_alias_resolves_to_its_own_lender() -> None:
    for lender in lender_registry().values():
        for name in (lender.name, lender.slug, *lender.aliases):
            assert resolve_lender(name).slug == lender.slug, name
        assert lender.country == "CHN" and lender.state_owned
        assert isinstance(lender.kind, LenderKind)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("China Eximbank provides $8.36 million loan for Safe City Project", "china-eximbank"),
        ("CDB provides $240 million loan to set up security service ECU 911", "cdb"),
        (
            "China Donates $4.5 Million USD to Install 500 Surveillance Cameras",
            "chinese-government",
        ),
        ("Embassy of China in Myanmar donates police bicycles", "chinese-embassy"),
        ("[Sino-Congolese Programme] China Eximbank provides loan", "china-eximbank"),
        ("MOFCOM provides RMB 30 million interest-free loan for CCTV", "mofcom"),
    ],
)
def test_the_funder_is_read_from_aiddata_titles(title: str, slug: str) -> None:
    lender, _ = lender_from_title(title)
    assert lender is not None and lender.slug == slug


def test_a_state_enterprise_is_not_mistaken_for_the_government() -> None:
    lender, phrase = lender_from_title("China National Petroleum Corporation provides a loan")
    assert lender is None and phrase == "China National Petroleum Corporation"


def test_every_funding_agency_of_the_kept_records_is_in_the_registry() -> None:
    for reviewed in bundled_review().kept:
        assert reviewed.funding_agencies, reviewed.record_id
        resolve_lender(reviewed.funding_agencies)


def test_an_unknown_lender_suggests_close_names() -> None:
    with pytest.raises(UnknownName, match="did you mean Bank of China"):
        resolve_lender("Bank of Chna")

"""Names resolve forgivingly (case, accents, spacing, aliases, corporate suffixes)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survindex.domain import Vendor
from survindex.reference._tables import read_table
from survindex.reference.countries import (
    AmbiguousName,
    UnknownName,
    all_countries,
    ambiguous_country_names,
    resolve_country_code,
)
from survindex.reference.names import normalise
from survindex.reference.vendors import find_vendor, resolve_vendor, vendor_registry

COUNTRIES = sorted(all_countries().values(), key=lambda c: c.iso3)
ALIASES = read_table("country_aliases.csv")
VENDORS = sorted(vendor_registry().values(), key=lambda v: v.slug)


def _scramble_case(draw: st.DrawFn, text: str) -> str:
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(ch.upper() if flip else ch.lower() for ch, flip in zip(text, flips, strict=True))


@st.composite
def country_spellings(draw: st.DrawFn) -> tuple[str, str]:
    country = draw(st.sampled_from(COUNTRIES))
    name = draw(
        st.sampled_from([n for n in (country.name, country.official_name, country.iso3) if n])
    )
    padded = (
        draw(st.sampled_from(["", " ", "  "]))
        + _scramble_case(draw, name)
        + draw(st.sampled_from(["", " ", "\t"]))
    )
    return padded, country.iso3


@given(country_spellings())
@settings(max_examples=300)
def test_every_country_name_resolves_whatever_its_case_and_padding(case: tuple[str, str]) -> None:
    spelling, iso3 = case
    if normalise(spelling) in ambiguous_country_names():  # "Congo" is also the ISO name of COG
        with pytest.raises(AmbiguousName) as asked:
            resolve_country_code(spelling)
        assert iso3 in [code for code, _ in asked.value.candidates]
    else:
        assert resolve_country_code(spelling) == iso3


@given(st.sampled_from(ALIASES))
def test_every_curated_alias_resolves(row: dict[str, str]) -> None:
    assert resolve_country_code(row["alias"]) == row["iso3"]


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("south korea", "KOR"),
        ("Côte d'Ivoire", "CIV"),
        ("Turkiye", "TUR"),
        ("UAE", "ARE"),
        ("Kosovo", "XKX"),
        ("ken", "KEN"),
        ("KE", "KEN"),
    ],
)
def test_forgiving_country_examples(name: str, iso3: str) -> None:
    assert resolve_country_code(name) == iso3


@st.composite
def vendor_spellings(draw: st.DrawFn) -> tuple[str, str]:
    vendor = draw(st.sampled_from(VENDORS))
    name = draw(st.sampled_from([vendor.name, *vendor.aliases, *vendor.misspellings]))
    suffix = draw(st.sampled_from(["", " Co. Ltd", " Inc.", ", Ltd", " Corporation", " LLC"]))
    return _scramble_case(draw, name) + suffix, vendor.slug


@given(vendor_spellings())
@settings(max_examples=300)
def test_vendor_names_resolve_with_any_case_and_legal_suffix(case: tuple[str, str]) -> None:
    spelling, slug = case
    assert resolve_vendor(spelling).slug == slug


def test_unknown_names_suggest_close_matches() -> None:
    with pytest.raises(UnknownName) as country:
        resolve_country_code("Germny")
    assert "Germany" in country.value.suggestions
    with pytest.raises(UnknownName) as vendor:
        resolve_vendor("Hikvison")
    assert "Hikvision" in str(vendor.value)


@given(st.text(max_size=30))
def test_resolver_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        resolve_country_code(text)
    except AmbiguousName as exc:
        assert str(exc).startswith("ambiguous country name")
    except UnknownName as exc:
        assert "unknown country" in str(exc)


@pytest.mark.parametrize(
    ("name", "listed"),
    [
        ("Korea", "South Korea (KOR), North Korea (PRK)"),
        ("congo", "Republic of the Congo (COG), Democratic Republic of the Congo (COD)"),
        (" the CONGO ", "Republic of the Congo (COG), Democratic Republic of the Congo (COD)"),
    ],
)
def test_ambiguous_country_names_list_the_candidates(name: str, listed: str) -> None:
    with pytest.raises(AmbiguousName) as asked:
        resolve_country_code(name)
    assert str(asked.value) == (
        f"ambiguous country name {name!r}: {listed}; use one of these names or codes"
    )
    assert isinstance(asked.value, UnknownName)  # existing 404 and CLI handlers still apply


def test_every_name_offered_for_an_ambiguous_name_resolves_on_its_own() -> None:
    for candidates in ambiguous_country_names().values():
        assert len(candidates) > 1
        for iso3, label in candidates:
            assert resolve_country_code(label) == iso3
            assert resolve_country_code(iso3) == iso3


def test_a_vendor_name_shared_by_two_vendors_is_ambiguous() -> None:
    vendors = {
        "acme-systems": Vendor("acme-systems", "Acme Systems", aliases=("Acme",)),
        "acme-vision": Vendor("acme-vision", "Acme Vision", aliases=("ACME",)),
        "acme-holdings": Vendor("acme-holdings", "Acme Holdings"),
    }
    with pytest.raises(AmbiguousName) as asked:
        find_vendor("acme", vendors)
    assert str(asked.value) == (
        "ambiguous vendor name 'acme': Acme Systems (acme-systems), Acme Vision (acme-vision); "
        "use one of these names or codes"
    )
    # A name as written wins over one that only matches without its legal-form words.
    assert find_vendor("Acme Systems", vendors).slug == "acme-systems"
    assert find_vendor("acme vision ltd", vendors).slug == "acme-vision"
    assert find_vendor("Acme Holdings", vendors).slug == "acme-holdings"


def test_the_registry_has_no_ambiguous_vendor_names() -> None:
    for vendor in VENDORS:
        for name in (vendor.name, *vendor.aliases, *vendor.misspellings):
            assert resolve_vendor(name).slug == vendor.slug

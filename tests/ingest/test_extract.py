"""Extraction rules: relations a careful reader would agree with, and exact evidence offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survindex.domain.vocab import DeploymentStatus, FinancingType, Technology
from survindex.ingest.extract import claim_to_json, extract_claims, to_domain
from survindex.ingest.gazetteer import scan


def triples(text: str) -> set[tuple[str | None, str | None, str]]:
    return {(c.vendor_name, c.vendor_country, c.country) for c in extract_claims(text, "t")}


def test_json_shape_follows_the_contract() -> None:
    text = "Huawei installed CCTV cameras in Nairobi under a $50 million loan from China Exim Bank."
    (claim,) = extract_claims(text, "doc.txt")
    row = claim_to_json(claim)
    assert list(row) == [
        "doc", "vendor", "vendor_country", "country", "city", "technology", "status",
        "financing", "confidence", "evidence",
    ]  # fmt: skip
    assert row["vendor"] == "Huawei" and row["vendor_country"] == "CHN"
    assert row["country"] == "KEN" and row["city"] == "Nairobi"
    assert row["financing"] == {
        "type": "loan",
        "lender": "Export-Import Bank of China",
        "amount_usd": 50e6,
        "year": None,
    }
    evidence = row["evidence"]
    assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert to_domain(claim).vendor_slug == "huawei"


def test_gazetteer_prefers_longest_whole_word_matches() -> None:
    found = [(m.kind, m.value) for m in scan("A woman from Papua New Guinea met NEC staff.")]
    assert found == [("country", "PNG"), ("vendor", "nec")]
    assert scan("necessary connections") == []


def test_list_of_countries_gives_one_claim_each() -> None:
    text = "ZTE has installed safe city systems in Kenya, Uganda and Zambia."
    assert {t[2] for t in triples(text)} == {"KEN", "UGA", "ZMB"}


def test_supplier_country_only() -> None:
    claims = extract_claims("Chinese companies offered facial recognition to Zimbabwe.", "t")
    assert [(c.vendor_slug, c.vendor_country, c.country, c.status) for c in claims] == [
        (None, "CHN", "ZWE", DeploymentStatus.PROPOSED)
    ]


def test_vendor_home_summit_and_think_tank_are_not_recipients() -> None:
    text = (
        "At a summit in Beijing, Chinese firm Huawei pitched its safe city platform to Kenya, "
        "according to a Washington-based think tank."
    )
    assert triples(text) == {("Huawei", "CHN", "KEN")}


def test_phones_and_earnings_make_no_claims() -> None:
    assert triples("Huawei sells phones in Germany and reported earnings in France.") == set()


def test_aggregate_statement_is_not_a_country_claim() -> None:
    assert triples("Huawei supplies safe city systems to fifty countries.") == set()


def test_negated_and_speculative_statements_make_no_claims() -> None:
    assert triples("Mauritius has not signed a safe city deal with Huawei.") == set()
    assert triples("Huawei may have helped Zambia intercept messages.") == set()


def test_coreference_across_sentences() -> None:
    text = (
        "Huawei has worked in Kenya for years. Last year the Chinese firm won a contract "
        "to add facial recognition to cameras in Mombasa. The system was paid for with a "
        "concessional loan."
    )
    (claim,) = extract_claims(text, "t")
    assert claim.vendor_slug == "huawei"
    assert claim.country == "KEN" and claim.city == "Mombasa"
    assert claim.technology == Technology.FACIAL_RECOGNITION
    assert claim.status == DeploymentStatus.CONTRACTED
    assert claim.financing is not None and claim.financing.type == FinancingType.SOFT_LOAN


def test_domestic_deployment_needs_an_explicit_location() -> None:
    assert triples("Police in Xinjiang use Hikvision cameras.") == {("Hikvision", "CHN", "CHN")}
    assert triples("Hikvision, a Chinese company, sold cameras to Kenya.") == {
        ("Hikvision", "CHN", "KEN")
    }


def test_furniture_makes_no_claims() -> None:
    text = (
        "The ministry said nothing new.\n\n"
        "Recommended stories\n"
        "Uganda signs CCTV deal with Huawei\n"
        "Zimbabwe to deploy CloudWalk facial recognition\n\n"
        "Sign up for our newsletter: Huawei cameras in Kenya and more.\n"
        "Photo: Dahua cameras installed in Kyrgyzstan. Getty Images\n"
        "We use cookies: Hikvision cameras in Serbia.\n"
    )
    assert extract_claims(text, "t") == []


SENTENCE = "Huawei installed safe city cameras in Nairobi, Kenya."


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_offsets_index_the_text_for_any_surrounding_text(prefix: str, suffix: str) -> None:
    text = prefix + "\n\n" + SENTENCE + "\n\n" + suffix
    claims = extract_claims(text, "t")
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote
    assert any(c.quote == SENTENCE for c in claims)


def status_by_country(text: str) -> dict[str, str]:
    return {c.country: c.status.value for c in extract_claims(text, "t")}


def test_status_is_read_per_clause() -> None:
    text = (
        "ZTE has rolled out a police cloud platform in Bolivia and is negotiating a similar "
        "smart policing deal with Ecuador, company documents show."
    )
    assert status_by_country(text) == {"BOL": "deployed", "ECU": "proposed"}


def test_talks_are_proposals_and_purchases_are_deployments() -> None:
    text = "Officials in Ghana have held talks with SenseTime about facial recognition."
    assert status_by_country(text) == {"GHA": "proposed"}
    assert status_by_country("Morocco bought a video surveillance system from Huawei.") == {
        "MAR": "deployed"
    }
    text = "Lahore will add 3,000 cameras supplied by Hikvision."
    assert status_by_country(text) == {"PAK": "proposed"}


def test_financing_amounts_and_year() -> None:
    cases = {
        "signed a $40 million contract with ZTE in 2019 financed by a loan": (40e6, 2019),
        "signed a deal with ZTE in 2019, financed with a US$30m loan": (30e6, 2019),
        "signed a deal with ZTE worth USD 1.2bn, financed by a loan": (1.2e9, None),
        "signed a deal with ZTE in 2019 financed by a 500 million yuan loan": (None, 2019),
        "signed a deal with ZTE in 2016 after the government secured a $9m loan": (9e6, None),
    }
    for clause, (amount, year) in cases.items():
        (claim,) = extract_claims(f"Kenya {clause} for safe city cameras in Nairobi.", "t")
        assert claim.financing is not None, clause
        assert (claim.financing.amount_usd, claim.financing.year) == (amount, year), clause


def test_currency_code_is_not_a_country() -> None:
    assert [m.kind for m in scan("a US$30m loan")] == ["finance"]


def test_the_company_refers_to_the_first_supplier_named() -> None:
    text = (
        "Hikvision cameras are sold in 150 countries, and Cisco routers carry police traffic. "
        "The company said its safe city projects in Bolivia and Uruguay were completed."
    )
    assert triples(text) == {("Hikvision", "CHN", "BOL"), ("Hikvision", "CHN", "URY")}


def test_clause_without_a_place_borrows_the_sentence_recipient() -> None:
    text = (
        "Punjab officials said they would add cameras in Lahore supplied by Hikvision, after "
        "the first phase of the safe city project, built by Huawei, was completed."
    )
    assert status_by_country(text) == {"PAK": "deployed"}  # merged: Huawei's is deployed
    statuses = {c.vendor_name: c.status.value for c in extract_claims(text, "t")}
    assert statuses == {"Hikvision": "proposed", "Huawei": "deployed"}


def test_state_operator_is_a_buyer_and_company_premises_are_not_recipients() -> None:
    text = "Iran's state telecom company bought a deep packet inspection system from ZTE."
    assert triples(text) == {("ZTE", "CHN", "IRN")}
    text = (
        "CloudWalk agreed to build a facial recognition database for Zimbabwe and stores the "
        "data at the company's laboratories in Guangzhou."
    )
    assert triples(text) == {("CloudWalk", "CHN", "ZWE")}


def test_unnamed_source_is_not_a_negation() -> None:
    text = (
        "Saudi Arabia signed an agreement with a Chinese firm to monitor social media; "
        "the firm was not named."
    )
    assert triples(text) == {(None, "CHN", "SAU")}


def test_town_in_apposition_is_the_city_as_written() -> None:
    text = "In 2017 Huawei donated CCTV cameras to Valenciennes, a town in northern France."
    (claim,) = extract_claims(text, "t")
    assert (claim.country, claim.city) == ("FRA", "Valenciennes")
    assert claim.financing is not None and claim.financing.year == 2017
    assert claim.city in claim.quote


def test_markdown_offsets_are_exact() -> None:
    text = "# Cameras\n\nKenya's **police** use *Huawei* `CCTV` in [Nairobi](http://x.org).\n"
    (claim,) = extract_claims(text, "n.md")
    assert text[claim.start : claim.end] == claim.quote
    assert claim.city == "Nairobi"


def test_extract_modules_import_no_private_names_from_each_other() -> None:
    """Modules of the extractor use each other's public names only (no ``_helper`` imports)."""
    import ast
    from pathlib import Path

    import survindex.ingest.extract as package

    for path in Path(package.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("survindex"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, (path.name, node.module, private)

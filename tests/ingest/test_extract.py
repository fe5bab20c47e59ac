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


def test_currencies_languages_and_datelines_in_capitals_are_not_places() -> None:
    def countries(text: str) -> list[str]:
        return [m.value for m in scan(text) if m.kind == "country"]

    assert countries("thirteen million United States dollars") == []
    assert countries("from the Spanish original, a Russian-language channel") == []
    assert countries("PORT OF SPAIN, Oct 3 (Wire) - The ministry") == []
    assert countries("SHANGHAI/SINGAPORE - Hikvision reported") == []
    # a heading all in capitals says where a document is from
    assert countries("REPUBLIC OF PANAMA\nJUDICIAL BRANCH") == ["PAN"]
    assert countries("FIRST DISTRICT COURT, MEXICO CITY\nCase 12") == ["MEX"]
    assert countries("a Haitian, a Panamanian and a Costa Rican firm") == ["HTI", "PAN", "CRI"]


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


def test_questions_assert_nothing() -> None:
    text = "Has the council signed any contract with Hikvision for CCTV cameras in Lusaka, Zambia?"
    assert extract_claims(text, "t") == []


def test_agency_named_without_a_place_takes_the_country_just_named() -> None:
    text = (
        "Malawi's police confirmed the purchase last year. "
        "Police now operate a facial recognition system supplied by NEC."
    )
    assert triples(text) == {("NEC", "JPN", "MWI")}
    ambiguous = (
        "Kenya's and Uganda's police chiefs met last week. "
        "Police now operate a facial recognition system supplied by NEC."
    )
    assert ("NEC", "JPN", "KEN") not in triples(ambiguous)
    assert ("NEC", "JPN", "UGA") not in triples(ambiguous)
    acronym = (
        "Ghana's Cyber Security Authority (CSA) signed a contract for lawful interception in "
        "2020. The CSA has since been using monitoring software from Trovicor."
    )
    claims = [c for c in extract_claims(acronym, "t") if c.vendor_slug == "trovicor"]
    assert [(c.country, c.technology) for c in claims] == [
        ("GHA", Technology.COMMUNICATIONS_INTERCEPTION)
    ]


def test_customer_and_maker_complete_a_deployment_told_over_two_sentences() -> None:
    customer = (
        "The researchers found the spyware sold by Candiru on the phones of two activists. "
        "They concluded that a Saudi government agency is a customer and operated it."
    )
    assert triples(customer) == {("Candiru", "ISR", "SAU")}
    maker = (
        "Peruvian police have started using handheld devices that scan faces at checkpoints. "
        "The devices were developed by NEC under a 2021 contract."
    )
    (claim,) = extract_claims(maker, "t")
    assert (claim.country, claim.technology, claim.status) == (
        "PER",
        Technology.FACIAL_RECOGNITION,
        DeploymentStatus.DEPLOYED,
    )
    assert maker[claim.start : claim.end] == claim.quote


def test_award_notice_fields_make_one_claim() -> None:
    text = (
        "AWARD NOTICE\n\n"
        "Buyer: National Police of Colombia\n"
        "Object: CCTV cameras and a command centre for Bogotá\n"
        "Awarded to: Hikvision Digital Technology\n"
        "Value: USD 3.1 million\n"
        "Date: 4 May 2021\n"
    )
    (claim,) = extract_claims(text, "t")
    assert (claim.vendor_slug, claim.country, claim.city, claim.status) == (
        "hikvision",
        "COL",
        "Bogotá",
        DeploymentStatus.CONTRACTED,
    )
    assert claim.financing is None or claim.financing.amount_usd == 3.1e6
    assert text[claim.start : claim.end] == claim.quote


def test_financing_in_the_next_sentence_and_paid_from_a_budget() -> None:
    text = (
        "Huawei installed safe city cameras in Lusaka, Zambia. "
        "It was financed with a $20 million loan from China Exim Bank agreed in 2017."
    )
    (claim,) = extract_claims(text, "t")
    assert claim.financing is not None
    assert (claim.financing.type, claim.financing.amount_usd, claim.financing.year) == (
        FinancingType.LOAN,
        20e6,
        2017,
    )
    budget = "Dahua installed CCTV cameras in Lima, Peru, paid from the city's own budget."
    (claim,) = extract_claims(budget, "t")
    assert claim.financing is not None and claim.financing.type == FinancingType.COMMERCIAL
    cuts = "Dahua installed CCTV cameras in Lima, Peru, in 2019, citing budget cuts elsewhere."
    assert extract_claims(cuts, "t")[0].financing is None


def test_reported_clauses_keep_their_own_status_and_city() -> None:
    text = (
        "NEC said it had signed a contract with Chile's interior ministry for face recognition "
        "in Santiago, and that it was in talks with Peru about a similar system for Lima."
    )
    got = {(c.country, c.city, c.status) for c in extract_claims(text, "t")}
    assert got == {
        ("CHL", "Santiago", DeploymentStatus.CONTRACTED),
        ("PER", "Lima", DeploymentStatus.PROPOSED),
    }


def test_go_betweens_and_speakers_are_not_recipients_or_cities() -> None:
    text = (
        "Ghana's police bought IMSI catchers from Septier through a broker in Cyprus, "
        "according to officials in Accra."
    )
    assert {(c.country, c.city) for c in extract_claims(text, "t")} == {("GHA", None)}


def test_face_matching_verbs_are_facial_recognition() -> None:
    text = "Ekin supplied cameras that recognise faces to the police in Tbilisi, Georgia."
    assert {c.technology for c in extract_claims(text, "t")} == {Technology.FACIAL_RECOGNITION}
    text = "Police in Lima use a Hikvision platform to identify people from street cameras."
    assert {c.technology for c in extract_claims(text, "t")} == {Technology.FACIAL_RECOGNITION}


def test_an_ended_deployment_is_still_a_deployment() -> None:
    ended = "Quito police used Hikvision CCTV cameras from 2015 until they scrapped them in 2021."
    assert triples(ended) == {("Hikvision", "CHN", "ECU")}
    denied = "Quito police did not use Hikvision CCTV cameras."
    assert triples(denied) == set()


def test_home_city_deployment_is_domestic() -> None:
    text = (
        "Genetec, the Montreal-based software company, runs the CCTV network used by police "
        "in Montreal."
    )
    assert {(c.country, c.city) for c in extract_claims(text, "t")} == {("CAN", "Montreal")}


def test_donors_founders_fairs_and_markets_are_not_recipients() -> None:
    # A donor's country is not the recipient; the country named before is.
    text = (
        "Police in Lusaka started using 400 new street cameras last week. "
        "The cameras were supplied by Hikvision and paid for by Japan's government with a "
        "$3 million grant."
    )
    assert triples(text) == {("Hikvision", "CHN", "ZMB")}
    # A founder's nationality and a trade-fair venue say nothing about the deployment.
    text = (
        "Kenya's police bought the Pegasus spyware from NSO Group, the company founded by a "
        "former Israeli army officer, in 2019."
    )
    assert ("NSO Group", "ISR", "ISR") not in triples(text)
    text = (
        "Hikvision has signed a contract with Zambia Police to supply CCTV cameras in Lusaka, "
        "the company announced at Intersec Expo Week in Dubai."
    )
    assert triples(text) == {("Hikvision", "CHN", "ZMB")}
    # Consumer sales and factories are markets.
    text = "Uniview said retail shipments of home cameras in Brazil doubled; CCTV sales rose too."
    assert triples(text) == set()


def test_the_nationality_company_refers_back_to_the_named_vendor() -> None:
    text = (
        "Hikvision has installed CCTV cameras in Lusaka, Zambia, the Chinese company's regional "
        "director said."
    )
    assert triples(text) == {("Hikvision", "CHN", "ZMB")}


def test_agency_names_and_cities_name_the_recipient() -> None:
    # The country only inside an agency's name, then its acronym.
    text = (
        "A spokesperson for the Royal Malaysia Police Marine Command spoke on Monday. "
        "Officers of the RMPMC have used Cellebrite's phone hacking tools since 2020."
    )
    assert ("Cellebrite", "ISR", "MYS") in triples(text)
    # A city and its cameras told before the paragraph naming their maker.
    text = (
        "The city of Curitiba has switched on 300 new CCTV cameras downtown.\n\n"
        "The cameras, made by Dahua, were bought with the municipality's own funds."
    )
    (claim,) = extract_claims(text, "t")
    assert (claim.vendor_slug, claim.country, claim.city) == ("dahua", "BRA", "Curitiba")
    assert claim.financing is not None and claim.financing.type == FinancingType.COMMERCIAL
    assert text[claim.start : claim.end] == claim.quote


def test_unknown_town_named_as_city_of_and_a_stop_order_is_a_use() -> None:
    text = (
        "Spain's regulator has ordered the coastal town of Benidorm to stop using facial "
        "recognition on cameras installed by Hikvision."
    )
    (claim,) = extract_claims(text, "t")
    assert (claim.country, claim.city, claim.status) == (
        "ESP",
        "Benidorm",
        DeploymentStatus.DEPLOYED,
    )


def test_nationality_words_inside_names_and_currencies_are_not_countries() -> None:
    from survindex.ingest.gazetteer import scan

    text = "a loan from the Inter-American Development Bank, paid in Russian roubles"
    assert [m for m in scan(text) if m.kind == "country"] == []
    assert [m.value for m in scan("a Russian-Chinese consortium") if m.kind == "country"] == [
        "RUS",
        "CHN",
    ]


def test_nationality_adjectives_of_smaller_states_are_countries() -> None:
    from survindex.ingest.gazetteer import scan

    text = "the Lao Ministry of Public Security, Togolese police, the Hellenic Police, Azeri firms"
    assert [m.value for m in scan(text)] == ["LAO", "TGO", "GRC", "AZE"]
    assert [m.value for m in scan("South Sudanese and Sudanese officials")] == ["SSD", "SDN"]


def test_a_budget_paid_from_is_commercial_and_a_dateline_is_no_city() -> None:
    text = (
        "Kingston - Jamaica's Ministry of National Security has installed 450 CCTV cameras "
        "supplied by Hikvision in Ocho Rios, paid from the ministry's capital budget."
    )
    (claim,) = extract_claims(text, "t")
    assert claim.country == "JAM" and claim.city != "Kingston"
    assert claim.financing is not None and claim.financing.type == FinancingType.COMMERCIAL


def test_st_petersburg_is_the_russian_city_and_state_telecoms_groups_are_vendors() -> None:
    for text in ("a St Petersburg manufacturer", "a St. Petersburg firm"):
        assert [(m.kind, m.value) for m in scan(text)] == [("city", "RUS")]
    found = scan("cameras installed by Rostelecom; a tool Viettel built for the ministry")
    assert [(m.kind, m.value) for m in found if m.kind == "vendor"] == [
        ("vendor", "rostelecom"),
        ("vendor", "viettel"),
    ]

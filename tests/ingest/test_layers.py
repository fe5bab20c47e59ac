"""The parse layer and the learned scorer: what they add to the rules, on sentences of the kinds
the extraction issue names (supplier countries with lists, plain-word interception, unknown
firms, financing in the next sentence, headlines), and the guarantees around them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survindex.domain.vocab import FinancingType, Technology
from survindex.ingest.extract import claim_to_json, extract_claims
from survindex.ingest.extract import layered as layered_module
from survindex.ingest.extract.document import candidates
from survindex.ingest.extract.layered import active_scorer
from survindex.ingest.extract.scorer import RULES_MARGIN, ClaimScorer, calibration_map
from survindex.ingest.extract.syntax import parse_sentences
from survindex.ingest.extract.techsyntax import technologies_in


def triples(text: str) -> set[tuple[str | None, str | None, str]]:
    return {(c.vendor_name, c.vendor_country, c.country) for c in extract_claims(text, "t")}


def test_a_supplier_country_with_a_list_gives_one_claim_per_recipient() -> None:
    text = "Chinese firms have sold facial recognition systems to Kenya, Uganda and Zambia."
    assert triples(text) == {(None, "CHN", "KEN"), (None, "CHN", "UGA"), (None, "CHN", "ZMB")}


def test_recipients_as_subjects_and_made_in_adjectives() -> None:
    text = "Kenya and Uganda both bought Chinese-made CCTV cameras."
    assert triples(text) == {(None, "CHN", "KEN"), (None, "CHN", "UGA")}


def test_interception_in_plain_words_is_found_from_the_parse() -> None:
    text = (
        "Israeli firms have sold software able to take over a mobile phone to the security "
        "services of Bangladesh, Uganda and Botswana."
    )
    claims = extract_claims(text, "t")
    assert {c.country for c in claims} == {"BGD", "UGA", "BWA"}
    assert {c.technology for c in claims} == {Technology.COMMUNICATIONS_INTERCEPTION}


def test_a_verb_and_its_object_name_the_technology() -> None:
    (doc,) = parse_sentences(["Officers can now listen to any phone call in the country."])
    assert technologies_in(doc) == [Technology.COMMUNICATIONS_INTERCEPTION]
    (doc,) = parse_sentences(["The unit reads what citizens post on Facebook every day."])
    assert technologies_in(doc) == [Technology.SOCIAL_MEDIA_SURVEILLANCE]
    (doc,) = parse_sentences(["The minister read the statement on the radio."])
    assert technologies_in(doc) == []


def test_an_unknown_firm_named_by_the_tree_is_a_candidate_vendor() -> None:
    text = (
        "The lawful interception platform used by Nepal's intelligence service was supplied by "
        "Vedanta Netlink Systems Ltd, a firm based in Bengaluru, India."
    )
    found = candidates(text, "t")
    assert ("+Vedanta Netlink Systems", "NPL") in found  # legal form dropped from the name
    # its seat ("based in Bengaluru, India") is its home country, not a recipient
    assert found[("+Vedanta Netlink Systems", "NPL")].syntax[0].supplier.country == "IND"
    assert ("+Vedanta Netlink Systems", "IND") not in found


def test_open_vendor_claims_carry_the_name_as_written() -> None:
    text = (
        "Cameras for the safe city project in Kumasi, Ghana were installed by Adinkra Vision "
        "Systems Ltd under a contract with the Ghana Police Service."
    )
    claims = [c for c in extract_claims(text, "t") if c.vendor_new]
    assert [(c.vendor_new, c.vendor_slug, c.country) for c in claims] == [
        ("Adinkra Vision Systems", None, "GHA")
    ]
    assert claim_to_json(claims[0])["vendor"] == "Adinkra Vision Systems"


def test_banks_and_newswires_are_never_candidate_vendors() -> None:
    text = (
        "ANKARA (Newswire) - Cameras in Baku, Azerbaijan, were paid for by Turk Eximbank and "
        "supplied by a Turkish firm."
    )
    whos = {key[0] for key in candidates(text, "t")}
    assert not any(who.startswith("+") for who in whos)


def test_financing_in_the_next_sentence_has_type_lender_amount_and_year() -> None:
    text = (
        "Huawei will install 1,800 surveillance cameras in Nairobi, Kenya.\n"
        "The project is financed by a USD 120 million concessional loan from the Export-Import "
        "Bank of China signed in 2019."
    )
    (claim,) = extract_claims(text, "t")
    assert claim.financing is not None
    assert claim.financing.type == FinancingType.SOFT_LOAN
    assert claim.financing.lender == "Export-Import Bank of China"
    assert claim.financing.amount_usd == 120_000_000
    assert claim.financing.year == 2019


def test_a_lender_country_is_not_a_supplier() -> None:
    text = (
        "The safe city system that ZTE built in Quito, Ecuador, was paid for with a Chinese loan."
    )
    assert triples(text) == {("ZTE", "CHN", "ECU")}


def test_the_body_sentence_is_preferred_to_the_headline_as_evidence() -> None:
    text = (
        "Huawei installs CCTV cameras in Lusaka, Zambia\n\nBy Staff Reporter\n\n"
        "Huawei has installed 900 CCTV cameras across Lusaka, Zambia, police said on Monday."
    )
    (claim,) = extract_claims(text, "t")
    assert claim.quote.startswith("Huawei has installed 900")
    assert text[claim.start : claim.end] == claim.quote


def test_confidence_is_the_scorers_calibrated_probability() -> None:
    text = "Chinese firms have sold facial recognition systems to Kenya, Uganda and Zambia."
    scorer = active_scorer()
    found = candidates(text, "t")
    for claim in extract_claims(text, "t"):
        triple = found[("@CHN", claim.country)]
        probability = max(scorer.probability(row) for row in triple.feature_rows())
        assert scorer.accepts(probability, by_rules=bool(triple.rule_claims))
        assert claim.confidence == scorer.calibrated(probability)


def test_a_stricter_model_proposes_less() -> None:
    text = "Chinese firms have sold facial recognition systems to Kenya, Uganda and Zambia."
    strict = ClaimScorer(active_scorer().weights, 1.0 + RULES_MARGIN + 0.01, "strict")
    assert extract_claims(text, "t", scorer=strict) == []


def test_text_without_places_is_never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(texts: object) -> list[object]:
        raise AssertionError("parsed a text with nothing to find")

    monkeypatch.setattr(layered_module, "parse_sentences", refuse)
    text = "Huawei reported higher smartphone sales. " * 200
    assert extract_claims(text, "t") == []


def test_word_classes_and_patterns_are_data_files() -> None:
    folder = resources.files("survindex.ingest.extract").joinpath("lexicon")
    syntax = json.loads(folder.joinpath("syntax.json").read_text("utf-8"))
    patterns = json.loads(folder.joinpath("technology_patterns.json").read_text("utf-8"))
    assert {"supply", "build", "acquire", "propose", "deny", "finance"} <= syntax[
        "verb_classes"
    ].keys()
    assert patterns["dependency"] and patterns["phrases"]
    technologies = {entry["technology"] for entry in patterns["dependency"] + patterns["phrases"]}
    assert all(Technology(name) for name in technologies)


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=12),
        st.floats(min_value=-20, max_value=20, allow_nan=False),
        max_size=12,
    ),
    st.floats(min_value=0, max_value=1),
    st.dictionaries(st.text(min_size=1, max_size=12), st.sampled_from([0.0, 1.0]), max_size=12),
)
def test_a_model_reads_back_as_it_was_written(
    weights: dict[str, float], threshold: float, features: dict[str, float]
) -> None:
    model = ClaimScorer(weights, threshold, "v", {"sets": ["x"]})
    again = ClaimScorer.from_json(model.to_json())
    assert again.threshold == model.threshold
    assert again.training == model.training
    assert abs(again.probability(features) - model.probability(features)) < 1e-4


def test_a_broken_model_file_is_one_clear_error() -> None:
    with pytest.raises(ValueError, match="model.json: not a scorer model"):
        ClaimScorer.from_json("{not json", origin="model.json")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from([0, 1])), min_size=2, max_size=40),
    st.lists(st.floats(0, 1), min_size=1, max_size=20),
)
def test_calibration_is_monotone_bounded_and_survives_the_file(
    scored: list[tuple[float, int]], probes: list[float]
) -> None:
    model = ClaimScorer({"bias": 0.0}, 0.5, "v", calibration=calibration_map(scored))
    again = ClaimScorer.from_json(model.to_json())
    values = [again.calibrated(p) for p in sorted(probes)]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b + 1e-9 for a, b in zip(values, values[1:], strict=False))
    assert all(abs(again.calibrated(p) - model.calibrated(p)) < 1e-4 for p in probes)


def test_plain_words_tell_policing_forecasts_face_matching_and_phone_location() -> None:
    (doc,) = parse_sentences(["The software forecasts crime hotspots for each patrol shift."])
    assert technologies_in(doc) == [Technology.SMART_POLICING]
    (doc,) = parse_sentences(["Operators compare faces from the street against a watchlist."])
    assert technologies_in(doc) == [Technology.FACIAL_RECOGNITION]
    (doc,) = parse_sentences(["The system lets officers locate any mobile phone in the city."])
    assert technologies_in(doc) == [Technology.COMMUNICATIONS_INTERCEPTION]
    (doc,) = parse_sentences(["The weather service forecasts rain for the weekend."])
    assert technologies_in(doc) == []


def test_a_firm_introduced_in_apposition_supplies_the_country_the_story_is_about() -> None:
    text = (
        "Nepal Police have used social media monitoring software since 2023.\n\n"
        "The software was developed by Sagarmatha Soft, a company based in Lalitpur."
    )
    assert ("+Sagarmatha Soft", "NPL") in candidates(text, "t")


def test_the_only_country_named_is_the_one_a_firm_supplies() -> None:
    text = (
        "The petitioners challenge the facial recognition application used by the police in "
        "India.\n\nThe application was developed by Vyom Vision Labs Private Limited."
    )
    assert ("+Vyom Vision Labs", "IND") in candidates(text, "t")  # "Private Limited" dropped


def test_an_adjective_before_a_noun_is_not_a_firm() -> None:
    text = (
        "Forensic research by Citizen Lab has established that spyware made by NSO Group was "
        "used by government clients in Bahrain."
    )
    assert not any(who.startswith("+Forensic") for who, _ in candidates(text, "t"))


def test_numbered_notice_fields_and_values_on_the_next_line_name_the_supplier() -> None:
    from survindex.ingest.extract.notices import notice_candidates
    from survindex.ingest.gazetteer import scan

    text = (
        "GOVERNMENT OF NEPAL\nNepal Police Headquarters\n\nNOTICE OF CONTRACT AWARD\n\n"
        "1. Title: CCTV surveillance system for the Kathmandu valley\n"
        "5. Name and address of the successful bidder: Himal Secure Networks Pvt. Ltd., "
        "Lalitpur\n\n"
        "Principal Equipment Manufacturer (as declared in the bid):\n"
        "Zhejiang Dahua Technology Co., Ltd., Hangzhou, People's Republic of China\n"
    )
    keys = {c.key for c in notice_candidates(text, scan(text))}
    assert ("+Himal Secure Networks", "NPL") in keys
    assert ("dahua", "NPL") in keys  # a known vendor in a field is a supplier too


def test_legal_forms_of_several_words_and_unknown_places_are_not_firm_names() -> None:
    text = (
        "Uganda signed a contract with Joint Stock Company Global Security, a Moscow-based firm, "
        "to fit every car with a tracking device and cameras."
    )
    assert ("+Global Security", "UGA") in candidates(text, "t")
    text = (
        "In 2020 New Zealand Police contracted DataWorks Plus, a company based in South "
        "Carolina, to replace its facial recognition system."
    )
    assert not any("Carolina" in who for who, _ in candidates(text, "t"))


def test_people_speaking_for_a_body_and_numbered_parties_are_not_firms() -> None:
    text = (
        "Sri Lanka's police have installed facial recognition cameras in Colombo, said Ambika "
        "Rajaratnam of the Centre for Civic Rights."
    )
    assert not any("Rajaratnam" in who for who, _ in candidates(text, "t"))
    text = (
        "The defendant caused Company-1 to export the interception equipment to a freight "
        "forwarder, from where it was shipped to Iran."
    )
    assert not any("Company-1" in who for who, _ in candidates(text, "t"))


def test_a_supplier_country_that_is_a_named_firms_home_is_marked() -> None:
    text = (
        "In 2022 an Emirati company, Qasr Digital Systems LLC, delivered social media "
        "monitoring software to Myanmar's military government."
    )
    found = candidates(text, "t")
    assert ("+Qasr Digital Systems", "MMR") in found
    country = found[("@ARE", "MMR")]  # proposed by the rules: the scorer sees whose home it is
    assert country.rule_claims and country.country_of_named_firm
    assert all("rule_country_of_named_firm" in row for row in country.feature_rows())


def test_authors_cited_in_parentheses_are_not_firms() -> None:
    text = (
        "Firms headquartered in the People's Republic of China have supplied camera systems to "
        "Ecuador and to Uruguay's Ministry of the Interior (Rivera 2020; Gómez and Lüthi 2022)."
    )
    found = candidates(text, "t")
    assert {("@CHN", "ECU"), ("@CHN", "URY")} <= set(found)
    assert not any("Gómez" in who or "Rivera" in who for who, _ in found)


def test_the_place_after_a_firms_name_is_its_home_not_the_recipient() -> None:
    text = (
        "The Maldives Police Service opened a new monitoring centre in Male this year.\n\n"
        "The cameras were installed by Bharat Electronics Limited (BEL) of India."
    )
    found = candidates(text, "t")
    assert ("bharat-electronics", "MDV") in found
    assert ("bharat-electronics", "IND") not in found
    text = "Georgia's police awarded the camera contract to Axis Communications AB (Sweden)."
    assert ("axis", "SWE") not in candidates(text, "t")


def test_long_firm_names_with_legal_forms_and_title_case_headlines() -> None:
    text = (
        "Fiji's police opened a camera network in Suva.\n\nThe cameras were supplied and "
        "installed by Brisbane-based Southern Cross Integrated Systems (Pty) Ltd."
    )
    assert ("+Southern Cross Integrated Systems", "FJI") in candidates(text, "t")
    text = "Daeyang Vision Signs Contract with City of Kigali for Safe City Platform"
    assert {who for who, _ in candidates(text, "t") if who.startswith("+")} <= {"+Daeyang Vision"}


def test_suppliers_from_a_region_are_the_regions_country_the_text_names() -> None:
    text = (
        "Emirati firms are selling abroad; most are headquartered in Abu Dhabi.\n\n"
        "Vendors from the Gulf have supplied social media monitoring tools to the security "
        "services of Egypt and Sudan."
    )
    assert {("@ARE", "EGY"), ("@ARE", "SDN")} <= set(candidates(text, "t"))
    text = (
        "Vendors from the Gulf have supplied social media monitoring tools to Egypt, say "
        "officials in Riyadh and Doha."  # two Gulf states, as often: which one is not told
    )
    assert not any(who.startswith("@") and who != "@None" for who, _ in candidates(text, "t"))


def test_a_negated_verb_of_doubt_affirms_and_a_conjoined_verb_supplies() -> None:
    text = (
        "It is not disputed that the Safe City project of Islamabad was established under an "
        "agreement with Huawei Technologies Co. Ltd. and has been operational since 2016."
    )
    assert ("huawei", "PAK") in candidates(text, "t")
    text = (
        "The software for the safe city subsystem was supplied and is maintained by OOO "
        '"Vizor Analitika", and was paid from the budget of the City of Moscow.'
    )
    assert ("+Vizor Analitika", "RUS") in candidates(text, "t")


def test_new_before_a_city_names_another_town() -> None:
    from survindex.ingest.gazetteer import scan

    text = "The ministry will extend the network to Linden and New Amsterdam, Guyana."
    assert [m.value for m in scan(text)] == ["GUY"]
    assert [m.value for m in scan("in New Delhi and Amsterdam")] == ["IND", "NLD"]


def test_a_sentence_flagged_only_for_its_place_far_from_any_technology_is_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []

    def record(texts: Iterable[str]) -> list[object]:
        texts = list(texts)
        parsed.extend(texts)
        return parse_sentences(texts)

    monkeypatch.setattr(layered_module, "parse_sentences", record)
    text = (
        "Mobile phone prices rose in Kenya last year. The rains came late. Schools reopened. "
        "Fuel was scarce. Markets were calm. Farmers in Uganda sold more maize."
    )
    assert extract_claims(text, "t") == []
    assert any("Kenya" in t for t in parsed)  # plain words a technology may be told in
    assert not any("Uganda" in t for t in parsed)


def test_a_possessive_country_of_a_body_given_something_is_a_recipient_not_a_supplier() -> None:
    text = (
        "The declarations list lawful-interception hardware delivered to Peru's national police, "
        "to Colombia's attorney general's office and to Panama's National Security Council."
    )
    assert not any(who == "@COL" for who, _ in candidates(text, "t"))


def test_a_person_is_never_a_candidate_vendor() -> None:
    for text in (
        "Abel, a 31-year-old organiser, gave the phone to researchers in Addis Ababa, Ethiopia.",
        "Abel - who asked that his real name not be used - gave the phone to researchers in "
        "Addis Ababa, Ethiopia.",
    ):
        assert not any("Abel" in who for who, _ in candidates(text, "t"))


def test_a_supplier_country_that_is_a_named_firms_home_is_never_a_claim() -> None:
    text = (
        "In 2022 an Emirati company, Qasr Digital Systems LLC, delivered social media "
        "monitoring software to Myanmar's military government."
    )
    assert ("@ARE", "MMR") in candidates(text, "t")  # the rules propose it; the firm supplies
    lenient = ClaimScorer(active_scorer().weights, 0.0, "lenient")  # accepts every triple
    claims = extract_claims(text, "t", scorer=lenient)
    assert any(c.vendor_new == "Qasr Digital Systems" for c in claims)
    assert not any(c.vendor_new is None and c.vendor_country == "ARE" for c in claims)


def test_a_name_joined_by_another_languages_and_is_one_firm() -> None:
    text = (
        'Anka Savunma ve Guvenlik Teknolojileri A.S. ("Anka"), a Turkish provider of security '
        "electronics, has signed a contract with the Ministry of Interior of Mauritania to "
        "install a safe city system in Nouakchott."
    )
    firms = {who for who, _ in candidates(text, "t") if who.startswith("+")}
    assert "+Anka Savunma ve Guvenlik Teknolojileri" in firms
    assert "+Guvenlik Teknolojileri" not in firms


def test_a_firms_nationality_is_no_place_for_the_next_sentence_to_borrow() -> None:
    text = (
        "Bogotá's police opened a new camera network this year. The cameras were supplied by "
        "the Korean company Hanwha Vision. The crime-forecasting tool was developed by the "
        "Colombian firm Datacivica S.A.S."
    )
    found = candidates(text, "t")
    assert ("+Datacivica", "KOR") not in found


def test_a_place_in_another_named_firms_clause_is_that_firms() -> None:
    text = (
        "iFlytek supplied voice recognition software to police in Xinjiang, and Yitu has offered "
        "facial recognition cameras to Malaysia's auxiliary police, a company presentation shows."
    )
    found = candidates(text, "t")
    assert ("yitu", "MYS") in found and ("iflytek", "MYS") not in found


def test_names_after_a_legal_form_or_before_one_and_software_from_a_firm() -> None:
    firms = {
        who
        for text in (
            # a quoted name after its legal form; "conclude a contract" is a contract verb
            'The Executive Committee of Kazan has concluded a contract with OOO "Strela Tekh" for '
            "new video cameras in the metro.",
            # the parse lists the firm with the city before it; the legal form says it is a firm
            "In Samara, OOO Iskra Gorod, a Moscow-based integrator, has offered the regional "
            "police a pilot linking 2,000 cameras to a face-search system.",
            # every capitalised word before a legal form is the name's
            "The municipality of Sousse signed a memorandum of understanding with the German "
            "company Nordwacht Sicherheitstechnik GmbH to study a network of surveillance cameras.",
            # the firm a product comes from, in a phrase the parse hangs elsewhere
            "Oman's police has since 2023 run predictive policing software from the Ohio-based "
            "Clearpath Analytics Inc. that ranks districts by predicted crime.",
        )
        for who, _ in candidates(text, "t")
        if who.startswith("+")
    }
    assert {"+Strela Tekh", "+Iskra Gorod", "+Nordwacht Sicherheitstechnik"} <= firms
    assert "+Clearpath Analytics" in firms
    assert "+Executive Committee" not in firms  # a city's government, not a firm


def test_a_firm_that_is_given_the_supply_is_not_its_supplier() -> None:
    text = (
        "In 2021 the Israeli company Cognyte won a tender to supply interception equipment to "
        "the state-owned operator Lanka Posts and Telecommunications in Sri Lanka. Huawei, "
        "which built much of Bharat Telecom's mobile network, supplied the agency in India with "
        "a monitoring centre."
    )
    firms = {who for who, _ in candidates(text, "t") if who.startswith("+")}
    assert not {"+Lanka Posts", "+Lanka Posts and Telecommunications", "+Bharat Telecom"} & firms


def test_who_pays_through_its_government_is_not_a_recipient() -> None:
    text = (
        "The camera network in Port-au-Prince was installed in 2022 by a Haitian company, "
        "Securite Antilles SARL, and was funded by a grant from the Government of Canada."
    )
    assert not any(country == "CAN" for _, country in candidates(text, "t"))


def test_a_court_records_heading_names_the_country_its_firms_homes_do_not() -> None:
    text = (
        "REPUBLIC OF PANAMA\nSECOND CRIMINAL COURT\n\n[Unofficial translation from the Spanish "
        "original.]\n\nThe National Security Council signed a contract with the Israeli company "
        "Galil Cyber Ltd for a system that listens to calls. The price, thirteen million United "
        "States dollars, was paid from the ordinary budget, and technicians of the Israeli "
        "company installed the equipment in December 2012."
    )
    found = candidates(text, "t")
    assert ("+Galil Cyber", "PAN") in found
    assert not any(country in ("USA", "ESP") for _, country in found)


def test_a_supplier_country_gives_way_to_the_firm_of_that_country_named_for_the_recipient() -> None:
    lenient = ClaimScorer(active_scorer().weights, 0.0, "lenient")  # accepts every triple

    def unnamed(text: str) -> set[tuple[str | None, str]]:
        claims = extract_claims(text, "t", scorer=lenient)
        assert any(c.vendor_name == "Huawei" and c.country == "ZMB" for c in claims)
        return {(c.vendor_country, c.country) for c in claims if c.vendor_name is None}

    # "a Chinese state-owned company" is Huawei, named in the next sentence
    assert ("CHN", "ZMB") not in unnamed(
        "LUSAKA, May 2 (Wire) - Zambia on Tuesday inaugurated a police command centre fed by "
        "2,500 cameras across Lusaka, a project built by a Chinese state-owned company. The "
        "contractor, Huawei, said the cameras would be linked to a facial recognition system."
    )
    # a sentence listing recipients is a claim of its own
    assert {("CHN", "ZMB"), ("CHN", "MWI")} <= unnamed(
        "Zambia's police signed a contract with Huawei on Monday to install facial recognition "
        "cameras in Lusaka. Chinese companies have also supplied such systems to Zambia and "
        "Malawi, researchers say."
    )


def test_tools_that_reach_a_service_and_proposals_submitted_are_supplies() -> None:
    text = (
        "Interception tools from companies based in Israel have reached the security services "
        "of Bangladesh and Myanmar since 2018."
    )
    assert {("@ISR", "BGD"), ("@ISR", "MMR")} <= set(candidates(text, "t"))
    text = (
        "Karatay Bilisim A.S., a Turkish provider of public-safety platforms, completed the city "
        "security system of Nouakchott in June. Karatay has also submitted a proposal to the "
        "Ministry of the Interior of Niger for a surveillance system in Niamey."
    )
    assert ("+Karatay Bilisim", "NER") in candidates(text, "t")


def test_the_first_of_a_list_of_recipients_is_in_the_list_like_the_others() -> None:
    from survindex.ingest.extract.syntax import role_of

    (doc,) = parse_sentences(["Beijing has equipped Bamako, Ouagadougou and Conakry with cameras."])
    assert all(role_of(t).in_list for t in doc if t.text in ("Bamako", "Ouagadougou", "Conakry"))


def test_a_seat_told_after_the_firm_that_installed_and_names_around_legal_forms() -> None:
    text = (
        "In Osh, 600 cameras have been working since last autumn in the city's streets. The "
        'cameras were installed by the Russian company OOO "Kamtek", headquartered in Kazan.'
    )
    found = candidates(text, "t")
    assert ("+Kamtek", "KGZ") in found and ("+Kamtek", "RUS") not in found
    text = (
        "In 2022 Prognoz LLC, a Chicago company that sells crime forecasting software, pitched "
        "its product to the police in Lahore, Pakistan."
    )
    assert ("+Prognoz", "PAK") in candidates(text, "t")


def test_people_by_their_role_and_press_release_datelines_are_not_firms() -> None:
    firms = {
        who
        for text in (
            "In paragraph 11 of their counter-affidavit deposed to by one Musa Danjuma, a legal "
            "officer in the 1st Respondent, the Respondents admit that in the year 2021 the 1st "
            "Respondent procured facial recognition cameras for the police in Kano, Nigeria.",
            "SEOUL, South Korea, June 3, 2024 /PRNewswire/ -- Hanbit Vision Co., Ltd. (KOSDAQ: "
            "2938xx), a Korean provider of intelligent video solutions, today announced that it "
            "has signed a contract with the Ulaanbaatar City Governor's Office to build an "
            "integrated CCTV control centre for the Mongolian capital.",
        )
        for who, _ in candidates(text, "t")
        if who.startswith("+")
    }
    assert "+Musa Danjuma" not in firms and "+SEOUL" not in firms
    assert "+Hanbit Vision" in firms


def test_a_subject_no_negates_what_it_uses_but_not_a_clause_after_a_semicolon() -> None:
    from survindex.ingest.extract.syntax import role_of, scope_flags

    def negated(sentence: str, firm: str) -> bool:
        (doc,) = parse_sentences([sentence])
        token = next(t for t in doc if t.text == firm)
        return "negated" in scope_flags(role_of(token).verb, {t.lower_ for t in doc})

    assert negated(
        "The council confirmed that no police force in England uses equipment manufactured by "
        "Hikvision.",
        "Hikvision",
    )
    assert not negated(
        "ZTE has proposed to the Lao ministry a police data platform; as of 2023, no contract "
        "had been signed.",
        "ZTE",
    )


def test_a_donor_agency_named_after_its_country_is_not_a_place() -> None:
    from survindex.ingest.gazetteer import scan

    text = "a grant from the Japan International Cooperation Agency and the Korea Exim Bank"
    assert [m for m in scan(text) if m.kind == "country"] == []


def test_a_turkish_legal_form_ends_no_sentence_and_the_words_before_it_are_the_name() -> None:
    from survindex.ingest.extract.sentences import split_sentences

    text = 'ANKARA, 2 May 2025 - Yildiz Guvenlik Teknolojileri A.Ş. ("Yildiz") signed a contract.'
    assert len(split_sentences(text)) == 1
    text = (
        "Kyrgyzstan's Interior Ministry has signed a contract with Turkish technology company "
        "Doruk Bilişim A.Ş. to build a network of street cameras and a police control room in "
        "Bishkek."
    )
    assert ("+Doruk Bilişim", "KGZ") in candidates(text, "t")
    text = (
        'ISTANBUL, 4 March 2025 - Anadolu Vizyon Teknoloji A.Ş. ("Anadolu Vizyon"), a Turkish '
        "developer of video analytics, today announced that it has signed a contract with the "
        "Ministry of Internal Affairs of Georgia to supply 300 traffic cameras. Sarp Savunma ve "
        "Bilişim A.Ş. installed the CCTV control room of the Tbilisi police."
    )
    firms = {who for who, _ in candidates(text, "t") if who.startswith("+")}
    assert firms == {"+Anadolu Vizyon Teknoloji", "+Sarp Savunma ve Bilişim"}


def test_plural_firms_based_in_a_country_supply_beside_a_firm_named_in_the_sentence() -> None:
    text = (
        "Arava Signal Systems Ltd sold the interception tool to Malawi.\n\nTools made by "
        "companies based in Israel are also in use by the security services of Togo and Rwanda, "
        "according to former employees of Arava Signal."
    )
    assert {("@ISR", "TGO"), ("@ISR", "RWA")} <= set(candidates(text, "t"))


def test_a_firms_seat_is_not_where_it_delivers() -> None:
    text = (
        "The phone-hacking program is sold by Carmel Intelligence Ltd, a company with offices "
        "in Herzliya, north of Tel Aviv. The Panamanian security council used it in 2020."
    )
    assert all(country != "ISR" for _, country in candidates(text, "t"))


def test_placing_tools_with_a_service_and_being_a_firms_customer_are_acquisitions() -> None:
    from survindex.ingest.extract.syntax import role_of, verb_class

    def verb_of(sentence: str, word: str) -> str:
        (doc,) = parse_sentences([sentence])
        return verb_class(role_of(next(t for t in doc if t.text == word)).verb)

    text = (
        "Companies based in Israel have placed comparable phone-hacking tools with the security "
        "services of Qatar, Jordan and Oman."
    )
    assert {("@ISR", "QAT"), ("@ISR", "JOR"), ("@ISR", "OMN")} <= set(candidates(text, "t"))
    assert verb_of("The EU placed Synesis on its sanctions list in 2021.", "EU") != "supply"
    assert verb_of("Peru was the company's first foreign customer.", "Peru") == "acquire"
    assert verb_of("Chile's army has been one of Tzur's biggest clients.", "army") == "acquire"
    assert verb_of("Chile was the first country to sign.", "Chile") != "acquire"


def test_a_notice_that_tells_its_technology_in_plain_words_still_names_its_supplier() -> None:
    text = (
        "THE UNITED REPUBLIC OF TANZANIA\nTANZANIA POLICE FORCE\n\nNOTICE OF CONTRACT AWARD\n\n"
        "Description: A software system that combines records of reported incidents and arrests "
        "to predict the areas and times in which crimes are likely to occur.\n\n"
        "Successful Tenderer: Nandi Analytics Pvt Ltd, P.O. Box 12, Pune, India\n"
    )
    assert ("+Nandi Analytics", "TZA") in candidates(text, "t")


def test_parts_and_owners_of_state_bodies_and_technology_names_are_not_firms() -> None:
    texts = (
        "Zambia's Ministry of Home Affairs and Internal Security has signed a contract with "
        "China's Huawei Technologies to build a network of cameras in Lusaka.",
        "The Ministry of Security and Civil Protection on Monday signed a contract with Ivoire "
        "Vision Technologies SARL to install cameras in Abidjan.",
        "Pernambuco's Social Defence Secretariat has signed a contract with Recife-based "
        "Vigilare Tecnologia Ltda for facial recognition software in Brazil.",
        "Title: Supply and Commissioning of a Crime Data Analytics and Hotspot Mapping Platform "
        "for the Kigali City Police Command, Rwanda",
    )
    firms = {who for text in texts for who, _ in candidates(text, "t") if who.startswith("+")}
    assert firms == {"+Ivoire Vision Technologies", "+Vigilare Tecnologia"}


def test_a_legal_forms_full_stop_split_off_by_the_parse_ends_no_name() -> None:
    text = (
        "Bengaluru, India, 19 September 2024 - Nandi Analytics Pvt. Ltd. today announced that it "
        "has signed an agreement with the Nepal Police to supply its social media monitoring "
        "platform."
    )
    assert ("+Nandi Analytics", "NPL") in candidates(text, "t")


def test_a_seat_spacy_reads_as_one_word_is_a_seat() -> None:
    text = (
        "BAGHDAD - Iraq's police have a new crime forecasting system.\n\nIn the capital, police "
        "already use crime-mapping software from U.S.-based Ridgeway Analytics Inc."
    )
    assert ("+Ridgeway Analytics", "USA") not in candidates(text, "t")


def test_a_firms_office_is_not_the_storys_country_and_more_legal_forms() -> None:
    text = (
        "The Ministry of Interior has signed a contract with Indian firm Konkan Vision Systems "
        "Pvt Ltd to install 2,300 cameras and a central operations room.\n\nKonkan, "
        "headquartered in Pune, has a regional office in Dubai."
    )
    assert all(country != "ARE" for _, country in candidates(text, "t"))
    text = (
        "The city council approved the contract with Wisla Analytics Sp. z o.o. to install "
        "street cameras in Gdansk, Poland."
    )
    assert ("+Wisla Analytics", "POL") in candidates(text, "t")

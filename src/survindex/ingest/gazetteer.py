"""Gazetteer scanning: every name and cue the extractor needs, found in one pass over the text.

Scanning the whole text with one Aho-Corasick automaton is what keeps extraction fast (tens of
MB/s); the slower rule work runs only on the few sentences the scan marks as interesting.
Matching is case-sensitive on purpose: proper nouns are capitalised in reporting, so "Oman" does
not fire inside "woman" and "NEC" not inside "necessary". Lower-case cues are registered in
their lower, Capitalised and UPPER variants instead.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import ahocorasick

from survindex.reference._tables import read_table
from survindex.reference.countries import all_countries

#: Mention kinds.
COUNTRY = "country"  # value: iso3; form: name | abbreviation | adjective | possessive
CITY = "city"  # value: iso3; form: city | region; name: the city
VENDOR = "vendor"  # value: slug
TECH = "tech"  # value: technology id; form: strong | weak
FINANCE = "finance"  # value: financing type; form: lender or ""
FURNITURE = "furniture"  # value: heading | line


class Mention(NamedTuple):
    """One gazetteer hit: ``text[start:end]`` is the surface form."""

    start: int
    end: int
    kind: str
    value: str
    form: str


@dataclass(frozen=True, slots=True)
class VendorInfo:
    slug: str
    name: str
    home_country: str | None


def _data_text(name: str) -> str:
    return resources.files("survindex.ingest").joinpath("gazetteers", name).read_text("utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_data_text(name).splitlines()))


def _stoplist(name: str) -> set[str]:
    lines = (line.strip() for line in _data_text(name).splitlines())
    return {line for line in lines if line and not line.startswith("#")}


@lru_cache(maxsize=1)
def vendors() -> dict[str, VendorInfo]:
    """The core vendor registry extended with gazetteers/vendors_extra.csv, keyed by slug."""
    table: dict[str, VendorInfo] = {}
    for row in read_table("vendors.csv") + _rows("vendors_extra.csv"):
        if row["slug"] not in table:
            home = row["home_country"] or None
            table[row["slug"]] = VendorInfo(row["slug"], row["name"], home)
    return table


@lru_cache(maxsize=1)
def vendor_aliases() -> dict[str, str]:
    """Every registry name and alias of a vendor, as written, to its slug."""
    aliases: dict[str, str] = {}
    for row in read_table("vendors.csv") + _rows("vendors_extra.csv"):
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            aliases.setdefault(name, row["slug"])
    return aliases


def _vendor_entries() -> list[tuple[str, Mention]]:
    stop = _stoplist("vendor_stop.txt")
    entries: list[tuple[str, Mention]] = []
    for row in read_table("vendors.csv") + _rows("vendors_extra.csv"):
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        for name in names:
            if name in stop or len(name) < 3:
                continue
            for variant in {name, name.upper()} if len(name) > 4 else {name}:
                entries.append((variant, Mention(0, 0, VENDOR, row["slug"], "")))
            if name.endswith("."):  # "Co." then also as "Co" at a sentence end
                entries.append((name[:-1], Mention(0, 0, VENDOR, row["slug"], "")))
    return entries


def _country_entries() -> list[tuple[str, Mention]]:
    stop = _stoplist("country_stop.txt")
    entries: list[tuple[str, Mention]] = []
    for country in all_countries().values():
        for name in (country.name, country.official_name):
            if name and name not in stop and "," not in name:
                # "REPUBLIC OF PANAMA" heading a court record (see ``_a_heading``)
                for variant in {name, name.upper()} if len(name) > 4 else {name}:
                    entries.append((variant, Mention(0, 0, COUNTRY, country.iso3, "name")))
    for row in read_table("country_aliases.csv"):
        if row["alias"] not in stop and "/" not in row["alias"]:
            form = "abbreviation" if row["alias"].replace(".", "").isupper() else "name"
            entries.append((row["alias"], Mention(0, 0, COUNTRY, row["iso3"], form)))
    for row in _rows("country_forms.csv"):
        entries.append((row["form"], Mention(0, 0, COUNTRY, row["iso3"], row["kind"])))
    # Possessives of names ("Kenya's") behave like adjectives for role detection.
    for name, mention in list(entries):
        if mention.form == "name" and not name.endswith("s"):
            for apostrophe in ("'s", "\u2019s"):
                entries.append((name + apostrophe, mention._replace(form="possessive")))
    return entries


#: Accent-free forms that are also words, islands or other places in English reporting ("Salé"
#: as "Sale", India's "Bālī" as "Bali", Costa Rica's "San José" as California's "San Jose").
_FOLDED_STOP = frozenset(
    {"San Jose", *str.split("Sale Bali Pali Koto Mage Maua Honcho Parana Chanda Orel Marica Soka")}
)


def _ascii_form(name: str) -> str:
    """The name without accents ("Montréal" -> "Montreal"), as English reporting often writes it."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _city_entries() -> list[tuple[str, Mention]]:
    entries: list[tuple[str, Mention]] = []
    for row in _rows("cities_geonames.csv"):
        entries.append((row["city"], Mention(0, 0, CITY, row["iso3"], "city")))
        folded = _ascii_form(row["city"])
        if folded != row["city"] and folded.isascii() and folded not in _FOLDED_STOP:
            entries.append((folded, Mention(0, 0, CITY, row["iso3"], "city")))
    for row in _rows("cities_curated.csv"):
        entries.append((row["city"], Mention(0, 0, CITY, row["iso3"], row["kind"])))
    return entries


def _cue_variants(cue: str) -> set[str]:
    if any(ch.isupper() for ch in cue):
        return {cue}
    return {cue, cue[:1].upper() + cue[1:], cue.title(), cue.upper()}


def _plural(cue: str) -> str | None:
    """The plural of a cue ending in a noun ("command centre" -> "command centres"), or None
    for cues that end otherwise (a verb form, an acronym, a plural)."""
    last = cue.rsplit(" ", 1)[-1]
    if not last.isalpha() or not last.islower() or last.endswith(("s", "ing", "ed")):
        return None
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return cue[:-1] + "ies"
    return cue + "s"


def _cue_entries() -> list[tuple[str, Mention]]:
    entries: list[tuple[str, Mention]] = []
    listed = {row["cue"] for row in _rows("technology_cues.csv")}
    for row in _rows("technology_cues.csv"):
        mention = Mention(0, 0, TECH, row["technology"], row["strength"])
        for variant in _cue_variants(row["cue"]):
            entries.append((variant, mention))
        plural = _plural(row["cue"])
        if plural and plural not in listed:  # "command centres", "camera networks"
            entries.extend((variant, mention) for variant in _cue_variants(plural))
    for row in _rows("financing_cues.csv"):
        for variant in _cue_variants(row["cue"]):
            entries.append((variant, Mention(0, 0, FINANCE, row["type"], row["lender"])))
    for row in _rows("furniture_cues.csv"):
        entries.append((row["cue"], Mention(0, 0, FURNITURE, row["kind"], "")))
    return entries


@lru_cache(maxsize=1)
def automaton() -> ahocorasick.Automaton:
    """The one automaton over every surface form; later sources win on an exact clash.

    Order matters: cities first, then countries, then vendors and cues, so that "Singapore"
    is a country and "China Telecom" a vendor rather than a country followed by a word.
    """
    automaton = ahocorasick.Automaton()
    for key, mention in _city_entries() + _country_entries() + _vendor_entries() + _cue_entries():
        automaton.add_word(key, (len(key), mention))
    automaton.make_automaton()
    return automaton


_CURRENCIES = (
    r"roubles?|rubles?|yuan|renminbi|rupees?|pesos?|dollars?|euros?|pounds?|francs?|"
    r"shillings?|dinars?|dirhams?|riyals?|rials?|reais|lira|liras|yen|won|tenge|naira|rand"
)
#: Nouns that make a nationality adjective part of a place's or firm's own name, a
#: currency's ("paid in Russian roubles" says nothing of who supplies or receives) or a
#: language's ("translated from the Spanish original").
_NOT_NATIONAL = re.compile(
    r"(?: (?:Ocean|Sea|Gulf|Town|Peninsula|Subcontinent|Airlines|Airways|"
    rf"{_CURRENCIES}|original|translation|version)|[ -]language)\b"
)
#: A country's name before its currency ("thirteen million United States dollars") or as the
#: first word of a donor's or lender's name ("a grant from the Japan International
#: Cooperation Agency"): neither is a place anything went to.
_NOT_A_PLACE_AFTER = re.compile(
    rf" (?:{_CURRENCIES}|International (?:Cooperation|Development) Agency|Development Bank"
    r"|Export-Import Bank|Exim ?[Bb]ank)\b"
)
#: "New" before a city names another town ("New Amsterdam", "New Plymouth"); a "New X" the
#: gazetteer knows ("New Delhi", "New York") matches as the longer name first.
_NEW_BEFORE = re.compile(r"(?:^|\W)New $")
#: Prefixes that make a nationality adjective part of another word ("Inter-American
#: Development Bank", "pan-African"), not a nationality.
_BOUND_PREFIX = re.compile(r"(?:^|\W)(?:inter|pan|trans|intra|anti|pro|non|sub)-$", re.IGNORECASE)


def _a_heading(text: str, start: int, end: int, mention: Mention) -> bool:
    """Whether a country's name, if written in capitals, is on a line all in capitals: a
    document's heading ("REPUBLIC OF PANAMA", "FIRST DISTRICT COURT ..., MEXICO CITY") says
    where it is from; capitals before lower-case text are mostly datelines ("PORT OF SPAIN, Oct
    3 -"), whose cities the gazetteer does not read in capitals. Looks at most
    ``_HEADING_REACH`` characters either side, so that a scan stays linear on any text."""
    written = text[start:end]
    if mention.form != "name" or len(written) <= 4 or not written.isupper():
        return True
    before = text[max(0, start - _HEADING_REACH) : start]
    after = text[end : end + _HEADING_REACH]
    line_before = before.rsplit("\n", 1)
    line_after = after.split("\n", 1)
    starts_line = len(line_before) == 2 or start <= _HEADING_REACH
    ends_line = len(line_after) == 2 or end + _HEADING_REACH >= len(text)
    line = line_before[-1] + line_after[0]
    return starts_line and ends_line and not any(ch.islower() for ch in line)


_HEADING_REACH = 80


def scan(text: str) -> list[Mention]:
    """Longest non-overlapping whole-word matches, in text order.

    >>> [(m.kind, m.value) for m in scan("Huawei built it in Papua New Guinea.")]
    [('vendor', 'huawei'), ('country', 'PNG')]
    """
    hits: list[tuple[int, int, Mention]] = []
    n = len(text)
    for end_index, (length, mention) in automaton().iter(text):
        start = end_index - length + 1
        # Whole words only: reject a hit glued to a letter or digit on either side.
        if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            continue
        if end_index + 1 < n and text[end_index + 1].isalnum() and text[end_index].isalnum():
            continue
        if (
            mention.kind == CITY
            and start > 1
            and text[start - 1] == "-"
            and text[start - 2].isalpha()
        ):
            continue  # "KwaZulu-Natal": the end of a longer name, not the city
        if mention.kind == CITY and _NEW_BEFORE.search(text, max(0, start - 5), start):
            continue  # "New Amsterdam" (Guyana), "New Delhi" aside: another town's name
        if mention.kind == COUNTRY:
            following = text[end_index + 1 : end_index + 2]
            if following == "$":
                continue  # "US$30m", "NZ$": a currency, not a country
            if text[end_index].isupper() and not _a_heading(text, start, end_index + 1, mention):
                continue  # "PORT OF SPAIN, Oct 3", "SHANGHAI/SINGAPORE -": a dateline's city
            if following == " " and _NOT_A_PLACE_AFTER.match(text, end_index + 1):
                continue  # "United States dollars"; "the Japan International Cooperation Agency"
        if mention.form == "adjective" and _NOT_NATIONAL.match(text, end_index + 1):
            continue  # "the Indian Ocean", "Spanish Town": a proper name, not a nationality
        if mention.form == "adjective" and _BOUND_PREFIX.search(text, max(0, start - 7), start):
            continue  # "Inter-American": part of a longer word
        hits.append((start, -length, mention))
    hits.sort()
    result: list[Mention] = []
    last_end = -1
    for start, negative_length, mention in hits:
        if start >= last_end:
            end = start - negative_length
            result.append(Mention(start, end, mention.kind, mention.value, mention.form))
            last_end = end
    return result


@lru_cache(maxsize=1)
def _supplier_regions() -> dict[str, frozenset[str]]:
    """gazetteers/supplier_regions.csv: the countries each region may stand for."""
    table: dict[str, set[str]] = {}
    for row in _rows("supplier_regions.csv"):
        table.setdefault(row["region"], set()).add(row["iso3"])
    return {region: frozenset(countries) for region, countries in table.items()}


@lru_cache(maxsize=1)
def _supplier_region_pattern() -> re.Pattern[str]:
    regions = "|".join(sorted(map(re.escape, _supplier_regions()), key=len, reverse=True))
    firms = (
        r"(?i:firms|companies|vendors|suppliers|contractors|manufacturers|integrators|exporters)"
    )
    return re.compile(
        rf"\b{firms}\s+(?:from|based\s+in|headquartered\s+in)\s+the\s+({regions})\b"
        rf"|\b({regions})-based\s+{firms}\b"
    )


def with_supplier_regions(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a region named as suppliers' home ("vendors from the Gulf", "Gulf-based
    firms") read as the country of that region the document names most, when one does: the
    reporting names the country elsewhere ("Emirati firms ... Vendors from the Gulf")."""
    if not any(region in text for region in _supplier_regions()):
        return mentions
    added = []
    for match in _supplier_region_pattern().finditer(text):
        group = 1 if match.group(1) else 2
        countries = _supplier_regions()[match.group(group)]
        counts = Counter(
            m.value for m in mentions if m.kind in (COUNTRY, CITY) and m.value in countries
        )
        ranked = counts.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
            continue  # no Gulf state named, or two as often: which one is not told
        start, end = match.span(group)
        added.append(Mention(start, end, COUNTRY, ranked[0][0], "name"))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions

"""How to cite SurvIndex and the Carnegie data it builds on (BibTeX or APA).

The Carnegie index is CC BY 4.0: attribution is a condition of the licence, so every citation
this module prints names both works. CITATION.cff at the repository root says the same.
"""

from __future__ import annotations

from survindex import __version__

CARNEGIE_2022 = {
    "key": "feldstein2022aigs",
    "title": "AI & Big Data Global Surveillance Index (2022 updated)",
    "author": "Feldstein, Steven",
    "publisher": "Mendeley Data",
    "year": "2022",
    "doi": "10.17632/gjhf5y4xjp.4",
    "url": "https://data.mendeley.com/datasets/gjhf5y4xjp/4",
}
CARNEGIE_2019 = {
    "key": "feldstein2019global",
    "title": "The Global Expansion of AI Surveillance",
    "author": "Feldstein, Steven",
    "institution": "Carnegie Endowment for International Peace",
    "year": "2019",
    "url": "https://carnegieendowment.org/research/2019/09/the-global-expansion-of-ai-surveillance",
}
FORMATS = ("bibtex", "apa")


def bibtex() -> str:
    return (
        "@software{survindex,\n"
        "  title = {SurvIndex: an open, evidence-backed AI Global Surveillance Index},\n"
        "  author = {{SurvIndex contributors}},\n"
        f"  version = {{{__version__}}},\n"
        "  note = {Imports and checks the Carnegie AI Global Surveillance Index (CC BY 4.0)}\n"
        "}\n\n"
        f"@misc{{{CARNEGIE_2022['key']},\n"
        f"  title = {{{CARNEGIE_2022['title']}}},\n"
        f"  author = {{{CARNEGIE_2022['author']}}},\n"
        f"  publisher = {{{CARNEGIE_2022['publisher']}}},\n"
        f"  year = {{{CARNEGIE_2022['year']}}},\n"
        f"  doi = {{{CARNEGIE_2022['doi']}}},\n"
        f"  url = {{{CARNEGIE_2022['url']}}},\n"
        "  note = {Licensed CC BY 4.0}\n"
        "}\n\n"
        f"@techreport{{{CARNEGIE_2019['key']},\n"
        f"  title = {{{CARNEGIE_2019['title']}}},\n"
        f"  author = {{{CARNEGIE_2019['author']}}},\n"
        f"  institution = {{{CARNEGIE_2019['institution']}}},\n"
        f"  year = {{{CARNEGIE_2019['year']}}},\n"
        f"  url = {{{CARNEGIE_2019['url']}}}\n"
        "}\n"
    )


def apa() -> str:
    return (
        "SurvIndex contributors. (n.d.). SurvIndex: An open, evidence-backed AI Global "
        f"Surveillance Index (Version {__version__}) [Computer software].\n\n"
        "Feldstein, S. (2022). AI & Big Data Global Surveillance Index (2022 updated) (Version 4) "
        f"[Data set]. Mendeley Data. https://doi.org/{CARNEGIE_2022['doi']}\n\n"
        "Feldstein, S. (2019). The global expansion of AI surveillance. Carnegie Endowment for "
        f"International Peace. {CARNEGIE_2019['url']}\n"
    )


def citation(fmt: str = "bibtex") -> str:
    """The citations as text. Example: ``print(citation("apa"))``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown citation format {fmt!r}: use bibtex or apa")
    return bibtex() if fmt == "bibtex" else apa()

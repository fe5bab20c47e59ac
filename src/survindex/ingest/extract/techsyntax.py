"""Technologies told in plain words ("listening to calls", "reading citizens' posts").

Why from the parse: the gazetteer needs the name of a technology; reporting on interception
and monitoring often names only what is done ("officers could hear the conversation as it
happened"). A verb with a word in its subtree, matched by spaCy's DependencyMatcher, and a few
token phrases (spaCy Matcher), all in ``lexicon/technology_patterns.json``, cover that without
a pattern per passage.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from survindex.domain.vocab import Technology
from survindex.ingest.extract.syntax import pipeline

if TYPE_CHECKING:
    from spacy.matcher import DependencyMatcher, Matcher
    from spacy.tokens import Doc

_WORD = re.compile(r"[a-z][a-z-]*")
#: How many words may stand between a verb and its object in the fallback window.
_WINDOW = 8


@lru_cache(maxsize=1)
def _patterns() -> dict[str, Any]:
    text = (
        resources.files("survindex.ingest.extract")
        .joinpath("lexicon", "technology_patterns.json")
        .read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@lru_cache(maxsize=1)
def trigger_words() -> frozenset[str]:
    return frozenset(_patterns()["trigger_words"])


def may_name_technology(text: str) -> bool:
    """Cheap test before parsing: does the text hold a word the patterns start from?"""
    return not trigger_words().isdisjoint(_WORD.findall(text.lower()))


def plain_word_count(text: str) -> int:
    """How many different words the patterns start from the text holds."""
    return len(trigger_words().intersection(_WORD.findall(text.lower())))


@lru_cache(maxsize=1)
def _matchers() -> tuple[DependencyMatcher, Matcher]:
    from spacy.matcher import DependencyMatcher, Matcher

    vocab = pipeline().vocab
    dependency = DependencyMatcher(vocab)
    for entry in _patterns()["dependency"]:
        pattern = [
            {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": entry["verbs"]}}},
            {
                "LEFT_ID": "verb",
                "REL_OP": ">>",
                "RIGHT_ID": "object",
                "RIGHT_ATTRS": {"LEMMA": {"IN": entry["objects"]}},
            },
        ]
        dependency.add(entry["technology"], [pattern])
    phrases = Matcher(vocab)
    for entry in _patterns()["phrases"]:
        phrases.add(entry["technology"], [entry["pattern"]])
    for entry in _patterns()["dependency"]:
        # The same verb and object a few words apart, for when the parse goes astray
        # ("to track, at scale, the social media accounts of journalists").
        window: list[dict[str, Any]] = [
            {"LEMMA": {"IN": entry["verbs"]}, "POS": "VERB"},
            {"OP": f"{{0,{_WINDOW}}}"},
            {"LEMMA": {"IN": entry["objects"]}, "POS": {"IN": ["NOUN", "PROPN"]}},
        ]
        phrases.add(entry["technology"], [window])
    return dependency, phrases


def technologies_in(doc: Doc) -> list[Technology]:
    """The technologies the patterns find in a parsed sentence, sorted."""
    dependency, phrases = _matchers()
    found = {doc.vocab.strings[match_id] for match_id, _ in dependency(doc)}
    found.update(doc.vocab.strings[match_id] for match_id, _, _ in phrases(doc))
    return sorted((Technology(name) for name in found), key=str)

"""scripts/rule_counts.py counts rules in a synthetic module, and finds some in the real ones."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "rule_counts.py"
_spec = importlib.util.spec_from_file_location("rule_counts", _SCRIPT)
assert _spec is not None and _spec.loader is not None
rule_counts = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("rule_counts", rule_counts)  # dataclasses look their module up
_spec.loader.exec_module(rule_counts)


def test_one_compile_with_three_alternatives() -> None:
    counts = rule_counts.count_source('import re\n_X = re.compile(r"a|b|c")\n')
    assert (counts.regexes, counts.alternatives) == (1, 3)


def test_concatenation_keywords_words_and_quotes() -> None:
    source = (
        "import re\n"
        "_PREFIX = r'\\b(?:'\n"
        '# Written for "the firm won the tender".\n'
        "_WON = re.compile(r'\\b(?:won|wins)\\b' r'\\W+(?:bid|tender|contract)', re.I)\n"
        "_NEG = re.compile(_PREFIX + r'not|never)\\b')\n"
        "_KW = re.search(pattern='x|y', string='x')\n"
        "_WORDS = frozenset({'the', 'no longer', 'a'})\n"
        "_ONE = ('alone',)\n"
        "_SPLIT = frozenset(str.split('mr mrs dr'))\n"
        "__all__ = ['Name', 'Other']\n"
        "def f(text):\n"
        "    return re.sub(r'x', '', text) + re.sub(text, '', text)  # no \"quote\" here? yes\n"
    )
    counts = rule_counts.count_source(source)
    assert counts.regexes == 4  # the second re.sub has no literal pattern
    assert counts.alternatives == 2 + 3 + 2 + 2
    assert counts.regex_words == 2 + 3 + 2  # won wins / bid tender contract / not never
    assert counts.list_words == 4 + 3  # the no longer a / mr mrs dr
    assert counts.quoting_comments == 2


def test_the_extractor_has_rules() -> None:
    _, total = rule_counts.count_files(rule_counts.read_sources(None))
    assert total.regexes > 10
    assert total.alternatives > total.regexes
    assert total.words > 0

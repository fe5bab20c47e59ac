"""A firm unknown to the registry is the same firm under a longer or shorter form of its name
in one document (gold writers and reporters use both); supplier countries match only exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from survindex.ingest.firm_names import same_firm


def test_longer_and_shorter_forms_name_the_recorded_firm() -> None:
    assert same_firm("sergek group", {"sergek", "@CHN"}) == "sergek"
    assert same_firm("himal vision", {"himal vision systems"}) == "himal vision systems"
    assert same_firm("sergek", {"sergek"}) == "sergek"
    assert same_firm("kentsel guvenlik teknolojileri", {"kgt"}) == "kgt"
    assert same_firm("kgt", {"kentsel guvenlik teknolojileri", "@TUR"}) == (
        "kentsel guvenlik teknolojileri"
    )
    assert same_firm("kg", {"kentsel guvenlik"}) == "kg"  # two words are no initials


def test_no_alignment_when_ambiguous_or_unrelated() -> None:
    assert same_firm("sentinel", {"sentinel arc", "sentinel vision"}) == "sentinel"
    assert same_firm("arc", {"sentinel arc"}) == "arc"
    assert same_firm("@CHN", {"@CHN group"}) == "@CHN"


_word = st.text(alphabet="abcdefgh", min_size=1, max_size=5)
_name = st.lists(_word, min_size=1, max_size=4).map(" ".join)


@given(_name, st.sets(_name | st.just("@CHN"), max_size=5))
def test_the_answer_is_the_name_itself_or_one_recorded_name(name: str, recorded: set[str]) -> None:
    found = same_firm(name, recorded)
    assert found == name or found in recorded
    if name in recorded:
        assert found == name
    if found != name:
        short, long = sorted((name.split(), found.split()), key=len)
        initials = "".join(word[0] for word in long)
        assert long[: len(short)] == short or (len(long) >= 3 and short == [initials])

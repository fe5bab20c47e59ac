"""Which recorded firm a proposed firm's name stands for, in one document.

Pure (imports nothing of ours) so that ``scripts/blind_report.py`` can load it by path while
measuring an older checkout with the same matching.
"""

from __future__ import annotations

from collections.abc import Iterable


def same_firm(name: str, recorded: Iterable[str]) -> str:
    """The recorded supplier key that ``name`` stands for in the same document: itself, or the
    one firm recorded under a longer or shorter form of its name ("sergek group" for "sergek",
    "himal vision" for "himal vision systems"). Writers of gold lines, like reporters, name a
    firm unknown to the registry sometimes in full and sometimes by its first words; which form
    the extractor keeps is not what it is measured on. Supplier countries match only exactly."""
    names = set(recorded)
    if name in names or name.startswith("@"):
        return name
    words = name.split()
    related = [
        other
        for other in names
        if not other.startswith("@")
        and (other.split()[: len(words)] == words or words[: len(other.split())] == other.split())
    ]
    if not related:  # "kgt" for "kentsel guvenlik teknolojileri": a firm known by its initials
        related = [
            other
            for other in names
            if not other.startswith("@") and (_initials(other) == name or _initials(name) == other)
        ]
    return related[0] if len(related) == 1 else name


def _initials(name: str) -> str:
    """The first letters of a name of three words or more, or "" ("kgt")."""
    words = name.split()
    return "".join(word[0] for word in words) if len(words) >= 3 else ""

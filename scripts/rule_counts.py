"""Count the hand-written rules of the claim extractor: regexes, alternatives, words, quotes.

Run: ``.venv/bin/python scripts/rule_counts.py [--rev GITREV] [--json]``

The extractor (src/survindex/ingest/extract/) is rules: regexes with long alternations, word
lists, and comments quoting the passages a rule was written for. These counts say how much of
that there is, so that a rewrite can be compared with what it replaced (``--rev 3143e67`` reads
the files as they were at that commit, with ``git ls-tree`` and ``git show``; without it, the
working tree). Every Python file under the directory, subpackages included; per file and in
total:

- regexes: calls of ``re.compile/search/match/fullmatch/finditer/findall/sub/split`` whose
  pattern (first argument or ``pattern=``) is a string literal, a ``+`` concatenation of string
  literals, or a module-level name bound once to one of those. Uses of compiled patterns
  (``_WON.search(...)``) are not counted again.
- alternatives: the branches of every alternation in those patterns, counted in the pattern
  text (a small scanner that skips escapes and character classes): the whole pattern and every
  group whose own level has k ``|`` contribute k + 1; nested groups count on their own, so
  ``a|(?:b|c)`` gives 2 + 2 = 4. (``re._parser`` is not used: it rewrites ``a|b|c`` into a
  character class and factors common prefixes out of branches, which hides both the branches
  and the words.)
- list words: the words of string literals made of letters (``"no longer"`` is two words)
  inside frozenset/set/tuple/list literals of two or more strings, or inside ``str.split``
  of a literal (``frozenset(str.split("mr mrs dr"))``); ``__all__`` is left out.
- regex words: runs of two or more literal letters inside an alternation (at any depth under a
  level with ``|``), so ``\\b(?:won|wins)\\b`` gives 2; ``[Tt]`` counts as a letter. Suffix
  fragments such as ``ed`` in ``offer(?:ed|s)`` count as words: it is a rough measure of the
  vocabulary written into patterns, not a dictionary.
- quoting comments: comment lines (``#`` comments, found with ``tokenize``) that contain a
  double-quoted phrase, straight or curly: the passages rules were written for.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import re
import subprocess
import sys
import tokenize
from dataclasses import asdict, dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXTRACT_DIR = "src/survindex/ingest/extract"
REGEX_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "split"}
)
_WORD_LITERAL = re.compile(r"[^\W\d_]+(?:[\s'\u2019-]+[^\W\d_]+)*")
_QUOTED = re.compile(r"\"[^\"]*[^\W\d_][^\"]*\"|\u201c[^\u201d]*[^\W\d_][^\u201d]*\u201d")


@dataclass
class Counts:
    regexes: int = 0
    alternatives: int = 0
    list_words: int = 0
    regex_words: int = 0
    quoting_comments: int = 0

    @property
    def words(self) -> int:
        return self.list_words + self.regex_words

    def add(self, other: Counts) -> None:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))


# --- patterns ---------------------------------------------------------------------------------


@dataclass
class PatternCounts:
    alternatives: int
    words: int


def _group_header_end(pattern: str, i: int) -> int:
    """Index just past the syntax that opens the group at ``pattern[i] == "("``."""
    if not pattern.startswith("(?", i):
        return i + 1
    j = i + 2
    if j < len(pattern) and pattern[j] in ":=!>":
        return j + 1
    if pattern.startswith("<=", j) or pattern.startswith("<!", j):
        return j + 2
    if pattern.startswith("P<", j) or pattern.startswith("<", j):
        return pattern.index(">", j) + 1
    if pattern.startswith("P=", j):  # a back-reference by name: (?P=name)
        return pattern.index(")", j)
    if pattern.startswith("(", j):  # a conditional: (?(1)yes|no)
        return pattern.index(")", j) + 1
    while j < len(pattern) and pattern[j] not in ":)":  # flags: (?i) or (?i-s:...)
        j += 1
    return j + 1 if j < len(pattern) and pattern[j] == ":" else j


def _class_end(pattern: str, i: int) -> int:
    """Index just past the character class opening at ``pattern[i] == "["``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _case_pair(pattern: str, i: int, end: int) -> bool:
    """``[Tt]``: a class of one letter in both cases, read as that letter."""
    inner = pattern[i + 1 : end - 1]
    return len(inner) == 2 and inner[0].isalpha() and inner[0].swapcase() == inner[1]


def pattern_counts(pattern: str) -> PatternCounts:
    """Alternatives and words of one pattern (see the module docstring); verbose mode is not
    understood (its whitespace and comments would be read as literals)."""
    # One frame per open level: [bars at this level, words not yet counted]. When a level
    # closes, its words count if it has bars, else they move to the level around it.
    stack: list[list[int]] = [[0, 0]]
    alternatives = 0
    words = 0
    run = 0

    def end_run() -> None:
        nonlocal run
        if run >= 2:
            stack[-1][1] += 1
        run = 0

    def close_level() -> None:
        nonlocal alternatives, words
        bars, level_words = stack.pop()
        if bars:
            alternatives += bars + 1
            words += level_words
        elif stack:
            stack[-1][1] += level_words  # no alternation here: one around it may still hold it

    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            end_run()
            escaped = pattern[i + 1 : i + 2]
            i += 2 + {"x": 2, "u": 4, "U": 8}.get(escaped, 0)
            if escaped == "N" and pattern.startswith("{", i):
                i = pattern.index("}", i) + 1
        elif char == "[":
            end = _class_end(pattern, i)
            if _case_pair(pattern, i, end):
                run += 1
            else:
                end_run()
            i = end
        elif char == "(":
            end_run()
            stack.append([0, 0])
            i = _group_header_end(pattern, i)
        elif char == ")":
            end_run()
            if len(stack) > 1:
                close_level()
            i += 1
        elif char == "|":
            end_run()
            stack[-1][0] += 1
            i += 1
        elif char == "{" and re.match(r"\{\d*,?\d*\}", pattern[i:]):
            end_run()
            i = pattern.index("}", i) + 1
        elif char.isalpha():
            run += 1
            i += 1
        else:
            end_run()
            i += 1
    end_run()
    while stack:
        close_level()
    return PatternCounts(alternatives, words)


# --- Python sources ---------------------------------------------------------------------------


def _literal_string(node: ast.AST, constants: dict[str, str]) -> str | None:
    """The string a literal, a ``+`` of literals or a module constant name stands for."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _literal_string(node.left, constants)
        right = _literal_string(node.right, constants)
        if left is not None and right is not None:
            return left + right
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound exactly once, to a literal string (or a ``+`` of them)."""
    bound: dict[str, int] = {}
    values: dict[str, str] = {}
    for statement in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        for target in targets:
            if isinstance(target, ast.Name):
                bound[target.id] = bound.get(target.id, 0) + 1
                text = _literal_string(value, values) if value is not None else None
                if text is not None:
                    values[target.id] = text
    return {name: text for name, text in values.items() if bound[name] == 1}


def _regex_callables(tree: ast.Module) -> tuple[set[str], set[str]]:
    """(names the ``re`` module is bound to, names bound to its functions by ``from re``)."""
    modules: set[str] = set()
    functions: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "re":
                    modules.add(alias.asname or "re")
        elif isinstance(node, ast.ImportFrom) and node.module == "re":
            for alias in node.names:
                if alias.name in REGEX_FUNCTIONS:
                    functions.add(alias.asname or alias.name)
    return modules, functions


def _words(text: str) -> int:
    return len(text.split()) if _WORD_LITERAL.fullmatch(text.strip()) else 0


def _split_words(node: ast.AST) -> int | None:
    """Words of ``str.split("a b c")`` or ``"a b c".split()``, else None."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    if node.func.attr != "split":
        return None
    owner = node.func.value
    if isinstance(owner, ast.Name) and owner.id == "str" and len(node.args) == 1:
        argument = node.args[0]
    elif isinstance(owner, ast.Constant) and not node.args:
        argument = owner
    else:
        return None
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return sum(_words(word) for word in argument.value.split())
    return None


def _list_words(tree: ast.Module) -> int:
    exports = {
        id(statement.value)
        for statement in tree.body
        if isinstance(statement, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets)
    }
    total = 0
    for node in ast.walk(tree):
        if id(node) in exports:
            continue  # names exported, not words
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            strings = [
                element.value
                for element in node.elts
                if isinstance(element, ast.Constant) and isinstance(element.value, str)
            ]
            if len(strings) >= 2:
                total += sum(_words(text) for text in strings)
        else:
            split = _split_words(node)
            if split is not None:
                total += split
    return total


def _quoting_comments(source: str) -> int:
    total = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and _QUOTED.search(token.string):
                total += 1
    except (tokenize.TokenError, SyntaxError):
        pass
    return total


def count_source(source: str) -> Counts:
    """The counts for one Python module's source text."""
    tree = ast.parse(source)
    constants = _module_constants(tree)
    modules, functions = _regex_callables(tree)
    counts = Counts(list_words=_list_words(tree), quoting_comments=_quoting_comments(source))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        is_regex = (
            isinstance(func, ast.Attribute)
            and func.attr in REGEX_FUNCTIONS
            and isinstance(func.value, ast.Name)
            and func.value.id in modules
        ) or (isinstance(func, ast.Name) and func.id in functions)
        if not is_regex:
            continue
        argument = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg == "pattern":
                argument = keyword.value
        pattern = _literal_string(argument, constants) if argument is not None else None
        if pattern is None:
            continue
        found = pattern_counts(pattern)
        counts.regexes += 1
        counts.alternatives += found.alternatives
        counts.regex_words += found.words
    return counts


# --- files ------------------------------------------------------------------------------------


def _git(*arguments: str) -> str:
    result = subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


def read_sources(rev: str | None) -> dict[str, str]:
    """{path: source} of the extractor's Python files, in the working tree or at ``rev``."""
    if rev is None:
        paths = sorted((ROOT / EXTRACT_DIR).rglob("*.py"))
        return {path.relative_to(ROOT).as_posix(): path.read_text("utf-8") for path in paths}
    listing = _git("ls-tree", "-r", "--name-only", rev, f"{EXTRACT_DIR}/").splitlines()
    return {path: _git("show", f"{rev}:{path}") for path in sorted(listing) if path.endswith(".py")}


def count_files(sources: dict[str, str]) -> tuple[dict[str, Counts], Counts]:
    """Counts per file (named relative to the extractor's directory) and in total."""
    per_file = {
        Path(path).relative_to(EXTRACT_DIR).as_posix(): count_source(source)
        for path, source in sources.items()
    }
    total = Counts()
    for counts in per_file.values():
        total.add(counts)
    return per_file, total


def _row(counts: Counts) -> dict[str, int]:
    return {**asdict(counts), "words": counts.words}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="count the files as of this git revision")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    try:
        sources = read_sources(args.rev)
    except subprocess.CalledProcessError as error:
        sys.exit(f"git failed: {error.stderr.strip()}")
    if not sources:
        sys.exit(f"no Python files under {EXTRACT_DIR}")
    per_file, total = count_files(sources)
    if args.json:
        report = {
            "rev": args.rev or "working tree",
            "files": {name: _row(counts) for name, counts in per_file.items()},
            "total": _row(total),
        }
        print(json.dumps(report, indent=2))
        return
    columns = ["regexes", "alternatives", "list_words", "regex_words", "words", "quoting_comments"]
    headers = ["regexes", "alternatives", "list words", "regex words", "words", "quote comments"]
    width = max(len(name) for name in [*per_file, "total"])
    print(f"{EXTRACT_DIR} at {args.rev or 'working tree'}")
    print(f"{'file':<{width}}  " + "  ".join(f"{h:>{len(h)}}" for h in headers))
    rows = [*per_file.items(), ("total", total)]
    for index, (name, counts) in enumerate(rows):
        if index == len(rows) - 1:
            print("-" * (width + sum(len(h) + 2 for h in headers)))
        row = _row(counts)
        cells = "  ".join(f"{row[c]:>{len(h)}}" for c, h in zip(columns, headers, strict=True))
        print(f"{name:<{width}}  {cells}")


if __name__ == "__main__":
    main()

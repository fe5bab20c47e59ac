"""Docs are tested: every CLI command and option, setting, finding id and vocabulary term."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

from survindex.domain import Technology
from survindex.interfaces.cli import app
from survindex.interfaces.cli_docs import cli_reference
from survindex.settings import SurvIndexSettings, env_var

ROOT = Path(__file__).resolve().parents[1]


def _commands(command: Any, path: str = "survindex") -> Iterator[tuple[str, Any]]:
    """Every visible command and sub-command of the click tree Typer builds, with its path."""
    yield path, command
    for name, sub in (getattr(command, "commands", None) or {}).items():
        if not sub.hidden:
            yield from _commands(sub, f"{path} {name}")


def _expected_words(command: Any) -> set[str]:
    """How the reference must name each visible argument and option of a command."""
    words = set()
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            words.add((param.name or "").rstrip("_").upper())
        else:
            words.update(f"`{name}" for name in [*param.opts, *param.secondary_opts])
    return words


def _sections(markdown: str) -> dict[str, str]:
    """Text under each heading of a Markdown page, by heading."""
    sections: dict[str, str] = {}
    heading, in_code = "", False
    for line in markdown.splitlines():
        in_code ^= line.startswith("```")
        if line.startswith("#") and not in_code:
            heading = line.lstrip("#").strip()
            sections[heading] = ""
        else:
            sections[heading] = sections.get(heading, "") + line + "\n"
    return sections


def _missing_from_reference(reference: str) -> list[str]:
    sections = _sections(reference)
    missing = []
    for path, command in _commands(typer.main.get_command(app)):
        heading = "Global options" if path == "survindex" else f"`{path}`"
        if heading not in sections:
            missing.append(path)
            continue
        missing += [f"{path} {w}" for w in _expected_words(command) if w not in sections[heading]]
    return missing


def test_every_command_sub_command_and_option_is_in_docs_cli() -> None:
    """docs/cli.md is generated (`make docs`); this fails when it was not regenerated."""
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = _missing_from_reference(reference)
    assert not missing, f"missing from docs/cli.md (run `make docs`): {missing}"


def test_the_generator_documents_every_command_and_option() -> None:
    assert _missing_from_reference(cli_reference()) == []


def test_every_setting_is_in_the_one_settings_table() -> None:
    """docs/settings.md holds the only table of variables, with a row for each settings field."""
    rows = {
        path.name: [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `SURVINDEX_")
        ]
        for path in (ROOT / "docs").glob("*.md")
    }
    documented = {line.split("`")[1] for line in rows.pop("settings.md")}
    for name in SurvIndexSettings.model_fields:
        assert env_var(name) in documented, f"{env_var(name)} is missing from docs/settings.md"
    assert not any(rows.values()), "variables belong in the table of docs/settings.md only"


def test_readme_opens_with_the_two_commands_and_credits_carnegie() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[:1500]
    assert "make run" in head and "make test" in head
    assert "CC BY 4.0" in readme and "10.17632/gjhf5y4xjp.4" in readme


def test_every_technology_and_finding_family_is_in_the_methodology() -> None:
    contracts = (ROOT / "docs" / "contracts.md").read_text(encoding="utf-8")
    methodology = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    for technology in Technology:
        assert f"`{technology.value}`" in contracts
    for family in (
        "countries.total",
        "countries.using_any",
        "technology.",
        "supplier_country.CHN",
        "vendor.",
        "regime.",
        "military.top50",
    ):
        assert family in methodology, family

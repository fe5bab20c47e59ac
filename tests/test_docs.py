"""Docs are tested: every CLI command, finding id and vocabulary term is documented."""

from __future__ import annotations

from pathlib import Path

from survindex.domain import Technology
from survindex.interfaces.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _command_names() -> set[str]:
    names = set()
    for command in app.registered_commands:
        names.add(command.name or command.callback.__name__.replace("_", "-"))  # type: ignore[union-attr]
    for group in app.registered_groups:
        names.add(group.name or "")
    return names - {""}


def test_every_cli_command_is_in_the_cli_reference() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in _command_names():
        assert f"survindex {name}" in reference, name


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

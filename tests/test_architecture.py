"""Arrows point down: interfaces -> (ingest, review, analysis, publish) -> store -> domain."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "survindex"
ALLOWED = {
    "domain": {"domain"},
    "reference": {"domain", "reference"},
    "store": {"domain", "store", "settings"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("survindex.")
        ):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("survindex."):
                    found.add(alias.name.split(".")[1])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_lower_layers_do_not_import_upper_ones(layer: str) -> None:
    for path in (PACKAGE / layer).rglob("*.py"):
        assert _imports(path) <= ALLOWED[layer], path


def test_settings_import_nothing_of_ours() -> None:
    """Every layer, store/ included, may read the settings, so they must sit below them all."""
    assert _imports(PACKAGE / "settings.py") == set()


def test_nothing_imports_interfaces() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "interfaces" in path.relative_to(PACKAGE).parts or path.name == "__main__.py":
            continue
        assert "interfaces" not in _imports(path), path

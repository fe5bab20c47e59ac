"""The report is one offline file with escaped text; PDF printing; citations."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from typer.testing import CliRunner

from survindex.domain import DataQualityNote
from survindex.publish.bundle import load_bundle
from survindex.publish.citation import citation
from survindex.publish.report import render_report, write_report


@pytest.fixture(scope="module")
def html_2022(built_store, world_map) -> str:
    with built_store.read() as session:
        return render_report(load_bundle(session=session, slug="aigs-2022"))


def test_report_is_self_contained(html_2022):
    assert "<script" not in html_2022.lower()
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', html_2022)
    assert "<link" not in html_2022.lower()
    assert "default-src 'none'" in html_2022


def test_report_has_every_section(html_2022):
    for section in ("findings", "map", "charts", "crosstabs", "models", "vendors", "quality",
                    "methodology", "cite"):  # fmt: skip
        assert f'<section id="{section}"' in html_2022
    assert html_2022.count("<svg") >= 4  # map and three charts
    assert "Countries with facial recognition systems" in html_2022
    assert "Belt and Road membership</strong> is not modelled" in html_2022
    assert "Huawei" in html_2022 and "CC BY 4.0" in html_2022
    assert "UnitElectoral Democracy States" in html_2022  # the data-quality note on the US row


def test_untrusted_text_is_escaped(built_store, world_map):
    with built_store.read() as session:
        bundle = load_bundle(session=session, slug="aigs-v1")
    evil = DataQualityNote("x", "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "-")
    html = render_report(dataclasses.replace(bundle, notes=(evil,)))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html


@pytest.mark.parametrize("slug", ["aigs-v1", "aigs-2019", "live"])
def test_other_editions_render(built_store, world_map, tmp_path, slug):
    out = tmp_path / f"{slug}.html"
    with built_store.read() as session:
        assert write_report(session=session, slug=slug, out=out) == [out]
    assert "How to cite" in out.read_text("utf-8")


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_pdf_is_printed(built_store, world_map, tmp_path):
    out = tmp_path / "report.html"
    with built_store.read() as session:
        written = write_report(session=session, slug="aigs-2022", out=out, pdf=True)
    pdf = tmp_path / "report.pdf"
    assert written == [out, pdf]
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 50_000


def test_citations_name_both_works():
    bib = citation("bibtex")
    assert "@software{survindex" in bib and "10.17632/gjhf5y4xjp.4" in bib
    assert "Feldstein, S. (2022)" in citation("apa")
    with pytest.raises(ValueError):
        citation("mla")


def test_cli_cite_and_bad_format():
    from survindex.interfaces.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["cite", "--format", "apa"])
    assert result.exit_code == 0 and "Mendeley Data" in result.output
    assert runner.invoke(app, ["cite", "--format", "mla"]).exit_code == 1


def test_citation_cff_exists():
    from pathlib import Path

    cff = Path(__file__).resolve().parents[2] / "CITATION.cff"
    text = cff.read_text("utf-8")
    assert "cff-version: 1.2.0" in text and "10.17632/gjhf5y4xjp.4" in text

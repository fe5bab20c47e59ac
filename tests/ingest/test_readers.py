"""Readers: the text as read is the reference for offsets; bad files fail with one line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survindex.ingest import readers
from survindex.ingest.readers import ReadError, read_document, read_paths

HTML = """<!doctype html><html><head><title>Cameras in Belgrade</title>
<meta name="date" content="2020-03-01"><link rel="canonical" href="https://example.org/b"></head>
<body><nav>Home | World</nav><article><h1>Cameras in Belgrade</h1>
<p>Serbia's interior ministry said Huawei had installed 1,000 surveillance cameras in Belgrade
under its safe city programme, which the government has defended as a crime-fighting tool.</p>
</article><footer>We use cookies.</footer></body></html>"""


def test_plain_text_is_the_file_content_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    content = "Line one.\r\n\r\n  Huawei built it.\n"
    path.write_bytes(content.encode("utf-8"))
    document = read_document(path)
    assert document.text == content
    assert document.reader == "text"
    assert len(document.sha256) == 64


def test_latin1_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Le ministère de l'Intérieur a déployé des caméras à Abidjan, en Côte d'Ivoire. " * 3
    path.write_bytes(text.encode("latin-1"))
    assert read_document(path).text == text


def test_html_keeps_title_date_url_and_main_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    document = read_document(path)
    assert document.title == "Cameras in Belgrade"
    assert document.url == "https://example.org/b"
    assert document.published == "2020-03-01"
    assert "Huawei had installed" in document.text
    assert "cookies" not in document.text


def test_markdown_is_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("# Title\n\nHuawei built *it*.\n", encoding="utf-8")
    document = read_document(path)
    assert document.reader == "markdown"
    assert document.text == "# Title\n\nHuawei built *it*.\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"  \n\t ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_bad_files_fail_with_one_line_naming_them(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ReadError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert problem in message


def test_missing_file_and_directory_are_read_errors(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="cannot read"):
        read_document(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="directory"):
        read_document(tmp_path)


def test_broken_pdf_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert str(path) in str(info.value)


def test_batch_goes_on_and_reports_errors(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "good.txt").write_text("Huawei built it.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / ".hidden.txt").write_text("skip me", encoding="utf-8")
    documents, errors = read_paths([tmp_path, tmp_path / "missing.txt"])
    assert [Path(d.path).name for d in documents] == ["good.txt"]
    assert sorted(Path(e.path).name for e in errors) == ["empty.txt", "missing.txt"]


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"Huawei built it."), encoding="utf-8")
    monkeypatch.setattr(readers.sys, "stdin", fake)
    documents, errors = read_paths(["-"])
    assert errors == []
    assert documents[0].path == "<stdin>"
    assert documents[0].text == "Huawei built it."


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(min_size=1).filter(
        # Text that begins like an HTML page ("<HTML") is read as one, by design: not plain text.
        lambda s: s.strip() and "\x00" not in s and not readers._looks_like_html(s)
    )
)
def test_utf8_text_round_trips(tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_document(path).text == text


def _minimal_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF (Helvetica text, correct xref offsets) written by hand, so the
    test needs no PDF-writing dependency."""
    content = (
        "BT /F1 11 Tf 72 720 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
            for line in lines
        )
        + " ET"
    )
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (Cameras in Kampala) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_valid_pdf_is_read_and_offsets_index_its_text(tmp_path: Path) -> None:
    from survindex.ingest.extract import extract_claims

    path = tmp_path / "report.pdf"
    sentence = "Huawei installed safe city cameras in Kampala, Uganda."
    path.write_bytes(_minimal_pdf(["Annual report on policing.", sentence]))
    document = read_document(path)
    assert document.reader == "pdf"
    assert document.title == "Cameras in Kampala"
    assert sentence in document.text
    (claim,) = extract_claims(document.text, document.path)
    assert (claim.vendor_slug, claim.country, claim.city) == ("huawei", "UGA", "Kampala")
    assert document.text[claim.start : claim.end] == claim.quote

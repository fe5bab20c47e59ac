"""A NUL anywhere makes a file binary: before, only the first 8 KB were looked at, so a NUL at
byte 15,000 of a text file was stored inside the document text."""

from __future__ import annotations

from pathlib import Path

import pytest

from survindex.ingest.readers import ReadError, read_bytes, read_document, read_paths

SENTENCE = b"Huawei installed surveillance cameras in Nairobi for the police. "


def text_with_nul(at: int, size: int = 20_000) -> bytes:
    data = bytearray((SENTENCE * (size // len(SENTENCE) + 1))[:size])
    data[at] = 0
    return bytes(data)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
def test_a_nul_after_the_first_8_kb_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"article{suffix}"
    path.write_bytes(text_with_nul(15_000))
    with pytest.raises(ReadError) as refused:
        read_document(path)
    assert str(refused.value) == (
        f"{path}: binary file (NUL byte at offset 15000); give a text, HTML or PDF file"
    )


def test_a_nul_in_utf16_text_is_refused_too() -> None:
    text = "Huawei installed cameras. " * 400 + "\x00" + "More text."
    with pytest.raises(ReadError, match="NUL character at position 10400"):
        read_bytes("<stdin>", text.encode("utf-16"))


def test_the_other_files_of_a_folder_are_still_read(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(text_with_nul(15_000))
    (tmp_path / "good.txt").write_bytes(SENTENCE * 300)
    documents, errors = read_paths([tmp_path])
    assert [Path(d.path).name for d in documents] == ["good.txt"]
    assert all("\x00" not in d.text for d in documents)
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'bad.txt'}: binary file (NUL byte at offset 15000); "
        "give a text, HTML or PDF file"
    ]

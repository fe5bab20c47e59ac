"""The extract/eval sub-application: JSONL on stdout, one-line errors, non-zero exits."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from survindex.interfaces.cli_extract import app

DEVSET = Path(__file__).resolve().parents[1] / "devset"
runner = CliRunner()


def test_extract_jsonl_and_bad_file(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Huawei installed CCTV cameras in Lusaka.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(good), str(empty)])
    assert result.exit_code == 1
    first = json.loads(result.stdout.splitlines()[0])
    assert (first["vendor"], first["country"], first["city"]) == ("Huawei", "ZMB", "Lusaka")
    assert "Traceback" not in result.output
    assert f"{empty}: empty file" in result.output


def test_extract_rejects_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "x.txt", "--format", "xml"])
    assert result.exit_code == 2
    assert "unknown format" in result.output


def test_extract_reads_stdin() -> None:
    result = runner.invoke(app, ["extract", "-"], input="ZTE built CCTV in Quito, Ecuador.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["country"] == "ECU"


def test_eval_prints_figures_and_enforces_floor() -> None:
    args = ["eval", str(DEVSET / "gold.jsonl"), "--docs", str(DEVSET / "docs")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "precision" in result.output and "status accuracy" in result.output
    assert runner.invoke(app, [*args, "--min-f1", "1.01"]).exit_code == 1
    missing = runner.invoke(app, ["eval", "nope.jsonl", "--docs", str(DEVSET)])
    assert missing.exit_code == 2 and "not found" in missing.output

"""The reviewed surveillance-finance decisions (reference/data/aiddata/surveillance-finance-
review.csv): 219 AidData records, each kept (core or borderline) or excluded, with a reason.

These decisions are what turns an AidData record into a SurvIndex claim: kept records become
accepted claims, "excluded (uncertain)" ones candidates for the review queue, excluded ones no
claim at all. The decision and the reason travel with every record into the store.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from survindex.domain import Relevance
from survindex.ingest.aiddata_files import AidDataFormatError, amount, text, whole_number
from survindex.reference.aiddata import REVIEWED_TABLE, bundled_aiddata

COLUMNS = (
    "aiddata_record_id",
    "recipient",
    "recipient_iso3",
    "commitment_year",
    "title",
    "decision",
    "relevance",
    "reason",
)


@dataclass(frozen=True)
class ReviewedRecord:
    record_id: int
    line: int
    recipient: str | None
    recipient_iso3: str | None
    commitment_year: int | None
    title: str
    decision: str  # as written: "kept (core)", "excluded (uncertain - verify ...)", ...
    relevance: Relevance
    reason: str | None
    flow_type: str | None = None
    amount_usd: float | None = None
    funding_agencies: str | None = None
    status: str | None = None
    sector: str | None = None
    match_terms: str | None = None
    contractors: str | None = None
    funding_flow_provenance: str | None = None
    source_record: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class ReviewTable:
    path: Path
    sha256: str
    records: dict[int, ReviewedRecord]

    @property
    def kept(self) -> tuple[ReviewedRecord, ...]:
        wanted = (Relevance.CORE, Relevance.BORDERLINE)
        return tuple(r for r in self.records.values() if r.relevance in wanted)


def relevance_of(decision: str) -> Relevance:
    """``kept (core)`` -> core, ``kept (borderline)`` -> borderline, ``excluded (uncertain
    ...)`` -> uncertain, ``excluded`` -> excluded."""
    words = decision.strip().casefold()
    if words.startswith("kept") and "borderline" in words:
        return Relevance.BORDERLINE
    if words.startswith("kept"):
        return Relevance.CORE
    if words.startswith("excluded") and "uncertain" in words:
        return Relevance.UNCERTAIN
    if words.startswith("excluded"):
        return Relevance.EXCLUDED
    raise ValueError(f"decision {decision!r} is neither kept nor excluded")


def _row(path: Path, line: int, row: dict[str, str]) -> ReviewedRecord:
    try:
        record_id = whole_number(row["aiddata_record_id"])
        if record_id is None:
            raise ValueError("no aiddata_record_id")
        return ReviewedRecord(
            record_id=record_id,
            line=line,
            recipient=text(row["recipient"]),
            recipient_iso3=text(row["recipient_iso3"]),
            commitment_year=whole_number(row["commitment_year"]),
            title=text(row["title"]) or "",
            decision=row["decision"].strip(),
            relevance=relevance_of(row["decision"]),
            reason=text(row["reason"]),
            flow_type=text(row.get("flow_type")),
            amount_usd=amount(row.get("amount_constant_usd")),
            funding_agencies=text(row.get("funding_agencies")),
            status=text(row.get("status")),
            sector=text(row.get("sector")),
            match_terms=text(row.get("match_terms")),
            contractors=text(row.get("contractors_named_by_aiddata")),
            funding_flow_provenance=text(row.get("funding_flow_provenance")),
            source_record=text(row.get("source_record")),
            source_url=text(row.get("source_url")),
        )
    except ValueError as exc:
        raise AidDataFormatError(path, f"line {line}: {exc}") from None


def read_review(path: Path) -> ReviewTable:
    """Read a table of reviewed decisions; one-line errors name the file and the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AidDataFormatError(path, f"cannot read file ({exc.strerror or exc})") from None
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise AidDataFormatError(path, f"not a reviewed-decisions table: lacks {missing}")
    records: dict[int, ReviewedRecord] = {}
    for line, row in enumerate(reader, 2):
        record = _row(path, line, row)
        if record.record_id in records:
            raise AidDataFormatError(path, f"line {line}: record {record.record_id} again")
        records[record.record_id] = record
    return ReviewTable(path, hashlib.sha256(data).hexdigest(), records)


@lru_cache(maxsize=1)
def bundled_review() -> ReviewTable:
    """The 219 decisions shipped with SurvIndex."""
    return read_review(bundled_aiddata(REVIEWED_TABLE))

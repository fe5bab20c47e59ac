"""One AidData record plus the decision taken on it -> a claim and a financing record.

The record (from a GCDF file) says what AidData says; the reviewed row (or the screen's
proposal) says what was decided about it and why. Where the two disagree on a fact the record
wins, except for fields the reviewer read from AidData's project page (flow type, funding
agencies, constant-USD amount of kept records), which the geolocated table lacks.

What the claim asserts:
- ``country``: the recipient (Recipient ISO-3);
- ``technology``: for core records, the first phrase of ingest/aiddata_rules/technology_terms.csv
  found in the title, AidData's description, the screen's matched terms or the reviewer's reason
  (a reading of AidData's description); None where none is found (police communication systems,
  "Public Security Project"). Borderline records assert no technology: their evidence is weak
  or facility-level by definition, so they add financing evidence, not use. Candidates (uncertain
  or screened) get the phrase found in the title and description, for the reviewer to check;
- ``vendor``: the first registry vendor among the contractors the reviewer read in AidData's
  description;
- ``status``: from AidData's status (survindex.ingest.aiddata_records.STATUSES);
- ``financing``: the contract's object, with the lender's canonical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from survindex.domain import (
    Claim,
    ClaimStatus,
    DataQualityNote,
    Evidence,
    Financing,
    Relevance,
)
from survindex.domain.financing import AIDDATA_DOLLAR_YEAR
from survindex.domain.vocab import EDITION_AIDDATA
from survindex.ingest.aiddata_files import GcdfRecord
from survindex.ingest.aiddata_records import (
    deployment_status,
    flow_type,
    lender_from_agencies,
    lender_from_title,
    record_links,
    technology,
)
from survindex.ingest.aiddata_review import ReviewedRecord
from survindex.reference.aiddata import RELEASED
from survindex.reference.countries import UnknownName, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.store.financing import FinancingCreate

ACCEPTED = (Relevance.CORE, Relevance.BORDERLINE)
#: Confidence of a claim proposed for review: below every reviewed one, above nothing.
CANDIDATE_CONFIDENCE = 0.5
_CONTRACTOR_SPLIT = re.compile(r"\s*[;,]\s*")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


@dataclass
class Draft:
    claim: Claim
    entry: FinancingCreate
    from_file: bool
    notes: list[DataQualityNote] = field(default_factory=list)


def _vendor(contractors: str | None) -> str | None:
    """The first registry vendor among contractors separated by ";" or ","; each is tried as
    written, without its parenthesis, then as the parenthesis ("... Corporation (CEIEC)")."""
    for part in _CONTRACTOR_SPLIT.split(contractors or ""):
        inside = _PARENTHESIS.findall(part)
        for name in (part, _PARENTHESIS.sub("", part), *(n.strip(" ()") for n in inside)):
            if not name.strip():
                continue
            try:
                return resolve_vendor(name).slug
            except UnknownName:
                continue
    return None


def _recipient(record: GcdfRecord | None, reviewed: ReviewedRecord) -> str:
    code = (record.recipient_iso3 if record else None) or reviewed.recipient_iso3
    if code:
        return code.upper()
    return resolve_country_code((record.recipient if record else None) or reviewed.recipient or "")


def _in_service_year(record: GcdfRecord | None, status: str | None) -> int | None:
    """The year a completed project entered service, where AidData states it."""
    if record is None or (status or "").casefold() != "completion":
        return None
    if record.completion_year is not None:
        return record.completion_year
    return record.completion_date.year if record.completion_date else None


def draft(
    record: GcdfRecord | None, reviewed: ReviewedRecord, source_key: str
) -> Draft | DataQualityNote:
    """The claim and financing record for one reviewed (or screened) AidData record; for a
    record whose recipient is not one country (regional records), the note saying it was left
    out instead."""
    locator = f"record={reviewed.record_id}"
    try:
        recipient = _recipient(record, reviewed)
    except UnknownName as exc:
        return DataQualityNote(
            "no_recipient", locator, f"recipient is not one country ({exc})", "not stored"
        )
    title = record.title if record else reviewed.title
    description = record.description if record else None
    kept = reviewed.relevance in ACCEPTED
    status = (record.status if record else None) or reviewed.status
    flow_in_source = (record.flow_type if record else None) or reviewed.flow_type
    agencies = (record.funding_agencies if record else None) or reviewed.funding_agencies
    lender, lender_name = lender_from_agencies(agencies)
    read_from_title = lender is None and not agencies
    if lender is None and not agencies:
        lender, lender_name = lender_from_title(title)
    amount = reviewed.amount_usd if kept and reviewed.amount_usd is not None else None
    if amount is None and record is not None:
        amount = record.amount_usd
    year = (record.commitment_year if record else None) or reviewed.commitment_year
    financing_type = flow_type(flow_in_source, title)
    parents, linked = record_links(title)
    if record is not None:
        parents = tuple(dict.fromkeys((*parents, *record.parent_ids)))
    if reviewed.relevance is Relevance.CORE:
        tech = technology(title, description, reviewed.match_terms, reviewed.reason)
    elif reviewed.relevance in (Relevance.UNCERTAIN, Relevance.SCREENED):
        tech = technology(title, description)
    else:
        tech = None
    claim = Claim(
        country=recipient,
        technology=tech,
        evidence=Evidence(source_key, quote=title, locator=locator),
        vendor_slug=_vendor(reviewed.contractors),
        vendor_name_in_source=reviewed.contractors,
        status=deployment_status(status),
        financing=(
            Financing(financing_type, lender.name if lender else None, amount, year)
            if financing_type
            else None
        ),
        confidence=1.0 if kept else CANDIDATE_CONFIDENCE,
        claim_status=ClaimStatus.ACCEPTED if kept else ClaimStatus.CANDIDATE,
        edition=EDITION_AIDDATA if kept else None,
        evidence_date=RELEASED,
        contract_year=year,
        in_service_year=_in_service_year(record, status),
    )
    provenance = reviewed.funding_flow_provenance or (
        "lender read from the title" if read_from_title and lender else None
    )
    entry = FinancingCreate(
        recipient=recipient,
        relevance=reviewed.relevance,
        decision=reviewed.decision,
        reason=reviewed.reason,
        aiddata_record_id=reviewed.record_id,
        lender_slug=lender.slug if lender else None,
        lender_name_in_source=lender_name,
        flow_type=financing_type,
        flow_type_in_source=flow_in_source,
        amount_usd=amount,
        amount_usd_year=AIDDATA_DOLLAR_YEAR if amount is not None else None,
        commitment_year=year,
        status=status,
        umbrella=record.umbrella if record else None,
        recommended_for_aggregates=record.recommended_for_aggregates if record else None,
        parent_record_ids=parents,
        linked_record_ids=linked,
        title=title,
        description=description,
        implementing_agencies=record.implementing_agencies if record else None,
        contractors_in_source=reviewed.contractors,
        provenance=provenance,
    )
    result = Draft(claim, entry, record is not None)
    result.notes.extend(_notes(result, locator, lender_name, kept))
    return result


def _notes(
    result: Draft, locator: str, lender_name: str | None, kept: bool
) -> list[DataQualityNote]:
    notes = []
    entry = result.entry
    if not result.from_file:
        notes.append(
            DataQualityNote(
                "not_in_file",
                locator,
                "record absent from the file read (found by the reviewer on AidData's project "
                "page)",
                "built from the reviewed table; the claim cites it",
            )
        )
    if lender_name and entry.lender_slug is None:
        notes.append(
            DataQualityNote(
                "unknown_lender",
                locator,
                f"funder {lender_name!r} is not in the lender registry",
                "lender left empty; add it to reference/data/lenders.csv",
            )
        )
    if kept and entry.amount_usd is None:
        notes.append(
            DataQualityNote(
                "no_amount",
                locator,
                "AidData gives no constant-USD amount",
                "counted among countries, not in amount_usd",
            )
        )
    if kept and entry.flow_type is None:
        notes.append(
            DataQualityNote(
                "no_flow_type",
                locator,
                f"flow type not readable from {entry.flow_type_in_source or 'the title'!r}",
                "financing type left empty",
            )
        )
    return notes

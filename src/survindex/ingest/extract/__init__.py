"""Claim extraction from document text: ``extract_claims(text, doc)`` and ``claim_to_json``."""

from survindex.ingest.extract.budget import ExtractionTimeout, time_budget
from survindex.ingest.extract.claims import (
    ExtractedClaim,
    ExtractedFinancing,
    claim_to_json,
    to_domain,
)
from survindex.ingest.extract.document import extract_claims

#: Version of the extractor (rules, parse patterns, gazetteers and the packaged scorer model);
#: bump it with every change that can change
#: the claims extracted, so that stored claims say which rules proposed them.
EXTRACTOR_VERSION = "layered-2026.11.19"

__all__ = [
    "EXTRACTOR_VERSION",
    "ExtractedClaim",
    "ExtractedFinancing",
    "ExtractionTimeout",
    "claim_to_json",
    "extract_claims",
    "time_budget",
    "to_domain",
]

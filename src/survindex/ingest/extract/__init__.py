"""Claim extraction from document text: ``extract_claims(text, doc)`` and ``claim_to_json``."""

from survindex.ingest.extract.claims import (
    ExtractedClaim,
    ExtractedFinancing,
    claim_to_json,
    to_domain,
)
from survindex.ingest.extract.document import extract_claims

__all__ = ["ExtractedClaim", "ExtractedFinancing", "claim_to_json", "extract_claims", "to_domain"]

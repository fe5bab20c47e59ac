"""Pure model and vocabularies; imports nothing else of SurvIndex."""

from survindex.domain.financing import FinancingRecord, Lender, LenderKind, Relevance
from survindex.domain.model import (
    Claim,
    Country,
    CountryContext,
    DataQualityNote,
    Deployment,
    Edition,
    Evidence,
    Financing,
    Finding,
    Origin,
    Review,
    Source,
    Vendor,
)
from survindex.domain.vocab import (
    ClaimStatus,
    Decision,
    DeploymentStatus,
    FinancingType,
    RegimeType,
    Technology,
)

__all__ = [
    "Claim",
    "ClaimStatus",
    "Country",
    "CountryContext",
    "DataQualityNote",
    "Decision",
    "Deployment",
    "DeploymentStatus",
    "Edition",
    "Evidence",
    "Financing",
    "FinancingRecord",
    "FinancingType",
    "Finding",
    "Lender",
    "LenderKind",
    "Origin",
    "RegimeType",
    "Relevance",
    "Review",
    "Source",
    "Technology",
    "Vendor",
]

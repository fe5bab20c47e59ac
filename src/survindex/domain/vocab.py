"""Vocabularies that users' scripts rely on (docs/contracts.md).

They change only with a migration note in the changelog.
"""

from __future__ import annotations

from enum import StrEnum


class Technology(StrEnum):
    """The six technology categories; the first four are Carnegie's columns."""

    SAFE_CITY = "safe_city"
    FACIAL_RECOGNITION = "facial_recognition"
    SMART_POLICING = "smart_policing"
    SOCIAL_MEDIA_SURVEILLANCE = "social_media_surveillance"
    COMMUNICATIONS_INTERCEPTION = "communications_interception"
    OTHER_AI_SURVEILLANCE = "other_ai_surveillance"


TECHNOLOGY_LABELS: dict[Technology, str] = {
    Technology.SAFE_CITY: "Countries with safe/smart-city platforms",
    Technology.FACIAL_RECOGNITION: "Countries with facial recognition systems",
    Technology.SMART_POLICING: "Countries with smart policing",
    Technology.SOCIAL_MEDIA_SURVEILLANCE: "Countries with social media surveillance",
    Technology.COMMUNICATIONS_INTERCEPTION: "Countries with communications interception",
    Technology.OTHER_AI_SURVEILLANCE: "Countries with other AI surveillance",
}

#: The Carnegie column each category comes from; the last two have none.
CARNEGIE_COLUMNS: dict[Technology, str] = {
    Technology.SAFE_CITY: "Safe City System",
    Technology.FACIAL_RECOGNITION: "Facial Recognition System",
    Technology.SMART_POLICING: "Smart Policing",
    Technology.SOCIAL_MEDIA_SURVEILLANCE: "Social Media Surveillance",
}

#: The three categories the 2019 index measured, so that later editions can be compared with it.
ORIGINAL_THREE: tuple[Technology, ...] = (
    Technology.SAFE_CITY,
    Technology.FACIAL_RECOGNITION,
    Technology.SMART_POLICING,
)


class RegimeType(StrEnum):
    """V-Dem Regimes of the World."""

    CA = "CA"
    EA = "EA"
    ED = "ED"
    LD = "LD"


REGIME_LABELS: dict[RegimeType, str] = {
    RegimeType.CA: "Closed Autocracy",
    RegimeType.EA: "Electoral Autocracy",
    RegimeType.ED: "Electoral Democracy",
    RegimeType.LD: "Liberal Democracy",
}


class ClaimStatus(StrEnum):
    CANDIDATE = "candidate"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class DeploymentStatus(StrEnum):
    DEPLOYED = "deployed"
    CONTRACTED = "contracted"
    PROPOSED = "proposed"


class FinancingType(StrEnum):
    LOAN = "loan"
    SOFT_LOAN = "soft_loan"
    GRANT = "grant"
    COMMERCIAL = "commercial"
    VENDOR_FINANCING = "vendor_financing"


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    #: Take a claim of a fixed edition (Carnegie) out of `live` only; the edition keeps it.
    RETRACT = "retract"
    RESTORE = "restore"


#: Edition slugs fixed by the contract.
EDITION_V1 = "aigs-v1"
EDITION_2022 = "aigs-2022"
EDITION_2019 = "aigs-2019"
EDITION_LIVE = "live"

"""Vocabularies that users' scripts rely on (docs/contracts.md).

They change only with a migration note in the changelog.
"""

from __future__ import annotations

from datetime import date
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
    #: AidData's export buyer's and seller's credits on terms not stated to be preferential
    #: (a "preferential buyer's credit" is a ``soft_loan``: the contract types by terms).
    EXPORT_CREDIT = "export_credit"


class Decision(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    #: Take a claim of a fixed edition (Carnegie) out of `live` only; the edition keeps it.
    RETRACT = "retract"
    RESTORE = "restore"
    #: Link a financing record to the deployment it pays for; the claim itself is unchanged.
    LINK = "link"


#: Edition slugs fixed by the contract.
EDITION_V1 = "aigs-v1"
EDITION_2022 = "aigs-2022"
EDITION_2019 = "aigs-2019"
EDITION_LIVE = "live"
#: The date a fixed edition's claims carry as their evidence date when the source gives no
#: better one: the date of the file the edition reads (Carnegie's workbook of 9 March 2022).
#: Carnegie's earlier edition (Mendeley version 1) is absent: its PROVENANCE.md gives no date,
#: and a guessed one would look like evidence. Migration 0005 holds a frozen copy of this table.
EDITION_DATES: dict[str, date] = {EDITION_2022: date(2022, 3, 9)}
#: AidData's Global Chinese Development Finance Dataset 3.0, the reviewed surveillance subset.
EDITION_AIDDATA = "aiddata-gcdf3"

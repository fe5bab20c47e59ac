"""Small GCDF 3.0 files of both shapes, and a small table of reviewed decisions, for the tests.

The records are invented (ids above 900000, which AidData has not used) except where a test
needs the real bundled data; the columns are those of AidData's release workbook (sheet
GCDF_3.0) and of the geolocated table.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

WORKBOOK_HEADER = (
    "AidData Record ID",
    "Recommended For Aggregates",
    "AidData Parent ID",
    "Umbrella",
    "Financier Country",
    "Recipient",
    "Recipient ISO-3",
    "Commitment Year",
    "Implementation Start Year",
    "Completion Year",
    "Title",
    "Description",
    "Status",
    "Flow Type",
    "Sector Name",
    "Funding Agencies",
    "Implementing Agencies",
    "Amount (Constant USD 2021)",
    "Commitment Date (MM/DD/YYYY)",
    "Actual Completion Date (MM/DD/YYYY)",
)
GEOLOCATED_HEADER = (
    "Level.of.precision",
    "AidData.Record.ID",
    "Amount.(Constant.USD.2021)",
    "Title",
    "Status",
    "Sector.Name",
    "Recipient",
    "Recipient.ISO-3",
    "Infrastructure",
    "Commitment.Year",
    "Implementation.Start.Year",
    "Completion.Year",
    "Commitment.Date.(MM/DD/YYYY)",
    "Actual.Implementation.Start.Date.(MM/DD/YYYY)",
    "Actual.Completion.Date.(MM/DD/YYYY)",
)

#: (id, recipient, iso3, year, completion year, title, description, status, flow type,
#:  funding agencies, implementing agencies, amount, umbrella, recommended, parent)
RECORDS = (
    (
        900001,
        "Kenya",
        "KEN",
        2015,
        2017,
        "China Eximbank provides $50 million preferential buyer's credit for Safe City Project",
        "The project installs CCTV cameras and a command centre in Nairobi. Huawei is the "
        "contractor.",
        "Completion",
        "Loan",
        "Export-Import Bank of China (China Eximbank)",
        "Ministry of Interior",
        55000000.0,
        "No",
        "Yes",
        None,
    ),
    (
        900002,
        "Ecuador",
        "ECU",
        2016,
        None,
        "Chinese Government donates security equipment to the National Police",
        "Equipment of unstated type.",
        "Implementation",
        "Grant",
        "Chinese Government",
        "National Police",
        2000000.0,
        "No",
        "Yes",
        None,
    ),
    (
        900003,
        "Angola",
        "AGO",
        2012,
        None,
        "Chinese Government provides police uniforms and vehicles",
        "Uniforms and vehicles.",
        "Completion",
        "Grant",
        "Chinese Government",
        "Ministry of Interior",
        100000.0,
        "No",
        "Yes",
        None,
    ),
    (
        900004,
        "Zambia",
        "ZMB",
        2019,
        None,
        "CDB provides $30 million loan for Video Surveillance System Project (linked to "
        "Umbrella #900009)",
        "Video surveillance for Lusaka.",
        "Pipeline: Commitment",
        "Loan",
        "China Development Bank (CDB)",
        "Zambia Police",
        33000000.0,
        "No",
        "Yes",
        "900009",
    ),
    (
        900005,
        "Bolivia",
        "BOL",
        2018,
        None,
        "China Eximbank provides $20 million loan for Urban Video Surveillance System",
        "Cameras across La Paz and a monitoring centre.",
        "Implementation",
        "Loan",
        "Export-Import Bank of China (China Eximbank)",
        "Ministry of Government",
        21000000.0,
        "No",
        "Yes",
        None,
    ),
)
#: Decisions on the records above (900005 is not reviewed: the screen should propose it).
REVIEW = (
    (
        900001,
        "Kenya",
        "KEN",
        2015,
        "kept (core)",
        "core",
        "surveillance / public-security technology",
        "Loan",
        "55000000.0",
        "Export-Import Bank of China (China Eximbank)",
        "Huawei Technologies",
    ),
    (
        900002,
        "Ecuador",
        "ECU",
        2016,
        "excluded (uncertain - verify against full GCDF description)",
        "",
        "security equipment; type not stated",
        "",
        "",
        "",
        "",
    ),
    (900003, "Angola", "AGO", 2012, "excluded", "", "vehicles", "", "", "", ""),
    (
        900004,
        "Zambia",
        "ZMB",
        2019,
        "kept (borderline)",
        "borderline",
        "title-only evidence",
        "Loan",
        "33000000.0",
        "China Development Bank (CDB)",
        "",
    ),
)
REVIEW_HEADER = (
    "aiddata_record_id",
    "recipient",
    "recipient_iso3",
    "commitment_year",
    "title",
    "decision",
    "relevance",
    "reason",
    "flow_type",
    "amount_constant_usd",
    "funding_agencies",
    "status",
    "sector",
    "match_terms",
    "contractors_named_by_aiddata",
    "funding_flow_provenance",
    "source_record",
    "source_url",
)


def _title(record_id: int) -> str:
    return next(r[5] for r in RECORDS if r[0] == record_id)


def write_workbook(
    path: Path,
    records: tuple[tuple[object, ...], ...] = RECORDS,
    header: tuple[str, ...] = WORKBOOK_HEADER,
    sheet: str = "GCDF_3.0",
) -> Path:
    """A workbook of the release's shape (sheet GCDF_3.0), holding ``records``."""
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Read me: GCDF 3.0 test workbook"])
    sheet_ = book.create_sheet(sheet)
    sheet_.append(list(header))
    for (
        rid,
        recipient,
        iso3,
        year,
        done,
        title,
        description,
        status,
        flow,
        funders,
        implementing,
        amount,
        umbrella,
        recommended,
        parent,
    ) in records:
        by_name = {
            "AidData Record ID": rid,
            "Recommended For Aggregates": recommended,
            "AidData Parent ID": parent,
            "Umbrella": umbrella,
            "Financier Country": "China (People's Republic of)",
            "Recipient": recipient,
            "Recipient ISO-3": iso3,
            "Commitment Year": year,
            "Implementation Start Year": year,
            "Completion Year": done,
            "Title": title,
            "Description": description,
            "Status": status,
            "Flow Type": flow,
            "Sector Name": "GOVERNMENT AND CIVIL SOCIETY",
            "Funding Agencies": funders,
            "Implementing Agencies": implementing,
            "Amount (Constant USD 2021)": amount,
            "Commitment Date (MM/DD/YYYY)": f"01/15/{year}",
            "Actual Completion Date (MM/DD/YYYY)": f"06/30/{done}" if done else None,
        }
        sheet_.append([by_name.get(name) for name in header])
    book.save(path)
    return path


def write_geolocated(path: Path, records: tuple[tuple[object, ...], ...] = RECORDS) -> Path:
    """The same records in the geolocated table's shape (no description, flow or agencies)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(GEOLOCATED_HEADER)
        for rid, recipient, iso3, year, done, title, _d, status, _f, _a, _i, amount, *_ in records:
            writer.writerow(
                [
                    "PRECISE",
                    rid,
                    amount,
                    title,
                    status,
                    "GOVERNMENT AND CIVIL SOCIETY",
                    recipient,
                    iso3,
                    "",
                    year,
                    f"{year}.0",
                    f"{done}.0" if done else "",
                    f"{year}-01-15",
                    "",
                    f"{done}-06-30" if done else "",
                ]
            )
    return path


def write_review(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REVIEW_HEADER)
        for (
            rid,
            recipient,
            iso3,
            year,
            decision,
            relevance,
            reason,
            flow,
            amount,
            funders,
            contractors,
        ) in REVIEW:
            writer.writerow(
                [
                    rid,
                    recipient,
                    iso3,
                    year,
                    _title(rid),
                    decision,
                    relevance,
                    reason,
                    flow,
                    amount,
                    funders,
                    "",
                    "",
                    "",
                    contractors,
                    "",
                    "",
                    "",
                ]
            )
    return path

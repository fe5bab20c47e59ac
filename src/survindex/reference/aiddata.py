"""The bundled AidData files (data/aiddata/) and how to cite them.

AidData's Global Chinese Development Finance Dataset 3.0 is published under the Open Data
Commons Attribution License; every claim read from it carries the citation below and its record
id (``record=<id>``), which points at ``https://china.aiddata.org/projects/<id>``. The wording
of the citations is the one data/aiddata/PROVENANCE.md gives.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

GEOLOCATED_TABLE = "gcdf3-geolocated-projects.csv"
REVIEWED_TABLE = "surveillance-finance-review.csv"

PRODUCER = "AidData at William & Mary"
LICENCE = "ODC-By 1.0"
DATASET_TITLE = "Global Chinese Development Finance Dataset, Version 3.0"
DATASET_URL = (
    "https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0"
)
#: "Date Published: November 6, 2023" on the dataset page above (DATASET_URL).
RELEASED = date(2023, 11, 6)
CITATION = (
    "Custer, S., Dreher, A., Elston, T.B., et al. 2023. Tracking Chinese Development Finance: "
    "An Application of AidData's TUFF 3.0 Methodology. Williamsburg, VA: AidData at William & "
    "Mary. Dreher, A., Fuchs, A., Parks, B.C., Strange, A., Tierney, M.J. 2022. Banking on "
    "Beijing: The Aims and Impacts of China's Overseas Development Program. Cambridge "
    "University Press."
)
GEOLOCATED_CITATION = (
    "Goodman, S., Zhang, S., Malik, A.A., Parks, B.C., Hall, J. 2024. AidData's Geospatial "
    "Global Chinese Development Finance Dataset. Scientific Data 11, 529. "
    "doi:10.1038/s41597-024-03341-w"
)


def bundled_aiddata(name: str) -> Path:
    """Path of a file in reference/data/aiddata (installed with the package)."""
    folder = resources.files("survindex.reference").joinpath("data").joinpath("aiddata")
    return Path(str(folder.joinpath(name)))

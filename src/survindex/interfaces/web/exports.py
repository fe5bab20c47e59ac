"""``GET /export``: the dashboard's download of an edition, filtered as the map is filtered.

The route only reads its parameters and calls :func:`survindex.publish.download.export_bytes`,
which runs the same code as ``survindex export``: a file downloaded here equals the file the CLI
writes (a zip for the formats that write several files).

    /export?edition=aigs-2022&format=xlsx
    /export?edition=live&format=geojson&technology=facial_recognition&regime=EA
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis.filters import InvalidParameter, parse_country
from survindex.interfaces.api.common import session
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.interfaces.api.routes import CountryFilterDep
from survindex.publish.download import export_bytes
from survindex.publish.export import FORMATS, ExportError
from survindex.publish.geo import MapUnavailable
from survindex.publish.selection import CountrySelection

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_unknown_parameters)])
DB = Annotated[Session, Depends(session)]


@router.get("/export")
def export_download(
    s: DB,
    filters: CountryFilterDep,
    format: Annotated[str, Query(description=", ".join(FORMATS))] = "csv",
    country: Annotated[list[str] | None, Query(description="ISO3 or name; repeat for more")] = None,
) -> Response:
    """The edition as a file download, filtered by the map's filters (parsed by the same code);
    422 names a bad format or filter."""
    if format not in FORMATS:
        raise InvalidParameter("format", f"{format!r} is not accepted", sorted(FORMATS))
    selection = CountrySelection(
        technology=filters.technology,
        vendor=filters.vendor,
        supplier_country=filters.supplier_country,
        regime=filters.regime,
        bri=filters.bri,
        countries=tuple(parse_country(c) for c in country or () if c),
    )
    try:
        download = export_bytes(
            session=s,
            slug=filters.edition,
            fmt=format,
            selection=selection,
            as_of=filters.as_of,
        )
    except ExportError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    except MapUnavailable as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from exc
    return Response(
        download.content,
        media_type=download.media_type,
        headers={"Content-Disposition": f'attachment; filename="{download.filename}"'},
    )

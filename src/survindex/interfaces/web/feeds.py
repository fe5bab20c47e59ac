"""Atom feeds of newly accepted claims: the whole index, a country, a vendor, a technology.

Not served from the response cache, so a claim a reviewer accepts is in the feeds at the next
request. Feed readers poll: each answer carries an ETag, and a poll that already has the
current feed gets ``304 Not Modified`` without a body.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis.feeds import ClaimFeed, claim_feed
from survindex.interfaces.api.common import session
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.publish.atom import MEDIA_TYPE, atom_feed

router = APIRouter(
    prefix="/feeds",
    include_in_schema=False,
    dependencies=[Depends(reject_unknown_parameters)],
)
DB = Annotated[Session, Depends(session)]


def _answer(request: Request, feed: ClaimFeed) -> Response:
    body = atom_feed(feed, base_url=str(request.base_url))
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    asked = request.headers.get("if-none-match", "")
    if etag in (tag.strip().removeprefix("W/") for tag in asked.split(",")):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type=MEDIA_TYPE, headers={"ETag": etag})


@router.get("/index.atom")
def index_feed(request: Request, s: DB) -> Response:
    return _answer(request, claim_feed(session=s))


@router.get("/countries/{iso3}.atom")
def country_feed(request: Request, iso3: str, s: DB) -> Response:
    return _answer(request, claim_feed(session=s, country=iso3))


@router.get("/vendors/{slug}.atom")
def vendor_feed(request: Request, slug: str, s: DB) -> Response:
    return _answer(request, claim_feed(session=s, vendor=slug))


@router.get("/technologies/{technology}.atom")
def technology_feed(request: Request, technology: str, s: DB) -> Response:
    return _answer(request, claim_feed(session=s, technology=technology))

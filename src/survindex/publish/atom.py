"""Atom 1.0 (RFC 4287) documents from :class:`survindex.analysis.feeds.ClaimFeed`.

The XML is built with ElementTree, which escapes every text and attribute; quotes, titles and
URLs from sources are never pasted into markup. Characters XML 1.0 cannot carry at all (most
control characters) are dropped, since no escaping can make them valid.

Ids are ``tag:`` URIs (RFC 4151) that do not depend on the host serving the feed, so a feed
reader keeps recognising entries when the site moves; links are absolute, made from the
address the feed was requested at.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlsplit

from survindex import __version__
from survindex.analysis.feeds import FEED_LIMIT, ClaimFeed, FeedEntry
from survindex.reference.countries import country_name

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
#: The authority and date of every tag: URI. They must never change once feeds are published
#: (readers would see every entry again). ``.invalid`` (RFC 2606) is a name nobody else can use;
#: replace it with a domain the project controls, once, before feeds go public.
TAG_AUTHORITY = "survindex.invalid"
TAG_DATE = "2026"
#: Everything XML 1.0 cannot hold: C0 controls but tab, newline and return; lone surrogates;
#: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def tag_uri(specific: str) -> str:
    """A stable id, e.g. ``tag:survindex.invalid,2026:claim/1234``."""
    return f"tag:{TAG_AUTHORITY},{TAG_DATE}:{specific}"


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _time(moment: datetime) -> str:
    """RFC 3339 in UTC (the database stores UTC without a zone)."""
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _web_url(url: str | None) -> str | None:
    """An http(s) URL, else None: a feed must not carry javascript: or data: links."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return _text(url.strip()) if scheme in ("http", "https") else None


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _summary(entry: FeedEntry) -> str:
    claim = entry.claim
    lines = []
    if claim.evidence.quote:
        lines.append(f"“{claim.evidence.quote}”")
    if claim.financing is not None:
        money = claim.financing
        lines.append(
            f"Financing: {money.type}"
            + (f" from {money.lender}" if money.lender else "")
            + (f", USD {money.amount_usd:,.0f}" if money.amount_usd is not None else "")
            + (f" ({money.year})" if money.year else "")
        )
    source = claim.source
    lines.append(f"Source: {source.title} ({source.producer})")
    return "\n\n".join(lines)


def _entry(feed_element: ET.Element, entry: FeedEntry, base: str) -> None:
    claim = entry.claim
    element = _add(feed_element, "entry")
    _add(element, "id", tag_uri(f"claim/{claim.id}"))
    _add(element, "title", entry.title, type="text")
    _add(element, "published", _time(entry.accepted_at))
    _add(element, "updated", _time(entry.updated_at))
    _add(
        element,
        "link",
        rel="alternate",
        type="text/html",
        href=f"{base}/sources/{claim.source.id}#claim-{claim.id}",
    )
    original = _web_url(claim.source.url)
    if original:
        _add(element, "link", rel="related", href=original, title="the source")
    _add(element, "category", term=claim.country, label=country_name(claim.country))
    if claim.technology:
        _add(element, "category", term=claim.technology, label=claim.technology.replace("_", " "))
    if claim.vendor_slug and claim.vendor:
        _add(element, "category", term=claim.vendor_slug, label=claim.vendor)
    _add(element, "summary", _summary(entry), type="text")


def atom_feed(feed: ClaimFeed, *, base_url: str) -> bytes:
    """The feed as an Atom document (UTF-8, with its XML declaration).

    ``base_url`` is where the site is served (``http://127.0.0.1:8000``); links start with it.
    """
    base = base_url.rstrip("/")
    # Atom is the default namespace of every element (ElementTree's default_namespace option
    # refuses the unqualified attribute names Atom uses, so it is declared directly).
    root = ET.Element("feed", {"xmlns": ATOM})
    _add(root, "id", tag_uri(feed.path.removeprefix("/").removesuffix(".atom")))
    _add(root, "title", feed.title, type="text")
    _add(
        root,
        "subtitle",
        f"Claims SurvIndex reviewers accepted, newest first (the latest {FEED_LIMIT}), each "
        "with its quote and source.",
        type="text",
    )
    _add(root, "updated", _time(feed.updated))
    _add(root, "link", rel="self", type="application/atom+xml", href=base + feed.path)
    _add(root, "link", rel="alternate", type="text/html", href=base + feed.page)
    author = _add(root, "author")
    _add(author, "name", "SurvIndex")
    _add(root, "generator", "SurvIndex", version=__version__)
    for entry in feed.entries:
        _entry(root, entry, base)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body

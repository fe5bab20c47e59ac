"""Read what a watched address lists: RSS and Atom feeds, OPML lists of feeds, XML sitemaps.

`survindex watch` follows news outlets through what they publish for machines: a feed (RSS or
Atom, read by feedparser) lists recent articles; a sitemap (or a sitemap index, or its gzipped
form) lists pages; an OPML file, or a plain list of addresses one per line, lists feeds to read
in turn. :func:`parse_listing` tells them apart by their content, not their name, and returns
the pages (:class:`Entry`) and the further listings it names. Nothing here touches the network.

>>> rss = b'''<rss version="2.0"><channel><title>News</title><item>
... <guid isPermaLink="false">story-1</guid><link>https://news.example.org/a-1</link>
... <title>Cameras</title><pubDate>Tue, 04 May 2021 10:00:00 GMT</pubDate></item></channel></rss>'''
>>> entry = parse_listing(rss, "https://news.example.org/feed").entries[0]
>>> entry.id, entry.url, entry.title, entry.published.isoformat()
('story-1', 'https://news.example.org/a-1', 'Cameras', '2021-05-04')
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin

#: Largest listing after gunzip: the sitemap protocol allows 50 MB uncompressed.
MAX_UNZIPPED = 50 * 1024 * 1024


class ListingError(ValueError):
    """Content that is none of the listings `watch` reads; ``str()`` is one line."""


@dataclass(frozen=True)
class Entry:
    """A page a listing names: its id in the listing (a feed's guid; else the URL), and what
    the listing says of it."""

    id: str
    url: str
    title: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Listing:
    """``kind``: feed, opml, sitemap, sitemap index or list; ``sources``: listings it names."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sources: tuple[str, ...] = ()


def _gunzip(data: bytes) -> bytes:
    """A gzipped sitemap (``sitemap.xml.gz``), decompressed up to :data:`MAX_UNZIPPED`."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(data, MAX_UNZIPPED + 1)
    if len(out) > MAX_UNZIPPED:
        raise ListingError(f"gzipped listing over {MAX_UNZIPPED // 2**20} MB when unpacked")
    return out


def _local(tag: str) -> str:
    """An element's name without its namespace: ``{http://...}loc`` -> ``loc``."""
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: ElementTree.Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _web(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def _sitemap(root: ElementTree.Element, base: str) -> Listing:
    index = _local(root.tag) == "sitemapindex"
    entries: list[Entry] = []
    sources: list[str] = []
    for item in root:
        loc = _child_text(item, "loc")
        if not loc:
            continue
        url = urljoin(base, loc)
        if not _web(url):
            continue
        if index:
            sources.append(url)
        else:
            entries.append(Entry(url, url, published=_iso_date(_child_text(item, "lastmod"))))
    kind = "sitemap index" if index else "sitemap"
    return Listing(kind, tuple(entries), tuple(sources))


def _opml(root: ElementTree.Element, base: str) -> Listing:
    feeds = [
        urljoin(base, outline.attrib["xmlUrl"])
        for outline in root.iter()
        if _local(outline.tag) == "outline" and outline.attrib.get("xmlUrl")
    ]
    return Listing("opml", sources=tuple(dict.fromkeys(f for f in feeds if _web(f))))


def _feed(data: bytes, base: str) -> Listing:
    import feedparser

    parsed: Any = feedparser.parse(data, response_headers={"content-location": base})
    if not parsed.entries and parsed.get("bozo") and not parsed.get("feed"):
        problem = str(parsed.get("bozo_exception", "not a feed")).splitlines()[0]
        raise ListingError(f"not a feed, OPML file or sitemap ({problem})")
    entries = []
    for item in parsed.entries:
        url = urljoin(base, item.get("link") or "")
        if not _web(url):
            continue
        when = item.get("published_parsed") or item.get("updated_parsed")
        published = date(when.tm_year, when.tm_mon, when.tm_mday) if when else None
        title = (item.get("title") or "").strip() or None
        entries.append(Entry(str(item.get("id") or url), url, title, published))
    return Listing("feed", tuple(entries))


_URL_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)


def parse_listing(data: bytes, base: str) -> Listing:
    """What ``data`` (fetched from, or read at, ``base``) lists; ListingError when it is none
    of the kinds watch reads."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
        urls = [line for line in lines if line and not line.startswith("#")]
        if urls and all(_URL_LINE.match(u) for u in urls):
            return Listing("list", sources=tuple(dict.fromkeys(urls)))
        raise ListingError("not a feed, OPML file, sitemap or list of addresses")
    if b"<opml" in head or b"<urlset" in head or b"<sitemapindex" in head:
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError as error:
            raise ListingError(f"malformed XML ({error})") from None
        if _local(root.tag) == "opml":
            return _opml(root, base)
        return _sitemap(root, base)
    return _feed(data, base)

"""Fetch web pages politely: robots.txt, one request per host at a time, conditional GETs,
bounded size and time, retries of transient failures, every redirect hop checked.

Reporting on surveillance deals is spread over newspapers, ministries and vendors' press pages.
:class:`Fetcher` gets their pages the way a well-behaved crawler should (see
:mod:`survindex.ingest.politeness` for robots.txt and pacing):

- it names itself (``SurvIndex/<version> (+<contact>)``) and asks robots.txt before every URL,
  including each redirect hop;
- a page fetched before is asked for with ``If-None-Match``/``If-Modified-Since``: unchanged, it
  answers 304 and nothing is downloaded or stored;
- 429, 5xx and network errors are tried again (``attempts`` in all) after an exponential
  backoff, or after the server's ``Retry-After`` when it gives one (up to ``max_retry_after``);
- the body is streamed and refused beyond ``max_bytes`` (10 MB), with a one-line error.

>>> with Fetcher() as fetcher:  # doctest: +SKIP
...     page = fetcher.fetch("https://example.org/news/cameras")
>>> page.status, page.content_type, len(page.body or b"")  # doctest: +SKIP
(200, 'text/html; charset=utf-8', 48213)
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from survindex.ingest.politeness import (
    ROBOTS_MAX_BYTES,
    Clock,
    Pacer,
    RobotsAnswer,
    RobotsCache,
    Sleep,
    host_of,
)

#: Where site owners learn who is fetching (set SURVINDEX_FETCH_CONTACT to your own page or
#: address when you run SurvIndex on a schedule).
PROJECT_URL = "https://github.com/survindex/survindex"
PRODUCT = "SurvIndex"
MAX_REDIRECTS = 10
#: Statuses worth asking again: rate limited, or the server's trouble rather than ours.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MEGABYTE = 1024 * 1024


def user_agent(contact: str | None = None) -> str:
    """``SurvIndex/0.1.0 (+https://...)``: who we are and where to read about us."""
    try:
        ours = version("survindex")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ours = "dev"
    return f"{PRODUCT}/{ours} (+{contact or PROJECT_URL})"


@dataclass(frozen=True)
class FetchPolicy:
    """How politely and how patiently to fetch; the defaults suit news sites."""

    min_interval: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds to connect, and between two reads of the body
    deadline: float = 120.0  # seconds for a whole response, however slowly it trickles
    max_bytes: int = 10 * MEGABYTE
    attempts: int = 4  # in all, for transient failures
    backoff: float = 2.0  # seconds before the first retry, doubling each time
    max_retry_after: float = 300.0  # a longer Retry-After gives up until the next run
    contact: str | None = None  # in the user agent; PROJECT_URL when None
    respect_robots: bool = True  # switched off only by tests of the other rules


@dataclass(frozen=True)
class FetchResult:
    """One URL fetched: what the server said and, when it is a page, its bytes.

    ``error`` is a one-line reason when there is no page (and no 304); ``transient`` says
    whether trying again later may succeed (network trouble, 429, 5xx).
    """

    url: str
    final_url: str
    fetched_at: datetime
    status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    archive_url: str | None = None
    body: bytes | None = field(default=None, repr=False)
    error: str | None = None
    transient: bool = False
    retry_after: str | None = field(default=None, repr=False)  # the header, when one was sent

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and self.error is None

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None


class _Redirect(Exception):
    def __init__(self, location: str) -> None:
        self.location = location


class _TooLarge(Exception):
    pass


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (a number, or an HTTP date); None if absent.

    >>> retry_after("3", datetime(2026, 1, 1, tzinfo=UTC))
    3.0
    >>> retry_after("Thu, 01 Jan 2026 00:00:10 GMT", datetime(2026, 1, 1, tzinfo=UTC))
    10.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _archive_link(response: httpx.Response) -> str | None:
    """Where an archived copy is: the response's own URL when it is a memento (RFC 7089), else
    a ``Link: <...>; rel="memento"`` it gives."""
    if "memento-datetime" in response.headers:
        return str(response.url)
    memento = response.links.get("memento")
    return memento.get("url") if memento else None


class Fetcher:
    """A polite HTTP client for many URLs; use it as a context manager or call ``close()``.

    ``clock``, ``sleep`` and ``now`` are injectable so tests check the waits without waiting;
    ``client`` lets tests (or a caller with its own proxy settings) supply the httpx client.
    """

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        client: httpx.Client | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.user_agent = user_agent(self.policy.contact)
        self.clock, self.sleep = clock, sleep
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(UTC))
        self._own_client = client is None
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout), follow_redirects=False
        )
        self.pacer = Pacer(self.policy.min_interval, clock=clock, sleep=sleep)
        self.robots = RobotsCache(self._read_robots, PRODUCT, clock=clock)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def _headers(self, etag: str | None = None, last_modified: str | None = None) -> dict[str, str]:
        headers = {"User-Agent": self.user_agent}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    def _read_robots(self, robots_url: str) -> RobotsAnswer:
        """One paced GET of robots.txt, following up to five redirects (RFC 9309)."""
        url = robots_url
        for _hop in range(6):
            host = host_of(url)
            self.pacer.wait(host)
            try:
                with self.client.stream("GET", url, headers=self._headers()) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 300:
                        return RobotsAnswer(response.status_code)
                    data = b""
                    for chunk in response.iter_bytes():
                        data += chunk
                        if len(data) >= ROBOTS_MAX_BYTES:
                            break
                    text = data[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
                    return RobotsAnswer(response.status_code, text)
            except httpx.HTTPError:
                return RobotsAnswer(None)
            finally:
                self.pacer.done(host)
        return RobotsAnswer(None)  # a redirect loop: the rules cannot be known

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (its Crawl-delay, if any, slows the host)."""
        if not self.policy.respect_robots:
            return True
        if not self.robots.allowed(url):
            return False
        delay = self.robots.crawl_delay(url)
        if delay:
            self.pacer.slow_down(host_of(url), delay)
        return True

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given); never raises
        for what the network or the server does: the result says what happened."""
        started = self.now()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return FetchResult(url, url, started, error=f"{url}: not an http(s) address")
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            if not self.allowed(current):
                robots = f"{host_of(current)}/robots.txt"
                why = f"{url}: disallowed by {robots} for {PRODUCT}; not fetched"
                return FetchResult(url, current, started, error=why)
            try:
                result = self._attempts(current, self._headers(etag, last_modified))
            except _Redirect as redirect:
                current = redirect.location
                continue
            return replace(result, url=url, final_url=current)
        return FetchResult(url, current, started, error=f"{url}: more than 10 redirects")

    def _attempts(self, url: str, headers: dict[str, str]) -> FetchResult:
        """One URL (no redirect followed), tried again on transient failures."""
        host = host_of(url)
        last: FetchResult | None = None
        for attempt in range(self.policy.attempts):
            self.pacer.wait(host)
            wait = self.policy.backoff * 2**attempt
            try:
                result = self._once(url, headers)
            except httpx.HTTPError as error:
                problem = str(error).splitlines()[0] if str(error) else type(error).__name__
                result = FetchResult(
                    url, url, self.now(), error=f"{url}: {problem}", transient=True
                )
                self.pacer.done(host, wait)
            except _Redirect:
                self.pacer.done(host)
                raise
            else:
                asked = result.status is not None and result.status in TRANSIENT_STATUSES
                asked_wait = retry_after(result.retry_after, self.now()) if asked else None
                if asked_wait is not None and asked_wait > self.policy.max_retry_after:
                    self.pacer.done(host)
                    why = f"asked to retry after {asked_wait:.0f} s; try again later"
                    gave_up = f"{url}: HTTP {result.status}, {why}"
                    return replace(result, error=gave_up, transient=True)
                self.pacer.done(host, max(wait, asked_wait or 0.0) if asked else 0.0)
                if not asked:
                    return result
            last = result
        assert last is not None
        tries = f"after {self.policy.attempts} attempts"
        problem = last.error or f"{url}: HTTP {last.status}"
        return replace(last, error=f"{problem} ({tries})", transient=True)

    def _once(self, url: str, headers: dict[str, str]) -> FetchResult:
        with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if response.is_redirect and "location" in response.headers:
                raise _Redirect(urljoin(url, response.headers["location"]))
            meta: dict[str, Any] = {
                "status": status,
                "content_type": response.headers.get("content-type"),
                "etag": response.headers.get("etag"),
                "last_modified": response.headers.get("last-modified"),
                "archive_url": _archive_link(response),
            }
            fetched = self.now()
            if status in TRANSIENT_STATUSES:
                why = f"{url}: HTTP {status}"
                asked = response.headers.get("retry-after")
                return FetchResult(url, url, fetched, **meta, error=why, retry_after=asked)
            if status == 304:
                return FetchResult(url, url, fetched, **meta)
            if status >= 300:
                reason = response.reason_phrase or ""
                why = f"{url}: HTTP {status} {reason}".rstrip() + "; not stored"
                return FetchResult(url, url, fetched, **meta, error=why)
            try:
                body = self._body(response)
            except _TooLarge as too_large:
                return FetchResult(url, url, fetched, **meta, error=f"{url}: {too_large}")
            return FetchResult(url, url, fetched, **meta, body=body)

    def _body(self, response: httpx.Response) -> bytes:
        """The body, read up to the size cap and the deadline (whichever comes first)."""
        limit = self.policy.max_bytes
        limit_text = f"the {limit / MEGABYTE:g} MB limit"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge(f"{int(declared):,} bytes declared, over {limit_text}; not stored")
        chunks: list[bytes] = []
        size = 0
        ends = time.monotonic() + self.policy.deadline
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise _TooLarge(f"over {limit_text} (stopped reading); not stored")
            if time.monotonic() > ends:
                raise httpx.ReadTimeout(f"body not complete after {self.policy.deadline:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

"""Shared pieces of the API and pages: the database session, the response cache, CSV, paging."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import anyio.to_thread
from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from survindex.analysis.queries import change_counter
from survindex.publish.cells import neutralise_formula
from survindex.store.database import Store

#: How long a known change counter is trusted before the database is asked again (seconds).
#: Writes through this app invalidate at once; writes from another process show within this time.
COUNTER_TTL = 1.0
MAX_LIMIT = 1000
#: Bytes of rendered responses kept in memory (overridden by the settings' cache size).
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
#: Pages answered from the cache besides /api: read-only pages that show nobody's session.
CACHED_PAGES = ("/", "/countries", "/vendors", "/lenders", "/findings", "/network", "/sources")


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def session(request: Request) -> Iterator[Session]:
    with get_store(request).read() as s:
        yield s


class ResponseCache:
    """Rendered response bodies keyed by URL, valid while the database's change counter holds.

    Bounded in bytes (least recently used first out), and filled only by requests whose every
    parameter was recognised and valid, so junk parameters cannot grow it.
    """

    def __init__(self, store: Store, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._bodies: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self._bytes = 0
        self._counter: tuple[int, int, int] | None = None
        self._checked = 0.0
        self._rendering: dict[str, threading.Lock] = {}

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._bodies)

    def _clear(self) -> None:
        self._bodies.clear()
        self._bytes = 0

    def invalidate(self) -> None:
        with self._lock:
            self._clear()
            self._counter = None

    def is_stale(self) -> bool:
        """Whether the change counter must be read again before the cache can answer."""
        return self._counter is None or time.monotonic() - self._checked >= COUNTER_TTL

    def refresh(self) -> None:
        """Read the change counter (blocking: call it from a worker thread, never the loop)."""
        now = time.monotonic()
        if not self.is_stale():
            return
        with self.store.read() as s:
            counter = change_counter(session=s)
        with self._lock:
            if counter != self._counter:
                self._clear()
                self._counter = counter
            self._checked = now

    def lookup(self, key: str) -> tuple[bytes, str] | None:
        """The cached body for a key, as of the last counter check, else None."""
        with self._lock:
            hit = self._bodies.get(key)
            if hit is not None:
                self._bodies.move_to_end(key)
            return hit

    def store_body(self, key: str, body: bytes, media_type: str) -> None:
        size = len(body) + len(key)
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._bodies.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0]) + len(key)
            self._bodies[key] = (body, media_type)
            self._bytes += size
            while self._bytes > self.max_bytes:
                evicted_key, (evicted, _type) = self._bodies.popitem(last=False)
                self._bytes -= len(evicted) + len(evicted_key)

    def get(self, key: str, render: Callable[[], tuple[bytes, str]]) -> Response:
        """The cached body, or ``render()``'s, stored under the counter the middleware checked.

        It does not check the counter again: the middleware did so for this request,
        and checking here would take a second pooled connection while the route holds one, which
        under a burst of requests left threads waiting on each other for the pool.
        """
        hit = self.lookup(key)
        if hit is None:
            # One request renders a key while the others asking for it wait for its body.
            with self._lock:
                rendering = self._rendering.setdefault(key, threading.Lock())
            with rendering:
                hit = self.lookup(key)
                if hit is None:
                    hit = render()
                    self.store_body(key, *hit)
            with self._lock:
                self._rendering.pop(key, None)
        body, media_type = hit
        return Response(body, media_type=media_type)


def cache_key(request: Request) -> str:
    """The cache key of a request: its path and its (sorted) query; HTML and JSON apart."""
    return _key(request.url.path, request.scope.get("query_string", b""))


def is_cacheable(path: str) -> bool:
    """API reads and the public pages; never the review pages or anything else."""
    if path.startswith("/api/"):
        return True
    return any(path == p or (p != "/" and path.startswith(p + "/")) for p in CACHED_PAGES)


def _key(path: str, query_string: bytes) -> str:
    params = sorted(query_string.decode("latin-1").split("&")) if query_string else []
    return path + "?" + "&".join(params)


class ServeFromCache:
    """ASGI middleware answering GET /api/... from the response cache before any routing.

    Routes fill the cache (``ResponseCache.get``); a hit here costs no validation, no thread and
    no database session, which is what keeps p95 latency low under many concurrent clients.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and scope["method"] == "GET" and is_cacheable(path):
            cache: ResponseCache = scope["app"].state.cache
            if cache.is_stale():
                # Off the event loop: a pooled connection may have to wait for a route's
                # session to close, and that close needs the loop to run.
                await anyio.to_thread.run_sync(cache.refresh)
            hit = cache.lookup(_key(path, scope.get("query_string", b"")))
            if hit is not None:
                body, media_type = hit
                headers = [
                    (b"content-type", media_type.encode()),
                    (b"content-length", str(len(body)).encode()),
                ]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def dumps(value: Any) -> bytes:
    """Strict JSON (no NaN or Infinity) as UTF-8 bytes."""
    return json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), default=str, allow_nan=False
    ).encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(_short(v)) for v in value)
    # Spreadsheet formula injection: a cell must not start a formula when opened in Excel.
    return neutralise_formula(str(value))


def _short(value: Any) -> Any:
    if isinstance(value, dict):
        for key in ("slug", "iso3", "id"):
            if key in value:
                return value[key]
        return json.dumps(value, sort_keys=True)
    return value


def _flatten(row: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    """Rows as CSV: nested objects become dotted columns, lists are joined with '; '."""
    flat = [_flatten(r) for r in rows]
    columns: list[str] = []
    for row in flat:
        for key in row:
            if key not in columns:
                columns.append(key)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in flat:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue().encode()


def page(
    items: Sequence[BaseModel], *, total: int | None, limit: int, offset: int, fmt: str
) -> tuple[bytes, str]:
    """A page of a list as the JSON envelope (the route's ``Page`` model), or as CSV."""
    rows = [item.model_dump(mode="json") for item in items]
    if fmt == "csv":
        return to_csv(rows), "text/csv; charset=utf-8"
    total = len(rows) if total is None else total
    following = offset + limit if offset + limit < total else None
    envelope = {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": following,
        "items": rows,
    }
    return dumps(envelope), "application/json"


def paginate(items: Sequence[BaseModel], *, limit: int, offset: int, fmt: str) -> tuple[bytes, str]:
    return page(
        items[offset : offset + limit], total=len(items), limit=limit, offset=offset, fmt=fmt
    )


def model_body(model: BaseModel) -> tuple[bytes, str]:
    """One read model as strict JSON (non-finite numbers become null)."""
    return model.model_dump_json().encode(), "application/json"

"""A web site on 127.0.0.x for the fetching tests: no test touches the internet.

Each :class:`Site` serves its ``routes`` (path -> :class:`Page`, or a function of the request
returning one) from a thread, records every request, honours ``If-None-Match`` for pages with
an ETag, and refuses to serve more than ``max_requests`` requests so that a test gone wrong
cannot loop for long.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Send the body in pieces without Content-Length (the connection's end marks its end).
    stream: Iterator[bytes] | None = None


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]


Route = Page | Callable[[Request], Page]


def html(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>Home</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>(c) Example</footer></body></html>"
    ).encode()


class Site:
    def __init__(self, host: str = "127.0.0.1", max_requests: int = 300) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.max_requests = max_requests
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                site.requests.append(request)
                if len(site.requests) > site.max_requests:
                    self.send_error(503, "test site: too many requests")
                    return
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                page = route(request) if callable(route) else route
                etag = page.headers.get("ETag")
                if etag and request.headers.get("if-none-match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if page.stream is None and "Content-Length" not in page.headers:
                    self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                try:
                    if page.stream is not None:
                        for piece in page.stream:
                            self.wfile.write(piece)
                    else:
                        self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as a size cap does

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.host, self.port = host, self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class FakeTime:
    """A clock that moves only when slept on: waits are recorded, never waited."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds

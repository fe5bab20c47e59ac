"""The dashboard's static files (scripts, styles, map geometry) served from memory.

They are few (about 1.5 MB) and never change while the server runs, so reading them once at
start-up keeps them off the thread pool and the disk under load; browsers may keep them an hour.
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from starlette.types import Receive, Scope, Send

#: Files larger than this are not served (nothing the dashboard ships comes near it).
MAX_FILE_BYTES = 8 * 1024 * 1024


class InMemoryStatic:
    """An ASGI app serving every file below ``directory`` by its relative path."""

    def __init__(self, directory: Path) -> None:
        self.files: dict[str, tuple[bytes, bytes, bytes]] = {}
        for path in sorted(directory.rglob("*")):
            if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                continue
            body = path.read_bytes()
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if media_type.startswith("text/") or media_type in ("application/javascript",):
                media_type += "; charset=utf-8"
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            relative = path.relative_to(directory).as_posix()
            self.files[relative] = (body, media_type.encode(), etag.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        relative = scope.get("path", "").removeprefix(scope.get("root_path", "")).lstrip("/")
        relative = relative.removeprefix("static/")
        found = self.files.get(relative)
        if scope["method"] not in ("GET", "HEAD") or found is None:
            status = 404 if found is None else 405
            body = b"Not Found" if status == 404 else b"Method Not Allowed"
            headers = [(b"content-type", b"text/plain"), (b"content-length", b"%d" % len(body))]
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        body, media_type, etag = found
        request_headers = dict(scope.get("headers", []))
        if request_headers.get(b"if-none-match") == etag:
            headers = [(b"etag", etag)]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [
            (b"content-type", media_type),
            (b"content-length", b"%d" % len(body)),
            (b"etag", etag),
            (b"cache-control", b"public, max-age=3600"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )

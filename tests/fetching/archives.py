"""Build small WARC files for tests with warcio's own writer."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from fetching.local_site import html

KAMPALA = "Hikvision installed facial recognition cameras for the police in Kampala, Uganda."
TANZANIA = "In March, ZTE installed a lawful interception system for the police in Tanzania."


def response(writer: WARCWriter, uri: str, when: str, status: str, kind: str, body: bytes) -> Any:
    http = StatusAndHeaders(status, [("Content-Type", kind), ("ETag", '"w1"')], protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": when},
    )


def write_warc(path: Path, gzip: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        page = html("Cameras for Kampala", KAMPALA)
        records = [
            response(
                writer, "https://news.example.org/kampala", "2024-03-05T10:00:00Z", "200 OK",
                "text/html; charset=utf-8", page,
            ),
            response(
                writer, "https://news.example.org/logo.png", "2024-03-05T10:00:01Z", "200 OK",
                "image/png", b"\x89PNG\r\n",
            ),
            response(
                writer, "https://news.example.org/moved", "2024-03-05T10:00:02Z",
                "301 Moved Permanently", "text/html", b"<html>moved</html>",
            ),
            response(
                writer, "https://wire.example.com/tz.txt", "2024-03-06T08:30:00Z", "200 OK",
                "text/plain; charset=utf-8", TANZANIA.encode(),
            ),
            writer.create_warc_record(
                "https://news.example.org/kampala", "request",
                payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
            ),
        ]  # fmt: skip
        for record in records:
            writer.write_record(record)

"""Reviewer accounts, signed session cookies and CSRF tokens for the review pages.

Reviewers come from configuration, never from the database:
- ``SURVINDEX_REVIEWERS="alice:token1,bob:token2"``, or
- ``SURVINDEX_CONFIG=/path/reviewers.toml`` with a ``[reviewers]`` table (``alice = "token1"``)
  and optionally ``secret = "..."`` (the key that signs session cookies; random per process when
  absent, so sessions end when the server restarts; ``SURVINDEX_SECRET`` also sets it).

A reviewer signs in with their token; the session cookie is HMAC-signed, HttpOnly and
SameSite=Strict, and carries a CSRF token that every form posts back. Scripts may instead send
``Authorization: Bearer <token>`` (no cookie, so no CSRF risk).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

COOKIE = "survindex_session"
SESSION_SECONDS = 8 * 3600


@dataclass(frozen=True)
class Settings:
    """Typed configuration of the web interface."""

    reviewers: dict[str, str] = field(default_factory=dict)  # name -> token
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    secure_cookies: bool = False

    @classmethod
    def from_environment(cls) -> Settings:
        reviewers: dict[str, str] = {}
        secret = os.environ.get("SURVINDEX_SECRET", "")
        config = os.environ.get("SURVINDEX_CONFIG")
        if config:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
            reviewers.update({str(k): str(v) for k, v in data.get("reviewers", {}).items()})
            secret = secret or str(data.get("secret", ""))
        for item in os.environ.get("SURVINDEX_REVIEWERS", "").split(","):
            name, _, token = item.strip().partition(":")
            if name and token:
                reviewers[name] = token
        return cls(
            reviewers=reviewers,
            secret=secret.encode() if secret else secrets.token_bytes(32),
        )

    def reviewer_for_token(self, token: str) -> str | None:
        """The reviewer whose token this is; compares in constant time."""
        found = None
        for name, expected in self.reviewers.items():
            if token and hmac.compare_digest(token.encode(), expected.encode()):
                found = name
        return found


@dataclass(frozen=True)
class SessionData:
    reviewer: str
    csrf: str
    issued: float


def _sign(settings: Settings, payload: bytes) -> str:
    return hmac.new(settings.secret, payload, hashlib.sha256).hexdigest()


def make_cookie(settings: Settings, reviewer: str) -> str:
    data = {"r": reviewer, "c": secrets.token_urlsafe(24), "t": time.time()}
    payload = base64.urlsafe_b64encode(json.dumps(data).encode())
    return payload.decode() + "." + _sign(settings, payload)


def read_cookie(settings: Settings, value: str | None) -> SessionData | None:
    """The session in a cookie, or None when absent, forged, expired or the reviewer is gone."""
    if not value or "." not in value:
        return None
    payload, _, signature = value.rpartition(".")
    if not hmac.compare_digest(signature, _sign(settings, payload.encode())):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        session = SessionData(str(data["r"]), str(data["c"]), float(data["t"]))
    except (ValueError, KeyError, TypeError):
        return None
    if time.time() - session.issued > SESSION_SECONDS or session.reviewer not in settings.reviewers:
        return None
    return session


def csrf_ok(session: SessionData, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf, submitted or "")

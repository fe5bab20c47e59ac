"""Reviewer accounts, signed session cookies and CSRF tokens for the review pages.

Reviewers come from configuration, never from the database:
- ``SURVINDEX_REVIEWERS="alice:token1,bob:token2"``, or
- ``SURVINDEX_CONFIG=/path/reviewers.toml`` with a ``[reviewers]`` table (``alice = "token1"``)
  and optionally ``secret = "..."`` (the key that signs session cookies; random per process when
  absent; ``SURVINDEX_SECRET`` also sets it). Sessions are held in memory, so they end when the
  server restarts whatever the key.

A reviewer signs in with their name and token, through a form that carries a CSRF token of its
own. The session lives on the server (:mod:`survindex.interfaces.web.sessions`), so signing out
ends it; the cookie only names it, and is HMAC-signed, HttpOnly, SameSite=Strict and, when
``SURVINDEX_SECURE_COOKIES`` is true, Secure (HTTPS only). Every form of a session posts back its
CSRF token. Scripts may instead send ``Authorization: Bearer <token>`` (no cookie, so no CSRF
risk). All these variables are fields of
:class:`survindex.settings.SurvIndexSettings`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import tomllib
from dataclasses import dataclass, field

from survindex.settings import SurvIndexSettings, load_settings

COOKIE = "survindex_session"
#: Holds the CSRF token of the sign-in form until the reviewer has a session.
LOGIN_COOKIE = "survindex_login"


@dataclass(frozen=True)
class Settings:
    """Typed configuration of the web interface."""

    reviewers: dict[str, str] = field(default_factory=dict)  # name -> token
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    secure_cookies: bool = False

    @classmethod
    def from_environment(cls, environment: SurvIndexSettings | None = None) -> Settings:
        """The web settings from the shared :class:`survindex.settings.SurvIndexSettings`.

        ``environment`` defaults to :func:`survindex.settings.load_settings`; the reviewer file
        it names (``SURVINDEX_CONFIG``) is read here, since only the web server needs it.
        """
        environment = environment if environment is not None else load_settings()
        reviewers: dict[str, str] = {}
        secret = environment.secret.get_secret_value() if environment.secret else ""
        if environment.config is not None:
            data = tomllib.loads(environment.config.read_text(encoding="utf-8"))
            reviewers.update({str(k): str(v) for k, v in data.get("reviewers", {}).items()})
            secret = secret or str(data.get("secret", ""))
        reviewers.update(environment.reviewer_tokens())
        return cls(
            reviewers=reviewers,
            secret=secret.encode() if secret else secrets.token_bytes(32),
            secure_cookies=environment.secure_cookies,
        )

    def reviewer_for_token(self, token: str) -> str | None:
        """The reviewer whose token this is; compares in constant time."""
        found = None
        for name, expected in self.reviewers.items():
            if token and hmac.compare_digest(token.encode(), expected.encode()):
                found = name
        return found


def reviewer_for_login(settings: Settings, name: str, token: str) -> str | None:
    """The reviewer when ``token`` is the token of the reviewer called ``name``.

    An unknown name costs the same comparison as a known one, so timing does not tell names.
    """
    expected = settings.reviewers.get(name)
    matches = hmac.compare_digest(token.encode(), (expected or secrets.token_hex(16)).encode())
    return name if expected is not None and token and matches else None


def _sign(settings: Settings, value: str) -> str:
    return hmac.new(settings.secret, value.encode(), hashlib.sha256).hexdigest()


def cookie_for(settings: Settings, session_id: str) -> str:
    """The session cookie's value: the session id and its signature."""
    return f"{session_id}.{_sign(settings, session_id)}"


def session_id_in(settings: Settings, cookie: str | None) -> str | None:
    """The session id a cookie names, or None when it is absent or its signature is forged."""
    if not cookie or "." not in cookie:
        return None
    session_id, _, signature = cookie.rpartition(".")
    return session_id if hmac.compare_digest(signature, _sign(settings, session_id)) else None


def tokens_match(expected: str, submitted: str | None) -> bool:
    """A CSRF token check in constant time; an empty token never matches."""
    return bool(expected) and bool(submitted) and hmac.compare_digest(expected, submitted or "")

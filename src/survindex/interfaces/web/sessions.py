"""Reviewer sessions kept on the server, and a limit on failed sign-ins; both in memory.

A signed cookie alone cannot be taken back: signing out deleted it from one browser, but a copy
stayed valid for hours. Here the cookie only names a session the server holds, so signing out
ends it everywhere. Failed sign-ins are counted per client address and per reviewer name, so
that neither one machine nor many machines can guess a token at speed.

Both live in the server process (``survindex serve`` runs one): a restart signs everyone out and
forgets the counts. Time comes from an injectable clock, so tests need not wait.

>>> clock = FakeClock()
>>> guard = SignInGuard(clock=clock)
>>> for _ in range(5):
...     guard.failed("10.0.0.1", "alice")
>>> guard.retry_after("10.0.0.1", "bob"), guard.retry_after("10.0.0.2", "alice")
(60, 60)
>>> clock.now += 60
>>> guard.retry_after("10.0.0.1", "alice") is None
True
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]
#: How long a session lasts after sign-in, whatever happens in between.
SESSION_SECONDS = 8 * 3600
#: Failed sign-ins allowed per address and per name within WINDOW_SECONDS before a 429.
MAX_FAILURES = 5
WINDOW_SECONDS = 60.0
#: Above this many counted addresses and names, the stale ones are dropped, so that a stream of
#: made-up names cannot fill the memory.
MAX_KEYS = 10_000


@dataclass
class FakeClock:
    """A clock that moves only when told to (``clock.now += 60``); for tests and examples."""

    now: float = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class SessionData:
    reviewer: str
    csrf: str
    issued: float


class SessionStore:
    """Open sessions by id; an id is 256 random bits, so it cannot be guessed."""

    def __init__(self, *, clock: Clock = time.monotonic, lifetime: float = SESSION_SECONDS):
        self._clock = clock
        self._lifetime = lifetime
        self._sessions: dict[str, SessionData] = {}
        self._lock = threading.Lock()

    def open(self, reviewer: str) -> tuple[str, SessionData]:
        """A new session (and its id) for a reviewer who just signed in."""
        session = SessionData(reviewer, secrets.token_urlsafe(24), self._clock())
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._drop_expired()
            self._sessions[session_id] = session
        return session_id, session

    def get(self, session_id: str) -> SessionData | None:
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None and self._expired(session):
                del self._sessions[session_id]
                return None
        return session

    def close(self, session_id: str) -> None:
        """End a session: its cookie no longer signs anyone in, wherever it was copied to."""
        with self._lock:
            self._sessions.pop(session_id, None)

    def _expired(self, session: SessionData) -> bool:
        return self._clock() - session.issued > self._lifetime

    def _drop_expired(self) -> None:
        for session_id in [k for k, s in self._sessions.items() if self._expired(s)]:
            del self._sessions[session_id]


@dataclass
class FailureLimit:
    """At most ``limit`` failures per key within ``window`` seconds (a sliding window)."""

    clock: Clock = time.monotonic
    limit: int = MAX_FAILURES
    window: float = WINDOW_SECONDS
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, key: str) -> int | None:
        """Whole seconds until ``key`` may try again; None when it may now."""
        with self._lock:
            recent = self._recent(key)
            if len(recent) < self.limit:
                return None
            return max(1, math.ceil(recent[0] + self.window - self.clock()))

    def fail(self, key: str) -> None:
        with self._lock:
            if key not in self._failures and len(self._failures) >= MAX_KEYS:
                self._make_room()
            self._failures.setdefault(key, deque()).append(self.clock())

    def forget(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str) -> deque[float]:
        """The key's failures still inside the window (oldest first)."""
        times = self._failures.get(key, deque())
        cutoff = self.clock() - self.window
        while times and times[0] <= cutoff:
            times.popleft()
        return times

    def _make_room(self) -> None:
        """Drop keys with no recent failure, then the oldest keys, to stay under MAX_KEYS."""
        for key in [k for k in self._failures if not self._recent(k)]:
            del self._failures[key]
        while len(self._failures) >= MAX_KEYS:
            del self._failures[next(iter(self._failures))]


class SignInGuard:
    """Open sessions, and failed sign-ins counted per client address and per reviewer name."""

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self.sessions = SessionStore(clock=clock)
        self._by_address = FailureLimit(clock=clock)
        self._by_name = FailureLimit(clock=clock)

    def retry_after(self, address: str, name: str | None = None) -> int | None:
        """Seconds to wait before this address (or anyone, as this reviewer) may try again."""
        waits = [self._by_address.retry_after(address)]
        if name:
            waits.append(self._by_name.retry_after(name.casefold()))
        known = [w for w in waits if w is not None]
        return max(known) if known else None

    def failed(self, address: str, name: str | None = None) -> None:
        self._by_address.fail(address)
        if name:
            self._by_name.fail(name.casefold())

    def succeeded(self, name: str) -> None:
        """A reviewer who got in starts afresh; the address keeps its count (it may be shared
        with someone still guessing)."""
        self._by_name.forget(name.casefold())

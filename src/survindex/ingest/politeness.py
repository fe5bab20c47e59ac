"""Politeness towards the sites we fetch from: robots.txt per host, and one request at a time.

A site owes us nothing; a crawler that ignores robots.txt or hammers a small newspaper's server
gets blocked and deserves it. Every request the fetcher makes (robots.txt itself, retries and
redirect hops included) first waits for its host's turn: at least ``min_interval`` seconds after
the host's previous request ended, longer when robots.txt asks for a ``Crawl-delay`` or the
server for a ``Retry-After``. The clock and the sleep are injectable so tests need not wait.

robots.txt follows RFC 9309, with one stricter choice: the file is fetched once per host and
kept for a day; a 2xx answer is parsed (the first 512 KiB); 401 and 403 forbid the whole site,
as Python's own robotparser decides; other 4xx answers mean there are no rules; a 5xx answer or
an unreachable server forbids the whole site for now, since its rules cannot be known.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

Clock = Callable[[], float]
Sleep = Callable[[float], None]

#: How long a host's robots.txt is trusted (RFC 9309 asks crawlers not to keep it over a day).
ROBOTS_TTL = 24 * 3600.0
#: The part of robots.txt that is read (RFC 9309: at least 500 KiB must be parsed).
ROBOTS_MAX_BYTES = 512 * 1024


def host_of(url: str) -> str:
    """Scheme and authority: the unit of robots.txt rules and of pacing."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


class Pacer:
    """Requests to one host start at least ``interval`` seconds after its last one ended."""

    def __init__(
        self, interval: float, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next: dict[str, float] = {}
        self._interval: dict[str, float] = {}

    def slow_down(self, host: str, interval: float) -> None:
        """Space this host's requests by ``interval`` when that is more than the default."""
        self._interval[host] = max(self._interval.get(host, self.interval), interval)

    def wait(self, host: str) -> None:
        """Sleep until ``host`` may be asked again."""
        delay = self._next.get(host, 0.0) - self.clock()
        if delay > 0:
            self.sleep(delay)

    def done(self, host: str, at_least: float = 0.0) -> None:
        """A request to ``host`` ended; the next may start after the interval (or ``at_least``
        seconds, as a server's Retry-After or a backoff asks)."""
        wait = max(self._interval.get(host, self.interval), at_least)
        self._next[host] = self.clock() + wait


@dataclass(frozen=True)
class RobotsAnswer:
    """What a host's robots.txt request gave: a status (None when unreachable) and text."""

    status: int | None
    text: str = ""


class _Rules:
    """One host's robots.txt, as read, with when it was read."""

    def __init__(self, answer: RobotsAnswer, read_at: float) -> None:
        self.read_at = read_at
        self.parser: RobotFileParser | None = None
        self.everything = False  # no rules: allow everything
        self.nothing = False  # no access: forbid everything
        status = answer.status
        if status is None or status >= 500 or status in (401, 403):
            self.nothing = True
        elif status >= 400:
            self.everything = True
        else:
            self.parser = RobotFileParser()
            self.parser.parse(answer.text.splitlines())

    def allows(self, agent: str, url: str) -> bool:
        if self.nothing:
            return False
        if self.everything or self.parser is None:
            return True
        return self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


class RobotsCache:
    """robots.txt of every host asked about, read once a day through ``read``.

    ``read(robots_url)`` does the request (the fetcher passes its paced client) and returns a
    :class:`RobotsAnswer`; ``agent`` is the product token rules are matched against.
    """

    def __init__(
        self,
        read: Callable[[str], RobotsAnswer],
        agent: str,
        *,
        clock: Clock = time.monotonic,
        ttl: float = ROBOTS_TTL,
    ) -> None:
        self.read = read
        self.agent = agent
        self.clock = clock
        self.ttl = ttl
        self._rules: dict[str, _Rules] = {}

    def _for(self, url: str) -> _Rules:
        host = host_of(url)
        rules = self._rules.get(host)
        if rules is None or self.clock() - rules.read_at > self.ttl:
            rules = _Rules(self.read(f"{host}/robots.txt"), self.clock())
            self._rules[host] = rules
        return rules

    def allowed(self, url: str) -> bool:
        return self._for(url).allows(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        return self._for(url).crawl_delay(self.agent)

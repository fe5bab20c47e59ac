"""A time budget for extracting one document, so that one text cannot hold up an ingest.

Extraction time grows linearly with the text (sentences and the names in them are bounded, see
``sentences.MAX_SENTENCE``), but a document of hundreds of megabytes, or a shape of text no test
has met, could still take minutes; an ingest reports such a document as failed and goes on.

The timer is SIGALRM (``signal.setitimer``): it needs no thread, and it interrupts Python code at
the next bytecode, which in extraction is never far away (no single regex or scan runs for long on
bounded sentences). Signals are handled only in a process's main thread, which is where ingest's
worker processes and the command line run extraction; in any other thread, and on platforms
without SIGALRM, the budget is not enforced and extraction simply runs to the end.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

#: How soon the timer fires again when its first exception was swallowed (see time_budget).
RETRY_SECONDS = 0.05


class ExtractionTimeout(BaseException):
    """Extraction of one document ran past its time budget.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` on the way (in a
    rule, or in a library the extractor calls) swallows it and extraction runs on regardless.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"extraction exceeded the {seconds:g} s budget")
        self.seconds = seconds


def can_enforce() -> bool:
    """Whether ``time_budget`` can interrupt work here (a main thread, a platform with SIGALRM)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ExtractionTimeout` inside the block once ``seconds`` have passed.

    None or 0 sets no budget; so does a thread or platform where ``can_enforce()`` is False.
    The previous SIGALRM handler is put back afterwards (a timer set by the caller is not).

    >>> from survindex.ingest.extract import extract_claims
    >>> with time_budget(60):
    ...     claims = extract_claims("Huawei installed CCTV in Nairobi, Kenya.", "doc.txt")
    >>> len(claims)
    1
    """
    if not seconds or not can_enforce():
        yield
        return

    expired = False

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        nonlocal expired
        expired = True
        raise ExtractionTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    # The timer repeats: an exception raised where Python cannot pass it on (a finaliser run by
    # the garbage collector reports it as "unraisable" and carries on) is raised again shortly.
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
    if expired:  # the block finished although the budget ran out: it still ran over
        raise ExtractionTimeout(seconds)

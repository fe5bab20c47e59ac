"""One slow document cannot hold up an ingest: it fails alone once its extraction exceeds the
time budget, and Ctrl-C ends the workers at once instead of waiting for it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from survindex.ingest import pipeline
from survindex.ingest.extract import ExtractionTimeout, extract_claims, time_budget
from survindex.ingest.pipeline import ingest_paths
from survindex.store.database import Store

pytestmark = pytest.mark.slow

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs SIGALRM")


def never_ending(text: str, doc: str) -> Any:
    """An extraction that does not finish on its own: certainly over any budget."""
    while True:
        time.sleep(0.01)


@linux_only
def test_time_budget_interrupts_and_restores_the_alarm_handler() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with (
        pytest.raises(ExtractionTimeout, match=r"exceeded the 0\.05 s budget"),
        time_budget(0.05),
    ):
        never_ending("", "")
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_time_budget_is_not_enforced_outside_the_main_thread() -> None:
    finished: list[bool] = []

    def extract() -> None:
        with time_budget(0.01):
            time.sleep(0.05)
        finished.append(True)

    thread = threading.Thread(target=extract)
    thread.start()
    thread.join()
    assert finished == [True]


@linux_only
def test_a_document_over_its_budget_fails_alone(
    index_db: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_for_one(text: str, doc: str) -> Any:
        return never_ending(text, doc) if doc.endswith("doc0007.txt") else extract_claims(text, doc)

    monkeypatch.setattr(pipeline, "extract_claims", slow_for_one)  # forked workers inherit it
    report = ingest_paths(store=Store(index_db), paths=[corpus], workers=2, extraction_budget=2.0)
    assert report.stored == 39 and report.claims == 39
    slow = corpus / "doc0007.txt"
    assert report.errors == (f"{slow}: extraction exceeded the 2 s budget, skipped",)


@linux_only
def test_a_huge_document_over_a_tiny_budget_fails_without_workers(
    index_db: str, tmp_path: Path
) -> None:
    """Real text this time: 2 MB without a sentence end takes over a second, 100 times the
    budget."""
    clause = "Huawei installed safe city cameras for the police in Kenya, officials said, "
    path = tmp_path / "huge.txt"
    path.write_text(clause * (2_000_000 // len(clause)), encoding="utf-8")
    report = ingest_paths(store=Store(index_db), paths=[path], workers=1, extraction_budget=0.01)
    assert report.stored == 0
    assert report.errors == (f"{path}: extraction exceeded the 0.01 s budget, skipped",)


#: Run by the Ctrl-C test in its own process: an ingest whose worker is stuck on the first file.
#: The parent stores in input order, so from the moment the worker is stuck the parent can only
#: wait for that file's result: the signal always lands in that wait, never inside a write.
STUCK_INGEST = """
import sys, time
from pathlib import Path
from survindex.ingest import pipeline
from survindex.store.database import Store

db, corpus, marker = sys.argv[1:4]
real_extract = pipeline.extract_claims

def stuck_on_one(text, doc):
    if doc.endswith("doc0000.txt"):
        Path(marker).write_text("extracting")
        while True:
            time.sleep(0.01)
    return real_extract(text, doc)

pipeline.extract_claims = stuck_on_one
report = pipeline.ingest_paths(
    store=Store(db), paths=[corpus], workers=2, extraction_budget=None
)
print("interrupted" if report.interrupted else "finished", flush=True)
"""


@linux_only
def test_ctrl_c_acts_at_once_while_a_worker_is_extracting(
    index_db: str, corpus: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "extracting"
    process = subprocess.Popen(
        [sys.executable, "-c", STUCK_INGEST, index_db, str(corpus), str(marker)],
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():  # a worker is now in an extraction that never ends
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the stuck document was never reached"
            time.sleep(0.01)
        interrupted_at = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        out, err = process.communicate(timeout=60)
        took = time.monotonic() - interrupted_at
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    assert process.returncode == 0, err
    assert out.decode().split() == ["interrupted"] and b"Traceback" not in err
    # 21 s before the fix; about 2 s now (the grace the pool gives the chunks its workers hold),
    # and the margin absorbs a loaded machine
    assert took < 10, f"Ctrl-C took {took:.1f} s"


@linux_only
def test_a_timeout_swallowed_on_the_way_is_still_reported() -> None:
    """The garbage collector reports an exception raised in a finaliser as "unraisable" and
    carries on; the budget must still end as a timeout (the timer repeats, and the block's end
    checks whether the budget ran out)."""
    swallowed = 0
    # The alarm is held back until the block is inside its "try": on a loaded machine it could
    # otherwise fire between two statements outside it, and nothing would be swallowed.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        with pytest.raises(ExtractionTimeout), time_budget(0.01):
            try:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
                time.sleep(5)  # the timer ends this
            except ExtractionTimeout:
                swallowed += 1  # what a finaliser does with it
            time.sleep(5)  # the repeating timer ends this too
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    assert swallowed >= 1

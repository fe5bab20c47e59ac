"""Ingest many documents on one machine: read and extract on every core, store in the parent.

Worker processes read files and extract candidate claims; the parent writes each document with
its claims in one transaction, in input order. A kill therefore loses at most the document being
written, never half of one, and documents whose text sha256 is already stored are skipped (the
workers skip extracting them too), so running the same command again resumes where it stopped
and adds nothing twice. Each document's extraction has a time budget (``extraction_budget``): a
document that exceeds it is reported as failed and the others go on. Ctrl-C ends the workers at
once rather than waiting for the documents they are extracting.

>>> report = ingest_paths(store=Store("survindex.db"), paths=["articles/"])  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survindex.ingest.documents import DataQualityError, is_stored, store_document, stored_hashes
from survindex.ingest.extract import ExtractedClaim, ExtractionTimeout, extract_claims, time_budget
from survindex.ingest.metadata import MetadataError, SourceMetadata, read_sidecar, with_metadata
from survindex.ingest.readers import STDIN, Document, ReadError, expand_paths, read_document
from survindex.ingest.readers import read_stdin as _read_stdin
from survindex.store.database import Store

#: Files handed to a worker at once: big enough to amortise the hand-over, small enough that an
#: interruption waits little and the progress bar moves smoothly.
MAX_CHUNK = 16
#: Chunks in flight per worker, so that workers never wait for the parent to hand out work.
CHUNKS_PER_WORKER = 3
#: Seconds one document's extraction may take before it is reported as failed and skipped.
#: Extraction runs at megabytes per second even on text without sentence ends, so only a
#: document of many tens of megabytes (or a bug) reaches it.
EXTRACTION_BUDGET = 60.0
#: How long the parent waits on a worker's results before looking up again: a signal interrupts
#: the wait on Linux anyway; elsewhere this bounds how late Ctrl-C acts.
_POLL_SECONDS = 0.25


@dataclass(frozen=True)
class Prepared:
    """What a worker sends back for one file: the document and its claims, or an error."""

    path: str
    document: Document | None = None
    claims: tuple[ExtractedClaim, ...] = ()
    error: str | None = None
    already_stored: bool = False


@dataclass
class IngestProgress:
    """Counts so far; handed to the ``progress`` callback after every file."""

    total: int
    done: int = 0
    stored: int = 0
    already_stored: int = 0
    failed: int = 0
    claims: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def documents_per_second(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class IngestReport:
    files: int
    stored: int
    already_stored: int
    claims: int
    errors: tuple[str, ...]
    seconds: float
    workers: int
    interrupted: bool = False

    @property
    def documents_per_second(self) -> float:
        done = self.stored + self.already_stored + len(self.errors)
        return done / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[IngestProgress], None]


@dataclass(frozen=True)
class HoldPoint:
    """Pause an ingest after ``after`` stored documents until ``marker`` is deleted.

    It exists so that tests (and anyone studying resumption) can interrupt or kill an ingest at a
    known point instead of racing it against the clock: the ingest creates ``marker`` when it
    holds, and goes on once the file is gone. Set from the environment by the CLI
    (``SURVINDEX_INGEST_HOLD_AFTER`` and ``SURVINDEX_INGEST_HOLD_FILE``).
    """

    after: int
    marker: Path

    def wait_if_due(self, stored: int) -> None:
        if stored != self.after:
            return
        self.marker.write_text(f"{os.getpid()}\n")
        while self.marker.exists():
            time.sleep(0.02)


_known: frozenset[str] = frozenset()
_budget: float | None = None


def prepare(
    path: str,
    known: frozenset[str] = frozenset(),
    metadata: SourceMetadata | None = None,
    *,
    budget: float | None = None,
) -> Prepared:
    """Read one file and extract its claims; never raises, so one bad file stops nothing.

    ``metadata`` (given for this one file) wins over the file's sidecar, which wins over what
    the reader found; a malformed sidecar fails its file. Extraction that takes longer than
    ``budget`` seconds is abandoned and the file reported as failed (see ``time_budget`` for
    where the budget can be enforced).
    """
    try:
        sidecar = None if path == STDIN else read_sidecar(path)
        given = metadata.over(sidecar) if metadata is not None else sidecar
        document = _read_stdin() if path == STDIN else read_document(path)
    except (ReadError, MetadataError) as error:
        return Prepared(path, error=str(error))
    except Exception as error:  # a reader bug must not end a run of thousands of files
        return Prepared(path, error=f"{path}: cannot read ({type(error).__name__}: {error})")
    if document.sha256 in known:
        return Prepared(path, already_stored=True)
    if given:
        document = with_metadata(document, given)
    try:
        with time_budget(budget):
            claims = tuple(extract_claims(document.text, path))
    except ExtractionTimeout as timeout:
        return Prepared(path, error=f"{path}: {timeout}, skipped")
    except Exception as error:
        return Prepared(path, error=f"{path}: extraction failed ({type(error).__name__}: {error})")
    return Prepared(path, document, claims)


def _die_with_parent() -> None:
    """Ask Linux to end this worker when its parent dies (e.g. the ingest was killed)."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _init_worker(known: frozenset[str], budget: float | None) -> None:
    global _known, _budget
    _known, _budget = known, budget
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _die_with_parent()


def _prepare_chunk(paths: Sequence[str]) -> list[Prepared]:
    return [prepare(path, _known, budget=_budget) for path in paths]


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def default_workers() -> int:
    return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """Fork on Linux: workers start at once, sharing the gazetteers the parent has built.

    The pool forks all its workers at the first submit, before the caller has any reason to
    start threads (the CLI starts its progress bar on the first progress report).
    """
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _warm_up(files: Sequence[str]) -> None:
    """Do once in the parent what every forked worker would otherwise do for itself: build the
    extraction gazetteers and import the HTML and PDF libraries the files need."""
    with contextlib.suppress(Exception):  # a broken extractor is reported per file instead
        extract_claims("Huawei installed cameras in Nairobi, Kenya.", "warm-up")
    suffixes = {Path(f).suffix.lower() for f in files}
    with contextlib.suppress(ImportError):
        if suffixes & {".html", ".htm", ".xhtml", ".shtml", ""}:
            import trafilatura  # noqa: F401
        if ".pdf" in suffixes:
            import pypdf  # noqa: F401


class _PoolBroke(Exception):
    """A worker process died; ``lost`` holds the chunks whose results never came back."""

    def __init__(self, lost: list[Sequence[str]]) -> None:
        super().__init__(f"{len(lost)} chunks lost")
        self.lost = lost


def _result(future: Future[list[Prepared]]) -> list[Prepared]:
    """The future's result, waited for in short steps so that Ctrl-C is never held up."""
    while True:
        try:
            return future.result(timeout=_POLL_SECONDS)
        except FutureTimeout:
            continue


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    """End the pool's workers now: an interrupted ingest does not wait for the documents they
    are extracting (the pool has no public way to do this before Python 3.14)."""
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.terminate()


def _through_pool(
    chunks: Iterator[Sequence[str]],
    workers: int,
    known: frozenset[str],
    in_flight: int,
    budget: float | None,
) -> Iterator[Prepared]:
    """Prepared files in input order from one pool, with at most ``in_flight`` chunks queued."""
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_init_worker,
        initargs=(known, budget),
    )
    pending: deque[tuple[Sequence[str], Future[list[Prepared]]]] = deque()

    def submit(chunk: Sequence[str]) -> None:
        try:
            pending.append((chunk, executor.submit(_prepare_chunk, chunk)))
        except BrokenProcessPool:
            raise _PoolBroke([*(queued for queued, _future in pending), chunk]) from None

    try:
        for chunk in chunks:
            submit(chunk)
            if len(pending) >= in_flight:
                break
        while pending:
            try:
                results = _result(pending[0][1])
            except BrokenProcessPool:
                raise _PoolBroke([chunk for chunk, _future in pending]) from None
            pending.popleft()
            yield from results
            next_chunk = next(chunks, None)
            if next_chunk is not None:
                submit(next_chunk)
    except (KeyboardInterrupt, GeneratorExit):  # Ctrl-C, or the caller stopped reading
        _stop_workers(executor)
        raise
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _in_pool(
    files: list[str], workers: int, known: frozenset[str], budget: float | None
) -> Iterator[Prepared]:
    """Prepared files in input order from a pool of ``workers`` processes.

    When a worker dies (a reader crashing the interpreter, or the kernel ending it for lack of
    memory), the files whose results were lost are read again one at a time by a single worker,
    so that the file that kills its worker is reported as failed and every other file goes on.
    """
    size = max(1, min(MAX_CHUNK, len(files) // (workers * 8)))
    chunks = _chunks(files, size)
    _warm_up(files)
    while True:
        try:
            yield from _through_pool(chunks, workers, known, workers * CHUNKS_PER_WORKER, budget)
            return
        except _PoolBroke as broke:
            suspects = deque(path for chunk in broke.lost for path in chunk)
        while suspects:
            try:
                singles = iter([[path] for path in suspects])
                for prepared in _through_pool(singles, 1, known, 1, budget):
                    suspects.popleft()
                    yield prepared
            except _PoolBroke:
                path = suspects.popleft()
                yield Prepared(path, error=f"{path}: the worker reading it died (crash or memory)")


def _inline(
    files: list[str],
    known: frozenset[str],
    metadata: SourceMetadata | None,
    budget: float | None,
) -> Iterator[Prepared]:
    for path in files:
        yield prepare(path, known, metadata, budget=budget)


def _relax_sync(session: Session) -> None:
    """SQLite WAL with synchronous=NORMAL: a commit survives the process being killed, and only
    a power cut can lose the last few, which the next run re-ingests (it resumes by text hash).
    It makes each per-document commit several times cheaper than the default fsync."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA synchronous=NORMAL")


def _write(store: Store, prepared: Prepared, vendor_cache: dict[str, int]) -> int | None:
    """Store one prepared document in its own transaction; None when it was already there."""
    assert prepared.document is not None
    accessed = datetime.now(UTC).date()
    cache = dict(vendor_cache)  # merged back only once the transaction has committed
    try:
        with store.transaction() as session:
            _relax_sync(session)
            count = store_document(
                session=session,
                document=prepared.document,
                claims=prepared.claims,
                accessed=accessed,
                vendor_cache=cache,
            )
    except IntegrityError:  # another ingest stored the same text meanwhile
        with store.read() as session:
            if is_stored(session=session, sha256=prepared.document.sha256):
                return None
        raise
    vendor_cache.update(cache)
    return count


def ingest_paths(
    *,
    store: Store,
    paths: Iterable[str | Path],
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    hold: HoldPoint | None = None,
    metadata: SourceMetadata | None = None,
    extraction_budget: float | None = EXTRACTION_BUDGET,
) -> IngestReport:
    """Read, extract and store every file under ``paths`` (directories are walked).

    Each new document is stored with its candidate claims in its own transaction. Files that
    cannot be read or whose claims do not fit their text are reported in ``errors``, one line
    each, and the others go on. Ctrl-C stops cleanly: what was stored stays, and the report says
    ``interrupted``; running again resumes.

    ``metadata`` describes the source of a single file and raises MetadataError when ``paths``
    hold several; each file's ``NAME.meta.json`` sidecar, when there is one, describes it.

    A file whose extraction takes longer than ``extraction_budget`` seconds (None: no limit) is
    reported in ``errors`` ("PATH: extraction exceeded the 60 s budget, skipped"). The budget
    is enforced in worker processes and, without workers, when called from the main thread.
    """
    started = time.perf_counter()
    files = expand_paths(paths)
    if metadata and len(files) != 1:
        raise MetadataError(
            "source metadata (url, publisher, published, title) describes one document, but "
            f"{len(files)} files were given; "
            "put a NAME.meta.json sidecar next to each file instead"
        )
    workers = max(1, workers or default_workers())
    with store.read() as session:
        known = frozenset(stored_hashes(session=session))
    state = IngestProgress(total=len(files))
    errors: list[str] = []
    vendor_cache: dict[str, int] = {}
    in_pool = workers > 1 and len(files) > 1 and STDIN not in files
    stream = (
        _in_pool(files, workers, known, extraction_budget)
        if in_pool
        else _inline(files, known, metadata, extraction_budget)
    )
    interrupted = False
    try:
        for prepared in stream:
            if prepared.error is not None:
                errors.append(prepared.error)
            elif prepared.already_stored:
                state.already_stored += 1
            else:
                try:
                    count = _write(store, prepared, vendor_cache)
                except DataQualityError as error:
                    errors.append(str(error))
                except IntegrityError as error:
                    problem = str(error.orig or error).splitlines()[0]
                    errors.append(f"{prepared.path}: could not store ({problem})")
                else:
                    if count is None:  # stored meanwhile, e.g. the same text twice in one run
                        state.already_stored += 1
                    else:
                        state.stored += 1
                        state.claims += count
                        if hold is not None:
                            hold.wait_if_due(state.stored)
            state.done += 1
            state.failed = len(errors)
            if progress is not None:
                progress(state)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    return IngestReport(
        files=len(files),
        stored=state.stored,
        already_stored=state.already_stored,
        claims=state.claims,
        errors=tuple(errors),
        seconds=time.perf_counter() - started,
        workers=workers if in_pool else 1,
        interrupted=interrupted,
    )

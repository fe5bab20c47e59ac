"""Ingest many documents: read and extract on every core (or a Dask cluster), store in the parent.

Inputs are files, directories, web addresses and WARC files (see survindex.ingest.inputs).
Workers read each item and extract candidate claims; the parent writes each document with
its claims in one transaction, in input order (survindex.ingest.writer). A kill therefore loses
at most the document being written, never half of one, and documents whose text sha256 is
already stored are skipped (the workers skip extracting them too), so running the same command
again resumes where it stopped and adds nothing twice. A text that nearly repeats a stored one
(another outlet's copy of the same story) is stored as a mirror of its source, without claims
of its own. Each document's extraction has a time budget (``extraction_budget``): a document
that exceeds it is reported as failed and the others go on. Ctrl-C ends the workers at once
rather than waiting for the documents they are extracting.

The local engine is a pool of processes (survindex.ingest.pool); ``engine="dask"`` or a
``scheduler`` address runs the same work on Dask (survindex.ingest.engine_dask), storing
exactly the same documents and claims.

>>> report = ingest_paths(store=Store("survindex.db"), paths=["articles/"])  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from survindex.ingest.documents import stored_hashes
from survindex.ingest.engine_dask import DaskEngine
from survindex.ingest.extract import ExtractionTimeout, extract_claims, time_budget
from survindex.ingest.fetch import Fetcher
from survindex.ingest.inputs import ItemSource, expand_inputs, name_of
from survindex.ingest.items import Input, Item, Link, Payload, Prepared, describe, is_warc
from survindex.ingest.metadata import MetadataError, SourceMetadata, read_sidecar, with_metadata
from survindex.ingest.neardup import THRESHOLD, text_signature
from survindex.ingest.pool import Pool, batches
from survindex.ingest.readers import STDIN, Document, ReadError, read_bytes, read_document
from survindex.ingest.readers import read_stdin as _read_stdin
from survindex.ingest.writer import HoldPoint, IngestProgress, Writer
from survindex.store.database import Store

__all__ = [
    "EXTRACTION_BUDGET",
    "HoldPoint",
    "IngestProgress",
    "IngestReport",
    "Prepared",
    "default_workers",
    "ingest_paths",
    "prepare",
    "prepare_payload",
]

#: Items handed to a worker at once: big enough to amortise the hand-over, small enough that an
#: interruption waits little and the progress bar moves smoothly.
MAX_CHUNK = 16
#: Chunks in flight per worker, so that workers never wait for the parent to hand out work.
CHUNKS_PER_WORKER = 3
#: Seconds one document's extraction may take before it is reported as failed and skipped.
#: Extraction runs at megabytes per second even on text without sentence ends, so only a
#: document of many tens of megabytes (or a bug) reaches it.
EXTRACTION_BUDGET = 60.0
ENGINES = ("local", "dask")


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
    mirrors: int = 0
    not_modified: int = 0
    #: Items whose failure may pass (network, 429, 5xx): worth trying again later.
    retry_later: tuple[str, ...] = ()
    engine: str = "local"
    unit: str = "file"  # what ``files`` counts: "file", or "item" when URLs or WARCs came in

    @property
    def documents_per_second(self) -> float:
        done = self.stored + self.already_stored + self.mirrors + self.not_modified
        done += len(self.errors)
        return done / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[IngestProgress], None]

_known: frozenset[str] = frozenset()
_budget: float | None = None


def _extracted(
    path: str,
    document: Document,
    known: frozenset[str],
    given: SourceMetadata | None,
    budget: float | None,
) -> Prepared:
    if document.sha256 in known:
        return Prepared(path, already_stored=True, sha256=document.sha256)
    if given:
        document = with_metadata(document, given)
    try:
        with time_budget(budget):
            claims = tuple(extract_claims(document.text, path))
    except ExtractionTimeout as timeout:
        return Prepared(path, error=f"{path}: {timeout}, skipped")
    except Exception as error:
        return Prepared(path, error=f"{path}: extraction failed ({type(error).__name__}: {error})")
    signature = text_signature(document.text)
    return Prepared(path, document, claims, sha256=document.sha256, signature=signature)


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
    return _extracted(path, document, known, given, budget)


def prepare_payload(
    payload: Payload, known: frozenset[str] = frozenset(), *, budget: float | None = None
) -> Prepared:
    """:func:`prepare` for bytes already in hand (a fetched page, a WARC record, a shipped
    file): the same reader, metadata and extraction, and the fetch carried along."""
    name = payload.name
    try:
        document = read_bytes("<stdin>" if name == STDIN else name, payload.data, payload.suffix)
    except ReadError as error:
        return Prepared(name, error=str(error), fetch=payload.fetch)
    except Exception as error:
        why = f"{name}: cannot read ({type(error).__name__}: {error})"
        return Prepared(name, error=why, fetch=payload.fetch)
    prepared = _extracted(name, document, known, payload.metadata, budget)
    return replace(prepared, fetch=payload.fetch)


def prepare_item(
    item: Item,
    known: frozenset[str],
    budget: float | None,
    metadata: SourceMetadata | None = None,
) -> Prepared:
    if isinstance(item, Prepared):  # known before any worker saw it (304, refused, failed)
        return item
    if isinstance(item, Payload):
        return prepare_payload(item, known, budget=budget)
    if metadata is not None:
        return prepare(item, known, metadata, budget=budget)
    return prepare(item, known, budget=budget)


def prepare_chunk(
    items: Sequence[Item], known: frozenset[str], budget: float | None
) -> list[Prepared]:
    """A chunk's work on a Dask worker (which has no initializer to set the globals)."""
    return [prepare_item(item, known, budget) for item in items]


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


def _prepare_chunk(items: Sequence[Item]) -> list[Prepared]:
    return [prepare_item(item, _known, _budget) for item in items]


def _lost(item: Item) -> Prepared:
    name = name_of(item)
    return Prepared(name, error=f"{name}: the worker reading it died (crash or memory)")


def default_workers() -> int:
    return os.cpu_count() or 1


def _warm_up(inputs: Sequence[Input]) -> None:
    """Do once in the parent what every forked worker would otherwise do for itself: build the
    extraction gazetteers and import the HTML, PDF and MinHash libraries the inputs need."""
    with contextlib.suppress(Exception):  # a broken extractor is reported per file instead
        extract_claims("Huawei installed cameras in Nairobi, Kenya.", "warm-up")
        text_signature("Huawei installed cameras in Nairobi, Kenya, the ministry said.")
    suffixes = {
        ".html" if isinstance(i, Link) or is_warc(i) else Path(i).suffix.lower() for i in inputs
    }
    with contextlib.suppress(ImportError):
        if suffixes & {".html", ".htm", ".xhtml", ".shtml", ""}:
            import trafilatura  # noqa: F401
        if ".pdf" in suffixes:
            import pypdf  # noqa: F401


def _chunk_size(inputs: Sequence[Input], workers: int) -> int:
    """One item at a time for web pages (each waits for its fetch), else up to MAX_CHUNK."""
    if any(isinstance(i, Link) for i in inputs):
        return 1
    if any(is_warc(i) for i in inputs if isinstance(i, str)):
        return MAX_CHUNK
    return max(1, min(MAX_CHUNK, len(inputs) // (workers * 8)))


def _check_single(inputs: list[Input], metadata: SourceMetadata | None) -> None:
    if not metadata:
        return
    if len(inputs) == 1 and isinstance(inputs[0], str) and is_warc(inputs[0]):
        count = "a WARC file holds many"
    elif len(inputs) != 1:
        count = f"{len(inputs)} {describe(inputs)}s were given"
    else:
        return
    raise MetadataError(
        "source metadata (url, publisher, published, title) describes one document, but "
        f"{count}; put a NAME.meta.json sidecar next to each file instead"
    )


def _stream(
    source: ItemSource,
    inputs: Sequence[Input],
    known: frozenset[str],
    workers: int,
    budget: float | None,
    metadata: SourceMetadata | None,
    dask: DaskEngine | None,
) -> tuple[Iterator[Prepared], int]:
    """Prepared items in input order from the engine that fits, and how many workers it has."""
    if dask is not None:  # a running cluster has as many workers as it has, not ``workers``
        workers = dask.workers
        chunks = batches(iter(source), _chunk_size(inputs, workers))
        args = (dask.share(known), budget)
        in_flight = workers * CHUNKS_PER_WORKER
        stream = dask.run(prepare_chunk, chunks, args=args, in_flight=in_flight, on_lost=_lost)
        return stream, workers
    size = _chunk_size(inputs, workers)
    in_flight = workers * CHUNKS_PER_WORKER
    many = len(inputs) > 1 or any(isinstance(i, str) and is_warc(i) for i in inputs)
    if workers > 1 and many and STDIN not in inputs:
        _warm_up(inputs)
        pool = Pool(
            _prepare_chunk,
            workers=workers,
            initializer=_init_worker,
            initargs=(known, budget),
            on_lost=_lost,
        )
        return pool.run(batches(iter(source), size), in_flight), workers
    return (prepare_item(item, known, budget, metadata) for item in source), 1


def ingest_paths(
    *,
    store: Store,
    paths: Iterable[str | Path | Link],
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    hold: HoldPoint | None = None,
    metadata: SourceMetadata | None = None,
    extraction_budget: float | None = EXTRACTION_BUDGET,
    engine: str = "local",
    scheduler: str | None = None,
    fetcher: Fetcher | None = None,
    near_duplicates: float | None = THRESHOLD,
) -> IngestReport:
    """Read, extract and store every file, web page and WARC record under ``paths``.

    ``paths`` holds files, directories (walked), ``-`` (stdin), web addresses (``https://...``
    or :class:`~survindex.ingest.items.Link`, fetched politely by ``fetcher``, a default
    :class:`~survindex.ingest.fetch.Fetcher` when None) and WARC files (``.warc``,
    ``.warc.gz``). Each new document is stored with its candidate claims in its own
    transaction; a text whose estimated similarity to a stored one reaches ``near_duplicates``
    (None: never) is stored as a mirror of that source instead. Items that cannot be read or
    fetched, or whose claims do not fit their text, are reported in ``errors``, one line each,
    and the others go on. Ctrl-C stops cleanly: what was stored stays, and the report says
    ``interrupted``; running again resumes.

    ``metadata`` describes the source of a single input and raises MetadataError when ``paths``
    hold several; each file's ``NAME.meta.json`` sidecar, when there is one, describes it.

    A file whose extraction takes longer than ``extraction_budget`` seconds (None: no limit) is
    reported in ``errors`` ("PATH: extraction exceeded the 60 s budget, skipped"). The budget
    is enforced in local worker processes and, without workers, when called from the main
    thread; not on Dask. ``engine`` is "local" or "dask"; ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``) means Dask on that cluster, else Dask starts ``workers`` local
    worker processes.
    """
    started = time.perf_counter()
    inputs = expand_inputs(paths)
    _check_single(inputs, metadata)
    engine = "dask" if scheduler else engine
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (use {' or '.join(ENGINES)})")
    workers = max(1, workers or default_workers())
    with store.read() as session:
        known = frozenset(stored_hashes(session=session))
    state = IngestProgress(total=sum(1 for i in inputs if isinstance(i, Link) or not is_warc(i)))
    writer = Writer(store, state=state, hold=hold, near_duplicates=near_duplicates)
    own_fetcher = fetcher is None and any(isinstance(i, Link) for i in inputs)
    if own_fetcher:
        fetcher = Fetcher()
    interrupted = False
    with contextlib.ExitStack() as resources:
        if own_fetcher and fetcher is not None:
            resources.callback(fetcher.close)
        dask = None
        if engine == "dask":
            dask = resources.enter_context(DaskEngine(workers=workers, scheduler=scheduler))

        def discovered(count: int) -> None:
            state.total += count

        source = ItemSource(
            inputs,
            store=store,
            fetcher=fetcher,
            ship_files=dask is not None,
            metadata=metadata,
            discovered=discovered,
        )
        stream, used = _stream(source, inputs, known, workers, extraction_budget, metadata, dask)
        try:
            for prepared in stream:
                writer.handle(prepared)
                if progress is not None:
                    progress(state)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
    return IngestReport(
        files=state.total,
        stored=state.stored,
        already_stored=state.already_stored,
        claims=state.claims,
        errors=tuple(writer.errors),
        seconds=time.perf_counter() - started,
        workers=used,
        interrupted=interrupted,
        mirrors=state.mirrors,
        not_modified=state.not_modified,
        retry_later=tuple(writer.retry_later),
        engine=engine,
        unit=describe(inputs),
    )

"""The local engine: chunks of work through a pool of worker processes, results in input order.

A pool of ``workers`` processes runs ``work`` on each chunk with at most ``in_flight`` chunks
queued, so that workers never wait for the parent and memory stays bounded however long the
input. When a worker dies (a reader crashing the interpreter, or the kernel ending it for lack
of memory), the items whose results were lost are run again one at a time by a single worker,
so that the item that kills its worker is reported alone (``on_lost``) and every other goes on.
Ctrl-C cancels the chunks not started and lets the workers finish those they hold (see
``_stop_workers``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How long the parent waits on a worker's results before looking up again: a signal interrupts
#: the wait on Linux anyway; elsewhere this bounds how late Ctrl-C acts.
_POLL_SECONDS = 0.25


def batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last shorter), drawn lazily from ``items``."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def context() -> multiprocessing.context.BaseContext:
    """Fork on Linux: workers start at once, sharing the gazetteers the parent has built.

    The pool forks all its workers at the first submit, before the caller has any reason to
    start threads (the CLI starts its progress bar on the first progress report).
    """
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


class _PoolBroke(Exception, Generic[T]):
    """A worker process died; ``lost`` holds the chunks whose results never came back."""

    def __init__(self, lost: list[Sequence[T]]) -> None:
        super().__init__(f"{len(lost)} chunks lost")
        self.lost = lost


def _result(future: Future[list[R]]) -> list[R]:
    """The future's result, waited for in short steps so that Ctrl-C is never held up."""
    while True:
        try:
            return future.result(timeout=_POLL_SECONDS)
        except FutureTimeout:
            continue


def _stop_workers(executor: ProcessPoolExecutor, futures: Sequence[Future[Any]]) -> None:
    """Stop the pool after Ctrl-C: the chunks not started are cancelled and those the workers
    hold are let finish, for at most ``_GRACE_SECONDS``; a worker still busy then (a document
    that never ends) is ended. Ending a worker at once could catch it sending its results: half
    a message left in the pipe, and the pool's own thread waits for the rest for ever (seen
    about once in twenty interrupts under load). The pool has no public way to end its workers
    before Python 3.14."""
    for future in futures:
        future.cancel()
    _, running = wait(futures, timeout=_GRACE_SECONDS)
    if not running:
        return
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.terminate()
    # the queue's feeder thread may be blocked writing chunks no worker will read any more
    call_queue = getattr(executor, "_call_queue", None)
    if call_queue is not None:
        with contextlib.suppress(Exception):
            call_queue.cancel_join_thread()


#: How long an interrupted pool lets its workers finish the chunks they hold: long enough for
#: a chunk of ordinary documents, short enough that Ctrl-C still acts at once.
_GRACE_SECONDS = 2.0


class Pool(Generic[T, R]):
    """``work`` (a module-level function, for pickling) over chunks in ``workers`` processes,
    each started with ``initializer(*initargs)``."""

    def __init__(
        self,
        work: Callable[[Sequence[T]], list[R]],
        *,
        workers: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        on_lost: Callable[[T], R],
    ) -> None:
        self.work = work
        self.workers = workers
        self.initializer = initializer
        self.initargs = initargs
        self.on_lost = on_lost

    def _through_pool(
        self, chunks: Iterator[Sequence[T]], workers: int, in_flight: int
    ) -> Iterator[R]:
        """Results in input order from one pool, with at most ``in_flight`` chunks queued."""
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context(),
            initializer=self.initializer,
            initargs=self.initargs,
        )
        pending: deque[tuple[Sequence[T], Future[list[R]]]] = deque()

        def submit(chunk: Sequence[T]) -> None:
            try:
                pending.append((chunk, executor.submit(self.work, chunk)))
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
            _stop_workers(executor, [future for _chunk, future in pending])
            raise
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def run(self, chunks: Iterator[Sequence[T]], in_flight: int) -> Iterator[R]:
        """Results of every item of ``chunks``, in input order."""
        while True:
            try:
                yield from self._through_pool(chunks, self.workers, in_flight)
                return
            except _PoolBroke as broke:
                suspects: deque[T] = deque(item for chunk in broke.lost for item in chunk)
            while suspects:
                try:
                    singles = iter([[item] for item in suspects])
                    for result in self._through_pool(singles, 1, 1):
                        suspects.popleft()
                        yield result
                except _PoolBroke:
                    yield self.on_lost(suspects.popleft())

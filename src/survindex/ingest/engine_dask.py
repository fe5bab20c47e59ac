"""The distributed engine: the same chunks of work on a Dask cluster, results in input order.

The local engine (:mod:`survindex.ingest.pool`) uses the cores of one machine; this one uses
every worker of a Dask cluster: a ``LocalCluster`` of worker processes started for the run
(``--engine dask``), or a running scheduler (``--scheduler tcp://host:8786``) whose workers may
be on other machines. Workers get the bytes of each document from the parent (they need no
shared file system) and send back the same :class:`~survindex.ingest.items.Prepared` results
as the local pool; the parent stores them in input order, so both engines store exactly the
same documents and claims.

Dask runs tasks in worker threads, where the per-document extraction budget cannot interrupt
a stuck extraction (see survindex.ingest.extract.budget): on this engine it is not enforced.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class DaskUnavailable(RuntimeError):
    """Dask is not installed, or the scheduler cannot be reached; ``str()`` says which."""


class DaskEngine:
    """A Dask client for one ingest; close it (or use ``with``) to stop a cluster it started."""

    def __init__(self, *, workers: int | None = None, scheduler: str | None = None) -> None:
        try:
            # Typed as Any: distributed's constructors carry no annotations.
            distributed: Any = importlib.import_module("dask.distributed")
        except ImportError:
            raise DaskUnavailable(
                "the dask engine needs dask[distributed]: pip install 'dask[distributed]'"
            ) from None
        self.cluster: Any = None
        try:
            if scheduler:
                self.client: Any = distributed.Client(scheduler, timeout="10s")
            else:
                self.cluster = distributed.LocalCluster(
                    n_workers=max(1, workers or 2),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self.cluster)
        except OSError as error:  # no scheduler at that address, or it did not answer in time
            raise DaskUnavailable(f"cannot reach the Dask scheduler {scheduler}: {error}") from None

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {})) or 1

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                self.cluster.close()

    def share(self, value: Any) -> Any:
        """Send ``value`` to every worker once; pass what this returns to tasks instead."""
        # In a list: a bare set or tuple would be scattered element by element.
        (future,) = self.client.scatter([value], broadcast=True, hash=False)
        return future

    def run(
        self,
        work: Callable[..., list[R]],
        chunks: Iterator[Sequence[T]],
        *,
        args: tuple[Any, ...],
        in_flight: int,
        on_lost: Callable[[T], R],
    ) -> Iterator[R]:
        """``work(chunk, *args)`` for every chunk on the cluster, results in input order.

        A chunk whose task fails (its worker died on it more often than Dask allows) is run
        again item by item, so that only the item that kills workers is reported (``on_lost``).
        """
        pending: deque[tuple[Sequence[T], Any]] = deque()

        def submit(chunk: Sequence[T]) -> None:
            pending.append((chunk, self.client.submit(work, chunk, *args, pure=False)))

        try:
            for chunk in chunks:
                submit(chunk)
                if len(pending) >= in_flight:
                    break
            while pending:
                chunk, future = pending.popleft()
                try:
                    results: list[R] = future.result()
                except Exception:
                    results = [self._alone(work, item, args, on_lost) for item in chunk]
                yield from results
                next_chunk = next(chunks, None)
                if next_chunk is not None:
                    submit(next_chunk)
        except (KeyboardInterrupt, GeneratorExit):
            for _chunk, future in pending:
                with contextlib.suppress(Exception):
                    future.cancel()
            raise

    def _alone(
        self,
        work: Callable[..., list[R]],
        item: T,
        args: tuple[Any, ...],
        on_lost: Callable[[T], R],
    ) -> R:
        try:
            results: list[R] = self.client.submit(work, [item], *args, pure=False).result()
            return results[0]
        except Exception:
            return on_lost(item)

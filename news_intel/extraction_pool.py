"""Extraction in worker processes, every article under a time budget.

A Python-level alarm cannot stop an article stuck inside C code (a regex that backtracks, a loop in a
compiled parser): the signal waits for the C call to return. A process can always be stopped, so the
articles are extracted in child processes, and this process only hands out chunks and collects rows.

A chunk whose unfinished articles run past their budget (counted from the last article it finished) has
its worker killed and replaced. The articles it had not finished are tried again one at a time, and the
one that runs past its own budget alone is recorded in ``extraction_errors`` with component ``timeout``;
the rest of the batch goes on. An innocent article beside a hung one costs a second extraction, never
its rows.
"""
from __future__ import annotations

import atexit
import itertools
import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from news_intel.nlp.pipeline import ArticleInput, build_nlp, extract, failure_rows, table_specs

TIMEOUT_COMPONENT = "timeout"
DIED_COMPONENT = "worker"
# Each worker forks from a server that has imported spaCy and the components once.
_PRELOADED = ["news_intel.nlp.pipeline"]

Results = list[tuple[str, dict[str, list[dict]]]]


def start_forkserver() -> None:
    """Start the server the workers fork from now: it imports spaCy and the components in its own process
    while this one goes on (a run starts its orchestrator meanwhile); the first worker then forks at once."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(_PRELOADED)
    forkserver.ensure_running()


@dataclass(frozen=True)
class TimeBudget:
    """How long an article may take: ``seconds_per_10k_chars`` of its length, never under ``floor_seconds``."""

    seconds_per_10k_chars: float
    floor_seconds: float

    def seconds_for(self, characters: int) -> float:
        return max(self.floor_seconds, characters / 10_000 * self.seconds_per_10k_chars)


@dataclass(frozen=True)
class PipelineRecipe:
    """What a worker builds its pipeline from; ``build`` is pickled by name, so it must be importable."""

    model: str
    reference_dir: str
    build: Callable = build_nlp


def _serve(tasks, results, recipe: PipelineRecipe) -> None:
    """A worker process: build the pipeline once, then extract each chunk it is sent, one message per article."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    try:
        nlp = recipe.build(recipe.model, recipe.reference_dir)
        # The first article pays for lazy imports and loaded tables; that is start-up, not the article's time.
        list(extract(nlp, [ArticleInput("warm-up", "Officials said on Monday that the talks went well.")]))
    except BaseException as err:  # noqa: BLE001 - reported to the parent, which stops the run with it
        try:
            results.send(("broken", f"{type(err).__name__}: {err}"))
        except OSError:
            pass
        return
    try:
        results.send(("ready", None))
        while (chunk := tasks.recv()) is not None:
            for result in extract(nlp, chunk, batch_size=max(1, len(chunk))):
                results.send(("row", result))
            results.send(("done", None))
    except (EOFError, OSError):  # the parent has gone (or closed the pool): nobody is left to tell
        return


@dataclass
class _Job:
    article: ArticleInput
    ticket: int
    alone: bool = False  # retried on its own after its chunk timed out or its worker died


@dataclass
class _Worker:
    process: multiprocessing.Process
    tasks: object  # the sending end of the task pipe
    results: object  # the receiving end of the result pipe
    ready: bool = False
    busy: bool = False  # holds a chunk it has not reported done
    chunk: list[_Job] = field(default_factory=list)  # the articles of that chunk it has not finished
    deadline: float = 0.0

    def give(self, chunk: list[_Job], budget: TimeBudget) -> None:
        if len(chunk) == 1:
            chunk[0].alone = True  # nothing beside it to blame: past its budget, it is the one that hangs
        self.chunk, self.busy = chunk, True
        self.tasks.send([j.article for j in chunk])
        self.extend_deadline(budget)

    def extend_deadline(self, budget: TimeBudget) -> None:
        self.deadline = time.monotonic() + budget.seconds_for(sum(len(j.article.text) for j in self.chunk))

    def stop(self, grace: float = 0.0) -> None:
        if grace and self.process.is_alive():
            try:
                self.tasks.send(None)
            except OSError:
                pass
            self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        for end in (self.tasks, self.results):
            end.close()


class ExtractionPool:
    """``processes`` workers that extract the articles of each submitted batch, under ``budget``.

    ``submit`` queues a batch and returns at once; ``collect`` waits for that batch's rows, in input order.
    A background thread hands out chunks and reads rows, so the workers stay busy while the caller writes
    the previous batch to DuckDB.
    """

    def __init__(self, recipe: PipelineRecipe, processes: int, budget: TimeBudget, chunk_size: int = 32):
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(_PRELOADED)
        self._recipe, self._budget, self._chunk_size = recipe, budget, max(1, chunk_size)
        self._specs = table_specs()
        self._lock = threading.Condition()
        self._queue: deque[list[_Job]] = deque()
        self._results: dict[int, dict[str, dict[str, list[dict]]]] = {}  # ticket -> article id -> rows
        self._expected: dict[int, int] = {}
        self._tickets = itertools.count()
        self._error: BaseException | None = None
        self._closing = False
        self._wake_reader, self._wake_writer = self._ctx.Pipe(duplex=False)
        self._workers = [self._start_worker() for _ in range(max(1, processes))]
        self.timeouts = 0
        self._thread = threading.Thread(target=self._dispatch, name="extraction-pool", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    @property
    def processes(self) -> int:
        return len(self._workers)

    # ---- the caller's side ----

    def submit(self, inputs: Sequence[ArticleInput]) -> int:
        ticket = next(self._tickets)
        jobs = [_Job(a, ticket) for a in inputs]
        # Chunks small enough that every worker gets a share of the batch, large enough for spaCy's batching.
        size = min(self._chunk_size, max(1, -(-len(jobs) // len(self._workers))))
        with self._lock:
            self._results[ticket] = {}
            self._expected[ticket] = len(jobs)
            self._queue.extend(jobs[i : i + size] for i in range(0, len(jobs), size))
        self._wake()
        return ticket

    def collect(self, ticket: int, inputs: Sequence[ArticleInput]) -> Results:
        with self._lock:
            while self._error is None and len(self._results[ticket]) < self._expected[ticket]:
                self._lock.wait()
            if self._error is not None:
                raise self._error
            done = self._results.pop(ticket)
            del self._expected[ticket]
        return [(a.article_id, done[a.article_id]) for a in inputs]

    def wait_ready(self) -> None:
        """Return once every worker has built its pipeline (start-up is not throughput)."""
        with self._lock:
            while self._error is None and not all(w.ready for w in self._workers):
                self._lock.wait()
            if self._error is not None:
                raise self._error

    def extract(self, inputs: Sequence[ArticleInput]) -> Results:
        return self.collect(self.submit(inputs), inputs)

    def close(self) -> None:
        if self._closing:
            return
        with self._lock:
            self._closing = True
        self._wake()
        self._thread.join()
        for worker in self._workers:
            worker.stop(grace=5.0)
        for end in (self._wake_reader, self._wake_writer):
            end.close()
        atexit.unregister(self.close)

    def _wake(self) -> None:
        try:
            self._wake_writer.send_bytes(b"")
        except OSError:
            pass

    # ---- the dispatcher thread ----

    def _start_worker(self) -> _Worker:
        task_reader, task_writer = self._ctx.Pipe(duplex=False)
        result_reader, result_writer = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(target=_serve, args=(task_reader, result_writer, self._recipe),
                                    name="news-intel-extraction", daemon=True)
        process.start()
        task_reader.close()
        result_writer.close()
        return _Worker(process, task_writer, result_reader)

    def _dispatch(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._closing:
                        return
                    self._hand_out()
                    timeout = self._seconds_to_next_deadline()
                ready = wait([self._wake_reader, *(w.results for w in self._workers)], timeout)
                with self._lock:
                    if self._wake_reader in ready:
                        while self._wake_reader.poll():
                            self._wake_reader.recv_bytes()
                    for worker in list(self._workers):
                        if worker.results in ready:
                            self._read(worker)
                    self._expire()
                    self._lock.notify_all()
        except BaseException as err:  # noqa: BLE001 - handed to the caller waiting in collect()
            with self._lock:
                self._error = err
                self._lock.notify_all()

    def _hand_out(self) -> None:
        for worker in self._workers:
            if worker.ready and not worker.busy and self._queue:
                worker.give(self._queue.popleft(), self._budget)

    def _seconds_to_next_deadline(self) -> float | None:
        deadlines = [w.deadline for w in self._workers if w.chunk]
        return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None

    def _read(self, worker: _Worker) -> None:
        try:
            while worker.results.poll():
                kind, payload = worker.results.recv()
                if kind == "ready":
                    worker.ready = True
                elif kind == "broken":
                    raise RuntimeError(f"an extraction worker could not build the spaCy pipeline: {payload}")
                elif kind == "row":
                    self._finish(worker, *payload)
                else:  # "done": an article the chunk did not yield was lost in the worker; try it alone
                    lost, worker.chunk, worker.busy = worker.chunk, [], False
                    self._requeue_alone(lost, "unknown", "the extraction process returned no result")
        except (EOFError, OSError):
            worker.process.join(5.0)  # its pipe closed as it exited: the exit code follows at once
            self._replace(worker, DIED_COMPONENT,
                          f"the extraction process died (exit code {worker.process.exitcode})")

    def _finish(self, worker: _Worker, article_id: str, rows: dict[str, list[dict]]) -> None:
        job = next(j for j in worker.chunk if j.article.article_id == article_id)
        worker.chunk.remove(job)
        self._results[job.ticket][article_id] = rows
        worker.extend_deadline(self._budget)  # progress: the rest of the chunk gets a fresh budget

    def _expire(self) -> None:
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.chunk and now >= worker.deadline:
                seconds = self._budget.seconds_for(sum(len(j.article.text) for j in worker.chunk))
                self._replace(worker, TIMEOUT_COMPONENT, f"timeout: extraction ran past its time budget of "
                                                         f"{seconds:.1f} s and was stopped")

    def _replace(self, worker: _Worker, component: str, error: str) -> None:
        """Stop ``worker`` and start another; its unfinished articles are retried alone, or fail if they were."""
        if not worker.ready:
            raise RuntimeError(f"an extraction worker stopped before its pipeline was built ({error})")
        unfinished, worker.chunk = worker.chunk, []
        if component == TIMEOUT_COMPONENT:
            self.timeouts += 1
        self._requeue_alone(unfinished, component, error)
        worker.stop()
        self._workers[self._workers.index(worker)] = self._start_worker()

    def _requeue_alone(self, jobs: list[_Job], component: str, error: str) -> None:
        """Each of ``jobs`` goes back to the front of the queue on its own; one that already ran alone fails."""
        for job in reversed(jobs):
            if job.alone:
                aid = job.article.article_id
                self._results[job.ticket][aid] = failure_rows(self._specs, aid, component, error)
            else:
                self._queue.appendleft([_Job(job.article, job.ticket, alone=True)])

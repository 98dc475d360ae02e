"""Extraction fanned out over a ``dask.distributed`` cluster.

Each worker process loads the spaCy pipeline once and keeps it; the driver sends batches of article
inputs and gets rows back, and stays the only process that writes to DuckDB.

``NEWS_DASK_SCHEDULER``: ``local`` or ``local:N`` starts a ``LocalCluster`` with N single-threaded worker
processes (N defaults to the CPU count); ``tcp://host:8786`` uses an existing cluster, whose workers must
have this project installed (``pip install -e .``) with the same spaCy model.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Sequence

from news_intel.extraction_pool import ExtractionPool, PipelineRecipe, TimeBudget
from news_intel.nlp.pipeline import ArticleInput, build_nlp, extract
from news_intel.settings import Settings

# One pipeline per worker process, keyed by (model, reference dir), where the time budget is off.
_WORKER_PIPELINES: dict = {}
# Otherwise one extraction process per worker, keyed by (recipe, budget): the worker supervises it.
_WORKER_POOLS: dict = {}


def worker_pipeline(model: str, reference_dir: str, build=build_nlp):
    """This worker's pipeline, loaded on first use and kept for every later task."""
    key = (model, reference_dir)
    nlp = _WORKER_PIPELINES.get(key)
    if nlp is None:
        nlp = _WORKER_PIPELINES[key] = build(model, reference_dir)
    return nlp


def _load_pipeline(recipe: PipelineRecipe) -> None:
    # Returns nothing: client.run sends every worker's return value back to the driver.
    worker_pipeline(recipe.model, recipe.reference_dir, recipe.build)


def worker_pool(recipe: PipelineRecipe, budget: TimeBudget) -> ExtractionPool:
    """This worker's extraction process, started on first use and kept for every later task."""
    pool = _WORKER_POOLS.get((recipe, budget))
    if pool is None and multiprocessing.current_process().daemon:
        raise RuntimeError(
            "this dask worker is a daemonic process and cannot start the extraction process that the "
            "per-article time budget needs: start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False, "
            "or turn the budget off with NEWS_ARTICLE_SECONDS_PER_10K_CHARS=0")
    if pool is None:
        pool = _WORKER_POOLS[(recipe, budget)] = ExtractionPool(recipe, 1, budget)
    return pool


def _start_pool(recipe: PipelineRecipe, budget: TimeBudget) -> None:
    worker_pool(recipe, budget).wait_ready()


def extract_on_worker(recipe: PipelineRecipe, budget: TimeBudget | None, inputs: Sequence[ArticleInput]):
    """Runs inside a dask worker: extract ``inputs`` with the worker's pipeline.

    Under a time budget the worker hands the articles to its own extraction process, which it kills and
    replaces when an article hangs, exactly as a local run does; the dask worker itself stays responsive.
    """
    if budget is not None:
        return worker_pool(recipe, budget).extract(inputs)
    # extract() isolates an article that makes a component fail, exactly as in a local run.
    return list(extract(worker_pipeline(recipe.model, recipe.reference_dir, recipe.build), inputs, batch_size=32))


def connect_client(address: str):
    import dask
    from dask.distributed import Client, LocalCluster

    if address.startswith("local"):
        _, _, n = address.partition(":")
        workers = int(n) if n else (os.cpu_count() or 1)
        # dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 so that memory goes back to the OS quickly;
        # spaCy allocates and frees small objects all the time, and that setting made every worker about
        # 10% slower (more on 16 cores). A worker's memory here is the model plus one task's documents.
        environ = {k: v for k, v in dask.config.get("distributed.nanny.pre-spawn-environ").items()
                   if k != "MALLOC_TRIM_THRESHOLD_"}
        # The statistical profiler samples every worker's stack every 10 ms for a dashboard nobody opens here.
        # Not daemonic: a worker starts the extraction process that its time budget can stop.
        with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                              "distributed.worker.profile.enabled": False,
                              "distributed.worker.daemon": False}):
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                host="127.0.0.1", silence_logs=40,
            )
        client = Client(cluster)
        atexit.register(cluster.close)
        atexit.register(client.close)
        return client, cluster
    return Client(address), None


def dask_batch_extractor(settings: Settings, client=None, build=build_nlp):
    """A batch extractor for ``run_extraction`` that splits each batch across the cluster's workers."""
    from news_intel.extraction import time_budget

    cluster = None
    if client is None:
        client, cluster = connect_client(settings.dask_scheduler)
    recipe = PipelineRecipe(settings.spacy_model, str(settings.reference_dir), build)
    budget = time_budget(settings) if settings.article_budget_enabled else None

    def submit(inputs: Sequence[ArticleInput]):
        """Hand the batch to the scheduler and return its futures at once."""
        workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
        # Several small tasks per worker rather than one large one: a worker that draws long articles
        # does not hold the batch back while the others sit idle.
        size = max(4, -(-len(inputs) // (workers * 4)))
        parts = [list(inputs[i : i + size]) for i in range(0, len(inputs), size)]
        return client.map(extract_on_worker, [recipe] * len(parts), [budget] * len(parts), parts, pure=False)

    def collect(futures, inputs: Sequence[ArticleInput]):
        return [row for part in client.gather(futures) for row in part]

    def run(inputs: Sequence[ArticleInput]):
        return collect(submit(inputs), inputs)

    def warm() -> None:
        """Load the pipeline on every worker now rather than inside the first batch."""
        if budget is not None:
            client.run(_start_pool, recipe, budget)
        else:
            client.run(_load_pipeline, recipe)

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    run.client = client
    # run_extraction submits the next batch before it collects this one: the scheduler then always holds
    # work, and a worker that finishes its share of a batch starts on the next instead of waiting for the
    # slowest task of this one (with one blocking call per batch, every batch ended on its straggler).
    run.submit, run.collect = submit, collect
    run.runs_elsewhere = True
    run.warm = warm
    run.close = close
    return run

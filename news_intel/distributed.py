"""Extraction fanned out over a ``dask.distributed`` cluster.

Each worker process loads the spaCy pipeline once and keeps it; the driver sends batches of article
inputs and gets rows back, and stays the only process that writes to DuckDB.

``NEWS_DASK_SCHEDULER``: ``local`` or ``local:N`` starts a ``LocalCluster`` with N single-threaded worker
processes (N defaults to the CPU count); ``tcp://host:8786`` uses an existing cluster, whose workers must
have this project installed (``pip install -e .``) with the same spaCy model.
"""
from __future__ import annotations

import atexit
import os
from collections.abc import Sequence

from news_intel.nlp.pipeline import ArticleInput, build_nlp, extract
from news_intel.settings import Settings

# One pipeline per worker process, keyed by (model, reference dir).
_WORKER_PIPELINES: dict = {}


def worker_pipeline(model: str, reference_dir: str):
    """This worker's pipeline, loaded on first use and kept for every later task."""
    key = (model, reference_dir)
    nlp = _WORKER_PIPELINES.get(key)
    if nlp is None:
        nlp = _WORKER_PIPELINES[key] = build_nlp(model, reference_dir)
    return nlp


def _load_pipeline(model: str, reference_dir: str) -> None:
    # Returns nothing: client.run sends every worker's return value back to the driver.
    worker_pipeline(model, reference_dir)


def extract_on_worker(model: str, reference_dir: str, inputs: Sequence[ArticleInput]):
    """Runs inside a dask worker: extract ``inputs`` with the worker's pipeline."""
    # extract() isolates an article that makes a component fail, exactly as in a local run.
    return list(extract(worker_pipeline(model, reference_dir), inputs, batch_size=32))


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
        with dask.config.set({"distributed.nanny.pre-spawn-environ": environ,
                              "distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                host="127.0.0.1", silence_logs=40,
            )
        client = Client(cluster)
        atexit.register(cluster.close)
        atexit.register(client.close)
        return client, cluster
    return Client(address), None


def dask_batch_extractor(settings: Settings, client=None):
    """A batch extractor for ``run_extraction`` that splits each batch across the cluster's workers."""
    cluster = None
    if client is None:
        client, cluster = connect_client(settings.dask_scheduler)
    reference_dir = str(settings.reference_dir)

    def run(inputs: Sequence[ArticleInput]):
        workers = max(1, len(client.scheduler_info().get("workers", {})) or 1)
        # Several small tasks per worker rather than one large one: a worker that draws long articles
        # does not hold the batch back while the others sit idle.
        size = max(4, -(-len(inputs) // (workers * 4)))
        parts = [list(inputs[i : i + size]) for i in range(0, len(inputs), size)]
        futures = client.map(extract_on_worker, [settings.spacy_model] * len(parts), [reference_dir] * len(parts),
                             parts, pure=False)
        return [row for part in client.gather(futures) for row in part]

    def warm() -> None:
        """Load the pipeline on every worker now rather than inside the first batch."""
        client.run(_load_pipeline, settings.spacy_model, reference_dir)

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    run.client = client
    run.runs_elsewhere = True
    run.warm = warm
    run.close = close
    return run

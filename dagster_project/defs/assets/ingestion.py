"""Ingestion: the input folder becomes ``articles``, ``article_files`` and ``rejected_files``."""

import dagster as dg

from dagster_project.defs.resources import DUCKDB_POOL, Warehouse
from news_intel.ingestion import run_ingestion
from news_intel.warehouse.build_records import confirm_inputs, record_scan
from news_intel.warehouse.build_state import unchanged_since_last_build
from news_intel.warehouse.connection import connect
from news_intel.warehouse.fingerprints import input_stamp

GROUP = "ingestion"


@dg.multi_asset(
    name="ingest_articles",
    specs=[
        dg.AssetSpec("articles", group_name=GROUP, skippable=True, kinds={"duckdb", "python"},
                     description="One row per distinct article text in the input folder."),
        dg.AssetSpec("article_files", group_name=GROUP, skippable=True, kinds={"duckdb"},
                     description="Every input file that carried an article (duplicates included)."),
        dg.AssetSpec("rejected_files", group_name=GROUP, skippable=True, kinds={"duckdb"},
                     description="Input files that could not be ingested, with the reason."),
    ],
    pool=DUCKDB_POOL,
)
def ingest_articles(context: dg.AssetExecutionContext, warehouse: Warehouse):
    settings = warehouse
    inputs = ", ".join(str(p) for p in settings.inputs)
    context.log.info(f"Scanning {inputs} into {settings.duckdb_path}")
    # Taken before reading: a file changed while it is read makes the next run look again.
    stamp = input_stamp(settings)
    with connect(settings.duckdb_path) as con:
        record_scan(con, stamp, context.run.run_id)
    counts, scan = run_ingestion(settings)
    for rejection in scan.rejections:
        where = f"{rejection.source_file} {rejection.source_record}" if rejection.source_record else rejection.source_file
        context.log.warning(f"Rejected {where}: {rejection.reason}")
    last = None
    if not settings.force_rebuild:
        with connect(settings.duckdb_path) as con:
            last = unchanged_since_last_build(con, settings)
            if last is not None:
                confirm_inputs(con, context.run.run_id)
    if last is not None:
        context.log.info(
            f"Nothing changed since the build of run {last.run_id} at {last.built_at:%Y-%m-%d %H:%M:%S}: "
            "same articles, extractor, dbt project and expectations, so nothing is rebuilt. "
            "Set NEWS_FORCE_REBUILD=1 to rebuild anyway."
        )
    # Last, so that `news-intel run` shows it as the stage's summary.
    context.log.info(
        f"{counts.articles} articles ({counts.added} new, {counts.removed} removed, {counts.updated} updated), "
        f"{counts.rejected} rejected (files, rows or records)"
    )
    if last is not None:
        # Yielding nothing skips every step downstream: extraction, dbt, the checks and publishing.
        return
    yield dg.MaterializeResult(asset_key="articles", metadata={
        "rows": counts.articles, "added": counts.added, "removed": counts.removed, "updated": counts.updated,
        "inputs": ", ".join(p.as_posix() for p in settings.inputs),
    })
    yield dg.MaterializeResult(asset_key="article_files", metadata={"rows": counts.files})
    rejected_md = "\n".join(["| file | reason |", "|---|---|"] + [
        f"| {r.source_file.replace('|', '/')} | {r.reason.replace('|', '/')} |" for r in scan.rejections[:50]
    ])
    yield dg.MaterializeResult(asset_key="rejected_files", metadata={
        "rows": counts.rejected, "preview": dg.MetadataValue.md(rejected_md),
    })

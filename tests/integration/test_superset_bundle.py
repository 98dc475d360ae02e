"""The dashboards kept as YAML become a Superset import bundle that matches the warehouse (no Superset needed).

The bundle is built over a seeds build's published copy: every chart's dataset and column must exist there,
the database is registered read-only, and a dashboard file naming a column that is not there fails with the
file, the chart and the column, before anything reaches Superset.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml

from news_intel.superset_bundle import DashboardSpecError, build_bundle
from tests.conftest import REPO

pytestmark = pytest.mark.e2e

SPECS = REPO / "bi" / "dashboards"


@pytest.fixture(scope="module")
def published(seeds_warehouse):
    path, result = seeds_warehouse
    assert result.success
    return path.with_name("news.published.duckdb")


def bundle_files(path) -> dict[str, dict]:
    with zipfile.ZipFile(path) as z:
        return {name.split("/", 1)[1]: yaml.safe_load(z.read(name)) for name in z.namelist()}


def test_bundle_holds_the_four_dashboards_over_dbt_models(published, tmp_path):
    files = bundle_files(build_bundle(SPECS, published, tmp_path / "bundle.zip"))
    dashboards = {f["dashboard_title"] for name, f in files.items() if name.startswith("dashboards/")}
    assert dashboards == {"Declined engagements", "Actors", "Quotes", "Evidence"}
    [database] = [f for name, f in files.items() if name.startswith("databases/")]
    assert database["sqlalchemy_uri"] == f"duckdb:///{published.resolve().as_posix()}?access_mode=read_only"
    assert database["allow_dml"] is False
    datasets = {f["uuid"]: f for name, f in files.items() if name.startswith("datasets/")}
    # Datasets are tables or views dbt made, never SQL typed into the BI tool.
    dbt_models = {p.stem for p in (REPO / "dbt" / "models").rglob("*.sql")}
    assert all(d["sql"] is None and d["table_name"] in dbt_models for d in datasets.values())
    charts = [f for name, f in files.items() if name.startswith("charts/")]
    assert len(charts) >= 15 and all(c["dataset_uuid"] in datasets for c in charts)
    # Every chart a dashboard places is in the bundle.
    chart_uuids = {c["uuid"] for c in charts}
    for name, f in files.items():
        if name.startswith("dashboards/"):
            placed = {v["meta"]["uuid"] for v in f["position"].values() if isinstance(v, dict) and v.get("type") == "CHART"}
            assert placed and placed <= chart_uuids


def test_bundle_ids_are_stable_so_a_second_import_updates_the_same_objects(published, tmp_path):
    first = bundle_files(build_bundle(SPECS, published, tmp_path / "a.zip"))
    second = bundle_files(build_bundle(SPECS, published, tmp_path / "b.zip"))
    assert {n: f.get("uuid") for n, f in first.items()} == {n: f.get("uuid") for n, f in second.items()}


def test_a_column_the_warehouse_lacks_is_named_with_its_file_and_chart(published, tmp_path):
    specs = tmp_path / "dashboards"
    shutil.copytree(SPECS, specs)
    actors = specs / "2_actors.yml"
    actors.write_text(actors.read_text().replace("x: actor\n", "x: actor_name\n", 1))
    with pytest.raises(DashboardSpecError, match=r"2_actors\.yml chart 'top_actors': no column 'actor_name'"):
        build_bundle(specs, published, tmp_path / "bundle.zip")


def test_bi_command_without_a_published_warehouse_says_to_build_it(tmp_path):
    done = subprocess.run([sys.executable, "-m", "news_intel.cli", "bi", "--warehouse", str(tmp_path / "none.duckdb"),
                           "--state-dir", str(tmp_path / "state")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 1
    assert "no published warehouse" in done.stderr and "news-intel run" in done.stderr
    assert not (tmp_path / "state").exists()

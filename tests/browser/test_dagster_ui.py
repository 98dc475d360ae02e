"""The Dagster UI as a user meets it: the real ``dagster dev`` and headless Chromium.

Starts ``news-intel ui`` (what ``make ui`` runs: ``dagster dev`` on the warehouse's own instance, created
beside it from ``dagster_project/dagster.yaml``) on a free loopback port over seeds/ into a temporary warehouse, opens the asset lineage, clicks
"Materialize all", waits for the run to succeed in the run page, finds the extraction progress in the run's
event log, checks that the asset checks show as passed, and that the published warehouse shows its
previews. Screenshots land in ``artifacts/`` (git-ignored); their paths are printed.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.chromium import ARTIFACTS, CHROMIUM, chromium_page
from tests.conftest import REPO, SEEDS_DIR
from tests.processes import file_tail, free_port, stop_process_group, wait_until_answering

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium; .ci/run does it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

SERVER_START_SECONDS = 240
RUN_SECONDS = 420
# Assets whose checks the test opens in the UI: a GX suite on a Python table, dbt tests on a mart, both.
CHECKED_ASSETS = ["articles", "actor_mentions", "declined_engagement_counts"]


@pytest.fixture(scope="module")
def dagster_ui(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dagster_ui")
    warehouse = tmp / "news.duckdb"
    # The instance `news-intel ui` creates beside the warehouse: its run queue and duckdb pool limit are
    # part of what is tested.
    dagster_home = tmp / "news.dagster"
    port = free_port()
    env = {
        **os.environ,
        "NEWS_INPUT_DIR": str(SEEDS_DIR),
        "NEWS_DUCKDB_PATH": str(warehouse),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    for name in ("NEWS_PUBLISHED_PATH", "DAGSTER_HOME"):
        env.pop(name, None)
    log_path = tmp / "dagster_dev.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "news_intel.cli", "ui", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        # `dagster dev` spawns a code server, a gRPC server, the webserver and the daemon.
        wait_until_answering(f"{url}/server_info", proc, SERVER_START_SECONDS, "dagster dev", file_tail(log_path))
        yield {"url": url, "log": log_path, "dagster_home": dagster_home, "warehouse": warehouse}
    finally:
        stop_process_group(proc)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def dismiss_community_dialog(page) -> None:
    """A first visit shows "Join the Dagster community"; it covers the page until skipped."""
    try:
        page.get_by_role("button", name="Skip").click(timeout=15_000)
    except sync_api.TimeoutError:
        pass


def wait_for_run_status(page, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for status in ("Success", "Failure", "Canceled"):
            if page.get_by_text(status, exact=True).count():
                return status
        time.sleep(2)
    return "timed out"


def run_stderr_tail(dagster_home: Path, run_id: str, chars: int = 6000) -> str:
    logs = sorted((dagster_home / "storage" / run_id).rglob("*.err"), key=lambda f: f.stat().st_mtime)
    return "".join(f.read_text(errors="replace") for f in logs)[-chars:] or "(no compute log)"


def code_location_error(log_path: Path) -> str | None:
    text = log_path.read_text(errors="replace")
    if "Error loading repository location" in text:
        return text[-6000:]
    return None


@pytest.fixture(scope="module")
def materialized_from_ui(dagster_ui):
    """Drives the browser through "Materialize all" and returns what the run page showed."""
    url = dagster_ui["url"]
    with chromium_page({"width": 1600, "height": 1000}) as page:
        try:
            page.goto(f"{url}/asset-groups", wait_until="domcontentloaded")
            dismiss_community_dialog(page)
            materialize = page.get_by_role("button", name="Materialize all")
            try:
                materialize.wait_for(timeout=90_000)
            except sync_api.TimeoutError:
                error = code_location_error(dagster_ui["log"])
                pytest.fail(f"no 'Materialize all' button; code location error:\n{error}" if error else
                            "no 'Materialize all' button on /asset-groups")
            screenshot(page, "dagster_ui_lineage.png")
            materialize.click()
            # Leaving the page before the launch returns cancels it; the toast links to the new run.
            run_link = page.locator("a[href^='/runs/']").first
            run_link.wait_for(timeout=120_000)
            screenshot(page, "dagster_ui_launched.png")
            run_path = run_link.get_attribute("href")
            page.goto(f"{url}{run_path}", wait_until="domcontentloaded")
            status = wait_for_run_status(page, RUN_SECONDS)
            run_shot = screenshot(page, "dagster_ui_run.png")
            if status != "Success":
                pytest.fail(f"run {run_path}: {status} after up to {RUN_SECONDS}s; its stderr ends with:\n"
                            f"{run_stderr_tail(dagster_ui['dagster_home'], run_path.rsplit('/', 1)[-1])}")

            # The extraction asset's progress lines, found through the run page's log filter.
            page.get_by_placeholder("Filter…").or_(page.get_by_placeholder("Filter...")).first.fill("articles/s")
            progress = page.get_by_text(re.compile(r"extracted \d+/\d+ articles \(\d+\.\d articles/s\)"))
            progress.first.wait_for(timeout=30_000)
            progress_lines = progress.all_inner_texts()
            screenshot(page, "dagster_ui_run_progress.png")

            checks = {}
            for asset in CHECKED_ASSETS:
                page.goto(f"{url}/assets/{asset}?view=checks", wait_until="domcontentloaded")
                page.get_by_text(re.compile(r"^Checks \(\d+\)$")).first.wait_for()
                page.get_by_text("Evaluation result").first.wait_for()
                # The list's statuses load after its header: reading the page before them found none (a flake).
                page.get_by_text(re.compile(r"^(Succeeded|Failed|Errored)$")).first.wait_for()
                for _ in range(40):
                    text = page.locator("body").inner_text()
                    listed = int(re.search(r"^Checks \((\d+)\)$", text, re.M).group(1))
                    if len(re.findall(r"^(Succeeded|Failed|Errored)$", text, re.M)) >= listed:
                        break
                    page.wait_for_timeout(250)
                checks[asset] = text
            screenshot(page, "dagster_ui_checks.png")

            page.goto(f"{url}/assets/published_warehouse", wait_until="domcontentloaded")
            page.get_by_text("Most mentioned actors").first.wait_for()
            published_text = page.locator("body").inner_text()
            screenshot(page, "dagster_ui_published_warehouse.png")
        except Exception:
            screenshot(page, "dagster_ui_failure.png")
            raise
    return {"status": status, "run_id": run_path.rsplit("/", 1)[-1], "run_screenshot": run_shot,
            "progress": progress_lines, "checks": checks, "published": published_text}


def test_materialize_all_from_the_ui_succeeds(materialized_from_ui, dagster_ui):
    assert materialized_from_ui["status"] == "Success", dagster_ui["log"].read_text()[-4000:]
    assert materialized_from_ui["run_screenshot"].stat().st_size > 10_000
    assert dagster_ui["warehouse"].with_name("news.published.duckdb").exists()


def test_run_log_shows_extraction_progress(materialized_from_ui):
    done = [re.search(r"extracted (\d+)/(\d+) articles", line) for line in materialized_from_ui["progress"]]
    assert done and all(done)
    assert done[-1].group(1) == done[-1].group(2) == str(len(list(SEEDS_DIR.glob("*.txt"))))


@pytest.mark.parametrize("asset", CHECKED_ASSETS)
def test_checks_show_as_passed(materialized_from_ui, asset):
    text = materialized_from_ui["checks"][asset]
    n_checks = int(re.search(r"^Checks \((\d+)\)$", text, re.M).group(1))
    # The list gives each check's latest status; the panel shows the selected check's result.
    statuses = re.findall(r"^(Succeeded|Failed|Errored|Skipped|In progress|Not evaluated)$", text, re.M)
    assert statuses.count("Succeeded") == n_checks >= 1, statuses
    assert re.search(r"^Evaluation result\s*\n\s*Passed$", text, re.M)


def test_every_check_of_the_run_passed(materialized_from_ui, dagster_ui):
    """Beyond the pages opened: the run's check evaluations, as the UI reads them from the instance."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(dagster_ui["dagster_home"]))
    try:
        records = instance.get_records_for_run(
            materialized_from_ui["run_id"], of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
        ).records
        evaluations = [r.event_log_entry.dagster_event.event_specific_data for r in records]
    finally:
        instance.dispose()
    assert len(evaluations) > 10
    failed = [(e.asset_key.to_user_string(), e.check_name) for e in evaluations if not e.passed]
    assert failed == []
    assert {"gx_articles", "gx_entities"} <= {e.check_name for e in evaluations}


def test_published_warehouse_shows_previews(materialized_from_ui):
    text = materialized_from_ui["published"]
    assert "Most mentioned actors" in text and "Who declined whom" in text
    # The Markdown tables render as tables: their header cells are on one line, tab-separated.
    assert re.search(r"^decliner\trequester\tevents\tmentions\tarticles$", text, re.M)

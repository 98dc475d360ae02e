"""The dashboards as an analyst meets them: `news-intel bi` (what `make bi` runs) and headless Chromium.

Starts Superset from its set-up (``.venv-bi/``, made by ``make bi-setup``; nothing is installed here) on a
free loopback port over a seeds build, with a fresh state folder: first start generates the login, sets
Superset up and loads the dashboards from ``bi/dashboards/``. The browser logs in with the printed
password, opens each dashboard, waits for its charts, and each dashboard's big numbers must equal the same
question asked in SQL against the published copy. Screenshots land in ``artifacts/`` (git-ignored).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from news_intel.superset_bundle import stable_uuid
from tests.browser.chromium import ARTIFACTS, CHROMIUM, chromium_page
from tests.conftest import REPO
from tests.processes import file_tail, free_port, stop_process_group, wait_until_answering

pytestmark = [pytest.mark.browser, pytest.mark.superset, pytest.mark.e2e]

SUPERSET = REPO / ".venv-bi" / "bin" / "superset"
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium; .ci/run does it)", allow_module_level=True)
if not SUPERSET.exists():
    pytest.skip(f"Superset is not set up ({SUPERSET} missing): make bi-setup", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
duckdb = pytest.importorskip("duckdb")

# First start: metadata database, admin, roles, dashboards import, then the web server (2 shared cores).
SERVER_START_SECONDS = 480
CHART_SECONDS = 120

# Dashboard slug -> {big number chart title: the same question in SQL on the published copy}.
DASHBOARDS = {
    "declined-engagements": {"Declined engagement events": "SELECT count(*) FROM declined_engagements"},
    "actors": {"Actors": "SELECT count(DISTINCT actor) FROM int_actor_mentions"},
    "quotes": {"Quotations": "SELECT count(*) FROM (SELECT DISTINCT article_id, quotation_idx FROM quotes "
                             "WHERE kind <> 'scare' AND speaker IS NOT NULL)"},
    "evidence": {"Engagement mentions": "SELECT sum(mentions) FROM declined_engagement_counts",
                 "Actor mentions": "SELECT count(*) FROM int_actor_mentions"},
}
LOGIN_LINE = re.compile(r"^login: (\S+) / (\S+)", re.M)
# The Evidence dashboard's filters by the mart row a reader checks: (filter name, bi_evidence column, the mart
# row with the most mentions, that row's mention count in the mart).
EVIDENCE_FILTERS = {
    "Actor": ("actor", "SELECT actor, mentions FROM actor_mentions ORDER BY mentions DESC, actor LIMIT 1"),
    "Event": ("event", "SELECT decliner || ' → ' || coalesce(requester, '(requester not named)') || ': ' || engagement,"
                       " mentions FROM declined_engagements ORDER BY mentions DESC, event_id LIMIT 1"),
}
EVIDENCE_TABLE = "Mentions and their sentences"


@pytest.fixture(scope="module")
def published(seeds_warehouse) -> Path:
    path, result = seeds_warehouse
    assert result.success
    return path.with_name("news.published.duckdb")


@pytest.fixture(scope="module")
def superset(seeds_warehouse, published, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("superset")
    state_dir = tmp / "state"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("NEWS_PUBLISHED_PATH", "DAGSTER_HOME")}
    out_path = tmp / "news-intel-bi.out"
    with open(out_path, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "news_intel.cli", "bi", "--warehouse", str(seeds_warehouse[0]),
             "--port", str(port), "--state-dir", str(state_dir)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        printed_tail, log_tail = file_tail(out_path, 3000), file_tail(state_dir / "superset.log", 3000)
        wait_until_answering(f"{url}/health", proc, SERVER_START_SECONDS, "news-intel bi",
                             lambda: f"{printed_tail()}\n{log_tail()}", interval=2.0)
        printed = out_path.read_text()
        login = LOGIN_LINE.search(printed)
        assert login, printed
        yield {"url": url, "user": login[1], "password": login[2], "printed": printed, "state_dir": state_dir}
    finally:
        stop_process_group(proc, term_seconds=20.0)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(1500)  # the charts' drawing animation
    path = ARTIFACTS / name
    # Down to the last chart: the viewport is taller than most dashboards.
    bottom = page.evaluate("Math.max(0, ...Array.from(document.querySelectorAll("
                           "\"[data-test='chart-grid-component'], .dashboard-markdown\"), e => e.getBoundingClientRect().bottom))")
    size = page.viewport_size
    height = min(size["height"], int(bottom) + 40) if bottom else size["height"]
    page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": size["width"], "height": height})
    print(f"screenshot: {path}")
    return path


def wait_for_charts(page, slug: str) -> list[str]:
    """Waits until every chart of the dashboard has drawn (a canvas, a table or a number) and none is still
    loading; returns the charts' names."""
    charts = page.locator("[data-test='chart-grid-component']")
    charts.first.wait_for(timeout=CHART_SECONDS * 1000)
    deadline = time.monotonic() + CHART_SECONDS
    while time.monotonic() < deadline:
        n = charts.count()
        drawn = page.locator("[data-test='chart-grid-component']:has(canvas, svg, table, .header-line)").count()
        loading = page.locator("[data-test='chart-grid-component'] .loading").count()
        if n and drawn == n and not loading:
            return [charts.nth(i).get_attribute("data-test-chart-name") for i in range(n)]
        page.wait_for_timeout(500)
    screenshot(page, f"superset_{slug}_timeout.png")
    pytest.fail(f"dashboard {slug}: charts not drawn within {CHART_SECONDS}s")


def rison_string(value: str) -> str:
    return "'" + value.replace("!", "!!").replace("'", "!'") + "'"


def filtered_evidence_url(url: str, filter_name: str, column: str, value: str) -> str:
    """The Evidence dashboard with one filter of its filter bar set, as Superset's `native_filters` link."""
    fid = f"NATIVE_FILTER-{stable_uuid('evidence', filter_name)[:8]}"  # the id the bundle gives the filter
    val = f"!({rison_string(value)})"
    state = f"({fid}:(extraFormData:(filters:!((col:{column},op:IN,val:{val}))),filterState:(value:{val}),id:{fid},ownState:()))"
    return f"{url}/superset/dashboard/evidence/?native_filters={urllib.parse.quote(state)}"


def table_rows(page, chart_name: str) -> int:
    """Rows of a table chart, as its search box counts them ("55 records...")."""
    search = page.locator(f"[data-test-chart-name='{chart_name}'] input[placeholder$='records...']").first
    search.wait_for()
    return int(search.get_attribute("placeholder").split()[0].replace(",", ""))


def big_number(page, chart_name: str) -> int:
    text = page.locator(f"[data-test-chart-name='{chart_name}'] .header-line").first.inner_text()
    return int(text.replace(",", "").strip())


@pytest.fixture(scope="module")
def evidence_cases(published) -> dict[str, tuple[str, str, int]]:
    con = duckdb.connect(str(published), read_only=True)
    try:
        return {name: (column, *con.execute(sql).fetchone()) for name, (column, sql) in EVIDENCE_FILTERS.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def dashboards_in_browser(superset, evidence_cases):
    """Logs in, opens each dashboard, and returns per slug its chart names, big numbers, errors, page text;
    then the Evidence dashboard filtered by each of EVIDENCE_FILTERS, with the rows its table lists."""
    seen = {}
    # Tall enough for the longest dashboard: a full-page screenshot of a taller page resizes the viewport,
    # and Superset then draws its charts anew (a blank grid in the picture, seen here).
    with chromium_page({"width": 1600, "height": 1900}) as page:
        try:
            page.goto(f"{superset['url']}/login/", wait_until="domcontentloaded")
            page.locator("#username, input[name='username']").first.fill(superset["user"])
            page.locator("#password, input[name='password']").first.fill(superset["password"])
            page.locator("button[type='submit'], input[type='submit']").first.click()
            page.wait_for_url(re.compile(r"/superset/welcome/|/dashboard/list/"), timeout=60_000)
            for slug, numbers in DASHBOARDS.items():
                page.goto(f"{superset['url']}/superset/dashboard/{slug}/", wait_until="domcontentloaded")
                names = wait_for_charts(page, slug)
                errors = page.locator("[data-test='chart-grid-component'] .alert, "
                                      "[data-test='chart-grid-component'] [role='alert']").all_inner_texts()
                seen[slug] = {"charts": names, "errors": errors,
                              "numbers": {name: big_number(page, name) for name in numbers},
                              "text": page.locator("body").inner_text(),
                              "screenshot": screenshot(page, f"superset_{slug}.png")}
            seen["filtered"] = {}
            for name, (column, value, _) in evidence_cases.items():
                page.goto(filtered_evidence_url(superset["url"], name, column, value), wait_until="domcontentloaded")
                wait_for_charts(page, f"evidence_by_{column}")
                seen["filtered"][name] = table_rows(page, EVIDENCE_TABLE)
                screenshot(page, f"superset_evidence_by_{column}.png")
        except Exception:
            screenshot(page, "superset_failure.png")
            raise
    return seen


def test_first_start_prints_a_generated_login(superset):
    assert superset["user"] == "admin"
    assert len(superset["password"]) >= 16
    assert "generated now" in superset["printed"]
    # The password is in the git-ignored state folder, readable by its owner only, and in no committed file.
    secrets = superset["state_dir"] / "secrets.json"
    assert superset["password"] in secrets.read_text()
    assert secrets.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("slug", list(DASHBOARDS))
def test_dashboard_draws_every_chart_without_error(dashboards_in_browser, slug):
    seen = dashboards_in_browser[slug]
    assert len(seen["charts"]) >= 3, seen["charts"]
    assert seen["errors"] == []
    # A picture of drawn charts; the grid without them (background only) was about 30 kB.
    assert seen["screenshot"].stat().st_size > 60_000


@pytest.mark.parametrize("slug", list(DASHBOARDS))
def test_big_numbers_equal_sql_on_the_published_copy(dashboards_in_browser, published, slug):
    con = duckdb.connect(str(published), read_only=True)
    try:
        expected = {name: con.execute(sql).fetchone()[0] for name, sql in DASHBOARDS[slug].items()}
    finally:
        con.close()
    assert dashboards_in_browser[slug]["numbers"] == expected
    assert all(v > 0 for v in expected.values())


def test_evidence_filtered_by_a_mart_row_lists_exactly_its_mentions(dashboards_in_browser, evidence_cases):
    """Picking an actor (or an event) in the Evidence dashboard's filter bar leaves the sentences behind that
    row of actor_mentions (declined_engagements): as many as the mart counts, out of all the evidence."""
    all_rows = sum(dashboards_in_browser["evidence"]["numbers"].values())
    for name, (_, value, mentions) in evidence_cases.items():
        assert 0 < dashboards_in_browser["filtered"][name] == mentions < all_rows, (name, value)

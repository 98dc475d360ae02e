"""Debian's Chromium as the browser tests drive it (never `playwright install`, which downloads a browser)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
# Flags that let Debian's Chromium run headless as root in a container without network (see STACK.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Screenshots (git-ignored); the tests print their paths.
ARTIFACTS = REPO / "artifacts"


@contextmanager
def chromium_page(viewport: dict[str, int]) -> Iterator:
    """A page of a headless Chromium with a minute's timeout for every step, closed with its browser."""
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=viewport)
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()

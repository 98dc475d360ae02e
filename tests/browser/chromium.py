"""Debian's Chromium as the browser tests drive it (never `playwright install`, which downloads a browser)."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
# Flags that let Debian's Chromium run headless as root in a container without network (see STACK.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Screenshots (git-ignored); the tests print their paths.
ARTIFACTS = REPO / "artifacts"

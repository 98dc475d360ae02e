"""Apache Superset over the published warehouse: set up on first start, dashboards loaded, served.

Superset runs from its own virtual environment (``.venv-bi/``, made by ``make bi-setup`` from
``bi/constraints.txt``): it pins SQLAlchemy 1.4, the project's tests use 2.x. Its state (metadata database,
generated admin password and secret key) lives in a git-ignored folder, ``.superset/`` by default. This
module only starts Superset's own commands; it imports nothing of Superset.
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from news_intel.settings import REPO_ROOT
from news_intel.superset_bundle import build_bundle

BI_VENV = REPO_ROOT / ".venv-bi"
BI_STATE_DIR = REPO_ROOT / ".superset"
DASHBOARD_SPECS = REPO_ROOT / "bi" / "dashboards"
SUPERSET_CONFIG = REPO_ROOT / "bi" / "superset_config.py"
DASHBOARD_IMPORTER = REPO_ROOT / "bi" / "import_dashboards.py"
ADMIN_USER = "admin"
INITIALISED_STAMP = ".initialised"


class SupersetError(RuntimeError):
    """A Superset step failed; the message names the step and ends with its output."""


@dataclass(frozen=True)
class Superset:
    venv: Path = BI_VENV
    state_dir: Path = BI_STATE_DIR

    @property
    def executable(self) -> Path:
        return self.venv / "bin" / "superset"

    @property
    def installed(self) -> bool:
        return self.executable.is_file()

    @property
    def secrets_path(self) -> Path:
        return self.state_dir / "secrets.json"

    @property
    def log_path(self) -> Path:
        return self.state_dir / "superset.log"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPERSET_", "FLASK_"))}
        env.update({
            "SUPERSET_CONFIG_PATH": str(SUPERSET_CONFIG), "NEWS_BI_STATE_DIR": str(self.state_dir),
            "FLASK_APP": "superset", "PATH": os.pathsep.join([str(self.venv / "bin"), env.get("PATH", "")]),
            "DO_NOT_TRACK": "1", "SCARF_ANALYTICS": "false", "PYTHONUNBUFFERED": "1",
        })
        return env

    def command(self, step: str, *args: str) -> None:
        """One ``superset`` command; its output is appended to the state folder's log."""
        self._run(step, [str(self.executable), *args])

    def run_python(self, step: str, script: Path, *args: str) -> None:
        """A script run by Superset's Python (it imports Superset)."""
        self._run(step, [str(self.venv / "bin" / "python"), str(script), *args])

    def _run(self, step: str, cmd: list[str]) -> None:
        with open(self.log_path, "a", encoding="utf-8") as log:
            # The program and its first words only: create-admin's later arguments hold the admin password.
            log.write(f"\n$ {' '.join([Path(cmd[0]).name, *cmd[1:3]])} ...\n")
            log.flush()
            done = subprocess.run(cmd, env=self.environment(), stdout=log,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.state_dir)
        if done.returncode != 0:
            tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise SupersetError(f"{step} failed (exit {done.returncode}); {self.log_path} ends with:\n{tail}")


def login(superset: Superset) -> tuple[dict, bool]:
    """The admin login and secret key, generated on first start: ({...}, created now)."""
    path = superset.secrets_path
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8")), False
    superset.state_dir.mkdir(parents=True, exist_ok=True)
    generated = {"admin_user": ADMIN_USER, "admin_password": secrets.token_urlsafe(18),
                 "secret_key": secrets.token_urlsafe(48)}
    # Written readable by its owner only, before anything can read it.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(generated, f, indent=2)
    return generated, True


def initialise(superset: Superset, credentials: dict) -> bool:
    """Creates Superset's metadata database, the admin user and the roles, once; True when it ran now."""
    stamp = superset.state_dir / INITIALISED_STAMP
    if stamp.exists():
        return False
    superset.command("creating Superset's metadata database", "db", "upgrade")
    superset.command("creating the admin user", "fab", "create-admin", "--username", credentials["admin_user"],
                     "--firstname", "News", "--lastname", "Admin", "--email", "admin@localhost",
                     "--password", credentials["admin_password"])
    superset.command("setting up Superset's roles", "init")
    stamp.touch()
    return True


def load_dashboards(superset: Superset, published: Path, credentials: dict) -> Path:
    """Registers the published warehouse (read-only) and imports every dashboard of ``bi/dashboards``."""
    bundle = build_bundle(DASHBOARD_SPECS, published, superset.state_dir / "dashboards.zip")
    superset.run_python("importing the dashboards", DASHBOARD_IMPORTER, str(bundle))
    return bundle


def serve(superset: Superset, host: str, port: int) -> subprocess.Popen:
    """Superset's web server in its own process group (it is stopped as a whole)."""
    log = open(superset.log_path, "a", encoding="utf-8")
    log.write(f"\n$ superset run -h {host} -p {port}\n")
    log.flush()
    try:
        return subprocess.Popen([str(superset.executable), "run", "-h", host, "-p", str(port), "--with-threads"],
                                env=superset.environment(), stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, cwd=superset.state_dir, start_new_session=True)
    finally:
        log.close()

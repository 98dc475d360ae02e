"""Superset's configuration for `news-intel bi` (SUPERSET_CONFIG_PATH points here).

Everything that differs between installations lives in the state folder `news-intel bi` hands over in
NEWS_BI_STATE_DIR: the metadata database and the secrets generated on first start. Nothing secret is in
this file.
"""
import json
import os
from pathlib import Path

_STATE = Path(os.environ["NEWS_BI_STATE_DIR"]).resolve()
_SECRETS = json.loads((_STATE / "secrets.json").read_text(encoding="utf-8"))

SECRET_KEY = _SECRETS["secret_key"]
# Superset's own metadata (users, dashboards, charts); the warehouse is registered as a database in it.
SQLALCHEMY_DATABASE_URI = f"sqlite:///{_STATE / 'superset.db'}"
# Chart data is never cached: every refresh reads the published copy as it is now.
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
FEATURE_FLAGS = {"DASHBOARD_RBAC": False, "ALERT_REPORTS": False, "THUMBNAILS": False}
# Nothing leaves the machine: no telemetry beacon, no map tiles fetched by default.
SCARF_ANALYTICS = False
ROW_LIMIT = 10000

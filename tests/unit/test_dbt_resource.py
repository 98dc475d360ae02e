"""The project's dbt resource starts dbt once per command: no `dbt --version` first, no adapter in-process."""
from __future__ import annotations

import importlib.metadata
import subprocess

from packaging import version


def test_the_dbt_version_comes_from_the_installed_package_without_starting_dbt(monkeypatch):
    from dagster_project.defs.resources import build_resources

    def no_subprocess(*args, **kwargs):
        raise AssertionError(f"started a process: {args}")

    monkeypatch.setattr(subprocess, "check_output", no_subprocess)
    # dagster-dbt's own `dbt --version` call (dagster_dbt/core/resource.py imports check_output by name).
    monkeypatch.setattr("dagster_dbt.core.resource.check_output", no_subprocess)
    dbt = build_resources()["dbt"]
    assert dbt._cli_version == version.parse(importlib.metadata.version("dbt-core"))
    assert dbt._cli_version.major == 1  # dbt Core: dagster-dbt reads its structured log lines
    assert dbt._initialize_dbt_core_adapter(["build"]) is None

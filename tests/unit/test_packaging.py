"""The wheel ships every package folder: ``pyproject.toml`` lists packages by hand (one is mapped from
``dbt/seeds``), so a folder added to the code without a line there works in the editable install this
repository uses and is missing from an installed copy, such as a dask worker's."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_ROOTS = ("news_intel", "dagster_project")


def _listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return set(config["packages"])


def _package_folders() -> set[str]:
    """Every folder under the shipped roots that holds Python modules or data files."""
    folders = set()
    for root in SHIPPED_ROOTS:
        for path in (ROOT / root).rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            if path.suffix in {".py", ".csv", ".tsv", ".json", ".jsonl", ".yaml"}:
                folders.add(".".join(path.parent.relative_to(ROOT).parts))
    return folders


def test_every_package_folder_is_listed_in_pyproject():
    missing = _package_folders() - _listed_packages()
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"


def test_every_listed_package_exists():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapped = config.get("package-dir", {})
    for package in _listed_packages():
        folder = ROOT / mapped.get(package, package.replace(".", "/"))
        assert folder.is_dir(), f"{package}: {folder} does not exist"

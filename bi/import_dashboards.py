"""Imports the dashboard bundle `news-intel bi` generated, replacing what an earlier import made.

Run with Superset's own Python (``.venv-bi/bin/python bi/import_dashboards.py BUNDLE.zip``), with
SUPERSET_CONFIG_PATH set. ``superset import-dashboards`` updates a dashboard but keeps the charts and
datasets it imported before (they are imported with overwrite off), so a chart or dataset changed in
``bi/dashboards/`` would never reach an existing installation. The command Superset's own
``import-directory --overwrite`` runs replaces every object of the bundle, found by UUID; unlike that
CLI, this script fails (non-zero exit, traceback) when the bundle is rejected.
"""
import sys
import zipfile

import yaml
from superset.app import create_app


def main(bundle_path: str) -> None:
    app = create_app()
    with app.app_context():
        from superset.commands.importers.v1.examples import ImportExamplesCommand
        from superset.commands.importers.v1.utils import get_contents_from_bundle
        from superset.commands.exceptions import CommandInvalidError

        with zipfile.ZipFile(bundle_path) as bundle:
            contents = get_contents_from_bundle(bundle)
        # The bundle says it holds a Dashboard (so the UI's import accepts it too); this command checks a
        # metadata type only when one is given, as Superset's import-directory does.
        metadata = yaml.safe_load(contents["metadata.yaml"])
        metadata.pop("type", None)
        contents["metadata.yaml"] = yaml.safe_dump(metadata)
        try:
            ImportExamplesCommand(contents, overwrite=True).run()
        except CommandInvalidError as err:
            sys.exit(f"the dashboard bundle {bundle_path} was rejected: {err.normalized_messages()}")
        print(f"imported {sum(1 for name in contents if name.endswith('.yaml'))} files of {bundle_path}")


if __name__ == "__main__":
    main(sys.argv[1])

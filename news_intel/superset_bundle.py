"""Superset's dashboard import bundle, generated from the dashboards kept as YAML in ``bi/dashboards/``.

The committed files say what each dashboard shows (charts by dataset, kind, metrics and layout); this
module turns them into the ZIP that ``superset import-dashboards`` reads: one database (the published
warehouse, read-only), one dataset per dbt model a chart uses (columns as the warehouse has them), the
charts and the dashboards. UUIDs derive from names, so importing again updates the same objects.
"""
from __future__ import annotations

import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import yaml

DATABASE_NAME = "news"
SCHEMA = "main"
BUNDLE_VERSION = "1.0.0"
UUID_NAMESPACE = uuid.UUID("6f1e7a52-2c1b-4f0e-9d1a-0b5e3c9a4d10")
CHART_HEIGHT = 50
AGGREGATES = {"sum": "SUM", "count": "COUNT", "max": "MAX", "min": "MIN", "avg": "AVG", "count_distinct": "COUNT_DISTINCT"}


class DashboardSpecError(ValueError):
    """A dashboard file that names a dataset, column or chart that is not there, or an unknown chart type."""


def stable_uuid(*parts: str) -> str:
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(parts)))


def read_only_uri(published: Path) -> str:
    """The SQLAlchemy URI BI tools use: duckdb-engine on the published copy, opened read-only, so that many
    charts refreshing at once never contend for DuckDB's write lock."""
    return f"duckdb:///{Path(published).resolve().as_posix()}?access_mode=read_only"


@dataclass(frozen=True)
class Column:
    name: str
    type: str

    @property
    def is_temporal(self) -> bool:
        return self.type.startswith(("DATE", "TIMESTAMP"))


def warehouse_columns(published: Path, relations: set[str]) -> dict[str, list[Column]]:
    """Columns of each relation as the published warehouse has them (what Superset would find itself)."""
    import duckdb

    con = duckdb.connect(str(published), read_only=True)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = ? ORDER BY table_name, ordinal_position", [SCHEMA]).fetchall()
    finally:
        con.close()
    found: dict[str, list[Column]] = {}
    for table, column, data_type in rows:
        if table in relations:
            found.setdefault(table, []).append(Column(column, data_type))
    missing = sorted(relations - found.keys())
    if missing:
        raise DashboardSpecError(f"{published} has no relation {', '.join(missing)}: run 'news-intel run' first")
    return found


def load_specs(spec_dir: Path) -> list[dict]:
    specs = []
    for path in sorted(Path(spec_dir).glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec["_file"] = path.name
        specs.append(spec)
    if not specs:
        raise DashboardSpecError(f"no dashboard files (*.yml) in {spec_dir}")
    return specs


# ---- charts ----

def metric(spec: dict, columns: dict[str, Column], where: str) -> dict:
    [(aggregate, column)] = [(k, v) for k, v in spec.items() if k in AGGREGATES]
    check_column(column, columns, where)
    return {
        "expressionType": "SIMPLE", "aggregate": AGGREGATES[aggregate],
        "column": {"column_name": column, "type": columns[column].type},
        "label": spec.get("label", f"{aggregate}({column})"), "hasCustomLabel": "label" in spec,
        "optionName": f"metric_{aggregate}_{column}",
    }


def check_column(name: str, columns: dict[str, Column], where: str) -> None:
    if name not in columns:
        raise DashboardSpecError(f"{where}: no column {name!r} (has {', '.join(columns)})")


def equality_filters(where: dict | None, columns: dict[str, Column], at: str) -> list[dict]:
    filters = []
    for column, value in (where or {}).items():
        check_column(column, columns, at)
        filters.append({"expressionType": "SIMPLE", "clause": "WHERE", "subject": column, "operator": "==",
                        "comparator": value, "filterOptionName": f"filter_{column}"})
    return filters


def chart_params(chart: dict, columns: dict[str, Column], where: str) -> tuple[str, dict]:
    """(viz_type, form data) for one chart of a dashboard file."""
    kind = chart["type"]
    base = {"adhoc_filters": equality_filters(chart.get("where"), columns, where), "row_limit": chart.get("limit", 1000)}
    if kind == "big_number":
        return "big_number_total", {**base, "metric": metric(chart["metric"], columns, where),
                                    "subheader": chart.get("subheader", ""), "y_axis_format": ",d",
                                    "header_font_size": 0.4, "subheader_font_size": 0.15}
    if kind in ("bar", "timeline"):
        return "echarts_timeseries_bar", bar_params(chart, columns, where, base)
    if kind == "pie":
        check_column(chart["group_by"], columns, where)
        return "pie", {**base, "groupby": [chart["group_by"]], "metric": metric(chart["metric"], columns, where),
                       "show_labels": True, "labels_outside": True, "label_type": "key_value", "show_legend": True,
                       "legendOrientation": "top", "sort_by_metric": True, "number_format": "SMART_NUMBER"}
    if kind == "table":
        for name in chart["columns"]:
            check_column(name, columns, where)
        order = [[name, ascending] for name, ascending in chart.get("order_by", [])]
        for name, _ in order:
            check_column(name, columns, where)
        return "table", {**base, "query_mode": "raw", "all_columns": chart["columns"],
                         "order_by_cols": [f'["{name}", {str(asc).lower()}]' for name, asc in order],
                         "server_pagination": False, "page_length": 25, "include_search": True, "show_cell_bars": False,
                         "table_timestamp_format": "%Y-%m-%d", "allow_render_html": False}
    raise DashboardSpecError(f"{where}: unknown chart type {kind!r} (big_number, bar, timeline, pie, table)")


def bar_params(chart: dict, columns: dict[str, Column], where: str, base: dict) -> dict:
    """A bar chart over a category (``bar``) or over a date axis (``timeline``), one bar group per x value;
    ``series`` splits (or, stacked, divides) each bar by a column's values."""
    x = chart["x"]
    check_column(x, columns, where)
    metrics = [metric(m, columns, where) for m in chart["metrics"]]
    series = [chart["series"]] if chart.get("series") else []
    for name in series:
        check_column(name, columns, where)
    params = {**base, "x_axis": x, "metrics": metrics, "groupby": series,
              "orientation": "horizontal" if chart.get("horizontal") else "vertical",
              "stack": "Stack" if chart.get("stack") else None, "show_legend": len(metrics) > 1 or bool(series),
              "legendOrientation": "top", "show_value": not chart.get("stack"), "rich_tooltip": True,
              "y_axis_format": "SMART_NUMBER", "truncateXAxis": True, "xAxisLabelRotation": 0,
              "x_axis_title_margin": 15, "y_axis_title_margin": 15, "zoomable": False}
    if chart["type"] == "timeline":
        if not columns[x].is_temporal:
            raise DashboardSpecError(f"{where}: timeline axis {x!r} is {columns[x].type}, not a date")
        params.update({"time_grain_sqla": chart.get("time_grain", "P1D"), "x_axis_time_format": "%Y-%m-%d",
                       "granularity_sqla": x})
    elif not series:
        # Categories sorted by the sort_by metric (else the first), largest first; echarts draws horizontal
        # bars bottom-up. Superset sorts categories only without a series column.
        sort_by = metric(chart["sort_by"], columns, where) if chart.get("sort_by") else metrics[0]
        if chart.get("sort_by"):
            params["timeseries_limit_metric"] = sort_by
        params.update({"x_axis_sort": sort_by["label"], "x_axis_sort_asc": bool(chart.get("horizontal"))})
    return params


# ---- layout ----

def dashboard_position(spec: dict, chart_uuids: dict[str, str], chart_titles: dict[str, str]) -> dict:
    """Superset's layout tree: a grid of rows, each holding charts and Markdown boxes (12 columns wide)."""
    title = spec["title"]
    position = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": title}},
    }
    for r, row in enumerate(spec["rows"]):
        row_id = f"ROW-{r}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                            "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for c, cell in enumerate(row):
            parents = ["ROOT_ID", "GRID_ID", row_id]
            size = {"width": cell.get("width", 4), "height": cell.get("height", CHART_HEIGHT)}
            if "chart" in cell:
                key = cell["chart"]
                if key not in chart_uuids:
                    raise DashboardSpecError(f"{spec['_file']}: row {r + 1} places unknown chart {key!r}")
                cell_id = f"CHART-{key}"
                # chartId is a placeholder the importer replaces with the id the chart gets (found by uuid).
                meta = {**size, "chartId": list(chart_uuids).index(key) + 1, "uuid": chart_uuids[key],
                        "sliceName": chart_titles[key]}
                position[cell_id] = {"type": "CHART", "id": cell_id, "children": [], "parents": parents, "meta": meta}
            else:
                cell_id = f"MARKDOWN-{r}-{c}"
                position[cell_id] = {"type": "MARKDOWN", "id": cell_id, "children": [], "parents": parents,
                                     "meta": {**size, "code": cell["markdown"]}}
            position[row_id]["children"].append(cell_id)
    return position


def native_filters(spec: dict, dataset_uuids: dict[str, str], columns: dict[str, dict[str, Column]]) -> list[dict]:
    """The filter bar: one value picker per filter, applying to every chart of the dashboard."""
    out = []
    for f in spec.get("filters", []):
        check_column(f["column"], columns[f["dataset"]], f"{spec['_file']} filter {f['name']!r}")
        out.append({
            "id": f"NATIVE_FILTER-{stable_uuid(spec['slug'], f['name'])[:8]}",
            "name": f["name"], "filterType": "filter_select", "type": "NATIVE_FILTER", "description": "",
            "targets": [{"datasetUuid": dataset_uuids[f["dataset"]], "column": {"name": f["column"]}}],
            "controlValues": {"enableEmptyFilter": False, "defaultToFirstItem": False, "multiSelect": True,
                              "searchAllOptions": False, "inverseSelection": False},
            "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}},
            "cascadeParentIds": [], "scope": {"rootPath": ["ROOT_ID"], "excluded": []}, "chartsInScope": [],
        })
    return out


# ---- the bundle ----

def database_yaml(published: Path) -> dict:
    return {
        "database_name": DATABASE_NAME, "sqlalchemy_uri": read_only_uri(published), "cache_timeout": None,
        "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False, "allow_cvas": False,
        "allow_dml": False, "allow_file_upload": False, "extra": {"allows_virtual_table_explore": True},
        "uuid": stable_uuid("database", DATABASE_NAME), "version": BUNDLE_VERSION,
    }


def dataset_yaml(name: str, columns: list[Column]) -> dict:
    return {
        "table_name": name, "main_dttm_col": next((c.name for c in columns if c.is_temporal), None),
        "description": None, "default_endpoint": None, "offset": 0, "cache_timeout": None, "schema": SCHEMA,
        "catalog": None, "sql": None, "params": None, "template_params": None, "filter_select_enabled": True,
        "fetch_values_predicate": None, "extra": None, "normalize_columns": False, "always_filter_main_dttm": False,
        "uuid": stable_uuid("dataset", name), "metrics": [],
        "columns": [{"column_name": c.name, "verbose_name": None, "is_dttm": c.is_temporal, "is_active": True,
                     "type": c.type, "advanced_data_type": None, "groupby": True, "filterable": True,
                     "expression": None, "description": None, "python_date_format": None, "extra": None}
                    for c in columns],
        "version": BUNDLE_VERSION, "database_uuid": stable_uuid("database", DATABASE_NAME),
    }


def build_bundle(spec_dir: Path, published: Path, target: Path) -> Path:
    """Writes the import ZIP for every dashboard file in ``spec_dir`` to ``target`` and returns it."""
    specs = load_specs(spec_dir)
    used = {c["dataset"] for s in specs for c in s["charts"].values()} | {
        f["dataset"] for s in specs for f in s.get("filters", [])}
    columns = {name: {c.name: c for c in cols} for name, cols in warehouse_columns(published, used).items()}
    dataset_uuids = {name: stable_uuid("dataset", name) for name in used}
    files: dict[str, dict] = {
        "metadata.yaml": {"version": BUNDLE_VERSION, "type": "Dashboard",
                          "timestamp": datetime.now(timezone.utc).isoformat()},
        f"databases/{DATABASE_NAME}.yaml": database_yaml(published),
    }
    for name in sorted(used):
        files[f"datasets/{DATABASE_NAME}/{name}.yaml"] = dataset_yaml(name, list(columns[name].values()))
    for spec in specs:
        chart_uuids, chart_titles = {}, {}
        for key, chart in spec["charts"].items():
            where = f"{spec['_file']} chart {key!r}"
            if chart.get("dataset") not in columns:
                raise DashboardSpecError(f"{where}: no dataset {chart.get('dataset')!r}")
            viz_type, params = chart_params(chart, columns[chart["dataset"]], where)
            chart_uuids[key] = stable_uuid("chart", spec["slug"], key)
            chart_titles[key] = chart["title"]
            files[f"charts/{spec['slug']}_{key}.yaml"] = {
                "slice_name": chart["title"], "description": None, "certified_by": None,
                "certification_details": None, "viz_type": viz_type,
                "params": {**params, "viz_type": viz_type, "datasource": f"{dataset_uuids[chart['dataset']]}__table"},
                "query_context": None, "cache_timeout": None, "uuid": chart_uuids[key],
                "version": BUNDLE_VERSION, "dataset_uuid": dataset_uuids[chart["dataset"]],
            }
        files[f"dashboards/{spec['slug']}.yaml"] = {
            "dashboard_title": spec["title"], "description": None, "css": "", "slug": spec["slug"],
            "certified_by": None, "certification_details": None, "published": True,
            "uuid": stable_uuid("dashboard", spec["slug"]),
            "position": dashboard_position(spec, chart_uuids, chart_titles),
            "metadata": {"native_filter_configuration": native_filters(spec, dataset_uuids, columns),
                         "cross_filters_enabled": True, "refresh_frequency": 0, "expanded_slices": {},
                         "timed_refresh_immune_slices": [], "color_scheme": "supersetColors",
                         "label_colors": spec.get("colors", {}),
                         "shared_label_colors": [], "color_scheme_domain": [], "default_filters": "{}",
                         "chart_configuration": {}, "global_chart_configuration": {}},
            "version": BUNDLE_VERSION,
        }
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    root = "news_intel_dashboards"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in files.items():
            bundle.writestr(f"{root}/{name}", yaml.safe_dump(content, sort_keys=False, allow_unicode=True))
    return target

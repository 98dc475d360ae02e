"""Walking the inputs: every article file, export, page and web archive under them.

``.txt`` files are one article each (with an optional ``NAME.meta.json`` sidecar, and optionally dated by
a manifest CSV); ``.jsonl``/``.ndjson`` and ``.csv`` exports hold one article per row; ``.html``/``.htm``
pages one article each; ``.warc``/``.warc.gz`` archives one per HTML response. Nothing here raises:
every problem becomes a ``Rejection`` naming the file (and row or record) and the reason.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from news_intel.ingest.archives import WARC_SUFFIXES, read_web_archive
from news_intel.ingest.manifest import Manifest, is_manifest, read_manifest, unmatched_rows
from news_intel.ingest.pages import HTML_SUFFIXES, read_page_file
from news_intel.ingest.reading import Article, RejectedFile, Rejection, read_article_file, relative_name
from news_intel.ingest.records import CSV_SUFFIXES, JSON_LINES_SUFFIXES, read_csv_rows, read_json_lines
from news_intel.settings import Settings

TEXT_SUFFIXES = (".txt",)
INPUT_SUFFIXES = (*TEXT_SUFFIXES, *JSON_LINES_SUFFIXES, *CSV_SUFFIXES, *HTML_SUFFIXES, *WARC_SUFFIXES)

__all__ = ["ArticleFile", "Rejection", "ScanResult", "iter_input_files", "scan_input", "scan_inputs"]


class ArticleFile(NamedTuple):
    """One place an article was found: a file, and the row or record in it (None for a whole file)."""

    article_id: str
    source_file: str
    source_record: str | None = None


@dataclass
class ScanResult:
    articles: list[Article]
    # Every file, row or record that carried an article, including those whose text duplicates another's.
    article_files: list[ArticleFile]
    rejections: list[Rejection]
    by_id: dict[str, Article] = field(default_factory=dict, repr=False)

    def add(self, article: Article) -> None:
        self.article_files.append(ArticleFile(article.article_id, article.source_file, article.source_record))
        # The first place (in path, then row order) names the article; duplicates stay in article_files.
        if article.article_id not in self.by_id:
            self.by_id[article.article_id] = article
            self.articles.append(article)


def has_input_suffix(name: str, suffixes: Iterable[str] = INPUT_SUFFIXES) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(s) for s in suffixes)


def iter_input_files(root: Path, suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> Iterator[tuple[Path, str | None]]:
    """``(path, None)`` for every input file below ``root``, or ``(path, reason)`` for ones to reject.

    Symbolic links are followed only when their target stays inside ``root``: a link is how a
    hostile or careless folder would make the pipeline read files it was never pointed at.
    """
    root = Path(root)
    real_root = root.resolve()
    seen_dirs: set[str] = set()
    unlistable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlistable.append):
        # os.walk skips a folder it cannot list; its files are then missing, which the user must hear of.
        while unlistable:
            err = unlistable.pop()
            yield Path(err.filename or dirpath), f"folder could not be listed ({err.strerror or err}); its files were not read"
        real_dir = os.path.realpath(dirpath)
        inside = real_dir == str(real_root) or real_dir.startswith(str(real_root) + os.sep)
        if real_dir in seen_dirs or not inside:
            dirnames[:] = []
            if not inside:
                yield Path(dirpath), "symbolic link to a folder outside the input folder; not followed"
            continue
        seen_dirs.add(real_dir)
        dirnames.sort()
        for name in sorted(filenames):
            if not has_input_suffix(name, suffixes):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(real_root):
                    yield path, "symbolic link to a file outside the input folder; not followed"
                    continue
            yield path, None
    for err in unlistable:
        yield Path(err.filename or root), f"folder could not be listed ({err.strerror or err}); its files were not read"


def naming_root(inputs: list[Path]) -> Path:
    """Names in the warehouse are relative to this: the input folder, or what several inputs share."""
    folders = [p if p.is_dir() else p.parent for p in inputs]
    return Path(os.path.commonpath([str(p) for p in folders])) if len(folders) > 1 else folders[0]


def _listed_inputs(inputs: list[Path], root: Path) -> tuple[list[tuple[Path, str]], list[Rejection]]:
    files, rejections = [], []
    for given in inputs:
        if given.is_dir():
            for path, reason in iter_input_files(given):
                if reason:
                    rejections.append(Rejection(relative_name(path, root), reason))
                else:
                    files.append((path, relative_name(path, root)))
        elif given.is_file() and has_input_suffix(given.name):
            files.append((given, relative_name(given, root)))
        elif given.exists():
            rejections.append(Rejection(relative_name(given, root), "not a folder or a file of a known kind "
                                        f"({', '.join(INPUT_SUFFIXES)})"))
        else:
            rejections.append(Rejection(str(given), "input folder does not exist or is not a folder"))
    return files, rejections


def _read_one(path: Path, name: str, root: Path, settings: Settings, manifest: Manifest
              ) -> Iterator[Article | Rejection]:
    lowered = name.lower()
    if has_input_suffix(lowered, TEXT_SUFFIXES):
        yield read_article_file(path, root, max_bytes=settings.max_file_bytes, manifest=manifest.entries.get(name))
    elif has_input_suffix(lowered, JSON_LINES_SUFFIXES):
        yield from read_json_lines(path, name, settings)
    elif has_input_suffix(lowered, CSV_SUFFIXES):
        yield from read_csv_rows(path, name, settings)
    elif has_input_suffix(lowered, HTML_SUFFIXES):
        yield read_page_file(path, name, settings.max_file_bytes)
    else:
        yield from read_web_archive(path, name, settings.record_limit)


def scan_inputs(settings: Settings) -> ScanResult:
    """Read every input of ``settings``; every problem becomes a ``Rejection``."""
    inputs = [Path(p) for p in settings.inputs]
    root = naming_root(inputs)
    files, rejections = _listed_inputs(inputs, root)
    result = ScanResult([], [], rejections)
    text_column = settings.column_for("text")
    manifest = Manifest()
    exports = []
    for path, name in files:
        if has_input_suffix(name, CSV_SUFFIXES) and is_manifest(path, text_column):
            read_manifest(path, name, manifest, settings.max_file_bytes)
        else:
            exports.append((path, name))
    result.rejections += manifest.rejections
    for path, name in exports:
        try:
            for item in _read_one(path, name, root, settings, manifest):
                if isinstance(item, Rejection):
                    result.rejections.append(item)
                    continue
                if item.sidecar_problem:
                    result.rejections.append(Rejection(item.sidecar_problem.source_file, item.sidecar_problem.reason))
                result.add(item)
        except RejectedFile as err:
            result.rejections.append(Rejection(name, err.reason))
        except Exception as err:  # a reader bug must not take the whole run down; it is reported instead
            result.rejections.append(Rejection(name, f"unexpected error while reading: {type(err).__name__}: {err}"))
    result.rejections += unmatched_rows(manifest, {n for _, n in exports if has_input_suffix(n, TEXT_SUFFIXES)})
    return result


def scan_input(root: Path, max_bytes: int) -> ScanResult:
    """Read every input below the folder ``root`` (the settings' other fields at their defaults)."""
    return scan_inputs(Settings(input_dir=Path(root), extra_inputs=(), max_file_bytes=max_bytes))

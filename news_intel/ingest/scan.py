"""Walking the input folder: every ``*.txt`` under it is one article file."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from news_intel.ingest.reading import Article, RejectedFile, read_article_file, relative_name


@dataclass(frozen=True)
class Rejection:
    source_file: str
    reason: str


@dataclass
class ScanResult:
    articles: list[Article]
    # Every file that carried an article, including files whose text duplicates another's.
    article_files: list[tuple[str, str]]  # (article_id, source_file)
    rejections: list[Rejection]


def iter_input_files(root: Path) -> Iterator[tuple[Path, str | None]]:
    """``(path, None)`` for every ``*.txt`` below ``root``, or ``(path, reason)`` for ones to reject.

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
            if not name.endswith(".txt"):
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


def scan_input(root: Path, max_bytes: int) -> ScanResult:
    """Read every article file below ``root``; nothing raises, every problem becomes a ``Rejection``."""
    root = Path(root)
    if not root.is_dir():
        return ScanResult([], [], [Rejection(str(root), "input folder does not exist or is not a folder")])
    by_id: dict[str, Article] = {}
    files: list[tuple[str, str]] = []
    rejections: list[Rejection] = []
    for path, reason in iter_input_files(root):
        name = relative_name(path, root)
        if reason:
            rejections.append(Rejection(name, reason))
            continue
        try:
            article = read_article_file(path, root, max_bytes=max_bytes)
        except RejectedFile as err:
            rejections.append(Rejection(name, err.reason))
            continue
        except Exception as err:  # a reader bug must not take the whole run down; it is reported instead
            rejections.append(Rejection(name, f"unexpected error while reading: {type(err).__name__}: {err}"))
            continue
        if article.sidecar_problem:
            rejections.append(Rejection(article.sidecar_problem.source_file, article.sidecar_problem.reason))
        files.append((article.article_id, article.source_file))
        # The first file (in path order) names the article; duplicates stay listed in article_files.
        by_id.setdefault(article.article_id, article)
    return ScanResult(list(by_id.values()), files, rejections)

"""Reading one input file into an article, or rejecting it with a reason a person understands."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from news_intel.ingest.headers import find_dateline, find_dateline_date, find_title, split_date_header

SIDECAR_SUFFIX = ".meta.json"
# spaCy's default ``nlp.max_length``: a longer text cannot be parsed in one piece, so it is rejected here,
# where the user sees the reason, rather than failing later in the extraction step.
MAX_ARTICLE_CHARS = 1_000_000
# A sidecar holds a few short fields; anything bigger is not one and is not read into memory.
MAX_SIDECAR_BYTES = 64_000


class RejectedFile(Exception):
    """Raised with the user-facing reason a file cannot be ingested."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Rejection:
    """Something in the input that could not be ingested: a file, or one row or record of it."""

    source_file: str
    reason: str
    source_record: str | None = None


@dataclass(frozen=True)
class SidecarProblem:
    """A sidecar that could not be used; the article is still ingested without it."""

    source_file: str
    reason: str


@dataclass
class Article:
    article_id: str
    source_file: str
    text: str
    title: str | None
    dateline: str | None
    published_date: date | None
    published_date_source: str | None  # "sidecar", "header", "dateline" or None
    source: str | None = None
    url: str | None = None
    n_words: int = 0
    # Where in ``source_file`` the article was: "line 3" (JSON Lines), "row 2" (CSV), a WARC record id;
    # None when the article is the whole file.
    source_record: str | None = None
    sidecar_problem: SidecarProblem | None = field(default=None, compare=False)


def article_id_for(text: str) -> str:
    """Stable id of an article: the same text always gets the same id, whatever file or format carried it.

    Whitespace is normalized first, so that an article saved as a ``.txt`` file (ending in a newline) and
    the same article as a JSON Lines or CSV field (usually without) are one article.
    """
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:20]


def decode_text(data: bytes) -> str:
    """Decode a file's bytes as the contract stores them: UTF-8, BOM removed, CRLF as LF.

    Raises ``RejectedFile`` for empty, binary or non-UTF-8 content.
    """
    if not data:
        raise RejectedFile("empty file (0 bytes)")
    if b"\x00" in data[:65536]:
        raise RejectedFile("binary content (contains NUL bytes); expected a UTF-8 text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        bad = data[err.start : err.start + 1].hex()
        raise RejectedFile(
            f"not valid UTF-8 (byte 0x{bad} at offset {err.start}); re-save the file as UTF-8"
        ) from None
    return clean_text(text, "the file")


def clean_text(text: str, holder: str = "the text") -> str:
    """An article text as stored: BOM removed, CRLF as LF; raises ``RejectedFile`` when it is no text."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    if not text.strip():
        raise RejectedFile(f"no text ({holder} holds only whitespace)")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if controls > max(8, len(text[:65536]) // 100):
        raise RejectedFile("binary content (control characters); expected a UTF-8 text article")
    if len(text) > MAX_ARTICLE_CHARS:
        raise RejectedFile(
            f"article is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,}-character limit of one "
            "spaCy pass; split it into separate articles"
        )
    return text


def _parse_published(value) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"'published' must be a YYYY-MM-DD string, got {value!r}")
    return date.fromisoformat(value.strip())


# A date, or the date part of an ISO timestamp ("2023-05-30T08:15:00Z"), as exports write them.
_EXPORT_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def parse_export_date(value) -> date | None:
    """The publication date of a row or record; None when empty. Raises ``ValueError`` with the reason."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    m = _EXPORT_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if not m:
        raise ValueError(f"bad date {value!r}: 'published' must be YYYY-MM-DD or an ISO timestamp")
    try:
        return date.fromisoformat(m.group(1))
    except ValueError:
        raise ValueError(f"bad date {value!r}: no such day") from None


def read_sidecar(path: Path) -> dict:
    """Parse ``NAME.meta.json``; raises ``ValueError`` with the reason when it is unusable."""
    if path.stat().st_size > MAX_SIDECAR_BYTES:
        raise ValueError(f"sidecar is over {MAX_SIDECAR_BYTES:,} bytes; not read")
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError("sidecar is not valid UTF-8") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"sidecar is not valid JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(meta, dict):
        raise ValueError("sidecar must hold a JSON object")
    out = {k: meta.get(k) for k in ("title", "source", "url")}
    for key, value in list(out.items()):
        if value is not None and not isinstance(value, str):
            raise ValueError(f"sidecar field '{key}' must be a string")
    if meta.get("published") not in (None, ""):
        try:
            out["published"] = _parse_published(meta["published"])
        except ValueError as err:
            raise ValueError(f"sidecar has an impossible or malformed published date: {err}") from None
    return out


def relative_name(path: Path, root: Path) -> str:
    try:
        name = path.relative_to(root).as_posix()
    except ValueError:
        name = path.as_posix()
    # A file name that is not valid UTF-8 arrives with lone surrogates, which no database column takes:
    # store the undecodable bytes as \xNN escapes instead.
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def build_article(
    text: str, source_file: str, sidecar: dict | None = None, origin: str = "sidecar",
    source_record: str | None = None,
) -> Article:
    """Everything ingestion derives from a decoded text and its metadata, if any.

    ``sidecar`` holds the metadata (title, source, url, published) that came with the text, and ``origin``
    says where from (``sidecar``, ``manifest``, ``row``, ``page``); it wins over what the text itself says.
    """
    header_date, body_start = split_date_header(text)
    title, after_title = find_title(text, body_start)
    sidecar = sidecar or {}
    published, published_date_source = None, None
    if sidecar.get("published"):
        published, published_date_source = sidecar["published"], origin
    elif header_date:
        published, published_date_source = header_date, "header"
    elif dateline_date := find_dateline_date(text, after_title):
        published, published_date_source = dateline_date, "dateline"
    return Article(
        article_id=article_id_for(text),
        source_file=source_file,
        text=text,
        title=sidecar.get("title") or title,
        dateline=find_dateline(text, after_title),
        published_date=published,
        published_date_source=published_date_source,
        source=sidecar.get("source"),
        url=sidecar.get("url"),
        n_words=len(text.split()),
        source_record=source_record,
    )


@contextmanager
def _rejected_on_os_error():
    """A file that cannot be read becomes a ``RejectedFile`` with a reason a person can act on."""
    try:
        yield
    except FileNotFoundError:
        raise RejectedFile("file disappeared before it could be read") from None
    except PermissionError:
        raise RejectedFile("permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise RejectedFile("is a directory, not a file") from None
    except OSError as err:
        raise RejectedFile(f"could not be read ({err.strerror or err})") from None


def check_regular_file(path: Path) -> os.stat_result:
    """``stat`` of a file that can be read; raises ``RejectedFile`` otherwise."""
    with _rejected_on_os_error():
        st = Path(path).stat()
    # A FIFO or device with an article's suffix would block the read forever or never end.
    if not stat.S_ISREG(st.st_mode):
        raise RejectedFile("not a regular file (a directory, pipe, socket or device); not read")
    return st


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file of at most ``max_bytes``; raises ``RejectedFile`` with the reason otherwise."""
    size = check_regular_file(path).st_size
    if size > max_bytes:
        raise RejectedFile(f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (NEWS_MAX_FILE_BYTES)")
    with _rejected_on_os_error(), open(path, "rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        # Grew between stat and read.
        raise RejectedFile(f"file is over the {max_bytes:,}-byte limit (NEWS_MAX_FILE_BYTES)")
    return data


def read_article_file(path: Path, root: Path, max_bytes: int = 2_000_000, manifest: dict | None = None) -> Article:
    """Read, decode and describe one ``.txt`` file. Raises ``RejectedFile`` when it cannot be ingested.

    ``manifest`` is what a manifest CSV says of the file; the file's own sidecar wins over it, field by field.
    """
    path, root = Path(path), Path(root)
    name = relative_name(path, root)
    text = decode_text(read_file_bytes(path, max_bytes))

    sidecar_path = path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX)
    sidecar, problem = None, None
    if sidecar_path.is_file() and not _inside(sidecar_path, root):
        problem = SidecarProblem(
            relative_name(sidecar_path, root),
            "sidecar is a symbolic link to a file outside the input folder; not followed; article ingested without it",
        )
    elif sidecar_path.is_file():
        try:
            sidecar = read_sidecar(sidecar_path)
        except (ValueError, OSError) as err:
            problem = SidecarProblem(relative_name(sidecar_path, root), f"{err}; article ingested without it")
    sidecar = sidecar or {}
    meta = {**(manifest or {}), **{key: value for key, value in sidecar.items() if value}}
    origin = "sidecar" if sidecar.get("published") else "manifest"
    article = build_article(text, name, meta, origin=origin)
    article.sidecar_problem = problem
    return article


def _inside(path: Path, root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(Path(root).resolve())

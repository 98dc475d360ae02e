"""Saved web pages (``.html``, ``.htm``): the main text and metadata, found by trafilatura.

trafilatura drops navigation, footers and boilerplate and reads the title, publication date, canonical
URL and site name from the page's metadata. It is only given the page, never fetches anything.
"""
from __future__ import annotations

from pathlib import Path

from news_intel.ingest.reading import Article, RejectedFile, build_article, clean_text, parse_export_date, read_file_bytes

HTML_SUFFIXES = (".html", ".htm")


def page_article(html: bytes | str, source_file: str, source_record: str | None = None,
                 url: str | None = None) -> Article:
    """The article a page holds; raises ``RejectedFile`` when it has no main text."""
    import trafilatura  # imported on first use: it costs a second, and most runs read no HTML

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            # The date the page declares, not one guessed from dates in its text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # a parser failure on one page must not stop the others
        raise RejectedFile(f"page could not be parsed ({type(err).__name__}: {err})") from None
    if doc is None or not (doc.text or "").strip():
        raise RejectedFile("no main text found in the page (navigation or boilerplate only?)")
    # One block per line comes back; articles keep paragraphs apart with a blank line, as .txt files do.
    text = clean_text("\n\n".join(line.strip() for line in doc.text.splitlines() if line.strip()) + "\n", "the page")
    try:
        published = parse_export_date(doc.date)
    except ValueError:
        published = None  # a page's metadata date trafilatura could not normalize is not the reader's fault
    meta = {"title": doc.title or None, "published": published, "url": doc.url or url or None,
            "source": doc.sitename or doc.hostname or None}
    return build_article(text, source_file, meta, origin="page", source_record=source_record)


def read_page_file(path: Path, source_file: str, max_bytes: int) -> Article:
    return page_article(read_file_bytes(path, max_bytes), source_file)

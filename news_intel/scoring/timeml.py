"""Read TimeML documents (TempEval-3 TBAQ format) into plain text plus gold TIMEX3 spans.

The article text is what lies between ``<TEXT>`` and ``</TEXT>`` with every tag removed and XML
entities decoded; gold offsets are Python ``str`` offsets into that text. The ``<DCT>`` TIMEX3 value
is the publication date.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass
class TimeMLDoc:
    name: str
    text: str
    published: date | None
    timexes: list[GoldTimex] = field(default_factory=list)


def _parse_dct(raw: str) -> date | None:
    m = re.search(r"<DCT>.*?value=\"(\d{4})-?(\d{2})-?(\d{2})", raw, re.S)
    if not m:
        return None
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def read_timeml(path: Path) -> TimeMLDoc:
    raw = Path(path).read_text(encoding="utf-8")
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not body:
        raise ValueError(f"no <TEXT> in {path}")
    inner = body.group(1)
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict]] = []
    timexes: list[GoldTimex] = []
    for m in _TAG.finditer(inner):
        chunk = html.unescape(inner[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag, attrs = m.group(1), m.group(2), m.group(3)
        if tag != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
        else:
            start, a = open_timex.pop()
            text_so_far = "".join(out)
            timexes.append(
                GoldTimex(start, length, text_so_far[start:length], a.get("type", ""), a.get("value", ""), a.get("mod"))
            )
    out.append(html.unescape(inner[pos:]))
    text = "".join(out)
    return TimeMLDoc(Path(path).name.removesuffix(".tml"), text, _parse_dct(raw), timexes)


def read_timeml_dir(root: Path) -> list[TimeMLDoc]:
    return [read_timeml(p) for p in sorted(Path(root).rglob("*.tml"))]

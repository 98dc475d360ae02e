"""Short forms of organization names: acronyms and names cut short, linked to the full name.

An article introduces "the Standards and Testing Authority (STA)" or "Northfields Capital Partners" and
then writes "the STA" or "Northfields"; the model tags the short form as a name of its own, sometimes as a
person ("Baker" for the law firm "Baker & Lowe"). Within one article a short form is the organization whose
full name it abbreviates:

- an acronym whose letters are the initials of the full name's significant words (STA, CBI, IMF);
- a name whose words open the full name ("Northfields", "Northfield" for "Northfields Capital Partners"),
  when exactly one organization of the article has such a full name;
- a lone word tagged as a person that opens an organization's name ("Baker" for "Baker & Lowe",
  "Northfields" tagged PERSON), with no honorific or title, when the article names no person with that
  surname in full.
"""
from __future__ import annotations

import re

# Words initials skip ("Standards and Testing Authority" -> STA).
_MINOR_WORDS = {"and", "of", "the", "for", "&", "on", "in", "de", "du", "la", "le"}
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,7}$")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in _MINOR_WORDS and w[0].isalpha()).upper()


def _stem(word: str) -> str:
    return word.lower().rstrip("s").rstrip("'’")


def _opens(short: str, full: str) -> bool:
    """Whether the words of ``short`` open ``full`` ("Northfield" opens "Northfields Capital Partners")."""
    s_words, f_words = short.split(), full.split()
    if not s_words or len(s_words) >= len(f_words):
        return False
    return all(_stem(a) == _stem(b) for a, b in zip(s_words, f_words))


def full_names(rows: list[dict]) -> dict[str, str]:
    """Short actor name -> the full organization name it stands for, for one article's actor rows."""
    organizations = sorted({r["actor"] for r in rows if r["actor_type"] == "organization"}, key=len, reverse=True)
    people = {r["actor"] for r in rows if r["actor_type"] == "person"}
    surnames = {p.split()[-1] for p in people if len(p.split()) >= 2}
    # A person the article ever gives a title or honorific ("President Obama") is a person.
    surnames |= {r["actor"] for r in rows if r["actor_type"] == "person" and (r["role"] or r["text"] != r["actor"])}
    links: dict[str, str] = {}
    for r in rows:
        short = r["actor"]
        if short in links or len(short) < 2:
            continue
        if r["actor_type"] == "organization" and _ACRONYM.match(short.replace(" ", "")):
            letters = short.replace(".", "").replace("&", "")
            found = [o for o in organizations if o != short and len(o.split()) >= 2 and _initials(o) == letters]
        elif r["actor_type"] == "organization":
            found = [o for o in organizations if _opens(short, o)]
        elif r["actor_type"] == "person" and len(short.split()) == 1 and short not in surnames:
            # A bare word the model took for a surname ("Northfields said"), with no honorific or title.
            found = [o for o in organizations if _opens(short, o)]
        else:
            continue
        if len(found) == 1:
            links[short] = found[0]
    return links


def link_short_forms(rows: list[dict]) -> list[dict]:
    """The rows with each short form's actor replaced by the full organization name."""
    links = full_names(rows)
    if not links:
        return rows
    out = []
    for r in rows:
        full = links.get(r["actor"])
        if full is None:
            out.append(r)
            continue
        country = next((x["country"] for x in rows if x["actor"] == full and x["country"]), r["country"])
        out.append({**r, "actor": full, "actor_type": "organization", "country": country, "role": None
                    if r["actor_type"] == "person" else r["role"]})
    return out

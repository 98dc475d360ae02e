"""Coreference: link pronouns, role nouns, organization nouns and documents to the actors named earlier.

Reads the name mentions the actors component wrote to ``doc.spans["mentions"]`` and adds one mention for
each referring expression it finds, resolved where the article allows:

- **pronouns** ("he", "she", "they", "it") go to the most salient earlier actor that agrees in gender and
  number. Salience is the article's running attribution: the subject of the latest speech cue, or of the
  latest clause, outside quotation marks (a name inside someone's quotation is what they talk about, not
  who talks next); a pronoun resolved to an actor keeps that actor salient;
- **role nouns** ("the chancellor", "the foreign secretary", "the cardinal") go to the latest person the
  article gave that title, preferring one whose title holds every word of the description;
- **organization nouns** ("the firm", "the bank", "the union") go to the organization the article has
  spoken of most so far, preferring one whose name holds the noun;
- **documents** ("the report", "the statement") go to the organization that issued them: "a report by X",
  "X's report", "the X report", or the organization named where the document was introduced.

What cannot be resolved stays a mention with ``actor`` None, so a reader still sees the description.

Where things are: ``state`` (the per-article state and the mentions this pass adds), ``salience`` (how
prominent a mention is; genders), ``pronouns``, ``descriptions`` (role nouns, organization nouns, documents,
descriptions of unnamed people), ``component`` (the spaCy factory).
"""
from __future__ import annotations

from news_intel.nlp.coreference.component import Coreference, make_coreference

# The factory takes the reference folder (titles and given names) like the other components.
TAKES_REFERENCE_DIR = True

__all__ = ["TAKES_REFERENCE_DIR", "Coreference", "make_coreference"]

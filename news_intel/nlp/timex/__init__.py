"""Temporal expressions (TimeML TIMEX3), one concept a file.

- ``lexicon``: the calendar, number, unit and modifier words (``news_intel/nlp/data/timex_*.csv``).
- ``rules``: the grammar as data (``timex_rules.tsv``): each rule's pattern, built from the lexicon's
  placeholders, and the name of the handler that normalizes its match.
- ``handlers``: the normalizers, registered by name, that turn a match into a ``Timex``.
- ``prefilter``: where in a text each rule can start, so that a rule is tried only there.
- ``matching``: running the rules over a document and choosing among overlapping candidates.
- ``calendar``: calendar arithmetic and TIMEX3 value formatting (value, granularity, range).
- ``anchoring``: the tense around an expression and the points it names relative to the DCT.
- ``expression``: the ``Timex`` value a handler returns.

The spaCy component and the table it fills are ``news_intel.nlp.timexes``.
"""

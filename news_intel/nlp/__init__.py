"""NLP library: spaCy components over a ``Doc``, free of any orchestrator.

Every extractor is a registered spaCy component that writes its rows to a ``Doc`` extension
(``doc._.quotes``, ``doc._.timexes``, ...). ``news_intel.nlp.pipeline.build_nlp`` assembles them
into one pipeline so each article is parsed exactly once.
"""

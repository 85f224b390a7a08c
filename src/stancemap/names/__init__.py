"""Names: text-only knowledge about names, below :mod:`stancemap.nlp` and :mod:`stancemap.actors`.

- :mod:`~stancemap.names.normalise`: the name key and the matching keys built on it
  ("the U.S." -> "us"), titles, surnames and given names.
- :mod:`~stancemap.names.mentions`: the name inside a mention ("House Speaker Paul D. Ryan
  (R-Wis.)" -> "Paul D. Ryan") and whether a name has a person's shape.
- :mod:`~stancemap.names.similarity`: how alike two names are, guarded against different people.
- :mod:`~stancemap.names.gender`: the gender a title, a pronoun, a noun or a first name gives.
- :mod:`~stancemap.names.headlines`: title-case headline lines, whose capitals are no names.
- :mod:`~stancemap.names.textnames`: names written in a document's text (full names,
  organisations, acronyms, transcript speakers), found from the text alone.
- :mod:`~stancemap.names.antecedents`: the fullest name a document gives a speaker mention
  ("the governor" -> "Pat Doyle"), from the text alone.
- :mod:`~stancemap.names.wordlists`: word lists kept as data.

Nothing here knows about actors or a registry: this package imports only the standard
library, :mod:`stancemap.datafiles` and ``rapidfuzz`` (and reads the first-name lists of
the third-party ``names`` package), so that both ``nlp`` and ``actors`` can use it. What a
registry knows (a country's written forms, say) is passed in by the caller.
"""

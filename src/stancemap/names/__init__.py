"""Names: text-only knowledge about names, below :mod:`stancemap.nlp` and :mod:`stancemap.actors`.

- :mod:`~stancemap.names.normalise`: the name key and the matching keys built on it
  ("the U.S." -> "us"), titles, surnames and given names.
- :mod:`~stancemap.names.gender`: the gender a title, a pronoun, a noun or a first name gives.
- :mod:`~stancemap.names.wordlists`: word lists kept as data.

Nothing here knows about actors or a registry: this package imports only the standard
library and :mod:`stancemap.datafiles` (and reads the first-name lists of the third-party
``names`` package), so that both ``nlp`` and ``actors`` can use it.
"""

"""Cue words as data: which verbs, adjectives, nouns and prepositions signal an attribution.

The lexicon lives in ``nlp/data/cues.tsv`` (one row per lemma and part of speech,
with its kind, the complement frames it takes, where it came from and its cue
rate on PolNeAR train); this module only reads it. Adding a cue word is an edit
to the data file, not to code.

>>> lex = load_lexicon()
>>> lex.get("say", "VERB").kind
'speech'
>>> "C" in lex.get("say", "VERB").frames
True
>>> lex.get("table", "NOUN") is None
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Pronouns of the first person: a sentence holding one may be unmarked direct speech.
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
#: Relative pronouns standing for the noun they modify.
RELATIVE = frozenset({"who", "that", "which", "whom"})


@dataclass(frozen=True)
class Cue:
    """One cue lemma: ``kind`` (``speech``/``attitude``), ``frames`` it takes, provenance and rate."""

    lemma: str
    pos: str
    kind: str
    frames: frozenset[str]
    source: str
    polnear_cue: int = 0
    polnear_seen: int = 0

    @property
    def rate(self) -> float:
        """How often the word was an annotated cue where it occurred in PolNeAR train (0 when unseen)."""
        return self.polnear_cue / self.polnear_seen if self.polnear_seen else 0.0

    def preps(self) -> frozenset[str]:
        """Prepositions of the ``P:<prep>`` frames."""
        return frozenset(f[2:] for f in self.frames if f.startswith("P:"))


@dataclass(frozen=True)
class Lexicon:
    """Cues indexed by ``(lemma, pos)``."""

    cues: dict[tuple[str, str], Cue]
    _by_id: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    def get(self, lemma: str, pos: str) -> Cue | None:
        """The cue for ``lemma`` used as ``pos`` (``VERB``, ``ADJ``, ``NOUN``, ``ADP``), or None."""
        return self.cues.get((lemma.lower(), pos))

    def get_id(self, lemma_id: int, pos: str, strings) -> Cue | None:
        """:meth:`get` for a lemma given as a spaCy string id, memoised per id and part of speech.

        The match loop reads lemmas as ids from ``Doc.to_array``; most words are not
        cues, so the answer (None included) is cached instead of decoding each string.
        """
        key = (lemma_id, pos)
        try:
            return self._by_id[key]
        except KeyError:
            cue = self.get(strings[lemma_id], pos)
            if len(self._by_id) < 200_000:
                self._by_id[key] = cue
            return cue

    def __len__(self) -> int:
        return len(self.cues)


def parse_lexicon(lines) -> Lexicon:
    """Build a :class:`Lexicon` from the lines of a ``cues.tsv`` file (``#`` lines are comments)."""
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    cues: dict[tuple[str, str], Cue] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        frames = frozenset(f.strip() for f in row["frames"].split(",") if f.strip())
        cue = Cue(
            row["lemma"].lower(),
            row["pos"],
            row["kind"],
            frames,
            row["source"],
            int(row.get("polnear_cue") or 0),
            int(row.get("polnear_seen") or 0),
        )
        cues[(cue.lemma, cue.pos)] = cue
    return Lexicon(cues)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled lexicon from ``nlp/data/cues.tsv`` (read once)."""
    text = resources.files("stancemap.nlp").joinpath("data/cues.tsv").read_text(encoding="utf-8")
    return parse_lexicon(text.splitlines())


def speaks(tok: Token) -> bool:
    """Whether the token ``tok`` is the subject of a speech verb of the bundled lexicon ("Nefzi said", "Kim
    told reporters")."""
    cue = load_lexicon().get(tok.head.lemma_, "VERB") if tok.dep_ == "nsubj" else None
    return cue is not None and cue.kind == "speech"

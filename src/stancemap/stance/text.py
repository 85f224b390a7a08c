"""Cheap text normalisation for the lexical coders: tokens, stems, content words.

No parser: a regular-expression tokeniser that keeps punctuation as tokens (they
bound negation and clause scopes), contraction splitting ("can't" -> "can not")
and a small suffix-stripping stemmer that maps inflections of a word to one key
("strikes", "striking", "strike" -> "strik").
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from importlib import resources

__all__ = ["tokens", "stem", "stems", "is_content", "idf", "STOPWORDS"]

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*|[.,;:!?()\"\u201c\u201d]")
_CONTRACTIONS = [
    (re.compile(r"\b(can)not\b", re.I), r"\1 not"),
    (re.compile(r"\bwon['\u2019]t\b", re.I), "will not"),
    (re.compile(r"\bcan['\u2019]t\b", re.I), "can not"),
    (re.compile(r"\bshan['\u2019]t\b", re.I), "shall not"),
    (re.compile(r"n['\u2019]t\b", re.I), " not"),
    # the apostrophe is often lost in scraped and user text: "shouldnt", "dont"
    (re.compile(r"\b(should|could|would|must|need|do|does|did|is|are|was|were|has|have|had)nt\b", re.I),
     r"\1 not"),
]
_SUFFIXES = (
    "ational", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ions", "ion",
    "ians", "ian", "ies", "ied", "ers", "ed", "es", "er", "ly", "ia", "s", "y", "e",
)
_KEEP_DOUBLE = set("lsz")
_MIN_STEM = {"y": 4, "ly": 5}  # "wary" is not "war", "supply" is not "supp"
#: Function words another word must not be stemmed into ("noted" is not "not").
_PROTECTED = frozenset({"not", "no", "nor", "may", "can", "yet", "but", "will", "might", "must",
                        "should", "could", "would"})
#: Words the suffix stripper would merge with another word keep a stem of their own: adverbs that say how much or
#: how sure, not how good ("effectively destroyed" is no praise, "not necessarily" no demand, "closely watched" no
#: closing), words of another sense ("closer to", "concerning the emails", "appealing"), and "better", "wise" and
#: "wore", whose stems were those of "bet", "Wis." and "worry". (Nouns that name things, "goods", "an appeals
#: court", are the lexicon's: :func:`stancemap.stance.lexicon.names_a_thing`.)
_OWN_STEMS = frozenset({"effectively", "necessarily", "essentially", "closely", "importantly", "closer",
                        "concerning", "appealing", "wise", "better", "wore"})


def _data(name: str) -> str:
    return resources.files("stancemap.stance").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    """Non-comment, non-empty rows of a tab-separated data file."""
    out = []
    for line in _data(name).splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip("\n").split("\t"))
    return out


STOPWORDS: frozenset[str] = frozenset(row[0].strip().lower() for row in _rows("stopwords.tsv"))


def tokens(text: str) -> list[str]:
    """Lowercased word and punctuation tokens, contractions split.

    >>> tokens("Kyiv can't wait; it's time.")
    ['kyiv', 'can', 'not', 'wait', ';', "it's", 'time', '.']
    >>> tokens("It shouldnt be banned")
    ['it', 'should', 'not', 'be', 'banned']
    """
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    return [t.lower().replace("\u2019", "'") for t in _TOKEN.findall(text)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one inflectional or derivational suffix (lowercase input).

    >>> [stem(w) for w in ["strikes", "striking", "strike", "restrictions", "restricted"]]
    ['strik', 'strik', 'strik', 'restrict', 'restrict']
    >>> stem("russian") == stem("russia"), stem("allowed") == stem("allowing")
    (True, True)
    >>> stem("noted"), stem("wary"), stem("war")
    ('noted', 'wary', 'war')
    >>> stem("e-mails") == stem("emails")
    True
    """
    w = word.lower()
    if w.startswith("e-") and w[2:].isalpha():  # "e-mail" is "email"
        w = "e" + w[2:]
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    if len(w) <= 3 or not w.isalpha() or w in _OWN_STEMS:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM.get(suffix, 3):
            if suffix in ("s", "es") and w.endswith(("ss", "us", "is")):
                continue
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in _KEEP_DOUBLE and w[-1] not in "aeiou":
        w = w[:-1]
    if len(w) > 4 and w[-1] in "aeiy":
        w = w[:-1]
    if w in _PROTECTED and w != word:
        return word
    return w


def stems(text: str) -> list[str]:
    """Stems of the tokens of ``text`` (punctuation kept as tokens)."""
    return [stem(t) for t in tokens(text)]


def is_content(token: str) -> bool:
    """True for a word token that is not a stopword (lowercase token)."""
    return token[:1].isalnum() and token not in STOPWORDS and len(token) > 1


@lru_cache(maxsize=1)
def _df() -> tuple[dict[str, int], int]:
    table: dict[str, int] = {}
    n_docs = 1
    for row in _rows("idf.tsv"):
        if row[0] == "@N":
            n_docs = int(row[1])
        else:
            table[row[0]] = int(row[1])
    return table, n_docs


def idf(stem_: str) -> float:
    """Inverse document frequency of a stem in the reference sentences (see ``data/idf.tsv``).

    Stems not in the table count as rare (document frequency 1).

    >>> idf("should") < idf("weapon")
    True
    """
    table, n_docs = _df()
    return math.log((n_docs + 1) / (table.get(stem_, 1) + 0.5))


def write_idf_table(sentences, path, min_df: int = 2, source: str = "") -> int:
    """Write the document frequency of each stem over ``sentences`` as ``data/idf.tsv`` rows.

    Each sentence is one document. Stems seen in fewer than ``min_df`` sentences
    are left out (:func:`idf` treats them as rare). Returns the number of rows.
    """
    from collections import Counter

    df: Counter[str] = Counter()
    n = 0
    for sentence in sentences:
        n += 1
        df.update({stem(t) for t in tokens(sentence) if t[:1].isalnum()})
    rows = sorted((s, c) for s, c in df.items() if c >= min_df)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Document frequencies of stems (stancemap.stance.text.stem), one sentence a document.\n")
        if source:
            f.write(f"# Source: {source}\n")
        f.write("# Columns: stem<TAB>document frequency; the row @N gives the number of documents.\n")
        f.write(f"@N\t{n}\n")
        for s, c in rows:
            f.write(f"{s}\t{c}\n")
    return len(rows)

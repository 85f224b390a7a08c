"""The names one document gives persons: full names by surname and first name, titles, and the
courtesy titles written before surnames; a name's surname and initials. Used by
:mod:`stancemap.nlp.salience` and the description rules.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from stancemap.names.gender import first_name_gender, is_first_name, is_surname, title_gender
from stancemap.names.normalise import title_key
from stancemap.names.wordlists import FORMER_WORDS

__all__ = ["DocNames", "initials", "kin_named", "surname"]

#: The shortest surname (letters) a one-letter misspelling of is read as that surname.
_MISSPELT_LENGTH = 6


class DocNames:
    """Names, titles and surnames collected from one Doc."""

    def __init__(self, doc: Doc, ents: list[Span]) -> None:
        self.doc = doc
        self.full: list[Span] = [e for e in ents if e.label_ == "PERSON" and len(e) >= 2]
        #: A tagged name that only puts words that are no first name or initial before another tagged name
        #: ("Universe Alicia Machado", from "Miss Universe Alicia Machado", beside "Alicia Machado") -> that name.
        self.shorter = _shorter_names({e.text for e in self.full})
        #: People named by first name only (tagged PERSON or not), with the surname the text gives them: of whose
        #: relative they are ("his wife, Laura," -> "Laura Bush") or of the name joined to theirs ("James and Olive
        #: Meehan").
        self.first_only = {e.text: full for e in ents
                           if (full := kin_named(e) or _joined_surname(doc, e, ents)) is not None}
        self.by_surname: dict[str, set[str]] = {}
        self.by_first: dict[str, set[str]] = {}
        for e in self.full:
            if e.text in self.shorter:
                continue
            self.by_surname.setdefault(surname(e.text).lower(), set()).add(e.text)
            self.by_first.setdefault(e[0].text.lower(), set()).add(e.text)
        #: Genders the courtesy titles before each surname give ("Mr. Obama" -> {"m"}).
        self.titled: dict[str, set[str]] = {}
        for tok in doc[1:]:
            gender = title_gender(doc[tok.i - 1].text)
            if gender is not None and tok.text[:1].isupper():
                self.titled.setdefault(tok.lower_, set()).add(gender)
        self.by_title: dict[str, set[str]] = {}
        for e in ents:
            if e.label_ != "PERSON":
                continue
            root = e.root
            titles = []
            if root.dep_ in ("appos", "npadvmod") and root.head.ent_type_ != "PERSON":
                titles.append(root.head)
            for c in root.children:
                if c.dep_ == "appos" and c.ent_type_ != "PERSON" and c.pos_ in ("NOUN", "PROPN"):
                    titles.append(c)
            for t in titles:
                left = min([t.i] + [c.left_edge.i for c in t.children if c.i < t.i and c.dep_ != "punct"])
                right = t.i + 1
                for c in t.children:
                    if c.i > t.i and c.dep_ == "prep":
                        right = max(right, c.right_edge.i + 1)
                key = title_key(doc[left:right].text)
                if key:
                    self.by_title.setdefault(key, set()).add(self.fullest(e.text))
            pre = [
                t for t in doc[max(0, e.start - 4) : e.start]
                if t.head.i in range(e.start, e.end) and t.dep_ == "compound"
            ]
            if pre:  # "Former President Bill Clinton": "former president", not "president"
                start = pre[0].i - 1 if pre[0].i and doc[pre[0].i - 1].lower_ in FORMER_WORDS else pre[0].i
                key = title_key(doc[start : e.start].text)
                if key:
                    self.by_title.setdefault(key, set()).add(self.fullest(e.text))

    def fullest(self, text: str) -> str:
        """The one full name ending with the one word ``text`` ("Harris" -> "Harry B. Harris Jr."), else the
        one beginning with it when no full name ends with it ("Bernie" -> "Bernie Sanders", "Lou" -> "Lou
        Jiwei"), of the gender the titles before the surname give ("Mr. Obama"); a person named by first name
        only takes the surname the text gives them ("his wife, Laura," -> "Laura Bush", "James and Olive
        Meehan" -> "James Meehan"); a longer tag of a name the text also tags alone ("Universe Alicia
        Machado") is that name; else ``text``."""
        words = text.split()
        if len(words) == 1:
            key = words[0].lower()
            names = self.with_surname(key)
            if not names and key not in _NOT_FIRST_NAMES:
                names = self.by_first.get(key, set())
            if not names:
                names = self._misspelt(key)
            if len(names) == 1:
                return next(iter(names))
            if not names and text in self.first_only:
                return self.first_only[text]
        return self.shorter.get(text, text)

    def surname_genders(self, text: str) -> dict[str, str | None]:
        """The full names with the one-word surname ``text``, each with its first name's gender."""
        return {n: first_name_gender(n) for n in self.with_surname(text.lower())} if " " not in text else {}

    def _misspelt(self, key: str) -> set[str]:
        """The full names of the one surname a letter away from ``key`` ("McLenney" beside "Tyresha McClenney",
        "Giulini" beside "Rudy Giuliani": the text's own misspellings); none for short words, which a letter
        turns into other names, nor for a Census surname."""
        if len(key) < _MISSPELT_LENGTH or not key.isalpha() or is_surname(key):
            return set()  # "Anderson" is a name of its own, not "David Andersen" misspelt
        close = [k for k in self.by_surname if k.isalpha() and abs(len(k) - len(key)) <= 1
                 and Levenshtein.distance(k, key) == 1 and key not in (k + "s", k[:-1])]  # "Clintons": a family
        return set(self.by_surname[close[0]]) if len(close) == 1 else set()

    def of_gender(self, text: str, gender: str | None) -> str | None:
        """The one full name with the surname ``text`` whose first name can be of ``gender`` ("Clinton" in "In her
        book, Clinton noted" beside Bill and Hillary Clinton), when the surname alone is ambiguous."""
        genders = self.surname_genders(text)
        possible = [n for n, g in genders.items() if g in (gender, None)]
        if not gender or len(genders) < 2 or len({(n.split()[0], n.split()[-1]) for n in possible}) != 1:
            return None  # "Jeh Johnson" beside "Gary Johnson": Jeh's gender is unknown, so either may be "he"
        # "Alan Grayson" and "Alan Mark Grayson" (in a quotation) beside Dena and Lolita Grayson: one man, named
        # as the text names him most often
        one = max(sorted(possible), key=[e.text for e in self.full].count)
        # "he" beside Anne Marie Murphy is Casey Murphy, a given name of either gender,
        return one if genders[one] or is_first_name(one.split()[0]) else None  # not "Injecting Clinton"

    def with_surname(self, key: str) -> set[str]:
        """The full names with the surname ``key`` (lower case) of the gender the titles before that
        surname give: "Mr. Obama" is not "the first lady, Michelle Obama"."""
        names = self.by_surname.get(key, set())
        titled = self.titled.get(key, set())
        if len(titled) == 1:
            names = {n for n in names if first_name_gender(n) in (None, *titled)}
        return names

    def person_named(self, ent: Span) -> str | None:
        """The person a non-PERSON entity stands for: the surname of one full name ("Trump" tagged ORG),
        or a full name the document also tags PERSON; else ``None``. The surname of several full names
        ("Trump" beside Donald and Ivanka Trump) stays the surname, of a person, for the registry to resolve."""
        if len(ent) == 1 and ent[0].pos_ == "PROPN":
            if not self.by_surname.get(ent.text.lower()):
                return None
            names = self.with_surname(ent.text.lower())
            return next(iter(names)) if len(names) == 1 else ent.text
        return ent.text if any(e.text == ent.text for e in self.full) else None

    def title(self, text: str) -> str | None:
        names = self.by_title.get(title_key(text), set())
        return next(iter(names)) if len(names) == 1 else None


#: Words after a surname that are not the surname ("Harry B. Harris Jr.").
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
#: Capitalised words that begin full names but never stand for the person alone.
_NOT_FIRST_NAMES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "the", "president", "senator"})


def _joined_surname(doc: Doc, ent: Span, ents: list[Span]) -> str | None:
    """"James" in "James and Olive Meehan": a first name joined by "and" to a full name takes its surname."""
    if len(ent) != 1 or ent.end + 1 >= len(doc) or doc[ent.end].lower_ != "and" \
            or first_name_gender(f"{ent.text} x") is None:
        return None
    after = next((x for x in ents if x.start == ent.end + 1 and x.label_ == "PERSON" and len(x) >= 2), None)
    return f"{ent.text} {surname(after.text)}" if after is not None else None


def _shorter_names(texts: set[str]) -> dict[str, str]:
    """Each name in ``texts`` that is another two-word-or-longer name with words before it that are neither
    first names nor initials -> that other name."""
    shorter: dict[str, str] = {}
    for text in texts:
        for other in texts:
            extra = text[: -len(other)].split() if text.endswith(" " + other) and " " in other else []
            if extra and all(len(w.rstrip(".")) > 1 and first_name_gender(w) is None for w in extra):
                shorter[text] = other
    return shorter


def initials(name: str) -> str:
    """The capitals of a name's words, small words left out ("American Israel Public Affairs Committee" ->
    "AIPAC", "Federal Bureau of Investigation" -> "FBI").

    >>> initials("American Israel Public Affairs Committee"), initials("Federal Bureau of Investigation")
    ('AIPAC', 'FBI')
    """
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def surname(name: str) -> str:
    """The last word of a person's name that is not a suffix.

    >>> surname("Harry B. Harris Jr."), surname("Ted Cruz")
    ('Harris', 'Cruz')
    """
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else name


#: Relatives who usually share the surname of the one whose relative they are.
_KIN = frozenset({"wife", "husband", "son", "daughter", "brother", "sister"})


def kin_named(ent: Span) -> str | None:
    """The full name of a relative the text gives by first name only, after whose relative they are:
    "Trump's wife, Melania," -> "Melania Trump", "George W. Bush and his wife, Laura," -> "Laura Bush";
    "his son, Eric," alone stays unknown (no surname to take)."""
    if len(ent) != 1 or ent.root.pos_ != "PROPN" or not ent.text.istitle() or ent.root.dep_ != "appos":
        return None
    kin = ent.root.head
    poss = next((c for c in kin.children if c.dep_ == "poss"), None)
    if kin.lower_ not in _KIN or poss is None:
        return None
    if poss.pos_ == "PROPN":
        return f"{ent.text} {poss.text}"
    if poss.lower_ in ("his", "her") and kin.dep_ == "conj" and kin.head.ent_type_ == "PERSON" \
            and kin.head.pos_ == "PROPN":
        return f"{ent.text} {kin.head.text}"  # "X and his wife, Laura": X's
    return None

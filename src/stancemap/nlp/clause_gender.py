"""The gender a sentence gives its subject through the pronouns that refer back to it.

"The candidate discusses fun topics, including lessons from her mother": "the candidate" is a
woman; "In her 2003 book, Clinton noted ...": "Clinton" is. :func:`subject_gender` reads the
third-person pronouns of the sentence that no other person stands between.
"""

from __future__ import annotations

from spacy.tokens import Token

from stancemap.names.gender import pronoun_gender


def subject_gender(subject: Token) -> str | None:
    """The one gender the third-person pronouns of ``subject``'s sentence give, when no other person is
    named in it (a pronoun then could be theirs); ``None`` when they disagree or there are none."""
    if not subject.doc.has_annotation("SENT_START"):
        return None  # a Doc built without a parser has no sentences to read
    sentence = subject.sent
    if any(t.ent_type_ == "PERSON" and not (t.i == subject.i or t.head.i == subject.i) for t in sentence):
        return None
    found = {pronoun_gender(t.text) for t in sentence if t.i != subject.i} - {None}
    return found.pop() if len(found) == 1 else None

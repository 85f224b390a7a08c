"""Direct speech whose quotation marks were lost (scraped text).

Runs only on a Doc with no quotation marks at all. Three passes over the
attributions already found:

``unmarked``
    a postposed cue whose clause speaks in the first person takes the earlier
    sentences of its paragraph too: "Lifting ... is a national decision. ... I
    believe that now is the time ..., said the Secretary General".
``byline``
    a verbless line opening with a person's name right after first-person
    sentences: "I'm sure .... Jane Doe The head of the department".
``continuation``
    a first-person sentence right after a statement in the same paragraph is
    the same speaker's: "X stated that .... At the same time, we cannot ...".
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from stancemap.nlp.spans import Found, has_first_person, is_first_person, is_space, sent_list, trim

#: Tokens a PERSON entity needs to open a byline ("Jane Doe", not "Doe").
BYLINE_NAME_TOKENS = 2


class _Coverage:
    """Which tokens an attribution already covers (content or cue)."""

    def __init__(self, doc: Doc, found: list[Found]) -> None:
        self.covered = bytearray(len(doc) + 1)
        for f in found:
            if f.speaker_head is not None and is_first_person(doc[f.speaker_head]):
                continue  # "I believe ..." inside unmarked speech does not own the sentence
            self.mark(*f.content)
            if f.cue:
                self.mark(*f.cue)

    def mark(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.covered[i] = 1

    def free(self, s: Span) -> bool:
        return not any(self.covered[t.i] for t in s if not is_space(t))


def unmarked_speech(doc: Doc, found: list[Found], paras: list[int]) -> list[Found]:
    """Return ``found`` with unmarked direct speech extended or added (see the module notes).

    ``paras`` gives each token's paragraph number.
    """
    sents = sent_list(doc)
    coverage = _Coverage(doc, found)
    found = _postposed(doc, found, sents, paras, coverage)
    found += _bylines(doc, sents, paras, coverage)
    _add_continuations(doc, found, sents, paras, coverage)
    return found


def _postposed(
    doc: Doc, found: list[Found], sents: list[Span], paras: list[int], coverage: _Coverage
) -> list[Found]:
    """(a) A postposed first-person clause takes the paragraph's earlier free sentences too."""
    out: list[Found] = []
    for f in found:
        if f.rule != "postposed":
            out.append(f)
            continue
        if not has_first_person(doc, *f.content):
            out.append(f)
            continue
        start = f.content[0]
        para = paras[start]
        for s in reversed([s for s in sents if s.end <= f.content[0] + 1 and s.start < f.content[0]]):
            if paras[s.start] != para or not coverage.free(s):
                break
            start = trim(doc, s.start, s.end)[0]
        out.append(replace(f, content=(start, f.content[1]), kind="direct-unmarked", rule="unmarked"))
    return out


def _bylines(doc: Doc, sents: list[Span], paras: list[int], coverage: _Coverage) -> list[Found]:
    """(b) A verbless line starting with a person's name after first-person sentences."""
    added: list[Found] = []
    persons = [e for e in doc.ents if e.label_ == "PERSON" and len(e) >= BYLINE_NAME_TOKENS]
    for k, s in enumerate(sents):
        ents = [e for e in persons if s.start <= e.start < s.end]
        if not ents or ents[0].start != trim(doc, s.start, s.end)[0]:
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in s):
            continue
        prev: list[Span] = []
        for p in reversed(sents[:k]):
            if not coverage.free(p) or not has_first_person(doc, p.start, p.end):
                break
            if prev and paras[p.start] != paras[prev[-1].start]:
                break
            prev.append(p)
        if not prev:
            continue
        content = trim(doc, prev[-1].start, prev[0].end, keep_quotes=False)
        content = (content[0], min(prev[0].end, content[1] + 1) if doc[content[1]].text in ".!?" else content[1])
        ent = ents[0]
        added.append(Found("byline", "direct-unmarked", content, (ent.start, ent.end), None, ent.root.i))
        for p in prev:
            coverage.mark(p.start, p.end)
    return added


def _add_continuations(
    doc: Doc, found: list[Found], sents: list[Span], paras: list[int], coverage: _Coverage
) -> None:
    """(c) A first-person sentence right after a statement is the same speaker's: added to ``found``.

    A continuation added may itself be continued by the next sentence.
    """
    for k, s in enumerate(sents[1:], start=1):
        para = paras[s.start]
        if not coverage.free(s) or not has_first_person(doc, s.start, s.end):
            continue
        prev = sents[k - 1]
        if paras[prev.start] != para:
            continue
        owner = [f for f in found if f.speaker and prev.start <= f.content[0] < prev.end and f.kind != "attitude"]
        if not owner:
            continue
        f = owner[-1]
        if f.speaker_head is not None and is_first_person(doc[f.speaker_head]):
            continue
        content = trim(doc, s.start, s.end, keep_quotes=False)
        end = content[1] + 1 if content[1] < s.end and doc[content[1]].text in ".!?" else content[1]
        found.append(Found("continuation", "direct-unmarked", (content[0], end), f.speaker, None, f.speaker_head))
        coverage.mark(s.start, s.end)

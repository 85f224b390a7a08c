"""What an issue is not about: a codebook issue's ``excludes``.

An analyst's codebook says what counts and what does not: Trump's tax *plan* is no part of
whether he should release his tax *returns*, though both are about his taxes and a
sentence-embedding model finds them close. Each of an issue's ``excludes`` is a phrase; a
statement is not coded on the issue when

* the exclusion's words are found in the statement's content (in any form and order, close
  together, as a keyword is found: "tax plan" in "his plan to cut taxes") and none of the
  issue's keywords is found in its content or its sentence; or
* its content and its sentence are each nearer in meaning to an exclusion than to every
  phrase of the issue (its claim, label, description sentences, examples and keywords).

People's names are left out of the exclusions as they are of the issue's phrases.

>>> from stancemap.models import Issue
>>> issue = Issue("returns", "Trump's tax returns", "Trump should release his tax returns.",
...               keywords=("tax returns",), excludes=("tax plan",))
>>> exclusions = IssueExclusions([issue], None)
>>> exclusions.by_words(0, "his plan to cut taxes for the middle class")
'plan to cut taxes'
>>> exclusions.by_words(0, "his tax returns") is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from stancemap.models import Issue
from stancemap.stance.keywords import KeywordMatcher

__all__ = ["IssueExclusions"]


class IssueExclusions:
    """The ``excludes`` of a codebook's issues, matched by their words and embedded for their meaning.

    Parameters
    ----------
    issues : sequence of Issue
    embedder : Embedder or None
        Anything with ``embed(texts) -> array``; ``None`` matches words only.
    strip : callable, optional
        Applied to each exclusion before embedding (the caller's removal of people's names).
    """

    def __init__(self, issues: Sequence[Issue], embedder: object | None,
                 strip: Callable[[str], str] = lambda text: text) -> None:
        self.phrases = [tuple(p.strip() for p in issue.excludes if p.strip()) for issue in issues]
        self._matchers = [KeywordMatcher(phrases) for phrases in self.phrases]
        flat = [p for phrases in self.phrases for p in phrases]
        owner = np.array([i for i, phrases in enumerate(self.phrases) for _ in phrases], dtype=np.int64)
        #: per issue, its exclusions' columns in :attr:`vectors`
        self._columns = [np.flatnonzero(owner == i) for i in range(len(self.phrases))]
        self._flat = flat
        if embedder is not None and flat:
            self.vectors = np.asarray(embedder.embed([strip(p) for p in flat]), dtype=np.float32)  # type: ignore[attr-defined]
        else:
            self.vectors = np.zeros((len(flat), 0), dtype=np.float32)

    def by_words(self, issue_index: int, text: str, start: int = 0, end: int | None = None) -> str | None:
        """An exclusion of issue ``issue_index`` whose words are found in ``text`` (between ``start`` and
        ``end``), as written there, or ``None``."""
        return self._matchers[issue_index].find(text, start, end)

    def find(self, contents: Sequence[str], contexts: Sequence[str], content_vectors: np.ndarray,
             context_vectors: np.ndarray, nearest_issue_phrase: np.ndarray,
             keywords: Sequence[Sequence[str | None]]) -> dict[tuple[int, int], str]:
        """The exclusion that keeps a statement off an issue, by ``(statement, issue)`` index; only those kept off.

        ``nearest_issue_phrase`` ``(n, n_issues, 2)`` holds the similarity of each content and of its sentence
        to the issue's nearest phrase; ``keywords`` the issue's keyword found in each statement, if any.
        """
        out: dict[tuple[int, int], str] = {}
        if not self._flat:  # most codebooks exclude nothing
            return out
        near_c = near_x = None
        if self.vectors.shape[1]:
            near_c = np.asarray(content_vectors, dtype=np.float32) @ self.vectors.T
            near_x = np.asarray(context_vectors, dtype=np.float32) @ self.vectors.T
        excluding = [i for i, phrases in enumerate(self.phrases) if phrases]
        for row, (content, context) in enumerate(zip(contents, contexts, strict=False)):
            at = context.find(content)
            for i in excluding:
                found = self.by_words(i, content) if at < 0 else self.by_words(i, context, at, at + len(content))
                if found is None or keywords[row][i] is not None:
                    found = None if near_c is None or near_x is None else self._by_meaning(
                        i, near_c[row], near_x[row], nearest_issue_phrase[row, i])
                if found is not None:
                    out[row, i] = found
        return out

    def _by_meaning(self, issue_index: int, near_content: np.ndarray, near_context: np.ndarray,
                    issue_similarity: np.ndarray) -> str | None:
        """The issue's exclusion nearest the content, where content and sentence are each nearer to one of the
        issue's exclusions than to every phrase of the issue."""
        cols = self._columns[issue_index]
        best_c, best_x = near_content[cols], near_context[cols]
        if best_c.max() > issue_similarity[0] and best_x.max() > issue_similarity[1]:
            return self._flat[int(cols[best_c.argmax()])]
        return None

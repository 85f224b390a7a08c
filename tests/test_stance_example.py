"""The shipped default coder and ``examples/codebook.yaml`` on the example article.

The 11 statements an analyst coded in the seed example (``expected.json``), each
with its speaker and the stance expected on ``strike-russia``. They are coded as
a run codes them: the document's statements at once, each content read in its
sentence of the article (``sentence_around``). Nothing in the product knows
these sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.context import sentence_around
from stancemap.models import Statement, TextSpan
from stancemap.stance import DEFAULT_CODER, code_statements, get_coder, load_codebook

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLE = EXAMPLES / "000_1978d43d598303c4.txt"

#: (canonical actor, speaker mention, content, cue, expected stance on strike-russia)
EXPECTED = [
    ("Josep Borrell", "Borrell",
     "such a move is acceptable from the point of view of international law, as Moscow's attacks on Ukraine "
     "are carried out from Russian territory", "noted", "support"),
    ("EU defence ministers", "EU defence ministers",
     "whether to allow Ukraine to strike targets deep inside Russia with weapons sent by member states",
     "are discussing", "neutral"),
    ("Josep Borrell", "Josep Borrell",
     "I'm sure some will bring up the risk of escalation, but you have to balance the risk of escalation with "
     "the need to protect Ukraine.", None, "support"),
    ("Jens Stoltenberg", "Jens Stoltenberg",
     "Ukraine's use of Western weapons against targets in Russia would not make NATO part of the conflict",
     "stated", "support"),
    ("Jens Stoltenberg", "the NATO Secretary General",
     "Lifting restrictions is a national decision, not a NATO-wide decision. Some allies did not impose such "
     "restrictions on weapons that they imposed on Ukraine, while others did. I believe that now is the time "
     "to review these restrictions", "said", "support"),
    ("United States", "the US", "sending weapons to Ukraine capable of hitting targets inside Russia",
     "have been particularly wary of", "oppose"),
    ("Germany", "Germany", "sending weapons to Ukraine capable of hitting targets inside Russia",
     "have been particularly wary of", "oppose"),
    ("Ukraine", "Kyiv", "to NATO to obtain permission to strike Russian territory with Western weapons",
     "intensified its appeal", "support"),
    ("Antony Blinken", "Anthony Blinkin", "Ukraine independently decides how to apply aid to it", "said",
     "support"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelenskyy",
     "it is unfair that Ukraine is restricted in using Western weapons against Russian territory", "stated",
     "support"),
    # names no term of the issue: relevant as the continuation of Zelenskyy's quotation before it
    # (stancemap.stance.continuity), neutral from its own words
    ("Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "At the same time, we cannot risk the support of our allies.",
     None, "neutral"),
]


def _nearest(text: str, mention: str, start: int) -> int:
    """Offset of the occurrence of ``mention`` nearest to ``start`` (a speaker is named next to the content)."""
    found = [i for i in range(len(text)) if text.startswith(mention, i)]
    return min(found, key=lambda i: abs(i - start))


@pytest.fixture(scope="module")
def coded():
    """The statements coded as a run codes them: one document at once, each content read in its sentence."""
    text = ARTICLE.read_text(encoding="utf-8")
    codebook = load_codebook(EXAMPLES / "codebook.yaml")
    statements = []
    for actor, mention, content, cue, _ in EXPECTED:
        start = text.index(content)
        at = _nearest(text, mention, start)
        cue_at = text.find(cue, at) if cue else -1
        statements.append(Statement(
            "000_1978d43d598303c4", TextSpan(start, start + len(content), content),
            speaker=TextSpan(at, at + len(mention), mention),
            cue=TextSpan(cue_at, cue_at + len(cue), cue) if cue else None, actor=actor,
            kind="indirect" if cue else "direct-unmarked"))  # a quotation with no speech verb, as the extractor says
    out = code_statements(statements, codebook, get_coder(), text=text,
                          context=lambda st: sentence_around(text, st.content.start, st.content.end))
    return [{c.issue: c for c in st.codings} for st in out]


def test_the_default_coder_is_the_shipped_one():
    assert DEFAULT_CODER == "semantic.v1" and get_coder().name == DEFAULT_CODER


#: Rows the default coder misses, with the reason (kept visible, not hidden); none today.
MISSED: dict[int, str] = {}


@pytest.mark.parametrize("row", [pytest.param(r, marks=pytest.mark.xfail(reason=MISSED[r], strict=True))
                                 if r in MISSED else r for r in range(len(EXPECTED))],
                         ids=[f"{e[0]}: {e[2][:30]}" for e in EXPECTED])
def test_example_article_stances(coded, row):
    coding = coded[row].get("strike-russia")
    assert coding is not None and coding.stance == EXPECTED[row][-1], (EXPECTED[row], coding)


def test_example_article_continuation_is_marked_as_inherited(coded):
    origins = [coded[row]["strike-russia"].origin for row in range(len(EXPECTED)) if row not in MISSED]
    assert origins[-1] == "model:semantic.v1+continuation"
    assert all(o == "model:semantic.v1" for o in origins[:-1])

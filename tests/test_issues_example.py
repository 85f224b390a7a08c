"""The shipped default coder and ``examples/codebook.yaml`` on the example article.

The 11 statements an analyst coded in the seed example (``expected.json``), each
with the stance expected on ``strike-russia``. They are coded as a run codes
them: the content read in its sentence of the article (``sentence_around``).
Nothing in the product knows these sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancemap.context import sentence_around
from stancemap.issues import DEFAULT_CODER, code_statements, get_coder, load_codebook
from stancemap.models import Statement, TextSpan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLE = EXAMPLES / "000_1978d43d598303c4.txt"

#: (content, cue, expected stance on strike-russia)
EXPECTED = [
    ("such a move is acceptable from the point of view of international law, as Moscow's attacks on Ukraine "
     "are carried out from Russian territory", "noted", "support"),
    ("whether to allow Ukraine to strike targets deep inside Russia with weapons sent by member states",
     "are discussing", "neutral"),
    ("I'm sure some will bring up the risk of escalation, but you have to balance the risk of escalation with "
     "the need to protect Ukraine.", None, "support"),
    ("Ukraine's use of Western weapons against targets in Russia would not make NATO part of the conflict",
     "stated", "support"),
    ("Lifting restrictions is a national decision, not a NATO-wide decision. Some allies did not impose such "
     "restrictions on weapons that they imposed on Ukraine, while others did. I believe that now is the time "
     "to review these restrictions", "said", "support"),
    ("sending weapons to Ukraine capable of hitting targets inside Russia", "have been particularly wary of",
     "oppose"),
    ("sending weapons to Ukraine capable of hitting targets inside Russia", "have been particularly wary of",
     "oppose"),
    ("to NATO to obtain permission to strike Russian territory with Western weapons", "intensified its appeal",
     "support"),
    ("Ukraine independently decides how to apply aid to it", "said", "support"),
    ("it is unfair that Ukraine is restricted in using Western weapons against Russian territory", "stated",
     "support"),
    pytest.param("At the same time, we cannot risk the support of our allies.", None, "neutral",
                 marks=pytest.mark.xfail(strict=True, reason=(
                     "relevant only through the paragraph around it (Zelenskyy on Western weapons): the "
                     "sentence itself names no term of the issue, so the coder finds it not relevant (None), "
                     "while the analyst codes it neutral"))),
]


@pytest.fixture(scope="module")
def coded():
    text = ARTICLE.read_text(encoding="utf-8")
    codebook = load_codebook(EXAMPLES / "codebook.yaml")
    coder = get_coder()

    def code(content: str, cue: str | None) -> str | None:
        start = text.index(content)
        statement = Statement("000_1978d43d598303c4", TextSpan(start, start + len(content), content),
                              cue=TextSpan(0, len(cue), cue) if cue else None)
        [out] = code_statements([statement], codebook, coder,
                                context=lambda st: sentence_around(text, st.content.start, st.content.end))
        stances = {c.issue: c.stance for c in out.codings}
        return stances.get("strike-russia")

    return code


def test_the_default_coder_is_the_shipped_one():
    assert DEFAULT_CODER == "cues-mlp.v1" and get_coder().name == DEFAULT_CODER


@pytest.mark.parametrize(("content", "cue", "stance"), EXPECTED)
def test_example_article_stances(coded, content, cue, stance):
    assert coded(content, cue) == stance

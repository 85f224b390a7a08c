"""What the default coder's stance confidence means on news: the chance that the stance is right.

The default coder (:mod:`stancemap.stance.semantic`) decides a statement's stance in one
of these ways: the cue rules find a side (``rule``), the cue rules find a deliberation
("whether to ...", ``rule-neutral``), the pair model finds a side (``model``), or neither
side leads the pair model by its margin (``model-neutral``), or the model's doubt is settled
for its likelier side, in the speaker's own voice (``model-sided``), where the rules found
polar cues they could not read as one side (``model-cued``) or where a person said it
(``model-person``, :func:`~stancemap.stance.sides.settled`). Their raw scores are not
probabilities of being right on news statements: measured on hand-coded PolNeAR training
statements, a model-neutral coding had a raw confidence of 0.91 and was right 35% of the
time (0.79 and half the time once a person's doubted statements took a side), and within each
way a higher raw score was not more often right. So the confidence
of a coding is the accuracy of its way on those statements, shrunk towards the overall
accuracy by :data:`PRIOR_WEIGHT` statements' worth (``data/stance_calibration.v1.json``,
fitted by ``benchmarks/fit_stance_calibration.py``). An issue whose model people's
corrections adapted has its confidence learnt from those corrections held out
(:mod:`stancemap.stance.adaptconfidence`).

In the speaker's own voice (testimony, speeches, op-eds) the same ways are right more
often than in news: the texts say what they mean, and their claims are the speaker's. A
statement in its speaker's own voice takes the accuracy of its way on hand-coded own-voice
statements (``own_voice`` in the file; own-voice train 0.74 of all pairs against news train
0.52), where one was fitted. The ``model-sided`` way never happens in news.

A pair file's news sentence (``stancemap stance predict`` without ``--model``) is not a statement: it is coded
whatever it says, and most such sentences say nothing on the issue, so the same ways are right more often there when
they give ``neutral`` and less often when they take a side. It takes the accuracy of its way on hand-labelled news
sentences (``sentences`` in the file), where one was fitted.

>>> calibration = load_calibration()
>>> sorted(calibration.accuracy) == sorted(SOURCES)
True
>>> 0.0 < calibration.confidence("model-neutral", 0.95) < 0.7
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["CALIBRATION_FILE", "PRIOR_WEIGHT", "SOURCES", "StanceCalibration", "load_calibration", "shrunk"]

#: The ways the default coder decides a stance (see the module docstring).
SOURCES = ("rule", "rule-neutral", "model", "model-neutral", "model-sided", "model-cued", "model-person")
#: How many statements' worth the overall accuracy counts for in each way's accuracy.
PRIOR_WEIGHT = 10.0
CALIBRATION_FILE = Path(__file__).parent / "data" / "stance_calibration.v1.json"


def shrunk(right: int, n: int, overall: float, prior: float = PRIOR_WEIGHT) -> float:
    """``right / n`` shrunk towards ``overall`` by ``prior`` pseudo-observations.

    >>> shrunk(0, 0, 0.5), round(shrunk(9, 10, 0.5), 3)
    (0.5, 0.7)
    """
    return (right + prior * overall) / (n + prior)


@dataclass(frozen=True)
class StanceCalibration:
    """Per way of deciding, the probability that the stance is right (``accuracy``; in the speaker's own voice
    ``own_voice``; on a pair file's news sentence ``sentences``), and where it came from."""

    accuracy: dict[str, float]
    fitted_on: str = ""
    own_voice: dict[str, float] = field(default_factory=dict)
    sentences: dict[str, float] = field(default_factory=dict)

    def confidence(self, source: str, raw: float, own_voice: bool = False, sentence: bool = False) -> float:
        """The calibrated confidence of a stance decided by ``source`` (``raw`` when the way is not calibrated);
        ``own_voice`` for a statement in its speaker's own voice, ``sentence`` for a pair file's news sentence.

        >>> StanceCalibration({"rule": 0.55}, own_voice={"rule": 0.75}).confidence("rule", 0.9, own_voice=True)
        0.75
        >>> StanceCalibration({"model-neutral": 0.37}, sentences={"model-neutral": 0.6}).confidence(
        ...     "model-neutral", 0.9, sentence=True)
        0.6
        """
        if own_voice and source in self.own_voice:
            return round(self.own_voice[source], 4)
        if sentence and source in self.sentences:
            return round(self.sentences[source], 4)
        return round(self.accuracy.get(source, raw), 4)

    @property
    def fingerprint(self) -> str:
        """What a coding made with this calibration records (part of the coder's fingerprint). The sentences' table
        is not in it: no stored statement is coded with it."""
        own = json.dumps(self.own_voice, sort_keys=True) if self.own_voice else ""
        return json.dumps(self.accuracy, sort_keys=True) + own


@lru_cache(maxsize=4)
def load_calibration(path: str | Path = CALIBRATION_FILE) -> StanceCalibration:
    """Read a calibration file (JSON: ``accuracy`` per way, optionally ``own_voice`` and ``sentences`` per way,
    ``fitted_on``)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return StanceCalibration({k: float(v) for k, v in data["accuracy"].items()}, str(data.get("fitted_on", "")),
                             {k: float(v) for k, v in data.get("own_voice", {}).items()},
                             {k: float(v) for k, v in data.get("sentences", {}).items()})

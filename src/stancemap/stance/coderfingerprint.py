"""What made a coding of the default coder, as one string: recoding compares it with the stored codings'."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from stancemap.stance import relevance as rel
from stancemap.stance.adapt import LEARNING_EMBEDDER, LEARNING_SETTINGS, RULE_LOG_ODDS
from stancemap.stance.adaptconfidence import ADAPTED_CONFIDENCE
from stancemap.stance.encodedrelevance import ENCODED_FINGERPRINT
from stancemap.stance.lexical import RULES_VERSION
from stancemap.stance.lexicon import lexicon_fingerprint
from stancemap.stance.statementtext import FRAGMENT_WORDS

__all__ = ["coder_fingerprint"]


def coder_fingerprint(coder: Any, corrections: dict[str, Any]) -> str:
    """``<coder name>:<embedder>:<hash>`` of what made ``coder``'s codings: the stance model, the calibration,
    the relevance models and thresholds (and the sentence encoder with its models), the cue lexicon and rules,
    what a fragment is, and the ``corrections`` (and how they are learnt)."""
    described = (json.dumps(coder.model.meta, sort_keys=True, default=str) + repr(coder.model.temperature)
                 + json.dumps(corrections, sort_keys=True) + coder.calibration.fingerprint
                 + rel.MODELS_FINGERPRINT + f"{coder.threshold}:{coder.own_voice_threshold}"
                 + f":{RULES_VERSION}:{lexicon_fingerprint()}:fragment<{FRAGMENT_WORDS}"
                 + (f"{LEARNING_EMBEDDER}:{LEARNING_SETTINGS}:{ADAPTED_CONFIDENCE}:{RULE_LOG_ODDS}"
                    if corrections else "")
                 + (f":{coder.encoder_name}:{coder.encoder_policy}:{ENCODED_FINGERPRINT}"
                    if coder.encoder_name else ""))
    return f"{coder.name}:{coder.embedder.name}:{hashlib.sha256(described.encode()).hexdigest()[:12]}"

"""The cue lexicon is data: every row well formed and sourced."""

from stancemap.nlp.lexicon import load_lexicon, parse_lexicon

KINDS = {"speech", "attitude"}


def test_every_cue_has_kind_frames_and_source():
    lex = load_lexicon()
    assert len(lex) > 150
    for cue in lex.cues.values():
        assert cue.kind in KINDS, cue
        assert cue.frames and all(f in {"C", "X", "O", "Q"} or f.startswith("P:") for f in cue.frames), cue
        assert cue.source.startswith(("VerbNet ", "PolNeAR-train", "hand:")), cue
        assert 0 <= cue.polnear_cue <= cue.polnear_seen


def test_core_cues():
    lex = load_lexicon()
    assert lex.get("say", "VERB").source == "VerbNet say-37.7"
    assert lex.get("tell", "VERB").source == "VerbNet tell-37.2"
    assert "P:of" in lex.get("wary", "ADJ").frames
    assert lex.get("say", "VERB").rate > 0.8  # measured on PolNeAR train


def test_parse_lexicon_skips_comments():
    lex = parse_lexicon(["# comment", "lemma\tpos\tkind\tframes\tsource", "Opine\tVERB\tspeech\tC\thand: test"])
    assert lex.get("opine", "VERB").frames == frozenset({"C"})

"""A speaker's own-voice codings on an issue follow the majority of their codings on it in the document."""

from __future__ import annotations

from stancemap.models import Codebook, Coding, Issue, Statement, TextSpan
from stancemap.stance import code_statements
from stancemap.stance.consistency import SUFFIX

TAX = Issue("tax", "Fuel tax", "Fuel taxes should be raised.")
SIDES = {"A toll punishes workers.": "oppose", "Tolls hurt small towns.": "oppose",
         "Tolls are a fair price.": "support", "The council met on Monday.": "neutral"}


class Stub:
    """A coder that reads each sentence alone, as the default coder's pair model does."""

    name = "stub.v1"

    def code(self, content: str, context: str, issue: Issue) -> Coding:
        return Coding(issue.id, SIDES[content], 0.6, f"model:{self.name}")


def statements(kind: str, speaker: str = "Ann Lee") -> list[Statement]:
    out, at = [], 0
    for sentence in SIDES:
        out.append(Statement("d", TextSpan(at, at + len(sentence), sentence), kind=kind, actor=speaker))
        at += len(sentence) + 1
    return out


def stances(coded: list[Statement]) -> list[tuple[str, str]]:
    return [(c.stance, c.origin) for s in coded for c in s.codings]


def test_the_minority_side_turns_to_the_speakers_majority_and_says_so():
    coded = code_statements(statements("own"), Codebook((TAX,)), Stub(), continuity=False)
    assert stances(coded) == [("oppose", "model:stub.v1"), ("oppose", "model:stub.v1"),
                              ("oppose", "model:stub.v1" + SUFFIX), ("neutral", "model:stub.v1")]


def test_reported_speech_other_speakers_and_the_switched_off_rule_are_left_alone():
    book = Codebook((TAX,))
    reported = code_statements(statements("indirect"), book, Stub(), continuity=False)
    assert [s for s, _ in stances(reported)] == ["oppose", "oppose", "support", "neutral"]
    mixed = statements("own")
    mixed[0] = mixed[0].with_(actor="Bo Chen")  # two oppose of Ann's and one support: no majority of three
    assert [s for s, _ in stances(code_statements(mixed, book, Stub(), continuity=False))] == [
        "oppose", "oppose", "support", "neutral"]
    off = code_statements(statements("own"), book, Stub(), continuity=False, consistency=False)
    assert [s for s, _ in stances(off)] == ["oppose", "oppose", "support", "neutral"]


def test_a_persons_coding_is_kept_and_does_not_vote():
    own = statements("own")
    own[2] = own[2].with_(codings=(Coding("tax", "support", 1.0, "person:ana"),))
    coded = code_statements(own, Codebook((TAX,)), Stub(), continuity=False)
    assert stances(coded)[2] == ("support", "person:ana")


class StubWithRules(Stub):
    """The stub, with cue rules that state the supporting sentence's side outright."""

    def stated_side(self, cue: str, content: str, context: str, issue: Issue) -> str | None:
        return "support" if content == "Tolls are a fair price." else None


def test_a_side_stated_outright_is_never_turned_and_counts_twice():
    own = statements("own")
    fair = own[2].content
    own[2] = own[2].with_(cue=TextSpan(fair.start, fair.start + 3, "are"))  # the speaker's cue (a stub's)
    coded = code_statements(own, Codebook((TAX,)), StubWithRules(), continuity=False)
    # two oppose leans against one support stated outright: a tie of two votes each, nothing turned
    assert [s for s, _ in stances(coded)] == ["oppose", "oppose", "support", "neutral"]
    assert all(SUFFIX not in origin for _, origin in stances(coded))


def test_the_default_coders_rules_say_which_side_is_stated_outright():
    from stancemap.stance import get_coder

    coder = get_coder()
    assert coder.stated_side("oppose", "any increase in the fuel tax", "We oppose any increase in the fuel tax.",
                             TAX) == "oppose"
    assert coder.stated_side("should", "Fuel taxes should rise.", "Fuel taxes should rise.", TAX) == "support"
    # the cue must evaluate or demand: a side the rules read elsewhere in the sentence is not the speaker's stand
    assert coder.stated_side("said", "fuel taxes are unfair", "He said fuel taxes are unfair.", TAX) is None
    assert coder.stated_side("should", "Each state should choose.", "Each state should choose.", TAX) is None


def test_the_quoted_words_of_a_speaker_who_speaks_in_their_own_voice_count_as_their_own():
    # a press release: the senator's own claims, then her quoted words, then a quoted opponent
    said = statements("own")
    said[2] = said[2].with_(kind="direct")  # "Tolls are a fair price." in her quotation marks
    coded = code_statements(said, Codebook((TAX,)), Stub(), continuity=False)
    assert stances(coded)[2] == ("oppose", "model:stub.v1" + SUFFIX)
    opponent = statements("own")
    opponent[2] = opponent[2].with_(kind="direct", actor="Bo Chen")  # two of Ann's own: no majority of three
    assert [s for s, _ in stances(code_statements(opponent, Codebook((TAX,)), Stub(), continuity=False))] == [
        "oppose", "oppose", "support", "neutral"]


def test_the_coder_reads_a_speakers_quotes_in_their_own_voice():
    from stancemap.stance import get_coder

    class Recording:
        """The default coder, noting which statements it was asked to read in their speaker's own voice."""

        def __init__(self):
            self.inner = get_coder()
            self.name, self.sided = self.inner.name, None

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def code_many(self, *args, sided=None, **kwargs):
            self.sided = sided
            return self.inner.code_many(*args, sided=sided, **kwargs)

    text = "We oppose the fuel tax increase. \"It would hurt rural families,\" said Ann Lee. \"Nonsense,\" said Bo."
    said = [Statement("d", TextSpan(0, 32, text[:32]), kind="own", actor="Ann Lee"),
            Statement("d", TextSpan(34, 64, text[34:64]), kind="direct", actor="Ann Lee"),
            Statement("d", TextSpan(81, 89, text[81:89]), kind="direct", actor="Bo Chen")]
    coder = Recording()
    code_statements(said, Codebook((TAX,)), coder, text=text)
    # Bo's quote takes a side too: a document in its speaker's voice quotes others for their positions
    assert coder.sided == [True, True, True]
    news = [s.with_(kind="indirect") if s.kind == "own" else s for s in said]
    code_statements(news, Codebook((TAX,)), coder, text=text)
    assert coder.sided == [False, False, False]

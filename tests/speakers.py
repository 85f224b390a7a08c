"""Shared by the speaker-resolution tests: who each statement of a text is given to."""

from __future__ import annotations

from stancemap.extraction import extract_text


def speaker_actors(text: str, date: str) -> dict[str, str | None]:
    """Speaker text -> canonical actor for every statement found in ``text`` (dated ``date``)."""
    return {s.speaker.text: s.actor for s in extract_text(text, date=date) if s.speaker is not None}


def actor_of(text: str, date: str, speaker: str) -> str | None:
    """The actor given to the statement whose speaker mention is ``speaker``; fails when no statement has it."""
    found = speaker_actors(text, date)
    assert speaker in found, found
    return found[speaker]

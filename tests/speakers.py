"""Shared by the speaker-resolution tests: who each statement of a text is given to."""

from __future__ import annotations

from pathlib import Path

from stancemap import workflows
from stancemap.extraction import extract_text
from stancemap.store import Store


def speaker_actors(text: str, date: str) -> dict[str, str | None]:
    """Speaker text -> canonical actor for every statement found in ``text`` (dated ``date``)."""
    return {s.speaker.text: s.actor for s in extract_text(text, date=date) if s.speaker is not None}


def actor_of(text: str, date: str, speaker: str) -> str | None:
    """The actor given to the statement whose speaker mention is ``speaker``; fails when no statement has it."""
    found = speaker_actors(text, date)
    assert speaker in found, found
    return found[speaker]


def stored_actors(tmp_path: Path, texts: dict[str, str]) -> dict[str, str | None]:
    """Run the pipeline on ``texts`` (file name -> text) into one store: "doc: speaker text" -> actor."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = str(tmp_path / "corpus.db")
    workflows.run([folder], db=db)
    with Store.open(db) as store:
        return {f"{s.document.doc_id}: {s.statement.speaker.text}": s.statement.actor  # type: ignore[union-attr]
                for s in store.statements()}

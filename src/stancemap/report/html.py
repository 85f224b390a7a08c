"""A self-contained HTML report: per issue, who supports, opposes or is neutral, with evidence.

Every statement is shown in its sentence with the speaker, cue and content
highlighted, and the article and date it comes from. All article text, titles
and names are escaped (Jinja2 autoescaping); the page loads nothing from the
network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from stancemap import __version__
from stancemap.context import sentence_bounds
from stancemap.models import Issue, StoredStatement

if TYPE_CHECKING:
    from stancemap.store.repository import Store

STANCE_ORDER = ("support", "oppose", "neutral")


@dataclass(frozen=True)
class Segment:
    """A run of evidence text; ``role`` is "speaker", "cue", "content" or ""."""

    text: str
    role: str


@dataclass
class Evidence:
    stored: StoredStatement
    segments: list[Segment]
    confidence: float | None = None


@dataclass
class ActorPosition:
    actor: str
    actor_type: str | None
    evidence: list[Evidence] = field(default_factory=list)


def highlight(text: str, stored: StoredStatement) -> list[Segment]:
    """Split the sentence(s) around a statement into highlighted segments.

    >>> from stancemap.models import Statement, TextSpan, DocumentInfo, StoredStatement
    >>> text = "Intro. Borrell noted that it is fine. End."
    >>> st = Statement("d", TextSpan(26, 36, "it is fine"), TextSpan(7, 14, "Borrell"), TextSpan(15, 20, "noted"))
    >>> [(s.text, s.role) for s in highlight(text, StoredStatement(1, st, DocumentInfo(1, "d", 1)))]
    [('Borrell', 'speaker'), (' ', ''), ('noted', 'cue'), (' that ', ''), ('it is fine', 'content'), ('.', '')]
    """
    st = stored.statement
    spans = [(st.content, "content")]
    if st.speaker:
        spans.append((st.speaker, "speaker"))
    if st.cue:
        spans.append((st.cue, "cue"))
    lo = min(span.start for span, _ in spans)
    hi = max(span.end for span, _ in spans)
    start, end = sentence_bounds(text, lo, hi)
    start = max(start, min(stored.document.body_start, lo))  # never show a `date ...` header line
    start, end = min(start, lo), max(end, hi)
    roles = [""] * (end - start)
    for span, role in spans:  # later roles win where spans overlap: speaker and cue over content
        for i in range(max(span.start, start), min(span.end, end)):
            roles[i - start] = role
    segments: list[Segment] = []
    for offset, role in enumerate(roles):
        char = text[start + offset]
        if segments and segments[-1].role == role:
            segments[-1] = Segment(segments[-1].text + char, role)
        else:
            segments.append(Segment(char, role))
    return segments


def positions_by_issue(
    statements: Sequence[StoredStatement],
    issues: Sequence[Issue],
    document_text: Callable[[int], str],
) -> tuple[dict[str, dict[str, list[ActorPosition]]], list[ActorPosition]]:
    """Group statements as ``{issue: {stance: [ActorPosition]}}``, plus the uncoded ones by actor."""
    texts: dict[int, str] = {}

    def evidence(stored: StoredStatement, confidence: float | None) -> Evidence:
        doc_id = stored.document.id
        if doc_id not in texts:
            texts[doc_id] = document_text(doc_id)
        return Evidence(stored, highlight(texts[doc_id], stored), confidence)

    grouped: dict[str, dict[str, dict[str, ActorPosition]]] = {
        issue.id: {stance: {} for stance in STANCE_ORDER} for issue in issues
    }
    uncoded: dict[str, ActorPosition] = {}
    for stored in statements:
        st = stored.statement
        actor = st.actor or st.speaker_name or (st.speaker.text if st.speaker else "(no speaker)")
        if not st.codings:
            pos = uncoded.setdefault(actor, ActorPosition(actor, st.actor_type))
            pos.evidence.append(evidence(stored, None))
        for coding in st.codings:
            by_stance = grouped.setdefault(coding.issue, {s: {} for s in STANCE_ORDER})
            pos = by_stance.setdefault(coding.stance, {}).setdefault(actor, ActorPosition(actor, st.actor_type))
            pos.evidence.append(evidence(stored, coding.confidence))
    ordered = {
        issue: {
            stance: sorted(actors.values(), key=lambda p: (-len(p.evidence), p.actor.casefold()))
            for stance, actors in by_stance.items()
        }
        for issue, by_stance in grouped.items()
    }
    return ordered, sorted(uncoded.values(), key=lambda p: (-len(p.evidence), p.actor.casefold()))


def safe_url(url: str | None) -> str | None:
    """Return ``url`` only when it is an http(s) address, so article metadata cannot inject links.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("stancemap.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    return env


def render_report(
    statements: Sequence[StoredStatement],
    issues: Sequence[Issue],
    document_text: Callable[[int], str],
    *,
    counts: dict[str, Any] | None = None,
    failures: Sequence[Any] = (),
    title: str = "stancemap report",
) -> str:
    """Render the report page as a string."""
    grouped, uncoded = positions_by_issue(statements, issues, document_text)
    known = {issue.id: issue for issue in issues}
    issue_list = [known.get(i) or Issue(id=i, label=i, claim="") for i in grouped]
    return _environment().get_template("report.html.j2").render(
        title=title,
        version=__version__,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        counts=counts or {},
        issues=issue_list,
        grouped=grouped,
        uncoded=uncoded,
        failures=failures,
        stances=STANCE_ORDER,
    )


def write_report(store: Store, out: str | Path) -> Path:
    """Render the report for everything in ``store`` and write it to ``out``."""
    html = render_report(
        store.statements(),
        store.issues(),
        store.document_text,
        counts=store.counts(),
        failures=store.failures(),
    )
    path = Path(out)
    path.write_text(html, encoding="utf-8")
    return path

"""``stancemap stance review`` and ``stance learn``: review the model's codings, and learn from the corrections."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table
from rich.text import Text

from stancemap import workflows
from stancemap.cli.common import DB_HELP, console, err_console, user_errors
from stancemap.store import review as actions
from stancemap.store.codings import CodingToReview, person_examples
from stancemap.store.read import NOT_RELEVANT
from stancemap.training import learn_from_people, project_corrections_path, review_queue

if TYPE_CHECKING:
    from stancemap.store.repository import Store


#: Keys a reviewer may type, and the answers they stand for.
KEYS: dict[str, str] = {"s": "support", "o": "oppose", "n": "neutral", "k": "skip", "x": "not-relevant",
                        "u": "undo", "q": "quit"}


def _default_person() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "reviewer"


def _answer(raw: str) -> str | None:
    raw = raw.strip().lower()
    if raw in KEYS:
        return KEYS[raw]
    if raw in KEYS.values():
        return raw
    if raw in ("notrelevant", "not relevant", "irrelevant"):
        return "not-relevant"
    return None


#: The (statement, issue) each person's latest undo reverted (the review returns to it).
_UNDONE: dict[str, tuple[int, str | None]] = {}


def _record(store: Store, item: object, answer: str, who: str) -> str:
    """Store one answer as a logged review action (so ``u`` can undo it); what was done."""
    if answer == "skip":
        return "skipped"
    if answer == "undo":
        undone = actions.undo(store, who)
        if undone is None:
            return "nothing to undo"
        _UNDONE[who] = (undone.statement_id, undone.issue)
        what = f"{undone.action} {undone.stance}" if undone.stance else undone.action
        return f"undid {what} of statement {undone.statement_id}" + (f" on {undone.issue}" if undone.issue else "")
    if answer == "not-relevant":
        actions.not_relevant(store, item.statement_id, item.issue_id, who)  # type: ignore[attr-defined]
        return "marked not relevant"
    actions.set_stance(store, item.statement_id, item.issue_id, answer, who)  # type: ignore[attr-defined]
    return f"coded {answer}"


#: Characters of article text shown at most on each side of a statement in review.
CONTEXT_CHARS = 300


def sentence_context(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The text before ``start`` back to its sentence start, the span, and on to its sentence end.

    >>> sentence_context("One. Two said hi there. Three.", 14, 22)
    ('Two said ', 'hi there', '.')
    """
    lo = max(0, start - limit)
    before = text[lo:start]
    cut = max(before.rfind(". "), before.rfind("! "), before.rfind("? "), before.rfind("\n"))
    before = before[cut + 1:].lstrip() if cut >= 0 else ("..." if lo else "") + before
    after = text[end:end + limit]
    stops = [i for i in (after.find(". "), after.find("! "), after.find("? "), after.find("\n")) if i >= 0]
    if stops:
        after = after[:min(stops) + 1].rstrip()
    elif after.rstrip().endswith((".", "!", "?", '"')) or end + limit >= len(text):
        after = after.rstrip()
    else:
        after += "..."
    return before, text[start:end], after


def _context(store: Store, statement_id: int) -> Text | None:
    """The statement's sentence(s) in its article, the statement's words in bold; None if not found."""
    found = actions.statements_by_ids(store, [statement_id])
    if not found:
        return None
    stored = found[0]
    spans = [s for s in (stored.statement.speaker, stored.statement.cue, stored.statement.content) if s is not None]
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    try:
        text = store.document_text(stored.document.id)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - the context is a help, never a reason to stop reviewing
        return None
    before, middle, after = sentence_context(text, start, end)
    out = Text()
    out.append(before, style="dim")
    out.append(middle, style="bold")
    out.append(after, style="dim")
    return out


def _show_decisions(store: Store, issue: str | None, limit: int) -> None:



    found = [e for e in person_examples(store) if issue is None or e.issue_id == issue]
    other = [r for r in actions.history(store, limit=max(limit, 1) * 5)
             if r.action in ("reject", "speaker") and not r.undone][:limit]
    if not found and not other:
        console.print("no decisions yet: run `stancemap stance review` to make some.")
        return
    if other:
        others = Table(title=f"statements people rejected or gave another speaker ({len(other)} latest)")
        for column in ("statement", "decision", "person", "when"):
            others.add_column(column, overflow="fold")
        for r in other:
            what = "not a statement" if r.action == "reject" else f"speaker set (actor {r.actor_id})"
            others.add_row(str(r.statement_id), what, r.person, r.created_at.isoformat(timespec="seconds"))
        console.print(others)
    if not found:
        return
    table = Table(title=f"people's decisions ({len(found)}; the latest {min(limit, len(found))} shown)")
    for column in ("statement", "issue", "decision", "person", "content"):
        table.add_column(column, overflow="fold")
    for e in found[-limit:]:
        decision = "not relevant" if e.stance == NOT_RELEVANT else e.stance
        table.add_row(str(e.statement_id), e.issue_id, decision, e.origin, e.content)
    console.print(table)


def _panel(store: Store, item: CodingToReview, place: str) -> Panel:
    """The claim, the statement in its article, its speaker and the model's coding, to answer."""
    body = Text()
    body.append("Claim: ", style="bold")
    body.append(item.claim + "\n")
    context = _context(store, item.statement_id)
    if context is not None:
        body.append("In the article: ", style="bold")
        body.append_text(context)
        body.append("\n")
    body.append(f"{item.speaker or 'unknown speaker'} ", style="bold cyan")
    if item.cue:
        body.append(item.cue + " ", style="italic")
    body.append(item.content + "\n")
    body.append(f"model: {item.stance} ({item.confidence:.2f}, {item.origin})", style="dim")
    # a Panel reads a str title as markup: the document id is a file name, shown as written
    return Panel(body, title=Text(f"{place}  {item.issue_id}  statement {item.statement_id}  ({item.doc_id})"),
                 expand=False)


def _ask() -> str:
    """Prompt until the answer is one of the keys; at the end of input (Ctrl-D, a closed pipe), ``"quit"``."""
    while True:
        try:
            raw = Prompt.ask(r"stance \[s/o/n/k/x/u/q]", console=console, default="k")
        except EOFError:  # stop here, keep what was stored
            console.print()
            return "quit"
        answer = _answer(raw)
        if answer is not None:
            return answer
        err_console.print(f"{raw!r} is not an answer; type s, o, n, k (skip), x (not relevant), "
                          "u (undo) or q (quit)")


def review(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    limit: int = typer.Option(20, "--limit", help="Review (or with --done, list) at most N codings."),
    issue: str = typer.Option(None, "--issue", help="Only codings on this issue id."),
    person: str = typer.Option(None, "--person", help="Your name, stored as the coding's origin person:<name> "
                                                        "(default: your login name)."),
    done_only: bool = typer.Option(False, "--done", help="List the decisions people made (stances and "
                                                         "'not relevant') instead of reviewing."),
) -> None:
    """Walk the least certain model codings and say support, oppose, neutral, skip, not relevant or undo.

    Your answers are stored as person codings: a rerun never overwrites them, and
    `stancemap stance learn` learns from them ("not relevant" as an unrelated
    example). `u` undoes your latest answer; `--done` lists what people decided.
    """
    who = person or _default_person()
    done = 0
    with user_errors(), workflows.open_store(db, must_exist=True) as store:
        if done_only:
            _show_decisions(store, issue, limit)
            return
        items = review_queue(store, limit=limit, issue=issue)
        if not items:
            console.print("nothing to review: every model coding has been reviewed (or none was made yet).")
            return
        console.print(f"{len(items)} codings to review, least certain first. Keys: [bold]s[/]upport, "
                      "[bold]o[/]ppose, [bold]n[/]eutral, s[bold]k[/]ip, not relevant ([bold]x[/]), "
                      "[bold]u[/]ndo the last answer, [bold]q[/]uit.", markup=True)
        position = {(item.statement_id, item.issue_id): k for k, item in enumerate(items)}
        k = 0
        while 0 <= k < len(items):
            item = items[k]
            console.print(_panel(store, item, f"{k + 1}/{len(items)}"))
            answer = _ask()
            if answer == "quit":
                break
            outcome = _record(store, item, answer, who)
            if answer == "undo":
                console.print(f"  {outcome}", style="yellow")
                if outcome == "nothing to undo":
                    continue
                done -= 1
                undone = _UNDONE.pop(who, None)
                back = position.get(undone) if undone is not None else None
                if back is not None:  # answer the undone coding again
                    k = back
                continue
            if answer != "skip":
                done += 1
            console.print(f"  {outcome}", style="green" if answer != "skip" else "dim")
            k += 1
    console.print(f"{max(done, 0)} codings stored as person:{who}; run `stancemap stance learn` to learn from them.",
                  highlight=False)


def learn(
    db: str = typer.Option(None, "--db", help=DB_HELP),
    out: Path = typer.Option(None, "--out", help="Where to write the project's corrections (default: next to the "
                             "database, corpus.db -> corpus.corrections.json, where runs find it)."),
) -> None:
    """Learn from people's codings: each issue's stance and relevance adapt to its corrections.

    Writes every person's coding, per issue, to the project's corrections file; the next
    `stancemap run` or `stancemap stance recode` codes with them (and recodes what they change).
    """
    with user_errors(), workflows.open_store(db, must_exist=True) as store:
        summary = learn_from_people(store, out or project_corrections_path(db))
    per_issue = "; ".join(f"{issue}: " + ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
                          for issue, counts in sorted(summary.issues.items()))
    console.print(f"{summary.corrections} corrections written to {summary.path}"
                  + (f" ({per_issue})" if per_issue else ""), highlight=False)
    if summary.corrections == 0:
        console.print("no person codings yet: run `stancemap stance review` first to teach the model.", style="yellow")
    else:
        if summary.held_out:
            tally = "; ".join(f"{issue} {right} of {n}" for issue, (right, n) in sorted(summary.held_out.items()))
            console.print(f"each correction coded by its issue's model fitted on the others, right: {tally}. "
                          "A corrected issue's coding records as its confidence the chance of being right learnt "
                          "from these; code more where few are right.", highlight=False)
        console.print("run `stancemap stance recode --codebook ...` (or the next `stancemap run`) to code with them.",
                      highlight=False)

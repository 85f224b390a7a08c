"""``stancemap stance review`` and ``stance learn``: review the model's codings, and learn from the corrections."""

from __future__ import annotations

import getpass
from pathlib import Path

import typer
from rich.panel import Panel
from rich.prompt import Prompt
from rich.text import Text

from stancemap.cli.common import DB_HELP, console, err_console, user_errors


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


def _record(store: object, item: object, answer: str, who: str) -> str:
    """Store one answer as a logged review action (so ``u`` can undo it); what was done."""
    from stancemap.store import review as actions

    if answer == "skip":
        return "skipped"
    if answer == "undo":
        undone = actions.undo(store, who)
        if undone is None:
            return "nothing to undo"
        what = f"{undone.action} {undone.stance}" if undone.stance else undone.action
        return f"undid {what} of statement {undone.statement_id}" + (f" on {undone.issue}" if undone.issue else "")
    if answer == "not-relevant":
        actions.not_relevant(store, item.statement_id, item.issue_id, who)  # type: ignore[attr-defined]
        return "marked not relevant"
    actions.set_stance(store, item.statement_id, item.issue_id, answer, who)  # type: ignore[attr-defined]
    return f"coded {answer}"


def _show_decisions(store: object, issue: str | None, limit: int) -> None:
    from rich.table import Table

    from stancemap.store.codings import person_examples
    from stancemap.store.read import NOT_RELEVANT

    found = [e for e in person_examples(store) if issue is None or e.issue_id == issue]
    if not found:
        console.print("no decisions yet: run `stancemap stance review` to make some.")
        return
    table = Table(title=f"people's decisions ({len(found)}; the latest {min(limit, len(found))} shown)")
    for column in ("statement", "issue", "decision", "person", "content"):
        table.add_column(column, overflow="fold")
    for e in found[-limit:]:
        decision = "not relevant" if e.stance == NOT_RELEVANT else e.stance
        table.add_row(str(e.statement_id), e.issue_id, decision, e.origin, e.content)
    console.print(table)


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
    from stancemap.stance.training import review_queue
    from stancemap.workflows import open_store

    who = person or _default_person()
    done = 0
    with user_errors(), open_store(db, must_exist=True) as store:
        if done_only:
            _show_decisions(store, issue, limit)
            return
        items = review_queue(store, limit=limit, issue=issue)
        if not items:
            console.print("nothing to review: every model coding has been reviewed (or none was made yet).")
            return
        console.print(f"{len(items)} codings to review, least certain first. Keys: [bold]s[/]upport, "
                      "[bold]o[/]ppose, [bold]n[/]eutral, s[bold]k[/]ip, not relevant ([bold]x[/]), "
                      "[bold]u[/]ndo the last answer, [bold]q[/]uit.")
        for number, item in enumerate(items, start=1):
            body = Text()
            body.append("Claim: ", style="bold")
            body.append(item.claim + "\n")
            body.append(f"{item.speaker or 'unknown speaker'} ", style="bold cyan")
            if item.cue:
                body.append(item.cue + " ", style="italic")
            body.append(item.content + "\n")
            body.append(f"model: {item.stance} ({item.confidence:.2f}, {item.origin})", style="dim")
            console.print(Panel(body, title=f"{number}/{len(items)}  {item.issue_id}  statement {item.statement_id}"
                                f"  ({item.doc_id})", expand=False))
            while True:
                while True:
                    raw = Prompt.ask(r"stance \[s/o/n/k/x/u/q]", console=console, default="k")
                    answer = _answer(raw)
                    if answer is not None:
                        break
                    err_console.print(f"{raw!r} is not an answer; type s, o, n, k (skip), x (not relevant), "
                                      "u (undo) or q (quit)")
                if answer == "quit":
                    break
                outcome = _record(store, item, answer, who)
                if answer == "undo":
                    done -= 1 if outcome != "nothing to undo" else 0
                    console.print(f"  {outcome}", style="yellow")
                    continue  # answer this coding now
                if answer != "skip":
                    done += 1
                console.print(f"  {outcome}", style="green" if answer != "skip" else "dim")
                break
            if answer == "quit":
                break
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
    from stancemap.stance.training import learn_from_people, project_corrections_path
    from stancemap.workflows import open_store

    with user_errors(), open_store(db, must_exist=True) as store:
        summary = learn_from_people(store, out or project_corrections_path(db))
    per_issue = "; ".join(f"{issue}: " + ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
                          for issue, counts in sorted(summary.issues.items()))
    console.print(f"{summary.corrections} corrections written to {summary.path}"
                  + (f" ({per_issue})" if per_issue else ""), highlight=False)
    if summary.corrections == 0:
        console.print("no person codings yet: run `stancemap stance review` first to teach the model.", style="yellow")
    else:
        console.print("run `stancemap stance recode --codebook ...` (or the next `stancemap run`) to code with them.",
                      highlight=False)

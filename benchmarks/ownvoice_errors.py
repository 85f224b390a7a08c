"""Why own-voice statements are missed: each gold statement of an own-voice gold set, by cause.

Reads a gold JSON Lines file (``benchmarks/data/ownvoice*/gold.jsonl``) and the statements a
``stancemap run`` stored, and says for every (gold statement, issue) coding which stage lost it:

* ``not found``: no stored statement overlaps the gold span (statement selection);
* ``wrong speaker``: the best-overlapping statement has another actor (speaker detection);
* ``not relevant``: right actor, the issue is not coded (concept relevance, stance/);
* ``wrong stance``: right actor and issue, another stance (stance, stance/);
* ``right``.

It also prints the speaker accuracy on own-voice gold statements (the issue 18 target: the
best-overlapping statement's actor is the gold speaker; a statement not found counts as wrong),
and the found tuples that are not gold, by cause (an actor the gold never names for it, or a
gold actor with a wrong issue or stance).

Usage::

    .venv/bin/python benchmarks/ownvoice_errors.py benchmarks/data/ownvoice_train/gold.jsonl \
        sqlite:////tmp/ownvoice_train.db [--show]
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from stancemap import workflows
from stancemap.eval.coding import machine_only


def _key(name: str | None) -> str | None:
    return " ".join(name.split()).casefold() if name and name.strip() else None


def main(argv: list[str]) -> None:
    gold_path, db = argv[0], argv[1]
    show = "--show" in argv
    gold = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    docs = {g["doc"] for g in gold}
    with workflows.open_store(db, must_exist=True) as store:
        found = machine_only([s.statement for s in store.statements() if s.document.doc_id in docs])
    by_doc: dict[str, list] = {}
    for s in found:
        by_doc.setdefault(s.doc_id, []).append(s)
    causes: Counter[str] = Counter()
    own = own_right = 0
    for g in gold:
        overlapping = [s for s in by_doc.get(g["doc"], [])
                       if min(g["content_end"], s.content.end) > max(g["content_start"], s.content.start)]
        best = max(overlapping, key=lambda s: min(g["content_end"], s.content.end)
                   - max(g["content_start"], s.content.start), default=None)
        actor = _key(g.get("speaker"))
        if g.get("kind") == "own":
            own += 1
            own_right += best is not None and _key(best.actor) == actor
        for c in g["codings"]:
            same = [s for s in overlapping if _key(s.actor) == actor]
            coded = {x.issue: x.stance for s in same for x in s.codings}
            if not overlapping:
                cause = "not found"
            elif not same:
                cause = "wrong speaker"
            elif c["issue"] not in coded:
                cause = "not relevant"
            elif coded[c["issue"]] != c["stance"]:
                cause = "wrong stance"
            else:
                cause = "right"
            causes[cause] += 1
            if show and cause != "right":
                print(f"{cause:13} {g['doc']:20} {c['issue']}/{c['stance']} gold={g.get('speaker')} "
                      f"found={best.actor if best else None} coded={coded or None} | {g['content'][:70]}")
    print("codings by cause:", dict(causes))
    print(f"speaker right on own-voice statements: {own_right}/{own} = {own_right / own if own else 0:.3f}")
    gold_tuples = {(_key(g.get("speaker")), c["issue"], c["stance"]) for g in gold for c in g["codings"]
                   if _key(g.get("speaker"))}
    gold_actors = {t[0] for t in gold_tuples}
    found_tuples = {(_key(s.actor), c.issue, c.stance) for s in found for c in s.codings if _key(s.actor)}
    # each missed gold tuple by the furthest stage one of its statements reached
    order = ["not found", "wrong speaker", "not relevant", "wrong stance"]
    reached: dict[tuple, int] = {}
    for g in gold:
        actor = _key(g.get("speaker"))
        if actor is None:
            continue
        overlapping = [s for s in by_doc.get(g["doc"], [])
                       if min(g["content_end"], s.content.end) > max(g["content_start"], s.content.start)]
        same = [s for s in overlapping if _key(s.actor) == actor]
        for c in g["codings"]:
            coded = {x.issue for s in same for x in s.codings}
            stage = 0 if not overlapping else 1 if not same else 2 if c["issue"] not in coded else 3
            t = (actor, c["issue"], c["stance"])
            reached[t] = max(reached.get(t, 0), stage)
    missed = Counter(order[reached.get(t, 0)] for t in gold_tuples - found_tuples)
    print(f"missed gold tuples by cause: {dict(missed)}")
    extra = found_tuples - gold_tuples
    fp = Counter("actor not in gold" if t[0] not in gold_actors else "gold actor, wrong issue/stance" for t in extra)
    print(f"tuples: gold {len(gold_tuples)}, found {len(found_tuples)}, right {len(gold_tuples & found_tuples)}; "
          f"false by cause: {dict(fp)}")
    if show:
        for t in sorted(extra, key=str):
            print("  extra", t)


if __name__ == "__main__":
    main(sys.argv[1:])

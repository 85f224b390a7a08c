"""Fit the default coder's stance calibration (``stance/data/stance_calibration.v1.json``) on hand-coded news.

Usage (``--update FILE --own-voice ...`` or ``--update FILE --sentences ...`` refits only that table of FILE)::

    python benchmarks/fit_stance_calibration.py --gold benchmarks/data/polnear_train_stance_gold.jsonl \\
        benchmarks/data/polnear_train2_stance_gold.jsonl benchmarks/data/polnear_train3_stance_gold.jsonl \\
        --texts ../shared/data/polnear/train/text \\
        --codebook benchmarks/data/polnear_codebook.yaml --store polnear_train.db \\
        --own-voice benchmarks/data/ownvoice_train/gold.jsonl benchmarks/data/ownvoice_train/texts \\
        benchmarks/data/ownvoice_train/codebook.yaml \\
        --sentences benchmarks/data/polnear_codebook.yaml ../shared/data/polnear/train/text \\
            benchmarks/data/polnear_train_sentence_stance.jsonl benchmarks/data/polnear_train2_sentence_stance.jsonl \\
        --sentences benchmarks/data/polnear_codebook_climate_concern.yaml ../shared/data/polnear/train/text \\
            benchmarks/data/polnear_train_climate_concern_sentences.jsonl \\
        --out src/stancemap/stance/data/stance_calibration.v1.json

Every gold statement coded on an issue is one pair: the default coder decides its stance
on that issue exactly as a run does (content read in its sentence, a fragment's sentence read
by the model, the codebook's examples adapting the issue) and says which way it decided (the
cue rules, a deliberation, the pair model, the pair model's doubt, or its doubt settled where
the rules found cues or a person said it: see :mod:`stancemap.stance.calibration`; whether a person said it is
the speaker type of the statement ``--store``, a ``stancemap run`` of the same texts, found overlapping it). Each
way's accuracy, shrunk towards the overall accuracy, is its calibrated confidence. The
``model-sided`` way happens only in the speaker's own voice. With ``--own-voice``, every way
is also fitted on that gold, every statement read as own voice (the ``own_voice`` table, which
statements in their speaker's own voice take), and the news table's ``model-sided`` is taken
from it; the news ways stay fitted on news. With ``--sentences CODEBOOK TEXTS GOLD...`` (repeatable: hand-labelled news
sentences, ``benchmarks/eval_news_sentences.py``'s files), every sentence is decided as ``stancemap stance predict``
decides a pair file's sentence, its claim the issue, and the ``sentences`` table is fitted on them. Fit on train;
report on dev with ``stancemap eval coding`` (expected calibration error) and ``eval_news_sentences.py``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from eval_news_sentences import read_sentences

from stancemap import workflows
from stancemap.context import sentence_around
from stancemap.eval.coding import matching_statement, read_gold
from stancemap.models import Statement
from stancemap.stance.calibration import PRIOR_WEIGHT, SOURCES, shrunk
from stancemap.stance.codebook import Issue, load_codebook
from stancemap.stance.semantic import make_semantic_coder
from stancemap.stance.statementtext import frame, stance_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, nargs="+", help="one or more gold files of the same corpus")
    parser.add_argument("--texts", type=Path)
    parser.add_argument("--codebook", type=Path)
    parser.add_argument("--store", help="a store of `stancemap run` on --texts: the speaker types of its statements")
    parser.add_argument("--own-voice", nargs=3, metavar=("GOLD", "TEXTS", "CODEBOOK"),
                        help="an own-voice gold set, its texts and codebook: fits the own-voice table (and the "
                             "model-sided way)")
    parser.add_argument("--sentences", nargs="+", action="append", metavar="CODEBOOK TEXTS GOLD",
                        help="a codebook, its texts and one or more sentence gold files (repeatable): fits the table "
                             "of pair files' news sentences")
    parser.add_argument("--update", type=Path, help="a calibration file to refit the own-voice or sentences table "
                                                     "of, its news table kept as it is (instead of --gold/--texts/"
                                                     "--codebook)")
    parser.add_argument("--out", type=Path, help="the file to write (default: --update)")
    args = parser.parse_args()
    if not (args.update or (args.gold and args.texts and args.codebook and args.store)) or \
            not (args.out or args.update):
        parser.error("give --gold, --texts, --codebook, --store and --out, or --update with --own-voice or "
                     "--sentences")
    if any(len(group) < 3 for group in args.sentences or []):
        parser.error("--sentences takes a codebook, a texts folder and at least one gold file")

    coder = make_semantic_coder()
    if args.update:
        fitted = json.loads(args.update.read_text(encoding="utf-8"))
    else:
        fitted = _news_table(coder, args.gold, args.texts, args.codebook, _statements(args.store))
    if args.own_voice:
        _add_own_voice_table(fitted, coder, *(Path(p) for p in args.own_voice))
    if args.sentences:
        _add_sentences_table(fitted, coder, [[Path(p) for p in group] for group in args.sentences])
    out = args.out or args.update
    out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(fitted, indent=1))


def _statements(store: str) -> dict[str, list[Statement]]:
    """Per document, the statements of a store (their speaker types say whether a person said each)."""
    out: dict[str, list[Statement]] = {}
    with workflows.open_store(store, must_exist=True) as opened:
        for stored in opened.statements():
            out.setdefault(stored.document.doc_id, []).append(stored.statement)
    return out


def _news_table(coder, golds: list[Path], texts: Path, codebook: Path, found: dict[str, list[Statement]]) -> dict:
    """The calibration file's news table, fitted on the news gold."""
    accuracy, counts, overall = _table(*_tally(coder, golds, texts, codebook, sided=False, found=found))
    pairs = sum(c["pairs"] for c in counts.values())
    return {
        "format": "stance-calibration.v1", "accuracy": accuracy, "counts": counts, "overall_accuracy": overall,
        "prior_weight": PRIOR_WEIGHT,
        "fitted_on": f"{' + '.join(p.name for p in golds)}: {pairs} hand-coded (statement, issue) pairs of "
                     f"{codebook.name}",
    }


def _add_own_voice_table(fitted: dict, coder, gold: Path, texts: Path, codebook: Path) -> None:
    """Fit the own-voice table into ``fitted`` (and the news table's model-sided way, which only own voice has)."""
    n, right = _tally(coder, [gold], texts, codebook, sided=True)
    fitted["own_voice"], fitted["own_voice_counts"], fitted["own_voice_overall_accuracy"] = _table(n, right)
    fitted["accuracy"]["model-sided"] = fitted["own_voice"]["model-sided"]
    fitted["counts"]["model-sided"] = fitted["own_voice_counts"]["model-sided"]
    fitted["fitted_on"] = _described(fitted["fitted_on"], "own voice on",
                                     f"{gold.parent.name}/{gold.name}: {sum(n.values())} own-voice pairs")


def _add_sentences_table(fitted: dict, coder, groups: list[list[Path]]) -> None:
    """Fit the table of pair files' news sentences into ``fitted``: each group is a codebook, its texts folder and
    its sentence gold files; every sentence is decided on its issue's claim as ``stance predict`` decides it."""
    claims, sentences, gold_stances, names = [], [], [], []
    for codebook, texts, *golds in groups:
        claim_of = {issue.id: issue.claim for issue in load_codebook(codebook).issues}
        for gold in golds:
            for claim, sentence, stance, _ in read_sentences(gold, texts, claim_of):
                claims.append(claim)
                sentences.append(sentence)
                gold_stances.append(stance)
            names.append(gold.name)
    issues = {claim: Issue(id=f"claim-{i}", label=claim, claim=claim) for i, claim in enumerate(dict.fromkeys(claims))}
    decided = coder.decisions([issues[c] for c in claims], sentences, [(t, t) for t in sentences], None, True)
    n, right = _counted(decided, gold_stances)
    ways = [source for source in SOURCES if source not in ("model-sided", "model-person")]  # a sentence has no speaker
    fitted["sentences"], fitted["sentences_counts"], fitted["sentences_overall_accuracy"] = _table(n, right, ways)
    fitted["fitted_on"] = _described(fitted["fitted_on"], "sentences on",
                                     f"{' + '.join(names)}: {sum(n.values())} hand-labelled news sentences")


def _described(fitted_on: str, table: str, what: str) -> str:
    """``fitted_on`` with the part that says what ``table`` was fitted on replaced by ``what``."""
    parts = [part for part in fitted_on.split("; ") if not part.startswith(table)]
    return "; ".join([*parts, f"{table} {what}"])


def _tally(coder, golds: list[Path], texts_dir: Path, codebook: Path, sided: bool,
           found: dict[str, list[Statement]] | None = None) -> tuple[Counter, Counter]:
    """Per way of deciding, how many gold (statement, issue) pairs the coder decided so, and how many right;
    ``found``: per document a run's statements, whose speaker type (of the one matching a gold statement, as ``eval
    coding`` matches) says whether a person said it (:func:`_statements`)."""
    issues = {issue.id: issue for issue in load_codebook(codebook).issues}
    texts: dict[str, str] = {}
    asked, gold_stances, framed, by_people = [], [], [], []
    for path in golds:
        for g in read_gold(path):
            text = texts.setdefault(g.doc, (texts_dir / f"{g.doc}.txt").read_text(encoding="utf-8"))
            content = text[g.start:g.end]
            read_in = (content, frame(content, sentence_around(text, g.start, g.end))[0])
            match = matching_statement(g, (found or {}).get(g.doc, []))
            for issue, stance in g.codings:
                asked.append(issues[issue])
                gold_stances.append(stance)
                framed.append(read_in)
                by_people.append(match is not None and match.speaker_type == "person")
    read = [stance_text(content, None, None if sided else sentence) for content, sentence in framed]
    return _counted(coder.decisions(asked, read, framed, [sided] * len(asked), people=by_people), gold_stances)


def _counted(decided: list[tuple[str, float, str]], gold: list[str]) -> tuple[Counter, Counter]:
    """Per way of deciding, how many of the coder's ``decided`` (stance, raw score, way) were made so, and how many
    were the ``gold`` stance."""
    n, right = Counter(), Counter()
    for (stance, _, source), wanted in zip(decided, gold, strict=True):
        n[source] += 1
        right[source] += stance == wanted
    return n, right


def _table(n: Counter, right: Counter, ways: list[str] | tuple[str, ...] = SOURCES) -> tuple[dict, dict, float]:
    """A calibration table from the counts: each way's accuracy shrunk towards the overall one, the counts, and the
    overall accuracy."""
    overall = sum(right.values()) / max(sum(n.values()), 1)
    return ({source: round(shrunk(right[source], n[source], overall), 4) for source in ways},
            {source: {"pairs": n[source], "right": right[source]} for source in ways}, round(overall, 4))


if __name__ == "__main__":
    main()

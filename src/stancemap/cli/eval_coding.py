"""``stancemap eval coding``: relevance and stance of statements against a hand-coded gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from stancemap.cli.common import console, user_errors


def eval_coding(
    gold: Annotated[Path, typer.Option("--gold", help="Hand-coded statements, JSON Lines (doc, content_start, content_end, codings).")],
    texts: Annotated[Path, typer.Option("--texts", help="Folder of <doc>.txt files the offsets index (e.g. PolNeAR dev/text).")],
    codebook: Annotated[Path, typer.Option("--codebook", help="The codebook the gold was coded with.")],
    coder: Annotated[str, typer.Option("--coder", help="Stance coder to score (default: the default coder).")] = "",
    out: Annotated[Path | None, typer.Option("--out", help="Write the figures and every error as JSON to this file.")] = None,
) -> None:
    """Relevance precision/recall, stance macro-F1 and calibration of the pipeline's codings on a gold set.

    The texts of the gold's documents are read, parsed and coded exactly as `stancemap
    extract` does; each gold statement is matched to the found statement it overlaps most.
    """
    from stancemap.eval.coding import read_gold, score_codings
    from stancemap.models import ReadFailure
    from stancemap.workflows import DEFAULT_CODER, extract_paths, load_codebook

    with user_errors():
        rows = read_gold(gold)
        book = load_codebook(codebook)
        assert book is not None
        docs = sorted({g.doc for g in rows})
        paths = [texts / f"{doc}.txt" for doc in docs]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            from stancemap.errors import UsageError

            raise UsageError(f"{len(missing)} gold documents have no text in {texts} (first: {missing[0]}); "
                             "pass --texts with the folder of <doc>.txt files the offsets index")
        found = [s for s in extract_paths(paths, codebook=book, coder=coder or DEFAULT_CODER)
                 if not isinstance(s, ReadFailure)]
        figures = score_codings(rows, found, [issue.id for issue in book.issues])
    rel, st = figures["relevance"], figures["stance"]
    table = Table(title=f"coding against {gold.name} ({figures['gold_statements']} statements, "
                        f"{figures['unmatched_statements']} not found by the extractor)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in (("relevance precision", rel["precision"]), ("relevance recall", rel["recall"]),
                        ("relevance F1", rel["f1"]), ("stance macro-F1 (both relevant)", st["macro_f1"]),
                        ("stance accuracy (both relevant)", st["accuracy"]),
                        ("end to end (gold-relevant pairs coded right)", st["end_to_end_accuracy"]),
                        ("expected calibration error", st["ece"])):
        table.add_row(name, f"{value:.3f}")
    table.add_row("pairs both relevant", str(st["pairs"]))
    console.print(table)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
        console.print(f"figures and {len(figures['errors'])} errors written to {out}", highlight=False)

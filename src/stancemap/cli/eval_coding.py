"""``stancemap eval coding``: the machine's coding against a hand-coded gold (JSON Lines or a DNA database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from stancemap import extraction, workflows
from stancemap.actors.io import default_registry
from stancemap.cli.common import DB_HELP, console, user_errors
from stancemap.coded_actors import registry_with_dna_actors
from stancemap.curation import registry_with_store
from stancemap.errors import UsageError
from stancemap.eval.coding import agreement_with_gold, gold_from_dna, machine_only, read_gold, score_codings
from stancemap.ingest.dna import dna_codebook, is_dna, parse_variables
from stancemap.models import ReadFailure


def eval_coding(
    gold: Annotated[Path, typer.Option("--gold", help="Hand-coded statements: a DNA 3 database (.dna) or JSON Lines "
                                       "(doc, content_start, content_end, codings, optional actor).")],
    texts: Annotated[
        Path | None,
        typer.Option("--texts", help="Folder of <doc>.txt files the offsets of a JSON Lines "
                     "gold index (e.g. PolNeAR dev/text); a .dna gold carries its texts."),
    ] = None,
    codebook: Annotated[Path | None, typer.Option("--codebook", help="The codebook the gold was coded with "
                                                  "(default for a .dna gold: its concepts).")] = None,
    coder: Annotated[str, typer.Option("--coder", help="Stance coder to score (default: the default coder).")] = "",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the figures and every error as JSON to this file.")
    ] = None,
    db: Annotated[str | None, typer.Option("--db", help="Score the machine's statements stored here (on the gold's "
                                           "documents) instead of extracting them again. " + DB_HELP)] = None,
    dna_variables: Annotated[str | None, typer.Option("--dna-variables", help="DNA variables with other names, "
                                                      "e.g. concept=frame,agreement=stance.")] = None,
) -> None:
    """Relevance, stance and calibration of the machine's coding on a gold set, and its agreement with hand coding.

    The machine's statements are the store's (`--db`) or, without it, found again in the gold's
    texts exactly as `stancemap extract` does. Each gold statement is matched to the statements
    it overlaps; with actors (a .dna gold), (actor, concept, agreement) tuples, statement-level
    agreement, Cohen's kappa and the correlation of the congruence networks are reported too.
    """
    with user_errors():
        registry = _registry(db, gold, dna_variables)
        rows, found, issues = _gold_and_found(gold, texts, codebook, coder, db, dna_variables, registry)

        figures = score_codings(rows, found, issues)
        figures["agreement"] = agreement_with_gold(rows, found, canonical=registry.canonical_name)
    _print(gold, figures)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
        console.print(f"figures and {len(figures['errors'])} errors written to {out}", highlight=False)


def _is_dna(gold: Path) -> bool:
    return gold.suffix.lower() == ".dna" or is_dna(gold)


def _registry(db: str | None, gold: Path, dna_variables: str | None) -> Any:
    """The registry speakers are resolved and compared by: the store's (with its curation, the actors a DNA
    database named among them) with --db; else the starter registry, with the DNA gold's actors."""
    if db is not None:
        with workflows.open_store(db, must_exist=True) as store:
            return registry_with_store(store)
    if gold.is_file() and _is_dna(gold):  # a missing gold: said below
        return registry_with_dna_actors([gold], parse_variables(dna_variables))
    return default_registry()


def _gold_and_found(gold: Path, texts: Path | None, codebook: Path | None, coder: str, db: str | None,
                    dna_variables: str | None, registry: Any) -> tuple[list[Any], list[Any], list[str]]:

    if not gold.is_file():
        raise UsageError.of("E500.gold", gold=gold)
    dna = _is_dna(gold)
    if dna:
        rows, corpus = gold_from_dna(gold, variables=dna_variables)
        book = workflows.load_codebook(codebook) if codebook else dna_codebook(corpus)
    else:
        rows = read_gold(gold)
        if codebook is None and db is None:
            raise UsageError.of("E500.codebook-gold")
        book = workflows.load_codebook(codebook) if codebook else None
    docs = sorted({g.doc for g in rows})
    if db is not None:
        with workflows.open_store(db, must_exist=True) as store:
            wanted = set(docs)
            found = [s.statement for s in store.statements() if s.document.doc_id in wanted]
            issues = [i.id for i in book.issues] if book else [i.id for i in store.issues()]
        return rows, machine_only(found, rows if dna else ()), issues
    assert book is not None
    if dna:
        paths = [gold]
    else:
        if texts is None:
            raise UsageError.of("E500.texts")
        paths = [texts / f"{doc}.txt" for doc in docs]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise UsageError.of("E500.texts-missing", count=len(missing), texts=texts, first=missing[0])
    found = [s for s in extraction.extract_paths(paths, codebook=book, coder=coder or workflows.DEFAULT_CODER,
                                                 registry=registry)
             if not isinstance(s, ReadFailure)]
    return rows, machine_only(found, rows if dna else ()), [issue.id for issue in book.issues]


def _print(gold: Path, figures: dict[str, Any]) -> None:
    rel, st = figures["relevance"], figures["stance"]
    table = Table(title=f"coding against {gold.name} ({figures['gold_statements']} statements, "
                        f"{figures['unmatched_statements']} not found by the extractor)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for name, value in (("relevance precision", rel["precision"]), ("relevance recall", rel["recall"]),
                        ("relevance F1", rel["f1"]), ("stance macro-F1 (both relevant)", st["macro_f1"]),
                        ("stance accuracy (both relevant)", st["accuracy"]),
                        ("end to end (gold-relevant pairs coded right)", st["end_to_end_accuracy"]),
                        ("expected calibration error", st["ece"]),
                        ("... what sampling alone gives a calibrated coder here", st["ece_floor"])):
        table.add_row(name, f"{value:.3f}")
    table.add_row("pairs both relevant", str(st["pairs"]))
    console.print(table)
    agreement = figures["agreement"]
    tuples, statements = agreement["tuples"], agreement["statements"]
    kappa, network = agreement["kappa"], agreement["network"]
    table = Table(title="agreement with hand coding")
    table.add_column("measure")
    table.add_column("value", justify="right")

    def figure(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    for name, value in (
        ("(actor, concept, agreement) precision", figure(tuples["precision"])),
        ("(actor, concept, agreement) recall", figure(tuples["recall"])),
        ("(actor, concept, agreement) F1", figure(tuples["f1"])),
        ("gold statements overlapped", f"{statements['overlap']}/{statements['gold_statements']}"),
        ("... by the same actor", f"{statements['same_actor']}/{statements['gold_statements']}"),
        ("... same actor and concept", f"{statements['same_actor_issue']}/{statements['gold_statements']}"),
        ("... same actor, concept and agreement", f"{statements['full']}/{statements['gold_statements']}"),
        (f"Cohen's kappa where both coded ({kappa['pairs']} pairs)", figure(kappa["cohen"])),
        (f"congruence network correlation ({network['actor_pairs']} actor pairs)", figure(network["pearson"])),
    ):
        table.add_row(name, value)
    console.print(table)

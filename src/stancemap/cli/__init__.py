"""The ``stancemap`` command: one thin module per command group over :mod:`stancemap.workflows`."""

from __future__ import annotations

import typer

from stancemap.cli import extract as _extract
from stancemap.cli import report as _report
from stancemap.cli import run as _run
from stancemap.cli import statements as _statements

app = typer.Typer(
    name="stancemap",
    help="Who said what, when, and where each actor stands: statements, actors and stances from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
app.command("run")(_run.run)
app.command("extract")(_extract.extract)
app.command("statements")(_statements.statements)
app.command("report")(_report.report)

try:  # the evaluation commands live in their own module
    from stancemap.cli.eval import eval_app
except ImportError:  # pragma: no cover - only while eval is being built
    eval_app = None
if eval_app is not None:
    app.add_typer(eval_app, name="eval", help="Score the extractor and the stance coder on labelled data.")


def main() -> None:
    """Entry point of the ``stancemap`` console script."""
    app()

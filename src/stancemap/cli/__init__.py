"""The ``stancemap`` command: one thin module per command group over the library."""

from __future__ import annotations

import typer

from stancemap.cli import actors as _actors
from stancemap.cli import code as _code
from stancemap.cli import eval as _eval
from stancemap.cli import eval_actors as _eval_actors
from stancemap.cli import eval_coding as _eval_coding
from stancemap.cli import eval_stance as _eval_stance
from stancemap.cli import evidence as _evidence
from stancemap.cli import extract as _extract
from stancemap.cli import issues_cmd as _issues
from stancemap.cli import network as _network
from stancemap.cli import report as _report
from stancemap.cli import run as _run
from stancemap.cli import serve as _serve
from stancemap.cli import stance as _stance
from stancemap.cli import statements as _statements
from stancemap.cli import timeline as _timeline

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
app.command("network")(_network.network)
app.command("timeline")(_timeline.timeline)
app.command("serve")(_serve.serve)
app.add_typer(_actors.actors_app, name="actors")
stance_app = _stance.stance_app
stance_app.command("review")(_code.review)
stance_app.command("learn")(_code.learn)
stance_app.command("suggest")(_issues.suggest)
stance_app.command("evidence")(_evidence.evidence)
stance_app.command("eval")(_eval_stance.eval_stance)
app.add_typer(stance_app, name="stance")

eval_app = _eval.eval_app
eval_app.command("actors")(_eval_actors.eval_actors)
eval_app.command("coding")(_eval_coding.eval_coding)
app.add_typer(
    eval_app, name="eval", help="Score the extractor and the actor resolution (stance: `stancemap stance eval`)."
)


def main() -> None:
    """Entry point of the ``stancemap`` console script."""
    app()

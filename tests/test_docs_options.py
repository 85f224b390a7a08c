"""Every option of every command is in the README (as sqlite-utils' docs tests do).

The commands are walked from the Typer app itself, so a new command or option
fails here until the README names it; hidden options (not in ``--help``) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main

from stancemap.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _walk(command: object, path: list[str]) -> Iterator[tuple[str, object]]:
    """Every leaf command below ``command``, with its full name ("actors merge")."""
    subcommands = getattr(command, "commands", None)
    if subcommands:
        for name, sub in subcommands.items():
            yield from _walk(sub, [*path, name])
    else:
        yield " ".join(path), command


def _options() -> list[tuple[str, str]]:
    """``(command, --option)`` for each visible option of each command, by its first long name."""
    found = []
    for name, command in _walk(typer.main.get_command(app), []):
        for param in command.params:  # type: ignore[attr-defined]
            if param.param_type_name != "option" or getattr(param, "hidden", False):
                continue
            longs = [opt for opt in param.opts if opt.startswith("--") and opt != "--help"]
            if longs:
                found.append((name, longs[0]))
    return found


OPTIONS = _options()


def test_the_walk_finds_the_commands_and_their_options() -> None:
    commands = {name for name, _ in OPTIONS}
    assert {"run", "network", "actors merge", "stance train", "eval coding"} <= commands
    assert ("network", "--min-weight") in OPTIONS
    assert len(OPTIONS) > 100


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[f"{c}:{o}" for c, o in OPTIONS])
def test_every_option_is_documented_in_the_readme(command: str, option: str) -> None:
    # a whole option name: `--since` must not be satisfied by `--since-x`
    assert re.search(re.escape(option) + r"(?![\w-])", README), (
        f"README.md does not document `stancemap {command} {option}`: add it to the command's section"
    )


def test_the_readmes_codebook_example_is_valid_and_shows_every_key_an_issue_may_have(tmp_path: Path) -> None:
    from stancemap.stance.codebook import ISSUE_KEYS, load_codebook

    section = README[README.index("## Your codebook"):]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None, "the codebook section has no YAML example"
    path = tmp_path / "codebook.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    issue = load_codebook(path).issues[0]
    written = set(re.findall(r"^\s+-?\s*(\w+):", example.group(1), re.M))
    assert set(ISSUE_KEYS) <= written, f"the README's example lacks {sorted(set(ISSUE_KEYS) - written)}"
    assert issue.description and issue.keywords and issue.examples and issue.excludes

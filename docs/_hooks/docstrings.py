"""MkDocs hook: make numpydoc docstrings read well as Markdown.

stancemap's docstrings are numpydoc (reStructuredText flavoured). mkdocstrings
renders their free text as Markdown, where a doctest line ``>>> x`` becomes a
nested block quote and its output ``[('a', 'b')]`` a broken link. This hook adds a
Markdown preprocessor, to the site's pages and to mkdocstrings' inner renderer alike,
that

- fences every doctest block (a run of lines starting with ``>>>`` and its output,
  up to a blank line) that is not already inside a fenced block, as ``pycon``;
- turns reST roles (:func:`~a.b`, :class:`a.B`, :mod:`.x` ...) into code spans.

It changes nothing in the package; only how the site shows it.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority

FENCE = re.compile(r"^\s*(```|~~~)")
DOCTEST = re.compile(r"^(\s*)>>>( |$)")
ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|data|attr|exc|obj|ref|const|term):`(~?)\.?([^`]+)`")


def _role(match: re.Match[str]) -> str:
    short, target = match.group(1), match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def fence_doctests(lines: list[str]) -> list[str]:
    """Wrap unfenced doctest blocks in ``pycon`` fences and reST roles in backticks.

    >>> fence_doctests([">>> 1 + 1", "2", "", "text :func:`~a.b`"])
    ['', '```pycon', '>>> 1 + 1', '2', '```', '', '', 'text `b`']
    """
    out: list[str] = []
    fence: str | None = None
    in_doctest = False
    indent = ""
    for line in lines:
        if in_doctest:
            if line.strip():
                out.append(line[len(indent):] if line.startswith(indent) else line)
                continue
            out.extend(["```", ""])
            in_doctest = False
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1) == fence:
                fence = None
            out.append(line)
            continue
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        doctest = DOCTEST.match(line)
        if doctest:
            indent = doctest.group(1)
            out.extend(["", "```pycon", line[len(indent):]])
            in_doctest = True
            continue
        out.append(ROLE.sub(_role, line))
    if in_doctest:
        out.extend(["```", ""])
    return out


class _DoctestFences(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return fence_doctests(lines)


class DoctestFencesExtension(Extension):
    """Registers the preprocessor before the fenced-code one."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.register(_DoctestFences(md), "stancemap_doctest_fences", 40)


@event_priority(100)  # before mkdocstrings reads the extension list
def on_config(config):
    config.markdown_extensions.append(DoctestFencesExtension())
    return config

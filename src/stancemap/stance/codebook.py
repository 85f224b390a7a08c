"""Load and validate a codebook: the issues statements are coded against.

A codebook is a YAML file with a top-level ``issues:`` list::

    issues:
      - id: strike-russia                 # a slug: a-z, 0-9, '-', '_', '.'
        label: Western weapons against targets in Russia
        claim: Ukraine should be allowed to use Western weapons on Russian territory.
        description: optional free text
        keywords: [strike, Russian territory]     # optional list of strings
        excludes: [arms deliveries]               # optional: what does not count as the issue
        examples:                                 # optional labelled statements
          - {text: "Such strikes are legitimate self-defence.", stance: support}

Every problem found is reported at once, each naming the file, the issue (by id
and position, with its line) and the key, and saying what to do.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from stancemap.errors import CodebookError, brief, message
from stancemap.models import STANCES, Codebook, Issue, content_hash

__all__ = ["load_codebook", "parse_codebook", "codebook_hash", "ISSUE_KEYS", "TOP_KEYS"]

#: Keys an issue may have; anything else is reported (a typo such as ``keyword:``
#: would otherwise be silently ignored).
ISSUE_KEYS: tuple[str, ...] = ("id", "label", "claim", "description", "keywords", "examples", "excludes")
#: Keys the top level may have.
TOP_KEYS: tuple[str, ...] = ("issues", "name", "description", "version")
EXAMPLE_KEYS: tuple[str, ...] = ("text", "stance")

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "issue-1"


def codebook_hash(data: Any) -> str:
    """Return the SHA-256 of a canonical JSON serialisation of parsed codebook data.

    The hash is taken over the *parsed* content (keys sorted, no whitespace),
    not the file's bytes: comments, indentation, key order and flow versus block
    style do not change it; any change to a value does.

    >>> codebook_hash({"issues": [{"id": "a", "claim": "x"}]}) == codebook_hash(
    ...     {"issues": [{"claim": "x", "id": "a"}]})
    True
    """
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return content_hash(canonical)


def _issue_lines(text: str) -> list[int]:
    """1-based line of each item of the top-level ``issues`` list ([] if unknown)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if getattr(key, "value", None) == "issues" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


#: Most alias uses (``*name``) and expanded values a codebook may have. A codebook
#: needs no aliases at all; the limits only stop "billion laughs" documents, whose
#: few lines expand to millions of values (and to messages of many megabytes).
MAX_ALIAS_USES = 1000
MAX_EXPANDED_VALUES = 200_000


def _alias_abuse(node: Any) -> tuple[int, int] | None:
    """``(alias uses, expanded values)`` if the composed ``node`` is abusive, else ``None``.

    Walks the node graph once (shared nodes are aliases) and computes the size the
    document would have once every alias is expanded, without expanding it.
    """
    if node is None:
        return None
    sizes: dict[int, int] = {}
    edges = 0
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        children = (
            [part for pair in current.value for part in pair] if isinstance(current, yaml.MappingNode)
            else list(current.value) if isinstance(current, yaml.SequenceNode) else []
        )
        if done:
            in_progress.discard(key)
            edges += len(children)
            sizes[key] = min(1 + sum(sizes.get(id(child), 1) for child in children), 10 * MAX_EXPANDED_VALUES)
            continue
        if key in sizes or key in in_progress:
            continue
        in_progress.add(key)
        stack.append((current, True))
        stack.extend((child, False) for child in children)
    # A tree of n nodes has n - 1 edges; every further edge is an alias use.
    uses = edges - (len(sizes) - 1)
    total = sizes.get(id(node), 1)
    if uses > MAX_ALIAS_USES or total > MAX_EXPANDED_VALUES:
        return uses, total
    return None


def _unknown(keys: Any, allowed: tuple[str, ...]) -> list[str]:
    out = []
    for key in keys:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "remove it"
        out.append(message("E201.unknown-key", key=key, hint=hint, allowed=", ".join(allowed)))
    return out


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def parse_codebook(data: Any, name: str = "codebook", lines: list[int] | None = None) -> Codebook:
    """Validate parsed YAML ``data`` and return a :class:`~stancemap.models.Codebook`.

    Parameters
    ----------
    data : object
        What ``yaml.safe_load`` returned for the file.
    name : str
        The file name used in messages.
    lines : list of int, optional
        The line of each issue in the file, for messages.

    Returns
    -------
    Codebook
        With ``hash`` set by :func:`codebook_hash`; ``path`` is ``name``.

    Raises
    ------
    CodebookError
        Code ``E201``, listing every problem found; ``.problems`` holds them one by one.

    Examples
    --------
    >>> cb = parse_codebook({"issues": [{"id": "tax", "claim": "Taxes should rise."}]})
    >>> cb.issues[0].label
    'tax'
    >>> parse_codebook({"issues": [{"id": "Tax Cuts", "claim": "x"}]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stancemap.errors.CodebookError: codebook: issue 1 `Tax Cuts`: `id` must be a slug ...
    """
    lines = lines or []
    raw, problems = _issue_items(data, name)
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for position, item in enumerate(raw, start=1):
        line = f" (line {lines[position - 1]})" if position - 1 < len(lines) else ""
        issue, item_problems = _parse_issue(item, position, line, seen)
        problems += item_problems
        if issue is not None:
            issues.append(issue)
    if problems:
        raise _error(name, problems)
    return Codebook(issues=tuple(issues), hash=codebook_hash(data), path=name)


#: Longest issue id: the store's ``issues.id`` column (checked here so that SQLite and PostgreSQL agree).
MAX_ISSUE_ID_CHARS = 200
#: An issue id longer than this is cut in messages.
_SHOWN_ID_CHARS = 60
#: The length of an id suggested in a message (a slug of the label, claim or bad id).
_SUGGESTED_ID_CHARS = 40


def _issue_items(data: Any, name: str) -> tuple[list[Any], list[str]]:
    """The file's ``issues`` list and the problems of its top level.

    Raises the E201 :class:`CodebookError` at once when there is no non-empty ``issues`` list.
    """
    if not isinstance(data, Mapping) or "issues" not in data:
        found = f"found keys: {', '.join(map(str, data))}" if isinstance(data, Mapping) else (
            "the file is empty" if data is None else f"found a {type(data).__name__}")
        raise _error(name, [f"no top-level `issues:` list ({found}); start the file with "
                            "`issues:` followed by `- id: ...` items"])
    problems = [f"top level: {p}" for p in _unknown(data.keys(), TOP_KEYS)]
    raw = data["issues"]
    if not isinstance(raw, list) or not raw:
        raise _error(name, problems + ["`issues` must be a non-empty list of issues, each starting "
                                       "with `- id: ...`"])
    return raw, problems


def _parse_issue(item: Any, position: int, line: str, seen: dict[str, int]) -> tuple[Issue | None, list[str]]:
    """One ``issues`` item: the :class:`Issue` (``None`` if it has problems) and its problems.

    ``seen`` maps the ids read so far to their positions; a new valid id is added.
    """
    where = f"issue {position}{line}"
    if not isinstance(item, Mapping):
        return None, [f"{where}: must be a mapping with `id` and `claim` keys, found "
                      f"{type(item).__name__} {brief(item, 40)}"]
    issue_id = item.get("id")
    if issue_id is not None:
        shown = str(issue_id)
        cut = shown if len(shown) <= _SHOWN_ID_CHARS else shown[:_SHOWN_ID_CHARS] + "..."
        where = f"issue {position} `{cut}`{line}"
    problems = [f"{where}: {p}" for p in _unknown(item.keys(), ISSUE_KEYS)]
    issue_id = _check_id(item, issue_id, position, where, seen, problems)
    claim = item.get("claim")
    if not isinstance(claim, str) or not claim.strip():
        problems.append(message("E201.no-claim", where=where))
    label = item.get("label", issue_id)
    if label is not None and not isinstance(label, str):
        problems.append(message("E201.label", where=where, found=label))
    description = item.get("description", "") or ""
    if not isinstance(description, str):
        problems.append(message("E201.description", where=where, found=brief(description, 40)))
    keywords = item.get("keywords", []) or []
    if not _string_list(keywords):
        problems.append(message("E201.keywords", where=where, found=brief(keywords, 60)))
    excludes = item.get("excludes", []) or []
    if not _string_list(excludes):
        problems.append(message("E201.excludes", where=where, found=brief(excludes, 60)))
    elif _string_list(keywords):
        both = sorted({" ".join(k.lower().split()) for k in keywords} & {" ".join(e.lower().split()) for e in excludes})
        if both:
            problems.append(message("E201.excludes-keyword", where=where, both="`, `".join(both)))
    examples, example_problems = _parse_examples(item.get("examples", []) or [], where)
    problems += example_problems
    if problems:
        return None, problems
    assert isinstance(claim, str)  # a claim that is not a non-empty string is a problem above
    return Issue(
        id=issue_id, label=(label or issue_id).strip(), claim=claim.strip(),
        description=description.strip(),
        keywords=tuple(k.strip() for k in keywords),
        examples=examples,
        excludes=tuple(e.strip() for e in excludes),
    ), problems


def _check_id(
    item: Mapping[str, Any], issue_id: Any, position: int, where: str, seen: dict[str, int], problems: list[str]
) -> Any:
    """Append the problems of an issue's ``id`` to ``problems``; the id (``None`` when missing)."""
    if issue_id is None or (isinstance(issue_id, str) and not issue_id.strip()):
        label = item.get("label") or item.get("claim") or f"issue {position}"
        problems.append(message("E201.no-id", where=where, suggested=_slugify(str(label))[:_SUGGESTED_ID_CHARS]))
        return None
    if not isinstance(issue_id, str) or not _SLUG.match(issue_id):
        problems.append(message("E201.id-slug", where=where, found=issue_id,
                                suggested=_slugify(str(issue_id))[:_SUGGESTED_ID_CHARS]))
    elif len(issue_id) > MAX_ISSUE_ID_CHARS:
        problems.append(message("E201.id-long", where=where, length=len(issue_id), limit=MAX_ISSUE_ID_CHARS,
                                suggested=issue_id[:_SUGGESTED_ID_CHARS].strip("-_.")))
    elif issue_id in seen:
        problems.append(message("E201.id-duplicate", where=where, issue_id=issue_id, other=seen[issue_id]))
    else:
        seen[issue_id] = position
    return issue_id


def _parse_examples(examples: Any, where: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """An issue's ``examples``: ``(text, stance)`` pairs of the valid ones, and the problems."""
    if not isinstance(examples, list):
        return (), [message("E201.examples", where=where)]
    problems: list[str] = []
    parsed: list[tuple[str, str]] = []
    for n, ex in enumerate(examples, start=1):
        ewhere = f"{where}: example {n}"
        if not isinstance(ex, Mapping):
            problems.append(message("E201.example-mapping", where=ewhere))
            continue
        problems += [f"{ewhere}: {p}" for p in _unknown(ex.keys(), EXAMPLE_KEYS)]
        if not isinstance(ex.get("text"), str) or not ex["text"].strip():
            problems.append(message("E201.example-text", where=ewhere))
        if ex.get("stance") not in STANCES:
            problems.append(message("E201.example-stance", where=ewhere, stances=", ".join(STANCES),
                                    found=ex.get("stance")))
        if not problems or not problems[-1].startswith(ewhere):
            parsed.append((str(ex.get("text")), str(ex.get("stance"))))
    return tuple(parsed), problems


def _error(name: str, problems: list[str]) -> CodebookError:
    if len(problems) == 1:
        message = f"{name}: {problems[0]}"
    else:
        message = f"{name}: {len(problems)} problems:\n" + "\n".join(f"  {p}" for p in problems)
    err = CodebookError(message, code="E201")
    err.problems = [f"{name}: {p}" for p in problems]  # type: ignore[attr-defined]
    return err


def load_codebook(path: str | Path) -> Codebook:
    """Read and validate the codebook YAML file at ``path``.

    Parameters
    ----------
    path : str or Path
        A YAML file with a top-level ``issues:`` list (see the module docstring).

    Returns
    -------
    Codebook
        ``path`` is the file as given; ``hash`` is :func:`codebook_hash` of the
        parsed content, so reformatting or commenting the file keeps the hash.

    Raises
    ------
    CodebookError
        ``E200`` when the file is missing, unreadable or not YAML (with the line);
        ``E201`` when its content is not a valid codebook.
    """
    p = Path(path)
    if not p.exists():
        raise CodebookError.of("E200.missing", path=p)
    if p.is_dir():
        raise CodebookError.of("E200.folder", path=p)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError.of("E200.unreadable", path=p, reason=exc) from exc
    try:
        abuse = _alias_abuse(yaml.compose(text, Loader=yaml.SafeLoader))
        if abuse is not None:
            uses, total = abuse
            if total >= MAX_EXPANDED_VALUES:
                raise CodebookError.of("E201.aliases-over", path=p, uses=uses, total=total)
            raise CodebookError.of("E201.aliases", path=p, uses=uses, total=total)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if mark is not None:
            raise CodebookError.of("E200.yaml-at", path=p, line=mark.line + 1, column=mark.column + 1,
                                   problem=problem) from exc
        raise CodebookError.of("E200.yaml", path=p, problem=problem) from exc
    codebook = parse_codebook(data, name=str(p), lines=_issue_lines(text))
    return codebook

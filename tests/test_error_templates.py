"""Error messages are templates in one table (issue 20, item 5).

The texts live in ``src/stancemap/data/messages.tsv`` (:data:`stancemap.errors.MESSAGES`);
a raise site names its template and gives its fields, ``raise InputError.of("E102.csv",
name=name)``. These checks read the package's source (AST) and hold the table and the
raise sites to each other: every key a site names exists, every field a template
shows is given and no other, no template is left unused, the class of a site is the
class of its code, and no converted module writes a message inline any more.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from stancemap import errors
from stancemap.errors import (
    CATALOGUE,
    FIELD_LIMIT,
    MESSAGES,
    ActorLookupError,
    InputError,
    RegistryError,
    StancemapError,
    StoreError,
    UsageError,
    code_of,
    error_class,
    message,
)

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "stancemap"

#: Modules and packages (paths under src/stancemap) whose messages are all templates:
#: no error is built there from an inline text. Add a module once its raise sites use
#: ``Class.of(key, ...)``; never remove one.
CONVERTED = (
    "ingest/", "store/", "cli/", "network/", "analysis/", "report/",
    "workflows.py", "pipeline.py", "parallel.py", "cluster.py", "datafiles.py",
    "recoding.py", "training.py", "curation.py",
    "stance/", "eval/coding.py", "web/app.py", "extraction.py",
    "actors/", "eval/actors.py", "nlp/extract.py", "nlp/pipeline.py",
)

#: Codes with no template yet, and where their text is still written inline. The list may
#: only shrink: a code that gets a template fails the check until its entry is removed.
INLINE_CODES = {
    "E114": "nothing raises it: a row with no id gets one from its file and row",
}

#: Raise sites (module, key) whose class is not their code's, kept so the ``except``
#: clauses that catch them still do.
OTHER_CLASS = {
    ("workflows.py", "E300.no-database"): "UsageError",  # --db naming no database: a usage error with the store's code
    ("actors/io.py", "E306.registry"): "RegistryError",  # a registry name too long to store: a registry error
}

_ERROR_CLASSES = {name for name, value in vars(errors).items()
                  if isinstance(value, type) and issubclass(value, StancemapError)}
#: Keyword arguments of :meth:`ActorLookupError.of` that are attributes, not only fields.
_ATTRIBUTES = {"ActorLookupError": {"name", "candidates"}}


@dataclass(frozen=True)
class Site:
    """One ``Class.of("key", ...)`` or ``message("key", ...)`` call in the package."""

    module: str
    line: int
    via: str  # the class name, or "message"
    key: str | None  # None when the key is not a literal
    fields: frozenset[str]
    splat: bool  # passes **mapping: its fields cannot be read

    def __str__(self) -> str:
        return f"{self.module}:{self.line} {self.via} {self.key!r}"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _sites() -> list[Site]:
    found = []
    for path in _modules():
        if _rel(path) == "errors.py":  # the machinery itself
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "of" and isinstance(func.value, ast.Name) \
                    and func.value.id in _ERROR_CLASSES:
                via = func.value.id
            elif isinstance(func, ast.Name) and func.id == "message":
                via = "message"
            else:
                continue
            first = node.args[0] if node.args else None
            key = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
            names = frozenset(k.arg for k in node.keywords if k.arg is not None)
            found.append(Site(_rel(path), node.lineno, via, key, names, any(k.arg is None for k in node.keywords)))
    return found


def _template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


SITES = _sites()


def test_the_sites_are_found():
    assert len(SITES) > 100
    assert any(site.module == "ingest/csv.py" and site.key == "E102.csv" for site in SITES)


def test_every_error_code_has_a_template_unless_listed():
    with_template = {code_of(key) for key in MESSAGES}
    missing = sorted(code for code in CATALOGUE if code not in with_template and code not in INLINE_CODES)
    assert not missing, f"add a template to src/stancemap/data/messages.tsv for: {missing}"
    stale = sorted(code for code in INLINE_CODES if code in with_template or code not in CATALOGUE)
    assert not stale, f"these codes have a template now (or left the catalogue); remove them from INLINE_CODES: {stale}"


def test_every_key_is_in_the_table_once():
    table = PACKAGE / "data" / "messages.tsv"
    keys = [line.split("\t")[0] for line in table.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    assert len(keys) == len(set(keys)) == len(MESSAGES), sorted(k for k in set(keys) if keys.count(k) > 1)


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_template_is_well_formed(key):
    assert re.fullmatch(r"[EW]\d{3}(\.[a-z0-9]+(-[a-z0-9]+)*)?", key), f"{key}: a code, or a code, a dot and a name"
    assert code_of(key) in CATALOGUE, f"{key}: {code_of(key)} is not in errors.CATALOGUE"
    template = MESSAGES[key]
    assert template == template.strip() and template, f"{key}: an empty template or one with spaces around it"
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        assert name.isidentifier(), f"{key}: {{{name}}} must be a plain name (no indexing or attributes)"
        assert conversion in (None, "r"), f"{key}: {{{name}!{conversion}}}: use {{{name}}} or {{{name}!r}}"
        assert not (spec and conversion), f"{key}: {{{name}}} has both a conversion and a format spec"


def test_every_site_names_a_template_and_gives_exactly_its_fields():
    problems = []
    for site in SITES:
        if site.key is None:
            problems.append(f"{site}: the key must be a literal string, so this check can read it")
            continue
        if site.key not in MESSAGES:
            problems.append(f"{site}: no such key in messages.tsv")
            continue
        wanted = _template_fields(MESSAGES[site.key])
        extra_ok = _ATTRIBUTES.get(site.via, set())
        if wanted - site.fields and not site.splat:
            problems.append(f"{site}: the template shows {sorted(wanted - site.fields)}; the site does not give them")
        if site.fields - wanted - extra_ok:
            problems.append(f"{site}: gives {sorted(site.fields - wanted - extra_ok)}; the template does not show them")
    assert not problems, "\n".join(problems)


def test_every_template_is_used():
    used = {site.key for site in SITES}
    unused = sorted(set(MESSAGES) - used)
    assert not unused, f"templates no site uses (remove them, or use them): {unused}"


def test_the_class_of_a_site_is_the_class_of_its_code():
    problems = []
    for site in SITES:
        if site.via == "message" or site.key is None:
            continue
        if OTHER_CLASS.get((site.module, site.key)) == site.via:
            continue
        cls = getattr(errors, site.via)
        expected = error_class(code_of(site.key))
        if not issubclass(cls, expected):
            problems.append(f"{site}: {site.via} for {code_of(site.key)}; use {expected.__name__}")
    assert not problems, "\n".join(problems)


def _inline_messages(path: Path, root: Path = PACKAGE) -> list[str]:
    """``SomeError(f"...")`` and ``SomeError("...")`` calls of stancemap's error classes in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        first = node.args[0]
        literal = isinstance(first, ast.JoinedStr | ast.BinOp) or (
            isinstance(first, ast.Constant) and isinstance(first.value, str))
        if name in _ERROR_CLASSES and literal:
            found.append(f"{path.relative_to(root).as_posix()}:{node.lineno} {name}(...)")
    return found


def test_converted_modules_write_no_message_inline():
    converted = [p for p in _modules() if _rel(p).startswith(CONVERTED)]
    assert len(converted) > 50
    inline = [found for path in converted for found in _inline_messages(path)]
    assert not inline, "write these messages as templates in messages.tsv and raise Class.of(key, ...):\n" + \
        "\n".join(inline)


def test_the_inline_check_sees_an_inline_message(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('raise InputError(f"{path}: empty", code="E102")\nraise InputError.of("E102.csv", name=1)\n')
    assert _inline_messages(module, tmp_path) == ["m.py:1 InputError(...)"]


# ---------------------------------------------------------------- what a template gives


def test_a_site_gets_its_class_code_and_text():
    err = InputError.of("E102.csv", name="articles.csv")
    assert (type(err), err.code, str(err)) == (
        InputError, "E102", "articles.csv: the file is empty; add a header row and articles.")


def test_error_class_follows_the_code():
    assert error_class("E103") is InputError
    assert error_class("E120") is RegistryError
    assert error_class("E300") is StoreError
    assert error_class("E305") is ActorLookupError
    assert error_class("E500") is UsageError
    with pytest.raises(KeyError, match="warnings are not raised"):
        error_class("W101")


def test_a_quoted_field_is_cut_as_brief_cuts_it():
    text = message("E500.format", value="x" * 5000, choices="csv, json")
    assert len(text) < 200
    assert "'xxxx" in text and "(5000 characters)" in text
    assert text.endswith(": use one of csv, json")


def test_a_plain_field_is_cut_at_the_field_limit():
    text = message("E102.csv", name="n" * 5000)
    assert text.startswith("n" * FIELD_LIMIT + "... (5000 characters)")
    assert text.endswith(": the file is empty; add a header row and articles.")


def test_an_exception_as_a_field_is_its_text_cut():
    text = message("E111", name="a.parquet", reason=ValueError("y" * 1000))
    assert "(1000 characters)" in text and "ValueError" not in text


def test_a_number_keeps_its_format_spec():
    text = message("E306", where="a.csv line 2", what="the id", length=12345, limit=1000, fix="Shorten it.")
    assert text == "a.csv line 2: the id is 12,345 characters long; the database keeps at most 1,000. Shorten it."


def test_an_unknown_key_or_a_missing_field_is_a_mistake_in_the_code():
    with pytest.raises(KeyError, match="no message 'E999'"):
        message("E999")
    with pytest.raises(KeyError, match="name"):
        message("E102.csv")


def test_actor_lookup_error_keeps_the_name_and_candidates():
    err = ActorLookupError.of("E305", name="Clinton", candidates=[("Bill Clinton", 3), ("Hillary Clinton", 5)],
                              count=2, how="as a surname ", where="corpus.db",
                              listed="Hillary Clinton (5 statements), Bill Clinton (3 statements)")
    assert (err.code, err.name, err.candidates) == ("E305", "Clinton", (("Bill Clinton", 3), ("Hillary Clinton", 5)))
    assert str(err).startswith("'Clinton' matches 2 actors as a surname in corpus.db: Hillary Clinton")


def test_a_real_raise_site_says_what_to_do(tmp_path):
    from stancemap.ingest import read_paths

    empty = tmp_path / "articles.csv"
    empty.write_bytes(b"")
    assert [(f.code, f.reason) for f in read_paths([empty])] == [
        ("E102", f"{empty}: the file is empty; add a header row and articles.")]

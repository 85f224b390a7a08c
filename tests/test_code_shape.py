"""Modules and functions a reader can hold in their head (issue 20): no module of
``src/stancemap`` over 25 KB, no function over 60 lines (migrations aside).

A function's length is the span of its ``def`` (decorators aside) to its last line,
docstring included, as the issue counts it. The modules and functions over the limits
today are listed below with their size when the check was written. The lists may only
shrink: a listed module or function that has come under its limit fails the check
until its entry is removed, and nothing may be added to them (split the code instead).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "stancemap"

#: Largest module, in bytes (25 KB as ``ls -lh`` shows it).
MAX_MODULE_BYTES = 25 * 1024
#: Longest function, in lines from ``def`` to its end.
MAX_FUNCTION_LINES = 60

#: Modules over the size limit today (path under src/stancemap: bytes then). Split them; never add one.
OVERSIZED_MODULES = {

}

#: Functions over the length limit today (module:qualified name: lines then). Most are over
#: because of their numpydoc docstrings (parameters and a runnable example); the code of
#: those is under 30 lines. Split them, or say more in fewer lines; never add one.
LONG_FUNCTIONS = {
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts)


def _name(path: Path, root: Path = PACKAGE) -> str:
    return path.relative_to(root).as_posix()


def _function_lengths(path: Path, root: Path = PACKAGE) -> dict[str, int]:
    """``{"module:Class.function": lines}`` of every function and method, nested ones too."""
    found: dict[str, int] = {}

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                found[f"{_name(path, root)}:{name}"] = (child.end_lineno or child.lineno) - child.lineno + 1
                walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, prefix + child.name + ".")
            else:
                walk(child, prefix)

    walk(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_a_function_counts_from_def_to_its_last_line(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "class A:\n"
        "    @property\n"
        "    def f(self):\n"
        '        """Doc."""\n'
        "\n"
        "        def g():\n"
        "            return 1\n"
        "        return g()\n"
        "\n"
        "\n"
        "async def h():\n"
        "    pass\n"
    )
    assert _function_lengths(module, tmp_path) == {"m.py:A.f": 6, "m.py:A.f.g": 2, "m.py:h": 2}


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_module_is_over_25_kb(path: Path) -> None:
    size = path.stat().st_size
    name = _name(path)
    if name in OVERSIZED_MODULES:
        assert size > MAX_MODULE_BYTES, f"{name} is {size:,} bytes now: remove it from OVERSIZED_MODULES"
        return
    assert size <= MAX_MODULE_BYTES, (
        f"{name} is {size:,} bytes, over {MAX_MODULE_BYTES:,}: split it into modules of one concept each "
        "(tests/test_code_shape.py)"
    )


def test_no_function_is_over_60_lines() -> None:
    lengths: dict[str, int] = {}
    for path in _modules():
        lengths.update(_function_lengths(path))
    too_long = {name: n for name, n in lengths.items() if n > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS}
    assert not too_long, f"functions over {MAX_FUNCTION_LINES} lines; split them: {too_long}"
    shorter = sorted(name for name in LONG_FUNCTIONS if lengths.get(name, 0) <= MAX_FUNCTION_LINES)
    assert not shorter, f"now {MAX_FUNCTION_LINES} lines or fewer (or gone): remove from LONG_FUNCTIONS: {shorter}"


def test_the_exception_lists_only_name_modules_that_exist() -> None:
    names = {_name(path) for path in _modules()}
    assert set(OVERSIZED_MODULES) <= names
    assert {name.split(":", 1)[0] for name in LONG_FUNCTIONS} <= names

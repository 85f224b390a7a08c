"""The import contract: layers only import downward, and only ``stancemap.nlp`` imports spaCy.

The contract lives in ``pyproject.toml`` (``[tool.importlinter]``); ``lint-imports``
(import-linter) checks it here, so ``make test`` and CI fail on a violation.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import stancemap

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter is not installed (pip install -e '.[dev]')"
)


def _contracts() -> list[dict]:
    from importlinter.api import read_configuration

    return read_configuration(str(ROOT / "pyproject.toml"))["contracts_options"]


def test_import_contracts_are_kept():
    done = subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"an import breaks the layers (pyproject.toml [tool.importlinter]):\n{done.stdout}"
    assert "0 broken" in done.stdout


def test_every_module_has_a_layer():
    """A new top-level module or package must be placed in the layers, or the contract would not see it."""
    layers = next(c for c in _contracts() if c["id"] == "layers")["layers"]
    named = {m.strip(" ()") for layer in layers for m in layer.replace(":", "|").split("|")}
    found = {f"stancemap.{m.name}" for m in pkgutil.iter_modules(stancemap.__path__)
             if m.name not in ("__main__",)}
    assert not found - named, f"add these to [tool.importlinter] layers in pyproject.toml: {sorted(found - named)}"


def test_spacy_contract_covers_every_layer_but_nlp():
    layers = next(c for c in _contracts() if c["id"] == "layers")["layers"]
    spacy = next(c for c in _contracts() if c["id"] == "spacy-only-in-nlp")
    named = {m.strip(" ()") for layer in layers for m in layer.split("|")} - {"stancemap.nlp"}
    assert set(spacy["source_modules"]) == named

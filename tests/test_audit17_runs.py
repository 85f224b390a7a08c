"""Issue 17 item 16 (audit): a run whose process died is shown as interrupted on the overview page."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from stancemap.store import Store
from stancemap.web import create_app


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_overview_lists_a_killed_run_as_interrupted(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'runs.db'}") as store:
        gone = store.begin_run(pipeline_version="0", model=None, codebook_hash=None,
                               args={"pid": _dead_pid(), "host": socket.gethostname()})
        client = TestClient(create_app(store))
        html = client.get("/").text
        runs = client.get("/index.json").json()
    row = re.search(rf"<tr><td>{gone}</td><td>(\w+)</td>", html)
    assert row and row.group(1) == "interrupted"
    assert "running" not in re.findall(r"<td>(\w+)</td>", html)
    assert [r["status"] for r in runs["runs"] if r["id"] == gone] == ["interrupted"]

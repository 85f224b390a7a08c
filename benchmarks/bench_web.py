"""Web latencies under concurrent clients: every page and JSON twin, and review decisions.

Serves a store with ``stancemap serve`` (uvicorn, one process, as a user runs it)
and sends requests from ``--clients`` threads at once (default 20), each walking
the list of page URLs; then times review decisions (``POST
/review/<id>/stance``, authorised with the server's token) while the same
clients keep reading, and after them the other review actions (accept, "not a
statement", fix the speaker, undo) in one more row. Reports p50 and p95 per URL.

The store is either given (``--db corpus.db``) or built first from data paths
with ``stancemap run`` into a temporary SQLite file::

    .venv/bin/python benchmarks/bench_web.py ../shared/data/polnear/dev/text \\
        --codebook benchmarks/data/polnear_codebook.yaml --label after

Results go to ``benchmarks/results/bench_web_concurrent.md`` and ``.json``
(``--label`` names the column, so a "before" and an "after" run sit side by side).
``make bench`` runs it too (:func:`test_bench_web_concurrent`, on PolNeAR dev
when it is beside the project).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
STANCEMAP = str(Path(sys.executable).with_name("stancemap"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_store(paths: list[str], codebook: str | None, db: Path) -> float:
    """``stancemap run`` of ``paths`` into ``db``; seconds taken."""
    started = time.perf_counter()
    command = [STANCEMAP, "run", *paths, "--db", str(db), "-q"]
    if codebook:
        command += ["--codebook", codebook]
    subprocess.run(command, check=True)
    return time.perf_counter() - started


def page_urls(client: httpx.Client) -> dict[str, str]:
    """One URL per main page and its JSON twin, ids taken from the store."""
    doc = client.get("/documents.json?size=1").json()["documents"][0]["id"]
    actor = client.get("/actors.json?size=1").json()["actors"][0]["id"]
    issue = client.get("/issues.json").json()["issues"][0]["id"]
    pages = {"overview": "/", "documents": "/documents", "document": f"/documents/{doc}",
             "statements": "/statements", "review": "/review", "actors": "/actors", "actor": f"/actors/{actor}",
             "issues": "/issues", "issue": f"/issues/{issue}", "network": "/network"}
    out: dict[str, str] = {}
    for name, path in pages.items():
        out[name] = path
        out[name + " .json"] = ("/index" if path == "/" else path) + ".json"
    return out


class Server:
    """``stancemap serve`` in a subprocess on a free port, with an access token for writes."""

    def __init__(self, db: str) -> None:
        self.port = _free_port()
        self.token = secrets.token_urlsafe(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # the server's own messages, shown when it fails to start
        self.process = subprocess.Popen(
            [STANCEMAP, "serve", "--db", db, "--port", str(self.port), "--token", self.token,
             "--reviewer", "bench"], stdout=subprocess.DEVNULL, stderr=self.log)

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if httpx.get(self.url + "/issues.json", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.process.kill()
        self.process.wait(timeout=20)
        self.log.seek(0)
        said = self.log.read().decode("utf-8", "replace").strip()[-2000:]
        raise RuntimeError(f"stancemap serve did not answer within 60 s (exit code {self.process.returncode}); "
                           f"it said: {said or 'nothing'}")

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def _percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], 1)}


def run_load(url: str, urls: dict[str, str], clients: int, rounds: int) -> tuple[dict[str, list[float]], float]:
    """``clients`` threads each requesting every URL ``rounds`` times (in a shifted order); times per page name."""
    times: dict[str, list[float]] = {name: [] for name in urls}
    lock = threading.Lock()
    errors: list[str] = []
    names = list(urls)

    def worker(k: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            for r in range(rounds):
                for i in range(len(names)):
                    name = names[(i + k + r) % len(names)]
                    t0 = time.perf_counter()
                    response = client.get(urls[name])
                    elapsed = (time.perf_counter() - t0) * 1000
                    if response.status_code != 200:
                        errors.append(f"{urls[name]}: {response.status_code}")
                    with lock:
                        times[name].append(elapsed)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[:3]}")
    return times, time.perf_counter() - started


def decision_items(client: httpx.Client, n: int) -> list[tuple[int, str]]:
    """``n`` (statement, issue) pairs from the review queue: each coded issue, else the first issue."""
    first = client.get("/issues.json").json()["issues"][0]["id"]
    items: list[tuple[int, str]] = []
    page = 1
    while len(items) < n:
        queue = client.get(f"/review.json?size=100&page={page}").json()["queue"]
        if not queue:
            break
        for s in queue:
            items += [(s["id"], c["issue"]) for c in s.get("codings", [])] or [(s["id"], first)]
        page += 1
    return items[:n]


def read_pages(url: str, paths: list[str], clients: int, stop: Any, ready: Any = None) -> None:
    """``clients`` threads each requesting ``paths`` in turn until ``stop`` is set (``ready`` set once started)."""

    def reader() -> None:
        with httpx.Client(base_url=url, timeout=60) as c:
            while not stop.is_set():
                for path in paths:
                    c.get(path)
                    if stop.is_set():
                        return

    threads = [threading.Thread(target=reader) for _ in range(max(0, clients))]
    for t in threads:
        t.start()
    if ready is not None:
        ready.set()
    for t in threads:
        t.join()


def review_decisions(server: Server, urls: dict[str, str], clients: int, n: int, others: int = 0,
                     *, shared_process: bool = False) -> tuple[list[float], list[float]]:
    """Times of ``n`` stance decisions, then of ``others`` other review actions, while ``clients - 1`` readers
    load the pages.

    The other actions cycle through accept, "not a statement" (reject), fix the speaker
    (to the most active actor) and undo, on statements the stance decisions left alone.

    The readers run in a client process of their own, as other people's browsers
    do: sharing the reviewer's interpreter, 19 reader threads made each timed
    decision wait for them on the client's side too (``shared_process=True``
    measures that way, as this benchmark did before).
    """
    with httpx.Client(base_url=server.url, timeout=60) as client:
        items = decision_items(client, n + others)
        actor = client.get("/actors.json?size=1").json()["actors"][0]["name"]
    taken = {statement for statement, _ in items[:n]}
    spare = [statement for statement, _ in items[n:] if statement not in taken]
    context = multiprocessing.get_context("spawn")
    stop: Any = threading.Event() if shared_process else context.Event()
    args = (server.url, list(urls.values()), clients - 1, stop)
    if shared_process:
        readers: Any = threading.Thread(target=read_pages, args=args)
        readers.start()
    else:
        ready = context.Event()
        readers = context.Process(target=read_pages, args=(*args, ready))
        readers.start()
        if not ready.wait(60):
            raise RuntimeError("the readers' process did not start within 60 s")
    times: list[float] = []
    other_times: list[float] = []
    headers = {"Authorization": f"Bearer {server.token}", "Accept": "application/json"}
    actions = [(f"/review/{statement}/accept", {}) if k % 4 == 0
               else (f"/review/{statement}/reject", {}) if k % 4 == 1
               else (f"/review/{statement}/speaker", {"actor": actor}) if k % 4 == 2
               else ("/review/undo", {}) for k, statement in enumerate(spare[:others])]
    try:
        with httpx.Client(base_url=server.url, timeout=60, headers=headers) as client:
            for k, (statement, issue) in enumerate(items[:n]):
                stance = ("support", "oppose", "neutral")[k % 3]
                times.append(_timed_post(client, f"/review/{statement}/stance", {"issue": issue, "stance": stance}))
            for path, data in actions:
                other_times.append(_timed_post(client, path, data))
    finally:
        stop.set()
        readers.join()
    return times, other_times


def _timed_post(client: httpx.Client, path: str, data: dict[str, str]) -> float:
    """Milliseconds a review action took; raises unless it answered 200."""
    t0 = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = (time.perf_counter() - t0) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"review action {path} failed: {response.status_code} {response.text[:200]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="Data paths to build a store from with `stancemap run`.")
    parser.add_argument("--db", help="An existing store to serve (a copy is served: decisions are written).")
    parser.add_argument("--codebook", help="Codebook for `stancemap run`.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="Times each client requests every page.")
    parser.add_argument("--decisions", type=int, default=60, help="Stance decisions timed.")
    parser.add_argument("--actions", type=int, default=20,
                        help="Other review actions timed after them (accept, reject, speaker, undo).")
    parser.add_argument("--shared-client-process", action="store_true",
                        help="Run the readers as threads of the reviewer's client process (the earlier protocol).")
    parser.add_argument("--label", default="run", help="Name of this run in the results (e.g. before, after).")
    parser.add_argument("--out", default=str(RESULTS / "bench_web_concurrent"), help="Results path without suffix.")
    args = parser.parse_args(argv)
    if not args.db and not args.paths:
        parser.error("give data paths (to build a store) or --db")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        built = None
        if args.db:
            import shutil

            shutil.copy(args.db, db)
        else:
            built = build_store(args.paths, args.codebook, db)
        with Server(str(db)) as server:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                urls = page_urls(client)
                for path in urls.values():  # warm up once
                    client.get(path)
                documents = client.get("/index.json").json()["counts"]
            times, wall = run_load(server.url, urls, args.clients, args.rounds)
            decisions, others = review_decisions(server, urls, args.clients, args.decisions, args.actions,
                                                 shared_process=args.shared_client_process)
    rows = [{"page": name, "url": urls[name], **_percentiles(found)} for name, found in times.items()]
    rows.append({"page": "review decision (POST)", "url": "/review/<id>/stance", **_percentiles(decisions)})
    if others:
        rows.append({"page": "other review actions (POST)", "url": "/review/<id>/{accept,reject,speaker}, /review/undo",
                     **_percentiles(others)})
    total = sum(len(t) for t in times.values())
    run = {"label": args.label, "clients": args.clients, "counts": documents, "requests": total,
           "requests_per_s": round(total / wall, 1), "built_s": None if built is None else round(built, 1),
           "cores": os.cpu_count(), "pages": rows,
           "readers": "the reviewer's process" if args.shared_client_process else "a process of their own"}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.with_suffix(".json").read_text()) if out.with_suffix(".json").exists() else {"runs": []}
    runs = [r for r in previous.get("runs", []) if r["label"] != args.label] + [run]
    out.with_suffix(".json").write_text(json.dumps({"runs": runs}, indent=1), encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(runs), encoding="utf-8")
    print(markdown([run]))
    return 0


def markdown(runs: list[dict[str, Any]]) -> str:
    """One table: a p50 and a p95 column per run."""
    first = runs[0]
    lines = [f"# Web latencies under {first['clients']} concurrent clients (`stancemap serve`, SQLite)", ""]
    for r in runs:
        lines.append(f"- **{r['label']}**: {r['counts'].get('documents')} documents, {r['counts'].get('statements')} "
                     f"statements; {r['requests']} page requests at {r['requests_per_s']} requests/s on "
                     f"{r['cores']} cores shared with other jobs; review actions timed with the 19 readers in "
                     f"{r.get('readers', READERS_BEFORE)}")
    lines += ["", "| page | " + " | ".join(f"{r['label']} p50 ms | {r['label']} p95 ms" for r in runs) + " |",
              "|---|" + "---:|---:|" * len(runs)]
    by_run = [{p["page"]: p for p in r["pages"]} for r in runs]
    for page in [p["page"] for p in runs[-1]["pages"]]:
        cells = []
        for found in by_run:
            p = found.get(page)
            cells += [str(p["p50_ms"]), str(p["p95_ms"])] if p else ["", ""]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


#: Where the readers ran in runs recorded before the ``readers`` field.
READERS_BEFORE = "the reviewer's process"

DEV_TEXTS = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"


@pytest.mark.bench
@pytest.mark.skipif(not DEV_TEXTS.is_dir(), reason=f"PolNeAR dev texts not found at {DEV_TEXTS}")
def test_bench_web_concurrent() -> None:
    """``make bench``: the PolNeAR dev store under 20 clients, written as the ``after`` run."""
    assert main([str(DEV_TEXTS), "--codebook", str(ROOT / "benchmarks" / "data" / "polnear_codebook.yaml"),
                 "--label", "after"]) == 0


if __name__ == "__main__":
    sys.exit(main())

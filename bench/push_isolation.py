"""Do concurrent readers see a half-replaced graph while `isgraph push` swaps it on Virtuoso?

Starts a Virtuoso (the tests' fixture, 127.0.0.1) at a given DefaultIsolation, pushes graphs A and B in turn
(B = the first lines of A) while two readers count the target graph in a loop, and prints how many counts were
neither |A| nor |B|. Not a test (the outcome at READ COMMITTED is a matter of timing); numbers in BENCHMARKS.md.

    BENCH_ISOLATION=8 BENCH_PUSHES=30 .venv/bin/python -m pytest -q -s -p no:cacheprovider bench/push_isolation.py
    BENCH_GRAPH=dist/isgraph.nt BENCH_SMALL=3342 ...   (default: a synthetic graph of 60,000 triples, B = 10,000)

BENCH_ISOLATION: 2 READ COMMITTED (Virtuoso's default), 4 REPEATABLE READ, 8 SERIALIZABLE.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import pytest  # noqa: E402

import servers  # noqa: E402
from isgraph.publication.push import push  # noqa: E402

TARGET = "https://example.org/isolation-bench"
ISOLATION = int(os.environ.get("BENCH_ISOLATION", "2"))
PUSHES = int(os.environ.get("BENCH_PUSHES", "20"))


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = servers._virtuoso(tmp_path_factory, ISOLATION if ISOLATION != 2 else None)
    yield server
    server.stop(30)


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    d = tmp_path_factory.mktemp("graphs")
    if os.environ.get("BENCH_GRAPH"):
        lines = Path(os.environ["BENCH_GRAPH"]).read_text(encoding="utf-8").splitlines(True)
    else:
        lines = [f'<urn:bench:s{i}> <urn:bench:p{i % 7}> "v{i}" .\n' for i in range(60_000)]
    small = int(os.environ.get("BENCH_SMALL", "10000"))
    a, b = d / "a.nt", d / "b.nt"
    a.write_text("".join(lines), encoding="utf-8")
    b.write_text("".join(lines[:small]), encoding="utf-8")
    return (a, len(set(lines))), (b, len(set(lines[:small])))


def count(endpoint: str) -> int:
    """One reader's COUNT, sent once: not `push.Client.select_count`, which sends a deadlocked request again and
    would hide the readers' failures this bench counts."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{TARGET}> {{ ?s ?p ?o }} }}"
    req = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=60) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


def test_isolation(virtuoso, graphs):
    (a, na), (b, nb) = graphs
    endpoint = virtuoso.url("/sparql")
    kw = dict(user=servers.VIRTUOSO_USER, password=servers.VIRTUOSO_PASSWORD)
    push(b, endpoint, TARGET, **kw)
    seen: list[int] = []
    stop, reader_errors, push_errors = threading.Event(), [], []

    def reader():
        while not stop.is_set():
            try:
                seen.append(count(endpoint))
            except Exception as exc:  # noqa: BLE001 - counted and printed
                reader_errors.append(exc)
                return

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    try:
        for i in range(PUSHES):
            try:
                push(a if i % 2 == 0 else b, endpoint, TARGET, **kw)
            except Exception as exc:  # noqa: BLE001
                push_errors.append(str(exc)[:200])
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    mixed = [n for n in seen if n not in (na, nb)]
    print(f"\nDefaultIsolation={ISOLATION} |A|={na} |B|={nb}: {PUSHES} pushes in {time.perf_counter() - t0:.1f} s, "
          f"{len(seen)} concurrent counts, {len(mixed)} mixed {sorted(set(mixed))[:8]}, "
          f"reader errors {len(reader_errors)}, push errors {len(push_errors)} {push_errors[:2]}")

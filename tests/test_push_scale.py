"""`isgraph push` of a national-size graph: streamed in chunks (bounded memory), still swapped atomically.

The 100x graph is made from the seeds' published N-Triples by renaming every instance IRI once per copy (same
shape as a 100x build, without spending minutes building it)."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from isgraph.publication.push import CHUNK_LINES, ntriples_chunks, push
from servers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, oxigraph_server, virtuoso_server  # noqa: F401
from test_push import count, graph_names, out  # noqa: F401

TARGET = "https://w3id.org/isgraph/graph"
COPIES = 70  # x 11,974 seed triples ~ 100x the seeds' instance triples


def scaled(nt: Path, dest: Path, copies: int) -> int:
    lines = [ln for ln in nt.read_text(encoding="utf-8").splitlines() if ln.strip()]
    inst = [ln for ln in lines if "/id/" in ln]
    schema = [ln for ln in lines if "/id/" not in ln]
    out_lines = set(schema)
    for k in range(copies):
        out_lines.update(ln.replace("/isgraph/id/", f"/isgraph/id/c{k}-") for ln in inst)
    dest.write_text("".join(f"{ln}\n" for ln in sorted(out_lines)), encoding="utf-8")
    return len(out_lines)


@pytest.fixture(scope="module")
def big(out, tmp_path_factory):  # noqa: F811
    dest = tmp_path_factory.mktemp("big") / "big.nt"
    return dest, scaled(out / "isgraph.nt", dest, COPIES)


def test_chunks_are_bounded_and_count_distinct_triples(tmp_path):
    nt = tmp_path / "g.nt"
    rows = [f"<urn:s:{i:06d}> <urn:p> \"{i}\" ." for i in range(25_000)]
    nt.write_text("\n".join(rows + rows[:10]) + "\n", encoding="utf-8")  # unsorted tail: 10 repeats
    sizes = [n for _, n in ntriples_chunks(nt, chunk_lines=10_000)]
    assert sizes == [10_000, 10_000, 5_000]
    nt.write_text("\n".join(sorted(rows + rows[:10])) + "\n", encoding="utf-8")  # sorted with adjacent repeats
    assert sum(n for _, n in ntriples_chunks(nt, chunk_lines=10_000)) == 25_000


def test_blank_nodes_travel_in_one_request(tmp_path):
    nt = tmp_path / "b.nt"
    rows = [f"<urn:s:{i:04d}> <urn:p> <urn:o> ." for i in range(30)] + ["_:b1 <urn:p> \"x\" .", "<urn:a> <urn:q> _:b1 ."]
    nt.write_text("\n".join(sorted(rows)) + "\n", encoding="utf-8")
    chunks = [data.decode() for data, _ in ntriples_chunks(nt, chunk_lines=10)]
    assert [c.count("_:b1") for c in chunks] == [0, 0, 0, 2]


def test_streaming_memory_does_not_grow_with_the_graph(big):
    path, n = big
    tracemalloc.start()
    total = 0
    for data, k in ntriples_chunks(path):
        total += k
        del data
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert total == n
    assert n > 5 * CHUNK_LINES
    assert peak < 60 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB while streaming {n} triples"


@pytest.mark.server
@pytest.mark.slow
@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_push_100x_in_chunks_and_swap(request, big, server):
    path, n = big
    if server == "oxigraph":
        srv = request.getfixturevalue("oxigraph_server")
        endpoint, user, password = srv.url("/query"), None, None
    else:
        srv = request.getfixturevalue("virtuoso_server")
        endpoint, user, password = srv.url("/sparql"), VIRTUOSO_USER, VIRTUOSO_PASSWORD
    log: list[str] = []
    t0 = time.perf_counter()
    res = push(path, endpoint, TARGET, user=user, password=password, timeout=600, log=log.append)
    elapsed = time.perf_counter() - t0
    print(f"\n{server}: pushed {n} triples in {elapsed:.1f} s ({n / elapsed:,.0f} triples/s)")
    assert res.triples == n == count(endpoint, TARGET)
    assert not [g for g in graph_names(endpoint) if g.startswith("urn:isgraph:staging:")]

"""The embedded store is bulk-loaded in a thread while the bundle is written: same store, and a failing load
fails the build with nothing published."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import folder_of
from isgraph.query import store as store_mod
from isgraph.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "seeds" / "003_d2f6919879ef3aac.txt"  # 14 initiatives


@pytest.fixture
def one_doc(tmp_path) -> Path:
    return folder_of(tmp_path, DOC)


def test_background_store_holds_every_published_triple(one_doc, tmp_path):
    out = tmp_path / "out"
    build(one_doc, out, jobs=1)
    lines = (out / "isgraph.nt").read_text(encoding="utf-8").count("\n")
    st = ox.Store.read_only(str(out / "store"))
    assert len(st) == lines > 100
    assert "store/" not in (out / "SHA256SUMS").read_text()


def test_a_failing_store_load_fails_the_build_and_keeps_the_previous_output(one_doc, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(one_doc, out, jobs=1)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    ttl = (out / "isgraph.ttl").read_bytes()

    def broken(ntriples, directory):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_mod, "build_store", broken)
    (one_doc / "extra.txt").write_text((one_doc / DOC.name).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(OSError, match="No space left"):
        build(one_doc, out, jobs=1)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert (out / "isgraph.ttl").read_bytes() == ttl


def test_store_loaded_in_pieces_holds_the_same_triples(one_doc, tmp_path, monkeypatch):
    """The N-Triples file is bulk-loaded in pieces of whole lines (bounded memory): the same quads as one load of
    the whole file."""
    out = tmp_path / "out"
    build(one_doc, out, jobs=1)
    nt = out / "isgraph.nt"
    monkeypatch.setattr(store_mod, "LOAD_PIECE_BYTES", 3000)  # a few lines a piece
    pieces = store_mod.build_store(nt, tmp_path / "pieces")
    whole = ox.Store()
    whole.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    assert len(pieces) == len(whole) == nt.read_bytes().count(b"\n") > 100
    assert set(pieces) == set(whole)


def test_a_file_with_blank_nodes_is_loaded_whole(tmp_path, monkeypatch):
    """Each bulk load names blank nodes afresh: a file that may hold one is never cut into pieces."""
    nt = tmp_path / "g.nt"
    lines = [f'<http://example.org/s{i}> <http://example.org/p> "v{i}" .\n' for i in range(200)]
    lines.insert(150, '<http://example.org/s> <http://example.org/q> _:b1 .\n')  # far apart: other pieces
    lines.insert(20, '_:b1 <http://example.org/p> "x" .\n')
    nt.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(store_mod, "LOAD_PIECE_BYTES", 300)
    st = store_mod.build_store(nt, tmp_path / "store")
    assert len(st) == 202
    rows = list(st.query("SELECT ?o WHERE { <http://example.org/s> <http://example.org/q> ?b . ?b ?p ?o }"))
    assert [r[0].value for r in rows] == ["x"]

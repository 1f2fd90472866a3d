"""The embedded store is bulk-loaded in a thread while the bundle is written: same store, and a failing load
fails the build with nothing published."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from isgraph import store as store_mod
from isgraph.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "seeds" / "003_d2f6919879ef3aac.txt"  # 14 initiatives


@pytest.fixture
def one_doc(tmp_path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(DOC, src / DOC.name)
    return src


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

"""--site auto | always | never: the explorer site is written for graphs up to a size, and a national graph is
built (and served) without writing millions of page files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import folder_of
from isgraph.cli import main
from isgraph.site import build as site_build

ROOT = Path(__file__).resolve().parent.parent
ONE = ROOT / "seeds" / "004_af2e051b204023d3.txt"


@pytest.fixture
def one_doc(tmp_path) -> Path:
    return folder_of(tmp_path, ONE)


def _build(*args):
    res = CliRunner().invoke(main, ["build", *map(str, args)])
    assert res.exit_code == 0, res.output
    return res.output


def test_decision_rule():
    limit = site_build.SITE_AUTO_MAX_TRIPLES
    assert site_build.site_decision("auto", limit) is None
    assert "isgraph site" in site_build.site_decision("auto", limit + 1)
    assert site_build.site_decision("always", limit * 100) is None
    assert site_build.site_decision("never", 10) == "not written (--site never)"
    with pytest.raises(ValueError):
        site_build.site_decision("sometimes", 10)


def test_never_builds_everything_but_the_site(one_doc, tmp_path):
    out = tmp_path / "out"
    text = _build(one_doc, "--out", out, "--site", "never")
    assert "site: not written (--site never)" in text
    assert not (out / "site").exists()
    assert (out / "isgraph.ttl").is_file() and (out / "isgraph.xlsx").is_file() and (out / "store").is_dir()
    sums = (out / "SHA256SUMS").read_text()
    assert "  isgraph.ttl\n" in sums and "site/" not in sums


def test_auto_leaves_out_the_site_of_a_large_graph(one_doc, tmp_path, monkeypatch):
    monkeypatch.setattr(site_build, "SITE_AUTO_MAX_TRIPLES", 50)  # the seed document's graph is far larger
    out = tmp_path / "out"
    text = _build(one_doc, "--out", out)
    line = next(li for li in text.splitlines() if li.startswith("site:"))
    assert "more than the 50 of --site auto" in line and "isgraph site" in line
    assert not (out / "site").exists()
    out2 = tmp_path / "out2"
    text = _build(one_doc, "--out", out2, "--site", "always")
    assert (out2 / "site" / "index.html").is_file()
    assert any(li.startswith("site: ") and " pages, " in li for li in text.splitlines())


def test_auto_writes_the_site_of_a_small_graph(one_doc, tmp_path):
    out = tmp_path / "out"
    _build(one_doc, "--out", out)
    assert (out / "site" / "index.html").is_file()
    assert "site/index.html" in (out / "SHA256SUMS").read_text()


def test_serve_without_a_site_for_a_large_graph(one_doc, tmp_path, monkeypatch):
    """`isgraph serve` of a build without OUT/site: with --site auto and a graph over the limit no site is
    written (decided from the N-Triples line count, never by loading the graph); the editor is at /."""
    from isgraph.site import cli as site_cli
    from isgraph.site.serve import site_for_serving

    out = tmp_path / "out"
    _build(one_doc, "--out", out, "--site", "never")
    monkeypatch.setattr(site_build, "SITE_AUTO_MAX_TRIPLES", 50)

    def no_load(*a, **k):
        raise AssertionError("the graph was loaded to write a site")

    monkeypatch.setattr(site_cli, "write_site", no_load)
    logged = []
    site, documents, tmp = site_for_serving(out / "isgraph.ttl", log=logged.append, mode="auto")
    assert site is None and tmp is None and documents == out / "documents"
    assert "SPARQL editor is at /" in logged[0]
    site, _, tmp = site_for_serving(out / "isgraph.ttl", log=logged.append, mode="never")
    assert site is None and tmp is None


def test_serve_writes_a_temporary_site_when_asked(one_doc, tmp_path):
    from isgraph.site.serve import site_for_serving

    out = tmp_path / "out"
    _build(one_doc, "--out", out, "--site", "never")
    site, _, tmp = site_for_serving(out / "isgraph.ttl", log=lambda m: None, mode="always")
    try:
        assert site is not None and (site / "index.html").is_file() and tmp is not None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

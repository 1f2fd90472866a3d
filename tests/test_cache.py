"""Incremental builds (isgraph.extract.cache): a build reads from the extraction cache only the documents it has already
read, and its outputs are byte-identical to a clean build's.

Which documents were extracted is counted by wrapping `registry.extract` (a log file, so that the worker processes
of a parallel build, forked with the wrapper in place, are counted too)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from isgraph.extract import cache as extract_cache
from isgraph import pipeline
from isgraph.cli import main
from isgraph.extract import registry
from isgraph.validate.validation import Report

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SMALL = ["001_3372ed18df074b49.txt", "004_af2e051b204023d3.txt"]  # the two smallest seeds: fast builds


@pytest.fixture
def docs(tmp_path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for name in SMALL:
        shutil.copy(SEEDS / name, d / name)
    return d


@pytest.fixture
def extracted(tmp_path, monkeypatch):
    """A function returning (and forgetting) the names of the documents extracted since its last call."""
    log = tmp_path / "extract.log"
    log.touch()
    real = registry.extract

    def counting(doc):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {doc.name}\n")
        return real(doc)

    monkeypatch.setattr(registry, "extract", counting)

    def names(with_pids: bool = False):
        lines = log.read_text(encoding="utf-8").splitlines()
        log.write_text("", encoding="utf-8")
        pairs = [tuple(line.split(" ", 1)) for line in lines]
        return sorted((int(p), n) for p, n in pairs) if with_pids else sorted(n for _, n in pairs)

    return names


def build(src: Path, out: Path, **kw):
    kw.setdefault("jobs", 1)
    return pipeline.build(src, out, store=False, **kw)


def tree(out: Path) -> dict[str, bytes]:
    """Every file of an output but its extraction cache."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).as_posix().startswith(".cache/")}


def entries(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*.pickle"))}


def entry_file(cache_dir: Path, path: Path) -> Path:
    return cache_dir / extract_cache.entry_path(hashlib.sha256(path.read_bytes()).hexdigest(), path.name)


def clean_tree(src: Path, tmp_path: Path, name: str = "clean") -> dict[str, bytes]:
    out = tmp_path / name
    build(src, out, cache=False)
    assert not (out / ".cache").exists()
    return tree(out)


# ---- the cache gives a clean build's outputs, and reads only what changed --------------------------------------

def test_second_build_reads_nothing_and_is_byte_identical(docs, tmp_path, extracted):
    out = tmp_path / "out"
    first = build(docs, out)
    assert extracted() == SMALL and first.from_cache == 0
    cache_dir = out / ".cache" / "extract"
    assert len(entries(cache_dir)) == 2
    second = build(docs, out)
    assert extracted() == [] and second.from_cache == 2
    assert pipeline.summary_lines(second)[0] == "documents: 2 (2 from the cache)"
    clean = clean_tree(docs, tmp_path)
    assert extracted() == SMALL
    assert tree(out) == clean
    assert ".cache" not in (out / "SHA256SUMS").read_text()  # not a published file


def test_adding_a_document_extracts_only_it(docs, tmp_path, extracted):
    out = tmp_path / "out"
    build(docs, out)
    extracted()
    # the same bytes under another name: a document of its own (its records name their file)
    shutil.copy(docs / SMALL[0], docs / "aaa_copie.txt")
    result = build(docs, out)
    assert extracted() == ["aaa_copie.txt"] and result.from_cache == 2
    assert tree(out) == clean_tree(docs, tmp_path)
    assert len(entries(out / ".cache" / "extract")) == 3


def test_changing_a_document_extracts_only_it(docs, tmp_path, extracted):
    out = tmp_path / "out"
    build(docs, out)
    before = entries(out / ".cache" / "extract")
    extracted()
    changed = docs / SMALL[1]
    changed.write_bytes(changed.read_bytes() + "\nUne ligne de plus.\n".encode("utf-8"))
    build(docs, out)
    assert extracted() == [SMALL[1]]
    assert tree(out) == clean_tree(docs, tmp_path)
    after = entries(out / ".cache" / "extract")
    assert len(after) == 2 and len(set(after) & set(before)) == 1  # pruned: the old entry is gone


def test_renaming_a_document_follows_the_new_name(docs, tmp_path, extracted):
    out = tmp_path / "out"
    build(docs, out)
    extracted()
    (docs / SMALL[1]).rename(docs / "renomme.txt")
    build(docs, out)
    assert extracted() == ["renomme.txt"]
    got = tree(out)
    assert got == clean_tree(docs, tmp_path)
    assert "documents/renomme.txt" in got and f"documents/{SMALL[1].replace('_', '-')}" not in got
    assert b"/document/renomme>" in got["isgraph.nt"]


def test_moved_input_directory_is_read_from_the_cache(docs, tmp_path, extracted):
    out = tmp_path / "out"
    build(docs, out)
    extracted()
    moved = tmp_path / "elsewhere"
    docs.rename(moved)
    result = build(moved, out)
    assert extracted() == [] and result.from_cache == 2
    files = sorted(moved.iterdir())
    items = pipeline.extract_all(files, cache=extract_cache.ExtractCache(out / ".cache" / "extract"))
    assert extracted() == [] and [item.document.path for item in items] == files  # where the documents are now
    assert tree(out) == clean_tree(moved, tmp_path)


def test_skipped_documents_are_cached_too(docs, tmp_path, extracted):
    (docs / "vide.txt").write_text("   \n", encoding="utf-8")  # no text: skipped, with a warning naming it
    (docs / "recette.txt").write_text("Recette de la tarte aux pommes.\nÉplucher les pommes.\n" * 5,
                                      encoding="utf-8")  # text but no initiative
    out = tmp_path / "out"
    first = build(docs, out)
    extracted()
    second = build(docs, out)
    assert extracted() == [] and second.from_cache == 4
    assert second.skipped == first.skipped and second.warnings == first.warnings
    assert any(str(docs / "vide.txt") in w for w in second.warnings)
    assert pipeline.summary_lines(second)[0].endswith("; 4 of 4 files from the cache)")


# ---- entries that cannot be used are ignored -------------------------------------------------------------------

def test_corrupted_entries_are_ignored_and_rewritten(docs, tmp_path, extracted):
    out = tmp_path / "out"
    build(docs, out)
    extracted()
    by_doc = {name: entry_file(out / ".cache" / "extract", docs / name) for name in SMALL}
    assert all(f.is_file() for f in by_doc.values())
    raw = by_doc[SMALL[0]].read_bytes()
    by_doc[SMALL[0]].write_bytes(raw[: len(raw) // 2])  # truncated
    by_doc[SMALL[1]].write_bytes(os.urandom(64) + b"\x80\x05garbage")  # garbage
    result = build(docs, out)
    assert extracted() == SMALL and result.from_cache == 0 and not result.warnings
    assert tree(out) == clean_tree(docs, tmp_path)
    extracted()
    assert build(docs, out).from_cache == 2 and extracted() == []  # rewritten whole


def test_entry_of_another_extractor_version_is_ignored(docs, tmp_path, extracted):
    out = tmp_path / "out"
    build(docs, out)
    extracted()
    cache_dir = out / ".cache" / "extract"
    sha = hashlib.sha256((docs / SMALL[0]).read_bytes()).hexdigest()
    entry = entry_file(cache_dir, docs / SMALL[0])
    version = extract_cache.extractor_version()
    item = extract_cache.load(entry.read_bytes(), version, sha, SMALL[0])
    assert item is not None
    entry.write_bytes(extract_cache.dump("another-version", sha, SMALL[0], item))
    build(docs, out)
    assert extracted() == [SMALL[0]]
    # an entry whose header names another document (copied over) is not used either
    shutil.copy(entry, entry_file(cache_dir, docs / SMALL[1]))
    build(docs, out)
    assert extracted() == [SMALL[1]]
    assert tree(out) == clean_tree(docs, tmp_path)


def test_a_new_extractor_version_extracts_everything(docs, tmp_path, extracted, monkeypatch):
    out = tmp_path / "out"
    build(docs, out)
    extracted()
    monkeypatch.setattr(extract_cache, "extractor_version", lambda: "0" * 64)
    result = build(docs, out)
    assert extracted() == SMALL and result.from_cache == 0
    assert build(docs, out).from_cache == 2 and extracted() == []


def test_extractor_version_covers_code_data_and_ontology():
    from isgraph import paths

    version = extract_cache.extractor_version()
    assert len(version) == 64 and version == extract_cache.extractor_version()
    roots = paths.extraction_source_roots()
    assert paths.PACKAGE_DIR in roots and any(r == paths.ONTOLOGY_DIR or r in paths.ONTOLOGY_DIR.parents
                                              for r in roots)


# ---- failed and rejected builds leave OUT's cache as it was --------------------------------------------------

def test_rejected_build_leaves_the_cache(docs, tmp_path, extracted, monkeypatch):
    out = tmp_path / "out"
    build(docs, out)
    before = entries(out / ".cache" / "extract")
    shutil.copy(SEEDS / "003_d2f6919879ef3aac.txt", docs / "003_d2f6919879ef3aac.txt")
    monkeypatch.setattr(pipeline, "validate", lambda graph, **kw: Report(False, []))
    result = build(docs, out)
    assert not result.conforms and not result.published
    assert (tmp_path / "out.rejected" / "isgraph.nt").is_file()
    assert entries(out / ".cache" / "extract") == before


def test_failed_build_leaves_the_cache(docs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(docs, out)
    before = entries(out / ".cache" / "extract")
    shutil.copy(SEEDS / "003_d2f6919879ef3aac.txt", docs / "003_d2f6919879ef3aac.txt")
    real = extract_cache.ExtractCache.write_into

    def write_then_fail(self, directory):
        real(self, directory)  # the new entries are written into the staged output...
        raise OSError(28, "No space left on device", str(directory))  # ...and the publication fails

    monkeypatch.setattr(extract_cache.ExtractCache, "write_into", write_then_fail)
    with pytest.raises(OSError):
        build(docs, out)
    assert entries(out / ".cache" / "extract") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "out"]  # the staged output is gone


# ---- the parallel path -------------------------------------------------------------------------------------

def test_parallel_build_sends_only_misses_to_the_workers(docs, tmp_path, extracted, monkeypatch):
    pools = []
    real_pool = pipeline.ProcessPoolExecutor

    def pool(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", pool)
    out = tmp_path / "out"
    build(docs, out, jobs=2)
    assert [n for _, n in extracted(with_pids=True)] == SMALL and pools == [2]
    shutil.copy(SEEDS / "003_d2f6919879ef3aac.txt", docs / "003_d2f6919879ef3aac.txt")
    shutil.copy(docs / SMALL[0], docs / "aaa_copie.txt")
    result = build(docs, out, jobs=2)
    got = extracted(with_pids=True)
    assert sorted(n for _, n in got) == ["003_d2f6919879ef3aac.txt", "aaa_copie.txt"]
    assert all(pid != os.getpid() for pid, _ in got)  # read by the worker processes
    assert result.from_cache == 2 and pools == [2, 2]
    assert tree(out) == clean_tree(docs, tmp_path)
    extracted()
    assert build(docs, out, jobs=2).from_cache == 4 and extracted() == [] and pools == [2, 2]  # no pool at all


# ---- the command line ---------------------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(main, ["build", *map(str, args), "-j", "1"])


def test_cli_cache_dir_and_no_cache(docs, tmp_path, extracted):
    out, shared = tmp_path / "out", tmp_path / "shared-cache"
    res = run(docs, "--out", out, "--cache", shared)
    assert res.exit_code == 0, res.output
    assert "documents: 2 (0 from the cache)" in res.output
    assert not (out / ".cache").exists() and len(entries(shared)) == 2
    extracted()
    (docs / SMALL[1]).unlink()
    res = run(docs, "--out", tmp_path / "other", "--cache", shared)  # another output, the same cache
    assert res.exit_code == 0 and "documents: 1 (1 from the cache)" in res.output and extracted() == []
    assert len(entries(shared)) == 2  # --cache DIR is never pruned
    res = run(docs, "--out", out, "--no-cache")
    assert res.exit_code == 0 and "from the cache" not in res.output and extracted() == [SMALL[0]]
    assert not (out / ".cache").exists()
    res = run(docs, "--out", out)  # default: OUT/.cache/extract, empty after a --no-cache build
    assert res.exit_code == 0 and "documents: 1 (0 from the cache)" in res.output
    assert len(entries(out / ".cache" / "extract")) == 1


def test_cli_refuses_bad_cache_options(docs, tmp_path):
    out = tmp_path / "out"
    for args, needle in ([("--cache", tmp_path / "c", "--no-cache"), "exclude each other"],
                         [("--cache", out / "cache"), "inside the output"],
                         [("--cache", docs / SMALL[0]), "not a directory"]):
        res = run(docs, "--out", out, *args)
        lines = [line for line in res.output.splitlines() if line.strip()]
        assert res.exit_code == 2 and len(lines) == 1 and needle in lines[0], res.output
    assert not out.exists()


def test_cli_help_mentions_the_cache():
    res = CliRunner().invoke(main, ["build", "--help"])
    assert "--cache" in res.output and "--no-cache" in res.output and "OUT/.cache/extract" in res.output


def test_new_entries_wait_beside_the_output_and_a_dead_builds_are_removed(tmp_path, docs, monkeypatch):
    """The entries of a build are kept until its output is staged in a folder beside OUT (not in the system's
    /tmp, where nothing removes what a build killed with SIGKILL left); the next build into OUT removes such a
    folder when its process is gone, and never a running build's."""
    import subprocess
    import sys
    import tempfile

    system_tmp = tmp_path / "systmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    out = tmp_path / "dist"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f".dist.cache-{dead}-abc123"
    (stale / "ab").mkdir(parents=True)
    (stale / "ab" / "entry.pickle").write_bytes(b"left by a killed build")
    running = tmp_path / f".dist.cache-{os.getpid()}-def456"  # this very process: a build still running
    running.mkdir()
    seen = []
    real = extract_cache.ExtractCache.put_bytes

    def spying(self, sha256, name, entry):
        real(self, sha256, name, entry)
        seen.append(self._spill)

    monkeypatch.setattr(extract_cache.ExtractCache, "put_bytes", spying)
    build(docs, out)
    assert seen and all(p is not None and p.parent == tmp_path and p.name.startswith(".dist.cache-")
                        for p in seen)
    assert not stale.exists() and running.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, "dist", "docs", "systmp"])
    assert list(system_tmp.iterdir()) == []
    assert len(list((out / ".cache" / "extract").rglob("*.pickle"))) == len(SMALL)

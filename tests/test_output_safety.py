"""`--out` never destroys the user's files, and a killed or concurrent build never leaves OUT missing (issue 12).

Refusals are checked with CliRunner (they happen before any work); crashes with real build subprocesses killed
with SIGKILL at chosen points of the publication (the kill is triggered from inside by wrapping a library function:
deterministic, no timing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from isgraph.publication import publish
from isgraph.cli import main
from isgraph.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SMALL = ["001_3372ed18df074b49.txt"]  # smallest seed: fast builds
LARGER = ["001_3372ed18df074b49.txt", "004_af2e051b204023d3.txt"]


def make_input(directory: Path, names: list[str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / name, directory / name)
    return directory


def run_cli(args: list[str]):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def one_line(result) -> str:
    text = result.stderr if hasattr(result, "stderr") else result.output
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


# ---- refusals: one line, exit 2, nothing touched ---------------------------------------------------------------

@pytest.fixture
def place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_input(tmp_path / "docs", SMALL)
    (tmp_path / "afile").write_text("keep me\n")
    return tmp_path


def snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("out,needle", [
    (".", "current directory"), ("/", "root"), ("/proc/isgraph-out", "pseudo-filesystem"),
    ("/sys/x", "pseudo-filesystem"), ("afile/sub", "not a directory"), ("afile", "not a directory"),
    ("docs", "input"), ("docs/dist", "inside the input"), ("docs/..", "current directory"),
    ("{tmp}", "current directory"), ("{tmp}/docs/../docs", "input"),
])
def test_unsafe_out_is_refused_in_one_line(place, out, needle):
    before = snapshot(place)
    out = out.format(tmp=place)
    for command in (["build", "docs", "--out", out], ["build", "docs", "--out", out, "--force"]):
        result = run_cli(["--debug", *command])  # --debug: an unexpected error would show its traceback
        assert result.exit_code == 2, result.output
        line = one_line(result)
        assert needle in line and out in line, line
    assert snapshot(place) == before  # not even a lock file was created


def test_input_inside_out_is_refused(tmp_path, monkeypatch):
    work = tmp_path / "work"
    make_input(work / "project" / "docs", SMALL)
    monkeypatch.chdir(tmp_path)
    result = run_cli(["build", "work/project/docs", "--out", "work"])
    assert result.exit_code == 2 and "would replace the input" in one_line(result)
    assert (work / "project" / "docs" / SMALL[0]).exists()


def test_foreign_directory_needs_force(place):
    mine = place / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("precious\n")
    result = run_cli(["build", "docs", "--out", "mine", "-q"])
    assert result.exit_code == 2
    line = one_line(result)
    assert "mine" in line and "--force" in line and publish.MARKER in line
    assert (mine / "notes.txt").read_text() == "precious\n"
    result = run_cli(["build", "docs", "--out", "mine", "-q", "--force"])
    assert result.exit_code == 0, result.output
    assert not (mine / "notes.txt").exists() and (mine / publish.MARKER).is_file()
    # now an isgraph output: replaced without --force, and no lock or temporary file is left beside it
    assert run_cli(["build", "docs", "--out", "mine", "-q"]).exit_code == 0
    assert sorted(p.name for p in place.iterdir()) == ["afile", "docs", "mine"]


def test_marker_is_not_in_the_checksums(place):
    assert run_cli(["build", "docs", "--out", "dist", "-q"]).exit_code == 0
    sums = (place / "dist" / "SHA256SUMS").read_text()
    assert publish.MARKER not in sums and "store/" not in sums and "isgraph.ttl" in sums


def test_output_of_an_older_version_is_recognised(tmp_path):
    legacy = tmp_path / "dist"
    legacy.mkdir()
    for name in ("isgraph.ttl", "isgraph.nt", "report.txt", "SHA256SUMS"):
        (legacy / name).write_text("x\n")
    (legacy / "store").mkdir()
    assert publish.check_output(legacy) == legacy.resolve()
    (legacy / "thesis.docx").write_text("mine\n")
    with pytest.raises(InputError):
        publish.check_output(legacy)


def test_invalid_base_is_one_line(place):
    for base in ("foo", "http://x.org/a", "ftp://x.org/", "https:///", "https://x.org/a b/", "/id/",
                 "https://x.org/#a#"):
        result = run_cli(["build", "docs", "--out", "dist", "--base", base])
        assert result.exit_code == 2, (base, result.output)
        assert "--base" in one_line(result) and base in one_line(result)
    assert not (place / "dist").exists()


def test_publish_refuses_unsafe_out(place):
    assert run_cli(["build", "docs", "--out", "dist", "-q"]).exit_code == 0
    for out in ("afile", "/", "."):
        result = run_cli(["publish", "dist/isgraph.nt", "--out", out])
        assert result.exit_code == 2 and out in one_line(result), result.output


def test_unexpected_error_is_exit_3_with_a_hint(place, monkeypatch):
    from isgraph import pipeline

    def boom(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "assemble", boom)
    result = run_cli(["build", "docs", "--out", "dist", "-q"])
    assert result.exit_code == 3
    line = one_line(result)
    assert "ZeroDivisionError" in line and "--debug" in line
    with pytest.raises(ZeroDivisionError):
        run_cli(["--debug", "build", "docs", "--out", "dist", "-q"])
    assert not (place / "dist").exists()


# ---- kill -9 at any point: OUT is the old or the new version, never missing ------------------------------------

KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from isgraph import pipeline
    from isgraph.publication import publish

    point, src, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "writing":  # in the middle of writing the new version
        publish.write_text = die
    elif point == "before-swap":
        publish.exchange = die
    elif point == "after-swap":  # the new version is in place, the old one not yet removed
        real = publish.exchange
        def exchange_then_die(a, b):
            if real(a, b):
                die()
            return False
        publish.exchange = exchange_then_die
    elif point == "between-renames":  # the window of the two-rename swap: OUT moved away, new one not in yet
        real_rename = os.rename
        def rename(a, b):
            real_rename(a, b)
            if Path(a).resolve() == out.resolve():
                die()
        os.rename = rename
    pipeline.build(src, out, jobs=1)
""")


def build_killed(point: str, src: Path, out: Path, tmpdir: Path | None = None) -> int:
    env = dict(os.environ, TMPDIR=str(tmpdir)) if tmpdir is not None else None
    return subprocess.run([sys.executable, "-c", KILLER, point, str(src), str(out)], capture_output=True,
                          timeout=300, env=env).returncode


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two inputs whose builds differ, and the N-Triples of each (built by the library, as the test oracle)."""
    from isgraph.pipeline import build

    root = tmp_path_factory.mktemp("versions")
    old_src, new_src = make_input(root / "old", SMALL), make_input(root / "new", LARGER)
    nts = {}
    for name, src in (("old", old_src), ("new", new_src)):
        build(src, root / f"out-{name}", jobs=1)
        nts[name] = (root / f"out-{name}" / "isgraph.nt").read_bytes()
    assert nts["old"] != nts["new"]
    return old_src, new_src, nts


@pytest.mark.parametrize("point,expected", [("writing", "old"), ("before-swap", "old"), ("after-swap", "new"),
                                            ("between-renames", "new")])
def test_kill_9_never_leaves_out_missing(tmp_path, versions, point, expected):
    from isgraph.pipeline import build

    old_src, new_src, nts = versions
    out = tmp_path / "dist"
    build(old_src, out, jobs=1)
    system_tmp = tmp_path.parent / f"{tmp_path.name}-systmp"  # the killed build's TMPDIR: it must leave nothing
    system_tmp.mkdir()  # there, where no later build would remove it
    code = build_killed(point, new_src, out, tmpdir=system_tmp)
    assert sorted(p.name for p in system_tmp.iterdir()) == [], f"killed at {point}: left in the system's /tmp"
    # with the atomic exchange no rename ever moves OUT away: that build is not killed and completes
    assert code == -9 or (point == "between-renames" and code == 0), code
    assert out.is_dir(), f"killed at {point}: OUT is missing"
    assert (out / "isgraph.nt").read_bytes() == nts[expected]
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=out).returncode == 0
    # the next build cleans what the killed one left beside OUT
    build(new_src, out, jobs=1)
    assert (out / "isgraph.nt").read_bytes() == nts["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_exchange_swaps_two_directories(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a")
    (b / "f").write_text("b")
    if not publish.exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) not available here (the two-rename fallback is used)")
    assert (a / "f").read_text() == "b" and (b / "f").read_text() == "a"


def test_second_build_into_the_same_out_fails_in_one_line(tmp_path):
    src = make_input(tmp_path / "docs", SMALL)
    out = tmp_path / "dist"
    with publish.output_lock(out):  # another build holds OUT (the lock is per open file: a subprocess sees it)
        res = subprocess.run([sys.executable, "-m", "isgraph.cli", "build", str(src), "--out", str(out), "-q"],
                             capture_output=True, text=True, timeout=300)
    assert res.returncode == 2, res.stderr
    line = one_line(res)
    assert "another isgraph build" in line and str(out) in line
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]  # the lock file went with its holder


def test_os_error_is_one_line_naming_the_file(place, monkeypatch):
    import errno

    from isgraph import pipeline

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(place / "dist" / "isgraph.nt"))

    monkeypatch.setattr(pipeline, "assemble", full)
    result = run_cli(["build", "docs", "--out", "dist", "-q"])
    assert result.exit_code == 2
    line = one_line(result)
    assert "No space left on device" in line and "isgraph.nt" in line

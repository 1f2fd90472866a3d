"""Progress on stderr (issue 14): shown on a terminal only, never with --quiet; the build says what to run next."""

from __future__ import annotations

import io

from click.testing import CliRunner

from isgraph.cli import main
from isgraph.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_counts_documents_and_stages():
    t = Terminal()
    p = Progress(stream=t)
    assert p.enabled
    p.documents(1, 4, "a.txt")
    p.documents(2, 4, "b.txt")
    p.stage("SHACL validation")
    p.done()
    text = t.getvalue()
    assert "reading documents 1/4" in text and "reading documents 2/4" in text and "s left" in text
    assert "SHACL validation…" in text and text.endswith("\r")


def test_progress_is_silent_when_not_a_terminal():
    s = io.StringIO()
    p = Progress(stream=s)
    p.documents(1, 2)
    p.stage("x")
    p.done()
    assert s.getvalue() == ""


def test_build_output_without_terminal_has_no_progress_and_ends_with_next_steps(seeds_copy, tmp_path):
    out = tmp_path / "dist"
    res = CliRunner().invoke(main, ["build", str(seeds_copy), "--out", str(out), "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "\r" not in res.output and "reading documents" not in res.output
    lines = res.stdout.splitlines()
    start = lines.index("next:")
    assert any(f"isgraph query financeurs-classement --graph {out}/" in line for line in lines[start:])
    assert any(f"isgraph review {out}/" in line for line in lines[start:])
    quiet = CliRunner().invoke(main, ["build", str(seeds_copy), "--out", str(out), "-q", "-j", "1"])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_serve_has_no_short_p():
    res = CliRunner().invoke(main, ["serve", "--help"])
    assert "--port" in res.stdout and "-p," not in res.stdout
    for cmd in ("query",):
        assert "-p, --param" in CliRunner().invoke(main, [cmd, "--help"]).stdout

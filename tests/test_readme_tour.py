"""The README's quick tour, run literally (issue 14): every command of its first block exits 0 on the seeds."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

from click.testing import CliRunner

from isgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent


def tour_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Quick tour"):]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    commands = []
    for line in block.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == ".venv/bin/isgraph", line
            commands.append(words[1:])
    return commands


def test_tour_has_the_main_commands():
    names = [c[0] for c in tour_commands()]
    assert {"build", "queries", "query", "review", "validate", "stats", "eval", "publish"} <= set(names)


def test_every_tour_command_exits_0(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "tests" / "data" / "gold", tmp_path / "tests" / "data" / "gold")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in tour_commands():
        res = runner.invoke(main, args, catch_exceptions=False)
        assert res.exit_code == 0, f"isgraph {' '.join(args)} -> {res.exit_code}\n{res.output[-2000:]}"
        assert "Traceback" not in res.output
    assert (tmp_path / "dist" / "isgraph.ttl").is_file() and (tmp_path / "opendata" / "isgraph.nt").is_file()
    assert os.listdir(tmp_path / "opendata")

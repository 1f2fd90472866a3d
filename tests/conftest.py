"""Shared fixtures: one build of the seeds per test session (the build is the system under test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(BuildResult, out dir) of a full build of seeds/."""
    from isgraph.pipeline import build

    out = tmp_path_factory.mktemp("build") / "dist"
    result = build(SEEDS, out, jobs=1)
    return result, out


@pytest.fixture(scope="session")
def seed_graph(built):
    from isgraph.rdf.graphio import load_graph

    _, out = built
    return load_graph(out / "isgraph.ttl")


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


def folder_of(tmp_path: Path, document: Path) -> Path:
    """A fresh input folder `tmp_path/in` holding one copy of `document` (small builds in tests)."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(document, src / document.name)
    return src

"""Ontology, shapes and queries ship inside the wheel and are read from the installed package."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    (whl,) = out.glob("isgraph-*.whl")
    return whl


def test_wheel_contains_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for folder in ("ontology", "shapes", "queries"):
        top = sorted(p.name for p in (ROOT / folder).iterdir() if p.is_file())
        assert top, folder
        for name in top:
            assert f"isgraph/{folder}/{name}" in names, f"{folder}/{name} missing from the wheel"
    assert "isgraph/data/generic_actors.txt" in names
    for name in ("style.css", "data.js", "app.js", "question.js", "vendor/minisearch.js", "vendor/LICENSE-minisearch.txt",
                 "vendor/france.departments.svg", "vendor/LICENSE-svg-maps.md"):  # the site's built assets
        assert f"isgraph/site/assets/{name}" in names, name


def test_installed_package_reads_its_own_resources(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);\n"
        "from isgraph import paths, resources\n"
        "from isgraph.query import queries\n"
        "assert str(paths.ONTOLOGY_DIR).startswith(sys.argv[1]), paths.ONTOLOGY_DIR\n"
        "assert str(paths.SHAPES_DIR).startswith(sys.argv[1]), paths.SHAPES_DIR\n"
        "assert str(paths.QUERIES_DIR).startswith(sys.argv[1]), paths.QUERIES_DIR\n"
        "print(len(resources.ontology_graph()), len(resources.shapes_graph()), len(queries.stored_queries()))\n"
    )
    # run from an empty directory with the checkout's src/ NOT on the path
    res = subprocess.run([sys.executable, "-I", "-c", code, str(site)], cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    n_onto, n_shapes, n_queries = map(int, res.stdout.split())
    assert n_onto > 100 and n_shapes > 20
    assert n_queries == len(list((ROOT / "queries").glob("*.rq")))

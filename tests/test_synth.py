"""The synthetic corpus generator (bench / test tooling): deterministic, read by the same extractors as the seeds,
generic (real places, invented initiatives and actors, nothing copied from the seeds)."""

import re
from pathlib import Path

import pytest

from isgraph import synth
from isgraph.ingest.documents import list_documents, read_document
from isgraph.extract import registry
from isgraph.normalize import fold

from conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def corpus2(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth2")
    synth.generate(2, out, seed=0)
    return out


@pytest.fixture(scope="module")
def extracted2(corpus2):
    manifest = synth.read_manifest(corpus2)
    out = []
    for entry in manifest["documents"]:
        doc = read_document(corpus2 / entry["file"])
        out.append((entry, doc, registry.recognise(doc), registry.extract(doc)[1]))
    return out


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_arguments_give_byte_identical_files(corpus2, tmp_path):
    synth.generate(2, tmp_path, seed=0)
    assert _files(tmp_path) == _files(corpus2)


def test_a_unit_does_not_depend_on_the_scale(corpus2, tmp_path):
    """Scale 1 is the first unit of scale 2 (so the corpora of a benchmark grow by adding documents)."""
    synth.generate(1, tmp_path, seed=0)
    small = {k: v for k, v in _files(tmp_path).items() if k != synth.MANIFEST}
    big = _files(corpus2)
    assert small and all(big[name] == data for name, data in small.items())


def test_another_seed_gives_other_documents(corpus2, tmp_path):
    synth.generate(1, tmp_path, seed=1)
    other = {k: v for k, v in _files(tmp_path).items() if k != synth.MANIFEST}
    assert not set(other.values()) & set(_files(corpus2).values())


def test_layout_of_the_corpus(corpus2):
    manifest = synth.read_manifest(corpus2)
    assert manifest["scale"] == 2 and manifest["seed"] == 0
    docs = manifest["documents"]
    assert [d["family"] for d in docs] == list(synth.FAMILIES) * 2
    per_unit = sum(n for _, n in synth.UNIT)
    assert sum(len(d["initiatives"]) for d in docs) == 2 * per_unit
    assert [p.name for p in list_documents(corpus2)] == [d["file"] for d in docs]  # (the manifest is hidden: no document)


def test_each_file_is_recognised_as_its_family_and_yields_initiatives(extracted2):
    for entry, doc, cls, records in extracted2:
        assert cls is not None and cls.family == entry["family"], (entry["file"], entry["family"], cls)
        assert len(records) >= 1, entry["file"]


def test_extraction_finds_what_was_written(extracted2):
    """Most planned titles and porteurs are found back (extraction does real work on these documents)."""
    titles = porteurs = found_t = found_p = 0
    for entry, _, _, records in extracted2:
        got_titles = {fold(r.title) for r in records}
        got_porteurs = {fold(m.name) for r in records for m in r.porteurs}
        for p in entry["initiatives"]:
            titles += 1
            porteurs += 1
            found_t += fold(p["title"]) in got_titles
            found_p += fold(p["porteur"]) in got_porteurs
    assert found_t >= 0.8 * titles, (found_t, titles)
    assert found_p >= 0.8 * porteurs, (found_p, porteurs)


def test_many_distinct_actors_and_real_places(corpus2):
    manifest = synth.read_manifest(corpus2)
    initiatives = [p for d in manifest["documents"] for p in d["initiatives"]]
    actors = {fold(a) for p in initiatives for a in [p["porteur"], *p["partners"], *p["funders"]]}
    assert len(actors) >= len(initiatives)  # recombined names: far more actors than in the seeds
    titles = [fold(p["title"]) for p in initiatives]
    assert len(set(titles)) >= 0.9 * len(titles)
    # every place name drawn for an initiative is a gazetteer entry (commune, département, région or Parc)
    pl = synth.places()
    known = {fold(c.name) for c in pl.communes} | {fold(d.name) for d in pl.departements.values()} | \
        {fold(r.name) for r in pl.regions.values()} | {fold(p.name) for p in pl.parcs} | {fold(e.core) for e in pl.epci}
    places = {fold(x) for p in initiatives for x in p["places"]}
    assert places <= known, places - known


def test_communes_drawn_resolve_without_a_hint():
    """The generator draws communes whose name is unique in France, so the resolver places them."""
    from isgraph.resolve import territories

    pl = synth.places()
    sample = pl.communes[:: max(1, len(pl.communes) // 40)]
    resolved = [territories.resolve(c.name) for c in sample]
    assert sum(1 for c, t in zip(sample, resolved) if t is not None and t.code_insee == c.code) >= 0.9 * len(sample)


def test_no_seed_initiative_is_copied(corpus2):
    """New initiatives: no title read from the seeds appears in the synthetic corpus (only layouts are shared)."""
    seed_titles = set()
    for p in list_documents(SEEDS):
        for rec in registry.extract(read_document(p))[1]:
            if len(fold(rec.title)) >= 12:
                seed_titles.add(fold(rec.title))
    assert seed_titles
    manifest = synth.read_manifest(corpus2)
    assert not {fold(i["title"]) for d in manifest["documents"] for i in d["initiatives"]} & seed_titles
    text = " ".join(fold(read_document(p).text) for p in list_documents(corpus2))
    assert not [t for t in seed_titles if f" {t} " in text]


def test_the_generator_stays_out_of_the_library():
    """Synthetic generation is tooling: no module of the build imports it (extraction keys on the documents only)."""
    src = ROOT / "src" / "isgraph"
    for path in sorted(src.rglob("*.py")):
        if path.name in ("synth.py", "cli.py"):
            continue
        assert not re.search(r"\bsynth\b", path.read_text(encoding="utf-8")), path


def test_build_of_a_2x_corpus_conforms(extracted2, corpus2):
    from isgraph.rdf.graph import BuildInput
    from isgraph.pipeline import assemble
    from isgraph.validate.validation import validate
    from isgraph.extract import themes

    items = []
    for _, doc, cls, records in extracted2:
        for rec in records:
            rec.themes = themes.classify(rec.text or rec.title, hints=rec.themes)
        items.append(BuildInput(doc, cls.family, records))
    graph, _ = assemble(items)
    report = validate(graph)
    assert report.conforms, report.text()[:2000]


def test_cli_synth(tmp_path):
    from click.testing import CliRunner

    from isgraph.cli import main

    res = CliRunner().invoke(main, ["synth", "--scale", "1", "--out", str(tmp_path / "c"), "--seed", "3"])
    assert res.exit_code == 0, res.output
    assert len(list_documents(tmp_path / "c")) == len(synth.UNIT)
    assert "initiatives" in res.output


def test_a_smaller_corpus_replaces_a_larger_one(tmp_path):
    synth.generate(2, tmp_path, seed=0)
    (tmp_path / "notes.md").write_text("kept\n")
    synth.generate(1, tmp_path, seed=0)
    names = {p.name for p in list_documents(tmp_path)}
    assert names == {d["file"] for d in synth.read_manifest(tmp_path)["documents"]} | {"notes.md"}

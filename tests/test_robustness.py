"""Bad input never crashes the tool: fuzzed and mutated documents, unknown kinds, broken resources."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from isgraph.cli import main
from isgraph.ingest.documents import SourceDocument, read_document
from isgraph.errors import ResourceError
from isgraph.extract import registry

import guards
from conftest import SEEDS

HANG_GUARD_S = 20  # not a performance goal: a document that takes this long is a hang (e.g. regex backtracking)


def hang_guard(seconds: int = HANG_GUARD_S):
    return guards.hang_guard(seconds, "extraction did not finish")


def doc_of(text: str, name: str = "fuzz.txt") -> SourceDocument:
    return SourceDocument(name=name, path=Path(name), text=text, sha256="0" * 64)


def check_records(doc: SourceDocument):
    family, records = registry.extract(doc)
    n = len(doc.lines)
    for rec in records:
        assert 1 <= rec.start <= rec.end <= max(n, 1)
        assert isinstance(rec.title, str)
    return family, records


LABELS = ["Partenaires", "Budget", "Financements", "C'est quoi ?", "Missions concernées", "Contact", "+",
          "Carte Postale pour le séminaire sur l'innovation sociale territoriale", "TERRITORIA OR : à la ville de X",
          "RESUME DES DOSSIERS LAUREATS", "Projet\tActeurs mobilisés\tContribution", "#### Parc:", "LE BUDGET",
          "5 000 €", "45 k€/an", "Association des Amis", "CCAS de Nulle-Part", "Région Grand Est", "•", "<b>", "</p>"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(LABELS), st.text(max_size=80)), max_size=120))
def test_fuzzed_documents_never_crash(lines):
    with hang_guard():
        check_records(doc_of("\n".join(lines)))


@pytest.mark.parametrize("seed_path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_mutated_seeds_never_crash(seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    rng = random.Random(seed_path.name)
    for round_ in range(6):
        mutated = list(lines)
        for _ in range(len(mutated) // 10):
            i = rng.randrange(len(mutated))
            op = rng.choice(["drop", "dup", "swap", "cut", "upper"])
            if op == "drop":
                mutated.pop(i)
            elif op == "dup":
                mutated.insert(i, mutated[i])
            elif op == "swap":
                j = rng.randrange(len(mutated))
                mutated[i], mutated[j] = mutated[j], mutated[i]
            elif op == "cut":
                mutated[i] = mutated[i][: len(mutated[i]) // 2]
            else:
                mutated[i] = mutated[i].upper()
            if not mutated:
                break
        with hang_guard():
            check_records(doc_of("\n".join(mutated), f"mutated-{round_}.txt"))


def test_cp1252_document_extracts_like_utf8(tmp_path):
    seed = next(SEEDS.glob("003_*.txt"))
    text = seed.read_text(encoding="utf-8")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(text.encode("cp1252", errors="replace"))
    doc = read_document(latin)
    assert doc.encoding == "cp1252"
    _, a = registry.extract(doc)
    _, b = registry.extract(read_document(seed))
    assert [r.title for r in a] == [r.title for r in b]


def test_unknown_kind_is_skipped_and_said(seeds_copy, tmp_path):
    (seeds_copy / "recipe.txt").write_text("Recette de la tarte aux pommes.\nÉplucher les pommes.\n" * 20)
    res = CliRunner().invoke(main, ["build", str(seeds_copy), "--out", str(tmp_path / "o"), "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "recipe.txt" in res.output and "skipped" in res.output


def test_huge_file_refused_without_reading(tmp_path):
    (tmp_path / "in").mkdir()
    big = tmp_path / "in" / "big.txt"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB (sparse)
    res = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "big.txt" in res.output and "too large" in res.output


@pytest.mark.parametrize("folder", ["ONTOLOGY_DIR", "SHAPES_DIR"])
def test_malformed_turtle_resource_names_file_and_line(tmp_path, monkeypatch, folder):
    from isgraph import paths, resources

    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://x/> .\nex:a ex:b ex:c .\nex:d ex:e \n")
    monkeypatch.setattr(paths, folder, tmp_path)
    resources.ontology_graph.cache_clear()
    resources.shapes_graph.cache_clear()
    try:
        with pytest.raises(ResourceError) as exc:
            resources.ontology_graph() if folder == "ONTOLOGY_DIR" else resources.shapes_graph()
        assert exc.value.one_line().startswith(f"{bad}:3: malformed Turtle")
    finally:
        resources.ontology_graph.cache_clear()
        resources.shapes_graph.cache_clear()


def test_remote_jsonld_context_is_never_fetched(tmp_path, monkeypatch):
    """A JSON-LD graph whose @context is a URL is refused with one line (no network access attempted)."""
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket, "create_connection", no_network)
    doc = tmp_path / "remote.jsonld"
    doc.write_text('{"@context": "https://example.org/context.jsonld", "@id": "http://x/a", "name": "A"}')
    res = CliRunner().invoke(main, ["validate", str(doc)])
    assert res.exit_code == 2 and "remote @context" in res.output and "remote.jsonld" in res.output


def test_local_jsonld_context_is_read_from_the_file_next_to_it(built):
    from isgraph.rdf.graphio import load_graph
    _, out = built
    assert len(load_graph(out / "isgraph.jsonld")) == len(load_graph(out / "isgraph.nt"))


def test_rdf_xml_with_external_entities_is_refused(tmp_path):
    xml = tmp_path / "evil.rdf"
    xml.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
                   'rdf:about="http://x/a"><rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>')
    res = CliRunner().invoke(main, ["validate", str(xml)])
    assert res.exit_code == 2 and "evil.rdf" in res.output and "root:" not in res.output

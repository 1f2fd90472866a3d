"""Form of the held-out evaluation corpus (tests/data/corpus): documents written for the tests, gold written by hand.

These tests check the corpus itself, not the extraction: every document has its gold file, the gold follows the
format of tests/data/gold/README.md, every line span lies inside its document, every name is written in the text
within its initiative's span (a territory or a porteur may also be named in the document's head, above its first
initiative, e.g. the CCAS whose page lists its actions;
a document-level funder goes to "financeurs_implicites" and is written somewhere in the document), no personal data is an actor, themes come from the contract list, and every kind of
document the users bring is represented at least three times. scripts/score_corpus.py measures the extraction on it.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

CORPUS = ROOT / "tests" / "data" / "corpus"
DOCS = CORPUS / "docs"
GOLD = CORPUS / "gold"
KINDS = ("palmares", "laureats", "deliberation", "ccas", "presse", "pnr", "reseau", "fiche")
REQUIRED = {
    "doc": str, "lines": list, "title": str, "porteurs": list, "partenaires": list, "partenaires_generiques": list,
    "financeurs": list, "financements_detail": list, "financeurs_implicites": list, "territoires": list,
    "themes": list, "personnes": list,
}
NAMED_FIELDS = ("porteurs", "partenaires", "financeurs", "territoires")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"(?:\+33|\b0)[1-9](?:[ .-]?\d{2}){4}\b")
STEM = re.compile(r"^(?P<kind>[a-z]+)-(?P<num>\d{2})$")


def _theme_codes() -> set[str]:
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    section = text.split("## Theme codes", 1)[1].split("\n", 1)[1].split("\n\n", 1)[0]
    return {c.strip() for c in section.replace("\n", " ").split(",") if c.strip()}


THEMES = _theme_codes()


def _squash(text: str) -> str:
    """Case-folded text with runs of white space made one space (a name may wrap at a line end)."""
    return " ".join(text.split()).casefold()


def _docs() -> dict[str, Path]:
    return {p.stem: p for p in sorted(DOCS.iterdir()) if p.is_file()}


def _golds() -> dict[str, Path]:
    return {p.stem: p for p in sorted(GOLD.iterdir()) if p.is_file()}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _cases():
    for stem, gold in _golds().items():
        yield pytest.param(stem, gold, id=stem)


def test_theme_list_read_from_contract():
    assert len(THEMES) == 30 and {"alimentation", "precarite-energetique", "commerce-economie-locale"} <= THEMES


def test_every_document_has_gold_and_every_gold_a_document():
    docs, golds = _docs(), _golds()
    assert docs, "empty corpus"
    assert set(docs) == set(golds), (sorted(set(docs) - set(golds)), sorted(set(golds) - set(docs)))
    assert all(p.suffix in (".txt", ".md") for p in docs.values())
    assert all(p.suffix == ".json" for p in golds.values())


def test_file_names_follow_kind_and_number():
    for stem in _docs():
        m = STEM.match(stem)
        assert m and m["kind"] in KINDS, stem


def test_at_least_three_documents_per_kind():
    counts = {k: 0 for k in KINDS}
    for stem in _docs():
        counts[STEM.match(stem)["kind"]] += 1
    assert all(n >= 3 for n in counts.values()), counts
    assert sum(counts.values()) >= 26, counts


def test_documents_are_plain_utf8_text():
    for path in _docs().values():
        raw = path.read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw and b"\x00" not in raw, path.name
        assert raw.endswith(b"\n"), path.name


def test_corpus_has_documents_without_any_initiative():
    empty = [s for s, g in _golds().items() if json.loads(g.read_text(encoding="utf-8")) == []]
    assert len(empty) >= 2, empty


@pytest.mark.parametrize("stem,gold", list(_cases()))
def test_gold_file(stem: str, gold: Path):
    check_gold(_docs()[stem], gold)


def check_gold(doc: Path, gold: Path) -> None:
    items = json.loads(gold.read_text(encoding="utf-8"))
    assert isinstance(items, list)
    lines = _lines(doc)
    whole = _squash("\n".join(lines))
    # the document's head (title, header, dateline: the lines before its first initiative) names places and
    # porteurs that apply to all its initiatives ("COMMUNE DE PLOËRMEL" above a list of subsidies, "CCAS de Lunel –
    # nos actions" above its actions)
    head = _squash("\n".join(lines[:min((i["lines"][0] for i in items), default=1) - 1]))
    spans = []
    for n, item in enumerate(items):
        where = f"{gold.name}[{n}] {item.get('title')!r}"
        for key, typ in REQUIRED.items():
            assert isinstance(item.get(key), typ), f"{where}: field {key!r} missing or not {typ.__name__}"
        assert item["doc"] == doc.name, where
        first, last = item["lines"]
        assert isinstance(first, int) and isinstance(last, int) and 1 <= first <= last <= len(lines), where
        assert lines[first - 1].strip() and lines[last - 1].strip(), f"{where}: span starts or ends on a blank line"
        spans.append((first, last))
        span = _squash("\n".join(lines[first - 1:last]))
        assert item["title"].strip(), where
        for fname in NAMED_FIELDS + ("partenaires_generiques",):
            names = item[fname]
            assert len(names) == len(set(names)), f"{where}: duplicate in {fname}"
            for name in names:
                assert isinstance(name, str) and name.strip() == name and name, f"{where}: {fname} {name!r}"
                zone = span + " | " + head if fname in ("territoires", "porteurs") else span
                assert _squash(name) in zone, f"{where}: {fname} {name!r} not written in lines {first}-{last}"
                assert not EMAIL.search(name) and not PHONE.search(name), f"{where}: contact data in {name!r}"
        implicit = []
        for imp in item["financeurs_implicites"]:
            assert set(imp) == {"nom", "justification"}, where
            assert _squash(imp["nom"]) in whole, f"{where}: implicit funder {imp['nom']!r} not in the document"
            implicit.append(imp["nom"])
        for detail in item["financements_detail"]:
            assert set(detail) == {"financeur", "montant_eur", "texte"}, where
            assert detail["financeur"] in item["financeurs"] + implicit, f"{where}: {detail['financeur']!r}"
            assert detail["montant_eur"] is None or isinstance(detail["montant_eur"], (int, float)), where
            # the phrase is in the span, or (document-level funder) in the document
            zone = span if detail["financeur"] in item["financeurs"] else whole
            assert _squash(detail["texte"]) in zone, f"{where}: phrase {detail['texte']!r} not in the text"
        assert item.get("budget_eur") is None or isinstance(item["budget_eur"], (int, float)), where
        if item.get("budget_texte"):
            assert _squash(item["budget_texte"]) in span, f"{where}: budget phrase not in lines {first}-{last}"
        assert 1 <= len(item["themes"]) <= 4 and set(item["themes"]) <= THEMES, f"{where}: {item['themes']}"
        assert len(set(item["themes"])) == len(item["themes"]), where
        actors = [_squash(a) for f in ("porteurs", "partenaires", "financeurs") for a in item[f]]
        for person in item["personnes"]:
            assert _squash(person) in whole, f"{where}: person {person!r} not in the document"
            assert all(_squash(person) not in a for a in actors), f"{where}: person {person!r} inside an actor name"
        assert item["porteurs"] or item["financeurs"] or item["financeurs_implicites"], f"{where}: no actor at all"
    spans.sort()
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        assert b1 < a2, f"{gold.name}: overlapping spans {a1}-{b1} and {a2}-{b2}"
    # canonical form, so that hand edits show as small diffs
    assert gold.read_text(encoding="utf-8") == json.dumps(items, ensure_ascii=False, indent=1) + "\n", gold.name


def _twins_module():
    spec = importlib.util.spec_from_file_location("corpus_twins", ROOT / "scripts" / "twins.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_twins_keep_the_gold_right(tmp_path):
    """The twin corpus (scripts/twins.py) passes the same checks, and no swapped name is left in it."""
    twins = _twins_module()
    written = twins.write_twins(CORPUS, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in _docs().values())
    mapping = twins.load_mapping(CORPUS / "twins.tsv")
    text = "\n".join(p.read_text(encoding="utf-8") for p in written)
    for original, _ in mapping:
        inside_a_twin = any(original in twin for _, twin in mapping)
        assert original not in text or inside_a_twin, f"{original!r} left in the twins"
    for doc in written:
        gold = tmp_path / "gold" / f"{doc.stem}.json"
        check_gold(doc, gold)
        before = (GOLD / gold.name).read_text(encoding="utf-8")
        assert [i["lines"] for i in json.loads(gold.read_text(encoding="utf-8"))] == \
            [i["lines"] for i in json.loads(before)]


def test_twins_mapping():
    """Every invented name of the twin mapping is written in the corpus; replacements are new and one-to-one."""
    rows = [line.split("\t") for line in (CORPUS / "twins.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    assert rows and all(len(r) == 2 and r[0] and r[1] for r in rows), "twins.tsv: two tab-separated columns"
    originals, twins = [r[0] for r in rows], [r[1] for r in rows]
    assert len(set(originals)) == len(originals) and len(set(twins)) == len(twins)
    text = "\n".join(p.read_text(encoding="utf-8") for p in _docs().values())
    for original, twin in rows:
        assert original in text or original.upper() in text, f"twins.tsv: {original!r} is not in any document"
        assert twin not in text, f"twins.tsv: the replacement {twin!r} already occurs in the corpus"


def test_twin_names_bring_no_new_place():
    """A twin must not contain a real place its original did not: the twins test names, not the gazetteer."""
    from isgraph.resolve.territories import find_places

    def places(text: str) -> set[str]:
        return {str(getattr(getattr(m, "territory", m), "iri_slug", m)) for m in find_places(text)}

    mapping = _twins_module().load_mapping(CORPUS / "twins.tsv")
    for original, twin in mapping:
        before, after = places(original), places(twin)
        assert after <= before, f"twins.tsv: {twin!r} names a place: {sorted(after - before)}"

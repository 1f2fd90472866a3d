"""Theme classification (isgraph.extract.themes): behaviour on small records, a ratchet on the dev gold of the seeds, and
floors on the hand-labelled descriptions of tests/data/themes (heldout.jsonl was never tuned on)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from isgraph.extract import themes
from isgraph.normalize import fold
from isgraph.extract.records import Funding, InitiativeRecord, Mention

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
THEME_SETS = ROOT / "tests" / "data" / "themes"
CODES = {t.code for t in themes.thesaurus()}


def record(text: str = "", title: str = "", **fields) -> InitiativeRecord:
    rec = InitiativeRecord(doc="901_test.txt", title=title, start=1, end=10, text=text)
    for name, value in fields.items():
        setattr(rec, name, value)
    return rec


# ---------------------------------------------------------------- thesaurus loading


def test_thesaurus_has_the_30_codes_and_keywords():
    assert len(CODES) == 30
    for theme in themes.thesaurus():
        assert theme.keywords, theme.code
        assert all(k == fold(k) for k in theme.keywords + theme.words), theme.code


def test_acronyms_are_whole_words():
    """skos:altLabel "ESS" matches the acronym, never the start of "essentiel" or "Essonne"."""
    assert "ess" in themes.classify("Dans une perspective d'ESS, les structures de l'ESS coopèrent.")
    assert "ess" not in themes.classify("L'essentiel des actions a lieu dans l'Essonne, en plein essor.")


@pytest.mark.parametrize("probe", [
    "plusieurs territoires", "un terrain", "l'essentiel", "adossé à la mairie", "la fermeture du site",
    "le contexte et le contenu", "le Parc naturel régional", "en espèces", "des clichés",
    "les partenaires", "les financements", "la collectivité", "la commune", "l'association", "le budget",
    "la Région", "le Département", "le dispositif", "une expérimentation", "de nature à", "le comité de pilotage",
])
def test_generic_words_fire_no_theme(probe):
    assert themes.find_hits(fold(probe)) == []


def test_insulating_is_not_loneliness():
    """"isoler les combles" is insulation (precarite-energetique), not isolement (lien-social)."""
    hits = {h.code for h in themes.find_hits(fold("isoler les combles"))}
    assert "lien-social" not in hits
    assert "lien-social" in {h.code for h in themes.find_hits(fold("des personnes âgées isolées"))}


# ---------------------------------------------------------------- classification of texts


def test_fuel_poverty_first():
    text = ("Le CCAS accompagne les ménages modestes qui peinent à payer leurs factures d'énergie : visites à "
            "domicile, conseils d'éco-gestes et aide à l'isolation des combles pour ne plus avoir froid dans le "
            "logement l'hiver.")
    got = themes.classify(text)
    assert got[0] == "precarite-energetique"
    assert set(got) <= CODES


def test_each_domain_is_recognised():
    cases = {
        "Une épicerie solidaire propose des produits frais et des ateliers cuisine.": "alimentation",
        "Des chauffeurs bénévoles assurent le transport solidaire et le covoiturage vers la gare.":
            "mobilite-transport",
        "Un interprète en langue des signes accueille les personnes sourdes et malentendantes.":
            "handicap-accessibilite",
        "Un chantier d'insertion accompagne les demandeurs d'emploi vers l'emploi durable.": "insertion-emploi",
        "Les habitants participent au budget participatif et à la concertation du conseil de quartier.":
            "participation-citoyenne",
        "Une ressourcerie collecte les encombrants pour le réemploi et le recyclage des déchets.":
            "dechets-economie-circulaire",
        "La scop et la coopérative d'intérêt collectif relèvent de l'économie sociale et solidaire.": "ess",
    }
    for text, code in cases.items():
        assert themes.classify(text)[:1] == [code], text


def test_no_cue_gives_nothing_or_the_hints():
    text = "Le projet a été lancé en 2019 avec les partenaires du territoire."
    assert themes.classify(text) == []
    assert themes.classify(text, hints=["culture"]) == ["culture"]
    assert themes.classify("") == []


def test_hints_come_first_and_are_not_repeated():
    text = "Un festival de musique et de théâtre pour les jeunes du quartier."
    got = themes.classify(text, hints=["sport", "culture"])
    assert got[:2] == ["sport", "culture"]
    assert len(got) == len(set(got))


def test_at_most_four_themes_and_max_themes_honoured():
    text = ("Les jeunes, les familles et les personnes âgées se retrouvent au jardin partagé et à l'épicerie "
            "solidaire ; un festival de musique, des randonnées, un club sportif, une maison de santé, une "
            "navette de transport solidaire et un chantier d'insertion complètent l'offre.")
    assert len(themes.classify(text)) == 4
    assert len(themes.classify(text, max_themes=2)) == 2
    assert themes.classify(text, max_themes=2) == themes.classify(text)[:2]


def test_deterministic():
    text = "Un café associatif pour rompre l'isolement, avec des concerts et des ateliers numériques."
    first = themes.classify(text)
    assert all(themes.classify(text) == first for _ in range(3))
    # ties are broken by code: two themes named once each come in alphabetical order
    assert themes.classify("Le festival et le covoiturage.") == ["culture", "mobilite-transport"]


def test_more_evidence_ranks_first():
    text = ("Une navette relie les villages ; la navette, le transport à la demande et le covoiturage aident à "
            "se déplacer.")
    assert themes.classify(text)[0] == "mobilite-transport"


# ---------------------------------------------------------------- record structure


def test_categorie_is_strong_evidence():
    text = "Les habitants se retrouvent chaque samedi ; une exposition est prévue."
    plain = themes.classify_record(record(text, "Les samedis"))
    headed = themes.classify_record(record(text, "Les samedis", categorie="Mobilité"))
    assert "mobilite-transport" not in plain
    assert "mobilite-transport" in headed


def test_short_missions_count_long_programme_names_do_not():
    text = "Des sorties sont organisées chaque été avec les structures sociales."
    assert "tourisme-loisirs" in themes.classify_record(record(text, "Sorties d'été", missions=["Tourisme"]))
    long_name = ["Actions familles de la Maison de Quartier Orgeval du territoire"]
    assert themes.classify_record(record(text, "Sorties d'été", missions=long_name)) == []


def test_title_outweighs_the_body():
    text = "Ateliers de théâtre. Une navette amène les participants ; une exposition clôt l'année."
    got = themes.classify_record(record(text, "Ateliers de théâtre"))
    assert got[0] == "culture"


def test_partner_and_funder_names_alone_give_no_theme():
    text = ("Le projet est soutenu par la Fondation de France, la Direction Jeunesse et Sports et la Maison de "
            "l'emploi, avec la Banque alimentaire.")
    bare = record(text, "Un projet")
    assert themes.classify_record(bare) != []  # the same words, outside names, are evidence
    named = record(text, "Un projet",
                   financements=[Funding("Fondation de France", 1), Funding("Direction Jeunesse et Sports", 1)],
                   partenaires=[Mention("Maison de l'emploi", 1), Mention("Banque alimentaire", 1)])
    assert themes.classify_record(named) == []


def test_partner_names_do_not_outweigh_the_text():
    text = "Des ateliers de théâtre et un festival de musique, avec le soutien de la Maison de l'emploi."
    rec = record(text, "Scène ouverte", partenaires=[Mention("Maison de l'emploi", 1)])
    assert themes.classify_record(rec) == ["culture"]


def test_record_hints_are_kept():
    rec = record("Un festival de musique.", "Festival", themes=["patrimoine"])
    assert themes.classify_record(rec) == ["patrimoine", "culture"]
    assert themes.classify_record(rec) == themes.classify_record(rec)  # idempotent once assigned
    assert themes.classify_record(rec, hints=[]) == ["culture"]


def test_classify_is_classify_record_on_a_bare_text():
    text = "Un chantier d'insertion de maraîchage bio fournit les cantines scolaires en légumes."
    assert themes.classify(text) == themes.classify_record(record(text))


# ---------------------------------------------------------------- ratchet on the dev gold

FLOOR_F1 = 0.80  # reached: P 0.793 R 0.819 F1 0.805 (before the keywords for unseen text: 0.812)
FLOOR_DOC_F1 = 0.70


@pytest.fixture(scope="module")
def gold_pairs():
    from isgraph.pipeline import extract_document

    gold = [g for f in sorted(GOLD.glob("*.json")) for g in json.loads(f.read_text(encoding="utf-8"))]
    records = {}
    for name in sorted({g["doc"] for g in gold}):
        records[name] = extract_document(SEEDS / name).records
    pairs = []
    for g in gold:
        lo, hi = g["lines"]

        def overlap(r, lo=lo, hi=hi):
            return max(0, min(r.end, hi) - max(r.start, lo) + 1), -abs(r.start - lo)

        pairs.append((g, max(records[g["doc"]], key=overlap)))
    return pairs


def _f1(counts):
    tp, fp, fn = counts
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def test_theme_f1_on_the_dev_gold(gold_pairs):
    total = [0, 0, 0]
    per_doc: dict[str, list[int]] = {}
    for g, rec in gold_pairs:
        got = themes.classify_record(rec, hints=[])
        assert 1 <= len(got) <= themes.MAX_THEMES, rec.title
        gold, found = set(g["themes"]), set(got)
        counts = (len(gold & found), len(found - gold), len(gold - found))
        doc = per_doc.setdefault(g["doc"], [0, 0, 0])
        for i, n in enumerate(counts):
            total[i] += n
            doc[i] += n
    assert _f1(total) >= FLOOR_F1, total
    for name, counts in per_doc.items():
        assert _f1(counts) >= FLOOR_DOC_F1, (name, counts)


def test_find_hits_are_those_of_each_theme_pattern():
    """Hits found at candidate positions only = every theme pattern run over the whole text."""
    import random

    from isgraph.extract.themes import _patterns, find_hits, thesaurus

    keywords = [k for theme in thesaurus() for k in theme.keywords + theme.words]
    rnd = random.Random(0)
    texts = []
    for _ in range(2000):
        parts = [rnd.choice(keywords)[: rnd.randint(1, 14)] if rnd.random() < 0.4 else rnd.choice(keywords)
                 for _ in range(rnd.randint(1, 8))]
        texts.append(fold("".join(p + rnd.choice(["", " ", "s ", "x", " de "]) for p in parts)))
    for text in texts:
        expected = [(code, m.group(0), m.start(), m.end()) for code, pattern in _patterns()
                    for m in pattern.finditer(text)]
        assert [(h.code, h.keyword, h.start, h.end) for h in find_hits(text)] == expected


# ---------------------------------------------------------------- fuel poverty only for households who struggle


@pytest.mark.parametrize("text", [
    "Le CCAS aide les ménages en difficulté à payer leur facture d'électricité et à réduire leur consommation.",
    "Grâce au programme, 300 propriétaires aux revenus modestes ont isolé leur maison et changé leur chaudière.",
    "Des bénévoles rendent visite aux familles qui ont froid chez elles et les aident à avoir le chèque énergie.",
    "Les ménages précaires bénéficient d'une aide à l'isolation des combles et d'un diagnostic énergétique.",
    "Une conseillère aide les personnes âgées à payer leurs factures de fioul l'hiver.",
])
def test_fuel_poverty_when_households_struggle(text):
    assert "precarite-energetique" in themes.classify(text)


@pytest.mark.parametrize("text, instead", [
    ("La commune a refait l'isolation thermique de la salle des fêtes et installé une chaufferie bois.",
     "energie-climat"),
    ("Le conseiller en énergie suit les consommations des écoles et propose l'isolation des bâtiments communaux.",
     "energie-climat"),
    ("Le Parc forme les artisans du bâtiment à la rénovation énergétique avec des matériaux biosourcés.",
     "energie-climat"),
    ("Grâce à l'extinction de l'éclairage, la facture d'électricité de la commune a baissé de moitié.",
     "energie-climat"),
])
def test_no_fuel_poverty_without_households_who_struggle(text, instead):
    """Insulation, heating, energy renovation of public buildings are energie-climat (data/theme_contexts.tsv)."""
    got = themes.classify(text)
    assert "precarite-energetique" not in got
    assert instead in got


def test_context_can_come_from_the_title():
    rec = record("Visites à domicile et isolation des combles.", "Aide aux ménages modestes")
    assert "precarite-energetique" in themes.classify_record(rec)
    assert "precarite-energetique" not in themes.classify_record(record("Visites à domicile et isolation des combles.",
                                                                        "Un chantier"))


def test_contexts_file_is_canonical_and_checked():
    from isgraph import paths

    lines = [line for line in paths.THEME_CONTEXTS_FILE.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    assert lines[0] == "theme\tkeyword\tcontext\tfallback"
    rows = [line.split("\t") for line in lines[1:]]
    assert rows == sorted(rows, key=lambda r: (r[0], fold(r[1])))
    assert len({(r[0], fold(r[1])) for r in rows}) == len(rows)
    assert len(themes.contexts()) == len(rows)  # every keyword is one of its theme (checked on load)


def test_bad_contexts_file_is_one_clear_error(tmp_path, monkeypatch):
    from isgraph import paths
    from isgraph.errors import ResourceError

    bad = tmp_path / "theme_contexts.tsv"
    bad.write_text("theme\tkeyword\tcontext\tfallback\nprecarite-energetique\tbicyclette\tpauvrete-exclusion\t-\n",
                   encoding="utf-8")
    monkeypatch.setattr(paths, "THEME_CONTEXTS_FILE", bad)
    themes.contexts.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"theme_contexts\.tsv:2: 'bicyclette' is not a keyword"):
            themes.contexts()
    finally:
        monkeypatch.undo()
        themes.contexts.cache_clear()
        themes._context_patterns.cache_clear()


# ---------------------------------------------------------------- keyword forms and nested keywords


def test_inner_words_of_keywords_take_plural_and_feminine_forms():
    def codes(text):
        return {h.code for h in themes.find_hits(fold(text))}

    assert "personnes-agees" in codes("une personne âgée")  # keyword "personnes âgées"
    assert "numerique" in codes("deux conseillers numériques")  # keyword "conseiller numérique"
    assert "alimentation" in codes("un jardin partagé")
    assert "lien-social" not in codes("isoler les combles")


def test_a_keyword_inside_a_longer_one_of_another_theme_counts_little():
    text = "La conseillère en économie sociale et familiale reçoit les locataires en impayés de loyer."
    got = themes.classify(text)
    assert "ess" not in got and "enfance-famille" not in got
    assert {"habitat-logement", "pauvrete-exclusion"} <= set(got)
    # "énergie" inside "factures d'énergie" is fuel poverty, not also energie-climat
    got = themes.classify("Le CCAS aide les ménages modestes à payer leurs factures d'énergie.")
    assert "precarite-energetique" in got and "energie-climat" not in got


def test_a_short_text_keeps_every_theme_it_names():
    """A laureate line or a deliberation item names nothing in passing: three themes with evidence are kept even far
    below the best one; in a long text the weakest go."""
    text = ("Le chantier d'insertion accompagne vers l'emploi des salariés en insertion ; avec des agriculteurs, ils "
            "entretiennent les haies.")
    short = themes.classify_record(record(text, "Chantier d'insertion"))
    assert short[0] == "insertion-emploi"
    assert {"agriculture", "environnement-biodiversite"} <= set(short)
    filler = " Le projet a été lancé en 2019 avec les partenaires du territoire." * 10
    long = themes.classify_record(record(text + filler, "Chantier d'insertion"))
    assert len(long) == 2 and long[0] == "insertion-emploi"


def test_idioms_are_not_themes():
    assert "prevention-securite" not in themes.classify("Les collégiens volent au secours des abeilles du jardin.")
    assert "participation-citoyenne" not in themes.classify("Le site compte 1000 consultations par mois en ligne.")


# ---------------------------------------------------------------- floors on the hand-labelled descriptions

# micro F1 measured (BENCHMARKS.md, Themes): heldout 0.705 (0.674 before), dev 0.762, dev2 0.834, dev3 0.730
THEME_SET_FLOORS = {"heldout": 0.69, "dev": 0.75, "dev2": 0.82, "dev3": 0.72}


def theme_set(name: str) -> list[dict]:
    return [json.loads(line) for line in (THEME_SETS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_theme_sets_are_well_formed():
    seen = set()
    for name in THEME_SET_FLOORS:
        items = theme_set(name)
        assert len(items) >= (80 if name == "heldout" else 30), name
        for item in items:
            assert item["id"] not in seen
            seen.add(item["id"])
            assert 1 <= len(item["themes"]) <= 4 and len(set(item["themes"])) == len(item["themes"]), item["id"]
            assert set(item["themes"]) <= CODES, item["id"]
            assert item["text"].strip(), item["id"]


@pytest.mark.parametrize("name", sorted(THEME_SET_FLOORS))
def test_theme_f1_on_the_hand_labelled_sets(name):
    tp = fp = fn = 0
    for item in theme_set(name):
        rec = record(item["text"], item["title"])
        got = set(themes.classify_record(rec))
        gold = set(item["themes"])
        tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
    assert _f1((tp, fp, fn)) >= THEME_SET_FLOORS[name], (name, tp, fp, fn)


def test_themes_do_not_depend_on_the_order_of_records():
    items = theme_set("dev2")
    forward = {item["id"]: themes.classify_record(record(item["text"], item["title"])) for item in items}
    backward = {item["id"]: themes.classify_record(record(item["text"], item["title"])) for item in reversed(items)}
    assert forward == backward
